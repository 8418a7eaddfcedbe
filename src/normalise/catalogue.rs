//! The measures catalogue: the council's golden thread written down, one row per measure
//! (reference, title, theme, priority, kind, unit, polarity, targets, directorate, owner,
//! benchmark), in its own layout and read by the same reader as the returns. Measures from the
//! returns join it by reference, else by title within their directorate; it fills what a return
//! leaves out, and its targets are the ones RAG is judged by where a return states none.
//!
//! ```text
//!    | A     | B                          | C              | D         | E    | F        | G
//!  1 | Ref   | Measure                    | Theme          | Priority  | Type | Polarity | Target 2024/25
//!  2 | ASC01 | Adults supported at home   | Helping People | Ageing well | KPI | Higher   | 85%
//! ```

use std::collections::HashMap;
use std::path::Path;

use crate::config::{fold, Config};
use crate::rules::RuleId;
use crate::schema::field::{Key, Name};
use crate::schema::{cell_ref, Finding, Measure, Observation};

use super::{Document, Options};

/// A catalogue as read: its measures and the targets it sets (observations with no actual).
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    pub file: String,
    pub measures: Vec<Measure>,
    pub targets: Vec<Observation>,
}

/// A measures catalogue that cannot be used; each says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The file cannot be read (missing, damaged, not a spreadsheet).
    #[error("the measures catalogue {file} {reason}")]
    Unreadable { file: String, reason: String },
    /// The file holds no table of measures.
    #[error("the measures catalogue {0} holds no table of measures (a reference or title column, and a theme, kind, unit, polarity or target column); see 'goldthread inspect {0}'")]
    NoMeasures(String),
}

impl From<Error> for String {
    /// The message, for callers that report errors as text (the command line).
    fn from(e: Error) -> String {
        e.to_string()
    }
}

impl Options {
    /// Reads the measures catalogue `path` names, else the one the configuration names (if
    /// any), into the options, for the returns' measures to join.
    ///
    /// # Errors
    /// When the catalogue cannot be read or holds no measures.
    pub fn load_catalogue(&mut self, path: Option<&Path>) -> Result<(), Error> {
        let Some(path) = path
            .map(Path::to_path_buf)
            .or_else(|| self.config.catalogue.clone())
        else {
            return Ok(());
        };
        self.catalogue = Some(Catalogue::load(&path, self)?);
        Ok(())
    }
}

impl Catalogue {
    /// Reads a catalogue workbook or CSV with the reader every return goes through.
    ///
    /// # Errors
    /// When the file cannot be read or holds no measures.
    pub fn load(path: &Path, opts: &Options) -> Result<Catalogue, Error> {
        let plain = Options {
            catalogue: None,
            ..opts.clone()
        };
        let doc = super::normalise_paths(&[path.to_path_buf()], &plain);
        if let Some(failed) = doc.files.iter().find(|f| f.status == "failed") {
            return Err(Error::Unreadable {
                file: path.display().to_string(),
                reason: failed
                    .error
                    .as_deref()
                    .unwrap_or("could not be read")
                    .into(),
            });
        }
        if doc.measures.is_empty() {
            return Err(Error::NoMeasures(path.display().to_string()));
        }
        Ok(Catalogue {
            file: path.display().to_string(),
            measures: doc.measures,
            targets: doc
                .observations
                .into_iter()
                .filter(|o| o.target.is_some())
                .collect(),
        })
    }
}

/// How a return's measure was found in the catalogue.
enum Match {
    Reference(usize),
    Title(usize),
}

fn finding(rule: RuleId, message: String, m: &Measure, field: impl Into<Key>) -> Finding {
    let field: Key = field.into();
    Finding {
        sheet: Some(m.source.sheet.clone()).filter(|s| !s.is_empty()),
        row: Some(m.source.row).filter(|r| *r > 0),
        cell: m.cells.get(field.clone()),
        record_id: Some(m.id.clone()),
        field: Some(field.to_string()),
        directorate: m.directorate.clone(),
        ..Finding::new(rule, message, m.source.file.clone())
    }
}

/// Joins the document's measures to the catalogue: fills what each leaves out, gives its
/// observations the catalogue's target where they state none, and reports what does not agree.
pub fn join(doc: &mut Document, cat: &Catalogue, config: &Config) {
    let index = Index::new(cat, config);
    let mut findings = Vec::new();
    let (reported, matched) = match_measures(doc, &index, &mut findings);
    join_targets(doc, cat, &matched, &mut findings);
    if !doc.measures.is_empty() {
        unreported(doc, &index, &reported, &mut findings);
    }
    doc.findings.extend(findings);
}

/// The catalogue's measures by reference and by title.
struct Index<'a> {
    cat: &'a Catalogue,
    config: &'a Config,
    by_ref: HashMap<String, usize>,
    by_title: HashMap<String, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(cat: &'a Catalogue, config: &'a Config) -> Index<'a> {
        let by_ref = cat
            .measures
            .iter()
            .enumerate()
            .rev()
            .map(|(i, m)| (fold(&m.id), i))
            .collect();
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in cat.measures.iter().enumerate() {
            if let Some(t) = &m.title {
                by_title.entry(fold(t)).or_default().push(i);
            }
        }
        Index {
            cat,
            config,
            by_ref,
            by_title,
        }
    }

    /// Whether two directorates are the same one (either unknown counts as the same).
    fn same_directorate(&self, a: Option<&str>, b: Option<&str>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => {
                fold(self.config.match_directorate(a).unwrap_or(a))
                    == fold(self.config.match_directorate(b).unwrap_or(b))
            }
            _ => true,
        }
    }

    /// The catalogue measure of a reported one: by reference, else by title within its
    /// directorate.
    fn find(&self, m: &Measure) -> Option<Match> {
        self.by_ref
            .get(&fold(&m.id))
            .copied()
            .map(Match::Reference)
            .or_else(|| {
                let title = fold(m.title.as_deref()?);
                self.by_title
                    .get(&title)?
                    .iter()
                    .copied()
                    .find(|&i| {
                        self.same_directorate(
                            m.directorate.as_deref(),
                            self.cat.measures[i].directorate.as_deref(),
                        )
                    })
                    .map(Match::Title)
            })
    }
}

/// Catalogue measures matched by a (file, measure id) reported.
type Matched = HashMap<(String, String), usize>;

/// Matches each reported measure to the catalogue and fills what it leaves out. Returns which
/// catalogue measures were reported, and the match of each reported one.
fn match_measures(
    doc: &mut Document,
    index: &Index,
    findings: &mut Vec<Finding>,
) -> (Vec<bool>, Matched) {
    let cat = index.cat;
    let mut reported = vec![false; cat.measures.len()];
    let mut matched = HashMap::new();
    for m in doc.measures.iter_mut() {
        let i = match index.find(m) {
            Some(Match::Reference(i)) => i,
            Some(Match::Title(i)) => {
                findings.push(finding(
                    RuleId::CatalogueMatchedByTitle,
                    format!(
                        "Measure {}: matched to the catalogue's {} by its title; give the return the catalogue's reference",
                        m.id, cat.measures[i].id
                    ),
                    m,
                    Name::Id,
                ));
                m.extra
                    .insert("catalogue_ref".into(), cat.measures[i].id.clone());
                i
            }
            None => {
                findings.push(finding(
                    RuleId::MeasureNotInCatalogue,
                    format!(
                        "Measure {}{} is not in the measures catalogue, so it has no link to a priority there",
                        m.id,
                        m.title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default()
                    ),
                    m,
                    Name::Id,
                ));
                continue;
            }
        };
        reported[i] = true;
        matched.insert((m.source.file.clone(), m.id.clone()), i);
        fill(m, &cat.measures[i]);
    }
    (reported, matched)
}

/// The catalogue's target for an observation of catalogue measure `i`: the one of the
/// shortest period that holds the observation's, else one of no period.
fn catalogue_target(cat: &Catalogue, i: usize, o: &Observation) -> Option<f64> {
    let (start, end) = o.dates()?;
    let id = &cat.measures[i].id;
    cat.targets
        .iter()
        .filter(|t| &t.measure_id == id)
        .filter_map(|t| Some((t.dates()?, t.target?)))
        .filter(|((s, e), _)| *s <= start && end <= *e)
        .min_by_key(|((s, e), _)| *e - *s)
        .map(|(_, v)| v)
        .or_else(|| {
            // A target of no period applies to every period.
            cat.targets
                .iter()
                .find(|t| &t.measure_id == id && t.dates().is_none())
                .and_then(|t| t.target)
        })
}

/// Targets: the catalogue's where the return states none; a different one is a finding.
fn join_targets(
    doc: &mut Document,
    cat: &Catalogue,
    matched: &Matched,
    findings: &mut Vec<Finding>,
) {
    for o in doc.observations.iter_mut() {
        let Some(&i) = matched.get(&(o.source.file.clone(), o.measure_id.clone())) else {
            continue;
        };
        let Some(want) = catalogue_target(cat, i, o) else {
            continue;
        };
        match o.target {
            None => {
                o.target = Some(want);
                o.extra.insert("target_source".into(), "catalogue".into());
            }
            Some(t) if (t - want).abs() > 1e-9 * want.abs().max(1.0) => {
                findings.push(Finding {
                    sheet: Some(o.source.sheet.clone()),
                    row: Some(o.source.row),
                    cell: o.cells.get(Name::Target).or_else(|| o.source.cell.clone()),
                    record_id: Some(o.measure_id.clone()),
                    field: Some(Name::Target.to_string()),
                    directorate: None,
                    ..Finding::new(
                        RuleId::TargetDiffersFromCatalogue,
                        format!(
                            "Measure {} {}: the return's target {} is not the catalogue's {}",
                            o.measure_id,
                            o.period_or_none(),
                            crate::read::format_number(t),
                            crate::read::format_number(want)
                        ),
                        o.source.file.clone(),
                    )
                });
            }
            Some(_) => {}
        }
    }
}

/// Catalogue measures no return reports, among the directorates that sent returns.
fn unreported(doc: &Document, index: &Index, reported: &[bool], findings: &mut Vec<Finding>) {
    let cat = index.cat;
    let sent: Vec<Option<&str>> = doc
        .measures
        .iter()
        .map(|m| m.directorate.as_deref())
        .collect();
    for (i, c) in cat.measures.iter().enumerate() {
        let expected = c.directorate.is_none()
            || sent
                .iter()
                .any(|d| d.is_some() && index.same_directorate(*d, c.directorate.as_deref()));
        if reported[i] || !expected {
            continue;
        }
        findings.push(Finding {
            sheet: Some(c.source.sheet.clone()),
            row: Some(c.source.row),
            cell: c
                .cells
                .get(Name::Id)
                .or_else(|| Some(cell_ref(c.source.row.saturating_sub(1), 0))),
            record_id: Some(c.id.clone()),
            field: Some(Name::Id.to_string()),
            directorate: c.directorate.clone(),
            ..Finding::new(
                RuleId::CatalogueMeasureNotReported,
                format!(
                    "Measure {}{} of the catalogue is in no return",
                    c.id,
                    c.title
                        .as_deref()
                        .map(|t| format!(" ({t})"))
                        .unwrap_or_default()
                ),
                cat.file.clone(),
            )
        });
    }
}

/// What the catalogue says of a measure that its return leaves out.
fn fill(m: &mut Measure, c: &Measure) {
    macro_rules! take {
        ($($f:ident),*) => {$(
            if m.$f.is_none() {
                m.$f = c.$f.clone();
            }
        )*};
    }
    // Not the service: a catalogue's sheet name ("Catalogue", "KPIs") is not one.
    take!(
        title,
        kind,
        unit,
        polarity,
        frequency,
        directorate,
        theme,
        priority,
        owner,
        data_collector,
        benchmark,
        tolerance
    );
    for (k, v) in &c.extra {
        m.extra
            .entry(format!("catalogue {k}"))
            .or_insert_with(|| v.clone());
    }
}
