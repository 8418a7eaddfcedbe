use super::*;

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| fold(w)).collect()
}

fn configured() -> Vec<String> {
    Config::default().risk.likelihood
}

fn first_words(v: &[Vec<String>]) -> Vec<&str> {
    v.iter().map(|l| l[0].as_str()).collect()
}

#[test]
fn very_low_to_very_high_is_five_levels() {
    let (v, _) = infer_vocabulary(&set(&["Very Low", "Medium", "High"]), &configured()).unwrap();
    assert_eq!(v.len(), 5);
    assert_eq!(level_of("medium", &v), Some(3.0));
}

#[test]
fn low_medium_high_is_three_levels() {
    let (v, _) = infer_vocabulary(&set(&["Low", "Medium", "High"]), &configured()).unwrap();
    assert_eq!(first_words(&v), ["low", "medium", "high"]);
    let (v, _) = infer_vocabulary(&set(&["Low", "Med"]), &configured()).unwrap();
    assert_eq!(level_of("med", &v), Some(2.0));
    assert_eq!(v.len(), 3);
}

#[test]
fn configured_labels_win_unless_a_smaller_vocabulary_is_all_seen() {
    let (v, smaller) = infer_vocabulary(&set(&["Possible", "Likely"]), &configured()).unwrap();
    assert_eq!((v.len(), smaller), (5, false));
    let (v, smaller) =
        infer_vocabulary(&set(&["Unlikely", "Possible", "Likely"]), &configured()).unwrap();
    assert_eq!((v.len(), smaller), (3, true));
}

#[test]
fn impact_words_of_several_vocabularies() {
    let imp = Config::default().risk.impact;
    let (v, _) = infer_vocabulary(&set(&["Minor", "Serious", "Major"]), &imp).unwrap();
    assert_eq!(first_words(&v), ["minor", "serious", "major"]);
    let (v, _) = infer_vocabulary(&set(&["Insignificant", "Catastrophic"]), &imp).unwrap();
    assert_eq!(level_of("catastrophic", &v), Some(5.0));
    assert_eq!(level_of("insignificant", &v), Some(1.0));
    let (v, _) = infer_vocabulary(&set(&["Remote", "Highly Probable"]), &imp).unwrap();
    assert_eq!(level_of("highly probable", &v), Some(5.0));
    assert!(infer_vocabulary(&set(&["Purple"]), &imp).is_none());
    // Words of no one vocabulary are placed by their rank.
    let (v, _) = infer_vocabulary(&set(&["Minimal", "Medium-High", "Extreme"]), &imp).unwrap();
    assert_eq!(level_of("minimal", &v), Some(1.0));
    assert_eq!(level_of("medium high", &v), Some(4.0));
    assert_eq!(level_of("extreme", &v), Some(5.0));
}

#[test]
fn scale_hints_in_headers() {
    assert_eq!(scale_hint("Likelihood (1-10)"), Some(10.0));
    assert_eq!(scale_hint("Impact 1 to 4"), Some(4.0));
    assert_eq!(scale_hint("Severity (out of 6)"), Some(6.0));
    assert_eq!(scale_hint("Likelihood"), None);
    assert_eq!(scale_hint("Q1 2024-25"), None);
}

#[test]
fn scales_from_values() {
    let lab = configured();
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        column_scale("L", &v(&["2", "8", "3"]), &lab).unwrap().max,
        10.0
    );
    assert_eq!(column_scale("L", &v(&["2", "6"]), &lab).unwrap().max, 6.0);
    // A lone value above the matrix among many is a mistake, not a scale.
    let many = v(&["2", "3", "4", "6", "1", "2", "3", "4", "5", "2"]);
    assert_eq!(column_scale("L", &many, &lab).unwrap().max, 5.0);
    let s = column_scale("L", &v(&["2", "4"]), &lab).unwrap();
    assert_eq!((s.max, s.basis), (5.0, "configured"));
    let s = column_scale("Likelihood (1-10)", &v(&["3.3333", "6.6667"]), &lab).unwrap();
    assert_eq!((s.max, s.basis), (10.0, "header"));
    let s = column_scale(
        "Likelihood",
        &v(&["3 - Possible / Occasional", "4 - Likely"]),
        &lab,
    );
    assert_eq!(s.unwrap().max, 5.0);
    let s = column_scale("Likelihood (1-3)", &v(&["Low", "High"]), &lab).unwrap();
    assert_eq!((s.max, s.level("medium")), (3.0, Some(2.0)));
    let s = column_scale("Likelihood", &v(&["Very Low", "High"]), &lab).unwrap();
    assert_eq!(s.level("very high"), Some(5.0));
    let s = column_scale(
        "Likelihood",
        &v(&["Likely (50-80%)", "Rare - under 5%"]),
        &lab,
    );
    assert_eq!(s.unwrap().level("Almost certain (over 80%)"), Some(5.0));
}

#[test]
fn a_key_of_levels_is_a_legend_not_a_register() {
    use crate::read::testkit::{num, text};
    let config = Config::default();
    let mut cells = vec![
        text(0, 0, "Score"),
        text(0, 1, "Likelihood"),
        text(0, 2, "Description"),
    ];
    for (i, (n, w)) in [(5.0, "Almost certain"), (4.0, "Likely"), (3.0, "Possible")]
        .iter()
        .enumerate()
    {
        let r = i as u32 + 1;
        cells.extend([num(r, 0, *n), text(r, 1, w), text(r, 2, "Some words")]);
    }
    let sheet = crate::read::testkit::sheet_with_merges("Key", cells.clone(), vec![]);
    let table = |rows: u32| Table {
        kind: super::super::SheetKind::RiskRegister,
        header_rows: vec![0],
        columns: ["current.score", "current.likelihood", "description"]
            .iter()
            .enumerate()
            .map(|(i, f)| super::super::Column {
                col: i as u32,
                field: Field::parse(f, 4),
                ..Default::default()
            })
            .collect(),
        rows: (1..=rows).map(|r| (r, RowRole::Data)).collect(),
        demoted: Vec::new(),
        dates: Default::default(),
    };
    // Numbered 5, 4, 3 of five levels: not 1..n.
    assert!(!is_legend(&sheet, &table(3), &config));
    let mut cells = vec![text(0, 0, "Score"), text(0, 1, "Likelihood")];
    for (i, w) in ["Rare", "Unlikely", "Possible"].iter().enumerate() {
        let r = i as u32 + 1;
        cells.extend([num(r, 0, r as f64), text(r, 1, w)]);
    }
    let sheet = crate::read::testkit::sheet_with_merges("Key", cells, vec![]);
    assert!(is_legend(&sheet, &table(3), &config));
    // Levels out of step with the numbers: a register of three risks.
    let mut cells = vec![text(0, 0, "Ref"), text(0, 1, "Likelihood")];
    for (i, w) in ["Possible", "Rare", "Unlikely"].iter().enumerate() {
        let r = i as u32 + 1;
        cells.extend([num(r, 0, r as f64), text(r, 1, w)]);
    }
    let sheet = crate::read::testkit::sheet_with_merges("Risks", cells, vec![]);
    assert!(!is_legend(&sheet, &table(3), &config));
}

#[test]
fn references_by_content() {
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(is_reference_column(&v(&["#119", "#123", "#125"])));
    assert!(is_reference_column(&v(&["CR-01", "CR-02"])));
    assert!(!is_reference_column(&v(&["#119, #121", "#123"])));
    assert!(!is_reference_column(&v(&["1", "2", "3"])));
    assert!(!is_reference_column(&v(&["#1", "#1"])));
    assert!(!is_reference_column(&v(&["High", "Low"])));
}
