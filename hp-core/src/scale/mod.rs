//! Scales: how one hyperparameter's values are spread over its range.
//!
//! Every scale maps the unit interval onto its values and back ([`Scale::from_unit`],
//! [`Scale::to_unit`]); every strategy, nudge and plot axis in hp is built on that one mapping, so
//! they cannot disagree about a scale. Every scale also implements
//! [`rand::distr::Distribution`], which is how [`Hyperparams::sample_with`](crate::Hyperparams::sample_with)
//! draws values.
//!
//! ```
//! use hp_core::{LogScale, ReverseLogScale, Scale};
//! let lr = LogScale::new(1e-4_f64, 1.0).unwrap();
//! assert_eq!(lr.from_unit(0.0), 1e-4);
//! assert!((lr.from_unit(0.25) - 1e-3).abs() < 1e-15); // a quarter of the way = one decade up
//! let beta = ReverseLogScale::new(0.9_f64, 0.999).unwrap();
//! assert!((beta.from_unit(0.5) - 0.99).abs() < 1e-12); // 1 - beta = 10^-2 at the middle
//! ```

// Bounds are checked as `!(low < high)` rather than `low >= high`, so that a NaN fails the check
// (rand's convention); clippy's suggestion, `partial_cmp`, would hide that intent.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

mod categorical;
mod linear;
mod log;
mod reverse_log;
mod step;

pub use categorical::{CategoricalScale, WeightedCategoricalScale};
pub use linear::LinearScale;
pub use log::LogScale;
pub use reverse_log::ReverseLogScale;
pub use step::{LinearStepScale, LogStepScale, ReverseLogStepScale};

/// The bound of the generic constructors; re-exported here so that it can be named.
pub use crate::number::Number;

use crate::Domain;

/// A one-dimensional scale: a bijection (or, for discrete scales, a partition) between the unit
/// interval `[0, 1]` and a set of values.
///
/// `from_unit` is total: it accepts any `f64`, treats NaN as 0 and clamps to `[0, 1]`, and always
/// returns a value inside the scale. `from_unit(0.0)` is the low end and `from_unit(1.0)` the high
/// end. For discrete scales `to_unit` returns the centre of the value's bin, so
/// `from_unit(to_unit(v)) == v` exactly.
///
/// ```
/// use hp_core::{LinearScale, Scale};
/// let layers = LinearScale::new(2usize, 4).unwrap();
/// assert_eq!([0.0, 0.5, 1.0].map(|u| layers.from_unit(u)), [2, 3, 4]);
/// assert_eq!(layers.from_unit(layers.to_unit(3)), 3);
/// ```
pub trait Scale {
    /// The type of the values.
    type Value: Copy;
    /// The value at position `u` of the unit interval.
    ///
    /// ```
    /// use hp_core::{LogScale, Scale};
    /// let lr = LogScale::new(1e-4_f64, 1.0).unwrap();
    /// assert_eq!((lr.from_unit(0.0), lr.from_unit(1.0)), (1e-4, 1.0)); // the ends, exactly
    /// assert!((lr.from_unit(0.5) - 1e-2).abs() < 1e-15); // halfway = two decades up
    /// assert_eq!((lr.from_unit(f64::NAN), lr.from_unit(7.0)), (1e-4, 1.0)); // NaN is 0; clamped
    /// ```
    // `from_unit` / `to_unit` name the two directions of the mapping, as KerasTuner's
    // `prob_to_value` / `value_to_prob` do; `from_*` here is not a constructor.
    #[allow(clippy::wrong_self_convention)]
    fn from_unit(&self, u: f64) -> Self::Value;
    /// The position of `value` in the unit interval, clamped to `[0, 1]` for values outside the scale.
    ///
    /// ```
    /// use hp_core::{LinearScale, LogScale, Scale};
    /// let lr = LogScale::new(1e-4, 1.0).unwrap();
    /// assert!((lr.to_unit(1e-2) - 0.5).abs() < 1e-12); // two of four decades
    /// assert_eq!((lr.to_unit(1e-9), lr.to_unit(10.0)), (0.0, 1.0)); // outside: clamped
    /// let layers = LinearScale::new(2usize, 4).unwrap();
    /// assert_eq!(layers.to_unit(2), 1.0 / 6.0); // the centre of the first of three bins
    /// ```
    fn to_unit(&self, value: Self::Value) -> f64;
    /// Whether `value` is one of the scale's values (NaN never is).
    ///
    /// ```
    /// use hp_core::{LinearScale, LinearStepScale, Scale};
    /// let dropout = LinearScale::new(0.0, 0.5).unwrap();
    /// assert!(dropout.contains(0.5) && !dropout.contains(0.6) && !dropout.contains(f64::NAN));
    /// let batch = LinearStepScale::new(16u32, 128, 16).unwrap();
    /// assert!(batch.contains(48) && !batch.contains(50)); // 50 is in range but off the grid
    /// ```
    fn contains(&self, value: Self::Value) -> bool;
    /// A description of the values, for [`Space`](crate::Space) and error messages.
    ///
    /// ```
    /// use hp_core::{Domain, LinearStepScale, LogScale, Scale, ScaleKind};
    /// let lr = LogScale::new(1e-4, 1.0).unwrap();
    /// assert_eq!(lr.domain(), Domain::Float { scale: ScaleKind::Log, low: 1e-4, high: 1.0, step: None });
    /// let batch = LinearStepScale::new(16u32, 1024, 16).unwrap();
    /// assert_eq!(batch.domain().to_string(), "linear [16, 1024] step 16");
    /// ```
    fn domain(&self) -> Domain;
    /// The number of distinct values of a discrete scale; `None` for a continuous one.
    ///
    /// ```
    /// use hp_core::{LinearScale, LogScale, LogStepScale, Scale};
    /// assert_eq!(LinearScale::new(2usize, 4).unwrap().levels(), Some(3));
    /// assert_eq!(LogStepScale::new(16u32, 1024, 2).unwrap().levels(), Some(7)); // 16, 32, ..., 1024
    /// assert_eq!(LogScale::new(1e-4, 1.0).unwrap().levels(), None); // continuous
    /// ```
    fn levels(&self) -> Option<u128>;

    /// The bin of the unit interval that holds `u`, for a discrete scale: every position in
    /// `[start, end)` gives the same value (the last bin includes 1). Bins are equal, or as wide
    /// as a weighted choice's weights, or log-spaced for a log scale's integers. `None` for a
    /// continuous scale.
    ///
    /// ```
    /// use hp_core::{LinearScale, LogScale, Scale};
    /// assert_eq!(LinearScale::new(2usize, 4).unwrap().unit_bin(0.5), Some((1.0 / 3.0, 2.0 / 3.0)));
    /// let lr = LogScale::new(1e-4, 1.0).unwrap();
    /// assert_eq!(lr.unit_bin(0.5), None);
    /// ```
    fn unit_bin(&self, u: f64) -> Option<(f64, f64)>;

    /// Where [`to_unit`](Scale::to_unit) puts the `k`-th value (the values in increasing order,
    /// from 0): the centre of its bin. `None` for a continuous scale, or `k` past the last value.
    ///
    /// ```
    /// use hp_core::{LinearScale, Scale};
    /// let layers = LinearScale::new(2usize, 4).unwrap();
    /// assert_eq!(layers.nth_unit(1), Some(layers.to_unit(3)));
    /// assert_eq!(layers.nth_unit(3), None);
    /// ```
    fn nth_unit(&self, k: u128) -> Option<f64>;
}

/// A uniform draw in `[0, 1)`, bit for bit rand's `rng.random::<f64>()`: the top 53 bits of one
/// `u64` times 2^-53. Every float scale samples through it.
#[inline]
pub(crate) fn unit_draw<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    unit_from_bits(rng.next_u64())
}

/// `(x >> 11) as f64 * 2^-53`, without an integer-to-float conversion: the top 52 bits become
/// the mantissa of a float in `[1, 2)`, minus 1, and the 53rd bit is added as 0 or 2^-53; both
/// steps are exact. Why: x86-64's `cvtsi2sd` writes only the low half of its register, so it
/// waits for whatever last wrote that register, and LLVM does not always break the false
/// dependency. In a sampling loop the register held the previous config's `exp`, which chained
/// each config to the one before: the derived lecture config took 1.5x the time of the same
/// config by hand (BENCHMARKS.md, section 1).
#[inline]
pub(crate) fn unit_from_bits(x: u64) -> f64 {
    const ONE: u64 = 0x3ff0_0000_0000_0000; // 1.0
    const HALF_ULP: u64 = 0x3ca0_0000_0000_0000; // 2^-53
    let high = f64::from_bits(ONE | (x >> 12)) - 1.0;
    let low = f64::from_bits(((x >> 11) & 1).wrapping_neg() & HALF_ULP);
    high + low
}

/// `u` clamped to `[0, 1]`, NaN taken as 0.
#[inline]
pub(crate) fn clamp_unit(u: f64) -> f64 {
    if u >= 1.0 {
        1.0
    } else if u > 0.0 {
        u
    } else {
        0.0
    }
}

/// The index of bin `floor(u * n)` among `n = last + 1` equal bins of the unit interval.
/// `u = 1.0` falls in the last bin, so every bin gets the same share of `[0, 1]`.
#[inline]
pub(crate) fn index_from_unit(u: f64, last: u64) -> u64 {
    let n = last as f64 + 1.0;
    // `as u64` saturates, and the `min` keeps u = 1.0 (and rounding up to n) in the last bin.
    ((clamp_unit(u) * n) as u64).min(last)
}

/// The centre of bin `k` among `last + 1` equal bins.
#[inline]
pub(crate) fn index_to_unit(k: u64, last: u64) -> f64 {
    clamp_unit((k.min(last) as f64 + 0.5) / (last as f64 + 1.0))
}

/// The bin `[k / n, (k + 1) / n)` among `n = last + 1` equal bins that holds `u` (clamped, NaN
/// taken as 0): [`Scale::unit_bin`] of every scale with equal bins.
pub(crate) fn equal_bin(u: f64, last: u64) -> (f64, f64) {
    let n = (u128::from(last) + 1) as f64;
    let k = (clamp_unit(u) * n).floor().min(n - 1.0);
    (k / n, ((k + 1.0) / n).min(1.0))
}

/// [`index_to_unit`] for a `k` that may be past the last bin: [`Scale::nth_unit`] of every scale
/// with equal bins.
pub(crate) fn equal_nth(k: u128, last: u64) -> Option<f64> {
    u64::try_from(k).ok().filter(|&k| k <= last).map(|k| index_to_unit(k, last))
}

/// `a + u (b - a)`, for `u` in `[0, 1]`, without overflow when `b - a` exceeds `f64::MAX`.
/// Exact at both ends: `u = 1` gives `b` itself, which `a + (b - a)` need not round to.
#[inline]
pub(crate) fn lerp(a: f64, b: f64, u: f64) -> f64 {
    if u >= 1.0 {
        return b;
    }
    let width = b - a;
    if width.is_finite() { a + u * width } else { a * (1.0 - u) + b * u }
}

/// `x` clamped to `[low, high]` (NaN becomes `low`); the bounds are known to be ordered.
#[inline]
pub(crate) fn clamp<T: PartialOrd>(x: T, low: T, high: T) -> T {
    if !(x >= low) {
        low
    } else if x > high {
        high
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn unit_draw_is_rands_random_f64_bit_for_bit() {
        let edges =
            [0, 1 << 11, 1 << 12, 3 << 11, u64::MAX, u64::MAX - (1 << 11), 1 << 63, 0x0123_4567_89ab_cdef];
        for x in edges {
            assert_eq!(
                unit_from_bits(x).to_bits(),
                ((x >> 11) as f64 / (1u64 << 53) as f64).to_bits(),
                "{x:#x}"
            );
        }
        let (mut a, mut b) = (Xoshiro256PlusPlus::seed_from_u64(5), Xoshiro256PlusPlus::seed_from_u64(5));
        for _ in 0..100_000 {
            assert_eq!(unit_draw(&mut a).to_bits(), b.random::<f64>().to_bits());
        }
    }
}
