//! Generators of the hostile fixtures: each made in a temporary folder by the test that uses it,
//! beside a good return, so nothing large is committed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The good return every test puts beside the bad one: one risk, `GOOD-1`.
pub const GOOD_CSV: &str = "Ref,Risk,Likelihood,Impact\nGOOD-1,Flooding,2,3\n";

/// A return with findings (the score is not L x I): one risk, `BAD-1`.
pub const FAULTY_CSV: &str = "Ref,Risk,Likelihood,Impact,Score\nBAD-1,Fire,2,2,9\n";

/// A folder holding `good.csv`.
pub fn folder_with_good() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.csv"), GOOD_CSV).unwrap();
    dir
}

/// A small .xlsx register: one risk with the reference given, L 3 x I 4 = 12.
pub fn register_xlsx(reference: &str) -> Vec<u8> {
    scored_xlsx(reference, 12)
}

/// As [`register_xlsx`] with the score given: anything but 12 is a finding.
pub fn scored_xlsx(reference: &str, score: u32) -> Vec<u8> {
    xlsx_with(&["Score"], |ws| {
        risk_row(ws, 1, reference, 3.0, 4.0);
        ws.write(1, 4, score).unwrap();
    })
}

/// A one-sheet workbook headed Risk Ref, Risk, Likelihood, Impact and the `more` headers, its
/// rows written by `rows`.
pub fn xlsx_with(more: &[&str], rows: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let headers = ["Risk Ref", "Risk", "Likelihood", "Impact"];
    for (c, h) in headers.iter().chain(more).enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    rows(ws);
    wb.save_to_buffer().unwrap()
}

/// A risk in row `r` (0-based): reference, a title, likelihood and impact.
pub fn risk_row(ws: &mut rust_xlsxwriter::Worksheet, r: u32, id: &str, l: f64, i: f64) {
    ws.write(r, 0, id).unwrap();
    ws.write(r, 1, format!("Risk {id}")).unwrap();
    ws.write(r, 2, l).unwrap();
    ws.write(r, 3, i).unwrap();
}

/// The binary under test: `GOLDTHREAD_BIN` when set (to measure a release build with these
/// tests), else the one cargo built for them.
pub fn binary() -> std::ffi::OsString {
    std::env::var_os("GOLDTHREAD_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_goldthread").into())
}

/// Runs the binary in `dir` with `NO_COLOR`.
pub fn run(args: &[&str], dir: &Path) -> Output {
    run_env(args, dir, &[])
}

/// As [`run`], with environment variables set.
pub fn run_env(args: &[&str], dir: &Path, env: &[(&str, &Path)]) -> Output {
    Command::new(binary())
        .args(args)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("run goldthread")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under a folder, relative, sorted.
pub fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// What a child run gave: exit code (None when killed by a signal), stderr, and its own peak
/// resident memory in KiB as the kernel counted it (`ru_maxrss` from `wait4`).
pub struct Measured {
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stderr: String,
    pub peak_kib: u64,
}

/// Runs the binary in `dir` and measures its peak memory. A run still going after `limit` is
/// killed and reported with signal 9: a hang fails the test instead of blocking the suite.
pub fn run_measured(args: &[&str], dir: &Path, limit: std::time::Duration) -> Measured {
    let err_path = dir.join(format!(".stderr.{}", std::process::id()));
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(binary());
    // SAFETY: setrlimit is async-signal-safe. A run that would take far more memory than it
    // should fails its allocation (and the test) instead of exhausting the machine.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 3 << 30,
                rlim_max: 3 << 30,
            };
            libc::setrlimit(libc::RLIMIT_DATA, &limit);
            Ok(())
        });
    }
    // Reaped by wait4 below, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let child = command
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run goldthread");
    let pid = child.id() as libc::pid_t;
    let started = std::time::Instant::now();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own child, not yet reaped; status and usage are valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed");
        if started.elapsed() > limit {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let _ = std::fs::remove_file(&err_path);
    // For the record (`--nocapture`), not asserted: how long the run took and its peak.
    eprintln!(
        "measured {args:?}: {:.2} s, peak {} MiB",
        started.elapsed().as_secs_f64(),
        usage.ru_maxrss / 1024
    );
    Measured {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        stderr,
        peak_kib: usage.ru_maxrss as u64,
    }
}

/// The normalised document a run wrote.
pub fn document(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// How many risks of a reference a document holds.
pub fn risks_with(doc: &serde_json::Value, id: &str) -> usize {
    doc["risks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == id)
        .count()
}

/// A workbook's parts with one replaced; the others copied as they are stored.
pub fn replace_part(bytes: Vec<u8>, part: &str, change: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let name = zip.name_for_index(i).unwrap().unwrap().into_owned();
        if name != part {
            out.raw_copy_file(zip.by_index_raw(i).unwrap()).unwrap();
            continue;
        }
        let mut data = Vec::new();
        zip.by_index(i).unwrap().read_to_end(&mut data).unwrap();
        out.start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&change(data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The messages of a document's findings that contain `words`.
pub fn messages_with<'d>(doc: &'d serde_json::Value, words: &str) -> Vec<&'d str> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str())
        .filter(|m| m.contains(words))
        .collect()
}

/// An .ods package whose one sheet has the given rows (`table:table-row` elements).
pub fn ods_package(sheet: &str, rows: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

/// One .ods row of text cells.
pub fn ods_row(cells: &[String], repeated: u64) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
        .collect();
    format!(r#"<table:table-row table:number-rows-repeated="{repeated}">{cells}</table:table-row>"#)
}
