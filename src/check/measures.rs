//! Rules on measures: polarity, targets, owners, theme links and periods the rest of the return
//! reports; each series of a measure's values is judged in `series.rs`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{on, series, Context, RuleId};
use crate::schema::field::Name;
use crate::schema::Finding;

/// No dimensions: the first series of a measure in key order.
static EMPTY: BTreeMap<String, String> = BTreeMap::new();
use crate::schema::{Document, Measure, MeasureKind, Observation, PeriodKind};

pub(super) fn num(x: f64) -> String {
    crate::read::format_number((x * 1e6).round() / 1e6)
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

/// A measure's observations grouped by series (a measure and its dimensions), each in period
/// order; a snapshot's values (no period) have no series.
type Series<'a> = BTreeMap<(*const Measure, &'a BTreeMap<String, String>), Vec<&'a Observation>>;

fn series_of(doc: &Document) -> Series<'_> {
    let mut series: Series = BTreeMap::new();
    for (o, m) in doc.observations.iter().zip(owners(doc)) {
        if let (Some(m), Some(_)) = (m, o.dates()) {
            series
                .entry((m as *const Measure, &o.dimensions))
                .or_default()
                .push(o);
        }
    }
    for list in series.values_mut() {
        list.sort_by_key(|o| (o.period_start, o.period_end));
    }
    series
}

/// A sheet: (file, sheet).
type SheetKey = (String, String);

fn sheet_of(m: &Measure) -> SheetKey {
    (m.source.file.clone(), m.source.sheet.clone())
}

/// What the measure rules know of a whole document before judging each measure.
struct Sheets {
    /// Sheets where some measure has an owner (there the return has the column), and where
    /// some measure names a theme or priority.
    with_owner: BTreeSet<SheetKey>,
    with_theme: BTreeSet<SheetKey>,
    /// Periods each sheet reports, by length, for "a period the rest of the return reports".
    periods: BTreeMap<(String, String, (PeriodKind, u32)), BTreeSet<String>>,
}

impl Sheets {
    fn of(doc: &Document) -> Sheets {
        let sheets_where = |f: &dyn Fn(&Measure) -> bool| -> BTreeSet<SheetKey> {
            doc.measures.iter().filter(|m| f(m)).map(sheet_of).collect()
        };
        let mut periods: BTreeMap<_, BTreeSet<String>> = BTreeMap::new();
        for o in doc.observations.iter().filter(|o| o.actual.is_some()) {
            let (Some(kind), Some(period)) = (period_kind(o), &o.period) else {
                continue;
            };
            periods
                .entry((o.source.file.clone(), o.source.sheet.clone(), kind))
                .or_default()
                .insert(period.clone());
        }
        Sheets {
            with_owner: sheets_where(&|m| m.owner.is_some()),
            with_theme: sheets_where(&|m| m.theme.is_some() || m.priority.is_some()),
            periods,
        }
    }
}

/// Judges every measure, and each series of its values.
pub(super) fn check(cx: &Context, hits: &mut Vec<Finding>) {
    let series = series_of(cx.doc);
    let sheets = Sheets::of(cx.doc);
    let mut theme_noted = BTreeSet::new();
    for m in &cx.doc.measures {
        let lists: Vec<&Vec<&Observation>> = series
            .range((m as *const Measure, &EMPTY)..)
            .take_while(|((p, _), _)| std::ptr::eq(*p, m))
            .map(|(_, v)| v)
            .collect();
        let obs: Vec<&Observation> = lists.iter().flat_map(|v| v.iter().copied()).collect();
        let key = sheet_of(m);
        if m.kind != Some(MeasureKind::Statistic) {
            judged(m, &obs, hits);
        }
        if m.owner.is_none() && sheets.with_owner.contains(&key) {
            hits.push(on(
                m,
                RuleId::MeasureNoOwner,
                Name::Owner,
                "has no owner".into(),
            ));
        }
        if !cx.config.framework.themes.is_empty() && m.theme.is_none() && m.priority.is_none() {
            no_theme(m, &key, &sheets, &mut theme_noted, hits);
        }
        unreported_periods(m, &obs, &key, &sheets, hits);
        for list in lists {
            series::check(cx, m, list, hits);
        }
    }
}

/// `measure-no-polarity` and `measure-no-target`, on a KPI or PI.
fn judged(m: &Measure, obs: &[&Observation], hits: &mut Vec<Finding>) {
    if m.polarity.is_none() {
        hits.push(on(
            m,
            RuleId::MeasureNoPolarity,
            Name::Polarity,
            "has no polarity, so its RAG cannot be judged".into(),
        ));
    }
    if !obs.is_empty() && obs.iter().all(|o| o.target.is_none()) {
        hits.push(on(
            m,
            RuleId::MeasureNoTarget,
            Name::Target,
            "has no target for any period".into(),
        ));
    }
}

/// `no-theme-link` on a measure linked to no theme or priority; once a sheet where no measure
/// names one (the return has no theme column).
fn no_theme(
    m: &Measure,
    key: &SheetKey,
    sheets: &Sheets,
    noted: &mut BTreeSet<SheetKey>,
    hits: &mut Vec<Finding>,
) {
    if sheets.with_theme.contains(key) {
        hits.push(on(
            m,
            RuleId::NoThemeLink,
            Name::Theme,
            "is linked to no theme or priority".into(),
        ));
    } else if noted.insert(key.clone()) {
        hits.push(Finding {
            message: format!(
                "No measure in sheet '{}' is linked to a theme or priority: the return has no theme column",
                m.source.sheet
            ),
            row: None,
            cell: None,
            record_id: None,
            field: None,
            ..on(m, RuleId::NoThemeLink, Name::Theme, String::new())
        });
    }
}

/// `period-not-reported`: periods the rest of the return reports that this measure does not.
fn unreported_periods(
    m: &Measure,
    obs: &[&Observation],
    key: &SheetKey,
    sheets: &Sheets,
    hits: &mut Vec<Finding>,
) {
    let reported: BTreeSet<&str> = obs
        .iter()
        .filter(|o| o.actual.is_some())
        .filter_map(|o| o.period.as_deref())
        .collect();
    let own_kinds: BTreeSet<(PeriodKind, u32)> =
        obs.iter().filter_map(|o| period_kind(o)).collect();
    for kind in own_kinds {
        let Some(all) = sheets.periods.get(&(key.0.clone(), key.1.clone(), kind)) else {
            continue;
        };
        for p in all.iter().filter(|p| !reported.contains(p.as_str())) {
            if obs.iter().any(|o| o.period.as_ref() == Some(p)) {
                continue; // reported as missing in its series, at its cell
            }
            hits.push(on(
                m,
                RuleId::PeriodNotReported,
                Name::Id,
                format!("no value for {p}, which the rest of the return reports"),
            ));
        }
    }
}

/// How often a value is reported: its period's length, and for a year or longer the month it
/// starts in (a calendar year is not a financial year, nor a pooled span either).
pub(super) fn period_kind(o: &Observation) -> Option<(PeriodKind, u32)> {
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
