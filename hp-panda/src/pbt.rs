//! Population based training: many pandas. See [`Pbt`].

use core::fmt::Display;
use std::path::PathBuf;
use std::sync::Mutex;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::PandaError;
use super::checkpoint::Checkpoint;
use super::journal::FORMAT;
use super::nudge::Nudger;
use super::pbt_history::{Exploit, PbtDay, PbtHistory};
use super::pbt_journal::{PbtHeader, PbtJournal};
use hp_core::{Direction, Hyperparams, ParamId};
use hp_study::pool;

/// Population based training (Jaderberg et al., 2017): `population` models train at once, each
/// with its own config; after every `interval` days the worst [`quantile`](Self::quantile)
/// copies the checkpoint and config of a model drawn from the best quantile (*exploit*) and
/// nudges the [`explore`](Self::explore)d hyperparameters by a random 1 to
/// [`max_steps`](Self::max_steps) steps each, up or down (*explore*), on each parameter's own
/// scale and never out of bounds (a [`Nudger`]).
///
/// Members train on scoped threads. Every random choice is drawn between rounds from the seed
/// and the round number, and members are ranked by metric with ties broken by index, so for a
/// given seed and population (and a deterministic training function) the history is the same for
/// any number of [`threads`](Self::threads).
///
/// ```
/// use hp_panda::{Json, Pbt};
/// use hp_core::Hyperparams;
/// #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # #[hp(crate = "hp_core")]
/// struct Train {
///     #[hp(log, 1e-4, 1.0)]
///     learning_rate: f64,
/// }
///
/// // Each member is one weight trained by gradient descent on (w - 3)^2, from a tiny rate.
/// let alpha = Train::space().param_id("learning_rate")?;
/// let pbt = Pbt::new(4).interval(2).seed(7).explore([alpha]).threads(2);
/// let history = pbt.run(
///     6,
///     |member| Ok::<_, String>((Train { learning_rate: 1e-4 * (member + 1) as f64 }, Json(0.0_f64))),
///     |w: &mut Json<f64>, cfg: &Train, _day| {
///         w.0 -= cfg.learning_rate * 2.0 * (w.0 - 3.0);
///         Ok::<f64, String>((w.0 - 3.0).powi(2))
///     },
///     |_, _| {}, // nothing to reseed after a copy
/// )?;
/// assert_eq!(history.exploits().len(), 2 * 1); // 2 rounds with a successor, 1 member each
/// let best = history.best().unwrap();
/// assert!(best.metric < 9.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pbt {
    population: usize,
    interval: u64,
    quantile: f64,
    max_steps: u16,
    explore: Vec<ParamId>,
    seed: u64,
    direction: Direction,
    nudger: Nudger,
    threads: Option<usize>,
    storage: Option<PathBuf>,
    wait_for_lock: bool,
}

/// One member's day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberDay {
    /// The member's index in the population.
    pub member: usize,
    /// The day, from 1.
    pub day: u64,
}

impl Pbt {
    /// A population of `population` members (at least 1), exploiting every 4 days, the worst
    /// quarter copying the best quarter, up to 2 steps per explored parameter, seed 0,
    /// minimizing, on every available core.
    pub fn new(population: usize) -> Self {
        Pbt {
            population: population.max(1),
            interval: 4,
            quantile: 0.25,
            max_steps: 2,
            explore: Vec::new(),
            seed: 0,
            direction: Direction::Minimize,
            nudger: Nudger::new(),
            threads: None,
            storage: None,
            wait_for_lock: false,
        }
    }

    /// Days between two exploit/explore steps (at least 1).
    #[must_use]
    pub fn interval(mut self, days: u64) -> Self {
        self.interval = days.max(1);
        self
    }

    /// The share of the population that is replaced each time, and the share it copies from
    /// (default 0.25; at most half the population, at least one member when there are two).
    #[must_use]
    pub fn quantile(mut self, fraction: f64) -> Self {
        self.quantile = if fraction.is_finite() { fraction.clamp(0.0, 0.5) } else { 0.25 };
        self
    }

    /// The largest number of steps one explore nudge takes (default 2; at least 1).
    #[must_use]
    pub fn max_steps(mut self, steps: u16) -> Self {
        self.max_steps = steps.max(1);
        self
    }

    /// The hyperparameters explore nudges; the others are copied unchanged. Give only those
    /// that may change during training (a learning rate, a momentum, a batch size), not the
    /// architecture. A field of an enum variant is explored in the members that hold that
    /// variant and left alone in the others. Default: none, so members only copy.
    #[must_use]
    pub fn explore(mut self, params: impl IntoIterator<Item = ParamId>) -> Self {
        self.explore = params.into_iter().collect();
        self
    }

    /// The seed of every random choice (which top member a bottom one copies, the nudges).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Whether lower (the default) or higher metrics are better.
    #[must_use]
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// The step sizes of explore nudges (default [`Nudger::new`]).
    #[must_use]
    pub fn nudger(mut self, nudger: Nudger) -> Self {
        self.nudger = nudger;
        self
    }

    /// Members training at once, each on its own thread (at least 1). Default: the available
    /// parallelism. It does not change the result.
    #[must_use]
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n.max(1));
        self
    }

    /// Journals the run in `dir`, so that a run killed part way resumes where it stopped: after
    /// each round, every member's checkpoint is written atomically and then one fsync'd journal
    /// line with the round's days and the exploits before it. Run again with the same settings
    /// and it trains only what is missing, giving the same history as a run never interrupted
    /// (for training that is deterministic given the checkpoint, config and day); a larger
    /// `days` trains on. The directory is locked while the run is in it. A last journal line a
    /// crash cut short is cut off (its bytes saved to `pbt.torn`) and its round trained again.
    ///
    /// ```text
    /// <dir>/pbt.jsonl, <dir>/checkpoints/round-00003-member-00002.ckpt, <dir>/lock
    /// ```
    ///
    /// ```
    /// use hp_panda::{Json, Pbt};
    /// let dir = std::env::temp_dir().join(format!("hp-pbt-storage-doc-{}", std::process::id()));
    /// let pbt = Pbt::new(2).interval(2).storage(&dir);
    /// let run = |days| {
    ///     pbt.run(
    ///         days,
    ///         |member| Ok::<_, String>((member % 2 == 0, Json(member as f64))),
    ///         |w: &mut Json<f64>, _: &bool, _| Ok::<_, String>({ w.0 += 1.0; w.0 }),
    ///         |_, _| {},
    ///     )
    /// };
    /// let first = run(3)?; // stopped after day 3 (or killed: the same)
    /// let all = run(6)?; // resumes at day 4
    /// assert_eq!(all.days()[..first.days().len()], *first.days());
    /// assert_eq!(all.days().len(), 2 * 6);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn storage(mut self, dir: impl Into<PathBuf>) -> Self {
        self.storage = Some(dir.into());
        self
    }

    /// Whether [`run`](Self::run) waits while another process runs in the storage directory
    /// (default: no, it returns [`PandaError::Locked`]).
    ///
    /// ```
    /// let pbt = hp_panda::Pbt::new(8).storage("target/pbt").wait_for_lock(true);
    /// assert!(format!("{pbt:?}").contains("wait_for_lock: true"));
    /// ```
    #[must_use]
    pub fn wait_for_lock(mut self, wait: bool) -> Self {
        self.wait_for_lock = wait;
        self
    }

    /// What identifies this run in its journal.
    fn header(&self, space: &hp_core::Space, starts: Vec<Vec<f64>>) -> PbtHeader {
        let explore: Vec<&str> = self.explore.iter().map(ParamId::name).collect();
        PbtHeader {
            format: FORMAT,
            settings: serde_json::json!({
                "population": self.population,
                "interval": self.interval,
                "quantile": self.quantile,
                "max_steps": self.max_steps,
                "explore": explore,
                "seed": self.seed,
                "direction": self.direction.name(),
                "nudger": format!("{:?}", self.nudger),
            }),
            space_fingerprint: format!("{:016x}", space.fingerprint()),
            starts,
        }
    }

    /// How many members each exploit replaces.
    fn replaced(&self) -> usize {
        if self.population < 2 {
            return 0;
        }
        let n = (self.quantile * self.population as f64).ceil() as usize;
        n.clamp(1, self.population / 2)
    }

    /// Trains the population for `days` days each and returns what happened.
    ///
    /// `init(member)` gives a member's starting config and model; `train(model, config, day)`
    /// trains one day and returns its metric (NaN or infinite ranks last); `after_copy(model,
    /// seed)` is called on a model just copied from another member, with a seed of its own, for
    /// whatever must differ between copies (the data shuffle's seed).
    ///
    /// With [`storage`](Self::storage), `init` is called on resume too (its configs must be the
    /// journal's), then the members are restored from their last checkpoints.
    ///
    /// # Errors
    /// [`PandaError::User`] if `init` or `train` fails, [`PandaError::Config`] for a start
    /// config outside its space, [`PandaError::Save`] / [`PandaError::Restore`] if a checkpoint
    /// cannot be saved or does not restore, [`PandaError::Nudge`] for an explored id of another
    /// config type. With storage: [`PandaError::Locked`] while another process runs in the
    /// directory, [`PandaError::Mismatch`] for a journal of another run (settings, space or start
    /// configs), [`PandaError::Corrupt`] for a damaged line or checkpoint, [`PandaError::Io`]; the
    /// rounds journalled before an error stay.
    pub fn run<C, M, I, T, A, E>(
        &self,
        days: u64,
        init: I,
        train: T,
        after_copy: A,
    ) -> Result<PbtHistory, PandaError>
    where
        C: Hyperparams + Serialize + DeserializeOwned + Clone + Send,
        M: Checkpoint + Send,
        I: Fn(usize) -> Result<(C, M), E>,
        T: Fn(&mut M, &C, MemberDay) -> Result<f64, E> + Sync,
        A: Fn(&mut M, u64),
        E: Display,
    {
        let space = C::space();
        let mut members = Vec::with_capacity(self.population);
        for member in 0..self.population {
            let (config, model) = init(member).map_err(|e| PandaError::User {
                what: format!("start of member {member}"),
                message: e.to_string(),
            })?;
            config
                .validate()
                .map_err(|e| PandaError::config(format!("the start config of member {member}: {e}")))?;
            members.push(Mutex::new(Member { config, model, metric: f64::NAN }));
        }
        let threads = self
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .min(self.population);
        let mut history = PbtHistory {
            direction: self.direction,
            population: self.population,
            days: Vec::new(),
            exploits: Vec::new(),
        };
        let mut day = 0;
        let mut journal = match &self.storage {
            None => None,
            Some(dir) => {
                let starts = members.iter().map(|m| lock(m).config.to_unit()).collect();
                let header = self.header(&space, starts);
                let (journal, rounds) =
                    PbtJournal::open::<C>(dir, self.wait_for_lock, header, self.interval)?;
                if let Some(last) = rounds.last() {
                    day = last.days.last().map_or(0, |d| d.day);
                    for (member, saved) in last.members.iter().enumerate() {
                        let config = &last.days[last.days.len() - self.population + member].config;
                        let config: C = hp_study::read_config(config).map_err(|e| {
                            PandaError::corrupt(journal.path(), format!("member {member}'s config: {e}"))
                        })?;
                        let bytes = journal.read_checkpoint(member, saved)?;
                        let model = M::restore(&bytes)
                            .map_err(|e| PandaError::Restore { day, message: e.to_string() })?;
                        *lock(&members[member]) = Member { config, model, metric: saved.metric };
                    }
                }
                for round in rounds {
                    history.exploits.extend(round.exploits);
                    history.days.extend(round.days);
                }
                Some(journal)
            }
        };
        while day < days {
            // Exploit at the end of each interval (not after the last day), so a run resumed
            // with more days makes the same exploits as one that was given them from the start.
            let exploits = if day > 0 && day % self.interval == 0 {
                self.exploit(&space, &members, day, &after_copy)?
            } else {
                Vec::new()
            };
            let until = (day / self.interval + 1).saturating_mul(self.interval).min(days);
            let trained = train_round(&members, threads, day + 1..=until, &train)?;
            if let Some(journal) = &mut journal {
                let mut saved = Vec::with_capacity(members.len());
                for m in &members {
                    let m = lock(m);
                    let bytes = m
                        .model
                        .save()
                        .map_err(|e| PandaError::Save { day: until, message: e.to_string() })?;
                    saved.push((m.metric, bytes));
                }
                journal.append_round(exploits.clone(), trained.clone(), &saved)?;
            }
            history.exploits.extend(exploits);
            history.days.extend(trained);
            day = until;
        }
        Ok(history)
    }

    /// The worst members copy the best and explore; returns what each did.
    fn exploit<C, M, A>(
        &self,
        space: &hp_core::Space,
        members: &[Mutex<Member<C, M>>],
        day: u64,
        after_copy: &A,
    ) -> Result<Vec<Exploit>, PandaError>
    where
        C: Hyperparams + Serialize + DeserializeOwned + Clone,
        M: Checkpoint,
        A: Fn(&mut M, u64),
    {
        let n = self.replaced();
        if n == 0 {
            return Ok(Vec::new());
        }
        let metrics: Vec<f64> = members.iter().map(|m| lock(m).metric).collect();
        let rank = rank(&metrics, self.direction);
        let (top, bottom) = (&rank[..n], &rank[rank.len() - n..]);
        let mut bottom = bottom.to_vec();
        bottom.sort_unstable();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(mix(self.seed, day));
        let mut out = Vec::with_capacity(n);
        for member in bottom {
            let source = top[rng.random_range(0..top.len())];
            let (bytes, mut config) = {
                let s = lock(&members[source]);
                (
                    s.model.save().map_err(|e| PandaError::Save { day, message: e.to_string() })?,
                    s.config.clone(),
                )
            };
            let mut model =
                M::restore(&bytes).map_err(|e| PandaError::Restore { day, message: e.to_string() })?;
            after_copy(&mut model, rng.random::<u64>());
            let mut nudges = Vec::new();
            for param in &self.explore {
                let size = i32::from(rng.random_range(1..=self.max_steps));
                let steps = if rng.random::<bool>() { size } else { -size };
                // A field of an enum variant this member does not hold has no value to move: it
                // is left out (the draws above are made all the same, so the other nudges and the
                // next copies stay what they would be).
                if space.param(param).is_some() && !space.is_active(param.coordinate(), &config.to_unit()) {
                    continue;
                }
                let n = self.nudger.nudge_in(space, &config, param, steps)?;
                let (record, nudged) = n.into_record();
                nudges.push(record);
                config = nudged;
            }
            let json = serde_json::to_value(&config)
                .map_err(|e| PandaError::config(format!("cannot serialize the config: {e}")))?;
            out.push(Exploit {
                day,
                member,
                copied: source,
                metric: metrics[member],
                copied_metric: metrics[source],
                nudges,
                unit: config.to_unit(),
                config: json,
            });
            let mut m = lock(&members[member]);
            m.model = model;
            m.config = config;
        }
        Ok(out)
    }
}

/// A member between days.
struct Member<C, M> {
    config: C,
    model: M,
    /// The last day's metric.
    metric: f64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A member's days of a round once trained, or why not.
type Slot = Mutex<Option<Result<Vec<PbtDay>, PandaError>>>;

/// Trains every member for `days` on `threads` threads; the days in member order.
fn train_round<C, M, T, E>(
    members: &[Mutex<Member<C, M>>],
    threads: usize,
    days: core::ops::RangeInclusive<u64>,
    train: &T,
) -> Result<Vec<PbtDay>, PandaError>
where
    C: Hyperparams + Serialize + Send,
    M: Send,
    T: Fn(&mut M, &C, MemberDay) -> Result<f64, E> + Sync,
    E: Display,
{
    let results: Vec<Slot> = members.iter().map(|_| Mutex::new(None)).collect();
    // Each member is a job of the study's pool; a panicking training day fails the run with an
    // error naming the member and the day, as an `Err` would, and never takes the process down.
    pool::run(members.len(), threads, |i| -> Result<(), PandaError> {
        let mut m = lock(&members[i]);
        let m = &mut *m;
        let mut out = Vec::new();
        let mut failed = None;
        let config = serde_json::to_value(&m.config).unwrap_or(Value::Null);
        let unit = m.config.to_unit();
        for day in days.clone() {
            let what = || format!("member {i}, day {day}");
            match pool::catch(|| train(&mut m.model, &m.config, MemberDay { member: i, day })) {
                Ok(Ok(metric)) => {
                    m.metric = metric;
                    out.push(PbtDay { member: i, day, metric, config: config.clone(), unit: unit.clone() });
                }
                Ok(Err(e)) => {
                    failed = Some(PandaError::User { what: what(), message: e.to_string() });
                    break;
                }
                Err(panic) => {
                    failed = Some(PandaError::User { what: what(), message: panic.to_string() });
                    break;
                }
            }
        }
        *lock(&results[i]) = Some(failed.map_or(Ok(out), Err));
        Ok(())
    })?;
    let mut all = Vec::new();
    for r in results {
        let r = r.into_inner().unwrap_or_else(|p| p.into_inner());
        all.extend(r.expect("every member was trained")?);
    }
    all.sort_by_key(|d| (d.day, d.member));
    Ok(all)
}

/// Member indices from best to worst; NaN last, ties by index.
fn rank(metrics: &[f64], direction: Direction) -> Vec<usize> {
    let mut order: Vec<usize> = (0..metrics.len()).collect();
    let key = |i: usize| {
        let m = metrics[i];
        match direction {
            _ if !m.is_finite() => f64::INFINITY,
            Direction::Minimize => m,
            Direction::Maximize => -m,
        }
    };
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    order
}

/// The seed of the random choices after `day`: SplitMix64-style mixing, so neighbouring days get
/// unrelated streams.
fn mix(seed: u64, day: u64) -> u64 {
    seed ^ day.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_puts_nan_last_and_breaks_ties_by_index() {
        let m = [0.5, f64::NAN, 0.1, 0.5, f64::INFINITY];
        assert_eq!(rank(&m, Direction::Minimize), [2, 0, 3, 1, 4]);
        assert_eq!(rank(&m, Direction::Maximize), [0, 3, 2, 1, 4]);
    }

    #[test]
    fn a_quarter_is_replaced_but_never_more_than_half() {
        let replaced = |n, q| Pbt::new(n).quantile(q).replaced();
        assert_eq!(replaced(8, 0.25), 2);
        assert_eq!(replaced(2, 0.25), 1);
        assert_eq!(replaced(1, 0.25), 0);
        assert_eq!(replaced(10, 0.9), 5);
        assert_eq!(replaced(5, 0.25), 2);
    }
}
