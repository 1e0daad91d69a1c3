//! `kill -9` in the middle of a study loses only the trials in flight: a real child process (this
//! test binary, running the ignored test `child_runs_a_slow_study`) is SIGKILLed while it writes
//! records, and the study then resumes in this process.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::study_support::{Config, TempDir};
use hp_study::{Stop, Study, Trial};

const DIR_VAR: &str = "HP_STUDY_KILL_DIR";
// Slow enough (about 1.8 s in the child) that the kill lands mid-study even on a loaded machine.
const BUDGET: u64 = 120;

fn study(dir: &Path) -> Study<Config> {
    Study::<Config>::new("killed").budget(BUDGET).seed(9).workers(2).storage(dir)
}

fn objective(config: &Config, trial: &mut Trial, pause: Duration) -> Result<f64, Stop> {
    for step in 0..3 {
        std::thread::sleep(pause);
        trial.report(step, crate::study_support::loss(config) + 1.0 / (step as f64 + 1.0))?;
    }
    // Two metrics beside the objective: they are part of what a resume must not lose.
    trial.metric("units", f64::from(config.units))?;
    trial.metric("first_loss", trial.curve()[0].value)?;
    Ok(crate::study_support::loss(config))
}

/// The child: runs the study slowly (30 ms per trial, 2 at a time) until it is killed. Ignored in
/// normal runs; without the directory variable it does nothing.
#[test]
#[ignore = "run by kill_9_loses_only_the_trials_in_flight in a child process"]
fn child_runs_a_slow_study() {
    let Some(dir) = std::env::var_os(DIR_VAR) else { return };
    study(Path::new(&dir))
        .run(|c: &Config, t: &mut Trial| objective(c, t, Duration::from_millis(10)))
        .unwrap();
}

fn snapshot(dir: &TempDir) -> BTreeMap<String, Vec<u8>> {
    dir.record_files()
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_str().unwrap().to_owned(), fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn kill_9_loses_only_the_trials_in_flight() {
    let dir = TempDir::new("kill");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "kill::child_runs_a_slow_study", "--ignored", "--nocapture", "--test-threads=1"])
        .env(DIR_VAR, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while dir.record_files().len() < 6 {
        assert!(Instant::now() < deadline, "the child wrote no records in 20 s");
        assert!(child.try_wait().unwrap().is_none(), "the child ended before it was killed");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no unwinding
    child.wait().unwrap();
    let before = snapshot(&dir);
    assert!(before.len() < BUDGET as usize, "the child finished before the kill");

    // A temp file as a killed writer leaves it: never taken for a record.
    let trials = dir.path().join("trials");
    fs::write(trials.join(".00000039.json.4242.0.tmp"), b"{\"record\":{\"index\":39").unwrap();

    let calls = AtomicU64::new(0);
    let resumed = study(dir.path())
        .run(|c: &Config, t: &mut Trial| {
            calls.fetch_add(1, Ordering::Relaxed);
            objective(c, t, Duration::ZERO)
        })
        .unwrap();

    let indices: Vec<u64> = resumed.records().iter().map(|r| r.index).collect();
    assert_eq!(indices, (0..BUDGET).collect::<Vec<_>>(), "every index exactly once");
    assert_eq!(calls.load(Ordering::Relaxed), BUDGET - before.len() as u64, "only the missing trials ran");
    let after = snapshot(&dir);
    for (name, bytes) in &before {
        assert_eq!(after.get(name), Some(bytes), "{name} changed after the resume");
    }
    assert_eq!(after.len(), BUDGET as usize);
    assert!(resumed.records().iter().all(|r| r.metrics.len() == 2), "every record holds its metrics");
    // What the killed child recorded is what an uninterrupted study computes.
    let fresh = Study::<Config>::new("killed").budget(BUDGET).seed(9).workers(2);
    let fresh = fresh.run(|c: &Config, t: &mut Trial| objective(c, t, Duration::ZERO)).unwrap();
    assert_eq!(
        crate::study_support::outcomes(resumed.records()),
        crate::study_support::outcomes(fresh.records())
    );
}
