//! Golden tests: each bundled sample normalises (and is checked) to its committed, hand-reviewed JSON in
//! `tests/golden/`. Regenerate after a reviewed change with `UPDATE_GOLDEN=1 cargo test --test golden`.

use std::path::{Path, PathBuf};

use goldthread::config::Config;
use goldthread::normalise::{normalise_paths, Options};
use goldthread::normalise_and_check;

mod common;

fn samples() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::from("samples")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("samples folder") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("xlsx" | "csv" | "xls" | "ods" | "xlsb" | "xlsm")
            ) {
                found.push(p);
            }
        }
    }
    // The tables the configuration names (benchmarks, a catalogue) are not returns.
    let config = options().config;
    let tables: Vec<PathBuf> = config
        .reference_tables()
        .iter()
        .filter_map(|t| std::fs::canonicalize(t).ok())
        .collect();
    found.retain(|p| std::fs::canonicalize(p).map_or(true, |p| !tables.contains(&p)));
    found.sort();
    found
}

fn golden_name(sample: &Path) -> PathBuf {
    let name = sample
        .strip_prefix("samples")
        .unwrap_or(sample)
        .to_string_lossy()
        .replace(['/', '\\'], "__");
    Path::new("tests/golden").join(format!("{name}.json"))
}

/// The samples' framework, checked as the performance team would in mid-November 2024.
fn options() -> Options {
    Options {
        config: Config::load(Path::new("samples/goldthread.toml")).expect("samples config"),
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    }
}

#[test]
fn every_sample_matches_its_golden_json() {
    let samples = samples();
    assert!(
        samples.len() >= 9,
        "expected the bundled samples, found {samples:?}"
    );
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for sample in &samples {
        let doc =
            normalise_and_check(std::slice::from_ref(sample), &options()).expect("checks run");
        assert_eq!(
            doc.summary.files_failed,
            0,
            "{} failed: {:?}",
            sample.display(),
            doc.files
        );
        let actual = serde_json::to_string_pretty(&doc).expect("json") + "\n";
        let golden = golden_name(sample);
        if update {
            std::fs::write(&golden, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if let Some(difference) = common::first_difference(&expected, &actual) {
            failures.push(format!(
                "{} differs from {} at {difference}",
                sample.display(),
                golden.display(),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(UPDATE_GOLDEN=1 regenerates after review)",
        failures.join("\n")
    );
}

#[test]
fn every_cell_of_every_sample_is_accounted_for() {
    let doc = normalise_paths(&[PathBuf::from("samples")], &options());
    for sheet in doc.files.iter().flat_map(|f| &f.sheets) {
        let c = &sheet.cells;
        assert_eq!(
            c.read,
            c.mapped + c.extra + c.skipped_total(),
            "sheet {}: {c:?}",
            sheet.sheet
        );
        assert!(
            !c.skipped.contains_key("unused by the record"),
            "sheet {} lost cells: {c:?}",
            sheet.sheet
        );
        assert!(
            !c.skipped.contains_key("outside any table"),
            "sheet {}: {c:?}",
            sheet.sheet
        );
    }
}

#[test]
fn folder_run_equals_the_sum_of_single_files() {
    let whole = normalise_paths(&[PathBuf::from("samples")], &options());
    let (mut risks, mut measures, mut observations) = (0, 0, 0);
    for s in samples() {
        let d = normalise_paths(&[s], &options());
        risks += d.risks.len();
        measures += d.measures.len();
        observations += d.observations.len();
    }
    assert_eq!(
        (
            whole.risks.len(),
            whole.measures.len(),
            whole.observations.len()
        ),
        (risks, measures, observations)
    );
}

#[test]
fn parallel_reading_gives_the_same_document_as_one_thread() {
    let inputs = [PathBuf::from("samples")];
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let doc = pool.install(|| normalise_and_check(&inputs, &options()).unwrap());
        serde_json::to_string(&doc).unwrap()
    };
    assert_eq!(run(1), run(4));
}

/// `normalise` moves risks to temporary files as it reads them; the document it writes is the
/// one held in memory, byte for byte.
#[test]
fn spilled_document_is_written_as_the_one_in_memory() {
    let inputs = [PathBuf::from("samples")];
    let in_memory = normalise_and_check(&inputs, &options()).unwrap();
    let spilled = goldthread::normalise_and_check_spilled(&inputs, &options(), &|_, _| {}).unwrap();
    assert!(in_memory.risks.len() > 20);
    assert!(spilled.doc.risks.is_empty(), "risks were moved out");
    assert_eq!(spilled.doc.summary, in_memory.summary);
    assert_eq!(
        serde_json::to_string_pretty(&spilled).unwrap(),
        serde_json::to_string_pretty(&in_memory).unwrap()
    );
}
