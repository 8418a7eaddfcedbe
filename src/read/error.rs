//! Why a file could not be read. Each message completes "`FILE` ...", as [`super::ReadError`]
//! shows it, and says what to do where something can be done.

use std::io;

use super::csv::{MAX_FIELDS, MAX_LINE_BYTES};
use super::excel::{MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES};
use super::{EXTENSIONS, MAX_FILE_BYTES};

/// An error of the stage a file's sheets are handed to (see [`super::stream_file`]): read
/// knows nothing of it but its message and its chain of sources.
pub type VisitError = Box<dyn std::error::Error + Send + Sync>;

/// Why a file's content could not be read; [`super::ReadError`] names the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path given cannot be opened (missing, not permitted).
    #[error("cannot be opened: {}", io_reason(.0))]
    Unopenable(#[source] io::Error),
    /// A folder cannot be listed.
    #[error("folder cannot be listed: {}", io_reason(.0))]
    Unlisted(#[source] io::Error),
    /// A file cannot be read.
    #[error("cannot be read: {}", io_reason(.0))]
    Unreadable(#[source] io::Error),
    /// A named pipe, a device or a socket, not a file.
    #[error("is not a regular file (a named pipe, a device or a socket); only files are read")]
    NotRegular,
    /// A file past [`MAX_FILE_BYTES`].
    #[error("is {} MB, beyond the limit of {} MB for one return; it is not a return", .bytes / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024))]
    TooBig {
        /// The file's size in bytes.
        bytes: u64,
    },
    /// A file of no bytes.
    #[error("is empty (0 bytes); ask the service to send it again.")]
    Empty,
    /// A workbook saved with a password.
    #[error("is password protected; save it without a password (File > Info > Protect Workbook) and run again.")]
    Password,
    /// An HTML table named as a workbook.
    #[error("is a web page (an HTML table), as some systems export their \"Excel\" files; open it in Excel, save it as an Excel Workbook (.xlsx) and run again")]
    WebPage,
    /// Plain text named as a workbook.
    #[error(
        "is named .{0} but holds plain text, not a workbook; if it is a CSV export, rename it .csv"
    )]
    PlainText(
        /// The extension, lower case.
        String,
    ),
    /// Binary data named `.csv`.
    #[error("is named .csv but holds binary data, not text")]
    BinaryCsv,
    /// A file named as a workbook whose content is no format read.
    #[error("is named .{0} but is not a spreadsheet this tool can read (the file may be damaged)")]
    NotASpreadsheet(
        /// The extension, lower case.
        String,
    ),
    /// A file whose extension is not one of [`EXTENSIONS`].
    #[error("has the extension '.{0}', which is not a return format; goldthread reads {list}", list = EXTENSIONS.iter().map(|x| format!(".{x}")).collect::<Vec<_>>().join(", "))]
    NotAReturnFormat(
        /// The extension, lower case.
        String,
    ),
    /// The zip container cannot be opened.
    #[error("is damaged or not a workbook (the zip container cannot be opened: {0})")]
    ZipUnopenable(#[source] zip::result::ZipError),
    /// More parts than a workbook has (20,000).
    #[error("holds {0} parts, more than the limit of {limit}; it is not a normal workbook", limit = MAX_ZIP_ENTRIES)]
    TooManyParts(
        /// The number of parts.
        usize,
    ),
    /// A part of the zip cannot be read.
    #[error("is damaged (part {index} of the zip cannot be read: {source})")]
    ZipPart {
        /// The part's index in the zip.
        index: usize,
        /// The zip's error.
        source: zip::result::ZipError,
    },
    /// A part would inflate more than 200-fold: a possible zip bomb.
    #[error("part '{part}' would inflate {ratio}-fold to {mb} MB, beyond the limit of {MAX_COMPRESSION_RATIO}-fold; refusing a possible zip bomb", MAX_COMPRESSION_RATIO = MAX_COMPRESSION_RATIO)]
    ZipBomb {
        /// The part's name.
        part: String,
        /// Its size over its compressed size.
        ratio: u64,
        /// Its size in MB.
        mb: u64,
    },
    /// The parts together would inflate beyond 2 GB.
    #[error("would inflate to {0} MB, beyond the limit of {limit} MB", limit = MAX_UNCOMPRESSED_BYTES / (1024 * 1024))]
    TooLargeInflated(
        /// The total size of the parts in MB.
        u64,
    ),
    /// A Word document.
    #[error("is a Word document, not a workbook")]
    WordDocument,
    /// A PowerPoint presentation.
    #[error("is a PowerPoint presentation, not a workbook")]
    Presentation,
    /// Some other zip file.
    #[error("is a zip file but not a workbook (no xl/workbook.xml inside)")]
    ZipNotWorkbook,
    /// The zip container is damaged where a part is rewritten.
    #[error("is damaged (the zip container: {0})")]
    Zip(#[source] zip::result::ZipError),
    /// The shared strings of an xlsx cannot be read.
    #[error("is damaged (its shared strings: {0})")]
    SharedStrings(#[source] io::Error),
    /// The `content.xml` of an .ods cannot be read.
    #[error("is damaged (its content.xml: {0})")]
    OdsContent(#[source] io::Error),
    /// The `content.xml` of an .ods is not well-formed XML.
    #[error("is damaged (content.xml: {0})")]
    OdsXml(#[source] quick_xml::Error),
    /// A part rewritten cannot be written back (in memory).
    #[error("{0}")]
    Repack(#[source] io::Error),
    /// A sheet's used range is too large for calamine to read (.xls, .ods).
    #[error("has a sheet whose used range is too large to read in this format ({}); a cell far from the data stretches it. Delete the stray cells, or save the file as .xlsx, which is read cell by cell", inner(.0))]
    UsedRangeTooLarge(#[source] Box<calamine::Error>),
    /// The workbook cannot be opened by calamine.
    #[error("is damaged or not a valid workbook ({})", inner(.0))]
    Damaged(#[source] Box<calamine::Error>),
    /// A sheet cannot be read.
    #[error("sheet '{sheet}' cannot be read ({})", inner(.source))]
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// calamine's error.
        source: Box<calamine::Error>,
    },
    /// A CSV file handed to the workbook reader (a fault of the program).
    #[error("is a CSV file, not a workbook")]
    CsvNotWorkbook,
    /// A CSV line longer than any return has (8 MB).
    #[error("has a line (line {0}) longer than {limit} MB, which no return has; it is not a CSV export of a return", limit = MAX_LINE_BYTES / (1024 * 1024))]
    LongLine(
        /// The line's number, from 1.
        usize,
    ),
    /// A CSV record that cannot be parsed.
    #[error("is not valid CSV at line {line}: {source}")]
    Csv {
        /// The line's number, from 1.
        line: usize,
        /// The CSV reader's error.
        source: csv::Error,
    },
    /// A CSV record of more fields than a sheet has columns.
    #[error("has {fields} fields on line {line}, more than a spreadsheet's {MAX_FIELDS} columns", MAX_FIELDS = MAX_FIELDS)]
    TooManyFields {
        /// The record's fields.
        fields: usize,
        /// The line's number, from 1.
        line: usize,
    },
    /// An Excel 2003 XML file that is not well-formed.
    #[error("is damaged or not a valid workbook (XML error at byte {at}: {source})")]
    Xml {
        /// The byte where the XML breaks.
        at: u64,
        /// The XML reader's error.
        source: quick_xml::Error,
    },
    /// An Excel 2003 XML file that ends before its elements are closed.
    #[error("is damaged or not a valid workbook (XML error at byte {0}: the file ends before its elements are closed; it may have been cut short)")]
    CutShort(
        /// The byte where the file ends.
        u64,
    ),
    /// XML with no `Workbook` element.
    #[error("is damaged or not a valid workbook (it holds no Workbook element)")]
    NoWorkbook,
    /// XML whose root is not `Workbook`.
    #[error("is not an Excel 2003 XML spreadsheet (it holds <{0}>, not <Workbook>)")]
    NotSpreadsheetMl(
        /// The root element's name, cut to 40 characters.
        String,
    ),
    /// A cell placed beyond Excel's grid.
    #[error("sheet '{sheet}' has a cell beyond Excel's grid at row {row}, column {col} (Excel has 1,048,576 rows and 16,384 columns); the file is damaged")]
    BeyondGrid {
        /// The sheet's name.
        sheet: String,
        /// The cell's row, from 1.
        row: u64,
        /// The cell's column, from 1.
        col: u64,
    },
    /// More cells than an Excel 2003 XML file may hold.
    #[error("is too large to read (more than {} cells)", thousands(*.0))]
    TooManyCells(
        /// The limit.
        usize,
    ),
    /// The error of the stage the sheets were handed to.
    #[error("{0}")]
    Visit(#[source] VisitError),
}

/// An io error as a person would say it.
fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// calamine's error without the name of its format ("Xlsx error: ").
fn inner(e: &calamine::Error) -> String {
    std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string)
}

/// 20000000 as "20,000,000".
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
