//! Writes the benchmarking and history fixtures of `tests/fixtures/benchmarks/`, for the
//! fictional Eastmere Borough Council (area code E06000901) and its sixteen comparators:
//!
//! - `lginform_comparators.csv`: an LG Inform-style long table (area_code, area_name, period,
//!   indicator, measure, unit, value) of England, the comparators and Eastmere, for four
//!   indicators over three years: employment (higher is better), temporary accommodation (lower
//!   is better; one comparator missing in the latest year), recycling (a tie with Eastmere, no
//!   England value) and rough sleeping (no value for Eastmere at all);
//! - `data_team_processing_times.xlsx`: a council data team's table under a title row, with
//!   area codes and names, financial years and one indicator (lower is better);
//! - `comparators.csv`: the comparator group, area code and name;
//! - `catalogue.xlsx`: the measures catalogue, each measure's benchmark indicator written as
//!   people write them (other case, other punctuation), one naming an indicator no table holds;
//! - `returns/place_kpis.csv`: this quarter's return (2023-24 Q4 to 2024-25 Q2);
//! - `history/2023-24 Q2/` and `history/2023-24 Q4/`: two earlier quarters' returns, which with
//!   this one give eight quarters; one restates 2023-24 Q4 of BM01 differently;
//! - `goldthread.toml`: the `[benchmark]` section.
//!
//! Run `cargo run --example make_benchmark_fixtures [OUT_DIR]`; every file is reproducible
//! byte for byte. `tests/benchmarks.rs` reads them back and works out the ranks by hand.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook};

type Res<T = ()> = Result<T, Box<dyn Error>>;

#[path = "common/workbook.rs"]
mod workbook_properties;
use workbook_properties::dated_workbook;

/// The council.
pub const COUNCIL: (&str, &str) = ("E06000901", "Eastmere");
/// England.
pub const ENGLAND: (&str, &str) = ("E92000001", "England");
/// The comparator group, in the order of the comparators file.
pub const COMPARATORS: [(&str, &str); 16] = [
    ("E06000902", "Northwick"),
    ("E06000903", "Southmoor"),
    ("E06000904", "Westerby"),
    ("E06000905", "Ashcombe"),
    ("E06000906", "Brackley Vale"),
    ("E06000907", "Castlebridge"),
    ("E06000908", "Dunmore"),
    ("E06000909", "Elmstead"),
    ("E06000910", "Fernhollow"),
    ("E06000911", "Greyhaven"),
    ("E06000912", "Hartwell"),
    ("E06000913", "Ivybridge Marsh"),
    ("E06000914", "Kingsmere"),
    ("E06000915", "Longford St. Mary"),
    ("E06000916", "Marlow Heath"),
    ("E06000917", "Newstead-on-Sea"),
];
/// The years of the LG Inform table, oldest first.
pub const YEARS: [&str; 3] = ["2021/22", "2022/23", "2023/24"];

/// One indicator of the LG Inform table: its name, measure, unit and values by year.
pub struct Indicator {
    pub name: &'static str,
    pub measure: &'static str,
    pub unit: &'static str,
    /// Comparator `i`'s value in year `y`, or none.
    pub comparator: fn(usize, usize) -> Option<f64>,
    pub council: fn(usize) -> Option<f64>,
    pub england: fn(usize) -> Option<f64>,
}

/// Rounded to two places, so the CSV writes the value the test reads.
fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The indicators, with values that rank Eastmere where the test says by hand.
pub fn indicators() -> [Indicator; 4] {
    [
        // Higher is better. Latest year: comparators 70.0, 70.5 ... 77.5; Eastmere 76.2, so
        // three are better: rank 4 of 17.
        Indicator {
            name: "Percentage of adults aged 16-64 in employment",
            measure: "Percentage",
            unit: "Persons",
            comparator: |i, y| Some(r2(70.0 + i as f64 * 0.5 - (2 - y) as f64 * 0.3)),
            council: |y| Some(r2(76.2 - (2 - y) as f64 * 0.4)),
            england: |y| Some(r2(75.1 - (2 - y) as f64 * 0.2)),
        },
        // Lower is better. Latest year: comparators 1.00, 1.25 ... 4.50 (Newstead-on-Sea has no
        // value); Eastmere 2.10, so five are better: rank 6 of 16.
        Indicator {
            name: "Households in temporary accommodation per 1,000 households",
            measure: "Rate per 1,000",
            unit: "Households",
            comparator: |i, y| {
                (y < 2 || i < 15).then(|| r2(1.0 + i as f64 * 0.25 + (2 - y) as f64 * 0.1))
            },
            council: |y| Some(r2(2.1 + (2 - y) as f64 * 0.2)),
            england: |y| Some(r2(3.9 - (2 - y) as f64 * 0.1)),
        },
        // Higher is better, and a tie. Latest year: comparators 40 ... 53, then 55 and 55;
        // Eastmere 52, equal to Kingsmere's 52: three are better, both rank 4 of 17. No
        // England value.
        Indicator {
            name: "Household waste sent for reuse, recycling or composting",
            measure: "Percentage",
            unit: "Tonnes",
            comparator: |i, y| {
                let v = if i >= 14 { 55.0 } else { 40.0 + i as f64 };
                Some(v - (2 - y) as f64)
            },
            council: |y| Some(52.0 - (2 - y) as f64),
            england: |_| None,
        },
        // No value for Eastmere in any year.
        Indicator {
            name: "Rough sleepers counted on a single night",
            measure: "Count",
            unit: "Persons",
            comparator: |i, y| Some((3 + i % 5 + y) as f64),
            council: |_| None,
            england: |y| Some((3069 + y * 400) as f64),
        },
    ]
}

/// The data team's table: lower is better. Latest year: comparators 15 ... 30 days; Eastmere
/// 20, so five are better: rank 6 of 17.
pub const PROCESSING: &str = "Average days to process new benefit claims";
pub const PROCESSING_YEARS: [&str; 2] = ["2022/23", "2023/24"];
pub fn processing(area: Option<usize>, y: usize) -> f64 {
    let base = match area {
        Some(i) => 15.0 + i as f64,
        None => 20.0,
    };
    base + (1 - y) as f64 * 2.0
}
pub const PROCESSING_ENGLAND: [f64; 2] = [21.0, 19.0];

/// One CSV line, quoting what needs it.
fn line(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| {
            if f.contains(',') || f.contains('"') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn lginform(dir: &Path) -> Res {
    let mut out = vec!["area_code,area_name,period,indicator,measure,unit,value".to_string()];
    for ind in indicators() {
        for (y, year) in YEARS.iter().enumerate() {
            let mut rows: Vec<(&str, &str, Option<f64>)> =
                vec![(ENGLAND.0, ENGLAND.1, (ind.england)(y))];
            for (i, (code, name)) in COMPARATORS.iter().enumerate() {
                rows.push((code, name, (ind.comparator)(i, y)));
            }
            rows.push((COUNCIL.0, COUNCIL.1, (ind.council)(y)));
            for (code, name, v) in rows {
                let Some(v) = v else { continue };
                out.push(line(&[
                    code.into(),
                    name.into(),
                    year.to_string(),
                    ind.name.into(),
                    ind.measure.into(),
                    ind.unit.into(),
                    number(v),
                ]));
            }
        }
    }
    fs::write(dir.join("lginform_comparators.csv"), out.join("\n") + "\n")?;
    Ok(())
}

fn workbook(title: &str) -> Res<Workbook> {
    Ok(dated_workbook(
        title,
        "Eastmere Borough Council",
        None,
        (2024, 10, 15, 9, 0),
    )?)
}

fn data_team(dir: &Path) -> Res {
    let mut wb = workbook("Benefits benchmarking")?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Benchmarking")?;
    ws.write_string_with_format(
        0,
        0,
        "Benefits processing: CIPFA nearest neighbours (Policy and Insight team, October 2024)",
        &bold,
    )?;
    let head = ["Area Code", "Area Name", "Period", "Indicator", "Value"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let mut row = 3u32;
    for (y, year) in PROCESSING_YEARS.iter().enumerate() {
        let mut areas: Vec<(&str, &str, f64)> = vec![(ENGLAND.0, ENGLAND.1, PROCESSING_ENGLAND[y])];
        for (i, (code, name)) in COMPARATORS.iter().enumerate() {
            areas.push((code, name, processing(Some(i), y)));
        }
        areas.push((COUNCIL.0, COUNCIL.1, processing(None, y)));
        for (code, name, v) in areas {
            ws.write_string(row, 0, code)?;
            ws.write_string(row, 1, name)?;
            ws.write_string(row, 2, *year)?;
            ws.write_string(row, 3, PROCESSING)?;
            ws.write_number(row, 4, v)?;
            row += 1;
        }
    }
    wb.save(dir.join("data_team_processing_times.xlsx"))?;
    Ok(())
}

fn comparators(dir: &Path) -> Res {
    let mut out = vec!["area_code,area_name".to_string()];
    out.extend(
        COMPARATORS
            .iter()
            .map(|(c, n)| line(&[c.to_string(), n.to_string()])),
    );
    fs::write(dir.join("comparators.csv"), out.join("\n") + "\n")?;
    Ok(())
}

/// The catalogue's measures: reference, title, polarity, benchmark indicator as written.
pub const MEASURES: [(&str, &str, &str, &str); 6] = [
    (
        "BM01",
        "Residents aged 16-64 in employment",
        "Higher is better",
        "percentage of adults aged 16-64 in employment.",
    ),
    (
        "BM02",
        "Households in temporary accommodation (per 1,000)",
        "Lower is better",
        "Households in Temporary Accommodation per 1000 households",
    ),
    (
        "BM03",
        "Household recycling rate",
        "Higher is better",
        "Household waste sent for re-use, recycling or composting",
    ),
    (
        "BM04",
        "Days to process new benefit claims",
        "Lower is better",
        "Average days to process new benefit claims",
    ),
    (
        "BM05",
        "Rough sleepers on the annual count",
        "Lower is better",
        "Rough sleepers counted on a single night",
    ),
    (
        "BM06",
        "Library visits per 1,000 residents",
        "Higher is better",
        "Library visits per 1,000 population",
    ),
];

fn catalogue(dir: &Path) -> Res {
    let mut wb = workbook("Eastmere measures catalogue 2024/25")?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Catalogue")?;
    ws.write_string_with_format(0, 0, "Corporate Plan measures 2024/25", &bold)?;
    let head = [
        "Ref",
        "Measure",
        "Theme",
        "Type",
        "Polarity",
        "Directorate",
        "Benchmark",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (r, (id, title, polarity, bench)) in MEASURES.iter().enumerate() {
        let row = 3 + r as u32;
        ws.write_string(row, 0, *id)?;
        ws.write_string(row, 1, *title)?;
        ws.write_string(row, 2, "Shaping Places")?;
        ws.write_string(row, 3, "KPI")?;
        ws.write_string(row, 4, *polarity)?;
        ws.write_string(row, 5, "Place")?;
        ws.write_string(row, 6, *bench)?;
    }
    wb.save(dir.join("catalogue.xlsx"))?;
    Ok(())
}

/// The quarters of the two-year series, oldest first.
pub const QUARTERS: [&str; 8] = [
    "2022-23 Q3",
    "2022-23 Q4",
    "2023-24 Q1",
    "2023-24 Q2",
    "2023-24 Q3",
    "2023-24 Q4",
    "2024-25 Q1",
    "2024-25 Q2",
];

/// Measure `m`'s actual in quarter `q` of [`QUARTERS`].
pub fn actual(m: usize, q: usize) -> f64 {
    // Recycling peaks each summer: this quarter is up on the last, down on a year ago.
    if m == 2 {
        return [48.0, 49.0, 52.0, 55.0, 50.0, 49.0, 47.0, 50.5][q];
    }
    let bases = [74.0, 2.9, 48.0, 24.0, 9.0, 410.0];
    let steps = [0.25, -0.1, 0.5, -0.5, -1.0, 5.0];
    r2(bases[m] + steps[m] * q as f64)
}

/// BM01's 2023-24 Q4 as the earlier return had it, before this quarter's return restated it.
pub const RESTATED: f64 = 75.0;

/// A return of the quarters `qs` of [`QUARTERS`].
fn quarterly_return(path: &Path, qs: std::ops::Range<usize>, restate: bool) -> Res {
    let mut out = vec!["Ref,Measure,Directorate,Polarity,Period,Actual".to_string()];
    for (m, (id, title, polarity, _)) in MEASURES.iter().enumerate() {
        for q in qs.clone() {
            let v = if restate && m == 0 && q == 5 {
                RESTATED
            } else {
                actual(m, q)
            };
            out.push(line(&[
                id.to_string(),
                title.to_string(),
                "Place".into(),
                polarity.to_string(),
                QUARTERS[q].into(),
                number(v),
            ]));
        }
    }
    fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    fs::write(path, out.join("\n") + "\n")?;
    Ok(())
}

const CONFIG: &str = r#"# Eastmere's comparators, for the benchmarking fixtures.
catalogue = "catalogue.xlsx"

[[framework.directorates]]
name = "Place"

[benchmark]
area_code = "E06000901"
comparators_file = "comparators.csv"
"#;

/// Writes every fixture into `dir`.
pub fn write_fixtures(dir: &Path) -> Res {
    fs::create_dir_all(dir)?;
    lginform(dir)?;
    data_team(dir)?;
    comparators(dir)?;
    catalogue(dir)?;
    quarterly_return(&dir.join("returns/place_kpis.csv"), 5..8, false)?;
    quarterly_return(&dir.join("history/2023-24 Q2/place_kpis.csv"), 0..4, false)?;
    quarterly_return(&dir.join("history/2023-24 Q4/place_kpis.csv"), 2..6, true)?;
    fs::write(dir.join("goldthread.toml"), CONFIG)?;
    Ok(())
}

#[allow(dead_code)]
fn main() -> Res {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/fixtures/benchmarks"));
    write_fixtures(&dir)?;
    println!("wrote the benchmark fixtures to {}", dir.display());
    Ok(())
}
