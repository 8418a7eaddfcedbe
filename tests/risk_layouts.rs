//! Risk registers laid out as real ones are, read with the default configuration and no
//! profile: the fixtures of `examples/make_risk_fixtures.rs`, one per behaviour.

#[path = "../examples/make_risk_fixtures.rs"]
#[allow(dead_code)]
mod make_risk_fixtures;

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use goldthread::normalise::Options;
use goldthread::normalise_and_check;
use goldthread::schema::{Band, RagSource, Rating, Risk};
use goldthread::Document;

const DIR: &str = "tests/fixtures/risks";

fn read(name: &str) -> Document {
    let opts = Options {
        as_of: NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    normalise_and_check(&[Path::new(DIR).join(name)], &opts).unwrap()
}

fn ids(doc: &Document) -> Vec<&str> {
    doc.risks.iter().map(|r| r.id.as_str()).collect()
}

fn risk<'a>(doc: &'a Document, id: &str) -> &'a Risk {
    doc.risks
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no risk {id} in {:?}", ids(doc)))
}

fn lis(r: &Rating) -> [Option<f64>; 3] {
    [r.likelihood, r.impact, r.score]
}

fn scale(r: &Risk) -> Option<(f64, f64)> {
    r.scale.map(|s| (s.likelihood, s.impact))
}

/// Rules of the findings on a risk.
fn rules<'a>(doc: &'a Document, id: &str) -> Vec<&'a str> {
    doc.findings
        .iter()
        .filter(|f| f.record_id.as_deref() == Some(id))
        .map(|f| f.rule.as_str())
        .collect()
}

#[test]
fn committed_fixtures_are_current() {
    let dir = tempfile::tempdir().unwrap();
    make_risk_fixtures::write_fixtures(dir.path()).unwrap();
    let stale = common::stale_files(dir.path(), Path::new(DIR));
    assert!(
        stale.is_empty(),
        "stale fixtures {stale:?}: run `cargo run --example make_risk_fixtures` and review"
    );
}

#[test]
fn rescaled_ratings_are_kept_as_written_with_their_scale() {
    let doc = read("rescaled_1_to_10.xlsx");
    assert_eq!(ids(&doc), ["HR-01", "HR-02", "HR-03", "HR-04"]);
    let r = risk(&doc, "HR-02");
    assert_eq!(r.owner.as_deref(), Some("Project Engineer"));
    assert_eq!(lis(&r.current), [Some(3.3333), Some(6.6667), Some(22.222)]);
    assert_eq!(scale(r), Some((10.0, 10.0)));
    // "Risk Priority (low, med, high)" is the stated band.
    assert_eq!(r.rating, Some(Band::Medium));
    assert_eq!(r.rating_source, Some(RagSource::Reported));
    assert_eq!(risk(&doc, "HR-03").rating, Some(Band::Low));
    // A stated Risk Index is kept; its disagreement with L x I is a finding. Rounding of the
    // rescaled decimals is not.
    let r = risk(&doc, "HR-04");
    assert_eq!(r.current.score, Some(50.0));
    assert!(rules(&doc, "HR-04").contains(&"risk-score-mismatch"));
    assert!(!rules(&doc, "HR-02").contains(&"risk-score-mismatch"));
    // Values on their own scale are not off the matrix.
    assert!(!doc
        .findings
        .iter()
        .any(|f| f.rule == "risk-level-off-matrix"));
}

#[test]
fn scales_from_a_header_hint_and_from_the_values() {
    let doc = read("scales_1_to_4_and_1_to_6.xlsx");
    assert_eq!(doc.risks.len(), 5);
    let r = risk(&doc, "FS1");
    assert_eq!(scale(r), Some((4.0, 6.0)));
    assert_eq!(lis(&r.current), [Some(4.0), Some(6.0), Some(24.0)]);
    assert_eq!(r.rating, Some(Band::VeryHigh));
    assert_eq!(r.rating_source, Some(RagSource::Computed));
    assert_eq!(
        lis(&risk(&doc, "FS4").current),
        [Some(3.0), Some(6.0), Some(18.0)]
    );
    // 6 of 24 is 6.25 of 25: medium; 10 of 24 is high; 2 of 24 low.
    assert_eq!(risk(&doc, "FS2").rating, Some(Band::Medium));
    assert_eq!(risk(&doc, "FS5").rating, Some(Band::High));
    assert_eq!(risk(&doc, "FS3").rating, Some(Band::Low));
}

#[test]
fn very_low_to_very_high_words_on_five_points() {
    let doc = read("word_ratings_very_low_to_very_high.csv");
    assert_eq!(ids(&doc), ["#41", "#44", "#47", "#52", "#55"]);
    let r = risk(&doc, "#41");
    assert!(r.title.as_deref().unwrap().starts_with("Open data portal"));
    assert_eq!(r.owner.as_deref(), Some("Data Protection Officer"));
    // Severity is the impact; no score column, so L x I.
    assert_eq!(lis(&r.current), [Some(2.0), Some(5.0), Some(10.0)]);
    assert_eq!(r.scale, None);
    assert_eq!(r.rating, Some(Band::High));
    assert_eq!(r.rating_source, Some(RagSource::Computed));
    assert_eq!(
        lis(&risk(&doc, "#47").current),
        [Some(4.0), Some(3.0), Some(12.0)]
    );
    assert_eq!(risk(&doc, "#44").owner, None);
    // "Spread" on the same words is no rating: kept as extra.
    assert_eq!(
        risk(&doc, "#41").extra.get("Spread").map(String::as_str),
        Some("High")
    );
    let r = risk(&doc, "#55");
    assert_eq!(lis(&r.current), [None, Some(4.0), None]);
}

#[test]
fn three_word_vocabularies_make_a_three_by_three_matrix() {
    let doc = read("word_ratings_unlikely_possible_likely.xlsx");
    assert_eq!(ids(&doc), ["T1", "T2", "T3", "T4", "T5"]);
    let r = risk(&doc, "T1");
    // "Threat" holds the titles: a different text on every row.
    assert_eq!(
        r.title.as_deref(),
        Some("Tailgating through the staff entrance")
    );
    assert_eq!(r.owner.as_deref(), Some("Facilities Manager"));
    assert_eq!(lis(&r.current), [Some(3.0), Some(2.0), Some(6.0)]);
    assert_eq!(scale(r), Some((3.0, 3.0)));
    // 6 of 9 is 16.7 of 25.
    assert_eq!(r.rating, Some(Band::VeryHigh));
    assert_eq!(risk(&doc, "T5").rating, Some(Band::Low));
    assert_eq!(
        lis(&risk(&doc, "T3").current),
        [Some(1.0), Some(3.0), Some(3.0)]
    );
}

#[test]
fn numbered_words_and_other_vocabularies() {
    let doc = read("word_ratings_numbered_and_named.xlsx");
    assert_eq!(
        ids(&doc),
        ["CP01", "CP02", "CP03", "CP04", "HD1", "HD2", "HD3"]
    );
    assert_eq!(
        lis(&risk(&doc, "CP02").current),
        [Some(3.0), Some(3.0), Some(9.0)]
    );
    // Insignificant .. Catastrophic is a five-point impact: no scale.
    let r = risk(&doc, "CP03");
    assert_eq!(lis(&r.current), [Some(2.0), Some(5.0), Some(10.0)]);
    assert_eq!(r.scale, None);
    assert_eq!(r.owner.as_deref(), Some("Head of Finance"));
    assert_eq!(
        lis(&risk(&doc, "CP04").current),
        [Some(1.0), Some(1.0), Some(1.0)]
    );
    // Remote .. Highly probable (5) with Low / Medium / High (3).
    let r = risk(&doc, "HD2");
    assert_eq!(lis(&r.current), [Some(5.0), Some(2.0), Some(10.0)]);
    assert_eq!(scale(r), Some((5.0, 3.0)));
    assert_eq!(r.rating, Some(Band::VeryHigh));
    assert_eq!(
        lis(&risk(&doc, "HD1").current),
        [Some(4.0), Some(3.0), Some(12.0)]
    );
}

#[test]
fn stated_scores_and_rag_bands_win() {
    let doc = read("stated_score_disagrees_and_rag_band.xlsx");
    // The header repeated inside the table is no risk.
    assert_eq!(ids(&doc), ["RB1", "RB2", "RB3", "RB4"]);
    let r = risk(&doc, "RB4");
    assert_eq!(lis(&r.current), [Some(4.0), Some(4.0), Some(12.0)]);
    assert!(rules(&doc, "RB4").contains(&"risk-score-mismatch"));
    // Amber agrees with a score of 12 (high): the band is the score's, as the register states.
    assert_eq!(r.rating, Some(Band::High));
    assert_eq!(r.rating_source, Some(RagSource::Reported));
    let r = risk(&doc, "RB1");
    assert_eq!(r.rating, Some(Band::VeryHigh));
    assert_eq!(r.rating_source, Some(RagSource::Reported));
    assert_eq!(risk(&doc, "RB3").rating, Some(Band::Low));
    assert!(!rules(&doc, "RB1").contains(&"risk-score-mismatch"));
}

#[test]
fn impact_holding_prose_is_the_description() {
    let doc = read("impact_column_holds_consequence_text.xlsx");
    assert_eq!(ids(&doc), ["LS1", "LS2", "LS3"]);
    let r = risk(&doc, "LS1");
    assert_eq!(r.title.as_deref(), Some("Pool plant failure"));
    assert!(r
        .description
        .as_deref()
        .unwrap()
        .starts_with("Closure of the main pool"));
    // "Severity" is the impact rating.
    assert_eq!(lis(&r.current), [Some(3.0), Some(4.0), Some(12.0)]);
    assert_eq!(r.owner.as_deref(), Some("Leisure Facilities Manager"));
    assert!(!doc.findings.iter().any(|f| f.rule == "value-unreadable"));
}

#[test]
fn fmea_register_with_a_three_row_header() {
    let doc = read("fmea_three_row_header.xlsx");
    // Section rows ("Budget Period 1") are not risks.
    assert_eq!(ids(&doc), ["1.1", "1.2", "2.1", "2.2"]);
    let r = risk(&doc, "1.1");
    assert_eq!(
        r.title.as_deref(),
        Some("Inverter delivery slips past commissioning window")
    );
    assert_eq!(r.owner.as_deref(), Some("Procurement Lead"));
    // Baseline (before response) is current: SEV is impact, FRQ likelihood, RPN the score.
    assert_eq!(lis(&r.current), [Some(3.0), Some(4.0), Some(12.0)]);
    // Residual (after response) is the target.
    assert_eq!(lis(&r.target), [Some(2.0), Some(3.0), Some(6.0)]);
    assert!(r.inherent.is_empty());
    assert_eq!(r.rating, Some(Band::High));
    // The RPN formula of 1.2 kept no value: L x I, and a note.
    let r = risk(&doc, "1.2");
    assert_eq!(lis(&r.current), [Some(3.0), Some(5.0), Some(15.0)]);
    let note = doc
        .findings
        .iter()
        .find(|f| f.rule == "risk-score-computed")
        .expect("a note of the computed score");
    assert_eq!(
        (note.record_id.as_deref(), note.cell.as_deref()),
        (Some("1.2"), Some("F8"))
    );
    assert_eq!(
        risk(&doc, "2.2").status,
        goldthread::schema::RiskStatus::Closed
    );
}

#[test]
fn guidance_row_is_neither_header_nor_risk() {
    let doc = read("guidance_row_under_header.xlsx");
    assert_eq!(ids(&doc), ["SR01", "SR02", "SR03"]);
    let r = risk(&doc, "SR01");
    assert_eq!(r.title.as_deref(), Some("Phishing compromise"));
    assert!(r.description.as_deref().unwrap().starts_with("Staff open"));
    assert_eq!(
        r.owner.as_deref(),
        Some("Chief Information Security Officer")
    );
    assert_eq!(lis(&r.inherent), [Some(4.0), Some(4.0), Some(16.0)]);
    assert_eq!(lis(&r.current), [Some(3.0), Some(4.0), Some(12.0)]);
    // The group text does not become a value.
    for r in &doc.risks {
        for v in r.extra.values() {
            assert!(!v.contains("Risk ID and Description"), "{v}");
        }
    }
    let cells = &doc.files[0].sheets[0].cells;
    assert_eq!(cells.skipped.get("guidance"), Some(&11));
    // Numbered blank rows below (a reference and formulas showing 0) are no risks, and no
    // finding either.
    assert_eq!(cells.skipped.get("footnote"), Some(&9));
    assert!(!doc.findings.iter().any(|f| f.rule == "row-unidentified"));
}

#[test]
fn registers_without_ratings_or_ids_still_hold_risks() {
    let doc = read("no_ratings_no_ids.xlsx");
    assert_eq!(doc.risks.len(), 4);
    let titles: Vec<&str> = doc
        .risks
        .iter()
        .map(|r| r.title.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "Severe weather on the main day",
            "Crowd crush at the park gate",
            "Food vendor hygiene",
            "Sponsor withdraws"
        ]
    );
    assert_eq!(
        doc.risks[1].owner.as_deref(),
        Some("Safety Advisory Group Chair")
    );
    assert_eq!(doc.risks[0].rating, None);
    assert_eq!(doc.risks[0].rating_source, None);
    assert_eq!(doc.risks[3].status, goldthread::schema::RiskStatus::Closed);
}

#[test]
fn directorate_named_only_in_a_title_row() {
    let doc = read("directorate_in_title_row.xlsx");
    // The key of the scale under the register is no risk.
    assert_eq!(ids(&doc), ["CN01", "CN02", "CN03"]);
    let r = risk(&doc, "CN02");
    assert_eq!(
        r.directorate.as_deref(),
        Some("Communities and Neighbourhoods")
    );
    assert_eq!(r.owner.as_deref(), Some("Community Safety Manager"));
    assert_eq!(r.theme.as_deref(), Some("Safe and Strong Communities"));
    assert_eq!(lis(&r.current), [Some(4.0), Some(4.0), Some(16.0)]);
    assert_eq!(r.target.score, Some(8.0));
}

#[test]
fn directorate_named_only_in_the_file_name() {
    let doc = read("Growth and Regeneration - Risk Register.xlsx");
    assert_eq!(ids(&doc), ["GR-1", "GR-2", "GR-3"]);
    let r = risk(&doc, "GR-1");
    assert_eq!(r.directorate.as_deref(), Some("Growth and Regeneration"));
    assert_eq!(r.owner.as_deref(), Some("Regeneration Manager"));
    assert_eq!(r.theme.as_deref(), Some("A prosperous county"));
    assert_eq!(lis(&r.current), [Some(3.0), Some(5.0), Some(15.0)]);
    assert_eq!(r.rating, Some(Band::VeryHigh));
}

#[test]
fn every_fixture_is_read_with_no_unreadable_rating() {
    let dir = PathBuf::from(DIR);
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc = read(&name);
        assert!(!doc.risks.is_empty(), "{name}: no risks");
        let bad: Vec<&str> = doc
            .findings
            .iter()
            .filter(|f| {
                f.rule == "value-unreadable" && f.field.as_deref().is_some_and(|x| x.contains('.'))
            })
            .map(|f| f.message.as_str())
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:?}");
    }
}

#[test]
fn words_read_on_the_workbooks_own_scoring_key() {
    let doc = read("words_from_a_scoring_key_sheet.xlsx");
    assert_eq!(ids(&doc), ["PK1", "PK2", "PK3"]);
    // "How often" and "How bad" hold the words of the key's likelihood and impact.
    let r = risk(&doc, "PK1");
    assert_eq!(lis(&r.current), [Some(2.0), Some(4.0), Some(8.0)]);
    assert_eq!(scale(r), Some((4.0, 4.0)));
    assert_eq!(r.rating, Some(Band::High));
    assert_eq!(
        lis(&risk(&doc, "PK3").current),
        [Some(4.0), Some(1.0), Some(4.0)]
    );
}
