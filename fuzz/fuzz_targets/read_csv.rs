//! Fuzz target: arbitrary bytes as a CSV export (any encoding, delimiter, quoting and line
//! length), through the CSV reader and the normaliser. The sheet read must be well formed: rows
//! in order, cells in order within each, no row wider than a spreadsheet.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(wb) = goldthread::read::read_bytes(data.to_vec(), "fuzz.csv", "csv", "fuzz") else {
        return;
    };
    for sheet in &wb.sheets {
        assert!(sheet.rows.windows(2).all(|w| w[0].index < w[1].index));
        for row in &sheet.rows {
            assert!(!row.cells.is_empty());
            assert!(row.cells.windows(2).all(|w| w[0].col < w[1].col));
            assert!(row.cells.iter().all(|c| c.row == row.index && c.col < 16_384));
        }
    }
    let input = goldthread::read::InputFile {
        path: "fuzz.csv".into(),
        display: "fuzz.csv".into(),
    };
    let mut doc = goldthread::normalise::Document::default();
    goldthread::normalise::normalise_workbook(&wb, &input, &goldthread::Options::default(), &mut doc);
});
