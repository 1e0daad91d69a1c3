//! Running trials: each one's objective under the pruner, its outcome made a record.

use core::fmt::Display;
use std::time::Instant;

use serde::Serialize;

use super::prune::{Board, MedianPruner};
use super::trial::{Pruning, StopReason};
use super::{Status, StudyError, Trial, TrialRecord};
use crate::pool;
use hp_core::Direction;
use hp_core::Hyperparams;

/// The pruner, its board and the direction, shared by every trial of a run.
pub(crate) type PruneContext<'a> = (&'a Board, MedianPruner, Direction);

/// The trial indices a run has to do: `start..end` minus those already stored, without listing
/// them, so that memory follows the trials that exist, not the budget (which may be `u64::MAX`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Jobs {
    start: u64,
    end: u64,
    /// Sorted, distinct, within `start..end`.
    skip: Vec<u64>,
}

impl Jobs {
    /// Indices `start..end` except `done` (sorted, distinct; those outside the range are ignored).
    pub(crate) fn new(start: u64, end: u64, done: impl IntoIterator<Item = u64>) -> Self {
        let skip = done.into_iter().filter(|i| (start..end).contains(i)).collect();
        Jobs { start, end, skip }
    }

    /// How many, saturated at `usize::MAX` (a run never gets that far).
    pub(crate) fn count(&self) -> usize {
        usize::try_from(self.end - self.start - self.skip.len() as u64).unwrap_or(usize::MAX)
    }

    /// The `k`-th index to do, in increasing order.
    pub(crate) fn nth(&self, k: usize) -> u64 {
        // Below the answer lie exactly the `j` skipped indices with `skip[j] - j <= start + k`
        // (that difference never decreases along a sorted, distinct list).
        let k = self.start + k as u64;
        let (mut lo, mut hi) = (0, self.skip.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.skip[mid] - mid as u64 <= k { lo = mid + 1 } else { hi = mid }
        }
        k + lo as u64
    }

    /// The first of them at or after `index`.
    pub(crate) fn next_from(&self, index: u64) -> Option<u64> {
        let index = index.max(self.start);
        if index >= self.end {
            return None;
        }
        // The jobs below `index` are the indices there minus the skipped ones below it.
        let below = index - self.start - self.skip.partition_point(|&s| s < index) as u64;
        let k = usize::try_from(below).ok()?;
        (k < self.count()).then(|| self.nth(k))
    }

    /// Whether `index` is one of them.
    pub(crate) fn contains(&self, index: u64) -> bool {
        (self.start..self.end).contains(&index) && self.skip.binary_search(&index).is_err()
    }
}

/// Runs trial `index_of(k)` for every `k < count` on `workers` threads of the [pool](crate::pool) (trials
/// start in index order) and hands each record to `sink`. No lock is held while an objective
/// runs.
///
/// The first error (from `sink`, i.e. storage) stops the pool: no new trial starts, trials
/// waiting in the pruner are released, and the error is returned once running trials end.
pub(crate) fn execute<C, F, E, G, S>(
    count: usize,
    index_of: impl Fn(usize) -> u64 + Sync,
    workers: usize,
    config_of: G,
    objective: &F,
    pruning: Option<PruneContext<'_>>,
    sink: S,
) -> Result<(), StudyError>
where
    C: Hyperparams + Serialize,
    F: Fn(&C, &mut Trial<'_>) -> Result<f64, E> + Sync,
    E: Display,
    G: Fn(u64, &mut Vec<f64>) -> C + Sync,
    S: Fn(TrialRecord) -> Result<(), StudyError> + Sync,
{
    pool::run(count, workers, |k| {
        let index = index_of(k);
        let config = config_of(index, &mut Vec::with_capacity(C::DIM));
        let done =
            run_one(index, &config, objective, pruning).and_then(|record| record.map_or(Ok(()), &sink));
        if done.is_err()
            && let Some((board, ..)) = pruning
        {
            board.abort();
        }
        done
    })
}

/// Runs one trial to its record; `None` if the study was aborted while it ran.
fn run_one<C, F, E>(
    index: u64,
    config: &C,
    objective: &F,
    pruning: Option<PruneContext<'_>>,
) -> Result<Option<TrialRecord>, StudyError>
where
    C: Hyperparams + Serialize,
    F: Fn(&C, &mut Trial<'_>) -> Result<f64, E>,
    E: Display,
{
    let mut trial = Trial::with_pruning(
        index,
        pruning.map(|(board, rule, direction)| Pruning { board, rule, direction, scratch: Vec::new() }),
    );
    let start = Instant::now();
    let outcome = pool::catch(|| objective(config, &mut trial));
    let duration_secs = start.elapsed().as_secs_f64();
    if let Some((board, ..)) = pruning {
        board.finish(index);
    }
    let (curve, stop) = trial.into_parts();
    // What the runner saw in `report` comes first: an objective may return Ok after a Stop.
    let (status, value) = match (stop, outcome) {
        (Some(StopReason::Aborted), _) => return Ok(None),
        (Some(StopReason::Pruned { step }), _) => (Status::Pruned { step }, None),
        (Some(StopReason::Failed(message)), _) => (Status::Failed { message }, None),
        (None, Err(panic)) => (Status::Failed { message: panic.to_string() }, None),
        (None, Ok(Err(e))) => (Status::Failed { message: e.to_string() }, None),
        (None, Ok(Ok(v))) if !v.is_finite() => {
            (Status::Failed { message: format!("the objective returned {v}") }, None)
        }
        (None, Ok(Ok(v))) => (Status::Complete, Some(v)),
    };
    let config_json = serde_json::to_value(config)
        .map_err(|e| StudyError::serialize(format!("the config of trial {index}"), e))?;
    Ok(Some(TrialRecord {
        index,
        config: config_json,
        unit: config.to_unit(),
        curve,
        value,
        status,
        duration_secs,
    }))
}

#[cfg(test)]
mod tests {
    use super::Jobs;

    #[test]
    fn jobs_are_the_range_minus_the_stored_in_order() {
        let jobs = Jobs::new(0, 10, [0, 3, 4, 9, 12]);
        let listed: Vec<u64> = (0..jobs.count()).map(|k| jobs.nth(k)).collect();
        assert_eq!(listed, [1, 2, 5, 6, 7, 8]);
        assert!((0..12).all(|i| jobs.contains(i) == listed.contains(&i)));
        let next: Vec<Option<u64>> = (0..12).map(|i| jobs.next_from(i)).collect();
        let expected = [1, 1, 2, 5, 5, 5, 6, 7, 8].map(Some).into_iter().chain([None; 3]).collect::<Vec<_>>();
        assert_eq!(next, expected);
        let one = Jobs::new(7, 8, []);
        assert_eq!((one.count(), one.nth(0), one.contains(6), one.contains(7)), (1, 7, false, true));
    }

    #[test]
    fn a_budget_of_u64_max_lists_nothing() {
        let jobs = Jobs::new(0, u64::MAX, [1, 2]);
        assert_eq!(jobs.count(), usize::try_from(u64::MAX - 2).unwrap_or(usize::MAX));
        assert_eq!((jobs.nth(0), jobs.nth(1), jobs.nth(5)), (0, 3, 7));
        #[cfg(target_pointer_width = "64")]
        assert_eq!(jobs.nth(jobs.count() - 1), u64::MAX - 1);
        assert!(jobs.contains(u64::MAX - 1) && !jobs.contains(u64::MAX) && !jobs.contains(2));
    }
}
