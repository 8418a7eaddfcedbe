//! The data-quality report workbook: a "Summary" sheet counting the findings by principle,
//! directorate and file against severity, and a "Findings" sheet listing every finding with
//! the cell it points at.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{
    encode_error, excel_text, header_format, print_setup, properties, save, severity_index,
    sorted_findings, write_findings_table,
};
use crate::domain::capitalised;
use crate::output::OutputError;
use crate::schema::{Finding, Principle, Severity};

/// Label of the directorate of a finding that names none.
const NOT_KNOWN: &str = "(not known)";

/// Writes the data-quality report of `findings` to `path` (atomically), headed `title`.
///
/// # Errors
/// [`OutputError::Encode`] when the workbook cannot be built, [`OutputError::Io`] when the
/// file cannot be written.
pub fn write_findings_report(
    path: &Path,
    findings: &[Finding],
    title: &str,
) -> Result<(), OutputError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(title, super::OUTPUT_SUBJECTS[1]));
    build(&mut workbook, findings, title).map_err(|e| encode_error(path, e))?;
    save(&mut workbook, path)
}

fn build(workbook: &mut Workbook, findings: &[Finding], title: &str) -> Result<(), XlsxError> {
    let summary = workbook.add_worksheet().set_name("Summary")?;
    write_summary(summary, findings, title)?;
    let list = workbook.add_worksheet().set_name("Findings")?;
    write_findings_table(list, &sorted_findings(findings), |_| None)
}

/// Counts of error, warning and info findings.
type Counts = [usize; 3];

fn count<'a, K: Ord>(
    findings: &'a [Finding],
    key: impl Fn(&'a Finding) -> K,
) -> BTreeMap<K, Counts> {
    let mut out: BTreeMap<K, Counts> = BTreeMap::new();
    for f in findings {
        out.entry(key(f)).or_default()[severity_index(f.severity)] += 1;
    }
    out
}

fn write_summary(ws: &mut Worksheet, findings: &[Finding], title: &str) -> Result<(), XlsxError> {
    ws.write_with_format(
        0,
        0,
        excel_text(title),
        &Format::new().set_bold().set_font_size(14),
    )?;
    let files = count(findings, |f| f.file.as_str());
    ws.write(
        1,
        0,
        format!(
            "{} finding(s) in {} file(s), by principle, directorate and file.",
            findings.len(),
            files.len()
        ),
    )?;

    let by_principle = count(findings, |f| f.principle);
    let rows: Vec<(&str, Counts)> = Principle::ALL
        .iter()
        .map(|&p| {
            (
                p.as_str(),
                by_principle.get(&p).copied().unwrap_or_default(),
            )
        })
        .collect();
    let next = write_count_table(ws, 3, "Principle", &rows)?;

    // Directorates by name, the findings that name none last.
    let by_directorate = count(findings, |f| f.directorate.as_deref());
    let (known, unknown): (Vec<_>, Vec<_>) = by_directorate.iter().partition(|(d, _)| d.is_some());
    let rows: Vec<(&str, Counts)> = known
        .into_iter()
        .chain(unknown)
        .map(|(d, c)| (d.unwrap_or(NOT_KNOWN), *c))
        .collect();
    let next = write_count_table(ws, next + 1, "Directorate", &rows)?;

    let rows: Vec<(&str, Counts)> = files.iter().map(|(f, c)| (*f, *c)).collect();
    write_count_table(ws, next + 1, "File", &rows)?;

    let widest = findings
        .iter()
        .flat_map(|f| [Some(&f.file), f.directorate.as_ref()])
        .flatten()
        .map(|label| label.chars().count())
        .max()
        .unwrap_or(0);
    ws.set_column_width(0, (widest as f64 + 2.0).clamp(24.0, 60.0))?;
    for col in 1..=4 {
        ws.set_column_width(col, 10)?;
    }
    print_setup(ws);
    Ok(())
}

/// Writes a table of counts from `first_row`: a header (`heading`, the severities, Total), a
/// row per label and a totals row. Returns the row after the table.
fn write_count_table(
    ws: &mut Worksheet,
    first_row: u32,
    heading: &str,
    rows: &[(&str, Counts)],
) -> Result<u32, XlsxError> {
    let header = header_format();
    ws.write_with_format(first_row, 0, heading, &header)?;
    for (col, s) in (1u16..).zip(Severity::ALL) {
        ws.write_with_format(first_row, col, capitalised(s.as_str()), &header)?;
    }
    ws.write_with_format(first_row, 4, "Total", &header)?;

    let mut row = first_row + 1;
    let mut totals: Counts = [0; 3];
    for (label, counts) in rows {
        write_count_row(ws, row, label, counts, None)?;
        for (t, c) in totals.iter_mut().zip(counts) {
            *t += c;
        }
        row += 1;
    }
    let bold = Format::new()
        .set_bold()
        .set_border_top(rust_xlsxwriter::FormatBorder::Thin);
    write_count_row(ws, row, "Total", &totals, Some(&bold))?;
    Ok(row + 1)
}

fn write_count_row(
    ws: &mut Worksheet,
    row: u32,
    label: &str,
    counts: &Counts,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let plain = Format::new();
    let format = format.unwrap_or(&plain);
    ws.write_with_format(row, 0, excel_text(label), format)?;
    for (col, n) in (1u16..).zip(counts) {
        ws.write_with_format(row, col, *n as f64, format)?;
    }
    ws.write_with_format(row, 4, counts.iter().sum::<usize>() as f64, format)?;
    Ok(())
}
