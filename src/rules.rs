//! The rule catalogue: every rule goldthread applies, reading rules first, each with its typed
//! id ([`RuleId`]), principle, default severity and description, in one place; and the findings
//! the rules make ([`Finding::new`]) and the one order they are listed in ([`sort_findings`]).
//!
//! Every stage that makes a finding (normalise while reading, check, consolidate) names a
//! [`RuleId`], so a misspelt rule does not compile, and takes the principle and severity from
//! here; `goldthread.toml` `[checks.rules]` then overrides the severity or switches the rule off
//! ([`crate::check::Settings`]). The id is written as its kebab-case name (`risk-no-owner`) in
//! the JSON contract and by `goldthread rules`.
//!
//! ## Adding a rule
//!
//! Add a line to the `catalogue!` list below (variant, id, principle, severity, description
//! ending in a full stop), in its family's group, and to the rule table of README.md (a test
//! checks both). Then raise it where the family's rules are judged. To add a family of rules
//! (say `action-*`), also write its checks in one file under `src/check/` and register it in
//! `check::FAMILIES` (see `src/check/mod.rs`).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::schema::{Finding, Principle, Severity};

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    pub id: RuleId,
    pub principle: Principle,
    pub severity: Severity,
    /// What the rule looks for, in a sentence.
    pub description: &'static str,
}

/// Makes [`RuleId`] and [`RULES`] from one list, so the two cannot disagree: `RULES[id as usize]`
/// is the rule of `id`.
macro_rules! catalogue {
    ($($variant:ident = $id:literal, $principle:ident, $severity:ident, $description:literal;)*) => {
        /// The id of a rule of the catalogue, written as its kebab-case name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum RuleId {
            $(#[doc = $description] #[serde(rename = $id)] $variant,)*
        }

        /// Every rule goldthread applies, reading rules first.
        pub const RULES: &[Rule] = &[
            $(Rule {
                id: RuleId::$variant,
                principle: Principle::$principle,
                severity: Severity::$severity,
                description: $description,
            },)*
        ];

        impl RuleId {
            /// The id as written in findings, in `goldthread rules` and in `goldthread.toml`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }
        }
    };
}

catalogue! {
    // Reading: files, rows and values (raised while normalising).
    FileUnreadable = "file-unreadable", Completeness, Error,
        "A return could not be read at all (damaged, encrypted, not a spreadsheet).";
    FileNote = "file-note", Reliability, Info,
        "Something worth knowing about a file: macros present, a mislabelled extension.";
    ValueUnreadable = "value-unreadable", Accuracy, Warning,
        "A value is not what its column holds (a number, a date, a rating); kept as written.";
    RowUnidentified = "row-unidentified", Completeness, Warning,
        "A row has values but no reference or title.";
    ColumnUnrecognised = "column-unrecognised", Reliability, Info,
        "A column named like a field holds other values; kept as extra.";
    PeriodUnknown = "period-unknown", Completeness, Warning,
        "Values whose period could not be read.";
    // Risks (src/check/risks.rs; the first two raised while normalising).
    RiskNoReference = "risk-no-reference", Completeness, Warning,
        "A risk without a reference.";
    RiskScoreComputed = "risk-score-computed", Completeness, Info,
        "A score column left empty (a formula with no saved value) on a rated risk; worked out as likelihood x impact.";
    RiskScoreMismatch = "risk-score-mismatch", Accuracy, Error,
        "A score that is not likelihood x impact.";
    RiskLevelOffMatrix = "risk-level-off-matrix", Accuracy, Error,
        "A likelihood or impact outside the matrix, or not a whole number on it.";
    RiskBandMismatch = "risk-band-mismatch", Accuracy, Warning,
        "A rating band or colour that disagrees with the current score.";
    RiskReviewOrder = "risk-review-order", Accuracy, Error,
        "A next review date before the last review.";
    RiskDateInFuture = "risk-date-in-future", Accuracy, Warning,
        "A review or identification date after the as-of date.";
    RiskCurrentAboveInherent = "risk-current-above-inherent", Accuracy, Warning,
        "A current score above the inherent score.";
    RiskTargetAboveCurrent = "risk-target-above-current", Accuracy, Warning,
        "A target score above the current score.";
    RiskNoOwner = "risk-no-owner", Completeness, Warning,
        "A risk without an owner (where the register has an owner column).";
    RiskNoTitle = "risk-no-title", Completeness, Warning,
        "A risk without a title or description.";
    RiskNoAction = "risk-no-action", Completeness, Error,
        "An open risk at or above the appetite score with no mitigating action.";
    RiskNoCurrentRating = "risk-no-current-rating", Completeness, Error,
        "An open risk with no current rating.";
    RiskReviewOverdue = "risk-review-overdue", Timeliness, Warning,
        "A last review older than the review interval for the risk's band.";
    RiskNoReviewDate = "risk-no-review-date", Completeness, Info,
        "An open risk with no last review date.";
    RiskDuplicateRef = "risk-duplicate-ref", Reliability, Error,
        "The same risk reference twice in a file, or in two files of one directorate.";
    // Measures and their series (src/check/measures.rs, src/check/series.rs).
    RagMismatch = "rag-mismatch", Accuracy, Warning,
        "A reported RAG that disagrees with actual against target, by polarity and tolerance.";
    PercentOutOfRange = "percent-out-of-range", Accuracy, Warning,
        "A percentage above 100 or below 0.";
    MeasureNoTarget = "measure-no-target", Completeness, Warning,
        "A KPI or PI with no target for any period.";
    PeriodNotReported = "period-not-reported", Completeness, Warning,
        "A period with no value, or a period the rest of the return reports.";
    MeasureNoOwner = "measure-no-owner", Completeness, Warning,
        "A measure without an owner (where the return has an owner column).";
    MeasureNoPolarity = "measure-no-polarity", Completeness, Warning,
        "A KPI or PI without a polarity, so its RAG cannot be judged.";
    ValueJump = "value-jump", Reliability, Warning,
        "A value more than five times, or less than a fifth of, the previous period's.";
    MeasureDefinitionChange = "measure-definition-change", Reliability, Warning,
        "Unit, polarity or target changing between periods of one year.";
    StatisticWithRag = "statistic-with-rag", Relevance, Warning,
        "A statistic (context only) given a RAG.";
    NoThemeLink = "no-theme-link", Relevance, Warning,
        "A measure or risk linked to no theme or priority, where themes are configured.";
    // Returns as a whole (src/check/returns.rs, and consolidate).
    DirectorateMissing = "directorate-missing", Completeness, Error,
        "A directorate the configuration expects sent no return.";
    ConsolidateDuplicate = "consolidate-duplicate", Reliability, Warning,
        "One risk reference in two returns of a directorate; the later review is kept.";
    // The measures catalogue (raised while normalising, src/normalise/catalogue.rs).
    MeasureNotInCatalogue = "measure-not-in-catalogue", Relevance, Warning,
        "A measure a return reports is not in the measures catalogue (--catalogue), so it has no link to a priority there.";
    CatalogueMeasureNotReported = "catalogue-measure-not-reported", Completeness, Warning,
        "A measure of the catalogue is in no return of the directorates that sent returns.";
    CatalogueMatchedByTitle = "catalogue-matched-by-title", Reliability, Info,
        "A return's measure matched the catalogue by its title, not its reference.";
    TargetDiffersFromCatalogue = "target-differs-from-catalogue", Reliability, Warning,
        "A return states a target other than the catalogue's for the period.";
    // Delivery plans: actions, projects and milestones.
    ActionNoReference = "action-no-reference", Completeness, Warning,
        "A delivery-plan action without a reference.";
    ActionOverdue = "action-overdue", Timeliness, Warning,
        "An action due before the as-of date that is not complete or cancelled.";
    ActionCompleteBelow100 = "action-complete-below-100", Accuracy, Warning,
        "An action complete but below 100%, or 100% but not complete.";
    ActionNoUpdate = "action-no-update", Completeness, Warning,
        "An action under way with no progress update this period.";
    ActionRagStatusMismatch = "action-rag-status-mismatch", Reliability, Warning,
        "An action's RAG at odds with its status (green but off track or delayed, red but on track or complete).";
    ActionNoLead = "action-no-lead", Completeness, Warning,
        "An action without a lead officer (where the tracker has a lead column).";
    ActionNoDueDate = "action-no-due-date", Completeness, Info,
        "An open action without a due date.";
    ActionDuplicateId = "action-duplicate-id", Accuracy, Error,
        "The same action reference twice in one file.";
}

impl RuleId {
    /// The rule's entry in the catalogue.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The rule with an id as written (`"risk-no-owner"`).
    pub fn parse(id: &str) -> Option<RuleId> {
        RULES.iter().map(|r| r.id).find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The rule with an id as written.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RuleId::parse(id).map(RuleId::rule)
}

impl Finding {
    /// A finding of a rule about a file, with the rule's principle and default severity; the
    /// place within the file (sheet, row, cell, record, field) is added by the caller.
    pub fn new(rule: RuleId, message: String, file: impl Into<String>) -> Finding {
        let r = rule.rule();
        Finding {
            severity: r.severity,
            principle: r.principle,
            rule: rule.as_str().to_string(),
            message,
            file: file.into(),
            sheet: None,
            row: None,
            cell: None,
            record_id: None,
            field: None,
            directorate: None,
        }
    }

    /// The finding one severity milder (error to warning, warning to info): for a case of its
    /// rule that is only worth knowing, such as two identical copies of one risk.
    pub fn milder(self) -> Finding {
        let severity = match self.severity {
            Severity::Error => Severity::Warning,
            Severity::Warning | Severity::Info => Severity::Info,
        };
        Finding { severity, ..self }
    }

    /// The order findings are listed in everywhere (JSON, terminal, reports, annotated copies):
    /// reading order by file, sheet, row and column (B before AA), then rule, then message.
    pub fn cmp_place(&self, other: &Finding) -> Ordering {
        (
            &self.file,
            &self.sheet,
            self.row,
            column_key(&self.cell),
            &self.rule,
            &self.message,
        )
            .cmp(&(
                &other.file,
                &other.sheet,
                other.row,
                column_key(&other.cell),
                &other.rule,
                &other.message,
            ))
    }
}

/// A cell's column, ordered as in the sheet: fewer letters first, then alphabetically.
fn column_key(cell: &Option<String>) -> Option<(usize, &str)> {
    cell.as_deref().map(|c| {
        let end = c
            .find(|ch: char| !ch.is_ascii_alphabetic())
            .unwrap_or(c.len());
        (end, &c[..end])
    })
}

/// Findings in the one order ([`Finding::cmp_place`]).
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(Finding::cmp_place);
}

#[cfg(test)]
mod tests;
