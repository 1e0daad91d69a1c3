//! The median stopping rule: a clearly bad trial is stopped and recorded as pruned with its curve;
//! good ones run to the end; nothing is pruned during the warm-up or without enough peers, nor at the
//! last step; and an endless budget runs in bounded memory.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::study_support::{Config, TempDir};
use hp_core::Direction;
use hp_study::{CurvePoint, MedianPruner, Status, Stop, Study, Trial};

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
    assert_eq!(
        bad.status,
        Status::Pruned { step: 2, rung: None },
        "pruned at the first step after the warm-up"
    );
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
            _ => assert_eq!(r.status, Status::Pruned { step: 5, rung: None }, "trial {}", r.index),
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
    assert_eq!(results.records()[BAD as usize].status, Status::Pruned { step: 1, rung: None });
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
    let pruned = judged_at_the_end
        .records()
        .iter()
        .filter(|r| r.status == Status::Pruned { step: STEPS - 1, rung: None });
    assert!(pruned.count() >= 5, "{:#?}", judged_at_the_end.records());
    let rule = MedianPruner::new().warmup_steps(STEPS - 1).min_trials(3).last_step(STEPS - 1);
    let results = study(rule).run(objective).unwrap();
    for r in results.records() {
        assert_eq!(r.status, Status::Complete, "trial {}", r.index);
        assert_eq!(r.value, Some(curve(r.index, STEPS - 1)));
    }
}

// ---- A budget of `u64::MAX` (run until stopped) and a trial index near it: memory follows the
// trials that exist, not the budget. A real child process runs such a study and is SIGKILLed once
// it has stored some trials; its resident memory is read from /proc.

const DIR_VAR: &str = "HP_STUDY_HUGE_DIR";

fn endless(dir: &Path) -> Study<Config> {
    Study::<Config>::new("endless")
        .budget(u64::MAX)
        .seed(3)
        .workers(2)
        .storage(dir)
        .pruner(MedianPruner::new().min_trials(2))
}

fn endless_objective(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    for step in 0..4 {
        trial.report(step, crate::study_support::loss(config) + 1.0 / (step as f64 + 1.0))?;
    }
    std::thread::sleep(Duration::from_millis(2));
    Ok(crate::study_support::loss(config))
}

/// The child: runs the endless study until it is killed. Ignored in normal runs.
#[test]
#[ignore = "run by an_endless_budget_runs_in_bounded_memory in a child process"]
fn child_runs_an_endless_study() {
    let Some(dir) = std::env::var_os(DIR_VAR) else { return };
    endless(Path::new(&dir)).run(endless_objective).unwrap();
}

/// Resident memory of process `pid`, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn an_endless_budget_runs_in_bounded_memory() {
    let dir = TempDir::new("huge");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "pruning::child_runs_an_endless_study",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while dir.record_files().len() < 40 {
        assert!(Instant::now() < deadline, "the child stored {} records in 60 s", dir.record_files().len());
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the child ended ({status}) with a budget of u64::MAX");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let rss = rss_kib(child.id());
    child.kill().unwrap();
    child.wait().unwrap();
    // A test binary with two workers and 40 short trials: a few MiB. A budget-sized allocation
    // would be 2^64 lanes or indices.
    assert!(rss < 256 * 1024, "the child held {rss} KiB after 40 trials");

    // Resumed in this process, trial u64::MAX - 1 runs alone in worker mode, with the pruner.
    let record = endless(dir.path()).run_trial(u64::MAX - 1, endless_objective).unwrap();
    assert_eq!(record.index, u64::MAX - 1);
    assert!(matches!(record.status, Status::Complete | Status::Pruned { .. }), "{:?}", record.status);
    assert!(endless(dir.path()).results().unwrap().records().iter().any(|r| r.index == u64::MAX - 1));
}
