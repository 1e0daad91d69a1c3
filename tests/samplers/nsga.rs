//! NSGA-II in a study of several objectives: lagged runs give the same configs with any number of
//! workers, on a cluster and after a resume; it finds a better front than random search; and
//! objectives a study cannot optimize are refused before any trial runs.

use std::path::PathBuf;

use hp::Direction;
use hp::Hyperparams;
use hp::nsga::Nsga2;
use hp::strategy::Random;
use hp::study::{AskTell, Objective, Status, Stop, Study, StudyError, Told, Trial, TrialRecord};
use hp::tpe::Tpe;
use serde::{Deserialize, Serialize};

/// ZDT1's decision variables (Zitzler, Deb and Thiele 2000), eight of them.
#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Zdt {
    #[hp(linear, 0.0, 1.0)]
    x1: f64,
    #[hp(linear, 0.0, 1.0)]
    x2: f64,
    #[hp(linear, 0.0, 1.0)]
    x3: f64,
    #[hp(linear, 0.0, 1.0)]
    x4: f64,
    #[hp(linear, 0.0, 1.0)]
    x5: f64,
    #[hp(linear, 0.0, 1.0)]
    x6: f64,
    #[hp(linear, 0.0, 1.0)]
    x7: f64,
    #[hp(linear, 0.0, 1.0)]
    x8: f64,
}

/// ZDT1: the value is f1 = x1; the metric `f2` is g (1 - sqrt(x1 / g)), g = 1 + 9 mean(x2..x8).
fn zdt1(c: &Zdt, trial: &mut Trial) -> Result<f64, Stop> {
    let rest = [c.x2, c.x3, c.x4, c.x5, c.x6, c.x7, c.x8];
    let g = 1.0 + 9.0 * rest.iter().sum::<f64>() / rest.len() as f64;
    trial.metric("f2", g * (1.0 - (c.x1 / g).sqrt()))?;
    Ok(c.x1)
}

fn objectives() -> [Objective; 2] {
    [Objective::value(Direction::Minimize), Objective::metric("f2", Direction::Minimize)]
}

fn study(seed: u64, lag: u64, budget: u64) -> Study<Zdt> {
    Study::new("zdt1")
        .objectives(objectives())
        .sampler(Nsga2::for_config::<Zdt>(seed).population(10))
        .lag(lag)
        .budget(budget)
}

fn units(records: &[TrialRecord]) -> Vec<Vec<u64>> {
    records.iter().map(|r| r.unit.iter().map(|u| u.to_bits()).collect()).collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hp-nsga-study-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_lagged_run_gives_the_same_configs_with_any_number_of_workers_on_a_cluster_and_resumed() {
    let one = study(3, 4, 60).workers(1).run(zdt1).unwrap();
    assert_eq!(one.records().len(), 60);
    for workers in [2, 4] {
        let many = study(3, 4, 60).workers(workers).run(zdt1).unwrap();
        assert_eq!(units(many.records()), units(one.records()), "{workers} workers");
    }
    // Cluster tasks started in a scrambled order, each waiting for the results it needs (past
    // the first generation, which ends at trial 13).
    let dir = temp_dir("cluster");
    let s = study(3, 4, 24).storage(&dir);
    std::thread::scope(|scope| {
        for k in 0..24u64 {
            let s = &s;
            scope.spawn(move || s.run_trial((k * 7) % 24, zdt1).unwrap());
        }
    });
    assert_eq!(units(s.results().unwrap().records()), units(&one.records()[..24]), "cluster");
    std::fs::remove_dir_all(&dir).unwrap();
    // Stopped after 25 trials and resumed: the same 60.
    let dir = temp_dir("resume");
    study(3, 4, 25).storage(&dir).run(zdt1).unwrap();
    let resumed = study(3, 4, 60).storage(&dir).run(zdt1).unwrap();
    assert_eq!(units(resumed.records()), units(one.records()), "resumed");
    std::fs::remove_dir_all(&dir).unwrap();
    // The children learn from the second objective: without it they are other points.
    let blind = Study::<Zdt>::new("zdt1")
        .sampler(Nsga2::for_config::<Zdt>(3).population(10))
        .lag(4)
        .budget(60)
        .run(zdt1)
        .unwrap();
    assert_eq!(units(&blind.records()[..13]), units(&one.records()[..13]), "generation 0 is random search");
    assert_ne!(units(blind.records()), units(one.records()));
}

#[test]
fn nsga2_finds_a_better_front_than_random_search() {
    let hypervolume = |results: &hp::study::Results<Zdt>| {
        results.pareto_front(&objectives()).unwrap().hypervolume(&[1.1, 11.0]).unwrap()
    };
    let mut wins = 0;
    let mut total = [0.0, 0.0];
    for seed in 0..10 {
        let nsga = study(seed, 1, 300).run(zdt1).unwrap();
        let random = Study::<Zdt>::new("zdt1")
            .strategy(Random::for_config::<Zdt>(seed))
            .budget(300)
            .run(zdt1)
            .unwrap();
        let (a, b) = (hypervolume(&nsga), hypervolume(&random));
        wins += usize::from(a > b);
        total[0] += a;
        total[1] += b;
    }
    assert!(wins >= 9, "NSGA-II's front beat random search's on {wins} of 10 seeds ({total:?})");
}

#[test]
fn a_trial_without_a_declared_objective_fails_naming_it() {
    let results = study(1, 1, 4)
        .run(|c: &Zdt, trial: &mut Trial| -> Result<f64, Stop> {
            if trial.index() == 2 {
                return Ok(c.x1); // forgot f2
            }
            zdt1(c, trial)
        })
        .unwrap();
    let Status::Failed { message } = &results.records()[2].status else {
        panic!("{:?}", results.records()[2])
    };
    assert!(message.contains("\"f2\" was not reported"), "{message}");
    assert_eq!(results.counts().complete, 3);
    // Ask/tell, the same rule.
    let s = study(1, 1, 4);
    let mut tuner: AskTell<'_, Zdt> = s.ask_tell().unwrap();
    let asked = tuner.ask().unwrap();
    let record = tuner.tell(asked.index, Told::Value(0.5)).unwrap();
    assert!(matches!(record.status, Status::Failed { .. }), "{record:?}");
}

#[test]
fn objectives_a_study_cannot_optimize_are_refused_before_any_trial() {
    let never = |_: &Zdt, _: &mut Trial| -> Result<f64, Stop> { panic!("no trial runs") };
    let message = |s: Study<Zdt>| match s.budget(4).run(never) {
        Err(e @ StudyError::Objectives { .. }) => e.to_string(),
        other => panic!("{other:?}"),
    };
    let value = Objective::value(Direction::Minimize);
    let f2 = Objective::metric("f2", Direction::Minimize);
    let m = message(Study::new("s").objectives([f2.clone()]));
    assert!(m.contains("two objectives or more, not one (f2 (minimize))"), "{m}");
    let m = message(Study::new("s").objectives([f2.clone(), Objective::metric("f2", Direction::Maximize)]));
    assert!(m.contains("objective 1, f2 (maximize), is declared twice"), "{m}");
    let m = message(Study::new("s").objectives([value.clone(), f2.clone()]).direction(Direction::Maximize));
    assert!(m.contains("value (minimize) goes against the study's direction (maximize)"), "{m}");
    let m =
        message(Study::new("s").objectives([value.clone(), f2.clone()]).sampler(Tpe::for_config::<Zdt>(1)));
    assert!(m.contains("the sampler Tpe") && m.contains("use hp-nsga's Nsga2"), "{m}");
    // A strategy ignores every objective: fine.
    assert!(Study::<Zdt>::new("s").objectives([value, f2]).budget(2).run(zdt1).is_ok());
}

#[test]
fn the_objectives_are_part_of_a_stored_studys_identity() {
    let dir = temp_dir("identity");
    study(1, 1, 12).storage(&dir).run(zdt1).unwrap();
    let other = [Objective::value(Direction::Minimize), Objective::metric("f2", Direction::Maximize)];
    let e = study(1, 1, 12).objectives(other).storage(&dir).run(zdt1).unwrap_err();
    let StudyError::Mismatch { what, stored, current, .. } = &e else { panic!("{e}") };
    assert_eq!((*what, stored.as_str()), ("objectives", "value (minimize), f2 (minimize)"));
    assert_eq!(current, "value (minimize), f2 (maximize)");
    // Labels are for people: relabelled, it is the same study.
    let labelled =
        [Objective::value(Direction::Minimize).labelled("f1"), Objective::metric("f2", Direction::Minimize)];
    assert!(study(1, 1, 12).objectives(labelled).storage(&dir).run(zdt1).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}
