//! What stops a consolidation: a period, a written JSON, benchmark tables or a history that
//! cannot be used.

/// A period, a written JSON, benchmark tables or a history that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `--period` is not a period.
    #[error("--period '{0}' is not a period; write it like \"2024-25 Q2\", \"Q2 2024/25\", \"Sep-24\" or \"2024/25\".")]
    NotAPeriod(String),
    /// The as-of date falls in no quarter.
    #[error("the as-of date has no quarter")]
    NoQuarter,
    /// The as-of date is before any period can end.
    #[error("the as-of date is too early")]
    TooEarly,
    /// No quarter ends before the as-of date.
    #[error("no quarter ends before the as-of date")]
    NoQuarterBefore,
    /// A written JSON cannot be read.
    #[error("'{}' cannot be read: {source}", path.display())]
    Unreadable {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// A JSON that is neither a consolidation nor a normalised document goldthread wrote.
    #[error("'{}' is neither a goldthread consolidation nor a normalised document: {source}", path.display())]
    NotWritten {
        path: std::path::PathBuf,
        source: serde_json::Error,
    },
    /// Benchmarks were asked for but `[benchmark]` names no council area.
    #[error("benchmarking needs the council's area: set area_code (e.g. \"E08000009\") under [benchmark] in goldthread.toml")]
    NoBenchmarkArea,
    /// The comparators file could not be read.
    #[error("the comparators file {0}")]
    ComparatorsUnreadable(#[source] crate::read::ReadError),
    /// The comparators file lists no ONS area code.
    #[error("the comparators file {} lists no area code (like E08000009)", .0.display())]
    NoComparators(std::path::PathBuf),
    /// A benchmark table failed to read; `reason` is what its file report says.
    #[error("the benchmark table {file} {reason}")]
    BenchmarkUnreadable {
        /// The table, as the reader shows it.
        file: String,
        /// Why it failed, completing "the benchmark table FILE ...".
        reason: String,
    },
    /// The benchmark tables were read but hold no values by area.
    #[error("the benchmark tables ({}) hold no values by area (columns area code or area name, period, indicator, value)", shown_paths(.0))]
    NoBenchmarkValues(Vec<std::path::PathBuf>),
    /// A `--history` path that is not JSON holds no return that can be read.
    #[error("--history '{}' holds no returns that can be read", .0.display())]
    NoHistory(std::path::PathBuf),
}

/// Paths as a comma-separated list, for a message.
fn shown_paths(paths: &[std::path::PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<Error> for String {
    /// The message, for callers that report errors as text (the command line).
    fn from(e: Error) -> String {
        e.to_string()
    }
}
