//! `goldthread diff`: what changed between two periods.

use std::path::PathBuf;

use clap::Args;

use goldthread::consolidate::diff::diff;
use goldthread::consolidation_of;
use goldthread::output;

use super::{error, InputArgs, EXIT_OK, EXIT_USAGE};

/// Compares two periods: risks added, closed, re-scored, escalated or de-escalated, and measures
/// whose RAG or target changed. OLD and NEW are each a consolidation JSON (`consolidate
/// --json`), a normalised JSON (`normalise`), or a return file or folder to read.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier period.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later period.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Also write the changes: .xlsx (a formatted workbook) or .json.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Framework configuration (as for normalise).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date timeliness is judged against when returns are read.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print the changes as JSON to standard output instead of text.
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors (the changes still go to --output).
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &DiffArgs) -> i32 {
    let input = InputArgs {
        inputs: vec![args.old.clone(), args.new.clone()],
        config: args.config.clone(),
        profile: None,
        catalogue: None,
        financial_year: None,
        as_of: args.as_of.clone(),
        quiet: true,
        period: None,
    };
    let opts = match input.options() {
        Ok(o) => o,
        Err(e) => {
            error(&e);
            return EXIT_USAGE;
        }
    };
    let sides = consolidation_of(&args.old, &opts)
        .and_then(|o| Ok((o, consolidation_of(&args.new, &opts)?)));
    let (old, new) = match sides {
        Ok(s) => s,
        Err(e) => {
            error(&e.to_string());
            return EXIT_USAGE;
        }
    };
    let mut guard = match input.guard(&super::Plan::default()) {
        Ok(g) => g,
        Err(code) => return code,
    };
    if let Some(path) = &args.output {
        if let Err(e) = guard.claim(path, &["xlsx", "json"]) {
            error(&e.to_string());
            return EXIT_USAGE;
        }
    }
    let d = diff(&old, &new);
    if args.json {
        match serde_json::to_string_pretty(&d) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                error(&e.to_string());
                return EXIT_USAGE;
            }
        }
    } else if !args.quiet {
        print!("{}", d.to_text());
    }
    if let Some(path) = &args.output {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let written = match ext.as_str() {
            "xlsx" => goldthread::write::write_diff_workbook(path, &d).map_err(|e| e.to_string()),
            "json" => output::write_json(path, &d).map_err(|e| e.to_string()),
            other => Err(format!(
                "--output '{}': '.{other}' is not one of .xlsx, .json",
                path.display()
            )),
        };
        if let Err(e) = written {
            error(&e);
            return EXIT_USAGE;
        }
        if !args.quiet {
            eprintln!("goldthread: wrote {}", path.display());
        }
    }
    EXIT_OK
}
