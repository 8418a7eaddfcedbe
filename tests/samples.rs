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
