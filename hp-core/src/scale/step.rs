//! Quantized scales: a finite grid of values, each with the same weight, indexed by `k` in `0..=last`.
//!
//! Every value is computed from its index (`low + k step`, `low step^k`, `1 - (1 - low) / step^k`),
//! never by adding or multiplying a step repeatedly, so no rounding error accumulates; the last
//! index returns `high` exactly.

use rand::distr::Distribution;
use rand::{Rng, RngExt};

use hp_rules::{STEP_TOLERANCE, steps_between};

use super::{Scale, clamp, equal_bin, equal_nth, index_from_unit, index_to_unit};
use crate::number::Number;
use crate::{Domain, Float, Int, ScaleError, ScaleKind};

/// The rules of [`hp_rules::range::steps`], on the value type's own numbers and epsilon.
fn steps<T: Number>(kind: ScaleKind, low: T, high: T, step: T) -> Result<u64, ScaleError> {
    hp_rules::range::steps(kind, low.__num(), high.__num(), step.__num(), T::__EPSILON)
}

/// Whether a float value sits on grid point `at`, allowing the rounding of a decimal literal
/// (`slack`: the largest distance that rounding to the value type explains).
fn near(value: f64, at: f64, step: f64, slack: f64) -> bool {
    (value - at).abs() <= (STEP_TOLERANCE * step.abs().max(value.abs().max(at.abs()) * 1e-6)).max(slack)
}

/// `low, low + step, ..., high`: a linear scale with a step (`#[hp(linear, LOW, HIGH, step = S)]`).
///
/// `high - low` must be a whole number of steps. For floats, "whole" allows a relative 1e-9, or
/// more if rounding the bounds and step to the value type explains it, so that decimal steps work:
/// `0.1` on `[0, 1]`, in `f64` and in `f32`. `contains` accepts the decimal literals of grid values
/// (`0.3` on that grid) the same way.
///
/// ```
/// use hp_core::{LinearStepScale, Scale};
/// let dropout = LinearStepScale::new(0.0, 0.5, 0.1).unwrap();
/// assert_eq!([0.0, 0.5, 1.0].map(|u| dropout.from_unit(u)), [0.0, 0.30000000000000004, 0.5]);
/// assert_eq!(LinearStepScale::new(0, 10, 3).unwrap_err(), hp_core::ScaleError::StepDoesNotDivide);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearStepScale<T> {
    low: T,
    high: T,
    step: T,
    last: u64,
}

/// `low, low·step, low·step², ..., high`: a log scale with a step (`#[hp(log, LOW, HIGH, step = S)]`),
/// such as batch sizes 16, 32, ..., 1024 with step 2.
///
/// `step > 1` and `high / low` must be a whole power of it (for integers exactly; for floats up to a
/// relative 1e-9 in the exponent, or the rounding of the bounds and step to the value type).
///
/// ```
/// use hp_core::{LogStepScale, Scale};
/// let batch = LogStepScale::new(16u32, 1024, 2).unwrap();
/// assert_eq!((0..7).map(|k| batch.from_unit((k as f64 + 0.5) / 7.0)).collect::<Vec<_>>(),
///            [16, 32, 64, 128, 256, 512, 1024]);
/// let lr = LogStepScale::new(1e-4, 1.0, 10.0).unwrap();
/// assert_eq!(lr.from_unit(1.0), 1.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogStepScale<T> {
    low: T,
    high: T,
    step: T,
    last: u64,
}

/// `1 - x` on a geometric grid: `x = 1 - (1 - low) / step^k` up to `high`
/// (`#[hp(reverse_log, LOW, HIGH, step = S)]`), such as β in 0.9, 0.99, 0.999 with step 10.
///
/// `(1 - low) / (1 - high)` must be a whole power of `step`, up to the rounding of the bounds to
/// the value type, which `1 - x` magnifies near 1 (`1 - 0.999f32` is off by 1.3e-5, relative).
///
/// ```
/// use hp_core::{ReverseLogStepScale, Scale};
/// let beta = ReverseLogStepScale::new(0.9_f64, 0.999, 10.0).unwrap();
/// assert_eq!(beta.from_unit(0.0), 0.9);
/// assert!((beta.from_unit(0.5) - 0.99).abs() < 1e-12);
/// assert_eq!(beta.from_unit(1.0), 0.999);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReverseLogStepScale<T> {
    low: T,
    high: T,
    step: T,
    last: u64,
}

macro_rules! common {
    ($($name:ident: $example:literal, $len:literal;)*) => {$(
        impl<T: Copy> $name<T> {
            /// For generated code: checked bounds and step, with the index of `high` computed by the
            /// derive the same way as `new`.
            #[doc(hidden)]
            pub const fn __new_unchecked(low: T, high: T, step: T, last: u64) -> Self {
                $name { low, high, step, last }
            }

            /// The low end, included.
            pub fn low(&self) -> T {
                self.low
            }

            /// The high end, included.
            pub fn high(&self) -> T {
                self.high
            }

            /// The step.
            pub fn step(&self) -> T {
                self.step
            }

            /// The number of values.
            ///
            /// ```
            #[doc = concat!("use hp_core::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::new", $example, ".unwrap().len(), ", $len, ");")]
            /// ```
            pub fn len(&self) -> u64 {
                self.last + 1
            }

            /// Always `false`: a scale has at least two values.
            pub fn is_empty(&self) -> bool {
                false
            }
        }
    )*};
}
common! {
    LinearStepScale: "(0, 10, 5)", "3";
    LogStepScale: "(16u32, 1024, 2)", "7";
    ReverseLogStepScale: "(0.9, 0.999, 10.0)", "3";
}

impl<T: Number> LinearStepScale<T> {
    /// `low + k step` for `k = 0..=(high - low) / step`.
    ///
    /// ```
    /// use hp_core::{ScaleError, LinearStepScale};
    /// assert_eq!(LinearStepScale::new(16u32, 1024, 16).unwrap().len(), 64);
    /// assert_eq!(LinearStepScale::new(0.0, 1.0, 0.1).unwrap().len(), 11);
    /// assert_eq!(LinearStepScale::new(0, 10, 0), Err(ScaleError::BadStep));
    /// ```
    ///
    /// # Errors
    /// The rules of [`hp_rules::range::steps`]: [`ScaleError::NonFinite`],
    /// [`ScaleError::EmptyRange`], [`ScaleError::BadStep`] unless `step > 0`,
    /// [`ScaleError::StepDoesNotDivide`], [`ScaleError::TooLarge`] past 9e15 values of a float grid.
    pub fn new(low: T, high: T, step: T) -> Result<Self, ScaleError> {
        let last = steps(ScaleKind::Linear, low, high, step)?;
        Ok(LinearStepScale { low, high, step, last })
    }
}

impl<T: Number> LogStepScale<T> {
    /// `low step^k` for `k = 0..=log_step(high / low)`; for integers in exact arithmetic.
    ///
    /// ```
    /// use hp_core::{ScaleError, LogStepScale};
    /// assert_eq!(LogStepScale::new(16u32, 1024, 2).unwrap().len(), 7);
    /// assert_eq!(LogStepScale::new(16u32, 1000, 2), Err(ScaleError::StepDoesNotDivide));
    /// assert_eq!(LogStepScale::new(1e-4, 1.0, 1.0), Err(ScaleError::BadStep));
    /// ```
    ///
    /// # Errors
    /// The rules of [`hp_rules::range::steps`]: [`ScaleError::NonFinite`],
    /// [`ScaleError::EmptyRange`], [`ScaleError::LogLowNotPositive`] unless `low > 0` (integers:
    /// `low >= 1`), [`ScaleError::BadStep`] unless `step > 1` (integers: `step >= 2`),
    /// [`ScaleError::StepDoesNotDivide`] unless `high = low step^k`.
    pub fn new(low: T, high: T, step: T) -> Result<Self, ScaleError> {
        let last = steps(ScaleKind::Log, low, high, step)?;
        Ok(LogStepScale { low, high, step, last })
    }
}

impl<T: Float> ReverseLogStepScale<T> {
    /// `1 - (1 - low) / step^k` for `k = 0..=log_step((1 - low) / (1 - high))`.
    ///
    /// ```
    /// use hp_core::{ScaleError, ReverseLogStepScale};
    /// assert_eq!(ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap().len(), 3);
    /// assert_eq!(ReverseLogStepScale::new(0.9, 1.0, 10.0), Err(ScaleError::ReverseLogOutsideUnit));
    /// ```
    ///
    /// # Errors
    /// The rules of [`hp_rules::range::steps`]: [`ScaleError::NonFinite`],
    /// [`ScaleError::EmptyRange`], [`ScaleError::ReverseLogOutsideUnit`] unless `0 <= low` and
    /// `high < 1`, [`ScaleError::BadStep`] unless `step > 1`, [`ScaleError::StepDoesNotDivide`].
    pub fn new(low: T, high: T, step: T) -> Result<Self, ScaleError> {
        let last = steps(ScaleKind::ReverseLog, low, high, step)?;
        Ok(ReverseLogStepScale { low, high, step, last })
    }
}

/// The parts of [`Scale`] and [`Distribution`] shared by every grid scale, given `value_at(k)` and
/// `index_of(value)` (the nearest index).
macro_rules! grid_scale {
    ($name:ident, $t:ident, $kind:expr, $domain:ident, $conv:ident) => {
        impl Scale for $name<$t> {
            type Value = $t;

            #[inline]
            fn from_unit(&self, u: f64) -> $t {
                self.value_at(index_from_unit(u, self.last))
            }

            fn to_unit(&self, value: $t) -> f64 {
                index_to_unit(self.index_of(value), self.last)
            }

            fn contains(&self, value: $t) -> bool {
                self.low <= value && value <= self.high && self.on_grid(value)
            }

            fn domain(&self) -> Domain {
                Domain::$domain {
                    scale: $kind,
                    low: self.low.$conv(),
                    high: self.high.$conv(),
                    step: Some(self.step.$conv()),
                }
            }

            fn levels(&self) -> Option<u128> {
                Some(self.last as u128 + 1)
            }

            fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
                Some(equal_bin(u, self.last))
            }

            fn nth_unit(&self, k: u128) -> Option<f64> {
                equal_nth(k, self.last)
            }
        }

        impl Distribution<$t> for $name<$t> {
            #[inline]
            fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> $t {
                self.value_at(rng.random_range(0..=self.last))
            }
        }
    };
}

macro_rules! float_steps {
    ($($t:ident)*) => {$(
        impl LinearStepScale<$t> {
            #[inline]
            fn value_at(&self, k: u64) -> $t {
                if k >= self.last {
                    return self.high;
                }
                let (low, step) = (self.low.to_f64(), self.step.to_f64());
                let offset = k as f64 * step;
                let x = if offset.is_finite() {
                    low + offset
                } else {
                    // A grid wider than f64::MAX: count down from high instead, which is then less
                    // than half the width away.
                    self.high.to_f64() - (self.last - k) as f64 * step
                };
                clamp(<$t as Float>::from_f64(x), self.low, self.high)
            }

            fn index_of(&self, value: $t) -> u64 {
                let k = steps_between(self.low.to_f64(), value.to_f64(), self.step.to_f64()).round();
                clamp(k, 0.0, self.last as f64) as u64
            }

            fn on_grid(&self, value: $t) -> bool {
                let k = self.index_of(value);
                let (v, at) = (value.to_f64(), self.value_at(k).to_f64());
                let (low, step) = (self.low.to_f64(), self.step.to_f64());
                // low, k * step, the rounding of low + k step, and the value's own rounding (each
                // term scaled by eps first, so that a grid wider than f64::MAX cannot overflow).
                let eps = $t::EPSILON as f64;
                let slack = eps * low.abs() + eps * k as f64 * step + eps * at.abs() + eps * v.abs();
                near(v, at, step, slack)
            }
        }
        grid_scale!(LinearStepScale, $t, ScaleKind::Linear, Float, to_f64);

        impl LogStepScale<$t> {
            #[inline]
            fn value_at(&self, k: u64) -> $t {
                if k >= self.last {
                    return self.high;
                }
                let (low, step) = (self.low.to_f64(), self.step.to_f64());
                let power = libm::pow(step, k as f64);
                let x = if power.is_finite() {
                    low * power
                } else {
                    // step^k overflows though low step^k <= high does not (low is tiny): multiply
                    // low by powers of step that stay finite, in as few chunks as possible (at most
                    // four, since high / low < 2^2098). Each chunk is computed from its exponent;
                    // the product only grows towards high, so it cannot overflow either.
                    let chunk = ((1000.0 / libm::log2(step)) as u64).max(1);
                    let (mut x, mut rest) = (low, k);
                    while rest > 0 {
                        let e = rest.min(chunk);
                        x *= libm::pow(step, e as f64);
                        rest -= e;
                    }
                    x
                };
                clamp(<$t as Float>::from_f64(x), self.low, self.high)
            }

            fn index_of(&self, value: $t) -> u64 {
                // ln value - ln low, not ln(value / low), which overflows on grids from tiny to huge.
                let ln_ratio = libm::log(value.to_f64()) - libm::log(self.low.to_f64());
                let k = (ln_ratio / libm::log(self.step.to_f64())).round();
                clamp(k, 0.0, self.last as f64) as u64
            }

            fn on_grid(&self, value: $t) -> bool {
                let k = self.index_of(value);
                let (v, at) = (value.to_f64(), self.value_at(k).to_f64());
                // Relative: low, step^k, the rounding of low step^k, and the value's own rounding.
                let slack = $t::EPSILON as f64 * (k as f64 + 3.0) * at;
                near(v, at, at, slack)
            }
        }
        grid_scale!(LogStepScale, $t, ScaleKind::Log, Float, to_f64);

        impl ReverseLogStepScale<$t> {
            #[inline]
            fn value_at(&self, k: u64) -> $t {
                if k >= self.last {
                    return self.high;
                }
                let gap = (1.0 - self.low.to_f64()) / libm::pow(self.step.to_f64(), k as f64);
                clamp(<$t as Float>::from_f64(1.0 - gap), self.low, self.high)
            }

            fn index_of(&self, value: $t) -> u64 {
                let ratio = (1.0 - self.low.to_f64()) / (1.0 - value.to_f64());
                let k = (libm::log(ratio) / libm::log(self.step.to_f64())).round();
                clamp(k, 0.0, self.last as f64) as u64
            }

            fn on_grid(&self, value: $t) -> bool {
                let k = self.index_of(value);
                let (v, at, low) = (value.to_f64(), self.value_at(k).to_f64(), self.low.to_f64());
                // The gap 1 - at carries low's rounding (times low / (1 - low)) and step^k's; then
                // come the rounding of 1 - gap and the value's own.
                let gap_error = (1.0 - at) * (low / (1.0 - low) + k as f64);
                let slack = $t::EPSILON as f64 * (gap_error + at + v.abs());
                near(1.0 - v, 1.0 - at, 1.0 - at, slack)
            }
        }
        grid_scale!(ReverseLogStepScale, $t, ScaleKind::ReverseLog, Float, to_f64);
    )*};
}

macro_rules! int_steps {
    ($($t:ident)*) => {$(
        impl LinearStepScale<$t> {
            #[inline]
            fn value_at(&self, k: u64) -> $t {
                let k = k.min(self.last) as i128;
                <$t as Int>::from_i128(self.low.to_i128() + k * self.step.to_i128())
            }

            fn index_of(&self, value: $t) -> u64 {
                let value = clamp(value, self.low, self.high);
                let k = (value.to_i128() - self.low.to_i128() + self.step.to_i128() / 2) / self.step.to_i128();
                (k as u64).min(self.last)
            }

            fn on_grid(&self, value: $t) -> bool {
                (value.to_i128() - self.low.to_i128()) % self.step.to_i128() == 0
            }
        }
        grid_scale!(LinearStepScale, $t, ScaleKind::Linear, Int, to_i128);

        impl LogStepScale<$t> {
            #[inline]
            fn value_at(&self, k: u64) -> $t {
                let k = k.min(self.last) as u32;
                <$t as Int>::from_i128(self.low.to_i128() * self.step.to_i128().pow(k))
            }

            fn index_of(&self, value: $t) -> u64 {
                // The nearest grid value in log space: the k with value / low closest to step^k.
                let ratio = clamp(value, self.low, self.high).to_i128() as f64 / self.low.to_i128() as f64;
                let k = (libm::log(ratio) / libm::log(self.step.to_i128() as f64)).round();
                clamp(k, 0.0, self.last as f64) as u64
            }

            fn on_grid(&self, value: $t) -> bool {
                self.value_at(self.index_of(value)) == value
            }
        }
        grid_scale!(LogStepScale, $t, ScaleKind::Log, Int, to_i128);
    )*};
}

float_steps!(f32 f64);
int_steps!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);
