//! goldthread reads English councils' performance scorecards and risk registers as services
//! really send them, normalises them into one contract (FRAMEWORK.md), and keeps every value
//! traceable to its cell.
//!
//! The pipeline runs one way, each stage looking only downward:
//!
//! ```text
//! read -> layout -> normalise -> check -> consolidate -> write | export | publish | serve
//! ```
//!
//! - [`read`]: files, sheets, cells, styles, merged regions; bounded whatever a file claims.
//! - [`layout`]: tables, header rows, and each column's field, from its header and its values.
//! - [`normalise`]: rows into the contract's records ([`schema`]), every value with its cell;
//!   the measures catalogue joined.
//! - [`check`]: the data-quality rules of the five principles, as findings.
//! - [`consolidate`]: directorates into the corporate registers and performance picture.
//! - [`write`](mod@write) (committee workbooks, annotated copies), [`template`] (return templates),
//!   [`export`] (JSON, SQLite, CSV), [`publish`] (the public web page) and [`serve`] (checking
//!   and submitting returns over HTTP, and the Excel add-in).
//!
//! Beside them, used by every stage: [`schema`] (the contract's types and domain rules),
//! [`domain`] (the vocabulary: the words and colours of bands, RAG statuses and the other
//! values, and the named thresholds of matching), [`values`] (reading one value: numbers,
//! dates, periods, ratings), [`config`] (the framework configuration) and [`output`] (atomic,
//! staged outputs that never replace an input). The crate root runs the stages in order
//! ([`normalise_and_check`], [`consolidation_of`]).

pub mod check;
pub mod config;
pub mod consolidate;
pub mod domain;
pub mod export;
pub mod layout;
pub mod normalise;
pub mod output;
pub mod publish;
pub mod read;
pub mod schema;
pub mod serve;
pub mod template;
pub mod values;
pub mod write;

pub use config::Config;
pub use normalise::{normalise_paths, Document, Options};

/// Reads, normalises and checks the returns: the document every command starts from.
///
/// # Errors
/// When the configuration's `[checks]` section is not valid.
pub fn normalise_and_check(
    inputs: &[std::path::PathBuf],
    opts: &Options,
) -> Result<Document, String> {
    normalise_and_check_with_progress(inputs, opts, &|_, _| {})
}

/// As [`normalise_and_check`], calling `progress(done, total)` as each file is read.
///
/// # Errors
/// When the configuration's `[checks]` section is not valid.
pub fn normalise_and_check_with_progress(
    inputs: &[std::path::PathBuf],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Document, String> {
    let settings = check::Settings::from_config(&opts.config)?;
    let doc = normalise::normalise_paths_with_progress(inputs, opts, progress);
    Ok(checked(doc, opts, &settings))
}

/// As [`normalise_and_check`], for files already found, each read under the name it is
/// given ([`normalise::normalise_files`]).
///
/// # Errors
/// When the configuration's `[checks]` section is not valid.
pub fn normalise_and_check_files(
    files: Vec<read::InputFile>,
    opts: &Options,
) -> Result<Document, String> {
    let settings = check::Settings::from_config(&opts.config)?;
    let doc = normalise::normalise_files(files, opts);
    Ok(checked(doc, opts, &settings))
}

/// The document checked as of `--as-of` (default: today).
fn checked(mut doc: Document, opts: &Options, settings: &check::Settings) -> Document {
    let as_of = opts
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    check::run(&mut doc, &opts.config, settings, as_of);
    doc.as_of = Some(as_of);
    doc
}

/// One side of a comparison (or a page to publish): a consolidation JSON, a normalised JSON,
/// or returns to read, consolidated for their latest quarter.
///
/// # Errors
/// A JSON that is neither, or returns that cannot be checked.
pub fn consolidation_of(
    path: &std::path::Path,
    opts: &Options,
) -> Result<consolidate::Consolidation, String> {
    let as_of = opts
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let doc = if is_json {
        match consolidate::read_json(path)? {
            consolidate::Written::Consolidation(c) => return Ok(*c),
            consolidate::Written::Document(d) => *d,
        }
    } else {
        normalise_and_check(&[path.to_path_buf()], opts)?
    };
    Ok(consolidate::consolidate_latest(doc, &opts.config, as_of))
}

/// As [`normalise_and_check_with_progress`], moving risks to temporary files as they are read
/// so that memory stays bounded however long the registers are; for writing the document out.
///
/// # Errors
/// When the configuration's `[checks]` section is not valid, or a temporary file cannot be read
/// back.
pub fn normalise_and_check_spilled(
    inputs: &[std::path::PathBuf],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<normalise::SpilledDocument, String> {
    let settings = check::Settings::from_config(&opts.config)?;
    let mut spilled = normalise::normalise_paths_spilled(inputs, opts, progress);
    if let Some(e) = &spilled.temp_error {
        return Err(format!(
            "the temporary folder ({}) cannot hold the records read ({e}); free space there, or set TMPDIR to a folder with room, and run again.",
            std::env::temp_dir().display()
        ));
    }
    let as_of = opts
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    check::run_spilled(&mut spilled, &opts.config, &settings, as_of)
        .map_err(|e| format!("the temporary file of records cannot be read back: {e}"))?;
    spilled.doc.as_of = Some(as_of);
    Ok(spilled)
}
