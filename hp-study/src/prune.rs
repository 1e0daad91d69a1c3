//! The median stopping rule ([`MedianPruner`]) and the board on which running trials compare
//! their curves.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

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
/// values to compare with. In the cluster worker mode ([`Study::run_trial`](super::Study::run_trial))
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MedianPruner {
    warmup_steps: u64,
    min_trials: usize,
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
    /// ```
    pub const fn new() -> Self {
        MedianPruner { warmup_steps: 0, min_trials: 5 }
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
        if step < self.warmup_steps || earlier.len() < self.min_trials || earlier.is_empty() {
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
#[derive(Debug)]
pub(crate) struct Board {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug)]
struct State {
    /// Indexed by trial index.
    lanes: Vec<Lane>,
    /// Every lane below this index is finished (lets the wait skip the settled prefix).
    settled: usize,
    aborted: bool,
}

#[derive(Debug, Default)]
struct Lane {
    curve: Vec<CurvePoint>,
    finished: bool,
}

impl Board {
    /// A board for trials `0..len` (at least): `stored` are finished with their curves, `pending`
    /// will run, and every other index counts as finished with no curve.
    pub(crate) fn new(len: u64, stored: &[TrialRecord], pending: &[u64]) -> Self {
        let end = stored.iter().map(|r| r.index + 1).chain(pending.iter().map(|i| i + 1)).fold(len, u64::max);
        let mut lanes: Vec<Lane> = (0..end).map(|_| Lane { curve: Vec::new(), finished: true }).collect();
        for r in stored {
            lanes[r.index as usize].curve.clone_from(&r.curve);
        }
        for &i in pending {
            lanes[i as usize] = Lane::default();
        }
        let settled = lanes.iter().position(|l| !l.finished).unwrap_or(lanes.len());
        Board { state: Mutex::new(State { lanes, settled, aborted: false }), changed: Condvar::new() }
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
        let i = index as usize;
        let mut state = self.lock();
        state.lanes[i].curve.push(point);
        self.changed.notify_all();
        // Too early, or too few lower indices to ever reach `min_trials`: no need to wait.
        if point.step < rule.warmup_steps || i < rule.min_trials {
            return Verdict::Continue;
        }
        let s = point.step;
        loop {
            if state.aborted {
                return Verdict::Aborted;
            }
            let from = state.settled.min(i);
            let ready = state.lanes[from..i]
                .iter()
                .all(|l| l.finished || l.curve.last().is_some_and(|p| p.step >= s));
            if ready {
                break;
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        scratch.clear();
        scratch.extend(
            state.lanes[..i]
                .iter()
                .filter_map(|l| l.curve.binary_search_by_key(&s, |p| p.step).ok().map(|k| l.curve[k].value)),
        );
        drop(state);
        if rule.prunes(direction, s, point.value, scratch) { Verdict::Prune } else { Verdict::Continue }
    }

    /// Trial `index` ended (however it ended).
    pub(crate) fn finish(&self, index: u64) {
        let mut state = self.lock();
        state.lanes[index as usize].finished = true;
        while state.settled < state.lanes.len() && state.lanes[state.settled].finished {
            state.settled += 1;
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
        let board = Board::new(3, &[], &[0, 1, 2]);
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
        let board = Board::new(3, &[], &[0, 1, 2]);
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
