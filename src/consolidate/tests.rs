//! Tests of consolidation on documents built in memory.

use super::*;
use crate::schema::{Rating, Severity, Source};

fn risk(dir: &str, id: &str, l: f64, i: f64, reviewed: &str) -> Risk {
    Risk {
        id: id.into(),
        title: Some(format!("Risk {id}")),
        directorate: Some(dir.into()),
        current: Rating::of(l, i),
        target: Rating::of(1.0, i),
        last_reviewed: NaiveDate::parse_from_str(reviewed, "%Y-%m-%d").ok(),
        source: Source {
            file: format!("{dir}.xlsx"),
            sheet: "Risks".into(),
            row: 2,
            cell: None,
        },
        ..Default::default()
    }
}

fn q2() -> Period {
    crate::values::quarter(2024, 2, 4).unwrap()
}

fn config() -> Config {
    let mut c = Config::default();
    c.framework.directorates = ["Place", "Resources", "Adults"]
        .iter()
        .map(|n| crate::config::Directorate {
            name: n.to_string(),
            aliases: vec![],
        })
        .collect();
    c
}

#[test]
fn escalation_dedupe_heatmap_and_submissions() {
    let mut flagged = risk("Place", "P2", 2.0, 3.0, "2024-09-01");
    flagged.escalate = Some(true);
    let doc = Document {
        risks: vec![
            risk("Place", "P1", 4.0, 5.0, "2024-08-01"),
            flagged,
            risk("Place", "P1", 3.0, 5.0, "2024-09-30"),
            risk("Resources", "P1", 1.0, 1.0, "2024-09-30"),
        ],
        ..Default::default()
    };
    let c = consolidate(doc, q2(), &config(), None);
    assert_eq!(
        c.risks.len(),
        3,
        "P1 of Place once; P1 of Resources is another risk"
    );
    let p1 = c
        .risks
        .iter()
        .find(|r| r.risk.id == "P1" && r.risk.directorate.as_deref() == Some("Place"))
        .unwrap();
    assert_eq!(
        p1.risk.current.score,
        Some(15.0),
        "the later review is kept"
    );
    assert_eq!(p1.escalation_reason.as_deref(), Some("score 15 >= 15"));
    let p2 = c.risks.iter().find(|r| r.risk.id == "P2").unwrap();
    assert_eq!(
        p2.escalation_reason.as_deref(),
        Some("flagged by directorate")
    );
    assert_eq!(c.summary.strategic_risks, 2);
    assert_eq!(
        c.findings
            .iter()
            .filter(|f| f.rule == "consolidate-duplicate")
            .count(),
        1
    );
    assert_eq!(c.summary.heatmap_current[2][4], 1);
    assert_eq!(c.summary.heatmap_current.iter().flatten().sum::<usize>(), 3);
    let status: Vec<(&str, &str)> = c
        .submissions
        .iter()
        .map(|s| (s.directorate.as_str(), s.status.as_str()))
        .collect();
    assert_eq!(
        status,
        vec![
            ("Adults", "missing"),
            ("Place", "received"),
            ("Resources", "received")
        ]
    );
}

#[test]
fn movement_against_the_previous_consolidation() {
    let before = consolidate(
        Document {
            risks: vec![
                risk("Place", "A", 2.0, 2.0, "2024-06-01"),
                risk("Place", "B", 4.0, 4.0, "2024-06-01"),
                risk("Place", "C", 3.0, 3.0, "2024-06-01"),
            ],
            ..Default::default()
        },
        crate::values::quarter(2024, 1, 4).unwrap(),
        &config(),
        None,
    );
    let now = consolidate(
        Document {
            risks: vec![
                risk("Place", "A", 4.0, 4.0, "2024-09-01"),
                risk("Place", "B", 2.0, 2.0, "2024-09-01"),
                risk("Place", "D", 1.0, 1.0, "2024-09-01"),
            ],
            ..Default::default()
        },
        q2(),
        &config(),
        Some(&before),
    );
    let m = &now.movement;
    assert!(m.compared);
    assert_eq!(m.new_risks, vec!["Place / D"]);
    assert_eq!(m.closed_risks, vec!["Place / C"]);
    assert_eq!(m.score_up, vec!["Place / A"]);
    assert_eq!(m.score_down, vec!["Place / B"]);
    assert_eq!(m.escalated, vec!["Place / A"]);
    assert_eq!(m.de_escalated, vec!["Place / B"]);
    let a = now.risks.iter().find(|r| r.risk.id == "A").unwrap();
    assert_eq!(a.movement.as_deref(), Some("score up from 4; escalated"));
}

#[test]
fn period_defaults_to_the_last_quarter_ended() {
    let c = config();
    let as_of = NaiveDate::from_ymd_opt(2024, 11, 15).unwrap();
    assert_eq!(
        resolve_period(None, &c, None, as_of).unwrap().label,
        "2024-25 Q2"
    );
    let april = NaiveDate::from_ymd_opt(2025, 4, 2).unwrap();
    assert_eq!(
        resolve_period(None, &c, None, april).unwrap().label,
        "2024-25 Q4"
    );
    assert_eq!(
        resolve_period(Some("Q3 2024/25"), &c, None, as_of)
            .unwrap()
            .label,
        "2024-25 Q3"
    );
    assert!(resolve_period(Some("soon"), &c, None, as_of)
        .unwrap_err()
        .to_string()
        .contains("2024-25 Q2"));
}

#[test]
fn a_duplicate_takes_the_configured_severity_one_step_milder_when_identical() {
    let severities = |c: &Config, second: Risk| -> Vec<Severity> {
        let doc = Document {
            risks: vec![risk("Place", "P1", 4.0, 5.0, "2024-08-01"), second],
            ..Default::default()
        };
        consolidate(doc, q2(), c, None)
            .findings
            .iter()
            .filter(|f| f.rule == "consolidate-duplicate")
            .map(|f| f.severity)
            .collect()
    };
    let same = || risk("Place", "P1", 4.0, 5.0, "2024-08-01");
    let differs = || risk("Place", "P1", 3.0, 5.0, "2024-09-30");
    let mut c = config();
    assert_eq!(severities(&c, differs()), vec![Severity::Warning]);
    assert_eq!(severities(&c, same()), vec![Severity::Info]);
    c.checks
        .rules
        .insert("consolidate-duplicate".into(), "error".into());
    assert_eq!(severities(&c, differs()), vec![Severity::Error]);
    assert_eq!(severities(&c, same()), vec![Severity::Warning]);
    c.checks
        .rules
        .insert("consolidate-duplicate".into(), "off".into());
    assert!(severities(&c, differs()).is_empty());
}

#[test]
fn benchmark_errors_name_their_files() {
    let e = Error::NoBenchmarkValues(vec!["a.csv".into(), "b/c.xlsx".into()]);
    assert_eq!(
        e.to_string(),
        "the benchmark tables (a.csv, b/c.xlsx) hold no values by area (columns area code or area name, period, indicator, value)"
    );
    let e = super::benchmark::read_comparators(std::path::Path::new("no/such/comparators.csv"))
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the comparators file no/such/comparators.csv: cannot be read"),
        "{e}"
    );
    let source = std::error::Error::source(&e).expect("a source");
    assert!(source.downcast_ref::<crate::read::ReadError>().is_some());
}
