//! The Summary sheet: key figures, RAG by theme (with a stacked bar chart) and by directorate,
//! open risks by rating, and the current and target heat maps.

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartLegendPosition, ChartSolidFill, ChartType, Color, Format,
    FormatAlign, FormatBorder, Table, TableColumn, TableStyle, Worksheet, XlsxError,
};

use super::SUMMARY;
use crate::config::Config;
use crate::consolidate::{Consolidation, RagCounts, NO_DIRECTORATE};
use crate::domain::{BAD, NO_RAG_CHART};
use crate::read::format_number;
use crate::schema::{Band, Rag, Rating, RiskStatus, Severity};
use crate::write::kit::{coloured, count_of, long_date, text, write_title, Formats};
use crate::write::{excel_text, header_format};

// ---------------------------------------------------------------------------------------------
// Summary

/// The most likelihoods or impacts a heat map is drawn for.
const MAX_MATRIX: usize = 50;

/// The configured matrix's height and width, when a heat map can be drawn for it.
fn matrix_size(config: &Config) -> Option<(usize, usize)> {
    let (h, w) = (config.risk.likelihood.len(), config.risk.impact.len());
    let fits = |n: usize| (1..=MAX_MATRIX).contains(&n);
    (fits(h) && fits(w)).then_some((h, w))
}

/// Open risks by likelihood and impact on the configured matrix (`[likelihood-1][impact-1]`),
/// and how many open risks could not be placed on it.
fn heat_counts(
    c: &Consolidation,
    config: &Config,
    pick: impl Fn(&crate::schema::Risk) -> &Rating,
) -> (Vec<Vec<usize>>, usize) {
    let (h, w) = matrix_size(config).unwrap_or((0, 0));
    let mut grid = vec![vec![0usize; w]; h];
    let mut off = 0;
    for r in c.risks.iter().filter(|r| r.risk.status == RiskStatus::Open) {
        let rating = pick(&r.risk);
        let placed = match (rating.likelihood, rating.impact) {
            (Some(l), Some(i)) if l.is_finite() && i.is_finite() => {
                let (l, i) = (l.round(), i.round());
                if l >= 1.0 && i >= 1.0 && l <= h as f64 && i <= w as f64 {
                    grid[l as usize - 1][i as usize - 1] += 1;
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if !placed {
            off += 1;
        }
    }
    (grid, off)
}

/// Themes in the configured order, then others by name, then "(no theme)".
fn ordered_counts<'a>(
    counts: &'a std::collections::BTreeMap<String, RagCounts>,
    order: &[&str],
    none: &str,
) -> Vec<(&'a str, RagCounts)> {
    let mut rows: Vec<(&str, RagCounts)> = counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    rows.sort_by_key(|(k, _)| {
        let rank = if *k == none {
            usize::MAX
        } else {
            order.iter().position(|o| o == k).unwrap_or(usize::MAX - 1)
        };
        (rank, k.to_string())
    });
    rows
}

pub(super) fn write_summary(
    ws: &mut Worksheet,
    c: &Consolidation,
    config: &Config,
    title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut subtitle = format!(
        "Reporting period {}: {} to {}. Consolidated from {}",
        c.period.label,
        long_date(c.period.start),
        long_date(c.period.end),
        count_of(c.files.len(), "return", "returns"),
    );
    match c.as_of {
        Some(d) => subtitle.push_str(&format!(", as at {}.", long_date(d))),
        None => subtitle.push('.'),
    }
    write_title(ws, title, &subtitle, f)?;
    let w = matrix_size(config).map_or(0, |(_, w)| w);
    // Column A holds labels; B.. counts and the current heat map; the target heat map (and
    // the chart above it) start after a narrow gap.
    let right = w.max(5) as u16 + 2;
    ws.set_column_width(0, 40)?;
    for col in 1..right - 1 {
        ws.set_column_width(col, 12)?;
    }
    ws.set_column_width(right - 1, 3)?;
    ws.set_column_width(right, 20)?;
    for col in right + 1..=right + w as u16 {
        ws.set_column_width(col, 12)?;
    }
    ws.set_freeze_panes(2, 0)?;
    ws.set_repeat_rows(0, 1)?;

    let mut row = 3;
    row = write_key_figures(ws, row, c, config, f)? + 1;

    // RAG by theme, with the stacked bar chart to the right.
    let themes: Vec<&str> = config
        .framework
        .themes
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let heading = format!("Performance RAG status by theme, {}", c.period.label);
    ws.write_with_format(row, 0, excel_text(&heading), &f.heading)?;
    let theme_rows = ordered_counts(&c.summary.rag_by_theme, &themes, "(no theme)");
    let table_row = row + 1;
    row = write_rag_table(ws, table_row, "Theme", &theme_rows, "RagByTheme", f)? + 1;
    if !theme_rows.is_empty() {
        insert_rag_chart(ws, table_row, right, theme_rows.len() as u32)?;
        // Leave room below the table for the chart (20 pixels a row).
        let chart_rows = chart_height(theme_rows.len()) / 20 + 1;
        row = row.max(table_row + chart_rows);
    }

    let heading = format!("Performance RAG status by directorate, {}", c.period.label);
    ws.write_with_format(row, 0, excel_text(&heading), &f.heading)?;
    let dir_rows = ordered_counts(&c.summary.rag_by_directorate, &[], NO_DIRECTORATE);
    row = write_rag_table(ws, row + 1, "Directorate", &dir_rows, "RagByDirectorate", f)? + 1;

    // The risk profile on a page of its own.
    ws.set_page_breaks(&[row])?;
    row += 1;
    row = write_band_table(ws, row, c, f)? + 1;
    let (current, off_current) = heat_counts(c, config, |r| &r.current);
    let (target, off_target) = heat_counts(c, config, |r| &r.target);
    write_heat_map(
        ws,
        row,
        0,
        "Current risk: open risks by current likelihood and impact",
        &current,
        off_current,
        config,
        f,
    )?;
    write_heat_map(
        ws,
        row,
        right,
        "Target risk: open risks by target likelihood and impact",
        &target,
        off_target,
        config,
        f,
    )?;
    Ok(())
}

/// A small Excel table with a header row and `rows` of data; the first column holds labels,
/// the others counts (headed centred). Its header cells carry their own format so that it
/// looks the same where a viewer draws no table styles.
fn add_table(
    ws: &mut Worksheet,
    first_row: u32,
    headings: &[&str],
    rows: u32,
    name: &str,
    text_columns: usize,
) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let format = if i == 0 || i >= headings.len() - text_columns.saturating_sub(1) {
                header_format()
            } else {
                header_format().set_align(FormatAlign::Center)
            };
            TableColumn::new().set_header(*h).set_header_format(format)
        })
        .collect();
    let table = Table::new()
        .set_name(name)
        .set_columns(&columns)
        .set_style(TableStyle::Light1);
    ws.add_table(
        first_row,
        0,
        first_row + rows.max(1),
        headings.len() as u16 - 1,
        &table,
    )?;
    Ok(())
}

/// The key figures; returns the row after them.
fn write_key_figures(
    ws: &mut Worksheet,
    row: u32,
    c: &Consolidation,
    config: &Config,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let s = &c.summary;
    let severity = |sev: Severity| c.findings.iter().filter(|x| x.severity == sev).count();
    // Returns that name no directorate are not a directorate that sent returns.
    let received = c
        .submissions
        .iter()
        .filter(|s| s.status == "received" && s.directorate != NO_DIRECTORATE)
        .count();
    let missing: Vec<&str> = c
        .submissions
        .iter()
        .filter(|s| s.status == "missing")
        .map(|s| s.directorate.as_str())
        .collect();
    let high = [Band::High, Band::VeryHigh]
        .iter()
        .map(|b| s.risks_by_band.get(b.as_str()).copied().unwrap_or(0))
        .sum::<usize>();
    let reported = c.performance.iter().filter(|l| l.period.is_some()).count();
    let rag = sum_counts(s.rag_by_theme.values());
    let mut figures: Vec<(&str, usize, String)> = vec![
        ("Risks on the corporate register", s.risks, String::new()),
        (
            "Open risks",
            s.open_risks,
            format!("{high} rated high or very high"),
        ),
        (
            "Risks on the strategic register",
            s.strategic_risks,
            format!(
                "Current score {} or more, or flagged by the directorate",
                format_number(config.risk.escalation_score)
            ),
        ),
        (
            "Performance measures",
            c.performance.len(),
            format!("{reported} with a value for the period"),
        ),
        (
            "Measures rated red",
            rag.red,
            format!(
                "{} amber, {} green, {} with no RAG",
                rag.amber, rag.green, rag.none
            ),
        ),
        (
            "Data-quality findings",
            s.findings,
            format!(
                "{} error(s), {} warning(s), {} for information",
                severity(Severity::Error),
                severity(Severity::Warning),
                severity(Severity::Info)
            ),
        ),
        ("Directorates that sent returns", received, String::new()),
        (
            "Directorates with no return",
            missing.len(),
            missing.join(", "),
        ),
    ];
    let m = &c.movement;
    if m.compared {
        figures.extend([
            (
                "New risks since the last report",
                m.new_risks.len(),
                String::new(),
            ),
            ("Risks closed", m.closed_risks.len(), String::new()),
            (
                "Risks escalated to the strategic register",
                m.escalated.len(),
                String::new(),
            ),
            ("Risks de-escalated", m.de_escalated.len(), String::new()),
            ("Risk scores up", m.score_up.len(), String::new()),
            ("Risk scores down", m.score_down.len(), String::new()),
            (
                "Measures whose RAG changed",
                m.rag_changed.len(),
                String::new(),
            ),
        ]);
    }
    ws.write_with_format(row, 0, "Key figures", &f.heading)?;
    let first = row + 1;
    add_table(
        ws,
        first,
        &["Key figure", "Count", "Notes"],
        figures.len() as u32,
        "KeyFigures",
        2,
    )?;
    let count = Format::new().set_align(FormatAlign::Center);
    let plain = Format::new().set_indent(1);
    for (i, (label, n, note)) in figures.iter().enumerate() {
        let r = first + 1 + i as u32;
        ws.write(r, 0, *label)?;
        ws.write_with_format(r, 1, *n as f64, &count)?;
        let missing = label.starts_with("Directorates with no return") && *n > 0;
        let format = if missing {
            plain
                .clone()
                .set_bold()
                .set_font_color(Color::RGB(BAD.text))
        } else {
            plain.clone()
        };
        text(ws, r, 2, note, &format)?;
    }
    Ok(first + 1 + figures.len() as u32)
}

fn sum_counts<'a>(counts: impl IntoIterator<Item = &'a RagCounts>) -> RagCounts {
    counts.into_iter().fold(RagCounts::default(), |mut a, b| {
        a.red += b.red;
        a.amber += b.amber;
        a.green += b.green;
        a.none += b.none;
        a
    })
}

/// A RAG count table (label, Red, Amber, Green, No RAG, Total) and a bold total row beneath;
/// returns the row after it.
fn write_rag_table(
    ws: &mut Worksheet,
    first: u32,
    heading: &str,
    rows: &[(&str, RagCounts)],
    name: &str,
    f: &Formats,
) -> Result<u32, XlsxError> {
    if rows.is_empty() {
        ws.write_with_format(first, 0, "No performance values for the period.", &f.note)?;
        return Ok(first + 1);
    }
    add_table(
        ws,
        first,
        &[heading, "Red", "Amber", "Green", "No RAG", "Total"],
        rows.len() as u32,
        name,
        1,
    )?;
    // The RAG headings in their colours.
    for (col, rag) in (1u16..).zip(Rag::ALL) {
        let format = coloured(
            header_format().set_align(FormatAlign::Center),
            rag.colours(),
        );
        ws.write_with_format(first, col, rag.label(), &format)?;
    }
    let count = Format::new().set_align(FormatAlign::Center);
    for (i, (label, n)) in rows.iter().enumerate() {
        let r = first + 1 + i as u32;
        ws.write(r, 0, excel_text(label))?;
        for (col, v) in (1u16..).zip([n.red, n.amber, n.green, n.none, n.total()]) {
            ws.write_with_format(r, col, v as f64, &count)?;
        }
    }
    let total = sum_counts(rows.iter().map(|(_, n)| n));
    let r = first + 1 + rows.len() as u32;
    ws.write_with_format(r, 0, "Total", &f.total)?;
    let bold = f.total.clone().set_align(FormatAlign::Center);
    for (col, v) in (1u16..).zip([
        total.red,
        total.amber,
        total.green,
        total.none,
        total.total(),
    ]) {
        ws.write_with_format(r, col, v as f64, &bold)?;
    }
    Ok(r + 1)
}

/// The chart's height in pixels for `rows` bars.
fn chart_height(rows: usize) -> u32 {
    (100 + 34 * rows.min(100) as u32).clamp(260, 640)
}

/// A stacked bar chart of the RAG table at `table_row` (`rows` themes), the themes top down.
fn insert_rag_chart(
    ws: &mut Worksheet,
    table_row: u32,
    col: u16,
    rows: u32,
) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::BarStacked);
    let (first, last) = (table_row + 1, table_row + rows);
    let colours = Rag::ALL.map(Rag::chart_colour);
    for (i, color) in colours.iter().chain([&NO_RAG_CHART]).enumerate() {
        let value_col = 1 + i as u16;
        chart
            .add_series()
            .set_name((SUMMARY, table_row, value_col))
            .set_categories((SUMMARY, first, 0, last, 0))
            .set_values((SUMMARY, first, value_col, last, value_col))
            .set_format(ChartSolidFill::new().set_color(Color::RGB(*color)))
            .set_gap(60);
    }
    chart.title().set_name("Measures by RAG status and theme");
    // In a bar chart the categories run up the vertical (y) axis: reverse them so the first
    // theme is at the top, and keep the value axis at the bottom.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart.x_axis().set_name("Measures");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(520).set_height(chart_height(rows as usize));
    ws.insert_chart(table_row, col, &chart)?;
    Ok(())
}

/// Open risks by current band: Low, Medium, High, Very high, Not rated; returns the next row.
fn write_band_table(
    ws: &mut Worksheet,
    row: u32,
    c: &Consolidation,
    f: &Formats,
) -> Result<u32, XlsxError> {
    ws.write_with_format(row, 0, "Open risks by current rating", &f.heading)?;
    let first = row + 1;
    let mut rows: Vec<(&str, usize, Option<Band>)> = Band::ALL
        .iter()
        .map(|&b| {
            let n = c
                .summary
                .risks_by_band
                .get(b.as_str())
                .copied()
                .unwrap_or(0);
            (b.label(), n, Some(b))
        })
        .collect();
    rows.push((
        "Not rated",
        c.summary
            .risks_by_band
            .get("not rated")
            .copied()
            .unwrap_or(0),
        None,
    ));
    add_table(
        ws,
        first,
        &["Rating", "Open risks"],
        rows.len() as u32,
        "RisksByRating",
        1,
    )?;
    let count = Format::new().set_align(FormatAlign::Center);
    for (i, (label, n, band)) in rows.iter().enumerate() {
        let r = first + 1 + i as u32;
        let format = match band {
            Some(b) => coloured(Format::new(), b.colours()),
            None => Format::new(),
        };
        ws.write_with_format(r, 0, *label, &format)?;
        ws.write_with_format(r, 1, *n as f64, &count)?;
    }
    let r = first + 1 + rows.len() as u32;
    let total: usize = rows.iter().map(|(_, n, _)| n).sum();
    ws.write_with_format(r, 0, "Total", &f.total)?;
    ws.write_with_format(
        r,
        1,
        total as f64,
        &f.total.clone().set_align(FormatAlign::Center),
    )?;
    Ok(r + 1)
}

/// A heat map with its labels in column `col`: a heading, a note, then a row per likelihood
/// (highest at the top) with its label and a count per impact, each cell filled with the band
/// of likelihood x impact, then the impact labels. Returns the row after it.
#[allow(clippy::too_many_arguments)]
fn write_heat_map(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    heading: &str,
    grid: &[Vec<usize>],
    off_matrix: usize,
    config: &Config,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let (h, w) = (config.risk.likelihood.len(), config.risk.impact.len());
    let placed: usize = grid.iter().flatten().sum();
    ws.write_with_format(row, col, heading, &f.heading)?;
    if matrix_size(config).is_none() {
        let note = format!("The configured {h} x {w} matrix is too large to draw here.");
        ws.write_with_format(row + 1, col, note, &f.note)?;
        return Ok(row + 2);
    }
    let mut note = format!(
        "{} on the {h} x {w} matrix",
        count_of(placed, "open risk", "open risks")
    );
    if off_matrix > 0 {
        note.push_str(&format!(
            "; {} with no likelihood and impact on it not shown",
            count_of(off_matrix, "other", "others")
        ));
    }
    note.push('.');
    ws.write_with_format(row + 1, col, note, &f.note)?;
    let first = row + 2;
    let label = Format::new()
        .set_bold()
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let border = Color::RGB(0xFFFFFF);
    for (k, l) in (1..=h).rev().enumerate() {
        let r = first + k as u32;
        ws.set_row_height(r, 30)?;
        let name = format!("{l} {}", config.risk.likelihood[l - 1]);
        ws.write_with_format(r, col, excel_text(&name), &label)?;
        for i in 1..=w {
            let n = grid
                .get(l - 1)
                .and_then(|g| g.get(i - 1))
                .copied()
                .unwrap_or(0);
            let mut format = Format::new()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Medium)
                .set_border_color(border);
            if let Some(b) = config.band_of((l * i) as f64) {
                format = format.set_background_color(Color::RGB(b.colours().fill));
            }
            format = if n > 0 {
                format.set_bold().set_font_size(13)
            } else {
                format.set_font_color(Color::RGB(0xA6A6A6))
            };
            ws.write_with_format(r, col + i as u16, n as f64, &format)?;
        }
    }
    let axis = first + h as u32;
    let impact = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let corner = f.note.clone().set_align(FormatAlign::Right);
    ws.write_with_format(axis, col, "Likelihood / Impact", &corner)?;
    ws.set_row_height(axis, 30)?;
    for i in 1..=w {
        let name = format!("{i} {}", config.risk.impact[i - 1]);
        ws.write_with_format(axis, col + i as u16, excel_text(&name), &impact)?;
    }
    Ok(axis + 1)
}
