//! The delivery plan on the site: progress per theme on the home page (actions complete, on
//! track and needing attention, in words and in a table) and each theme page's actions.

use chrono::NaiveDate;
use serde::Serialize;

use super::Audience;
use crate::consolidate::thread::{is_overdue, ActionCounts};
use crate::schema::{Action, ActionStatus};

/// Progress of a theme's actions (or all of them).
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct PlanCounts {
    pub actions: usize,
    pub complete: usize,
    pub on_track: usize,
    /// At risk, off track or delayed.
    pub attention: usize,
    pub not_started: usize,
    /// Cancelled, or with no status.
    pub other: usize,
    pub overdue: usize,
    /// Complete as a share of the actions not cancelled, whole per cent.
    pub complete_percent: Option<u32>,
    /// The counts in a sentence, for every reader.
    pub summary: String,
    /// The bar drawn beside the counts (hidden from screen readers, which read the numbers):
    /// `(class, x, width)` on a 0 to 100 scale.
    pub bar: Vec<(&'static str, f64, f64)>,
}

impl PlanCounts {
    /// The counts of `actions` as of `as_of`.
    pub fn of<'a>(actions: impl IntoIterator<Item = &'a Action>, as_of: Option<NaiveDate>) -> Self {
        let mut n = ActionCounts::default();
        for a in actions {
            n.add(a, as_of);
        }
        let live = n.total() - n.cancelled;
        let mut p = PlanCounts {
            actions: n.total(),
            complete: n.complete,
            on_track: n.on_track,
            attention: n.attention(),
            not_started: n.not_started,
            other: n.cancelled + n.none,
            overdue: n.overdue,
            complete_percent: (live > 0)
                .then(|| ((n.complete as f64 * 100.0) / live as f64).round() as u32),
            ..Default::default()
        };
        p.summary = p.sentence(as_of);
        p.bar = p.segments();
        p
    }

    fn sentence(&self, as_of: Option<NaiveDate>) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = format!(
            "{}: {} complete, {} on track, {} needing attention (at risk, off track or delayed), {} not started",
            plural(self.actions, "action", "actions"),
            self.complete,
            self.on_track,
            self.attention,
            self.not_started
        );
        if self.other > 0 {
            s.push_str(&format!(", {} cancelled or with no status", self.other));
        }
        if let Some(d) = as_of {
            s.push_str(&format!(
                ". {} overdue (due before {} and not complete)",
                plural(self.overdue, "is", "are"),
                d.format("%-d %B %Y")
            ));
        }
        s.push('.');
        s
    }

    fn segments(&self) -> Vec<(&'static str, f64, f64)> {
        let total = self.actions.max(1) as f64;
        let mut x = 0.0;
        let mut out = Vec::new();
        for (class, n) in [
            ("complete", self.complete),
            ("on-track", self.on_track),
            ("attention", self.attention),
            ("not-started", self.not_started + self.other),
        ] {
            if n > 0 {
                let width = (n as f64 * 100.0 / total * 100.0).round() / 100.0;
                out.push((class, x, width));
                x += width;
            }
        }
        out
    }
}

/// An action on a theme page.
#[derive(Serialize, Clone, Debug)]
pub struct ActionView {
    pub reference: String,
    pub title: String,
    /// `on_track`, ... or `none`: the class on the page.
    pub status_key: &'static str,
    /// "On track", ... or what the tracker wrote where it is not one of those.
    pub status: String,
    pub due: Option<String>,
    pub overdue: bool,
    pub percent_complete: Option<String>,
    /// The lead officer and the quarter's update: the internal audience only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update: Option<String>,
}

/// An action as the site shows it to `audience`.
pub fn action_view(a: &Action, as_of: Option<NaiveDate>, audience: Audience) -> ActionView {
    let internal = audience == Audience::Internal;
    let status = match a.status {
        Some(s) => s.label().to_string(),
        None => a
            .status_reported
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "Not stated".into()),
    };
    ActionView {
        reference: a.id.clone(),
        title: a.title.clone().unwrap_or_else(|| a.id.clone()),
        status_key: a.status.map_or("none", ActionStatus::as_str),
        status,
        due: a.due.map(|d| d.format("%-d %B %Y").to_string()),
        overdue: is_overdue(a, as_of),
        percent_complete: a
            .percent_complete
            .filter(|p| p.is_finite())
            .map(|p| format!("{}%", super::view::format_value(None, p))),
        owner: internal.then(|| a.owner.clone()).flatten(),
        update: internal
            .then(|| a.commentary.clone())
            .flatten()
            .filter(|c| !c.trim().is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Source;

    fn action(id: &str, status: Option<ActionStatus>, due: &str) -> Action {
        Action {
            id: id.into(),
            title: Some(format!("Action {id}")),
            owner: Some("Director of Place".into()),
            commentary: Some("Going well".into()),
            status,
            percent_complete: Some(75.0),
            due: NaiveDate::parse_from_str(due, "%Y-%m-%d").ok(),
            source: Source::default(),
            ..Default::default()
        }
    }

    #[test]
    fn progress_in_numbers_words_and_a_bar() {
        use ActionStatus::*;
        let actions = [
            action("1", Some(Complete), "2024-06-30"),
            action("2", Some(OnTrack), "2025-03-31"),
            action("3", Some(AtRisk), "2024-10-31"),
            action("4", Some(Cancelled), "2024-06-30"),
            action("5", Some(NotStarted), "2025-01-31"),
        ];
        let as_of = NaiveDate::from_ymd_opt(2024, 11, 15);
        let p = PlanCounts::of(&actions, as_of);
        assert_eq!(
            (
                p.actions,
                p.complete,
                p.on_track,
                p.attention,
                p.other,
                p.overdue
            ),
            (5, 1, 1, 1, 1, 1)
        );
        assert_eq!(p.complete_percent, Some(25), "1 of the 4 not cancelled");
        assert_eq!(
            p.summary,
            "5 actions: 1 complete, 1 on track, 1 needing attention (at risk, off track or delayed), 1 not started, 1 cancelled or with no status. 1 is overdue (due before 15 November 2024 and not complete)."
        );
        let widths: f64 = p.bar.iter().map(|s| s.2).sum();
        assert!((widths - 100.0).abs() < 0.1, "{:?}", p.bar);
        assert_eq!(p.bar[0], ("complete", 0.0, 20.0));
    }

    #[test]
    fn the_public_sees_no_lead_or_update() {
        let a = action("7", None, "2024-01-01");
        let public = action_view(&a, None, Audience::Public);
        assert_eq!((public.owner, public.update), (None, None));
        assert_eq!(public.status, "Not stated");
        assert_eq!(public.percent_complete.as_deref(), Some("75%"));
        assert!(!public.overdue, "no as-of date, nothing overdue");
        let internal = action_view(&a, None, Audience::Internal);
        assert_eq!(internal.owner.as_deref(), Some("Director of Place"));
        assert_eq!(internal.update.as_deref(), Some("Going well"));
    }
}
