//! A trial that panics, returns an error, reports or returns NaN or an infinity, or reports steps
//! out of order is recorded as failed with its message; the study goes on.

use crate::study_support::{Config, TempDir};
use hp_study::{Status, Study, Trial, TrialRecord};

/// Trial i fails in the way `i % 8` picks; the others complete.
fn objective(config: &Config, trial: &mut Trial) -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
    let value = crate::study_support::loss(config);
    match trial.index() % 8 {
        0 => panic!("boom in trial {}", trial.index()),
        1 => Err(format!("diverged at lr {}", config.lr))?,
        2 => trial.report(3, f64::NAN)?,
        3 => return Ok(f64::INFINITY),
        4 => {
            trial.report(2, 1.0)?;
            trial.report(1, 0.5)?;
        }
        5 => {
            // Ignores the Stop of a NaN report and returns a value anyway: still failed.
            let _ = trial.report(0, f64::NEG_INFINITY);
            return Ok(1.0);
        }
        _ => trial.report(0, value)?,
    }
    Ok(value)
}

fn message(r: &TrialRecord) -> &str {
    match &r.status {
        Status::Failed { message } => message,
        other => panic!("trial {} should have failed, got {other:?}", r.index),
    }
}

#[test]
fn every_kind_of_failure_is_recorded_and_the_study_goes_on() {
    let dir = TempDir::new("failures");
    let study = Study::<Config>::new("failures").budget(16).workers(2).storage(dir.path());
    let results = study.run(objective).unwrap();
    let records = results.records();
    assert_eq!(records.len(), 16, "every trial is recorded");
    for r in records {
        let i = r.index;
        match i % 8 {
            0 => assert_eq!(message(r), format!("panicked: boom in trial {i}")),
            1 => assert!(message(r).starts_with("diverged at lr "), "{}", message(r)),
            2 => assert_eq!(message(r), "the value reported at step 3 is NaN"),
            3 => assert_eq!(message(r), "the objective returned inf"),
            4 => assert_eq!(message(r), "step 1 reported after step 2; steps must increase"),
            5 => assert_eq!(message(r), "the value reported at step 0 is -inf"),
            _ => assert_eq!(r.status, Status::Complete),
        }
        assert_eq!(r.value.is_some(), r.status == Status::Complete);
        assert!(r.curve.iter().all(|p| p.value.is_finite()), "stored curves hold finite values only");
    }
    let counts = results.counts();
    assert_eq!((counts.complete, counts.failed, counts.pruned), (4, 12, 0));
    assert!(matches!(results.best(), Some(r) if r.index % 8 >= 6));
    // The failures are durable like any trial, and a rerun does not retry them...
    assert_eq!(dir.record_files().len(), 16);
    let rerun =
        study.run(|_: &Config, _: &mut Trial| -> Result<f64, String> { panic!("must not run") }).unwrap();
    assert_eq!(rerun.records(), records);
    // ...unless asked to.
    let retried = study.retry_failed(true).run(|_: &Config, _: &mut Trial| Ok::<_, String>(2.0)).unwrap();
    assert_eq!(retried.counts().complete, 16);
    assert_eq!(retried.records().iter().filter(|r| r.value == Some(2.0)).count(), 12);
}

#[test]
fn a_string_error_type_can_use_the_question_mark_on_report() {
    let study = Study::<Config>::new("string errors").budget(2).workers(1);
    let results = study
        .run(|_: &Config, trial: &mut Trial| -> Result<f64, String> {
            trial.report(0, f64::NAN)?;
            Ok(1.0)
        })
        .unwrap();
    assert_eq!(results.counts().failed, 2);
}
