//! Tests of the corporate workbook: the bundled samples consolidated by the real pipeline,
//! written, and read back with calamine (and, where installed, converted by LibreOffice and
//! loaded by openpyxl: `by_other_tools`); an empty consolidation; other matrix shapes; hostile
//! text; the registers' own rows (`register_rows`).

use crate::write::{count_lines, MAX_LINES};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use calamine::{open_workbook, open_workbook_auto, Data, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};

use super::performance::{trend_text, MAX_SERIES, PERFORMANCE_COLUMNS, SERIES_COL};
use super::registers::{escalation_in_words, register_columns, register_rows, Register};
use super::*;
use crate::config::{BandRange, Config};
use crate::consolidate::{consolidate, Consolidation};
use crate::normalise::{Document, Options};
use crate::schema::{Band, Rating, Risk, RiskStatus, Source};
use crate::write::kit::{Formats, HEADER_ROW};
use crate::write::{excel_text, wrapped_lines};

/// The sheets of the samples' workbook, in order (the delivery plan's after the performance).
const SHEETS: [&str; 7] = [
    SUMMARY,
    STRATEGIC,
    CORPORATE,
    PERFORMANCE,
    super::delivery_plan::DELIVERY_PLAN,
    DATA_QUALITY,
    SUBMISSIONS,
];

fn sample_config() -> Config {
    Config::load(Path::new("samples/goldthread.toml")).expect("sample configuration")
}

fn q2() -> crate::schema::Period {
    crate::values::quarter(2024, 2, 4).unwrap()
}

/// The samples read, checked (as of 15 November 2024) and consolidated for 2024-25 Q2, once.
pub(super) fn samples() -> &'static (Consolidation, Config) {
    static SAMPLES: OnceLock<(Consolidation, Config)> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let config = sample_config();
        let opts = Options {
            config: config.clone(),
            as_of: NaiveDate::from_ymd_opt(2024, 11, 15),
            ..Default::default()
        };
        let doc = crate::normalise_and_check(&[PathBuf::from("samples")], &opts)
            .expect("samples normalise");
        (consolidate(doc, q2(), &config, None), config)
    })
}

/// Every non-empty cell of a sheet, by absolute (row, column).
fn cells_of<R: Reader<RS>, RS: std::io::Read + std::io::Seek>(
    wb: &mut R,
    sheet: &str,
) -> BTreeMap<(u32, u32), Data> {
    let range = wb.worksheet_range(sheet).expect("sheet reads");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect()
}

pub(super) fn xlsx_cells(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    let mut x: Xlsx<_> = open_workbook(path).expect("opens with calamine");
    cells_of(&mut x, sheet)
}

pub(super) fn text_at(cells: &BTreeMap<(u32, u32), Data>, row: u32, col: u32) -> String {
    match cells.get(&(row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(n)) => crate::read::format_number(*n),
        Some(Data::Int(n)) => n.to_string(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

pub(super) fn number_at(cells: &BTreeMap<(u32, u32), Data>, row: u32, col: u32) -> Option<f64> {
    match cells.get(&(row, col)) {
        Some(Data::Float(n)) => Some(*n),
        Some(Data::Int(n)) => Some(*n as f64),
        _ => None,
    }
}

/// The references of the data rows below the heading row (the Ref column is B); theme rows
/// and notes have none.
fn refs(cells: &BTreeMap<(u32, u32), Data>) -> Vec<String> {
    let last = cells.keys().map(|k| k.0).max().unwrap_or(0);
    (HEADER_ROW + 1..=last)
        .map(|r| text_at(cells, r, 1))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Rows whose first cell names a theme group: `Helping People (3 risks)`.
fn theme_rows(cells: &BTreeMap<(u32, u32), Data>) -> Vec<String> {
    let last = cells.keys().map(|k| k.0).max().unwrap_or(0);
    (HEADER_ROW + 1..=last)
        .filter(|&r| text_at(cells, r, 1).is_empty())
        .map(|r| text_at(cells, r, 0))
        .filter(|s| s.ends_with(')'))
        .collect()
}

/// The heat map under the heading that starts with `heading`: its likelihood labels (in the
/// heading's column, highest first), `h` rows of `w` counts to their right, and the impact
/// labels beneath.
fn heat_map(
    cells: &BTreeMap<(u32, u32), Data>,
    heading: &str,
    h: usize,
    w: usize,
) -> (Vec<String>, Vec<Vec<f64>>, Vec<String>) {
    let (&(row, col), _) = cells
        .iter()
        .find(|(_, v)| matches!(v, Data::String(s) if s.starts_with(heading)))
        .unwrap_or_else(|| panic!("no heat map headed {heading}"));
    let first = row + 2;
    let labels = (0..h as u32)
        .map(|k| text_at(cells, first + k, col))
        .collect();
    let grid = (0..h as u32)
        .map(|k| {
            (1..=w as u32)
                .map(|i| number_at(cells, first + k, col + i).expect("a count in every cell"))
                .collect()
        })
        .collect();
    let impact = (1..=w as u32)
        .map(|i| text_at(cells, first + h as u32, col + i))
        .collect();
    (labels, grid, impact)
}

/// Where a made-up risk was read: row 2 of sheet R of a.xlsx.
fn row_two() -> Source {
    Source {
        file: "a.xlsx".into(),
        sheet: "R".into(),
        row: 2,
        cell: None,
    }
}

pub(super) fn zip_text(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

/// The zip part of a sheet by its position (sheet1.xml is the first).
pub(super) fn sheet_xml(path: &Path, index: usize) -> String {
    zip_text(path, &format!("xl/worksheets/sheet{}.xml", index + 1))
}

fn open_with_lh(c: &Consolidation, pick: impl Fn(&Risk) -> &Rating, h: usize, w: usize) -> usize {
    c.risks
        .iter()
        .filter(|r| r.risk.status == RiskStatus::Open)
        .filter(|r| {
            let x = pick(&r.risk);
            matches!((x.likelihood, x.impact), (Some(l), Some(i))
                if l.round() >= 1.0 && i.round() >= 1.0 && l.round() <= h as f64 && i.round() <= w as f64)
        })
        .count()
}

#[test]
fn samples_make_every_sheet_with_every_risk_and_measure() {
    let (c, config) = samples();
    assert!(!c.risks.is_empty() && !c.performance.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&path, c, config).unwrap();

    let x: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(x.sheet_names(), SHEETS.map(String::from).to_vec());

    let title = "Eastmere Borough Council performance and risk report, 2024-25 Q2";
    for sheet in [SUMMARY, STRATEGIC, CORPORATE, PERFORMANCE, SUBMISSIONS] {
        assert_eq!(text_at(&xlsx_cells(&path, sheet), 0, 0), title, "{sheet}");
    }

    // The corporate register: one row per risk, in the consolidation's order, theme rows between.
    let corporate = xlsx_cells(&path, CORPORATE);
    let want: Vec<String> = c.risks.iter().map(|r| r.risk.id.clone()).collect();
    assert_eq!(refs(&corporate), want);
    assert_eq!(text_at(&corporate, HEADER_ROW, 1), "Ref");
    assert_eq!(text_at(&corporate, HEADER_ROW - 1, 8), "Current risk");
    let themes = theme_rows(&corporate);
    assert!(
        themes[0].starts_with("Helping People ("),
        "configured themes first: {themes:?}"
    );
    assert_eq!(
        themes.len(),
        themes
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        "each theme once: {themes:?}"
    );
    // Scores, ratings and dates as the risks hold them.
    let first = c.risks[0].risk.clone();
    let row = (HEADER_ROW + 1..)
        .find(|&r| text_at(&corporate, r, 1) == first.id)
        .unwrap();
    assert_eq!(number_at(&corporate, row, 10), first.current.score);
    if let Some(d) = first.last_reviewed {
        match corporate.get(&(row, 18)) {
            Some(Data::DateTime(dt)) => assert_eq!(dt.as_datetime().unwrap().date(), d),
            other => panic!("last review is not a date: {other:?}"),
        }
    }

    // The strategic register holds exactly the escalated risks, each with its reason.
    let strategic = xlsx_cells(&path, STRATEGIC);
    let escalated: Vec<String> = c.strategic().iter().map(|r| r.risk.id.clone()).collect();
    assert!(!escalated.is_empty());
    assert_eq!(refs(&strategic), escalated);
    assert_eq!(text_at(&strategic, HEADER_ROW, 21), "Why it is here");
    for r in HEADER_ROW + 1..=strategic.keys().map(|k| k.0).max().unwrap() {
        if !text_at(&strategic, r, 1).is_empty() {
            let why = text_at(&strategic, r, 21);
            assert!(
                why.starts_with("Current score ") || why.starts_with("Flagged for escalation"),
                "row {r} gives its reason in words: {why}"
            );
        }
    }
    // With no previous report there is nothing to compare: no Movement column.
    assert!(!c.movement.compared);
    assert_eq!(text_at(&strategic, HEADER_ROW, 22), "");
    assert!(!(0..30).any(|col| text_at(&corporate, HEADER_ROW, col) == "Movement"));

    // Performance: one row per line, in order.
    let perf = xlsx_cells(&path, PERFORMANCE);
    let want: Vec<String> = c.performance.iter().map(|l| l.measure_id.clone()).collect();
    assert_eq!(refs(&perf), want);
    assert_eq!(text_at(&perf, HEADER_ROW, 11), "Trend");
    let rags: Vec<String> = (HEADER_ROW + 1..=perf.keys().map(|k| k.0).max().unwrap())
        .filter(|&r| !text_at(&perf, r, 1).is_empty())
        .map(|r| text_at(&perf, r, 9))
        .collect();
    let red = c
        .performance
        .iter()
        .filter(|l| l.rag == Some(crate::schema::Rag::Red))
        .count();
    assert_eq!(rags.iter().filter(|r| *r == "Red").count(), red);

    // Data quality: every finding; submissions: every directorate.
    let dq = xlsx_cells(&path, DATA_QUALITY);
    assert_eq!(
        dq.keys().filter(|(r, c)| *r > 0 && *c == 0).count(),
        c.findings.len()
    );
    let subs = xlsx_cells(&path, SUBMISSIONS);
    let dirs: Vec<String> = (HEADER_ROW + 1..HEADER_ROW + 1 + c.submissions.len() as u32)
        .map(|r| text_at(&subs, r, 0))
        .collect();
    let want: Vec<String> = c
        .submissions
        .iter()
        .map(|s| s.directorate.clone())
        .collect();
    assert_eq!(dirs, want);
}

#[test]
fn heat_maps_count_the_open_risks_on_the_matrix() {
    let (c, config) = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&path, c, config).unwrap();
    let summary = xlsx_cells(&path, SUMMARY);

    let (labels, grid, impact) = heat_map(&summary, "Current risk", 5, 5);
    assert_eq!(labels[0], "5 Almost certain");
    assert_eq!(labels[4], "1 Rare");
    assert_eq!(impact[0], "1 Negligible");
    assert_eq!(impact[4], "5 Critical");
    let total: f64 = grid.iter().flatten().sum();
    let want = open_with_lh(c, |r| &r.current, 5, 5);
    assert!(want > 0);
    assert_eq!(total as usize, want);
    // The same counts as the consolidation's own heat map, highest likelihood first.
    for (k, row) in grid.iter().enumerate() {
        let l = 4 - k;
        let counts: Vec<usize> = row.iter().map(|n| *n as usize).collect();
        assert_eq!(counts, c.summary.heatmap_current[l], "likelihood {}", l + 1);
    }
    let (_, grid, _) = heat_map(&summary, "Target risk", 5, 5);
    let total: f64 = grid.iter().flatten().sum();
    assert_eq!(total as usize, open_with_lh(c, |r| &r.target, 5, 5));

    // RAG by theme: a row per theme, totals as the summary's.
    let (&(row, _), _) = summary
        .iter()
        .find(|(_, v)| matches!(v, Data::String(s) if s.starts_with("Performance RAG status by theme")))
        .unwrap();
    let header = row + 1;
    assert_eq!(
        (1..=5)
            .map(|i| text_at(&summary, header, i))
            .collect::<Vec<_>>(),
        ["Red", "Amber", "Green", "No RAG", "Total"]
    );
    let n = c.summary.rag_by_theme.len() as u32;
    let total_row = header + 1 + n;
    assert_eq!(text_at(&summary, total_row, 0), "Total");
    let all: usize = c.summary.rag_by_theme.values().map(|v| v.total()).sum();
    assert_eq!(number_at(&summary, total_row, 5), Some(all as f64));
    let red: usize = c.summary.rag_by_theme.values().map(|v| v.red).sum();
    assert_eq!(number_at(&summary, total_row, 1), Some(red as f64));

    // The chart, the tables, the trends and the RAG conditional formats are in the file.
    let chart = zip_text(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:grouping val=\"stacked\"/>"));
    assert!(chart.contains("C00000") && chart.contains("FFC000") && chart.contains("00B050"));
    let perf = sheet_xml(&path, 3);
    let lines_with_series = c
        .performance
        .iter()
        .filter(|l| l.series.iter().filter(|p| p.actual.is_some()).count() >= 2)
        .count();
    assert!(lines_with_series > 0);
    // Drawn in text, which prints from LibreOffice as from Excel (no sparkline to print as dots).
    assert!(!perf.contains("<x14:sparkline>"));
    let blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let trends = xlsx_cells(&path, PERFORMANCE)
        .values()
        .filter(|d| matches!(d, Data::String(t) if !t.is_empty() && t.chars().all(|ch| ch == ' ' || blocks.contains(&ch))))
        .count();
    assert_eq!(trends, lines_with_series);
    assert!(perf.contains("beginsWith") && perf.contains("Amber"));
    assert!(perf.contains("hidden=\"1\""));
    let props = zip_text(&path, "docProps/app.xml");
    assert!(props.contains("<Company>Eastmere Borough Council</Company>"));
    let core = zip_text(&path, "docProps/core.xml");
    assert!(core.contains("<dc:creator>goldthread</dc:creator>"));
    // Print setup on every sheet: landscape, the title above and the period below, and
    // nothing printed under 8 pt: one page wide only where that keeps the scale at 75% or
    // more, else at 75% with the reference and title columns repeated on every page.
    let scale = regex::Regex::new(r#"<pageSetup[^>]*\bscale="([0-9]+)""#).unwrap();
    for i in 0..SHEETS.len() {
        let xml = sheet_xml(&path, i);
        assert!(xml.contains("orientation=\"landscape\""), "sheet {i}");
        assert!(xml.contains("<oddFooter>&amp;L2024-25 Q2"), "sheet {i}");
        assert!(xml.contains("<oddHeader>&amp;C"), "sheet {i}");
        match scale.captures(&xml) {
            Some(c) => assert!(c[1].parse::<u32>().unwrap() >= 75, "sheet {i}: {}", &c[1]),
            None => assert!(xml.contains("fitToHeight=\"0\""), "sheet {i}"),
        }
    }
    let widths = |cols: &[(&str, f64)]| cols.iter().map(|c| c.1).collect::<Vec<_>>();
    assert_eq!(
        crate::write::fit_paper(&widths(&register_columns(Register {
            strategic: true,
            compared: true
        }))),
        (8, Some(75)),
        "a register is too wide for one A3 page at 8 pt"
    );
    assert_eq!(
        crate::write::fit_paper(&widths(&PERFORMANCE_COLUMNS)),
        (8, Some(75)),
        "the performance sheet is too wide for one A3 page at 8 pt"
    );
    let workbook = zip_text(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("'Corporate Risk Register'!$B:$C,"),
        "the register repeats its Ref and Risk columns: {workbook}"
    );
    let workbook = zip_text(&path, "xl/workbook.xml");
    assert_eq!(workbook.matches("_xlnm.Print_Titles").count(), SHEETS.len());
}

#[test]
fn an_empty_consolidation_still_makes_the_workbook() {
    let config = Config::default();
    let c = consolidate(Document::default(), q2(), &config, None);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.xlsx");
    write_corporate_workbook(&path, &c, &config).unwrap();
    let x: Xlsx<_> = open_workbook(&path).unwrap();
    // No actions: no Delivery Plan sheet.
    let without_plan: Vec<String> = SHEETS
        .iter()
        .filter(|s| **s != super::delivery_plan::DELIVERY_PLAN)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(x.sheet_names(), without_plan);
    let summary = xlsx_cells(&path, SUMMARY);
    assert_eq!(
        text_at(&summary, 0, 0),
        "Corporate performance and risk report, 2024-25 Q2"
    );
    let (_, grid, _) = heat_map(&summary, "Current risk", 5, 5);
    assert_eq!(grid.iter().flatten().sum::<f64>(), 0.0);
    for sheet in [STRATEGIC, CORPORATE, PERFORMANCE] {
        assert!(refs(&xlsx_cells(&path, sheet)).is_empty(), "{sheet}");
    }
    // No chart without themes.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    assert!(zip.by_name("xl/charts/chart1.xml").is_err());
}

/// A matrix of `h` likelihoods by `w` impacts, with bands spread over its scores.
fn matrix_config(h: usize, w: usize) -> Config {
    let mut config = sample_config();
    config.risk.likelihood = (1..=h).map(|l| format!("Likelihood {l}")).collect();
    config.risk.impact = (1..=w).map(|i| format!("Impact {i}")).collect();
    let max = (h * w) as f64;
    config.risk.bands = vec![
        BandRange {
            band: Band::Low,
            min: 1.0,
            max: 3.0,
        },
        BandRange {
            band: Band::Medium,
            min: 4.0,
            max: 7.0,
        },
        BandRange {
            band: Band::High,
            min: 8.0,
            max: 11.0,
        },
        BandRange {
            band: Band::VeryHigh,
            min: 12.0,
            max,
        },
    ];
    config.risk.escalation_score = 12.0;
    config.validate().unwrap();
    config
}

#[test]
fn other_matrix_shapes_draw_their_own_grid() {
    let (c, _) = samples();
    for (h, w) in [(4, 6), (6, 4)] {
        let config = matrix_config(h, w);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("matrix.xlsx");
        write_corporate_workbook(&path, c, &config).unwrap();
        let summary = xlsx_cells(&path, SUMMARY);
        let (labels, grid, impact) = heat_map(&summary, "Current risk", h, w);
        assert_eq!(labels[0], format!("{h} Likelihood {h}"));
        assert_eq!(labels[h - 1], "1 Likelihood 1");
        assert_eq!(impact[w - 1], format!("{w} Impact {w}"));
        assert_eq!(grid.len(), h);
        assert!(grid.iter().all(|r| r.len() == w));
        assert_eq!(
            grid.iter().flatten().sum::<f64>() as usize,
            open_with_lh(c, |r| &r.current, h, w),
            "{h} x {w}"
        );
        // Nothing beyond the grid: the impact-label row ends at column w.
        let (&(row, _), _) = summary
            .iter()
            .find(|(_, v)| matches!(v, Data::String(s) if s.starts_with("Current risk")))
            .unwrap();
        assert!(!summary.contains_key(&(row + 2 + h as u32, w as u32 + 1)));
        let (labels, grid, _) = heat_map(&summary, "Target risk", h, w);
        assert_eq!(labels[0], format!("{h} Likelihood {h}"));
        assert_eq!(
            grid.iter().flatten().sum::<f64>() as usize,
            open_with_lh(c, |r| &r.target, h, w),
            "{h} x {w} target"
        );
    }
}

#[test]
fn hostile_text_and_values_do_not_panic() {
    let config = {
        let mut c = Config::default();
        c.framework.council = Some(format!("Smith & Jones {}", "Council ".repeat(200)));
        c
    };
    let long = "é".repeat(40_000);
    let risk = |id: &str, l: f64, i: f64| Risk {
        id: id.into(),
        title: Some(long.clone()),
        description: Some(long.clone()),
        theme: Some(long.clone()),
        directorate: Some("Place & Growth".into()),
        current: Rating::of(l, i),
        inherent: Rating {
            likelihood: Some(f64::NAN),
            impact: Some(f64::INFINITY),
            score: None,
        },
        last_reviewed: NaiveDate::from_ymd_opt(1850, 1, 1),
        next_review: NaiveDate::from_ymd_opt(2024, 1, 1),
        source: row_two(),
        ..Default::default()
    };
    let doc = Document {
        risks: vec![
            risk("R1", 5.0, 5.0),
            risk("R2", 9.0, 2.0),
            risk(&"Z".repeat(40_000), 2.5, 1.0),
        ],
        as_of: NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    let mut c = consolidate(doc, q2(), &config, None);
    c.summary
        .rag_by_theme
        .insert(long.clone(), Default::default());
    c.performance.push(crate::consolidate::MeasureLine {
        rag_reported: None,
        measure_id: "M1".into(),
        title: Some(long.clone()),
        directorate: None,
        service: None,
        theme: None,
        priority: None,
        kind: None,
        unit: Some(crate::schema::Unit::Currency),
        polarity: None,
        owner: None,
        period: Some("2024-25 Q2".into()),
        actual: Some(f64::NAN),
        target: Some(1234.5),
        rag: None,
        direction: None,
        direction_year: None,
        commentary: Some(long.clone()),
        benchmark: None,
        series: (0..500)
            .map(|i| crate::consolidate::Point {
                period: format!("P{i}"),
                actual: Some(i as f64),
            })
            .collect(),
        rag_change: Some("red -> green".into()),
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.xlsx");
    write_corporate_workbook(&path, &c, &config).unwrap();
    let corporate = xlsx_cells(&path, CORPORATE);
    assert_eq!(refs(&corporate).len(), 3);
    let perf = xlsx_cells(&path, PERFORMANCE);
    let row = HEADER_ROW + 2;
    assert_eq!(text_at(&perf, row, 1), "M1");
    assert_eq!(text_at(&perf, row, 13), "Red → Green");
    // The latest values only, in the hidden series columns.
    let series: Vec<f64> = (SERIES_COL as u32..SERIES_COL as u32 + 100)
        .filter_map(|col| number_at(&perf, row, col))
        .collect();
    assert_eq!(series.len(), MAX_SERIES);
    assert_eq!(series.last(), Some(&499.0));
    let summary = xlsx_cells(&path, SUMMARY);
    assert!(text_at(&summary, 0, 0).starts_with("Smith & Jones Council"));
    let footer = sheet_xml(&path, 0);
    assert!(footer.contains("<oddHeader>") || footer.contains("<oddFooter>"));
}

#[test]
fn a_matrix_too_large_to_draw_is_noted() {
    let (c, _) = samples();
    let mut config = sample_config();
    config.risk.impact = (1..=20_000).map(|i| format!("I{i}")).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.xlsx");
    write_corporate_workbook(&path, c, &config).unwrap();
    let summary = xlsx_cells(&path, SUMMARY);
    assert!(summary.values().any(
        |v| matches!(v, Data::String(s) if s == "The configured 5 x 20000 matrix is too large to draw here.")
    ));
}

#[test]
fn wrapped_lines_fast_path_agrees_with_the_count() {
    use proptest::prelude::*;
    proptest!(|(text in "[a-z \\n\u{e9}\u{2028}]{0,60}", width in 1.0f64..60.0)| {
        let cap = (width * 1.25 - 1.0).floor().max(1.0) as usize;
        prop_assert_eq!(wrapped_lines(&text, width), count_lines(&text, cap).clamp(1, MAX_LINES));
    });
}

#[test]
fn wrapped_lines_follow_the_column_width() {
    assert_eq!(wrapped_lines("", 20.0), 1);
    assert_eq!(wrapped_lines("short", 20.0), 1);
    assert_eq!(wrapped_lines("one\ntwo\nthree", 40.0), 3);
    // 10 words of 9 characters in a column 20 wide (24 characters): two words a line.
    let text = ["abcdefghi"; 10].join(" ");
    assert_eq!(wrapped_lines(&text, 20.0), 5);
    // A word longer than the column breaks across lines; a huge text stops at the cap.
    assert_eq!(wrapped_lines(&"x".repeat(60), 20.0), 3);
    assert_eq!(wrapped_lines(&"word ".repeat(100_000), 10.0), MAX_LINES);
}

pub(super) mod by_other_tools;
mod register_rows;
