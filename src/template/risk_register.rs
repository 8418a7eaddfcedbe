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
use crate::layout::Field;
use crate::read::format_number;
use crate::schema::field::{Key, Name, RatingPart, Stage};
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
            Name::Id,
            11.0,
            text,
            "The risk's reference, e.g. AH-R01. Keep it the same from one return to the next.",
        ),
        col(
            "Risk Title",
            Name::Title,
            30.0,
            wide,
            "A short name for the risk.",
        ),
        col(
            "Description (cause, event, effect)",
            Name::Description,
            45.0,
            wide,
            "What could cause it, what could happen, and what the effect would be.",
        ),
        col(
            "Theme",
            Name::Theme,
            18.0,
            theme,
            "The council priority theme the risk threatens.",
        ),
        col(
            "Category",
            Name::Category,
            18.0,
            Input::List {
                name: "Categories",
                strict: false,
            },
            "The kind of risk: pick from the list, or type another.",
        ),
        col(
            "Risk Owner",
            Name::Owner,
            18.0,
            text,
            "The officer accountable for managing the risk.",
        ),
    ]
}

/// The inherent rating, the existing controls and the current rating.
fn before_and_now() -> Vec<Col> {
    let wide = Input::Text { wide: true };
    let mut columns = Vec::from(rating_columns(
        Stage::Inherent,
        6,
        "before any controls",
        "",
    ));
    columns.push(col(
        "Existing Controls",
        Name::Controls,
        40.0,
        wide,
        "The controls in place now.",
    ));
    columns.extend(rating_columns(
        Stage::Current,
        10,
        "now, with the existing controls",
        " This score decides escalation.",
    ));
    columns
}

/// The mitigating actions, their owner and due date, and the target rating.
fn actions_and_target() -> Vec<Col> {
    let text = Input::Text { wide: false };
    let wide = Input::Text { wide: true };
    vec![
        col(
            "Mitigating Actions",
            Name::Mitigations,
            40.0,
            wide,
            "Further actions planned to bring the risk down to its target.",
        ),
        col(
            "Action Owner",
            Name::ActionOwner,
            18.0,
            text,
            "Who leads the actions.",
        ),
        col(
            "Action Due",
            Name::ActionDue,
            12.0,
            Input::Date,
            "When the actions are due, dd/mm/yyyy.",
        ),
    ]
    .into_iter()
    .chain(rating_columns(
        Stage::Target,
        16,
        "once the actions are done",
        "",
    ))
    .collect()
}

/// A rating's likelihood and impact (from dropdowns) at their 0-based column `l` and the one
/// after, and its score by formula beside them.
fn rating_columns(stage: Stage, l: u16, when: &str, score_note: &str) -> [Col; 3] {
    let label = crate::domain::capitalised(stage.as_str());
    [
        col(
            &format!("{label} L"),
            Key::Rating(stage, RatingPart::Likelihood),
            14.0,
            Input::Level("Likelihood"),
            &format!("Likelihood {when}."),
        ),
        col(
            &format!("{label} I"),
            Key::Rating(stage, RatingPart::Impact),
            14.0,
            Input::Level("Impact"),
            &format!("Impact {when}."),
        ),
        col(
            &format!("{label} Score"),
            Key::Rating(stage, RatingPart::Score),
            9.0,
            Input::Score { l, i: l + 1 },
            &format!("Worked out: likelihood x impact.{score_note}"),
        ),
    ]
}

/// The trend, the dates of identification and review, the status and escalation.
fn reviews() -> Vec<Col> {
    let list = |name| Input::List { name, strict: true };
    vec![
        col(
            "Trend",
            Name::Trend,
            12.0,
            list("Trends"),
            "Since the last review: Increasing, Stable or Decreasing.",
        ),
        col(
            "Date Identified",
            Name::DateIdentified,
            12.0,
            Input::Date,
            "When the risk was first recorded, dd/mm/yyyy.",
        ),
        col(
            "Last Review",
            Name::LastReviewed,
            12.0,
            Input::Date,
            "When the risk was last reviewed, dd/mm/yyyy.",
        ),
        col(
            "Next Review",
            Name::NextReview,
            12.0,
            Input::Date,
            "When it will next be reviewed, dd/mm/yyyy.",
        ),
        col(
            "Status",
            Name::Status,
            10.0,
            list("Statuses"),
            "Open, or Closed when the risk no longer applies.",
        ),
        col(
            "Escalate?",
            Name::Escalate,
            10.0,
            list("YesNo"),
            "Yes to ask for the risk to go on the strategic register.",
        ),
    ]
}

/// What a carried risk fills a column with.
pub(super) fn risk_value(r: &Risk, field: &Key, config: &Config) -> Value {
    let (l, i) = (&config.risk.likelihood, &config.risk.impact);
    use RatingPart::{Impact, Likelihood};
    match field {
        Key::Field(Name::Id) => Value::Text(r.id.clone()),
        Key::Field(Name::Title) => text(&r.title),
        Key::Field(Name::Description) => text(&r.description),
        Key::Field(Name::Theme) => text(&r.theme),
        Key::Field(Name::Category) => text(&r.category),
        Key::Field(Name::Owner) => text(&r.owner),
        Key::Rating(Stage::Inherent, Likelihood) => level(r.inherent.likelihood, l),
        Key::Rating(Stage::Inherent, Impact) => level(r.inherent.impact, i),
        Key::Field(Name::Controls) => text(&r.controls),
        Key::Rating(Stage::Current, Likelihood) => level(r.current.likelihood, l),
        Key::Rating(Stage::Current, Impact) => level(r.current.impact, i),
        Key::Field(Name::Mitigations) => text(&r.mitigations),
        Key::Field(Name::ActionOwner) => text(&r.action_owner),
        Key::Field(Name::ActionDue) => date(r.action_due),
        Key::Rating(Stage::Target, Likelihood) => level(r.target.likelihood, l),
        Key::Rating(Stage::Target, Impact) => level(r.target.impact, i),
        Key::Field(Name::Trend) => label(r.trend.map(Trend::label)),
        Key::Field(Name::DateIdentified) => date(r.date_identified),
        Key::Field(Name::LastReviewed) => date(r.last_reviewed),
        Key::Field(Name::NextReview) => date(r.next_review),
        Key::Field(Name::Status) => label(Some(r.status.label())),
        Key::Field(Name::Escalate) => match r.escalate {
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
fn score_cell(row: u32, (l, i): (u16, u16), field: Option<&Key>, risk: Option<&Risk>) -> Formula {
    let (lc, ic) = (
        format!("{}{}", column_letters(l.into()), row + 1),
        format!("{}{}", column_letters(i.into()), row + 1),
    );
    let group = match field {
        Some(Key::Rating(stage, _)) => *stage,
        _ => Stage::Current,
    };
    let result = risk
        .and_then(|rk| {
            let rating = match group {
                Stage::Inherent => rk.inherent,
                Stage::Target => rk.target,
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
        let key = column.field.as_ref().and_then(Field::key);
        let locked = risk.is_some() && key.is_some_and(|k| k.is(Name::Id));
        let cell = match (column.input, key) {
            (Input::Score { l, i }, _) => Cell::Formula(score_cell(row, (l, i), key, risk)),
            (_, Some(key)) if risk.is_some() => {
                Cell::Value(risk.map_or(Value::Empty, |rk| risk_value(rk, key, config)))
            }
            _ => Cell::Value(Value::Empty),
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
