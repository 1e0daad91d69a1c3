//! Successive halving and Hyperband against Optuna's own decisions.
//!
//! `tests/fixtures/pruners.json` was written by `tests/fixtures/make_pruners.py` with Optuna 5.1: 50 sequential
//! studies (7 settings of η, minimum resource, early-stopping rate and bootstrap count for
//! `SuccessiveHalvingPruner`, 4 of `HyperbandPruner`; both directions; curves with every step,
//! with gaps that pass several rungs at once, and with tied values), each trial's curve, the step
//! Optuna pruned it at and how many rungs it recorded, and for Hyperband each trial's bracket.
//! hp must make the same decision for every trial: run with 1 worker, with 4, and by ask/tell.

use std::time::Duration;

use crate::study_support::{Config, TempDir};
use hp_core::Direction;
use hp_study::{
    HyperbandPruner, Pruner, Status, Stop, Study, SuccessiveHalvingPruner, Told, Trial, TrialRecord,
};
use serde_json::Value;

struct Case {
    name: String,
    direction: Direction,
    pruner: Pruner,
    /// The rule of every bracket (one for successive halving), to count recorded rungs.
    halving: Vec<SuccessiveHalvingPruner>,
    curves: Vec<Vec<(u64, f64)>>,
    /// Optuna's outcome per trial: pruned at this step (or not), rungs recorded, bracket.
    pruned_at: Vec<Option<u64>>,
    rungs: Vec<u32>,
    brackets: Vec<u32>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("../fixtures/pruners.json");
    let json: Value = serde_json::from_str(text).expect("the fixture is JSON");
    let int = |v: &Value, key: &str| v[key].as_u64().unwrap_or_else(|| panic!("{key} in {v}"));
    json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let eta = int(c, "reduction_factor");
            let min = int(c, "min_resource");
            let boot = int(c, "bootstrap_count") as usize;
            let (pruner, halving): (Pruner, Vec<SuccessiveHalvingPruner>) = match c["kind"].as_str() {
                Some("successive_halving") => {
                    let rule = SuccessiveHalvingPruner::new()
                        .min_resource(min)
                        .reduction_factor(eta)
                        .min_early_stopping_rate(int(c, "min_early_stopping_rate") as u32)
                        .bootstrap_count(boot);
                    (rule.into(), vec![rule])
                }
                Some("hyperband") => {
                    let rule = HyperbandPruner::new(int(c, "max_resource"))
                        .min_resource(min)
                        .reduction_factor(eta)
                        .bootstrap_count(boot);
                    assert_eq!(u64::from(rule.brackets()), int(c, "n_brackets"), "{}", c["name"]);
                    (rule.into(), (0..rule.brackets()).map(|s| rule.bracket_pruner(s)).collect())
                }
                other => panic!("unknown kind {other:?}"),
            };
            let trials = c["trials"].as_array().expect("trials");
            Case {
                name: c["name"].as_str().expect("name").to_owned(),
                direction: Direction::from_name(c["direction"].as_str().expect("direction"))
                    .expect("a direction"),
                pruner,
                halving,
                curves: c["curves"]
                    .as_array()
                    .expect("curves")
                    .iter()
                    .map(|curve| {
                        let points = curve.as_array().expect("a curve");
                        points
                            .iter()
                            .map(|p| (p[0].as_u64().expect("step"), p[1].as_f64().expect("value")))
                            .collect()
                    })
                    .collect(),
                pruned_at: trials.iter().map(|t| t["pruned_at"].as_u64()).collect(),
                rungs: trials.iter().map(|t| int(t, "rungs") as u32).collect(),
                brackets: trials.iter().map(|t| t["bracket"].as_u64().unwrap_or(0) as u32).collect(),
            }
        })
        .collect()
}

fn study(case: &Case) -> Study<Config> {
    Study::<Config>::new(case.name.as_str())
        .budget(case.curves.len() as u64)
        .direction(case.direction)
        .pruner(case.pruner)
}

/// That hp's records are Optuna's decisions: pruned at the same step, the same rungs recorded.
fn check(case: &Case, how: &str, records: &[TrialRecord]) {
    assert_eq!(records.len(), case.curves.len(), "{} ({how})", case.name);
    for (i, r) in records.iter().enumerate() {
        let context = format!("{} ({how}), trial {i}: {:?} after {:?}", case.name, r.status, r.curve);
        let halving = &case.halving[case.brackets[i] as usize];
        let (pruned_at, rungs) = match r.status {
            Status::Pruned { step, rung: Some(rung) } => (Some(step), rung + 1),
            Status::Complete => {
                let last = r.curve.last().map_or(0, |p| p.step);
                (None, (0..).take_while(|&k| halving.rung_step(k).is_some_and(|s| s <= last)).count() as u32)
            }
            ref other => panic!("{context}: {other:?}"),
        };
        assert_eq!(pruned_at, case.pruned_at[i], "{context}");
        assert_eq!(rungs, case.rungs[i], "{context}");
    }
}

#[test]
fn the_fixture_covers_what_it_says() {
    let cases = cases();
    assert_eq!(cases.len(), 50);
    let pruned: usize = cases.iter().map(|c| c.pruned_at.iter().flatten().count()).sum();
    let kept: usize = cases.iter().map(|c| c.pruned_at.iter().filter(|p| p.is_none()).count()).sum();
    assert!(pruned > 500 && kept > 150, "{pruned} pruned, {kept} kept");
    // Some trial records three rungs or more, and some single report passes two rungs at once.
    assert!(cases.iter().any(|c| c.rungs.iter().any(|&r| r >= 3)));
    let passes_two = |c: &Case| {
        c.curves.iter().zip(&c.brackets).any(|(curve, &b)| {
            let halving = &c.halving[b as usize];
            let rungs_in = |lo: u64, hi: u64| {
                (0..).map_while(|r| halving.rung_step(r)).take_while(|&s| s <= hi).filter(|&s| s > lo).count()
            };
            curve.iter().zip(curve.iter().skip(1)).any(|(a, b)| rungs_in(a.0, b.0) >= 2)
        })
    };
    assert!(cases.iter().any(passes_two));
    let hyperband = cases.iter().filter(|c| matches!(c.pruner, Pruner::Hyperband(_)));
    assert!(hyperband.clone().all(|c| c.brackets.iter().max() > Some(&1)), "several brackets in use");
}

#[test]
fn hyperband_puts_each_trial_in_optunas_bracket() {
    for case in cases() {
        if let Pruner::Hyperband(rule) = case.pruner {
            let brackets: Vec<u32> =
                (0..case.curves.len() as u64).map(|i| rule.bracket(&case.name, i)).collect();
            assert_eq!(brackets, case.brackets, "{}", case.name);
        }
    }
}

#[test]
fn one_worker_decides_as_optuna() {
    for case in cases() {
        let results = study(&case).workers(1).run(objective(&case)).expect("the study runs");
        check(&case, "1 worker", results.records());
        // The summary says where the trials were stopped.
        let summary = results.summary(3).to_string();
        let first_line = summary.lines().next().unwrap_or_default();
        assert!(first_line.contains(" at rung 0"), "{first_line}");
    }
}

/// The objective of every case: trial `i` reports curve `i`.
fn objective<'c>(case: &'c Case) -> impl Fn(&Config, &mut Trial) -> Result<f64, Stop> + Sync + 'c {
    move |_: &Config, trial: &mut Trial| {
        let curve = &case.curves[trial.index() as usize];
        for &(step, value) in curve {
            trial.report(step, value)?;
        }
        Ok(curve.last().map_or(0.0, |p| p.1))
    }
}

/// Stored and resumed halfway, or run trial by trial as cluster workers do: the stored trials'
/// rungs are read back from their records (the rung a pruned trial failed is part of it).
#[test]
fn a_resumed_study_and_cluster_workers_decide_as_optuna() {
    for case in cases().iter().step_by(4) {
        let dir = TempDir::new("pruner-fixture-resume");
        let half = case.curves.len() as u64 / 2;
        study(case).storage(dir.path()).budget(half).run(objective(case)).expect("the first half");
        let results = study(case).storage(dir.path()).run(objective(case)).expect("resumed");
        check(case, "resumed", results.records());

        let dir = TempDir::new("pruner-fixture-workers");
        let workers = study(case).storage(dir.path());
        for i in 0..case.curves.len() as u64 {
            workers.run_trial(i, objective(case)).expect("a worker's trial");
        }
        check(case, "run_trial", workers.results().expect("merged").records());
    }
}

/// Four workers, trials taking different times: the decisions are the sequential run's.
#[test]
fn four_workers_decide_as_one() {
    for case in cases().iter().step_by(3) {
        let objective = |_: &Config, trial: &mut Trial| -> Result<f64, Stop> {
            let i = trial.index();
            let curve = &case.curves[i as usize];
            for &(step, value) in curve {
                // Later trials often run ahead of earlier ones.
                std::thread::sleep(Duration::from_micros(((i * 7919 + step * 104_729) % 5) * 200));
                trial.report(step, value)?;
            }
            Ok(curve.last().map_or(0.0, |p| p.1))
        };
        let results = study(case).workers(4).run(objective).expect("the study runs");
        check(case, "4 workers", results.records());
    }
}

/// Ask/tell, one trial at a time: `report` says stop exactly where Optuna's `should_prune` did.
#[test]
fn ask_tell_decides_as_optuna() {
    for case in cases() {
        let study = study(&case);
        let mut tuner = study.ask_tell().expect("in memory");
        for curve in &case.curves {
            let asked = tuner.ask().expect("within the budget");
            let mut told = Told::Value(curve.last().map_or(0.0, |p| p.1));
            for &(step, value) in curve {
                if tuner.report(asked.index, step, value).expect("a valid report") {
                    told = Told::Pruned;
                    break;
                }
            }
            tuner.tell(asked.index, told).expect("told once");
        }
        check(&case, "ask/tell", tuner.results().records());
    }
}

/// Settings no rule can use are an error naming the setting and its value, before any trial runs.
#[test]
fn bad_settings_are_refused_before_any_trial() {
    let refused = |pruner: Pruner| {
        let study = Study::<Config>::new("bad").budget(3).pruner(pruner);
        let err = study.run(|_: &Config, _: &mut Trial| -> Result<f64, Stop> { panic!("no trial runs") });
        err.expect_err("refused").to_string()
    };
    assert_eq!(
        refused(SuccessiveHalvingPruner::new().reduction_factor(1).into()),
        "the pruner SuccessiveHalvingPruner { min_resource: 1, reduction_factor: 1, min_early_stopping_rate: 0, \
         bootstrap_count: 0 }: reduction_factor is 1; it must be at least 2"
    );
    assert!(
        refused(SuccessiveHalvingPruner::new().min_resource(0).into())
            .ends_with("min_resource is 0; it must be at least 1")
    );
    assert!(
        refused(HyperbandPruner::new(3).min_resource(4).into())
            .ends_with("max_resource is 3, below min_resource 4; it must be at least that")
    );
    let mut tuner = Study::<Config>::new("bad").pruner(HyperbandPruner::new(0));
    assert!(tuner.ask_tell().is_err(), "ask/tell refuses it too");
    tuner = tuner.pruner(HyperbandPruner::new(1));
    assert!(tuner.ask_tell().is_ok());
}
