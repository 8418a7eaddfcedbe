//! Bad and unusual inputs: each gets one clear message naming the file, nothing panics, and the
//! good file beside it in the same run is still read.

use std::io::Write;
use std::path::{Path, PathBuf};

use goldthread::normalise::{normalise_paths, Document, Options};

fn good_csv(dir: &Path) {
    std::fs::write(
        dir.join("good.csv"),
        "Ref,Risk,Likelihood,Impact\nR1,Flooding,2,3\n",
    )
    .unwrap();
}

/// Normalises a folder holding one bad file and one good CSV; returns the document and the bad
/// file's error.
fn run_with(name: &str, bytes: &[u8]) -> (Document, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    good_csv(dir.path());
    let doc = normalise_paths(&[dir.path().to_path_buf()], &Options::default());
    assert_eq!(
        doc.risks.iter().filter(|r| r.id == "R1").count(),
        1,
        "the good file must still be read"
    );
    let err = doc
        .files
        .iter()
        .find(|f| f.file.ends_with(name))
        .and_then(|f| f.error.clone());
    (doc, err)
}

fn expect_error(name: &str, bytes: &[u8], words: &str) {
    let (doc, err) = run_with(name, bytes);
    let err = err.unwrap_or_else(|| panic!("{name} should fail; files: {:?}", doc.files));
    assert!(err.contains(words), "{name}: '{err}' should say '{words}'");
    let finding = doc
        .findings
        .iter()
        .find(|f| f.rule == "file-unreadable")
        .expect("finding");
    assert!(
        finding.message.contains(name),
        "the finding names the file: {}",
        finding.message
    );
}

fn xlsx_bytes(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    build(wb.add_worksheet());
    wb.save_to_buffer().unwrap()
}

#[test]
fn empty_file() {
    expect_error("empty.xlsx", b"", "is empty");
}

#[test]
fn text_named_as_workbook() {
    expect_error("notes.xlsx", b"just some text\n", "holds plain text");
    expect_error("notes.ods", b"a,b\n1,2\n", "rename it .csv");
}

#[test]
fn random_bytes_named_xls() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    expect_error("random.xls", &bytes, "not a spreadsheet");
}

#[test]
fn truncated_workbook() {
    let bytes = xlsx_bytes(|ws| {
        for r in 0..200 {
            ws.write(r, 0, format!("row {r}")).unwrap();
        }
    });
    expect_error("cut.xlsx", &bytes[..bytes.len() / 2], "damaged");
}

#[test]
fn password_protected_workbook() {
    // An OLE compound file holding an EncryptedPackage stream is how Excel saves with a password.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    bytes.resize(2048, 0);
    expect_error("secret.xlsx", &bytes, "password protected");
}

#[test]
fn word_document_named_xlsx() {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(b"<w:document/>").unwrap();
        z.finish().unwrap();
    }
    expect_error("letter.xlsx", buf.get_ref(), "Word document");
}

#[test]
fn zip_bomb_is_refused_before_parsing() {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/workbook.xml", opts).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..20 {
            z.write_all(&block).unwrap();
        }
        z.finish().unwrap();
    }
    expect_error("bomb.xlsx", buf.get_ref(), "zip bomb");
}

#[test]
fn sparse_sheet_spanning_the_whole_grid_reads_without_allocating_it() {
    let bytes = xlsx_bytes(|ws| {
        ws.write(0, 0, "Risk Ref").unwrap();
        ws.write(0, 1, "Risk").unwrap();
        ws.write(0, 2, "Score").unwrap();
        ws.write(1, 0, "R9").unwrap();
        ws.write(1, 1, "Flood").unwrap();
        ws.write(1, 2, 12).unwrap();
        ws.write(1_048_575, 16_383, "far away").unwrap();
    });
    let (doc, err) = run_with("huge_range.xlsx", &bytes);
    assert_eq!(err, None);
    assert!(doc.risks.iter().any(|r| r.id == "R9"));
    let c = &doc.summary.cells;
    assert_eq!(c.read, c.mapped + c.extra + c.skipped_total());
}

#[test]
fn windows_1252_csv_keeps_the_pound_sign() {
    let (doc, err) = run_with(
        "legacy.csv",
        b"Ref;Risk;Likelihood;Impact\r\nL1;\xA31.2m overspend \x96 caf\xE9;3;4\r\n",
    );
    assert_eq!(err, None);
    let r = doc.risks.iter().find(|r| r.id == "L1").unwrap();
    assert_eq!(r.title.as_deref(), Some("£1.2m overspend – café"));
    assert_eq!(r.current.score, Some(12.0));
}

#[test]
fn utf16_csv_is_read() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "Ref\tRisk\tLikelihood\tImpact\r\nU1\tFire\t1\t5\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let (doc, err) = run_with("unicode.csv", &bytes);
    assert_eq!(err, None);
    assert_eq!(
        doc.risks
            .iter()
            .find(|r| r.id == "U1")
            .and_then(|r| r.current.score),
        Some(5.0)
    );
}

#[test]
fn workbook_named_xls_is_read_as_what_it_is() {
    let bytes = xlsx_bytes(|ws| {
        ws.write(0, 0, "Risk Ref").unwrap();
        ws.write(0, 1, "Risk").unwrap();
        ws.write(0, 2, "Score").unwrap();
        ws.write(1, 0, "M1").unwrap();
        ws.write(1, 1, "x").unwrap();
        ws.write(1, 2, 4).unwrap();
    });
    let (doc, err) = run_with("old_name.xls", &bytes);
    assert_eq!(err, None);
    assert!(doc.risks.iter().any(|r| r.id == "M1"));
    assert!(doc
        .findings
        .iter()
        .any(|f| f.rule == "file-note" && f.message.contains("really an .xlsx")));
}

/// An "Excel" export that is an Excel 2003 XML spreadsheet named .xls: read, with a note, its
/// colours and percentages kept.
#[test]
fn excel_2003_xml_named_xls_is_read_with_its_colours() {
    let xml = r##"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles>
  <Style ss:ID="red"><Interior ss:Color="#FF0000" ss:Pattern="Solid"/></Style>
  <Style ss:ID="pct"><NumberFormat ss:Format="0.0%"/></Style>
 </Styles>
 <Worksheet ss:Name="Scorecard">
  <Table>
   <Row><Cell><Data ss:Type="String">Ref</Data></Cell><Cell><Data ss:Type="String">Measure</Data></Cell><Cell><Data ss:Type="String">Polarity</Data></Cell><Cell><Data ss:Type="String">Target</Data></Cell><Cell><Data ss:Type="String">Q2 2024/25 Actual</Data></Cell><Cell><Data ss:Type="String">Q2 2024/25 Status</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">K1</Data></Cell><Cell><Data ss:Type="String">Calls answered</Data></Cell><Cell><Data ss:Type="String">High is good</Data></Cell><Cell ss:StyleID="pct"><Data ss:Type="Number">0.9</Data></Cell><Cell ss:StyleID="pct"><Data ss:Type="Number">0.836</Data></Cell><Cell ss:StyleID="red"/></Row>
  </Table>
 </Worksheet>
</Workbook>"##;
    let (doc, err) = run_with("system_export.xls", xml.as_bytes());
    assert_eq!(err, None, "{:?}", doc.files);
    assert!(doc
        .findings
        .iter()
        .any(|f| f.rule == "file-note" && f.message.contains("Excel 2003 XML spreadsheet")));
    let k1 = doc
        .observations
        .iter()
        .find(|o| o.measure_id == "K1")
        .unwrap_or_else(|| panic!("K1 read: {:?}", doc.files));
    assert_eq!(k1.actual, Some(83.6));
    assert_eq!(k1.target, Some(90.0));
    assert_eq!(k1.rag, Some(goldthread::schema::Rag::Red));
}

#[test]
fn long_cells_and_odd_sheet_names_are_kept() {
    // Excel's own limit is 32,767 characters a cell; a CSV export has none.
    let long = "x".repeat(32_767);
    let bytes = {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Risks (draft) v2 & £").unwrap();
        for (c, h) in ["Risk Ref", "Risk", "Score", "Notes"].iter().enumerate() {
            ws.write(0, c as u16, *h).unwrap();
        }
        ws.write(1, 0, "X1").unwrap();
        ws.write(1, 1, "Long").unwrap();
        ws.write(1, 2, 6).unwrap();
        ws.write(1, 3, long.as_str()).unwrap();
        wb.save_to_buffer().unwrap()
    };
    let (doc, _) = run_with("long.xlsx", &bytes);
    let r = doc.risks.iter().find(|r| r.id == "X1").unwrap();
    assert_eq!(r.extra.get("Notes").map(|s| s.len()), Some(32_767));
    assert_eq!(r.source.sheet, "Risks (draft) v2 & £");
    let csv = format!("Ref,Risk,Score,Notes\nC1,Long,4,{}\n", "y".repeat(40_000));
    let (doc, _) = run_with("long_export.csv", csv.as_bytes());
    let r = doc.risks.iter().find(|r| r.id == "C1").unwrap();
    assert_eq!(r.extra.get("Notes").map(|s| s.len()), Some(40_000));
}

#[test]
fn lock_files_and_other_extensions_in_folders_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    good_csv(dir.path());
    std::fs::write(dir.path().join("~$good.xlsx"), b"lock").unwrap();
    std::fs::write(dir.path().join("readme.txt"), b"hello").unwrap();
    let doc = normalise_paths(&[dir.path().to_path_buf()], &Options::default());
    assert_eq!(doc.summary.files, 1);
    assert_eq!(doc.summary.files_failed, 0);
}

#[test]
fn missing_input_is_named() {
    let doc = normalise_paths(&[PathBuf::from("no/such/return.xlsx")], &Options::default());
    assert_eq!(doc.summary.files_failed, 1);
    assert!(doc.files[0]
        .error
        .as_deref()
        .unwrap()
        .contains("no such file"));
}

#[test]
fn real_nhs_scorecard_reads_with_a_profile() {
    let dir = Path::new("tests/fixtures/nhse");
    let profile = goldthread::layout::Profile::load(&dir.join("profile.toml")).unwrap();
    let opts = Options {
        profile: Some(profile),
        ..Default::default()
    };
    let doc = normalise_paths(&[dir.join("balanced_scorecard_2.csv")], &opts);
    assert_eq!(doc.summary.files_failed, 0);
    assert_eq!(doc.observations.len(), 129, "one observation per row");
    // One measure per organisation and reference.
    let first = doc
        .measures
        .iter()
        .find(|m| m.id == "E.B.23c" && m.service.as_deref() == Some("RYE"))
        .unwrap();
    assert_eq!(
        first.polarity,
        Some(goldthread::schema::Polarity::LowerIsBetter)
    );
    let o = doc
        .observations
        .iter()
        .find(|o| o.measure_id == "E.B.23c" && o.source.row == 3)
        .unwrap();
    assert_eq!(
        (o.period_or_none(), o.target, o.rag),
        ("2024-11", Some(27.2), Some(goldthread::schema::Rag::Red))
    );
    // "NA" plans are missing values, not errors; every cell is accounted for.
    assert!(doc.summary.missing_values > 0);
    assert!(
        doc.findings.iter().all(|f| f.rule != "value-unreadable"),
        "{:?}",
        doc.findings.first()
    );
    let c = &doc.summary.cells;
    assert_eq!(c.read, c.mapped + c.extra + c.skipped_total());
}

#[test]
fn a_column_named_like_a_field_but_holding_other_values_is_kept_as_extra() {
    let dir = Path::new("tests/fixtures/nhse");
    let doc = normalise_paths(&[dir.join("balanced_scorecard_2.csv")], &Options::default());
    let notes: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.rule == "column-unrecognised")
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].message.contains("measure_type"),
        "{}",
        notes[0].message
    );
    assert!(doc
        .measures
        .iter()
        .all(|m| m.kind.is_none() && m.extra.contains_key("measure_type")));
}

mod mutated {
    //! Byte mutations of every sample through the reader and the normaliser: never a panic.
    use super::*;
    use proptest::prelude::*;

    fn sample(name: &str) -> Vec<u8> {
        std::fs::read(Path::new("samples").join(name)).unwrap()
    }

    fn exercise(bytes: Vec<u8>, ext: &str) {
        let name = format!("mutated.{ext}");
        if let Ok(wb) = goldthread::read::read_bytes(bytes, &name, ext, "mutated") {
            let input = goldthread::read::InputFile {
                path: PathBuf::from(&name),
                display: name.clone(),
            };
            let mut doc = goldthread::normalise::Document::default();
            goldthread::normalise::normalise_workbook(&wb, &input, &Options::default(), &mut doc);
        }
    }

    fn mutations() -> impl Strategy<Value = (Vec<(usize, u8)>, Option<usize>)> {
        (
            proptest::collection::vec((any::<usize>(), any::<u8>()), 1..12),
            proptest::option::of(any::<usize>()),
        )
    }

    fn mutate(mut bytes: Vec<u8>, flips: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
        for (at, b) in flips {
            let n = bytes.len();
            bytes[at % n] = *b;
        }
        if let Some(c) = cut {
            let n = bytes.len();
            bytes.truncate(c % n);
        }
        bytes
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn mutated_workbooks_never_panic((flips, cut) in mutations()) {
            exercise(mutate(sample("adults_risk_register.xlsx"), &flips, cut), "xlsx");
        }

        #[test]
        fn mutated_csv_never_panics((flips, cut) in mutations()) {
            exercise(mutate(sample("resources_risk_register.csv"), &flips, cut), "csv");
            exercise(mutate(sample("resources_kpis_export.csv"), &flips, cut), "csv");
        }

        #[test]
        fn mutated_sheet_xml_never_panics(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
            // Mutate the worksheet XML inside the zip, so the damage reaches the cell parser.
            let bytes = sample("childrens_performance.xlsx");
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for i in 0..z.len() {
                let mut f = z.by_index(i).unwrap();
                let name = f.name().unwrap().to_string();
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut f, &mut data).unwrap();
                if name.contains("worksheets/sheet") {
                    data = mutate(data, &flips, None);
                }
                out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
                std::io::Write::write_all(&mut out, &data).unwrap();
            }
            exercise(out.finish().unwrap().into_inner(), "xlsx");
        }
    }
}

/// A workbook's parts with some replaced or added.
fn repack(
    bytes: Vec<u8>,
    change: &dyn Fn(&str, Vec<u8>) -> Vec<u8>,
    add: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        out.start_file(name.clone(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&change(&name, data)).unwrap();
    }
    for (name, data) in add {
        out.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn small_register() -> Vec<u8> {
    xlsx_bytes(|ws| {
        for (c, h) in ["Risk Ref", "Risk", "Score"].iter().enumerate() {
            ws.write(0, c as u16, *h).unwrap();
        }
        ws.write(1, 0, "X9").unwrap();
        ws.write(1, 1, "Flood").unwrap();
        ws.write(1, 2, 8).unwrap();
    })
}

#[test]
fn macros_and_external_links_are_reported_as_info_and_never_run() {
    let bytes = repack(
        small_register(),
        &|_, d| d,
        &[
            ("xl/vbaProject.bin", b"not really vba"),
            ("xl/externalLinks/externalLink1.xml", b"<externalLink/>"),
        ],
    );
    let (doc, err) = run_with("with_macros.xlsm", &bytes);
    assert_eq!(err, None);
    assert!(doc.risks.iter().any(|r| r.id == "X9"));
    let notes: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.rule == "file-note")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|m| m.contains("macros") && m.contains("not run")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|m| m.contains("links to 1 other workbook")),
        "{notes:?}"
    );
    assert!(doc
        .findings
        .iter()
        .filter(|f| f.rule == "file-note")
        .all(|f| f.severity == goldthread::schema::Severity::Info));
}

#[test]
fn xml_entity_expansion_does_not_explode() {
    let bomb = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>&lol9;</t></si><si><t>Risk</t></si><si><t>Score</t></si><si><t>X9</t></si></sst>"#;
    let bytes = repack(
        small_register(),
        &|name, d| {
            if name == "xl/sharedStrings.xml" {
                bomb.to_vec()
            } else {
                d
            }
        },
        &[],
    );
    // No timed assertion: what matters is that the entities are never expanded (below).
    let (doc, err) = run_with("laughs.xlsx", &bytes);
    // Either refused with a message naming the file, or read without expanding the entities.
    if let Some(e) = err {
        assert!(!e.is_empty());
    } else {
        let longest = doc
            .risks
            .iter()
            .flat_map(|r| r.extra.values())
            .map(|v| v.len())
            .max()
            .unwrap_or(0);
        assert!(longest < 1_000_000);
    }
}

#[test]
fn a_sheet_16384_columns_wide_is_read() {
    let bytes = xlsx_bytes(|ws| {
        for (c, h) in ["Risk Ref", "Risk", "Score"].iter().enumerate() {
            ws.write(0, c as u16, *h).unwrap();
        }
        for c in 3..16_384u16 {
            ws.write(0, c, format!("Note {c}")).unwrap();
        }
        ws.write(1, 0, "W1").unwrap();
        ws.write(1, 1, "Wide").unwrap();
        ws.write(1, 2, 4).unwrap();
        ws.write(1, 16_383, "last column").unwrap();
    });
    let (doc, err) = run_with("wide.xlsx", &bytes);
    assert_eq!(err, None);
    let r = doc.risks.iter().find(|r| r.id == "W1").unwrap();
    assert_eq!(
        r.extra.get("Note 16383").map(String::as_str),
        Some("last column")
    );
    let c = &doc.summary.cells;
    assert_eq!(c.read, c.mapped + c.extra + c.skipped_total());
}

/// A register long enough to be read as a stream (more than 5,000 rows).
fn long_register(rows: u32) -> Vec<u8> {
    xlsx_bytes(|ws| {
        for (c, h) in ["Risk Ref", "Risk", "Likelihood", "Impact"]
            .iter()
            .enumerate()
        {
            ws.write(0, c as u16, *h).unwrap();
        }
        for r in 1..=rows {
            ws.write(r, 0, format!("LR-{r:05}")).unwrap();
            ws.write(r, 1, format!("Risk {r}")).unwrap();
            ws.write(r, 2, f64::from(r % 5 + 1)).unwrap();
            ws.write(r, 3, f64::from(r % 4 + 1)).unwrap();
        }
    })
}

#[test]
fn a_long_sheet_broken_part_way_fails_whole_and_keeps_nothing_of_it() {
    // The sheet's XML stops in the middle of row 6,500, long after the first records were made.
    let broken = repack(
        long_register(7_000),
        &|name, data| {
            if name != "xl/worksheets/sheet1.xml" {
                return data;
            }
            let text = String::from_utf8(data).unwrap();
            let cut = text.find("<row r=\"6500\"").expect("row 6500");
            text.as_bytes()[..cut + 30].to_vec()
        },
        &[],
    );
    let (doc, err) = run_with("long.xlsx", &broken);
    let err = err.expect("the broken register fails");
    assert_eq!(
        err.matches("Sheet1").count(),
        1,
        "names the sheet once: {err}"
    );
    assert!(
        !doc.risks.iter().any(|r| r.id.starts_with("LR-")),
        "no record of a file that failed is kept"
    );
    // The same through `normalise`, whose records go to temporary files as they are read.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("long.xlsx"), &broken).unwrap();
    good_csv(dir.path());
    let spilled = goldthread::normalise_and_check_spilled(
        &[dir.path().to_path_buf()],
        &Options::default(),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(spilled.doc.summary.risks, 1, "only the good file's risk");
    assert_eq!(spilled.doc.summary.files_failed, 1);
    // A long sheet whose rows are stored out of order is read again whole, every row kept.
    let shuffled = repack(
        long_register(7_000),
        &|name, data| {
            if name != "xl/worksheets/sheet1.xml" {
                return data;
            }
            let text = String::from_utf8(data).unwrap();
            let (a, b) = (
                text.find("<row r=\"6000\"").unwrap(),
                text.find("<row r=\"6001\"").unwrap(),
            );
            let moved = text[a..b].to_string();
            let rest = format!("{}{}", &text[..a], &text[b..]);
            let at = rest.find("<row r=\"6500\"").unwrap();
            format!("{}{moved}{}", &rest[..at], &rest[at..]).into_bytes()
        },
        &[],
    );
    let (doc, err) = run_with("shuffled.xlsx", &shuffled);
    assert_eq!(err, None);
    assert_eq!(
        doc.risks.iter().filter(|r| r.id.starts_with("LR-")).count(),
        7_000
    );
    assert!(doc
        .risks
        .iter()
        .any(|r| r.id == "LR-05999" && r.source.row == 6000));
    // And the whole register, unbroken, is read as a stream with every row.
    let (doc, err) = run_with("long.xlsx", &long_register(7_000));
    assert_eq!(err, None);
    assert_eq!(
        doc.risks.iter().filter(|r| r.id.starts_with("LR-")).count(),
        7_000
    );
}
