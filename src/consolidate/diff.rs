//! Differences between two periods: risks added, closed, re-scored, escalated or de-escalated,
//! and measures whose RAG or target changed.
//!
//! The comparison of one risk or measure with its earlier self (`risk_changes`,
//! `rag_word`) is the one both this report and a consolidation's movement since the last
//! report ([`Movement`](super::Movement), the registers' Movement column) are made from.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{key, ConsolidatedRisk, Consolidation, MeasureLine};
use crate::read::format_number;
use crate::schema::{Rag, RiskStatus};

/// What changed in a risk between two consolidations, in the order reports list the changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum RiskChange {
    /// Open before, closed now.
    Closed,
    /// The current score changed: from, to.
    Rescored(Option<f64>, Option<f64>),
    Escalated,
    DeEscalated,
}

/// How a risk changed from `old` to `new` (the same risk, matched by [`key`]).
pub(crate) fn risk_changes(old: &ConsolidatedRisk, new: &ConsolidatedRisk) -> Vec<RiskChange> {
    let mut out = Vec::new();
    if new.risk.status == RiskStatus::Closed && old.risk.status == RiskStatus::Open {
        out.push(RiskChange::Closed);
    }
    let (before, after) = (old.risk.current.score, new.risk.current.score);
    if before != after {
        out.push(RiskChange::Rescored(before, after));
    }
    if new.escalated && !old.escalated {
        out.push(RiskChange::Escalated);
    }
    if !new.escalated && old.escalated {
        out.push(RiskChange::DeEscalated);
    }
    out
}

/// A consolidation's risks by [`key`].
pub(crate) fn risks_by_key(c: &Consolidation) -> BTreeMap<String, &ConsolidatedRisk> {
    c.risks
        .iter()
        .map(|r| (key(r.risk.directorate.as_deref(), &r.risk.id), r))
        .collect()
}

/// A consolidation's measure lines by [`key`].
pub(crate) fn lines_by_key(c: &Consolidation) -> BTreeMap<String, &MeasureLine> {
    c.performance
        .iter()
        .map(|l| (key(l.directorate.as_deref(), &l.measure_id), l))
        .collect()
}

/// A RAG as the contract names it ("amber"); none for a measure without one.
pub(crate) fn rag_word(r: Option<Rag>) -> Option<&'static str> {
    r.map(Rag::as_str)
}

/// One change, for the text and workbook reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// `directorate / reference`.
    pub key: String,
    pub title: Option<String>,
    /// added, closed, re-scored, escalated, de-escalated, rag changed, target changed.
    pub change: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Everything that changed between two consolidations.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    pub old_period: String,
    pub new_period: String,
    pub risks: Vec<Change>,
    pub measures: Vec<Change>,
}

fn score(r: &ConsolidatedRisk) -> Option<String> {
    r.risk.current.score.map(format_number)
}

fn rag(r: Option<Rag>) -> Option<String> {
    rag_word(r).map(String::from)
}

/// Compares an old and a new consolidation.
pub fn diff(old: &Consolidation, new: &Consolidation) -> Diff {
    let (before, after) = (risks_by_key(old), risks_by_key(new));
    let mut risks = Vec::new();
    let change =
        |k: &str, r: &ConsolidatedRisk, what: &str, b: Option<String>, a: Option<String>| Change {
            key: k.to_string(),
            title: r.risk.title.clone(),
            change: what.to_string(),
            before: b,
            after: a,
        };
    for (k, n) in &after {
        match before.get(k) {
            None => risks.push(change(k, n, "added", None, score(n))),
            Some(o) => risks.extend(risk_changes(o, n).into_iter().map(|c| match c {
                RiskChange::Closed => {
                    change(k, n, "closed", Some("open".into()), Some("closed".into()))
                }
                RiskChange::Rescored(..) => change(k, n, "re-scored", score(o), score(n)),
                RiskChange::Escalated => {
                    change(k, n, "escalated", None, n.escalation_reason.clone())
                }
                RiskChange::DeEscalated => {
                    change(k, n, "de-escalated", o.escalation_reason.clone(), None)
                }
            })),
        }
    }
    for (k, o) in &before {
        if !after.contains_key(k) && o.risk.status == RiskStatus::Open {
            risks.push(change(
                k,
                o,
                "closed",
                Some("open".into()),
                Some("not in the new returns".into()),
            ));
        }
    }
    let (old_lines, new_lines) = (lines_by_key(old), lines_by_key(new));
    let mut measures = Vec::new();
    for (k, n) in &new_lines {
        let Some(o) = old_lines.get(k) else { continue };
        let m = |what: &str, b: Option<String>, a: Option<String>| Change {
            key: k.clone(),
            title: n.title.clone(),
            change: what.to_string(),
            before: b,
            after: a,
        };
        if o.rag != n.rag {
            measures.push(m("rag changed", rag(o.rag), rag(n.rag)));
        }
        if o.target != n.target {
            measures.push(m(
                "target changed",
                o.target.map(format_number),
                n.target.map(format_number),
            ));
        }
    }
    Diff {
        old_period: old.period.label.clone(),
        new_period: new.period.label.clone(),
        risks,
        measures,
    }
}

impl Diff {
    /// The changes as text, one line each.
    pub fn to_text(&self) -> String {
        let mut out = format!("Changes from {} to {}\n", self.old_period, self.new_period);
        for (what, list) in [("Risks", &self.risks), ("Measures", &self.measures)] {
            out.push_str(&format!("\n{what}: {} change(s)\n", list.len()));
            for c in list {
                let arrow = match (&c.before, &c.after) {
                    (Some(b), Some(a)) => format!(": {b} -> {a}"),
                    (None, Some(a)) => format!(": {a}"),
                    (Some(b), None) => format!(": was {b}"),
                    (None, None) => String::new(),
                };
                out.push_str(&format!(
                    "  {:<13} {}  {}{arrow}\n",
                    c.change,
                    c.key,
                    c.title.as_deref().unwrap_or("")
                ));
            }
        }
        out
    }
}
