//! A budget of `u64::MAX` (run until stopped) and a trial index near it, with the median pruner:
//! memory follows the trials that exist, not the budget. A real child process runs such a study
//! and is SIGKILLed once it has stored some trials; its resident memory is read from /proc.

mod study_support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hp_study::{MedianPruner, Status, Stop, Study, Trial};
use study_support::{Config, TempDir};

const DIR_VAR: &str = "HP_STUDY_HUGE_DIR";

fn study(dir: &Path) -> Study<Config> {
    Study::<Config>::new("endless")
        .budget(u64::MAX)
        .seed(3)
        .workers(2)
        .storage(dir)
        .pruner(MedianPruner::new().min_trials(2))
}

fn objective(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    for step in 0..4 {
        trial.report(step, study_support::loss(config) + 1.0 / (step as f64 + 1.0))?;
    }
    std::thread::sleep(Duration::from_millis(2));
    Ok(study_support::loss(config))
}

/// The child: runs the endless study until it is killed. Ignored in normal runs.
#[test]
#[ignore = "run by an_endless_budget_runs_in_bounded_memory in a child process"]
fn child_runs_an_endless_study() {
    let Some(dir) = std::env::var_os(DIR_VAR) else { return };
    study(Path::new(&dir)).run(objective).unwrap();
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
        .args(["--exact", "child_runs_an_endless_study", "--ignored", "--nocapture", "--test-threads=1"])
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
    let record = study(dir.path()).run_trial(u64::MAX - 1, objective).unwrap();
    assert_eq!(record.index, u64::MAX - 1);
    assert!(matches!(record.status, Status::Complete | Status::Pruned { .. }), "{:?}", record.status);
    assert!(study(dir.path()).results().unwrap().records().iter().any(|r| r.index == u64::MAX - 1));
}
