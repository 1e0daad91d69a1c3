//! Successive halving as ASHA runs it ([`SuccessiveHalvingPruner`]) and [`HyperbandPruner`]'s
//! brackets of it.

use hp_core::Direction;

/// Asynchronous successive halving (ASHA; Li et al. 2020), as Optuna's `SuccessiveHalvingPruner`.
///
/// **The rung rule.** Rung `r` is at step `min_resource * η^(s + r)`, with η the reduction factor
/// and `s` the minimum early-stopping rate. When a trial's report reaches a rung's step, the value
/// it reports there is recorded as the trial's value at that rung and compared with the values the
/// other trials recorded at the same rung: the trial goes on only if its value ranks within the
/// best `n / η` of the `n` values (its own included), or is the best of them while `n < η`. With
/// `bootstrap_count` set, a rung with `bootstrap_count` values or fewer stops every trial that
/// reaches it. One report can pass several rungs; the trial stops at the first it fails. Each
/// trial goes on as soon as its comparison is made: promotions are decided one trial at a time,
/// never by waiting for a rung to fill.
///
/// **Deterministic.** "The other trials" are the *lower-index* trials that recorded the rung: a
/// trial reaching a rung first waits until every lower-index trial of the study has recorded it
/// or finished without it (at most the trials running beside it, never the rung's later trials),
/// so the decisions are those of a sequential run, with 1 or N workers. In the cluster worker mode
/// ([`Study::run_trial`](crate::Study::run_trial)) a trial compares with the lower-index records
/// stored when it reaches the rung, which depends on what has finished.
///
/// ```
/// use hp_core::Direction;
/// use hp_study::SuccessiveHalvingPruner;
/// let rule = SuccessiveHalvingPruner::new().min_resource(2).reduction_factor(3);
/// assert_eq!((rule.rung_step(0), rule.rung_step(1), rule.rung_step(2)), (Some(2), Some(6), Some(18)));
/// // Six values at a rung: the best 6 / 3 = 2 go on.
/// let mut others = [0.30, 0.10, 0.50, 0.40, 0.20];
/// assert!(rule.promotes(Direction::Minimize, 0.15, &mut others)); // second best
/// assert!(!rule.promotes(Direction::Minimize, 0.25, &mut others)); // third
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SuccessiveHalvingPruner {
    min_resource: u64,
    reduction_factor: u64,
    min_early_stopping_rate: u32,
    bootstrap_count: usize,
    last_step: Option<u64>,
}

/// The settings as stored in `study.json` (a study's identity); `last_step` only when set.
impl core::fmt::Debug for SuccessiveHalvingPruner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("SuccessiveHalvingPruner");
        d.field("min_resource", &self.min_resource)
            .field("reduction_factor", &self.reduction_factor)
            .field("min_early_stopping_rate", &self.min_early_stopping_rate)
            .field("bootstrap_count", &self.bootstrap_count);
        if let Some(step) = self.last_step {
            d.field("last_step", &step);
        }
        d.finish()
    }
}

impl Default for SuccessiveHalvingPruner {
    fn default() -> Self {
        SuccessiveHalvingPruner::new()
    }
}

impl SuccessiveHalvingPruner {
    /// Optuna's defaults: reduction factor 4, minimum early-stopping rate 0, no bootstrap, and a
    /// minimum resource of 1 (Optuna's `"auto"` is the longest completed curve's last step / 100,
    /// which is 1 for curves under 200 steps; hp asks for it explicitly, because "completed so
    /// far" would make the rungs depend on timing).
    ///
    /// ```
    /// # use hp_study::SuccessiveHalvingPruner;
    /// assert_eq!(
    ///     format!("{:?}", SuccessiveHalvingPruner::new()),
    ///     "SuccessiveHalvingPruner { min_resource: 1, reduction_factor: 4, min_early_stopping_rate: 0, bootstrap_count: 0 }"
    /// );
    /// ```
    pub const fn new() -> Self {
        SuccessiveHalvingPruner {
            min_resource: 1,
            reduction_factor: 4,
            min_early_stopping_rate: 0,
            bootstrap_count: 0,
            last_step: None,
        }
    }

    /// The step of the first rung when the early-stopping rate is 0 (at least 1; a study
    /// refuses 0 with [`StudyError::BadPruner`](crate::StudyError::BadPruner)).
    ///
    /// ```
    /// # use hp_study::SuccessiveHalvingPruner;
    /// assert_eq!(SuccessiveHalvingPruner::new().min_resource(5).rung_step(0), Some(5));
    /// ```
    pub const fn min_resource(mut self, steps: u64) -> Self {
        self.min_resource = steps;
        self
    }

    /// η: each rung keeps the best `1/η` (at least 2; a study refuses less).
    ///
    /// ```
    /// # use hp_study::SuccessiveHalvingPruner;
    /// assert_eq!(SuccessiveHalvingPruner::new().reduction_factor(3).rung_step(2), Some(9));
    /// ```
    pub const fn reduction_factor(mut self, eta: u64) -> Self {
        self.reduction_factor = eta;
        self
    }

    /// `s`: the first rung is at `min_resource * η^s` (Hyperband's brackets differ in `s`).
    ///
    /// ```
    /// # use hp_study::SuccessiveHalvingPruner;
    /// let rule = SuccessiveHalvingPruner::new().reduction_factor(2).min_early_stopping_rate(1);
    /// assert_eq!(rule.rung_step(0), Some(2));
    /// ```
    pub const fn min_early_stopping_rate(mut self, s: u32) -> Self {
        self.min_early_stopping_rate = s;
        self
    }

    /// A rung with this many recorded values or fewer stops every trial that reaches it (default
    /// 0: none is stopped for that).
    ///
    /// ```
    /// # use hp_core::Direction;
    /// # use hp_study::SuccessiveHalvingPruner;
    /// let rule = SuccessiveHalvingPruner::new().reduction_factor(2).bootstrap_count(1);
    /// assert!(!rule.promotes(Direction::Minimize, 1.0, &mut [])); // alone at the rung
    /// assert!(rule.promotes(Direction::Minimize, 1.0, &mut [1.0]));
    /// ```
    pub const fn bootstrap_count(mut self, n: usize) -> Self {
        self.bootstrap_count = n;
        self
    }

    /// The last step a trial reports (its last epoch): a report at this step or a later one is
    /// never judged, so a trial that trained to the end completes (unset, Optuna's behaviour: a
    /// rung at the last step judges it like any other).
    ///
    /// ```
    /// # use hp_core::Direction;
    /// # use hp_study::SuccessiveHalvingPruner;
    /// let rule = SuccessiveHalvingPruner::new().reduction_factor(2).last_step(8); // rungs 1, 2, 4, 8
    /// assert!(rule.judges(4) && !rule.judges(8));
    /// ```
    pub const fn last_step(mut self, step: u64) -> Self {
        self.last_step = Some(step);
        self
    }

    /// Whether a report at `step` is judged at all (it is before the [last step](Self::last_step)).
    ///
    /// ```
    /// # use hp_study::SuccessiveHalvingPruner;
    /// assert!(SuccessiveHalvingPruner::new().judges(1_000));
    /// ```
    pub const fn judges(&self, step: u64) -> bool {
        match self.last_step {
            Some(last) => step < last,
            None => true,
        }
    }

    /// The step of rung `rung`; `None` past `u64::MAX` (no such rung is ever reached).
    ///
    /// ```
    /// # use hp_study::SuccessiveHalvingPruner;
    /// assert_eq!(SuccessiveHalvingPruner::new().rung_step(1), Some(4));
    /// assert_eq!(SuccessiveHalvingPruner::new().rung_step(40), None);
    /// ```
    pub fn rung_step(&self, rung: u32) -> Option<u64> {
        let power = self.reduction_factor.checked_pow(self.min_early_stopping_rate.checked_add(rung)?)?;
        self.min_resource.checked_mul(power)
    }

    /// Whether a trial whose value at a rung is `value` goes on, given the values the other
    /// trials recorded at that rung (reordered in place): the rung rule above.
    ///
    /// ```
    /// # use hp_core::Direction;
    /// # use hp_study::SuccessiveHalvingPruner;
    /// let rule = SuccessiveHalvingPruner::new().reduction_factor(2);
    /// assert!(rule.promotes(Direction::Maximize, 0.9, &mut [0.5, 0.7, 0.8])); // best half of 4
    /// assert!(!rule.promotes(Direction::Maximize, 0.6, &mut [0.5, 0.7, 0.8]));
    /// assert!(rule.promotes(Direction::Minimize, 2.0, &mut [])); // alone: the best so far
    /// ```
    pub fn promotes(&self, direction: Direction, value: f64, others: &mut [f64]) -> bool {
        let n = others.len() + 1;
        if n <= self.bootstrap_count {
            return false;
        }
        // The value must be at least as good as the k-th best of all n, k = max(n / η, 1).
        let k = (n / self.reduction_factor.max(1) as usize).max(1);
        if k == n {
            return true;
        }
        let better_first = |a: &f64, b: &f64| match direction {
            Direction::Minimize => a.total_cmp(b),
            Direction::Maximize => b.total_cmp(a),
        };
        // The k-th best of all n: among the others, the k-th best, unless `value` is better.
        let (_, &mut kth, _) = others.select_nth_unstable_by(k - 1, better_first);
        better_first(&value, &kth).is_le()
    }

    /// The settings a study refuses, as a sentence.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.min_resource == 0 {
            return Err("min_resource is 0; it must be at least 1".into());
        }
        if self.reduction_factor < 2 {
            return Err(format!("reduction_factor is {}; it must be at least 2", self.reduction_factor));
        }
        Ok(())
    }
}

/// Hyperband (Li et al. 2018) on asynchronous successive halving, as Optuna's `HyperbandPruner`.
///
/// **The brackets.** `n = floor(log_η(max_resource / min_resource)) + 1` brackets; bracket `s` is
/// a [`SuccessiveHalvingPruner`] with minimum early-stopping rate `s`, so its first rung is at
/// `min_resource * η^s`: bracket 0 stops trials earliest, the last bracket latest. Each trial
/// belongs to one bracket and is compared only with the trials of its bracket. Bracket `s` gets a
/// share of the trials proportional to `ceil(n * η^(n-1-s) / (n - s))`, and trial `i` of a study
/// named `name` goes to the bracket that `crc32("{name}_{i}")` modulo the shares' sum falls in:
/// Optuna's assignment, so hp's and Optuna's trial `i` of a study with the same name share a
/// bracket. The name is therefore part of which trials are stopped.
///
/// A report at or past `max_resource` is never judged: the trial trained to the end and completes
/// (Optuna's rungs can fall on the last step; its default `max_resource`, the longest curve plus
/// one, puts them past it).
///
/// Every bracket's decisions are made in trial-index order, as [`SuccessiveHalvingPruner`]'s.
/// Unlike Optuna's, the sampler sees every trial, not only those of the trial's bracket (hp's TPE
/// already ranks pruned trials by how far they got).
///
/// ```
/// use hp_study::HyperbandPruner;
/// let rule = HyperbandPruner::new(12).min_resource(1).reduction_factor(3);
/// assert_eq!(rule.brackets(), 3); // first rungs at steps 1, 3 and 9
/// assert_eq!(rule.bracket_pruner(2).rung_step(0), Some(9));
/// assert!(rule.bracket("caviar", 7) < 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HyperbandPruner {
    min_resource: u64,
    max_resource: u64,
    reduction_factor: u64,
    bootstrap_count: usize,
}

impl HyperbandPruner {
    /// Hyperband for trials that report up to step `max_resource` (their last epoch, say), with
    /// Optuna's defaults: minimum resource 1, reduction factor 3, no bootstrap. (Optuna's default
    /// `"auto"` takes the longest curve completed so far; hp asks, so that brackets never depend
    /// on timing.)
    ///
    /// ```
    /// # use hp_study::HyperbandPruner;
    /// assert_eq!(
    ///     format!("{:?}", HyperbandPruner::new(81)),
    ///     "HyperbandPruner { min_resource: 1, max_resource: 81, reduction_factor: 3, bootstrap_count: 0 }"
    /// );
    /// ```
    pub const fn new(max_resource: u64) -> Self {
        HyperbandPruner { min_resource: 1, max_resource, reduction_factor: 3, bootstrap_count: 0 }
    }

    /// The first rung's step in bracket 0 (at least 1, at most `max_resource`).
    ///
    /// ```
    /// # use hp_study::HyperbandPruner;
    /// assert_eq!(HyperbandPruner::new(12).min_resource(2).brackets(), 2);
    /// ```
    pub const fn min_resource(mut self, steps: u64) -> Self {
        self.min_resource = steps;
        self
    }

    /// η, for every bracket (at least 2).
    ///
    /// ```
    /// # use hp_study::HyperbandPruner;
    /// assert_eq!(HyperbandPruner::new(16).reduction_factor(2).brackets(), 5);
    /// ```
    pub const fn reduction_factor(mut self, eta: u64) -> Self {
        self.reduction_factor = eta;
        self
    }

    /// Every bracket's [bootstrap count](SuccessiveHalvingPruner::bootstrap_count).
    ///
    /// ```
    /// # use hp_study::HyperbandPruner;
    /// let rule = HyperbandPruner::new(27).bootstrap_count(2);
    /// ```
    pub const fn bootstrap_count(mut self, n: usize) -> Self {
        self.bootstrap_count = n;
        self
    }

    /// How many brackets: the largest `s` with `min_resource * η^s <= max_resource`, plus one
    /// (Optuna computes the logarithm in floating point, which can fall one short at an exact
    /// power; hp counts exactly). 1 for settings a study refuses.
    ///
    /// ```
    /// # use hp_study::HyperbandPruner;
    /// assert_eq!(HyperbandPruner::new(64).reduction_factor(4).brackets(), 4); // 1, 4, 16, 64
    /// ```
    pub fn brackets(&self) -> u32 {
        if self.check().is_err() {
            return 1;
        }
        let mut s = 0;
        let mut resource = self.min_resource;
        while let Some(next) = resource.checked_mul(self.reduction_factor).filter(|&r| r <= self.max_resource)
        {
            resource = next;
            s += 1;
        }
        s + 1
    }

    /// Bracket `s`'s successive halving.
    ///
    /// ```
    /// # use hp_study::{HyperbandPruner, SuccessiveHalvingPruner};
    /// let rule = HyperbandPruner::new(12);
    /// let bracket_1 = SuccessiveHalvingPruner::new().reduction_factor(3).min_early_stopping_rate(1).last_step(12);
    /// assert_eq!(rule.bracket_pruner(1), bracket_1);
    /// ```
    pub const fn bracket_pruner(&self, s: u32) -> SuccessiveHalvingPruner {
        SuccessiveHalvingPruner::new()
            .min_resource(self.min_resource)
            .reduction_factor(self.reduction_factor)
            .min_early_stopping_rate(s)
            .bootstrap_count(self.bootstrap_count)
            .last_step(self.max_resource)
    }

    /// The bracket of trial `index` of the study named `study`.
    ///
    /// ```
    /// # use hp_study::HyperbandPruner;
    /// // Optuna 5.1 puts trials 0..5 of a study named "hyperband-1-minimize" (max 12, η 3) in these.
    /// let rule = HyperbandPruner::new(12);
    /// let brackets: Vec<u32> = (0..5).map(|i| rule.bracket("hyperband-1-minimize", i)).collect();
    /// assert_eq!(brackets, [0, 0, 0, 1, 0]);
    /// ```
    pub fn bracket(&self, study: &str, index: u64) -> u32 {
        let n = self.brackets();
        let budgets: Vec<u64> = (0..n).map(|s| self.budget(n, s)).collect();
        let total: u64 = budgets.iter().sum();
        let mut left = u64::from(crc32(format!("{study}_{index}").as_bytes())) % total.max(1);
        for (s, budget) in (0..).zip(budgets) {
            if left < budget {
                return s;
            }
            left -= budget;
        }
        n - 1
    }

    /// Bracket `s`'s share of the trials: `ceil(n * η^(n-1-s) / (n - s))` of `n` brackets.
    fn budget(&self, n: u32, s: u32) -> u64 {
        let power = self.reduction_factor.saturating_pow(n - 1 - s);
        u64::from(n).saturating_mul(power).div_ceil(u64::from(n - s))
    }

    /// The settings a study refuses, as a sentence.
    pub(crate) fn check(&self) -> Result<(), String> {
        self.bracket_pruner(0).check()?;
        if self.max_resource < self.min_resource {
            return Err(format!(
                "max_resource is {}, below min_resource {}; it must be at least that",
                self.max_resource, self.min_resource
            ));
        }
        Ok(())
    }
}

/// zlib's CRC-32 (the one Python's `binascii.crc32` computes), bit by bit: a few dozen bytes per
/// trial need no table.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_zlibs() {
        // Python: binascii.crc32(b"123456789") == 0xCBF43926 (the standard check value).
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn budgets_are_optunas() {
        // Optuna 5.1's `_trial_allocation_budgets` for these settings (the fixture's cases).
        let budgets = |rule: HyperbandPruner| -> Vec<u64> {
            let n = rule.brackets();
            (0..n).map(|s| rule.budget(n, s)).collect()
        };
        assert_eq!(budgets(HyperbandPruner::new(16).reduction_factor(2)), [16, 10, 7, 5, 5]);
        assert_eq!(budgets(HyperbandPruner::new(12)), [9, 5, 3]);
        assert_eq!(budgets(HyperbandPruner::new(27).min_resource(2)), [9, 5, 3]);
        assert_eq!(budgets(HyperbandPruner::new(64).reduction_factor(4)), [64, 22, 8, 4]);
    }

    /// Optuna's `_is_trial_promotable_to_next_rung`, transcribed, on every small case: sort all
    /// values, keep the value if it is at least as good as the one at `max(n / η - 1, 0)`.
    #[test]
    fn promotes_is_optunas_rule() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % 5) as f64 / 4.0 // few levels: many ties
        };
        for eta in 2..=5u64 {
            for boot in 0..3 {
                let rule = SuccessiveHalvingPruner::new().reduction_factor(eta).bootstrap_count(boot);
                for n_others in 0..12 {
                    for _ in 0..50 {
                        let others: Vec<f64> = (0..n_others).map(|_| next()).collect();
                        let value = next();
                        for direction in [Direction::Minimize, Direction::Maximize] {
                            let mut all = others.clone();
                            all.push(value);
                            let want = if all.len() <= boot {
                                false
                            } else {
                                let idx = (all.len() / eta as usize).saturating_sub(1);
                                all.sort_by(f64::total_cmp);
                                match direction {
                                    Direction::Minimize => value <= all[idx],
                                    Direction::Maximize => value >= all[all.len() - 1 - idx],
                                }
                            };
                            let got = rule.promotes(direction, value, &mut others.clone());
                            assert_eq!(
                                got, want,
                                "eta {eta} boot {boot} {direction:?} {value} vs {others:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
