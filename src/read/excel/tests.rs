use super::*;

#[test]
fn merges_are_found_by_the_scan_as_by_calamine() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Risks & Issues").unwrap();
    ws.set_column_width(1, 30).unwrap();
    ws.merge_range(1, 2, 1, 4, "Current Risk", &rust_xlsxwriter::Format::new())
        .unwrap();
    ws.merge_range(1, 0, 2, 0, "Ref", &rust_xlsxwriter::Format::new())
        .unwrap();
    wb.add_worksheet().write(0, 0, "no merges").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let scanned = xlsx_merges(&bytes).expect("scan");
    let mut merges = scanned["Risks & Issues"].merges.clone();
    merges.sort_by_key(|m| (m.first_row, m.first_col));
    assert_eq!(
        merges,
        vec![
            Merge {
                first_row: 1,
                first_col: 0,
                last_row: 2,
                last_col: 0
            },
            Merge {
                first_row: 1,
                first_col: 2,
                last_row: 1,
                last_col: 4
            },
        ]
    );
    assert!(scanned["Sheet2"].merges.is_empty());
    let widths = &scanned["Risks & Issues"].widths;
    assert!(
        widths
            .iter()
            .any(|&(a, b, w)| a == 1 && b == 1 && (30.0..31.0).contains(&w)),
        "{widths:?}"
    );
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let mut by_calamine: Vec<Merge> = x
        .merge_cells_by_sheet_name("Risks & Issues")
        .unwrap()
        .iter()
        .map(merge_of)
        .collect();
    by_calamine.sort_by_key(|m| (m.first_row, m.first_col));
    assert_eq!(merges, by_calamine);
}

/// Hands out a few bytes per read, so that markers fall across reads.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.1 = self.1 % 7 + 1;
        let n = self.1.min(self.0.len()).min(out.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn sheet_xml_is_split_around_the_cells_as_it_streams() {
    let cases: [(&str, &str, &str); 4] = [
        (
            r#"<worksheet><cols><col min="1" max="1" width="9"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#,
            r#"<worksheet><cols><col min="1" max="1" width="9"/></cols>"#,
            r#"</sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#,
        ),
        (
            r#"<worksheet><sheetData/><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#,
            "<worksheet>",
            r#"<mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#,
        ),
        ("<worksheet></worksheet>", "<worksheet></worksheet>", ""),
        (
            "<worksheet><sheetData><row/></sheetData><x/><sheetData><row/></sheetData><m/></worksheet>",
            "<worksheet>",
            "</sheetData><m/></worksheet>",
        ),
    ];
    for (xml, head, tail) in cases {
        for reader in [
            Box::new(Trickle(xml.as_bytes(), 0)) as Box<dyn Read>,
            Box::new(xml.as_bytes()),
        ] {
            let (h, t) = split_sheet_xml(reader).expect("split");
            assert_eq!(String::from_utf8(h).unwrap(), head, "{xml}");
            assert_eq!(String::from_utf8(t).unwrap(), tail, "{xml}");
        }
    }
}

#[test]
fn cell_references_parse() {
    assert_eq!(parse_cell_ref("A1"), Some((0, 0)));
    assert_eq!(parse_cell_ref("$AB$12"), Some((11, 27)));
    assert_eq!(parse_cell_ref("A0"), None);
    assert_eq!(
        parse_range("C2"),
        Some(Merge {
            first_row: 1,
            first_col: 2,
            last_row: 1,
            last_col: 2
        })
    );
}

#[test]
fn the_style_table_is_converted_once_for_every_sheet() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for i in 0..3 {
        book.add_worksheet()
            .write_with_format(0, 0, format!("sheet {i}"), &bold)
            .unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.as_slice())).unwrap();
    let mut shared = Shared::default();
    let mut seen: Vec<Palette> = Vec::new();
    for name in ["Sheet1", "Sheet2", "Sheet3"] {
        let rows = XlsxRows::new(&mut wb, name, &mut shared).unwrap();
        seen.push(Arc::clone(&rows.palette));
    }
    assert!(
        seen.iter().all(|p| Arc::ptr_eq(p, &seen[0])),
        "one table, shared"
    );
    assert!(seen[0].iter().flatten().any(|s| s.bold));
}
