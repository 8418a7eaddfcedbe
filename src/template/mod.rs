//! Return templates: a risk register and a performance return for services to fill in, laid out
//! from the framework configuration (matrix labels, bands, themes, tolerance) and, with a prior
//! return or consolidation, pre-filled with the directorate's risks and measures.
//!
//! Every template records its own layout in a hidden sheet (`goldthread`, see
//! [`crate::layout::profile::embedded`]), so reading a returned template needs no guessing.
//! The workbook is byte-for-byte the same for the same inputs.
//!
//! ```text
//! Instructions        what to fill in, the scales, bands, escalation and appetite, dates, returning
//! Risk Register       title rows, header on row 5, pre-formatted rows (or Performance Return)
//! Lists (hidden)      the dropdown lists, named ranges (Likelihood, Impact, Themes, ...)
//! goldthread (hidden) A1 "goldthread template layout", A2 the mapping profile as TOML
//! ```

mod action_plan;
mod error;
mod instructions;
mod lists;
mod performance_return;
mod prior;
mod risk_register;
mod shared;

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};
use serde::Deserialize;

use crate::config::{fold, Config};
use crate::domain::capitalised;
use crate::layout::profile::{EMBEDDED_MARKER, EMBEDDED_SHEET};
use crate::output::OutputError;
use crate::schema::{Action, Measure, Observation, Period, Risk};
pub use error::Error;
use instructions::write_instructions;
use lists::Lists;
use performance_return::write_performance;
use prior::Ctx;
use risk_register::write_register;
use shared::{profile_toml, LISTS_SHEET};

/// Which template to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    RiskRegister,
    PerformanceReturn,
    /// A delivery plan's actions, projects and milestones ([`action_plan`]).
    ActionPlan,
}

impl TemplateKind {
    /// The name of the sheet the service fills in.
    pub fn sheet_name(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "Risk Register",
            TemplateKind::PerformanceReturn => "Performance Return",
            TemplateKind::ActionPlan => "Delivery Plan",
        }
    }

    /// The file name of the default template (`risk_register.xlsx`).
    pub fn file_name(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "risk_register.xlsx",
            TemplateKind::PerformanceReturn => "performance_return.xlsx",
            TemplateKind::ActionPlan => "action_plan.xlsx",
        }
    }

    /// The profile's kind (`risk_register` or `performance_return`).
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "risk_register",
            TemplateKind::PerformanceReturn => "performance_return",
            TemplateKind::ActionPlan => "delivery_plan",
        }
    }

    /// Reads a kind as a command line might name it: `risk-register`, `risk_register`, `risks`,
    /// `register`, `performance-return`, `performance`, `scorecard`, ...
    pub fn parse(name: &str) -> Option<TemplateKind> {
        match fold(name).replace(' ', "").as_str() {
            "riskregister" | "risks" | "risk" | "register" => Some(TemplateKind::RiskRegister),
            "performancereturn" | "performance" | "scorecard" | "measures" | "kpis" => {
                Some(TemplateKind::PerformanceReturn)
            }
            "actionplan" | "actions" | "deliveryplan" | "plan" | "projects" | "milestones" => {
                Some(TemplateKind::ActionPlan)
            }
            _ => None,
        }
    }

    /// What the template is called in its titles ("risk register").
    fn noun(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "risk register",
            TemplateKind::PerformanceReturn => "performance return",
            TemplateKind::ActionPlan => "delivery plan",
        }
    }
}

/// What a template is for: whose it is, which period, and what the last return said.
#[derive(Clone, Debug, Default)]
pub struct TemplateOptions {
    /// The directorate the template is for; None leaves a cell for the service to name it.
    pub directorate: Option<String>,
    /// The reporting period; None leaves a cell for the service to type it.
    pub period: Option<Period>,
    /// A previous return or consolidation to pre-fill from.
    pub prior: Option<Prior>,
}

/// What a previous return or consolidation says: read from the JSON of `goldthread normalise`
/// or `goldthread consolidate --json` (both have risks[], measures[], observations[] and
/// actions[]; consolidation risks carry extra fields, which deserialising into Risk ignores).
#[derive(Clone, Debug, Default)]
pub struct Prior {
    pub risks: Vec<Risk>,
    pub measures: Vec<Measure>,
    pub observations: Vec<Observation>,
    /// The delivery plan's actions, carried into an action-plan template while they are open.
    pub actions: Vec<Action>,
}

#[derive(Deserialize)]
struct PriorJson {
    risks: Option<Vec<Risk>>,
    measures: Option<Vec<Measure>>,
    observations: Option<Vec<Observation>>,
    actions: Option<Vec<Action>>,
}

impl Prior {
    /// The measures of a measures catalogue, with its targets, in place of the prior's: a
    /// performance return then lists the directorate's measures as the catalogue defines them.
    /// The prior's risks (and its values of the catalogue's measures) are kept.
    pub fn with_catalogue(mut self, catalogue: &crate::normalise::catalogue::Catalogue) -> Prior {
        let files: std::collections::HashMap<String, &str> = catalogue
            .measures
            .iter()
            .map(|m| (crate::config::fold(&m.id), m.source.file.as_str()))
            .collect();
        // Values the prior holds of the catalogue's measures, as if the catalogue had read them.
        let mut observations: Vec<Observation> = std::mem::take(&mut self.observations)
            .into_iter()
            .filter_map(|mut o| {
                let file = files.get(&crate::config::fold(&o.measure_id))?;
                o.source.file = file.to_string();
                Some(o)
            })
            .collect();
        observations.extend(catalogue.targets.iter().cloned());
        Prior {
            measures: catalogue.measures.clone(),
            observations,
            ..self
        }
    }

    /// Reads the JSON written by `goldthread normalise` or `goldthread consolidate --json`.
    ///
    /// # Errors
    /// [`Error::Unreadable`] when the file cannot be read, [`Error::NotPriorJson`] when it is
    /// not goldthread's JSON, or [`Error::EmptyPrior`] when it holds none of risks, measures and
    /// observations.
    pub fn load(path: &Path) -> Result<Prior, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        let raw: PriorJson = serde_json::from_str(&text).map_err(|source| Error::NotPriorJson {
            path: path.to_path_buf(),
            source,
        })?;
        if raw.risks.is_none()
            && raw.measures.is_none()
            && raw.observations.is_none()
            && raw.actions.is_none()
        {
            return Err(Error::EmptyPrior(path.to_path_buf()));
        }
        Ok(Prior {
            risks: raw.risks.unwrap_or_default(),
            measures: raw.measures.unwrap_or_default(),
            observations: raw.observations.unwrap_or_default(),
            actions: raw.actions.unwrap_or_default(),
        })
    }
}

/// Writes a template for the options to `path` (atomically).
///
/// # Errors
/// [`OutputError::Encode`] when the workbook cannot be built, [`OutputError::Io`] when it
/// cannot be written.
pub fn write_template(
    kind: TemplateKind,
    opts: &TemplateOptions,
    config: &Config,
    path: &Path,
) -> Result<(), OutputError> {
    let bytes = template_bytes(kind, opts, config).map_err(|e| OutputError::encode(path, e))?;
    crate::output::write_atomic(path, &bytes)
}

/// Writes the default templates (both kinds, default config, no directorate or period) into a
/// folder: `risk_register.xlsx` and `performance_return.xlsx`.
///
/// # Errors
/// As [`write_template`].
pub fn write_default_templates(dir: &Path) -> Result<(), OutputError> {
    let config = Config::default();
    let opts = TemplateOptions::default();
    for kind in [TemplateKind::RiskRegister, TemplateKind::PerformanceReturn] {
        write_template(kind, &opts, &config, &dir.join(kind.file_name()))?;
    }
    Ok(())
}

/// The template as xlsx bytes.
///
/// # Errors
/// When rust_xlsxwriter refuses a part of the workbook.
pub fn template_bytes(
    kind: TemplateKind,
    opts: &TemplateOptions,
    config: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let ctx = Ctx::new(kind, opts, config);
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 4, 1)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} template", capitalised(kind.noun())))
            .set_subject("A return for the council's performance and risk management framework")
            .set_author("goldthread")
            .set_company(config.framework.council.clone().unwrap_or_default())
            .set_comment("Made by goldthread; the hidden sheet 'goldthread' records the layout.")
            .set_creation_datetime(&created),
    );
    let lists = Lists::new(kind, config);

    let mut instructions = Worksheet::new();
    instructions.set_name("Instructions")?;
    write_instructions(&mut instructions, &ctx, config)?;

    let mut main = Worksheet::new();
    main.set_name(kind.sheet_name())?;
    // A formula without a worked-out result is stored as an empty string, not 0: an empty row
    // reads as empty before Excel or LibreOffice recalculates.
    main.set_formula_result_default("");
    let layout = match kind {
        TemplateKind::RiskRegister => write_register(&mut main, &ctx, config, &lists)?,
        TemplateKind::PerformanceReturn => write_performance(&mut main, &ctx, config, &lists)?,
        TemplateKind::ActionPlan => action_plan::write_plan(&mut main, &ctx, &lists)?,
    };

    let mut lists_sheet = Worksheet::new();
    lists_sheet.set_name(LISTS_SHEET)?;
    lists.write(&mut lists_sheet)?;

    let mut layout_sheet = Worksheet::new();
    layout_sheet.set_name(EMBEDDED_SHEET)?;
    let profile_text = profile_toml(&ctx, &layout)?;
    layout_sheet.write_string(0, 0, EMBEDDED_MARKER)?;
    layout_sheet.write_string(1, 0, &profile_text)?;
    layout_sheet.set_column_width(0, 60)?;
    layout_sheet.set_hidden(true);
    layout_sheet.protect();

    wb.push_worksheet(instructions);
    wb.push_worksheet(main);
    wb.push_worksheet(lists_sheet);
    wb.push_worksheet(layout_sheet);
    for (name, range) in lists.names() {
        wb.define_name(name, &range)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests;
