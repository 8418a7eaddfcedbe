//! Sheet rows written as SpreadsheetML directly, for the largest sheets (the risk registers).
//!
//! rust_xlsxwriter keeps an object for every cell and formats each into the sheet's XML when
//! the row is done: several times the work of writing the XML itself, and most of the time of
//! writing a consolidation of hundreds of returns. So a register's sheet is made by
//! rust_xlsxwriter without its data rows (title, headings, column widths and formats, frozen
//! panes, autofilter, print setup), its rows are written here as they are made, to a temporary
//! file (kept in memory while small), and [`save_spliced`] puts them into the sheet when the
//! workbook is saved, copying every other part of the package unchanged.
//!
//! Cells are written as rust_xlsxwriter writes them: text inline, escaped as Excel escapes it
//! (`&`, `<`, `>`, control characters as `_xHHHH_`, and a literal `_xHHHH_` guarded), numbers
//! in Rust's shortest round-trip form, and each with the index of its format, which
//! [`Xfs::register`] learns by registering the formats first on the new workbook.

use std::io::{self, Read, Seek, SeekFrom, Write};

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use tempfile::SpooledTempFile;
use zip::write::SimpleFileOptions;

/// The rows of a sheet are kept in memory up to this size, then go to a temporary file.
const IN_MEMORY: usize = 64 << 20;

/// Rows are handed to the temporary file in pieces of this size.
const CHUNK: usize = 256 << 10;

/// The cell format indices (the `s` of a cell) of formats registered on a workbook. It borrows
/// the formats, so a format is known by its address while they live.
pub(crate) struct Xfs<'f>(Vec<(&'f Format, u32)>);

impl<'f> Xfs<'f> {
    /// Registers `formats` on a new workbook, in order, and notes the index each gets: a
    /// workbook numbers its formats in the order they are first used, from 1 (0 is its default
    /// format), equal formats sharing one index. Call it before the workbook uses any other
    /// format (a test reads the formats of the cells back from a written workbook).
    pub(crate) fn register(workbook: &mut Workbook, formats: &[&'f Format]) -> Xfs<'f> {
        let default = Format::default();
        let mut known = vec![&default];
        let mut out = Vec::with_capacity(formats.len());
        for &f in formats {
            workbook.register_format(f);
            let index = match known.iter().position(|&k| k == f) {
                Some(i) => i,
                None => {
                    known.push(f);
                    known.len() - 1
                }
            };
            out.push((f, index as u32));
        }
        Xfs(out)
    }

    /// The index of a registered format: found by address (the usual case, a format of the
    /// set registered), else by equality.
    pub(crate) fn of(&self, f: &Format) -> Result<u32, XlsxError> {
        self.0
            .iter()
            .find(|e| std::ptr::eq(e.0, f))
            .or_else(|| self.0.iter().find(|e| e.0 == f))
            .map(|e| e.1)
            .ok_or_else(|| {
                XlsxError::ParameterError("a cell format was not registered on the workbook".into())
            })
    }
}

/// Rows of a sheet, written in order as `<row>` elements of its `<sheetData>`.
pub(crate) struct RawRows<'x> {
    xfs: &'x Xfs<'x>,
    /// The format index of each column, where the column has one: a blank cell in its column's
    /// format is not written.
    columns: Vec<Option<u32>>,
    out: SpooledTempFile,
    len: u64,
    buf: Vec<u8>,
    /// The row being written (0-based), its cells so far and its height, if set.
    row: Option<u32>,
    cells: Vec<u8>,
    height: Option<f64>,
    /// The next column a cell of this row may go in.
    next_col: u16,
    /// Column letters, by column.
    names: Vec<String>,
    last_row: Option<u32>,
    last_col: u16,
}

impl<'x> RawRows<'x> {
    /// Rows whose cells take their formats' indices from `xfs`; `columns` are the formats set
    /// on the sheet's columns.
    pub(crate) fn new(xfs: &'x Xfs<'x>, columns: &[Option<&Format>]) -> Result<Self, XlsxError> {
        let columns = columns
            .iter()
            .map(|c| c.map(|f| xfs.of(f)).transpose())
            .collect::<Result<_, _>>()?;
        Ok(RawRows {
            xfs,
            columns,
            out: SpooledTempFile::new(IN_MEMORY),
            len: 0,
            buf: Vec::with_capacity(CHUNK + 64 * 1024),
            row: None,
            cells: Vec::with_capacity(4096),
            height: None,
            next_col: 0,
            names: Vec::new(),
            last_row: None,
            last_col: 0,
        })
    }

    /// Text in a cell; empty text leaves a blank cell in the format.
    pub(crate) fn string(
        &mut self,
        row: u32,
        col: u16,
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        if s.is_empty() {
            return self.blank(row, col, f);
        }
        let xf = self.xfs.of(f)?;
        self.cell_start(row, col, xf)?;
        self.cells.extend_from_slice(b" t=\"inlineStr\"><is><t");
        let edge = |c: Option<char>| matches!(c, Some('\t' | '\n' | ' '));
        if edge(s.chars().next()) || edge(s.chars().next_back()) {
            self.cells.extend_from_slice(b" xml:space=\"preserve\"");
        }
        self.cells.push(b'>');
        escape_into(&mut self.cells, s);
        self.cells.extend_from_slice(b"</t></is></c>");
        Ok(())
    }

    /// A number in a cell; one Excel cannot hold (not finite) leaves a blank cell.
    pub(crate) fn number(
        &mut self,
        row: u32,
        col: u16,
        n: f64,
        f: &Format,
    ) -> Result<(), XlsxError> {
        if !n.is_finite() {
            return self.blank(row, col, f);
        }
        let xf = self.xfs.of(f)?;
        self.cell_start(row, col, xf)?;
        self.cells.extend_from_slice(b"><v>");
        if n.fract() == 0.0 && n.abs() < 1e15 && !(n == 0.0 && n.is_sign_negative()) {
            self.cells
                .extend_from_slice(itoa::Buffer::new().format(n as i64).as_bytes());
        } else {
            write!(self.cells, "{n}").map_err(XlsxError::IoError)?;
        }
        self.cells.extend_from_slice(b"</v></c>");
        Ok(())
    }

    /// A blank cell in a format (nothing, when the format is the column's).
    pub(crate) fn blank(&mut self, row: u32, col: u16, f: &Format) -> Result<(), XlsxError> {
        let xf = self.xfs.of(f)?;
        if self.columns.get(usize::from(col)).copied().flatten() == Some(xf) {
            // Nothing to write, but the cells after it must still come after it.
            return self.at(row, col);
        }
        self.cell_start(row, col, xf)?;
        self.cells.extend_from_slice(b"/>");
        Ok(())
    }

    /// Sets the height of `row`, in points (the row being written, or a later one).
    pub(crate) fn height(&mut self, row: u32, points: f64) -> Result<(), XlsxError> {
        self.move_to_row(row)?;
        self.height = Some(points);
        Ok(())
    }

    /// Opens `<c r=".." s=".."` for a cell (the caller closes it).
    fn cell_start(&mut self, row: u32, col: u16, xf: u32) -> Result<(), XlsxError> {
        self.at(row, col)?;
        while self.names.len() <= usize::from(col) {
            let n = self.names.len() as u16;
            self.names.push(rust_xlsxwriter::column_number_to_name(n));
        }
        self.last_col = self.last_col.max(col);
        self.cells.extend_from_slice(b"<c r=\"");
        self.cells
            .extend_from_slice(self.names[usize::from(col)].as_bytes());
        self.cells
            .extend_from_slice(itoa::Buffer::new().format(row + 1).as_bytes());
        self.cells.push(b'"');
        if xf > 0 {
            self.cells.extend_from_slice(b" s=\"");
            self.cells
                .extend_from_slice(itoa::Buffer::new().format(xf).as_bytes());
            self.cells.push(b'"');
        }
        Ok(())
    }

    /// Moves to the cell (`row`, `col`): rows, and the cells of a row, must be written in order.
    fn at(&mut self, row: u32, col: u16) -> Result<(), XlsxError> {
        self.move_to_row(row)?;
        if col > super::LAST_COL {
            return Err(XlsxError::RowColumnLimitError);
        }
        if col < self.next_col {
            return Err(order_error(row, col));
        }
        self.next_col = col.saturating_add(1);
        Ok(())
    }

    /// Moves to `row`, ending the row before.
    fn move_to_row(&mut self, row: u32) -> Result<(), XlsxError> {
        match self.row {
            Some(r) if r == row => Ok(()),
            Some(r) if row < r => Err(order_error(row, 0)),
            _ if row > super::LAST_ROW => Err(XlsxError::RowColumnLimitError),
            _ => {
                self.end_row()?;
                self.row = Some(row);
                Ok(())
            }
        }
    }

    /// Writes the row being written, if it has cells or a height.
    fn end_row(&mut self) -> Result<(), XlsxError> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        let height = self.height.take();
        self.next_col = 0;
        if self.cells.is_empty() && height.is_none() {
            return Ok(());
        }
        self.buf.extend_from_slice(b"<row r=\"");
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(row + 1).as_bytes());
        self.buf.push(b'"');
        if let Some(h) = height {
            write!(self.buf, " ht=\"{h}\" customHeight=\"1\"").map_err(XlsxError::IoError)?;
        }
        if self.cells.is_empty() {
            self.buf.extend_from_slice(b"/>");
        } else {
            self.buf.push(b'>');
            self.buf.append(&mut self.cells);
            self.buf.extend_from_slice(b"</row>");
        }
        self.last_row = Some(row);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), XlsxError> {
        self.out.write_all(&self.buf).map_err(XlsxError::IoError)?;
        self.len += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// The rows written, ready to go into their sheet.
    pub(crate) fn finish(mut self) -> Result<Rows, XlsxError> {
        self.end_row()?;
        self.flush()?;
        self.out
            .seek(SeekFrom::Start(0))
            .map_err(XlsxError::IoError)?;
        Ok(Rows {
            data: self.out,
            len: self.len,
            last: self.last_row.map(|r| (r, self.last_col)),
        })
    }
}

fn order_error(row: u32, col: u16) -> XlsxError {
    XlsxError::ParameterError(format!(
        "cell {}{} written out of order",
        rust_xlsxwriter::column_number_to_name(col),
        row + 1
    ))
}

/// Appends `s` escaped as Excel escapes cell text.
fn escape_into(out: &mut Vec<u8>, s: &str) {
    // Most text has nothing to escape: no markup characters, no control characters, no `_x`,
    // no U+FFFE or U+FFFF (which start with byte 0xEF in UTF-8).
    let plain = !s.bytes().any(|b| {
        matches!(b, b'&' | b'<' | b'>' | b'_' | 0xEF) || (b < 0x20 && b != b'\t' && b != b'\n')
    });
    if plain {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    let mut rest = s;
    while let Some(ch) = rest.chars().next() {
        let len = ch.len_utf8();
        match ch {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '\t' | '\n' => out.push(ch as u8),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "_x{:04X}_", u32::from(ch));
            }
            // A literal `_xHHHH_` would read back as the character it names: Excel writes
            // its `_` as `_x005F_`.
            '_' if is_escape_code(rest) => out.extend_from_slice(b"_x005F_"),
            _ => out.extend_from_slice(&rest.as_bytes()[..len]),
        }
        rest = &rest[len..];
    }
}

/// `_xHHHH_` (four hex digits) at the start of `s`.
fn is_escape_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// Rows written by [`RawRows`], to go into a sheet.
pub(crate) struct Rows {
    data: SpooledTempFile,
    len: u64,
    /// The last row and column with a cell (0-based), if any.
    last: Option<(u32, u16)>,
}

/// Writes the package `workbook` (as rust_xlsxwriter saved it) to `out`, with each sheet of
/// `sheets` (by position, 0 for the first) given its rows: they go at the end of its
/// `<sheetData>`, after the rows it has, and its dimension is widened to take them in. Every
/// other part is copied unchanged, still compressed.
pub(crate) fn save_spliced(
    workbook: &[u8],
    sheets: Vec<(usize, Rows)>,
    out: &mut dyn Write,
    level: u8,
) -> Result<(), XlsxError> {
    let zip_error = |e: zip::result::ZipError| XlsxError::ZipError(e);
    let mut archive = zip::ZipArchive::new(io::Cursor::new(workbook)).map_err(zip_error)?;
    let mut sheets: Vec<(String, Rows)> = sheets
        .into_iter()
        .map(|(i, rows)| (format!("xl/worksheets/sheet{}.xml", i + 1), rows))
        .collect();
    let mut zip = zip::ZipWriter::new_stream(out);
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(zip_error)?;
        let name = part.name().map_err(zip_error)?;
        let Some(at) = sheets.iter().position(|(n, _)| *n == name) else {
            zip.raw_copy_file(part).map_err(zip_error)?;
            continue;
        };
        drop(part);
        let (name, mut rows) = sheets.swap_remove(at);
        let mut xml = String::new();
        archive
            .by_index(i)
            .map_err(zip_error)?
            .read_to_string(&mut xml)
            .map_err(XlsxError::IoError)?;
        let (head, tail) = split_sheet_data(&xml, rows.last).ok_or_else(|| {
            XlsxError::ParameterError(format!("{name} has no sheetData to put its rows in"))
        })?;
        // Sizes as rust_xlsxwriter gives them: fixed times, owner read and write only.
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(i64::from(level)))
            .unix_permissions(0o600)
            .last_modified_time(zip::DateTime::default())
            .large_file(rows.len + xml.len() as u64 >= u64::from(u32::MAX));
        zip.start_file(name, options).map_err(zip_error)?;
        zip.write_all(head.as_bytes()).map_err(XlsxError::IoError)?;
        io::copy(&mut rows.data, &mut zip).map_err(XlsxError::IoError)?;
        zip.write_all(tail.as_bytes()).map_err(XlsxError::IoError)?;
    }
    if let Some((name, _)) = sheets.first() {
        return Err(XlsxError::ParameterError(format!(
            "the workbook has no part {name}"
        )));
    }
    zip.finish().map_err(zip_error)?;
    Ok(())
}

/// The sheet XML before and after where rows go (the end of `<sheetData>`), with the
/// `<dimension>` widened to take in the cells up to `last`.
fn split_sheet_data(xml: &str, last: Option<(u32, u16)>) -> Option<(String, String)> {
    const EMPTY: &str = "<sheetData/>";
    let (head, tail) = match xml.find("</sheetData>") {
        Some(at) => (xml[..at].to_string(), xml[at..].to_string()),
        None => {
            let at = xml.find(EMPTY)?;
            (
                format!("{}<sheetData>", &xml[..at]),
                format!("</sheetData>{}", &xml[at + EMPTY.len()..]),
            )
        }
    };
    match last {
        Some((row, col)) => Some((widen_dimension(&head, row, col), tail)),
        None => Some((head, tail)),
    }
}

/// The `<dimension ref="A1:W5"/>` of a sheet widened to take in (`row`, `col`).
fn widen_dimension(head: &str, row: u32, col: u16) -> String {
    const START: &str = "<dimension ref=\"";
    let Some(start) = head.find(START).map(|s| s + START.len()) else {
        return head.to_string();
    };
    let Some(len) = head[start..].find('"') else {
        return head.to_string();
    };
    let range = &head[start..start + len];
    let (first, end) = range.split_once(':').unwrap_or((range, range));
    let (end_row, end_col) = super::parse_cell(end).unwrap_or((0, 0));
    let wide = format!(
        "{first}:{}{}",
        rust_xlsxwriter::column_number_to_name(end_col.max(col)),
        end_row.max(row) + 1
    );
    format!("{}{wide}{}", &head[..start], &head[start + len..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn formats() -> (Format, Format) {
        (Format::new().set_bold(), Format::new().set_italic())
    }

    /// The rows written, as text.
    fn xml(rows: RawRows) -> String {
        let mut rows = rows.finish().unwrap();
        let mut s = String::new();
        rows.data.read_to_string(&mut s).unwrap();
        assert_eq!(s.len() as u64, rows.len);
        s
    }

    #[test]
    fn cells_are_written_as_rust_xlsxwriter_writes_them() {
        let (bold, italic) = formats();
        let mut workbook = Workbook::new();
        let bold_again = Format::new().set_bold();
        let xfs = Xfs::register(&mut workbook, &[&bold, &italic, &bold_again]);
        assert_eq!(xfs.of(&bold_again).unwrap(), 1);
        assert_eq!(xfs.of(&bold).unwrap(), 1);
        assert_eq!(xfs.of(&italic).unwrap(), 2);
        // An equal format shares the index, found by equality when not by address.
        assert_eq!(xfs.of(&Format::new().set_bold()).unwrap(), 1);
        assert!(xfs
            .of(&Format::new().set_underline(rust_xlsxwriter::FormatUnderline::Single))
            .is_err());

        let mut rows = RawRows::new(&xfs, &[None, Some(&italic)]).unwrap();
        rows.string(5, 0, "a & b", &bold).unwrap();
        rows.blank(5, 1, &italic).unwrap(); // the column's format: not written
        rows.number(5, 2, 3.0, &italic).unwrap();
        rows.number(5, 3, 0.1, &bold).unwrap();
        rows.height(5, 48.0).unwrap();
        rows.blank(7, 0, &bold).unwrap();
        rows.string(7, 27, " edge", &italic).unwrap();
        rows.number(8, 0, f64::NAN, &bold).unwrap();
        assert_eq!(
            xml(rows),
            concat!(
                r#"<row r="6" ht="48" customHeight="1">"#,
                r#"<c r="A6" s="1" t="inlineStr"><is><t>a &amp; b</t></is></c>"#,
                r#"<c r="C6" s="2"><v>3</v></c><c r="D6" s="1"><v>0.1</v></c></row>"#,
                r#"<row r="8"><c r="A8" s="1"/>"#,
                r#"<c r="AB8" s="2" t="inlineStr"><is><t xml:space="preserve"> edge</t></is></c></row>"#,
                r#"<row r="9"><c r="A9" s="1"/></row>"#,
            )
        );
    }

    #[test]
    fn rows_and_cells_out_of_order_are_refused() {
        let (bold, _) = formats();
        let mut workbook = Workbook::new();
        let xfs = Xfs::register(&mut workbook, &[&bold]);
        let mut rows = RawRows::new(&xfs, &[]).unwrap();
        rows.string(3, 2, "x", &bold).unwrap();
        assert!(rows.string(3, 2, "again", &bold).is_err());
        assert!(rows.string(3, 1, "before", &bold).is_err());
        rows.height(3, 20.0).unwrap();
        rows.string(4, 0, "next row", &bold).unwrap();
        assert!(rows.string(3, 5, "earlier row", &bold).is_err());
        assert!(rows
            .string(super::super::LAST_ROW + 1, 0, "past", &bold)
            .is_err());
        assert!(rows.string(9, 16_384, "past", &bold).is_err());
    }

    #[test]
    fn the_dimension_is_widened_to_the_rows() {
        let head = r#"<worksheet><dimension ref="A1:W5"/><sheetData><row r="1"/>"#;
        let xml = format!("{head}</sheetData><autoFilter ref=\"A5:W5\"/></worksheet>");
        let (h, t) = split_sheet_data(&xml, Some((2405, 21))).unwrap();
        assert_eq!(
            h,
            r#"<worksheet><dimension ref="A1:W2406"/><sheetData><row r="1"/>"#
        );
        assert_eq!(t, "</sheetData><autoFilter ref=\"A5:W5\"/></worksheet>");
        let (h, _) = split_sheet_data(&xml, Some((9, 30))).unwrap();
        assert!(h.contains(r#"ref="A1:AE10""#), "{h}");
        // A sheet with no rows yet, and a single-cell dimension.
        let empty = r#"<worksheet><dimension ref="A1"/><sheetData/><x/></worksheet>"#;
        let (h, t) = split_sheet_data(empty, Some((4, 2))).unwrap();
        assert_eq!(h, r#"<worksheet><dimension ref="A1:C5"/><sheetData>"#);
        assert_eq!(t, "</sheetData><x/></worksheet>");
        assert!(split_sheet_data("<worksheet/>", None).is_none());
        assert_eq!(
            super::super::parse_cell("XFD1048576"),
            Some((1_048_575, 16_383))
        );
        assert_eq!(super::super::parse_cell("A"), None);
    }

    /// Reads cell text back as Excel does: XML entities, then `_xHHHH_` escapes.
    fn unescape(s: &str) -> String {
        let s = s
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let mut out = String::new();
        let mut rest = s.as_str();
        while !rest.is_empty() {
            if rest.starts_with('_') && is_escape_code(rest) {
                let code = u32::from_str_radix(&rest[2..6], 16).unwrap();
                out.push(char::from_u32(code).unwrap());
                rest = &rest[7..];
            } else {
                let ch = rest.chars().next().unwrap();
                out.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
        }
        out
    }

    proptest! {
        #[test]
        fn escaped_text_reads_back_as_written(
            s in proptest::string::string_regex("([a-z &<>_x0-9A-F\\t\\n\\r\\x00-\\x1f\\u{fffe}\\u{ffff}é☂]){0,40}").unwrap()
        ) {
            let mut out = Vec::new();
            escape_into(&mut out, &s);
            let xml = String::from_utf8(out).unwrap();
            prop_assert!(!xml.contains('<') && !xml.contains('>'));
            prop_assert!(!xml.bytes().any(|b| b < 0x20 && b != b'\t' && b != b'\n'));
            prop_assert_eq!(unescape(&xml), s);
        }
    }
}
