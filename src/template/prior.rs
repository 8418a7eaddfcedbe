//! What a template is for, worked out once ([`Ctx`]): the directorate, the period, and the
//! open risks and measures a previous return or consolidation carries into it.

use std::collections::{BTreeMap, HashMap};

use super::{Error, Prior, TemplateKind, TemplateOptions};
use crate::config::{fold, Config};
use crate::schema::{Action, Measure, Observation, Period, Risk, RiskStatus};

/// What the template is for, worked out once.
pub(super) struct Ctx<'a> {
    pub(super) kind: TemplateKind,
    pub(super) directorate: Option<String>,
    pub(super) period: Option<&'a Period>,
    pub(super) council: Option<&'a str>,
    pub(super) fy_start: u32,
    pub(super) risks: Vec<Risk>,
    pub(super) measures: Vec<PriorMeasure>,
    /// The directorate's open actions, for an action-plan template.
    pub(super) actions: Vec<Action>,
}

/// A measure from the prior, with its latest target and value.
pub(super) struct PriorMeasure {
    pub(super) measure: Measure,
    pub(super) target: Option<f64>,
    pub(super) previous: Option<(f64, String)>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(kind: TemplateKind, opts: &'a TemplateOptions, config: &'a Config) -> Self {
        let directorate = opts
            .directorate
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| config.match_directorate(d).unwrap_or(d).to_string());
        let (risks, measures, actions) = match &opts.prior {
            Some(prior) => (
                prior_risks(prior, directorate.as_deref(), config),
                prior_measures(prior, directorate.as_deref(), opts.period.as_ref(), config),
                prior_actions(prior, directorate.as_deref(), config),
            ),
            None => (Vec::new(), Vec::new(), Vec::new()),
        };
        Ctx {
            kind,
            directorate,
            period: opts.period.as_ref(),
            council: config
                .framework
                .council
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty()),
            fy_start: config.calendar.financial_year_start_month,
            risks,
            measures,
            actions,
        }
    }
}

impl Prior {
    /// The directorates the prior's risks and measures name, in order.
    pub fn directorates(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let named = self
            .risks
            .iter()
            .map(|r| r.directorate.as_deref())
            .chain(self.measures.iter().map(|m| m.directorate.as_deref()))
            .chain(self.actions.iter().map(|a| a.directorate.as_deref()));
        for d in named.flatten() {
            if !seen.iter().any(|s| s == d) {
                seen.push(d.to_string());
            }
        }
        seen.sort();
        seen
    }

    /// Checks that the prior holds records of the directorate `wanted` (by name, alias or
    /// folded spelling) when it names directorates at all.
    ///
    /// # Errors
    /// [`Error::UnknownDirectorate`], naming the directorates the prior does hold.
    pub fn check_directorate(&self, wanted: &str, config: &Config) -> Result<(), Error> {
        let known = self.directorates();
        if known.is_empty()
            || known
                .iter()
                .any(|d| same_directorate(Some(d), wanted, config))
        {
            return Ok(());
        }
        Err(Error::UnknownDirectorate {
            wanted: wanted.to_string(),
            known,
        })
    }
}

/// Whether a record's directorate is the one wanted (by name, alias or folded spelling).
pub(super) fn same_directorate(record: Option<&str>, wanted: &str, config: &Config) -> bool {
    let Some(r) = record else { return false };
    if fold(r) == fold(wanted) {
        return true;
    }
    match (
        config.match_directorate(r),
        config.match_directorate(wanted),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The prior's open risks of the directorate, one per reference (the latest review wins).
pub(super) fn prior_risks(prior: &Prior, directorate: Option<&str>, config: &Config) -> Vec<Risk> {
    let any_directorate = prior.risks.iter().any(|r| r.directorate.is_some());
    let mut out: Vec<Risk> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in &prior.risks {
        if r.status == RiskStatus::Closed {
            continue;
        }
        if let Some(d) = directorate {
            if any_directorate && !same_directorate(r.directorate.as_deref(), d, config) {
                continue;
            }
        }
        match index.get(&r.id) {
            Some(&i) => {
                if r.last_reviewed >= out[i].last_reviewed {
                    out[i] = r.clone();
                }
            }
            None => {
                index.insert(r.id.clone(), out.len());
                out.push(r.clone());
            }
        }
    }
    out
}

/// The prior's open actions of the directorate (not complete, not cancelled), one per
/// reference: where a reference comes twice, the latest period's.
pub(super) fn prior_actions(
    prior: &Prior,
    directorate: Option<&str>,
    config: &Config,
) -> Vec<Action> {
    let any_directorate = prior.actions.iter().any(|a| a.directorate.is_some());
    let mut out: Vec<Action> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for a in &prior.actions {
        if a.status.is_some_and(|s| s.is_closed()) {
            continue;
        }
        if let Some(d) = directorate {
            if any_directorate && !same_directorate(a.directorate.as_deref(), d, config) {
                continue;
            }
        }
        match index.get(&a.id) {
            Some(&i) if a.period >= out[i].period => out[i] = a.clone(),
            Some(_) => {}
            None => {
                index.insert(a.id.clone(), out.len());
                out.push(a.clone());
            }
        }
    }
    out
}

/// The prior's measures of the directorate, one per reference, with the latest target and the
/// latest value before the period.
pub(super) fn prior_measures(
    prior: &Prior,
    directorate: Option<&str>,
    period: Option<&Period>,
    config: &Config,
) -> Vec<PriorMeasure> {
    let any_directorate = prior.measures.iter().any(|m| m.directorate.is_some());
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, Vec<&Measure>> = BTreeMap::new();
    for m in &prior.measures {
        if let Some(d) = directorate {
            if any_directorate && !same_directorate(m.directorate.as_deref(), d, config) {
                continue;
            }
        }
        let list = by_id.entry(m.id.clone()).or_default();
        if list.is_empty() {
            order.push(m.id.clone());
        }
        list.push(m);
    }
    order
        .into_iter()
        .map(|id| {
            let defs = &by_id[&id];
            let files: Vec<&str> = defs.iter().map(|m| m.source.file.as_str()).collect();
            let mut obs: Vec<&Observation> = prior
                .observations
                .iter()
                .filter(|o| o.measure_id == id && files.contains(&o.source.file.as_str()))
                .collect();
            if obs.is_empty() && !any_directorate {
                obs = prior
                    .observations
                    .iter()
                    .filter(|o| o.measure_id == id)
                    .collect();
            }
            obs.sort_by_key(|o| (o.period_end, o.period_start));
            // The target of a period holding the template's (a year's, for a quarter), else the
            // latest stated by then.
            let holding = |o: &&&Observation| {
                period
                    .is_some_and(|p| o.period_start <= Some(p.start) && o.period_end >= Some(p.end))
            };
            let target = obs
                .iter()
                .filter(holding)
                .min_by_key(|o| o.period_end.zip(o.period_start).map(|(e, s)| e - s))
                .and_then(|o| o.target)
                .or_else(|| {
                    obs.iter()
                        .rev()
                        .filter(|o| period.is_none_or(|p| o.period_end <= Some(p.end)))
                        .find_map(|o| o.target)
                });
            let previous = obs
                .iter()
                .rev()
                .filter(|o| period.is_none_or(|p| o.period_end < Some(p.start)))
                .find_map(|o| o.actual.map(|a| (a, o.period_or_none().to_string())));
            // The definition from the return with the latest value; gaps filled from the others.
            let latest_file = obs.last().map(|o| o.source.file.as_str());
            let mut measure = defs
                .iter()
                .rev()
                .find(|m| Some(m.source.file.as_str()) == latest_file)
                .or(defs.last())
                .map(|m| (*m).clone())
                .unwrap_or_default();
            for other in defs.iter().rev() {
                measure.title = measure.title.or_else(|| other.title.clone());
                measure.kind = measure.kind.or(other.kind);
                measure.unit = measure.unit.or(other.unit);
                measure.polarity = measure.polarity.or(other.polarity);
                measure.theme = measure.theme.or_else(|| other.theme.clone());
                measure.owner = measure.owner.or_else(|| other.owner.clone());
            }
            PriorMeasure {
                measure,
                target,
                previous,
            }
        })
        .collect()
}
