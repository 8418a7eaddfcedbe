//! Normalising returns into the contract: every sheet's tables become risks, measures and
//! observations, each traceable to its cell, with every other non-empty cell kept or accounted for.

mod actions;
pub mod catalogue;
mod context;
mod derive;
mod error;
mod measures;
mod risks;
pub mod row;
mod sheet;
mod spill;

use error::StreamError;
use sheet::normalise_sheet;
pub use spill::Spill;

pub(crate) use context::Sections;
pub use context::SheetContext;
use context::*;

pub use derive::{compute_direction, compute_rag};

use std::path::{Path, PathBuf};

use crate::config::{fold, Config};
use crate::layout::{self, LayoutContext, Profile, SheetLayout};
use crate::read::{self, InputFile, Sheet, Workbook};
use crate::rules::RuleId;
use crate::schema::field::Name;
use crate::schema::{Finding, Period, PeriodKind};
use crate::values;

/// What normalising needs besides the files.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub config: Config,
    pub profile: Option<Profile>,
    /// Financial year (start year) for returns that do not state one.
    pub financial_year: Option<i32>,
    /// "Today" for timeliness checks; None is the real today.
    pub as_of: Option<chrono::NaiveDate>,
    /// The period of tables that name none anywhere (`--period`).
    pub period: Option<Period>,
    /// The measures catalogue the returns' measures join (`--catalogue`).
    pub catalogue: Option<catalogue::Catalogue>,
}

pub use crate::schema::{CellCounts, Document, FileReport, SheetReport, Summary};

/// A record's reference, or, for a row without one, its sheet and row ("Risks row 12") with a
/// `risk-no-reference` or `action-no-reference` finding (`rule`).
pub(crate) fn id_or_row(
    reference: Option<String>,
    noun: &str,
    rule: RuleId,
    row: u32,
    sctx: &SheetContext,
    directorate: Option<String>,
    doc: &mut Document,
) -> String {
    if let Some(r) = reference {
        return r;
    }
    let id = format!("{} row {row}", sctx.sheet);
    doc.findings.push(Finding {
        sheet: Some(sctx.sheet.clone()),
        row: Some(row),
        record_id: Some(id.clone()),
        field: Some(Name::Id.to_string()),
        directorate,
        ..Finding::new(
            rule,
            format!("The {noun} on row {row} has no reference; it is identified as '{id}'"),
            sctx.file.clone(),
        )
    });
    id
}

/// Reads and normalises every return under the inputs.
pub fn normalise_paths(inputs: &[PathBuf], opts: &Options) -> Document {
    normalise_paths_with_progress(inputs, opts, &|_, _| {})
}

/// Rows a sheet may have before it is read as a stream (its first rows give the layout; the
/// rest are read one by one and never held together).
pub const HEAD_ROWS: usize = 5_000;

/// Reads one file into a document of its own. With a spill, the file's risks are moved to it
/// as they are read.
fn normalise_file(input: &InputFile, opts: &Options, spill: Option<&mut Spill>) -> Document {
    normalise_file_with(input, opts, HEAD_ROWS, spill)
}

fn normalise_file_with(
    input: &InputFile,
    opts: &Options,
    head_rows: usize,
    mut spill: Option<&mut Spill>,
) -> Document {
    let mut doc = Document::default();
    let mut report: Option<FileReport> = None;
    let mut flush = |doc: &mut Document| -> Result<(), StreamError> {
        match spill.as_deref_mut() {
            Some(s) => s.push(&mut doc.risks).map_err(StreamError::Spill),
            None => Ok(()),
        }
    };
    let read = read::stream_file_hashed(input, head_rows, &mut |wb, rows| {
        let report = report.get_or_insert_with(|| begin_file(wb, &mut doc));
        let sheet = match rows {
            read::SheetRows::Whole(sheet) => {
                let (layout, sctx) = plan_sheet(wb, input, &sheet, opts);
                normalise_sheet(&sheet, &layout, &sctx, &opts.config, &mut doc)
            }
            read::SheetRows::Long { head, rest } => {
                plan_sheet_with(wb, input, &head, opts, |lctx, layout, sctx| {
                    sheet::normalise_long_sheet(
                        &head,
                        rest,
                        layout,
                        &sctx,
                        lctx,
                        &opts.config,
                        &mut doc,
                        &mut flush,
                    )
                })?
            }
        };
        report.sheets.push(sheet);
        Ok(flush(&mut doc)?)
    });
    let clear = |spill: Option<&mut Spill>| {
        if let Some(s) = spill {
            // Records of a file that failed part way are not kept, as if it had not been read.
            let _ = s.clear();
        }
    };
    match read {
        Ok((wb, sha256)) => {
            let mut report = report.unwrap_or_else(|| begin_file(&wb, &mut doc));
            // Notes the reader made after the first sheet was handed over.
            let later = wb.notes[report.notes.len().min(wb.notes.len())..].to_vec();
            note_file(&wb.file, &later, &mut doc);
            report.notes.extend(later);
            report.sha256 = Some(sha256);
            doc.files.push(report);
        }
        Err(err) if StreamError::out_of_order(&err) && head_rows < usize::MAX => {
            clear(spill.as_deref_mut());
            return normalise_file_with(input, opts, usize::MAX, spill);
        }
        Err(err) => {
            clear(spill);
            doc = Document::default();
            let format = input
                .path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            fail(&mut doc, &err.file, format, &err.reason.to_string());
        }
    }
    doc
}

/// As [`normalise_paths`], reading the files in parallel (the output is the same as reading
/// them one by one, in path order) and calling `progress(done, total)` after each file.
pub fn normalise_paths_with_progress(
    inputs: &[PathBuf],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Document {
    normalise_all(inputs, opts, progress, false).0
}

/// A document whose risks were moved to temporary files as they were read, so that a register
/// of a million rows is never held in memory. It is checked with
/// [`crate::check::run_spilled`] and serialises exactly as the [`Document`] holding those risks
/// would.
pub struct SpilledDocument {
    /// The document without its risks (its summary counts them).
    pub doc: Document,
    /// The risks, a spill per file read, in path order.
    pub spills: Vec<Spill>,
    /// Why the temporary files could not hold the risks (a full temporary folder), if they
    /// could not: a fault of the run, not of any return.
    pub temp_error: Option<String>,
}

/// As [`normalise_paths_with_progress`], moving the risks to temporary files as they are read.
pub fn normalise_paths_spilled(
    inputs: &[PathBuf],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> SpilledDocument {
    let (doc, spills, temp_error) = normalise_all(inputs, opts, progress, true);
    SpilledDocument {
        doc,
        spills,
        temp_error,
    }
}

fn normalise_all(
    inputs: &[PathBuf],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
    spilled: bool,
) -> (Document, Vec<Spill>, Option<String>) {
    let mut found = read::discover(inputs);
    // The catalogue and benchmark tables kept beside the returns are not returns.
    let tables = opts.config.reference_tables();
    if !tables.is_empty() {
        let given: Vec<PathBuf> = inputs.iter().map(|p| same_file(p)).collect();
        let (kept, tables_found): (Vec<_>, Vec<_>) = found.files.into_iter().partition(|f| {
            let p = same_file(&f.path);
            given.contains(&p) || !tables.iter().any(|t| same_file(t) == p)
        });
        found.files = kept;
        found
            .ignored
            .extend(tables_found.into_iter().map(|f| f.display));
    }
    normalise_found(found, opts, progress, spilled)
}

/// A path as the file it names, to compare two paths of one file.
fn same_file(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Reads files already found, each under the name it is given (`display`), not the path it
/// is read from: `goldthread serve` reads an upload from a temporary file of its own naming,
/// under the name the service gave it.
pub fn normalise_files(files: Vec<InputFile>, opts: &Options) -> Document {
    let found = read::Discovery {
        files,
        ..Default::default()
    };
    normalise_found(found, opts, &|_, _| {}, false).0
}

fn normalise_found(
    found: read::Discovery,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
    spilled: bool,
) -> (Document, Vec<Spill>, Option<String>) {
    use rayon::prelude::*;
    let temp_error: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let temp_failed = |e: &dyn std::fmt::Display| {
        if let Ok(mut first) = temp_error.lock() {
            first.get_or_insert_with(|| e.to_string());
        }
    };
    let mut doc = Document {
        goldthread: env!("CARGO_PKG_VERSION").to_string(),
        ..Default::default()
    };
    for err in &found.errors {
        fail(&mut doc, &err.file, None, &err.reason.to_string());
    }
    let total = found.files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let parts: Vec<(Document, Option<Spill>)> = found
        .files
        .par_iter()
        .map(|input| {
            let part = if spilled {
                match Spill::new() {
                    Ok(mut spill) => {
                        let mut part = normalise_file(input, opts, Some(&mut spill));
                        let sealed = spill.push(&mut part.risks).and_then(|()| spill.seal());
                        if let Some(e) = spill.failure() {
                            temp_failed(&e);
                        }
                        if let Err(e) = sealed {
                            part = Document::default();
                            let message = format!(
                                "cannot be read: the temporary file for its records failed ({e})"
                            );
                            fail(&mut part, &input.display, None, &message);
                            return (part, None);
                        }
                        (part, Some(spill))
                    }
                    Err(e) => {
                        temp_failed(&e);
                        let mut part = Document::default();
                        let message = format!(
                            "cannot be read: no temporary file could be made for its records ({e})"
                        );
                        fail(&mut part, &input.display, None, &message);
                        (part, None)
                    }
                }
            } else {
                (normalise_file(input, opts, None), None)
            };
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            part
        })
        .collect();
    let mut spills = Vec::new();
    for (part, spill) in parts {
        spills.extend(spill.filter(|s| !s.is_empty()));
        doc.files.extend(part.files);
        doc.risks.extend(part.risks);
        doc.measures.extend(part.measures);
        doc.observations.extend(part.observations);
        doc.actions.extend(part.actions);
        doc.findings.extend(part.findings);
        doc.summary.missing_values += part.summary.missing_values;
    }
    finish(&mut doc, opts);
    doc.summary.risks += spills.iter().map(Spill::len).sum::<usize>();
    let temp_error = temp_error.into_inner().ok().flatten();
    (doc, spills, temp_error)
}

fn fail(doc: &mut Document, file: &str, format: Option<String>, message: &str) {
    doc.findings.push(Finding::new(
        RuleId::FileUnreadable,
        format!("{file} {message}"),
        file,
    ));
    doc.files.push(FileReport {
        file: file.to_string(),
        format,
        status: "failed".into(),
        error: Some(message.to_string()),
        notes: Vec::new(),
        sheets: Vec::new(),
        sha256: None,
    });
}

/// Derived values and totals, once every file is in.
fn finish(doc: &mut Document, opts: &Options) {
    if let Some(cat) = &opts.catalogue {
        catalogue::join(doc, cat, &opts.config);
    }
    derive::derive_observations(&doc.measures, &mut doc.observations, &opts.config);
    let s = &mut doc.summary;
    s.files = doc.files.len();
    s.files_failed = doc.files.iter().filter(|f| f.status == "failed").count();
    s.files_read = s.files - s.files_failed;
    s.sheets = doc.files.iter().map(|f| f.sheets.len()).sum();
    s.sheets_read = doc
        .files
        .iter()
        .flat_map(|f| &f.sheets)
        .filter(|x| x.kind.is_some())
        .count();
    s.sheets_skipped = s.sheets - s.sheets_read;
    s.risks = doc.risks.len();
    s.measures = doc.measures.len();
    s.observations = doc.observations.len();
    s.actions = doc.actions.len();
    s.findings = doc.findings.len();
    let mut cells = CellCounts::default();
    for sheet in doc.files.iter().flat_map(|f| &f.sheets) {
        cells.add(&sheet.cells);
    }
    s.cells = cells;
}

/// How a sheet will be read: its layout and what it says once about all its rows.
pub fn plan_sheet(
    wb: &Workbook,
    input: &InputFile,
    sheet: &Sheet,
    opts: &Options,
) -> (SheetLayout, SheetContext) {
    plan_sheet_with(wb, input, sheet, opts, |_, layout, sctx| (layout, sctx))
}

/// As [`plan_sheet`], handing the layout context on to `then` as well.
fn plan_sheet_with<R>(
    wb: &Workbook,
    input: &InputFile,
    sheet: &Sheet,
    opts: &Options,
    then: impl FnOnce(&LayoutContext, SheetLayout, SheetContext) -> R,
) -> R {
    let config = &opts.config;
    let fy_start = config.calendar.financial_year_start_month;
    // A year in the file name or folders applies to sheets that state none.
    let context_fy = std::iter::once(input.stem())
        .chain(input.folders().into_iter().rev())
        .find_map(|t| values::find_financial_year(&t))
        .or(opts.financial_year);
    // A goldthread template carries its own layout; it wins over a profile given for the run.
    let embedded = crate::layout::profile::embedded(wb);
    let profile = embedded
        .as_ref()
        .and_then(|p| p.find(&wb.file, &sheet.name))
        .or_else(|| {
            opts.profile
                .as_ref()
                .and_then(|p| p.find(&wb.file, &sheet.name))
        });
    // Keys of rating scales on other sheets named as keys, matrices or lookup lists.
    let legends: Vec<layout::ratings::Legend> = wb
        .sheets
        .iter()
        .filter(|s| s.name != sheet.name && layout::ratings::names_a_key(&s.name))
        .flat_map(layout::ratings::legends)
        .collect();
    let lctx = LayoutContext {
        config,
        financial_year: context_fy,
        profile,
        legends: &legends,
    };
    let layout = layout::detect(sheet, &lctx);
    let mut sctx = SheetContext {
        file: wb.file.clone(),
        sheet: sheet.name.clone(),
        directorate: profile
            .and_then(|p| p.directorate.clone())
            .or_else(|| directorate_for(input, sheet, &layout.title_rows, config)),
        service: profile.and_then(|p| p.service.clone()).or_else(|| {
            // A CSV's one sheet is named after the file, which names no service.
            (sheet.name != input.stem())
                .then(|| service_from_sheet(&sheet.name, config))
                .flatten()
        }),
        kind: kind_from_sheet(&sheet.name),
        period: period_from_titles(&layout.title_rows, fy_start, layout.financial_year),
        financial_year: layout.financial_year,
        sections: profile.and_then(|p| p.sections.clone()),
    };
    if sctx.period.is_none() {
        sctx.period = values::split_period(
            &input.stem().replace('_', " "),
            fy_start,
            layout.financial_year,
        )
        .map(|(p, _)| p)
        .filter(|p| matches!(p.kind, PeriodKind::Quarter | PeriodKind::Month));
    }
    if sctx.period.is_none() {
        sctx.period = opts.period.clone();
    }
    then(&lctx, layout, sctx)
}

/// Normalises one workbook into the document.
pub fn normalise_workbook(wb: &Workbook, input: &InputFile, opts: &Options, doc: &mut Document) {
    let mut report = begin_file(wb, doc);
    for sheet in &wb.sheets {
        let (layout, sctx) = plan_sheet(wb, input, sheet, opts);
        let sheet_report = normalise_sheet(sheet, &layout, &sctx, &opts.config, doc);
        report.sheets.push(sheet_report);
    }
    doc.files.push(report);
}

/// A file's report before its sheets, with what the reader noted about it.
fn begin_file(wb: &Workbook, doc: &mut Document) -> FileReport {
    let report = FileReport {
        file: wb.file.clone(),
        format: Some(wb.format.to_string()),
        status: "read".into(),
        error: None,
        notes: wb.notes.clone(),
        sheets: Vec::new(),
        sha256: None,
    };
    note_file(&wb.file, &wb.notes, doc);
    report
}

/// A `file-note` finding for each note the reader made about a file.
fn note_file(file: &str, notes: &[String], doc: &mut Document) {
    for note in notes {
        doc.findings.push(Finding::new(
            RuleId::FileNote,
            format!("{file} {note}"),
            file,
        ));
    }
}

/// How one sheet is read, for `goldthread inspect`.
#[derive(Clone, Debug)]
pub struct SheetInspection {
    pub layout: SheetLayout,
    pub context: SheetContext,
    pub report: SheetReport,
}

/// How one file is read, for `goldthread inspect`.
#[derive(Clone, Debug)]
pub struct FileInspection {
    pub file: String,
    pub format: read::Format,
    pub notes: Vec<String>,
    pub sheets: Vec<SheetInspection>,
}

/// Reads the inputs and says how each sheet is laid out and read, without writing anything.
pub fn inspect_paths(
    inputs: &[PathBuf],
    opts: &Options,
) -> (Vec<FileInspection>, Vec<read::ReadError>) {
    let found = read::discover(inputs);
    let mut errors = found.errors;
    let mut files = Vec::new();
    for input in &found.files {
        let wb = match read::read_file(input) {
            Ok(wb) => wb,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut scratch = Document::default();
        let sheets = wb
            .sheets
            .iter()
            .map(|sheet| {
                let (layout, context) = plan_sheet(&wb, input, sheet, opts);
                let report = normalise_sheet(sheet, &layout, &context, &opts.config, &mut scratch);
                SheetInspection {
                    layout,
                    context,
                    report,
                }
            })
            .collect();
        files.push(FileInspection {
            file: wb.file.clone(),
            format: wb.format,
            notes: wb.notes.clone(),
            sheets,
        });
    }
    (files, errors)
}

#[cfg(test)]
mod tests;
