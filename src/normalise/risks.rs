//! Risk register rows into risks: ratings from separate or combined cells, words on the
//! configured scale, the score from L x I where absent, and the band from the score.

use crate::config::{fold, Config};
use crate::schema::{Band, Finding, Principle, Rating, Risk, RiskStatus, Severity, Source};
use crate::values;

use super::row::RowValues;
use super::{Document, Sections, SheetContext};

/// Reads one rating group (`inherent`, `current` or `target`).
fn rating(rv: &mut RowValues, group: &str, config: &Config) -> Rating {
    let l_labels = &config.risk.likelihood;
    let i_labels = &config.risk.impact;
    // The field names of the group, without building them for every row.
    let [likelihood, impact, score, rating] = match group {
        "inherent" => [
            "inherent.likelihood",
            "inherent.impact",
            "inherent.score",
            "inherent.rating",
        ],
        "current" => [
            "current.likelihood",
            "current.impact",
            "current.score",
            "current.rating",
        ],
        _ => [
            "target.likelihood",
            "target.impact",
            "target.score",
            "target.rating",
        ],
    };
    debug_assert!(likelihood.starts_with(group));
    let mut r = Rating {
        likelihood: rv.parse(likelihood, "a likelihood on the matrix", |t| {
            values::parse_level(t, l_labels)
        }),
        impact: rv.parse(impact, "an impact on the matrix", |t| {
            values::parse_level(t, i_labels)
        }),
        score: rv.parse(score, "a score", |t| {
            values::parse_number(t)
                .map(|n| n.value)
                .or_else(|| values::parse_combined_rating(t).and_then(|(_, _, s)| s))
        }),
    };
    let combined = rv.parse(
        rating,
        "a rating such as 4 x 5 = 20",
        values::parse_combined_rating,
    );
    if let Some((l, i, s)) = combined {
        r.likelihood = r.likelihood.or(l);
        r.impact = r.impact.or(i);
        r.score = r.score.or(s);
    }
    if r.score.is_none() {
        if let (Some(l), Some(i)) = (r.likelihood, r.impact) {
            r.score = Some(l * i);
        }
    }
    r
}

/// A band written as a word ("Very High", "Medium").
fn band_word(t: &str) -> Option<Band> {
    match fold(t).as_str() {
        "low" | "minor" => Some(Band::Low),
        "medium" | "moderate" | "med" => Some(Band::Medium),
        "high" | "significant" => Some(Band::High),
        "very high" | "veryhigh" | "extreme" | "critical" | "severe" => Some(Band::VeryHigh),
        _ => None,
    }
}

/// Builds a risk from a register row; returns its id, or None when the row names no risk.
pub(super) fn risk_row(
    rv: &mut RowValues,
    sctx: &SheetContext,
    sections: &Sections,
    config: &Config,
    doc: &mut Document,
) -> Option<String> {
    if !(rv.has("id") || rv.has("title") || rv.has("description")) {
        return None;
    }
    let row = rv.row + 1;
    let reference = rv.text("id");
    let mut risk = Risk {
        id: String::new(),
        title: rv.text("title"),
        description: rv.text("description"),
        owner: rv.text("owner"),
        directorate: rv
            .text("directorate")
            .or_else(|| sections.directorate.clone())
            .or_else(|| sctx.directorate.clone()),
        service: rv
            .text("service")
            .or_else(|| sections.service.clone())
            .or_else(|| sctx.service.clone()),
        theme: rv.text("theme").or_else(|| sections.theme.clone()),
        priority: rv.text("priority").or_else(|| sections.priority.clone()),
        category: rv.text("category"),
        register: rv.text("register"),
        inherent: rating(rv, "inherent", config),
        current: rating(rv, "current", config),
        target: rating(rv, "target", config),
        rating: None,
        controls: rv.text("controls"),
        mitigations: rv.text("mitigations"),
        last_reviewed: rv.date("last_reviewed"),
        next_review: rv.date("next_review"),
        trend: rv.parse(
            "trend",
            "a trend (increasing, decreasing, stable)",
            values::parse_trend,
        ),
        status: rv
            .parse("status", "a status (open or closed)", values::parse_status)
            .unwrap_or(RiskStatus::Open),
        date_identified: rv.date("date_identified"),
        escalate: rv.parse("escalate", "yes or no", values::parse_flag),
        action_owner: rv.text("action_owner"),
        action_due: rv.date("action_due"),
        source: Source {
            file: sctx.file.clone(),
            sheet: sctx.sheet.clone(),
            row,
            cell: None,
        },
        reported_rating: None,
        reported_colour: None,
        cells: Default::default(),
        extra: Default::default(),
    };
    // A lone "Risk Rating" column: a combined rating, a band word, or only a colour.
    let mut reported_band = None;
    if let Some(cell) = rv.cell("rating") {
        let header = rv.header("rating").unwrap_or("Rating").to_string();
        match cell.text() {
            Some(t) if values::is_missing(&t) => {
                let _ = rv.text("rating");
            }
            Some(t) => {
                if let Some((l, i, s)) =
                    values::parse_combined_rating(&t).filter(|(l, i, _)| l.is_some() || i.is_some())
                {
                    rv.count_mapped();
                    risk.current.likelihood = risk.current.likelihood.or(l);
                    risk.current.impact = risk.current.impact.or(i);
                    risk.current.score = risk.current.score.or(s).or(match (l, i) {
                        (Some(l), Some(i)) => Some(l * i),
                        _ => None,
                    });
                } else if let Some(b) = band_word(&t) {
                    rv.count_mapped();
                    reported_band = Some(b);
                } else if let Some(n) = values::parse_number(&t).filter(|n| n.value >= 1.0) {
                    rv.count_mapped();
                    risk.current.score = risk.current.score.or(Some(n.value));
                } else {
                    let cell = cell.clone();
                    rv.reject(
                        &cell,
                        &header,
                        "rating",
                        format!("'{t}' is not a rating or band"),
                    );
                }
            }
            None => {}
        }
        // The rating cell's colour is what the register reports, with or without a word in it.
        risk.reported_colour = cell.fill().and_then(values::rag_from_colour);
    }
    risk.reported_rating = reported_band;
    risk.rating = risk
        .current
        .score
        .and_then(|s| config.band_of(s))
        .or(reported_band);
    risk.id = match reference {
        Some(r) => r,
        None => {
            let id = format!("{} row {row}", sctx.sheet);
            doc.findings.push(Finding {
                severity: Severity::Warning,
                principle: Principle::Completeness,
                rule: "risk-no-reference".into(),
                message: format!(
                    "The risk on row {row} has no reference; it is identified as '{id}'"
                ),
                file: sctx.file.clone(),
                sheet: Some(sctx.sheet.clone()),
                row: Some(row),
                cell: None,
                record_id: Some(id.clone()),
                field: Some("id".into()),
                directorate: sctx.directorate.clone(),
            });
            id
        }
    };
    risk.extra.append(&mut rv.extra);
    risk.cells = rv.field_cells();
    let id = risk.id.clone();
    doc.risks.push(risk);
    Some(id)
}
