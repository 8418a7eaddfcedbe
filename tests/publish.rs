//! The public web page (`goldthread publish`): the samples' consolidation published and read
//! back: pages, links between them, escaping, audiences, settings; the demo's home page
//! against its golden HTML (regenerate with `UPDATE_GOLDEN=1 cargo test --test publish`); and
//! every page opened in headless Chromium by `tests/browser/check.mjs` (axe-core, requests,
//! keyboard).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use goldthread::config::Config;
use goldthread::consolidate::{consolidate, Consolidation};
use goldthread::publish::{self, Audience, Settings};
use goldthread::{normalise_and_check, Options};

mod common;

fn config() -> Config {
    Config::load(Path::new("samples/goldthread.toml")).expect("samples config")
}

/// The samples consolidated for 2024-25 Q2, as the performance team would in mid-November 2024.
fn samples() -> Consolidation {
    let opts = Options {
        config: config(),
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 11, 15),
        ..Default::default()
    };
    let doc = normalise_and_check(&[PathBuf::from("samples")], &opts).expect("checks run");
    let period = goldthread::values::quarter(2024, 2, 4).expect("quarter");
    consolidate(doc, period, &opts.config, None)
}

/// HTML text with the escapes the templates write for `/` undone, for comparing.
fn unslashed(html: &str) -> String {
    html.replace("&#x2f;", "/")
}

/// The site's files by path within it.
fn site(c: &Consolidation, config: &Config, audience: Audience) -> BTreeMap<String, String> {
    let (settings, _) = Settings::new(config, audience, c).expect("settings");
    publish::build(c, &settings)
        .expect("site")
        .files
        .into_iter()
        .map(|(p, b)| (p, unslashed(&String::from_utf8_lossy(&b))))
        .collect()
}

/// Each `href="..."` and `src="..."` of a page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(rest[..rest.find('"').expect("closing quote")].to_string());
        }
    }
    out
}

/// Every page: no script, no address outside the site, and every link and image resolving
/// to a file of the site (and an id within it).
fn check_links(files: &BTreeMap<String, String>) {
    let mut checked = 0;
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        assert!(!text.contains("<script"), "{name} has a script");
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{name} names an address outside the site"
        );
        for r in references(text) {
            let (file, fragment) = r.split_once('#').unwrap_or((&r, ""));
            let target = if file.is_empty() { name.as_str() } else { file };
            let body = files
                .get(target)
                .unwrap_or_else(|| panic!("{name} links to {r}, which is not in the site"));
            if !fragment.is_empty() {
                assert!(
                    body.contains(&format!("id=\"{fragment}\"")),
                    "{name} links to {r}, which has no such id"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links");
}

#[test]
fn pages_link_to_each_other_and_to_nothing_outside() {
    let files = site(&samples(), &config(), Audience::Public);
    for page in [
        "index.html",
        "risks.html",
        "accessibility.html",
        "theme-helping-people.html",
        "theme-great-council.html",
        "style.css",
        "print.css",
        "data/index.csv",
        "data/index.json",
        "data/risks.csv",
        "data/theme-great-council.csv",
        "data/theme-great-council.json",
    ] {
        assert!(
            files.contains_key(page),
            "{page} missing: {:?}",
            files.keys()
        );
    }
    for audience in [Audience::Public, Audience::Internal] {
        check_links(&site(&samples(), &config(), audience));
    }
    for css in ["style.css", "print.css"] {
        assert!(!files[css].contains("url("), "{css} fetches something");
        assert!(!files[css].contains("@import"), "{css} imports something");
    }
    let home = &files["index.html"];
    assert!(home.contains("Eastmere Borough Council"));
    assert!(home.contains("2024-25 Q2"));
    // Public: the KPIs only, no owners.
    let theme = &files["theme-great-council.html"];
    assert!(theme.contains("Percentage of invoices paid within 30 days"));
    assert!(!theme.contains("Responsible officer"));
    assert!(!files
        .values()
        .any(|t| t.contains("Sickness absence - average days lost per FTE (ASC)")));
}

#[test]
fn text_from_a_return_is_text_on_the_page() {
    let mut c = samples();
    let attack = "<script>alert(1)</script>";
    let line = c
        .performance
        .iter_mut()
        .find(|l| l.measure_id == "RES01")
        .expect("RES01");
    line.title = Some(format!("Invoices {attack}"));
    line.commentary = Some(format!("Said {attack} & \"quoted\""));
    line.series[0].period = attack.into();
    let strategic = c
        .risks
        .iter_mut()
        .find(|r| r.escalated)
        .expect("a strategic risk");
    strategic.risk.title = Some(attack.into());
    strategic.risk.owner = Some(attack.into());
    let mut config = config();
    config.publish.council = Some(attack.into());
    for audience in [Audience::Public, Audience::Internal] {
        let files = site(&c, &config, audience);
        for (name, text) in &files {
            if name.ends_with(".html") {
                assert!(!text.contains("<script"), "{name} runs the text");
            }
        }
        let theme = &files["theme-great-council.html"];
        assert!(theme.contains("Invoices &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(
            theme.contains("Said &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;")
        );
        assert!(files["index.html"].contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        if audience == Audience::Internal {
            assert!(files["risks.html"].contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
    }
}

/// The samples with a delivery plan: actions of two themes and of none, in every state.
fn with_actions() -> Consolidation {
    use goldthread::schema::{Action, ActionStatus::*};
    let mut c = samples();
    let action = |id: &str, theme: Option<&str>, status, due: &str, done: f64| Action {
        id: id.into(),
        title: Some(format!("Action {id} <of the plan>")),
        theme: theme.map(String::from),
        directorate: Some("Place".into()),
        owner: Some(format!("Lead of {id}")),
        due: chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").ok(),
        status,
        percent_complete: Some(done),
        commentary: Some(format!("Update on {id}")),
        ..Default::default()
    };
    c.actions = vec![
        action(
            "HP1",
            Some("Helping People"),
            Some(Complete),
            "2024-09-30",
            100.0,
        ),
        action(
            "HP2",
            Some("Helping People"),
            Some(OnTrack),
            "2025-03-31",
            40.0,
        ),
        action(
            "HP3",
            Some("Helping People"),
            Some(Delayed),
            "2024-10-31",
            60.0,
        ),
        action(
            "HP4",
            Some("Helping People"),
            Some(AtRisk),
            "2025-02-28",
            25.0,
        ),
        action(
            "GC1",
            Some("Great Council"),
            Some(NotStarted),
            "2025-06-30",
            0.0,
        ),
        action(
            "GC2",
            Some("Great Council"),
            Some(OffTrack),
            "2024-11-01",
            10.0,
        ),
        action("X1", None, None, "2025-01-31", 50.0),
    ];
    c
}

#[test]
fn the_home_page_shows_delivery_plan_progress_and_theme_pages_list_actions() {
    let c = with_actions();
    let public = site(&c, &config(), Audience::Public);
    let home = &public["index.html"];
    assert!(home.contains("<h2 id=\"plan\">Delivery plan progress</h2>"));
    // The text summary: 7 actions, HP1 complete, HP2 on track, HP3, HP4 and GC2 needing
    // attention, GC1 not started, X1 with no status; HP3 and GC2 overdue on 15 November 2024.
    assert!(
        home.contains("7 actions: 1 complete, 1 on track, 3 needing attention (at risk, off track or delayed), 1 not started, 1 cancelled or with no status. 2 are overdue (due before 15 November 2024 and not complete)."),
        "{home}"
    );
    let row = |theme: &str| {
        let start = home
            .find(&format!(">{theme}</a></th>"))
            .unwrap_or_else(|| panic!("{theme}'s row"));
        let end = start + home[start..].find("</tr>").expect("row end");
        home[start..end].to_string()
    };
    // Actions, complete, on track, needing attention, not started, overdue.
    assert!(row("Helping People")
        .contains("<td>4</td><td>1</td><td>1</td><td>2</td><td>0</td><td>1</td>"));
    assert!(row("Great Council")
        .contains("<td>2</td><td>0</td><td>0</td><td>1</td><td>1</td><td>1</td>"));
    assert!(row("Helping People").contains("25% complete"));
    assert!(home.contains("Delivery plan: 4 actions: 1 complete"));
    // The theme page lists its actions: title, status, due, % complete; the public sees no
    // lead and no update.
    let theme = &public["theme-helping-people.html"];
    assert!(theme.contains("<h2 id=\"actions\">Delivery plan actions</h2>"));
    for id in ["HP1", "HP2", "HP3", "HP4"] {
        assert!(
            theme.contains(&format!("Action {id} &lt;of the plan&gt;")),
            "{id}"
        );
        assert!(!theme.contains(&format!("Lead of {id}")));
        assert!(!theme.contains(&format!("Update on {id}")));
    }
    assert!(!theme.contains("GC1"));
    assert!(theme.contains("31 October 2024 <strong class=\"overdue\">Overdue</strong>"));
    assert!(theme.contains(">Delayed</span>"));
    assert!(theme.contains("<td>60%</td>"));
    // Actions with no theme have a page of their own; a theme with actions and no measure
    // shown still has one.
    let internal = site(&c, &config(), Audience::Internal);
    let theme = &internal["theme-helping-people.html"];
    assert!(theme.contains("<th scope=\"col\">Lead</th>"));
    assert!(theme.contains("Lead of HP3") && theme.contains("Update on HP3"));
    let other = internal
        .iter()
        .find(|(n, t)| n.starts_with("theme-") && t.contains("Action X1"))
        .expect("a page for the actions with no theme");
    assert!(other.1.contains("Not stated"));
    for audience in [Audience::Public, Audience::Internal] {
        check_links(&site(&c, &config(), audience));
    }
    // No actions: no section.
    let mut without = samples();
    without.actions.clear();
    let plain = site(&without, &config(), Audience::Public);
    assert!(!plain["index.html"].contains("Delivery plan progress"));
    assert!(!plain["theme-helping-people.html"].contains("id=\"actions\""));
}

#[test]
fn the_internal_site_shows_everything_with_owners() {
    let c = samples();
    let public = site(&c, &config(), Audience::Public);
    let internal = site(&c, &config(), Audience::Internal);
    let count = |files: &BTreeMap<String, String>| {
        files
            .values()
            .map(|t| t.matches("<section class=\"measure\"").count())
            .sum::<usize>()
    };
    assert_eq!(count(&internal), c.performance.len());
    assert!(count(&public) < count(&internal));
    let owner = c
        .performance
        .iter()
        .find_map(|l| l.owner.clone())
        .expect("an owner");
    assert!(internal.values().any(|t| t.contains(&owner)));
    assert!(
        !public.values().any(|t| t.contains(&owner)),
        "{owner} on the public site"
    );
    assert!(internal["index.html"].contains("Internal: not for publication"));
    assert!(internal["risks.html"].contains("The strategic risk register"));
    assert!(!public["risks.html"].contains("The strategic risk register"));
    let risk_owner = c
        .risks
        .iter()
        .filter(|r| r.escalated)
        .find_map(|r| r.risk.owner.clone())
        .expect("a risk owner");
    assert!(internal["risks.html"].contains(&risk_owner));
    assert!(internal["data/risks-register.csv"].contains(&risk_owner));
    assert!(!public.contains_key("data/risks-register.csv"));
}

#[test]
fn publish_settings_choose_risks_measures_and_colour() {
    let c = samples();
    let mut config = config();
    config.publish.risks = "none".into();
    config.publish.colour = "#ffdd00".into();
    config.publish.measures = "all".into();
    config.publish.exclude = vec!["RES01".into()];
    let (_, notes) = Settings::new(&config, Audience::Public, &c).expect("settings");
    assert!(notes[0].contains("contrast"), "{notes:?}");
    let files = site(&c, &config, Audience::Public);
    assert!(!files.contains_key("risks.html"));
    assert!(!files.values().any(|t| t.contains("risks.html")));
    assert!(files["style.css"].contains(goldthread::config::DEFAULT_PUBLISH_COLOUR));
    assert!(!files
        .values()
        .any(|t| t.contains("Percentage of invoices paid within 30 days")));
    assert!(files
        .values()
        .any(|t| t.contains("Permanent admissions to residential")));

    config.publish.risks = "strategic".into();
    config.publish.colour = "#003366".into();
    let files = site(&c, &config, Audience::Public);
    assert!(files["risks.html"].contains("The strategic risk register"));
    assert!(files["style.css"].contains("#003366"));

    let dir = tempfile::tempdir().expect("tempdir");
    let logo = dir.path().join("crest.PNG");
    std::fs::write(&logo, b"\x89PNG\r\n\x1a\n").unwrap();
    config.publish.logo = Some(logo);
    config.publish.logo_alt = Some("Crest of <Eastmere>".into());
    let files = site(&c, &config, Audience::Public);
    assert!(files.contains_key("logo.png"));
    assert!(files["index.html"]
        .contains(r#"<img class="logo" src="logo.png" alt="Crest of &lt;Eastmere&gt;""#));

    config.publish.logo = Some("samples/goldthread.toml".into());
    assert!(Settings::new(&config, Audience::Public, &c)
        .unwrap_err()
        .to_string()
        .contains("not a PNG"));
    config.publish.logo = Some("samples/missing-logo.png".into());
    assert!(Settings::new(&config, Audience::Public, &c)
        .unwrap_err()
        .to_string()
        .contains("cannot be read"));
}

fn goldthread(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(args)
        .output()
        .expect("goldthread runs")
}

/// Runs goldthread and asserts it succeeded, showing its stderr when not.
fn goldthread_ok(args: &[&str]) {
    let out = goldthread(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The demo's site, written by `goldthread demo` into a temporary folder.
fn demo_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    goldthread_ok(&["demo", "--output", &dir.path().to_string_lossy()]);
    let site = dir.path().join("site");
    (dir, site)
}

#[test]
fn the_demo_home_page_matches_its_golden_html() {
    let (_dir, site) = demo_site();
    let actual = std::fs::read_to_string(site.join("index.html")).expect("home page");
    let golden = Path::new("tests/golden/site/index.html");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(golden, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_default();
    if let Some(difference) = common::first_difference(&expected, &actual) {
        panic!(
            "the demo's home page differs from {} at {difference}\n(regenerate with UPDATE_GOLDEN=1 after review)",
            golden.display()
        );
    }
}

/// The demo benchmarks its measures against the sample LG Inform table: each benchmarked
/// measure's page says where the council ranks among the similar councils, in words.
#[test]
fn theme_pages_say_how_a_benchmarked_measure_compares() {
    let (_dir, site) = demo_site();
    let mut said = Vec::new();
    for entry in std::fs::read_dir(&site).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("theme-") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        for part in html
            .split("<dt>Compared with similar councils</dt><dd>")
            .skip(1)
        {
            said.push(part.split("</dd>").next().unwrap().to_string());
        }
    }
    assert!(!said.is_empty(), "no theme page names a benchmark");
    for sentence in &said {
        assert!(
            sentence.starts_with("Ranked ")
                && sentence.contains(" of 8 in the group of similar councils in 2023-24 (the ")
                && sentence.contains("England "),
            "{sentence}"
        );
    }
}

#[test]
fn publish_reads_a_consolidation_json_or_the_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = dir.path().join("corporate.json");
    let xlsx = dir.path().join("corporate.xlsx");
    goldthread_ok(&[
        "consolidate",
        "samples",
        "--as-of",
        "2024-11-15",
        "--quiet",
        "--output",
        &xlsx.to_string_lossy(),
        "--json",
        &json.to_string_lossy(),
    ]);
    let from_json = dir.path().join("from-json");
    let from_returns = dir.path().join("from-returns");
    for (input, site, extra) in [
        (
            &json,
            &from_json,
            vec!["--config", "samples/goldthread.toml"],
        ),
        (
            &PathBuf::from("samples"),
            &from_returns,
            vec!["--as-of", "2024-11-15"],
        ),
    ] {
        let mut args = vec![
            "publish".to_string(),
            input.to_string_lossy().into_owned(),
            "--output".into(),
            site.to_string_lossy().into_owned(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        goldthread_ok(&refs);
    }
    let read = |d: &Path| std::fs::read_to_string(d.join("index.html")).expect("index.html");
    assert_eq!(read(&from_json), read(&from_returns));
    // Never over an input.
    goldthread_ok(&[
        "publish",
        &json.to_string_lossy(),
        "--output",
        &dir.path().join("data/..").to_string_lossy(),
        "--audience",
        "internal",
    ]);
    let bad = goldthread(&[
        "publish",
        "samples",
        "--output",
        "x",
        "--audience",
        "everyone",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Every page in headless Chromium: axe-core finds no WCAG 2.2 AA violation, nothing is
/// fetched from outside the site, Tab reaches every link. Needs /usr/bin/chromium (or
/// CHROMIUM) and `npm install` in tests/browser; without them the test is skipped with a
/// note, or fails when GOLDTHREAD_REQUIRE_TOOLS is set.
#[test]
fn every_page_passes_the_browser_checks() {
    let Some(chromium) = common::browser_tools() else {
        return;
    };
    let (_dir, site) = demo_site();
    // The internal site too: the strategic register and owners.
    let internal = site.with_file_name("internal");
    goldthread_ok(&[
        "publish",
        &site.with_file_name("corporate.json").to_string_lossy(),
        "--config",
        "samples/goldthread.toml",
        "--audience",
        "internal",
        "--output",
        &internal.to_string_lossy(),
    ]);
    // A delivery plan on the home and theme pages, for both audiences.
    let json = site.with_file_name("with-actions.json");
    std::fs::write(&json, serde_json::to_vec(&with_actions()).expect("json")).expect("written");
    let mut dirs = vec![site.clone(), internal.clone()];
    for audience in ["public", "internal"] {
        let dir = site.with_file_name(format!("plan-{audience}"));
        goldthread_ok(&[
            "publish",
            &json.to_string_lossy(),
            "--config",
            "samples/goldthread.toml",
            "--audience",
            audience,
            "--output",
            &dir.to_string_lossy(),
        ]);
        dirs.push(dir);
    }
    for dir in &dirs {
        common::run_browser_script(&chromium, "check.mjs", &[&dir.to_string_lossy()]);
    }
}
