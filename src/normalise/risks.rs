//! Risk register rows into risks: ratings from separate or combined cells, words on the
//! configured scale, the score from L x I where absent, and the band from the score.

use crate::config::{fold, Config};
use crate::layout::ratings::ColumnScale;
use crate::rules::RuleId;
use crate::schema::field::{Key, Name, RatingPart, Stage};
use crate::schema::{Band, Finding, Rag, RagSource, Rating, Risk, RiskStatus, Scale, Source};
use crate::values;

use super::row::RowValues;
use super::{Document, RowContext, Sections, SheetContext};

/// Reads one rating group (`inherent`, `current` or `target`).
fn rating(rv: &mut RowValues, group: Stage, config: &Config) -> Rating {
    let l_labels = &config.risk.likelihood;
    let i_labels = &config.risk.impact;
    let [likelihood, impact, score, rating] = RatingPart::ALL.map(|p| Key::Rating(group, p));
    // Words are read on the column's own vocabulary when the layout found one.
    let level = |scale: Option<&ColumnScale>, labels: &[String], t: &str| match scale {
        Some(s) if !s.levels.is_empty() => s.level(t),
        _ => values::parse_level(t, labels),
    };
    let (l_scale, i_scale) = (rv.scale(likelihood.clone()), rv.scale(impact.clone()));
    let mut r = Rating {
        likelihood: rv.parse(likelihood, "a likelihood on the matrix", |t| {
            level(l_scale, l_labels, t)
        }),
        impact: rv.parse(impact, "an impact on the matrix", |t| {
            level(i_scale, i_labels, t)
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

/// The likelihood and impact maxima of the row's rating columns (current first), when the
/// layout found a scale for either; the configured size stands in for the other.
fn scale_pair(rv: &RowValues, config: &Config) -> Option<(f64, f64)> {
    let of = |part: RatingPart| {
        [Stage::Current, Stage::Inherent, Stage::Target]
            .into_iter()
            .find_map(|stage| rv.scale(Key::Rating(stage, part)))
            .map(|s| s.max)
    };
    let l = of(RatingPart::Likelihood);
    let i = of(RatingPart::Impact);
    (l.is_some() || i.is_some()).then(|| {
        (
            l.unwrap_or(config.risk.likelihood.len() as f64),
            i.unwrap_or(config.risk.impact.len() as f64),
        )
    })
}

/// A score column left empty on a row that rates likelihood and impact while other rows fill
/// it (a formula whose value was not saved): the score was worked out as L x I, and the finding
/// says so.
fn score_computed_note(rv: &RowValues, risk: &Risk, sctx: &SheetContext, doc: &mut Document) {
    for (group, rating) in [
        (Stage::Inherent, &risk.inherent),
        (Stage::Current, &risk.current),
        (Stage::Target, &risk.target),
    ] {
        let field = Key::Rating(group, RatingPart::Score);
        let Some(col) = rv.column_of(field.clone()) else {
            continue;
        };
        if rv.has(field.clone()) || rating.score.is_none() {
            continue;
        }
        let row = rv.row + 1;
        doc.findings.push(Finding {
            sheet: Some(sctx.sheet.clone()),
            row: Some(row),
            cell: Some(crate::schema::cell_ref(rv.row, col)),
            record_id: Some(risk.id.clone()),
            field: Some(field.to_string()),
            directorate: risk.directorate.clone(),
            ..Finding::new(RuleId::RiskScoreComputed, format!(
                "The {group} score on row {row} is empty (a formula with no saved value?); it was worked out as likelihood x impact = {}",
                crate::read::format_number(rating.score.unwrap_or_default())
            ), sctx.file.clone())
        });
    }
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
pub(super) fn risk_row(rv: &mut RowValues, at: RowContext, doc: &mut Document) -> Option<String> {
    if !rv.names_a_record(&[Name::Id, Name::Title, Name::Description]) {
        return None;
    }
    let row = rv.row + 1;
    let reference = rv.text(Name::Id);
    let mut risk = risk_of(rv, at.sheet, at.sections, at.config, row);
    let reported_band = lone_rating(rv, at.config, &mut risk);
    settle_rating(rv, at.config, &mut risk, reported_band);
    if risk.theme.is_none() {
        risk.theme = risk.priority.clone();
    }
    let directorate = at.sheet.directorate.clone();
    risk.id = super::id_or_row(
        reference,
        "risk",
        RuleId::RiskNoReference,
        row,
        at.sheet,
        directorate,
        doc,
    );
    score_computed_note(rv, &risk, at.sheet, doc);
    risk.extra.append(&mut rv.extra);
    risk.cells = rv.field_cells();
    let id = risk.id.clone();
    doc.risks.push(risk);
    Some(id)
}

/// The risk's fields as its row states them (its id and rating band are settled after).
fn risk_of(
    rv: &mut RowValues,
    sctx: &SheetContext,
    sections: &Sections,
    config: &Config,
    row: u32,
) -> Risk {
    let placed = sections.place(rv, sctx);
    Risk {
        id: String::new(),
        title: rv.text(Name::Title),
        description: rv.text(Name::Description),
        owner: rv.text(Name::Owner),
        directorate: placed.directorate,
        service: placed.service,
        theme: placed.theme,
        priority: placed.priority,
        category: rv.text(Name::Category),
        register: rv.text(Name::Register),
        inherent: rating(rv, Stage::Inherent, config),
        current: rating(rv, Stage::Current, config),
        target: rating(rv, Stage::Target, config),
        rating: None,
        rating_source: None,
        scale: None,
        controls: rv.text(Name::Controls),
        mitigations: rv.text(Name::Mitigations),
        last_reviewed: rv.date(Name::LastReviewed),
        next_review: rv.date(Name::NextReview),
        trend: rv.parse(
            Name::Trend,
            "a trend (increasing, decreasing, stable)",
            values::parse_trend,
        ),
        status: rv
            .parse(
                Name::Status,
                "a status (open or closed)",
                values::parse_status,
            )
            .unwrap_or(RiskStatus::Open),
        date_identified: rv.date(Name::DateIdentified),
        escalate: rv.parse(Name::Escalate, "yes or no", values::parse_flag),
        action_owner: rv.text(Name::ActionOwner),
        action_due: rv.date(Name::ActionDue),
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
    }
}

/// A lone "Risk Rating" column: a combined rating, a band word, or only a colour. Fills the
/// current rating it gives and the colour; returns the band it states, if it states one.
fn lone_rating(rv: &mut RowValues, config: &Config, risk: &mut Risk) -> Option<Band> {
    let mut reported_band = None;
    if let Some(cell) = rv.cell(Name::Rating) {
        let header = rv.header(Name::Rating).unwrap_or("Rating").to_string();
        match cell.text() {
            Some(t) if values::is_missing(&t) => {
                let _ = rv.text(Name::Rating);
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
                } else if let Some(rag) = values::parse_rag(&t) {
                    // "Red / Amber / Green" stated: the band of the score when the colour
                    // agrees with it, else the band the colour stands for.
                    rv.count_mapped();
                    let scored = risk
                        .current
                        .score
                        .and_then(|s| config.band_on_scale(s, scale_pair(rv, config)));
                    reported_band = Some(match (rag, scored) {
                        (_, Some(b)) if crate::schema::colour_fits(rag, b) => b,
                        (Rag::Red, _) => Band::High,
                        (Rag::Amber, _) => Band::Medium,
                        (Rag::Green, _) => Band::Low,
                    });
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
    reported_band
}

/// The register's scale, when it is not the configured matrix, and the band: a band the
/// register states wins; otherwise the band of the current score.
fn settle_rating(rv: &RowValues, config: &Config, risk: &mut Risk, reported_band: Option<Band>) {
    risk.reported_rating = reported_band;
    let scale = scale_pair(rv, config);
    let configured = (
        config.risk.likelihood.len() as f64,
        config.risk.impact.len() as f64,
    );
    if scale.is_some_and(|s| s != configured) {
        risk.scale = scale.map(|(likelihood, impact)| Scale { likelihood, impact });
    }
    (risk.rating, risk.rating_source) = match reported_band {
        Some(b) => (Some(b), Some(RagSource::Reported)),
        None => match risk
            .current
            .score
            .and_then(|s| config.band_on_scale(s, risk.scale.map(|s| (s.likelihood, s.impact))))
        {
            Some(b) => (Some(b), Some(RagSource::Computed)),
            None => (None, None),
        },
    };
}
