//! Bounds what an .ods package makes the reader materialise. OpenDocument stores a row written
//! many times over once, with `table:number-rows-repeated`; calamine gives every repeat its own
//! cells, so a 1 KB file holding one row of values "repeated" a million times would take
//! gigabytes. A row holding values is kept repeated only as far as [`MAX_REPEATED_CELLS`] cells
//! allow, and the rest is reported; rows without values (the blank rows LibreOffice writes to
//! the end of a sheet) are left as they are, since calamine does not fill them in.

use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};

use super::{xml_value, Error};

/// Most cells the repeats of one row holding values may make.
pub const MAX_REPEATED_CELLS: u64 = 100_000;

const ROWS_REPEATED: &[u8] = b"number-rows-repeated=";

/// The package with every row of values repeated past [`MAX_REPEATED_CELLS`] cut down, with a
/// note for each; the bytes as they were when there is none (the usual case, found by a scan of
/// `content.xml` for large repeat counts before any XML is parsed).
pub(crate) fn bound_repeats(bytes: Vec<u8>, notes: &mut Vec<String>) -> Result<Vec<u8>, Error> {
    let damaged = Error::Zip;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).map_err(damaged)?;
    let Some(index) = zip.index_for_name("content.xml") else {
        return Ok(bytes);
    };
    let mut content = Vec::new();
    zip.by_index(index)
        .map_err(damaged)?
        .read_to_end(&mut content)
        .map_err(Error::OdsContent)?;
    if !has_large_repeat(&content) {
        return Ok(bytes);
    }
    let before = notes.len();
    let content = rewrite(&content, notes).map_err(Error::OdsXml)?;
    if notes.len() == before {
        // Only blank rows repeated (LibreOffice ends every sheet with them): as it was.
        return Ok(bytes);
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        if i == index {
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file("content.xml", opts).map_err(damaged)?;
            out.write_all(&content).map_err(Error::Repack)?;
        } else {
            out.raw_copy_file(zip.by_index_raw(i).map_err(damaged)?)
                .map_err(damaged)?;
        }
    }
    Ok(out.finish().map_err(damaged)?.into_inner())
}

/// Whether some row is said to repeat more than a few hundred times.
fn has_large_repeat(xml: &[u8]) -> bool {
    let mut rest = xml;
    while let Some(at) = find(rest, ROWS_REPEATED) {
        let digits = &rest[at + ROWS_REPEATED.len() + 1..];
        let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        if n > 3 {
            return true;
        }
        rest = digits;
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `content.xml` with each table row buffered and written back, its repeat count cut where it
/// holds values and would make more than [`MAX_REPEATED_CELLS`] cells.
fn rewrite(xml: &[u8], notes: &mut Vec<String>) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut buf = Vec::new();
    let mut row: Vec<Event<'static>> = Vec::new();
    let mut depth = 0usize;
    let mut sheet = String::new();
    let mut row_number = 0u64;
    loop {
        let event = reader.read_event_into(&mut buf)?.into_owned();
        buf.clear();
        if let Event::Eof = event {
            break;
        }
        let local: String = match &event {
            Event::Start(e) | Event::Empty(e) => e.local_name().into_inner().to_string(),
            Event::End(e) => e.local_name().into_inner().to_string(),
            _ => String::new(),
        };
        if depth > 0 {
            match (&event, local.as_str()) {
                (Event::Start(_), "table-row") => depth += 1,
                (Event::End(_), "table-row") => depth -= 1,
                _ => {}
            }
            row.push(event);
            if depth == 0 {
                row_number = flush_row(&mut row, &mut writer, &sheet, row_number, notes)?;
            }
            continue;
        }
        match (&event, local.as_str()) {
            (Event::Start(e), "table") => {
                sheet = super::xml_attr(e, "name").unwrap_or_default();
                row_number = 0;
                writer.write_event(event)?;
            }
            (Event::Start(_), "table-row") => {
                depth = 1;
                row.push(event);
            }
            (Event::Empty(e), "table-row") => {
                row_number = row_number.saturating_add(repeats(e));
                writer.write_event(event)?;
            }
            _ => writer.write_event(event)?,
        }
    }
    for event in row.drain(..) {
        writer.write_event(event)?;
    }
    Ok(writer.into_inner())
}

fn repeats(e: &BytesStart) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == "number-rows-repeated")
        .and_then(|a| xml_value(&a).trim().parse().ok())
        .unwrap_or(1u64)
        .max(1)
}

/// Writes a buffered row, its repeats cut when it holds values and they would make too many
/// cells; returns the row number after it.
fn flush_row(
    row: &mut Vec<Event<'static>>,
    writer: &mut quick_xml::Writer<Vec<u8>>,
    sheet: &str,
    first: u64,
    notes: &mut Vec<String>,
) -> Result<u64, quick_xml::Error> {
    let Some(Event::Start(start)) = row.first() else {
        return Ok(first);
    };
    let declared = repeats(start);
    // The cells holding a value, counted over their column repeats.
    let mut width = 0u64;
    let mut valued = false;
    for event in row.iter().skip(1) {
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "table-cell" => {
                    let attrs: Vec<_> = e.attributes().flatten().collect();
                    let has = |n: &str| attrs.iter().any(|a| a.key.local_name().into_inner() == n);
                    let cols = attrs
                        .iter()
                        .find(|a| a.key.local_name().into_inner() == "number-columns-repeated")
                        .and_then(|a| xml_value(a).trim().parse::<u64>().ok())
                        .unwrap_or(1)
                        .clamp(1, 16_384);
                    if has("value-type") {
                        valued = true;
                        width = width.saturating_add(cols);
                    }
                }
                "p" => valued = true,
                _ => {}
            },
            _ => {}
        }
    }
    let allowed = (MAX_REPEATED_CELLS / width.max(1)).max(1);
    if valued && declared > allowed {
        let mut cut = BytesStart::new(start.name().into_inner().to_string());
        for a in start.attributes().flatten() {
            if a.key.local_name().into_inner() != "number-rows-repeated" {
                cut.push_attribute(a);
            }
        }
        let count = allowed.to_string();
        cut.push_attribute(("table:number-rows-repeated", count.as_str()));
        notes.push(format!(
            "sheet '{sheet}': row {} is repeated {declared} times; read {allowed} times (an identical row repeated is no return's records)",
            first + 1
        ));
        row[0] = Event::Start(cut.into_owned());
    }
    let shown = if valued {
        declared.min(allowed)
    } else {
        declared
    };
    for event in row.drain(..) {
        writer.write_event(event)?;
    }
    Ok(first.saturating_add(shown))
}
