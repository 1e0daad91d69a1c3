//! Trial i's config depends only on (seed, i): 1 worker and 4 workers give the same set of
//! results, with or without the pruner (whose rule compares only with lower indices).

use crate::study_support::{Config, outcomes};
use hp_core::strategy::{Grid, Random, Sobol, Strategy};
use hp_study::{MedianPruner, Results, Stop, Study, Trial};

fn objective(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    let final_loss = crate::study_support::loss(config);
    for step in 0..6 {
        trial.report(step, final_loss + 1.0 / (step as f64 + 1.0))?;
    }
    Ok(final_loss)
}

fn run(study: Study<Config>, workers: usize) -> Results<Config> {
    study.workers(workers).run(objective).unwrap()
}

#[test]
fn one_and_four_workers_give_the_same_results() {
    let study = || Study::<Config>::new("determinism").budget(48).seed(11);
    let (one, four) = (run(study(), 1), run(study(), 4));
    assert_eq!(one.records().len(), 48);
    assert_eq!(outcomes(one.records()), outcomes(four.records()));
    assert!(one.records().windows(2).all(|w| w[0].index < w[1].index), "sorted by index");
    // Trial i is the strategy's point i, through the scales.
    let third = one.config(&one.records()[3]).unwrap();
    assert_eq!(third, Random::for_config::<Config>(11).config::<Config>(3).unwrap());
    assert_eq!(one.best().unwrap().index, four.best().unwrap().index);
}

#[test]
fn another_seed_gives_other_configs() {
    let a = run(Study::<Config>::new("a").budget(4).seed(1), 1);
    let b = run(Study::<Config>::new("b").budget(4).seed(2), 1);
    assert_ne!(a.records()[0].config, b.records()[0].config);
}

#[test]
fn a_finite_strategy_ends_before_the_budget() {
    let grid = Grid::for_config::<Config>(2).unwrap(); // 2 lr x 2 units x 3 activations
    let results = run(Study::<Config>::new("grid").strategy(grid).budget(100), 4);
    assert_eq!(results.records().len(), 12);
    let sobol = Sobol::for_config::<Config>(3).unwrap();
    let (one, four) = (
        run(Study::<Config>::new("sobol").strategy(sobol.clone()).budget(16), 1),
        run(Study::<Config>::new("sobol").strategy(sobol).budget(16), 4),
    );
    assert_eq!(outcomes(one.records()), outcomes(four.records()));
}

/// Like `objective`, with uneven pauses so that 4 workers interleave their reports in many orders.
fn jittery(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    let final_loss = crate::study_support::loss(config);
    for step in 0..6 {
        let pause = (trial.index() * 7919 + step * 31) % 400;
        std::thread::sleep(std::time::Duration::from_micros(pause));
        trial.report(step, final_loss + 1.0 / (step as f64 + 1.0))?;
    }
    Ok(final_loss)
}

#[test]
fn pruning_decisions_do_not_depend_on_the_number_of_workers() {
    let study = || {
        Study::<Config>::new("pruned")
            .budget(40)
            .seed(5)
            .pruner(MedianPruner::new().warmup_steps(1).min_trials(3))
    };
    let one = study().workers(1).run(jittery).unwrap();
    let four = study().workers(4).run(jittery).unwrap();
    assert!(one.counts().pruned > 5, "the rule should stop some trials: {:?}", one.counts());
    assert_eq!(outcomes(one.records()), outcomes(four.records()));
}

/// The progress bar (drawn only on a terminal) only watches: the results are the same.
#[cfg(feature = "progress")]
#[test]
fn the_progress_bar_changes_nothing() {
    let study = || Study::<Config>::new("progress").budget(24).seed(11);
    let shown = study().progress(true).workers(2).run(objective).unwrap();
    assert_eq!(outcomes(shown.records()), outcomes(run(study(), 1).records()));
}
