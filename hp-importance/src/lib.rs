//! Which hyperparameters mattered: PED-ANOVA (Watanabe, Bansal and Hutter, IJCAI 2023), the
//! importance Optuna 5 computes by default, on hp's unit cube.
//!
//! [`PedAnova::importances`] reads a study's finished trials (hp-core's
//! [`Observation`]s: each one's unit point and outcome) and says, per parameter, how much its
//! distribution among the best trials differs from its distribution among all of them. hp-study's
//! `Results::importances` calls it for a study's records.
//!
//! ```
//! use hp_core::sampler::{Observation, Outcome};
//! use hp_core::{Direction, LinearScale, SpaceBuilder};
//! use hp_importance::PedAnova;
//!
//! // x decides the loss, y does nothing.
//! let mut b = SpaceBuilder::new();
//! b.scale("x".into(), "f64", &LinearScale::new(0.0, 1.0)?);
//! b.scale("y".into(), "f64", &LinearScale::new(0.0, 1.0)?);
//! let space = b.finish();
//! let trials: Vec<Observation> = (0..200u64)
//!     .map(|i| {
//!         let (x, y) = ((i as f64 * 0.618_034) % 1.0, (i as f64 * 0.754_878) % 1.0);
//!         Observation::new(i, vec![x, y], Outcome::Complete { value: (x - 0.3).abs() })
//!     })
//!     .collect();
//! let importances = PedAnova::new().importances(&space, &trials, Direction::Minimize)?;
//! assert_eq!(importances[0].name, "x");
//! assert!(importances[0].importance > 0.9);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod parzen;

use core::fmt;

use hp_core::sampler::{Observation, Outcome};
use hp_core::{Direction, Levels, Param, Space, Value};

/// PED-ANOVA's settings, Optuna 5's defaults: the importance of reaching the top 10 % of trials
/// (`target_quantile`), measured among all trials (`region_quantile` 1).
///
/// For each parameter, PED-ANOVA puts its values on a grid (a continuous range or more than 50
/// values: 50 points along its unit coordinate, so a `log` field in log space; fewer values or
/// categories: one point each), fits a Parzen estimator to the target trials' grid points and one
/// to the region's, and takes their Pearson divergence, `Σ p_region (p_target / p_region − 1)²`.
/// A parameter active in only some trials (an enum variant's field) is measured on those, weighted
/// by `α² / β` (the shares of target and region trials where it is active), as Conditional
/// PED-ANOVA does. The importances are scaled by the quantile ratio squared and normalized to sum
/// to 1 (all equal when every one is 0), largest first.
///
/// ```
/// let evaluator = hp_importance::PedAnova::new().target_quantile(0.2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PedAnova {
    target_quantile: f64,
    region_quantile: f64,
}

impl Default for PedAnova {
    fn default() -> Self {
        PedAnova::new()
    }
}

/// One parameter's importance: its dotted name and its share of the total (0 to 1).
///
/// ```
/// let i = hp_importance::Importance { name: "lr".into(), importance: 0.8 };
/// assert_eq!(i.to_string(), "lr 0.800");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Importance {
    /// The parameter's dotted name, as in its [`Param`].
    pub name: String,
    /// Its share of the total importance.
    pub importance: f64,
}

impl fmt::Display for Importance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:.3}", self.name, self.importance)
    }
}

/// Why importances cannot be computed.
///
/// ```
/// let e = hp_importance::ImportanceError::TooFewTrials { complete: 1 };
/// assert_eq!(e.to_string(), "1 complete trial with a finite value; importances need at least 2");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ImportanceError {
    /// The quantiles are not `0 < target < region <= 1`.
    Quantiles {
        /// The target quantile given.
        target: f64,
        /// The region quantile given.
        region: f64,
    },
    /// Fewer than two complete trials with a finite value.
    TooFewTrials {
        /// How many there are.
        complete: usize,
    },
    /// A trial's point has another number of coordinates than the space.
    Dimensions {
        /// The trial's index.
        index: u64,
        /// Its number of coordinates.
        found: usize,
        /// The space's.
        expected: usize,
    },
}

impl fmt::Display for ImportanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportanceError::Quantiles { target, region } => write!(
                f,
                "target quantile {target} and region quantile {region}: they must satisfy 0 < target < region <= 1"
            ),
            ImportanceError::TooFewTrials { complete } => write!(
                f,
                "{complete} complete trial{} with a finite value; importances need at least 2",
                if *complete == 1 { "" } else { "s" }
            ),
            ImportanceError::Dimensions { index, found, expected } => {
                write!(f, "trial {index} has {found} coordinates, the space {expected}")
            }
        }
    }
}

impl std::error::Error for ImportanceError {}

/// The grid points of a parameter with more values than this (or a continuous range).
const STEPS: usize = 50;
/// A regime (the trials where a parameter is active, or those where it is not) with fewer trials
/// than this is left out, as in Optuna.
const MIN_TRIALS_IN_REGIME: usize = 2;

impl PedAnova {
    /// Optuna 5's defaults: target quantile 0.1, region quantile 1.
    ///
    /// ```
    /// assert_eq!(hp_importance::PedAnova::new(), hp_importance::PedAnova::default());
    /// ```
    pub fn new() -> Self {
        PedAnova { target_quantile: 0.1, region_quantile: 1.0 }
    }

    /// The share of best trials whose values are explained (default 0.1).
    ///
    /// ```
    /// let evaluator = hp_importance::PedAnova::new().target_quantile(0.25);
    /// ```
    pub fn target_quantile(mut self, q: f64) -> Self {
        self.target_quantile = q;
        self
    }

    /// The share of best trials the importance is measured among (default 1: all).
    ///
    /// ```
    /// let evaluator = hp_importance::PedAnova::new().region_quantile(0.5);
    /// ```
    pub fn region_quantile(mut self, q: f64) -> Self {
        self.region_quantile = q;
        self
    }

    /// Every searched parameter's importance among `trials` (their complete ones with a finite
    /// value; lower is better after `direction`), largest first, summing to 1.
    ///
    /// # Errors
    /// [`ImportanceError::Quantiles`] for quantiles not `0 < target < region <= 1`;
    /// [`ImportanceError::TooFewTrials`] for fewer than 2 complete trials;
    /// [`ImportanceError::Dimensions`] for a point of another dimension than the space.
    ///
    /// ```
    /// # use hp_core::{Direction, Hyperparams};
    /// let e = hp_importance::PedAnova::new().importances(&bool::space(), &[], Direction::Minimize);
    /// assert!(e.is_err());
    /// ```
    pub fn importances(
        &self,
        space: &Space,
        trials: &[Observation],
        direction: Direction,
    ) -> Result<Vec<Importance>, ImportanceError> {
        let (target_q, region_q) = (self.target_quantile, self.region_quantile);
        if !(0.0 < target_q && target_q < region_q && region_q <= 1.0) {
            return Err(ImportanceError::Quantiles { target: target_q, region: region_q });
        }
        let mut complete: Vec<(&[f64], f64)> = Vec::new();
        for o in trials {
            if o.unit.len() != space.dim() {
                let (found, expected) = (o.unit.len(), space.dim());
                return Err(ImportanceError::Dimensions { index: o.index, found, expected });
            }
            if let (Outcome::Complete { .. }, Some(loss)) = (o.outcome, o.outcome.loss(direction))
                && loss.is_finite()
            {
                complete.push((&o.unit, loss));
            }
        }
        if complete.len() < 2 {
            return Err(ImportanceError::TooFewTrials { complete: complete.len() });
        }
        let target = top(&complete, target_q);
        let region = top(&complete, region_q);
        let quantile = target.len() as f64 / region.len() as f64;
        let mut out: Vec<Importance> = Vec::new();
        for param in space.coordinates() {
            let Some(c) = param.coordinate() else { continue };
            let Some(grid) = Grid::of(param) else {
                // One value: nothing to explain.
                out.push(Importance { name: param.name().to_owned(), importance: 0.0 });
                continue;
            };
            let active = |points: &[&[f64]]| -> Vec<usize> {
                points.iter().filter(|u| space.is_active(c, u)).map(|u| grid.index(param, u[c])).collect()
            };
            let (target_active, region_active) = (active(&target), active(&region));
            // The inactive regime has no distribution; too small a regime is left out.
            let importance = if region_active.len() < MIN_TRIALS_IN_REGIME || target_active.is_empty() {
                0.0
            } else {
                let alpha = target_active.len() as f64 / target.len() as f64;
                let beta = region_active.len() as f64 / region.len() as f64;
                alpha * alpha / beta * grid.divergence(&target_active, &region_active)
            };
            out.push(Importance {
                name: param.name().to_owned(),
                importance: importance * quantile * quantile,
            });
        }
        let total: f64 = out.iter().map(|i| i.importance).sum();
        let n = out.len() as f64;
        for i in &mut out {
            i.importance = if total > 0.0 { i.importance / total } else { 1.0 / n };
        }
        // Largest first; equal ones in the space's order.
        out.sort_by(|a, b| b.importance.total_cmp(&a.importance));
        Ok(out)
    }
}

/// The trials whose loss is at or below the `q` quantile's (ties kept), as Optuna's
/// `_QuantileFilter`: all of them for `q = 1`.
fn top<'a>(trials: &[(&'a [f64], f64)], q: f64) -> Vec<&'a [f64]> {
    if q >= 1.0 {
        return trials.iter().map(|&(u, _)| u).collect();
    }
    let mut losses: Vec<f64> = trials.iter().map(|&(_, l)| l).collect();
    losses.sort_by(f64::total_cmp);
    let cutoff_index = ((q * losses.len() as f64).ceil() as usize).saturating_sub(1);
    let cutoff = losses[cutoff_index];
    trials.iter().filter(|&&(_, l)| l <= cutoff).map(|&(u, _)| u).collect()
}

/// How a parameter's values become grid points.
enum Grid {
    /// Categories: a point each.
    Categories(usize),
    /// Few ordered values: a point each, found by the nearest value's unit point.
    Values(Vec<f64>),
    /// A continuous range, or many values: [`STEPS`] points along the unit coordinate.
    Steps,
}

impl Grid {
    /// `None` for a parameter with one value.
    fn of(param: &Param) -> Option<Grid> {
        match param.levels()? {
            Levels::Categories(labels) if labels.len() > 1 => Some(Grid::Categories(labels.len())),
            Levels::Values(n) if n > 1 && n as usize <= STEPS => {
                Some(Grid::Values((0..n).map(|k| param.nth_unit(k).unwrap_or(0.5)).collect()))
            }
            Levels::Values(n) if n > 1 => Some(Grid::Steps),
            Levels::Continuous => Some(Grid::Steps),
            _ => None,
        }
    }

    fn size(&self) -> usize {
        match self {
            Grid::Categories(n) => *n,
            Grid::Values(points) => points.len(),
            Grid::Steps => STEPS,
        }
    }

    /// The grid point of unit coordinate `u`.
    fn index(&self, param: &Param, u: f64) -> usize {
        match self {
            Grid::Categories(n) => match param.from_unit(u) {
                Some(Value::Choice(k)) => k.min(n - 1),
                _ => 0,
            },
            // The values' unit points increase: the nearest one is the value's.
            Grid::Values(points) => {
                let k = points.partition_point(|&p| p < u);
                match (k.checked_sub(1), points.get(k)) {
                    (Some(below), Some(&above)) if u - points[below] <= above - u => below,
                    (Some(below), None) => below,
                    _ => k,
                }
            }
            // Optuna's `ceil(position * (n - 1) - 1/2)`, on the unit coordinate.
            Grid::Steps => {
                let k = (u * (STEPS - 1) as f64 - 0.5).ceil();
                if k.is_nan() { 0 } else { (k.max(0.0) as usize).min(STEPS - 1) }
            }
        }
    }

    /// The Pearson divergence of the target's grid points from the region's.
    fn divergence(&self, target: &[usize], region: &[usize]) -> f64 {
        let count = |points: &[usize]| {
            let mut counts = vec![0u64; self.size()];
            points.iter().for_each(|&k| counts[k] += 1);
            counts
        };
        let categorical = matches!(self, Grid::Categories(_));
        let p_target = parzen::pdf(&count(target), categorical, 1.0);
        let p_region = parzen::pdf(&count(region), categorical, 1.0);
        p_target
            .iter()
            .zip(&p_region)
            .map(|(t, r)| {
                let (t, r) = (t + 1e-12, r + 1e-12);
                r * (t / r - 1.0) * (t / r - 1.0)
            })
            .sum()
    }
}
