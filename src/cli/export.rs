//! `goldthread export`: the normalised data for a database or a new system.

use std::path::PathBuf;

use clap::Args;

use goldthread::export::{export, Target};

use super::{error, InputArgs, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Reads and checks every return under INPUT and exports the tables risks, measures,
/// observations, findings and sources. The target's name says its form: .json (the contract
/// document), .sqlite or .db (a database; exporting again replaces, another quarter adds
/// history), .zip (CSVs with manifest.json and a JSON Schema per table), or a folder (one CSV per
/// table).
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to export: FILE.json, FILE.sqlite, FILE.db, FILE.zip or a folder.
    #[arg(long, short, value_name = "TARGET")]
    pub output: PathBuf,
    /// The period the risks and findings are a snapshot of, e.g. "2024-25 Q2". Default: the
    /// latest period most returns report by the as-of date, else the last quarter ended before
    /// it. It also names the period of tables that state none.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Each measure's benchmark goes in its `extra` (benchmark_rank, benchmark_quartile, ...).
    #[command(flatten)]
    pub benchmarks: super::consolidate::BenchmarkArgs,
}

pub fn run(args: &ExportArgs) -> i32 {
    if let Err(e) = Target::of(&args.output) {
        error(&e.to_string());
        return EXIT_USAGE;
    }
    // Each file the export writes is claimed: in a folder, each table's CSV.
    let files = goldthread::export::files(&args.output);
    let plan = super::Plan::writing(files.iter().map(|f| (f.as_path(), &[][..])).collect());
    let (opts, period, mut doc, _) =
        match args.input.prepare_for_period(args.period.as_deref(), &plan) {
            Ok(x) => x,
            Err(code) => return code,
        };
    match args.benchmarks.load(&opts) {
        Ok(Some(b)) => {
            goldthread::consolidate::benchmark::apply_to_document(&mut doc, &b, period.end)
        }
        Ok(None) => {}
        Err(e) => {
            error(&e);
            return EXIT_USAGE;
        }
    }
    super::normalise::print_summary(&doc, args.input.quiet);
    match export(&doc, &period, &args.output) {
        Ok(counts) => {
            if !args.input.quiet {
                let list: Vec<String> = counts.iter().map(|(t, n)| format!("{t} {n}")).collect();
                eprintln!(
                    "goldthread: exported {} for {} to {}",
                    list.join(", "),
                    period.label,
                    args.output.display()
                );
            }
        }
        Err(e) => {
            error(&e.to_string());
            return EXIT_USAGE;
        }
    }
    if doc.has_failed_files() {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}
