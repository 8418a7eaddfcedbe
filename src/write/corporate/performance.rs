//! The Corporate Performance sheet: one row per measure, its series drawn in "Trend" (▂▄▆█).

use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, Format, Worksheet, XlsxError,
};

use crate::consolidate::{Consolidation, MeasureLine};
use crate::domain::{capitalised, with_arrow};
use crate::schema::{MeasureKind, Polarity, Rag, Unit};
use crate::write::kit::{
    by_theme, coloured, count_of, number, table_frame, text, write_grouped, write_title, Formats,
    RowFit, HEADER_ROW,
};

/// The most values of a measure's series drawn in its trend (the latest ones).
pub(super) const MAX_SERIES: usize = 60;

// ---------------------------------------------------------------------------------------------
// Corporate performance

/// The number format of a value in a unit: percentage points with one decimal and a `%`
/// sign, whole pounds, days to one decimal.
fn unit_format(unit: Option<Unit>, value: f64) -> &'static str {
    let whole = value.fract() == 0.0;
    match unit {
        Some(Unit::Percent) => "0.0\"%\"",
        Some(Unit::Currency) if whole || value.abs() >= 1000.0 => "£#,##0;-£#,##0",
        Some(Unit::Currency) => "£#,##0.00;-£#,##0.00",
        Some(Unit::Days) => "0.0",
        Some(Unit::Ratio) => "0.00",
        Some(Unit::Number) | None if whole => "#,##0",
        Some(Unit::Number) | None => "#,##0.0#",
    }
}

/// "red -> amber" as "Red → Amber".
fn rag_change_label(s: &str) -> String {
    s.split("->")
        .map(|w| capitalised(w.trim()))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The columns of the performance sheet; the series of the trends follow, hidden.
pub(super) const PERFORMANCE_COLUMNS: [(&str, f64); 21] = [
    ("Directorate", 18.0),
    ("Ref", 9.0),
    ("Measure", 40.0),
    ("Kind", 9.0),
    ("Unit", 7.0),
    ("Polarity", 15.0),
    ("Period", 11.0),
    ("Actual", 10.0),
    ("Target", 10.0),
    ("RAG", 8.0),
    ("Direction", 13.0),
    ("Trend", 16.0),
    ("Commentary", 55.0),
    ("RAG change", 14.0),
    // Then the year-on-year direction and the benchmark (crate::write::benchmark_columns).
    ("Year on year", 13.0),
    ("Benchmark", 10.0),
    ("Benchmark period", 11.0),
    ("Comparator median", 11.0),
    ("Rank", 9.0),
    ("Quartile", 8.0),
    ("England", 10.0),
];

const RAG_COL: u16 = 9;
const TREND_COL: u16 = 11;
const RAG_CHANGE_COL: u16 = 13;
/// First of the year-on-year and benchmark columns, the last of the sheet.
const BENCHMARK_COL: u16 = 14;
const _: () = assert!(
    PERFORMANCE_COLUMNS.len() == (BENCHMARK_COL + crate::write::benchmark_columns::COUNT) as usize
);
/// First of the hidden columns holding each measure's series.
pub(super) const SERIES_COL: u16 = PERFORMANCE_COLUMNS.len() as u16 + 1;

pub(super) fn write_performance(
    ws: &mut Worksheet,
    c: &Consolidation,
    title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let reported = c.performance.iter().filter(|l| l.period.is_some()).count();
    let subtitle = format!(
        "Every measure the directorates returned, by theme: {}, {reported} with a value for {} (or the latest within it). Trend: the values reported so far, oldest first.",
        count_of(c.performance.len(), "measure", "measures"),
        c.period.label,
    );
    write_title(ws, title, &subtitle, f)?;
    let last_col = PERFORMANCE_COLUMNS.len() as u16 - 1;
    let lines: Vec<&MeasureLine> = c.performance.iter().collect();
    let mut row = HEADER_ROW + 1;
    let mut widest_series = 0usize;
    if lines.is_empty() {
        ws.write_with_format(
            row,
            0,
            "No measures were returned for this period.",
            &f.note,
        )?;
        row += 1;
    }
    let groups = by_theme(&lines, |l| l.theme.as_deref());
    let row = write_grouped(
        ws,
        row,
        groups,
        lines.len(),
        ("measure", "measures"),
        last_col,
        f,
        |ws, row, l| {
            let n = write_measure_row(ws, row, l, f)?;
            widest_series = widest_series.max(n);
            Ok(())
        },
    )?;
    let last_row = row.saturating_sub(1);
    table_frame(ws, &PERFORMANCE_COLUMNS, last_row, 3, HEADER_ROW, f)?;
    if !c.movement.compared {
        // Nothing to compare with: the RAG change column neither shows nor prints.
        ws.set_column_hidden(RAG_CHANGE_COL)?;
    }
    crate::write::benchmark_columns::hide_unused(ws, BENCHMARK_COL, &lines)?;

    // The RAG column coloured by conditional formats, so a corrected value recolours.
    if last_row > HEADER_ROW {
        for rag in Rag::ALL {
            let cf = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(
                    rag.label().to_string(),
                ))
                .set_format(coloured(Format::new(), rag.colours()));
            ws.add_conditional_format(HEADER_ROW + 1, RAG_COL, last_row, RAG_COL, &cf)?;
        }
    }
    // The series columns: headed, hidden.
    if widest_series > 0 {
        ws.write_with_format(
            HEADER_ROW,
            SERIES_COL,
            "Trend values (oldest first)",
            &f.header,
        )?;
        for i in 0..widest_series as u16 {
            ws.set_column_hidden(SERIES_COL + i)?;
        }
    }
    ws.set_column_hidden(SERIES_COL - 1)?;
    Ok(())
}

/// Writes one measure's row and its series; returns the number of series values written.
fn write_measure_row(
    ws: &mut Worksheet,
    row: u32,
    l: &MeasureLine,
    f: &Formats,
) -> Result<usize, XlsxError> {
    let width = |col: usize| PERFORMANCE_COLUMNS[col].1;
    // Tall enough for the trend, and for the longest wrapped text.
    let mut fit = RowFit::new(row, 21.0);
    fit.wrap(
        ws,
        0,
        l.directorate.as_deref().unwrap_or(""),
        width(0),
        &f.wrap,
    )?;
    text(ws, row, 1, &l.measure_id, &f.top)?;
    fit.wrap(ws, 2, l.title.as_deref().unwrap_or(""), width(2), &f.wrap)?;
    text(
        ws,
        row,
        3,
        l.kind.map(MeasureKind::label).unwrap_or(""),
        &f.top,
    )?;
    text(ws, row, 4, l.unit.map(Unit::label).unwrap_or(""), &f.centre)?;
    text(
        ws,
        row,
        5,
        l.polarity.map(Polarity::label).unwrap_or(""),
        &f.top,
    )?;
    text(ws, row, 6, l.period.as_deref().unwrap_or(""), &f.top)?;
    let value_format = |v: Option<f64>| {
        f.top
            .clone()
            .set_num_format(unit_format(l.unit, v.unwrap_or(0.0)))
    };
    number(ws, row, 7, l.actual, &value_format(l.actual))?;
    number(ws, row, 8, l.target, &value_format(l.target))?;
    // A statistic is context only, whatever RAG its return gave it (as the summary counts it).
    let rag = match (l.rag, l.kind) {
        (_, Some(MeasureKind::Statistic)) => "Context only",
        (Some(r), _) => r.label(),
        (None, _) if l.period.is_none() => "Not reported",
        (None, _) => "No RAG",
    };
    text(ws, row, RAG_COL, rag, &f.centre)?;
    if let (Some(reported), Some(given)) = (l.rag_reported, l.rag) {
        let note = format!(
            "Reported {} by the return; actual {} against target {} gives {}, which is shown and counted here.",
            reported.label(),
            l.actual.map(crate::read::format_number).unwrap_or_default(),
            l.target.map(crate::read::format_number).unwrap_or_default(),
            given.label()
        );
        ws.insert_note(
            row,
            RAG_COL,
            &rust_xlsxwriter::Note::new(note).set_author("goldthread"),
        )?;
    }
    text(
        ws,
        row,
        10,
        &l.direction
            .map(|d| with_arrow(d.arrow(), d.label()))
            .unwrap_or_default(),
        &f.top,
    )?;
    fit.wrap(
        ws,
        12,
        l.commentary.as_deref().unwrap_or(""),
        width(12),
        &f.wrap,
    )?;
    fit.finish(ws)?;
    let change = l
        .rag_change
        .as_deref()
        .map(rag_change_label)
        .unwrap_or_default();
    text(ws, row, RAG_CHANGE_COL, &change, &f.top)?;
    crate::write::benchmark_columns::write(ws, row, BENCHMARK_COL, l, &f.top, &value_format)?;

    // The latest values of the series in hidden columns, and the trend drawn in text, which
    // prints the same from Excel and LibreOffice (a sparkline prints as stray dots from
    // LibreOffice).
    let skip = l.series.len().saturating_sub(MAX_SERIES);
    let points = &l.series[skip..];
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.actual.filter(|v| v.is_finite()) {
            ws.write(row, SERIES_COL + i as u16, v)?;
        }
    }
    let values: Vec<Option<f64>> = points.iter().map(|p| p.actual).collect();
    text(ws, row, TREND_COL, &trend_text(&values), &f.trend)?;
    Ok(points.len())
}

/// A series drawn as text, a block a value from the lowest (`▁`) to the highest (`█`), a gap
/// for a period with no value: "▂▄▆█" is four periods of improvement in the value.
pub(super) fn trend_text(values: &[Option<f64>]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let known: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if known.len() < 2 {
        return String::new();
    }
    let (lo, hi) = known
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    values
        .iter()
        .map(|v| match v.filter(|v| v.is_finite()) {
            None => ' ',
            Some(_) if hi - lo <= f64::EPSILON * hi.abs().max(1.0) => BLOCKS[3],
            Some(v) => BLOCKS[(((v - lo) / (hi - lo)) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}
