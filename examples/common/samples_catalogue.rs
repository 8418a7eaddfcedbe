//! Sample: Eastmere's measures catalogue, the golden thread written down. One row for every
//! measure the sample returns report, taken from the same structures that write them, with the
//! theme and priority of the Corporate Plan it serves, and one measure no return reports.

use std::path::Path;

use super::{
    add_sheet, adults_performance_sections, childrens_measures, new_workbook, place_measures,
    resources_export_pis, resources_monthly_sections, save, set_widths, write_header, write_titles,
    Pol, Res, Styles,
};

const HEADERS: [&str; 10] = [
    "Ref",
    "Measure",
    "Theme",
    "Priority",
    "Type",
    "Polarity",
    "Target 2024/25",
    "Directorate",
    "Responsible Officer",
    "Corporate",
];

const HELPING: &str = "Helping People";
const SHAPING: &str = "Shaping Places";
const GREAT: &str = "Great Council";

/// One measure of the catalogue.
struct Entry {
    id: &'static str,
    title: &'static str,
    theme: &'static str,
    kind: &'static str,
    polarity: Option<Pol>,
    target: Option<f64>,
    directorate: &'static str,
    officer: String,
}

/// The Corporate Plan priority a measure of a theme serves, by directorate.
fn priority(theme: &str, directorate: &str) -> &'static str {
    match (theme, directorate) {
        (HELPING, "Adults and Health") => "Ageing well",
        (HELPING, "Children's Services") => "Children are safe",
        (HELPING, "Place") => "Homes people can afford",
        (HELPING, _) => "Support when it is needed",
        (SHAPING, _) => "Clean, green neighbourhoods",
        _ => "A well-run council",
    }
}

/// The theme of a measure whose return states none, or states it only by section.
fn theme_of(id: &str) -> &'static str {
    match id {
        "CS09" | "CS11" | "PL06" | "PL10" => GREAT,
        "PL04" | "RES09" => HELPING,
        _ if id.starts_with("CS") => HELPING,
        _ if id.starts_with("PL") => SHAPING,
        _ => GREAT,
    }
}

/// Every measure the samples report, once each, in the order of the returns.
fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    for (theme, measures) in adults_performance_sections() {
        for m in measures {
            out.push(Entry {
                id: m.id,
                title: m.title,
                theme,
                kind: "KPI",
                polarity: Some(m.polarity),
                target: Some(m.target),
                directorate: "Adults and Health",
                officer: "Head of Adult Social Care".into(),
            });
        }
    }
    for m in childrens_measures() {
        out.push(Entry {
            id: m.id,
            title: m.title,
            theme: theme_of(m.id),
            kind: m.kind,
            polarity: m.polarity,
            target: m.target,
            directorate: "Children's Services",
            officer: m.lead.into(),
        });
    }
    for (sheet, measures) in place_measures() {
        for m in measures {
            out.push(Entry {
                id: m.id,
                title: m.title,
                theme: theme_of(m.id),
                kind: if sheet == "KPIs" { "KPI" } else { "PI" },
                polarity: Some(m.polarity),
                target: m.observations.first().map(|o| o.target),
                directorate: "Place",
                officer: format!("Head of {}", m.service),
            });
        }
    }
    let export = resources_export_pis();
    for (section, measures) in resources_monthly_sections() {
        for m in measures {
            let pi = export.iter().find(|pi| pi.code == m.id);
            out.push(Entry {
                id: m.id,
                title: m.title,
                theme: pi.map_or_else(|| theme_of(m.id), |pi| pi.theme),
                kind: "KPI",
                polarity: Some(m.polarity),
                target: Some(m.target),
                directorate: "Resources",
                officer: pi.map_or_else(|| format!("Head of {section}"), |pi| pi.owner.into()),
            });
        }
    }
    for pi in export {
        if out.iter().any(|e| e.id == pi.code) {
            continue;
        }
        out.push(Entry {
            id: pi.code,
            title: pi.name,
            theme: pi.theme,
            kind: "PI",
            polarity: Some(pi.polarity),
            target: Some(pi.target),
            directorate: "Resources",
            officer: pi.owner.into(),
        });
    }
    // In the Corporate Plan, and in no return yet: `catalogue-measure-not-reported`.
    out.push(Entry {
        id: "PL11",
        title: "Number of affordable homes delivered",
        theme: SHAPING,
        kind: "KPI",
        polarity: Some(Pol::High),
        target: Some(60.0),
        directorate: "Place",
        officer: "Head of Housing Delivery".into(),
    });
    out
}

/// Writes the catalogue workbook: a title, a header row, one row per measure.
pub fn write(path: &Path, st: &Styles) -> Res {
    let mut workbook = new_workbook("Eastmere Corporate Plan measures catalogue 2024/25")?;
    let sheet = add_sheet(&mut workbook, "Catalogue")?;
    set_widths(
        sheet,
        &[8.0, 60.0, 16.0, 28.0, 8.0, 16.0, 12.0, 20.0, 32.0, 10.0],
    )?;
    let header_row = write_titles(
        sheet,
        0,
        &[(
            "Eastmere Borough Council: Corporate Plan measures 2024/25",
            &st.title,
        )],
    )? + 1;
    write_header(sheet, header_row, &HEADERS, &st.header)?;
    for (n, e) in entries().iter().enumerate() {
        let row = header_row + 1 + n as u32;
        let polarity = match e.polarity {
            Some(Pol::High) => "Higher is better",
            Some(Pol::Low) => "Lower is better",
            None => "",
        };
        let corporate = if e.kind == "KPI" { "Yes" } else { "No" };
        let texts = [
            e.id,
            e.title,
            e.theme,
            priority(e.theme, e.directorate),
            e.kind,
            polarity,
        ];
        for (col, text) in texts.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(row, col as u16, *text)?;
            }
        }
        if let Some(target) = e.target {
            sheet.write_number(row, 6, target)?;
        }
        sheet.write_string(row, 7, e.directorate)?;
        sheet.write_string(row, 8, &e.officer)?;
        sheet.write_string(row, 9, corporate)?;
    }
    save(&mut workbook, path)
}
