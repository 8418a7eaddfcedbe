//! The key figures at the top of the Summary sheet: risks, measures, findings and returns
//! counted, and what moved since the last report.

use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet, XlsxError};

use super::submissions::missing;
use super::summary::{add_table, sum_counts};
use crate::config::Config;
use crate::consolidate::{Consolidation, Movement, NO_DIRECTORATE};
use crate::domain::BAD;
use crate::read::format_number;
use crate::schema::{Band, Severity};
use crate::write::kit::{text, Formats};

/// A key figure: its label, its count, and a note.
type Figure = (&'static str, usize, String);

/// The key figures; returns the row after them.
pub(super) fn write_key_figures(
    ws: &mut Worksheet,
    row: u32,
    c: &Consolidation,
    config: &Config,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let figures = figures(c, config);
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

/// The key figures of the consolidation, in order.
fn figures(c: &Consolidation, config: &Config) -> Vec<Figure> {
    let s = &c.summary;
    let severity = |sev: Severity| c.findings.iter().filter(|x| x.severity == sev).count();
    // Returns that name no directorate are not a directorate that sent returns.
    let received = c
        .submissions
        .iter()
        .filter(|s| s.status == "received" && s.directorate != NO_DIRECTORATE)
        .count();
    let missing = missing(c);
    let high = [Band::High, Band::VeryHigh]
        .iter()
        .map(|b| s.risks_by_band.get(b.as_str()).copied().unwrap_or(0))
        .sum::<usize>();
    let reported = c.performance.iter().filter(|l| l.period.is_some()).count();
    let rag = sum_counts(s.rag_by_theme.values());
    let mut figures: Vec<Figure> = vec![
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
    if !c.actions.is_empty() {
        // After the measures: the delivery plan, in a short note (a long one would widen the
        // printed page).
        let at = figures
            .iter()
            .position(|f| f.0 == "Data-quality findings")
            .unwrap_or(figures.len());
        figures.insert(at, delivery_plan_figure(c));
    }
    let m = &c.movement;
    if m.compared {
        figures.extend(movement_figures(m));
    }
    figures
}

/// The delivery plan's actions, with their progress in a note.
fn delivery_plan_figure(c: &Consolidation) -> Figure {
    let n = super::delivery_plan::counts(c);
    let mut note = format!(
        "{} complete, {} on track, {} needing attention, {} not started",
        n.complete,
        n.on_track,
        n.attention(),
        n.not_started
    );
    if c.as_of.is_some() {
        note.push_str(&format!("; {} overdue", n.overdue));
    }
    ("Delivery plan actions", n.total(), note)
}

/// What moved since the last report.
fn movement_figures(m: &Movement) -> [Figure; 7] {
    [
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
    ]
}
