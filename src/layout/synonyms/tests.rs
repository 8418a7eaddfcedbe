use super::*;
use crate::schema::field::{Key, Name};

fn field(h: &str, kind: Applies) -> Option<String> {
    match_header(h, kind, &[])
        .filter(|(_, c)| *c >= 0.6)
        .map(|(f, _)| f.name().into_owned())
}

#[test]
fn risk_headers_map_to_fields() {
    let cases = [
        ("Risk Ref", "id"),
        ("Risk Title", "title"),
        ("Description (Cause, Event, Effect)", "description"),
        ("Risk Owner", "owner"),
        ("Existing Controls", "controls"),
        ("Further Actions", "mitigations"),
        ("Current Risk L", "current.likelihood"),
        ("Inherent Risk Score", "inherent.score"),
        ("Gross L", "inherent.likelihood"),
        ("Net Score", "current.score"),
        ("Residual Rating", "current.rating"),
        ("Target Rating", "target.rating"),
        ("Target Score", "target.score"),
        ("Likelihood", "current.likelihood"),
        ("Last Review", "last_reviewed"),
        ("Review Due", "next_review"),
        ("Escalate to CRR?", "escalate"),
        ("Likelihood (1-10)", "current.likelihood"),
        ("Impact (1 to 4)", "current.impact"),
        ("Severity", "current.impact"),
        ("RPN", "current.score"),
        ("Risk Index", "current.score"),
        ("Baseline Risk (before response) SEV", "baseline.impact"),
        ("Baseline Risk (before response) FRQ", "baseline.likelihood"),
        ("Residual Risk (after response) RPN", "current.score"),
        ("Ownership", "owner"),
        ("Assigned To", "owner"),
        ("Risk Lead", "owner"),
        ("Linked County Plan Ambition", "theme"),
        ("Likelihood Rating", "current.likelihood"),
        ("Impact Rating", "current.impact"),
        ("Probability (P)", "current.likelihood"),
        ("Severity (S)", "current.impact"),
        ("Likelihood of occurrence", "current.likelihood"),
        ("Risk Score (L x I)", "current.score"),
        ("Residual Likelihood Rating", "current.likelihood"),
        ("Response Actions", "mitigations"),
        ("Description of Risk", "description"),
        ("#", "id"),
        ("SRO", "owner"),
    ];
    for (h, f) in cases {
        assert_eq!(field(h, Applies::Risk).as_deref(), Some(f), "header {h}");
    }
}

#[test]
fn measure_headers_map_to_fields() {
    let cases = [
        ("Ref", "id"),
        ("Indicator", "title"),
        ("Good is", "polarity"),
        ("Higher or lower is better", "polarity"),
        ("Lead Officer", "owner"),
        ("RAG", "rag"),
        ("Status", "rag"),
        ("DoT", "direction"),
        ("PI Code", "id"),
        ("PI Name", "title"),
    ];
    for (h, f) in cases {
        assert_eq!(field(h, Applies::Measure).as_deref(), Some(f), "header {h}");
    }
}

#[test]
fn unknown_headers_stay_unmapped() {
    assert_eq!(field("Link to Service Plan", Applies::Risk), None);
    assert_eq!(field("Zebra crossing", Applies::Measure), None);
}

#[test]
fn configured_names_win() {
    let extra = vec![("SRO".to_string(), Key::Field(Name::Owner))];
    assert_eq!(
        match_header("SRO", Applies::Risk, &extra),
        Some((Key::Field(Name::Owner), 1.0))
    );
}
