//! Constants as bounds and steps: `#[hp(log, MIN_LR, 1.0)]` is `#[hp(log, 1e-4, 1.0)]` with the
//! constant's value, on every scale (stepped too) and field type, by name or in position, in a
//! module path or bare: the same space, the same configs for the same seed, the same checks.

use hp::Hyperparams;
use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};

const MIN_LR: f64 = 1e-4;
const MAX_LR: f64 = 1.0;
const BETA_LOW: f32 = 0.9;
const MIN_UNITS: u32 = 50;
const DROPOUT_STEP: f32 = 0.1;
const BATCH_STEP: u64 = 2;

mod limits {
    pub const MAX_LAYERS: usize = 4;
    pub const MAX_BATCH: u64 = 512;
}

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct WithConstants {
    #[hp(log, MIN_LR, MAX_LR)]
    lr: f64,
    #[hp(reverse_log, BETA_LOW, 0.999)]
    beta: f32,
    #[hp(linear, MIN_UNITS, 100)]
    units: u32,
    #[hp(linear, 2, limits::MAX_LAYERS)]
    layers: usize,
    #[hp(log, low = 16, high = limits::MAX_BATCH, grid = 6)]
    batch: u64,
    #[hp(linear, -1.0, MAX_LR)]
    shift: f64,
    #[hp(linear, 0.0, 0.5, step = DROPOUT_STEP)]
    dropout: f32,
    #[hp(log, 16, limits::MAX_BATCH, step = BATCH_STEP)]
    width: u64,
    #[hp(reverse_log, BETA_LOW, 0.999, step = 10.0)]
    beta_grid: f32,
}

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct WithLiterals {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f32,
    #[hp(linear, 50, 100)]
    units: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
    #[hp(log, low = 16, high = 512, grid = 6)]
    batch: u64,
    #[hp(linear, -1.0, 1.0)]
    shift: f64,
    #[hp(linear, 0.0, 0.5, step = 0.1)]
    dropout: f32,
    #[hp(log, 16, 512, step = 2)]
    width: u64,
    #[hp(reverse_log, 0.9, 0.999, step = 10.0)]
    beta_grid: f32,
}

fn same(a: &WithConstants, b: &WithLiterals) -> bool {
    (a.lr.to_bits(), a.beta.to_bits(), a.units, a.layers, a.batch, a.shift.to_bits())
        == (b.lr.to_bits(), b.beta.to_bits(), b.units, b.layers, b.batch, b.shift.to_bits())
        && (a.dropout.to_bits(), a.width, a.beta_grid.to_bits())
            == (b.dropout.to_bits(), b.width, b.beta_grid.to_bits())
}

#[test]
fn constant_bounds_give_the_literal_bounds_space_and_configs() {
    assert_eq!(WithConstants::space(), WithLiterals::space());
    for seed in 0..500 {
        let a = WithConstants::sample_with(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
        let b = WithLiterals::sample_with(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
        assert!(same(&a, &b), "seed {seed}: {a:?} != {b:?}");
        assert_eq!(a.to_unit(), b.to_unit());
        assert!(a.validate().is_ok());
    }
    for u in [0.0, 0.5, 1.0 - f64::EPSILON / 2.0, 1.0] {
        let (a, b) = (WithConstants::from_unit(&[u; 9]), WithLiterals::from_unit(&[u; 9]));
        assert!(same(&a, &b), "{u}: {a:?} != {b:?}");
        assert!((1e-4..=1.0).contains(&a.lr) && (0.9..=0.999).contains(&a.beta), "{a:?}");
    }
}

#[test]
fn a_value_outside_constant_bounds_is_reported_as_outside_the_literal_ones() {
    let mut a = WithConstants::from_unit(&[0.5; 9]);
    let mut b = WithLiterals::from_unit(&[0.5; 9]);
    (a.lr, b.lr) = (2.0, 2.0);
    (a.layers, b.layers) = (5, 5);
    assert_eq!(a.validate().unwrap_err().to_string(), b.validate().unwrap_err().to_string());
    assert!(
        a.validate().unwrap_err().to_string().contains("`lr` = 2.0 is outside its space: log [0.0001, 1.0]")
    );
}

/// A variant's field takes constant bounds too (a conditional space).
#[derive(Hyperparams, Debug, Clone, PartialEq)]
enum Optimizer {
    Sgd,
    Momentum {
        #[hp(reverse_log, 0.9, 0.999)]
        beta: f64,
    },
    Adam {
        #[hp(log, MIN_LR, MAX_LR)]
        eps: f64,
    },
}

#[test]
fn variant_fields_take_constant_bounds() {
    for u in [0.0, 0.3, 1.0 - f64::EPSILON / 2.0, 1.0] {
        if let Optimizer::Adam { eps } = Optimizer::from_unit(&[1.0, 0.5, u]) {
            assert!((MIN_LR..=MAX_LR).contains(&eps), "{u}: {eps}");
        } else {
            panic!("the last third of the variant coordinate is Adam");
        }
    }
    // The space's parameter has the constants' range, ends included.
    let space = Optimizer::space();
    let eps = space.get("Adam.eps").expect("a parameter");
    assert_eq!(eps.from_unit(0.0), Some(hp::Value::F64(MIN_LR)));
    assert_eq!(eps.from_unit(1.0), Some(hp::Value::F64(MAX_LR)));
}
