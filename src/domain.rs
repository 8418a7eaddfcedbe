//! The framework's vocabulary, each word, colour and number defined once: what a committee
//! reads for each of the contract's values, the colours of rating bands, RAG statuses and
//! findings, and the thresholds by which a header or a column's content is taken for a field.
//!
//! The contract's own names stay where the types are ([`schema`](crate::schema): `very_high`,
//! `amber`, serde's `snake_case`); this module gives each type the words people see:
//!
//! | type | `label()` | also |
//! | --- | --- | --- |
//! | [`Band`] | "Very high" (in a sentence, lower case: "a very high risk") | [`Band::colours`], [`Band::colour_word`] |
//! | [`Rag`] | "Amber" | [`Rag::as_str`] ("amber"), [`Rag::colours`], [`Rag::chart_colour`] |
//! | [`MeasureKind`] | "KPI" | [`MeasureKind::description`] |
//! | [`Unit`] | "%", "£", "Days" (a scorecard's Unit column) | [`Unit::word`]: "Percent", as a return's dropdown offers it |
//! | [`Polarity`] | "Higher is better" | |
//! | [`Direction`] | "Improving" | [`Direction::arrow`] |
//! | [`Trend`] | "Increasing" | [`Trend::arrow`] |
//! | [`RiskStatus`] | "Open" | |
//! | [`ActionStatus`] | "On track" | |
//! | [`Severity`] | "error" (its contract name) | [`Severity::colours`] |
//! | [`Principle`] | "accuracy" (its contract name) | |
//!
//! Colours are RGB numbers (`0xRRGGBB`), as rust_xlsxwriter takes them. The cell palette is
//! Excel's own "Good", "Neutral" and "Bad" cell styles and an orange between the last two, which
//! stay legible in print and in greyscale.

use crate::schema::{
    ActionStatus, Band, Direction, MeasureKind, Polarity, Principle, Rag, RiskStatus, Severity,
    Trend, Unit,
};

/// A fill and the text colour that goes on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colours {
    pub fill: u32,
    pub text: u32,
}

impl Colours {
    pub const fn new(fill: u32, text: u32) -> Colours {
        Colours { fill, text }
    }
}

/// Excel's "Good" cell style: green.
pub const GOOD: Colours = Colours::new(0xC6EFCE, 0x006100);
/// Excel's "Neutral" cell style: yellow.
pub const NEUTRAL: Colours = Colours::new(0xFFEB9C, 0x9C5700);
/// An orange between "Neutral" and "Bad" (Excel's orange accent, lighter 60% and darker 50%).
pub const ORANGE: Colours = Colours::new(0xF8CBAD, 0x843C0C);
/// Excel's "Bad" cell style: red.
pub const BAD: Colours = Colours::new(0xFFC7CE, 0x9C0006);
/// A light blue that says no status (findings for information, cells to type in).
pub const NOTE: Colours = Colours::new(0xDDEBF7, 0x1F4E78);

/// The chart colour of measures with no RAG: grey.
pub const NO_RAG_CHART: u32 = 0xBFBFBF;

impl Band {
    /// Every band, lowest first.
    pub const ALL: [Band; 4] = [Band::Low, Band::Medium, Band::High, Band::VeryHigh];

    /// The band as a committee reads it: "Low", "Medium", "High", "Very high".
    pub const fn label(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Medium => "Medium",
            Band::High => "High",
            Band::VeryHigh => "Very high",
        }
    }

    /// The fill and text colour of a score or rating in the band.
    pub fn colours(self) -> Colours {
        match self {
            Band::Low => GOOD,
            Band::Medium => NEUTRAL,
            Band::High => ORANGE,
            Band::VeryHigh => BAD,
        }
    }

    /// The band's fill named in a word, for instructions: "green", "yellow", "orange", "red".
    pub fn colour_word(self) -> &'static str {
        match self {
            Band::Low => "green",
            Band::Medium => "yellow",
            Band::High => "orange",
            Band::VeryHigh => "red",
        }
    }
}

impl Rag {
    /// Every status, worst first.
    pub const ALL: [Rag; 3] = [Rag::Red, Rag::Amber, Rag::Green];

    /// The contract's name: "red", "amber", "green".
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }

    /// "Red", "Amber", "Green".
    pub const fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }

    /// The fill and text colour of a cell with the status (the soft palette, legible in print).
    pub fn colours(self) -> Colours {
        match self {
            Rag::Red => BAD,
            Rag::Amber => NEUTRAL,
            Rag::Green => GOOD,
        }
    }

    /// The colour of the status's bars in a chart (strong, told apart at a glance); see
    /// [`NO_RAG_CHART`] for measures with none.
    pub fn chart_colour(self) -> u32 {
        match self {
            Rag::Red => 0xC00000,
            Rag::Amber => 0xFFC000,
            Rag::Green => 0x00B050,
        }
    }
}

impl MeasureKind {
    /// Every kind, in the order a dropdown offers them.
    pub const ALL: [MeasureKind; 3] = [MeasureKind::Kpi, MeasureKind::Pi, MeasureKind::Statistic];

    /// "KPI", "PI", "Statistic".
    pub const fn label(self) -> &'static str {
        match self {
            MeasureKind::Kpi => "KPI",
            MeasureKind::Pi => "PI",
            MeasureKind::Statistic => "Statistic",
        }
    }

    /// The kind in full, for readers who do not know the abbreviations.
    pub fn description(self) -> &'static str {
        match self {
            MeasureKind::Kpi => "Key performance indicator",
            MeasureKind::Pi => "Performance indicator",
            MeasureKind::Statistic => "Statistic (context only, not judged against a target)",
        }
    }
}

impl Unit {
    /// Every unit, in the order a dropdown offers them.
    pub const ALL: [Unit; 5] = [
        Unit::Percent,
        Unit::Number,
        Unit::Currency,
        Unit::Days,
        Unit::Ratio,
    ];

    /// The unit as a scorecard's Unit column shows it: "%", "Number", "£", "Days", "Ratio".
    pub const fn label(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Number => "Number",
            Unit::Currency => "£",
            Unit::Days => "Days",
            Unit::Ratio => "Ratio",
        }
    }

    /// The unit in a word, as a return's dropdown offers it: "Percent", "Currency", ...
    pub fn word(self) -> &'static str {
        match self {
            Unit::Percent => "Percent",
            Unit::Number => "Number",
            Unit::Currency => "Currency",
            Unit::Days => "Days",
            Unit::Ratio => "Ratio",
        }
    }
}

impl Polarity {
    /// Both polarities, higher first.
    pub const ALL: [Polarity; 2] = [Polarity::HigherIsBetter, Polarity::LowerIsBetter];

    /// "Higher is better", "Lower is better".
    pub const fn label(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "Higher is better",
            Polarity::LowerIsBetter => "Lower is better",
        }
    }
}

impl Direction {
    /// "Improving", "Worsening", "No change".
    pub const fn label(self) -> &'static str {
        match self {
            Direction::Improving => "Improving",
            Direction::Worsening => "Worsening",
            Direction::NoChange => "No change",
        }
    }

    /// The arrow that goes before the label in a table: "↑", "↓", "→".
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Improving => "↑",
            Direction::Worsening => "↓",
            Direction::NoChange => "→",
        }
    }
}

impl Trend {
    /// Every trend, in the order a dropdown offers them (rising, level, falling).
    pub const ALL: [Trend; 3] = [Trend::Increasing, Trend::Stable, Trend::Decreasing];

    /// "Increasing", "Decreasing", "Stable".
    pub const fn label(self) -> &'static str {
        match self {
            Trend::Increasing => "Increasing",
            Trend::Decreasing => "Decreasing",
            Trend::Stable => "Stable",
        }
    }

    /// The arrow that goes before the label in a table: "↑", "↓", "→".
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Increasing => "↑",
            Trend::Decreasing => "↓",
            Trend::Stable => "→",
        }
    }
}

impl RiskStatus {
    /// Both statuses, open first.
    pub const ALL: [RiskStatus; 2] = [RiskStatus::Open, RiskStatus::Closed];

    /// "Open", "Closed".
    pub const fn label(self) -> &'static str {
        match self {
            RiskStatus::Open => "Open",
            RiskStatus::Closed => "Closed",
        }
    }
}

impl Severity {
    /// Every severity, worst first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The contract's name: "error", "warning", "info".
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The fill and text colour that mark a finding of the severity: "Bad", "Neutral" and a
    /// light blue.
    pub fn colours(self) -> Colours {
        match self {
            Severity::Error => BAD,
            Severity::Warning => NEUTRAL,
            Severity::Info => NOTE,
        }
    }
}

impl Principle {
    /// The five principles, in the framework's order.
    pub const ALL: [Principle; 5] = [
        Principle::Accuracy,
        Principle::Reliability,
        Principle::Timeliness,
        Principle::Relevance,
        Principle::Completeness,
    ];

    /// The contract's name: "accuracy", "reliability", ...
    pub fn as_str(self) -> &'static str {
        match self {
            Principle::Accuracy => "accuracy",
            Principle::Reliability => "reliability",
            Principle::Timeliness => "timeliness",
            Principle::Relevance => "relevance",
            Principle::Completeness => "completeness",
        }
    }
}

/// A label with the arrow before it, as a table shows a direction or trend: "↑ Improving".
pub fn with_arrow(arrow: &str, label: &str) -> String {
    format!("{arrow} {label}")
}

/// The text with its first letter in capitals: "amber" is "Amber".
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// How sure a match of a header or a column's content to a field must be, and how sure the
/// kinds of evidence make it (confidence runs from 0 to 1).
pub mod confidence {
    /// Likely: a cell that names a field this surely counts towards taking its row for a
    /// header row; a column's content alone (a different text on every row, unique references,
    /// the words of a rating key) gives its field this confidence.
    pub const LIKELY: f64 = 0.7;

    /// Firm: header and content agreeing give this confidence; a text this sure of its field
    /// is a known header (a header row continues below while its texts are), and an id column
    /// less sure than this gives way to a better one.
    pub const FIRM: f64 = 0.8;

    /// The Jaro-Winkler similarity at which a header is taken for a misspelling of a synonym
    /// ("Likelyhood"); the match's confidence is the similarity scaled down.
    pub const SPELLING: f64 = 0.92;

    /// The share of a column's values that must be numbers for it to be a column of values
    /// ("value_all_vehicles").
    pub const MOSTLY_NUMBERS: f64 = 0.8;
}

impl ActionStatus {
    /// The status as a committee report words it ("Not started").
    pub const fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::OnTrack => "On track",
            ActionStatus::AtRisk => "At risk",
            ActionStatus::OffTrack => "Off track",
            ActionStatus::Delayed => "Delayed",
            ActionStatus::Complete => "Complete",
            ActionStatus::Cancelled => "Cancelled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A band's label and its contract name say the same band; the label is what people read.
    #[test]
    fn band_labels_and_contract_names_agree() {
        let labels: Vec<&str> = Band::ALL.iter().map(|b| b.label()).collect();
        assert_eq!(labels, ["Low", "Medium", "High", "Very high"]);
        for b in Band::ALL {
            assert_eq!(b.label().to_lowercase().replace(' ', "_"), b.as_str());
        }
    }

    /// Red is "Bad" and a very high band; green is "Good" and a low band: the cell colours of a
    /// status and a band never disagree.
    #[test]
    fn rag_and_band_colours_share_one_palette() {
        assert_eq!(Rag::Red.colours(), Band::VeryHigh.colours());
        assert_eq!(Rag::Amber.colours(), Band::Medium.colours());
        assert_eq!(Rag::Green.colours(), Band::Low.colours());
        assert_eq!(Severity::Error.colours(), BAD);
        assert_eq!(Band::High.colours().text, 0x843C0C);
    }

    /// Every unit has a label and a word; the word is the contract's name capitalised.
    #[test]
    fn unit_words_are_the_contract_names_capitalised() {
        for u in Unit::ALL {
            let name = serde_json::to_value(u).unwrap();
            assert_eq!(capitalised(name.as_str().unwrap()), u.word());
        }
    }

    #[test]
    fn severities_and_principles_are_named_as_serde_names_them() {
        for s in Severity::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for p in Principle::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        for r in Rag::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }
}
