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

mod columns;
mod header;
pub mod long;
pub mod profile;
pub mod ratings;
mod stream;
pub mod synonyms;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::config::{fold, Config};
use crate::read::{Cell, Row, Sheet, Value, Visibility};
use crate::schema::field::{Key, Name};
use crate::schema::Period;
use crate::values;

pub use crate::values::period_of_date;
pub use profile::{Profile, SheetProfile};
use synonyms::{match_header, Applies};

use columns::*;
use header::*;
pub use stream::{Continuation, Step};

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
            SheetKind::DeliveryPlan => Applies::Action,
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

    /// The contract's field for this part, in a return of one period.
    pub fn name(self) -> Name {
        match self {
            Part::Actual => Name::Actual,
            Part::Target => Name::Target,
            Part::Rag => Name::Rag,
            Part::Direction => Name::Direction,
            Part::Commentary => Name::Commentary,
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
            "commentary" | "comments" | "comment" | "update" | "progress update" => {
                Some(Part::Commentary)
            }
            _ => None,
        }
    }
}

/// The field a column holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Field {
    /// A field of the contract (`owner`, `current.likelihood`).
    Named(Key),
    /// One value of one period in a wide return ("Q2 Actual").
    Period { period: Period, part: Part },
}

impl Field {
    /// The name shown to users and written to profiles (`actual@2024-25 Q2` for period columns).
    pub fn name(&self) -> String {
        match self {
            Field::Named(k) => k.name().into_owned(),
            Field::Period { period, part } => format!("{}@{}", part.as_str(), period.label),
        }
    }

    /// Reads a name written by [`Field::name`]; None for a name that is no field.
    pub fn parse(name: &str, fy_start: u32) -> Option<Field> {
        match name.split_once('@') {
            Some((part, period)) => {
                let part = Part::from_words(part)?;
                let period = values::parse_period(period, fy_start, None)?;
                Some(Field::Period { period, part })
            }
            None => Key::parse(name).map(Field::Named),
        }
    }

    /// The contract field this column holds, when it is one (not a period's value).
    pub fn key(&self) -> Option<&Key> {
        match self {
            Field::Named(k) => Some(k),
            Field::Period { .. } => None,
        }
    }

    /// Whether the column holds the dictionary's field `name`.
    pub fn is(&self, name: Name) -> bool {
        self.key().is_some_and(|k| k.is(name))
    }
}

impl From<Key> for Field {
    fn from(k: Key) -> Field {
        Field::Named(k)
    }
}

impl From<Name> for Field {
    fn from(n: Name) -> Field {
        Field::Named(Key::Field(n))
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
    /// A % complete column whose plain numbers are percentage points (25, 50, 100), so that a
    /// plain 1 in it is 1%, not a share of one (0.25, 0.5, 1).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_points: bool,
}

impl Column {
    /// The contract field the column holds, when it holds one (not a period's value).
    pub fn key(&self) -> Option<&Key> {
        self.field.as_ref().and_then(Field::key)
    }

    /// Whether the column holds the dictionary's field `name`.
    pub fn is(&self, name: Name) -> bool {
        self.key().is_some_and(|k| k.is(name))
    }
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
}

/// Finds the tables of a sheet.
pub fn detect(sheet: &Sheet, ctx: &LayoutContext) -> SheetLayout {
    let mut layout = SheetLayout::default();
    if let Some(reason) = not_read(sheet, ctx) {
        layout.skipped = Some(reason.into());
        return layout;
    }
    let mut m = Matcher::new(ctx);
    layout.financial_year = financial_year(sheet, ctx);
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
    layout.title_rows = title_rows(sheet, first_pos, first_rows[0]);

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
        start = read_body(sheet, ctx, &mut m, fy, &mut table, header_end, body_start);
        finish_table(sheet, ctx, &mut table);
        layout.tables.push(table);
    }
    if layout.tables.is_empty() {
        layout.skipped = Some(skip_reason(&sheet.name));
    }
    layout
}

/// Why a sheet is not read at all: the profile skips it, it is hidden, or it is empty.
fn not_read(sheet: &Sheet, ctx: &LayoutContext) -> Option<&'static str> {
    if ctx.profile.and_then(|p| p.kind.as_deref()) == Some("skip") {
        Some("skipped by the mapping profile")
    } else if sheet.visibility != Visibility::Visible {
        Some("hidden sheet")
    } else if sheet.value_count() == 0 {
        Some("empty sheet")
    } else {
        None
    }
}

/// The sheet's financial year: the profile's, then the one its title rows or its name give,
/// then what the context knows.
fn financial_year(sheet: &Sheet, ctx: &LayoutContext) -> Option<i32> {
    let top_text: Vec<String> = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .filter(|r| r.values().count() <= 2)
        .flat_map(|r| r.values().filter_map(|c| c.text()).collect::<Vec<_>>())
        .collect();
    let profile_fy = ctx
        .profile
        .and_then(|p| p.financial_year.as_deref())
        .and_then(values::parse_financial_year);
    let sheet_fy = top_text
        .iter()
        .find_map(|t| values::find_financial_year(t))
        .or_else(|| values::find_financial_year(&sheet.name));
    profile_fy.or(sheet_fy).or(ctx.financial_year)
}

/// The rows above the first header, each as one text.
fn title_rows(sheet: &Sheet, first_pos: usize, first_row_index: u32) -> Vec<(u32, String)> {
    sheet
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
        .collect()
}

/// Gives each row of a table's body its role, up to a row that starts another table, whose
/// position and header rows are returned. Section labels after the last data row are footnotes.
fn read_body(
    sheet: &Sheet,
    ctx: &LayoutContext,
    m: &mut Matcher,
    fy: Option<i32>,
    table: &mut Table,
    header_end: u32,
    body_start: usize,
) -> Option<(usize, Vec<u32>)> {
    let mut start = None;
    let mut body = Body::new(table, header_end);
    let head_texts = header_row_texts(sheet, table);
    for (i, row) in sheet.rows.iter().enumerate().skip(body_start) {
        if body.may_start_table(row, ctx, m, fy) {
            start = find_header(sheet, i, 1, m, fy, Some(i));
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
    let last_data = table.rows.iter().rposition(|(_, r)| *r == RowRole::Data);
    let trailing = last_data.map_or(0, |l| l + 1);
    for (_, role) in table.rows.iter_mut().skip(trailing) {
        *role = RowRole::Footnote;
    }
    start
}

/// What is read of a table once its rows are known: listed columns checked, a long return's
/// shape, and a register's rating columns (a key of a rating scale holds no risks).
fn finish_table(sheet: &Sheet, ctx: &LayoutContext, table: &mut Table) {
    let fixed: Vec<u32> = ctx
        .profile
        .map(|p| {
            p.columns
                .keys()
                .filter_map(|l| profile::letter_index(l))
                .collect()
        })
        .unwrap_or_default();
    check_listed_columns(sheet, table, &fixed);
    if table.kind == SheetKind::DeliveryPlan {
        percent_in_points(sheet, table);
    }
    if table.kind == SheetKind::PerformanceReturn && ctx.profile.is_none() {
        long::shape(sheet, table, ctx.fy_start());
    }
    if table.kind == SheetKind::RiskRegister {
        if ctx.profile.is_none() && ratings::is_legend(sheet, table, ctx.config) {
            for (_, role) in table.rows.iter_mut() {
                *role = RowRole::Footnote;
            }
        }
        ratings::read_columns(sheet, table, ctx.config, &fixed, ctx.legends);
    }
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

/// Whether a value is one of a listed field's words (a kind, a polarity, a RAG, ...). None for
/// fields that take free text or numbers.
fn listed_value_ok(kind: SheetKind, field: &Key, t: &str) -> Option<bool> {
    let field = field.field()?;
    if kind == SheetKind::DeliveryPlan {
        return Some(match field {
            Name::Status => values::parse_action_status(t).is_some(),
            Name::Rag => values::parse_rag(t).is_some() || values::is_blue_word(t),
            _ => return None,
        });
    }
    Some(match field {
        Name::Kind => values::parse_kind(t).is_some(),
        Name::Polarity => values::parse_polarity(t).is_some(),
        Name::Unit => values::parse_unit(t).is_some(),
        Name::Trend => values::parse_trend(t).is_some(),
        Name::Status => values::parse_status(t).is_some(),
        Name::Rag => values::parse_rag(t).is_some(),
        Name::Direction => values::parse_travel(t).is_some(),
        Name::Escalate => values::parse_flag(t).is_some(),
        Name::Frequency => values::parse_frequency(t).is_some(),
        _ => return None,
    })
}

/// How many data rows of a % complete column are looked at for how it writes its numbers.
const PERCENT_SAMPLE_ROWS: usize = 1000;

/// A % complete column with a plain number above 1 (not formatted as a percentage, not written
/// "75%") counts in percentage points: its plain 1 is 1%. Without one, plain numbers of at most
/// 1 are shares of one, as a tracker that types 0.75 for three quarters means.
fn percent_in_points(sheet: &Sheet, table: &mut Table) {
    let data: Vec<u32> = table
        .rows
        .iter()
        .filter(|(_, r)| *r == RowRole::Data)
        .map(|(r, _)| *r)
        .take(PERCENT_SAMPLE_ROWS)
        .collect();
    for col in table
        .columns
        .iter_mut()
        .filter(|c| c.is(Name::PercentComplete))
    {
        col.in_points = data.iter().any(|r| {
            let Some(cell) = sheet.row(*r).and_then(|row| row.get(col.col)) else {
                return false;
            };
            let plain = match &cell.value {
                Some(Value::Number(n)) => {
                    let formatted = values::is_percent_format(cell.number_format().unwrap_or(""));
                    (!formatted).then_some(*n)
                }
                Some(Value::Text(t)) => values::parse_number(t)
                    .filter(|n| n.unit.is_none())
                    .map(|n| n.value),
                _ => None,
            };
            plain.is_some_and(|n| n > 1.0 && n <= 100.0)
        });
    }
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
    let kind = table.kind;
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
            match listed_value_ok(kind, field, &t) {
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
