//! A generated risk register with the shape of a real one (title row, merged group headers
//! over L / I / Score, dates, text), shared by the benchmarks.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// Writes a register of `rows` risks for `directorate`, references `<prefix>-00001`...
pub fn generate(
    path: &Path,
    rows: u32,
    directorate: &str,
    prefix: &str,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Risk Register")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_with_format(
        0,
        0,
        format!("{directorate} Directorate Risk Register 2024/25"),
        &bold,
    )?;
    let heads = ["Risk Ref", "Risk Title", "Description", "Risk Owner"];
    for (c, h) in heads.iter().enumerate() {
        ws.merge_range(2, c as u16, 3, c as u16, h, &bold)?;
    }
    for (g, name) in ["Inherent Risk", "Current Risk", "Target Risk"]
        .iter()
        .enumerate()
    {
        let first = 4 + g as u16 * 3;
        ws.merge_range(2, first, 2, first + 2, name, &bold)?;
        for (i, sub) in ["L", "I", "Score"].iter().enumerate() {
            ws.write_with_format(3, first + i as u16, *sub, &bold)?;
        }
    }
    for (c, h) in ["Controls", "Actions", "Trend", "Last Review", "Next Review"]
        .iter()
        .enumerate()
    {
        ws.merge_range(2, 13 + c as u16, 3, 13 + c as u16, h, &bold)?;
    }
    let trends = ["Increasing", "Stable", "Reducing"];
    for i in 0..rows {
        let r = 4 + i;
        let l = 1 + i % 5;
        let im = 1 + (i / 5) % 5;
        ws.write(r, 0, format!("{prefix}-{i:05}"))?;
        ws.write(r, 1, format!("Risk number {i}: failure of a key service"))?;
        ws.write(
            r,
            2,
            "Cause: demand. Event: service fails. Effect: harm to residents and cost.",
        )?;
        ws.write(r, 3, format!("Head of Service {}", i % 40))?;
        for g in 0..3u32 {
            let (gl, gi) = (l.saturating_sub(g).max(1), im);
            ws.write(r, 4 + g as u16 * 3, gl)?;
            ws.write(r, 5 + g as u16 * 3, gi)?;
            ws.write(r, 6 + g as u16 * 3, gl * gi)?;
        }
        ws.write(r, 13, "Monthly monitoring; contingency plan")?;
        ws.write(r, 14, "Review by 31/03/2025")?;
        ws.write(r, 15, trends[(i % 3) as usize])?;
        let d = ExcelDateTime::from_ymd(2024, 9, 1 + (i % 28) as u8)?;
        ws.write_datetime_with_format(r, 16, &d, &date)?;
        ws.write(r, 17, "31/12/2024")?;
    }
    wb.save(path)
}
