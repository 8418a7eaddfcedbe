//! Tests of the corporate workbook: the bundled samples consolidated by the real pipeline,
//! written, and read back with calamine (and, where installed, converted by LibreOffice and
//! loaded by openpyxl); an empty consolidation; other matrix shapes; hostile text.

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

const SHEETS: [&str; 6] = [
    SUMMARY,
    STRATEGIC,
    CORPORATE,
    PERFORMANCE,
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
fn samples() -> &'static (Consolidation, Config) {
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

fn xlsx_cells(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    let mut x: Xlsx<_> = open_workbook(path).expect("opens with calamine");
    cells_of(&mut x, sheet)
}

fn text_at(cells: &BTreeMap<(u32, u32), Data>, row: u32, col: u32) -> String {
    match cells.get(&(row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(n)) => crate::read::format_number(*n),
        Some(Data::Int(n)) => n.to_string(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

fn number_at(cells: &BTreeMap<(u32, u32), Data>, row: u32, col: u32) -> Option<f64> {
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

fn zip_text(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

/// The zip part of a sheet by its position (sheet1.xml is the first).
fn sheet_xml(path: &Path, index: usize) -> String {
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
    assert_eq!(x.sheet_names(), SHEETS.map(String::from).to_vec());
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
        current: Rating {
            likelihood: Some(l),
            impact: Some(i),
            score: Some(l * i),
        },
        inherent: Rating {
            likelihood: Some(f64::NAN),
            impact: Some(f64::INFINITY),
            score: None,
        },
        last_reviewed: NaiveDate::from_ymd_opt(1850, 1, 1),
        next_review: NaiveDate::from_ymd_opt(2024, 1, 1),
        source: Source {
            file: "a.xlsx".into(),
            sheet: "R".into(),
            row: 2,
            cell: None,
        },
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

/// Runs a command we started, killing it (by its own id) if it takes longer than `limit`.
fn run_with_limit(cmd: &mut std::process::Command, limit: Duration) -> Option<bool> {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status.success()),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(200)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Some(false);
            }
        }
    }
}

/// Whether LibreOffice is here (see [`crate::write::tool_here`]).
fn has_soffice(check: &str) -> bool {
    let here = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    crate::write::tool_here(here, "LibreOffice (soffice)", check)
}

/// Converts `path` with LibreOffice to `format` (its extension, or a filter) into `out`,
/// returning the converted file's path.
fn soffice_convert(path: &Path, format: &str, out: &Path) -> PathBuf {
    let profile = out.join("profile");
    let ok = run_with_limit(
        std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", format, "--outdir"])
            .arg(out)
            .arg(path),
        Duration::from_secs(180),
    );
    assert_eq!(
        ok,
        Some(true),
        "soffice converts {} to {format}",
        path.display()
    );
    let ext = format.split(':').next().unwrap_or(format);
    out.join(path.with_extension(ext).file_name().unwrap())
}

/// Printed through LibreOffice, no text of the committee workbook or the data-quality report is
/// smaller than 8 pt on any page: each text run's size is its font size times the scales of
/// its text and page (read with pypdf).
#[test]
fn printed_by_libreoffice_no_text_is_under_8_points() {
    if !has_soffice("the print size check")
        || !crate::write::has_python_module("pypdf", "the print size check")
    {
        return;
    }
    let (c, config) = samples();
    let dir = tempfile::tempdir().unwrap();
    let corporate = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&corporate, c, config).unwrap();
    let report = dir.path().join("data-quality.xlsx");
    crate::write::write_findings_report(&report, &c.findings, "Data quality findings").unwrap();
    let script = r#"
import sys
from pypdf import PdfReader
for path in sys.argv[1:]:
    for n, page in enumerate(PdfReader(path).pages):
        sizes = []
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes.append(size * abs(tm[0]) * abs(cm[0]))
        page.extract_text(visitor_text=visit)
        box = page.mediabox
        print(path.rsplit('/', 1)[-1], n + 1, round(float(box.width)), round(min(sizes), 2) if sizes else 99)
"#;
    let pdfs = [
        soffice_convert(&corporate, "pdf", dir.path()),
        soffice_convert(&report, "pdf", dir.path()),
    ];
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&pdfs)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages = 0;
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (width, smallest): (f64, f64) = (parts[2].parse().unwrap(), parts[3].parse().unwrap());
        // A4 (842 points wide in landscape) or A3 (1191), never Letter.
        assert!(width == 842.0 || width == 1191.0, "{line}: paper");
        assert!(smallest >= 8.0, "{line}: text under 8 pt");
        pages += 1;
    }
    assert!(pages >= 4, "{text}");
}

#[test]
fn libreoffice_converts_the_workbook() {
    if !has_soffice("the conversion check") {
        return;
    }
    let (c, config) = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&path, c, config).unwrap();
    let want_refs: Vec<String> = c.risks.iter().map(|r| r.risk.id.clone()).collect();
    for format in ["xlsx", "ods"] {
        let converted = soffice_convert(&path, format, &dir.path().join(format!("lo-{format}")));
        assert!(converted.exists(), "{format}: converted file written");
        let mut wb = open_workbook_auto(&converted).expect("converted workbook opens");
        assert_eq!(
            wb.sheet_names(),
            SHEETS.map(String::from).to_vec(),
            "{format}"
        );
        let corporate = cells_of(&mut wb, CORPORATE);
        assert_eq!(refs(&corporate), want_refs, "{format}");
        let strategic = cells_of(&mut wb, STRATEGIC);
        let escalated: Vec<String> = c.strategic().iter().map(|r| r.risk.id.clone()).collect();
        assert_eq!(refs(&strategic), escalated, "{format}");
        println!("LibreOffice converted the workbook to {format} and it reads back");
    }
}

#[test]
fn openpyxl_loads_the_workbook() {
    if !super::super::has_openpyxl("openpyxl check") {
        return;
    }
    let (c, config) = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&path, c, config).unwrap();
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Corporate Risk Register"]
print(len(wb.sheetnames), ws.freeze_panes, ws.auto_filter.ref is not None, ws.print_title_rows)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("6 D6 True"), "{text}");
}

/// Risks whose text and numbers test the registers' own XML (see `raw`): markup, control
/// characters, Excel's `_xHHHH_` escapes written literally, spaces at the edges, text past
/// Excel's limit, and numbers and dates of every shape.
fn awkward_consolidation() -> Consolidation {
    let texts = [
        "Fish & chips <b>bold</b> \"quoted\" 'single'",
        "bell\u{7} tab\t cr\r form\u{c} escape\u{1b} nul\u{0}",
        "_x0041_ is not A; _x00e9_ nor é; _x12_ and _xZZZZ_ stay",
        "  leading spaces",
        "trailing newline\n",
        "line one\nline two\nline three",
        "non-characters \u{FFFE} and \u{FFFF}, and ☂ 𝄞",
    ];
    let numbers = [
        0.1,
        1e20,
        -3.5,
        -0.0,
        f64::NAN,
        12_345_678_901_234_567.0,
        2.5e-9,
    ];
    let risks = texts
        .iter()
        .zip(numbers)
        .enumerate()
        .map(|(i, (text, n))| Risk {
            id: format!("AW{i}"),
            title: Some((*text).to_string()),
            description: Some(if i == 0 {
                "x".repeat(40_000)
            } else {
                text.repeat(3)
            }),
            owner: Some(format!("Owner {text}")),
            controls: Some((*text).to_string()),
            theme: Some(
                if i % 2 == 0 {
                    "Place & <Growth>"
                } else {
                    "_x0020_"
                }
                .into(),
            ),
            directorate: Some("Place".into()),
            current: Rating {
                likelihood: Some(n),
                impact: Some(4.0),
                score: Some(n * 4.0),
            },
            inherent: Rating {
                likelihood: Some(5.0),
                impact: Some(5.0),
                score: Some(25.0),
            },
            last_reviewed: NaiveDate::from_ymd_opt(if i == 1 { 1850 } else { 2024 }, 7, 1),
            next_review: NaiveDate::from_ymd_opt(2024, 1 + i as u32, 28),
            source: Source {
                file: "a.xlsx".into(),
                sheet: "R".into(),
                row: 2 + i as u32,
                cell: None,
            },
            ..Default::default()
        })
        .collect();
    let doc = Document {
        risks,
        as_of: NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    consolidate(doc, q2(), &Config::default(), None)
}

#[test]
fn register_text_and_numbers_read_back_exactly() {
    let c = awkward_consolidation();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("awkward.xlsx");
    write_corporate_workbook(&path, &c, &Config::default()).unwrap();
    let cells = xlsx_cells(&path, CORPORATE);
    assert_eq!(refs(&cells).len(), c.risks.len());
    for cr in &c.risks {
        let r = &cr.risk;
        let row = (HEADER_ROW + 1..)
            .take(100)
            .find(|&row| text_at(&cells, row, 1) == r.id)
            .unwrap_or_else(|| panic!("{} is in the register", r.id));
        let want = |s: &Option<String>| excel_text(s.as_deref().unwrap_or("")).into_owned();
        assert_eq!(text_at(&cells, row, 2), want(&r.title), "{} title", r.id);
        assert_eq!(
            text_at(&cells, row, 3),
            want(&r.description),
            "{} description",
            r.id
        );
        assert_eq!(
            text_at(&cells, row, 15),
            want(&r.controls),
            "{} controls",
            r.id
        );
        let finite = |n: Option<f64>| n.filter(|n| n.is_finite());
        assert_eq!(
            number_at(&cells, row, 8),
            finite(r.current.likelihood),
            "{} L",
            r.id
        );
        assert_eq!(
            number_at(&cells, row, 10),
            finite(r.current.score),
            "{} score",
            r.id
        );
        match r.last_reviewed {
            Some(d) if d.year() < 1900 => {
                assert_eq!(text_at(&cells, row, 18), d.format("%d/%m/%Y").to_string());
            }
            Some(d) => match cells.get(&(row, 18)) {
                Some(Data::DateTime(dt)) => assert_eq!(dt.as_datetime().unwrap().date(), d),
                other => panic!("{}: last review is not a date: {other:?}", r.id),
            },
            None => {}
        }
    }
    // The theme rows, escaped like the rest.
    let themes = theme_rows(&cells);
    assert!(
        themes.iter().any(|t| t.starts_with("Place & <Growth> (")),
        "{themes:?}"
    );
    assert!(
        themes.iter().any(|t| t.starts_with("_x0020_ (")),
        "{themes:?}"
    );
}

/// The registers' rows are written as XML by goldthread itself (see `raw`). The same rows
/// written by rust_xlsxwriter must read back the same in openpyxl, cell for cell: value,
/// number format, font, fill, alignment, borders, and the height of each row.
#[test]
fn register_rows_read_as_rust_xlsxwriter_writes_them() {
    if !super::super::has_openpyxl("register rows check") {
        return;
    }
    let (samples, config) = samples();
    let mut c = samples.clone();
    c.risks.extend(awkward_consolidation().risks);
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.xlsx");
    write_corporate_workbook(&ours, &c, config).unwrap();

    // The same rows through rust_xlsxwriter: the register sheets with nothing above the rows,
    // their text inline as ours is (openpyxl reads Excel's `_xHHHH_` escapes in shared strings
    // only; calamine reads them in both, tested above).
    let reference = dir.path().join("reference.xlsx");
    let f = Formats::new();
    let mut workbook = Workbook::new();
    for (name, strategic, risks) in [
        (STRATEGIC, true, c.strategic()),
        (CORPORATE, false, c.risks.iter().collect()),
    ] {
        let ws = workbook
            .add_worksheet_with_constant_memory()
            .unwrap()
            .set_name(name)
            .unwrap();
        let kind = Register {
            strategic,
            compared: c.movement.compared,
        };
        let columns = register_columns(kind);
        register_rows(ws, &risks, config, c.as_of, kind, &columns, &f).unwrap();
    }
    workbook.save(&reference).unwrap();

    let script = r#"
import sys, openpyxl
def look(c):
    f, a, fl, b = c.font, c.alignment, c.fill, c.border
    return (c.value, c.number_format, f.b, f.i, f.sz, f.color.rgb if f.color is not None else None,
            fl.fill_type, fl.fgColor.rgb if fl.fill_type else None,
            a.horizontal, a.vertical, a.wrap_text,
            b.top.style, b.bottom.style, b.left.style, b.right.style)
ours, ref = openpyxl.load_workbook(sys.argv[1]), openpyxl.load_workbook(sys.argv[2])
compared = differences = 0
for name in ref.sheetnames:
    x, y = ours[name], ref[name]
    first = int(sys.argv[3])
    for r in range(first, max(x.max_row, y.max_row) + 1):
        if x.row_dimensions[r].height != y.row_dimensions[r].height:
            differences += 1
            print(name, "row", r, x.row_dimensions[r].height, y.row_dimensions[r].height)
        for col in range(1, max(x.max_column, y.max_column) + 1):
            # A blank cell in its column's format is left out of ours: the column shows it.
            if (r, col) not in x._cells or (r, col) not in y._cells:
                if x.cell(r, col).value is None and y.cell(r, col).value is None:
                    continue
            compared += 1
            if look(x.cell(r, col)) != look(y.cell(r, col)):
                differences += 1
                print(name, x.cell(r, col).coordinate, look(x.cell(r, col)), look(y.cell(r, col)))
print("compared", compared, "differences", differences)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&ours)
        .arg(&reference)
        .arg((HEADER_ROW + 2).to_string())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = text.lines().last().unwrap_or_default();
    let compared: usize = last
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(compared > 20 * c.risks.len(), "{text}");
    assert!(last.ends_with("differences 0"), "{text}");
}

/// Any text and any numbers in a risk come back from the corporate register as they went in
/// (text cut to Excel's limit; numbers Excel cannot hold left blank).
#[test]
fn any_risk_reads_back_from_the_register() {
    use proptest::prelude::*;
    let config = ProptestConfig::with_cases(24);
    let text = "(\\PC|[\\x00-\\x1f\\u{fffe}\\u{ffff}_x0-9A-F&<> ]){0,30}";
    proptest!(config, |(
        title in text,
        owner in text,
        numbers in proptest::collection::vec(any::<f64>(), 3),
    )| {
        let risk = Risk {
            id: "P1".into(),
            title: Some(title.clone()),
            owner: Some(owner.clone()),
            current: Rating {
                likelihood: Some(numbers[0]),
                impact: Some(numbers[1]),
                score: Some(numbers[2]),
            },
            source: Source {
                file: "a.xlsx".into(),
                sheet: "R".into(),
                row: 2,
                cell: None,
            },
            ..Default::default()
        };
        let doc = Document { risks: vec![risk], ..Default::default() };
        let c = consolidate(doc, q2(), &Config::default(), None);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("any.xlsx");
        write_corporate_workbook(&path, &c, &Config::default()).unwrap();
        let cells = xlsx_cells(&path, CORPORATE);
        let row = HEADER_ROW + 2; // below the theme row
        prop_assert_eq!(text_at(&cells, row, 1), "P1");
        prop_assert_eq!(text_at(&cells, row, 2), title);
        prop_assert_eq!(text_at(&cells, row, 4), owner);
        for (col, n) in [(8, numbers[0]), (9, numbers[1]), (10, numbers[2])] {
            prop_assert_eq!(number_at(&cells, row, col), Some(n).filter(|n| n.is_finite()));
        }
    });
}

#[test]
fn trends_are_drawn_in_blocks_and_reasons_in_words() {
    assert_eq!(trend_text(&[Some(1.0), Some(2.0), None, Some(8.0)]), "▁▂ █");
    assert_eq!(trend_text(&[Some(5.0), Some(5.0)]), "▄▄");
    assert_eq!(trend_text(&[Some(5.0)]), "");
    assert_eq!(
        escalation_in_words("score 16 >= 15; flagged by directorate"),
        "Current score 16 is at or above the escalation threshold of 15; Flagged for escalation by its directorate"
    );
}
