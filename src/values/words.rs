//! Words and codes: risk ratings, RAG, direction of travel, trend, polarity, units, kinds,
//! statuses and flags.

use super::*;

// ---------------------------------------------------------------- ratings

pub(super) const N: &str = r"([0-9]+(?:\.[0-9]+)?)";
pub(super) static RE_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?:(?:likelihood|impact|probability|l|i|p)\s*[=:]?\s*)?{N}(?:\s*[\-–:(]?\s*[a-z][a-z \-]*\)?)?$"
    ))
});
pub(super) static RE_LEVEL_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)^[a-z][a-z \-]*?\s*[(\-–:]\s*{N}\s*\)?$")));

/// Reads one likelihood or impact cell: "4", "4 - Likely", "L4", or a label of the scale.
///
/// Examples with labels Rare..Almost certain: "4 (Likely)" -> 4; "I4" -> 4; "likely" -> 4;
/// "Almost Certain" -> 5; "2.5" -> 2.5 (kept as written).
pub fn parse_level(s: &str, labels: &[String]) -> Option<f64> {
    let t = s.trim();
    if let Ok(v) = t.parse::<f64>() {
        if v.is_finite() && v >= 0.0 {
            return Some(v);
        }
    }
    if is_missing(t) {
        return None;
    }
    let c = RE_LEVEL.captures(t).or_else(|| RE_LEVEL_AFTER.captures(t));
    if let Some(v) = c.and_then(|c| cap::<f64>(&c, 1)).filter(|v| v.is_finite()) {
        return Some(v);
    }
    // "5 - Almost certain (>90%)": a number, a dash or colon, then any label.
    static RE_NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| re(r"^(\d{1,2}(?:\.\d+)?)\s*[-–:]\s*\S"));
    if let Some(v) = RE_NUMBERED.captures(t).and_then(|c| cap::<f64>(&c, 1)) {
        return Some(v);
    }
    let n = norm(t);
    labels
        .iter()
        .position(|l| norm(l) == n)
        .map(|i| i as f64 + 1.0)
}

pub(super) static RE_RATING_PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?:l(?:ikelihood)?\s*[=:]?\s*)?{N}\s*[x×*]\s*(?:i(?:mpact)?\s*[=:]?\s*)?{N}\s*(?:(?:=|\(|,|-)\s*(?:score\s*[=:]?\s*)?{N}\s*\)?)?$"
    ))
});
pub(super) static RE_RATING_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^l(?:ikelihood)?\s*[=:]?\s*{N}\s*[,;/]?\s*i(?:mpact)?\s*[=:]?\s*{N}\s*(?:[,;]?\s*(?:(?:score|s|total|rating)\s*[=:]?\s*|=\s*|\(\s*){N}\s*\)?)?$"
    ))
});
pub(super) static RE_RATING_SCORE_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^{N}\s*\(\s*(?:l\s*)?{N}\s*[x×*]\s*(?:i\s*)?{N}\s*\)$"
    ))
});
pub(super) static RE_RATING_SCORE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)^(?:score\s*[=:]?\s*)?{N}$")));

/// Reads a combined rating cell as (likelihood, impact, score), each None when absent.
///
/// Examples: "4 x 5 = 20", "4×5=20", "L4 I5 (20)", "L=4, I=5, Score=20", "20 (L4 x I5)" ->
/// (4, 5, 20); "4 X 5" -> (4, 5, None); "20" -> (None, None, 20). Values are kept as written.
pub fn parse_combined_rating(s: &str) -> Option<(Option<f64>, Option<f64>, Option<f64>)> {
    let t = s.trim();
    let num = |c: &Captures, i| cap::<f64>(c, i).filter(|v| v.is_finite());
    if let Some(c) = RE_RATING_PRODUCT
        .captures(t)
        .or_else(|| RE_RATING_LABELLED.captures(t))
    {
        return Some((num(&c, 1), num(&c, 2), num(&c, 3)));
    }
    if let Some(c) = RE_RATING_SCORE_FIRST.captures(t) {
        return Some((num(&c, 2), num(&c, 3), num(&c, 1)));
    }
    let c = RE_RATING_SCORE.captures(t)?;
    Some((None, None, Some(num(&c, 1)?)))
}

// ---------------------------------------------------------------- RAG

pub(super) fn rag_phrase(n: &str) -> Option<Rag> {
    Some(match n {
        "r" | "red" | "🔴" => Rag::Red,
        "a" | "amber" | "yellow" | "orange" | "🟠" | "🟡" => Rag::Amber,
        "g" | "green" | "🟢" => Rag::Green,
        "on target" | "on track" | "achieved" | "met" | "target met" | "target achieved"
        | "exceeded" | "exceeded target" | "exceeding target" | "ahead of target" => Rag::Green,
        "within tolerance"
        | "slightly off target"
        | "near target"
        | "close to target"
        | "slightly below target"
        | "at risk"
        | "minor concerns" => Rag::Amber,
        "off target"
        | "not achieved"
        | "not met"
        | "missed"
        | "target missed"
        | "target not met"
        | "off track"
        | "significantly off target" => Rag::Red,
        _ => return None,
    })
}

pub(super) static RE_RAG_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s*(?:/|-|–|&|\+|\band\b|\bto\b|\bor\b)\s*"));

/// Reads a RAG written as a word, letter or phrase; a mix such as "Amber/Red" gives the worse.
///
/// Examples: "R", "red", "Off target", "Amber/Red" -> Red; "Yellow", "Within tolerance" -> Amber;
/// "On track", "Met" -> Green; "", "n/a" -> None.
pub fn parse_rag(s: &str) -> Option<Rag> {
    let n = norm(s);
    let n = n.trim_end_matches(['*', '!', ' ']);
    if is_missing(n) {
        return None;
    }
    if let Some(r) = rag_phrase(n).or_else(|| rag_phrase(&n.replace('-', " "))) {
        return Some(r);
    }
    let parts: Vec<&str> = RE_RAG_SPLIT.split(n).filter(|p| !p.is_empty()).collect();
    let parts: Vec<String> = if parts.len() == 1 && n.len() == 2 && n.is_ascii() {
        n.chars().map(String::from).collect() // "AR", "GA"
    } else {
        parts.iter().map(|p| p.to_string()).collect()
    };
    let rags: Option<Vec<Rag>> = parts.iter().map(|p| rag_phrase(p)).collect();
    rags.filter(|r| r.len() > 1)?.into_iter().min()
}

/// Classifies a cell fill colour (0xAARRGGBB or 0xRRGGBB) as red, amber or green by hue.
///
/// Examples: FF0000, FFC7CE -> Red; FFC000, FFEB9C, FFFF00 -> Amber; 00B050, C6EFCE -> Green;
/// white, black, greys, blues and purples -> None.
pub fn rag_from_colour(argb: u32) -> Option<Rag> {
    let [_, r, g, b] = argb.to_be_bytes().map(|c| f64::from(c) / 255.0);
    let max = r.max(g).max(b);
    let delta = max - r.min(g).min(b);
    if max < 0.2 || delta / max < 0.12 {
        return None;
    }
    let hue = if max == r {
        60.0 * ((g - b) / delta).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / delta + 2.0)
    } else {
        60.0 * ((r - g) / delta + 4.0)
    };
    match hue {
        h if !(15.0..335.0).contains(&h) => Some(Rag::Red),
        h if h < 68.0 => Some(Rag::Amber),
        h if h < 170.0 => Some(Rag::Green),
        _ => None,
    }
}

// ---------------------------------------------------------------- travel, trend, polarity

/// Direction-of-travel text, before polarity is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Travel {
    Better,
    Worse,
    Same,
    Up,
    Down,
}

pub(super) const UP_ARROWS: &str = "↑▲⬆⇧⇑△";
pub(super) const DOWN_ARROWS: &str = "↓▼⬇⇩⇓▽";
pub(super) const SIDE_ARROWS: &str = "↔→⇔⬌►▶◄⇄⟷=";

/// Reads direction-of-travel text: "Improving" -> Better, "No change"/"↔" -> Same, "↑" -> Up.
///
/// Arrows and "Up"/"Down" report the movement of the value, not a judgement.
pub fn parse_travel(s: &str) -> Option<Travel> {
    let n = norm(s);
    Some(match n.as_str() {
        "better" | "improving" | "improved" | "improvement" | "getting better" => Travel::Better,
        "worse" | "worsening" | "worsened" | "deteriorating" | "deteriorated" | "deterioration"
        | "declining" | "declined" | "getting worse" => Travel::Worse,
        "same" | "no change" | "unchanged" | "stable" | "static" | "maintained" | "steady"
        | "no movement" => Travel::Same,
        "up" | "increase" | "increasing" | "increased" | "higher" | "rising" | "risen" => {
            Travel::Up
        }
        "down" | "decrease" | "decreasing" | "decreased" | "lower" | "falling" | "fallen"
        | "reduced" => Travel::Down,
        _ => match n.chars().next()? {
            c if UP_ARROWS.contains(c) => Travel::Up,
            c if DOWN_ARROWS.contains(c) => Travel::Down,
            c if SIDE_ARROWS.contains(c) => Travel::Same,
            _ => return None,
        },
    })
}

/// Turns travel into a judgement; Up and Down need the polarity.
pub fn travel_direction(t: Travel, polarity: Option<Polarity>) -> Option<Direction> {
    let higher = |p: Polarity| p == Polarity::HigherIsBetter;
    match t {
        Travel::Better => Some(Direction::Improving),
        Travel::Worse => Some(Direction::Worsening),
        Travel::Same => Some(Direction::NoChange),
        Travel::Up => polarity.map(|p| {
            if higher(p) {
                Direction::Improving
            } else {
                Direction::Worsening
            }
        }),
        Travel::Down => polarity.map(|p| {
            if higher(p) {
                Direction::Worsening
            } else {
                Direction::Improving
            }
        }),
    }
}

/// Reads a risk's trend: "Increasing"/"↑"/"Worsening" -> Increasing, "Reducing"/"Improving" ->
/// Decreasing, "Static"/"↔" -> Stable; "New" -> None.
pub fn parse_trend(s: &str) -> Option<Trend> {
    let n = norm(s);
    Some(match n.as_str() {
        "increasing" | "increased" | "increase" | "rising" | "risen" | "up" | "worsening"
        | "worse" | "higher" | "escalating" => Trend::Increasing,
        "decreasing" | "decreased" | "decrease" | "reducing" | "reduced" | "falling" | "fallen"
        | "down" | "improving" | "improved" | "better" | "lower" => Trend::Decreasing,
        "static" | "stable" | "unchanged" | "no change" | "same" | "steady" | "maintained" => {
            Trend::Stable
        }
        _ => match n.chars().next()? {
            c if UP_ARROWS.contains(c) => Trend::Increasing,
            c if DOWN_ARROWS.contains(c) => Trend::Decreasing,
            c if SIDE_ARROWS.contains(c) => Trend::Stable,
            _ => return None,
        },
    })
}

pub(super) const HIGH_WORDS: &str =
    "higher|high|bigger|larger|greater|more|maximise|maximize|maximising|\
    increase|increasing|up|over|above";
pub(super) const LOW_WORDS: &str =
    "lower|low|smaller|less|fewer|minimise|minimize|minimising|decrease|\
    decreasing|down|under|below|reduce|reduction";

/// Reads a polarity: "Higher is better", "Maximise", "over", "↑" -> HigherIsBetter; "Lower is
/// better", "Minimise", "under", "↓" -> LowerIsBetter ("Higher is worse" is LowerIsBetter).
pub fn parse_polarity(s: &str) -> Option<Polarity> {
    let w = words(s);
    let has = |list: &str| w.iter().any(|x| listed(list, x));
    let high = has(HIGH_WORDS) || s.chars().any(|c| UP_ARROWS.contains(c));
    let low = has(LOW_WORDS) || s.chars().any(|c| DOWN_ARROWS.contains(c));
    let flip = w.iter().any(|x| x == "worse") && !w.iter().any(|x| x == "better");
    match (high, low) {
        (true, false) if flip => Some(Polarity::LowerIsBetter),
        (true, false) => Some(Polarity::HigherIsBetter),
        (false, true) if flip => Some(Polarity::HigherIsBetter),
        (false, true) => Some(Polarity::LowerIsBetter),
        _ => None,
    }
}

// ---------------------------------------------------------------- units

pub(super) static RE_PER_N: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bper\s+[0-9][0-9,]*\s*k?\b|\brate per\b|\bratio\b"));

/// Reads a unit column: "%", "Rate (%)" -> Percent; "No.", "Count" -> Number; "£", "£k", "GBP" ->
/// Currency; "Days", "No. of days" -> Days; "Ratio", "Per 1000" -> Ratio.
pub fn parse_unit(s: &str) -> Option<Unit> {
    let n = norm(s);
    let n = n.trim_start_matches('(').trim_end_matches(')').trim();
    let w = words(n);
    let has = |list: &str| w.iter().any(|x| listed(list, x));
    if n.contains('%') || n.contains("per cent") || has("percent|percentage|pct") {
        Some(Unit::Percent)
    } else if RE_PER_N.is_match(n) {
        Some(Unit::Ratio)
    } else if has("day|days") {
        Some(Unit::Days)
    } else if n.contains('£') || has("currency|money|cost|costs|gbp|pounds|spend") {
        Some(Unit::Currency)
    } else if listed("#|no|nos|no. of|count of", n) || has("number|count|total|numeric|num|integer")
    {
        Some(Unit::Number)
    } else {
        None
    }
}

pub(super) static RE_TITLE_PAREN: LazyLock<Regex> = LazyLock::new(|| re(r"\(([^()]*)\)\s*$"));
pub(super) static RE_TITLE_PERCENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)%|\bpercentage\b|\bpercent\b|\bper cent\b|\bproportion of\b"));
pub(super) static RE_TITLE_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:average|avg\.?|mean|number of|no\.? of)\s+(?:number of\s+)?(?:working\s+|calendar\s+)?days\b|\bdays\s+(?:taken|to|lost)\b|\baverage\s+time\b",
    )
});
pub(super) static RE_TITLE_CURRENCY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)£|\bcost of\b|\bcost per\b|\bspend\b|\bspending\b|\bexpenditure\b"));
pub(super) static RE_TITLE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:number|no\.|count) of\b"));

/// Guesses the unit from a measure's title ("% of ..." -> Percent, "Average number of days ..." ->
/// Days, "Cost of ..." -> Currency, "rate per 1,000" -> Ratio, "Number of ..." -> Number).
pub fn unit_from_title(title: &str) -> Option<Unit> {
    let t = title.trim();
    if let Some(u) = RE_TITLE_PAREN.captures(t).and_then(|c| parse_unit(&c[1])) {
        return Some(u);
    }
    if RE_TITLE_PERCENT.is_match(t) {
        Some(Unit::Percent)
    } else if RE_TITLE_DAYS.is_match(t) {
        Some(Unit::Days)
    } else if RE_TITLE_CURRENCY.is_match(t) {
        Some(Unit::Currency)
    } else if RE_PER_N.is_match(t) {
        Some(Unit::Ratio)
    } else if RE_TITLE_NUMBER.is_match(t) {
        Some(Unit::Number)
    } else {
        None
    }
}

/// Splits a number format code into (code outside literals, literal text).
pub(super) fn format_parts(code: &str) -> (String, String) {
    let (mut outside, mut literal) = (String::new(), String::new());
    let mut chars = code.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => literal.push(c),
            '\\' => literal.extend(chars.next()),
            '_' | '*' => {
                chars.next();
            }
            '[' => literal.extend(chars.by_ref().take_while(|&c| c != ']')),
            _ => outside.push(c),
        }
    }
    (outside, literal.to_lowercase())
}

/// Guesses the unit from an Excel number format code: "0%" -> Percent, "£#,##0" or
/// "[$£-809]#,##0" -> Currency, `0 "days"` -> Days; "General", "0.0" -> None.
pub fn unit_from_number_format(code: &str) -> Option<Unit> {
    let (outside, literal) = format_parts(code);
    if outside.contains('%') {
        Some(Unit::Percent)
    } else if code.contains('£') {
        Some(Unit::Currency)
    } else if literal.contains("day") {
        Some(Unit::Days)
    } else {
        None
    }
}

/// Whether a number format code shows the value as a percentage (0.85 displays as 85%).
pub fn is_percent_format(code: &str) -> bool {
    format_parts(code).0.contains('%')
}

// ---------------------------------------------------------------- codes

/// Reads a measure kind: "KPI", "Corporate KPI" -> Kpi; "PI", "Local PI", "Operational" -> Pi;
/// "Statistic", "Context indicator", "Data only" -> Statistic.
pub fn parse_kind(s: &str) -> Option<MeasureKind> {
    let n = norm(s);
    let w = words(&n);
    let has = |list: &str| w.iter().any(|x| listed(list, x));
    if has("kpi|kpis|ckpi") || n.contains("key performance") {
        Some(MeasureKind::Kpi)
    } else if has("statistic|statistics|stat|stats|contextual|context")
        || listed("data only|monitor only|monitoring only|for information", &n)
    {
        Some(MeasureKind::Statistic)
    } else if has("pi|pis|lpi|spi|operational") || n.contains("performance indicator") {
        Some(MeasureKind::Pi)
    } else {
        None
    }
}

/// Reads a risk status: "Open", "Live", "Active", "New" -> Open; "Closed", "Archived",
/// "Complete" -> Closed. The first word decides ("Closed - merged into R12" is Closed).
pub fn parse_status(s: &str) -> Option<RiskStatus> {
    let w = words(s);
    match w.first()?.as_str() {
        "open" | "live" | "active" | "current" | "new" | "ongoing" | "reopened" => {
            Some(RiskStatus::Open)
        }
        "closed" | "close" | "archived" | "retired" | "removed" | "deleted" | "complete"
        | "completed" => Some(RiskStatus::Closed),
        _ => None,
    }
}

/// Reads a yes/no flag: "Yes", "Y", "TRUE", "1", "x", "✓", "Escalate" -> true; "No", "N",
/// "False", "0", "✗" -> false; "" and anything else -> None.
pub fn parse_flag(s: &str) -> Option<bool> {
    let n = norm(s);
    match n.as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "☑" | "☒" | "escalate" | "escalated"
        | "tick" | "ticked" => return Some(true),
        "no" | "n" | "false" | "0" | "✗" | "✘" | "☐" | "not escalated" => return Some(false),
        _ => {}
    }
    match words(&n).first()?.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// Reads a reporting frequency as "quarterly", "monthly", "annual", "half_yearly" or "weekly".
pub fn parse_frequency(s: &str) -> Option<&'static str> {
    let n = words(s).join(" ");
    Some(match n.as_str() {
        "quarterly" | "q" | "qtr" | "quarter" | "qtrly" => "quarterly",
        "monthly" | "m" | "month" => "monthly",
        "annually" | "annual" | "yearly" | "a" | "y" | "year" | "per annum" => "annual",
        "half yearly" | "halfyearly" | "biannual" | "biannually" | "bi annual" | "bi annually"
        | "6 monthly" | "six monthly" | "twice yearly" | "semi annual" | "semi annually" => {
            "half_yearly"
        }
        "weekly" | "w" | "week" => "weekly",
        _ => return None,
    })
}
