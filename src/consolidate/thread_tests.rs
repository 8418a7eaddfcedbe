//! Tests of the line of sight, and a small document of every kind of record for the
//! workbook's tests.

use super::*;
use crate::consolidate::consolidate;
use crate::schema::{Document, Measure, Observation, Period, Risk, Source};

fn source(file: &str, row: u32) -> Source {
    Source {
        file: file.into(),
        sheet: "Sheet1".into(),
        row,
        cell: None,
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

/// Two configured themes with their priorities.
pub(crate) fn config() -> Config {
    let mut c = Config::default();
    c.framework.themes = [
        ("Helping People", vec!["Health", "Housing"]),
        ("Shaping Places", vec!["Transport"]),
    ]
    .into_iter()
    .map(|(name, p)| crate::config::Theme {
        name: name.into(),
        priorities: p.into_iter().map(String::from).collect(),
    })
    .collect();
    c
}

pub(crate) fn q2() -> Period {
    crate::values::quarter(2024, 2, 4).expect("a quarter")
}

pub(crate) fn as_of() -> NaiveDate {
    date("2024-11-15")
}

fn measure(id: &str, theme: Option<&str>, priority: Option<&str>) -> Measure {
    Measure {
        id: id.into(),
        title: Some(format!("Measure {id}")),
        directorate: Some("People".into()),
        theme: theme.map(String::from),
        priority: priority.map(String::from),
        kind: Some(if id == "M4" {
            MeasureKind::Statistic
        } else {
            MeasureKind::Kpi
        }),
        source: source("people.xlsx", 1),
        ..Default::default()
    }
}

fn observation(id: &str, rag: Rag, period: &Period) -> Observation {
    Observation {
        measure_id: id.into(),
        period: Some(period.label.clone()),
        period_start: Some(period.start),
        period_end: Some(period.end),
        actual: Some(1.0),
        target: None,
        rag: Some(rag),
        rag_source: Some(crate::schema::RagSource::Reported),
        direction: None,
        direction_source: None,
        commentary: None,
        dimensions: BTreeMap::new(),
        source: source("people.xlsx", 2),
        cells: Default::default(),
        extra: BTreeMap::new(),
    }
}

fn risk(id: &str, theme: Option<&str>, priority: Option<&str>, band: Option<Band>) -> Risk {
    Risk {
        id: id.into(),
        title: Some(format!("Risk {id}")),
        directorate: Some("Place".into()),
        theme: theme.map(String::from),
        priority: priority.map(String::from),
        rating: band,
        source: source("place.xlsx", 3),
        ..Default::default()
    }
}

/// An action of the People delivery plan.
pub(crate) fn action(
    id: &str,
    theme: Option<&str>,
    priority: Option<&str>,
    status: Option<ActionStatus>,
    due: Option<&str>,
) -> Action {
    Action {
        id: id.into(),
        title: Some(format!("Action {id}")),
        theme: theme.map(String::from),
        priority: priority.map(String::from),
        directorate: Some("People".into()),
        owner: Some("Head of Service".into()),
        start: Some(date("2024-04-01")),
        due: due.map(date),
        status,
        percent_complete: Some(50.0),
        commentary: Some(format!("Update on {id}")),
        source: source("delivery-plan.xlsx", 4),
        ..Default::default()
    }
}

const HP: Option<&str> = Some("Helping People");
const SP: Option<&str> = Some("Shaping Places");

/// Measures, risks and actions across the configured themes, two themes of no configuration
/// ("Zeta Council", "Alpha Growth") and none.
pub(crate) fn document() -> Document {
    use ActionStatus::*;
    let q2 = q2();
    let q1 = crate::values::quarter(2024, 1, 4).expect("a quarter");
    let measures = [
        ("M1", HP, Some("Health"), Rag::Red),
        ("M2", HP, Some("Housing"), Rag::Green),
        ("M3", HP, None, Rag::Amber),
        ("M4", SP, Some("Transport"), Rag::Green),
        ("M5", None, None, Rag::Red),
        ("M6", SP, Some("Transport"), Rag::Red),
    ];
    let observations = measures
        .iter()
        // M6 has a value for the quarter before only: it is not counted for this one.
        .map(|(id, .., rag)| observation(id, *rag, if *id == "M6" { &q1 } else { &q2 }))
        .collect();
    Document {
        measures: measures
            .iter()
            .map(|(id, t, p, _)| measure(id, *t, *p))
            .collect(),
        observations,
        risks: vec![
            risk("R1", HP, Some("Health"), Some(Band::VeryHigh)),
            Risk {
                status: RiskStatus::Closed,
                ..risk("R2", HP, Some("Health"), Some(Band::High))
            },
            risk("R3", SP, None, Some(Band::Medium)),
            risk("R4", Some("Zeta Council"), None, Some(Band::Low)),
            risk("R5", Some("Alpha Growth"), None, None),
        ],
        actions: vec![
            action("A7", None, None, Some(OffTrack), None),
            action("A1", HP, Some("Health"), Some(OnTrack), Some("2025-03-31")),
            action("A4", HP, Some("Housing"), Some(Delayed), Some("2024-11-14")),
            action("A2", HP, Some("Health"), Some(AtRisk), Some("2024-10-01")),
            action(
                "A3",
                HP,
                Some("Housing"),
                Some(Complete),
                Some("2024-09-01"),
            ),
            action(
                "A5",
                SP,
                Some("Transport"),
                Some(Cancelled),
                Some("2024-06-01"),
            ),
            action(
                "A6",
                SP,
                Some("Transport"),
                Some(NotStarted),
                Some("2024-11-15"),
            ),
            action("A8", HP, Some("Zebra priority"), None, Some("2024-01-01")),
        ],
        as_of: Some(as_of()),
        ..Default::default()
    }
}

fn theme<'a>(c: &'a [ThemeLine], name: &str) -> &'a ThemeLine {
    c.iter().find(|t| t.theme == name).expect("the theme")
}

fn priority<'a>(t: &'a ThemeLine, name: &str) -> &'a ThreadCounts {
    &t.priorities
        .iter()
        .find(|p| p.priority == name)
        .expect("the priority")
        .counts
}

#[test]
fn themes_in_configured_order_then_by_name_then_none() {
    let c = consolidate(document(), q2(), &config(), None);
    let names: Vec<&str> = c
        .summary
        .by_theme
        .iter()
        .map(|t| t.theme.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Helping People",
            "Shaping Places",
            "Alpha Growth",
            "Zeta Council",
            NO_THEME
        ]
    );
    let hp = theme(&c.summary.by_theme, "Helping People");
    let priorities: Vec<&str> = hp.priorities.iter().map(|p| p.priority.as_str()).collect();
    assert_eq!(
        priorities,
        ["Health", "Housing", "Zebra priority", NO_PRIORITY]
    );
    // The actions follow the same order, each tracker's order kept within a priority.
    let ids: Vec<&str> = c.actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["A1", "A2", "A4", "A3", "A8", "A5", "A6", "A7"]);
}

#[test]
fn measures_by_rag_match_rag_by_theme() {
    let c = consolidate(document(), q2(), &config(), None);
    let by = &c.summary.by_theme;
    let hp = theme(by, "Helping People");
    assert_eq!(priority(hp, "Health").measures.red, 1);
    assert_eq!(priority(hp, "Housing").measures.green, 1);
    assert_eq!(priority(hp, NO_PRIORITY).measures.amber, 1);
    let sp = theme(by, "Shaping Places");
    // The statistic has no RAG; M6 has no value for the period.
    assert_eq!(sp.counts.measures.none, 1);
    assert_eq!(sp.counts.measures.total(), 1);
    assert_eq!(theme(by, NO_THEME).counts.measures.red, 1);
    for t in by {
        let stated = c
            .summary
            .rag_by_theme
            .get(&t.theme)
            .copied()
            .unwrap_or_default();
        assert_eq!(t.counts.measures, stated, "{}", t.theme);
    }
}

#[test]
fn actions_by_status_with_overdue_as_of_the_run() {
    let c = consolidate(document(), q2(), &config(), None);
    let by = &c.summary.by_theme;
    let hp = theme(by, "Helping People");
    let health = priority(hp, "Health").actions;
    assert_eq!((health.on_track, health.at_risk, health.overdue), (1, 1, 1));
    let housing = priority(hp, "Housing").actions;
    // Due the day before the as-of date and delayed: overdue; complete: never.
    assert_eq!(
        (housing.delayed, housing.complete, housing.overdue),
        (1, 1, 1)
    );
    let zebra = priority(hp, "Zebra priority").actions;
    assert_eq!((zebra.none, zebra.overdue, zebra.total()), (1, 1, 1));
    assert_eq!(hp.counts.actions.total(), 5);
    assert_eq!(hp.counts.actions.overdue, 3);
    assert_eq!(hp.counts.actions.attention(), 2);
    let transport = priority(theme(by, "Shaping Places"), "Transport").actions;
    // Cancelled long ago, and due on the as-of date itself: neither is overdue.
    assert_eq!(
        (
            transport.cancelled,
            transport.not_started,
            transport.overdue
        ),
        (1, 1, 0)
    );
    assert_eq!(theme(by, NO_THEME).counts.actions.off_track, 1);
    // Judged as of a later date, the action due on 15 November is overdue too.
    let mut later = document();
    later.as_of = Some(date("2025-01-10"));
    let c = consolidate(later, q2(), &config(), None);
    let sp = theme(&c.summary.by_theme, "Shaping Places");
    assert_eq!(sp.counts.actions.overdue, 1);
}

#[test]
fn open_risks_by_band_and_actions_in_submissions() {
    let c = consolidate(document(), q2(), &config(), None);
    let by = &c.summary.by_theme;
    let health = priority(theme(by, "Helping People"), "Health").risks;
    assert_eq!(
        (health.very_high, health.high, health.total()),
        (1, 0, 1),
        "the closed risk is not counted"
    );
    assert_eq!(theme(by, "Shaping Places").counts.risks.medium, 1);
    assert_eq!(theme(by, "Zeta Council").counts.risks.low, 1);
    assert_eq!(theme(by, "Alpha Growth").counts.risks.none, 1);
    let risks: usize = by.iter().map(|t| t.counts.risks.total()).sum();
    assert_eq!(risks, c.summary.open_risks);
    let people = c
        .submissions
        .iter()
        .find(|s| s.directorate == "People")
        .expect("People's submission");
    assert_eq!((people.actions, people.measures), (8, 6));
    assert!(people.files.contains(&"delivery-plan.xlsx".to_string()));
}

#[test]
fn a_theme_is_the_sum_of_its_priorities_and_the_json_keeps_it() {
    let c = consolidate(document(), q2(), &config(), None);
    for t in &c.summary.by_theme {
        let mut sum = ThreadCounts::default();
        for p in &t.priorities {
            sum.add(&p.counts);
        }
        assert_eq!(sum, t.counts, "{}", t.theme);
    }
    let json = serde_json::to_value(&c.summary).expect("json");
    let first = &json["by_theme"][0];
    assert_eq!(first["theme"], "Helping People");
    assert_eq!(first["actions"]["overdue"], 3);
    assert_eq!(first["risks"]["very_high"], 1);
    assert_eq!(first["priorities"][0]["measures"]["red"], 1);
    let back: super::super::Consolidation =
        serde_json::from_str(&serde_json::to_string(&c).expect("json")).expect("read back");
    assert_eq!(back.summary.by_theme, c.summary.by_theme);
    assert_eq!(back.actions, c.actions);
}

#[test]
fn no_actions_and_no_themes_give_one_line() {
    let doc = Document {
        actions: vec![action("X", Some("  "), Some(""), None, None)],
        ..Default::default()
    };
    let c = consolidate(doc, q2(), &Config::default(), None);
    assert_eq!(c.summary.by_theme.len(), 1);
    assert_eq!(c.summary.by_theme[0].theme, NO_THEME);
    assert_eq!(c.summary.by_theme[0].priorities[0].priority, NO_PRIORITY);
    // Without an as-of date nothing is overdue.
    assert!(!is_overdue(
        &action("Y", None, None, None, Some("2000-01-01")),
        None
    ));
}
