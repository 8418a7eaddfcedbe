//! Long performance tables: one row per measure, period and split (an area, a ward, a sex),
//! as public bodies publish them. Which columns name the measure, which split its value within a
//! period (the observation's `dimensions`), which tell two measures of one title apart (a
//! percentage beside a count) and which hold values of different measures side by side is
//! decided by what the columns hold, with the header deciding between candidates.
//!
//! ```text
//!    | A         | B        | C       | D                  | E          | F     | G
//!  1 | area_code | area     | period  | indicator          | measure    | unit  | value
//!  2 | E08000009 | Trafford | 2010/11 | Household waste... | Percentage | Waste | 48.1
//!  3 | E08000009 | Trafford | 2010/11 | Household waste... | Frequency  | Tonnes| 4512
//!  4 | E08000002 | Bury     | 2010/11 | Household waste... | Percentage | Waste | 24.3
//! ```
//!
//! Here the indicator (D) is the measure, B is the dimension `area` (A its code, alongside), E
//! splits the indicator into two measures (a percentage and a tonnage), F is kept as written.

use std::collections::{HashMap, HashSet};

use super::{Column, Field, RowRole, Table};
use crate::config::fold;
use crate::read::Sheet;
use crate::schema::field::{Key, Name};
use crate::values::{self, DateOrder};

/// How many data rows of a table are looked at to decide its columns.
const SAMPLE_ROWS: usize = 5000;

/// The texts of a table's sample rows, by column.
struct Sample {
    /// Row by row, each column's text (None when empty or a missing marker).
    rows: Vec<Vec<Option<String>>>,
    cols: Vec<u32>,
}

impl Sample {
    fn new(sheet: &Sheet, table: &Table) -> Sample {
        let cols: Vec<u32> = table.columns.iter().map(|c| c.col).collect();
        let rows = table
            .rows
            .iter()
            .filter(|(_, role)| *role == RowRole::Data)
            .take(SAMPLE_ROWS)
            .filter_map(|(r, _)| sheet.row(*r))
            .map(|row| {
                cols.iter()
                    .map(|c| {
                        row.get(*c)
                            .and_then(|cell| cell.text())
                            .filter(|t| !values::is_missing(t))
                    })
                    .collect()
            })
            .collect();
        Sample { rows, cols }
    }

    fn at(&self, col: u32) -> Option<usize> {
        self.cols.iter().position(|c| *c == col)
    }

    /// The distinct non-empty values of a column.
    fn distinct(&self, i: usize) -> HashSet<&str> {
        self.rows.iter().filter_map(|r| r[i].as_deref()).collect()
    }

    /// How many rows repeat an earlier row's values in the columns `key`.
    fn repeats(&self, key: &[usize]) -> usize {
        let mut seen: HashSet<Vec<Option<&str>>> = HashSet::with_capacity(self.rows.len());
        self.rows
            .iter()
            .filter(|r| !seen.insert(key.iter().map(|&i| r[i].as_deref()).collect()))
            .count()
    }

    /// Whether each value of column `a` goes with one value of column `b`.
    fn determines(&self, a: usize, b: usize) -> bool {
        let mut map: HashMap<&str, Option<&str>> = HashMap::new();
        self.rows.iter().all(|r| match r[a].as_deref() {
            None => true,
            Some(x) => *map.entry(x).or_insert(r[b].as_deref()) == r[b].as_deref(),
        })
    }

    /// The share of a column's non-empty values that are numbers.
    fn numeric_share(&self, i: usize) -> f64 {
        let (mut n, mut num) = (0usize, 0usize);
        for t in self.rows.iter().filter_map(|r| r[i].as_deref()) {
            n += 1;
            num += usize::from(values::parse_number(t).is_some());
        }
        if n == 0 {
            0.0
        } else {
            num as f64 / n as f64
        }
    }
}

/// Words of a header that say a column splits a value (an area, a ward, a sex, an age band).
const SPLIT_WORDS: &[&str] = &[
    "area",
    "areas",
    "ward",
    "locality",
    "region",
    "district",
    "borough",
    "authority",
    "la",
    "geography",
    "place",
    "neighbourhood",
    "station",
    "site",
    "location",
    "sex",
    "gender",
    "age",
    "band",
    "quintile",
    "decile",
    "ethnicity",
    "ethnic",
    "inequality",
    "breakdown",
    "group",
    "category",
    "provider",
    "organisation",
    "organization",
    "org",
    "icb",
    "ccg",
    "trust",
    "school",
    "practice",
    "team",
    "service",
    "country",
    "county",
    "name",
    "deprivation",
    "imd",
    "tenure",
    "disability",
];

/// Words of a header that say a column judges or describes a value rather than splits it.
const JUDGEMENT_WORDS: &[&str] = &[
    "compared",
    "comparison",
    "significance",
    "rag",
    "status",
    "note",
    "notes",
    "comment",
    "comments",
    "flag",
    "quality",
    "source",
    "updated",
    "confidence",
    "lower",
    "upper",
    "ci",
    "count",
    "denominator",
    "numerator",
    "key",
    "variance",
];

/// Words of a header that say a column names the kind of value (a percentage, a count).
const VARIANT_WORDS: &[&str] = &[
    "measure",
    "measure type",
    "unit",
    "units",
    "value type",
    "statistic",
    "metric type",
    "type of measure",
    "indicator type",
];

/// How much a header reads like a split of the value (higher first).
fn split_preference(header: &str) -> i32 {
    let f = fold(header);
    let words: Vec<&str> = f.split(' ').collect();
    let mut score = 0;
    if words.iter().any(|w| SPLIT_WORDS.contains(w)) {
        score += 2;
    }
    if words.iter().any(|w| JUDGEMENT_WORDS.contains(w)) {
        score -= 3;
    }
    if words.contains(&"name") {
        score += 1;
    }
    if words.iter().any(|w| *w == "code" || *w == "id") {
        score -= 1;
    }
    score
}

/// The key a dimension column is known by: its header without "name" ("area_name" -> "area").
fn dimension_key(header: &str) -> String {
    let f = fold(header);
    let words: Vec<&str> = f.split(' ').filter(|w| !w.is_empty()).collect();
    let kept: Vec<&str> = if words.len() > 1 && words.last() == Some(&"name") {
        words[..words.len() - 1].to_vec()
    } else {
        words
    };
    let key = kept.join("_");
    if key.is_empty() {
        "dimension".into()
    } else {
        key
    }
}

fn is_variant(header: &str, distinct: &HashSet<&str>) -> bool {
    let f = fold(header);
    VARIANT_WORDS.contains(&f.as_str())
        || (!distinct.is_empty()
            && distinct
                .iter()
                .all(|v| values::parse_unit(v).is_some() || fold(v) == "frequency"))
}

/// Decides the columns of a long performance table from its rows: see the module's doc. Notes
/// what it decided in `table.demoted`, for `inspect`.
pub fn shape(sheet: &Sheet, table: &mut Table, fy_start: u32) {
    let sample = Sample::new(sheet, table);
    if sample.rows.len() < 2 {
        return;
    }
    value_columns(&sample, table);
    year_as_period(table);
    let Some(period) = table.columns.iter().find(|c| c.is(Name::Period)).cloned() else {
        return;
    };
    let Some(pi) = sample.at(period.col) else {
        return;
    };
    period_dates(&sample, table, &period, pi, fy_start);

    let title = table.columns.iter().find(|c| c.is(Name::Title)).cloned();
    let id = table.columns.iter().find(|c| c.is(Name::Id)).cloned();
    let ti = title.as_ref().and_then(|c| sample.at(c.col));
    let ii = id.as_ref().and_then(|c| sample.at(c.col));
    let mut demoted_id = None;
    if let (Some(ti), Some(ii), Some(id)) = (ti, ii, &id) {
        if demote_row_key(&sample, table, id, (ti, ii, pi)) {
            return;
        }
        demoted_id = demote_split_code(&sample, table, id, (ti, ii, pi));
    }
    let measure_key: Vec<usize> = match (ti, ii, demoted_id) {
        (Some(ti), _, Some(_)) | (Some(ti), None, _) => vec![ti],
        (Some(ti), Some(ii), None) => vec![ti, ii],
        (None, Some(ii), _) => vec![ii],
        (None, None, _) => return,
    };
    choose_dimensions(&sample, table, measure_key, pi);
}

/// A year column with no period beside it (nor columns of periods) is the period: a row per
/// measure per year.
fn year_as_period(table: &mut Table) {
    let wide = table
        .columns
        .iter()
        .any(|c| matches!(c.field, Some(Field::Period { .. })));
    if !wide && !table.columns.iter().any(|c| c.is(Name::Period)) {
        if let Some(c) = table.columns.iter_mut().find(|c| c.is(Name::FinancialYear)) {
            c.field = Some(Field::Named(Name::Period.into()));
            c.reason =
                Some("header and content: the year of each row, with no period beside it".into());
        }
    }
}

/// The period column's date order, decided once for the column, and said when month first.
fn period_dates(sample: &Sample, table: &mut Table, period: &Column, pi: usize, fy_start: u32) {
    let texts = sample.rows.iter().filter_map(|r| r[pi].as_deref());
    table.dates = values::DateColumn::of(texts, fy_start);
    if table.dates.order == DateOrder::MonthFirst {
        table.demoted.push(format!(
            "column {} '{}' writes dates month first (3/13/2016)",
            crate::schema::column_letters(period.col),
            period.header
        ));
    }
}

/// A reference that differs on every row while titles repeat period after period is a row key
/// (an export's record number), not the measure's: it is kept as extra. Whether it was. The
/// indices are the sample's of the title, the reference and the period.
fn demote_row_key(
    sample: &Sample,
    table: &mut Table,
    id: &Column,
    (ti, ii, pi): (usize, usize, usize),
) -> bool {
    let rows = sample.rows.len();
    if rows >= 4
        && sample.repeats(&[ii]) == 0
        && sample.distinct(ti).len() * 2 <= rows
        && sample.repeats(&[ti, pi]) == 0
    {
        if let Some(c) = table.columns.iter_mut().find(|c| c.col == id.col) {
            c.field = None;
        }
        table.demoted.push(format!(
            "column {} '{}' differs on every row while each measure has a row a period, so it numbers the rows rather than naming the measure; kept as extra",
            crate::schema::column_letters(id.col),
            id.header
        ));
        return true;
    }
    false
}

/// A reference that takes several values for one title in one period is not the measure's: it
/// is a code of what splits the value (an area code beside the area's name). Its sample index,
/// when it was taken off the reference.
fn demote_split_code(
    sample: &Sample,
    table: &mut Table,
    id: &Column,
    (ti, ii, pi): (usize, usize, usize),
) -> Option<usize> {
    if sample.repeats(&[ti, pi]) > 0 && sample.repeats(&[ti, ii, pi]) < sample.repeats(&[ti, pi]) {
        // An area code takes many values per title, and goes with a name beside it (or is
        // named only loosely like a reference: "area_code"); a reference takes about one.
        let per_title = sample.distinct(ii).len() > 2 * sample.distinct(ti).len();
        let partner = table.columns.iter().any(|c| {
            c.field.is_none()
                && sample.at(c.col).is_some_and(|j| {
                    sample.distinct(j).len() > 1
                        && sample.determines(ii, j)
                        && sample.determines(j, ii)
                })
        });
        if per_title && (partner || id.confidence < crate::domain::confidence::FIRM) {
            if let Some(c) = table.columns.iter_mut().find(|c| c.col == id.col) {
                c.field = None;
            }
            table.demoted.push(format!(
                "column {} '{}' holds several values for one measure and period, so it splits the measure rather than naming it",
                crate::schema::column_letters(id.col),
                id.header
            ));
            return Some(ii);
        }
    }
    None
}

/// The fewest unmapped text columns that make each measure's rows in a period unique become
/// its dimensions (or its variant), with the codes and types that go one to one with them.
fn choose_dimensions(sample: &Sample, table: &mut Table, measure_key: Vec<usize>, pi: usize) {
    // Candidate splits: unmapped text columns with more than one value.
    let mut candidates: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| c.field.is_none())
        .filter_map(|c| sample.at(c.col))
        .filter(|&i| sample.distinct(i).len() > 1 && sample.numeric_share(i) < 0.5)
        .collect();
    let mut key = measure_key.clone();
    key.push(pi);
    let mut chosen: Vec<usize> = Vec::new();
    let mut repeats = sample.repeats(&key);
    while repeats > 0 && !candidates.is_empty() {
        let header = |i: usize| table.columns[i].header.as_str();
        let best = candidates
            .iter()
            .copied()
            .map(|i| {
                let mut k = key.clone();
                k.push(i);
                (i, sample.repeats(&k))
            })
            .filter(|(_, r)| *r < repeats)
            // Fewest rows left alike; then the header that reads most like a split; then the
            // fewest values (a row key that makes every row unique is not a split).
            .min_by_key(|(i, r)| {
                (
                    *r,
                    -split_preference(header(*i)),
                    sample.distinct(*i).len(),
                    *i,
                )
            });
        let Some((i, r)) = best else { break };
        key.push(i);
        chosen.push(i);
        candidates.retain(|&c| c != i);
        repeats = r;
    }
    // Codes and types of a chosen split go with it ("area_code" beside "area_name").
    let mut alongside = Vec::new();
    for &c in &candidates {
        let f = fold(&table.columns[c].header);
        let is_code = f.split(' ').any(|w| w == "code" || w == "type");
        if is_code
            && chosen
                .iter()
                .any(|&d| sample.determines(d, c) && sample.determines(c, d))
        {
            alongside.push(c);
        }
    }
    for i in chosen.into_iter().chain(alongside) {
        let distinct = sample.distinct(i);
        let col = &mut table.columns[i];
        let field = if is_variant(&col.header, &distinct) {
            Key::Field(Name::Variant)
        } else {
            Key::Dimension(dimension_key(&col.header))
        };
        col.reason = Some(
            if field.is(Name::Variant) {
                "content: tells two measures of one title apart"
            } else {
                "content: splits a measure's values within a period"
            }
            .into(),
        );
        col.field = Some(Field::Named(field));
        col.confidence = crate::domain::confidence::FIRM;
    }
}

/// Several columns of values side by side ("value_ulev", "value_all_vehicles"): each is a
/// measure of its own, named by the rest of its header.
fn value_columns(sample: &Sample, table: &mut Table) {
    let found: Vec<(usize, String)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.field.is_none() || c.is(Name::Actual))
        .filter_map(|(i, c)| {
            let f = fold(&c.header);
            let rest = f
                .strip_prefix("value ")
                .or_else(|| f.strip_suffix(" value"))?
                .trim()
                .to_string();
            let si = sample.at(c.col)?;
            (!rest.is_empty()
                && sample.numeric_share(si) >= crate::domain::confidence::MOSTLY_NUMBERS)
                .then_some((i, rest))
        })
        .collect();
    if found.len() < 2
        || table.columns.iter().any(|c| {
            c.is(Name::Actual) && !found.iter().any(|(i, _)| table.columns[*i].col == c.col)
        })
    {
        return;
    }
    for (i, rest) in found {
        let c = &mut table.columns[i];
        c.field = Some(Field::Named(Key::Values(rest.replace(' ', "_"))));
        c.confidence = crate::domain::confidence::FIRM;
        c.reason = Some("header and content: one of several value columns side by side".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimension_keys_drop_name() {
        assert_eq!(dimension_key("area_name"), "area");
        assert_eq!(dimension_key("Station name"), "station");
        assert_eq!(dimension_key("inequality"), "inequality");
        assert_eq!(dimension_key("area_code"), "area_code");
    }

    #[test]
    fn names_split_before_codes_and_judgements() {
        assert!(split_preference("area_name") > split_preference("area_code"));
        assert!(split_preference("inequality") > split_preference("compared_to_England"));
    }
}
