//! The median stopping rule, [`MedianPruner`].

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
/// the final report is judged like any other. In the cluster worker mode ([`Study::run_trial`](crate::Study::run_trial))
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

    /// How many earlier values a comparison needs.
    pub(super) const fn min_trials_needed(&self) -> usize {
        self.min_trials
    }

    /// Whether the rule may stop a trial at `step` at all (not warming up, not at its end).
    pub(super) const fn judges(&self, step: u64) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut [7.0]), 7.0);
    }
}
