//! Performance return rows into measures and observations, from wide returns (a column per
//! period, "Q2 Actual" + "Q2 Status" pairs, date headers) and long ones (a row per period).

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::layout::{period_of_date, Part};
use crate::read::{Cell, Value};
use crate::rules::RuleId;
use crate::schema::field::Name;
use crate::schema::{cell_ref, Finding, Measure, Observation, Period, RagSource, Source, Unit};
use crate::values;

use super::row::RowValues;
use super::{Document, RowContext, Sections, SheetContext};

/// Measures already made from earlier rows of a long return, by id.
#[derive(Default)]
pub(super) struct MeasureIndex {
    by_id: HashMap<String, usize>,
    /// Whether the sheet's values with no period have been reported (once a table).
    snapshot_noted: bool,
}

/// Whether a cell holds a value rather than nothing or a missing marker ("-", "n/a").
fn present(c: &Cell) -> bool {
    c.text().is_some_and(|t| !values::is_missing(&t))
}

/// The cells that make one observation.
#[derive(Default)]
struct Parts<'a> {
    actual: Option<(&'a Cell, &'a str)>,
    target: Option<(&'a Cell, &'a str)>,
    rag: Option<(&'a Cell, &'a str)>,
    direction: Option<(&'a Cell, &'a str)>,
    commentary: Option<(&'a Cell, &'a str)>,
}

impl<'a> Parts<'a> {
    fn slot(&mut self, part: Part) -> &mut Option<(&'a Cell, &'a str)> {
        match part {
            Part::Actual => &mut self.actual,
            Part::Target => &mut self.target,
            Part::Rag => &mut self.rag,
            Part::Direction => &mut self.direction,
            Part::Commentary => &mut self.commentary,
        }
    }

    /// Whether any cell holds something: a value, a missing marker or a RAG colour.
    fn has_value(&self) -> bool {
        self.cells().any(|c| c.text().is_some()) || self.has_colour()
    }

    fn cells(&self) -> impl Iterator<Item = &'a Cell> {
        [
            self.actual,
            self.target,
            self.rag,
            self.direction,
            self.commentary,
        ]
        .into_iter()
        .flatten()
        .map(|(c, _)| c)
    }

    fn has_colour(&self) -> bool {
        self.actual
            .is_some_and(|(c, _)| c.fill().and_then(values::rag_from_colour).is_some())
            || self
                .rag
                .is_some_and(|(c, _)| c.fill().and_then(values::rag_from_colour).is_some())
    }

    fn first_cell(&self) -> Option<&'a Cell> {
        [
            self.actual,
            self.rag,
            self.target,
            self.commentary,
            self.direction,
        ]
        .iter()
        .flatten()
        .map(|(c, _)| *c)
        .next()
    }
}

/// A measure id made from its title when the return gives no reference.
fn slug(title: &str) -> String {
    let words: Vec<String> = crate::config::fold(title)
        .split(' ')
        .map(str::to_string)
        .collect();
    let mut out = String::new();
    for w in words {
        if out.len() + w.len() > 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out
}

fn named_cell<'a>(rv: &RowValues<'a>, field: Name) -> Option<(&'a Cell, &'a str)> {
    Some((rv.cell(field)?, rv.header(field)?))
}

/// Builds a measure (or, in a long return, finds the one an earlier row made) and its
/// observations from one row. Returns the measure id, or None when the row names no measure.
/// A row with several value columns side by side (`values.*` fields) makes one measure for
/// each.
pub(super) fn measure_row(
    rv: &mut RowValues,
    at: RowContext,
    index: &mut MeasureIndex,
    doc: &mut Document,
) -> Option<String> {
    let dimensions: BTreeMap<String, String> = rv
        .dimensions()
        .into_iter()
        .filter_map(|(k, c, _)| {
            let t = c.text().filter(|t| !values::is_missing(t))?;
            Some((k.to_string(), t))
        })
        .collect();
    rv.mapped += dimensions.len();
    // One measure for the row, or one for each value column side by side.
    let sides: Vec<Option<(&str, &Cell, &str)>> = match rv.value_columns() {
        v if v.is_empty() => vec![None],
        v => v.into_iter().map(Some).collect(),
    };
    let mut first = None;
    for (n, side) in sides.into_iter().enumerate() {
        let before = rv.mapped;
        let id = measure_of_row(rv, at, index, doc, &dimensions, side);
        if n > 0 {
            // The row's other cells were counted with its first measure; only the value is new.
            rv.mapped = before + (rv.mapped - before).min(1);
        }
        first = first.or(id);
    }
    first
}

/// The row being made into a measure: where it is, and what is the same for all its
/// observations.
struct RowAt<'r> {
    sctx: &'r SheetContext,
    config: &'r Config,
    id: String,
    /// The 1-based row.
    row: u32,
    dimensions: &'r BTreeMap<String, String>,
}

impl RowAt<'_> {
    fn source(&self, cell: Option<String>) -> Source {
        Source {
            file: self.sctx.file.clone(),
            sheet: self.sctx.sheet.clone(),
            row: self.row,
            cell,
        }
    }

    fn finding(&self, rule: RuleId, message: String) -> Finding {
        Finding {
            sheet: Some(self.sctx.sheet.clone()),
            row: Some(self.row),
            record_id: Some(self.id.clone()),
            directorate: self.sctx.directorate.clone(),
            ..Finding::new(rule, message, self.sctx.file.clone())
        }
    }
}

/// The cells of a row's observations, by period, before they are read.
struct RowPeriods<'a> {
    by_period: BTreeMap<Period, Parts<'a>>,
    /// Targets for a year, for the periods within it.
    annual_targets: Vec<(Period, &'a Cell, &'a str)>,
    /// The row's target for every period, from a column that names none.
    row_target: Option<(&'a Cell, &'a str)>,
    /// The values of a snapshot table, which names no period anywhere.
    snapshot: Option<Parts<'a>>,
    /// The period of values whose column names none.
    loose_period: Option<Period>,
}

/// One measure of a row: the row's own, or the one of the value column `side`.
fn measure_of_row(
    rv: &mut RowValues,
    at: RowContext,
    index: &mut MeasureIndex,
    doc: &mut Document,
    dimensions: &BTreeMap<String, String>,
    side: Option<(&str, &Cell, &str)>,
) -> Option<String> {
    let RowContext {
        sheet: sctx,
        sections,
        config,
    } = at;
    if !(rv.has(Name::Id) || rv.has(Name::Title)) {
        return None;
    }
    let title = rv.text(Name::Title);
    let variant = rv.text(Name::Variant);
    let mut id = rv
        .text(Name::Id)
        .unwrap_or_else(|| slug(title.as_deref().unwrap_or("")));
    // Two measures of one title: a percentage beside a count, or values side by side.
    for part in [variant.as_deref(), side.map(|s| s.0)]
        .into_iter()
        .flatten()
    {
        id = format!("{id}/{}", slug(part));
    }
    let at = RowAt {
        sctx,
        config,
        id,
        row: rv.row + 1,
        dimensions,
    };
    let mut measure = measure_of(rv, &at, sections, title, variant.as_deref());
    let period_cols = std::mem::take(&mut rv.periods);
    let (mut periods, loose) = row_periods(rv, &at, sections, &period_cols, side);
    place_loose_values(rv, &at, index, doc, &mut periods, loose, &mut measure);

    let mut units: Vec<Unit> = Vec::new();
    // A missing marker is "not reported" (an observation with no actual, which checks find);
    // but in a wide row's periods after the latest one with an actual (a dashboard's future
    // quarters, "-"), a period with no actual is no observation.
    let latest = periods
        .by_period
        .iter()
        .filter(|(_, parts)| parts.actual.is_some_and(|(c, _)| present(c)))
        .map(|(p, _)| p.end)
        .max();
    let long = rv.cell(Name::Period).is_some();
    let dated = periods.by_period.iter().map(|(p, parts)| (Some(p), parts));
    let snapshot = periods.snapshot.iter().map(|parts| (None, parts));
    let mut observations = Vec::new();
    for (period, parts) in dated.chain(snapshot) {
        let future = period.is_some_and(|p| !long && latest.is_some_and(|l| p.start > l));
        let actual = parts.actual.is_some_and(|(c, _)| present(c));
        if !parts.has_value() || (future && !actual && !parts.has_colour()) {
            continue;
        }
        observations.push(observation_of(
            rv, &at, &measure, period, parts, &periods, &mut units,
        ));
    }
    // A row of targets and no values (a measures catalogue, a plan for the year ahead) keeps
    // its targets as observations with no actual.
    if observations.is_empty() {
        observations = target_only_observations(&at, &periods);
    }
    count_targets(rv, &periods);
    fill_unit_and_frequency(&mut measure, &units, &periods.by_period);
    measure.extra.append(&mut rv.extra);
    measure.cells = rv.field_cells();
    let long_row = rv.cell(Name::Period).is_some();
    add_or_merge(&at, index, doc, measure, long_row);
    doc.observations.extend(observations);
    Some(at.id)
}

/// The measure's definition from its row, with what the sheet's sections and context give.
fn measure_of(
    rv: &mut RowValues,
    at: &RowAt,
    sections: &Sections,
    title: Option<String>,
    variant: Option<&str>,
) -> Measure {
    let sctx = at.sctx;
    let variant = variant.map(str::to_string);
    let placed = sections.place(rv, sctx);
    Measure {
        id: at.id.clone(),
        title,
        kind: rv
            .parse(
                Name::Kind,
                "a kind (KPI, PI or statistic)",
                values::parse_kind,
            )
            .or(sctx.kind),
        unit: rv
            .parse(
                Name::Unit,
                "a unit (%, number, £, days, ratio)",
                values::parse_unit,
            )
            .or_else(|| variant.as_deref().and_then(values::parse_unit)),
        polarity: rv.parse(
            Name::Polarity,
            "a polarity (higher or lower is better)",
            values::parse_polarity,
        ),
        frequency: rv
            .parse(Name::Frequency, "a frequency", values::parse_frequency)
            .map(str::to_string),
        directorate: placed.directorate,
        service: placed.service,
        theme: placed.theme,
        priority: placed.priority,
        owner: rv.text(Name::Owner),
        data_collector: rv.text(Name::DataCollector),
        benchmark: rv.text(Name::Benchmark),
        tolerance: rv
            .number(Name::Tolerance)
            .map(|(v, _)| v)
            .filter(|v| v.is_finite() && *v >= 0.0),
        source: at.source(None),
        cells: Default::default(),
        extra: BTreeMap::new(),
    }
}

/// Which period each of the row's values is for, and the cells that make each observation.
/// Values whose column names no period are placed by [`place_loose_values`].
fn row_periods<'a, 'r: 'a>(
    rv: &mut RowValues<'r>,
    at: &RowAt,
    sections: &Sections,
    period_cols: &'a [(Period, Part, &'r Cell, &'r str)],
    side: Option<(&str, &'a Cell, &'a str)>,
) -> (RowPeriods<'a>, Parts<'a>) {
    let mut by_period: BTreeMap<Period, Parts> = BTreeMap::new();
    let mut annual_targets = Vec::new();
    for (period, part, cell, header) in period_cols {
        if period.kind == crate::schema::PeriodKind::Year && *part == Part::Target {
            annual_targets.push((period.clone(), *cell, *header));
        } else {
            *by_period.entry(period.clone()).or_default().slot(*part) = Some((*cell, *header));
        }
    }
    let loose = Parts {
        actual: side
            .map(|(_, c, h)| (c, h))
            .or_else(|| named_cell(rv, Name::Actual)),
        target: named_cell(rv, Name::Target),
        rag: named_cell(rv, Name::Rag),
        direction: named_cell(rv, Name::Direction),
        commentary: named_cell(rv, Name::Commentary),
    };
    let loose_period = if rv.cell(Name::Period).is_some() {
        row_period(rv, at.sctx, at.config.calendar.financial_year_start_month)
    } else if !by_period.is_empty() {
        // The latest period reported; of two ending together, the longer (a year-to-date total).
        by_period
            .iter()
            .filter(|(_, p)| p.actual.is_some_and(|(c, _)| present(c)))
            .max_by_key(|(k, _)| (k.end, std::cmp::Reverse(k.start)))
            .map(|(k, _)| k.clone())
    } else {
        sections.period.clone().or_else(|| at.sctx.period.clone())
    };
    let periods = RowPeriods {
        by_period,
        annual_targets,
        row_target: loose.target,
        snapshot: None,
        loose_period,
    };
    (periods, loose)
}

/// Places the values whose column names no period: with the row's period, or as a snapshot's
/// when the table names no period anywhere (said once a table), or in `extra` with a finding
/// when their period cannot be read.
fn place_loose_values<'a>(
    rv: &mut RowValues,
    at: &RowAt,
    index: &mut MeasureIndex,
    doc: &mut Document,
    periods: &mut RowPeriods<'a>,
    loose: Parts<'a>,
    measure: &mut Measure,
) {
    let undated = periods.loose_period.is_none()
        && periods.by_period.is_empty()
        && rv.cell(Name::Period).is_none();
    match &periods.loose_period {
        None if undated => {
            let parts = Parts {
                target: None,
                ..loose
            };
            if parts.has_value() {
                if !index.snapshot_noted {
                    index.snapshot_noted = true;
                    doc.findings.push(Finding {
                        record_id: None,
                        field: Some(Name::Period.to_string()),
                        ..at.finding(
                            RuleId::PeriodUnknown,
                            "The table names no period (no period column, title or heading): its values are kept with no period; name it with --period".into(),
                        )
                    });
                }
                periods.snapshot = Some(parts);
            }
        }
        Some(p) => {
            let entry = periods.by_period.entry(p.clone()).or_default();
            for (part, value) in [
                (Part::Actual, loose.actual),
                (Part::Rag, loose.rag),
                (Part::Direction, loose.direction),
                (Part::Commentary, loose.commentary),
            ] {
                let slot = entry.slot(part);
                if slot.is_none() {
                    *slot = value;
                } else if let Some((c, h)) = value {
                    if let Some(t) = c.text() {
                        measure.extra.insert(h.to_string(), t);
                        rv.count_kept();
                    }
                }
            }
        }
        None => {
            let values = [loose.actual, loose.rag, loose.direction, loose.commentary];
            if !values.iter().flatten().any(|(c, _)| c.text().is_some()) {
                return;
            }
            let cell = rv
                .cell(Name::Period)
                .or(loose.actual.map(|x| x.0))
                .map(|c| cell_ref(c.row, c.col));
            let (id, row) = (&at.id, at.row);
            doc.findings.push(Finding {
                cell,
                field: Some(Name::Period.to_string()),
                ..at.finding(
                    RuleId::PeriodUnknown,
                    format!(
                        "The values of measure {id} on row {row} are for no period that could be read; they are kept in extra (give the year with --financial-year or in a profile)"
                    ),
                )
            });
            for (c, h) in values.into_iter().flatten() {
                if let Some(t) = c.text() {
                    measure.extra.insert(h.to_string(), t);
                    rv.count_kept();
                }
            }
        }
    }
}

/// The observation of one period (or of none, in a snapshot) from its cells; the units its
/// numbers were written in are added to `units`.
fn observation_of(
    rv: &mut RowValues,
    at: &RowAt,
    measure: &Measure,
    period: Option<&Period>,
    parts: &Parts,
    periods: &RowPeriods,
    units: &mut Vec<Unit>,
) -> Observation {
    let mut extra = BTreeMap::new();
    let actual = parts
        .actual
        .and_then(|(c, h)| rv.number_cell(c, h, Name::Actual.as_str()))
        .map(|(v, u)| {
            units.extend(u);
            v
        });
    let target_cell = parts.target.or(periods.row_target).or_else(|| {
        periods
            .annual_targets
            .iter()
            .find(|(y, _, _)| period.is_some_and(|p| y.start <= p.start && p.end <= y.end))
            .map(|(_, c, h)| (*c, *h))
    });
    let target = target_cell.and_then(|(c, _)| {
        cell_number(c).ok().flatten().map(|(v, u)| {
            units.extend(u);
            v
        })
    });
    let rag = parts.rag.and_then(|(c, h)| match c.text() {
        Some(_) => rv.parse_cell(c, h, Name::Rag.as_str(), "a RAG status", values::parse_rag),
        None => c.fill().and_then(values::rag_from_colour),
    });
    let rag = rag.or_else(|| {
        parts
            .actual
            .and_then(|(c, _)| c.fill().and_then(values::rag_from_colour))
    });
    let direction = parts.direction.and_then(|(c, h)| {
        let d = direction_of(rv, at.config, measure, c, h);
        if d.is_none() {
            extra.insert(h.to_string(), c.text().unwrap_or_default());
        }
        d
    });
    let commentary = parts.commentary.and_then(|(c, _)| {
        let t = c.text()?;
        rv.count_mapped();
        Some(t)
    });
    let cell = parts
        .actual
        .map(|(c, _)| c)
        .or(parts.first_cell())
        .map(|c| cell_ref(c.row, c.col));
    let rag_cell = parts
        .rag
        .filter(|(c, _)| c.has_value() || c.fill().is_some())
        .or(parts.actual.filter(|_| rag.is_some()));
    let mut cells = crate::schema::CellRefs::default();
    for (name, found) in [
        (Name::Actual, parts.actual),
        (Name::Target, target_cell),
        (Name::Rag, rag_cell),
        (Name::Direction, parts.direction),
        (Name::Commentary, parts.commentary),
    ] {
        if let Some((c, _)) = found.filter(|(c, _)| c.has_value() || c.fill().is_some()) {
            cells.insert(name, c.row, c.col);
        }
    }
    Observation {
        actual,
        target,
        rag,
        rag_source: rag.map(|_| RagSource::Reported),
        direction,
        direction_source: direction.map(|_| RagSource::Reported),
        commentary,
        cells,
        extra,
        ..empty_observation(at, period, at.source(cell))
    }
}

/// An observation of the row's measure for `period` with nothing reported yet.
fn empty_observation(at: &RowAt, period: Option<&Period>, source: Source) -> Observation {
    Observation {
        measure_id: at.id.clone(),
        period: period.map(|p| p.label.clone()),
        period_start: period.map(|p| p.start),
        period_end: period.map(|p| p.end),
        actual: None,
        target: None,
        rag: None,
        rag_source: None,
        direction: None,
        direction_source: None,
        commentary: None,
        dimensions: at.dimensions.clone(),
        source,
        cells: Default::default(),
        extra: BTreeMap::new(),
    }
}

/// The direction of travel a cell reports: arrows read as performance or as the value's
/// movement, as the configuration says.
fn direction_of(
    rv: &mut RowValues,
    config: &Config,
    measure: &Measure,
    c: &Cell,
    h: &str,
) -> Option<crate::schema::Direction> {
    let travel = rv.parse_cell(
        c,
        h,
        "direction",
        "a direction of travel",
        values::parse_travel,
    )?;
    match (travel, config.performance.direction_arrows.as_str()) {
        (values::Travel::Up, "performance") => Some(crate::schema::Direction::Improving),
        (values::Travel::Down, "performance") => Some(crate::schema::Direction::Worsening),
        _ => values::travel_direction(travel, measure.polarity),
    }
}

/// A row of targets and no values (a measures catalogue, a plan for the year ahead): its
/// targets as observations with no actual.
fn target_only_observations(at: &RowAt, periods: &RowPeriods) -> Vec<Observation> {
    let annual = periods.annual_targets.iter().map(|(p, c, _)| (Some(p), *c));
    let plain = periods
        .row_target
        .filter(|_| periods.annual_targets.is_empty())
        .map(|(c, _)| (periods.loose_period.as_ref(), c));
    let mut observations = Vec::new();
    for (period, c) in annual.chain(plain) {
        let Some(target) = cell_number(c).ok().flatten().map(|(v, _)| v) else {
            continue;
        };
        let mut cells = crate::schema::CellRefs::default();
        cells.insert(Name::Target, c.row, c.col);
        observations.push(Observation {
            target: Some(target),
            cells,
            ..empty_observation(at, period, at.source(Some(cell_ref(c.row, c.col))))
        });
    }
    observations
}

/// Target cells are read (and counted) once per row, however many observations share them.
fn count_targets(rv: &mut RowValues, periods: &RowPeriods) {
    let annual = periods.annual_targets.iter().map(|(_, c, h)| (*c, *h));
    let per_period = periods.by_period.values().filter_map(|p| p.target);
    for (c, h) in periods
        .row_target
        .into_iter()
        .chain(annual)
        .chain(per_period)
    {
        let _ = rv.number_cell(c, h, Name::Target.as_str());
    }
}

/// The unit from the values or the title, and the frequency from the periods, where the row
/// states neither.
fn fill_unit_and_frequency(
    measure: &mut Measure,
    units: &[Unit],
    by_period: &BTreeMap<Period, Parts>,
) {
    if measure.unit.is_none() {
        measure.unit = units
            .first()
            .copied()
            .or_else(|| measure.title.as_deref().and_then(values::unit_from_title));
    }
    if measure.frequency.is_none() {
        measure.frequency = by_period.keys().next().map(|p| {
            match p.kind {
                crate::schema::PeriodKind::Month => "monthly",
                crate::schema::PeriodKind::Quarter => "quarterly",
                crate::schema::PeriodKind::Half => "half_yearly",
                crate::schema::PeriodKind::Year => "annual",
                crate::schema::PeriodKind::Span => "multi_year",
            }
            .to_string()
        });
    }
}

/// Adds the measure to the document, or, for a later row of a long return (the same reference
/// within the sheet, directorate and service), keeps what this row adds to the measure an
/// earlier row made, with a finding where its definition changed.
fn add_or_merge(
    at: &RowAt,
    index: &mut MeasureIndex,
    doc: &mut Document,
    measure: Measure,
    long_row: bool,
) {
    let key = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        at.sctx.sheet,
        at.id,
        measure.directorate.as_deref().unwrap_or(""),
        measure.service.as_deref().unwrap_or("")
    );
    match index.by_id.get(&key) {
        Some(&i) if long_row => {
            let existing = &mut doc.measures[i];
            for (field, was, now) in definition_changes(existing, &measure) {
                let (id, row) = (&at.id, at.row);
                doc.findings.push(Finding {
                    cell: measure.cells.get(field),
                    field: Some(field.to_string()),
                    directorate: existing.directorate.clone(),
                    ..at.finding(
                        RuleId::MeasureDefinitionChange,
                        format!(
                            "Measure {id}: {field} is {now} on row {row} but {was} on row {}; one definition should hold across periods",
                            existing.source.row
                        ),
                    )
                });
            }
            for (k, v) in measure.extra {
                existing.extra.entry(k).or_insert(v);
            }
        }
        _ => {
            index.by_id.insert(key, doc.measures.len());
            doc.measures.push(measure);
        }
    }
}

/// The unit or polarity a later row gives differently: (field, was, now).
fn definition_changes(existing: &Measure, measure: &Measure) -> Vec<(Name, String, String)> {
    fn word<T: serde::Serialize>(v: Option<T>) -> String {
        v.map(|v| serde_json::json!(v))
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "none".into())
    }
    let mut changed = Vec::new();
    if measure.unit.is_some() && measure.unit != existing.unit {
        changed.push((Name::Unit, word(existing.unit), word(measure.unit)));
    }
    if measure.polarity.is_some() && measure.polarity != existing.polarity {
        changed.push((
            Name::Polarity,
            word(existing.polarity),
            word(measure.polarity),
        ));
    }
    changed
}

use super::row::cell_number;

/// The period of a long return's row: its period cell, with the year from a year column.
fn row_period(rv: &mut RowValues, sctx: &SheetContext, fy_start: u32) -> Option<Period> {
    let year_text = rv.cell(Name::FinancialYear).and_then(|c| c.text());
    let fy = year_text.as_deref().and_then(values::parse_financial_year);
    // A calendar year beside a month or quarter ("2019" and "January"): read them together.
    let calendar_year = year_text
        .filter(|t| fy.is_none() && t.trim().len() == 4 && t.trim().parse::<i32>().is_ok());
    if fy.is_some() || calendar_year.is_some() {
        rv.count_mapped();
    }
    let fy = fy.or(sctx.financial_year);
    let cell = rv.cell(Name::Period)?;
    let header = rv.header(Name::Period).unwrap_or("Period");
    let dates = rv.dates;
    match &cell.value {
        Some(Value::Date(d)) => {
            rv.count_mapped();
            if dates.months {
                use chrono::Datelike;
                values::month(d.year(), d.month(), fy_start)
            } else {
                period_of_date(*d, fy_start)
            }
        }
        Some(_) => rv.parse_cell(
            cell,
            header,
            Name::Period.as_str(),
            "a period such as Q2 2024/25 or Sep-24",
            |t| match &calendar_year {
                Some(y) => {
                    values::parse_period_cell(&format!("{t} {}", y.trim()), fy_start, fy, dates)
                        .or_else(|| values::parse_period_cell(t, fy_start, fy, dates))
                }
                None => values::parse_period_cell(t, fy_start, fy, dates),
            },
        ),
        None => None,
    }
}
