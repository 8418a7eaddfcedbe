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
mod tests;
