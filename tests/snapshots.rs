//! The command line's whole output under snapshot: every command's `--help`, and what the
//! commands print on the bundled samples and on bad input, with their exit codes. A change to
//! any of it shows as a diff of `tests/snapshots/*.snap`; after review, accept it with
//! `INSTA_UPDATE=always cargo test --test snapshots` (or `cargo insta review`).
//!
//! Paths are written as `<samples>` and `<out>` so that the snapshots do not depend on where
//! the repository or the temporary folder is.

use std::path::{Path, PathBuf};
use std::process::Command;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Runs goldthread in `dir` and returns what a user sees: the exit code, then standard output
/// and standard error, with the folders replaced by placeholders.
fn run_in(dir: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run goldthread");
    let text = format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        o.status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let samples = samples();
    text.replace(samples.to_str().unwrap(), "<samples>")
        .replace(dir.to_str().unwrap(), "<out>")
        .replace(env!("CARGO_PKG_VERSION"), "<version>")
}

fn run(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), args)
}

/// The subcommands, as `goldthread --help` lists them.
fn commands() -> Vec<String> {
    let help = run(&["--help"]);
    let listed = help
        .split("Commands:\n")
        .nth(1)
        .expect("--help lists its commands")
        .split("\n\n")
        .next()
        .unwrap();
    listed
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn help_of_goldthread_and_of_every_command() {
    insta::assert_snapshot!("help", run(&["--help"]));
    let commands = commands();
    assert!(
        commands.len() >= 14,
        "too few commands listed: {commands:?}"
    );
    for command in commands {
        insta::assert_snapshot!(format!("help_{command}"), run(&[&command, "--help"]));
    }
    insta::assert_snapshot!("help_config_init", run(&["config", "init", "--help"]));
}

/// Run from the repository with the samples named relatively, as a user would: the table's
/// columns are as wide as the longest path, which must not depend on where the repository is.
#[test]
fn check_on_the_samples() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = ["check", "samples", "--as-of", "2024-10-20"];
    insta::assert_snapshot!("check_samples", run_in(repo, &args));
    insta::assert_snapshot!(
        "check_samples_quiet",
        run_in(repo, &["check", "samples", "--as-of", "2024-10-20", "-q"])
    );
}

#[test]
fn rules_and_inspect() {
    insta::assert_snapshot!("rules", run(&["rules"]));
    let file = samples().join("adults_performance.xlsx");
    insta::assert_snapshot!(
        "inspect_adults_performance",
        run(&["inspect", file.to_str().unwrap()])
    );
    let file = samples().join("resources_risk_register.csv");
    insta::assert_snapshot!(
        "inspect_resources_risks",
        run(&["inspect", file.to_str().unwrap()])
    );
}

#[test]
fn consolidate_and_diff_on_the_samples() {
    let dir = tempfile::tempdir().unwrap();
    let s = samples();
    let s = s.to_str().unwrap();
    let args = [
        "consolidate",
        s,
        "-o",
        "corporate.xlsx",
        "--json",
        "corporate.json",
        "--as-of",
        "2024-10-20",
    ];
    insta::assert_snapshot!("consolidate_samples", run_in(dir.path(), &args));
    insta::assert_snapshot!(
        "diff_same_period",
        run_in(dir.path(), &["diff", "corporate.json", "corporate.json"])
    );
}

#[test]
fn bad_input_and_usage_errors() {
    let s = samples();
    let s = s.to_str().unwrap();
    insta::assert_snapshot!(
        "normalise_missing_file",
        run(&["normalise", "nothere.xlsx", "-o", "x.json"])
    );
    insta::assert_snapshot!(
        "consolidate_bad_period",
        run(&["consolidate", s, "-o", "c.xlsx", "--period", "2024-25 Q5"])
    );
    insta::assert_snapshot!("unknown_command", run(&["consolidat", s]));
    insta::assert_snapshot!(
        "output_over_an_input",
        run(&[
            "normalise",
            s,
            "-o",
            &format!("{s}/adults_performance.xlsx")
        ])
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.xlsx"), b"").unwrap();
    std::fs::write(dir.path().join("notes.csv"), b"just,a\nnote\n").unwrap();
    insta::assert_snapshot!(
        "check_empty_and_odd_files",
        run_in(dir.path(), &["check", ".", "--as-of", "2024-10-20"])
    );
}
