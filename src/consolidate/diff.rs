//! Differences between two periods: risks added, closed, re-scored, escalated or de-escalated,
//! and measures whose RAG or target changed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{key, ConsolidatedRisk, Consolidation, MeasureLine};
use crate::read::format_number;
use crate::schema::{Rag, RiskStatus};

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
    r.map(|r| format!("{r:?}").to_lowercase())
}

/// Compares an old and a new consolidation.
pub fn diff(old: &Consolidation, new: &Consolidation) -> Diff {
    let before: BTreeMap<String, &ConsolidatedRisk> = old
        .risks
        .iter()
        .map(|r| (key(r.risk.directorate.as_deref(), &r.risk.id), r))
        .collect();
    let after: BTreeMap<String, &ConsolidatedRisk> = new
        .risks
        .iter()
        .map(|r| (key(r.risk.directorate.as_deref(), &r.risk.id), r))
        .collect();
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
            Some(o) => {
                if n.risk.status == RiskStatus::Closed && o.risk.status == RiskStatus::Open {
                    risks.push(change(
                        k,
                        n,
                        "closed",
                        Some("open".into()),
                        Some("closed".into()),
                    ));
                }
                if o.risk.current.score != n.risk.current.score {
                    risks.push(change(k, n, "re-scored", score(o), score(n)));
                }
                if n.escalated && !o.escalated {
                    risks.push(change(k, n, "escalated", None, n.escalation_reason.clone()));
                }
                if !n.escalated && o.escalated {
                    risks.push(change(
                        k,
                        n,
                        "de-escalated",
                        o.escalation_reason.clone(),
                        None,
                    ));
                }
            }
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
    let lines = |c: &Consolidation| -> BTreeMap<String, MeasureLine> {
        c.performance
            .iter()
            .map(|l| (key(l.directorate.as_deref(), &l.measure_id), l.clone()))
            .collect()
    };
    let (old_lines, new_lines) = (lines(old), lines(new));
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
