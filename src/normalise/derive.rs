//! Values worked out where a return does not report them: RAG from actual, target, polarity and
//! tolerance; direction of travel against the previous period.

use std::collections::HashMap;

use crate::config::Config;
use crate::schema::{Direction, Measure, MeasureKind, Observation, Polarity, Rag, RagSource};

/// RAG of an actual against its target: green when it meets or beats the target (by polarity),
/// amber when worse by no more than `tolerance_percent` of the target, red otherwise.
///
/// ```
/// use goldthread::normalise::compute_rag;
/// use goldthread::schema::{Polarity, Rag};
/// assert_eq!(compute_rag(86.0, 85.0, Polarity::HigherIsBetter, 5.0), Rag::Green);
/// assert_eq!(compute_rag(82.0, 85.0, Polarity::HigherIsBetter, 5.0), Rag::Amber);
/// assert_eq!(compute_rag(12.0, 10.0, Polarity::LowerIsBetter, 5.0), Rag::Red);
/// ```
pub fn compute_rag(actual: f64, target: f64, polarity: Polarity, tolerance_percent: f64) -> Rag {
    let shortfall = match polarity {
        Polarity::HigherIsBetter => target - actual,
        Polarity::LowerIsBetter => actual - target,
    };
    let tolerance = target.abs() * tolerance_percent / 100.0;
    if shortfall <= 1e-9 {
        Rag::Green
    } else if shortfall <= tolerance + 1e-9 {
        Rag::Amber
    } else {
        Rag::Red
    }
}

/// Direction of travel from the previous actual to this one, by polarity.
pub fn compute_direction(previous: f64, actual: f64, polarity: Polarity) -> Direction {
    let change = actual - previous;
    if change.abs() <= 1e-9 * previous.abs().max(1.0) {
        Direction::NoChange
    } else if (change > 0.0) == (polarity == Polarity::HigherIsBetter) {
        Direction::Improving
    } else {
        Direction::Worsening
    }
}

fn key(directorate: Option<&str>, file: &str, id: &str) -> String {
    format!("{}\u{0}{id}", directorate.unwrap_or(file))
}

/// Fills in RAG and direction where not reported, and says so in `rag_source` and
/// `direction_source`. Statistics get no computed RAG.
pub fn derive_observations(
    measures: &[Measure],
    observations: &mut [Observation],
    config: &Config,
) {
    let mut defs: HashMap<String, &Measure> = HashMap::new();
    let mut obs_key: Vec<String> = Vec::with_capacity(observations.len());
    let mut file_dir: HashMap<(&str, &str), Option<&str>> = HashMap::new();
    for m in measures {
        defs.entry(key(m.directorate.as_deref(), &m.source.file, &m.id))
            .or_insert(m);
        file_dir.insert(
            (m.source.file.as_str(), m.id.as_str()),
            m.directorate.as_deref(),
        );
    }
    for o in observations.iter() {
        let dir = file_dir
            .get(&(o.source.file.as_str(), o.measure_id.as_str()))
            .copied()
            .flatten();
        obs_key.push(key(dir, &o.source.file, &o.measure_id));
    }
    let tolerance = config.performance.rag_tolerance_percent;
    for (o, k) in observations.iter_mut().zip(&obs_key) {
        let Some(m) = defs.get(k) else { continue };
        if o.rag.is_some() || m.kind == Some(MeasureKind::Statistic) {
            continue;
        }
        if let (Some(a), Some(t), Some(p)) = (o.actual, o.target, m.polarity) {
            o.rag = Some(compute_rag(a, t, p, tolerance));
            o.rag_source = Some(RagSource::Computed);
        }
    }
    // Direction against the previous period of the same length, per measure.
    let mut series: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in obs_key.iter().enumerate() {
        series.entry(k.as_str()).or_default().push(i);
    }
    let mut updates = Vec::new();
    for (k, idx) in &series {
        let Some(polarity) = defs.get(*k).and_then(|m| m.polarity) else {
            continue;
        };
        let mut sorted = idx.clone();
        sorted.sort_by_key(|&i| (observations[i].period_start, observations[i].period_end));
        for (n, &i) in sorted.iter().enumerate() {
            let o = &observations[i];
            if o.direction.is_some() {
                continue;
            }
            let (Some(actual), Some((start, end))) = (o.actual, o.dates()) else {
                continue;
            };
            let length = end - start;
            let previous = sorted[..n]
                .iter()
                .rev()
                .map(|&j| &observations[j])
                .find(|p| {
                    p.dates().is_some_and(|(ps, pe)| {
                        pe < start
                            && p.dimensions == o.dimensions
                            && (pe - ps - length).num_days().abs() <= 3
                    })
                });
            if let Some(prev) = previous.and_then(|p| p.actual) {
                updates.push((i, compute_direction(prev, actual, polarity)));
            }
        }
    }
    for (i, d) in updates {
        observations[i].direction = Some(d);
        observations[i].direction_source = Some(RagSource::Computed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rag_respects_polarity_and_tolerance() {
        use Polarity::*;
        assert_eq!(compute_rag(85.0, 85.0, HigherIsBetter, 5.0), Rag::Green);
        assert_eq!(compute_rag(80.75, 85.0, HigherIsBetter, 5.0), Rag::Amber);
        assert_eq!(compute_rag(80.0, 85.0, HigherIsBetter, 5.0), Rag::Red);
        assert_eq!(compute_rag(9.0, 10.0, LowerIsBetter, 5.0), Rag::Green);
        assert_eq!(compute_rag(10.5, 10.0, LowerIsBetter, 5.0), Rag::Amber);
        assert_eq!(compute_rag(1.0, 0.0, LowerIsBetter, 5.0), Rag::Red);
    }

    #[test]
    fn direction_respects_polarity() {
        assert_eq!(
            compute_direction(10.0, 12.0, Polarity::HigherIsBetter),
            Direction::Improving
        );
        assert_eq!(
            compute_direction(10.0, 12.0, Polarity::LowerIsBetter),
            Direction::Worsening
        );
        assert_eq!(
            compute_direction(10.0, 10.0, Polarity::LowerIsBetter),
            Direction::NoChange
        );
    }
}
