//! Benchmarking and the two-year series on the fixtures of `tests/fixtures/benchmarks/`
//! (written by `cargo run --example make_benchmark_fixtures`): the documented rank, quartile,
//! median and England value of every matched measure, worked out here by hand from the tables
//! themselves; the findings; the JSON and the Corporate Performance sheet read back; eight
//! quarters from the history and the direction against the same quarter last year.

#[path = "../examples/make_benchmark_fixtures.rs"]
#[allow(dead_code)]
mod make_benchmark_fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;

use make_benchmark_fixtures as fx;

const DIR: &str = "tests/fixtures/benchmarks";

fn goldthread(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .current_dir(DIR)
        .args(args)
        .output()
        .expect("goldthread runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Consolidates the fixtures' return with both benchmark tables and the history.
fn consolidated(dir: &Path) -> (Value, PathBuf) {
    let json = dir.join("corporate.json");
    let xlsx = dir.join("corporate.xlsx");
    goldthread(&[
        "consolidate",
        "returns",
        "--config",
        "goldthread.toml",
        "--period",
        "2024-25 Q2",
        "--as-of",
        "2024-11-15",
        "--benchmarks",
        "lginform_comparators.csv",
        "data_team_processing_times.xlsx",
        "--history",
        "history/2023-24 Q2",
        "history/2023-24 Q4",
        "-o",
        xlsx.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "-q",
    ]);
    let c = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (c, xlsx)
}

fn line<'a>(c: &'a Value, id: &str) -> &'a Value {
    c["performance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["measure_id"] == id)
        .unwrap_or_else(|| panic!("{id} is on the report"))
}

/// The latest year's values of an indicator in the LG Inform table, by area code, read with
/// nothing but the csv crate.
fn table(indicator: &str, year: &str) -> Vec<(String, f64)> {
    let mut r = csv::Reader::from_path(Path::new(DIR).join("lginform_comparators.csv")).unwrap();
    r.records()
        .map(Result::unwrap)
        .filter(|x| &x[3] == indicator && &x[2] == year)
        .map(|x| (x[0].to_string(), x[6].parse().unwrap()))
        .collect()
}

/// What README.md documents, worked out the long way: sort the group best first; the rank is
/// the place of the first value equal to the council's; the quartile is ceil(4 * rank / n);
/// the median is of the comparators alone.
fn by_hand(values: &[(String, f64)], lower_is_better: bool) -> (usize, usize, u64, f64) {
    let own = values.iter().find(|(c, _)| c == fx::COUNCIL.0).unwrap().1;
    let codes: Vec<&str> = fx::COMPARATORS.iter().map(|c| c.0).collect();
    let mut group: Vec<f64> = values
        .iter()
        .filter(|(c, _)| codes.contains(&c.as_str()))
        .map(|(_, v)| *v)
        .collect();
    let mut comparators = group.clone();
    comparators.sort_by(f64::total_cmp);
    let n = comparators.len();
    let median = if n.is_multiple_of(2) {
        (comparators[n / 2 - 1] + comparators[n / 2]) / 2.0
    } else {
        comparators[n / 2]
    };
    group.push(own);
    group.sort_by(|a, b| {
        if lower_is_better {
            a.total_cmp(b)
        } else {
            b.total_cmp(a)
        }
    });
    let rank = group.iter().position(|v| *v == own).unwrap() + 1;
    let n = group.len();
    let quartile = ((4 * rank) as f64 / n as f64).ceil() as u64;
    (rank, n, quartile, median)
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn committed_fixtures_are_current() {
    let dir = tempfile::tempdir().unwrap();
    fx::write_fixtures(dir.path()).unwrap();
    for name in [
        "lginform_comparators.csv",
        "data_team_processing_times.xlsx",
        "comparators.csv",
        "catalogue.xlsx",
        "goldthread.toml",
        "returns/place_kpis.csv",
        "history/2023-24 Q2/place_kpis.csv",
        "history/2023-24 Q4/place_kpis.csv",
    ] {
        let fresh = std::fs::read(dir.path().join(name)).unwrap();
        let committed = std::fs::read(Path::new(DIR).join(name)).unwrap_or_default();
        assert!(
            fresh == committed,
            "stale fixture {name}: run `cargo run --example make_benchmark_fixtures`"
        );
    }
}

#[test]
fn every_matched_measure_has_the_documented_rank_quartile_median_and_england() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = consolidated(dir.path());
    let latest = fx::YEARS[2];
    let cases = [
        // (measure, indicator, lower is better, rank, of, quartile, median, England)
        (
            "BM01",
            fx::indicators()[0].name,
            false,
            4,
            17,
            1,
            73.75,
            Some(75.1),
        ),
        (
            "BM02",
            fx::indicators()[1].name,
            true,
            6,
            16,
            2,
            2.75,
            Some(3.9),
        ),
        (
            "BM03",
            fx::indicators()[2].name,
            false,
            4,
            17,
            1,
            47.5,
            None,
        ),
    ];
    for (id, indicator, lower, rank, n, quartile, median, england) in cases {
        let b = &line(&c, id)["benchmark"];
        // The hand-worked figures above are what the table gives, the long way.
        assert_eq!(
            by_hand(&table(indicator, latest), lower),
            (rank, n, quartile, median),
            "{id}"
        );
        assert_eq!(b["period"], "2023-24", "{id}");
        assert_eq!(b["rank"], rank, "{id}");
        assert_eq!(b["group_size"], n, "{id}");
        assert_eq!(b["quartile"], quartile, "{id}");
        assert!(close(&b["median"], median), "{id}: {b}");
        match england {
            Some(e) => assert!(close(&b["england"], e), "{id}: {b}"),
            None => assert!(b["england"].is_null(), "{id}: {b}"),
        }
        assert_eq!(
            b["polarity"],
            if lower {
                "lower_is_better"
            } else {
                "higher_is_better"
            }
        );
    }
    // The data team's workbook (lower is better): comparators 15 to 30 days, Eastmere 20.
    let b = &line(&c, "BM04")["benchmark"];
    let own = fx::processing(None, 1);
    let better = (0..16)
        .filter(|i| fx::processing(Some(*i), 1) < own)
        .count();
    assert_eq!(better, 5);
    assert_eq!(
        (b["rank"].as_u64(), b["group_size"].as_u64()),
        (Some(6), Some(17))
    );
    assert_eq!(b["quartile"], 2); // ceil(24 / 17)
    assert!(close(&b["median"], 22.5) && close(&b["england"], fx::PROCESSING_ENGLAND[1]));
    assert_eq!(b["file"], "data_team_processing_times.xlsx");
}

#[test]
fn a_tie_shares_its_rank() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = consolidated(dir.path());
    let values = table(fx::indicators()[2].name, fx::YEARS[2]);
    let own = values.iter().find(|(c, _)| c == fx::COUNCIL.0).unwrap().1;
    let tied: Vec<&str> = values
        .iter()
        .filter(|(code, v)| *v == own && code != fx::COUNCIL.0)
        .map(|(code, _)| code.as_str())
        .collect();
    assert_eq!(tied, ["E06000914"], "Kingsmere ties with Eastmere");
    // Three are better; Eastmere and Kingsmere are both 4th, and the next is 6th ("1224").
    assert_eq!(line(&c, "BM03")["benchmark"]["rank"], 4);
}

#[test]
fn findings_name_a_missing_indicator_council_and_comparator() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = consolidated(dir.path());
    let findings = c["findings"].as_array().unwrap();
    let about = |rule: &str| -> Vec<(&str, &str)> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| {
                (
                    f["record_id"].as_str().unwrap(),
                    f["severity"].as_str().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(about("benchmark-area-missing"), [("BM05", "warning")]);
    assert_eq!(
        about("benchmark-indicator-not-found"),
        [("BM06", "warning")]
    );
    assert_eq!(about("benchmark-comparator-missing"), [("BM02", "info")]);
    assert!(line(&c, "BM05")["benchmark"].is_null());
    assert!(line(&c, "BM06")["benchmark"].is_null());
    let missing = &line(&c, "BM02")["benchmark"]["comparators_missing"];
    assert_eq!(missing[0], "E06000917 Newstead-on-Sea");
}

#[test]
fn history_gives_eight_quarters_and_the_year_on_year_direction() {
    let dir = tempfile::tempdir().unwrap();
    let (c, xlsx) = consolidated(dir.path());
    for (m, (id, ..)) in fx::MEASURES.iter().enumerate() {
        let series: Vec<(String, f64)> = line(&c, id)["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["period"].as_str().unwrap().to_string(),
                    p["actual"].as_f64().unwrap(),
                )
            })
            .collect();
        let want: Vec<(String, f64)> = fx::QUARTERS
            .iter()
            .enumerate()
            .map(|(q, p)| (p.to_string(), fx::actual(m, q)))
            .collect();
        // The current return's 2023-24 Q4 wins over the history's restated one.
        assert_eq!(series, want, "{id}");
    }
    // Recycling: 47 -> 50.5 this quarter (improving), but 55 a year ago (worsening).
    let bm03 = line(&c, "BM03");
    assert_eq!(bm03["direction"], "improving");
    assert_eq!(bm03["direction_year"], "worsening");
    // Temporary accommodation (lower is better) falls each quarter.
    assert_eq!(line(&c, "BM02")["direction_year"], "improving");
    let restated: Vec<&Value> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "history-restated")
        .collect();
    assert_eq!(restated.len(), 1, "{restated:?}");
    assert_eq!(restated[0]["record_id"], "BM01");
    assert!(restated[0]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("gave {}", fx::RESTATED)));

    // The sheet: eight blocks in the trend, and the year-on-year direction.
    let rows = performance_rows(&xlsx);
    let row = rows.iter().find(|r| r[1] == "BM03").unwrap();
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(row[col("Trend")].chars().count(), 8, "{row:?}");
    assert_eq!(row[col("Year on year")], "↓ Worsening");
}

/// The Corporate Performance sheet from its header row on, every cell as text.
fn performance_rows(xlsx: &Path) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(xlsx).unwrap();
    let range = wb.worksheet_range("Corporate Performance").unwrap();
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        other => other.to_string(),
    };
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let start = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Directorate"))
        .unwrap();
    rows[start..].to_vec()
}

#[test]
fn the_sheet_shows_median_rank_quartile_and_england() {
    let dir = tempfile::tempdir().unwrap();
    let (_, xlsx) = consolidated(dir.path());
    let rows = performance_rows(&xlsx);
    let head = rows[0].clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let row = |id: &str| rows.iter().find(|r| r[1] == id).unwrap().clone();
    let bm01 = row("BM01");
    assert_eq!(bm01[col("Benchmark")], "76.2");
    assert_eq!(bm01[col("Benchmark period")], "2023-24");
    assert_eq!(bm01[col("Comparator median")], "73.75");
    assert_eq!(bm01[col("Rank")], "4 of 17");
    assert_eq!(bm01[col("Quartile")], "1");
    assert_eq!(bm01[col("England")], "75.1");
    let bm02 = row("BM02");
    assert_eq!(
        (bm02[col("Rank")].as_str(), bm02[col("Quartile")].as_str()),
        ("6 of 16", "2")
    );
    assert_eq!(row("BM05")[col("Rank")], "");
}

#[test]
fn export_carries_each_measures_benchmark() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.json");
    goldthread(&[
        "export",
        "returns",
        "--config",
        "goldthread.toml",
        "--period",
        "2024-25 Q2",
        "--as-of",
        "2024-11-15",
        "--benchmarks",
        "lginform_comparators.csv",
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let m = doc["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "BM02")
        .unwrap();
    assert_eq!(m["extra"]["benchmark_rank"], "6 of 16");
    assert_eq!(m["extra"]["benchmark_quartile"], "2");
    assert_eq!(m["extra"]["benchmark_england"], "3.9");
}

#[test]
fn benchmarks_named_in_the_configuration_are_read_and_not_taken_for_returns() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("goldthread.toml");
    let fixtures = std::fs::canonicalize(DIR).unwrap();
    std::fs::write(
        &config,
        format!(
            "catalogue = {:?}\nbenchmarks = [{:?}]\n[benchmark]\narea_code = \"E06000901\"\ncomparators = {:?}\n",
            fixtures.join("catalogue.xlsx"),
            fixtures.join("lginform_comparators.csv"),
            fx::COMPARATORS.iter().map(|c| c.0).collect::<Vec<_>>(),
        ),
    )
    .unwrap();
    let json = dir.path().join("c.json");
    // The whole fixtures folder as the input: the tables it names are not returns.
    goldthread(&[
        "consolidate",
        ".",
        "--config",
        config.to_str().unwrap(),
        "--period",
        "2024-25 Q2",
        "--as-of",
        "2024-11-15",
        "-o",
        dir.path().join("c.xlsx").to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "-q",
    ]);
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let files: Vec<&str> = c["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("lginform") || f.contains("catalogue")),
        "{files:?}"
    );
    assert_eq!(line(&c, "BM01")["benchmark"]["rank"], 4);
}

#[test]
fn a_consolidation_json_serves_as_history() {
    let dir = tempfile::tempdir().unwrap();
    let earlier = dir.path().join("2023-24 Q4.json");
    let now = dir.path().join("now.json");
    let xlsx = dir.path().join("x.xlsx");
    let (earlier_s, now_s, xlsx_s) = (
        earlier.to_str().unwrap(),
        now.to_str().unwrap(),
        xlsx.to_str().unwrap(),
    );
    let common = ["--config", "goldthread.toml", "-o", xlsx_s, "-q"];
    let mut first = vec![
        "consolidate",
        "history/2023-24 Q4",
        "--period",
        "2023-24 Q4",
    ];
    first.extend(["--as-of", "2024-05-15", "--json", earlier_s]);
    first.extend(common);
    goldthread(&first);
    let mut second = vec!["consolidate", "returns", "--period", "2024-25 Q2"];
    second.extend([
        "--as-of",
        "2024-11-15",
        "--json",
        now_s,
        "--history",
        earlier_s,
    ]);
    second.extend(common);
    goldthread(&second);
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&now).unwrap()).unwrap();
    let bm03 = line(&c, "BM03");
    let periods: Vec<&str> = bm03["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    // The earlier quarter's return held 2023-24 Q1 to Q4; this one 2023-24 Q4 to 2024-25 Q2.
    assert_eq!(periods, &fx::QUARTERS[2..]);
    assert_eq!(bm03["direction_year"], "worsening");
}

#[test]
fn benchmarks_without_the_councils_area_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("goldthread.toml");
    std::fs::write(&config, "[framework]\ncouncil = \"Eastmere\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .current_dir(DIR)
        .args([
            "consolidate",
            "returns",
            "--config",
            config.to_str().unwrap(),
        ])
        .args(["--as-of", "2024-11-15", "-q", "-o"])
        .arg(dir.path().join("c.xlsx"))
        .args(["--benchmarks", "lginform_comparators.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("area_code"), "{stderr}");
    assert!(!dir.path().join("c.xlsx").exists());
}
