//! Writes the delivery-plan fixtures of `tests/fixtures/actions/`: one tracker for each way
//! councils keep their delivery plans (a county's Council Plan Delivery Plan with priority
//! section rows and merged group headers; a borough's corporate projects with BRAG shown only
//! as cell fills and % complete as 0.xx; a district's Critical Outcomes and Key Activities with
//! a title block and a column of updates per quarter; a CSV export with status words and dates
//! as text). The councils and their content are invented; the shapes are those of real files.
//! Run `cargo run --example make_action_fixtures [OUT_DIR]`; every file is reproducible byte
//! for byte. `tests/action_layouts.rs` reads each one back.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};

type Res<T = ()> = Result<T, Box<dyn Error>>;

#[path = "common/workbook.rs"]
mod workbook_properties;
use workbook_properties::dated_workbook;

fn workbook(title: &str, author: &str) -> Res<Workbook> {
    Ok(dated_workbook(title, author, None, (2024, 10, 21, 9, 0))?)
}

fn date(y: u16, m: u8, d: u8) -> Res<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(y, m, d)?)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2))
}

/// One action of the county's plan: ref, action, lead, start, target date, status, % complete
/// (a plain number), RAG word, update, linked KPIs.
type CountyAction = (
    &'static str,
    &'static str,
    &'static str,
    (u16, u8, u8),
    (u16, u8, u8),
    &'static str,
    f64,
    &'static str,
    &'static str,
    &'static str,
);

/// The county's Council Plan Delivery Plan: two title rows, "Action" / "Timescales" /
/// "Progress" merged over their columns, and a "Priority n: ..." row above each priority's
/// actions.
fn county_delivery_plan(dir: &Path) -> Res {
    let mut wb = workbook("Council Plan Delivery Plan", "Northshire County Council")?;
    let ws = wb.add_worksheet().set_name("Delivery Plan")?;
    let h = header_format();
    let section = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xFCE4D6));
    let dated = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string_with_format(0, 0, "Northshire County Council", &Format::new().set_bold())?;
    ws.write_string(
        1,
        0,
        "Council Plan Delivery Plan 2024/25 - Quarter 2 update",
    )?;
    ws.merge_range(3, 0, 3, 2, "Action", &h)?;
    ws.merge_range(3, 3, 3, 4, "Timescales", &h)?;
    ws.merge_range(3, 5, 3, 8, "Progress", &h)?;
    ws.merge_range(3, 9, 4, 9, "Linked KPIs", &h)?;
    for (c, text) in [
        "Ref",
        "Key Action",
        "Lead Officer",
        "Start Date",
        "Target Date",
        "Status",
        "% Complete",
        "RAG",
        "Progress Update",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(4, c as u16, *text, &h)?;
    }
    let priorities: [(&str, Vec<CountyAction>); 2] = [
        (
            "Priority 1: Thriving communities",
            vec![
                (
                    "TC1.1",
                    "Open four community hubs in market towns",
                    "Head of Libraries",
                    (2024, 4, 1),
                    (2025, 3, 31),
                    "Green - on track",
                    50.0,
                    "Green",
                    "Two hubs open; two on site.",
                    "KPI 12",
                ),
                (
                    "TC1.2",
                    "Refresh the voluntary sector grants scheme",
                    "Head of Communities",
                    (2024, 4, 1),
                    (2024, 9, 30),
                    "Complete",
                    100.0,
                    "Green",
                    "New scheme launched in September.",
                    "",
                ),
                (
                    "TC1.3",
                    "Agree a county-wide cultural strategy",
                    "",
                    (2024, 6, 1),
                    (2024, 10, 31),
                    "Amber - some slippage",
                    60.0,
                    "Amber",
                    "Consultation closed late; Cabinet in December.",
                    "KPI 14, KPI 15",
                ),
            ],
        ),
        (
            "Priority 2: A greener county",
            vec![
                (
                    "GC2.1",
                    "Install 200 public electric vehicle chargers",
                    "Head of Transport",
                    (2024, 4, 1),
                    (2025, 3, 31),
                    "Red - significantly off track",
                    15.0,
                    "Green",
                    "Grid connection delays at most sites.",
                    "KPI 21",
                ),
                (
                    "GC2.2",
                    "Plant 50,000 trees",
                    "Countryside Manager",
                    (2024, 11, 1),
                    (2025, 3, 31),
                    "Not due to start",
                    0.0,
                    "",
                    "",
                    "",
                ),
            ],
        ),
    ];
    let mut row = 5u32;
    for (label, actions) in priorities {
        ws.merge_range(row, 0, row, 9, label, &section)?;
        row += 1;
        for (id, title, lead, start, due, status, pct, rag, update, kpis) in actions {
            ws.write_string(row, 0, id)?;
            ws.write_string(row, 1, title)?;
            if !lead.is_empty() {
                ws.write_string(row, 2, lead)?;
            }
            ws.write_datetime_with_format(row, 3, &date(start.0, start.1, start.2)?, &dated)?;
            ws.write_datetime_with_format(row, 4, &date(due.0, due.1, due.2)?, &dated)?;
            ws.write_string(row, 5, status)?;
            ws.write_number(row, 6, pct)?;
            for (c, text) in [(7, rag), (8, update), (9, kpis)] {
                if !text.is_empty() {
                    ws.write_string(row, c, text)?;
                }
            }
            row += 1;
        }
    }
    ws.write_string(
        row + 1,
        0,
        "RAG: Green on track, Amber some slippage, Red off track.",
    )?;
    ws.set_column_width(1, 44)?;
    ws.set_column_width(8, 40)?;
    wb.save(dir.join("county_council_plan_delivery_plan.xlsx"))?;
    Ok(())
}

/// The borough's corporate projects: BRAG only as the cell's fill (blue complete), % complete
/// as 0.xx in percent-formatted cells.
fn borough_corporate_projects(dir: &Path) -> Res {
    let mut wb = workbook("Corporate Projects", "Eastmere Borough Council")?;
    let ws = wb.add_worksheet().set_name("Corporate Projects")?;
    let h = header_format();
    let pct = Format::new().set_num_format("0%");
    let dated = Format::new().set_num_format("dd-mmm-yy");
    ws.write_string_with_format(
        0,
        0,
        "Eastmere Borough Council - Corporate Projects Tracker, September 2024",
        &Format::new().set_bold().set_font_size(14),
    )?;
    for (c, text) in [
        "Project ID",
        "Project",
        "Corporate Priority",
        "Project Manager",
        "Start",
        "Planned Completion",
        "BRAG",
        "% Complete",
        "Status",
        "Comments",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *text, &h)?;
    }
    let blue = 0x00B0F0;
    let green = 0x00B050;
    let amber = 0xFFC000;
    let red = 0xFF0000;
    let projects = [
        (
            "CP-01",
            "Town centre regeneration phase 1",
            "Shaping Places",
            "A Okafor",
            (2023, 4, 1),
            (2025, 6, 30),
            green,
            0.45,
            "On target",
            "Demolition complete; contractor appointed.",
        ),
        (
            "CP-02",
            "New leisure centre",
            "Helping People",
            "R Hughes",
            (2023, 9, 1),
            (2024, 8, 31),
            blue,
            1.0,
            "Completed",
            "Opened to the public on 19 August.",
        ),
        (
            "CP-03",
            "Customer portal replacement",
            "Great Council",
            "S Begum",
            (2024, 1, 8),
            (2024, 9, 30),
            amber,
            0.8,
            "Slippage",
            "Go-live moved to November after testing.",
        ),
        (
            "CP-04",
            "Housing allocations policy review",
            "Helping People",
            "T Wright",
            (2024, 4, 1),
            (2024, 7, 31),
            green,
            0.6,
            "Behind schedule",
            "Awaiting legal advice.",
        ),
        (
            "CP-05",
            "Depot relocation",
            "Shaping Places",
            "A Okafor",
            (2024, 6, 1),
            (2025, 12, 31),
            red,
            0.1,
            "On hold",
            "Site purchase paused pending valuation.",
        ),
        (
            "CP-03",
            "Customer portal - data migration",
            "Great Council",
            "S Begum",
            (2024, 5, 1),
            (2024, 12, 20),
            green,
            0.3,
            "On target",
            "Migration scripts written.",
        ),
    ];
    for (i, (id, title, priority, manager, start, end, colour, done, status, comment)) in
        projects.iter().enumerate()
    {
        let row = 3 + i as u32;
        ws.write_string(row, 0, *id)?;
        ws.write_string(row, 1, *title)?;
        ws.write_string(row, 2, *priority)?;
        ws.write_string(row, 3, *manager)?;
        ws.write_datetime_with_format(row, 4, &date(start.0, start.1, start.2)?, &dated)?;
        ws.write_datetime_with_format(row, 5, &date(end.0, end.1, end.2)?, &dated)?;
        ws.write_blank(
            row,
            6,
            &Format::new().set_background_color(Color::RGB(*colour)),
        )?;
        ws.write_number_with_format(row, 7, *done, &pct)?;
        ws.write_string(row, 8, *status)?;
        ws.write_string(row, 9, *comment)?;
    }
    ws.set_column_width(1, 36)?;
    ws.set_column_width(9, 44)?;
    wb.save(dir.join("borough_corporate_projects.xlsx"))?;
    Ok(())
}

/// The district's Critical Outcomes and Key Activities: a title block naming the quarter, the
/// outcome in a column of its own, due dates as months, quarters or "Ongoing", and an update
/// column for each quarter (the later ones still empty).
fn district_critical_outcomes(dir: &Path) -> Res {
    let mut wb = workbook(
        "Critical Outcomes and Key Activities",
        "Southmoor District Council",
    )?;
    let ws = wb.add_worksheet().set_name("COKA 2024-25")?;
    let h = header_format();
    let title = Format::new().set_bold().set_font_size(14);
    ws.write_string_with_format(0, 0, "Southmoor District Council", &title)?;
    ws.write_string_with_format(1, 0, "Critical Outcomes and Key Activities 2024/25", &title)?;
    ws.write_string(2, 0, "Quarter 2 2024/25 update")?;
    ws.write_string(3, 0, "Owner: Corporate Management Team")?;
    for (c, text) in [
        "Critical Outcome",
        "Ref",
        "Key Activity",
        "Responsible Officer",
        "Deadline",
        "Progress Status",
        "Q1 Update",
        "Q2 Update",
        "Q3 Update",
        "Q4 Update",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(5, c as u16, *text, &h)?;
    }
    let rows = [
        (
            "A thriving local economy",
            "KA01",
            "Adopt the Local Plan",
            "Planning Policy Manager",
            "Mar 2025",
            "On track",
            "Examination hearings held.",
            "Inspector's letter received; main modifications out to consultation.",
        ),
        (
            "A thriving local economy",
            "KA02",
            "Deliver the high street grants round",
            "Economic Development Officer",
            "Q2 2024/25",
            "Achieved",
            "Applications assessed.",
            "All 14 grants paid.",
        ),
        (
            "A thriving local economy",
            "KA03",
            "Business rates relief review",
            "Revenues Manager",
            "Q1 2024/25",
            "Some slippage",
            "Scope agreed.",
            "",
        ),
        (
            "Clean and green places",
            "KA04",
            "Roll out food waste collections",
            "Waste Services Manager",
            "Ongoing",
            "On track",
            "Vehicles ordered.",
            "Caddies delivered to 60% of homes.",
        ),
        (
            "Clean and green places",
            "KA05",
            "Retender the grounds maintenance contract",
            "Contracts Manager",
            "Sep 2024",
            "Deferred",
            "Market engagement held.",
            "Deferred to 2025/26 to align with the new waste contract.",
        ),
        (
            "Clean and green places",
            "KA06",
            "Solar canopy at the civic centre car park",
            "Estates Manager",
            "Dec 2024",
            "Withdrawn",
            "Feasibility study commissioned.",
            "Withdrawn: payback period too long.",
        ),
        (
            "Clean and green places",
            "KA07",
            "Community litter picks in every ward",
            "Neighbourhoods Officer",
            "Mar 2025",
            "Purple",
            "",
            "Twelve picks held.",
        ),
    ];
    for (i, (outcome, id, activity, officer, deadline, status, q1, q2)) in rows.iter().enumerate() {
        let row = 6 + i as u32;
        for (c, text) in [outcome, id, activity, officer, deadline, status, q1, q2]
            .iter()
            .enumerate()
        {
            if !text.is_empty() {
                ws.write_string(row, c as u16, **text)?;
            }
        }
    }
    ws.set_column_width(2, 40)?;
    ws.set_column_width(6, 36)?;
    ws.set_column_width(7, 36)?;
    wb.save(dir.join("district_critical_outcomes.xlsx"))?;
    Ok(())
}

/// A service improvement plan whose % complete is typed as plain numbers in points (25, 60,
/// 100), with one action just begun at 1: that 1 is 1%, not a whole share of one.
fn service_improvement_plan(dir: &Path) -> Res {
    let mut wb = workbook("Service Improvement Plan", "Westbury City Council")?;
    let ws = wb.add_worksheet().set_name("SIP 2024-25")?;
    let h = header_format();
    let dated = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string_with_format(
        0,
        0,
        "Revenues and Benefits - Service Improvement Plan 2024/25",
        &Format::new().set_bold().set_font_size(14),
    )?;
    for (c, text) in [
        "Ref",
        "Improvement Action",
        "Lead Officer",
        "Target Date",
        "Status",
        "% Complete",
        "Progress Update",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *text, &h)?;
    }
    let actions = [
        (
            "SIP-01",
            "Move council tax direct debits online",
            "Revenues Manager",
            (2025, 3, 31),
            "On track",
            25.0,
            "Supplier chosen.",
        ),
        (
            "SIP-02",
            "Review single person discounts",
            "Revenues Team Leader",
            (2025, 3, 31),
            "On track",
            1.0,
            "Data match requested.",
        ),
        (
            "SIP-03",
            "Clear the benefits backlog",
            "Benefits Manager",
            (2024, 9, 30),
            "Complete",
            100.0,
            "Backlog cleared in August.",
        ),
        (
            "SIP-04",
            "New customer contact scripts",
            "Customer Services Lead",
            (2024, 12, 31),
            "At risk",
            60.0,
            "Training delayed by vacancies.",
        ),
        (
            "SIP-05",
            "Automate housing benefit notices",
            "Systems Officer",
            (2025, 6, 30),
            "Not started",
            0.0,
            "",
        ),
    ];
    for (i, (id, action, lead, (y, m, d), status, pct, update)) in actions.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 0, *id)?;
        ws.write_string(row, 1, *action)?;
        ws.write_string(row, 2, *lead)?;
        ws.write_datetime_with_format(row, 3, date(*y, *m, *d)?, &dated)?;
        ws.write_string(row, 4, *status)?;
        ws.write_number(row, 5, *pct)?;
        if !update.is_empty() {
            ws.write_string(row, 6, *update)?;
        }
    }
    ws.set_column_width(1, 40)?;
    ws.set_column_width(6, 36)?;
    wb.save(dir.join("service_improvement_plan.xlsx"))?;
    Ok(())
}

/// One CSV line, quoting what needs it.
fn line(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| {
            if f.contains(',') || f.contains('"') || f.contains('\n') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// An export of a performance system's action module: status words, dates and percentages as
/// text, linked measures and risks in one cell each.
fn actions_export_csv(dir: &Path) -> Res {
    let mut out = vec![line(&[
        "Action No.",
        "Action",
        "Theme",
        "Lead",
        "Start Date",
        "Due Date",
        "Status",
        "Percentage Complete",
        "Update",
        "Linked Measures",
        "Linked Risks",
    ])];
    for row in [
        [
            "PL-A01",
            "Resurface 40 km of rural roads",
            "Shaping Places",
            "Highways Manager",
            "01/04/2024",
            "31-Mar-2025",
            "On track",
            "55%",
            "22 km done by September.",
            "PL01; PL02",
            "PL-R03",
        ],
        [
            "PL-A02",
            "Publish the parking strategy",
            "Shaping Places",
            "Parking Manager",
            "01/05/2024",
            "31/08/2024",
            "Delayed",
            "70%",
            "Draft with members for comment.",
            "",
            "",
        ],
        [
            "PL-A03",
            "Bus shelter upgrades",
            "Shaping Places",
            "Transport Officer",
            "01/06/2024",
            "30/09/2024",
            "Done",
            "90%",
            "All 25 shelters replaced.",
            "PL04",
            "",
        ],
        [
            "PL-A04",
            "Flood defence scheme at Millbrook",
            "Shaping Places",
            "Flood Risk Officer",
            "",
            "",
            "Not yet started",
            "0%",
            "",
            "",
            "PL-R01, PL-R02",
        ],
        [
            "PL-A05",
            "Street lighting LED conversion",
            "Shaping Places",
            "Street Lighting Engineer",
            "01/04/2023",
            "31/03/2024",
            "Cancelled",
            "n/a",
            "Replaced by the regional scheme.",
            "",
            "",
        ],
    ] {
        out.push(line(&row));
    }
    fs::write(
        dir.join("place_actions_export.csv"),
        out.join("\r\n") + "\r\n",
    )?;
    Ok(())
}

/// Writes every fixture into `dir`.
pub fn write_fixtures(dir: &Path) -> Res {
    fs::create_dir_all(dir)?;
    county_delivery_plan(dir)?;
    borough_corporate_projects(dir)?;
    district_critical_outcomes(dir)?;
    actions_export_csv(dir)?;
    service_improvement_plan(dir)?;
    Ok(())
}

fn main() -> Res {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/fixtures/actions"));
    write_fixtures(&dir)?;
    println!("wrote the delivery-plan fixtures to {}", dir.display());
    Ok(())
}
