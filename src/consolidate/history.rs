//! The two-year series: earlier quarters' returns (folders or files, read as the returns are)
//! or the consolidation JSONs goldthread wrote give each measure on the report the values of
//! the quarters before this one, and its direction of travel against the same quarter last
//! year as well as against the last period.
//!
//! The current returns win: a past value they also hold is kept as they give it, and a
//! different value in the history is reported as restated (`history-restated`).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::{Months, NaiveDate};

use crate::config::Config;
use crate::normalise::Options;
use crate::schema::field::Name;
use crate::schema::{
    compute_direction, Direction, Finding, Measure, Observation, Period, PeriodKind, Principle,
    Severity,
};

use super::{key, Consolidation, Error, MeasureLine, Point};

/// The quarters of the two-year series: this one and the seven before it.
pub const QUARTERS: usize = 8;

/// One past value of a measure.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryPoint {
    /// `directorate / reference`, as the report keys its measures.
    pub key: String,
    pub measure_id: String,
    pub directorate: Option<String>,
    pub period: String,
    pub end: NaiveDate,
    pub actual: f64,
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub cell: Option<String>,
}

/// Past values, from earlier returns or consolidations, in the order given.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct History {
    pub points: Vec<HistoryPoint>,
}

impl History {
    /// Reads each path: a consolidation or normalised JSON goldthread wrote, else returns (a
    /// folder or files) read as the current ones are, with the catalogue but no `--period`.
    ///
    /// # Errors
    /// The errors of [`super::read_json`] for a JSON that is not goldthread's, or
    /// [`Error::NoHistory`] for a path that holds no returns.
    pub fn load(paths: &[PathBuf], opts: &Options) -> Result<History, Error> {
        let plain = Options {
            period: None,
            ..opts.clone()
        };
        let mut h = History::default();
        for path in paths {
            let is_json = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            if is_json {
                match super::read_json(path)? {
                    super::Written::Consolidation(c) => h.add(&c.measures, &c.observations),
                    super::Written::Document(d) => h.add(&d.measures, &d.observations),
                }
                continue;
            }
            let doc = crate::normalise::normalise_paths(std::slice::from_ref(path), &plain);
            if doc.files.iter().all(|f| f.status == "failed") {
                return Err(Error::NoHistory(path.clone()));
            }
            h.add(&doc.measures, &doc.observations);
        }
        Ok(h)
    }

    /// The values of a measure's own series (no dimensions), keyed as the report keys them.
    fn add(&mut self, measures: &[Measure], observations: &[Observation]) {
        let dir: HashMap<(&str, &str), Option<&str>> = measures
            .iter()
            .map(|m| {
                (
                    (m.source.file.as_str(), m.id.as_str()),
                    m.directorate.as_deref(),
                )
            })
            .collect();
        for o in observations.iter().filter(|o| o.dimensions.is_empty()) {
            let (Some(actual), Some((_, end)), Some(period)) =
                (o.actual, o.dates(), o.period.as_deref())
            else {
                continue;
            };
            let d = dir
                .get(&(o.source.file.as_str(), o.measure_id.as_str()))
                .copied()
                .flatten();
            self.points.push(HistoryPoint {
                key: key(d, &o.measure_id),
                measure_id: o.measure_id.clone(),
                directorate: d.map(str::to_string),
                period: period.to_string(),
                end,
                actual,
                file: o.source.file.clone(),
                sheet: o.source.sheet.clone(),
                row: o.source.row,
                cell: o.cells.get(Name::Actual).or_else(|| o.source.cell.clone()),
            });
        }
    }
}

fn restated(p: &HistoryPoint, now: f64) -> Finding {
    let num = crate::read::format_number;
    Finding {
        severity: Severity::Warning,
        principle: Principle::Reliability,
        rule: "history-restated".into(),
        message: format!(
            "Measure {} {}: {} gave {}, the returns now give {}; the report uses {}",
            p.measure_id,
            p.period,
            p.file,
            num(p.actual),
            num(now),
            num(now)
        ),
        file: p.file.clone(),
        sheet: Some(p.sheet.clone()).filter(|s| !s.is_empty()),
        row: Some(p.row).filter(|r| *r > 0),
        cell: p.cell.clone(),
        record_id: Some(p.measure_id.clone()),
        field: Some(Name::Actual.to_string()),
        directorate: p.directorate.clone(),
    }
}

/// Adds the history's values to each measure's series (the current returns' values win; a
/// history that differs is a finding), orders each series, and sets each measure's directions.
pub fn apply(c: &mut Consolidation, h: &History, config: &Config) {
    let fy = config.calendar.financial_year_start_month;
    let mut by_key: HashMap<&str, Vec<&HistoryPoint>> = HashMap::new();
    for p in h.points.iter().filter(|p| p.end <= c.period.end) {
        by_key.entry(p.key.as_str()).or_default().push(p);
    }
    let mut findings = Vec::new();
    let mut told = HashSet::new();
    for l in &mut c.performance {
        let k = key(l.directorate.as_deref(), &l.measure_id);
        for p in by_key.get(k.as_str()).into_iter().flatten() {
            match l.series.iter_mut().find(|s| s.period == p.period) {
                None => l.series.push(Point {
                    period: p.period.clone(),
                    actual: Some(p.actual),
                }),
                Some(s) => match s.actual {
                    None => s.actual = Some(p.actual),
                    Some(now) if (now - p.actual).abs() > 1e-9 * now.abs().max(1.0) => {
                        if told.insert((k.clone(), p.period.clone(), p.actual.to_bits())) {
                            findings.push(restated(p, now));
                        }
                    }
                    Some(_) => {}
                },
            }
        }
        l.series.sort_by_cached_key(|s| {
            crate::values::parse_period(&s.period, fy, None)
                .map(|p| (p.start, std::cmp::Reverse(p.end)))
        });
        directions(l, fy);
    }
    c.findings.extend(findings);
    c.summary.findings = c.findings.len();
}

/// How many months a period of a kind spans, for the one before it and a year before.
fn months(kind: PeriodKind) -> Option<u32> {
    match kind {
        PeriodKind::Month => Some(1),
        PeriodKind::Quarter => Some(3),
        PeriodKind::Half => Some(6),
        PeriodKind::Year => Some(12),
        PeriodKind::Span => None,
    }
}

/// The series' value for the period of the same kind starting `back` months before `now`.
fn value_before(l: &MeasureLine, now: &Period, back: u32, fy: u32) -> Option<f64> {
    let start = now.start.checked_sub_months(Months::new(back))?;
    l.series
        .iter()
        .find(|s| {
            crate::values::parse_period(&s.period, fy, None)
                .is_some_and(|p| p.kind == now.kind && p.start == start)
        })
        .and_then(|s| s.actual)
}

/// The direction against the same period last year (`direction_year`), and against the last
/// period where the return gave none.
pub fn directions(l: &mut MeasureLine, fy: u32) {
    let (Some(polarity), Some(actual), Some(label)) = (l.polarity, l.actual, l.period.as_deref())
    else {
        return;
    };
    let Some(now) = crate::values::parse_period(label, fy, None) else {
        return;
    };
    let Some(span) = months(now.kind) else {
        return;
    };
    let direction = |before: Option<f64>| -> Option<Direction> {
        before.map(|b| compute_direction(b, actual, polarity))
    };
    l.direction_year = direction(value_before(l, &now, 12, fy));
    if l.direction.is_none() {
        l.direction = direction(value_before(l, &now, span, fy));
    }
}

/// The history a run reads: none when no path is given.
///
/// # Errors
/// As [`History::load`].
pub fn load_for(paths: &[PathBuf], opts: &Options) -> Result<Option<History>, Error> {
    if paths.is_empty() {
        return Ok(None);
    }
    History::load(paths, opts).map(Some)
}
