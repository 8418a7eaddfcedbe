//! Writes the performance fixtures of `tests/fixtures/performance/`: one file for each way real
//! published performance data is laid out (long tables split by area, month-first dates in
//! windows-1252, a row per measure per financial year with semicolons, spans of periods, a KPI
//! table with no period, a dashboard whose future quarters hold "-"). The content is invented
//! for the fictional Eastmere Borough Council; the shapes are those of real files. Run
//! `cargo run --example make_performance_fixtures [OUT_DIR]`; every file is reproducible byte
//! for byte. `tests/performance_layouts.rs` reads each one back.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook};

type Res<T = ()> = Result<T, Box<dyn Error>>;

#[path = "common/workbook.rs"]
mod workbook_properties;
use workbook_properties::dated_workbook;

/// One CSV line, quoting what needs it.
fn line(fields: &[String], delimiter: char) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains(delimiter) || f.contains('"') || f.contains('\n') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    cells.join(&delimiter.to_string())
}

fn write_text(path: &Path, text: &str) -> Res {
    fs::write(path, text)?;
    Ok(())
}

fn s(x: impl ToString) -> String {
    x.to_string()
}

/// Areas of a comparator group: code and name.
const AREAS: [(&str, &str); 4] = [
    ("E09000901", "Eastmere"),
    ("E09000902", "Northwick"),
    ("E09000903", "Southmoor"),
    ("E92000001", "England"),
];

/// A value that moves plausibly with the area and the period.
fn value(area: usize, period: usize, base: f64) -> f64 {
    let v =
        base + area as f64 * 3.5 - period as f64 * 0.7 + ((area * 7 + period * 3) % 5) as f64 * 0.4;
    (v * 10.0).round() / 10.0
}

/// A long table split by area and by deprivation quintile, with the area's code beside its
/// name and a judgement column ("compared_to_England") that splits nothing.
fn long_area_and_quintile(dir: &Path) -> Res {
    let mut out = vec![line(
        &[
            "area_code",
            "area_name",
            "imd_quintile",
            "period",
            "indicator",
            "unit",
            "value",
            "compared_to_England",
        ]
        .map(s),
        ',',
    )];
    for (p, period) in ["2021/22", "2022/23", "2023/24"].iter().enumerate() {
        for (a, (code, name)) in AREAS.iter().enumerate() {
            for q in 1..=3 {
                let v = value(a, p, 20.0 + q as f64 * 4.0);
                let judged = if v > 30.0 { "Worse" } else { "Similar" };
                out.push(line(
                    &[
                        s(code),
                        s(name),
                        format!("Quintile {q}"),
                        s(period),
                        s("Adults who smoke (%)"),
                        s("Persons"),
                        format!("{v}"),
                        s(judged),
                    ],
                    ',',
                ));
            }
        }
    }
    write_text(
        &dir.join("long_area_and_quintile.csv"),
        &(out.join("\n") + "\n"),
    )
}

/// A city-style open data export: Department, Metric, Date (month first, 3/13/2016), Result,
/// one row a month, in windows-1252 with CRLF line ends.
fn long_monthly_month_first_cp1252(dir: &Path) -> Res {
    let mut out = vec![line(
        &["Department", "Metric", "Date", "Result"].map(s),
        ',',
    )];
    let metrics = [
        (
            "Streets and Parks",
            "Potholes repaired within 48 hours (%)",
            81.0,
        ),
        (
            "Streets and Parks",
            "Café and street trading licences issued",
            14.0,
        ),
        (
            "Customer Services",
            "Potholes repaired within 48 hours (%)",
            64.0,
        ),
    ];
    let days = [13, 12, 15, 14, 13, 15];
    for (m, (dept, metric, base)) in metrics.iter().enumerate() {
        for (i, day) in days.iter().enumerate() {
            let v = value(m, i, *base);
            out.push(line(
                &[
                    s(dept),
                    s(metric),
                    format!("{}/{day}/2016", i + 1),
                    format!("{v}"),
                ],
                ',',
            ));
        }
    }
    let text = out.join("\r\n") + "\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    fs::write(dir.join("long_monthly_month_first_cp1252.csv"), bytes)?;
    Ok(())
}

/// One row per measure per financial year ("FY2017-18"), semicolons between fields.
fn fy_rows_semicolon(dir: &Path) -> Res {
    let mut out = vec![line(
        &["Measure", "Fiscal Year", "Target", "Full-Year Result"].map(s),
        ';',
    )];
    let measures = [
        ("Households prevented from becoming homeless", 400.0),
        ("Average days to process a housing benefit claim", 22.0),
    ];
    for (m, (title, base)) in measures.iter().enumerate() {
        for (i, fy) in ["FY2017-18", "FY2018-19", "FY2019-20"].iter().enumerate() {
            out.push(line(
                &[
                    s(title),
                    s(fy),
                    format!("{}", base),
                    format!("{}", value(m, i, *base)),
                ],
                ';',
            ));
        }
    }
    write_text(&dir.join("fy_rows_semicolon.csv"), &(out.join("\n") + "\n"))
}

/// Periods written every way published tables write them, one form per indicator.
fn period_forms(dir: &Path) -> Res {
    let mut out = vec![line(&["indicator", "period", "area", "value"].map(s), ',')];
    let forms: [(&str, &[&str]); 5] = [
        (
            "Employment rate 16-64 (%)",
            &["Apr 2021-Mar 2022", "Apr 2022-Mar 2023"],
        ),
        (
            "Healthy life expectancy at birth",
            &["2015 - 17", "2016 - 18"],
        ),
        (
            "Homes built (five-year total)",
            &["2013/14 - 17/18", "2018/19 - 22/23"],
        ),
        ("Universal credit claimants", &["April 2021", "May 2021"]),
        ("Residents who are physically active (%)", &["2020", "2021"]),
    ];
    for (f, (indicator, periods)) in forms.iter().enumerate() {
        for (p, period) in periods.iter().enumerate() {
            for (a, (_, name)) in AREAS.iter().take(2).enumerate() {
                out.push(line(
                    &[
                        s(indicator),
                        s(period),
                        s(name),
                        format!("{}", value(a, p, 60.0 + f as f64)),
                    ],
                    ',',
                ));
            }
        }
    }
    write_text(&dir.join("period_forms.csv"), &(out.join("\n") + "\n"))
}

/// Two measures side by side in one row: all vehicles and electric vehicles.
fn values_side_by_side(dir: &Path) -> Res {
    let mut out = vec![line(
        &[
            "area_code",
            "area_name",
            "period",
            "indicator",
            "value_electric",
            "value_all_vehicles",
        ]
        .map(s),
        ',',
    )];
    for (p, period) in ["2023-06-30", "2023-09-30", "2023-12-31"]
        .iter()
        .enumerate()
    {
        for (a, (code, name)) in AREAS.iter().take(3).enumerate() {
            let all = 90_000 + a * 7_000 + p * 150;
            let electric = 1_200 + a * 90 + p * 110;
            out.push(line(
                &[
                    s(code),
                    s(name),
                    s(period),
                    s("Licensed vehicles: electric and all"),
                    format!("{electric}"),
                    format!("{all}"),
                ],
                ',',
            ));
        }
    }
    write_text(
        &dir.join("values_side_by_side.csv"),
        &(out.join("\n") + "\n"),
    )
}

/// A "measure" column telling a percentage from a tonnage under one indicator.
fn measure_type_splits_title(dir: &Path) -> Res {
    let mut out = vec![line(
        &[
            "area_name",
            "period",
            "indicator",
            "measure",
            "unit",
            "value",
        ]
        .map(s),
        ',',
    )];
    for (p, period) in ["2021/22", "2022/23"].iter().enumerate() {
        for (a, (_, name)) in AREAS.iter().take(3).enumerate() {
            out.push(line(
                &[
                    s(name),
                    s(period),
                    s("Household waste sent for reuse, recycling or composting"),
                    s("Percentage"),
                    s("Waste"),
                    format!("{}", value(a, p, 41.0)),
                ],
                ',',
            ));
            out.push(line(
                &[
                    s(name),
                    s(period),
                    s("Household waste sent for reuse, recycling or composting"),
                    s("Frequency"),
                    s("Tonnes"),
                    format!("{}", 30_000 + a * 2_500 + p * 400),
                ],
                ',',
            ));
        }
    }
    write_text(
        &dir.join("measure_type_splits_title.csv"),
        &(out.join("\n") + "\n"),
    )
}

/// An open-data export: a record number on every row, then measure, year and month columns
/// (the month and the calendar year apart), a target and an actual.
fn row_numbers_year_and_month(dir: &Path) -> Res {
    let mut out = vec![line(
        &["Record ID", "Measure", "Year", "Month", "Target", "Actual"].map(s),
        ',',
    )];
    let measures = [("Library visits", 12_000.0), ("Calls answered (%)", 90.0)];
    let mut record = 5_001;
    for (m, (title, base)) in measures.iter().enumerate() {
        for (i, month) in ["January", "February", "March", "April"].iter().enumerate() {
            out.push(line(
                &[
                    format!("{record}"),
                    s(title),
                    s("2019"),
                    s(month),
                    format!("{base}"),
                    format!("{}", value(m, i, *base)),
                ],
                ',',
            ));
            record += 1;
        }
    }
    write_text(
        &dir.join("row_numbers_year_and_month.csv"),
        &(out.join("\n") + "\n"),
    )
}

fn workbook(title: &str) -> Res<Workbook> {
    Ok(dated_workbook(
        title,
        "Eastmere Borough Council",
        None,
        (2024, 10, 15, 9, 0),
    )?)
}

/// A KPI table of baseline, target and actual that names no period anywhere.
fn kpi_snapshot_no_period(dir: &Path) -> Res {
    let mut wb = workbook("Programme KPIs")?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("KPIs")?;
    ws.write_string_with_format(
        0,
        0,
        "Regeneration Programme: Key Performance Indicators",
        &bold,
    )?;
    let head = ["Project", "Ref", "KPI", "Baseline", "Target", "Actual"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let rows: [(&str, &str, &str, &str, &str, &str); 5] = [
        (
            "Town Centre",
            "TC1",
            "Vacant units brought back into use",
            "12",
            "40",
            "31",
        ),
        (
            "Town Centre",
            "TC2",
            "Footfall (weekly average)",
            "18,500",
            "22,000",
            "21,350",
        ),
        (
            "Skills",
            "SK1",
            "Residents trained",
            "0",
            "1,200",
            "Pending",
        ),
        (
            "Skills",
            "SK2",
            "Grant spent ($)",
            "0",
            "$250,000 ",
            "$212,400 ",
        ),
        (
            "Housing",
            "HO1",
            "Affordable homes started",
            "0",
            "150",
            "96 (provisional)",
        ),
    ];
    for (r, row) in rows.iter().enumerate() {
        let cells = [row.0, row.1, row.2, row.3, row.4, row.5];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(3 + r as u32, c as u16, *v)?;
        }
    }
    wb.save(dir.join("kpi_snapshot_no_period.xlsx"))?;
    Ok(())
}

/// A dashboard: a column per quarter, future quarters "-", and "Latest RAG" / "DoT" columns
/// that belong to the latest quarter with an actual.
fn dashboard_future_quarters(dir: &Path) -> Res {
    let mut wb = workbook("Corporate dashboard 2024/25")?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Dashboard")?;
    ws.write_string_with_format(0, 0, "Corporate Performance Dashboard 2024/25", &bold)?;
    let head = [
        "Ref",
        "Measure",
        "Polarity",
        "Target",
        "Q1 2024/25",
        "Q2 2024/25",
        "Q3 2024/25",
        "Q4 2024/25",
        "Latest RAG",
        "DoT",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let rows: [[&str; 10]; 3] = [
        [
            "CP01",
            "Calls answered in 60 seconds (%)",
            "Higher is better",
            "85",
            "82",
            "87",
            "-",
            "-",
            "Green",
            "Improving",
        ],
        [
            "CP02",
            "Days to process new benefit claims",
            "Lower is better",
            "20",
            "24",
            "23",
            "-",
            "-",
            "Red",
            "Improving",
        ],
        [
            "CP03",
            "Missed bin collections per 100,000",
            "Lower is better",
            "50",
            "41",
            "-",
            "-",
            "-",
            "Green",
            "No change",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(3 + r as u32, c as u16, n)?,
                Err(_) => ws.write_string(3 + r as u32, c as u16, *v)?,
            };
        }
    }
    wb.save(dir.join("dashboard_future_quarters.xlsx"))?;
    Ok(())
}

/// The council's measures catalogue, for `--catalogue`: references and titles of the bundled
/// samples' measures with their themes, priorities, kinds and annual targets, one measure found
/// only by its title, one that no return reports, and one target that differs from the return's.
fn measures_catalogue(dir: &Path) -> Res {
    let mut wb = workbook("Eastmere measures catalogue 2024/25")?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Catalogue")?;
    ws.write_string_with_format(
        0,
        0,
        "Eastmere Borough Council: Corporate Plan measures 2024/25",
        &bold,
    )?;
    let head = [
        "Ref",
        "Measure",
        "Theme",
        "Priority",
        "Type",
        "Polarity",
        "Target 2023/24",
        "Target 2024/25",
        "Directorate",
        "Responsible Officer",
        "Corporate",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let rows: [[&str; 11]; 6] = [
        ["ASC01", "Percentage of older people (65+) still at home 91 days after discharge from hospital into reablement", "Helping People", "Ageing well", "KPI", "Higher is better", "", "85", "Adults and Health", "Head of Adult Social Care", "Yes"],
        ["CS01", "Percentage of referrals to children's social care that were re-referrals within 12 months", "Helping People", "Children are safe", "KPI", "Lower is better", "24", "22", "Children's Services", "Head of Children's Social Care", "Yes"],
        ["CS02", "Percentage of child and family assessments completed within 45 working days", "Helping People", "Children are safe", "KPI", "Higher is better", "", "88", "Children's Services", "Head of Children's Social Care", "Yes"],
        ["CS03", "Number of children looked after", "Helping People", "Children are safe", "Statistic", "", "", "", "Children's Services", "Head of Children's Social Care", "No"],
        ["HOU-05", "Net additional homes provided", "Shaping Places", "Homes people can afford", "KPI", "Higher is better", "", "125", "Place", "Head of Housing Delivery", "Yes"],
        ["PL99", "Parks with Green Flag status", "Shaping Places", "Green spaces", "PI", "Higher is better", "", "6", "Place", "Head of Parks", "No"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(3 + r as u32, c as u16, n)?,
                Err(_) => ws.write_string(3 + r as u32, c as u16, *v)?,
            };
        }
    }
    let catalogue = dir.parent().unwrap_or(dir).join("catalogue");
    fs::create_dir_all(&catalogue)?;
    wb.save(catalogue.join("eastmere_measures_catalogue.xlsx"))?;
    Ok(())
}

/// Writes every fixture into `dir`.
pub fn write_fixtures(dir: &Path) -> Res {
    fs::create_dir_all(dir)?;
    long_area_and_quintile(dir)?;
    long_monthly_month_first_cp1252(dir)?;
    fy_rows_semicolon(dir)?;
    period_forms(dir)?;
    values_side_by_side(dir)?;
    measure_type_splits_title(dir)?;
    kpi_snapshot_no_period(dir)?;
    dashboard_future_quarters(dir)?;
    measures_catalogue(dir)?;
    row_numbers_year_and_month(dir)?;
    Ok(())
}

fn main() -> Res {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/fixtures/performance"));
    write_fixtures(&dir)?;
    println!("wrote the performance fixtures to {}", dir.display());
    Ok(())
}
