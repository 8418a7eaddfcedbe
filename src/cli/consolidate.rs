//! `goldthread consolidate`: the corporate register and performance report from every
//! directorate's returns.

use std::path::{Path, PathBuf};

use clap::Args;

use goldthread::consolidate::{consolidate, Consolidation};
use goldthread::{output, Options};

use super::{error, InputArgs, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Reads, checks and consolidates every return under INPUT for one period, and writes the
/// corporate workbook (summary with heat maps and the line of sight by theme and priority,
/// strategic and corporate risk registers, corporate performance, the delivery plan when the
/// returns hold actions, data quality, submissions) and, with --json, the consolidation document.
#[derive(Args, Debug)]
pub struct ConsolidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The reporting period, e.g. "2024-25 Q2", "Q2 2024/25" or "Sep-24" (an impossible one
    /// such as "2024-25 Q5" is refused; one that no return reports is warned of). Default: the
    /// latest period most returns report by the as-of date (said on the terminal), else the
    /// last quarter that ended before it. It also names the period of tables that state none.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// The corporate workbook to write (.xlsx).
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub output: PathBuf,
    /// Also write the consolidation document as JSON (keep it: next quarter's --previous).
    #[arg(long, value_name = "FILE.json")]
    pub json: Option<PathBuf>,
    /// The JSON of the last consolidation, for movement: new, closed, escalated and re-scored
    /// risks, and measures whose RAG changed.
    #[arg(long, value_name = "FILE.json")]
    pub previous: Option<PathBuf>,
    /// Show each measure's RAG as the return reported it, even where its actual, target and
    /// polarity give another (by default the committee workbook shows and counts the RAG the
    /// figures give, with a note of the reported one). Also `performance.trust_reported_rag`.
    #[arg(long)]
    pub trust_reported_rag: bool,
    #[command(flatten)]
    pub benchmarks: BenchmarkArgs,
    /// Earlier quarters' returns (folders or files) or consolidation JSONs written with --json:
    /// each measure's series gains their values (the last eight quarters on the Corporate
    /// Performance sheet) and its direction against the same quarter last year. The current
    /// returns win where both give a period; a different past value is a finding.
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub history: Vec<PathBuf>,
}

/// Benchmarking against the comparator group of `[benchmark]` in goldthread.toml.
#[derive(Args, Debug, Clone, Default)]
pub struct BenchmarkArgs {
    /// Benchmark tables (LG Inform or a data team's export: area code, area name, period,
    /// indicator, value): each measure with a benchmark indicator (the catalogue's, else its
    /// title) gets the council's value, the comparator median, its rank and quartile among the
    /// comparators by polarity, and England's value. Default: `benchmarks` in goldthread.toml.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub benchmarks: Vec<PathBuf>,
}

impl BenchmarkArgs {
    /// The benchmark tables read, or none when no table is given or configured.
    pub fn load(
        &self,
        opts: &Options,
    ) -> Result<Option<goldthread::consolidate::benchmark::Benchmarks>, String> {
        Ok(goldthread::consolidate::benchmark::load_for(
            &self.benchmarks,
            opts,
        )?)
    }
}

/// Loads a previous consolidation.
pub fn load_previous(path: &Path) -> Result<Consolidation, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--previous '{}' cannot be read: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "--previous '{}' is not a consolidation written by goldthread consolidate --json: {e}",
            path.display()
        )
    })
}

/// Writes the outputs of a consolidation: the workbook and, if asked, the JSON.
pub fn write_outputs(
    c: &Consolidation,
    opts: &Options,
    workbook: &Path,
    json: Option<&Path>,
) -> Result<(), String> {
    // Both written before either replaces the last run's, so the workbook and the JSON
    // beside it always come from the same run.
    let mut staged = output::Staged::new();
    let staged_workbook = staged.path_for(workbook);
    goldthread::write::write_corporate_workbook(&staged_workbook, c, &opts.config)
        .map_err(|e| e.to_string())?;
    if let Some(j) = json {
        staged.write_json(j, c).map_err(|e| e.to_string())?;
    }
    staged.commit().map_err(|e| e.to_string())
}

pub fn run(args: &ConsolidateArgs) -> i32 {
    let previous = match args.previous.as_deref().map(load_previous).transpose() {
        Ok(p) => p,
        Err(e) => {
            error(&e);
            return EXIT_USAGE;
        }
    };
    let mut plan = super::Plan::writing(vec![(args.output.as_path(), &["xlsx"])]);
    plan.writes
        .extend(args.json.as_deref().map(|j| (j, &["json"][..])));
    plan.reads.extend(args.previous.as_deref());
    plan.reads
        .extend(args.benchmarks.benchmarks.iter().map(PathBuf::as_path));
    plan.reads.extend(args.history.iter().map(PathBuf::as_path));
    let (opts, period, doc, _) = match args.input.prepare_for_period(args.period.as_deref(), &plan)
    {
        Ok(x) => x,
        Err(code) => return code,
    };
    let failed = doc.has_failed_files();
    super::normalise::print_read(&doc, args.input.quiet, false);
    let mut opts = opts;
    opts.config.performance.trust_reported_rag |= args.trust_reported_rag;
    let extras = args.benchmarks.load(&opts).and_then(|b| {
        goldthread::consolidate::history::load_for(&args.history, &opts)
            .map(|h| (b, h))
            .map_err(String::from)
    });
    let (benchmarks, history) = match extras {
        Ok(x) => x,
        Err(e) => {
            error(&e);
            return EXIT_USAGE;
        }
    };
    let mut c = consolidate(doc, period, &opts.config, previous.as_ref());
    if let Some(h) = &history {
        goldthread::consolidate::history::apply(&mut c, h, &opts.config);
    }
    if let Some(b) = &benchmarks {
        goldthread::consolidate::benchmark::apply(&mut c, b);
    }
    if let Err(e) = write_outputs(&c, &opts, &args.output, args.json.as_deref()) {
        error(&e);
        return EXIT_USAGE;
    }
    if !args.input.quiet {
        print_consolidation(&c);
        eprintln!("goldthread: wrote {}", args.output.display());
        if let Some(j) = &args.json {
            eprintln!("goldthread: wrote {}", j.display());
        }
    }
    if failed {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// A few lines on what the consolidation holds.
pub fn print_consolidation(c: &Consolidation) {
    let s = &c.summary;
    let actions = match c.actions.len() {
        0 => String::new(),
        n => format!(", {n} delivery plan actions"),
    };
    eprintln!(
        "goldthread: {}: {} risks ({} open, {} on the strategic register), {} measures{actions}; {} findings",
        c.period.label, s.risks, s.open_risks, s.strategic_risks, s.measures, s.findings
    );
    if s.measure_rows > s.measures {
        eprintln!(
            "  counted once: {} measure rows in the returns are {} measures (a reference within a directorate, its periods and services together)",
            s.measure_rows, s.measures
        );
    }
    let missing: Vec<&str> = c
        .submissions
        .iter()
        .filter(|x| x.status == "missing")
        .map(|x| x.directorate.as_str())
        .collect();
    if !missing.is_empty() {
        eprintln!("  no return from: {}", missing.join(", "));
    }
    let benchmarked = c
        .performance
        .iter()
        .filter(|l| l.benchmark.is_some())
        .count();
    if benchmarked > 0 {
        eprintln!("  benchmarked: {benchmarked} measures ranked among their comparators");
    }
    if let Some(none) = c
        .submissions
        .iter()
        .find(|x| x.directorate == goldthread::consolidate::NO_DIRECTORATE)
    {
        eprintln!(
            "  {} file(s) name no directorate (in a column, a title, the file or folder name): {}; list the directorates and the names they go by in goldthread.toml ('goldthread config init' writes one to fill in)",
            none.files.len(),
            none.files.join(", ")
        );
    }
    if c.movement.compared {
        let m = &c.movement;
        eprintln!(
            "  since last time: {} new, {} closed, {} escalated, {} de-escalated, {} up, {} down; {} RAG changes",
            m.new_risks.len(),
            m.closed_risks.len(),
            m.escalated.len(),
            m.de_escalated.len(),
            m.score_up.len(),
            m.score_down.len(),
            m.rag_changed.len()
        );
    }
}
