//! The line of sight on the Summary sheet: per theme, and within it per priority, the period's
//! measures by RAG, the delivery plan's actions by status and the open risks by band (the
//! consolidation's `summary.by_theme`), each theme linked to its rows on the detail sheets.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Url, Worksheet, XlsxError};

use super::delivery_plan::{self, DELIVERY_PLAN};
use super::{CORPORATE, PERFORMANCE};
use crate::consolidate::thread::{
    named, PriorityLine, ThemeLine, ThreadCounts, NO_PRIORITY, NO_THEME,
};
use crate::consolidate::Consolidation;
use crate::schema::{ActionStatus, Band, Rag};
use crate::write::kit::{by_theme, coloured, long_date, Formats, HEADER_ROW, LAST_DATA_ROW};
use crate::write::{excel_text, header_format};

/// The groups of columns: heading, each column's heading, and the detail sheet the group's
/// link goes to. The delivery plan comes first: what the council is doing, then how it is
/// performing, then what could stop it.
const GROUPS: [(&str, &[&str], &str); 3] = [
    (
        "Delivery plan actions",
        &[
            ActionStatus::OnTrack.label(),
            "Needing attention",
            ActionStatus::Complete.label(),
            ActionStatus::NotStarted.label(),
            "Overdue",
        ],
        DELIVERY_PLAN,
    ),
    (
        "Measures by RAG",
        &[Rag::Red.label(), Rag::Amber.label(), Rag::Green.label()],
        PERFORMANCE,
    ),
    (
        "Open risks by rating",
        &[
            Band::Low.label(),
            Band::Medium.label(),
            Band::High.label(),
            Band::VeryHigh.label(),
        ],
        CORPORATE,
    ),
];

/// The counts of a row, in the order of the columns.
pub(crate) fn counts_of(n: &ThreadCounts) -> [usize; 12] {
    let (m, a, r) = (&n.measures, &n.actions, &n.risks);
    [
        a.on_track,
        a.attention(),
        a.complete,
        a.not_started,
        a.overdue,
        m.red,
        m.amber,
        m.green,
        r.low,
        r.medium,
        r.high,
        r.very_high,
    ]
}

/// The row of each theme's heading on a sheet written by `write_grouped` (a theme row, then
/// one row per item), by theme as the sheet groups it.
fn grouped_rows<T>(
    items: &[&T],
    theme: impl Fn(&T) -> Option<&str>,
) -> HashMap<Option<String>, u32> {
    let mut rows = HashMap::new();
    let mut row = HEADER_ROW + 1;
    for (t, group) in by_theme(items, theme) {
        if row >= LAST_DATA_ROW {
            break;
        }
        rows.insert(t.map(String::from), row);
        row += 1 + group.len() as u32;
    }
    rows
}

/// Where each theme's rows start on the detail sheets, by sheet.
fn targets(c: &Consolidation) -> HashMap<&'static str, HashMap<Option<String>, u32>> {
    let lines: Vec<_> = c.performance.iter().collect();
    let risks: Vec<_> = c.risks.iter().collect();
    // The delivery plan is a sheet only when there are actions.
    let plan = if c.actions.is_empty() {
        HashMap::new()
    } else {
        delivery_plan::theme_rows(c)
    };
    HashMap::from([
        (DELIVERY_PLAN, plan),
        (PERFORMANCE, grouped_rows(&lines, |l| l.theme.as_deref())),
        (CORPORATE, grouped_rows(&risks, |r| r.risk.theme.as_deref())),
    ])
}

/// The columns the table uses: from B, skipping the summary's narrow gap column `gap`.
fn columns(gap: u16) -> Vec<u16> {
    let n = GROUPS.iter().map(|g| g.1.len()).sum();
    (1u16..).filter(|c| *c != gap).take(n).collect()
}

/// Writes the table from `row`: a row of counts per theme with a row of links to its rows on
/// the detail sheets beneath, then a row per priority; the columns are those of the summary,
/// the gap column `gap` skipped, those after `sized` (the last the summary sizes) made narrow
/// so that the sheet still prints one page wide. Returns the row after it, or `row` itself
/// when there is nothing to show.
pub(crate) fn write_line_of_sight(
    ws: &mut Worksheet,
    row: u32,
    c: &Consolidation,
    (gap, sized): (u16, u16),
    f: &Formats,
) -> Result<u32, XlsxError> {
    if c.summary.by_theme.is_empty() {
        return Ok(row);
    }
    let cols = columns(gap);
    for &col in cols.iter().filter(|c| **c > sized) {
        ws.set_column_width(col, 8)?;
    }
    let heading = format!(
        "Line of sight: actions, measures and risks by theme and priority, {}",
        c.period.label
    );
    ws.write_with_format(row, 0, excel_text(&heading), &f.heading)?;
    // Two short lines: text running past the table would widen the printed page.
    let overdue = c
        .as_of
        .map(|d| format!("; overdue: due before {} and not complete", long_date(d)))
        .unwrap_or_default();
    let notes = [
        format!("Actions needing attention: at risk, off track or delayed{overdue}."),
        "Measures by the period's RAG; open risks by current rating. The links go to each theme's rows on the detail sheets.".to_string(),
    ];
    for (i, note) in (1u32..).zip(notes) {
        ws.write_with_format(row + i, 0, excel_text(&note), &f.note)?;
    }
    let header = row + 4;
    write_headings(ws, header, &cols)?;
    let mut r = header + 1;
    let targets = targets(c);
    let theme_format = f.theme.clone().set_align(FormatAlign::Center);
    let plain = Format::new().set_indent(2);
    for t in &c.summary.by_theme {
        ws.write_with_format(r, 0, excel_text(&t.theme), &f.theme)?;
        write_counts(ws, r, &cols, &t.counts, &theme_format)?;
        ws.set_row_height(r, 18)?;
        let key = named((t.theme != NO_THEME).then_some(t.theme.as_str())).map(String::from);
        write_links(ws, r + 1, &cols, &targets, &key)?;
        r += 2;
        for p in shown_priorities(t) {
            ws.write_with_format(r, 0, excel_text(&p.priority), &plain)?;
            write_counts(ws, r, &cols, &p.counts, &f.centre)?;
            r += 1;
        }
    }
    let mut total = ThreadCounts::default();
    for t in &c.summary.by_theme {
        total.add(&t.counts);
    }
    ws.write_with_format(r, 0, "Total", &f.total)?;
    let bold = f.total.clone().set_align(FormatAlign::Center);
    write_counts(ws, r, &cols, &total, &bold)?;
    Ok(r + 1)
}

/// A theme's priorities as the table lists them: none when its only one is `(no priority)`,
/// which would repeat the theme's row.
pub(crate) fn shown_priorities(t: &ThemeLine) -> &[PriorityLine] {
    match t.priorities.as_slice() {
        [only] if only.priority == NO_PRIORITY => &[],
        all => all,
    }
}

/// Under a theme's counts, in the first column of each group, a link to the theme's rows on
/// the group's detail sheet (where the sheet has any).
fn write_links(
    ws: &mut Worksheet,
    row: u32,
    cols: &[u16],
    targets: &HashMap<&str, HashMap<Option<String>, u32>>,
    theme: &Option<String>,
) -> Result<(), XlsxError> {
    let format = Format::new()
        .set_font_color(Color::RGB(0x0563C1))
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let mut first = 0;
    for (_, headings, sheet) in GROUPS {
        if let Some(target) = targets.get(sheet).and_then(|rows| rows.get(theme)) {
            let url = Url::new(format!("internal:'{sheet}'!A{}", target + 1))
                .set_text(format!("{sheet} \u{203a}"))
                .set_tip(format!("This theme on the {sheet} sheet"));
            ws.write_url_with_format(row, cols[first], url, &format)?;
        }
        first += headings.len();
    }
    Ok(())
}

/// The group headings over their columns, and the columns' headings beneath.
fn write_headings(ws: &mut Worksheet, header: u32, cols: &[u16]) -> Result<(), XlsxError> {
    let group = header_format().set_align(FormatAlign::Center);
    ws.write_blank(header - 1, 0, &group)?;
    ws.write_with_format(header, 0, "Theme / priority", &header_format())?;
    let mut i = 0;
    for (name, headings, _) in GROUPS {
        let span = &cols[i..i + headings.len()];
        let (first, last) = (span[0], span[span.len() - 1]);
        if first == last {
            ws.write_with_format(header - 1, first, name, &group)?;
        } else {
            ws.merge_range(header - 1, first, header - 1, last, name, &group)?;
        }
        for (&col, h) in span.iter().zip(headings.iter()) {
            ws.write_with_format(header, col, *h, &heading_format(h))?;
        }
        i += headings.len();
    }
    Ok(())
}

/// A column's heading, coloured for a RAG or a band.
fn heading_format(h: &str) -> Format {
    let base = header_format()
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_border_bottom(FormatBorder::Thin);
    let rag = Rag::ALL
        .iter()
        .find(|r| r.label() == h)
        .map(|r| r.colours());
    let band = Band::ALL
        .iter()
        .find(|b| b.label() == h)
        .map(|b| b.colours());
    match rag.or(band) {
        Some(c) => coloured(base, c),
        None => base,
    }
}

fn write_counts(
    ws: &mut Worksheet,
    row: u32,
    cols: &[u16],
    n: &ThreadCounts,
    format: &Format,
) -> Result<(), XlsxError> {
    for (&col, v) in cols.iter().zip(counts_of(n)) {
        ws.write_with_format(row, col, v as f64, format)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "line_of_sight_tests.rs"]
mod tests;
