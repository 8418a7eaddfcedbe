//! What a read workbook holds: values, styles, cells, merged regions, rows and sheets; the
//! same for every format.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

/// The value in a cell, as the file stores it. Empty cells are not stored.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// An Excel error such as `#DIV/0!`.
    Error(String),
}

impl Value {
    /// The value as a person would read it in the cell (numbers without a trailing `.0`,
    /// dates as ISO).
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Error(e) => e.clone(),
        }
    }

    /// The text of a text cell, trimmed.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s.trim()),
            _ => None,
        }
    }
}

/// Formats a number the shortest way that reads back the same (`85`, `0.85`, `1234.5`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The parts of a cell's format that carry meaning.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CellStyle {
    /// Solid fill colour as 0xAARRGGBB, when the cell is filled.
    pub fill: Option<u32>,
    /// Number format code, when not `General`.
    pub number_format: Option<String>,
    pub bold: bool,
}

impl CellStyle {
    /// A style of these parts, shared; None when none of them carries meaning.
    pub(crate) fn of(
        fill: Option<u32>,
        number_format: Option<String>,
        bold: bool,
    ) -> Option<Arc<CellStyle>> {
        (fill.is_some() || number_format.is_some() || bold).then(|| {
            Arc::new(CellStyle {
                fill,
                number_format,
                bold,
            })
        })
    }
}

/// An XML attribute's value, unescaped (as written when it holds an unknown entity).
pub(crate) fn xml_value<'a>(
    a: &quick_xml::events::attributes::Attribute<'a>,
) -> std::borrow::Cow<'a, str> {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .unwrap_or_else(|_| a.value.clone())
}

/// An XML element's attribute by its local name (whatever its namespace prefix), unescaped.
pub(crate) fn xml_attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .map(|a| xml_value(&a).into_owned())
}

/// The styles of a sheet's cells by (row, column), 0-based, as the readers that find them apart
/// from calamine give them (.ods, .xls).
pub(crate) type CellStyles = std::collections::HashMap<(u32, u32), Arc<CellStyle>>;

/// A non-empty or styled cell; positions are 0-based.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    /// `None` for a cell that carries only a style (an empty cell filled red).
    pub value: Option<Value>,
    pub style: Option<Arc<CellStyle>>,
}

impl Cell {
    /// The fill colour of the cell, if any.
    pub fn fill(&self) -> Option<u32> {
        self.style.as_ref().and_then(|s| s.fill)
    }

    /// The number format of the cell, if any.
    pub fn number_format(&self) -> Option<&str> {
        self.style.as_ref().and_then(|s| s.number_format.as_deref())
    }

    /// Whether the cell's text is bold.
    pub fn bold(&self) -> bool {
        self.style.as_ref().is_some_and(|s| s.bold)
    }

    /// Whether the cell holds a value (not blank text, not only a style).
    pub fn has_value(&self) -> bool {
        match &self.value {
            Some(Value::Text(s)) => !s.trim().is_empty(),
            Some(_) => true,
            None => false,
        }
    }

    /// The trimmed text of a non-empty value (numbers and dates displayed).
    pub fn text(&self) -> Option<String> {
        match self.value.as_ref()? {
            Value::Text(s) => {
                let t = s.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
            v => {
                let s = v.display();
                let t = s.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
        }
    }
}

/// A merged region, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    /// Whether the region covers the cell.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        row >= self.first_row
            && row <= self.last_row
            && col >= self.first_col
            && col <= self.last_col
    }
}

/// A sheet's merged regions, in the order read, with an index by row: finding the region over a
/// cell looks only at the regions near its row, so a sheet of a million merged regions costs no
/// more per row than a sheet of ten. Reads as a slice of [`Merge`].
#[derive(Clone, Default)]
pub struct Merges {
    list: Vec<Merge>,
    /// Regions by block of [`MERGE_BLOCK`] rows (those spanning few blocks), as positions in
    /// `list`, ascending.
    blocks: std::collections::HashMap<u32, Vec<u32>>,
    /// Regions spanning many blocks, as positions in `list`, ascending.
    tall: Vec<u32>,
}

/// Rows per block of the merge index.
const MERGE_BLOCK: u32 = 64;
/// A region spanning more blocks than this is kept apart rather than in each block.
const MERGE_TALL_BLOCKS: u32 = 16;

impl Merges {
    /// Adds a region.
    pub fn push(&mut self, m: Merge) {
        let at = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        let (first, last) = (m.first_row / MERGE_BLOCK, m.last_row / MERGE_BLOCK);
        if last.saturating_sub(first) >= MERGE_TALL_BLOCKS {
            self.tall.push(at);
        } else {
            for b in first..=last {
                self.blocks.entry(b).or_default().push(at);
            }
        }
        self.list.push(m);
    }

    /// The regions over a row (from its first row to its last), in the order read.
    pub fn over_row(&self, row: u32) -> impl Iterator<Item = &Merge> {
        let near = self
            .blocks
            .get(&(row / MERGE_BLOCK))
            .map_or(&[][..], Vec::as_slice);
        let mut at: Vec<u32> = near.iter().chain(&self.tall).copied().collect();
        if !self.tall.is_empty() {
            at.sort_unstable();
        }
        at.into_iter()
            .map(|i| &self.list[i as usize])
            .filter(move |m| m.first_row <= row && row <= m.last_row)
    }
}

impl From<Vec<Merge>> for Merges {
    fn from(list: Vec<Merge>) -> Merges {
        let mut merges = Merges::default();
        for m in list {
            merges.push(m);
        }
        merges
    }
}

impl std::ops::Deref for Merges {
    type Target = [Merge];
    fn deref(&self) -> &[Merge] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Merges {
    type Item = &'a Merge;
    type IntoIter = std::slice::Iter<'a, Merge>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl PartialEq for Merges {
    fn eq(&self, other: &Merges) -> bool {
        self.list == other.list
    }
}

impl PartialEq<Vec<Merge>> for Merges {
    fn eq(&self, other: &Vec<Merge>) -> bool {
        &self.list == other
    }
}

impl fmt::Debug for Merges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.list.fmt(f)
    }
}

/// Whether a sheet shows in Excel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Visible,
    Hidden,
    VeryHidden,
}

/// One row's cells, sorted by column.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Row {
    pub index: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell at a column, if stored.
    pub fn get(&self, col: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&col, |c| c.col)
            .ok()
            .map(|i| &self.cells[i])
    }

    /// Cells with a value (not only a style).
    pub fn values(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(|c| c.has_value())
    }
}

/// One sheet: its rows with at least one stored cell, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub visibility: Visibility,
    pub rows: Vec<Row>,
    pub merges: Merges,
    /// Column widths set in the file (0-based first and last column, width in characters).
    pub col_widths: Vec<(u32, u32, f64)>,
}

impl Sheet {
    /// Builds a sheet from cells in any order.
    pub fn from_cells(
        name: String,
        visibility: Visibility,
        mut cells: Vec<Cell>,
        merges: Vec<Merge>,
    ) -> Sheet {
        if !cells.is_sorted_by_key(|c| (c.row, c.col)) {
            cells.sort_by_key(|c| (c.row, c.col));
        }
        cells.dedup_by_key(|c| (c.row, c.col));
        let mut rows: Vec<Row> = Vec::new();
        for cell in cells {
            match rows.last_mut() {
                Some(r) if r.index == cell.row => r.cells.push(cell),
                _ => rows.push(Row {
                    index: cell.row,
                    cells: vec![cell],
                }),
            }
        }
        Sheet {
            name,
            visibility,
            rows,
            merges: merges.into(),
            col_widths: Vec::new(),
        }
    }

    /// The row with a 0-based index, if it has any cell.
    pub fn row(&self, index: u32) -> Option<&Row> {
        self.rows
            .binary_search_by_key(&index, |r| r.index)
            .ok()
            .map(|i| &self.rows[i])
    }

    /// The merged region covering a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.over_row(row).find(|m| m.contains(row, col))
    }

    /// Number of cells holding a value.
    pub fn value_count(&self) -> usize {
        self.rows.iter().map(|r| r.values().count()).sum()
    }
}

/// A worksheet as [`stream_file`](super::stream_file) hands it over.
pub enum SheetRows<'a> {
    /// The whole sheet: it had no more rows than the reader was asked to hold.
    Whole(Sheet),
    /// A long sheet: its first rows (with the sheet's name, visibility, merged regions and
    /// column widths) and an iterator over the rest, read as they are asked for.
    Long {
        head: Sheet,
        rest: &'a mut dyn Iterator<Item = Result<Row, super::Error>>,
    },
}

/// The format of a file, as recognised from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    /// Excel 2003 XML Spreadsheet (SpreadsheetML), which some systems export as ".xls".
    Xml2003,
    Csv,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Xml2003 => "xml",
            Format::Csv => "csv",
        };
        f.write_str(s)
    }
}

/// A workbook read from one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Workbook {
    /// The path as shown to the user (relative to where it was found, `/` separated).
    pub file: String,
    pub format: Format,
    pub sheets: Vec<Sheet>,
    /// Notes about the file worth telling the user (macros present, mislabelled extension).
    pub notes: Vec<String>,
}
