//! The dropdown lists of the hidden Lists sheet (directorates, themes, likelihood and impact
//! levels, categories and the vocabulary's words), and the workbook names that refer to them.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::shared::LISTS_SHEET;
use super::TemplateKind;
use crate::config::Config;
use crate::schema::{column_letters, MeasureKind, Polarity, RiskStatus, Trend, Unit};

/// The dropdown lists of the hidden Lists sheet, each a column under a header, and the workbook
/// name that refers to it.
pub(super) struct Lists {
    pub(super) columns: Vec<(&'static str, &'static str, Vec<String>)>,
}

pub(super) const CATEGORIES: &[&str] = &[
    "Strategic",
    "Operational",
    "Financial",
    "Legal and regulatory",
    "Reputational",
    "People",
    "Technology and information",
    "Health and safety",
    "Safeguarding",
    "Partnerships and contracts",
    "Environmental",
    "Project",
];

impl Lists {
    pub(super) fn new(kind: TemplateKind, config: &Config) -> Lists {
        let strings = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut columns = vec![(
            "Directorates",
            "Directorate",
            config
                .framework
                .directorates
                .iter()
                .map(|d| d.name.clone())
                .collect(),
        )];
        columns.push((
            "Themes",
            "Theme",
            config
                .framework
                .themes
                .iter()
                .map(|t| t.name.clone())
                .collect(),
        ));
        match kind {
            TemplateKind::RiskRegister => {
                columns.push(("Likelihood", "Likelihood", levels(&config.risk.likelihood)));
                columns.push(("Impact", "Impact", levels(&config.risk.impact)));
                columns.push(("Categories", "Category", strings(CATEGORIES)));
                columns.push(("Trends", "Trend", strings(&Trend::ALL.map(Trend::label))));
                columns.push((
                    "Statuses",
                    "Status",
                    strings(&RiskStatus::ALL.map(RiskStatus::label)),
                ));
                columns.push(("YesNo", "Escalate?", strings(&["Yes", "No"])));
            }
            TemplateKind::PerformanceReturn => {
                columns.push((
                    "Kinds",
                    "Kind",
                    strings(&MeasureKind::ALL.map(MeasureKind::label)),
                ));
                columns.push(("Units", "Unit", strings(&Unit::ALL.map(Unit::word))));
                columns.push((
                    "Polarities",
                    "Polarity",
                    strings(&Polarity::ALL.map(Polarity::label)),
                ));
            }
            TemplateKind::ActionPlan => columns.extend(super::action_plan::lists()),
        }
        Lists { columns }
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.columns
            .iter()
            .any(|(n, _, values)| *n == name && !values.is_empty())
    }

    /// A value from the middle of a list, to show as an example.
    pub(super) fn example(&self, name: &str) -> Option<&str> {
        let (_, _, values) = self.columns.iter().find(|(n, _, _)| *n == name)?;
        values.get(values.len() / 2).map(String::as_str)
    }

    /// Workbook names and the ranges they refer to, for the lists that have values.
    pub(super) fn names(&self) -> Vec<(&'static str, String)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, (_, _, values))| !values.is_empty())
            .map(|(i, (name, _, values))| {
                let col = column_letters(i as u32);
                (
                    *name,
                    format!("={LISTS_SHEET}!${col}$2:${col}${}", values.len() + 1),
                )
            })
            .collect()
    }

    pub(super) fn write(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let bold = Format::new().set_bold();
        for (i, (_, header, values)) in self.columns.iter().enumerate() {
            let col = i as u16;
            ws.write_string_with_format(0, col, *header, &bold)?;
            for (r, v) in values.iter().enumerate() {
                ws.write_string(r as u32 + 1, col, v)?;
            }
            ws.set_column_width(col, 24)?;
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(())
    }
}

/// "1 - Rare", "2 - Unlikely", ...: what the dropdowns show and goldthread reads back.
pub(super) fn levels(labels: &[String]) -> Vec<String> {
    (1..=labels.len()).map(|n| level_text(n, labels)).collect()
}

/// "4 - Likely". goldthread reads a level as its number followed by words, so a label's
/// other characters ("Almost certain (>90%)") are left out of the dropdown; the Instructions
/// sheet shows the labels in full.
pub(super) fn level_text(n: usize, labels: &[String]) -> String {
    let label = labels.get(n - 1).map(String::as_str).unwrap_or("");
    let cleaned: String = label
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .map(|c| {
            if c.is_ascii_alphabetic() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words = cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == '-' || c == ' ')
        .to_string();
    let words = words.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    if words.is_empty() {
        n.to_string()
    } else {
        format!("{n} - {words}")
    }
}
