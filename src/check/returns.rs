//! Rules on the returns as a whole: a directorate the configuration expects that sent nothing.

use super::{Context, Hit, RuleId};

/// Expected directorates that sent nothing: no risk or measure was read for them.
pub(super) fn check(cx: &Context, hits: &mut Vec<Hit>) {
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
            hits.push(Hit {
                rule: RuleId::DirectorateMissing,
                message: format!(
                    "{} sent no return: no risk or measure was read for it",
                    d.name
                ),
                file: String::new(),
                sheet: None,
                row: None,
                cell: None,
                record_id: None,
                field: None,
                directorate: Some(d.name.clone()),
            });
        }
    }
}
