//! `goldthread publish`: the public web page, "performance and risk at a glance", from a
//! consolidation or from the returns.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use goldthread::consolidate::{consolidate, Consolidation};
use goldthread::consolidation_of;
use goldthread::publish::{self, Audience, Settings};

use super::{error, InputArgs, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Writes a static web site of the period's performance and risk: a home page of headline
/// figures and each theme's measures by RAG, a page per theme (value against target, RAG in
/// words and shape, direction, a chart with its data table, commentary), risk at a glance,
/// CSV and JSON downloads, an accessibility statement and a print stylesheet. No JavaScript,
/// nothing fetched from outside the site.
#[derive(Args, Debug)]
#[command(mut_arg("inputs", |a| a.help(
    "A consolidation written by 'consolidate --json' (or a normalised JSON), or return files \
     and folders, read and consolidated as 'consolidate' reads them",
)))]
pub struct PublishArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder to write the site into (created if missing; files are replaced atomically).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Who the site is for: public (the corporate measures, no owners) or internal (every
    /// measure, owners, the strategic register).
    #[arg(long, value_enum, default_value = "public")]
    pub audience: AudienceArg,
    /// The reporting period when reading returns (as 'consolidate --period'); a consolidation
    /// JSON keeps its own.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Each theme page says how a benchmarked measure compares with the similar councils
    /// (as 'consolidate --benchmarks'; a consolidation JSON keeps the benchmarks it has).
    #[command(flatten)]
    pub benchmarks: super::consolidate::BenchmarkArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum AudienceArg {
    Public,
    Internal,
}

fn is_json(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The consolidation to publish, benchmarked when tables are given or configured, the options,
/// and whether an input could not be read.
fn load(args: &PublishArgs) -> Result<(Consolidation, goldthread::Options, bool), i32> {
    let (mut c, opts, failed) = consolidation(args)?;
    let benchmarks = args.benchmarks.load(&opts).map_err(|e| {
        error(&e);
        EXIT_USAGE
    })?;
    if let Some(b) = benchmarks {
        goldthread::consolidate::benchmark::apply(&mut c, &b);
    }
    Ok((c, opts, failed))
}

/// The consolidation of the inputs: a JSON as written, or the returns consolidated.
fn consolidation(args: &PublishArgs) -> Result<(Consolidation, goldthread::Options, bool), i32> {
    match args.input.inputs.as_slice() {
        [one] if is_json(one) => {
            if let Some(p) = &args.period {
                eprintln!(
                    "goldthread: warning: --period {p} is for reading returns; a JSON input is published for its own period"
                );
            }
            let opts = args.input.options().map_err(|e| {
                error(&e);
                EXIT_USAGE
            })?;
            let c = consolidation_of(one, &opts).map_err(|e| {
                error(&e.to_string());
                EXIT_USAGE
            })?;
            Ok((c, opts, false))
        }
        _ => {
            let (opts, period, doc, _guard) = args
                .input
                .prepare_for_period(args.period.as_deref(), &super::Plan::writing(Vec::new()))?;
            let failed = doc.has_failed_files();
            super::normalise::print_read(&doc, args.input.quiet, false);
            let c = consolidate(doc, period, &opts.config, None);
            Ok((c, opts, failed))
        }
    }
}

/// Builds the site and writes it into `dir`, never over one of `inputs`; prints the notes
/// (a colour refused for contrast) unless quiet.
pub fn write_site(
    c: &Consolidation,
    config: &goldthread::Config,
    audience: Audience,
    dir: &Path,
    inputs: &[PathBuf],
    quiet: bool,
) -> Result<usize, String> {
    let (settings, notes) = Settings::new(config, audience, c)?;
    for n in &notes {
        eprintln!("goldthread: warning: {n}");
    }
    let site = publish::build(c, &settings)?;
    let mut guard = goldthread::output::Guard::of_inputs(inputs);
    let written = publish::write(&site, dir, &mut guard)?;
    if !quiet {
        eprintln!(
            "goldthread: wrote {} files of the {} site into {}",
            written.len(),
            match audience {
                Audience::Public => "public",
                Audience::Internal => "internal",
            },
            dir.display()
        );
    }
    Ok(written.len())
}

pub fn run(args: &PublishArgs) -> i32 {
    let (c, opts, failed) = match load(args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let audience = match args.audience {
        AudienceArg::Public => Audience::Public,
        AudienceArg::Internal => Audience::Internal,
    };
    if let Err(e) = write_site(
        &c,
        &opts.config,
        audience,
        &args.output,
        &args.input.inputs,
        args.input.quiet,
    ) {
        error(&e);
        return EXIT_USAGE;
    }
    if failed {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}
