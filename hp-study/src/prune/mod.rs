//! Early stopping: the rules ([`Pruner`]: the median rule, successive halving, Hyperband) and the
//! board on which running trials compare their curves, in trial-index order.

mod halving;
mod median;

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

pub use halving::{HyperbandPruner, SuccessiveHalvingPruner};
pub use median::MedianPruner;

use super::jobs::Jobs;
use super::{CurvePoint, Status, TrialRecord};
use hp_core::Direction;

/// How a study stops hopeless trials early ([`Study::pruner`](crate::Study::pruner)): one of
/// hp's rules, each decided in trial-index order, so that a study's results are the same with 1
/// or N workers.
///
/// - [`MedianPruner`]: stop a trial whose value at a step is worse than the median of the earlier
///   trials' values at that step.
/// - [`SuccessiveHalvingPruner`] (ASHA): at steps `r0, r0·η, r0·η², ...` keep the best `1/η`.
/// - [`HyperbandPruner`]: successive halving in brackets that start stopping at different steps.
///
/// Each rule converts into a `Pruner`, which is what a study stores (its settings are part of the
/// study's identity, written as the rule's `Debug`).
///
/// ```
/// use hp_study::{MedianPruner, Pruner, SuccessiveHalvingPruner};
/// let asha: Pruner = SuccessiveHalvingPruner::new().reduction_factor(3).into();
/// assert_eq!(format!("{:?}", Pruner::from(MedianPruner::new())), "MedianPruner { warmup_steps: 0, min_trials: 5 }");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Pruner {
    /// The median stopping rule.
    Median(MedianPruner),
    /// Asynchronous successive halving.
    SuccessiveHalving(SuccessiveHalvingPruner),
    /// Hyperband's brackets of successive halving.
    Hyperband(HyperbandPruner),
}

impl core::fmt::Debug for Pruner {
    // The rule's own settings, as a stored study records them (a median-pruned study stored
    // before the other rules existed still matches).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Pruner::Median(rule) => rule.fmt(f),
            Pruner::SuccessiveHalving(rule) => rule.fmt(f),
            Pruner::Hyperband(rule) => rule.fmt(f),
        }
    }
}

impl From<MedianPruner> for Pruner {
    fn from(rule: MedianPruner) -> Self {
        Pruner::Median(rule)
    }
}

impl From<SuccessiveHalvingPruner> for Pruner {
    fn from(rule: SuccessiveHalvingPruner) -> Self {
        Pruner::SuccessiveHalving(rule)
    }
}

impl From<HyperbandPruner> for Pruner {
    fn from(rule: HyperbandPruner) -> Self {
        Pruner::Hyperband(rule)
    }
}

impl Pruner {
    /// The settings a study refuses, as a sentence naming the setting, its value and the rule.
    pub(crate) fn check(&self) -> Result<(), String> {
        match self {
            Pruner::Median(_) => Ok(()),
            Pruner::SuccessiveHalving(rule) => rule.check(),
            Pruner::Hyperband(rule) => rule.check(),
        }
    }

    /// The rule trial `index` of study `name` is judged by.
    pub(crate) fn rule(&self, name: &str, index: u64) -> Rule {
        match *self {
            Pruner::Median(rule) => Rule::Median(rule),
            Pruner::SuccessiveHalving(halving) => Rule::Rungs { halving, bracket: 0 },
            Pruner::Hyperband(rule) => {
                let bracket = rule.bracket(name, index);
                Rule::Rungs { halving: rule.bracket_pruner(bracket), bracket }
            }
        }
    }
}

/// One trial's rule: compare at reported steps, or at the rungs of one bracket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    Median(MedianPruner),
    Rungs { halving: SuccessiveHalvingPruner, bracket: u32 },
}

/// How many rungs a finished trial recorded under `halving`: the rung it was stopped at and
/// those below it, or every rung its curve reached.
pub(crate) fn rungs_recorded(halving: &SuccessiveHalvingPruner, record: &TrialRecord) -> u32 {
    if let Status::Pruned { rung: Some(rung), .. } = record.status {
        return rung + 1;
    }
    rungs_passed(halving, 0, record.curve.last().map_or(0, |p| p.step))
}

/// The rungs recorded once a report at `step` passes every rung from `recorded` on.
pub(crate) fn rungs_passed(halving: &SuccessiveHalvingPruner, recorded: u32, step: u64) -> u32 {
    (recorded..)
        .take_while(|&r| halving.rung_step(r).is_some_and(|s| s <= step))
        .last()
        .map_or(recorded, |r| r + 1)
}

/// A trial's value at the rung at `step`: what it reported when its curve first reached it.
pub(crate) fn rung_value(curve: &[CurvePoint], step: u64) -> Option<f64> {
    curve.iter().find(|p| p.step >= step).map(|p| p.value)
}

/// The answer of [`Board::report`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Continue,
    /// Stop; at which rung, for a rule with rungs.
    Prune(Option<u32>),
    Aborted,
}

/// The curves of every trial of a study, shared by the workers when a pruner is set.
///
/// It holds a lane for each stored trial with a curve and each job that has started: memory
/// follows the trials that exist, never the budget or an index (a budget may be `u64::MAX`).
#[derive(Debug)]
pub(crate) struct Board {
    state: Mutex<State>,
    /// The trials this run does; every other index counts as finished.
    jobs: Jobs,
    changed: Condvar,
    pruner: Pruner,
    name: String,
    direction: Direction,
}

#[derive(Debug)]
struct State {
    /// By trial index: stored trials with a curve, and jobs that have started.
    lanes: BTreeMap<u64, Lane>,
    /// The lowest job not finished, if any: every index below it is (the wait skips them).
    unsettled: Option<u64>,
    aborted: bool,
}

#[derive(Debug, Default)]
struct Lane {
    curve: Vec<CurvePoint>,
    /// Rungs recorded (a rule with rungs): a rung's value is recorded before it is judged.
    rungs: u32,
    finished: bool,
}

impl State {
    /// Whether trial `index` is finished or has passed the point `at` of its rule (a median
    /// check's step, or a rung). A job not started yet is neither: jobs start in index order, so
    /// it will.
    fn reached(&self, jobs: &Jobs, index: u64, at: Check) -> bool {
        match self.lanes.get(&index) {
            Some(lane) => {
                lane.finished
                    || match at {
                        Check::Step(step) => lane.curve.last().is_some_and(|p| p.step >= step),
                        Check::Rung(rung) => lane.rungs > rung,
                    }
            }
            None => !jobs.contains(index),
        }
    }
}

/// What a lower-index trial must have passed before a trial is judged.
#[derive(Clone, Copy, Debug)]
enum Check {
    Step(u64),
    Rung(u32),
}

impl Board {
    /// A board for a run of `jobs` of study `name`: `stored` are finished with their curves,
    /// and every index that is neither counts as finished with no curve.
    pub(crate) fn new(
        jobs: Jobs,
        stored: &[TrialRecord],
        pruner: Pruner,
        name: &str,
        direction: Direction,
    ) -> Self {
        let lanes = stored
            .iter()
            .filter(|r| !r.curve.is_empty() && !jobs.contains(r.index))
            .map(|r| {
                let rungs = match pruner.rule(name, r.index) {
                    Rule::Median(_) => 0,
                    Rule::Rungs { halving, .. } => rungs_recorded(&halving, r),
                };
                (r.index, Lane { curve: r.curve.clone(), rungs, finished: true })
            })
            .collect();
        let unsettled = jobs.next_from(0);
        Board {
            state: Mutex::new(State { lanes, unsettled, aborted: false }),
            jobs,
            changed: Condvar::new(),
            pruner,
            name: name.to_owned(),
            direction,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; a poisoned one still holds consistent lanes.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until every lower-index trial judged by the same rule (the same bracket) has passed
    /// `at` or finished; `None` if the study stopped meanwhile.
    fn wait<'a>(
        &'a self,
        mut state: MutexGuard<'a, State>,
        index: u64,
        at: Check,
        peer: impl Fn(u64) -> bool,
    ) -> Option<MutexGuard<'a, State>> {
        loop {
            if state.aborted {
                return None;
            }
            let from = state.unsettled.unwrap_or(index).min(index);
            if (from..index).all(|j| !peer(j) || state.reached(&self.jobs, j, at)) {
                return Some(state);
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Records `point` of trial `index`, then decides whether the trial goes on.
    pub(crate) fn report(&self, index: u64, point: CurvePoint, scratch: &mut Vec<f64>) -> Verdict {
        let mut state = self.lock();
        state.lanes.entry(index).or_default().curve.push(point);
        self.changed.notify_all();
        match self.pruner.rule(&self.name, index) {
            Rule::Median(rule) => {
                // Too early, at the end, or too few lower indices to ever reach `min_trials`: no
                // need to wait.
                if !rule.judges(point.step) || index < rule.min_trials_needed() as u64 {
                    return Verdict::Continue;
                }
                let s = point.step;
                let Some(state) = self.wait(state, index, Check::Step(s), |_| true) else {
                    return Verdict::Aborted;
                };
                scratch.clear();
                scratch.extend(state.lanes.range(..index).filter_map(|(_, l)| {
                    l.curve.binary_search_by_key(&s, |p| p.step).ok().map(|k| l.curve[k].value)
                }));
                drop(state);
                match rule.prunes(self.direction, s, point.value, scratch) {
                    true => Verdict::Prune(None),
                    false => Verdict::Continue,
                }
            }
            Rule::Rungs { halving, bracket } => {
                let peer = |j: u64| self.pruner.rule(&self.name, j) == Rule::Rungs { halving, bracket };
                if !halving.judges(point.step) {
                    // Trained to the end: the rungs passed are recorded, none is judged.
                    let lane = state.lanes.get_mut(&index).expect("the lane was just written");
                    lane.rungs = rungs_passed(&halving, lane.rungs, point.step);
                    self.changed.notify_all();
                    return Verdict::Continue;
                }
                loop {
                    let rung = state.lanes[&index].rungs;
                    let Some(step) = halving.rung_step(rung).filter(|&s| s <= point.step) else {
                        return Verdict::Continue;
                    };
                    // The value at this rung is recorded before it is judged, as Optuna does.
                    state.lanes.get_mut(&index).expect("the lane was just written").rungs = rung + 1;
                    self.changed.notify_all();
                    let Some(waited) = self.wait(state, index, Check::Rung(rung), peer) else {
                        return Verdict::Aborted;
                    };
                    state = waited;
                    scratch.clear();
                    scratch.extend(
                        state
                            .lanes
                            .range(..index)
                            .filter(|&(&j, l)| l.rungs > rung && peer(j))
                            .filter_map(|(_, l)| rung_value(&l.curve, step)),
                    );
                    if !halving.promotes(self.direction, point.value, scratch) {
                        return Verdict::Prune(Some(rung));
                    }
                }
            }
        }
    }

    /// Trial `index` ended (however it ended).
    pub(crate) fn finish(&self, index: u64) {
        let mut state = self.lock();
        state.lanes.entry(index).or_default().finished = true;
        while let Some(at) = state.unsettled {
            if !state.lanes.get(&at).is_some_and(|l| l.finished) {
                break;
            }
            state.unsettled = at.checked_add(1).and_then(|next| self.jobs.next_from(next));
        }
        self.changed.notify_all();
    }

    /// The study stops: every waiting trial is released with [`Verdict::Aborted`].
    pub(crate) fn abort(&self) {
        self.lock().aborted = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(n: u64, rule: impl Into<Pruner>) -> Board {
        Board::new(Jobs::new(0, n, []), &[], rule.into(), "s", Direction::Minimize)
    }

    #[test]
    fn a_trial_waits_for_lower_indices_to_reach_the_step() {
        let board = board(3, MedianPruner::new().min_trials(2));
        let at = |step, value| CurvePoint { step, value };
        std::thread::scope(|s| {
            // Trial 2 checks step 0 first; it must see trials 0 and 1, which report later.
            let waiter = s.spawn(|| board.report(2, at(0, 9.0), &mut Vec::new()));
            std::thread::sleep(std::time::Duration::from_millis(20));
            assert_eq!(board.report(0, at(0, 1.0), &mut Vec::new()), Verdict::Continue);
            assert_eq!(board.report(1, at(0, 2.0), &mut Vec::new()), Verdict::Continue);
            assert_eq!(waiter.join().unwrap(), Verdict::Prune(None));
        });
    }

    #[test]
    fn a_finished_trial_releases_the_wait_and_abort_releases_everyone() {
        let board = board(3, MedianPruner::new().min_trials(1));
        let at = |step, value| CurvePoint { step, value };
        std::thread::scope(|s| {
            let waiter = s.spawn(|| board.report(2, at(4, 9.0), &mut Vec::new()));
            board.finish(0);
            std::thread::sleep(std::time::Duration::from_millis(20));
            board.abort();
            assert_eq!(waiter.join().unwrap(), Verdict::Aborted);
        });
    }

    /// A trial reaching a rung waits for the lower trial still short of it, then is compared with
    /// its value there; a report past two rungs records both, and stops at the first it fails.
    #[test]
    fn a_rung_waits_for_lower_trials_and_one_report_can_pass_several() {
        let rule = SuccessiveHalvingPruner::new().reduction_factor(2); // rungs at 1, 2, 4, 8
        let board = board(3, rule);
        let at = |step, value| CurvePoint { step, value };
        std::thread::scope(|s| {
            let waiter = s.spawn(|| board.report(1, at(4, 0.5), &mut Vec::new()));
            std::thread::sleep(std::time::Duration::from_millis(20));
            // Trial 0 reaches rungs 0 and 1 with 0.4 (alone: kept), then rung 2 with 0.6.
            assert_eq!(board.report(0, at(2, 0.4), &mut Vec::new()), Verdict::Continue);
            assert_eq!(board.report(0, at(4, 0.6), &mut Vec::new()), Verdict::Continue);
            // Trial 1: rung 0 and 1 against 0.4 (0.5 is not the best of 2): stopped at rung 0.
            assert_eq!(waiter.join().unwrap(), Verdict::Prune(Some(0)));
        });
        let lanes = &board.lock().lanes;
        assert_eq!((lanes[&0].rungs, lanes[&1].rungs), (3, 1));
    }
}
