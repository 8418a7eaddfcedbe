//! Rules on one series of a measure's values (the measure and its dimensions, in period order):
//! periods with no value, percentages, the reported RAG against actual and target, jumps from
//! the previous value, statistics given a RAG, and targets changing within a year.

use std::collections::BTreeMap;

use super::measures::{num, period_kind};
use super::{on, Context, RuleId};
use crate::schema::field::Name;
use crate::schema::Finding;
use crate::schema::{compute_rag, Measure, MeasureKind, Observation, PeriodKind, Polarity, Rag};
use crate::schema::{RagSource, Unit};

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

/// The first target of each financial year (by period length), to compare later ones with.
type YearTargets<'a> = BTreeMap<(i32, (PeriodKind, u32)), (f64, &'a Observation)>;

/// Judges each value of a series in period order.
pub(super) fn check(cx: &Context, m: &Measure, obs: &[&Observation], hits: &mut Vec<Finding>) {
    let mut previous: Option<&Observation> = None;
    let mut year_targets = YearTargets::new();
    for &o in obs {
        match o.actual {
            None if o.period_end.is_some_and(|e| e < cx.as_of) => {
                hits.push(on(
                    &(m, o),
                    RuleId::PeriodNotReported,
                    Name::Actual,
                    "no value is reported".into(),
                ));
            }
            None => {}
            Some(a) => {
                percent(m, o, a, hits);
                rag(cx, m, o, a, hits);
                if let Some(p) = previous.filter(|p| period_kind(p) == period_kind(o)) {
                    jump(cx, m, p, o, a, hits);
                }
                previous = Some(o);
            }
        }
        if m.kind == Some(MeasureKind::Statistic) && o.rag_source == Some(RagSource::Reported) {
            hits.push(on(
                &(m, o),
                RuleId::StatisticWithRag,
                Name::Rag,
                "is a statistic (context only) but is given a RAG".into(),
            ));
        }
        target_change(cx, m, o, &mut year_targets, hits);
    }
}

/// `percent-out-of-range`.
fn percent(m: &Measure, o: &Observation, a: f64, hits: &mut Vec<Finding>) {
    if m.unit == Some(Unit::Percent) && !(0.0..=100.0).contains(&a) {
        hits.push(on(
            &(m, o),
            RuleId::PercentOutOfRange,
            Name::Actual,
            format!("{}% is not a percentage from 0 to 100", num(a)),
        ));
    }
}

/// `rag-mismatch`: a reported RAG on a KPI or PI that actual, target, polarity and tolerance
/// do not give.
fn rag(cx: &Context, m: &Measure, o: &Observation, a: f64, hits: &mut Vec<Finding>) {
    let judged = m.kind != Some(MeasureKind::Statistic);
    let (Some(reported), Some(RagSource::Reported), Some(t), Some(p), true) =
        (o.rag, o.rag_source, o.target, m.polarity, judged)
    else {
        return;
    };
    let tolerance = cx.config.rag_tolerance(m);
    let computed = compute_rag(a, t, p, tolerance);
    if computed != reported {
        hits.push(on(
            &(m, o),
            RuleId::RagMismatch,
            Name::Rag,
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

/// `value-jump`: a value more than the configured factor times (or under its inverse) the
/// previous value of the same period length.
fn jump(
    cx: &Context,
    m: &Measure,
    p: &Observation,
    o: &Observation,
    a: f64,
    hits: &mut Vec<Finding>,
) {
    let Some(v) = p.actual else {
        return;
    };
    let f = cx.settings.value_jump_factor;
    if v != 0.0 && a != 0.0 && v.signum() == a.signum() && (a / v > f || a / v < 1.0 / f) {
        hits.push(on(
            &(m, o),
            RuleId::ValueJump,
            Name::Actual,
            format!(
                "{} is {:.1} times the {} value of {}; check the figure and its definition",
                num(a),
                a / v,
                p.period_or_none(),
                num(v)
            ),
        ));
    }
}

/// `measure-definition-change`: a target other than the first of its year.
fn target_change<'a>(
    cx: &Context,
    m: &Measure,
    o: &'a Observation,
    year_targets: &mut YearTargets<'a>,
    hits: &mut Vec<Finding>,
) {
    let Some(t) = o.target else {
        return;
    };
    let (Some((start, _)), Some(kind)) = (o.dates(), period_kind(o)) else {
        return;
    };
    let fy = crate::values::fy_of(start, cx.config.calendar.financial_year_start_month);
    match year_targets.get(&(fy, kind)) {
        Some((first, at)) if (first - t).abs() > 1e-9 => {
            hits.push(on(
                &(m, o),
                RuleId::MeasureDefinitionChange,
                Name::Target,
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
            year_targets.insert((fy, kind), (t, o));
        }
    }
}
