//! Excel and OpenDocument workbooks through calamine: xlsx/xlsm with styles and merged cells
//! read sparsely, xlsb sparsely, xls and ods through their ranges.
//!
//! Why one file of over 800 lines: it is the one adapter between calamine and goldthread's
//! `Sheet`, and its formats share the cell conversion, the streamed xlsx reading and the merged
//! region scan; the style readers calamine lacks live in `ods_styles` and `xls_styles`.

use std::io::{Cursor, Read, Seek};
use std::sync::Arc;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};

use super::{
    Cell, CellStyle, Error, Format, Merge, Merges, Row, Sheet, SheetRows, Value, Visibility,
    VisitError,
};

/// Largest total uncompressed size of a workbook's parts.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Largest compression ratio of one part above 1 MB (a zip bomb inflates far beyond this).
pub const MAX_COMPRESSION_RATIO: u64 = 200;
/// Most parts in one workbook.
pub const MAX_ZIP_ENTRIES: usize = 20_000;

/// Recognises which zip-based format a file is and refuses archives that would inflate
/// beyond the limits above.
///
/// # Errors
/// An [`Error`] for a zip that cannot be opened or read, that would inflate beyond the limits,
/// or that is not a workbook (a Word document, a presentation).
pub fn zip_format(bytes: &[u8], notes: &mut Vec<String>) -> Result<Format, Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(Error::ZipUnopenable)?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(Error::TooManyParts(zip.len()));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|source| Error::ZipPart { index: i, source })?;
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size > 1024 * 1024 && size / packed > MAX_COMPRESSION_RATIO {
            return Err(Error::ZipBomb {
                part: entry.name().map(|n| n.to_string()).unwrap_or_default(),
                ratio: size / packed,
                mb: size / (1024 * 1024),
            });
        }
        total = total.saturating_add(size);
        names.push(entry.name().map(|n| n.to_string()).unwrap_or_default());
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(Error::TooLargeInflated(total / (1024 * 1024)));
    }
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("xl/vbaProject.bin"))
    {
        notes.push("contains macros (a VBA project); they were not run".into());
    }
    let links = names
        .iter()
        .filter(|n| n.starts_with("xl/externalLinks/") && n.ends_with(".xml"))
        .count();
    if links > 0 {
        notes.push(format!(
            "links to {links} other workbook(s); the links were not followed and their last saved values were read"
        ));
    }
    if has("mimetype") || has("content.xml") {
        let mut mime = String::new();
        if let Ok(mut f) = zip.by_name("mimetype") {
            let _ = f.by_ref().take(200).read_to_string(&mut mime);
        }
        if mime.contains("spreadsheet") || has("content.xml") && !has("xl/workbook.xml") {
            return Ok(Format::Ods);
        }
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("xl/workbook.xml") {
        return Ok(if has("xl/vbaProject.bin") {
            Format::Xlsm
        } else {
            Format::Xlsx
        });
    }
    if has("word/document.xml") {
        return Err(Error::WordDocument);
    }
    if has("ppt/presentation.xml") {
        return Err(Error::Presentation);
    }
    Err(Error::ZipNotWorkbook)
}

/// The workbook with the count of shared strings its `sharedStrings.xml` declares taken out when
/// the count is more than the part could hold: calamine reserves room for what a file declares,
/// so a 2 KB file declaring 10^17 strings would abort the process. A sane count is left alone
/// and the bytes returned as they were; the count is only ever a hint.
///
/// # Errors
/// [`Error::Zip`] or [`Error::SharedStrings`] for a damaged package.
pub fn without_false_counts(bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    let damaged = Error::Zip;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).map_err(damaged)?;
    let Some(index) = zip.index_for_name("xl/sharedStrings.xml") else {
        return Ok(bytes);
    };
    let (size, head) = {
        let mut part = zip.by_index(index).map_err(damaged)?;
        let size = part.size();
        let mut head = Vec::new();
        let _ = part.by_ref().take(64 * 1024).read_to_end(&mut head);
        (size, head)
    };
    let Some((start, end)) = declared_count(&head) else {
        return Ok(bytes);
    };
    let plausible = std::str::from_utf8(&head[start..end])
        .ok()
        .and_then(|n| n.parse::<u64>().ok())
        .is_some_and(|n| n <= size / 4 + 16);
    if plausible {
        return Ok(bytes);
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        if i == index {
            let mut part = zip.by_index(i).map_err(damaged)?;
            let name = part.name().map(|n| n.to_string()).map_err(damaged)?;
            let mut xml = Vec::new();
            part.read_to_end(&mut xml).map_err(Error::SharedStrings)?;
            xml.splice(start..end, *b"0");
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(name, opts).map_err(damaged)?;
            std::io::Write::write_all(&mut out, &xml).map_err(Error::Repack)?;
        } else {
            out.raw_copy_file(zip.by_index_raw(i).map_err(damaged)?)
                .map_err(damaged)?;
        }
    }
    Ok(out.finish().map_err(damaged)?.into_inner())
}

/// Where the value of `uniqueCount` sits in the `<sst>` start tag, if it is given.
fn declared_count(head: &[u8]) -> Option<(usize, usize)> {
    let tag = head.windows(4).position(|w| w == b"<sst")?;
    let close = tag + head[tag..].iter().position(|&b| b == b'>')?;
    let key = b"uniqueCount=";
    let at = tag + head[tag..close].windows(key.len()).position(|w| w == key)? + key.len();
    let quote = *head.get(at)?;
    let start = at + 1;
    let end = start + head[start..close].iter().position(|&b| b == quote)?;
    Some((start, end))
}

/// The subject of a workbook goldthread wrote as an output (its document properties say so),
/// if this is one.
pub fn own_output(bytes: &[u8]) -> Option<&'static str> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .ok()?
        .take(64 * 1024)
        .read_to_string(&mut core)
        .ok()?;
    let element = |name: &str| {
        let start = core.find(&format!("<{name}>"))? + name.len() + 2;
        let end = start + core[start..].find('<')?;
        Some(core[start..end].trim().to_string())
    };
    if element("dc:creator")? != "goldthread" {
        return None;
    }
    let subject = element("dc:subject")?;
    crate::schema::OUTPUT_SUBJECTS
        .into_iter()
        .find(|s| *s == subject)
}

/// Whether an OLE compound file is an encrypted OOXML package (a password-protected workbook).
pub fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn visibility(v: SheetVisible) -> Visibility {
    match v {
        SheetVisible::Visible => Visibility::Visible,
        SheetVisible::Hidden => Visibility::Hidden,
        SheetVisible::VeryHidden => Visibility::VeryHidden,
    }
}

/// Why calamine could not open a workbook: a password, a used range too large, or damage.
fn explain<E: std::fmt::Display + Into<calamine::Error>>(e: E) -> Error {
    let lower = e.to_string().to_ascii_lowercase();
    if lower.contains("password") {
        Error::Password
    } else if lower.contains("cell limit") {
        Error::UsedRangeTooLarge(Box::new(e.into()))
    } else {
        Error::Damaged(Box::new(e.into()))
    }
}

/// Reads every worksheet of a workbook (chart sheets and macro sheets are left out).
///
/// # Errors
/// An [`Error`] for a workbook or sheet that cannot be read.
pub fn read_workbook(bytes: Vec<u8>, format: Format) -> Result<Vec<Sheet>, Error> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx | Format::Xlsm => read_xlsx_with_merges(cursor.get_ref()),
        Format::Xlsb => read_xlsb(cursor),
        Format::Xls => {
            // Fills, bold and number formats, which calamine reads from xlsx only.
            let mut styles = super::xls_styles::xls_styles(cursor.get_ref()).unwrap_or_default();
            let mut wb: Xls<_> = Xls::new(cursor).map_err(explain)?;
            sheets_of(&mut wb, |wb, name| {
                let merges = wb
                    .merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .iter()
                    .map(merge_of)
                    .collect();
                (styles.remove(name).unwrap_or_default(), merges)
            })
        }
        Format::Ods => {
            // Fills, bold, percentages and merged regions, which calamine reads from xlsx only.
            let mut extras = super::ods_styles::ods_styles(cursor.get_ref()).unwrap_or_default();
            let mut wb: Ods<_> = Ods::new(cursor).map_err(explain)?;
            sheets_of(&mut wb, |_, name| {
                let found = extras.remove(name).unwrap_or_default();
                (found.styles, found.merges)
            })
        }
        Format::Xml2003 => super::spreadsheetml::read_spreadsheetml(cursor.get_ref()),
        Format::Csv => Err(Error::CsvNotWorkbook),
    }
}

/// Every worksheet of a workbook calamine reads whole (.xls, .ods), with the styles and merged
/// regions `extras` finds for each by name.
fn sheets_of<RS: Read + Seek, R: Reader<RS>>(
    wb: &mut R,
    mut extras: impl FnMut(&mut R, &str) -> (super::CellStyles, Vec<Merge>),
) -> Result<Vec<Sheet>, Error>
where
    R::Error: Into<calamine::Error>,
{
    let mut out = Vec::new();
    for (name, vis) in worksheet_list(wb) {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| sheet_error(&name, e))?;
        let (styles, merges) = extras(wb, &name);
        let cells = with_styles(range_cells(&range), styles);
        out.push(Sheet::from_cells(name, vis, cells, merges));
    }
    Ok(out)
}

fn sheet_error<E: Into<calamine::Error>>(name: &str, e: E) -> Error {
    Error::Sheet {
        sheet: name.to_string(),
        source: Box::new(e.into()),
    }
}

fn worksheet_list<RS: Read + Seek, R: Reader<RS>>(wb: &R) -> Vec<(String, Visibility)> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), visibility(s.visible)))
        .collect()
}

fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

/// Decodes the five XML entities of an attribute value.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of an attribute in one XML tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let mut from = 0;
    while let Some(i) = tag[from..].find(&key).map(|i| i + from) {
        let at_start = i == 0 || tag[..i].ends_with(|c: char| c.is_whitespace());
        let start = i + key.len();
        if at_start {
            let end = tag[start..].find('"')? + start;
            return Some(&tag[start..end]);
        }
        from = start;
    }
    None
}

fn zip_text<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut out = String::new();
    f.read_to_string(&mut out).ok()?;
    Some(out)
}

/// Merged regions of every worksheet, found by scanning each sheet's XML after its cell data
/// (calamine's own merge reader parses the whole sheet a second time). None when the package
/// is laid out in a way this scan does not follow; the caller then asks calamine.
fn xlsx_merges(bytes: &[u8]) -> Option<std::collections::HashMap<String, SheetExtras>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = std::collections::HashMap::new();
    for (name, path) in sheet_parts(&mut zip)? {
        let (head, tail) = split_sheet_xml(zip.by_name(&path).ok()?)?;
        let tail = std::str::from_utf8(&tail).ok()?;
        let mut merges = Vec::new();
        for m in tail.split("<mergeCell ").skip(1) {
            let Some(r) = attr(&m[..m.find('>').unwrap_or(m.len())], "ref") else {
                continue;
            };
            if let Some(mg) = parse_range(r) {
                merges.push(mg);
            }
        }
        let head = std::str::from_utf8(&head).unwrap_or("");
        let widths = head
            .split("<col ")
            .skip(1)
            .filter_map(|c| {
                let tag = &c[..c.find('>').unwrap_or(c.len())];
                let min: u32 = attr(tag, "min")?.parse().ok()?;
                let max: u32 = attr(tag, "max")?.parse().ok()?;
                let width: f64 = attr(tag, "width")?.parse().ok()?;
                Some((min.checked_sub(1)?, max.checked_sub(1)?.min(16_383), width))
            })
            .collect();
        out.insert(name, SheetExtras { merges, widths });
    }
    Some(out)
}

/// Each worksheet's name and the path of its part in the package.
fn sheet_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Option<Vec<(String, String)>> {
    let workbook = zip_text(zip, "xl/workbook.xml")?;
    let rels = zip_text(zip, "xl/_rels/workbook.xml.rels")?;
    let targets: std::collections::HashMap<&str, &str> = rels
        .split("<Relationship ")
        .skip(1)
        .filter_map(|t| Some((attr(t, "Id")?, attr(t, "Target")?)))
        .collect();
    let mut out = Vec::new();
    for tag in workbook.split("<sheet ").skip(1) {
        let tag = &tag[..tag.find('>')?];
        let name = unescape(attr(tag, "name")?);
        let target = targets.get(attr(tag, "r:id")?)?;
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        out.push((name, path));
    }
    Some(out)
}

/// The cells of a worksheet typed as numbers (`t="n"` or no type) whose value is not a number,
/// as (A1 reference, text), at most `limit` of them. Looked for only when calamine has refused
/// such a cell, to say which it was.
fn cells_not_numbers(bytes: &[u8], sheet: &str, limit: usize) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut found = Vec::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return found;
    };
    let Some(path) = sheet_parts(&mut zip)
        .and_then(|parts| parts.into_iter().find(|(n, _)| n == sheet).map(|(_, p)| p))
    else {
        return found;
    };
    let Ok(part) = zip.by_name(&path) else {
        return found;
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    let mut cell: Option<String> = None;
    let mut in_v = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().into_inner() == "c" => {
                let numeric = super::xml_attr(&e, "t").is_none_or(|t| t == "n");
                cell = numeric.then(|| super::xml_attr(&e, "r").unwrap_or_default());
            }
            Ok(Event::Start(e)) if e.local_name().into_inner() == "v" => in_v = cell.is_some(),
            Ok(Event::End(e)) if e.local_name().into_inner() == "v" => in_v = false,
            Ok(Event::Text(t)) if in_v => {
                let text = t.xml10_content().into_owned();
                if text.trim().parse::<f64>().is_err() {
                    found.push((cell.clone().unwrap_or_default(), text));
                    if found.len() >= limit {
                        break;
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    found
}

/// The note for a sheet whose cells typed as numbers held text: which cells, and that the
/// sheet was read without them.
fn not_numbers_note(bytes: &[u8], sheet: &str, skipped: usize) -> String {
    let cells: Vec<String> = cells_not_numbers(bytes, sheet, 10)
        .into_iter()
        .map(|(r, text)| {
            let text: String = text.chars().take(40).collect();
            format!("{r} ('{text}')")
        })
        .collect();
    let which = if cells.is_empty() {
        String::new()
    } else {
        format!(": {}", cells.join(", "))
    };
    format!(
        "sheet '{sheet}': {skipped} cell(s) typed as numbers hold text that is not a number{which}; the rest of the sheet was read without them (retype them as text or numbers in Excel)"
    )
}

/// What a worksheet's XML holds around its cells: merged regions and column widths.
struct SheetExtras {
    merges: Vec<Merge>,
    widths: Vec<(u32, u32, f64)>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Largest part of a sheet's XML before its cells that the scan keeps (column widths live there).
const MAX_SHEET_HEAD: usize = 64 * 1024 * 1024;

/// Splits a worksheet's XML, read as a stream, into what comes before the cell data (column
/// widths) and what comes after it (merged regions), without holding the cells: a sheet of a
/// million rows is hundreds of megabytes of XML. None when the head is implausibly large.
fn split_sheet_xml<R: Read>(mut r: R) -> Option<(Vec<u8>, Vec<u8>)> {
    const OPEN: &[u8] = b"<sheetData";
    const CLOSE: &[u8] = b"</sheetData>";
    let mut buf = vec![0u8; 1 << 16];
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    // 0: before the cells, 1: in the cells, 2: after them.
    let mut state = 0;
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let n = r.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        pending.extend_from_slice(&buf[..n]);
        loop {
            match state {
                0 => match find(&pending, OPEN) {
                    Some(i) => {
                        // Wait for the end of the tag: an empty sheet closes it at once.
                        let Some(e) = pending[i..].iter().position(|&b| b == b'>') else {
                            break;
                        };
                        head.extend_from_slice(&pending[..i]);
                        let empty = pending[i + e - 1] == b'/';
                        pending.drain(..i + e + 1);
                        state = if empty { 2 } else { 1 };
                        continue;
                    }
                    None => {
                        let keep = pending.len().saturating_sub(OPEN.len());
                        head.extend(pending.drain(..keep));
                        if head.len() > MAX_SHEET_HEAD {
                            return None;
                        }
                    }
                },
                1 => match find(&pending, CLOSE) {
                    Some(i) => {
                        pending.drain(..i);
                        state = 2;
                        continue;
                    }
                    None => {
                        let keep = pending.len().saturating_sub(CLOSE.len());
                        pending.drain(..keep);
                    }
                },
                _ => {
                    // A second run of cell data (not valid, but seen) starts the tail again.
                    let from = tail.len().saturating_sub(CLOSE.len()).max(1);
                    tail.append(&mut pending);
                    if let Some(i) = tail.get(from..).and_then(|t| find(t, CLOSE)) {
                        tail.drain(..from + i);
                    }
                }
            }
            break;
        }
    }
    match state {
        0 => head.append(&mut pending),
        2 => tail.append(&mut pending),
        _ => {}
    }
    Some((head, tail))
}

/// "B3:D3" (or a single cell "B3") as a merged region.
fn parse_range(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (r1, c1) = crate::schema::parse_a1(a)?;
    let (r2, c2) = crate::schema::parse_a1(b)?;
    Some(Merge {
        first_row: r1.min(r2),
        first_col: c1.min(c2),
        last_row: r1.max(r2),
        last_col: c1.max(c2),
    })
}

/// What [`stream_xlsx`] hands each sheet to, with the sheet read before the others.
pub type XlsxVisitor<'v> = dyn FnMut(SheetRows<'_>, &[Sheet]) -> Result<(), VisitError> + 'v;

/// Reads an xlsx workbook whole.
fn read_xlsx_with_merges(bytes: &[u8]) -> Result<Vec<Sheet>, Error> {
    let mut sheets = Vec::new();
    // Notes of cells left out are for the streamed read, which reports them.
    stream_xlsx(bytes, usize::MAX, &|_| false, &mut |rows, _| {
        let sheet = match rows {
            SheetRows::Whole(sheet) => sheet,
            // Not with usize::MAX rows held; read to the end all the same.
            SheetRows::Long { mut head, rest } => {
                for row in rest {
                    head.rows.push(row?);
                }
                head
            }
        };
        sheets.push(sheet);
        Ok(())
    })
    .map_err(|e| match e {
        // A row this reader could not read, handed back through the visitor.
        Error::Visit(v) => v.downcast::<Error>().map_or_else(Error::Visit, |e| *e),
        e => e,
    })?;
    Ok(sheets)
}

/// Workbooks of at least this many bytes are scanned for merged regions on a second thread.
const SCAN_ON_THREAD: usize = 1 << 20;

/// Hands each worksheet of an xlsx workbook to `visit` in order: whole when it has at most
/// `head_rows` rows, otherwise its first `head_rows` rows and the rest to read one by one, so
/// that a sheet of a million rows is never held. Merged regions and column widths sit after the
/// cell data, so they are scanned for on a second thread while the first rows are read. The
/// sheets whose names `first` accepts are read whole before the others and handed to every
/// call of `visit`.
///
/// # Errors
/// An [`Error`] for a workbook or sheet that cannot be read, or [`Error::Visit`] holding the
/// error `visit` returned.
pub fn stream_xlsx(
    bytes: &[u8],
    head_rows: usize,
    first: &dyn Fn(&str) -> bool,
    visit: &mut XlsxVisitor,
) -> Result<Vec<String>, Error> {
    let mut notes = Vec::new();
    std::thread::scope(|scope| {
        // A small workbook is scanned when its first sheet is read: a thread costs more.
        let mut scan = (bytes.len() >= SCAN_ON_THREAD).then(|| scope.spawn(|| xlsx_merges(bytes)));
        let mut scanned: Option<Option<std::collections::HashMap<String, SheetExtras>>> = None;
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(explain)?;
        let sheets = worksheet_list(&wb);
        let mut extras = |name: &str| -> SheetExtras {
            let scanned = scanned.get_or_insert_with(|| match scan.take() {
                Some(handle) => handle.join().ok().flatten(),
                None => xlsx_merges(bytes),
            });
            if let Some(found) = scanned.as_ref().and_then(|s| s.get(name)) {
                return SheetExtras {
                    merges: found.merges.clone(),
                    widths: found.widths.clone(),
                };
            }
            // A package laid out in a way the scan does not follow: ask calamine.
            let merges = Xlsx::new(Cursor::new(bytes))
                .ok()
                .and_then(|mut x| x.merge_cells_by_sheet_name(name).ok())
                .unwrap_or_default()
                .iter()
                .map(merge_of)
                .collect();
            SheetExtras {
                merges,
                widths: Vec::new(),
            }
        };
        // The workbook's cell formats, converted once for all its sheets, and its budget of
        // long text.
        let mut shared = Shared::default();
        let mut firsts = Vec::new();
        for (name, vis) in sheets.iter().filter(|(n, _)| first(n)) {
            let all: Vec<Row> =
                XlsxRows::new(&mut wb, name, &mut shared)?.collect::<Result<_, _>>()?;
            let ex = extras(name);
            firsts.push(sheet_of_rows(name.to_string(), *vis, all, ex));
        }
        for (name, vis) in sheets {
            let mut rows = XlsxRows::new(&mut wb, &name, &mut shared)?;
            let mut head = Vec::new();
            for row in rows.by_ref() {
                head.push(row?);
                if head.len() >= head_rows {
                    break;
                }
            }
            let ex = extras(&name);
            let long = head.len() >= head_rows && !rows.done;
            let sheet = sheet_of_rows(name.clone(), vis, head, ex);
            if long {
                visit(
                    SheetRows::Long {
                        head: sheet,
                        rest: &mut rows,
                    },
                    &firsts,
                )
                .map_err(Error::Visit)?;
            } else {
                visit(SheetRows::Whole(sheet), &firsts).map_err(Error::Visit)?;
            }
            if rows.skipped > 0 {
                notes.push(not_numbers_note(bytes, &name, rows.skipped));
            }
            if rows.cut > 0 {
                notes.push(format!(
                    "sheet '{name}': {} cell(s) of long text, past the {} MB of long text a workbook may hold (one shared text repeated in many cells, say), were cut to their first {LONG_TEXT} characters",
                    rows.cut,
                    LONG_TEXT_BUDGET / (1024 * 1024)
                ));
            }
        }
        Ok(notes)
    })
}

fn sheet_of_rows(name: String, vis: Visibility, rows: Vec<Row>, extras: SheetExtras) -> Sheet {
    let mut sheet = if rows.windows(2).all(|w| w[0].index < w[1].index) {
        Sheet {
            name,
            visibility: vis,
            rows,
            merges: Merges::default(),
            col_widths: Vec::new(),
        }
    } else {
        let cells = rows.into_iter().flat_map(|r| r.cells).collect();
        Sheet::from_cells(name, vis, cells, Vec::new())
    };
    sheet.merges = extras.merges.into();
    sheet.col_widths = extras.widths;
    sheet
}

/// Most cells of one sheet left out for a value not of their type before the sheet is refused.
const MAX_SKIPPED_CELLS: usize = 100_000;

/// A workbook's cell formats by index, as styles.
type Palette = Arc<[Option<Arc<CellStyle>>]>;

/// A text longer than this (in bytes) is long text, counted against [`LONG_TEXT_BUDGET`].
const LONG_TEXT: usize = 1024;

/// The long text one workbook's cells may hold between them. Each cell holds its own copy of
/// its text, so one shared string of a megabyte used by 20,000 cells would take 20 GB; past
/// this budget a long text is cut to its first [`LONG_TEXT`] bytes, and the cut is reported.
const LONG_TEXT_BUDGET: usize = 64 * 1024 * 1024;

/// What the sheets of one workbook share as they are read.
#[derive(Default)]
struct Shared {
    /// The workbook's formats, converted by the first sheet read.
    palette: Option<Palette>,
    /// Bytes of long text read so far.
    long_text: std::rc::Rc<std::cell::Cell<usize>>,
}

/// The rows of one xlsx worksheet as calamine reads its cells, with their styles. Rows come in
/// the order the file stores them (Excel writes them in order); cells within a row are sorted.
struct XlsxRows<'a, RS: Read + Seek> {
    reader: calamine::XlsxCellReader<'a, RS>,
    palette: Palette,
    name: String,
    next: Option<Cell>,
    done: bool,
    /// Cells left out because their value could not be read as their type says.
    skipped: usize,
    /// The workbook's long text read so far, and the cells of this sheet cut for it.
    long_text: std::rc::Rc<std::cell::Cell<usize>>,
    cut: usize,
}

impl<'a, RS: Read + Seek> XlsxRows<'a, RS> {
    /// The reader of one sheet; the workbook's formats are converted by the first sheet read and
    /// shared by the others.
    fn new(wb: &'a mut Xlsx<RS>, name: &str, shared: &mut Shared) -> Result<Self, Error> {
        let reader = wb
            .worksheet_cells_reader(name)
            .map_err(|e| sheet_error(name, e))?;
        let palette = Arc::clone(
            shared
                .palette
                .get_or_insert_with(|| reader.styles().iter().map(convert_style).collect()),
        );
        Ok(XlsxRows {
            reader,
            palette,
            name: name.to_string(),
            next: None,
            done: false,
            skipped: 0,
            long_text: std::rc::Rc::clone(&shared.long_text),
            cut: 0,
        })
    }
}

impl<RS: Read + Seek> XlsxRows<'_, RS> {
    /// A long text, counted against the workbook's budget; cut once the budget is spent.
    fn long_text_value(&mut self, s: &str) -> Option<Value> {
        if s.trim().is_empty() {
            return None;
        }
        let spent = self.long_text.get();
        if spent.saturating_add(s.len()) <= LONG_TEXT_BUDGET {
            self.long_text.set(spent + s.len());
            return Some(Value::Text(s.to_string()));
        }
        self.cut += 1;
        let mut end = LONG_TEXT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        Some(Value::Text(format!("{}…", &s[..end])))
    }
}

impl<RS: Read + Seek> Iterator for XlsxRows<'_, RS> {
    type Item = Result<Row, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut cells: Vec<Cell> = self.next.take().into_iter().collect();
        while !self.done {
            let (cell, style_id) = match self.reader.next_cell_with_style_id() {
                Ok(Some(x)) => x,
                Ok(None) => {
                    self.done = true;
                    break;
                }
                // A cell typed as a number holding text: calamine has read past its value, so
                // the sheet goes on without it (reported by the caller).
                Err(calamine::XlsxError::ParseFloat(_)) if self.skipped < MAX_SKIPPED_CELLS => {
                    self.skipped += 1;
                    continue;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(sheet_error(&self.name, e)));
                }
            };
            let (row, col) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::String(s) if s.len() > LONG_TEXT => self.long_text_value(s),
                DataRef::SharedString(s) if s.len() > LONG_TEXT => self.long_text_value(s),
                v => value_of_ref(v),
            };
            let style = self.palette.get(style_id).cloned().flatten();
            if value.is_none() && style.as_ref().is_none_or(|s| s.fill.is_none()) {
                continue;
            }
            let cell = Cell {
                row,
                col,
                value,
                style,
            };
            if cells.first().is_some_and(|c| c.row != row) {
                self.next = Some(cell);
                break;
            }
            cells.push(cell);
        }
        let index = cells.first()?.row;
        if !cells.is_sorted_by_key(|c| c.col) {
            cells.sort_by_key(|c| c.col);
        }
        cells.dedup_by_key(|c| c.col);
        cells.shrink_to_fit();
        Some(Ok(Row { index, cells }))
    }
}

fn read_xlsb<RS: Read + Seek>(cursor: RS) -> Result<Vec<Sheet>, Error> {
    let mut wb: Xlsb<RS> = Xlsb::new(cursor).map_err(explain)?;
    let sheets = worksheet_list(&wb);
    let mut out = Vec::new();
    for (name, vis) in sheets {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| sheet_error(&name, e))?;
        let mut cells = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(&name, e))? {
            let (row, col) = cell.get_position();
            if let Some(value) = value_of_ref(cell.get_value()) {
                cells.push(Cell {
                    row,
                    col,
                    value: Some(value),
                    style: None,
                });
            }
        }
        drop(reader);
        out.push(Sheet::from_cells(name, vis, cells, Vec::new()));
    }
    Ok(out)
}

fn range_cells(range: &calamine::Range<Data>) -> Vec<Cell> {
    range
        .used_cells()
        .filter_map(|(r, c, v)| {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let value = value_of(v)?;
            Some(Cell {
                row: r0 + r as u32,
                col: c0 + c as u32,
                value: Some(value),
                style: None,
            })
        })
        .collect()
}

/// Cells given the styles read apart from calamine, by (row, column); a filled cell with no value
/// is kept for its colour (a RAG given as colour only).
fn with_styles(mut cells: Vec<Cell>, mut styles: super::CellStyles) -> Vec<Cell> {
    if styles.is_empty() {
        return cells;
    }
    for cell in &mut cells {
        cell.style = styles.remove(&(cell.row, cell.col));
    }
    cells.extend(styles.into_iter().filter(|(_, s)| s.fill.is_some()).map(
        |((row, col), style)| Cell {
            row,
            col,
            value: None,
            style: Some(style),
        },
    ));
    cells
}

fn convert_style(style: &calamine::Style) -> Option<Arc<CellStyle>> {
    let fill = style
        .fill
        .as_ref()
        .filter(|f| f.is_visible())
        .and_then(|f| f.get_color())
        .map(|c| c.to_argb() | 0xFF00_0000);
    let number_format = style
        .number_format
        .as_ref()
        .map(|n| n.format_code.clone())
        .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("general"));
    let bold = style.font.as_ref().is_some_and(|f| f.is_bold());
    CellStyle::of(fill, number_format, bold)
}

fn date_value(dt: &calamine::ExcelDateTime) -> Option<Value> {
    let serial = dt.as_f64();
    // Outside Excel's date range (or a duration) the number is kept as a number.
    if dt.is_duration() || !(0.0..2_958_466.0).contains(&serial) {
        return Some(Value::Number(serial));
    }
    dt.as_datetime()
        .map(|d| Value::Date(d.date()))
        .or(Some(Value::Number(serial)))
}

fn text_value(s: &str) -> Option<Value> {
    (!s.trim().is_empty()).then(|| Value::Text(s.to_string()))
}

fn iso_value(s: &str) -> Option<Value> {
    let date = s
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match date {
        Some(d) => Some(Value::Date(d)),
        None => text_value(s),
    }
}

fn value_of_ref(v: &DataRef<'_>) -> Option<Value> {
    match v {
        DataRef::Int(i) => Some(Value::Number(*i as f64)),
        DataRef::Float(f) => f.is_finite().then_some(Value::Number(*f)),
        DataRef::String(s) => text_value(s),
        DataRef::SharedString(s) => text_value(s),
        DataRef::Bool(b) => Some(Value::Bool(*b)),
        DataRef::DateTime(dt) => date_value(dt),
        DataRef::DateTimeIso(s) => iso_value(s),
        DataRef::DurationIso(s) => text_value(s),
        DataRef::Error(e) => Some(Value::Error(format!("{e}"))),
        DataRef::Empty => None,
    }
}

fn value_of(v: &Data) -> Option<Value> {
    match v {
        Data::Int(i) => Some(Value::Number(*i as f64)),
        Data::Float(f) => f.is_finite().then_some(Value::Number(*f)),
        Data::String(s) => text_value(s),
        Data::Bool(b) => Some(Value::Bool(*b)),
        Data::DateTime(dt) => date_value(dt),
        Data::DateTimeIso(s) => iso_value(s),
        Data::DurationIso(s) => text_value(s),
        Data::Error(e) => Some(Value::Error(format!("{e}"))),
        Data::Empty => None,
    }
}

#[cfg(test)]
mod tests;
