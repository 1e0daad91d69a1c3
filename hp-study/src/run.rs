//! Running trials: each one's objective under the pruner, its outcome made a record.

use core::fmt::Display;
use std::time::Instant;

use serde::Serialize;

use super::declared::Declared;
use super::prune::Board;
use super::trial::{Parts, Pruning, StopReason};
use super::{Status, StudyError, Trial, TrialRecord};
use crate::pool;
use hp_core::Hyperparams;

/// Runs trial `index_of(k)` for every `k < count` on `workers` threads of the [pool](crate::pool) (trials
/// start in index order) and hands each record to `sink`. No lock is held while an objective
/// runs.
///
/// The first error (from `sink`, i.e. storage) stops the pool: no new trial starts, trials
/// waiting in the pruner are released, `abort` releases any other waiting (a lagged sampler's),
/// and the error is returned once running trials end. `config_of` gives `None` for a trial the
/// run was stopped before it began.
#[allow(clippy::too_many_arguments)]
pub(crate) fn execute<C, F, E, G, S>(
    count: usize,
    index_of: impl Fn(usize) -> u64 + Sync,
    workers: usize,
    config_of: G,
    objective: &F,
    pruning: Option<&Board>,
    declared: Declared<'_>,
    sink: S,
    abort: impl Fn() + Sync,
) -> Result<(), StudyError>
where
    C: Hyperparams + Serialize,
    F: Fn(&C, &mut Trial<'_>) -> Result<f64, E> + Sync,
    E: Display,
    G: Fn(u64) -> Option<C> + Sync,
    S: Fn(TrialRecord) -> Result<(), StudyError> + Sync,
{
    pool::run(count, workers, |k| {
        let index = index_of(k);
        // A panic here (a hand-written `from_unit`) must release trials waiting for this one's
        // curve, as any failure below does.
        let done =
            pool::catch(|| config_of(index)).map_err(StudyError::from).and_then(|config| match config {
                Some(config) => run_one(index, &config, objective, pruning, declared),
                None => Ok(None),
            });
        let done = done.and_then(|record| record.map_or(Ok(()), &sink));
        if done.is_err() {
            if let Some(board) = pruning {
                board.abort();
            }
            abort();
        }
        done
    })
}

/// Runs one trial to its record; `None` if the study was aborted while it ran.
fn run_one<C, F, E>(
    index: u64,
    config: &C,
    objective: &F,
    pruning: Option<&Board>,
    declared: Declared<'_>,
) -> Result<Option<TrialRecord>, StudyError>
where
    C: Hyperparams + Serialize,
    F: Fn(&C, &mut Trial<'_>) -> Result<f64, E>,
    E: Display,
{
    let mut trial = Trial::with_pruning(index, pruning.map(|board| Pruning { board, scratch: Vec::new() }));
    let start = Instant::now();
    let outcome = pool::catch(|| objective(config, &mut trial));
    let duration_secs = start.elapsed().as_secs_f64();
    if let Some(board) = pruning {
        board.finish(index);
    }
    let Parts { curve, metrics, mut constraints, stop } = trial.into_parts();
    // What the runner saw in `report` comes first: an objective may return Ok after a Stop.
    let (status, value) = match (stop, outcome) {
        (Some(StopReason::Aborted), _) => return Ok(None),
        (Some(StopReason::Pruned { step, rung }), _) => (Status::Pruned { step, rung }, None),
        (Some(StopReason::Failed(message)), _) => (Status::Failed { message }, None),
        (None, Err(panic)) => (Status::Failed { message: panic.to_string() }, None),
        (None, Ok(Err(e))) => (Status::Failed { message: e.to_string() }, None),
        (None, Ok(Ok(v))) if !v.is_finite() => {
            (Status::Failed { message: format!("the objective returned {v}") }, None)
        }
        (None, Ok(Ok(v))) => (Status::Complete, Some(v)),
    };
    let (status, value) = declared.settle(status, value, &metrics, &mut constraints);
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
        metrics,
        constraints,
    }))
}
