//! Reading returns: finds the files, recognises their format by content, and loads each sheet's
//! cells sparsely with the styles (fill colour, number format, bold) and merged regions that
//! carry meaning in council returns.

mod csv;
mod excel;
mod ods_bounds;
mod ods_styles;
mod spreadsheetml;

/// Name of the (hidden) sheet in which a goldthread template records its own layout; read
/// before the other sheets.
pub const EMBEDDED_SHEET: &str = "goldthread";
/// Text in A1 of that sheet; A2 holds the profile as TOML.
pub const EMBEDDED_MARKER: &str = "goldthread template layout";

/// Whether a sheet's name says it may hold the keys of the rating scales (a matrix, a scoring
/// key, a lookup list).
pub fn names_a_key(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "matrix",
        "key",
        "legend",
        "scoring",
        "criteria",
        "guidance",
        "definitions",
        "scale",
        "list",
        "lookup",
        "dropdown",
        "validation",
    ];
    crate::config::fold(name)
        .split(' ')
        .any(|x| WORDS.contains(&x) || WORDS.contains(&x.trim_end_matches('s')))
}

/// The SHA-256 of bytes as read, in lower-case hex (what a source's checksum is).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
pub(crate) mod testkit;
mod xls_styles;

use std::fmt;
use std::path::{Path, PathBuf};
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

/// A worksheet as [`stream_file`] hands it over.
pub enum SheetRows<'a> {
    /// The whole sheet: it had no more rows than the reader was asked to hold.
    Whole(Sheet),
    /// A long sheet: its first rows (with the sheet's name, visibility, merged regions and
    /// column widths) and an iterator over the rest, read as they are asked for.
    Long {
        head: Sheet,
        rest: &'a mut dyn Iterator<Item = Result<Row, String>>,
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

/// A file that could not be read, with a message that says what to do.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ReadError {
    pub file: String,
    pub message: String,
}

impl ReadError {
    fn new(file: &str, message: impl Into<String>) -> ReadError {
        ReadError {
            file: file.to_string(),
            message: message.into(),
        }
    }
}

/// The extensions goldthread reads.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// A file to read, with the name to show for it and the folders it sits in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path shown in messages and outputs, `/` separated.
    pub display: String,
}

impl InputFile {
    /// The folder names from the input root down to the file, nearest last.
    pub fn folders(&self) -> Vec<String> {
        let parts: Vec<&str> = self.display.split('/').collect();
        parts[..parts.len().saturating_sub(1)]
            .iter()
            .filter(|p| !p.is_empty() && **p != "." && **p != "..")
            .map(|p| p.to_string())
            .collect()
    }

    /// File name without its extension: of the name shown, which is the path's own name
    /// unless the file was given another (an upload read from a temporary file).
    pub fn stem(&self) -> String {
        let name = self.display.rsplit('/').next().unwrap_or_default();
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn is_lock_or_hidden(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with('.')
}

fn has_known_extension(p: &Path) -> bool {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Files found under the inputs, and inputs that could not be used.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<InputFile>,
    pub errors: Vec<ReadError>,
    /// Files inside folders that are not returns (other extensions, lock files), by display path.
    pub ignored: Vec<String>,
}

/// The largest file read as a return (512 MiB); a file past it is refused, naming it.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Lists the files to read: files as given, folders searched recursively for the supported
/// extensions, skipping Office lock files (`~$*`) and hidden files. Sorted by path. Only regular
/// files are read (a named pipe or a link to a device is refused, naming it); a folder reached
/// twice (through a symbolic link, or given twice) is searched once, and a file reached twice is
/// read once.
pub fn discover(inputs: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut folders = std::collections::HashSet::new();
    for input in inputs {
        let shown = display_path(input);
        match std::fs::metadata(input) {
            Err(e) => out.errors.push(ReadError::new(
                &shown,
                format!("cannot be opened: {}", io_reason(&e)),
            )),
            Ok(m) if m.is_dir() => walk(input, &mut out, &mut folders),
            Ok(m) => admit(input.clone(), shown, &m, &mut out),
        }
    }
    out.files.sort();
    out.files.dedup();
    let mut seen = std::collections::HashSet::new();
    out.files
        .retain(|f| seen.insert(f.path.canonicalize().unwrap_or_else(|_| f.path.clone())));
    out
}

/// Lists a file found, or the reason it is not read.
fn admit(path: PathBuf, shown: String, meta: &std::fs::Metadata, out: &mut Discovery) {
    if let Err(message) = regular_file(meta) {
        out.errors.push(ReadError::new(&shown, message));
    } else {
        out.files.push(InputFile {
            path,
            display: shown,
        });
    }
}

/// Whether a file can be read as a return: a regular file within [`MAX_FILE_BYTES`].
fn regular_file(meta: &std::fs::Metadata) -> Result<(), String> {
    if !meta.is_file() {
        return Err(
            "is not a regular file (a named pipe, a device or a socket); only files are read"
                .into(),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    Ok(())
}

fn too_big(bytes: u64) -> String {
    format!(
        "is {} MB, beyond the limit of {} MB for one return; it is not a return",
        bytes / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

fn walk(dir: &Path, out: &mut Discovery, folders: &mut std::collections::HashSet<PathBuf>) {
    // A folder reached again (a link back up the tree, or the same folder given twice) is not
    // searched again: links can make endless paths to the same files.
    if !folders.insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.errors.push(ReadError::new(
                &display_path(dir),
                format!("folder cannot be listed: {}", io_reason(&e)),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = std::fs::metadata(&p);
        if meta.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
            if !name.starts_with('.') {
                walk(&p, out, folders);
            }
        } else if is_lock_or_hidden(&name) || !has_known_extension(&p) {
            out.ignored.push(display_path(&p));
        } else {
            match meta {
                Ok(m) => admit(p.clone(), display_path(&p), &m, out),
                // A broken link: named when it cannot be read.
                Err(_) => out.files.push(InputFile {
                    display: display_path(&p),
                    path: p,
                }),
            }
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Zip,
    Ole,
    Text,
    Binary,
    Empty,
}

fn sniff(bytes: &[u8]) -> Content {
    if bytes.is_empty() {
        Content::Empty
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Content::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Content::Ole
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        Content::Text
    } else {
        let head = &bytes[..bytes.len().min(4096)];
        let controls = head
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
            .count();
        if controls == 0 {
            Content::Text
        } else {
            Content::Binary
        }
    }
}

/// Whether text is a web page: HTML at its start (after any byte-order mark and blank lines).
fn is_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower = head[start..].to_ascii_lowercase();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<") && lower.windows(6).any(|w| w == b"<table"))
}

/// Reads one file into a workbook, choosing the reader from the file's content rather than
/// trusting its extension.
///
/// # Errors
/// One [`ReadError`] naming the file when it cannot be read: missing, empty, encrypted,
/// corrupt, or not a spreadsheet at all.
pub fn read_file(input: &InputFile) -> Result<Workbook, ReadError> {
    let (bytes, ext) = file_bytes(input)?;
    read_bytes(bytes, &input.display, &ext, &input.stem())
}

fn file_bytes(input: &InputFile) -> Result<(Vec<u8>, String), ReadError> {
    use std::io::Read;
    let fail = |e: std::io::Error| {
        ReadError::new(&input.display, format!("cannot be read: {}", io_reason(&e)))
    };
    // Checked again here, on the file opened (it may have changed since it was found), and the
    // read stops at the limit whatever size the file claims.
    let meta = std::fs::metadata(&input.path).map_err(fail)?;
    regular_file(&meta).map_err(|m| ReadError::new(&input.display, m))?;
    let file = std::fs::File::open(&input.path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    regular_file(&meta).map_err(|m| ReadError::new(&input.display, m))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::new(&input.display, too_big(bytes.len() as u64)));
    }
    let ext = input
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok((bytes, ext))
}

/// Reads a file sheet by sheet, handing each sheet to `visit` as it is read instead of holding
/// the workbook: a sheet of more than `head_rows` rows comes as its first rows and an iterator
/// over the rest (xlsx and xlsm; the other formats are read whole, then handed over a sheet at
/// a time). The workbook passed to `visit` carries the file's name, format and notes, and the
/// hidden layout sheet of a goldthread template when there is one; its other sheets are not
/// kept.
///
/// # Errors
/// As [`read_file`], and any error `visit` returns, named with the file.
pub fn stream_file(
    input: &InputFile,
    head_rows: usize,
    visit: &mut dyn FnMut(&Workbook, SheetRows<'_>) -> Result<(), String>,
) -> Result<Workbook, ReadError> {
    stream_file_hashed(input, head_rows, visit).map(|(wb, _)| wb)
}

/// As [`stream_file`], with the SHA-256 (hex) of the bytes read: a checksum of what was read,
/// whatever happens to the file afterwards.
///
/// # Errors
/// As [`stream_file`].
pub fn stream_file_hashed(
    input: &InputFile,
    head_rows: usize,
    visit: &mut dyn FnMut(&Workbook, SheetRows<'_>) -> Result<(), String>,
) -> Result<(Workbook, String), ReadError> {
    let (bytes, ext) = file_bytes(input)?;
    let sha256 = sha256_hex(&bytes);
    let file = input.display.as_str();
    let (mut wb, bytes) = recognise(bytes, file, &ext)?;
    // One of goldthread's own outputs among the returns: not read again as one.
    if matches!(wb.format, Format::Xlsx | Format::Xlsm) {
        if let Some(subject) = excel::own_output(&bytes) {
            wb.notes.push(format!(
                "is a workbook goldthread wrote ({subject}), not a return; it was skipped (keep outputs out of the returns folder)"
            ));
            return Ok((wb, sha256));
        }
    }
    let fail = |m: String| ReadError::new(file, m);
    match wb.format {
        Format::Xlsx | Format::Xlsm => {
            let embedded = EMBEDDED_SHEET;
            // A template's layout, and the keys of rating scales the registers are read with.
            let first = |n: &str| n == embedded || names_a_key(n);
            let notes = excel::stream_xlsx(&bytes, head_rows, &first, &mut |rows, first| {
                if wb.sheets.is_empty() && !first.is_empty() {
                    wb.sheets = first.to_vec();
                }
                visit(&wb, rows)
            })
            .map_err(fail)?;
            wb.notes.extend(notes);
        }
        Format::Csv => {
            // Read a record at a time: a long CSV is handed over as a stream, as a long xlsx
            // sheet is.
            let mut rows = csv::CsvRows::new(&bytes).map_err(fail)?;
            drop(bytes);
            let mut head = Vec::new();
            for row in rows.by_ref() {
                head.push(row.map_err(fail)?);
                if head.len() >= head_rows {
                    break;
                }
            }
            let long = head.len() >= head_rows && !rows.done;
            let sheet = csv::sheet(&input.stem(), head);
            if long {
                visit(
                    &wb,
                    SheetRows::Long {
                        head: sheet,
                        rest: &mut rows,
                    },
                )
            } else {
                visit(&wb, SheetRows::Whole(sheet))
            }
            .map_err(fail)?;
        }
        format => {
            let sheets = excel::read_workbook(bytes, format).map_err(fail)?;
            wb.sheets = sheets
                .iter()
                .filter(|s| s.name == EMBEDDED_SHEET || names_a_key(&s.name))
                .cloned()
                .collect();
            for sheet in sheets {
                visit(&wb, SheetRows::Whole(sheet)).map_err(fail)?;
            }
        }
    }
    Ok((wb, sha256))
}

/// Reads a file's bytes into a workbook: `file` is the name to show, `ext` its extension (lower
/// case, no dot) and `stem` the name a CSV's one sheet takes.
///
/// # Errors
/// As [`read_file`].
pub fn read_bytes(
    bytes: Vec<u8>,
    file: &str,
    ext: &str,
    stem: &str,
) -> Result<Workbook, ReadError> {
    let (mut wb, bytes) = recognise(bytes, file, ext)?;
    wb.sheets = match wb.format {
        Format::Csv => {
            vec![csv::read_csv(&bytes, stem).map_err(|m| ReadError::new(file, m))?]
        }
        format => excel::read_workbook(bytes, format).map_err(|m| ReadError::new(file, m))?,
    };
    Ok(wb)
}

/// Recognises a file's format from its content: a workbook with no sheets yet, and the bytes.
fn recognise(mut bytes: Vec<u8>, file: &str, ext: &str) -> Result<(Workbook, Vec<u8>), ReadError> {
    let ext = ext.to_string();
    let mut notes = Vec::new();
    let format = match (sniff(&bytes), ext.as_str()) {
        (Content::Empty, _) => return Err(ReadError::new(file, "is empty (0 bytes); ask the service to send it again.")),
        (Content::Zip, _) => {
            let f = excel::zip_format(&bytes, &mut notes).map_err(|m| ReadError::new(file, m))?;
            bytes = match f {
                Format::Xlsx | Format::Xlsm => excel::without_false_counts(bytes),
                Format::Ods => ods_bounds::bound_repeats(bytes, &mut notes),
                _ => Ok(bytes),
            }
            .map_err(|m| ReadError::new(file, m))?;
            if !ext.is_empty() && f.to_string() != ext && !(f == Format::Xlsx && ext == "xlsm") {
                notes.push(format!("is named .{ext} but is really an .{f} workbook; read as .{f}"));
            }
            f
        }
        (Content::Ole, _) => {
            if excel::is_encrypted_ole(&bytes) {
                return Err(ReadError::new(
                    file,
                    "is password protected; save it without a password (File > Info > Protect Workbook) and run again.",
                ));
            }
            if ext != "xls" {
                notes.push(format!("is named .{ext} but is really an .xls (Excel 97-2003) workbook; read as .xls"));
            }
            Format::Xls
        }
        (Content::Text, _) if spreadsheetml::is_spreadsheetml(&bytes) => {
            if ext != "xml" {
                notes.push(format!(
                    "is named .{ext} but is an Excel 2003 XML spreadsheet; read as such"
                ));
            }
            Format::Xml2003
        }
        (Content::Text, _) if is_html(&bytes) => {
            return Err(ReadError::new(
                file,
                "is a web page (an HTML table), as some systems export their \"Excel\" files; open it in Excel, save it as an Excel Workbook (.xlsx) and run again",
            ))
        }
        (Content::Text, "csv") => Format::Csv,
        (Content::Text, e) if EXTENSIONS.contains(&e) => {
            return Err(ReadError::new(
                file,
                format!("is named .{e} but holds plain text, not a workbook; if it is a CSV export, rename it .csv"),
            ))
        }
        (Content::Binary, "csv") => {
            return Err(ReadError::new(file, "is named .csv but holds binary data, not text"))
        }
        (_, e) if EXTENSIONS.contains(&e) => {
            return Err(ReadError::new(
                file,
                format!("is named .{e} but is not a spreadsheet this tool can read (the file may be damaged)"),
            ))
        }
        (_, e) => {
            return Err(ReadError::new(
                file,
                format!(
                    "has the extension '.{e}', which is not a return format; goldthread reads {}",
                    EXTENSIONS.iter().map(|x| format!(".{x}")).collect::<Vec<_>>().join(", ")
                ),
            ))
        }
    };
    let wb = Workbook {
        file: file.to_string(),
        format,
        sheets: Vec::new(),
        notes,
    };
    Ok((wb, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_page_named_as_a_workbook_gets_advice() {
        for (name, page) in [
            (
                "report.xls",
                "<html><body><table><tr><td>Ref</td></tr></table></body></html>",
            ),
            (
                "export.xlsx",
                "\u{feff}\n\n<!DOCTYPE html>\n<html lang=\"en\"></html>",
            ),
            (
                "kpis.csv",
                "<meta charset=\"utf-8\"><table border=1><tr><td>1</td></tr></table>",
            ),
        ] {
            let ext = name.rsplit('.').next().unwrap();
            let err = read_bytes(page.as_bytes().to_vec(), name, ext, "x").unwrap_err();
            let text = err.to_string();
            assert!(text.contains(name) && text.contains("web page"), "{text}");
            assert!(
                text.contains("save it as an Excel Workbook (.xlsx)"),
                "{text}"
            );
        }
        // A CSV whose first cell happens to hold markup is still a CSV.
        assert!(!is_html(b"Ref,Note\nR1,<b>bold</b>\n"));
    }

    #[test]
    fn sniff_recognises_content() {
        assert_eq!(sniff(b""), Content::Empty);
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(sniff(b"a,b,c\r\n1,2,3\n"), Content::Text);
        assert_eq!(sniff(&[0u8, 1, 2, 3]), Content::Binary);
    }

    #[test]
    fn sheet_groups_cells_into_sorted_rows() {
        let cell = |row, col, s: &str| Cell {
            row,
            col,
            value: Some(Value::Text(s.into())),
            style: None,
        };
        let sheet = Sheet::from_cells(
            "S".into(),
            Visibility::Visible,
            vec![cell(2, 1, "c"), cell(0, 3, "b"), cell(0, 0, "a")],
            vec![],
        );
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].cells[1].text().as_deref(), Some("b"));
        assert_eq!(
            sheet.rows[1].get(1).and_then(|c| c.text()).as_deref(),
            Some("c")
        );
    }

    #[test]
    fn folders_exclude_file_and_dots() {
        let f = InputFile {
            path: "x".into(),
            display: "./samples/place/risk.xlsx".into(),
        };
        assert_eq!(
            f.folders(),
            vec!["samples".to_string(), "place".to_string()]
        );
    }

    #[test]
    fn numbers_display_without_trailing_zero() {
        assert_eq!(format_number(85.0), "85");
        assert_eq!(format_number(0.85), "0.85");
        assert_eq!(format_number(-1200.0), "-1200");
    }

    #[test]
    fn the_merge_index_finds_what_a_scan_finds() {
        let mut list = Vec::new();
        // Short regions, a tall one, regions across a block boundary, and overlapping ones.
        for i in 0..500u32 {
            list.push(Merge {
                first_row: i * 3,
                first_col: i % 7,
                last_row: i * 3 + i % 4,
                last_col: i % 7 + 2,
            });
        }
        list.push(Merge {
            first_row: 10,
            first_col: 20,
            last_row: 5_000,
            last_col: 20,
        });
        let merges = Merges::from(list.clone());
        assert_eq!(merges, list);
        for row in 0..1_600 {
            let scanned: Vec<&Merge> = list
                .iter()
                .filter(|m| m.first_row <= row && row <= m.last_row)
                .collect();
            assert_eq!(
                merges.over_row(row).collect::<Vec<_>>(),
                scanned,
                "row {row}"
            );
            for col in 0..22 {
                let sheet_like = list.iter().find(|m| m.contains(row, col));
                assert_eq!(
                    merges.over_row(row).find(|m| m.contains(row, col)),
                    sheet_like
                );
            }
        }
    }
}
