//! What a sheet says once about all its rows: its directorate, service, kind and period, from
//! its title rows, its name, the file's name and folders and the configuration; and what the
//! section rows above a record say of it.

use super::*;
use crate::schema::field::Name;

/// What a sheet says once about all its rows.
#[derive(Clone, Debug, Default)]
pub struct SheetContext {
    pub file: String,
    pub sheet: String,
    pub directorate: Option<String>,
    pub service: Option<String>,
    pub kind: Option<crate::schema::MeasureKind>,
    /// The period of values whose column names none ("Actual" under a "Quarter 2 2024/25" title).
    pub period: Option<Period>,
    pub financial_year: Option<i32>,
    /// What section rows name: theme, service, directorate or priority.
    pub sections: Option<String>,
}

/// The label a section row sets, by what it names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sections {
    pub theme: Option<String>,
    pub service: Option<String>,
    pub directorate: Option<String>,
    pub priority: Option<String>,
    pub period: Option<Period>,
}

/// What a data row is read against: its sheet, the section rows above it, the configuration.
#[derive(Clone, Copy)]
pub(crate) struct RowContext<'a> {
    pub sheet: &'a SheetContext,
    pub sections: &'a Sections,
    pub config: &'a Config,
}

/// Where a record sits: its directorate, service, theme and priority, from its own row, else
/// the section rows above it, else the sheet (its title, file name or folder).
pub(crate) struct Placement {
    pub directorate: Option<String>,
    pub service: Option<String>,
    pub theme: Option<String>,
    pub priority: Option<String>,
}

impl Sections {
    /// The placement of the record on row `rv`.
    pub(crate) fn place(&self, rv: &mut row::RowValues, sctx: &SheetContext) -> Placement {
        Placement {
            directorate: rv
                .text(Name::Directorate)
                .or_else(|| self.directorate.clone())
                .or_else(|| sctx.directorate.clone()),
            service: rv
                .text(Name::Service)
                .or_else(|| self.service.clone())
                .or_else(|| sctx.service.clone()),
            theme: rv.text(Name::Theme).or_else(|| self.theme.clone()),
            priority: rv.text(Name::Priority).or_else(|| self.priority.clone()),
        }
    }
}

impl Sections {
    pub(super) fn apply(&mut self, label: &str, ctx: &SheetContext, config: &Config) {
        let fy_start = config.calendar.financial_year_start_month;
        if let Some(d) = config
            .match_directorate(label)
            .filter(|_| ctx.sections.is_none())
        {
            self.directorate = Some(d.to_string());
            return;
        }
        match ctx.sections.as_deref() {
            Some("service") => self.service = Some(label.to_string()),
            Some("directorate") => self.directorate = Some(label.to_string()),
            Some("priority") => self.priority = Some(label.to_string()),
            Some(_) => self.theme = Some(label.to_string()),
            None => {
                if let Some(p) = values::parse_period(label, fy_start, ctx.financial_year) {
                    self.period = Some(p);
                } else if let Some(t) = config.match_theme(label) {
                    self.theme = Some(t.to_string());
                } else if config.framework.themes.is_empty() && !names_a_service(label) {
                    self.theme = Some(label.to_string());
                } else {
                    self.service = Some(label.to_string());
                }
            }
        }
    }
}

/// Whether a section label names a service rather than a priority theme: "Finance",
/// "Customer Services", "Revenues and Benefits" (a theme reads "Helping People").
pub(super) fn names_a_service(label: &str) -> bool {
    const SERVICE_WORDS: &[&str] = &[
        "service",
        "services",
        "team",
        "unit",
        "finance",
        "financial",
        "revenues",
        "revenue",
        "benefits",
        "hr",
        "people services",
        "ict",
        "it",
        "digital",
        "customer",
        "legal",
        "procurement",
        "payroll",
        "audit",
        "estates",
        "facilities",
        "democratic",
        "planning",
        "highways",
        "waste",
        "parking",
        "licensing",
        "housing",
        "libraries",
        "leisure",
        "safeguarding",
        "commissioning",
        "property",
        "transformation",
        "communications",
    ];
    let f = fold(label);
    f.split(' ').any(|w| SERVICE_WORDS.contains(&w))
}

/// Sheet names that say what a sheet is rather than whose it is.
const GENERIC_SHEET_WORDS: &[&str] = &[
    "risk",
    "risks",
    "register",
    "registers",
    "kpi",
    "kpis",
    "pi",
    "pis",
    "performance",
    "scorecard",
    "sheet",
    "data",
    "return",
    "returns",
    "measures",
    "indicators",
    "monthly",
    "quarterly",
    "report",
    "summary",
    "table",
    "export",
    "directorate",
    "cs",
    "main",
    "dashboard",
    "plan",
    "delivery",
    "action",
    "actions",
    "projects",
    "milestones",
    "tracker",
];

pub(super) fn directorate_for(
    input: &InputFile,
    sheet: &Sheet,
    titles: &[(u32, String)],
    config: &Config,
) -> Option<String> {
    let title_texts = titles.iter().map(|(_, t)| t.clone());
    let candidates = title_texts
        .clone()
        .chain(std::iter::once(sheet.name.clone()))
        .chain(std::iter::once(input.stem()))
        .chain(input.folders().into_iter().rev());
    for c in candidates {
        if let Some(d) = config.match_directorate(&c) {
            return Some(d.to_string());
        }
    }
    // Without configured directorates, a title that names one: "Adults and Health Directorate ...".
    static TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\s*(?:directorate\s*[:\-]\s*(.+?)\s*$|(.+?)\s+directorate\b)")
            .expect("valid regex")
    });
    for t in title_texts.clone() {
        if let Some(c) = TITLE.captures(&t) {
            let name = c.get(1).or(c.get(2)).map(|m| m.as_str().trim().to_string());
            if let Some(n) = name.filter(|n| !n.is_empty() && n.len() < 60) {
                let n = n.strip_prefix("The ").unwrap_or(&n).to_string();
                return Some(n);
            }
        }
    }
    // "Directorate Risk Register – Communities and Neighbourhoods – Q2 2024/25"; a file named
    // "Growth and Regeneration - Risk Register".
    title_texts
        .clone()
        .filter_map(|t| named_beside_register(&t, true))
        .next()
        .or_else(|| named_beside_register(&input.stem(), false))
        .or_else(|| {
            // With no directorates configured: whose return a title or file name says it is.
            if !config.framework.directorates.is_empty() {
                return None;
            }
            title_texts
                .filter_map(|t| named_before_return(&t))
                .next()
                .or_else(|| named_before_return(&input.stem().replace(['_', '-'], " ")))
                .or_else(|| {
                    // "place/risk_register.xlsx": a file named only for what it is, in a folder
                    // named for whose it is.
                    let stem = input.stem().replace(['_', '-'], " ");
                    let only_return = !fold(&stem).is_empty()
                        && fold(&stem).split(' ').all(|w| RETURN_WORDS.contains(&w));
                    let folder = input.folders().into_iter().last()?;
                    only_return
                        .then(|| named_before_return(&format!("{folder} register")))
                        .flatten()
                })
        })
}

/// Words that say what a return is (not whose).
const RETURN_WORDS: &[&str] = &[
    "performance",
    "scorecard",
    "dashboard",
    "kpis",
    "kpi",
    "pis",
    "risk",
    "risks",
    "register",
    "return",
    "returns",
    "report",
    "export",
    "measures",
    "indicators",
    "actions",
    "action",
    "delivery",
    "plan",
    "projects",
    "milestones",
    "tracker",
];

/// The owner a return's title or file name gives before the words of what it is: "Adults and
/// Health Performance 2024/25" and "adults performance" name "Adults and Health" and "Adults";
/// none for a whole organisation ("Eastmere Borough Council Risk Register"), a project, or text
/// with no such words.
pub(super) fn named_before_return(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| RETURN_WORDS.contains(&fold(w).as_str()))?;
    let owner = &words[..at];
    let folded: Vec<String> = owner.iter().map(|w| fold(w)).collect();
    let whole = [
        "council",
        "borough",
        "county",
        "city",
        "district",
        "corporate",
        "strategic",
        "project",
        "programme",
        "organisation",
        "organization",
        "university",
        "trust",
        "directorate",
        "service",
        "team",
        "the",
        "our",
        "quarterly",
        "monthly",
        "annual",
        "q1",
        "q2",
        "q3",
        "q4",
    ];
    if owner.is_empty()
        || owner.len() > 5
        || folded
            .iter()
            .any(|w| whole.contains(&w.as_str()) || w.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let name: Vec<String> = owner
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first)
                    if w.chars().all(|c| !c.is_uppercase()) && *w != "and" && *w != "of" =>
                {
                    first.to_uppercase().chain(cs).collect()
                }
                _ => w.to_string(),
            }
        })
        .collect();
    Some(name.join(" "))
}

/// The name in a text of dash-separated parts, one of which says it is a (directorate) risk
/// register and another names whose it is; parts naming a period or an organisation as a whole
/// are not a directorate.
pub(super) fn named_beside_register(text: &str, directorate_word: bool) -> Option<String> {
    const REGISTER: &[&str] = &[
        "directorate",
        "service",
        "department",
        "departmental",
        "risk",
        "risks",
        "register",
        "registers",
        "log",
        "operational",
    ];
    const WHOLE: &[&str] = &[
        "council",
        "borough",
        "county",
        "city",
        "district",
        "university",
        "authority",
        "trust",
        "plc",
        "ltd",
        "limited",
        "corporate",
        "strategic",
        "government",
        "project",
        "programme",
    ];
    let parts: Vec<&str> = text
        .split([':', '|', '–', '—'])
        .flat_map(|p| p.split(" - "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let is_register = |p: &str| {
        let f = fold(p);
        let words: Vec<&str> = f.split(' ').collect();
        words.iter().all(|w| REGISTER.contains(w))
            && words.iter().any(|w| *w == "register" || *w == "risks")
            && (!directorate_word
                || words
                    .iter()
                    .any(|w| *w == "directorate" || *w == "department"))
    };
    if !parts.iter().any(|p| is_register(p)) {
        return None;
    }
    parts
        .iter()
        .find(|p| {
            let f = fold(p);
            !is_register(p)
                && !f.is_empty()
                && p.len() < 60
                && !f.chars().any(|c| c.is_ascii_digit())
                && !f.split(' ').any(|w| WHOLE.contains(&w))
        })
        .map(|p| p.to_string())
}

pub(super) fn service_from_sheet(name: &str, config: &Config) -> Option<String> {
    let f = fold(name);
    if f.is_empty() || config.match_directorate(name).is_some() || f.starts_with("sheet") {
        return None;
    }
    let generic = f
        .split(' ')
        .any(|w| GENERIC_SHEET_WORDS.contains(&w) || w.chars().all(|c| c.is_ascii_digit()));
    (!generic).then(|| name.trim().to_string())
}

pub(super) fn kind_from_sheet(name: &str) -> Option<crate::schema::MeasureKind> {
    use crate::schema::MeasureKind;
    let f = fold(name);
    let words: Vec<&str> = f.split(' ').collect();
    if words.iter().any(|w| *w == "kpi" || *w == "kpis") {
        Some(MeasureKind::Kpi)
    } else if words.iter().any(|w| *w == "pi" || *w == "pis") {
        Some(MeasureKind::Pi)
    } else if words
        .iter()
        .any(|w| w.starts_with("statistic") || *w == "contextual")
    {
        Some(MeasureKind::Statistic)
    } else {
        None
    }
}

/// The reporting period a title names ("Quarter 2 2024/25"), when it names a quarter or month.
pub(super) fn period_from_titles(
    titles: &[(u32, String)],
    fy_start: u32,
    fy: Option<i32>,
) -> Option<Period> {
    titles.iter().find_map(|(_, t)| {
        values::split_period(t, fy_start, fy)
            .map(|(p, _)| p)
            .filter(|p| {
                matches!(
                    p.kind,
                    PeriodKind::Quarter | PeriodKind::Month | PeriodKind::Half
                )
            })
    })
}
