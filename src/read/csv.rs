//! CSV exports: encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and delimiter
//! (comma, semicolon, tab, pipe) detected from the content.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{Cell, Error, Row, Sheet, Value, Visibility};

/// Decodes the bytes of a text file, returning the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return (
            UTF_16LE.decode_with_bom_removal(bytes).0.into_owned(),
            "UTF-16",
        );
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return (
            UTF_16BE.decode_with_bom_removal(bytes).0.into_owned(),
            "UTF-16",
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => (
            WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            "Windows-1252",
        ),
    }
}

/// The longest line a CSV return may have (a line of a real export is a few kilobytes; a
/// longer one is not a return, and would cost many times its size as cells).
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// The most fields a CSV line may have: a spreadsheet's columns.
pub const MAX_FIELDS: usize = 16_384;

/// Picks the delimiter that splits the first lines into the most, and most consistent, fields.
/// Only the first 64 KB are looked at.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample: String = text[..end].lines().take(30).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize);
    for delim in [b',', b';', b'\t', b'|'] {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample.as_bytes());
        let counts: Vec<usize> = rdr
            .records()
            .filter_map(Result::ok)
            .map(|r| r.len())
            .collect();
        if counts.is_empty() {
            continue;
        }
        let widest = *counts.iter().max().unwrap_or(&1);
        let agreeing = counts.iter().filter(|&&c| c == widest).count();
        let score = if widest > 1 { widest * agreeing } else { 0 };
        if score > best.1 {
            best = (delim, score);
        }
    }
    best.0
}

/// The 1-based number of the first line longer than [`MAX_LINE_BYTES`], if any.
fn overlong_line(bytes: &[u8]) -> Option<usize> {
    bytes
        .split(|&b| b == b'\n')
        .position(|line| line.len() > MAX_LINE_BYTES)
        .map(|i| i + 1)
}

/// The rows of a CSV file, read one record at a time from its decoded text: every field is
/// text; the normaliser parses numbers and dates as it does for text typed into Excel.
pub struct CsvRows {
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    line: usize,
    /// Whether the last record has been read.
    pub done: bool,
}

impl CsvRows {
    /// Decodes the file and detects its delimiter.
    ///
    /// # Errors
    /// [`Error::LongLine`] for a line longer than [`MAX_LINE_BYTES`], named by its number.
    pub fn new(bytes: &[u8]) -> Result<CsvRows, Error> {
        if let Some(line) = overlong_line(bytes) {
            return Err(Error::LongLine(line));
        }
        let (text, _encoding) = decode(bytes);
        let delim = detect_delimiter(&text);
        let reader = csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::Cursor::new(text.into_bytes()));
        Ok(CsvRows {
            reader,
            record: csv::StringRecord::new(),
            line: 0,
            done: false,
        })
    }
}

impl Iterator for CsvRows {
    type Item = Result<Row, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let row = self.line;
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::Csv {
                        line: row + 1,
                        source: e,
                    }));
                }
            }
            self.line += 1;
            if self.record.len() > MAX_FIELDS {
                self.done = true;
                return Some(Err(Error::TooManyFields {
                    fields: self.record.len(),
                    line: row + 1,
                }));
            }
            let cells: Vec<Cell> = self
                .record
                .iter()
                .enumerate()
                .filter(|(_, field)| !field.trim().is_empty())
                .map(|(col, field)| Cell {
                    row: row as u32,
                    col: col as u32,
                    value: Some(Value::Text(field.to_string())),
                    style: None,
                })
                .collect();
            if !cells.is_empty() {
                return Some(Ok(Row {
                    index: row as u32,
                    cells,
                }));
            }
        }
        None
    }
}

/// A CSV's one sheet, named after the file, of the rows given.
pub fn sheet(name: &str, rows: Vec<Row>) -> Sheet {
    Sheet {
        name: name.to_string(),
        visibility: Visibility::Visible,
        rows,
        merges: super::Merges::default(),
        col_widths: Vec::new(),
    }
}

/// Reads a CSV file whole into one sheet named after the file.
///
/// # Errors
/// As [`CsvRows`]: a line too long, a record that is not CSV, or one of too many fields.
pub fn read_csv(bytes: &[u8], name: &str) -> Result<Sheet, Error> {
    let rows = CsvRows::new(bytes)?.collect::<Result<Vec<Row>, Error>>()?;
    Ok(sheet(name, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_pound_sign_is_decoded() {
        let (text, enc) = decode(b"Cost;\xA31,234\r\n");
        assert_eq!(enc, "Windows-1252");
        assert!(text.contains("£1,234"));
    }

    #[test]
    fn bom_is_removed() {
        let (text, enc) = decode("\u{feff}a,b".as_bytes());
        assert_eq!((text.as_str(), enc), ("a,b", "UTF-8"));
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
    }

    #[test]
    fn quoted_newlines_stay_in_one_cell() {
        let sheet = read_csv(b"Ref,Risk\nR1,\"two\nlines\"\nR2,x\n", "f").unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[1].cells[1].text().as_deref(), Some("two\nlines"));
    }
}
