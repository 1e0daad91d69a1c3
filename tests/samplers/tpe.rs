//! TPE in a study: lagged runs give the same configs with 1, 2 or 4 workers and with cluster
//! workers in any order; it finds better configs than random search; a stored study records its
//! sampler and lag.

use std::path::PathBuf;
use std::time::Duration;

use hp::Hyperparams;
use hp::strategy::Random;
use hp::study::{MedianPruner, Status, Stop, Study, StudyError, Trial, TrialRecord};
use hp::tpe::Tpe;
use serde::{Deserialize, Serialize};

#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Lecture {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f64,
    #[hp(linear, 50, 100)]
    hidden_units: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
    optimizer: Optimizer,
}

#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Optimizer {
    Sgd,
    Adam {
        #[hp(reverse_log, 0.9, 0.9999)]
        beta2: f64,
    },
}

/// The objectives README's `lecture` function, plus a penalty for SGD and for Adam's β2 away
/// from 0.999.
fn loss(c: &Lecture) -> f64 {
    let a = c.lr.log10() - 0.003f64.log10();
    let b = (1.0 - c.beta).log10() + 2.0;
    let u = (f64::from(c.hidden_units) - 80.0) / 25.0;
    let opt = match c.optimizer {
        Optimizer::Sgd => 0.3,
        Optimizer::Adam { beta2 } => 0.1 * ((1.0 - beta2).log10() + 3.0).abs(),
    };
    a * a + 0.5 * b * b + u * u * 0.3 + 0.2 * (c.layers as f64 - 3.0).abs() + opt
}

/// A trial that takes a random few milliseconds (from its config), reports a curve, and fails
/// or is pruned now and then, so that workers finish out of order and every outcome occurs.
fn objective(c: &Lecture, trial: &mut Trial) -> Result<f64, String> {
    let value = loss(c);
    let jitter = (c.lr.to_bits() ^ c.beta.to_bits()) % 7;
    std::thread::sleep(Duration::from_millis(jitter));
    if jitter == 3 {
        return Err("out of memory".into());
    }
    for step in 0..3 {
        trial.report(step, value + (3 - step) as f64)?;
    }
    Ok(value)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hp-tpe-study-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn study(seed: u64, lag: u64, budget: u64) -> Study<Lecture> {
    Study::new("tpe").sampler(Tpe::for_config::<Lecture>(seed)).lag(lag).budget(budget)
}

fn units(records: &[TrialRecord]) -> Vec<Vec<u64>> {
    records.iter().map(|r| r.unit.iter().map(|u| u.to_bits()).collect()).collect()
}

#[test]
fn a_lagged_run_gives_the_same_configs_with_any_number_of_workers() {
    // With the median pruner too: in a run it waits for the lower trials, so its decisions, and
    // the configs that learn from them, do not depend on timing either.
    let pruned = |s: Study<Lecture>| s.pruner(MedianPruner::new().min_trials(3));
    let one = pruned(study(5, 4, 48)).workers(1).run(objective).unwrap();
    assert_eq!(one.records().len(), 48);
    assert!(one.records().iter().any(|r| matches!(r.status, Status::Failed { .. })));
    assert!(one.records().iter().any(|r| matches!(r.status, Status::Pruned { .. })));
    for workers in [2, 4] {
        let many = pruned(study(5, 4, 48)).workers(workers).run(objective).unwrap();
        assert_eq!(units(many.records()), units(one.records()), "{workers} workers");
        assert_eq!(
            many.records().iter().map(|r| r.value).collect::<Vec<_>>(),
            one.records().iter().map(|r| r.value).collect::<Vec<_>>()
        );
    }
    // Eight workers need a lag of eight; one worker gives the same configs with it.
    let one_8 = pruned(study(5, 8, 48)).workers(1).run(objective).unwrap();
    let eight = pruned(study(5, 8, 48)).workers(8).run(objective).unwrap();
    assert_eq!(units(eight.records()), units(one_8.records()), "8 workers");
    // Another lag is another sequence (past the startup trials), and so is another seed.
    let lag_1 = study(5, 1, 48).run(objective).unwrap();
    assert_eq!(units(&lag_1.records()[..10]), units(&one.records()[..10]), "the startup needs no results");
    assert_ne!(units(lag_1.records()), units(one.records()));
    let other = study(6, 4, 48).workers(1).run(objective).unwrap();
    assert_ne!(units(&other.records()[..10]), units(&one.records()[..10]));
}

#[test]
fn cluster_workers_in_any_order_give_the_runs_configs() {
    let dir = temp_dir("cluster");
    let s = study(9, 3, 24).storage(&dir);
    // Every task at once, started in a scrambled order: each waits for the results it needs.
    std::thread::scope(|scope| {
        for k in 0..24u64 {
            let i = (k * 7) % 24;
            let s = &s;
            scope.spawn(move || s.run_trial(i, objective).unwrap());
        }
    });
    let cluster = s.results().unwrap();
    let local = study(9, 3, 24).run(objective).unwrap();
    assert_eq!(units(cluster.records()), units(local.records()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_resumed_run_continues_the_same_sequence() {
    let dir = temp_dir("resume");
    let first = study(2, 2, 20).storage(&dir).run(objective).unwrap();
    assert_eq!(first.records().len(), 20);
    let more = study(2, 2, 40).storage(&dir).run(objective).unwrap();
    let fresh = study(2, 2, 40).run(objective).unwrap();
    assert_eq!(units(more.records()), units(fresh.records()));
    // The lag is part of the stored study.
    let err = study(2, 3, 40).storage(&dir).run(objective).unwrap_err();
    assert!(matches!(err, StudyError::Mismatch { what: "strategy", .. }), "{err}");
    assert!(err.to_string().contains("lag 2"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn more_workers_than_the_lag_is_an_error_that_says_what_to_do() {
    let err = study(1, 2, 10).workers(4).run(objective).unwrap_err();
    assert!(matches!(err, StudyError::Lag { lag: 2, workers: 4 }));
    assert!(err.to_string().contains("set .lag(4)"), "{err}");
}

/// The model's point, on 15 fixed seeds: TPE's best after 60 trials beats random search's on at
/// least 13 of them, and its median is under a third of random search's.
#[test]
fn tpe_finds_better_configs_than_random_search() {
    let plain = |c: &Lecture, _: &mut Trial| Ok::<_, Stop>(loss(c));
    let best = |s: Study<Lecture>| s.run(plain).unwrap().best().unwrap().value.unwrap();
    let mut tpe: Vec<f64> = (0..15).map(|seed| best(study(seed, 1, 60))).collect();
    let mut random: Vec<f64> = (0..15)
        .map(|seed| best(Study::new("r").strategy(Random::for_config::<Lecture>(seed)).budget(60).workers(1)))
        .collect();
    let wins = tpe.iter().zip(&random).filter(|(t, r)| t < r).count();
    assert!(wins >= 13, "TPE won on {wins} of 15 seeds: {tpe:?} against {random:?}");
    tpe.sort_by(f64::total_cmp);
    random.sort_by(f64::total_cmp);
    assert!(tpe[7] * 3.0 < random[7], "medians: TPE {} random {}", tpe[7], random[7]);
}

/// A retried trial runs its stored config again, in a run and in worker mode, even though the
/// model, seeing results that came later, would now propose another.
#[test]
fn a_retried_trial_keeps_its_config() {
    let dir = temp_dir("retry");
    let first = study(8, 2, 30).storage(&dir).run(objective).unwrap();
    let failed: Vec<&TrialRecord> =
        first.records().iter().filter(|r| matches!(r.status, Status::Failed { .. })).collect();
    assert!(failed.len() >= 2 && failed.iter().any(|r| r.index >= 12), "{} failed", failed.len());
    let fixed = |c: &Lecture, _: &mut Trial| Ok::<_, String>(loss(c));
    // Worker mode first, for one failed trial; then a run for the rest.
    let one = study(8, 2, 30).storage(&dir).retry_failed(true).run_trial(failed[0].index, fixed).unwrap();
    assert_eq!((one.status.clone(), &one.unit), (Status::Complete, &failed[0].unit));
    let again = study(8, 2, 30).storage(&dir).retry_failed(true).run(fixed).unwrap();
    for r in &failed {
        let now = &again.records()[r.index as usize];
        assert_eq!((&now.status, &now.unit), (&Status::Complete, &r.unit), "trial {}", r.index);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Two coordinates in the unit square.
#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Plane {
    #[hp(linear, 0.0, 1.0)]
    x: f64,
    #[hp(linear, 0.0, 1.0)]
    y: f64,
}

/// How far a point is outside the disk of radius 0.25 around (0.7, 0.7): the feasible region,
/// a fifth of the square. The objective, x + y, pulls away from it, towards (0, 0).
fn outside_the_disk(p: &Plane) -> f64 {
    ((p.x - 0.7).powi(2) + (p.y - 0.7).powi(2)).sqrt() - 0.25
}

/// With a constraint, TPE ranks infeasible trials after every feasible one (Optuna's rule), so it
/// learns where the feasible region is. Over 10 seeds, in trials 51 to 100 (measured: 231 of 500
/// outside for TPE told of the constraint, 404 for random search, 492 for the same TPE not told):
/// TPE told of it breaks it well under random search's rate and under half the unaware TPE's (the
/// optimum is on the disk's edge, so about half its proposals straddle it); and its best feasible
/// value beats random search's on at least 8 seeds (9).
#[test]
fn tpe_learns_to_keep_to_the_feasible_region() {
    let told = |p: &Plane, trial: &mut Trial| -> Result<f64, Stop> {
        trial.constraint("outside_the_disk", outside_the_disk(p))?;
        Ok(p.x + p.y)
    };
    let not_told = |p: &Plane, _: &mut Trial| -> Result<f64, Stop> { Ok(p.x + p.y) };
    let broken =
        |records: &[TrialRecord]| records[50..].iter().filter(|r| outside_the_disk(&read(r)) > 0.0).count();
    let (mut with, mut random_broken, mut without, mut better) = (0, 0, 0, 0);
    for seed in 0..10 {
        let tpe = || {
            Study::<Plane>::new("constrained").budget(100).workers(1).sampler(Tpe::for_config::<Plane>(seed))
        };
        let constrained = tpe().run(told).expect("TPE runs");
        let unaware = tpe().run(not_told).expect("TPE runs");
        let random = Study::<Plane>::new("constrained").budget(100).workers(1).seed(seed).run(told);
        let random = random.expect("random search runs");
        with += broken(constrained.records());
        without += broken(unaware.records());
        random_broken += broken(random.records());
        let best =
            |r: &hp::study::Results<Plane>| r.best().expect("a feasible trial").value.expect("a value");
        assert!(constrained.best().expect("feasible").feasible());
        better += usize::from(best(&constrained) < best(&random));
    }
    assert!(
        5 * with < 3 * random_broken && 2 * with < without,
        "told {with}, not told {without}, random {random_broken}"
    );
    assert!(better >= 8, "TPE's best feasible value beat random's on {better} of 10 seeds");
}

fn read(r: &TrialRecord) -> Plane {
    hp::study::read_config(&r.config).expect("a Plane")
}
