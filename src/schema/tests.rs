use super::*;

#[test]
fn column_letters_cover_excel_range() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
    assert_eq!(column_letters(16383), "XFD");
    assert_eq!(cell_ref(13, 11), "L14");
}

fn key(name: &str) -> field::Key {
    field::Key::parse(name).expect("a field's name")
}

#[test]
fn cell_refs_round_trip_as_a_map_of_a1_references() {
    let mut c = CellRefs::default();
    c.insert(key("title"), 12, 1);
    c.insert(key("current.score"), 12, 10);
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(json, r#"{"current.score":"K13","title":"B13"}"#);
    let back: CellRefs = serde_json::from_str(&json).unwrap();
    assert_eq!(back.get(key("current.score")).as_deref(), Some("K13"));
    assert!(back.contains_key(key("title")) && !back.contains_key(key("owner")));
    assert_eq!(parse_a1("XFD1048576"), Some((1_048_575, 16_383)));
    assert_eq!(parse_a1("A0"), None);
}

#[test]
fn a1_references_are_written_as_cell_ref_writes_them() {
    for col in [
        0,
        1,
        25,
        26,
        27,
        51,
        52,
        701,
        702,
        703,
        16_383,
        18_277,
        18_278,
        u32::MAX,
    ] {
        for row in [0, 9, 1_048_575] {
            let json = serde_json::to_string(&A1(row, col)).unwrap();
            assert_eq!(json, format!("\"{}\"", cell_ref(row, col)), "{row} {col}");
        }
    }
    // Escaped keys (not borrowed from the text) read as well as plain ones.
    let back: CellRefs = serde_json::from_str(r#"{"ti\u0074le":"B2"}"#).unwrap();
    assert_eq!(back.get(key("title")).as_deref(), Some("B2"));
}

#[test]
fn enums_serialise_as_contract_names() {
    assert_eq!(
        serde_json::to_string(&Band::VeryHigh).unwrap(),
        "\"very_high\""
    );
    assert_eq!(
        serde_json::to_string(&Polarity::HigherIsBetter).unwrap(),
        "\"higher_is_better\""
    );
    assert_eq!(
        serde_json::to_string(&Direction::NoChange).unwrap(),
        "\"no_change\""
    );
}
