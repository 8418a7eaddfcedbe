//! `goldthread template`: return templates that services fill in and goldthread reads back exactly.

use std::path::PathBuf;

use clap::Args;

use goldthread::normalise::catalogue::Catalogue;
use goldthread::template::{write_template, Prior, TemplateKind, TemplateOptions};
use goldthread::{output, values, Config};

use super::{error, EXIT_OK, EXIT_USAGE};

/// Writes a return template built from goldthread.toml: a risk register (likelihood and impact
/// from dropdowns showing the configured labels, scores by formula and banded by colour, themes,
/// categories, trend, status and escalation from dropdowns, dates validated) or a performance
/// return (the directorate's measures listed from --catalogue or --from, so services fill only the period's
/// actual and commentary; RAG by formula) or an action plan (the delivery plan's actions,
/// projects and milestones with lead, start and due dates, status and RAG from dropdowns,
/// % complete and the quarter's update). Each has plain-English instructions, locked headers
/// and formulas, and records its own layout so that reading it back needs no guessing.
#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// risk-register, performance-return or action-plan.
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// The directorate the template is for (its risks, measures and actions are taken from
    /// --from).
    #[arg(long, value_name = "NAME")]
    pub directorate: Option<String>,
    /// The period the return is for, e.g. "2024-25 Q3".
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// The last consolidation (consolidate --json) or normalised JSON, to list the directorate's
    /// measures and pre-fill its open risks or open actions.
    #[arg(long, value_name = "FILE.json")]
    pub from: Option<PathBuf>,
    /// The measures catalogue (a workbook or CSV in the council's own layout) whose measures a
    /// performance return lists for the directorate, with their targets; `catalogue =` in
    /// goldthread.toml is used when neither this nor --from is given.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// Framework configuration (default: ./goldthread.toml, else the built-in defaults).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The template to write (.xlsx).
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub output: PathBuf,
}

pub fn run(args: &TemplateArgs) -> i32 {
    match template(args) {
        Ok(()) => {
            eprintln!("goldthread: wrote {}", args.output.display());
            EXIT_OK
        }
        Err(e) => {
            error(&e);
            EXIT_USAGE
        }
    }
}

fn template(args: &TemplateArgs) -> Result<(), String> {
    let kind = TemplateKind::parse(&args.kind).ok_or_else(|| {
        format!(
            "'{}' is not a template; choose risk-register, performance-return or action-plan.",
            args.kind
        )
    })?;
    let config_path = args.config.clone().or_else(|| {
        let here = PathBuf::from("goldthread.toml");
        here.is_file().then_some(here)
    });
    let config = match &config_path {
        Some(p) => Config::load(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let period = match &args.period {
        Some(p) => Some(
            values::parse_period(p, config.calendar.financial_year_start_month, None).ok_or_else(
                || format!("--period '{p}' is not a period; write it like \"2024-25 Q3\"."),
            )?,
        ),
        None => None,
    };
    let catalogue_path = args.catalogue.clone().or_else(|| {
        // The configured catalogue lists the measures only when no earlier return does.
        (args.from.is_none() && kind == TemplateKind::PerformanceReturn)
            .then(|| config.catalogue.clone())
            .flatten()
    });
    let mut guard = output::Guard::new();
    for read in args.from.iter().chain(&config_path).chain(&catalogue_path) {
        guard.protect(read);
    }
    guard
        .claim(&args.output, &["xlsx"])
        .map_err(|e| e.to_string())?;
    let mut prior = args.from.as_deref().map(Prior::load).transpose()?;
    if let Some(path) = &catalogue_path {
        let opts = goldthread::Options {
            config: config.clone(),
            ..Default::default()
        };
        let catalogue = Catalogue::load(path, &opts)?;
        prior = Some(prior.unwrap_or_default().with_catalogue(&catalogue));
    }
    if let (Some(prior), Some(wanted)) = (&prior, &args.directorate) {
        prior.check_directorate(wanted, &config)?;
    }
    let opts = TemplateOptions {
        directorate: args.directorate.clone(),
        period,
        prior,
    };
    write_template(kind, &opts, &config, &args.output).map_err(|e| e.to_string())
}
