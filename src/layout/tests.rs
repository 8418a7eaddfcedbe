//! Tests of layout detection on sheets built in memory.

use super::*;
use crate::read::testkit::{merge, num, text};
use crate::read::{Cell, CellStyle, Sheet, Value, Visibility};
use std::sync::Arc;

use crate::read::testkit::sheet_with_merges as sheet;

fn detect_default(s: &Sheet) -> SheetLayout {
    let config = Config::default();
    let ctx = LayoutContext {
        config: &config,
        financial_year: None,
        profile: None,
        legends: &[],
    };
    detect(s, &ctx)
}

fn field_names(t: &Table) -> Vec<String> {
    t.columns
        .iter()
        .map(|c| {
            c.field
                .as_ref()
                .map(|f| f.name())
                .unwrap_or_else(|| "-".into())
        })
        .collect()
}

#[test]
fn merged_group_header_over_sub_headers() {
    // Row 1 title, row 3 "Risk Ref | Risk | Current Risk (merged C3:E3)", row 4 "L I Score".
    let mut cells = vec![
        text(0, 0, "Adults Risk Register 2024/25"),
        text(2, 0, "Risk Ref"),
        text(2, 1, "Risk"),
        text(2, 2, "Current Risk"),
        text(2, 5, "Owner"),
        text(3, 2, "L"),
        text(3, 3, "I"),
        text(3, 4, "Score"),
        text(4, 0, "Helping People"),
    ];
    cells.extend([
        text(5, 0, "R1"),
        text(5, 1, "Flood"),
        num(5, 2, 4.0),
        num(5, 3, 5.0),
        num(5, 4, 20.0),
    ]);
    cells.push(text(7, 0, "Scores are L x I."));
    let merges = vec![merge(2, 2, 2, 4), merge(2, 0, 3, 0)];
    let layout = detect_default(&sheet("Risks", cells, merges));
    assert_eq!(layout.financial_year, Some(2024));
    let t = &layout.tables[0];
    assert_eq!(t.kind, SheetKind::RiskRegister);
    assert_eq!(t.header_rows, vec![2, 3]);
    assert_eq!(
        field_names(t),
        vec![
            "id",
            "title",
            "current.likelihood",
            "current.impact",
            "current.score",
            "owner"
        ]
    );
    assert_eq!(t.rows[0], (4, RowRole::Section("Helping People".into())));
    assert_eq!(t.rows[1], (5, RowRole::Data));
    assert_eq!(t.rows[2], (7, RowRole::Footnote));
    assert_eq!(layout.title_rows.len(), 1);
}

#[test]
fn wide_return_takes_year_from_title() {
    let cells = vec![
        text(0, 0, "Performance 2024/25"),
        text(1, 0, "Ref"),
        text(1, 1, "Measure"),
        text(1, 2, "Q1 Actual"),
        text(1, 3, "Q1 Status"),
        text(1, 4, "Q2 Actual"),
        text(2, 0, "P1"),
        text(2, 1, "Calls answered"),
        num(2, 2, 80.0),
        text(2, 3, "Green"),
        num(2, 4, 82.0),
    ];
    let layout = detect_default(&sheet("Scorecard", cells, vec![]));
    let t = &layout.tables[0];
    assert_eq!(t.kind, SheetKind::PerformanceReturn);
    assert_eq!(
        field_names(t),
        vec![
            "id",
            "title",
            "actual@2024-25 Q1",
            "rag@2024-25 Q1",
            "actual@2024-25 Q2"
        ]
    );
}

#[test]
fn date_header_cells_name_quarters() {
    let d = |row, col, y, m, day| Cell {
        row,
        col,
        value: Some(Value::Date(
            chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap(),
        )),
        style: None,
    };
    let cells = vec![
        text(0, 0, "Ref"),
        text(0, 1, "Indicator"),
        d(0, 2, 2024, 6, 30),
        d(0, 3, 2024, 9, 30),
        text(1, 0, "C1"),
        text(1, 1, "Children looked after"),
        num(1, 2, 310.0),
        num(1, 3, 305.0),
    ];
    let layout = detect_default(&sheet("KPIs", cells, vec![]));
    assert_eq!(
        field_names(&layout.tables[0])[2..],
        ["actual@2024-25 Q1", "actual@2024-25 Q2"]
    );
}

#[test]
fn two_tables_in_one_sheet() {
    let mut cells = Vec::new();
    for (r0, prefix) in [(0u32, "A"), (5, "B")] {
        cells.extend([
            text(r0, 0, "Risk Ref"),
            text(r0, 1, "Risk Title"),
            text(r0, 2, "Likelihood"),
            text(r0, 3, "Impact"),
        ]);
        cells.extend([
            text(r0 + 1, 0, &format!("{prefix}1")),
            text(r0 + 1, 1, "x"),
            num(r0 + 1, 2, 2.0),
            num(r0 + 1, 3, 3.0),
        ]);
    }
    let layout = detect_default(&sheet("Register", cells, vec![]));
    assert_eq!(layout.tables.len(), 2);
    assert_eq!(layout.tables[1].header_rows, vec![5]);
}

#[test]
fn sheets_without_tables_say_why() {
    let guidance = sheet(
        "Guidance",
        vec![
            text(0, 0, "How to complete this return"),
            text(2, 0, "Enter one risk per row."),
        ],
        vec![],
    );
    assert!(detect_default(&guidance)
        .skipped
        .unwrap()
        .starts_with("guidance"));
    let chart = sheet("Chart Data", vec![num(0, 0, 1.0), num(0, 1, 2.0)], vec![]);
    assert!(detect_default(&chart)
        .skipped
        .unwrap()
        .starts_with("chart data"));
    let mut hidden = sheet(
        "Lists",
        vec![text(0, 0, "Risk Ref"), text(0, 1, "Risk")],
        vec![],
    );
    hidden.visibility = Visibility::Hidden;
    assert_eq!(
        detect_default(&hidden).skipped.as_deref(),
        Some("hidden sheet")
    );
}

#[test]
fn bold_single_cell_away_from_first_column_is_a_section() {
    let bold = Some(Arc::new(CellStyle {
        bold: true,
        ..Default::default()
    }));
    let cells = vec![
        text(0, 0, "Ref"),
        text(0, 1, "Measure"),
        text(0, 2, "Actual"),
        text(0, 3, "Target"),
        Cell {
            row: 1,
            col: 1,
            value: Some(Value::Text("Finance".into())),
            style: bold,
        },
        text(2, 0, "F1"),
        text(2, 1, "Invoices paid"),
        num(2, 2, 95.0),
        num(2, 3, 97.0),
    ];
    let layout = detect_default(&sheet("Monthly", cells, vec![]));
    assert_eq!(
        layout.tables[0].rows[0],
        (1, RowRole::Section("Finance".into()))
    );
}

#[test]
fn profile_fixes_kind_header_and_columns() {
    let cells = vec![
        text(0, 0, "Code"),
        text(0, 1, "Thing"),
        text(0, 2, "Number"),
        text(1, 0, "X1"),
        text(1, 1, "Widgets"),
        num(1, 2, 3.0),
    ];
    let profile = SheetProfile {
        kind: Some("performance_return".into()),
        header_rows: Some(vec![1]),
        financial_year: Some("2024/25".into()),
        columns: [("A", "id"), ("B", "title"), ("C", "actual@2024-25 Q2")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        ..Default::default()
    };
    let config = Config::default();
    let ctx = LayoutContext {
        config: &config,
        financial_year: None,
        profile: Some(&profile),
        legends: &[],
    };
    let layout = detect(&sheet("Sheet1", cells, vec![]), &ctx);
    assert_eq!(
        field_names(&layout.tables[0]),
        vec!["id", "title", "actual@2024-25 Q2"]
    );
}

#[test]
fn baseline_and_residual_groups_of_fmea_registers() {
    let cols = |headers: &[&str]| -> Vec<String> {
        let mut columns: Vec<Column> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let (f, c) = synonyms::match_header(h, synonyms::Applies::Risk, &[]).unwrap();
                Column {
                    col: i as u32,
                    header: h.to_string(),
                    field: Some(Field::Named(f)),
                    confidence: c,
                    ..Default::default()
                }
            })
            .collect();
        settle_baseline(&mut columns);
        columns
            .iter()
            .map(|c| c.field.as_ref().unwrap().name())
            .collect()
    };
    assert_eq!(
        cols(&[
            "Baseline Risk (before response) SEV",
            "Residual Risk (after response) SEV"
        ]),
        ["current.impact", "target.impact"]
    );
    // A register that names its target itself: baseline inherent, residual current.
    assert_eq!(
        cols(&["Baseline FRQ", "Residual FRQ", "Target Score"]),
        ["inherent.likelihood", "current.likelihood", "target.score"]
    );
    // Without a baseline, residual is current as ever.
    assert_eq!(cols(&["Residual Score"]), ["current.score"]);
}

/// A header row and one data row of text, as a sheet.
fn table_of(name: &str, headers: &[&str], values: &[&str]) -> Sheet {
    let mut cells: Vec<Cell> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| text(0, c as u32, h))
        .collect();
    cells.extend(values.iter().enumerate().map(|(c, v)| text(1, c as u32, v)));
    sheet(name, cells, Vec::new())
}

#[test]
fn delivery_plans_are_told_from_registers_and_returns() {
    let kind = |name: &str, headers: &[&str], values: &[&str]| {
        detect_default(&table_of(name, headers, values))
            .tables
            .first()
            .map(|t| t.kind)
    };
    let plan = kind(
        "Plan",
        &[
            "Action Ref",
            "Action",
            "Lead Officer",
            "Due Date",
            "Status",
            "% Complete",
        ],
        &[
            "A1",
            "Open the hub",
            "J Smith",
            "31/03/2025",
            "On track",
            "50%",
        ],
    );
    assert_eq!(plan, Some(SheetKind::DeliveryPlan));
    // Ratings make a register, even with a status and a target date for its actions.
    let register = kind(
        "Risks",
        &[
            "Risk Ref",
            "Risk",
            "Owner",
            "Likelihood",
            "Impact",
            "Status",
            "Target Date",
        ],
        &["R1", "Flood", "J Smith", "4", "5", "Open", "31/03/2025"],
    );
    assert_eq!(register, Some(SheetKind::RiskRegister));
    // Actuals and targets make a return, even with a status.
    let ret = kind(
        "KPIs",
        &["Ref", "Measure", "Target", "Actual", "Status", "Owner"],
        &["K1", "Calls answered", "90", "85", "Amber", "J Smith"],
    );
    assert_eq!(ret, Some(SheetKind::PerformanceReturn));
    // A register that says so in its title is no delivery plan.
    let titled = kind(
        "Corporate Risk Register",
        &["Ref", "Title", "Owner", "Due Date", "Status", "RAG"],
        &["R1", "Flood", "J Smith", "31/03/2025", "Open", "Red"],
    );
    assert_ne!(titled, Some(SheetKind::DeliveryPlan));
}
