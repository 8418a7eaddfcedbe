//! The Instructions sheet: what to fill in, each column, the scales, bands, escalation,
//! appetite and review rules, dates, and how to return the template.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::lists::{level_text, Lists};
use super::performance_return::performance_columns;
use super::prior::Ctx;
use super::risk_register::register_columns;
use super::shared::{row_height, HEADER_FILL};
use super::TemplateKind;
use crate::config::Config;
use crate::domain::capitalised;
use crate::read::format_number;

/// One line of a section: a term (or none) in the first column, what it says in the second.
type Line = (String, String);

/// A line of a term and its text.
fn line(term: &str, text: &str) -> Line {
    (term.to_string(), text.to_string())
}

/// The sheet being written: its formats, and the next free row.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    row: u32,
    heading: Format,
    term: Format,
    body: Format,
}

impl Sheet<'_> {
    /// A heading, then a row per line (as tall as its wrapped text), then a blank row.
    fn section(&mut self, name: &str, lines: Vec<Line>) -> Result<(), XlsxError> {
        let ws = &mut *self.ws;
        ws.write_string_with_format(self.row, 0, name, &self.heading)?;
        self.row += 1;
        for (t, b) in lines {
            if let Some(h) = row_height(&[(&t, 26.0), (&b, 100.0)]) {
                ws.set_row_height(self.row, h)?;
            }
            if !t.is_empty() {
                ws.write_string_with_format(self.row, 0, t, &self.term)?;
            }
            ws.write_string_with_format(self.row, 1, b, &self.body)?;
            self.row += 1;
        }
        self.row += 1;
        Ok(())
    }
}

/// Writes the Instructions sheet of a template.
pub(super) fn write_instructions(
    ws: &mut Worksheet,
    ctx: &Ctx,
    config: &Config,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 100)?;
    let row = write_heading(ws, ctx)?;
    let mut sheet = Sheet {
        ws,
        row,
        heading: Format::new()
            .set_bold()
            .set_font_size(12)
            .set_font_color(HEADER_FILL),
        term: Format::new()
            .set_bold()
            .set_align(FormatAlign::Top)
            .set_text_wrap(),
        body: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
    };
    let kind = ctx.kind;
    sheet.section("What to fill in", what_to_fill_in(ctx, config))?;
    let layout_cols = match kind {
        TemplateKind::RiskRegister => register_columns(&Lists::new(kind, config)),
        TemplateKind::PerformanceReturn => {
            performance_columns(&Lists::new(kind, config), ctx.period)
        }
        TemplateKind::ActionPlan => super::action_plan::columns(&Lists::new(kind, config)),
    };
    sheet.section(
        "The columns",
        layout_cols
            .iter()
            .map(|c| (c.header.clone(), c.note.clone()))
            .collect(),
    )?;
    if kind == TemplateKind::RiskRegister {
        sheet.section("Likelihood (L)", scale(&config.risk.likelihood))?;
        sheet.section("Impact (I)", scale(&config.risk.impact))?;
        sheet.section("Rating bands (score = likelihood x impact)", bands(config))?;
        sheet.section("Escalation, appetite and reviews", rules(config))?;
    }
    sheet.section("Dates and returning the template", returning(config))?;
    let ws = sheet.ws;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.protect();
    Ok(())
}

/// The title, the council and whose template it is for which period; returns the next row.
fn write_heading(ws: &mut Worksheet, ctx: &Ctx) -> Result<u32, XlsxError> {
    let title = Format::new().set_bold().set_font_size(16);
    let plain = Format::new();
    let kind = ctx.kind;
    let mut row = 0u32;
    let whose = match &ctx.directorate {
        Some(d) => format!("{d} {}", kind.noun()),
        None => capitalised(kind.noun()),
    };
    ws.write_string_with_format(
        row,
        0,
        format!("How to fill in this {}", kind.noun()),
        &title,
    )?;
    row += 1;
    if let Some(c) = ctx.council {
        ws.write_string_with_format(row, 0, c, &plain)?;
        row += 1;
    }
    let period = ctx
        .period
        .map(|p| format!(" for {}", p.label))
        .unwrap_or_default();
    ws.write_string_with_format(row, 0, format!("{whose}{period}"), &plain)?;
    Ok(row + 2)
}

/// What to fill in: the blue cells, the directorate and period where the template does not
/// name them, then the rows of the kind of template.
fn what_to_fill_in(ctx: &Ctx, config: &Config) -> Vec<Line> {
    let sheet = ctx.kind.sheet_name();
    let s = line;
    let mut what = vec![s(
        "The blue cells",
        &format!("Type only in the blue cells of the '{sheet}' sheet. The sheet is protected (without a password) so that headers, formulas and the cells carried from the last return stay as they are. Do not add, move or rename columns, rename the sheets, or delete the hidden sheets: goldthread reads the return by its layout."),
    )];
    if ctx.directorate.is_none() {
        what.push(s(
            "Directorate",
            "Type or pick your directorate in the blue cell beside 'Directorate:' at the top.",
        ));
    }
    if ctx.period.is_none() {
        what.push(s(
            "Period",
            "Type the period of the return beside 'Period:' at the top, with its financial year: 2024/25 Q2 for the second quarter, Sep 2024 for a month.",
        ));
    }
    match ctx.kind {
        TemplateKind::RiskRegister => what.extend(risk_rows(ctx)),
        TemplateKind::PerformanceReturn => what.extend(measure_rows(ctx, config)),
        TemplateKind::ActionPlan => what.extend(super::action_plan::instructions()),
    }
    what
}

/// How a risk register's rows are filled in.
fn risk_rows(ctx: &Ctx) -> Vec<Line> {
    let rows = if ctx.risks.is_empty() {
        "Start at the first row under the header; leave no empty rows between risks. Every risk needs a reference, a title, an owner and its ratings."
    } else {
        "Your open risks from the last return are already listed: review each one and update it (ratings, controls, actions, trend, review dates). Their references are locked so the register can follow each risk. Add new risks in the empty rows below; close a risk by setting its Status to Closed."
    };
    let ratings = "Pick each likelihood (L) and impact (I) from the dropdown. The score (likelihood x impact) and its colour are worked out for you. Rate the risk three times: inherent (before any controls), current (with the existing controls) and target (once the mitigating actions are done).";
    vec![line("One row per risk", rows), line("Ratings", ratings)]
}

/// How a performance return's rows are filled in.
fn measure_rows(ctx: &Ctx, config: &Config) -> Vec<Line> {
    let s = line;
    let rows = if ctx.measures.is_empty() {
        "Start at the first row under the header; leave no empty rows between measures. Every measure needs a reference, a title, its kind, unit, polarity, owner and target."
    } else {
        "Your measures are already listed with their targets and last values (the grey cells, locked). For each, type the actual for the period and a commentary. A blue cell in a measure's definition (its owner, say) was empty in the last return: fill it in. Add a new measure in the empty rows below, filling in every column."
    };
    let actual = "Type a number only: 85 for 85%, 1200 for £1,200, 12.5 for 12.5 days. Where there is no figure, leave it empty (or type n/a) and say why in the commentary.";
    let rag = format!(
        "Worked out for you: Green when the actual meets or beats the target (higher or lower, as the polarity says); Amber when it is worse by no more than {}% of the target; Red otherwise. Statistics are context only and get no RAG.",
        format_number(config.performance.rag_tolerance_percent)
    );
    vec![
        s("One row per measure", rows),
        s("Actual", actual),
        s("RAG", &rag),
        s(
            "Commentary",
            "Say what lies behind the figure, and what is being done where it is off target.",
        ),
    ]
}

/// A scale's labels in full, with what the dropdown shows where it shortens them.
fn scale(labels: &[String]) -> Vec<Line> {
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let full = format!("{} - {}", i + 1, label.trim());
            let shown = level_text(i + 1, labels);
            let line = if shown == full {
                full
            } else {
                format!("{full} (shown as {shown})")
            };
            (String::new(), line)
        })
        .collect()
}

/// Each configured band's score range and colour.
fn bands(config: &Config) -> Vec<Line> {
    config
        .risk
        .bands
        .iter()
        .map(|b| {
            (
                b.band.label().to_string(),
                format!(
                    "Score {} to {} ({})",
                    format_number(b.min),
                    format_number(b.max),
                    b.band.colour_word()
                ),
            )
        })
        .collect()
}

/// Escalation, de-escalation, appetite, and how often each band is reviewed.
fn rules(config: &Config) -> Vec<Line> {
    let s = line;
    let review: Vec<(String, String)> = config
        .risk
        .bands
        .iter()
        .filter_map(|b| {
            let months = config.risk.review_months.get(b.band.as_str())?;
            let unit = if *months == 1 { "month" } else { "months" };
            Some((
                b.band.label().to_string(),
                format!("Review at least every {months} {unit}."),
            ))
        })
        .collect();
    let mut rules = vec![
        s("Escalation", &format!(
            "A risk whose current score is {} or more goes on the strategic (corporate) risk register. Set Escalate? to Yes to ask for any other risk to go up.",
            format_number(config.risk.escalation_score)
        )),
        s("De-escalation", &format!(
            "A risk whose current score is below {} may move down a tier.",
            format_number(config.risk.de_escalation_score)
        )),
        s("Risk appetite", &format!(
            "A risk whose current score is {} or more must have mitigating actions, with an owner and a due date. Below that it may be accepted.",
            format_number(config.risk.appetite_score)
        )),
    ];
    rules.extend(review);
    rules
}

/// Dates, saving and returning the template.
fn returning(config: &Config) -> Vec<Line> {
    let s = line;
    let due = config.calendar.return_due_working_days;
    vec![
        s("Dates", "Type dates as dd/mm/yyyy, e.g. 30/09/2024; the cells only take real dates."),
        s("Saving", "Save the workbook as Excel (.xlsx), keeping all its sheets. You may rename the file, e.g. to add your service."),
        s("Returning", &format!(
            "Send it to the performance team within {due} working days of the end of the period. Late and incomplete returns are followed up."
        )),
    ]
}
