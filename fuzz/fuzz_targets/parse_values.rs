//! Fuzz target: arbitrary text through every value parser.
#![no_main]

use goldthread::values::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let labels: Vec<String> = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"].iter().map(|l| l.to_string()).collect();
    let _ = (is_missing(s), parse_number(s), parse_date(s), parse_financial_year(s), find_financial_year(s));
    let _ = (parse_level(s, &labels), parse_combined_rating(s), parse_rag(s), parse_travel(s), parse_trend(s));
    let _ = (parse_polarity(s), parse_unit(s), unit_from_title(s), unit_from_number_format(s), is_percent_format(s));
    let _ = (parse_kind(s), parse_status(s), parse_flag(s), parse_frequency(s));
    let _ = (parse_action_status(s), parse_percent_complete(s, false), parse_percent_complete(s, true), is_blue_word(s), is_open_ended(s));
    for m in [1, 4, 13] {
        let _ = (parse_period(s, m, Some(2024)), parse_period(s, m, None), split_period(s, m, Some(2024)));
        let _ = (parse_plan_date(s, m, Some(2024), true), parse_plan_date(s, m, None, false));
    }
});
