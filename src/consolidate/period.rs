//! The period of a consolidation: the one named on the command line, else the latest that most
//! returns report by the as-of date.

use super::*;

/// The period named on the command line ("2024-25 Q2", "Q2 2024/25", "Sep-24"), or else the
/// last quarter that ended before `as_of`.
///
/// # Errors
/// A text that names no period, with how to write one.
pub fn resolve_period(
    text: Option<&str>,
    config: &Config,
    default_fy: Option<i32>,
    as_of: NaiveDate,
) -> Result<Period, Error> {
    let fy_start = config.calendar.financial_year_start_month;
    match text {
        // The whole text must be the period: "2024-25 Q5" is not the year 2024-25.
        Some(t) => crate::values::split_period(t, fy_start, default_fy)
            .filter(|(_, rest)| rest.is_empty())
            .map(|(p, _)| p)
            .ok_or_else(|| Error::NotAPeriod(t.to_string())),
        None => {
            let current = crate::values::quarter_of(as_of, fy_start).ok_or(Error::NoQuarter)?;
            let day_before = current.start.pred_opt().ok_or(Error::TooEarly)?;
            crate::values::quarter_of(day_before, fy_start).ok_or(Error::NoQuarterBefore)
        }
    }
}

/// The latest quarter (else any period) the document's values are for.
pub(super) fn latest_period(doc: &Document, config: &Config, as_of: NaiveDate) -> Period {
    let fy_start = config.calendar.financial_year_start_month;
    period_of_returns(doc, config, as_of)
        .first()
        .cloned()
        .or_else(|| resolve_period(None, config, None, as_of).ok())
        .unwrap_or_else(|| crate::values::year(2000, fy_start).expect("a valid year"))
}

/// The periods the returns report, most reported first: each file's latest period with a
/// value that has ended by `as_of` (the quarter it ends when it ends on a quarter's last day),
/// counted once a file; of periods reported by as many files, the later first. The run's
/// period, when none is named, is the first.
pub fn period_of_returns(doc: &Document, config: &Config, as_of: NaiveDate) -> Vec<Period> {
    let fy_start = config.calendar.financial_year_start_month;
    let mut latest: BTreeMap<&str, (NaiveDate, NaiveDate, &str)> = BTreeMap::new();
    for o in doc.observations.iter().filter(|o| o.actual.is_some()) {
        let (Some((start, end)), Some(label)) = (o.dates(), o.period.as_deref()) else {
            continue;
        };
        if end > as_of {
            continue;
        }
        let e = latest.entry(&o.source.file).or_insert((start, end, label));
        if (end, end - start) > (e.1, e.1 - e.0) {
            *e = (start, end, label);
        }
    }
    let mut counts: BTreeMap<Period, usize> = BTreeMap::new();
    for (start, end, label) in latest.into_values() {
        let period = crate::values::quarter_of(end, fy_start)
            .filter(|q| q.end == end)
            .or_else(|| crate::values::parse_period(label, fy_start, None))
            .unwrap_or(Period {
                label: label.to_string(),
                kind: crate::schema::PeriodKind::Span,
                start,
                end,
            });
        *counts.entry(period).or_insert(0) += 1;
    }
    let mut found: Vec<(Period, usize)> = counts.into_iter().collect();
    found.sort_by_key(|(p, n)| (std::cmp::Reverse(*n), std::cmp::Reverse(p.end), p.start));
    found.into_iter().map(|(p, _)| p).collect()
}
