//! A table's columns: each given a field from its header (and period columns their period and
//! part), settled where two claim one field, and the table classed as a risk register, a
//! performance return or a delivery plan.

use super::*;
use crate::schema::field::{Key, Name, RatingPart, Stage};

pub(super) fn build_table(
    sheet: &Sheet,
    header_rows: &[u32],
    m: &mut Matcher,
    fy: Option<i32>,
    ctx: &LayoutContext,
    titles: &[(u32, String)],
) -> Option<Table> {
    let heads = header_texts(sheet, header_rows);
    let header_of = |parts: &[Cell]| -> String {
        parts
            .iter()
            .filter_map(|c| c.text())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let map_as = |kind: SheetKind, m: &mut Matcher| -> Vec<Column> {
        heads
            .iter()
            .map(|(col, parts)| {
                let header = header_of(parts);
                let refs: Vec<&Cell> = parts.iter().collect();
                if kind != SheetKind::RiskRegister {
                    // A delivery plan's period columns are its quarterly updates ("Q2 update").
                    if let Some((period, part)) = m.period(&refs, &header, fy).filter(|(_, p)| {
                        kind == SheetKind::PerformanceReturn || *p == Part::Commentary
                    }) {
                        return Column {
                            col: *col,
                            header,
                            field: Some(Field::Period { period, part }),
                            confidence: 0.9,
                            ..Default::default()
                        };
                    }
                }
                let mut found = m.field(&header, kind.applies());
                // Group text over a field name ("Risk ID and Description" over "Ref") names
                // no field itself: the sub-header alone may say more.
                if parts.len() > 1 {
                    let last = parts.last().and_then(|c| c.text()).unwrap_or_default();
                    let alone = m.field(&last, kind.applies());
                    // An exact name beats group text that names a field only in part, but
                    // not a rating group ("Target Risk" over "Rating" is the target's).
                    let better = |(af, a): &(Key, f64)| match &found {
                        None => true,
                        Some((ff, f)) => {
                            (*a > *f && *f < MIN_CONFIDENCE)
                                || (*a >= 1.0
                                    && *f < 1.0
                                    && !matches!(ff, Key::Rating(..))
                                    && af != ff)
                        }
                    };
                    if alone.as_ref().is_some_and(better) {
                        found = alone;
                    }
                }
                match found {
                    Some((f, c)) if c >= MIN_CONFIDENCE => Column {
                        col: *col,
                        header,
                        field: Some(Field::Named(f)),
                        confidence: round2(c),
                        ..Default::default()
                    },
                    found => Column {
                        col: *col,
                        header,
                        field: None,
                        confidence: round2(found.map_or(0.0, |f| f.1)),
                        ..Default::default()
                    },
                }
            })
            .collect()
    };
    let mut risk_cols = map_as(SheetKind::RiskRegister, m);
    settle_baseline(&mut risk_cols);
    let mut measure_cols = map_as(SheetKind::PerformanceReturn, m);
    year_to_date(&mut measure_cols, ctx.fy_start());
    let action_cols = map_as(SheetKind::DeliveryPlan, m);
    let profile_kind = ctx
        .profile
        .and_then(|p| p.kind.as_deref())
        .and_then(|k| match k {
            "risk_register" | "risk" => Some(SheetKind::RiskRegister),
            "performance_return" | "performance" => Some(SheetKind::PerformanceReturn),
            "delivery_plan" | "actions" | "action_plan" => Some(SheetKind::DeliveryPlan),
            _ => None,
        });
    let kind = match profile_kind {
        Some(k) => k,
        None if is_delivery_plan(&action_cols, &risk_cols, &measure_cols, &sheet.name, titles) => {
            SheetKind::DeliveryPlan
        }
        None => classify(&risk_cols, &measure_cols, &sheet.name, titles)?,
    };
    let mut columns = match kind {
        SheetKind::RiskRegister => risk_cols,
        SheetKind::PerformanceReturn => measure_cols,
        SheetKind::DeliveryPlan => action_cols,
    };
    dedupe_fields(&mut columns);
    if let Some(p) = ctx.profile {
        p.apply_columns(&mut columns, ctx.config.calendar.financial_year_start_month);
    }
    Some(Table {
        kind,
        header_rows: header_rows.to_vec(),
        columns,
        rows: Vec::new(),
        demoted: Vec::new(),
        dates: values::DateColumn::default(),
    })
}

/// FMEA registers rate "Baseline Risk (before response)" and "Residual Risk (after response)":
/// the baseline is the current rating and the residual the target, unless the register names
/// its current or target rating itself (then the baseline is inherent, the residual current).
pub(super) fn settle_baseline(columns: &mut [Column]) {
    let group_of = |c: &Column| match c.key() {
        Some(Key::Rating(stage, part)) => Some((*stage, *part)),
        _ => None,
    };
    if !columns
        .iter()
        .any(|c| group_of(c).is_some_and(|(g, _)| g == Stage::Baseline))
    {
        return;
    }
    let names = |word: &str| {
        columns
            .iter()
            .any(|c| fold(&c.header).split(' ').any(|w| w == word))
    };
    // A register that names its current or target rating itself: the baseline is inherent.
    let named = names("current") || names("target");
    for c in columns.iter_mut() {
        let Some((group, part)) = group_of(c) else {
            continue;
        };
        let h = format!(" {} ", fold(&c.header));
        let after = [
            " residual ",
            " after response ",
            " post response ",
            " after treatment ",
        ]
        .iter()
        .any(|w| h.contains(w));
        let to = match group {
            Stage::Baseline if named => Stage::Inherent,
            Stage::Baseline => Stage::Current,
            Stage::Current if after && !named => Stage::Target,
            _ => continue,
        };
        c.field = Some(Field::Named(Key::Rating(to, part)));
    }
}

/// A "YTD" column covers the financial year up to the latest period column: when that span is
/// a quarter, half or year of the contract, the column is that period's actual.
pub(super) fn year_to_date(columns: &mut [Column], fy_start: u32) {
    let latest = columns
        .iter()
        .filter_map(|c| match &c.field {
            Some(Field::Period { period, .. }) => Some(period.end),
            _ => None,
        })
        .max();
    let Some(end) = latest else { return };
    let fy = values::fy_of(end, fy_start);
    let candidates: Vec<Period> = (1..=4)
        .filter_map(|q| values::quarter(fy, q, fy_start))
        .chain((1..=2).filter_map(|h| values::half(fy, h, fy_start)))
        .chain(values::year(fy, fy_start))
        .collect();
    let Some(span) = candidates.into_iter().find(|p| {
        p.end == end && values::fy_of(p.start, fy_start) == fy && {
            values::year(fy, fy_start).is_some_and(|y| y.start == p.start)
        }
    }) else {
        return;
    };
    for c in columns.iter_mut() {
        let f = fold(&c.header);
        let part = match f.as_str() {
            "ytd" | "year to date" | "ytd actual" | "ytd outturn" | "ytd performance"
            | "ytd value" => Part::Actual,
            _ => continue,
        };
        c.field = Some(Field::Period {
            period: span.clone(),
            part,
        });
        c.confidence = crate::domain::confidence::FIRM;
    }
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Two columns mapped to one field: the more confident keeps it (the first on a tie); the other
/// is kept as extra.
pub(super) fn dedupe_fields(columns: &mut [Column]) {
    let mut best: HashMap<String, (usize, f64)> = HashMap::new();
    for (i, c) in columns.iter().enumerate() {
        if let Some(f) = &c.field {
            let e = best.entry(f.name()).or_insert((i, c.confidence));
            if c.confidence > e.1 {
                *e = (i, c.confidence);
            }
        }
    }
    for (i, c) in columns.iter_mut().enumerate() {
        if let Some(f) = &c.field {
            if best.get(&f.name()).is_some_and(|(j, _)| *j != i) {
                c.field = None;
            }
        }
    }
}

/// How many columns hold one of the dictionary's fields `names`.
pub(super) fn has(cols: &[Column], names: &[Name]) -> usize {
    cols.iter()
        .filter(|c| names.iter().any(|n| c.is(*n)))
        .count()
}

/// How many columns hold one of the `parts` of a rating, at any stage; a column of a rating
/// with no stage counts as a rating.
pub(super) fn rated(cols: &[Column], parts: &[RatingPart]) -> usize {
    cols.iter()
        .filter(|c| match c.key() {
            Some(Key::Rating(_, p)) => parts.contains(p),
            Some(k) => parts.contains(&RatingPart::Rating) && k.is(Name::Rating),
            None => false,
        })
        .count()
}

/// Whether the headers, read as a delivery plan's, make one: actions or projects with a status
/// (or % complete, or a RAG) and a due or start date, and no likelihood or impact, no actual or
/// target and no period values, and no title saying it is a risk register.
pub(super) fn is_delivery_plan(
    action: &[Column],
    risk: &[Column],
    measure: &[Column],
    sheet: &str,
    titles: &[(u32, String)],
) -> bool {
    use RatingPart::{Impact, Likelihood, Score};
    let named = has(action, &[Name::Id, Name::Title]) > 0;
    let progress = has(action, &[Name::Status, Name::PercentComplete, Name::Rag]);
    let dated = has(action, &[Name::Due, Name::Start]) > 0;
    let rated = rated(risk, &[Likelihood, Impact, Score]) > 0 || has(risk, &[Name::Controls]) > 0;
    // An actual or target column, unless the plan reads it as one of its own ("Target Date").
    let valued = measure.iter().zip(action).any(|(m, a)| {
        let own = a
            .key()
            .is_some_and(|f| !f.is(Name::Title) && !f.is(Name::Id));
        match &m.field {
            Some(Field::Named(f)) => (f.is(Name::Actual) || f.is(Name::Target)) && !own,
            Some(Field::Period { part, .. }) => *part != Part::Commentary,
            None => false,
        }
    });
    let says_register = std::iter::once(sheet)
        .chain(titles.iter().map(|(_, t)| t.as_str()))
        .any(|t| fold(t).contains("risk register"));
    let enough = (progress >= 1 && dated) || (progress >= 2 && has(action, &[Name::Owner]) > 0);
    named && enough && !rated && !valued && !says_register
}

/// Decides whether the mapped headers make a risk register or a performance return.
pub(super) fn classify(
    risk: &[Column],
    measure: &[Column],
    sheet: &str,
    titles: &[(u32, String)],
) -> Option<SheetKind> {
    use Name::*;
    let risk_id = has(risk, &[Id, Title, Description]) > 0;
    let ratings = rated(risk, &RatingPart::ALL);
    let risk_score = ratings
        + has(
            risk,
            &[
                Controls,
                Mitigations,
                LastReviewed,
                NextReview,
                Escalate,
                Description,
            ],
        );
    let measure_id = has(measure, &[Id, Title]) > 0;
    let periods = measure
        .iter()
        .filter(|c| matches!(c.field, Some(Field::Period { .. })))
        .count();
    let measure_score = has(
        measure,
        &[Actual, Target, Rag, Polarity, Unit, Kind, Period, Direction],
    ) + if periods > 0 { 2 } else { 0 };
    let says_risk = std::iter::once(sheet)
        .chain(titles.iter().map(|(_, t)| t.as_str()))
        .chain(risk.iter().map(|c| c.header.as_str()))
        .any(|t| fold(t).split(' ').any(|w| w == "risk" || w == "risks"));
    // A register with no ratings at all is still a register when it says so and has more
    // than a title: an owner, controls, actions.
    let unrated = ratings == 0
        && says_risk
        && has(risk, &[Owner, Controls, Mitigations, Category, Status]) > 0;
    let is_measure = measure_id && measure_score >= 2;
    let is_risk =
        risk_id && ((ratings > 0 && (risk_score >= 2 || says_risk)) || (unrated && !is_measure));
    match (is_risk, is_measure) {
        (true, true) if says_risk => Some(SheetKind::RiskRegister),
        (true, true) if risk_score > measure_score => Some(SheetKind::RiskRegister),
        (true, true) => Some(SheetKind::PerformanceReturn),
        (true, false) => Some(SheetKind::RiskRegister),
        (false, true) => Some(SheetKind::PerformanceReturn),
        (false, false) => None,
    }
}
