//! Benchmark: consolidate N returns of 60 risks each and compare with the floor, calamine reading
//! the same files plus rust_xlsxwriter writing the same cells.
//! Run with `cargo run --release --example bench_consolidate [RETURNS...]` (default 40 400).
//!
//! The floor is what any tool doing this job must at least do: read every cell of every return
//! and write one workbook holding every risk row. goldthread also detects each layout, parses
//! and checks every value, consolidates and writes a formatted committee workbook.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};
use goldthread::consolidate::consolidate;
use goldthread::{normalise_and_check, Config, Options};

#[path = "common/register.rs"]
mod register;

const RISKS_PER_RETURN: u32 = 60;

fn returns(n: usize) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("goldthread-bench-consolidate-{n}"));
    if dir.join(".complete").exists() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&dir)?;
    for i in 0..n {
        let directorate = format!("Directorate {:02}", i % 8);
        register::generate(
            &dir.join(format!("return_{i:04}.xlsx")),
            RISKS_PER_RETURN,
            &directorate,
            &format!("R{i:04}"),
        )?;
    }
    std::fs::write(dir.join(".complete"), b"")?;
    Ok(dir)
}

/// The floor: read every cell of every file, write all rows into one workbook.
fn floor(files: &[PathBuf]) -> Result<(Duration, usize, Stages), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let mut rows: Vec<Vec<Data>> = Vec::new();
    for f in files {
        let mut wb: Xlsx<_> = open_workbook(f)?;
        let range = wb.worksheet_range("Risk Register")?;
        rows.extend(range.rows().skip(4).map(|r| r.to_vec()));
    }
    let read = t.elapsed();
    let mut out = rust_xlsxwriter::Workbook::new();
    out.set_zip_compression_level(goldthread::write::ZIP_LEVEL); // written the same way as goldthread's
    let ws = out.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v {
                Data::String(s) => ws.write(r as u32, c as u16, s.as_str())?,
                Data::Float(n) => ws.write(r as u32, c as u16, *n)?,
                Data::Int(n) => ws.write(r as u32, c as u16, *n as f64)?,
                Data::DateTime(d) => ws.write(r as u32, c as u16, d.as_f64())?,
                _ => ws,
            };
        }
    }
    let bytes = out.save_to_buffer()?;
    std::hint::black_box(bytes);
    let stages = Stages {
        read,
        consolidate: Duration::ZERO,
        write: t.elapsed() - read,
    };
    Ok((t.elapsed(), rows.len(), stages))
}

/// goldthread's time, by stage.
#[derive(Clone, Copy)]
struct Stages {
    read: Duration,
    consolidate: Duration,
    write: Duration,
}

fn ours(dir: &Path, out: &Path) -> Result<(Duration, usize, Stages), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let mut config = Config::default();
    config.framework.directorates = (0..8)
        .map(|i| goldthread::config::Directorate {
            name: format!("Directorate {i:02}"),
            aliases: vec![],
        })
        .collect();
    let opts = Options {
        config,
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    let doc = normalise_and_check(&[dir.to_path_buf()], &opts)?;
    let read = t.elapsed();
    let period = goldthread::values::quarter(2024, 2, 4).ok_or("period")?;
    let c = consolidate(doc, period, &opts.config, None);
    let consolidated = t.elapsed();
    goldthread::write::write_corporate_workbook(out, &c, &opts.config)?;
    let stages = Stages {
        read,
        consolidate: consolidated - read,
        write: t.elapsed() - consolidated,
    };
    Ok((t.elapsed(), c.risks.len(), stages))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![40, 400]
    } else {
        sizes
    };
    println!(
        "{:>8} {:>8} {:>12} {:>12} {:>8} {:>14}",
        "returns", "risks", "floor", "goldthread", "ratio", "risks/s"
    );
    for n in sizes {
        let dir = returns(n)?;
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .collect();
        files.sort();
        let out = std::env::temp_dir().join(format!("goldthread-bench-corporate-{n}.xlsx"));
        // Best of five runs each, interleaved (the machine this runs on varies from run to run).
        let mut best_floor = Duration::MAX;
        let mut best_ours = Duration::MAX;
        let mut risks = 0;
        let mut stages = None;
        let mut floor_stages = None;
        for _ in 0..5 {
            let (f, rows, fs) = floor(&files)?;
            let (o, r, s) = ours(&dir, &out)?;
            assert_eq!(rows, r, "every risk consolidated");
            if f < best_floor {
                floor_stages = Some(fs);
            }
            best_floor = best_floor.min(f);
            if o < best_ours {
                stages = Some(s);
            }
            best_ours = best_ours.min(o);
            risks = r;
        }
        println!(
            "{:>8} {:>8} {:>10.0}ms {:>10.0}ms {:>7.2}x {:>14.0}",
            n,
            risks,
            best_floor.as_secs_f64() * 1e3,
            best_ours.as_secs_f64() * 1e3,
            best_ours.as_secs_f64() / best_floor.as_secs_f64(),
            risks as f64 / best_ours.as_secs_f64()
        );
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        if let Some(s) = floor_stages {
            println!(
                "{:>8} floor: read {:.0}ms, write {:.0}ms",
                "",
                ms(s.read),
                ms(s.write)
            );
        }
        if let Some(s) = stages {
            println!(
                "{:>8} goldthread: read and check {:.0}ms, consolidate {:.0}ms, write {:.0}ms",
                "",
                ms(s.read),
                ms(s.consolidate),
                ms(s.write)
            );
        }
    }
    Ok(())
}

/// The allocator the goldthread binary uses, so that the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
