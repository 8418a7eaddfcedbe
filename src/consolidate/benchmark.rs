//! Benchmarking: each measure's place among the council's comparators, from long comparator
//! tables as LG Inform and councils' data teams publish them (area code, area name, period,
//! indicator, value), read by the same reader as the returns.
//!
//! For a measure's benchmark indicator (its `benchmark` field from the catalogue, else its
//! title) and the latest period in which the council has a value (ending by the end of the
//! consolidation period when there is one):
//!
//! - the group is the council and those of its comparators with a value for that period, and
//!   `group_size` is how many they are;
//! - `rank` is one more than the number of the group whose value is better than the council's,
//!   by the measure's polarity (higher is better unless the measure says lower is better):
//!   competition ranking, so equal values share a rank and the next is skipped ("1224");
//! - `quartile` is `ceil(4 * rank / group_size)`: 1 is the best quarter, 4 the worst;
//! - `median` is the median of the comparators' values (the council's own excluded);
//! - `england` is the value of the England area code (`E92000001` unless configured).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::{fold, Config};
use crate::normalise::Options;
use crate::schema::field::Name;
use crate::schema::{Document, Finding, Measure, Polarity, Principle, Severity};

use super::{key, Consolidation, Error};

/// One area's value of an indicator for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaValue {
    /// The area code, as the table gives it or as found from the area's name.
    pub code: Option<String>,
    pub name: Option<String>,
    pub value: f64,
}

/// An indicator's values for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorPeriod {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub values: Vec<AreaValue>,
}

/// An indicator of the benchmark tables, its periods oldest first.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Indicator {
    pub name: String,
    pub file: String,
    pub periods: Vec<IndicatorPeriod>,
}

/// The benchmark tables as read, and the group they are judged for.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Benchmarks {
    pub files: Vec<String>,
    /// By the indicator's name folded ([`indicator_key`]).
    pub indicators: BTreeMap<String, Indicator>,
    /// The council's area code (or its name, where the tables give no codes).
    pub area: String,
    /// The comparators' area codes, in the order configured.
    pub comparators: Vec<String>,
    /// Area names for codes, from the comparators file.
    pub names: BTreeMap<String, String>,
    pub england: String,
}

/// A measure's place among its comparators (see the module's documentation).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MeasureBenchmark {
    /// The indicator as the benchmark table names it, and the table.
    pub indicator: String,
    pub file: String,
    /// The benchmark period used: the latest with the council's value.
    pub period: String,
    /// The council's own value in the table.
    pub value: f64,
    /// The median of the comparators' values.
    pub median: Option<f64>,
    /// Competition rank within the group, 1 = best.
    pub rank: usize,
    /// The council and the comparators with a value for the period.
    pub group_size: usize,
    /// `ceil(4 * rank / group_size)`, 1 = best.
    pub quartile: u8,
    /// The polarity ranked by.
    pub polarity: Polarity,
    pub england: Option<f64>,
    /// Comparators with no value for the period.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub comparators_missing: Vec<String>,
}

impl MeasureBenchmark {
    /// "3 of 16".
    pub fn rank_text(&self) -> String {
        format!("{} of {}", self.rank, self.group_size)
    }
}

/// Competition rank ("1224") of `value` among `group` (which holds it), by polarity.
pub fn rank_of(value: f64, group: &[f64], polarity: Polarity) -> usize {
    let better = |v: f64| match polarity {
        Polarity::HigherIsBetter => v > value,
        Polarity::LowerIsBetter => v < value,
    };
    1 + group.iter().filter(|v| better(**v)).count()
}

/// `ceil(4 * rank / n)`: 1 is the best quarter of the group.
pub fn quartile_of(rank: usize, n: usize) -> u8 {
    if n == 0 {
        return 0;
    }
    (4 * rank).div_ceil(n).clamp(1, 4) as u8
}

/// The median of the values (the mean of the middle two of an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// An indicator's name as compared: lower case, punctuation and spaces dropped, `&` as
/// `and` ("Re-use" is "reuse", "per 1,000" is "per 1000").
pub fn indicator_key(name: &str) -> String {
    fold(name).replace(' ', "")
}

/// Whether a text is an ONS area code (`E08000009`).
fn is_area_code(s: &str) -> bool {
    let s = s.trim();
    s.len() == 9
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s[1..].chars().all(|c| c.is_ascii_digit())
}

/// The area codes and names a comparators file lists: every cell holding an area code, with
/// the text beside it as its name.
///
/// # Errors
/// [`Error::ComparatorsUnreadable`] for a file that cannot be read, or
/// [`Error::NoComparators`] for one that lists no area code.
pub fn read_comparators(path: &Path) -> Result<Vec<(String, Option<String>)>, Error> {
    let input = crate::read::InputFile {
        path: path.to_path_buf(),
        display: path.display().to_string(),
    };
    let wb = crate::read::read_file(&input).map_err(Error::ComparatorsUnreadable)?;
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for row in wb.sheets.iter().flat_map(|s| s.rows.iter()) {
        let texts: Vec<String> = row.values().filter_map(|c| c.text()).collect();
        if let Some(i) = texts.iter().position(|t| is_area_code(t)) {
            let code = texts[i].trim().to_string();
            let name = texts
                .get(i + 1)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty());
            if !out.iter().any(|(c, _)| *c == code) {
                out.push((code, name));
            }
        }
    }
    if out.is_empty() {
        return Err(Error::NoComparators(path.to_path_buf()));
    }
    Ok(out)
}

impl Benchmarks {
    /// Reads the benchmark tables with the returns' reader, and the comparator group from
    /// `[benchmark]`.
    ///
    /// # Errors
    /// [`Error::NoBenchmarkArea`] when no council area is configured, the errors of
    /// [`read_comparators`], [`Error::BenchmarkUnreadable`] for a table that cannot be read, or
    /// [`Error::NoBenchmarkValues`] for tables that hold no values by area.
    pub fn load(paths: &[PathBuf], opts: &Options) -> Result<Benchmarks, Error> {
        let cfg = &opts.config.benchmark;
        let area = cfg
            .area_code
            .clone()
            .or_else(|| cfg.area_name.clone())
            .ok_or(Error::NoBenchmarkArea)?;
        let mut comparators: Vec<String> = cfg.comparators.clone();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        if let Some(file) = &cfg.comparators_file {
            for (code, name) in read_comparators(file)? {
                if let Some(n) = name {
                    names.insert(code.clone(), n);
                }
                if !comparators.contains(&code) {
                    comparators.push(code);
                }
            }
        }
        if let (Some(code), Some(name)) = (&cfg.area_code, &cfg.area_name) {
            names.insert(code.clone(), name.clone());
        }
        comparators.retain(|c| *c != area && *c != cfg.england);
        let plain = Options {
            catalogue: None,
            period: None,
            ..opts.clone()
        };
        let doc = crate::normalise::normalise_paths(paths, &plain);
        if let Some(failed) = doc.files.iter().find(|f| f.status == "failed") {
            return Err(Error::BenchmarkUnreadable {
                file: failed.file.clone(),
                reason: failed
                    .error
                    .clone()
                    .unwrap_or_else(|| "could not be read".into()),
            });
        }
        let mut b = Benchmarks {
            files: doc.files.iter().map(|f| f.file.clone()).collect(),
            indicators: BTreeMap::new(),
            area,
            comparators,
            names,
            england: cfg.england.clone(),
        };
        b.add_values(&doc);
        if b.indicators.is_empty() {
            return Err(Error::NoBenchmarkValues(paths.to_vec()));
        }
        Ok(b)
    }

    /// The code of an area named but not coded in a table.
    fn code_of_name(&self, name: &str) -> Option<String> {
        let folded = fold(name);
        if folded == "england" {
            return Some(self.england.clone());
        }
        self.names
            .iter()
            .find(|(_, n)| fold(n) == folded)
            .map(|(c, _)| c.clone())
    }

    /// The document's values split by area, by indicator and period.
    fn add_values(&mut self, doc: &Document) {
        let titles: HashMap<(&str, &str), &Measure> = doc
            .measures
            .iter()
            .map(|m| ((m.source.file.as_str(), m.id.as_str()), m))
            .collect();
        for o in &doc.observations {
            let (Some(value), Some((start, end)), Some(label)) =
                (o.actual, o.dates(), o.period.as_deref())
            else {
                continue;
            };
            let code = o
                .dimensions
                .iter()
                .find(|(k, v)| k.contains("code") && is_area_code(v))
                .map(|(_, v)| v.trim().to_string());
            let name = o
                .dimensions
                .iter()
                .find(|(k, _)| !k.contains("code"))
                .map(|(_, v)| v.trim().to_string());
            let code = code.or_else(|| name.as_deref().and_then(|n| self.code_of_name(n)));
            if code.is_none() && name.is_none() {
                continue;
            }
            let m = titles.get(&(o.source.file.as_str(), o.measure_id.as_str()));
            let title = m
                .and_then(|m| m.title.clone())
                .unwrap_or_else(|| o.measure_id.clone());
            let ind = self
                .indicators
                .entry(indicator_key(&title))
                .or_insert_with(|| Indicator {
                    name: title.clone(),
                    file: o.source.file.clone(),
                    periods: Vec::new(),
                });
            let i = match ind.periods.iter().position(|p| p.label == label) {
                Some(i) => i,
                None => {
                    ind.periods.push(IndicatorPeriod {
                        label: label.to_string(),
                        start,
                        end,
                        values: Vec::new(),
                    });
                    ind.periods.len() - 1
                }
            };
            let values = &mut ind.periods[i].values;
            // An area's first value for the period stands.
            if !values
                .iter()
                .any(|v| (v.code.is_some() && v.code == code) || (code.is_none() && v.name == name))
            {
                values.push(AreaValue { code, name, value });
            }
        }
        for ind in self.indicators.values_mut() {
            ind.periods.sort_by_key(|p| (p.end, p.start));
        }
    }

    /// An area's value among a period's.
    fn value_of(&self, p: &IndicatorPeriod, area: &str) -> Option<f64> {
        p.values
            .iter()
            .find(|v| {
                v.code.as_deref() == Some(area)
                    || (v.code.is_none()
                        && v.name.as_deref().is_some_and(|n| fold(n) == fold(area)))
            })
            .map(|v| v.value)
    }

    /// The indicator a name denotes, tolerant of case and punctuation.
    pub fn indicator(&self, name: &str) -> Option<&Indicator> {
        self.indicators.get(&indicator_key(name))
    }

    /// The measure's place for an indicator: the latest period with the council's value ending
    /// by `by` (else the latest of all). None when the council has no value in any period.
    pub fn assess(
        &self,
        ind: &Indicator,
        polarity: Option<Polarity>,
        by: NaiveDate,
    ) -> Option<MeasureBenchmark> {
        let with_own = |p: &&IndicatorPeriod| self.value_of(p, &self.area).is_some();
        let p = ind
            .periods
            .iter()
            .filter(|p| p.end <= by)
            .rfind(with_own)
            .or_else(|| ind.periods.iter().rfind(with_own))?;
        let value = self.value_of(p, &self.area)?;
        let mut others = Vec::new();
        let mut missing = Vec::new();
        for c in &self.comparators {
            match self.value_of(p, c) {
                Some(v) => others.push(v),
                None => missing.push(match self.names.get(c) {
                    Some(n) => format!("{c} {n}"),
                    None => c.clone(),
                }),
            }
        }
        let polarity = polarity.unwrap_or(Polarity::HigherIsBetter);
        let mut group = others.clone();
        group.push(value);
        let rank = rank_of(value, &group, polarity);
        Some(MeasureBenchmark {
            indicator: ind.name.clone(),
            file: ind.file.clone(),
            period: p.label.clone(),
            value,
            median: median(&others),
            rank,
            group_size: group.len(),
            quartile: quartile_of(rank, group.len()),
            polarity,
            england: self.value_of(p, &self.england),
            comparators_missing: missing,
        })
    }
}

/// What benchmarking found for one measure.
enum Outcome {
    Found(MeasureBenchmark),
    /// The measure names an indicator no table holds.
    NoIndicator(String),
    /// The indicator is there but not the council's value.
    NoArea(String, String),
    /// The measure names no indicator and its title is in no table.
    Nothing,
}

/// A benchmark indicator kept as an extra column ("Benchmark indicator", "LG Inform
/// indicator") by a return or catalogue whose header is not a known one.
fn indicator_in_extra(m: &Measure) -> Option<&str> {
    m.extra
        .iter()
        .find(|(k, v)| {
            let k = fold(k);
            (k.contains("benchmark") || k.contains("lg inform"))
                && crate::values::parse_number(v).is_none()
        })
        .map(|(_, v)| v.as_str())
}

fn outcome(b: &Benchmarks, m: &Measure, by: NaiveDate) -> Outcome {
    let named = m
        .benchmark
        .as_deref()
        .or_else(|| indicator_in_extra(m))
        .filter(|s| !s.trim().is_empty());
    let Some(ind) = named
        .and_then(|n| b.indicator(n))
        .or_else(|| m.title.as_deref().and_then(|t| b.indicator(t)))
        .or_else(|| b.indicator(&m.id))
    else {
        return match named {
            Some(n) => Outcome::NoIndicator(n.to_string()),
            None => Outcome::Nothing,
        };
    };
    match b.assess(ind, m.polarity, by) {
        Some(x) => Outcome::Found(x),
        None => Outcome::NoArea(ind.name.clone(), ind.file.clone()),
    }
}

fn finding(severity: Severity, rule: &str, message: String, m: &Measure, file: &str) -> Finding {
    let own = file == m.source.file;
    Finding {
        severity,
        principle: Principle::Completeness,
        rule: rule.into(),
        message,
        file: file.to_string(),
        sheet: own
            .then(|| m.source.sheet.clone())
            .filter(|s| !s.is_empty()),
        row: own.then_some(m.source.row).filter(|r| *r > 0),
        cell: if own {
            m.cells.get(Name::Benchmark)
        } else {
            None
        },
        record_id: Some(m.id.clone()),
        field: Some(Name::Benchmark.to_string()),
        directorate: m.directorate.clone(),
    }
}

/// Each measure's benchmark, and the findings of those that have none.
fn assess_measures(
    b: &Benchmarks,
    measures: &[Measure],
    by: NaiveDate,
) -> (Vec<(usize, MeasureBenchmark)>, Vec<Finding>) {
    let mut found = Vec::new();
    let mut findings = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        match outcome(b, m, by) {
            Outcome::Found(x) => {
                if !x.comparators_missing.is_empty() {
                    findings.push(finding(
                        Severity::Info,
                        "benchmark-comparator-missing",
                        format!(
                            "Measure {}: {} has no value for {} from {} of the comparators ({}); the rank is among the {} that have one",
                            m.id,
                            x.indicator,
                            x.period,
                            x.comparators_missing.len(),
                            x.comparators_missing.join(", "),
                            x.group_size
                        ),
                        m,
                        &x.file,
                    ));
                }
                found.push((i, x));
            }
            Outcome::NoIndicator(n) => findings.push(finding(
                Severity::Warning,
                "benchmark-indicator-not-found",
                format!(
                    "Measure {}: its benchmark indicator '{n}' is in none of the benchmark tables ({})",
                    m.id,
                    b.files.join(", ")
                ),
                m,
                &m.source.file,
            )),
            Outcome::NoArea(name, file) => findings.push(finding(
                Severity::Warning,
                "benchmark-area-missing",
                format!(
                    "Measure {}: {file} has no value of {name} for the council's area {}, so it cannot be ranked",
                    m.id, b.area
                ),
                m,
                &file,
            )),
            Outcome::Nothing => {}
        }
    }
    (found, findings)
}

/// Gives each measure line of the consolidation its benchmark, and adds the findings.
pub fn apply(c: &mut Consolidation, b: &Benchmarks) {
    let by = c.period.end;
    let mut seen = std::collections::HashSet::new();
    let measures: Vec<Measure> = c
        .measures
        .iter()
        .filter(|m| seen.insert(key(m.directorate.as_deref(), &m.id)))
        .cloned()
        .collect();
    let (found, findings) = assess_measures(b, &measures, by);
    let by_key: HashMap<String, MeasureBenchmark> = found
        .into_iter()
        .map(|(i, x)| (key(measures[i].directorate.as_deref(), &measures[i].id), x))
        .collect();
    for l in &mut c.performance {
        if let Some(x) = by_key.get(&key(l.directorate.as_deref(), &l.measure_id)) {
            l.benchmark = Some(x.clone());
        }
    }
    c.findings.extend(findings);
    c.summary.findings = c.findings.len();
}

/// For an export: each measure's benchmark in its `extra` (`benchmark_rank`,
/// `benchmark_quartile`, ...), and the findings, judged for the period ending `by`.
pub fn apply_to_document(doc: &mut Document, b: &Benchmarks, by: NaiveDate) {
    let (found, findings) = assess_measures(b, &doc.measures, by);
    for (i, x) in found {
        let extra = &mut doc.measures[i].extra;
        let num = crate::read::format_number;
        extra.insert("benchmark_indicator".into(), x.indicator.clone());
        extra.insert("benchmark_period".into(), x.period.clone());
        extra.insert("benchmark_value".into(), num(x.value));
        if let Some(v) = x.median {
            extra.insert("benchmark_median".into(), num(v));
        }
        extra.insert("benchmark_rank".into(), x.rank_text());
        extra.insert("benchmark_quartile".into(), x.quartile.to_string());
        if let Some(v) = x.england {
            extra.insert("benchmark_england".into(), num(v));
        }
    }
    doc.findings.extend(findings);
}

/// The benchmark tables a run reads: those given on the command line, else the
/// configuration's; none is nothing to do.
///
/// # Errors
/// As [`Benchmarks::load`].
pub fn load_for(given: &[PathBuf], opts: &Options) -> Result<Option<Benchmarks>, Error> {
    let paths = if given.is_empty() {
        &opts.config.benchmarks
    } else {
        given
    };
    if paths.is_empty() {
        return Ok(None);
    }
    Benchmarks::load(paths, opts).map(Some)
}

/// Whether benchmarking is configured at all (`[benchmark]` names an area).
pub fn configured(config: &Config) -> bool {
    config.benchmark.area_code.is_some() || config.benchmark.area_name.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranking_shares_a_rank_and_skips_the_next() {
        let group = [10.0, 8.0, 8.0, 5.0];
        assert_eq!(rank_of(10.0, &group, Polarity::HigherIsBetter), 1);
        assert_eq!(rank_of(8.0, &group, Polarity::HigherIsBetter), 2);
        assert_eq!(rank_of(5.0, &group, Polarity::HigherIsBetter), 4);
        assert_eq!(rank_of(5.0, &group, Polarity::LowerIsBetter), 1);
        assert_eq!(rank_of(8.0, &group, Polarity::LowerIsBetter), 2);
    }

    #[test]
    fn quartile_is_the_ceiling_of_four_rank_over_n() {
        assert_eq!(quartile_of(1, 16), 1);
        assert_eq!(quartile_of(4, 16), 1);
        assert_eq!(quartile_of(5, 16), 2);
        assert_eq!(quartile_of(13, 16), 4);
        assert_eq!(quartile_of(16, 16), 4);
        // The formula as documented, even for a group of one.
        assert_eq!(quartile_of(1, 1), 4);
        assert_eq!(quartile_of(2, 3), 3);
    }

    #[test]
    fn indicator_names_match_whatever_their_case_and_punctuation() {
        assert_eq!(
            indicator_key("Household waste sent for re-use, recycling or composting"),
            indicator_key("household waste sent for reuse recycling or composting.")
        );
        assert_eq!(
            indicator_key("Households per 1,000"),
            indicator_key("HOUSEHOLDS PER 1000")
        );
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn area_codes_are_a_letter_and_eight_digits() {
        assert!(is_area_code("E08000009"));
        assert!(is_area_code(" E92000001 "));
        assert!(!is_area_code("area_code"));
        assert!(!is_area_code("E0800000"));
    }
}
