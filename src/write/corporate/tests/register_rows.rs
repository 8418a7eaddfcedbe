//! The registers' rows, written as XML by goldthread itself (see `raw`), read back exactly.

use super::*;

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
            current: Rating::of(n, 4.0),
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
    if !crate::write::has_openpyxl("register rows check") {
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
            source: row_two(),
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
