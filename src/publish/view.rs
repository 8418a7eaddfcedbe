//! What each page shows, built from the consolidation: the same values feed the HTML and the
//! page's CSV and JSON downloads.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::consolidate::benchmark::MeasureBenchmark;
use crate::consolidate::{Consolidation, MeasureLine, Point};
use crate::schema::{Band, Direction, MeasureKind, PeriodKind, Polarity, Rag, RiskStatus, Unit};

use super::chart::Chart;
use super::plan::{action_view, ActionView, PlanCounts};
use super::{Audience, Settings};

/// A RAG (or its absence) in words and by shape, for people who cannot tell the colours apart.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct RagView {
    /// `red`, `amber`, `green` or `none`: the class (colour and shape) on the page.
    pub key: &'static str,
    /// "Red", "Amber", "Green", "No RAG".
    pub word: &'static str,
    /// What it means: "off target", "close to target", "on target".
    pub meaning: &'static str,
}

pub fn rag_view(rag: Option<Rag>) -> RagView {
    let (key, word, meaning) = match rag {
        Some(Rag::Red) => ("red", Rag::Red.label(), "off target"),
        Some(Rag::Amber) => ("amber", Rag::Amber.label(), "close to target"),
        Some(Rag::Green) => ("green", Rag::Green.label(), "on target"),
        None => ("none", "No rating", "no target or no value to judge"),
    };
    RagView { key, word, meaning }
}

/// One value of a measure's series.
#[derive(Serialize, Clone, Debug)]
pub struct PointView {
    pub period: String,
    pub actual: Option<f64>,
    /// The value with its unit: "87.2%", "£171,250", "29.2 days".
    pub text: String,
}

/// A measure on a theme page.
#[derive(Serialize, Clone, Debug)]
pub struct MeasureView {
    /// The id of its section on the theme page (unique within the page).
    pub anchor: String,
    pub reference: String,
    pub title: String,
    pub directorate: Option<String>,
    pub service: Option<String>,
    pub theme: String,
    pub kind: Option<&'static str>,
    pub unit: Option<Unit>,
    pub polarity: Option<&'static str>,
    /// Shown only to the internal audience.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub period: Option<String>,
    pub actual: Option<f64>,
    pub actual_text: String,
    pub target: Option<f64>,
    pub target_text: String,
    pub rag: RagView,
    pub direction: &'static str,
    /// `up`, `down`, `level` or `none`: the arrow shown beside the words.
    pub arrow: &'static str,
    pub commentary: Option<String>,
    /// How the council compares with its comparator group, in words, when benchmarked.
    pub benchmark: Option<String>,
    pub series: Vec<PointView>,
    /// The values the chart draws and its table lists: one kind of period.
    pub chart_series: Vec<PointView>,
    /// The chart's text alternative.
    pub chart_alt: String,
    /// The chart (SVG built and escaped by [`Chart`]); none when there is no value. Left out
    /// of the downloads.
    pub chart: Option<String>,
    /// The theme page holding it, with its anchor (for links from the home page).
    pub href: String,
}

/// A theme's page.
#[derive(Serialize, Clone, Debug)]
pub struct ThemeView {
    pub name: String,
    /// The page's file name without extension: `theme-helping-people`.
    pub page: String,
    pub counts: Counts,
    /// The measures by RAG: red, amber, green, none (empty groups left out).
    pub groups: Vec<RagGroup>,
    pub measures: Vec<MeasureView>,
    /// The delivery plan's progress on the theme; none when it has no actions.
    pub plan: Option<PlanCounts>,
    pub actions: Vec<ActionView>,
}

/// The measures of one RAG within a theme (links on the home page).
#[derive(Serialize, Clone, Debug)]
pub struct RagGroup {
    pub rag: RagView,
    pub measures: Vec<GroupItem>,
}

#[derive(Serialize, Clone, Debug)]
pub struct GroupItem {
    pub title: String,
    pub href: String,
    pub actual_text: String,
    pub direction: &'static str,
}

/// RAG and direction-of-travel counts.
#[derive(Serialize, Clone, Copy, Debug, Default)]
pub struct Counts {
    pub measures: usize,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub none: usize,
    pub improving: usize,
    pub worsening: usize,
    pub no_change: usize,
    /// Green as a share of those with a RAG, whole per cent.
    pub on_target_percent: Option<u32>,
}

impl Counts {
    fn add(&mut self, m: &MeasureView) {
        self.measures += 1;
        match m.rag.key {
            "red" => self.red += 1,
            "amber" => self.amber += 1,
            "green" => self.green += 1,
            _ => self.none += 1,
        }
        match m.arrow {
            "up" => self.improving += 1,
            "down" => self.worsening += 1,
            "level" => self.no_change += 1,
            _ => {}
        }
        let judged = self.red + self.amber + self.green;
        self.on_target_percent =
            (judged > 0).then(|| ((self.green as f64 * 100.0) / judged as f64).round() as u32);
    }
}

/// Risk at a glance.
#[derive(Serialize, Clone, Debug)]
pub struct RisksView {
    /// `summary` or `strategic`.
    pub detail: String,
    pub open: usize,
    pub strategic: usize,
    /// Band names, highest first, as the table's columns.
    pub bands: Vec<String>,
    /// Open risks by theme: `(theme, counts per band in `bands` order, total)`.
    pub by_theme: Vec<RiskRow>,
    pub totals: Vec<usize>,
    /// The strategic register (with `strategic` detail, or for the internal audience).
    pub register: Vec<RiskView>,
}

#[derive(Serialize, Clone, Debug)]
pub struct RiskRow {
    pub theme: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

#[derive(Serialize, Clone, Debug)]
pub struct RiskView {
    pub reference: String,
    pub title: String,
    pub theme: String,
    pub directorate: Option<String>,
    pub score: Option<f64>,
    pub band: String,
    pub trend: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// Everything the site shows.
#[derive(Serialize, Clone, Debug)]
pub struct SiteView {
    pub council: String,
    pub period: String,
    pub as_of: Option<String>,
    pub internal: bool,
    pub totals: Counts,
    pub themes: Vec<ThemeView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risks: Option<RisksView>,
    /// Measures the consolidation holds that the page leaves out (not public).
    pub measures_not_shown: usize,
    /// The delivery plan's progress; none when there are no actions.
    pub plan: Option<PlanCounts>,
}

const NO_THEME: &str = "Other measures";

/// Lower-case words joined by hyphens, for file names and ids.
pub fn slug(text: &str) -> String {
    let folded = crate::config::fold(text);
    let s: String = folded
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "x".into()
    } else {
        s
    }
}

/// `base`, or `base-2`, `base-3` ... the first not already taken.
fn unique(base: String, taken: &mut Vec<String>) -> String {
    let mut name = base.clone();
    let mut n = 1;
    while taken.contains(&name) {
        n += 1;
        name = format!("{base}-{n}");
    }
    taken.push(name.clone());
    name
}

fn thousands(whole: i64) -> String {
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if whole < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A value with its unit, as a reader expects it.
pub fn format_value(unit: Option<Unit>, v: f64) -> String {
    let grouped = |v: f64, decimals: usize| {
        // Rounded half away from zero first: 86.55 is 86.6, as a reader rounds it.
        let scale = 10f64.powi(decimals as i32);
        let text = format!("{:.*}", decimals, (v.abs() * scale).round() / scale);
        let (whole, fract) = text.split_once('.').unwrap_or((&text, ""));
        let fract = fract.trim_end_matches('0');
        let whole = thousands(whole.parse::<i64>().unwrap_or(0));
        let sign = if v < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            "-"
        } else {
            ""
        };
        if fract.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fract}")
        }
    };
    let decimals = |v: f64, most: usize| {
        if v.fract() == 0.0 {
            0
        } else if (v * 10.0).fract().abs() < 1e-9 {
            1.min(most)
        } else {
            most
        }
    };
    match unit {
        Some(Unit::Percent) => format!("{}%", grouped(v, decimals(v, 1))),
        Some(Unit::Currency) if v.abs() >= 1000.0 || v.fract() == 0.0 => {
            format!("{}£{}", if v < 0.0 { "-" } else { "" }, grouped(v.abs(), 0))
        }
        Some(Unit::Currency) => format!("£{:.2}", v),
        Some(Unit::Days) => format!("{} days", grouped(v, decimals(v, 1))),
        Some(Unit::Ratio) | Some(Unit::Number) | None => grouped(v, decimals(v, 2)),
    }
}

fn direction_words(d: Option<Direction>, has_value: bool) -> (&'static str, &'static str) {
    match d {
        Some(d @ Direction::Improving) => (d.label(), "up"),
        Some(d @ Direction::Worsening) => (d.label(), "down"),
        Some(d @ Direction::NoChange) => (d.label(), "level"),
        None if has_value => ("Not known: no earlier value to compare", "none"),
        None => ("Not known: no value this period", "none"),
    }
}

fn kind_of(label: &str, fy_start: u32) -> Option<PeriodKind> {
    crate::values::parse_period(label, fy_start, None).map(|p| p.kind)
}

/// The points the chart and its table show: those of one kind of period (the kind most
/// values have; the reported period's kind on a tie), so months and quarters are never
/// drawn as one line.
fn chart_points(l: &MeasureLine, fy_start: u32) -> Vec<&Point> {
    let kinds: Vec<Option<PeriodKind>> = l
        .series
        .iter()
        .map(|p| kind_of(&p.period, fy_start))
        .collect();
    let own = l.period.as_deref().and_then(|p| kind_of(p, fy_start));
    let chosen = kinds
        .iter()
        .max_by_key(|k| {
            let n = l
                .series
                .iter()
                .zip(&kinds)
                .filter(|(p, kk)| kk == k && p.actual.is_some())
                .count();
            (n, **k == own)
        })
        .copied()
        .flatten();
    l.series
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == chosen)
        .map(|(p, _)| p)
        .collect()
}

/// Direction of travel where the return gave none: the period's value against the one
/// before it of the same kind of period (a quarter against the quarter before), by polarity.
fn direction_from_series(l: &MeasureLine, fy_start: u32) -> Option<Direction> {
    let own = kind_of(l.period.as_deref()?, fy_start)?;
    let at = l
        .series
        .iter()
        .position(|p| Some(&p.period) == l.period.as_ref())?;
    let now = l.series[at].actual?;
    let before = l.series[..at]
        .iter()
        .rev()
        .filter(|p| kind_of(&p.period, fy_start) == Some(own))
        .find_map(|p| p.actual)?;
    let better = match l.polarity? {
        Polarity::HigherIsBetter => now > before,
        Polarity::LowerIsBetter => now < before,
    };
    Some(if (now - before).abs() < 1e-9 {
        Direction::NoChange
    } else if better {
        Direction::Improving
    } else {
        Direction::Worsening
    })
}

/// Whether the public sees the measure: by `[publish] measures`, `include` and `exclude`.
fn is_public(l: &MeasureLine, s: &Settings, any_kpi: bool) -> bool {
    let p = &s.config;
    if p.exclude.iter().any(|x| x == &l.measure_id) {
        return false;
    }
    if p.include.iter().any(|x| x == &l.measure_id) || p.measures == "all" {
        return true;
    }
    if any_kpi {
        l.kind == Some(MeasureKind::Kpi)
    } else {
        l.kind != Some(MeasureKind::Statistic)
    }
}

/// A benchmark as a reader reads it: "Ranked 15 of 16 in the group of similar councils in
/// 2023/24 (the bottom quarter): 75.0%, where their median is 79.4%; England 76.0%."
pub fn benchmark_words(b: &MeasureBenchmark, unit: Option<Unit>) -> String {
    let quarter = match b.quartile {
        1 => "the top quarter",
        2 => "the second quarter",
        3 => "the third quarter",
        _ => "the bottom quarter",
    };
    let value = |v: f64| format_value(unit, v);
    let median = b
        .median
        .map(|m| format!(", where their median is {}", value(m)))
        .unwrap_or_default();
    let england = b
        .england
        .map(|e| format!("; England {}", value(e)))
        .unwrap_or_default();
    format!(
        "Ranked {} in the group of similar councils in {} ({quarter}): {}{median}{england}.",
        b.rank_text(),
        b.period,
        value(b.value)
    )
}

fn measure_view(l: &MeasureLine, anchor: String, page: &str, s: &Settings) -> MeasureView {
    let title = l.title.clone().unwrap_or_else(|| l.measure_id.clone());
    let text = |v: Option<f64>, none: &str| {
        v.map(|v| format_value(l.unit, v))
            .unwrap_or_else(|| none.to_string())
    };
    let view = |p: &Point| PointView {
        period: p.period.clone(),
        actual: p.actual,
        text: text(p.actual, "no value"),
    };
    let series: Vec<PointView> = l.series.iter().map(view).collect();
    let shown: Vec<PointView> = chart_points(l, s.fy_start).into_iter().map(view).collect();
    let points: Vec<(String, f64, String)> = shown
        .iter()
        .filter_map(|p| p.actual.map(|a| (p.period.clone(), a, p.text.clone())))
        .collect();
    let target = l
        .target
        .map(|t| (t, format!("Target {}", format_value(l.unit, t))));
    let chart_alt = match (points.first(), points.last()) {
        (Some(first), Some(last)) if points.len() > 1 => format!(
            "{} values from {} ({}) to {} ({}){}.",
            points.len(),
            first.0,
            first.2,
            last.0,
            last.2,
            target
                .as_ref()
                .map(|t| format!("; {}", t.1.to_lowercase()))
                .unwrap_or_default()
        ),
        (Some(only), _) => format!(
            "One value: {} in {}{}.",
            only.2,
            only.0,
            target
                .as_ref()
                .map(|t| format!("; {}", t.1.to_lowercase()))
                .unwrap_or_default()
        ),
        _ => "No values reported yet.".into(),
    };
    let chart = Chart {
        id: &format!("{anchor}-chart"),
        title: &format!("{title}: values by period"),
        description: &chart_alt,
        points: &points,
        target,
        colour: &s.colour,
    }
    .svg();
    let (direction, arrow) = direction_words(
        l.direction.or_else(|| direction_from_series(l, s.fy_start)),
        l.actual.is_some(),
    );
    let rag = if l.kind == Some(MeasureKind::Statistic) {
        None
    } else {
        l.rag
    };
    MeasureView {
        href: format!("{page}.html#{anchor}"),
        anchor,
        reference: l.measure_id.clone(),
        title,
        directorate: l.directorate.clone(),
        service: l.service.clone(),
        theme: l.theme.clone().unwrap_or_else(|| NO_THEME.into()),
        kind: l.kind.map(MeasureKind::description),
        unit: l.unit,
        polarity: l.polarity.map(Polarity::label),
        owner: (s.audience == Audience::Internal)
            .then(|| l.owner.clone())
            .flatten(),
        period: l.period.clone(),
        actual: l.actual,
        actual_text: text(l.actual, "No value reported"),
        target: l.target,
        target_text: text(l.target, "No target"),
        rag: rag_view(rag),
        direction,
        arrow,
        commentary: l.commentary.clone().filter(|c| !c.trim().is_empty()),
        benchmark: l.benchmark.as_ref().map(|b| benchmark_words(b, l.unit)),
        series,
        chart_series: shown,
        chart_alt,
        chart,
    }
}

fn themes(c: &Consolidation, s: &Settings) -> (Vec<ThemeView>, usize) {
    let any_kpi = c
        .performance
        .iter()
        .any(|l| l.kind == Some(MeasureKind::Kpi));
    let shown: Vec<&MeasureLine> = c
        .performance
        .iter()
        .filter(|l| s.audience == Audience::Internal || is_public(l, s, any_kpi))
        .collect();
    let hidden = c.performance.len() - shown.len();
    // Themes in the consolidation's order (the configured one), measures without one last.
    let mut names: Vec<Option<&str>> = Vec::new();
    let action_themes = c.actions.iter().map(|a| a.theme.as_deref());
    for theme in shown
        .iter()
        .map(|l| l.theme.as_deref())
        .chain(action_themes)
    {
        if !names.contains(&theme) {
            names.push(theme);
        }
    }
    names.sort_by_key(|n| n.is_none());
    let mut pages = vec!["index".to_string(), "risks".into(), "accessibility".into()];
    let mut out = Vec::new();
    for name in names {
        let display = name.unwrap_or(NO_THEME).to_string();
        let page = unique(format!("theme-{}", slug(&display)), &mut pages);
        let mut anchors = Vec::new();
        let measures: Vec<MeasureView> = shown
            .iter()
            .filter(|l| l.theme.as_deref() == name)
            .map(|l| {
                let anchor = unique(format!("m-{}", slug(&l.measure_id)), &mut anchors);
                measure_view(l, anchor, &page, s)
            })
            .collect();
        let mut counts = Counts::default();
        measures.iter().for_each(|m| counts.add(m));
        let groups = [Some(Rag::Red), Some(Rag::Amber), Some(Rag::Green), None]
            .into_iter()
            .map(rag_view)
            .map(|rag| RagGroup {
                measures: measures
                    .iter()
                    .filter(|m| m.rag.key == rag.key)
                    .map(|m| GroupItem {
                        title: m.title.clone(),
                        href: m.href.clone(),
                        actual_text: m.actual_text.clone(),
                        direction: m.direction,
                    })
                    .collect(),
                rag,
            })
            .filter(|g| !g.measures.is_empty())
            .collect();
        let actions: Vec<_> = c
            .actions
            .iter()
            .filter(|a| a.theme.as_deref() == name)
            .collect();
        out.push(ThemeView {
            name: display,
            page,
            counts,
            groups,
            measures,
            plan: (!actions.is_empty()).then(|| PlanCounts::of(actions.iter().copied(), c.as_of)),
            actions: actions
                .iter()
                .map(|a| action_view(a, c.as_of, s.audience))
                .collect(),
        });
    }
    (out, hidden)
}

/// A band's contract name (or "not rated") as a reader reads it: "Very high", "Not rated".
fn band_word(band: &str) -> String {
    match Band::ALL.iter().find(|b| b.as_str() == band) {
        Some(b) => b.label().into(),
        None => crate::domain::capitalised(band),
    }
}

fn risks(c: &Consolidation, s: &Settings) -> Option<RisksView> {
    let detail = match (s.config.risks.as_str(), s.audience) {
        ("none", _) => return None,
        (_, Audience::Internal) => "strategic",
        (d, _) => d,
    };
    let open: Vec<_> = c
        .risks
        .iter()
        .filter(|r| r.risk.status == RiskStatus::Open)
        .collect();
    let band_of = |r: &crate::consolidate::ConsolidatedRisk| {
        r.risk
            .rating
            .map(|b| b.as_str().to_string())
            .unwrap_or_else(|| "not rated".into())
    };
    let mut bands: Vec<String> = Band::ALL
        .iter()
        .rev()
        .map(|b| b.as_str().to_string())
        .collect();
    if open.iter().any(|r| r.risk.rating.is_none()) {
        bands.push("not rated".into());
    }
    let mut by_theme: BTreeMap<usize, RiskRow> = BTreeMap::new();
    let mut theme_order: Vec<String> = Vec::new();
    for r in &open {
        let theme = r.risk.theme.clone().unwrap_or_else(|| "No theme".into());
        let i = match theme_order.iter().position(|t| *t == theme) {
            Some(i) => i,
            None => {
                theme_order.push(theme.clone());
                theme_order.len() - 1
            }
        };
        let row = by_theme.entry(i).or_insert_with(|| RiskRow {
            theme,
            counts: vec![0; bands.len()],
            total: 0,
        });
        if let Some(b) = bands.iter().position(|b| *b == band_of(r)) {
            row.counts[b] += 1;
        }
        row.total += 1;
    }
    let by_theme: Vec<RiskRow> = by_theme.into_values().collect();
    let totals = (0..bands.len())
        .map(|b| by_theme.iter().map(|r| r.counts[b]).sum())
        .collect();
    let register = if detail == "strategic" {
        let mut list: Vec<RiskView> = open
            .iter()
            .filter(|r| r.escalated)
            .map(|r| RiskView {
                reference: r.risk.id.clone(),
                title: r.risk.title.clone().unwrap_or_else(|| r.risk.id.clone()),
                theme: r.risk.theme.clone().unwrap_or_else(|| "No theme".into()),
                directorate: r.risk.directorate.clone(),
                score: r.risk.current.score,
                band: band_word(&band_of(r)),
                trend: r.risk.trend.map(crate::schema::Trend::label),
                owner: (s.audience == Audience::Internal)
                    .then(|| r.risk.owner.clone())
                    .flatten(),
            })
            .collect();
        list.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        list
    } else {
        Vec::new()
    };
    Some(RisksView {
        detail: detail.to_string(),
        open: open.len(),
        strategic: open.iter().filter(|r| r.escalated).count(),
        bands: bands.iter().map(|b| band_word(b)).collect(),
        by_theme,
        totals,
        register,
    })
}

/// The site's content.
pub fn site(c: &Consolidation, s: &Settings) -> SiteView {
    let (themes, hidden) = themes(c, s);
    let mut totals = Counts::default();
    themes
        .iter()
        .flat_map(|t| &t.measures)
        .for_each(|m| totals.add(m));
    SiteView {
        council: s.council.clone(),
        period: c.period.label.clone(),
        as_of: c.as_of.map(|d| d.format("%-d %B %Y").to_string()),
        internal: s.audience == Audience::Internal,
        totals,
        themes,
        risks: risks(c, s),
        measures_not_shown: hidden,
        plan: (!c.actions.is_empty()).then(|| PlanCounts::of(&c.actions, c.as_of)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_people_write_them() {
        assert_eq!(format_value(Some(Unit::Percent), 87.2), "87.2%");
        assert_eq!(format_value(Some(Unit::Percent), 85.0), "85%");
        assert_eq!(format_value(Some(Unit::Currency), 171250.0), "£171,250");
        assert_eq!(format_value(Some(Unit::Currency), -1234.4), "-£1,234");
        assert_eq!(format_value(Some(Unit::Days), 29.2), "29.2 days");
        assert_eq!(format_value(Some(Unit::Number), 5412.0), "5,412");
        assert_eq!(format_value(None, 8.233333), "8.23");
        assert_eq!(format_value(None, 1234.999), "1,235");
        assert_eq!(format_value(Some(Unit::Ratio), 138.5), "138.5");
        assert_eq!(format_value(Some(Unit::Number), -0.5), "-0.5");
        assert_eq!(format_value(Some(Unit::Percent), 86.55), "86.6%");
        assert_eq!(
            format_value(Some(Unit::Number), -1234567.25),
            "-1,234,567.25"
        );
    }

    #[test]
    fn a_benchmark_reads_as_a_sentence() {
        let b = MeasureBenchmark {
            indicator: "Employment rate - aged 16-64".into(),
            file: "lginform.csv".into(),
            period: "2023/24".into(),
            value: 75.0,
            median: Some(79.4),
            rank: 15,
            group_size: 16,
            quartile: 4,
            polarity: Polarity::HigherIsBetter,
            england: Some(76.0),
            comparators_missing: vec![],
        };
        assert_eq!(
            benchmark_words(&b, Some(Unit::Percent)),
            "Ranked 15 of 16 in the group of similar councils in 2023/24 (the bottom quarter): 75%, where their median is 79.4%; England 76%."
        );
        let alone = MeasureBenchmark {
            median: None,
            england: None,
            rank: 1,
            quartile: 1,
            ..b
        };
        assert_eq!(
            benchmark_words(&alone, None),
            "Ranked 1 of 16 in the group of similar councils in 2023/24 (the top quarter): 75."
        );
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("Children's Services & Schools"),
            "childrens-services-and-schools"
        );
        assert_eq!(slug("<script>"), "script");
        assert_eq!(slug("!!!"), "x");
    }
}
