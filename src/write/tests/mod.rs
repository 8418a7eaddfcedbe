//! Tests of the workbook writers: a return built in memory is annotated and reported on, and
//! both files are read back (calamine, the crate's own reader, the zip parts, openpyxl when
//! present) to prove values, styles, marks and counts.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
use chrono::NaiveDate;

use super::*;
use crate::read::testkit::{cell, merge, num, text};
use crate::read::{Cell, CellStyle, InputFile, Sheet, Value, Visibility, Workbook};
use crate::schema::{Finding, Principle, Severity};

mod report;

const FILE: &str = "adults/adults_risk_register.xlsx";

fn styled(mut c: Cell, fill: Option<u32>, number_format: Option<&str>, bold: bool) -> Cell {
    c.style = Some(Arc::new(CellStyle {
        fill,
        number_format: number_format.map(str::to_string),
        bold,
    }));
    c
}

fn date(y: i32, m: u32, d: u32) -> Value {
    Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// A small register: title, a merged group header, a percent, dates, an error value, a
/// style-only red cell, column widths, and a hidden lookup sheet.
fn sample_workbook() -> Workbook {
    let cells = vec![
        styled(
            text(0, 0, "Adults and Health Risk Register 2024/25"),
            None,
            None,
            true,
        ),
        styled(text(2, 0, "Ref"), Some(0xFFD9E1F2), None, true),
        text(2, 1, "Title"),
        styled(text(2, 2, "Current Risk"), Some(0xFFD9E1F2), None, true),
        text(3, 2, "L"),
        text(3, 3, "I"),
        text(3, 4, "Score"),
        text(3, 5, "Achieved"),
        text(3, 6, "Reviewed"),
        text(3, 7, "RAG"),
        text(3, 8, "Owner"),
        text(4, 0, "AH01"),
        text(4, 1, "Workforce capacity"),
        num(4, 2, 3.0),
        num(4, 3, 4.0),
        num(4, 4, 20.0),
        styled(num(4, 5, 0.85), None, Some("0%"), false),
        styled(
            cell(4, 6, date(2024, 9, 30)),
            None,
            Some("dd mmm yyyy"),
            false,
        ),
        styled(
            Cell {
                row: 4,
                col: 7,
                value: None,
                style: None,
            },
            Some(0xFFFF0000),
            None,
            false,
        ),
        num(5, 2, 2.0),
        text(5, 1, "=SUM(A1) is text, not a formula"),
        cell(5, 3, Value::Error("#DIV/0!".into())),
        cell(5, 4, Value::Bool(true)),
        cell(5, 6, date(2025, 1, 31)),
        text(5, 8, "Jo Bloggs"),
        num(9, 1, 1234.5),
        num(10, 1, -7.25),
        text(11, 0, "  padded _x0041_ & <kept> as typed  "),
        text(11, 1, "line one\nline two"),
    ];
    let merges = vec![merge(2, 2, 2, 4)];
    let mut register =
        Sheet::from_cells("Risk Register".into(), Visibility::Visible, cells, merges);
    register.col_widths = vec![(0, 0, 10.0), (1, 1, 40.0), (2, 4, 6.5)];
    let lists = Sheet::from_cells(
        "Lists".into(),
        Visibility::Hidden,
        vec![text(0, 0, "Rare"), text(1, 0, "Unlikely"), num(0, 1, 1.0)],
        vec![],
    );
    Workbook {
        file: FILE.into(),
        format: crate::read::Format::Xlsx,
        sheets: vec![register, lists],
        notes: vec![],
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    severity: Severity,
    principle: Principle,
    rule: &str,
    message: &str,
    file: &str,
    sheet: Option<&str>,
    row: Option<u32>,
    cell: Option<&str>,
    directorate: Option<&str>,
) -> Finding {
    Finding {
        severity,
        principle,
        rule: rule.into(),
        message: message.into(),
        file: file.into(),
        sheet: sheet.map(str::to_string),
        row,
        cell: cell.map(str::to_string),
        record_id: cell.map(|_| "AH01".to_string()),
        field: cell.map(|_| "current.score".to_string()),
        directorate: directorate.map(str::to_string),
    }
}

/// Findings in a shuffled order: on cells (two on E5, one on an empty cell, one inside the
/// merged header, B10 and B9 for numeric order), on a row, without a sheet, and on another file.
fn sample_findings() -> Vec<Finding> {
    use Principle::*;
    use Severity::*;
    let rr = Some("Risk Register");
    let ah = Some("Adults and Health");
    vec![
        finding(
            Info,
            Relevance,
            "file-note",
            "Macros present; read without them",
            FILE,
            None,
            None,
            None,
            ah,
        ),
        finding(
            Warning,
            Accuracy,
            "value-suspicious",
            "Value 1234.5 is far above the rest",
            FILE,
            rr,
            Some(10),
            Some("B10"),
            ah,
        ),
        finding(
            Error,
            Accuracy,
            "score-mismatch",
            "Score 20 is not L x I = 12",
            FILE,
            rr,
            Some(5),
            Some("E5"),
            ah,
        ),
        finding(
            Warning,
            Completeness,
            "row-unidentified",
            "Row 6 has values but no reference",
            FILE,
            rr,
            Some(6),
            None,
            None,
        ),
        finding(
            Error,
            Completeness,
            "owner-missing",
            "Risk AH01 has no owner",
            FILE,
            rr,
            Some(5),
            Some("I5"),
            ah,
        ),
        finding(
            Warning,
            Reliability,
            "value-jump",
            "Value -7.25 follows 1234.5",
            FILE,
            rr,
            Some(9),
            Some("B9"),
            ah,
        ),
        finding(
            Warning,
            Timeliness,
            "review-overdue",
            "Score was last reviewed 200 days ago",
            FILE,
            rr,
            Some(5),
            Some("E5"),
            ah,
        ),
        finding(
            Info,
            Relevance,
            "header-merged",
            "Group header over three columns",
            FILE,
            rr,
            Some(3),
            Some("D3"),
            None,
        ),
        finding(
            Error,
            Timeliness,
            "file-unreadable",
            "Cannot be read",
            "place/kpis.xlsx",
            None,
            None,
            None,
            Some("Place"),
        ),
    ]
}

/// The order the writers must list the findings of [`sample_findings`] in, by rule.
const SORTED_RULES: [&str; 9] = [
    "file-note",
    "header-merged",
    "review-overdue",
    "score-mismatch",
    "owner-missing",
    "row-unidentified",
    "value-jump",
    "value-suspicious",
    "file-unreadable",
];

/// Every non-empty cell of a sheet read by calamine, by absolute (row, column).
fn calamine_cells(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    let mut x: Xlsx<_> = open_workbook(path).expect("opens with calamine");
    let range = x.worksheet_range(sheet).expect("sheet");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect()
}

fn calamine_text(v: Option<&Data>) -> String {
    match v {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(n)) => crate::read::format_number(*n),
        Some(Data::Int(n)) => n.to_string(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

/// Whether calamine read back exactly the value written from `value`.
fn same_value(value: &Value, data: &Data) -> bool {
    match (value, data) {
        (Value::Text(s), Data::String(t)) => s == t,
        // An error is written as its text: a writer cannot store an error without a formula.
        (Value::Error(s), Data::String(t)) => s == t,
        (Value::Number(n), Data::Float(m)) => n == m,
        (Value::Number(n), Data::Int(m)) => *n == *m as f64,
        (Value::Bool(b), Data::Bool(c)) => b == c,
        (Value::Date(d), Data::DateTime(dt)) => dt.as_datetime().map(|t| t.date()) == Some(*d),
        _ => false,
    }
}

/// The text of every part of an xlsx whose name starts with `prefix`, joined.
fn zip_parts(path: &Path, prefix: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with(prefix))
        .map(|n| n.into_owned())
        .collect();
    let mut out = String::new();
    for name in names {
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
    }
    out
}

fn read_back(path: &Path) -> Workbook {
    crate::read::read_file(&InputFile {
        path: path.to_path_buf(),
        display: "copy.xlsx".into(),
    })
    .expect("the crate reads its own output")
}

/// Column widths expanded to one per column.
fn widths(sheet: &Sheet) -> BTreeMap<u32, f64> {
    sheet
        .col_widths
        .iter()
        .flat_map(|&(a, b, w)| (a..=b).map(move |c| (c, w)))
        .collect()
}

#[test]
fn annotated_copy_keeps_every_value_of_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotated.xlsx");
    let wb = sample_workbook();
    annotate_workbook(&wb, &sample_findings(), &out).unwrap();

    let x: Xlsx<_> = open_workbook(&out).unwrap();
    let meta: Vec<(String, SheetVisible)> = x
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    assert_eq!(
        meta,
        vec![
            ("Data quality".to_string(), SheetVisible::Visible),
            ("Risk Register".to_string(), SheetVisible::Visible),
            ("Lists".to_string(), SheetVisible::Hidden),
        ]
    );

    for sheet in &wb.sheets {
        let got = calamine_cells(&out, &sheet.name);
        let expected: BTreeMap<(u32, u32), &Value> = sheet
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter_map(|c| Some(((c.row, c.col), c.value.as_ref()?)))
            .collect();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "the cells holding a value in '{}'",
            sheet.name
        );
        for (pos, value) in &expected {
            assert!(
                same_value(value, &got[pos]),
                "{}!{pos:?}: {value:?} read back as {:?}",
                sheet.name,
                got[pos]
            );
        }
    }
}

#[test]
fn annotated_copy_keeps_formats_merges_widths_and_marks_the_cells() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotated.xlsx");
    let wb = sample_workbook();
    annotate_workbook(&wb, &sample_findings(), &out).unwrap();
    let copy = read_back(&out);
    assert_eq!(copy.sheets.len(), 3);

    // Marked cells, after moving D3 to the top-left of its merged region and the row finding to
    // the first cell of row 6 with a value (B6).
    let marked = [
        ((4, 4), 0xFFFF_C7CE),
        ((4, 8), 0xFFFF_C7CE),
        ((2, 2), 0xFFDD_EBF7),
        ((5, 1), 0xFFFF_EB9C),
        ((9, 1), 0xFFFF_EB9C),
        ((8, 1), 0xFFFF_EB9C),
    ];
    for (original, copied) in wb.sheets.iter().zip(&copy.sheets[1..]) {
        assert_eq!(original.name, copied.name);
        assert_eq!(original.visibility, copied.visibility);
        assert_eq!(
            original.merges, copied.merges,
            "merges of '{}'",
            original.name
        );
        let (want, got) = (widths(original), widths(copied));
        assert_eq!(
            want.keys().collect::<Vec<_>>(),
            got.keys().collect::<Vec<_>>()
        );
        for (col, w) in &want {
            assert!(
                (got[col] - w).abs() < 0.15,
                "width of column {col}: {w} became {}",
                got[col]
            );
        }
        for c in original.rows.iter().flat_map(|r| &r.cells) {
            let back = copied
                .row(c.row)
                .and_then(|r| r.get(c.col))
                .expect("cell kept");
            assert_eq!(
                back.number_format(),
                c.number_format()
                    .or(matches!(c.value, Some(Value::Date(_))).then_some("dd/mm/yyyy")),
                "number format at {:?}",
                (c.row, c.col)
            );
            assert_eq!(back.bold(), c.bold());
            if original.name == "Risk Register" {
                match marked.iter().find(|(pos, _)| *pos == (c.row, c.col)) {
                    Some((_, fill)) => assert_eq!(back.fill(), Some(*fill)),
                    None => assert_eq!(back.fill(), c.fill(), "fill at {:?}", (c.row, c.col)),
                }
            }
        }
    }
    // The empty cell I5 a finding points at is highlighted in the copy.
    let i5 = copy.sheets[1]
        .row(4)
        .and_then(|r| r.get(8))
        .expect("I5 written");
    assert_eq!(i5.value, None);
    assert_eq!(i5.fill(), Some(0xFFFF_C7CE));

    // Notes: "goldthread: " then each finding of the cell on its own line.
    let comments = zip_parts(&out, "xl/comments");
    assert!(comments.contains(r#"ref="E5""#), "{comments}");
    assert!(comments.contains(
        "goldthread: error (score-mismatch): Score 20 is not L x I = 12\nwarning (review-overdue): Score was last reviewed 200 days ago"
    ), "{comments}");
    for anchor in ["I5", "C3", "B6", "B9", "B10"] {
        assert!(
            comments.contains(&format!(r#"ref="{anchor}""#)),
            "note on {anchor}"
        );
    }
    assert_eq!(
        comments.matches("<comment ").count(),
        6,
        "one note per marked cell"
    );
    let list_xml = zip_parts(&out, "xl/worksheets/sheet1.xml");
    assert!(
        list_xml.contains(r#"location="'Risk Register'!E5""#),
        "{list_xml}"
    );
    assert!(
        list_xml.contains(r#"location="'Risk Register'!C3""#),
        "{list_xml}"
    );
    // Thick red border of the marks.
    let styles = zip_parts(&out, "xl/styles.xml");
    assert!(styles.contains(r#"style="thick""#) && styles.contains("FFFF0000"));
}

/// A workbook of hidden sheets with awkward names, each with a cell of 40,000 letters, a NaN,
/// a date before 1900, merges that overlap, run backwards, cover one cell or a whole column,
/// and column widths out of range.
fn awkward_workbook(names: &[&str], long: &str) -> Workbook {
    let sheets = names
        .iter()
        .map(|n| {
            let mut s = Sheet::from_cells(
                n.to_string(),
                Visibility::VeryHidden,
                vec![
                    text(0, 0, long),
                    num(0, 1, f64::NAN),
                    cell(1, 0, date(1850, 1, 1)),
                ],
                // Overlapping, reversed, single-cell and whole-column regions are skipped.
                vec![
                    merge(0, 0, 1, 1),
                    merge(1, 1, 2, 2),
                    merge(5, 5, 4, 4),
                    merge(6, 6, 6, 6),
                    merge(0, 9, 1_048_575, 9),
                ],
            );
            s.col_widths = vec![
                (0, 20_000, 12.0),
                (1, 1, f64::NAN),
                (2, 2, -3.0),
                (3, 3, 1e9),
            ];
            s
        })
        .collect();
    Workbook {
        file: "weird.xlsx".into(),
        format: crate::read::Format::Xlsx,
        sheets,
        notes: vec![],
    }
}

#[test]
fn long_text_and_awkward_sheet_names_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(40_000);
    let names = [
        "Risks [draft]",
        "Data quality",
        "History",
        "Q2: KPIs / PIs?",
        "'Quoted'",
        "",
    ];
    let wb = awkward_workbook(&names, &long);
    let mut findings: Vec<Finding> = names
        .iter()
        .map(|n| {
            finding(
                Severity::Error,
                Principle::Accuracy,
                "too-long",
                &long,
                "weird.xlsx",
                Some(*n),
                Some(1),
                Some("A1"),
                None,
            )
        })
        .collect();
    findings.push(finding(
        Severity::Info,
        Principle::Accuracy,
        "bad-cell",
        "m",
        "weird.xlsx",
        Some("History"),
        Some(0),
        Some("XFE99999999"),
        None,
    ));
    let out = dir.path().join("weird annotated.xlsx");
    annotate_workbook(&wb, &findings, &out).unwrap();
    write_findings_report(&dir.path().join("report.xlsx"), &findings, &long).unwrap();

    let x: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        x.sheet_names(),
        [
            "Data quality",
            "Risks (draft)",
            "Data quality (2)",
            "History (1)",
            "Q2- KPIs - PIs-",
            "Quoted",
            "Sheet"
        ]
    );
    let cells = calamine_cells(&out, "Risks (draft)");
    assert_eq!(
        calamine_text(cells.get(&(0, 0))).chars().count(),
        MAX_CELL_TEXT
    );
    let list = calamine_cells(&out, "Data quality");
    assert_eq!(
        calamine_text(list.get(&(1, 3))).chars().count(),
        MAX_CELL_TEXT
    );
    assert!(
        zip_parts(&out, "xl/worksheets/sheet1.xml").contains(r#"location="'Risks (draft)'!A1""#)
    );
    assert!(zip_parts(&out, "xl/comments").contains("goldthread: error (too-long): xxx"));
}

#[test]
fn only_the_output_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sub").join("copy.xlsx");
    annotate_workbook(&sample_workbook(), &sample_findings(), &out).unwrap();
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left");
    // A folder in the way is an error, not a panic.
    let err = write_findings_report(dir.path(), &sample_findings(), "t").unwrap_err();
    assert!(
        matches!(err, crate::output::OutputError::Io { .. }),
        "{err}"
    );
}

#[test]
fn openpyxl_loads_both_workbooks() {
    if !super::has_openpyxl("openpyxl check") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.xlsx");
    let report = dir.path().join("report.xlsx");
    annotate_workbook(&sample_workbook(), &sample_findings(), &copy).unwrap();
    write_findings_report(&report, &sample_findings(), "Report").unwrap();
    let script = r#"
import sys, openpyxl
copy = openpyxl.load_workbook(sys.argv[1])
assert copy.sheetnames == ["Data quality", "Risk Register", "Lists"], copy.sheetnames
rr = copy["Risk Register"]
assert copy["Lists"].sheet_state == "hidden"
assert rr["E5"].comment.text.startswith("goldthread: error (score-mismatch)"), rr["E5"].comment.text
assert rr["F5"].number_format == "0%" and rr["F5"].value == 0.85
assert "C3:E3" in [str(r) for r in rr.merged_cells.ranges]
assert copy["Data quality"]["J5"].hyperlink.location == "'Risk Register'!E5"
report = openpyxl.load_workbook(sys.argv[2])
assert report.sheetnames == ["Summary", "Findings"], report.sheetnames
assert report["Findings"].max_row == 10, report["Findings"].max_row
print("ok")
"#;
    let run = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&copy)
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "openpyxl: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
#[ignore = "timing only: cargo test --release --lib write::tests::big -- --ignored --nocapture"]
fn big_register_annotates_in_reasonable_time() {
    let cells: Vec<Cell> = (0..50_000u32)
        .flat_map(|r| {
            (0..20u32).map(move |c| match c % 3 {
                0 => text(r, c, "some text in a cell"),
                1 => styled(num(r, c, f64::from(r) / 7.0), None, Some("0.0%"), false),
                _ => styled(
                    cell(r, c, date(2024, 9, 30)),
                    Some(0xFF00B050),
                    None,
                    r % 2 == 0,
                ),
            })
        })
        .collect();
    let sheet = Sheet::from_cells("Register".into(), Visibility::Visible, cells, vec![]);
    let wb = Workbook {
        file: "big.xlsx".into(),
        format: crate::read::Format::Xlsx,
        sheets: vec![sheet],
        notes: vec![],
    };
    let findings: Vec<Finding> = (1..=5_000u32)
        .map(|r| {
            finding(
                Severity::Warning,
                Principle::Accuracy,
                "r",
                "m",
                "big.xlsx",
                Some("Register"),
                Some(r * 10),
                Some(&format!("B{}", r * 10)),
                None,
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.xlsx");
    let t = std::time::Instant::now();
    annotate_workbook(&wb, &findings, &out).unwrap();
    println!(
        "annotated 1,000,000 cells and 5,000 findings in {:?}",
        t.elapsed()
    );
    // Every finding is a note on its cell of the copy.
    let notes = zip_parts(&out, "xl/comments");
    assert_eq!(notes.matches("<comment ").count(), 5_000);
}
