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
    /// A logo that cannot be read or is not an image file.
    pub fn new(
        config: &Config,
        audience: Audience,
        c: &Consolidation,
    ) -> Result<(Settings, Vec<String>), String> {
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

fn read_logo(path: &Path) -> Result<(String, Vec<u8>), String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(&ext.as_str()) {
        return Err(format!(
            "publish.logo '{}' is not a PNG, JPEG, GIF, SVG or WebP image",
            path.display()
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| format!("publish.logo '{}' cannot be read: {e}", path.display()))?;
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
/// A template that does not render (a fault of the program) or data that cannot be encoded.
pub fn build(c: &Consolidation, s: &Settings) -> Result<Site, String> {
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
/// A file that would overwrite an input, or that cannot be written.
pub fn write(
    site: &Site,
    dir: &Path,
    guard: &mut crate::output::Guard,
) -> Result<Vec<PathBuf>, String> {
    let paths: Vec<PathBuf> = site.files.iter().map(|(n, _)| dir.join(n)).collect();
    for p in &paths {
        guard.claim(p, &[]).map_err(|e| e.to_string())?;
    }
    for (p, (_, bytes)) in paths.iter().zip(&site.files) {
        crate::output::write_atomic(p, bytes).map_err(|e| e.to_string())?;
    }
    Ok(paths)
}
