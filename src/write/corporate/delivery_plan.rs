//! The Delivery Plan sheet of the corporate workbook: the delivery plan's actions by theme,
//! then priority, each with its lead, dates, status (filled by status), % complete, RAG and the
//! quarter's update; overdue actions marked. Written only when the returns hold actions.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet, XlsxError};

use crate::consolidate::thread::{is_overdue, ActionCounts};
use crate::consolidate::Consolidation;
use crate::domain::{Colours, BAD, GOOD, NEUTRAL, NOTE, ORANGE};
use crate::schema::{Action, ActionStatus, Rag};
use crate::write::kit::{
    by_theme, coloured, count_of, date, long_date, number, overflow_note, table_frame, text,
    theme_label, theme_row, write_title, Formats, Page, Print, RowFit, HEADER_ROW, LAST_DATA_ROW,
};

/// The sheet's name.
pub(crate) const DELIVERY_PLAN: &str = "Delivery Plan";

/// The columns: headings and widths.
pub(crate) const COLUMNS: [(&str, f64); 11] = [
    ("Ref", 9.0),
    ("Action", 36.0),
    ("Lead", 18.0),
    ("Directorate", 18.0),
    ("Start", 11.5),
    ("Due", 11.5),
    ("Overdue", 9.0),
    ("Status", 12.0),
    ("% complete", 10.0),
    ("RAG", 8.0),
    ("Update", 45.0),
];

const STATUS_COL: u16 = 7;

/// The fill and text colour of a status: green on track, yellow at risk, red off track, orange
/// delayed, blue complete, greys not started and cancelled.
fn status_colours(s: ActionStatus) -> Colours {
    match s {
        ActionStatus::NotStarted => Colours {
            fill: 0xF2F2F2,
            text: 0x404040,
        },
        ActionStatus::OnTrack => GOOD,
        ActionStatus::AtRisk => NEUTRAL,
        ActionStatus::OffTrack => BAD,
        ActionStatus::Delayed => ORANGE,
        ActionStatus::Complete => NOTE,
        ActionStatus::Cancelled => Colours {
            fill: 0xD9D9D9,
            text: 0x595959,
        },
    }
}

/// The sheet, printed fitted to its columns' widths with the reference and action repeated.
pub(super) fn sheet(
    c: &Consolidation,
    title: &str,
    page: &Page,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let widths = COLUMNS.iter().map(|c| c.1).collect();
    let (ws, ()) = page.sheet(DELIVERY_PLAN, Print::Fit(widths, (0, 1)), |ws| {
        write_delivery_plan(ws, c, title, f)
    })?;
    Ok(ws)
}

/// The formats of the sheet's own cells.
struct Own {
    priority: Format,
    percent: Format,
    overdue_mark: Format,
    /// By status, in `ActionStatus::ALL` order.
    status: Vec<Format>,
    rag: [Format; 3],
}

impl Own {
    fn new(f: &Formats) -> Own {
        let filled = |c: Colours| coloured(f.centre.clone(), c);
        Own {
            priority: Format::new()
                .set_bold()
                .set_italic()
                .set_indent(1)
                .set_background_color(Color::RGB(0xF2F7FC))
                .set_border_bottom(FormatBorder::Hair),
            percent: f.centre.clone().set_num_format("0\"%\""),
            overdue_mark: filled(BAD).set_bold(),
            status: ActionStatus::ALL
                .iter()
                .map(|&s| filled(status_colours(s)))
                .collect(),
            rag: Rag::ALL.map(|r| filled(r.colours())),
        }
    }
}

/// The consolidation's actions counted as of its as-of date.
pub(super) fn counts(c: &Consolidation) -> ActionCounts {
    let mut n = ActionCounts::default();
    for a in &c.actions {
        n.add(a, c.as_of);
    }
    n
}

/// "12 actions: 3 complete, 5 on track, 2 needing attention (at risk, off track or delayed),
/// 2 not started; 2 overdue as at 15 November 2024."
pub(crate) fn count_line(c: &Consolidation) -> String {
    let n = counts(c);
    let mut line = format!(
        "{}: {} complete, {} on track, {} needing attention (at risk, off track or delayed), {} not started",
        count_of(n.total(), "action", "actions"),
        n.complete,
        n.on_track,
        n.attention(),
        n.not_started,
    );
    if n.cancelled > 0 {
        line.push_str(&format!(", {} cancelled", n.cancelled));
    }
    if n.none > 0 {
        line.push_str(&format!(", {} with no status", n.none));
    }
    match c.as_of {
        Some(d) => line.push_str(&format!("; {} overdue as at {}.", n.overdue, long_date(d))),
        None => line.push('.'),
    }
    line
}

/// Writes the sheet: title, the count line, headings, then a theme row, a priority row and one
/// row per action.
pub(crate) fn write_delivery_plan(
    ws: &mut Worksheet,
    c: &Consolidation,
    title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let subtitle = format!(
        "The delivery plan's actions by theme and priority, {}. {}",
        c.period.label,
        count_line(c)
    );
    write_title(ws, title, &subtitle, f)?;
    let own = Own::new(f);
    let last_col = COLUMNS.len() as u16 - 1;
    let actions: Vec<&Action> = c.actions.iter().collect();
    let mut row = HEADER_ROW + 1;
    let mut written = 0;
    'themes: for (theme, group) in by_theme(&actions, |a| a.theme.as_deref()) {
        if row >= LAST_DATA_ROW {
            break;
        }
        let label = theme_label(theme, group.len(), "action", "actions");
        theme_row(ws, row, &label, last_col, f)?;
        row += 1;
        for (priority, items) in by_theme(&group, |a| a.priority.as_deref()) {
            if row >= LAST_DATA_ROW {
                break 'themes;
            }
            priority_row(ws, row, priority, items.len(), &own)?;
            row += 1;
            for a in items {
                if row >= LAST_DATA_ROW {
                    break 'themes;
                }
                write_action_row(ws, row, a, c, f, &own)?;
                row += 1;
                written += 1;
            }
        }
    }
    if written < actions.len() {
        overflow_note(ws, row, actions.len() - written, "actions", f)?;
    }
    table_frame(ws, &COLUMNS, row.saturating_sub(1), 2, HEADER_ROW, f)
}

/// A priority's row under its theme.
fn priority_row(
    ws: &mut Worksheet,
    row: u32,
    priority: Option<&str>,
    n: usize,
    own: &Own,
) -> Result<(), XlsxError> {
    let label = match priority {
        Some(p) => format!("Priority: {p} ({})", count_of(n, "action", "actions")),
        None => format!("No priority given ({})", count_of(n, "action", "actions")),
    };
    text(ws, row, 0, &label, &own.priority)?;
    for col in 1..COLUMNS.len() as u16 {
        ws.write_blank(row, col, &own.priority)?;
    }
    Ok(())
}

fn write_action_row(
    ws: &mut Worksheet,
    row: u32,
    a: &Action,
    c: &Consolidation,
    f: &Formats,
    own: &Own,
) -> Result<(), XlsxError> {
    let width = |col: usize| COLUMNS[col].1;
    let mut fit = RowFit::new(row, 0.0);
    text(ws, row, 0, &a.id, &f.top)?;
    let wrapped = [
        (1, a.title.as_deref()),
        (2, a.owner.as_deref()),
        (3, a.directorate.as_deref()),
        (10, a.commentary.as_deref()),
    ];
    for (col, s) in wrapped {
        fit.wrap(ws, col, s.unwrap_or(""), width(col.into()), &f.wrap)?;
    }
    date(ws, row, 4, a.start, &f.date)?;
    let overdue = is_overdue(a, c.as_of);
    date(
        ws,
        row,
        5,
        a.due,
        if overdue { &f.overdue } else { &f.date },
    )?;
    if overdue {
        text(ws, row, 6, "Overdue", &own.overdue_mark)?;
    } else {
        ws.write_blank(row, 6, &f.centre)?;
    }
    match a.status {
        Some(s) => text(ws, row, STATUS_COL, s.label(), &own.status[s as usize])?,
        None => {
            let stated = a.status_reported.as_deref().unwrap_or("");
            fit.wrap(ws, STATUS_COL, stated, width(STATUS_COL.into()), &f.wrap)?;
        }
    }
    number(ws, row, 8, a.percent_complete, &own.percent)?;
    match a.rag {
        Some(r) => {
            let i = Rag::ALL.iter().position(|x| *x == r).unwrap_or(0);
            text(ws, row, 9, r.label(), &own.rag[i])?;
        }
        None => ws.write_blank(row, 9, &f.centre).map(|_| ())?,
    }
    fit.finish(ws)
}

/// The row of each theme's heading on the sheet (see [`write_delivery_plan`]), by theme as
/// the sheet groups it.
pub(crate) fn theme_rows(c: &Consolidation) -> HashMap<Option<String>, u32> {
    let actions: Vec<&Action> = c.actions.iter().collect();
    let mut rows = HashMap::new();
    let mut row = HEADER_ROW + 1;
    for (theme, group) in by_theme(&actions, |a| a.theme.as_deref()) {
        if row >= LAST_DATA_ROW {
            break;
        }
        rows.insert(theme.map(String::from), row);
        let priorities = by_theme(&group, |a| a.priority.as_deref()).len();
        row += 1 + (priorities + group.len()) as u32;
    }
    rows
}
