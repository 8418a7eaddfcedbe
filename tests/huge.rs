//! A register of a million rows: read as a stream, its risks moved to temporary files as they
//! are read, and written out, in well under 1 GiB of memory, with a good file beside it still
//! read. Slow in a debug build, so it is ignored there; CI runs it with
//! `cargo test --release --test huge -- --ignored`.

use std::io::Write;
use std::path::Path;

const ROWS: u32 = 1_000_000;

/// Writes a plain xlsx register (a title, a header, then `rows` risks) straight as XML, which
/// takes seconds where a workbook library would take minutes.
fn write_register(path: &Path, rows: u32) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Risk Register" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let mut w = std::io::BufWriter::with_capacity(1 << 20, zip);
    let s = |r: u32, c: &str, t: &str| {
        format!(r#"<c r="{c}{r}" t="inlineStr"><is><t>{t}</t></is></c>"#)
    };
    write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    write!(
        w,
        r#"<row r="1">{}</row>"#,
        s(1, "A", "Corporate Risk Register 2024/25")
    )
    .unwrap();
    let header = [
        "Risk ID",
        "Risk Title",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Last Review Date",
        "Mitigating Actions",
    ];
    write!(w, r#"<row r="3">"#).unwrap();
    for (i, h) in header.iter().enumerate() {
        write!(w, "{}", s(3, &((b'A' + i as u8) as char).to_string(), h)).unwrap();
    }
    write!(w, "</row>").unwrap();
    for i in 0..rows {
        let r = i + 4;
        write!(
            w,
            r#"<row r="{r}">{}{}{}<c r="D{r}"><v>{}</v></c><c r="E{r}"><v>{}</v></c>{}{}</row>"#,
            s(r, "A", &format!("CRR-{i:07}")),
            s(r, "B", &format!("Risk {i}: failure of a key service")),
            s(r, "C", &format!("Head of Service {}", i % 40)),
            i % 5 + 1,
            (i / 5) % 5 + 1,
            s(r, "F", "2024-09-30"),
            s(r, "G", "Monthly monitoring"),
        )
        .unwrap();
    }
    write!(w, "</sheetData></worksheet>").unwrap();
    let zip = w.into_inner().map_err(|e| e.into_error()).unwrap();
    zip.finish().unwrap();
}

/// The first 2,000 and last `n` bytes of a file, as text.
fn ends(path: &Path, n: u64) -> (String, String) {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).unwrap();
    let mut start = vec![0u8; 2_000];
    f.read_exact(&mut start).unwrap();
    let len = f.metadata().unwrap().len();
    f.seek(SeekFrom::Start(len.saturating_sub(n))).unwrap();
    let mut tail = Vec::new();
    f.read_to_end(&mut tail).unwrap();
    (
        String::from_utf8_lossy(&start).into_owned(),
        String::from_utf8_lossy(&tail).into_owned(),
    )
}

fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[ignore = "a million rows: run in release with --ignored (CI does)"]
fn a_million_row_register_is_read_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("returns");
    std::fs::create_dir(&inputs).unwrap();
    write_register(&inputs.join("corporate_register.xlsx"), ROWS);
    std::fs::write(
        inputs.join("small.csv"),
        "Risk ID,Risk Title,Risk Owner,Likelihood,Impact\nSM-1,Small risk,Someone,2,3\n",
    )
    .unwrap();
    let before = peak_memory_kb();
    let opts = goldthread::Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    let doc =
        goldthread::normalise_and_check_spilled(std::slice::from_ref(&inputs), &opts, &|_, _| {})
            .expect("runs");
    let out = dir.path().join("out.json");
    goldthread::output::write_json(&out, &doc).expect("written");
    let s = &doc.doc.summary;
    assert_eq!((s.files, s.files_read), (2, 2), "{:?}", doc.doc.files);
    assert_eq!(s.risks, ROWS as usize + 1);
    assert_eq!(
        s.cells.read,
        s.cells.mapped + s.cells.extra + s.cells.skipped_total()
    );
    // The summary opens the document and the last risk of the register is written (the
    // document itself is over a gigabyte: only its ends are read).
    let peak = peak_memory_kb();
    let (start, tail) = ends(&out, 200_000);
    assert!(
        start.contains(&format!("\"risks\": {}", ROWS + 1)),
        "{start}"
    );
    assert!(
        tail.contains(&format!("CRR-{:07}", ROWS - 1)),
        "last risk written"
    );
    if let (Some(before), Some(peak)) = (before, peak) {
        eprintln!(
            "peak memory {} MB (before the run {} MB)",
            peak / 1024,
            before / 1024
        );
        assert!(peak < 1024 * 1024, "peak memory {peak} kB is over 1 GiB");
    }
}
