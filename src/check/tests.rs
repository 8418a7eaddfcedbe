//! Tests of the catalogue, the settings and the ordering of findings.

use super::*;

#[test]
fn every_rule_id_is_unique_and_described() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
    assert!(RULES.iter().all(|r| r.description.ends_with('.')));
}

#[test]
fn settings_override_and_switch_off() {
    let mut c = Config::default();
    c.checks.rules.insert("rag-mismatch".into(), "Error".into());
    c.checks.rules.insert("value-jump".into(), "off".into());
    let s = Settings::from_config(&c).unwrap();
    assert_eq!(s.severity(RuleId::RagMismatch), Some(Severity::Error));
    assert_eq!(s.severity(RuleId::ValueJump), None);
    assert_eq!(s.severity(RuleId::RiskNoOwner), Some(Severity::Warning));
    c.checks.rules.insert("rag-mismatch".into(), "loud".into());
    assert!(Settings::from_config(&c)
        .unwrap_err()
        .to_string()
        .contains("\"error\", \"warning\", \"info\" or \"off\""));
    let mut c = Config::default();
    c.checks.value_jump_factor = 1.0;
    assert!(Settings::from_config(&c).is_err());
}

#[test]
fn findings_sort_by_place_with_columns_in_sheet_order() {
    let f = |row: u32, cell: &str| Finding {
        severity: Severity::Warning,
        principle: Principle::Accuracy,
        rule: "r".into(),
        message: String::new(),
        file: "a.xlsx".into(),
        sheet: Some("S".into()),
        row: Some(row),
        cell: Some(cell.into()),
        record_id: None,
        field: None,
        directorate: None,
    };
    let mut list = vec![f(3, "AA3"), f(3, "B3"), f(2, "Z2")];
    sort_findings(&mut list);
    let cells: Vec<_> = list.iter().map(|x| x.cell.clone().unwrap()).collect();
    assert_eq!(cells, vec!["Z2", "B3", "AA3"]);
}

#[test]
fn a_per_rule_severity_override_applies_to_reading_and_checking_findings() {
    let mut c = Config::default();
    c.framework.directorates.push(crate::config::Directorate {
        name: "Place".into(),
        aliases: Vec::new(),
    });
    let run_with = |c: &Config| {
        let mut doc = Document::default();
        doc.findings.push(Finding::new(
            RuleId::ValueUnreadable,
            "read".into(),
            "a.xlsx",
        ));
        doc.findings
            .push(Finding::new(RuleId::FileNote, "note".into(), "a.xlsx"));
        let s = Settings::from_config(c).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2024, 11, 15).unwrap();
        run(&mut doc, c, &s, as_of);
        let mut got: Vec<(String, Severity)> = doc
            .findings
            .iter()
            .map(|f| (f.rule.clone(), f.severity))
            .collect();
        got.sort();
        got
    };
    let pair = |r: RuleId, s: Severity| (r.as_str().to_string(), s);
    assert_eq!(
        run_with(&c),
        vec![
            pair(RuleId::DirectorateMissing, Severity::Error),
            pair(RuleId::FileNote, Severity::Info),
            pair(RuleId::ValueUnreadable, Severity::Warning),
        ]
    );
    c.checks
        .rules
        .insert("directorate-missing".into(), "warning".into());
    c.checks
        .rules
        .insert("value-unreadable".into(), "error".into());
    c.checks.rules.insert("file-note".into(), "off".into());
    assert_eq!(
        run_with(&c),
        vec![
            pair(RuleId::DirectorateMissing, Severity::Warning),
            pair(RuleId::ValueUnreadable, Severity::Error),
        ]
    );
}
