//! The writer kit shared by the committee workbooks: formats, the print setup of a page, the
//! title rows, row fitting, cells written to a worksheet or to raw rows alike, tables framed
//! with a frozen header and an autofilter, and rows grouped by theme. A new sheet uses these
//! rather than its own.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

use super::raw::RawRows;
use super::{
    cut_utf16, excel_text, header_format, print_fit, print_setup, wrapped_lines, LAST_ROW,
    LINE_HEIGHT,
};
use crate::consolidate::Consolidation;
use crate::domain::{Colours, BAD, GOOD};
use crate::schema::Band;

/// Row of the column headings on the registers, performance and submissions sheets (0-based):
/// the title, a subtitle and a blank row come first, then the registers' group headings
/// ("Current risk" over L / I / Score), a blank row elsewhere.
pub(crate) const HEADER_ROW: u32 = 4;

/// The format with the colours' fill and text colour.
pub(crate) fn coloured(format: Format, c: Colours) -> Format {
    format
        .set_background_color(Color::RGB(c.fill))
        .set_font_color(Color::RGB(c.text))
}

/// "1 risk", "3 risks".
pub(crate) fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The print setup every sheet shares.
pub(crate) struct Page {
    footer: String,
    header: String,
}

impl Page {
    pub(crate) fn new(c: &Consolidation, title: &str) -> Page {
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
    pub(crate) fn sheet<T>(
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

    pub(crate) fn apply(&self, ws: &mut Worksheet, print: Print) -> Result<(), XlsxError> {
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
pub(crate) enum Print {
    OnePage(u8),
    Fit(Vec<f64>, (u16, u16)),
}

/// The formats used across the sheets.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) subtitle: Format,
    pub(crate) heading: Format,
    pub(crate) header: Format,
    pub(crate) group: Format,
    pub(crate) top: Format,
    pub(crate) wrap: Format,
    pub(crate) centre: Format,
    pub(crate) date: Format,
    pub(crate) overdue: Format,
    pub(crate) theme: Format,
    /// A series drawn in block characters.
    pub(crate) trend: Format,
    pub(crate) note: Format,
    pub(crate) total: Format,
    pub(crate) missing: Format,
    pub(crate) received: Format,
    /// Score and rating cells of each band, in `Band` order.
    pub(crate) bands: [Format; 4],
}

impl Formats {
    pub(crate) fn new() -> Formats {
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
                .set_font_color(Color::RGB(BAD.text)),
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
            missing: coloured(top.clone().set_bold(), BAD),
            received: coloured(top.clone(), GOOD),
            bands: Band::ALL
                .map(|b| coloured(top.clone().set_align(FormatAlign::Center), b.colours())),
            top,
        }
    }

    /// The formats of the registers' rows (see [`Xfs`]).
    pub(crate) fn of_register_rows(&self) -> Vec<&Format> {
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
    pub(crate) fn band(&self, b: Option<Band>) -> &Format {
        match b {
            Some(b) => &self.bands[b as usize],
            None => &self.centre,
        }
    }
}

/// The title and subtitle rows at the top of a sheet.
pub(crate) fn write_title(
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
pub(crate) trait Cells {
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
pub(crate) fn text(
    ws: &mut impl Cells,
    row: u32,
    col: u16,
    s: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    ws.put_text(row, col, &excel_text(s), f)
}

/// Writes wrapped text cells of one row, then sets the row tall enough for the longest
/// (neither Excel nor LibreOffice can be relied on to fit a row's height when it opens).
pub(crate) struct RowFit {
    pub(crate) row: u32,
    pub(crate) lines: usize,
    pub(crate) min_height: f64,
}

impl RowFit {
    pub(crate) fn new(row: u32, min_height: f64) -> RowFit {
        RowFit {
            row,
            lines: 1,
            min_height,
        }
    }

    /// Writes `s` wrapped in column `col`, `width` characters wide.
    pub(crate) fn wrap(
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

    pub(crate) fn finish(self, ws: &mut impl Cells) -> Result<(), XlsxError> {
        let height = (self.lines as f64 * LINE_HEIGHT + 3.0).max(self.min_height);
        if self.lines > 1 || self.min_height > LINE_HEIGHT {
            ws.put_height(self.row, height.min(409.0))?;
        }
        Ok(())
    }
}

/// Writes a number (a blank cell for none or a value Excel cannot hold).
pub(crate) fn number(
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
pub(crate) fn date(
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
pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Items grouped by theme in the order the themes first appear (the consolidation already
/// orders them: configured themes first, then others, then none).
pub(crate) fn by_theme<'a, T>(
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
pub(crate) fn theme_label(theme: Option<&str>, n: usize, one: &str, many: &str) -> String {
    format!(
        "{} ({})",
        theme.unwrap_or("No theme given"),
        count_of(n, one, many)
    )
}

/// A bold theme row across the table's columns.
pub(crate) fn theme_row(
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
pub(crate) fn table_frame(
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
pub(crate) fn table_header(
    ws: &mut Worksheet,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, (heading, width)) in (0u16..).zip(columns) {
        ws.write_with_format(HEADER_ROW, col, *heading, &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    Ok(())
}

/// A frozen header, an autofilter from the header to `last_row` and the heading rows repeated
/// on every printed page.
pub(crate) fn table_filter(
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
pub(crate) const LAST_DATA_ROW: u32 = LAST_ROW - 1;

/// Writes items grouped by theme from `row`: a theme row before each group, then one row per
/// item by `write`, stopping at the last row Excel has, where a note says how many did not fit.
/// Returns the next free row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_grouped<'a, T, C: Cells>(
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

/// Writes "N more ... not listed" where a sheet ran out of rows.
pub(crate) fn overflow_note(
    ws: &mut impl Cells,
    row: u32,
    left: usize,
    what: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let note = format!("{left} more {what} not listed: Excel's sheet ends here.");
    text(ws, row.min(LAST_ROW), 0, &note, &f.note)
}
