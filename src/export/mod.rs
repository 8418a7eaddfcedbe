//! Export for migration: the normalised data as tables (risks, measures, observations,
//! actions, findings, sources) written to JSON, SQLite, a folder of CSVs, or a zip with a manifest and
//! JSON Schemas, for a database or a new performance system.

mod sqlite;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::output::{self, OutputError};
use crate::schema::Document;
use crate::schema::Period;

/// A column's type in every target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Real,
    Integer,
    Boolean,
    /// ISO date text.
    Date,
}

/// One table of the export.
#[derive(Clone, Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<(&'static str, ColumnType)>,
    /// Columns that identify a row across exports (SQLite replaces on them).
    pub key: &'static [&'static str],
    pub rows: Vec<Vec<Value>>,
}

use ColumnType::*;

const RISK_COLUMNS: &[(&str, ColumnType)] = &[
    ("period", Text),
    ("directorate", Text),
    ("id", Text),
    ("service", Text),
    ("title", Text),
    ("description", Text),
    ("owner", Text),
    ("theme", Text),
    ("priority", Text),
    ("category", Text),
    ("register", Text),
    ("inherent_likelihood", Real),
    ("inherent_impact", Real),
    ("inherent_score", Real),
    ("current_likelihood", Real),
    ("current_impact", Real),
    ("current_score", Real),
    ("target_likelihood", Real),
    ("target_impact", Real),
    ("target_score", Real),
    ("rating", Text),
    ("rating_source", Text),
    ("scale_likelihood", Real),
    ("scale_impact", Real),
    ("controls", Text),
    ("mitigations", Text),
    ("last_reviewed", Date),
    ("next_review", Date),
    ("trend", Text),
    ("status", Text),
    ("date_identified", Date),
    ("escalate", Boolean),
    ("action_owner", Text),
    ("action_due", Date),
    ("reported_rating", Text),
    ("reported_colour", Text),
    ("source_file", Text),
    ("source_sheet", Text),
    ("source_row", Integer),
    ("extra", Text),
];

const MEASURE_COLUMNS: &[(&str, ColumnType)] = &[
    ("directorate", Text),
    ("id", Text),
    ("service", Text),
    ("title", Text),
    ("kind", Text),
    ("unit", Text),
    ("polarity", Text),
    ("frequency", Text),
    ("theme", Text),
    ("priority", Text),
    ("owner", Text),
    ("data_collector", Text),
    ("benchmark", Text),
    ("source_file", Text),
    ("source_sheet", Text),
    ("source_row", Integer),
    ("extra", Text),
];

const OBSERVATION_COLUMNS: &[(&str, ColumnType)] = &[
    ("directorate", Text),
    ("measure_id", Text),
    ("service", Text),
    ("period", Text),
    ("period_start", Date),
    ("period_end", Date),
    ("actual", Real),
    ("target", Real),
    ("rag", Text),
    ("rag_source", Text),
    ("direction", Text),
    ("direction_source", Text),
    ("commentary", Text),
    ("dimensions", Text),
    ("source_file", Text),
    ("source_sheet", Text),
    ("source_row", Integer),
    ("source_cell", Text),
    ("extra", Text),
];

const ACTION_COLUMNS: &[(&str, ColumnType)] = &[
    ("period", Text),
    ("directorate", Text),
    ("id", Text),
    ("service", Text),
    ("title", Text),
    ("theme", Text),
    ("priority", Text),
    ("owner", Text),
    ("start", Date),
    ("due", Date),
    ("status", Text),
    ("status_reported", Text),
    ("percent_complete", Real),
    ("rag", Text),
    ("commentary", Text),
    ("measures", Text),
    ("risks", Text),
    ("source_file", Text),
    ("source_sheet", Text),
    ("source_row", Integer),
    ("extra", Text),
];

const FINDING_COLUMNS: &[(&str, ColumnType)] = &[
    ("period", Text),
    ("severity", Text),
    ("principle", Text),
    ("rule", Text),
    ("message", Text),
    ("directorate", Text),
    ("file", Text),
    ("sheet", Text),
    ("row", Integer),
    ("cell", Text),
    ("record_id", Text),
    ("field", Text),
];

const SOURCE_COLUMNS: &[(&str, ColumnType)] = &[
    ("period", Text),
    ("file", Text),
    ("format", Text),
    ("status", Text),
    ("error", Text),
    ("sheets", Integer),
    ("records", Integer),
    ("sha256", Text),
];

/// `{"current": {"score": 9}}` as `current_score = 9`; maps of text (extra, an observation's
/// dimensions) as JSON text.
fn flatten(value: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    if let Value::Object(obj) = value {
        for (k, v) in obj {
            match v {
                Value::Object(inner) if !matches!(k.as_str(), "extra" | "cells" | "dimensions") => {
                    for (ik, iv) in inner {
                        out.insert(format!("{k}_{ik}"), iv.clone());
                    }
                }
                Value::Object(inner) => {
                    if !inner.is_empty() {
                        out.insert(k.clone(), Value::String(v.to_string()));
                    }
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    out
}

fn table<T: serde::Serialize>(
    name: &'static str,
    columns: &[(&'static str, ColumnType)],
    key: &'static [&'static str],
    records: &[T],
    add: impl Fn(&T, &mut Map<String, Value>),
) -> Table {
    let rows = records
        .iter()
        .map(|r| {
            let mut flat = flatten(&serde_json::to_value(r).unwrap_or(Value::Null));
            add(r, &mut flat);
            columns
                .iter()
                .map(|(c, _)| flat.get(*c).cloned().unwrap_or(Value::Null))
                .collect()
        })
        .collect();
    Table {
        name,
        columns: columns.to_vec(),
        key,
        rows,
    }
}

/// SHA-256 of a file, hex; None when it cannot be read.
pub fn sha256_file(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|bytes| sha256_hex(&bytes))
}

/// SHA-256 of bytes, hex.
pub use crate::read::sha256_hex;

/// The six tables of a document, for a period (risks and findings are stamped with it so that
/// exports quarter after quarter build the history).
pub fn tables(doc: &Document, period: &Period) -> Vec<Table> {
    let p = Value::String(period.label.clone());
    let mut dir_of: BTreeMap<(&str, &str), Option<&str>> = BTreeMap::new();
    for m in &doc.measures {
        dir_of.insert((&m.source.file, &m.id), m.directorate.as_deref());
    }
    let mut service_of: BTreeMap<(&str, &str), Option<&str>> = BTreeMap::new();
    for m in &doc.measures {
        service_of.insert((&m.source.file, &m.id), m.service.as_deref());
    }
    let risks = table(
        "risks",
        RISK_COLUMNS,
        &["directorate", "id", "period", "source_file"],
        &doc.risks,
        |_, f| {
            f.insert("period".into(), p.clone());
        },
    );
    let measures = table(
        "measures",
        MEASURE_COLUMNS,
        &["directorate", "id", "service", "source_file"],
        &doc.measures,
        |m, f| {
            // The tables' columns stay as databases already made have them: a measure's own
            // tolerance travels in its extra.
            if let Some(t) = m.tolerance {
                let mut extra = m.extra.clone();
                extra.insert("tolerance".into(), crate::read::format_number(t));
                f.insert("extra".into(), Value::String(json!(extra).to_string()));
            }
        },
    );
    let observations = table(
        "observations",
        OBSERVATION_COLUMNS,
        &[
            "directorate",
            "measure_id",
            "service",
            "period",
            "source_file",
        ],
        &doc.observations,
        |o, f| {
            let k = (o.source.file.as_str(), o.measure_id.as_str());
            f.insert(
                "directorate".into(),
                json!(dir_of.get(&k).copied().flatten()),
            );
            f.insert(
                "service".into(),
                json!(service_of.get(&k).copied().flatten()),
            );
        },
    );
    let actions = table(
        "actions",
        ACTION_COLUMNS,
        &["directorate", "id", "period", "source_file"],
        &doc.actions,
        |a, f| {
            // The update's own period where the tracker names one, else the export's.
            let period = a.period.clone().map_or(p.clone(), Value::String);
            f.insert("period".into(), period);
            // Linked ids as JSON text, as an observation's dimensions are.
            for (k, ids) in [("measures", &a.measures), ("risks", &a.risks)] {
                let v = (!ids.is_empty()).then(|| json!(ids).to_string());
                f.insert(k.into(), json!(v));
            }
        },
    );
    let findings = table("findings", FINDING_COLUMNS, &[], &doc.findings, |_, f| {
        f.insert("period".into(), p.clone());
    });
    let source_rows: Vec<Value> = doc
        .files
        .iter()
        .map(|f| {
            json!({
                "period": period.label,
                "file": f.file,
                "format": f.format,
                "status": f.status,
                "error": f.error,
                "sheets": f.sheets.len(),
                "records": f.sheets.iter().map(|s| s.records).sum::<usize>(),
                "sha256": f.sha256,
            })
        })
        .collect();
    let sources_table = table(
        "sources",
        SOURCE_COLUMNS,
        &["file", "period"],
        &source_rows,
        |_, _| {},
    );
    vec![
        risks,
        measures,
        observations,
        actions,
        findings,
        sources_table,
    ]
}

/// The export target, from the output's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Json,
    Sqlite,
    Csv,
    Zip,
}

/// An export that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output's extension names no export target.
    #[error("--output '{}': '.{extension}' is not an export target; use .json, .sqlite / .db, .zip or a folder name", path.display())]
    NotATarget {
        /// The output as given.
        path: PathBuf,
        /// Its extension, as written.
        extension: String,
    },
    /// The database's folder cannot be made.
    #[error("{0}")]
    Folder(#[source] std::io::Error),
    /// The existing database cannot be copied to be changed beside it.
    #[error("cannot copy the database: {0}")]
    CopyDatabase(#[source] std::io::Error),
    /// The database cannot be opened.
    #[error("cannot open the database: {0}")]
    OpenDatabase(#[source] rusqlite::Error),
    /// SQLite refused a statement (a full disk, a damaged or locked database).
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database has a table of the same name that goldthread did not make.
    #[error("the database already has a table '{0}' that goldthread did not make (its columns or keys differ), and exporting into it could replace its rows; export into a new database file")]
    ForeignTable(String),
    /// The finished database cannot be put in place.
    #[error("{0}")]
    Output(#[source] OutputError),
    /// A table cannot be written as CSV.
    #[error("{0}")]
    Csv(#[from] csv::Error),
}

impl Target {
    /// `.json`, `.sqlite` / `.db`, `.zip`, anything else a folder.
    ///
    /// # Errors
    /// [`Error::NotATarget`] for any other extension.
    pub fn of(path: &Path) -> Result<Target, Error> {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("json") => Ok(Target::Json),
            Some("sqlite") | Some("db") | Some("sqlite3") => Ok(Target::Sqlite),
            Some("zip") => Ok(Target::Zip),
            None => Ok(Target::Csv),
            Some(e) => Err(Error::NotATarget {
                path: path.to_path_buf(),
                extension: e.to_string(),
            }),
        }
    }
}

/// The tables every export holds, in order.
pub const TABLES: [&str; 6] = [
    "risks",
    "measures",
    "observations",
    "actions",
    "findings",
    "sources",
];

/// The files an export to `target` writes: each table's CSV for a folder, else the target.
pub fn files(target: &Path) -> Vec<PathBuf> {
    match Target::of(target) {
        Ok(Target::Csv) => TABLES
            .iter()
            .map(|t| target.join(format!("{t}.csv")))
            .collect(),
        _ => vec![target.to_path_buf()],
    }
}

/// Whether a spreadsheet opening a CSV would run the text as a formula: it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, or their full-width forms (`＝`, `＋`, `－`, `＠`),
/// which some spreadsheets read as the ASCII ones.
pub fn runs_as_formula(text: &str) -> bool {
    text.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

/// Text of a value in a CSV cell; cells a spreadsheet would run as a formula are neutralised
/// with a leading apostrophe.
pub(crate) fn csv_cell(v: &Value) -> String {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    };
    if matches!(v, Value::Number(_)) {
        text
    } else {
        neutralised(text)
    }
}

/// Text for a CSV cell: with a leading apostrophe when a spreadsheet would run it as a formula
/// ([`runs_as_formula`]), as it stands otherwise.
pub fn neutralised(text: String) -> String {
    if runs_as_formula(&text) {
        format!("'{text}")
    } else {
        text
    }
}

fn csv_bytes(t: &Table) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|(c, _)| *c))?;
    for row in &t.rows {
        w.write_record(row.iter().map(csv_cell))?;
    }
    Ok(w.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?)
}

/// A JSON Schema (draft 2020-12) of a table's rows.
pub fn json_schema(t: &Table) -> Value {
    let props: Map<String, Value> = t
        .columns
        .iter()
        .map(|(c, ty)| {
            let s = match ty {
                Text => json!({"type": ["string", "null"]}),
                Real => json!({"type": ["number", "null"]}),
                Integer => json!({"type": ["integer", "null"]}),
                Boolean => json!({"type": ["boolean", "null"]}),
                Date => json!({"type": ["string", "null"], "format": "date"}),
            };
            (c.to_string(), s)
        })
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": t.name,
        "type": "object",
        "properties": props,
        "required": t.columns.iter().map(|(c, _)| c).collect::<Vec<_>>(),
        "additionalProperties": false,
    })
}

/// Row counts per table.
pub fn row_counts(tables: &[Table]) -> BTreeMap<&'static str, usize> {
    tables.iter().map(|t| (t.name, t.rows.len())).collect()
}

fn enc(path: &Path, e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> OutputError {
    OutputError::encode(path, e)
}

/// Writes the export; the checksums are those of the bytes each file's read took.
///
/// # Errors
/// When the target cannot be written.
pub fn export(
    doc: &Document,
    period: &Period,
    target: &Path,
) -> Result<BTreeMap<&'static str, usize>, OutputError> {
    let kind = Target::of(target).map_err(|m| enc(target, m))?;
    let tables = tables(doc, period);
    let counts = row_counts(&tables);
    match kind {
        Target::Json => output::write_json(target, doc)?,
        Target::Sqlite => sqlite::write(target, &tables).map_err(|e| enc(target, e))?,
        Target::Csv => {
            // Every table written before any replaces the last export's: a full disk leaves
            // the old folder as it was, not half of each.
            let mut staged = output::Staged::new();
            for t in &tables {
                let bytes = csv_bytes(t).map_err(|e| enc(target, e))?;
                staged.write(&target.join(format!("{}.csv", t.name)), &bytes)?;
            }
            staged.commit()?;
        }
        Target::Zip => {
            let mut buf = std::io::Cursor::new(Vec::new());
            {
                let mut z = zip::ZipWriter::new(&mut buf);
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .last_modified_time(zip::DateTime::default());
                for t in &tables {
                    z.start_file(format!("{}.csv", t.name), opts)
                        .map_err(|e| enc(target, e))?;
                    z.write_all(&csv_bytes(t).map_err(|e| enc(target, e))?)
                        .map_err(|e| enc(target, e))?;
                    z.start_file(format!("schema/{}.schema.json", t.name), opts)
                        .map_err(|e| enc(target, e))?;
                    let schema =
                        serde_json::to_vec_pretty(&json_schema(t)).map_err(|e| enc(target, e))?;
                    z.write_all(&schema).map_err(|e| enc(target, e))?;
                }
                let manifest = json!({
                    "tool": "goldthread",
                    "version": env!("CARGO_PKG_VERSION"),
                    "period": period.label,
                    "as_of": doc.as_of,
                    "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "inputs": doc.files.iter().map(|f| json!({
                        "file": f.file,
                        "status": f.status,
                        "sha256": f.sha256,
                    })).collect::<Vec<_>>(),
                    "row_counts": counts,
                    "tables": tables.iter().map(|t| json!({
                        "name": t.name,
                        "file": format!("{}.csv", t.name),
                        "schema": format!("schema/{}.schema.json", t.name),
                        "key": t.key,
                    })).collect::<Vec<_>>(),
                });
                z.start_file("manifest.json", opts)
                    .map_err(|e| enc(target, e))?;
                z.write_all(&serde_json::to_vec_pretty(&manifest).map_err(|e| enc(target, e))?)
                    .map_err(|e| enc(target, e))?;
                z.finish().map_err(|e| enc(target, e))?;
            }
            output::write_atomic(target, buf.get_ref())?;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests;
