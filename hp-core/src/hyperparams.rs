//! The [`Hyperparams`] trait: a config type that knows its own search space.

use rand::Rng;
use rand::distr::Distribution;

use crate::scale::{CategoricalScale, Scale};
use crate::{Error, FieldError, Space, SpaceBuilder, ValidationError};

/// A config type that knows its search space: how to sample itself, how to map itself to and from
/// the unit cube `[0, 1]^DIM`, how to describe itself, and how to check a value built elsewhere.
///
/// Implement it with `#[derive(Hyperparams)]` (from the `hp` crate); `bool` implements it as a fair
/// coin. Every strategy in hp works on the unit cube and calls [`from_unit`](Self::from_unit), so
/// one mapping per scale serves random search, grids, quasi-random sequences and nudges alike.
///
/// # The unit cube
///
/// A derived struct gives each sampled field one coordinate, in declaration order; a nested
/// config (or enum, or `bool`) takes `DIM` consecutive coordinates of its own. Fixed and skipped
/// fields take none.
///
/// A derived enum is a *conditional space*. Coordinate 0 picks the variant: the variants split
/// `[0, 1]` in declaration order, each a share proportional to its `#[hp(weight = W)]` (equal
/// without weights). Then come the fields of every variant, in declaration order, variant after
/// variant, so `DIM` is 1 plus the sum of all variants' fields' dims. Only the chosen variant's
/// fields are sampled and read: `from_unit` ignores the other variants' coordinates and
/// `write_unit` writes 0.5 for them (the value [`Grid`](crate::strategy::Grid) writes too). In the
/// [`Space`] the variant is a choice parameter named by the enum's path and each variant's field
/// is `path.Variant.field`, with the [`Condition`](crate::Condition) `path = Variant`.
///
/// ```
/// use hp_core::{Hyperparams, SpaceBuilder};
/// // What the derive generates for `enum Optimizer { Sgd, #[hp(weight = 2)] Adam { #[hp(...)] beta1: f64 } }`
/// // describes its space this way: coordinate 0 is the variant, coordinate 1 Adam's beta1.
/// let mut space = SpaceBuilder::new();
/// space.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"], &[1.0, 2.0]);
/// space.enter("optimizer", "Adam");
/// space.scale("optimizer.Adam.beta1".into(), "f64", &hp_core::ReverseLogScale::new(0.8, 0.99).unwrap());
/// space.leave();
/// let space = space.finish();
/// assert_eq!(space.dim(), 2);
/// assert!(space.to_string().contains("optimizer.Adam.beta1  f64        reverse_log [0.8, 0.99]  if optimizer = Adam"));
/// ```
///
/// ```
/// use hp_core::Hyperparams;
/// use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
///
/// let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
/// let coin = bool::sample_with(&mut rng);
/// assert_eq!(bool::from_unit(&coin.to_unit()), coin);
/// assert_eq!(bool::DIM, 1);
/// ```
pub trait Hyperparams: Sized {
    /// The number of unit-cube coordinates: one per sampled field, nested configs' included; for
    /// an enum, one for the variant plus every variant's fields' (see *The unit cube* above).
    const DIM: usize;

    /// A config drawn from `rng`. Each field is drawn from its scale's distribution; with a seeded
    /// portable generator such as `rand::rngs::Xoshiro256PlusPlus`, the same seed gives the same
    /// configs on every platform.
    fn sample_with<R: Rng + ?Sized>(rng: &mut R) -> Self;

    /// A config drawn from rand's thread-local generator (not reproducible; use
    /// [`sample_with`](Self::sample_with) and a seed for that).
    #[cfg(feature = "thread_rng")]
    fn sample() -> Self {
        Self::sample_with(&mut rand::rng())
    }

    /// The config at point `u` of the unit cube. Coordinates outside `[0, 1]` are clamped and NaN
    /// is taken as 0, so every point gives a config inside the space.
    ///
    /// # Panics
    /// If `u.len() != Self::DIM`; [`try_from_unit`](Self::try_from_unit) returns an error instead.
    fn from_unit(u: &[f64]) -> Self;

    /// Appends this config's `DIM` unit-cube coordinates to `out`.
    fn write_unit(&self, out: &mut Vec<f64>);

    /// This config's point in the unit cube: the inverse of [`from_unit`](Self::from_unit) (exact
    /// for discrete values, which map to the centre of their bin). Values outside the space map to
    /// the nearest end; check them with [`validate`](Self::validate) first.
    fn to_unit(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(Self::DIM);
        self.write_unit(&mut out);
        out
    }

    /// [`from_unit`](Self::from_unit) for points from outside, such as a file: checks the length
    /// and that every coordinate lies in `[0, 1]`.
    ///
    /// # Errors
    /// [`Error::Dimension`] or [`Error::OutsideUnit`].
    fn try_from_unit(u: &[f64]) -> Result<Self, Error> {
        if u.len() != Self::DIM {
            return Err(Error::Dimension { expected: Self::DIM, found: u.len() });
        }
        if let Some(index) = u.iter().position(|x| !(0.0..=1.0).contains(x)) {
            return Err(Error::OutsideUnit { index });
        }
        Ok(Self::from_unit(u))
    }

    /// Adds this type's parameters to `space`, their names prefixed with `path`.
    fn describe(space: &mut SpaceBuilder, path: &str);

    /// The search space: every parameter's dotted name, Rust type, scale and bounds.
    fn space() -> Space {
        let mut space = SpaceBuilder::new();
        Self::describe(&mut space, "");
        space.finish()
    }

    /// Pushes one [`FieldError`] per field outside its space, names prefixed with `path`.
    fn check(&self, path: &str, errors: &mut Vec<FieldError>);

    /// Checks a config built elsewhere (deserialized, edited by hand) against the space.
    ///
    /// # Errors
    /// Every field outside its space, each with its name, its value and the allowed range.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut errors = Vec::new();
        self.check("", &mut errors);
        if errors.is_empty() { Ok(()) } else { Err(ValidationError::new(errors)) }
    }
}

const COIN: CategoricalScale = CategoricalScale::__new_unchecked(2);

/// A fair coin: `false` is the lower half of the unit interval, `true` the upper.
impl Hyperparams for bool {
    const DIM: usize = 1;

    fn sample_with<R: Rng + ?Sized>(rng: &mut R) -> Self {
        COIN.sample(rng) == 1
    }

    fn from_unit(u: &[f64]) -> Self {
        let [u] = u else { panic!("bool::from_unit takes 1 coordinate, got {}", u.len()) };
        COIN.from_unit(*u) == 1
    }

    fn write_unit(&self, out: &mut Vec<f64>) {
        out.push(COIN.to_unit(u64::from(*self)));
    }

    fn describe(space: &mut SpaceBuilder, path: &str) {
        space.choice(path.to_owned(), "bool", &["false", "true"]);
    }

    fn check(&self, _path: &str, _errors: &mut Vec<FieldError>) {}
}
