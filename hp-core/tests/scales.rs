//! Unit tests per scale: constructor errors, the unit-interval mapping at its awkward points, round
//! trips, `contains`, `domain`, `levels`, and every integer type at its full range.

use std::fmt::Debug;

use hp_core::{
    CategoricalScale, Domain, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale,
    ReverseLogStepScale, Scale, ScaleError, ScaleKind, UnitError,
};
use rand::distr::Distribution;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// 2^-53: the smallest positive draw of `rng.random::<f64>()`, and the gap below 1.0.
const EPS53: f64 = 1.0 / 9_007_199_254_740_992.0;

/// The unit-interval points every scale must handle: both ends, the draws closest to them, the
/// middle, and inputs outside `[0, 1]` (which `from_unit` clamps, NaN taken as 0).
const UNIT_POINTS: [f64; 8] = [0.0, EPS53, 0.5, 1.0 - EPS53, 1.0, -0.1, 1.1, f64::NAN];

/// `from_unit` stays in `[low, high]` at every point of [`UNIT_POINTS`], hits both ends exactly,
/// and treats NaN and points outside `[0, 1]` as the nearest end.
fn check_unit_points<S>(scale: &S, low: S::Value, high: S::Value)
where
    S: Scale + Debug,
    S::Value: PartialOrd + Debug,
{
    for u in UNIT_POINTS {
        let x = scale.from_unit(u);
        assert!(low <= x && x <= high, "{scale:?}.from_unit({u:e}) = {x:?} outside [{low:?}, {high:?}]");
        assert!(scale.contains(x), "{scale:?} does not contain its own from_unit({u:e}) = {x:?}");
    }
    assert_eq!(scale.from_unit(0.0), low, "{scale:?}.from_unit(0)");
    assert_eq!(scale.from_unit(1.0), high, "{scale:?}.from_unit(1)");
    assert_eq!(scale.from_unit(-0.1), low, "{scale:?}.from_unit(-0.1)");
    assert_eq!(scale.from_unit(f64::NAN), low, "{scale:?}.from_unit(NaN)");
    assert_eq!(scale.from_unit(1.1), high, "{scale:?}.from_unit(1.1)");
    if scale.levels().is_none() {
        assert_eq!((scale.to_unit(low), scale.to_unit(high)), (0.0, 1.0), "{scale:?}.to_unit at the ends");
    }
}

/// `from_unit(to_unit(v)) == v` for each value, and `to_unit` strictly increasing along `values`.
fn check_exact_round_trip<S>(scale: &S, values: impl IntoIterator<Item = S::Value>)
where
    S: Scale + Debug,
    S::Value: PartialEq + Debug,
{
    let mut previous = -1.0;
    for v in values {
        let u = scale.to_unit(v);
        assert!((0.0..=1.0).contains(&u), "{scale:?}.to_unit({v:?}) = {u}");
        assert!(u > previous, "{scale:?}.to_unit({v:?}) = {u} not above the previous value's {previous}");
        previous = u;
        assert_eq!(scale.from_unit(u), v, "{scale:?}: round trip of {v:?} through u = {u}");
    }
}

// ---------------------------------------------------------------------------------------------
// Constructor errors

#[test]
fn linear_float_errors() {
    assert_eq!(LinearScale::new(f64::NAN, 1.0), Err(ScaleError::NonFinite));
    assert_eq!(LinearScale::new(0.0, f64::NAN), Err(ScaleError::NonFinite));
    assert_eq!(LinearScale::new(f64::NEG_INFINITY, 1.0), Err(ScaleError::NonFinite));
    assert_eq!(LinearScale::new(0.0, f64::INFINITY), Err(ScaleError::NonFinite));
    assert_eq!(LinearScale::new(1.0, 1.0), Err(ScaleError::EmptyRange));
    assert_eq!(LinearScale::new(2.0, 1.0), Err(ScaleError::EmptyRange));
    assert_eq!(LinearScale::new(0.0, -0.0), Err(ScaleError::EmptyRange));
    assert_eq!(LinearScale::new(f32::NAN, 1.0), Err(ScaleError::NonFinite));
    assert_eq!(LinearScale::new(0.0f32, f32::INFINITY), Err(ScaleError::NonFinite));
    assert_eq!(LinearScale::new(1.0f32, 1.0), Err(ScaleError::EmptyRange));
    assert_eq!(LinearScale::new(1.5f32, -1.0), Err(ScaleError::EmptyRange));
    assert!(LinearScale::new(-f64::MAX, f64::MAX).is_ok());
    assert!(LinearScale::new(-f32::MAX, f32::MAX).is_ok());
}

#[test]
fn linear_int_errors() {
    assert_eq!(LinearScale::new(3, 3), Err(ScaleError::EmptyRange));
    assert_eq!(LinearScale::new(4u8, 3), Err(ScaleError::EmptyRange));
    assert_eq!(LinearScale::new(i64::MAX, i64::MIN), Err(ScaleError::EmptyRange));
    assert!(LinearScale::new(-1i8, 0).is_ok());
}

#[test]
fn log_errors() {
    assert_eq!(LogScale::new(f64::NAN, 1.0), Err(ScaleError::NonFinite));
    assert_eq!(LogScale::new(1e-4, f64::NAN), Err(ScaleError::NonFinite));
    assert_eq!(LogScale::new(1e-4, f64::INFINITY), Err(ScaleError::NonFinite));
    assert_eq!(LogScale::new(1.0, 1.0), Err(ScaleError::EmptyRange));
    assert_eq!(LogScale::new(1.0, 1e-4), Err(ScaleError::EmptyRange));
    assert_eq!(LogScale::new(0.0, 1.0), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogScale::new(-0.0, 1.0), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogScale::new(-1.0, 1.0), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogScale::new(0.0f32, 1.0), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogScale::new(f32::NEG_INFINITY, 1.0), Err(ScaleError::NonFinite));
    assert!(LogScale::new(f64::from_bits(1), f64::MAX).is_ok()); // the smallest subnormal is > 0

    assert_eq!(LogScale::new(0u32, 10), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogScale::new(-5i32, 10), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogScale::new(10u32, 10), Err(ScaleError::EmptyRange));
    assert_eq!(LogScale::new(10i64, 1), Err(ScaleError::EmptyRange));
    assert!(LogScale::new(1u8, 2).is_ok());
}

#[test]
fn reverse_log_errors() {
    assert_eq!(ReverseLogScale::new(f64::NAN, 0.9), Err(ScaleError::NonFinite));
    assert_eq!(ReverseLogScale::new(0.9, f64::INFINITY), Err(ScaleError::NonFinite));
    assert_eq!(ReverseLogScale::new(0.9, 0.9), Err(ScaleError::EmptyRange));
    assert_eq!(ReverseLogScale::new(0.999, 0.9), Err(ScaleError::EmptyRange));
    assert_eq!(ReverseLogScale::new(0.9, 1.0), Err(ScaleError::ReverseLogOutsideUnit));
    assert_eq!(ReverseLogScale::new(0.9, 1.5), Err(ScaleError::ReverseLogOutsideUnit));
    assert_eq!(ReverseLogScale::new(-0.1, 0.5), Err(ScaleError::ReverseLogOutsideUnit));
    assert_eq!(ReverseLogScale::new(0.5f32, 1.0), Err(ScaleError::ReverseLogOutsideUnit));
    assert_eq!(ReverseLogScale::new(f32::NAN, 0.5), Err(ScaleError::NonFinite));
    assert!(ReverseLogScale::new(0.0, 0.5).is_ok());
    assert!(ReverseLogScale::new(-0.0, 0.5).is_ok());
    assert!(ReverseLogScale::new(0.0, 1.0 - EPS53).is_ok());
    assert!(ReverseLogScale::new(0.0f32, 1.0 - f32::EPSILON / 2.0).is_ok());
}

#[test]
fn linear_step_errors() {
    assert_eq!(LinearStepScale::new(f64::NAN, 1.0, 0.1), Err(ScaleError::NonFinite));
    assert_eq!(LinearStepScale::new(0.0, f64::INFINITY, 0.1), Err(ScaleError::NonFinite));
    assert_eq!(LinearStepScale::new(0.0, 1.0, f64::NAN), Err(ScaleError::NonFinite));
    assert_eq!(LinearStepScale::new(0.0, 1.0, f64::INFINITY), Err(ScaleError::NonFinite));
    assert_eq!(LinearStepScale::new(1.0, 1.0, 0.1), Err(ScaleError::EmptyRange));
    assert_eq!(LinearStepScale::new(1.0, 0.0, 0.1), Err(ScaleError::EmptyRange));
    assert_eq!(LinearStepScale::new(0.0, 1.0, 0.0), Err(ScaleError::BadStep));
    assert_eq!(LinearStepScale::new(0.0, 1.0, -0.1), Err(ScaleError::BadStep));
    assert_eq!(LinearStepScale::new(0.0, 1.0, 0.3), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LinearStepScale::new(0.0, 1.0, 2.0), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LinearStepScale::new(0.0, 1.0, 0.1 + 1e-6), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LinearStepScale::new(0.0, 1e300, 1e-300), Err(ScaleError::TooLarge));
    assert_eq!(LinearStepScale::new(-f64::MAX, f64::MAX, 1.0), Err(ScaleError::TooLarge));
    assert_eq!(LinearStepScale::new(0.0f32, 1.0, 0.0), Err(ScaleError::BadStep));
    assert_eq!(LinearStepScale::new(0.0f32, 1.0, 0.3), Err(ScaleError::StepDoesNotDivide));

    assert_eq!(LinearStepScale::new(5, 5, 1), Err(ScaleError::EmptyRange));
    assert_eq!(LinearStepScale::new(6u8, 5, 1), Err(ScaleError::EmptyRange));
    assert_eq!(LinearStepScale::new(0, 10, 0), Err(ScaleError::BadStep));
    assert_eq!(LinearStepScale::new(0, 10, -5), Err(ScaleError::BadStep));
    assert_eq!(LinearStepScale::new(0, 10, 3), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LinearStepScale::new(0, 10, 20), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LinearStepScale::new(16u32, 1000, 16), Err(ScaleError::StepDoesNotDivide));
    assert!(LinearStepScale::new(0, 10, 10).is_ok());
}

#[test]
fn log_step_errors() {
    assert_eq!(LogStepScale::new(f64::NAN, 1.0, 10.0), Err(ScaleError::NonFinite));
    assert_eq!(LogStepScale::new(1e-4, 1.0, f64::INFINITY), Err(ScaleError::NonFinite));
    assert_eq!(LogStepScale::new(1.0, 1.0, 10.0), Err(ScaleError::EmptyRange));
    assert_eq!(LogStepScale::new(0.0, 1.0, 10.0), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogStepScale::new(-1.0, 1.0, 10.0), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogStepScale::new(1e-4, 1.0, 1.0), Err(ScaleError::BadStep));
    assert_eq!(LogStepScale::new(1e-4, 1.0, 0.1), Err(ScaleError::BadStep));
    assert_eq!(LogStepScale::new(1e-4, 1.0, -10.0), Err(ScaleError::BadStep));
    assert_eq!(LogStepScale::new(1.0, 1000.0, 2.0), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LogStepScale::new(1.0, 1e300, 1.0 + 1e-15), Err(ScaleError::TooLarge));

    assert_eq!(LogStepScale::new(16u32, 16, 2), Err(ScaleError::EmptyRange));
    assert_eq!(LogStepScale::new(0u32, 1024, 2), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogStepScale::new(-4i32, 1024, 2), Err(ScaleError::LogLowNotPositive));
    assert_eq!(LogStepScale::new(16u32, 1024, 1), Err(ScaleError::BadStep));
    assert_eq!(LogStepScale::new(16u32, 1024, 0), Err(ScaleError::BadStep));
    assert_eq!(LogStepScale::new(16i32, 1024, -2), Err(ScaleError::BadStep));
    assert_eq!(LogStepScale::new(16u32, 1000, 2), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LogStepScale::new(16u32, 1024, 3), Err(ScaleError::StepDoesNotDivide));
    // low * step^k passes u64::MAX (and i128 would overflow on the way) without hitting high.
    assert_eq!(LogStepScale::new(3u64, u64::MAX, 2), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LogStepScale::new(2u64, u64::MAX, u64::MAX), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LogStepScale::new(1u64, 1 << 63, 2).map(|s| s.len()), Ok(64));
}

#[test]
fn reverse_log_step_errors() {
    assert_eq!(ReverseLogStepScale::new(f64::NAN, 0.999, 10.0), Err(ScaleError::NonFinite));
    assert_eq!(ReverseLogStepScale::new(0.9, 0.999, f64::NAN), Err(ScaleError::NonFinite));
    assert_eq!(ReverseLogStepScale::new(0.9, 0.9, 10.0), Err(ScaleError::EmptyRange));
    assert_eq!(ReverseLogStepScale::new(0.999, 0.9, 10.0), Err(ScaleError::EmptyRange));
    assert_eq!(ReverseLogStepScale::new(0.9, 1.0, 10.0), Err(ScaleError::ReverseLogOutsideUnit));
    assert_eq!(ReverseLogStepScale::new(-0.9, 0.9, 10.0), Err(ScaleError::ReverseLogOutsideUnit));
    assert_eq!(ReverseLogStepScale::new(0.9, 0.999, 1.0), Err(ScaleError::BadStep));
    assert_eq!(ReverseLogStepScale::new(0.9, 0.999, 0.5), Err(ScaleError::BadStep));
    assert_eq!(ReverseLogStepScale::new(0.9, 0.999, 3.0), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(ReverseLogStepScale::new(0.9f32, 0.999, 3.0), Err(ScaleError::StepDoesNotDivide));
}

#[test]
fn categorical_errors() {
    assert_eq!(CategoricalScale::new(0), Err(ScaleError::EmptyChoice));
    assert_eq!(CategoricalScale::new(1).map(|c| c.len()), Ok(1));
}

#[test]
fn error_messages_are_distinct_and_std_errors() {
    let errors = [
        ScaleError::EmptyRange,
        ScaleError::NonFinite,
        ScaleError::LogLowNotPositive,
        ScaleError::ReverseLogOutsideUnit,
        ScaleError::BadStep,
        ScaleError::StepDoesNotDivide,
        ScaleError::EmptyChoice,
        ScaleError::BadWeight,
        ScaleError::TooLarge,
    ];
    let unit_errors =
        [UnitError::Dimension { expected: 3, found: 2 }, UnitError::OutsideUnit { index: 1, value: 2.0 }];
    let messages: Vec<String> =
        errors.iter().map(|e| e.to_string()).chain(unit_errors.iter().map(|e| e.to_string())).collect();
    for (i, m) in messages.iter().enumerate() {
        assert!(!m.is_empty());
        assert!(messages[..i].iter().all(|other| other != m), "duplicate message {m:?}");
    }
    assert_eq!(messages[9], "a unit-cube point needs 3 coordinates, got 2");
    let boxed: Box<dyn std::error::Error> = Box::new(ScaleError::LogLowNotPositive);
    assert!(boxed.to_string().contains("low > 0"));
}

// ---------------------------------------------------------------------------------------------
// from_unit at the awkward points, exact ends

#[test]
fn unit_points_linear() {
    for (low, high) in
        [(0.0, 1.0), (1e-4, 1.0), (0.1, 0.3), (-7.5, 2.25), (1e-300, 1e300), (-f64::MAX, f64::MAX)]
    {
        check_unit_points(&LinearScale::new(low, high).unwrap(), low, high);
    }
    for (low, high) in [(0.0f32, 1.0), (0.1, 0.7), (-f32::MAX, f32::MAX), (1e-30, 1e30)] {
        check_unit_points(&LinearScale::new(low, high).unwrap(), low, high);
    }
    check_unit_points(&LinearScale::new(50u32, 100).unwrap(), 50, 100);
    check_unit_points(&LinearScale::new(2usize, 4).unwrap(), 2, 4);
    check_unit_points(&LinearScale::new(-3i32, 3).unwrap(), -3, 3);
    check_unit_points(&LinearScale::new(0u8, 1).unwrap(), 0, 1);
}

#[test]
fn unit_points_log() {
    for (low, high) in [(1e-4, 1.0), (1e-300, 1e300), (f64::from_bits(1), f64::MAX), (3.0, 3.000001)] {
        check_unit_points(&LogScale::new(low, high).unwrap(), low, high);
    }
    for (low, high) in [(1e-4f32, 1.0), (f32::from_bits(1), f32::MAX)] {
        check_unit_points(&LogScale::new(low, high).unwrap(), low, high);
    }
    check_unit_points(&LogScale::new(1u32, 2).unwrap(), 1, 2);
    check_unit_points(&LogScale::new(16u32, 1024).unwrap(), 16, 1024);
    check_unit_points(&LogScale::new(1u64, u64::MAX).unwrap(), 1, u64::MAX);
    check_unit_points(&LogScale::new(1i64, i64::MAX).unwrap(), 1, i64::MAX);
}

#[test]
fn unit_points_reverse_log() {
    let cases = [(0.9, 0.999), (0.0, 0.5), (0.999999, 0.9999999), (0.0, 0.9999999999), (0.0, 1.0 - EPS53)];
    for (low, high) in cases {
        let scale = ReverseLogScale::new(low, high).unwrap();
        check_unit_points(&scale, low, high);
        for u in UNIT_POINTS {
            assert!(scale.from_unit(u) < 1.0);
        }
    }
    let top = 1.0 - f32::EPSILON / 2.0; // the largest f32 below 1
    for (low, high) in [(0.9f32, 0.999), (0.0, top), (0.999, top)] {
        let scale = ReverseLogScale::new(low, high).unwrap();
        check_unit_points(&scale, low, high);
        for u in UNIT_POINTS {
            assert!(scale.from_unit(u) < 1.0);
        }
    }
}

#[test]
fn unit_points_steps() {
    check_unit_points(&LinearStepScale::new(0.0, 0.5, 0.1).unwrap(), 0.0, 0.5);
    check_unit_points(&LinearStepScale::new(-1.0, 1.0, 0.25).unwrap(), -1.0, 1.0);
    check_unit_points(&LinearStepScale::new(0.1, 0.3, 0.1).unwrap(), 0.1, 0.3);
    check_unit_points(&LinearStepScale::new(0.0f32, 1.0, 0.125).unwrap(), 0.0, 1.0);
    check_unit_points(&LinearStepScale::new(16u32, 1024, 16).unwrap(), 16, 1024);
    check_unit_points(&LinearStepScale::new(-10i8, 10, 5).unwrap(), -10, 10);
    check_unit_points(&LinearStepScale::new(i64::MIN, i64::MAX, 1).unwrap(), i64::MIN, i64::MAX);
    check_unit_points(&LogStepScale::new(1e-4, 1.0, 10.0).unwrap(), 1e-4, 1.0);
    check_unit_points(&LogStepScale::new(1.0, 1024.0, 2.0).unwrap(), 1.0, 1024.0);
    check_unit_points(&LogStepScale::new(16u32, 1024, 2).unwrap(), 16, 1024);
    check_unit_points(&LogStepScale::new(1u64, 1 << 63, 2).unwrap(), 1, 1 << 63);
    check_unit_points(&ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap(), 0.9, 0.999);
    check_unit_points(&ReverseLogStepScale::new(0.0, 0.9375, 2.0).unwrap(), 0.0, 0.9375);
}

#[test]
fn unit_points_categorical() {
    for n in [1, 2, 3, 7, 1000, u64::MAX] {
        check_unit_points(&CategoricalScale::new(n).unwrap(), 0, n - 1);
    }
}

/// Ranges one float wide, where `ln high - ln low` (or `ln(1 - low) - ln(1 - high)`) can round to 0.
#[test]
fn unit_points_one_float_wide() {
    let next = |x: f64| f64::from_bits(x.to_bits() + 1);
    for low in [1.0, 0.1, 1e300, 1e-300, 123.456] {
        check_unit_points(&LinearScale::new(low, next(low)).unwrap(), low, next(low));
        check_unit_points(&LogScale::new(low, next(low)).unwrap(), low, next(low));
    }
    for low in [0.0, 0.1, 0.5, 0.9, 0.999999] {
        check_unit_points(&ReverseLogScale::new(low, next(low)).unwrap(), low, next(low));
    }
    let next32 = |x: f32| f32::from_bits(x.to_bits() + 1);
    for low in [1.0f32, 0.1, 1e30] {
        check_unit_points(&LogScale::new(low, next32(low)).unwrap(), low, next32(low));
    }
    check_unit_points(&ReverseLogScale::new(0.1f32, next32(0.1)).unwrap(), 0.1, next32(0.1));
}

/// The ends are exact for any float range, not just round ones: `low + 1.0 * (high - low)` is not
/// always `high`.
#[test]
fn float_ends_exact_for_random_ranges() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    for _ in 0..100_000 {
        let mut a: f64 = rng.random_range(-1.0..1.0) * 10f64.powi(rng.random_range(-30..30));
        let mut b: f64 = rng.random_range(-1.0..1.0) * 10f64.powi(rng.random_range(-30..30));
        if a > b {
            (a, b) = (b, a);
        }
        if a == b {
            continue;
        }
        let linear = LinearScale::new(a, b).unwrap();
        assert_eq!((linear.from_unit(0.0), linear.from_unit(1.0)), (a, b), "linear [{a:e}, {b:e}]");
        let (af, bf) = (a as f32, b as f32);
        if af < bf {
            let linear = LinearScale::new(af, bf).unwrap();
            assert_eq!(
                (linear.from_unit(0.0), linear.from_unit(1.0)),
                (af, bf),
                "linear f32 [{af:e}, {bf:e}]"
            );
        }
        let (la, lb) = (a.abs().min(b.abs()), a.abs().max(b.abs()));
        if la > 0.0 && la < lb {
            let log = LogScale::new(la, lb).unwrap();
            assert_eq!((log.from_unit(0.0), log.from_unit(1.0)), (la, lb), "log [{la:e}, {lb:e}]");
        }
        let (ra, rb) = (rng.random::<f64>(), rng.random::<f64>());
        if ra < rb {
            let rev = ReverseLogScale::new(ra, rb).unwrap();
            assert_eq!((rev.from_unit(0.0), rev.from_unit(1.0)), (ra, rb), "reverse_log [{ra}, {rb}]");
        }
    }
}

/// Within `[0, 1]`, `from_unit` never decreases: a strategy that moves `u` up never moves the value down.
#[test]
fn from_unit_is_monotone() {
    fn check<S: Scale + Debug>(scale: S)
    where
        S::Value: PartialOrd + Debug,
    {
        let mut previous = scale.from_unit(0.0);
        for i in 1..=10_000 {
            let x = scale.from_unit(i as f64 / 10_000.0);
            assert!(x >= previous, "{scale:?}: from_unit({}) = {x:?} < {previous:?}", i as f64 / 10_000.0);
            previous = x;
        }
    }
    check(LinearScale::new(-f64::MAX, f64::MAX).unwrap());
    check(LinearScale::new(0.1, 0.3).unwrap());
    check(LinearScale::new(i64::MIN, i64::MAX).unwrap());
    check(LogScale::new(1e-300, 1e300).unwrap());
    check(LogScale::new(1u64, u64::MAX).unwrap());
    check(ReverseLogScale::new(0.0, 0.9999999999).unwrap());
    check(LinearStepScale::new(0.0, 1.0, 0.1).unwrap());
    check(LogStepScale::new(16u32, 1024, 2).unwrap());
    check(ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap());
    check(CategoricalScale::new(7).unwrap());
}

// ---------------------------------------------------------------------------------------------
// Round trips

#[test]
fn round_trip_int_linear_every_value() {
    check_exact_round_trip(&LinearScale::new(50u32, 100).unwrap(), 50..=100);
    check_exact_round_trip(&LinearScale::new(2usize, 4).unwrap(), 2..=4);
    check_exact_round_trip(&LinearScale::new(-3i32, 3).unwrap(), -3..=3);
    check_exact_round_trip(&LinearScale::new(0u8, 1).unwrap(), 0..=1);
    check_exact_round_trip(&LinearScale::new(i8::MIN, i8::MAX).unwrap(), i8::MIN..=i8::MAX);
    check_exact_round_trip(&LinearScale::new(u8::MIN, u8::MAX).unwrap(), u8::MIN..=u8::MAX);
    check_exact_round_trip(&LinearScale::new(i16::MIN, i16::MAX).unwrap(), i16::MIN..=i16::MAX);
    check_exact_round_trip(&LinearScale::new(-1_000_000i64, 1_000_000).unwrap(), -1_000_000..=1_000_000);
}

/// Up to 2^52 values, bin centres are exact; sampled values over large ranges.
#[test]
fn round_trip_int_linear_large_ranges() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
    let scale = LinearScale::new(u32::MIN, u32::MAX).unwrap();
    let mut values: Vec<u32> = (0..100_000).map(|_| rng.random()).collect();
    values.extend([0, 1, u32::MAX - 1, u32::MAX]);
    values.sort_unstable();
    values.dedup();
    check_exact_round_trip(&scale, values);

    let (low, high) = (-(1i64 << 51), 1i64 << 51);
    let scale = LinearScale::new(low, high).unwrap();
    let mut values: Vec<i64> = (0..100_000).map(|_| rng.random_range(low..=high)).collect();
    values.extend([low, low + 1, high - 1, high]);
    values.sort_unstable();
    values.dedup();
    check_exact_round_trip(&scale, values);

    // 2^64 values cannot all have their own f64 in [0, 1]: near the top, f64 steps are 2^-53, so
    // the round trip lands within 2^11 of the value; the ends stay exact.
    let scale = LinearScale::new(i64::MIN, i64::MAX).unwrap();
    for v in [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX] {
        let back = scale.from_unit(scale.to_unit(v));
        assert!((back as i128 - v as i128).abs() <= 2048, "{v} -> {back}");
    }
    assert_eq!(scale.from_unit(scale.to_unit(i64::MIN)), i64::MIN);
    assert_eq!(scale.from_unit(scale.to_unit(i64::MAX)), i64::MAX);
    for _ in 0..10_000 {
        let v: i64 = rng.random();
        let back = scale.from_unit(scale.to_unit(v));
        assert!((back as i128 - v as i128).abs() <= 2048, "{v} -> {back}");
    }
}

#[test]
fn round_trip_int_log_every_value() {
    check_exact_round_trip(&LogScale::new(1u32, 64).unwrap(), 1..=64);
    check_exact_round_trip(&LogScale::new(16u32, 1024).unwrap(), 16..=1024);
    check_exact_round_trip(&LogScale::new(1u8, u8::MAX).unwrap(), 1..=u8::MAX);
    check_exact_round_trip(&LogScale::new(1i8, i8::MAX).unwrap(), 1..=i8::MAX);
    check_exact_round_trip(&LogScale::new(1u16, u16::MAX).unwrap(), 1..=u16::MAX);
    check_exact_round_trip(&LogScale::new(1u32, 1 << 20).unwrap(), 1..=1 << 20);
    check_exact_round_trip(&LogScale::new(1000u64, 2000).unwrap(), 1000..=2000);

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let scale = LogScale::new(1u32, u32::MAX).unwrap();
    let mut values: Vec<u32> = (0..100_000).map(|_| rng.random_range(1..=u32::MAX)).collect();
    values.extend([1, 2, 3, u32::MAX - 1, u32::MAX]);
    values.sort_unstable();
    values.dedup();
    check_exact_round_trip(&scale, values);
}

#[test]
fn round_trip_steps_every_value() {
    let batch = LogStepScale::new(16u32, 1024, 2).unwrap();
    check_exact_round_trip(&batch, [16, 32, 64, 128, 256, 512, 1024]);
    let powers = LogStepScale::new(1u64, 1 << 63, 2).unwrap();
    check_exact_round_trip(&powers, (0..64).map(|k| 1u64 << k));
    let tens = LogStepScale::new(1i64, 1_000_000_000_000_000_000, 10).unwrap();
    check_exact_round_trip(&tens, (0..19).map(|k| 10i64.pow(k)));

    let units = LinearStepScale::new(16u32, 1024, 16).unwrap();
    check_exact_round_trip(&units, (16..=1024).step_by(16));
    let signed = LinearStepScale::new(-100i16, 100, 25).unwrap();
    check_exact_round_trip(&signed, (-100..=100).step_by(25));

    // Float grids: the values the scale itself produces.
    fn grid<S: Scale>(scale: &S, n: u64) -> Vec<S::Value> {
        (0..n).map(|k| scale.from_unit((k as f64 + 0.5) / n as f64)).collect()
    }
    let dropout = LinearStepScale::new(0.0, 0.5, 0.1).unwrap();
    check_exact_round_trip(&dropout, grid(&dropout, 6));
    let fine = LinearStepScale::new(-1.0, 1.0, 0.001).unwrap();
    assert_eq!(fine.levels(), Some(2001));
    check_exact_round_trip(&fine, grid(&fine, 2001));
    let lr = LogStepScale::new(1e-4, 1.0, 10.0).unwrap();
    check_exact_round_trip(&lr, grid(&lr, 5));
    let beta = ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap();
    check_exact_round_trip(&beta, grid(&beta, 3));
    let halves = ReverseLogStepScale::new(0.0, 1.0 - 1.0 / 1024.0, 2.0).unwrap();
    check_exact_round_trip(&halves, (0..=10).map(|k| 1.0 - 1.0 / f64::from(1 << k)));
}

/// Grids whose step^k, or k * step, leaves the f64 range though every grid value is inside it.
#[test]
fn step_grids_across_the_whole_f64_range() {
    let decades = LogStepScale::new(1e-300, 1e300, 10.0).unwrap();
    assert_eq!(decades.len(), 601);
    let grid: Vec<f64> = (0..601).map(|k| decades.from_unit((k as f64 + 0.5) / 601.0)).collect();
    for (k, &x) in grid.iter().enumerate() {
        let literal: f64 = format!("1e{}", k as i32 - 300).parse().unwrap();
        assert!((x / literal - 1.0).abs() < 1e-13, "grid value {k} = {x:e}, expected {literal:e}");
        assert!(decades.contains(literal), "decade grid should contain {literal:e}");
        assert!(!decades.contains(literal * 3.0), "decade grid should not contain {:e}", literal * 3.0);
    }
    check_exact_round_trip(&decades, grid);

    // Every power of two from the smallest subnormal to 2^1023, exactly.
    let power_of_two = |e: i32| {
        if e >= -1022 { f64::from_bits(((e + 1023) as u64) << 52) } else { f64::from_bits(1 << (e + 1074)) }
    };
    let doubling = LogStepScale::new(power_of_two(-1074), power_of_two(1023), 2.0).unwrap();
    assert_eq!(doubling.len(), 2098);
    let powers: Vec<f64> = (-1074..=1023).map(power_of_two).collect();
    let grid: Vec<f64> = (0..2098).map(|k| doubling.from_unit((k as f64 + 0.5) / 2098.0)).collect();
    assert_eq!(grid, powers);
    check_exact_round_trip(&doubling, powers.iter().copied());
    assert!(powers.iter().all(|&p| doubling.contains(p)) && !doubling.contains(3.0));

    let quarter = f64::MAX / 4.0;
    let wide = LinearStepScale::new(-f64::MAX, f64::MAX, quarter).unwrap();
    assert_eq!(wide.len(), 9);
    let expected: Vec<f64> = (-4..=4).map(|k| k as f64 * quarter).collect();
    let grid: Vec<f64> = (0..9).map(|k| wide.from_unit((k as f64 + 0.5) / 9.0)).collect();
    for (x, e) in grid.iter().zip(&expected) {
        // low + k step rounds like any float sum: within an ulp of f64::MAX.
        assert!((x - e).abs() <= f64::MAX * f64::EPSILON, "{x:e} vs {e:e}");
    }
    assert_eq!((grid[0], grid[4], grid[8]), (-f64::MAX, 0.0, f64::MAX));
    check_exact_round_trip(&wide, grid);
    assert!(expected.iter().all(|&x| wide.contains(x)) && !wide.contains(quarter / 2.0));
}

#[test]
fn round_trip_categorical_every_index() {
    for n in [1, 2, 3, 7, 10, 1000, 65_537] {
        check_exact_round_trip(&CategoricalScale::new(n).unwrap(), 0..n);
    }
    let huge = CategoricalScale::new(1 << 52).unwrap();
    check_exact_round_trip(&huge, [0, 1, 12345, (1 << 51) + 1, (1 << 52) - 2, (1 << 52) - 1]);
}

#[test]
fn round_trip_continuous_is_close() {
    /// `to_unit(from_unit(u))` within `tolerance` of `u`, and `from_unit(to_unit(x))` within
    /// `tolerance` relative to `magnitude` (the range's largest bound for a linear scale, whose
    /// rounding error scales with the range; `None`: relative to `x`).
    fn check<S: Scale + Debug>(scale: S, tolerance: f64, magnitude: Option<f64>)
    where
        S::Value: Into<f64> + Debug,
    {
        for i in 0..=1000 {
            let u = i as f64 / 1000.0;
            let x = scale.from_unit(u);
            let back = scale.to_unit(x);
            assert!((back - u).abs() <= tolerance, "{scale:?}: u = {u} -> {x:?} -> {back}");
            let again: f64 = scale.from_unit(back).into();
            let x: f64 = x.into();
            let allowed = tolerance * magnitude.unwrap_or(x.abs());
            assert!((again - x).abs() <= allowed, "{scale:?}: {x:e} -> {back} -> {again:e}");
        }
    }
    check(LinearScale::new(0.0, 1.0).unwrap(), 1e-15, Some(1.0));
    check(LinearScale::new(1e-4, 1.0).unwrap(), 1e-15, Some(1.0));
    check(LinearScale::new(-5.0, 3.0).unwrap(), 1e-15, Some(5.0));
    check(LinearScale::new(-f64::MAX, f64::MAX).unwrap(), 1e-15, Some(f64::MAX));
    check(LogScale::new(1e-4, 1.0).unwrap(), 1e-14, None);
    check(LogScale::new(1e-300, 1e300).unwrap(), 1e-12, None);
    check(ReverseLogScale::new(0.9, 0.999).unwrap(), 1e-12, None);
    check(ReverseLogScale::new(0.999999, 0.9999999).unwrap(), 1e-8, None);
    check(LinearScale::new(0.0f32, 1.0).unwrap(), 1e-7, Some(1.0));
    check(LogScale::new(1e-4f32, 1.0).unwrap(), 1e-6, None);
    check(ReverseLogScale::new(0.9f32, 0.999).unwrap(), 1e-4, None);

    let lr = LogScale::new(1e-4_f64, 1.0).unwrap();
    assert_eq!(lr.to_unit(1e-4), 0.0);
    assert_eq!(lr.to_unit(1.0), 1.0);
    assert!((lr.to_unit(1e-2) - 0.5).abs() < 1e-15);
    assert!((lr.to_unit(1e-3) - 0.25).abs() < 1e-15);
    let beta = ReverseLogScale::new(0.9_f64, 0.999).unwrap();
    assert_eq!(beta.to_unit(0.9), 0.0);
    assert_eq!(beta.to_unit(0.999), 1.0);
    assert!((beta.to_unit(0.99) - 0.5).abs() < 1e-13);
    assert!((beta.from_unit(0.5) - 0.99).abs() < 1e-15);
}

#[test]
fn to_unit_clamps_values_outside_the_scale() {
    let lr = LogScale::new(1e-4, 1.0).unwrap();
    assert_eq!(
        [lr.to_unit(0.0), lr.to_unit(-1.0), lr.to_unit(5.0), lr.to_unit(f64::NAN)],
        [0.0, 0.0, 1.0, 0.0]
    );
    let linear = LinearScale::new(2.0, 4.0).unwrap();
    assert_eq!([linear.to_unit(1.0), linear.to_unit(5.0), linear.to_unit(f64::NAN)], [0.0, 1.0, 0.0]);
    let beta = ReverseLogScale::new(0.9, 0.999).unwrap();
    assert_eq!(
        [beta.to_unit(0.5), beta.to_unit(1.0), beta.to_unit(2.0), beta.to_unit(f64::NAN)],
        [0.0, 1.0, 1.0, 0.0]
    );
    let layers = LinearScale::new(2usize, 4).unwrap();
    assert_eq!([layers.to_unit(0), layers.to_unit(9)], [layers.to_unit(2), layers.to_unit(4)]);
    let batch = LogScale::new(16u32, 1024).unwrap();
    assert_eq!([batch.to_unit(1), batch.to_unit(5000)], [batch.to_unit(16), batch.to_unit(1024)]);
    let three = CategoricalScale::new(3).unwrap();
    assert_eq!(three.to_unit(7), three.to_unit(2));
    let grid = LinearStepScale::new(0.0, 0.5, 0.1).unwrap();
    assert_eq!(
        [grid.to_unit(-3.0), grid.to_unit(3.0), grid.to_unit(f64::NAN)],
        [1.0 / 12.0, 11.0 / 12.0, 1.0 / 12.0]
    );
}

// ---------------------------------------------------------------------------------------------
// contains

#[test]
fn contains_continuous() {
    let lr = LogScale::new(1e-4, 1.0).unwrap();
    assert!(lr.contains(1e-4) && lr.contains(1.0) && lr.contains(0.01));
    assert!(!lr.contains(f64::NAN) && !lr.contains(0.0) && !lr.contains(1.0000000000000002));
    assert!(!lr.contains(9.999999999999999e-5) && !lr.contains(f64::INFINITY));
    let linear = LinearScale::new(-1.0f32, 1.0).unwrap();
    assert!(linear.contains(-1.0) && linear.contains(0.0) && linear.contains(1.0));
    assert!(!linear.contains(f32::NAN) && !linear.contains(1.0000001) && !linear.contains(f32::NEG_INFINITY));
    let beta = ReverseLogScale::new(0.9, 0.999).unwrap();
    assert!(beta.contains(0.9) && beta.contains(0.95) && beta.contains(0.999));
    assert!(!beta.contains(f64::NAN) && !beta.contains(0.8999999) && !beta.contains(1.0));
}

#[test]
fn contains_discrete() {
    let units = LinearScale::new(50u32, 100).unwrap();
    assert!(units.contains(50) && units.contains(75) && units.contains(100));
    assert!(!units.contains(49) && !units.contains(101) && !units.contains(0) && !units.contains(u32::MAX));
    let signed = LinearScale::new(-3i8, 3).unwrap();
    assert!(signed.contains(-3) && signed.contains(0) && !signed.contains(-4) && !signed.contains(i8::MIN));
    let batch = LogScale::new(16u32, 1024).unwrap();
    assert!(batch.contains(16) && batch.contains(17) && batch.contains(1024));
    assert!(!batch.contains(15) && !batch.contains(1025));
    let three = CategoricalScale::new(3).unwrap();
    assert!(three.contains(0) && three.contains(2) && !three.contains(3) && !three.contains(u64::MAX));
}

#[test]
fn contains_steps() {
    let dropout = LinearStepScale::new(0.0, 1.0, 0.1).unwrap();
    // The decimal literals a user writes are on the grid, though 3 * 0.1 != 0.3 in binary.
    for d in 0..=10 {
        let literal: f64 = format!("{}", d as f64 / 10.0).parse().unwrap();
        assert!(dropout.contains(literal), "0.1 grid should contain {literal}");
        assert!(dropout.contains(d as f64 * 0.1), "0.1 grid should contain {}", d as f64 * 0.1);
    }
    assert!(dropout.contains(0.3) && dropout.contains(0.30000000000000004) && dropout.contains(0.7));
    for off in [0.05, 0.31, 0.30001, 0.999, -0.1, 1.1, f64::NAN, f64::INFINITY] {
        assert!(!dropout.contains(off), "0.1 grid should not contain {off}");
    }
    let shifted = LinearStepScale::new(0.1, 0.3, 0.1).unwrap();
    assert!(
        shifted.contains(0.1) && shifted.contains(0.2) && shifted.contains(0.3) && !shifted.contains(0.25)
    );

    let units = LinearStepScale::new(16u32, 1024, 16).unwrap();
    assert!(units.contains(16) && units.contains(32) && units.contains(1024));
    assert!(!units.contains(17) && !units.contains(0) && !units.contains(1040) && !units.contains(24));
    let signed = LinearStepScale::new(-10i32, 10, 5).unwrap();
    assert!(signed.contains(-10) && signed.contains(-5) && signed.contains(0) && signed.contains(10));
    assert!(!signed.contains(-7) && !signed.contains(3) && !signed.contains(15) && !signed.contains(-15));

    let batch = LogStepScale::new(16u32, 1024, 2).unwrap();
    for k in 4..=10 {
        assert!(batch.contains(1 << k));
    }
    for off in [0, 1, 8, 17, 24, 48, 1000, 2048, u32::MAX] {
        assert!(!batch.contains(off), "batch grid should not contain {off}");
    }
    let lr = LogStepScale::new(1e-4, 1.0, 10.0).unwrap();
    for literal in [1e-4, 1e-3, 1e-2, 1e-1, 1.0] {
        assert!(lr.contains(literal), "decade grid should contain {literal}");
    }
    for off in [2e-4, 5e-3, 0.0, -1e-3, 10.0, f64::NAN] {
        assert!(!lr.contains(off), "decade grid should not contain {off}");
    }
    let beta = ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap();
    for literal in [0.9, 0.99, 0.999] {
        assert!(beta.contains(literal), "beta grid should contain {literal}");
    }
    for off in [0.95, 0.995, 0.9999, 1.0, 0.5, f64::NAN] {
        assert!(!beta.contains(off), "beta grid should not contain {off}");
    }
}

// ---------------------------------------------------------------------------------------------
// domain(), Display, levels()

#[test]
fn domains_and_their_display() {
    let cases: Vec<(Domain, &str)> = vec![
        (LinearScale::new(2usize, 4).unwrap().domain(), "linear [2, 4]"),
        (LinearScale::new(-3i8, 3).unwrap().domain(), "linear [-3, 3]"),
        (
            LinearScale::new(i64::MIN, i64::MAX).unwrap().domain(),
            "linear [-9223372036854775808, 9223372036854775807]",
        ),
        (LinearScale::new(0u64, u64::MAX).unwrap().domain(), "linear [0, 18446744073709551615]"),
        (LinearScale::new(1e-4, 1.0).unwrap().domain(), "linear [0.0001, 1.0]"),
        (LinearScale::new(0.1f32, 0.5).unwrap().domain(), "linear [0.10000000149011612, 0.5]"),
        (LogScale::new(1e-4, 1.0).unwrap().domain(), "log [0.0001, 1.0]"),
        (LogScale::new(16u32, 1024).unwrap().domain(), "log [16, 1024]"),
        (ReverseLogScale::new(0.9, 0.999).unwrap().domain(), "reverse_log [0.9, 0.999]"),
        (LinearStepScale::new(16u32, 1024, 16).unwrap().domain(), "linear [16, 1024] step 16"),
        (LinearStepScale::new(0.0, 0.5, 0.1).unwrap().domain(), "linear [0.0, 0.5] step 0.1"),
        (LogStepScale::new(16u32, 1024, 2).unwrap().domain(), "log [16, 1024] step 2"),
        (LogStepScale::new(1e-4, 1.0, 10.0).unwrap().domain(), "log [0.0001, 1.0] step 10.0"),
        (ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap().domain(), "reverse_log [0.9, 0.999] step 10.0"),
        (CategoricalScale::new(3).unwrap().domain(), "choice {0, 1, 2}"),
    ];
    for (domain, shown) in &cases {
        assert_eq!(domain.to_string(), *shown);
    }
    assert_eq!(
        LogScale::new(16u32, 1024).unwrap().domain(),
        Domain::Int { scale: ScaleKind::Log, low: 16, high: 1024, step: None }
    );
    assert_eq!(
        ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap().domain(),
        Domain::Float { scale: ScaleKind::ReverseLog, low: 0.9, high: 0.999, step: Some(10.0) }
    );
    assert_eq!(
        LinearStepScale::new(-10i32, 10, 5).unwrap().domain(),
        Domain::Int { scale: ScaleKind::Linear, low: -10, high: 10, step: Some(5) }
    );
}

#[test]
fn levels() {
    assert_eq!(LinearScale::new(0.0, 1.0).unwrap().levels(), None);
    assert_eq!(LinearScale::new(0.0f32, 1.0).unwrap().levels(), None);
    assert_eq!(LogScale::new(1e-4, 1.0).unwrap().levels(), None);
    assert_eq!(ReverseLogScale::new(0.9, 0.999).unwrap().levels(), None);
    assert_eq!(LinearScale::new(50u32, 100).unwrap().levels(), Some(51));
    assert_eq!(LinearScale::new(2usize, 4).unwrap().levels(), Some(3));
    assert_eq!(LinearScale::new(-3i64, 3).unwrap().levels(), Some(7));
    assert_eq!(LinearScale::new(0u64, u64::MAX).unwrap().levels(), Some(1 << 64));
    assert_eq!(LogScale::new(16u32, 1024).unwrap().levels(), Some(1009));
    assert_eq!(LogScale::new(1u64, u64::MAX).unwrap().levels(), Some(u64::MAX as u128));
    assert_eq!(LinearStepScale::new(0.0, 0.5, 0.1).unwrap().levels(), Some(6));
    assert_eq!(LinearStepScale::new(16u32, 1024, 16).unwrap().levels(), Some(64));
    assert_eq!(LinearStepScale::new(i64::MIN, i64::MAX, 1).unwrap().levels(), Some(1 << 64));
    assert_eq!(LogStepScale::new(16u32, 1024, 2).unwrap().levels(), Some(7));
    assert_eq!(LogStepScale::new(1e-4, 1.0, 10.0).unwrap().levels(), Some(5));
    assert_eq!(ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap().levels(), Some(3));
    assert_eq!(CategoricalScale::new(7).unwrap().levels(), Some(7));
    let batch = LogStepScale::new(16u32, 1024, 2).unwrap();
    assert_eq!((batch.low(), batch.high(), batch.step(), batch.len()), (16, 1024, 2, 7));
}

// ---------------------------------------------------------------------------------------------
// f32

#[test]
fn f32_scales() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    let lr = LogScale::new(1e-4f32, 1.0).unwrap();
    let beta = ReverseLogScale::new(0.9f32, 0.999).unwrap();
    let linear = LinearScale::new(-1.0f32, 1.0).unwrap();
    for _ in 0..10_000 {
        let (a, b, c) = (lr.sample(&mut rng), beta.sample(&mut rng), linear.sample(&mut rng));
        assert!((1e-4..=1.0).contains(&a), "{a}");
        assert!((0.9..=0.999).contains(&b) && b < 1.0, "{b}");
        assert!((-1.0..=1.0).contains(&c), "{c}");
    }
    assert!((lr.from_unit(0.5) - 0.01).abs() < 1e-8);
    assert!((beta.from_unit(0.5) - 0.99).abs() < 1e-6);
}

/// f32 grids written with decimal literals: `0.1f32`, `1e-4f32` and `0.999f32` are further from
/// their decimal values (relative 1e-8 .. 1e-5 of the span) than an f64 would be.
#[test]
fn f32_step_scales() {
    let dropout = LinearStepScale::new(0.0f32, 1.0, 0.1).unwrap();
    assert_eq!(dropout.len(), 11);
    for d in 0..=10 {
        let literal: f32 = format!("{}", d as f32 / 10.0).parse().unwrap();
        assert!(dropout.contains(literal), "f32 0.1 grid should contain {literal}");
    }
    assert!(!dropout.contains(0.05) && !dropout.contains(0.31) && !dropout.contains(f32::NAN));
    check_unit_points(&dropout, 0.0, 1.0);
    let shifted = LinearStepScale::new(0.1f32, 0.3, 0.1).unwrap();
    assert_eq!(shifted.len(), 3);
    assert!(shifted.contains(0.2));
    // The slack is the rounding of the type, not a licence for a wrong step.
    assert_eq!(LinearStepScale::new(0.0f32, 1.0, 0.1001), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LinearStepScale::new(0.0f32, 1.0, 0.099999), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(LogStepScale::new(1e-4f32, 1.0, 10.001), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(ReverseLogStepScale::new(0.9f32, 0.999, 10.01), Err(ScaleError::StepDoesNotDivide));

    let lr = LogStepScale::new(1e-4f32, 1.0, 10.0).unwrap();
    assert_eq!(lr.len(), 5);
    for literal in [1e-4f32, 1e-3, 1e-2, 1e-1, 1.0] {
        assert!(lr.contains(literal), "f32 decade grid should contain {literal}");
    }
    assert!(!lr.contains(2e-4) && !lr.contains(0.5));
    check_unit_points(&lr, 1e-4, 1.0);

    let beta = ReverseLogStepScale::new(0.9f32, 0.999, 10.0).unwrap();
    assert_eq!(beta.len(), 3);
    for literal in [0.9f32, 0.99, 0.999] {
        assert!(beta.contains(literal), "f32 beta grid should contain {literal}");
    }
    assert!(!beta.contains(0.95) && !beta.contains(0.995));
    check_unit_points(&beta, 0.9, 0.999);
    let grid: Vec<f32> = (0..3).map(|k| beta.from_unit((k as f64 + 0.5) / 3.0)).collect();
    assert_eq!(grid, [0.9, 0.99, 0.999]);
}

/// f64 grids whose bounds sit where an f64 literal is relatively far from its decimal value:
/// `1 - 0.9999999999` is known to only ~6 digits.
#[test]
fn f64_step_scales_near_one() {
    let beta = ReverseLogStepScale::new(0.9, 0.9999999999, 10.0).unwrap();
    assert_eq!(beta.len(), 10);
    for literal in
        [0.9, 0.99, 0.999, 0.9999, 0.99999, 0.999999, 0.9999999, 0.99999999, 0.999999999, 0.9999999999]
    {
        assert!(beta.contains(literal), "grid should contain {literal}");
    }
    assert_eq!(ReverseLogStepScale::new(0.9, 0.9999999999, 10.0001), Err(ScaleError::StepDoesNotDivide));
    assert_eq!(ReverseLogStepScale::new(0.9, 0.9999999998, 10.0), Err(ScaleError::StepDoesNotDivide));
    let big = LinearStepScale::new(1e12, 1e12 + 10.0, 0.5).unwrap();
    assert_eq!(big.len(), 21);
    assert!(big.contains(1e12 + 0.5) && big.contains(1e12 + 10.0));
    assert!(!big.contains(1e12 + 0.25) && !big.contains(1e12 + 0.01));
}

// ---------------------------------------------------------------------------------------------
// Every integer type at its full range

macro_rules! full_range {
    ($($name:ident: $t:ident,)*) => {$(
        #[test]
        fn $name() {
            let scale = LinearScale::new($t::MIN, $t::MAX).unwrap();
            check_unit_points(&scale, $t::MIN, $t::MAX);
            assert_eq!(scale.levels(), Some(1u128 << $t::BITS));
            assert_eq!(scale.from_unit(0.5), ($t::MIN as i128 + (1i128 << ($t::BITS - 1))) as $t);
            assert_eq!(scale.from_unit(scale.to_unit($t::MIN)), $t::MIN);
            assert_eq!(scale.from_unit(scale.to_unit($t::MAX)), $t::MAX);
            if $t::BITS <= 32 {
                assert_eq!(scale.from_unit(1.0 - EPS53), $t::MAX);
            }
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
            let mut low_half = 0;
            for _ in 0..1000 {
                let x = scale.sample(&mut rng);
                let y = scale.from_unit(rng.random::<f64>());
                assert!(scale.contains(x) && scale.contains(y));
                low_half += usize::from((x as i128) < ($t::MIN as i128 + (1i128 << ($t::BITS - 1))));
            }
            assert!((400..600).contains(&low_half), "{low_half} of 1000 in the low half");

            let steps = LinearStepScale::new($t::MIN, $t::MAX, 1).unwrap();
            check_unit_points(&steps, $t::MIN, $t::MAX);
            assert_eq!(steps.levels(), Some(1u128 << $t::BITS));
            assert!(steps.contains($t::MIN) && steps.contains($t::MAX));

            let log = LogScale::new(1, $t::MAX).unwrap();
            check_unit_points(&log, 1, $t::MAX);
            assert_eq!(log.from_unit(log.to_unit($t::MAX)), $t::MAX);
            assert_eq!(log.from_unit(log.to_unit(1)), 1);
            assert_eq!(log.from_unit(log.to_unit(2)), 2);

            let top = 1 << ($t::BITS - 2); // a power of two that fits every type, signed or not
            let doubling = LogStepScale::new(1 as $t, top, 2).unwrap();
            assert_eq!(doubling.len(), u64::from($t::BITS) - 1);
            check_unit_points(&doubling, 1, top);
        }
    )*};
}

full_range! {
    full_range_u8: u8,
    full_range_u16: u16,
    full_range_u32: u32,
    full_range_u64: u64,
    full_range_usize: usize,
    full_range_i8: i8,
    full_range_i16: i16,
    full_range_i32: i32,
    full_range_i64: i64,
    full_range_isize: isize,
}
