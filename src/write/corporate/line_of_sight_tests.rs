//! The Delivery Plan sheet and the Summary's line of sight, read back with calamine: their
//! counts match the trackers, the consolidation's `summary.by_theme` and the detail sheets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use calamine::Data;

use super::super::tests::{number_at, sheet_xml, text_at, xlsx_cells};
use super::super::{write_corporate_workbook, SUMMARY};
use super::*;
use crate::consolidate::thread::tests as sample;
use crate::consolidate::thread::NO_PRIORITY;
use crate::consolidate::{consolidate, Consolidation};
use crate::write::kit::HEADER_ROW;

type Cells = BTreeMap<(u32, u32), Data>;

fn written(doc: crate::schema::Document) -> (tempfile::TempDir, PathBuf, Consolidation) {
    let c = consolidate(doc, sample::q2(), &sample::config(), None);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("corporate.xlsx");
    write_corporate_workbook(&path, &c, &sample::config()).expect("the workbook is written");
    (dir, path, c)
}

/// The theme a group row names: "Helping People (3 actions)" is "Helping People".
fn theme_of(label: &str) -> String {
    let name = label.rsplit_once(" (").map_or(label, |(n, _)| n);
    if name == "No theme given" {
        NO_THEME.into()
    } else {
        name.into()
    }
}

/// The rows of a detail sheet by the theme group they are in (priority rows left out).
fn grouped(cells: &Cells) -> Vec<(String, Vec<u32>)> {
    let last = cells.keys().map(|k| k.0).max().unwrap_or(0);
    let mut out: Vec<(String, Vec<u32>)> = Vec::new();
    for r in HEADER_ROW + 1..=last {
        let first = text_at(cells, r, 0);
        if !text_at(cells, r, 1).is_empty() {
            if let Some(g) = out.last_mut() {
                g.1.push(r);
            }
        } else if first.starts_with("Priority: ") || first.starts_with("No priority given") {
            continue;
        } else if first.ends_with(')') {
            out.push((theme_of(&first), Vec::new()));
        }
    }
    out
}

/// Counts of the words in column `col` of each theme's rows.
fn tally(
    cells: &Cells,
    col: u32,
    only: impl Fn(u32) -> bool,
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (theme, rows) in grouped(cells) {
        let t = out.entry(theme).or_default();
        for r in rows.into_iter().filter(|r| only(*r)) {
            *t.entry(text_at(cells, r, col)).or_default() += 1;
        }
    }
    out
}

fn get(t: &BTreeMap<String, BTreeMap<String, usize>>, theme: &str, word: &str) -> usize {
    t.get(theme).and_then(|w| w.get(word)).copied().unwrap_or(0)
}

#[test]
fn delivery_plan_sheet_counts_match_the_trackers() {
    let doc = sample::document();
    let tracker = doc.actions.clone();
    let (_dir, path, c) = written(doc);
    let names = {
        use calamine::Reader;
        let x: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("opens");
        x.sheet_names()
    };
    let at = names
        .iter()
        .position(|n| n == DELIVERY_PLAN)
        .expect("the sheet");
    assert_eq!(names[at - 1], super::super::PERFORMANCE);
    let cells = xlsx_cells(&path, DELIVERY_PLAN);
    assert_eq!(text_at(&cells, HEADER_ROW, 0), "Ref");
    assert!(
        text_at(&cells, 1, 0).contains("8 actions: 1 complete, 1 on track, 3 needing attention"),
        "{}",
        text_at(&cells, 1, 0)
    );
    assert!(text_at(&cells, 1, 0).contains("3 overdue as at 15 November 2024"));
    // Every action of the trackers, once, under its own theme.
    let status = tally(&cells, 7, |_| true);
    let mut by_theme: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for a in &tracker {
        let theme = a.theme.clone().unwrap_or_else(|| NO_THEME.into());
        let word = a.status.map(|s| s.label().to_string()).unwrap_or_default();
        *by_theme.entry(theme).or_default().entry(word).or_default() += 1;
    }
    assert_eq!(status, by_theme);
    // Overdue: A2, A4 and A8 (due before 15 November 2024, not complete or cancelled).
    let overdue: Vec<String> = (HEADER_ROW + 1..=cells.keys().map(|k| k.0).max().unwrap())
        .filter(|&r| text_at(&cells, r, 6) == "Overdue")
        .map(|r| text_at(&cells, r, 0))
        .collect();
    assert_eq!(overdue, ["A2", "A4", "A8"]);
    // Themes, then priorities, in the consolidation's order.
    let themes: Vec<String> = grouped(&cells).into_iter().map(|g| g.0).collect();
    assert_eq!(themes, ["Helping People", "Shaping Places", NO_THEME]);
    let a1 = (0..=40)
        .find(|&r| text_at(&cells, r, 0) == "A1")
        .expect("A1's row");
    assert_eq!(text_at(&cells, a1 - 1, 0), "Priority: Health (2 actions)");
    assert_eq!(number_at(&cells, a1, 8), Some(50.0), "% complete in points");
    assert_eq!(text_at(&cells, a1, 2), "Head of Service");
    assert_eq!(text_at(&cells, a1, 10), "Update on A1");
    assert!(
        matches!(cells.get(&(a1, 5)), Some(Data::DateTime(_))),
        "due is a date"
    );
    assert_eq!(c.actions.len(), tracker.len());
    // Printed like the other sheets: landscape, one page wide, its headings repeated on
    // every page.
    let xml = sheet_xml(&path, at);
    assert!(xml.contains("orientation=\"landscape\""), "{xml}");
    let widths: Vec<f64> = delivery_plan::COLUMNS.iter().map(|c| c.1).collect();
    assert_eq!(crate::write::fit_paper(&widths).1, None, "one page wide");
    assert!(
        xml.contains("fitToWidth") || xml.contains("fitToPage"),
        "{xml}"
    );
    let workbook = super::super::tests::zip_text(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("'Delivery Plan'!$5:$5"),
        "the heading row repeats: {workbook}"
    );
}

#[test]
fn no_actions_no_delivery_plan_sheet() {
    let mut doc = sample::document();
    doc.actions.clear();
    let (_dir, path, _) = written(doc);
    use calamine::Reader;
    let x: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("opens");
    assert!(!x.sheet_names().iter().any(|n| n == DELIVERY_PLAN));
}

/// The line of sight on the Summary: the column of each heading, and each row's counts by
/// its first cell.
fn line_of_sight(cells: &Cells) -> (BTreeMap<String, u32>, Vec<(String, u32)>) {
    let header = (0..200)
        .find(|&r| text_at(cells, r, 0) == "Theme / priority")
        .expect("the line of sight's headings");
    let columns = (1..30)
        .map(|c| (text_at(cells, header, c), c))
        .filter(|(h, _)| !h.is_empty())
        .collect();
    // Each theme's row of links beneath it has no label.
    let total = (header + 1..header + 200)
        .find(|&r| text_at(cells, r, 0) == "Total")
        .expect("the total row");
    let rows = (header + 1..=total)
        .map(|r| (text_at(cells, r, 0), r))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    (columns, rows)
}

#[test]
fn summary_line_of_sight_matches_by_theme_and_the_detail_sheets() {
    let (_dir, path, c) = written(sample::document());
    assert_line_of_sight(&path, &c);
    // A theme's "(no priority)" shows where it has priorities too, not where it is the only one.
    let summary = xlsx_cells(&path, SUMMARY);
    let (_, rows) = line_of_sight(&summary);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let at = names
        .iter()
        .position(|n| *n == "Zebra priority")
        .expect("a row");
    assert_eq!(names[at + 1], NO_PRIORITY);
    let zeta = names
        .iter()
        .position(|n| *n == "Zeta Council")
        .expect("a row");
    assert_eq!(names[zeta + 1], NO_THEME);
    // The key figures count the actions too.
    let figure = (0..40)
        .find(|&r| text_at(&summary, r, 0) == "Delivery plan actions")
        .expect("the key figure");
    assert_eq!(number_at(&summary, figure, 1), Some(8.0));
    assert_eq!(
        text_at(&summary, figure, 2),
        "1 complete, 1 on track, 3 needing attention, 1 not started; 3 overdue"
    );
    let total = |c: &Consolidation| {
        let mut n = ThreadCounts::default();
        c.summary.by_theme.iter().for_each(|t| n.add(&t.counts));
        n
    };
    assert_eq!(total(&c).actions.overdue, 3);
    // The samples, whose measures, risks and themes are a council's: no actions, and every
    // theme's measures and risks as the detail sheets count them.
    let (samples, config) = super::super::tests::samples();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("samples.xlsx");
    write_corporate_workbook(&path, samples, config).expect("written");
    assert_line_of_sight(&path, samples);
    assert!(total(samples).measures.total() > 20 && total(samples).risks.total() > 20);
}

/// The Summary's line of sight of the workbook at `path` holds `c.summary.by_theme`, theme by
/// theme and priority by priority, and agrees with the detail sheets.
fn assert_line_of_sight(path: &Path, c: &Consolidation) {
    let summary = xlsx_cells(path, SUMMARY);
    let (columns, rows) = line_of_sight(&summary);
    let count = |row: u32, heading: &str| {
        let col = columns[heading];
        number_at(&summary, row, col).map(|n| n as usize)
    };
    let headings: Vec<&str> = GROUPS.iter().flat_map(|g| g.1.iter().copied()).collect();
    let row_of = |name: &str, after: u32| {
        rows.iter()
            .find(|(t, r)| t == name && *r >= after)
            .map(|x| x.1)
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    // Every theme and priority of summary.by_theme, in its order, with its counts.
    let mut expected_rows = Vec::new();
    for t in &c.summary.by_theme {
        let r = row_of(&t.theme, 0);
        for (h, n) in headings.iter().zip(counts_of(&t.counts)) {
            assert_eq!(count(r, h), Some(n), "{} {h}", t.theme);
        }
        expected_rows.push(t.theme.clone());
        for p in shown_priorities(t) {
            let pr = row_of(&p.priority, r);
            for (h, n) in headings.iter().zip(counts_of(&p.counts)) {
                assert_eq!(count(pr, h), Some(n), "{} / {} {h}", t.theme, p.priority);
            }
            expected_rows.push(p.priority.clone());
        }
    }
    expected_rows.push("Total".into());
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    assert_eq!(names, expected_rows);

    // The detail sheets agree, theme by theme.
    let plan = if c.actions.is_empty() {
        Cells::new()
    } else {
        xlsx_cells(path, DELIVERY_PLAN)
    };
    let status = tally(&plan, 7, |_| true);
    let overdue = tally(&plan, 6, |_| true);
    let performance = xlsx_cells(path, super::super::PERFORMANCE);
    let rag = tally(&performance, 9, |_| true);
    let register = xlsx_cells(path, super::super::CORPORATE);
    let bands = tally(&register, 11, |r| text_at(&register, r, 20) == "Open");
    for t in &c.summary.by_theme {
        let r = row_of(&t.theme, 0);
        let th = t.theme.as_str();
        let sheet = [
            ("Red", get(&rag, th, "Red")),
            ("Amber", get(&rag, th, "Amber")),
            ("Green", get(&rag, th, "Green")),
            ("On track", get(&status, th, "On track")),
            (
                "Needing attention",
                get(&status, th, "At risk")
                    + get(&status, th, "Off track")
                    + get(&status, th, "Delayed"),
            ),
            ("Complete", get(&status, th, "Complete")),
            ("Not started", get(&status, th, "Not started")),
            ("Overdue", get(&overdue, th, "Overdue")),
            ("Low", get(&bands, th, "Low")),
            ("Medium", get(&bands, th, "Medium")),
            ("High", get(&bands, th, "High")),
            ("Very high", get(&bands, th, "Very high")),
        ];
        for (h, n) in sheet {
            assert_eq!(count(r, h), Some(n), "{th} {h} against its detail sheet");
        }
    }
    let total = row_of("Total", 0);
    assert_eq!(
        count(total, "Red"),
        Some(c.summary.rag_by_theme.values().map(|n| n.red).sum())
    );
}

/// The summary's internal links: (row, target sheet, target row), from the sheet's XML.
fn links(path: &Path) -> Vec<(u32, String, u32)> {
    let xml = sheet_xml(path, 0);
    let re = regex::Regex::new(r#"<hyperlink ref="[A-Z]+(\d+)"[^>]*location="'([^']+)'!A(\d+)""#)
        .expect("a pattern");
    let xml = xml.replace("&apos;", "'");
    re.captures_iter(&xml)
        .map(|m| {
            (
                m[1].parse::<u32>().unwrap() - 1,
                m[2].to_string(),
                m[3].parse::<u32>().unwrap() - 1,
            )
        })
        .collect()
}

#[test]
fn each_theme_links_to_its_group_on_the_detail_sheets() {
    let doc = sample::document();
    let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
    let theme = |t: &Option<String>| t.clone().unwrap_or_else(|| NO_THEME.into());
    for m in &doc.measures {
        expected.insert((theme(&m.theme), super::super::PERFORMANCE.into()));
    }
    for a in &doc.actions {
        expected.insert((theme(&a.theme), DELIVERY_PLAN.into()));
    }
    for r in &doc.risks {
        expected.insert((theme(&r.theme), super::super::CORPORATE.into()));
    }
    let (_dir, path, _) = written(doc);
    let summary = xlsx_cells(&path, SUMMARY);
    let mut found = BTreeSet::new();
    for (row, sheet, target) in links(&path) {
        // The links are on the row under the theme's counts.
        assert_eq!(text_at(&summary, row, 0), "");
        let from = text_at(&summary, row - 1, 0);
        let to = text_at(&xlsx_cells(&path, &sheet), target, 0);
        assert_eq!(theme_of(&to), from, "{sheet} row {}", target + 1);
        found.insert((from, sheet));
    }
    assert_eq!(found, expected);
}

/// With a delivery plan, the Summary (its line of sight on a page of its own) and the Delivery
/// Plan sheet still print at 8 pt or more through LibreOffice.
#[test]
fn printed_with_a_delivery_plan_no_text_is_under_8_points() {
    use super::super::tests::by_other_tools::{
        assert_printed_at_8_points, has_soffice, soffice_convert,
    };
    if !has_soffice("the print size check")
        || !crate::write::has_python_module("pypdf", "the print size check")
    {
        return;
    }
    let (dir, path, _) = written(sample::document());
    let pdf = soffice_convert(&path, "pdf", dir.path());
    assert!(assert_printed_at_8_points(&[pdf]) >= 6);
}
