//! The Corporate Performance sheet's last columns: the direction of travel against the same
//! quarter last year, and the measure's place among its comparators (`--benchmarks`).

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::consolidate::MeasureLine;
use crate::domain::with_arrow;

/// How many columns follow the sheet's own: "Year on year", "Benchmark", "Benchmark period",
/// "Comparator median", "Rank", "Quartile" and "England" (headed in the sheet's columns).
pub(crate) const COUNT: u16 = 7;

/// Writes a measure's cells from `first` on: `value` gives the number format of one of the
/// measure's values.
pub(crate) fn write(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    l: &MeasureLine,
    top: &Format,
    value: &dyn Fn(Option<f64>) -> Format,
) -> Result<(), XlsxError> {
    let text = |ws: &mut Worksheet, col: u16, s: &str| -> Result<(), XlsxError> {
        ws.write_with_format(row, first + col, s, top).map(|_| ())
    };
    let number = |ws: &mut Worksheet, col: u16, v: Option<f64>| -> Result<(), XlsxError> {
        match v.filter(|v| v.is_finite()) {
            Some(v) => ws.write_with_format(row, first + col, v, &value(Some(v))),
            None => ws.write_blank(row, first + col, top),
        }
        .map(|_| ())
    };
    let year = l
        .direction_year
        .map(|d| with_arrow(d.arrow(), d.label()))
        .unwrap_or_default();
    text(ws, 0, &year)?;
    let Some(b) = &l.benchmark else {
        for col in 1..COUNT {
            ws.write_blank(row, first + col, top)?;
        }
        return Ok(());
    };
    number(ws, 1, Some(b.value))?;
    text(ws, 2, &b.period)?;
    number(ws, 3, b.median)?;
    text(ws, 4, &b.rank_text())?;
    ws.write_with_format(row, first + 5, u32::from(b.quartile), top)?;
    number(ws, 6, b.england)?;
    Ok(())
}

/// Hides the columns no measure fills: the year-on-year direction without a year's history,
/// the benchmark columns without benchmarks.
pub(crate) fn hide_unused(
    ws: &mut Worksheet,
    first: u16,
    lines: &[&MeasureLine],
) -> Result<(), XlsxError> {
    if !lines.iter().any(|l| l.direction_year.is_some()) {
        ws.set_column_hidden(first)?;
    }
    if !lines.iter().any(|l| l.benchmark.is_some()) {
        for col in 1..COUNT {
            ws.set_column_hidden(first + col)?;
        }
    }
    Ok(())
}
