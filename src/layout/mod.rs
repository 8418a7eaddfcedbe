//! Finding tables as they are laid out: title rows, header rows (merged group headers over
//! sub-headers, headers over two or three rows), section rows, footnotes and several tables in
//! one sheet; and giving every column a field and a confidence.
//!
//! A typical register this module reads:
//!
//! ```text
//!    | A        | B          | C   | D   | E     | F    | G
//!  1 | Eastmere Borough Council                           <- title
//!  2 | Adults and Health Directorate Risk Register        <- title (directorate)
//!  4 | Risk Ref | Risk Title | Current Risk      | Owner  <- group header (merged C4:E4)
//!  5 |          |            | L   | I   | Score |        <- sub-header
//!  6 | Helping People                                     <- section: theme of rows below
//!  7 | AH-R01   | Failure to | 4   | 5   | 20    | J Bloggs
//! 20 | Scores are likelihood x impact.                    <- footnote
//! ```

pub mod long;
pub mod profile;
pub mod ratings;
pub mod synonyms;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::config::{fold, Config};
use crate::read::{Cell, Row, Sheet, Value, Visibility};
use crate::schema::Period;
use crate::values;

pub use profile::{Profile, SheetProfile};
use synonyms::{match_header, Applies};

/// Confidence at or above which a column is given a field.
pub const MIN_CONFIDENCE: f64 = 0.6;
/// How many rows from the top of a sheet are searched for the first header.
const HEADER_SEARCH_ROWS: usize = 60;

pub use crate::schema::SheetKind;

impl SheetKind {
    fn applies(self) -> Applies {
        match self {
            SheetKind::RiskRegister => Applies::Risk,
            SheetKind::PerformanceReturn => Applies::Measure,
        }
    }
}

/// Which value of a period a column holds, in wide performance returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Actual,
    Target,
    Rag,
    Direction,
    Commentary,
}

impl Part {
    /// The field name used in profiles and findings.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Actual => "actual",
            Part::Target => "target",
            Part::Rag => "rag",
            Part::Direction => "direction",
            Part::Commentary => "commentary",
        }
    }

    fn from_words(rest: &str) -> Option<Part> {
        match fold(rest).as_str() {
            "" | "actual" | "value" | "outturn" | "result" | "performance" | "data" | "actuals" => {
                Some(Part::Actual)
            }
            "status" | "rag" | "rating" | "rag status" => Some(Part::Rag),
            "target" | "plan" | "targets" => Some(Part::Target),
            "dot" | "direction" | "trend" | "direction of travel" => Some(Part::Direction),
            "commentary" | "comments" | "comment" => Some(Part::Commentary),
            _ => None,
        }
    }
}

/// The field a column holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Field {
    /// A field of the contract, dotted for ratings (`current.likelihood`).
    Named(String),
    /// One value of one period in a wide return ("Q2 Actual").
    Period { period: Period, part: Part },
}

impl Field {
    /// The name shown to users and written to profiles (`actual@2024-25 Q2` for period columns).
    pub fn name(&self) -> String {
        match self {
            Field::Named(n) => n.clone(),
            Field::Period { period, part } => format!("{}@{}", part.as_str(), period.label),
        }
    }

    /// Reads a name written by [`Field::name`].
    pub fn parse(name: &str, fy_start: u32) -> Option<Field> {
        match name.split_once('@') {
            Some((part, period)) => {
                let part = Part::from_words(part)?;
                let period = values::parse_period(period, fy_start, None)?;
                Some(Field::Period { period, part })
            }
            None => Some(Field::Named(name.to_string())),
        }
    }
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct Column {
    /// 0-based column index.
    pub col: u32,
    /// The header as read, group headers joined to sub-headers by a space.
    pub header: String,
    pub field: Option<Field>,
    pub confidence: f64,
    /// The scale of a likelihood or impact column, from its header or its values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<ratings::ColumnScale>,
    /// Why the column took its field, when its values decided or told more than its header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether no data row fills the column (a score column of formulas never calculated).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub empty: bool,
}

/// What a row below the header is.
#[derive(Clone, Debug, PartialEq)]
pub enum RowRole {
    Data,
    /// A label that applies to the rows below it (a theme, a service, a period).
    Section(String),
    Footnote,
    /// A row of guidance under the header ("Describe the risk...", "1-5", "Name of officer"):
    /// neither header nor record.
    Guidance,
}

/// One table found in a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub kind: SheetKind,
    /// 0-based indexes of the header rows.
    pub header_rows: Vec<u32>,
    pub columns: Vec<Column>,
    /// Every row below the header that belongs to the table, with its role.
    pub rows: Vec<(u32, RowRole)>,
    /// Columns whose header named a field their values did not bear out, and what the
    /// columns' values decided (said once by `inspect` and in the findings).
    pub demoted: Vec<String>,
    /// How the period column writes its dates, decided by its values.
    pub dates: values::DateColumn,
}

impl Table {
    /// The column at an index, if the table has one.
    pub fn column(&self, col: u32) -> Option<&Column> {
        // Columns are kept in column order (header_texts and profiles sort them).
        match self.columns.binary_search_by_key(&col, |c| c.col) {
            Ok(i) => Some(&self.columns[i]),
            Err(_) => self.columns.iter().find(|c| c.col == col),
        }
    }
}

/// What was found in a sheet.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SheetLayout {
    pub tables: Vec<Table>,
    /// Rows above the first header, with their text (titles, notes).
    pub title_rows: Vec<(u32, String)>,
    /// Financial year (start year) from the titles, sheet name or context.
    pub financial_year: Option<i32>,
    /// Why the sheet holds no table, when it holds none.
    pub skipped: Option<String>,
    /// Whether detection stopped at a header it could not read, leaving the rows below it in no
    /// table.
    pub stopped_early: bool,
}

/// What the detector knows beyond the sheet.
pub struct LayoutContext<'a> {
    pub config: &'a Config,
    /// Financial year known from outside the sheet (file name, folder, command line).
    pub financial_year: Option<i32>,
    pub profile: Option<&'a SheetProfile>,
    /// Keys of rating scales the workbook holds on other sheets (a matrix, a lookup list).
    pub legends: &'a [ratings::Legend],
}

impl LayoutContext<'_> {
    fn fy_start(&self) -> u32 {
        self.config.calendar.financial_year_start_month
    }

    fn extra_synonyms(&self) -> Vec<(String, String)> {
        self.config
            .columns
            .iter()
            .flat_map(|(field, names)| names.iter().map(move |n| (field.clone(), n.clone())))
            .collect()
    }
}

/// Header texts of a sheet's cells, matched once each.
struct Matcher<'a> {
    ctx: &'a LayoutContext<'a>,
    extra: Vec<(String, String)>,
    cache: HashMap<(String, bool), Option<(String, f64)>>,
}

impl<'a> Matcher<'a> {
    fn new(ctx: &'a LayoutContext<'a>) -> Self {
        Matcher {
            ctx,
            extra: ctx.extra_synonyms(),
            cache: HashMap::new(),
        }
    }

    fn field(&mut self, header: &str, kind: Applies) -> Option<(String, f64)> {
        let key = (header.to_string(), kind == Applies::Risk);
        if let Some(hit) = self.cache.get(&key) {
            return hit.clone();
        }
        let found = match_header(header, kind, &self.extra);
        self.cache.insert(key, found.clone());
        found
    }

    /// The period and part a header names, on a performance sheet.
    fn period(&self, cells: &[&Cell], header: &str, fy: Option<i32>) -> Option<(Period, Part)> {
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
fn split_period_cached(header: &str, fy_start: u32, fy: Option<i32>) -> Option<(Period, String)> {
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

pub use crate::values::period_of_date;

/// How well a row reads as a header.
#[derive(Default, Clone, Copy)]
struct HeaderScore {
    risk: usize,
    measure: usize,
    periods: usize,
}

impl HeaderScore {
    fn best(&self) -> usize {
        self.risk.max(self.measure + self.periods.min(3))
    }

    fn is_header(&self) -> bool {
        self.risk >= 2 || self.measure >= 2 || (self.measure >= 1 && self.periods >= 2)
    }
}

fn all_text(row: &Row) -> bool {
    row.values()
        .all(|c| matches!(c.value, Some(Value::Text(_)) | Some(Value::Date(_))))
}

fn score_row(row: &Row, m: &mut Matcher, fy: Option<i32>) -> HeaderScore {
    let mut s = HeaderScore::default();
    if !all_text(row) || row.values().count() < 2 {
        return s;
    }
    let mut risk_fields = BTreeSet::new();
    let mut measure_fields = BTreeSet::new();
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
    }
    s.risk = risk_fields.len();
    s.measure = measure_fields.len();
    s
}

/// Finds the tables of a sheet.
pub fn detect(sheet: &Sheet, ctx: &LayoutContext) -> SheetLayout {
    let mut layout = SheetLayout::default();
    if ctx.profile.and_then(|p| p.kind.as_deref()) == Some("skip") {
        layout.skipped = Some("skipped by the mapping profile".into());
        return layout;
    }
    if sheet.visibility != Visibility::Visible {
        layout.skipped = Some("hidden sheet".into());
        return layout;
    }
    if sheet.value_count() == 0 {
        layout.skipped = Some("empty sheet".into());
        return layout;
    }
    let mut m = Matcher::new(ctx);

    // The financial year can be in a title row above the table, or in the sheet name.
    let top_text: Vec<String> = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .filter(|r| r.values().count() <= 2)
        .flat_map(|r| r.values().filter_map(|c| c.text()).collect::<Vec<_>>())
        .collect();
    // The profile's year wins, then the sheet's own titles, then what the context knows.
    let profile_fy = ctx
        .profile
        .and_then(|p| p.financial_year.as_deref())
        .and_then(values::parse_financial_year);
    let sheet_fy = top_text
        .iter()
        .find_map(|t| values::find_financial_year(t))
        .or_else(|| values::find_financial_year(&sheet.name));
    layout.financial_year = profile_fy.or(sheet_fy).or(ctx.financial_year);
    let fy = layout.financial_year;

    let first = match ctx.profile.and_then(|p| p.header_rows.clone()) {
        Some(rows) if !rows.is_empty() => {
            let idx: Vec<u32> = rows.iter().map(|r| r.saturating_sub(1)).collect();
            sheet
                .rows
                .iter()
                .position(|r| r.index == idx[0])
                .map(|p| (p, idx))
        }
        _ => find_header(sheet, 0, HEADER_SEARCH_ROWS, &mut m, fy, None),
    };
    let Some((first_pos, first_rows)) = first else {
        layout.skipped = Some(skip_reason(&sheet.name));
        return layout;
    };
    let first_row_index = first_rows[0];
    layout.title_rows = sheet
        .rows
        .iter()
        .take(first_pos)
        .filter(|r| r.index < first_row_index)
        .map(|r| {
            (
                r.index,
                r.values()
                    .filter_map(|c| c.text())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .collect();

    let mut start = Some((first_pos, first_rows));
    while let Some((pos, header_rows)) = start.take() {
        let Some(mut table) = build_table(sheet, &header_rows, &mut m, fy, ctx, &layout.title_rows)
        else {
            layout.stopped_early = true;
            break;
        };
        let header_end = *header_rows.last().unwrap_or(&0);
        let body_start = sheet.rows[pos..]
            .iter()
            .position(|r| r.index > header_end)
            .map(|p| p + pos);
        let Some(body_start) = body_start else {
            layout.tables.push(table);
            break;
        };
        let mut body = Body::new(&table, header_end);
        let head_texts = header_row_texts(sheet, &table);
        for (i, row) in sheet.rows.iter().enumerate().skip(body_start) {
            if body.may_start_table(row, ctx, &mut m, fy) {
                start = find_header(sheet, i, 1, &mut m, fy, Some(i));
                if start.is_some() {
                    break;
                }
            }
            if let Some(mut role) = body.role(sheet, row) {
                let before_data = !table.rows.iter().any(|(_, r)| *r == RowRole::Data);
                if role == RowRole::Data
                    && ((before_data && is_guidance(row)) || repeats_header(&head_texts, row))
                {
                    role = RowRole::Guidance;
                }
                table.rows.push((row.index, role));
            }
        }
        // Section labels after the last data row are footnotes.
        if let Some(last_data) = table.rows.iter().rposition(|(_, r)| *r == RowRole::Data) {
            for (_, role) in table.rows.iter_mut().skip(last_data + 1) {
                *role = RowRole::Footnote;
            }
        } else {
            for (_, role) in table.rows.iter_mut() {
                *role = RowRole::Footnote;
            }
        }
        let fixed: Vec<u32> = ctx
            .profile
            .map(|p| {
                p.columns
                    .keys()
                    .filter_map(|l| profile::letter_index(l))
                    .collect()
            })
            .unwrap_or_default();
        check_listed_columns(sheet, &mut table, &fixed);
        if table.kind == SheetKind::PerformanceReturn && ctx.profile.is_none() {
            long::shape(sheet, &mut table, ctx.fy_start());
        }
        if table.kind == SheetKind::RiskRegister {
            if ctx.profile.is_none() && ratings::is_legend(sheet, &table, ctx.config) {
                // The key of a rating scale under or beside a register holds no risks.
                for (_, role) in table.rows.iter_mut() {
                    *role = RowRole::Footnote;
                }
            }
            ratings::read_columns(sheet, &mut table, ctx.config, &fixed, ctx.legends);
        }
        layout.tables.push(table);
    }
    if layout.tables.is_empty() {
        layout.skipped = Some(skip_reason(&sheet.name));
    }
    layout
}

/// Where a scan down a table's body stands: the state carried from one row to the next.
struct Body {
    first_col: u32,
    prev_index: u32,
    prev_single: bool,
}

impl Body {
    fn new(table: &Table, header_end: u32) -> Body {
        Body {
            first_col: table.columns.iter().map(|c| c.col).min().unwrap_or(0),
            prev_index: header_end,
            prev_single: false,
        }
    }

    /// Whether a row could be the header of a new table: all text, after a gap or a label.
    fn may_start_table(
        &self,
        row: &Row,
        ctx: &LayoutContext,
        m: &mut Matcher,
        fy: Option<i32>,
    ) -> bool {
        let after_gap = row.index > self.prev_index + 1 || self.prev_single;
        if !after_gap || ctx.profile.is_some() || row.values().nth(1).is_none() || !all_text(row) {
            return false;
        }
        let s = score_row(row, m, fy);
        s.is_header() && s.best() >= 3
    }

    /// What a row of the table is (none for a row with only fill colours); `sheet` gives the
    /// merged regions.
    fn role(&mut self, sheet: &Sheet, row: &Row) -> Option<RowRole> {
        self.prev_index = row.index;
        self.prev_single = false;
        // Zeros beside a label are formulas copied down the whole column (an RPN of empty
        // ratings), not a record's values.
        let mut values = row
            .values()
            .filter(|c| !matches!(c.value, Some(Value::Number(n)) if n == 0.0));
        let first = values.next()?; // a cell with only a fill colour: not content
        if values.next().is_none() && is_section(sheet, row, first, self.first_col) {
            self.prev_single = true;
            Some(RowRole::Section(first.text().unwrap_or_default()))
        } else {
            Some(RowRole::Data)
        }
    }
}

/// What a [`Continuation`] says of the rows it is given, in order.
#[derive(Debug)]
pub enum Step {
    /// A new table starts; its header rows follow as [`Step::Header`].
    Table(Box<Table>),
    Header(Row),
    Row(Row, RowRole),
    /// A row in no table (after a header that could not be read).
    Outside(Row),
}

/// Carries a sheet's layout on past the first rows that [`detect`] saw, for a sheet read as a
/// stream: each further row gets the role the whole-sheet detector would give it. Section
/// labels are held back until a data row shows they are not footnotes, and a row that may
/// start a new table waits for the two rows below it.
pub struct Continuation<'a> {
    ctx: &'a LayoutContext<'a>,
    m: Matcher<'a>,
    fy: Option<i32>,
    titles: Vec<(u32, String)>,
    /// None once the layout has ended (a header that could not be read).
    body: Option<Body>,
    /// The merged regions, and the rows waiting: the first is the row above the next one to
    /// classify when `above` is set.
    window: Sheet,
    above: bool,
    /// Header rows of a new table still to pass.
    header_end: Option<u32>,
    pending: Vec<(Row, String)>,
}

impl<'a> Continuation<'a> {
    /// Takes over from the layout of a sheet's first rows. The layout's last table gives back
    /// its trailing footnotes, which the rows to come may show are section labels.
    pub fn new(head: &Sheet, layout: &mut SheetLayout, ctx: &'a LayoutContext<'a>) -> Self {
        let mut pending = Vec::new();
        let mut body = None;
        if let (Some(table), false) = (layout.tables.last_mut(), layout.stopped_early) {
            let keep = table
                .rows
                .iter()
                .rposition(|(_, r)| *r == RowRole::Data)
                .map_or(0, |p| p + 1);
            for (index, _) in table.rows.drain(keep..) {
                if let Some(row) = head.row(index) {
                    let label = row
                        .values()
                        .next()
                        .and_then(|c| c.text())
                        .unwrap_or_default();
                    pending.push((row.clone(), label));
                }
            }
            let header_end = table.header_rows.last().copied().unwrap_or(0);
            let mut b = Body::new(table, header_end);
            if let Some(last) = head.rows.last().filter(|r| r.index > header_end) {
                b.prev_index = last.index;
                b.prev_single = pending.last().is_some_and(|(r, _)| r.index == last.index);
            }
            body = Some(b);
        }
        let above: Vec<Row> = head.rows.last().cloned().into_iter().collect();
        Continuation {
            ctx,
            m: Matcher::new(ctx),
            fy: layout.financial_year,
            titles: layout.title_rows.clone(),
            body,
            above: !above.is_empty(),
            window: Sheet {
                name: head.name.clone(),
                visibility: head.visibility,
                rows: above,
                merges: head.merges.clone(),
                col_widths: Vec::new(),
            },
            header_end: None,
            pending,
        }
    }

    /// Gives the next row of the sheet; what can be said of the rows so far goes to `out`.
    pub fn push(&mut self, row: Row, out: &mut Vec<Step>) {
        self.window.rows.push(row);
        while self.window.rows.len() >= usize::from(self.above) + 3 {
            self.next(out);
        }
    }

    /// The sheet has ended: classifies the rows still waiting.
    pub fn finish(&mut self, out: &mut Vec<Step>) {
        while self.window.rows.len() > usize::from(self.above) {
            self.next(out);
        }
        out.extend(
            self.pending
                .drain(..)
                .map(|(r, _)| Step::Row(r, RowRole::Footnote)),
        );
    }

    fn next(&mut self, out: &mut Vec<Step>) {
        let i = usize::from(self.above);
        if self
            .header_end
            .is_some_and(|end| self.window.rows[i].index <= end)
        {
            return self.advance(out, Step::Header);
        }
        self.header_end = None;
        let Some(body) = self.body.as_mut() else {
            return self.advance(out, Step::Outside);
        };
        if body.may_start_table(&self.window.rows[i], self.ctx, &mut self.m, self.fy) {
            if let Some((_, rows)) = find_header(&self.window, i, 1, &mut self.m, self.fy, Some(i))
            {
                out.extend(
                    self.pending
                        .drain(..)
                        .map(|(r, _)| Step::Row(r, RowRole::Footnote)),
                );
                match build_table(
                    &self.window,
                    &rows,
                    &mut self.m,
                    self.fy,
                    self.ctx,
                    &self.titles,
                ) {
                    Some(table) => {
                        let end = rows.last().copied().unwrap_or(0);
                        // A group header above was already given to the table before.
                        if rows[0] < self.window.rows[i].index {
                            out.push(Step::Header(self.window.rows[i - 1].clone()));
                        }
                        self.body = Some(Body::new(&table, end));
                        out.push(Step::Table(Box::new(table)));
                        self.header_end = Some(end);
                    }
                    None => self.body = None,
                }
                return self.next(out);
            }
        }
        let role = body.role(&self.window, &self.window.rows[i]);
        match role {
            Some(RowRole::Section(label)) => {
                let row = self.window.rows[i].clone();
                self.pending.push((row, label));
                self.advance(out, |_| None);
            }
            Some(role) => {
                out.extend(
                    self.pending
                        .drain(..)
                        .map(|(r, l)| Step::Row(r, RowRole::Section(l))),
                );
                self.advance(out, |row| Some(Step::Row(row, role)));
            }
            None => self.advance(out, Step::Outside),
        }
    }

    /// Moves past the row being classified. It stays as the row above the next, in full only
    /// when it could be a group header over it (the only use [`find_header`] makes of it).
    fn advance<S: Into<Option<Step>>>(&mut self, out: &mut Vec<Step>, step: impl FnOnce(Row) -> S) {
        if self.above {
            self.window.rows.remove(0);
        }
        self.above = true;
        let row = &self.window.rows[0];
        let kept = if has_group_merge(&self.window, row) {
            row.clone()
        } else {
            Row {
                index: row.index,
                cells: Vec::new(),
            }
        };
        let row = std::mem::replace(&mut self.window.rows[0], kept);
        out.extend(step(row).into());
    }
}

/// Whether a value is one of a listed field's words (a kind, a polarity, a RAG, ...). None for
/// fields that take free text or numbers.
fn listed_value_ok(field: &str, t: &str) -> Option<bool> {
    Some(match field {
        "kind" => values::parse_kind(t).is_some(),
        "polarity" => values::parse_polarity(t).is_some(),
        "unit" => values::parse_unit(t).is_some(),
        "trend" => values::parse_trend(t).is_some(),
        "status" => values::parse_status(t).is_some(),
        "rag" => values::parse_rag(t).is_some(),
        "direction" => values::parse_travel(t).is_some(),
        "escalate" => values::parse_flag(t).is_some(),
        "frequency" => values::parse_frequency(t).is_some(),
        _ => return None,
    })
}

/// A column whose header names a listed field but whose values are mostly not on the list
/// ("measure_type" holding Mean / Count, not KPI / PI) is kept as extra instead, and said so.
fn check_listed_columns(sheet: &Sheet, table: &mut Table, fixed: &[u32]) {
    let data: Vec<u32> = table
        .rows
        .iter()
        .filter(|(_, r)| *r == RowRole::Data)
        .map(|(r, _)| *r)
        .take(200)
        .collect();
    for col in table.columns.iter_mut() {
        let Some(Field::Named(field)) = &col.field else {
            continue;
        };
        if fixed.contains(&col.col) {
            continue; // the profile says what this column is
        }
        let (mut seen, mut ok) = (0usize, 0usize);
        for r in &data {
            let Some(t) = sheet
                .row(*r)
                .and_then(|row| row.get(col.col))
                .and_then(|c| c.text())
            else {
                continue;
            };
            if values::is_missing(&t) {
                continue;
            }
            match listed_value_ok(field, &t) {
                None => break,
                Some(good) => {
                    seen += 1;
                    ok += usize::from(good);
                }
            }
        }
        if seen >= 3 && ok * 2 < seen {
            table.demoted.push(format!(
                "column {} '{}' is named like {field}, but {} of {seen} values are not one; kept as extra",
                crate::schema::column_letters(col.col),
                col.header,
                seen - ok
            ));
            col.field = None;
        }
    }
}

/// Whether a row under a header is guidance for whoever fills the table in: most of its cells
/// tell what to write ("Describe the risk...", "Name of officer", "1-5", "Select from list").
fn is_guidance(row: &Row) -> bool {
    const OPENINGS: &[&str] = &[
        "describe",
        "enter",
        "select",
        "insert",
        "provide",
        "give",
        "state",
        "list",
        "identify",
        "outline",
        "summarise",
        "summarize",
        "record",
        "explain",
        "choose",
        "use",
        "name of",
        "date of",
        "what",
        "who",
        "how",
        "when",
        "which",
        "why",
        "e g",
        "eg",
        "brief",
        "include",
        "indicate",
        "specify",
        "rate",
        "assess",
        "add",
        "please",
        "set out",
        "detail the",
        "details of",
        "tick",
        "pick",
        "example",
        "for example",
    ];
    static RANGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\(?\s*\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\s*\)?$").expect("valid regex")
    });
    // An example row ("e.g. R01", "Example: ...") is guidance, ratings and all.
    let first = row.values().next().and_then(|c| c.text()).map(|t| fold(&t));
    if first.is_some_and(|f| f == "example" || f.starts_with("e g ") || f.starts_with("example ")) {
        return true;
    }
    if !all_text(row) {
        return false;
    }
    let texts: Vec<String> = row.values().filter_map(|c| c.text()).collect();
    let advice = texts
        .iter()
        .filter(|t| {
            let f = fold(t);
            let t = t.trim();
            RANGE.is_match(t)
                || t.ends_with('?')
                || t.ends_with("...")
                || t.ends_with('…')
                || OPENINGS
                    .iter()
                    .any(|o| f == *o || f.starts_with(&format!("{o} ")))
        })
        .count();
    advice >= 2 && advice * 2 >= texts.len()
}

/// The texts of a table's last header row, folded, by column.
fn header_row_texts(sheet: &Sheet, table: &Table) -> HashMap<u32, String> {
    table
        .header_rows
        .last()
        .and_then(|r| sheet.row(*r))
        .map(|head| {
            head.values()
                .filter_map(|c| Some((c.col, fold(&c.text()?))))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a row repeats the table's header (a register printed with its header on every page).
fn repeats_header(head: &HashMap<u32, String>, row: &Row) -> bool {
    let is_text = |c: &&Cell| matches!(c.value, Some(Value::Text(_)));
    let (texts, all) = row
        .values()
        .fold((0, 0), |(t, a), c| (t + usize::from(is_text(&c)), a + 1));
    if texts < 2 || texts * 2 < all {
        return false;
    }
    // At most two fifths may differ: stop at the first miss beyond them.
    // A data row differs from the header in its first cells: two misses before a match end it.
    let allowed = texts * 2 / 5;
    let (mut misses, mut hits) = (0, 0);
    for c in row.values().filter(is_text) {
        let same = head
            .get(&c.col)
            .is_some_and(|h| c.text().is_some_and(|t| fold(&t) == *h));
        if same {
            hits += 1;
        } else {
            misses += 1;
            if misses > allowed || (hits == 0 && misses >= 2) {
                return false;
            }
        }
    }
    true
}

/// A single-value row is a section label (or, at the end, a footnote) when its text sits in the
/// table's first column, is bold, or is merged across columns.
fn is_section(sheet: &Sheet, row: &Row, cell: &Cell, first_col: u32) -> bool {
    if !matches!(cell.value, Some(Value::Text(_))) {
        return false;
    }
    cell.col <= first_col
        || cell.bold()
        || sheet
            .merge_at(row.index, cell.col)
            .is_some_and(|mg| mg.last_col > mg.first_col)
}

/// Searches `count` rows from position `from` for the best header row, then widens it to the
/// group header above and sub-header below. Returns the position and the header row indexes.
fn find_header(
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
                m.field(t, Applies::Risk)
                    .is_some_and(|(_, c)| c >= crate::domain::confidence::FIRM)
                    || m.field(t, Applies::Measure)
                        .is_some_and(|(_, c)| c >= crate::domain::confidence::FIRM)
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
fn has_group_merge(sheet: &Sheet, row: &Row) -> bool {
    sheet.merges.over_row(row.index).any(|mg| {
        mg.first_row == row.index && mg.last_row == row.index && mg.last_col > mg.first_col
    })
}

/// The header text of each column over the header rows.
/// A group header written once and left to run over the columns to its right without merging
/// (or "centre across selection", or a file format that keeps no merges): an empty header cell
/// whose sub-header below is filled belongs to the nearest group header to its left, when every
/// column from there has a sub-header and no header of its own.
fn visual_group(sheet: &Sheet, header_rows: &[u32], r: u32, c: u32) -> Option<Cell> {
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

fn header_texts(sheet: &Sheet, header_rows: &[u32]) -> BTreeMap<u32, Vec<Cell>> {
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

fn build_table(
    sheet: &Sheet,
    header_rows: &[u32],
    m: &mut Matcher,
    fy: Option<i32>,
    ctx: &LayoutContext,
    titles: &[(u32, String)],
) -> Option<Table> {
    let heads = header_texts(sheet, header_rows);
    let header_of = |parts: &[Cell]| -> String {
        parts
            .iter()
            .filter_map(|c| c.text())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let map_as = |kind: SheetKind, m: &mut Matcher| -> Vec<Column> {
        heads
            .iter()
            .map(|(col, parts)| {
                let header = header_of(parts);
                let refs: Vec<&Cell> = parts.iter().collect();
                if kind == SheetKind::PerformanceReturn {
                    if let Some((period, part)) = m.period(&refs, &header, fy) {
                        return Column {
                            col: *col,
                            header,
                            field: Some(Field::Period { period, part }),
                            confidence: 0.9,
                            ..Default::default()
                        };
                    }
                }
                let mut found = m.field(&header, kind.applies());
                // Group text over a field name ("Risk ID and Description" over "Ref") names
                // no field itself: the sub-header alone may say more.
                if parts.len() > 1 {
                    let last = parts.last().and_then(|c| c.text()).unwrap_or_default();
                    let alone = m.field(&last, kind.applies());
                    // An exact name beats group text that names a field only in part, but
                    // not a rating group ("Target Risk" over "Rating" is the target's).
                    let better = |(af, a): &(String, f64)| match &found {
                        None => true,
                        Some((ff, f)) => {
                            (*a > *f && *f < MIN_CONFIDENCE)
                                || (*a >= 1.0 && *f < 1.0 && !ff.contains('.') && af != ff)
                        }
                    };
                    if alone.as_ref().is_some_and(better) {
                        found = alone;
                    }
                }
                match found {
                    Some((f, c)) if c >= MIN_CONFIDENCE => Column {
                        col: *col,
                        header,
                        field: Some(Field::Named(f)),
                        confidence: round2(c),
                        ..Default::default()
                    },
                    found => Column {
                        col: *col,
                        header,
                        field: None,
                        confidence: round2(found.map_or(0.0, |f| f.1)),
                        ..Default::default()
                    },
                }
            })
            .collect()
    };
    let mut risk_cols = map_as(SheetKind::RiskRegister, m);
    settle_baseline(&mut risk_cols);
    let mut measure_cols = map_as(SheetKind::PerformanceReturn, m);
    year_to_date(&mut measure_cols, ctx.fy_start());
    let profile_kind = ctx
        .profile
        .and_then(|p| p.kind.as_deref())
        .and_then(|k| match k {
            "risk_register" | "risk" => Some(SheetKind::RiskRegister),
            "performance_return" | "performance" => Some(SheetKind::PerformanceReturn),
            _ => None,
        });
    let kind = match profile_kind {
        Some(k) => k,
        None => classify(&risk_cols, &measure_cols, &sheet.name, titles)?,
    };
    let mut columns = if kind == SheetKind::RiskRegister {
        risk_cols
    } else {
        measure_cols
    };
    dedupe_fields(&mut columns);
    if let Some(p) = ctx.profile {
        p.apply_columns(&mut columns, ctx.config.calendar.financial_year_start_month);
    }
    Some(Table {
        kind,
        header_rows: header_rows.to_vec(),
        columns,
        rows: Vec::new(),
        demoted: Vec::new(),
        dates: values::DateColumn::default(),
    })
}

/// FMEA registers rate "Baseline Risk (before response)" and "Residual Risk (after response)":
/// the baseline is the current rating and the residual the target, unless the register names
/// its current or target rating itself (then the baseline is inherent, the residual current).
fn settle_baseline(columns: &mut [Column]) {
    let group_of = |c: &Column| match &c.field {
        Some(Field::Named(f)) => f
            .split_once('.')
            .map(|(g, p)| (g.to_string(), p.to_string())),
        _ => None,
    };
    if !columns
        .iter()
        .any(|c| group_of(c).is_some_and(|(g, _)| g == "baseline"))
    {
        return;
    }
    let names = |word: &str| {
        columns
            .iter()
            .any(|c| fold(&c.header).split(' ').any(|w| w == word))
    };
    // A register that names its current or target rating itself: the baseline is inherent.
    let named = names("current") || names("target");
    for c in columns.iter_mut() {
        let Some((group, part)) = group_of(c) else {
            continue;
        };
        let h = format!(" {} ", fold(&c.header));
        let after = [
            " residual ",
            " after response ",
            " post response ",
            " after treatment ",
        ]
        .iter()
        .any(|w| h.contains(w));
        let to = match group.as_str() {
            "baseline" if named => "inherent",
            "baseline" => "current",
            "current" if after && !named => "target",
            _ => continue,
        };
        c.field = Some(Field::Named(format!("{to}.{part}")));
    }
}

/// A "YTD" column covers the financial year up to the latest period column: when that span is
/// a quarter, half or year of the contract, the column is that period's actual.
fn year_to_date(columns: &mut [Column], fy_start: u32) {
    let latest = columns
        .iter()
        .filter_map(|c| match &c.field {
            Some(Field::Period { period, .. }) => Some(period.end),
            _ => None,
        })
        .max();
    let Some(end) = latest else { return };
    let fy = values::fy_of(end, fy_start);
    let candidates: Vec<Period> = (1..=4)
        .filter_map(|q| values::quarter(fy, q, fy_start))
        .chain((1..=2).filter_map(|h| values::half(fy, h, fy_start)))
        .chain(values::year(fy, fy_start))
        .collect();
    let Some(span) = candidates.into_iter().find(|p| {
        p.end == end && values::fy_of(p.start, fy_start) == fy && {
            values::year(fy, fy_start).is_some_and(|y| y.start == p.start)
        }
    }) else {
        return;
    };
    for c in columns.iter_mut() {
        let f = fold(&c.header);
        let part = match f.as_str() {
            "ytd" | "year to date" | "ytd actual" | "ytd outturn" | "ytd performance"
            | "ytd value" => Part::Actual,
            _ => continue,
        };
        c.field = Some(Field::Period {
            period: span.clone(),
            part,
        });
        c.confidence = crate::domain::confidence::FIRM;
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Two columns mapped to one field: the more confident keeps it (the first on a tie); the other
/// is kept as extra.
fn dedupe_fields(columns: &mut [Column]) {
    let mut best: HashMap<String, (usize, f64)> = HashMap::new();
    for (i, c) in columns.iter().enumerate() {
        if let Some(f) = &c.field {
            let e = best.entry(f.name()).or_insert((i, c.confidence));
            if c.confidence > e.1 {
                *e = (i, c.confidence);
            }
        }
    }
    for (i, c) in columns.iter_mut().enumerate() {
        if let Some(f) = &c.field {
            if best.get(&f.name()).is_some_and(|(j, _)| *j != i) {
                c.field = None;
            }
        }
    }
}

fn has(cols: &[Column], names: &[&str]) -> usize {
    cols.iter()
        .filter(|c| match &c.field {
            Some(Field::Named(n)) => names
                .iter()
                .any(|x| n == x || n.ends_with(&format!(".{x}"))),
            _ => false,
        })
        .count()
}

/// Decides whether the mapped headers make a risk register or a performance return.
fn classify(
    risk: &[Column],
    measure: &[Column],
    sheet: &str,
    titles: &[(u32, String)],
) -> Option<SheetKind> {
    let risk_id = has(risk, &["id", "title", "description"]) > 0;
    let ratings = has(risk, &["likelihood", "impact", "score", "rating"]);
    let risk_score = ratings
        + has(
            risk,
            &[
                "controls",
                "mitigations",
                "last_reviewed",
                "next_review",
                "escalate",
                "description",
            ],
        );
    let measure_id = has(measure, &["id", "title"]) > 0;
    let periods = measure
        .iter()
        .filter(|c| matches!(c.field, Some(Field::Period { .. })))
        .count();
    let measure_score = has(
        measure,
        &[
            "actual",
            "target",
            "rag",
            "polarity",
            "unit",
            "kind",
            "period",
            "direction",
        ],
    ) + if periods > 0 { 2 } else { 0 };
    let says_risk = std::iter::once(sheet)
        .chain(titles.iter().map(|(_, t)| t.as_str()))
        .chain(risk.iter().map(|c| c.header.as_str()))
        .any(|t| fold(t).split(' ').any(|w| w == "risk" || w == "risks"));
    // A register with no ratings at all is still a register when it says so and has more
    // than a title: an owner, controls, actions.
    let unrated = ratings == 0
        && says_risk
        && has(
            risk,
            &["owner", "controls", "mitigations", "category", "status"],
        ) > 0;
    let is_measure = measure_id && measure_score >= 2;
    let is_risk =
        risk_id && ((ratings > 0 && (risk_score >= 2 || says_risk)) || (unrated && !is_measure));
    match (is_risk, is_measure) {
        (true, true) if says_risk => Some(SheetKind::RiskRegister),
        (true, true) if risk_score > measure_score => Some(SheetKind::RiskRegister),
        (true, true) => Some(SheetKind::PerformanceReturn),
        (true, false) => Some(SheetKind::RiskRegister),
        (false, true) => Some(SheetKind::PerformanceReturn),
        (false, false) => None,
    }
}

/// Why a sheet with no table was skipped, from its name.
fn skip_reason(name: &str) -> String {
    let n = fold(name);
    let any = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if any(&[
        "guidance",
        "instruction",
        "help",
        "read me",
        "readme",
        "notes",
        "introduction",
        "cover",
    ]) {
        "guidance sheet: no table of risks or measures".into()
    } else if any(&["matrix", "heat map", "heatmap", "scoring"]) {
        "risk matrix: no table of risks".into()
    } else if any(&[
        "lookup",
        "list",
        "dropdown",
        "validation",
        "reference data",
        "key",
    ]) {
        "lookups: no table of risks or measures".into()
    } else if any(&["chart", "graph", "pivot"]) {
        "chart data: no table of risks or measures".into()
    } else {
        "no header naming risk or measure columns was found".into()
    }
}

#[cfg(test)]
mod tests;
