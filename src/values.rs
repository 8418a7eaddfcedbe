//! Parsers for what people type into scorecard and risk-register cells: numbers, dates, periods,
//! ratings, RAG colours and codes.
//!
//! Every function trims its input, never panics and answers `None` (or `false`) for what it
//! cannot read with confidence.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::{Captures, Regex};

use crate::schema::{
    Direction, MeasureKind, Period, PeriodKind, Polarity, Rag, RiskStatus, Trend, Unit,
};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern is valid")
}

/// Trimmed, lower-cased, whitespace collapsed, trailing full stops dropped.
fn norm(s: &str) -> String {
    let joined = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    joined.trim_end_matches('.').trim().to_string()
}

/// Lower-case alphanumeric words of `s`.
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn cap<T: std::str::FromStr>(c: &Captures, i: usize) -> Option<T> {
    c.get(i)?.as_str().parse().ok()
}

/// Two-digit year to four: 00-69 are 20xx, 70-99 are 19xx.
fn expand_year(y: i32, digits: usize) -> i32 {
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

// ---------------------------------------------------------------- dates

const MONTHS: &str =
    "january|february|march|april|may|june|july|august|september|october|november|december";

/// Month number of a name or its abbreviation of three letters or more ("Sep", "Sept").
pub fn month_from_name(name: &str) -> Option<u32> {
    let w = name.trim().trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .split('|')
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

const TIME: &str =
    r"(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+\-][0-9]{2}:?[0-9]{2})?)?";
static RE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^([0-9]{{1,2}})([/\-.])([0-9]{{1,2}})([/\-.])([0-9]{{4}}|[0-9]{{2}}){TIME}$"
    ))
});
static RE_YMD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^([0-9]{{4}})([/\-.])([0-9]{{1,2}})([/\-.])([0-9]{{1,2}}){TIME}$"
    ))
});
static RE_D_MON_Y: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^([0-9]{1,2})(?:st|nd|rd|th)?[\s\-/.,]*([a-z]{3,9})\.?,?[\s\-/.,]*([0-9]{4}|[0-9]{2})$",
    )
});
static RE_MON_D_Y: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^([a-z]{3,9})\.?\s*([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})$"));
static RE_WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"));

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Reads a date typed as text, day first as in the UK.
///
/// Examples: "30/09/2024", "30/9/24", "30-09-2024", "30.09.2024", "30 Sept 2024",
/// "30th September 2024", "Sep 30, 2024", "2024-09-30", "2024-09-30T00:00:00" all give 2024-09-30.
/// Two-digit years 00-69 are 20xx, 70-99 19xx. None for "31/02/2024" and "20240930".
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    let t = RE_WEEKDAY.find(t).map_or(t, |m| &t[m.end()..]);
    if let Some(c) = RE_DMY.captures(t) {
        let y = expand_year(cap(&c, 5)?, c.get(5)?.len());
        return (c[2] == c[4]).then(|| ymd(y, cap(&c, 3)?, cap(&c, 1)?))?;
    }
    if let Some(c) = RE_YMD.captures(t) {
        return (c[2] == c[4]).then(|| ymd(cap(&c, 1)?, cap(&c, 3)?, cap(&c, 5)?))?;
    }
    if let Some(c) = RE_D_MON_Y.captures(t) {
        let y = expand_year(cap(&c, 3)?, c.get(3)?.len());
        return ymd(y, month_from_name(&c[2])?, cap(&c, 1)?);
    }
    let c = RE_MON_D_Y.captures(t)?;
    ymd(cap(&c, 3)?, month_from_name(&c[1])?, cap(&c, 2)?)
}

const MAX_SERIAL: f64 = 2_958_465.0; // 9999-12-31 in the 1900 system
const SERIALS_1904: f64 = 1462.0; // days between the 1900 and 1904 epochs

/// Converts an Excel serial day number to a date (1900 system, or 1904 when `is_1904`).
///
/// The 1900 system keeps Excel's leap-year bug: 1 is 1900-01-01, 59 is 1900-02-28, 60 (the
/// non-existent 1900-02-29) gives None, 61 is 1900-03-01, 45565 is 2024-09-30. The time of day
/// is dropped. In the 1904 system 0 is 1904-01-01.
pub fn date_from_serial(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() {
        return None;
    }
    let day = serial.floor();
    let (base, days) = if is_1904 {
        if !(0.0..=MAX_SERIAL - SERIALS_1904).contains(&day) {
            return None;
        }
        (ymd(1904, 1, 1)?, day)
    } else {
        if !(1.0..=MAX_SERIAL).contains(&day) || day == 60.0 {
            return None;
        }
        (ymd(1899, 12, if day < 60.0 { 31 } else { 30 })?, day)
    };
    base.checked_add_signed(Duration::days(days as i64))
}

/// Excel serial day number of a date (the inverse of [`date_from_serial`]).
pub fn serial_from_date(date: NaiveDate, is_1904: bool) -> Option<f64> {
    let base = if is_1904 {
        ymd(1904, 1, 1)?
    } else {
        ymd(1899, 12, 30)?
    };
    let mut days = (date - base).num_days() as f64;
    if !is_1904 && days < 61.0 {
        days -= 1.0;
    }
    date_from_serial(days, is_1904)
        .filter(|d| *d == date)
        .map(|_| days)
}

// ---------------------------------------------------------------- financial years

static RE_FY_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:fy|f/y|financial\s+year|year)?\s*([0-9]{4}|[0-9]{2})\s*[/\-–]\s*([0-9]{4}|[0-9]{2})$",
    )
});
static RE_FY_NUM: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^fy\s*'?([0-9]{4}|[0-9]{2})$"));

/// Start year of a "first/second" pair when the second year follows the first.
fn fy_from_pair(first: &str, second: &str) -> Option<i32> {
    let a = expand_year(first.parse().ok()?, first.len());
    let b: i32 = second.parse().ok()?;
    let next = if second.len() == 4 {
        a + 1
    } else {
        (a + 1).rem_euclid(100)
    };
    (b == next).then_some(a)
}

/// Start year of the financial year named "FY25" (the year it ends in).
fn fy_from_number(num: &str, fy_start_month: u32) -> Option<i32> {
    let end = expand_year(num.parse().ok()?, num.len());
    Some(if fy_start_month == 1 { end } else { end - 1 })
}

/// Reads a financial year ("2024/25", "24-25", "2024-2025", "FY25") as the year it starts in.
///
/// Examples: "2024/25" -> 2024; "FY25" -> 2024; "2024/26" -> None.
pub fn parse_financial_year(s: &str) -> Option<i32> {
    let t = s.trim();
    if let Some(c) = RE_FY_PAIR.captures(t) {
        return fy_from_pair(&c[1], &c[2]);
    }
    fy_from_number(&RE_FY_NUM.captures(t)?[1], 4)
}

/// Finds the one financial year named anywhere in text such as a title row.
///
/// Example: "Performance Report 2024/25 - Quarter 2" -> 2024. None when none, or two differ.
pub fn find_financial_year(s: &str) -> Option<i32> {
    let mut years = Vec::new();
    let rest = take(&RE_P_PAIR4, s, |c| {
        fy_from_pair(&c[2], &c[4]).map(|y| years.push(y)).is_some()
    });
    let rest = take(&RE_P_PAIR2, &rest, |c| {
        fy_from_pair(&c[1], &c[2]).map(|y| years.push(y)).is_some()
    });
    take(&RE_P_FYNUM, &rest, |c| {
        fy_from_number(&c[1], 4).map(|y| years.push(y)).is_some()
    });
    single(&years)?
}

// ---------------------------------------------------------------- periods

fn valid_fy(fy: i32, fy_start_month: u32) -> bool {
    (1000..=9998).contains(&fy) && (1..=12).contains(&fy_start_month)
}

/// Year and month `k` months after `y`-`m`.
fn add_months(y: i32, m: u32, k: u32) -> (i32, u32) {
    let idx = y * 12 + m as i32 - 1 + k as i32;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

/// The period of `len` months starting `offset` months into financial year `fy`.
fn fy_span(
    fy: i32,
    m: u32,
    offset: u32,
    len: u32,
    label: String,
    kind: PeriodKind,
) -> Option<Period> {
    let (sy, sm) = add_months(fy, m, offset);
    let (ey, em) = add_months(sy, sm, len);
    let end = ymd(ey, em, 1)?.pred_opt()?;
    Some(Period {
        label,
        kind,
        start: ymd(sy, sm, 1)?,
        end,
    })
}

/// Label of a financial year: "2024-25", or "2024" when the year starts in January.
fn fy_label(fy: i32, m: u32) -> String {
    if m == 1 {
        format!("{fy}")
    } else {
        format!("{fy}-{:02}", (fy + 1).rem_euclid(100))
    }
}

/// Quarter `q` (1-4) of financial year `fy`: label "2024-25 Q2".
pub fn quarter(fy: i32, q: u32, fy_start_month: u32) -> Option<Period> {
    if !valid_fy(fy, fy_start_month) || !(1..=4).contains(&q) {
        return None;
    }
    let label = format!("{} Q{q}", fy_label(fy, fy_start_month));
    fy_span(
        fy,
        fy_start_month,
        (q - 1) * 3,
        3,
        label,
        PeriodKind::Quarter,
    )
}

/// Calendar month: label "2024-09", 2024-09-01 to 2024-09-30.
pub fn month(year: i32, month: u32, fy_start_month: u32) -> Option<Period> {
    if !(1000..=9999).contains(&year)
        || !(1..=12).contains(&fy_start_month)
        || !(1..=12).contains(&month)
    {
        return None;
    }
    fy_span(
        year,
        month,
        0,
        1,
        format!("{year:04}-{month:02}"),
        PeriodKind::Month,
    )
}

/// Half `h` (1-2) of financial year `fy`: label "2024-25 H1".
pub fn half(fy: i32, h: u32, fy_start_month: u32) -> Option<Period> {
    if !valid_fy(fy, fy_start_month) || !(1..=2).contains(&h) {
        return None;
    }
    let label = format!("{} H{h}", fy_label(fy, fy_start_month));
    fy_span(fy, fy_start_month, (h - 1) * 6, 6, label, PeriodKind::Half)
}

/// Financial year `fy`: label "2024-25" ("2024" when the year starts in January).
pub fn year(fy: i32, fy_start_month: u32) -> Option<Period> {
    if !valid_fy(fy, fy_start_month) {
        return None;
    }
    fy_span(
        fy,
        fy_start_month,
        0,
        12,
        fy_label(fy, fy_start_month),
        PeriodKind::Year,
    )
}

/// The quarter that contains a date (2024-09-30 -> "2024-25 Q2" for an April year).
pub fn quarter_of(date: NaiveDate, fy_start_month: u32) -> Option<Period> {
    if !(1..=12).contains(&fy_start_month) {
        return None;
    }
    let offset = (date.month() as i32 - fy_start_month as i32).rem_euclid(12) as u32;
    quarter(fy_of(date, fy_start_month), offset / 3 + 1, fy_start_month)
}

/// Start year of the financial year that contains a date (2025-02-10 -> 2024 for an April year).
pub fn fy_of(date: NaiveDate, fy_start_month: u32) -> i32 {
    if date.month() >= fy_start_month {
        date.year()
    } else {
        date.year() - 1
    }
}

static RE_P_PAIR4: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(fy\s*)?([0-9]{4})(\s*[/\-–]\s*)([0-9]{4}|[0-9]{2})\b"));
static RE_P_PAIR2: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:fy\s*)?([0-9]{2})\s*[/\-–]\s*([0-9]{2})\b"));
static RE_P_MONTH_NUM: LazyLock<Regex> = LazyLock::new(|| re(r"\b([0-9]{1,2})[/\-]([0-9]{4})\b"));
static RE_P_FYNUM: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bfy\s*'?([0-9]{4}|[0-9]{2})\b"));
static RE_P_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:quarter|qtr|q)\s*([1-4])\b|\b([1-4])(?:st|nd|rd|th)\s+(?:quarter|qtr)\b")
});
static RE_P_HALF: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:half[\s\-]?year|half|hy|h)\s*([12])\b"));
static RE_P_MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\b\.?(?:\s*[\-/'’,.]?\s*'?([0-9]{4}|[0-9]{2})\b)?",
    )
});
static RE_P_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b([0-9]{4})\b"));
static RE_EMPTY_PARENS: LazyLock<Regex> = LazyLock::new(|| re(r"\(\s*\)|\[\s*\]"));

/// False when a match sits inside a longer number such as a date ("30/09/2024").
fn isolated(s: &str, start: usize, end: usize) -> bool {
    let b = s.as_bytes();
    let sep = |c: u8| matches!(c, b'/' | b'-' | b'.');
    let before = start >= 2 && sep(b[start - 1]) && b[start - 2].is_ascii_digit();
    let after = end + 1 < b.len() && sep(b[end]) && b[end + 1].is_ascii_digit();
    !before && !after
}

/// Replaces each isolated match that `keep` accepts with a space, returning the rest of the text.
fn take(re: &Regex, text: &str, mut keep: impl FnMut(&Captures) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for c in re.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if isolated(text, m.start(), m.end()) && keep(&c) {
            out.push_str(&text[last..m.start()]);
            out.push(' ');
            last = m.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The one distinct value of a list: Some(None) when empty, None when values differ.
fn single<T: PartialEq + Copy>(items: &[T]) -> Option<Option<T>> {
    match items.first() {
        Some(first) if items.iter().any(|x| x != first) => None,
        first => Some(first.copied()),
    }
}

/// What a header or label says about its period.
#[derive(Default)]
struct Found {
    fys: Vec<i32>,
    quarters: Vec<u32>,
    halves: Vec<u32>,
    months: Vec<(u32, Option<i32>)>,
    bare_years: Vec<i32>,
    bad: bool,
}

/// Finds the period in `text` and returns it with the text that remains.
fn scan(text: &str, m: u32, default_fy: Option<i32>) -> Option<(Period, String)> {
    if !(1..=12).contains(&m) {
        return None;
    }
    let mut f = Found::default();
    let rest = take(&RE_P_PAIR4, &text.replace('_', " "), |c| {
        if let Some(fy) = fy_from_pair(&c[2], &c[4]) {
            f.fys.push(fy);
        } else if let (None, "-" | "/", 2, Some(mon @ 1..=12)) =
            (c.get(1), &c[3], c[4].len(), cap::<u32>(c, 4))
        {
            f.months.push((mon, cap(c, 2)));
        } else {
            f.bad = true;
        }
        true
    });
    let rest = take(&RE_P_PAIR2, &rest, |c| {
        fy_from_pair(&c[1], &c[2]).map(|y| f.fys.push(y)).is_some()
    });
    let rest = take(&RE_P_MONTH_NUM, &rest, |c| match cap::<u32>(c, 1) {
        Some(mon @ 1..=12) => {
            f.months.push((mon, cap(c, 2)));
            true
        }
        _ => false,
    });
    let rest = take(&RE_P_FYNUM, &rest, |c| {
        fy_from_number(&c[1], m).map(|y| f.fys.push(y)).is_some()
    });
    let rest = take(&RE_P_QUARTER, &rest, |c| {
        f.quarters.extend(cap::<u32>(c, 1).or(cap(c, 2)));
        true
    });
    let rest = take(&RE_P_HALF, &rest, |c| {
        cap(c, 1).map(|h| f.halves.push(h)).is_some()
    });
    let rest = take(&RE_P_MONTH_NAME, &rest, |c| {
        let year = c
            .get(2)
            .and_then(|y| Some(expand_year(y.as_str().parse().ok()?, y.len())));
        // A month name without a year must be capitalised ("May", not "may").
        let capital = c[1].starts_with(|ch: char| ch.is_uppercase());
        match month_from_name(&c[1]) {
            Some(mon) if year.is_some() || capital => f.months.push((mon, year)),
            _ => return false,
        }
        true
    });
    let rest = take(&RE_P_YEAR, &rest, |c| {
        cap(c, 1).map(|y| f.bare_years.push(y)).is_some()
    });
    let period = combine(&f, m, default_fy)?;
    let rest = RE_EMPTY_PARENS.replace_all(&rest, " ");
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let seps: &[char] = &['-', '–', '—', ':', '(', ')', '[', ']', ',', '/', '|', ' '];
    Some((period, rest.trim_matches(seps).to_string()))
}

/// Builds the period from what [`scan`] found, or None when it is absent or ambiguous.
fn combine(f: &Found, m: u32, default_fy: Option<i32>) -> Option<Period> {
    if f.bad {
        return None;
    }
    let mut fy = single(&f.fys)?;
    let bare = single(&f.bare_years)?;
    if m == 1 && bare.is_some() {
        if fy.is_some() && fy != bare {
            return None;
        }
        fy = bare;
    }
    // "Q2 2024" names no financial year when the year starts in April.
    let ambiguous = m != 1 && bare.is_some() && fy.is_none();
    let fy_or_default = if ambiguous { None } else { fy.or(default_fy) };
    let (q, h) = (single(&f.quarters)?, single(&f.halves)?);
    // Month names that only spell out the quarter or half ("Q2 (Jul-Sep)") add nothing.
    let (first, len) = q
        .map(|q| ((q - 1) * 3, 3))
        .or(h.map(|h| ((h - 1) * 6, 6)))
        .unwrap_or((0, 0));
    let inside = |mon: u32| (first..first + len).contains(&((mon + 12 - m) % 12));
    let months: Vec<_> = f
        .months
        .iter()
        .copied()
        .filter(|&(mon, y)| y.is_some() || !inside(mon))
        .collect();
    match (q, h, single(&months)?) {
        (Some(q), None, None) => quarter(fy_or_default?, q, m),
        (None, Some(h), None) => half(fy_or_default?, h, m),
        (None, None, Some((mon, Some(y)))) => {
            let p = month(y, mon, m)?;
            fy.is_none_or(|fy| fy_of(p.start, m) == fy).then_some(p)
        }
        (None, None, Some((mon, None))) => {
            let fy = fy_or_default?;
            month(if mon >= m { fy } else { fy.checked_add(1)? }, mon, m)
        }
        (None, None, None) => year(fy?, m),
        _ => None,
    }
}

/// Parses a period written in any of the usual ways, including its own labels.
///
/// Examples (April year): "Q2 2024/25", "2024/25 Q2", "Quarter 2 24-25", "Q2 FY25" and
/// "2024-25 Q2" -> 2024-25 Q2; "Sep-24", "Sept 2024", "09/2024", "2024-09" -> 2024-09;
/// "H1 2024/25" -> 2024-25 H1; "2024/25", "FY25" -> 2024-25. "Q2" and "Sep" need `default_fy`
/// (Feb in FY 2024 is 2025-02). "2011-12" is read as the financial year, never the month.
pub fn parse_period(s: &str, fy_start_month: u32, default_fy: Option<i32>) -> Option<Period> {
    scan(s, fy_start_month, default_fy).map(|(p, _)| p)
}

/// Which way a column writes numeric dates: "3/4/2016" is 3 April day-first (the UK) and
/// 4 March month-first. A column's values decide (a first part over 12 makes it day-first, a
/// second part over 12 month-first); see [`date_order_of`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// How a long table's period column writes its dates: day or month first, and whether they
/// name months (a monthly series, dated on any day) or the quarters they end (every date a
/// quarter's last day: the state at quarter end).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateColumn {
    pub order: DateOrder,
    pub months: bool,
}

impl DateColumn {
    /// What a column's texts show (see [`date_order_of`]).
    pub fn of<'a>(
        texts: impl IntoIterator<Item = &'a str> + Clone,
        fy_start_month: u32,
    ) -> DateColumn {
        let order = date_order_of(texts.clone());
        let months = texts
            .into_iter()
            .filter_map(|t| parse_date_in(t, order))
            .any(|d| quarter_of(d, fy_start_month).is_none_or(|q| q.end != d));
        DateColumn { order, months }
    }
}

/// The date order a column's texts show: month-first when some value only makes sense that
/// way (3/13/2016) and none only day-first; day-first otherwise.
pub fn date_order_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> DateOrder {
    let (mut day_first, mut month_first) = (false, false);
    for t in texts {
        if let Some(c) = RE_DMY.captures(t.trim()) {
            let (a, b) = (
                cap::<u32>(&c, 1).unwrap_or(0),
                cap::<u32>(&c, 3).unwrap_or(0),
            );
            day_first |= a > 12 && b <= 12;
            month_first |= b > 12 && a <= 12;
        }
    }
    if month_first && !day_first {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}

/// Reads a date written in `order` ("3/13/2016" month-first); other forms as [`parse_date`].
pub fn parse_date_in(s: &str, order: DateOrder) -> Option<NaiveDate> {
    if order == DateOrder::MonthFirst {
        if let Some(c) = RE_DMY.captures(s.trim()) {
            let y = expand_year(cap(&c, 5)?, c.get(5)?.len());
            return (c[2] == c[4]).then(|| ymd(y, cap(&c, 1)?, cap(&c, 3)?))?;
        }
    }
    parse_date(s)
}

/// A date names the quarter it ends (the state at quarter end), or else the month it falls in.
pub fn period_of_date(d: NaiveDate, fy_start_month: u32) -> Option<Period> {
    let q = quarter_of(d, fy_start_month)?;
    if d == q.end {
        return Some(q);
    }
    month(d.year(), d.month(), fy_start_month)
}

/// Calendar year `y`: label "2020", 1 January to 31 December.
pub fn calendar_year(y: i32) -> Option<Period> {
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Some(Period {
        label: format!("{y}"),
        kind: PeriodKind::Year,
        start: ymd(y, 1, 1)?,
        end: ymd(y, 12, 31)?,
    })
}

/// "Q1 2019", "2019 Q1", "2019-Q1": a quarter of a calendar year (no financial year named).
static RE_CAL_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:q([1-4])\s*[-/ ]?\s*([0-9]{4})|([0-9]{4})\s*[-/ ]?\s*q([1-4]))$")
});
static RE_CAL_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:cy|calendar\s+year|year)?\s*([0-9]{4})$"));
/// "2010 - 12", "2010 to 2012": calendar years pooled (spaces or "to" around the dash).
static RE_YEAR_SPAN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^([0-9]{4})(?:\s+[\-–—]\s+|\s*[\-–—]?\s*to\s+)([0-9]{4}|[0-9]{2})$"));
/// Where a span may be cut in two: a dash (with or without spaces) or "to".
static RE_SPAN_CUT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\s*[\-–—]\s*|\s+to\s+"));

/// A period that runs from `a`'s start to `b`'s end: a calendar or financial year when it is
/// exactly one, else a span labelled "`a` to `b`".
fn span_of(a: &Period, b: &Period, fy_start_month: u32) -> Option<Period> {
    if b.end <= a.start {
        return None;
    }
    if a.start.month() == 1
        && a.start.day() == 1
        && b.end.month() == 12
        && b.end.year() == a.start.year()
    {
        return calendar_year(a.start.year());
    }
    let fy = year(fy_of(a.start, fy_start_month), fy_start_month)?;
    if fy.start == a.start && fy.end == b.end {
        return Some(fy);
    }
    Some(Period {
        label: format!("{} to {}", a.label, b.label),
        kind: PeriodKind::Span,
        start: a.start,
        end: b.end,
    })
}

/// Reads the period a cell of a long table's period column holds: every form of
/// [`parse_period`], and also dates as text ("2020-12-31", the quarter it ends), calendar
/// years ("2020"), pooled years ("2010 - 12": 2010 to 2012) and spans of periods
/// ("Apr 2011-Mar 2012": 2011-12; "Jan 2012-Dec 2012": 2012; "2018/19 - 22/23": 2018-19 to
/// 2022-23).
pub fn parse_period_cell(
    s: &str,
    fy_start_month: u32,
    default_fy: Option<i32>,
    dates: DateColumn,
) -> Option<Period> {
    parse_period_cell_at(s, fy_start_month, default_fy, dates, true)
}

fn parse_period_cell_at(
    s: &str,
    m: u32,
    default_fy: Option<i32>,
    dates: DateColumn,
    spans: bool,
) -> Option<Period> {
    let t = s.trim();
    if t.is_empty() || t.len() > 60 {
        return None;
    }
    if let Some(d) = parse_date_in(t, dates.order) {
        return if dates.months {
            month(d.year(), d.month(), m)
        } else {
            period_of_date(d, m)
        };
    }
    if let Some(fy) = parse_financial_year(t) {
        return year(fy, m);
    }
    if let Some(c) = RE_CAL_YEAR.captures(t) {
        return calendar_year(cap(&c, 1)?);
    }
    if m != 1 {
        if let Some(c) = RE_CAL_QUARTER.captures(t) {
            // A calendar quarter: its months, named as the financial quarter they make.
            let q: u32 = cap(&c, 1).or_else(|| cap(&c, 4))?;
            let y: i32 = cap(&c, 2).or_else(|| cap(&c, 3))?;
            return quarter_of(ymd(y, (q - 1) * 3 + 1, 1)?, m);
        }
    }
    if spans {
        if let Some(c) = RE_YEAR_SPAN.captures(t) {
            let a: i32 = cap(&c, 1)?;
            let second = c.get(2)?.as_str();
            let b = if second.len() == 2 {
                a - a.rem_euclid(100) + second.parse::<i32>().ok()?
            } else {
                second.parse().ok()?
            };
            if b > a {
                let (pa, pb) = (calendar_year(a)?, calendar_year(b)?);
                return Some(Period {
                    label: format!("{a} to {b}"),
                    kind: PeriodKind::Span,
                    start: pa.start,
                    end: pb.end,
                });
            }
        }
        // A whole period that needs no default year ("2022-23 Q3") is not a span, whatever
        // year a folder or title gives ("2022" to "23 Q3" of that year).
        if let Some((p, rest)) = scan(t, m, None) {
            if rest.trim().is_empty() {
                return Some(p);
            }
        }
        for cut in RE_SPAN_CUT.find_iter(t) {
            let (left, right) = (&t[..cut.start()], &t[cut.end()..]);
            if left.trim().is_empty() || right.trim().is_empty() {
                continue;
            }
            let a = parse_period_cell_at(left, m, default_fy, dates, false);
            let b = parse_period_cell_at(right, m, default_fy, dates, false);
            if let (Some(a), Some(b)) = (a, b) {
                if let Some(p) = span_of(&a, &b, m) {
                    return Some(p);
                }
            }
        }
    }
    parse_period(t, m, default_fy)
}

/// Splits a column header into its period and the rest ("Q2 Actual" -> (Q2, "Actual")).
///
/// Examples (default FY 2024): "Q1 2024/25 Status" -> (2024-25 Q1, "Status"); "Apr-24" ->
/// (2024-04, ""); "Target 2024/25" -> (2024-25, "Target"). "Score", "Q&A", "Market" hold no period.
pub fn split_period(
    header: &str,
    fy_start_month: u32,
    default_fy: Option<i32>,
) -> Option<(Period, String)> {
    scan(header, fy_start_month, default_fy)
}

// ---------------------------------------------------------------- ratings

const N: &str = r"([0-9]+(?:\.[0-9]+)?)";
static RE_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?:(?:likelihood|impact|probability|l|i|p)\s*[=:]?\s*)?{N}(?:\s*[\-–:(]?\s*[a-z][a-z \-]*\)?)?$"
    ))
});
static RE_LEVEL_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)^[a-z][a-z \-]*?\s*[(\-–:]\s*{N}\s*\)?$")));

/// Reads one likelihood or impact cell: "4", "4 - Likely", "L4", or a label of the scale.
///
/// Examples with labels Rare..Almost certain: "4 (Likely)" -> 4; "I4" -> 4; "likely" -> 4;
/// "Almost Certain" -> 5; "2.5" -> 2.5 (kept as written).
pub fn parse_level(s: &str, labels: &[String]) -> Option<f64> {
    let t = s.trim();
    if let Ok(v) = t.parse::<f64>() {
        if v.is_finite() && v >= 0.0 {
            return Some(v);
        }
    }
    if is_missing(t) {
        return None;
    }
    let c = RE_LEVEL.captures(t).or_else(|| RE_LEVEL_AFTER.captures(t));
    if let Some(v) = c.and_then(|c| cap::<f64>(&c, 1)).filter(|v| v.is_finite()) {
        return Some(v);
    }
    // "5 - Almost certain (>90%)": a number, a dash or colon, then any label.
    static RE_NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| re(r"^(\d{1,2}(?:\.\d+)?)\s*[-–:]\s*\S"));
    if let Some(v) = RE_NUMBERED.captures(t).and_then(|c| cap::<f64>(&c, 1)) {
        return Some(v);
    }
    let n = norm(t);
    labels
        .iter()
        .position(|l| norm(l) == n)
        .map(|i| i as f64 + 1.0)
}

static RE_RATING_PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?:l(?:ikelihood)?\s*[=:]?\s*)?{N}\s*[x×*]\s*(?:i(?:mpact)?\s*[=:]?\s*)?{N}\s*(?:(?:=|\(|,|-)\s*(?:score\s*[=:]?\s*)?{N}\s*\)?)?$"
    ))
});
static RE_RATING_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^l(?:ikelihood)?\s*[=:]?\s*{N}\s*[,;/]?\s*i(?:mpact)?\s*[=:]?\s*{N}\s*(?:[,;]?\s*(?:(?:score|s|total|rating)\s*[=:]?\s*|=\s*|\(\s*){N}\s*\)?)?$"
    ))
});
static RE_RATING_SCORE_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^{N}\s*\(\s*(?:l\s*)?{N}\s*[x×*]\s*(?:i\s*)?{N}\s*\)$"
    ))
});
static RE_RATING_SCORE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)^(?:score\s*[=:]?\s*)?{N}$")));

/// Reads a combined rating cell as (likelihood, impact, score), each None when absent.
///
/// Examples: "4 x 5 = 20", "4×5=20", "L4 I5 (20)", "L=4, I=5, Score=20", "20 (L4 x I5)" ->
/// (4, 5, 20); "4 X 5" -> (4, 5, None); "20" -> (None, None, 20). Values are kept as written.
pub fn parse_combined_rating(s: &str) -> Option<(Option<f64>, Option<f64>, Option<f64>)> {
    let t = s.trim();
    let num = |c: &Captures, i| cap::<f64>(c, i).filter(|v| v.is_finite());
    if let Some(c) = RE_RATING_PRODUCT
        .captures(t)
        .or_else(|| RE_RATING_LABELLED.captures(t))
    {
        return Some((num(&c, 1), num(&c, 2), num(&c, 3)));
    }
    if let Some(c) = RE_RATING_SCORE_FIRST.captures(t) {
        return Some((num(&c, 2), num(&c, 3), num(&c, 1)));
    }
    let c = RE_RATING_SCORE.captures(t)?;
    Some((None, None, Some(num(&c, 1)?)))
}

// ---------------------------------------------------------------- RAG

fn rag_phrase(n: &str) -> Option<Rag> {
    Some(match n {
        "r" | "red" | "🔴" => Rag::Red,
        "a" | "amber" | "yellow" | "orange" | "🟠" | "🟡" => Rag::Amber,
        "g" | "green" | "🟢" => Rag::Green,
        "on target" | "on track" | "achieved" | "met" | "target met" | "target achieved"
        | "exceeded" | "exceeded target" | "exceeding target" | "ahead of target" => Rag::Green,
        "within tolerance"
        | "slightly off target"
        | "near target"
        | "close to target"
        | "slightly below target"
        | "at risk"
        | "minor concerns" => Rag::Amber,
        "off target"
        | "not achieved"
        | "not met"
        | "missed"
        | "target missed"
        | "target not met"
        | "off track"
        | "significantly off target" => Rag::Red,
        _ => return None,
    })
}

static RE_RAG_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s*(?:/|-|–|&|\+|\band\b|\bto\b|\bor\b)\s*"));

/// Reads a RAG written as a word, letter or phrase; a mix such as "Amber/Red" gives the worse.
///
/// Examples: "R", "red", "Off target", "Amber/Red" -> Red; "Yellow", "Within tolerance" -> Amber;
/// "On track", "Met" -> Green; "", "n/a" -> None.
pub fn parse_rag(s: &str) -> Option<Rag> {
    let n = norm(s);
    let n = n.trim_end_matches(['*', '!', ' ']);
    if is_missing(n) {
        return None;
    }
    if let Some(r) = rag_phrase(n).or_else(|| rag_phrase(&n.replace('-', " "))) {
        return Some(r);
    }
    let parts: Vec<&str> = RE_RAG_SPLIT.split(n).filter(|p| !p.is_empty()).collect();
    let parts: Vec<String> = if parts.len() == 1 && n.len() == 2 && n.is_ascii() {
        n.chars().map(String::from).collect() // "AR", "GA"
    } else {
        parts.iter().map(|p| p.to_string()).collect()
    };
    let rags: Option<Vec<Rag>> = parts.iter().map(|p| rag_phrase(p)).collect();
    rags.filter(|r| r.len() > 1)?.into_iter().min()
}

/// Classifies a cell fill colour (0xAARRGGBB or 0xRRGGBB) as red, amber or green by hue.
///
/// Examples: FF0000, FFC7CE -> Red; FFC000, FFEB9C, FFFF00 -> Amber; 00B050, C6EFCE -> Green;
/// white, black, greys, blues and purples -> None.
pub fn rag_from_colour(argb: u32) -> Option<Rag> {
    let [_, r, g, b] = argb.to_be_bytes().map(|c| f64::from(c) / 255.0);
    let max = r.max(g).max(b);
    let delta = max - r.min(g).min(b);
    if max < 0.2 || delta / max < 0.12 {
        return None;
    }
    let hue = if max == r {
        60.0 * ((g - b) / delta).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / delta + 2.0)
    } else {
        60.0 * ((r - g) / delta + 4.0)
    };
    match hue {
        h if !(15.0..335.0).contains(&h) => Some(Rag::Red),
        h if h < 68.0 => Some(Rag::Amber),
        h if h < 170.0 => Some(Rag::Green),
        _ => None,
    }
}

// ---------------------------------------------------------------- travel, trend, polarity

/// Direction-of-travel text, before polarity is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Travel {
    Better,
    Worse,
    Same,
    Up,
    Down,
}

const UP_ARROWS: &str = "↑▲⬆⇧⇑△";
const DOWN_ARROWS: &str = "↓▼⬇⇩⇓▽";
const SIDE_ARROWS: &str = "↔→⇔⬌►▶◄⇄⟷=";

/// Reads direction-of-travel text: "Improving" -> Better, "No change"/"↔" -> Same, "↑" -> Up.
///
/// Arrows and "Up"/"Down" report the movement of the value, not a judgement.
pub fn parse_travel(s: &str) -> Option<Travel> {
    let n = norm(s);
    Some(match n.as_str() {
        "better" | "improving" | "improved" | "improvement" | "getting better" => Travel::Better,
        "worse" | "worsening" | "worsened" | "deteriorating" | "deteriorated" | "deterioration"
        | "declining" | "declined" | "getting worse" => Travel::Worse,
        "same" | "no change" | "unchanged" | "stable" | "static" | "maintained" | "steady"
        | "no movement" => Travel::Same,
        "up" | "increase" | "increasing" | "increased" | "higher" | "rising" | "risen" => {
            Travel::Up
        }
        "down" | "decrease" | "decreasing" | "decreased" | "lower" | "falling" | "fallen"
        | "reduced" => Travel::Down,
        _ => match n.chars().next()? {
            c if UP_ARROWS.contains(c) => Travel::Up,
            c if DOWN_ARROWS.contains(c) => Travel::Down,
            c if SIDE_ARROWS.contains(c) => Travel::Same,
            _ => return None,
        },
    })
}

/// Turns travel into a judgement; Up and Down need the polarity.
pub fn travel_direction(t: Travel, polarity: Option<Polarity>) -> Option<Direction> {
    let higher = |p: Polarity| p == Polarity::HigherIsBetter;
    match t {
        Travel::Better => Some(Direction::Improving),
        Travel::Worse => Some(Direction::Worsening),
        Travel::Same => Some(Direction::NoChange),
        Travel::Up => polarity.map(|p| {
            if higher(p) {
                Direction::Improving
            } else {
                Direction::Worsening
            }
        }),
        Travel::Down => polarity.map(|p| {
            if higher(p) {
                Direction::Worsening
            } else {
                Direction::Improving
            }
        }),
    }
}

/// Reads a risk's trend: "Increasing"/"↑"/"Worsening" -> Increasing, "Reducing"/"Improving" ->
/// Decreasing, "Static"/"↔" -> Stable; "New" -> None.
pub fn parse_trend(s: &str) -> Option<Trend> {
    let n = norm(s);
    Some(match n.as_str() {
        "increasing" | "increased" | "increase" | "rising" | "risen" | "up" | "worsening"
        | "worse" | "higher" | "escalating" => Trend::Increasing,
        "decreasing" | "decreased" | "decrease" | "reducing" | "reduced" | "falling" | "fallen"
        | "down" | "improving" | "improved" | "better" | "lower" => Trend::Decreasing,
        "static" | "stable" | "unchanged" | "no change" | "same" | "steady" | "maintained" => {
            Trend::Stable
        }
        _ => match n.chars().next()? {
            c if UP_ARROWS.contains(c) => Trend::Increasing,
            c if DOWN_ARROWS.contains(c) => Trend::Decreasing,
            c if SIDE_ARROWS.contains(c) => Trend::Stable,
            _ => return None,
        },
    })
}

const HIGH_WORDS: &str = "higher|high|bigger|larger|greater|more|maximise|maximize|maximising|\
    increase|increasing|up|over|above";
const LOW_WORDS: &str = "lower|low|smaller|less|fewer|minimise|minimize|minimising|decrease|\
    decreasing|down|under|below|reduce|reduction";

/// Reads a polarity: "Higher is better", "Maximise", "over", "↑" -> HigherIsBetter; "Lower is
/// better", "Minimise", "under", "↓" -> LowerIsBetter ("Higher is worse" is LowerIsBetter).
pub fn parse_polarity(s: &str) -> Option<Polarity> {
    let w = words(s);
    let has = |list: &str| w.iter().any(|x| listed(list, x));
    let high = has(HIGH_WORDS) || s.chars().any(|c| UP_ARROWS.contains(c));
    let low = has(LOW_WORDS) || s.chars().any(|c| DOWN_ARROWS.contains(c));
    let flip = w.iter().any(|x| x == "worse") && !w.iter().any(|x| x == "better");
    match (high, low) {
        (true, false) if flip => Some(Polarity::LowerIsBetter),
        (true, false) => Some(Polarity::HigherIsBetter),
        (false, true) if flip => Some(Polarity::HigherIsBetter),
        (false, true) => Some(Polarity::LowerIsBetter),
        _ => None,
    }
}

// ---------------------------------------------------------------- units

static RE_PER_N: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bper\s+[0-9][0-9,]*\s*k?\b|\brate per\b|\bratio\b"));

/// Reads a unit column: "%", "Rate (%)" -> Percent; "No.", "Count" -> Number; "£", "£k", "GBP" ->
/// Currency; "Days", "No. of days" -> Days; "Ratio", "Per 1000" -> Ratio.
pub fn parse_unit(s: &str) -> Option<Unit> {
    let n = norm(s);
    let n = n.trim_start_matches('(').trim_end_matches(')').trim();
    let w = words(n);
    let has = |list: &str| w.iter().any(|x| listed(list, x));
    if n.contains('%') || n.contains("per cent") || has("percent|percentage|pct") {
        Some(Unit::Percent)
    } else if RE_PER_N.is_match(n) {
        Some(Unit::Ratio)
    } else if has("day|days") {
        Some(Unit::Days)
    } else if n.contains('£') || has("currency|money|cost|costs|gbp|pounds|spend") {
        Some(Unit::Currency)
    } else if listed("#|no|nos|no. of|count of", n) || has("number|count|total|numeric|num|integer")
    {
        Some(Unit::Number)
    } else {
        None
    }
}

static RE_TITLE_PAREN: LazyLock<Regex> = LazyLock::new(|| re(r"\(([^()]*)\)\s*$"));
static RE_TITLE_PERCENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)%|\bpercentage\b|\bpercent\b|\bper cent\b|\bproportion of\b"));
static RE_TITLE_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:average|avg\.?|mean|number of|no\.? of)\s+(?:number of\s+)?(?:working\s+|calendar\s+)?days\b|\bdays\s+(?:taken|to|lost)\b|\baverage\s+time\b",
    )
});
static RE_TITLE_CURRENCY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)£|\bcost of\b|\bcost per\b|\bspend\b|\bspending\b|\bexpenditure\b"));
static RE_TITLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:number|no\.|count) of\b"));

/// Guesses the unit from a measure's title ("% of ..." -> Percent, "Average number of days ..." ->
/// Days, "Cost of ..." -> Currency, "rate per 1,000" -> Ratio, "Number of ..." -> Number).
pub fn unit_from_title(title: &str) -> Option<Unit> {
    let t = title.trim();
    if let Some(u) = RE_TITLE_PAREN.captures(t).and_then(|c| parse_unit(&c[1])) {
        return Some(u);
    }
    if RE_TITLE_PERCENT.is_match(t) {
        Some(Unit::Percent)
    } else if RE_TITLE_DAYS.is_match(t) {
        Some(Unit::Days)
    } else if RE_TITLE_CURRENCY.is_match(t) {
        Some(Unit::Currency)
    } else if RE_PER_N.is_match(t) {
        Some(Unit::Ratio)
    } else if RE_TITLE_NUMBER.is_match(t) {
        Some(Unit::Number)
    } else {
        None
    }
}

/// Splits a number format code into (code outside literals, literal text).
fn format_parts(code: &str) -> (String, String) {
    let (mut outside, mut literal) = (String::new(), String::new());
    let mut chars = code.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => literal.push(c),
            '\\' => literal.extend(chars.next()),
            '_' | '*' => {
                chars.next();
            }
            '[' => literal.extend(chars.by_ref().take_while(|&c| c != ']')),
            _ => outside.push(c),
        }
    }
    (outside, literal.to_lowercase())
}

/// Guesses the unit from an Excel number format code: "0%" -> Percent, "£#,##0" or
/// "[$£-809]#,##0" -> Currency, `0 "days"` -> Days; "General", "0.0" -> None.
pub fn unit_from_number_format(code: &str) -> Option<Unit> {
    let (outside, literal) = format_parts(code);
    if outside.contains('%') {
        Some(Unit::Percent)
    } else if code.contains('£') {
        Some(Unit::Currency)
    } else if literal.contains("day") {
        Some(Unit::Days)
    } else {
        None
    }
}

/// Whether a number format code shows the value as a percentage (0.85 displays as 85%).
pub fn is_percent_format(code: &str) -> bool {
    format_parts(code).0.contains('%')
}

// ---------------------------------------------------------------- codes

/// Reads a measure kind: "KPI", "Corporate KPI" -> Kpi; "PI", "Local PI", "Operational" -> Pi;
/// "Statistic", "Context indicator", "Data only" -> Statistic.
pub fn parse_kind(s: &str) -> Option<MeasureKind> {
    let n = norm(s);
    let w = words(&n);
    let has = |list: &str| w.iter().any(|x| listed(list, x));
    if has("kpi|kpis|ckpi") || n.contains("key performance") {
        Some(MeasureKind::Kpi)
    } else if has("statistic|statistics|stat|stats|contextual|context")
        || listed("data only|monitor only|monitoring only|for information", &n)
    {
        Some(MeasureKind::Statistic)
    } else if has("pi|pis|lpi|spi|operational") || n.contains("performance indicator") {
        Some(MeasureKind::Pi)
    } else {
        None
    }
}

/// Reads a risk status: "Open", "Live", "Active", "New" -> Open; "Closed", "Archived",
/// "Complete" -> Closed. The first word decides ("Closed - merged into R12" is Closed).
pub fn parse_status(s: &str) -> Option<RiskStatus> {
    let w = words(s);
    match w.first()?.as_str() {
        "open" | "live" | "active" | "current" | "new" | "ongoing" | "reopened" => {
            Some(RiskStatus::Open)
        }
        "closed" | "close" | "archived" | "retired" | "removed" | "deleted" | "complete"
        | "completed" => Some(RiskStatus::Closed),
        _ => None,
    }
}

/// Reads a yes/no flag: "Yes", "Y", "TRUE", "1", "x", "✓", "Escalate" -> true; "No", "N",
/// "False", "0", "✗" -> false; "" and anything else -> None.
pub fn parse_flag(s: &str) -> Option<bool> {
    let n = norm(s);
    match n.as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "☑" | "☒" | "escalate" | "escalated"
        | "tick" | "ticked" => return Some(true),
        "no" | "n" | "false" | "0" | "✗" | "✘" | "☐" | "not escalated" => return Some(false),
        _ => {}
    }
    match words(&n).first()?.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// Reads a reporting frequency as "quarterly", "monthly", "annual", "half_yearly" or "weekly".
pub fn parse_frequency(s: &str) -> Option<&'static str> {
    let n = words(s).join(" ");
    Some(match n.as_str() {
        "quarterly" | "q" | "qtr" | "quarter" | "qtrly" => "quarterly",
        "monthly" | "m" | "month" => "monthly",
        "annually" | "annual" | "yearly" | "a" | "y" | "year" | "per annum" => "annual",
        "half yearly" | "halfyearly" | "biannual" | "biannually" | "bi annual" | "bi annually"
        | "6 monthly" | "six monthly" | "twice yearly" | "semi annual" | "semi annually" => {
            "half_yearly"
        }
        "weekly" | "w" | "week" => "weekly",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_labels_with_any_text_read_their_number() {
        let labels: Vec<String> = vec![];
        assert_eq!(
            super::parse_level("5 - Almost certain (>90%)", &labels),
            Some(5.0)
        );
        assert_eq!(
            super::parse_level("2: Unlikely (10-30%)", &labels),
            Some(2.0)
        );
    }

    use super::*;
    use proptest::prelude::*;
    use std::fmt::Debug;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn labels() -> Vec<String> {
        "Rare|Unlikely|Possible|Likely|Almost certain"
            .split('|')
            .map(String::from)
            .collect()
    }
    fn label(p: Option<Period>) -> Option<String> {
        p.map(|p| p.label)
    }
    /// Checks `f` on every '|'-separated input of each row.
    fn check<T: PartialEq + Debug>(f: impl Fn(&str) -> T, rows: &[(&str, T)]) {
        for (inputs, want) in rows {
            for s in inputs.split('|') {
                assert_eq!(f(s), *want, "input {s:?}");
            }
        }
    }

    #[test]
    #[rustfmt::skip]
    fn missing_markers() {
        check(is_missing, &[
            ("|  |n/a|N/A|na|n.a.|N / A|-|–|—|--|TBC|TBA|tbc.|not available|Not Applicable", true),
            ("no data|awaiting data|not yet available|#N/A|null|nil return|#DIV/0!", true),
            ("0|nil|Nil|None|85%|Red|nan0|a", false),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn numbers() {
        use Unit::*;
        let num = |s: &str| parse_number(s).map(|p| (p.value, p.unit));
        check(num, &[
            ("85%|85 %|85 per cent|85percent", Some((85.0, Some(Percent)))),
            ("£1,234|£1234|£ 1,234", Some((1234.0, Some(Currency)))),
            ("£1.2m|£1.2 million|£1,200k", Some((1_200_000.0, Some(Currency)))),
            ("£45k|£45K", Some((45_000.0, Some(Currency)))),
            ("$15,200,000 |$ 15,200,000|€15200000", Some((15_200_000.0, Some(Currency)))),
            ("25.43 (Q13-Q16)|25.43 (provisional)", Some((25.43, None))),
            ("85% (target 90%)|85 (2023 data)", None),
            ("£2.5bn", Some((2_500_000_000.0, Some(Currency)))),
            ("-£1,234.50|£-1,234.5", Some((-1234.5, Some(Currency)))),
            ("£(1,200)|(£1,200)", Some((-1200.0, Some(Currency)))),
            ("1,234.5", Some((1234.5, None))),
            ("12.5 days|12.5 working days", Some((12.5, Some(Days)))),
            ("3 days", Some((3.0, Some(Days)))),
            ("1 day", Some((1.0, Some(Days)))),
            ("(1,200)", Some((-1200.0, None))),
            ("-3.5|−3.5|- 3.5", Some((-3.5, None))),
            ("+2", Some((2.0, None))),
            ("1:4", Some((0.25, Some(Ratio)))),
            ("0.85", Some((0.85, None))),
            (" 42 ", Some((42.0, None))),
            ("1.5x", Some((1.5, None))),
            (".5", Some((0.5, None))),
            ("5.", Some((5.0, None))),
            ("1e5|1.e5", Some((100_000.0, None))),
            ("1.5E-3", Some((0.0015, None))),
            ("nil|0", Some((0.0, None))),
            ("n/a|85% (target 90%)|Q2|2024/25|30/09/2024|2024-09-30|1e400|-1e400|1:0|1,23", None),
            ("1,2345|12,34,567|--|%%|£|%|.|+-2|(-2)|£5%|5k%|NaN|inf|١٢٣|12 apples", None),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn dates() {
        check(parse_date, &[
            ("30/09/2024|30/9/24|30-09-2024|30.09.2024|30 Sep 2024", Some(d(2024, 9, 30))),
            ("30 Sept 2024|30 September 2024|30th September 2024", Some(d(2024, 9, 30))),
            ("Sep 30, 2024|September 30th 2024|2024-09-30", Some(d(2024, 9, 30))),
            ("2024-09-30 00:00:00|2024-09-30T00:00:00|2024-09-30T00:00:00Z", Some(d(2024, 9, 30))),
            ("30-Sep-24|30-Sep-2024|Monday 30 September 2024| 30/09/2024 ", Some(d(2024, 9, 30))),
            ("30/09/2024 09:15", Some(d(2024, 9, 30))),
            ("1/4/75", Some(d(1975, 4, 1))),
            ("1/4/69", Some(d(2069, 4, 1))),
            ("29/02/2024", Some(d(2024, 2, 29))),
            ("31/02/2024|29/02/2023|20240930|30/09-2024|32/01/2024|30 Foo 2024|Q2|2024/25|", None),
            ("09/30/2024|30 Ma 2024|2024-13-01", None),
        ]);
    }

    #[test]
    fn serials() {
        let cases = [
            (45565.0, false, Some(d(2024, 9, 30))),
            (45565.75, false, Some(d(2024, 9, 30))),
            (1.0, false, Some(d(1900, 1, 1))),
            (59.0, false, Some(d(1900, 2, 28))),
            (60.0, false, None),
            (61.0, false, Some(d(1900, 3, 1))),
            (2958465.0, false, Some(d(9999, 12, 31))),
            (0.0, true, Some(d(1904, 1, 1))),
            (45565.0 - 1462.0, true, Some(d(2024, 9, 30))),
            (-1.0, true, None),
        ];
        for (serial, is_1904, want) in cases {
            assert_eq!(date_from_serial(serial, is_1904), want, "{serial}");
        }
        for v in [
            0.0,
            0.5,
            -1.0,
            2958466.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
        ] {
            assert_eq!(date_from_serial(v, false), None, "{v}");
        }
        assert_eq!(serial_from_date(d(2024, 9, 30), false), Some(45565.0));
        assert_eq!(serial_from_date(d(1900, 2, 28), false), Some(59.0));
        assert_eq!(serial_from_date(d(1899, 12, 31), false), None);
    }

    #[test]
    #[rustfmt::skip]
    fn financial_years() {
        check(parse_financial_year, &[
            ("2024/25|2024-25|2024/2025|24/25|24-25|FY25|FY 2024/25|FY2024-25", Some(2024)),
            ("2024-2025|2024 / 25|fy25|FY2025|2024–25", Some(2024)),
            ("99/00|1999-2000", Some(1999)),
            ("2024/26|2024|24/26|Q2||2024-09|FY", None),
        ]);
        check(find_financial_year, &[
            ("Performance Report 2024/25 - Quarter 2|Q2 FY25 scorecard", Some(2024)),
            ("2024/25 and 2024-25", Some(2024)),
            ("Comparing 2023/24 with 2024/25|As at 01/02/2024|Risk register", None),
        ]);
    }

    #[test]
    fn period_cells_of_long_tables() {
        let p = |s: &str| {
            parse_period_cell(s, 4, None, DateColumn::default())
                .map(|p| (p.label, p.start.to_string(), p.end.to_string()))
        };
        let t = |l: &str, a: &str, b: &str| Some((l.to_string(), a.to_string(), b.to_string()));
        assert_eq!(p("2010"), t("2010", "2010-01-01", "2010-12-31"));
        assert_eq!(p("2010/11"), t("2010-11", "2010-04-01", "2011-03-31"));
        assert_eq!(p("FY2017-18"), t("2017-18", "2017-04-01", "2018-03-31"));
        assert_eq!(p("2021-07"), t("2021-07", "2021-07-01", "2021-07-31"));
        assert_eq!(p("April 2021"), t("2021-04", "2021-04-01", "2021-04-30"));
        assert_eq!(
            p("Jan 2012-Dec 2012"),
            t("2012", "2012-01-01", "2012-12-31")
        );
        assert_eq!(
            p("Apr 2011-Mar 2012"),
            t("2011-12", "2011-04-01", "2012-03-31")
        );
        assert_eq!(
            p("Apr 2021-Mar 2022"),
            t("2021-22", "2021-04-01", "2022-03-31")
        );
        assert_eq!(
            p("Oct 2020-Sep 2021"),
            t("2020-10 to 2021-09", "2020-10-01", "2021-09-30")
        );
        assert_eq!(
            p("2010 - 12"),
            t("2010 to 2012", "2010-01-01", "2012-12-31")
        );
        assert_eq!(
            p("2010 to 2012"),
            t("2010 to 2012", "2010-01-01", "2012-12-31")
        );
        assert_eq!(
            p("2018/19 - 22/23"),
            t("2018-19 to 2022-23", "2018-04-01", "2023-03-31")
        );
        assert_eq!(p("2020-12-31"), t("2020-21 Q3", "2020-10-01", "2020-12-31"));
        assert_eq!(p("2021-05-15"), t("2021-05", "2021-05-01", "2021-05-31"));
        assert_eq!(p("Q2 2024/25"), t("2024-25 Q2", "2024-07-01", "2024-09-30"));
        assert_eq!(p("2024-25 Q2"), t("2024-25 Q2", "2024-07-01", "2024-09-30"));
        assert_eq!(p("Q1 2019"), t("2018-19 Q4", "2019-01-01", "2019-03-31"));
        assert_eq!(p("2019 Q3"), t("2019-20 Q2", "2019-07-01", "2019-09-30"));
        assert_eq!(p("25.43 (Q13-Q16)"), None);
        assert_eq!(p("Pending"), None);
        assert_eq!(p(""), None);
    }

    #[test]
    fn date_order_is_decided_by_the_column() {
        assert_eq!(
            date_order_of(["3/1/2016", "3/13/2016", "4/2/2016"]),
            DateOrder::MonthFirst
        );
        assert_eq!(
            date_order_of(["3/1/2016", "13/3/2016"]),
            DateOrder::DayFirst
        );
        assert_eq!(date_order_of(["3/1/2016", "4/1/2016"]), DateOrder::DayFirst);
        let mf = |s| {
            parse_period_cell(
                s,
                4,
                None,
                DateColumn {
                    order: DateOrder::MonthFirst,
                    months: false,
                },
            )
            .map(|p| p.label)
        };
        assert_eq!(mf("3/13/2016").as_deref(), Some("2016-03"));
        assert_eq!(mf("3/31/2016").as_deref(), Some("2015-16 Q4"));
        let df = |s| parse_period_cell(s, 4, None, DateColumn::default()).map(|p| p.label);
        assert_eq!(df("13/3/2016").as_deref(), Some("2016-03"));
        // A monthly series dated on month ends: March's last day is March, not Q4.
        let texts = ["1/31/2016", "2/29/2016", "3/31/2016"];
        let monthly = DateColumn::of(texts, 4);
        assert_eq!(
            monthly,
            DateColumn {
                order: DateOrder::MonthFirst,
                months: true
            }
        );
        let m = |s| parse_period_cell(s, 4, None, monthly).map(|p| p.label);
        assert_eq!(m("3/31/2016").as_deref(), Some("2016-03"));
        let quarterly = DateColumn::of(["2020-12-31", "2021-03-31"], 4);
        assert!(!quarterly.months);
    }

    #[test]
    fn a_quarter_of_a_written_year_is_no_span_whatever_the_default_year() {
        // A folder named "2023-24 Q2" gives the default year; "2022-23 Q3" stays itself.
        let at = |s| parse_period_cell(s, 4, Some(2023), DateColumn::default()).map(|p| p.label);
        assert_eq!(at("2022-23 Q3").as_deref(), Some("2022-23 Q3"));
        assert_eq!(at("Apr 2011-Mar 2012").as_deref(), Some("2011-12"));
        assert_eq!(at("2018/19 - 22/23").as_deref(), Some("2018-19 to 2022-23"));
    }

    #[test]
    fn period_constructors() {
        let show = |p: Option<Period>| p.map(|p| (p.label, p.kind, p.start, p.end));
        use PeriodKind::*;
        assert_eq!(
            show(quarter(2024, 2, 4)),
            Some(("2024-25 Q2".into(), Quarter, d(2024, 7, 1), d(2024, 9, 30)))
        );
        assert_eq!(
            show(quarter(2024, 4, 4)),
            Some(("2024-25 Q4".into(), Quarter, d(2025, 1, 1), d(2025, 3, 31)))
        );
        assert_eq!(
            show(month(2024, 2, 4)),
            Some(("2024-02".into(), Month, d(2024, 2, 1), d(2024, 2, 29)))
        );
        assert_eq!(
            show(half(2024, 2, 4)),
            Some(("2024-25 H2".into(), Half, d(2024, 10, 1), d(2025, 3, 31)))
        );
        assert_eq!(
            show(year(2024, 4)),
            Some(("2024-25".into(), Year, d(2024, 4, 1), d(2025, 3, 31)))
        );
        assert_eq!(
            show(quarter(2024, 2, 1)),
            Some(("2024 Q2".into(), Quarter, d(2024, 4, 1), d(2024, 6, 30)))
        );
        assert_eq!(label(year(1999, 4)), Some("1999-00".into()));
        assert_eq!(label(year(2024, 1)), Some("2024".into()));
        let bad = [
            quarter(2024, 0, 4),
            quarter(2024, 5, 4),
            quarter(2024, 1, 0),
            quarter(2024, 1, 13),
            half(2024, 3, 4),
            month(2024, 13, 4),
            month(2024, 0, 4),
            year(i32::MAX, 4),
            year(i32::MIN, 4),
            month(i32::MAX, 1, 4),
        ];
        assert!(bad.iter().all(Option::is_none));
        assert_eq!(
            label(quarter_of(d(2024, 9, 30), 4)),
            Some("2024-25 Q2".into())
        );
        assert_eq!(
            label(quarter_of(d(2025, 3, 31), 4)),
            Some("2024-25 Q4".into())
        );
        assert_eq!(label(quarter_of(d(2025, 3, 31), 1)), Some("2025 Q1".into()));
        assert_eq!(quarter_of(d(2025, 3, 31), 0), None);
        assert_eq!(
            (
                fy_of(d(2025, 2, 10), 4),
                fy_of(d(2025, 4, 1), 4),
                fy_of(d(2025, 2, 10), 1)
            ),
            (2024, 2025, 2025)
        );
    }

    #[test]
    #[rustfmt::skip]
    fn periods() {
        let no_default = |s: &str| label(parse_period(s, 4, None));
        check(no_default, &[
            ("Q2 2024/25|2024/25 Q2|Q2 24-25|Q2 2024-25|2024-25 Q2", Some("2024-25 Q2".into())),
            ("Qtr 2 2024/25|Quarter 2 2024/25|2nd Quarter 2024/25", Some("2024-25 Q2".into())),
            ("Q2 FY25|Q2 (Jul-Sep) 2024/25|FY 24/25 Q2", Some("2024-25 Q2".into())),
            ("Sep-24|Sep 24|Sept 2024|September 2024|2024-09|09/2024", Some("2024-09".into())),
            ("Sep 2024/25|Sep-24 2024/25", Some("2024-09".into())),
            ("Feb 2024/25", Some("2025-02".into())),
            ("H1 2024/25|Half 1 2024/25|2024-25 H1", Some("2024-25 H1".into())),
            ("2024/25|FY25|2024-25", Some("2024-25".into())),
            ("2011-12", Some("2011-12".into())),
            ("Q2|Sep|Q2 Q3 2024/25|Sep-24 2023/24|2024/26|Q2 2024/26|30/09/2024", None),
            ("Q2 (Apr-Jun) 2024/25|2024", None),
        ]);
        let with_default = |s: &str| label(parse_period(s, 4, Some(2024)));
        check(with_default, &[
            ("Q2|Quarter 2|Q2 Actual", Some("2024-25 Q2".into())),
            ("Sep", Some("2024-09".into())),
            ("Feb", Some("2025-02".into())),
            ("Q2 2023/24", Some("2023-24 Q2".into())),
            ("H2 Oct-Mar", Some("2024-25 H2".into())),
            ("Q2 2024|Score|Q&A|Quality|Market share|Q5|", None),
        ]);
        let january = |s: &str| label(parse_period(s, 1, None));
        check(january, &[
            ("2024", Some("2024".into())),
            ("2024 Q2", Some("2024 Q2".into())),
            ("FY25", Some("2025".into())),
        ]);
        assert_eq!(parse_period("Q2 2024/25", 0, None), None);
    }

    #[test]
    #[rustfmt::skip]
    fn split_headers() {
        let split = |s: &str| split_period(s, 4, Some(2024)).map(|(p, r)| (p.label, r));
        let row = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        check(split, &[
            ("Q2 Actual|Actual (Q2)|Q2_Actual|Actual: Q2", row("2024-25 Q2", "Actual")),
            ("Q2 (2024/25) Actual", row("2024-25 Q2", "Actual")),
            ("Q1 2024/25 Status", row("2024-25 Q1", "Status")),
            ("Apr-24", row("2024-04", "")),
            ("Target 2024/25|Target (2024/25)", row("2024-25", "Target")),
            ("Q2 RAG", row("2024-25 Q2", "RAG")),
            ("Sep-24 Actual", row("2024-09", "Actual")),
            ("Q2 - Target:", row("2024-25 Q2", "Target")),
            ("Q2 (2024/25)  Commentary  text", row("2024-25 Q2", "Commentary text")),
            ("May", row("2024-05", "")),
            ("Score|Likelihood|Q&A|Quality|Market|Risks that may arise|Ref", None),
        ]);
        assert_eq!(split_period("May", 4, None), None);
        assert_eq!(
            label(split_period("May 2024", 4, None).map(|x| x.0)),
            Some("2024-05".into())
        );
    }

    #[test]
    #[rustfmt::skip]
    fn levels() {
        let l = labels();
        check(|s| parse_level(s, &l), &[
            ("4|4.0|4 - Likely|4 (Likely)|L4|I4|Likely| likely |Likely (4)", Some(4.0)),
            ("Almost Certain|almost  certain", Some(5.0)),
            ("Rare", Some(1.0)),
            ("6", Some(6.0)),
            ("2.5", Some(2.5)),
            ("Very likely||n/a|4 x 5|high|-3", None),
        ]);
        assert_eq!(parse_level("Likely", &[]), None);
    }

    #[test]
    #[rustfmt::skip]
    fn combined_ratings() {
        check(parse_combined_rating, &[
            ("4 x 5 = 20|4x5=20|4*5=20|4 × 5 = 20", Some((Some(4.0), Some(5.0), Some(20.0)))),
            ("L4 I5 (20)|L4 x I5 = 20", Some((Some(4.0), Some(5.0), Some(20.0)))),
            ("L=4, I=5, Score=20|20 (4x5)|20 (L4 x I5)", Some((Some(4.0), Some(5.0), Some(20.0)))),
            ("4 X 5 = 20|L4 I5 = 20", Some((Some(4.0), Some(5.0), Some(20.0)))),
            ("4 X 5|L4 I5", Some((Some(4.0), Some(5.0), None))),
            ("20", Some((None, None, Some(20.0)))),
            ("3 x 4 = 20", Some((Some(3.0), Some(4.0), Some(20.0)))),
            ("|n/a|high|4 x|x 5|4 x 5 x 6", None),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn rag_text() {
        check(parse_rag, &[
            ("Red|R|red|Amber/Red|Red/Amber|AR|Off target|Off-target|Not achieved", Some(Rag::Red)),
            ("Not met|Missed", Some(Rag::Red)),
            ("Amber|A|Amber-Green|Within tolerance|Slightly off target", Some(Rag::Amber)),
            ("Near target|Yellow", Some(Rag::Amber)),
            ("Green|G|On target|On track|Achieved|Met|GREEN |Green*", Some(Rag::Green)),
            ("|n/a|N/A|Blue|Ready|Red/Blue", None),
        ]);
    }

    #[test]
    fn rag_colours() {
        let cases: &[(&[u32], Option<Rag>)] = &[
            (&[0xFFFF0000, 0xC00000, 0xFFC7CE, 0xE6B9B8], Some(Rag::Red)),
            (
                &[0xFFC000, 0xFFBF00, 0xFFEB9C, 0xFFFF00, 0xF79646, 0xFFD966],
                Some(Rag::Amber),
            ),
            (
                &[0x00B050, 0x92D050, 0xFFC6EFCE, 0x00FF00, 0x008000],
                Some(Rag::Green),
            ),
            (
                &[
                    0xFFFFFF, 0xFF000000, 0x808080, 0xD9D9D9, 0x0070C0, 0x4472C4, 0x7030A0,
                    0xDCE6F1, 0xFF00FF,
                ],
                None,
            ),
        ];
        for (colours, want) in cases {
            for c in *colours {
                assert_eq!(rag_from_colour(*c), *want, "{c:08X}");
            }
        }
    }

    #[test]
    #[rustfmt::skip]
    fn travel_and_trend() {
        use Travel::*;
        check(parse_travel, &[
            ("Better|Improving|Improved|Improvement", Some(Better)),
            ("Worse|Worsening|Deteriorating|Declining", Some(Worse)),
            ("Same|No change|Unchanged|Stable|Static|Maintained|↔|→|⇔|=", Some(Same)),
            ("↑|▲|⬆|Up|Increase|Increasing|Higher", Some(Up)),
            ("↓|▼|⬇|Down|Decrease|Lower", Some(Down)),
            ("|New|n/a", None),
        ]);
        let (h, l) = (
            Some(Polarity::HigherIsBetter),
            Some(Polarity::LowerIsBetter),
        );
        use Direction::*;
        let cases = [
            (Better, None, Some(Improving)),
            (Worse, h, Some(Worsening)),
            (Same, None, Some(NoChange)),
            (Up, h, Some(Improving)),
            (Up, l, Some(Worsening)),
            (Down, h, Some(Worsening)),
            (Down, l, Some(Improving)),
            (Up, None, None),
            (Down, None, None),
        ];
        for (t, p, want) in cases {
            assert_eq!(travel_direction(t, p), want, "{t:?} {p:?}");
        }
        check(parse_trend, &[
            ("Increasing|Increased|Rising|Up|↑|▲|Worsening", Some(Trend::Increasing)),
            ("Decreasing|Reducing|Reduced|Falling|Down|↓|▼|Improving", Some(Trend::Decreasing)),
            ("Static|Stable|Unchanged|No change|Same|↔|→|=", Some(Trend::Stable)),
            ("New|", None),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn polarities() {
        check(parse_polarity, &[
            ("Higher is better|Higher|High|Bigger is better|Up", Some(Polarity::HigherIsBetter)),
            ("Increase|Maximise|over|↑|Lower is worse", Some(Polarity::HigherIsBetter)),
            ("Lower is better|Low|Smaller is better|Down|Decrease", Some(Polarity::LowerIsBetter)),
            ("Minimise|under|↓|Higher is worse", Some(Polarity::LowerIsBetter)),
            ("|n/a|Higher or lower|Neutral|Target range", None),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn units() {
        use Unit::*;
        check(parse_unit, &[
            ("%|Percent|Percentage|per cent|Rate (%)|(%)", Some(Percent)),
            ("Number|No.|No|Count|#|Total", Some(Number)),
            ("£|Currency|Money|Cost|£k|GBP", Some(Currency)),
            ("Days|Day|No. of days|Average days", Some(Days)),
            ("Ratio|Rate per 1,000|Per 1000", Some(Ratio)),
            ("|Hours|n/a", None),
        ]);
        check(unit_from_title, &[
            ("Percentage of calls answered|% of invoices paid within 30 days", Some(Percent)),
            ("Household waste recycled (%)|Proportion of staff appraised", Some(Percent)),
            ("Time to process claims (days)|Average number of days lost to sickness", Some(Days)),
            ("Average time (days) to re-let", Some(Days)),
            ("Agency spend (£)|£ saved through procurement", Some(Currency)),
            ("Cost of temporary accommodation|Agency spend", Some(Currency)),
            ("Children in need rate per 10,000|Looked after children per 10,000", Some(Ratio)),
            ("Ratio of staff to residents", Some(Ratio)),
            ("Number of complaints received", Some(Number)),
            ("Number of households in temporary accommodation over 56 days", Some(Number)),
            ("Customer satisfaction|", None),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn number_formats() {
        let both = |c: &str| (unit_from_number_format(c), is_percent_format(c));
        check(both, &[
            ("0%|0.0%|0.00%;[Red]-0.00%", (Some(Unit::Percent), true)),
            (
                "£#,##0|[$£-809]#,##0.00|\"£\"#,##0",
                (Some(Unit::Currency), false),
            ),
            ("0 \"days\"|0\" day\"", (Some(Unit::Days), false)),
            (
                "0\"%\"|0\\%|General|0.0|dd/mm/yyyy||\"unterminated|[|_",
                (None, false),
            ),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn codes() {
        use MeasureKind::*;
        check(parse_kind, &[
            ("KPI|Key Performance Indicator|Corporate KPI", Some(Kpi)),
            ("PI|Local PI|Performance Indicator|Service PI|Operational", Some(Pi)),
            ("Statistic|Stat|Contextual|Context|Context indicator|Data only", Some(Statistic)),
            ("Monitor only", Some(Statistic)),
            ("|Other", None),
        ]);
        check(parse_status, &[
            ("Open|Live|Active|Current|New", Some(RiskStatus::Open)),
            ("Closed|Close|Archived|Retired|Removed|Deleted|Complete", Some(RiskStatus::Closed)),
            ("Closed - merged into R12", Some(RiskStatus::Closed)),
            ("|Proposed", None),
        ]);
        check(parse_flag, &[
            ("Yes|Y|True|TRUE|1|x|✓|Escalate|Escalated|Yes - see note", Some(true)),
            ("No|N|False|0", Some(false)),
            ("|maybe|n/a", None),
        ]);
        check(parse_frequency, &[
            ("Quarterly|Q", Some("quarterly")),
            ("Monthly|M", Some("monthly")),
            ("Annually|Annual|Yearly", Some("annual")),
            ("Half-yearly|Biannual|6 monthly", Some("half_yearly")),
            ("Weekly", Some("weekly")),
            ("|Daily", None),
        ]);
    }

    /// Calls every public parser on one string.
    fn exercise(s: &str) {
        let l = labels();
        let _ = (
            is_missing(s),
            parse_number(s),
            parse_date(s),
            parse_financial_year(s),
        );
        let _ = (
            find_financial_year(s),
            parse_level(s, &l),
            parse_combined_rating(s),
            parse_rag(s),
        );
        for m in [1, 4, 13] {
            let _ = (parse_period(s, m, Some(2024)), parse_period(s, m, None));
            let _ = split_period(s, m, Some(i32::MAX));
        }
        let _ = (
            parse_travel(s),
            parse_trend(s),
            parse_polarity(s),
            parse_unit(s),
            unit_from_title(s),
        );
        let _ = (
            unit_from_number_format(s),
            is_percent_format(s),
            parse_kind(s),
            parse_status(s),
        );
        let _ = (parse_flag(s), parse_frequency(s), month_from_name(s));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let huge = "9".repeat(100_000);
        let odd =
            "1e400|--|%%|£|FY99999999999|Q2 99999/00000|1e99999999999999999999|\u{0}|١٢/٠٩/٢٠٢٤|\
            ＦＹ２５|İ|ß|Sep-99999|2024-9999999999|9999/10000 Q4|31/12/9999|FY00";
        for s in odd.split('|').chain([huge.as_str()]) {
            exercise(s);
        }
        for v in [f64::MAX, f64::MIN, -0.0, 1e-300] {
            let _ = (date_from_serial(v, true), date_from_serial(v, false));
        }
        for c in [0, u32::MAX, 0xFF00_0000] {
            rag_from_colour(c);
        }
    }

    fn fragments() -> impl Strategy<Value = String> {
        let parts = "0|1|9|12|2024|25|/|-|.|,|:|£|%|(|)| |x|×|=|Q|Q2|H1|FY|Sep|Sept|May|March|\
            st|e|k|m|days|L|I|–|'|↑|n/a|Red|Amber";
        let parts: Vec<&str> = parts.split('|').collect();
        prop::collection::vec(prop::sample::select(parts), 0..12).prop_map(|v| v.concat())
    }

    /// "-£1,234.5" for -1234.5.
    fn with_commas(v: f64) -> String {
        let s = format!("{}", v.abs());
        let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
        let mut out = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        let sign = if v.is_sign_negative() { "-" } else { "" };
        let frac = if frac.is_empty() {
            String::new()
        } else {
            format!(".{frac}")
        };
        format!("{sign}£{out}{frac}")
    }

    fn dates_strategy() -> impl Strategy<Value = NaiveDate> {
        (1000i32..=9999, 1u32..=12, 1u32..=31)
            .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    proptest! {
        #[test]
        fn never_panics_on_any_string(s in any::<String>()) {
            exercise(&s);
        }

        #[test]
        fn never_panics_on_fragments(s in fragments()) {
            exercise(&s);
        }

        #[test]
        fn numbers_round_trip(v in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
            let plain = parse_number(&format!("{v}")).unwrap();
            prop_assert_eq!((plain.value, plain.unit), (v, None));
            let money = parse_number(&with_commas(v)).unwrap();
            prop_assert_eq!((money.value, money.unit), (v, Some(Unit::Currency)));
            let pct = parse_number(&format!("{v}%")).unwrap();
            prop_assert_eq!((pct.value, pct.unit), (v, Some(Unit::Percent)));
        }

        #[test]
        fn dates_round_trip(d in dates_strategy()) {
            for f in ["%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y"] {
                prop_assert_eq!(parse_date(&d.format(f).to_string()), Some(d), "{}", f);
            }
        }

        #[test]
        fn serials_round_trip(d in dates_strategy()) {
            let excel_1900 = (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
            if d >= NaiveDate::from_ymd_opt(1900, 3, 1).unwrap() {
                prop_assert_eq!(date_from_serial(excel_1900, false), Some(d));
                prop_assert_eq!(serial_from_date(d, false), Some(excel_1900));
            }
            let excel_1904 = (d - NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()).num_days() as f64;
            if excel_1904 >= 0.0 {
                prop_assert_eq!(date_from_serial(excel_1904 + 0.5, true), Some(d));
            }
        }

        #[test]
        fn periods_round_trip(
            fy in 1990i32..2100, q in 1u32..=4, h in 1u32..=2, mon in 1u32..=12, m in 1u32..=12
        ) {
            let qp = quarter(fy, q, m).unwrap();
            prop_assert_eq!(parse_period(&qp.label, m, None), Some(qp.clone()));
            prop_assert_eq!(quarter_of(qp.end, m), Some(qp.clone()));
            prop_assert_eq!(quarter_of(qp.start, m), Some(qp.clone()));
            let header = format!("{} Actual", qp.label);
            prop_assert_eq!(split_period(&header, m, None), Some((qp, "Actual".to_string())));
            let hp = half(fy, h, m).unwrap();
            prop_assert_eq!(parse_period(&hp.label, m, None), Some(hp));
            let yp = year(fy, m).unwrap();
            prop_assert_eq!(parse_period(&yp.label, m, None), Some(yp.clone()));
            prop_assert_eq!((fy_of(yp.start, m), fy_of(yp.end, m)), (fy, fy));
            // Months whose label is also a financial year's ("2011-12") read as the year.
            let mp = month(fy, mon, m).unwrap();
            if (fy + 1) % 100 != mon as i32 {
                prop_assert_eq!(parse_period(&mp.label, m, None), Some(mp));
            }
        }
    }
}
