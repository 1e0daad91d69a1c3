//! Named metrics beside the objective: reported by a trial (whatever its outcome), stored,
//! resumed, exported as columns, shown in the summary; bad ones fail the trial with a sentence;
//! ask/tell records them durably too.

use crate::study_support::{Config, TempDir};
use hp_core::Direction;
use hp_study::{MedianPruner, Status, Stop, Study, Told, Trial};

/// Every trial reports `units` and, if it gets that far, `accuracy`; trial 3 fails after its
/// metrics, the worst trials are pruned.
fn objective(config: &Config, trial: &mut Trial) -> Result<f64, String> {
    trial.metric("units", f64::from(config.units))?;
    let loss = crate::study_support::loss(config);
    for step in 0..4 {
        trial.report(step, loss * (1.0 + 1.0 / (step as f64 + 1.0)))?;
    }
    trial.metric("accuracy", 1.0 / (1.0 + loss))?;
    if trial.index() == 3 {
        return Err("diverged".into());
    }
    Ok(loss)
}

#[test]
fn metrics_are_stored_resumed_exported_and_summarized() {
    let dir = TempDir::new("metrics");
    let study = || {
        Study::<Config>::new("metrics")
            .budget(12)
            .seed(4)
            .workers(2)
            .direction(Direction::Minimize)
            .storage(dir.path())
            .pruner(MedianPruner::new().min_trials(3).warmup_steps(1))
    };
    let ran = study().run(objective).expect("the study runs");
    let records = ran.records();
    assert!(records.iter().all(|r| r.metrics.contains_key("units")), "every trial, whatever its outcome");
    for r in records {
        let complete = matches!(r.status, Status::Complete);
        assert_eq!(r.metrics.contains_key("accuracy"), complete || r.index == 3, "{r:?}");
    }
    assert!(records.iter().any(|r| matches!(r.status, Status::Pruned { .. })), "some trial was pruned");
    assert!(matches!(records[3].status, Status::Failed { .. }));

    // A resume loads them as they were.
    let resumed = study().run(|_: &Config, _: &mut Trial| -> Result<f64, Stop> { panic!("nothing runs") });
    assert_eq!(resumed.expect("resumed").records(), records);

    // CSV: one column per metric, after the parameters; empty where a trial has none.
    let csv = dir.path().join("trials.csv");
    ran.to_csv(&csv).expect("CSV");
    let text = std::fs::read_to_string(&csv).expect("written");
    let header: Vec<&str> = text.lines().next().expect("a header").split(',').collect();
    assert_eq!(header[header.len() - 2..], ["metrics.accuracy", "metrics.units"]);
    for (line, r) in text.lines().skip(1).zip(records) {
        let cells: Vec<&str> = line.rsplitn(3, ',').collect();
        assert_eq!(cells[0], f64::from(r.metrics["units"] as u32).to_string());
        assert_eq!(cells[1], r.metrics.get("accuracy").map(|a| a.to_string()).unwrap_or_default());
    }
    // JSON lines nest them under "metrics".
    let jsonl = dir.path().join("trials.jsonl");
    ran.to_jsonl(&jsonl).expect("JSON lines");
    let first: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&jsonl).expect("written").lines().next().expect("a line"),
    )
    .expect("JSON");
    assert_eq!(first["metrics"]["units"].as_f64(), Some(records[0].metrics["units"]));
    // The summary shows them beside the value.
    let summary = ran.summary(3).to_string();
    let header: Vec<&str> = summary.lines().nth(1).expect("a table header").split_whitespace().collect();
    assert_eq!(header[..5], ["rank", "index", "value", "metrics.accuracy", "metrics.units"]);
}

#[test]
fn a_bad_metric_fails_the_trial_with_a_sentence() {
    let cases: [(&str, f64, f64, &str); 3] = [
        ("", 1.0, 1.0, "a metric with an empty name (value 1); give it a name"),
        ("accuracy", f64::NAN, 1.0, "metric \"accuracy\" is NaN, not a finite number"),
        (
            "accuracy",
            0.9,
            0.8,
            "metric \"accuracy\" reported as 0.9, then as 0.8; a metric has one value per trial",
        ),
    ];
    for (name, first, second, message) in cases {
        let results = Study::<Config>::new("bad")
            .budget(1)
            .run(|_: &Config, trial: &mut Trial| -> Result<f64, Stop> {
                trial.metric(name, first)?;
                trial.metric(name, second)?;
                trial.metric("same", 2.0)?;
                trial.metric("same", 2.0)?; // the same value again is harmless
                Ok(1.0)
            })
            .expect("the study runs");
        assert_eq!(results.records()[0].status, Status::Failed { message: message.to_owned() });
    }
}

#[test]
fn ask_tell_metrics_are_durable_and_told_from_another_process() {
    let dir = TempDir::new("metrics-ask-tell");
    let study = Study::<Config>::new("metrics").budget(2).storage(dir.path());
    let asked = {
        let mut tuner = study.ask_tell().expect("opened");
        let asked = tuner.ask().expect("a trial");
        tuner.metric(asked.index, "train_seconds", 3.5).expect("stored");
        assert!(tuner.metric(asked.index, "train_seconds", f64::INFINITY).is_err());
        asked
    };
    // Another process (here: another AskTell on the directory) tells it.
    let mut other = study.ask_tell().expect("reopened");
    other.metric(asked.index, "train_seconds", 3.5).expect("the same value again");
    let err = other.metric(asked.index, "train_seconds", 4.0).expect_err("a second value");
    assert!(err.to_string().contains("one value per trial"), "{err}");
    let record = other.tell(asked.index, Told::Value(0.25)).expect("told");
    assert_eq!(record.metrics.get("train_seconds"), Some(&3.5));
    assert_eq!(study.results().expect("stored").records()[0].metrics, record.metrics);
}
