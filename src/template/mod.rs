//! Return templates: a risk register and a performance return for services to fill in, laid out
//! from the framework configuration (matrix labels, bands, themes, tolerance) and, with a prior
//! return or consolidation, pre-filled with the directorate's risks and measures.
//!
//! Every template records its own layout in a hidden sheet (`goldthread`, see
//! [`crate::layout::profile::embedded`]), so reading a returned template needs no guessing.
//! The workbook is byte-for-byte the same for the same inputs.
//!
//! ```text
//! Instructions        what to fill in, the scales, bands, escalation and appetite, dates, returning
//! Risk Register       title rows, header on row 5, pre-formatted rows (or Performance Return)
//! Lists (hidden)      the dropdown lists, named ranges (Likelihood, Impact, Themes, ...)
//! goldthread (hidden) A1 "goldthread template layout", A2 the mapping profile as TOML
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationErrorStyle,
    DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    Note, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use serde::Deserialize;

use crate::config::{fold, Config};
use crate::domain::{capitalised, Colours};
use crate::layout::profile::{Profile, SheetProfile, EMBEDDED_MARKER, EMBEDDED_SHEET};
use crate::output::OutputError;
use crate::schema::{
    column_letters, Measure, MeasureKind, Observation, Period, Polarity, Rag, Risk, RiskStatus,
    Trend, Unit,
};

/// Which template to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    RiskRegister,
    PerformanceReturn,
}

impl TemplateKind {
    /// The name of the sheet the service fills in.
    pub fn sheet_name(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "Risk Register",
            TemplateKind::PerformanceReturn => "Performance Return",
        }
    }

    /// The file name of the default template (`risk_register.xlsx`).
    pub fn file_name(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "risk_register.xlsx",
            TemplateKind::PerformanceReturn => "performance_return.xlsx",
        }
    }

    /// The profile's kind (`risk_register` or `performance_return`).
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "risk_register",
            TemplateKind::PerformanceReturn => "performance_return",
        }
    }

    /// Reads a kind as a command line might name it: `risk-register`, `risk_register`, `risks`,
    /// `register`, `performance-return`, `performance`, `scorecard`, ...
    pub fn parse(name: &str) -> Option<TemplateKind> {
        match fold(name).replace(' ', "").as_str() {
            "riskregister" | "risks" | "risk" | "register" => Some(TemplateKind::RiskRegister),
            "performancereturn" | "performance" | "scorecard" | "measures" | "kpis" => {
                Some(TemplateKind::PerformanceReturn)
            }
            _ => None,
        }
    }

    /// What the template is called in its titles ("risk register").
    fn noun(self) -> &'static str {
        match self {
            TemplateKind::RiskRegister => "risk register",
            TemplateKind::PerformanceReturn => "performance return",
        }
    }
}

/// What a template is for: whose it is, which period, and what the last return said.
#[derive(Clone, Debug, Default)]
pub struct TemplateOptions {
    /// The directorate the template is for; None leaves a cell for the service to name it.
    pub directorate: Option<String>,
    /// The reporting period; None leaves a cell for the service to type it.
    pub period: Option<Period>,
    /// A previous return or consolidation to pre-fill from.
    pub prior: Option<Prior>,
}

/// What a previous return or consolidation says: read from the JSON of `goldthread normalise`
/// or `goldthread consolidate --json` (both have risks[], measures[], observations[];
/// consolidation risks carry extra fields, which deserialising into Risk ignores).
#[derive(Clone, Debug, Default)]
pub struct Prior {
    pub risks: Vec<Risk>,
    pub measures: Vec<Measure>,
    pub observations: Vec<Observation>,
}

#[derive(Deserialize)]
struct PriorJson {
    risks: Option<Vec<Risk>>,
    measures: Option<Vec<Measure>>,
    observations: Option<Vec<Observation>>,
}

impl Prior {
    /// Reads the JSON written by `goldthread normalise` or `goldthread consolidate --json`.
    ///
    /// # Errors
    /// When the file cannot be read, is not JSON, or holds none of risks, measures and
    /// observations.
    pub fn load(path: &Path) -> Result<Prior, String> {
        let shown = path.display();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("Cannot read '{shown}': {e}"))?;
        let raw: PriorJson = serde_json::from_str(&text).map_err(|e| {
            format!("'{shown}' is not the JSON of goldthread normalise or consolidate: {e}")
        })?;
        if raw.risks.is_none() && raw.measures.is_none() && raw.observations.is_none() {
            return Err(format!(
                "'{shown}' holds no risks, measures or observations; give the JSON written by goldthread normalise or goldthread consolidate --json"
            ));
        }
        Ok(Prior {
            risks: raw.risks.unwrap_or_default(),
            measures: raw.measures.unwrap_or_default(),
            observations: raw.observations.unwrap_or_default(),
        })
    }
}

/// Writes a template for the options to `path` (atomically).
///
/// # Errors
/// [`OutputError::Encode`] when the workbook cannot be built, [`OutputError::Io`] when it
/// cannot be written.
pub fn write_template(
    kind: TemplateKind,
    opts: &TemplateOptions,
    config: &Config,
    path: &Path,
) -> Result<(), OutputError> {
    let bytes = template_bytes(kind, opts, config).map_err(|e| OutputError::Encode {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::output::write_atomic(path, &bytes)
}

/// Writes the default templates (both kinds, default config, no directorate or period) into a
/// folder: `risk_register.xlsx` and `performance_return.xlsx`.
///
/// # Errors
/// As [`write_template`].
pub fn write_default_templates(dir: &Path) -> Result<(), OutputError> {
    let config = Config::default();
    let opts = TemplateOptions::default();
    for kind in [TemplateKind::RiskRegister, TemplateKind::PerformanceReturn] {
        write_template(kind, &opts, &config, &dir.join(kind.file_name()))?;
    }
    Ok(())
}

/// The template as xlsx bytes.
///
/// # Errors
/// When rust_xlsxwriter refuses a part of the workbook.
pub fn template_bytes(
    kind: TemplateKind,
    opts: &TemplateOptions,
    config: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let ctx = Ctx::new(kind, opts, config);
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 4, 1)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} template", capitalised(kind.noun())))
            .set_subject("A return for the council's performance and risk management framework")
            .set_author("goldthread")
            .set_company(config.framework.council.clone().unwrap_or_default())
            .set_comment("Made by goldthread; the hidden sheet 'goldthread' records the layout.")
            .set_creation_datetime(&created),
    );
    let lists = Lists::new(kind, config);

    let mut instructions = Worksheet::new();
    instructions.set_name("Instructions")?;
    write_instructions(&mut instructions, &ctx, config)?;

    let mut main = Worksheet::new();
    main.set_name(kind.sheet_name())?;
    // A formula without a worked-out result is stored as an empty string, not 0: an empty row
    // reads as empty before Excel or LibreOffice recalculates.
    main.set_formula_result_default("");
    let layout = match kind {
        TemplateKind::RiskRegister => write_register(&mut main, &ctx, config, &lists)?,
        TemplateKind::PerformanceReturn => write_performance(&mut main, &ctx, config, &lists)?,
    };

    let mut lists_sheet = Worksheet::new();
    lists_sheet.set_name(LISTS_SHEET)?;
    lists.write(&mut lists_sheet)?;

    let mut layout_sheet = Worksheet::new();
    layout_sheet.set_name(EMBEDDED_SHEET)?;
    let profile_text = profile_toml(&ctx, &layout)?;
    layout_sheet.write_string(0, 0, EMBEDDED_MARKER)?;
    layout_sheet.write_string(1, 0, &profile_text)?;
    layout_sheet.set_column_width(0, 60)?;
    layout_sheet.set_hidden(true);
    layout_sheet.protect();

    wb.push_worksheet(instructions);
    wb.push_worksheet(main);
    wb.push_worksheet(lists_sheet);
    wb.push_worksheet(layout_sheet);
    for (name, range) in lists.names() {
        wb.define_name(name, &range)?;
    }
    wb.save_to_buffer()
}

// ------------------------------------------------------------------ context

/// Excel row (0-based) of the header, and the first data row below it.
const HEADER_ROW: u32 = 4;
const FIRST_DATA_ROW: u32 = HEADER_ROW + 1;
/// Empty rows below the pre-filled ones.
const BLANK_ROWS: u32 = 100;
/// Empty rows below pre-filled measures, for new ones.
const BLANK_MEASURE_ROWS: u32 = 20;
const LISTS_SHEET: &str = "Lists";

/// Fill of cells the service types in (light blue: no RAG hue, so never read as a status).
const INPUT_FILL: u32 = 0xDDEBF7;
/// Fill of cells carried from the last return and locked.
const FIXED_FILL: u32 = 0xF2F2F2;
const HEADER_FILL: u32 = 0x1F4E78;
const BORDER: u32 = 0xA6A6A6;

/// What the template is for, worked out once.
struct Ctx<'a> {
    kind: TemplateKind,
    directorate: Option<String>,
    period: Option<&'a Period>,
    council: Option<&'a str>,
    fy_start: u32,
    risks: Vec<Risk>,
    measures: Vec<PriorMeasure>,
}

/// A measure from the prior, with its latest target and value.
struct PriorMeasure {
    measure: Measure,
    target: Option<f64>,
    previous: Option<(f64, String)>,
}

impl<'a> Ctx<'a> {
    fn new(kind: TemplateKind, opts: &'a TemplateOptions, config: &'a Config) -> Self {
        let directorate = opts
            .directorate
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| config.match_directorate(d).unwrap_or(d).to_string());
        let (risks, measures) = match &opts.prior {
            Some(prior) => (
                prior_risks(prior, directorate.as_deref(), config),
                prior_measures(prior, directorate.as_deref(), opts.period.as_ref(), config),
            ),
            None => (Vec::new(), Vec::new()),
        };
        Ctx {
            kind,
            directorate,
            period: opts.period.as_ref(),
            council: config
                .framework
                .council
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty()),
            fy_start: config.calendar.financial_year_start_month,
            risks,
            measures,
        }
    }
}

impl Prior {
    /// The directorates the prior's risks and measures name, in order.
    pub fn directorates(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let named = self
            .risks
            .iter()
            .map(|r| r.directorate.as_deref())
            .chain(self.measures.iter().map(|m| m.directorate.as_deref()));
        for d in named.flatten() {
            if !seen.iter().any(|s| s == d) {
                seen.push(d.to_string());
            }
        }
        seen.sort();
        seen
    }

    /// Checks that the prior holds records of the directorate `wanted` (by name, alias or
    /// folded spelling) when it names directorates at all.
    ///
    /// # Errors
    /// A message naming the directorates the prior does hold.
    pub fn check_directorate(&self, wanted: &str, config: &Config) -> Result<(), String> {
        let known = self.directorates();
        if known.is_empty()
            || known
                .iter()
                .any(|d| same_directorate(Some(d), wanted, config))
        {
            return Ok(());
        }
        Err(format!(
            "--directorate '{wanted}' matches no directorate of --from; it holds {}.",
            known
                .iter()
                .map(|d| format!("'{d}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// Whether a record's directorate is the one wanted (by name, alias or folded spelling).
fn same_directorate(record: Option<&str>, wanted: &str, config: &Config) -> bool {
    let Some(r) = record else { return false };
    if fold(r) == fold(wanted) {
        return true;
    }
    match (
        config.match_directorate(r),
        config.match_directorate(wanted),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The prior's open risks of the directorate, one per reference (the latest review wins).
fn prior_risks(prior: &Prior, directorate: Option<&str>, config: &Config) -> Vec<Risk> {
    let any_directorate = prior.risks.iter().any(|r| r.directorate.is_some());
    let mut out: Vec<Risk> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in &prior.risks {
        if r.status == RiskStatus::Closed {
            continue;
        }
        if let Some(d) = directorate {
            if any_directorate && !same_directorate(r.directorate.as_deref(), d, config) {
                continue;
            }
        }
        match index.get(&r.id) {
            Some(&i) => {
                if r.last_reviewed >= out[i].last_reviewed {
                    out[i] = r.clone();
                }
            }
            None => {
                index.insert(r.id.clone(), out.len());
                out.push(r.clone());
            }
        }
    }
    out
}

/// The prior's measures of the directorate, one per reference, with the latest target and the
/// latest value before the period.
fn prior_measures(
    prior: &Prior,
    directorate: Option<&str>,
    period: Option<&Period>,
    config: &Config,
) -> Vec<PriorMeasure> {
    let any_directorate = prior.measures.iter().any(|m| m.directorate.is_some());
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, Vec<&Measure>> = BTreeMap::new();
    for m in &prior.measures {
        if let Some(d) = directorate {
            if any_directorate && !same_directorate(m.directorate.as_deref(), d, config) {
                continue;
            }
        }
        let list = by_id.entry(m.id.clone()).or_default();
        if list.is_empty() {
            order.push(m.id.clone());
        }
        list.push(m);
    }
    order
        .into_iter()
        .map(|id| {
            let defs = &by_id[&id];
            let files: Vec<&str> = defs.iter().map(|m| m.source.file.as_str()).collect();
            let mut obs: Vec<&Observation> = prior
                .observations
                .iter()
                .filter(|o| o.measure_id == id && files.contains(&o.source.file.as_str()))
                .collect();
            if obs.is_empty() && !any_directorate {
                obs = prior
                    .observations
                    .iter()
                    .filter(|o| o.measure_id == id)
                    .collect();
            }
            obs.sort_by_key(|o| (o.period_end, o.period_start));
            let target = obs
                .iter()
                .rev()
                .filter(|o| period.is_none_or(|p| o.period_end <= Some(p.end)))
                .find_map(|o| o.target);
            let previous = obs
                .iter()
                .rev()
                .filter(|o| period.is_none_or(|p| o.period_end < Some(p.start)))
                .find_map(|o| o.actual.map(|a| (a, o.period_or_none().to_string())));
            // The definition from the return with the latest value; gaps filled from the others.
            let latest_file = obs.last().map(|o| o.source.file.as_str());
            let mut measure = defs
                .iter()
                .rev()
                .find(|m| Some(m.source.file.as_str()) == latest_file)
                .or(defs.last())
                .map(|m| (*m).clone())
                .unwrap_or_default();
            for other in defs.iter().rev() {
                measure.title = measure.title.or_else(|| other.title.clone());
                measure.kind = measure.kind.or(other.kind);
                measure.unit = measure.unit.or(other.unit);
                measure.polarity = measure.polarity.or(other.polarity);
                measure.theme = measure.theme.or_else(|| other.theme.clone());
                measure.owner = measure.owner.or_else(|| other.owner.clone());
            }
            PriorMeasure {
                measure,
                target,
                previous,
            }
        })
        .collect()
}

// ------------------------------------------------------------------ lists

/// The dropdown lists of the hidden Lists sheet, each a column under a header, and the workbook
/// name that refers to it.
struct Lists {
    columns: Vec<(&'static str, &'static str, Vec<String>)>,
}

const CATEGORIES: &[&str] = &[
    "Strategic",
    "Operational",
    "Financial",
    "Legal and regulatory",
    "Reputational",
    "People",
    "Technology and information",
    "Health and safety",
    "Safeguarding",
    "Partnerships and contracts",
    "Environmental",
    "Project",
];

impl Lists {
    fn new(kind: TemplateKind, config: &Config) -> Lists {
        let strings = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut columns = vec![(
            "Directorates",
            "Directorate",
            config
                .framework
                .directorates
                .iter()
                .map(|d| d.name.clone())
                .collect(),
        )];
        columns.push((
            "Themes",
            "Theme",
            config
                .framework
                .themes
                .iter()
                .map(|t| t.name.clone())
                .collect(),
        ));
        match kind {
            TemplateKind::RiskRegister => {
                columns.push(("Likelihood", "Likelihood", levels(&config.risk.likelihood)));
                columns.push(("Impact", "Impact", levels(&config.risk.impact)));
                columns.push(("Categories", "Category", strings(CATEGORIES)));
                columns.push(("Trends", "Trend", strings(&Trend::ALL.map(Trend::label))));
                columns.push((
                    "Statuses",
                    "Status",
                    strings(&RiskStatus::ALL.map(RiskStatus::label)),
                ));
                columns.push(("YesNo", "Escalate?", strings(&["Yes", "No"])));
            }
            TemplateKind::PerformanceReturn => {
                columns.push((
                    "Kinds",
                    "Kind",
                    strings(&MeasureKind::ALL.map(MeasureKind::label)),
                ));
                columns.push(("Units", "Unit", strings(&Unit::ALL.map(Unit::word))));
                columns.push((
                    "Polarities",
                    "Polarity",
                    strings(&Polarity::ALL.map(Polarity::label)),
                ));
            }
        }
        Lists { columns }
    }

    fn has(&self, name: &str) -> bool {
        self.columns
            .iter()
            .any(|(n, _, values)| *n == name && !values.is_empty())
    }

    /// A value from the middle of a list, to show as an example.
    fn example(&self, name: &str) -> Option<&str> {
        let (_, _, values) = self.columns.iter().find(|(n, _, _)| *n == name)?;
        values.get(values.len() / 2).map(String::as_str)
    }

    /// Workbook names and the ranges they refer to, for the lists that have values.
    fn names(&self) -> Vec<(&'static str, String)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, (_, _, values))| !values.is_empty())
            .map(|(i, (name, _, values))| {
                let col = column_letters(i as u32);
                (
                    *name,
                    format!("={LISTS_SHEET}!${col}$2:${col}${}", values.len() + 1),
                )
            })
            .collect()
    }

    fn write(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let bold = Format::new().set_bold();
        for (i, (_, header, values)) in self.columns.iter().enumerate() {
            let col = i as u16;
            ws.write_string_with_format(0, col, *header, &bold)?;
            for (r, v) in values.iter().enumerate() {
                ws.write_string(r as u32 + 1, col, v)?;
            }
            ws.set_column_width(col, 24)?;
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(())
    }
}

/// "1 - Rare", "2 - Unlikely", ...: what the dropdowns show and goldthread reads back.
fn levels(labels: &[String]) -> Vec<String> {
    (1..=labels.len()).map(|n| level_text(n, labels)).collect()
}

/// "4 - Likely". goldthread reads a level as its number followed by words, so a label's
/// other characters ("Almost certain (>90%)") are left out of the dropdown; the Instructions
/// sheet shows the labels in full.
fn level_text(n: usize, labels: &[String]) -> String {
    let label = labels.get(n - 1).map(String::as_str).unwrap_or("");
    let cleaned: String = label
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .map(|c| {
            if c.is_ascii_alphabetic() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words = cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == '-' || c == ' ')
        .to_string();
    let words = words.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    if words.is_empty() {
        n.to_string()
    } else {
        format!("{n} - {words}")
    }
}

// ------------------------------------------------------------------ columns

/// What a column of the table takes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Input {
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
struct Col {
    header: String,
    field: String,
    width: f64,
    input: Input,
    note: String,
}

fn col(header: &str, field: &str, width: f64, input: Input, note: &str) -> Col {
    Col {
        header: header.to_string(),
        field: field.to_string(),
        width,
        input,
        note: note.to_string(),
    }
}

/// Colours a data column's cells that meet a rule (a band's score range, a RAG word).
fn colour_rule<T: rust_xlsxwriter::IntoConditionalFormatValue>(
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
fn theme_input(lists: &Lists) -> Input {
    if lists.has("Themes") {
        Input::List {
            name: "Themes",
            strict: true,
        }
    } else {
        Input::Text { wide: false }
    }
}

fn register_columns(lists: &Lists) -> Vec<Col> {
    let theme = theme_input(lists);
    let list = |name| Input::List { name, strict: true };
    let text = Input::Text { wide: false };
    let wide = Input::Text { wide: true };
    vec![
        col(
            "Risk Ref",
            "id",
            11.0,
            text,
            "The risk's reference, e.g. AH-R01. Keep it the same from one return to the next.",
        ),
        col(
            "Risk Title",
            "title",
            30.0,
            wide,
            "A short name for the risk.",
        ),
        col(
            "Description (cause, event, effect)",
            "description",
            45.0,
            wide,
            "What could cause it, what could happen, and what the effect would be.",
        ),
        col(
            "Theme",
            "theme",
            18.0,
            theme,
            "The council priority theme the risk threatens.",
        ),
        col(
            "Category",
            "category",
            18.0,
            Input::List {
                name: "Categories",
                strict: false,
            },
            "The kind of risk: pick from the list, or type another.",
        ),
        col(
            "Risk Owner",
            "owner",
            18.0,
            text,
            "The officer accountable for managing the risk.",
        ),
        col(
            "Inherent L",
            "inherent.likelihood",
            14.0,
            Input::Level("Likelihood"),
            "Likelihood before any controls.",
        ),
        col(
            "Inherent I",
            "inherent.impact",
            14.0,
            Input::Level("Impact"),
            "Impact before any controls.",
        ),
        col(
            "Inherent Score",
            "inherent.score",
            9.0,
            Input::Score { l: 6, i: 7 },
            "Worked out: likelihood x impact.",
        ),
        col(
            "Existing Controls",
            "controls",
            40.0,
            wide,
            "The controls in place now.",
        ),
        col(
            "Current L",
            "current.likelihood",
            14.0,
            Input::Level("Likelihood"),
            "Likelihood now, with the existing controls.",
        ),
        col(
            "Current I",
            "current.impact",
            14.0,
            Input::Level("Impact"),
            "Impact now, with the existing controls.",
        ),
        col(
            "Current Score",
            "current.score",
            9.0,
            Input::Score { l: 10, i: 11 },
            "Worked out: likelihood x impact. This score decides escalation.",
        ),
        col(
            "Mitigating Actions",
            "mitigations",
            40.0,
            wide,
            "Further actions planned to bring the risk down to its target.",
        ),
        col(
            "Action Owner",
            "action_owner",
            18.0,
            text,
            "Who leads the actions.",
        ),
        col(
            "Action Due",
            "action_due",
            12.0,
            Input::Date,
            "When the actions are due, dd/mm/yyyy.",
        ),
        col(
            "Target L",
            "target.likelihood",
            14.0,
            Input::Level("Likelihood"),
            "Likelihood once the actions are done.",
        ),
        col(
            "Target I",
            "target.impact",
            14.0,
            Input::Level("Impact"),
            "Impact once the actions are done.",
        ),
        col(
            "Target Score",
            "target.score",
            9.0,
            Input::Score { l: 16, i: 17 },
            "Worked out: likelihood x impact.",
        ),
        col(
            "Trend",
            "trend",
            12.0,
            list("Trends"),
            "Since the last review: Increasing, Stable or Decreasing.",
        ),
        col(
            "Date Identified",
            "date_identified",
            12.0,
            Input::Date,
            "When the risk was first recorded, dd/mm/yyyy.",
        ),
        col(
            "Last Review",
            "last_reviewed",
            12.0,
            Input::Date,
            "When the risk was last reviewed, dd/mm/yyyy.",
        ),
        col(
            "Next Review",
            "next_review",
            12.0,
            Input::Date,
            "When it will next be reviewed, dd/mm/yyyy.",
        ),
        col(
            "Status",
            "status",
            10.0,
            list("Statuses"),
            "Open, or Closed when the risk no longer applies.",
        ),
        col(
            "Escalate?",
            "escalate",
            10.0,
            list("YesNo"),
            "Yes to ask for the risk to go on the strategic register.",
        ),
    ]
}

/// Profile fields of a period's value: `actual@2024-25 Q2`, or `actual` when the period is
/// typed in the title.
fn period_field(part: &str, period: Option<&Period>) -> String {
    match period {
        Some(p) => format!("{part}@{}", p.label),
        None => part.to_string(),
    }
}

fn performance_columns(lists: &Lists, period: Option<&Period>) -> Vec<Col> {
    let theme = theme_input(lists);
    let list = |name| Input::List { name, strict: true };
    let text = Input::Text { wide: false };
    let actual = match period {
        Some(p) => format!("{} Actual", p.label),
        None => "Actual".to_string(),
    };
    vec![
        col("Ref", "id", 10.0, text, "The measure's reference."),
        col(
            "Measure",
            "title",
            45.0,
            Input::Text { wide: true },
            "What is measured.",
        ),
        col(
            "Kind",
            "kind",
            10.0,
            list("Kinds"),
            "KPI, PI, or Statistic (context only: no RAG).",
        ),
        col(
            "Unit",
            "unit",
            10.0,
            list("Units"),
            "Percent, Number, Currency, Days or Ratio.",
        ),
        col(
            "Polarity",
            "polarity",
            16.0,
            list("Polarities"),
            "Whether a higher or a lower value is better.",
        ),
        col(
            "Theme",
            "theme",
            18.0,
            theme,
            "The council priority theme the measure serves.",
        ),
        col(
            "Owner",
            "owner",
            18.0,
            text,
            "The officer responsible for the measure.",
        ),
        col(
            "Target",
            "target",
            10.0,
            Input::Number,
            "The target for the period.",
        ),
        col(
            "Previous",
            "extra",
            10.0,
            Input::Carried,
            "The last value reported (from the previous return).",
        ),
        col(
            &actual,
            &period_field("actual", period),
            12.0,
            Input::Number,
            "The value for the period: a number. Type 85 for 85%, 1200 for £1,200.",
        ),
        col(
            "RAG",
            &period_field("rag", period),
            9.0,
            Input::Rag,
            "Worked out from the actual, the target and the polarity.",
        ),
        col(
            "Commentary",
            &period_field("commentary", period),
            50.0,
            Input::Text { wide: true },
            "What lies behind the figure, and what is being done where it is off target.",
        ),
    ]
}

// ------------------------------------------------------------------ formats

struct Formats {
    title: Format,
    subtitle: Format,
    label: Format,
    hint: Format,
    header: Format,
    input: Format,
    input_wide: Format,
    input_date: Format,
    input_number: Format,
    fixed: Format,
    fixed_wide: Format,
    fixed_number: Format,
    formula: Format,
}

impl Formats {
    fn new() -> Formats {
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
    fn of(&self, input: Input, locked: bool) -> &Format {
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

// ------------------------------------------------------------------ the main sheet

/// Where the table is: what the profile records.
struct TableLayout {
    columns: Vec<Col>,
}

/// A value to put in a cell.
enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

fn text(v: &Option<String>) -> Value {
    match v.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Value::Text(t.to_string()),
        _ => Value::Empty,
    }
}

/// A word of the vocabulary, as the column's dropdown offers it.
fn label(word: Option<&str>) -> Value {
    word.map_or(Value::Empty, |w| Value::Text(w.into()))
}

fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Empty, Value::Date)
}

/// A level as the dropdown shows it ("4 - Likely"), or the number as written when it is not a
/// whole number on the scale.
fn level(v: Option<f64>, labels: &[String]) -> Value {
    match v {
        Some(x) if x.fract() == 0.0 && x >= 1.0 && (x as usize) <= labels.len() => Value::Text(
            format!("{} - {}", x as usize, labels[x as usize - 1].trim()),
        ),
        Some(x) => Value::Number(x),
        None => Value::Empty,
    }
}

fn risk_value(r: &Risk, field: &str, config: &Config) -> Value {
    let (l, i) = (&config.risk.likelihood, &config.risk.impact);
    match field {
        "id" => Value::Text(r.id.clone()),
        "title" => text(&r.title),
        "description" => text(&r.description),
        "theme" => text(&r.theme),
        "category" => text(&r.category),
        "owner" => text(&r.owner),
        "inherent.likelihood" => level(r.inherent.likelihood, l),
        "inherent.impact" => level(r.inherent.impact, i),
        "controls" => text(&r.controls),
        "current.likelihood" => level(r.current.likelihood, l),
        "current.impact" => level(r.current.impact, i),
        "mitigations" => text(&r.mitigations),
        "action_owner" => text(&r.action_owner),
        "action_due" => date(r.action_due),
        "target.likelihood" => level(r.target.likelihood, l),
        "target.impact" => level(r.target.impact, i),
        "trend" => label(r.trend.map(Trend::label)),
        "date_identified" => date(r.date_identified),
        "last_reviewed" => date(r.last_reviewed),
        "next_review" => date(r.next_review),
        "status" => label(Some(r.status.label())),
        "escalate" => match r.escalate {
            Some(true) => Value::Text("Yes".into()),
            Some(false) => Value::Text("No".into()),
            None => Value::Empty,
        },
        _ => Value::Empty,
    }
}

fn measure_value(pm: &PriorMeasure, field: &str) -> Value {
    let m = &pm.measure;
    match field {
        "id" => Value::Text(m.id.clone()),
        "title" => text(&m.title),
        "kind" => label(m.kind.map(MeasureKind::label)),
        "unit" => label(m.unit.map(Unit::word)),
        "polarity" => label(m.polarity.map(Polarity::label)),
        "theme" => text(&m.theme),
        "owner" => text(&m.owner),
        "target" => pm.target.map_or(Value::Empty, Value::Number),
        "extra" => pm
            .previous
            .as_ref()
            .map_or(Value::Empty, |(v, _)| Value::Number(*v)),
        _ => Value::Empty,
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn write_value(
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

/// The height of a row whose wrapped cells hold these texts, in points; None for one line
/// (the one estimate of wrapped lines every workbook goldthread writes uses).
fn row_height(cells: &[(&str, f64)]) -> Option<f64> {
    let lines = cells
        .iter()
        .map(|(t, w)| crate::write::wrapped_lines(t, *w))
        .max()
        .unwrap_or(1)
        .min(12);
    (lines > 1).then(|| lines as f64 * crate::write::LINE_HEIGHT + 3.0)
}

/// The height of a carried row: the longest of its wrapped cells.
fn fit_row(ws: &mut Worksheet, row: u32, texts: &[(String, f64)]) -> Result<(), XlsxError> {
    let cells: Vec<(&str, f64)> = texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    if let Some(h) = row_height(&cells) {
        ws.set_row_height(row, h)?;
    }
    Ok(())
}

/// The leading number of a level cell: `VALUE(LEFT(G6,FIND(" ",G6&" ")-1))`.
fn lead(cell: &str) -> String {
    format!("VALUE(LEFT({cell},FIND(\" \",{cell}&\" \")-1))")
}

fn score_formula(l: &str, i: &str) -> String {
    format!("=IFERROR({}*{},\"\")", lead(l), lead(i))
}

/// A number typed as a percentage in Excel (85% stored as 0.85 with a percent format) in
/// percentage points, as goldthread reads it.
fn points(cell: &str) -> String {
    format!("IF(LEFT(CELL(\"format\",{cell}),1)=\"P\",{cell}*100,{cell})")
}

/// Green when the actual meets the target by polarity, amber when worse by no more than the
/// tolerance, red otherwise; empty without a number in both, for statistics, or without a
/// polarity.
fn rag_formula(row: u32, tolerance_percent: f64) -> String {
    let n = row + 1;
    let (a, t) = (points(&format!("J{n}")), points(&format!("H{n}")));
    let tol = format_number(tolerance_percent / 100.0);
    format!(
        "=IF(OR(NOT(ISNUMBER(J{n})),NOT(ISNUMBER(H{n})),LEFT(C{n},4)=\"Stat\"),\"\",\
IF(LEFT(E{n},1)=\"H\",IF({a}>={t}-1E-9,\"Green\",IF({t}-{a}<=ABS({t})*{tol}+1E-9,\"Amber\",\"Red\")),\
IF(LEFT(E{n},1)=\"L\",IF({a}<={t}+1E-9,\"Green\",IF({a}-{t}<=ABS({t})*{tol}+1E-9,\"Amber\",\"Red\")),\"\")))"
    )
}

/// A number without a trailing ".0".
fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Title rows: the council, whose template, the period, and a hint; cells to type the
/// directorate and period in when the options give none.
fn write_titles(
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
        },
        &f.hint,
    )?;
    Ok(())
}

/// The header row, each header with a note saying what the column takes.
fn write_header(ws: &mut Worksheet, columns: &[Col], f: &Formats) -> Result<(), XlsxError> {
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
fn add_validations(
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
fn short_title(header: &str) -> String {
    match header.split_once(" (") {
        Some((head, _)) => head.chars().take(32).collect(),
        None => header.chars().take(32).collect(),
    }
}

/// Freeze below the header, filter, print on landscape pages one wide with the header
/// repeated, and protect the sheet (no password) so only the blue cells take typing.
fn finish_sheet(ws: &mut Worksheet, columns: &[Col], last_row: u32) -> Result<(), XlsxError> {
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

fn write_register(
    ws: &mut Worksheet,
    ctx: &Ctx,
    config: &Config,
    lists: &Lists,
) -> Result<TableLayout, XlsxError> {
    let f = Formats::new();
    let columns = register_columns(lists);
    let rows = ctx.risks.len() as u32 + BLANK_ROWS;
    let last_row = FIRST_DATA_ROW + rows - 1;
    write_titles(ws, ctx, &f, lists)?;
    write_header(ws, &columns, &f)?;
    for r in 0..rows {
        let row = FIRST_DATA_ROW + r;
        let risk = ctx.risks.get(r as usize);
        let mut wrapped: Vec<(String, f64)> = Vec::new();
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            // A carried risk keeps its reference: the register follows it from return to return.
            let locked = risk.is_some() && column.field == "id";
            let format = f.of(column.input, locked);
            match column.input {
                Input::Score { l, i } => {
                    let (lc, ic) = (
                        format!("{}{}", column_letters(l.into()), row + 1),
                        format!("{}{}", column_letters(i.into()), row + 1),
                    );
                    let group = column.field.split('.').next().unwrap_or("current");
                    let result = risk
                        .and_then(|rk| {
                            let rating = match group {
                                "inherent" => rk.inherent,
                                "target" => rk.target,
                                _ => rk.current,
                            };
                            Some(rating.likelihood? * rating.impact?)
                        })
                        .map(format_number)
                        .unwrap_or_default();
                    let formula = Formula::new(score_formula(&lc, &ic)).set_result(result);
                    ws.write_formula_with_format(row, c, formula, format)?;
                }
                _ => {
                    let value =
                        risk.map_or(Value::Empty, |rk| risk_value(rk, &column.field, config));
                    if let (Value::Text(t), Input::Text { wide: true }) = (&value, column.input) {
                        wrapped.push((t.clone(), column.width));
                    }
                    write_value(ws, row, c, value, format, &f.input_date)?;
                }
            }
        }
        fit_row(ws, row, &wrapped)?;
    }
    add_validations(ws, &columns, lists, last_row)?;
    // Scores banded by colour, as the configured bands say.
    for (c, column) in columns.iter().enumerate() {
        if !matches!(column.input, Input::Score { .. }) {
            continue;
        }
        let c = c as u16;
        for b in &config.risk.bands {
            let Colours { fill, text: font } = b.band.colours();
            colour_rule(
                ws,
                c,
                last_row,
                ConditionalFormatCellRule::Between(b.min, b.max),
                fill,
                font,
            )?;
        }
    }
    finish_sheet(ws, &columns, last_row)?;
    Ok(TableLayout { columns })
}

fn write_performance(
    ws: &mut Worksheet,
    ctx: &Ctx,
    config: &Config,
    lists: &Lists,
) -> Result<TableLayout, XlsxError> {
    let f = Formats::new();
    let columns = performance_columns(lists, ctx.period);
    let blank = if ctx.measures.is_empty() {
        BLANK_ROWS
    } else {
        BLANK_MEASURE_ROWS
    };
    let rows = ctx.measures.len() as u32 + blank;
    let last_row = FIRST_DATA_ROW + rows - 1;
    write_titles(ws, ctx, &f, lists)?;
    write_header(ws, &columns, &f)?;
    let tolerance = config.performance.rag_tolerance_percent;
    for r in 0..rows {
        let row = FIRST_DATA_ROW + r;
        let measure = ctx.measures.get(r as usize);
        let mut wrapped: Vec<(String, f64)> = Vec::new();
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            // A listed measure's definition, target and previous value are the performance
            // team's: only the period's actual and commentary are typed, and the parts of the
            // definition the last return left empty (kind, unit, polarity, theme, owner).
            let typed =
                column.field.starts_with("actual") || column.field.starts_with("commentary");
            let gap = matches!(
                column.field.as_str(),
                "kind" | "unit" | "polarity" | "theme" | "owner"
            ) && measure
                .is_some_and(|m| matches!(measure_value(m, &column.field), Value::Empty));
            let locked = measure.is_some() && !typed && !gap;
            let format = f.of(column.input, locked);
            match column.input {
                Input::Rag => {
                    let formula = Formula::new(rag_formula(row, tolerance)).set_result("");
                    ws.write_formula_with_format(row, c, formula, format)?;
                }
                _ => {
                    let value = measure.map_or(Value::Empty, |m| measure_value(m, &column.field));
                    if let (Value::Text(t), Input::Text { wide: true }) = (&value, column.input) {
                        wrapped.push((t.clone(), column.width));
                    }
                    write_value(ws, row, c, value, format, &f.input_date)?;
                }
            }
            if let (Some(pm), Input::Carried) = (measure, column.input) {
                if let Some((_, period)) = &pm.previous {
                    let note = Note::new(format!("Reported for {period}."))
                        .add_author_prefix(false)
                        .set_width(160)
                        .set_height(30);
                    ws.insert_note(row, c, &note)?;
                }
            }
        }
        fit_row(ws, row, &wrapped)?;
    }
    add_validations(ws, &columns, lists, last_row)?;
    if let Some(c) = columns.iter().position(|c| c.input == Input::Rag) {
        let c = c as u16;
        // Green first: the order the rules have always been written in.
        for rag in Rag::ALL.iter().rev() {
            let Colours { fill, text: font } = rag.colours();
            colour_rule(
                ws,
                c,
                last_row,
                ConditionalFormatCellRule::EqualTo(rag.label()),
                fill,
                font,
            )?;
        }
    }
    finish_sheet(ws, &columns, last_row)?;
    Ok(TableLayout { columns })
}

// ------------------------------------------------------------------ the profile

/// The layout the template records in its hidden sheet.
fn profile(ctx: &Ctx, layout: &TableLayout) -> Profile {
    let columns = layout
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (column_letters(i as u32), c.field.clone()))
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

fn profile_toml(ctx: &Ctx, layout: &TableLayout) -> Result<String, XlsxError> {
    let body = toml::to_string(&profile(ctx, layout))
        .map_err(|e| XlsxError::ParameterError(format!("the layout profile: {e}")))?;
    Ok(format!(
        "# How goldthread reads this workbook (a mapping profile). Do not edit.\n{body}"
    ))
}

// ------------------------------------------------------------------ instructions

fn write_instructions(ws: &mut Worksheet, ctx: &Ctx, config: &Config) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(16);
    let heading = Format::new()
        .set_bold()
        .set_font_size(12)
        .set_font_color(HEADER_FILL);
    let term = Format::new()
        .set_bold()
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let body = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    let plain = Format::new();
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 100)?;
    let mut row = 0u32;
    let kind = ctx.kind;
    let sheet = kind.sheet_name();
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
    row += 2;

    let section = |ws: &mut Worksheet,
                   row: &mut u32,
                   name: &str,
                   lines: Vec<(String, String)>|
     -> Result<(), XlsxError> {
        ws.write_string_with_format(*row, 0, name, &heading)?;
        *row += 1;
        for (t, b) in lines {
            if let Some(h) = row_height(&[(&t, 26.0), (&b, 100.0)]) {
                ws.set_row_height(*row, h)?;
            }
            if !t.is_empty() {
                ws.write_string_with_format(*row, 0, t, &term)?;
            }
            ws.write_string_with_format(*row, 1, b, &body)?;
            *row += 1;
        }
        *row += 1;
        Ok(())
    };
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());

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
    match kind {
        TemplateKind::RiskRegister => {
            what.push(s("One row per risk", if ctx.risks.is_empty() {
                "Start at the first row under the header; leave no empty rows between risks. Every risk needs a reference, a title, an owner and its ratings."
            } else {
                "Your open risks from the last return are already listed: review each one and update it (ratings, controls, actions, trend, review dates). Their references are locked so the register can follow each risk. Add new risks in the empty rows below; close a risk by setting its Status to Closed."
            }));
            what.push(s("Ratings", "Pick each likelihood (L) and impact (I) from the dropdown. The score (likelihood x impact) and its colour are worked out for you. Rate the risk three times: inherent (before any controls), current (with the existing controls) and target (once the mitigating actions are done)."));
        }
        TemplateKind::PerformanceReturn => {
            what.push(s("One row per measure", if ctx.measures.is_empty() {
                "Start at the first row under the header; leave no empty rows between measures. Every measure needs a reference, a title, its kind, unit, polarity, owner and target."
            } else {
                "Your measures are already listed with their targets and last values (the grey cells, locked). For each, type the actual for the period and a commentary. A blue cell in a measure's definition (its owner, say) was empty in the last return: fill it in. Add a new measure in the empty rows below, filling in every column."
            }));
            what.push(s("Actual", "Type a number only: 85 for 85%, 1200 for £1,200, 12.5 for 12.5 days. Where there is no figure, leave it empty (or type n/a) and say why in the commentary."));
            what.push(s("RAG", &format!(
                "Worked out for you: Green when the actual meets or beats the target (higher or lower, as the polarity says); Amber when it is worse by no more than {}% of the target; Red otherwise. Statistics are context only and get no RAG.",
                format_number(config.performance.rag_tolerance_percent)
            )));
            what.push(s(
                "Commentary",
                "Say what lies behind the figure, and what is being done where it is off target.",
            ));
        }
    }
    section(ws, &mut row, "What to fill in", what)?;

    let layout_cols = match kind {
        TemplateKind::RiskRegister => register_columns(&Lists::new(kind, config)),
        TemplateKind::PerformanceReturn => {
            performance_columns(&Lists::new(kind, config), ctx.period)
        }
    };
    section(
        ws,
        &mut row,
        "The columns",
        layout_cols
            .iter()
            .map(|c| (c.header.clone(), c.note.clone()))
            .collect(),
    )?;

    if kind == TemplateKind::RiskRegister {
        // The labels in full, with what the dropdown shows where it shortens them.
        let scale = |labels: &[String]| {
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
                .collect::<Vec<_>>()
        };
        section(
            ws,
            &mut row,
            "Likelihood (L)",
            scale(&config.risk.likelihood),
        )?;
        section(ws, &mut row, "Impact (I)", scale(&config.risk.impact))?;
        let bands = config
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
            .collect();
        section(
            ws,
            &mut row,
            "Rating bands (score = likelihood x impact)",
            bands,
        )?;
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
        section(ws, &mut row, "Escalation, appetite and reviews", rules)?;
    }

    let due = config.calendar.return_due_working_days;
    section(
        ws,
        &mut row,
        "Dates and returning the template",
        vec![
            s("Dates", "Type dates as dd/mm/yyyy, e.g. 30/09/2024; the cells only take real dates."),
            s("Saving", "Save the workbook as Excel (.xlsx), keeping all its sheets. You may rename the file, e.g. to add your service."),
            s("Returning", &format!(
                "Send it to the performance team within {due} working days of the end of the period. Late and incomplete returns are followed up."
            )),
        ],
    )?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.protect();
    Ok(())
}

#[cfg(test)]
mod tests;
