//! The command line: one file per command, each an args struct and a `run` that returns the
//! exit code. The library does the work.

pub mod check;
pub mod config_cmd;
pub mod consolidate;
pub mod demo;
pub mod diff;
pub mod export;
pub mod inspect;
pub mod normalise;
pub mod publish;
pub mod serve;
pub mod template;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use goldthread::config::Config;
use goldthread::layout::Profile;
use goldthread::values;
use goldthread::Options;

/// Exit code: every input was read.
pub const EXIT_OK: i32 = 0;
/// Exit code: some inputs could not be read (outputs are still written).
pub const EXIT_SOME_FAILED: i32 = 1;
/// Exit code: usage error (bad arguments, configuration or profile; output not writable).
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "goldthread",
    version,
    about = "Reads councils' performance and risk returns as they really are, normalises them into one traceable contract, checks their data quality, consolidates them into the corporate register and performance report, and exports them.",
    long_about = None,
    after_help = "Exit codes: 0 every input was read; 1 some inputs could not be read (output still written); 2 usage error. 'check' exits 1 when a finding is an error and 2 when an input could not be read.\nStart with 'goldthread demo'; run 'goldthread <command> --help' for each command's options."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the quarter end on the bundled sample returns and write the corporate workbook.
    Demo(demo::DemoArgs),
    /// Read returns and write the contract document (risks, measures, observations, actions, findings) as JSON.
    Normalise(normalise::NormaliseArgs),
    /// Check returns for data quality on the five principles and report each finding at its cell.
    Check(check::CheckArgs),
    /// List the data-quality rules: id, principle, default severity and what each looks for.
    Rules {
        /// Print the catalogue as JSON (id, principle, severity, description).
        #[arg(long)]
        json: bool,
    },
    /// Consolidate every directorate's returns into the corporate risk register and performance report.
    Consolidate(consolidate::ConsolidateArgs),
    /// Compare two periods: risks added, closed, re-scored or escalated; measures whose RAG or target changed.
    Diff(diff::DiffArgs),
    /// Write the public web page of the period's performance and risk: a static, accessible site.
    Publish(publish::PublishArgs),
    /// Serve the Excel add-in and the API services check and submit their returns with.
    Serve(serve::ServeArgs),
    /// Write a return template (risk register or performance return) for services to fill in.
    Template(template::TemplateArgs),
    /// Export the normalised data to JSON, SQLite, CSV files or a zip, for a database or a new system.
    Export(export::ExportArgs),
    /// Show how each sheet of the returns is read: kind, header rows, each column's field and confidence.
    Inspect(inspect::InspectArgs),
    /// Work with the framework configuration file (goldthread.toml).
    #[command(subcommand)]
    Config(config_cmd::ConfigCommand),
    /// Print a shell completion script: 'goldthread completions bash > /etc/bash_completion.d/goldthread'.
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): 'goldthread man > goldthread.1; man ./goldthread.1'.
    Man,
}

/// Options shared by the commands that read returns.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Return files, or folders searched recursively for .xlsx, .xlsm, .xlsb, .xls, .ods and .csv
    /// (Office lock files ~$* are skipped). A file is read by what it holds, whatever its name:
    /// an Excel 2003 XML spreadsheet (.xml, or named .xls) too.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Framework configuration. Default: ./goldthread.toml, else goldthread.toml in the first
    /// input folder, else the built-in defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Mapping profile fixing sheets' layouts and columns (see 'inspect --write-profile').
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// The measures catalogue: a workbook or CSV in the council's own layout, one row per
    /// measure (reference, title, theme, priority, kind, unit, polarity, targets, directorate,
    /// owner). Measures join it by reference, else by title within their directorate; it fills
    /// what returns leave out and gives the targets RAG is judged by where a return has none.
    /// Default: `catalogue` in goldthread.toml.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// Financial year for returns that state none anywhere (e.g. 2024/25).
    #[arg(long, value_name = "YEAR")]
    pub financial_year: Option<String>,
    /// The date timeliness is judged against (reviews overdue, dates in the future), as
    /// 2024-11-15 or 15/11/2024. Default: today. Fix it to make runs reproducible.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// The period named by a command's own `--period`, for tables that name none.
    #[arg(skip)]
    pub period: Option<String>,
}

impl InputArgs {
    /// These arguments with the command's `--period`, which names the period of tables that
    /// state none.
    pub fn for_period(&self, period: &Option<String>) -> InputArgs {
        InputArgs {
            period: period.clone(),
            ..self.clone()
        }
    }

    /// Loads the configuration and profile, or says what is wrong with them.
    pub fn options(&self) -> Result<Options, String> {
        let mut opts = self.settings()?;
        opts.load_catalogue(self.catalogue.as_deref())?;
        Ok(opts)
    }

    /// The options but the catalogue, which is read only once a run needs it.
    fn settings(&self) -> Result<Options, String> {
        let config = match self.config_path() {
            Some(p) => Config::load(&p).map_err(|e| e.to_string())?,
            None => Config::default(),
        };
        let profile = match &self.profile {
            Some(p) => Some(Profile::load(p).map_err(|e| e.to_string())?),
            None => None,
        };
        let financial_year = match &self.financial_year {
            Some(y) => Some(values::parse_financial_year(y).ok_or_else(|| {
                format!("--financial-year '{y}' is not a financial year; write it like 2024/25.")
            })?),
            None => None,
        };
        let as_of = match &self.as_of {
            Some(d) => Some(values::parse_date(d).ok_or_else(|| {
                format!("--as-of '{d}' is not a date; write it like 2024-11-15 or 15/11/2024.")
            })?),
            None => None,
        };
        // One reading of a period for every command: the whole text must be the period.
        let today = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
        let period = match &self.period {
            Some(p) => Some(goldthread::consolidate::resolve_period(
                Some(p),
                &config,
                financial_year,
                today,
            )?),
            None => None,
        };
        goldthread::check::Settings::from_config(&config)?;
        Ok(Options {
            as_of,
            profile,
            financial_year,
            period,
            catalogue: None,
            config,
        })
    }

    fn config_path(&self) -> Option<PathBuf> {
        if let Some(p) = &self.config {
            return Some(p.clone());
        }
        let here = Path::new("goldthread.toml");
        if here.is_file() {
            return Some(here.to_path_buf());
        }
        self.inputs
            .iter()
            .find(|i| i.is_dir())
            .map(|d| d.join("goldthread.toml"))
            .filter(|p| p.is_file())
    }
}

/// Runs the command line and returns the exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Normalise(args) => normalise::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Template(args) => template::run(&args),
        Command::Consolidate(args) => consolidate::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Publish(args) => publish::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Rules { json } => check::list_rules(json),
        Command::Config(cmd) => config_cmd::run(&cmd),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "goldthread", &mut std::io::stdout());
            EXIT_OK
        }
        Command::Man => {
            use clap::CommandFactory;
            let man = clap_mangen::Man::new(Cli::command());
            match man.render(&mut std::io::stdout()) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    error(&format!("the manual page cannot be written: {e}"));
                    EXIT_USAGE
                }
            }
        }
    }
}

impl InputArgs {
    /// Reads and checks the inputs, with a progress bar on stderr when it is a terminal, the run
    /// has several files, and --quiet is not given.
    pub fn read(&self, opts: &Options) -> Result<goldthread::Document, String> {
        self.with_progress(|p| {
            goldthread::normalise_and_check_with_progress(&self.inputs, opts, p)
                .map_err(String::from)
        })
    }

    /// Runs `run` with a progress callback that draws the bar.
    fn with_progress<T>(&self, run: impl FnOnce(&(dyn Fn(usize, usize) + Sync)) -> T) -> T {
        let bar: std::sync::OnceLock<Option<indicatif::ProgressBar>> = std::sync::OnceLock::new();
        let progress = |done: usize, total: usize| {
            let b = bar.get_or_init(|| progress_bar(total, "returns read", self.quiet));
            if let Some(b) = b {
                b.set_position(done as u64);
            }
        };
        let doc = run(&progress);
        if let Some(Some(b)) = bar.get() {
            b.finish_and_clear();
        }
        doc
    }
}

/// A progress bar on standard error for `total` things (`what`: "returns read"), when it is a
/// terminal, the run is not quiet and there is more than one.
pub fn progress_bar(total: usize, what: &str, quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || total < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let b = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{{bar:40}} {{pos}}/{{len}} {what} ({{elapsed}})"
    )) {
        b.set_style(style);
    }
    Some(b)
}

/// What a command writes, each with the extensions its format takes (none: any), and the
/// files it reads besides the returns.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub reads: Vec<&'a Path>,
    pub writes: Vec<(&'a Path, &'static [&'static str])>,
}

impl<'a> Plan<'a> {
    /// A plan writing these outputs.
    pub fn writing(writes: Vec<(&'a Path, &'static [&'static str])>) -> Plan<'a> {
        Plan {
            reads: Vec::new(),
            writes,
        }
    }
}

impl InputArgs {
    /// The guard of a run: the returns, the configuration, the profile and `reads` protected,
    /// and `writes` claimed. A refused output is printed and returned as the exit code.
    pub fn guard(&self, plan: &Plan<'_>) -> Result<goldthread::output::Guard, i32> {
        let mut guard = goldthread::output::Guard::of_inputs(&self.inputs);
        for read in self
            .config_path()
            .iter()
            .chain(&self.profile)
            .map(PathBuf::as_path)
            .chain(plan.reads.iter().copied())
        {
            guard.protect(read);
        }
        for (out, extensions) in &plan.writes {
            guard
                .claim(out, extensions)
                .map_err(|e| usage(&e.to_string()))?;
        }
        Ok(guard)
    }

    /// The steps every reading command starts with: the options, the outputs checked against the
    /// inputs, the as-of date fixed, the inputs read and checked. An error is printed and
    /// returned as the exit code. The guard is kept for outputs named later.
    pub fn prepare(
        &self,
        plan: &Plan<'_>,
    ) -> Result<(Options, goldthread::Document, goldthread::output::Guard), i32> {
        self.prepare_by(plan, |opts| self.read(opts), |doc| doc.summary.files)
    }

    /// As [`InputArgs::prepare`], moving risks to temporary files as they are read: for
    /// commands that only write the document out, whose memory then stays bounded.
    pub fn prepare_spilled(
        &self,
        plan: &Plan<'_>,
    ) -> Result<
        (
            Options,
            goldthread::normalise::SpilledDocument,
            goldthread::output::Guard,
        ),
        i32,
    > {
        self.prepare_by(
            plan,
            |opts| {
                self.with_progress(|p| {
                    goldthread::normalise_and_check_spilled(&self.inputs, opts, p)
                        .map_err(String::from)
                })
            },
            |doc| doc.doc.summary.files,
        )
    }

    fn prepare_by<T>(
        &self,
        plan: &Plan<'_>,
        read: impl FnOnce(&Options) -> Result<T, String>,
        files: impl FnOnce(&T) -> usize,
    ) -> Result<(Options, T, goldthread::output::Guard), i32> {
        let opts = self.options().map_err(|e| usage(&e.to_string()))?;
        let guard = self.guard(plan)?;
        let as_of = opts
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let opts = Options {
            as_of: Some(as_of),
            ..opts
        };
        let doc = read(&opts).map_err(|e| usage(&e.to_string()))?;
        if files(&doc) == 0 {
            return Err(usage(
                "no returns were found in the inputs (looked for .xlsx, .xlsm, .xlsb, .xls, .ods, .csv).",
            ));
        }
        Ok((opts, doc, guard))
    }

    /// As [`InputArgs::prepare`], with the run's period: the one named on the command line
    /// (checked first; a warning when no return reports it), else the latest period most
    /// returns report by the as-of date, else the last quarter ended before it.
    #[allow(clippy::type_complexity)]
    pub fn prepare_for_period(
        &self,
        period: Option<&str>,
        plan: &Plan<'_>,
    ) -> Result<
        (
            Options,
            goldthread::schema::Period,
            goldthread::Document,
            goldthread::output::Guard,
        ),
        i32,
    > {
        // Settings only: the catalogue is read once, with the returns.
        let opts = self.settings().map_err(|e| usage(&e.to_string()))?;
        let as_of = opts
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let resolve = |text: Option<&str>| {
            goldthread::consolidate::resolve_period(text, &opts.config, opts.financial_year, as_of)
        };
        let named = match period {
            Some(_) => Some(resolve(period).map_err(|e| usage(&e.to_string()))?),
            None => None,
        };
        let (opts, doc, guard) = self.for_period(&period.map(str::to_string)).prepare(plan)?;
        let reported = goldthread::consolidate::period_of_returns(&doc, &opts.config, as_of);
        let labels = |ps: &[goldthread::schema::Period]| {
            ps.iter()
                .take(6)
                .map(|p| p.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let period = match named {
            Some(p) => {
                let has_values = doc.observations.iter().any(|o| {
                    o.actual.is_some()
                        && o.dates()
                            .is_some_and(|(_, end)| p.start <= end && end <= p.end)
                });
                if !has_values && !reported.is_empty() {
                    eprintln!(
                        "goldthread: warning: no return reports a value for {}; the returns report {}",
                        p.label,
                        labels(&reported)
                    );
                }
                p
            }
            None => match reported.first() {
                Some(p) => {
                    if !self.quiet {
                        eprintln!(
                            "goldthread: period {}, the latest the returns report (name another with --period)",
                            p.label
                        );
                    }
                    p.clone()
                }
                None => resolve(None).map_err(|e| usage(&e.to_string()))?,
            },
        };
        Ok((opts, period, doc, guard))
    }
}

/// Prints a usage error and gives its exit code.
fn usage(message: &str) -> i32 {
    error(message);
    EXIT_USAGE
}

/// Prints an error the way every command does.
pub fn error(message: &str) {
    eprintln!("goldthread: error: {message}");
}
