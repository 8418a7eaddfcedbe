//! Why a template cannot be made from what it is given.

use std::path::PathBuf;

/// A prior (`--from`) that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The prior's file cannot be read.
    #[error("Cannot read '{}': {source}", path.display())]
    Unreadable {
        /// The file as given.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// The prior's file is not the JSON goldthread writes.
    #[error("'{}' is not the JSON of goldthread normalise or consolidate: {source}", path.display())]
    NotPriorJson {
        /// The file as given.
        path: PathBuf,
        /// Where and why the JSON does not parse as goldthread's.
        source: serde_json::Error,
    },
    /// The prior's JSON holds no records to carry forward.
    #[error("'{}' holds no risks, measures or observations; give the JSON written by goldthread normalise or goldthread consolidate --json", .0.display())]
    EmptyPrior(PathBuf),
    /// `--directorate` names none of the directorates the prior holds.
    #[error(
        "--directorate '{wanted}' matches no directorate of --from; it holds {}.",
        quoted(known)
    )]
    UnknownDirectorate {
        /// The directorate asked for.
        wanted: String,
        /// The directorates the prior does hold.
        known: Vec<String>,
    },
}

impl From<Error> for String {
    /// The message, for callers that report errors as text (the command line).
    fn from(e: Error) -> String {
        e.to_string()
    }
}

/// Names each in single quotes, separated by commas.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|d| format!("'{d}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_directorate_lists_those_held() {
        let e = Error::UnknownDirectorate {
            wanted: "Place".into(),
            known: vec!["Adults".into(), "Children".into()],
        };
        assert_eq!(
            e.to_string(),
            "--directorate 'Place' matches no directorate of --from; it holds 'Adults', 'Children'."
        );
    }

    #[test]
    fn an_unreadable_prior_keeps_the_io_error() {
        let source = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let e = Error::Unreadable {
            path: "prior.json".into(),
            source,
        };
        assert_eq!(e.to_string(), "Cannot read 'prior.json': gone");
        let inner = std::error::Error::source(&e).expect("a source");
        assert!(inner.downcast_ref::<std::io::Error>().is_some());
    }
}
