//! What calamine does not read from a legacy Excel workbook (.xls, the BIFF8 format of Excel
//! 97-2003): the fill colour, number format and bold font of each cell. calamine reads an .xls
//! file's values only; without its styles an .xls return loses its RAG given as colour (often an
//! empty cell filled red, amber or green), reads a percentage stored as 0.836 as a plain number,
//! and its bold headings as ordinary text.
//!
//! An .xls file is an OLE compound file whose `Workbook` stream is a run of BIFF records, each a
//! 2-byte type, a 2-byte length and its data (described in Microsoft's [MS-XLS]). The stream
//! starts with the workbook globals: the fonts, the number formats, the cell formats (XF records,
//! numbered in the order they come), the colour palette and the list of sheets with where each
//! starts in the stream. Each worksheet's records then give every cell's row, column and XF
//! number. Those few records are all that is read here; the values are left to calamine.
//!
//! Nothing in the file is trusted: every read is bounds-checked, no allocation is sized from a
//! length field, every loop moves forward through the stream, and the whole is given up (the
//! caller then reads values only) for files that are not BIFF8, are encrypted, are damaged where
//! it matters, or hold more styled cells than [`MAX_STYLED_CELLS`].

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use super::{CellStyle, CellStyles};

/// More styled cells than this in one workbook, and its styles are not read (values still are).
const MAX_STYLED_CELLS: usize = 2_000_000;

/// A `Workbook` stream longer than this is not read (no real return comes near it).
const MAX_STREAM_BYTES: u64 = 512 * 1024 * 1024;

/// Cell formats (and fonts) beyond this many cannot be referred to: cells give them as a u16.
const MAX_XFS: usize = 1 << 16;

// Record types [MS-XLS 2.3].
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const FONT: u16 = 0x0031;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const PALETTE: u16 = 0x0092;
const BOUNDSHEET: u16 = 0x0085;
const MULRK: u16 = 0x00BD;
const MULBLANK: u16 = 0x00BE;
/// Records whose data starts with the row, column and XF number of one cell: LABELSST, LABEL,
/// NUMBER, RK, BOOLERR, FORMULA, BLANK and RSTRING.
const CELL_RECORDS: [u16; 8] = [
    0x00FD, 0x0204, 0x0203, 0x027E, 0x0205, 0x0006, 0x0201, 0x00D6,
];

/// The BIFF version in a BIFF8 BOF record.
const BIFF8: u16 = 0x0600;
/// The substream kinds of a BOF record: the workbook globals and a worksheet.
const GLOBALS_SUBSTREAM: u16 = 0x0005;
const WORKSHEET_SUBSTREAM: u16 = 0x0010;

/// The first eight colour indices, fixed (not changed by a PALETTE record): black, white, red,
/// green, blue, yellow, magenta, cyan.
const EGA_COLOURS: [u32; 8] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
];

/// Excel's default palette, colour indices 8 to 63, used unless a PALETTE record replaces it.
const DEFAULT_PALETTE: [u32; 56] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, // 8-15
    0x800000, 0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, // 16-23
    0x9999FF, 0x993366, 0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, // 24-31
    0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, // 32-39
    0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, // 40-47
    0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600, 0x666699, 0x969696, // 48-55
    0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399, 0x333333, // 56-63
];

/// The styles of the cells of each worksheet of a .xls (BIFF8) workbook that carry meaning
/// (a solid fill, a number format other than General, a bold font), by sheet name then
/// (row, column), 0-based. None when the workbook cannot be read this way (not BIFF8, encrypted,
/// damaged, or more styled cells than MAX_STYLED_CELLS): the caller then reads values only.
pub(crate) fn xls_styles(bytes: &[u8]) -> Option<HashMap<String, CellStyles>> {
    styles_of_stream(&workbook_stream(bytes)?)
}

/// The `Workbook` stream of the compound file. A BIFF5 workbook has a `Book` stream instead, and
/// so gives None, as does anything that is not a compound file.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let entry = file.entry("Workbook").ok()?;
    let len = entry.len();
    // A stream cannot really be longer than the file that holds it.
    if !entry.is_stream() || len > MAX_STREAM_BYTES || len > bytes.len() as u64 {
        return None;
    }
    let mut data = Vec::with_capacity(usize::try_from(len).ok()?);
    file.open_stream("Workbook")
        .ok()?
        .take(len)
        .read_to_end(&mut data)
        .ok()?;
    Some(data)
}

/// The styled cells of each worksheet of a BIFF8 `Workbook` stream.
fn styles_of_stream(stream: &[u8]) -> Option<HashMap<String, CellStyles>> {
    let globals = Globals::read(stream)?;
    let styles = globals.xf_styles();
    let mut walk = Walk {
        styles: &styles,
        total: 0,
        // Worksheets do not overlap, so walking them all reads the stream at most once.
        budget: stream.len(),
    };
    let mut sheets = HashMap::with_capacity(globals.sheets.len());
    for sheet in &globals.sheets {
        let start = usize::try_from(sheet.offset).ok()?;
        let cells = walk.sheet(stream, start)?;
        sheets.insert(sheet.name.clone(), cells);
    }
    Some(sheets)
}

/// A worksheet as listed in the globals (a BOUNDSHEET record).
#[derive(Debug)]
struct SheetEntry {
    name: String,
    /// Where the sheet's BOF record is in the `Workbook` stream.
    offset: u32,
}

/// The parts of a cell format (XF record) that are read.
#[derive(Clone, Copy, Debug, Default)]
struct Xf {
    /// Index of the font (see [`Globals::bold`]).
    font: u16,
    /// Number format: a built-in number or that of a FORMAT record.
    format: u16,
    /// Fill pattern; 0 is no fill, 1 solid.
    pattern: u8,
    /// Colour index of the pattern's foreground, the colour of a solid fill.
    fore: u8,
}

impl Xf {
    fn parse(data: &[u8]) -> Option<Xf> {
        Some(Xf {
            font: u16_at(data, 0)?,
            format: u16_at(data, 2)?,
            // fls: bits 26-31.
            pattern: (u32_at(data, 14)? >> 26) as u8,
            // icvFore: bits 0-6 (icvBack, the pattern's other colour, is bits 7-13).
            fore: (u16_at(data, 18)? & 0x7F) as u8,
        })
    }
}

/// What the workbook globals say about formatting, and where the worksheets are.
#[derive(Debug)]
struct Globals {
    /// Whether each FONT record, in order, is bold.
    bold_fonts: Vec<bool>,
    /// Number format codes by number, from FORMAT records.
    formats: HashMap<u16, String>,
    /// Cell formats in order: a cell's XF number indexes this.
    xfs: Vec<Xf>,
    /// RGB of colour indices 8 to 63.
    palette: [u32; 56],
    sheets: Vec<SheetEntry>,
}

impl Globals {
    /// Reads the globals substream at the start of the stream, up to its EOF record. None unless
    /// it starts with a BIFF8 globals BOF, or when the workbook is encrypted (FILEPASS).
    fn read(stream: &[u8]) -> Option<Globals> {
        let mut records = Records::new(stream, 0);
        let (typ, bof) = records.next()?;
        if typ != BOF || u16_at(bof, 0)? != BIFF8 || u16_at(bof, 2)? != GLOBALS_SUBSTREAM {
            return None;
        }
        let mut globals = Globals {
            bold_fonts: Vec::new(),
            formats: HashMap::new(),
            xfs: Vec::new(),
            palette: DEFAULT_PALETTE,
            sheets: Vec::new(),
        };
        for (typ, data) in records {
            match typ {
                EOF => break,
                FILEPASS => return None,
                // bls, the weight, at offset 6: 700 is bold.
                FONT if globals.bold_fonts.len() < MAX_XFS => globals
                    .bold_fonts
                    .push(u16_at(data, 6).is_some_and(|weight| weight >= 700)),
                FORMAT => {
                    if let Some((number, code)) = parse_format(data) {
                        globals.formats.insert(number, code);
                    }
                }
                // A short XF still takes its number, so the ones after it keep theirs.
                XF if globals.xfs.len() < MAX_XFS => {
                    globals.xfs.push(Xf::parse(data).unwrap_or_default())
                }
                PALETTE => globals.read_palette(data),
                BOUNDSHEET => {
                    if let Some(sheet) = parse_boundsheet(data) {
                        globals.sheets.push(sheet);
                    }
                }
                _ => {}
            }
        }
        Some(globals)
    }

    /// A PALETTE record: a u16 count, then that many colours (R, G, B, unused) for indices 8 on.
    fn read_palette(&mut self, data: &[u8]) {
        let count = usize::from(u16_at(data, 0).unwrap_or(0));
        let colours = data.get(2..).unwrap_or_default().chunks_exact(4);
        for (slot, rgb) in self.palette.iter_mut().zip(colours.take(count)) {
            *slot = u32::from_be_bytes([0, rgb[0], rgb[1], rgb[2]]);
        }
    }

    /// The RGB of a colour index; None for the system colours (64 on) that have no fixed RGB.
    fn colour(&self, index: u8) -> Option<u32> {
        let index = usize::from(index);
        match index {
            0..=7 => EGA_COLOURS.get(index).copied(),
            _ => self.palette.get(index - 8).copied(),
        }
    }

    /// Whether the font of an XF is bold. Font numbers skip 4: the fifth FONT record is font 5.
    fn bold(&self, font: u16) -> bool {
        let record = match usize::from(font) {
            4 => return false,
            n @ 0..=3 => n,
            n => n - 1,
        };
        self.bold_fonts.get(record).copied().unwrap_or(false)
    }

    /// The code of a number format, unless it is General (or unknown, read as General).
    fn format_code(&self, number: u16) -> Option<String> {
        let code = match self.formats.get(&number) {
            Some(code) => code.as_str(),
            None => builtin_format(number)?,
        };
        let general = code.trim().is_empty() || code.trim().eq_ignore_ascii_case("general");
        (!general).then(|| code.to_string())
    }

    /// The style of each XF number, None for those that carry no meaning (no fill, General,
    /// not bold). Cells share these.
    fn xf_styles(&self) -> Vec<Option<Arc<CellStyle>>> {
        self.xfs
            .iter()
            .map(|xf| {
                // Any pattern counts as a fill, in its foreground colour.
                let fill = if xf.pattern == 0 {
                    None
                } else {
                    self.colour(xf.fore).map(|rgb| 0xFF00_0000 | rgb)
                };
                let number_format = self.format_code(xf.format);
                CellStyle::of(fill, number_format, self.bold(xf.font))
            })
            .collect()
    }
}

/// A FORMAT record: the format's number, then its code as an XLUnicodeString (u16 character
/// count, flags, then the characters; rich-text and phonetic sizes may sit between the two).
fn parse_format(data: &[u8]) -> Option<(u16, String)> {
    let number = u16_at(data, 0)?;
    let count = usize::from(u16_at(data, 2)?);
    let flags = *data.get(4)?;
    let mut at = 5;
    if flags & 0x08 != 0 {
        at += 2; // fRichSt: a u16 count of formatting runs
    }
    if flags & 0x04 != 0 {
        at += 4; // fExtSt: a u32 size of phonetic data
    }
    let code = decode_chars(data.get(at..)?, count, flags & 0x01 != 0);
    Some((number, code))
}

/// A BOUNDSHEET record, when it is a worksheet: the u32 offset of its BOF, the hidden state
/// (u8), the sheet type (u8, 0 for a worksheet), then the name as a ShortXLUnicodeString
/// (u8 character count, flags, characters).
fn parse_boundsheet(data: &[u8]) -> Option<SheetEntry> {
    let offset = u32_at(data, 0)?;
    if *data.get(5)? != 0 {
        return None; // a chart, macro or VBA sheet
    }
    let count = usize::from(*data.get(6)?);
    let high_byte = *data.get(7)? & 0x01 != 0;
    let mut name = decode_chars(data.get(8..)?, count, high_byte);
    // As calamine does, so that the names agree with its sheet names.
    name.retain(|c| c != '\0');
    Some(SheetEntry { name, offset })
}

/// Walks worksheet substreams, sharing the budgets of the whole workbook.
struct Walk<'a> {
    styles: &'a [Option<Arc<CellStyle>>],
    /// Styled cells found so far in the workbook.
    total: usize,
    /// Bytes of records that may still be read.
    budget: usize,
}

impl Walk<'_> {
    /// The styled cells of the worksheet whose BOF is at `start`, read up to its EOF (or the end
    /// of the stream). None when there is no worksheet BOF there, or the workbook's budgets
    /// run out.
    fn sheet(&mut self, stream: &[u8], start: usize) -> Option<CellStyles> {
        let mut records = Records::new(stream, start);
        let (typ, bof) = records.next()?;
        if typ != BOF || u16_at(bof, 2)? != WORKSHEET_SUBSTREAM {
            return None;
        }
        self.budget = self.budget.checked_sub(4 + bof.len())?;
        let mut cells = CellStyles::new();
        let mut found = Vec::new();
        // Embedded charts are substreams of their own (BOF to EOF) inside the worksheet's.
        let mut depth = 0usize;
        for (typ, data) in records {
            self.budget = self.budget.checked_sub(4 + data.len())?;
            match typ {
                BOF => depth += 1,
                EOF if depth == 0 => break,
                EOF => depth -= 1,
                _ if depth == 0 => {
                    record_cells(typ, data, &mut found);
                    for &(row, col, xf) in &found {
                        self.place(&mut cells, row, col, xf)?;
                    }
                }
                _ => {}
            }
        }
        Some(cells)
    }

    /// Records the style of a cell, when its XF has one; a later record for the same cell
    /// replaces an earlier. None past [`MAX_STYLED_CELLS`].
    fn place(&mut self, cells: &mut CellStyles, row: u32, col: u32, xf: u16) -> Option<()> {
        match self.styles.get(usize::from(xf)).and_then(Option::as_ref) {
            Some(style) => {
                if cells.insert((row, col), Arc::clone(style)).is_none() {
                    self.total += 1;
                    if self.total > MAX_STYLED_CELLS {
                        return None;
                    }
                }
            }
            None => {
                if cells.remove(&(row, col)).is_some() {
                    self.total -= 1;
                }
            }
        }
        Some(())
    }
}

/// The cells a worksheet record gives, as (row, column, XF number), into `out` (emptied first).
/// Records that are not cells, and cells cut short, give none.
fn record_cells(typ: u16, data: &[u8], out: &mut Vec<(u32, u32, u16)>) {
    out.clear();
    let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
        return;
    };
    let (row, first) = (u32::from(row), u32::from(first));
    match typ {
        // Row, first column, then per cell an XF number (and for MULRK a 4-byte RK value),
        // and the last column in the final two bytes.
        MULRK | MULBLANK => {
            let width = if typ == MULRK { 6 } else { 2 };
            let end = data.len().saturating_sub(2);
            let Some(last) = u16_at(data, end) else {
                return;
            };
            let count = u32::from(last)
                .checked_sub(first)
                .map_or(0, |span| span as usize + 1);
            let per_cell = data.get(4..end).unwrap_or_default().chunks_exact(width);
            for (col, chunk) in (first..).zip(per_cell.take(count)) {
                if let Some(xf) = u16_at(chunk, 0) {
                    out.push((row, col, xf));
                }
            }
        }
        t if CELL_RECORDS.contains(&t) => {
            if let Some(xf) = u16_at(data, 4) {
                out.push((row, first, xf));
            }
        }
        _ => {}
    }
}

/// The records of a BIFF stream from `pos` on, as (type, data). Ends at the end of the stream
/// or at a record cut short by it; CONTINUE records come as they are.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8], pos: usize) -> Self {
        Records { stream, pos }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.stream, self.pos)?;
        let len = usize::from(u16_at(self.stream, self.pos.checked_add(2)?)?);
        let start = self.pos.checked_add(4)?;
        let Some(data) = self.stream.get(start..start + len) else {
            self.pos = self.stream.len();
            return None;
        };
        self.pos = start + len;
        Some((typ, data))
    }
}

/// `count` characters from `data`: UTF-16LE when `high_byte`, else one byte each (the low byte
/// of UTF-16, that is Latin-1). Cut short at the end of the data.
fn decode_chars(data: &[u8], count: usize, high_byte: bool) -> String {
    if high_byte {
        let units = data
            .chunks_exact(2)
            .take(count)
            .map(|unit| u16::from_le_bytes([unit[0], unit[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else {
        data.iter().take(count).map(|&b| char::from(b)).collect()
    }
}

/// The built-in number formats that are the same in every locale [MS-XLS 2.4.126]; None for
/// General and for numbers without a fixed code (locale currency formats, unknown numbers).
fn builtin_format(number: u16) -> Option<&'static str> {
    Some(match number {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "m/d/yyyy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yyyy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        42 => "_($* #,##0_);_($* (#,##0);_($* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        44 => "_($* #,##0.00_);_($* (#,##0.00);_($* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

#[cfg(test)]
mod tests {
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
}
