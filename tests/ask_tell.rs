//! Ask/tell, enqueue and warm start: a loop the caller owns gives the study runner's configs;
//! every ask, report and tell is durable and can come from another process; mistakes are errors
//! that change nothing.

use std::path::PathBuf;

use hp::Hyperparams;
use hp::study::{MedianPruner, Status, Stop, Study, StudyError, Told, Trial};
use hp::tpe::Tpe;
use serde::{Deserialize, Serialize};

#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f64,
    #[hp(linear, 2, 4)]
    layers: u32,
}

fn loss(c: &Train) -> f64 {
    let a = c.lr.log10() + 2.5;
    let b = (1.0 - c.beta).log10() + 2.0;
    a * a + 0.5 * b * b + 0.2 * (f64::from(c.layers) - 3.0).abs()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hp-ask-tell-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn tpe(seed: u64) -> Study<Train> {
    Study::new("ask").sampler(Tpe::for_config::<Train>(seed)).budget(30)
}

fn bits(units: impl IntoIterator<Item = Vec<f64>>) -> Vec<Vec<u64>> {
    units.into_iter().map(|u| u.iter().map(|x| x.to_bits()).collect()).collect()
}

#[test]
fn a_loop_of_ask_and_tell_gives_the_runners_configs() {
    let study = tpe(3);
    let mut tuner = study.ask_tell().unwrap();
    for _ in 0..30 {
        let trial = tuner.ask().unwrap();
        tuner.tell(trial.index, Told::Value(loss(&trial.config))).unwrap();
    }
    assert!(matches!(tuner.ask(), Err(StudyError::IndexOutOfRange { index: 30, len: 30 })));
    let ran = tpe(3).workers(1).run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c))).unwrap();
    let asked = tuner.results();
    assert_eq!(
        bits(asked.records().iter().map(|r| r.unit.clone())),
        bits(ran.records().iter().map(|r| r.unit.clone()))
    );
}

#[test]
fn mistakes_are_errors_that_change_nothing() {
    let dir = temp_dir("mistakes");
    let study = tpe(1).storage(&dir).pruner(MedianPruner::new().min_trials(1));
    let mut tuner = study.ask_tell().unwrap();
    let a = tuner.ask().unwrap();
    assert!(matches!(tuner.tell(7, Told::Value(1.0)), Err(StudyError::UnknownTrial { index: 7 })));
    assert!(matches!(tuner.report(a.index, 1, f64::NAN), Err(StudyError::BadReport { .. })));
    tuner.report(a.index, 1, 0.5).unwrap();
    let e = tuner.report(a.index, 1, 0.4).unwrap_err();
    assert_eq!(e.to_string(), "trial 0: step 1 reported after step 1; steps must increase");
    // A NaN value is recorded as failed, never as a value.
    let record = tuner.tell(a.index, Told::Value(f64::NAN)).unwrap();
    assert_eq!(record.status, Status::Failed { message: "the objective returned NaN".into() });
    assert_eq!(record.curve.len(), 1);
    let e = tuner.tell(a.index, Told::Value(0.1)).unwrap_err();
    assert!(matches!(e, StudyError::AlreadyTold { index: 0 }), "{e}");
    assert_eq!(study.results().unwrap().records(), [record]);
    // Pruned needs a report; the pruner compares with earlier trials told at that step.
    let b = tuner.ask().unwrap();
    assert!(matches!(tuner.tell(b.index, Told::Pruned), Err(StudyError::BadReport { .. })));
    tuner.report(b.index, 1, 0.2).unwrap();
    tuner.tell(b.index, Told::Value(0.2)).unwrap();
    let c = tuner.ask().unwrap();
    assert!(tuner.report(c.index, 1, 0.9).unwrap(), "worse than the median of trials 0 and 1 at step 1");
    let pruned = tuner.tell(c.index, Told::Pruned).unwrap();
    assert_eq!(pruned.status, Status::Pruned { step: 1, rung: None });
    // An invalid enqueued config is refused and nothing is queued.
    let bad = Train { lr: 5.0, beta: 0.95, layers: 3 };
    assert!(matches!(tuner.enqueue(bad), Err(StudyError::Enqueued { .. })));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Run as a child by `another_process_tells_a_trial_asked_here`: tells the trial in
/// `HP_TELL_INDEX` of the study in `HP_TELL_DIR`.
#[test]
fn tell_from_child() {
    let (Ok(dir), Ok(index)) = (std::env::var("HP_TELL_DIR"), std::env::var("HP_TELL_INDEX")) else { return };
    let study = tpe(5).storage(dir);
    let mut tuner = study.ask_tell().unwrap();
    let index: u64 = index.parse().unwrap();
    tuner.report(index, 1, 0.75).unwrap();
    tuner.tell(index, Told::Value(0.5)).unwrap();
}

#[test]
fn another_process_tells_a_trial_asked_here_and_a_restart_keeps_everything() {
    let dir = temp_dir("processes");
    let study = tpe(5).storage(&dir);
    let mut tuner = study.ask_tell().unwrap();
    tuner.enqueue(Train { lr: 0.003, beta: 0.99, layers: 3 }).unwrap();
    tuner.enqueue(Train { lr: 0.1, beta: 0.9, layers: 2 }).unwrap();
    let first = tuner.ask().unwrap();
    assert_eq!(first.config, Train { lr: 0.003, beta: 0.99, layers: 3 }, "FIFO, bit for bit");
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["tell_from_child", "--exact", "--test-threads=1"])
        .env("HP_TELL_DIR", &dir)
        .env("HP_TELL_INDEX", first.index.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    // This process sees the other's tell: telling again is refused.
    assert!(matches!(tuner.tell(first.index, Told::Value(9.0)), Err(StudyError::AlreadyTold { .. })));
    let second = tuner.ask().unwrap();
    drop(tuner);
    // A restart: the asked trial, its queue position and the told one are all there.
    let mut again = study.ask_tell().unwrap();
    assert_eq!(again.running_trials(), [second.index]);
    assert_eq!(second.config, Train { lr: 0.1, beta: 0.9, layers: 2 });
    let results = again.results();
    let told = &results.records()[0];
    assert_eq!((told.value, told.curve.len()), (Some(0.5), 1));
    again.tell(second.index, Told::Failed("node lost".into())).unwrap();
    let third = again.ask().unwrap();
    assert_eq!(third.index, 2, "the queue is empty: the sampler's trial");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_lag_lets_several_trials_run_and_says_which_result_is_missing() {
    let study = tpe(2).lag(3).budget(40);
    let mut tuner = study.ask_tell().unwrap();
    // Trial i needs the results of trials 0..=i-3 (even during the startup, so that the
    // rule, and so the sequence, does not depend on the sampler's settings): three run at once.
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(tuner.ask().unwrap());
    }
    let e = tuner.ask().unwrap_err();
    assert!(matches!(e, StudyError::NotTold { index: 3, missing: 0, lag: 3 }), "{e}");
    assert!(e.to_string().contains("trial 0 is not told yet"), "{e}");
    let first = open.remove(0);
    tuner.tell(first.index, Told::Value(loss(&first.config))).unwrap();
    assert_eq!(tuner.ask().unwrap().index, 3);
}

#[test]
fn enqueued_configs_come_first_in_a_run_exactly_as_given() {
    let production = Train { lr: 0.0031, beta: 0.987, layers: 3 };
    let study = tpe(4).budget(12).workers(1).enqueue(production.clone());
    let results = study.run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c))).unwrap();
    assert_eq!(results.config(&results.records()[0]).unwrap(), production);
    // A bad one is named when the study runs, and nothing runs.
    let bad = tpe(4).enqueue(production).enqueue(Train { lr: 0.01, beta: 0.5, layers: 3 });
    let e = bad.run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c))).unwrap_err();
    assert!(matches!(e, StudyError::Enqueued { position: 1, .. }), "{e}");
    assert!(e.to_string().contains("beta"), "{e}");
}

#[test]
fn a_warm_start_makes_the_first_trial_model_based() {
    let last_month = Study::<Train>::new("old")
        .sampler(Tpe::for_config::<Train>(9))
        .budget(50)
        .workers(1)
        .run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c)))
        .unwrap();
    let cold = tpe(1).budget(5).workers(1).run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c))).unwrap();
    let warm = tpe(1)
        .budget(5)
        .workers(1)
        .warm_start(&last_month)
        .run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c)))
        .unwrap();
    // Cold, trial 0 is the startup's first point; warm, it is drawn near last month's best.
    assert_ne!(cold.records()[0].unit, warm.records()[0].unit);
    let best_warm = warm.records().iter().filter_map(|r| r.value).fold(f64::INFINITY, f64::min);
    let best_cold = cold.records().iter().filter_map(|r| r.value).fold(f64::INFINITY, f64::min);
    assert!(best_warm < best_cold / 3.0, "warm {best_warm}, cold {best_cold}");
    // The warm start is part of a stored study's identity.
    let dir = temp_dir("warm");
    tpe(1)
        .budget(2)
        .storage(&dir)
        .warm_start(&last_month)
        .run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c)))
        .unwrap();
    let e =
        tpe(1).budget(2).storage(&dir).run(|c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c))).unwrap_err();
    assert!(matches!(e, StudyError::Mismatch { what: "enqueued configs and warm start", .. }), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With a lag of 3 (three trials in flight) and failures, a loop that tells the oldest trial and
/// asks the next gives the configs of a run with the same lag.
#[test]
fn a_lagged_loop_with_failures_gives_the_runners_configs() {
    let flaky = |c: &Train| -> Result<f64, String> {
        if c.lr.to_bits().is_multiple_of(5) { Err("out of memory".into()) } else { Ok(loss(c)) }
    };
    let study = tpe(6).lag(3).budget(30);
    let mut tuner = study.ask_tell().unwrap();
    let mut open = std::collections::VecDeque::new();
    for _ in 0..30 {
        if open.len() == 3 {
            let trial: hp::study::Asked<Train> = open.pop_front().unwrap();
            let told = flaky(&trial.config).map_or_else(Told::Failed, Told::Value);
            tuner.tell(trial.index, told).unwrap();
        }
        open.push_back(tuner.ask().unwrap());
    }
    for trial in open {
        tuner.tell(trial.index, flaky(&trial.config).map_or_else(Told::Failed, Told::Value)).unwrap();
    }
    let ran = tpe(6).lag(3).budget(30).workers(3).run(|c: &Train, _: &mut Trial| flaky(c)).unwrap();
    assert!(ran.records().iter().any(|r| matches!(r.status, Status::Failed { .. })));
    let asked = tuner.results();
    assert_eq!(
        bits(asked.records().iter().map(|r| r.unit.clone())),
        bits(ran.records().iter().map(|r| r.unit.clone()))
    );
    assert_eq!(
        asked.records().iter().map(|r| r.status.clone()).collect::<Vec<_>>(),
        ran.records().iter().map(|r| r.status.clone()).collect::<Vec<_>>()
    );
}

/// A trial missing between stored ones (a cluster task never run) is the next one asked, with the
/// config a run gives it.
#[test]
fn a_missing_trial_is_asked_first() {
    let dir = temp_dir("gap");
    let study = tpe(7).lag(2).budget(12).storage(&dir);
    let objective = |c: &Train, _: &mut Trial| Ok::<_, Stop>(loss(c));
    for i in [0, 1, 2, 4] {
        study.run_trial(i, objective).unwrap();
    }
    let mut tuner = study.ask_tell().unwrap();
    let third = tuner.ask().unwrap();
    assert_eq!(third.index, 3);
    let ran = tpe(7).lag(2).budget(12).workers(1).run(objective).unwrap();
    assert_eq!(third.config.to_unit(), ran.records()[3].unit);
    tuner.tell(3, Told::Value(loss(&third.config))).unwrap();
    assert_eq!(tuner.ask().unwrap().index, 5);
    std::fs::remove_dir_all(&dir).unwrap();
}
