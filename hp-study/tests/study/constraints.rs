//! Constraints: a trial reporting a value above 0 is infeasible, recorded as such, never the best
//! nor in the top nor on a Pareto front, counted in summaries and plots, exported as a column;
//! bad values fail the trial; ask/tell records them durably.

use crate::study_support::{Config, TempDir};
use hp_core::Direction;
use hp_study::{Objective, Stop, Study, Told, Trial};

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
