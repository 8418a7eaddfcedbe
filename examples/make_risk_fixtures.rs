//! Writes the risk register fixtures that `tests/risk_layouts.rs` reads: one file per way real
//! registers are laid out beyond the council templates (other scales, word vocabularies, stated
//! scores and bands, FMEA headers, guidance rows, no ratings, the directorate in a title or the
//! file name). Run `cargo run --example make_risk_fixtures [OUT_DIR]` from the repository root
//! (default `tests/fixtures/risks/`).
//!
//! The content is invented, in the style of published registers. Every file is reproducible
//! byte for byte (fixed document properties, no clock).

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Color, Format, FormatAlign, Formula, Workbook, Worksheet};

type Res<T = ()> = Result<T, Box<dyn Error>>;

#[path = "common/workbook.rs"]
mod workbook_properties;
use workbook_properties::dated_workbook;

/// One cell of a fixture row.
#[derive(Clone)]
enum V {
    S(&'static str),
    N(f64),
    /// A formula with its saved value, or none saved.
    F(&'static str, Option<f64>),
}

use V::{F, N, S};

fn workbook(title: &str, author: &str) -> Res<Workbook> {
    Ok(dated_workbook(title, author, None, (2024, 11, 4, 10, 30))?)
}

fn bold() -> Format {
    Format::new().set_bold()
}

fn head() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xD9E1F2))
}

/// A title in the first row, the header in the third (formatted) and the rows under it.
fn titled_table(ws: &mut Worksheet, title: &str, header: &[V], data: &[Vec<V>]) -> Res {
    ws.write_string_with_format(0, 0, title, &bold())?;
    rows(ws, 2, &[header.to_vec()], Some(&head()))?;
    rows(ws, 3, data, None)
}

/// A workbook of one sheet holding one titled table, saved as `file`.
fn one_table(
    dir: &Path,
    file: &str,
    (title, author): (&str, &str),
    sheet: &str,
    heading: &str,
    header: &[V],
    data: &[Vec<V>],
) -> Res {
    let mut wb = workbook(title, author)?;
    let ws = wb.add_worksheet().set_name(sheet)?;
    titled_table(ws, heading, header, data)?;
    save(&mut wb, dir, file)
}

/// Writes rows from `first` (0-based), one cell per value.
fn rows(ws: &mut Worksheet, first: u32, rows: &[Vec<V>], fmt: Option<&Format>) -> Res {
    for (r, row) in rows.iter().enumerate() {
        let r = first + r as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match (v, fmt) {
                (S(t), Some(f)) => ws.write_string_with_format(r, c, *t, f).map(|_| ())?,
                (S(t), None) => ws.write_string(r, c, *t).map(|_| ())?,
                (N(n), _) => ws.write_number(r, c, *n).map(|_| ())?,
                (F(f, Some(v)), _) => ws
                    .write_formula(r, c, Formula::new(*f).set_result(v.to_string()))
                    .map(|_| ())?,
                (F(f, None), _) => ws.write_formula(r, c, Formula::new(*f)).map(|_| ())?,
            }
        }
    }
    Ok(())
}

fn save(wb: &mut Workbook, dir: &Path, name: &str) -> Res {
    wb.save(dir.join(name))?;
    Ok(())
}

/// "Likelihood (1-10)" and "Impact (1-10)" holding thirds after a rescale from 1-3, a stated
/// "Risk Index" (one disagreeing with L x I) and a stated "Risk Priority (low, med, high)".
fn rescaled_1_to_10(dir: &Path) -> Res {
    let mut wb = workbook("Harbourside Regeneration Programme Risk Register", "PMO")?;
    let ws = wb.add_worksheet().set_name("Risk Register")?;
    ws.write_string_with_format(
        0,
        0,
        "Harbourside Regeneration Programme – Risk Register",
        &bold(),
    )?;
    ws.write_string(
        1,
        0,
        "Ratings rescaled from the former 1-3 matrix to 1-10 (1 = 3.3333, 2 = 6.6667, 3 = 10).",
    )?;
    rows(
        ws,
        3,
        &[vec![
            S("Risk ID"),
            S("Risk Title"),
            S("Risk Owner"),
            S("Likelihood (1-10)"),
            S("Impact (1-10)"),
            S("Risk Index"),
            S("Risk Priority (low, med, high)"),
            S("Mitigation"),
        ]],
        Some(&head()),
    )?;
    rows(
        ws,
        4,
        &[
            vec![
                S("HR-01"),
                S("Marine contractor insolvency delays the quay wall"),
                S("Programme Director"),
                N(6.6667),
                N(10.0),
                N(66.667),
                S("high"),
                S("Parent company guarantee; monthly financial health checks."),
            ],
            vec![
                S("HR-02"),
                S("Ground contamination greater than surveyed"),
                S("Project Engineer"),
                N(3.3333),
                N(6.6667),
                N(22.222),
                S("med"),
                S("Further intrusive investigation before the main works contract."),
            ],
            vec![
                S("HR-03"),
                S("Planning conditions discharged late"),
                S("Planning Lead"),
                N(3.3333),
                N(3.3333),
                N(11.111),
                S("low"),
                S("Pre-application meetings booked each month."),
            ],
            vec![
                S("HR-04"),
                S("Utility diversions cost more than the budget allows"),
                S("Commercial Manager"),
                N(6.6667),
                N(6.6667),
                N(50.0),
                S("high"),
                S("Early engagement with statutory undertakers."),
            ],
        ],
        None,
    )?;
    save(&mut wb, dir, "rescaled_1_to_10.xlsx")
}

/// "Likelihood (1-4)" by its header; impact up to 6 by its values; a stated "Score".
fn scales_1_to_4_and_1_to_6(dir: &Path) -> Res {
    let mut wb = workbook("Fleet Services Risk Register", "Fleet Services")?;
    let ws = wb.add_worksheet().set_name("Risks")?;
    ws.write_string_with_format(0, 0, "Fleet Services – Operational Risks", &bold())?;
    rows(
        ws,
        2,
        &[vec![
            S("Ref"),
            S("Risk"),
            S("Owner"),
            S("Likelihood (1-4)"),
            S("Impact"),
            S("Score"),
        ]],
        Some(&head()),
    )?;
    let data = [
        (
            "FS1",
            "Vehicle parts shortages ground the gritting fleet",
            "Fleet Manager",
            4.0,
            6.0,
        ),
        (
            "FS2",
            "Operator licence conditions breached",
            "Transport Compliance Officer",
            2.0,
            3.0,
        ),
        ("FS3", "Depot fuel tank leak", "Depot Supervisor", 1.0, 2.0),
        (
            "FS4",
            "Driver shortage over winter",
            "Fleet Manager",
            3.0,
            6.0,
        ),
        (
            "FS5",
            "Electric vehicle charging capacity not ready",
            "Head of Fleet",
            2.0,
            5.0,
        ),
    ];
    for (i, (id, title, owner, l, imp)) in data.iter().enumerate() {
        rows(
            ws,
            3 + i as u32,
            &[vec![S(id), S(title), S(owner), N(*l), N(*imp), N(l * imp)]],
            None,
        )?;
    }
    save(&mut wb, dir, "scales_1_to_4_and_1_to_6.xlsx")
}

/// A CSV export with word ratings on Very Low..Very High, ids under "Ticket", owners under
/// "Ownership", and a "Spread" column on the same words that is no rating.
fn word_ratings_very_low_to_very_high(dir: &Path) -> Res {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_path(dir.join("word_ratings_very_low_to_very_high.csv"))?;
    w.write_record([
        "Risk",
        "Likelihood",
        "Severity",
        "Spread",
        "Mitigations",
        "Ownership",
        "Tags",
        "Ticket",
    ])?;
    let data = [
        [
            "Open data portal publishes personal data by mistake. Datasets are uploaded by many teams with no second check, so a file holding names could be published.",
            "Low",
            "Very High",
            "High",
            "- Two-person check before publishing\n- Automated scan for personal data",
            "Data Protection Officer",
            "Governance, Privacy",
            "#41",
        ],
        [
            "Volunteers lose interest once the pilot ends.",
            "Medium",
            "Medium",
            "Low",
            "Keep a monthly newsletter going.",
            "",
            "Community",
            "#44",
        ],
        [
            "Hosting costs rise faster than the grant.",
            "High",
            "Medium",
            "Medium",
            "",
            "Finance Business Partner",
            "Financial",
            "#47",
        ],
        [
            "Trial entry for the new form",
            "Very Low",
            "Very Low",
            "Very Low",
            "",
            "",
            "",
            "#52",
        ],
        [
            "Supplier stops supporting the booking system",
            "Unknown",
            "High",
            "High",
            "Exit plan in the contract.",
            "ICT Contracts",
            "Technology",
            "#55",
        ],
    ];
    for row in data {
        w.write_record(row)?;
    }
    w.flush()?;
    Ok(())
}

/// A 3 x 3 register in words: Unlikely / Possible / Likely with Minor / Serious / Major.
fn word_ratings_three_by_three(dir: &Path) -> Res {
    one_table(
        dir,
        "word_ratings_unlikely_possible_likely.xlsx",
        ("Site Security Risk Assessment", "Estates"),
        "Assessment",
        "Site Security Risk Assessment",
        &[
            S("No."),
            S("Threat"),
            S("Probability"),
            S("Consequence"),
            S("Assigned To"),
        ],
        &[
            vec![
                S("T1"),
                S("Tailgating through the staff entrance"),
                S("Likely"),
                S("Serious"),
                S("Facilities Manager"),
            ],
            vec![
                S("T2"),
                S("Theft of laptops from the open office"),
                S("Possible"),
                S("Minor"),
                S("IT Security Lead"),
            ],
            vec![
                S("T3"),
                S("Vehicle attack on the public square"),
                S("Unlikely"),
                S("Major"),
                S("Head of Estates"),
            ],
            vec![
                S("T4"),
                S("Unescorted contractors in the plant room"),
                S("Likely"),
                S("Major"),
                S("Facilities Manager"),
            ],
            vec![
                S("T5"),
                S("Lost access passes not cancelled"),
                S("Unlikely"),
                S("Minor"),
                S("HR Systems Officer"),
            ],
        ],
    )
}

/// Numbered words ("3 - Possible / Occasional") with impacts on Insignificant..Catastrophic;
/// and a second sheet on Remote..Highly probable with Low / Medium / High impacts.
fn word_ratings_numbered_and_named(dir: &Path) -> Res {
    let mut wb = workbook(
        "Capital Programme Risk Register",
        "Capital Programme Office",
    )?;
    let ws = wb.add_worksheet().set_name("Capital Programme")?;
    titled_table(
        ws,
        "Capital Programme Risk Register 2024/25",
        &[
            S("Risk Number"),
            S("Risk Description"),
            S("Likelihood"),
            S("Impact"),
            S("Responsible Officer"),
        ],
        &[
            vec![
                S("CP01"),
                S("Tender prices exceed the cost plan on the leisure centre"),
                S("4 - Likely / Frequent"),
                S("Major"),
                S("Capital Programme Manager"),
            ],
            vec![
                S("CP02"),
                S("Bats found in the depot roof delay demolition"),
                S("3 - Possible / Occasional"),
                S("Moderate"),
                S("Ecology Officer"),
            ],
            vec![
                S("CP03"),
                S("Grant funding clawed back for missed milestones"),
                S("2 - Unlikely / Remote"),
                S("Catastrophic"),
                S("Head of Finance"),
            ],
            vec![
                S("CP04"),
                S("Highways closure permits refused"),
                S("1 - Rare / Improbable"),
                S("Insignificant"),
                S("Streetworks Coordinator"),
            ],
        ],
    )?;
    let ws = wb.add_worksheet().set_name("Housing Programme")?;
    titled_table(
        ws,
        "Housing Delivery Programme Risks",
        &[
            S("Risk Ref"),
            S("Risk"),
            S("Likelihood"),
            S("Impact"),
            S("Risk Owner"),
        ],
        &[
            vec![
                S("HD1"),
                S("Registered provider partner withdraws"),
                S("Probable"),
                S("High"),
                S("Housing Delivery Manager"),
            ],
            vec![
                S("HD2"),
                S("Nutrient neutrality rules stall permissions"),
                S("Highly Probable"),
                S("Medium"),
                S("Planning Policy Lead"),
            ],
            vec![
                S("HD3"),
                S("Modular supplier capacity"),
                S("Remote"),
                S("Low"),
                S("Housing Delivery Manager"),
            ],
        ],
    )?;
    save(&mut wb, dir, "word_ratings_numbered_and_named.xlsx")
}

/// A stated score that disagrees with L x I, a stated Red / Amber / Green band, and the
/// header repeated as on a printed page.
fn stated_score_and_rag(dir: &Path) -> Res {
    one_table(
        dir,
        "stated_score_disagrees_and_rag_band.xlsx",
        (
            "Revenues and Benefits Risk Register",
            "Revenues and Benefits",
        ),
        "Register",
        "Revenues and Benefits Service Risk Register",
        &[
            S("Ref"),
            S("Risk"),
            S("Owner"),
            S("L"),
            S("I"),
            S("Score"),
            S("RAG"),
        ],
        &[
            vec![
                S("RB1"),
                S("Council tax billing system upgrade fails"),
                S("Revenues Manager"),
                N(5.0),
                N(4.0),
                N(20.0),
                S("Red"),
            ],
            vec![
                S("RB2"),
                S("Backlog of housing benefit claims"),
                S("Benefits Manager"),
                N(3.0),
                N(3.0),
                N(9.0),
                S("Amber"),
            ],
            // The header again, as printed at the top of the next page.
            vec![
                S("Ref"),
                S("Risk"),
                S("Owner"),
                S("L"),
                S("I"),
                S("Score"),
                S("RAG"),
            ],
            vec![
                S("RB3"),
                S("Recovery agents breach the code of practice"),
                S("Revenues Manager"),
                N(1.0),
                N(2.0),
                N(2.0),
                S("Green"),
            ],
            vec![
                S("RB4"),
                S("Subsidy audit qualification"),
                S("Head of Service"),
                N(4.0),
                N(4.0),
                N(12.0),
                S("Amber"),
            ],
        ],
    )
}

/// A column headed "Impact" holding the consequence in prose, before the rating columns.
fn impact_column_holds_consequence_text(dir: &Path) -> Res {
    let mut wb = workbook("Leisure Services Risk Register", "Leisure Services")?;
    let ws = wb.add_worksheet().set_name("Risk Register")?;
    titled_table(ws, "Leisure Services – Risk Register", &[S("Risk No."),
            S("Risk"),
            S("Impact"),
            S("Likelihood"),
            S("Severity"),
            S("Score"),
            S("Owner")], &[
            vec![S("LS1"), S("Pool plant failure"), S("Closure of the main pool for several weeks, loss of income and complaints from swimming clubs."), N(3.0), N(4.0), N(12.0), S("Leisure Facilities Manager")],
            vec![S("LS2"), S("Operator contract ends without a successor"), S("Centres close at short notice; staff transfer disputes and reputational damage for the council."), N(2.0), N(5.0), N(10.0), S("Head of Leisure")],
            vec![S("LS3"), S("Energy prices rise again"), S("The management fee no longer covers utility costs and the operator seeks a subsidy."), N(4.0), N(3.0), N(12.0), S("Contract Monitoring Officer")],
        ])?;
    save(&mut wb, dir, "impact_column_holds_consequence_text.xlsx")
}

/// An FMEA-style register: a three-row merged header (process groups, then baseline and
/// residual groups, then SEV / FRQ / RPN), section rows (one with the RPN formulas' zeros),
/// and an RPN formula whose saved value is missing on one row.
fn fmea_three_row_header(dir: &Path) -> Res {
    let mut wb = workbook(
        "Grid Battery Demonstration FMEA Risk Register",
        "Project Office",
    )?;
    let ws = wb.add_worksheet().set_name("Risk Register")?;
    let h = head();
    ws.write_string_with_format(
        0,
        0,
        "Grid Battery Storage Demonstration – Project Risk Register (FMEA)",
        &bold(),
    )?;
    ws.merge_range(2, 0, 2, 2, "Risk Identification", &h)?;
    ws.merge_range(2, 3, 2, 5, "Risk Analysis", &h)?;
    ws.write_string_with_format(2, 6, "Risk Response", &h)?;
    ws.merge_range(2, 7, 2, 10, "Risk Monitoring", &h)?;
    ws.merge_range(3, 0, 4, 0, "ID", &h)?;
    ws.merge_range(3, 1, 4, 1, "Risk Event", &h)?;
    ws.merge_range(3, 2, 4, 2, "Risk Owner", &h)?;
    ws.merge_range(3, 3, 3, 5, "Baseline Risk (before response)", &h)?;
    ws.merge_range(3, 6, 4, 6, "Response Actions", &h)?;
    ws.merge_range(3, 7, 3, 9, "Residual Risk (after response)", &h)?;
    ws.merge_range(3, 10, 4, 10, "Status", &h)?;
    for (c, t) in [
        (3, "SEV"),
        (4, "FRQ"),
        (5, "RPN"),
        (7, "SEV"),
        (8, "FRQ"),
        (9, "RPN"),
    ] {
        ws.write_string_with_format(4, c, t, &h)?;
    }
    ws.write_string_with_format(5, 0, "Budget Period 1", &bold())?;
    rows(
        ws,
        6,
        &[
            vec![
                S("1.1"),
                S("Inverter delivery slips past commissioning window"),
                S("Procurement Lead"),
                N(4.0),
                N(3.0),
                F("=D7*E7", Some(12.0)),
                S("Order early with liquidated damages"),
                N(3.0),
                N(2.0),
                F("=H7*I7", Some(6.0)),
                S("Open"),
            ],
            vec![
                S("1.2"),
                S("Interconnection study requires network upgrades"),
                S("Principal Investigator"),
                N(5.0),
                N(3.0),
                F("=D8*E8", None),
                S("Engage the utility on study scope"),
                N(4.0),
                N(2.0),
                F("=H8*I8", Some(8.0)),
                S("Open"),
            ],
        ],
        None,
    )?;
    ws.write_string_with_format(8, 0, "Budget Period 2", &bold())?;
    // The RPN formulas run down the whole column, section rows too (their value is 0).
    ws.write_formula(8, 5, Formula::new("=D9*E9").set_result("0"))?;
    ws.write_formula(8, 9, Formula::new("=H9*I9").set_result("0"))?;
    rows(
        ws,
        9,
        &[
            vec![
                S("2.1"),
                S("Battery cell supplier exits the market"),
                S("Technical Lead"),
                N(5.0),
                N(2.0),
                F("=D10*E10", Some(10.0)),
                S("Qualify a second supplier"),
                N(5.0),
                N(1.0),
                F("=H10*I10", Some(5.0)),
                S("Open"),
            ],
            vec![
                S("2.2"),
                S("Fire code review adds suppression requirements"),
                S("Site Engineer"),
                N(3.0),
                N(4.0),
                F("=D11*E11", Some(12.0)),
                S("Design to the stricter code now"),
                N(2.0),
                N(2.0),
                F("=H11*I11", Some(4.0)),
                S("Closed"),
            ],
        ],
        None,
    )?;
    save(&mut wb, dir, "fmea_three_row_header.xlsx")?;
    // The RPN formula on row 8 keeps no saved value, as when a file is written by a tool that
    // does not calculate.
    drop_saved_value(
        &dir.join("fmea_three_row_header.xlsx"),
        "<f>D8*E8</f><v>0</v>",
        "<f>D8*E8</f>",
    )
}

/// Rewrites a saved workbook with one piece of its first sheet's XML replaced, keeping every
/// other entry as it was, with fixed timestamps.
fn drop_saved_value(path: &Path, from: &str, to: &str) -> Res {
    use std::io::{Read, Write};
    let bytes = fs::read(path)?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data)?;
            if !text.contains(from) {
                return Err(format!("{} holds no '{from}'", path.display()).into());
            }
            data = text.replace(from, to).into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    fs::write(path, out.finish()?.into_inner())?;
    Ok(())
}

/// A group-header row over the field names over a row of guidance text, and the template's
/// numbered rows left blank below the risks.
fn guidance_row_under_header(dir: &Path) -> Res {
    let mut wb = workbook("Security Risk Assessment Template", "Security Team")?;
    let ws = wb.add_worksheet().set_name("Risk Assessment")?;
    let h = head();
    ws.write_string_with_format(0, 0, "Information Security Risk Assessment", &bold())?;
    ws.write_string(
        1,
        0,
        "Complete one row per risk. Delete the example guidance when done.",
    )?;
    ws.merge_range(3, 0, 3, 2, "Risk ID and Description", &h)?;
    ws.merge_range(3, 3, 3, 5, "Inherent Risk", &h)?;
    ws.merge_range(3, 6, 3, 8, "Residual Risk", &h)?;
    ws.merge_range(3, 9, 3, 10, "Ownership and Treatment", &h)?;
    rows(
        ws,
        4,
        &[vec![
            S("Risk ID"),
            S("Risk Title"),
            S("Risk Description"),
            S("Likelihood"),
            S("Impact"),
            S("Score"),
            S("Likelihood"),
            S("Impact"),
            S("Score"),
            S("Risk Owner"),
            S("Treatment Actions"),
        ]],
        Some(&h),
    )?;
    rows(
        ws,
        5,
        &[vec![
            S("Unique reference, e.g. SR01"),
            S("Short name for the risk"),
            S("Describe the risk: cause, event and consequence"),
            S("1-5"),
            S("1-5"),
            S("Likelihood x Impact"),
            S("1-5"),
            S("1-5"),
            S("Likelihood x Impact"),
            S("Name of officer"),
            S("List the actions planned"),
        ]],
        None,
    )?;
    rows(
        ws,
        6,
        &[
            vec![
                S("SR01"),
                S("Phishing compromise"),
                S("Staff open a malicious link, credentials are stolen and mailboxes accessed."),
                N(4.0),
                N(4.0),
                N(16.0),
                N(3.0),
                N(4.0),
                N(12.0),
                S("Chief Information Security Officer"),
                S("Phishing simulation; MFA everywhere"),
            ],
            vec![
                S("SR02"),
                S("Unpatched servers"),
                S("Legacy servers miss patches, a known flaw is exploited."),
                N(3.0),
                N(5.0),
                N(15.0),
                N(2.0),
                N(5.0),
                N(10.0),
                S("Infrastructure Manager"),
                S("Monthly patch window"),
            ],
            vec![
                S("SR03"),
                S("Lost removable media"),
                S("A USB stick with case files is lost in transit."),
                N(2.0),
                N(3.0),
                N(6.0),
                N(1.0),
                N(3.0),
                N(3.0),
                S("Information Governance Lead"),
                S("Block USB storage"),
            ],
        ],
        None,
    )?;
    // The template's numbered rows left blank: scores are formulas showing 0.
    for (i, id) in ["SR04", "SR05", "SR06"].iter().enumerate() {
        let r = 9 + i as u32;
        ws.write_string(r, 0, *id)?;
        ws.write_formula(
            r,
            5,
            Formula::new(format!("=D{0}*E{0}", r + 1)).set_result("0"),
        )?;
        ws.write_formula(
            r,
            8,
            Formula::new(format!("=G{0}*H{0}", r + 1)).set_result("0"),
        )?;
    }
    save(&mut wb, dir, "guidance_row_under_header.xlsx")
}

/// A register with no ratings and no ids.
fn no_ratings_no_ids(dir: &Path) -> Res {
    one_table(
        dir,
        "no_ratings_no_ids.xlsx",
        ("Events Risk Log", "Events Team"),
        "Risk Log",
        "Summer Festival 2025 – Risk Log",
        &[
            S("Risk"),
            S("What could happen"),
            S("Controls in place"),
            S("Lead"),
            S("Status"),
        ],
        &[
            vec![
                S("Severe weather on the main day"),
                S("Stages closed, crowd moves to the marquees at once"),
                S("Met Office alerts; wind speed trigger plan"),
                S("Events Manager"),
                S("Open"),
            ],
            vec![
                S("Crowd crush at the park gate"),
                S("Injuries at the single entrance"),
                S("Second gate; stewards briefed"),
                S("Safety Advisory Group Chair"),
                S("Open"),
            ],
            vec![
                S("Food vendor hygiene"),
                S("Illness among visitors"),
                S("Vendors need a food hygiene rating of 4 or more"),
                S("Environmental Health Officer"),
                S("Open"),
            ],
            vec![
                S("Sponsor withdraws"),
                S("Budget gap of £20k"),
                S("Contract signed in April"),
                S("Events Manager"),
                S("Closed"),
            ],
        ],
    )
}

/// The directorate named only in a title row; owners under "Risk Lead", themes under
/// "Corporate Priority"; the key of the likelihood scale under the register.
fn directorate_in_title_row(dir: &Path) -> Res {
    let mut wb = workbook("Directorate Risk Register", "Corporate Performance")?;
    let ws = wb.add_worksheet().set_name("DRR")?;
    titled_table(
        ws,
        "Directorate Risk Register – Communities and Neighbourhoods – Q2 2024/25",
        &[
            S("Risk Ref"),
            S("Risk Description"),
            S("Risk Lead"),
            S("Corporate Priority"),
            S("Current Likelihood"),
            S("Current Impact"),
            S("Current Score"),
            S("Target Score"),
        ],
        &[
            vec![
                S("CN01"),
                S("Community centre leases expire without renewal"),
                S("Head of Communities"),
                S("Thriving Neighbourhoods"),
                N(3.0),
                N(3.0),
                N(9.0),
                N(4.0),
            ],
            vec![
                S("CN02"),
                S("Anti-social behaviour rises in the town centre"),
                S("Community Safety Manager"),
                S("Safe and Strong Communities"),
                N(4.0),
                N(4.0),
                N(16.0),
                N(8.0),
            ],
            vec![
                S("CN03"),
                S("Household Support Fund ends"),
                S("Financial Inclusion Lead"),
                S("Thriving Neighbourhoods"),
                N(5.0),
                N(3.0),
                N(15.0),
                N(9.0),
            ],
        ],
    )?;
    // The key of the likelihood scale under the register holds no risks.
    rows(
        ws,
        8,
        &[vec![S("Score"), S("Likelihood"), S("Description")]],
        Some(&head()),
    )?;
    for (i, (word, text)) in [
        ("Rare", "May occur only in exceptional circumstances"),
        ("Unlikely", "Could occur at some time"),
        ("Possible", "Might occur at some time"),
        ("Likely", "Will probably occur in most circumstances"),
        ("Almost certain", "Expected to occur in most circumstances"),
    ]
    .iter()
    .enumerate()
    {
        rows(
            ws,
            9 + i as u32,
            &[vec![N(i as f64 + 1.0), S(word), S(text)]],
            None,
        )?;
    }
    save(&mut wb, dir, "directorate_in_title_row.xlsx")
}

/// The directorate named only in the file name; owners under "Assigned To", themes under
/// "Linked County Plan Ambition", the score under "Rating".
fn directorate_in_file_name(dir: &Path) -> Res {
    let mut wb = workbook("Risk Register", "Growth and Regeneration")?;
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    rows(
        ws,
        0,
        &[vec![
            S("Ref"),
            S("Risk"),
            S("Assigned To"),
            S("Linked County Plan Ambition"),
            S("Likelihood"),
            S("Impact"),
            S("Rating"),
        ]],
        Some(&head()),
    )?;
    rows(
        ws,
        1,
        &[
            vec![
                S("GR-1"),
                S("Town deal projects miss the spending deadline"),
                S("Regeneration Manager"),
                S("A prosperous county"),
                N(3.0),
                N(5.0),
                N(15.0),
            ],
            vec![
                S("GR-2"),
                S("Business rates pool underperforms"),
                S("Economic Development Lead"),
                S("A prosperous county"),
                N(2.0),
                N(3.0),
                N(6.0),
            ],
            vec![
                S("GR-3"),
                S("Key employment site fails to let"),
                S("Estates Manager"),
                S("Great places to live"),
                N(2.0),
                N(2.0),
                N(4.0),
            ],
        ],
        None,
    )?;
    save(&mut wb, dir, "Growth and Regeneration - Risk Register.xlsx")
}

/// Ratings in words of the register's own, read by the key on its "Scoring Key" sheet: a
/// 4 x 4 matrix.
fn words_from_a_scoring_key_sheet(dir: &Path) -> Res {
    let mut wb = workbook("Parks and Open Spaces Risk Register", "Parks Service")?;
    let ws = wb.add_worksheet().set_name("Register")?;
    titled_table(
        ws,
        "Parks and Open Spaces – Risk Register",
        &[
            S("Risk Ref"),
            S("Risk"),
            S("How often"),
            S("How bad"),
            S("Owner"),
        ],
        &[
            vec![
                S("PK1"),
                S("Tree failure onto a footpath"),
                S("Now and then"),
                S("Grave"),
                S("Arboricultural Officer"),
            ],
            vec![
                S("PK2"),
                S("Play equipment inspection missed"),
                S("Hardly ever"),
                S("Substantial"),
                S("Parks Manager"),
            ],
            vec![
                S("PK3"),
                S("Fly-tipping in the country park"),
                S("Nearly always"),
                S("Slight"),
                S("Ranger Team Leader"),
            ],
        ],
    )?;
    // Named headers for the parts the words are for.
    let ws = wb.add_worksheet().set_name("Scoring Key")?;
    ws.write_string_with_format(0, 0, "Likelihood", &bold())?;
    for (i, w) in ["Hardly ever", "Now and then", "Often", "Nearly always"]
        .iter()
        .enumerate()
    {
        rows(ws, 1 + i as u32, &[vec![N(i as f64 + 1.0), S(w)]], None)?;
    }
    ws.write_string_with_format(6, 0, "Impact", &bold())?;
    for (i, w) in ["Slight", "Noticeable", "Substantial", "Grave"]
        .iter()
        .enumerate()
    {
        rows(ws, 7 + i as u32, &[vec![N(i as f64 + 1.0), S(w)]], None)?;
    }
    save(&mut wb, dir, "words_from_a_scoring_key_sheet.xlsx")
}

/// Writes every fixture into `dir`.
pub fn write_fixtures(dir: &Path) -> Res {
    fs::create_dir_all(dir)?;
    rescaled_1_to_10(dir)?;
    scales_1_to_4_and_1_to_6(dir)?;
    word_ratings_very_low_to_very_high(dir)?;
    word_ratings_three_by_three(dir)?;
    word_ratings_numbered_and_named(dir)?;
    stated_score_and_rag(dir)?;
    impact_column_holds_consequence_text(dir)?;
    fmea_three_row_header(dir)?;
    guidance_row_under_header(dir)?;
    no_ratings_no_ids(dir)?;
    directorate_in_title_row(dir)?;
    directorate_in_file_name(dir)?;
    words_from_a_scoring_key_sheet(dir)?;
    Ok(())
}

fn main() -> Res {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/fixtures/risks"));
    write_fixtures(&dir)?;
    println!("wrote the risk register fixtures to {}", dir.display());
    Ok(())
}
