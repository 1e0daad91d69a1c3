//! [`Ledger`]: what a model-based sampler may know when it proposes trial `i` in a lagged run.
//!
//! Trial `i` conditions on the results of trials `0..=i-L` and on the points of trials
//! `i-L+1..i-1`, which count as running whether or not they have finished: so its point depends
//! on the seed, the lag `L` and those results only, never on how many workers ran them or in
//! which order they finished. A worker taking trial `i` waits until trials `0..=i-L` have
//! finished and `i-L+1..i-1` have their points; trials start in index order and each waits only
//! for lower indices, so with at most `L` workers no trial waits for one that has not started.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use super::{Objective, Status, TrialRecord, pareto};
use hp_core::sampler::{Observation, Outcome};

/// The outcome a sampler sees for a record: a pruned trial's last reported value goes with it;
/// a finished trial that broke a constraint is infeasible, whatever its value.
pub(crate) fn outcome(record: &TrialRecord) -> Outcome {
    if !matches!(record.status, Status::Failed { .. }) && !record.feasible() {
        return Outcome::Infeasible { violation: record.violation() };
    }
    match (&record.status, record.value) {
        (Status::Complete, Some(value)) => Outcome::Complete { value },
        (Status::Pruned { step, .. }, _) => {
            Outcome::Pruned { step: *step, value: record.curve.last().map_or(f64::INFINITY, |p| p.value) }
        }
        _ => Outcome::Failed,
    }
}

/// What a sampler sees of a finished record: its [outcome](outcome) and, in a study of several
/// objectives, their losses if it completed with all of them.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    outcome: Outcome,
    objectives: Vec<f64>,
}

impl Seen {
    pub(crate) fn of(record: &TrialRecord, objectives: &[Objective]) -> Seen {
        Seen { outcome: outcome(record), objectives: pareto::losses(objectives, record).unwrap_or_default() }
    }

    /// The observation of trial `index` at `unit`.
    pub(crate) fn observation(&self, index: u64, unit: Vec<f64>) -> Observation {
        Observation::new(index, unit, self.outcome).with_objectives(self.objectives.clone())
    }
}

/// What a sampler sees of each record, by index order.
pub(crate) fn observations(records: &[TrialRecord], objectives: &[Objective]) -> Vec<Observation> {
    records.iter().map(|r| Seen::of(r, objectives).observation(r.index, r.unit.clone())).collect()
}

/// Trial `i`'s history in a lagged run, from the points and outcomes of lower trials (`known(j)`
/// gives trial `j`'s point and, once finished, what is seen of it); `None` if a lower trial is
/// missing.
pub(crate) fn lagged_history<'a>(
    i: u64,
    lag: u64,
    mut known: impl FnMut(u64) -> Option<(&'a [f64], Option<Seen>)>,
) -> Option<Vec<Observation>> {
    let mut trials = Vec::with_capacity(usize::try_from(i).unwrap_or(0));
    for j in 0..i {
        let (unit, seen) = known(j)?;
        let observation = if j.saturating_add(lag) <= i {
            seen?.observation(j, unit.to_vec())
        } else {
            Observation::new(j, unit.to_vec(), Outcome::Running)
        };
        trials.push(observation);
    }
    Some(trials)
}

/// The points and results of a lagged run's trials, shared by its workers.
#[derive(Debug)]
pub(crate) struct Ledger {
    lag: u64,
    objectives: Vec<Objective>,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Every trial with a point; the outcome once it has finished.
    trials: BTreeMap<u64, (Vec<f64>, Option<Seen>)>,
    /// All trials below it have points, and all below `finished` have finished.
    proposed: u64,
    finished: u64,
    aborted: bool,
}

impl State {
    fn advance(&mut self) {
        while self.trials.contains_key(&self.proposed) {
            self.proposed += 1;
        }
        while self.trials.get(&self.finished).is_some_and(|(_, o)| o.is_some()) {
            self.finished += 1;
        }
    }
}

impl Ledger {
    /// A ledger with lag `lag` (at least 1) that already holds the stored trials, for a study of
    /// `objectives`.
    pub(crate) fn new(lag: u64, stored: &[TrialRecord], objectives: &[Objective]) -> Self {
        let mut state = State::default();
        for r in stored {
            state.trials.insert(r.index, (r.unit.clone(), Some(Seen::of(r, objectives))));
        }
        state.advance();
        Ledger {
            lag: lag.max(1),
            objectives: objectives.to_vec(),
            state: Mutex::new(state),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Trial `i`'s history once the trials it depends on are known: the results of `0..=i-L`,
    /// the points of the rest as running; `None` if the run was aborted while waiting. The caller
    /// must [`publish`](Ledger::publish) trial `i`'s point: the trials after it wait for it.
    pub(crate) fn history(&self, i: u64) -> Option<Vec<Observation>> {
        let mut state = self.lock();
        loop {
            if state.aborted {
                return None;
            }
            if state.proposed >= i && state.finished.saturating_add(self.lag) > i {
                break;
            }
            state = self.changed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        Some(
            lagged_history(i, self.lag, |j| state.trials.get(&j).map(|(u, o)| (u.as_slice(), o.clone())))
                .expect("every lower trial has a point and those lag below have results"),
        )
    }

    /// Makes trial `i`'s point (its config's [`to_unit`](hp_core::Hyperparams::to_unit)) known.
    pub(crate) fn publish(&self, i: u64, unit: Vec<f64>) {
        let mut state = self.lock();
        state.trials.entry(i).or_insert((unit, None));
        state.advance();
        self.changed.notify_all();
    }

    /// Records trial `record.index`'s result.
    pub(crate) fn finish(&self, record: &TrialRecord) {
        let mut state = self.lock();
        state.trials.insert(record.index, (record.unit.clone(), Some(Seen::of(record, &self.objectives))));
        state.advance();
        self.changed.notify_all();
    }

    /// Releases every waiting worker: the run stops.
    pub(crate) fn abort(&self) {
        self.lock().aborted = true;
        self.changed.notify_all();
    }
}
