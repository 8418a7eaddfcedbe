//! Benchmark: normalise a generated 50,000-row risk register and compare with a raw calamine read
//! of the same file. Run with `cargo run --release --example bench_normalise [ROWS] [RUNS]`.
//!
//! The register has the shape of a real one (title rows, a merged group header over L / I /
//! Score, dates, text) so that the normaliser does all its work. Reported: the best of RUNS
//! runs (default 5) for each reader, rows per second, and the ratio to the raw read.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn generate(path: &Path, rows: u32) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Risk Register")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_with_format(
        0,
        0,
        "Eastmere Borough Council - Corporate Risk Register 2024/25",
        &bold,
    )?;
    let heads = ["Risk Ref", "Risk Title", "Description", "Risk Owner"];
    for (c, h) in heads.iter().enumerate() {
        ws.merge_range(2, c as u16, 3, c as u16, h, &bold)?;
    }
    for (g, name) in ["Inherent Risk", "Current Risk", "Target Risk"]
        .iter()
        .enumerate()
    {
        let first = 4 + g as u16 * 3;
        ws.merge_range(2, first, 2, first + 2, name, &bold)?;
        for (i, sub) in ["L", "I", "Score"].iter().enumerate() {
            ws.write_with_format(3, first + i as u16, *sub, &bold)?;
        }
    }
    for (c, h) in ["Controls", "Actions", "Trend", "Last Review", "Next Review"]
        .iter()
        .enumerate()
    {
        ws.merge_range(2, 13 + c as u16, 3, 13 + c as u16, h, &bold)?;
    }
    let trends = ["Increasing", "Stable", "Reducing"];
    for i in 0..rows {
        let r = 4 + i;
        let l = 1 + i % 5;
        let im = 1 + (i / 5) % 5;
        ws.write(r, 0, format!("CRR-{i:05}"))?;
        ws.write(r, 1, format!("Risk number {i}: failure of a key service"))?;
        ws.write(
            r,
            2,
            "Cause: demand. Event: service fails. Effect: harm to residents and cost.",
        )?;
        ws.write(r, 3, format!("Head of Service {}", i % 40))?;
        for g in 0..3u32 {
            let (gl, gi) = (l.saturating_sub(g).max(1), im);
            ws.write(r, 4 + g as u16 * 3, gl)?;
            ws.write(r, 5 + g as u16 * 3, gi)?;
            ws.write(r, 6 + g as u16 * 3, gl * gi)?;
        }
        ws.write(r, 13, "Monthly monitoring; contingency plan")?;
        ws.write(r, 14, "Review by 31/03/2025")?;
        ws.write(r, 15, trends[(i % 3) as usize])?;
        let d = ExcelDateTime::from_ymd(2024, 9, 1 + (i % 28) as u8)?;
        ws.write_datetime_with_format(r, 16, &d, &date)?;
        ws.write(r, 17, "31/12/2024")?;
    }
    wb.save(path)
}

fn best_of<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let rows: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let runs: u32 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    let dir = std::env::temp_dir().join("goldthread-bench");
    std::fs::create_dir_all(&dir)?;
    let path: PathBuf = dir.join(format!("register_{rows}.xlsx"));
    if !path.exists() {
        generate(&path, rows)?;
    }
    let size = std::fs::metadata(&path)?.len();
    println!(
        "file: {} ({} rows, {:.1} MB)",
        path.display(),
        rows,
        size as f64 / 1e6
    );

    let (raw, cells) = best_of(runs, || {
        let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
        let range = wb.worksheet_range("Risk Register").expect("sheet");
        range
            .used_cells()
            .filter(|(_, _, v)| !matches!(v, Data::Empty))
            .count()
    });
    let (styled, _) = best_of(runs, || {
        let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
        let mut reader = wb.worksheet_cells_reader("Risk Register").expect("sheet");
        let mut n = 0usize;
        while let Ok(Some(_)) = reader.next_cell_with_style_id() {
            n += 1;
        }
        n
    });
    let opts = goldthread::Options::default();
    let (ours, doc) = best_of(runs, || {
        goldthread::normalise_paths(std::slice::from_ref(&path), &opts)
    });
    assert_eq!(doc.risks.len(), rows as usize, "every row becomes a risk");

    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!("cells: {cells}");
    println!(
        "calamine worksheet_range:        {:>8.1} ms  {:>10.0} rows/s",
        raw.as_secs_f64() * 1e3,
        rate(raw)
    );
    println!(
        "calamine cells reader + styles:  {:>8.1} ms  {:>10.0} rows/s",
        styled.as_secs_f64() * 1e3,
        rate(styled)
    );
    println!(
        "goldthread normalise:            {:>8.1} ms  {:>10.0} rows/s",
        ours.as_secs_f64() * 1e3,
        rate(ours)
    );
    println!(
        "ratio normalise / raw read: {:.2}x",
        ours.as_secs_f64() / raw.as_secs_f64()
    );
    Ok(())
}
