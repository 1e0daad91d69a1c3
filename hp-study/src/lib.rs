//! Caviar: many trials in parallel, each with its own config, and keep the best.
//!
//! The lecture's caviar approach: with enough compute, train many models at once, each with its
//! own hyperparameters, watch every learning curve, and keep the best. A [`Study`] runs an
//! objective on the configs of a strategy, on a pool of workers, and records every trial
//! ([`TrialRecord`]: index, config, curve, final value, status, duration) durably, so that a
//! crashed or killed study resumes where it stopped.
//!
//! ```
//! use hp_study::{MedianPruner, Stop, Study, Trial};
//! use hp_core::Direction;
//! use hp_core::strategy::Sobol;
//!
//! // `bool` stands in for a `#[derive(Hyperparams, Serialize, Deserialize)]` config struct.
//! let dir = std::env::temp_dir().join(format!("hp-study-doc-{}", std::process::id()));
//! let study = Study::<bool>::new("coin")
//!     .strategy(Sobol::for_config::<bool>(7)?)
//!     .budget(8)
//!     .direction(Direction::Minimize)
//!     .workers(2)
//!     .pruner(MedianPruner::new().warmup_steps(1).min_trials(2))
//!     .storage(&dir);
//! let objective = |heads: &bool, trial: &mut Trial| {
//!     let mut loss = 1.0;
//!     for epoch in 0..5 {
//!         loss *= if *heads { 0.5 } else { 0.9 };
//!         trial.report(epoch, loss)?; // the learning curve; may stop a hopeless trial
//!     }
//!     Ok::<f64, Stop>(loss)
//! };
//! let results = study.run(objective)?;
//! assert_eq!(results.records().len(), 8);
//! assert_eq!(results.config(results.best().unwrap())?, true);
//! println!("{}", results.summary(3)); // rank, index, value, one column per hyperparameter
//!
//! // Running it again resumes: the 8 stored trials are loaded, none runs twice.
//! let again = study.run(|_: &bool, _: &mut Trial| -> Result<f64, Stop> { unreachable!() })?;
//! assert_eq!(again.records(), results.records());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Guarantees
//! - **Deterministic**: trial `i`'s config is `C::from_unit(strategy.point(i))`, a function of the
//!   seed and `i` only, so the set of results is the same for 1 or N workers (and, with a
//!   [`MedianPruner`], so are the pruning decisions: see its rule). A model-based
//!   [`sampler`](Study::sampler) (hp-tpe's `Tpe`) runs [lagged](Study::lag): trial `i` is a function
//!   of the seed, the lag and the results of trials `0..=i-L`, the same for 1 to `L` workers, for
//!   cluster workers (without a pruner there: see [`Study::run_trial`]) and after a resume.
//! - **Nothing lost**: a trial that panics, returns an error, or reports or returns NaN or an
//!   infinity is recorded as [`Status::Failed`] with its message, and the study goes on. With
//!   [`storage`](Study::storage), each trial is a file written to a temp name, fsync'd and
//!   renamed before it counts as done; `kill -9` loses only the trials in flight. A damaged
//!   record or a stored study of another config type, strategy or seed is an error, never
//!   skipped or mixed in.
//! - **Clusters**: [`Study::run_trial`] runs one index (from [`worker_index`]: `--trial N` or
//!   Slurm's `SLURM_ARRAY_TASK_ID`) into a shared directory; [`Study::results`] merges.
//! - **Stale hyperparameters**: [`Study::recheck`] runs the stored top `k` again and reports
//!   whether the ranking still holds.

#![warn(missing_docs)]

mod ask;
mod declared;
mod error;
mod export;
mod jobs;
mod ledger;
mod pareto;
mod plan;
#[cfg(feature = "plot")]
pub mod plot;
pub mod pool;
mod progress;
mod prune;
mod recheck;
mod record;
mod results;
mod run;
pub(crate) mod storage;
mod stored;
mod trial;
mod worker;

pub use ask::{AskTell, Asked, Told};
pub use declared::MetricConstraint;
pub use error::StudyError;
pub use pareto::{Objective, ParetoFront};
pub use prune::{HyperbandPruner, MedianPruner, Pruner, SuccessiveHalvingPruner};
pub use recheck::{Recheck, RecheckEntry};
pub use record::{CurvePoint, Status, TrialRecord, check_config, read_config};
pub use results::{Counts, Results, Summary};
pub use stored::StoredStudy;
pub use trial::{Stop, Trial};
pub use worker::{SLURM_ARRAY_TASK_ID, worker_index};

/// Implemented by nothing: the bound of [`Study::progress`] without the feature `progress`, so
/// that a call says which feature to enable.
#[cfg(not(feature = "progress"))]
#[diagnostic::on_unimplemented(
    message = "`Study::progress` needs the feature `progress` (of hp, or of hp-study)",
    label = "the progress bar is behind the feature `progress`",
    note = "enable it: hp = {{ version = \"0.1\", features = [\"study\", \"progress\"] }}"
)]
pub trait ProgressFeature {}

use core::fmt::{self, Debug, Display};
use core::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde::de::DeserializeOwned;

use self::plan::{Enqueued, Plan, PlanSampler};
use self::prune::Board;
use self::storage::{Meta, Storage, StrategyMeta};
use hp_core::Direction;
use hp_core::Hyperparams;
use hp_core::sampler::Sampler;
use hp_core::strategy::{Random, Strategy};
use hp_store::Replace;

/// A study: a name, a strategy, a budget, a seed, a direction, workers, and optionally a storage
/// directory, a pruner and a progress bar. Build it with the methods below, then [`run`](Study::run).
///
/// Setting things cannot fail; every check (the strategy's dimensions, the budget, the stored
/// study) happens in [`run`](Study::run), [`run_trial`](Study::run_trial),
/// [`results`](Study::results) and [`recheck`](Study::recheck), which return a [`StudyError`].
///
/// The config type `C` is a [`Hyperparams`] that serde can serialize (for the records) and
/// deserialize (for re-checks and [`Results::config`]).
///
/// ```
/// use hp_study::{Stop, Study, Trial};
/// let study = Study::<bool>::new("quick").budget(4).seed(1).workers(1);
/// let results = study.run(|_: &bool, trial: &mut Trial| Ok::<_, Stop>(trial.index() as f64))?;
/// assert_eq!(results.best().unwrap().index, 0);
/// # Ok::<(), hp_study::StudyError>(())
/// ```
pub struct Study<C> {
    name: String,
    // The strategy or sampler and its `Debug` text; `None`: `Random` from the study's seed.
    strategy: Option<(Box<dyn Sampler + Send + Sync>, String)>,
    lag: Option<u64>,
    enqueued: Vec<Enqueued>,
    // Whole records: what a sampler sees of them depends on the objectives, declared in any order.
    warm_start: Vec<TrialRecord>,
    objectives: Vec<Objective>,
    constraints: Vec<MetricConstraint>,
    budget: Option<u64>,
    seed: u64,
    direction: Direction,
    workers: Option<usize>,
    storage: Option<PathBuf>,
    pruner: Option<Pruner>,
    retry_failed: bool,
    progress: bool,
    config: PhantomData<fn() -> C>,
}

impl<C> Debug for Study<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Study")
            .field("name", &self.name)
            .field("strategy", &self.strategy.as_ref().map_or("Random (from the seed)", |(_, d)| d.as_str()))
            .field("lag", &self.lag)
            .field("enqueued", &self.enqueued.len())
            .field("warm_start", &self.warm_start.len())
            .field("objectives", &self.objectives)
            .field("constraints", &self.constraints)
            .field("budget", &self.budget)
            .field("seed", &self.seed)
            .field("direction", &self.direction)
            .field("workers", &self.workers)
            .field("storage", &self.storage)
            .field("pruner", &self.pruner)
            .field("retry_failed", &self.retry_failed)
            .field("progress", &self.progress)
            .finish()
    }
}

impl<C> Study<C> {
    /// A study named `name`: [`Random`] search from seed 0, minimizing, on every available core,
    /// in memory, no pruner, no progress bar, and no budget yet (an endless strategy needs one).
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("lr sweep");
    /// assert_eq!(study.name(), "lr sweep");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Study {
            name: name.into(),
            strategy: None,
            lag: None,
            enqueued: Vec::new(),
            warm_start: Vec::new(),
            objectives: Vec::new(),
            constraints: Vec::new(),
            budget: None,
            seed: 0,
            direction: Direction::Minimize,
            workers: None,
            storage: None,
            pruner: None,
            retry_failed: false,
            progress: false,
            config: PhantomData,
        }
    }

    /// The strategy whose point `i` is trial `i`'s config; build it for this config type
    /// (`Grid::for_config::<C>(5)`, `Sobol::for_config::<C>(seed)`...). Default: [`Random`] from
    /// the study's [`seed`](Study::seed).
    ///
    /// ```
    /// # use hp_study::Study;
    /// use hp_core::strategy::LatinHypercube;
    /// let study = Study::<bool>::new("lhs").strategy(LatinHypercube::for_config::<bool>(3, 16).unwrap());
    /// ```
    pub fn strategy<S: Strategy + Debug + Send + Sync + 'static>(self, strategy: S) -> Self {
        self.sampler(strategy)
    }

    /// The sampler that proposes each trial's config, such as hp-tpe's model-based `Tpe`, built
    /// for this config type; every [`Strategy`] is one too (it replaces
    /// [`strategy`](Study::strategy)).
    ///
    /// A sampler that learns from results runs *lagged*: trial `i` conditions on the results of
    /// trials `0..=i-L` and treats `i-L+1..i-1` as running, for the study's [`lag`](Study::lag)
    /// `L`, so its configs depend on the seed and `L`, never on the number of workers or on which
    /// trial finished first.
    ///
    /// ```
    /// # use hp_study::Study;
    /// use hp_core::strategy::Sobol;
    /// let study = Study::<bool>::new("sobol").sampler(Sobol::for_config::<bool>(3).unwrap());
    /// ```
    pub fn sampler<S: Sampler + Debug + Send + Sync + 'static>(mut self, sampler: S) -> Self {
        // For people (study.json, Debug): a Sobol's Debug lists its direction numbers.
        let description = format!("{sampler:?}").chars().take(200).collect();
        self.strategy = Some((Box::new(sampler), description));
        self
    }

    /// The lag `L` of a model-based [`sampler`](Study::sampler) (default 1, at least 1): trial
    /// `i` uses the results of trials `0..=i-L` only, and at most `L` trials run at once
    /// ([`workers`](Study::workers) defaults to `L`; more workers than `L` is an error). The same
    /// seed and lag give the same configs with 1 to `L` workers, with
    /// [`run_trial`](Study::run_trial) on a cluster, and after a resume. A larger lag runs more
    /// trials in parallel, each knowing a little less. Strategies ignore it.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s").lag(8).workers(4); // the configs of any 1..=8 workers
    /// ```
    pub fn lag(mut self, lag: u64) -> Self {
        self.lag = Some(lag.max(1));
        self
    }

    /// Starts the model informed: another study's finished trials (of the same config type, so the
    /// same space) come first in every history the [`sampler`](Study::sampler) sees, as if they
    /// were this study's earliest trials. With 10 or more complete ones, hp-tpe's `Tpe` is
    /// model-based from trial 0. Failed trials are ignored, as in the study itself. The trials
    /// imported are part of the stored study's identity. Strategies ignore them.
    ///
    /// ```
    /// use hp_study::{Stop, Study, Trial};
    /// let last_month = Study::<bool>::new("old").budget(4).workers(1)
    ///     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 0.0 }))?;
    /// let study = Study::<bool>::new("today").warm_start(&last_month);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn warm_start(mut self, results: &Results<C>) -> Self {
        self.warm_start.extend(results.records().iter().cloned());
        self
    }

    /// The objectives the study optimizes when it has several: its value and named
    /// [metrics](Trial::metric), each with its direction (two or more; the value's direction is
    /// the study's). The [sampler](Study::sampler) sees every complete feasible trial's objectives
    /// ([`Observation::objectives`](hp_core::sampler::Observation::objectives)): hp-nsga's `Nsga2`
    /// learns from them, strategies ignore them, and a sampler of one objective (TPE) is refused
    /// rather than left to follow the value alone. A trial that returns a value without reporting
    /// every metric declared fails, naming it; a pruned trial has no objectives (NSGA-II leaves it
    /// out of every generation), and a pruner judges the value's curve as in any study. Read the outcome with
    /// [`Results::pareto_front`]; [`Results::best`] still ranks by the value. The objectives are
    /// part of a stored study's identity.
    ///
    /// ```
    /// use hp_core::Direction;
    /// use hp_study::{Objective, Stop, Study, Trial};
    /// let objectives = [Objective::value(Direction::Minimize), Objective::metric("seconds", Direction::Minimize)];
    /// let study = Study::<bool>::new("fast and good").budget(4).objectives(objectives.clone());
    /// let results = study.run(|heads: &bool, t: &mut Trial| -> Result<f64, Stop> {
    ///     t.metric("seconds", if *heads { 1.0 } else { 5.0 })?;
    ///     Ok(if *heads { 0.5 } else { 0.1 })
    /// })?;
    /// assert_eq!(results.pareto_front(&objectives)?.trials().len(), 4); // each is best at something
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn objectives(mut self, objectives: impl IntoIterator<Item = Objective>) -> Self {
        self.objectives = objectives.into_iter().collect();
        self
    }

    /// Declares a bound on a metric ([`MetricConstraint`]): a trial whose metric breaks it is
    /// infeasible, exactly as if it had reported `metric - limit` (or `limit - metric`) with
    /// [`Trial::constraint`] under the rule's name, so it is never the best nor on a Pareto front,
    /// and TPE and NSGA-II learn to avoid its region. A trial that returns a value without the
    /// metric fails, naming it. Declared constraints are part of a stored study's identity.
    ///
    /// ```
    /// use hp_study::{MetricConstraint, Stop, Study, Trial};
    /// let study = Study::<bool>::new("fast enough").budget(2).constraint(MetricConstraint::at_most("latency_ms", 5.0));
    /// let results = study.run(|heads: &bool, t: &mut Trial| -> Result<f64, Stop> {
    ///     t.metric("latency_ms", if *heads { 3.0 } else { 8.0 })?; // tails is too slow
    ///     Ok(if *heads { 0.5 } else { 0.1 })
    /// })?;
    /// let tails = results.records().iter().find(|r| r.config == serde_json::json!(false)).unwrap();
    /// assert_eq!((tails.violation(), tails.feasible()), (3.0, false));
    /// assert!(results.best().is_none_or(|best| best.config == serde_json::json!(true)));
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn constraint(mut self, constraint: MetricConstraint) -> Self {
        self.constraints.push(constraint);
        self
    }

    /// The declarations, as the places that make records need them.
    pub(crate) fn declared(&self) -> declared::Declared<'_> {
        declared::Declared { objectives: &self.objectives, constraints: &self.constraints }
    }

    /// The number of trials: indices `0..n` (fewer if a finite strategy ends first). Raising it
    /// later and running again adds trials; the stored ones are kept.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s").budget(32);
    /// ```
    pub fn budget(mut self, n: u64) -> Self {
        self.budget = Some(n);
        self
    }

    /// The seed of the default [`Random`] strategy, and part of the study's identity.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s").seed(42);
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Whether lower (the default) or higher values are better.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("accuracy").direction(hp_core::Direction::Maximize);
    /// ```
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// The number of trials run at once, each on its own thread (at least 1). Default: the
    /// available parallelism; for a [`sampler`](Study::sampler) that learns from results, its
    /// [`lag`](Study::lag).
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s").workers(2);
    /// ```
    pub fn workers(mut self, n: usize) -> Self {
        self.workers = Some(n.max(1));
        self
    }

    /// The study directory: `study.json`, and one file per finished trial in `trials/`. Running
    /// the same study again resumes from it; several processes may share it.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s").storage("runs/s");
    /// assert_eq!(study.storage_dir(), Some(std::path::Path::new("runs/s")));
    /// ```
    pub fn storage(mut self, dir: impl Into<PathBuf>) -> Self {
        self.storage = Some(dir.into());
        self
    }

    /// Stops hopeless trials early by their learning curves: the [median rule](MedianPruner),
    /// [successive halving](SuccessiveHalvingPruner) (ASHA) or [Hyperband](HyperbandPruner); see
    /// [`Pruner`]. Settings a rule refuses (a reduction factor below 2, say) are
    /// [`StudyError::BadPruner`] when the study runs.
    ///
    /// ```
    /// # use hp_study::{HyperbandPruner, MedianPruner, Study, SuccessiveHalvingPruner};
    /// let median = Study::<bool>::new("s").pruner(MedianPruner::new().warmup_steps(2));
    /// let asha = Study::<bool>::new("s").pruner(SuccessiveHalvingPruner::new().min_resource(2).reduction_factor(3));
    /// let hyperband = Study::<bool>::new("s").pruner(HyperbandPruner::new(12)); // 12 epochs at most
    /// ```
    pub fn pruner(mut self, pruner: impl Into<Pruner>) -> Self {
        self.pruner = Some(pruner.into());
        self
    }

    /// Whether stored trials that failed run again (their records replaced). Default: `false`,
    /// a failed trial is finished like any other.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s").retry_failed(true);
    /// ```
    pub fn retry_failed(mut self, retry: bool) -> Self {
        self.retry_failed = retry;
        self
    }

    /// Shows a progress bar on stderr during [`run`](Study::run): trials done of total, failed,
    /// pruned, best value so far. Nothing is drawn when stderr is not a terminal.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s").progress(true);
    /// ```
    #[cfg(feature = "progress")]
    pub fn progress(mut self, show: bool) -> Self {
        self.progress = show;
        self
    }

    /// Without the feature `progress` there is no bar to show: a call is a compile error that
    /// names the feature (rather than "no method named `progress`").
    #[cfg(not(feature = "progress"))]
    pub fn progress(self, _show: bool) -> Self
    where
        Self: ProgressFeature,
    {
        self
    }

    /// The study's name.
    ///
    /// ```
    /// # use hp_study::Study;
    /// assert_eq!(Study::<bool>::new("caviar").name(), "caviar");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The storage directory, if set.
    ///
    /// ```
    /// # use hp_study::Study;
    /// assert_eq!(Study::<bool>::new("in memory").storage_dir(), None);
    /// ```
    pub fn storage_dir(&self) -> Option<&Path> {
        self.storage.as_deref()
    }

    fn worker_count(&self) -> usize {
        self.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    fn lag_or_default(&self) -> u64 {
        self.lag.unwrap_or(1)
    }
}

impl<C> Study<C>
where
    C: Hyperparams + Serialize,
{
    /// Evaluates `config` before any the sampler proposes: enqueued configs are trials `0, 1,
    /// ...` in the order given (today's production settings, a paper's, a hunch), then the
    /// sampler's trials follow, learning from them; a strategy's points start after them (trial
    /// `k` is its point 0), so a grid loses none. Each is checked against the space when the study
    /// runs ([`StudyError::Enqueued`] names the first bad one), and the list is part of a stored
    /// study's identity. The budget counts them.
    ///
    /// ```
    /// use hp_study::{Stop, Study, Trial};
    /// let study = Study::<bool>::new("s").budget(3).workers(1).enqueue(true);
    /// let results = study.run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 0.0 }))?;
    /// assert_eq!(results.records()[0].config, serde_json::json!(true)); // trial 0 is the enqueued one
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn enqueue(mut self, config: C) -> Self {
        let json = serde_json::to_value(&config).map_err(|e| format!("it does not serialize: {e}"));
        let check =
            config.validate().map_err(|e| e.to_string()).and(json.as_ref().map(|_| ()).map_err(Clone::clone));
        self.enqueued.push(Enqueued { json: json.unwrap_or(serde_json::Value::Null), check });
        self
    }
}

impl<C> Study<C>
where
    C: Hyperparams + Serialize + DeserializeOwned,
{
    /// The study's plan, checked: the sampler (the default one is built here), the number of
    /// trials, and the storage, opened and verified (created first if `create`).
    fn plan(&self, create: bool) -> Result<Plan<'_>, StudyError> {
        self.plan_with(create, false)
    }

    /// The pruner's board for a run of `jobs` beside the `stored` records, if there is a pruner.
    fn board(&self, jobs: &jobs::Jobs, stored: &[TrialRecord]) -> Option<Board> {
        self.pruner.map(|rule| Board::new(jobs.clone(), stored, rule, &self.name, self.direction))
    }

    /// [`plan`](Self::plan); with `endless`, an endless sampler without a budget has `u64::MAX`
    /// trials (ask/tell: the caller decides when to stop).
    fn plan_with(&self, create: bool, endless: bool) -> Result<Plan<'_>, StudyError> {
        let (sampler, description) = match &self.strategy {
            Some((s, d)) => (PlanSampler::Study(s.as_ref()), d.clone()),
            None => {
                let default = Random::for_config::<C>(self.seed);
                let description = format!("{default:?}");
                (PlanSampler::Default(default), description)
            }
        };
        if let Some(pruner) = &self.pruner {
            pruner
                .check()
                .map_err(|message| StudyError::BadPruner { pruner: format!("{pruner:?}"), message })?;
        }
        for (position, e) in self.enqueued.iter().enumerate() {
            // Checked when enqueued (in the space, serializes), and here that it reads back as a
            // `C` with the same point, as a stored record is read.
            let read_back = e.check.clone().and_then(|()| match read_config::<C>(&e.json) {
                Ok(config) if config.validate().is_ok() => Ok(()),
                Ok(_) => Err("it reads back outside the space".to_owned()),
                Err(error) => Err(format!("it does not read back from its JSON: {error}")),
            });
            if let Err(message) = read_back {
                return Err(StudyError::Enqueued { position, message });
            }
        }
        let lag = self.lag_or_default();
        let mut plan = Plan {
            sampler,
            len: 0,
            storage: None,
            lag,
            direction: self.direction,
            enqueued: &self.enqueued,
            warm_start: ledger::observations(&self.warm_start, &self.objectives),
        };
        let strategy = plan.sampler();
        if strategy.unit_dim() != C::DIM {
            return Err(StudyError::Dimensions { strategy: strategy.unit_dim(), config: C::DIM });
        }
        self.declared().check(self.direction, strategy.multi_objective(), &description)?;
        // The enqueued configs come first, then the sampler's trials.
        let k = self.enqueued.len() as u64;
        let len = match (self.budget, strategy.max_trials()) {
            (Some(budget), Some(len)) => budget.min(len.saturating_add(k)),
            (Some(n), None) => n,
            (None, Some(n)) => n.saturating_add(k),
            (None, None) if endless => u64::MAX,
            (None, None) => return Err(StudyError::NoBudget),
        };
        let storage = match &self.storage {
            None => None,
            Some(dir) => {
                let strategy_meta = StrategyMeta {
                    len: strategy.max_trials(),
                    points_fingerprint: format!(
                        "{:016x}",
                        plan::points_fingerprint(strategy, &description, lag)
                    ),
                    description,
                    lag: strategy.uses_history().then_some(lag),
                    inputs: plan::inputs_fingerprint(&self.enqueued, &plan.warm_start),
                };
                let (objectives, constraints) = self.declared().identity();
                let meta = Meta {
                    objectives,
                    constraints,
                    ..Meta::new(
                        &self.name,
                        &C::space(),
                        self.seed,
                        self.direction.name(),
                        strategy_meta,
                        self.pruner.map(|p| format!("{p:?}")),
                    )
                };
                Some(Storage::open(dir, &meta, create, C::DIM, check_config::<C>)?)
            }
        };
        plan.len = len;
        plan.storage = storage;
        Ok(plan)
    }

    /// Trial `i`'s config: an enqueued one, the strategy's point, or a lagged sampler's proposal
    /// once the trials it depends on are known (`None` if the run stopped meanwhile).
    fn config_of(&self, plan: &Plan<'_>, ledger: Option<&ledger::Ledger>, i: u64) -> Option<C> {
        let config = match plan.enqueued(i) {
            Some(json) => read_config(json).expect("an enqueued config reads back (checked when enqueued)"),
            None => {
                let mut point = vec![0.0; C::DIM];
                match ledger {
                    None => plan.strategy_point(i, &mut point),
                    Some(ledger) => plan.learned_point(i, ledger.history(i)?, &mut point),
                }
                C::from_unit(&point)
            }
        };
        if let Some(ledger) = ledger {
            ledger.publish(i, config.to_unit());
        }
        Some(config)
    }

    /// Trial `index`'s point in a lagged run on a cluster: waits until trials `0..=index-L` are
    /// stored (polling the directory), then proposes the trials `index-L+1..=index` that are not
    /// stored, in order, as the in-process runner would.
    fn lagged_point(&self, plan: &Plan<'_>, storage: &Storage, index: u64) -> Result<Vec<f64>, StudyError> {
        let lag = plan.lag;
        let mut poll = std::time::Duration::from_millis(50);
        let mut known: std::collections::BTreeMap<u64, (Vec<f64>, Option<ledger::Seen>)> = loop {
            let stored = storage.load_all()?;
            let ready = (index + 1).saturating_sub(lag);
            if stored.partition_point(|r| r.index < ready) as u64 == ready {
                break stored
                    .iter()
                    .filter(|r| r.index < index)
                    .map(|r| (r.index, (r.unit.clone(), Some(ledger::Seen::of(r, &self.objectives)))))
                    .collect();
            }
            std::thread::sleep(poll);
            poll = (poll * 2).min(std::time::Duration::from_secs(2));
        };
        for j in (index + 1).saturating_sub(lag)..=index {
            if known.contains_key(&j) {
                continue;
            }
            let unit = match plan.enqueued(j) {
                Some(json) => read_config::<C>(json).expect("checked when enqueued").to_unit(),
                None => {
                    let trials = ledger::lagged_history(j, lag, |k| {
                        known.get(&k).map(|(u, o)| (u.as_slice(), o.clone()))
                    })
                    .expect("the lower trials are stored or proposed above");
                    let mut point = vec![0.0; C::DIM];
                    plan.learned_point(j, trials, &mut point);
                    C::from_unit(&point).to_unit()
                }
            };
            known.insert(j, (unit, None));
        }
        Ok(known.remove(&index).map(|(u, _)| u).expect("proposed above"))
    }
}

// The entry points bound the config by serde where they are declared, not on the impl, so that a
// config that cannot be read back (a `&'static str` field) is an error at the call that needs
// it, naming `Deserialize`, rather than "no method named `run`".
impl<C: Hyperparams> Study<C> {
    /// Runs the study: every trial index below the budget that is not stored yet, on
    /// [`workers`](Study::workers) threads, and returns every trial (stored ones included).
    ///
    /// The objective gets the config and the [`Trial`] to report its learning curve to, and
    /// returns the final value. An `Err`, a panic, or a NaN or infinite value fails that trial
    /// only (so does a value without every metric [declared an objective](Study::objectives)): it
    /// is recorded as [`Status::Failed`] with the message, and the study goes on.
    ///
    /// ```
    /// use hp_study::{Status, Study, Trial};
    /// let study = Study::<bool>::new("flaky").budget(6).seed(2).workers(2);
    /// let results = study.run(|heads: &bool, trial: &mut Trial| {
    ///     trial.report(0, 1.0)?;
    ///     if trial.index() == 4 {
    ///         return Err("out of memory".into()); // only this trial fails
    ///     }
    ///     Ok::<f64, Box<dyn std::error::Error + Send + Sync>>(if *heads { 0.5 } else { 0.7 })
    /// })?;
    /// assert_eq!(results.records()[4].status, Status::Failed { message: "out of memory".into() });
    /// assert_eq!(results.counts().complete, 5);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Dimensions`] or [`StudyError::NoBudget`] for a study that cannot run; with
    /// storage, [`StudyError::Mismatch`] if the directory holds another study,
    /// [`StudyError::Corrupt`] for a damaged record, [`StudyError::Io`] if a record cannot be
    /// written (the study stops; every trial recorded so far is kept).
    pub fn run<F, E>(&self, objective: F) -> Result<Results<C>, StudyError>
    where
        C: Serialize + DeserializeOwned,
        F: Fn(&C, &mut Trial<'_>) -> Result<f64, E> + Sync,
        E: Display,
    {
        {
            let plan = self.plan(true)?;
            // Only here do workers exist: a report or a cluster task has none to check.
            if let Some(workers) = self.workers.filter(|&w| plan.lagged() && w as u64 > plan.lag) {
                return Err(StudyError::Lag { lag: plan.lag, workers });
            }
            // A lagged sampler's default: as many workers as its lag lets run at once.
            let workers = match (plan.lagged(), self.workers) {
                (true, None) => usize::try_from(plan.lag).unwrap_or(usize::MAX),
                _ => self.worker_count(),
            };
            let mut stored = match &plan.storage {
                Some(storage) => storage.load_all()?,
                None => Vec::new(),
            };
            // A retried trial runs its stored config again (a learning sampler would otherwise
            // propose another one, from results that came later).
            let mut retried = std::collections::BTreeMap::new();
            if self.retry_failed {
                stored.retain(|r| {
                    let retry = r.index < plan.len && matches!(r.status, Status::Failed { .. });
                    if retry {
                        retried.insert(r.index, (r.config.clone(), r.unit.clone()));
                    }
                    !retry
                });
            }
            let jobs = jobs::Jobs::new(0, plan.len, stored.iter().map(|r| r.index));
            let board = self.board(&jobs, &stored);
            let pruning = board.as_ref();
            let in_budget = stored.partition_point(|r| r.index < plan.len);
            let bar = progress::Progress::new(self.progress, plan.len, &stored[..in_budget], self.direction);
            let ledger = plan.lagged().then(|| ledger::Ledger::new(plan.lag, &stored, &self.objectives));
            if let Some(ledger) = &ledger {
                retried.iter().for_each(|(&i, (_, unit))| ledger.publish(i, unit.clone()));
            }
            let records = Mutex::new(stored);
            let config_of = |i: u64| match retried.get(&i) {
                Some((json, _)) => {
                    Some(read_config(json).expect("a stored config reads back (checked on load)"))
                }
                None => self.config_of(&plan, ledger.as_ref(), i),
            };
            let sink = |record: TrialRecord| {
                if let Some(storage) = &plan.storage {
                    storage.save(&record)?;
                }
                bar.record(&record);
                if let Some(ledger) = &ledger {
                    ledger.finish(&record);
                }
                records.lock().unwrap_or_else(|p| p.into_inner()).push(record);
                Ok(())
            };
            let done = run::execute(
                jobs.count(),
                |k| jobs.nth(k),
                workers,
                config_of,
                &objective,
                pruning,
                self.declared(),
                sink,
                || {
                    if let Some(ledger) = &ledger {
                        ledger.abort();
                    }
                },
            );
            bar.finish();
            done?;
            let records = records.into_inner().unwrap_or_else(|p| p.into_inner());
            Ok(Results::typed(records, self.direction))
        }
    }

    /// Worker mode for clusters: runs exactly trial `index` and writes its record into the
    /// storage directory, or returns the stored record if there is a valid one (so re-submitting
    /// a job is harmless). Many processes may do this at once in one directory.
    ///
    /// With a pruner, the trial compares itself with the lower-index records stored at that
    /// moment (on a cluster, which ones exist depends on timing).
    ///
    /// With a [`sampler`](Study::sampler) that learns from results, the call first *waits* until
    /// trials `0..=index-L` are stored (polling the directory, every 2 s at most), then proposes
    /// the trials `index-L+1..=index` itself, as [`run`](Study::run) would: the configs are the
    /// same as a local run's, whatever order the tasks run in, as long as no pruner decides
    /// differently (a pruner on a cluster sees what has finished, so pruned trials, and the configs
    /// that learn from them, may differ) and no retried trial's new result arrives late. A task
    /// whose lower trials never get stored (a lost task not resubmitted) waits until its own time
    /// limit: resubmit the missing indices (`--missing` in the caviar example).
    ///
    /// ```
    /// use hp_study::{Stop, Study, Trial, worker_index};
    /// let dir = std::env::temp_dir().join(format!("hp-worker-doc-{}", std::process::id()));
    /// let study = Study::<bool>::new("array").budget(4).storage(&dir);
    /// let objective = |heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 });
    /// // In each array task: Slurm sets SLURM_ARRAY_TASK_ID; here, an argument.
    /// for i in 0..4 {
    ///     let index = worker_index(["worker", "--trial", &i.to_string()])?.unwrap();
    ///     study.run_trial(index, objective)?;
    /// }
    /// let merged = study.results()?; // the report step
    /// assert_eq!(merged.records().len(), 4);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::NoStorage`] without a storage directory, [`StudyError::IndexOutOfRange`] for
    /// an index past the budget, and the storage errors of [`run`](Study::run).
    pub fn run_trial<F, E>(&self, index: u64, objective: F) -> Result<TrialRecord, StudyError>
    where
        C: Serialize + DeserializeOwned,
        F: Fn(&C, &mut Trial<'_>) -> Result<f64, E> + Sync,
        E: Display,
    {
        {
            let plan = self.plan(true)?;
            let storage = plan.storage.as_ref().ok_or(StudyError::NoStorage)?;
            if index >= plan.len {
                return Err(StudyError::IndexOutOfRange { index, len: plan.len });
            }
            let mut retried = None;
            if let Some(record) = storage.load(index)? {
                if !(self.retry_failed && matches!(record.status, Status::Failed { .. })) {
                    return Ok(record);
                }
                // A retried trial runs its stored config again (checked when it was loaded).
                retried = Some(record.config);
            }
            // A learning sampler's trial first waits for the results it needs.
            let point = match plan.lagged() && plan.enqueued(index).is_none() && retried.is_none() {
                true => Some(self.lagged_point(&plan, storage, index)?),
                false => None,
            };
            let mut stored = Vec::new();
            if self.pruner.is_some() {
                stored = storage.load_all()?;
                stored.retain(|r| r.index < index);
            }
            let jobs = jobs::Jobs::new(index, index + 1, []);
            let board = self.board(&jobs, &stored);
            let pruning = board.as_ref();
            let out = Mutex::new(None);
            let config_of = |i: u64| match (&retried, &point) {
                (Some(json), _) => {
                    Some(read_config(json).expect("a stored config reads back (checked on load)"))
                }
                (None, Some(point)) => Some(C::from_unit(point)),
                (None, None) => self.config_of(&plan, None, i),
            };
            let sink = |record: TrialRecord| {
                storage.save(&record)?;
                *out.lock().unwrap_or_else(|p| p.into_inner()) = Some(record);
                Ok(())
            };
            run::execute(1, |_| index, 1, config_of, &objective, pruning, self.declared(), sink, || {})?;
            // A single trial is aborted only by its own storage error, returned above.
            Ok(out.into_inner().unwrap_or_else(|p| p.into_inner()).expect("the trial ran and was recorded"))
        }
    }

    /// Every trial stored in the study directory, whoever wrote it (this process, a killed one,
    /// cluster workers): the merge step of worker mode. Checks that the directory holds this study.
    ///
    /// ```
    /// use hp_study::{Stop, Study, Trial};
    /// let dir = std::env::temp_dir().join(format!("hp-results-doc-{}", std::process::id()));
    /// let study = Study::<bool>::new("merged").budget(3).storage(&dir);
    /// let ran = study.run(|_: &bool, t: &mut Trial| Ok::<_, Stop>(t.index() as f64))?;
    /// assert_eq!(study.results()?.records(), ran.records()); // read back from disk
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::NoStorage`]; [`StudyError::Io`] if the directory has no `study.json`;
    /// [`StudyError::Mismatch`] and [`StudyError::Corrupt`] as for [`run`](Study::run).
    pub fn results(&self) -> Result<Results<C>, StudyError>
    where
        C: Serialize + DeserializeOwned,
    {
        let plan = self.plan(false)?;
        let storage = plan.storage.as_ref().ok_or(StudyError::NoStorage)?;
        Ok(Results::typed(storage.load_all()?, self.direction))
    }

    /// Re-checks stale hyperparameters (the lecture: re-evaluate them every few months): runs the
    /// stored top `k` configs again with today's objective (code, data, machines), without
    /// pruning, and reports per config the old and new value and rank, and whether the ranking
    /// changed. The report is also saved as `rechecks/recheck-<unix time>.json` in the study
    /// directory; the stored trials are not touched.
    ///
    /// ```
    /// use hp_study::{Stop, Study, Trial};
    /// use hp_core::strategy::Grid;
    /// let dir = std::env::temp_dir().join(format!("hp-recheck-doc-{}", std::process::id()));
    /// let study = Study::<bool>::new("stale").strategy(Grid::for_config::<bool>(2)?).storage(&dir);
    /// study.run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// // Months later, the data changed and `false` is better now.
    /// let report = study.recheck(2, |heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 3.0 } else { 2.0 }))?;
    /// assert!(report.ranking_changed);
    /// assert_eq!((report.entries[0].old_rank, report.entries[0].new_rank), (1, Some(2)));
    /// println!("{report}");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`results`](Study::results); [`StudyError::Config`] if a stored config no longer
    /// deserializes or lies outside the space (checked before anything runs); [`StudyError::Io`]
    /// if the report cannot be saved.
    pub fn recheck<F, E>(&self, k: usize, objective: F) -> Result<Recheck, StudyError>
    where
        C: Serialize + DeserializeOwned,
        F: Fn(&C, &mut Trial<'_>) -> Result<f64, E> + Sync,
        E: Display,
    {
        let results = self.results()?;
        let top: Vec<TrialRecord> = results.top(k).into_iter().cloned().collect();
        for record in &top {
            results::config_of::<C>(record)?;
        }
        let jobs: Vec<u64> = top.iter().map(|r| r.index).collect();
        let config_of = |i: u64| {
            let record = top.iter().find(|r| r.index == i).expect("jobs are the indices of `top`");
            Some(results::config_of::<C>(record).expect("checked before running"))
        };
        let new = Mutex::new(Vec::with_capacity(top.len()));
        let sink = |record: TrialRecord| {
            new.lock().unwrap_or_else(|p| p.into_inner()).push(record);
            Ok(())
        };
        run::execute(
            jobs.len(),
            |k| jobs[k],
            self.worker_count(),
            config_of,
            &objective,
            None,
            self.declared(),
            sink,
            || {},
        )?;
        let new = new.into_inner().unwrap_or_else(|p| p.into_inner());
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let report = Recheck::new(&self.name, self.direction, now.as_secs(), &top, &new);
        // `results()` succeeded, so the storage directory exists.
        let dir = self.storage.as_deref().ok_or(StudyError::NoStorage)?.join("rechecks");
        hp_store::create_dir_all(&dir)?;
        let mut bytes =
            serde_json::to_vec_pretty(&report).map_err(|e| StudyError::serialize("the recheck report", e))?;
        bytes.push(b'\n');
        let name = format!("recheck-{}-{:09}.json", now.as_secs(), now.subsec_nanos());
        hp_store::write_atomically(&dir, &name, &bytes, Replace::Yes)?;
        Ok(report)
    }
}
