//! [`AskTell`]: a study driven by the caller's own training loop.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::ledger::{self, lagged_history};
use super::plan::Plan;
use super::prune::{Pruner, Rule, rung_value, rungs_passed, rungs_recorded};
use super::record::{Named, add_named};
use super::{CurvePoint, Results, Status, Study, StudyError, TrialRecord, read_config};
use hp_core::{Direction, Hyperparams};
use hp_store::Replace;

/// A trial handed out by [`AskTell::ask`]: its index (tell it by this, from any process) and its
/// config.
///
/// ```
/// # use hp_study::Study;
/// let study = Study::<bool>::new("s").budget(2);
/// let mut tuner = study.ask_tell()?;
/// let trial = tuner.ask()?;
/// assert_eq!(trial.index, 0);
/// # Ok::<(), hp_study::StudyError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Asked<C> {
    /// The trial's index in the study.
    pub index: u64,
    /// Its config.
    pub config: C,
}

/// How a trial ended, as the caller tells it.
///
/// ```
/// use hp_study::Told;
/// let outcomes = [Told::Value(0.12), Told::Failed("out of memory".into()), Told::Pruned];
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Told {
    /// The final value. NaN or an infinity is recorded as failed ("the objective returned NaN"),
    /// as the study runner records it: it never becomes the best.
    Value(f64),
    /// The trial failed, with a message.
    Failed(String),
    /// The trial was stopped at its last [`report`](AskTell::report)ed step.
    Pruned,
}

/// An asked trial as stored in `asked/`: enough for any process to report and tell it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct AskedEntry {
    index: u64,
    unit: Vec<f64>,
    config: serde_json::Value,
    curve: Vec<CurvePoint>,
    /// The queue entry it came from, if any.
    queued: Option<u64>,
    /// When it was asked, in seconds since the Unix epoch.
    asked_at: f64,
    /// The metrics and constraint values reported so far.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    metrics: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    constraints: BTreeMap<String, f64>,
    /// Rungs recorded under a pruner with rungs, and the one it failed, if it did.
    #[serde(default)]
    rungs: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failed_rung: Option<u32>,
}

/// Whether `pruner` stops trial `entry` at its last report, compared with the trials told so far
/// of lower index (what an ask/tell study knows; it never waits for running ones). Records the
/// rungs the report passed in `entry`.
fn stops(
    pruner: Pruner,
    name: &str,
    direction: Direction,
    told: &BTreeMap<u64, TrialRecord>,
    entry: &mut AskedEntry,
) -> bool {
    let Some(&CurvePoint { step, value }) = entry.curve.last() else { return false };
    let rule = pruner.rule(name, entry.index);
    match rule {
        Rule::Median(median) => {
            let mut earlier: Vec<f64> = told
                .range(..entry.index)
                .filter_map(|(_, r)| r.curve.iter().find(|p| p.step == step).map(|p| p.value))
                .collect();
            median.prunes(direction, step, value, &mut earlier)
        }
        Rule::Rungs { halving, .. } if !halving.judges(step) => {
            entry.rungs = rungs_passed(&halving, entry.rungs, step);
            false
        }
        Rule::Rungs { halving, .. } => {
            while let Some(at) = halving.rung_step(entry.rungs).filter(|&s| s <= step) {
                let rung = entry.rungs;
                entry.rungs += 1;
                let mut others: Vec<f64> = told
                    .range(..entry.index)
                    .filter(|&(&j, r)| pruner.rule(name, j) == rule && rungs_recorded(&halving, r) > rung)
                    .filter_map(|(_, r)| rung_value(&r.curve, at))
                    .collect();
                if !halving.promotes(direction, value, &mut others) {
                    entry.failed_rung = Some(rung);
                    return true;
                }
            }
            false
        }
    }
}

const ASKED: &str = "asked";
const QUEUE: &str = "queue";

/// A study driven by the caller: [`ask`](AskTell::ask) for a trial, train it however you like,
/// [`report`](AskTell::report) its learning curve (the study's pruner answers whether to stop),
/// and [`tell`](AskTell::tell) how it ended. Get one from [`Study::ask_tell`].
///
/// It uses everything the study is: its sampler (a model-based one learns from every trial told),
/// lag, pruner, enqueued configs, warm start and storage. With a storage directory, every ask,
/// report and tell is durable the moment it returns, and any process can tell a trial by its
/// index: after a restart, from another node. Without one, it all lives in memory.
///
/// Trial `i` is proposed as in a lagged run: from the results of trials `0..=i-L` (with the
/// study's [`lag`](Study::lag) `L`, default 1) and the points of the trials after them. So the
/// same calls give the same configs on every run; asking a trial whose lag's worth of results is
/// not told yet is an error that says which trial is missing.
///
/// ```
/// use hp_study::{Study, Told};
/// let study = Study::<bool>::new("own loop").budget(6).enqueue(true);
/// let mut tuner = study.ask_tell()?;
/// for _ in 0..6 {
///     let trial = tuner.ask()?; // trial 0 is the enqueued `true`
///     let mut loss = 1.0;
///     for epoch in 0..3 {
///         loss *= if trial.config { 0.5 } else { 0.9 }; // the caller's training step
///         if tuner.report(trial.index, epoch, loss)? {
///             break; // the study's pruner says stop (none here)
///         }
///     }
///     tuner.tell(trial.index, Told::Value(loss))?;
/// }
/// assert_eq!(tuner.results().records().len(), 6);
/// assert!(tuner.tell(0, Told::Value(0.0)).is_err()); // told twice: an error, nothing changed
/// # Ok::<(), hp_study::StudyError>(())
/// ```
pub struct AskTell<'s, C> {
    study: &'s Study<C>,
    plan: Plan<'s>,
    /// Every trial asked (told or not), by index.
    asked: BTreeMap<u64, AskedEntry>,
    told: BTreeMap<u64, TrialRecord>,
    /// Enqueued configs not asked yet, by sequence number.
    queue: BTreeMap<u64, serde_json::Value>,
    next_seq: u64,
}

impl<C> core::fmt::Debug for AskTell<'_, C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AskTell")
            .field("study", &self.study.name())
            .field("asked", &self.asked.len())
            .field("told", &self.told.len())
            .field("queued", &self.queue.len())
            .finish()
    }
}

impl<C: Hyperparams> Study<C> {
    /// The study as an [`AskTell`]: the caller runs the trials. With storage, the directory is
    /// opened (created if new) and what it holds is loaded: told trials, asked ones, the queue.
    /// A budget is optional (without one, [`ask`](AskTell::ask) never runs out).
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s");
    /// let tuner = study.ask_tell()?;
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`run`](Study::run) before any trial runs: a sampler of other dimensions, an
    /// enqueued config outside the space, a directory holding another study, a damaged file.
    pub fn ask_tell(&self) -> Result<AskTell<'_, C>, StudyError>
    where
        C: Serialize + DeserializeOwned,
    {
        let plan = self.plan_with(true, true)?;
        let mut tuner = AskTell {
            study: self,
            plan,
            asked: BTreeMap::new(),
            told: BTreeMap::new(),
            queue: BTreeMap::new(),
            next_seq: 0,
        };
        tuner.refresh()?;
        Ok(tuner)
    }
}

impl<C> AskTell<'_, C>
where
    C: Hyperparams + Serialize + DeserializeOwned,
{
    /// Reads what other processes may have written: told trials, asked ones, the queue.
    fn refresh(&mut self) -> Result<(), StudyError> {
        let Some(storage) = &self.plan.storage else { return Ok(()) };
        self.told = storage.load_all()?.into_iter().map(|r| (r.index, r)).collect();
        self.asked = storage.load_entries::<AskedEntry>(ASKED, ASKED)?.into_iter().collect();
        for (n, entry) in &self.asked {
            let path = storage.entry_path(ASKED, *n);
            if entry.index != *n {
                return Err(StudyError::corrupt(path, format!("it holds trial {}", entry.index)));
            }
            storage.check_asked(
                &path,
                &entry.config,
                &entry.unit,
                &entry.curve,
                [&entry.metrics, &entry.constraints],
            )?;
        }
        let queue = storage.load_entries::<serde_json::Value>(QUEUE, QUEUE)?;
        if let Some((n, _)) = queue.last().filter(|(n, _)| *n == u64::MAX) {
            return Err(StudyError::corrupt(storage.entry_path(QUEUE, *n), "no queue entry can follow it"));
        }
        for (n, json) in &queue {
            let path = storage.entry_path(QUEUE, *n);
            let config: C = read_config(json).map_err(|e| {
                StudyError::corrupt(&path, format!("a config that does not fit the config type: {e}"))
            })?;
            storage.check_asked(&path, json, &config.to_unit(), &[], [&BTreeMap::new(), &BTreeMap::new()])?;
        }
        self.next_seq = queue.last().map_or(0, |(n, _)| n + 1);
        let taken: Vec<u64> = self.asked.values().filter_map(|a| a.queued).collect();
        self.queue = queue.into_iter().filter(|(n, _)| !taken.contains(n)).collect();
        Ok(())
    }

    /// The next trial: an enqueued config if any is waiting (those of
    /// [`Study::enqueue`](Study::enqueue) first, then those of [`enqueue`](AskTell::enqueue), in
    /// order), else the sampler's proposal. With storage it is recorded as asked (its point,
    /// config and the time) before it is returned.
    ///
    /// # Errors
    /// [`StudyError::NotTold`] if the sampler learns from results and a trial its lag needs has
    /// not been told; [`StudyError::IndexOutOfRange`] past the budget; storage errors.
    pub fn ask(&mut self) -> Result<Asked<C>, StudyError> {
        loop {
            self.refresh()?;
            let index = self.lowest_free();
            if index >= self.plan.len {
                return Err(StudyError::IndexOutOfRange { index, len: self.plan.len });
            }
            let (config, queued) = self.next_config(index)?;
            let config_json = serde_json::to_value(&config)
                .map_err(|e| StudyError::serialize(format!("the config of trial {index}"), e))?;
            let entry = AskedEntry {
                index,
                unit: config.to_unit(),
                config: config_json,
                curve: Vec::new(),
                queued,
                asked_at: now(),
                metrics: BTreeMap::new(),
                constraints: BTreeMap::new(),
                rungs: 0,
                failed_rung: None,
            };
            if let Some(storage) = &self.plan.storage
                && !storage.save_entry(ASKED, ASKED, index, &entry, Replace::No)?
            {
                continue; // another process asked this index first: take the next
            }
            if let Some(seq) = queued {
                self.queue.remove(&seq);
            }
            self.asked.insert(index, entry);
            return Ok(Asked { index, config });
        }
    }

    /// The lowest index neither asked nor told: a trial lost between other runs' (a `run_trial`
    /// task never submitted, a killed `run`) is asked before any after it.
    fn lowest_free(&self) -> u64 {
        let mut taken: Vec<u64> = self.asked.keys().chain(self.told.keys()).copied().collect();
        taken.sort_unstable();
        taken.dedup();
        // The first k with taken[k] != k (taken is sorted and distinct).
        taken.iter().zip(0u64..).find(|(t, k)| *t != k).map_or(taken.len() as u64, |(_, k)| k)
    }

    /// Trial `index`'s config, and the queue entry it takes, if any.
    fn next_config(&self, index: u64) -> Result<(C, Option<u64>), StudyError> {
        let read = |json: &serde_json::Value| {
            read_config::<C>(json).map_err(|e| StudyError::Config { index, message: e.to_string() })
        };
        if let Some(json) = self.plan.enqueued(index) {
            return Ok((read(json)?, None));
        }
        if let Some((&seq, json)) = self.queue.iter().next() {
            return Ok((read(json)?, Some(seq)));
        }
        let mut point = vec![0.0; C::DIM];
        if self.plan.lagged() {
            let lag = self.plan.lag;
            if let Some(missing) = (0..(index + 1).saturating_sub(lag)).find(|j| !self.told.contains_key(j)) {
                return Err(StudyError::NotTold { index, missing, lag });
            }
            let known = |j: u64| {
                let told = self.told.get(&j);
                let unit =
                    told.map(|r| r.unit.as_slice()).or_else(|| self.asked.get(&j).map(|a| a.unit.as_slice()));
                unit.map(|u| (u, told.map(|r| ledger::Seen::of(r, &self.study.objectives))))
            };
            // Every lower index is asked or told: `index` is the lowest free one.
            let trials = lagged_history(index, lag, known).expect("every lower index is asked or told");
            self.plan.learned_point(index, trials, &mut point);
        } else {
            // A strategy's points follow every enqueued config, dynamic ones included: trial
            // `index` is its point `index - k - dynamic` (asked entries below `index` claiming a
            // queue entry could only be more than `index - k` in a hand-made directory).
            let dynamic = self.asked.range(..index).filter(|(_, a)| a.queued.is_some()).count() as u64;
            let k = self.plan.enqueued.len() as u64;
            if index < k + dynamic {
                let message = format!("{dynamic} asked trials below trial {index} claim a queued config");
                return Err(StudyError::corrupt(self.plan.storage_dir().join(ASKED), message));
            }
            self.plan.strategy_point(index - dynamic, &mut point);
        }
        Ok((C::from_unit(&point), None))
    }

    /// Evaluates `config` before the sampler's next proposals: the next [`ask`](AskTell::ask)s
    /// return the enqueued configs first, in the order given (FIFO). With storage the queue is
    /// durable and shared by every process. With a finite strategy (a grid), each config enqueued
    /// here takes the place of the strategy's last point within the budget.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s");
    /// let mut tuner = study.ask_tell()?;
    /// tuner.enqueue(false)?;
    /// tuner.enqueue(true)?;
    /// assert_eq!((tuner.ask()?.config, tuner.ask()?.config), (false, true));
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Enqueued`] for a config outside the space (nothing is queued); storage errors.
    pub fn enqueue(&mut self, config: C) -> Result<(), StudyError> {
        let position = self.queue.len();
        config.validate().map_err(|e| StudyError::Enqueued { position, message: e.to_string() })?;
        let json = serde_json::to_value(&config)
            .map_err(|e| StudyError::Enqueued { position, message: format!("it does not serialize: {e}") })?;
        loop {
            self.refresh()?;
            let seq = self.next_seq;
            if let Some(storage) = &self.plan.storage
                && !storage.save_entry(QUEUE, QUEUE, seq, &json, Replace::No)?
            {
                continue;
            }
            self.queue.insert(seq, json);
            // refresh() refuses a queue entry numbered u64::MAX, so this cannot overflow.
            self.next_seq = seq + 1;
            return Ok(());
        }
    }

    /// Reports trial `index`'s value at `step` (an epoch): one point of its learning curve,
    /// stored with it. Returns `true` if the study's pruner says the trial should stop here (it
    /// compares with the lower-index trials told so far that reported this step); then tell it
    /// [`Told::Pruned`]. Without a pruner, always `false`.
    ///
    /// # Errors
    /// [`StudyError::UnknownTrial`] or [`StudyError::AlreadyTold`] for a trial not running;
    /// [`StudyError::BadReport`] for a NaN or infinite value or a step that does not increase
    /// (nothing is stored: tell the trial [`Told::Failed`] if it diverged).
    pub fn report(&mut self, index: u64, step: u64, value: f64) -> Result<bool, StudyError> {
        self.refresh()?;
        self.running(index)?;
        let entry = self.asked.get_mut(&index).expect("checked running");
        if !value.is_finite() {
            return Err(StudyError::BadReport {
                index,
                message: format!("the value at step {step} is {value}"),
            });
        }
        if let Some(last) = entry.curve.last().filter(|p| step <= p.step) {
            let message = format!("step {step} reported after step {}; steps must increase", last.step);
            return Err(StudyError::BadReport { index, message });
        }
        entry.curve.push(CurvePoint { step, value });
        let stop = match self.study.pruner {
            None => false,
            Some(pruner) => stops(pruner, self.study.name(), self.plan.direction, &self.told, entry),
        };
        if let Some(storage) = &self.plan.storage {
            storage.save_entry(ASKED, ASKED, index, &*entry, Replace::Yes)?;
        }
        Ok(stop)
    }

    /// Records a named extra metric of running trial `index` (an accuracy, a training time),
    /// stored with it as [`Trial::metric`](crate::Trial::metric) does: its record holds it once
    /// the trial is told, whatever its outcome.
    ///
    /// ```
    /// # use hp_study::{Study, Told};
    /// let study = Study::<bool>::new("s").budget(1);
    /// let mut tuner = study.ask_tell()?;
    /// let trial = tuner.ask()?;
    /// tuner.metric(trial.index, "train_seconds", 12.5)?;
    /// assert!(tuner.metric(trial.index, "train_seconds", 13.0).is_err()); // one value per trial
    /// let record = tuner.tell(trial.index, Told::Value(0.1))?;
    /// assert_eq!(record.metrics["train_seconds"], 12.5);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::UnknownTrial`] or [`StudyError::AlreadyTold`] for a trial not running;
    /// [`StudyError::BadReport`] for an empty name, a NaN or infinite value, or a second value
    /// for the same name (nothing is stored); storage errors.
    pub fn metric(&mut self, index: u64, name: &str, value: f64) -> Result<(), StudyError> {
        self.add(Named::Metric, index, name, value)
    }

    /// Records a named constraint value of running trial `index`, as
    /// [`Trial::constraint`](crate::Trial::constraint) does: the trial is feasible when every
    /// one is at most 0.
    ///
    /// ```
    /// # use hp_study::{Study, Told};
    /// let study = Study::<bool>::new("s").budget(1);
    /// let mut tuner = study.ask_tell()?;
    /// let trial = tuner.ask()?;
    /// tuner.constraint(trial.index, "latency_ms_over_5", 1.5)?;
    /// assert!(!tuner.tell(trial.index, Told::Value(0.1))?.feasible());
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// As [`metric`](Self::metric).
    pub fn constraint(&mut self, index: u64, name: &str, value: f64) -> Result<(), StudyError> {
        self.add(Named::Constraint, index, name, value)
    }

    fn add(&mut self, kind: Named, index: u64, name: &str, value: f64) -> Result<(), StudyError> {
        self.refresh()?;
        self.running(index)?;
        let entry = self.asked.get_mut(&index).expect("checked running");
        let map = match kind {
            Named::Metric => &mut entry.metrics,
            Named::Constraint => &mut entry.constraints,
        };
        let before = map.len();
        add_named(kind, map, name, value).map_err(|message| StudyError::BadReport { index, message })?;
        if map.len() == before {
            return Ok(()); // the same value again
        }
        if let Some(storage) = &self.plan.storage {
            storage.save_entry(ASKED, ASKED, index, &*entry, Replace::Yes)?;
        }
        Ok(())
    }

    /// Records how trial `index` ended and returns its record. With storage it is written once:
    /// a second tell, from this process or another, is refused and changes nothing. A value that
    /// is NaN or infinite, or that comes without every metric
    /// [declared an objective](Study::objectives), is recorded as failed, with the reason.
    ///
    /// # Errors
    /// [`StudyError::UnknownTrial`] for an index never asked; [`StudyError::AlreadyTold`] for one
    /// told before; [`StudyError::BadReport`] for [`Told::Pruned`] without a report; storage errors.
    pub fn tell(&mut self, index: u64, told: Told) -> Result<TrialRecord, StudyError> {
        self.refresh()?;
        self.running(index)?;
        let entry = &self.asked[&index];
        let (status, value) = match told {
            Told::Value(v) if v.is_finite() => (Status::Complete, Some(v)),
            Told::Value(v) => (Status::Failed { message: format!("the objective returned {v}") }, None),
            Told::Failed(message) => (Status::Failed { message }, None),
            Told::Pruned => match entry.curve.last() {
                Some(p) => (Status::Pruned { step: p.step, rung: entry.failed_rung }, None),
                None => {
                    let message = "a pruned trial needs a report at the step it stopped".to_owned();
                    return Err(StudyError::BadReport { index, message });
                }
            },
        };
        let mut constraints = entry.constraints.clone();
        let (status, value) = self.study.declared().settle(status, value, &entry.metrics, &mut constraints);
        let record = TrialRecord {
            index,
            config: entry.config.clone(),
            unit: entry.unit.clone(),
            curve: entry.curve.clone(),
            value,
            status,
            duration_secs: (now() - entry.asked_at).max(0.0),
            metrics: entry.metrics.clone(),
            constraints,
        };
        if let Some(storage) = &self.plan.storage
            && !storage.save_new(&record)?
        {
            return Err(StudyError::AlreadyTold { index });
        }
        self.told.insert(index, record.clone());
        Ok(record)
    }

    /// That trial `index` was asked and not told.
    fn running(&self, index: u64) -> Result<(), StudyError> {
        if self.told.contains_key(&index) {
            Err(StudyError::AlreadyTold { index })
        } else if !self.asked.contains_key(&index) {
            Err(StudyError::UnknownTrial { index })
        } else {
            Ok(())
        }
    }

    /// The trials asked and not told yet, by index.
    ///
    /// ```
    /// # use hp_study::Study;
    /// let study = Study::<bool>::new("s");
    /// let mut tuner = study.ask_tell()?;
    /// let a = tuner.ask()?;
    /// assert_eq!(tuner.running_trials(), [a.index]);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn running_trials(&self) -> Vec<u64> {
        self.asked.keys().filter(|i| !self.told.contains_key(i)).copied().collect()
    }

    /// Every trial told so far (as of the last call), as [`Results`].
    ///
    /// ```
    /// # use hp_study::{Study, Told};
    /// let study = Study::<bool>::new("s");
    /// let mut tuner = study.ask_tell()?;
    /// let a = tuner.ask()?;
    /// tuner.tell(a.index, Told::Value(1.0))?;
    /// assert_eq!(tuner.results().best().unwrap().value, Some(1.0));
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn results(&self) -> Results<C> {
        Results::typed(self.told.values().cloned().collect(), self.plan.direction)
    }
}

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}
