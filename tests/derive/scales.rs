//! The derive precomputes each scale's constants at compile time (logarithms, the index of the last
//! grid value) and builds it with `__new_unchecked`. These tests prove that the result behaves bit
//! for bit like the scale hp-core's `new` builds at run time from the same bounds: same values at
//! 1000 unit points (edges included), same unit coordinates back, same domain, same draws.

use hp::{
    Hyperparams, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale, ReverseLogStepScale,
    Scale,
};
use rand::distr::Distribution;
use rand::{RngExt, SeedableRng, rngs::Xoshiro256PlusPlus};

#[derive(Hyperparams, Debug)]
struct Scales {
    #[hp(log, 1e-4, 1.0)]
    log_f64: f64,
    #[hp(log, 1e-300, 1e300)]
    log_f64_wide: f64,
    #[hp(log, 1e-3, 10)]
    log_f32: f32,
    #[hp(log, 16, 1024)]
    log_u32: u32,
    #[hp(log, 1, 255)]
    log_u8: u8,
    #[hp(log, 1, 1000000000000000000)]
    log_i64: i64,
    #[hp(reverse_log, 0.9, 0.999)]
    reverse_log_f64: f64,
    #[hp(reverse_log, 0.0, 0.9999999999)]
    reverse_log_f64_near_one: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    reverse_log_f32: f32,
    #[hp(linear, -1.5, 2.5)]
    linear_f64: f64,
    #[hp(linear, 0.1, 0.7)]
    linear_f32: f32,
    #[hp(linear, -9223372036854775808, 9223372036854775807)]
    linear_i64_full: i64,
    #[hp(linear, 0.0, 0.5, step = 0.1)]
    linear_step_f64: f64,
    #[hp(linear, 0.0, 1.0, step = 0.1)]
    linear_step_f32: f32,
    #[hp(linear, -0.3, 0.3, step = 0.1)]
    linear_step_f64_negative: f64,
    #[hp(linear, 16, 1024, step = 16)]
    linear_step_u32: u32,
    #[hp(linear, -100, 100, step = 25)]
    linear_step_i8: i8,
    #[hp(log, 1e-4, 1.0, step = 10)]
    log_step_f64: f64,
    #[hp(log, 1e-4, 1.0, step = 10.0)]
    log_step_f32: f32,
    #[hp(log, 1, 1099511627776, step = 2)]
    log_step_u64: u64,
    #[hp(log, 16, 1024, step = 2)]
    log_step_usize: usize,
    #[hp(reverse_log, 0.9, 0.999, step = 10)]
    reverse_log_step_f64: f64,
    #[hp(reverse_log, 0.9, 0.999, step = 10)]
    reverse_log_step_f32: f32,
    #[hp(reverse_log, 0.9, 0.9999999999, step = 10)]
    reverse_log_step_f64_near_one: f64,
}

/// A value's bits, so that `-0.0 != 0.0` and NaN would be caught.
trait Bits: Copy {
    fn bits(self) -> u128;
}

impl Bits for f64 {
    fn bits(self) -> u128 {
        self.to_bits().into()
    }
}

impl Bits for f32 {
    fn bits(self) -> u128 {
        self.to_bits().into()
    }
}

macro_rules! int_bits {
    ($($t:ty)*) => {$(
        impl Bits for $t {
            fn bits(self) -> u128 {
                self as i128 as u128
            }
        }
    )*};
}
int_bits!(u8 u32 u64 usize i8 i64);

/// 1000 points of the unit interval: both ends, 1 - 2^-53, every bin edge of a small grid, and
/// random draws.
fn unit_points() -> Vec<f64> {
    let mut points = vec![0.0, 1.0 - f64::EPSILON / 2.0, 1.0, f64::MIN_POSITIVE, 0.5];
    points.extend((0..=300).map(|k| f64::from(k) / 300.0));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    while points.len() < 1000 {
        points.push(rng.random::<f64>());
    }
    points
}

/// Compares the field `name` of `Scales` with the runtime scale at every unit point, both ways.
fn same_as_runtime<S>(name: &str, scale: S, field: impl Fn(&Scales) -> S::Value)
where
    S: Scale,
    S::Value: Bits + core::fmt::Debug,
{
    let space = Scales::space();
    let param = space.get(name).unwrap_or_else(|| panic!("no parameter {name}"));
    assert_eq!(param.domain(), scale.domain(), "{name}: domain");
    assert_eq!(param.levels().and_then(|l| l.count()), scale.levels(), "{name}: levels");
    let coordinate = param.coordinate().expect("a scale has a coordinate");
    for u in unit_points() {
        let mut point = vec![0.5; Scales::DIM];
        point[coordinate] = u;
        let cfg = Scales::from_unit(&point);
        let (derived, runtime) = (field(&cfg), scale.from_unit(u));
        assert_eq!(derived.bits(), runtime.bits(), "{name} at u = {u}: {derived:?} != {runtime:?}");
        let back = cfg.to_unit()[coordinate];
        assert_eq!(back.to_bits(), scale.to_unit(runtime).to_bits(), "{name}: to_unit of {runtime:?}");
    }
}

#[test]
fn log_scales_match_the_runtime_bit_for_bit() {
    same_as_runtime("log_f64", LogScale::new(1e-4, 1.0).unwrap(), |c| c.log_f64);
    same_as_runtime("log_f64_wide", LogScale::new(1e-300, 1e300).unwrap(), |c| c.log_f64_wide);
    same_as_runtime("log_f32", LogScale::new(1e-3f32, 10.0).unwrap(), |c| c.log_f32);
    same_as_runtime("log_u32", LogScale::new(16u32, 1024).unwrap(), |c| c.log_u32);
    same_as_runtime("log_u8", LogScale::new(1u8, 255).unwrap(), |c| c.log_u8);
    same_as_runtime("log_i64", LogScale::new(1i64, 1_000_000_000_000_000_000).unwrap(), |c| c.log_i64);
}

#[test]
fn reverse_log_scales_match_the_runtime_bit_for_bit() {
    same_as_runtime("reverse_log_f64", ReverseLogScale::new(0.9, 0.999).unwrap(), |c| c.reverse_log_f64);
    same_as_runtime("reverse_log_f64_near_one", ReverseLogScale::new(0.0, 0.9999999999).unwrap(), |c| {
        c.reverse_log_f64_near_one
    });
    same_as_runtime("reverse_log_f32", ReverseLogScale::new(0.9f32, 0.999).unwrap(), |c| c.reverse_log_f32);
}

#[test]
fn linear_scales_match_the_runtime_bit_for_bit() {
    same_as_runtime("linear_f64", LinearScale::new(-1.5, 2.5).unwrap(), |c| c.linear_f64);
    same_as_runtime("linear_f32", LinearScale::new(0.1f32, 0.7).unwrap(), |c| c.linear_f32);
    same_as_runtime("linear_i64_full", LinearScale::new(i64::MIN, i64::MAX).unwrap(), |c| c.linear_i64_full);
}

#[test]
fn step_scales_match_the_runtime_bit_for_bit() {
    same_as_runtime("linear_step_f64", LinearStepScale::new(0.0, 0.5, 0.1).unwrap(), |c| c.linear_step_f64);
    same_as_runtime("linear_step_f32", LinearStepScale::new(0.0f32, 1.0, 0.1).unwrap(), |c| {
        c.linear_step_f32
    });
    same_as_runtime("linear_step_f64_negative", LinearStepScale::new(-0.3, 0.3, 0.1).unwrap(), |c| {
        c.linear_step_f64_negative
    });
    same_as_runtime("linear_step_u32", LinearStepScale::new(16u32, 1024, 16).unwrap(), |c| c.linear_step_u32);
    same_as_runtime("linear_step_i8", LinearStepScale::new(-100i8, 100, 25).unwrap(), |c| c.linear_step_i8);
    same_as_runtime("log_step_f64", LogStepScale::new(1e-4, 1.0, 10.0).unwrap(), |c| c.log_step_f64);
    same_as_runtime("log_step_f32", LogStepScale::new(1e-4f32, 1.0, 10.0).unwrap(), |c| c.log_step_f32);
    same_as_runtime("log_step_u64", LogStepScale::new(1u64, 1 << 40, 2).unwrap(), |c| c.log_step_u64);
    same_as_runtime("log_step_usize", LogStepScale::new(16usize, 1024, 2).unwrap(), |c| c.log_step_usize);
    same_as_runtime("reverse_log_step_f64", ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap(), |c| {
        c.reverse_log_step_f64
    });
    same_as_runtime("reverse_log_step_f32", ReverseLogStepScale::new(0.9f32, 0.999, 10.0).unwrap(), |c| {
        c.reverse_log_step_f32
    });
    same_as_runtime(
        "reverse_log_step_f64_near_one",
        ReverseLogStepScale::new(0.9, 0.9999999999, 10.0).unwrap(),
        |c| c.reverse_log_step_f64_near_one,
    );
}

/// The number of values of each grid, as `new` computes it: a wrong precomputed `last` would
/// change every value but the ends.
#[test]
fn grid_lengths_match_the_runtime() {
    let space = Scales::space();
    let levels = |name: &str| space.get(name).unwrap().levels().and_then(|l| l.count());
    assert_eq!(levels("linear_step_f64"), Some(6));
    assert_eq!(levels("linear_step_f32"), Some(11));
    assert_eq!(levels("linear_step_f64_negative"), Some(7));
    assert_eq!(levels("linear_step_u32"), Some(64));
    assert_eq!(levels("linear_step_i8"), Some(9));
    assert_eq!(levels("log_step_f64"), Some(5));
    assert_eq!(levels("log_step_f32"), Some(5));
    assert_eq!(levels("log_step_u64"), Some(41));
    assert_eq!(levels("log_step_usize"), Some(7));
    assert_eq!(levels("reverse_log_step_f64"), Some(3));
    assert_eq!(levels("reverse_log_step_f32"), Some(3));
    assert_eq!(levels("reverse_log_step_f64_near_one"), Some(10));
}

/// One draw from a runtime scale, as bits.
fn draw<S>(scale: S, rng: &mut Xoshiro256PlusPlus) -> u128
where
    S: Scale + Distribution<S::Value>,
    S::Value: Bits,
{
    scale.sample(rng).bits()
}

/// `sample_with` draws the fields in declaration order from their scales: the same seed gives the
/// same values as drawing from the runtime scales one after the other.
#[test]
fn sampling_draws_from_the_same_scales_in_field_order() {
    for seed in 0..200 {
        let cfg = Scales::sample_with(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
        let rng = &mut Xoshiro256PlusPlus::seed_from_u64(seed);
        let expect = vec![
            draw(LogScale::new(1e-4, 1.0).unwrap(), rng),
            draw(LogScale::new(1e-300, 1e300).unwrap(), rng),
            draw(LogScale::new(1e-3f32, 10.0).unwrap(), rng),
            draw(LogScale::new(16u32, 1024).unwrap(), rng),
            draw(LogScale::new(1u8, 255).unwrap(), rng),
            draw(LogScale::new(1i64, 1_000_000_000_000_000_000).unwrap(), rng),
            draw(ReverseLogScale::new(0.9, 0.999).unwrap(), rng),
            draw(ReverseLogScale::new(0.0, 0.9999999999).unwrap(), rng),
            draw(ReverseLogScale::new(0.9f32, 0.999).unwrap(), rng),
            draw(LinearScale::new(-1.5, 2.5).unwrap(), rng),
            draw(LinearScale::new(0.1f32, 0.7).unwrap(), rng),
            draw(LinearScale::new(i64::MIN, i64::MAX).unwrap(), rng),
            draw(LinearStepScale::new(0.0, 0.5, 0.1).unwrap(), rng),
            draw(LinearStepScale::new(0.0f32, 1.0, 0.1).unwrap(), rng),
            draw(LinearStepScale::new(-0.3, 0.3, 0.1).unwrap(), rng),
            draw(LinearStepScale::new(16u32, 1024, 16).unwrap(), rng),
            draw(LinearStepScale::new(-100i8, 100, 25).unwrap(), rng),
            draw(LogStepScale::new(1e-4, 1.0, 10.0).unwrap(), rng),
            draw(LogStepScale::new(1e-4f32, 1.0, 10.0).unwrap(), rng),
            draw(LogStepScale::new(1u64, 1 << 40, 2).unwrap(), rng),
            draw(LogStepScale::new(16usize, 1024, 2).unwrap(), rng),
            draw(ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap(), rng),
            draw(ReverseLogStepScale::new(0.9f32, 0.999, 10.0).unwrap(), rng),
            draw(ReverseLogStepScale::new(0.9, 0.9999999999, 10.0).unwrap(), rng),
        ];
        let got = vec![
            cfg.log_f64.bits(),
            cfg.log_f64_wide.bits(),
            cfg.log_f32.bits(),
            cfg.log_u32.bits(),
            cfg.log_u8.bits(),
            cfg.log_i64.bits(),
            cfg.reverse_log_f64.bits(),
            cfg.reverse_log_f64_near_one.bits(),
            cfg.reverse_log_f32.bits(),
            cfg.linear_f64.bits(),
            cfg.linear_f32.bits(),
            cfg.linear_i64_full.bits(),
            cfg.linear_step_f64.bits(),
            cfg.linear_step_f32.bits(),
            cfg.linear_step_f64_negative.bits(),
            cfg.linear_step_u32.bits(),
            cfg.linear_step_i8.bits(),
            cfg.log_step_f64.bits(),
            cfg.log_step_f32.bits(),
            cfg.log_step_u64.bits(),
            cfg.log_step_usize.bits(),
            cfg.reverse_log_step_f64.bits(),
            cfg.reverse_log_step_f32.bits(),
            cfg.reverse_log_step_f64_near_one.bits(),
        ];
        assert_eq!(got, expect, "seed {seed}: {cfg:?}");
    }
}

/// A float grid wider than `f64::MAX`: `new` counts its steps as `high / step - low / step`. The
/// derive used to keep its own copy of that arithmetic, computed `(high - low) / step` (infinite)
/// and rejected the field; it now compiles hp-core's file, so it accepts what `new` accepts and
/// builds the same grid.
#[derive(Hyperparams, Debug)]
struct WholeLine {
    #[hp(linear, -1e308, 1e308, step = 1e300)]
    x: f64,
}

#[test]
fn a_grid_wider_than_f64_max_matches_the_runtime() {
    let scale = LinearStepScale::new(-1e308_f64, 1e308, 1e300).unwrap();
    assert_eq!(WholeLine::space().params()[0].levels().and_then(|l| l.count()), scale.levels());
    assert_eq!(scale.levels(), Some(200_000_001));
    for u in unit_points() {
        let (derived, runtime) = (WholeLine::from_unit(&[u]).x, scale.from_unit(u));
        assert_eq!(derived.to_bits(), runtime.to_bits(), "u = {u}: {derived} != {runtime}");
    }
}
