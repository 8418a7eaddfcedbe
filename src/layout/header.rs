//! Finding a table's header: each row scored by how many of its texts name fields (memoised
//! per sheet), the best row widened to the group header above and the sub-header below, and
//! the headers of merged or visually grouped columns joined.

use super::*;
use crate::schema::field::Name;

/// Header texts of a sheet's cells, matched once each.
pub(super) struct Matcher<'a> {
    ctx: &'a LayoutContext<'a>,
    extra: Vec<(String, Key)>,
    cache: HashMap<(String, Applies), Option<(Key, f64)>>,
}

impl<'a> Matcher<'a> {
    pub(super) fn new(ctx: &'a LayoutContext<'a>) -> Self {
        Matcher {
            ctx,
            extra: ctx.config.column_synonyms(),
            cache: HashMap::new(),
        }
    }

    pub(super) fn field(&mut self, header: &str, kind: Applies) -> Option<(Key, f64)> {
        let key = (header.to_string(), kind);
        if let Some(hit) = self.cache.get(&key) {
            return hit.clone();
        }
        let found = match_header(header, kind, &self.extra);
        self.cache.insert(key, found.clone());
        found
    }

    /// The period and part a header names, on a performance sheet.
    pub(super) fn period(
        &self,
        cells: &[&Cell],
        header: &str,
        fy: Option<i32>,
    ) -> Option<(Period, Part)> {
        let fy_start = self.ctx.fy_start();
        for cell in cells {
            if let Some(Value::Date(d)) = &cell.value {
                let period = period_of_date(*d, fy_start)?;
                let rest: Vec<String> = cells
                    .iter()
                    .filter(|c| !matches!(c.value, Some(Value::Date(_))))
                    .filter_map(|c| c.text())
                    .collect();
                return Part::from_words(&rest.join(" ")).map(|p| (period, p));
            }
        }
        let (period, rest) = split_period_cached(header, fy_start, fy)?;
        Part::from_words(&rest).map(|p| (period, p))
    }
}

/// [`values::split_period`] remembered for the process: every return of a run has the same
/// headers, and reading a period from one runs a dozen patterns.
pub(super) fn split_period_cached(
    header: &str,
    fy_start: u32,
    fy: Option<i32>,
) -> Option<(Period, String)> {
    type Key = (String, u32, Option<i32>);
    static CACHE: Memo<Key, Option<(Period, String)>> = Memo::new();
    CACHE.get((header.to_string(), fy_start, fy), |(h, start, fy)| {
        values::split_period(h, *start, *fy)
    })
}

/// Answers of a pure function remembered for the process, for the header texts every return of
/// a run repeats; bounded, whatever the inputs hold.
pub(crate) struct Memo<K, V>(std::sync::LazyLock<std::sync::RwLock<HashMap<K, V>>>);

impl<K: std::hash::Hash + Eq, V: Clone> Memo<K, V> {
    pub(crate) const fn new() -> Self {
        Memo(std::sync::LazyLock::new(|| {
            std::sync::RwLock::new(HashMap::new())
        }))
    }

    /// The remembered answer for `key`, or `compute`'s, remembered.
    pub(crate) fn get(&self, key: K, compute: impl FnOnce(&K) -> V) -> V {
        if let Some(hit) = self.0.read().ok().and_then(|c| c.get(&key).cloned()) {
            return hit;
        }
        let found = compute(&key);
        if let Ok(mut c) = self.0.write() {
            if c.len() > 50_000 {
                c.clear();
            }
            c.insert(key, found.clone());
        }
        found
    }
}

/// How well a row reads as a header.
#[derive(Default, Clone, Copy)]
pub(super) struct HeaderScore {
    risk: usize,
    measure: usize,
    periods: usize,
    /// Fields only a delivery plan names (start, due, % complete, ...).
    action: usize,
}

impl HeaderScore {
    pub(super) fn best(&self) -> usize {
        self.risk.max(self.measure + self.periods.min(3)) + usize::from(self.action >= 2)
    }

    pub(super) fn is_header(&self) -> bool {
        self.risk >= 2
            || self.measure >= 2
            || (self.measure >= 1 && self.periods >= 2)
            || (self.action >= 2 && self.risk + self.measure >= 1)
    }
}

/// Fields of a delivery plan that neither a register nor a return names.
pub(super) const ACTION_ONLY: &[Name] = &[
    Name::Start,
    Name::Due,
    Name::PercentComplete,
    Name::Status,
    Name::Title,
];

pub(super) fn all_text(row: &Row) -> bool {
    row.values()
        .all(|c| matches!(c.value, Some(Value::Text(_)) | Some(Value::Date(_))))
}

pub(super) fn score_row(row: &Row, m: &mut Matcher, fy: Option<i32>) -> HeaderScore {
    let mut s = HeaderScore::default();
    if !all_text(row) || row.values().count() < 2 {
        return s;
    }
    let mut risk_fields = BTreeSet::new();
    let mut measure_fields = BTreeSet::new();
    let mut action_fields = BTreeSet::new();
    for cell in row.values() {
        let Some(text) = cell.text() else { continue };
        if text.len() > 80 {
            continue;
        }
        if matches!(cell.value, Some(Value::Date(_)))
            || m.period(&[cell], &text, fy.or(Some(2000))).is_some()
        {
            s.periods += 1;
            continue;
        }
        if let Some((f, c)) = m.field(&text, Applies::Risk) {
            if c >= crate::domain::confidence::LIKELY {
                risk_fields.insert(f);
            }
        }
        if let Some((f, c)) = m.field(&text, Applies::Measure) {
            if c >= crate::domain::confidence::LIKELY {
                measure_fields.insert(f);
            }
        }
        if let Some((f, c)) = m.field(&text, Applies::Action) {
            if c >= crate::domain::confidence::LIKELY
                && f.field().is_some_and(|n| ACTION_ONLY.contains(&n))
            {
                action_fields.insert(f);
            }
        }
    }
    s.risk = risk_fields.len();
    s.measure = measure_fields.len();
    s.action = action_fields.len();
    s
}

/// Searches `count` rows from position `from` for the best header row, then widens it to the
/// group header above and sub-header below. Returns the position and the header row indexes.
pub(super) fn find_header(
    sheet: &Sheet,
    from: usize,
    count: usize,
    m: &mut Matcher,
    fy: Option<i32>,
    exact: Option<usize>,
) -> Option<(usize, Vec<u32>)> {
    let mut best: Option<(usize, HeaderScore)> = None;
    for (i, row) in sheet.rows.iter().enumerate().skip(from).take(count) {
        let s = score_row(row, m, fy);
        if s.is_header() && best.as_ref().is_none_or(|(_, b)| s.best() > b.best()) {
            best = Some((i, s));
        }
    }
    let (pos, _) = best?;
    if exact.is_some_and(|e| e != pos) {
        return None;
    }
    let mut first = pos;
    let mut rows = vec![sheet.rows[pos].index];
    // A group header directly above ("Current Risk" merged over L / I / Score).
    if pos > 0 {
        let above = &sheet.rows[pos - 1];
        if above.index + 1 == rows[0] && all_text(above) && has_group_merge(sheet, above) {
            rows.insert(0, above.index);
            first = pos - 1;
        }
    }
    // Sub-headers directly below, under merged group headers or made of known names.
    let mut next = pos + 1;
    while let Some(below) = sheet.rows.get(next) {
        if below.index != *rows.last().unwrap_or(&0) + 1 || !all_text(below) || rows.len() >= 3 {
            break;
        }
        let texts: Vec<String> = below.values().filter_map(|c| c.text()).collect();
        if texts.is_empty() {
            break;
        }
        let known = texts
            .iter()
            .filter(|t| {
                [Applies::Risk, Applies::Measure, Applies::Action]
                    .iter()
                    .any(|&kind| {
                        m.field(t, kind)
                            .is_some_and(|(_, c)| c >= crate::domain::confidence::FIRM)
                    })
                    || values::split_period(t, m.ctx.fy_start(), Some(2000)).is_some()
            })
            .count();
        let under_group = rows.iter().any(|r| {
            sheet
                .rows
                .iter()
                .find(|x| x.index == *r)
                .is_some_and(|x| has_group_merge(sheet, x))
        });
        if (under_group && known * 2 >= texts.len())
            || (known * 5 >= texts.len() * 4 && texts.len() >= 2)
        {
            rows.push(below.index);
            next += 1;
        } else {
            break;
        }
    }
    Some((first, rows))
}

/// Whether a row holds a merged region across columns that starts in it (a group header).
pub(super) fn has_group_merge(sheet: &Sheet, row: &Row) -> bool {
    sheet.merges.over_row(row.index).any(|mg| {
        mg.first_row == row.index && mg.last_row == row.index && mg.last_col > mg.first_col
    })
}

/// The header text of each column over the header rows.
/// A group header written once and left to run over the columns to its right without merging
/// (or "centre across selection", or a file format that keeps no merges): an empty header cell
/// whose sub-header below is filled belongs to the nearest group header to its left, when every
/// column from there has a sub-header and no header of its own.
pub(super) fn visual_group(sheet: &Sheet, header_rows: &[u32], r: u32, c: u32) -> Option<Cell> {
    let below = *header_rows.iter().find(|&&x| x > r)?;
    let row = sheet.row(r)?;
    let sub = sheet.row(below)?;
    let has = |row: &Row, col: u32| row.get(col).is_some_and(|x| x.has_value());
    if sheet.merge_at(r, c).is_some() || !has(sub, c) {
        return None;
    }
    let mut left = c;
    while left > 0 {
        left -= 1;
        if !has(sub, left) || sheet.merge_at(r, left).is_some() {
            return None;
        }
        if has(row, left) {
            return row.get(left).cloned();
        }
    }
    None
}

pub(super) fn header_texts(sheet: &Sheet, header_rows: &[u32]) -> BTreeMap<u32, Vec<Cell>> {
    let mut cols: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    for &r in header_rows {
        let Some(row) = sheet.row(r) else {
            continue;
        };
        for cell in row.values() {
            cols.entry(cell.col).or_default();
        }
        for mg in sheet.merges.over_row(r) {
            for c in mg.first_col..=mg.last_col.min(mg.first_col + 200) {
                cols.entry(c).or_default();
            }
        }
    }
    let lookup = |r: u32, c: u32| -> Option<Cell> {
        let (r, c) = match sheet.merge_at(r, c) {
            Some(mg) => (mg.first_row, mg.first_col),
            None => (r, c),
        };
        sheet
            .rows
            .iter()
            .find(|x| x.index == r)?
            .get(c)
            .filter(|x| x.text().is_some())
            .cloned()
    };
    for (c, parts) in cols.iter_mut() {
        let mut seen: Vec<(u32, u32)> = Vec::new();
        for &r in header_rows {
            let origin = sheet
                .merge_at(r, *c)
                .map(|mg| (mg.first_row, mg.first_col))
                .unwrap_or((r, *c));
            if seen.contains(&origin) {
                continue;
            }
            seen.push(origin);
            if let Some(cell) = lookup(r, *c).or_else(|| visual_group(sheet, header_rows, r, *c)) {
                parts.push(cell);
            }
        }
    }
    cols.retain(|_, parts| !parts.is_empty());
    cols
}
