//! The line of sight (the golden thread): for each theme, and within it each priority, the
//! period's measures by RAG, the delivery plan's actions by status and the open risks by band,
//! as `summary.by_theme` carries them and the Summary sheet and the site show them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ConsolidatedRisk, MeasureLine, RagCounts};
use crate::config::Config;
use crate::schema::{Action, ActionStatus, Band, MeasureKind, Rag, RiskStatus};

/// What measures, actions and risks with no theme are counted under.
pub const NO_THEME: &str = "(no theme)";

/// What those with a theme but no priority are counted under.
pub const NO_PRIORITY: &str = "(no priority)";

/// Actions by status, and how many of them are overdue.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActionCounts {
    pub not_started: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub delayed: usize,
    pub complete: usize,
    pub cancelled: usize,
    /// Actions whose tracker gives no status.
    #[serde(default)]
    pub none: usize,
    /// Actions due before the as-of date and neither complete nor cancelled (counted in their
    /// status as well).
    pub overdue: usize,
}

impl ActionCounts {
    /// Counts one action, judged overdue as of `as_of`.
    pub fn add(&mut self, a: &Action, as_of: Option<NaiveDate>) {
        let n = match a.status {
            Some(ActionStatus::NotStarted) => &mut self.not_started,
            Some(ActionStatus::OnTrack) => &mut self.on_track,
            Some(ActionStatus::AtRisk) => &mut self.at_risk,
            Some(ActionStatus::OffTrack) => &mut self.off_track,
            Some(ActionStatus::Delayed) => &mut self.delayed,
            Some(ActionStatus::Complete) => &mut self.complete,
            Some(ActionStatus::Cancelled) => &mut self.cancelled,
            None => &mut self.none,
        };
        *n += 1;
        if is_overdue(a, as_of) {
            self.overdue += 1;
        }
    }

    /// Every action counted (overdue ones are counted in their status too).
    pub fn total(&self) -> usize {
        self.not_started
            + self.on_track
            + self.at_risk
            + self.off_track
            + self.delayed
            + self.complete
            + self.cancelled
            + self.none
    }

    /// The actions needing attention: at risk, off track or delayed.
    pub fn attention(&self) -> usize {
        self.at_risk + self.off_track + self.delayed
    }

    fn merge(&mut self, o: &ActionCounts) {
        self.not_started += o.not_started;
        self.on_track += o.on_track;
        self.at_risk += o.at_risk;
        self.off_track += o.off_track;
        self.delayed += o.delayed;
        self.complete += o.complete;
        self.cancelled += o.cancelled;
        self.none += o.none;
        self.overdue += o.overdue;
    }
}

/// Whether an action is overdue as of `as_of`: due before it, and neither complete nor
/// cancelled. Without an as-of date nothing is.
pub fn is_overdue(a: &Action, as_of: Option<NaiveDate>) -> bool {
    matches!((a.due, as_of), (Some(due), Some(today)) if due < today)
        && !a.status.is_some_and(ActionStatus::is_closed)
}

/// Open risks by current band.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BandCounts {
    pub low: usize,
    pub medium: usize,
    pub high: usize,
    pub very_high: usize,
    /// Open risks with no rating.
    #[serde(default)]
    pub none: usize,
}

impl BandCounts {
    pub fn add(&mut self, band: Option<Band>) {
        match band {
            Some(Band::Low) => self.low += 1,
            Some(Band::Medium) => self.medium += 1,
            Some(Band::High) => self.high += 1,
            Some(Band::VeryHigh) => self.very_high += 1,
            None => self.none += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.low + self.medium + self.high + self.very_high + self.none
    }

    /// The count of a band (`None`: not rated).
    pub fn of(&self, band: Option<Band>) -> usize {
        match band {
            Some(Band::Low) => self.low,
            Some(Band::Medium) => self.medium,
            Some(Band::High) => self.high,
            Some(Band::VeryHigh) => self.very_high,
            None => self.none,
        }
    }

    fn merge(&mut self, o: &BandCounts) {
        self.low += o.low;
        self.medium += o.medium;
        self.high += o.high;
        self.very_high += o.very_high;
        self.none += o.none;
    }
}

/// Measures, actions and risks of one theme or priority.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThreadCounts {
    /// The period's measures by RAG (statistics and measures with no target under `none`).
    pub measures: RagCounts,
    pub actions: ActionCounts,
    /// Open risks by current band.
    pub risks: BandCounts,
}

impl ThreadCounts {
    /// Adds another's counts to these.
    pub fn add(&mut self, o: &ThreadCounts) {
        let m = &mut self.measures;
        m.red += o.measures.red;
        m.amber += o.measures.amber;
        m.green += o.measures.green;
        m.none += o.measures.none;
        self.actions.merge(&o.actions);
        self.risks.merge(&o.risks);
    }
}

/// A priority within a theme.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct PriorityLine {
    pub priority: String,
    #[serde(flatten)]
    pub counts: ThreadCounts,
}

/// A theme: its counts (the sum of its priorities') and its priorities.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct ThemeLine {
    pub theme: String,
    #[serde(flatten)]
    pub counts: ThreadCounts,
    pub priorities: Vec<PriorityLine>,
}

/// A theme or priority as it is counted: trimmed, nothing for empty text.
pub fn named(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The order themes and priorities are listed in: the configured themes and each one's
/// priorities in their configured order, then others alphabetically, then none.
pub struct Order<'a> {
    config: &'a Config,
}

impl<'a> Order<'a> {
    pub fn new(config: &'a Config) -> Order<'a> {
        Order { config }
    }

    /// The sort key of a theme.
    pub fn theme(&self, theme: Option<&str>) -> (usize, String) {
        let themes = self.config.framework.themes.iter().map(|t| t.name.as_str());
        rank(themes, theme)
    }

    /// The sort key of a priority within a theme.
    pub fn priority(&self, theme: Option<&str>, priority: Option<&str>) -> (usize, String) {
        let theme = named(theme);
        let priorities = self
            .config
            .framework
            .themes
            .iter()
            .filter(|t| Some(t.name.trim()) == theme)
            .flat_map(|t| t.priorities.iter().map(String::as_str));
        rank(priorities, priority)
    }
}

fn rank<'a>(order: impl Iterator<Item = &'a str>, name: Option<&str>) -> (usize, String) {
    match named(name) {
        None => (usize::MAX, String::new()),
        Some(n) => {
            let mut order = order;
            match order.position(|o| o.trim().eq_ignore_ascii_case(n)) {
                Some(i) => (i, String::new()),
                None => (usize::MAX - 1, n.to_lowercase()),
            }
        }
    }
}

/// The RAG a measure line counts under for the period: `None` when it has no value for the
/// period (not counted), `Some(None)` for no RAG (statistics are never judged).
pub fn period_rag(l: &MeasureLine) -> Option<Option<Rag>> {
    l.period.as_ref()?;
    Some(if l.kind == Some(MeasureKind::Statistic) {
        None
    } else {
        l.rag
    })
}

/// The line of sight of a consolidation's measures, risks and actions.
pub fn by_theme(
    lines: &[MeasureLine],
    risks: &[ConsolidatedRisk],
    actions: &[Action],
    as_of: Option<NaiveDate>,
    config: &Config,
) -> Vec<ThemeLine> {
    type Key = (Option<String>, Option<String>);
    let mut cells: BTreeMap<Key, ThreadCounts> = BTreeMap::new();
    let at = |theme: &Option<String>, priority: &Option<String>| -> Key {
        let own = |s: &Option<String>| named(s.as_deref()).map(String::from);
        (own(theme), own(priority))
    };
    for l in lines {
        if let Some(rag) = period_rag(l) {
            let k = at(&l.theme, &l.priority);
            cells.entry(k).or_default().measures.add(rag);
        }
    }
    for r in risks.iter().filter(|r| r.risk.status == RiskStatus::Open) {
        let k = at(&r.risk.theme, &r.risk.priority);
        cells.entry(k).or_default().risks.add(r.risk.rating);
    }
    for a in actions {
        let k = at(&a.theme, &a.priority);
        cells.entry(k).or_default().actions.add(a, as_of);
    }
    let order = Order::new(config);
    let mut themes: Vec<ThemeLine> = Vec::new();
    let mut keys: Vec<(Key, ThreadCounts)> = cells.into_iter().collect();
    keys.sort_by_cached_key(|((t, p), _)| {
        (
            order.theme(t.as_deref()),
            t.clone(),
            order.priority(t.as_deref(), p.as_deref()),
        )
    });
    for ((theme, priority), counts) in keys {
        let name = theme.unwrap_or_else(|| NO_THEME.into());
        if themes.last().is_none_or(|t| t.theme != name) {
            themes.push(ThemeLine {
                theme: name,
                ..Default::default()
            });
        }
        let Some(t) = themes.last_mut() else { continue };
        t.counts.add(&counts);
        t.priorities.push(PriorityLine {
            priority: priority.unwrap_or_else(|| NO_PRIORITY.into()),
            counts,
        });
    }
    themes
}

/// Actions in the order the delivery plan lists them: by theme, then priority (see [`Order`]),
/// each tracker's order kept within a priority.
pub fn order_actions(actions: &mut [Action], config: &Config) {
    let order = Order::new(config);
    actions.sort_by_cached_key(|a| {
        (
            order.theme(a.theme.as_deref()),
            order.priority(a.theme.as_deref(), a.priority.as_deref()),
        )
    });
}

#[cfg(test)]
#[path = "thread_tests.rs"]
pub(crate) mod tests;
