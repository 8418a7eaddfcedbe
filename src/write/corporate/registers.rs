//! The strategic and corporate risk registers: a bold row per theme, then one row per risk.

use chrono::NaiveDate;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Book, CORPORATE, STRATEGIC};
use crate::config::Config;
use crate::consolidate::ConsolidatedRisk;
use crate::domain::with_arrow;
use crate::read::format_number;
use crate::schema::{Band, Rating, RiskStatus};
use crate::write::kit::{
    by_theme, count_of, date, number, table_filter, table_header, text, write_grouped, write_title,
    Cells, Formats, Print, RowFit, HEADER_ROW,
};
use crate::write::raw::{RawRows, Rows, Xfs};

// ---------------------------------------------------------------------------------------------
// Risk registers

/// The band of a score on the configured matrix.
fn band_of(config: &Config, score: Option<f64>) -> Option<Band> {
    score
        .filter(|s| s.is_finite())
        .and_then(|s| config.band_of(s))
}

/// The mitigating actions, with the action owner and due date where the register gives them.
fn actions_text(r: &crate::schema::Risk) -> String {
    let mut out = r.mitigations.clone().unwrap_or_default();
    let mut who = Vec::new();
    if let Some(o) = r.action_owner.as_deref().filter(|o| !o.trim().is_empty()) {
        who.push(format!("action owner {}", o.trim()));
    }
    if let Some(d) = r.action_due {
        who.push(format!("due {}", d.format("%d/%m/%Y")));
    }
    if !who.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("({})", who.join(", ")));
    }
    out
}

/// A risk register sheet and its rows: the strategic register (escalated risks) or the
/// corporate one (every risk the directorates returned).
pub(super) fn register_sheet(book: Book, strategic: bool) -> Result<(Worksheet, Rows), XlsxError> {
    let Book {
        c,
        config,
        title,
        page,
        f,
        xfs,
    } = book;
    let (name, risks, subtitle) = if strategic {
        let risks = c.strategic();
        let subtitle = format!(
            "Open risks with a current score of {} or more, or flagged for escalation by their directorate: {}.",
            format_number(config.risk.escalation_score),
            count_of(risks.len(), "risk", "risks"),
        );
        (STRATEGIC, risks, subtitle)
    } else {
        let risks: Vec<&ConsolidatedRisk> = c.risks.iter().collect();
        let open = risks
            .iter()
            .filter(|r| r.risk.status == RiskStatus::Open)
            .count();
        let subtitle = format!(
            "Every risk the directorates returned, by theme: {} ({open} open).",
            count_of(risks.len(), "risk", "risks"),
        );
        (CORPORATE, risks, subtitle)
    };
    let kind = Register {
        strategic,
        compared: c.movement.compared,
    };
    page.sheet(name, register_print(kind), |ws| {
        write_register(ws, xfs, &risks, config, c.as_of, kind, title, &subtitle, f)
    })
}

/// Writes a risk register: title, group headings over the ratings and column headings on `ws`,
/// then a theme row before each theme's risks and one row per risk, returned to go into the
/// sheet when the workbook is saved (see [`raw`](super::raw)).
#[allow(clippy::too_many_arguments)]
pub(super) fn write_register(
    ws: &mut Worksheet,
    xfs: &Xfs,
    risks: &[&ConsolidatedRisk],
    config: &Config,
    as_of: Option<NaiveDate>,
    kind: Register,
    title: &str,
    subtitle: &str,
    f: &Formats,
) -> Result<Rows, XlsxError> {
    write_title(ws, title, subtitle, f)?;
    let columns = register_columns(kind);
    let last_col = columns.len() as u16 - 1;
    // Each column's format, which its empty cells show (a blank cell in it is not written).
    let (wrap, top, centre, date) = (Some(&f.wrap), Some(&f.top), Some(&f.centre), Some(&f.date));
    let mut formats = vec![
        wrap, top, wrap, wrap, wrap, centre, centre, centre, centre, centre, centre, centre,
        centre, centre, centre, wrap, wrap, top, date, date, top,
    ];
    if kind.strategic {
        formats.push(wrap);
    }
    if kind.compared {
        formats.push(wrap);
    }
    for (col, format) in (0u16..).zip(&formats) {
        if let Some(format) = format {
            ws.set_column_format(col, format)?;
        }
    }

    // Group headings above the ratings, merged over L / I / Score.
    let group_row = HEADER_ROW - 1;
    for col in 0..=last_col {
        ws.write_blank(group_row, col, &f.group)?;
    }
    for (first, label) in [
        (5u16, "Inherent risk"),
        (8, "Current risk"),
        (12, "Target risk"),
    ] {
        ws.merge_range(group_row, first, group_row, first + 2, label, &f.group)?;
    }
    ws.write_with_format(group_row, 11, "Current", &f.group)?;
    table_header(ws, &columns, f)?;

    let mut rows = RawRows::new(xfs, &formats)?;
    let row = register_rows(&mut rows, risks, config, as_of, kind, &columns, f)?;
    table_filter(ws, &columns, row.saturating_sub(1), 3, group_row)?;
    rows.finish()
}

/// Which register a sheet is: the strategic one (with each risk's reason for being on it) or
/// the corporate one; with a Movement column when there is a previous report to compare with.
#[derive(Clone, Copy)]
pub(crate) struct Register {
    pub strategic: bool,
    pub compared: bool,
}

/// How a register prints: by its columns' widths, the reference and title repeated.
pub(super) fn register_print(kind: Register) -> Print {
    Print::Fit(register_columns(kind).iter().map(|c| c.1).collect(), (1, 2))
}

/// The headings and widths of a register's columns.
pub(super) fn register_columns(kind: Register) -> Vec<(&'static str, f64)> {
    let mut columns: Vec<(&'static str, f64)> = vec![
        ("Directorate", 18.0),
        ("Ref", 9.0),
        ("Risk", 30.0),
        ("Description", 48.0),
        ("Owner", 18.0),
        ("L", 5.0),
        ("I", 5.0),
        ("Score", 7.0),
        ("L", 5.0),
        ("I", 5.0),
        ("Score", 7.0),
        ("Rating", 10.0),
        ("L", 5.0),
        ("I", 5.0),
        ("Score", 7.0),
        ("Controls", 40.0),
        ("Actions", 40.0),
        ("Trend", 13.0),
        ("Last review", 11.5),
        ("Next review", 11.5),
        ("Status", 8.0),
    ];
    if kind.strategic {
        columns.push(("Why it is here", 30.0));
    }
    if kind.compared {
        columns.push(("Movement", 18.0));
    }
    columns
}

/// The rows of a register below its headings: a theme row before each theme's risks and one
/// row per risk. Returns the next free row.
pub(super) fn register_rows(
    rows: &mut impl Cells,
    risks: &[&ConsolidatedRisk],
    config: &Config,
    as_of: Option<NaiveDate>,
    kind: Register,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<u32, XlsxError> {
    let mut row = HEADER_ROW + 1;
    if risks.is_empty() {
        let none = if kind.strategic {
            "No risks are on the strategic register for this period."
        } else {
            "No risks were returned for this period."
        };
        text(rows, row, 0, none, &f.note)?;
        row += 1;
    }
    let groups = by_theme(risks, |r| r.risk.theme.as_deref());
    write_grouped(
        rows,
        row,
        groups,
        risks.len(),
        ("risk", "risks"),
        columns.len() as u16 - 1,
        f,
        |rows, row, r| write_risk_row(rows, row, r, config, as_of, kind, columns, f),
    )
}

#[allow(clippy::too_many_arguments)]
fn write_risk_row(
    ws: &mut impl Cells,
    row: u32,
    cr: &ConsolidatedRisk,
    config: &Config,
    as_of: Option<NaiveDate>,
    kind: Register,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    let r = &cr.risk;
    let width = |col: u16| columns.get(usize::from(col)).map_or(10.0, |c| c.1);
    let mut fit = RowFit::new(row, 0.0);
    let wrap = |ws: &mut _, fit: &mut RowFit, col: u16, s: Option<&str>| {
        fit.wrap(ws, col, s.unwrap_or(""), width(col), &f.wrap)
    };
    wrap(ws, &mut fit, 0, r.directorate.as_deref())?;
    text(ws, row, 1, &r.id, &f.top)?;
    wrap(ws, &mut fit, 2, r.title.as_deref())?;
    wrap(ws, &mut fit, 3, r.description.as_deref())?;
    wrap(ws, &mut fit, 4, r.owner.as_deref())?;
    let rating = |ws: &mut _, first: u16, x: &Rating| -> Result<(), XlsxError> {
        number(ws, row, first, x.likelihood, &f.centre)?;
        number(ws, row, first + 1, x.impact, &f.centre)?;
        number(
            ws,
            row,
            first + 2,
            x.score,
            f.band(band_of(config, x.score)),
        )
    };
    rating(ws, 5, &r.inherent)?;
    rating(ws, 8, &r.current)?;
    let band = band_of(config, r.current.score).or(r.rating);
    text(
        ws,
        row,
        11,
        band.map(Band::label).unwrap_or(""),
        f.band(band),
    )?;
    rating(ws, 12, &r.target)?;
    wrap(ws, &mut fit, 15, r.controls.as_deref())?;
    wrap(ws, &mut fit, 16, Some(&actions_text(r)))?;
    let trend = r.trend.map(|t| with_arrow(t.arrow(), t.label()));
    text(ws, row, 17, &trend.unwrap_or_default(), &f.top)?;
    date(ws, row, 18, r.last_reviewed, &f.date)?;
    let overdue = matches!((r.next_review, as_of), (Some(n), Some(a)) if n < a)
        && r.status == RiskStatus::Open;
    date(
        ws,
        row,
        19,
        r.next_review,
        if overdue { &f.overdue } else { &f.date },
    )?;
    text(ws, row, 20, r.status.label(), &f.top)?;
    let mut col = 21;
    if kind.strategic {
        let reason = cr.escalation_reason.as_deref().map(escalation_in_words);
        wrap(ws, &mut fit, col, reason.as_deref())?;
        col += 1;
    }
    if kind.compared {
        wrap(ws, &mut fit, col, cr.movement.as_deref())?;
    }
    fit.finish(ws)
}

/// A risk's escalation reason as a committee reads it: "score 16 >= 15" is "Current score 16
/// is at or above the escalation threshold of 15"; "flagged by directorate" is "Flagged for
/// escalation by its directorate".
pub(super) fn escalation_in_words(reason: &str) -> String {
    static SCORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^score ([0-9.]+) >= ([0-9.]+)(.*)$").expect("a valid pattern")
    });
    reason
        .split("; ")
        .map(|part| match SCORE.captures(part) {
            Some(c) => format!(
                "Current score {} is at or above the escalation threshold of {}{}",
                &c[1], &c[2], &c[3]
            ),
            None if part == "flagged by directorate" => {
                "Flagged for escalation by its directorate".to_string()
            }
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
