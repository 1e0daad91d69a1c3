use std::borrow::Cow;

use rand::distr::Distribution;
use rand::{Rng, RngExt};

use hp_rules::weights;

use super::{Scale, equal_bin, equal_nth, index_from_unit, index_to_unit, unit_draw};
use crate::{Domain, ScaleError};

/// Equal weight on the indices `0..n`: the scale behind `#[hp(choice(...))]`, `bool` and enums
/// whose variants have equal weights. The generated code maps each index to its value.
///
/// ```
/// use hp_core::{CategoricalScale, Scale};
/// let three = CategoricalScale::new(3).unwrap();
/// assert_eq!([0.0, 0.34, 0.67, 1.0].map(|u| three.from_unit(u)), [0, 1, 2, 2]);
/// assert_eq!(three.to_unit(1), 0.5);
/// assert_eq!(CategoricalScale::new(0).unwrap_err(), hp_core::ScaleError::EmptyChoice);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CategoricalScale {
    last: u64,
}

impl CategoricalScale {
    /// Equal weight on `0..n`.
    ///
    /// # Errors
    /// [`ScaleError::EmptyChoice`] if `n == 0` ([`hp_rules::weights::choice`]).
    pub const fn new(n: u64) -> Result<Self, ScaleError> {
        match weights::choice(n) {
            Ok(()) => Ok(CategoricalScale { last: n - 1 }),
            Err(e) => Err(e),
        }
    }

    /// For generated code: `n >= 1`, checked by the derive.
    #[doc(hidden)]
    pub const fn __new_unchecked(n: u64) -> Self {
        CategoricalScale { last: n - 1 }
    }

    /// The number of categories.
    ///
    /// ```
    /// # use hp_core::CategoricalScale;
    /// assert_eq!(CategoricalScale::new(4).unwrap().len(), 4);
    /// ```
    pub const fn len(&self) -> u64 {
        self.last + 1
    }

    /// Always `false`: a choice has at least one value.
    ///
    /// ```
    /// # use hp_core::CategoricalScale;
    /// assert!(!CategoricalScale::new(1).unwrap().is_empty());
    /// ```
    pub const fn is_empty(&self) -> bool {
        false
    }
}

impl Scale for CategoricalScale {
    type Value = u64;

    #[inline]
    fn from_unit(&self, u: f64) -> u64 {
        index_from_unit(u, self.last)
    }

    fn to_unit(&self, index: u64) -> f64 {
        index_to_unit(index, self.last)
    }

    fn contains(&self, index: u64) -> bool {
        index <= self.last
    }

    fn domain(&self) -> Domain {
        Domain::Choice { values: (0..=self.last).map(|i| i.to_string()).collect() }
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

impl Distribution<u64> for CategoricalScale {
    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        rng.random_range(0..=self.last)
    }
}

/// Weights on the indices `0..n`: the scale behind an enum whose variants carry
/// `#[hp(weight = W)]`. Value `k` owns a share `w_k / Σw` of the unit interval, the bins in
/// index order, so every strategy on the unit cube (random, Sobol, Latin hypercube, zoom) picks
/// `k` with that probability; `to_unit` gives the centre of `k`'s bin.
///
/// ```
/// use hp_core::{Scale, WeightedCategoricalScale};
/// use rand::distr::Distribution;
/// use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
///
/// // Sgd, Momentum, Adam with Adam twice as likely: [0, 0.25), [0.25, 0.5), [0.5, 1].
/// let variants = WeightedCategoricalScale::new(&[1.0, 1.0, 2.0]).unwrap();
/// assert_eq!([0.0, 0.3, 0.5, 1.0].map(|u| variants.from_unit(u)), [0, 1, 2, 2]);
/// assert_eq!(variants.to_unit(2), 0.75);
/// assert_eq!(variants.share(2), 0.5);
///
/// let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
/// let adams = (0..10_000).filter(|_| variants.sample(&mut rng) == 2).count();
/// assert!((4_800..5_200).contains(&adams));
/// assert_eq!(WeightedCategoricalScale::new(&[1.0, 0.0]).unwrap_err(), hp_core::ScaleError::BadWeight);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct WeightedCategoricalScale {
    // The upper end of each value's bin; the last is 1.0. Borrowed from a constant in generated
    // code, owned when built by `new`.
    ends: Cow<'static, [f64]>,
}

impl WeightedCategoricalScale {
    /// Weights `weights[k]` on the indices `0..weights.len()`; only their ratios matter.
    ///
    /// # Errors
    /// The rules of [`hp_rules::weights::cumulative_weights`]: [`ScaleError::EmptyChoice`] for no
    /// weights; [`ScaleError::BadWeight`] unless every weight is a positive finite number, and
    /// unless each value still gets a bin of its own in `f64` (a weight 1e-300 next to 1 does not).
    pub fn new(weights: &[f64]) -> Result<Self, ScaleError> {
        let mut ends = vec![0.0; weights.len()];
        weights::cumulative_weights(weights, &mut ends)?;
        Ok(WeightedCategoricalScale { ends: Cow::Owned(ends) })
    }

    /// For generated code: the bins' upper ends as `new` computes them (the derive calls the same
    /// function on the literals), at least one, the last 1.0.
    #[doc(hidden)]
    pub const fn __new_unchecked(ends: &'static [f64]) -> Self {
        WeightedCategoricalScale { ends: Cow::Borrowed(ends) }
    }

    /// The number of categories.
    ///
    /// ```
    /// # use hp_core::WeightedCategoricalScale;
    /// assert_eq!(WeightedCategoricalScale::new(&[1.0, 3.0]).unwrap().len(), 2);
    /// ```
    pub fn len(&self) -> u64 {
        self.ends.len() as u64
    }

    /// Always `false`: a choice has at least one value.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The probability of index `k`, the width of its bin (0 past the end).
    ///
    /// ```
    /// # use hp_core::WeightedCategoricalScale;
    /// let s = WeightedCategoricalScale::new(&[1.0, 3.0]).unwrap();
    /// assert_eq!((s.share(0), s.share(1), s.share(2)), (0.25, 0.75, 0.0));
    /// ```
    pub fn share(&self, k: u64) -> f64 {
        let Some(&end) = self.ends.get(k as usize) else { return 0.0 };
        let start = if k == 0 { 0.0 } else { self.ends[k as usize - 1] };
        end - start
    }
}

impl Scale for WeightedCategoricalScale {
    type Value = u64;

    #[inline]
    fn from_unit(&self, u: f64) -> u64 {
        weights::weighted_index(u, &self.ends)
    }

    fn to_unit(&self, index: u64) -> f64 {
        weights::weighted_centre(index, &self.ends)
    }

    fn contains(&self, index: u64) -> bool {
        index < self.len()
    }

    fn domain(&self) -> Domain {
        Domain::Choice { values: (0..self.len()).map(|i| i.to_string()).collect() }
    }

    fn levels(&self) -> Option<u128> {
        Some(self.len() as u128)
    }

    fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
        Some(weights::weighted_bin(weights::weighted_index(u, &self.ends), &self.ends))
    }

    fn nth_unit(&self, k: u128) -> Option<f64> {
        (k < self.len().into()).then(|| weights::weighted_centre(k as u64, &self.ends))
    }
}

impl Distribution<u64> for WeightedCategoricalScale {
    /// `from_unit` of a uniform draw in `[0, 1)`: the mapping every strategy uses.
    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        self.from_unit(unit_draw(rng))
    }
}
