//! Rules on risks: scores and matrix, bands and colours, dates and reviews, owners and actions,
//! duplicate references.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};

use super::Hit;
use crate::config::Config;
use crate::schema::{colour_fits, Band, Rating, Risk, RiskStatus};

fn num(x: f64) -> String {
    crate::read::format_number(x)
}

fn hit(r: &Risk, rule: &'static str, field: &str, message: String) -> Hit {
    Hit {
        rule,
        message: format!("Risk {}: {message}", r.id),
        file: r.source.file.clone(),
        sheet: Some(r.source.sheet.clone()),
        row: Some(r.source.row),
        cell: r.cells.get(field),
        record_id: Some(r.id.clone()),
        field: Some(field.to_string()),
        directorate: r.directorate.clone(),
    }
}

/// The cell of a rating part: the part's own column, else a combined rating column.
fn rating_field(r: &Risk, group: &str, part: &str) -> String {
    let own = format!("{group}.{part}");
    if r.cells.contains_key(&own) {
        own
    } else {
        format!("{group}.rating")
    }
}

fn check_rating(r: &Risk, group: &str, rating: &Rating, config: &Config, hits: &mut Vec<Hit>) {
    // On a register's own scale values are kept as written (3.3333 on 1-10): only the range counts.
    let own = r.scale;
    let scales = [
        (
            "likelihood",
            rating.likelihood,
            own.map_or(config.risk.likelihood.len() as f64, |s| s.likelihood),
        ),
        (
            "impact",
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
                hits.push(hit(
                    r,
                    "risk-level-off-matrix",
                    &rating_field(r, group, part),
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
            hits.push(hit(
                r,
                "risk-score-mismatch",
                &rating_field(r, group, "score"),
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
pub(super) struct Seen {
    /// Sheets where some risk has an owner (there the register has the column), and where some
    /// risk names a theme or priority.
    with_owner: Sheets,
    with_theme: Sheets,
    /// Directorates that sent at least one risk.
    pub directorates: BTreeSet<String>,
}

impl Seen {
    pub fn observe(&mut self, r: &Risk) {
        if r.owner.is_some() || r.cells.contains_key("owner") {
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

    pub fn check(&mut self, r: &Risk, hits: &mut Vec<Hit>) {
        let (config, as_of) = (self.config, self.as_of);
        let (with_owner, with_theme) = (&self.seen.with_owner, &self.seen.with_theme);
        let themes_configured = !config.framework.themes.is_empty();
        let theme_noted = &mut self.theme_noted;
        let open = r.status == RiskStatus::Open;
        for (group, rating) in [
            ("inherent", &r.inherent),
            ("current", &r.current),
            ("target", &r.target),
        ] {
            check_rating(r, group, rating, config, hits);
        }
        if let Some(score) = r.current.score {
            let band = config.band_on_scale(score, r.scale.map(|s| (s.likelihood, s.impact)));
            // On a register's own scale the band of the score is worked out by proportion: a
            // stated band one step from it is the register's own banding, not a mistake.
            let apart = |a: Band, b: Band| (a as i32 - b as i32).abs();
            let tolerance = if r.scale.is_some() { 1 } else { 0 };
            if let (Some(reported), Some(band)) = (r.reported_rating, band) {
                if apart(reported, band) > tolerance {
                    hits.push(hit(
                        r,
                        "risk-band-mismatch",
                        "rating",
                        format!(
                            "rated {} but a current score of {} is {}",
                            band_name(reported),
                            num(score),
                            band_name(band)
                        ),
                    ));
                }
            }
            if let (Some(colour), Some(band)) = (r.reported_colour, band) {
                if !colour_fits(colour, band) {
                    hits.push(hit(
                        r,
                        "risk-band-mismatch",
                        "rating",
                        format!(
                            "rating cell is coloured {} but a current score of {} is {}",
                            format!("{colour:?}").to_lowercase(),
                            num(score),
                            band_name(band)
                        ),
                    ));
                }
            }
        }
        if let (Some(last), Some(next)) = (r.last_reviewed, r.next_review) {
            if next < last {
                hits.push(hit(
                    r,
                    "risk-review-order",
                    "next_review",
                    format!("next review {next} is before the last review {last}"),
                ));
            }
        }
        for (field, date) in [
            ("last_reviewed", r.last_reviewed),
            ("date_identified", r.date_identified),
        ] {
            if let Some(d) = date.filter(|d| *d > as_of) {
                let what = field.replace('_', " ");
                hits.push(hit(
                    r,
                    "risk-date-in-future",
                    field,
                    format!("{what} {d} is after {as_of}, the date of this check"),
                ));
            }
        }
        if let (Some(c), Some(i)) = (r.current.score, r.inherent.score) {
            if c > i {
                hits.push(hit(
                    r,
                    "risk-current-above-inherent",
                    &rating_field(r, "current", "score"),
                    format!("current score {} is above the inherent score {}; controls should not raise a risk", num(c), num(i)),
                ));
            }
        }
        if let (Some(t), Some(c)) = (r.target.score, r.current.score) {
            if t > c {
                hits.push(hit(
                    r,
                    "risk-target-above-current",
                    &rating_field(r, "target", "score"),
                    format!(
                        "target score {} is above the current score {}",
                        num(t),
                        num(c)
                    ),
                ));
            }
        }
        if r.owner.is_none() && with_owner.contains(r) {
            hits.push(hit(r, "risk-no-owner", "owner", "has no owner".into()));
        }
        if r.title.is_none() && r.description.is_none() {
            hits.push(hit(
                r,
                "risk-no-title",
                "title",
                "has no title or description".into(),
            ));
        }
        if open {
            let scale = r.scale.map(|s| (s.likelihood, s.impact));
            if let Some(c) = r
                .current
                .score
                .filter(|c| config.score_on_matrix(*c, scale) >= config.risk.appetite_score)
            {
                if r.mitigations.is_none() {
                    hits.push(hit(
                        r,
                        "risk-no-action",
                        "mitigations",
                        format!(
                            "current score {} is at or above the appetite score {} but no mitigating action is given",
                            num(c),
                            num(config.risk.appetite_score)
                        ),
                    ));
                }
            }
            if r.current.is_empty() {
                hits.push(hit(
                    r,
                    "risk-no-current-rating",
                    "current.score",
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
                        hits.push(hit(
                            r,
                            "risk-review-overdue",
                            "last_reviewed",
                            format!(
                                "last reviewed {last}; a {} risk is reviewed every {months} month(s), so a review was due by {due}",
                                band_name(band)
                            ),
                        ));
                    }
                }
                (None, _) => hits.push(hit(
                    r,
                    "risk-no-review-date",
                    "last_reviewed",
                    "has no last review date".into(),
                )),
                _ => {}
            }
        }
        if themes_configured && r.theme.is_none() && r.priority.is_none() {
            if with_theme.contains(r) {
                hits.push(hit(
                    r,
                    "no-theme-link",
                    "theme",
                    "is linked to no theme or priority".into(),
                ));
            } else if theme_noted.insert(r) {
                hits.push(Hit {
                    record_id: None,
                    field: None,
                    cell: None,
                    row: None,
                    message: format!(
                        "No risk in sheet '{}' is linked to a theme or priority: the register has no theme column",
                        r.source.sheet
                    ),
                    ..hit(r, "no-theme-link", "theme", String::new())
                });
            }
        }
        self.duplicate(r, hits);
    }

    /// The same reference twice in one file, or in two files of one directorate.
    fn duplicate(&mut self, r: &Risk, hits: &mut Vec<Hit>) {
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
                hits.push(hit(
                    r,
                    "risk-duplicate-ref",
                    "id",
                    format!("the reference is used again: first at {place}"),
                ));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(here);
            }
        }
    }
}
