//! Nudges of choices written by hand: a parameter that does not apply to a config (a field of
//! another enum variant) is an error naming the condition; nudging the choice itself switches
//! variants; a weighted choice, whose values have unequal bins, moves one value per step.

use hp_core::{
    CategoricalScale, FieldError, Hyperparams, ReverseLogScale, Scale, SpaceBuilder, Value, join_path,
};
use hp_panda::{NudgeError, Nudger};
use rand::Rng;
use rand::distr::Distribution;
use serde::{Deserialize, Serialize};

/// `enum Optimizer { Sgd, Adam { beta2: f64 } }`, written by hand: `beta2` has a coordinate of
/// its own, active only when `optimizer = Adam`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Optimizer {
    Sgd,
    Adam { beta2: f64 },
}

const VARIANTS: CategoricalScale = CategoricalScale::__new_unchecked(2);

fn beta2() -> ReverseLogScale<f64> {
    ReverseLogScale::new(0.99, 0.9999).unwrap()
}

impl Hyperparams for Optimizer {
    const DIM: usize = 2;

    fn sample_with<R: Rng + ?Sized>(rng: &mut R) -> Self {
        match VARIANTS.sample(rng) {
            0 => Optimizer::Sgd,
            _ => Optimizer::Adam { beta2: beta2().sample(rng) },
        }
    }

    fn from_unit(u: &[f64]) -> Self {
        match VARIANTS.from_unit(u[0]) {
            0 => Optimizer::Sgd,
            _ => Optimizer::Adam { beta2: beta2().from_unit(u[1]) },
        }
    }

    fn write_unit(&self, out: &mut Vec<f64>) {
        match self {
            Optimizer::Sgd => out.extend([VARIANTS.to_unit(0), 0.5]),
            Optimizer::Adam { beta2: b } => out.extend([VARIANTS.to_unit(1), beta2().to_unit(*b)]),
        }
    }

    fn set_unit(&mut self, coordinate: usize, u: f64) -> bool {
        match (coordinate, &mut *self) {
            (0, _) => {
                if VARIANTS.from_unit(u) != VARIANTS.from_unit(self.to_unit()[0]) {
                    *self = Optimizer::from_unit(&[u, 0.5]);
                }
                true
            }
            (1, Optimizer::Adam { beta2: b }) => {
                *b = beta2().from_unit(u);
                true
            }
            _ => false,
        }
    }

    fn write_values(&self, out: &mut Vec<Option<Value>>) {
        match self {
            Optimizer::Sgd => out.extend([Some(Value::Choice(0)), None]),
            Optimizer::Adam { beta2: b } => out.extend([Some(Value::Choice(1)), Some(Value::F64(*b))]),
        }
    }

    fn describe(space: &mut SpaceBuilder, path: &str) {
        let name = join_path(path, "optimizer");
        space.choice(name.clone(), "Optimizer", &["Sgd", "Adam"]);
        space.enter(&name, "Adam");
        space.scale(join_path(path, "adam.beta2"), "f64", &beta2());
        space.leave();
    }

    fn check(&self, _: &str, _: &mut Vec<FieldError>) {}
}

#[test]
fn an_inactive_parameter_is_an_error_naming_its_condition() {
    let space = Optimizer::space();
    let beta2 = space.param_id("adam.beta2").unwrap();
    let err = Nudger::new().nudge(&Optimizer::Sgd, &beta2, 1).unwrap_err();
    assert_eq!(err, NudgeError::Inactive { name: "adam.beta2".into(), condition: "optimizer = Adam".into() });
    assert_eq!(err.to_string(), "adam.beta2 is not active in this config (it applies when optimizer = Adam)");

    let adam = Nudger::new().nudge(&Optimizer::Adam { beta2: 0.999 }, &beta2, 1).unwrap();
    let Optimizer::Adam { beta2: b } = adam.config else { panic!("{adam}") };
    assert!(b > 0.999 && b < 0.9999, "{adam}");
}

#[test]
fn nudging_the_choice_moves_to_the_neighbouring_variant() {
    let optimizer = Optimizer::space().param_id("optimizer").unwrap();
    let n = Nudger::new().nudge(&Optimizer::Sgd, &optimizer, 1).unwrap();
    assert!(matches!(n.config, Optimizer::Adam { .. }), "{n}");
    assert_eq!(n.to_string(), "optimizer Sgd -> Adam (+1 step)");
    let back = Nudger::new().nudge(&n.config, &optimizer, 1).unwrap();
    assert!(back.clamped && !back.moved(), "{back}");
}

/// A choice whose values have unequal bins in the unit interval: `#[hp(weight = W)]` variants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Weighted {
    optimizer: usize,
}

const WEIGHTS: [f64; 4] = [1.0, 6.0, 1.0, 0.5];

fn weighted() -> hp_core::WeightedCategoricalScale {
    hp_core::WeightedCategoricalScale::new(&WEIGHTS).unwrap()
}

impl Hyperparams for Weighted {
    const DIM: usize = 1;

    fn sample_with<R: Rng + ?Sized>(rng: &mut R) -> Self {
        Weighted { optimizer: weighted().sample(rng) as usize }
    }

    fn from_unit(u: &[f64]) -> Self {
        Weighted { optimizer: weighted().from_unit(u[0]) as usize }
    }

    fn write_unit(&self, out: &mut Vec<f64>) {
        out.push(weighted().to_unit(self.optimizer as u64));
    }

    fn set_unit(&mut self, coordinate: usize, u: f64) -> bool {
        if coordinate == 0 {
            self.optimizer = weighted().from_unit(u) as usize;
        }
        coordinate == 0
    }

    fn write_values(&self, out: &mut Vec<Option<Value>>) {
        out.push(Some(Value::Choice(self.optimizer)));
    }

    fn describe(space: &mut SpaceBuilder, path: &str) {
        space.weighted_choice(
            join_path(path, "optimizer"),
            "Optimizer",
            &["Sgd", "Momentum", "Adam", "Lamb"],
            &WEIGHTS,
        );
    }

    fn check(&self, _: &str, _: &mut Vec<FieldError>) {}
}

#[test]
fn a_weighted_choice_moves_one_value_per_step_whatever_its_bins() {
    let id = Weighted::space().param_id("optimizer").unwrap();
    let nudger = Nudger::new();
    let mut at = Weighted { optimizer: 0 };
    let mut seen = vec![];
    for _ in 0..3 {
        let n = nudger.nudge(&at, &id, 1).unwrap();
        assert!(n.moved() && !n.clamped, "{n}");
        seen.push(n.to.to_string());
        at = n.config;
    }
    assert_eq!(seen, ["Momentum", "Adam", "Lamb"]);
    let top = nudger.nudge(&at, &id, 1).unwrap();
    assert!(top.clamped && !top.moved());
    let down = nudger.nudge(&at, &id, -2).unwrap();
    assert_eq!((down.config.optimizer, down.to.to_string()), (1, "Momentum".to_owned()));
}
