use rand::Rng;
use rand::distr::Distribution;

use super::{Scale, clamp, clamp_unit, lerp, unit_draw};
use crate::number::Number;
use crate::{Domain, Float, Int, ScaleError, ScaleKind};

/// Log-uniform on `[low, high]`, `low > 0`: the lecture's scale for the learning rate.
///
/// `ln(value)` is uniform on `[ln low, ln high]`, so each decade of `[1e-4, 1]` gets a quarter of
/// the samples (the lecture's `r = -4 * rand(); alpha = 10^r`). Both ends can be returned.
///
/// On integer fields the rule is Optuna's: `x` log-uniform on `[low - 1/2, high + 1/2]`, rounded to
/// the nearest integer, so integer `k` has weight `ln((k + 1/2) / (k - 1/2))` and `low >= 1`.
///
/// The logarithms are taken with the pure-Rust `libm`, not the platform's C library, so the same
/// seed gives bit-identical values on every platform.
///
/// ```
/// use hp_core::{LogScale, Scale};
/// let lr = LogScale::new(1e-4, 1.0).unwrap();
/// assert_eq!(lr.from_unit(1.0), 1.0);
/// assert!((lr.to_unit(1e-2) - 0.5).abs() < 1e-12);
/// assert_eq!(LogScale::new(0.0, 1.0).unwrap_err(), hp_core::ScaleError::LogLowNotPositive);
///
/// let batch = LogScale::new(16u32, 1024).unwrap();
/// assert_eq!(batch.from_unit(0.0), 16);
/// assert_eq!(batch.from_unit(batch.to_unit(100)), 100);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogScale<T> {
    low: T,
    high: T,
    // ln of the ends of the continuous range: [low, high] for floats, [low - 1/2, high + 1/2] for integers.
    ln_low: f64,
    ln_high: f64,
}

impl<T: Copy> LogScale<T> {
    /// For generated code: checked bounds and their logarithms, computed by the derive with the
    /// same `libm` calls as [`LogScale::new`].
    #[doc(hidden)]
    pub const fn __new_unchecked(low: T, high: T, ln_low: f64, ln_high: f64) -> Self {
        LogScale { low, high, ln_low, ln_high }
    }

    /// The low end, included.
    ///
    /// ```
    /// # use hp_core::LogScale;
    /// assert_eq!(LogScale::new(1e-4, 1.0).unwrap().low(), 1e-4);
    /// ```
    pub fn low(&self) -> T {
        self.low
    }

    /// The high end, included.
    ///
    /// ```
    /// # use hp_core::LogScale;
    /// assert_eq!(LogScale::new(1e-4, 1.0).unwrap().high(), 1.0);
    /// ```
    pub fn high(&self) -> T {
        self.high
    }
}

impl<T: Number> LogScale<T> {
    /// A log-uniform scale on `[low, high]`; for integers, `x` log-uniform on
    /// `[low - 1/2, high + 1/2]`, rounded.
    ///
    /// ```
    /// use hp_core::{LogScale, ScaleError};
    /// assert!(LogScale::new(16u32, 1024).is_ok());
    /// assert_eq!(LogScale::new(0u32, 1024), Err(ScaleError::LogLowNotPositive));
    /// assert_eq!(LogScale::new(f64::NAN, 1.0), Err(ScaleError::NonFinite));
    /// ```
    ///
    /// # Errors
    /// The rules of [`hp_rules::range::log`]: [`ScaleError::NonFinite`] for an infinite or NaN
    /// bound, [`ScaleError::EmptyRange`] unless `low < high`, [`ScaleError::LogLowNotPositive`]
    /// unless `low > 0` (integers: `low >= 1`).
    pub fn new(low: T, high: T) -> Result<Self, ScaleError> {
        let (ln_low, ln_high) = hp_rules::range::log(low.__num(), high.__num())?;
        Ok(LogScale { low, high, ln_low, ln_high })
    }
}

macro_rules! float_log {
    ($($t:ident)*) => {$(
        impl Scale for LogScale<$t> {
            type Value = $t;

            #[inline]
            fn from_unit(&self, u: f64) -> $t {
                let u = clamp_unit(u);
                // Exact ends: exp(ln(x)) need not give x back.
                if u == 0.0 {
                    return self.low;
                }
                if u == 1.0 {
                    return self.high;
                }
                let x = libm::exp(lerp(self.ln_low, self.ln_high, u));
                clamp(<$t as Float>::from_f64(x), self.low, self.high)
            }

            fn to_unit(&self, value: $t) -> f64 {
                // Exact ends, as in from_unit; they also keep 0 / 0 away when ln low and ln high
                // round to the same value (a range one float wide).
                if !(value > self.low) {
                    return 0.0;
                }
                if value >= self.high {
                    return 1.0;
                }
                clamp_unit((libm::log(value.to_f64()) - self.ln_low) / (self.ln_high - self.ln_low))
            }

            fn contains(&self, value: $t) -> bool {
                self.low <= value && value <= self.high
            }

            fn domain(&self) -> Domain {
                Domain::Float {
                    scale: ScaleKind::Log,
                    low: self.low.to_f64(),
                    high: self.high.to_f64(),
                    step: None,
                }
            }

            fn levels(&self) -> Option<u128> {
                None
            }

            fn unit_bin(&self, _: f64) -> Option<(f64, f64)> {
                None
            }

            fn nth_unit(&self, _: u128) -> Option<f64> {
                None
            }
        }

        impl Distribution<$t> for LogScale<$t> {
            #[inline]
            fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> $t {
                self.from_unit(unit_draw(rng))
            }
        }
    )*};
}

macro_rules! int_log {
    ($($t:ident)*) => {$(
        impl Scale for LogScale<$t> {
            type Value = $t;

            #[inline]
            fn from_unit(&self, u: f64) -> $t {
                let u = clamp_unit(u);
                // Exact ends: exp(ln(high + 1/2)) can fall short of high by more than 1/2 when high
                // is large (by ~3e4 for u64::MAX), so u = 1 would miss high.
                if u == 0.0 {
                    return self.low;
                }
                if u == 1.0 {
                    return self.high;
                }
                let x = libm::exp(lerp(self.ln_low, self.ln_high, u));
                // Round half up; `as i128` saturates, and the clamp handles x past either end.
                let k = libm::floor(x + 0.5) as i128;
                <$t as Int>::from_i128(clamp(k, self.low.to_i128(), self.high.to_i128()))
            }

            fn to_unit(&self, value: $t) -> f64 {
                let k = clamp(value, self.low, self.high).to_i128() as f64;
                // The centre, in log space, of the bin [k - 1/2, k + 1/2) that rounds to k.
                let centre = (libm::log(k - 0.5) + libm::log(k + 0.5)) / 2.0;
                clamp_unit((centre - self.ln_low) / (self.ln_high - self.ln_low))
            }

            fn contains(&self, value: $t) -> bool {
                self.low <= value && value <= self.high
            }

            fn domain(&self) -> Domain {
                Domain::Int {
                    scale: ScaleKind::Log,
                    low: self.low.to_i128(),
                    high: self.high.to_i128(),
                    step: None,
                }
            }

            fn levels(&self) -> Option<u128> {
                Some((self.high.to_i128() - self.low.to_i128()) as u128 + 1)
            }

            fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
                // Value k takes x in [k - 1/2, k + 1/2) of the log-uniform range, whose ends are
                // where ln x sits between ln_low and ln_high; the first and last bins end at 0 and 1.
                let k = self.from_unit(u).to_i128();
                let edge = |x: f64| clamp_unit((libm::log(x) - self.ln_low) / (self.ln_high - self.ln_low));
                let start = if k == self.low.to_i128() { 0.0 } else { edge(k as f64 - 0.5) };
                let end = if k == self.high.to_i128() { 1.0 } else { edge(k as f64 + 0.5) };
                Some((start, end))
            }

            fn nth_unit(&self, k: u128) -> Option<f64> {
                let value = self.low.to_i128().checked_add(i128::try_from(k).ok()?)?;
                (value <= self.high.to_i128()).then(|| self.to_unit(<$t as Int>::from_i128(value)))
            }
        }

        impl Distribution<$t> for LogScale<$t> {
            #[inline]
            fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> $t {
                self.from_unit(unit_draw(rng))
            }
        }
    )*};
}

float_log!(f32 f64);
int_log!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);
