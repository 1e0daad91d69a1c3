//! The median stopping rule: a clearly bad trial is stopped and recorded as pruned with its curve;
//! good ones run to the end; nothing is pruned during the warm-up or without enough peers.

mod study_support;

use hp_core::Direction;
use hp_study::{CurvePoint, MedianPruner, Status, Stop, Study, Trial};
use study_support::Config;

const STEPS: u64 = 8;
const BAD: u64 = 6;
const GOOD: u64 = 7;

/// Every trial's loss falls as 1/(step + 1) from its own level: trial `BAD` starts 10x higher,
/// trial `GOOD` at half, the others at about 1.
fn curve(index: u64, step: u64) -> f64 {
    let level = match index {
        BAD => 10.0,
        GOOD => 0.5,
        i => 1.0 + 0.01 * i as f64,
    };
    level / (step as f64 + 1.0)
}

fn objective(_: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    for step in 0..STEPS {
        trial.report(step, curve(trial.index(), step))?;
    }
    Ok(curve(trial.index(), STEPS - 1))
}

fn study(pruner: MedianPruner) -> Study<Config> {
    Study::<Config>::new("pruning").budget(10).workers(3).pruner(pruner)
}

#[test]
fn a_clearly_bad_trial_is_pruned_and_a_good_one_is_not() {
    let results = study(MedianPruner::new().warmup_steps(2).min_trials(3)).run(objective).unwrap();
    let bad = &results.records()[BAD as usize];
    assert_eq!(bad.status, Status::Pruned { step: 2 }, "pruned at the first step after the warm-up");
    assert_eq!(bad.value, None);
    let expected: Vec<CurvePoint> =
        (0..=2).map(|step| CurvePoint { step, value: curve(BAD, step) }).collect();
    assert_eq!(bad.curve, expected, "the pruned trial keeps its curve up to the stop");

    let good = &results.records()[GOOD as usize];
    assert_eq!(good.status, Status::Complete);
    assert_eq!(good.curve.len(), STEPS as usize);
    assert_eq!(results.best().unwrap().index, GOOD);
    // Trials 0..3 have fewer than 3 lower-index peers: never pruned, whatever their values.
    assert!(results.records()[..3].iter().all(|r| r.status == Status::Complete));
}

#[test]
fn trials_slightly_worse_than_the_median_are_pruned_too_but_not_during_warmup() {
    // Levels rise with the index, so from trial 3 on each is worse than its predecessors' median.
    let results = study(MedianPruner::new().warmup_steps(5).min_trials(3)).run(objective).unwrap();
    for r in results.records() {
        match r.index {
            0..=2 | GOOD => assert_eq!(r.status, Status::Complete, "trial {}", r.index),
            _ => assert_eq!(r.status, Status::Pruned { step: 5 }, "trial {}", r.index),
        }
    }
}

#[test]
fn maximizing_prunes_the_low_values() {
    let flipped = |c: &Config, t: &mut Trial| -> Result<f64, Stop> {
        for step in 0..STEPS {
            t.report(step, -curve(t.index(), step))?;
        }
        objective(c, &mut Trial::new(t.index())).map(|v| -v)
    };
    let study = study(MedianPruner::new().warmup_steps(1).min_trials(5)).direction(Direction::Maximize);
    let results = study.run(flipped).unwrap();
    assert_eq!(results.records()[BAD as usize].status, Status::Pruned { step: 1 });
    assert_eq!(results.records()[GOOD as usize].status, Status::Complete);
    assert_eq!(results.best().unwrap().index, GOOD);
}

#[test]
fn without_a_pruner_nothing_is_pruned() {
    let results = Study::<Config>::new("no pruner").budget(10).workers(3).run(objective).unwrap();
    assert_eq!(results.counts().complete, 10);
}

#[test]
fn a_trial_that_reached_its_last_step_completes() {
    // With the warm-up ending at the last step, only the last report is ever judged: without
    // `last_step` the worse trials are pruned there, after all their training; with it they
    // complete with their value.
    let judged_at_the_end =
        study(MedianPruner::new().warmup_steps(STEPS - 1).min_trials(3)).run(objective).unwrap();
    let pruned =
        judged_at_the_end.records().iter().filter(|r| r.status == Status::Pruned { step: STEPS - 1 });
    assert!(pruned.count() >= 5, "{:#?}", judged_at_the_end.records());
    let rule = MedianPruner::new().warmup_steps(STEPS - 1).min_trials(3).last_step(STEPS - 1);
    let results = study(rule).run(objective).unwrap();
    for r in results.records() {
        assert_eq!(r.status, Status::Complete, "trial {}", r.index);
        assert_eq!(r.value, Some(curve(r.index, STEPS - 1)));
    }
}
