//! SQLite export (rusqlite with its bundled SQLite: nothing to install): tables with keys and
//! indexes; the same inputs exported again replace their rows, and quarter after quarter build
//! the history.

use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde_json::Value;

use super::{ColumnType, Error, Table};

fn sql_type(t: ColumnType) -> &'static str {
    match t {
        ColumnType::Text | ColumnType::Date => "TEXT",
        ColumnType::Real => "REAL",
        ColumnType::Integer | ColumnType::Boolean => "INTEGER",
    }
}

fn to_sql(v: &Value, key: bool) -> Sql {
    match v {
        // Key columns hold '' for "none", as SQLite's unique keys treat NULLs as all different.
        Value::Null if key => Sql::Text(String::new()),
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// Index columns per table, for the queries the README shows.
const INDEXES: &[(&str, &[&str])] = &[
    ("risks", &["directorate", "current_score"]),
    ("risks", &["period"]),
    ("observations", &["measure_id", "period_start"]),
    ("observations", &["period"]),
    ("findings", &["rule"]),
    ("findings", &["file"]),
];

/// Writes the tables into a database, creating it or adding to it.
///
/// # Errors
/// An [`Error`] when the folder cannot be made, the database cannot be copied, opened or
/// written, or holds a table of one of these names that goldthread did not make.
pub fn write(path: &Path, tables: &[Table]) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(Error::Folder)?;
    }
    // The database is changed in a copy beside it, renamed over it once complete: a full disk
    // or an interruption leaves the old database (or none), never an empty or half one.
    let mut staged = crate::output::Staged::new();
    let tmp = staged.path_for(path);
    let filled = (|| {
        if path.exists() {
            std::fs::copy(path, &tmp).map_err(Error::CopyDatabase)?;
        }
        let mut conn = Connection::open(&tmp).map_err(Error::OpenDatabase)?;
        fill(&mut conn, tables)?;
        conn.close().map_err(|(_, e)| Error::Sqlite(e))
    })();
    if filled.is_err() {
        let mut journal = tmp.into_os_string();
        journal.push("-journal");
        let _ = std::fs::remove_file(journal);
    }
    filled?;
    staged.commit().map_err(Error::Output)
}

/// The SQL that makes a table, as SQLite keeps it in `sqlite_master`.
fn create_sql(t: &Table) -> String {
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|(c, ty)| format!("\"{c}\" {}", sql_type(*ty)))
        .collect();
    let unique = if t.key.is_empty() {
        String::new()
    } else {
        format!(", UNIQUE ({})", t.key.join(", "))
    };
    format!("CREATE TABLE {} ({}{unique})", t.name, cols.join(", "))
}

fn fill(conn: &mut Connection, tables: &[Table]) -> Result<(), Error> {
    let tx = conn.transaction()?;
    for t in tables {
        let create = create_sql(t);
        let existing: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1 COLLATE NOCASE",
                [t.name],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            // Rows are replaced on the table's key: only in a table made as goldthread makes it,
            // so no one else's rows are replaced on a key of theirs.
            Some(sql) if sql != create => return Err(Error::ForeignTable(t.name.to_string())),
            Some(_) => {}
            None => tx.execute_batch(&create)?,
        }
        for (table, columns) in INDEXES.iter().filter(|(n, _)| *n == t.name) {
            tx.execute_batch(&format!(
                "CREATE INDEX IF NOT EXISTS idx_{table}_{} ON {table} ({});",
                columns.join("_"),
                columns.join(", ")
            ))?;
        }
        if t.key.is_empty() {
            // Findings have no natural key: a period's findings for these files are replaced.
            let sources = tables.iter().find(|x| x.name == "sources");
            let files: Vec<&Value> = sources
                .map(|s| s.rows.iter().filter_map(|r| r.get(1)).collect())
                .unwrap_or_default();
            let period = sources
                .and_then(|s| s.rows.first())
                .and_then(|r| r.first())
                .cloned()
                .unwrap_or(Value::Null);
            for f in files {
                tx.execute(
                    &format!("DELETE FROM {} WHERE period IS ?1 AND file IS ?2", t.name),
                    [to_sql(&period, false), to_sql(f, false)],
                )?;
            }
        }
        let names: Vec<String> = t.columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
        let marks: Vec<String> = (1..=t.columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT OR REPLACE INTO {} ({}) VALUES ({})",
            t.name,
            names.join(", "),
            marks.join(", ")
        );
        let mut stmt = tx.prepare(&sql)?;
        for row in &t.rows {
            let values = row
                .iter()
                .zip(&t.columns)
                .map(|(v, (c, _))| to_sql(v, t.key.contains(c)));
            stmt.execute(params_from_iter(values))?;
        }
    }
    Ok(tx.commit()?)
}
