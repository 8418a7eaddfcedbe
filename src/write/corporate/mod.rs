//! The corporate workbook: a consolidation laid out as the committee paper it goes into (a
//! summary with RAG counts and risk heat maps, the strategic and corporate risk registers, the
//! corporate performance scorecard with each measure's trend, data quality and submissions), ready
//! to print as it stands.
//!
//! ```text
//! Summary                  key figures | RAG by theme (+ stacked bar chart) | RAG by directorate
//!                          | the line of sight: actions, measures and risks by theme and priority
//!                          | open risks by rating | current and target heat maps
//! Strategic Risk Register  escalated risks, a bold row per theme, then one row per risk
//! Corporate Risk Register  every risk, laid out the same way
//! Corporate Performance    one row per measure, its series drawn in "Trend" (▂▄▆█)
//! Delivery Plan            the delivery plan's actions by theme and priority (when there are any)
//! Data Quality             the findings table of the data-quality report
//! Submissions              one row per directorate: received or missing, files, counts
//! ```

mod data_quality;
mod delivery_plan;
mod key_figures;
mod line_of_sight;
mod performance;
mod registers;
mod submissions;
mod summary;

use std::path::Path;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::kit::{Formats, Page, Print};
use super::raw::{Rows, Xfs};
use super::{cut_utf16, encode_error, properties, save_with_rows, PAPER_A3, PAPER_A4};
use crate::config::Config;
use crate::consolidate::Consolidation;
use crate::output::OutputError;
use performance::PERFORMANCE_COLUMNS;
use registers::register_sheet;

/// The sheets, in order.
pub(crate) const SUMMARY: &str = "Summary";
pub(crate) const STRATEGIC: &str = "Strategic Risk Register";
pub(crate) const CORPORATE: &str = "Corporate Risk Register";
pub(crate) const PERFORMANCE: &str = "Corporate Performance";
pub(crate) const DATA_QUALITY: &str = "Data Quality";
pub(crate) const SUBMISSIONS: &str = "Submissions";

/// Writes the corporate performance and risk workbook of a consolidation to `path`
/// (atomically): Summary, Strategic Risk Register, Corporate Risk Register, Corporate
/// Performance, Data Quality and Submissions, each titled
/// "`<council>` performance and risk report, `<period>`", print-ready (landscape, one page wide,
/// headings repeated, page numbers in the footer). The heat maps follow `config`'s matrix.
///
/// # Errors
/// [`OutputError::Encode`] when the workbook cannot be built, [`OutputError::Io`] when the
/// file cannot be written.
pub fn write_corporate_workbook(
    path: &Path,
    c: &Consolidation,
    config: &Config,
) -> Result<(), OutputError> {
    let title = report_title(c, config);
    let mut workbook = Workbook::new();
    let f = Formats::new();
    // First, before any other format is used: the registers' rows give their cells these
    // formats' indices.
    let xfs = Xfs::register(&mut workbook, &f.of_register_rows());
    let council = council(c, config).unwrap_or("");
    let props = properties(&title, super::OUTPUT_SUBJECTS[0])
        .set_company(cut_utf16(council, 255))
        .set_category("Committee report")
        .set_keywords(format!("performance, risk, {}", c.period.label))
        .set_comment(format!(
            "Consolidated by goldthread from {} return(s) for {}.",
            c.files.len(),
            c.period.label
        ));
    workbook.set_properties(&props);
    let rows =
        build(&mut workbook, c, config, &title, &f, &xfs).map_err(|e| encode_error(path, e))?;
    save_with_rows(&mut workbook, rows, path)
}

/// The council's name, where the consolidation or the configuration gives one.
fn council<'a>(c: &'a Consolidation, config: &'a Config) -> Option<&'a str> {
    c.council
        .as_deref()
        .or(config.framework.council.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// "<council or 'Corporate'> performance and risk report, <period label>".
pub(crate) fn report_title(c: &Consolidation, config: &Config) -> String {
    format!(
        "{} performance and risk report, {}",
        council(c, config).unwrap_or("Corporate"),
        c.period.label
    )
}

/// What every sheet of the committee workbook is written from: the consolidation, the
/// configuration, the report's title, the page setup and the formats.
#[derive(Clone, Copy)]
pub(super) struct Book<'a> {
    pub c: &'a Consolidation,
    pub config: &'a Config,
    pub title: &'a str,
    pub page: &'a Page,
    pub f: &'a Formats,
    pub xfs: &'a Xfs<'a>,
}

/// Builds the sheets into `workbook`; returns the registers' rows, by the position of their
/// sheet, to go in when it is saved.
fn build(
    workbook: &mut Workbook,
    c: &Consolidation,
    config: &Config,
    title: &str,
    f: &Formats,
    xfs: &Xfs,
) -> Result<Vec<(usize, Rows)>, XlsxError> {
    let page = Page::new(c, title);
    let book = Book {
        c,
        config,
        title,
        page: &page,
        f,
        xfs,
    };
    // The register of every risk is the largest sheet: it is built on a second thread while
    // the others are built here, and the sheets go into the workbook in their order.
    let (corporate, others) = std::thread::scope(|scope| {
        let corporate = scope.spawn(|| register_sheet(book, false));
        let others = other_sheets(book);
        let corporate = corporate.join().unwrap_or_else(|_| {
            Err(XlsxError::ParameterError(
                "the corporate register sheet could not be built".into(),
            ))
        });
        (corporate, others)
    });
    let ((corporate, corporate_rows), (others, strategic_rows)) = (corporate?, others?);
    let mut others = others.into_iter();
    for ws in others.by_ref().take(2) {
        workbook.push_worksheet(ws);
    }
    workbook.push_worksheet(corporate);
    for ws in others {
        workbook.push_worksheet(ws);
    }
    // The registers are the second and third sheets.
    Ok(vec![(1, strategic_rows), (2, corporate_rows)])
}

/// Every sheet but the corporate register, in order: summary, strategic register, then
/// performance, data quality and submissions; and the strategic register's rows.
fn other_sheets(book: Book) -> Result<(Vec<Worksheet>, Rows), XlsxError> {
    let Book {
        c,
        config,
        title,
        page,
        f,
        ..
    } = book;
    // The summary's tables, chart and heat maps side by side: one A3 page wide.
    let (summary, ()) = page.sheet(SUMMARY, Print::OnePage(PAPER_A3), |ws| {
        summary::write_summary(ws, c, config, title, f)
    })?;

    let (strategic, strategic_rows) = register_sheet(book, true)?;

    let (performance, ()) = page.sheet(
        PERFORMANCE,
        Print::Fit(PERFORMANCE_COLUMNS.iter().map(|c| c.1).collect(), (1, 2)),
        |ws| performance::write_performance(ws, c, title, f),
    )?;
    let mut sheets = vec![summary, strategic, performance];
    if !c.actions.is_empty() {
        sheets.push(delivery_plan::sheet(c, title, page, f)?);
    }

    let data_quality = data_quality::sheet(c, page)?;

    let (submissions, ()) = page.sheet(SUBMISSIONS, Print::OnePage(PAPER_A4), |ws| {
        submissions::write_submissions(ws, c, title, f)
    })?;
    sheets.extend([data_quality, submissions]);
    Ok((sheets, strategic_rows))
}

#[cfg(test)]
mod tests;
