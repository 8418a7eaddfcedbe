//! What calamine does not read from an OpenDocument spreadsheet (.ods): the fill colour, bold
//! font and percentage or currency type of each cell, and its merged regions. calamine reads
//! styles from xlsx only; without these an .ods return loses its RAG given as colour, reads a
//! percentage stored as 0.836 as a plain number, and its merged group headers as lone cells.
//!
//! The cells of `content.xml` are walked as calamine walks them (rows and cells repeated by
//! `number-rows-repeated` / `number-columns-repeated`, covered cells counted), so positions agree
//! with calamine's. A cell's style is its own, else its column's default cell style, followed to
//! its parents (`parent-style-name`, which may be a named style of `styles.xml` such as
//! LibreOffice's "Good", "Neutral" and "Bad").

use std::collections::HashMap;
use std::io::BufReader;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::{xml_attr as attr, xml_value, CellStyle, CellStyles, Merge};

/// More styled cells than this in one workbook, and its styles are not read (values still are).
const MAX_STYLED_CELLS: usize = 2_000_000;

/// A block of repeated empty cells is styled cell by cell only up to this size (LibreOffice
/// writes the rest of a sheet as a few huge repeated blocks).
const MAX_EMPTY_BLOCK: u64 = 1024;

/// What is read of one sheet.
#[derive(Debug, Default)]
pub(crate) struct OdsSheet {
    /// Styles by (row, column), 0-based.
    pub styles: CellStyles,
    pub merges: Vec<Merge>,
}

/// Styles and merged regions of each sheet of an .ods workbook, by sheet name. None when the
/// package cannot be read this way (or has more than `MAX_STYLED_CELLS` styled cells): the
/// caller then reads values only.
pub(crate) fn ods_styles(bytes: &[u8]) -> Option<HashMap<String, OdsSheet>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut styles = Styles::default();
    if let Ok(part) = zip.by_name("styles.xml") {
        styles.read(BufReader::new(part)).ok()?;
    }
    let content = zip.by_name("content.xml").ok()?;
    read_content(BufReader::new(content), styles)
}

/// A cell style as written: its own properties and its parent's name.
#[derive(Debug, Default, Clone)]
struct RawStyle {
    /// `Some(None)`: said to have no fill (`transparent`), over its parent's.
    fill: Option<Option<u32>>,
    bold: Option<bool>,
    parent: Option<String>,
}

/// The table-cell styles of a document (named and automatic), resolved on demand.
#[derive(Debug, Default)]
struct Styles {
    raw: HashMap<String, RawStyle>,
    resolved: HashMap<String, Option<Arc<CellStyle>>>,
}

impl Styles {
    /// Reads the `table-cell` styles of a part (`styles.xml`, or the automatic styles at the
    /// top of `content.xml`, through [`Styles::event`]).
    fn read<R: std::io::BufRead>(&mut self, input: R) -> Result<(), quick_xml::Error> {
        let mut reader = XmlReader::from_reader(input);
        let mut buf = Vec::new();
        let mut current = None;
        loop {
            match reader.read_event_into(&mut buf)? {
                Event::Eof => return Ok(()),
                event => self.event(&event, &mut current),
            }
            buf.clear();
        }
    }

    /// Takes in one event of a styles section; `current` is the style being read.
    fn event(&mut self, event: &Event, current: &mut Option<(String, RawStyle)>) {
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "style" if attr(e, "family").as_deref() == Some("table-cell") => {
                    if let Some(name) = attr(e, "name") {
                        let style = RawStyle {
                            parent: attr(e, "parent-style-name"),
                            ..RawStyle::default()
                        };
                        if matches!(event, Event::Empty(_)) {
                            self.raw.insert(name, style);
                        } else {
                            *current = Some((name, style));
                        }
                    }
                }
                "table-cell-properties" => {
                    if let Some((_, style)) = current.as_mut() {
                        if let Some(c) = attr(e, "background-color") {
                            style.fill = Some(parse_colour(&c));
                        }
                    }
                }
                "text-properties" => {
                    if let Some((_, style)) = current.as_mut() {
                        if let Some(w) = attr(e, "font-weight") {
                            style.bold =
                                Some(w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().into_inner() == "style" => {
                if let Some((name, style)) = current.take() {
                    self.raw.insert(name, style);
                }
            }
            _ => {}
        }
    }

    /// The meaningful parts of a style with its parents', or None when it has none.
    fn resolve(&mut self, name: &str) -> Option<Arc<CellStyle>> {
        if let Some(done) = self.resolved.get(name) {
            return done.clone();
        }
        let (mut fill, mut bold) = (None, None);
        let mut at = Some(name.to_string());
        // Parents, nearest first; a loop of parents ends after a bounded walk.
        for _ in 0..16 {
            let Some(style) = at.as_deref().and_then(|n| self.raw.get(n)) else {
                break;
            };
            fill = fill.or(style.fill);
            bold = bold.or(style.bold);
            at = style.parent.clone();
        }
        let fill = fill.flatten();
        let bold = bold.unwrap_or(false);
        let style = CellStyle::of(fill, None, bold);
        self.resolved.insert(name.to_string(), style.clone());
        style
    }
}

/// `#rrggbb` as 0xFFRRGGBB; `transparent` and anything else as no fill.
fn parse_colour(s: &str) -> Option<u32> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    u32::from_str_radix(hex, 16)
        .ok()
        .map(|rgb| 0xFF00_0000 | rgb)
}

fn attr_u64(e: &BytesStart, name: &str) -> Option<u64> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

/// The columns of a sheet as runs of (first column, count, default cell style).
#[derive(Default)]
struct Columns(Vec<(u64, u64, Option<String>)>);

impl Columns {
    fn default_style(&self, col: u64) -> Option<&str> {
        self.0
            .iter()
            .find(|(first, n, _)| (*first..first.saturating_add(*n)).contains(&col))
            .and_then(|(_, _, s)| s.as_deref())
    }

    fn next(&self) -> u64 {
        self.0.last().map_or(0, |(f, n, _)| f.saturating_add(*n))
    }
}

fn read_content<R: std::io::BufRead>(
    input: R,
    mut styles: Styles,
) -> Option<HashMap<String, OdsSheet>> {
    let mut reader = XmlReader::from_reader(input);
    let mut buf = Vec::new();
    let mut out: HashMap<String, OdsSheet> = HashMap::new();
    let mut in_styles = false;
    let mut current_style = None;
    let mut sheet: Option<(String, OdsSheet)> = None;
    let mut columns = Columns::default();
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    let mut styled = 0usize;
    // Tables inside cells (rare) are not sheets: only the outermost table is followed.
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        if let Event::Eof = event {
            break;
        }
        if in_styles {
            if matches!(&event, Event::End(e) if e.local_name().into_inner() == "automatic-styles")
            {
                in_styles = false;
            } else {
                styles.event(&event, &mut current_style);
            }
            buf.clear();
            continue;
        }
        match &event {
            Event::Start(e) if e.local_name().into_inner() == "automatic-styles" => {
                in_styles = true
            }
            Event::Start(e) if e.local_name().into_inner() == "table" => {
                depth += 1;
                if depth == 1 {
                    let name = attr(e, "name").unwrap_or_default();
                    sheet = Some((name, OdsSheet::default()));
                    columns = Columns::default();
                    row = 0;
                }
            }
            Event::End(e) if e.local_name().into_inner() == "table" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some((name, found)) = sheet.take() {
                        out.entry(name).or_insert(found);
                    }
                }
            }
            _ if depth > 1 => {}
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "table-column" => {
                let n = attr_u64(e, "number-columns-repeated").unwrap_or(1).max(1);
                let first = columns.next();
                columns
                    .0
                    .push((first, n, attr(e, "default-cell-style-name")));
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "table-row" => {
                row_repeat = attr_u64(e, "number-rows-repeated").unwrap_or(1).max(1);
                col = 0;
                if matches!(event, Event::Empty(_)) {
                    row = row.saturating_add(row_repeat);
                }
            }
            Event::End(e) if e.local_name().into_inner() == "table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.local_name().into_inner(),
                    "table-cell" | "covered-table-cell"
                ) =>
            {
                let a = CellAttrs::of(e);
                let repeat = a.repeated;
                if let Some((_, found)) = sheet.as_mut() {
                    if e.local_name().into_inner() == "table-cell" {
                        styled += cell(
                            &a,
                            &mut styles,
                            &columns,
                            found,
                            (row, col),
                            (row_repeat, repeat),
                        );
                        if styled > MAX_STYLED_CELLS {
                            return None;
                        }
                    }
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

/// The attributes of a cell element that matter here, read in one pass.
struct CellAttrs {
    style: Option<String>,
    value_type: Option<String>,
    currency: Option<String>,
    repeated: u64,
    rows_spanned: u64,
    cols_spanned: u64,
}

impl CellAttrs {
    fn of(e: &BytesStart) -> CellAttrs {
        let mut a = CellAttrs {
            style: None,
            value_type: None,
            currency: None,
            repeated: 1,
            rows_spanned: 1,
            cols_spanned: 1,
        };
        for at in e.attributes().flatten() {
            let value = || Some(xml_value(&at).into_owned());
            let count = || {
                value()
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(1)
                    .max(1)
            };
            match at.key.local_name().into_inner() {
                "style-name" => a.style = value(),
                "value-type" => a.value_type = value(),
                "currency" => a.currency = value(),
                "number-columns-repeated" => a.repeated = count(),
                "number-rows-spanned" => a.rows_spanned = count(),
                "number-columns-spanned" => a.cols_spanned = count(),
                _ => {}
            }
        }
        a
    }
}

/// Notes the style and merge of one `table-cell` element at (`row`, `col`), repeated over
/// `rows` x `cols`; returns the number of styled cells noted.
fn cell(
    e: &CellAttrs,
    styles: &mut Styles,
    columns: &Columns,
    sheet: &mut OdsSheet,
    (row, col): (u64, u64),
    (rows, cols): (u64, u64),
) -> usize {
    let (Ok(r0), Ok(c0)) = (u32::try_from(row), u32::try_from(col)) else {
        return 0;
    };
    let spans = (e.rows_spanned, e.cols_spanned);
    if spans.0 > 1 || spans.1 > 1 {
        let last =
            |start: u32, n: u64| start.saturating_add(u32::try_from(n - 1).unwrap_or(u32::MAX));
        sheet.merges.push(Merge {
            first_row: r0,
            first_col: c0,
            last_row: last(r0, spans.0.max(1)),
            last_col: last(c0, spans.1.max(1)),
        });
    }
    let style = e
        .style
        .as_deref()
        .or_else(|| columns.default_style(col))
        .and_then(|name| styles.resolve(name));
    let number_format = match e.value_type.as_deref() {
        Some("percentage") => Some("0%".to_string()),
        Some("currency") => Some(currency_format(e.currency.as_deref())),
        _ => None,
    };
    let style = match (style, number_format) {
        (None, None) => return 0,
        (Some(s), None) => s,
        (s, Some(format)) => Arc::new(CellStyle {
            number_format: Some(format),
            ..s.map(|s| (*s).clone()).unwrap_or_default()
        }),
    };
    let has_value = e.value_type.is_some();
    let block = rows.saturating_mul(cols);
    if !has_value && block > MAX_EMPTY_BLOCK {
        return 0;
    }
    let mut noted = 0;
    for r in 0..rows.min(u64::from(u32::MAX)) {
        for c in 0..cols.min(u64::from(u32::MAX)) {
            let (Ok(r), Ok(c)) = (u32::try_from(row + r), u32::try_from(col + c)) else {
                continue;
            };
            sheet.styles.insert((r, c), Arc::clone(&style));
            noted += 1;
            if noted > MAX_STYLED_CELLS {
                return noted;
            }
        }
    }
    noted
}

/// A number format for a currency cell: the pound, euro or dollar sign where the currency is
/// one of those, else its code.
fn currency_format(code: Option<&str>) -> String {
    let symbol = match code {
        Some("GBP") | None => "£",
        Some("EUR") => "€",
        Some("USD") => "$",
        Some(other) => other,
    };
    format!("{symbol}#,##0.00")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// An .ods package of the given `styles.xml` and `content.xml` body.
    fn package(styles: &str, automatic: &str, body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", options).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("styles.xml", options).unwrap();
        write!(
            zip,
            r#"<office:document-styles xmlns:office="o" xmlns:style="s" xmlns:fo="f"><office:styles>{styles}</office:styles></office:document-styles>"#
        )
        .unwrap();
        zip.start_file("content.xml", options).unwrap();
        write!(
            zip,
            r#"<office:document-content xmlns:office="o" xmlns:style="s" xmlns:fo="f" xmlns:table="t" xmlns:text="x"><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    const STYLES: &str = r##"
        <style:style style:name="Default" style:family="table-cell"/>
        <style:style style:name="Bad" style:family="table-cell" style:parent-style-name="Default">
          <style:table-cell-properties fo:background-color="#ffcccc"/>
          <style:text-properties fo:font-weight="bold"/>
        </style:style>"##;

    const AUTOMATIC: &str = r##"
        <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Bad"/>
        <style:style style:name="ce2" style:family="table-cell">
          <style:table-cell-properties fo:background-color="#00b050"/>
        </style:style>
        <style:style style:name="ce3" style:family="table-cell" style:parent-style-name="Bad">
          <style:table-cell-properties fo:background-color="transparent"/>
        </style:style>
        <style:style style:name="co1" style:family="table-column"/>"##;

    #[test]
    fn styles_follow_cells_rows_columns_and_parents() {
        let body = r#"<table:table table:name="Q2 &amp; Q3">
          <table:table-column table:number-columns-repeated="2"/>
          <table:table-column table:default-cell-style-name="ce2"/>
          <table:table-header-rows>
            <table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string"/><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
          </table:table-header-rows>
          <table:table-row table:number-rows-repeated="2">
            <table:table-cell table:style-name="ce1" office:value-type="percentage" office:value="0.85"/>
            <table:table-cell/>
            <table:table-cell office:value-type="float" office:value="3"/>
          </table:table-row>
          <table:table-row>
            <table:table-cell table:number-columns-repeated="3"/>
            <table:table-cell table:style-name="ce3" office:value-type="currency" office:currency="GBP"/>
            <table:table-cell table:style-name="ce2"/>
            <table:table-cell><table:table table:name="inner"><table:table-row><table:table-cell table:style-name="ce2"/></table:table-row></table:table></table:table-cell>
            <table:table-cell table:style-name="ce2" table:number-columns-repeated="5000"/>
          </table:table-row>
        </table:table>"#;
        let found = ods_styles(&package(STYLES, AUTOMATIC, body)).unwrap();
        assert_eq!(found.len(), 1, "the inner table is not a sheet");
        let sheet = &found["Q2 & Q3"];
        assert_eq!(
            sheet.merges,
            vec![Merge {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 2
            }]
        );
        let at = |r, c| sheet.styles.get(&(r, c)).map(|s| (**s).clone());
        // Named parent: fill and bold; a percentage cell; both repeated rows.
        for row in [1, 2] {
            let s = at(row, 0).unwrap();
            assert_eq!((s.fill, s.bold), (Some(0xFFFF_CCCC), true));
            assert_eq!(s.number_format.as_deref(), Some("0%"));
        }
        // The third column's default style, for a cell with a value and none of its own.
        assert_eq!(at(1, 2).unwrap().fill, Some(0xFF00_B050));
        // Transparent over the parent's fill; the parent's bold stays; currency.
        let s = at(3, 3).unwrap();
        assert_eq!((s.fill, s.bold), (None, true));
        assert_eq!(s.number_format.as_deref(), Some("£#,##0.00"));
        // An empty filled cell, and none for the huge repeated empty block after it.
        assert_eq!(at(3, 4).unwrap().fill, Some(0xFF00_B050));
        assert_eq!(at(3, 6), None);
        // Plain cells have no entry.
        assert_eq!(at(1, 1), None);
        assert_eq!(at(3, 0), None);
    }

    #[test]
    fn what_is_not_an_ods_package_gives_none() {
        assert!(ods_styles(b"").is_none());
        assert!(ods_styles(b"PK\x03\x04 not really").is_none());
        let mut broken = package(
            STYLES,
            AUTOMATIC,
            "<table:table table:name=\"S\"><table:table-row>",
        );
        assert!(ods_styles(&broken).is_some_and(|s| s.is_empty()) || ods_styles(&broken).is_none());
        broken.truncate(broken.len() / 2);
        assert!(ods_styles(&broken).is_none());
    }
}
