//! The lecture's 4-field config and the same config written by hand, shared by the benches
//! (`#[path = "common/lecture.rs"] mod lecture;`). See BENCHMARKS.md.

// Each bench uses a different part of this module.
#![allow(dead_code)]

use hp::{Hyperparams, LinearScale, LogScale, ReverseLogScale};
use rand::RngExt;
use rand::rngs::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// The lecture's space: α log 1e-4..1, β with 1-β log 0.001..0.1, hidden units 50..100, layers 2..4.
#[derive(Hyperparams, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Train {
    #[hp(log, 1e-4, 1.0)]
    pub learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    pub momentum: f64,
    #[hp(linear, 50, 100)]
    pub hidden_units: u32,
    #[hp(linear, 2, 4)]
    pub layers: usize,
}

/// The lecture's bounds as constants, as a user who keeps them in one place writes them.
pub const MIN_LR: f64 = 1e-4;
pub const BETA_LOW: f64 = 0.9;
pub const MAX_UNITS: u32 = 100;

/// [`Train`] with constants for bounds (`#[hp(log, MIN_LR, 1.0)]`): the same space and configs,
/// its scales `const` items all the same (evaluated by the compiler through the rules' `const fn`).
#[derive(Hyperparams, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct TrainConsts {
    #[hp(log, MIN_LR, 1.0)]
    pub learning_rate: f64,
    #[hp(reverse_log, BETA_LOW, 0.999)]
    pub momentum: f64,
    #[hp(linear, 50, MAX_UNITS)]
    pub hidden_units: u32,
    #[hp(linear, 2, 4)]
    pub layers: usize,
}

/// The lecture's recipe by hand with rand and std: `r = -4 * rand(); alpha = 10^r`, and so on.
/// `powf` is the platform's `pow` (glibc here), whose last bit is not the same everywhere.
#[inline(never)]
pub fn by_hand_std(rng: &mut Xoshiro256PlusPlus) -> Train {
    let r: f64 = rng.random_range(-4.0..0.0);
    let s: f64 = rng.random_range(-3.0..-1.0);
    Train {
        learning_rate: 10f64.powf(r),
        momentum: 1.0 - 10f64.powf(s),
        hidden_units: rng.random_range(50..=100),
        layers: rng.random_range(2..=4),
    }
}

/// The same recipe with the pure-Rust `libm::pow`, which hp's portability rule would require.
#[inline(never)]
pub fn by_hand_libm_pow(rng: &mut Xoshiro256PlusPlus) -> Train {
    let r: f64 = rng.random_range(-4.0..0.0);
    let s: f64 = rng.random_range(-3.0..-1.0);
    Train {
        learning_rate: libm::pow(10.0, r),
        momentum: 1.0 - libm::pow(10.0, s),
        hidden_units: rng.random_range(50..=100),
        layers: rng.random_range(2..=4),
    }
}

/// The same recipe as an expert would write it with `libm`: `exp(r ln 10)`, one `exp` per log
/// field, which is what hp's scales compute (`exp(ln low + u (ln high - ln low))`).
#[inline(never)]
pub fn by_hand_libm_exp(rng: &mut Xoshiro256PlusPlus) -> Train {
    let r: f64 = rng.random_range(-4.0..0.0);
    let s: f64 = rng.random_range(-3.0..-1.0);
    Train {
        learning_rate: libm::exp(r * core::f64::consts::LN_10),
        momentum: 1.0 - libm::exp(s * core::f64::consts::LN_10),
        hidden_units: rng.random_range(50..=100),
        layers: rng.random_range(2..=4),
    }
}

/// hp's arithmetic by hand: `u` from rand's `random::<f64>()` (53 bits, as hp's scales draw it)
/// and one `libm::exp` per log field.
#[inline(never)]
pub fn by_hand_unit_f64(rng: &mut Xoshiro256PlusPlus) -> Train {
    let (u, v): (f64, f64) = (rng.random(), rng.random());
    Train {
        learning_rate: libm::exp((u - 1.0) * 4.0 * core::f64::consts::LN_10),
        momentum: 1.0 - libm::exp((-1.0 - 2.0 * v) * core::f64::consts::LN_10),
        hidden_units: rng.random_range(50..=100),
        layers: rng.random_range(2..=4),
    }
}

// The lecture's scales as the derive builds them (constants, logarithms precomputed);
// `scales_are_the_derives` checks them against the constructors.
const LR: LogScale<f64> = LogScale::__new_unchecked(1e-4, 1.0, -9.210340371976182, 0.0);
// ln(1 - 0.9), which is not -ln 10: 1 - 0.9 rounds below 0.1.
#[allow(clippy::approx_constant)]
const BETA: ReverseLogScale<f64> =
    ReverseLogScale::__new_unchecked(0.9, 0.999, -2.302585092994046, -6.907755278982136);
const UNITS: LinearScale<u32> = LinearScale::__new_unchecked(50, 100);
const LAYERS: LinearScale<usize> = LinearScale::__new_unchecked(2, 4);

/// Whether the constants above are exactly what the scales' constructors build.
pub fn scales_are_the_derives() -> bool {
    LogScale::new(1e-4, 1.0) == Ok(LR)
        && ReverseLogScale::new(0.9, 0.999) == Ok(BETA)
        && LinearScale::new(50u32, 100) == Ok(UNITS)
        && LinearScale::new(2usize, 4) == Ok(LAYERS)
}

/// What the derived sampler did before hp drew its uniforms with `unit_draw` (BENCHMARKS.md,
/// section 1): the same scales, with `u` from rand's `random::<f64>()`. Same values, bit for bit.
#[inline(never)]
pub fn scales_with_rand_f64(rng: &mut Xoshiro256PlusPlus) -> Train {
    use hp::Scale;
    use rand::distr::Distribution;
    Train {
        learning_rate: LR.from_unit(rng.random::<f64>()),
        momentum: BETA.from_unit(rng.random::<f64>()),
        hidden_units: UNITS.sample(rng),
        layers: LAYERS.sample(rng),
    }
}

/// The derived sampler of [`TrainConsts`], behind the same call boundary.
#[inline(never)]
pub fn derived_consts(rng: &mut Xoshiro256PlusPlus) -> TrainConsts {
    TrainConsts::sample_with(rng)
}

/// The derived sampler, behind the same kind of call boundary as the hand-written ones.
#[inline(never)]
pub fn derived(rng: &mut Xoshiro256PlusPlus) -> Train {
    Train::sample_with(rng)
}
