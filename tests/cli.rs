//! CLI tests: run the real binary in a temporary folder and check exit codes, outputs and
//! messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_goldthread"));
    c.env("NO_COLOR", "1");
    c
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run goldthread")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Consolidates the bundled samples into `dir` (`NAME.xlsx` and `NAME.json`) with `extra`
/// arguments; returns the run and, when it wrote one, the consolidation JSON.
fn consolidate_samples(
    dir: &Path,
    name: &str,
    extra: &[&str],
) -> (Output, Option<serde_json::Value>) {
    let json = dir.join(format!("{name}.json"));
    let xlsx = dir.join(format!("{name}.xlsx"));
    let samples = repo("samples");
    let mut args = vec![
        "consolidate",
        samples.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = run(&args, dir);
    let c = std::fs::read_to_string(&json)
        .ok()
        .map(|t| serde_json::from_str(&t).expect("consolidation JSON"));
    (o, c)
}

#[test]
fn help_documents_every_command_and_exit_codes() {
    let o = run(&["--help"], Path::new("."));
    assert!(o.status.success());
    let text = stdout(&o);
    for word in ["normalise", "inspect", "config", "Exit codes"] {
        assert!(text.contains(word), "--help lacks {word}:\n{text}");
    }
    let o = run(&["normalise", "--help"], Path::new("."));
    for word in ["--output", "--config", "--profile", "--financial-year"] {
        assert!(stdout(&o).contains(word), "normalise --help lacks {word}");
    }
}

#[test]
fn normalise_samples_writes_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out/normalised.json");
    let o = run(
        &[
            "normalise",
            repo("samples").to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    for key in [
        "risks",
        "measures",
        "observations",
        "findings",
        "summary",
        "files",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert!(doc["risks"].as_array().unwrap().len() >= 40);
    // The samples' own goldthread.toml was found in the input folder: directorates are matched.
    let dirs: std::collections::BTreeSet<&str> = doc["risks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["directorate"].as_str())
        .collect();
    assert_eq!(dirs.len(), 4, "{dirs:?}");
    let err = stderr(&o);
    assert!(err.contains("read 10 of 10 files"), "{err}");
    assert!(err.contains("cells:"), "{err}");
}

#[test]
fn unreadable_input_gives_exit_1_and_the_rest_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.xlsx"), b"this is not a workbook").unwrap();
    std::fs::copy(
        repo("samples/resources_risk_register.csv"),
        dir.path().join("good.csv"),
    )
    .unwrap();
    let o = run(&["normalise", ".", "-o", "out.json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("broken.xlsx is named .xlsx but holds plain text"),
        "{err}"
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(doc["summary"]["files_failed"], 1);
    assert!(doc["risks"].as_array().unwrap().len() > 5);
    assert_eq!(doc["findings"][0]["rule"], "file-unreadable");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(&["normalise"], dir.path()).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"], dir.path()).status.code(), Some(2));
    std::fs::write(
        dir.path().join("bad.toml"),
        "[calendar]\nfinancial_year_start_month = 13\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "Ref,Risk,Likelihood,Impact\nR1,x,2,2\n",
    )
    .unwrap();
    let o = run(
        &["normalise", "r.csv", "-o", "o.json", "--config", "bad.toml"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("from 1 to 12"), "{}", stderr(&o));
    let o = run(
        &[
            "normalise",
            "r.csv",
            "-o",
            "o.json",
            "--financial-year",
            "next year",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("like 2024/25"));
}

#[test]
fn output_over_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "Ref,Risk,Likelihood,Impact\nR1,x,2,2\n",
    )
    .unwrap();
    let o = run(&["normalise", "r.csv", "-o", "r.csv"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is one of the inputs"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("r.csv")).unwrap(),
        "Ref,Risk,Likelihood,Impact\nR1,x,2,2\n"
    );
}

#[test]
fn config_init_writes_defaults_that_load() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["config", "init"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("goldthread.toml")).unwrap();
    assert!(text.contains("escalation_score = 15.0"));
    assert_eq!(run(&["config", "init"], dir.path()).status.code(), Some(2));
    let o = run(&["config", "check", "goldthread.toml"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn inspect_shows_columns_and_writes_a_profile_that_reproduces_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let sample = repo("samples/adults_risk_register.xlsx");
    let config = repo("samples/goldthread.toml");
    let o = run(
        &[
            "inspect",
            sample.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--write-profile",
            "p.toml",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Current Risk L"), "{text}");
    assert!(text.contains("current.likelihood"), "{text}");
    assert!(text.contains("skipped (hidden sheet)"), "{text}");
    let common = [
        "normalise",
        sample.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ];
    let plain = run(&[&common[..], &["-o", "a.json"]].concat(), dir.path());
    let profiled = run(
        &[&common[..], &["-o", "b.json", "--profile", "p.toml"]].concat(),
        dir.path(),
    );
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(profiled.status.code(), Some(0), "{}", stderr(&profiled));
    let read = |n: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.path().join(n)).unwrap()).unwrap()
    };
    let (a, b) = (read("a.json"), read("b.json"));
    for key in ["risks", "measures", "observations", "findings"] {
        assert!(
            a[key] == b[key],
            "the written profile must reproduce the detected {key}"
        );
    }
    assert!(
        a["summary"]["cells"] == b["summary"]["cells"],
        "{} vs {}",
        a["summary"],
        b["summary"]
    );
}

#[test]
fn output_to_stdout_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "Ref,Risk,Likelihood,Impact\nR1,Flooding,2,3\n",
    )
    .unwrap();
    let o = run(&["normalise", "r.csv", "-o", "-", "--quiet"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["risks"][0]["current"]["score"], 6.0);
}

#[test]
fn check_samples_reports_planted_mistakes_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &[
            "check",
            repo("samples").to_str().unwrap(),
            "--as-of",
            "2024-11-15",
            "--report",
            "dq.json",
        ],
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "errors found: exit 1; stderr {}",
        stderr(&o)
    );
    let out = stdout(&o);
    assert!(out.contains("risk-score-mismatch"), "{out}");
    assert!(out.contains("'Risk Register'!K13"), "{out}");
    assert!(!out.contains("\x1b["), "no colour when piped");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("dq.json")).unwrap()).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(
        rules
            .iter()
            .filter(|r| **r == "risk-score-mismatch")
            .count(),
        3
    );
    assert_eq!(rules.iter().filter(|r| **r == "rag-mismatch").count(), 5);
    assert_eq!(report["as_of"], "2024-11-15");
}

#[test]
fn check_exit_codes_follow_the_worst_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clean.csv"),
        "Ref,Risk,Owner,Likelihood,Impact,Score,Actions,Last Review\nR1,Flooding,Ann,2,3,6,Plan,01/11/2024\n",
    )
    .unwrap();
    let o = run(&["check", "clean.csv", "--as-of", "2024-11-15"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("No findings."));
    std::fs::write(dir.path().join("broken.xlsx"), b"not a workbook").unwrap();
    let o = run(&["check", ".", "--as-of", "2024-11-15"], dir.path());
    assert_eq!(o.status.code(), Some(2), "an unreadable input: exit 2");
    assert!(stderr(&o).contains("broken.xlsx"));
}

#[test]
fn check_writes_csv_and_xlsx_reports_and_annotated_copies() {
    let dir = tempfile::tempdir().unwrap();
    let sample = repo("samples/adults_risk_register.xlsx");
    let before = std::fs::read(&sample).unwrap();
    let args = [
        "check",
        sample.to_str().unwrap(),
        "--as-of",
        "2024-11-15",
        "--summary-only",
    ];
    let o = run(&[&args[..], &["--report", "dq.csv"]].concat(), dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("dq.csv")).unwrap();
    assert!(csv.starts_with("severity,principle,rule,message"));
    assert!(csv.contains("risk-score-mismatch") && csv.contains("K13"));
    let o = run(
        &[
            &args[..],
            &["--report", "dq.xlsx", "--annotate", "annotated"],
        ]
        .concat(),
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(dir.path().join("dq.xlsx").is_file());
    let annotated: Vec<_> = std::fs::read_dir(dir.path().join("annotated"))
        .unwrap()
        .collect();
    assert_eq!(annotated.len(), 1);
    assert_eq!(
        std::fs::read(&sample).unwrap(),
        before,
        "the return itself is never touched"
    );
    let o = run(&[&args[..], &["--report", "dq.txt"]].concat(), dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".xlsx, .json, .csv"));
}

#[test]
fn rules_lists_the_catalogue() {
    let o = run(&["rules"], Path::new("."));
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for id in [
        "risk-score-mismatch",
        "rag-mismatch",
        "directorate-missing",
        "no-theme-link",
    ] {
        assert!(text.contains(id), "{id} missing");
    }
}

#[test]
fn export_to_sqlite_answers_the_readme_queries() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &[
            "export",
            repo("samples").to_str().unwrap(),
            "--as-of",
            "2024-11-15",
            "-o",
            "gt.db",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("exported"), "{}", stderr(&o));
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let sql = readme
        .split("```sql")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("README has an sql block");
    let queries: Vec<&str> = sql
        .split(';')
        .map(str::trim)
        .filter(|q| q.lines().any(|l| !l.trim_start().starts_with("--")))
        .collect();
    assert_eq!(queries.len(), 4);
    let conn = rusqlite::Connection::open(dir.path().join("gt.db")).unwrap();
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        let n = stmt.query_map([], |_| Ok(())).unwrap().count();
        assert!(n > 0, "no rows from: {q}");
    }
    let top: (String, f64) = conn
        .query_row("SELECT id, current_score FROM risks WHERE status = 'open' ORDER BY current_score DESC, directorate, id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(top, ("AH-R09".to_string(), 20.0));
}

#[test]
fn export_target_must_be_known() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &["export", repo("samples").to_str().unwrap(), "-o", "out.txt"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not an export target"));
}

#[test]
fn demo_writes_the_quarter_end_from_the_bundled_samples() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["demo", "--output", "out"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The corporate register is written row by row; a write out of order would be dropped
    // with a message.
    assert!(!stderr(&o).contains("Ignoring"), "{}", stderr(&o));
    for f in [
        "corporate.xlsx",
        "corporate.json",
        "data-quality.xlsx",
        "normalised.json",
    ] {
        assert!(dir.path().join("out").join(f).is_file(), "{f} missing");
        assert!(stdout(&o).contains(f), "the demo says where {f} is");
    }
    // The returns it ran on are exactly the committed samples.
    for entry in walk(&repo("samples")) {
        let rel = entry.strip_prefix(repo("samples")).unwrap();
        if rel.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let copy = dir.path().join("out/returns").join(rel);
        assert_eq!(
            std::fs::read(&copy).ok(),
            std::fs::read(&entry).ok(),
            "{} differs from the sample",
            rel.display()
        );
    }
    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/corporate.json")).unwrap())
            .unwrap();
    assert_eq!(c["period"]["label"], "2024-25 Q2");
    assert_eq!(c["summary"]["heatmap_current"].as_array().unwrap().len(), 5);
    assert!(c["risks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["escalated"] == true && r["escalation_reason"].is_string()));
    let statuses: Vec<&str> = c["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["status"].as_str())
        .collect();
    assert_eq!(statuses, vec!["received"; 4]);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn consolidate_with_previous_reports_movement_and_diff_compares_periods() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo("samples");
    let s = samples.to_str().unwrap();
    let o = run(
        &[
            "consolidate",
            s,
            "--as-of",
            "2024-11-15",
            "-o",
            "q2.xlsx",
            "--json",
            "q2.json",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2024-25 Q2"),
        "the period defaults to the last quarter ended: {}",
        stderr(&o)
    );
    // Next quarter: one register changes a score and loses a risk.
    let next = dir.path().join("next");
    std::fs::create_dir_all(&next).unwrap();
    std::fs::write(
        next.join("resources_risk_register.csv"),
        "Ref;Risk;Owner;Net L;Net I;Net Score;Actions;Last Reviewed\nRES 01;Medium Term Financial Strategy;Director;5;5;25;Plan;01/12/2024\n",
    )
    .unwrap();
    let o = run(
        &[
            "consolidate",
            "next",
            "--as-of",
            "2025-02-15",
            "-o",
            "q3.xlsx",
            "--json",
            "q3.json",
            "--previous",
            "q2.json",
            "--config",
            samples.join("goldthread.toml").to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let q3: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("q3.json")).unwrap()).unwrap();
    assert_eq!(q3["period"]["label"], "2024-25 Q3");
    assert_eq!(q3["movement"]["score_up"][0], "Resources / RES 01");
    assert!(q3["movement"]["closed_risks"].as_array().unwrap().len() > 40);
    let o = run(
        &["diff", "q2.json", "q3.json", "-o", "diff.xlsx"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Changes from 2024-25 Q2 to 2024-25 Q3"),
        "{text}"
    );
    assert!(text.contains("re-scored     Resources / RES 01"), "{text}");
    assert!(dir.path().join("diff.xlsx").is_file());
    let o = run(
        &["consolidate", s, "-o", "x.xlsx", "--previous", "q2.xlsx"],
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a --previous that is not a consolidation JSON"
    );
}

#[test]
fn template_from_the_last_consolidation_lists_the_directorates_measures() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["demo", "-o", "demo"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let config = repo("samples/goldthread.toml");
    let o = run(
        &[
            "template",
            "performance-return",
            "--directorate",
            "Adults",
            "--period",
            "2024-25 Q3",
            "--from",
            "demo/corporate.json",
            "--config",
            config.to_str().unwrap(),
            "-o",
            "adults_q3.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Read back, empty: the template's own layout says what each column is; ten measures, no values.
    let o = run(
        &[
            "inspect",
            "adults_q3.xlsx",
            "--config",
            config.to_str().unwrap(),
        ],
        dir.path(),
    );
    let text = stdout(&o);
    assert!(text.contains("actual@2024-25 Q3"), "{text}");
    assert!(text.contains("10 record(s)"), "{text}");
    let o = run(&["template", "risk-register", "-o", "r.xlsx"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["template", "budget", "-o", "x.xlsx"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("risk-register, performance-return or action-plan"));
}

#[test]
fn the_runs_period_comes_from_the_returns_not_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo("samples");
    // Two years after the samples' quarter: the calendar's last quarter would be 2026-27 Q2.
    let (o, doc) = consolidate_samples(dir.path(), "c", &["--as-of", "2026-12-02"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(
        stderr(&o).contains("period 2024-25 Q2, the latest the returns report"),
        "{}",
        stderr(&o)
    );
    let doc = doc.unwrap();
    assert_eq!(doc["period"]["label"], "2024-25 Q2", "{}", doc["period"]);

    // A period no return reports is said; an impossible one is a usage error.
    let o = run(
        &[
            "consolidate",
            samples.to_str().unwrap(),
            "--period",
            "2025-26 Q1",
            "-q",
            "-o",
            dir.path().join("d.xlsx").to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        stderr(&o)
            .contains("no return reports a value for 2025-26 Q1; the returns report 2024-25 Q2"),
        "{}",
        stderr(&o)
    );
    for bad in ["2024-25 Q5", "Q0 2024/25", "2024-25 H3"] {
        let o = run(
            &[
                "consolidate",
                samples.to_str().unwrap(),
                "--period",
                bad,
                "-o",
                dir.path().join("e.xlsx").to_str().unwrap(),
            ],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("is not a period"), "{}", stderr(&o));
    }
}

#[test]
fn a_reported_rag_the_figures_contradict_is_shown_as_the_figures_give_it() {
    let dir = tempfile::tempdir().unwrap();
    let consolidate = |name: &str, extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["--as-of", "2024-11-15", "-q"];
        args.extend(extra);
        let (o, c) = consolidate_samples(dir.path(), name, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        c.unwrap()
    };
    let reds = |c: &serde_json::Value| {
        c["performance"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["rag"] == "red")
            .count()
    };
    let c = consolidate("computed", &[]);
    let asc06 = c["performance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["measure_id"] == "ASC06")
        .unwrap();
    assert_eq!(
        (&asc06["rag"], &asc06["rag_reported"]),
        (&"amber".into(), &"green".into())
    );
    assert_eq!(reds(&c), 11);
    // The committee workbook says so in a note on the RAG cell.
    let file = std::fs::File::open(dir.path().join("computed.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut notes = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        if part.name().is_ok_and(|n| n.contains("comments")) {
            std::io::Read::read_to_string(&mut part, &mut notes).unwrap();
        }
    }
    assert!(
        notes.contains("Reported Green by the return; actual"),
        "no note of the reported RAG: {notes}"
    );
    // --trust-reported-rag keeps the RAG as sent.
    let t = consolidate("trusted", &["--trust-reported-rag"]);
    assert_eq!(reds(&t), 7);
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = bin()
        .args(["normalise", repo("samples").to_str().unwrap(), "-o", "-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run goldthread");
    let mut head = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The reader goes away, as `head` does, with most of the document unread.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("error"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert!(
            out.status.success() || out.status.signal() == Some(libc::SIGPIPE),
            "{:?}",
            out.status
        );
    }
}

#[test]
fn completions_and_a_manual_page_are_printed() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = run(&["completions", shell], Path::new("."));
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        assert!(stdout(&o).contains("consolidate"), "{shell}");
    }
    let o = run(&["man"], Path::new("."));
    assert!(o.status.success());
    assert!(stdout(&o).contains(".TH goldthread 1"), "{}", stdout(&o));
    let o = run(&["--version"], Path::new("."));
    assert_eq!(
        stdout(&o).trim(),
        format!("goldthread {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_template_for_a_directorate_the_consolidation_lacks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("c.json");
    let (o, _) = consolidate_samples(dir.path(), "c", &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let template = |directorate: &str| {
        run(
            &[
                "template",
                "performance-return",
                "--directorate",
                directorate,
                "--from",
                json.to_str().unwrap(),
                "-o",
                dir.path().join("t.xlsx").to_str().unwrap(),
            ],
            dir.path(),
        )
    };
    let o = template("Resource");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("'Resource' matches no directorate of --from; it holds 'Adults and Health', 'Children's Services', 'Place', 'Resources'"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("t.xlsx").exists());
    assert_eq!(template("resources").status.code(), Some(0));
}

#[test]
fn a_consolidation_gives_one_count_of_each_thing() {
    let dir = tempfile::tempdir().unwrap();
    let (o, c) = consolidate_samples(dir.path(), "c", &["--as-of", "2024-11-15"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let c = c.unwrap();
    let s = &c["summary"];
    let measures = c["performance"].as_array().unwrap().len();
    assert_eq!(s["measures"], measures);
    let findings = c["findings"].as_array().unwrap().len();
    assert_eq!(s["findings"], findings);
    let err = stderr(&o);
    let actions = c["actions"].as_array().unwrap().len();
    let line = format!("{measures} measures, {actions} delivery plan actions; {findings} findings");
    assert!(
        err.contains(&line),
        "the terminal should say '{line}':\n{err}"
    );
    // No other count of measures or findings on the terminal.
    assert_eq!(err.matches(" findings").count(), 1, "{err}");
    assert!(err.contains(&format!(
        "{} measure rows in the returns are {measures} measures",
        s["measure_rows"]
    )));
}

#[test]
fn a_catalogue_is_read_on_every_command_that_reads_returns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("n.json");
    let catalogue = repo("tests/fixtures/catalogue/eastmere_measures_catalogue.xlsx");
    let o = run(
        &[
            "normalise",
            repo("samples/childrens_performance.xlsx").to_str().unwrap(),
            "--catalogue",
            catalogue.to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let cs01 = doc["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "CS01")
        .unwrap();
    assert_eq!(cs01["theme"], "Helping People");
    // A catalogue that cannot be read is a usage error naming it.
    let o = run(
        &[
            "check",
            repo("samples").to_str().unwrap(),
            "--catalogue",
            "nowhere.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the measures catalogue nowhere.xlsx"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_and_rules_print_json_and_quiet_means_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo("samples");
    let report = dir.path().join("dq.json");
    let o = run(
        &[
            "check",
            samples.to_str().unwrap(),
            "-q",
            "--as-of",
            "2024-11-15",
            "--report",
            report.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(report.is_file());
    assert_eq!(stderr(&o), "", "-q prints nothing but errors");
    assert_eq!(stdout(&o), "");
    for args in [&["--json"][..], &["--report", "-"][..]] {
        let mut all = vec![
            "check",
            samples.to_str().unwrap(),
            "--as-of",
            "2024-11-15",
            "-q",
        ];
        all.extend(args);
        let o = run(&all, dir.path());
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stdout(&o)));
        assert_eq!(
            v["findings"].as_array().unwrap().len(),
            v["summary"]["findings"].as_u64().unwrap() as usize
        );
    }
    let o = run(&["rules", "--json"], dir.path());
    let rules: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "measure-not-in-catalogue" && r["principle"] == "relevance"));
}

#[test]
fn without_a_configuration_directorates_come_from_titles_file_and_folder_names() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    };
    for name in [
        "adults_performance.xlsx",
        "adults_risk_register.xlsx",
        "childrens_performance.xlsx",
        "childrens_risk_register.xlsx",
        "place/risk_register.xlsx",
        "place_performance.xlsx",
        "resources_kpis_export.csv",
        "resources_performance.xlsx",
        "resources_risk_register.csv",
    ] {
        copy(&repo("samples").join(name), &returns.join(name));
    }
    // A register whose name and titles say nothing of whose it is.
    std::fs::write(
        returns.join("misc.csv"),
        "Ref,Risk,Likelihood,Impact,Owner\nM1,Supplier fails,3,4,J Smith\n",
    )
    .unwrap();
    let json = dir.path().join("c.json");
    let o = run(
        &[
            "consolidate",
            "returns",
            "--as-of",
            "2024-11-15",
            "-o",
            "c.xlsx",
            "--json",
            json.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let received: Vec<&str> = c["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["directorate"].as_str().unwrap())
        .collect();
    assert_eq!(
        received,
        [
            "(no directorate)",
            "Adults and Health",
            "Children's Services",
            "Place",
            "Resources"
        ]
    );
    // The run says which files name none, and how to name them.
    let err = stderr(&o);
    assert!(
        err.contains("1 file(s) name no directorate")
            && err.contains("misc.csv")
            && err.contains("goldthread config init"),
        "{err}"
    );
    // Section rows that name services are services, not themes.
    let res01 = c["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "RES01" && m["service"].is_string())
        .expect("RES01 with its service");
    assert_eq!(res01["service"], "Finance");
    assert!(!c["measures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["theme"] == "Finance" || m["theme"] == "Customer Services"));
}

#[test]
fn inspect_and_diff_print_json_and_diff_can_be_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &[
            "inspect",
            "--json",
            repo("tests/fixtures/performance/values_side_by_side.csv")
                .to_str()
                .unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("inspect --json is JSON");
    let columns = &v[0]["sheets"][0]["tables"][0]["columns"];
    assert_eq!(columns[1]["field"], "dimension.area");
    assert!(columns[1]["reason"]
        .as_str()
        .unwrap()
        .starts_with("content"));

    let old = repo("samples/adults_risk_register.xlsx");
    let new = repo("samples/childrens_risk_register.xlsx");
    let args = |extra: &[&str]| {
        let mut a = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
        a.extend(extra);
        run(&a, dir.path())
    };
    let o = args(&["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("diff --json is JSON");
    assert!(d.is_object());
    let o = args(&["-q"]);
    assert_eq!((stdout(&o).as_str(), stderr(&o).as_str()), ("", ""));
}

#[test]
fn every_command_reads_a_period_the_same_strict_way() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["normalise", "check"] {
        let mut args = vec![
            cmd,
            "--period",
            "2024-25 Q5",
            "samples/resources_kpis_export.csv",
        ];
        if cmd == "normalise" {
            args.extend(["-o", "-"]);
        }
        let o = run(
            &args
                .iter()
                .map(|a| {
                    if a.starts_with("samples/") {
                        repo(a).to_str().unwrap().to_string()
                    } else {
                        a.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("'2024-25 Q5' is not a period"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}
