//! [`Panda`]: one model, babysat day by day.

use core::fmt::Display;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::PandaError;
use super::checkpoint::Checkpoint;
use super::history::{DayRecord, DecidedBy, DecisionRecord, History};
use super::journal::{Entry, FORMAT, Header, Journal};
use super::nudge::Nudger;
use super::policy::{Decision, Policy};
use hp_core::Direction;
use hp_core::{Hyperparams, ParamId, Space};
use hp_store::{BlobRef, TornLine};
use hp_study::check_config;

/// Sets up a [`Panda`] session: a name, a direction, a nudger and, for a session that survives a
/// crash, a directory. [`open`](Self::open) starts it, or resumes the one journalled there.
///
/// ```
/// use hp_panda::Panda;
/// use hp_core::Direction;
/// let setup = Panda::builder("digits").direction(Direction::Minimize).storage("target/panda");
/// assert!(format!("{setup:?}").contains(r#"storage: Some("target/panda")"#));
/// ```
#[derive(Clone, Debug)]
pub struct PandaBuilder {
    name: String,
    direction: Direction,
    nudger: Nudger,
    storage: Option<PathBuf>,
    wait_for_lock: bool,
}

impl PandaBuilder {
    /// Whether lower (the default) or higher metrics are better.
    #[must_use]
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// The step sizes of nudges (default [`Nudger::new`]).
    #[must_use]
    pub fn nudger(mut self, nudger: Nudger) -> Self {
        self.nudger = nudger;
        self
    }

    /// The session directory: the journal and one checkpoint per day. Opening a directory that
    /// holds a journal resumes that session. Without it the session lives in memory.
    ///
    /// ```text
    /// <dir>/journal.jsonl               a line per event: the start (day 0), each day, each decision
    /// <dir>/checkpoints/day-00003.ckpt  the model after day 3, as Checkpoint::save wrote it
    /// <dir>/journal.torn                a torn last line dropped on resume, if a crash left one
    /// ```
    ///
    /// Each journal line is `{"entry":{...},"checksum":"fnv1a64:<hex>"}`, the checksum over the
    /// entry's exact bytes, written with one `write_all` and `fsync`'d before the call returns; a day
    /// or decision line holds the config in force after it. Checkpoints are written to a temp
    /// file, `fsync`'d and renamed into place before the line that refers to them, which records
    /// their length and checksum. On resume every complete line must check out (a damaged one is
    /// an error, never skipped); a last line without its newline, cut short by a crash, is
    /// moved to `journal.torn`, cut off, and reported by [`Panda::recovered`].
    ///
    /// One process at a time may use a directory: the session holds an advisory lock on
    /// `<dir>/lock` (`flock`) from [`open`](Self::open) until it is dropped or the process ends
    /// (however it ends), and a second opener gets [`PandaError::Locked`] naming the directory and
    /// the holder — or waits, with [`wait_for_lock`](Self::wait_for_lock).
    #[must_use]
    pub fn storage(mut self, dir: impl Into<PathBuf>) -> Self {
        self.storage = Some(dir.into());
        self
    }

    /// When another process holds the storage directory, wait for it to let go instead of
    /// failing with [`PandaError::Locked`] (default: fail at once).
    ///
    /// ```
    /// let setup = hp_panda::Panda::builder("digits").storage("target/panda").wait_for_lock(true);
    /// assert!(format!("{setup:?}").contains("wait_for_lock: true"));
    /// ```
    #[must_use]
    pub fn wait_for_lock(mut self, wait: bool) -> Self {
        self.wait_for_lock = wait;
        self
    }

    /// Starts the session with the config and model `start` returns (day 0), or, when the
    /// storage directory holds a journal, resumes it without calling `start`: the same history,
    /// the config in force and the model of its last checkpoint (or of the day last rolled back
    /// to).
    ///
    /// # Errors
    /// [`PandaError::Locked`] if another process uses the directory; [`PandaError::User`] if
    /// `start` fails; [`PandaError::Config`] if its config is outside its space;
    /// [`PandaError::Save`] if the model cannot be saved; on resume, [`PandaError::Mismatch`] for
    /// a journal of another session, [`PandaError::Corrupt`] for a damaged line or checkpoint,
    /// [`PandaError::Restore`]; [`PandaError::Io`].
    pub fn open<C, M, F, E>(self, start: F) -> Result<Panda<C, M>, PandaError>
    where
        C: Hyperparams + Serialize + DeserializeOwned + Clone,
        M: Checkpoint,
        F: FnOnce() -> Result<(C, M), E>,
        E: Display,
    {
        let space = C::space();
        let header = Header {
            format: FORMAT,
            name: self.name.clone(),
            space_fingerprint: format!("{:016x}", space.fingerprint()),
            direction: self.direction.name().to_owned(),
            space: serde_json::to_value(&space).unwrap_or(Value::Null),
        };
        // The lock first: nothing in the directory is read or written without it.
        let lock = match &self.storage {
            Some(dir) => Some(Journal::lock(dir, self.wait_for_lock)?),
            None => None,
        };
        let lock = match lock {
            Some(lock) if Journal::exists(&lock) => return self.resume(lock, space, &header),
            other => other,
        };
        let (config, model) =
            start().map_err(|e| PandaError::User { what: "start".into(), message: e.to_string() })?;
        config.validate().map_err(|e| PandaError::config(format!("the start config: {e}")))?;
        let bytes = save(&model, 0)?;
        let day = DayRecord {
            day: 0,
            parent: 0,
            metric: None,
            config: to_json(&config)?,
            unit: config.to_unit(),
            seconds: 0.0,
        };
        let store = match lock {
            None => Store::Memory(vec![bytes]),
            Some(lock) => {
                let mut first = None;
                let start = |checkpoint: BlobRef| {
                    first = Some(checkpoint.clone());
                    Entry::Start { header, day: day.clone(), checkpoint }
                };
                let journal = Journal::create(lock, start, &bytes)?;
                Store::Disk { journal, checkpoints: first.into_iter().collect() }
            }
        };
        let mut history = History::new(self.direction);
        history.push_day(day);
        Ok(Panda {
            name: self.name,
            nudger: self.nudger,
            space,
            config,
            model,
            history,
            store,
            resumed: false,
            recovered: None,
        })
    }

    fn resume<C, M>(
        self,
        lock: hp_store::DirLock,
        space: Space,
        header: &Header,
    ) -> Result<Panda<C, M>, PandaError>
    where
        C: Hyperparams + Serialize + DeserializeOwned + Clone,
        M: Checkpoint,
    {
        let (journal, entries, recovered) = Journal::open(lock)?;
        let path = journal.path().to_owned();
        let mut entries = entries.into_iter();
        let Some(Entry::Start { header: stored, day, checkpoint }) = entries.next() else {
            return Err(PandaError::corrupt(&path, "line 1 is not the start of a session"));
        };
        let differs = |what, a: &str, b: &str| {
            (a != b).then(|| PandaError::Mismatch {
                path: path.clone(),
                what,
                stored: a.into(),
                current: b.into(),
            })
        };
        if let Some(e) = differs("format", &stored.format.to_string(), &header.format.to_string())
            .or_else(|| differs("name", &stored.name, &header.name))
            .or_else(|| differs("space fingerprint", &stored.space_fingerprint, &header.space_fingerprint))
            .or_else(|| differs("direction", &stored.direction, &header.direction))
        {
            return Err(e);
        }
        let mut history = History::new(self.direction);
        let corrupt =
            |line: usize, reason: String| PandaError::corrupt(&path, format!("line {line}: {reason}"));
        check_checkpoint(0, &checkpoint).map_err(|r| corrupt(1, r))?;
        check_config::<C>(&day.config, &day.unit).map_err(|r| corrupt(1, r))?;
        if day.day != 0 || day.parent != 0 || day.metric.is_some() || day.seconds != 0.0 {
            return Err(corrupt(
                1,
                format!("the start is day {} (from day {}), not day 0", day.day, day.parent),
            ));
        }
        let mut checkpoints = vec![checkpoint];
        history.push_day(day);
        for (n, entry) in entries.enumerate() {
            let line = n + 2;
            match entry {
                Entry::Start { .. } => return Err(corrupt(line, "a second start".into())),
                Entry::Day { day, checkpoint } => {
                    // Each day continues from the model in force, which the lines before say.
                    let expected = (checkpoints.len() as u64, history.model_day().unwrap_or(0));
                    if (day.day, day.parent) != expected {
                        let reason = format!(
                            "day {} continuing from day {} out of order (day {} from day {} expected)",
                            day.day, day.parent, expected.0, expected.1
                        );
                        return Err(corrupt(line, reason));
                    }
                    check_checkpoint(day.day, &checkpoint).map_err(|r| corrupt(line, r))?;
                    check_config::<C>(&day.config, &day.unit).map_err(|r| corrupt(line, r))?;
                    if !(day.seconds.is_finite() && day.seconds >= 0.0) {
                        return Err(corrupt(line, format!("day {} took {} seconds", day.day, day.seconds)));
                    }
                    checkpoints.push(checkpoint);
                    history.push_day(day);
                }
                Entry::Decision { decision } => {
                    let last = checkpoints.len() as u64 - 1;
                    if decision.after_day != last || decision.rollback_to.is_some_and(|d| d > last) {
                        let reason = format!("a decision after day {} out of order", decision.after_day);
                        return Err(corrupt(line, reason));
                    }
                    check_config::<C>(&decision.config, &decision.unit).map_err(|r| corrupt(line, r))?;
                    if let Some(reason) = crate::history::check_nudges(&decision.nudges, C::DIM) {
                        return Err(corrupt(line, reason));
                    }
                    history.push_decision(decision);
                }
            }
        }
        let config_json = history.config_in_force().cloned().unwrap_or(Value::Null);
        let config: C = hp_study::read_config(&config_json).map_err(|e| {
            PandaError::corrupt(&path, format!("the config in force does not fit the config type: {e}"))
        })?;
        config.validate().map_err(|e| PandaError::corrupt(&path, format!("the config in force: {e}")))?;
        let model_day = history.model_day().unwrap_or(0);
        let store = Store::Disk { journal, checkpoints };
        let model = store.restore(model_day)?;
        Ok(Panda {
            name: self.name,
            nudger: self.nudger,
            space,
            config,
            model,
            history,
            store,
            resumed: true,
            recovered,
        })
    }
}

/// That a journal line's checkpoint reference names its own day's file, and nothing else.
fn check_checkpoint(day: u64, r: &BlobRef) -> Result<(), String> {
    let expected = Journal::checkpoint_name(day);
    if r.file == expected {
        Ok(())
    } else {
        Err(format!(
            "the checkpoint of day {day} is named {:?}; only {expected:?} in checkpoints/ is read",
            r.file
        ))
    }
}

/// The model's bytes, or why the model could not be saved after day `day`.
fn save<M: Checkpoint>(model: &M, day: u64) -> Result<Vec<u8>, PandaError> {
    model.save().map_err(|e| PandaError::Save { day, message: e.to_string() })
}

/// Where the checkpoints are.
#[derive(Debug)]
enum Store {
    /// One per day, in memory.
    Memory(Vec<Vec<u8>>),
    /// One file per day, referenced from the journal.
    Disk { journal: Journal, checkpoints: Vec<BlobRef> },
}

impl Store {
    fn restore<M: Checkpoint>(&self, day: u64) -> Result<M, PandaError> {
        let last = match self {
            Store::Memory(all) => all.len(),
            Store::Disk { checkpoints, .. } => checkpoints.len(),
        } as u64;
        let last = last.saturating_sub(1);
        let missing = PandaError::NoSuchDay { day, last };
        let bytes = match self {
            Store::Memory(all) => all.get(day as usize).ok_or(missing)?.clone(),
            Store::Disk { journal, checkpoints } => {
                journal.read_checkpoint(day, checkpoints.get(day as usize).ok_or(missing)?)?
            }
        };
        M::restore(&bytes).map_err(|e| PandaError::Restore { day, message: e.to_string() })
    }
}

/// One event of [`Panda::run`], for printing progress.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// A day was trained and recorded.
    Day(&'a DayRecord),
    /// A decision was made and carried out.
    Decision(&'a DecisionRecord),
}

/// A babysitting session: one model, trained a "day" at a time, its hyperparameters nudged up
/// and down along their own scales, with a checkpoint after every day to roll back to.
///
/// After each day the session records the day's metric and a checkpoint (the config, and the
/// model through [`Checkpoint`]); then a [`Policy`] (or your code) decides: carry on, nudge,
/// roll back to an earlier day, or stop. With [`storage`](PandaBuilder::storage), every day and
/// decision goes into a durable journal as it happens; a session killed at any point resumes
/// from its last checkpoint with the same history.
///
/// ```
/// use hp_panda::{Json, LecturePolicy, Panda};
/// use hp_core::Hyperparams;
/// #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # #[hp(crate = "hp_core")]
/// struct Train {
///     #[hp(log, 1e-3, 1.0)]
///     learning_rate: f64,
/// }
///
/// // The "model" is one weight w, trained by gradient descent on (w - 3)^2.
/// let dir = std::env::temp_dir().join(format!("hp-panda-doc-{}", std::process::id()));
/// let mut panda = Panda::builder("quadratic").storage(&dir).open(|| {
///     Ok::<_, String>((Train { learning_rate: 0.05 }, Json(0.0_f64)))
/// })?;
/// let alpha = Train::space().param_id("learning_rate")?; // typed: Train::params().learning_rate
/// let mut policy = LecturePolicy::new(alpha);
/// panda.run(12, &mut policy, |w: &mut Json<f64>, cfg: &Train| {
///     for _ in 0..5 {
///         w.0 -= cfg.learning_rate * 2.0 * (w.0 - 3.0);
///     }
///     Ok::<f64, String>((w.0 - 3.0).powi(2)) // the day's loss
/// }, |event| println!("{event:?}"))?;
/// assert!(panda.history().best_day().unwrap().metric.unwrap() < 1e-6);
///
/// // One process at a time: while `panda` is open, the directory is locked.
/// let reopen = || Panda::builder("quadratic").storage(&dir).open(|| -> Result<(Train, Json<f64>), String> {
///     unreachable!("a journal exists")
/// });
/// assert!(matches!(reopen(), Err(hp_panda::PandaError::Locked { .. })));
///
/// // Killed or closed, opening the directory again resumes: the same history, no day trained twice.
/// let (history, model) = (panda.history().clone(), panda.model().0);
/// drop(panda);
/// let again = reopen()?;
/// assert_eq!(again.history(), &history);
/// assert_eq!(again.model().0.to_bits(), model.to_bits());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Panda<C, M> {
    name: String,
    nudger: Nudger,
    space: Space,
    config: C,
    model: M,
    history: History,
    store: Store,
    resumed: bool,
    recovered: Option<TornLine>,
}

impl Panda<(), ()> {
    /// A session named `name`: minimizing, default nudges, in memory until given a
    /// [`storage`](PandaBuilder::storage) directory.
    pub fn builder(name: impl Into<String>) -> PandaBuilder {
        PandaBuilder {
            name: name.into(),
            direction: Direction::Minimize,
            nudger: Nudger::new(),
            storage: None,
            wait_for_lock: false,
        }
    }
}

impl<C, M> Panda<C, M>
where
    C: Hyperparams + Serialize + DeserializeOwned + Clone,
    M: Checkpoint,
{
    /// Trains the next day: `train` gets the model and the config in force and returns the
    /// day's metric (NaN or infinite when training diverged: recorded like any other value, for
    /// the policy to judge). Then the model's checkpoint and the day are recorded.
    ///
    /// # Errors
    /// [`PandaError::User`] if `train` returns an error: the day is not recorded and the model
    /// goes back to its last checkpoint. [`PandaError::Io`] if the day cannot be recorded (the
    /// model goes back too).
    pub fn train_day<F, E>(&mut self, train: F) -> Result<&DayRecord, PandaError>
    where
        F: FnOnce(&mut M, &C) -> Result<f64, E>,
        E: Display,
    {
        let day = self.history.days().len() as u64;
        let parent = self.history.model_day().unwrap_or(0);
        let (config, unit) = (to_json(&self.config)?, self.config.to_unit());
        let started = Instant::now();
        // A panic is the day's failure, like an `Err`: the model goes back, and the caller gets
        // an error instead of a half-trained model.
        let trained = hp_study::pool::catch(|| train(&mut self.model, &self.config));
        let seconds = started.elapsed().as_secs_f64();
        let recorded = match trained {
            Err(panic) => Err(PandaError::User { what: format!("day {day}"), message: panic.to_string() }),
            Ok(Err(e)) => Err(PandaError::User { what: format!("day {day}"), message: e.to_string() }),
            Ok(Ok(metric)) => {
                let record = DayRecord { day, parent, metric: Some(metric), config, unit, seconds };
                save(&self.model, day).and_then(|bytes| self.record_day(record, bytes))
            }
        };
        if let Err(e) = recorded {
            // The model trained (perhaps part of a day) but the day is not recorded.
            self.model = self.store.restore(parent)?;
            return Err(e);
        }
        Ok(self.history.last_day().expect("a day was just recorded"))
    }

    fn record_day(&mut self, record: DayRecord, bytes: Vec<u8>) -> Result<(), PandaError> {
        match &mut self.store {
            Store::Memory(all) => all.push(bytes),
            Store::Disk { journal, checkpoints } => {
                let checkpoint = journal.write_checkpoint(record.day, &bytes)?;
                journal.append(&Entry::Day { day: record.clone(), checkpoint: checkpoint.clone() })?;
                checkpoints.push(checkpoint);
            }
        }
        self.history.push_day(record);
        Ok(())
    }

    /// Asks `policy` what to do after the last day and does it (journalled as the policy's).
    ///
    /// # Errors
    /// As [`apply`](Self::apply).
    pub fn decide<P: Policy + ?Sized>(&mut self, policy: &mut P) -> Result<&DecisionRecord, PandaError> {
        let decision = policy.decide(&self.history);
        self.carry_out(decision, DecidedBy::Policy)
    }

    /// Carries out a decision made by your code: a rollback first if it has one, then its
    /// nudges in order; journalled with the config in force after it. Nothing changes if any
    /// part fails.
    ///
    /// # Errors
    /// [`PandaError::NoSuchDay`], [`PandaError::Restore`], [`PandaError::Nudge`] (an id of
    /// another config type, an inactive parameter), [`PandaError::Io`].
    pub fn apply(&mut self, decision: Decision) -> Result<&DecisionRecord, PandaError> {
        self.carry_out(decision, DecidedBy::Hand)
    }

    /// Nudges `param` by `steps` by hand: [`apply`](Self::apply) of [`Decision::nudge`].
    ///
    /// # Errors
    /// As [`apply`](Self::apply).
    pub fn nudge(&mut self, param: &ParamId, steps: i32) -> Result<&DecisionRecord, PandaError> {
        self.apply(Decision::nudge(*param, steps, ""))
    }

    /// Rolls back to day `day`'s model and config by hand: [`apply`](Self::apply) of
    /// [`Decision::rollback`]. The next day trained continues from that model.
    ///
    /// # Errors
    /// As [`apply`](Self::apply).
    pub fn rollback_to(&mut self, day: u64) -> Result<&DecisionRecord, PandaError> {
        self.apply(Decision::rollback(day, ""))
    }

    fn carry_out(&mut self, decision: Decision, by: DecidedBy) -> Result<&DecisionRecord, PandaError> {
        let last = self.history.last_day().map_or(0, |d| d.day);
        let mut config = self.config.clone();
        let mut model = None;
        if let Some(day) = decision.rollback_to() {
            let record = self.history.day(day).ok_or(PandaError::NoSuchDay { day, last })?;
            config = hp_study::read_config(&record.config).map_err(|e| {
                PandaError::config(format!("the config of day {day} does not deserialize: {e}"))
            })?;
            model = Some(self.store.restore::<M>(day)?);
        }
        let mut nudges = Vec::new();
        for (param, steps) in decision.nudges() {
            let n = self.nudger.nudge_in(&self.space, &config, param, *steps)?;
            let (record, nudged) = n.into_record();
            nudges.push(record);
            config = nudged;
        }
        let record = DecisionRecord {
            after_day: last,
            by,
            rollback_to: decision.rollback_to(),
            nudges,
            stop: decision.is_stop(),
            reason: decision.reason().to_owned(),
            config: to_json(&config)?,
            unit: config.to_unit(),
        };
        if let Store::Disk { journal, .. } = &mut self.store {
            journal.append(&Entry::Decision { decision: record.clone() })?;
        }
        self.config = config;
        if let Some(model) = model {
            self.model = model;
        }
        self.history.push_decision(record);
        Ok(self.history.decisions().last().expect("a decision was just recorded"))
    }

    /// Babysits until day `days`: trains a day, asks `policy`, and again, until the last day
    /// recorded is `days` and the policy has decided after it, or a decision stops the session.
    /// A resumed session first makes the decision a crash interrupted, if any. `on_event` sees
    /// each day and decision as it is recorded.
    ///
    /// # Errors
    /// As [`train_day`](Self::train_day) and [`decide`](Self::decide); the first error stops
    /// the run, and everything recorded before it stays.
    pub fn run<P, F, E>(
        &mut self,
        days: u64,
        policy: &mut P,
        mut train: F,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), PandaError>
    where
        P: Policy + ?Sized,
        F: FnMut(&mut M, &C) -> Result<f64, E>,
        E: Display,
    {
        while !self.history.stopped() {
            let last = self.history.last_day().map_or(0, |d| d.day);
            if last > 0 && !self.history.decided_last_day() {
                on_event(Event::Decision(self.decide(policy)?));
            } else if last < days {
                on_event(Event::Day(self.train_day(&mut train)?));
            } else {
                break;
            }
        }
        Ok(())
    }

    /// The config in force: the next day trains with it.
    pub fn config(&self) -> &C {
        &self.config
    }

    /// The model as it is now: after the last day, or as restored by the last rollback.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// Every day and decision so far.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The config type's space.
    pub fn space(&self) -> &Space {
        &self.space
    }

    /// The session's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of the last day trained (0 before the first).
    pub fn days_trained(&self) -> u64 {
        self.history.last_day().map_or(0, |d| d.day)
    }

    /// Whether [`open`](PandaBuilder::open) resumed a journalled session.
    pub fn resumed(&self) -> bool {
        self.resumed
    }

    /// The torn last journal line that resuming dropped, if a crash left one.
    pub fn recovered(&self) -> Option<&TornLine> {
        self.recovered.as_ref()
    }

    /// The journal's path, for a session with storage.
    pub fn journal_path(&self) -> Option<&Path> {
        match &self.store {
            Store::Memory(_) => None,
            Store::Disk { journal, .. } => Some(journal.path()),
        }
    }

    /// The model of day `day`, restored from its checkpoint (which is checked first).
    ///
    /// # Errors
    /// [`PandaError::NoSuchDay`], [`PandaError::Corrupt`], [`PandaError::Restore`].
    pub fn model_of_day(&self, day: u64) -> Result<M, PandaError> {
        let last = self.days_trained();
        if day > last {
            return Err(PandaError::NoSuchDay { day, last });
        }
        self.store.restore(day)
    }

    /// Writes the panda picture to an SVG file: the metric day by day, with nudges and
    /// rollbacks marked, and each nudged hyperparameter's value underneath on its own scale.
    /// See [`plot::day_by_day`](crate::plot::day_by_day).
    ///
    /// # Errors
    /// As [`day_by_day`](crate::plot::day_by_day).
    #[cfg(feature = "plot")]
    pub fn plot(&self, path: impl AsRef<Path>, metric: &str) -> Result<(), hp_plot::PlotError> {
        crate::plot::day_by_day(&self.history, &self.space, metric, path)
    }
}

fn to_json<C: Serialize>(config: &C) -> Result<Value, PandaError> {
    serde_json::to_value(config).map_err(|e| PandaError::config(format!("cannot serialize the config: {e}")))
}
