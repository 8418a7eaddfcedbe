//! Reading returns: finds the files, recognises their format by content, and loads each sheet's
//! cells sparsely with the styles (fill colour, number format, bold) and merged regions that
//! carry meaning in council returns.

mod cells;
mod csv;
mod discover;
mod error;
mod excel;
mod ods_bounds;
mod ods_styles;
mod spreadsheetml;

pub use cells::*;
pub use discover::*;
pub use error::{Error, VisitError};

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

/// A file that could not be read: the file, and why, in a message that says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct ReadError {
    /// The file, as shown to the user.
    pub file: String,
    /// Why it could not be read.
    #[source]
    pub reason: Error,
}

impl ReadError {
    fn new(file: &str, reason: Error) -> ReadError {
        ReadError {
            file: file.to_string(),
            reason,
        }
    }

    /// The error the stage the sheets were handed to returned, if that is why the file could
    /// not be read (see [`stream_file`]).
    pub fn visit_error(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        match &self.reason {
            Error::Visit(e) => Some(e.as_ref()),
            _ => None,
        }
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
    let fail = |e: std::io::Error| ReadError::new(&input.display, Error::Unreadable(e));
    // Checked again here, on the file opened (it may have changed since it was found), and the
    // read stops at the limit whatever size the file claims.
    let meta = std::fs::metadata(&input.path).map_err(fail)?;
    regular_file(&meta).map_err(|e| ReadError::new(&input.display, e))?;
    let file = std::fs::File::open(&input.path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    regular_file(&meta).map_err(|e| ReadError::new(&input.display, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::new(
            &input.display,
            Error::TooBig {
                bytes: bytes.len() as u64,
            },
        ));
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
/// As [`read_file`], and any error `visit` returns, named with the file as [`Error::Visit`].
pub fn stream_file(
    input: &InputFile,
    head_rows: usize,
    visit: &mut dyn FnMut(&Workbook, SheetRows<'_>) -> Result<(), VisitError>,
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
    visit: &mut dyn FnMut(&Workbook, SheetRows<'_>) -> Result<(), VisitError>,
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
    let fail = |e: Error| ReadError::new(file, e);
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
            .map_err(|e| fail(Error::Visit(e)))?;
        }
        format => {
            let sheets = excel::read_workbook(bytes, format).map_err(fail)?;
            wb.sheets = sheets
                .iter()
                .filter(|s| s.name == EMBEDDED_SHEET || names_a_key(&s.name))
                .cloned()
                .collect();
            for sheet in sheets {
                visit(&wb, SheetRows::Whole(sheet)).map_err(|e| fail(Error::Visit(e)))?;
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
            vec![csv::read_csv(&bytes, stem).map_err(|e| ReadError::new(file, e))?]
        }
        format => excel::read_workbook(bytes, format).map_err(|e| ReadError::new(file, e))?,
    };
    Ok(wb)
}

/// Recognises a file's format from its content: a workbook with no sheets yet, and the bytes.
fn recognise(mut bytes: Vec<u8>, file: &str, ext: &str) -> Result<(Workbook, Vec<u8>), ReadError> {
    let ext = ext.to_string();
    let mut notes = Vec::new();
    let format = match (sniff(&bytes), ext.as_str()) {
        (Content::Empty, _) => return Err(ReadError::new(file, Error::Empty)),
        (Content::Zip, _) => {
            let f = excel::zip_format(&bytes, &mut notes).map_err(|e| ReadError::new(file, e))?;
            bytes = match f {
                Format::Xlsx | Format::Xlsm => excel::without_false_counts(bytes),
                Format::Ods => ods_bounds::bound_repeats(bytes, &mut notes),
                _ => Ok(bytes),
            }
            .map_err(|e| ReadError::new(file, e))?;
            if !ext.is_empty() && f.to_string() != ext && !(f == Format::Xlsx && ext == "xlsm") {
                notes.push(format!(
                    "is named .{ext} but is really an .{f} workbook; read as .{f}"
                ));
            }
            f
        }
        (Content::Ole, _) => {
            if excel::is_encrypted_ole(&bytes) {
                return Err(ReadError::new(file, Error::Password));
            }
            if ext != "xls" {
                notes.push(format!(
                    "is named .{ext} but is really an .xls (Excel 97-2003) workbook; read as .xls"
                ));
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
        (Content::Text, _) if is_html(&bytes) => return Err(ReadError::new(file, Error::WebPage)),
        (Content::Text, "csv") => Format::Csv,
        (Content::Text, e) if EXTENSIONS.contains(&e) => {
            return Err(ReadError::new(file, Error::PlainText(e.to_string())))
        }
        (Content::Binary, "csv") => return Err(ReadError::new(file, Error::BinaryCsv)),
        (_, e) if EXTENSIONS.contains(&e) => {
            return Err(ReadError::new(file, Error::NotASpreadsheet(e.to_string())))
        }
        (_, e) => return Err(ReadError::new(file, Error::NotAReturnFormat(e.to_string()))),
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
    fn read_errors_keep_their_causes_as_sources() {
        use std::error::Error as _;
        let err = read_bytes(b"PK\x03\x04not a zip".to_vec(), "r.xlsx", "xlsx", "r").unwrap_err();
        assert!(
            err.to_string().starts_with(
                "r.xlsx: is damaged or not a workbook (the zip container cannot be opened: "
            ),
            "{err}"
        );
        let reason = err.source().and_then(|e| e.downcast_ref::<Error>());
        assert!(matches!(reason, Some(Error::ZipUnopenable(_))), "{err:?}");
        assert!(err
            .source()
            .and_then(|e| e.source())
            .is_some_and(|e| e.is::<zip::result::ZipError>()));

        let input = InputFile {
            path: "no/such/return.xlsx".into(),
            display: "return.xlsx".into(),
        };
        let err = read_file(&input).unwrap_err();
        assert_eq!(
            err.to_string(),
            "return.xlsx: cannot be read: no such file or folder"
        );
        let io = err.source().and_then(|e| e.source());
        assert!(io.is_some_and(|e| e.is::<std::io::Error>()));
    }

    #[test]
    fn a_visitor_s_error_comes_back_named_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(&path, "Ref,Title\nR1,One\n").unwrap();
        let input = InputFile {
            path,
            display: "r.csv".into(),
        };
        let err =
            stream_file(&input, 10, &mut |_, _| Err("the sheet was refused".into())).unwrap_err();
        assert_eq!(err.to_string(), "r.csv: the sheet was refused");
        assert_eq!(
            err.visit_error().map(ToString::to_string).as_deref(),
            Some("the sheet was refused")
        );
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
