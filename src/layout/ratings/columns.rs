//! A risk register's columns read by their values, in passes: prose under a rating header,
//! dates that are not, a band under a priority header, the words of a key, empty score
//! columns, the scales of likelihood and impact, and a title or id found by content.

use std::collections::BTreeSet;

use super::*;
use crate::schema::field::{Key, Name, RatingPart, Stage};

/// Reads a risk register's columns by their values: prose under a rating header becomes the
/// description (or extra), likelihood and impact columns get their scale, a stated band under
/// a priority header is the rating, and a column of references is the id when no header names
/// one. Columns a profile fixes are left alone.
pub fn read_columns(
    sheet: &Sheet,
    table: &mut Table,
    config: &Config,
    fixed: &[u32],
    legends: &[Legend],
) {
    let cols: Vec<usize> = (0..table.columns.len())
        .filter(|i| !fixed.contains(&table.columns[*i].col))
        .collect();
    let data = data_rows(table);
    let texts = ColumnTexts::new(sheet, &data, table);
    prose_under_rating_headers(table, &cols, fixed, &texts);
    dates_that_are_not(sheet, table, &cols, &data);
    band_under_priority_header(table, &cols, &texts);
    words_of_a_key(table, &cols, legends, &texts);
    // Score columns no row fills: formulas never calculated, whose scores are L x I throughout.
    for i in 0..table.columns.len() {
        if matches!(
            table.columns[i].key(),
            Some(Key::Rating(_, RatingPart::Score))
        ) {
            table.columns[i].empty = texts.of(i).is_empty();
        }
    }
    rating_scales(table, config, legends, &texts);
    settle_pairs(table, config);
    title_and_id_by_content(table, &cols, &texts);
}

/// The texts of each column's data rows, read when first asked for.
struct ColumnTexts<'a> {
    sheet: &'a Sheet,
    data: &'a [u32],
    col_of: Vec<u32>,
    cache: Vec<std::cell::OnceCell<Vec<String>>>,
}

impl<'a> ColumnTexts<'a> {
    fn new(sheet: &'a Sheet, data: &'a [u32], table: &Table) -> ColumnTexts<'a> {
        let col_of: Vec<u32> = table.columns.iter().map(|c| c.col).collect();
        let cache = col_of.iter().map(|_| std::cell::OnceCell::new()).collect();
        ColumnTexts {
            sheet,
            data,
            col_of,
            cache,
        }
    }

    /// The texts of the `i`th column of the table.
    fn of(&self, i: usize) -> &Vec<String> {
        self.cache[i].get_or_init(|| texts_of(self.sheet, self.data, self.col_of[i]))
    }
}

/// Prose under a rating header ("Impact" holding the consequence) is the description, or
/// extra; the rating it stood in for may be under another name ("Severity").
fn prose_under_rating_headers(
    table: &mut Table,
    cols: &[usize],
    fixed: &[u32],
    texts: &ColumnTexts,
) {
    let vals = |i: usize| texts.of(i);
    for &i in cols {
        let Some(f) = table.columns[i].key().cloned() else {
            continue;
        };
        if !(matches!(f, Key::Rating(..)) || f.is(Name::Rating)) {
            continue;
        }
        let s = seen(vals(i));
        if s.total < 2 || s.prose * 2 < s.total {
            continue;
        }
        let to = (!named(table, Name::Description)).then_some(Key::Field(Name::Description));
        let c = &mut table.columns[i];
        table.demoted.push(format!(
            "column {} '{}' is named like {f}, but its values are text, not ratings; read as {}",
            crate::schema::column_letters(c.col),
            c.header,
            to.as_ref().map_or("extra".into(), Key::name)
        ));
        c.reason = Some("content: prose, not ratings".into());
        c.field = to.map(Field::Named);
        // The rating the prose column stood in for may be under another name ("Severity").
        if let Some(j) = (0..table.columns.len()).find(|&j| {
            let c = &table.columns[j];
            c.field.is_none()
                && !fixed.contains(&c.col)
                && crate::layout::synonyms::match_header(
                    &c.header,
                    crate::layout::synonyms::Applies::Risk,
                    &[],
                )
                .is_some_and(|(g, conf)| g == f && conf >= crate::layout::MIN_CONFIDENCE)
                && seen(vals(j)).prose * 2 < vals(j).len().max(1)
        }) {
            let c = &mut table.columns[j];
            c.field = Some(Field::Named(f.clone()));
            c.reason = Some(format!(
                "header; in place of the prose column named like {f}"
            ));
        }
    }
}

/// Dates that are not: "Updates" holding issue numbers are kept as extra.
fn dates_that_are_not(sheet: &Sheet, table: &mut Table, cols: &[usize], data: &[u32]) {
    for &i in cols {
        let Some(f) = table.columns[i].key().and_then(Key::field) else {
            continue;
        };
        if ![
            Name::LastReviewed,
            Name::NextReview,
            Name::DateIdentified,
            Name::ActionDue,
        ]
        .contains(&f)
        {
            continue;
        }
        // Date cells are dates without a look at their text.
        let col = table.columns[i].col;
        let (mut seen, mut dates) = (0usize, 0usize);
        for r in data.iter().take(100) {
            let Some(cell) = sheet.row(*r).and_then(|row| row.get(col)) else {
                continue;
            };
            let date = match &cell.value {
                Some(Value::Date(_)) => true,
                Some(Value::Number(n)) => (20_000.0..80_000.0).contains(n),
                Some(Value::Text(t)) if values::is_missing(t) => continue,
                Some(Value::Text(t)) => {
                    values::parse_date(t).is_some()
                        || values::parse_number(t)
                            .is_some_and(|n| (20_000.0..80_000.0).contains(&n.value))
                }
                _ => false,
            };
            seen += 1;
            dates += usize::from(date);
        }
        if seen >= 2 && dates * 2 < seen {
            let c = &mut table.columns[i];
            table.demoted.push(format!(
                "column {} '{}' is named like {f}, but {} of {seen} values are not dates; kept as extra",
                crate::schema::column_letters(c.col),
                c.header,
                seen - dates,
            ));
            c.reason = Some("content: not dates".into());
            c.field = None;
        }
    }
}

/// A stated band under a priority header: "Risk Priority (low, med, high)".
fn band_under_priority_header(table: &mut Table, cols: &[usize], texts: &ColumnTexts) {
    let vals = |i: usize| texts.of(i);
    if !named(table, Name::Rating) && !named(table, Key::Rating(Stage::Current, RatingPart::Rating))
    {
        for &i in cols {
            let c = &table.columns[i];
            let h = fold(&c.header);
            let mentions = ["priority", "rating", "level", "band", "rag"]
                .iter()
                .any(|w| h.split(' ').any(|x| x == *w));
            let rateable = match &c.field {
                None => true,
                Some(f) => f.is(Name::Priority) || f.is(Name::Theme),
            };
            let v = vals(i);
            if mentions && rateable && v.len() >= 2 && v.iter().all(|t| is_band_word(t)) {
                let c = &mut table.columns[i];
                c.field = Some(Field::Named(Name::Rating.into()));
                c.confidence = c.confidence.max(crate::domain::confidence::FIRM);
                c.reason = Some("header and content: band words".into());
                break;
            }
        }
    }
}

/// Words of a key the workbook gives for one part of the rating, under a header that names no
/// field ("How often": Hardly ever .. Nearly always), are that part of the current rating.
fn words_of_a_key(table: &mut Table, cols: &[usize], legends: &[Legend], texts: &ColumnTexts) {
    let vals = |i: usize| texts.of(i);
    for &i in cols {
        if table.columns[i].field.is_some() || vals(i).len() < 2 {
            continue;
        }
        let words: BTreeSet<String> = vals(i).iter().map(|t| word_key(t)).collect();
        let key = legends
            .iter()
            .find(|l| l.part.is_some() && words.iter().all(|w| level_of(w, &l.levels).is_some()));
        if let Some(part) = key.and_then(|k| k.part) {
            let field = Key::Rating(Stage::Current, part);
            if !named(table, field.clone()) {
                let c = &mut table.columns[i];
                c.field = Some(Field::Named(field));
                c.confidence = crate::domain::confidence::LIKELY;
                c.reason = Some("content".into());
            }
        }
    }
}

/// The scales of likelihood and impact columns, those a profile fixes too (it fixes the
/// field, not the scale).
fn rating_scales(table: &mut Table, config: &Config, legends: &[Legend], texts: &ColumnTexts) {
    let vals = |i: usize| texts.of(i);
    for i in 0..table.columns.len() {
        let Some(Key::Rating(_, part)) = table.columns[i].key() else {
            continue;
        };
        let part = *part;
        let labels = match part {
            RatingPart::Likelihood => &config.risk.likelihood,
            RatingPart::Impact => &config.risk.impact,
            _ => continue,
        };
        let keys: Vec<&Legend> = legends
            .iter()
            .filter(|l| l.part.is_none_or(|p| p == part))
            .collect();
        let scale = column_scale_with(&table.columns[i].header, vals(i), labels, &keys);
        let by_content = table.columns[i].reason.as_deref() == Some("content");
        table.columns[i].reason = scale.as_ref().map(|s| {
            if by_content {
                format!("content; scale {}", s.describe())
            } else {
                s.reason()
            }
        });
        table.columns[i].scale = scale;
    }
}

/// A register with neither title nor description: the first column of different texts under
/// a header that names no field ("Threat", "Hazard") is the title. References under a header
/// that names none ("Issue": #119, #123) are the id.
fn title_and_id_by_content(table: &mut Table, cols: &[usize], texts: &ColumnTexts) {
    let vals = |i: usize| texts.of(i);
    if !named(table, Name::Title) && !named(table, Name::Description) {
        if let Some(&i) = cols.iter().find(|&&i| {
            let v = vals(i);
            let distinct: BTreeSet<&String> = v.iter().collect();
            table.columns[i].field.is_none()
                && v.len() >= 2
                && distinct.len() == v.len()
                && v.iter().all(|t| {
                    values::parse_number(t).is_none()
                        && (t.split_whitespace().count() >= 3 || t.chars().count() >= 15)
                })
        }) {
            let c = &mut table.columns[i];
            c.field = Some(Field::Named(Name::Title.into()));
            c.confidence = crate::domain::confidence::LIKELY;
            c.reason = Some("content: a different text on every row, and no title column".into());
        }
    }
    // References under a header that names none ("Issue": #119, #123).
    if !named(table, Name::Id) {
        if let Some(&i) = cols
            .iter()
            .find(|&&i| table.columns[i].field.is_none() && is_reference_column(vals(i)))
        {
            let c = &mut table.columns[i];
            c.field = Some(Field::Named(Name::Id.into()));
            c.confidence = crate::domain::confidence::LIKELY;
            c.reason = Some("content: unique references".into());
        }
    }
}
