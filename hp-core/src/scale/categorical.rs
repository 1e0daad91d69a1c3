use rand::distr::Distribution;
use rand::{Rng, RngExt};

use super::{Scale, index_from_unit, index_to_unit};
use crate::{Domain, Error};

/// Equal weight on the indices `0..n`: the scale behind `#[hp(choice(...))]`, `bool` and unit-only
/// enums. The generated code maps each index to its value.
///
/// ```
/// use hp_core::{CategoricalScale, Scale};
/// let three = CategoricalScale::new(3).unwrap();
/// assert_eq!([0.0, 0.34, 0.67, 1.0].map(|u| three.from_unit(u)), [0, 1, 2, 2]);
/// assert_eq!(three.to_unit(1), 0.5);
/// assert_eq!(CategoricalScale::new(0).unwrap_err(), hp_core::Error::EmptyChoice);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CategoricalScale {
    last: u64,
}

impl CategoricalScale {
    /// Equal weight on `0..n`.
    ///
    /// # Errors
    /// [`Error::EmptyChoice`] if `n == 0`.
    pub const fn new(n: u64) -> Result<Self, Error> {
        if n == 0 { Err(Error::EmptyChoice) } else { Ok(CategoricalScale { last: n - 1 }) }
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
}

impl Distribution<u64> for CategoricalScale {
    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        rng.random_range(0..=self.last)
    }
}
