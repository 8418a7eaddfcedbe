use super::*;
use crate::schema::field::{RatingPart, Stage};

#[test]
fn serve_tokens_are_hashes_for_configured_directorates() {
    let mut c = Config::default();
    c.framework.directorates.push(Directorate {
        name: "Place".into(),
        aliases: Vec::new(),
    });
    let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    c.serve.tokens.insert("Place".into(), hash.into());
    assert_eq!(c.validate(), Ok(()));
    c.serve.tokens.insert("Parks".into(), hash.into());
    assert!(c.validate().unwrap_err().to_string().contains("\"Parks\""));
    c.serve.tokens.remove("Parks");
    c.serve.tokens.insert("Place".into(), "secret".into());
    assert!(c
        .validate()
        .unwrap_err()
        .to_string()
        .contains("--hash-token"));
    c.serve.tokens.clear();
    c.serve.max_concurrent_checks = 0;
    assert!(c.validate().is_err());
}

#[test]
fn default_toml_parses_to_the_defaults() {
    let parsed: Config = toml::from_str(DEFAULT_TOML).unwrap();
    assert_eq!(parsed, Config::default());
}

#[test]
fn bands_follow_framework_defaults() {
    let c = Config::default();
    assert_eq!(c.band_of(4.0), Some(Band::Low));
    assert_eq!(c.band_of(5.0), Some(Band::Medium));
    assert_eq!(c.band_of(12.0), Some(Band::High));
    assert_eq!(c.band_of(15.0), Some(Band::VeryHigh));
    assert_eq!(c.band_of(0.0), None);
}

#[test]
fn bands_on_another_scale_go_by_proportion() {
    let c = Config::default();
    // 3.3333 x 6.6667 on 10 x 10 is 22.2 of 100: 5.6 of 25, medium.
    assert_eq!(
        c.band_on_scale(3.3333 * 6.6667, Some((10.0, 10.0))),
        Some(Band::Medium)
    );
    // 3 x 3 on a 3 x 3 matrix is the top: very high.
    assert_eq!(c.band_on_scale(9.0, Some((3.0, 3.0))), Some(Band::VeryHigh));
    assert_eq!(c.band_on_scale(1.0, Some((3.0, 3.0))), Some(Band::Low));
    // On the configured matrix, as band_of.
    assert_eq!(c.band_on_scale(12.0, Some((5.0, 5.0))), Some(Band::High));
    assert_eq!(c.band_on_scale(12.0, None), Some(Band::High));
    assert!((c.score_on_matrix(66.667, Some((10.0, 10.0))) - 16.67).abs() < 0.01);
    assert_eq!(c.score_on_matrix(12.0, None), 12.0);
    assert_eq!(Config::level_on_matrix(7.0, Some(10.0), 5), 4.0);
    assert_eq!(Config::level_on_matrix(3.3333, Some(10.0), 5), 2.0);
    assert_eq!(Config::level_on_matrix(3.0, Some(3.0), 5), 5.0);
    assert_eq!(Config::level_on_matrix(3.0, None, 5), 3.0);
}

#[test]
fn directorate_matches_names_and_aliases_on_word_boundaries() {
    let mut c = Config::default();
    c.framework.directorates.push(Directorate {
        name: "Children's Services".into(),
        aliases: vec!["Childrens".into(), "CS".into()],
    });
    assert_eq!(
        c.match_directorate("childrens_risk_register"),
        Some("Children's Services")
    );
    assert_eq!(c.match_directorate("CS Risks"), Some("Children's Services"));
    assert_eq!(c.match_directorate("CSV export"), None);
}

#[test]
fn invalid_settings_are_explained() {
    let mut c = Config::default();
    c.calendar.financial_year_start_month = 13;
    assert!(c
        .validate()
        .unwrap_err()
        .to_string()
        .contains("from 1 to 12"));
    let mut c = Config::default();
    c.risk.escalation_score = 30.0;
    assert!(c.validate().unwrap_err().to_string().contains("5 x 5"));
}

/// A misspelt field under `[columns]` is an error naming it, not headers that quietly match
/// nothing; a rating's part and a long table's dimension are fields like any other.
#[test]
fn columns_must_name_fields_goldthread_knows() {
    let mut c = Config::default();
    c.columns
        .insert("ownr".into(), vec!["Accountable Officer".into()]);
    let e = c.validate().unwrap_err();
    assert!(matches!(&e, Invalid::UnknownField { name, .. } if name == "ownr"));
    let message = e.to_string();
    assert!(
        message.contains("\"ownr\"") && message.contains("owner, "),
        "{message}"
    );
    let mut c = Config::default();
    for field in ["owner", "current.score", "dimension.ward"] {
        c.columns.insert(field.into(), vec![format!("My {field}")]);
    }
    assert_eq!(c.validate(), Ok(()));
    let synonyms = c.column_synonyms();
    assert!(synonyms.contains(&(
        "My current.score".to_string(),
        Key::Rating(Stage::Current, RatingPart::Score)
    )));
}
