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
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Risk Ref", "Risk", "Likelihood", "Impact", "Score"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, reference).unwrap();
    ws.write(1, 1, "Subsidence").unwrap();
    ws.write(1, 2, 3).unwrap();
    ws.write(1, 3, 4).unwrap();
    ws.write(1, 4, score).unwrap();
    wb.save_to_buffer().unwrap()
}

/// Runs the binary in `dir` with `NO_COLOR`.
pub fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(args)
        .env("NO_COLOR", "1")
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
