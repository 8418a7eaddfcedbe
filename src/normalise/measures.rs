//! Performance return rows into measures and observations, from wide returns (a column per
//! period, "Q2 Actual" + "Q2 Status" pairs, date headers) and long ones (a row per period).

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::layout::long::{DIMENSION, VALUES, VARIANT};
use crate::layout::{period_of_date, Part};
use crate::read::{Cell, Value};
use crate::rules::RuleId;
use crate::schema::{cell_ref, Finding, Measure, Observation, Period, RagSource, Source, Unit};
use crate::values;

use super::row::RowValues;
use super::{Document, Sections, SheetContext};

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

fn named_cell<'a>(rv: &RowValues<'a>, field: &str) -> Option<(&'a Cell, &'a str)> {
    Some((rv.cell(field)?, rv.header(field)?))
}

/// Builds a measure (or, in a long return, finds the one an earlier row made) and its
/// observations from one row. Returns the measure id, or None when the row names no measure.
/// A row with several value columns side by side (`values.*` fields) makes one measure for
/// each.
pub(super) fn measure_row(
    rv: &mut RowValues,
    sctx: &SheetContext,
    sections: &Sections,
    config: &Config,
    index: &mut MeasureIndex,
    doc: &mut Document,
) -> Option<String> {
    let dimensions: BTreeMap<String, String> = rv
        .prefixed(DIMENSION)
        .into_iter()
        .filter_map(|(k, c, _)| {
            let t = c.text().filter(|t| !values::is_missing(t))?;
            Some((k.to_string(), t))
        })
        .collect();
    rv.mapped += dimensions.len();
    // One measure for the row, or one for each value column side by side.
    let sides: Vec<Option<(&str, &Cell, &str)>> = match rv.prefixed(VALUES) {
        v if v.is_empty() => vec![None],
        v => v.into_iter().map(Some).collect(),
    };
    let mut first = None;
    for (n, side) in sides.into_iter().enumerate() {
        let before = rv.mapped;
        let id = measure_of_row(rv, sctx, sections, config, index, doc, &dimensions, side);
        if n > 0 {
            // The row's other cells were counted with its first measure; only the value is new.
            rv.mapped = before + (rv.mapped - before).min(1);
        }
        first = first.or(id);
    }
    first
}

/// One measure of a row: the row's own, or the one of the value column `side`.
#[allow(clippy::too_many_arguments)]
fn measure_of_row(
    rv: &mut RowValues,
    sctx: &SheetContext,
    sections: &Sections,
    config: &Config,
    index: &mut MeasureIndex,
    doc: &mut Document,
    dimensions: &BTreeMap<String, String>,
    side: Option<(&str, &Cell, &str)>,
) -> Option<String> {
    if !(rv.has("id") || rv.has("title")) {
        return None;
    }
    let fy_start = config.calendar.financial_year_start_month;
    let row = rv.row + 1;
    let reference = rv.text("id");
    let title = rv.text("title");
    let variant = rv.text(VARIANT);
    let mut id = reference
        .clone()
        .unwrap_or_else(|| slug(title.as_deref().unwrap_or("")));
    // Two measures of one title: a percentage beside a count, or values side by side.
    for part in [variant.as_deref(), side.map(|s| s.0)]
        .into_iter()
        .flatten()
    {
        id = format!("{id}/{}", slug(part));
    }

    let mut measure = Measure {
        id: id.clone(),
        title,
        kind: rv
            .parse("kind", "a kind (KPI, PI or statistic)", values::parse_kind)
            .or(sctx.kind),
        unit: rv
            .parse(
                "unit",
                "a unit (%, number, £, days, ratio)",
                values::parse_unit,
            )
            .or_else(|| variant.as_deref().and_then(values::parse_unit)),
        polarity: rv.parse(
            "polarity",
            "a polarity (higher or lower is better)",
            values::parse_polarity,
        ),
        frequency: rv
            .parse("frequency", "a frequency", values::parse_frequency)
            .map(str::to_string),
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
        owner: rv.text("owner"),
        data_collector: rv.text("data_collector"),
        benchmark: rv.text("benchmark"),
        source: Source {
            file: sctx.file.clone(),
            sheet: sctx.sheet.clone(),
            row,
            cell: None,
        },
        cells: Default::default(),
        extra: BTreeMap::new(),
    };

    // Which period each observation is for, and the cells that make it.
    let mut by_period: BTreeMap<Period, Parts> = BTreeMap::new();
    let mut annual_targets: Vec<(Period, &Cell, &str)> = Vec::new();
    let period_cols = std::mem::take(&mut rv.periods);
    for (period, part, cell, header) in &period_cols {
        if period.kind == crate::schema::PeriodKind::Year && *part == Part::Target {
            annual_targets.push((period.clone(), cell, header));
        } else {
            *by_period.entry(period.clone()).or_default().slot(*part) = Some((cell, header));
        }
    }
    let loose = Parts {
        actual: side
            .map(|(_, c, h)| (c, h))
            .or_else(|| named_cell(rv, "actual")),
        target: named_cell(rv, "target"),
        rag: named_cell(rv, "rag"),
        direction: named_cell(rv, "direction"),
        commentary: named_cell(rv, "commentary"),
    };
    // The period of values whose column names none.
    let loose_period = if rv.cell("period").is_some() {
        row_period(rv, sctx, fy_start)
    } else if !by_period.is_empty() {
        // The latest period reported; of two ending together, the longer (a year-to-date total).
        by_period
            .iter()
            .filter(|(_, p)| p.actual.is_some_and(|(c, _)| present(c)))
            .max_by_key(|(k, _)| (k.end, std::cmp::Reverse(k.start)))
            .map(|(k, _)| k.clone())
    } else {
        sections.period.clone().or_else(|| sctx.period.clone())
    };
    let row_target = loose.target;
    // A table with no period anywhere (no period column, none in its headers, titles or on the
    // command line) is a snapshot: its values are kept with no period, and that is said once.
    let mut snapshot: Option<Parts> = None;
    let undated = loose_period.is_none() && by_period.is_empty() && rv.cell("period").is_none();
    match &loose_period {
        None if undated => {
            let parts = Parts {
                target: None,
                ..loose
            };
            if parts.has_value() {
                if !index.snapshot_noted {
                    index.snapshot_noted = true;
                    doc.findings.push(Finding {
                        sheet: Some(sctx.sheet.clone()),
                        row: Some(row),
                        cell: None,
                        record_id: None,
                        field: Some("period".into()),
                        directorate: sctx.directorate.clone(),
                        ..Finding::new(RuleId::PeriodUnknown, "The table names no period (no period column, title or heading): its values are kept with no period; name it with --period".into(), sctx.file.clone())
                    });
                }
                snapshot = Some(parts);
            }
        }
        Some(p) => {
            let entry = by_period.entry(p.clone()).or_default();
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
            let has_values = [loose.actual, loose.rag, loose.direction, loose.commentary]
                .iter()
                .flatten()
                .any(|(c, _)| c.text().is_some());
            if has_values {
                let at = rv
                    .cell("period")
                    .or(loose.actual.map(|x| x.0))
                    .map(|c| cell_ref(c.row, c.col));
                doc.findings.push(Finding {
                    sheet: Some(sctx.sheet.clone()),
                    row: Some(row),
                    cell: at,
                    record_id: Some(id.clone()),
                    field: Some("period".into()),
                    directorate: sctx.directorate.clone(),
                    ..Finding::new(RuleId::PeriodUnknown, format!(
                        "The values of measure {id} on row {row} are for no period that could be read; they are kept in extra (give the year with --financial-year or in a profile)"
                    ), sctx.file.clone())
                });
                for (c, h) in [loose.actual, loose.rag, loose.direction, loose.commentary]
                    .into_iter()
                    .flatten()
                {
                    if let Some(t) = c.text() {
                        measure.extra.insert(h.to_string(), t);
                        rv.count_kept();
                    }
                }
            }
        }
    }

    let mut units: Vec<Unit> = Vec::new();
    let mut observations = Vec::new();
    // A missing marker is "not reported" (an observation with no actual, which checks find);
    // but in a wide row's periods after the latest one with an actual (a dashboard's future
    // quarters, "-"), a period with no actual is no observation.
    let latest = by_period
        .iter()
        .filter(|(_, parts)| parts.actual.is_some_and(|(c, _)| present(c)))
        .map(|(p, _)| p.end)
        .max();
    let long = rv.cell("period").is_some();
    let dated = by_period.iter().map(|(p, parts)| (Some(p), parts));
    for (period, parts) in dated.chain(snapshot.iter().map(|parts| (None, parts))) {
        let future = period.is_some_and(|p| !long && latest.is_some_and(|l| p.start > l));
        let actual = parts.actual.is_some_and(|(c, _)| present(c));
        if !parts.has_value() || (future && !actual && !parts.has_colour()) {
            continue;
        }
        let mut extra = BTreeMap::new();
        let actual = parts
            .actual
            .and_then(|(c, h)| rv.number_cell(c, h, "actual"))
            .map(|(v, u)| {
                units.extend(u);
                v
            });
        let target_cell = parts
            .target
            .or(row_target)
            .map(|(c, h)| (c, h, true))
            .or_else(|| {
                annual_targets
                    .iter()
                    .find(|(y, _, _)| period.is_some_and(|p| y.start <= p.start && p.end <= y.end))
                    .map(|(_, c, h)| (*c, *h, false))
            });
        let target = target_cell.and_then(|(c, _, _)| {
            let parsed = cell_number(c).ok().flatten();
            parsed.map(|(v, u)| {
                units.extend(u);
                v
            })
        });
        let rag = parts.rag.and_then(|(c, h)| match c.text() {
            Some(_) => rv.parse_cell(c, h, "rag", "a RAG status", values::parse_rag),
            None => c.fill().and_then(values::rag_from_colour),
        });
        let rag = rag.or_else(|| {
            parts
                .actual
                .and_then(|(c, _)| c.fill().and_then(values::rag_from_colour))
        });
        let direction = parts.direction.and_then(|(c, h)| {
            let travel = rv.parse_cell(
                c,
                h,
                "direction",
                "a direction of travel",
                values::parse_travel,
            )?;
            let d = match (travel, config.performance.direction_arrows.as_str()) {
                (values::Travel::Up, "performance") => Some(crate::schema::Direction::Improving),
                (values::Travel::Down, "performance") => Some(crate::schema::Direction::Worsening),
                _ => values::travel_direction(travel, measure.polarity),
            };
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
        let mut cells = crate::schema::CellRefs::default();
        let rag_cell = parts
            .rag
            .filter(|(c, _)| c.has_value() || c.fill().is_some())
            .or(parts.actual.filter(|_| rag.is_some()));
        for (name, found) in [
            ("actual", parts.actual.map(|x| x.0)),
            ("target", target_cell.map(|x| x.0)),
            ("rag", rag_cell.map(|x| x.0)),
            ("direction", parts.direction.map(|x| x.0)),
            ("commentary", parts.commentary.map(|x| x.0)),
        ] {
            if let Some(c) = found.filter(|c| c.has_value() || c.fill().is_some()) {
                cells.insert(name, c.row, c.col);
            }
        }
        observations.push(Observation {
            measure_id: id.clone(),
            period: period.map(|p| p.label.clone()),
            period_start: period.map(|p| p.start),
            period_end: period.map(|p| p.end),
            actual,
            target,
            rag,
            rag_source: rag.map(|_| RagSource::Reported),
            direction,
            direction_source: direction.map(|_| RagSource::Reported),
            commentary,
            dimensions: dimensions.clone(),
            source: Source {
                file: sctx.file.clone(),
                sheet: sctx.sheet.clone(),
                row,
                cell,
            },
            cells,
            extra,
        });
    }
    // A row of targets and no values (a measures catalogue, a plan for the year ahead) keeps
    // its targets as observations with no actual.
    if observations.is_empty() {
        let annual = annual_targets.iter().map(|(p, c, _)| (Some(p), *c));
        let plain = row_target
            .filter(|_| annual_targets.is_empty())
            .map(|(c, _)| (loose_period.as_ref(), c));
        for (period, c) in annual.chain(plain) {
            let Some(target) = cell_number(c).ok().flatten().map(|(v, _)| v) else {
                continue;
            };
            let mut cells = crate::schema::CellRefs::default();
            cells.insert("target", c.row, c.col);
            observations.push(Observation {
                measure_id: id.clone(),
                period: period.map(|p| p.label.clone()),
                period_start: period.map(|p| p.start),
                period_end: period.map(|p| p.end),
                actual: None,
                target: Some(target),
                rag: None,
                rag_source: None,
                direction: None,
                direction_source: None,
                commentary: None,
                dimensions: dimensions.clone(),
                source: Source {
                    file: sctx.file.clone(),
                    sheet: sctx.sheet.clone(),
                    row,
                    cell: Some(cell_ref(c.row, c.col)),
                },
                cells,
                extra: BTreeMap::new(),
            });
        }
    }
    // Target cells are read once per row, however many observations share them.
    for (c, h) in row_target
        .into_iter()
        .chain(annual_targets.iter().map(|(_, c, h)| (*c, *h)))
    {
        let _ = rv.number_cell(c, h, "target");
    }
    for parts in by_period.values() {
        if let Some((c, h)) = parts.target {
            let _ = rv.number_cell(c, h, "target");
        }
    }

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
    measure.extra.append(&mut rv.extra);
    measure.cells = rv.field_cells();

    // In a long return the same reference may be reported by several services or organisations.
    let key = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        sctx.sheet,
        id,
        measure.directorate.as_deref().unwrap_or(""),
        measure.service.as_deref().unwrap_or("")
    );
    match index.by_id.get(&key) {
        Some(&i) if rv.cell("period").is_some() => {
            // A later row of a long return: the measure exists; keep what this row adds.
            let existing = &mut doc.measures[i];
            let mut changed = Vec::new();
            let name = |x: Option<String>| x.unwrap_or_else(|| "none".into());
            let word = |v: serde_json::Value| v.as_str().map(str::to_string);
            if measure.unit.is_some() && measure.unit != existing.unit {
                changed.push((
                    "unit",
                    name(existing.unit.map(|u| serde_json::json!(u)).and_then(word)),
                    name(measure.unit.map(|u| serde_json::json!(u)).and_then(word)),
                ));
            }
            if measure.polarity.is_some() && measure.polarity != existing.polarity {
                changed.push((
                    "polarity",
                    name(
                        existing
                            .polarity
                            .map(|u| serde_json::json!(u))
                            .and_then(word),
                    ),
                    name(
                        measure
                            .polarity
                            .map(|u| serde_json::json!(u))
                            .and_then(word),
                    ),
                ));
            }
            for (field, was, now) in changed {
                doc.findings.push(Finding {
                    sheet: Some(sctx.sheet.clone()),
                    row: Some(row),
                    cell: measure.cells.get(field),
                    record_id: Some(id.clone()),
                    field: Some(field.into()),
                    directorate: existing.directorate.clone(),
                    ..Finding::new(RuleId::MeasureDefinitionChange, format!(
                        "Measure {id}: {field} is {now} on row {row} but {was} on row {}; one definition should hold across periods",
                        existing.source.row
                    ), sctx.file.clone())
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
    doc.observations.extend(observations);
    Some(id)
}

use super::row::cell_number;

/// The period of a long return's row: its period cell, with the year from a year column.
fn row_period(rv: &mut RowValues, sctx: &SheetContext, fy_start: u32) -> Option<Period> {
    let year_text = rv.cell("financial_year").and_then(|c| c.text());
    let fy = year_text.as_deref().and_then(values::parse_financial_year);
    // A calendar year beside a month or quarter ("2019" and "January"): read them together.
    let calendar_year = year_text
        .filter(|t| fy.is_none() && t.trim().len() == 4 && t.trim().parse::<i32>().is_ok());
    if fy.is_some() || calendar_year.is_some() {
        rv.count_mapped();
    }
    let fy = fy.or(sctx.financial_year);
    let cell = rv.cell("period")?;
    let header = rv.header("period").unwrap_or("Period");
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
            "period",
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
