//! CSV exports: encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and delimiter
//! (comma, semicolon, tab, pipe) detected from the content.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{Cell, Sheet, Value, Visibility};

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

/// Picks the delimiter that splits the first lines into the most, and most consistent, fields.
pub fn detect_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
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

/// Reads a CSV file into one sheet named after the file. Every field is text; the
/// normaliser parses numbers and dates as it does for text typed into Excel.
pub fn read_csv(bytes: &[u8], name: &str) -> Result<Sheet, String> {
    let (text, _encoding) = decode(bytes);
    let delim = detect_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for (row, record) in rdr.records().enumerate() {
        let record = record.map_err(|e| format!("is not valid CSV at line {}: {e}", row + 1))?;
        for (col, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                cells.push(Cell {
                    row: row as u32,
                    col: col as u32,
                    value: Some(Value::Text(field.to_string())),
                    style: None,
                });
            }
        }
    }
    Ok(Sheet::from_cells(
        name.to_string(),
        Visibility::Visible,
        cells,
        Vec::new(),
    ))
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
