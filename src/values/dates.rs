//! Dates as people type them, Excel serial dates, and financial years.

use super::periods::*;
use super::*;

// ---------------------------------------------------------------- dates

pub(super) const MONTHS: &str =
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

pub(super) const TIME: &str =
    r"(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+\-][0-9]{2}:?[0-9]{2})?)?";
pub(super) static RE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^([0-9]{{1,2}})([/\-.])([0-9]{{1,2}})([/\-.])([0-9]{{4}}|[0-9]{{2}}){TIME}$"
    ))
});
pub(super) static RE_YMD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^([0-9]{{4}})([/\-.])([0-9]{{1,2}})([/\-.])([0-9]{{1,2}}){TIME}$"
    ))
});
pub(super) static RE_D_MON_Y: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^([0-9]{1,2})(?:st|nd|rd|th)?[\s\-/.,]*([a-z]{3,9})\.?,?[\s\-/.,]*([0-9]{4}|[0-9]{2})$",
    )
});
pub(super) static RE_MON_D_Y: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^([a-z]{3,9})\.?\s*([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})$"));
pub(super) static RE_WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"));

pub(super) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
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

pub(super) const MAX_SERIAL: f64 = 2_958_465.0; // 9999-12-31 in the 1900 system
pub(super) const SERIALS_1904: f64 = 1462.0; // days between the 1900 and 1904 epochs

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

pub(super) static RE_FY_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:fy|f/y|financial\s+year|year)?\s*([0-9]{4}|[0-9]{2})\s*[/\-–]\s*([0-9]{4}|[0-9]{2})$",
    )
});
pub(super) static RE_FY_NUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^fy\s*'?([0-9]{4}|[0-9]{2})$"));

/// Start year of a "first/second" pair when the second year follows the first.
pub(super) fn fy_from_pair(first: &str, second: &str) -> Option<i32> {
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
pub(super) fn fy_from_number(num: &str, fy_start_month: u32) -> Option<i32> {
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
