//! Choices and weights: a choice has at least one value, and a weighted choice's weights
//! partition the unit interval so that every value keeps a bin of its own.
//!
//! The rule ([`cumulative_weights`]) also computes the bins' ends, which hp-core's
//! `WeightedCategoricalScale` stores and hp-derive writes as a constant; [`weighted_index`] and
//! [`weighted_centre`] are the two directions of its mapping.

use crate::ScaleError;

/// A choice needs at least one value.
///
/// ```
/// use hp_rules::{ScaleError, weights};
/// assert_eq!(weights::choice(3), Ok(()));
/// assert_eq!(weights::choice(0), Err(ScaleError::EmptyChoice));
/// ```
///
/// # Errors
/// [`ScaleError::EmptyChoice`] for `n == 0`.
pub const fn choice(n: u64) -> Result<(), ScaleError> {
    if n == 0 { Err(ScaleError::EmptyChoice) } else { Ok(()) }
}

/// Why variant weights cannot make a weighted choice; the index says which weight, so that the
/// derive can point at it. [`ScaleError::from`] says what a scale constructor reports.
///
/// ```
/// use hp_rules::{ScaleError, weights::WeightError};
/// assert_eq!(ScaleError::from(WeightError::Empty), ScaleError::EmptyChoice);
/// assert_eq!(ScaleError::from(WeightError::NotPositive(2)), ScaleError::BadWeight);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightError {
    /// No weights at all.
    Empty,
    /// The weight at this index is not a positive finite number (NaN included).
    NotPositive(usize),
    /// The weights are so unequal (or so many, or their sum so large) that the value at this
    /// index gets no bin of its own in `[0, 1]` in `f64`, or the sum overflows.
    TooUnequal(usize),
}

impl From<WeightError> for ScaleError {
    fn from(e: WeightError) -> Self {
        match e {
            WeightError::Empty => ScaleError::EmptyChoice,
            WeightError::NotPositive(_) | WeightError::TooUnequal(_) => ScaleError::BadWeight,
        }
    }
}

/// The upper ends of the bins of a weighted choice: value `k` owns `[ends[k - 1], ends[k])` of the
/// unit interval (`ends[-1] = 0`), a share proportional to `weights[k]`; the last end is exactly
/// 1.0. Written into `ends`.
///
/// Each end is the running sum of the weights divided by their total, summed left to right. The
/// result is checked, so that every value's bin centre ([`weighted_centre`]) maps back to it
/// ([`weighted_index`]): a weighted scale is a partition of `[0, 1]` with no empty part.
///
/// ```
/// use hp_rules::weights::{WeightError, cumulative_weights};
/// let mut ends = [0.0; 3];
/// cumulative_weights(&[1.0, 1.0, 2.0], &mut ends)?; // Sgd, Momentum, Adam twice as likely
/// assert_eq!(ends, [0.25, 0.5, 1.0]);
/// assert_eq!(cumulative_weights(&[1.0, 1e-300, 1.0], &mut ends), Err(WeightError::TooUnequal(1)));
/// # Ok::<(), WeightError>(())
/// ```
///
/// # Errors
/// [`WeightError`], saying which weight.
///
/// # Panics
/// If `ends` is not as long as `weights`.
pub fn cumulative_weights(weights: &[f64], ends: &mut [f64]) -> Result<(), WeightError> {
    assert_eq!(weights.len(), ends.len(), "one end per weight");
    if weights.is_empty() {
        return Err(WeightError::Empty);
    }
    let mut total = 0.0;
    for (k, &w) in weights.iter().enumerate() {
        if !(w > 0.0 && w < f64::INFINITY) {
            return Err(WeightError::NotPositive(k));
        }
        total += w;
        if total == f64::INFINITY {
            return Err(WeightError::TooUnequal(k));
        }
    }
    let mut sum = 0.0;
    for (k, (&w, end)) in weights.iter().zip(ends.iter_mut()).enumerate() {
        sum += w;
        *end = if k + 1 == weights.len() { 1.0 } else { (sum / total).min(1.0) };
    }
    for k in 0..weights.len() {
        if weighted_index(weighted_centre(k as u64, ends), ends) != k as u64 {
            return Err(WeightError::TooUnequal(k));
        }
    }
    Ok(())
}

/// The value whose bin holds `u` (clamped to `[0, 1]`, NaN taken as 0): the first `k` with
/// `u < ends[k]`, and the last value for `u = 1`. A binary search: O(log n).
///
/// ```
/// use hp_rules::weights::weighted_index;
/// let ends = [0.25, 0.5, 1.0];
/// assert_eq!([0.0, 0.25, 0.4999, 1.0, f64::NAN].map(|u| weighted_index(u, &ends)), [0, 1, 1, 2, 0]);
/// ```
pub fn weighted_index(u: f64, ends: &[f64]) -> u64 {
    let u = if u >= 1.0 {
        1.0
    } else if u > 0.0 {
        u
    } else {
        0.0
    };
    let k = ends.partition_point(|&end| end <= u);
    k.min(ends.len() - 1) as u64
}

/// The centre of value `k`'s bin (the last bin for `k` past the end).
///
/// ```
/// use hp_rules::weights::weighted_centre;
/// assert_eq!([0, 1, 2, 9].map(|k| weighted_centre(k, &[0.25, 0.5, 1.0])), [0.125, 0.375, 0.75, 0.75]);
/// ```
pub fn weighted_centre(k: u64, ends: &[f64]) -> f64 {
    let (start, end) = weighted_bin(k, ends);
    start + (end - start) / 2.0
}

/// Value `k`'s bin `[start, end)` of the unit interval (the last bin, which includes 1, for `k`
/// past the end).
///
/// ```
/// use hp_rules::weights::weighted_bin;
/// assert_eq!([0, 2].map(|k| weighted_bin(k, &[0.25, 0.5, 1.0])), [(0.0, 0.25), (0.5, 1.0)]);
/// ```
pub fn weighted_bin(k: u64, ends: &[f64]) -> (f64, f64) {
    let k = (k as usize).min(ends.len() - 1);
    (if k == 0 { 0.0 } else { ends[k - 1] }, ends[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_weights_partition_the_unit_interval() {
        let mut ends = [0.0; 3];
        assert_eq!(cumulative_weights(&[1.0, 1.0, 2.0], &mut ends), Ok(()));
        assert_eq!(ends, [0.25, 0.5, 1.0]);
        assert_eq!(
            [0.0, 0.2499, 0.25, 0.4999, 0.5, 1.0].map(|u| weighted_index(u, &ends)),
            [0, 0, 1, 1, 2, 2]
        );
        assert_eq!([-1.0, f64::NAN, 2.0].map(|u| weighted_index(u, &ends)), [0, 0, 2]);
        assert_eq!([0, 1, 2, 9].map(|k| weighted_centre(k, &ends)), [0.125, 0.375, 0.75, 0.75]);
        // Ten thirds: the last end is exactly 1 whatever the rounding of the sum.
        let mut ends = [0.0; 10];
        assert_eq!(cumulative_weights(&[1.0 / 3.0; 10], &mut ends), Ok(()));
        assert_eq!(ends[9], 1.0);
        assert!(ends.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn cumulative_weights_reject_what_cannot_be_a_partition() {
        let mut ends = [0.0; 3];
        assert_eq!(cumulative_weights(&[], &mut []), Err(WeightError::Empty));
        assert_eq!(cumulative_weights(&[1.0, 0.0, 1.0], &mut ends), Err(WeightError::NotPositive(1)));
        assert_eq!(cumulative_weights(&[1.0, -2.0, 1.0], &mut ends), Err(WeightError::NotPositive(1)));
        assert_eq!(cumulative_weights(&[f64::NAN, 1.0, 1.0], &mut ends), Err(WeightError::NotPositive(0)));
        assert_eq!(
            cumulative_weights(&[1.0, 1.0, f64::INFINITY], &mut ends),
            Err(WeightError::NotPositive(2))
        );
        assert_eq!(
            cumulative_weights(&[f64::MAX, f64::MAX, 1.0], &mut ends),
            Err(WeightError::TooUnequal(1))
        );
        // 1e-300 of 1 gets a bin far narrower than one f64 step near 0.5.
        assert_eq!(cumulative_weights(&[1.0, 1e-300, 1.0], &mut ends), Err(WeightError::TooUnequal(1)));
        // Near 0 the floats are dense: a tiny first weight still gets a bin.
        assert_eq!(cumulative_weights(&[1e-300, 1.0, 1.0], &mut ends), Ok(()));
    }
}
