//! Fuzz target: arbitrary bytes as a workbook or CSV, through the reader and the normaliser.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for ext in ["xlsx", "csv", "xls", "ods"] {
        let name = format!("fuzz.{ext}");
        if let Ok(wb) = goldthread::read::read_bytes(data.to_vec(), &name, ext, "fuzz") {
            let input = goldthread::read::InputFile { path: name.clone().into(), display: name };
            let mut doc = goldthread::normalise::Document::default();
            goldthread::normalise::normalise_workbook(&wb, &input, &goldthread::Options::default(), &mut doc);
        }
    }
});
