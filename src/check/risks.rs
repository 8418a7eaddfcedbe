//! Rules on risks: scores and matrix, bands and colours, dates and reviews, owners and actions,
//! duplicate references.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};

use super::{on, RuleId};
use crate::config::Config;
use crate::schema::field::{Key, Name, RatingPart, Stage};
use crate::schema::Finding;
use crate::schema::{colour_fits, Band, Rating, Risk, RiskStatus};

fn num(x: f64) -> String {
    crate::read::format_number(x)
}

/// The cell of a rating part: the part's own column, else a combined rating column.
fn rating_field(r: &Risk, group: Stage, part: RatingPart) -> Key {
    let own = Key::Rating(group, part);
    if r.cells.contains_key(own.clone()) {
        own
    } else {
        Key::Rating(group, RatingPart::Rating)
    }
}

fn check_rating(r: &Risk, group: Stage, rating: &Rating, config: &Config, hits: &mut Vec<Finding>) {
    // On a register's own scale values are kept as written (3.3333 on 1-10): only the range counts.
    let own = r.scale;
    let scales = [
        (
            RatingPart::Likelihood,
            rating.likelihood,
            own.map_or(config.risk.likelihood.len() as f64, |s| s.likelihood),
        ),
        (
            RatingPart::Impact,
            rating.impact,
            own.map_or(config.risk.impact.len() as f64, |s| s.impact),
        ),
    ];
    for (part, value, size) in scales {
        if let Some(v) = value {
            let (off, what) = match own {
                Some(_) => (v <= 0.0 || v > size, "on the register's own scale"),
                None => (v.fract() != 0.0 || v < 1.0 || v > size, "on the matrix"),
            };
            if off {
                let whole = if own.is_none() { "a whole number " } else { "" };
                hits.push(on(
                    r,
                    RuleId::RiskLevelOffMatrix,
                    rating_field(r, group, part),
                    format!(
                        "{group} {part} {} is not {whole}from 1 to {} {what}",
                        num(v),
                        num(size)
                    ),
                ));
            }
        }
    }
    if let (Some(l), Some(i), Some(s)) = (rating.likelihood, rating.impact, rating.score) {
        // A score of rescaled decimals is rounded as written (3.3333 x 6.6667 stated 22.22).
        let tolerance = if own.is_some() {
            0.005 * s.abs().max(1.0)
        } else {
            1e-9
        };
        if (l * i - s).abs() > tolerance {
            hits.push(on(
                r,
                RuleId::RiskScoreMismatch,
                rating_field(r, group, RatingPart::Score),
                format!(
                    "{group} score is {} but likelihood {} x impact {} = {}",
                    num(s),
                    num(l),
                    num(i),
                    num(l * i)
                ),
            ));
        }
    }
}

/// A band as a sentence names it: "a very high risk".
fn band_name(b: Band) -> String {
    b.label().to_lowercase()
}

/// A set of sheets (file, sheet), looked up without copying the names: it is asked about every
/// risk.
#[derive(Default)]
struct Sheets(BTreeMap<String, BTreeSet<String>>);

impl Sheets {
    /// Adds the risk's sheet; whether it was new.
    fn insert(&mut self, r: &Risk) -> bool {
        if self.contains(r) {
            return false;
        }
        self.0
            .entry(r.source.file.clone())
            .or_default()
            .insert(r.source.sheet.clone())
    }

    fn contains(&self, r: &Risk) -> bool {
        self.0
            .get(r.source.file.as_str())
            .is_some_and(|s| s.contains(r.source.sheet.as_str()))
    }
}

/// What the risk rules need to know of all risks before judging each one.
#[derive(Default)]
pub(crate) struct Seen {
    /// Sheets where some risk has an owner (there the register has the column), and where some
    /// risk names a theme or priority.
    with_owner: Sheets,
    with_theme: Sheets,
    /// Directorates that sent at least one risk.
    pub directorates: BTreeSet<String>,
}

impl Seen {
    pub fn observe(&mut self, r: &Risk) {
        if r.owner.is_some() || r.cells.contains_key(Name::Owner) {
            self.with_owner.insert(r);
        }
        if r.theme.is_some() || r.priority.is_some() {
            self.with_theme.insert(r);
        }
        if let Some(d) = r
            .directorate
            .as_ref()
            .filter(|d| !self.directorates.contains(*d))
        {
            self.directorates.insert(d.clone());
        }
    }
}

/// Where a reference was first used, kept small: a register may hold a million risks.
#[derive(Default)]
struct Firsts {
    names: Vec<String>,
    index: std::collections::HashMap<String, u32>,
    first: std::collections::HashMap<(u32, Box<str>), (u32, u32, u32)>,
}

impl Firsts {
    fn name(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }
}

/// Judges risks one at a time, once [`Seen`] has seen them all.
pub(super) struct Rules<'a> {
    seen: &'a Seen,
    config: &'a Config,
    as_of: NaiveDate,
    theme_noted: Sheets,
    firsts: Firsts,
}

impl<'a> Rules<'a> {
    pub fn new(seen: &'a Seen, config: &'a Config, as_of: NaiveDate) -> Self {
        Rules {
            seen,
            config,
            as_of,
            theme_noted: Sheets::default(),
            firsts: Firsts::default(),
        }
    }

    /// Judges one risk by every risk rule.
    pub fn check(&mut self, r: &Risk, hits: &mut Vec<Finding>) {
        let (config, as_of) = (self.config, self.as_of);
        for (group, rating) in [
            (Stage::Inherent, &r.inherent),
            (Stage::Current, &r.current),
            (Stage::Target, &r.target),
        ] {
            check_rating(r, group, rating, config, hits);
        }
        band(r, config, hits);
        dates(r, as_of, hits);
        scores(r, hits);
        if r.owner.is_none() && self.seen.with_owner.contains(r) {
            hits.push(on(
                r,
                RuleId::RiskNoOwner,
                Name::Owner,
                "has no owner".into(),
            ));
        }
        if r.title.is_none() && r.description.is_none() {
            hits.push(on(
                r,
                RuleId::RiskNoTitle,
                Name::Title,
                "has no title or description".into(),
            ));
        }
        if r.status == RiskStatus::Open {
            open_risk(r, config, as_of, hits);
        }
        self.theme(r, hits);
        self.duplicate(r, hits);
    }

    /// `no-theme-link`: a risk linked to no theme or priority where themes are configured; once
    /// a sheet where no risk names one (the register has no theme column).
    fn theme(&mut self, r: &Risk, hits: &mut Vec<Finding>) {
        if self.config.framework.themes.is_empty() || r.theme.is_some() || r.priority.is_some() {
            return;
        }
        if self.seen.with_theme.contains(r) {
            hits.push(on(
                r,
                RuleId::NoThemeLink,
                Name::Theme,
                "is linked to no theme or priority".into(),
            ));
        } else if self.theme_noted.insert(r) {
            hits.push(Finding {
                record_id: None,
                field: None,
                cell: None,
                row: None,
                message: format!(
                    "No risk in sheet '{}' is linked to a theme or priority: the register has no theme column",
                    r.source.sheet
                ),
                ..on(r, RuleId::NoThemeLink, Name::Theme, String::new())
            });
        }
    }

    /// The same reference twice in one file, or in two files of one directorate.
    fn duplicate(&mut self, r: &Risk, hits: &mut Vec<Finding>) {
        if r.id.ends_with(&format!("row {}", r.source.row)) {
            return; // made up for a risk with no reference
        }
        let f = &mut self.firsts;
        let scope = f.name(r.directorate.as_deref().unwrap_or(&r.source.file));
        let here = (
            f.name(&r.source.file),
            f.name(&r.source.sheet),
            r.source.row,
        );
        match f.first.entry((scope, r.id.as_str().into())) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let (file, sheet, row) = *e.get();
                let place = if file == here.0 {
                    format!("row {row} of sheet '{}'", f.names[sheet as usize])
                } else {
                    format!("{} (row {row})", f.names[file as usize])
                };
                hits.push(on(
                    r,
                    RuleId::RiskDuplicateRef,
                    Name::Id,
                    format!("the reference is used again: first at {place}"),
                ));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(here);
            }
        }
    }
}

/// `risk-band-mismatch`: a stated band, or the rating cell's colour, that disagrees with the
/// current score's band.
fn band(r: &Risk, config: &Config, hits: &mut Vec<Finding>) {
    let Some(score) = r.current.score else {
        return;
    };
    let Some(band) = config.band_on_scale(score, r.scale.map(|s| (s.likelihood, s.impact))) else {
        return;
    };
    // On a register's own scale the band of the score is worked out by proportion: a stated
    // band one step from it is the register's own banding, not a mistake.
    let apart = |a: Band, b: Band| (a as i32 - b as i32).abs();
    let tolerance = if r.scale.is_some() { 1 } else { 0 };
    if let Some(reported) = r.reported_rating.filter(|x| apart(*x, band) > tolerance) {
        hits.push(on(
            r,
            RuleId::RiskBandMismatch,
            Name::Rating,
            format!(
                "rated {} but a current score of {} is {}",
                band_name(reported),
                num(score),
                band_name(band)
            ),
        ));
    }
    if let Some(colour) = r.reported_colour.filter(|c| !colour_fits(*c, band)) {
        hits.push(on(
            r,
            RuleId::RiskBandMismatch,
            Name::Rating,
            format!(
                "rating cell is coloured {} but a current score of {} is {}",
                format!("{colour:?}").to_lowercase(),
                num(score),
                band_name(band)
            ),
        ));
    }
}

/// `risk-review-order` and `risk-date-in-future`.
fn dates(r: &Risk, as_of: NaiveDate, hits: &mut Vec<Finding>) {
    if let (Some(last), Some(next)) = (r.last_reviewed, r.next_review) {
        if next < last {
            hits.push(on(
                r,
                RuleId::RiskReviewOrder,
                Name::NextReview,
                format!("next review {next} is before the last review {last}"),
            ));
        }
    }
    for (field, date) in [
        (Name::LastReviewed, r.last_reviewed),
        (Name::DateIdentified, r.date_identified),
    ] {
        if let Some(d) = date.filter(|d| *d > as_of) {
            let what = field.as_str().replace('_', " ");
            hits.push(on(
                r,
                RuleId::RiskDateInFuture,
                field,
                format!("{what} {d} is after {as_of}, the date of this check"),
            ));
        }
    }
}

/// `risk-current-above-inherent` and `risk-target-above-current`: a score above the one it
/// should not exceed.
fn scores(r: &Risk, hits: &mut Vec<Finding>) {
    let pairs = [
        (
            RuleId::RiskCurrentAboveInherent,
            (Stage::Current, r.current.score),
            (Stage::Inherent, r.inherent.score),
            "; controls should not raise a risk",
        ),
        (
            RuleId::RiskTargetAboveCurrent,
            (Stage::Target, r.target.score),
            (Stage::Current, r.current.score),
            "",
        ),
    ];
    for (rule, (upper, u), (lower, l), why) in pairs {
        if let (Some(u), Some(l)) = (u, l) {
            if u > l {
                hits.push(on(
                    r,
                    rule,
                    rating_field(r, upper, RatingPart::Score),
                    format!(
                        "{upper} score {} is above the {lower} score {}{why}",
                        num(u),
                        num(l)
                    ),
                ));
            }
        }
    }
}

/// Rules on open risks: `risk-no-action`, `risk-no-current-rating`, `risk-review-overdue` and
/// `risk-no-review-date`.
fn open_risk(r: &Risk, config: &Config, as_of: NaiveDate, hits: &mut Vec<Finding>) {
    let scale = r.scale.map(|s| (s.likelihood, s.impact));
    if let Some(c) = r
        .current
        .score
        .filter(|c| config.score_on_matrix(*c, scale) >= config.risk.appetite_score)
    {
        if r.mitigations.is_none() {
            hits.push(on(
                r,
                RuleId::RiskNoAction,
                Name::Mitigations,
                format!(
                    "current score {} is at or above the appetite score {} but no mitigating action is given",
                    num(c),
                    num(config.risk.appetite_score)
                ),
            ));
        }
    }
    if r.current.is_empty() {
        hits.push(on(
            r,
            RuleId::RiskNoCurrentRating,
            Key::Rating(Stage::Current, RatingPart::Score),
            "has no current rating".into(),
        ));
    }
    match (r.last_reviewed, r.rating) {
        (Some(last), Some(band)) => {
            let months = config
                .risk
                .review_months
                .get(band.as_str())
                .copied()
                .unwrap_or(6);
            let due = last.checked_add_months(Months::new(months)).unwrap_or(last);
            if due < as_of {
                hits.push(on(
                    r,
                    RuleId::RiskReviewOverdue,
                    Name::LastReviewed,
                    format!(
                        "last reviewed {last}; a {} risk is reviewed every {months} month(s), so a review was due by {due}",
                        band_name(band)
                    ),
                ));
            }
        }
        (None, _) => hits.push(on(
            r,
            RuleId::RiskNoReviewDate,
            Name::LastReviewed,
            "has no last review date".into(),
        )),
        _ => {}
    }
}
