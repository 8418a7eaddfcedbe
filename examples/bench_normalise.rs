//! Benchmark: normalise a generated 50,000-row risk register and compare with a raw calamine read
//! of the same file. Run with `cargo run --release --example bench_normalise [ROWS] [RUNS]`.
//!
//! The register has the shape of a real one (title rows, a merged group header over L / I /
//! Score, dates, text) so that the normaliser does all its work. Reported: the best of RUNS
//! runs (default 5) for each reader, rows per second, and the ratio to the raw read.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};

#[path = "common/register.rs"]
mod register;

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
        register::generate(&path, rows, "Corporate", "CRR")?;
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

/// The allocator the goldthread binary uses, so that the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
