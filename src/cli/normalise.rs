//! `goldthread normalise`: read returns, write the contract document.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use goldthread::normalise::Document;
use goldthread::output;

use super::{error, InputArgs, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Reads every return under INPUT and writes one JSON document in the contract of
/// FRAMEWORK.md: risks, measures, observations and findings (reading problems and every
/// data-quality rule, see 'goldthread rules'), each with its source cell, plus a summary that
/// accounts for every cell read. Long registers are read as a stream and their risks kept in
/// temporary files until written, so memory stays bounded (a million rows in about 300 MB).
#[derive(Args, Debug)]
pub struct NormaliseArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the JSON document ('-' for standard output).
    #[arg(long, short, value_name = "OUT.json")]
    pub output: PathBuf,
    /// The period of tables that name none anywhere (a KPI table of baseline, target and
    /// actual), e.g. "2024-25 Q2". Without it their values are kept with no period, and a
    /// finding says so.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
}

pub fn run(args: &NormaliseArgs) -> i32 {
    let to_stdout = args.output.as_os_str() == "-";
    let plan = super::Plan::writing(if to_stdout {
        vec![]
    } else {
        vec![(args.output.as_path(), &["json"])]
    });
    // Risks go to temporary files as they are read and stream from there into the output, so
    // a register of a million rows never sits in memory.
    let (_, spilled, _) = match args.input.for_period(&args.period).prepare_spilled(&plan) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let written = if to_stdout {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        serde_json::to_writer_pretty(&mut out, &spilled)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                writeln!(out)
                    .and_then(|()| out.flush())
                    .map_err(|e| e.to_string())
            })
    } else {
        output::write_json(&args.output, &spilled).map_err(|e| e.to_string())
    };
    if let Err(e) = written {
        error(&e);
        return EXIT_USAGE;
    }
    let doc = &spilled.doc;
    print_summary(doc, args.input.quiet);
    if !to_stdout && !args.input.quiet {
        eprintln!("goldthread: wrote {}", args.output.display());
    }
    if doc.has_failed_files() {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// The run's totals on stderr; errors for unreadable files always.
pub fn print_summary(doc: &Document, quiet: bool) {
    print_read(doc, quiet, true);
}

/// The files read and their cells; with `counts`, the records and findings too (a
/// consolidation says its own counts, once, after it has counted each measure once).
pub fn print_read(doc: &Document, quiet: bool, counts: bool) {
    for f in doc.files.iter().filter(|f| f.status == "failed") {
        error(&format!(
            "{} {}",
            f.file,
            f.error.as_deref().unwrap_or("could not be read")
        ));
    }
    if quiet {
        return;
    }
    let s = &doc.summary;
    eprintln!(
        "goldthread: read {} of {} files ({} failed), {} sheets ({} skipped)",
        s.files_read, s.files, s.files_failed, s.sheets, s.sheets_skipped
    );
    if counts {
        // Actions are named only when a delivery plan was read.
        let actions = if s.actions > 0 {
            format!(", actions {}", s.actions)
        } else {
            String::new()
        };
        eprintln!(
            "  risks {}, measures {}, observations {}{actions}, findings {}, missing values {}",
            s.risks, s.measures, s.observations, s.findings, s.missing_values
        );
    }
    let reasons: Vec<String> = s
        .cells
        .skipped
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    eprintln!(
        "  cells: {} read = {} mapped + {} kept as extra + {} skipped ({})",
        s.cells.read,
        s.cells.mapped,
        s.cells.extra,
        s.cells.skipped_total(),
        if reasons.is_empty() {
            "none".to_string()
        } else {
            reasons.join(", ")
        }
    );
}
