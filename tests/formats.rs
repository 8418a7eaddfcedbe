//! The same return saved as .ods and .xls (by LibreOffice, when installed) normalises to the
//! same risks as the .xlsx.

use std::path::{Path, PathBuf};
use std::process::Command;

use goldthread::config::Config;
use goldthread::normalise::{normalise_paths, Options};

/// LibreOffice's command, when installed; a test that needs it and finds none fails when
/// `GOLDTHREAD_REQUIRE_TOOLS` is set (as `.ci/run` sets it) and is skipped with a note otherwise.
fn soffice() -> Option<&'static str> {
    let found = soffice_here();
    assert!(
        found.is_some() || std::env::var_os("GOLDTHREAD_REQUIRE_TOOLS").is_none(),
        "LibreOffice is required (GOLDTHREAD_REQUIRE_TOOLS is set, as in CI)"
    );
    found
}

fn soffice_here() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn convert(bin: &str, src: &Path, ext: &str, out: &Path) -> PathBuf {
    convert_all(bin, &[src.to_path_buf()], ext, out).remove(0)
}

/// Converts files in one run of LibreOffice; returns the converted files, in order.
/// `to` is LibreOffice's target: an extension, or an extension and a filter
/// (`xml:MS Excel 2003 XML`).
fn convert_all(bin: &str, sources: &[PathBuf], to: &str, out: &Path) -> Vec<PathBuf> {
    let ext = to.split(':').next().unwrap_or(to);
    // A profile of its own: LibreOffice runs one instance per profile, and tests run at once.
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(sources)
        .output()
        .expect("run LibreOffice");
    assert!(
        status.status.success(),
        "conversion to {ext} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    sources
        .iter()
        .map(|src| out.join(src.with_extension(ext).file_name().unwrap()))
        .collect()
}

/// The document normalised from one file, without the file's name or format (which differ
/// between the copies).
fn document(path: &Path) -> serde_json::Value {
    let opts = Options {
        config: Config::load(Path::new("samples/goldthread.toml")).unwrap(),
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    let doc = normalise_paths(&[path.to_path_buf()], &opts);
    assert_eq!(doc.summary.files_failed, 0, "{:?}", doc.files);
    let mut value = serde_json::to_value(&doc).unwrap();
    strip_files(&mut value);
    value
}

fn strip_files(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for key in ["file", "files"] {
                map.remove(key);
            }
            map.values_mut().for_each(strip_files);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_files),
        _ => {}
    }
}

/// Where two documents differ (numbers equal to 12 significant digits: LibreOffice keeps 15
/// of a formula's cached value).
fn differences(a: &serde_json::Value, b: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    use serde_json::Value::*;
    match (a, b) {
        (Object(x), Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let none = Null;
                let (xa, yb) = (x.get(key).unwrap_or(&none), y.get(key).unwrap_or(&none));
                differences(xa, yb, &format!("{at}.{key}"), out);
            }
        }
        (Array(x), Array(y)) if x.len() == y.len() => {
            for (i, (xa, yb)) in x.iter().zip(y).enumerate() {
                differences(xa, yb, &format!("{at}[{i}]"), out);
            }
        }
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            if (x - y).abs() > 1e-12 * x.abs().max(y.abs()).max(1.0) {
                out.push(format!("{at}: {x} against {y}"));
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{at}: {a} against {b}")),
    }
}

/// Every sample saved by LibreOffice as `ext` normalises to the same document as the .xlsx:
/// the same risks, measures, values (percentages in points), RAGs given as colour, and findings.
fn samples_read_as_xlsx(to: &str) {
    let ext = to.split(':').next().unwrap_or(to);
    let Some(bin) = soffice() else {
        eprintln!(
            "note: LibreOffice is not installed; .{ext} reading not checked (.ci/run installs it)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let xlsx_in = |folder: &str| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| std::fs::canonicalize(e.unwrap().path()).unwrap())
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .collect();
        files.sort();
        files
    };
    // The Place register takes its directorate from its folder, so it keeps one.
    let mut pairs = Vec::new();
    for (folder, files) in [
        ("samples", xlsx_in("samples")),
        ("place", xlsx_in("samples/place")),
    ] {
        let converted = convert_all(bin, &files, to, &dir.path().join(ext).join(folder));
        pairs.extend(files.into_iter().zip(converted));
    }
    // Seven returns and the corporate delivery plan.
    assert_eq!(pairs.len(), 8, "{pairs:?}");
    for (sample, converted) in pairs {
        let mut found = Vec::new();
        differences(&document(&sample), &document(&converted), "", &mut found);
        assert!(
            found.is_empty(),
            "{} as .{ext} differs from the .xlsx:\n{}",
            sample.display(),
            found.join("\n")
        );
    }
}

#[test]
fn ods_reads_like_xlsx() {
    samples_read_as_xlsx("ods");
}

#[test]
fn xls_reads_like_xlsx() {
    samples_read_as_xlsx("xls");
}

#[test]
fn an_ods_whose_used_range_is_huge_is_refused_with_advice() {
    let Some(bin) = soffice() else {
        eprintln!("note: LibreOffice is not installed; the huge .ods case is not checked");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Risk Ref").unwrap();
    ws.write(0, 1, "Risk").unwrap();
    ws.write(1_048_575, 1023, "far away").unwrap();
    let src = dir.path().join("far.xlsx");
    wb.save(&src).unwrap();
    let out = dir.path().join("ods");
    convert(bin, &src, "ods", &out);
    std::fs::write(
        out.join("good.csv"),
        "Ref,Risk,Likelihood,Impact\nR1,Flooding,2,3\n",
    )
    .unwrap();
    let doc = normalise_paths(std::slice::from_ref(&out), &Options::default());
    let failed = doc
        .files
        .iter()
        .find(|f| f.file.ends_with("far.ods"))
        .expect("the .ods is listed");
    let err = failed.error.as_deref().unwrap_or_default();
    assert!(err.contains("save the file as .xlsx"), "{err}");
    assert!(
        doc.risks.iter().any(|r| r.id == "R1"),
        "the good file beside it is still read"
    );
}
