//! Delivery-plan rows into actions: the status in the tracker's own words, % complete as a
//! share or a percentage, a RAG from words or the cell's colour (a BRAG blue is complete),
//! dates as dates, months or quarters, the quarter's update, and linked measures and risks.

use crate::config::{fold, Config};
use crate::layout::Part;
use crate::read::{Cell, Value};
use crate::rules::RuleId;
use crate::schema::field::Name;
use crate::schema::{Action, ActionStatus, Source};
use crate::values;

use super::row::{short, RowValues};
use super::{Document, RowContext, Sections, SheetContext};

/// Words that open a section row naming a priority or outcome ("Priority 1: Thriving
/// communities", "Outcome 2 - ...", "Critical Outcome 3").
const PRIORITY_WORDS: &[&str] = &[
    "priority",
    "outcome",
    "critical outcome",
    "objective",
    "ambition",
    "commitment",
];

/// A section row of a delivery plan: a theme the configuration knows (also after "Theme 1:" or
/// "Priority 1:"), a priority under the current theme, a directorate, or a period.
pub(super) fn apply_section(sections: &mut Sections, label: &str, config: &Config) {
    if let Some(d) = config.match_directorate(label) {
        sections.directorate = Some(d.to_string());
        return;
    }
    let f = fold(label);
    let opening = |words: &[&str]| {
        words
            .iter()
            .find(|w| f == **w || f.starts_with(&format!("{w} ")))
            .map(|w| w.len())
    };
    // What follows "Priority 1:" or "Theme 2 -".
    let rest = |n: usize| {
        let after = f[n..].trim_start();
        after
            .split_once(' ')
            .filter(|(num, _)| num.chars().all(|c| c.is_ascii_alphanumeric()) && num.len() <= 3)
            .map_or(after, |(_, r)| r)
            .to_string()
    };
    let themed = config.match_theme(label).map(str::to_string).or_else(|| {
        opening(&["theme"])
            .or(opening(PRIORITY_WORDS))
            .and_then(|n| config.match_theme(&rest(n)).map(str::to_string))
    });
    if let Some(t) = themed {
        sections.theme = Some(t);
        sections.priority = opening(PRIORITY_WORDS).map(|_| label.trim().to_string());
    } else if opening(&["theme"]).is_some() {
        sections.theme = Some(label.trim().to_string());
        sections.priority = None;
    } else if opening(PRIORITY_WORDS).is_some() || !config.framework.themes.is_empty() {
        if super::names_a_service(label) && opening(PRIORITY_WORDS).is_none() {
            sections.service = Some(label.trim().to_string());
        } else {
            sections.priority = Some(label.trim().to_string());
        }
    } else {
        sections.theme = Some(label.trim().to_string());
        sections.priority = None;
    }
}

/// Builds an action from a delivery-plan row; returns its id, or None when the row names none.
pub(super) fn action_row(rv: &mut RowValues, at: RowContext, doc: &mut Document) -> Option<String> {
    if !rv.names_a_record(&[Name::Id, Name::Title]) {
        return None;
    }
    let fy_start = at.config.calendar.financial_year_start_month;
    let fy = at.sheet.financial_year;
    let row = rv.row + 1;
    let reference = rv.text(Name::Id);
    let placed = at.sections.place(rv, at.sheet);
    let mut action = Action {
        title: rv.text(Name::Title),
        theme: placed.theme,
        priority: placed.priority,
        directorate: placed.directorate,
        service: placed.service,
        owner: rv.text(Name::Owner),
        start: plan_date(rv, Name::Start, fy_start, fy, false),
        due: plan_date(rv, Name::Due, fy_start, fy, true),
        source: Source {
            file: at.sheet.file.clone(),
            sheet: at.sheet.sheet.clone(),
            row,
            cell: None,
        },
        ..Default::default()
    };
    read_status(rv, &mut action);
    action.percent_complete = percent(rv);
    read_rag(rv, &mut action);
    let update_cell = read_commentary(rv, at.sheet, &mut action);
    action.measures = linked(rv, Name::Measures);
    action.risks = linked(rv, Name::Risks);
    if action.theme.is_none() {
        action.theme = action
            .priority
            .as_deref()
            .and_then(|p| at.config.match_theme(p).map(str::to_string))
            .or_else(|| action.priority.clone());
    }
    let directorate = action.directorate.clone();
    action.id = super::id_or_row(
        reference,
        "action",
        RuleId::ActionNoReference,
        row,
        at.sheet,
        directorate,
        doc,
    );
    action.period = action
        .period
        .take()
        .or_else(|| at.sheet.period.as_ref().map(|p| p.label.clone()));
    action.extra.append(&mut rv.extra);
    action.cells = rv.field_cells();
    if let Some((r, c)) = update_cell {
        action.cells.insert(Name::Commentary, r, c);
    }
    // An empty lead, due date or update is itself a finding: its cell is where to write it.
    for (field, empty) in [
        (Name::Owner, action.owner.is_none()),
        (Name::Due, action.due.is_none()),
        (Name::Commentary, action.commentary.is_none()),
    ] {
        if let Some(col) = rv.column_of(field).filter(|_| empty) {
            if !action.cells.contains_key(field) {
                action.cells.insert(field, rv.row, col);
            }
        }
    }
    let id = action.id.clone();
    doc.actions.push(action);
    Some(id)
}

/// A start or due date: a date, a month or quarter (its first or last day), or words for no
/// date at all ("Ongoing"), which are kept in extra without a finding.
fn plan_date(
    rv: &mut RowValues,
    field: Name,
    fy_start: u32,
    fy: Option<i32>,
    last_day: bool,
) -> Option<chrono::NaiveDate> {
    let cell = rv.cell(field)?;
    if let Some(Value::Text(t)) = &cell.value {
        if values::is_open_ended(t) {
            let header = rv.header(field).unwrap_or(field.as_str()).to_string();
            rv.keep(header, t.clone());
            return None;
        }
        if values::parse_date(t).is_none() && !values::is_missing(t) {
            let what = "a date, month or quarter";
            return rv.parse(field, what, |t| {
                values::parse_plan_date(t, fy_start, fy, last_day)
            });
        }
    }
    rv.date(field)
}

/// The status as written, in the contract's word, keeping the written word when it differs.
fn read_status(rv: &mut RowValues, action: &mut Action) {
    let what = "a status (on track, at risk, off track, delayed, complete, not started, cancelled)";
    let written = rv.cell(Name::Status).and_then(Cell::text);
    action.status = rv.parse(Name::Status, what, values::parse_action_status);
    if let (Some(status), Some(w)) = (action.status, written) {
        if !values::is_contract_status(&w, status) {
            action.status_reported = Some(w.trim().to_string());
        }
    }
}

/// % complete: a percent-formatted 0.75, "75%", 75 or a share of one, all 75.
fn percent(rv: &mut RowValues) -> Option<f64> {
    let cell = rv.cell(Name::PercentComplete)?;
    // A column that counts in points (25, 50, 100) means 1% by a plain 1.
    let in_points = rv.in_points(Name::PercentComplete);
    match &cell.value {
        Some(Value::Number(n)) => {
            let formatted = values::is_percent_format(cell.number_format().unwrap_or(""));
            let points = if formatted { n * 100.0 } else { *n };
            match values::percent_points(super::row::round10(points), formatted || in_points) {
                Some(p) => {
                    rv.count_mapped();
                    Some(p)
                }
                None => {
                    let (cell, header) = (cell.clone(), rv.header(Name::PercentComplete));
                    let header = header.unwrap_or("% complete").to_string();
                    let n = crate::read::format_number(*n);
                    rv.reject(
                        &cell,
                        &header,
                        Name::PercentComplete.as_str(),
                        format!("{n} is not a percentage from 0 to 100"),
                    );
                    None
                }
            }
        }
        _ => rv.parse(Name::PercentComplete, "a percentage complete", |t| {
            values::parse_percent_complete(t, in_points)
        }),
    }
}

/// The RAG: a word or letter, else the cell's colour; a BRAG blue means complete.
fn read_rag(rv: &mut RowValues, action: &mut Action) {
    let Some(cell) = rv.cell(Name::Rag) else {
        return;
    };
    let blue = match cell.text() {
        Some(t) if values::is_blue_word(&t) => {
            rv.count_mapped();
            true
        }
        Some(_) => {
            action.rag = rv.parse(
                Name::Rag,
                "a RAG (red, amber, green or blue)",
                values::parse_rag,
            );
            false
        }
        None => false,
    };
    let fill = cell.fill();
    if action.rag.is_none() && !blue && cell.text().is_none() {
        action.rag = fill.and_then(values::rag_from_colour);
    }
    if blue || (cell.text().is_none() && fill.is_some_and(values::is_blue)) {
        // Blue: delivered. The status says so too when the tracker gives none.
        // The contract's RAG has no blue: the colour is kept as reported.
        action.extra.insert("BRAG".into(), "Blue".into());
        if action.status.is_none() {
            action.status = Some(ActionStatus::Complete);
        }
    }
}

/// The quarter's update: the commentary column, else the update column of the run's period,
/// else the latest quarter's update written; the other quarters' updates are kept in extra.
/// Returns the cell of a quarter's update taken as the commentary.
fn read_commentary(
    rv: &mut RowValues,
    sctx: &SheetContext,
    action: &mut Action,
) -> Option<(u32, u32)> {
    action.commentary = rv.text(Name::Commentary);
    let updates: Vec<_> = rv
        .periods
        .iter()
        .filter(|(_, part, c, _)| *part == Part::Commentary && c.text().is_some())
        .map(|(p, _, c, h)| {
            let at = (c.row, c.col);
            (p.clone(), c.text().unwrap_or_default(), h.to_string(), at)
        })
        .collect();
    let chosen = if action.commentary.is_some() {
        None
    } else {
        // The update of the period the tracker (or the run) is for; else the latest written.
        let wanted = sctx.period.as_ref();
        updates
            .iter()
            .filter(|(p, t, _, _)| {
                !values::is_missing(t) && wanted.is_none_or(|w| p.end <= w.end && p.end >= w.start)
            })
            .max_by_key(|(p, _, _, _)| p.end)
            .map(|(p, _, _, _)| p.label.clone())
    };
    let mut cell = None;
    if chosen.is_none() && action.commentary.is_none() {
        // Updates by quarter, none for this one: the action has no update this period, and the
        // cell to write it in is that quarter's.
        action.period = sctx.period.as_ref().map(|p| p.label.clone());
        let col = action
            .period
            .as_deref()
            .and_then(|p| rv.period_column(Part::Commentary, p));
        cell = col.map(|c| (rv.row, c));
    }
    for (p, t, h, at) in updates {
        if Some(&p.label) == chosen.as_ref() {
            rv.count_mapped();
            action.commentary = Some(t);
            action.period = Some(p.label);
            cell = Some(at);
        } else if values::is_missing(&t) {
            rv.missing += 1;
        } else {
            rv.keep(h, t);
        }
    }
    cell
}

/// Linked ids, split on commas, semicolons, slashes and new lines.
fn linked(rv: &mut RowValues, field: Name) -> Vec<String> {
    rv.text(field)
        .map(|t| {
            t.split([',', ';', '\n', '\r', '/', '|'])
                .map(|s| s.trim().trim_end_matches('.').to_string())
                .filter(|s| !s.is_empty() && !values::is_missing(s))
                .map(|s| short(&s))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themed() -> Config {
        let mut c = Config::default();
        c.framework.themes = ["Helping People", "Shaping Places"]
            .iter()
            .map(|t| toml::from_str(&format!("name = \"{t}\"")).unwrap())
            .collect();
        c
    }

    #[test]
    fn section_rows_name_themes_and_priorities() {
        let c = themed();
        let mut s = Sections::default();
        apply_section(&mut s, "Helping People", &c);
        assert_eq!(s.theme.as_deref(), Some("Helping People"));
        apply_section(&mut s, "Priority 2: Independent lives", &c);
        assert_eq!(s.theme.as_deref(), Some("Helping People"), "kept");
        assert_eq!(s.priority.as_deref(), Some("Priority 2: Independent lives"));
        apply_section(&mut s, "Priority 3: Shaping Places", &c);
        assert_eq!(s.theme.as_deref(), Some("Shaping Places"));
        assert_eq!(s.priority.as_deref(), Some("Priority 3: Shaping Places"));
        // Without configured themes, a plain label is the theme and resets the priority.
        let mut s = Sections::default();
        apply_section(
            &mut s,
            "Priority 1: Thriving communities",
            &Config::default(),
        );
        assert_eq!(
            s.priority.as_deref(),
            Some("Priority 1: Thriving communities")
        );
        apply_section(&mut s, "A greener county", &Config::default());
        assert_eq!(
            (s.theme.as_deref(), s.priority.as_deref()),
            (Some("A greener county"), None)
        );
    }
}
