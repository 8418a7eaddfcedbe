//! The names of the contract's fields: what a column of a return holds, spelt as profiles, the
//! `cells` of the JSON output and `goldthread inspect` spell it (`owner`, `current.likelihood`,
//! `dimension.area`). A field is an enum, so a misspelt name is a compile error in the code and
//! a clear error in a profile or the configuration, never a column silently left blank.

use std::borrow::Cow;
use std::fmt;

use serde::{Serialize, Serializer};

/// Declares [`Name`] from its variants and their spellings, once.
macro_rules! names {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// A field of the dictionary: one value of a risk, a measure, an action or of the
        /// service and theme they belong to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Name {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Name {
            /// Every name, in the order of the dictionary.
            pub const ALL: &'static [Name] = &[$(Name::$variant,)*];

            /// How the name is written (`last_reviewed`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Name::$variant => $name,)*
                }
            }

            /// The name written as [`Name::as_str`] writes it.
            pub fn parse(name: &str) -> Option<Name> {
                match name {
                    $($name => Some(Name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

names! {
    /// The record's reference (risk, measure or action).
    Id = "id",
    Title = "title",
    Description = "description",
    Owner = "owner",
    Category = "category",
    /// Which register a risk is on (strategic, operational, ...).
    Register = "register",
    Controls = "controls",
    Mitigations = "mitigations",
    LastReviewed = "last_reviewed",
    NextReview = "next_review",
    DateIdentified = "date_identified",
    ActionOwner = "action_owner",
    ActionDue = "action_due",
    /// A risk's rating written as one word or number, with no stage named.
    Rating = "rating",
    /// Whether a risk is escalated to the corporate register.
    Escalate = "escalate",
    /// A risk's trend as its owner reports it.
    Trend = "trend",
    /// A measure's kind (KPI, contextual, ...).
    Kind = "kind",
    Unit = "unit",
    Polarity = "polarity",
    Frequency = "frequency",
    Actual = "actual",
    Target = "target",
    Rag = "rag",
    Direction = "direction",
    Commentary = "commentary",
    /// A measure's comparator as written (a value or a source).
    Benchmark = "benchmark",
    /// How far from target, in per cent, a measure is amber rather than red.
    Tolerance = "tolerance",
    DataCollector = "data_collector",
    /// The period of a long table's row.
    Period = "period",
    /// The financial year of a long table's row, when its period column names only a quarter.
    FinancialYear = "financial_year",
    /// What a long table's value is (actual, target, ...), in a table with a column for it.
    Variant = "variant",
    Directorate = "directorate",
    Service = "service",
    Theme = "theme",
    Priority = "priority",
    /// An action's status.
    Status = "status",
    PercentComplete = "percent_complete",
    Start = "start",
    Due = "due",
    /// The measures an action delivers.
    Measures = "measures",
    /// The risks an action mitigates.
    Risks = "risks",
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares a closed set of words with their spellings: `ALL`, `as_str`, `parse`, `Display`.
macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($(#[doc = $doc:literal])* $variant:ident = $word:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[doc = $doc])* $variant,)*
        }

        impl $name {
            /// Every one, in order.
            pub const ALL: [$name; [$($word),*].len()] = [$($name::$variant,)*];

            /// How it is written in a field's name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }

            /// The word written as `as_str` writes it.
            pub fn parse(word: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|w| w.as_str() == word)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words! {
    /// When in its treatment a risk is rated.
    Stage {
        /// Before controls ("gross", "inherent").
        Inherent = "inherent",
        /// An FMEA register's rating before its response: read as the current rating unless
        /// the register rates its current risk too.
        Baseline = "baseline",
        /// With today's controls ("residual", "net").
        Current = "current",
        /// Where the owner means to bring it ("target", "appetite").
        Target = "target",
    }
}

words! {
    /// One part of a risk's rating at a stage.
    RatingPart {
        Likelihood = "likelihood",
        Impact = "impact",
        /// Likelihood times impact (or an FMEA priority number).
        Score = "score",
        /// The rating as a word or band ("High", "Red").
        Rating = "rating",
    }
}

/// The field a column holds: a field of the dictionary, a part of a rating, or one of a long
/// table's own columns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// A field of the dictionary (`owner`).
    Field(Name),
    /// A part of a risk's rating at a stage (`current.likelihood`).
    Rating(Stage, RatingPart),
    /// A column that splits a long table's values (`dimension.area`): its name, spaces as `_`.
    Dimension(String),
    /// One of a long table's value columns, named by what it holds (`values.actual`).
    Values(String),
}

/// The prefix of a dimension's name.
pub const DIMENSION: &str = "dimension.";
/// The prefix of a long table's value column's name.
pub const VALUES: &str = "values.";

/// The names of the parts of a rating, by stage and part, in the order of [`Stage`] and
/// [`RatingPart`]: written once, not built for every cell of every row.
const RATING_NAMES: [[&str; 4]; 4] = [
    [
        "inherent.likelihood",
        "inherent.impact",
        "inherent.score",
        "inherent.rating",
    ],
    [
        "baseline.likelihood",
        "baseline.impact",
        "baseline.score",
        "baseline.rating",
    ],
    [
        "current.likelihood",
        "current.impact",
        "current.score",
        "current.rating",
    ],
    [
        "target.likelihood",
        "target.impact",
        "target.score",
        "target.rating",
    ],
];

impl Key {
    /// How the field is written (`current.likelihood`).
    pub fn name(&self) -> Cow<'static, str> {
        match self {
            Key::Field(n) => Cow::Borrowed(n.as_str()),
            Key::Rating(stage, part) => {
                Cow::Borrowed(RATING_NAMES[*stage as usize][*part as usize])
            }
            Key::Dimension(d) => Cow::Owned(format!("{DIMENSION}{d}")),
            Key::Values(v) => Cow::Owned(format!("{VALUES}{v}")),
        }
    }

    /// The field written as [`Key::name`] writes it; None for a name that is no field.
    pub fn parse(name: &str) -> Option<Key> {
        if let Some(d) = name.strip_prefix(DIMENSION) {
            return (!d.is_empty()).then(|| Key::Dimension(d.to_string()));
        }
        if let Some(v) = name.strip_prefix(VALUES) {
            return (!v.is_empty()).then(|| Key::Values(v.to_string()));
        }
        if let Some((stage, part)) = name.split_once('.') {
            return Some(Key::Rating(Stage::parse(stage)?, RatingPart::parse(part)?));
        }
        Name::parse(name).map(Key::Field)
    }

    /// The field of the dictionary this is, if it is one.
    pub fn field(&self) -> Option<Name> {
        match self {
            Key::Field(n) => Some(*n),
            _ => None,
        }
    }

    /// Whether this is the field of the dictionary `name`.
    pub fn is(&self, name: Name) -> bool {
        *self == Key::Field(name)
    }

    /// Every field a profile or the configuration may name, for an error that lists them:
    /// the dictionary's, a rating's parts, and the long tables' prefixes.
    pub fn known() -> String {
        let mut names: Vec<String> = Name::ALL.iter().map(|n| n.as_str().to_string()).collect();
        names.push("inherent|current|target.likelihood|impact|score|rating".into());
        names.push(format!("{DIMENSION}NAME"));
        names.push(format!("{VALUES}NAME"));
        names.join(", ")
    }
}

impl From<Name> for Key {
    fn from(n: Name) -> Key {
        Key::Field(n)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_itself() {
        for n in Name::ALL {
            assert_eq!(Key::parse(n.as_str()), Some(Key::Field(*n)));
        }
        for stage in Stage::ALL {
            for part in RatingPart::ALL {
                let key = Key::Rating(stage, part);
                assert_eq!(key.name(), format!("{stage}.{part}"));
                assert_eq!(Key::parse(&key.name()), Some(key));
            }
        }
        let area = Key::Dimension("local_authority".into());
        assert_eq!(area.name(), "dimension.local_authority");
        assert_eq!(Key::parse("dimension.local_authority"), Some(area));
        assert_eq!(
            Key::parse("values.actual"),
            Some(Key::Values("actual".into()))
        );
    }

    #[test]
    fn a_misspelt_name_is_no_field() {
        for bad in [
            "ownr",
            "current.likelyhood",
            "residual.score",
            "dimension.",
            "",
            "Owner",
        ] {
            assert_eq!(Key::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_key_serialises_as_its_name() {
        let json = serde_json::to_string(&Key::Rating(Stage::Current, RatingPart::Score)).unwrap();
        assert_eq!(json, "\"current.score\"");
    }
}
