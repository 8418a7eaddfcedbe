//! One data row of a table, read field by field: typed getters that count what they map, keep
//! what they cannot parse in `extra`, and record a problem naming the cell.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::layout::ratings::ColumnScale;
use crate::layout::{Field, Part, Table};
use crate::read::{Cell, Row, Value};
use crate::schema::field::{Key, Name};
use crate::schema::{cell_ref, Period, Unit};
use crate::values;

/// A value that could not be read, at its cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub cell: String,
    pub field: String,
    pub message: String,
}

/// The cells of one data row, by field.
pub struct RowValues<'a> {
    /// 0-based row index.
    pub row: u32,
    named: Vec<(&'a Key, &'a Cell, &'a str)>,
    /// The table the row is in: its columns' scales, and the columns of fields it leaves empty.
    table: &'a Table,
    /// Period columns of a wide return: period, part, cell, header.
    pub periods: Vec<(Period, Part, &'a Cell, &'a str)>,
    pub extra: BTreeMap<String, String>,
    pub problems: Vec<Problem>,
    /// Values that were a missing marker ("n/a", "TBC", "-").
    pub missing: usize,
    /// Values that landed in a field.
    pub mapped: usize,
    /// Values kept in `extra`.
    pub kept: usize,
    is_1904: bool,
    /// How the table's period column writes its dates.
    pub dates: values::DateColumn,
}

impl<'a> RowValues<'a> {
    /// Splits a row's cells by the table's columns. Cells under no header are kept as extra
    /// under their column letter.
    pub fn new(row: &'a Row, table: &'a Table) -> RowValues<'a> {
        let mut rv = RowValues {
            row: row.index,
            named: Vec::with_capacity(row.cells.len()),
            table,
            periods: Vec::new(),
            extra: BTreeMap::new(),
            problems: Vec::new(),
            missing: 0,
            mapped: 0,
            kept: 0,
            is_1904: false,
            dates: table.dates,
        };
        for cell in &row.cells {
            match table.column(cell.col) {
                Some(col) => match &col.field {
                    Some(Field::Named(f)) => {
                        rv.named.push((f, cell, col.header.as_str()));
                    }
                    Some(Field::Period { period, part }) => {
                        rv.periods
                            .push((period.clone(), *part, cell, col.header.as_str()));
                    }
                    None => {
                        if let Some(t) = cell.text() {
                            rv.keep(col.header.clone(), t);
                        }
                    }
                },
                None => {
                    if let Some(t) = cell.text() {
                        rv.keep(
                            format!("Column {}", crate::schema::column_letters(cell.col)),
                            t,
                        );
                    }
                }
            }
        }
        rv
    }

    /// Keeps a value in the record's extra under a header (primed when the header is taken).
    pub fn keep(&mut self, key: String, value: String) {
        self.kept += 1;
        let mut key = key;
        while self.extra.contains_key(&key) {
            key.push('\'');
        }
        self.extra.insert(key, value);
    }

    /// The cell of every field that holds a value (or a colour).
    pub fn field_cells(&self) -> crate::schema::CellRefs {
        let mut refs = crate::schema::CellRefs::default();
        for (f, c, _) in self
            .named
            .iter()
            .filter(|(_, c, _)| c.has_value() || c.fill().is_some())
        {
            refs.insert_name(&f.name(), c.row, c.col);
        }
        refs
    }

    /// The cell and header of a field (a short list: a row has a few dozen cells at most).
    fn get(&self, field: &Key) -> Option<(&'a Cell, &'a str)> {
        self.named
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, c, h)| (*c, *h))
    }

    /// The dimensions of a long table's row (`dimension.area` as `area`), with their cells
    /// and headers.
    pub fn dimensions(&self) -> Vec<(&'a str, &'a Cell, &'a str)> {
        self.named_by(|f| match f {
            Key::Dimension(d) => Some(d),
            _ => None,
        })
    }

    /// The value columns of several measures side by side (`values.ulev` as `ulev`), with
    /// their cells and headers.
    pub fn value_columns(&self) -> Vec<(&'a str, &'a Cell, &'a str)> {
        self.named_by(|f| match f {
            Key::Values(v) => Some(v),
            _ => None,
        })
    }

    /// The fields `name` gives a name to, by that name, with their cells and headers.
    fn named_by(
        &self,
        name: impl Fn(&'a Key) -> Option<&'a String>,
    ) -> Vec<(&'a str, &'a Cell, &'a str)> {
        self.named
            .iter()
            .filter_map(|(f, c, h)| Some((name(f)?.as_str(), *c, *h)))
            .collect()
    }

    /// The scale of a likelihood or impact field's column, when the layout found one.
    pub fn scale(&self, field: impl Into<Key>) -> Option<&'a ColumnScale> {
        self.named_column(&field.into())?.scale.as_ref()
    }

    fn named_column(&self, field: &Key) -> Option<&'a crate::layout::Column> {
        let table: &'a Table = self.table;
        table.columns.iter().find(|c| c.key() == Some(field))
    }

    /// Whether a % complete column counts in percentage points (see the layout's `in_points`).
    pub fn in_points(&self, field: impl Into<Key>) -> bool {
        self.named_column(&field.into())
            .is_some_and(|c| c.in_points)
    }

    /// The column of a field in the table, whether this row fills it or not; None also when
    /// no row of the table fills it.
    pub fn column_of(&self, field: impl Into<Key>) -> Option<u32> {
        let field = &field.into();
        self.named_column(field).filter(|c| !c.empty).map(|c| c.col)
    }

    /// The column of a wide table's period column for a part ("Q2 Update"), whether this row
    /// fills it or not.
    pub fn period_column(&self, part: Part, period: &str) -> Option<u32> {
        self.table.columns.iter().find_map(|c| match &c.field {
            Some(Field::Period { period: p, part: q }) if *q == part && p.label == period => {
                Some(c.col)
            }
            _ => None,
        })
    }

    /// The cell of a field, with or without a value (a fill colour alone counts).
    pub fn cell(&self, field: impl Into<Key>) -> Option<&'a Cell> {
        self.get(&field.into()).map(|(c, _)| c)
    }

    /// How many cells of the row hold a value other than a missing marker or a zero (the
    /// result of a formula copied down an empty template).
    pub fn filled(&self) -> usize {
        self.named
            .iter()
            .map(|(_, c, _)| *c)
            .chain(self.periods.iter().map(|(_, _, c, _)| *c))
            .filter(|c| match &c.value {
                Some(Value::Number(n)) => *n != 0.0,
                Some(Value::Text(t)) => !values::is_missing(t),
                Some(_) => true,
                None => false,
            })
            .count()
            + self.kept
    }

    /// Whether the row names a record by one of `names` (its id, title, ...): not when it
    /// names none, nor when its reference is all it holds (a template's numbered blank row).
    pub fn names_a_record(&self, names: &[Name]) -> bool {
        let named = |n: &Name| self.has(*n);
        if !names.iter().any(named) {
            return false;
        }
        let reference_only =
            self.has(Name::Id) && !names.iter().filter(|n| **n != Name::Id).any(named);
        !(reference_only && self.filled() == 1)
    }

    /// Whether the row has a non-empty value for a field.
    pub fn has(&self, field: impl Into<Key>) -> bool {
        self.cell(field).is_some_and(|c| c.has_value())
    }

    /// Records that a value could not be read, and keeps it as extra under its header.
    pub fn reject(&mut self, cell: &Cell, header: &str, field: &str, message: String) {
        self.problems.push(Problem {
            cell: cell_ref(cell.row, cell.col),
            field: field.to_string(),
            message,
        });
        if let Some(t) = cell.text() {
            self.keep(header.to_string(), t);
        }
    }

    /// Text of a field; missing markers give None.
    pub fn text(&mut self, field: impl Into<Key>) -> Option<String> {
        let (cell, _) = self.get(&field.into())?;
        let t = cell.text()?;
        if values::is_missing(&t) {
            self.missing += 1;
            return None;
        }
        self.mapped += 1;
        Some(t)
    }

    /// A field read by a parser; text it cannot read becomes a problem and is kept as extra.
    pub fn parse<T>(
        &mut self,
        field: impl Into<Key>,
        what: &str,
        parser: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let field = field.into();
        let (cell, header) = self.get(&field)?;
        self.parse_cell(cell, header, &field.name(), what, parser)
    }

    /// As [`RowValues::parse`], for a given cell.
    pub fn parse_cell<T>(
        &mut self,
        cell: &Cell,
        header: &str,
        field: &str,
        what: &str,
        parser: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let t = cell.text()?;
        if values::is_missing(&t) {
            self.missing += 1;
            return None;
        }
        match parser(&t) {
            Some(v) => {
                self.mapped += 1;
                Some(v)
            }
            None => {
                self.reject(
                    cell,
                    header,
                    field,
                    format!("'{}' is not {what}", short(&t)),
                );
                None
            }
        }
    }

    /// A number field, with the unit its text or number format shows.
    pub fn number(&mut self, field: impl Into<Key>) -> Option<(f64, Option<Unit>)> {
        let field = field.into();
        let (cell, header) = self.get(&field)?;
        self.number_cell(cell, header, &field.name())
    }

    /// As [`RowValues::number`], for a given cell.
    pub fn number_cell(
        &mut self,
        cell: &Cell,
        header: &str,
        field: &str,
    ) -> Option<(f64, Option<Unit>)> {
        match cell_number(cell) {
            Ok(Some(n)) => {
                self.mapped += 1;
                Some(n)
            }
            Ok(None) => {
                if cell.text().is_some() {
                    self.missing += 1;
                }
                None
            }
            Err(why) => {
                self.reject(cell, header, field, why.to_string());
                None
            }
        }
    }

    /// A date field: a date cell, an Excel serial number or a date typed as text.
    pub fn date(&mut self, field: impl Into<Key>) -> Option<NaiveDate> {
        let field = field.into();
        let (cell, header) = self.get(&field)?;
        let value = cell.value.as_ref()?;
        let parsed = match value {
            Value::Date(d) => Some(*d),
            Value::Number(n) if (1.0..=2_958_465.0).contains(n) => {
                values::date_from_serial(*n, self.is_1904)
            }
            Value::Text(t) if values::is_missing(t) => {
                self.missing += 1;
                return None;
            }
            Value::Text(t) => values::parse_date(t),
            _ => None,
        };
        match parsed {
            Some(d) => {
                self.mapped += 1;
                Some(d)
            }
            None => {
                let t = cell.text().unwrap_or_default();
                self.reject(
                    cell,
                    header,
                    &field.name(),
                    format!("'{}' is not a date", short(&t)),
                );
                None
            }
        }
    }

    /// Header of a field's column.
    pub fn header(&self, field: impl Into<Key>) -> Option<&'a str> {
        self.get(&field.into()).map(|(_, h)| h)
    }

    /// Counts a value used without a typed getter (a period cell, a commentary).
    pub fn count_mapped(&mut self) {
        self.mapped += 1;
    }

    /// Counts a value the caller kept in a record's extra itself.
    pub fn count_kept(&mut self) {
        self.kept += 1;
    }
}

/// A number from a cell: numbers as stored (percent-formatted ones in percentage points),
/// text through the number parser. `Ok(None)` for missing markers.
/// Why a cell holds no number where one is expected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum NotANumber {
    /// Text no number can be read from (shortened for the message).
    #[error("'{0}' is not a number")]
    Text(String),
    #[error("the cell shows the Excel error {0}")]
    ExcelError(String),
    #[error("a date ({0}) where a number is expected")]
    Date(NaiveDate),
    #[error("TRUE/FALSE ({0}) where a number is expected")]
    Bool(bool),
}

/// # Errors
/// When the cell holds text that is no number, an Excel error, a date or TRUE/FALSE.
pub fn cell_number(cell: &Cell) -> Result<Option<(f64, Option<Unit>)>, NotANumber> {
    let Some(value) = &cell.value else {
        return Ok(None);
    };
    match value {
        Value::Number(n) => {
            let fmt = cell.number_format().unwrap_or("");
            if values::is_percent_format(fmt) {
                Ok(Some((round10(n * 100.0), Some(Unit::Percent))))
            } else {
                Ok(Some((*n, values::unit_from_number_format(fmt))))
            }
        }
        Value::Text(t) if values::is_missing(t) => Ok(None),
        Value::Text(t) => match values::parse_number(t) {
            Some(p) => Ok(Some((p.value, p.unit))),
            None => Err(NotANumber::Text(short(t))),
        },
        Value::Error(e) => Err(NotANumber::ExcelError(e.to_string())),
        Value::Date(d) => Err(NotANumber::Date(*d)),
        Value::Bool(b) => Err(NotANumber::Bool(*b)),
    }
}

/// Rounds away binary noise (0.85 * 100 = 85.00000000000001).
pub fn round10(x: f64) -> f64 {
    let r = (x * 1e10).round() / 1e10;
    if r.is_finite() {
        r
    } else {
        x
    }
}

/// A value shortened for a message.
pub fn short(t: &str) -> String {
    let t = t.replace(['\n', '\r'], " ");
    if t.chars().count() > 60 {
        format!("{}...", t.chars().take(57).collect::<String>())
    } else {
        t
    }
}
