//! [`Param`]: one hyperparameter of a space, the object that *is* its scale; [`Levels`] and
//! [`Condition`].

use core::fmt;
use std::borrow::Cow;
use std::sync::Arc;

use super::erased::ErasedScale;
use crate::scale::{CategoricalScale, Scale, WeightedCategoricalScale};
use crate::{Domain, Value};

/// How many values a searched hyperparameter takes, and of what kind: what a sampler models.
///
/// ```
/// use hp_core::{Hyperparams, Levels};
/// let coin = bool::space();
/// assert_eq!(coin.params()[0].levels(), Some(Levels::Categories(&["false".to_owned(), "true".to_owned()][..])));
/// assert_eq!(Levels::Values(51).count(), Some(51));
/// assert_eq!(Levels::Continuous.count(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Levels<'a> {
    /// A float range without a step.
    Continuous,
    /// Ordered values, this many: an integer range, a grid (`step = S`). A value's neighbours
    /// are the values next to it.
    Values(u128),
    /// Unordered values with their labels: a `choice(...)`, a `bool`, an enum's variants. No
    /// value is nearer another than a third.
    Categories(&'a [String]),
}

impl Levels<'_> {
    /// The number of values; `None` for a continuous range.
    ///
    /// ```
    /// # use hp_core::Levels;
    /// assert_eq!(Levels::Categories(&["a".to_owned(), "b".to_owned()]).count(), Some(2));
    /// ```
    pub fn count(&self) -> Option<u128> {
        match self {
            Levels::Continuous => None,
            Levels::Values(n) => Some(*n),
            Levels::Categories(labels) => Some(labels.len() as u128),
        }
    }
}

/// A parameter is active only when the choice parameter [`param`](Condition::param) (an enum's
/// variant, at unit coordinate [`coordinate`](Condition::coordinate)) takes the value
/// [`equals`](Condition::equals), its value number [`index`](Condition::index).
///
/// ```
/// use hp_core::{LogScale, SpaceBuilder};
/// let mut b = SpaceBuilder::new();
/// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
/// b.enter("optimizer", "Adam");
/// b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
/// b.leave();
/// let space = b.finish();
/// let condition = &space.params()[1].conditions()[0];
/// assert_eq!(condition.to_string(), "optimizer = Adam");
/// assert_eq!((condition.coordinate(), condition.index()), (0, 1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Condition {
    param: String,
    equals: String,
    coordinate: usize,
    index: usize,
}

impl Condition {
    pub(crate) fn new(param: String, equals: String, coordinate: usize, index: usize) -> Self {
        Condition { param, equals, coordinate, index }
    }

    /// The dotted name of the choice parameter (an enum's variant selector).
    ///
    /// ```
    /// # use hp_core::{LogScale, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// # b.enter("optimizer", "Adam");
    /// # b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// # let space = b.finish();
    /// assert_eq!(space.params()[1].conditions()[0].param(), "optimizer");
    /// ```
    pub fn param(&self) -> &str {
        &self.param
    }

    /// The value it must take, as listed in its [`Levels::Categories`].
    ///
    /// ```
    /// # use hp_core::{LogScale, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// # b.enter("optimizer", "Adam");
    /// # b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// # let space = b.finish();
    /// assert_eq!(space.params()[1].conditions()[0].equals(), "Adam");
    /// ```
    pub fn equals(&self) -> &str {
        &self.equals
    }

    /// The choice parameter's unit-cube coordinate.
    ///
    /// ```
    /// # use hp_core::{LogScale, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// # b.enter("optimizer", "Adam");
    /// # b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// # let space = b.finish();
    /// assert_eq!(space.params()[1].conditions()[0].coordinate(), 0);
    /// ```
    pub fn coordinate(&self) -> usize {
        self.coordinate
    }

    /// The number of the value it must take ([`Value::Choice`] of it).
    ///
    /// ```
    /// # use hp_core::{LogScale, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// # b.enter("optimizer", "Adam");
    /// # b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// # let space = b.finish();
    /// assert_eq!(space.params()[1].conditions()[0].index(), 1);
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.param, self.equals)
    }
}

/// `{"param": "optimizer", "equals": "Adam"}`.
#[cfg(feature = "serde")]
impl serde::Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Condition", 2)?;
        s.serialize_field("param", &self.param)?;
        s.serialize_field("equals", &self.equals)?;
        s.end()
    }
}

/// One hyperparameter of a [`Space`](crate::Space): a searched coordinate, which *is* its scale
/// (the very scale the derive built), or a fixed value.
///
/// A searched parameter maps the unit interval to its values and back
/// ([`from_unit`](Param::from_unit), [`to_unit`](Param::to_unit)), knows which values it has
/// ([`levels`](Param::levels), [`contains`](Param::contains)), where each discrete value's bin
/// lies ([`unit_bin`](Param::unit_bin), [`nth_unit`](Param::nth_unit)), how to show and read a
/// value ([`display`](Param::display), [`parse`](Param::parse)), and the
/// [`conditions`](Param::conditions) under which it is active. Plots, nudges, zoom, exports and
/// samplers take all of it from here and never rebuild a scale.
///
/// `Display` writes its domain with bounds in the field's type: `log [0.0001, 1.0]`,
/// `choice {Sgd, Adam} weights {1, 3}`, `fixed 10`.
///
/// ```
/// use hp_core::{Levels, LogScale, SpaceBuilder, Value};
/// let mut b = SpaceBuilder::new();
/// b.scale("lr".into(), "f32", &LogScale::new(1e-4f32, 1.0).unwrap());
/// let space = b.finish();
/// let lr = &space.params()[0];
/// assert_eq!((lr.name(), lr.type_name(), lr.coordinate()), ("lr", "f32", Some(0)));
/// assert_eq!(lr.levels(), Some(Levels::Continuous));
/// assert_eq!(lr.from_unit(0.0), Some(Value::F32(1e-4)));
/// assert_eq!(lr.to_unit(Value::F32(1e-3)).map(|u| (u - 0.25).abs() < 1e-6), Some(true));
/// assert_eq!(lr.parse("0.3"), Some(Value::F32(0.3)));
/// assert_eq!(lr.to_string(), "log [0.0001, 1.0]");
/// ```
#[derive(Clone)]
pub struct Param {
    name: String,
    type_name: Cow<'static, str>,
    kind: Kind,
    grid: Option<u32>,
    conditions: Vec<Condition>,
}

#[derive(Clone)]
enum Kind {
    Numeric { coordinate: usize, scale: Arc<dyn ErasedScale> },
    Choice { coordinate: usize, labels: Vec<String>, scale: ChoiceScale },
    Fixed { label: String },
}

/// A choice's scale: equal bins, or bins as wide as the weights (kept as written, for people).
#[derive(Clone, Debug, PartialEq)]
enum ChoiceScale {
    Equal(CategoricalScale),
    Weighted { scale: WeightedCategoricalScale, weights: Vec<f64> },
}

impl ChoiceScale {
    #[allow(clippy::wrong_self_convention)]
    fn from_unit(&self, u: f64) -> usize {
        match self {
            ChoiceScale::Equal(s) => Scale::from_unit(s, u) as usize,
            ChoiceScale::Weighted { scale, .. } => Scale::from_unit(scale, u) as usize,
        }
    }

    fn to_unit(&self, k: usize) -> f64 {
        match self {
            ChoiceScale::Equal(s) => Scale::to_unit(s, k as u64),
            ChoiceScale::Weighted { scale, .. } => Scale::to_unit(scale, k as u64),
        }
    }

    fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
        match self {
            ChoiceScale::Equal(s) => Scale::unit_bin(s, u),
            ChoiceScale::Weighted { scale, .. } => Scale::unit_bin(scale, u),
        }
    }

    fn nth_unit(&self, k: u128) -> Option<f64> {
        match self {
            ChoiceScale::Equal(s) => Scale::nth_unit(s, k),
            ChoiceScale::Weighted { scale, .. } => Scale::nth_unit(scale, k),
        }
    }
}

impl Param {
    pub(crate) fn numeric(
        name: String,
        type_name: Cow<'static, str>,
        coordinate: usize,
        scale: Arc<dyn ErasedScale>,
        conditions: Vec<Condition>,
    ) -> Self {
        Param { name, type_name, kind: Kind::Numeric { coordinate, scale }, grid: None, conditions }
    }

    /// A choice; `weights` (valid, one per label) only if they are not all equal.
    pub(crate) fn choice(
        name: String,
        type_name: Cow<'static, str>,
        coordinate: usize,
        labels: Vec<String>,
        weights: Option<Vec<f64>>,
        conditions: Vec<Condition>,
    ) -> Self {
        let scale = match weights {
            Some(weights) => match WeightedCategoricalScale::new(&weights) {
                Ok(scale) => ChoiceScale::Weighted { scale, weights },
                Err(e) => panic!("choice `{name}`: {e}"),
            },
            None => match CategoricalScale::new(labels.len() as u64) {
                Ok(scale) => ChoiceScale::Equal(scale),
                Err(e) => panic!("choice `{name}`: {e}"),
            },
        };
        Param { name, type_name, kind: Kind::Choice { coordinate, labels, scale }, grid: None, conditions }
    }

    pub(crate) fn fixed(
        name: String,
        type_name: Cow<'static, str>,
        label: String,
        conditions: Vec<Condition>,
    ) -> Self {
        Param { name, type_name, kind: Kind::Fixed { label }, grid: None, conditions }
    }

    pub(crate) fn set_grid(&mut self, points: u32) {
        self.grid = Some(points);
    }

    /// The dotted path from the root config, e.g. `optimizer.Adam.beta1`.
    ///
    /// ```
    /// # use hp_core::{LinearScale, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    /// assert_eq!(b.finish().params()[0].name(), "layers");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The field's Rust type as written, e.g. `f64`, `Optimizer`: for people; the scale itself
    /// knows the value type.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().params()[0].type_name(), "bool");
    /// ```
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// Its index in the unit cube ([`Hyperparams::from_unit`](crate::Hyperparams::from_unit));
    /// `None` for a fixed value, which is not searched.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().params()[0].coordinate(), Some(0));
    /// ```
    pub fn coordinate(&self) -> Option<usize> {
        match self.kind {
            Kind::Numeric { coordinate, .. } | Kind::Choice { coordinate, .. } => Some(coordinate),
            Kind::Fixed { .. } => None,
        }
    }

    /// Its values: continuous, ordered values or categories; `None` for a fixed value.
    ///
    /// ```
    /// use hp_core::{LinearScale, Levels, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("units".into(), "u32", &LinearScale::new(50u32, 100).unwrap());
    /// b.fixed("epochs".into(), "u32", "10".into());
    /// let space = b.finish();
    /// assert_eq!(space.params()[0].levels(), Some(Levels::Values(51)));
    /// assert_eq!(space.params()[1].levels(), None);
    /// ```
    pub fn levels(&self) -> Option<Levels<'_>> {
        match &self.kind {
            Kind::Numeric { scale, .. } => Some(scale.levels().map_or(Levels::Continuous, Levels::Values)),
            Kind::Choice { labels, .. } => Some(Levels::Categories(labels)),
            Kind::Fixed { .. } => None,
        }
    }

    /// The number of grid points asked for by `grid = K` in the attribute, if any.
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// b.grid(9);
    /// assert_eq!(b.finish().params()[0].grid(), Some(9));
    /// ```
    pub fn grid(&self) -> Option<u32> {
        self.grid
    }

    /// When the parameter is active: all of these must hold (empty: always), outermost first. A
    /// field of an enum variant is active when its enum's variant coordinate takes that variant.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert!(bool::space().params()[0].conditions().is_empty());
    /// ```
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The relative weights of a choice's values, as written in `#[hp(weight = W)]` on an enum's
    /// variants (1 where none is written); `None` when all values have the same weight.
    ///
    /// ```
    /// use hp_core::SpaceBuilder;
    /// let mut b = SpaceBuilder::new();
    /// b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"], &[1.0, 3.0]);
    /// assert_eq!(b.finish().params()[0].weights(), Some(&[1.0, 3.0][..]));
    /// ```
    pub fn weights(&self) -> Option<&[f64]> {
        match &self.kind {
            Kind::Choice { scale: ChoiceScale::Weighted { weights, .. }, .. } => Some(weights),
            _ => None,
        }
    }

    /// A description of its values (kind, bounds, step; labels; the fixed value's text).
    ///
    /// ```
    /// use hp_core::{Domain, Hyperparams};
    /// assert_eq!(bool::space().params()[0].domain(), Domain::Choice { values: vec!["false".into(), "true".into()] });
    /// ```
    pub fn domain(&self) -> Domain {
        match &self.kind {
            Kind::Numeric { scale, .. } => scale.domain(),
            Kind::Choice { labels, .. } => Domain::Choice { values: labels.clone() },
            Kind::Fixed { label } => Domain::Fixed { value: label.clone() },
        }
    }

    /// The value at position `u` of the unit interval (clamped to `[0, 1]`, NaN taken as 0):
    /// what [`Hyperparams::from_unit`](crate::Hyperparams::from_unit) puts in the field. `None`
    /// for a fixed value.
    ///
    /// ```
    /// use hp_core::{Hyperparams, Value};
    /// assert_eq!(bool::space().params()[0].from_unit(0.7), Some(Value::Choice(1)));
    /// ```
    // `from_unit` / `to_unit` name the two directions of the mapping, as for `Scale`.
    #[allow(clippy::wrong_self_convention)]
    pub fn from_unit(&self, u: f64) -> Option<Value> {
        match &self.kind {
            Kind::Numeric { scale, .. } => Some(scale.from_unit(u)),
            Kind::Choice { scale, .. } => Some(Value::Choice(scale.from_unit(u))),
            Kind::Fixed { .. } => None,
        }
    }

    /// Where `value` sits in the unit interval (the centre of a discrete value's bin); `None` for
    /// a value of another type (an `f64` for an `f32` field, a choice past the last value) or a
    /// fixed parameter. A value of the right type outside the range maps to the nearer end.
    ///
    /// ```
    /// use hp_core::{Hyperparams, Value};
    /// let space = bool::space();
    /// let coin = &space.params()[0];
    /// assert_eq!(coin.to_unit(Value::Choice(1)), Some(0.75));
    /// assert_eq!(coin.to_unit(Value::F64(1.0)), None);
    /// ```
    pub fn to_unit(&self, value: Value) -> Option<f64> {
        match (&self.kind, value) {
            (Kind::Numeric { scale, .. }, value) => scale.to_unit(value),
            (Kind::Choice { scale, labels, .. }, Value::Choice(k)) if k < labels.len() => {
                Some(scale.to_unit(k))
            }
            _ => None,
        }
    }

    /// Whether `value` is one of the parameter's values (of its type, in range, on its grid).
    ///
    /// ```
    /// use hp_core::{LinearScale, SpaceBuilder, Value};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    /// let space = b.finish();
    /// assert!(space.params()[0].contains(Value::Int(3)));
    /// assert!(!space.params()[0].contains(Value::Int(5)));
    /// ```
    pub fn contains(&self, value: Value) -> bool {
        match (&self.kind, value) {
            (Kind::Numeric { scale, .. }, value) => scale.contains(value),
            (Kind::Choice { labels, .. }, Value::Choice(k)) => k < labels.len(),
            _ => false,
        }
    }

    /// The bin of the unit interval holding `u` for a discrete parameter: every position in
    /// `[start, end)` gives the same value (the last bin includes 1). Bins are equal, as wide as a
    /// weighted choice's weights, or log-spaced for a log scale's integers. `None` for a
    /// continuous or fixed parameter.
    ///
    /// ```
    /// use hp_core::{Hyperparams, SpaceBuilder};
    /// assert_eq!(bool::space().params()[0].unit_bin(0.7), Some((0.5, 1.0)));
    /// let mut b = SpaceBuilder::new();
    /// b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]);
    /// assert_eq!(b.finish().params()[0].unit_bin(0.3), Some((0.25, 0.5)));
    /// ```
    pub fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
        match &self.kind {
            Kind::Numeric { scale, .. } => scale.unit_bin(u),
            Kind::Choice { scale, .. } => scale.unit_bin(u),
            Kind::Fixed { .. } => None,
        }
    }

    /// Where the `k`-th value sits (values in increasing order, or a choice's in declaration
    /// order; from 0): the centre of its bin, as [`to_unit`](Param::to_unit) places it. `None`
    /// for a continuous or fixed parameter, or `k` past the last value.
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("batch".into(), "u32", &LogScale::new(1u32, 4).unwrap());
    /// let space = b.finish();
    /// let batch = &space.params()[0];
    /// // Integers on a log scale have log-spaced bins: 1 takes more of [0, 1] than 4.
    /// let centres: Vec<f64> = (0..4).map(|k| batch.nth_unit(k).unwrap()).collect();
    /// assert!(centres[1] - centres[0] > centres[3] - centres[2]);
    /// assert_eq!(batch.nth_unit(4), None);
    /// ```
    pub fn nth_unit(&self, k: u128) -> Option<f64> {
        match &self.kind {
            Kind::Numeric { scale, .. } => scale.nth_unit(k),
            Kind::Choice { scale, .. } => scale.nth_unit(k),
            Kind::Fixed { .. } => None,
        }
    }

    /// The value of the parameter's type nearest `x`, if it is one of its values: a float rounded
    /// to the field's type, an integer only if `x` is a whole number. For placing a decimal (a
    /// plot's tick, a user's number) on the scale. `None` for a choice or a fixed value.
    ///
    /// ```
    /// use hp_core::{LinearScale, SpaceBuilder, Value};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    /// let space = b.finish();
    /// assert_eq!(space.params()[0].nearest(3.0), Some(Value::Int(3)));
    /// assert_eq!(space.params()[0].nearest(3.5), None);
    /// assert_eq!(space.params()[0].nearest(6.0), None);
    /// ```
    pub fn nearest(&self, x: f64) -> Option<Value> {
        match &self.kind {
            Kind::Numeric { scale, .. } => scale.nearest(x),
            _ => None,
        }
    }

    /// The label of a choice's value number `k`; `None` for a numeric or fixed parameter.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().params()[0].label(1), Some("true"));
    /// ```
    pub fn label(&self, k: usize) -> Option<&str> {
        match &self.kind {
            Kind::Choice { labels, .. } => labels.get(k).map(String::as_str),
            _ => None,
        }
    }

    /// The value written for people and for files: a number in the shortest form that reads
    /// back as the same value in the field's type (`0.3` for an `f32` 0.3), a choice by its
    /// label. The inverse of [`parse`](Param::parse).
    ///
    /// ```
    /// use hp_core::{Hyperparams, Value};
    /// assert_eq!(bool::space().params()[0].display(Value::Choice(0)), "false");
    /// ```
    pub fn display(&self, value: Value) -> String {
        match (&self.kind, value) {
            (Kind::Choice { labels, .. }, Value::Choice(k)) if k < labels.len() => labels[k].clone(),
            _ => value.to_string(),
        }
    }

    /// The value written as [`display`](Param::display) writes it (or in any Rust literal form
    /// of the field's type: `1e-4`, `0.0001`); a choice by its label. `None` if `text` is not a
    /// value of the field's type, or not one of a choice's labels. The value need not lie in
    /// range: check with [`contains`](Param::contains).
    ///
    /// ```
    /// use hp_core::{Hyperparams, Value};
    /// assert_eq!(bool::space().params()[0].parse("true"), Some(Value::Choice(1)));
    /// assert_eq!(bool::space().params()[0].parse("yes"), None);
    /// ```
    pub fn parse(&self, text: &str) -> Option<Value> {
        match &self.kind {
            Kind::Numeric { scale, .. } => scale.parse(text),
            Kind::Choice { labels, .. } => labels.iter().position(|l| l == text).map(Value::Choice),
            Kind::Fixed { .. } => None,
        }
    }

    /// The text of a fixed parameter's value; `None` for a searched one.
    ///
    /// ```
    /// use hp_core::SpaceBuilder;
    /// let mut b = SpaceBuilder::new();
    /// b.fixed("epochs".into(), "u32", "10".into());
    /// assert_eq!(b.finish().params()[0].fixed_value(), Some("10"));
    /// ```
    pub fn fixed_value(&self) -> Option<&str> {
        match &self.kind {
            Kind::Fixed { label } => Some(label),
            _ => None,
        }
    }

    /// Its [`Display`](fmt::Display), for the derive's validation messages: the allowed values.
    pub(crate) fn describe(&self) -> String {
        match &self.kind {
            Kind::Numeric { scale, .. } => scale.describe(),
            Kind::Choice { labels, scale, .. } => {
                let mut text = format!("choice {{{}}}", labels.join(", "));
                if let ChoiceScale::Weighted { weights, .. } = scale {
                    let weights: Vec<String> = weights.iter().map(|w| format!("{w}")).collect();
                    text.push_str(&format!(" weights {{{}}}", weights.join(", ")));
                }
                text
            }
            Kind::Fixed { label } => format!("fixed {label}"),
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl fmt::Debug for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Param")
            .field("name", &self.name)
            .field("type_name", &self.type_name)
            .field("coordinate", &self.coordinate())
            .field("domain", &self.domain())
            .field("weights", &self.weights())
            .field("grid", &self.grid)
            .field("conditions", &self.conditions)
            .finish()
    }
}

/// Two parameters are equal when they describe the same hyperparameter: name, type, coordinate,
/// domain, weights, grid size and conditions.
impl PartialEq for Param {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.type_name == other.type_name
            && self.coordinate() == other.coordinate()
            && self.domain() == other.domain()
            && self.weights() == other.weights()
            && self.grid == other.grid
            && self.conditions == other.conditions
    }
}

/// `{"name", "rust_type", "domain", "coordinate", "levels", "grid", "conditions", "weights"}`:
/// `levels` is a number, or a decimal string past `u64::MAX` (a full-range 64-bit integer has
/// 2^64 values, which JSON readers cannot hold as a number).
#[cfg(feature = "serde")]
impl serde::Serialize for Param {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;

        /// A count of values: a number up to `u64::MAX`, else its decimal text.
        struct Count(u128);
        impl serde::Serialize for Count {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match u64::try_from(self.0) {
                    Ok(n) => serializer.serialize_u64(n),
                    Err(_) => serializer.collect_str(&self.0),
                }
            }
        }

        let mut s = serializer.serialize_struct("Param", 8)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("rust_type", &self.type_name)?;
        s.serialize_field("domain", &self.domain())?;
        s.serialize_field("coordinate", &self.coordinate())?;
        let levels = match self.levels() {
            Some(levels) => levels.count(),
            None => Some(1),
        };
        s.serialize_field("levels", &levels.map(Count))?;
        s.serialize_field("grid", &self.grid)?;
        s.serialize_field("conditions", &self.conditions)?;
        if let Some(weights) = self.weights() {
            s.serialize_field("weights", weights)?;
        }
        s.end()
    }
}
