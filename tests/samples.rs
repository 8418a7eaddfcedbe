//! The committed samples are exactly what `cargo run --example make_samples` writes today.

#[path = "../examples/make_samples.rs"]
#[allow(dead_code)]
mod make_samples;

use std::path::Path;

const SAMPLES: &[&str] = &[
    "adults_risk_register.xlsx",
    "childrens_risk_register.xlsx",
    "place/risk_register.xlsx",
    "resources_risk_register.csv",
    "adults_performance.xlsx",
    "childrens_performance.xlsx",
    "place_performance.xlsx",
    "resources_performance.xlsx",
    "resources_kpis_export.csv",
    "corporate_delivery_plan.xlsx",
    "benchmarks/lginform_benchmarks.csv",
    "catalogue/measures_catalogue.xlsx",
];

#[test]
fn committed_samples_are_current() {
    let dir = tempfile::tempdir().unwrap();
    make_samples::write_samples(dir.path()).expect("samples are written and read back");
    let stale: Vec<&str> = SAMPLES
        .iter()
        .copied()
        .filter(|name| {
            let fresh = std::fs::read(dir.path().join(name)).unwrap();
            let committed = std::fs::read(Path::new("samples").join(name)).unwrap_or_default();
            fresh != committed
        })
        .collect();
    assert!(
        stale.is_empty(),
        "stale samples {stale:?}: run `cargo run --example make_samples` and review"
    );
}

/// The catalogue's theme of each measure reference, read straight from the workbook.
fn catalogue_themes() -> std::collections::BTreeMap<String, String> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        open_workbook("samples/catalogue/measures_catalogue.xlsx").expect("the catalogue opens");
    let range = workbook.worksheet_range("Catalogue").expect("its sheet");
    let text = |d: &Data| d.to_string().trim().to_string();
    let mut rows = range
        .rows()
        .skip_while(|r| r.first().map(text) != Some("Ref".into()));
    let header = rows.next().expect("a header row");
    let theme = header
        .iter()
        .position(|h| text(h) == "Theme")
        .expect("a Theme column");
    rows.filter(|r| !text(&r[0]).is_empty())
        .map(|r| (text(&r[0]), text(&r[theme])))
        .collect()
}

#[test]
fn the_demo_gives_every_measure_its_catalogue_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(["demo", "--output"])
        .arg(&out)
        .output()
        .expect("goldthread demo runs");
    assert!(status.status.success(), "{status:?}");
    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("corporate.json")).unwrap()).unwrap();
    let themes = catalogue_themes();

    // What the summary should say: the RAG of each measure reported for the quarter, counted
    // under the catalogue's theme for its reference.
    let mut expected = serde_json::Map::new();
    let performance = c["performance"].as_array().expect("performance rows");
    assert!(!performance.is_empty());
    for p in performance {
        let id = p["measure_id"].as_str().unwrap();
        let theme = themes
            .get(id)
            .unwrap_or_else(|| panic!("{id} is not in the catalogue"));
        assert_eq!(p["theme"], theme.as_str(), "{id}");
        if p["period"].is_null() {
            // Nothing reported for the quarter (RES12): in no count.
            continue;
        }
        let rag = p["rag"].as_str().unwrap_or("none");
        let counts = expected
            .entry(theme.clone())
            .or_insert_with(|| serde_json::json!({"red": 0, "amber": 0, "green": 0, "none": 0}));
        counts[rag] = (counts[rag].as_u64().unwrap() + 1).into();
    }
    let by_theme = &c["summary"]["rag_by_theme"];
    assert!(by_theme.get("(no theme)").is_none(), "{by_theme}");
    assert_eq!(by_theme, &serde_json::Value::Object(expected));
    for theme in ["Helping People", "Shaping Places", "Great Council"] {
        assert!(by_theme.get(theme).is_some(), "{theme} has measures");
    }

    // The one catalogue measure that no return reports is said to be missing, and no other.
    let reported: std::collections::BTreeSet<&str> = performance
        .iter()
        .map(|p| p["measure_id"].as_str().unwrap())
        .collect();
    let unreported: Vec<&String> = themes
        .keys()
        .filter(|id| !reported.contains(id.as_str()))
        .collect();
    assert_eq!(unreported, ["PL11"]);
    let findings = c["findings"].as_array().unwrap();
    let missing: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "catalogue-measure-not-reported")
        .map(|f| f["record_id"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["PL11"]);
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "target-differs-from-catalogue"),
        "the catalogue's targets are the returns'"
    );
}
