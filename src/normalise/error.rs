//! Why a long sheet could not be read to its end as its rows streamed past.

use super::sheet::OUT_OF_ORDER;

/// A long sheet that could not be normalised a row at a time. It reaches the reader as the
/// visitor's error, and comes back named with its file in [`crate::read::ReadError`].
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// A row could not be read.
    #[error("{0}")]
    Row(#[from] crate::read::Error),
    /// The sheet stores its rows out of order; it is read again whole.
    #[error("sheet '{0}' {OUT_OF_ORDER}", OUT_OF_ORDER = OUT_OF_ORDER)]
    OutOfOrder(
        /// The sheet's name.
        String,
    ),
    /// The temporary file the records are moved to failed.
    #[error("cannot be read: the temporary file for its records failed ({0})")]
    Spill(#[source] std::io::Error),
}

impl StreamError {
    /// Whether a file failed only because a long sheet stores its rows out of order.
    pub fn out_of_order(err: &crate::read::ReadError) -> bool {
        err.visit_error()
            .and_then(|e| e.downcast_ref::<StreamError>())
            .is_some_and(|e| matches!(e, StreamError::OutOfOrder(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_out_of_order_is_told_apart_from_other_failures() {
        let named = |reason| crate::read::ReadError {
            file: "big.xlsx".into(),
            reason,
        };
        let out = named(crate::read::Error::Visit(Box::new(
            StreamError::OutOfOrder("Register".into()),
        )));
        assert!(StreamError::out_of_order(&out));
        assert_eq!(
            out.to_string(),
            "big.xlsx: sheet 'Register' stores its rows out of order"
        );
        let spill = named(crate::read::Error::Visit(Box::new(StreamError::Spill(
            std::io::Error::other("disk full"),
        ))));
        assert!(!StreamError::out_of_order(&spill));
        assert!(!StreamError::out_of_order(&named(
            crate::read::Error::Empty
        )));
    }
}
