//! PED-ANOVA on objectives whose true importances are known: a dominant parameter, a minor one and
//! an irrelevant one, on their own scales (a log learning rate, a reverse-log momentum, a
//! categorical), over 10 seeds of random search.

use hp_core::sampler::{Observation, Outcome, Sampler};
use hp_core::strategy::Random;
use hp_core::{Direction, LinearScale, LogScale, ReverseLogScale, SpaceBuilder, Value};
use hp_importance::PedAnova;

#[test]
fn the_dominant_parameter_leads_and_the_irrelevant_one_is_last() {
    let mut b = SpaceBuilder::new();
    b.scale("lr".into(), "f64", &LogScale::new(1e-5, 1.0).unwrap());
    b.scale("beta".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
    b.scale("noise".into(), "f64", &LinearScale::new(0.0, 1.0).unwrap());
    b.choice("act".into(), "Act", &["relu", "tanh"]);
    let space = b.finish();
    let mut irrelevant = Vec::new();
    for seed in 0..10 {
        let random = Random::new(seed, space.dim());
        let trials: Vec<Observation> = (0..300)
            .map(|i| {
                let mut u = vec![0.0; space.dim()];
                random.propose(i, &hp_core::sampler::History::empty(Direction::Minimize), &mut u);
                let values = space.values(&u);
                let x = |k: usize| match values[k] {
                    Some(Value::F64(x)) => x,
                    _ => unreachable!(),
                };
                // The loss is a bowl in log10(lr) (4 decades wide), shallower in log10(1 - beta); it
                // ignores `noise` and `act`.
                let a = x(0).log10() + 2.5;
                let m = (1.0 - x(1)).log10() + 2.0;
                Observation::new(i, u, Outcome::Complete { value: a * a + 2.0 * m * m })
            })
            .collect();
        let importances = PedAnova::new().importances(&space, &trials, Direction::Minimize).unwrap();
        let of = |name: &str| importances.iter().find(|i| i.name == name).unwrap().importance;
        assert_eq!(importances[0].name, "lr", "seed {seed}: {importances:?}");
        assert!(of("lr") > 0.6, "seed {seed}: {importances:?}");
        assert!(of("beta") > of("noise") && of("beta") > of("act"), "seed {seed}: {importances:?}");
        let worst_irrelevant = of("noise").max(of("act"));
        assert!(worst_irrelevant < 0.05, "seed {seed}: {importances:?}");
        irrelevant.push(worst_irrelevant);
    }
    let mean = irrelevant.iter().sum::<f64>() / irrelevant.len() as f64;
    assert!(mean < 0.1, "the irrelevant parameters' importance, mean over seeds: {mean} ({irrelevant:?})");
}
