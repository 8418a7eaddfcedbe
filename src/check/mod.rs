//! Data-quality checks on the five principles. The rules themselves (id, principle, default
//! severity, description) are the catalogue of [`crate::rules`]; this module judges them.
//! Findings point at the cell; severities come from `goldthread.toml` and rules can be off.
//!
//! ## Families
//!
//! Rules are judged by family, one file each: [`risks`] (one risk at a time, as the risks are
//! read back: a register may be spilled to disk), and the families over the whole document in
//! [`FAMILIES`]: measures (`measures.rs`, with each series of values in `series.rs`), actions
//! (`actions.rs`: the delivery plan) and returns (`returns.rs`: directorates that sent nothing). Reading rules (`value-unreadable`,
//! `period-unknown`, ...) and the catalogue's rules are raised while normalising.
//!
//! To add a family (say `action-*` rules on `doc.actions`):
//! 1. add its rules to the catalogue in `src/rules.rs` (and README's rule table);
//! 2. write `src/check/actions.rs` with `pub(super) fn check(cx: &Context, hits: &mut Vec<Finding>)`,
//!    one small function per rule or close group of rules, each hit naming its [`RuleId`];
//! 3. add `mod actions;` below and `actions::check` to [`FAMILIES`].
//!
//! Severities are never set by a family: each finding is made by [`Finding::new`] from its
//! [`RuleId`], with the catalogue's principle and severity, and [`Settings`] then applies
//! `[checks.rules]`.

mod actions;
mod measures;
mod returns;
mod risks;
mod series;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::schema::field::Key;
use crate::schema::Document;
use crate::schema::{Action, Finding, Measure, Observation, Principle, Risk, Severity, Source};

pub use crate::rules::{rule_by_id, sort_findings, Rule, RuleId, RULES};

/// What a family of rules is given: the document, the configuration and settings in force,
/// the date of the check, and what the risk rules saw of all risks.
pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    pub config: &'a Config,
    pub settings: &'a Settings,
    pub as_of: NaiveDate,
    pub risks: &'a risks::Seen,
}

/// The families of rules judged over the whole document, in order (risks are judged first,
/// one at a time: see [`run`]). A new family is one file and one line here.
const FAMILIES: &[fn(&Context, &mut Vec<Finding>)] =
    &[measures::check, actions::check, returns::check];

/// A `[checks]` section that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(
        "checks.rules names '{0}', which is not a rule; `goldthread check --rules` lists them."
    )]
    UnknownRule(String),
    #[error(
        "checks.rules.{rule} is '{level}'; it must be \"error\", \"warning\", \"info\" or \"off\"."
    )]
    UnknownSeverity { rule: String, level: String },
    #[error("checks.value_jump_factor must be above 1 (default 5).")]
    JumpFactor,
}

impl From<Error> for String {
    /// The message, for callers that report errors as text (the command line).
    fn from(e: Error) -> String {
        e.to_string()
    }
}

/// Severities in force: the catalogue's, overridden by `[checks.rules]` in the configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Rule to severity; a rule switched off is absent.
    severity: BTreeMap<RuleId, Severity>,
    pub value_jump_factor: f64,
}

impl Settings {
    /// Reads the `[checks]` section.
    ///
    /// # Errors
    /// An unknown rule id or a severity other than error, warning, info or off.
    pub fn from_config(config: &Config) -> Result<Settings, Error> {
        let mut severity: BTreeMap<RuleId, Severity> =
            RULES.iter().map(|r| (r.id, r.severity)).collect();
        for (id, level) in &config.checks.rules {
            let rule = RuleId::parse(id).ok_or_else(|| Error::UnknownRule(id.clone()))?;
            let level = match level.to_ascii_lowercase().as_str() {
                "off" => None,
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                other => {
                    return Err(Error::UnknownSeverity {
                        rule: id.clone(),
                        level: other.to_string(),
                    })
                }
            };
            match level {
                Some(level) => severity.insert(rule, level),
                None => severity.remove(&rule),
            };
        }
        if config.checks.value_jump_factor <= 1.0 {
            return Err(Error::JumpFactor);
        }
        Ok(Settings {
            severity,
            value_jump_factor: config.checks.value_jump_factor,
        })
    }

    /// The severity of a rule in force; `None` when it is switched off.
    pub fn severity(&self, rule: RuleId) -> Option<Severity> {
        self.severity.get(&rule).copied()
    }

    /// Gives each finding its rule's severity in force and drops those of rules switched off;
    /// a finding of a rule not in the catalogue (from an older document) is kept as it is.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain_mut(|f| match RuleId::parse(&f.rule) {
            Some(rule) => self.severity(rule).map(|s| f.severity = s).is_some(),
            None => true,
        });
    }
}

/// A record a finding can point at: a risk, a measure, an action, or one value of a measure.
pub(crate) trait Record {
    /// How a message names it: "Risk R1", "Measure P1 2024-25 Q2".
    fn named(&self) -> String;
    /// Where it was read.
    fn source(&self) -> &Source;
    /// The cell of one of its fields.
    fn cell_of(&self, field: &Key) -> Option<String>;
    /// Its reference (a value's is its measure's).
    fn id(&self) -> &str;
    fn directorate(&self) -> Option<&String>;
}

/// A record of the document as a [`Record`]: named by its kind and reference.
macro_rules! record {
    ($($type:ty => $noun:literal),*) => {$(
        impl Record for $type {
            fn named(&self) -> String {
                format!(concat!($noun, " {}"), self.id)
            }
            fn source(&self) -> &Source {
                &self.source
            }
            fn cell_of(&self, field: &Key) -> Option<String> {
                self.cells.get(field.clone())
            }
            fn id(&self) -> &str {
                &self.id
            }
            fn directorate(&self) -> Option<&String> {
                self.directorate.as_ref()
            }
        }
    )*};
}

record!(Risk => "Risk", Measure => "Measure", Action => "Action");

/// A measure's value for one period: named by the measure and the period, at the value's own
/// cell, else the cell its row starts at.
impl Record for (&Measure, &Observation) {
    fn named(&self) -> String {
        format!("Measure {} {}", self.0.id, self.1.period_or_none())
    }
    fn source(&self) -> &Source {
        &self.1.source
    }
    fn cell_of(&self, field: &Key) -> Option<String> {
        let o = self.1;
        o.cells.get(field.clone()).or_else(|| o.source.cell.clone())
    }
    fn id(&self) -> &str {
        &self.0.id
    }
    fn directorate(&self) -> Option<&String> {
        self.0.directorate.as_ref()
    }
}

/// A finding under `rule` about a record's field, at the field's cell; the message opens with
/// what the record is ("Risk R1: ...").
pub(crate) fn on(r: &impl Record, rule: RuleId, field: impl Into<Key>, message: String) -> Finding {
    let field: Key = field.into();
    let source = r.source();
    Finding {
        sheet: Some(source.sheet.clone()),
        row: Some(source.row),
        cell: r.cell_of(&field),
        record_id: Some(r.id().to_string()),
        field: Some(field.to_string()),
        directorate: r.directorate().cloned(),
        ..Finding::new(
            rule,
            format!("{}: {message}", r.named()),
            source.file.clone(),
        )
    }
}

/// Runs every rule over the document, adds the findings, applies the configured severities (to
/// reading findings too, dropping rules switched off), and sorts the findings by place.
pub fn run(doc: &mut Document, config: &Config, settings: &Settings, as_of: NaiveDate) {
    let risks = std::mem::take(&mut doc.risks);
    let result = run_over(doc, &mut risks.as_slice(), config, settings, as_of);
    doc.risks = risks;
    debug_assert!(result.is_ok(), "risks in memory are always read");
}

/// Checks a document whose risks were moved to temporary files as they were read.
///
/// # Errors
/// When a temporary file cannot be read back.
pub fn run_spilled(
    doc: &mut crate::normalise::SpilledDocument,
    config: &Config,
    settings: &Settings,
    as_of: NaiveDate,
) -> std::io::Result<()> {
    run_over(
        &mut doc.doc,
        &mut doc.spills.as_slice(),
        config,
        settings,
        as_of,
    )
}

/// Risks to check, handed over one at a time (and as many times as asked).
pub trait RiskSource {
    /// Calls `f` with each risk, in order.
    ///
    /// # Errors
    /// When the risks cannot be read back.
    fn each(&mut self, f: &mut dyn FnMut(&Risk)) -> std::io::Result<()>;
}

impl RiskSource for &[Risk] {
    fn each(&mut self, f: &mut dyn FnMut(&Risk)) -> std::io::Result<()> {
        self.iter().for_each(f);
        Ok(())
    }
}

impl RiskSource for &[crate::normalise::Spill] {
    fn each(&mut self, f: &mut dyn FnMut(&Risk)) -> std::io::Result<()> {
        for spill in self.iter() {
            spill.for_each(|r| {
                f(&r);
                Ok::<(), std::io::Error>(())
            })?;
        }
        Ok(())
    }
}

fn run_over(
    doc: &mut Document,
    risks: &mut dyn RiskSource,
    config: &Config,
    settings: &Settings,
    as_of: NaiveDate,
) -> std::io::Result<()> {
    let mut hits = Vec::new();
    let mut seen = risks::Seen::default();
    risks.each(&mut |r| seen.observe(r))?;
    let mut rules = risks::Rules::new(&seen, config, as_of);
    risks.each(&mut |r| rules.check(r, &mut hits))?;
    let cx = Context {
        doc: &*doc,
        config,
        settings,
        as_of,
        risks: &seen,
    };
    for family in FAMILIES {
        family(&cx, &mut hits);
    }
    doc.findings.extend(hits);
    settings.apply(&mut doc.findings);
    sort_findings(&mut doc.findings);
    doc.findings.dedup();
    doc.summary.findings = doc.findings.len();
    Ok(())
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// Findings counted by file and principle, for the terminal summary and reports.
pub fn counts_by_file(findings: &[Finding]) -> BTreeMap<String, BTreeMap<Principle, Counts>> {
    let mut out: BTreeMap<String, BTreeMap<Principle, Counts>> = BTreeMap::new();
    for f in findings {
        let file = if f.file.is_empty() {
            "(no file)".to_string()
        } else {
            f.file.clone()
        };
        out.entry(file)
            .or_default()
            .entry(f.principle)
            .or_default()
            .add(f.severity);
    }
    out
}

#[cfg(test)]
mod tests;
