//! Several objectives at once: which trials are Pareto-optimal ([`Results::pareto_front`]) and
//! how much of the objective space their front dominates ([`ParetoFront::hypervolume`]).
//!
//! An [`Objective`] is the trial's value or one of its named [metrics](crate::Trial::metric),
//! with a direction: a study that records its model's size beside its error can be read as a
//! two-objective study (error and size) without running it again.

use core::fmt;

use super::{Results, Status, StudyError, TrialRecord};
use hp_core::Direction;
use hp_core::sampler::dominates;

/// One objective of a multi-objective reading of a study: the trial's value, or one of its
/// metrics, and whether lower or higher is better.
///
/// ```
/// use hp_core::Direction;
/// use hp_study::Objective;
/// let error = Objective::value(Direction::Minimize);
/// let size = Objective::metric("parameters", Direction::Minimize);
/// assert_eq!((error.name(), size.name()), ("value", "parameters"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Objective {
    metric: Option<String>,
    direction: Direction,
    label: Option<String>,
}

impl Objective {
    /// The trial's value (what the objective function returned).
    ///
    /// ```
    /// # use hp_core::Direction;
    /// assert_eq!(hp_study::Objective::value(Direction::Maximize).direction(), Direction::Maximize);
    /// ```
    pub fn value(direction: Direction) -> Self {
        Objective { metric: None, direction, label: None }
    }

    /// The trial's metric `name` ([`Trial::metric`](crate::Trial::metric)).
    ///
    /// ```
    /// # use hp_core::Direction;
    /// let accuracy = hp_study::Objective::metric("accuracy", Direction::Maximize);
    /// ```
    pub fn metric(name: impl Into<String>, direction: Direction) -> Self {
        Objective { metric: Some(name.into()), direction, label: None }
    }

    /// `value`, or the metric's name.
    ///
    /// ```
    /// # use hp_core::Direction;
    /// assert_eq!(hp_study::Objective::metric("seconds", Direction::Minimize).name(), "seconds");
    /// ```
    pub fn name(&self) -> &str {
        self.metric.as_deref().unwrap_or("value")
    }

    /// The objective as plots and messages call it (default: its [name](Self::name)).
    ///
    /// ```
    /// # use hp_core::Direction;
    /// let error = hp_study::Objective::value(Direction::Minimize).labelled("validation error");
    /// assert_eq!((error.name(), error.label()), ("value", "validation error"));
    /// ```
    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Its [label](Self::labelled), or its name.
    ///
    /// ```
    /// # use hp_core::Direction;
    /// assert_eq!(hp_study::Objective::metric("seconds", Direction::Minimize).label(), "seconds");
    /// ```
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or_else(|| self.name())
    }

    /// Whether lower or higher is better.
    ///
    /// ```
    /// # use hp_core::Direction;
    /// assert_eq!(hp_study::Objective::value(Direction::Minimize).direction(), Direction::Minimize);
    /// ```
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The metric's name, `None` for the value.
    pub(crate) fn metric_name(&self) -> Option<&str> {
        self.metric.as_deref()
    }

    /// The record's value of this objective: its value if it completed, or its metric; `None`
    /// if it has none, or a NaN or infinite one (which no stored record has, but records built
    /// by hand may).
    fn of(&self, record: &TrialRecord) -> Option<f64> {
        let x = match &self.metric {
            None => record.value,
            Some(name) => record.metrics.get(name).copied(),
        };
        x.filter(|x| x.is_finite())
    }

    /// `x` as a loss (lower is better), the form the front and the hypervolume work in.
    fn loss(&self, x: f64) -> f64 {
        match self.direction {
            Direction::Minimize => x,
            Direction::Maximize => -x,
        }
    }
}

/// A record's objectives as losses (lower is better), in declared order: what a sampler sees of a
/// complete feasible trial. `None` without every objective, or in a study of one.
pub(crate) fn losses(objectives: &[Objective], record: &TrialRecord) -> Option<Vec<f64>> {
    if objectives.is_empty() || !matches!(record.status, Status::Complete) || !record.feasible() {
        return None;
    }
    objectives.iter().map(|o| o.of(record).map(|x| o.loss(x))).collect()
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label(), self.direction.name())
    }
}

/// The trials of a study that no other trial beats in every objective at once, from
/// [`Results::pareto_front`].
///
/// A trial *dominates* another if it is at least as good in every objective and better in one;
/// the front is every trial no other dominates (trials with equal values are all on it). Only
/// feasible complete trials that have every objective, each finite, take part: a pruned, failed
/// or infeasible trial, or one without a metric named, is [left out](ParetoFront::left_out).
#[derive(Clone, Debug)]
pub struct ParetoFront<'a> {
    objectives: Vec<Objective>,
    trials: Vec<&'a TrialRecord>,
    values: Vec<Vec<f64>>,
    /// Every trial that took part, with its values and whether it is on the front.
    pub(crate) everyone: Vec<(&'a TrialRecord, Vec<f64>, bool)>,
    left_out: usize,
}

impl<'a> ParetoFront<'a> {
    /// The objectives, as given.
    pub fn objectives(&self) -> &[Objective] {
        &self.objectives
    }

    /// The trials on the front, by index.
    pub fn trials(&self) -> &[&'a TrialRecord] {
        &self.trials
    }

    /// Each front trial's objective values, in the objectives' order.
    pub fn values(&self) -> &[Vec<f64>] {
        &self.values
    }

    /// How many trials took part (complete, with every objective).
    pub fn considered(&self) -> usize {
        self.everyone.len()
    }

    /// How many trials were left out (not complete, infeasible, or without a metric named).
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    /// The hypervolume of the front: the size of the region of objective space that the front
    /// dominates and that dominates `reference` (a point worse than every front trial in every
    /// objective, in the objectives' own units). Exact: a sweep in 2 objectives, the WFG algorithm
    /// (While, Bradstreet and Barone 2012, as Optuna computes it) in more.
    ///
    /// ```
    /// use hp_core::Direction;
    /// use hp_study::{Objective, Results, Status, TrialRecord};
    /// let trial = |index, error: f64, size: f64| TrialRecord {
    ///     index, config: serde_json::json!(true), unit: vec![0.75], curve: vec![], value: Some(error),
    ///     status: Status::Complete, duration_secs: 0.0,
    ///     metrics: [("size".to_owned(), size)].into_iter().collect(), constraints: Default::default(),
    /// };
    /// let results = Results::<bool>::new(
    ///     vec![trial(0, 0.1, 300.0), trial(1, 0.2, 100.0), trial(2, 0.3, 300.0)],
    ///     Direction::Minimize,
    /// );
    /// let objectives = [Objective::value(Direction::Minimize), Objective::metric("size", Direction::Minimize)];
    /// let front = results.pareto_front(&objectives)?;
    /// assert_eq!(front.trials().iter().map(|r| r.index).collect::<Vec<_>>(), [0, 1]); // 2 is beaten by 0
    /// // (1.0 - 0.1) x (1000 - 300) + (1.0 - 0.2) x (300 - 100)
    /// assert!((front.hypervolume(&[1.0, 1000.0])? - 790.0).abs() < 1e-9);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Objectives`] for a reference of another length than the objectives, one that
    /// is not finite, or one that some front trial is worse than in some objective (naming it).
    pub fn hypervolume(&self, reference: &[f64]) -> Result<f64, StudyError> {
        let bad = |message: String| Err(StudyError::Objectives { message });
        if reference.len() != self.objectives.len() {
            return bad(format!(
                "the reference point has {} values for {} objectives",
                reference.len(),
                self.objectives.len()
            ));
        }
        if let Some(x) = reference.iter().find(|x| !x.is_finite()) {
            return bad(format!("the reference point holds {x}; it must be finite"));
        }
        let losses = |values: &[f64]| -> Vec<f64> {
            self.objectives.iter().zip(values).map(|(o, &x)| o.loss(x)).collect()
        };
        let r = losses(reference);
        let mut points = Vec::with_capacity(self.values.len());
        for (trial, values) in self.trials.iter().zip(&self.values) {
            let p = losses(values);
            if let Some(k) = (0..r.len()).find(|&k| p[k] > r[k]) {
                return bad(format!(
                    "trial {}'s {} is {}, worse than the reference point's {}; choose a reference worse than \
                     every front trial in every objective (its worst value of each, say)",
                    trial.index, self.objectives[k], values[k], reference[k]
                ));
            }
            points.push(p);
        }
        Ok(hypervolume(points, &r))
    }
}

impl<C> Results<C> {
    /// The trials that no other beats in every objective at once: see [`ParetoFront`].
    ///
    /// ```
    /// # use hp_core::Direction;
    /// # use hp_study::{Objective, Stop, Study, Trial};
    /// let results = Study::<bool>::new("s").budget(2).run(|heads: &bool, t: &mut Trial| -> Result<f64, Stop> {
    ///     t.metric("seconds", if *heads { 1.0 } else { 5.0 })?;
    ///     Ok(if *heads { 0.5 } else { 0.1 })
    /// })?;
    /// let front = results.pareto_front(&[
    ///     Objective::value(Direction::Minimize),
    ///     Objective::metric("seconds", Direction::Minimize),
    /// ])?;
    /// assert_eq!(front.considered(), 2);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Objectives`] for no objective, or the same one twice.
    pub fn pareto_front(&self, objectives: &[Objective]) -> Result<ParetoFront<'_>, StudyError> {
        if objectives.is_empty() {
            return Err(StudyError::Objectives { message: "no objective given".into() });
        }
        if let Some((k, o)) = objectives.iter().enumerate().find(|(k, o)| objectives[..*k].contains(o)) {
            let message = format!("objective {k}, {o}, is given twice");
            return Err(StudyError::Objectives { message });
        }
        let mut taking_part = Vec::new();
        for r in self.records() {
            let values: Option<Vec<f64>> = objectives.iter().map(|o| o.of(r)).collect();
            match values {
                Some(values) if matches!(r.status, Status::Complete) && r.feasible() => {
                    taking_part.push((r, values))
                }
                _ => {}
            }
        }
        let losses: Vec<Vec<f64>> = taking_part
            .iter()
            .map(|(_, values)| objectives.iter().zip(values).map(|(o, &x)| o.loss(x)).collect())
            .collect();
        let on_front = non_dominated(&losses);
        let everyone: Vec<(&TrialRecord, Vec<f64>, bool)> =
            taking_part.into_iter().zip(on_front).map(|((r, values), on)| (r, values, on)).collect();
        let (trials, values) =
            everyone.iter().filter(|(.., on)| *on).map(|(r, values, _)| (*r, values.clone())).unzip();
        Ok(ParetoFront {
            objectives: objectives.to_vec(),
            trials,
            values,
            left_out: self.records().len() - everyone.len(),
            everyone,
        })
    }
}

/// Which of `points` (losses) no other point dominates.
pub(crate) fn non_dominated(points: &[Vec<f64>]) -> Vec<bool> {
    points.iter().map(|p| !points.iter().any(|q| dominates(q, p))).collect()
}

/// The hypervolume of `points` (losses, each `<= reference`) against `reference`.
pub(crate) fn hypervolume(mut points: Vec<Vec<f64>>, reference: &[f64]) -> f64 {
    // Only the front counts, each point once; sorted by the first loss.
    points.sort_by(|a, b| {
        a.iter().zip(b).map(|(x, y)| x.total_cmp(y)).find(|o| o.is_ne()).unwrap_or(core::cmp::Ordering::Equal)
    });
    points.dedup();
    let on_front = non_dominated(&points);
    let front: Vec<Vec<f64>> =
        points.into_iter().zip(on_front).filter(|(_, on)| *on).map(|(p, _)| p).collect();
    match reference.len() {
        0 => 0.0,
        2 => {
            // Sorted by the first loss, the front's second loss falls: a staircase of rectangles.
            let mut volume = 0.0;
            let mut ceiling = reference[1];
            for p in &front {
                volume += (reference[0] - p[0]) * (ceiling - p[1]);
                ceiling = p[1];
            }
            volume
        }
        _ => wfg(&front, reference),
    }
}

/// WFG: the sum over points of each one's exclusive hypervolume against the points after it.
fn wfg(points: &[Vec<f64>], reference: &[f64]) -> f64 {
    let inclusive = |p: &[f64]| p.iter().zip(reference).map(|(x, r)| r - x).product::<f64>();
    (0..points.len())
        .map(|i| {
            // The points after i, limited to the box i dominates: what of i they also dominate.
            let limited: Vec<Vec<f64>> = points[i + 1..]
                .iter()
                .map(|q| q.iter().zip(&points[i]).map(|(x, y)| x.max(*y)).collect())
                .collect();
            let on_front = non_dominated(&limited);
            let mut front: Vec<Vec<f64>> =
                limited.into_iter().zip(on_front).filter(|(_, on)| *on).map(|(p, _)| p).collect();
            front.dedup();
            inclusive(&points[i]) - wfg(&front, reference)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small generator: points with integer losses in `0..side` (many ties and duplicates).
    fn points(seed: u64, n: usize, d: usize, side: u64) -> Vec<Vec<f64>> {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % side) as f64
        };
        (0..n).map(|_| (0..d).map(|_| next()).collect()).collect()
    }

    /// The hypervolume of integer points against `(side, ..., side)` is the number of unit cells
    /// some point is below in every coordinate: counted one by one.
    fn cells_dominated(points: &[Vec<f64>], d: usize, side: u64) -> f64 {
        let cells = side.pow(d as u32);
        (0..cells)
            .filter(|&c| {
                let cell: Vec<f64> = (0..d).map(|k| ((c / side.pow(k as u32)) % side) as f64).collect();
                points.iter().any(|p| p.iter().zip(&cell).all(|(x, y)| x <= y))
            })
            .count() as f64
    }

    #[test]
    fn the_hypervolume_is_the_count_of_dominated_cells() {
        for d in 2..=4 {
            for n in 0..=12 {
                for seed in 0..25 {
                    let side = 6;
                    let pts = points(seed * 100 + n as u64, n, d, side);
                    let reference = vec![side as f64; d];
                    let got = hypervolume(pts.clone(), &reference);
                    assert_eq!(got, cells_dominated(&pts, d, side), "d {d}, {pts:?}");
                }
            }
        }
    }

    #[test]
    fn the_front_is_every_point_no_other_dominates() {
        for seed in 0..200 {
            let pts = points(seed, 15, 3, 5);
            let front = non_dominated(&pts);
            for (i, p) in pts.iter().enumerate() {
                let beaten = pts.iter().any(|q| q.iter().zip(p).all(|(a, b)| a <= b) && q != p);
                assert_eq!(front[i], !beaten, "{p:?} in {pts:?}");
            }
        }
    }

    #[test]
    fn one_point_is_its_box() {
        assert_eq!(hypervolume(vec![vec![1.0, 2.0, 3.0]], &[2.0, 4.0, 6.0]), 6.0);
        assert_eq!(hypervolume(vec![], &[1.0, 1.0]), 0.0);
    }
}
