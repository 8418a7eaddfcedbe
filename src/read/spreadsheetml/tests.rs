use super::*;
use crate::read::Format;
use proptest::prelude::*;

/// A workbook of the given styles and worksheets, as Excel writes the frame around them.
fn workbook(styles: &str, sheets: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>Council</Author></DocumentProperties>
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/><Borders/><Font ss:FontName="Arial"/><Interior/><NumberFormat/><Protection/></Style>
  {styles}
 </Styles>
 {sheets}
</Workbook>"#
    )
}

fn read(xml: &str) -> Vec<Sheet> {
    read_spreadsheetml(xml.as_bytes()).expect("reads")
}

fn cells(sheet: &Sheet) -> Vec<(u32, u32, Option<Value>)> {
    sheet
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| (c.row, c.col, c.value.clone()))
        .collect()
}

fn text(row: u32, col: u32, s: &str) -> (u32, u32, Option<Value>) {
    (row, col, Some(Value::Text(s.into())))
}

fn merge(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
    Merge {
        first_row,
        first_col,
        last_row,
        last_col,
    }
}

fn cell_at(sheet: &Sheet, row: u32, col: u32) -> &Cell {
    sheet
        .row(row)
        .and_then(|r| r.get(col))
        .unwrap_or_else(|| panic!("no cell at ({row}, {col}) in '{}'", sheet.name))
}

#[test]
fn rows_and_cells_follow_indexes_and_merges() {
    let xml = workbook(
        "",
        r#"<Worksheet ss:Name="Positions">
  <Table ss:ExpandedColumnCount="9" ss:ExpandedRowCount="12" x:FullColumns="1" x:FullRows="1">
   <Column ss:Width="60"/><Column ss:Index="4" ss:Span="2" ss:Width="30"/>
   <Row>
<Cell><Data ss:Type="String">A1</Data></Cell>
<Cell ss:Index="3"><Data ss:Type="String">C1</Data></Cell>
<Cell><Data ss:Type="String">D1</Data></Cell>
   </Row>
   <Row ss:Index="3">
<Cell ss:MergeAcross="2"><Data ss:Type="String">A3:C3</Data></Cell>
<Cell><Data ss:Type="String">D3</Data></Cell>
<Cell ss:Index="6" ss:MergeAcross="1" ss:MergeDown="2"><Data ss:Type="String">F3:G5</Data></Cell>
<Cell><Data ss:Type="String">H3</Data></Cell>
   </Row>
   <Row>
<Cell ss:Index="5"><Data ss:Type="String">E4</Data></Cell>
<Cell><Data ss:Type="String">H4</Data></Cell>
   </Row>
   <Row>
<Cell><Data ss:Type="String">A5</Data></Cell>
<Cell ss:Index="6"><Data ss:Type="String">inside the merge</Data></Cell>
<Cell ss:Index="9"><Data ss:Type="String">I5</Data></Cell>
   </Row>
   <Row ss:Span="1" ss:Height="20"/>
   <Row><Cell><Data ss:Type="String">A8</Data></Cell></Row>
   <Row ss:Index="12"><Cell ss:Index="9"><Data ss:Type="String">I12</Data></Cell><Cell/><Cell/></Row>
   <Row ss:Index="1048576"/>
  </Table>
 </Worksheet>"#,
    );
    let sheets = read(&xml);
    assert_eq!(sheets.len(), 1);
    let s = &sheets[0];
    assert_eq!(s.name, "Positions");
    assert_eq!(s.visibility, Visibility::Visible);
    assert_eq!(
        cells(s),
        vec![
            text(0, 0, "A1"),
            text(0, 2, "C1"),
            text(0, 3, "D1"),
            text(2, 0, "A3:C3"),
            text(2, 3, "D3"),
            text(2, 5, "F3:G5"),
            text(2, 7, "H3"),
            text(3, 4, "E4"),
            // Follows E4, past F4:G4, which the merge from row 3 covers.
            text(3, 7, "H4"),
            text(4, 0, "A5"),
            // Placed inside the merge (Excel refuses that): moved past it.
            text(4, 7, "inside the merge"),
            // An index counts the covered cells, as Excel writes it.
            text(4, 8, "I5"),
            text(7, 0, "A8"),
            text(11, 8, "I12"),
        ]
    );
    assert_eq!(s.merges, vec![merge(2, 0, 2, 2), merge(2, 5, 4, 6)]);
}

#[test]
fn libreoffice_tables_count_columns_without_covered_cells() {
    // As LibreOffice writes a merge of B1:D2 with E2 and I2 below it (counting E as the
    // second column and I as the sixth), and the same rows in a table as Excel writes it,
    // where an index counts every column and only a cell placed inside the merge moves.
    let rows = r#"
   <Row><Cell ss:Index="2" ss:MergeAcross="2" ss:MergeDown="1"><Data ss:Type="String">B1:D2</Data></Cell><Cell ss:Index="16384"/></Row>
   <Row><Cell ss:Index="2"><Data ss:Type="String">E2</Data></Cell><Cell ss:Index="6"><Data ss:Type="String">I2</Data></Cell><Cell ss:Index="16381"/></Row>
   <Row><Cell ss:Index="3"><Data ss:Type="String">C3</Data></Cell></Row>"#;
    let xml = workbook(
        r#"<Style ss:ID="ta1"/>"#,
        &format!(
            r#"<ss:Worksheet ss:Name="LibreOffice"><Table ss:StyleID="ta1">{rows}</Table><x:WorksheetOptions/></ss:Worksheet>
 <Worksheet ss:Name="Excel"><Table ss:ExpandedColumnCount="7" ss:ExpandedRowCount="3">{rows}</Table></Worksheet>"#
        ),
    );
    let sheets = read(&xml);
    assert_eq!(
        cells(&sheets[0]),
        vec![
            text(0, 1, "B1:D2"),
            text(1, 4, "E2"),
            text(1, 8, "I2"),
            text(2, 2, "C3")
        ]
    );
    assert_eq!(
        cells(&sheets[1]),
        vec![
            text(0, 1, "B1:D2"),
            text(1, 4, "E2"),
            text(1, 5, "I2"),
            text(2, 2, "C3")
        ]
    );
    assert_eq!(sheets[0].merges, vec![merge(0, 1, 1, 3)]);
}

#[test]
fn styles_inherit_from_parents_rows_columns_and_default() {
    let xml = workbook(
        r##"
  <Style ss:ID="Red"><Interior ss:Color="#FF0000" ss:Pattern="Solid"/></Style>
  <Style ss:ID="RedBold" ss:Parent="Red"><Font ss:FontName="Arial" ss:Bold="1"/></Style>
  <Style ss:ID="RedBoldPct" ss:Parent="RedBold"><NumberFormat ss:Format="0.0%"/></Style>
  <Style ss:ID="Plain" ss:Parent="RedBoldPct"><Interior ss:Color="#00FF00" ss:Pattern="None"/><Font ss:Bold="0"/></Style>
  <Style ss:ID="NoPattern"><Interior ss:Color="#00FF00"/></Style>
  <Style ss:ID="Amber" ss:Name="Amber"><Interior ss:Color="#ffc000" ss:Pattern="Solid"/></Style>
  <Style ss:ID="Green"><Interior ss:Color="#00B050" ss:Pattern="Solid"/></Style>
  <Style ss:ID="Pct"><NumberFormat ss:Format="Percent"/></Style>
  <Style ss:ID="Money"><NumberFormat ss:Format="Currency"/></Style>
  <Style ss:ID="Date"><NumberFormat ss:Format="Short Date"/></Style>
  <Style ss:ID="Gen"><NumberFormat ss:Format="General Number"/></Style>
  <Style ss:ID="Custom"><NumberFormat ss:Format="&quot;£&quot;#,##0"/></Style>
  <Style ss:ID="Loop1" ss:Parent="Loop2"><Font ss:Bold="1"/></Style>
  <Style ss:ID="Loop2" ss:Parent="Loop1"/>"##,
        r#"<Worksheet ss:Name="Styles">
  <Table>
   <Column ss:Index="3" ss:StyleID="Green"/>
   <Column ss:Span="1"/>
   <Column ss:StyleID="Amber"/>
   <Row>
<Cell ss:StyleID="Red"><Data ss:Type="Number">1</Data></Cell>
<Cell ss:StyleID="RedBoldPct"><Data ss:Type="Number">0.5</Data></Cell>
<Cell><Data ss:Type="String">green column</Data></Cell>
<Cell ss:StyleID="Plain"><Data ss:Type="String">plain</Data></Cell>
<Cell ss:StyleID="NoPattern"><Data ss:Type="String">no pattern</Data></Cell>
<Cell><Data ss:Type="String">amber column</Data></Cell>
<Cell ss:StyleID="Loop1"><Data ss:Type="String">loop</Data></Cell>
<Cell ss:StyleID="Missing"><Data ss:Type="String">missing</Data></Cell>
   </Row>
   <Row ss:StyleID="RedBold">
<Cell><Data ss:Type="String">row style</Data></Cell>
<Cell ss:Index="3"/>
<Cell ss:StyleID="Pct"><Data ss:Type="Number">0.25</Data></Cell>
   </Row>
   <Row>
<Cell ss:StyleID="Amber"/>
<Cell ss:StyleID="Pct"/>
<Cell ss:StyleID="Money"><Data ss:Type="Number">12</Data></Cell>
<Cell ss:StyleID="Date"><Data ss:Type="DateTime">2024-09-30T00:00:00.000</Data></Cell>
<Cell ss:StyleID="Gen"><Data ss:Type="Number">3</Data></Cell>
<Cell ss:StyleID="Custom"><Data ss:Type="Number">4</Data></Cell>
   </Row>
  </Table>
 </Worksheet>"#,
    );
    let sheets = read(&xml);
    let s = &sheets[0];
    let style = |row, col| {
        let c = cell_at(s, row, col);
        (c.fill(), c.bold(), c.number_format().map(str::to_string))
    };
    let red = Some(0xFFFF_0000);
    assert_eq!(style(0, 0), (red, false, None));
    assert_eq!(style(0, 1), (red, true, Some("0.0%".into())));
    assert_eq!(style(0, 2), (Some(0xFF00_B050), false, None));
    // Pattern None and Bold 0 override the parents; the format is inherited.
    assert_eq!(style(0, 3), (None, false, Some("0.0%".into())));
    // A colour without a pattern is no fill in Excel.
    assert_eq!(cell_at(s, 0, 4).style, None);
    assert_eq!(style(0, 5), (Some(0xFFFF_C000), false, None));
    assert_eq!(style(0, 6), (None, true, None));
    assert_eq!(cell_at(s, 0, 7).style, None);
    // The row's style, for cells with none of their own, over the column's.
    assert_eq!(style(1, 0), (red, true, None));
    let empty = cell_at(s, 1, 2);
    assert_eq!((empty.value.clone(), empty.fill()), (None, red));
    assert_eq!(style(1, 3), (None, false, Some("0.00%".into())));
    // An empty filled cell is kept; an empty cell with only a format is not.
    assert_eq!(cell_at(s, 2, 0).value, None);
    assert_eq!(cell_at(s, 2, 0).fill(), Some(0xFFFF_C000));
    assert!(s.row(2).unwrap().get(1).is_none());
    assert_eq!(style(2, 2), (None, false, Some("£#,##0.00".into())));
    assert_eq!(style(2, 3), (None, false, Some("dd/mm/yyyy".into())));
    assert_eq!(cell_at(s, 2, 4).style, None);
    assert_eq!(style(2, 5), (None, false, Some("\"£\"#,##0".into())));
    assert_eq!(s.rows.len(), 3);
}

#[test]
fn default_and_table_styles_reach_unstyled_cells() {
    let xml = r##"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Font ss:Bold="1"/></Style>
  <Style ss:ID="s1"><Interior ss:Color="#FFFF00" ss:Pattern="Solid"/></Style>
 </Styles>
 <Worksheet ss:Name="A"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell><Cell ss:StyleID="s1"><Data ss:Type="String">y</Data></Cell></Row></Table></Worksheet>
 <Worksheet ss:Name="B"><Table ss:StyleID="s1"><Row><Cell/></Row></Table></Worksheet>
</Workbook>"##;
    let sheets = read(xml);
    let a = &sheets[0];
    assert!(cell_at(a, 0, 0).bold());
    // A style without a parent takes what it does not set from Default.
    assert_eq!(
        (cell_at(a, 0, 1).fill(), cell_at(a, 0, 1).bold()),
        (Some(0xFFFF_FF00), true)
    );
    assert_eq!(cell_at(&sheets[1], 0, 0).fill(), Some(0xFFFF_FF00));
}

#[test]
fn every_data_type_reads_as_the_xlsx_reader_gives_it() {
    let xml = workbook(
        "",
        r##"<Worksheet ss:Name="Q2 &amp; Q3">
  <Table>
   <Row>
<Cell><Data ss:Type="String">Line one&#10;line two</Data></Cell>
<Cell><Data ss:Type="Number">85.5</Data></Cell>
<Cell><Data ss:Type="Number">n/a</Data></Cell>
<Cell><Data ss:Type="DateTime">2024-09-30T00:00:00.000</Data></Cell>
<Cell><Data ss:Type="DateTime">2024-10-01T13:45:00.000</Data></Cell>
<Cell><Data ss:Type="Boolean">1</Data></Cell>
<Cell><Data ss:Type="Boolean">0</Data></Cell>
<Cell ss:Formula="=1/0"><Data ss:Type="Error">#DIV/0!</Data></Cell>
<Cell ss:Formula="=RC[-7]*2"><Data ss:Type="Number">171</Data></Cell>
<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Bold</B><Font html:Color="#FF0000"> and red</Font> &amp; plain</ss:Data></Cell>
<Cell><Data ss:Type="String">   </Data></Cell>
<Cell><Data ss:Type="String"><![CDATA[<raw> & text]]></Data><Comment ss:Author="Officer"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B>a note</B></ss:Data></Comment></Cell>
<Cell><Data ss:Type="DateTime">not a date</Data></Cell>
<Cell><Data ss:Type="Number"> 1.5E+3 </Data></Cell>
<Cell><Data>untyped</Data></Cell>
<Cell><Data ss:Type="Number">inf</Data></Cell>
   </Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="Very hidden"><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetVeryHidden</Visible></WorksheetOptions></Worksheet>
 <Worksheet ss:Name="Shown"><Table/><x:WorksheetOptions><x:Selected/><x:Visible>SheetVisible</x:Visible></x:WorksheetOptions></Worksheet>
 <Worksheet><Table><Row><Cell><Data ss:Type="Number">1</Data></Cell></Row></Table></Worksheet>"##,
    );
    let sheets = read(&xml);
    let names: Vec<(&str, Visibility)> = sheets
        .iter()
        .map(|s| (s.name.as_str(), s.visibility))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Q2 & Q3", Visibility::Hidden),
            ("Very hidden", Visibility::VeryHidden),
            ("Shown", Visibility::Visible),
            ("Sheet4", Visibility::Visible),
        ]
    );
    let date = |y, m, d| Some(Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
    assert_eq!(
        cells(&sheets[0]),
        vec![
            text(0, 0, "Line one\nline two"),
            (0, 1, Some(Value::Number(85.5))),
            text(0, 2, "n/a"),
            (0, 3, date(2024, 9, 30)),
            (0, 4, date(2024, 10, 1)),
            (0, 5, Some(Value::Bool(true))),
            (0, 6, Some(Value::Bool(false))),
            (0, 7, Some(Value::Error("#DIV/0!".into()))),
            (0, 8, Some(Value::Number(171.0))),
            text(0, 9, "Bold and red & plain"),
            text(0, 11, "<raw> & text"),
            text(0, 12, "not a date"),
            (0, 13, Some(Value::Number(1500.0))),
            text(0, 14, "untyped"),
            text(0, 15, "inf"),
        ]
    );
    assert!(sheets[1].rows.is_empty() && sheets[2].rows.is_empty());
    assert_eq!(cells(&sheets[3]), vec![(0, 0, Some(Value::Number(1.0)))]);
}

#[test]
fn entities_are_not_expanded() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE Workbook [<!ENTITY boom "EXPANDED"><!ENTITY lol "&boom;&boom;&boom;">]>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="E"><Table><Row><Cell><Data ss:Type="String">&lol; &#163;5 &#x2014;</Data></Cell></Row></Table></Worksheet>
</Workbook>"#;
    assert!(is_spreadsheetml(xml.as_bytes()));
    let sheets = read(xml);
    assert_eq!(cells(&sheets[0]), vec![text(0, 0, "&lol; £5 —")]);
}

#[test]
fn encodings_are_decoded() {
    let xml = workbook(
        "",
        r#"<Worksheet ss:Name="Money"><Table><Row><Cell><Data ss:Type="String">£5 – café</Data></Cell></Row></Table></Worksheet>"#,
    );
    let expected = vec![text(0, 0, "£5 – café")];
    let mut le = vec![0xFF, 0xFE];
    le.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(xml.encode_utf16().flat_map(u16::to_be_bytes));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(xml.as_bytes());
    let bare_le: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [le, be, bom, bare_le] {
        assert!(is_spreadsheetml(&bytes));
        let sheets = read_spreadsheetml(&bytes).expect("reads");
        assert_eq!(cells(&sheets[0]), expected);
    }
    // A single-byte encoding named by the declaration.
    let latin = xml
        .replace(
            r#"<?xml version="1.0"?>"#,
            r#"<?xml version="1.0" encoding="windows-1252"?>"#,
        )
        .replace(" – café", " cafe");
    let bytes: Vec<u8> = latin
        .chars()
        .map(|c| if c == '£' { 0xA3 } else { c as u8 })
        .collect();
    assert!(is_spreadsheetml(&bytes));
    let sheets = read_spreadsheetml(&bytes).expect("reads");
    assert_eq!(cells(&sheets[0]), vec![text(0, 0, "£5 cafe")]);
}

fn one_sheet(rows: &str) -> String {
    workbook(
        "",
        &format!(r#"<Worksheet ss:Name="Big &amp; bad"><Table>{rows}</Table></Worksheet>"#),
    )
}

#[test]
fn cells_beyond_the_grid_are_refused() {
    let row = read_spreadsheetml(
        one_sheet(r#"<Row ss:Index="1048577"><Cell><Data ss:Type="String">x</Data></Cell></Row>"#)
            .as_bytes(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        row.starts_with("sheet 'Big & bad' has a cell beyond Excel's grid at row 1048577"),
        "{row}"
    );
    let col = read_spreadsheetml(one_sheet(r#"<Row><Cell ss:Index="16385"/></Row>"#).as_bytes())
        .unwrap_err()
        .to_string();
    assert!(col.contains("at row 1, column 16385"), "{col}");
    let after_merge = read_spreadsheetml(
        one_sheet(r#"<Row><Cell ss:Index="16384" ss:MergeAcross="3"/><Cell/></Row>"#).as_bytes(),
    )
    .unwrap_err()
    .to_string();
    assert!(after_merge.contains("column 16388"), "{after_merge}");
    let huge = read_spreadsheetml(
        one_sheet(r#"<Row ss:Index="99999999999999999999999"><Cell/></Row>"#).as_bytes(),
    )
    .unwrap_err()
    .to_string();
    assert!(huge.contains("beyond Excel's grid"), "{huge}");
    // The last row and column are inside; a row beyond with no cells is no error; a merge
    // reaching beyond the grid stops at its edge.
    let edge = one_sheet(
        r#"<Row ss:Index="1048576"><Cell ss:Index="16384" ss:MergeDown="9"><Data ss:Type="String">corner</Data></Cell></Row><Row ss:Index="2000000"/>"#,
    );
    let sheets = read(&edge);
    assert_eq!(cells(&sheets[0]), vec![text(1_048_575, 16_383, "corner")]);
    assert_eq!(
        sheets[0].merges,
        vec![merge(1_048_575, 16_383, 1_048_575, 16_383)]
    );
}

#[test]
fn too_many_cells_are_refused() {
    let xml = one_sheet(
        r#"<Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="Number">2</Data></Cell><Cell/><Cell/><Cell ss:MergeAcross="1"/></Row>"#,
    );
    assert!(read_with_limit(xml.as_bytes(), 3).is_ok());
    assert_eq!(
        read_with_limit(xml.as_bytes(), 2).unwrap_err().to_string(),
        "is too large to read (more than 2 cells)"
    );
    assert_eq!(crate::read::error::thousands(MAX_CELLS), "20,000,000");
}

#[test]
fn damaged_documents_say_where() {
    let xml = one_sheet(r#"<Row><Cell><Data ss:Type="String">x</Data></Cell></Row>"#);
    let cut = read_spreadsheetml(&xml.as_bytes()[..xml.len() - 40])
        .unwrap_err()
        .to_string();
    assert!(
        cut.starts_with("is damaged or not a valid workbook (XML error at byte "),
        "{cut}"
    );
    let crossed = xml.replace("</Data></Cell>", "</Cell></Data>");
    let err = read_spreadsheetml(crossed.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("XML error at byte"), "{err}");
    // The XML reader's own error is kept as the source.
    let source = std::error::Error::source(&err).expect("a source");
    assert!(
        source.downcast_ref::<quick_xml::Error>().is_some(),
        "{err:?}"
    );
    let html = read_spreadsheetml(b"<html><body><table></table></body></html>")
        .unwrap_err()
        .to_string();
    assert!(
        html.starts_with("is not an Excel 2003 XML spreadsheet"),
        "{html}"
    );
    let empty = read_spreadsheetml(b"").unwrap_err().to_string();
    assert!(empty.contains("no Workbook"), "{empty}");
}

#[test]
fn spreadsheetml_is_recognised_by_its_start() {
    let excel = workbook("", r#"<Worksheet ss:Name="S"/>"#);
    assert!(is_spreadsheetml(excel.as_bytes()));
    assert!(is_spreadsheetml(
        format!("\u{feff}\r\n  {excel}").as_bytes()
    ));
    // Without the processing instruction, by the namespace; without the namespace (as some
    // generators write it), by the processing instruction.
    assert!(is_spreadsheetml(
        br#"<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>"#
    ));
    assert!(is_spreadsheetml(
        br#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><!-- export --><ss:Workbook xmlns:ss="x"/>"#
    ));
    // Excel's own HTML export names Office namespaces too.
    assert!(!is_spreadsheetml(
        br#"<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><body><table><tr><td>1</td></tr></table></body></html>"#
    ));
    assert!(!is_spreadsheetml(
        b"<!DOCTYPE html>\n<html><head><meta name=ProgId content=Excel.Sheet></head></html>"
    ));
    assert!(!is_spreadsheetml(b"Ref,Title,Score\r\n1,Roads,85\r\n"));
    assert!(!is_spreadsheetml(
        b"<?xml version=\"1.0\"?><root>urn:schemas-microsoft-com:office:spreadsheet</root>"
    ));
    assert!(!is_spreadsheetml(b""));
    assert!(!is_spreadsheetml(b"   "));
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write(0, 0, "x").unwrap();
    assert!(!is_spreadsheetml(&wb.save_to_buffer().unwrap()));
}

/// The workbook the LibreOffice test converts: fills, a `0.0%` number, bold, a date, merged
/// ranges with cells beside and below them, a formula, two sheets.
fn libreoffice_source() -> Vec<u8> {
    use rust_xlsxwriter::{Color, ExcelDateTime, Format as Fmt, Formula, Workbook};
    let mut wb = Workbook::new();
    let bold = Fmt::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Risks & Issues").unwrap();
    ws.write_with_format(0, 0, "Ref", &bold).unwrap();
    ws.write(0, 1, "Title\nline two").unwrap();
    ws.write(0, 2, "Score").unwrap();
    ws.write_with_format(1, 0, 0.836, &Fmt::new().set_num_format("0.0%"))
        .unwrap();
    let date = ExcelDateTime::from_ymd(2024, 9, 30).unwrap();
    ws.write_with_format(1, 1, &date, &Fmt::new().set_num_format("dd/mm/yyyy"))
        .unwrap();
    let red = Fmt::new().set_background_color(Color::RGB(0xFF0000));
    ws.write_with_format(1, 2, "Red", &red).unwrap();
    let amber = Fmt::new()
        .set_background_color(Color::RGB(0xFFC000))
        .set_bold();
    ws.write_blank(1, 3, &amber).unwrap();
    ws.write(1, 4, 12.5).unwrap();
    ws.merge_range(3, 1, 4, 3, "Merged", &bold).unwrap();
    ws.write(3, 4, "E4 beside").unwrap();
    ws.write(4, 0, "A5").unwrap();
    ws.write(4, 4, "E5 below").unwrap();
    ws.merge_range(6, 1, 7, 3, "Merged again", &Fmt::new())
        .unwrap();
    ws.write(7, 6, "G8 below").unwrap();
    ws.write(9, 10, "far").unwrap();
    ws.write_formula(10, 1, Formula::new("=A2*2").set_result("1.672"))
        .unwrap();
    let second = wb.add_worksheet();
    second.set_name("Second").unwrap();
    second.write(0, 0, "Name").unwrap();
    let green = Fmt::new().set_background_color(Color::RGB(0x00B050));
    second.write_with_format(1, 0, "Green", &green).unwrap();
    second.write(2, 2, 3).unwrap();
    for i in 0..2 {
        // LibreOffice 7.4's export stylesheet recurses once per column of a run of
        // identical columns and fails past 3,000; a width every 1,000 columns splits the
        // 16,384 columns of a sheet into shorter runs.
        let ws = wb.worksheet_from_index(i).unwrap();
        for col in (1000..16_384u16).step_by(1000) {
            ws.set_column_width(col, 9.5).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The xlsx converted by LibreOffice to Excel 2003 XML, or None when soffice is missing.
fn convert_with_libreoffice(xlsx: &[u8]) -> Option<Vec<u8>> {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("source.xlsx");
    std::fs::write(&input, xlsx).unwrap();
    let log = dir.path().join("soffice.log");
    let mut child = match Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "xml:MS Excel 2003 XML",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::File::create(dir.path().join("soffice.err")).unwrap())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("soffice cannot be started: {e}"),
    };
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(300) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("soffice did not finish converting within 5 minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let output = dir.path().join("source.xml");
    match std::fs::read(&output) {
        Ok(bytes) => Some(bytes),
        Err(_) => panic!(
            "soffice ({status}) wrote no {}:\n{}\n{}",
            output.display(),
            std::fs::read_to_string(&log).unwrap_or_default(),
            std::fs::read_to_string(dir.path().join("soffice.err"))
                .unwrap_or_default()
                .chars()
                .take(2000)
                .collect::<String>()
        ),
    }
}

#[test]
fn libreoffice_export_reads_as_the_xlsx_does() {
    let xlsx = libreoffice_source();
    let Some(xml) = convert_with_libreoffice(&xlsx) else {
        eprintln!("note: soffice is not installed; the LibreOffice SpreadsheetML test is skipped");
        return;
    };
    assert!(is_spreadsheetml(&xml));
    let ours = read_spreadsheetml(&xml).expect("reads LibreOffice's export");
    let theirs = crate::read::excel::read_workbook(xlsx, Format::Xlsx).unwrap();
    let names = |s: &[Sheet]| s.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ours), vec!["Risks & Issues", "Second"]);
    assert_eq!(names(&ours), names(&theirs));
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(cells(a), cells(b), "values of '{}'", a.name);
        let mut merges = a.merges.to_vec();
        merges.sort_by_key(|m| (m.first_row, m.first_col));
        let mut expected = b.merges.to_vec();
        expected.sort_by_key(|m| (m.first_row, m.first_col));
        assert_eq!(merges, expected, "merges of '{}'", a.name);
        for (x, y) in a
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .zip(b.rows.iter().flat_map(|r| &r.cells))
        {
            assert_eq!(
                (x.fill(), x.bold()),
                (y.fill(), y.bold()),
                "style of ({}, {}) in '{}'",
                x.row,
                x.col,
                a.name
            );
        }
    }
    let s = &ours[0];
    assert_eq!(s.visibility, Visibility::Visible);
    // LibreOffice writes 0.0% as the named format Percent, which is 0.00%.
    assert_eq!(theirs[0].rows[1].cells[0].number_format(), Some("0.0%"));
    assert_eq!(cell_at(s, 1, 0).number_format(), Some("0.00%"));
    assert!(crate::values::is_percent_format(
        cell_at(s, 1, 0).number_format().unwrap()
    ));
    assert_eq!(cell_at(s, 1, 1).number_format(), Some("dd/mm/yyyy"));
    assert_eq!(cell_at(s, 1, 2).fill(), Some(0xFFFF_0000));
    let amber = cell_at(s, 1, 3);
    assert_eq!(
        (amber.value.clone(), amber.fill(), amber.bold()),
        (None, Some(0xFFFF_C000), true)
    );
    assert_eq!(cell_at(&ours[1], 1, 0).fill(), Some(0xFF00_B050));
}

/// Pieces spliced into a valid document by the fuzz test.
const SNIPPETS: &[&str] = &[
    r#" ss:Index="1048576""#,
    r#" ss:Index="0""#,
    r#" ss:MergeDown="99999999999999""#,
    r#" ss:MergeAcross="16383""#,
    r#" ss:Span="-3""#,
    r#" ss:StyleID="s1""#,
    r#" ss:Parent="s1""#,
    "<Cell>",
    "</Row>",
    "<Row ss:Index=\"3\">",
    "&#0;",
    "&#x110000;",
    "&unknown;",
    "<![CDATA[",
    "<Data ss:Type=\"DateTime\">9999-99-99T</Data>",
    "\u{feff}",
    "\u{0}",
];

fn fuzz_source() -> String {
    workbook(
        r##"<Style ss:ID="s1" ss:Parent="s2"><Interior ss:Color="#FF0000" ss:Pattern="Solid"/><Font ss:Bold="1"/><NumberFormat ss:Format="Percent"/></Style>
  <Style ss:ID="s2" ss:Parent="s1"/>"##,
        r#"<Worksheet ss:Name="A"><Table ss:StyleID="ta1"><Column ss:StyleID="s1" ss:Span="2"/>
   <Row ss:StyleID="s2"><Cell ss:MergeAcross="1" ss:MergeDown="2" ss:StyleID="s1"><Data ss:Type="Number">0.5</Data></Cell><Cell><Data ss:Type="DateTime">2024-01-02T00:00:00.000</Data></Cell></Row>
   <Row ss:Index="4"><Cell ss:Index="2"><Data ss:Type="Boolean">1</Data></Cell><Cell><ss:Data ss:Type="String"><B>x</B>&amp;</ss:Data></Cell></Row>
  </Table><WorksheetOptions><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>"#,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mutated_documents_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        inserts in proptest::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(SNIPPETS)),
            0..4,
        ),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = fuzz_source().into_bytes();
        for (at, snippet) in inserts {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, snippet.bytes());
        }
        for (at, byte) in edits {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let _ = is_spreadsheetml(&bytes);
        if let Ok(sheets) = read_spreadsheetml(&bytes) {
            for sheet in sheets {
                for cell in sheet.rows.iter().flat_map(|r| &r.cells) {
                    prop_assert!(u64::from(cell.row) < MAX_ROWS && u64::from(cell.col) < MAX_COLS);
                }
            }
        }
    }
}
