//! Constraints: a trial reporting a value above 0 is infeasible, recorded as such, never the best
//! nor in the top nor on a Pareto front, counted in summaries and plots, exported as a column;
//! bad values fail the trial; ask/tell records them durably.

use crate::study_support::{Config, TempDir};
use hp_core::Direction;
use hp_study::{MetricConstraint, Objective, Status, Stop, Study, StudyError, Told, Trial};

/// A loss with a constraint that the best configs break: units above 40 are "too big".
fn objective(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    trial.constraint("units_over_40", f64::from(config.units) - 40.0)?;
    trial.metric("units", f64::from(config.units))?;
    Ok(crate::study_support::loss(config) - f64::from(config.units))
}

#[test]
fn infeasible_trials_are_recorded_and_never_ranked() {
    let dir = TempDir::new("constraints");
    let study = Study::<Config>::new("constraints")
        .budget(24)
        .seed(2)
        .direction(Direction::Minimize)
        .storage(dir.path());
    let results = study.run(objective).expect("the study runs");
    let records = results.records();
    let infeasible: Vec<u64> = records.iter().filter(|r| !r.feasible()).map(|r| r.index).collect();
    assert!(!infeasible.is_empty() && infeasible.len() < records.len(), "{infeasible:?}");
    for r in records {
        assert_eq!(r.feasible(), r.constraints["units_over_40"] <= 0.0);
        assert_eq!(r.violation(), r.constraints["units_over_40"].max(0.0));
    }
    // The best and the top are feasible; without the constraint an infeasible one would lead.
    let unconstrained = records
        .iter()
        .filter(|r| r.value.is_some())
        .min_by(|a, b| a.value.unwrap().total_cmp(&b.value.unwrap()));
    assert!(!unconstrained.expect("a trial").feasible(), "the test needs the constraint to matter");
    assert!(results.best().expect("a feasible trial").feasible());
    assert!(results.top(24).iter().all(|r| r.feasible()));
    assert_eq!(results.top(24).len(), records.len() - infeasible.len());
    let summary = results.summary(3).to_string();
    assert!(
        summary
            .lines()
            .next()
            .unwrap()
            .ends_with(&format!("; {} infeasible, never ranked)", infeasible.len())),
        "{summary}"
    );
    // Exported as a column; read back as stored.
    let csv = dir.path().join("trials.csv");
    results.to_csv(&csv).expect("CSV");
    let text = std::fs::read_to_string(&csv).expect("written");
    assert!(text.lines().next().unwrap().ends_with(",metrics.units,constraints.units_over_40"));
    assert_eq!(study.results().expect("stored").records(), records);
    // A Pareto front leaves infeasible trials out.
    let front = results
        .pareto_front(&[
            Objective::value(Direction::Minimize),
            Objective::metric("units", Direction::Maximize),
        ])
        .expect("a front");
    assert!(front.trials().iter().all(|r| r.feasible()));
    assert_eq!(front.left_out(), infeasible.len());
}

#[test]
fn a_bad_constraint_fails_the_trial_and_ask_tell_keeps_them() {
    let results = Study::<Config>::new("bad")
        .budget(1)
        .run(|_: &Config, trial: &mut Trial| -> Result<f64, Stop> {
            trial.constraint("latency", -1.0)?;
            trial.constraint("latency", 2.0)?;
            Ok(1.0)
        })
        .expect("the study runs");
    let message = "constraint \"latency\" reported as -1, then as 2; a constraint has one value per trial";
    assert_eq!(results.records()[0].status, hp_study::Status::Failed { message: message.into() });

    let dir = TempDir::new("constraints-ask-tell");
    let study = Study::<Config>::new("ask").budget(2).storage(dir.path());
    let index = {
        let mut tuner = study.ask_tell().expect("opened");
        let asked = tuner.ask().expect("a trial");
        tuner.constraint(asked.index, "latency", 0.5).expect("stored");
        assert!(tuner.constraint(asked.index, "latency", f64::NAN).is_err());
        asked.index
    };
    let mut other = study.ask_tell().expect("reopened");
    let record = other.tell(index, Told::Value(0.1)).expect("told");
    assert_eq!((record.violation(), record.feasible()), (0.5, false));
    assert!(other.results().best().is_none(), "its only trial is infeasible");
}

/// A loss and two metrics, `units` and `seconds`; no constraint reported by the trial itself.
fn measured(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    trial.metric("units", f64::from(config.units))?;
    trial.metric("seconds", f64::from(config.units) / 10.0)?;
    Ok(crate::study_support::loss(config) - f64::from(config.units))
}

#[test]
fn a_declared_metric_constraint_is_a_constraint_of_every_trial() {
    let dir = TempDir::new("metric-constraints");
    let study = || {
        Study::<Config>::new("declared")
            .budget(24)
            .seed(2)
            .storage(dir.path())
            .constraint(MetricConstraint::at_most("units", 40.0))
            .constraint(MetricConstraint::at_least("seconds", 1.0))
    };
    let results = study().run(measured).expect("the study runs");
    for r in results.records() {
        let units = r.metrics["units"];
        assert_eq!(r.constraints["units <= 40"], units - 40.0, "trial {}", r.index);
        assert_eq!(r.constraints["seconds >= 1"], 1.0 - units / 10.0, "trial {}", r.index);
        assert_eq!(r.feasible(), (10.0..=40.0).contains(&units), "trial {}", r.index);
    }
    assert!(results.records().iter().any(|r| !r.feasible()), "the test needs an infeasible trial");
    assert!(results.best().expect("a feasible trial").feasible());
    // Exported like reported constraints.
    let mut csv = Vec::new();
    results.write_csv(&mut csv).expect("written");
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert!(csv.lines().next().unwrap().contains("constraints.units <= 40"), "{csv}");
    // The same declarations resume; others are another study.
    assert_eq!(study().budget(30).run(measured).expect("resumed").records().len(), 30);
    let e = Study::<Config>::new("declared")
        .budget(30)
        .seed(2)
        .storage(dir.path())
        .constraint(MetricConstraint::at_most("units", 50.0))
        .run(measured)
        .unwrap_err();
    let StudyError::Mismatch { what, stored, current, .. } = &e else { panic!("{e}") };
    assert_eq!(
        (*what, stored.as_str(), current.as_str()),
        ("metric constraints", "units <= 40, seconds >= 1", "units <= 50")
    );
}

#[test]
fn a_trial_without_the_bounded_metric_fails_unless_pruned_and_bad_limits_are_refused() {
    let fast = MetricConstraint::at_most("seconds", 3.0);
    let results = Study::<Config>::new("missing")
        .budget(3)
        .constraint(fast.clone())
        .run(|_: &Config, trial: &mut Trial| -> Result<f64, Stop> {
            trial.report(0, 1.0)?;
            match trial.index() {
                0 => trial.metric("seconds", 2.0)?,
                // The declared rule's name, reported by hand with another value: one value per name.
                1 => trial.constraint("seconds <= 3", 5.0)?,
                _ => {}
            }
            Ok(1.0)
        })
        .expect("the study runs");
    let statuses: Vec<&Status> = results.records().iter().map(|r| &r.status).collect();
    assert_eq!(statuses[0], &Status::Complete);
    let message =
        "the metric \"seconds\" was not reported (Trial::metric); the study constrains it (seconds <= 3)";
    assert_eq!(statuses[1], &Status::Failed { message: message.into() });
    assert_eq!(statuses[2], statuses[1]);
    // Ask/tell: the same rule; a pruned trial without the metric stays pruned.
    let study = Study::<Config>::new("ask").budget(3).constraint(fast);
    let mut tuner = study.ask_tell().expect("opened");
    let a = tuner.ask().expect("a trial").index;
    tuner.metric(a, "seconds", 9.0).expect("recorded");
    let told = tuner.tell(a, Told::Value(0.5)).expect("told");
    assert_eq!((told.status.clone(), told.violation()), (Status::Complete, 6.0));
    let b = tuner.ask().expect("a trial").index;
    assert!(matches!(tuner.tell(b, Told::Value(0.5)).expect("told").status, Status::Failed { .. }));
    let c = tuner.ask().expect("a trial").index;
    tuner.report(c, 1, 0.9).expect("reported");
    assert!(matches!(tuner.tell(c, Told::Pruned).expect("told").status, Status::Pruned { .. }));
    // A limit that is not finite, before any trial.
    let e = Study::<Config>::new("nan")
        .budget(1)
        .constraint(MetricConstraint::at_least("accuracy", f64::NAN))
        .run(measured)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the metric constraint \"accuracy >= NaN\": a metric constraint needs a metric's name and a finite limit"
    );
}
