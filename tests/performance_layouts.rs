//! Performance data laid out as public bodies publish it, read with no profile: each fixture of
//! `tests/fixtures/performance/` (written by `cargo run --example make_performance_fixtures`)
//! normalises to the measures, observations, periods and dimensions it holds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use goldthread::normalise::Options;
use goldthread::normalise_and_check;
use goldthread::schema::{Direction, Observation, Rag, Unit};
use goldthread::Document;

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/performance").join(name)
}

fn read_with(name: &str, opts: &Options) -> Document {
    let doc = normalise_and_check(&[fixture(name)], opts).expect("checks run");
    assert_eq!(doc.summary.files_failed, 0, "{name}: {:?}", doc.files);
    doc
}

fn read(name: &str) -> Document {
    read_with(
        name,
        &Options {
            as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
            ..Default::default()
        },
    )
}

fn dims(o: &Observation) -> Vec<(&str, &str)> {
    o.dimensions
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn rules(doc: &Document) -> BTreeMap<&str, usize> {
    let mut count = BTreeMap::new();
    for f in &doc.findings {
        *count.entry(f.rule.as_str()).or_insert(0) += 1;
    }
    count
}

#[test]
fn areas_and_quintiles_split_one_measure() {
    let doc = read("long_area_and_quintile.csv");
    assert_eq!(doc.measures.len(), 1, "{:?}", doc.measures);
    let m = &doc.measures[0];
    assert_eq!(m.title.as_deref(), Some("Adults who smoke (%)"));
    assert_eq!(m.unit, Some(Unit::Percent));
    // 3 years x 4 areas x 3 quintiles, every one its own series point.
    assert_eq!(doc.observations.len(), 36);
    let o = &doc.observations[0];
    assert_eq!(
        dims(o),
        [
            ("area", "Eastmere"),
            ("area_code", "E09000901"),
            ("imd_quintile", "Quintile 1")
        ]
    );
    assert_eq!(o.period.as_deref(), Some("2021-22"));
    assert_eq!(o.actual, Some(24.0));
    assert_eq!(o.source.cell.as_deref(), Some("G2"));
    // "compared_to_England" judges a value; it splits nothing.
    assert!(doc
        .observations
        .iter()
        .all(|o| !o.dimensions.contains_key("compared_to_england")));
    // Values of different areas are not a series: no jump between areas is found.
    assert!(!rules(&doc).contains_key("value-jump"), "{:?}", rules(&doc));
}

#[test]
fn month_first_dates_in_windows_1252_are_read_per_column() {
    let doc = read("long_monthly_month_first_cp1252.csv");
    // One title in two departments is two measures; a title within one department is one.
    assert_eq!(doc.measures.len(), 3);
    let titles: Vec<_> = doc
        .measures
        .iter()
        .map(|m| {
            (
                m.title.as_deref().unwrap(),
                m.directorate.as_deref().unwrap(),
            )
        })
        .collect();
    assert!(titles.contains(&(
        "Café and street trading licences issued",
        "Streets and Parks"
    )));
    assert!(titles.contains(&("Potholes repaired within 48 hours (%)", "Customer Services")));
    assert_eq!(doc.observations.len(), 18);
    let periods: Vec<_> = doc.observations[..6]
        .iter()
        .map(|o| o.period.as_deref().unwrap())
        .collect();
    // 1/13/2016 .. 6/15/2016: month first, and months (not quarters) throughout.
    assert_eq!(
        periods,
        ["2016-01", "2016-02", "2016-03", "2016-04", "2016-05", "2016-06"]
    );
}

#[test]
fn a_row_per_measure_per_financial_year_with_semicolons() {
    let doc = read("fy_rows_semicolon.csv");
    assert_eq!(doc.measures.len(), 2);
    assert_eq!(doc.observations.len(), 6);
    let o = &doc.observations[1];
    assert_eq!(o.period.as_deref(), Some("2018-19"));
    assert_eq!(
        (
            o.period_start.unwrap().to_string(),
            o.period_end.unwrap().to_string()
        ),
        ("2018-04-01".to_string(), "2019-03-31".to_string())
    );
    assert_eq!((o.actual, o.target), (Some(400.5), Some(400.0)));
}

#[test]
fn every_period_form_is_read() {
    let doc = read("period_forms.csv");
    let mut by_measure: BTreeMap<&str, Vec<(&str, String, String)>> = BTreeMap::new();
    for o in &doc.observations {
        by_measure.entry(&o.measure_id).or_default().push((
            o.period.as_deref().unwrap(),
            o.period_start.unwrap().to_string(),
            o.period_end.unwrap().to_string(),
        ));
    }
    let first = |id: &str| by_measure[id][0].clone();
    let t = |p: &'static str, a: &str, b: &str| (p, a.to_string(), b.to_string());
    assert_eq!(
        first("employment-rate-16-64"),
        t("2021-22", "2021-04-01", "2022-03-31")
    );
    assert_eq!(
        first("healthy-life-expectancy-at-birth"),
        t("2015 to 2017", "2015-01-01", "2017-12-31")
    );
    assert_eq!(
        first("homes-built-five-year-total"),
        t("2013-14 to 2017-18", "2013-04-01", "2018-03-31")
    );
    assert_eq!(
        first("universal-credit-claimants"),
        t("2021-04", "2021-04-01", "2021-04-30")
    );
    assert_eq!(
        first("residents-who-are-physically-active"),
        t("2020", "2020-01-01", "2020-12-31")
    );
    assert_eq!(doc.observations.len(), 20);
    // Measures of different cadences in one table do not miss each other's periods.
    assert!(
        !rules(&doc).contains_key("period-not-reported"),
        "{:?}",
        rules(&doc)
    );
}

#[test]
fn value_columns_side_by_side_are_measures_of_their_own() {
    let doc = read("values_side_by_side.csv");
    let ids: Vec<_> = doc.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "licensed-vehicles-electric-and-all/electric",
            "licensed-vehicles-electric-and-all/all-vehicles"
        ]
    );
    assert_eq!(doc.observations.len(), 18);
    let cells: Vec<_> = doc.observations[..2]
        .iter()
        .map(|o| (o.source.cell.as_deref().unwrap(), o.actual.unwrap()))
        .collect();
    assert_eq!(cells, [("E2", 1200.0), ("F2", 90000.0)]);
    // A quarter's last day names the quarter.
    assert_eq!(doc.observations[0].period.as_deref(), Some("2023-24 Q1"));
    // Every cell read is accounted for once, however many measures a row makes.
    let c = &doc.summary.cells;
    assert_eq!(c.read, c.mapped + c.extra + c.skipped_total());
}

#[test]
fn a_measure_type_column_splits_one_title_into_two_measures() {
    let doc = read("measure_type_splits_title.csv");
    assert_eq!(doc.measures.len(), 2);
    assert_eq!(doc.measures[0].unit, Some(Unit::Percent));
    assert!(doc
        .measures
        .iter()
        .all(|m| m.title.as_deref()
            == Some("Household waste sent for reuse, recycling or composting")));
    assert_eq!(doc.observations.len(), 12);
    assert!(doc
        .observations
        .iter()
        .all(|o| dims(o).len() == 1 && o.dimensions.contains_key("area")));
}

#[test]
fn a_kpi_table_with_no_period_keeps_its_values_and_says_so() {
    let doc = read("kpi_snapshot_no_period.xlsx");
    assert_eq!(doc.measures.len(), 5);
    let obs: Vec<_> = doc
        .observations
        .iter()
        .map(|o| (o.measure_id.as_str(), o.period.clone(), o.actual, o.target))
        .collect();
    assert_eq!(
        obs,
        [
            ("TC1", None, Some(31.0), Some(40.0)),
            ("TC2", None, Some(21350.0), Some(22000.0)),
            ("SK1", None, None, Some(1200.0)),
            ("SK2", None, Some(212400.0), Some(250000.0)),
            ("HO1", None, Some(96.0), Some(150.0)),
        ]
    );
    let said: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.rule == "period-unknown")
        .collect();
    assert_eq!(said.len(), 1, "said once for the table: {said:?}");
    assert!(said[0].message.contains("--period"), "{}", said[0].message);

    // --period names it.
    let opts = Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        period: goldthread::values::parse_period("2024-25 Q2", 4, None),
        ..Default::default()
    };
    let named = read_with("kpi_snapshot_no_period.xlsx", &opts);
    assert!(named
        .observations
        .iter()
        .all(|o| o.period.as_deref() == Some("2024-25 Q2")));
    assert!(!named.findings.iter().any(|f| f.rule == "period-unknown"));
}

#[test]
fn a_dashboards_future_quarters_and_latest_rag_belong_where_the_values_are() {
    let doc = read("dashboard_future_quarters.xlsx");
    let obs: Vec<_> = doc
        .observations
        .iter()
        .map(|o| {
            (
                o.measure_id.as_str(),
                o.period.as_deref().unwrap(),
                o.actual,
                o.rag_source.map(|_| o.rag),
                o.direction,
            )
        })
        .collect();
    use goldthread::schema::RagSource;
    let reported = |id: &str, p: &str| {
        doc.observations
            .iter()
            .find(|o| o.measure_id == id && o.period.as_deref() == Some(p))
            .map(|o| (o.rag, o.rag_source))
    };
    // Q3 and Q4 hold "-": no observation for them.
    assert_eq!(obs.len(), 5, "{obs:?}");
    assert!(obs
        .iter()
        .all(|o| o.1 == "2024-25 Q1" || o.1 == "2024-25 Q2"));
    // "Latest RAG" and "DoT" are Q2's where Q2 has a value, Q1's where only Q1 has.
    assert_eq!(
        reported("CP01", "2024-25 Q2"),
        Some((Some(Rag::Green), Some(RagSource::Reported)))
    );
    assert_eq!(
        reported("CP03", "2024-25 Q1"),
        Some((Some(Rag::Green), Some(RagSource::Reported)))
    );
    let dot = |id: &str, p: &str| {
        doc.observations
            .iter()
            .find(|o| o.measure_id == id && o.period.as_deref() == Some(p))
            .and_then(|o| o.direction)
    };
    assert_eq!(dot("CP02", "2024-25 Q2"), Some(Direction::Improving));
    assert_eq!(dot("CP03", "2024-25 Q1"), Some(Direction::NoChange));
}

#[test]
fn dimensions_are_exported_as_a_column_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(["export", "-q", "--as-of", "2024-11-15", "-o"])
        .arg(&out)
        .arg(fixture("values_side_by_side.csv"))
        .status()
        .expect("goldthread runs");
    assert!(status.success());
    let text = std::fs::read_to_string(out.join("observations.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = headers
        .iter()
        .position(|h| h == "dimensions")
        .expect("a dimensions column");
    let first = reader.records().next().unwrap().unwrap();
    let dims: BTreeMap<String, String> = serde_json::from_str(&first[at]).unwrap();
    assert_eq!(dims["area"], "Eastmere");
    assert_eq!(dims["area_code"], "E09000901");
}

#[test]
fn a_measures_catalogue_fills_in_the_golden_thread() {
    let config = goldthread::config::Config::load(Path::new("samples/goldthread.toml")).unwrap();
    let base = Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        config,
        ..Default::default()
    };
    let catalogue = goldthread::normalise::catalogue::Catalogue::load(
        Path::new("tests/fixtures/catalogue/eastmere_measures_catalogue.xlsx"),
        &base,
    )
    .expect("the catalogue reads");
    assert_eq!(catalogue.measures.len(), 6);
    let opts = Options {
        catalogue: Some(catalogue),
        ..base.clone()
    };
    let samples = [
        PathBuf::from("samples/adults_performance.xlsx"),
        PathBuf::from("samples/childrens_performance.xlsx"),
        PathBuf::from("samples/place_performance.xlsx"),
    ];
    let without = normalise_and_check(&samples, &base).unwrap();
    let doc = normalise_and_check(&samples, &opts).unwrap();
    let measure = |d: &Document, id: &str| d.measures.iter().find(|m| m.id == id).cloned().unwrap();

    // What the return leaves out, the catalogue fills: CS01's theme and priority, ASC01's kind.
    assert_eq!(measure(&without, "CS01").theme, None);
    let cs01 = measure(&doc, "CS01");
    assert_eq!(cs01.theme.as_deref(), Some("Helping People"));
    assert_eq!(cs01.priority.as_deref(), Some("Children are safe"));
    assert_eq!(measure(&without, "ASC01").kind, None);
    assert_eq!(
        measure(&doc, "ASC01").kind,
        Some(goldthread::schema::MeasureKind::Kpi)
    );
    // The catalogue's target where the return states none, and RAG judged by it.
    let q3 = |d: &Document| {
        d.observations
            .iter()
            .find(|o| o.measure_id == "CS01" && o.period.as_deref() == Some("2023-24 Q3"))
            .map(|o| (o.target, o.rag))
            .unwrap()
    };
    assert_eq!(q3(&without), (None, None));
    // 24.1 against 24, lower is better: within the 5% tolerance.
    assert_eq!(q3(&doc), (Some(24.0), Some(Rag::Amber)));

    let hits = |rule: &str| -> Vec<String> {
        doc.findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.record_id.clone().unwrap_or_default())
            .collect()
    };
    // A different target is a finding at each period it differs; the title-only match is said.
    assert_eq!(hits("target-differs-from-catalogue"), ["CS02", "CS02"]);
    assert_eq!(hits("catalogue-matched-by-title"), ["PL05"]);
    assert_eq!(hits("catalogue-measure-not-reported"), ["PL99"]);
    // Measures of these returns that the catalogue lacks: every one but the five it has.
    let lacking = hits("measure-not-in-catalogue");
    assert!(lacking.contains(&"ASC02".to_string()) && !lacking.contains(&"CS01".to_string()));
    assert_eq!(lacking.len(), doc.measures.len() - 5);
}

#[test]
fn record_numbers_are_not_measures_and_a_month_goes_with_its_year() {
    let doc = read("row_numbers_year_and_month.csv");
    let ids: Vec<_> = doc.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["library-visits", "calls-answered"]);
    let periods: Vec<_> = doc.observations[..4]
        .iter()
        .map(|o| o.period.as_deref().unwrap())
        .collect();
    assert_eq!(periods, ["2019-01", "2019-02", "2019-03", "2019-04"]);
    // The record number is kept, as written, with the measure.
    assert_eq!(
        doc.measures[0].extra.get("Record ID").map(String::as_str),
        Some("5001")
    );
}
