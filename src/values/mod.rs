//! Parsers for what people type into scorecard and risk-register cells: numbers, dates, periods,
//! ratings, RAG colours and codes.
//!
//! Every function trims its input, never panics and answers `None` (or `false`) for what it
//! cannot read with confidence.

//!
//! One file a family: [`numbers`](self) and missing markers here, then `dates` (dates and
//! financial years), `periods` (periods and date columns) and `words` (ratings, RAG, travel,
//! units and codes).

mod dates;
mod periods;
mod words;

pub use dates::*;
pub use periods::*;
pub use words::*;

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::{Captures, Regex};

use crate::schema::{
    Direction, MeasureKind, Period, PeriodKind, Polarity, Rag, RiskStatus, Trend, Unit,
};

pub(crate) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern is valid")
}

/// Trimmed, lower-cased, whitespace collapsed, trailing full stops dropped.
pub(crate) fn norm(s: &str) -> String {
    let joined = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    joined.trim_end_matches('.').trim().to_string()
}

/// Lower-case alphanumeric words of `s`.
pub(crate) fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn cap<T: std::str::FromStr>(c: &Captures, i: usize) -> Option<T> {
    c.get(i)?.as_str().parse().ok()
}

/// Two-digit year to four: 00-69 are 20xx, 70-99 are 19xx.
pub(crate) fn expand_year(y: i32, digits: usize) -> i32 {
    match (digits, y) {
        (2, 0..=69) => 2000 + y,
        (2, _) => 1900 + y,
        _ => y,
    }
}

// ---------------------------------------------------------------- missing values

const MISSING: &str =
    "n/a|na|n.a|n/k|nk|tbc|tba|tbd|not available|not applicable|no data|awaiting data|\
    data awaited|not yet available|not reported|not known|unknown|#n/a|null|nil return|nan|inf|\
    -inf|#div/0!|#value!|#ref!|#num!|#name?|#null!|to follow|data not available";

/// Whether `word` is one of the '|'-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split('|').any(|x| x == word)
}

/// Whether a normalised word is one of the missing markers (a set, as it runs on every cell).
fn missing_marker(word: &str) -> bool {
    static SET: LazyLock<std::collections::HashSet<&'static str>> =
        LazyLock::new(|| MISSING.split('|').collect());
    SET.contains(word)
}

/// True for the markers councils use for "no value": "", "n/a", "-", "TBC", "#N/A", "no data"...
///
/// "0" and "nil" are values (nil means zero in UK returns), not missing.
pub fn is_missing(s: &str) -> bool {
    let t = s.trim();
    // Fast path: no marker is longer than 24 bytes or starts with a digit.
    if t.len() > 24 && !t.chars().all(|c| matches!(c, '-' | '–' | '—' | '?')) {
        return false;
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    // Fast path: a marker starts with the letter the text starts with (most values do not).
    static FIRST: LazyLock<[bool; 128]> = LazyLock::new(|| {
        let mut first = [false; 128];
        for m in MISSING.split('|').chain(["-", "?"]) {
            if let Some(b) = m.trim().bytes().next().filter(u8::is_ascii) {
                first[usize::from(b)] = true;
            }
        }
        first
    });
    if let Some(b) = t.bytes().next().filter(u8::is_ascii) {
        if !FIRST[usize::from(b.to_ascii_lowercase())] {
            return false;
        }
    }
    let n = norm(t);
    let compact: String = n.chars().filter(|c| !c.is_whitespace()).collect();
    n.is_empty()
        || missing_marker(&n)
        || missing_marker(&compact)
        || n.chars().all(|c| matches!(c, '-' | '–' | '—' | '?'))
}

// ---------------------------------------------------------------- numbers

/// A number found in text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedNumber {
    pub value: f64,
    pub unit: Option<Unit>,
}

static RE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^([+\-−])?\s*([£$€])?\s*([+\-−])?\s*((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:e([+\-]?[0-9]+))?\s*(million|thousand|billion|bn|mn|k|m)?\s*(%|per\s?cent|(?:working\s+|calendar\s+)?days?|x)?$",
    )
});
/// A note in brackets after a value ("25.43 (Q13-Q16)", "412 (provisional)").
static RE_TRAILING_NOTE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(.*?\S)\s*\(([^()]*[A-Za-z][^()]*)\)$"));
/// A number standing on its own in a note ("target 90%"), not part of a word ("Q13").
static RE_LONE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^A-Za-z0-9.])[0-9]+(?:\.[0-9]+)?(?:$|[^A-Za-z0-9])"));
static RE_RATIO: LazyLock<Regex> =
    LazyLock::new(|| re(r"^([0-9]+(?:\.[0-9]+)?)\s*:\s*([0-9]+(?:\.[0-9]+)?)$"));

/// Reads one number typed as text, with its unit when the text shows one.
///
/// Examples: "85%" -> 85 Percent; "£1,234" -> 1234 Currency; "£1.2m" -> 1 200 000 Currency;
/// "12.5 days" -> 12.5 Days; "(1,200)" -> -1200; "1:4" -> 0.25 Ratio; "1,234.5" -> 1234.5;
/// "nil" -> 0; "$1,200 " -> 1200 Currency; "25.43 (Q13-Q16)" -> 25.43 (a note in brackets
/// that holds no number of its own is not part of the value). None for "n/a",
/// "85% (target 90%)", "Q2", "2024/25", dates, "1,23" and non-finite values.
pub fn parse_number(s: &str) -> Option<ParsedNumber> {
    let t = s.trim();
    // Fast path: a plain number as Rust reads it ("16", "-3.5"), not "inf" or "NaN".
    if t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
        if let Ok(value) = t.parse::<f64>() {
            if value.is_finite() {
                return Some(ParsedNumber { value, unit: None });
            }
        }
    }
    if is_missing(t) {
        return None;
    }
    if t.eq_ignore_ascii_case("nil") {
        return Some(ParsedNumber {
            value: 0.0,
            unit: None,
        });
    }
    if let Some(c) = RE_TRAILING_NOTE.captures(t) {
        if !RE_LONE_NUMBER.is_match(&c[2]) {
            return parse_number(&c[1]);
        }
    }
    if let Some(c) = RE_RATIO.captures(t) {
        let (a, b): (f64, f64) = (cap(&c, 1)?, cap(&c, 2)?);
        let value = a / b;
        return value.is_finite().then_some(ParsedNumber {
            value,
            unit: Some(Unit::Ratio),
        });
    }
    // Accounting negatives: "(1,200)", "(£1,200)", "£(1,200)".
    let (body, parens) = if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')'))
    {
        (inner.to_string(), true)
    } else if let Some(inner) = t.strip_prefix("£(").and_then(|r| r.strip_suffix(')')) {
        (format!("£{inner}"), true)
    } else {
        (t.to_string(), false)
    };
    let c = RE_NUMBER.captures(body.trim())?;
    let signs: Vec<&str> = [c.get(1), c.get(3)]
        .iter()
        .flatten()
        .map(|m| m.as_str())
        .collect();
    if signs.len() + usize::from(parens) > 1 {
        return None;
    }
    let negative = parens || signs.iter().any(|s| *s != "+");
    let currency = c.get(2).is_some();
    let mult = c.get(6).map(|m| m.as_str().to_lowercase());
    let suffix = c.get(7).map(|m| m.as_str().to_lowercase());
    let unit = match suffix.as_deref() {
        Some("x") => None,
        Some(x) if x.contains('%') || x.contains("cent") => Some(Unit::Percent),
        Some(_) => Some(Unit::Days),
        None if currency => Some(Unit::Currency),
        None => None,
    };
    if (currency || mult.is_some()) && matches!(unit, Some(Unit::Percent | Unit::Days)) {
        return None;
    }
    let power: i64 = match mult.as_deref() {
        Some("k" | "thousand") => 3,
        Some("m" | "mn" | "million") => 6,
        Some("bn" | "billion") => 9,
        _ => 0,
    };
    let exp: i64 = match c.get(5) {
        Some(e) => e.as_str().trim_start_matches('+').parse().ok()?,
        None => 0,
    };
    let digits = c.get(4)?.as_str().replace(',', "");
    let magnitude: f64 = format!("{digits}e{}", exp.checked_add(power)?)
        .parse()
        .ok()?;
    let value = if negative { -magnitude } else { magnitude };
    value.is_finite().then_some(ParsedNumber { value, unit })
}

#[cfg(test)]
mod tests;
