//! The public web page, "performance and risk at a glance": a static site drawn from a
//! consolidation. Pages come from the templates in `templates/site/` (built into the binary,
//! every value HTML-escaped), charts are SVG drawn here, and nothing on a page asks for a file
//! outside the site: no script, web font, CDN or tracker.

pub mod chart;
pub mod colour;
mod data;
pub mod plan;
mod render;
pub mod view;

use std::path::{Path, PathBuf};

use crate::config::{Config, PublishConfig, DEFAULT_PUBLISH_COLOUR};
use crate::consolidate::Consolidation;

/// A site that cannot be built or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `publish.colour` is not written as `#rrggbb`.
    #[error("publish.colour '{0}' is not a colour written as #rrggbb")]
    NotAColour(String),
    /// `publish.colour` is too light to carry white text.
    #[error("publish.colour '{colour}' has a contrast of {ratio:.1}:1 with white; WCAG 2.2 AA asks for {}:1", colour::AA_TEXT)]
    LowContrast {
        /// The colour as configured.
        colour: String,
        /// Its contrast ratio with white.
        ratio: f64,
    },
    /// `publish.logo` is not an image file.
    #[error("publish.logo '{}' is not a PNG, JPEG, GIF, SVG or WebP image", .0.display())]
    LogoNotImage(PathBuf),
    /// `publish.logo` cannot be read.
    #[error("publish.logo '{}' cannot be read: {source}", path.display())]
    LogoUnreadable {
        /// The logo as configured.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// A built-in template does not compile (a fault of the program).
    #[error("template {name}: {source}")]
    Template {
        /// The template's file name.
        name: String,
        /// The template engine's error.
        source: minijinja::Error,
    },
    /// A page does not render (a fault of the program).
    #[error("page {page}: {source}")]
    Page {
        /// The page's name, without `.html`.
        page: String,
        /// The template engine's error.
        source: minijinja::Error,
    },
    /// A stylesheet does not render (a fault of the program).
    #[error("{name}: {source}")]
    Stylesheet {
        /// The stylesheet's file name.
        name: String,
        /// The template engine's error.
        source: minijinja::Error,
    },
    /// A download cannot be written as CSV.
    #[error("{0}")]
    Csv(#[from] csv::Error),
    /// A download cannot be written as JSON.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// A file of the site would overwrite an input or cannot be written.
    #[error("{0}")]
    Output(#[from] crate::output::OutputError),
}

impl From<Error> for String {
    /// The message, for callers that report errors as text (the command line).
    fn from(e: Error) -> String {
        e.to_string()
    }
}

/// Who the site is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Audience {
    /// The council website: the public measures, no owners.
    #[default]
    Public,
    /// The intranet: every measure, with owners, and the strategic register.
    Internal,
}

/// The settings of one run, checked.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config: PublishConfig,
    pub audience: Audience,
    pub council: String,
    /// The header and link colour, checked for contrast.
    pub colour: String,
    /// The logo's file name in the site and its bytes.
    pub logo: Option<(String, Vec<u8>)>,
    pub logo_alt: String,
    /// The month the financial year starts, for reading period labels.
    pub fy_start: u32,
}

impl Settings {
    /// The `[publish]` settings for a consolidation. A colour too light for white text (or not
    /// a colour) falls back to the default, said in the returned notes.
    ///
    /// # Errors
    /// [`Error::LogoNotImage`] or [`Error::LogoUnreadable`] for a logo that is not an image
    /// file or cannot be read.
    pub fn new(
        config: &Config,
        audience: Audience,
        c: &Consolidation,
    ) -> Result<(Settings, Vec<String>), Error> {
        let p = &config.publish;
        let mut notes = Vec::new();
        let colour = colour::checked(&p.colour).unwrap_or_else(|e| {
            notes.push(format!(
                "{e}; the page uses {DEFAULT_PUBLISH_COLOUR} instead"
            ));
            DEFAULT_PUBLISH_COLOUR.to_string()
        });
        let council = p
            .council
            .clone()
            .or_else(|| config.framework.council.clone())
            .or_else(|| c.council.clone())
            .unwrap_or_else(|| "Council".into());
        let logo = p.logo.as_deref().map(read_logo).transpose()?;
        Ok((
            Settings {
                config: p.clone(),
                audience,
                logo_alt: p.logo_alt.clone().unwrap_or_else(|| council.clone()),
                council,
                colour,
                logo,
                fy_start: config.calendar.financial_year_start_month,
            },
            notes,
        ))
    }
}

fn read_logo(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(&ext.as_str()) {
        return Err(Error::LogoNotImage(path.to_path_buf()));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::LogoUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((format!("logo.{ext}"), bytes))
}

/// A site to write: each file's path within the site folder and its content.
#[derive(Debug, Default)]
pub struct Site {
    pub files: Vec<(String, Vec<u8>)>,
}

/// Builds the site of a consolidation.
///
/// # Errors
/// [`Error::Template`], [`Error::Page`] or [`Error::Stylesheet`] for a template that does not
/// render (a fault of the program), or [`Error::Csv`] or [`Error::Json`] for data that cannot
/// be encoded.
pub fn build(c: &Consolidation, s: &Settings) -> Result<Site, Error> {
    let view = view::site(c, s);
    let mut files = render::pages(&view, s)?;
    files.extend(data::downloads(&view)?);
    if let Some((name, bytes)) = &s.logo {
        files.push((name.clone(), bytes.clone()));
    }
    Ok(Site { files })
}

/// Writes the site into `dir`, each file atomically, refusing any that `guard` protects (an
/// input) or another output of the run claimed.
///
/// # Errors
/// [`Error::Output`] for a file that would overwrite an input, or that cannot be written.
pub fn write(
    site: &Site,
    dir: &Path,
    guard: &mut crate::output::Guard,
) -> Result<Vec<PathBuf>, Error> {
    let paths: Vec<PathBuf> = site.files.iter().map(|(n, _)| dir.join(n)).collect();
    for p in &paths {
        guard.claim(p, &[])?;
    }
    for (p, (_, bytes)) in paths.iter().zip(&site.files) {
        crate::output::write_atomic(p, bytes)?;
    }
    Ok(paths)
}
