//! Samplers: the unit-cube point of trial `i`, given what the other trials found.
//!
//! A [`Sampler`] proposes trial `i`'s point from a [`History`]: the trials it may condition on,
//! each with its point and [`Outcome`] (a value, pruned at a step, failed, or still running).
//! Every [`Strategy`] is a sampler that ignores the history, so random, grid and Sobol search
//! run wherever a sampler does and give exactly the points they always gave; a model-based
//! sampler such as hp-tpe's `Tpe` learns from it.
//!
//! Which trials a history holds is the runner's choice, and it is what makes a model-based
//! search reproducible: hp's study runner gives trial `i` the results of trials `0..=i-L` and
//! lists `i-L+1..i-1` as running, for a lag `L` that does not depend on the number of workers.
//!
//! ```
//! use hp_core::Direction;
//! use hp_core::sampler::{History, Observation, Outcome, Sampler};
//! use hp_core::strategy::Random;
//!
//! let trials = [
//!     Observation::new(0, vec![0.25], Outcome::Complete { value: 0.5 }),
//!     Observation::new(1, vec![0.75], Outcome::Running),
//! ];
//! let history = History::new(Direction::Minimize, &trials);
//! let random = Random::new(7, 1);
//! let mut point = [0.0];
//! random.propose(2, &history, &mut point); // a strategy ignores the history...
//! assert_eq!(point.to_vec(), hp_core::strategy::Strategy::point(&random, 2).unwrap());
//! assert!(!random.uses_history()); // ...and says so
//! ```

use crate::Direction;
use crate::strategy::Strategy;

/// How a trial in a [`History`] ended, or that it is still running.
///
/// ```
/// use hp_core::Direction;
/// use hp_core::sampler::Outcome;
/// let done = Outcome::Complete { value: 0.3 };
/// assert_eq!(done.loss(Direction::Maximize), Some(-0.3)); // lower is better, whatever the direction
/// assert_eq!(Outcome::Failed.loss(Direction::Minimize), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// The objective returned `value` (finite).
    Complete {
        /// The final value.
        value: f64,
    },
    /// The pruner stopped the trial after `step`, where it reported `value`.
    Pruned {
        /// The last step reported.
        step: u64,
        /// The value reported there.
        value: f64,
    },
    /// The trial finished (complete or pruned) but broke a constraint: `violation` is the sum of
    /// its constraint values above 0. Its value is not comparable with feasible trials'.
    Infeasible {
        /// How far from feasible (positive).
        violation: f64,
    },
    /// The trial failed: it says nothing about its point's quality.
    Failed,
    /// The trial has a point but no result yet (it is running, or, in a lagged run, its result
    /// is not to be used yet).
    Running,
}

impl Outcome {
    /// The value as a loss (lower is better: negated when maximizing), for a complete or pruned
    /// trial; `None` for an infeasible, failed or running one.
    ///
    /// ```
    /// use hp_core::Direction;
    /// use hp_core::sampler::Outcome;
    /// assert_eq!(Outcome::Pruned { step: 3, value: 2.0 }.loss(Direction::Minimize), Some(2.0));
    /// assert_eq!(Outcome::Running.loss(Direction::Minimize), None);
    /// ```
    pub fn loss(&self, direction: Direction) -> Option<f64> {
        let value = match *self {
            Outcome::Complete { value } | Outcome::Pruned { value, .. } => value,
            Outcome::Infeasible { .. } | Outcome::Failed | Outcome::Running => return None,
        };
        Some(match direction {
            Direction::Minimize => value,
            Direction::Maximize => -value,
        })
    }
}

/// One trial a sampler may condition on: its index, its unit-cube point (as its config maps back,
/// [`Hyperparams::to_unit`](crate::Hyperparams::to_unit): discrete values at their bins' centres,
/// inactive coordinates at 0.5), its [`Outcome`], and in a study of several objectives, their
/// values.
///
/// ```
/// use hp_core::sampler::{Observation, Outcome};
/// let o = Observation::new(3, vec![0.5, 0.1], Outcome::Failed);
/// assert_eq!((o.index, o.unit.len()), (3, 2));
/// assert!(o.objectives.is_empty()); // one objective: the outcome's value
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// The trial's index.
    pub index: u64,
    /// Its point in the unit cube.
    pub unit: Vec<f64>,
    /// How it ended, or that it is running.
    pub outcome: Outcome,
    /// In a study of several objectives, a complete feasible trial's value of each, in the
    /// study's order and as a loss (lower is better: a maximized objective is negated), so that a
    /// sampler needs no directions. Empty otherwise: a single-objective study's value is the
    /// outcome's.
    pub objectives: Vec<f64>,
}

impl Observation {
    /// An observation of trial `index` at `unit`.
    ///
    /// ```
    /// use hp_core::sampler::{Observation, Outcome};
    /// assert_eq!(Observation::new(0, vec![0.5], Outcome::Running).outcome, Outcome::Running);
    /// ```
    pub fn new(index: u64, unit: Vec<f64>, outcome: Outcome) -> Self {
        Observation { index, unit, outcome, objectives: Vec::new() }
    }

    /// The observation with the values of several objectives, as losses (see
    /// [`objectives`](Observation::objectives)).
    ///
    /// ```
    /// use hp_core::sampler::{Observation, Outcome};
    /// let o = Observation::new(0, vec![0.5], Outcome::Complete { value: 0.1 }).with_objectives(vec![0.1, 3e4]);
    /// assert_eq!(o.objectives, [0.1, 3e4]);
    /// ```
    pub fn with_objectives(mut self, losses: Vec<f64>) -> Self {
        self.objectives = losses;
        self
    }
}

/// Whether losses `a` dominate losses `b` (Pareto): no worse in every objective and better in
/// one. Lower is better, as in [`Observation::objectives`]; a NaN is never better nor dominated;
/// vectors of different lengths compare on their common objectives.
///
/// ```
/// use hp_core::sampler::dominates;
/// assert!(dominates(&[0.1, 300.0], &[0.2, 300.0]));
/// assert!(!dominates(&[0.1, 900.0], &[0.2, 300.0])); // each is better at something
/// assert!(!dominates(&[0.1, 300.0], &[0.1, 300.0])); // equal points do not dominate each other
/// ```
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
}

/// What a sampler sees when it proposes a trial: the study's [`Direction`] and the trials it may
/// condition on, in increasing index order.
///
/// ```
/// use hp_core::Direction;
/// use hp_core::sampler::{History, Observation, Outcome};
/// let trials = [Observation::new(0, vec![0.5], Outcome::Complete { value: 1.0 })];
/// let history = History::new(Direction::Minimize, &trials);
/// assert_eq!(history.trials().len(), 1);
/// assert_eq!(History::empty(Direction::Maximize).trials().len(), 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct History<'a> {
    direction: Direction,
    trials: &'a [Observation],
}

impl<'a> History<'a> {
    /// A history of `trials` (sorted by index, each index once).
    ///
    /// # Panics
    /// In debug builds, if the trials are not in strictly increasing index order.
    pub fn new(direction: Direction, trials: &'a [Observation]) -> Self {
        debug_assert!(trials.windows(2).all(|w| w[0].index < w[1].index), "a history is sorted by index");
        History { direction, trials }
    }

    /// No trials yet.
    ///
    /// ```
    /// # use hp_core::{Direction, sampler::History};
    /// assert!(History::empty(Direction::Minimize).trials().is_empty());
    /// ```
    pub fn empty(direction: Direction) -> History<'static> {
        History { direction, trials: &[] }
    }

    /// Whether lower or higher values are better.
    ///
    /// ```
    /// # use hp_core::{Direction, sampler::History};
    /// assert_eq!(History::empty(Direction::Maximize).direction(), Direction::Maximize);
    /// ```
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The trials, by increasing index.
    ///
    /// ```
    /// # use hp_core::{Direction, sampler::History};
    /// assert!(History::empty(Direction::Minimize).trials().is_empty());
    /// ```
    pub fn trials(&self) -> &'a [Observation] {
        self.trials
    }
}

/// Proposes trial `i`'s point in the unit cube `[0, 1]^dim` from a [`History`].
///
/// A proposal must be a function of `i`, the sampler's settings (its seed) and the history only,
/// so that the same history gives the same point in any process, on any platform; hp's runners
/// rely on it to make a model-based search reproducible with any number of workers.
///
/// ```
/// use hp_core::Direction;
/// use hp_core::sampler::{History, Sampler};
/// use hp_core::strategy::Sobol;
///
/// let sobol = Sobol::new(3, 2).unwrap();
/// let mut point = [0.0; 2];
/// sobol.propose(0, &History::empty(Direction::Minimize), &mut point);
/// assert!(point.iter().all(|u| (0.0..1.0).contains(u)));
/// assert_eq!(sobol.unit_dim(), 2);
/// ```
pub trait Sampler {
    /// The number of coordinates of each point. (Not `dim`: a strategy has both traits, and a
    /// call would be ambiguous with both in scope.)
    ///
    /// ```
    /// use hp_core::sampler::Sampler;
    /// assert_eq!(hp_core::strategy::Random::new(0, 3).unit_dim(), 3);
    /// ```
    fn unit_dim(&self) -> usize;

    /// The number of trials it can propose, `None` for no end (a grid ends; a model never does).
    ///
    /// ```
    /// use hp_core::sampler::Sampler;
    /// use hp_core::strategy::Grid;
    /// assert_eq!(Grid::for_config::<bool>(5).unwrap().max_trials(), Some(2));
    /// ```
    fn max_trials(&self) -> Option<u64> {
        None
    }

    /// Whether proposals read the history at all: `false` for strategies, whose trial `i` never
    /// waits for another trial's result.
    ///
    /// ```
    /// use hp_core::sampler::Sampler;
    /// assert!(!hp_core::strategy::Random::new(0, 1).uses_history());
    /// ```
    fn uses_history(&self) -> bool {
        true
    }

    /// Whether proposals can follow several objectives
    /// ([`Observation::objectives`]): `false` by default, for a model of one value (a study of
    /// several objectives refuses such a sampler rather than let it follow the first one
    /// silently); `true` for strategies, which follow none, and for multi-objective samplers such
    /// as hp-nsga's `Nsga2`.
    ///
    /// ```
    /// use hp_core::sampler::Sampler;
    /// assert!(hp_core::strategy::Random::new(0, 1).multi_objective());
    /// ```
    fn multi_objective(&self) -> bool {
        false
    }

    /// Writes trial `i`'s point into `out`, every coordinate in `[0, 1]`.
    ///
    /// `history` holds the trials the proposal may depend on (never trial `i` itself). Discrete
    /// coordinates may be anywhere in their value's bin; runners map the point through the config
    /// type and back before they store or share it.
    ///
    /// # Panics
    /// If `out.len() != self.unit_dim()`, or `i` is past [`max_trials`](Sampler::max_trials).
    fn propose(&self, i: u64, history: &History<'_>, out: &mut [f64]);
}

/// A strategy is a sampler that ignores the history: trial `i` is its point `i`.
impl<S: Strategy + ?Sized> Sampler for S {
    fn unit_dim(&self) -> usize {
        Strategy::dim(self)
    }

    fn max_trials(&self) -> Option<u64> {
        Strategy::len(self)
    }

    fn uses_history(&self) -> bool {
        false
    }

    fn multi_objective(&self) -> bool {
        true
    }

    fn propose(&self, i: u64, _: &History<'_>, out: &mut [f64]) {
        assert!(
            self.point_into(i, out),
            "trial {i} is past the end of the strategy ({:?} points)",
            Strategy::len(self)
        );
    }
}
