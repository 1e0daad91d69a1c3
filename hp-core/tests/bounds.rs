//! The bounds guarantee (issue 2, section 2): every value a scale returns lies in `[low, high]`,
//! over 10^6 draws per scale on extreme ranges, both through `Distribution::sample` and through
//! `from_unit(rng.random::<f64>())` (the path every strategy takes), plus the `u` closest to both
//! ends of the unit interval. Every value must also be one the scale `contains` (on its grid, for
//! step scales), and the draws must reach both ends of the range, so the test cannot pass vacuously.

use std::fmt::Debug;

use hp_core::{
    CategoricalScale, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale,
    ReverseLogStepScale, Scale,
};
use rand::distr::Distribution;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// Draws per scale and per path.
const DRAWS: usize = 1_000_000;

/// 2^-53, the spacing of `rng.random::<f64>()`.
const EPS53: f64 = 1.0 / 9_007_199_254_740_992.0;

/// Checks `DRAWS` samples and `DRAWS` `from_unit` values of `scale` against `[low, high]`, and the
/// 2 x 1000 unit points closest to 0 and 1. `low_quarter` and `high_quarter` are values that some
/// draw must fall at or below, and at or above, which shows the draws spread over the whole range.
fn check<S>(scale: S, low: S::Value, high: S::Value, low_quarter: S::Value, high_quarter: S::Value)
where
    S: Scale + Distribution<<S as Scale>::Value> + Debug,
    S::Value: PartialOrd + Debug,
{
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0x5eed_b0b5);
    let in_bounds = |x: S::Value, how: &dyn Fn() -> String| {
        assert!(low <= x && x <= high, "{scale:?}: {} = {x:?} outside [{low:?}, {high:?}]", how());
    };
    // `contains` recomputes the grid point (a log and a pow on log grids), so it runs on every 8th
    // value, to keep the file fast in the debug profile; the bounds are checked on every value.
    let is_value = |x: S::Value, how: &dyn Fn() -> String| {
        assert!(scale.contains(x), "{scale:?}: {} = {x:?} is not a value of the scale", how());
    };
    let (mut reached_low, mut reached_high) = (false, false);
    for i in 0..DRAWS {
        let x = scale.sample(&mut rng);
        in_bounds(x, &|| format!("draw {i}"));
        if i % 8 == 0 {
            is_value(x, &|| format!("draw {i}"));
        }
        reached_low |= x <= low_quarter;
        reached_high |= x >= high_quarter;
    }
    assert!(
        reached_low && reached_high,
        "{scale:?}: samples reached low side {reached_low}, high side {reached_high}"
    );

    let (mut reached_low, mut reached_high) = (false, false);
    for i in 0..DRAWS {
        let u = rng.random::<f64>();
        let x = scale.from_unit(u);
        in_bounds(x, &|| format!("from_unit({u:e})"));
        if i % 8 == 0 {
            is_value(x, &|| format!("from_unit({u:e})"));
        }
        reached_low |= x <= low_quarter;
        reached_high |= x >= high_quarter;
    }
    assert!(
        reached_low && reached_high,
        "{scale:?}: from_unit reached low side {reached_low}, high side {reached_high}"
    );

    for k in 0..1000 {
        for u in [k as f64 * EPS53, 1.0 - k as f64 * EPS53, 1.0 - k as f64 * 1e-12, k as f64 * 1e-300] {
            let x = scale.from_unit(u);
            in_bounds(x, &|| format!("from_unit({u:e})"));
            is_value(x, &|| format!("from_unit({u:e})"));
        }
    }
}

#[test]
fn linear_f64_tiny_to_huge() {
    check(LinearScale::new(1e-300, 1e300).unwrap(), 1e-300, 1e300, 2.5e299, 7.5e299);
}

#[test]
fn linear_f64_whole_line() {
    check(
        LinearScale::new(-f64::MAX, f64::MAX).unwrap(),
        -f64::MAX,
        f64::MAX,
        -f64::MAX / 2.0,
        f64::MAX / 2.0,
    );
}

#[test]
fn linear_f32_whole_line() {
    check(
        LinearScale::new(-f32::MAX, f32::MAX).unwrap(),
        -f32::MAX,
        f32::MAX,
        -f32::MAX / 2.0,
        f32::MAX / 2.0,
    );
}

#[test]
fn log_f64_tiny_to_huge() {
    check(LogScale::new(1e-300, 1e300).unwrap(), 1e-300, 1e300, 1e-150, 1e150);
}

#[test]
fn log_f64_subnormal_to_max() {
    let tiny = f64::from_bits(1);
    check(LogScale::new(tiny, f64::MAX).unwrap(), tiny, f64::MAX, 1e-150, 1e150);
}

#[test]
fn log_f32_subnormal_to_max() {
    let tiny = f32::from_bits(1);
    check(LogScale::new(tiny, f32::MAX).unwrap(), tiny, f32::MAX, 1e-20, 1e20);
}

#[test]
fn reverse_log_f64_close_to_one() {
    check(ReverseLogScale::new(0.999999, 0.9999999).unwrap(), 0.999999, 0.9999999, 0.9999994, 0.99999985);
}

#[test]
fn reverse_log_f64_zero_to_close_to_one() {
    check(ReverseLogScale::new(0.0, 0.9999999999).unwrap(), 0.0, 0.9999999999, 0.9, 0.999999999);
}

#[test]
fn reverse_log_f64_up_to_the_last_float_below_one() {
    let top = 1.0 - EPS53;
    check(ReverseLogScale::new(0.0, top).unwrap(), 0.0, top, 0.9, 1.0 - 1e-12);
}

#[test]
fn reverse_log_f32_up_to_the_last_float_below_one() {
    let top = 1.0 - f32::EPSILON / 2.0;
    check(ReverseLogScale::new(0.0f32, top).unwrap(), 0.0, top, 0.9, 0.9999);
    check(ReverseLogScale::new(0.999999f32, 0.9999999).unwrap(), 0.999999, 0.9999999, 0.9999994, 0.9999998);
}

#[test]
fn linear_i64_full_range() {
    check(LinearScale::new(i64::MIN, i64::MAX).unwrap(), i64::MIN, i64::MAX, i64::MIN / 2, i64::MAX / 2);
}

#[test]
fn linear_u64_full_range() {
    check(LinearScale::new(0, u64::MAX).unwrap(), 0, u64::MAX, u64::MAX / 4, u64::MAX / 4 * 3);
}

#[test]
fn linear_isize_and_usize_full_range() {
    check(
        LinearScale::new(isize::MIN, isize::MAX).unwrap(),
        isize::MIN,
        isize::MAX,
        isize::MIN / 2,
        isize::MAX / 2,
    );
    check(LinearScale::new(0, usize::MAX).unwrap(), 0, usize::MAX, usize::MAX / 4, usize::MAX / 4 * 3);
}

#[test]
fn log_u64_full_range() {
    check(LogScale::new(1, u64::MAX).unwrap(), 1, u64::MAX, 1 << 16, 1 << 48);
}

#[test]
fn log_i64_full_range() {
    check(LogScale::new(1, i64::MAX).unwrap(), 1, i64::MAX, 1 << 16, 1 << 48);
}

#[test]
fn log_u8_full_range() {
    check(LogScale::new(1u8, u8::MAX).unwrap(), 1, u8::MAX, 2, 200);
}

#[test]
fn linear_step_f64_wide() {
    // 2 * 10^9 grid points from -1e300 to 1e300.
    check(LinearStepScale::new(-1e300, 1e300, 1e291).unwrap(), -1e300, 1e300, -5e299, 5e299);
    // Wider than f64::MAX: 9 points from -MAX to MAX.
    let quarter = f64::MAX / 4.0;
    check(
        LinearStepScale::new(-f64::MAX, f64::MAX, quarter).unwrap(),
        -f64::MAX,
        f64::MAX,
        -quarter,
        quarter,
    );
}

#[test]
fn linear_step_f32_decimal() {
    check(LinearStepScale::new(-1.0f32, 1.0, 0.1).unwrap(), -1.0, 1.0, -0.9, 0.9);
}

#[test]
fn linear_step_i64_full_range() {
    check(
        LinearStepScale::new(i64::MIN, i64::MAX, 1).unwrap(),
        i64::MIN,
        i64::MAX,
        i64::MIN / 2,
        i64::MAX / 2,
    );
    // 2^64 - 1 = 3 * 5 * 17 * 257 * 641 * 65537 * 6700417
    check(LinearStepScale::new(0, u64::MAX, 6_700_417).unwrap(), 0, u64::MAX, u64::MAX / 4, u64::MAX / 4 * 3);
}

#[test]
fn log_step_u64_powers_of_two() {
    check(LogStepScale::new(1, 1u64 << 63, 2).unwrap(), 1, 1 << 63, 2, 1 << 62);
}

#[test]
fn log_step_f64_tiny_to_huge() {
    // step^k overflows for k > 308, though low step^k does not.
    check(LogStepScale::new(1e-300, 1e300, 10.0).unwrap(), 1e-300, 1e300, 1e-150, 1e150);
}

#[test]
fn reverse_log_step_close_to_one() {
    check(ReverseLogStepScale::new(0.9, 0.9999999999, 10.0).unwrap(), 0.9, 0.9999999999, 0.9, 0.9999999999);
    check(ReverseLogStepScale::new(0.9f32, 0.999, 10.0).unwrap(), 0.9, 0.999, 0.9, 0.999);
}

#[test]
fn categorical_large() {
    check(CategoricalScale::new(u64::MAX).unwrap(), 0, u64::MAX - 1, u64::MAX / 4, u64::MAX / 4 * 3);
    check(CategoricalScale::new(3).unwrap(), 0, 2, 0, 2);
}
