//! Which hyperparameters mattered, read from a study: the learning rate (a bowl four decades wide
//! on its log scale) and the units (a bowl on 16..=64) lead; the activation (0.05 at most) is last.
//! The importances are Optuna 5's PED-ANOVA (hp-importance tests them against Optuna's own).

use crate::study_support::{Config, loss};
use hp_core::strategy::Random;
use hp_study::{Stop, Study, Trial};

#[test]
fn a_studys_importances_rank_what_its_loss_depends_on() {
    for seed in 0..3 {
        let results = Study::<Config>::new("importance")
            .strategy(Random::for_config::<Config>(seed))
            .budget(300)
            .run(|c: &Config, _: &mut Trial| Ok::<_, Stop>(loss(c)))
            .unwrap();
        let importances = results.importances().unwrap();
        let names: Vec<&str> = importances.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names.last(), Some(&"activation"), "seed {seed}: {importances:?}");
        assert!(importances.last().unwrap().importance < 0.05, "seed {seed}: {importances:?}");
        let sum: f64 = importances.iter().map(|i| i.importance).sum();
        assert!((sum - 1.0).abs() < 1e-12);
    }
    // Fewer than two complete trials: an error, not a guess.
    let one = Study::<Config>::new("one")
        .budget(1)
        .run(|c: &Config, _: &mut Trial| Ok::<_, Stop>(loss(c)))
        .unwrap();
    let e = one.importances().unwrap_err();
    assert_eq!(e.to_string(), "1 complete trial with a finite value; importances need at least 2");
}
