//! Cells and sheets built in memory, for the tests of the stages after reading.

use super::{Cell, Merge, Sheet, Value, Visibility};

/// A cell of a value at a 0-based position, unstyled.
pub fn cell(row: u32, col: u32, value: Value) -> Cell {
    Cell {
        row,
        col,
        value: Some(value),
        style: None,
    }
}

/// A text cell at a 0-based position.
pub fn text(row: u32, col: u32, s: &str) -> Cell {
    cell(row, col, Value::Text(s.into()))
}

/// A number cell at a 0-based position.
pub fn num(row: u32, col: u32, n: f64) -> Cell {
    cell(row, col, Value::Number(n))
}

/// A merged region, by its first and last 0-based rows and columns.
pub fn merge(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
    Merge {
        first_row,
        first_col,
        last_row,
        last_col,
    }
}

/// A visible sheet of the cells, with merged regions.
pub fn sheet_with_merges(name: &str, cells: Vec<Cell>, merges: Vec<Merge>) -> Sheet {
    Sheet::from_cells(name.into(), Visibility::Visible, cells, merges)
}
