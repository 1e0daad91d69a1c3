//! The [`Hyperparams`] trait: a config type that knows its own search space.

use rand::Rng;
use rand::distr::Distribution;

use crate::scale::{CategoricalScale, Scale};
use crate::{FieldError, ParamId, Space, SpaceBuilder, UnitError, ValidationError, Value};

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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a hyperparameter config: it does not implement `Hyperparams`",
    label = "not a hyperparameter config",
    note = "derive it with #[derive(Hyperparams)] or add #[hp(...)] to the field"
)]
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

    /// Sets the field at unit-cube coordinate `coordinate` to its value at position `u` (clamped
    /// to `[0, 1]`, NaN taken as 0), as [`from_unit`](Self::from_unit) would, and leaves every
    /// other field as it is, bit for bit. Returns `false`, changing nothing, if the coordinate is
    /// not one this config uses: past `DIM`, or a field of an enum variant it does not hold.
    ///
    /// On an enum's variant coordinate, a position in another variant's bin switches the config
    /// to that variant, its fields at the middle of their ranges (position 0.5, as
    /// [`write_unit`](Self::write_unit) writes inactive coordinates); a position in the current
    /// variant's bin changes nothing. A nudge moves one hyperparameter this way.
    ///
    /// ```
    /// use hp_core::Hyperparams;
    /// let mut coin = false;
    /// assert!(coin.set_unit(0, 0.9));
    /// assert!(coin);
    /// assert!(!coin.set_unit(1, 0.1)); // bool has one coordinate
    /// ```
    fn set_unit(&mut self, coordinate: usize, u: f64) -> bool;

    /// Appends the value of each of this config's `DIM` coordinates to `out`, in coordinate
    /// order, exactly as the fields hold them (a choice as the index of its value); `None` for a
    /// coordinate the config does not use (a field of an enum variant it does not hold). The
    /// [`Space`] says how to show and read each one.
    fn write_values(&self, out: &mut Vec<Option<Value>>);

    /// This config's value of each coordinate: see [`write_values`](Self::write_values). Exact,
    /// where `Space::values(&self.to_unit())` would read each value back through its scale.
    ///
    /// ```
    /// use hp_core::{Hyperparams, Value};
    /// assert_eq!(true.values(), [Some(Value::Choice(1))]);
    /// ```
    fn values(&self) -> Vec<Option<Value>> {
        let mut out = Vec::with_capacity(Self::DIM);
        self.write_values(&mut out);
        out
    }

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
    /// [`UnitError::Dimension`] or [`UnitError::OutsideUnit`].
    fn try_from_unit(u: &[f64]) -> Result<Self, UnitError> {
        if u.len() != Self::DIM {
            return Err(UnitError::Dimension { expected: Self::DIM, found: u.len() });
        }
        if let Some(index) = u.iter().position(|x| !(0.0..=1.0).contains(x)) {
            return Err(UnitError::OutsideUnit { index, value: u[index] });
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

    /// Typed handles to the hyperparameters: each one's unit-cube coordinate and dotted name,
    /// the same as [`space`](Self::space) gives, in a struct whose field names the compiler
    /// checks: `Train::params().optimizer.Adam.beta1`. The derive implements [`TypedParams`],
    /// which this needs; for a name from a string, use [`Space::param_id`].
    ///
    /// ```
    /// use hp_core::Hyperparams;
    /// let coin = bool::params();
    /// assert_eq!((coin.coordinate(), coin.name()), (0, ""));
    /// ```
    fn params() -> <Self as TypedParams>::Params
    where
        Self: TypedParams,
    {
        Self::params_at("", 0)
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

/// Typed handles to a config's hyperparameters, for [`Hyperparams::params`]: implemented by
/// `#[derive(Hyperparams)]` and by `bool`.
///
/// The derive generates a small struct (named `__<Config>Params`, with the config's visibility,
/// hidden from the docs) with one public field per searched field, named like it: a [`ParamId`]
/// for a field on a scale, a `choice`, a `bool` or a unit-only enum, and the nested type's
/// `Params` for a nested config or an enum with data, so that `Train::params().optimizer.lr`
/// names `optimizer.lr` and `Train::params().learnig_rate` is a compile error. Fixed and skipped
/// fields, which are not searched, have none. An enum with data has a field `variant` (its choice
/// parameter) and one field per variant with fields, named like the variant:
/// `Train::params().optimizer.Adam.beta1`. `bool` and unit-only enums have `Params = ParamId`.
///
/// ```ignore
/// #[derive(Hyperparams)]
/// struct Train {
///     #[hp(log, 1e-4, 1.0)] learning_rate: f64,
///     optimizer: Optimizer, // an enum with `Adam { #[hp(...)] beta1: f64, ... }`
/// }
/// let beta1 = Train::params().optimizer.Adam.beta1;
/// assert_eq!((beta1.coordinate(), beta1.name()), (2, "optimizer.Adam.beta1"));
/// assert_eq!(Train::space().param_id("optimizer.Adam.beta1"), Ok(beta1));
/// ```
///
/// It is a trait of its own, rather than part of [`Hyperparams`], so that a hand-written
/// `Hyperparams` impl need not provide handles: its parameters are still named by string through
/// [`Space::param_id`]. To nest a hand-written config in a derived one, give it a `TypedParams`
/// impl too, if only `type Params = (); fn params_at(_: &str, _: usize) {}`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a derived hyperparameter config: it does not implement `TypedParams`",
    label = "not a derived hyperparameter config",
    note = "derive it with #[derive(Hyperparams)] or add #[hp(...)] to the field; a hand-written `Hyperparams` impl nested in a derived config needs `impl TypedParams` too, if only `type Params = (); fn params_at(_: &str, _: usize) {{}}`"
)]
pub trait TypedParams: Hyperparams {
    /// The handles: a generated struct, or [`ParamId`] for a single parameter.
    type Params;

    /// The handles of this type nested at `path` (`""` at the root) with its first coordinate at
    /// `first`: names start with `path.` and coordinates with `first`. Generated code calls it
    /// for nested configs; call [`Hyperparams::params`] instead.
    ///
    /// ```
    /// use hp_core::TypedParams;
    /// let warmup = bool::params_at("model.warmup", 3);
    /// assert_eq!((warmup.coordinate(), warmup.name()), (3, "model.warmup"));
    /// ```
    fn params_at(path: &str, first: usize) -> Self::Params;
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

    fn set_unit(&mut self, coordinate: usize, u: f64) -> bool {
        if coordinate != 0 {
            return false;
        }
        *self = COIN.from_unit(u) == 1;
        true
    }

    fn write_values(&self, out: &mut Vec<Option<Value>>) {
        out.push(Some(Value::Choice(usize::from(*self))));
    }

    fn describe(space: &mut SpaceBuilder, path: &str) {
        space.choice(path.to_owned(), "bool", &["false", "true"]);
    }

    fn check(&self, _path: &str, _errors: &mut Vec<FieldError>) {}
}

/// One [`ParamId`]: the coin's coordinate.
impl TypedParams for bool {
    type Params = ParamId;

    fn params_at(path: &str, first: usize) -> ParamId {
        ParamId::__new(first, path.to_owned())
    }
}
