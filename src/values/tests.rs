#[test]
fn numbered_labels_with_any_text_read_their_number() {
    let labels: Vec<String> = vec![];
    assert_eq!(
        super::parse_level("5 - Almost certain (>90%)", &labels),
        Some(5.0)
    );
    assert_eq!(
        super::parse_level("2: Unlikely (10-30%)", &labels),
        Some(2.0)
    );
}

use super::*;
use proptest::prelude::*;
use std::fmt::Debug;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn labels() -> Vec<String> {
    "Rare|Unlikely|Possible|Likely|Almost certain"
        .split('|')
        .map(String::from)
        .collect()
}
fn label(p: Option<Period>) -> Option<String> {
    p.map(|p| p.label)
}
/// Checks `f` on every '|'-separated input of each row.
fn check<T: PartialEq + Debug>(f: impl Fn(&str) -> T, rows: &[(&str, T)]) {
    for (inputs, want) in rows {
        for s in inputs.split('|') {
            assert_eq!(f(s), *want, "input {s:?}");
        }
    }
}

#[test]
#[rustfmt::skip]
fn missing_markers() {
    check(is_missing, &[
        ("|  |n/a|N/A|na|n.a.|N / A|-|–|—|--|TBC|TBA|tbc.|not available|Not Applicable", true),
        ("no data|awaiting data|not yet available|#N/A|null|nil return|#DIV/0!", true),
        ("0|nil|Nil|None|85%|Red|nan0|a", false),
    ]);
}

#[test]
#[rustfmt::skip]
fn numbers() {
    use Unit::*;
    let num = |s: &str| parse_number(s).map(|p| (p.value, p.unit));
    check(num, &[
        ("85%|85 %|85 per cent|85percent", Some((85.0, Some(Percent)))),
        ("£1,234|£1234|£ 1,234", Some((1234.0, Some(Currency)))),
        ("£1.2m|£1.2 million|£1,200k", Some((1_200_000.0, Some(Currency)))),
        ("£45k|£45K", Some((45_000.0, Some(Currency)))),
        ("$15,200,000 |$ 15,200,000|€15200000", Some((15_200_000.0, Some(Currency)))),
        ("25.43 (Q13-Q16)|25.43 (provisional)", Some((25.43, None))),
        ("85% (target 90%)|85 (2023 data)", None),
        ("£2.5bn", Some((2_500_000_000.0, Some(Currency)))),
        ("-£1,234.50|£-1,234.5", Some((-1234.5, Some(Currency)))),
        ("£(1,200)|(£1,200)", Some((-1200.0, Some(Currency)))),
        ("1,234.5", Some((1234.5, None))),
        ("12.5 days|12.5 working days", Some((12.5, Some(Days)))),
        ("3 days", Some((3.0, Some(Days)))),
        ("1 day", Some((1.0, Some(Days)))),
        ("(1,200)", Some((-1200.0, None))),
        ("-3.5|−3.5|- 3.5", Some((-3.5, None))),
        ("+2", Some((2.0, None))),
        ("1:4", Some((0.25, Some(Ratio)))),
        ("0.85", Some((0.85, None))),
        (" 42 ", Some((42.0, None))),
        ("1.5x", Some((1.5, None))),
        (".5", Some((0.5, None))),
        ("5.", Some((5.0, None))),
        ("1e5|1.e5", Some((100_000.0, None))),
        ("1.5E-3", Some((0.0015, None))),
        ("nil|0", Some((0.0, None))),
        ("n/a|85% (target 90%)|Q2|2024/25|30/09/2024|2024-09-30|1e400|-1e400|1:0|1,23", None),
        ("1,2345|12,34,567|--|%%|£|%|.|+-2|(-2)|£5%|5k%|NaN|inf|١٢٣|12 apples", None),
    ]);
}

#[test]
#[rustfmt::skip]
fn dates() {
    check(parse_date, &[
        ("30/09/2024|30/9/24|30-09-2024|30.09.2024|30 Sep 2024", Some(d(2024, 9, 30))),
        ("30 Sept 2024|30 September 2024|30th September 2024", Some(d(2024, 9, 30))),
        ("Sep 30, 2024|September 30th 2024|2024-09-30", Some(d(2024, 9, 30))),
        ("2024-09-30 00:00:00|2024-09-30T00:00:00|2024-09-30T00:00:00Z", Some(d(2024, 9, 30))),
        ("30-Sep-24|30-Sep-2024|Monday 30 September 2024| 30/09/2024 ", Some(d(2024, 9, 30))),
        ("30/09/2024 09:15", Some(d(2024, 9, 30))),
        ("1/4/75", Some(d(1975, 4, 1))),
        ("1/4/69", Some(d(2069, 4, 1))),
        ("29/02/2024", Some(d(2024, 2, 29))),
        ("31/02/2024|29/02/2023|20240930|30/09-2024|32/01/2024|30 Foo 2024|Q2|2024/25|", None),
        ("09/30/2024|30 Ma 2024|2024-13-01", None),
    ]);
}

#[test]
fn serials() {
    let cases = [
        (45565.0, false, Some(d(2024, 9, 30))),
        (45565.75, false, Some(d(2024, 9, 30))),
        (1.0, false, Some(d(1900, 1, 1))),
        (59.0, false, Some(d(1900, 2, 28))),
        (60.0, false, None),
        (61.0, false, Some(d(1900, 3, 1))),
        (2958465.0, false, Some(d(9999, 12, 31))),
        (0.0, true, Some(d(1904, 1, 1))),
        (45565.0 - 1462.0, true, Some(d(2024, 9, 30))),
        (-1.0, true, None),
    ];
    for (serial, is_1904, want) in cases {
        assert_eq!(date_from_serial(serial, is_1904), want, "{serial}");
    }
    for v in [
        0.0,
        0.5,
        -1.0,
        2958466.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e300,
    ] {
        assert_eq!(date_from_serial(v, false), None, "{v}");
    }
    assert_eq!(serial_from_date(d(2024, 9, 30), false), Some(45565.0));
    assert_eq!(serial_from_date(d(1900, 2, 28), false), Some(59.0));
    assert_eq!(serial_from_date(d(1899, 12, 31), false), None);
}

#[test]
#[rustfmt::skip]
fn financial_years() {
    check(parse_financial_year, &[
        ("2024/25|2024-25|2024/2025|24/25|24-25|FY25|FY 2024/25|FY2024-25", Some(2024)),
        ("2024-2025|2024 / 25|fy25|FY2025|2024–25", Some(2024)),
        ("99/00|1999-2000", Some(1999)),
        ("2024/26|2024|24/26|Q2||2024-09|FY", None),
    ]);
    check(find_financial_year, &[
        ("Performance Report 2024/25 - Quarter 2|Q2 FY25 scorecard", Some(2024)),
        ("2024/25 and 2024-25", Some(2024)),
        ("Comparing 2023/24 with 2024/25|As at 01/02/2024|Risk register", None),
    ]);
}

#[test]
fn period_cells_of_long_tables() {
    let p = |s: &str| {
        parse_period_cell(s, 4, None, DateColumn::default())
            .map(|p| (p.label, p.start.to_string(), p.end.to_string()))
    };
    let t = |l: &str, a: &str, b: &str| Some((l.to_string(), a.to_string(), b.to_string()));
    assert_eq!(p("2010"), t("2010", "2010-01-01", "2010-12-31"));
    assert_eq!(p("2010/11"), t("2010-11", "2010-04-01", "2011-03-31"));
    assert_eq!(p("FY2017-18"), t("2017-18", "2017-04-01", "2018-03-31"));
    assert_eq!(p("2021-07"), t("2021-07", "2021-07-01", "2021-07-31"));
    assert_eq!(p("April 2021"), t("2021-04", "2021-04-01", "2021-04-30"));
    assert_eq!(
        p("Jan 2012-Dec 2012"),
        t("2012", "2012-01-01", "2012-12-31")
    );
    assert_eq!(
        p("Apr 2011-Mar 2012"),
        t("2011-12", "2011-04-01", "2012-03-31")
    );
    assert_eq!(
        p("Apr 2021-Mar 2022"),
        t("2021-22", "2021-04-01", "2022-03-31")
    );
    assert_eq!(
        p("Oct 2020-Sep 2021"),
        t("2020-10 to 2021-09", "2020-10-01", "2021-09-30")
    );
    assert_eq!(
        p("2010 - 12"),
        t("2010 to 2012", "2010-01-01", "2012-12-31")
    );
    assert_eq!(
        p("2010 to 2012"),
        t("2010 to 2012", "2010-01-01", "2012-12-31")
    );
    assert_eq!(
        p("2018/19 - 22/23"),
        t("2018-19 to 2022-23", "2018-04-01", "2023-03-31")
    );
    assert_eq!(p("2020-12-31"), t("2020-21 Q3", "2020-10-01", "2020-12-31"));
    assert_eq!(p("2021-05-15"), t("2021-05", "2021-05-01", "2021-05-31"));
    assert_eq!(p("Q2 2024/25"), t("2024-25 Q2", "2024-07-01", "2024-09-30"));
    assert_eq!(p("2024-25 Q2"), t("2024-25 Q2", "2024-07-01", "2024-09-30"));
    assert_eq!(p("Q1 2019"), t("2018-19 Q4", "2019-01-01", "2019-03-31"));
    assert_eq!(p("2019 Q3"), t("2019-20 Q2", "2019-07-01", "2019-09-30"));
    assert_eq!(p("25.43 (Q13-Q16)"), None);
    assert_eq!(p("Pending"), None);
    assert_eq!(p(""), None);
}

#[test]
fn date_order_is_decided_by_the_column() {
    assert_eq!(
        date_order_of(["3/1/2016", "3/13/2016", "4/2/2016"]),
        DateOrder::MonthFirst
    );
    assert_eq!(
        date_order_of(["3/1/2016", "13/3/2016"]),
        DateOrder::DayFirst
    );
    assert_eq!(date_order_of(["3/1/2016", "4/1/2016"]), DateOrder::DayFirst);
    let mf = |s| {
        parse_period_cell(
            s,
            4,
            None,
            DateColumn {
                order: DateOrder::MonthFirst,
                months: false,
            },
        )
        .map(|p| p.label)
    };
    assert_eq!(mf("3/13/2016").as_deref(), Some("2016-03"));
    assert_eq!(mf("3/31/2016").as_deref(), Some("2015-16 Q4"));
    let df = |s| parse_period_cell(s, 4, None, DateColumn::default()).map(|p| p.label);
    assert_eq!(df("13/3/2016").as_deref(), Some("2016-03"));
    // A monthly series dated on month ends: March's last day is March, not Q4.
    let texts = ["1/31/2016", "2/29/2016", "3/31/2016"];
    let monthly = DateColumn::of(texts, 4);
    assert_eq!(
        monthly,
        DateColumn {
            order: DateOrder::MonthFirst,
            months: true
        }
    );
    let m = |s| parse_period_cell(s, 4, None, monthly).map(|p| p.label);
    assert_eq!(m("3/31/2016").as_deref(), Some("2016-03"));
    let quarterly = DateColumn::of(["2020-12-31", "2021-03-31"], 4);
    assert!(!quarterly.months);
}

#[test]
fn a_quarter_of_a_written_year_is_no_span_whatever_the_default_year() {
    // A folder named "2023-24 Q2" gives the default year; "2022-23 Q3" stays itself.
    let at = |s| parse_period_cell(s, 4, Some(2023), DateColumn::default()).map(|p| p.label);
    assert_eq!(at("2022-23 Q3").as_deref(), Some("2022-23 Q3"));
    assert_eq!(at("Apr 2011-Mar 2012").as_deref(), Some("2011-12"));
    assert_eq!(at("2018/19 - 22/23").as_deref(), Some("2018-19 to 2022-23"));
}

#[test]
fn period_constructors() {
    let show = |p: Option<Period>| p.map(|p| (p.label, p.kind, p.start, p.end));
    use PeriodKind::*;
    assert_eq!(
        show(quarter(2024, 2, 4)),
        Some(("2024-25 Q2".into(), Quarter, d(2024, 7, 1), d(2024, 9, 30)))
    );
    assert_eq!(
        show(quarter(2024, 4, 4)),
        Some(("2024-25 Q4".into(), Quarter, d(2025, 1, 1), d(2025, 3, 31)))
    );
    assert_eq!(
        show(month(2024, 2, 4)),
        Some(("2024-02".into(), Month, d(2024, 2, 1), d(2024, 2, 29)))
    );
    assert_eq!(
        show(half(2024, 2, 4)),
        Some(("2024-25 H2".into(), Half, d(2024, 10, 1), d(2025, 3, 31)))
    );
    assert_eq!(
        show(year(2024, 4)),
        Some(("2024-25".into(), Year, d(2024, 4, 1), d(2025, 3, 31)))
    );
    assert_eq!(
        show(quarter(2024, 2, 1)),
        Some(("2024 Q2".into(), Quarter, d(2024, 4, 1), d(2024, 6, 30)))
    );
    assert_eq!(label(year(1999, 4)), Some("1999-00".into()));
    assert_eq!(label(year(2024, 1)), Some("2024".into()));
    let bad = [
        quarter(2024, 0, 4),
        quarter(2024, 5, 4),
        quarter(2024, 1, 0),
        quarter(2024, 1, 13),
        half(2024, 3, 4),
        month(2024, 13, 4),
        month(2024, 0, 4),
        year(i32::MAX, 4),
        year(i32::MIN, 4),
        month(i32::MAX, 1, 4),
    ];
    assert!(bad.iter().all(Option::is_none));
    assert_eq!(
        label(quarter_of(d(2024, 9, 30), 4)),
        Some("2024-25 Q2".into())
    );
    assert_eq!(
        label(quarter_of(d(2025, 3, 31), 4)),
        Some("2024-25 Q4".into())
    );
    assert_eq!(label(quarter_of(d(2025, 3, 31), 1)), Some("2025 Q1".into()));
    assert_eq!(quarter_of(d(2025, 3, 31), 0), None);
    assert_eq!(
        (
            fy_of(d(2025, 2, 10), 4),
            fy_of(d(2025, 4, 1), 4),
            fy_of(d(2025, 2, 10), 1)
        ),
        (2024, 2025, 2025)
    );
}

#[test]
#[rustfmt::skip]
fn periods() {
    let no_default = |s: &str| label(parse_period(s, 4, None));
    check(no_default, &[
        ("Q2 2024/25|2024/25 Q2|Q2 24-25|Q2 2024-25|2024-25 Q2", Some("2024-25 Q2".into())),
        ("Qtr 2 2024/25|Quarter 2 2024/25|2nd Quarter 2024/25", Some("2024-25 Q2".into())),
        ("Q2 FY25|Q2 (Jul-Sep) 2024/25|FY 24/25 Q2", Some("2024-25 Q2".into())),
        ("Sep-24|Sep 24|Sept 2024|September 2024|2024-09|09/2024", Some("2024-09".into())),
        ("Sep 2024/25|Sep-24 2024/25", Some("2024-09".into())),
        ("Feb 2024/25", Some("2025-02".into())),
        ("H1 2024/25|Half 1 2024/25|2024-25 H1", Some("2024-25 H1".into())),
        ("2024/25|FY25|2024-25", Some("2024-25".into())),
        ("2011-12", Some("2011-12".into())),
        ("Q2|Sep|Q2 Q3 2024/25|Sep-24 2023/24|2024/26|Q2 2024/26|30/09/2024", None),
        ("Q2 (Apr-Jun) 2024/25|2024", None),
    ]);
    let with_default = |s: &str| label(parse_period(s, 4, Some(2024)));
    check(with_default, &[
        ("Q2|Quarter 2|Q2 Actual", Some("2024-25 Q2".into())),
        ("Sep", Some("2024-09".into())),
        ("Feb", Some("2025-02".into())),
        ("Q2 2023/24", Some("2023-24 Q2".into())),
        ("H2 Oct-Mar", Some("2024-25 H2".into())),
        ("Q2 2024|Score|Q&A|Quality|Market share|Q5|", None),
    ]);
    let january = |s: &str| label(parse_period(s, 1, None));
    check(january, &[
        ("2024", Some("2024".into())),
        ("2024 Q2", Some("2024 Q2".into())),
        ("FY25", Some("2025".into())),
    ]);
    assert_eq!(parse_period("Q2 2024/25", 0, None), None);
}

#[test]
#[rustfmt::skip]
fn split_headers() {
    let split = |s: &str| split_period(s, 4, Some(2024)).map(|(p, r)| (p.label, r));
    let row = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
    check(split, &[
        ("Q2 Actual|Actual (Q2)|Q2_Actual|Actual: Q2", row("2024-25 Q2", "Actual")),
        ("Q2 (2024/25) Actual", row("2024-25 Q2", "Actual")),
        ("Q1 2024/25 Status", row("2024-25 Q1", "Status")),
        ("Apr-24", row("2024-04", "")),
        ("Target 2024/25|Target (2024/25)", row("2024-25", "Target")),
        ("Q2 RAG", row("2024-25 Q2", "RAG")),
        ("Sep-24 Actual", row("2024-09", "Actual")),
        ("Q2 - Target:", row("2024-25 Q2", "Target")),
        ("Q2 (2024/25)  Commentary  text", row("2024-25 Q2", "Commentary text")),
        ("May", row("2024-05", "")),
        ("Score|Likelihood|Q&A|Quality|Market|Risks that may arise|Ref", None),
    ]);
    assert_eq!(split_period("May", 4, None), None);
    assert_eq!(
        label(split_period("May 2024", 4, None).map(|x| x.0)),
        Some("2024-05".into())
    );
}

#[test]
#[rustfmt::skip]
fn levels() {
    let l = labels();
    check(|s| parse_level(s, &l), &[
        ("4|4.0|4 - Likely|4 (Likely)|L4|I4|Likely| likely |Likely (4)", Some(4.0)),
        ("Almost Certain|almost  certain", Some(5.0)),
        ("Rare", Some(1.0)),
        ("6", Some(6.0)),
        ("2.5", Some(2.5)),
        ("Very likely||n/a|4 x 5|high|-3", None),
    ]);
    assert_eq!(parse_level("Likely", &[]), None);
}

#[test]
#[rustfmt::skip]
fn combined_ratings() {
    check(parse_combined_rating, &[
        ("4 x 5 = 20|4x5=20|4*5=20|4 × 5 = 20", Some((Some(4.0), Some(5.0), Some(20.0)))),
        ("L4 I5 (20)|L4 x I5 = 20", Some((Some(4.0), Some(5.0), Some(20.0)))),
        ("L=4, I=5, Score=20|20 (4x5)|20 (L4 x I5)", Some((Some(4.0), Some(5.0), Some(20.0)))),
        ("4 X 5 = 20|L4 I5 = 20", Some((Some(4.0), Some(5.0), Some(20.0)))),
        ("4 X 5|L4 I5", Some((Some(4.0), Some(5.0), None))),
        ("20", Some((None, None, Some(20.0)))),
        ("3 x 4 = 20", Some((Some(3.0), Some(4.0), Some(20.0)))),
        ("|n/a|high|4 x|x 5|4 x 5 x 6", None),
    ]);
}

#[test]
#[rustfmt::skip]
fn rag_text() {
    check(parse_rag, &[
        ("Red|R|red|Amber/Red|Red/Amber|AR|Off target|Off-target|Not achieved", Some(Rag::Red)),
        ("Not met|Missed", Some(Rag::Red)),
        ("Amber|A|Amber-Green|Within tolerance|Slightly off target", Some(Rag::Amber)),
        ("Near target|Yellow", Some(Rag::Amber)),
        ("Green|G|On target|On track|Achieved|Met|GREEN |Green*", Some(Rag::Green)),
        ("|n/a|N/A|Blue|Ready|Red/Blue", None),
    ]);
}

#[test]
fn rag_colours() {
    let cases: &[(&[u32], Option<Rag>)] = &[
        (&[0xFFFF0000, 0xC00000, 0xFFC7CE, 0xE6B9B8], Some(Rag::Red)),
        (
            &[0xFFC000, 0xFFBF00, 0xFFEB9C, 0xFFFF00, 0xF79646, 0xFFD966],
            Some(Rag::Amber),
        ),
        (
            &[0x00B050, 0x92D050, 0xFFC6EFCE, 0x00FF00, 0x008000],
            Some(Rag::Green),
        ),
        (
            &[
                0xFFFFFF, 0xFF000000, 0x808080, 0xD9D9D9, 0x0070C0, 0x4472C4, 0x7030A0, 0xDCE6F1,
                0xFF00FF,
            ],
            None,
        ),
    ];
    for (colours, want) in cases {
        for c in *colours {
            assert_eq!(rag_from_colour(*c), *want, "{c:08X}");
        }
    }
}

#[test]
#[rustfmt::skip]
fn travel_and_trend() {
    use Travel::*;
    check(parse_travel, &[
        ("Better|Improving|Improved|Improvement", Some(Better)),
        ("Worse|Worsening|Deteriorating|Declining", Some(Worse)),
        ("Same|No change|Unchanged|Stable|Static|Maintained|↔|→|⇔|=", Some(Same)),
        ("↑|▲|⬆|Up|Increase|Increasing|Higher", Some(Up)),
        ("↓|▼|⬇|Down|Decrease|Lower", Some(Down)),
        ("|New|n/a", None),
    ]);
    let (h, l) = (
        Some(Polarity::HigherIsBetter),
        Some(Polarity::LowerIsBetter),
    );
    use Direction::*;
    let cases = [
        (Better, None, Some(Improving)),
        (Worse, h, Some(Worsening)),
        (Same, None, Some(NoChange)),
        (Up, h, Some(Improving)),
        (Up, l, Some(Worsening)),
        (Down, h, Some(Worsening)),
        (Down, l, Some(Improving)),
        (Up, None, None),
        (Down, None, None),
    ];
    for (t, p, want) in cases {
        assert_eq!(travel_direction(t, p), want, "{t:?} {p:?}");
    }
    check(parse_trend, &[
        ("Increasing|Increased|Rising|Up|↑|▲|Worsening", Some(Trend::Increasing)),
        ("Decreasing|Reducing|Reduced|Falling|Down|↓|▼|Improving", Some(Trend::Decreasing)),
        ("Static|Stable|Unchanged|No change|Same|↔|→|=", Some(Trend::Stable)),
        ("New|", None),
    ]);
}

#[test]
#[rustfmt::skip]
fn polarities() {
    check(parse_polarity, &[
        ("Higher is better|Higher|High|Bigger is better|Up", Some(Polarity::HigherIsBetter)),
        ("Increase|Maximise|over|↑|Lower is worse", Some(Polarity::HigherIsBetter)),
        ("Lower is better|Low|Smaller is better|Down|Decrease", Some(Polarity::LowerIsBetter)),
        ("Minimise|under|↓|Higher is worse", Some(Polarity::LowerIsBetter)),
        ("|n/a|Higher or lower|Neutral|Target range", None),
    ]);
}

#[test]
#[rustfmt::skip]
fn units() {
    use Unit::*;
    check(parse_unit, &[
        ("%|Percent|Percentage|per cent|Rate (%)|(%)", Some(Percent)),
        ("Number|No.|No|Count|#|Total", Some(Number)),
        ("£|Currency|Money|Cost|£k|GBP", Some(Currency)),
        ("Days|Day|No. of days|Average days", Some(Days)),
        ("Ratio|Rate per 1,000|Per 1000", Some(Ratio)),
        ("|Hours|n/a", None),
    ]);
    check(unit_from_title, &[
        ("Percentage of calls answered|% of invoices paid within 30 days", Some(Percent)),
        ("Household waste recycled (%)|Proportion of staff appraised", Some(Percent)),
        ("Time to process claims (days)|Average number of days lost to sickness", Some(Days)),
        ("Average time (days) to re-let", Some(Days)),
        ("Agency spend (£)|£ saved through procurement", Some(Currency)),
        ("Cost of temporary accommodation|Agency spend", Some(Currency)),
        ("Children in need rate per 10,000|Looked after children per 10,000", Some(Ratio)),
        ("Ratio of staff to residents", Some(Ratio)),
        ("Number of complaints received", Some(Number)),
        ("Number of households in temporary accommodation over 56 days", Some(Number)),
        ("Customer satisfaction|", None),
    ]);
}

#[test]
#[rustfmt::skip]
fn number_formats() {
    let both = |c: &str| (unit_from_number_format(c), is_percent_format(c));
    check(both, &[
        ("0%|0.0%|0.00%;[Red]-0.00%", (Some(Unit::Percent), true)),
        (
            "£#,##0|[$£-809]#,##0.00|\"£\"#,##0",
            (Some(Unit::Currency), false),
        ),
        ("0 \"days\"|0\" day\"", (Some(Unit::Days), false)),
        (
            "0\"%\"|0\\%|General|0.0|dd/mm/yyyy||\"unterminated|[|_",
            (None, false),
        ),
    ]);
}

#[test]
#[rustfmt::skip]
fn codes() {
    use MeasureKind::*;
    check(parse_kind, &[
        ("KPI|Key Performance Indicator|Corporate KPI", Some(Kpi)),
        ("PI|Local PI|Performance Indicator|Service PI|Operational", Some(Pi)),
        ("Statistic|Stat|Contextual|Context|Context indicator|Data only", Some(Statistic)),
        ("Monitor only", Some(Statistic)),
        ("|Other", None),
    ]);
    check(parse_status, &[
        ("Open|Live|Active|Current|New", Some(RiskStatus::Open)),
        ("Closed|Close|Archived|Retired|Removed|Deleted|Complete", Some(RiskStatus::Closed)),
        ("Closed - merged into R12", Some(RiskStatus::Closed)),
        ("|Proposed", None),
    ]);
    check(parse_flag, &[
        ("Yes|Y|True|TRUE|1|x|✓|Escalate|Escalated|Yes - see note", Some(true)),
        ("No|N|False|0", Some(false)),
        ("|maybe|n/a", None),
    ]);
    check(parse_frequency, &[
        ("Quarterly|Q", Some("quarterly")),
        ("Monthly|M", Some("monthly")),
        ("Annually|Annual|Yearly", Some("annual")),
        ("Half-yearly|Biannual|6 monthly", Some("half_yearly")),
        ("Weekly", Some("weekly")),
        ("|Daily", None),
    ]);
}

/// Calls every public parser on one string.
fn exercise(s: &str) {
    let l = labels();
    let _ = (
        is_missing(s),
        parse_number(s),
        parse_date(s),
        parse_financial_year(s),
    );
    let _ = (
        find_financial_year(s),
        parse_level(s, &l),
        parse_combined_rating(s),
        parse_rag(s),
    );
    for m in [1, 4, 13] {
        let _ = (parse_period(s, m, Some(2024)), parse_period(s, m, None));
        let _ = split_period(s, m, Some(i32::MAX));
    }
    let _ = (
        parse_travel(s),
        parse_trend(s),
        parse_polarity(s),
        parse_unit(s),
        unit_from_title(s),
    );
    let _ = (
        unit_from_number_format(s),
        is_percent_format(s),
        parse_kind(s),
        parse_status(s),
    );
    let _ = (parse_flag(s), parse_frequency(s), month_from_name(s));
}

#[test]
fn odd_inputs_do_not_panic() {
    let huge = "9".repeat(100_000);
    let odd = "1e400|--|%%|£|FY99999999999|Q2 99999/00000|1e99999999999999999999|\u{0}|١٢/٠٩/٢٠٢٤|\
        ＦＹ２５|İ|ß|Sep-99999|2024-9999999999|9999/10000 Q4|31/12/9999|FY00";
    for s in odd.split('|').chain([huge.as_str()]) {
        exercise(s);
    }
    for v in [f64::MAX, f64::MIN, -0.0, 1e-300] {
        let _ = (date_from_serial(v, true), date_from_serial(v, false));
    }
    for c in [0, u32::MAX, 0xFF00_0000] {
        rag_from_colour(c);
    }
}

fn fragments() -> impl Strategy<Value = String> {
    let parts = "0|1|9|12|2024|25|/|-|.|,|:|£|%|(|)| |x|×|=|Q|Q2|H1|FY|Sep|Sept|May|March|\
        st|e|k|m|days|L|I|–|'|↑|n/a|Red|Amber";
    let parts: Vec<&str> = parts.split('|').collect();
    prop::collection::vec(prop::sample::select(parts), 0..12).prop_map(|v| v.concat())
}

/// "-£1,234.5" for -1234.5.
fn with_commas(v: f64) -> String {
    let s = format!("{}", v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}£{out}{frac}")
}

fn dates_strategy() -> impl Strategy<Value = NaiveDate> {
    (1000i32..=9999, 1u32..=12, 1u32..=31)
        .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

proptest! {
    #[test]
    fn never_panics_on_any_string(s in any::<String>()) {
        exercise(&s);
    }

    #[test]
    fn never_panics_on_fragments(s in fragments()) {
        exercise(&s);
    }

    #[test]
    fn numbers_round_trip(v in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
        let plain = parse_number(&format!("{v}")).unwrap();
        prop_assert_eq!((plain.value, plain.unit), (v, None));
        let money = parse_number(&with_commas(v)).unwrap();
        prop_assert_eq!((money.value, money.unit), (v, Some(Unit::Currency)));
        let pct = parse_number(&format!("{v}%")).unwrap();
        prop_assert_eq!((pct.value, pct.unit), (v, Some(Unit::Percent)));
    }

    #[test]
    fn dates_round_trip(d in dates_strategy()) {
        for f in ["%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y"] {
            prop_assert_eq!(parse_date(&d.format(f).to_string()), Some(d), "{}", f);
        }
    }

    #[test]
    fn serials_round_trip(d in dates_strategy()) {
        let excel_1900 = (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
        if d >= NaiveDate::from_ymd_opt(1900, 3, 1).unwrap() {
            prop_assert_eq!(date_from_serial(excel_1900, false), Some(d));
            prop_assert_eq!(serial_from_date(d, false), Some(excel_1900));
        }
        let excel_1904 = (d - NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()).num_days() as f64;
        if excel_1904 >= 0.0 {
            prop_assert_eq!(date_from_serial(excel_1904 + 0.5, true), Some(d));
        }
    }

    #[test]
    fn periods_round_trip(
        fy in 1990i32..2100, q in 1u32..=4, h in 1u32..=2, mon in 1u32..=12, m in 1u32..=12
    ) {
        let qp = quarter(fy, q, m).unwrap();
        prop_assert_eq!(parse_period(&qp.label, m, None), Some(qp.clone()));
        prop_assert_eq!(quarter_of(qp.end, m), Some(qp.clone()));
        prop_assert_eq!(quarter_of(qp.start, m), Some(qp.clone()));
        let header = format!("{} Actual", qp.label);
        prop_assert_eq!(split_period(&header, m, None), Some((qp, "Actual".to_string())));
        let hp = half(fy, h, m).unwrap();
        prop_assert_eq!(parse_period(&hp.label, m, None), Some(hp));
        let yp = year(fy, m).unwrap();
        prop_assert_eq!(parse_period(&yp.label, m, None), Some(yp.clone()));
        prop_assert_eq!((fy_of(yp.start, m), fy_of(yp.end, m)), (fy, fy));
        // Months whose label is also a financial year's ("2011-12") read as the year.
        let mp = month(fy, mon, m).unwrap();
        if (fy + 1) % 100 != mon as i32 {
            prop_assert_eq!(parse_period(&mp.label, m, None), Some(mp));
        }
    }
}
