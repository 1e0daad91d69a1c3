//! The worker pool: trials handed out in index order to scoped threads.

use core::fmt::Display;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use serde::Serialize;

use super::prune::{Board, MedianPruner};
use super::trial::{Pruning, StopReason};
use super::{Status, StudyError, Trial, TrialRecord};
use hp_core::Direction;
use hp_core::Hyperparams;

/// The pruner, its board and the direction, shared by every trial of a run.
pub(crate) type PruneContext<'a> = (&'a Board, MedianPruner, Direction);

/// Runs trial `jobs[k]` for every `k` on `workers` threads and hands each record to `sink`.
///
/// Scoped threads and an atomic counter rather than rayon: trials are coarse (milliseconds to
/// days), so work stealing buys nothing; handing out indices in order keeps the files on disk in
/// the order a person expects, lets the pruner wait only for lower indices (never a deadlock),
/// and costs no dependency. No lock is held while an objective runs.
///
/// The first error (from `sink`, i.e. storage) stops the pool: no new trial starts, trials
/// waiting in the pruner are released, and the error is returned once running trials end.
pub(crate) fn execute<C, F, E, G, S>(
    jobs: &[u64],
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
    let next = AtomicUsize::new(0);
    let stopped = AtomicBool::new(false);
    let failure = Mutex::new(None);
    let work = || {
        // One buffer per worker for the strategy's point.
        let mut point = Vec::with_capacity(C::DIM);
        while !stopped.load(Ordering::Relaxed) {
            let Some(&index) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
            let config = config_of(index, &mut point);
            let done =
                run_one(index, &config, objective, pruning).and_then(|record| record.map_or(Ok(()), &sink));
            if let Err(e) = done {
                stopped.store(true, Ordering::Relaxed);
                if let Some((board, ..)) = pruning {
                    board.abort();
                }
                failure.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                break;
            }
        }
    };
    let workers = workers.clamp(1, jobs.len().max(1));
    if workers == 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(work);
            }
        });
    }
    failure.into_inner().unwrap_or_else(|p| p.into_inner()).map_or(Ok(()), Err)
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
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| objective(config, &mut trial)));
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
        (None, Err(payload)) => {
            (Status::Failed { message: format!("panicked: {}", panic_message(&*payload)) }, None)
        }
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

/// The text of a panic: `panic!("...")` gives a `&str` or a `String`.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(a payload that is not a string)"
    }
}
