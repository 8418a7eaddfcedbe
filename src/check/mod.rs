//! Data-quality checks on the five principles: a catalogue of rules, each with an id, a
//! principle, a default severity and a message that says what is wrong and what would be right.
//! Findings point at the cell; severities come from `goldthread.toml` and rules can be off.

mod actions;
mod measures;
mod risks;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::schema::Document;
use crate::schema::{Finding, Principle, Risk, Severity};

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub principle: Principle,
    pub severity: Severity,
    /// What the rule looks for, in a sentence.
    pub description: &'static str,
}

const fn rule(
    id: &'static str,
    principle: Principle,
    severity: Severity,
    description: &'static str,
) -> Rule {
    Rule {
        id,
        principle,
        severity,
        description,
    }
}

use Principle::*;
use Severity::*;

/// Every rule goldthread applies, reading rules first.
pub const RULES: &[Rule] = &[
    rule(
        "file-unreadable",
        Completeness,
        Error,
        "A return could not be read at all (damaged, encrypted, not a spreadsheet).",
    ),
    rule(
        "file-note",
        Reliability,
        Info,
        "Something worth knowing about a file: macros present, a mislabelled extension.",
    ),
    rule(
        "value-unreadable",
        Accuracy,
        Warning,
        "A value is not what its column holds (a number, a date, a rating); kept as written.",
    ),
    rule(
        "row-unidentified",
        Completeness,
        Warning,
        "A row has values but no reference or title.",
    ),
    rule(
        "column-unrecognised",
        Reliability,
        Info,
        "A column named like a field holds other values; kept as extra.",
    ),
    rule(
        "period-unknown",
        Completeness,
        Warning,
        "Values whose period could not be read.",
    ),
    rule(
        "risk-no-reference",
        Completeness,
        Warning,
        "A risk without a reference.",
    ),
    rule(
        "risk-score-computed",
        Completeness,
        Info,
        "A score column left empty (a formula with no saved value) on a rated risk; worked out as likelihood x impact.",
    ),
    rule(
        "risk-score-mismatch",
        Accuracy,
        Error,
        "A score that is not likelihood x impact.",
    ),
    rule(
        "risk-level-off-matrix",
        Accuracy,
        Error,
        "A likelihood or impact outside the matrix, or not a whole number on it.",
    ),
    rule(
        "risk-band-mismatch",
        Accuracy,
        Warning,
        "A rating band or colour that disagrees with the current score.",
    ),
    rule(
        "risk-review-order",
        Accuracy,
        Error,
        "A next review date before the last review.",
    ),
    rule(
        "risk-date-in-future",
        Accuracy,
        Warning,
        "A review or identification date after the as-of date.",
    ),
    rule(
        "risk-current-above-inherent",
        Accuracy,
        Warning,
        "A current score above the inherent score.",
    ),
    rule(
        "risk-target-above-current",
        Accuracy,
        Warning,
        "A target score above the current score.",
    ),
    rule(
        "risk-no-owner",
        Completeness,
        Warning,
        "A risk without an owner (where the register has an owner column).",
    ),
    rule(
        "risk-no-title",
        Completeness,
        Warning,
        "A risk without a title or description.",
    ),
    rule(
        "risk-no-action",
        Completeness,
        Error,
        "An open risk at or above the appetite score with no mitigating action.",
    ),
    rule(
        "risk-no-current-rating",
        Completeness,
        Error,
        "An open risk with no current rating.",
    ),
    rule(
        "risk-review-overdue",
        Timeliness,
        Warning,
        "A last review older than the review interval for the risk's band.",
    ),
    rule(
        "risk-no-review-date",
        Completeness,
        Info,
        "An open risk with no last review date.",
    ),
    rule(
        "risk-duplicate-ref",
        Reliability,
        Error,
        "The same risk reference twice in a file, or in two files of one directorate.",
    ),
    rule(
        "rag-mismatch",
        Accuracy,
        Warning,
        "A reported RAG that disagrees with actual against target, by polarity and tolerance.",
    ),
    rule(
        "percent-out-of-range",
        Accuracy,
        Warning,
        "A percentage above 100 or below 0.",
    ),
    rule(
        "measure-no-target",
        Completeness,
        Warning,
        "A KPI or PI with no target for any period.",
    ),
    rule(
        "period-not-reported",
        Completeness,
        Warning,
        "A period with no value, or a period the rest of the return reports.",
    ),
    rule(
        "measure-no-owner",
        Completeness,
        Warning,
        "A measure without an owner (where the return has an owner column).",
    ),
    rule(
        "measure-no-polarity",
        Completeness,
        Warning,
        "A KPI or PI without a polarity, so its RAG cannot be judged.",
    ),
    rule(
        "value-jump",
        Reliability,
        Warning,
        "A value more than five times, or less than a fifth of, the previous period's.",
    ),
    rule(
        "measure-definition-change",
        Reliability,
        Warning,
        "Unit, polarity or target changing between periods of one year.",
    ),
    rule(
        "statistic-with-rag",
        Relevance,
        Warning,
        "A statistic (context only) given a RAG.",
    ),
    rule(
        "no-theme-link",
        Relevance,
        Warning,
        "A measure or risk linked to no theme or priority, where themes are configured.",
    ),
    rule(
        "directorate-missing",
        Completeness,
        Error,
        "A directorate the configuration expects sent no return.",
    ),
    rule(
        "consolidate-duplicate",
        Reliability,
        Warning,
        "One risk reference in two returns of a directorate; the later review is kept.",
    ),
    rule(
        "measure-not-in-catalogue",
        Relevance,
        Warning,
        "A measure a return reports is not in the measures catalogue (--catalogue), so it has no link to a priority there.",
    ),
    rule(
        "catalogue-measure-not-reported",
        Completeness,
        Warning,
        "A measure of the catalogue is in no return of the directorates that sent returns.",
    ),
    rule(
        "catalogue-matched-by-title",
        Reliability,
        Info,
        "A return's measure matched the catalogue by its title, not its reference.",
    ),
    rule(
        "target-differs-from-catalogue",
        Reliability,
        Warning,
        "A return states a target other than the catalogue's for the period.",
    ),
    rule(
        "action-no-reference",
        Completeness,
        Warning,
        "A delivery-plan action without a reference.",
    ),
    rule(
        "action-overdue",
        Timeliness,
        Warning,
        "An action due before the as-of date that is not complete or cancelled.",
    ),
    rule(
        "action-complete-below-100",
        Accuracy,
        Warning,
        "An action complete but below 100%, or 100% but not complete.",
    ),
    rule(
        "action-no-update",
        Completeness,
        Warning,
        "An action under way with no progress update this period.",
    ),
    rule(
        "action-rag-status-mismatch",
        Reliability,
        Warning,
        "An action's RAG at odds with its status (green but off track or delayed, red but on track or complete).",
    ),
    rule(
        "action-no-lead",
        Completeness,
        Warning,
        "An action without a lead officer (where the tracker has a lead column).",
    ),
    rule(
        "action-no-due-date",
        Completeness,
        Info,
        "An open action without a due date.",
    ),
    rule(
        "action-duplicate-id",
        Accuracy,
        Error,
        "The same action reference twice in one file.",
    ),
];

/// The rule with an id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Severities in force: the catalogue's, overridden by `[checks.rules]` in the configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Rule id to severity; a rule switched off is absent.
    severity: BTreeMap<&'static str, Severity>,
    pub value_jump_factor: f64,
}

impl Settings {
    /// Reads the `[checks]` section.
    ///
    /// # Errors
    /// An unknown rule id or a severity other than error, warning, info or off.
    pub fn from_config(config: &Config) -> Result<Settings, String> {
        let mut severity: BTreeMap<&'static str, Severity> =
            RULES.iter().map(|r| (r.id, r.severity)).collect();
        for (id, level) in &config.checks.rules {
            let Some(rule) = rule_by_id(id) else {
                return Err(format!(
                    "checks.rules names '{id}', which is not a rule; `goldthread check --rules` lists them."
                ));
            };
            match level.to_ascii_lowercase().as_str() {
                "off" => {
                    severity.remove(rule.id);
                }
                "error" => {
                    severity.insert(rule.id, Severity::Error);
                }
                "warning" => {
                    severity.insert(rule.id, Severity::Warning);
                }
                "info" => {
                    severity.insert(rule.id, Severity::Info);
                }
                other => {
                    return Err(format!(
                        "checks.rules.{id} is '{other}'; it must be \"error\", \"warning\", \"info\" or \"off\"."
                    ))
                }
            }
        }
        if config.checks.value_jump_factor <= 1.0 {
            return Err("checks.value_jump_factor must be above 1 (default 5).".into());
        }
        Ok(Settings {
            severity,
            value_jump_factor: config.checks.value_jump_factor,
        })
    }

    fn severity(&self, id: &str) -> Option<Severity> {
        self.severity.get(id).copied()
    }
}

/// A finding under construction: rule id, message and where.
pub(crate) struct Hit {
    pub rule: &'static str,
    pub message: String,
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub cell: Option<String>,
    pub record_id: Option<String>,
    pub field: Option<String>,
    pub directorate: Option<String>,
}

impl Hit {
    fn finding(self) -> Finding {
        let rule = rule_by_id(self.rule).expect("every rule the checks raise is in the catalogue");
        Finding {
            severity: rule.severity,
            principle: rule.principle,
            rule: self.rule.to_string(),
            message: self.message,
            file: self.file,
            sheet: self.sheet,
            row: self.row,
            cell: self.cell,
            record_id: self.record_id,
            field: self.field,
            directorate: self.directorate,
        }
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
    measures::check(doc, config, settings, as_of, &mut hits);
    actions::check(doc, as_of, &mut hits);
    submissions(doc, &seen, config, &mut hits);
    doc.findings.extend(hits.into_iter().map(Hit::finding));
    doc.findings
        .retain_mut(|f| match settings.severity(&f.rule) {
            Some(s) => {
                f.severity = s;
                true
            }
            None => rule_by_id(&f.rule).is_none(),
        });
    sort_findings(&mut doc.findings);
    doc.findings.dedup();
    doc.summary.findings = doc.findings.len();
    Ok(())
}

/// Findings in reading order: file, sheet, row, column, rule.
pub fn sort_findings(findings: &mut [Finding]) {
    let col_key = |cell: &Option<String>| {
        cell.as_deref().map(|c| {
            let letters: String = c
                .chars()
                .take_while(|ch| ch.is_ascii_alphabetic())
                .collect();
            (letters.len(), letters)
        })
    };
    findings.sort_by(|a, b| {
        (
            &a.file,
            &a.sheet,
            a.row,
            col_key(&a.cell),
            &a.rule,
            &a.message,
        )
            .cmp(&(
                &b.file,
                &b.sheet,
                b.row,
                col_key(&b.cell),
                &b.rule,
                &b.message,
            ))
    });
}

/// Expected directorates that sent nothing.
fn submissions(doc: &Document, seen: &risks::Seen, config: &Config, hits: &mut Vec<Hit>) {
    for d in &config.framework.directorates {
        let sent = seen.directorates.contains(&d.name)
            || doc
                .measures
                .iter()
                .any(|m| m.directorate.as_deref() == Some(d.name.as_str()))
            || doc
                .actions
                .iter()
                .any(|a| a.directorate.as_deref() == Some(d.name.as_str()));
        if !sent {
            hits.push(Hit {
                rule: "directorate-missing",
                message: format!(
                    "{} sent no return: no risk or measure was read for it",
                    d.name
                ),
                file: String::new(),
                sheet: None,
                row: None,
                cell: None,
                record_id: None,
                field: None,
                directorate: Some(d.name.clone()),
            });
        }
    }
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
