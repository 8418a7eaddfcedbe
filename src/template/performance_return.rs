//! The Performance Return sheet: a row per measure, its definition, target and previous value
//! carried from the last return, the period's actual and commentary typed, its RAG by formula.

use rust_xlsxwriter::{ConditionalFormatCellRule, Formula, Worksheet, XlsxError};

use super::lists::Lists;
use super::prior::{Ctx, PriorMeasure};
use super::shared::{
    col, colour_rule, finish_sheet, kept, label, text, theme_input, write_table, Cell, Col,
    Content, Input, TableLayout, Value, BLANK_MEASURE_ROWS, BLANK_ROWS,
};
use crate::config::Config;
use crate::domain::Colours;
use crate::layout::{Field, Part};
use crate::read::format_number;
use crate::schema::field::{Key, Name};
use crate::schema::{MeasureKind, Period, Polarity, Rag, Unit};

/// Profile fields of a period's value: `actual@2024-25 Q2`, or `actual` when the period is
/// typed in the title.
pub(super) fn period_field(part: Part, period: Option<&Period>) -> Field {
    match period {
        Some(p) => Field::Period {
            period: p.clone(),
            part,
        },
        None => part.name().into(),
    }
}

pub(super) fn performance_columns(lists: &Lists, period: Option<&Period>) -> Vec<Col> {
    let theme = theme_input(lists);
    let list = |name| Input::List { name, strict: true };
    let text = Input::Text { wide: false };
    let actual = match period {
        Some(p) => format!("{} Actual", p.label),
        None => "Actual".to_string(),
    };
    vec![
        col("Ref", Name::Id, 10.0, text, "The measure's reference."),
        col(
            "Measure",
            Name::Title,
            45.0,
            Input::Text { wide: true },
            "What is measured.",
        ),
        col(
            "Kind",
            Name::Kind,
            10.0,
            list("Kinds"),
            "KPI, PI, or Statistic (context only: no RAG).",
        ),
        col(
            "Unit",
            Name::Unit,
            10.0,
            list("Units"),
            "Percent, Number, Currency, Days or Ratio.",
        ),
        col(
            "Polarity",
            Name::Polarity,
            16.0,
            list("Polarities"),
            "Whether a higher or a lower value is better.",
        ),
        col(
            "Theme",
            Name::Theme,
            18.0,
            theme,
            "The council priority theme the measure serves.",
        ),
        col(
            "Owner",
            Name::Owner,
            18.0,
            text,
            "The officer responsible for the measure.",
        ),
        col(
            "Target",
            Name::Target,
            10.0,
            Input::Number,
            "The target for the period.",
        ),
        kept(
            "Previous",
            10.0,
            Input::Carried,
            "The last value reported (from the previous return).",
        ),
        col(
            &actual,
            period_field(Part::Actual, period),
            12.0,
            Input::Number,
            "The value for the period: a number. Type 85 for 85%, 1200 for £1,200.",
        ),
        col(
            "RAG",
            period_field(Part::Rag, period),
            9.0,
            Input::Rag,
            "Worked out from the actual, the target and the polarity.",
        ),
        col(
            "Commentary",
            period_field(Part::Commentary, period),
            50.0,
            Input::Text { wide: true },
            "What lies behind the figure, and what is being done where it is off target.",
        ),
    ]
}

/// What a carried measure fills a column with: its definition, its target, or (in the
/// column kept as extra) the value it last reported.
pub(super) fn measure_value(pm: &PriorMeasure, field: Option<&Field>) -> Value {
    let m = &pm.measure;
    let Some(field) = field else {
        return pm
            .previous
            .as_ref()
            .map_or(Value::Empty, |(v, _)| Value::Number(*v));
    };
    match field.key().and_then(Key::field) {
        Some(Name::Id) => Value::Text(m.id.clone()),
        Some(Name::Title) => text(&m.title),
        Some(Name::Kind) => label(m.kind.map(MeasureKind::label)),
        Some(Name::Unit) => label(m.unit.map(Unit::word)),
        Some(Name::Polarity) => label(m.polarity.map(Polarity::label)),
        Some(Name::Theme) => text(&m.theme),
        Some(Name::Owner) => text(&m.owner),
        Some(Name::Target) => pm.target.map_or(Value::Empty, Value::Number),
        _ => Value::Empty,
    }
}

/// A number typed as a percentage in Excel (85% stored as 0.85 with a percent format) in
/// percentage points, as goldthread reads it.
pub(super) fn points(cell: &str) -> String {
    format!("IF(LEFT(CELL(\"format\",{cell}),1)=\"P\",{cell}*100,{cell})")
}

/// Green when the actual meets the target by polarity, amber when worse by no more than the
/// tolerance, red otherwise; empty without a number in both, for statistics, or without a
/// polarity.
pub(super) fn rag_formula(row: u32, tolerance_percent: f64) -> String {
    let n = row + 1;
    let (a, t) = (points(&format!("J{n}")), points(&format!("H{n}")));
    let tol = format_number(tolerance_percent / 100.0);
    format!(
        "=IF(OR(NOT(ISNUMBER(J{n})),NOT(ISNUMBER(H{n})),LEFT(C{n},4)=\"Stat\"),\"\",\
IF(LEFT(E{n},1)=\"H\",IF({a}>={t}-1E-9,\"Green\",IF({t}-{a}<=ABS({t})*{tol}+1E-9,\"Amber\",\"Red\")),\
IF(LEFT(E{n},1)=\"L\",IF({a}<={t}+1E-9,\"Green\",IF({a}-{t}<=ABS({t})*{tol}+1E-9,\"Amber\",\"Red\")),\"\")))"
    )
}

/// Writes the Performance Return sheet: a row per carried measure, then empty rows.
pub(super) fn write_performance(
    ws: &mut Worksheet,
    ctx: &Ctx,
    config: &Config,
    lists: &Lists,
) -> Result<TableLayout, XlsxError> {
    let columns = performance_columns(lists, ctx.period);
    let blank = if ctx.measures.is_empty() {
        BLANK_ROWS
    } else {
        BLANK_MEASURE_ROWS
    };
    let rows = ctx.measures.len() as u32 + blank;
    let last_row = write_table(ws, ctx, lists, &columns, rows, |row, r, column| {
        let measure = ctx.measures.get(r);
        // A listed measure's definition, target and previous value are the performance
        // team's: only the period's actual and commentary are typed, and the parts of the
        // definition the last return left empty (kind, unit, polarity, theme, owner).
        let field = column.field.as_ref();
        let typed = matches!(
            field,
            Some(Field::Period {
                part: Part::Actual | Part::Commentary,
                ..
            })
        ) || field.is_some_and(|f| f.is(Name::Actual) || f.is(Name::Commentary));
        let definition = [
            Name::Kind,
            Name::Unit,
            Name::Polarity,
            Name::Theme,
            Name::Owner,
        ];
        let gap = field.is_some_and(|f| definition.iter().any(|n| f.is(*n)))
            && measure.is_some_and(|m| matches!(measure_value(m, field), Value::Empty));
        let cell = match column.input {
            Input::Rag => {
                // A measure's own tolerance (from the catalogue), else the configured one.
                let tolerance = measure.map_or(config.performance.rag_tolerance_percent, |pm| {
                    config.rag_tolerance(&pm.measure)
                });
                Cell::Formula(Formula::new(rag_formula(row, tolerance)).set_result(""))
            }
            _ => Cell::Value(measure.map_or(Value::Empty, |m| measure_value(m, field))),
        };
        let note = match (measure, column.input) {
            (Some(pm), Input::Carried) => pm
                .previous
                .as_ref()
                .map(|(_, period)| format!("Reported for {period}.")),
            _ => None,
        };
        Content {
            locked: measure.is_some() && !typed && !gap,
            cell,
            note,
        }
    })?;
    if let Some(c) = columns.iter().position(|c| c.input == Input::Rag) {
        let c = c as u16;
        // Green first: the order the rules have always been written in.
        for rag in Rag::ALL.iter().rev() {
            let Colours { fill, text: font } = rag.colours();
            colour_rule(
                ws,
                c,
                last_row,
                ConditionalFormatCellRule::EqualTo(rag.label()),
                fill,
                font,
            )?;
        }
    }
    finish_sheet(ws, &columns, last_row)?;
    Ok(TableLayout { columns })
}
