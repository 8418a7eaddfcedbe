//! Excel 2003 XML spreadsheets (SpreadsheetML 2003: `<?mso-application progid="Excel.Sheet"?>`,
//! namespace `urn:schemas-microsoft-com:office:spreadsheet`), which many council systems export
//! under an `.xls` name and calamine cannot read: every worksheet's values, the styles that carry
//! meaning (fill, bold, number format) and merged regions.
//!
//! Positions follow the format: `ss:Index` (1-based) places a row or cell, otherwise it follows the
//! one before; a cell merged across takes its columns, so the next cell starts after them. A
//! cell's style is its own, else its row's, its column's or its table's; a style takes what it
//! does not set from its `ss:Parent`, else from the `Default` style.
//!
//! LibreOffice's export counts a row's columns without the cells covered by a merge from the rows
//! above, where Excel counts them (and refuses a cell placed inside a merge). So a cell placed
//! without `ss:Index`, or placed inside such a merge, moves past the covered cells, which changes
//! nothing in a file Excel accepts; and a table as LibreOffice writes it (`ss:StyleID="ta1"`, no
//! `ss:ExpandedColumnCount`) has all its positions counted LibreOffice's way.
//!
//! The document is read with quick-xml, which does not expand entities declared in a DTD: an
//! unknown `&name;` is kept as written.
//!
//! Why one file of over 800 lines: it is one streaming parser of one format, whose positions,
//! styles and merges depend on each other as the XML is read; split, each part would need the
//! whole state.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::{
    xml_attr as attr, xml_value as value, Cell, CellStyle, Error, Merge, Sheet, Value, Visibility,
};

/// Rows in Excel's grid.
const MAX_ROWS: u64 = 1_048_576;
/// Columns in Excel's grid.
const MAX_COLS: u64 = 16_384;
/// Most cells (and merged regions) kept from one workbook.
const MAX_CELLS: usize = 20_000_000;
/// How much of the start of a file [`is_spreadsheetml`] looks at.
const HEAD_BYTES: usize = 4096;
/// Most steps spent per sheet finding the cells covered by merges from the rows above; past it,
/// positions are taken as written (a file needing more is built to be slow, not a real return).
const MAX_COVER_WORK: u64 = 50_000_000;

/// The `ss:Index` (0-based), `ss:Span` and `ss:StyleID` of a `Row` or `Column` element.
fn placement(e: &BytesStart) -> (Option<u64>, u64, Option<String>) {
    let (mut index, mut span, mut style) = (None, 0, None);
    for a in e.attributes().flatten() {
        match a.key.local_name().into_inner() {
            "Index" => index = position(&value(&a)),
            "Span" => span = count(&value(&a)),
            "StyleID" => style = Some(value(&a).into_owned()),
            _ => {}
        }
    }
    (index, span, style)
}

/// Whether `bytes` are an Excel 2003 XML spreadsheet (looks at the start only): an XML document
/// whose first 4 KiB name the SpreadsheetML namespace or `progid="Excel.Sheet"` and whose root
/// element, when it starts there, is `Workbook`. UTF-8 (with or without a byte order mark),
/// UTF-16 and the single-byte encodings an XML declaration can name are recognised.
pub(crate) fn is_spreadsheetml(bytes: &[u8]) -> bool {
    let limit = if utf16_order(bytes).is_some() {
        2 * HEAD_BYTES
    } else {
        HEAD_BYTES
    };
    let head = decode(&bytes[..bytes.len().min(limit)]);
    let text = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !text.starts_with('<') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let marked = lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
        || lower.contains("progid=\"excel.sheet\"")
        || lower.contains("progid='excel.sheet'");
    marked && root_name(text).is_none_or(|name| local(name).eq_ignore_ascii_case("workbook"))
}

/// Every worksheet of an Excel 2003 XML spreadsheet, in order.
///
/// # Errors
/// An [`Error`]: the XML is damaged (with the byte where it breaks), the document is not a
/// `Workbook`, a cell lies beyond Excel's grid, or it holds more than 20,000,000 cells.
pub(crate) fn read_spreadsheetml(bytes: &[u8]) -> Result<Vec<Sheet>, Error> {
    read_with_limit(bytes, MAX_CELLS)
}

fn read_with_limit(bytes: &[u8], max_cells: usize) -> Result<Vec<Sheet>, Error> {
    let text = decode(bytes);
    let mut reader = XmlReader::from_str(&text);
    let mut doc = Document::new(max_cells);
    loop {
        let event = reader.read_event().map_err(|source| Error::Xml {
            at: reader.error_position(),
            source,
        })?;
        match event {
            Event::Start(e) => {
                let tag = doc.open(&e)?;
                doc.stack.push(tag);
            }
            Event::Empty(e) => {
                let tag = doc.open(&e)?;
                doc.close(tag)?;
            }
            Event::End(_) => {
                let tag = doc.stack.pop().unwrap_or(Tag::Other);
                doc.close(tag)?;
            }
            Event::Text(t) if doc.capture => doc.text.push_str(&t.xml10_content()),
            Event::CData(t) if doc.capture => doc.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if doc.capture => push_reference(&mut doc.text, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    if !doc.stack.is_empty() {
        return Err(Error::CutShort(reader.buffer_position()));
    }
    if !doc.saw_workbook {
        return Err(Error::NoWorkbook);
    }
    Ok(doc.sheets)
}

// ---------------------------------------------------------------- text and encodings

/// UTF-16 byte order (little-endian?) and the length of the byte order mark, when the bytes are
/// UTF-16 (with a mark, or an XML document without one).
fn utf16_order(bytes: &[u8]) -> Option<(bool, usize)> {
    match bytes {
        [0xFF, 0xFE, ..] => Some((true, 2)),
        [0xFE, 0xFF, ..] => Some((false, 2)),
        [b'<', 0, c, 0, ..] if *c != 0 => Some((true, 0)),
        [0, b'<', 0, c, ..] if *c != 0 => Some((false, 0)),
        _ => None,
    }
}

/// The document as text: UTF-16 by its byte order, else the single-byte encoding its XML
/// declaration names, else UTF-8 (invalid sequences replaced).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((little, skip)) = utf16_order(bytes) {
        let units: Vec<u16> = bytes[skip..]
            .chunks_exact(2)
            .map(|p| {
                if little {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        return Cow::Owned(String::from_utf16_lossy(&units));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(encoding) = declared_encoding(bytes) {
        let unicode = [
            encoding_rs::UTF_8,
            encoding_rs::UTF_16LE,
            encoding_rs::UTF_16BE,
        ];
        if !unicode.contains(&encoding) {
            return encoding.decode_without_bom_handling(bytes).0;
        }
    }
    String::from_utf8_lossy(bytes)
}

/// The encoding named by the XML declaration at the start, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let rest = &decl[decl.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let rest = &rest[1..];
    let label = &rest[..rest.find(quote)?];
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
}

/// The name of the root element when it starts in `text` (after the declaration, processing
/// instructions, comments and a DOCTYPE); `Some("")` when text that is not markup comes first.
fn root_name(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            let close = r.find('>')?;
            let end = match r.find('[') {
                Some(open) if open < close => {
                    let inner = open + r[open..].find(']')?;
                    inner + r[inner..].find('>')?
                }
                _ => close,
            };
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            return Some(&r[..end]);
        } else {
            return Some("");
        }
    }
}

/// A name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Appends the text a reference stands for: a character reference or one of XML's five
/// entities; any other entity is kept as written (entities declared in a DTD are not expanded).
fn push_reference(out: &mut String, r: &BytesRef) {
    let name: &str = r;
    match r.resolve_char_ref() {
        Ok(Some(c)) => out.push(c),
        Ok(None) => match name {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            _ => {
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
        },
        Err(_) => {
            out.push('&');
            out.push_str(name);
            out.push(';');
        }
    }
}

// ---------------------------------------------------------------- attributes

/// A 1-based `ss:Index` as 0-based; None when absent or not a positive whole number. Numbers
/// too large to hold are taken as the largest, so that they fall beyond the grid.
fn position(v: &str) -> Option<u64> {
    let v = v.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<u64>().unwrap_or(u64::MAX).checked_sub(1)
}

/// A count such as `ss:MergeAcross` or `ss:Span`: 0 when absent, negative or not a number.
fn count(v: &str) -> u64 {
    let v = v.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    v.parse::<u64>().unwrap_or(u64::MAX)
}

// ---------------------------------------------------------------- styles

/// A style as written: what it sets itself (`Some(None)`: set to none), and its parent.
#[derive(Debug, Default, Clone)]
struct RawStyle {
    parent: Option<String>,
    fill: Option<Option<u32>>,
    bold: Option<bool>,
    format: Option<Option<String>>,
}

impl RawStyle {
    /// Takes in one child of a `Style` element.
    fn part(&mut self, name: &str, e: &BytesStart) {
        match name {
            "Interior" => {
                let (mut colour, mut pattern) = (None, None);
                for a in e.attributes().flatten() {
                    match a.key.local_name().into_inner() {
                        "Color" => colour = parse_colour(&value(&a)),
                        "Pattern" => pattern = Some(value(&a).trim().to_string()),
                        _ => {}
                    }
                }
                // A fill needs a pattern: Excel shows no fill for a colour without one.
                let filled = pattern.is_some_and(|p| !p.eq_ignore_ascii_case("none"));
                self.fill = Some(colour.filter(|_| filled));
            }
            "Font" => {
                if let Some(b) = attr(e, "Bold") {
                    let b = b.trim();
                    self.bold = Some(b == "1" || b.eq_ignore_ascii_case("true"));
                }
            }
            "NumberFormat" => {
                self.format = Some(attr(e, "Format").and_then(|f| number_format(&f)));
            }
            _ => {}
        }
    }
}

/// `#RRGGBB` as 0xFFRRGGBB.
fn parse_colour(s: &str) -> Option<u32> {
    let s = s.trim();
    let hex = s.strip_prefix('#').unwrap_or(s);
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16)
        .ok()
        .map(|rgb| 0xFF00_0000 | rgb)
}

/// Excel's named number formats as codes (dates and money in UK style); None for General.
const NAMED_FORMATS: &[(&str, &str)] = &[
    ("Percent", "0.00%"),
    ("Fixed", "0.00"),
    ("Standard", "#,##0.00"),
    ("Currency", "£#,##0.00"),
    ("Euro Currency", "€#,##0.00"),
    ("Scientific", "0.00E+00"),
    ("Short Date", "dd/mm/yyyy"),
    ("Medium Date", "dd-mmm-yy"),
    ("Long Date", "dd mmmm yyyy"),
    ("General Date", "dd/mm/yyyy hh:mm"),
    ("Short Time", "hh:mm"),
    ("Medium Time", "hh:mm AM/PM"),
    ("Long Time", "hh:mm:ss"),
    ("Yes/No", "\"Yes\";\"Yes\";\"No\""),
    ("True/False", "\"True\";\"True\";\"False\""),
    ("On/Off", "\"On\";\"On\";\"Off\""),
];

/// An `ss:Format` as a number format code: named formats translated, other codes as given.
fn number_format(format: &str) -> Option<String> {
    let name = format.trim();
    if name.is_empty()
        || name.eq_ignore_ascii_case("general")
        || name.eq_ignore_ascii_case("general number")
    {
        return None;
    }
    match NAMED_FORMATS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        Some((_, code)) => Some((*code).to_string()),
        None => Some(format.to_string()),
    }
}

/// The styles of the workbook by `ss:ID`, resolved on demand.
#[derive(Default)]
struct Styles {
    raw: HashMap<String, RawStyle>,
    resolved: HashMap<String, Option<Arc<CellStyle>>>,
}

impl Styles {
    fn insert(&mut self, id: String, style: RawStyle) {
        self.raw.insert(id, style);
        if !self.resolved.is_empty() {
            self.resolved.clear();
        }
    }

    /// The meaningful parts of a style with those it inherits, or None when it has none.
    fn resolve(&mut self, id: &str) -> Option<Arc<CellStyle>> {
        if let Some(done) = self.resolved.get(id) {
            return done.clone();
        }
        let (mut fill, mut bold, mut format) = (None, None, None);
        let mut at = Some(id.to_string());
        // Parents, nearest first, then Default; a loop of parents ends after a bounded walk.
        for _ in 0..32 {
            let Some(name) = at.take() else {
                break;
            };
            let next = match self.raw.get(&name) {
                Some(style) => {
                    fill = fill.or(style.fill);
                    bold = bold.or(style.bold);
                    format = format.or_else(|| style.format.clone());
                    style.parent.clone()
                }
                None => None,
            };
            at = next.or_else(|| (name != "Default").then(|| "Default".to_string()));
        }
        let style = CellStyle::of(fill.flatten(), format.flatten(), bold.unwrap_or(false));
        self.resolved.insert(id.to_string(), style.clone());
        style
    }
}

// ---------------------------------------------------------------- values

/// The `ss:Type` of a `Data` element.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum DataType {
    #[default]
    String,
    Number,
    DateTime,
    Boolean,
    Error,
}

impl DataType {
    fn of(t: Option<&str>) -> DataType {
        let t = t.unwrap_or("").trim();
        let is = |name: &str| t.eq_ignore_ascii_case(name);
        if is("Number") {
            DataType::Number
        } else if is("DateTime") {
            DataType::DateTime
        } else if is("Boolean") {
            DataType::Boolean
        } else if is("Error") {
            DataType::Error
        } else {
            DataType::String
        }
    }
}

/// The value of a `Data` element's text, as the xlsx reader gives the same cell: a date-time as
/// its date, text that does not read as its type kept as text, blank text as no value.
fn value_of(kind: DataType, text: String) -> Option<Value> {
    let t = text.trim();
    match kind {
        DataType::Number => {
            if let Some(n) = t.parse::<f64>().ok().filter(|n| n.is_finite()) {
                return Some(Value::Number(n));
            }
        }
        DataType::DateTime => {
            let day = t.split('T').next().unwrap_or("").trim();
            if let Ok(d) = NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                return Some(Value::Date(d));
            }
        }
        DataType::Boolean => {
            if t == "1" || t.eq_ignore_ascii_case("true") {
                return Some(Value::Bool(true));
            }
            if t == "0" || t.eq_ignore_ascii_case("false") {
                return Some(Value::Bool(false));
            }
        }
        DataType::Error => return (!t.is_empty()).then(|| Value::Error(t.to_string())),
        DataType::String => {}
    }
    (!t.is_empty()).then_some(Value::Text(text))
}

// ---------------------------------------------------------------- merges covering later rows

/// The merges that reach down into later rows, by first column, to find the cells they cover.
struct Covered {
    /// First column -> (last column, first row, last row).
    by_col: BTreeMap<u32, (u32, u32, u32)>,
    /// The smallest last row of a merge held (u32::MAX when none).
    first_end: u32,
    work: u64,
}

impl Covered {
    fn new() -> Covered {
        Covered {
            by_col: BTreeMap::new(),
            first_end: u32::MAX,
            work: 0,
        }
    }

    fn add(&mut self, m: &Merge) {
        if m.last_row > m.first_row {
            self.by_col
                .insert(m.first_col, (m.last_col, m.first_row, m.last_row));
            self.first_end = self.first_end.min(m.last_row);
        }
    }

    fn spend(&mut self, n: u64) -> bool {
        self.work = self.work.saturating_add(n);
        self.work <= MAX_COVER_WORK
    }

    /// Drops the merges that end above `row`.
    fn prune(&mut self, row: u32) {
        if row <= self.first_end || !self.spend(self.by_col.len() as u64) {
            return;
        }
        self.by_col.retain(|_, m| m.2 >= row);
        self.first_end = self.by_col.values().map(|m| m.2).min().unwrap_or(u32::MAX);
    }

    /// The last column of the merge from an earlier row that covers (`row`, `col`), if any.
    fn covering(&mut self, row: u32, col: u32) -> Option<u32> {
        loop {
            if !self.spend(1) {
                return None;
            }
            let (&first, &(last, top, bottom)) = self.by_col.range(..=col).next_back()?;
            if bottom < row {
                self.by_col.remove(&first);
                continue;
            }
            return (last >= col && top < row).then_some(last);
        }
    }

    /// The first column at or after `col` not covered by a merge from an earlier row.
    fn skip(&mut self, row: u32, mut col: u64) -> u64 {
        while col < MAX_COLS {
            match self.covering(row, col as u32) {
                Some(last) => col = u64::from(last) + 1,
                None => break,
            }
        }
        col
    }

    /// The column of the `n`th (0-based) cell of a row counted without the cells covered by
    /// merges from earlier rows, as LibreOffice counts them.
    fn nth_uncovered(&mut self, row: u32, n: u64) -> u64 {
        let mut col = n;
        for (&first, &(last, top, bottom)) in &self.by_col {
            self.work = self.work.saturating_add(1);
            if self.work > MAX_COVER_WORK || u64::from(first) > col {
                break;
            }
            if top < row && row <= bottom {
                col += u64::from(last.saturating_sub(first)) + 1;
            }
        }
        col
    }
}

// ---------------------------------------------------------------- the document

/// What an open element is, as far as reading goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Workbook,
    Styles,
    Style,
    Worksheet,
    Options,
    Visible,
    Table,
    Row,
    Cell,
    Data,
    Other,
}

/// The row being read.
#[derive(Default)]
struct RowState {
    index: u64,
    span: u64,
    style: Option<String>,
    /// Where the next cell without `ss:Index` goes.
    cursor: u64,
}

/// The cell being read.
struct CellState {
    row: u64,
    col: u64,
    style: Option<String>,
    value: Option<Value>,
}

/// The worksheet being read.
struct SheetState {
    name: String,
    visibility: Visibility,
    cells: Vec<Cell>,
    merges: Vec<Merge>,
    table_style: Option<String>,
    /// Columns with a style: first column -> (last column, style).
    columns: BTreeMap<u32, (u32, String)>,
    next_column: u64,
    next_row: u64,
    /// Positions are counted as LibreOffice writes them (see the module notes).
    libreoffice: bool,
    row: RowState,
    cell: Option<CellState>,
    covered: Covered,
}

impl SheetState {
    fn new(name: String) -> SheetState {
        SheetState {
            name,
            visibility: Visibility::Visible,
            cells: Vec::new(),
            merges: Vec::new(),
            table_style: None,
            columns: BTreeMap::new(),
            next_column: 0,
            next_row: 0,
            libreoffice: false,
            row: RowState::default(),
            cell: None,
            covered: Covered::new(),
        }
    }

    fn open_table(&mut self, e: &BytesStart) {
        self.table_style = attr(e, "StyleID");
        let ta = self
            .table_style
            .as_deref()
            .and_then(|s| s.strip_prefix("ta"));
        self.libreoffice = ta
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            && attr(e, "ExpandedColumnCount").is_none();
        self.next_row = 0;
        self.next_column = 0;
        self.columns.clear();
    }

    fn column(&mut self, e: &BytesStart) {
        let (index, span, style) = placement(e);
        let first = index.unwrap_or(self.next_column);
        let last = first.saturating_add(span);
        self.next_column = last.saturating_add(1);
        if let Some(style) = style.filter(|_| first < MAX_COLS) {
            let last = last.min(MAX_COLS - 1) as u32;
            self.columns.insert(first as u32, (last, style));
        }
    }

    fn column_style(&self, col: u64) -> Option<&str> {
        let col = u32::try_from(col).ok()?;
        let (_, (last, style)) = self.columns.range(..=col).next_back()?;
        (*last >= col).then_some(style.as_str())
    }

    fn open_row(&mut self, e: &BytesStart) {
        let (index, span, style) = placement(e);
        let index = index.unwrap_or(self.next_row);
        self.row = RowState {
            index,
            span,
            style,
            cursor: 0,
        };
        if index < MAX_ROWS {
            self.covered.prune(index as u32);
        }
    }

    fn close_row(&mut self) {
        self.next_row = self
            .row
            .index
            .saturating_add(self.row.span)
            .saturating_add(1);
    }

    /// Starts a cell; returns whether it opened a merged region.
    fn open_cell(&mut self, e: &BytesStart) -> Result<bool, Error> {
        let (mut index, mut across, mut down, mut style) = (None, 0, 0, None);
        for a in e.attributes().flatten() {
            match a.key.local_name().into_inner() {
                "Index" => index = position(&value(&a)),
                "MergeAcross" => across = count(&value(&a)),
                "MergeDown" => down = count(&value(&a)),
                "StyleID" => style = Some(value(&a).into_owned()),
                _ => {}
            }
        }
        let row = self.row.index;
        if row >= MAX_ROWS {
            return Err(self.beyond(row, index.unwrap_or(self.row.cursor)));
        }
        let col = self.place(row as u32, index);
        if col >= MAX_COLS {
            return Err(self.beyond(row, col));
        }
        self.row.cursor = col.saturating_add(across).saturating_add(1);
        let merged = across > 0 || down > 0;
        if merged {
            let merge = Merge {
                first_row: row as u32,
                first_col: col as u32,
                last_row: row.saturating_add(down).min(MAX_ROWS - 1) as u32,
                last_col: col.saturating_add(across).min(MAX_COLS - 1) as u32,
            };
            self.merges.push(merge);
            self.covered.add(&merge);
        }
        self.cell = Some(CellState {
            row,
            col,
            style,
            value: None,
        });
        Ok(merged)
    }

    /// The column of a cell in `row`, given its `ss:Index` (0-based) if it has one.
    fn place(&mut self, row: u32, index: Option<u64>) -> u64 {
        match index {
            None => self.covered.skip(row, self.row.cursor),
            Some(p)
                if p < MAX_COLS
                    && (self.libreoffice || self.covered.covering(row, p as u32).is_some()) =>
            {
                self.covered.nth_uncovered(row, p)
            }
            Some(p) => p,
        }
    }

    fn beyond(&self, row: u64, col: u64) -> Error {
        Error::BeyondGrid {
            sheet: self.name.clone(),
            row: row.saturating_add(1),
            col: col.saturating_add(1),
        }
    }
}

/// The state of a document being read.
struct Document {
    stack: Vec<Tag>,
    saw_workbook: bool,
    styles: Styles,
    style: Option<(String, RawStyle)>,
    sheets: Vec<Sheet>,
    sheet: Option<SheetState>,
    /// Text of the `Data` or `Visible` element being read.
    text: String,
    capture: bool,
    data_type: DataType,
    /// Cells and merged regions kept so far, and the most allowed.
    kept: usize,
    max_cells: usize,
}

impl Document {
    fn new(max_cells: usize) -> Document {
        Document {
            stack: Vec::new(),
            saw_workbook: false,
            styles: Styles::default(),
            style: None,
            sheets: Vec::new(),
            sheet: None,
            text: String::new(),
            capture: false,
            data_type: DataType::String,
            kept: 0,
            max_cells,
        }
    }

    fn keep_one(&mut self) -> Result<(), Error> {
        self.kept += 1;
        if self.kept > self.max_cells {
            return Err(Error::TooManyCells(self.max_cells));
        }
        Ok(())
    }

    /// Takes in the start of an element; returns what it is.
    fn open(&mut self, e: &BytesStart) -> Result<Tag, Error> {
        let name = e.local_name().into_inner();
        let parent = self.stack.last().copied();
        let tag = match (parent, name) {
            (None, "Workbook") => {
                self.saw_workbook = true;
                Tag::Workbook
            }
            (None, _) if !self.saw_workbook => {
                let shown: String = e.name().into_inner().chars().take(40).collect();
                return Err(Error::NotSpreadsheetMl(shown));
            }
            (Some(Tag::Workbook), "Styles") => Tag::Styles,
            (Some(Tag::Styles), "Style") => {
                let style = RawStyle {
                    parent: attr(e, "Parent"),
                    ..RawStyle::default()
                };
                self.style = Some((attr(e, "ID").unwrap_or_default(), style));
                Tag::Style
            }
            (Some(Tag::Style), _) => {
                if let Some((_, style)) = self.style.as_mut() {
                    style.part(name, e);
                }
                Tag::Other
            }
            (Some(Tag::Workbook), "Worksheet") => {
                let name =
                    attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", self.sheets.len() + 1));
                self.sheet = Some(SheetState::new(name));
                Tag::Worksheet
            }
            (Some(Tag::Worksheet), "WorksheetOptions") => Tag::Options,
            (Some(Tag::Options), "Visible") => {
                self.text.clear();
                self.capture = true;
                Tag::Visible
            }
            (Some(Tag::Worksheet), "Table") => {
                if let Some(sheet) = self.sheet.as_mut() {
                    sheet.open_table(e);
                }
                Tag::Table
            }
            (Some(Tag::Table), "Column") => {
                if let Some(sheet) = self.sheet.as_mut() {
                    sheet.column(e);
                }
                Tag::Other
            }
            (Some(Tag::Table), "Row") => {
                if let Some(sheet) = self.sheet.as_mut() {
                    sheet.open_row(e);
                }
                Tag::Row
            }
            (Some(Tag::Row), "Cell") => {
                if let Some(sheet) = self.sheet.as_mut() {
                    if sheet.open_cell(e)? {
                        self.keep_one()?;
                    }
                }
                Tag::Cell
            }
            (Some(Tag::Cell), "Data") => {
                self.text.clear();
                self.capture = true;
                self.data_type = DataType::of(attr(e, "Type").as_deref());
                Tag::Data
            }
            _ => Tag::Other,
        };
        Ok(tag)
    }

    /// Takes in the end of an element.
    fn close(&mut self, tag: Tag) -> Result<(), Error> {
        match tag {
            Tag::Style => {
                if let Some((id, style)) = self.style.take() {
                    self.styles.insert(id, style);
                }
            }
            Tag::Visible => {
                self.capture = false;
                let visibility = match self.text.trim() {
                    "SheetHidden" => Visibility::Hidden,
                    "SheetVeryHidden" => Visibility::VeryHidden,
                    _ => Visibility::Visible,
                };
                if let Some(sheet) = self.sheet.as_mut() {
                    sheet.visibility = visibility;
                }
            }
            Tag::Data => {
                self.capture = false;
                let text = std::mem::take(&mut self.text);
                if let Some(cell) = self.sheet.as_mut().and_then(|s| s.cell.as_mut()) {
                    cell.value = value_of(self.data_type, text);
                }
            }
            Tag::Cell => self.close_cell()?,
            Tag::Row => {
                if let Some(sheet) = self.sheet.as_mut() {
                    sheet.close_row();
                }
            }
            Tag::Worksheet => {
                if let Some(s) = self.sheet.take() {
                    self.sheets
                        .push(Sheet::from_cells(s.name, s.visibility, s.cells, s.merges));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Keeps the cell just read when it has a value or a fill.
    fn close_cell(&mut self) -> Result<(), Error> {
        let Some(sheet) = self.sheet.as_mut() else {
            return Ok(());
        };
        let Some(cell) = sheet.cell.take() else {
            return Ok(());
        };
        let id = cell
            .style
            .as_deref()
            .or(sheet.row.style.as_deref())
            .or_else(|| sheet.column_style(cell.col))
            .or(sheet.table_style.as_deref())
            .unwrap_or("Default");
        let style = self.styles.resolve(id);
        if cell.value.is_none() && style.as_ref().is_none_or(|s| s.fill.is_none()) {
            return Ok(());
        }
        // Positions were checked against the grid when the cell started.
        sheet.cells.push(Cell {
            row: cell.row as u32,
            col: cell.col as u32,
            value: cell.value,
            style,
        });
        self.keep_one()
    }
}

#[cfg(test)]
mod tests;
