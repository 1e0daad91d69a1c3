//! [`Tpe`]: the tree-structured Parzen estimator as a [`Sampler`] on hp's unit cube.

use core::fmt;

use rand::rngs::Xoshiro256PlusPlus;

use crate::parzen::{self, Axis, Mixture, Params};
use hp_core::sampler::{History, Observation, Outcome, Sampler};
use hp_core::strategy::{Random, Sobol, Strategy, StrategyError};
use hp_core::{Hyperparams, Levels, Space};

/// Where the first trials' points come from, before the model has enough results.
///
/// hp's default is [`Startup::Sobol`], where Optuna's is random: over 100 seeds of the benchmark
/// objectives (BENCHMARKS.md, section 6) Sobol's even spread gave a better median best value at 8 of
/// the 9 budgets measured (lecture, branin, hartmann6 and a conditional space at 50 and 100 trials,
/// hartmann6 at 200), and a worse one only on branin at 100 (0.435 against 0.422, inside the seeds'
/// spread).
///
/// ```
/// use hp_tpe::{Startup, Tpe};
/// let tpe = Tpe::for_config::<bool>(1).startup(Startup::Random); // Optuna's startup
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Startup {
    /// hp's [`Random`] search from the same seed: trial `i` is random search's trial `i`, as
    /// Optuna's TPE starts with its random sampler.
    Random,
    /// hp's scrambled [`Sobol`] points from the same seed: more even in every projection (the
    /// default; random beyond Sobol's 256 dimensions).
    Sobol,
}

/// [`Tpe::try_startup`] with [`Startup::Sobol`] in more than 256 dimensions: the error, and the
/// sampler as it was (with its earlier startup).
///
/// ```
/// # use hp_tpe::{Startup, Tpe};
/// assert!(Tpe::for_config::<bool>(1).try_startup(Startup::Sobol).is_ok());
/// ```
#[derive(Debug)]
pub struct TooManyDimensions {
    /// What Sobol said.
    pub error: StrategyError,
    /// The sampler, unchanged.
    pub tpe: Box<Tpe>,
}

impl core::fmt::Display for TooManyDimensions {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "no Sobol startup: {}", self.error)
    }
}

impl std::error::Error for TooManyDimensions {}

/// The tree-structured Parzen estimator (TPE; Bergstra et al. 2011, Watanabe 2023) as Optuna 5
/// implements it, on hp's unit cube: a model-based [`Sampler`].
///
/// Trial `i` splits the finished trials of its history into the best `min(ceil(n / 10), 25)`
/// ("below": complete trials by value, then pruned ones by the step they reached and their last
/// value) and the rest ("above", with the running trials under the constant liar). It fits a
/// Parzen estimator `l` to the first and `g` to the second: one kernel per trial plus a prior,
/// older trials' weights ramped down past 25. It draws 24 candidates from `l` and keeps the one
/// with the largest `ln l(x) - ln g(x)`. Failed trials are ignored; a NaN never becomes a value
/// (a study records a NaN as failed). Infeasible trials (a constraint above 0) rank after every
/// feasible one, by how far they are from feasible, as Optuna's TPE with `constraints_func`.
///
/// On the unit cube each coordinate is modelled by its kind ([`Levels`]): a float range with
/// truncated-normal kernels on `[0, 1]` (so a `log` or `reverse_log` field is modelled in log
/// space, as the lecture samples it, with no extra code); integers and grids by each kernel's
/// mass over a value's bin; choices, bools and enum variants as histograms smoothed by the prior,
/// never as an ordered number. A weighted choice's weights are its prior.
///
/// **Multivariate** (the default, as in Optuna 5): the coordinates that are active under the same
/// conditions (the config's root fields, or one enum variant's fields) form a group, sampled
/// jointly: a candidate takes one kernel for every coordinate of its group. Each variant's group
/// is modelled only on the trials where that variant was active (what Optuna's `group=True`
/// reconstructs from history, hp knows from the type); the best/rest split is global. With
/// [`multivariate(false)`](Tpe::multivariate) every coordinate is its own group.
///
/// Until `startup_trials` (10) trials of the history are complete or pruned, trial `i` is a
/// [`Startup`] point instead: Sobol's point `i` by default (Optuna starts at random; see
/// [`Startup`] for why hp does not).
///
/// A proposal is a function of the seed, `i` and the history only: its random numbers come from
/// a generator seeded by `(seed, i)`, and its arithmetic is libm's, so it is the same on every
/// platform.
///
/// ```
/// use hp_core::Direction;
/// use hp_core::sampler::{History, Observation, Outcome, Sampler};
/// use hp_core::{LogScale, SpaceBuilder};
/// use hp_tpe::Tpe;
///
/// // One log-scaled learning rate whose best value is 1e-2 (u = 0.5).
/// let mut b = SpaceBuilder::new();
/// b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
/// let tpe = Tpe::new(7, b.finish());
/// let mut trials = Vec::new();
/// for i in 0..40 {
///     let mut u = [0.0];
///     tpe.propose(i, &History::new(Direction::Minimize, &trials), &mut u);
///     let value = (u[0] - 0.5).abs();
///     trials.push(Observation::new(i, u.to_vec(), Outcome::Complete { value }));
/// }
/// let best = trials.iter().map(|o| o.unit[0]).fold(1.0f64, |b, u| if (u - 0.5).abs() < (b - 0.5).abs() { u } else { b });
/// assert!((best - 0.5).abs() < 0.01);
/// # Ok::<(), hp_core::ScaleError>(())
/// ```
#[derive(Clone)]
pub struct Tpe {
    seed: u64,
    space: Space,
    startup_trials: usize,
    candidates: usize,
    multivariate: bool,
    constant_liar: bool,
    params: Params,
    axes: Vec<Option<Axis>>,
    groups: Vec<Group>,
    sobol: Option<Sobol>,
}

/// Coordinates sampled jointly: active under the same conditions (coordinate of the selector,
/// value number it must take).
#[derive(Clone, Debug)]
struct Group {
    coordinates: Vec<usize>,
    conditions: Vec<(usize, usize)>,
}

impl fmt::Debug for Tpe {
    // The settings that decide the proposals: what a stored study records.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tpe")
            .field("seed", &self.seed)
            .field("dim", &self.space.dim())
            .field("startup_trials", &self.startup_trials)
            .field("startup", &self.startup_kind())
            .field("candidates", &self.candidates)
            .field("multivariate", &self.multivariate)
            .field("constant_liar", &self.constant_liar)
            .finish()
    }
}

impl Tpe {
    /// TPE for a space, with Optuna 5's defaults (10 startup trials, 24 candidates, multivariate,
    /// constant liar) but a [Sobol startup](Startup) (random for a space of more than 256
    /// coordinates).
    ///
    /// ```
    /// use hp_core::Hyperparams;
    /// let tpe = hp_tpe::Tpe::new(42, bool::space());
    /// assert_eq!(hp_core::sampler::Sampler::unit_dim(&tpe), 1);
    /// ```
    pub fn new(seed: u64, space: Space) -> Tpe {
        let axes = space.coordinates().map(axis).collect();
        let mut tpe = Tpe {
            seed,
            space,
            startup_trials: 10,
            candidates: 24,
            multivariate: true,
            constant_liar: true,
            params: Params::DEFAULT,
            axes,
            groups: Vec::new(),
            sobol: None,
        };
        tpe.groups = tpe.make_groups();
        tpe.try_startup(Startup::Sobol).unwrap_or_else(|too_many| *too_many.tpe)
    }

    /// TPE for config type `C`'s space.
    ///
    /// ```
    /// let tpe = hp_tpe::Tpe::for_config::<bool>(42);
    /// ```
    pub fn for_config<C: Hyperparams>(seed: u64) -> Tpe {
        Tpe::new(seed, C::space())
    }

    /// How many complete or pruned trials the history needs before the model is used (default 10).
    ///
    /// ```
    /// let tpe = hp_tpe::Tpe::for_config::<bool>(1).startup_trials(20);
    /// ```
    pub fn startup_trials(mut self, n: usize) -> Tpe {
        self.startup_trials = n;
        self
    }

    /// Where the startup points come from (default [`Startup::Sobol`]).
    ///
    /// # Panics
    /// With [`Startup::Sobol`], if the space has more than [`Sobol::MAX_DIM`] coordinates; use
    /// [`try_startup`](Tpe::try_startup) to get an error instead.
    ///
    /// ```
    /// use hp_tpe::{Startup, Tpe};
    /// let tpe = Tpe::for_config::<bool>(1).startup(Startup::Sobol);
    /// ```
    pub fn startup(self, startup: Startup) -> Tpe {
        match self.try_startup(startup) {
            Ok(tpe) => tpe,
            Err(e) => panic!("{}", e.error),
        }
    }

    /// [`startup`](Tpe::startup), with an error for a space Sobol cannot cover.
    ///
    /// # Errors
    /// [`TooManyDimensions`] for [`Startup::Sobol`] in more than 256 dimensions; it holds the
    /// sampler unchanged.
    ///
    /// ```
    /// use hp_tpe::{Startup, Tpe};
    /// assert!(Tpe::for_config::<bool>(1).try_startup(Startup::Sobol).is_ok());
    /// ```
    pub fn try_startup(mut self, startup: Startup) -> Result<Tpe, TooManyDimensions> {
        self.sobol = match startup {
            Startup::Sobol => match Sobol::new(self.seed, self.space.dim()) {
                Ok(sobol) => Some(sobol),
                Err(error) => return Err(TooManyDimensions { error, tpe: Box::new(self) }),
            },
            Startup::Random => None,
        };
        Ok(self)
    }

    /// How many candidates are drawn from `l` per group (default 24, at least 1).
    ///
    /// ```
    /// let tpe = hp_tpe::Tpe::for_config::<bool>(1).candidates(48);
    /// ```
    pub fn candidates(mut self, n: usize) -> Tpe {
        self.candidates = n.max(1);
        self
    }

    /// Whether the coordinates of a group are sampled jointly (default `true`) or each on its own.
    ///
    /// ```
    /// let tpe = hp_tpe::Tpe::for_config::<bool>(1).multivariate(false);
    /// ```
    pub fn multivariate(mut self, joint: bool) -> Tpe {
        self.multivariate = joint;
        self.groups = self.make_groups();
        self
    }

    /// Whether running trials of the history count as poor results where they stand (default
    /// `true`), so that parallel trials spread out instead of piling onto one promising point.
    ///
    /// ```
    /// let tpe = hp_tpe::Tpe::for_config::<bool>(1).constant_liar(false);
    /// ```
    pub fn constant_liar(mut self, on: bool) -> Tpe {
        self.constant_liar = on;
        self
    }

    /// The space it samples.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(hp_tpe::Tpe::for_config::<bool>(1).space(), &bool::space());
    /// ```
    pub fn space(&self) -> &Space {
        &self.space
    }

    /// The groups: coordinates with the same conditions, in coordinate order; a selector always
    /// comes before the groups it activates (the derive declares it first).
    fn make_groups(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for param in self.space.coordinates() {
            let Some(c) = param.coordinate() else { continue };
            if self.axes[c].is_none() {
                continue;
            }
            let conditions: Vec<(usize, usize)> =
                param.conditions().iter().map(|k| (k.coordinate(), k.index())).collect();
            match groups.iter_mut().find(|g| self.multivariate && g.conditions == conditions) {
                Some(group) => group.coordinates.push(c),
                None => groups.push(Group { coordinates: vec![c], conditions }),
            }
        }
        groups
    }

    /// Whether a group's conditions hold at `point` (whose selectors are set).
    fn active(&self, group: &Group, point: &[f64]) -> bool {
        group.conditions.iter().all(|&(c, k)| {
            self.space.coordinate(c).and_then(|p| p.from_unit(point[c])) == Some(hp_core::Value::Choice(k))
        })
    }

    fn trial_rng(&self, i: u64) -> Xoshiro256PlusPlus {
        // Another stream than the random startup's trial i.
        Random::new(self.seed ^ 0x7470_655f_6d6f_6465, 0).trial_rng(i)
    }

    /// The best/rest split of Optuna's `_split_trials`, each group in trial order.
    fn split<'h>(&self, history: &History<'h>) -> (Vec<&'h Observation>, Vec<&'h Observation>) {
        let direction = history.direction();
        // A NaN (which a study never records, but a history built by hand may hold) ranks last,
        // as Optuna ranks a pruned trial's NaN, whatever its sign bit.
        let loss = |o: &Observation| {
            let loss = o.outcome.loss(direction).filter(|v| !v.is_nan()).unwrap_or(f64::INFINITY);
            parzen::order_key(loss)
        };
        // Ranking keys, unique by the trial's position: equal values keep trial order, as
        // Python's stable `sorted` keeps them. Pruned trials: the deepest first, then by value.
        // Infeasible trials rank after every feasible one, by how far they are from feasible.
        let (mut complete, mut pruned, mut infeasible) = (Vec::new(), Vec::new(), Vec::new());
        for (position, o) in history.trials().iter().enumerate() {
            match o.outcome {
                Outcome::Complete { .. } => complete.push((0, loss(o), position)),
                Outcome::Pruned { step, .. } => pruned.push((u64::MAX - step, loss(o), position)),
                Outcome::Infeasible { violation } => {
                    infeasible.push((0, parzen::order_key(violation), position))
                }
                _ => {}
            }
        }
        let n = complete.len() + pruned.len() + infeasible.len();
        let n_below = n.div_ceil(10).min(25);
        // Only the best `n_below` are needed in order: a selection, not a sort, of the rest.
        let best = |ranked: &mut Vec<(u64, u64, usize)>, k: usize| -> Vec<(u64, u64, usize)> {
            let k = k.min(ranked.len());
            if k < ranked.len() {
                ranked.select_nth_unstable(k);
            }
            ranked.drain(..k).collect()
        };
        let mut below = best(&mut complete, n_below);
        let from_pruned = n_below - below.len();
        below.extend(best(&mut pruned, from_pruned));
        let from_infeasible = n_below - below.len();
        below.extend(best(&mut infeasible, from_infeasible));
        // Both groups in trial order: a pass over the history, not a sort.
        let mut is_below = vec![false; history.trials().len()];
        below.iter().for_each(|&(_, _, position)| is_below[position] = true);
        let (mut l, mut g) = (Vec::with_capacity(below.len()), Vec::new());
        for (o, below) in history.trials().iter().zip(is_below) {
            match o.outcome {
                _ if below => l.push(o),
                Outcome::Complete { .. } | Outcome::Pruned { .. } | Outcome::Infeasible { .. } => g.push(o),
                Outcome::Running if self.constant_liar => g.push(o),
                _ => {}
            }
        }
        (l, g)
    }

    /// The startup in use: Sobol exactly when its points are built.
    fn startup_kind(&self) -> Startup {
        if self.sobol.is_some() { Startup::Sobol } else { Startup::Random }
    }

    fn startup_point(&self, i: u64, out: &mut [f64]) {
        match &self.sobol {
            Some(sobol) => sobol.point_into(i, out),
            None => Random::new(self.seed, self.space.dim()).point_into(i, out),
        };
    }
}

/// How a coordinate is modelled; `None` for one with a single value (nothing to learn).
pub(crate) fn axis(param: &hp_core::Param) -> Option<Axis> {
    match param.levels()? {
        Levels::Continuous => Some(Axis::Continuous),
        Levels::Values(n) if n <= 1 => None,
        Levels::Values(_) => Some(Axis::Discrete { param: param.clone() }),
        Levels::Categories(labels) if labels.len() <= 1 => None,
        Levels::Categories(labels) => {
            let points: Vec<f64> =
                (0..labels.len() as u128).map(|k| param.nth_unit(k).unwrap_or(0.5)).collect();
            let prior: Vec<f64> = points
                .iter()
                .map(|&u| param.unit_bin(u).map_or(1.0 / labels.len() as f64, |(s, e)| e - s))
                .collect();
            Some(Axis::Categorical { param: param.clone(), prior, points })
        }
    }
}

impl Sampler for Tpe {
    fn unit_dim(&self) -> usize {
        self.space.dim()
    }

    fn propose(&self, i: u64, history: &History<'_>, out: &mut [f64]) {
        assert_eq!(out.len(), self.space.dim(), "propose needs a buffer of dim() coordinates");
        let finished = history
            .trials()
            .iter()
            .filter(|o| {
                matches!(
                    o.outcome,
                    Outcome::Complete { .. } | Outcome::Pruned { .. } | Outcome::Infeasible { .. }
                )
            })
            .count();
        if finished < self.startup_trials || finished == 0 {
            self.startup_point(i, out);
            return;
        }
        // Coordinates nothing models (one value; inactive ones below) sit where `to_unit` puts them.
        for (c, param) in self.space.coordinates().enumerate() {
            out[c] = param.nth_unit(0).filter(|_| self.axes[c].is_none()).unwrap_or(0.5);
        }
        let (below, above) = self.split(history);
        let mut rng = self.trial_rng(i);
        let mut candidate = Vec::new();
        for group in &self.groups {
            if !self.active(group, out) {
                continue;
            }
            let axes: Vec<Axis> = group.coordinates.iter().filter_map(|&c| self.axes[c].clone()).collect();
            // The group's coordinates of the trials where it was active, one column each.
            let column = |trials: &[&Observation]| -> Vec<Vec<f64>> {
                let active: Vec<&[f64]> =
                    trials.iter().map(|o| o.unit.as_slice()).filter(|u| self.active(group, u)).collect();
                group.coordinates.iter().map(|&c| active.iter().map(|u| u[c]).collect()).collect()
            };
            let l = Mixture::new(&axes, &column(&below), self.params);
            let g = Mixture::new(&axes, &column(&above), self.params);
            let candidates: Vec<Vec<f64>> = (0..self.candidates)
                .map(|_| {
                    candidate.resize(axes.len(), 0.0);
                    l.sample(&mut rng, &mut candidate);
                    candidate.clone()
                })
                .collect();
            let (log_l, log_g) = (l.log_pdf(&candidates), g.log_pdf(&candidates));
            let mut best = 0;
            let mut best_score = f64::NEG_INFINITY;
            for (k, (a, b)) in log_l.iter().zip(&log_g).enumerate() {
                let score = a - b;
                // The first of equal scores wins, as numpy's argmax; NaN never does.
                if score > best_score {
                    best = k;
                    best_score = score;
                }
            }
            for (&c, &u) in group.coordinates.iter().zip(&candidates[best]) {
                out[c] = u;
            }
        }
    }
}
