//! The types of the output contract in FRAMEWORK.md: risks, measures, observations, findings.

mod cells;
pub mod field;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Red / amber / green status of a measure's observation.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

/// Where an observation's RAG came from.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum RagSource {
    /// Written in the return (as a word, a letter or a cell colour).
    Reported,
    /// Worked out from actual, target, polarity and tolerance.
    Computed,
}

/// Direction of travel of a measure against its previous period.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improving,
    Worsening,
    NoChange,
}

/// Trend of a risk's score as its owner reports it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Increasing,
    Decreasing,
    Stable,
}

/// Unit a measure is reported in.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Number,
    Currency,
    Days,
    Ratio,
}

/// Whether a higher or a lower value is better.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

/// Kind of performance measure.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Key performance indicator, reported to senior managers and members.
    Kpi,
    /// Performance indicator used by the service.
    Pi,
    /// Context only: no RAG judgement.
    Statistic,
}

/// Whether a risk is live.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    #[default]
    Open,
    Closed,
}

/// Rating band of a risk score.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Band {
    /// The contract's name for the band (`very_high`).
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
            Band::VeryHigh => "very_high",
        }
    }
}

/// How serious a finding is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// The five data-quality principles.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Principle {
    Accuracy,
    Reliability,
    Timeliness,
    Relevance,
    Completeness,
}

/// Granularity of a reporting period.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Half,
    Year,
    /// Several periods pooled or spanned: `2010 to 2012`, `2018-19 to 2022-23`.
    Span,
}

/// A reporting period: `2024-25 Q2`, `2024-09`, `2024-25 H1` or `2024-25`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub label: String,
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Where a value was read: file, sheet and 1-based row (and the cell, for one value).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Source {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<String>,
}

/// A likelihood x impact rating.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Default)]
pub struct Rating {
    pub likelihood: Option<f64>,
    pub impact: Option<f64>,
    pub score: Option<f64>,
}

impl Rating {
    /// A likelihood and an impact, scored as their product.
    pub fn of(likelihood: f64, impact: f64) -> Rating {
        Rating {
            likelihood: Some(likelihood),
            impact: Some(impact),
            score: Some(likelihood * impact),
        }
    }

    /// True when nothing of the rating was given.
    pub fn is_empty(&self) -> bool {
        self.likelihood.is_none() && self.impact.is_none() && self.score.is_none()
    }
}

/// The maxima of a register's likelihood and impact scales ("1-10" is 10).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub likelihood: f64,
    pub impact: f64,
}

/// One risk from a register.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Risk {
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub directorate: Option<String>,
    pub service: Option<String>,
    pub theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority: Option<String>,
    pub category: Option<String>,
    pub register: Option<String>,
    pub inherent: Rating,
    pub current: Rating,
    pub target: Rating,
    pub rating: Option<Band>,
    /// Whether `rating` is the band the register states (`reported`) or the band of the score
    /// (`computed`); absent without a rating.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rating_source: Option<RagSource>,
    /// The highest likelihood and impact of the register's scale, when it is not the
    /// configured matrix (values on it are kept as written).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scale: Option<Scale>,
    pub controls: Option<String>,
    pub mitigations: Option<String>,
    pub last_reviewed: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    pub trend: Option<Trend>,
    pub status: RiskStatus,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_identified: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub escalate: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub action_owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub action_due: Option<NaiveDate>,
    /// A band the register wrote in words ("High"), where it wrote one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reported_rating: Option<Band>,
    /// The colour of the register's rating cell, where it has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reported_colour: Option<Rag>,
    pub source: Source,
    /// The cell of each field, by field name (`current.score` -> `K13`).
    #[serde(skip_serializing_if = "CellRefs::is_empty", default)]
    pub cells: CellRefs,
    /// Non-empty cells of the row that map to no field, by header.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub extra: BTreeMap<String, String>,
}

/// One performance measure (its definition; the values are observations).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Measure {
    pub id: String,
    pub title: Option<String>,
    pub kind: Option<MeasureKind>,
    pub unit: Option<Unit>,
    pub polarity: Option<Polarity>,
    pub frequency: Option<String>,
    pub directorate: Option<String>,
    pub service: Option<String>,
    pub theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority: Option<String>,
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub data_collector: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub benchmark: Option<String>,
    /// How far from its target, in per cent of the target, the measure is amber rather than
    /// red, where its return or the catalogue says (else the configured tolerance).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tolerance: Option<f64>,
    pub source: Source,
    /// The cell of each field, by field name.
    #[serde(skip_serializing_if = "CellRefs::is_empty", default)]
    pub cells: CellRefs,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub extra: BTreeMap<String, String>,
}

/// One value of a measure for one period (or for none, in a snapshot table that names no
/// period: then `period`, `period_start` and `period_end` are all null).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Observation {
    pub measure_id: String,
    pub period: Option<String>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub rag: Option<Rag>,
    pub rag_source: Option<RagSource>,
    pub direction: Option<Direction>,
    /// Whether the direction was reported or computed against the previous period.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub direction_source: Option<RagSource>,
    pub commentary: Option<String>,
    /// What splits the measure's value within the period (`{"area": "Trafford"}`): the
    /// observation's series is its measure plus these.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub dimensions: BTreeMap<String, String>,
    pub source: Source,
    /// The cell of each value (`actual`, `target`, `rag`, `direction`, `commentary`).
    #[serde(skip_serializing_if = "CellRefs::is_empty", default)]
    pub cells: CellRefs,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub extra: BTreeMap<String, String>,
}

impl Observation {
    /// The period's label, or "no period" for a snapshot's value.
    pub fn period_or_none(&self) -> &str {
        self.period.as_deref().unwrap_or("no period")
    }

    /// The first and last day of the period, when the observation has one.
    pub fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.period_start?, self.period_end?))
    }
}

/// Where a delivery-plan action, project or milestone stands, in the contract's words; the
/// words councils use ("Green - on track", "Completed", "Not yet started") are read into these.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Delayed,
    Complete,
    Cancelled,
}

impl ActionStatus {
    /// Every status, in the order reports list them.
    pub const ALL: [ActionStatus; 7] = [
        ActionStatus::NotStarted,
        ActionStatus::OnTrack,
        ActionStatus::AtRisk,
        ActionStatus::OffTrack,
        ActionStatus::Delayed,
        ActionStatus::Complete,
        ActionStatus::Cancelled,
    ];

    /// The contract's name for the status (`not_started`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not_started",
            ActionStatus::OnTrack => "on_track",
            ActionStatus::AtRisk => "at_risk",
            ActionStatus::OffTrack => "off_track",
            ActionStatus::Delayed => "delayed",
            ActionStatus::Complete => "complete",
            ActionStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the action is finished with (complete or cancelled).
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Complete | ActionStatus::Cancelled)
    }
}

/// One delivery-plan action, project or milestone, as its tracker states it this quarter.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Action {
    pub id: String,
    pub title: Option<String>,
    pub theme: Option<String>,
    pub priority: Option<String>,
    pub directorate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub service: Option<String>,
    /// The lead officer.
    pub owner: Option<String>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub status: Option<ActionStatus>,
    /// The status as the tracker wrote it, where it was not already the contract's word.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status_reported: Option<String>,
    /// Per cent complete, 0 to 100 (`0.75` and `75%` are both 75).
    pub percent_complete: Option<f64>,
    pub rag: Option<Rag>,
    /// The quarter's update.
    pub commentary: Option<String>,
    /// Ids of the measures and risks the action is linked to.
    #[serde(default)]
    pub measures: Vec<String>,
    #[serde(default)]
    pub risks: Vec<String>,
    /// The period the update is for, where the tracker or the run names one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub period: Option<String>,
    pub source: Source,
    /// The cell of each field, by field name.
    #[serde(skip_serializing_if = "CellRefs::is_empty", default)]
    pub cells: CellRefs,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub extra: BTreeMap<String, String>,
}

/// A data-quality or reading finding, pointing at the cell where it can.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Finding {
    pub severity: Severity,
    pub principle: Principle,
    pub rule: String,
    pub message: String,
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub cell: Option<String>,
    pub record_id: Option<String>,
    pub field: Option<String>,
    /// Directorate of the record or return the finding is about, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub directorate: Option<String>,
}

#[cfg(test)]
use cells::A1;
pub use cells::{cell_ref, column_letters, letter_index, parse_a1, CellRefs};

#[cfg(test)]
mod tests;

/// The subjects of the workbooks goldthread writes as outputs (not its templates, which come back
/// filled in as returns): a workbook of goldthread's with one of these is one of its outputs,
/// and is not read again as a return.
pub const OUTPUT_SUBJECTS: [&str; 3] = [
    "Corporate performance and risk report",
    "Data quality findings",
    "Changes between periods",
];

/// Whether a cell colour agrees with a band: green is low, amber (yellow or orange) medium or
/// high, red high or very high.
pub fn colour_fits(colour: Rag, band: Band) -> bool {
    match colour {
        Rag::Green => band == Band::Low,
        Rag::Amber => matches!(band, Band::Medium | Band::High),
        Rag::Red => matches!(band, Band::High | Band::VeryHigh),
    }
}

// ---------------------------------------------------------------- the document

/// What a sheet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    RiskRegister,
    PerformanceReturn,
    /// A delivery plan: actions, projects or milestones with lead, due date and status.
    DeliveryPlan,
}

/// Counts of cells: read, where they went, and why the rest were skipped.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct CellCounts {
    /// Non-empty cells read.
    pub read: usize,
    /// Cells whose value landed in a field (missing markers such as "n/a" included).
    pub mapped: usize,
    /// Cells kept in a record's `extra`.
    pub extra: usize,
    /// Cells not part of any record, by reason (title, header, section label, ...).
    pub skipped: BTreeMap<String, usize>,
}

impl CellCounts {
    /// Adds another's counts to these.
    pub fn add(&mut self, other: &CellCounts) {
        self.read += other.read;
        self.mapped += other.mapped;
        self.extra += other.extra;
        for (k, v) in &other.skipped {
            *self.skipped.entry(k.clone()).or_default() += v;
        }
    }

    /// Counts `n` cells skipped for `reason`.
    pub fn skip(&mut self, reason: &str, n: usize) {
        if n > 0 {
            *self.skipped.entry(reason.to_string()).or_default() += n;
        }
    }

    /// Total of skipped cells.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// How one sheet was read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SheetReport {
    pub sheet: String,
    /// `risk_register`, `performance_return` or `delivery_plan`; absent when skipped.
    pub kind: Option<SheetKind>,
    /// Why the sheet was skipped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub skipped: Option<String>,
    /// Excel row numbers of each table's header rows.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub header_rows: Vec<Vec<u32>>,
    pub records: usize,
    pub cells: CellCounts,
}

/// How one file was read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FileReport {
    pub file: String,
    pub format: Option<String>,
    /// `read` or `failed`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    pub sheets: Vec<SheetReport>,
    /// SHA-256 of the bytes read (hex), for the export's checksums: of what was read, not of the
    /// file as it may be by the time the export is written. Not part of the contract document.
    #[serde(skip)]
    pub sha256: Option<String>,
}

/// Totals over the run.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub files: usize,
    pub files_read: usize,
    pub files_failed: usize,
    pub sheets: usize,
    pub sheets_read: usize,
    pub sheets_skipped: usize,
    pub risks: usize,
    pub measures: usize,
    pub observations: usize,
    #[serde(default)]
    pub actions: usize,
    pub findings: usize,
    /// Values given as a missing marker ("n/a", "TBC", "-") and read as null.
    pub missing_values: usize,
    pub cells: CellCounts,
}

/// The contract document of FRAMEWORK.md.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The goldthread version that wrote the document.
    pub goldthread: String,
    /// The date timeliness was judged against (`--as-of`), once the document is checked.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub as_of: Option<chrono::NaiveDate>,
    pub summary: Summary,
    pub files: Vec<FileReport>,
    pub risks: Vec<Risk>,
    pub measures: Vec<Measure>,
    pub observations: Vec<Observation>,
    /// Delivery-plan actions, projects and milestones.
    #[serde(default)]
    pub actions: Vec<Action>,
    pub findings: Vec<Finding>,
}

impl Document {
    /// Whether any input could not be read.
    pub fn has_failed_files(&self) -> bool {
        self.summary.files_failed > 0
    }
}

// ---------------------------------------------------------------- RAG and direction

/// RAG of an actual against its target: green when it meets or beats the target (by polarity),
/// amber when worse by no more than `tolerance_percent` of the target, red otherwise.
///
/// ```
/// use goldthread::schema::compute_rag;
/// use goldthread::schema::{Polarity, Rag};
/// assert_eq!(compute_rag(86.0, 85.0, Polarity::HigherIsBetter, 5.0), Rag::Green);
/// assert_eq!(compute_rag(82.0, 85.0, Polarity::HigherIsBetter, 5.0), Rag::Amber);
/// assert_eq!(compute_rag(12.0, 10.0, Polarity::LowerIsBetter, 5.0), Rag::Red);
/// ```
pub fn compute_rag(actual: f64, target: f64, polarity: Polarity, tolerance_percent: f64) -> Rag {
    let shortfall = match polarity {
        Polarity::HigherIsBetter => target - actual,
        Polarity::LowerIsBetter => actual - target,
    };
    let tolerance = target.abs() * tolerance_percent / 100.0;
    if shortfall <= 1e-9 {
        Rag::Green
    } else if shortfall <= tolerance + 1e-9 {
        Rag::Amber
    } else {
        Rag::Red
    }
}

/// Direction of travel from the previous actual to this one, by polarity.
pub fn compute_direction(previous: f64, actual: f64, polarity: Polarity) -> Direction {
    let change = actual - previous;
    if change.abs() <= 1e-9 * previous.abs().max(1.0) {
        Direction::NoChange
    } else if (change > 0.0) == (polarity == Polarity::HigherIsBetter) {
        Direction::Improving
    } else {
        Direction::Worsening
    }
}
