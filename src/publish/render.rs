//! The pages, from the templates in `templates/site/` (HTML-escaped by default).

use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use super::view::SiteView;
use super::{Error, Settings};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/site/base.html")),
    (
        "macros.html",
        include_str!("../../templates/site/macros.html"),
    ),
    (
        "index.html",
        include_str!("../../templates/site/index.html"),
    ),
    (
        "theme.html",
        include_str!("../../templates/site/theme.html"),
    ),
    (
        "risks.html",
        include_str!("../../templates/site/risks.html"),
    ),
    (
        "accessibility.html",
        include_str!("../../templates/site/accessibility.html"),
    ),
    ("style.css", include_str!("../../templates/site/style.css")),
    ("print.css", include_str!("../../templates/site/print.css")),
];

/// A link in the site's navigation.
#[derive(Serialize)]
struct NavItem {
    href: String,
    label: String,
    current: bool,
}

fn environment() -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    // Escaping by file name: .html escaped, .css not (its only value is a checked colour).
    env.set_auto_escape_callback(minijinja::default_auto_escape_callback);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|source| Error::Template {
                name: name.to_string(),
                source,
            })?;
    }
    Ok(env)
}

/// Every page and stylesheet: `(path in the site, bytes)`.
///
/// # Errors
/// [`Error::Template`], [`Error::Page`] or [`Error::Stylesheet`] for a template that does not
/// render.
pub fn pages(site: &SiteView, s: &Settings) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let env = environment()?;
    let mut pages: Vec<(String, String, &str, Value)> = vec![(
        "index".into(),
        "Home".into(),
        "index.html",
        Value::UNDEFINED,
    )];
    for t in &site.themes {
        pages.push((
            t.page.clone(),
            t.name.clone(),
            "theme.html",
            Value::from(Serde(t)),
        ));
    }
    if site.risks.is_some() {
        pages.push((
            "risks".into(),
            "Risk at a glance".into(),
            "risks.html",
            Value::UNDEFINED,
        ));
    }
    pages.push((
        "accessibility".into(),
        "Accessibility".into(),
        "accessibility.html",
        Value::UNDEFINED,
    ));
    let logo = s.logo.as_ref().map(|(name, _)| name.clone());
    let mut out = Vec::new();
    for (page, _, template, theme) in &pages {
        let nav: Vec<NavItem> = pages
            .iter()
            .map(|(p, label, ..)| NavItem {
                href: format!("{p}.html"),
                label: label.clone(),
                current: p == page,
            })
            .collect();
        let has_data = *template != "accessibility.html";
        let html = env
            .get_template(template)
            .and_then(|t| {
                t.render(context! {
                    site => Value::from(Serde(site)),
                    theme => theme.clone(),
                    page => page,
                    nav => Value::from(Serde(&nav)),
                    logo => &logo,
                    logo_alt => &s.logo_alt,
                    data => has_data,
                })
            })
            .map_err(|source| Error::Page {
                page: page.clone(),
                source,
            })?;
        out.push((format!("{page}.html"), with_newline(html)));
    }
    for css in ["style.css", "print.css"] {
        let text = env
            .get_template(css)
            .and_then(|t| t.render(context! { colour => &s.colour }))
            .map_err(|source| Error::Stylesheet {
                name: css.to_string(),
                source,
            })?;
        out.push((css.to_string(), with_newline(text)));
    }
    Ok(out)
}

/// The text with the final newline the template engine drops.
fn with_newline(mut text: String) -> Vec<u8> {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.into_bytes()
}
