//! Worker mode for clusters: each process runs one trial index into a shared directory, as a
//! Slurm job array does; the report step merges the records into the same results as a local run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::study_support::{Config, TempDir, outcomes};
use hp_study::{SLURM_ARRAY_TASK_ID, Stop, Study, StudyError, Trial, worker_index};

const DIR_VAR: &str = "HP_STUDY_WORKER_DIR";
const BUDGET: u64 = 8;

fn study(dir: &Path) -> Study<Config> {
    Study::<Config>::new("array").budget(BUDGET).seed(21).storage(dir)
}

fn objective(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    for step in 0..4 {
        trial.report(step, crate::study_support::loss(config) * (1.0 + 1.0 / (step as f64 + 1.0)))?;
    }
    Ok(crate::study_support::loss(config))
}

/// One array task: the index comes from `SLURM_ARRAY_TASK_ID`, as under `sbatch --array`.
#[test]
#[ignore = "run by array_tasks_in_separate_processes_merge_into_the_local_results"]
fn child_array_task() {
    let Some(dir) = std::env::var_os(DIR_VAR) else { return };
    let index = worker_index(std::env::args()).unwrap().expect("SLURM_ARRAY_TASK_ID is set");
    study(Path::new(&dir)).run_trial(index, objective).unwrap();
}

#[test]
fn array_tasks_in_separate_processes_merge_into_the_local_results() {
    let dir = TempDir::new("array");
    // All tasks start at once: they race to create study.json, and each writes its own record.
    let children: Vec<_> = (0..BUDGET)
        .map(|i| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "worker::child_array_task", "--ignored", "--test-threads=1"])
                .env(DIR_VAR, dir.path())
                .env(SLURM_ARRAY_TASK_ID, i.to_string())
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(dir.record_files().len(), BUDGET as usize);
    let merged = study(dir.path()).results().unwrap();
    let local = Study::<Config>::new("array").budget(BUDGET).seed(21).run(objective).unwrap();
    assert_eq!(outcomes(merged.records()), outcomes(local.records()));
    // Running the whole study over the directory now has nothing left to do.
    let never = |_: &Config, _: &mut Trial| -> Result<f64, Stop> { panic!("must not run") };
    assert_eq!(study(dir.path()).run(never).unwrap().records(), merged.records());
}

#[test]
fn a_worker_keeps_an_existing_record_and_merges_what_exists() {
    let dir = TempDir::new("worker");
    let calls = AtomicU64::new(0);
    let counted = |c: &Config, t: &mut Trial| {
        calls.fetch_add(1, Ordering::Relaxed);
        objective(c, t)
    };
    let first = study(dir.path()).run_trial(5, counted).unwrap();
    assert_eq!(first.index, 5);
    let again = study(dir.path()).run_trial(5, counted).unwrap();
    assert_eq!(
        (again, calls.load(Ordering::Relaxed)),
        (first.clone(), 1),
        "a re-submitted task does not run again"
    );

    // Threads stand in for processes here: each has its own Study over the same directory.
    std::thread::scope(|s| {
        for i in [0, 2, 7] {
            let dir = dir.path();
            s.spawn(move || study(dir).run_trial(i, objective).unwrap());
        }
    });
    let merged = study(dir.path()).results().unwrap();
    assert_eq!(merged.records().iter().map(|r| r.index).collect::<Vec<_>>(), [0, 2, 5, 7]);
    assert_eq!(merged.records()[2], first);

    // The missing indices are what a resumed array (or a local run) fills in.
    let full = study(dir.path()).run(counted).unwrap();
    assert_eq!(full.records().len(), BUDGET as usize);
    assert_eq!(calls.load(Ordering::Relaxed), 1 + BUDGET - 4);
}

#[test]
fn a_worker_refuses_what_it_cannot_run() {
    let dir = TempDir::new("worker-errors");
    let e = study(dir.path()).run_trial(BUDGET, objective).unwrap_err();
    assert_eq!(e.to_string(), "trial index 8 is past the end of the study (8 trials)");
    let e = Study::<Config>::new("memory").budget(4).run_trial(0, objective).unwrap_err();
    assert!(matches!(e, StudyError::NoStorage));
    assert_eq!(worker_index(["prog", "--trial", "3"]).unwrap(), Some(3));
}
