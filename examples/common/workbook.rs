//! A new workbook with fixed document properties, so that every generated file is the same
//! byte for byte each run.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

/// A workbook titled `title`, by `author` (of `company`, when given), created at the fixed time
/// `created`: year, month, day, hour and minute.
pub fn dated_workbook(
    title: &str,
    author: &str,
    company: Option<&str>,
    created: (u16, u8, u8, u16, u8),
) -> Result<Workbook, XlsxError> {
    let (year, month, day, hour, minute) = created;
    let created = ExcelDateTime::from_ymd(year, month, day)?.and_hms(hour, minute, 0)?;
    let mut properties = DocProperties::new().set_title(title).set_author(author);
    if let Some(company) = company {
        properties = properties.set_company(company);
    }
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties.set_creation_datetime(&created));
    Ok(workbook)
}
