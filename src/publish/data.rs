//! The data behind each page, as CSV and JSON downloads in `data/`.

use serde::Serialize;
use serde_json::{json, Value};

use super::view::{SiteView, ThemeView};
use super::Error;

fn csv(header: &[&str], rows: &[Vec<Value>]) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.iter().map(crate::export::csv_cell))?;
    }
    Ok(w.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?)
}

fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The home page: each theme's RAG and direction counts.
fn home(site: &SiteView) -> Result<Vec<u8>, Error> {
    let rows: Vec<Vec<Value>> = site
        .themes
        .iter()
        .map(|t| {
            let c = &t.counts;
            vec![
                json!(t.name),
                json!(c.measures),
                json!(c.red),
                json!(c.amber),
                json!(c.green),
                json!(c.none),
                json!(c.improving),
                json!(c.worsening),
                json!(c.no_change),
            ]
        })
        .collect();
    csv(
        &[
            "theme",
            "measures",
            "red",
            "amber",
            "green",
            "no_rag",
            "improving",
            "worsening",
            "no_change",
        ],
        &rows,
    )
}

/// A theme page: one row per value of each measure's series; the RAG, direction, target and
/// commentary on the row of the period the page reports.
fn theme(t: &ThemeView, internal: bool) -> Result<Vec<u8>, Error> {
    let mut header = vec![
        "reference",
        "title",
        "directorate",
        "theme",
        "unit",
        "polarity",
        "period",
        "actual",
        "target",
        "rag",
        "direction",
        "commentary",
    ];
    if internal {
        header.push("owner");
    }
    let mut rows = Vec::new();
    for m in &t.measures {
        for p in &m.series {
            let this = m.period.as_deref() == Some(p.period.as_str());
            let latest = |v: Value| if this { v } else { Value::Null };
            let mut row = vec![
                json!(m.reference),
                json!(m.title),
                json!(m.directorate),
                json!(m.theme),
                json!(m.unit),
                json!(m.polarity),
                json!(p.period),
                json!(p.actual),
                latest(json!(m.target)),
                latest(json!(m.rag.key)),
                latest(json!(m.direction)),
                latest(json!(m.commentary)),
            ];
            if internal {
                row.push(json!(m.owner));
            }
            rows.push(row);
        }
    }
    csv(&header, &rows)
}

/// Every download: `(path in the site, bytes)`.
///
/// # Errors
/// [`Error::Csv`] or [`Error::Json`] for data that cannot be encoded.
pub fn downloads(site: &SiteView) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let head = json!({
        "council": site.council,
        "period": site.period,
        "as_of": site.as_of,
    });
    let with = |key: &str, value: Value| {
        let mut doc = head.clone();
        doc[key] = value;
        json_bytes(&doc)
    };
    let mut out = vec![
        ("data/index.csv".to_string(), home(site)?),
        (
            "data/index.json".to_string(),
            with(
                "themes",
                json!(site
                    .themes
                    .iter()
                    .map(|t| match &t.plan {
                        Some(plan) => json!({"theme": t.name, "counts": t.counts, "plan": plan}),
                        None => json!({"theme": t.name, "counts": t.counts}),
                    })
                    .collect::<Vec<_>>()),
            )?,
        ),
    ];
    for t in &site.themes {
        out.push((format!("data/{}.csv", t.page), theme(t, site.internal)?));
        let mut value = serde_json::to_value(t)?;
        if let Some(measures) = value["measures"].as_array_mut() {
            for m in measures.iter_mut().filter_map(Value::as_object_mut) {
                m.remove("chart");
                m.remove("arrow");
                m.remove("chart_series");
            }
        }
        if let Some(plan) = value["plan"].as_object_mut() {
            plan.remove("bar");
        }
        out.push((format!("data/{}.json", t.page), with("theme", value)?));
    }
    if let Some(r) = &site.risks {
        let mut rows = Vec::new();
        for row in &r.by_theme {
            for (band, n) in r.bands.iter().zip(&row.counts) {
                rows.push(vec![json!(row.theme), json!(band), json!(n)]);
            }
        }
        out.push((
            "data/risks.csv".to_string(),
            csv(&["theme", "band", "open_risks"], &rows)?,
        ));
        if !r.register.is_empty() {
            let mut header = vec![
                "reference",
                "title",
                "theme",
                "directorate",
                "score",
                "band",
                "trend",
            ];
            if site.internal {
                header.push("owner");
            }
            let rows: Vec<Vec<Value>> = r
                .register
                .iter()
                .map(|x| {
                    let mut row = vec![
                        json!(x.reference),
                        json!(x.title),
                        json!(x.theme),
                        json!(x.directorate),
                        json!(x.score),
                        json!(x.band),
                        json!(x.trend),
                    ];
                    if site.internal {
                        row.push(json!(x.owner));
                    }
                    row
                })
                .collect();
            out.push(("data/risks-register.csv".to_string(), csv(&header, &rows)?));
        }
        out.push((
            "data/risks.json".to_string(),
            with("risks", serde_json::to_value(r)?)?,
        ));
    }
    Ok(out)
}
