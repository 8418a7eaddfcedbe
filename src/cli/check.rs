//! `goldthread check`: data quality on the five principles, on the terminal, as a report, and
//! as annotated copies of the returns.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use goldthread::check::{counts_by_file, Counts, RULES};
use goldthread::normalise::Document;
use goldthread::schema::{Finding, Principle, Severity};
use goldthread::{output, read};

use super::{error, InputArgs, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Reads the returns, applies every data-quality rule (see 'goldthread rules') and prints a
/// summary by file and principle, then each finding with its cell. Exit code 0 when no finding
/// is an error, 1 when some is, 2 when an input could not be read at all (or a usage error).
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Also write the findings to a report: .xlsx (formatted workbook with a summary sheet),
    /// .json or .csv, by the file's extension; '-' writes the JSON report to standard output.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write into this folder a copy of each return with every faulty cell highlighted and
    /// noted, and a first sheet listing its findings. The returns themselves are not touched.
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
    /// Print only the summary, not each finding.
    #[arg(long)]
    pub summary_only: bool,
    /// Print the findings as JSON to standard output (the JSON report) instead of the summary
    /// and list for people; the same as '--report -'.
    #[arg(long)]
    pub json: bool,
    /// The period of tables that name none anywhere (a KPI table of baseline, target and
    /// actual), e.g. "2024-25 Q2". Without it their values are kept with no period, and a
    /// finding says so.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
}

/// Colours for the terminal, off with NO_COLOR or when the output is not a terminal.
struct Paint(bool);

impl Paint {
    fn detect() -> Paint {
        Paint(std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal())
    }

    fn severity(&self, s: Severity) -> String {
        let word = s.as_str();
        let code = match s {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Info => "36",
        };
        if self.0 {
            format!("\x1b[{code}m{word:<8}\x1b[0m")
        } else {
            format!("{word:<8}")
        }
    }
}

fn word<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Where a finding is, as a reader would look for it: `file 'Sheet'!K13`.
fn place(f: &Finding) -> String {
    let mut out = f.file.clone();
    if let Some(sheet) = &f.sheet {
        let at = match (&f.cell, f.row) {
            (Some(c), _) => format!("!{c}"),
            (None, Some(r)) => format!(" row {r}"),
            _ => String::new(),
        };
        out.push_str(&format!(" '{sheet}'{at}"));
    }
    out
}

fn print_report(doc: &Document, summary_only: bool) {
    let paint = Paint::detect();
    let s = &doc.summary;
    let actions = if s.actions > 0 {
        format!(", {} actions", s.actions)
    } else {
        String::new()
    };
    println!(
        "goldthread check: {} file(s), {} risks, {} measures, {} observations{actions}; as of {}",
        s.files,
        s.risks,
        s.measures,
        s.observations,
        doc.as_of.map(|d| d.to_string()).unwrap_or_default()
    );
    let by_file = counts_by_file(&doc.findings);
    let width = by_file
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    print!("\n{:<width$}", "file");
    for p in Principle::ALL {
        print!(" {:>12}", word(p));
    }
    println!(" {:>7} {:>8} {:>5}", "errors", "warnings", "info");
    let mut total = Counts::default();
    for (file, by_principle) in &by_file {
        print!("{file:<width$}");
        let mut sev = Counts::default();
        for p in Principle::ALL {
            let c = by_principle.get(&p).copied().unwrap_or_default();
            print!(" {:>12}", c.total());
            sev.error += c.error;
            sev.warning += c.warning;
            sev.info += c.info;
        }
        println!(" {:>7} {:>8} {:>5}", sev.error, sev.warning, sev.info);
        total.error += sev.error;
        total.warning += sev.warning;
        total.info += sev.info;
    }
    print!("{:<width$}", "total");
    for p in Principle::ALL {
        let n: usize = by_file
            .values()
            .map(|m| m.get(&p).map_or(0, |c| c.total()))
            .sum();
        print!(" {n:>12}");
    }
    println!(" {:>7} {:>8} {:>5}", total.error, total.warning, total.info);
    if doc.findings.is_empty() {
        println!("\nNo findings.");
        return;
    }
    if summary_only {
        return;
    }
    println!();
    for f in &doc.findings {
        println!(
            "{} {:<12} {:<28} {}\n         {}",
            paint.severity(f.severity),
            word(f.principle),
            f.rule,
            place(f),
            f.message
        );
    }
}

/// The JSON report: the document's summary, the counts by file and every finding.
fn json_report(doc: &Document) -> serde_json::Value {
    serde_json::json!({
        "as_of": doc.as_of,
        "summary": doc.summary,
        "counts_by_file": counts_by_file(&doc.findings),
        "findings": doc.findings,
    })
}

fn write_report(path: &Path, doc: &Document) -> Result<(), String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" => {
            goldthread::write::write_findings_report(path, &doc.findings, "Data quality findings")
                .map_err(|e| e.to_string())
        }
        "json" => output::write_json(path, &json_report(doc)).map_err(|e| e.to_string()),
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let head = [
                "severity",
                "principle",
                "rule",
                "message",
                "directorate",
                "file",
                "sheet",
                "row",
                "cell",
                "record_id",
                "field",
            ];
            w.write_record(head).map_err(|e| e.to_string())?;
            for f in &doc.findings {
                let row = [
                    word(f.severity),
                    word(f.principle),
                    f.rule.clone(),
                    f.message.clone(),
                    f.directorate.clone().unwrap_or_default(),
                    f.file.clone(),
                    f.sheet.clone().unwrap_or_default(),
                    f.row.map(|r| r.to_string()).unwrap_or_default(),
                    f.cell.clone().unwrap_or_default(),
                    f.record_id.clone().unwrap_or_default(),
                    f.field.clone().unwrap_or_default(),
                ];
                w.write_record(
                    row.iter()
                        .map(|c| goldthread::export::neutralised(c.to_string())),
                )
                .map_err(|e| e.to_string())?;
            }
            let bytes = w.into_inner().map_err(|e| e.to_string())?;
            output::write_atomic(path, &bytes).map_err(|e| e.to_string())
        }
        other => Err(format!(
            "--report '{}': the extension '.{other}' is not one of .xlsx, .json, .csv",
            path.display()
        )),
    }
}

/// Annotated copies of the returns that have findings, as .xlsx in `dir`, laid out as the
/// returns are under their input folder. Each copy is claimed with the run's guard, so none
/// is written over an input or over another copy: a copy whose name is taken is named after its
/// return's whole name (`r.csv.xlsx`), then numbered (`r (2).xlsx`).
fn annotate(
    dir: &Path,
    doc: &Document,
    inputs: &[PathBuf],
    guard: &mut output::Guard,
    quiet: bool,
) -> Result<usize, String> {
    use rayon::prelude::*;
    // Each file's findings, grouped once: a copy is given only its own.
    let mut by_file: std::collections::HashMap<&str, Vec<Finding>> =
        std::collections::HashMap::new();
    for f in &doc.findings {
        by_file.entry(f.file.as_str()).or_default().push(f.clone());
    }
    // Names are claimed in order (so they are the same every run), then the copies are made in
    // parallel.
    let mut jobs = Vec::new();
    for root in inputs {
        let found = read::discover(std::slice::from_ref(root));
        for input in found.files {
            let Some(findings) = by_file.get(input.display.as_str()) else {
                continue;
            };
            let relative = if root.is_dir() {
                input.path.strip_prefix(root).unwrap_or(&input.path)
            } else {
                Path::new(&input.path)
            };
            let folder = dir.join(
                relative
                    .parent()
                    .filter(|_| root.is_dir())
                    .unwrap_or(Path::new("")),
            );
            let out = claim_copy(&folder, relative, guard)?;
            jobs.push((input, out, findings));
        }
    }
    let bar = super::progress_bar(jobs.len(), "annotated copies written", quiet);
    let written = jobs
        .par_iter()
        .map(|(input, out, findings)| {
            let Ok(wb) = read::read_file(input) else {
                return Ok(0);
            };
            let done = goldthread::write::annotate_workbook(&wb, findings, out)
                .map(|()| 1)
                .map_err(|e| e.to_string());
            if let Some(b) = &bar {
                b.inc(1);
            }
            done
        })
        .collect::<Result<Vec<usize>, String>>()?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(written.iter().sum())
}

/// The first free name for the annotated copy of `source` in `folder`, claimed.
fn claim_copy(folder: &Path, source: &Path, guard: &mut output::Guard) -> Result<PathBuf, String> {
    let stem = source
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let whole = (!name.to_ascii_lowercase().ends_with(".xlsx")).then(|| format!("{name}.xlsx"));
    let candidates = std::iter::once(format!("{stem}.xlsx"))
        .chain(whole)
        .chain((2..).map(|n| format!("{stem} ({n}).xlsx")));
    for candidate in candidates {
        let out = folder.join(candidate);
        match guard.claim(&out, &["xlsx"]) {
            Ok(()) => return Ok(out),
            Err(output::OutputError::Twice { .. }) => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    unreachable!("the numbered names never end")
}

pub fn run(args: &CheckArgs) -> i32 {
    let to_stdout = args.json || args.report.as_deref() == Some(Path::new("-"));
    let report = args.report.as_deref().filter(|r| *r != Path::new("-"));
    let plan = super::Plan::writing(
        report
            .iter()
            .map(|r| (*r, &["xlsx", "json", "csv"][..]))
            .collect(),
    );
    // Risks go to temporary files as they are read and are checked from there: the findings,
    // counts and sources are all a check keeps, so memory stays bounded however long the
    // registers are.
    let (_, spilled, mut guard) = match args.input.for_period(&args.period).prepare_spilled(&plan) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let doc = spilled.doc;
    if to_stdout {
        let mut out = std::io::stdout().lock();
        let written = serde_json::to_writer_pretty(&mut out, &json_report(&doc))
            .map_err(|e| e.to_string())
            .and_then(|()| std::io::Write::write_all(&mut out, b"\n").map_err(|e| e.to_string()));
        if let Err(e) = written {
            error(&e);
            return EXIT_USAGE;
        }
    } else if !args.input.quiet {
        print_report(&doc, args.summary_only);
    }
    for f in doc.files.iter().filter(|f| f.status == "failed") {
        error(&format!(
            "{} {}",
            f.file,
            f.error.as_deref().unwrap_or("could not be read")
        ));
    }
    if let Some(path) = report {
        if let Err(e) = write_report(path, &doc) {
            error(&e);
            return EXIT_USAGE;
        }
        if !args.input.quiet {
            eprintln!("goldthread: wrote {}", path.display());
        }
    }
    if let Some(dir) = &args.annotate {
        match annotate(dir, &doc, &args.input.inputs, &mut guard, args.input.quiet) {
            Ok(n) if !args.input.quiet => eprintln!(
                "goldthread: wrote {n} annotated return(s) to {}",
                dir.display()
            ),
            Ok(_) => {}
            Err(e) => {
                error(&e);
                return EXIT_USAGE;
            }
        }
    }
    if doc.has_failed_files() {
        EXIT_USAGE
    } else if doc.findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// `goldthread rules`: the catalogue, for people or (`--json`) as JSON.
pub fn list_rules(json: bool) -> i32 {
    if json {
        return match serde_json::to_string_pretty(RULES) {
            Ok(text) => {
                println!("{text}");
                EXIT_OK
            }
            Err(e) => {
                error(&e.to_string());
                EXIT_USAGE
            }
        };
    }
    println!(
        "{:<28} {:<13} {:<8} description",
        "rule", "principle", "severity"
    );
    for r in RULES {
        println!(
            "{:<28} {:<13} {:<8} {}",
            r.id,
            word(r.principle),
            word(r.severity),
            r.description
        );
    }
    println!("\nChange a severity or switch a rule off in goldthread.toml:\n[checks.rules]\n\"measure-no-owner\" = \"info\"\n\"no-theme-link\" = \"off\"");
    EXIT_OK
}
