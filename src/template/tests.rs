use super::lists::levels;
use super::performance_return::rag_formula;
use super::prior::{prior_measures, same_directorate};
use super::risk_register::score_formula;
use super::shared::{level, Value, FIRST_DATA_ROW, HEADER_ROW};
use super::*;
use crate::config::BandRange;
use crate::layout::{Field, LayoutContext};
use crate::read::format_number;
use crate::read::{read_bytes, Workbook as ReadBook};
use crate::schema::{Band, Rating, Source};
use chrono::NaiveDate;

/// A 4 x 6 matrix (likelihood 1-4, impact 1-6), its own bands, and no themes.
fn four_by_six() -> Config {
    let mut c = Config::default();
    c.risk.likelihood = ["Remote", "Possible", "Probable", "Highly likely"]
        .map(String::from)
        .to_vec();
    c.risk.impact = [
        "Insignificant",
        "Minor",
        "Moderate",
        "Serious",
        "Major",
        "Catastrophic",
    ]
    .map(String::from)
    .to_vec();
    c.risk.bands = vec![
        BandRange {
            band: Band::Low,
            min: 1.0,
            max: 5.0,
        },
        BandRange {
            band: Band::Medium,
            min: 6.0,
            max: 11.0,
        },
        BandRange {
            band: Band::High,
            min: 12.0,
            max: 17.0,
        },
        BandRange {
            band: Band::VeryHigh,
            min: 18.0,
            max: 24.0,
        },
    ];
    c.risk.escalation_score = 18.0;
    c.risk.appetite_score = 12.0;
    c.validate().expect("a valid 4 x 6 configuration");
    c
}

fn period(label: &str) -> Period {
    crate::values::parse_period(label, 4, None).unwrap()
}

fn read(bytes: Vec<u8>) -> ReadBook {
    read_bytes(bytes, "template.xlsx", "xlsx", "template").expect("the template reads")
}

fn sheet<'a>(wb: &'a ReadBook, name: &str) -> &'a crate::read::Sheet {
    wb.sheets.iter().find(|s| s.name == name).unwrap()
}

fn column_values(wb: &ReadBook, sheet_name: &str, header: &str) -> Vec<String> {
    let s = sheet(wb, sheet_name);
    let col = s
        .row(0)
        .unwrap()
        .values()
        .find(|c| c.text().as_deref() == Some(header))
        .map(|c| c.col);
    let Some(col) = col else { return Vec::new() };
    s.rows
        .iter()
        .filter(|r| r.index > 0)
        .filter_map(|r| r.get(col).and_then(|c| c.text()))
        .collect()
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut f = zip.by_name(name).unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut f, &mut out).unwrap();
    out
}

fn risk(id: &str, l: f64, i: f64) -> Risk {
    Risk {
        id: id.into(),
        title: Some(format!("Risk {id}")),
        owner: Some("Head of Service".into()),
        directorate: Some("Place".into()),
        inherent: Rating::of(l, i),
        current: Rating::of(l, i),
        target: Rating::of(1.0, i),
        mitigations: Some("Action plan".into()),
        last_reviewed: NaiveDate::from_ymd_opt(2024, 11, 1),
        next_review: NaiveDate::from_ymd_opt(2024, 12, 1),
        ..Default::default()
    }
}

#[test]
fn a_four_by_six_matrix_without_themes_makes_valid_templates() {
    let config = four_by_six();
    let opts = TemplateOptions {
        directorate: Some("Place".into()),
        period: Some(period("2024-25 Q3")),
        prior: Some(Prior {
            risks: vec![risk("PL-R01", 4.0, 6.0), risk("PL-R02", 2.0, 3.0)],
            ..Default::default()
        }),
    };
    let bytes = template_bytes(TemplateKind::RiskRegister, &opts, &config).unwrap();
    let wb = read(bytes.clone());
    assert_eq!(
        column_values(&wb, "Lists", "Likelihood"),
        [
            "1 - Remote",
            "2 - Possible",
            "3 - Probable",
            "4 - Highly likely"
        ]
    );
    assert_eq!(column_values(&wb, "Lists", "Impact").len(), 6);
    assert_eq!(column_values(&wb, "Lists", "Impact")[5], "6 - Catastrophic");
    assert!(column_values(&wb, "Lists", "Theme").is_empty());
    // No theme list: the Theme column takes free text, and no name points at an empty range.
    let workbook = zip_part(&bytes, "xl/workbook.xml");
    assert!(!workbook.contains("name=\"Themes\""), "{workbook}");
    assert!(
        workbook.contains("name=\"Impact\">Lists!$D$2:$D$7<"),
        "{workbook}"
    );
    let main = zip_part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(!main.contains("<formula1>Themes</formula1>"));
    assert!(main.contains("<formula1>Impact</formula1>"));
    // The carried risk shows its levels on the 4 x 6 scale, and its score as worked out.
    let s = sheet(&wb, "Risk Register");
    let row = s.row(FIRST_DATA_ROW).unwrap();
    assert_eq!(
        row.get(6).and_then(|c| c.text()).as_deref(),
        Some("4 - Highly likely")
    );
    assert_eq!(
        row.get(7).and_then(|c| c.text()).as_deref(),
        Some("6 - Catastrophic")
    );
    assert_eq!(row.get(8).and_then(|c| c.text()).as_deref(), Some("24"));
    // The bands are the configured ones.
    assert!(
        main.contains("<formula>18</formula><formula>24</formula>"),
        "bands"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("place_register.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let doc = crate::normalise_paths(
        &[path],
        &crate::Options {
            config: config.clone(),
            ..Default::default()
        },
    );
    assert!(doc.findings.is_empty(), "{:#?}", doc.findings);
    assert_eq!(doc.risks.len(), 2);
    let r = &doc.risks[0];
    assert_eq!(
        (r.current.likelihood, r.current.impact, r.current.score),
        (Some(4.0), Some(6.0), Some(24.0))
    );
    assert_eq!(r.rating, Some(Band::VeryHigh));
    assert_eq!(r.directorate.as_deref(), Some("Place"));

    let perf = template_bytes(TemplateKind::PerformanceReturn, &opts, &config).unwrap();
    let wb = read(perf);
    assert!(column_values(&wb, "Lists", "Theme").is_empty());
    assert_eq!(
        column_values(&wb, "Lists", "Polarity"),
        ["Higher is better", "Lower is better"]
    );
}

#[test]
fn the_embedded_profile_names_every_column_by_field() {
    let config = Config::default();
    let opts = TemplateOptions {
        directorate: Some("Resources".into()),
        period: Some(period("2024-25 Q2")),
        prior: None,
    };
    for kind in [
        TemplateKind::RiskRegister,
        TemplateKind::PerformanceReturn,
        TemplateKind::ActionPlan,
    ] {
        let wb = read(template_bytes(kind, &opts, &config).unwrap());
        let profile = crate::layout::profile::embedded(&wb).expect("an embedded profile");
        let p = profile.find("anything.xlsx", kind.sheet_name()).unwrap();
        assert_eq!(p.kind.as_deref(), Some(kind.as_str()));
        assert_eq!(p.header_rows, Some(vec![5]));
        assert_eq!(p.financial_year.as_deref(), Some("2024/25"));
        assert_eq!(p.directorate.as_deref(), Some("Resources"));
        for (letter, field) in &p.columns {
            if field != "extra" {
                assert!(Field::parse(field, 4).is_some(), "{letter} = {field}");
            }
        }
        let instructions = profile.find("x.xlsx", "Instructions").unwrap();
        assert_eq!(instructions.kind.as_deref(), Some("skip"));
        match kind {
            TemplateKind::RiskRegister => {
                assert_eq!(p.columns.len(), 25);
                assert_eq!(p.columns["G"], "inherent.likelihood");
                assert_eq!(p.columns["M"], "current.score");
                assert_eq!(p.columns["Y"], "escalate");
            }
            TemplateKind::PerformanceReturn => {
                assert_eq!(p.columns["I"], "extra");
                assert_eq!(p.columns["J"], "actual@2024-25 Q2");
                assert_eq!(p.columns["K"], "rag@2024-25 Q2");
                assert_eq!(p.columns["L"], "commentary@2024-25 Q2");
                assert!(matches!(
                    Field::parse(&p.columns["J"], 4),
                    Some(Field::Period { ref period, .. }) if period.label == "2024-25 Q2"
                ));
            }
            TemplateKind::ActionPlan => {
                assert_eq!(p.columns.len(), 13);
                assert_eq!(p.columns["A"], "id");
                assert_eq!(p.columns["G"], "due");
                assert_eq!(p.columns["H"], "status");
                assert_eq!(p.columns["I"], "percent_complete");
                assert_eq!(p.columns["J"], "rag");
                assert_eq!(p.columns["K"], "commentary");
            }
        }
    }
    // Without a period the values are plain fields; the period is typed in the title.
    let wb = read(
        template_bytes(
            TemplateKind::PerformanceReturn,
            &TemplateOptions::default(),
            &config,
        )
        .unwrap(),
    );
    let profile = crate::layout::profile::embedded(&wb).unwrap();
    let p = &profile.sheets[0];
    assert_eq!(
        (
            p.columns["J"].as_str(),
            p.financial_year.as_ref(),
            p.directorate.as_ref()
        ),
        ("actual", None, None)
    );
}

#[test]
fn the_headers_alone_read_as_the_profile_says() {
    // A template whose hidden layout sheet was deleted still reads by its headers.
    let config = Config::default();
    let opts = TemplateOptions {
        period: Some(period("2024-25 Q2")),
        ..Default::default()
    };
    for kind in [TemplateKind::RiskRegister, TemplateKind::PerformanceReturn] {
        let wb = read(template_bytes(kind, &opts, &config).unwrap());
        let profile = crate::layout::profile::embedded(&wb).unwrap();
        let p = &profile.sheets[0];
        let s = sheet(&wb, kind.sheet_name());
        let layout = crate::layout::detect(
            s,
            &LayoutContext {
                config: &config,
                financial_year: None,
                profile: None,
                legends: &[],
            },
        );
        let table = &layout.tables[0];
        assert_eq!(table.header_rows, vec![HEADER_ROW], "{kind:?}");
        for (letter, field) in &p.columns {
            let col = crate::layout::profile::letter_index(letter).unwrap();
            let found = table
                .column(col)
                .and_then(|c| c.field.as_ref())
                .map(Field::name);
            // "RAG" and "Commentary" read as the row's values for its actual's period: the
            // same as the profile's rag@ and commentary@ that period.
            let want = (field != "extra").then(|| match field.split_once('@') {
                Some((part @ ("rag" | "commentary"), _)) => part.to_string(),
                _ => field.clone(),
            });
            assert_eq!(found, want, "{kind:?} column {letter}");
        }
    }
}

#[test]
fn formulas_multiply_levels_and_judge_rag_by_polarity() {
    assert_eq!(
        score_formula("G6", "H6"),
        "=IFERROR(VALUE(LEFT(G6,FIND(\" \",G6&\" \")-1))*VALUE(LEFT(H6,FIND(\" \",H6&\" \")-1)),\"\")"
    );
    let rag = rag_formula(5, 5.0);
    assert!(rag.contains("ISNUMBER(J6)") && rag.contains("ISNUMBER(H6)"));
    assert!(rag.contains("LEFT(C6,4)=\"Stat\""), "statistics get no RAG");
    assert!(rag.contains("*0.05+1E-9"), "{rag}");
    assert!(
        rag.contains("CELL(\"format\",J6)"),
        "85% typed as a percentage is 85"
    );
    assert_eq!(rag.matches('(').count(), rag.matches(')').count());
    assert_eq!(format_number(0.075), "0.075");
    assert_eq!(format_number(20.0), "20");
}

#[test]
fn levels_show_number_and_label_and_keep_off_scale_values() {
    let labels = Config::default().risk.likelihood;
    assert!(matches!(level(Some(4.0), &labels), Value::Text(t) if t == "4 - Likely"));
    assert!(matches!(level(Some(2.5), &labels), Value::Number(x) if x == 2.5));
    assert!(matches!(level(Some(6.0), &labels), Value::Number(x) if x == 6.0));
    assert!(matches!(level(None, &labels), Value::Empty));
    // goldthread reads back what the dropdown shows.
    for (i, shown) in levels(&labels).iter().enumerate() {
        assert_eq!(
            crate::values::parse_level(shown, &labels),
            Some(i as f64 + 1.0),
            "{shown}"
        );
    }
}

#[test]
fn prior_loads_consolidations_and_refuses_other_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corporate.json");
    std::fs::write(
        &path,
        r#"{"risks": [{"id": "R1", "title": "T", "description": null, "owner": null,
            "directorate": "Place", "service": null, "theme": null, "category": null,
            "register": null, "inherent": {"likelihood": 4, "impact": 5, "score": 20},
            "current": {"likelihood": null, "impact": null, "score": null},
            "target": {"likelihood": null, "impact": null, "score": null}, "rating": null,
            "controls": null, "mitigations": null, "last_reviewed": "2024-09-30",
            "next_review": null, "trend": "stable", "status": "open",
            "source": {"file": "a.xlsx", "sheet": "S", "row": 5},
            "escalated": true, "escalation_reason": "score 20 >= 15"}],
            "submissions": [], "summary": {}}"#,
    )
    .unwrap();
    let prior = Prior::load(&path).unwrap();
    assert_eq!(prior.risks.len(), 1);
    assert_eq!(prior.risks[0].inherent.score, Some(20.0));
    assert!(prior.measures.is_empty());

    std::fs::write(&path, r#"{"sheets": []}"#).unwrap();
    assert!(Prior::load(&path)
        .unwrap_err()
        .to_string()
        .contains("no risks, measures or observations"));
    std::fs::write(&path, "not json").unwrap();
    assert!(Prior::load(&path)
        .unwrap_err()
        .to_string()
        .contains("is not the JSON"));
    assert!(Prior::load(&dir.path().join("missing.json"))
        .unwrap_err()
        .to_string()
        .contains("Cannot read"));
}

#[test]
fn the_prior_is_narrowed_to_the_directorate_and_its_latest_values() {
    let mut config = Config::default();
    config
        .framework
        .directorates
        .push(crate::config::Directorate {
            name: "Children's Services".into(),
            aliases: vec!["CS".into()],
        });
    assert!(same_directorate(Some("Childrens Services"), "CS", &config));
    assert!(!same_directorate(Some("Place"), "CS", &config));
    let m = |id: &str, dir: &str, file: &str| Measure {
        id: id.into(),
        directorate: Some(dir.into()),
        source: Source {
            file: file.into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let o = |id: &str, label: &str, actual: Option<f64>, target: Option<f64>, file: &str| {
        let p = period(label);
        Observation {
            measure_id: id.into(),
            period: Some(p.label),
            period_start: Some(p.start),
            period_end: Some(p.end),
            dimensions: Default::default(),
            actual,
            target,
            rag: None,
            rag_source: None,
            direction: None,
            direction_source: None,
            commentary: None,
            source: Source {
                file: file.into(),
                ..Default::default()
            },
            cells: Default::default(),
            extra: Default::default(),
        }
    };
    let prior = Prior {
        measures: vec![
            m("CS1", "Children's Services", "q1.xlsx"),
            m("CS1", "Children's Services", "q2.xlsx"),
            m("CS1", "Place", "place.xlsx"),
        ],
        observations: vec![
            o("CS1", "2024-25 Q1", Some(10.0), Some(12.0), "q1.xlsx"),
            o("CS1", "2024-25 Q2", Some(11.0), Some(13.0), "q2.xlsx"),
            o("CS1", "2024-25 Q3", None, Some(14.0), "q2.xlsx"),
            o("CS1", "2024-25 Q2", Some(99.0), Some(99.0), "place.xlsx"),
        ],
        ..Prior::default()
    };
    let got = prior_measures(&prior, Some("CS"), Some(&period("2024-25 Q3")), &config);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].target, Some(14.0));
    assert_eq!(got[0].previous, Some((11.0, "2024-25 Q2".to_string())));
    assert_eq!(got[0].measure.source.file, "q2.xlsx");
    // For Q2 itself, the previous value is Q1's and the target the latest up to Q2.
    let got = prior_measures(&prior, Some("CS"), Some(&period("2024-25 Q2")), &config);
    assert_eq!(got[0].previous, Some((10.0, "2024-25 Q1".to_string())));
    assert_eq!(got[0].target, Some(13.0));
}

#[test]
fn labels_with_other_characters_are_shown_so_they_read_back() {
    let labels: Vec<String> = [
        "Rare (<10%)",
        "Unlikely",
        "Very high/severe",
        "Don't know",
        "Almost certain (>90%)",
        "50/50",
    ]
    .map(String::from)
    .to_vec();
    let shown = levels(&labels);
    assert_eq!(
        shown,
        [
            "1 - Rare",
            "2 - Unlikely",
            "3 - Very high severe",
            "4 - Dont know",
            "5 - Almost certain",
            "6",
        ]
    );
    for (i, s) in shown.iter().enumerate() {
        assert_eq!(
            crate::values::parse_level(s, &labels),
            Some(i as f64 + 1.0),
            "{s}"
        );
    }
}
