use rand::distr::Distribution;
use rand::{Rng, RngExt};

use super::{
    Scale, clamp, clamp_unit, equal_bin, equal_nth, index_from_unit, index_to_unit, lerp, unit_draw,
};
use crate::number::Number;
use crate::{Domain, Float, Int, ScaleError, ScaleKind};

/// Uniform on `[low, high]`: the lecture's scale for hidden units (50..=100) and layers (2..=4).
///
/// - Floats: `low + u (high - low)`, with `from_unit(0.0) == low` and `from_unit(1.0) == high`
///   exactly. Both ends can be returned by sampling, `high` included (a draw in `[0, 1)` can round up
///   to it).
/// - Integers: every value in `low..=high` has the same weight. `from_unit` splits `[0, 1]` into
///   `high - low + 1` equal bins (never rounding a uniform draw, which would give the two ends half
///   weight); sampling draws the offset from `low` with rand's exact `u64` sampler.
///
/// ```
/// use hp_core::{LinearScale, Scale};
/// use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
/// use rand::distr::Distribution;
///
/// let units = LinearScale::new(50u32, 100).unwrap();
/// let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
/// let n = units.sample(&mut rng);
/// assert!((50..=100).contains(&n));
/// assert_eq!(units.from_unit(1.0), 100);
///
/// assert_eq!(LinearScale::new(1.0, 1.0).unwrap_err(), hp_core::ScaleError::EmptyRange);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale<T> {
    low: T,
    high: T,
}

impl<T: Copy> LinearScale<T> {
    /// For generated code: bounds that the derive has already checked at compile time.
    #[doc(hidden)]
    pub const fn __new_unchecked(low: T, high: T) -> Self {
        LinearScale { low, high }
    }

    /// The low end, included.
    ///
    /// ```
    /// # use hp_core::LinearScale;
    /// assert_eq!(LinearScale::new(2, 4).unwrap().low(), 2);
    /// ```
    pub fn low(&self) -> T {
        self.low
    }

    /// The high end, included.
    ///
    /// ```
    /// # use hp_core::LinearScale;
    /// assert_eq!(LinearScale::new(2, 4).unwrap().high(), 4);
    /// ```
    pub fn high(&self) -> T {
        self.high
    }
}

impl<T: Number> LinearScale<T> {
    /// A uniform scale on `[low, high]`; for integers, equal weight on each of `low..=high`.
    ///
    /// ```
    /// use hp_core::{LinearScale, ScaleError};
    /// assert!(LinearScale::new(2usize, 4).is_ok());
    /// assert_eq!(LinearScale::new(0.0, f64::INFINITY), Err(ScaleError::NonFinite));
    /// assert_eq!(LinearScale::new(4, 2), Err(ScaleError::EmptyRange));
    /// ```
    ///
    /// # Errors
    /// The rules of [`hp_rules::range::linear`]: [`ScaleError::NonFinite`] for an infinite or NaN
    /// bound, [`ScaleError::EmptyRange`] unless `low < high`.
    pub fn new(low: T, high: T) -> Result<Self, ScaleError> {
        hp_rules::range::linear(low.__num(), high.__num())?;
        Ok(LinearScale { low, high })
    }
}

macro_rules! float_linear {
    ($($t:ident)*) => {$(
        impl Scale for LinearScale<$t> {
            type Value = $t;

            #[inline]
            fn from_unit(&self, u: f64) -> $t {
                let x = lerp(self.low.to_f64(), self.high.to_f64(), clamp_unit(u));
                clamp(<$t as Float>::from_f64(x), self.low, self.high)
            }

            fn to_unit(&self, value: $t) -> f64 {
                let (low, high) = (self.low.to_f64(), self.high.to_f64());
                let width = high - low;
                let u = if width.is_finite() {
                    (value.to_f64() - low) / width
                } else {
                    (value.to_f64() / 2.0 - low / 2.0) / (high / 2.0 - low / 2.0)
                };
                clamp_unit(u)
            }

            fn contains(&self, value: $t) -> bool {
                self.low <= value && value <= self.high
            }

            fn domain(&self) -> Domain {
                Domain::Float {
                    scale: ScaleKind::Linear,
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

        impl Distribution<$t> for LinearScale<$t> {
            #[inline]
            fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> $t {
                self.from_unit(unit_draw(rng))
            }
        }
    )*};
}

macro_rules! int_linear {
    ($($t:ident)*) => {$(
        impl LinearScale<$t> {
            /// The number of values minus one; at most `u64::MAX` for 64-bit types.
            #[inline]
            fn last(&self) -> u64 {
                (self.high.to_i128() - self.low.to_i128()) as u64
            }
        }

        impl Scale for LinearScale<$t> {
            type Value = $t;

            #[inline]
            fn from_unit(&self, u: f64) -> $t {
                let k = index_from_unit(u, self.last());
                <$t as Int>::from_i128(self.low.to_i128() + k as i128)
            }

            fn to_unit(&self, value: $t) -> f64 {
                let value = clamp(value, self.low, self.high);
                index_to_unit((value.to_i128() - self.low.to_i128()) as u64, self.last())
            }

            fn contains(&self, value: $t) -> bool {
                self.low <= value && value <= self.high
            }

            fn domain(&self) -> Domain {
                Domain::Int {
                    scale: ScaleKind::Linear,
                    low: self.low.to_i128(),
                    high: self.high.to_i128(),
                    step: None,
                }
            }

            fn levels(&self) -> Option<u128> {
                Some(self.last() as u128 + 1)
            }

            fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
                Some(equal_bin(u, self.last()))
            }

            fn nth_unit(&self, k: u128) -> Option<f64> {
                equal_nth(k, self.last())
            }
        }

        impl Distribution<$t> for LinearScale<$t> {
            #[inline]
            fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> $t {
                // Draw the offset as a u64 with rand's exact sampler: every type, isize included,
                // takes the same path, and the output does not depend on the pointer width.
                let k = rng.random_range(0..=self.last());
                <$t as Int>::from_i128(self.low.to_i128() + k as i128)
            }
        }
    )*};
}

float_linear!(f32 f64);
int_linear!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);
