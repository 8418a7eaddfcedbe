//! The framework configuration (`goldthread.toml`): calendar, directorates, themes, risk matrix, RAG.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::schema::field::Key;
use crate::schema::Band;

/// Everything a council configures. Every field has the default of FRAMEWORK.md.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The measures catalogue (a workbook or CSV, relative to this file): the golden thread
    /// the returns' measures join. `--catalogue` overrides it.
    pub catalogue: Option<std::path::PathBuf>,
    /// Benchmark tables (long: area code, area name, period, indicator, value), relative to
    /// this file. `--benchmarks` overrides them.
    pub benchmarks: Vec<std::path::PathBuf>,
    /// The council's area code and its comparator group, for benchmarking.
    pub benchmark: BenchmarkConfig,
    pub calendar: Calendar,
    pub framework: Framework,
    pub risk: RiskConfig,
    pub performance: PerformanceConfig,
    /// Data-quality checks: thresholds, and severities per rule.
    pub checks: ChecksConfig,
    /// Extra column names per field, added to the built-in synonyms
    /// (e.g. `owner = ["Accountable Officer"]`).
    pub columns: BTreeMap<String, Vec<String>>,
    /// The public web page (`goldthread publish`).
    pub publish: PublishConfig,
    /// The intranet service (`goldthread serve`): limits and the directorates' tokens.
    pub serve: ServeConfig,
}

/// `goldthread serve`: how much it takes at once, and who may submit.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ServeConfig {
    /// The largest upload taken, in MiB.
    pub max_body_mib: u64,
    /// A request still running after this many seconds is answered with an error.
    pub request_timeout_seconds: u64,
    /// Returns read at the same time; others wait their turn.
    pub max_concurrent_checks: usize,
    /// Returns waiting for their turn; past this, a request is refused at once (503).
    pub max_queued_checks: usize,
    /// Each directorate's submission token, as the SHA-256 of the token in hex
    /// (`goldthread serve --hash-token`), by the directorate's name in `[framework]`.
    pub tokens: BTreeMap<String, String>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            max_body_mib: 20,
            request_timeout_seconds: 120,
            max_concurrent_checks: 4,
            max_queued_checks: 64,
            tokens: BTreeMap::new(),
        }
    }
}

/// The web page `goldthread publish` writes.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PublishConfig {
    /// The council's name on the pages (default: `framework.council`).
    pub council: Option<String>,
    /// An image file (PNG, JPEG, GIF, SVG or WebP) copied into the site and shown in the
    /// header; a relative path is read from the configuration file's folder.
    pub logo: Option<PathBuf>,
    /// The logo's text alternative (default: the council's name).
    pub logo_alt: Option<String>,
    /// The header background and link colour, `#rrggbb`; it must reach a contrast of 4.5:1
    /// with white (WCAG 2.2 AA), else the default is used and the run says so.
    pub colour: String,
    /// Which measures the public page shows: `corporate` (the KPIs; every measure that is not
    /// a statistic where no measure is marked as a KPI) or `all`.
    pub measures: String,
    /// References of measures also shown to the public.
    pub include: Vec<String>,
    /// References of measures never shown to the public.
    pub exclude: Vec<String>,
    /// Risk at a glance: `none`, `summary` (counts by band and theme) or `strategic` (the
    /// strategic register's risks too, without owners on the public page).
    pub risks: String,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            council: None,
            logo: None,
            logo_alt: None,
            colour: DEFAULT_PUBLISH_COLOUR.into(),
            measures: "corporate".into(),
            include: Vec::new(),
            exclude: Vec::new(),
            risks: "summary".into(),
        }
    }
}

/// `[benchmark]`: whose values are ranked, and against whom.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BenchmarkConfig {
    /// The council's own area code in the benchmark tables (e.g. `E08000009`).
    pub area_code: Option<String>,
    /// The council's area name, for tables that give names but no codes.
    pub area_name: Option<String>,
    /// The comparator group's area codes (e.g. its CIPFA nearest neighbours).
    pub comparators: Vec<String>,
    /// A workbook or CSV listing the comparators (area code, area name), relative to this
    /// file; added to `comparators`.
    pub comparators_file: Option<PathBuf>,
    /// The area code of England's value.
    pub england: String,
}

impl Default for BenchmarkConfig {
    fn default() -> Self {
        BenchmarkConfig {
            area_code: None,
            area_name: None,
            comparators: Vec::new(),
            comparators_file: None,
            england: "E92000001".into(),
        }
    }
}

/// The default header and link colour of the web page: 8.6:1 against white.
pub const DEFAULT_PUBLISH_COLOUR: &str = "#1d4f91";

/// The reporting calendar.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Calendar {
    /// Month (1-12) the financial year starts in. England: 4 (April).
    pub financial_year_start_month: u32,
    /// Working days after period end by which a return is due.
    pub return_due_working_days: u32,
}

/// The golden thread: directorates expected to submit, and themes / priorities.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Framework {
    /// The council's name, for report titles.
    pub council: Option<String>,
    /// Directorates expected to submit returns.
    pub directorates: Vec<Directorate>,
    /// Priority themes (e.g. "Helping People").
    pub themes: Vec<Theme>,
}

/// A directorate and the other names it goes by in file names, folders and titles.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Directorate {
    pub name: String,
    pub aliases: Vec<String>,
}

/// A priority theme and its priorities.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    pub name: String,
    pub priorities: Vec<String>,
}

/// The risk matrix and the scores that drive escalation and appetite.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RiskConfig {
    /// Likelihood labels, lowest first; their count is the matrix height.
    pub likelihood: Vec<String>,
    /// Impact labels, lowest first; their count is the matrix width.
    pub impact: Vec<String>,
    /// Rating bands on the score.
    pub bands: Vec<BandRange>,
    /// A current score at or above this goes on the strategic register.
    pub escalation_score: f64,
    /// A current score below this may move down a tier.
    pub de_escalation_score: f64,
    /// A current score at or above this must have a mitigating action.
    pub appetite_score: f64,
    /// Longest interval between reviews, in months, per band.
    pub review_months: BTreeMap<String, u32>,
}

/// Scores `min..=max` fall in `band`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BandRange {
    pub band: Band,
    pub min: f64,
    pub max: f64,
}

/// Data-quality check settings.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ChecksConfig {
    /// A value more than this many times (or less than one over this) the previous period's is a jump.
    pub value_jump_factor: f64,
    /// Severity per rule id: "error", "warning", "info" or "off".
    pub rules: BTreeMap<String, String>,
}

impl Default for ChecksConfig {
    fn default() -> Self {
        ChecksConfig {
            value_jump_factor: 5.0,
            rules: BTreeMap::new(),
        }
    }
}

/// Performance settings.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PerformanceConfig {
    /// Amber when worse than target by no more than this percentage of the target.
    pub rag_tolerance_percent: f64,
    /// What direction-of-travel arrows and "Up" / "Down" mean: `performance` (an up arrow is
    /// improving, whatever the polarity) or `value` (an up arrow is a higher value).
    pub direction_arrows: String,
    /// Whether committee outputs show a reported RAG that the figures contradict. By default
    /// they show (and count) the RAG the actual, target and polarity give, with a note of the
    /// reported one.
    pub trust_reported_rag: bool,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            financial_year_start_month: 4,
            return_due_working_days: 10,
        }
    }
}

impl Default for RiskConfig {
    fn default() -> Self {
        let labels = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        RiskConfig {
            likelihood: labels(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
            impact: labels(&["Negligible", "Minor", "Moderate", "Major", "Critical"]),
            bands: vec![
                BandRange {
                    band: Band::Low,
                    min: 1.0,
                    max: 4.0,
                },
                BandRange {
                    band: Band::Medium,
                    min: 5.0,
                    max: 9.0,
                },
                BandRange {
                    band: Band::High,
                    min: 10.0,
                    max: 14.0,
                },
                BandRange {
                    band: Band::VeryHigh,
                    min: 15.0,
                    max: 25.0,
                },
            ],
            escalation_score: 15.0,
            de_escalation_score: 10.0,
            appetite_score: 10.0,
            review_months: [("very_high", 1), ("high", 3), ("medium", 6), ("low", 6)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }
}

impl Default for PerformanceConfig {
    fn default() -> Self {
        PerformanceConfig {
            rag_tolerance_percent: 5.0,
            direction_arrows: "performance".into(),
            trust_reported_rag: false,
        }
    }
}

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Cannot read the configuration file '{path}': {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("The configuration file '{path}' is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("The configuration file '{path}' is not valid: {source}")]
    Invalid { path: PathBuf, source: Invalid },
}

/// Settings that disagree with each other ([`Config::validate`]).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Invalid {
    #[error("calendar.financial_year_start_month is {0}; it must be a month number from 1 to 12.")]
    FinancialYearStart(u32),
    #[error("serve.max_body_mib, serve.request_timeout_seconds and serve.max_concurrent_checks must each be at least 1.")]
    ServeLimits,
    #[error("serve.tokens.\"{0}\" is not a SHA-256 in hex (64 characters 0-9, a-f); make it with 'goldthread serve --hash-token'.")]
    TokenNotHash(String),
    #[error("serve.tokens names \"{0}\", which is not the name of a directorate in [framework].")]
    TokenDirectorate(String),
    #[error("risk.likelihood and risk.impact must each list at least one label.")]
    EmptyMatrix,
    #[error("{name} is {value}; it must be a number.")]
    NotANumber { name: &'static str, value: f64 },
    #[error("risk.bands: band {band} has min {min} above max {max}.")]
    BandOrder {
        band: &'static str,
        min: f64,
        max: f64,
    },
    #[error("risk.escalation_score {score} is above the highest score on a {likelihood} x {impact} matrix ({max}).")]
    EscalationAboveMatrix {
        score: f64,
        likelihood: usize,
        impact: usize,
        max: f64,
    },
    #[error("[columns] names the field \"{name}\", which goldthread does not know; the fields are: {known}.")]
    UnknownField { name: String, known: String },
    #[error("{name} is '{value}'; it must be {allowed}.")]
    NotAChoice {
        name: &'static str,
        value: String,
        allowed: &'static str,
    },
    #[error("performance.rag_tolerance_percent must not be negative.")]
    NegativeTolerance,
}

impl Config {
    /// The RAG tolerance of a measure, in per cent of its target: its own (from its return or
    /// the measures catalogue), else `performance.rag_tolerance_percent`.
    pub fn rag_tolerance(&self, measure: &crate::schema::Measure) -> f64 {
        measure
            .tolerance
            .unwrap_or(self.performance.rag_tolerance_percent)
    }

    /// Reads and validates a configuration file.
    ///
    /// # Errors
    /// When the file cannot be read, is not TOML, names an unknown setting or
    /// holds an inconsistent matrix.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        // Relative paths are beside the configuration file, wherever the run starts.
        let dir = path.parent().unwrap_or(Path::new(""));
        for file in [
            &mut config.catalogue,
            &mut config.publish.logo,
            &mut config.benchmark.comparators_file,
        ]
        .into_iter()
        .flatten()
        .chain(config.benchmarks.iter_mut())
        {
            if file.is_relative() {
                *file = dir.join(&*file);
            }
        }
        config.validate().map_err(|source| ConfigError::Invalid {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(config)
    }

    /// `[serve]`: limits above zero, and each token a SHA-256 in hex for a configured
    /// directorate.
    fn validate_serve(&self) -> Result<(), Invalid> {
        let serve = &self.serve;
        if serve.max_body_mib == 0
            || serve.request_timeout_seconds == 0
            || serve.max_concurrent_checks == 0
        {
            return Err(Invalid::ServeLimits);
        }
        for (directorate, hash) in &serve.tokens {
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Invalid::TokenNotHash(directorate.clone()));
            }
            let known = self
                .framework
                .directorates
                .iter()
                .any(|d| d.name == *directorate);
            if !self.framework.directorates.is_empty() && !known {
                return Err(Invalid::TokenDirectorate(directorate.clone()));
            }
        }
        Ok(())
    }

    /// Checks the settings agree with each other.
    ///
    /// # Errors
    /// The first setting that does not, with what it must be.
    pub fn validate(&self) -> Result<(), Invalid> {
        let m = self.calendar.financial_year_start_month;
        if !(1..=12).contains(&m) {
            return Err(Invalid::FinancialYearStart(m));
        }
        self.validate_serve()?;
        if self.risk.likelihood.is_empty() || self.risk.impact.is_empty() {
            return Err(Invalid::EmptyMatrix);
        }
        // TOML allows nan and inf, which every comparison would silently pass or fail.
        let numbers = [
            ("risk.escalation_score", self.risk.escalation_score),
            ("risk.de_escalation_score", self.risk.de_escalation_score),
            ("risk.appetite_score", self.risk.appetite_score),
            ("checks.value_jump_factor", self.checks.value_jump_factor),
            (
                "performance.rag_tolerance_percent",
                self.performance.rag_tolerance_percent,
            ),
        ]
        .into_iter()
        .chain(
            self.risk
                .bands
                .iter()
                .flat_map(|b| [("risk.bands min", b.min), ("risk.bands max", b.max)]),
        );
        for (name, value) in numbers {
            if !value.is_finite() {
                return Err(Invalid::NotANumber { name, value });
            }
        }
        let max = (self.risk.likelihood.len() * self.risk.impact.len()) as f64;
        for b in &self.risk.bands {
            if b.min > b.max {
                return Err(Invalid::BandOrder {
                    band: b.band.as_str(),
                    min: b.min,
                    max: b.max,
                });
            }
        }
        if self.risk.escalation_score > max {
            return Err(Invalid::EscalationAboveMatrix {
                score: self.risk.escalation_score,
                likelihood: self.risk.likelihood.len(),
                impact: self.risk.impact.len(),
                max,
            });
        }
        if !["performance", "value"].contains(&self.performance.direction_arrows.as_str()) {
            return Err(Invalid::NotAChoice {
                name: "performance.direction_arrows",
                value: self.performance.direction_arrows.clone(),
                allowed: "\"performance\" or \"value\"",
            });
        }
        if !["none", "summary", "strategic"].contains(&self.publish.risks.as_str()) {
            return Err(Invalid::NotAChoice {
                name: "publish.risks",
                value: self.publish.risks.clone(),
                allowed: "\"none\", \"summary\" or \"strategic\"",
            });
        }
        if !["corporate", "all"].contains(&self.publish.measures.as_str()) {
            return Err(Invalid::NotAChoice {
                name: "publish.measures",
                value: self.publish.measures.clone(),
                allowed: "\"corporate\" or \"all\"",
            });
        }
        if self.performance.rag_tolerance_percent < 0.0 {
            return Err(Invalid::NegativeTolerance);
        }
        if let Some(name) = self.columns.keys().find(|f| Key::parse(f).is_none()) {
            return Err(Invalid::UnknownField {
                name: name.clone(),
                known: Key::known(),
            });
        }
        Ok(())
    }

    /// `[columns]`: each extra header with the field it names, for the layout's matcher.
    pub fn column_synonyms(&self) -> Vec<(String, Key)> {
        self.columns
            .iter()
            .filter_map(|(field, names)| Some((Key::parse(field)?, names)))
            .flat_map(|(key, names)| names.iter().map(move |n| (n.clone(), key.clone())))
            .collect()
    }

    /// The rating band of a score, if a band covers it.
    pub fn band_of(&self, score: f64) -> Option<Band> {
        self.risk
            .bands
            .iter()
            .find(|b| score >= b.min && score <= b.max)
            .map(|b| b.band)
    }

    /// The band of a score on a matrix of `scale` (likelihood and impact maxima): on the
    /// configured matrix as [`Config::band_of`], on another by proportion (score x the configured
    /// matrix's highest score / the scale's), the band reached so far.
    pub fn band_on_scale(&self, score: f64, scale: Option<(f64, f64)>) -> Option<Band> {
        if self.on_matrix(scale).is_none() {
            return self.band_of(score);
        }
        let s = self.score_on_matrix(score, scale);
        if s <= 0.0 {
            return None;
        }
        let mut bands: Vec<&BandRange> = self.risk.bands.iter().collect();
        bands.sort_by(|a, b| a.min.total_cmp(&b.min));
        bands
            .iter()
            .rev()
            .find(|b| s >= b.min)
            .or(bands.first())
            .map(|b| b.band)
    }

    /// The factor that takes a score on a register's own scale to the configured matrix, when
    /// the scale is another.
    fn on_matrix(&self, scale: Option<(f64, f64)>) -> Option<f64> {
        let full = (self.risk.likelihood.len() * self.risk.impact.len()) as f64;
        scale
            .filter(|(l, i)| *l > 0.0 && *i > 0.0 && l * i != full)
            .map(|(l, i)| full / (l * i))
    }

    /// A score on a register's own scale as the same proportion of the configured matrix's
    /// highest score (66.7 of 100 on 10 x 10 is 16.7 of 25); unchanged on the matrix.
    pub fn score_on_matrix(&self, score: f64, scale: Option<(f64, f64)>) -> f64 {
        self.on_matrix(scale).map_or(score, |f| score * f)
    }

    /// A likelihood or impact on a scale of `max` levels as the level of the configured
    /// matrix's `size` it falls in (7 of 10 is 4 of 5).
    pub fn level_on_matrix(level: f64, max: Option<f64>, size: usize) -> f64 {
        match max.filter(|m| *m > 0.0 && *m != size as f64) {
            Some(m) => (level * size as f64 / m).ceil().clamp(1.0, size as f64),
            None => level,
        }
    }

    /// The configured directorate whose name or alias `text` names, if any.
    pub fn match_directorate(&self, text: &str) -> Option<&str> {
        let hay = fold(text);
        if hay.is_empty() {
            return None;
        }
        let padded = format!(" {hay} ");
        self.framework
            .directorates
            .iter()
            .find(|d| {
                std::iter::once(&d.name)
                    .chain(d.aliases.iter())
                    .map(|n| fold(n))
                    .any(|n| !n.is_empty() && padded.contains(&format!(" {n} ")))
            })
            .map(|d| d.name.as_str())
    }

    /// The configured theme `text` names, if any.
    pub fn match_theme(&self, text: &str) -> Option<&str> {
        let hay = fold(text);
        self.framework
            .themes
            .iter()
            .find(|t| fold(&t.name) == hay)
            .map(|t| t.name.as_str())
    }

    /// The tables the configuration names that are not returns: the catalogue, the benchmark
    /// tables and the comparators file.
    pub fn reference_tables(&self) -> Vec<&Path> {
        self.catalogue
            .iter()
            .chain(self.benchmarks.iter())
            .chain(self.benchmark.comparators_file.iter())
            .map(PathBuf::as_path)
            .collect()
    }

    /// The defaults as a commented TOML file, for `goldthread config init`.
    pub fn default_toml() -> String {
        DEFAULT_TOML.to_string()
    }
}

/// Lower-case, `&` as `and`, apostrophes dropped, other punctuation as spaces, one space between words.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str(" and "),
            '\'' | '\u{2019}' => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const DEFAULT_TOML: &str = r##"# goldthread.toml: the council's performance and risk management framework.
# Every setting below shows its default; delete what you do not change.
# goldthread looks for this file given by --config, else ./goldthread.toml,
# else a goldthread.toml inside the first input folder.

# The measures catalogue: one row per measure (reference, title, theme, priority, kind, unit,
# polarity, targets, directorate, owner), in your own layout, relative to this file.
# catalogue = "measures-catalogue.xlsx"

# Benchmark tables (LG Inform and data-team exports: area code, area name, period, indicator,
# value), relative to this file; a measure's benchmark indicator is looked up in them.
# benchmarks = ["lginform-comparators.csv"]

# Extra column names per field, added to the built-in synonyms
# (run `goldthread inspect` to see how a return's columns are read).
[columns]
# owner = ["Accountable Officer", "SRO"]
# "current.score" = ["Residual RAG score"]

[calendar]
# Month the financial year starts (4 = April): Q1 is April to June.
financial_year_start_month = 4
# Working days after the end of a period by which a return is due.
return_due_working_days = 10

[framework]
# The council's name, for report titles.
# council = "Eastmere Borough Council"

# Directorates expected to submit returns, and the other names they go by in
# file names, folder names, sheet names and titles.
# [[framework.directorates]]
# name = "Adults and Health"
# aliases = ["Adults", "ASC"]

# Priority themes and their priorities. A section row inside a table that names a
# theme sets the theme of the rows below it.
# [[framework.themes]]
# name = "Helping People"
# priorities = ["Supporting vulnerable adults"]

[benchmark]
# The council's area code in the benchmark tables, and its comparator group (area codes, or a
# workbook or CSV of area code and area name, such as the CIPFA nearest neighbours).
# area_code = "E08000009"
# comparators = ["E06000030", "E06000007"]
# comparators_file = "cipfa-nearest-neighbours.csv"
# The area code of England's value.
england = "E92000001"

[risk]
# Likelihood and impact labels, lowest first. Their counts give the matrix size.
likelihood = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
impact = ["Negligible", "Minor", "Moderate", "Major", "Critical"]
# A current score at or above this goes on the strategic register.
escalation_score = 15.0
# A current score below this may move down a tier.
de_escalation_score = 10.0
# A current score at or above this must have a mitigating action.
appetite_score = 10.0

# Rating bands on the score (low, medium, high, very_high).
[[risk.bands]]
band = "low"
min = 1.0
max = 4.0

[[risk.bands]]
band = "medium"
min = 5.0
max = 9.0

[[risk.bands]]
band = "high"
min = 10.0
max = 14.0

[[risk.bands]]
band = "very_high"
min = 15.0
max = 25.0

# Longest interval between reviews, in months, by band.
[risk.review_months]
very_high = 1
high = 3
medium = 6
low = 6

[performance]
# Amber when worse than target by no more than this percentage of the target.
rag_tolerance_percent = 5.0
# What direction-of-travel arrows (and "Up" / "Down") mean: "performance" (an up arrow is
# improving, whatever the polarity) or "value" (an up arrow is a higher value).
direction_arrows = "performance"
# Committee outputs show the RAG the actual, target and polarity give where a reported RAG
# disagrees (with a note of the reported one); true shows the reported RAG as it was sent.
trust_reported_rag = false

[checks]
# A value more than this many times (or under a fifth of) the previous period's is flagged.
value_jump_factor = 5.0

# Severity per rule: "error", "warning", "info" or "off". `goldthread check --rules` lists them.
[checks.rules]
# "measure-no-owner" = "info"
# "no-theme-link" = "off"

# The public web page written by `goldthread publish`.
[publish]
# The council's name on the pages (default: framework.council).
# council = "Eastmere Borough Council"
# A logo copied into the site (a relative path is read from this file's folder).
# logo = "logo.png"
# logo_alt = "Eastmere Borough Council"
# Header and link colour; it must reach 4.5:1 against white, else the default is used.
colour = "#1d4f91"
# Measures shown to the public: "corporate" (the KPIs) or "all"; include and exclude by reference.
measures = "corporate"
include = []
exclude = []
# Risk at a glance: "none", "summary" (counts by band and theme) or "strategic".
risks = "summary"

[serve]
# goldthread serve: the largest upload (MiB), the longest request (seconds), returns read at
# once and returns waiting their turn (past that, a request is refused with 503).
max_body_mib = 20
request_timeout_seconds = 120
max_concurrent_checks = 4
max_queued_checks = 64

[serve.tokens]
# Each directorate's submission token as its SHA-256 in hex, by the directorate's name:
#   echo -n "$TOKEN" | goldthread serve --hash-token
# "Adults and Health" = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
"##;

#[cfg(test)]
mod tests;
