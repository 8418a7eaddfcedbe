//! Rules on the returns as a whole: a directorate the configuration expects that sent nothing.

use super::{Context, RuleId};
use crate::schema::Finding;

/// Expected directorates that sent nothing: no risk or measure was read for them.
pub(super) fn check(cx: &Context, hits: &mut Vec<Finding>) {
    for d in &cx.config.framework.directorates {
        let sent = cx.risks.directorates.contains(&d.name)
            || cx
                .doc
                .measures
                .iter()
                .any(|m| m.directorate.as_deref() == Some(d.name.as_str()))
            || cx
                .doc
                .actions
                .iter()
                .any(|a| a.directorate.as_deref() == Some(d.name.as_str()));
        if !sent {
            hits.push(Finding {
                sheet: None,
                row: None,
                cell: None,
                record_id: None,
                field: None,
                directorate: Some(d.name.clone()),
                ..Finding::new(
                    RuleId::DirectorateMissing,
                    format!(
                        "{} sent no return: no risk or measure was read for it",
                        d.name
                    ),
                    String::new(),
                )
            });
        }
    }
}
