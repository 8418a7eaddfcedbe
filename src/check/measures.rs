//! Rules on measures and their observations: reported RAG against actual and target,
//! percentages, targets, owners, polarity, missing periods, jumps, statistics judged as KPIs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{Hit, Settings};

/// No dimensions: the first series of a measure in key order.
static EMPTY: BTreeMap<String, String> = BTreeMap::new();
use crate::config::Config;
use crate::schema::{compute_rag, Document};
use crate::schema::{
    Measure, MeasureKind, Observation, PeriodKind, Polarity, Rag, RagSource, Unit,
};

fn num(x: f64) -> String {
    crate::read::format_number((x * 1e6).round() / 1e6)
}

fn measure_hit(m: &Measure, rule: &'static str, field: &str, message: String) -> Hit {
    Hit {
        rule,
        message: format!("Measure {}: {message}", m.id),
        file: m.source.file.clone(),
        sheet: Some(m.source.sheet.clone()),
        row: Some(m.source.row),
        cell: m.cells.get(field),
        record_id: Some(m.id.clone()),
        field: Some(field.to_string()),
        directorate: m.directorate.clone(),
    }
}

fn obs_hit(m: &Measure, o: &Observation, rule: &'static str, field: &str, message: String) -> Hit {
    Hit {
        rule,
        message: format!("Measure {} {}: {message}", m.id, o.period_or_none()),
        file: o.source.file.clone(),
        sheet: Some(o.source.sheet.clone()),
        row: Some(o.source.row),
        cell: o.cells.get(field).or_else(|| o.source.cell.clone()),
        record_id: Some(m.id.clone()),
        field: Some(field.to_string()),
        directorate: m.directorate.clone(),
    }
}

fn rag_word(r: Rag) -> &'static str {
    match r {
        Rag::Red => "red",
        Rag::Amber => "amber",
        Rag::Green => "green",
    }
}

fn polarity_words(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "higher is better",
        Polarity::LowerIsBetter => "lower is better",
    }
}

/// The measure each observation belongs to: same file, sheet and reference, and the row of the
/// measure at or above the observation's (long returns repeat the reference on later rows).
fn owners(doc: &Document) -> Vec<Option<&Measure>> {
    let mut by_key: HashMap<(&str, &str, &str), Vec<&Measure>> = HashMap::new();
    for m in &doc.measures {
        by_key
            .entry((&m.source.file, &m.source.sheet, &m.id))
            .or_default()
            .push(m);
    }
    doc.observations
        .iter()
        .map(|o| {
            let list = by_key.get(&(
                o.source.file.as_str(),
                o.source.sheet.as_str(),
                o.measure_id.as_str(),
            ))?;
            list.iter()
                .rev()
                .find(|m| m.source.row <= o.source.row)
                .or(list.first())
                .copied()
        })
        .collect()
}

pub(super) fn check(
    doc: &Document,
    config: &Config,
    settings: &Settings,
    as_of: NaiveDate,
    hits: &mut Vec<Hit>,
) {
    let owner_of = owners(doc);
    let judged = |m: &Measure| m.kind != Some(MeasureKind::Statistic);
    let sheet_of = |m: &Measure| (m.source.file.clone(), m.source.sheet.clone());
    let with_owner: BTreeSet<_> = doc
        .measures
        .iter()
        .filter(|m| m.owner.is_some())
        .map(sheet_of)
        .collect();
    let with_theme: BTreeSet<_> = doc
        .measures
        .iter()
        .filter(|m| m.theme.is_some() || m.priority.is_some())
        .map(sheet_of)
        .collect();
    let mut theme_noted = BTreeSet::new();

    // Observations per series (a measure and its dimensions), in period order; a snapshot's
    // values (no period) have no series.
    let mut series: BTreeMap<(*const Measure, &BTreeMap<String, String>), Vec<&Observation>> =
        BTreeMap::new();
    for (o, m) in doc.observations.iter().zip(&owner_of) {
        if let (Some(m), Some(_)) = (m, o.dates()) {
            series
                .entry((*m as *const Measure, &o.dimensions))
                .or_default()
                .push(o);
        }
    }
    for list in series.values_mut() {
        list.sort_by_key(|o| (o.period_start, o.period_end));
    }
    // Periods each sheet reports, by length, for "a period the rest of the return reports".
    let mut sheet_periods: BTreeMap<(String, String, (PeriodKind, u32)), BTreeSet<String>> =
        BTreeMap::new();
    for o in doc.observations.iter().filter(|o| o.actual.is_some()) {
        let (Some(kind), Some(period)) = (period_kind(o), &o.period) else {
            continue;
        };
        sheet_periods
            .entry((o.source.file.clone(), o.source.sheet.clone(), kind))
            .or_default()
            .insert(period.clone());
    }

    for m in &doc.measures {
        let lists: Vec<&Vec<&Observation>> = series
            .range((m as *const Measure, &EMPTY)..)
            .take_while(|((p, _), _)| *p == m as *const Measure)
            .map(|(_, v)| v)
            .collect();
        let all: Vec<&Observation> = lists.iter().flat_map(|v| v.iter().copied()).collect();
        let obs: &[&Observation] = &all;
        let key = sheet_of(m);
        if judged(m) {
            if m.polarity.is_none() {
                hits.push(measure_hit(
                    m,
                    "measure-no-polarity",
                    "polarity",
                    "has no polarity, so its RAG cannot be judged".into(),
                ));
            }
            if !obs.is_empty() && obs.iter().all(|o| o.target.is_none()) {
                hits.push(measure_hit(
                    m,
                    "measure-no-target",
                    "target",
                    "has no target for any period".into(),
                ));
            }
        }
        if m.owner.is_none() && with_owner.contains(&key) {
            hits.push(measure_hit(
                m,
                "measure-no-owner",
                "owner",
                "has no owner".into(),
            ));
        }
        if !config.framework.themes.is_empty() && m.theme.is_none() && m.priority.is_none() {
            if with_theme.contains(&key) {
                hits.push(measure_hit(
                    m,
                    "no-theme-link",
                    "theme",
                    "is linked to no theme or priority".into(),
                ));
            } else if theme_noted.insert(key.clone()) {
                hits.push(Hit {
                    message: format!(
                        "No measure in sheet '{}' is linked to a theme or priority: the return has no theme column",
                        m.source.sheet
                    ),
                    row: None,
                    cell: None,
                    record_id: None,
                    field: None,
                    ..measure_hit(m, "no-theme-link", "theme", String::new())
                });
            }
        }
        // Periods the rest of the return reports that this measure does not.
        let reported: BTreeSet<&str> = obs
            .iter()
            .filter(|o| o.actual.is_some())
            .filter_map(|o| o.period.as_deref())
            .collect();
        let own_kinds: BTreeSet<(PeriodKind, u32)> =
            obs.iter().filter_map(|o| period_kind(o)).collect();
        for kind in own_kinds {
            let Some(all) = sheet_periods.get(&(key.0.clone(), key.1.clone(), kind)) else {
                continue;
            };
            for p in all.iter().filter(|p| !reported.contains(p.as_str())) {
                if obs.iter().any(|o| o.period.as_ref() == Some(p)) {
                    continue; // reported as missing below, at its cell
                }
                hits.push(measure_hit(
                    m,
                    "period-not-reported",
                    "id",
                    format!("no value for {p}, which the rest of the return reports"),
                ));
            }
        }
        for list in lists {
            check_series(m, list, settings, config, as_of, hits);
        }
    }
}

/// How often a value is reported: its period's length, and for a year or longer the month it
/// starts in (a calendar year is not a financial year, nor a pooled span either).
fn period_kind(o: &Observation) -> Option<(PeriodKind, u32)> {
    use chrono::Datelike;
    let (start, end) = o.dates()?;
    Some(match (end - start).num_days() {
        0..=31 => (PeriodKind::Month, 0),
        32..=92 => (PeriodKind::Quarter, 0),
        93..=184 => (PeriodKind::Half, 0),
        185..=366 => (PeriodKind::Year, start.month()),
        _ => (PeriodKind::Span, start.month()),
    })
}

fn check_series(
    m: &Measure,
    obs: &[&Observation],
    settings: &Settings,
    config: &Config,
    as_of: NaiveDate,
    hits: &mut Vec<Hit>,
) {
    let tolerance = config.performance.rag_tolerance_percent;
    let judged = m.kind != Some(MeasureKind::Statistic);
    let mut previous: Option<&Observation> = None;
    let mut year_targets: BTreeMap<(i32, (PeriodKind, u32)), (f64, &Observation)> = BTreeMap::new();
    for o in obs {
        match o.actual {
            None if o.period_end.is_some_and(|e| e < as_of) => {
                hits.push(obs_hit(
                    m,
                    o,
                    "period-not-reported",
                    "actual",
                    "no value is reported".into(),
                ));
            }
            None => {}
            Some(a) => {
                if m.unit == Some(Unit::Percent) && !(0.0..=100.0).contains(&a) {
                    hits.push(obs_hit(
                        m,
                        o,
                        "percent-out-of-range",
                        "actual",
                        format!("{}% is not a percentage from 0 to 100", num(a)),
                    ));
                }
                if let (Some(reported), Some(RagSource::Reported), Some(t), Some(p), true) =
                    (o.rag, o.rag_source, o.target, m.polarity, judged)
                {
                    let computed = compute_rag(a, t, p, tolerance);
                    if computed != reported {
                        hits.push(obs_hit(
                            m,
                            o,
                            "rag-mismatch",
                            "rag",
                            format!(
                                "reported {} but {} against a target of {} ({}, {}% tolerance) is {}",
                                rag_word(reported),
                                num(a),
                                num(t),
                                polarity_words(p),
                                num(tolerance),
                                rag_word(computed)
                            ),
                        ));
                    }
                }
                let same_length = |p: &Observation| period_kind(p) == period_kind(o);
                if let Some(prev) = previous
                    .filter(|p| same_length(p))
                    .and_then(|p| p.actual.map(|v| (p, v)))
                {
                    let (p, v) = prev;
                    let f = settings.value_jump_factor;
                    if v != 0.0
                        && a != 0.0
                        && v.signum() == a.signum()
                        && (a / v > f || a / v < 1.0 / f)
                    {
                        hits.push(obs_hit(
                            m,
                            o,
                            "value-jump",
                            "actual",
                            format!("{} is {:.1} times the {} value of {}; check the figure and its definition", num(a), a / v, p.period_or_none(), num(v)),
                        ));
                    }
                }
                previous = Some(o);
            }
        }
        if m.kind == Some(MeasureKind::Statistic) && o.rag_source == Some(RagSource::Reported) {
            hits.push(obs_hit(
                m,
                o,
                "statistic-with-rag",
                "rag",
                "is a statistic (context only) but is given a RAG".into(),
            ));
        }
        if let Some(t) = o.target {
            let (Some((start, _)), Some(kind)) = (o.dates(), period_kind(o)) else {
                continue;
            };
            let fy = crate::values::fy_of(start, config.calendar.financial_year_start_month);
            let key = (fy, kind);
            match year_targets.get(&key) {
                Some((first, at)) if (first - t).abs() > 1e-9 => {
                    hits.push(obs_hit(
                        m,
                        o,
                        "measure-definition-change",
                        "target",
                        format!(
                            "target is {} but was {} for {} in the same year",
                            num(t),
                            num(*first),
                            at.period_or_none()
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    year_targets.insert(key, (t, o));
                }
            }
        }
    }
}
