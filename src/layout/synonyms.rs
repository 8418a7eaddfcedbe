//! The built-in dictionary of column names councils use, per field, and the matcher that gives a
//! header a field and a confidence (exact, by words, or fuzzy).
//!
//! Why one file of over 800 lines: most of it is the dictionary itself, a list of header words
//! per field, kept together so a new word has one obvious home; the matcher is the last part.

use crate::config::fold;
use crate::schema::field::{Key, Name, RatingPart, Stage};

mod actions;

/// Which kind of sheet a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applies {
    Risk,
    Measure,
    /// A delivery plan's actions, projects and milestones.
    Action,
    /// Any kind of sheet.
    Both,
}

/// Field names and the headers that name them (folded: lower case, `&` as `and`, no punctuation).
pub const SYNONYMS: &[(Name, Applies, &[&str])] = &[
    (
        Name::Id,
        Applies::Both,
        &[
            "ref",
            "reference",
            "ref no",
            "id",
            "no",
            "number",
            "code",
            "ref number",
        ],
    ),
    (
        Name::Id,
        Applies::Risk,
        &[
            "risk ref",
            "risk reference",
            "risk id",
            "risk no",
            "risk number",
            "risk code",
            "risk ref no",
        ],
    ),
    (
        Name::Id,
        Applies::Measure,
        &[
            "pi ref",
            "kpi ref",
            "indicator ref",
            "pi code",
            "kpi code",
            "measure ref",
            "indicator code",
            "measure id",
            "kpi no",
            "pi no",
            "measure code",
            "indicator id",
            "planning ref",
            "pi id",
            "kpi id",
        ],
    ),
    (
        Name::Title,
        Applies::Risk,
        &[
            "risk title",
            "risk",
            "title",
            "risk name",
            "risk summary",
            "short description",
            "risk short name",
            "risk event",
        ],
    ),
    (
        Name::Title,
        Applies::Measure,
        &[
            "measure",
            "indicator",
            "pi name",
            "kpi name",
            "kpi",
            "pi",
            "performance indicator",
            "measure name",
            "indicator name",
            "kpi description",
            "pi description",
            "title",
            "measure description",
            "performance measure",
            "indicator title",
            "measure title",
            "indicator description",
            "key performance indicator",
            "metric",
            "metric name",
            "metric title",
            "kpi title",
            "performance metric",
        ],
    ),
    (
        Name::Description,
        Applies::Risk,
        &[
            "description",
            "risk description",
            "description cause event effect",
            "cause event effect",
            "cause event and effect",
            "risk detail",
            "risk details",
            "cause and effect",
            "details",
            "risk description cause event effect",
            "causes and consequences",
            "description of risk",
            "description of the risk",
        ],
    ),
    (
        Name::Owner,
        Applies::Both,
        &[
            "owner",
            "risk owner",
            "responsible officer",
            "lead officer",
            "accountable officer",
            "lead",
            "risk lead",
            "officer",
            "measure owner",
            "kpi owner",
            "pi owner",
            "responsible person",
            "lead member",
            "ownership",
            "assigned to",
            "owned by",
            "accountable person",
            "accountable",
            "risk manager",
            "senior responsible owner",
            "sro",
            "responsibility",
            "risk holder",
            "named officer",
        ],
    ),
    (
        Name::DataCollector,
        Applies::Measure,
        &[
            "data collector",
            "data owner",
            "collected by",
            "data lead",
            "data officer",
        ],
    ),
    (
        Name::Directorate,
        Applies::Both,
        &["directorate", "directorate name", "department", "dept"],
    ),
    (
        Name::Service,
        Applies::Both,
        &[
            "service",
            "service area",
            "team",
            "service name",
            "division",
            "business unit",
        ],
    ),
    (
        Name::Theme,
        Applies::Both,
        &[
            "theme",
            "corporate priority",
            "priority theme",
            "council priority",
            "strategic priority",
            "corporate plan theme",
            "outcome",
            "corporate theme",
            "council plan theme",
            "ambition",
            "strategic theme",
            "plan ambition",
            "linked priority",
            "linked ambition",
            "corporate objective",
            "link to corporate priority",
            "link to council plan",
            "link to corporate plan",
            "corporate plan link",
            "link to priority",
        ],
    ),
    (
        Name::Priority,
        Applies::Both,
        &[
            "priority",
            "focus area",
            "corporate plan priority",
            "objective",
            "strategic objective",
            "risk priority",
        ],
    ),
    (
        Name::Category,
        Applies::Risk,
        &[
            "category",
            "risk category",
            "risk type",
            "type",
            "risk area",
        ],
    ),
    (
        Name::Register,
        Applies::Risk,
        &[
            "register",
            "tier",
            "register level",
            "risk register",
            "register tier",
        ],
    ),
    (
        Name::Controls,
        Applies::Risk,
        &[
            "existing controls",
            "controls",
            "current controls",
            "controls in place",
            "key controls",
            "internal controls",
            "existing control measures",
            "control measures",
        ],
    ),
    (
        Name::Mitigations,
        Applies::Risk,
        &[
            "further actions",
            "actions",
            "mitigating actions",
            "mitigation",
            "mitigations",
            "planned actions",
            "further mitigating actions",
            "action plan",
            "additional actions",
            "actions required",
            "mitigating action",
            "further action",
            "additional controls",
            "mitigation actions",
            "further controls",
            "response actions",
            "response plan",
            "treatment actions",
            "treatment plan",
            "mitigation measures",
        ],
    ),
    (
        Name::ActionOwner,
        Applies::Risk,
        &["action owner", "actions owner", "action lead"],
    ),
    (
        Name::ActionDue,
        Applies::Risk,
        &[
            "action due date",
            "action due",
            "actions due",
            "target date",
            "due date",
            "completion date",
        ],
    ),
    (
        Name::LastReviewed,
        Applies::Risk,
        &[
            "last review",
            "last reviewed",
            "date reviewed",
            "review date",
            "date of last review",
            "last updated",
            "reviewed",
            "date last reviewed",
            "last review date",
            "updated",
        ],
    ),
    (
        Name::NextReview,
        Applies::Risk,
        &[
            "next review",
            "next review date",
            "review due",
            "date of next review",
            "next review due",
        ],
    ),
    (
        Name::Trend,
        Applies::Risk,
        &[
            "trend",
            "direction",
            "direction of travel",
            "movement",
            "risk trend",
            "dot",
        ],
    ),
    (
        Name::Status,
        Applies::Risk,
        &[
            "status",
            "risk status",
            "open closed",
            "open or closed",
            "live closed",
        ],
    ),
    (
        Name::DateIdentified,
        Applies::Risk,
        &[
            "date identified",
            "date raised",
            "date added",
            "identified",
            "date opened",
            "date entered",
            "date logged",
        ],
    ),
    (
        Name::Escalate,
        Applies::Risk,
        &[
            "escalate",
            "escalate to crr",
            "escalation",
            "escalated",
            "for escalation",
            "escalate to corporate risk register",
            "escalate to crr yes no",
            "escalate yes no",
            "escalation required",
        ],
    ),
    (
        Name::Rating,
        Applies::Risk,
        &[
            "risk rating",
            "rating",
            "rag",
            "risk level",
            "band",
            "risk rag",
            "rag rating",
            "rag status",
        ],
    ),
    (
        Name::Kind,
        Applies::Measure,
        &[
            "type",
            "kind",
            "measure type",
            "indicator type",
            "kpi or pi",
            "kpi pi",
            "pi type",
            "kpi type",
        ],
    ),
    (
        Name::Unit,
        Applies::Measure,
        &[
            "unit",
            "units",
            "unit of measure",
            "measure unit",
            "format",
            "unit type",
        ],
    ),
    (
        Name::Polarity,
        Applies::Measure,
        &[
            "polarity",
            "good is",
            "higher or lower is better",
            "good performance is",
            "direction of good",
            "aim",
            "higher is better",
            "better if",
            "good",
            "directionality",
            "is higher better",
            "high or low is good",
            "aim to",
        ],
    ),
    (
        Name::Frequency,
        Applies::Measure,
        &[
            "frequency",
            "reporting frequency",
            "collection frequency",
            "freq",
        ],
    ),
    (
        Name::Target,
        Applies::Measure,
        &[
            "target",
            "annual target",
            "year end target",
            "target value",
            "plan",
            "quarterly target",
            "period target",
            "target for period",
        ],
    ),
    (
        Name::Actual,
        Applies::Measure,
        &[
            "actual",
            "value",
            "result",
            "outturn",
            "performance",
            "current value",
            "actual value",
            "current actuals",
            "actuals",
            "current performance",
            "current actual",
            "full year result",
            "full year actual",
            "annual result",
            "year end result",
            "year end actual",
        ],
    ),
    (
        Name::Rag,
        Applies::Measure,
        &[
            "rag",
            "status",
            "rag status",
            "rating",
            "performance status",
            "traffic light",
            "rag rating",
            "status rag",
        ],
    ),
    (
        Name::Direction,
        Applies::Measure,
        &[
            "dot",
            "direction of travel",
            "direction",
            "trend",
            "travel",
            "dot arrow",
            "direction of travel dot",
            "dot since last period",
        ],
    ),
    (
        Name::Commentary,
        Applies::Measure,
        &[
            "commentary",
            "comments",
            "comment",
            "narrative",
            "explanation",
            "performance commentary",
            "officer commentary",
        ],
    ),
    (
        Name::Period,
        Applies::Measure,
        &[
            "period",
            "quarter",
            "month",
            "reporting period",
            "period end",
            "time period",
            "dimension name",
            "period ending",
            "date",
        ],
    ),
    (
        Name::FinancialYear,
        Applies::Measure,
        &[
            "year",
            "financial year",
            "fin year",
            "fy",
            "reporting year",
            "fiscal year",
            "fiscal yr",
        ],
    ),
    (
        Name::Tolerance,
        Applies::Measure,
        &[
            "tolerance",
            "tolerance %",
            "rag tolerance",
            "amber tolerance",
            "tolerance percent",
            "amber threshold",
        ],
    ),
    (
        Name::Benchmark,
        Applies::Measure,
        &[
            "benchmark",
            "comparator",
            "national average",
            "benchmark value",
            "comparator value",
        ],
    ),
];

/// Words that open a rating group header ("Current Risk", "Gross", "Target Rating").
pub const GROUPS: &[(Stage, &[&str])] = &[
    (
        Stage::Inherent,
        &[
            "inherent",
            "gross",
            "original",
            "initial",
            "pre mitigation",
            "unmitigated",
            "untreated",
            "before controls",
            "raw",
            "uncontrolled",
        ],
    ),
    (
        // FMEA registers: current, unless the register names its current rating itself.
        Stage::Baseline,
        &[
            "baseline",
            "before response",
            "pre response",
            "before treatment",
        ],
    ),
    (
        Stage::Current,
        &[
            "current",
            "residual",
            "net",
            "revised",
            "post mitigation",
            "mitigated",
            "after controls",
            "present",
            "controlled",
            "managed",
            "after response",
            "post response",
            "after treatment",
        ],
    ),
    (
        Stage::Target,
        &[
            "target",
            "tolerable",
            "future",
            "desired",
            "appetite",
            "planned",
            "target risk",
        ],
    ),
];

/// Words for the parts of a rating under a group header.
pub const RATING_PARTS: &[(RatingPart, &[&str])] = &[
    (
        RatingPart::Likelihood,
        &[
            "l",
            "likelihood",
            "probability",
            "prob",
            "lh",
            "p",
            "likelihood score",
            "likelihood l",
            "frequency",
            "freq",
            "frq",
            "occurrence",
            "occ",
        ],
    ),
    (
        RatingPart::Impact,
        &[
            "i",
            "impact",
            "consequence",
            "severity",
            "impact i",
            "impact score",
            "c",
            "sev",
            "consequence score",
            "severity score",
        ],
    ),
    (
        RatingPart::Score,
        &[
            "score",
            "total",
            "risk score",
            "l x i",
            "lxi",
            "l i",
            "value",
            "overall score",
            "total score",
            "rating score",
            "rpn",
            "risk priority number",
            "risk index",
            "index",
            "priority number",
        ],
    ),
    (
        RatingPart::Rating,
        &[
            "rating",
            "risk rating",
            "rag",
            "level",
            "risk",
            "risk level",
            "assessment",
            "rating l x i",
        ],
    ),
];

/// The field a header names with a confidence from 0 to 1, for a sheet of the given kind.
/// Group headers combine with their sub-header: "Current Risk L" is `current.likelihood`.
pub fn match_header(header: &str, kind: Applies, extra: &[(String, Key)]) -> Option<(Key, f64)> {
    let h = fold(header);
    // "% Complete", "Progress %": on a delivery plan, a per cent column is how far along it is.
    if kind == Applies::Action && header.contains('%') && !h.split(' ').any(|w| w == "rag") {
        return Some((Name::PercentComplete.into(), 0.95));
    }
    if h.is_empty() {
        // "#" over a column of numbers.
        return matches!(header.trim(), "#" | "№").then(|| (Name::Id.into(), 0.9));
    }
    for (name, field) in extra {
        if fold(name) == h {
            return Some((field.clone(), 1.0));
        }
    }
    builtin_cached(h, kind)
}

/// The built-in dictionary's answer for a folded header, remembered for the process: the same
/// headers come back in every return of a run.
fn builtin_cached(h: String, kind: Applies) -> Option<(Key, f64)> {
    static CACHE: super::Memo<(String, Applies), Option<(Key, f64)>> = super::Memo::new();
    CACHE.get((h, kind), |(h, _)| match_builtin(h, kind))
}

/// The built-in dictionary alone, on a folded header.
fn match_builtin(h: &str, kind: Applies) -> Option<(Key, f64)> {
    let h = h.to_string();
    if kind == Applies::Risk {
        if let Some(found) = match_rating(&h) {
            return Some(found);
        }
    }
    let mut best: Option<(Key, f64)> = None;
    let mut consider = |field: Name, conf: f64| {
        if best.as_ref().is_none_or(|(_, c)| conf > *c) {
            best = Some((Key::Field(field), conf));
        }
    };
    let words: Vec<&str> = h.split(' ').collect();
    // A delivery plan's own words come first: an exact name there wins over the shared one.
    let own: &[(Name, Applies, &[&str])] = if kind == Applies::Action {
        actions::SYNONYMS
    } else {
        &[]
    };
    for (field, applies, names) in own.iter().chain(SYNONYMS) {
        if *applies != Applies::Both && *applies != kind {
            continue;
        }
        for name in *names {
            if *name == h {
                consider(*field, 1.0);
                continue;
            }
            let name_words: Vec<&str> = name.split(' ').collect();
            // All words of a synonym appear in the header, in order: "Risk Owner (name)".
            if contains_run(&words, &name_words) {
                let share = name_words.len() as f64 / words.len() as f64;
                let conf = if name_words.len() >= 2 {
                    0.75 + 0.2 * share
                } else {
                    0.45 + 0.4 * share
                };
                consider(*field, conf);
            } else if name.len() >= 5 && h.len() >= 5 && similar_lengths(name.len(), h.len()) {
                let sim = strsim::jaro_winkler(name, &h);
                if sim >= crate::domain::confidence::SPELLING {
                    consider(*field, sim * 0.85);
                }
            }
        }
    }
    best
}

/// Jaro-Winkler of 0.92 ([`crate::domain::confidence::SPELLING`]) or more needs Jaro of at
/// least 0.87, which strings whose lengths differ by more than 0.6 to 1 cannot reach: such
/// pairs are not compared at all.
fn similar_lengths(a: usize, b: usize) -> bool {
    let (short, long) = if a < b { (a, b) } else { (b, a) };
    short * 10 >= long * 6
}

fn contains_run(words: &[&str], run: &[&str]) -> bool {
    !run.is_empty() && words.windows(run.len()).any(|w| w == run)
}

/// Parts that do not name a rating on their own, with no group: "Frequency" alone is a
/// reporting frequency.
const NOT_BARE: &[&str] = &["frequency", "freq"];

/// "current l", "gross score", "residual rating", "likelihood" (alone: the current rating),
/// "Baseline Risk (before response) SEV" (`baseline.impact`, which the table settles), and
/// "Likelihood (1-10)" (a scale hint is not part of the name).
fn match_rating(h: &str) -> Option<(Key, f64)> {
    // Numbers and "to" of a scale hint ("1 10", "1 to 5", "out of 10") are not part of the name.
    let h = h
        .split(' ')
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()) && !["to", "out", "of"].contains(w))
        .collect::<Vec<_>>()
        .join(" ");
    let padded = format!(" {h} ");
    let mut group = None;
    let mut rest = h.to_string();
    for (name, words) in GROUPS {
        if let Some(w) = words.iter().find(|w| padded.contains(&format!(" {w} "))) {
            group = Some(*name);
            rest = padded.replacen(&format!(" {w} "), " ", 1);
            break;
        }
    }
    let rest = format!(" {rest} ")
        .replace(" risk ", " ")
        .replace(" risk ", " ");
    let words: Vec<&str> = rest.split_whitespace().collect();
    let rest = words.join(" ");
    let is_part = |t: &str| {
        RATING_PARTS
            .iter()
            .find(|(_, words)| words.contains(&t))
            .map(|(p, _)| *p)
    };
    let mut part = is_part(&rest);
    // A part with words that only qualify it: "Likelihood Rating", "Probability (P)",
    // "Likelihood of occurrence", "Score (L x I)".
    const QUALIFIERS: &[&str] = &[
        "rating",
        "score",
        "level",
        "of",
        "occurrence",
        "value",
        "l",
        "i",
        "p",
        "s",
        "c",
        "x",
    ];
    if part.is_none() && words.len() > 1 && words[1..].iter().all(|w| QUALIFIERS.contains(w)) {
        part = is_part(words[0]).filter(|_| {
            [
                "likelihood",
                "probability",
                "impact",
                "severity",
                "consequence",
                "score",
            ]
            .contains(&words[0])
        });
    }
    // Under a group, the sub-header ends the text: "Baseline Risk (before response) SEV".
    if part.is_none() && group.is_some() {
        part = (1..words.len()).find_map(|k| is_part(&words[k..].join(" ")));
    }
    match (group, part) {
        (Some(g), Some(p)) => Some((Key::Rating(g, p), 0.95)),
        (Some(g), None) if rest.is_empty() || rest == "risk" => {
            Some((Key::Rating(g, RatingPart::Rating), 0.8))
        }
        (None, Some(p)) if p != RatingPart::Rating && !NOT_BARE.contains(&rest.as_str()) => {
            Some((Key::Rating(Stage::Current, p), 0.85))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
