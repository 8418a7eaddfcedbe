//! Helpers shared by the tests (each test crate uses some of them).
#![allow(dead_code)]

/// Where a text first differs from its golden copy: `line N:` with both lines, or `None`
/// when they are the same.
pub fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "line {}:\n  expected: {}\n  actual:   {}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>")
    ))
}

/// The Chromium the browser tests drive (/usr/bin/chromium, or CHROMIUM), when it, node and
/// the npm packages of tests/browser (`npm ci`) are all there. Otherwise None after a note,
/// so the test is skipped, or a panic when GOLDTHREAD_REQUIRE_TOOLS is set.
pub fn browser_tools() -> Option<std::path::PathBuf> {
    use std::path::{Path, PathBuf};
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let node_modules = Path::new("tests/browser/node_modules");
    let node = std::process::Command::new("node").arg("--version").output();
    let missing: Vec<&str> = [
        (!chromium.exists()).then_some("chromium (apt-get install -y chromium)"),
        node.is_err().then_some("node"),
        (!node_modules.join("playwright-core").exists() || !node_modules.join("axe-core").exists())
            .then_some("tests/browser/node_modules (cd tests/browser && npm ci)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return Some(chromium);
    }
    let note = format!("browser checks need {}", missing.join(", "));
    if std::env::var_os("GOLDTHREAD_REQUIRE_TOOLS").is_some() {
        panic!("{note} (GOLDTHREAD_REQUIRE_TOOLS is set)");
    }
    eprintln!("skipped: {note}");
    None
}

/// Runs a script of tests/browser with node in `chromium`; it must succeed and find no axe
/// violation. Prints and gives its output.
pub fn run_browser_script(chromium: &std::path::Path, script: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("node")
        .arg(format!("tests/browser/{script}"))
        .args(args)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{report}");
    assert!(out.status.success(), "browser checks failed:\n{report}");
    assert!(report.contains("axe violations: 0"), "{report}");
    report
}

/// The files a generator wrote into `fresh` that differ from (or are missing beside) the
/// committed copies in `committed`.
pub fn stale_files(
    fresh: &std::path::Path,
    committed: &std::path::Path,
) -> Vec<std::ffi::OsString> {
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(fresh).unwrap() {
        let entry = entry.unwrap();
        let new = std::fs::read(entry.path()).unwrap();
        let old = std::fs::read(committed.join(entry.file_name())).unwrap_or_default();
        if new != old {
            stale.push(entry.file_name());
        }
    }
    stale
}
