//! [`Space`]: the search space of a config type as a runtime model, one [`Param`] per
//! hyperparameter.
//!
//! Each searched parameter *is* its scale (the scale constant the derive built, type-erased),
//! with its levels, its bins and the conditions that activate it. Strategies, plots, nudges, zoom,
//! exports and samplers read it and never rebuild a scale from a description.
//!
//! ```
//! use hp_core::{Hyperparams, LogScale, ReverseLogScale, SpaceBuilder, Value};
//! // What `#[derive(Hyperparams)]` builds for `{ #[hp(log, 1e-4, 1.0)] lr, optimizer: Optimizer }`,
//! // with `enum Optimizer { Sgd, Adam { #[hp(reverse_log, 0.8, 0.99)] beta1: f64 } }`.
//! let mut b = SpaceBuilder::new();
//! b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
//! b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
//! b.enter("optimizer", "Adam");
//! b.scale("optimizer.Adam.beta1".into(), "f64", &ReverseLogScale::new(0.8, 0.99)?);
//! b.leave();
//! let space = b.finish();
//!
//! let point = [1.0, 0.2, 0.7]; // lr, optimizer (Sgd: the lower half), Adam's beta1
//! assert_eq!(space.active(&point), [true, true, false]); // beta1 is Adam's: inactive for Sgd
//! assert_eq!(space.values(&point), [Some(Value::F64(1.0)), Some(Value::Choice(0)), None]);
//! # Ok::<(), hp_core::ScaleError>(())
//! ```

mod domain;
mod erased;
mod id;
mod param;
#[cfg(feature = "serde")]
mod read;
mod value;

use core::fmt;
use std::borrow::Cow;
use std::sync::Arc;

pub use domain::Domain;
pub use id::{ParamId, UnknownParam};
pub use param::{Condition, Levels, Param};
pub use value::Value;

use crate::Number;
use crate::scale::Scale;

/// The search space of a config type: its hyperparameters in declaration order, the searched
/// ones with unit-cube coordinates `0..dim()`.
///
/// `Display` prints one line per parameter: name, Rust type, domain (bounds in the field's type),
/// weights, conditions.
///
/// ```
/// use hp_core::{Hyperparams, Space};
/// let space: Space = <bool as Hyperparams>::space();
/// assert_eq!(space.dim(), <bool as Hyperparams>::DIM);
/// println!("{space}"); // one line per parameter: name, type, domain
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Space {
    params: Vec<Param>,
    /// The index in `params` of the parameter at each coordinate.
    coordinates: Vec<usize>,
}

impl Space {
    /// Every parameter, fixed ones included, in declaration order.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().params().len(), 1);
    /// ```
    pub fn params(&self) -> &[Param] {
        &self.params
    }

    /// The parameter with this dotted name.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert!(bool::space().get("nope").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name() == name)
    }

    /// The number of unit-cube coordinates, which equals `Hyperparams::DIM`.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().dim(), 1);
    /// ```
    pub fn dim(&self) -> usize {
        self.coordinates.len()
    }

    /// The searched parameter at unit-cube coordinate `c`, if `c < dim()`.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().coordinate(0).map(|p| p.type_name()), Some("bool"));
    /// assert!(bool::space().coordinate(1).is_none());
    /// ```
    pub fn coordinate(&self, c: usize) -> Option<&Param> {
        self.coordinates.get(c).map(|&i| &self.params[i])
    }

    /// The searched parameters in coordinate order: parameter `c` of the iterator has coordinate
    /// `c`.
    ///
    /// ```
    /// use hp_core::{LinearScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.fixed("epochs".into(), "u32", "10".into());
    /// b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    /// let space = b.finish();
    /// assert_eq!(space.coordinates().map(|p| p.name()).collect::<Vec<_>>(), ["layers"]);
    /// ```
    pub fn coordinates(&self) -> impl ExactSizeIterator<Item = &Param> + '_ {
        self.coordinates.iter().map(|&i| &self.params[i])
    }

    /// Which coordinates a unit-cube point uses: `active[c]` is `false` for a field of an enum
    /// variant the point does not choose (its coordinate is a placeholder). A coordinate is
    /// active when every one of its [`conditions`](Param::conditions) holds: the variant
    /// coordinate of its enum falls in its variant's bin.
    ///
    /// # Panics
    /// If `unit` has fewer than [`dim`](Space::dim) coordinates.
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// b.enter("optimizer", "Adam");
    /// b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// b.leave();
    /// let space = b.finish();
    /// assert_eq!(space.active(&[0.9, 0.5]), [true, true]);
    /// assert_eq!(space.active(&[0.1, 0.5]), [true, false]);
    /// ```
    pub fn active(&self, unit: &[f64]) -> Vec<bool> {
        assert!(
            unit.len() >= self.dim(),
            "a point of {} coordinates in a space of {}",
            unit.len(),
            self.dim()
        );
        (0..self.dim()).map(|c| self.is_active(c, unit)).collect()
    }

    /// Whether coordinate `c` is active at a unit-cube point (see [`active`](Space::active));
    /// `false` for `c` past [`dim`](Space::dim) or a point too short to say.
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// b.enter("optimizer", "Adam");
    /// b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// let space = b.finish();
    /// assert!(space.is_active(1, &[0.9, 0.5]));
    /// assert!(!space.is_active(1, &[0.1, 0.5]));
    /// ```
    pub fn is_active(&self, c: usize, unit: &[f64]) -> bool {
        c < self.dim() && self.unmet_condition(c, unit).is_none()
    }

    /// The first condition of coordinate `c` that does not hold at a unit-cube point (its enum's
    /// variant coordinate is in another variant's bin): why the coordinate is inactive there.
    /// `None` if every condition holds, or `c` is past [`dim`](Space::dim).
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// b.enter("optimizer", "Adam");
    /// b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// let space = b.finish();
    /// assert_eq!(space.unmet_condition(1, &[0.1, 0.5]).map(|c| c.to_string()), Some("optimizer = Adam".into()));
    /// assert_eq!(space.unmet_condition(1, &[0.9, 0.5]), None);
    /// ```
    pub fn unmet_condition(&self, c: usize, unit: &[f64]) -> Option<&Condition> {
        let param = self.coordinate(c)?;
        param.conditions().iter().find(|condition| {
            let selector = self.coordinate(condition.coordinate());
            let u = unit.get(condition.coordinate());
            selector.zip(u).and_then(|(s, &u)| s.from_unit(u)) != Some(Value::Choice(condition.index()))
        })
    }

    /// The value of every coordinate at a unit-cube point, `None` where the coordinate is
    /// inactive: what [`Hyperparams::from_unit`](crate::Hyperparams::from_unit) puts in each
    /// field.
    ///
    /// # Panics
    /// If `unit` has fewer than [`dim`](Space::dim) coordinates.
    ///
    /// ```
    /// use hp_core::{Hyperparams, Value};
    /// assert_eq!(bool::space().values(&[0.25]), [Some(Value::Choice(0))]);
    /// ```
    pub fn values(&self, unit: &[f64]) -> Vec<Option<Value>> {
        let active = self.active(unit);
        self.coordinates()
            .zip(active)
            .map(|(p, on)| on.then(|| p.from_unit(unit[p.coordinate()?])).flatten())
            .collect()
    }

    /// A stable 64-bit fingerprint of everything that decides what trial `i` of a study is: each
    /// parameter's name, type, domain, coordinate, grid size, conditions and weights, in order.
    ///
    /// It is [FNV-1a](crate::fnv1a64) over a text rendering (bounds widened to `f64` and written in
    /// Rust's shortest round-trip form), so it is the same on every platform and in every release;
    /// a stored study compares it with the current struct's to notice that the struct changed.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().fingerprint(), bool::space().fingerprint());
    /// assert_eq!(format!("{:016x}", bool::space().fingerprint()), "17c25a34bda5bb2c");
    /// ```
    pub fn fingerprint(&self) -> u64 {
        use fmt::Write as _;
        let mut text = String::new();
        for p in &self.params {
            let _ = write!(
                text,
                "{}\u{1f}{}\u{1f}{}\u{1f}{:?}\u{1f}{:?}",
                p.name(),
                p.type_name(),
                p.domain(),
                p.coordinate(),
                p.grid()
            );
            for c in p.conditions() {
                let _ = write!(text, "\u{1f}{c}");
            }
            // Only when present, so that the fingerprints of unweighted spaces did not change.
            if let Some(weights) = p.weights() {
                let _ = write!(text, "\u{1f}weights {weights:?}");
            }
            text.push('\u{1e}');
        }
        crate::fnv1a64(text.as_bytes())
    }

    /// The searched parameter with this dotted name, as a [`ParamId`]: for names that come as
    /// strings, such as a command-line argument. In code, prefer the typed
    /// [`Hyperparams::params`](crate::Hyperparams::params).
    ///
    /// ```
    /// use hp_core::{LogScale, ReverseLogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("learning_rate".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// b.scale("momentum".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
    /// let space = b.finish();
    /// assert_eq!(space.param_id("momentum").unwrap().coordinate(), 1);
    /// let typo = space.param_id("learnig_rate").unwrap_err();
    /// assert_eq!(typo.suggestion(), Some("learning_rate"));
    /// assert_eq!(
    ///     typo.to_string(),
    ///     "unknown hyperparameter `learnig_rate`; did you mean `learning_rate`? (valid: learning_rate, momentum)"
    /// );
    /// ```
    ///
    /// # Errors
    /// [`UnknownParam`] if no parameter with a coordinate has this name (a fixed value has none:
    /// it is not searched).
    pub fn param_id(&self, name: &str) -> Result<ParamId, UnknownParam> {
        match self.coordinates().find(|p| p.name() == name) {
            Some(p) => Ok(ParamId::__new(p.coordinate().unwrap_or_default(), p.name().to_owned())),
            None => Err(UnknownParam::new(
                name.to_owned(),
                self.coordinates().map(|p| p.name().to_owned()).collect(),
            )),
        }
    }

    /// The searched parameter a [`ParamId`] names: the parameter at its coordinate, if that has
    /// its name (an id of another config type's space names another parameter, or none).
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// let coin = bool::params();
    /// assert_eq!(bool::space().param(&coin).map(|p| p.type_name()), Some("bool"));
    /// ```
    pub fn param(&self, id: &ParamId) -> Option<&Param> {
        self.coordinate(id.coordinate()).filter(|p| p.name() == id.name())
    }
}

/// `{"dim": 4, "fingerprint": "17c25a34bda5bb2c", "params": [...]}`: the fingerprint as 16 hex
/// digits, since JSON numbers lose precision past 2^53 in most readers.
#[cfg(feature = "serde")]
impl serde::Serialize for Space {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Space", 3)?;
        s.serialize_field("dim", &self.dim())?;
        s.serialize_field("fingerprint", &format!("{:016x}", self.fingerprint()))?;
        s.serialize_field("params", &self.params)?;
        s.end()
    }
}

impl fmt::Display for Space {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name_w = self.params.iter().map(|p| p.name().len()).max().unwrap_or(0);
        let type_w = self.params.iter().map(|p| p.type_name().len()).max().unwrap_or(0);
        for p in &self.params {
            write!(f, "{:name_w$}  {:type_w$}  {p}", p.name(), p.type_name())?;
            for (i, c) in p.conditions().iter().enumerate() {
                write!(f, "{}{c}", if i == 0 { "  if " } else { " and " })?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Collects the parameters of a [`Space`], in declaration order; generated `describe` methods
/// call it, and a program can build a space by hand.
///
/// ```
/// use hp_core::{LogScale, SpaceBuilder};
/// let mut b = SpaceBuilder::new();
/// b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
/// b.fixed("epochs".into(), "u32", "10".into());
/// let space = b.finish();
/// assert_eq!((space.dim(), space.params().len()), (1, 2));
/// ```
#[derive(Debug, Default)]
pub struct SpaceBuilder {
    params: Vec<Param>,
    coordinates: Vec<usize>,
    // The conditions of the enum variants being described, outermost first.
    conditions: Vec<Condition>,
}

impl SpaceBuilder {
    /// An empty builder.
    ///
    /// ```
    /// assert_eq!(hp_core::SpaceBuilder::new().finish().dim(), 0);
    /// ```
    pub fn new() -> Self {
        SpaceBuilder::default()
    }

    /// Adds a parameter on a numeric scale, at the next coordinate. The space keeps a copy of
    /// the scale itself: its values, bins and mapping are the scale's.
    ///
    /// ```
    /// use hp_core::{LinearScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    /// assert_eq!(b.finish().params()[0].to_string(), "linear [2, 4]");
    /// ```
    pub fn scale<S>(&mut self, name: String, type_name: impl Into<Cow<'static, str>>, scale: &S)
    where
        S: Scale + Clone + fmt::Debug + Send + Sync + 'static,
        S::Value: Number,
    {
        let coordinate = self.next_coordinate();
        let param = Param::numeric(
            name,
            type_name.into(),
            coordinate,
            Arc::new(scale.clone()),
            self.conditions.clone(),
        );
        self.push_searched(param);
    }

    /// Adds a choice between `values` (their labels, the source text), equal weights, at the
    /// next coordinate.
    ///
    /// ```
    /// use hp_core::SpaceBuilder;
    /// let mut b = SpaceBuilder::new();
    /// b.choice("activation".into(), "&'static str", &["relu", "tanh"]);
    /// assert_eq!(b.finish().params()[0].label(1), Some("tanh"));
    /// ```
    ///
    /// # Panics
    /// If `values` is empty.
    pub fn choice(&mut self, name: String, type_name: impl Into<Cow<'static, str>>, values: &[&str]) {
        self.push_choice(name, type_name.into(), values, None);
    }

    /// Adds a choice between `values` with relative `weights` (one per value, positive and
    /// finite, as `WeightedCategoricalScale::new` takes them), at the next coordinate. Equal
    /// weights are recorded as a plain [`choice`](Self::choice).
    ///
    /// ```
    /// use hp_core::SpaceBuilder;
    /// let mut b = SpaceBuilder::new();
    /// b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"], &[1.0, 3.0]);
    /// b.weighted_choice("coin".into(), "bool", &["false", "true"], &[2.0, 2.0]);
    /// let space = b.finish();
    /// assert_eq!(space.params()[0].weights(), Some(&[1.0, 3.0][..]));
    /// assert_eq!(space.params()[1].weights(), None);
    /// assert_eq!(space.to_string().lines().next(), Some("optimizer  Optimizer  choice {Sgd, Adam} weights {1, 3}"));
    /// ```
    ///
    /// # Panics
    /// If `weights` is not as long as `values`, or `WeightedCategoricalScale::new` rejects it.
    pub fn weighted_choice(
        &mut self,
        name: String,
        type_name: impl Into<Cow<'static, str>>,
        values: &[&str],
        weights: &[f64],
    ) {
        assert_eq!(values.len(), weights.len(), "weighted_choice `{name}`: one weight per value");
        let weights = weights.windows(2).any(|w| w[0] != w[1]).then(|| weights.to_vec());
        self.push_choice(name, type_name.into(), values, weights);
    }

    fn push_choice(
        &mut self,
        name: String,
        type_name: Cow<'static, str>,
        values: &[&str],
        weights: Option<Vec<f64>>,
    ) {
        let coordinate = self.next_coordinate();
        let labels = values.iter().map(|v| (*v).to_owned()).collect();
        let param = Param::choice(name, type_name, coordinate, labels, weights, self.conditions.clone());
        self.push_searched(param);
    }

    /// Adds a fixed value (its source text), which takes no coordinate.
    ///
    /// ```
    /// use hp_core::SpaceBuilder;
    /// let mut b = SpaceBuilder::new();
    /// b.fixed("epochs".into(), "u32", "10".into());
    /// assert_eq!(b.finish().params()[0].to_string(), "fixed 10");
    /// ```
    pub fn fixed(&mut self, name: String, type_name: impl Into<Cow<'static, str>>, value: String) {
        self.params.push(Param::fixed(name, type_name.into(), value, self.conditions.clone()));
    }

    fn next_coordinate(&self) -> usize {
        self.coordinates.len()
    }

    fn push_searched(&mut self, param: Param) {
        self.coordinates.push(self.params.len());
        self.params.push(param);
    }

    /// Sets the number of grid points of the parameter added last (`grid = K` in the attribute).
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// b.grid(9);
    /// assert_eq!(b.finish().params()[0].grid(), Some(9));
    /// ```
    pub fn grid(&mut self, points: u32) {
        if let Some(p) = self.params.last_mut() {
            p.set_grid(points);
        }
    }

    /// Parameters added from now until the matching [`leave`](Self::leave) are active only when
    /// the choice parameter named `param`, added before, takes the value labelled `value` (an
    /// enum variant's fields).
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// b.enter("optimizer", "Adam");
    /// b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// b.leave();
    /// assert_eq!(b.finish().params()[1].conditions()[0].to_string(), "optimizer = Adam");
    /// ```
    ///
    /// # Panics
    /// If no choice named `param` with a value `value` was added.
    pub fn enter(&mut self, param: &str, value: &str) {
        let found = self.coordinates.iter().rev().map(|&i| &self.params[i]).find(|p| p.name() == param);
        let Some((coordinate, index)) = found.and_then(|p| Some((p.coordinate()?, p.parse(value)?))) else {
            panic!("SpaceBuilder::enter: no choice `{param}` with a value `{value}` was added before");
        };
        let Value::Choice(index) = index else {
            panic!("SpaceBuilder::enter: `{param}` is not a choice");
        };
        self.conditions.push(param::Condition::new(param.to_owned(), value.to_owned(), coordinate, index));
    }

    /// Ends the innermost [`enter`](Self::enter).
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// b.enter("optimizer", "Adam");
    /// b.leave();
    /// b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// assert!(b.finish().params()[1].conditions().is_empty());
    /// ```
    pub fn leave(&mut self) {
        self.conditions.pop();
    }

    /// The finished space.
    ///
    /// ```
    /// assert!(hp_core::SpaceBuilder::new().finish().params().is_empty());
    /// ```
    pub fn finish(self) -> Space {
        Space { params: self.params, coordinates: self.coordinates }
    }
}

/// `prefix.name`, or `name` at the root: the dotted path of a nested field.
///
/// ```
/// assert_eq!(hp_core::join_path("", "lr"), "lr");
/// assert_eq!(hp_core::join_path("optimizer", "lr"), "optimizer.lr");
/// ```
pub fn join_path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

/// For generated code: a scale's allowed values for a validation message, bounds in the field's
/// type (`log [0.0001, 1.0]` for an `f32` field, not `9.999999747378752e-5`).
#[doc(hidden)]
pub fn describe_scale<S>(scale: &S) -> String
where
    S: Scale + fmt::Debug + Send + Sync,
    S::Value: Number,
{
    erased::ErasedScale::describe(scale)
}

/// The name of an enum's variant coordinate at `path`: the enum's own path (`optimizer`), or
/// `variant` for an enum that is the whole config.
///
/// ```
/// assert_eq!(hp_core::variant_name("optimizer"), "optimizer");
/// assert_eq!(hp_core::variant_name(""), "variant");
/// ```
pub fn variant_name(path: &str) -> &str {
    if path.is_empty() { "variant" } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LinearScale, LogScale};

    fn space() -> Space {
        let mut b = SpaceBuilder::new();
        b.scale("learning_rate".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
        b.fixed("epochs".into(), "u32", "10".into());
        b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
        b.enter("optimizer", "Adam");
        b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
        b.leave();
        b.scale("layers".into(), "u32", &LinearScale::new(2u32, 4).unwrap());
        b.finish()
    }

    #[test]
    fn param_id_gives_the_coordinate_of_a_searched_name() {
        let space = space();
        let ids: Vec<(usize, String)> = ["learning_rate", "optimizer", "optimizer.Adam.lr", "layers"]
            .iter()
            .map(|n| space.param_id(n).map(|id| (id.coordinate(), id.to_string())).unwrap())
            .collect();
        assert_eq!(
            ids,
            [(0, "learning_rate"), (1, "optimizer"), (2, "optimizer.Adam.lr"), (3, "layers")]
                .map(|(c, n)| (c, n.to_owned()))
        );
    }

    #[test]
    fn unknown_names_list_the_valid_ones_and_suggest_the_closest() {
        let space = space();
        let err = space.param_id("layres").unwrap_err();
        assert_eq!(err.name(), "layres");
        assert_eq!(err.suggestion(), Some("layers"));
        assert_eq!(err.valid(), ["learning_rate", "optimizer", "optimizer.Adam.lr", "layers"]);
        // The last segment of exactly one name.
        assert_eq!(space.param_id("lr").unwrap_err().suggestion(), Some("optimizer.Adam.lr"));
        // Nothing close: no suggestion, but the list.
        let far = space.param_id("dropout").unwrap_err();
        assert_eq!(far.suggestion(), None);
        assert_eq!(
            far.to_string(),
            "unknown hyperparameter `dropout` (valid: learning_rate, optimizer, optimizer.Adam.lr, layers)"
        );
        // A fixed value is not searched.
        assert!(space.param_id("epochs").is_err());
        assert_eq!(
            SpaceBuilder::new().finish().param_id("x").unwrap_err().to_string(),
            "unknown hyperparameter `x` (the space has no searched parameters)"
        );
    }
}
