//! Consolidation: every directorate's returns into the corporate risk register, the strategic
//! register (escalated risks), the performance picture for a period, submissions, and movement
//! since the last consolidation.

pub mod benchmark;
pub mod diff;
mod error;
pub mod history;
mod period;
pub mod thread;

use diff::RiskChange;
pub use error::Error;
use period::latest_period;
pub use period::{period_of_returns, resolve_period};

/// What a return that names no directorate is counted under.
pub const NO_DIRECTORATE: &str = "(no directorate)";

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::read::format_number;
use crate::rules::RuleId;
use crate::schema::field::Name;
use crate::schema::{
    Action, Direction, Document, FileReport, Finding, Measure, MeasureKind, Observation, Period,
    Polarity, Rag, Risk, RiskStatus, Unit,
};

/// A risk on the corporate register.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ConsolidatedRisk {
    #[serde(flatten)]
    pub risk: Risk,
    /// Whether the risk belongs on the strategic register.
    pub escalated: bool,
    /// Why: `score 20 >= 15`, `flagged by directorate`.
    pub escalation_reason: Option<String>,
    /// Movement since the previous consolidation: `new`, `score up from 12`, `escalated`, ...
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub movement: Option<String>,
}

/// What one directorate sent.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Submission {
    pub directorate: String,
    pub files: Vec<String>,
    pub risks: usize,
    pub measures: usize,
    /// Delivery-plan actions.
    #[serde(default)]
    pub actions: usize,
    pub findings: usize,
    /// `received` or `missing`.
    pub status: String,
}

/// RAG counts.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RagCounts {
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub none: usize,
}

impl RagCounts {
    fn add(&mut self, rag: Option<Rag>) {
        match rag {
            Some(Rag::Red) => self.red += 1,
            Some(Rag::Amber) => self.amber += 1,
            Some(Rag::Green) => self.green += 1,
            None => self.none += 1,
        }
    }

    /// Total of the counts.
    pub fn total(&self) -> usize {
        self.red + self.amber + self.green + self.none
    }
}

/// One value of a measure's time series.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Point {
    pub period: String,
    pub actual: Option<f64>,
}

/// A measure as it stands in the period, with its history.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MeasureLine {
    pub measure_id: String,
    pub title: Option<String>,
    pub directorate: Option<String>,
    pub service: Option<String>,
    pub theme: Option<String>,
    pub priority: Option<String>,
    pub kind: Option<MeasureKind>,
    pub unit: Option<Unit>,
    pub polarity: Option<Polarity>,
    pub owner: Option<String>,
    /// The period of the values below (the consolidation period, or the latest before it).
    pub period: Option<String>,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub rag: Option<Rag>,
    /// The RAG the return reported, where the figures give another (then `rag` is the one the
    /// figures give, unless `performance.trust_reported_rag` is set).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rag_reported: Option<Rag>,
    pub direction: Option<Direction>,
    /// Against the same period a year before ([`history`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub direction_year: Option<Direction>,
    pub commentary: Option<String>,
    /// Its place among the comparators ([`benchmark`], `--benchmarks`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub benchmark: Option<benchmark::MeasureBenchmark>,
    /// Every value the inputs hold, oldest first.
    pub series: Vec<Point>,
    /// `red -> amber` when the RAG moved since the previous consolidation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rag_change: Option<String>,
}

/// What changed since the previous consolidation (keys are `directorate / reference`).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Movement {
    /// Whether a previous consolidation was given.
    pub compared: bool,
    pub new_risks: Vec<String>,
    pub closed_risks: Vec<String>,
    pub escalated: Vec<String>,
    pub de_escalated: Vec<String>,
    pub score_up: Vec<String>,
    pub score_down: Vec<String>,
    pub rag_changed: Vec<String>,
}

/// Counts for the summary sheet.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct ConsolidationSummary {
    pub risks: usize,
    pub open_risks: usize,
    pub strategic_risks: usize,
    /// Measures on the report: one per reference within a directorate.
    pub measures: usize,
    /// The measure records the returns hold (a measure reported in two returns or sheets is
    /// two), which `measures` counts once.
    #[serde(default)]
    pub measure_rows: usize,
    pub observations: usize,
    pub findings: usize,
    /// RAG counts of the period's values, by theme (`(no theme)` for none).
    pub rag_by_theme: BTreeMap<String, RagCounts>,
    pub rag_by_directorate: BTreeMap<String, RagCounts>,
    /// Open risks by current band.
    pub risks_by_band: BTreeMap<String, usize>,
    /// Open risks by current likelihood and impact: `[likelihood-1][impact-1]`.
    pub heatmap_current: Vec<Vec<usize>>,
    pub heatmap_target: Vec<Vec<usize>>,
    /// The line of sight: per theme, and per priority within it, measures by RAG, actions by
    /// status and open risks by band ([`thread::by_theme`]).
    #[serde(default)]
    pub by_theme: Vec<thread::ThemeLine>,
}

/// The consolidation document (FRAMEWORK.md, Consolidation).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Consolidation {
    pub goldthread: String,
    pub council: Option<String>,
    pub period: Period,
    pub as_of: Option<NaiveDate>,
    pub summary: ConsolidationSummary,
    pub submissions: Vec<Submission>,
    pub movement: Movement,
    pub risks: Vec<ConsolidatedRisk>,
    pub measures: Vec<Measure>,
    pub observations: Vec<Observation>,
    pub performance: Vec<MeasureLine>,
    /// Delivery-plan actions, by theme and priority (see [`thread::order_actions`]).
    #[serde(default)]
    pub actions: Vec<Action>,
    pub findings: Vec<Finding>,
    pub files: Vec<FileReport>,
}

impl Consolidation {
    /// The risks on the strategic register, grouped by theme (themes in configured order, then
    /// others, then none), highest current score first within a theme.
    pub fn strategic(&self) -> Vec<&ConsolidatedRisk> {
        self.risks.iter().filter(|r| r.escalated).collect()
    }
}

fn key(directorate: Option<&str>, id: &str) -> String {
    format!("{} / {id}", directorate.unwrap_or(NO_DIRECTORATE))
}

fn order_by_theme<T>(items: &mut [T], theme: impl Fn(&T) -> Option<String>, config: &Config) {
    let rank = |t: Option<String>| match t {
        Some(t) => config
            .framework
            .themes
            .iter()
            .position(|x| x.name == t)
            .unwrap_or(usize::MAX - 1),
        None => usize::MAX,
    };
    items.sort_by_cached_key(|x| rank(theme(x)));
}

/// A later review wins a duplicate; the conflict is a finding, of the severity configured for
/// `consolidate-duplicate` (none when it is off).
fn dedupe(risks: Vec<Risk>, findings: &mut Vec<Finding>, config: &Config) -> Vec<Risk> {
    // A configuration that does not validate was refused before; here the catalogue's holds.
    let severity = match crate::check::Settings::from_config(config) {
        Ok(s) => s.severity(RuleId::ConsolidateDuplicate),
        Err(_) => Some(RuleId::ConsolidateDuplicate.rule().severity),
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Risk> = Vec::new();
    for r in risks {
        let k = key(r.directorate.as_deref(), &r.id);
        match index.get(&k) {
            None => {
                index.insert(k, out.len());
                out.push(r);
            }
            Some(&i) => {
                let first = &out[i];
                let same =
                    first.title == r.title && first.current == r.current && first.owner == r.owner;
                let keep_new = r.last_reviewed > first.last_reviewed;
                let (kept, dropped) = if keep_new { (&r, first) } else { (first, &r) };
                if let Some(severity) = severity {
                    let finding = Finding {
                        severity,
                        sheet: Some(dropped.source.sheet.clone()),
                        row: Some(dropped.source.row),
                        cell: dropped.cells.get(Name::Id),
                        record_id: Some(r.id.clone()),
                        field: Some(Name::Id.to_string()),
                        directorate: r.directorate.clone(),
                        ..Finding::new(
                            RuleId::ConsolidateDuplicate,
                            format!(
                                "Risk {k} appears twice ({} row {} and {} row {}){}; the corporate register keeps the one from {} row {}{}",
                                first.source.file,
                                first.source.row,
                                r.source.file,
                                r.source.row,
                                if same { "" } else { " with different details" },
                                kept.source.file,
                                kept.source.row,
                                if keep_new || !same { " (the later review)" } else { "" },
                            ),
                            dropped.source.file.clone(),
                        )
                    };
                    // Two identical copies are only worth knowing: one step milder than the rule's.
                    findings.push(if same { finding.milder() } else { finding });
                }
                if keep_new {
                    out[i] = r;
                }
            }
        }
    }
    out
}

fn escalation(r: &Risk, config: &Config) -> Option<String> {
    if r.status != RiskStatus::Open {
        return None;
    }
    // On a register's own scale the score is judged as its proportion of the matrix.
    let scale = r.scale.map(|s| (s.likelihood, s.impact));
    let by_score = r
        .current
        .score
        .filter(|s| config.score_on_matrix(*s, scale) >= config.risk.escalation_score)
        .map(|s| {
            let on = config.score_on_matrix(s, scale);
            let of = if on == s {
                String::new()
            } else {
                format!(
                    " ({} on the matrix)",
                    format_number((on * 10.0).round() / 10.0)
                )
            };
            format!(
                "score {}{of} >= {}",
                format_number(s),
                format_number(config.risk.escalation_score)
            )
        });
    let flagged = (r.escalate == Some(true)).then(|| "flagged by directorate".to_string());
    match (by_score, flagged) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    }
}

fn heatmap(
    risks: &[ConsolidatedRisk],
    config: &Config,
    pick: impl Fn(&Risk) -> (Option<f64>, Option<f64>),
) -> Vec<Vec<usize>> {
    let (h, w) = (config.risk.likelihood.len(), config.risk.impact.len());
    let mut grid = vec![vec![0usize; w]; h];
    for r in risks.iter().filter(|r| r.risk.status == RiskStatus::Open) {
        if let (Some(l), Some(i)) = pick(&r.risk) {
            // A register's own scale is placed on the matrix by proportion.
            let scale = r.risk.scale;
            let l = Config::level_on_matrix(l, scale.map(|s| s.likelihood), h);
            let i = Config::level_on_matrix(i, scale.map(|s| s.impact), w);
            let (l, i) = (l.round() as i64, i.round() as i64);
            if (1..=h as i64).contains(&l) && (1..=w as i64).contains(&i) {
                grid[(l - 1) as usize][(i - 1) as usize] += 1;
            }
        }
    }
    grid
}

/// The measure of each observation, by directorate and reference.
fn measure_key(m: &Measure) -> String {
    key(m.directorate.as_deref(), &m.id)
}

/// The performance picture: for each measure, its value in the period (or the latest before it
/// when the period is longer than the measure's own), and its series.
fn performance(doc: &Document, period: &Period, config: &Config) -> Vec<MeasureLine> {
    let mut defs: BTreeMap<String, &Measure> = BTreeMap::new();
    let mut file_dir: HashMap<(&str, &str), Option<&str>> = HashMap::new();
    for m in &doc.measures {
        defs.entry(measure_key(m)).or_insert(m);
        file_dir.insert((&m.source.file, &m.id), m.directorate.as_deref());
    }
    // The corporate picture is the measure's own series: values split by a dimension (an area,
    // a ward) and a snapshot's values with no period stay in the document, not on the report.
    let mut series: BTreeMap<String, Vec<&Observation>> = BTreeMap::new();
    for o in doc
        .observations
        .iter()
        .filter(|o| o.dates().is_some() && o.dimensions.is_empty())
    {
        let dir = file_dir
            .get(&(o.source.file.as_str(), o.measure_id.as_str()))
            .copied()
            .flatten();
        series.entry(key(dir, &o.measure_id)).or_default().push(o);
    }
    let mut lines = Vec::new();
    for (k, m) in &defs {
        let mut obs = series.get(k).cloned().unwrap_or_default();
        obs.sort_by_key(|o| (o.period_start, std::cmp::Reverse(o.period_end)));
        // The period's own value; else the latest value ending within the period.
        let exact = obs
            .iter()
            .rev()
            .find(|o| o.period.as_deref() == Some(period.label.as_str()));
        let within = obs
            .iter()
            .filter(|o| {
                o.period_end <= Some(period.end)
                    && o.period_end >= Some(period.start)
                    && o.actual.is_some()
            })
            .max_by_key(|o| (o.period_end, std::cmp::Reverse(o.period_start)));
        let current = exact.or(within).copied();
        let mut points: Vec<Point> = Vec::new();
        for o in obs.iter().filter(|o| o.period_end <= Some(period.end)) {
            let label = o.period_or_none();
            if !points.iter().any(|p| p.period == label) {
                points.push(Point {
                    period: label.to_string(),
                    actual: o.actual,
                });
            }
        }
        let (rag, rag_reported) = disputed_rag(current, m, config);
        lines.push(MeasureLine {
            measure_id: m.id.clone(),
            title: m.title.clone(),
            directorate: m.directorate.clone(),
            service: m.service.clone(),
            theme: m.theme.clone(),
            priority: m.priority.clone(),
            kind: m.kind,
            unit: m.unit,
            polarity: m.polarity,
            owner: m.owner.clone(),
            period: current.and_then(|o| o.period.clone()),
            actual: current.and_then(|o| o.actual),
            target: current.and_then(|o| o.target),
            rag,
            rag_reported,
            direction: current.and_then(|o| o.direction),
            direction_year: None,
            commentary: current.and_then(|o| o.commentary.clone()),
            benchmark: None,
            series: points,
            rag_change: None,
        });
        if let Some(l) = lines.last_mut() {
            history::directions(l, config.calendar.financial_year_start_month);
        }
    }
    order_by_theme(&mut lines, |l| l.theme.clone(), config);
    lines
}

fn submissions(doc: &Document, risks: &[ConsolidatedRisk], config: &Config) -> Vec<Submission> {
    let empty = |d: &str, status: &str| Submission {
        directorate: d.to_string(),
        files: Vec::new(),
        risks: 0,
        measures: 0,
        actions: 0,
        findings: 0,
        status: status.into(),
    };
    let mut by_dir: BTreeMap<String, Submission> = BTreeMap::new();
    let mut add = |d: Option<&str>, file: &str, what: u8| {
        let d = d.unwrap_or(NO_DIRECTORATE);
        if !by_dir.contains_key(d) {
            by_dir.insert(d.to_string(), empty(d, "received"));
        }
        let Some(s) = by_dir.get_mut(d) else { return };
        // Records come file by file: the last file is nearly always the one.
        if !file.is_empty()
            && s.files.last().is_none_or(|f| f != file)
            && !s.files.iter().any(|f| f == file)
        {
            s.files.push(file.to_string());
        }
        match what {
            0 => s.risks += 1,
            1 => s.measures += 1,
            2 => s.actions += 1,
            _ => s.findings += 1,
        }
    };
    for r in risks {
        add(r.risk.directorate.as_deref(), &r.risk.source.file, 0);
    }
    for m in &doc.measures {
        add(m.directorate.as_deref(), &m.source.file, 1);
    }
    for a in &doc.actions {
        add(a.directorate.as_deref(), &a.source.file, 2);
    }
    for f in doc
        .findings
        .iter()
        .filter(|f| f.rule != "directorate-missing")
    {
        if f.directorate.is_some() {
            add(f.directorate.as_deref(), &f.file, 3);
        }
    }
    for d in &config.framework.directorates {
        by_dir
            .entry(d.name.clone())
            .or_insert_with(|| empty(&d.name, "missing"));
    }
    let mut out: Vec<Submission> = by_dir.into_values().collect();
    for s in &mut out {
        s.files.sort();
    }
    out
}

/// Movement since the previous consolidation.
fn movement(
    risks: &mut [ConsolidatedRisk],
    lines: &mut [MeasureLine],
    previous: Option<&Consolidation>,
) -> Movement {
    let Some(prev) = previous else {
        return Movement::default();
    };
    let mut m = Movement {
        compared: true,
        ..Default::default()
    };
    let before = diff::risks_by_key(prev);
    let mut now_keys = BTreeSet::new();
    for r in risks.iter_mut() {
        let k = key(r.risk.directorate.as_deref(), &r.risk.id);
        now_keys.insert(k.clone());
        let mut notes = Vec::new();
        match before.get(&k) {
            None => {
                m.new_risks.push(k.clone());
                notes.push("new".to_string());
            }
            Some(old) => {
                for change in diff::risk_changes(old, r) {
                    let (list, note) = match change {
                        RiskChange::Closed => (&mut m.closed_risks, "closed".to_string()),
                        RiskChange::Rescored(Some(a), Some(b)) if b > a => (
                            &mut m.score_up,
                            format!("score up from {}", format_number(a)),
                        ),
                        RiskChange::Rescored(Some(a), Some(b)) if b < a => (
                            &mut m.score_down,
                            format!("score down from {}", format_number(a)),
                        ),
                        RiskChange::Rescored(..) => continue,
                        RiskChange::Escalated => (&mut m.escalated, "escalated".into()),
                        RiskChange::DeEscalated => (&mut m.de_escalated, "de-escalated".into()),
                    };
                    list.push(k.clone());
                    notes.push(note);
                }
            }
        }
        r.movement = (!notes.is_empty()).then(|| notes.join("; "));
        if r.movement.is_none() {
            r.movement = Some("no change".into());
        }
    }
    for (k, old) in &before {
        if !now_keys.contains(k) && old.risk.status == RiskStatus::Open {
            m.closed_risks.push(k.clone());
        }
    }
    let old_lines = diff::lines_by_key(prev);
    for l in lines.iter_mut() {
        let k = key(l.directorate.as_deref(), &l.measure_id);
        if let Some(old) = old_lines.get(&k) {
            if old.rag != l.rag {
                let w = |r: Option<Rag>| diff::rag_word(r).unwrap_or("none");
                l.rag_change = Some(format!("{} -> {}", w(old.rag), w(l.rag)));
                m.rag_changed.push(k);
            }
        }
    }
    for list in [
        &mut m.new_risks,
        &mut m.closed_risks,
        &mut m.escalated,
        &mut m.de_escalated,
        &mut m.score_up,
        &mut m.score_down,
        &mut m.rag_changed,
    ] {
        list.sort();
    }
    m
}

/// Consolidates a checked document for a period.
pub fn consolidate(
    doc: Document,
    period: Period,
    config: &Config,
    previous: Option<&Consolidation>,
) -> Consolidation {
    let Document {
        goldthread,
        as_of,
        files,
        risks,
        measures,
        observations,
        mut actions,
        mut findings,
        ..
    } = doc;
    let risks = dedupe(risks, &mut findings, config);
    crate::rules::sort_findings(&mut findings);
    let mut risks: Vec<ConsolidatedRisk> = risks
        .into_iter()
        .map(|r| {
            let reason = escalation(&r, config);
            ConsolidatedRisk {
                escalated: reason.is_some(),
                escalation_reason: reason,
                risk: r,
                movement: None,
            }
        })
        .collect();
    order_by_theme(&mut risks, |r| r.risk.theme.clone(), config);
    thread::order_actions(&mut actions, config);
    let doc_view = Document {
        measures,
        observations,
        actions,
        findings,
        ..Default::default()
    };
    let mut lines = performance(&doc_view, &period, config);
    let movement = movement(&mut risks, &mut lines, previous);
    let subs = submissions(&doc_view, &risks, config);
    let Document {
        measures,
        observations,
        actions,
        findings,
        ..
    } = doc_view;

    let mut summary = ConsolidationSummary {
        risks: risks.len(),
        open_risks: risks
            .iter()
            .filter(|r| r.risk.status == RiskStatus::Open)
            .count(),
        strategic_risks: risks.iter().filter(|r| r.escalated).count(),
        measures: lines.len(),
        measure_rows: measures.len(),
        observations: observations.len(),
        findings: findings.len(),
        heatmap_current: heatmap(&risks, config, |r| (r.current.likelihood, r.current.impact)),
        heatmap_target: heatmap(&risks, config, |r| (r.target.likelihood, r.target.impact)),
        ..Default::default()
    };
    for l in &lines {
        let Some(rag) = thread::period_rag(l) else {
            continue;
        };
        summary
            .rag_by_theme
            .entry(l.theme.clone().unwrap_or_else(|| "(no theme)".into()))
            .or_default()
            .add(rag);
        summary
            .rag_by_directorate
            .entry(
                l.directorate
                    .clone()
                    .unwrap_or_else(|| NO_DIRECTORATE.into()),
            )
            .or_default()
            .add(rag);
    }
    for r in risks.iter().filter(|r| r.risk.status == RiskStatus::Open) {
        let band = r
            .risk
            .rating
            .map(|b| b.as_str().to_string())
            .unwrap_or_else(|| "not rated".into());
        *summary.risks_by_band.entry(band).or_default() += 1;
    }
    summary.by_theme = thread::by_theme(&lines, &risks, &actions, as_of, config);
    Consolidation {
        goldthread,
        council: config.framework.council.clone(),
        period,
        as_of,
        summary,
        submissions: subs,
        movement,
        risks,
        measures,
        observations,
        performance: lines,
        actions,
        findings,
        files,
    }
}

/// A measure's RAG for committee: the reported one, unless the figures (actual, target,
/// polarity, tolerance) give another; then that one, with the reported one beside it.
fn disputed_rag(
    current: Option<&Observation>,
    m: &Measure,
    config: &Config,
) -> (Option<Rag>, Option<Rag>) {
    let Some(o) = current else {
        return (None, None);
    };
    let computed = match (o.actual, o.target, m.polarity) {
        (Some(a), Some(t), Some(p)) if m.kind != Some(MeasureKind::Statistic) => {
            Some(crate::schema::compute_rag(a, t, p, config.rag_tolerance(m)))
        }
        _ => None,
    };
    match (o.rag, o.rag_source, computed) {
        (Some(r), Some(crate::schema::RagSource::Reported), Some(c))
            if r != c && !config.performance.trust_reported_rag =>
        {
            (Some(c), Some(r))
        }
        (rag, ..) => (rag, None),
    }
}

/// A JSON goldthread wrote: a consolidation, or a normalised document.
pub enum Written {
    Consolidation(Box<Consolidation>),
    Document(Box<Document>),
}

/// Reads a consolidation JSON or a normalised JSON.
///
/// # Errors
/// A file that cannot be read, or a JSON that is neither.
pub fn read_json(path: &Path) -> Result<Written, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    if let Ok(c) = serde_json::from_str::<Consolidation>(&text) {
        return Ok(Written::Consolidation(Box::new(c)));
    }
    serde_json::from_str::<Document>(&text)
        .map(|d| Written::Document(Box::new(d)))
        .map_err(|source| Error::NotWritten {
            path: path.to_path_buf(),
            source,
        })
}

/// A document consolidated for the latest quarter its values are for (judged as of `as_of`).
pub fn consolidate_latest(doc: Document, config: &Config, as_of: NaiveDate) -> Consolidation {
    let period = latest_period(&doc, config, as_of);
    consolidate(doc, period, config, None)
}

#[cfg(test)]
mod tests;
