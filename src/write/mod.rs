//! Workbook writers: the data-quality report of a run's findings ([`write_findings_report`]),
//! a service's own return handed back with its findings marked on the cells
//! ([`annotate_workbook`]), and the corporate performance and risk report of a consolidation
//! ([`write_corporate_workbook`]). Shared here: the findings table, cell references, row
//! heights, and Excel's limits on text and sheet names, so no input can make a writer panic.
//!
//! The corporate workbook is a module a sheet (`corporate/summary.rs`, `registers.rs`,
//! `performance.rs`, ...), built in order by `corporate/mod.rs`. A new sheet is a new file there
//! that writes with the kit (`kit.rs`: formats, page and print setup, titles, row fitting,
//! cells, table frames, rows grouped by theme) and the words and colours of [`crate::domain`].

mod annotate;
mod benchmark_columns;
mod corporate;
mod diff;
pub(crate) mod kit;
mod raw;
mod report;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use rust_xlsxwriter::{
    quote_sheet_name, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Url,
    Workbook, Worksheet, XlsxError,
};

use crate::output::OutputError;
use crate::schema::{Finding, Severity};

pub use annotate::annotate_workbook;
pub use corporate::write_corporate_workbook;
pub use diff::write_diff_workbook;
pub use report::write_findings_report;

/// Excel's limit on the text of a cell, in UTF-16 code units.
pub const MAX_CELL_TEXT: usize = 32_767;

/// Excel's limit on the length of a sheet name, in UTF-16 code units.
pub const MAX_SHEET_NAME: usize = 31;

/// Excel's last row (0-based).
pub(crate) const LAST_ROW: u32 = 1_048_575;

/// Excel's last column (0-based).
const LAST_COL: u16 = 16_383;

/// The text naming where a finding points, as Excel writes a reference: `'Risk Register'!L14`
/// (the sheet name quoted, with any `'` doubled, when it has spaces or punctuation or looks
/// like a cell reference), `Sheet1!B2` when plain, the sheet name alone when there is no cell;
/// `None` without a sheet (the caller shows the file).
pub fn source_ref(sheet: Option<&str>, cell: Option<&str>) -> Option<String> {
    let sheet = sheet?;
    match cell.map(str::trim).filter(|c| !c.is_empty()) {
        Some(cell) => Some(format!("{}!{cell}", quote_sheet(sheet))),
        None => Some(sheet.to_string()),
    }
}

/// A sheet name as it must appear in a reference (quoted when needed).
fn quote_sheet(sheet: &str) -> String {
    // The library leaves a name that already starts with `'` alone, taking it as quoted.
    if sheet.starts_with('\'') || sheet.is_empty() {
        format!("'{}'", sheet.replace('\'', "''"))
    } else {
        quote_sheet_name(sheet)
    }
}

/// Text cut to Excel's cell limit, on a character boundary.
pub(crate) fn excel_text(s: &str) -> Cow<'_, str> {
    cut_utf16(s, MAX_CELL_TEXT)
}

/// The longest prefix of `s` with at most `max` UTF-16 code units.
pub(crate) fn cut_utf16(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        // Each UTF-16 unit takes at least one byte of UTF-8.
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    for (i, ch) in s.char_indices() {
        units += ch.len_utf16();
        if units > max {
            return Cow::Owned(s[..i].to_string());
        }
    }
    Cow::Borrowed(s)
}

/// Sheet names made valid for Excel and unique (ignoring case), in order: the characters
/// `[ ] : * ? / \` replaced (brackets by parentheses), control characters dropped, no leading
/// or trailing `'`, at most 31 characters, `History` (reserved by Excel) and blanks renamed,
/// and a repeated name numbered `Name (2)`. Names in `taken` are already used.
pub(crate) fn sanitise_sheet_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
    taken: &[&str],
) -> Vec<String> {
    let mut used: HashSet<String> = taken.iter().map(|t| t.to_lowercase()).collect();
    let mut out = Vec::new();
    for name in names {
        let clean: String = name
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| match c {
                '[' => '(',
                ']' => ')',
                ':' | '*' | '?' | '/' | '\\' => '-',
                c => c,
            })
            .collect();
        let clean = clean.trim_matches('\'');
        let base = match clean {
            "" => "Sheet".to_string(),
            c if c.eq_ignore_ascii_case("history") => format!("{c} (1)"),
            c => c.to_string(),
        };
        let mut candidate = cut_sheet_name(&base, "");
        let mut n = 2;
        while used.contains(&candidate.to_lowercase()) {
            candidate = cut_sheet_name(&base, &format!(" ({n})"));
            n += 1;
        }
        used.insert(candidate.to_lowercase());
        out.push(candidate);
    }
    out
}

/// `base` cut so that it and `suffix` fit a sheet name, without a trailing `'`.
fn cut_sheet_name(base: &str, suffix: &str) -> String {
    let room = MAX_SHEET_NAME - suffix.encode_utf16().count();
    let head = cut_utf16(base, room);
    let head = head.trim_end_matches('\'');
    let head = if head.is_empty() { "Sheet" } else { head };
    format!("{head}{suffix}")
}

/// A 0-based (row, column) from an A1 reference (`L14`, `$L$14`), within Excel's grid.
pub(crate) fn parse_cell(a1: &str) -> Option<(u32, u16)> {
    let (row, col) = crate::schema::parse_a1(a1)?;
    (row <= LAST_ROW && col <= u32::from(LAST_COL)).then_some((row, col as u16))
}

/// The findings in the one order findings are listed in ([`Finding::cmp_place`]).
pub(crate) fn sorted_findings<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
) -> Vec<&'a Finding> {
    let mut out: Vec<&Finding> = findings.into_iter().collect();
    out.sort_by(|a, b| a.cmp_place(b));
    out
}

/// The position of a severity in [`Severity::ALL`].
pub(crate) fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The format of a severity's cell in a findings table.
fn severity_format(s: Severity) -> Format {
    kit::coloured(Format::new(), s.colours())
}

/// Bold with a grey-blue fill and a thin border: the header of every table.
pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// The findings table's columns: heading and width in characters.
pub(crate) const COLUMNS: [(&str, f64); 12] = [
    ("Severity", 10.0),
    ("Principle", 13.0),
    ("Rule", 22.0),
    ("Message", 70.0),
    ("Directorate", 22.0),
    ("File", 32.0),
    ("Sheet", 20.0),
    ("Row", 7.0),
    ("Cell", 7.0),
    ("Source", 26.0),
    ("Record", 14.0),
    ("Field", 18.0),
];

/// Excel's limit on hyperlinks in one sheet.
const MAX_LINKS: usize = 65_530;

/// Column of the Source in the findings table.
const SOURCE_COL: u16 = 9;

/// Writes the findings table on a sheet (one row per finding, in the order given) with a bold
/// header, frozen top row, autofilter, wrapped messages, widths and print setup. `link` gives,
/// for a finding, the reference inside the same workbook its Source cell links to.
pub(crate) fn write_findings_table(
    ws: &mut Worksheet,
    findings: &[&Finding],
    link: impl Fn(&Finding) -> Option<String>,
) -> Result<(), XlsxError> {
    let header = header_format();
    for (col, (heading, width)) in (0u16..).zip(COLUMNS) {
        ws.write_with_format(0, col, heading, &header)?;
        ws.set_column_width(col, width)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let severity: Vec<Format> = Severity::ALL
        .iter()
        .map(|&s| severity_format(s).set_align(FormatAlign::Top))
        .collect();
    // Excel's grid ends at LAST_ROW; a last row says how many findings did not fit.
    let room = LAST_ROW as usize - 1;
    let mut links = 0;
    for (row, f) in (1u32..).zip(findings.iter().take(room)) {
        let sev = &severity[severity_index(f.severity)];
        ws.write_with_format(row, 0, f.severity.as_str(), sev)?;
        ws.write_with_format(row, 1, f.principle.as_str(), &top)?;
        ws.write_with_format(row, 2, excel_text(&f.rule), &top)?;
        ws.write_with_format(row, 3, excel_text(&f.message), &wrap)?;
        // Tall enough for the wrapped message: a spreadsheet program cannot be relied on to fit
        // a row when it opens the file, and LibreOffice prints the text over the next row.
        let lines = wrapped_lines(&f.message, COLUMNS[3].1);
        if lines > 1 {
            ws.set_row_height(row, row_height(lines))?;
        }
        let texts = [
            (4, f.directorate.as_deref().unwrap_or("(not known)")),
            (5, f.file.as_str()),
            (6, f.sheet.as_deref().unwrap_or("")),
            (8, f.cell.as_deref().unwrap_or("")),
            (10, f.record_id.as_deref().unwrap_or("")),
            (11, f.field.as_deref().unwrap_or("")),
        ];
        for (col, text) in texts {
            if !text.is_empty() {
                ws.write_with_format(row, col, excel_text(text), &top)?;
            }
        }
        if let Some(r) = f.row {
            ws.write_with_format(row, 7, r, &top)?;
        }
        let source =
            source_ref(f.sheet.as_deref(), f.cell.as_deref()).unwrap_or_else(|| f.file.clone());
        let source = cut_utf16(&source, 255).into_owned();
        match link(f).filter(|_| links < MAX_LINKS) {
            Some(target) => {
                links += 1;
                let url = Url::new(format!("internal:{target}")).set_text(source);
                ws.write_url(row, SOURCE_COL, url)?;
            }
            None => {
                ws.write_with_format(row, SOURCE_COL, source, &top)?;
            }
        }
    }
    let shown = findings.len().min(room) as u32;
    if findings.len() > room {
        let more = format!(
            "{} more findings not listed: Excel's sheet ends here.",
            findings.len() - room
        );
        ws.write(shown + 1, 3, more)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, shown.max(1), COLUMNS.len() as u16 - 1)?;
    ws.set_repeat_rows(0, 0)?;
    print_fit(ws, &COLUMNS.map(|c| c.1), (0, 3))?;
    ws.set_header("&C&\"-,Bold\"&A");
    ws.set_footer("&L&F&RPage &P of &N");
    Ok(())
}

/// Lines a text takes when wrapped in a column `width` characters wide (greedy word wrap;
/// a column holds about 1.3 average characters of Calibri per unit of width, counted as 1.25
/// so that wider substitute fonts fit too); stops counting at `MAX_LINES`.
pub(crate) fn wrapped_lines(text: &str, width: f64) -> usize {
    let cap = (width * 1.25 - 1.0).floor().max(1.0) as usize;
    // Most cells fit on a line: no more bytes than the line holds characters.
    if text.len() <= cap && !text.contains('\n') {
        return 1;
    }
    count_lines(text, cap)
}

/// Lines of greedy word wrap at `cap` characters a line (at most `MAX_LINES`).
pub(crate) fn count_lines(text: &str, cap: usize) -> usize {
    let mut lines = 0;
    for para in text.split('\n') {
        lines += 1;
        let mut used = 0usize;
        for word in para.split_whitespace() {
            let n = word.chars().count();
            if used == 0 {
                used = n;
            } else if used + 1 + n <= cap {
                used += 1 + n;
            } else {
                lines += 1;
                used = n;
            }
            while used > cap {
                lines += 1;
                used -= cap;
            }
            if lines >= MAX_LINES {
                return MAX_LINES;
            }
        }
    }
    lines.clamp(1, MAX_LINES)
}

/// The most lines a row is made tall enough for (Excel's highest row is 409 points).
pub(crate) const MAX_LINES: usize = 27;

/// Points per line of 11-point text.
pub(crate) const LINE_HEIGHT: f64 = 15.0;

/// Excel's highest row, in points.
pub(crate) const MAX_ROW_HEIGHT: f64 = 409.0;

/// The height in points of a row of `lines` wrapped lines of 11-point text: the one estimate
/// every workbook goldthread writes (reports, annotated copies, templates) fits rows by.
pub(crate) fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_HEIGHT + 3.0).min(MAX_ROW_HEIGHT)
}

/// Landscape A4, one page wide (for sheets narrow enough to print so at 8 pt or more), the
/// sheet's name at the top and the file and page number at the foot of every page.
pub(crate) fn print_setup(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header("&C&\"-,Bold\"&A");
    ws.set_footer("&L&F&RPage &P of &N");
}

/// Excel's paper codes.
pub(crate) const PAPER_A4: u8 = 9;
pub(crate) const PAPER_A3: u8 = 8;
/// The print scale of a sheet too wide for a page: the 11 pt body text prints at 8.25 pt.
pub(crate) const MIN_PRINT_SCALE: u16 = 75;

/// How a sheet of columns `widths` (Excel character widths) prints: landscape on A4 when it
/// fits one page wide at [`MIN_PRINT_SCALE`] or more, else on A3; when it does not fit A3
/// either, at that scale across as many pages as it takes, with columns `keep` (the reference
/// and title) repeated on each. Returns the paper and the scale (None: one page wide).
pub(crate) fn print_fit(
    ws: &mut Worksheet,
    widths: &[f64],
    keep: (u16, u16),
) -> Result<(u8, Option<u16>), XlsxError> {
    ws.set_landscape();
    let (paper, scale) = fit_paper(widths);
    ws.set_paper_size(paper);
    match scale {
        None => {
            ws.set_print_fit_to_pages(1, 0);
        }
        Some(s) => {
            ws.set_print_scale(s);
            ws.set_repeat_columns(keep.0, keep.1)?;
        }
    }
    Ok((paper, scale))
}

/// The paper and scale of [`print_fit`].
pub(crate) fn fit_paper(widths: &[f64]) -> (u8, Option<u16>) {
    // A unit of column width prints about 10 px wide at 96 dpi in LibreOffice and Excel alike
    // (more than the 7 px of a digit of the default font: measured from their PDFs); the
    // printable width is the landscape page less half-inch margins.
    let points: f64 = widths.iter().map(|w| (w * 10.0 + 5.0) * 0.75).sum();
    let fits = |printable: f64| printable / points.max(1.0) * 100.0 >= f64::from(MIN_PRINT_SCALE);
    if fits(842.0 - 72.0) {
        (PAPER_A4, None)
    } else if fits(1191.0 - 72.0) {
        (PAPER_A3, None)
    } else {
        (PAPER_A3, Some(MIN_PRINT_SCALE))
    }
}

pub use crate::schema::OUTPUT_SUBJECTS;

/// Document properties with author "goldthread"; the creation time is `SOURCE_DATE_EPOCH`
/// when that is set (reproducible output), else now.
pub(crate) fn properties(title: &str, subject: &str) -> DocProperties {
    let props = DocProperties::new()
        .set_title(cut_utf16(title, 255))
        .set_subject(subject)
        .set_author("goldthread");
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|t| ExcelDateTime::from_timestamp(t).ok());
    match fixed {
        Some(t) => props.set_creation_datetime(&t),
        None => props,
    }
}

/// A workbook error as the output error naming the file.
pub(crate) fn encode_error(path: &Path, e: XlsxError) -> OutputError {
    OutputError::encode(path, e)
}

/// The zip compression level of every workbook goldthread writes.
pub const ZIP_LEVEL: u8 = 2;

/// As [`save`], with rows written apart from the workbook put into its sheets (by position):
/// see [`raw`].
pub(crate) fn save_with_rows(
    workbook: &mut Workbook,
    rows: Vec<(usize, raw::Rows)>,
    path: &Path,
) -> Result<(), OutputError> {
    let bytes = encode(workbook, path)?;
    let mut failed = None;
    crate::output::write_atomic_with(path, |w| {
        raw::save_spliced(&bytes, rows, w, ZIP_LEVEL).map_err(|e| match e {
            XlsxError::IoError(e) => e,
            other => {
                let message = other.to_string();
                failed = Some(other);
                std::io::Error::other(message)
            }
        })
    })
    .map_err(|e| match failed.take() {
        Some(x) => encode_error(path, x),
        None => e,
    })
}

/// Encodes the workbook and writes it to `path` atomically.
pub(crate) fn save(workbook: &mut Workbook, path: &Path) -> Result<(), OutputError> {
    let bytes = encode(workbook, path)?;
    crate::output::write_atomic(path, &bytes)
}

/// The workbook's package, compressed at [`ZIP_LEVEL`].
fn encode(workbook: &mut Workbook, path: &Path) -> Result<Vec<u8>, OutputError> {
    // Deflate level 2 (rust_xlsxwriter's default is 6): about 6% larger than level 3 and a sixth
    // faster to write a large register; level 1 was half as large again.
    workbook.set_zip_compression_level(ZIP_LEVEL);
    workbook.save_to_buffer().map_err(|e| encode_error(path, e))
}

/// Whether python3 with openpyxl is here to read written workbooks back; when not, a note says
/// which check is skipped.
#[cfg(test)]
pub(crate) fn has_openpyxl(check: &str) -> bool {
    has_python_module("openpyxl", check)
}

/// Whether python3 with `module` is here (see [`tool_here`]).
#[cfg(test)]
pub(crate) fn has_python_module(module: &str, check: &str) -> bool {
    let here = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    tool_here(here, &format!("python3 with {module}"), check)
}

/// A test's outside tool: when it is not here, the check is skipped with a note, or fails when
/// `GOLDTHREAD_REQUIRE_TOOLS` is set (as in CI).
#[cfg(test)]
pub(crate) fn tool_here(here: bool, tool: &str, check: &str) -> bool {
    if !here {
        assert!(
            std::env::var_os("GOLDTHREAD_REQUIRE_TOOLS").is_none(),
            "{tool} is required for {check} (GOLDTHREAD_REQUIRE_TOOLS is set, as in CI)"
        );
        println!("note: {tool} is not available; {check} skipped");
    }
    here
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn source_ref_quotes_sheet_names_as_excel_does() {
        assert_eq!(
            source_ref(Some("Risk Register"), Some("L14")).as_deref(),
            Some("'Risk Register'!L14")
        );
        assert_eq!(
            source_ref(Some("Sheet1"), Some("B2")).as_deref(),
            Some("Sheet1!B2")
        );
        assert_eq!(
            source_ref(Some("Children's"), Some("A1")).as_deref(),
            Some("'Children''s'!A1")
        );
        assert_eq!(
            source_ref(Some("'Quoted"), Some("A1")).as_deref(),
            Some("'''Quoted'!A1")
        );
        assert_eq!(
            source_ref(Some("Q2-KPIs"), Some("C3")).as_deref(),
            Some("'Q2-KPIs'!C3")
        );
        assert_eq!(
            source_ref(Some("2024"), Some("C3")).as_deref(),
            Some("'2024'!C3")
        );
        // A name that reads as a cell reference must be quoted too.
        assert_eq!(
            source_ref(Some("A1"), Some("C3")).as_deref(),
            Some("'A1'!C3")
        );
        assert_eq!(source_ref(Some("KPIs"), None).as_deref(), Some("KPIs"));
        assert_eq!(source_ref(Some("KPIs"), Some(" ")).as_deref(), Some("KPIs"));
        assert_eq!(source_ref(None, Some("A1")), None);
        assert_eq!(source_ref(None, None), None);
    }

    #[test]
    fn cells_parse_within_the_grid() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("L14"), Some((13, 11)));
        assert_eq!(parse_cell("$ab$10"), Some((9, 27)));
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        for bad in [
            "",
            "A",
            "14",
            "A0",
            "XFE1",
            "A1048577",
            "ABCD1",
            "A1B",
            "É1",
            "A99999999999",
        ] {
            assert_eq!(parse_cell(bad), None, "{bad}");
        }
    }

    #[test]
    fn sheet_names_follow_excels_rules() {
        let long = "A very long sheet name that Excel would refuse outright";
        let names = sanitise_sheet_names(
            [
                "Risks [draft]",
                "Q2: KPIs/PIs*?",
                "data quality",
                long,
                long,
                "'quoted'",
                "",
                "History",
                "Tab\u{1}",
                "Risks (draft)",
            ],
            &["Data quality"],
        );
        assert_eq!(names[0], "Risks (draft)");
        assert_eq!(names[1], "Q2- KPIs-PIs--");
        assert_eq!(names[2], "data quality (2)");
        assert_eq!(names[3], "A very long sheet name that Exc");
        assert_eq!(names[4], "A very long sheet name that (2)");
        assert_eq!(names[5], "quoted");
        assert_eq!(names[6], "Sheet");
        assert_eq!(names[7], "History (1)");
        assert_eq!(names[8], "Tab");
        assert_eq!(names[9], "Risks (draft) (2)");
        for n in &names {
            assert!(rust_xlsxwriter::check_sheet_name(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn long_text_is_cut_to_excels_limit_on_a_character_boundary() {
        let s = "é".repeat(40_000);
        let cut = excel_text(&s);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_TEXT);
        let emoji = "😀".repeat(20_000);
        assert!(excel_text(&emoji).encode_utf16().count() <= MAX_CELL_TEXT);
        assert!(matches!(excel_text("short"), Cow::Borrowed("short")));
    }
}
