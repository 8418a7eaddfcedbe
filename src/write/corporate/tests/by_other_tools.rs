//! The workbook as LibreOffice and openpyxl read it, and printed through LibreOffice.

use super::*;

/// Runs a command we started, killing it (by its own id) if it takes longer than `limit`.
fn run_with_limit(cmd: &mut std::process::Command, limit: Duration) -> Option<bool> {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status.success()),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(200)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Some(false);
            }
        }
    }
}

/// Whether LibreOffice is here (see [`crate::write::tool_here`]).
pub(in crate::write::corporate) fn has_soffice(check: &str) -> bool {
    let here = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    crate::write::tool_here(here, "LibreOffice (soffice)", check)
}

/// Converts `path` with LibreOffice to `format` (its extension, or a filter) into `out`,
/// returning the converted file's path.
pub(in crate::write::corporate) fn soffice_convert(
    path: &Path,
    format: &str,
    out: &Path,
) -> PathBuf {
    let profile = out.join("profile");
    let ok = run_with_limit(
        std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", format, "--outdir"])
            .arg(out)
            .arg(path),
        Duration::from_secs(180),
    );
    assert_eq!(
        ok,
        Some(true),
        "soffice converts {} to {format}",
        path.display()
    );
    let ext = format.split(':').next().unwrap_or(format);
    out.join(path.with_extension(ext).file_name().unwrap())
}

/// Printed through LibreOffice, no text of the committee workbook or the data-quality report is
/// smaller than 8 pt on any page: each text run's size is its font size times the scales of
/// its text and page (read with pypdf).
#[test]
fn printed_by_libreoffice_no_text_is_under_8_points() {
    if !has_soffice("the print size check")
        || !crate::write::has_python_module("pypdf", "the print size check")
    {
        return;
    }
    let (c, config) = samples();
    let dir = tempfile::tempdir().unwrap();
    let corporate = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&corporate, c, config).unwrap();
    let report = dir.path().join("data-quality.xlsx");
    crate::write::write_findings_report(&report, &c.findings, "Data quality findings").unwrap();
    let pdfs = [
        soffice_convert(&corporate, "pdf", dir.path()),
        soffice_convert(&report, "pdf", dir.path()),
    ];
    let pages = assert_printed_at_8_points(&pdfs);
    assert!(pages >= 4, "{pages} pages");
}

/// Every page of the PDFs is A4 or A3 and no text on it is under 8 pt (read with pypdf);
/// returns the number of pages.
pub(in crate::write::corporate) fn assert_printed_at_8_points(pdfs: &[PathBuf]) -> usize {
    let script = r#"
import sys
from pypdf import PdfReader
for path in sys.argv[1:]:
    for n, page in enumerate(PdfReader(path).pages):
        sizes = []
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes.append(size * abs(tm[0]) * abs(cm[0]))
        page.extract_text(visitor_text=visit)
        box = page.mediabox
        print(path.rsplit('/', 1)[-1], n + 1, round(float(box.width)), round(min(sizes), 2) if sizes else 99)
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(pdfs)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages = 0;
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (width, smallest): (f64, f64) = (parts[2].parse().unwrap(), parts[3].parse().unwrap());
        // A4 (842 points wide in landscape) or A3 (1191), never Letter.
        assert!(width == 842.0 || width == 1191.0, "{line}: paper");
        assert!(smallest >= 8.0, "{line}: text under 8 pt");
        pages += 1;
    }
    pages
}

#[test]
fn libreoffice_converts_the_workbook() {
    if !has_soffice("the conversion check") {
        return;
    }
    let (c, config) = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&path, c, config).unwrap();
    let want_refs: Vec<String> = c.risks.iter().map(|r| r.risk.id.clone()).collect();
    for format in ["xlsx", "ods"] {
        let converted = soffice_convert(&path, format, &dir.path().join(format!("lo-{format}")));
        assert!(converted.exists(), "{format}: converted file written");
        let mut wb = open_workbook_auto(&converted).expect("converted workbook opens");
        assert_eq!(
            wb.sheet_names(),
            SHEETS.map(String::from).to_vec(),
            "{format}"
        );
        let corporate = cells_of(&mut wb, CORPORATE);
        assert_eq!(refs(&corporate), want_refs, "{format}");
        let strategic = cells_of(&mut wb, STRATEGIC);
        let escalated: Vec<String> = c.strategic().iter().map(|r| r.risk.id.clone()).collect();
        assert_eq!(refs(&strategic), escalated, "{format}");
        println!("LibreOffice converted the workbook to {format} and it reads back");
    }
}

#[test]
fn openpyxl_loads_the_workbook() {
    if !crate::write::has_openpyxl("openpyxl check") {
        return;
    }
    let (c, config) = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&path, c, config).unwrap();
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Corporate Risk Register"]
print(len(wb.sheetnames), ws.freeze_panes, ws.auto_filter.ref is not None, ws.print_title_rows)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("7 D6 True"), "{text}");
}
