//! The changes between two periods as a workbook: a sheet of risk changes and one of measure
//! changes.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::{encode_error, excel_text, header_format, print_setup, properties, save};
use crate::consolidate::diff::{Change, Diff};
use crate::output::OutputError;

const COLUMNS: [(&str, f64); 5] = [
    ("Directorate / ref", 34.0),
    ("Title", 60.0),
    ("Change", 16.0),
    ("Before", 24.0),
    ("After", 24.0),
];

/// Writes the diff workbook.
///
/// # Errors
/// When the workbook cannot be encoded or written.
pub fn write_diff_workbook(path: &Path, diff: &Diff) -> Result<(), OutputError> {
    let mut wb = Workbook::new();
    let title = format!("Changes from {} to {}", diff.old_period, diff.new_period);
    wb.set_properties(&properties(&title, super::OUTPUT_SUBJECTS[2]));
    let head = header_format();
    let wrap = Format::new().set_text_wrap();
    for (name, list) in [("Risks", &diff.risks), ("Measures", &diff.measures)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(|e| encode_error(path, e))?;
        for (c, (h, w)) in COLUMNS.iter().enumerate() {
            ws.write_with_format(0, c as u16, *h, &head)
                .map_err(|e| encode_error(path, e))?;
            ws.set_column_width(c as u16, *w)
                .map_err(|e| encode_error(path, e))?;
        }
        for (i, ch) in list.iter().enumerate() {
            let r = i as u32 + 1;
            let Change {
                key,
                title,
                change,
                before,
                after,
            } = ch;
            let cells = [
                key.as_str(),
                title.as_deref().unwrap_or(""),
                change.as_str(),
                before.as_deref().unwrap_or(""),
                after.as_deref().unwrap_or(""),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_with_format(r, c as u16, excel_text(v).as_ref(), &wrap)
                    .map_err(|e| encode_error(path, e))?;
            }
        }
        ws.autofilter(0, 0, list.len() as u32, COLUMNS.len() as u16 - 1)
            .map_err(|e| encode_error(path, e))?;
        ws.set_freeze_panes(1, 0)
            .map_err(|e| encode_error(path, e))?;
        ws.set_repeat_rows(0, 0)
            .map_err(|e| encode_error(path, e))?;
        print_setup(ws);
        ws.set_header(format!("&L{}", excel_text(&title)));
        ws.set_footer("&RPage &P of &N");
    }
    save(&mut wb, path)
}
