//! The delivery-plan template (`goldthread template action-plan`): one row per action, project
//! or milestone, with dropdowns for status and RAG, read back by goldthread as a delivery plan.

use rust_xlsxwriter::{ConditionalFormatCellRule, Worksheet, XlsxError};

use super::lists::Lists;
use super::prior::Ctx;
use super::shared::{
    col, colour_rule, date, finish_sheet, label, text, theme_input, write_table, Cell, Col,
    Content, Input, TableLayout, Value, BLANK_ROWS,
};
use crate::domain::NOTE;
use crate::layout::Field;
use crate::schema::field::{Key, Name};
use crate::schema::{Action, ActionStatus, Rag};

/// The lists the delivery plan's dropdowns take.
pub(super) fn lists() -> Vec<(&'static str, &'static str, Vec<String>)> {
    vec![
        (
            "ActionStatuses",
            "Status",
            ActionStatus::ALL
                .iter()
                .map(|s| s.label().to_string())
                .collect(),
        ),
        (
            "RAGs",
            "RAG",
            ["Red", "Amber", "Green", "Blue"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
    ]
}

/// The columns of the delivery plan, with what each takes.
pub(super) fn columns(lists: &Lists) -> Vec<Col> {
    let text = Input::Text { wide: false };
    let wide = Input::Text { wide: true };
    let list = |name| Input::List { name, strict: true };
    vec![
        col("Action Ref", Name::Id, 11.0, text, "A reference for the action that stays the same from quarter to quarter, e.g. HP-01."),
        col("Priority", Name::Priority, 24.0, text, "The council plan priority or outcome the action delivers."),
        col("Theme", Name::Theme, 18.0, theme_input(lists), "The council plan theme the priority sits under."),
        col("Action / Project", Name::Title, 40.0, wide, "What will be done: the action, project or milestone."),
        col("Lead Officer", Name::Owner, 18.0, text, "The officer responsible for delivering it."),
        col("Start Date", Name::Start, 12.0, Input::Date, "When the work starts (dd/mm/yyyy)."),
        col("Due Date", Name::Due, 12.0, Input::Date, "When it is due to be complete (dd/mm/yyyy)."),
        col("Status", Name::Status, 14.0, list("ActionStatuses"), "Pick from the list: Not started, On track, At risk, Off track, Delayed, Complete or Cancelled."),
        col("% Complete", Name::PercentComplete, 10.0, Input::Number, "How far along it is, as a number from 0 to 100 (75 for 75%). A complete action is 100."),
        col("RAG", Name::Rag, 9.0, list("RAGs"), "Red, Amber or Green for how delivery is going; Blue once it is complete."),
        col("Progress Update", Name::Commentary, 50.0, wide, "This quarter's update: what was done, what is next, and what is being done where it is behind."),
        col("Linked Measures", Name::Measures, 16.0, text, "References of the measures the action supports, separated by commas (e.g. HP01, HP04)."),
        col("Linked Risks", Name::Risks, 14.0, text, "References of the risks the action mitigates, separated by commas."),
    ]
}

/// What the Instructions sheet says to fill in.
pub(super) fn instructions() -> Vec<(String, String)> {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    vec![
        s("One row per action", "Start at the first row under the header; leave no empty rows between actions. Every action needs a reference, a description, a lead officer and a due date."),
        s("Status", "Pick the status from the dropdown. An action that is finished is Complete (and 100%); one that will not go ahead is Cancelled; one whose due date has moved is Delayed."),
        s("% Complete", "A number from 0 to 100. Complete actions are 100."),
        s("RAG", "Red, Amber or Green for how delivery is going, consistent with the status (a Green action is not Off track); Blue once it is complete."),
        s("Progress Update", "Update every action each quarter: what has been done, what comes next, and for actions behind schedule what is being done and the new date."),
    ]
}

/// What a carried action fills a column with: all it said last time but its update, which is
/// this quarter's to write.
pub(super) fn action_value(a: &Action, field: &Key) -> Value {
    match field.field() {
        Some(Name::Id) => Value::Text(a.id.clone()),
        Some(Name::Priority) => text(&a.priority),
        Some(Name::Theme) => text(&a.theme),
        Some(Name::Title) => text(&a.title),
        Some(Name::Owner) => text(&a.owner),
        Some(Name::Start) => date(a.start),
        Some(Name::Due) => date(a.due),
        Some(Name::Status) => label(a.status.map(ActionStatus::label)),
        Some(Name::PercentComplete) => a.percent_complete.map_or(Value::Empty, Value::Number),
        Some(Name::Rag) => label(a.rag.map(Rag::label)),
        Some(Name::Measures) => linked(&a.measures),
        Some(Name::Risks) => linked(&a.risks),
        _ => Value::Empty,
    }
}

/// Linked references as the column takes them: separated by commas.
fn linked(ids: &[String]) -> Value {
    if ids.is_empty() {
        Value::Empty
    } else {
        Value::Text(ids.join(", "))
    }
}

/// Writes the delivery-plan sheet: titles, header, a row per open action the last return
/// carries (its reference locked), blank input rows, dropdowns and colours.
pub(super) fn write_plan(
    ws: &mut Worksheet,
    ctx: &Ctx,
    lists: &Lists,
) -> Result<TableLayout, XlsxError> {
    let columns = columns(lists);
    let rows = ctx.actions.len() as u32 + BLANK_ROWS;
    let last_row = write_table(ws, ctx, lists, &columns, rows, |_, r, column| {
        let action = ctx.actions.get(r);
        let key = column.field.as_ref().and_then(Field::key);
        Content {
            // A carried action keeps its reference: the plan follows it from quarter to quarter.
            locked: action.is_some() && key.is_some_and(|k| k.is(Name::Id)),
            cell: Cell::Value(match (action, key) {
                (Some(a), Some(k)) => action_value(a, k),
                _ => Value::Empty,
            }),
            note: None,
        }
    })?;
    if let Some(c) = columns
        .iter()
        .position(|c| c.field.as_ref().is_some_and(|f| f.is(Name::Rag)))
    {
        // A BRAG tracker's blue (complete) in the light blue of a note.
        let colours = Rag::ALL
            .iter()
            .map(|r| (r.label(), r.colours()))
            .chain([("Blue", NOTE)]);
        for (word, colours) in colours {
            let rule = ConditionalFormatCellRule::EqualTo(word);
            colour_rule(ws, c as u16, last_row, rule, colours.fill, colours.text)?;
        }
    }
    finish_sheet(ws, &columns, last_row)?;
    Ok(TableLayout { columns })
}
