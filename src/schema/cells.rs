//! Where a record's values are: the cell of each field (`CellRefs`, written as a map of A1
//! references) and the one reader and writer of A1 references and column letters.

use serde::{Deserialize, Serialize};

use super::field::Key;

/// The cell of each field of a record, kept compactly (an interned field name and a column;
/// the row is the record's) and written as a map of A1 references: `{"current.score": "K13"}`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CellRefs {
    refs: Vec<(&'static str, u32, u32)>,
}

/// Field names are few (the dictionary's, and any a profile names): each is stored once.
fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{LazyLock, Mutex};
    static NAMES: LazyLock<Mutex<HashSet<&'static str>>> =
        LazyLock::new(|| Mutex::new(HashSet::new()));
    let Ok(mut names) = NAMES.lock() else {
        return "field";
    };
    if let Some(n) = names.get(name) {
        return n;
    }
    if names.len() > 10_000 {
        return "field"; // bounded, whatever a file names its columns
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

impl CellRefs {
    /// Records the 0-based (row, column) of a field's cell.
    pub fn insert(&mut self, field: impl Into<Key>, row: u32, col: u32) {
        self.insert_name(&field.into().name(), row, col);
    }

    /// As [`CellRefs::insert`], by the field's name as written: a JSON read back, or a row's
    /// fields recorded without copying each one.
    pub(crate) fn insert_name(&mut self, field: &str, row: u32, col: u32) {
        let field = intern(field);
        // Names stored are interned: the same name is the same pointer.
        match self
            .refs
            .iter_mut()
            .find(|(f, _, _)| std::ptr::eq(*f, field))
        {
            Some(r) => *r = (field, row, col),
            None => self.refs.push((field, row, col)),
        }
    }

    /// The A1 reference of a field's cell.
    pub fn get(&self, field: impl Into<Key>) -> Option<String> {
        let field = field.into().name();
        self.refs
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, r, c)| cell_ref(*r, *c))
    }

    /// Whether the record has a cell for the field.
    pub fn contains_key(&self, field: impl Into<Key>) -> bool {
        let field = field.into().name();
        self.refs.iter().any(|(f, _, _)| *f == field)
    }

    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }
}

/// A cell's A1 reference, written without building a string first.
pub(super) struct A1(pub(super) u32, pub(super) u32);

impl Serialize for A1 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut letters = [0u8; 8];
        let (mut col, mut n) = (self.1, 0);
        loop {
            letters[n] = b'A' + (col % 26) as u8;
            n += 1;
            if col < 26 || n == letters.len() {
                break;
            }
            col = col / 26 - 1;
        }
        letters[..n].reverse();
        let letters = std::str::from_utf8(&letters[..n]).unwrap_or("A");
        s.collect_str(&format_args!("{letters}{}", self.0 + 1))
    }
}

impl Serialize for CellRefs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut sorted: Vec<&(&str, u32, u32)> = self.refs.iter().collect();
        sorted.sort_unstable_by_key(|(f, _, _)| *f);
        let mut map = s.serialize_map(Some(sorted.len()))?;
        for (f, r, c) in sorted {
            map.serialize_entry(f, &A1(*r, *c))?;
        }
        map.end()
    }
}

/// Text read from a document, borrowed from it when it holds no escapes.
struct Text<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for CellRefs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = CellRefs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of field names to A1 references")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut m: M,
            ) -> Result<CellRefs, M::Error> {
                let mut refs = CellRefs::default();
                while let Some((field, a1)) = m.next_entry::<Text<'de>, Text<'de>>()? {
                    if let Some((row, col)) = parse_a1(&a1.0) {
                        refs.insert_name(&field.0, row, col);
                    }
                }
                Ok(refs)
            }
        }
        d.deserialize_map(V)
    }
}

/// A1 reference (`L14`, or absolute, `$L$14`) to 0-based (row, column), the column within
/// Excel's A to XFD: the one reader of A1 references.
pub fn parse_a1(a1: &str) -> Option<(u32, u32)> {
    let a1 = a1.trim();
    let plain = if a1.contains('$') {
        std::borrow::Cow::Owned(a1.replace('$', ""))
    } else {
        std::borrow::Cow::Borrowed(a1)
    };
    let split = plain.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = plain.split_at(split);
    let col = letter_index(letters)?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// Converts a 0-based column index to letters (`0` -> `A`, `27` -> `AB`).
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A1 reference of a 0-based (row, column) position.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// 0-based index of a column letter (`A` -> 0, `AB` -> 27).
pub fn letter_index(letter: &str) -> Option<u32> {
    if letter.is_empty() || letter.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for ch in letter.chars() {
        if !ch.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + (ch.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    (n <= 16384).then(|| n - 1)
}
