//! The median stopping rule ([`MedianPruner`]) and the board on which running trials compare
//! their curves.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::jobs::Jobs;
use super::{CurvePoint, TrialRecord};
use hp_core::Direction;

/// The median stopping rule: stop a trial whose value at step `s` is worse than the median of
/// the earlier trials' values at `s`.
///
/// "Earlier" means *lower index*: at a check, the trial waits until every lower-index trial of
/// the study has reported step `s` or finished, then compares with the lower-index trials that
/// reported exactly step `s` (complete, failed or pruned alike). The decision is then a function
/// of the trials' curves only, not of timing, so a study gives the same results with 1 or N
/// workers. The price is some waiting at each check when trials run at different speeds.
/// Indices are handed out in order, so the lowest running trial never waits and the study cannot
/// deadlock.
///
/// No trial is stopped at a step below `warmup_steps`, nor with fewer than `min_trials` earlier
/// values to compare with, nor at or after its [`last_step`](Self::last_step): a trial that has
/// reached its last step completes (its full training is done; pruning it would only throw the
/// result away). The rule cannot know which step is the last unless told: without `last_step`
/// the final report is judged like any other. In the cluster worker mode ([`Study::run_trial`](super::Study::run_trial))
/// there are no running peers: a trial compares with the lower-index records already stored,
/// which depends on what has finished.
///
/// ```
/// use hp_study::MedianPruner;
/// use hp_core::Direction;
/// let rule = MedianPruner::new().warmup_steps(2).min_trials(3);
/// let mut earlier = [0.30, 0.20, 0.25];
/// assert!(rule.prunes(Direction::Minimize, 5, 0.40, &mut earlier)); // worse than the median 0.25
/// assert!(!rule.prunes(Direction::Minimize, 5, 0.22, &mut earlier));
/// assert!(!rule.prunes(Direction::Minimize, 1, 0.40, &mut earlier)); // still warming up
/// assert!(!rule.prunes(Direction::Minimize, 5, 0.40, &mut earlier[..2])); // too few to judge
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct MedianPruner {
    warmup_steps: u64,
    min_trials: usize,
    last_step: Option<u64>,
}

/// The settings as stored in `study.json` (a study's identity); `last_step` only when set, so
/// studies stored before it existed still match.
impl core::fmt::Debug for MedianPruner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("MedianPruner");
        d.field("warmup_steps", &self.warmup_steps).field("min_trials", &self.min_trials);
        if let Some(step) = self.last_step {
            d.field("last_step", &step);
        }
        d.finish()
    }
}

impl Default for MedianPruner {
    fn default() -> Self {
        MedianPruner::new()
    }
}

impl MedianPruner {
    /// The rule with no warm-up and at least 5 earlier trials to compare with.
    ///
    /// ```
    /// # use hp_study::MedianPruner;
    /// assert_eq!(MedianPruner::new(), MedianPruner::new().warmup_steps(0).min_trials(5));
    /// assert_eq!(format!("{:?}", MedianPruner::new()), "MedianPruner { warmup_steps: 0, min_trials: 5 }");
    /// ```
    pub const fn new() -> Self {
        MedianPruner { warmup_steps: 0, min_trials: 5, last_step: None }
    }

    /// Steps below `steps` are never pruned (a curve's first steps say little).
    ///
    /// ```
    /// # use hp_study::MedianPruner;
    /// let rule = MedianPruner::new().warmup_steps(3);
    /// ```
    pub const fn warmup_steps(mut self, steps: u64) -> Self {
        self.warmup_steps = steps;
        self
    }

    /// A trial is compared only when at least `n` earlier trials reported the same step (at least 1).
    ///
    /// ```
    /// # use hp_study::MedianPruner;
    /// let rule = MedianPruner::new().min_trials(10);
    /// ```
    pub const fn min_trials(mut self, n: usize) -> Self {
        self.min_trials = if n == 0 { 1 } else { n };
        self
    }

    /// The last step a trial reports (the last epoch): a report at this step or a later one is
    /// never pruned, so a trial that trained to the end completes.
    ///
    /// ```
    /// # use hp_core::Direction;
    /// # use hp_study::MedianPruner;
    /// let rule = MedianPruner::new().min_trials(2).last_step(12);
    /// assert!(rule.prunes(Direction::Minimize, 11, 0.9, &mut [0.1, 0.2]));
    /// assert!(!rule.prunes(Direction::Minimize, 12, 0.9, &mut [0.1, 0.2])); // trained to the end
    /// ```
    pub const fn last_step(mut self, step: u64) -> Self {
        self.last_step = Some(step);
        self
    }

    /// Whether the rule may stop a trial at `step` at all (not warming up, not at its end).
    const fn judges(&self, step: u64) -> bool {
        step >= self.warmup_steps && !matches!(self.last_step, Some(last) if step >= last)
    }

    /// Whether a trial whose value at `step` is `value` should stop, given the earlier trials'
    /// values at that step (reordered in place).
    ///
    /// ```
    /// # use hp_core::Direction;
    /// # use hp_study::MedianPruner;
    /// let rule = MedianPruner::new().min_trials(2);
    /// assert!(rule.prunes(Direction::Maximize, 0, 0.5, &mut [0.9, 0.7])); // an accuracy below 0.8
    /// ```
    pub fn prunes(&self, direction: Direction, step: u64, value: f64, earlier: &mut [f64]) -> bool {
        if !self.judges(step) || earlier.len() < self.min_trials || earlier.is_empty() {
            return false;
        }
        direction.better(median(earlier), value)
    }
}

/// The median (the mean of the middle two for an even count) of a non-empty slice.
fn median(values: &mut [f64]) -> f64 {
    let mid = values.len() / 2;
    let even = values.len().is_multiple_of(2);
    let (below, &mut upper, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    if even {
        // `below` holds the `mid` smallest values: its largest is the lower middle one.
        let lower = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lower + upper) / 2.0
    } else {
        upper
    }
}

/// The answer of [`Board::report`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Continue,
    Prune,
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
    finished: bool,
}

impl State {
    /// Whether trial `index` is finished or has reported step `step` (or a later one). A job not
    /// started yet is neither: jobs start in index order, so it will.
    fn reached(&self, jobs: &Jobs, index: u64, step: u64) -> bool {
        match self.lanes.get(&index) {
            Some(lane) => lane.finished || lane.curve.last().is_some_and(|p| p.step >= step),
            None => !jobs.contains(index),
        }
    }
}

impl Board {
    /// A board for a run of `jobs`: `stored` are finished with their curves, and every index
    /// that is neither counts as finished with no curve.
    pub(crate) fn new(jobs: Jobs, stored: &[TrialRecord]) -> Self {
        let lanes = stored
            .iter()
            .filter(|r| !r.curve.is_empty() && !jobs.contains(r.index))
            .map(|r| (r.index, Lane { curve: r.curve.clone(), finished: true }))
            .collect();
        let unsettled = jobs.next_from(0);
        Board { state: Mutex::new(State { lanes, unsettled, aborted: false }), jobs, changed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; a poisoned one still holds consistent lanes.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records `point` of trial `index`, then decides whether the trial goes on.
    pub(crate) fn report(
        &self,
        index: u64,
        point: CurvePoint,
        rule: MedianPruner,
        direction: Direction,
        scratch: &mut Vec<f64>,
    ) -> Verdict {
        let mut state = self.lock();
        state.lanes.entry(index).or_default().curve.push(point);
        self.changed.notify_all();
        // Too early, at the end, or too few lower indices to ever reach `min_trials`: no need to wait.
        if !rule.judges(point.step) || index < rule.min_trials as u64 {
            return Verdict::Continue;
        }
        let s = point.step;
        loop {
            if state.aborted {
                return Verdict::Aborted;
            }
            let from = state.unsettled.unwrap_or(index).min(index);
            if (from..index).all(|j| state.reached(&self.jobs, j, s)) {
                break;
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        scratch.clear();
        scratch.extend(state.lanes.range(..index).filter_map(|(_, l)| {
            l.curve.binary_search_by_key(&s, |p| p.step).ok().map(|k| l.curve[k].value)
        }));
        drop(state);
        if rule.prunes(direction, s, point.value, scratch) { Verdict::Prune } else { Verdict::Continue }
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

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut [7.0]), 7.0);
    }

    #[test]
    fn a_trial_waits_for_lower_indices_to_reach_the_step() {
        let board = Board::new(Jobs::new(0, 3, []), &[]);
        let rule = MedianPruner::new().min_trials(2);
        let at = |step, value| CurvePoint { step, value };
        std::thread::scope(|s| {
            // Trial 2 checks step 0 first; it must see trials 0 and 1, which report later.
            let waiter = s.spawn(|| board.report(2, at(0, 9.0), rule, Direction::Minimize, &mut Vec::new()));
            std::thread::sleep(std::time::Duration::from_millis(20));
            assert_eq!(
                board.report(0, at(0, 1.0), rule, Direction::Minimize, &mut Vec::new()),
                Verdict::Continue
            );
            assert_eq!(
                board.report(1, at(0, 2.0), rule, Direction::Minimize, &mut Vec::new()),
                Verdict::Continue
            );
            assert_eq!(waiter.join().unwrap(), Verdict::Prune);
        });
    }

    #[test]
    fn a_finished_trial_releases_the_wait_and_abort_releases_everyone() {
        let board = Board::new(Jobs::new(0, 3, []), &[]);
        let rule = MedianPruner::new().min_trials(1);
        let at = |step, value| CurvePoint { step, value };
        std::thread::scope(|s| {
            let waiter = s.spawn(|| board.report(2, at(4, 9.0), rule, Direction::Minimize, &mut Vec::new()));
            board.finish(0);
            std::thread::sleep(std::time::Duration::from_millis(20));
            board.abort();
            assert_eq!(waiter.join().unwrap(), Verdict::Aborted);
        });
    }
}
