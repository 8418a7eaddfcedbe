//! The corporate workbook: a consolidation laid out as the committee paper it goes into (a
//! summary with RAG counts and risk heat maps, the strategic and corporate risk registers, the
//! corporate performance scorecard with each measure's trend, data quality and submissions), ready
//! to print as it stands.
//!
//! ```text
//! Summary                  key figures | RAG by theme (+ stacked bar chart) | RAG by directorate
//!                          | open risks by rating | current and target heat maps
//! Strategic Risk Register  escalated risks, a bold row per theme, then one row per risk
//! Corporate Risk Register  every risk, laid out the same way
//! Corporate Performance    one row per measure, its series drawn in "Trend" (▂▄▆█)
//! Data Quality             the findings table of the data-quality report
//! Submissions              one row per directorate: received or missing, files, counts
//! ```

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartLegendPosition, ChartSolidFill, ChartType, Color,
    ConditionalFormatText, ConditionalFormatTextRule, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Table, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

use super::raw::{RawRows, Rows, Xfs};
use super::{
    cut_utf16, encode_error, excel_text, header_format, print_fit, print_setup, properties,
    save_with_rows, sorted_findings, wrapped_lines, write_findings_table, LAST_ROW, LINE_HEIGHT,
    PAPER_A3, PAPER_A4,
};
use crate::config::Config;
use crate::consolidate::{ConsolidatedRisk, Consolidation, MeasureLine, RagCounts, NO_DIRECTORATE};
use crate::output::OutputError;
use crate::read::format_number;
use crate::schema::{
    Band, Direction, MeasureKind, Polarity, Rag, Rating, RiskStatus, Severity, Trend, Unit,
};

/// The sheets, in order.
pub(crate) const SUMMARY: &str = "Summary";
pub(crate) const STRATEGIC: &str = "Strategic Risk Register";
pub(crate) const CORPORATE: &str = "Corporate Risk Register";
pub(crate) const PERFORMANCE: &str = "Corporate Performance";
pub(crate) const DATA_QUALITY: &str = "Data Quality";
pub(crate) const SUBMISSIONS: &str = "Submissions";

/// Row of the column headings on the registers, performance and submissions sheets (0-based):
/// the title, a subtitle and a blank row come first, then the registers' group headings
/// ("Current risk" over L / I / Score), a blank row elsewhere.
const HEADER_ROW: u32 = 4;

/// The most values of a measure's series drawn in its trend (the latest ones).
const MAX_SERIES: usize = 60;

/// Paper sizes (Excel's codes).

/// Fills of the rating bands (Excel's good / neutral / an orange / bad).
fn band_fill(b: Band) -> u32 {
    match b {
        Band::Low => 0xC6EFCE,
        Band::Medium => 0xFFEB9C,
        Band::High => 0xF8CBAD,
        Band::VeryHigh => 0xFFC7CE,
    }
}

/// Text colours that go with the band fills.
fn band_text(b: Band) -> u32 {
    match b {
        Band::Low => 0x006100,
        Band::Medium => 0x9C5700,
        Band::High => 0x843C0C,
        Band::VeryHigh => 0x9C0006,
    }
}

/// A band as a committee reads it.
fn band_label(b: Band) -> &'static str {
    match b {
        Band::Low => "Low",
        Band::Medium => "Medium",
        Band::High => "High",
        Band::VeryHigh => "Very high",
    }
}

const BANDS: [Band; 4] = [Band::Low, Band::Medium, Band::High, Band::VeryHigh];

/// RAG fills and text colours for cells (the soft palette, legible in print).
const RAG_CELL: [(&str, u32, u32); 3] = [
    ("Red", 0xFFC7CE, 0x9C0006),
    ("Amber", 0xFFEB9C, 0x9C5700),
    ("Green", 0xC6EFCE, 0x006100),
];

/// RAG colours of the chart bars: red, amber, green and grey for "no RAG".
const RAG_CHART: [u32; 4] = [0xC00000, 0xFFC000, 0x00B050, 0xBFBFBF];

/// Writes the corporate performance and risk workbook of a consolidation to `path`
/// (atomically): Summary, Strategic Risk Register, Corporate Risk Register, Corporate
/// Performance, Data Quality and Submissions, each titled
/// "`<council>` performance and risk report, `<period>`", print-ready (landscape, one page wide,
/// headings repeated, page numbers in the footer). The heat maps follow `config`'s matrix.
///
/// # Errors
/// [`OutputError::Encode`] when the workbook cannot be built, [`OutputError::Io`] when the
/// file cannot be written.
pub fn write_corporate_workbook(
    path: &Path,
    c: &Consolidation,
    config: &Config,
) -> Result<(), OutputError> {
    let title = report_title(c, config);
    let mut workbook = Workbook::new();
    let f = Formats::new();
    // First, before any other format is used: the registers' rows give their cells these
    // formats' indices.
    let xfs = Xfs::register(&mut workbook, &f.of_register_rows());
    let council = council(c, config).unwrap_or("");
    let props = properties(&title, super::OUTPUT_SUBJECTS[0])
        .set_company(cut_utf16(council, 255))
        .set_category("Committee report")
        .set_keywords(format!("performance, risk, {}", c.period.label))
        .set_comment(format!(
            "Consolidated by goldthread from {} return(s) for {}.",
            c.files.len(),
            c.period.label
        ));
    workbook.set_properties(&props);
    let rows =
        build(&mut workbook, c, config, &title, &f, &xfs).map_err(|e| encode_error(path, e))?;
    save_with_rows(&mut workbook, rows, path)
}

/// The council's name, where the consolidation or the configuration gives one.
fn council<'a>(c: &'a Consolidation, config: &'a Config) -> Option<&'a str> {
    c.council
        .as_deref()
        .or(config.framework.council.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// "<council or 'Corporate'> performance and risk report, <period label>".
pub(crate) fn report_title(c: &Consolidation, config: &Config) -> String {
    format!(
        "{} performance and risk report, {}",
        council(c, config).unwrap_or("Corporate"),
        c.period.label
    )
}

/// Builds the sheets into `workbook`; returns the registers' rows, by the position of their
/// sheet, to go in when it is saved.
fn build(
    workbook: &mut Workbook,
    c: &Consolidation,
    config: &Config,
    title: &str,
    f: &Formats,
    xfs: &Xfs,
) -> Result<Vec<(usize, Rows)>, XlsxError> {
    let page = Page::new(c, title);
    // The register of every risk is the largest sheet: it is built on a second thread while
    // the others are built here, and the sheets go into the workbook in their order.
    let (corporate, others) = std::thread::scope(|scope| {
        let corporate = scope.spawn(|| corporate_sheet(c, config, title, &page, f, xfs));
        let others = other_sheets(c, config, title, &page, f, xfs);
        let corporate = corporate.join().unwrap_or_else(|_| {
            Err(XlsxError::ParameterError(
                "the corporate register sheet could not be built".into(),
            ))
        });
        (corporate, others)
    });
    let ((corporate, corporate_rows), (others, strategic_rows)) = (corporate?, others?);
    let mut others = others.into_iter();
    for ws in others.by_ref().take(2) {
        workbook.push_worksheet(ws);
    }
    workbook.push_worksheet(corporate);
    for ws in others {
        workbook.push_worksheet(ws);
    }
    // The registers are the second and third sheets.
    Ok(vec![(1, strategic_rows), (2, corporate_rows)])
}

/// The register of every risk the directorates returned: the sheet, and its rows.
fn corporate_sheet(
    c: &Consolidation,
    config: &Config,
    title: &str,
    page: &Page,
    f: &Formats,
    xfs: &Xfs,
) -> Result<(Worksheet, Rows), XlsxError> {
    let all: Vec<&ConsolidatedRisk> = c.risks.iter().collect();
    let open = all
        .iter()
        .filter(|r| r.risk.status == RiskStatus::Open)
        .count();
    let subtitle = format!(
        "Every risk the directorates returned, by theme: {} ({open} open).",
        count_of(all.len(), "risk", "risks"),
    );
    let kind = Register {
        strategic: false,
        compared: c.movement.compared,
    };
    page.sheet(CORPORATE, register_print(kind), |ws| {
        write_register(ws, xfs, &all, config, c.as_of, kind, title, &subtitle, f)
    })
}

/// Every sheet but the corporate register, in order: summary, strategic register, then
/// performance, data quality and submissions; and the strategic register's rows.
fn other_sheets(
    c: &Consolidation,
    config: &Config,
    title: &str,
    page: &Page,
    f: &Formats,
    xfs: &Xfs,
) -> Result<(Vec<Worksheet>, Rows), XlsxError> {
    // The summary's tables, chart and heat maps side by side: one A3 page wide.
    let (summary, ()) = page.sheet(SUMMARY, Print::OnePage(PAPER_A3), |ws| {
        write_summary(ws, c, config, title, f)
    })?;

    let strategic: Vec<&ConsolidatedRisk> = c.strategic();
    let subtitle = format!(
        "Open risks with a current score of {} or more, or flagged for escalation by their directorate: {}.",
        format_number(config.risk.escalation_score),
        count_of(strategic.len(), "risk", "risks"),
    );
    let kind = Register {
        strategic: true,
        compared: c.movement.compared,
    };
    let (strategic, strategic_rows) = page.sheet(STRATEGIC, register_print(kind), |ws| {
        write_register(
            ws, xfs, &strategic, config, c.as_of, kind, title, &subtitle, f,
        )
    })?;

    let (performance, ()) = page.sheet(
        PERFORMANCE,
        Print::Fit(PERFORMANCE_COLUMNS.iter().map(|c| c.1).collect(), (1, 2)),
        |ws| write_performance(ws, c, title, f),
    )?;

    let finding_widths = super::COLUMNS.iter().map(|c| c.1).collect();
    let (data_quality, ()) =
        page.sheet(DATA_QUALITY, Print::Fit(finding_widths, (0, 3)), |ws| {
            let findings = sorted_findings(&c.findings);
            write_findings_table(ws, &findings, |_| None)
        })?;

    let (submissions, ()) = page.sheet(SUBMISSIONS, Print::OnePage(PAPER_A4), |ws| {
        write_submissions(ws, c, title, f)
    })?;
    Ok((
        vec![summary, strategic, performance, data_quality, submissions],
        strategic_rows,
    ))
}

/// "1 risk", "3 risks".
fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The print setup every sheet shares.
struct Page {
    footer: String,
    header: String,
}

impl Page {
    fn new(c: &Consolidation, title: &str) -> Page {
        // `&` starts a code in headers and footers; Excel limits each to 255 characters.
        let escape = |s: &str| s.replace('&', "&&");
        let period = escape(&cut_utf16(&c.period.label, 60));
        let title = escape(&cut_utf16(title, 100));
        Page {
            footer: format!("&L{period}&C&A&RPage &P of &N"),
            header: format!("&C&\"-,Bold\"{title}"),
        }
    }

    /// A sheet named `name`, built by `build`, set up to print on `paper`.
    fn sheet<T>(
        &self,
        name: &str,
        print: Print,
        build: impl FnOnce(&mut Worksheet) -> Result<T, XlsxError>,
    ) -> Result<(Worksheet, T), XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let built = build(&mut ws)?;
        self.apply(&mut ws, print)?;
        Ok((ws, built))
    }

    fn apply(&self, ws: &mut Worksheet, print: Print) -> Result<(), XlsxError> {
        match print {
            Print::OnePage(paper) => {
                print_setup(ws);
                ws.set_paper_size(paper);
            }
            Print::Fit(widths, keep) => {
                print_fit(ws, &widths, keep)?;
            }
        }
        ws.set_header(self.header.clone());
        ws.set_footer(self.footer.clone());
        ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        Ok(())
    }
}

/// How a sheet prints: one page wide on a paper (a narrow sheet), or fitted by its columns'
/// widths so that text stays at 8 pt or more, the columns given repeated on every page.
enum Print {
    OnePage(u8),
    Fit(Vec<f64>, (u16, u16)),
}

/// The formats used across the sheets.
struct Formats {
    title: Format,
    subtitle: Format,
    heading: Format,
    header: Format,
    group: Format,
    top: Format,
    wrap: Format,
    centre: Format,
    date: Format,
    overdue: Format,
    theme: Format,
    /// A series drawn in block characters.
    trend: Format,
    note: Format,
    total: Format,
    missing: Format,
    received: Format,
    /// Score and rating cells of each band, in `Band` order.
    bands: [Format; 4],
}

impl Formats {
    fn new() -> Formats {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            header: header_format(),
            group: header_format().set_align(FormatAlign::Center),
            wrap: top.clone().set_text_wrap(),
            centre: top.clone().set_align(FormatAlign::Center),
            date: top.clone().set_num_format("dd/mm/yyyy"),
            overdue: top
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_bold()
                .set_font_color(Color::RGB(0x9C0006)),
            trend: top.clone().set_font_color(Color::RGB(0x1F4E78)),
            theme: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_top(FormatBorder::Thin)
                .set_border_bottom(FormatBorder::Thin),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            missing: top
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            received: top
                .clone()
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_font_color(Color::RGB(0x006100)),
            bands: [Band::Low, Band::Medium, Band::High, Band::VeryHigh].map(|b| {
                top.clone()
                    .set_align(FormatAlign::Center)
                    .set_background_color(Color::RGB(band_fill(b)))
                    .set_font_color(Color::RGB(band_text(b)))
            }),
            top,
        }
    }

    /// The formats of the registers' rows (see [`Xfs`]).
    fn of_register_rows(&self) -> Vec<&Format> {
        let mut all = vec![
            &self.top,
            &self.wrap,
            &self.centre,
            &self.date,
            &self.overdue,
            &self.theme,
            &self.note,
        ];
        all.extend(&self.bands);
        all
    }

    /// The format of a score or rating cell of a band (filled in its colour).
    fn band(&self, b: Option<Band>) -> &Format {
        match b {
            Some(b) => &self.bands[b as usize],
            None => &self.centre,
        }
    }
}

/// The title and subtitle rows at the top of a sheet.
fn write_title(
    ws: &mut Worksheet,
    title: &str,
    subtitle: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_with_format(0, 0, excel_text(title), &f.title)?;
    ws.set_row_height(0, 24)?;
    ws.write_with_format(1, 0, excel_text(subtitle), &f.subtitle)?;
    Ok(())
}

/// Where cells go: a rust_xlsxwriter worksheet, or the rows of a register written directly
/// ([`RawRows`]), which take the same calls.
trait Cells {
    /// Text (already cut to Excel's limit); a blank cell in the format for empty text.
    fn put_text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError>;
    /// A finite number.
    fn put_number(&mut self, row: u32, col: u16, n: f64, f: &Format) -> Result<(), XlsxError>;
    fn put_blank(&mut self, row: u32, col: u16, f: &Format) -> Result<(), XlsxError>;
    /// The height of a row, in points.
    fn put_height(&mut self, row: u32, points: f64) -> Result<(), XlsxError>;
}

impl Cells for Worksheet {
    fn put_text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        if s.is_empty() {
            self.write_blank(row, col, f)?;
        } else {
            self.write_with_format(row, col, s, f)?;
        }
        Ok(())
    }

    fn put_number(&mut self, row: u32, col: u16, n: f64, f: &Format) -> Result<(), XlsxError> {
        self.write_with_format(row, col, n, f).map(|_| ())
    }

    fn put_blank(&mut self, row: u32, col: u16, f: &Format) -> Result<(), XlsxError> {
        self.write_blank(row, col, f).map(|_| ())
    }

    fn put_height(&mut self, row: u32, points: f64) -> Result<(), XlsxError> {
        self.set_row_height(row, points).map(|_| ())
    }
}

impl Cells for RawRows<'_> {
    fn put_text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.string(row, col, s, f)
    }

    fn put_number(&mut self, row: u32, col: u16, n: f64, f: &Format) -> Result<(), XlsxError> {
        self.number(row, col, n, f)
    }

    fn put_blank(&mut self, row: u32, col: u16, f: &Format) -> Result<(), XlsxError> {
        self.blank(row, col, f)
    }

    fn put_height(&mut self, row: u32, points: f64) -> Result<(), XlsxError> {
        self.height(row, points)
    }
}

/// Writes text, cut to Excel's limit; a blank cell in the format for empty text.
fn text(ws: &mut impl Cells, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.put_text(row, col, &excel_text(s), f)
}

/// Writes wrapped text cells of one row, then sets the row tall enough for the longest
/// (neither Excel nor LibreOffice can be relied on to fit a row's height when it opens).
struct RowFit {
    row: u32,
    lines: usize,
    min_height: f64,
}

impl RowFit {
    fn new(row: u32, min_height: f64) -> RowFit {
        RowFit {
            row,
            lines: 1,
            min_height,
        }
    }

    /// Writes `s` wrapped in column `col`, `width` characters wide.
    fn wrap(
        &mut self,
        ws: &mut impl Cells,
        col: u16,
        s: &str,
        width: f64,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let s = excel_text(s);
        self.lines = self.lines.max(wrapped_lines(&s, width));
        text(ws, self.row, col, &s, f)
    }

    fn finish(self, ws: &mut impl Cells) -> Result<(), XlsxError> {
        let height = (self.lines as f64 * LINE_HEIGHT + 3.0).max(self.min_height);
        if self.lines > 1 || self.min_height > LINE_HEIGHT {
            ws.put_height(self.row, height.min(409.0))?;
        }
        Ok(())
    }
}

/// Writes a number (a blank cell for none or a value Excel cannot hold).
fn number(
    ws: &mut impl Cells,
    row: u32,
    col: u16,
    n: Option<f64>,
    f: &Format,
) -> Result<(), XlsxError> {
    match n.filter(|n| n.is_finite()) {
        Some(n) => ws.put_number(row, col, n, f),
        None => ws.put_blank(row, col, f),
    }
}

/// Writes a date as a real date: its serial number, which the format shows as a date (text
/// when Excel's calendar cannot hold it); a blank cell for none.
fn date(
    ws: &mut impl Cells,
    row: u32,
    col: u16,
    d: Option<NaiveDate>,
    f: &Format,
) -> Result<(), XlsxError> {
    let Some(d) = d else {
        return ws.put_blank(row, col, f);
    };
    let excel = u16::try_from(d.year())
        .ok()
        .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
    match excel {
        Some(x) => ws.put_number(row, col, x.to_excel(), f),
        None => ws.put_text(row, col, &d.format("%d/%m/%Y").to_string(), f),
    }
}

/// "30 September 2024".
fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Items grouped by theme in the order the themes first appear (the consolidation already
/// orders them: configured themes first, then others, then none).
fn by_theme<'a, T>(
    items: &[&'a T],
    theme: impl Fn(&'a T) -> Option<&'a str>,
) -> Vec<(Option<&'a str>, Vec<&'a T>)> {
    let mut groups: Vec<(Option<&'a str>, Vec<&'a T>)> = Vec::new();
    let mut index: HashMap<Option<&'a str>, usize> = HashMap::new();
    for &item in items {
        let t = theme(item).map(str::trim).filter(|t| !t.is_empty());
        match index.get(&t) {
            Some(&i) => groups[i].1.push(item),
            None => {
                index.insert(t, groups.len());
                groups.push((t, vec![item]));
            }
        }
    }
    groups
}

/// The label of a theme row.
fn theme_label(theme: Option<&str>, n: usize, one: &str, many: &str) -> String {
    format!(
        "{} ({})",
        theme.unwrap_or("No theme given"),
        count_of(n, one, many)
    )
}

/// A bold theme row across the table's columns.
fn theme_row(
    ws: &mut impl Cells,
    row: u32,
    label: &str,
    last_col: u16,
    f: &Formats,
) -> Result<(), XlsxError> {
    text(ws, row, 0, label, &f.theme)?;
    for col in 1..=last_col {
        ws.put_blank(row, col, &f.theme)?;
    }
    ws.put_height(row, 18.0)
}

/// Headings and widths, written on `HEADER_ROW`, with a frozen header, an autofilter from the
/// header to `last_row` and the heading rows repeated on every printed page.
fn table_frame(
    ws: &mut Worksheet,
    columns: &[(&str, f64)],
    last_row: u32,
    frozen_cols: u16,
    first_repeat: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    table_header(ws, columns, f)?;
    table_filter(ws, columns, last_row, frozen_cols, first_repeat)
}

/// Headings and widths, written on `HEADER_ROW`.
fn table_header(ws: &mut Worksheet, columns: &[(&str, f64)], f: &Formats) -> Result<(), XlsxError> {
    for (col, (heading, width)) in (0u16..).zip(columns) {
        ws.write_with_format(HEADER_ROW, col, *heading, &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    Ok(())
}

/// A frozen header, an autofilter from the header to `last_row` and the heading rows repeated
/// on every printed page.
fn table_filter(
    ws: &mut Worksheet,
    columns: &[(&str, f64)],
    last_row: u32,
    frozen_cols: u16,
    first_repeat: u32,
) -> Result<(), XlsxError> {
    let last_col = columns.len() as u16 - 1;
    ws.set_freeze_panes(HEADER_ROW + 1, frozen_cols)?;
    ws.autofilter(HEADER_ROW, 0, last_row.max(HEADER_ROW + 1), last_col)?;
    ws.set_repeat_rows(first_repeat, HEADER_ROW)?;
    Ok(())
}

/// The last row data may use, leaving one for a note that the rest did not fit.
const LAST_DATA_ROW: u32 = LAST_ROW - 1;

/// Writes "N more ... not listed" where a sheet ran out of rows.
/// Writes items grouped by theme from `row`: a theme row before each group, then one row per
/// item by `write`, stopping at the last row Excel has, where a note says how many did not fit.
/// Returns the next free row.
#[allow(clippy::too_many_arguments)]
fn write_grouped<'a, T, C: Cells>(
    ws: &mut C,
    mut row: u32,
    groups: Vec<(Option<&'a str>, Vec<&'a T>)>,
    total: usize,
    (one, many): (&str, &str),
    last_col: u16,
    f: &Formats,
    mut write: impl FnMut(&mut C, u32, &T) -> Result<(), XlsxError>,
) -> Result<u32, XlsxError> {
    let mut written = 0usize;
    'groups: for (theme, group) in groups {
        if row >= LAST_DATA_ROW {
            break;
        }
        theme_row(
            ws,
            row,
            &theme_label(theme, group.len(), one, many),
            last_col,
            f,
        )?;
        row += 1;
        for item in group {
            if row >= LAST_DATA_ROW {
                break 'groups;
            }
            write(ws, row, item)?;
            row += 1;
            written += 1;
        }
    }
    if written < total {
        overflow_note(ws, row, total - written, many, f)?;
    }
    Ok(row)
}

fn overflow_note(
    ws: &mut impl Cells,
    row: u32,
    left: usize,
    what: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let note = format!("{left} more {what} not listed: Excel's sheet ends here.");
    text(ws, row.min(LAST_ROW), 0, &note, &f.note)
}

// ---------------------------------------------------------------------------------------------
// Risk registers

/// The band of a score on the configured matrix.
fn band_of(config: &Config, score: Option<f64>) -> Option<Band> {
    score
        .filter(|s| s.is_finite())
        .and_then(|s| config.band_of(s))
}

fn trend_label(t: Trend) -> &'static str {
    match t {
        Trend::Increasing => "↑ Increasing",
        Trend::Decreasing => "↓ Decreasing",
        Trend::Stable => "→ Stable",
    }
}

/// The mitigating actions, with the action owner and due date where the register gives them.
fn actions_text(r: &crate::schema::Risk) -> String {
    let mut out = r.mitigations.clone().unwrap_or_default();
    let mut who = Vec::new();
    if let Some(o) = r.action_owner.as_deref().filter(|o| !o.trim().is_empty()) {
        who.push(format!("action owner {}", o.trim()));
    }
    if let Some(d) = r.action_due {
        who.push(format!("due {}", d.format("%d/%m/%Y")));
    }
    if !who.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("({})", who.join(", ")));
    }
    out
}

/// Writes a risk register: title, group headings over the ratings and column headings on `ws`,
/// then a theme row before each theme's risks and one row per risk, returned to go into the
/// sheet when the workbook is saved (see [`raw`](super::raw)).
#[allow(clippy::too_many_arguments)]
fn write_register(
    ws: &mut Worksheet,
    xfs: &Xfs,
    risks: &[&ConsolidatedRisk],
    config: &Config,
    as_of: Option<NaiveDate>,
    kind: Register,
    title: &str,
    subtitle: &str,
    f: &Formats,
) -> Result<Rows, XlsxError> {
    write_title(ws, title, subtitle, f)?;
    let columns = register_columns(kind);
    let last_col = columns.len() as u16 - 1;
    // Each column's format, which its empty cells show (a blank cell in it is not written).
    let (wrap, top, centre, date) = (Some(&f.wrap), Some(&f.top), Some(&f.centre), Some(&f.date));
    let mut formats = vec![
        wrap, top, wrap, wrap, wrap, centre, centre, centre, centre, centre, centre, centre,
        centre, centre, centre, wrap, wrap, top, date, date, top,
    ];
    if kind.strategic {
        formats.push(wrap);
    }
    if kind.compared {
        formats.push(wrap);
    }
    for (col, format) in (0u16..).zip(&formats) {
        if let Some(format) = format {
            ws.set_column_format(col, format)?;
        }
    }

    // Group headings above the ratings, merged over L / I / Score.
    let group_row = HEADER_ROW - 1;
    for col in 0..=last_col {
        ws.write_blank(group_row, col, &f.group)?;
    }
    for (first, label) in [
        (5u16, "Inherent risk"),
        (8, "Current risk"),
        (12, "Target risk"),
    ] {
        ws.merge_range(group_row, first, group_row, first + 2, label, &f.group)?;
    }
    ws.write_with_format(group_row, 11, "Current", &f.group)?;
    table_header(ws, &columns, f)?;

    let mut rows = RawRows::new(xfs, &formats)?;
    let row = register_rows(&mut rows, risks, config, as_of, kind, &columns, f)?;
    table_filter(ws, &columns, row.saturating_sub(1), 3, group_row)?;
    rows.finish()
}

/// Which register a sheet is: the strategic one (with each risk's reason for being on it) or
/// the corporate one; with a Movement column when there is a previous report to compare with.
#[derive(Clone, Copy)]
pub(crate) struct Register {
    pub strategic: bool,
    pub compared: bool,
}

/// How a register prints: by its columns' widths, the reference and title repeated.
fn register_print(kind: Register) -> Print {
    Print::Fit(register_columns(kind).iter().map(|c| c.1).collect(), (1, 2))
}

/// The headings and widths of a register's columns.
fn register_columns(kind: Register) -> Vec<(&'static str, f64)> {
    let mut columns: Vec<(&'static str, f64)> = vec![
        ("Directorate", 18.0),
        ("Ref", 9.0),
        ("Risk", 30.0),
        ("Description", 48.0),
        ("Owner", 18.0),
        ("L", 5.0),
        ("I", 5.0),
        ("Score", 7.0),
        ("L", 5.0),
        ("I", 5.0),
        ("Score", 7.0),
        ("Rating", 10.0),
        ("L", 5.0),
        ("I", 5.0),
        ("Score", 7.0),
        ("Controls", 40.0),
        ("Actions", 40.0),
        ("Trend", 13.0),
        ("Last review", 11.5),
        ("Next review", 11.5),
        ("Status", 8.0),
    ];
    if kind.strategic {
        columns.push(("Why it is here", 30.0));
    }
    if kind.compared {
        columns.push(("Movement", 18.0));
    }
    columns
}

/// The rows of a register below its headings: a theme row before each theme's risks and one
/// row per risk. Returns the next free row.
fn register_rows(
    rows: &mut impl Cells,
    risks: &[&ConsolidatedRisk],
    config: &Config,
    as_of: Option<NaiveDate>,
    kind: Register,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<u32, XlsxError> {
    let mut row = HEADER_ROW + 1;
    if risks.is_empty() {
        let none = if kind.strategic {
            "No risks are on the strategic register for this period."
        } else {
            "No risks were returned for this period."
        };
        text(rows, row, 0, none, &f.note)?;
        row += 1;
    }
    let groups = by_theme(risks, |r| r.risk.theme.as_deref());
    write_grouped(
        rows,
        row,
        groups,
        risks.len(),
        ("risk", "risks"),
        columns.len() as u16 - 1,
        f,
        |rows, row, r| write_risk_row(rows, row, r, config, as_of, kind, columns, f),
    )
}

#[allow(clippy::too_many_arguments)]
fn write_risk_row(
    ws: &mut impl Cells,
    row: u32,
    cr: &ConsolidatedRisk,
    config: &Config,
    as_of: Option<NaiveDate>,
    kind: Register,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    let r = &cr.risk;
    let width = |col: u16| columns.get(usize::from(col)).map_or(10.0, |c| c.1);
    let mut fit = RowFit::new(row, 0.0);
    let wrap = |ws: &mut _, fit: &mut RowFit, col: u16, s: Option<&str>| {
        fit.wrap(ws, col, s.unwrap_or(""), width(col), &f.wrap)
    };
    wrap(ws, &mut fit, 0, r.directorate.as_deref())?;
    text(ws, row, 1, &r.id, &f.top)?;
    wrap(ws, &mut fit, 2, r.title.as_deref())?;
    wrap(ws, &mut fit, 3, r.description.as_deref())?;
    wrap(ws, &mut fit, 4, r.owner.as_deref())?;
    let rating = |ws: &mut _, first: u16, x: &Rating| -> Result<(), XlsxError> {
        number(ws, row, first, x.likelihood, &f.centre)?;
        number(ws, row, first + 1, x.impact, &f.centre)?;
        number(
            ws,
            row,
            first + 2,
            x.score,
            f.band(band_of(config, x.score)),
        )
    };
    rating(ws, 5, &r.inherent)?;
    rating(ws, 8, &r.current)?;
    let band = band_of(config, r.current.score).or(r.rating);
    text(
        ws,
        row,
        11,
        band.map(band_label).unwrap_or(""),
        f.band(band),
    )?;
    rating(ws, 12, &r.target)?;
    wrap(ws, &mut fit, 15, r.controls.as_deref())?;
    wrap(ws, &mut fit, 16, Some(&actions_text(r)))?;
    text(ws, row, 17, r.trend.map(trend_label).unwrap_or(""), &f.top)?;
    date(ws, row, 18, r.last_reviewed, &f.date)?;
    let overdue = matches!((r.next_review, as_of), (Some(n), Some(a)) if n < a)
        && r.status == RiskStatus::Open;
    date(
        ws,
        row,
        19,
        r.next_review,
        if overdue { &f.overdue } else { &f.date },
    )?;
    let status = match r.status {
        RiskStatus::Open => "Open",
        RiskStatus::Closed => "Closed",
    };
    text(ws, row, 20, status, &f.top)?;
    let mut col = 21;
    if kind.strategic {
        let reason = cr.escalation_reason.as_deref().map(escalation_in_words);
        wrap(ws, &mut fit, col, reason.as_deref())?;
        col += 1;
    }
    if kind.compared {
        wrap(ws, &mut fit, col, cr.movement.as_deref())?;
    }
    fit.finish(ws)
}

/// A risk's escalation reason as a committee reads it: "score 16 >= 15" is "Current score 16
/// is at or above the escalation threshold of 15"; "flagged by directorate" is "Flagged for
/// escalation by its directorate".
fn escalation_in_words(reason: &str) -> String {
    static SCORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^score ([0-9.]+) >= ([0-9.]+)(.*)$").expect("a valid pattern")
    });
    reason
        .split("; ")
        .map(|part| match SCORE.captures(part) {
            Some(c) => format!(
                "Current score {} is at or above the escalation threshold of {}{}",
                &c[1], &c[2], &c[3]
            ),
            None if part == "flagged by directorate" => {
                "Flagged for escalation by its directorate".to_string()
            }
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

// ---------------------------------------------------------------------------------------------
// Corporate performance

fn kind_label(k: MeasureKind) -> &'static str {
    match k {
        MeasureKind::Kpi => "KPI",
        MeasureKind::Pi => "PI",
        MeasureKind::Statistic => "Statistic",
    }
}

fn unit_label(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "%",
        Unit::Number => "Number",
        Unit::Currency => "£",
        Unit::Days => "Days",
        Unit::Ratio => "Ratio",
    }
}

fn polarity_label(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "Higher is better",
        Polarity::LowerIsBetter => "Lower is better",
    }
}

fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Improving => "↑ Improving",
        Direction::Worsening => "↓ Worsening",
        Direction::NoChange => "→ No change",
    }
}

fn rag_label(r: Rag) -> &'static str {
    match r {
        Rag::Red => "Red",
        Rag::Amber => "Amber",
        Rag::Green => "Green",
    }
}

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

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The columns of the performance sheet; the series of the trends follow, hidden.
const PERFORMANCE_COLUMNS: [(&str, f64); 21] = [
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
    // Then the year-on-year direction and the benchmark (super::benchmark_columns).
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
    PERFORMANCE_COLUMNS.len() == (BENCHMARK_COL + super::benchmark_columns::COUNT) as usize
);
/// First of the hidden columns holding each measure's series.
const SERIES_COL: u16 = PERFORMANCE_COLUMNS.len() as u16 + 1;

fn write_performance(
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
    super::benchmark_columns::hide_unused(ws, BENCHMARK_COL, &lines)?;

    // The RAG column coloured by conditional formats, so a corrected value recolours.
    if last_row > HEADER_ROW {
        for (word, fill, font) in RAG_CELL {
            let cf = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(word.to_string()))
                .set_format(
                    Format::new()
                        .set_background_color(Color::RGB(fill))
                        .set_font_color(Color::RGB(font)),
                );
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
    text(ws, row, 3, l.kind.map(kind_label).unwrap_or(""), &f.top)?;
    text(ws, row, 4, l.unit.map(unit_label).unwrap_or(""), &f.centre)?;
    text(
        ws,
        row,
        5,
        l.polarity.map(polarity_label).unwrap_or(""),
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
    let rag = match (l.rag, l.kind) {
        (Some(r), _) => rag_label(r),
        (None, Some(MeasureKind::Statistic)) => "Context only",
        (None, _) if l.period.is_none() => "Not reported",
        (None, _) => "No RAG",
    };
    text(ws, row, RAG_COL, rag, &f.centre)?;
    if let (Some(reported), Some(given)) = (l.rag_reported, l.rag) {
        let note = format!(
            "Reported {} by the return; actual {} against target {} gives {}, which is shown and counted here.",
            rag_label(reported),
            l.actual.map(crate::read::format_number).unwrap_or_default(),
            l.target.map(crate::read::format_number).unwrap_or_default(),
            rag_label(given)
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
        l.direction.map(direction_label).unwrap_or(""),
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
    super::benchmark_columns::write(
        ws,
        row,
        BENCHMARK_COL,
        l,
        &f.top,
        direction_label,
        &value_format,
    )?;

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
fn trend_text(values: &[Option<f64>]) -> String {
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

// ---------------------------------------------------------------------------------------------
// Submissions

fn write_submissions(
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

// ---------------------------------------------------------------------------------------------
// Summary

/// The most likelihoods or impacts a heat map is drawn for.
const MAX_MATRIX: usize = 50;

/// The configured matrix's height and width, when a heat map can be drawn for it.
fn matrix_size(config: &Config) -> Option<(usize, usize)> {
    let (h, w) = (config.risk.likelihood.len(), config.risk.impact.len());
    let fits = |n: usize| (1..=MAX_MATRIX).contains(&n);
    (fits(h) && fits(w)).then_some((h, w))
}

/// Open risks by likelihood and impact on the configured matrix (`[likelihood-1][impact-1]`),
/// and how many open risks could not be placed on it.
fn heat_counts(
    c: &Consolidation,
    config: &Config,
    pick: impl Fn(&crate::schema::Risk) -> &Rating,
) -> (Vec<Vec<usize>>, usize) {
    let (h, w) = matrix_size(config).unwrap_or((0, 0));
    let mut grid = vec![vec![0usize; w]; h];
    let mut off = 0;
    for r in c.risks.iter().filter(|r| r.risk.status == RiskStatus::Open) {
        let rating = pick(&r.risk);
        let placed = match (rating.likelihood, rating.impact) {
            (Some(l), Some(i)) if l.is_finite() && i.is_finite() => {
                let (l, i) = (l.round(), i.round());
                if l >= 1.0 && i >= 1.0 && l <= h as f64 && i <= w as f64 {
                    grid[l as usize - 1][i as usize - 1] += 1;
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if !placed {
            off += 1;
        }
    }
    (grid, off)
}

/// Themes in the configured order, then others by name, then "(no theme)".
fn ordered_counts<'a>(
    counts: &'a std::collections::BTreeMap<String, RagCounts>,
    order: &[&str],
    none: &str,
) -> Vec<(&'a str, RagCounts)> {
    let mut rows: Vec<(&str, RagCounts)> = counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    rows.sort_by_key(|(k, _)| {
        let rank = if *k == none {
            usize::MAX
        } else {
            order.iter().position(|o| o == k).unwrap_or(usize::MAX - 1)
        };
        (rank, k.to_string())
    });
    rows
}

fn write_summary(
    ws: &mut Worksheet,
    c: &Consolidation,
    config: &Config,
    title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut subtitle = format!(
        "Reporting period {}: {} to {}. Consolidated from {}",
        c.period.label,
        long_date(c.period.start),
        long_date(c.period.end),
        count_of(c.files.len(), "return", "returns"),
    );
    match c.as_of {
        Some(d) => subtitle.push_str(&format!(", as at {}.", long_date(d))),
        None => subtitle.push('.'),
    }
    write_title(ws, title, &subtitle, f)?;
    let w = matrix_size(config).map_or(0, |(_, w)| w);
    // Column A holds labels; B.. counts and the current heat map; the target heat map (and
    // the chart above it) start after a narrow gap.
    let right = w.max(5) as u16 + 2;
    ws.set_column_width(0, 40)?;
    for col in 1..right - 1 {
        ws.set_column_width(col, 12)?;
    }
    ws.set_column_width(right - 1, 3)?;
    ws.set_column_width(right, 20)?;
    for col in right + 1..=right + w as u16 {
        ws.set_column_width(col, 12)?;
    }
    ws.set_freeze_panes(2, 0)?;
    ws.set_repeat_rows(0, 1)?;

    let mut row = 3;
    row = write_key_figures(ws, row, c, config, f)? + 1;

    // RAG by theme, with the stacked bar chart to the right.
    let themes: Vec<&str> = config
        .framework
        .themes
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let heading = format!("Performance RAG status by theme, {}", c.period.label);
    ws.write_with_format(row, 0, excel_text(&heading), &f.heading)?;
    let theme_rows = ordered_counts(&c.summary.rag_by_theme, &themes, "(no theme)");
    let table_row = row + 1;
    row = write_rag_table(ws, table_row, "Theme", &theme_rows, "RagByTheme", f)? + 1;
    if !theme_rows.is_empty() {
        insert_rag_chart(ws, table_row, right, theme_rows.len() as u32)?;
        // Leave room below the table for the chart (20 pixels a row).
        let chart_rows = chart_height(theme_rows.len()) / 20 + 1;
        row = row.max(table_row + chart_rows);
    }

    let heading = format!("Performance RAG status by directorate, {}", c.period.label);
    ws.write_with_format(row, 0, excel_text(&heading), &f.heading)?;
    let dir_rows = ordered_counts(&c.summary.rag_by_directorate, &[], NO_DIRECTORATE);
    row = write_rag_table(ws, row + 1, "Directorate", &dir_rows, "RagByDirectorate", f)? + 1;

    // The risk profile on a page of its own.
    ws.set_page_breaks(&[row])?;
    row += 1;
    row = write_band_table(ws, row, c, f)? + 1;
    let (current, off_current) = heat_counts(c, config, |r| &r.current);
    let (target, off_target) = heat_counts(c, config, |r| &r.target);
    write_heat_map(
        ws,
        row,
        0,
        "Current risk: open risks by current likelihood and impact",
        &current,
        off_current,
        config,
        f,
    )?;
    write_heat_map(
        ws,
        row,
        right,
        "Target risk: open risks by target likelihood and impact",
        &target,
        off_target,
        config,
        f,
    )?;
    Ok(())
}

/// A small Excel table with a header row and `rows` of data; the first column holds labels,
/// the others counts (headed centred). Its header cells carry their own format so that it
/// looks the same where a viewer draws no table styles.
fn add_table(
    ws: &mut Worksheet,
    first_row: u32,
    headings: &[&str],
    rows: u32,
    name: &str,
    text_columns: usize,
) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let format = if i == 0 || i >= headings.len() - text_columns.saturating_sub(1) {
                header_format()
            } else {
                header_format().set_align(FormatAlign::Center)
            };
            TableColumn::new().set_header(*h).set_header_format(format)
        })
        .collect();
    let table = Table::new()
        .set_name(name)
        .set_columns(&columns)
        .set_style(TableStyle::Light1);
    ws.add_table(
        first_row,
        0,
        first_row + rows.max(1),
        headings.len() as u16 - 1,
        &table,
    )?;
    Ok(())
}

/// The key figures; returns the row after them.
fn write_key_figures(
    ws: &mut Worksheet,
    row: u32,
    c: &Consolidation,
    config: &Config,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let s = &c.summary;
    let severity = |sev: Severity| c.findings.iter().filter(|x| x.severity == sev).count();
    // Returns that name no directorate are not a directorate that sent returns.
    let received = c
        .submissions
        .iter()
        .filter(|s| s.status == "received" && s.directorate != NO_DIRECTORATE)
        .count();
    let missing: Vec<&str> = c
        .submissions
        .iter()
        .filter(|s| s.status == "missing")
        .map(|s| s.directorate.as_str())
        .collect();
    let high = ["high", "very_high"]
        .iter()
        .map(|b| s.risks_by_band.get(*b).copied().unwrap_or(0))
        .sum::<usize>();
    let reported = c.performance.iter().filter(|l| l.period.is_some()).count();
    let rag = sum_counts(s.rag_by_theme.values());
    let mut figures: Vec<(&str, usize, String)> = vec![
        ("Risks on the corporate register", s.risks, String::new()),
        (
            "Open risks",
            s.open_risks,
            format!("{high} rated high or very high"),
        ),
        (
            "Risks on the strategic register",
            s.strategic_risks,
            format!(
                "Current score {} or more, or flagged by the directorate",
                format_number(config.risk.escalation_score)
            ),
        ),
        (
            "Performance measures",
            c.performance.len(),
            format!("{reported} with a value for the period"),
        ),
        (
            "Measures rated red",
            rag.red,
            format!(
                "{} amber, {} green, {} with no RAG",
                rag.amber, rag.green, rag.none
            ),
        ),
        (
            "Data-quality findings",
            s.findings,
            format!(
                "{} error(s), {} warning(s), {} for information",
                severity(Severity::Error),
                severity(Severity::Warning),
                severity(Severity::Info)
            ),
        ),
        ("Directorates that sent returns", received, String::new()),
        (
            "Directorates with no return",
            missing.len(),
            missing.join(", "),
        ),
    ];
    let m = &c.movement;
    if m.compared {
        figures.extend([
            (
                "New risks since the last report",
                m.new_risks.len(),
                String::new(),
            ),
            ("Risks closed", m.closed_risks.len(), String::new()),
            (
                "Risks escalated to the strategic register",
                m.escalated.len(),
                String::new(),
            ),
            ("Risks de-escalated", m.de_escalated.len(), String::new()),
            ("Risk scores up", m.score_up.len(), String::new()),
            ("Risk scores down", m.score_down.len(), String::new()),
            (
                "Measures whose RAG changed",
                m.rag_changed.len(),
                String::new(),
            ),
        ]);
    }
    ws.write_with_format(row, 0, "Key figures", &f.heading)?;
    let first = row + 1;
    add_table(
        ws,
        first,
        &["Key figure", "Count", "Notes"],
        figures.len() as u32,
        "KeyFigures",
        2,
    )?;
    let count = Format::new().set_align(FormatAlign::Center);
    let plain = Format::new().set_indent(1);
    for (i, (label, n, note)) in figures.iter().enumerate() {
        let r = first + 1 + i as u32;
        ws.write(r, 0, *label)?;
        ws.write_with_format(r, 1, *n as f64, &count)?;
        let missing = label.starts_with("Directorates with no return") && *n > 0;
        let format = if missing {
            plain
                .clone()
                .set_bold()
                .set_font_color(Color::RGB(0x9C0006))
        } else {
            plain.clone()
        };
        text(ws, r, 2, note, &format)?;
    }
    Ok(first + 1 + figures.len() as u32)
}

fn sum_counts<'a>(counts: impl IntoIterator<Item = &'a RagCounts>) -> RagCounts {
    counts.into_iter().fold(RagCounts::default(), |mut a, b| {
        a.red += b.red;
        a.amber += b.amber;
        a.green += b.green;
        a.none += b.none;
        a
    })
}

/// A RAG count table (label, Red, Amber, Green, No RAG, Total) and a bold total row beneath;
/// returns the row after it.
fn write_rag_table(
    ws: &mut Worksheet,
    first: u32,
    heading: &str,
    rows: &[(&str, RagCounts)],
    name: &str,
    f: &Formats,
) -> Result<u32, XlsxError> {
    if rows.is_empty() {
        ws.write_with_format(first, 0, "No performance values for the period.", &f.note)?;
        return Ok(first + 1);
    }
    add_table(
        ws,
        first,
        &[heading, "Red", "Amber", "Green", "No RAG", "Total"],
        rows.len() as u32,
        name,
        1,
    )?;
    // The RAG headings in their colours.
    for (col, (word, fill, font)) in (1u16..).zip(RAG_CELL) {
        let format = header_format()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(font));
        ws.write_with_format(first, col, word, &format)?;
    }
    let count = Format::new().set_align(FormatAlign::Center);
    for (i, (label, n)) in rows.iter().enumerate() {
        let r = first + 1 + i as u32;
        ws.write(r, 0, excel_text(label))?;
        for (col, v) in (1u16..).zip([n.red, n.amber, n.green, n.none, n.total()]) {
            ws.write_with_format(r, col, v as f64, &count)?;
        }
    }
    let total = sum_counts(rows.iter().map(|(_, n)| n));
    let r = first + 1 + rows.len() as u32;
    ws.write_with_format(r, 0, "Total", &f.total)?;
    let bold = f.total.clone().set_align(FormatAlign::Center);
    for (col, v) in (1u16..).zip([
        total.red,
        total.amber,
        total.green,
        total.none,
        total.total(),
    ]) {
        ws.write_with_format(r, col, v as f64, &bold)?;
    }
    Ok(r + 1)
}

/// The chart's height in pixels for `rows` bars.
fn chart_height(rows: usize) -> u32 {
    (100 + 34 * rows.min(100) as u32).clamp(260, 640)
}

/// A stacked bar chart of the RAG table at `table_row` (`rows` themes), the themes top down.
fn insert_rag_chart(
    ws: &mut Worksheet,
    table_row: u32,
    col: u16,
    rows: u32,
) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::BarStacked);
    let (first, last) = (table_row + 1, table_row + rows);
    for (i, color) in RAG_CHART.iter().enumerate() {
        let value_col = 1 + i as u16;
        chart
            .add_series()
            .set_name((SUMMARY, table_row, value_col))
            .set_categories((SUMMARY, first, 0, last, 0))
            .set_values((SUMMARY, first, value_col, last, value_col))
            .set_format(ChartSolidFill::new().set_color(Color::RGB(*color)))
            .set_gap(60);
    }
    chart.title().set_name("Measures by RAG status and theme");
    // In a bar chart the categories run up the vertical (y) axis: reverse them so the first
    // theme is at the top, and keep the value axis at the bottom.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart.x_axis().set_name("Measures");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(520).set_height(chart_height(rows as usize));
    ws.insert_chart(table_row, col, &chart)?;
    Ok(())
}

/// Open risks by current band: Low, Medium, High, Very high, Not rated; returns the next row.
fn write_band_table(
    ws: &mut Worksheet,
    row: u32,
    c: &Consolidation,
    f: &Formats,
) -> Result<u32, XlsxError> {
    ws.write_with_format(row, 0, "Open risks by current rating", &f.heading)?;
    let first = row + 1;
    let mut rows: Vec<(&str, usize, Option<Band>)> = BANDS
        .iter()
        .map(|&b| {
            let n = c
                .summary
                .risks_by_band
                .get(b.as_str())
                .copied()
                .unwrap_or(0);
            (band_label(b), n, Some(b))
        })
        .collect();
    rows.push((
        "Not rated",
        c.summary
            .risks_by_band
            .get("not rated")
            .copied()
            .unwrap_or(0),
        None,
    ));
    add_table(
        ws,
        first,
        &["Rating", "Open risks"],
        rows.len() as u32,
        "RisksByRating",
        1,
    )?;
    let count = Format::new().set_align(FormatAlign::Center);
    for (i, (label, n, band)) in rows.iter().enumerate() {
        let r = first + 1 + i as u32;
        let format = match band {
            Some(b) => Format::new()
                .set_background_color(Color::RGB(band_fill(*b)))
                .set_font_color(Color::RGB(band_text(*b))),
            None => Format::new(),
        };
        ws.write_with_format(r, 0, *label, &format)?;
        ws.write_with_format(r, 1, *n as f64, &count)?;
    }
    let r = first + 1 + rows.len() as u32;
    let total: usize = rows.iter().map(|(_, n, _)| n).sum();
    ws.write_with_format(r, 0, "Total", &f.total)?;
    ws.write_with_format(
        r,
        1,
        total as f64,
        &f.total.clone().set_align(FormatAlign::Center),
    )?;
    Ok(r + 1)
}

/// A heat map with its labels in column `col`: a heading, a note, then a row per likelihood
/// (highest at the top) with its label and a count per impact, each cell filled with the band
/// of likelihood x impact, then the impact labels. Returns the row after it.
#[allow(clippy::too_many_arguments)]
fn write_heat_map(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    heading: &str,
    grid: &[Vec<usize>],
    off_matrix: usize,
    config: &Config,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let (h, w) = (config.risk.likelihood.len(), config.risk.impact.len());
    let placed: usize = grid.iter().flatten().sum();
    ws.write_with_format(row, col, heading, &f.heading)?;
    if matrix_size(config).is_none() {
        let note = format!("The configured {h} x {w} matrix is too large to draw here.");
        ws.write_with_format(row + 1, col, note, &f.note)?;
        return Ok(row + 2);
    }
    let mut note = format!(
        "{} on the {h} x {w} matrix",
        count_of(placed, "open risk", "open risks")
    );
    if off_matrix > 0 {
        note.push_str(&format!(
            "; {} with no likelihood and impact on it not shown",
            count_of(off_matrix, "other", "others")
        ));
    }
    note.push('.');
    ws.write_with_format(row + 1, col, note, &f.note)?;
    let first = row + 2;
    let label = Format::new()
        .set_bold()
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let border = Color::RGB(0xFFFFFF);
    for (k, l) in (1..=h).rev().enumerate() {
        let r = first + k as u32;
        ws.set_row_height(r, 30)?;
        let name = format!("{l} {}", config.risk.likelihood[l - 1]);
        ws.write_with_format(r, col, excel_text(&name), &label)?;
        for i in 1..=w {
            let n = grid
                .get(l - 1)
                .and_then(|g| g.get(i - 1))
                .copied()
                .unwrap_or(0);
            let mut format = Format::new()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Medium)
                .set_border_color(border);
            if let Some(b) = config.band_of((l * i) as f64) {
                format = format.set_background_color(Color::RGB(band_fill(b)));
            }
            format = if n > 0 {
                format.set_bold().set_font_size(13)
            } else {
                format.set_font_color(Color::RGB(0xA6A6A6))
            };
            ws.write_with_format(r, col + i as u16, n as f64, &format)?;
        }
    }
    let axis = first + h as u32;
    let impact = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let corner = f.note.clone().set_align(FormatAlign::Right);
    ws.write_with_format(axis, col, "Likelihood / Impact", &corner)?;
    ws.set_row_height(axis, 30)?;
    for i in 1..=w {
        let name = format!("{i} {}", config.risk.impact[i - 1]);
        ws.write_with_format(axis, col + i as u16, excel_text(&name), &impact)?;
    }
    Ok(axis + 1)
}

#[cfg(test)]
#[path = "corporate_tests.rs"]
mod tests;
