//! `goldthread inspect`: how each sheet is read, and a mapping profile to fix it.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use goldthread::layout::profile::{write_profile, InspectedSheet};
use goldthread::layout::{Field, SheetKind, Table};
use goldthread::normalise::{inspect_paths, FileInspection, SheetInspection};
use goldthread::output;
use goldthread::schema::column_letters;

use super::{error, InputArgs, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};

/// Shows, for each sheet of each return: its kind (risk register, performance return, or why it
/// was skipped), the header rows, each column's field and confidence, the directorate, service
/// and year it was given, and how its cells were accounted for.
#[derive(Args, Debug)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Save what was found as a mapping profile to edit and pass back with --profile.
    #[arg(long, value_name = "FILE.toml")]
    pub write_profile: Option<PathBuf>,
    /// Print what was found as JSON to standard output: each file, sheet and table, and each
    /// column's field, confidence and reason.
    #[arg(long)]
    pub json: bool,
}

/// What `inspect` found, as JSON: rows 1-based, columns as letters.
fn inspection_json(files: &[FileInspection]) -> serde_json::Value {
    let sheets = |f: &FileInspection| -> Vec<serde_json::Value> {
        f.sheets
            .iter()
            .map(|s| {
                let tables: Vec<serde_json::Value> = s
                    .layout
                    .tables
                    .iter()
                    .map(|t| {
                        let columns: Vec<serde_json::Value> = t
                            .columns
                            .iter()
                            .map(|c| {
                                serde_json::json!({
                                    "column": column_letters(c.col),
                                    "header": c.header,
                                    "field": c.field.as_ref().map(Field::name),
                                    "confidence": c.confidence,
                                    "reason": c.reason,
                                })
                            })
                            .collect();
                        serde_json::json!({
                            "kind": kind_name(Some(t.kind)),
                            "header_rows": t.header_rows.iter().map(|r| r + 1).collect::<Vec<_>>(),
                            "columns": columns,
                            "notes": t.demoted,
                        })
                    })
                    .collect();
                serde_json::json!({
                    "sheet": s.report.sheet,
                    "skipped": s.layout.skipped,
                    "records": s.report.records,
                    "directorate": s.context.directorate,
                    "service": s.context.service,
                    "financial_year": s.layout.financial_year,
                    "title_rows": s.layout.title_rows.iter().map(|(r, t)| serde_json::json!({"row": r + 1, "text": t})).collect::<Vec<_>>(),
                    "tables": tables,
                    "cells": s.report.cells,
                })
            })
            .collect()
    };
    serde_json::Value::Array(
        files
            .iter()
            .map(|f| {
                serde_json::json!({
                    "file": f.file,
                    "format": f.format.to_string(),
                    "notes": f.notes,
                    "sheets": sheets(f),
                })
            })
            .collect(),
    )
}

fn kind_name(k: Option<SheetKind>) -> Option<&'static str> {
    k.map(|k| match k {
        SheetKind::RiskRegister => "risk_register",
        SheetKind::PerformanceReturn => "performance_return",
        SheetKind::DeliveryPlan => "delivery_plan",
    })
}

pub fn run(args: &InspectArgs) -> i32 {
    let opts = match args.input.options() {
        Ok(o) => o,
        Err(e) => {
            error(&e);
            return EXIT_USAGE;
        }
    };
    let (files, errors) = inspect_paths(&args.input.inputs, &opts);
    // With --json, what is found is printed once, as JSON; otherwise as text.
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&inspection_json(&files)).unwrap_or_default()
        );
    } else {
        print!("{}", inspection_text(&files));
    }
    for e in &errors {
        error(&e.to_string());
    }
    if let Some(path) = &args.write_profile {
        if let Err(code) = args
            .input
            .guard(&super::Plan::writing(vec![(path.as_path(), &["toml"])]))
        {
            return code;
        }
        let profile = write_profile(&profile_sheets(&files));
        if let Err(e) = output::write_atomic(path, profile.as_bytes()) {
            error(&e.to_string());
            return EXIT_USAGE;
        }
        eprintln!("goldthread: wrote profile {}", path.display());
    }
    if files.is_empty() && errors.is_empty() {
        error("no returns were found in the inputs.");
        return EXIT_USAGE;
    }
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    }
}

/// The year a sheet was read for, as `2024/25`.
fn year_of(s: &SheetInspection) -> Option<String> {
    s.layout
        .financial_year
        .map(|y| format!("{y}/{:02}", (y + 1) % 100))
}

/// What was found, as a mapping profile's sheets: a skipped sheet, or each of a sheet's tables.
fn profile_sheets(files: &[FileInspection]) -> Vec<InspectedSheet<'_>> {
    let mut sheets = Vec::new();
    for f in files {
        for s in &f.sheets {
            let sheet = &s.report.sheet;
            if s.layout.skipped.is_some() {
                sheets.push(InspectedSheet {
                    file: &f.file,
                    sheet,
                    kind: None,
                    header_rows: Vec::new(),
                    financial_year: None,
                    columns: &[],
                });
                continue;
            }
            for table in &s.layout.tables {
                sheets.push(InspectedSheet {
                    file: &f.file,
                    sheet,
                    kind: kind_name(Some(table.kind)),
                    header_rows: table.header_rows.clone(),
                    financial_year: year_of(s),
                    columns: &table.columns,
                });
            }
        }
    }
    sheets
}

/// What was found, as text: each file, its sheets, their tables and each column's field.
fn inspection_text(files: &[FileInspection]) -> String {
    let mut out = String::new();
    for f in files {
        let _ = writeln!(out, "{} ({})", f.file, f.format);
        for n in &f.notes {
            let _ = writeln!(out, "  note: {n}");
        }
        for s in &f.sheets {
            sheet_text(s, &mut out);
        }
    }
    out
}

fn sheet_text(s: &SheetInspection, out: &mut String) {
    let sheet = &s.report.sheet;
    if let Some(reason) = &s.layout.skipped {
        let _ = writeln!(out, "  sheet '{sheet}': skipped ({reason})");
        return;
    }
    let ctx = &s.context;
    let _ = writeln!(
        out,
        "  sheet '{sheet}': {}, {} record(s); directorate {}, service {}, year {}",
        kind_name(s.report.kind).unwrap_or("?").replace('_', " "),
        s.report.records,
        ctx.directorate.as_deref().unwrap_or("-"),
        ctx.service.as_deref().unwrap_or("-"),
        year_of(s).as_deref().unwrap_or("-"),
    );
    for (r, t) in &s.layout.title_rows {
        let _ = writeln!(out, "    title row {}: {}", r + 1, t);
    }
    for (n, table) in s.layout.tables.iter().enumerate() {
        table_text(n, table, out);
    }
    let c = &s.report.cells;
    let reasons: Vec<String> = c.skipped.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let _ = writeln!(
        out,
        "    cells: {} read, {} mapped, {} extra, skipped: {}",
        c.read,
        c.mapped,
        c.extra,
        if reasons.is_empty() {
            "none".into()
        } else {
            reasons.join(", ")
        }
    );
}

fn table_text(n: usize, table: &Table, out: &mut String) {
    let rows: Vec<String> = table
        .header_rows
        .iter()
        .map(|r| (r + 1).to_string())
        .collect();
    let _ = writeln!(
        out,
        "    table {}: header row(s) {}",
        n + 1,
        rows.join(", ")
    );
    for c in &table.columns {
        let field = match &c.field {
            Some(f) => f.name(),
            None => "(kept as extra)".into(),
        };
        // Why: the header, the values (content), or both.
        let why = match (&c.reason, &c.field) {
            (Some(r), _) => r.as_str(),
            (None, Some(_)) => "header",
            (None, None) => "no field named by the header",
        };
        let _ = writeln!(
            out,
            "      {:<4}{:<40} -> {:<28} {:.2}  {why}",
            column_letters(c.col),
            truncate(&c.header, 38),
            field,
            c.confidence,
        );
    }
    let sections: Vec<String> = table
        .rows
        .iter()
        .filter_map(|(_, r)| match r {
            goldthread::layout::RowRole::Section(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    if !sections.is_empty() {
        let _ = writeln!(out, "      section rows: {}", sections.join(", "));
    }
    for note in &table.demoted {
        let _ = writeln!(out, "      note: {note}");
    }
}

fn truncate(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    } else {
        s
    }
}
