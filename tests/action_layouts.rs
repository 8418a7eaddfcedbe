//! Delivery plans laid out as councils keep them, read with the default configuration and no
//! profile: the fixtures of `examples/make_action_fixtures.rs`, and the action-plan template
//! filled in elsewhere and read back.

#[path = "../examples/make_action_fixtures.rs"]
#[allow(dead_code)]
mod make_action_fixtures;

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use goldthread::config::Config;
use goldthread::normalise::Options;
use goldthread::normalise_and_check;
use goldthread::schema::{Action, ActionStatus, Rag, SheetKind};
use goldthread::template::{write_template, Prior, TemplateKind, TemplateOptions};
use goldthread::Document;

const DIR: &str = "tests/fixtures/actions";

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

fn read_path(path: PathBuf, config: Config) -> Document {
    let opts = Options {
        config,
        as_of: d(2024, 11, 15),
        ..Default::default()
    };
    let doc = normalise_and_check(&[path], &opts).unwrap();
    assert_eq!(doc.summary.files_failed, 0, "{:?}", doc.files);
    doc
}

fn read(name: &str) -> Document {
    read_path(Path::new(DIR).join(name), Config::default())
}

fn ids(doc: &Document) -> Vec<&str> {
    doc.actions.iter().map(|a| a.id.as_str()).collect()
}

fn action<'a>(doc: &'a Document, id: &str) -> &'a Action {
    doc.actions
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no action {id} in {:?}", ids(doc)))
}

fn statuses(doc: &Document) -> Vec<Option<ActionStatus>> {
    doc.actions.iter().map(|a| a.status).collect()
}

fn percents(doc: &Document) -> Vec<Option<f64>> {
    doc.actions.iter().map(|a| a.percent_complete).collect()
}

/// Every finding as (rule, record, cell).
fn findings(doc: &Document) -> Vec<(&str, &str, &str)> {
    doc.findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str(),
                f.record_id.as_deref().unwrap_or(""),
                f.cell.as_deref().unwrap_or(""),
            )
        })
        .collect()
}

fn cell(a: &Action, field: &str) -> String {
    let field = goldthread::schema::field::Key::parse(field).expect("a field's name");
    a.cells.get(field).unwrap_or_default()
}

#[test]
fn committed_fixtures_are_current() {
    let dir = tempfile::tempdir().unwrap();
    make_action_fixtures::write_fixtures(dir.path()).unwrap();
    let stale = common::stale_files(dir.path(), Path::new(DIR));
    assert!(
        stale.is_empty(),
        "stale fixtures {stale:?}: run `cargo run --example make_action_fixtures` and review"
    );
}

#[test]
fn county_plan_takes_priorities_from_section_rows_under_merged_headers() {
    use ActionStatus::*;
    let doc = read("county_council_plan_delivery_plan.xlsx");
    assert_eq!(doc.files[0].sheets[0].kind, Some(SheetKind::DeliveryPlan));
    assert_eq!(doc.files[0].sheets[0].header_rows, vec![vec![4, 5]]);
    assert_eq!(doc.summary.actions, 5);
    assert_eq!(doc.files[0].sheets[0].records, 5);
    assert_eq!(ids(&doc), ["TC1.1", "TC1.2", "TC1.3", "GC2.1", "GC2.2"]);
    assert_eq!(
        statuses(&doc),
        [OnTrack, Complete, AtRisk, OffTrack, NotStarted].map(Some)
    );
    assert_eq!(
        percents(&doc),
        [50.0, 100.0, 60.0, 15.0, 0.0].map(Some).to_vec()
    );
    let hubs = action(&doc, "TC1.1");
    assert_eq!(
        hubs.priority.as_deref(),
        Some("Priority 1: Thriving communities")
    );
    assert_eq!(hubs.owner.as_deref(), Some("Head of Libraries"));
    assert_eq!((hubs.start, hubs.due), (d(2024, 4, 1), d(2025, 3, 31)));
    assert_eq!(hubs.status_reported.as_deref(), Some("Green - on track"));
    assert_eq!(hubs.rag, Some(Rag::Green));
    assert_eq!(hubs.measures, ["KPI 12"]);
    assert_eq!(hubs.period.as_deref(), Some("2024-25 Q2"));
    assert_eq!(
        (cell(hubs, "id"), cell(hubs, "due"), cell(hubs, "status")),
        ("A7".into(), "E7".into(), "F7".into())
    );
    let trees = action(&doc, "GC2.2");
    assert_eq!(
        trees.priority.as_deref(),
        Some("Priority 2: A greener county")
    );
    assert_eq!(action(&doc, "TC1.3").measures, ["KPI 14", "KPI 15"]);
    // "Complete" is the contract's word: nothing to keep as reported.
    assert_eq!(action(&doc, "TC1.2").status_reported, None);
    assert_eq!(
        findings(&doc),
        [
            ("action-no-lead", "TC1.3", "C9"),
            ("action-overdue", "TC1.3", "E9"),
            ("action-rag-status-mismatch", "GC2.1", "H11"),
        ]
    );
}

/// A plan that types its % complete in points (25, 60, 100): the action just begun at a plain
/// 1 is 1% complete, not finished; a plan of shares of one (0.45, 1) is read as before.
#[test]
fn a_plan_in_points_reads_a_plain_one_as_one_per_cent() {
    use ActionStatus::*;
    let doc = read("service_improvement_plan.xlsx");
    assert_eq!(doc.files[0].sheets[0].kind, Some(SheetKind::DeliveryPlan));
    assert_eq!(
        statuses(&doc),
        [OnTrack, OnTrack, Complete, AtRisk, NotStarted].map(Some)
    );
    assert_eq!(
        percents(&doc),
        [25.0, 1.0, 100.0, 60.0, 0.0].map(Some).to_vec()
    );
    // Read as 100%, the begun action would contradict its "On track".
    assert!(
        !findings(&doc).iter().any(|(_, id, _)| *id == "SIP-02"),
        "{:?}",
        findings(&doc)
    );
}

#[test]
fn borough_projects_read_brag_fills_and_shares_of_one() {
    use ActionStatus::*;
    let doc = read("borough_corporate_projects.xlsx");
    assert_eq!(doc.files[0].sheets[0].kind, Some(SheetKind::DeliveryPlan));
    assert_eq!(
        ids(&doc),
        ["CP-01", "CP-02", "CP-03", "CP-04", "CP-05", "CP-03"]
    );
    assert_eq!(
        statuses(&doc),
        [OnTrack, Complete, AtRisk, OffTrack, Delayed, OnTrack].map(Some)
    );
    assert_eq!(
        percents(&doc),
        [45.0, 100.0, 80.0, 60.0, 10.0, 30.0].map(Some).to_vec()
    );
    let rags: Vec<Option<Rag>> = doc.actions.iter().map(|a| a.rag).collect();
    assert_eq!(
        rags,
        [
            Some(Rag::Green),
            None,
            Some(Rag::Amber),
            Some(Rag::Green),
            Some(Rag::Red),
            Some(Rag::Green)
        ]
    );
    let centre = action(&doc, "CP-02");
    assert_eq!(centre.extra.get("BRAG").map(String::as_str), Some("Blue"));
    assert_eq!(centre.theme.as_deref(), Some("Helping People"));
    assert_eq!(centre.owner.as_deref(), Some("R Hughes"));
    assert_eq!(centre.due, d(2024, 8, 31));
    assert_eq!(cell(centre, "rag"), "G5");
    assert_eq!(
        findings(&doc),
        [
            ("action-overdue", "CP-03", "F6"),
            ("action-overdue", "CP-04", "F7"),
            ("action-rag-status-mismatch", "CP-04", "G7"),
            ("action-duplicate-id", "CP-03", "A9"),
        ]
    );
}

#[test]
fn district_outcomes_take_this_quarters_update_and_keep_the_others() {
    use ActionStatus::*;
    let doc = read("district_critical_outcomes.xlsx");
    assert_eq!(doc.files[0].sheets[0].kind, Some(SheetKind::DeliveryPlan));
    assert_eq!(doc.files[0].sheets[0].header_rows, vec![vec![6]]);
    assert_eq!(
        ids(&doc),
        ["KA01", "KA02", "KA03", "KA04", "KA05", "KA06", "KA07"]
    );
    assert_eq!(
        statuses(&doc),
        [
            Some(OnTrack),
            Some(Complete),
            Some(AtRisk),
            Some(OnTrack),
            Some(Delayed),
            Some(Cancelled),
            None
        ]
    );
    let plan = action(&doc, "KA01");
    assert_eq!(plan.priority.as_deref(), Some("A thriving local economy"));
    assert_eq!(plan.owner.as_deref(), Some("Planning Policy Manager"));
    assert_eq!(plan.due, d(2025, 3, 31), "Mar 2025 is its last day");
    assert_eq!(plan.period.as_deref(), Some("2024-25 Q2"));
    assert!(plan.commentary.as_deref().unwrap().starts_with("Inspector"));
    assert_eq!(cell(plan, "commentary"), "H7");
    assert_eq!(
        plan.extra.get("Q1 Update").map(String::as_str),
        Some("Examination hearings held.")
    );
    assert_eq!(action(&doc, "KA02").due, d(2024, 9, 30), "Q2 2024/25 ends");
    let food = action(&doc, "KA04");
    assert_eq!(food.due, None);
    assert_eq!(
        food.extra.get("Deadline").map(String::as_str),
        Some("Ongoing")
    );
    // The only update of KA03 is Q1's: none this quarter.
    let rates = action(&doc, "KA03");
    assert_eq!(rates.commentary, None);
    assert_eq!(
        rates.extra.get("Q1 Update").map(String::as_str),
        Some("Scope agreed.")
    );
    let odd = action(&doc, "KA07");
    assert_eq!(
        odd.extra.get("Progress Status").map(String::as_str),
        Some("Purple")
    );
    assert_eq!(
        findings(&doc),
        [
            ("action-overdue", "KA03", "E9"),
            ("action-no-update", "KA03", "H9"),
            ("action-no-due-date", "KA04", "E10"),
            ("action-overdue", "KA05", "E11"),
            ("value-unreadable", "KA07", "F13"),
        ]
    );
    // Every cell read is accounted for: mapped, kept, or skipped with a reason.
    let c = &doc.summary.cells;
    assert_eq!(c.read, c.mapped + c.extra + c.skipped_total());
}

#[test]
fn csv_export_reads_words_text_dates_and_linked_ids() {
    use ActionStatus::*;
    let doc = read("place_actions_export.csv");
    assert_eq!(doc.files[0].sheets[0].kind, Some(SheetKind::DeliveryPlan));
    assert_eq!(
        statuses(&doc),
        [OnTrack, Delayed, Complete, NotStarted, Cancelled].map(Some)
    );
    assert_eq!(
        percents(&doc),
        [Some(55.0), Some(70.0), Some(90.0), Some(0.0), None]
    );
    let roads = action(&doc, "PL-A01");
    assert_eq!(roads.directorate.as_deref(), Some("Place"));
    assert_eq!(roads.theme.as_deref(), Some("Shaping Places"));
    assert_eq!((roads.start, roads.due), (d(2024, 4, 1), d(2025, 3, 31)));
    assert_eq!(roads.measures, ["PL01", "PL02"]);
    assert_eq!(roads.risks, ["PL-R03"]);
    assert_eq!(action(&doc, "PL-A04").risks, ["PL-R01", "PL-R02"]);
    assert_eq!(
        action(&doc, "PL-A03").status_reported.as_deref(),
        Some("Done")
    );
    assert_eq!(doc.summary.missing_values, 1, "n/a % complete");
    assert_eq!(
        findings(&doc),
        [
            ("action-overdue", "PL-A02", "F3"),
            ("action-complete-below-100", "PL-A03", "H4"),
            ("action-no-due-date", "PL-A04", "F5"),
        ]
    );
}

// ------------------------------------------------------------------ the template, read back

const FILLER: &str = r#"
import datetime, json, sys
import openpyxl
src, dst, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
wb = openpyxl.load_workbook(src)
ws = wb["Delivery Plan"]
for ref, value in spec:
    if isinstance(value, str) and value.startswith("date:"):
        value = datetime.date.fromisoformat(value[5:])
    ws[ref] = value
wb.save(dst)
"#;

fn have_openpyxl() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("GOLDTHREAD_REQUIRE_TOOLS").is_none(),
        "python3 with openpyxl is required (GOLDTHREAD_REQUIRE_TOOLS is set, as in CI)"
    );
    if !ok {
        eprintln!("note: python3 with openpyxl is not available; the round trip is skipped");
    }
    ok
}

#[test]
fn action_plan_template_has_instructions_and_status_and_rag_dropdowns() {
    let config = Config::default();
    let bytes = goldthread::template::template_bytes(
        TemplateKind::ActionPlan,
        &TemplateOptions::default(),
        &config,
    )
    .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let workbook = text("xl/workbook.xml");
    for name in ["Instructions", "Delivery Plan", "Lists", "goldthread"] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{name}");
    }
    assert!(workbook.contains("<definedName name=\"ActionStatuses\">Lists!$"));
    assert!(workbook.contains("<definedName name=\"RAGs\">Lists!$"));
    let main = text("xl/worksheets/sheet2.xml");
    assert!(
        main.contains("<formula1>ActionStatuses</formula1>"),
        "status dropdown"
    );
    assert!(main.contains("<formula1>RAGs</formula1>"), "RAG dropdown");
    let strings = text("xl/sharedStrings.xml");
    for word in [
        "How to fill in this delivery plan",
        "Not started",
        "Off track",
        "Blue",
    ] {
        assert!(strings.contains(word), "{word}");
    }
    assert!(
        strings.contains("kind = \"delivery_plan\""),
        "the layout it records"
    );
}

/// Next quarter's action plan from this quarter's return: the directorate's open actions come
/// back as they were left (complete and cancelled ones do not), with this quarter's update
/// left to write; read back, the template holds the same actions.
#[test]
fn an_action_plan_template_carries_the_open_actions_of_the_last_return() {
    let dir = tempfile::tempdir().unwrap();
    let last = read("place_actions_export.csv");
    let json = dir.path().join("place_q2.json");
    std::fs::write(&json, serde_json::to_vec(&last).unwrap()).unwrap();
    let prior = Prior::load(&json).unwrap();
    prior
        .check_directorate("Place", &Config::default())
        .unwrap();
    let opts = TemplateOptions {
        directorate: Some("Place".into()),
        period: goldthread::values::parse_period("2024-25 Q3", 4, None),
        prior: Some(prior),
    };
    let template = dir.path().join("place_plan_q3.xlsx");
    write_template(
        TemplateKind::ActionPlan,
        &opts,
        &Config::default(),
        &template,
    )
    .unwrap();

    let doc = read_path(template, Config::default());
    assert_eq!(ids(&doc), ["PL-A01", "PL-A02", "PL-A04"]);
    use ActionStatus::*;
    assert_eq!(statuses(&doc), [OnTrack, Delayed, NotStarted].map(Some));
    assert_eq!(percents(&doc), [Some(55.0), Some(70.0), Some(0.0)]);
    let roads = action(&doc, "PL-A01");
    let was = action(&last, "PL-A01");
    assert_eq!(
        (&roads.title, &roads.theme, &roads.owner),
        (&was.title, &was.theme, &was.owner)
    );
    assert_eq!((roads.start, roads.due), (was.start, was.due));
    assert_eq!((&roads.measures, &roads.risks), (&was.measures, &was.risks));
    assert_eq!(roads.directorate.as_deref(), Some("Place"));
    assert!(doc.actions.iter().all(|a| a.commentary.is_none()));
}

#[test]
fn action_plan_template_filled_in_reads_back_into_the_same_actions() {
    if !have_openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The samples' themes; no directorates, so none is missing.
    let mut config = Config::load(Path::new("samples/goldthread.toml")).unwrap();
    config.framework.directorates.clear();
    let template = dir.path().join("plan.xlsx");
    let opts = TemplateOptions {
        directorate: Some("Place".into()),
        period: goldthread::values::parse_period("2024-25 Q2", 4, None),
        prior: None,
    };
    write_template(TemplateKind::ActionPlan, &opts, &config, &template).unwrap();
    let spec = serde_json::json!([
        ["A6", "PL-01"],
        ["B6", "Better roads"],
        ["C6", "Shaping Places"],
        ["D6", "Resurface rural roads"],
        ["E6", "J Patel"],
        ["F6", "date:2024-04-01"],
        ["G6", "date:2025-03-31"],
        ["H6", "On track"],
        ["I6", 60],
        ["J6", "Green"],
        ["K6", "22 km done."],
        ["L6", "PL01, PL02"],
        ["M6", "PL-R03"],
        ["A7", "PL-02"],
        ["D7", "Publish the parking strategy"],
        ["E7", "K Lee"],
        ["G7", "date:2024-08-31"],
        ["H7", "Complete"],
        ["I7", 100],
        ["J7", "Blue"],
        ["K7", "Adopted by Cabinet in August."],
    ]);
    let filled = dir.path().join("place_plan_q2.xlsx");
    let out = Command::new("python3")
        .args(["-c", FILLER])
        .arg(&template)
        .arg(&filled)
        .arg(spec.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = read_path(filled, config);
    assert_eq!(ids(&doc), ["PL-01", "PL-02"]);
    let roads = action(&doc, "PL-01");
    assert_eq!(roads.title.as_deref(), Some("Resurface rural roads"));
    assert_eq!(roads.priority.as_deref(), Some("Better roads"));
    assert_eq!(roads.theme.as_deref(), Some("Shaping Places"));
    assert_eq!(roads.directorate.as_deref(), Some("Place"));
    assert_eq!(roads.owner.as_deref(), Some("J Patel"));
    assert_eq!((roads.start, roads.due), (d(2024, 4, 1), d(2025, 3, 31)));
    assert_eq!(roads.status, Some(ActionStatus::OnTrack));
    assert_eq!(
        roads.status_reported, None,
        "the dropdown's word is the contract's"
    );
    assert_eq!(roads.percent_complete, Some(60.0));
    assert_eq!(roads.rag, Some(Rag::Green));
    assert_eq!(roads.commentary.as_deref(), Some("22 km done."));
    assert_eq!((roads.measures.len(), roads.risks.len()), (2, 1));
    assert_eq!(cell(roads, "status"), "H6");
    let parking = action(&doc, "PL-02");
    assert_eq!(parking.status, Some(ActionStatus::Complete));
    assert_eq!(parking.percent_complete, Some(100.0));
    assert!(doc.findings.is_empty(), "{:?}", doc.findings);
}
