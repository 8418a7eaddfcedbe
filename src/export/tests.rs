//! Tests of the export tables and targets, on the samples.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::config::Config;
use crate::normalise::Options;

fn samples() -> Document {
    let opts = Options {
        config: Config::load(Path::new("samples/goldthread.toml")).unwrap(),
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    let inputs = [PathBuf::from("samples")];
    crate::normalise_and_check(&inputs, &opts).unwrap()
}

fn q2() -> Period {
    crate::values::quarter(2024, 2, 4).unwrap()
}

#[test]
fn row_counts_equal_the_normalised_counts_in_every_target() {
    let doc = samples();
    let dir = tempfile::tempdir().unwrap();
    let expected = BTreeMap::from([
        ("risks", doc.risks.len()),
        ("measures", doc.measures.len()),
        ("observations", doc.observations.len()),
        ("actions", doc.actions.len()),
        ("findings", doc.findings.len()),
        ("sources", doc.files.len()),
    ]);
    for name in ["out.json", "out.sqlite", "csv", "out.zip"] {
        let counts = export(&doc, &q2(), &dir.path().join(name)).unwrap();
        assert_eq!(counts, expected, "{name}");
    }
    for (table, n) in &expected {
        let text =
            std::fs::read_to_string(dir.path().join("csv").join(format!("{table}.csv"))).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(rdr.records().count(), *n, "{table}.csv");
    }
    let conn = rusqlite::Connection::open(dir.path().join("out.sqlite")).unwrap();
    for (table, n) in &expected {
        let got: usize = conn
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(got, *n, "sqlite {table}");
    }
}

#[test]
fn exporting_again_replaces_and_another_quarter_adds_history() {
    let doc = samples();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.db");
    export(&doc, &q2(), &db).unwrap();
    export(&doc, &q2(), &db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> usize { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM risks"), doc.risks.len());
    assert_eq!(count("SELECT COUNT(*) FROM findings"), doc.findings.len());
    assert_eq!(
        count("SELECT COUNT(*) FROM observations"),
        doc.observations.len()
    );
    drop(conn);
    export(&doc, &crate::values::quarter(2024, 3, 4).unwrap(), &db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> usize { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM risks"),
        2 * doc.risks.len(),
        "a second quarter's snapshot"
    );
    assert_eq!(count("SELECT COUNT(DISTINCT period) FROM risks"), 2);
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    assert_eq!(csv_cell(&json!("=SUM(A1)")), "'=SUM(A1)");
    assert_eq!(csv_cell(&json!("@cmd")), "'@cmd");
    assert_eq!(csv_cell(&json!("-2 staff")), "'-2 staff");
    assert_eq!(csv_cell(&json!(-2.5)), "-2.5");
    assert_eq!(csv_cell(&json!("Plain")), "Plain");
}

#[test]
fn zip_holds_csvs_manifest_and_schemas() {
    let doc = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.zip");
    export(&doc, &q2(), &path).unwrap();
    let mut z = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let names: Vec<String> = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(TABLES.len(), 6);
    for t in TABLES {
        assert!(
            names.contains(&format!("{t}.csv"))
                && names.contains(&format!("schema/{t}.schema.json")),
            "{t}"
        );
    }
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut z.by_name("manifest.json").unwrap(), &mut manifest).unwrap();
    let m: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(m["row_counts"]["risks"], doc.risks.len());
    let sha = m["inputs"][0]["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert!(Target::of(Path::new("x.txt")).is_err());
}

#[test]
fn nested_fields_flatten_with_underscores() {
    let doc = samples();
    let t = &tables(&doc, &q2())[0];
    let col = |name: &str| t.columns.iter().position(|(c, _)| *c == name).unwrap();
    let row = &t.rows[0];
    assert_eq!(row[col("current_score")], json!(16.0));
    assert_eq!(
        row[col("source_file")],
        json!("samples/adults_risk_register.xlsx")
    );
    assert_eq!(row[col("period")], json!("2024-25 Q2"));
}

#[test]
fn actions_export_linked_ids_as_json_text_and_their_update_period() {
    let doc = samples();
    let t = tables(&doc, &q2())
        .into_iter()
        .find(|t| t.name == "actions")
        .unwrap();
    let col = |name: &str| t.columns.iter().position(|(c, _)| *c == name).unwrap();
    let row = t
        .rows
        .iter()
        .find(|r| r[col("id")] == json!("HP-02"))
        .expect("HP-02 exported");
    assert_eq!(row[col("measures")], json!("[\"ASC01\",\"ASC02\"]"));
    assert_eq!(row[col("risks")], Value::Null, "no linked risks: null");
    assert_eq!(row[col("status")], json!("on_track"));
    assert_eq!(row[col("percent_complete")], json!(60.0));
    assert_eq!(row[col("due")], json!("2025-01-31"));
    assert_eq!(row[col("period")], json!("2024-25 Q2"));
    assert_eq!(row[col("source_row")], json!(8));
    assert_eq!(t.rows.len(), doc.actions.len());
}

#[test]
fn a_measures_own_tolerance_is_exported_in_its_extra() {
    let mut doc = Document::default();
    doc.measures.push(crate::schema::Measure {
        id: "T1".into(),
        tolerance: Some(10.0),
        ..Default::default()
    });
    let tables = tables(&doc, &q2());
    let measures = tables.iter().find(|t| t.name == "measures").unwrap();
    let extra = measures
        .columns
        .iter()
        .position(|(c, _)| *c == "extra")
        .unwrap();
    let text = measures.rows[0][extra].as_str().unwrap();
    let parsed: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(parsed["tolerance"], "10");
}

#[test]
fn an_unknown_extension_is_refused_with_the_targets() {
    let e = Target::of(Path::new("out/x.txt")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--output 'out/x.txt': '.txt' is not an export target; use .json, .sqlite / .db, .zip or a folder name"
    );
}

#[test]
fn a_database_that_is_not_sqlite_keeps_sqlite_s_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.sqlite");
    std::fs::write(&db, vec![b'x'; 4096]).unwrap();
    let tables = tables(&Document::default(), &q2());
    let e = sqlite::write(&db, &tables).unwrap_err();
    assert!(matches!(e, Error::Sqlite(_)), "{e:?}");
    let source = std::error::Error::source(&e).expect("a source");
    let sqlite = source
        .downcast_ref::<rusqlite::Error>()
        .expect("the rusqlite error");
    assert_eq!(e.to_string(), sqlite.to_string());
    // The file that was there is left as it was.
    assert_eq!(std::fs::read(&db).unwrap(), vec![b'x'; 4096]);
}

#[test]
fn a_table_goldthread_did_not_make_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("theirs.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE risks (id TEXT)")
        .unwrap();
    let e = sqlite::write(&db, &tables(&Document::default(), &q2())).unwrap_err();
    assert!(
        matches!(&e, Error::ForeignTable(t) if t == "risks"),
        "{e:?}"
    );
    assert!(e
        .to_string()
        .starts_with("the database already has a table 'risks' that goldthread did not make"));
}
