//! Tests of normalising sheets built in memory.

use std::sync::Arc;

use super::*;
use crate::read::testkit::{merge, num, text};
use crate::read::{Cell, CellStyle, Format, Sheet, Value, Visibility, Workbook};
use crate::schema::{Band, Direction, Rag, RagSource, RiskStatus, Unit};

fn styled(row: u32, col: u32, value: Option<Value>, fill: Option<u32>, fmt: Option<&str>) -> Cell {
    let style = CellStyle {
        fill,
        number_format: fmt.map(str::to_string),
        bold: false,
    };
    Cell {
        row,
        col,
        value,
        style: Some(Arc::new(style)),
    }
}

fn run(name: &str, sheets: Vec<Sheet>) -> Document {
    let wb = Workbook {
        file: name.into(),
        format: Format::Xlsx,
        sheets,
        notes: vec![],
    };
    let input = InputFile {
        path: name.into(),
        display: name.into(),
    };
    let opts = Options::default();
    let mut doc = Document::default();
    normalise_workbook(&wb, &input, &opts, &mut doc);
    finish(&mut doc, &opts);
    doc
}

fn sheet(name: &str, cells: Vec<Cell>) -> Sheet {
    Sheet::from_cells(name.into(), Visibility::Visible, cells, vec![])
}

fn assert_every_cell_accounted(doc: &Document) {
    let c = &doc.summary.cells;
    assert_eq!(
        c.read,
        c.mapped + c.extra + c.skipped_total(),
        "cells: {c:?}"
    );
}

#[test]
fn risk_ratings_in_every_form() {
    let header = [
        "Risk Ref",
        "Risk Title",
        "Inherent Rating",
        "Likelihood",
        "Impact",
        "Target Score",
        "Status",
        "Notes",
    ];
    let mut cells: Vec<Cell> = header
        .iter()
        .enumerate()
        .map(|(c, h)| text(0, c as u32, h))
        .collect();
    cells.extend([
        text(1, 0, "R1"),
        text(1, 1, "Flooding"),
        text(1, 2, "4 x 5 = 20"),
        text(1, 3, "4 - Likely"),
        text(1, 4, "Major"),
        num(1, 5, 6.0),
    ]);
    cells.extend([
        text(2, 0, "R2"),
        text(2, 1, "Cyber"),
        text(2, 2, "L3 I4 (12)"),
        num(2, 3, 2.0),
        num(2, 4, 3.0),
        text(2, 5, "n/a"),
        text(2, 6, "Closed"),
        text(2, 7, "see log"),
    ]);
    let doc = run("r.xlsx", vec![sheet("Risks", cells)]);
    let r1 = &doc.risks[0];
    assert_eq!(
        (
            r1.inherent.likelihood,
            r1.inherent.impact,
            r1.inherent.score
        ),
        (Some(4.0), Some(5.0), Some(20.0))
    );
    assert_eq!(
        (r1.current.likelihood, r1.current.impact, r1.current.score),
        (Some(4.0), Some(4.0), Some(16.0))
    );
    assert_eq!(r1.rating, Some(Band::VeryHigh));
    assert_eq!(r1.target.score, Some(6.0));
    assert_eq!(r1.status, RiskStatus::Open);
    let r2 = &doc.risks[1];
    assert_eq!(r2.inherent.score, Some(12.0));
    assert_eq!(r2.current.score, Some(6.0));
    assert_eq!(r2.rating, Some(Band::Medium));
    assert_eq!(r2.target.score, None);
    assert_eq!(r2.status, RiskStatus::Closed);
    assert_eq!(r2.extra.get("Notes").map(String::as_str), Some("see log"));
    assert_eq!(r2.source.row, 3);
    assert_eq!(doc.summary.missing_values, 1);
    assert_every_cell_accounted(&doc);
}

#[test]
fn unreadable_values_are_kept_and_reported_at_the_cell() {
    let cells = vec![
        text(0, 0, "Risk Ref"),
        text(0, 1, "Risk"),
        text(0, 2, "Likelihood"),
        text(0, 3, "Last Review"),
        text(1, 0, "R1"),
        text(1, 1, "Flooding"),
        text(1, 2, "quite likely"),
        text(1, 3, "soon"),
    ];
    let doc = run("r.xlsx", vec![sheet("Risks", cells)]);
    let cells: Vec<_> = doc
        .findings
        .iter()
        .map(|f| f.cell.clone().unwrap_or_default())
        .collect();
    assert_eq!(cells, vec!["C2", "D2"]);
    assert!(doc
        .findings
        .iter()
        .all(|f| f.rule == "value-unreadable" && f.record_id.as_deref() == Some("R1")));
    assert_eq!(
        doc.risks[0].extra.get("Likelihood").map(String::as_str),
        Some("quite likely")
    );
    assert_eq!(
        doc.risks[0].extra.get("Last Review").map(String::as_str),
        Some("soon")
    );
    assert_every_cell_accounted(&doc);
}

#[test]
fn percentages_rag_colours_and_computed_values() {
    const RED: u32 = 0xFFFF0000;
    let cells = vec![
        text(0, 0, "Performance 2024/25"),
        text(1, 0, "Ref"),
        text(1, 1, "Measure"),
        text(1, 2, "Polarity"),
        text(1, 3, "Target"),
        text(1, 4, "Q1 Actual"),
        text(1, 5, "Q2 Actual"),
        text(1, 6, "Q2 Status"),
        text(2, 0, "P1"),
        text(2, 1, "Calls answered"),
        text(2, 2, "Higher is better"),
        styled(2, 3, Some(Value::Number(0.9)), None, Some("0%")),
        styled(2, 4, Some(Value::Number(0.85)), None, Some("0.0%")),
        styled(2, 5, Some(Value::Number(0.8)), None, Some("0.0%")),
        styled(2, 6, None, Some(RED), None),
        text(3, 0, "P2"),
        text(3, 1, "Days to process claims"),
        text(3, 2, "Lower is better"),
        text(3, 3, "20 days"),
        text(3, 4, "n/a"),
        text(3, 5, "19.5"),
    ];
    let doc = run("p.xlsx", vec![sheet("Scorecard", cells)]);
    assert_eq!(doc.measures[0].unit, Some(Unit::Percent));
    assert_eq!(doc.measures[1].unit, Some(Unit::Days));
    let o: Vec<_> = doc
        .observations
        .iter()
        .map(|o| {
            (
                o.measure_id.as_str(),
                o.period_or_none(),
                o.actual,
                o.target,
            )
        })
        .collect();
    assert_eq!(
        o,
        vec![
            ("P1", "2024-25 Q1", Some(85.0), Some(90.0)),
            ("P1", "2024-25 Q2", Some(80.0), Some(90.0)),
            ("P2", "2024-25 Q1", None, Some(20.0)),
            ("P2", "2024-25 Q2", Some(19.5), Some(20.0)),
        ]
    );
    let q1 = &doc.observations[0];
    assert_eq!(
        (q1.rag, q1.rag_source),
        (Some(Rag::Red), Some(RagSource::Computed))
    );
    let q2 = &doc.observations[1];
    assert_eq!(
        (q2.rag, q2.rag_source),
        (Some(Rag::Red), Some(RagSource::Reported))
    );
    assert_eq!(
        (q2.direction, q2.direction_source),
        (Some(Direction::Worsening), Some(RagSource::Computed))
    );
    assert_eq!(doc.observations[3].rag, Some(Rag::Green));
    assert_eq!(doc.summary.missing_values, 1);
    assert_every_cell_accounted(&doc);
}

#[test]
fn long_return_makes_one_measure_per_reference() {
    let header = [
        "PI Code", "PI Name", "Period", "Actual", "Target", "Status", "Polarity",
    ];
    let mut cells: Vec<Cell> = header
        .iter()
        .enumerate()
        .map(|(c, h)| text(0, c as u32, h))
        .collect();
    for (r, period, actual, status) in [
        (1u32, "Q1 2024/25", "£1,234", "On target"),
        (2, "2024/25 Q2", "(1,200)", "Off target"),
    ] {
        cells.extend([
            text(r, 0, "F1"),
            text(r, 1, "Net spend"),
            text(r, 2, period),
            text(r, 3, actual),
            num(r, 4, 1000.0),
            text(r, 5, status),
            text(r, 6, "Lower is better"),
        ]);
    }
    let doc = run("long.csv", vec![sheet("long", cells)]);
    assert_eq!(doc.measures.len(), 1);
    assert_eq!(doc.measures[0].unit, Some(Unit::Currency));
    assert_eq!(doc.observations.len(), 2);
    assert_eq!(doc.observations[0].actual, Some(1234.0));
    assert_eq!(doc.observations[1].actual, Some(-1200.0));
    assert_eq!(doc.observations[1].period.as_deref(), Some("2024-25 Q2"));
    assert_eq!(doc.observations[1].rag, Some(Rag::Red));
    assert_eq!(doc.observations[1].direction, Some(Direction::Improving));
    assert_every_cell_accounted(&doc);
}

#[test]
fn context_from_titles_sections_and_sheet_names() {
    let mut cells = vec![
        text(0, 0, "Place Directorate Risk Register"),
        text(1, 0, "Risk Ref"),
        text(1, 1, "Risk"),
        text(1, 2, "Score"),
        text(2, 0, "Shaping Places"),
    ];
    cells.extend([text(3, 0, "H1"), text(3, 1, "Potholes"), num(3, 2, 12.0)]);
    cells.push(text(5, 0, "Key: scores are L x I"));
    let merges = vec![merge(2, 0, 2, 2)];
    let doc = run(
        "x.xlsx",
        vec![Sheet::from_cells(
            "Highways".into(),
            Visibility::Visible,
            cells,
            merges,
        )],
    );
    let r = &doc.risks[0];
    assert_eq!(r.directorate.as_deref(), Some("Place"));
    assert_eq!(r.service.as_deref(), Some("Highways"));
    assert_eq!(r.theme.as_deref(), Some("Shaping Places"));
    let skipped = &doc.summary.cells.skipped;
    assert_eq!(skipped.get("title"), Some(&1));
    assert_eq!(skipped.get("section label"), Some(&1));
    assert_eq!(skipped.get("footnote"), Some(&1));
    assert_every_cell_accounted(&doc);
}

#[test]
fn rows_without_reference_or_title_are_reported_not_lost() {
    let cells = vec![
        text(0, 0, "Risk Ref"),
        text(0, 1, "Risk"),
        text(0, 2, "Likelihood"),
        text(0, 3, "Impact"),
        text(1, 0, "R1"),
        text(1, 1, "Flooding"),
        num(1, 2, 2.0),
        num(1, 3, 2.0),
        num(2, 2, 3.0),
        num(2, 3, 3.0),
    ];
    let doc = run("r.xlsx", vec![sheet("Risks", cells)]);
    assert_eq!(doc.risks.len(), 1);
    assert_eq!(doc.findings[0].rule, "row-unidentified");
    assert_eq!(doc.findings[0].row, Some(3));
    assert_eq!(
        doc.summary
            .cells
            .skipped
            .get("row without a reference or title"),
        Some(&2)
    );
    assert_every_cell_accounted(&doc);
}

/// Every sample read as a stream from a few rows on gives the same document as read whole.
#[test]
fn streamed_sheets_read_as_whole_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let opts = Options {
        config: Config::load(&root.join("goldthread.toml")).expect("config"),
        ..Default::default()
    };
    let found = read::discover(std::slice::from_ref(&root));
    assert!(found.files.len() >= 9);
    let mut streamed_any = 0;
    for input in &found.files {
        let whole = normalise_file_with(input, &opts, usize::MAX, None);
        for head in 5..40 {
            let streamed = normalise_file_with(input, &opts, head, None);
            let json = |d: &Document| serde_json::to_string_pretty(d).unwrap();
            assert_same(
                &json(&streamed),
                &json(&whole),
                &format!("{} from row {head}", input.display),
            );
            streamed_any += 1;
        }
    }
    assert!(streamed_any > 0);
}

fn assert_same(a: &str, b: &str, what: &str) {
    if a != b {
        let first = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let near = |t: &str| {
            t.lines()
                .skip(first.saturating_sub(8))
                .take(40)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!("{what}: streamed\n{}\nwhole\n{}", near(a), near(b));
    }
}

/// A long sheet with section labels, a second table after a gap, and footnotes: read as a
/// stream from any row on, it gives what the whole sheet gives.
#[test]
fn a_second_table_and_footnotes_are_found_in_a_stream() {
    use rust_xlsxwriter::{Format as XFormat, Workbook as XWorkbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    let mut wb = XWorkbook::new();
    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    let bold = XFormat::new().set_bold();
    ws.write(0, 0, "Corporate Risk Register 2024/25").unwrap();
    let mut r = 2;
    for (t, prefix) in [(0, "CR"), (1, "OR")] {
        if t == 1 {
            ws.merge_range(r, 1, r, 3, "Current", &bold).unwrap();
            r += 1;
        }
        for (c, h) in [
            "Risk ID",
            "Risk Title",
            "Likelihood",
            "Impact",
            "Risk Owner",
        ]
        .iter()
        .enumerate()
        {
            ws.write(r, c as u16, *h).unwrap();
        }
        r += 1;
        for i in 0..14u32 {
            if i % 5 == 0 {
                ws.write_with_format(r, 0, format!("Theme {i}"), &bold)
                    .unwrap();
                r += 1;
            }
            ws.write(r, 0, format!("{prefix}-{i:02}")).unwrap();
            ws.write(r, 1, format!("Risk {i} of table {t}")).unwrap();
            ws.write(r, 2, f64::from(i % 5 + 1)).unwrap();
            ws.write(r, 3, f64::from((i + 2) % 5 + 1)).unwrap();
            if i % 4 != 0 {
                ws.write(r, 4, format!("Owner {i}")).unwrap();
            }
            r += 1;
        }
        ws.write_with_format(r, 0, "Scores are likelihood x impact.", &bold)
            .unwrap();
        r += 3;
    }
    wb.save(&path).unwrap();
    let input = InputFile {
        display: "register.xlsx".into(),
        path,
    };
    let opts = Options::default();
    let whole = normalise_file_with(&input, &opts, usize::MAX, None);
    assert_eq!(
        whole.files[0].sheets[0].header_rows.len(),
        2,
        "{:?}",
        whole.files[0]
    );
    assert_eq!(whole.risks.len(), 28);
    let json = |d: &Document| serde_json::to_string_pretty(d).unwrap();
    for head in 4..45 {
        let streamed = normalise_file_with(&input, &opts, head, None);
        assert_same(&json(&streamed), &json(&whole), &format!("from row {head}"));
    }
}

#[test]
fn directorate_beside_a_register_in_a_title_or_file_name() {
    assert_eq!(
        named_beside_register(
            "Directorate Risk Register – Communities and Neighbourhoods – Q2 2024/25",
            true
        )
        .as_deref(),
        Some("Communities and Neighbourhoods")
    );
    assert_eq!(
        named_beside_register("Growth and Regeneration - Risk Register", false).as_deref(),
        Some("Growth and Regeneration")
    );
    assert_eq!(
        named_beside_register("Eastmere Borough Council – Corporate Risk Register", false),
        None
    );
    assert_eq!(named_beside_register("Risk Register 2024-25", false), None);
    // A title must say it is a directorate's register.
    assert_eq!(
        named_beside_register("Flood Scheme – Risk Register", true),
        None
    );
}

#[test]
fn a_returns_owner_is_named_before_what_it_is() {
    use super::{named_before_return, names_a_service};
    let n = |t: &str| named_before_return(t);
    assert_eq!(
        n("Adults and Health Performance 2024/25").as_deref(),
        Some("Adults and Health")
    );
    assert_eq!(n("adults performance").as_deref(), Some("Adults"));
    assert_eq!(n("resources kpis export").as_deref(), Some("Resources"));
    assert_eq!(n("Eastmere Borough Council Risk Register"), None);
    assert_eq!(n("Corporate Risk Register"), None);
    assert_eq!(n("capital programme risk register"), None);
    assert_eq!(n("household waste recycling"), None);
    assert_eq!(n("risks"), None);
    assert!(names_a_service("Customer Services") && names_a_service("Finance"));
    assert!(!names_a_service("Helping People") && !names_a_service("Shaping Places"));
}

/// A measure's own tolerance ("Tolerance %" column) decides amber against red in place of the
/// configured 5%: 80 against 85 is 5.9% short, red at 5% and amber at 10%.
#[test]
fn a_measures_own_tolerance_decides_its_computed_rag() {
    let cells = vec![
        text(0, 0, "Scorecard 2024/25"),
        text(1, 0, "Ref"),
        text(1, 1, "Measure"),
        text(1, 2, "Polarity"),
        text(1, 3, "Target"),
        text(1, 4, "Tolerance %"),
        text(1, 5, "Q2 Actual"),
        text(2, 0, "T1"),
        text(2, 1, "Calls answered within a minute"),
        text(2, 2, "Higher is better"),
        num(2, 3, 85.0),
        num(2, 4, 10.0),
        num(2, 5, 80.0),
        text(3, 0, "T2"),
        text(3, 1, "Emails answered within a day"),
        text(3, 2, "Higher is better"),
        num(3, 3, 85.0),
        num(3, 5, 80.0),
    ];
    let doc = run("t.xlsx", vec![sheet("Scorecard", cells)]);
    assert_eq!(doc.measures[0].tolerance, Some(10.0));
    assert_eq!(doc.measures[1].tolerance, None);
    let rags: Vec<_> = doc
        .observations
        .iter()
        .map(|o| (o.rag, o.rag_source))
        .collect();
    assert_eq!(
        rags,
        [
            (Some(Rag::Amber), Some(RagSource::Computed)),
            (Some(Rag::Red), Some(RagSource::Computed)),
        ]
    );
    assert_every_cell_accounted(&doc);
}

#[test]
fn a_catalogue_that_cannot_be_used_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.xlsx");
    let notes = dir.path().join("notes.csv");
    std::fs::write(&notes, "Note,Date\nAgreed at Cabinet,2024-07-01\n").unwrap();
    let opts = Options::default();
    assert!(matches!(
        catalogue::Catalogue::load(&missing, &opts),
        Err(catalogue::Error::Unreadable { .. })
    ));
    let err = catalogue::Catalogue::load(&notes, &opts).unwrap_err();
    assert_eq!(
        err,
        catalogue::Error::NoMeasures(notes.display().to_string())
    );
    assert!(err.to_string().contains("goldthread inspect"));
    // No catalogue named anywhere: nothing to read, and no error.
    let mut none = Options::default();
    none.load_catalogue(None).unwrap();
    assert!(none.catalogue.is_none());
}
