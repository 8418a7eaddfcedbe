//! Data-quality rules on fixture returns built here: one planted defect per row with clean rows
//! between, asserting exactly the expected findings (no more, no fewer).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use goldthread::config::{Config, Directorate, Theme};
use goldthread::normalise::Options;
use goldthread::normalise_and_check;
use rust_xlsxwriter::{Format, Workbook};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 11, 15).unwrap()
}

fn config() -> Config {
    let mut c = Config::default();
    c.framework.directorates = vec![
        Directorate {
            name: "Place".into(),
            aliases: vec![],
        },
        Directorate {
            name: "Resources".into(),
            aliases: vec![],
        },
    ];
    c.framework.themes = vec![Theme {
        name: "Shaping Places".into(),
        priorities: vec![],
    }];
    c
}

fn run(paths: &[PathBuf], config: Config) -> Vec<(String, Option<u32>, Option<String>)> {
    let opts = Options {
        config,
        as_of: Some(as_of()),
        ..Default::default()
    };
    let doc = normalise_and_check(paths, &opts).unwrap();
    doc.findings
        .iter()
        .map(|f| (f.rule.clone(), f.row, f.cell.clone()))
        .collect()
}

const RISK_HEAD: [&str; 15] = [
    "Risk Ref",
    "Risk Title",
    "Risk Owner",
    "Theme",
    "Inherent L",
    "Inherent I",
    "Inherent Score",
    "Current L",
    "Current I",
    "Current Score",
    "Target Score",
    "Further Actions",
    "Last Review",
    "Next Review",
    "Status",
];

/// A clean risk: 4 x 4 = 16 inherent, 3 x 3 = 9 current, target 6, reviewed last month.
fn clean_risk(id: &str) -> Vec<String> {
    [
        id,
        "Clean risk",
        "Head of Service",
        "Shaping Places",
        "4",
        "4",
        "16",
        "3",
        "3",
        "9",
        "6",
        "Action plan",
        "30/10/2024",
        "30/01/2025",
        "Open",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn write_rows(path: &Path, sheet: &str, head: &[&str], rows: &[Vec<String>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let bold = Format::new().set_bold();
    for (c, h) in head.iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &bold).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) => ws.write(r as u32 + 1, c as u16, n).unwrap(),
                Err(_) => ws.write(r as u32 + 1, c as u16, v.as_str()).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
}

fn with(mut row: Vec<String>, changes: &[(usize, &str)]) -> Vec<String> {
    for (i, v) in changes {
        row[*i] = v.to_string();
    }
    row
}

#[test]
fn risk_register_with_one_defect_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("place_risks.xlsx");
    // Rows alternate: a defect, then a clean risk. Excel rows start at 2.
    let rows = vec![
        clean_risk("R01"),                                         // row 2
        with(clean_risk("R02"), &[(9, "8")]),                      // 3: score not L x I
        clean_risk("R03"),                                         // 4
        with(clean_risk("R04"), &[(7, "6"), (8, "2"), (9, "12")]), // 5: likelihood off the matrix
        clean_risk("R05"),                                         // 6
        with(clean_risk("R06"), &[(13, "01/10/2024")]),            // 7: next review before last
        clean_risk("R07"),                                         // 8
        with(clean_risk("R08"), &[(12, "01/12/2024"), (13, "")]),  // 9: review date in the future
        clean_risk("R09"),                                         // 10
        with(clean_risk("R10"), &[(4, "2"), (5, "2"), (6, "4")]),  // 11: current above inherent
        clean_risk("R11"),                                         // 12
        with(clean_risk("R12"), &[(10, "12")]),                    // 13: target above current
        clean_risk("R13"),                                         // 14
        with(clean_risk("R14"), &[(2, "")]),                       // 15: no owner
        clean_risk("R15"),                                         // 16
        with(clean_risk("R16"), &[(7, "4"), (9, "12"), (11, "")]), // 17: high risk, no action
        clean_risk("R17"),                                         // 18
        with(clean_risk("R18"), &[(7, ""), (8, ""), (9, "")]),     // 19: no current rating
        clean_risk("R19"),                                         // 20
        with(clean_risk("R20"), &[(12, "01/02/2024"), (13, "")]), // 21: review overdue (medium: 6 months)
        clean_risk("R21"),                                        // 22
        clean_risk("R01"),                                        // 23: duplicate reference
        clean_risk("R23"),                                        // 24
        with(clean_risk("R24"), &[(3, "")]),                      // 25: no theme
        clean_risk("R25"),                                        // 26
        with(clean_risk("R26"), &[(12, "")]),                     // 27: no review date (info)
        with(
            clean_risk("R27"),
            &[
                (14, "Closed"),
                (11, ""),
                (7, "4"),
                (9, "12"),
                (12, "01/01/2023"),
            ],
        ), // 28: closed: no action / review rules
    ];
    write_rows(&path, "Place Risks", &RISK_HEAD, &rows);
    let found: BTreeSet<(String, Option<u32>, Option<String>)> =
        run(&[path], config()).into_iter().collect();
    let expected: BTreeSet<(String, Option<u32>, Option<String>)> = [
        ("risk-score-mismatch", Some(3), Some("J3")),
        ("risk-level-off-matrix", Some(5), Some("H5")),
        ("risk-review-order", Some(7), Some("N7")),
        ("risk-date-in-future", Some(9), Some("M9")),
        ("risk-current-above-inherent", Some(11), Some("J11")),
        ("risk-target-above-current", Some(13), Some("K13")),
        ("risk-no-owner", Some(15), None),
        ("risk-no-action", Some(17), None),
        ("risk-no-current-rating", Some(19), None),
        ("risk-review-overdue", Some(21), Some("M21")),
        ("risk-duplicate-ref", Some(23), Some("A23")),
        ("no-theme-link", Some(25), None),
        ("risk-no-review-date", Some(27), None),
        ("directorate-missing", None, None),
    ]
    .into_iter()
    .map(|(r, row, cell)| (r.to_string(), row, cell.map(str::to_string)))
    .collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "unexpected: {extra:?}\nmissing: {missing:?}"
    );
}

const MEASURE_HEAD: [&str; 11] = [
    "Ref", "Measure", "Type", "Polarity", "Unit", "Owner", "Theme", "Period", "Actual", "Target",
    "RAG",
];

fn clean_obs(id: &str, period: &str, actual: &str) -> Vec<String> {
    [
        id,
        "Clean measure",
        "KPI",
        "Higher is better",
        "%",
        "Lead Officer",
        "Shaping Places",
        period,
        actual,
        "80",
        "Green",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn performance_return_with_one_defect_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resources_kpis.xlsx");
    let rows = vec![
        clean_obs("M01", "Q1 2024/25", "85"),             // 2
        clean_obs("M01", "Q2 2024/25", "86"),             // 3
        with(clean_obs("M02", "Q1 2024/25", "78"), &[]),  // 4: reported green, 78 v 80 is amber
        with(clean_obs("M02", "Q2 2024/25", "81"), &[]),  // 5
        clean_obs("M03", "Q1 2024/25", "90"),             // 6
        with(clean_obs("M03", "Q2 2024/25", "104"), &[]), // 7: over 100%
        with(clean_obs("M04", "Q1 2024/25", "85"), &[(9, ""), (10, "")]), // 8: no target at all
        with(clean_obs("M04", "Q2 2024/25", "86"), &[(9, ""), (10, "")]), // 9
        clean_obs("M05", "Q1 2024/25", "85"),             // 10
        with(clean_obs("M05", "Q2 2024/25", "n/a"), &[(10, "")]), // 11: not reported
        with(clean_obs("M06", "Q1 2024/25", "85"), &[(5, "")]), // 12: no owner
        with(clean_obs("M06", "Q2 2024/25", "86"), &[(5, "")]), // 13
        with(clean_obs("M07", "Q1 2024/25", "85"), &[(3, ""), (10, "")]), // 14: no polarity
        with(clean_obs("M07", "Q2 2024/25", "86"), &[(3, ""), (10, "")]), // 15
        clean_obs("M08", "Q1 2024/25", "90"),             // 16
        with(clean_obs("M08", "Q2 2024/25", "9"), &[(10, "Red")]), // 17: jump (a tenth)
        clean_obs("M09", "Q1 2024/25", "85"),             // 18
        with(clean_obs("M09", "Q2 2024/25", "86"), &[(9, "82")]), // 19: target changed in the year
        with(
            clean_obs("M10", "Q1 2024/25", "85"),
            &[(2, "Statistic"), (9, ""), (3, "")],
        ), // 20: statistic with RAG
        with(
            clean_obs("M10", "Q2 2024/25", "86"),
            &[(2, "Statistic"), (9, ""), (3, ""), (10, "")],
        ), // 21
        with(clean_obs("M11", "Q1 2024/25", "85"), &[(6, "")]), // 22: no theme
        with(clean_obs("M11", "Q2 2024/25", "86"), &[(6, "")]), // 23
        clean_obs("M12", "Q1 2024/25", "85"),             // 24: Q2 missing
        with(clean_obs("M13", "Q1 2024/25", "85"), &[(4, "Days")]), // 25: unit changes
        with(clean_obs("M13", "Q2 2024/25", "86"), &[(4, "%")]), // 26
    ];
    write_rows(&path, "KPIs", &MEASURE_HEAD, &rows);
    let found: BTreeSet<(String, Option<u32>, Option<String>)> =
        run(&[path], config()).into_iter().collect();
    let expected: BTreeSet<(String, Option<u32>, Option<String>)> = [
        ("rag-mismatch", Some(4), Some("K4")),
        ("percent-out-of-range", Some(7), Some("I7")),
        ("measure-no-target", Some(8), None),
        ("period-not-reported", Some(11), Some("I11")),
        ("measure-no-owner", Some(12), None),
        ("measure-no-polarity", Some(14), None),
        ("value-jump", Some(17), Some("I17")),
        ("measure-definition-change", Some(19), Some("J19")),
        ("statistic-with-rag", Some(20), Some("K20")),
        ("no-theme-link", Some(22), None),
        ("period-not-reported", Some(24), Some("A24")),
        ("measure-definition-change", Some(26), Some("E26")),
        ("directorate-missing", None, None),
    ]
    .into_iter()
    .map(|(r, row, cell)| (r.to_string(), row, cell.map(str::to_string)))
    .collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "unexpected: {extra:?}\nmissing: {missing:?}"
    );
}

#[test]
fn rules_can_be_switched_off_or_downgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("place_risks.xlsx");
    write_rows(
        &path,
        "Risks",
        &RISK_HEAD,
        &[with(clean_risk("R1"), &[(9, "8"), (2, "")])],
    );
    let mut c = config();
    c.checks
        .rules
        .insert("risk-score-mismatch".into(), "info".into());
    c.checks.rules.insert("risk-no-owner".into(), "off".into());
    c.checks
        .rules
        .insert("directorate-missing".into(), "off".into());
    let opts = Options {
        config: c,
        as_of: Some(as_of()),
        ..Default::default()
    };
    let doc = normalise_and_check(&[path], &opts).unwrap();
    let rules: Vec<_> = doc
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.severity))
        .collect();
    assert_eq!(
        rules,
        vec![("risk-score-mismatch", goldthread::schema::Severity::Info)]
    );
    let mut bad = config();
    bad.checks.rules.insert("no-such-rule".into(), "off".into());
    let err = normalise_and_check(
        &[],
        &Options {
            config: bad,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("no-such-rule"));
}

/// Every cell of every sheet of a workbook, as calamine reads it.
/// A sheet's name and its cells as (row, column, text).
type SheetCells = (String, Vec<(u32, u32, String)>);

fn cells_of(path: &Path) -> Vec<SheetCells> {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let cells = range
                .used_cells()
                .map(|(r, c, v)| (r0 + r as u32, c0 + c as u32, v.to_string()))
                .collect();
            (name, cells)
        })
        .collect()
}

#[test]
fn annotated_samples_keep_every_value_of_the_original() {
    let config = Config::load(Path::new("samples/goldthread.toml")).unwrap();
    let opts = Options {
        config,
        as_of: Some(as_of()),
        ..Default::default()
    };
    let samples = PathBuf::from("samples");
    let doc = normalise_and_check(std::slice::from_ref(&samples), &opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let found = goldthread::read::discover(&[samples]);
    let mut checked = 0;
    for input in found.files.iter().filter(|f| f.display.ends_with(".xlsx")) {
        let wb = goldthread::read::read_file(input).unwrap();
        let out = dir.path().join(format!("{checked}.xlsx"));
        goldthread::write::annotate_workbook(&wb, &doc.findings, &out).unwrap();
        let original = cells_of(&input.path);
        let copy = cells_of(&out);
        assert_eq!(copy[0].0, "Data quality", "{}", input.display);
        assert_eq!(
            &copy[1..],
            &original[..],
            "{}: values differ",
            input.display
        );
        checked += 1;
    }
    // Seven returns, the corporate delivery plan and the measures catalogue.
    assert_eq!(checked, 9);
}
