//! The Risk Register sheet: a row per risk, its likelihoods and impacts from dropdowns, its
//! scores by formula and banded by colour; the directorate's open risks carried from the last
//! return.

use rust_xlsxwriter::{ConditionalFormatCellRule, Formula, Worksheet, XlsxError};

use super::lists::Lists;
use super::prior::Ctx;
use super::shared::{
    col, colour_rule, date, finish_sheet, label, level, text, theme_input, write_table, Cell, Col,
    Content, Input, TableLayout, Value, BLANK_ROWS,
};
use crate::config::Config;
use crate::domain::Colours;
use crate::read::format_number;
use crate::schema::{column_letters, Risk, Trend};

/// The columns of the risk register, in order.
pub(super) fn register_columns(lists: &Lists) -> Vec<Col> {
    let mut columns = who_and_what(lists);
    columns.extend(before_and_now());
    columns.extend(actions_and_target());
    columns.extend(reviews());
    columns
}

/// The reference, title, description, theme, category and owner of the risk.
fn who_and_what(lists: &Lists) -> Vec<Col> {
    let theme = theme_input(lists);
    let text = Input::Text { wide: false };
    let wide = Input::Text { wide: true };
    vec![
        col(
            "Risk Ref",
            "id",
            11.0,
            text,
            "The risk's reference, e.g. AH-R01. Keep it the same from one return to the next.",
        ),
        col(
            "Risk Title",
            "title",
            30.0,
            wide,
            "A short name for the risk.",
        ),
        col(
            "Description (cause, event, effect)",
            "description",
            45.0,
            wide,
            "What could cause it, what could happen, and what the effect would be.",
        ),
        col(
            "Theme",
            "theme",
            18.0,
            theme,
            "The council priority theme the risk threatens.",
        ),
        col(
            "Category",
            "category",
            18.0,
            Input::List {
                name: "Categories",
                strict: false,
            },
            "The kind of risk: pick from the list, or type another.",
        ),
        col(
            "Risk Owner",
            "owner",
            18.0,
            text,
            "The officer accountable for managing the risk.",
        ),
    ]
}

/// The inherent rating, the existing controls and the current rating.
fn before_and_now() -> Vec<Col> {
    let wide = Input::Text { wide: true };
    vec![
        col(
            "Inherent L",
            "inherent.likelihood",
            14.0,
            Input::Level("Likelihood"),
            "Likelihood before any controls.",
        ),
        col(
            "Inherent I",
            "inherent.impact",
            14.0,
            Input::Level("Impact"),
            "Impact before any controls.",
        ),
        col(
            "Inherent Score",
            "inherent.score",
            9.0,
            Input::Score { l: 6, i: 7 },
            "Worked out: likelihood x impact.",
        ),
        col(
            "Existing Controls",
            "controls",
            40.0,
            wide,
            "The controls in place now.",
        ),
        col(
            "Current L",
            "current.likelihood",
            14.0,
            Input::Level("Likelihood"),
            "Likelihood now, with the existing controls.",
        ),
        col(
            "Current I",
            "current.impact",
            14.0,
            Input::Level("Impact"),
            "Impact now, with the existing controls.",
        ),
        col(
            "Current Score",
            "current.score",
            9.0,
            Input::Score { l: 10, i: 11 },
            "Worked out: likelihood x impact. This score decides escalation.",
        ),
    ]
}

/// The mitigating actions, their owner and due date, and the target rating.
fn actions_and_target() -> Vec<Col> {
    let text = Input::Text { wide: false };
    let wide = Input::Text { wide: true };
    vec![
        col(
            "Mitigating Actions",
            "mitigations",
            40.0,
            wide,
            "Further actions planned to bring the risk down to its target.",
        ),
        col(
            "Action Owner",
            "action_owner",
            18.0,
            text,
            "Who leads the actions.",
        ),
        col(
            "Action Due",
            "action_due",
            12.0,
            Input::Date,
            "When the actions are due, dd/mm/yyyy.",
        ),
        col(
            "Target L",
            "target.likelihood",
            14.0,
            Input::Level("Likelihood"),
            "Likelihood once the actions are done.",
        ),
        col(
            "Target I",
            "target.impact",
            14.0,
            Input::Level("Impact"),
            "Impact once the actions are done.",
        ),
        col(
            "Target Score",
            "target.score",
            9.0,
            Input::Score { l: 16, i: 17 },
            "Worked out: likelihood x impact.",
        ),
    ]
}

/// The trend, the dates of identification and review, the status and escalation.
fn reviews() -> Vec<Col> {
    let list = |name| Input::List { name, strict: true };
    vec![
        col(
            "Trend",
            "trend",
            12.0,
            list("Trends"),
            "Since the last review: Increasing, Stable or Decreasing.",
        ),
        col(
            "Date Identified",
            "date_identified",
            12.0,
            Input::Date,
            "When the risk was first recorded, dd/mm/yyyy.",
        ),
        col(
            "Last Review",
            "last_reviewed",
            12.0,
            Input::Date,
            "When the risk was last reviewed, dd/mm/yyyy.",
        ),
        col(
            "Next Review",
            "next_review",
            12.0,
            Input::Date,
            "When it will next be reviewed, dd/mm/yyyy.",
        ),
        col(
            "Status",
            "status",
            10.0,
            list("Statuses"),
            "Open, or Closed when the risk no longer applies.",
        ),
        col(
            "Escalate?",
            "escalate",
            10.0,
            list("YesNo"),
            "Yes to ask for the risk to go on the strategic register.",
        ),
    ]
}

pub(super) fn risk_value(r: &Risk, field: &str, config: &Config) -> Value {
    let (l, i) = (&config.risk.likelihood, &config.risk.impact);
    match field {
        "id" => Value::Text(r.id.clone()),
        "title" => text(&r.title),
        "description" => text(&r.description),
        "theme" => text(&r.theme),
        "category" => text(&r.category),
        "owner" => text(&r.owner),
        "inherent.likelihood" => level(r.inherent.likelihood, l),
        "inherent.impact" => level(r.inherent.impact, i),
        "controls" => text(&r.controls),
        "current.likelihood" => level(r.current.likelihood, l),
        "current.impact" => level(r.current.impact, i),
        "mitigations" => text(&r.mitigations),
        "action_owner" => text(&r.action_owner),
        "action_due" => date(r.action_due),
        "target.likelihood" => level(r.target.likelihood, l),
        "target.impact" => level(r.target.impact, i),
        "trend" => label(r.trend.map(Trend::label)),
        "date_identified" => date(r.date_identified),
        "last_reviewed" => date(r.last_reviewed),
        "next_review" => date(r.next_review),
        "status" => label(Some(r.status.label())),
        "escalate" => match r.escalate {
            Some(true) => Value::Text("Yes".into()),
            Some(false) => Value::Text("No".into()),
            None => Value::Empty,
        },
        _ => Value::Empty,
    }
}

/// The leading number of a level cell: `VALUE(LEFT(G6,FIND(" ",G6&" ")-1))`.
pub(super) fn lead(cell: &str) -> String {
    format!("VALUE(LEFT({cell},FIND(\" \",{cell}&\" \")-1))")
}

pub(super) fn score_formula(l: &str, i: &str) -> String {
    format!("=IFERROR({}*{},\"\")", lead(l), lead(i))
}

/// The score of a rating (`field` names it: `current.score`) on `row`, L x I of the columns
/// `l` and `i`, with its result where a carried risk gives both.
fn score_cell(row: u32, (l, i): (u16, u16), field: &str, risk: Option<&Risk>) -> Formula {
    let (lc, ic) = (
        format!("{}{}", column_letters(l.into()), row + 1),
        format!("{}{}", column_letters(i.into()), row + 1),
    );
    let group = field.split('.').next().unwrap_or("current");
    let result = risk
        .and_then(|rk| {
            let rating = match group {
                "inherent" => rk.inherent,
                "target" => rk.target,
                _ => rk.current,
            };
            Some(rating.likelihood? * rating.impact?)
        })
        .map(format_number)
        .unwrap_or_default();
    Formula::new(score_formula(&lc, &ic)).set_result(result)
}

/// Writes the Risk Register sheet: a row per carried risk, then empty rows.
pub(super) fn write_register(
    ws: &mut Worksheet,
    ctx: &Ctx,
    config: &Config,
    lists: &Lists,
) -> Result<TableLayout, XlsxError> {
    let columns = register_columns(lists);
    let rows = ctx.risks.len() as u32 + BLANK_ROWS;
    let last_row = write_table(ws, ctx, lists, &columns, rows, |row, r, column| {
        let risk = ctx.risks.get(r);
        // A carried risk keeps its reference: the register follows it from return to return.
        let locked = risk.is_some() && column.field == "id";
        let cell = match column.input {
            Input::Score { l, i } => Cell::Formula(score_cell(row, (l, i), &column.field, risk)),
            _ => Cell::Value(risk.map_or(Value::Empty, |rk| risk_value(rk, &column.field, config))),
        };
        Content {
            locked,
            cell,
            note: None,
        }
    })?;
    // Scores banded by colour, as the configured bands say.
    for (c, column) in columns.iter().enumerate() {
        if !matches!(column.input, Input::Score { .. }) {
            continue;
        }
        let c = c as u16;
        for b in &config.risk.bands {
            let Colours { fill, text: font } = b.band.colours();
            colour_rule(
                ws,
                c,
                last_row,
                ConditionalFormatCellRule::Between(b.min, b.max),
                fill,
                font,
            )?;
        }
    }
    finish_sheet(ws, &columns, last_row)?;
    Ok(TableLayout { columns })
}
