use rand::Rng;
use rand::distr::Distribution;

use super::{Scale, clamp, clamp_unit, lerp, unit_draw};
use crate::{Domain, Float, ScaleError, ScaleKind};

/// `1 - x` log-uniform on `[1 - high, 1 - low]`, `0 <= low < high < 1`: the lecture's rule for
/// momentum and other averaging coefficients β.
///
/// `1 / (1 - β)` is the averaging window (β = 0.9 averages about 10 values, 0.999 about 1000), and
/// it is most sensitive near 1, so the samples go where β is close to 1: on `[0.9, 0.999]` half of
/// them fall in `[0.99, 0.999]` and the median is 0.99. The value 1.0 is never returned; `high` can be.
///
/// This is not KerasTuner's or Vizier's `"reverse_log"`, which mirrors a log scale
/// (`x = low + high - logsample`): on `[0.9, 0.999]` that one is almost uniform, with a median near
/// 0.95. Only float fields have this scale.
///
/// ```
/// use hp_core::{ReverseLogScale, Scale};
/// let beta = ReverseLogScale::new(0.9_f64, 0.999).unwrap();
/// assert_eq!(beta.from_unit(0.0), 0.9);
/// assert_eq!(beta.from_unit(1.0), 0.999);
/// assert!((beta.from_unit(0.5) - 0.99).abs() < 1e-12);
/// assert_eq!(ReverseLogScale::new(0.9, 1.0).unwrap_err(), hp_core::ScaleError::ReverseLogOutsideUnit);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReverseLogScale<T> {
    low: T,
    high: T,
    // ln(1 - low) and ln(1 - high): 1 - x moves from the first to the second as u goes 0 -> 1.
    ln_top: f64,
    ln_bottom: f64,
}

impl<T: Copy> ReverseLogScale<T> {
    /// For generated code: checked bounds with `ln(1 - low)` and `ln(1 - high)`, computed by the
    /// derive with the same `libm` calls as [`ReverseLogScale::new`].
    #[doc(hidden)]
    pub const fn __new_unchecked(low: T, high: T, ln_top: f64, ln_bottom: f64) -> Self {
        ReverseLogScale { low, high, ln_top, ln_bottom }
    }

    /// The low end, included.
    ///
    /// ```
    /// # use hp_core::ReverseLogScale;
    /// assert_eq!(ReverseLogScale::new(0.9, 0.999).unwrap().low(), 0.9);
    /// ```
    pub fn low(&self) -> T {
        self.low
    }

    /// The high end, included; always below 1.
    ///
    /// ```
    /// # use hp_core::ReverseLogScale;
    /// assert_eq!(ReverseLogScale::new(0.9, 0.999).unwrap().high(), 0.999);
    /// ```
    pub fn high(&self) -> T {
        self.high
    }
}

impl<T: Float> ReverseLogScale<T> {
    /// A scale with `1 - x` log-uniform on `[1 - high, 1 - low]`.
    ///
    /// ```
    /// use hp_core::{ReverseLogScale, ScaleError};
    /// assert!(ReverseLogScale::new(0.9, 0.999).is_ok());
    /// assert_eq!(ReverseLogScale::new(-0.1, 0.9), Err(ScaleError::ReverseLogOutsideUnit));
    /// ```
    ///
    /// # Errors
    /// The rules of [`hp_rules::range::reverse_log`]: [`ScaleError::NonFinite`],
    /// [`ScaleError::EmptyRange`] unless `low < high`, [`ScaleError::ReverseLogOutsideUnit`]
    /// unless `0 <= low` and `high < 1`.
    pub fn new(low: T, high: T) -> Result<Self, ScaleError> {
        let (ln_top, ln_bottom) = hp_rules::range::reverse_log(low.to_f64(), high.to_f64())?;
        Ok(ReverseLogScale { low, high, ln_top, ln_bottom })
    }
}

macro_rules! float_reverse_log {
    ($($t:ident)*) => {$(
        impl Scale for ReverseLogScale<$t> {
            type Value = $t;

            #[inline]
            fn from_unit(&self, u: f64) -> $t {
                let u = clamp_unit(u);
                if u == 0.0 {
                    return self.low;
                }
                if u == 1.0 {
                    return self.high;
                }
                let x = 1.0 - libm::exp(lerp(self.ln_top, self.ln_bottom, u));
                // The clamp to high (< 1) is what keeps 1.0 out, even after narrowing to f32.
                clamp(<$t as Float>::from_f64(x), self.low, self.high)
            }

            fn to_unit(&self, value: $t) -> f64 {
                // Exact ends, as in from_unit; they also keep 0 / 0 away when ln(1 - low) and
                // ln(1 - high) round to the same value (a range one float wide).
                if !(value > self.low) {
                    return 0.0;
                }
                if value >= self.high {
                    return 1.0;
                }
                let ln_gap = libm::log(1.0 - value.to_f64());
                clamp_unit((ln_gap - self.ln_top) / (self.ln_bottom - self.ln_top))
            }

            fn contains(&self, value: $t) -> bool {
                self.low <= value && value <= self.high
            }

            fn domain(&self) -> Domain {
                Domain::Float {
                    scale: ScaleKind::ReverseLog,
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

        impl Distribution<$t> for ReverseLogScale<$t> {
            #[inline]
            fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> $t {
                self.from_unit(unit_draw(rng))
            }
        }
    )*};
}

float_reverse_log!(f32 f64);
