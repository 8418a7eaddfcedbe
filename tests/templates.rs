//! Return templates: the committed defaults are current, and a template filled in by another
//! tool (openpyxl: formulas left without results) reads back with every value in its field and
//! no findings but the one planted.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use goldthread::config::{Directorate, Theme};
use goldthread::schema::field::{Key, Name, RatingPart, Stage};
use goldthread::schema::{
    Measure, MeasureKind, Observation, Period, Polarity, Rag, RagSource, Rating, Risk, RiskStatus,
    Source, Trend, Unit,
};
use goldthread::template::{
    template_bytes, write_default_templates, write_template, Prior, TemplateKind, TemplateOptions,
};
use goldthread::{Config, Document, Options};
use serde_json::{json, Value};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn q(label: &str) -> Period {
    goldthread::values::parse_period(label, 4, None).unwrap()
}

const AS_OF: (i32, u32, u32) = (2024, 11, 15);

/// Eastmere's framework: one directorate (so no other is missing) and three themes.
fn config() -> Config {
    let mut c = Config::default();
    c.framework.council = Some("Eastmere Borough Council".into());
    c.framework.directorates.push(Directorate {
        name: "Adults and Health".into(),
        aliases: vec!["Adults".into()],
    });
    for t in ["Helping People", "Shaping Places", "Great Council"] {
        c.framework.themes.push(Theme {
            name: t.into(),
            priorities: vec![],
        });
    }
    c
}

fn read_back(path: &Path, config: &Config) -> Document {
    let opts = Options {
        config: config.clone(),
        as_of: Some(d(AS_OF.0, AS_OF.1, AS_OF.2)),
        ..Default::default()
    };
    goldthread::normalise_and_check(&[path.to_path_buf()], &opts).expect("checks run")
}

fn rules(doc: &Document) -> Vec<String> {
    doc.findings
        .iter()
        .map(|f| format!("{} {} {:?}: {}", f.rule, f.file, f.cell, f.message))
        .collect()
}

// ------------------------------------------------------------------ the committed templates

#[test]
fn templates_folder_is_current() {
    let dir = tempfile::tempdir().unwrap();
    write_default_templates(dir.path()).expect("templates are written");
    let stale: Vec<&str> = [TemplateKind::RiskRegister, TemplateKind::PerformanceReturn]
        .iter()
        .map(|k| k.file_name())
        .filter(|name| {
            let fresh = std::fs::read(dir.path().join(name)).unwrap();
            let committed = std::fs::read(Path::new("templates").join(name)).unwrap_or_default();
            fresh != committed
        })
        .collect();
    assert!(
        stale.is_empty(),
        "stale templates {stale:?}: run `cargo run --example make_templates` and review"
    );
}

#[test]
fn templates_are_byte_for_byte_deterministic() {
    let opts = TemplateOptions {
        directorate: Some("Adults".into()),
        period: Some(q("2024-25 Q2")),
        prior: Some(prior()),
    };
    for kind in [TemplateKind::RiskRegister, TemplateKind::PerformanceReturn] {
        let a = template_bytes(kind, &opts, &config()).unwrap();
        let b = template_bytes(kind, &opts, &config()).unwrap();
        assert_eq!(a, b, "{kind:?}");
    }
}

#[test]
fn default_templates_read_back_empty_and_clean() {
    for kind in [TemplateKind::RiskRegister, TemplateKind::PerformanceReturn] {
        let doc = read_back(
            &Path::new("templates").join(kind.file_name()),
            &Config::default(),
        );
        assert!(doc.findings.is_empty(), "{:#?}", rules(&doc));
        assert_eq!(doc.risks.len() + doc.measures.len(), 0);
        let sheets = &doc.files[0].sheets;
        let main = sheets
            .iter()
            .find(|s| s.sheet == kind.sheet_name())
            .unwrap();
        assert!(main.kind.is_some(), "{main:?}");
        assert_eq!(main.header_rows, vec![vec![5]]);
        // Nothing of an empty template is data: titles, headers, and sheets that are no return.
        assert_eq!(main.cells.mapped, 0);
    }
}

/// The parts of the xlsx package, by name.
fn parts(path: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut text = String::new();
        if std::io::Read::read_to_string(&mut f, &mut text).is_ok() {
            out.push((name, text));
        }
    }
    out
}

#[test]
fn templates_carry_instructions_lists_layout_and_protection() {
    for kind in [TemplateKind::RiskRegister, TemplateKind::PerformanceReturn] {
        let path = Path::new("templates").join(kind.file_name());
        let parts = parts(&path);
        let get = |name: &str| {
            parts
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or_else(|| panic!("{name} in {}", path.display()))
        };
        let workbook = get("xl/workbook.xml");
        // Instructions first; Lists and goldthread hidden.
        let order: Vec<&str> = workbook
            .split("<sheet ")
            .skip(1)
            .map(|s| s.split('"').nth(1).unwrap())
            .collect();
        assert_eq!(
            order,
            ["Instructions", kind.sheet_name(), "Lists", "goldthread"]
        );
        assert_eq!(
            workbook.matches("state=\"hidden\"").count(),
            2,
            "{workbook}"
        );
        assert!(
            workbook.contains("<definedName name=\"Likelihood\">Lists!$")
                || kind == TemplateKind::PerformanceReturn
        );
        let strings = get("xl/sharedStrings.xml");
        assert!(strings.contains("goldthread template layout"));
        assert!(strings.contains("How to fill in this"));
        for n in 1..=4 {
            let sheet = get(&format!("xl/worksheets/sheet{n}.xml"));
            assert!(sheet.contains("<sheetProtection"), "sheet{n} is protected");
            assert!(!sheet.contains("password="), "no password on sheet{n}");
        }
        let main = get("xl/worksheets/sheet2.xml");
        assert!(main.contains("<pane "), "frozen panes");
        assert!(main.contains("<dataValidations"), "dropdowns");
        assert!(main.contains("orientation=\"landscape\""), "landscape");
        assert!(main.contains("fitToHeight=\"0\""), "one page wide");
        assert!(workbook.contains("_xlnm.Print_Titles"), "header repeated");
        match kind {
            TemplateKind::RiskRegister => {
                assert!(strings.contains("4 - Likely"));
                assert!(strings.contains("Description (cause, event, effect)"));
                assert!(main.contains("<conditionalFormatting"), "score bands");
                assert!(main.contains(
                    "IFERROR(VALUE(LEFT(G6,FIND(\" \",G6&amp;\" \")-1))*VALUE(LEFT(H6,FIND(\" \",H6&amp;\" \")-1)),\"\")"
                ));
                let styles = get("xl/styles.xml");
                for fill in ["C6EFCE", "FFEB9C", "F8CBAD", "FFC7CE"] {
                    assert!(styles.contains(fill), "band fill {fill}");
                }
            }
            TemplateKind::PerformanceReturn => {
                assert!(strings.contains("Higher is better"));
                assert!(main.contains("\"Green\""), "RAG formula");
            }
            // Not a default template: tests/action_layouts.rs checks it.
            TemplateKind::ActionPlan => {}
        }
    }
}

// ------------------------------------------------------------------ filling in with openpyxl

const FILLER: &str = r#"
import datetime, json, sys
import openpyxl

src, dst, spec_path = sys.argv[1:4]
with open(spec_path) as f:
    spec = json.load(f)
wb = openpyxl.load_workbook(src)
ws = wb[spec["sheet"]]
for ref, value in spec["cells"]:
    if isinstance(value, dict) and "date" in value:
        value = datetime.date.fromisoformat(value["date"])
    elif isinstance(value, dict):
        ws[ref].number_format = value["format"]
        value = value["number"]
    ws[ref] = value
report = {
    "locked": {ref: ws[ref].protection.locked for ref in spec.get("locked", [])},
    "protected": bool(ws.protection.sheet),
    "sheets": wb.sheetnames,
    "states": {s.title: s.sheet_state for s in wb.worksheets},
    "formulas": {ref: str(ws[ref].value) for ref in spec.get("formulas", [])},
}
wb.save(dst)
print(json.dumps(report))
"#;

fn have_openpyxl() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            std::env::var_os("GOLDTHREAD_REQUIRE_TOOLS").is_none(),
            "python3 with openpyxl is required (GOLDTHREAD_REQUIRE_TOOLS is set, as in CI)"
        );
        eprintln!(
            "note: python3 with openpyxl is not available; the fill-in round trip is skipped"
        );
    }
    ok
}

/// Fills `template` as a person would in another tool, writing `out`; returns what openpyxl saw.
fn fill(dir: &Path, template: &Path, out: &Path, spec: Value) -> Value {
    let script = dir.join("fill.py");
    std::fs::write(&script, FILLER).unwrap();
    let spec_path = dir.join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let output = Command::new("python3")
        .arg(&script)
        .arg(template)
        .arg(out)
        .arg(&spec_path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "filler failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("filler reports JSON")
}

fn date(s: &str) -> Value {
    json!({ "date": s })
}

/// Three risks typed row by row; the second has no owner (the one planted finding).
fn register_cells() -> Vec<(String, Value)> {
    let rows: [[Value; 25]; 3] = [
        [
            json!("AH-R01"),
            json!("Care market failure"),
            json!("Providers leave the market, so care packages cannot be arranged, so people wait in hospital."),
            json!("Helping People"),
            json!("Operational"),
            json!("Director of Adult Social Care"),
            json!("5 - Almost certain"),
            json!("5 - Critical"),
            Value::Null,
            json!("Market position statement; provider forums."),
            json!("4 - Likely"),
            json!("4 - Major"),
            Value::Null,
            json!("Fee uplift review; in-house reablement service."),
            json!("Head of Commissioning"),
            date("2025-03-31"),
            json!("2 - Unlikely"),
            json!("3 - Moderate"),
            Value::Null,
            json!("Increasing"),
            date("2023-05-10"),
            date("2024-11-01"),
            date("2024-12-01"),
            json!("Open"),
            json!("Yes"),
        ],
        [
            json!("AH-R02"),
            json!("Safeguarding referral backlog"),
            json!("Rising referrals, so triage slips, so a risk to an adult is missed."),
            json!("Helping People"),
            json!("Safeguarding"),
            Value::Null, // planted: no owner
            json!("4 - Likely"),
            json!("3 - Moderate"),
            Value::Null,
            json!("Daily triage huddle."),
            json!("3 - Possible"),
            json!("3 - Moderate"),
            Value::Null,
            json!("Recruit two senior practitioners."),
            json!("Safeguarding Lead"),
            date("2025-01-31"),
            json!("2 - Unlikely"),
            json!("2 - Minor"),
            Value::Null,
            json!("Stable"),
            date("2024-02-01"),
            date("2024-10-20"),
            date("2025-01-20"),
            json!("Open"),
            json!("No"),
        ],
        [
            json!("AH-R03"),
            json!("Data breach in case records"),
            json!("Records emailed to the wrong recipient, so personal data is disclosed, so harm and a fine."),
            json!("Great Council"),
            json!("Technology and information"),
            json!("Head of Business Support"),
            json!("3 - Possible"),
            json!("4 - Major"),
            Value::Null,
            json!("Secure email; annual training."),
            json!("2 - Unlikely"),
            json!("4 - Major"),
            Value::Null,
            json!("Email address checks."),
            json!("Information Governance Manager"),
            date("2025-02-28"),
            json!("1 - Rare"),
            json!("4 - Major"),
            Value::Null,
            json!("Decreasing"),
            date("2022-09-01"),
            date("2024-09-30"),
            date("2025-03-31"),
            json!("Open"),
            json!("No"),
        ],
    ];
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_null() {
                let letter = goldthread::schema::column_letters(c as u32);
                cells.push((format!("{letter}{}", r + 6), v.clone()));
            }
        }
    }
    cells
}

fn rating(l: f64, i: f64) -> Rating {
    Rating::of(l, i)
}

#[test]
fn risk_register_filled_in_elsewhere_reads_back_into_its_fields() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config();
    let template = dir.path().join("template.xlsx");
    let opts = TemplateOptions {
        directorate: Some("Adults and Health".into()),
        period: Some(q("2024-25 Q2")),
        prior: None,
    };
    write_template(TemplateKind::RiskRegister, &opts, &config, &template).unwrap();
    let filled = dir.path().join("returns").join("adults_risks_q2.xlsx");
    std::fs::create_dir_all(filled.parent().unwrap()).unwrap();
    let report = fill(
        dir.path(),
        &template,
        &filled,
        json!({
            "sheet": "Risk Register",
            "cells": register_cells(),
            "locked": ["A5", "I6", "M6", "S6", "A6", "G6", "Y6"],
            "formulas": ["M6"],
        }),
    );
    assert_eq!(
        report["sheets"],
        json!(["Instructions", "Risk Register", "Lists", "goldthread"])
    );
    assert_eq!(report["states"]["Lists"], "hidden");
    assert_eq!(report["states"]["goldthread"], "hidden");
    assert_eq!(report["protected"], true);
    assert_eq!(
        report["locked"],
        json!({"A5": true, "I6": true, "M6": true, "S6": true, "A6": false, "G6": false, "Y6": false})
    );
    assert!(report["formulas"]["M6"]
        .as_str()
        .unwrap()
        .starts_with("=IFERROR("));

    let doc = read_back(&filled, &config);
    let found = rules(&doc);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("risk-no-owner"), "{found:#?}");
    assert_eq!(doc.findings[0].record_id.as_deref(), Some("AH-R02"));
    assert_eq!(doc.findings[0].cell.as_deref(), Some("F7"));

    assert_eq!(doc.risks.len(), 3);
    let r = &doc.risks[0];
    assert_eq!(r.id, "AH-R01");
    assert_eq!(r.title.as_deref(), Some("Care market failure"));
    assert!(r
        .description
        .as_deref()
        .unwrap()
        .starts_with("Providers leave"));
    assert_eq!(r.theme.as_deref(), Some("Helping People"));
    assert_eq!(r.category.as_deref(), Some("Operational"));
    assert_eq!(r.owner.as_deref(), Some("Director of Adult Social Care"));
    assert_eq!(r.directorate.as_deref(), Some("Adults and Health"));
    assert_eq!(r.inherent, rating(5.0, 5.0));
    assert_eq!(r.current, rating(4.0, 4.0));
    assert_eq!(r.target, rating(2.0, 3.0));
    assert_eq!(r.rating, Some(goldthread::schema::Band::VeryHigh));
    assert_eq!(
        r.controls.as_deref(),
        Some("Market position statement; provider forums.")
    );
    assert_eq!(
        r.mitigations.as_deref(),
        Some("Fee uplift review; in-house reablement service.")
    );
    assert_eq!(r.action_owner.as_deref(), Some("Head of Commissioning"));
    assert_eq!(r.action_due, Some(d(2025, 3, 31)));
    assert_eq!(r.trend, Some(Trend::Increasing));
    assert_eq!(r.date_identified, Some(d(2023, 5, 10)));
    assert_eq!(r.last_reviewed, Some(d(2024, 11, 1)));
    assert_eq!(r.next_review, Some(d(2024, 12, 1)));
    assert_eq!(r.status, RiskStatus::Open);
    assert_eq!(r.escalate, Some(true));
    assert_eq!(r.source.row, 6);
    assert_eq!(
        r.cells
            .get(Key::Rating(Stage::Current, RatingPart::Likelihood))
            .as_deref(),
        Some("K6")
    );
    assert!(r.extra.is_empty(), "{:?}", r.extra);

    let r = &doc.risks[1];
    assert_eq!(r.id, "AH-R02");
    assert_eq!(r.owner, None);
    assert_eq!(r.category.as_deref(), Some("Safeguarding"));
    assert_eq!(
        (r.inherent, r.current, r.target),
        (rating(4.0, 3.0), rating(3.0, 3.0), rating(2.0, 2.0))
    );
    assert_eq!(r.trend, Some(Trend::Stable));
    assert_eq!(r.escalate, Some(false));
    assert_eq!(r.last_reviewed, Some(d(2024, 10, 20)));

    let r = &doc.risks[2];
    assert_eq!(r.id, "AH-R03");
    assert_eq!(r.theme.as_deref(), Some("Great Council"));
    assert_eq!(
        (r.inherent, r.current, r.target),
        (rating(3.0, 4.0), rating(2.0, 4.0), rating(1.0, 4.0))
    );
    assert_eq!(r.trend, Some(Trend::Decreasing));
    assert_eq!(r.next_review, Some(d(2025, 3, 31)));
    assert_eq!(doc.summary.cells.extra, 0);
}

// ------------------------------------------------------------------ performance, from a prior

fn measure(
    id: &str,
    title: &str,
    kind: MeasureKind,
    unit: Unit,
    polarity: Option<Polarity>,
    directorate: &str,
    file: &str,
) -> Measure {
    Measure {
        id: id.into(),
        title: Some(title.into()),
        kind: Some(kind),
        unit: Some(unit),
        polarity,
        frequency: Some("quarterly".into()),
        directorate: Some(directorate.into()),
        theme: Some("Helping People".into()),
        owner: Some(format!("Owner of {id}")),
        source: Source {
            file: file.into(),
            sheet: "KPIs".into(),
            row: 5,
            cell: None,
        },
        ..Default::default()
    }
}

fn observation(
    id: &str,
    period: &str,
    actual: Option<f64>,
    target: Option<f64>,
    file: &str,
) -> Observation {
    let p = q(period);
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
            sheet: "KPIs".into(),
            row: 5,
            cell: None,
        },
        cells: Default::default(),
        extra: Default::default(),
    }
}

/// Last quarter's returns: three Adults measures (a KPI, a PI, a statistic), one of Place's,
/// and two Adults risks (one closed).
/// The statistic has no owner yet: its Owner cell is left open for the service.
fn prior() -> Prior {
    let (a, p) = ("adults_q1.xlsx", "place_q1.xlsx");
    let mut prior = Prior {
        measures: vec![
            measure(
                "AH01",
                "% of assessments completed within 28 days",
                MeasureKind::Kpi,
                Unit::Percent,
                Some(Polarity::HigherIsBetter),
                "Adults and Health",
                a,
            ),
            measure(
                "AH02",
                "Average days to arrange a care package",
                MeasureKind::Pi,
                Unit::Days,
                Some(Polarity::LowerIsBetter),
                "Adults and Health",
                a,
            ),
            measure(
                "AH03",
                "Number of safeguarding referrals",
                MeasureKind::Statistic,
                Unit::Number,
                None,
                "Adults and Health",
                a,
            ),
            measure(
                "PL01",
                "Planning applications decided in time",
                MeasureKind::Kpi,
                Unit::Percent,
                Some(Polarity::HigherIsBetter),
                "Place",
                p,
            ),
        ],
        observations: vec![
            observation("AH01", "2024-25 Q1", Some(82.0), Some(85.0), a),
            observation("AH02", "2024-25 Q1", Some(11.0), Some(10.0), a),
            observation("AH03", "2024-25 Q1", Some(250.0), None, a),
            observation("PL01", "2024-25 Q1", Some(90.0), Some(88.0), p),
        ],
        risks: vec![
            Risk {
                id: "AH-R01".into(),
                title: Some("Care market failure".into()),
                owner: Some("Director of Adult Social Care".into()),
                directorate: Some("Adults and Health".into()),
                theme: Some("Helping People".into()),
                inherent: rating(5.0, 5.0),
                current: rating(4.0, 4.0),
                target: rating(2.0, 3.0),
                mitigations: Some("Fee uplift review.".into()),
                last_reviewed: Some(d(2024, 11, 1)),
                next_review: Some(d(2024, 12, 1)),
                trend: Some(Trend::Stable),
                escalate: Some(true),
                ..Default::default()
            },
            Risk {
                id: "AH-R09".into(),
                title: Some("Closed last quarter".into()),
                directorate: Some("Adults and Health".into()),
                status: RiskStatus::Closed,
                ..Default::default()
            },
        ],
        actions: vec![],
    };
    prior.measures[2].owner = None;
    prior
}

#[test]
fn performance_return_from_a_prior_lists_the_directorates_measures_and_reads_back() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config();
    // The prior travels as the JSON `goldthread normalise` writes.
    let prior_path = dir.path().join("prior.json");
    let p = prior();
    std::fs::write(
        &prior_path,
        json!({"goldthread": "0.1.0", "risks": p.risks, "measures": p.measures, "observations": p.observations, "findings": []}).to_string(),
    )
    .unwrap();
    let loaded = Prior::load(&prior_path).expect("prior loads");
    assert_eq!(loaded.measures.len(), 4);
    let template = dir.path().join("template.xlsx");
    let opts = TemplateOptions {
        directorate: Some("Adults".into()), // an alias: the template names the directorate in full
        period: Some(q("2024-25 Q2")),
        prior: Some(loaded),
    };
    write_template(TemplateKind::PerformanceReturn, &opts, &config, &template).unwrap();
    let filled = dir.path().join("filled.xlsx");
    let report = fill(
        dir.path(),
        &template,
        &filled,
        json!({
            "sheet": "Performance Return",
            "cells": [
                ["J6", 86], ["L6", "Above target after the new triage rota."],
                ["J7", 10.4], ["L7", "Slightly over: two providers closed."],
                ["J8", 260], ["L8", "Seasonal rise."], ["G8", "Safeguarding Lead"],
            ],
            "locked": ["A6", "B6", "C6", "D6", "E6", "F6", "G6", "H6", "I6", "K6", "J6", "L6", "A9", "J9", "G8", "F8"],
        }),
    );
    assert_eq!(
        report["locked"],
        json!({"A6": true, "B6": true, "C6": true, "D6": true, "E6": true, "F6": true, "G6": true,
               "H6": true, "I6": true, "K6": true, "J6": false, "L6": false, "A9": false, "J9": false,
               "G8": false, "F8": true})
    );

    let doc = read_back(&filled, &config);
    assert!(doc.findings.is_empty(), "{:#?}", rules(&doc));
    let ids: Vec<&str> = doc.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        ["AH01", "AH02", "AH03"],
        "Place's measure is not listed"
    );
    for (m, want) in doc.measures.iter().zip(&prior().measures) {
        assert_eq!(m.title, want.title);
        assert_eq!(m.kind, want.kind);
        assert_eq!(m.unit, want.unit);
        assert_eq!(m.polarity, want.polarity);
        assert_eq!(m.theme, want.theme);
        let owner = want.owner.as_deref().unwrap_or("Safeguarding Lead");
        assert_eq!(m.owner.as_deref(), Some(owner));
        assert_eq!(m.directorate.as_deref(), Some("Adults and Health"));
    }
    let previous: Vec<Option<&str>> = doc
        .measures
        .iter()
        .map(|m| m.extra.get("Previous").map(String::as_str))
        .collect();
    assert_eq!(previous, [Some("82"), Some("11"), Some("250")]);

    assert_eq!(doc.observations.len(), 3);
    type Row<'a> = (&'a str, &'a str, Option<f64>, Option<f64>, Option<Rag>);
    let o: Vec<Row> = doc
        .observations
        .iter()
        .map(|o| {
            (
                o.measure_id.as_str(),
                o.period_or_none(),
                o.actual,
                o.target,
                o.rag,
            )
        })
        .collect();
    assert_eq!(
        o,
        [
            (
                "AH01",
                "2024-25 Q2",
                Some(86.0),
                Some(85.0),
                Some(Rag::Green)
            ),
            (
                "AH02",
                "2024-25 Q2",
                Some(10.4),
                Some(10.0),
                Some(Rag::Amber)
            ),
            ("AH03", "2024-25 Q2", Some(260.0), None, None),
        ]
    );
    // openpyxl leaves the RAG formulas without results: the RAG is worked out on reading.
    assert_eq!(doc.observations[0].rag_source, Some(RagSource::Computed));
    assert_eq!(
        doc.observations[0].cells.get(Name::Actual).as_deref(),
        Some("J6")
    );
    assert_eq!(
        doc.observations[1].commentary.as_deref(),
        Some("Slightly over: two providers closed.")
    );
}

#[test]
fn default_performance_return_takes_its_directorate_and_period_from_the_title_cells() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let filled = dir.path().join("filled.xlsx");
    fill(
        dir.path(),
        &Path::new("templates").join("performance_return.xlsx"),
        &filled,
        json!({
            "sheet": "Performance Return",
            "cells": [
                ["B2", "Adults and Health"], ["B3", "2024/25 Q2"],
                ["A6", "AH10"], ["B6", "Number of carers' assessments"], ["C6", "PI"], ["D6", "Number"],
                ["E6", "Higher is better"], ["F6", "Helping People"], ["G6", "Carers Lead"], ["H6", 100],
                ["J6", 80], ["L6", "Two vacancies."],
            ],
        }),
    );
    let doc = read_back(&filled, &config());
    assert!(doc.findings.is_empty(), "{:#?}", rules(&doc));
    let m = &doc.measures[0];
    assert_eq!(
        (m.id.as_str(), m.kind, m.unit, m.polarity),
        (
            "AH10",
            Some(MeasureKind::Pi),
            Some(Unit::Number),
            Some(Polarity::HigherIsBetter)
        )
    );
    assert_eq!(m.directorate.as_deref(), Some("Adults and Health"));
    assert_eq!(m.owner.as_deref(), Some("Carers Lead"));
    let o = &doc.observations[0];
    assert_eq!(
        (o.period_or_none(), o.actual, o.target, o.rag),
        ("2024-25 Q2", Some(80.0), Some(100.0), Some(Rag::Red))
    );
    assert_eq!(o.commentary.as_deref(), Some("Two vacancies."));
}

// ------------------------------------------------------------------ carried risks

#[test]
fn risk_register_from_a_prior_carries_the_open_risks_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let config = config();
    let path = dir.path().join("adults_register.xlsx");
    let opts = TemplateOptions {
        directorate: Some("Adults and Health".into()),
        period: Some(q("2024-25 Q3")),
        prior: Some(prior()),
    };
    write_template(TemplateKind::RiskRegister, &opts, &config, &path).unwrap();
    let doc = read_back(&path, &config);
    assert_eq!(doc.risks.len(), 1, "the closed risk is not carried");
    let r = &doc.risks[0];
    let want = &prior().risks[0];
    assert_eq!(r.id, want.id);
    assert_eq!(
        (r.title.as_ref(), r.owner.as_ref(), r.theme.as_ref()),
        (
            want.title.as_ref(),
            want.owner.as_ref(),
            want.theme.as_ref()
        )
    );
    assert_eq!(
        (r.inherent, r.current, r.target),
        (want.inherent, want.current, want.target)
    );
    assert_eq!(
        (r.last_reviewed, r.next_review, r.trend, r.escalate),
        (
            want.last_reviewed,
            want.next_review,
            want.trend,
            want.escalate
        )
    );
    assert_eq!(r.mitigations, want.mitigations);
    assert!(doc.findings.is_empty(), "{:#?}", rules(&doc));
}

#[test]
fn templates_from_the_samples_carry_each_directorates_records() {
    let samples = PathBuf::from("samples");
    let config = Config::load(&samples.join("goldthread.toml")).unwrap();
    let opts = Options {
        config: config.clone(),
        as_of: Some(d(2024, 11, 15)),
        ..Default::default()
    };
    let doc = goldthread::normalise_and_check(&[samples], &opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("normalised.json");
    std::fs::write(&json_path, serde_json::to_string(&doc).unwrap()).unwrap();
    let prior = Prior::load(&json_path).unwrap();
    for directorate in ["Adults and Health", "Place"] {
        let opts = TemplateOptions {
            directorate: Some(directorate.into()),
            period: Some(q("2024-25 Q3")),
            prior: Some(prior.clone()),
        };
        let risks = dir.path().join(format!("{directorate} risks.xlsx"));
        let perf = dir.path().join(format!("{directorate} performance.xlsx"));
        write_template(TemplateKind::RiskRegister, &opts, &config, &risks).unwrap();
        write_template(TemplateKind::PerformanceReturn, &opts, &config, &perf).unwrap();
        let back = read_back(&risks, &config);
        let mut seen = std::collections::HashSet::new();
        let want: Vec<&Risk> = doc
            .risks
            .iter()
            .filter(|r| {
                r.directorate.as_deref() == Some(directorate) && r.status == RiskStatus::Open
            })
            .filter(|r| seen.insert(r.id.clone()))
            .collect();
        let got: Vec<&str> = back.risks.iter().map(|r| r.id.as_str()).collect();
        let want_ids: Vec<&str> = want.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(got, want_ids, "{directorate}");
        assert!(!got.is_empty(), "{directorate} has risks in the samples");
        for g in &back.risks {
            let copies: Vec<&Risk> = doc
                .risks
                .iter()
                .filter(|r| r.id == g.id && r.directorate.as_deref() == Some(directorate))
                .collect();
            if copies.len() != 1 {
                continue; // a duplicate reference: the latest review is carried
            }
            let w = copies[0];
            assert_eq!(g.current.likelihood, w.current.likelihood, "{}", g.id);
            assert_eq!(g.current.impact, w.current.impact, "{}", g.id);
            assert_eq!(g.title, w.title, "{}", g.id);
            assert_eq!(g.owner, w.owner, "{}", g.id);
            assert_eq!(g.last_reviewed, w.last_reviewed, "{}", g.id);
            assert_eq!(g.next_review, w.next_review, "{}", g.id);
            assert_eq!(g.trend, w.trend, "{}", g.id);
        }
        let back = read_back(&perf, &config);
        let mut want: Vec<&str> = doc
            .measures
            .iter()
            .filter(|m| m.directorate.as_deref() == Some(directorate))
            .map(|m| m.id.as_str())
            .collect();
        let mut seen = std::collections::HashSet::new();
        want.retain(|id| seen.insert(*id));
        let got: Vec<&str> = back.measures.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(got, want, "{directorate}");
    }
}

// ------------------------------------------------------------------ a real spreadsheet engine

/// Runs LibreOffice to recalculate and re-save a workbook, as a service saving it would.
fn recalculate(dir: &Path, file: &Path) -> Option<PathBuf> {
    let out = dir.join("recalculated");
    std::fs::create_dir_all(&out).ok()?;
    let profile = dir.join("lo-profile");
    let mut child = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(&out)
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait().ok()? {
            Some(status) => break status,
            None if started.elapsed() > std::time::Duration::from_secs(120) => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            None => std::thread::sleep(std::time::Duration::from_millis(100)),
        }
    };
    let path = out.join(file.file_name()?);
    (status.success() && path.exists()).then_some(path)
}

/// The formulas as LibreOffice works them out agree with goldthread: scores are L x I and the
/// RAG it writes is the RAG goldthread computes, for a percentage typed as 86 or as 86%.
/// Skipped (with a note) without LibreOffice (`soffice`) or openpyxl.
#[test]
fn formulas_worked_out_by_libreoffice_agree_with_goldthread() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config();
    let opts = TemplateOptions {
        directorate: Some("Adults and Health".into()),
        period: Some(q("2024-25 Q2")),
        prior: Some(prior()),
    };
    let register = dir.path().join("register.xlsx");
    write_template(TemplateKind::RiskRegister, &opts, &config, &register).unwrap();
    let filled_register = dir.path().join("filled_register.xlsx");
    let mut cells = register_cells();
    for c in cells.iter_mut() {
        // Row 6 is the carried risk AH-R01 (its reference locked); type the three below it.
        let (letters, row) =
            c.0.split_at(c.0.find(|ch: char| ch.is_ascii_digit()).unwrap());
        c.0 = format!("{letters}{}", row.parse::<u32>().unwrap() + 1);
        if let Some(id) = c.1.as_str().and_then(|t| t.strip_prefix("AH-R0")) {
            c.1 = json!(format!("AH-R1{id}"));
        }
    }
    fill(
        dir.path(),
        &register,
        &filled_register,
        json!({"sheet": "Risk Register", "cells": cells}),
    );

    let perf = dir.path().join("perf.xlsx");
    write_template(TemplateKind::PerformanceReturn, &opts, &config, &perf).unwrap();
    let filled_perf = dir.path().join("filled_perf.xlsx");
    fill(
        dir.path(),
        &perf,
        &filled_perf,
        json!({"sheet": "Performance Return", "cells": [
            ["J6", {"number": 0.86, "format": "0%"}], ["L6", "Above target."], ["J7", 10.4], ["L7", "Slightly over."],
            ["J8", 260], ["L8", "Seasonal."],
            ["G8", "Safeguarding Lead"],
            ["A9", "AH11"], ["B9", "% of reviews on time"], ["C9", "KPI"], ["D9", "Percent"],
            ["E9", "Higher is better"], ["F9", "Helping People"], ["G9", "Reviews Lead"], ["H9", 90],
            ["J9", 70], ["L9", "Backlog."],
        ]}),
    );
    let Some(register) = recalculate(dir.path(), &filled_register) else {
        eprintln!("note: LibreOffice (soffice) is not available; skipped");
        return;
    };
    let perf = recalculate(dir.path(), &filled_perf).expect("LibreOffice converts the return");

    let doc = read_back(&register, &config);
    let found = rules(&doc);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("risk-no-owner"), "{found:#?}");
    assert_eq!(doc.risks.len(), 4);
    for r in &doc.risks {
        // The score cells now hold LibreOffice's results, read as written.
        assert_eq!(
            r.current.score,
            Some(r.current.likelihood.unwrap() * r.current.impact.unwrap()),
            "{}",
            r.id
        );
        assert!(
            r.cells
                .contains_key(Key::Rating(Stage::Current, RatingPart::Score)),
            "{} score read from its cell",
            r.id
        );
    }

    let doc = read_back(&perf, &config);
    assert!(doc.findings.is_empty(), "{:#?}", rules(&doc));
    let rags: Vec<(&str, Option<Rag>, Option<RagSource>)> = doc
        .observations
        .iter()
        .map(|o| (o.measure_id.as_str(), o.rag, o.rag_source))
        .collect();
    assert_eq!(
        rags,
        [
            ("AH01", Some(Rag::Green), Some(RagSource::Reported)),
            ("AH02", Some(Rag::Amber), Some(RagSource::Reported)),
            ("AH03", None, None),
            ("AH11", Some(Rag::Red), Some(RagSource::Reported)),
        ]
    );
}

/// A performance return laid out from the measures catalogue (`template --catalogue`): the
/// directorate's catalogue measures, with their theme, kind, polarity and the period's target,
/// and no other directorate's; read back, they are those measures.
#[test]
fn performance_return_from_the_catalogue_lists_the_directorates_catalogue_measures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("samples/goldthread.toml")).unwrap();
    let opts = Options {
        config: config.clone(),
        ..Default::default()
    };
    let fixture = root.join("tests/fixtures/catalogue/eastmere_measures_catalogue.xlsx");
    let catalogue = goldthread::normalise::catalogue::Catalogue::load(&fixture, &opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("childrens.xlsx");
    let opts = TemplateOptions {
        directorate: Some("Children's Services".into()),
        period: Some(q("2024-25 Q2")),
        prior: Some(Prior::default().with_catalogue(&catalogue)),
    };
    write_template(TemplateKind::PerformanceReturn, &opts, &config, &template).unwrap();
    let doc = read_back(&template, &config);
    let ids: Vec<&str> = doc.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        ["CS01", "CS02", "CS03"],
        "only Children's Services' measures"
    );
    let cs01 = &doc.measures[0];
    assert_eq!(cs01.theme.as_deref(), Some("Helping People"));
    assert_eq!(
        cs01.polarity,
        Some(goldthread::schema::Polarity::LowerIsBetter)
    );
    assert_eq!(
        doc.measures[2].kind,
        Some(goldthread::schema::MeasureKind::Statistic)
    );
    // The period's target is the catalogue's for 2024/25, not 2023/24's.
    let target = |id: &str| {
        doc.observations
            .iter()
            .find(|o| o.measure_id == id)
            .and_then(|o| o.target)
    };
    assert_eq!(target("CS01"), Some(22.0));
    assert_eq!(target("CS02"), Some(88.0));
}

/// `goldthread template performance-return` with no --from lists the directorate's measures
/// from the catalogue goldthread.toml names, the one no return reports (PL11) among them.
#[test]
fn the_configured_catalogue_lays_out_a_performance_return() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("place.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(["template", "performance-return", "--directorate", "Place"])
        .args(["--period", "2024-25 Q3", "--config"])
        .arg(root.join("samples/goldthread.toml"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let config = Config::load(&root.join("samples/goldthread.toml")).unwrap();
    let doc = read_back(&out, &config);
    let ids: Vec<&str> = doc.measures.iter().map(|m| m.id.as_str()).collect();
    let want: Vec<String> = (1..=11).map(|n| format!("PL{n:02}")).collect();
    assert_eq!(ids, want);
    assert!(doc.measures.iter().all(|m| m.theme.is_some()));
}
