//! [`Trial`]: the handle an objective reports its learning curve to, and [`Stop`].

use core::fmt;
use std::collections::BTreeMap;

use super::CurvePoint;
use super::prune::{Board, Verdict};
use super::record::{Named, add_named};

/// The running trial, as the objective sees it: its index, and where it reports its learning
/// curve.
///
/// [`report`](Trial::report) returns `Err(`[`Stop`]`)` when the trial should end here: the pruner
/// judged it hopeless, or the value was NaN or infinite. Pass it on with `?` (the objective's
/// error type needs `From<Stop>`, which `Box<dyn Error + Send + Sync>`, `anyhow::Error`, `String`
/// and `Stop` itself have); the runner knows why the trial stopped, whatever the objective returns.
///
/// ```
/// use hp_study::{Stop, Trial};
/// let mut trial = Trial::new(7); // outside a study, e.g. to test an objective
/// trial.report(0, 0.9)?;
/// trial.report(1, 0.5)?;
/// assert_eq!(trial.index(), 7);
/// assert_eq!(trial.curve().len(), 2);
/// assert!(trial.report(2, f64::NAN).is_err()); // a NaN loss ends the trial as failed
/// # Ok::<(), Stop>(())
/// ```
#[derive(Debug)]
pub struct Trial<'a> {
    index: u64,
    curve: Vec<super::CurvePoint>,
    metrics: BTreeMap<String, f64>,
    constraints: BTreeMap<String, f64>,
    stop: Option<StopReason>,
    pruning: Option<Pruning<'a>>,
}

/// What the pruner needs during a trial.
#[derive(Debug)]
pub(crate) struct Pruning<'a> {
    pub(crate) board: &'a Board,
    // Reused for the earlier trials' values at a step: no allocation per report.
    pub(crate) scratch: Vec<f64>,
}

/// What a finished trial hands the runner.
pub(crate) struct Parts {
    pub(crate) curve: Vec<CurvePoint>,
    pub(crate) metrics: BTreeMap<String, f64>,
    pub(crate) constraints: BTreeMap<String, f64>,
    pub(crate) stop: Option<StopReason>,
}

/// Why a trial was stopped by the runner rather than by returning.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StopReason {
    Pruned {
        step: u64,
        /// The rung it failed, for a rule with rungs.
        rung: Option<u32>,
    },
    Failed(String),
    /// The study stopped (a storage error in another worker); the trial is not recorded.
    Aborted,
}

impl<'a> Trial<'a> {
    /// A trial outside any study, with nothing to prune it: for testing an objective.
    ///
    /// ```
    /// # use hp_study::Trial;
    /// assert!(Trial::new(0).curve().is_empty());
    /// ```
    pub fn new(index: u64) -> Self {
        Trial::with_pruning(index, None)
    }

    pub(crate) fn with_pruning(index: u64, pruning: Option<Pruning<'a>>) -> Self {
        Trial {
            index,
            curve: Vec::new(),
            metrics: BTreeMap::new(),
            constraints: BTreeMap::new(),
            stop: None,
            pruning,
        }
    }

    /// The trial's index in the study: its config is a function of the study's seed and this (and,
    /// with a learning sampler, of the results of the trials a lag below it).
    ///
    /// ```
    /// # use hp_study::Trial;
    /// assert_eq!(Trial::new(3).index(), 3);
    /// ```
    pub fn index(&self) -> u64 {
        self.index
    }

    /// The learning curve reported so far.
    ///
    /// ```
    /// # use hp_study::{CurvePoint, Trial};
    /// let mut t = Trial::new(0);
    /// t.report(5, 0.5).unwrap();
    /// assert_eq!(t.curve(), [CurvePoint { step: 5, value: 0.5 }]);
    /// ```
    pub fn curve(&self) -> &[CurvePoint] {
        &self.curve
    }

    /// Records a named extra metric of the trial besides its objective: an accuracy beside a
    /// loss, a training time, a parameter count. Stored with the trial's record (whatever the
    /// trial's outcome), exported as a column, shown in summaries.
    ///
    /// # Errors
    /// [`Stop`] (the trial is recorded as failed) for an empty name, a NaN or infinite value, or
    /// a second value for the same name; reporting the same value again is harmless. Once
    /// stopped, every later call returns the same `Stop`.
    ///
    /// ```
    /// # use hp_study::Trial;
    /// let mut t = Trial::new(0);
    /// t.metric("accuracy", 0.97)?;
    /// t.metric("accuracy", 0.97)?; // the same value again
    /// assert_eq!(t.metrics()["accuracy"], 0.97);
    /// let stop = t.metric("accuracy", 0.5).unwrap_err();
    /// assert_eq!(
    ///     stop.to_string(),
    ///     "trial failed: metric \"accuracy\" reported as 0.97, then as 0.5; a metric has one value per trial"
    /// );
    /// # Ok::<(), hp_study::Stop>(())
    /// ```
    pub fn metric(&mut self, name: &str, value: f64) -> Result<(), Stop> {
        self.add(Named::Metric, name, value)
    }

    /// Records a named constraint value: the trial is *feasible* when every constraint value is
    /// at most 0, as in Optuna (write "latency under 5 ms" as `latency_ms - 5.0`). Only feasible
    /// trials can be the study's best, in its top or on a Pareto front; TPE ranks infeasible
    /// trials after every feasible one (as Optuna's TPE with `constraints_func`), by how far they
    /// are from feasible, so it learns to avoid them.
    ///
    /// # Errors
    /// As [`metric`](Self::metric): an empty name, a NaN or infinite value, or a second value
    /// for the same name fails the trial.
    ///
    /// ```
    /// # use hp_study::Trial;
    /// let mut t = Trial::new(0);
    /// let latency_ms = 6.5;
    /// t.constraint("latency_ms_over_5", latency_ms - 5.0)?; // 1.5 > 0: infeasible
    /// assert_eq!(t.constraints()["latency_ms_over_5"], 1.5);
    /// # Ok::<(), hp_study::Stop>(())
    /// ```
    pub fn constraint(&mut self, name: &str, value: f64) -> Result<(), Stop> {
        self.add(Named::Constraint, name, value)
    }

    /// The constraint values recorded so far, by name.
    ///
    /// ```
    /// # use hp_study::Trial;
    /// assert!(Trial::new(0).constraints().is_empty());
    /// ```
    pub fn constraints(&self) -> &BTreeMap<String, f64> {
        &self.constraints
    }

    fn add(&mut self, kind: Named, name: &str, value: f64) -> Result<(), Stop> {
        if let Some(reason) = &self.stop {
            return Err(Stop(reason.clone()));
        }
        let map = match kind {
            Named::Metric => &mut self.metrics,
            Named::Constraint => &mut self.constraints,
        };
        match add_named(kind, map, name, value) {
            Ok(()) => Ok(()),
            Err(message) => self.stop(StopReason::Failed(message)),
        }
    }

    /// The metrics recorded so far, by name.
    ///
    /// ```
    /// # use hp_study::Trial;
    /// assert!(Trial::new(0).metrics().is_empty());
    /// ```
    pub fn metrics(&self) -> &BTreeMap<String, f64> {
        &self.metrics
    }

    /// Reports the value at `step` (an epoch, a "day" of the lecture's panda, a number of examples
    /// seen): one point of the learning curve. Steps must increase from one report to the next.
    ///
    /// With a pruner, this may wait for lower-index trials of the study to reach `step` (so that
    /// the decision is the same for any number of workers), then compares `value` with theirs.
    ///
    /// # Errors
    /// [`Stop`] if the trial should end here: the pruner stopped it (recorded as
    /// [`Status::Pruned`](super::Status::Pruned)), or `value` is NaN or infinite, or `step` does
    /// not increase (recorded as [`Status::Failed`](super::Status::Failed)). Once stopped, every
    /// later report returns the same `Stop`.
    ///
    /// ```
    /// # use hp_study::Trial;
    /// let mut t = Trial::new(0);
    /// t.report(1, 0.5).unwrap();
    /// let stop = t.report(1, 0.4).unwrap_err();
    /// assert_eq!(stop.to_string(), "trial failed: step 1 reported after step 1; steps must increase");
    /// ```
    pub fn report(&mut self, step: u64, value: f64) -> Result<(), Stop> {
        if let Some(reason) = &self.stop {
            return Err(Stop(reason.clone()));
        }
        if !value.is_finite() {
            return self.stop(StopReason::Failed(format!("the value reported at step {step} is {value}")));
        }
        if let Some(last) = self.curve.last()
            && step <= last.step
        {
            let message = format!("step {step} reported after step {}; steps must increase", last.step);
            return self.stop(StopReason::Failed(message));
        }
        let point = CurvePoint { step, value };
        self.curve.push(point);
        if let Some(p) = &mut self.pruning {
            match p.board.report(self.index, point, &mut p.scratch) {
                Verdict::Continue => {}
                Verdict::Prune(rung) => return self.stop(StopReason::Pruned { step, rung }),
                Verdict::Aborted => return self.stop(StopReason::Aborted),
            }
        }
        Ok(())
    }

    fn stop(&mut self, reason: StopReason) -> Result<(), Stop> {
        self.stop = Some(reason.clone());
        Err(Stop(reason))
    }

    pub(crate) fn into_parts(self) -> Parts {
        Parts { curve: self.curve, metrics: self.metrics, constraints: self.constraints, stop: self.stop }
    }
}

/// The error of [`Trial::report`]: the trial should end here, and the runner already knows why
/// (pruned, or a NaN, infinite or out-of-order report). Return it with `?`.
///
/// ```
/// use hp_study::{Stop, Trial};
/// fn objective(trial: &mut Trial) -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
///     trial.report(0, f64::INFINITY)?; // Stop converts into the boxed error
///     Ok(1.0)
/// }
/// let err = objective(&mut Trial::new(0)).unwrap_err();
/// assert_eq!(err.to_string(), "trial failed: the value reported at step 0 is inf");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Stop(StopReason);

impl Stop {
    /// The step at which the pruner stopped the trial, or `None` if it was stopped as failed.
    ///
    /// ```
    /// # use hp_study::Trial;
    /// let stop = Trial::new(0).report(0, f64::NAN).unwrap_err();
    /// assert_eq!(stop.pruned_step(), None);
    /// ```
    pub fn pruned_step(&self) -> Option<u64> {
        match self.0 {
            StopReason::Pruned { step, .. } => Some(step),
            _ => None,
        }
    }
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            StopReason::Pruned { step, rung: None } => write!(f, "trial pruned at step {step}"),
            StopReason::Pruned { step, rung: Some(rung) } => {
                write!(f, "trial pruned at step {step} (rung {rung})")
            }
            StopReason::Failed(message) => write!(f, "trial failed: {message}"),
            StopReason::Aborted => f.write_str("trial stopped: the study was aborted"),
        }
    }
}

impl std::error::Error for Stop {}

/// So that an objective whose error type is `String` can use `?` on [`Trial::report`].
impl From<Stop> for String {
    fn from(stop: Stop) -> String {
        stop.to_string()
    }
}
