//! The data-quality sheet and the findings report: every finding listed once, in order, with
//! counts that add up; empty inputs still make valid workbooks.

use super::*;

#[test]
fn data_quality_sheet_lists_the_files_findings_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotated.xlsx");
    annotate_workbook(&sample_workbook(), &sample_findings(), &out).unwrap();
    let cells = calamine_cells(&out, "Data quality");
    let at = |r: u32, c: u32| calamine_text(cells.get(&(r, c)));
    let headings: Vec<String> = (0..12).map(|c| at(0, c)).collect();
    assert_eq!(
        headings,
        [
            "Severity",
            "Principle",
            "Rule",
            "Message",
            "Directorate",
            "File",
            "Sheet",
            "Row",
            "Cell",
            "Source",
            "Record",
            "Field"
        ]
    );
    let rules: Vec<String> = (1..=8).map(|r| at(r, 2)).collect();
    assert_eq!(
        rules,
        SORTED_RULES[..8],
        "only this file's findings, sorted"
    );
    assert_eq!(at(9, 2), "", "the other file's finding is not listed");
    assert_eq!(at(1, 9), FILE, "a finding without a sheet shows the file");
    assert_eq!(at(4, 9), "'Risk Register'!E5");
    assert_eq!(at(4, 0), "error");
    assert_eq!(at(4, 7), "5");
    assert_eq!(at(5, 9), "'Risk Register'!I5");
    assert_eq!(at(6, 9), "Risk Register", "a row finding shows the sheet");
    assert_eq!(at(6, 4), "(not known)");
}

#[test]
fn report_lists_every_finding_in_order_and_counts_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.xlsx");
    let findings = sample_findings();
    write_findings_report(&out, &findings, "Eastmere data quality 2024-25 Q2").unwrap();

    let x: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        x.sheet_names(),
        vec!["Summary".to_string(), "Findings".to_string()]
    );

    let list = calamine_cells(&out, "Findings");
    let at = |r: u32, c: u32| calamine_text(list.get(&(r, c)));
    let rules: Vec<String> = (1..=findings.len() as u32).map(|r| at(r, 2)).collect();
    assert_eq!(rules, SORTED_RULES);
    assert_eq!(at(findings.len() as u32 + 1, 2), "", "one row per finding");
    assert_eq!(at(9, 5), "place/kpis.xlsx");
    assert_eq!(at(9, 9), "place/kpis.xlsx");
    assert_eq!(at(7, 9), "'Risk Register'!B9");

    let summary = calamine_cells(&out, "Summary");
    let text_at = |r: u32, c: u32| calamine_text(summary.get(&(r, c)));
    let num_at = |r: u32, c: u32| match summary.get(&(r, c)) {
        Some(Data::Float(n)) => *n as usize,
        other => panic!("no count at {r},{c}: {other:?}"),
    };
    assert_eq!(text_at(0, 0), "Eastmere data quality 2024-25 Q2");
    let n = findings.len();
    let expect_sev = [3, 4, 2];
    let mut tables = 0;
    for (&(r, c), v) in &summary {
        let Data::String(h) = v else { continue };
        if c != 0 || !["Principle", "Directorate", "File"].contains(&h.as_str()) {
            continue;
        }
        tables += 1;
        assert_eq!(
            (1..=4).map(|c| text_at(r, c)).collect::<Vec<_>>(),
            ["Error", "Warning", "Info", "Total"]
        );
        let mut row = r + 1;
        let mut sums = [0; 4];
        let mut labels = Vec::new();
        while text_at(row, 0) != "Total" {
            labels.push(text_at(row, 0));
            let counts: Vec<usize> = (1..=4).map(|c| num_at(row, c)).collect();
            assert_eq!(
                counts[3],
                counts[0] + counts[1] + counts[2],
                "row total of {}",
                text_at(row, 0)
            );
            for (s, c) in sums.iter_mut().zip(&counts) {
                *s += c;
            }
            row += 1;
        }
        let totals: Vec<usize> = (1..=4).map(|c| num_at(row, c)).collect();
        assert_eq!(totals, sums, "the totals row of {h}");
        assert_eq!(
            totals,
            [expect_sev[0], expect_sev[1], expect_sev[2], n],
            "{h}"
        );
        match h.as_str() {
            "Principle" => assert_eq!(
                labels,
                [
                    "accuracy",
                    "reliability",
                    "timeliness",
                    "relevance",
                    "completeness"
                ]
            ),
            "Directorate" => assert_eq!(labels, ["Adults and Health", "Place", "(not known)"]),
            _ => assert_eq!(labels, [FILE, "place/kpis.xlsx"]),
        }
    }
    assert_eq!(tables, 3);

    // Severity colours, title font, properties and print setup.
    let styled = read_back(&out);
    let severity = |row: u32| {
        styled.sheets[1]
            .row(row)
            .and_then(|r| r.get(0))
            .and_then(Cell::fill)
    };
    assert_eq!(severity(4), Some(0xFFFF_C7CE), "error");
    assert_eq!(severity(3), Some(0xFFFF_EB9C), "warning");
    assert_eq!(severity(1), Some(0xFFDD_EBF7), "info");
    let core = zip_parts(&out, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Eastmere data quality 2024-25 Q2</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:subject>Data quality findings</dc:subject>"));
    assert!(core.contains("<dc:creator>goldthread</dc:creator>"));
    let sheet = zip_parts(&out, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains(r#"<autoFilter ref="A1:L10"/>"#), "{sheet}");
    assert!(sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#));
    // Too wide for one page at 8 pt: A3 at 75%, the severity to message columns repeated.
    assert!(sheet.contains(r#"orientation="landscape""#) && sheet.contains(r#"scale="75""#));
    assert!(sheet.contains(r#"paperSize="8""#) && sheet.contains("<oddFooter>"));
    assert!(zip_parts(&out, "xl/workbook.xml").contains("Findings!$A:$D,Findings!$1:$1"));
}

#[test]
fn empty_inputs_still_make_valid_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    write_findings_report(&dir.path().join("r.xlsx"), &[], "").unwrap();
    let empty = Workbook {
        file: "empty.csv".into(),
        format: crate::read::Format::Csv,
        sheets: vec![],
        notes: vec![],
    };
    annotate_workbook(&empty, &sample_findings(), &dir.path().join("a.xlsx")).unwrap();
    let x: Xlsx<_> = open_workbook(dir.path().join("a.xlsx")).unwrap();
    assert_eq!(x.sheet_names(), vec!["Data quality".to_string()]);
    let summary = calamine_cells(&dir.path().join("r.xlsx"), "Summary");
    assert!(summary.values().any(|v| v
        == &Data::String("0 finding(s) in 0 file(s), by principle, directorate and file.".into())));
}
