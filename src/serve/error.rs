//! Why the service cannot start, or cannot finish a request's work.

/// A fault of the service's setup or of the work behind a request; a request's own faults (a
/// bad token, a file too large) are answered with their status instead.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A configured token hash is not 64 hex digits.
    #[error("serve.tokens.\"{0}\" is not a SHA-256 in hex")]
    TokenHash(
        /// The directorate the token is for.
        String,
    ),
    /// The listener failed while serving.
    #[error("{0}")]
    Listener(#[source] std::io::Error),
    /// No temporary folder could be made for an upload.
    #[error("no temporary folder for the upload: {0}")]
    NoTempFolder(#[source] std::io::Error),
    /// An upload could not be written to its temporary file.
    #[error("the upload cannot be written to a temporary file: {0}")]
    UploadUnwritable(#[source] std::io::Error),
    /// An upload could not be read and checked.
    #[error("{0}")]
    Check(#[from] crate::Error),
    /// An upload could not be read again for its annotated copy.
    #[error("{0}")]
    Read(#[from] crate::read::ReadError),
    /// The annotated copy or a template could not be made.
    #[error("{0}")]
    Output(#[from] crate::output::OutputError),
    /// A template could not be built.
    #[error("{0}")]
    Template(#[from] rust_xlsxwriter::XlsxError),
    /// The annotated copy could not be read back.
    #[error("{0}")]
    Copy(#[source] std::io::Error),
    /// The inbox (a folder, the stored return, or the audit log) cannot be written.
    #[error("the inbox cannot be written: {0}")]
    InboxUnwritable(#[source] std::io::Error),
    /// A receipt cannot be written as JSON.
    #[error("{0}")]
    Receipt(#[from] serde_json::Error),
    /// The inbox's audit log exists but cannot be read.
    #[error("the inbox's audit log cannot be read: {0}")]
    AuditLogUnreadable(#[source] std::io::Error),
}

impl From<Error> for String {
    /// The message, for callers that report errors as text (the command line).
    fn from(e: Error) -> String {
        e.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unwritable_inbox_keeps_the_io_error() {
        let e = Error::InboxUnwritable(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "denied",
        ));
        assert_eq!(e.to_string(), "the inbox cannot be written: denied");
        let inner = std::error::Error::source(&e).expect("a source");
        assert_eq!(
            inner.downcast_ref::<std::io::Error>().map(|e| e.kind()),
            Some(std::io::ErrorKind::PermissionDenied)
        );
    }
}
