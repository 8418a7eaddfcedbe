//! `goldthread demo`: the quarter end of the fictional Eastmere Borough Council, on the sample
//! returns built into the binary.

use std::path::{Path, PathBuf};

use clap::Args;

use goldthread::consolidate::consolidate;
use goldthread::{normalise_and_check, output, Config, Options};

use super::{error, EXIT_OK, EXIT_USAGE};

/// Runs the quarter end on the bundled samples: reads and checks the nine returns of four
/// directorates and the corporate delivery plan, consolidates them for 2024-25 Q2 as of 15 November 2024, and writes the
/// corporate workbook, the data-quality report, the JSON documents and the public web page
/// (site/) into DIR.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Folder to write into (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "goldthread-demo")]
    pub output: PathBuf,
}

/// The samples, as committed in `samples/`, with their paths under it.
const SAMPLES: &[(&str, &[u8])] = &[
    (
        "goldthread.toml",
        include_bytes!("../../samples/goldthread.toml"),
    ),
    (
        "adults_risk_register.xlsx",
        include_bytes!("../../samples/adults_risk_register.xlsx"),
    ),
    (
        "adults_performance.xlsx",
        include_bytes!("../../samples/adults_performance.xlsx"),
    ),
    (
        "childrens_risk_register.xlsx",
        include_bytes!("../../samples/childrens_risk_register.xlsx"),
    ),
    (
        "childrens_performance.xlsx",
        include_bytes!("../../samples/childrens_performance.xlsx"),
    ),
    (
        "place/risk_register.xlsx",
        include_bytes!("../../samples/place/risk_register.xlsx"),
    ),
    (
        "place_performance.xlsx",
        include_bytes!("../../samples/place_performance.xlsx"),
    ),
    (
        "resources_risk_register.csv",
        include_bytes!("../../samples/resources_risk_register.csv"),
    ),
    (
        "resources_performance.xlsx",
        include_bytes!("../../samples/resources_performance.xlsx"),
    ),
    (
        "resources_kpis_export.csv",
        include_bytes!("../../samples/resources_kpis_export.csv"),
    ),
    (
        "corporate_delivery_plan.xlsx",
        include_bytes!("../../samples/corporate_delivery_plan.xlsx"),
    ),
    (
        "benchmarks/lginform_benchmarks.csv",
        include_bytes!("../../samples/benchmarks/lginform_benchmarks.csv"),
    ),
    (
        "catalogue/measures_catalogue.xlsx",
        include_bytes!("../../samples/catalogue/measures_catalogue.xlsx"),
    ),
];

fn write_samples(dir: &Path) -> Result<(), String> {
    for (name, bytes) in SAMPLES {
        output::write_atomic(&dir.join(name), bytes).map_err(|e| e.to_string())?;
    }
    Ok(())
}

pub fn run(args: &DemoArgs) -> i32 {
    match demo(&args.output) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            error(&e);
            EXIT_USAGE
        }
    }
}

fn demo(out: &Path) -> Result<(), String> {
    let returns = out.join("returns");
    write_samples(&returns)?;
    let config = Config::load(&returns.join("goldthread.toml")).map_err(|e| e.to_string())?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 11, 15).ok_or("date")?;
    let mut opts = Options {
        config,
        as_of: Some(as_of),
        ..Default::default()
    };
    opts.load_catalogue(None)?;
    let doc = normalise_and_check(std::slice::from_ref(&returns), &opts)?;
    super::normalise::print_summary(&doc, false);
    let normalised = out.join("normalised.json");
    output::write_json(&normalised, &doc).map_err(|e| e.to_string())?;
    let dq = out.join("data-quality.xlsx");
    goldthread::write::write_findings_report(
        &dq,
        &doc.findings,
        "Eastmere Borough Council: data quality, 2024-25 Q2",
    )
    .map_err(|e| e.to_string())?;
    let period =
        goldthread::values::quarter(2024, 2, opts.config.calendar.financial_year_start_month)
            .ok_or("period")?;
    let mut c = consolidate(doc, period, &opts.config, None);
    if let Some(b) = goldthread::consolidate::benchmark::load_for(&[], &opts)? {
        goldthread::consolidate::benchmark::apply(&mut c, &b);
    }
    let workbook = out.join("corporate.xlsx");
    let json = out.join("corporate.json");
    super::consolidate::write_outputs(&c, &opts, &workbook, Some(&json))?;
    super::consolidate::print_consolidation(&c);
    let site = out.join("site");
    super::publish::write_site(
        &c,
        &opts.config,
        goldthread::publish::Audience::Public,
        &site,
        std::slice::from_ref(&returns),
        false,
    )?;
    println!(
        "The quarter end of Eastmere Borough Council (2024-25 Q2), from the returns in {}:",
        returns.display()
    );
    for (path, what) in [
        (
            &workbook,
            "corporate workbook for Cabinet and Audit committee",
        ),
        (&dq, "data-quality findings to send back to services"),
        (&json, "consolidation (next quarter's --previous)"),
        (&normalised, "every return normalised, with findings"),
        (&site, "the public web page: open site/index.html"),
    ] {
        println!("  {:<40} {what}", path.display().to_string());
    }
    Ok(())
}
