//! Reading a study with several objectives: the Pareto front over values and metrics (either
//! direction), what is left out, the hypervolume's checks, and the plot with 2 and 3 objectives.

use hp_core::Direction;
use hp_study::{Objective, Results, Status, StudyError, TrialRecord};

fn trial(index: u64, value: Option<f64>, metrics: &[(&str, f64)]) -> TrialRecord {
    TrialRecord {
        index,
        config: serde_json::json!(true),
        unit: vec![0.75],
        curve: vec![],
        value,
        status: if value.is_some() { Status::Complete } else { Status::Pruned { step: 0, rung: None } },
        duration_secs: 0.0,
        metrics: metrics.iter().map(|&(n, v)| (n.to_owned(), v)).collect(),
        constraints: Default::default(),
    }
}

fn results() -> Results<bool> {
    Results::new(
        vec![
            trial(0, Some(0.10), &[("acc", 0.90), ("size", 300.0)]),
            trial(1, Some(0.20), &[("acc", 0.95), ("size", 100.0)]),
            trial(2, Some(0.30), &[("acc", 0.80), ("size", 300.0)]), // beaten by 0 and 1
            trial(3, None, &[("acc", 0.99), ("size", 1.0)]),         // pruned: left out
            trial(4, Some(0.05), &[("size", 900.0)]),                // no "acc"
            trial(5, Some(0.10), &[("acc", 0.90), ("size", 300.0)]), // equal to 0: both on the front
        ],
        Direction::Minimize,
    )
}

fn indices(front: &hp_study::ParetoFront<'_>) -> Vec<u64> {
    front.trials().iter().map(|r| r.index).collect()
}

#[test]
fn the_front_follows_each_objectives_direction_and_leaves_out_what_it_cannot_compare() {
    let results = results();
    let acc = Objective::metric("acc", Direction::Maximize);
    let size = Objective::metric("size", Direction::Minimize);
    // Trial 1 is both more accurate and smaller than every other that has both.
    let front = results.pareto_front(&[acc, size.clone()]).expect("a front");
    assert_eq!(indices(&front), [1]);
    assert_eq!((front.considered(), front.left_out()), (4, 2));
    // Minimizing accuracy instead: trial 2 (the least accurate) joins, and beats 0 and 5.
    let front =
        results.pareto_front(&[Objective::metric("acc", Direction::Minimize), size]).expect("a front");
    assert_eq!(indices(&front), [1, 2]);
    // The value and one metric: trial 4 takes part now.
    let front = results
        .pareto_front(&[
            Objective::value(Direction::Minimize),
            Objective::metric("size", Direction::Minimize),
        ])
        .expect("a front");
    assert_eq!(indices(&front), [0, 1, 4, 5]);
    assert_eq!(front.values()[2], [0.05, 900.0]);
}

#[test]
fn the_hypervolume_is_checked_and_exact() {
    let results = results();
    let objectives = [Objective::value(Direction::Minimize), Objective::metric("acc", Direction::Maximize)];
    let front = results.pareto_front(&objectives).expect("a front");
    assert_eq!(indices(&front), [0, 1, 5]);
    // Losses (0.1, -0.9) and (0.2, -0.95) against (1.0, -0.5): 0.9 x 0.4 + 0.8 x 0.05.
    let volume = front.hypervolume(&[1.0, 0.5]).expect("a volume");
    assert!((volume - 0.4).abs() < 1e-12, "{volume}");
    let message = |r: Result<f64, StudyError>| r.expect_err("refused").to_string();
    assert_eq!(
        message(front.hypervolume(&[1.0])),
        "objectives: the reference point has 1 values for 2 objectives"
    );
    assert_eq!(
        message(front.hypervolume(&[f64::NAN, 0.5])),
        "objectives: the reference point holds NaN; it must be finite"
    );
    assert_eq!(
        message(front.hypervolume(&[0.15, 0.5])),
        "objectives: trial 1's value (minimize) is 0.2, worse than the reference point's 0.15; choose a reference \
         worse than every front trial in every objective (its worst value of each, say)"
    );
    let none = results.pareto_front(&[]).map(|f| f.considered());
    assert_eq!(none.expect_err("no objective").to_string(), "objectives: no objective given");
    let twice = results.pareto_front(&[objectives[0].clone(), objectives[0].clone()]).map(|f| f.considered());
    assert_eq!(
        twice.expect_err("twice").to_string(),
        "objectives: objective 1, value (minimize), is given twice"
    );
}

#[test]
fn the_plot_has_a_panel_per_pair_of_objectives() {
    let results = results();
    let two = results
        .pareto_front(&[
            Objective::value(Direction::Minimize).labelled("error"),
            Objective::metric("size", Direction::Minimize),
        ])
        .expect("a front");
    let svg = two.svg().expect("a plot");
    assert!(svg.contains("error (lower is better)") && svg.contains("size (lower is better)"), "{svg}");
    assert!(svg.contains("5 trials compared, 4 on the front, 1 left out"));
    let three = results
        .pareto_front(&[
            Objective::value(Direction::Minimize),
            Objective::metric("acc", Direction::Maximize),
            Objective::metric("size", Direction::Minimize),
        ])
        .expect("a front");
    let svg = three.svg().expect("a plot");
    // Three panels: value-acc, value-size, acc-size; each axis named twice.
    assert_eq!(svg.matches("acc (higher is better)").count(), 2, "{svg}");
    assert_eq!(svg.matches("value (lower is better)").count(), 2);
    let empty = Results::<bool>::new(vec![], Direction::Minimize);
    let front = empty.pareto_front(&[Objective::value(Direction::Minimize)]).expect("an empty front");
    assert!(front.svg().is_err());
    assert_eq!(front.hypervolume(&[1.0]).expect("zero"), 0.0);
}

#[test]
fn the_fronts_labels_never_overlap() {
    // Sixty trials on one front, close together: every point's label is drawn, and none covers
    // another.
    let records: Vec<TrialRecord> = (0..60)
        .map(|k| {
            let x = 1.0 + k as f64 * 0.05;
            trial(k, Some(x), &[("size", 1.0 / x)])
        })
        .collect();
    let results = Results::<bool>::new(records, Direction::Minimize);
    let front = results
        .pareto_front(&[
            Objective::value(Direction::Minimize),
            Objective::metric("size", Direction::Minimize),
        ])
        .expect("a front");
    assert_eq!(front.trials().len(), 60);
    let svg = front.svg().expect("a plot");
    let labels = hp_plot::label::drawn(&svg, hp_plot::style::SMALL_SIZE);
    let mut texts: Vec<u64> = labels.iter().map(|(t, _)| t.parse().expect("a trial index")).collect();
    texts.sort();
    assert_eq!(texts, (0..60).collect::<Vec<u64>>());
    for (i, (a, ra)) in labels.iter().enumerate() {
        for (b, rb) in &labels[i + 1..] {
            assert!(!ra.overlaps(rb), "{a} at {ra:?} overlaps {b} at {rb:?}");
        }
    }
}
