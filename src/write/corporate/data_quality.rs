//! The Data Quality sheet: the findings table of the data-quality report.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::DATA_QUALITY;
use crate::consolidate::Consolidation;
use crate::write::kit::{Page, Print};
use crate::write::{sorted_findings, write_findings_table, COLUMNS};

/// The findings of the consolidation, printed fitted to their columns' widths.
pub(super) fn sheet(c: &Consolidation, page: &Page) -> Result<Worksheet, XlsxError> {
    let finding_widths = COLUMNS.iter().map(|c| c.1).collect();
    let (data_quality, ()) =
        page.sheet(DATA_QUALITY, Print::Fit(finding_widths, (0, 3)), |ws| {
            let findings = sorted_findings(&c.findings);
            write_findings_table(ws, &findings, |_| None)
        })?;
    Ok(data_quality)
}
