//! Reporting periods: quarters, months, halves, years and spans, from headers, cells and dates.

use super::dates::*;
use super::*;

// ---------------------------------------------------------------- periods

pub(super) fn valid_fy(fy: i32, fy_start_month: u32) -> bool {
    (1000..=9998).contains(&fy) && (1..=12).contains(&fy_start_month)
}

/// Year and month `k` months after `y`-`m`.
pub(super) fn add_months(y: i32, m: u32, k: u32) -> (i32, u32) {
    let idx = y * 12 + m as i32 - 1 + k as i32;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

/// The period of `len` months starting `offset` months into financial year `fy`.
pub(super) fn fy_span(
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
pub(super) fn fy_label(fy: i32, m: u32) -> String {
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

pub(super) static RE_P_PAIR4: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(fy\s*)?([0-9]{4})(\s*[/\-–]\s*)([0-9]{4}|[0-9]{2})\b"));
pub(super) static RE_P_PAIR2: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:fy\s*)?([0-9]{2})\s*[/\-–]\s*([0-9]{2})\b"));
pub(super) static RE_P_MONTH_NUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([0-9]{1,2})[/\-]([0-9]{4})\b"));
pub(super) static RE_P_FYNUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bfy\s*'?([0-9]{4}|[0-9]{2})\b"));
pub(super) static RE_P_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:quarter|qtr|q)\s*([1-4])\b|\b([1-4])(?:st|nd|rd|th)\s+(?:quarter|qtr)\b")
});
pub(super) static RE_P_HALF: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:half[\s\-]?year|half|hy|h)\s*([12])\b"));
pub(super) static RE_P_MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\b\.?(?:\s*[\-/'’,.]?\s*'?([0-9]{4}|[0-9]{2})\b)?",
    )
});
pub(super) static RE_P_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b([0-9]{4})\b"));
pub(super) static RE_EMPTY_PARENS: LazyLock<Regex> = LazyLock::new(|| re(r"\(\s*\)|\[\s*\]"));

/// False when a match sits inside a longer number such as a date ("30/09/2024").
pub(super) fn isolated(s: &str, start: usize, end: usize) -> bool {
    let b = s.as_bytes();
    let sep = |c: u8| matches!(c, b'/' | b'-' | b'.');
    let before = start >= 2 && sep(b[start - 1]) && b[start - 2].is_ascii_digit();
    let after = end + 1 < b.len() && sep(b[end]) && b[end + 1].is_ascii_digit();
    !before && !after
}

/// Replaces each isolated match that `keep` accepts with a space, returning the rest of the text.
pub(super) fn take(re: &Regex, text: &str, mut keep: impl FnMut(&Captures) -> bool) -> String {
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
pub(super) fn single<T: PartialEq + Copy>(items: &[T]) -> Option<Option<T>> {
    match items.first() {
        Some(first) if items.iter().any(|x| x != first) => None,
        first => Some(first.copied()),
    }
}

/// What a header or label says about its period.
#[derive(Default)]
pub(super) struct Found {
    fys: Vec<i32>,
    quarters: Vec<u32>,
    halves: Vec<u32>,
    months: Vec<(u32, Option<i32>)>,
    bare_years: Vec<i32>,
    bad: bool,
}

/// Finds the period in `text` and returns it with the text that remains.
pub(super) fn scan(text: &str, m: u32, default_fy: Option<i32>) -> Option<(Period, String)> {
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
pub(super) fn combine(f: &Found, m: u32, default_fy: Option<i32>) -> Option<Period> {
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
pub(super) static RE_CAL_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:q([1-4])\s*[-/ ]?\s*([0-9]{4})|([0-9]{4})\s*[-/ ]?\s*q([1-4]))$")
});
pub(super) static RE_CAL_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:cy|calendar\s+year|year)?\s*([0-9]{4})$"));
/// "2010 - 12", "2010 to 2012": calendar years pooled (spaces or "to" around the dash).
pub(super) static RE_YEAR_SPAN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^([0-9]{4})(?:\s+[\-–—]\s+|\s*[\-–—]?\s*to\s+)([0-9]{4}|[0-9]{2})$"));
/// Where a span may be cut in two: a dash (with or without spaces) or "to".
pub(super) static RE_SPAN_CUT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\s*[\-–—]\s*|\s+to\s+"));

/// A period that runs from `a`'s start to `b`'s end: a calendar or financial year when it is
/// exactly one, else a span labelled "`a` to `b`".
pub(super) fn span_of(a: &Period, b: &Period, fy_start_month: u32) -> Option<Period> {
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

pub(super) fn parse_period_cell_at(
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
