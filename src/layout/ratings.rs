//! Rating columns read by what they hold as well as by what they are called: the scale of a
//! likelihood or impact column (a header hint such as "(1-10)", or the values), the vocabulary
//! of word ratings ("Very Low" .. "Very High", "Rare" .. "Almost certain", "Minor / Serious /
//! Major"), a column named like a rating that holds prose, a stated band under a "Priority"
//! header, and a column of references under a header that names none.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{Field, RowRole, Table};
use crate::config::{fold, Config};
use crate::read::{Sheet, Value};
use crate::schema::field::{Key, Name, RatingPart, Stage};
use crate::values;

/// The scale a likelihood or impact column is on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnScale {
    /// The highest level.
    pub max: f64,
    /// The words of each level, lowest first, when the column holds words (a level may have
    /// several: "medium" and "med").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Vec<String>>,
    /// What told the scale: `header` (a hint such as "(1-10)"), `values` (the highest value
    /// seen), `words` (the vocabulary of the words seen) or `configured` (the matrix).
    pub basis: &'static str,
}

impl ColumnScale {
    /// How the scale is described to users: "1-10 (header)", "Very low..Very high (words)".
    pub fn describe(&self) -> String {
        match (self.levels.first(), self.levels.last()) {
            (Some(lo), Some(hi)) => format!(
                "{}..{} = 1..{} ({})",
                lo.first().map_or("", |s| s.as_str()),
                hi.first().map_or("", |s| s.as_str()),
                self.max,
                self.basis
            ),
            _ => format!("1-{} ({})", self.max, self.basis),
        }
    }

    /// Why a rating column has this scale: the header alone, or header and values together.
    pub fn reason(&self) -> String {
        let by = if self.basis == "header" {
            "header"
        } else {
            "header and content"
        };
        format!("{by}; scale {}", self.describe())
    }

    /// The level of a value on this scale: a number as written ("4", "4 - Likely", "L4"),
    /// else the position of a word of the vocabulary.
    pub fn level(&self, t: &str) -> Option<f64> {
        values::parse_level(t, &[]).or_else(|| level_of(&word_key(t), &self.levels))
    }
}

/// A rating word without what follows it: "Very High - more than 80%" is "very high",
/// "Likely (50-80%)" is "likely".
fn word_key(t: &str) -> String {
    let cut = [" - ", " – ", "(", ":", "["]
        .iter()
        .filter_map(|sep| t.find(sep))
        .min()
        .filter(|&i| i > 0)
        .map_or(t, |i| &t[..i]);
    fold(cut)
}

/// Ordinal vocabularies of likelihood and impact, lowest first; alternatives of one level are
/// separated by `|`. A column's vocabulary is the one its words belong to.
const VOCABULARIES: &[&[&str]] = &[
    &[
        "rare|very unlikely|improbable",
        "unlikely",
        "possible|occasional",
        "likely|probable",
        "almost certain|very likely|certain|highly likely|expected",
    ],
    &[
        "remote",
        "unlikely",
        "possible",
        "probable|likely",
        "highly probable|highly likely",
    ],
    &["unlikely", "possible", "likely"],
    &[
        "very low",
        "low",
        "medium|med|moderate",
        "high",
        "very high",
    ],
    &["low", "medium|med|moderate", "high", "very high"],
    &["low", "medium|med|moderate", "high"],
    &[
        "negligible|insignificant",
        "minor",
        "moderate",
        "major",
        "critical|catastrophic|severe",
    ],
    &[
        "negligible|insignificant",
        "minor",
        "moderate",
        "significant",
        "severe",
    ],
    &[
        "minor",
        "moderate",
        "serious",
        "major",
        "critical|catastrophic",
    ],
    &["negligible", "marginal", "critical", "catastrophic"],
    &["minor", "serious|moderate", "major"],
];

/// The 1-based level of a folded word in a vocabulary.
fn level_of(word: &str, levels: &[Vec<String>]) -> Option<f64> {
    levels
        .iter()
        .position(|l| l.iter().any(|w| w == word))
        .map(|i| i as f64 + 1.0)
}

fn vocabulary(words: &[&str]) -> Vec<Vec<String>> {
    words
        .iter()
        .map(|l| l.split('|').map(|w| w.to_string()).collect())
        .collect()
}

/// The vocabulary of a column's words, and whether it was chosen over the configured labels
/// (which cover the words too) because its every level was seen.
///
/// The configured labels win when they cover the words, unless a smaller vocabulary covers
/// them with every level seen ("Unlikely / Possible / Likely"). Otherwise the covering
/// vocabulary with the fewest levels unseen wins ("Low / Medium / High" is three levels,
/// "Very Low .. Very High" five).
pub fn infer_vocabulary(
    words: &BTreeSet<String>,
    configured: &[String],
) -> Option<(Vec<Vec<String>>, bool)> {
    if words.is_empty() {
        return None;
    }
    let covers = |levels: &[Vec<String>]| words.iter().all(|w| level_of(w, levels).is_some());
    let unseen = |levels: &[Vec<String>]| {
        levels
            .iter()
            .filter(|l| !l.iter().any(|w| words.contains(w)))
            .count()
    };
    let configured: Vec<Vec<String>> = configured.iter().map(|l| vec![fold(l)]).collect();
    let known: Vec<Vec<Vec<String>>> = VOCABULARIES.iter().map(|v| vocabulary(v)).collect();
    let best = known
        .iter()
        .filter(|v| covers(v))
        .min_by_key(|v| (unseen(v), std::cmp::Reverse(v.len())));
    if covers(&configured) {
        return match best {
            Some(v) if unseen(v) == 0 && v.len() < configured.len() => Some((v.clone(), true)),
            _ => Some((configured, false)),
        };
    }
    best.map(|v| (v.clone(), false))
        .or_else(|| ranked(words, configured.len()).map(|v| (v, false)))
}

/// Words of rating scales by how high they stand, from 0 (lowest) to 1 (highest), for words
/// of no one vocabulary ("Minimal", "Medium-High", "Extreme" in one column).
const RANKS: &[(&str, f64)] = &[
    ("very low", 0.0),
    ("minimal", 0.0),
    ("insignificant", 0.0),
    ("negligible", 0.0),
    ("rare", 0.0),
    ("remote", 0.0),
    ("very unlikely", 0.0),
    ("improbable", 0.0),
    ("low", 0.25),
    ("minor", 0.25),
    ("unlikely", 0.25),
    ("limited", 0.25),
    ("low medium", 0.375),
    ("medium low", 0.375),
    ("medium", 0.5),
    ("med", 0.5),
    ("moderate", 0.5),
    ("possible", 0.5),
    ("occasional", 0.5),
    ("medium high", 0.625),
    ("high medium", 0.625),
    ("high", 0.75),
    ("major", 0.75),
    ("likely", 0.75),
    ("probable", 0.75),
    ("serious", 0.75),
    ("significant", 0.75),
    ("very high", 1.0),
    ("critical", 1.0),
    ("severe", 1.0),
    ("catastrophic", 1.0),
    ("extreme", 1.0),
    ("almost certain", 1.0),
    ("highly probable", 1.0),
    ("highly likely", 1.0),
    ("very likely", 1.0),
    ("certain", 1.0),
];

/// The words of a column placed on a scale of `size` levels by their rank, when every word has
/// one.
fn ranked(words: &BTreeSet<String>, size: usize) -> Option<Vec<Vec<String>>> {
    if size < 2 {
        return None;
    }
    let mut levels = vec![Vec::new(); size];
    for w in words {
        let (_, r) = RANKS.iter().find(|(x, _)| x == w)?;
        levels[(r * (size - 1) as f64).round() as usize].push(w.clone());
    }
    Some(levels)
}

/// The highest level a header hints at: "(1-10)", "1 to 4", "out of 6", "/10".
pub fn scale_hint(header: &str) -> Option<f64> {
    static HINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:\b[01]\s*(?:-|–|to)\s*(\d{1,2})\b|\bout of\s*(\d{1,2})\b|/\s*(\d{1,2})\b)",
        )
        .expect("valid regex")
    });
    let c = HINT.captures(header)?;
    let n: f64 = (1..=3).find_map(|i| c.get(i))?.as_str().parse().ok()?;
    (2.0..=20.0).contains(&n).then_some(n)
}

/// Text that is prose, not a rating: several words, long.
fn is_prose(t: &str) -> bool {
    t.chars().count() > 30 && t.split_whitespace().count() >= 5
}

/// Band words a register states ("Low", "Med", "High", "Very High", "Red", "Amber").
pub fn is_band_word(t: &str) -> bool {
    matches!(
        fold(t).as_str(),
        "low"
            | "medium"
            | "med"
            | "moderate"
            | "high"
            | "very high"
            | "extreme"
            | "critical"
            | "red"
            | "amber"
            | "green"
    )
}

/// What the values of a column show of its scale: the highest number, and the words.
struct Seen {
    max: Option<f64>,
    numbers: usize,
    words: BTreeSet<String>,
    word_count: usize,
    prose: usize,
    total: usize,
}

fn seen(vals: &[String]) -> Seen {
    let mut s = Seen {
        max: None,
        numbers: 0,
        words: BTreeSet::new(),
        word_count: 0,
        prose: 0,
        total: vals.len(),
    };
    for t in vals {
        if let Some(n) = values::parse_level(t, &[]) {
            s.numbers += 1;
            s.max = Some(s.max.map_or(n, |m: f64| m.max(n)));
        } else if is_prose(t) {
            s.prose += 1;
        } else if word_key(t).chars().count() <= 30 {
            s.word_count += 1;
            s.words.insert(word_key(t));
        }
    }
    s
}

/// The scale of a likelihood or impact column from its header and values.
#[cfg(test)]
fn column_scale(header: &str, vals: &[String], configured: &[String]) -> Option<ColumnScale> {
    column_scale_with(header, vals, configured, &[])
}

/// As [`column_scale`], with the keys of rating scales the workbook holds elsewhere (for this
/// part of the rating, or unlabelled): words a key covers are read on it, and numbers within
/// it take its size.
fn column_scale_with(
    header: &str,
    vals: &[String],
    configured: &[String],
    legends: &[&Legend],
) -> Option<ColumnScale> {
    let s = seen(vals);
    let size = configured.len() as f64;
    let hint = scale_hint(header);
    if let Some(max) = hint.filter(|_| s.word_count <= s.numbers) {
        return Some(ColumnScale {
            max,
            levels: Vec::new(),
            basis: "header",
        });
    }
    if s.word_count > s.numbers {
        let key = legends
            .iter()
            .find(|l| s.words.iter().all(|w| level_of(w, &l.levels).is_some()));
        if let Some(key) = key {
            return Some(ColumnScale {
                max: key.levels.len() as f64,
                levels: key.levels.clone(),
                basis: "legend",
            });
        }
        let (mut levels, mut smaller) = infer_vocabulary(&s.words, configured)?;
        // Words under "Likelihood (1-3)": a vocabulary of that size, else the words by rank.
        if let Some(n) = hint.filter(|n| *n != levels.len() as f64) {
            if let Some(r) = ranked(&s.words, n as usize) {
                (levels, smaller) = (r, false);
            }
        }
        return Some(ColumnScale {
            max: levels.len() as f64,
            levels,
            basis: if smaller {
                "words, every level seen"
            } else {
                "words"
            },
        });
    }
    let max = s.max?;
    if let Some(key) = legends
        .iter()
        .find(|l| l.part.is_some() && max <= l.levels.len() as f64)
    {
        return Some(ColumnScale {
            max: key.levels.len() as f64,
            levels: Vec::new(),
            basis: "legend",
        });
    }
    // One value above the matrix among many is a mistake on it (and a finding), not a scale.
    let above = vals
        .iter()
        .filter(|t| values::parse_level(t, &[]).is_some_and(|n| n > size))
        .count();
    let max = if max <= size || (above < 2 && above * 5 < s.numbers) {
        size
    } else if max <= 6.0 {
        6.0
    } else if max <= 10.0 {
        10.0
    } else {
        max.ceil()
    };
    Some(ColumnScale {
        max,
        levels: Vec::new(),
        basis: if max == size { "configured" } else { "values" },
    })
}

/// The first 200 data rows of a table.
fn data_rows(table: &Table) -> Vec<u32> {
    table
        .rows
        .iter()
        .filter(|(_, r)| *r == RowRole::Data)
        .take(200)
        .map(|(r, _)| *r)
        .collect()
}

/// Non-missing texts of a column in the given rows.
fn texts_of(sheet: &Sheet, rows: &[u32], col: u32) -> Vec<String> {
    rows.iter()
        .filter_map(|r| sheet.row(*r)?.get(col)?.text())
        .filter(|t| !values::is_missing(t))
        .collect()
}

/// Whether a column of the table holds the field.
fn named(table: &Table, field: impl Into<Key>) -> bool {
    let field = field.into();
    table.columns.iter().any(|c| c.key() == Some(&field))
}

/// The key of a rating scale found in a workbook: its words by level, and the part of the
/// rating it is for when the key says so.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    pub levels: Vec<Vec<String>>,
    pub part: Option<RatingPart>,
}

pub use crate::read::names_a_key;

/// Keys of rating scales in a sheet: runs of three to ten rows numbered 1..n (either way) in
/// one column with a word beside each number ("5 | Almost certain") or in the same cell
/// ("5 - Almost certain"); the part of the rating from the text above the run.
pub fn legends(sheet: &Sheet) -> Vec<Legend> {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(\d{1,2})\s*[-–:.=]?\s+([A-Za-z][A-Za-z \-]{1,29}?)\s*(?:[(\-–:].*)?$")
            .expect("valid regex")
    });
    // (row, column, number, word)
    let mut entries: Vec<(u32, u32, u32, String)> = Vec::new();
    for row in sheet.rows.iter().take(300) {
        for cell in row.values() {
            let Some(t) = cell.text() else { continue };
            if let Some(c) = NUMBERED.captures(&t) {
                if let Ok(k) = c[1].parse::<u32>() {
                    entries.push((row.index, cell.col, k, word_key(&c[2])));
                }
                continue;
            }
            let k = match &cell.value {
                Some(Value::Number(n)) if n.fract() == 0.0 && (1.0..=10.0).contains(n) => *n as u32,
                _ => continue,
            };
            let word = row
                .get(cell.col + 1)
                .and_then(|c| c.text())
                .map(|t| word_key(&t));
            if let Some(w) = word.filter(|w| {
                !w.is_empty() && w.chars().count() <= 30 && w.chars().any(char::is_alphabetic)
            }) {
                entries.push((row.index, cell.col, k, w));
            }
        }
    }
    let mut found = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let (r0, c0, k0, _) = entries[i];
        // The run of entries in the same column on the following rows, numbered one apart.
        let mut run = vec![i];
        for (j, e) in entries.iter().enumerate().skip(i + 1) {
            let (pr, _, pk, _) = entries[*run.last().unwrap_or(&i)];
            if e.1 != c0 || e.0 <= pr {
                continue;
            }
            if e.0 > pr + 2 || (e.2 as i64 - pk as i64).abs() != 1 {
                break;
            }
            run.push(j);
        }
        let ks: Vec<u32> = run.iter().map(|&j| entries[j].2).collect();
        let n = ks.len() as u32;
        let ordered =
            ks.windows(2).all(|w| w[1] == w[0] + 1) || ks.windows(2).all(|w| w[0] == w[1] + 1);
        if (3..=10).contains(&n)
            && ordered
            && ks.iter().min() == Some(&1)
            && ks.iter().max() == Some(&n)
        {
            let mut levels = vec![Vec::new(); n as usize];
            for &j in &run {
                levels[entries[j].2 as usize - 1].push(entries[j].3.clone());
            }
            let above: String = sheet
                .rows
                .iter()
                .filter(|r| r.index < r0 && r.index + 3 >= r0)
                .flat_map(|r| r.values().filter_map(|c| c.text()))
                .collect::<Vec<_>>()
                .join(" ");
            let f = fold(&above);
            let has = |ws: &[&str]| f.split(' ').any(|w| ws.contains(&w));
            let part = if has(&["likelihood", "probability", "frequency", "occurrence"]) {
                Some(RatingPart::Likelihood)
            } else if has(&["impact", "severity", "consequence", "consequences"]) {
                Some(RatingPart::Impact)
            } else {
                None
            };
            found.push(Legend { levels, part });
            i = *run.last().unwrap_or(&i) + 1;
            let _ = k0;
        } else {
            i += 1;
        }
    }
    found
}

/// Whether a table is the key of a rating scale, not a register: a few rows numbered 1..n in
/// one column and, on each row, the word of that level of one vocabulary in another, with no
/// owners ("5 | Almost certain | Expected to occur in most circumstances").
pub fn is_legend(sheet: &Sheet, table: &Table, config: &Config) -> bool {
    let data: Vec<u32> = table
        .rows
        .iter()
        .filter(|(_, r)| *r == RowRole::Data)
        .map(|(r, _)| *r)
        .collect();
    if !(2..=10).contains(&data.len()) || named(table, Name::Owner) {
        return false;
    }
    let cell = |r: u32, c: u32| sheet.row(r)?.get(c)?.text();
    let cols: Vec<u32> = table.columns.iter().map(|c| c.col).collect();
    let numbers = |c: u32| -> Option<Vec<f64>> {
        let n: Vec<f64> = data
            .iter()
            .map(|r| cell(*r, c)?.trim().parse::<f64>().ok())
            .collect::<Option<_>>()?;
        let mut sorted = n.clone();
        sorted.sort_by(f64::total_cmp);
        sorted
            .iter()
            .enumerate()
            .all(|(i, x)| *x == i as f64 + 1.0)
            .then_some(n)
    };
    let levels = |c: u32| -> Option<Vec<f64>> {
        let words: Vec<String> = data
            .iter()
            .map(|r| cell(*r, c).map(|t| word_key(&t)))
            .collect::<Option<_>>()?;
        let set: BTreeSet<String> = words.iter().cloned().collect();
        if set.len() != words.len() {
            return None;
        }
        [&config.risk.likelihood, &config.risk.impact]
            .iter()
            .find_map(|labels| {
                let (v, _) = infer_vocabulary(&set, labels)?;
                words.iter().map(|w| level_of(w, &v)).collect()
            })
    };
    cols.iter()
        .filter_map(|c| numbers(*c))
        .any(|n| cols.iter().filter_map(|c| levels(*c)).any(|l| l == n))
}

/// A smaller vocabulary chosen for one part of a rating because its every level was seen
/// ("Unlikely / Possible / Likely") stands only when the other part is off the configured
/// matrix too ("Minor / Serious / Major"); beside a part on the matrix, the matrix's labels win.
fn settle_pairs(table: &mut Table, config: &Config) {
    for stage in [Stage::Inherent, Stage::Current, Stage::Target] {
        let find = |part: RatingPart| {
            let name = Key::Rating(stage, part);
            table.columns.iter().position(|c| c.key() == Some(&name))
        };
        let (Some(l), Some(i)) = (find(RatingPart::Likelihood), find(RatingPart::Impact)) else {
            continue;
        };
        for (me, other, labels, other_size) in [
            (l, i, &config.risk.likelihood, config.risk.impact.len()),
            (i, l, &config.risk.impact, config.risk.likelihood.len()),
        ] {
            let other_on_matrix = table.columns[other]
                .scale
                .as_ref()
                .is_none_or(|s| s.max == other_size as f64 && !s.basis.starts_with("words, every"));
            let c = &mut table.columns[me];
            if other_on_matrix
                && c.scale
                    .as_ref()
                    .is_some_and(|s| s.basis.starts_with("words, every"))
            {
                let levels: Vec<Vec<String>> = labels.iter().map(|l| vec![fold(l)]).collect();
                let scale = ColumnScale {
                    max: levels.len() as f64,
                    levels,
                    basis: "words",
                };
                c.reason = Some(scale.reason());
                c.scale = Some(scale);
            }
        }
    }
}

/// Whether a column's values are references: short codes with a digit, every one different,
/// none a date or prose ("#119", "CR-04", "R1.2").
fn is_reference_column(vals: &[String]) -> bool {
    static CODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^#?[A-Za-z]{0,6}[-_ ./]?\d{1,5}(?:[-./]\d{1,4})?[A-Za-z]?$")
            .expect("valid regex")
    });
    if vals.len() < 2 {
        return false;
    }
    let distinct: BTreeSet<&str> = vals.iter().map(|v| v.trim()).collect();
    distinct.len() == vals.len()
        && vals.iter().all(|v| {
            let v = v.trim();
            CODE.is_match(v) && !v.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
}

mod columns;
#[cfg(test)]
mod tests;

pub use columns::read_columns;
