//! Values worked out where a return does not report them: RAG from actual, target, polarity and
//! tolerance; direction of travel against the previous period.

use std::collections::HashMap;

use crate::config::Config;
use crate::schema::{Measure, MeasureKind, Observation, RagSource};

pub use crate::schema::{compute_direction, compute_rag};

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
    for (o, k) in observations.iter_mut().zip(&obs_key) {
        let Some(m) = defs.get(k) else { continue };
        if o.rag.is_some() || m.kind == Some(MeasureKind::Statistic) {
            continue;
        }
        if let (Some(a), Some(t), Some(p)) = (o.actual, o.target, m.polarity) {
            o.rag = Some(compute_rag(a, t, p, config.rag_tolerance(m)));
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
    use crate::schema::{Direction, Polarity, Rag};

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
