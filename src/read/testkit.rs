//! Cells and sheets built in memory, for the tests of the stages after reading.

use super::{Cell, Merge, Sheet, Value, Visibility};

/// A text cell at a 0-based position.
pub fn text(row: u32, col: u32, s: &str) -> Cell {
    Cell {
        row,
        col,
        value: Some(Value::Text(s.into())),
        style: None,
    }
}

/// A number cell at a 0-based position.
pub fn num(row: u32, col: u32, n: f64) -> Cell {
    Cell {
        row,
        col,
        value: Some(Value::Number(n)),
        style: None,
    }
}

/// A visible sheet of the cells, with merged regions.
pub fn sheet_with_merges(name: &str, cells: Vec<Cell>, merges: Vec<Merge>) -> Sheet {
    Sheet::from_cells(name.into(), Visibility::Visible, cells, merges)
}
