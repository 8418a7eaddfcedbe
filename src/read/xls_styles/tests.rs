use super::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use rust_xlsxwriter::{Color, Format, Workbook};

const RED: u32 = 0xFF0000;
const GREEN: u32 = 0x00B050;
const AMBER: u32 = 0xFFC000;

/// The workbook LibreOffice converts: two sheets of styled and plain cells.
fn write_source(path: &Path) {
    let fill = |rgb| Format::new().set_background_color(Color::RGB(rgb));
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let mut wb = Workbook::new();
    let summary = wb.add_worksheet().set_name("Summary").unwrap();
    summary
        .write_string_with_format(0, 0, "Measure", &bold)
        .unwrap();
    summary.write_string(0, 1, "Status").unwrap();
    summary.write_string(1, 0, "Rate").unwrap();
    summary
        .write_number_with_format(1, 1, 0.836, &percent)
        .unwrap();
    summary.write_blank(1, 2, &fill(GREEN)).unwrap();
    summary
        .write_string_with_format(2, 0, "Overdue", &fill(RED))
        .unwrap();
    summary.write_number(2, 1, 12.0).unwrap();
    let register = wb.add_worksheet().set_name("Risk Register").unwrap();
    register
        .write_string_with_format(0, 0, "Risk", &bold)
        .unwrap();
    register.write_blank(3, 4, &fill(AMBER)).unwrap();
    register.write_string(3, 5, "plain").unwrap();
    register
        .write_number_with_format(4, 2, 1234.5, &Format::new().set_num_format("#,##0.00"))
        .unwrap();
    wb.save(path).unwrap();
}

/// The source workbook saved as .xls by LibreOffice, made once for all the tests; None (with
/// a note) when LibreOffice is not installed.
fn libreoffice_xls() -> Option<&'static [u8]> {
    static XLS: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    XLS.get_or_init(|| {
        let installed = Command::new("soffice")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !installed {
            println!("note: LibreOffice (soffice) not installed; .xls styles not checked");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("styles.xlsx");
        write_source(&source);
        let mut child = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("profile").display()
            ))
            .args(["--headless", "--convert-to", "xls", "--outdir"])
            .arg(dir.path())
            .arg(&source)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run soffice");
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(180) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("soffice did not convert the workbook within 3 minutes");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(std::fs::read(dir.path().join("styles.xls")).expect("soffice wrote the .xls"))
    })
    .as_deref()
}

fn sorted_positions(cells: &CellStyles) -> Vec<(u32, u32)> {
    let mut positions: Vec<_> = cells.keys().copied().collect();
    positions.sort_unstable();
    positions
}

/// LibreOffice maps the colours written into its palette: red is the default palette's
/// index 10 (FF0000), while green 00B050 and amber FFC000 replace indices 57 and 51 through
/// a PALETTE record, so all three come back exactly. The bold font is the fifth FONT record
/// (font number 5), and "0.0%" and "#,##0.00" are FORMAT records.
#[test]
fn libreoffice_xls_styles_are_read() {
    let Some(xls) = libreoffice_xls() else {
        return;
    };
    let styles = xls_styles(xls).expect("a BIFF8 workbook");
    let mut names: Vec<&str> = styles.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["Risk Register", "Summary"]);

    // The names and positions agree with calamine's reading of the values.
    use calamine::{Data, Reader};
    let mut book = calamine::Xls::new(Cursor::new(xls)).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Risk Register"]);
    let summary_values = book.worksheet_range("Summary").unwrap();
    let register_values = book.worksheet_range("Risk Register").unwrap();
    let text = |s: &str| Some(Data::String(s.into()));
    assert_eq!(summary_values.get_value((0, 0)).cloned(), text("Measure"));
    assert_eq!(summary_values.get_value((2, 0)).cloned(), text("Overdue"));
    assert_eq!(
        summary_values.get_value((1, 1)).cloned(),
        Some(Data::Float(0.836))
    );
    assert_eq!(register_values.get_value((0, 0)).cloned(), text("Risk"));
    assert_eq!(
        register_values.get_value((4, 2)).cloned(),
        Some(Data::Float(1234.5))
    );

    let summary = &styles["Summary"];
    // "Status", "Rate" and 12 are plain, so absent.
    assert_eq!(sorted_positions(summary), [(0, 0), (1, 1), (1, 2), (2, 0)]);
    let bold = CellStyle {
        bold: true,
        ..CellStyle::default()
    };
    let filled = |rgb: u32| CellStyle {
        fill: Some(0xFF00_0000 | rgb),
        ..CellStyle::default()
    };
    assert_eq!(*summary[&(0, 0)], bold);
    let percent = summary[&(1, 1)].number_format.as_deref().unwrap();
    assert!(percent.contains('%'), "{percent}");
    assert_eq!(percent, "0.0%");
    assert_eq!(summary[&(1, 1)].fill, None);
    assert_eq!(*summary[&(1, 2)], filled(GREEN));
    assert_eq!(*summary[&(2, 0)], filled(RED));

    let register = &styles["Risk Register"];
    assert_eq!(sorted_positions(register), [(0, 0), (3, 4), (4, 2)]);
    assert_eq!(*register[&(0, 0)], bold);
    assert_eq!(*register[&(3, 4)], filled(AMBER));
    assert_eq!(register[&(4, 2)].number_format.as_deref(), Some("#,##0.00"));
    // The two bold headings have the same XF, so share one style.
    assert!(Arc::ptr_eq(&summary[&(0, 0)], &register[&(0, 0)]));
}

#[test]
fn truncated_xls_does_not_panic() {
    let Some(xls) = libreoffice_xls() else {
        return;
    };
    for len in (0..xls.len()).step_by(61) {
        let _ = xls_styles(&xls[..len]);
    }
    let stream = workbook_stream(xls).unwrap();
    for len in 0..stream.len() {
        let _ = styles_of_stream(&stream[..len]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Bytes of the file changed anywhere: the compound file or the records in it.
    #[test]
    fn mutated_xls_does_not_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..32)
    ) {
        let Some(xls) = libreoffice_xls() else {
            return Ok(());
        };
        let mut bytes = xls.to_vec();
        for (at, byte) in edits {
            bytes[at.index(xls.len())] = byte;
        }
        let _ = xls_styles(&bytes);
    }

    /// Bytes of the Workbook stream changed: record types, lengths, offsets, indices.
    #[test]
    fn mutated_stream_does_not_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16)
    ) {
        let Some(xls) = libreoffice_xls() else {
            return Ok(());
        };
        let mut stream = workbook_stream(xls).unwrap();
        let len = stream.len();
        for (at, byte) in edits {
            stream[at.index(len)] = byte;
        }
        let _ = styles_of_stream(&stream);
    }

    /// Any bytes at all as a Workbook stream.
    #[test]
    fn random_stream_does_not_panic(stream in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = styles_of_stream(&stream);
    }
}

// ------------------------------------------------------------- a workbook built by hand

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + data.len());
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&u16::try_from(data.len()).unwrap().to_le_bytes());
    out.extend_from_slice(data);
    out
}

fn bof(version: u16, kind: u16) -> Vec<u8> {
    let mut data = [0u8; 16];
    data[..2].copy_from_slice(&version.to_le_bytes());
    data[2..4].copy_from_slice(&kind.to_le_bytes());
    record(BOF, &data)
}

fn eof() -> Vec<u8> {
    record(EOF, &[])
}

fn font(weight: u16) -> Vec<u8> {
    let mut data = vec![0u8; 14];
    data[0..2].copy_from_slice(&200u16.to_le_bytes());
    data[6..8].copy_from_slice(&weight.to_le_bytes());
    data.extend_from_slice(&[5, 0, b'A', b'r', b'i', b'a', b'l']);
    record(FONT, &data)
}

fn xf(font: u16, format: u16, pattern: u32, fore: u16) -> Vec<u8> {
    let mut data = [0u8; 20];
    data[0..2].copy_from_slice(&font.to_le_bytes());
    data[2..4].copy_from_slice(&format.to_le_bytes());
    data[14..18].copy_from_slice(&(pattern << 26).to_le_bytes());
    // icvBack 65 (system background) in bits 7-13, as Excel writes.
    data[18..20].copy_from_slice(&(fore | 65 << 7).to_le_bytes());
    record(XF, &data)
}

/// A cell record: row, column, XF number, then `extra` bytes of value.
fn cell(typ: u16, row: u16, col: u16, xf: u16, extra: usize) -> Vec<u8> {
    let mut data = Vec::new();
    for v in [row, col, xf] {
        data.extend_from_slice(&v.to_le_bytes());
    }
    data.resize(6 + extra, 0);
    record(typ, &data)
}

/// A MULRK or MULBLANK record of the XF numbers from column `first`.
fn multiple(typ: u16, row: u16, first: u16, xfs: &[u16]) -> Vec<u8> {
    let mut data = Vec::new();
    data.extend_from_slice(&row.to_le_bytes());
    data.extend_from_slice(&first.to_le_bytes());
    for xf in xfs {
        data.extend_from_slice(&xf.to_le_bytes());
        if typ == MULRK {
            data.extend_from_slice(&0x3FF0_0002u32.to_le_bytes());
        }
    }
    let last = first + u16::try_from(xfs.len()).unwrap() - 1;
    data.extend_from_slice(&last.to_le_bytes());
    record(typ, &data)
}

/// A sheet for [`workbook`]: name, whether stored as UTF-16, BOUNDSHEET type, substream.
struct Part<'a> {
    name: &'a str,
    wide: bool,
    kind: u8,
    substream: Vec<u8>,
}

fn boundsheet(offset: u32, part: &Part) -> Vec<u8> {
    let mut data = offset.to_le_bytes().to_vec();
    data.push(0);
    data.push(part.kind);
    data.push(u8::try_from(part.name.chars().count()).unwrap());
    data.push(u8::from(part.wide));
    if part.wide {
        data.extend(part.name.encode_utf16().flat_map(u16::to_le_bytes));
    } else {
        data.extend(part.name.chars().map(|c| u8::try_from(c).unwrap()));
    }
    record(BOUNDSHEET, &data)
}

/// A Workbook stream: a BIFF8 globals BOF, `globals`, the sheet list, EOF, then the sheets.
fn workbook(globals: &[u8], parts: &[Part]) -> Vec<u8> {
    let head = |offsets: &[u32]| {
        let mut out = bof(BIFF8, GLOBALS_SUBSTREAM);
        out.extend_from_slice(globals);
        for (part, &offset) in parts.iter().zip(offsets) {
            out.extend(boundsheet(offset, part));
        }
        out.extend(eof());
        out
    };
    let mut offsets = Vec::new();
    let mut at = head(&vec![0; parts.len()]).len();
    for part in parts {
        offsets.push(u32::try_from(at).unwrap());
        at += part.substream.len();
    }
    let mut stream = head(&offsets);
    for part in parts {
        stream.extend_from_slice(&part.substream);
    }
    stream
}

/// The stream in a compound file, as a .xls file holds it.
fn compound_file(stream_name: &str, stream: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream(stream_name)
        .unwrap()
        .write_all(stream)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// Fonts, formats, cell formats and a palette exercising each rule, with their XF numbers.
fn hand_built_globals() -> Vec<u8> {
    let mut g = Vec::new();
    // Fonts 0-3, then the fifth record is font 5 (bold); font 4 does not exist.
    for weight in [400, 400, 400, 400, 700] {
        g.extend(font(weight));
    }
    g.extend(record(FORMAT, b"\xA4\x00\x04\x00\x000.0%"));
    // UTF-16 with the rich-text flag: a u16 run count sits before the characters.
    let mut wide = vec![0xA5, 0x00, 0x06, 0x00, 0x09, 0x00, 0x00];
    wide.extend("£#,##0".encode_utf16().flat_map(u16::to_le_bytes));
    g.extend(record(FORMAT, &wide));
    g.extend(record(FORMAT, b"\xA6\x00\x07\x00\x00General"));
    g.extend(xf(0, 0, 0, 64)); // 0: nothing
    g.extend(xf(5, 0, 0, 64)); // 1: bold
    g.extend(xf(0, 164, 0, 64)); // 2: "0.0%"
    g.extend(xf(0, 0, 1, 10)); // 3: solid red from the default palette
    g.extend(xf(0, 0, 1, 8)); // 4: solid, index 8 replaced by the PALETTE below
    g.extend(xf(0, 0, 1, 64)); // 5: solid in the system colour: no fill
    g.extend(xf(4, 0, 0, 64)); // 6: font 4, which does not exist
    g.extend(xf(0, 10, 0, 64)); // 7: built-in "0.00%"
    g.extend(xf(0, 165, 0, 64)); // 8: "£#,##0"
    g.extend(xf(5, 0, 3, 2)); // 9: bold, a 25% grey pattern in fixed red
    g.extend(xf(0, 166, 0, 64)); // 10: "General" as a FORMAT record
    g.extend(xf(0, 200, 0, 64)); // 11: an unknown format number
    g.extend(record(FORMAT, b"\xA7\x00\x40\x00")); // a FORMAT cut short: ignored
    g.extend(record(XF, &[0; 6])); // 12: an XF cut short: nothing
    let mut palette = vec![2, 0, 0x12, 0x34, 0x56, 0, 0xAB, 0xCD, 0xEF, 0];
    palette.truncate(9); // the second colour is cut short: ignored
    g.extend(record(PALETTE, &palette));
    g
}

fn hand_built_parts() -> Vec<Part<'static>> {
    let mut first = bof(BIFF8, WORKSHEET_SUBSTREAM);
    first.extend(record(0x0208, &[0; 16])); // ROW
    first.extend(cell(0x0203, 0, 0, 1, 8)); // NUMBER, bold
    first.extend(cell(0x00FD, 0, 1, 0, 4)); // LABELSST, plain
    first.extend(cell(0x027E, 1, 0, 2, 4)); // RK, "0.0%"
    first.extend(multiple(MULBLANK, 2, 1, &[3, 4, 5]));
    first.extend(multiple(MULRK, 3, 0, &[7, 8, 99]));
    // An embedded chart: its records are not cells of the sheet.
    first.extend(bof(BIFF8, 0x0020));
    first.extend(cell(0x0203, 9, 9, 1, 8));
    first.extend(eof());
    first.extend(cell(0x0201, 4, 4, 6, 0)); // BLANK in font 4
    first.extend(cell(0x0006, 5, 0, 9, 14)); // FORMULA
    first.extend(cell(0x0205, 5, 1, 10, 2)); // BOOLERR, "General"
    first.extend(cell(0x0204, 5, 2, 11, 3)); // LABEL, unknown format
    first.extend(cell(0x0201, 5, 3, 12, 0)); // BLANK, short XF
    first.extend(record(0x0201, &[6, 0, 6])); // a BLANK cut short
    first.extend(record(MULBLANK, &[7, 0, 0, 0])); // a MULBLANK cut short
    first.extend(eof());
    first.extend(cell(0x0203, 8, 8, 1, 8)); // after the sheet's EOF

    let mut chart = bof(BIFF8, 0x0020);
    chart.extend(eof());

    let mut second = bof(BIFF8, WORKSHEET_SUBSTREAM);
    second.extend(cell(0x0201, 0, 0, 3, 0));
    second.extend(cell(0x0201, 1, 1, 3, 0));
    // A later record for the same cell replaces the earlier, here with no style.
    second.extend(cell(0x0203, 1, 1, 0, 8));
    second.extend(eof());

    vec![
        Part {
            name: "Sheet One",
            wide: false,
            kind: 0,
            substream: first,
        },
        Part {
            name: "Chart",
            wide: false,
            kind: 2,
            substream: chart,
        },
        Part {
            name: "Ünïcode ✓",
            wide: true,
            kind: 0,
            substream: second,
        },
    ]
}

#[test]
fn hand_built_workbook_is_read_by_the_rules() {
    let stream = workbook(&hand_built_globals(), &hand_built_parts());
    let file = compound_file("Workbook", &stream);
    let styles = xls_styles(&file).expect("a BIFF8 workbook");
    let mut names: Vec<&str> = styles.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["Sheet One", "Ünïcode ✓"]);

    let style = |fill: Option<u32>, format: Option<&str>, bold: bool| CellStyle {
        fill,
        number_format: format.map(String::from),
        bold,
    };
    let first = &styles["Sheet One"];
    assert_eq!(
        sorted_positions(first),
        [(0, 0), (1, 0), (2, 1), (2, 2), (3, 0), (3, 1), (5, 0)]
    );
    assert_eq!(*first[&(0, 0)], style(None, None, true));
    assert_eq!(*first[&(1, 0)], style(None, Some("0.0%"), false));
    assert_eq!(*first[&(2, 1)], style(Some(0xFFFF_0000), None, false));
    assert_eq!(*first[&(2, 2)], style(Some(0xFF12_3456), None, false));
    assert_eq!(*first[&(3, 0)], style(None, Some("0.00%"), false));
    assert_eq!(*first[&(3, 1)], style(None, Some("£#,##0"), false));
    assert_eq!(*first[&(5, 0)], style(Some(0xFFFF_0000), None, true));

    let second = &styles["Ünïcode ✓"];
    assert_eq!(sorted_positions(second), [(0, 0)]);
    assert!(Arc::ptr_eq(&second[&(0, 0)], &first[&(2, 1)]));
}

#[test]
fn other_workbooks_are_refused() {
    let parts = hand_built_parts();
    let globals = hand_built_globals();
    let biff8 = workbook(&globals, &parts);
    assert!(styles_of_stream(&biff8).is_some());

    // Encrypted.
    let mut encrypted = record(FILEPASS, &[0; 6]);
    encrypted.extend_from_slice(&globals);
    assert_eq!(styles_of_stream(&workbook(&encrypted, &parts)), None);

    // BIFF5, in a Workbook stream or (as Excel 95 writes it) a Book stream.
    let mut biff5 = biff8.clone();
    biff5[4..6].copy_from_slice(&0x0500u16.to_le_bytes());
    assert_eq!(styles_of_stream(&biff5), None);
    assert_eq!(xls_styles(&compound_file("Book", &biff8)), None);

    // A sheet offset that does not point at a worksheet's BOF.
    let mut moved = parts;
    moved[0].substream.insert(0, 0);
    assert_eq!(styles_of_stream(&workbook(&globals, &moved)), None);

    // Not a compound file, or one without a workbook.
    assert_eq!(xls_styles(&[]), None);
    assert_eq!(xls_styles(b"PK\x03\x04 not an xls"), None);
    assert_eq!(xls_styles(&compound_file("WordDocument", &biff8)), None);
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for len in [1, 7, 512, 4096, 20_000] {
        let noise: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        assert_eq!(xls_styles(&noise), None);
        let _ = styles_of_stream(&noise);
    }
}

#[test]
fn too_many_styled_cells_are_refused() {
    let mut globals = font(700);
    globals.extend(xf(0, 0, 0, 64));
    globals.extend(xf(0, 0, 1, 10));
    // Rows of 10,000 filled cells: one row past the limit.
    let per_row = 10_000u16;
    let rows = u16::try_from(MAX_STYLED_CELLS / usize::from(per_row)).unwrap();
    let row_of = |row| multiple(MULBLANK, row, 0, &vec![1; usize::from(per_row)]);
    let sheet = |rows: u16| {
        let mut substream = bof(BIFF8, WORKSHEET_SUBSTREAM);
        for row in 0..rows {
            substream.extend(row_of(row));
        }
        substream.extend(eof());
        Part {
            name: "Big",
            wide: false,
            kind: 0,
            substream,
        }
    };
    let at_limit = styles_of_stream(&workbook(&globals, &[sheet(rows)])).unwrap();
    assert_eq!(at_limit["Big"].len(), MAX_STYLED_CELLS);
    assert_eq!(
        styles_of_stream(&workbook(&globals, &[sheet(rows + 1)])),
        None
    );
}
