//! The same return saved as .ods and .xls (by LibreOffice, when installed) normalises to the
//! same risks as the .xlsx.

use std::path::{Path, PathBuf};
use std::process::Command;

use goldthread::config::Config;
use goldthread::normalise::{normalise_paths, Options};

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn convert(bin: &str, src: &Path, ext: &str, out: &Path) -> PathBuf {
    let status = Command::new(bin)
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(out)
        .arg(src)
        .output()
        .expect("run LibreOffice");
    assert!(
        status.status.success(),
        "conversion to {ext} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    out.join(src.with_extension(ext).file_name().unwrap())
}

fn risks_without_file(path: &Path) -> serde_json::Value {
    let opts = Options {
        config: Config::load(Path::new("samples/goldthread.toml")).unwrap(),
        ..Default::default()
    };
    let doc = normalise_paths(&[path.to_path_buf()], &opts);
    assert_eq!(doc.summary.files_failed, 0, "{:?}", doc.files);
    let mut risks = serde_json::to_value(&doc.risks).unwrap();
    for r in risks.as_array_mut().unwrap() {
        r["source"]["file"] = serde_json::Value::Null;
    }
    risks
}

#[test]
fn ods_and_xls_read_like_xlsx() {
    let Some(bin) = soffice() else {
        eprintln!("note: LibreOffice is not installed; .ods and .xls reading not checked (.ci/run installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new("samples/adults_risk_register.xlsx");
    let expected = risks_without_file(sample);
    assert_eq!(expected.as_array().unwrap().len(), 11);
    for ext in ["ods", "xls"] {
        let converted = convert(
            bin,
            &std::fs::canonicalize(sample).unwrap(),
            ext,
            dir.path(),
        );
        assert_eq!(
            risks_without_file(&converted),
            expected,
            "{ext} differs from xlsx"
        );
    }
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
