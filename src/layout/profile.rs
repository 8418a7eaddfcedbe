//! Mapping profiles: a council's own template layout written down (TOML), so that a sheet's
//! kind, header rows and columns are fixed rather than guessed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Column, Field};
use crate::schema::column_letters;
use crate::schema::field::Key;

/// A set of sheet profiles, as written by `goldthread inspect --write-profile`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub sheets: Vec<SheetProfile>,
}

/// The layout of one sheet (or of every sheet whose file and sheet names match).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct SheetProfile {
    /// File name the profile applies to; `*` matches any run of characters. None: any file.
    pub file: Option<String>,
    /// Sheet name; `*` wildcards as for `file`. None: any sheet.
    pub sheet: Option<String>,
    /// `risk_register`, `performance_return`, `delivery_plan` or `skip`.
    pub kind: Option<String>,
    /// 1-based header rows, as Excel numbers them.
    pub header_rows: Option<Vec<u32>>,
    /// Financial year of the sheet ("2024/25"), for period headers without one.
    pub financial_year: Option<String>,
    /// Directorate of every record in the sheet.
    pub directorate: Option<String>,
    /// Service of every record in the sheet.
    pub service: Option<String>,
    /// What section rows inside the table name: `theme`, `service`, `directorate` or `priority`.
    pub sections: Option<String>,
    /// Column letter to field (`id`, `current.likelihood`, `actual@2024-25 Q2`) or `extra`.
    pub columns: BTreeMap<String, String>,
}

pub use crate::read::{EMBEDDED_MARKER, EMBEDDED_SHEET};

/// The layout a goldthread template records in itself, so reading it back needs no guessing.
pub fn embedded(wb: &crate::read::Workbook) -> Option<Profile> {
    let sheet = wb.sheets.iter().find(|s| s.name == EMBEDDED_SHEET)?;
    let marker = sheet.row(0)?.get(0)?.text()?;
    if marker != EMBEDDED_MARKER {
        return None;
    }
    let text = sheet.row(1)?.get(0)?.text()?;
    let mut profile: Profile = toml::from_str(&text).ok()?;
    for p in &mut profile.sheets {
        p.file = None; // the profile travels with the file, whatever it is renamed to
    }
    Some(profile)
}

/// A profile file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("The mapping profile '{path}' cannot be used: {message}")]
pub struct ProfileError {
    pub path: String,
    pub message: String,
}

impl Profile {
    /// Reads a profile file.
    ///
    /// # Errors
    /// When the file cannot be read or is not a valid profile.
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let err = |message: String| ProfileError {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let profile: Profile = toml::from_str(&text).map_err(|e| err(e.to_string()))?;
        for s in &profile.sheets {
            if let Some(k) = &s.kind {
                if ![
                    "risk_register",
                    "performance_return",
                    "delivery_plan",
                    "skip",
                ]
                .contains(&k.as_str())
                {
                    return Err(err(format!(
                        "kind '{k}' is not one of risk_register, performance_return, delivery_plan, skip"
                    )));
                }
            }
            for (letter, field) in &s.columns {
                if letter_index(letter).is_none() {
                    return Err(err(format!(
                        "'{letter}' is not a column letter such as A or AB"
                    )));
                }
                // The month a year starts in changes no name's validity, only its dates.
                if !matches!(field.as_str(), "extra" | "") && Field::parse(field, 4).is_none() {
                    return Err(err(format!(
                        "column {letter} names the field '{field}', which goldthread does not know; the fields are: {}, a period's value such as actual@2024-25 Q2, or extra",
                        Key::known()
                    )));
                }
            }
        }
        Ok(profile)
    }

    /// The first sheet profile matching a file (by name or path) and sheet.
    pub fn find(&self, file: &str, sheet: &str) -> Option<&SheetProfile> {
        let name = file.rsplit('/').next().unwrap_or(file);
        self.sheets.iter().find(|p| {
            p.file
                .as_deref()
                .is_none_or(|f| wildcard(f, name) || wildcard(f, file))
                && p.sheet.as_deref().is_none_or(|s| wildcard(s, sheet))
        })
    }
}

impl SheetProfile {
    /// Replaces the fields of the columns the profile names, adding columns it names that have
    /// no header.
    pub fn apply_columns(&self, columns: &mut Vec<Column>, fy_start: u32) {
        for (letter, field) in &self.columns {
            let Some(col) = letter_index(letter) else {
                continue;
            };
            let field = match field.as_str() {
                "extra" | "" => None,
                f => Field::parse(f, fy_start),
            };
            match columns.iter_mut().find(|c| c.col == col) {
                Some(c) => {
                    c.field = field;
                    c.confidence = 1.0;
                }
                None => columns.push(Column {
                    col,
                    header: column_letters(col),
                    field,
                    confidence: 1.0,
                    ..Default::default()
                }),
            }
        }
        columns.sort_by_key(|c| c.col);
    }
}

pub use crate::schema::letter_index;

/// Case-insensitive match with `*` as any run of characters.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0usize, 0usize, None, 0usize);
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Quotes a string for TOML.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// One sheet as inspected, for writing a profile.
pub struct InspectedSheet<'a> {
    pub file: &'a str,
    pub sheet: &'a str,
    pub kind: Option<&'a str>,
    pub header_rows: Vec<u32>,
    pub financial_year: Option<String>,
    pub columns: &'a [Column],
}

/// Writes a profile for the inspected sheets, each column commented with its header and
/// confidence, ready to edit.
pub fn write_profile(sheets: &[InspectedSheet]) -> String {
    let mut out = String::from(
        "# goldthread mapping profile: fixes how sheets are read. Edit and pass with --profile.\n\
         # kind: risk_register, performance_return, delivery_plan or skip. header_rows: Excel row numbers.\n\
         # columns: letter = field (id, title, owner, current.likelihood, actual@2024-25 Q2, ...) or \"extra\".\n",
    );
    for s in sheets {
        if s.kind.is_none() {
            // Skipped sheets stay detected; uncomment to read one anyway.
            out.push_str(&format!(
                "\n# Sheet {} of {} was skipped. To read it, uncomment and complete:\n# [[sheets]]\n# file = {}\n# sheet = {}\n# kind = \"risk_register\"\n",
                q(s.sheet),
                q(s.file),
                q(s.file.rsplit('/').next().unwrap_or(s.file)),
                q(s.sheet)
            ));
            continue;
        }
        out.push_str("\n[[sheets]]\n");
        out.push_str(&format!(
            "file = {}\n",
            q(s.file.rsplit('/').next().unwrap_or(s.file))
        ));
        out.push_str(&format!("sheet = {}\n", q(s.sheet)));
        out.push_str(&format!("kind = {}\n", q(s.kind.unwrap_or_default())));
        if !s.header_rows.is_empty() {
            let rows: Vec<String> = s.header_rows.iter().map(|r| (r + 1).to_string()).collect();
            out.push_str(&format!("header_rows = [{}]\n", rows.join(", ")));
        }
        if let Some(fy) = &s.financial_year {
            out.push_str(&format!("financial_year = {}\n", q(fy)));
        }
        if !s.columns.is_empty() {
            out.push_str("[sheets.columns]\n");
            for c in s.columns {
                let field = c
                    .field
                    .as_ref()
                    .map(|f| f.name())
                    .unwrap_or_else(|| "extra".into());
                let header = c.header.replace(['\n', '\r'], " ");
                out.push_str(&format!(
                    "{} = {:<28} # {} ({:.2})\n",
                    column_letters(c.col),
                    q(&field),
                    header,
                    c.confidence
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_names() {
        assert!(wildcard("*risk*.xlsx", "adults_risk_register.xlsx"));
        assert!(wildcard("KPIs", "kpis"));
        assert!(!wildcard("*.csv", "a.xlsx"));
        assert!(wildcard("*", ""));
    }

    #[test]
    fn letters_convert_both_ways() {
        assert_eq!(letter_index("A"), Some(0));
        assert_eq!(letter_index("ab"), Some(27));
        assert_eq!(letter_index("XFD"), Some(16383));
        assert_eq!(letter_index("XFE"), None);
        assert_eq!(letter_index("A1"), None);
    }

    #[test]
    fn written_profile_reads_back() {
        let cols = vec![
            Column {
                col: 0,
                header: "Risk Ref".into(),
                field: Some(Field::Named(crate::schema::field::Name::Id.into())),
                confidence: 1.0,
                ..Default::default()
            },
            Column {
                col: 1,
                header: "Notes \"x\"".into(),
                field: None,
                confidence: 0.0,
                ..Default::default()
            },
        ];
        let text = write_profile(&[InspectedSheet {
            file: "samples/a.xlsx",
            sheet: "Risk Register",
            kind: Some("risk_register"),
            header_rows: vec![4],
            financial_year: Some("2024/25".into()),
            columns: &cols,
        }]);
        let p: Profile = toml::from_str(&text).unwrap();
        assert_eq!(p.sheets[0].header_rows, Some(vec![5]));
        assert_eq!(p.sheets[0].columns.get("A").map(String::as_str), Some("id"));
        assert_eq!(
            p.sheets[0].columns.get("B").map(String::as_str),
            Some("extra")
        );
        assert!(p.find("x/a.xlsx", "Risk Register").is_some());
    }

    /// A profile that names a field goldthread does not know is refused, naming the column
    /// and the field, rather than leaving that column unread.
    #[test]
    fn a_misspelt_field_is_refused() {
        let dir = std::env::temp_dir().join(format!("goldthread-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("profile.toml");
        let sheet = "[[sheets]]\nsheet = \"Risks\"\n[sheets.columns]\n";
        std::fs::write(
            &path,
            format!("{sheet}A = \"id\"\nC = \"current.likelyhood\"\n"),
        )
        .unwrap();
        let e = Profile::load(&path).unwrap_err().to_string();
        assert!(
            e.contains("column C names the field 'current.likelyhood'"),
            "{e}"
        );
        std::fs::write(
            &path,
            format!("{sheet}A = \"id\"\nC = \"actual@2024-25 Q2\"\nD = \"extra\"\n"),
        )
        .unwrap();
        assert!(Profile::load(&path).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
