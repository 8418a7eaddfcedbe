//! The Submissions sheet: one row per directorate, received or missing, with its files and counts.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::consolidate::Consolidation;
use crate::write::kit::{
    table_frame, text, write_title, Formats, RowFit, HEADER_ROW, LAST_DATA_ROW,
};

// ---------------------------------------------------------------------------------------------
// Submissions

pub(super) fn write_submissions(
    ws: &mut Worksheet,
    c: &Consolidation,
    title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let missing: Vec<&str> = c
        .submissions
        .iter()
        .filter(|s| s.status == "missing")
        .map(|s| s.directorate.as_str())
        .collect();
    let subtitle = format!(
        "Returns received for {}: {} of {} directorate(s){}.",
        c.period.label,
        c.submissions.len() - missing.len(),
        c.submissions.len(),
        if missing.is_empty() {
            String::new()
        } else {
            format!("; missing: {}", missing.join(", "))
        }
    );
    write_title(ws, title, &subtitle, f)?;
    let columns = [
        ("Directorate", 30.0),
        ("Status", 11.0),
        ("Files", 60.0),
        ("Risks", 8.0),
        ("Measures", 10.0),
        ("Findings", 10.0),
    ];
    let mut row = HEADER_ROW + 1;
    if c.submissions.is_empty() {
        ws.write_with_format(
            row,
            0,
            "No directorate sent a return or is expected to.",
            &f.note,
        )?;
        row += 1;
    }
    for s in c.submissions.iter().take((LAST_DATA_ROW - row) as usize) {
        let mut fit = RowFit::new(row, 0.0);
        fit.wrap(ws, 0, &s.directorate, columns[0].1, &f.wrap)?;
        let missing = s.status == "missing";
        let status = match s.status.as_str() {
            "missing" => "Missing",
            "received" => "Received",
            other => other,
        };
        let status_format = if missing {
            &f.missing
        } else if s.status == "received" {
            &f.received
        } else {
            &f.top
        };
        text(ws, row, 1, status, status_format)?;
        fit.wrap(ws, 2, &s.files.join("\n"), columns[2].1, &f.wrap)?;
        for (col, n) in [(3u16, s.risks), (4, s.measures), (5, s.findings)] {
            ws.write_with_format(row, col, n as f64, &f.top)?;
        }
        fit.finish(ws)?;
        row += 1;
    }
    table_frame(ws, &columns, row.saturating_sub(1), 1, HEADER_ROW, f)?;
    Ok(())
}
