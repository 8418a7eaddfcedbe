//! Delivery-plan values: an action's status in the words councils use, how far along it is,
//! a BRAG blue, and a due date written as a month, a quarter or "Ongoing".

use chrono::NaiveDate;

use super::{is_missing, parse_date, parse_number, parse_period, words};
use crate::schema::{ActionStatus, Unit};

/// Runs of words, in the order they are tried: the first status with a run found in the text
/// wins, so "Closed - not proceeding" is cancelled, "Not yet started" is not started and
/// "Red - significantly off track" is off track before any colour or "complete" is looked at.
const STATUS_WORDS: &[(ActionStatus, &[&str])] = &[
    (
        ActionStatus::Cancelled,
        &[
            "cancelled",
            "canceled",
            "withdrawn",
            "not proceeding",
            "abandoned",
            "no longer required",
            "superseded",
            "stopped",
        ],
    ),
    (
        ActionStatus::NotStarted,
        &[
            "not started",
            "not yet started",
            "not due to start",
            "not yet due",
            "not commenced",
            "not yet commenced",
            "yet to start",
            "yet to commence",
            "not begun",
        ],
    ),
    (
        ActionStatus::OffTrack,
        &[
            "off track",
            "off target",
            "not on track",
            "behind schedule",
            "behind",
            "significant slippage",
            "major slippage",
            "significantly delayed",
            "not achieved",
            "not met",
            "red",
            "failed",
        ],
    ),
    (
        ActionStatus::Delayed,
        &[
            "delayed",
            "on hold",
            "deferred",
            "paused",
            "postponed",
            "suspended",
            "rescheduled",
            "re scheduled",
        ],
    ),
    (
        ActionStatus::AtRisk,
        &[
            "at risk",
            "slippage",
            "some slippage",
            "minor slippage",
            "slipping",
            "some concerns",
            "minor issues",
            "amber",
            "caution",
        ],
    ),
    (
        ActionStatus::Complete,
        &[
            "complete",
            "completed",
            "achieved",
            "done",
            "delivered",
            "finished",
            "closed",
            "implemented",
            "met",
            "blue",
        ],
    ),
    (
        ActionStatus::OnTrack,
        &[
            "on track",
            "on target",
            "on schedule",
            "in progress",
            "progressing",
            "underway",
            "under way",
            "ongoing",
            "on going",
            "started",
            "in hand",
            "good progress",
            "ahead of schedule",
            "ahead",
            "green",
            "live",
            "active",
        ],
    ),
];

/// Words before "complete" that make it a plan, not a fact: "on track to complete".
const NOT_YET: &[&str] = &["to", "not", "be", "will", "until", "before", "once", "when"];

fn has_run(words: &[String], run: &str, guard_complete: bool) -> bool {
    let run: Vec<&str> = run.split(' ').collect();
    words.windows(run.len()).enumerate().any(|(i, w)| {
        w.iter().zip(&run).all(|(a, b)| a == b)
            && !(guard_complete && i > 0 && NOT_YET.contains(&words[i - 1].as_str()))
    })
}

/// Reads an action's status as councils word it.
///
/// Examples: "Green - on track", "On target", "In progress" -> on track; "Completed",
/// "Achieved", "Done", "Blue" -> complete; "Not yet started", "Not due to start" -> not
/// started; "Slippage", "Some slippage", "Amber" -> at risk; "Behind schedule",
/// "Significantly off track" -> off track; "Delayed", "On hold", "Deferred" -> delayed;
/// "Cancelled", "Withdrawn", "Closed - not proceeding" -> cancelled; "n/a", "" -> None;
/// single letters: "G", "A", "R", "B". "On track to complete" is on track.
pub fn parse_action_status(s: &str) -> Option<ActionStatus> {
    if is_missing(s) {
        return None;
    }
    let w = words(s);
    if w.len() > 12 {
        return None; // a sentence, not a status
    }
    if let [one] = w.as_slice() {
        match one.as_str() {
            "g" => return Some(ActionStatus::OnTrack),
            "a" => return Some(ActionStatus::AtRisk),
            "r" => return Some(ActionStatus::OffTrack),
            "b" | "c" => return Some(ActionStatus::Complete),
            _ => {}
        }
    }
    // The contract's own words, with underscores ("not_started").
    let joined = w.join("_");
    if let Some(s) = ActionStatus::ALL.iter().find(|s| s.as_str() == joined) {
        return Some(*s);
    }
    STATUS_WORDS.iter().find_map(|(status, runs)| {
        let guard = *status == ActionStatus::Complete;
        runs.iter()
            .any(|r| has_run(&w, r, guard))
            .then_some(*status)
    })
}

/// Whether a status as written is already the contract's word or label ("on_track", "On track").
pub fn is_contract_status(s: &str, status: ActionStatus) -> bool {
    let w = words(s).join("_");
    w == status.as_str()
}

/// Reads how far along an action is, in percentage points: "75%" and "75" are 75, "0.75"
/// (a share of one) is 75, "100 %" is 100; in a column that counts in points (`in_points`:
/// others in it are 25, 50), "1" is 1. None for text that holds no number, and for numbers
/// below zero or above a thousand (not a percentage at all).
pub fn parse_percent_complete(s: &str, in_points: bool) -> Option<f64> {
    let n = parse_number(s)?;
    percent_points(n.value, in_points || n.unit == Some(Unit::Percent))
}

/// A number as percentage points: one stated as a percentage is kept; a share of one (0.75,
/// 1) is multiplied by a hundred.
pub fn percent_points(value: f64, stated_percent: bool) -> Option<f64> {
    if !value.is_finite() || !(0.0..=1000.0).contains(&value) {
        return None;
    }
    if !stated_percent && value > 0.0 && value <= 1.0 {
        return Some((value * 1e8).round() / 1e6);
    }
    Some(value)
}

/// Whether a fill colour is blue (a BRAG "complete"): hue between cyan and violet, clearly
/// coloured.
pub fn is_blue(argb: u32) -> bool {
    let [_, r, g, b] = argb.to_be_bytes().map(|c| f64::from(c) / 255.0);
    let max = r.max(g).max(b);
    let delta = max - r.min(g).min(b);
    if max < 0.2 || delta / max < 0.2 || max != b {
        return false;
    }
    let hue = 60.0 * ((r - g) / delta + 4.0);
    (185.0..=255.0).contains(&hue)
}

/// Whether a word is a BRAG blue ("Blue", "B").
pub fn is_blue_word(s: &str) -> bool {
    let w = words(s);
    matches!(w.as_slice(), [b] if b == "b") || w.first().is_some_and(|b| b == "blue")
}

/// Words a tracker writes for a date that is not one: the work has no end.
pub fn is_open_ended(s: &str) -> bool {
    let w = words(s).join(" ");
    [
        "ongoing",
        "on going",
        "continuous",
        "rolling",
        "annual",
        "annually",
        "quarterly",
        "monthly",
        "various",
        "as required",
        "throughout the year",
        "business as usual",
        "bau",
        "n a ongoing",
    ]
    .contains(&w.as_str())
}

/// A due or start date written as a date, a month ("Mar 2025"), a quarter ("Q3 2024/25") or a
/// year: its last day for a due date, its first for a start.
pub fn parse_plan_date(
    s: &str,
    fy_start_month: u32,
    fy: Option<i32>,
    last_day: bool,
) -> Option<NaiveDate> {
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    if s.chars().count() > 40 {
        return None;
    }
    let p = parse_period(s, fy_start_month, fy)?;
    Some(if last_day { p.end } else { p.start })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn status_words_read_as_councils_write_them() {
        use ActionStatus::*;
        for (text, want) in [
            ("Green - on track", OnTrack),
            ("On target", OnTrack),
            ("In progress", OnTrack),
            ("On track to complete by March", OnTrack),
            ("Completed", Complete),
            ("Complete", Complete),
            ("Achieved", Complete),
            ("Done", Complete),
            ("Blue", Complete),
            ("Not yet started", NotStarted),
            ("Not due to start", NotStarted),
            ("Slippage", AtRisk),
            ("Some slippage", AtRisk),
            ("Amber - some slippage", AtRisk),
            ("Behind schedule", OffTrack),
            ("Significantly off track", OffTrack),
            ("Red", OffTrack),
            ("Not achieved", OffTrack),
            ("Delayed", Delayed),
            ("On hold", Delayed),
            ("Deferred", Delayed),
            ("Cancelled", Cancelled),
            ("Withdrawn", Cancelled),
            ("Closed - not proceeding", Cancelled),
            ("Closed", Complete),
            ("not_started", NotStarted),
            ("G", OnTrack),
        ] {
            assert_eq!(parse_action_status(text), Some(want), "{text}");
        }
        for text in ["", "n/a", "Purple", "See commentary"] {
            assert_eq!(parse_action_status(text), None, "{text}");
        }
    }

    #[test]
    fn contract_words_are_recognised() {
        assert!(is_contract_status("on_track", ActionStatus::OnTrack));
        assert!(is_contract_status("On track", ActionStatus::OnTrack));
        assert!(!is_contract_status(
            "Green - on track",
            ActionStatus::OnTrack
        ));
    }

    #[test]
    fn percent_forms() {
        assert_eq!(parse_percent_complete("75%", false), Some(75.0));
        assert_eq!(parse_percent_complete("75", false), Some(75.0));
        assert_eq!(parse_percent_complete("0.75", false), Some(75.0));
        assert_eq!(parse_percent_complete("100 %", false), Some(100.0));
        assert_eq!(parse_percent_complete("1", false), Some(100.0));
        assert_eq!(parse_percent_complete("0", false), Some(0.0));
        assert_eq!(parse_percent_complete("half", false), None);
        assert_eq!(parse_percent_complete("-5%", false), None);
        assert_eq!(percent_points(0.4, true), Some(0.4));
        // In a column that counts in points (25, 50, 100) a plain 1 is 1%.
        assert_eq!(parse_percent_complete("1", true), Some(1.0));
        assert_eq!(parse_percent_complete("0.5", true), Some(0.5));
        assert_eq!(parse_percent_complete("75%", true), Some(75.0));
    }

    #[test]
    fn plan_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_plan_date("31/03/2025", 4, None, true), d(2025, 3, 31));
        assert_eq!(parse_plan_date("Mar 2025", 4, None, true), d(2025, 3, 31));
        assert_eq!(parse_plan_date("Mar 2025", 4, None, false), d(2025, 3, 1));
        assert_eq!(
            parse_plan_date("Q3 2024/25", 4, None, true),
            d(2024, 12, 31)
        );
        assert_eq!(parse_plan_date("Ongoing", 4, None, true), None);
        assert!(is_open_ended("Ongoing"));
    }

    #[test]
    fn blue_fills() {
        assert!(is_blue(0xFF00B0F0));
        assert!(is_blue(0xFF0070C0));
        assert!(!is_blue(0xFF00B050));
        assert!(!is_blue(0xFFFF0000));
        assert!(!is_blue(0xFFFFFFFF));
    }

    proptest! {
        #[test]
        fn status_and_percent_never_panic(s in "\\PC{0,60}") {
            let _ = parse_action_status(&s);
            let _ = (parse_percent_complete(&s, false), parse_percent_complete(&s, true));
            let _ = parse_plan_date(&s, 4, Some(2024), true);
            let _ = is_blue_word(&s);
        }
    }
}
