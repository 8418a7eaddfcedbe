//! Rules on delivery-plan actions: overdue and not complete, complete below 100%, no update,
//! RAG at odds with status, no lead, no due date, one reference twice.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{on, Context, RuleId};
use crate::schema::field::Name;
use crate::schema::Finding;
use crate::schema::{Action, ActionStatus, Rag};

fn pct(x: f64) -> String {
    format!("{}%", crate::read::format_number(x))
}

/// The status as the tracker wrote it, else the contract's label.
fn status_words(a: &Action, s: ActionStatus) -> String {
    a.status_reported
        .clone()
        .unwrap_or_else(|| s.label().to_string())
}

/// Whether an action is finished with: closed by its status, or 100% without a status.
fn finished(a: &Action) -> bool {
    match a.status {
        Some(s) => s.is_closed(),
        None => a.percent_complete.is_some_and(|p| p >= 100.0),
    }
}

/// Checks every action of the document.
pub(super) fn check(cx: &Context, hits: &mut Vec<Finding>) {
    let (doc, as_of) = (cx.doc, cx.as_of);
    // Sheets whose tracker names a lead for some action: the others have no lead column.
    let with_lead: BTreeSet<(&str, &str)> = doc
        .actions
        .iter()
        .filter(|a| a.owner.is_some())
        .map(|a| (a.source.file.as_str(), a.source.sheet.as_str()))
        .collect();
    let mut seen: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    for a in &doc.actions {
        if let Some(first) = seen.insert((a.source.file.as_str(), a.id.as_str()), a.source.row) {
            hits.push(on(
                a,
                RuleId::ActionDuplicateId,
                Name::Id,
                format!(
                    "the reference is used again (first on row {first} of {})",
                    a.source.file
                ),
            ));
        }
        timely(a, as_of, hits);
        consistent(a, hits);
        let sheet = (a.source.file.as_str(), a.source.sheet.as_str());
        if a.owner.is_none() && with_lead.contains(&sheet) {
            hits.push(on(
                a,
                RuleId::ActionNoLead,
                Name::Owner,
                "has no lead officer".into(),
            ));
        }
        let quiet = matches!(
            a.status,
            Some(ActionStatus::Cancelled | ActionStatus::NotStarted)
        );
        if a.commentary.is_none() && !quiet {
            let period = a
                .period
                .as_deref()
                .map_or(String::new(), |p| format!(" for {p}"));
            hits.push(on(
                a,
                RuleId::ActionNoUpdate,
                Name::Commentary,
                format!("has no progress update{period}"),
            ));
        }
    }
}

/// Due dates: passed with the action still open, or missing.
fn timely(a: &Action, as_of: NaiveDate, hits: &mut Vec<Finding>) {
    match a.due {
        Some(due) if due < as_of && !finished(a) => {
            let state = match a.status {
                Some(s) => status_words(a, s),
                None => "no status".into(),
            };
            hits.push(on(
                a,
                RuleId::ActionOverdue,
                Name::Due,
                format!(
                    "was due {due} and is not complete ({state}, as of {as_of}); a new date or its completion should be reported"
                ),
            ));
        }
        None if !finished(a) => hits.push(on(
            a,
            RuleId::ActionNoDueDate,
            Name::Due,
            "has no due date".into(),
        )),
        _ => {}
    }
}

/// Status against % complete and against the RAG.
fn consistent(a: &Action, hits: &mut Vec<Finding>) {
    if let Some(p) = a.percent_complete {
        if p > 100.0 {
            hits.push(on(
                a,
                RuleId::PercentOutOfRange,
                Name::PercentComplete,
                format!("is {} complete, above 100%", pct(p)),
            ));
        }
    }
    match (a.status, a.percent_complete) {
        (Some(ActionStatus::Complete), Some(p)) if p < 100.0 => hits.push(on(
            a,
            RuleId::ActionCompleteBelow100,
            Name::PercentComplete,
            format!(
                "is '{}' but {} complete; a complete action is 100%",
                status_words(a, ActionStatus::Complete),
                pct(p)
            ),
        )),
        (Some(s), Some(p)) if p >= 100.0 && s != ActionStatus::Complete => hits.push(on(
            a,
            RuleId::ActionCompleteBelow100,
            Name::Status,
            format!(
                "is {} complete but its status is '{}', not complete",
                pct(p),
                status_words(a, s)
            ),
        )),
        _ => {}
    }
    let (Some(rag), Some(s)) = (a.rag, a.status) else {
        return;
    };
    use ActionStatus::*;
    let clash = match rag {
        Rag::Green => matches!(s, OffTrack | Delayed),
        Rag::Red => matches!(s, OnTrack | Complete),
        Rag::Amber => false,
    };
    if clash {
        let colour = match rag {
            Rag::Green => "green",
            Rag::Red => "red",
            Rag::Amber => "amber",
        };
        hits.push(on(
            a,
            RuleId::ActionRagStatusMismatch,
            Name::Rag,
            format!(
                "is RAG {colour} but its status is '{}' ({})",
                status_words(a, s),
                s.as_str()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: &str) -> Action {
        Action {
            id: id.into(),
            title: Some("Open the new library".into()),
            owner: Some("J Smith".into()),
            commentary: Some("Going well".into()),
            due: NaiveDate::from_ymd_opt(2025, 3, 31),
            source: crate::schema::Source {
                file: "plan.xlsx".into(),
                sheet: "Plan".into(),
                row: 5,
                cell: None,
            },
            ..Default::default()
        }
    }

    fn rules(actions: Vec<Action>, as_of: (i32, u32, u32)) -> Vec<(String, String)> {
        let doc = crate::schema::Document {
            actions,
            ..Default::default()
        };
        let config = crate::config::Config::default();
        let settings = super::super::Settings::from_config(&config).unwrap();
        let risks = super::super::risks::Seen::default();
        let cx = Context {
            doc: &doc,
            config: &config,
            settings: &settings,
            as_of: NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).unwrap(),
            risks: &risks,
        };
        let mut hits = Vec::new();
        check(&cx, &mut hits);
        hits.into_iter()
            .map(|h| (h.rule.to_string(), h.record_id.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn overdue_only_when_open() {
        let mut open = action("A1");
        open.status = Some(ActionStatus::OnTrack);
        let mut done = action("A2");
        done.status = Some(ActionStatus::Complete);
        done.percent_complete = Some(100.0);
        let found = rules(vec![open, done], (2025, 4, 10));
        assert_eq!(
            found,
            vec![(RuleId::ActionOverdue.as_str().into(), "A1".into())]
        );
        let mut fresh = action("A3");
        fresh.status = Some(ActionStatus::OnTrack);
        assert!(rules(vec![fresh], (2025, 3, 31)).is_empty());
    }

    #[test]
    fn complete_and_percent_disagree_both_ways() {
        let mut a = action("A1");
        a.status = Some(ActionStatus::Complete);
        a.percent_complete = Some(90.0);
        let mut b = action("A2");
        b.status = Some(ActionStatus::OnTrack);
        b.percent_complete = Some(100.0);
        let found = rules(vec![a, b], (2024, 10, 1));
        assert_eq!(
            found,
            vec![
                (RuleId::ActionCompleteBelow100.as_str().into(), "A1".into()),
                (RuleId::ActionCompleteBelow100.as_str().into(), "A2".into())
            ]
        );
    }

    #[test]
    fn rag_against_status_lead_update_due_and_duplicates() {
        let mut a = action("A1");
        a.status = Some(ActionStatus::OffTrack);
        a.rag = Some(Rag::Green);
        let mut b = action("A1");
        b.source.row = 6;
        b.owner = None;
        b.commentary = None;
        b.due = None;
        b.status = Some(ActionStatus::OnTrack);
        b.rag = Some(Rag::Red);
        let mut found = rules(vec![a, b], (2024, 10, 1));
        found.sort();
        let rule_ids: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            rule_ids,
            [
                RuleId::ActionDuplicateId,
                RuleId::ActionNoDueDate,
                RuleId::ActionNoLead,
                RuleId::ActionNoUpdate,
                RuleId::ActionRagStatusMismatch,
                RuleId::ActionRagStatusMismatch,
            ]
            .map(RuleId::as_str)
        );
    }
}
