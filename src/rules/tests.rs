//! The catalogue agrees with itself, with the findings it makes and with README's rule table.

use super::*;

#[test]
fn every_rule_id_is_its_catalogue_entry_and_round_trips() {
    for (i, r) in RULES.iter().enumerate() {
        assert_eq!(r.id as usize, i, "{} is out of place", r.id);
        assert_eq!(r.id.rule().description, r.description);
        assert_eq!(RuleId::parse(r.id.as_str()), Some(r.id));
        assert!(r.description.ends_with('.'), "{} needs a sentence", r.id);
        let json = serde_json::to_string(&r.id).unwrap();
        assert_eq!(json, format!("\"{}\"", r.id.as_str()));
        assert_eq!(serde_json::from_str::<RuleId>(&json).unwrap(), r.id);
        assert_eq!(format!("{:<30}|", r.id), format!("{:<30}|", r.id.as_str()));
    }
    assert_eq!(RuleId::parse("no-such-rule"), None);
}

#[test]
fn readme_rule_table_lists_every_rule() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("### `goldthread rules")
        .expect("README documents `goldthread rules`");
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |e| e + 4)];
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !section.contains(&format!("`{id}`")))
        .collect();
    assert!(missing.is_empty(), "README's rule table lacks {missing:?}");
}

#[test]
fn a_finding_takes_its_principle_and_severity_from_the_catalogue() {
    let f = Finding::new(RuleId::RiskScoreMismatch, "m".into(), "a.xlsx");
    assert_eq!(f.rule, "risk-score-mismatch");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.principle, Principle::Accuracy);
    let f = Finding::new(RuleId::ConsolidateDuplicate, "m".into(), "a.xlsx");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.milder().severity, Severity::Info);
}

#[test]
fn findings_sort_by_place_then_rule_then_message() {
    let f = |row: Option<u32>, cell: Option<&str>, rule: RuleId, message: &str| Finding {
        row,
        cell: cell.map(str::to_string),
        sheet: Some("S".into()),
        ..Finding::new(rule, message.into(), "a.xlsx")
    };
    let mut list = vec![
        f(Some(3), Some("AA3"), RuleId::ValueJump, "x"),
        f(Some(3), Some("B3"), RuleId::ValueJump, "y"),
        f(Some(3), Some("B3"), RuleId::ValueJump, "x"),
        f(Some(3), Some("B3"), RuleId::RagMismatch, "z"),
        f(Some(3), None, RuleId::ValueJump, "x"),
        f(None, None, RuleId::NoThemeLink, "x"),
    ];
    sort_findings(&mut list);
    let order: Vec<(Option<&str>, &str, &str)> = list
        .iter()
        .map(|x| (x.cell.as_deref(), x.rule.as_str(), x.message.as_str()))
        .collect();
    assert_eq!(
        order,
        vec![
            (None, "no-theme-link", "x"),
            (None, "value-jump", "x"),
            (Some("B3"), "rag-mismatch", "z"),
            (Some("B3"), "value-jump", "x"),
            (Some("B3"), "value-jump", "y"),
            (Some("AA3"), "value-jump", "x"),
        ]
    );
}
