//! What both templates' tables share: the rows and colours, what a column takes ([`Input`],
//! [`Col`]), the formats, the values of carried cells, the title and header rows, the
//! validations, the sheet's protection and print setup, and the layout profile recorded in
//! the hidden sheet.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationErrorStyle,
    DataValidationRule, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note,
    ProtectionOptions, Worksheet, XlsxError,
};

use super::lists::Lists;
use super::prior::Ctx;
use super::TemplateKind;
use crate::domain::capitalised;
use crate::layout::profile::{Profile, SheetProfile};
use crate::layout::Field;
use crate::schema::column_letters;

/// Excel row (0-based) of the header, and the first data row below it.
pub(super) const HEADER_ROW: u32 = 4;

pub(super) const FIRST_DATA_ROW: u32 = HEADER_ROW + 1;

/// Empty rows below the pre-filled ones.
pub(super) const BLANK_ROWS: u32 = 100;

/// Empty rows below pre-filled measures, for new ones.
pub(super) const BLANK_MEASURE_ROWS: u32 = 20;

pub(super) const LISTS_SHEET: &str = "Lists";

/// Fill of cells the service types in (light blue: no RAG hue, so never read as a status).
pub(super) const INPUT_FILL: u32 = 0xDDEBF7;

/// Fill of cells carried from the last return and locked.
pub(super) const FIXED_FILL: u32 = 0xF2F2F2;

pub(super) const HEADER_FILL: u32 = 0x1F4E78;

pub(super) const BORDER: u32 = 0xA6A6A6;

/// What a column of the table takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Input {
    /// Free text (`wide`: several lines, wrapped).
    Text { wide: bool },
    /// A dropdown from a named list; `strict` refuses other values, else warns.
    List { name: &'static str, strict: bool },
    /// A likelihood or impact level from a named list ("4 - Likely").
    Level(&'static str),
    /// A date, dd/mm/yyyy.
    Date,
    /// A number.
    Number,
    /// L x I from the two columns (0-based indexes), a formula.
    Score { l: u16, i: u16 },
    /// RAG from actual, target, polarity and kind, a formula.
    Rag,
    /// Carried from the last return, never typed (the previous value).
    Carried,
}

/// One column of a template table.
pub(super) struct Col {
    pub(super) header: String,
    /// The field the column holds; None for a column kept as extra.
    pub(super) field: Option<Field>,
    pub(super) width: f64,
    pub(super) input: Input,
    pub(super) note: String,
}

pub(super) fn col(
    header: &str,
    field: impl Into<Field>,
    width: f64,
    input: Input,
    note: &str,
) -> Col {
    Col {
        field: Some(field.into()),
        ..kept(header, width, input, note)
    }
}

/// A column that holds no field of the contract: read back into a record's extra.
pub(super) fn kept(header: &str, width: f64, input: Input, note: &str) -> Col {
    Col {
        header: header.to_string(),
        field: None,
        width,
        input,
        note: note.to_string(),
    }
}

/// Colours a data column's cells that meet a rule (a band's score range, a RAG word).
pub(super) fn colour_rule<T: rust_xlsxwriter::IntoConditionalFormatValue>(
    ws: &mut Worksheet,
    col: u16,
    last_row: u32,
    rule: ConditionalFormatCellRule<T>,
    fill: impl Into<rust_xlsxwriter::Color>,
    font: impl Into<rust_xlsxwriter::Color>,
) -> Result<(), XlsxError> {
    let cf = ConditionalFormatCell::new().set_rule(rule).set_format(
        Format::new()
            .set_background_color(fill)
            .set_font_color(font),
    );
    ws.add_conditional_format(FIRST_DATA_ROW, col, last_row, col, &cf)?;
    Ok(())
}

/// Theme from the configured themes' dropdown, or free text when none are configured.
pub(super) fn theme_input(lists: &Lists) -> Input {
    if lists.has("Themes") {
        Input::List {
            name: "Themes",
            strict: true,
        }
    } else {
        Input::Text { wide: false }
    }
}

pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) label: Format,
    pub(super) hint: Format,
    pub(super) header: Format,
    pub(super) input: Format,
    pub(super) input_wide: Format,
    pub(super) input_date: Format,
    pub(super) input_number: Format,
    pub(super) fixed: Format,
    pub(super) fixed_wide: Format,
    pub(super) fixed_number: Format,
    pub(super) formula: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(BORDER)
                .set_align(FormatAlign::Top)
        };
        let input = || cell().set_unlocked().set_background_color(INPUT_FILL);
        let fixed = || cell().set_background_color(FIXED_FILL);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_bold().set_font_size(12),
            label: Format::new().set_bold(),
            hint: Format::new().set_italic().set_font_color(0x595959),
            header: cell()
                .set_bold()
                .set_font_color(0xFFFFFF)
                .set_background_color(HEADER_FILL)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            input: input(),
            input_wide: input().set_text_wrap(),
            input_date: input().set_num_format("dd/mm/yyyy"),
            input_number: input().set_num_format("General"),
            fixed: fixed(),
            fixed_wide: fixed().set_text_wrap(),
            fixed_number: fixed().set_num_format("General"),
            formula: cell().set_align(FormatAlign::Center).set_bold(),
        }
    }

    /// The format of a column's cells: typed in, or carried and locked.
    pub(super) fn of(&self, input: Input, locked: bool) -> &Format {
        match (input, locked) {
            (Input::Score { .. } | Input::Rag, _) => &self.formula,
            (Input::Carried, _) => &self.fixed_number,
            (Input::Text { wide: true }, false) => &self.input_wide,
            (Input::Text { wide: true }, true) => &self.fixed_wide,
            (Input::Date, false) => &self.input_date,
            (Input::Number, false) => &self.input_number,
            (Input::Number, true) => &self.fixed_number,
            (_, false) => &self.input,
            (_, true) => &self.fixed,
        }
    }
}

/// Where the table is: what the profile records.
pub(super) struct TableLayout {
    pub(super) columns: Vec<Col>,
}

/// A value to put in a cell.
pub(super) enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

pub(super) fn text(v: &Option<String>) -> Value {
    match v.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Value::Text(t.to_string()),
        _ => Value::Empty,
    }
}

/// A word of the vocabulary, as the column's dropdown offers it.
pub(super) fn label(word: Option<&str>) -> Value {
    word.map_or(Value::Empty, |w| Value::Text(w.into()))
}

pub(super) fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Empty, Value::Date)
}

/// A level as the dropdown shows it ("4 - Likely"), or the number as written when it is not a
/// whole number on the scale.
pub(super) fn level(v: Option<f64>, labels: &[String]) -> Value {
    match v {
        Some(x) if x.fract() == 0.0 && x >= 1.0 && (x as usize) <= labels.len() => Value::Text(
            format!("{} - {}", x as usize, labels[x as usize - 1].trim()),
        ),
        Some(x) => Value::Number(x),
        None => Value::Empty,
    }
}

pub(super) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

pub(super) fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Value,
    format: &Format,
    date_format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Value::Empty => ws.write_blank(row, col, format)?,
        Value::Text(t) => ws.write_string_with_format(row, col, t, format)?,
        Value::Number(n) => ws.write_number_with_format(row, col, n, format)?,
        Value::Date(d) => match excel_date(d) {
            Ok(dt) => ws.write_datetime_with_format(row, col, &dt, date_format)?,
            Err(_) => ws.write_string_with_format(row, col, d.to_string(), format)?,
        },
    };
    Ok(())
}

/// What goes in one cell of a table's data row.
pub(super) struct Content {
    /// Carried from the last return and locked, not typed.
    pub(super) locked: bool,
    pub(super) cell: Cell,
    /// A note on the cell: "Reported for 2024-25 Q1."
    pub(super) note: Option<String>,
}

/// A cell worked out by a formula, or a value.
pub(super) enum Cell {
    Formula(Formula),
    Value(Value),
}

/// Writes a template's table: the title rows, the header, then `rows` data rows, each cell as
/// `content(row, index, column)` gives it (`index` counts the data rows from 0), each row tall
/// enough for its wide text; then the columns' validations. Returns the last data row.
pub(super) fn write_table(
    ws: &mut Worksheet,
    ctx: &Ctx,
    lists: &Lists,
    columns: &[Col],
    rows: u32,
    mut content: impl FnMut(u32, usize, &Col) -> Content,
) -> Result<u32, XlsxError> {
    let f = Formats::new();
    let last_row = FIRST_DATA_ROW + rows - 1;
    write_titles(ws, ctx, &f, lists)?;
    write_header(ws, columns, &f)?;
    for r in 0..rows {
        let row = FIRST_DATA_ROW + r;
        let mut wrapped: Vec<(String, f64)> = Vec::new();
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            let Content { locked, cell, note } = content(row, r as usize, column);
            let format = f.of(column.input, locked);
            match cell {
                Cell::Formula(formula) => {
                    ws.write_formula_with_format(row, c, formula, format)?;
                }
                Cell::Value(value) => {
                    if let (Value::Text(t), Input::Text { wide: true }) = (&value, column.input) {
                        wrapped.push((t.clone(), column.width));
                    }
                    write_value(ws, row, c, value, format, &f.input_date)?;
                }
            }
            if let Some(note) = note {
                let note = Note::new(note)
                    .add_author_prefix(false)
                    .set_width(160)
                    .set_height(30);
                ws.insert_note(row, c, &note)?;
            }
        }
        fit_row(ws, row, &wrapped)?;
    }
    add_validations(ws, columns, lists, last_row)?;
    Ok(last_row)
}

/// The height of a row whose wrapped cells hold these texts, in points; None for one line
/// (the one estimate of wrapped lines every workbook goldthread writes uses).
pub(super) fn row_height(cells: &[(&str, f64)]) -> Option<f64> {
    let lines = cells
        .iter()
        .map(|(t, w)| crate::write::wrapped_lines(t, *w))
        .max()
        .unwrap_or(1)
        .min(12);
    (lines > 1).then_some(crate::write::row_height(lines))
}

/// The height of a carried row: the longest of its wrapped cells.
pub(super) fn fit_row(
    ws: &mut Worksheet,
    row: u32,
    texts: &[(String, f64)],
) -> Result<(), XlsxError> {
    let cells: Vec<(&str, f64)> = texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    if let Some(h) = row_height(&cells) {
        ws.set_row_height(row, h)?;
    }
    Ok(())
}

/// Title rows: the council, whose template, the period, and a hint; cells to type the
/// directorate and period in when the options give none.
pub(super) fn write_titles(
    ws: &mut Worksheet,
    ctx: &Ctx,
    f: &Formats,
    lists: &Lists,
) -> Result<(), XlsxError> {
    let noun = ctx.kind.noun();
    let first = match ctx.council {
        Some(c) => c.to_string(),
        None => capitalised(noun),
    };
    ws.write_string_with_format(0, 0, first, &f.title)?;
    match &ctx.directorate {
        Some(d) => {
            ws.write_string_with_format(1, 0, format!("{d} {noun}"), &f.subtitle)?;
        }
        None => {
            ws.write_string_with_format(1, 0, "Directorate:", &f.label)?;
            ws.write_blank(1, 1, &f.input)?;
            let mut v = DataValidation::new()
                .set_input_title("Directorate")?
                .set_input_message("The directorate this return is for.")?;
            if lists.has("Directorates") {
                v = v
                    .allow_list_formula(Formula::new("=Directorates"))
                    .set_error_title("Directorate")?
                    .set_error_message("Pick the directorate from the list.")?;
            }
            ws.add_data_validation(1, 1, 1, 1, &v)?;
        }
    }
    match ctx.period {
        Some(p) => {
            ws.write_string_with_format(2, 0, format!("Period: {}", p.label), &f.label)?;
        }
        None => {
            ws.write_string_with_format(2, 0, "Period:", &f.label)?;
            ws.write_blank(2, 1, &f.input)?;
            let v = DataValidation::new()
                .set_input_title("Period")?
                .set_input_message(
                    "The period of this return, e.g. 2024/25 Q2 for the second quarter.",
                )?;
            ws.add_data_validation(2, 1, 2, 1, &v)?;
        }
    }
    ws.write_string_with_format(
        3,
        0,
        match ctx.kind {
            TemplateKind::RiskRegister => "Fill in the blue cells; the scores and their colours are worked out for you. The Instructions sheet explains each column.",
            TemplateKind::PerformanceReturn => "Fill in the blue cells; the RAG is worked out for you and the grey cells come from the last return. The Instructions sheet explains each column.",
            TemplateKind::ActionPlan => "Fill in the blue cells, one row per action, project or milestone. The Instructions sheet explains each column.",
        },
        &f.hint,
    )?;
    Ok(())
}

/// The header row, each header with a note saying what the column takes.
pub(super) fn write_header(
    ws: &mut Worksheet,
    columns: &[Col],
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_default_note_author("goldthread");
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(HEADER_ROW, c, &column.header, &f.header)?;
        ws.set_column_width(c, column.width)?;
        if !column.note.is_empty() {
            let note = Note::new(&column.note)
                .add_author_prefix(false)
                .set_width(240)
                .set_height(60);
            ws.insert_note(HEADER_ROW, c, &note)?;
        }
    }
    ws.set_row_height(HEADER_ROW, 45)?;
    Ok(())
}

/// Dropdowns, date and number checks on each column's data cells.
pub(super) fn add_validations(
    ws: &mut Worksheet,
    columns: &[Col],
    lists: &Lists,
    last_row: u32,
) -> Result<(), XlsxError> {
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        let v = match column.input {
            Input::List { name, strict } if lists.has(name) => {
                let v = DataValidation::new()
                    .allow_list_formula(Formula::new(format!("={name}")))
                    .set_error_title(short_title(&column.header))?;
                if strict {
                    v.set_error_message(format!("Pick a value from the list for {}.", column.header))?
                } else {
                    v.set_error_style(DataValidationErrorStyle::Warning)
                        .set_error_message("This is not on the list. Keep it anyway?")?
                }
            }
            Input::Level(name) => DataValidation::new()
                .allow_list_formula(Formula::new(format!("={name}")))
                .set_error_title(short_title(&column.header))?
                .set_error_message(format!(
                    "Pick a level from the list for {}{}.",
                    column.header,
                    lists
                        .example(name)
                        .map(|e| format!(", e.g. {e}"))
                        .unwrap_or_default()
                ))?,
            Input::Date => DataValidation::new()
                .allow_date(DataValidationRule::Between(
                    ExcelDateTime::from_ymd(1990, 1, 1)?,
                    ExcelDateTime::from_ymd(2099, 12, 31)?,
                ))
                .set_error_title(short_title(&column.header))?
                .set_error_message("Type a date as dd/mm/yyyy, e.g. 30/09/2024.")?,
            Input::Number => DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title(short_title(&column.header))?
                .set_error_message(
                    "Type a number: 85 for 85%, 1200 for £1,200. Leave it empty, or type n/a and explain in the commentary, when there is no figure.",
                )?,
            _ => continue,
        };
        let v = v
            .set_input_title(short_title(&column.header))?
            .set_input_message(&column.note)?;
        ws.add_data_validation(FIRST_DATA_ROW, c, last_row, c, &v)?;
    }
    Ok(())
}

/// A header short enough for a validation message's title (Excel allows 32 characters).
pub(super) fn short_title(header: &str) -> String {
    match header.split_once(" (") {
        Some((head, _)) => head.chars().take(32).collect(),
        None => header.chars().take(32).collect(),
    }
}

/// Freeze below the header, filter, print on landscape pages one wide with the header
/// repeated, and protect the sheet (no password) so only the blue cells take typing.
pub(super) fn finish_sheet(
    ws: &mut Worksheet,
    columns: &[Col],
    last_row: u32,
) -> Result<(), XlsxError> {
    let last_col = columns.len() as u16 - 1;
    ws.set_freeze_panes(FIRST_DATA_ROW, 2)?;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_footer("&L&A&RPage &P of &N");
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&options);
    Ok(())
}

/// The layout the template records in its hidden sheet.
pub(super) fn profile(ctx: &Ctx, layout: &TableLayout) -> Profile {
    let columns = layout
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let field = c.field.as_ref().map_or_else(|| "extra".into(), Field::name);
            (column_letters(i as u32), field)
        })
        .collect();
    // "2024/25", for a year that starts after January (a January year's label is the year).
    let financial_year = ctx.period.filter(|_| ctx.fy_start != 1).map(|p| {
        let fy = crate::values::fy_of(p.start, ctx.fy_start);
        format!("{fy}/{:02}", (fy + 1).rem_euclid(100))
    });
    Profile {
        sheets: vec![
            SheetProfile {
                sheet: Some(ctx.kind.sheet_name().to_string()),
                kind: Some(ctx.kind.as_str().to_string()),
                header_rows: Some(vec![HEADER_ROW + 1]),
                financial_year,
                directorate: ctx.directorate.clone(),
                columns,
                ..Default::default()
            },
            SheetProfile {
                sheet: Some("Instructions".into()),
                kind: Some("skip".into()),
                ..Default::default()
            },
        ],
    }
}

pub(super) fn profile_toml(ctx: &Ctx, layout: &TableLayout) -> Result<String, XlsxError> {
    let body = toml::to_string(&profile(ctx, layout))
        .map_err(|e| XlsxError::ParameterError(format!("the layout profile: {e}")))?;
    Ok(format!(
        "# How goldthread reads this workbook (a mapping profile). Do not edit.\n{body}"
    ))
}
