//! The annotated copy of a return: the service's own workbook written back with a "Data
//! quality" sheet first listing its findings (each linked to its cell), then every sheet as it
//! was read (values, number formats, fills, bold, merged regions, column widths, hidden sheets),
//! with each cell a finding points at highlighted and given a note saying what is wrong.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatBorder, IntoExcelData, Note, Workbook as XlsxWorkbook,
    Worksheet, XlsxError,
};

use super::{
    cut_utf16, encode_error, excel_text, parse_cell, properties, quote_sheet, sanitise_sheet_names,
    save, sorted_findings, write_findings_table, LAST_COL, LAST_ROW, MAX_CELL_TEXT,
};
use crate::output::OutputError;
use crate::read::{Cell, Merge, Sheet, Value, Visibility, Workbook};
use crate::schema::{cell_ref, Finding, Severity};

/// Name of the sheet listing the file's findings.
const LIST_SHEET: &str = "Data quality";

/// Number format of a date cell that has none.
const DATE_FORMAT: &str = "dd/mm/yyyy";

/// Largest merged region copied, in cells (a region over whole columns is left unmerged).
const MAX_MERGE_CELLS: u64 = 100_000;

/// Most cells copied under merged regions in one sheet.
const MAX_MERGED_CELLS: usize = 1_000_000;

/// Pixels per character of a column width, at Excel's default font (Calibri 11).
const PIXELS_PER_CHAR: f64 = 7.0;

/// Colour of the border that marks a cell with a finding.
const MARK_BORDER: u32 = 0xFF0000;

/// Writes `wb` to `path` (atomically) with the findings of its file marked: a "Data quality"
/// sheet first, then its sheets as read, each cell a finding points at highlighted and noted.
/// Findings of other files are ignored. The original file is never touched.
///
/// # Errors
/// [`OutputError::Encode`] when the workbook cannot be built, [`OutputError::Io`] when the
/// file cannot be written.
pub fn annotate_workbook(
    wb: &Workbook,
    findings: &[Finding],
    path: &Path,
) -> Result<(), OutputError> {
    let mut workbook = XlsxWorkbook::new();
    workbook.set_properties(&properties(
        &format!("{} with its data quality findings", wb.file),
        super::OUTPUT_SUBJECTS[1],
    ));
    build(&mut workbook, wb, findings).map_err(|e| encode_error(path, e))?;
    save(&mut workbook, path)
}

/// Where a finding is marked in the copy: a sheet of the workbook and a 0-based cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Place {
    sheet: usize,
    row: u32,
    col: u16,
}

/// The findings marked on each cell of a sheet.
type Marks<'a> = BTreeMap<(u32, u16), Vec<&'a Finding>>;

/// The worst severity of a cell's findings.
fn worst(findings: &[&Finding]) -> Severity {
    findings
        .iter()
        .map(|f| f.severity)
        .min()
        .unwrap_or(Severity::Info)
}

fn build(
    workbook: &mut XlsxWorkbook,
    wb: &Workbook,
    findings: &[Finding],
) -> Result<(), XlsxError> {
    let names = sanitise_sheet_names(wb.sheets.iter().map(|s| s.name.as_str()), &[LIST_SHEET]);
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, sheet) in wb.sheets.iter().enumerate() {
        by_name.entry(sheet.name.as_str()).or_insert(i);
    }
    let locate = |f: &Finding| place(wb, &by_name, f);
    let mine = sorted_findings(findings.iter().filter(|f| f.file == wb.file));

    let list = workbook.add_worksheet().set_name(LIST_SHEET)?;
    write_findings_table(list, &mine, |f| {
        locate(f).map(|p| {
            format!(
                "{}!{}",
                quote_sheet(&names[p.sheet]),
                cell_ref(p.row, u32::from(p.col))
            )
        })
    })?;

    let mut marks: Vec<Marks> = wb.sheets.iter().map(|_| Marks::new()).collect();
    for &f in &mine {
        if let Some(p) = locate(f) {
            marks[p.sheet].entry((p.row, p.col)).or_default().push(f);
        }
    }

    for ((sheet, name), marks) in wb.sheets.iter().zip(&names).zip(&marks) {
        let ws = workbook.add_worksheet().set_name(name)?;
        copy_sheet(ws, sheet, marks)?;
    }
    Ok(())
}

/// The cell a finding is marked on: its cell; for a finding on a row, the first cell of the row
/// with a value (else column A); a cell under a merged region moves to the region's top-left.
/// `None` for a finding without a sheet of this workbook.
fn place(wb: &Workbook, by_name: &HashMap<&str, usize>, f: &Finding) -> Option<Place> {
    let index = *by_name.get(f.sheet.as_deref()?)?;
    let sheet = &wb.sheets[index];
    let (row, col) = match f.cell.as_deref().and_then(parse_cell) {
        Some(cell) => cell,
        None => {
            let row = f.row?.checked_sub(1).filter(|&r| r <= LAST_ROW)?;
            let col = sheet
                .row(row)
                .and_then(|r| r.values().next())
                .map_or(0, |c| c.col);
            (row, u16::try_from(col).ok().filter(|&c| c <= LAST_COL)?)
        }
    };
    match sheet.merge_at(row, u32::from(col)) {
        Some(m) => Some(Place {
            sheet: index,
            row: m.first_row,
            col: u16::try_from(m.first_col).ok()?,
        }),
        None => Some(Place {
            sheet: index,
            row,
            col,
        }),
    }
}

/// Writes one sheet as read: visibility, column widths, merged regions, every cell with its
/// value and style, then the marks (highlight and note) of its findings.
fn copy_sheet(ws: &mut Worksheet, sheet: &Sheet, marks: &Marks) -> Result<(), XlsxError> {
    match sheet.visibility {
        Visibility::Visible => {}
        Visibility::Hidden => {
            ws.set_hidden(true);
        }
        Visibility::VeryHidden => {
            ws.set_very_hidden(true);
        }
    }
    for &(first, last, width) in &sheet.col_widths {
        if width.is_finite() && width >= 0.0 {
            // The width read is the file's own `width` (padding included), so it is set in
            // pixels to be written back the same, not grown by the padding each time.
            let pixels = (width.min(255.0) * PIXELS_PER_CHAR).round() as u32;
            for col in first..=last.min(u32::from(LAST_COL)) {
                ws.set_column_width_pixels(col as u16, pixels)?;
            }
        }
    }

    let cell_at = |row: u32, col: u16| sheet.row(row).and_then(|r| r.get(u32::from(col)));
    let mark_at = |row: u32, col: u16| marks.get(&(row, col)).map(|m| worst(m));
    let mut formats = Formats::default();

    let mut covered = HashSet::new();
    for m in &sheet.merges {
        if !mergeable(m, &mut covered) {
            continue;
        }
        let (row, col) = (m.first_row, m.first_col as u16);
        let format = formats
            .get(cell_at(row, col), mark_at(row, col))
            .cloned()
            .unwrap_or_default();
        ws.merge_range(row, col, m.last_row, m.last_col as u16, "", &format)?;
        // The top-left cell is written below; without one it is left blank, not "".
        if cell_at(row, col).is_none() {
            ws.write_blank(row, col, &format)?;
        }
    }

    for cell in sheet.rows.iter().flat_map(|r| &r.cells) {
        let Some(col) = u16::try_from(cell.col).ok().filter(|&c| c <= LAST_COL) else {
            continue;
        };
        if cell.row > LAST_ROW {
            continue;
        }
        let format = formats.get(Some(cell), mark_at(cell.row, col));
        write_cell(ws, cell.row, col, cell, format)?;
    }

    for (&(row, col), found) in marks {
        if cell_at(row, col).is_none() {
            if let Some(format) = formats.get(None, Some(worst(found))) {
                ws.write_blank(row, col, format)?;
            }
        }
        ws.insert_note(row, col, &note(found))?;
    }
    Ok(())
}

/// Whether a merged region can be copied: within the grid, more than one cell, not too big,
/// and not overlapping one already copied (Excel refuses overlaps). Records the cells it covers.
fn mergeable(m: &Merge, covered: &mut HashSet<(u32, u32)>) -> bool {
    let valid = m.first_row <= m.last_row
        && m.first_col <= m.last_col
        && m.last_row <= LAST_ROW
        && m.last_col <= u32::from(LAST_COL)
        && (m.first_row, m.first_col) != (m.last_row, m.last_col);
    if !valid {
        return false;
    }
    let area = u64::from(m.last_row - m.first_row + 1) * u64::from(m.last_col - m.first_col + 1);
    if area > MAX_MERGE_CELLS || covered.len() + area as usize > MAX_MERGED_CELLS {
        return false;
    }
    let cells = || {
        (m.first_row..=m.last_row)
            .flat_map(move |r| (m.first_col..=m.last_col).map(move |c| (r, c)))
    };
    if cells().any(|rc| covered.contains(&rc)) {
        return false;
    }
    covered.extend(cells());
    true
}

/// Writes a cell's value as its type with its format; a cell with only a style is written
/// blank with it.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match &cell.value {
        Some(Value::Text(s) | Value::Error(s)) => put(ws, row, col, excel_text(s), format),
        Some(Value::Number(n)) => put(ws, row, col, *n, format),
        Some(Value::Bool(b)) => put(ws, row, col, *b, format),
        Some(Value::Date(d)) => match excel_date(*d) {
            Some(date) => put(ws, row, col, &date, format),
            // Before 1900 Excel has no dates: the date is kept as text.
            None => put(ws, row, col, d.format("%Y-%m-%d").to_string(), format),
        },
        None => match format {
            Some(f) => ws.write_blank(row, col, f).map(drop),
            None => Ok(()),
        },
    }
}

fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    data: impl IntoExcelData,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match format {
        Some(f) => ws.write_with_format(row, col, data, f),
        None => ws.write(row, col, data),
    }
    .map(drop)
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// The note on a marked cell: "goldthread: " then a line per finding, sized to its text.
/// The worst first, each as "severity (rule): message".
fn note(findings: &[&Finding]) -> Note {
    let mut findings = findings.to_vec();
    findings.sort_by_key(|f| f.severity);
    let lines: Vec<String> = findings
        .iter()
        .map(|f| format!("{} ({}): {}", f.severity.as_str(), f.rule, f.message))
        .collect();
    let text = format!("goldthread: {}", lines.join("\n"));
    // Excel keeps room for an author prefix within the cell-text limit.
    let text = cut_utf16(&text, MAX_CELL_TEXT - 54);
    let lines: usize = text.lines().map(|l| l.chars().count() / 50 + 1).sum();
    let height = (lines as u32)
        .saturating_mul(15)
        .saturating_add(10)
        .clamp(75, 600);
    Note::new(text)
        .set_author("goldthread")
        .add_author_prefix(false)
        .set_width(360)
        .set_height(height)
}

/// What decides a cell's format in the copy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct FormatKey {
    /// Fill as RGB.
    fill: Option<u32>,
    number_format: Option<String>,
    bold: bool,
    /// Worst severity of the findings on the cell.
    mark: Option<Severity>,
}

impl FormatKey {
    fn format(&self) -> Format {
        let mut f = Format::new();
        if let Some(code) = &self.number_format {
            f = f.set_num_format(code);
        }
        if self.bold {
            f = f.set_bold();
        }
        match (self.mark, self.fill) {
            (Some(s), _) => f
                .set_background_color(Color::RGB(s.colours().fill))
                .set_border(FormatBorder::Thick)
                .set_border_color(Color::RGB(MARK_BORDER)),
            (None, Some(rgb)) => f.set_background_color(Color::RGB(rgb)),
            (None, None) => f,
        }
    }
}

/// The formats of a sheet, made once per distinct style.
#[derive(Default)]
struct Formats(HashMap<FormatKey, Format>);

impl Formats {
    /// The format of a cell (its style; `dd/mm/yyyy` for a date without a number format; the
    /// highlight of its worst finding), or `None` when it needs none.
    fn get(&mut self, cell: Option<&Cell>, mark: Option<Severity>) -> Option<&Format> {
        let style = cell.and_then(|c| c.style.as_deref());
        let is_date = matches!(cell.and_then(|c| c.value.as_ref()), Some(Value::Date(_)));
        let number_format = style
            .and_then(|s| s.number_format.as_deref())
            .map(|code| {
                let code: String = code.chars().filter(|c| !c.is_control()).collect();
                cut_utf16(&code, 255).into_owned()
            })
            .filter(|code| !code.is_empty())
            .or_else(|| is_date.then(|| DATE_FORMAT.to_string()));
        let key = FormatKey {
            fill: style.and_then(|s| s.fill).map(|argb| argb & 0x00FF_FFFF),
            number_format,
            bold: style.is_some_and(|s| s.bold),
            mark,
        };
        if key == FormatKey::default() {
            return None;
        }
        Some(self.0.entry(key).or_insert_with_key(FormatKey::format))
    }
}
