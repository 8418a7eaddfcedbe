//! goldthread reads English councils' performance scorecards and risk registers as services
//! really send them, normalises them into one contract (FRAMEWORK.md), and keeps every value
//! traceable to its cell.
//!
//! The pipeline runs one way: [`read`] (files, sheets, cells, styles) -> [`layout`] (tables,
//! headers, columns) -> [`normalise`] (values into [`schema`] records) -> [`output`] (files
//! written atomically).

pub mod config;
pub mod layout;
pub mod normalise;
pub mod output;
pub mod read;
pub mod schema;
pub mod values;

pub use config::Config;
pub use normalise::{normalise_paths, Document, Options};
