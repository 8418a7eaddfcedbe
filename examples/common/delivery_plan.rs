//! The Eastmere corporate delivery plan sample: the Council Plan's actions for 2024/25 at
//! Quarter 2, under the council's three themes, each with its directorate, lead, dates,
//! status in the words services use, % complete, a RAG word and the quarter's update.
//!
//! Planted for the checks (as of mid-November 2024): four actions overdue and not complete
//! (HP-03, HP-06, SP-04, GC-03), two whose RAG disagrees with their status (SP-02 green but
//! behind schedule, GC-04 red but on track), one complete below 100% (HP-04), one without a
//! lead (SP-05) and one without a quarter's update (GC-05).

use std::path::Path;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// One action: ref, action, directorate, lead, start, due, status, % complete, RAG, update,
/// linked measures, linked risks.
struct PlanAction {
    id: &'static str,
    title: &'static str,
    directorate: &'static str,
    lead: &'static str,
    start: (u16, u8, u8),
    due: (u16, u8, u8),
    status: &'static str,
    percent: f64,
    rag: &'static str,
    update: &'static str,
    measures: &'static str,
    risks: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn a(
    id: &'static str,
    title: &'static str,
    directorate: &'static str,
    lead: &'static str,
    start: (u16, u8, u8),
    due: (u16, u8, u8),
    status: &'static str,
    percent: f64,
    rag: &'static str,
    update: &'static str,
    measures: &'static str,
    risks: &'static str,
) -> PlanAction {
    PlanAction {
        id,
        title,
        directorate,
        lead,
        start,
        due,
        status,
        percent,
        rag,
        update,
        measures,
        risks,
    }
}

const AH: &str = "Adults and Health";
const CS: &str = "Children's Services";
const PL: &str = "Place";
const RES: &str = "Resources";

fn themes() -> Vec<(&'static str, Vec<PlanAction>)> {
    vec![
        (
            "Helping People",
            vec![
                a(
                    "HP-01",
                    "Open the Riverside extra care scheme (60 flats)",
                    AH,
                    "Head of Commissioning",
                    (2024, 4, 1),
                    (2025, 3, 31),
                    "Green - on track",
                    0.55,
                    "Green",
                    "Building handed over in October; lettings under way.",
                    "ASC03",
                    "AH-R02",
                ),
                a(
                    "HP-02",
                    "Roll out the new reablement service across the borough",
                    AH,
                    "Reablement Service Manager",
                    (2024, 4, 1),
                    (2025, 1, 31),
                    "On track",
                    0.6,
                    "Green",
                    "Two of three localities live.",
                    "ASC01, ASC02",
                    "",
                ),
                a(
                    "HP-03",
                    "Recommission home care framework",
                    AH,
                    "Head of Commissioning",
                    (2024, 5, 1),
                    (2024, 10, 31),
                    "Some slippage",
                    0.8,
                    "Amber",
                    "Tender evaluation took longer than planned; award in December.",
                    "ASC05",
                    "AH-R01",
                ),
                a(
                    "HP-04",
                    "Carers' strategy refresh",
                    AH,
                    "Carers Lead",
                    (2024, 4, 1),
                    (2024, 9, 30),
                    "Completed",
                    0.9,
                    "Green",
                    "Strategy approved by Cabinet in September.",
                    "",
                    "",
                ),
                a(
                    "HP-05",
                    "Family hubs in every locality",
                    CS,
                    "Head of Early Help",
                    (2024, 4, 1),
                    (2025, 3, 31),
                    "On track",
                    0.5,
                    "Green",
                    "Four of six hubs open.",
                    "CS02",
                    "",
                ),
                a(
                    "HP-06",
                    "Reduce the backlog of EHC needs assessments",
                    CS,
                    "SEND Service Manager",
                    (2024, 4, 1),
                    (2024, 9, 30),
                    "Behind schedule",
                    0.4,
                    "Red",
                    "Educational psychologist vacancies; agency cover from November.",
                    "CS04",
                    "CS-R03",
                ),
                a(
                    "HP-07",
                    "Foster carer recruitment campaign",
                    CS,
                    "Fostering Manager",
                    (2024, 9, 1),
                    (2025, 3, 31),
                    "Not yet started",
                    0.0,
                    "",
                    "Campaign launches in January.",
                    "CS06",
                    "",
                ),
            ],
        ),
        (
            "Shaping Places",
            vec![
                a(
                    "SP-01",
                    "Resurface 40 km of local roads",
                    PL,
                    "Highways Manager",
                    (2024, 4, 1),
                    (2025, 3, 31),
                    "On track",
                    0.55,
                    "Green",
                    "22 km done by the end of September.",
                    "PL01",
                    "",
                ),
                a(
                    "SP-02",
                    "Town centre regeneration: phase 1 demolition",
                    PL,
                    "Regeneration Manager",
                    (2024, 4, 1),
                    (2025, 6, 30),
                    "Behind schedule",
                    0.3,
                    "Green",
                    "Asbestos found; survey and removal add three months.",
                    "",
                    "PL-R02",
                ),
                a(
                    "SP-03",
                    "Adopt the Local Plan",
                    PL,
                    "Planning Policy Manager",
                    (2023, 4, 1),
                    (2025, 3, 31),
                    "On track",
                    0.75,
                    "Green",
                    "Main modifications out to consultation.",
                    "",
                    "",
                ),
                a(
                    "SP-04",
                    "Publish the parking strategy",
                    PL,
                    "Parking Manager",
                    (2024, 5, 1),
                    (2024, 8, 31),
                    "Delayed",
                    0.7,
                    "Amber",
                    "Draft with members; Cabinet in January.",
                    "",
                    "",
                ),
                a(
                    "SP-05",
                    "Food waste collections for every home",
                    PL,
                    "",
                    (2024, 6, 1),
                    (2025, 3, 31),
                    "On track",
                    0.35,
                    "Green",
                    "Caddies delivered to 40% of homes.",
                    "PL04",
                    "",
                ),
                a(
                    "SP-06",
                    "Plant 5,000 street trees",
                    PL,
                    "Parks Manager",
                    (2024, 11, 1),
                    (2025, 3, 31),
                    "Not due to start",
                    0.0,
                    "",
                    "Planting season starts in November.",
                    "",
                    "",
                ),
            ],
        ),
        (
            "Great Council",
            vec![
                a(
                    "GC-01",
                    "Replace the customer portal",
                    RES,
                    "Head of Digital",
                    (2024, 1, 8),
                    (2025, 2, 28),
                    "On target",
                    0.65,
                    "Green",
                    "Testing complete; go-live in February.",
                    "RES01",
                    "RES-R02",
                ),
                a(
                    "GC-02",
                    "Agree the 2025/26 budget and medium term financial strategy",
                    RES,
                    "Chief Finance Officer",
                    (2024, 6, 1),
                    (2025, 2, 28),
                    "On track",
                    0.45,
                    "Green",
                    "Savings proposals out to consultation.",
                    "RES05",
                    "RES-R01",
                ),
                a(
                    "GC-03",
                    "Workforce strategy and apprenticeship levy plan",
                    RES,
                    "Head of HR",
                    (2024, 4, 1),
                    (2024, 9, 30),
                    "Slippage",
                    0.85,
                    "Amber",
                    "Consultation with unions extended to November.",
                    "RES08",
                    "",
                ),
                a(
                    "GC-04",
                    "Move the data centre to the cloud",
                    RES,
                    "Head of Digital",
                    (2024, 4, 1),
                    (2025, 3, 31),
                    "On track",
                    0.5,
                    "Red",
                    "Migration of the finance system completed.",
                    "",
                    "RES-R02",
                ),
                a(
                    "GC-05",
                    "Close the old civic offices",
                    RES,
                    "Estates Manager",
                    (2024, 4, 1),
                    (2025, 3, 31),
                    "At risk",
                    0.2,
                    "Amber",
                    "",
                    "",
                    "",
                ),
                a(
                    "GC-06",
                    "Print and post review",
                    RES,
                    "Head of Customer Services",
                    (2024, 4, 1),
                    (2024, 7, 31),
                    "Complete",
                    1.0,
                    "Green",
                    "New contract started in July.",
                    "",
                    "",
                ),
                a(
                    "GC-07",
                    "Members' allowances scheme review",
                    RES,
                    "Democratic Services Manager",
                    (2024, 4, 1),
                    (2024, 6, 30),
                    "Cancelled",
                    0.0,
                    "",
                    "Withdrawn: the independent panel reviews it next year.",
                    "",
                    "",
                ),
            ],
        ),
    ]
}

fn date((y, m, d): (u16, u8, u8)) -> Res<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(y, m, d)?)
}

/// Writes `corporate_delivery_plan.xlsx` into the workbook given (its properties already set):
/// title rows, "Action" and "Progress" merged over their columns, a theme row above each
/// theme's actions, % complete as 0.xx formatted as a percentage, RAG words on their colours.
pub fn write(mut wb: Workbook, path: &Path) -> Res {
    let ws = wb.add_worksheet().set_name("Delivery Plan")?;
    let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let head = border
        .clone()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F4E78));
    let section = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2));
    let dated = border.clone().set_num_format("dd/mm/yyyy");
    let pct = border.clone().set_num_format("0%");
    ws.write_string_with_format(
        0,
        0,
        "Eastmere Borough Council",
        &Format::new().set_bold().set_font_size(14),
    )?;
    ws.write_string(1, 0, "Council Plan Delivery Plan - Quarter 2 2024/25")?;
    ws.merge_range(3, 0, 3, 3, "Action", &head)?;
    ws.merge_range(3, 4, 3, 5, "Timescales", &head)?;
    ws.merge_range(3, 6, 3, 9, "Progress", &head)?;
    ws.merge_range(3, 10, 3, 11, "Golden thread", &head)?;
    let subs = [
        "Ref",
        "Action",
        "Directorate",
        "Lead Officer",
        "Start Date",
        "Due Date",
        "Status",
        "% Complete",
        "RAG",
        "Q2 Update",
        "Linked Measures",
        "Linked Risks",
    ];
    for (c, text) in subs.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *text, &head)?;
    }
    let rag_fill = |word: &str| match word {
        "Red" => Some(0xFFC7CE),
        "Amber" => Some(0xFFEB9C),
        "Green" => Some(0xC6EFCE),
        _ => None,
    };
    let mut row = 5u32;
    for (theme, actions) in themes() {
        ws.merge_range(row, 0, row, subs.len() as u16 - 1, theme, &section)?;
        row += 1;
        for x in actions {
            let texts = [x.id, x.title, x.directorate, x.lead];
            for (c, t) in texts.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, *t, &border)?;
            }
            ws.write_datetime_with_format(row, 4, &date(x.start)?, &dated)?;
            ws.write_datetime_with_format(row, 5, &date(x.due)?, &dated)?;
            ws.write_string_with_format(row, 6, x.status, &border)?;
            ws.write_number_with_format(row, 7, x.percent, &pct)?;
            let rag = match rag_fill(x.rag) {
                Some(fill) => border.clone().set_background_color(Color::RGB(fill)),
                None => border.clone(),
            };
            ws.write_string_with_format(row, 8, x.rag, &rag)?;
            for (c, t) in [(9, x.update), (10, x.measures), (11, x.risks)] {
                ws.write_string_with_format(row, c, t, &border)?;
            }
            row += 1;
        }
    }
    for (c, w) in [
        9.0, 44.0, 18.0, 24.0, 11.0, 11.0, 16.0, 10.0, 8.0, 48.0, 14.0, 12.0,
    ]
    .iter()
    .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(5, 2)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    wb.save(path)?;
    Ok(())
}
