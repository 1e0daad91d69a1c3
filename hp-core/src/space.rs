//! [`Space`]: the search space of a config type, one [`Param`] per hyperparameter.
//!
//! ```
//! use hp_core::{Domain, Hyperparams, ScaleKind};
//! let space = bool::space();
//! assert_eq!(space.dim(), 1);
//! assert_eq!(space.params()[0].domain, Domain::Choice { values: vec!["false".into(), "true".into()] });
//! ```

use core::fmt;

use hp_rules::suggest;

use crate::ScaleKind;
use crate::scale::{CategoricalScale, Scale, WeightedCategoricalScale};

/// Serializes a [`ScaleKind`] as its name.
#[cfg(feature = "serde")]
fn kind_name<S: serde::Serializer>(kind: &ScaleKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.name())
}

/// The values one hyperparameter can take.
///
/// `Display` gives the form used in error messages: `log [0.0001, 1.0]`, `linear [16, 1024] step 16`,
/// `choice {relu, tanh}`, `fixed 3`.
///
/// ```
/// use hp_core::{Domain, ScaleKind};
/// let d = Domain::Float { scale: ScaleKind::Log, low: 1e-4, high: 1.0, step: None };
/// assert_eq!(d.to_string(), "log [0.0001, 1.0]");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(tag = "kind", rename_all = "snake_case"))]
pub enum Domain {
    /// A float range; `step` for a grid (additive on a linear scale, a ratio on log scales).
    Float {
        /// The scale.
        #[cfg_attr(feature = "serde", serde(serialize_with = "kind_name"))]
        scale: ScaleKind,
        /// The low end, included.
        low: f64,
        /// The high end, included.
        high: f64,
        /// The grid step, if any.
        step: Option<f64>,
    },
    /// An integer range, both ends included; `step` as for floats.
    Int {
        /// The scale.
        #[cfg_attr(feature = "serde", serde(serialize_with = "kind_name"))]
        scale: ScaleKind,
        /// The low end, included.
        low: i128,
        /// The high end, included.
        high: i128,
        /// The grid step, if any.
        step: Option<i128>,
    },
    /// One of a list of values, equal weight, shown by their source text.
    Choice {
        /// The values, in declaration order.
        values: Vec<String>,
    },
    /// A constant that is part of the config but not of the search (it has no coordinate).
    Fixed {
        /// The value's source text.
        value: String,
    },
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Domain::Float { scale, low, high, step } => {
                write!(f, "{scale} [{low:?}, {high:?}]")?;
                step.map_or(Ok(()), |s| write!(f, " step {s:?}"))
            }
            Domain::Int { scale, low, high, step } => {
                write!(f, "{scale} [{low}, {high}]")?;
                step.map_or(Ok(()), |s| write!(f, " step {s}"))
            }
            Domain::Choice { values } => write!(f, "choice {{{}}}", values.join(", ")),
            Domain::Fixed { value } => write!(f, "fixed {value}"),
        }
    }
}

/// One hyperparameter of a [`Space`].
///
/// ```
/// use hp_core::{Hyperparams, Param};
/// let space = bool::space();
/// let p: &Param = &space.params()[0];
/// assert_eq!((p.rust_type, p.coordinate, p.levels), ("bool", Some(0), Some(2)));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Param {
    /// Dotted path from the root config, e.g. `optimizer.lr`.
    pub name: String,
    /// The field's Rust type as written, e.g. `f64`.
    pub rust_type: &'static str,
    /// Its values.
    pub domain: Domain,
    /// Its index in the unit cube (`Hyperparams::from_unit`), `None` for a fixed value.
    pub coordinate: Option<usize>,
    /// The number of distinct values for a discrete parameter, `None` for a continuous one.
    pub levels: Option<u128>,
    /// The number of grid points asked for by `grid = K` in the attribute, if any.
    pub grid: Option<u32>,
    /// When the parameter is active: all of these must hold (empty: always). A field of an enum
    /// variant is active when its enum's choice parameter takes that variant.
    pub conditions: Vec<Condition>,
    /// The relative weights of a choice's values, as written in `#[hp(weight = W)]` on an enum's
    /// variants (1 where none is written); `None` when all values have the same weight. See
    /// [`choice_to_unit`](Param::choice_to_unit) for where each value sits in the unit interval.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub weights: Option<Vec<f64>>,
}

impl Param {
    /// The unit coordinate of a choice's value number `index` (in [`Domain::Choice`] order): the
    /// centre of its bin, equal bins or, with [`weights`](Param::weights), bins as wide as the
    /// weights. `None` if the parameter is not a choice or `index` is past its values. A grid
    /// writes these; [`choice_from_unit`](Param::choice_from_unit) maps them back.
    ///
    /// ```
    /// use hp_core::{Hyperparams, SpaceBuilder};
    /// assert_eq!(bool::space().params()[0].choice_to_unit(1), Some(0.75));
    /// let mut b = SpaceBuilder::new();
    /// b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]);
    /// let space = b.finish();
    /// let p = &space.params()[0];
    /// assert_eq!([0, 1, 2].map(|k| p.choice_to_unit(k)), [Some(0.125), Some(0.375), Some(0.75)]);
    /// ```
    pub fn choice_to_unit(&self, index: usize) -> Option<f64> {
        let Domain::Choice { values } = &self.domain else { return None };
        if index >= values.len() {
            return None;
        }
        Some(match &self.weights {
            Some(weights) => WeightedCategoricalScale::new(weights).ok()?.to_unit(index as u64),
            None => CategoricalScale::new(values.len() as u64).ok()?.to_unit(index as u64),
        })
    }

    /// The index of the choice value at unit coordinate `u`: the inverse of
    /// [`choice_to_unit`](Param::choice_to_unit), what `Hyperparams::from_unit` picks. `None` if
    /// the parameter is not a choice.
    ///
    /// ```
    /// use hp_core::SpaceBuilder;
    /// let mut b = SpaceBuilder::new();
    /// b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]);
    /// let space = b.finish();
    /// let p = &space.params()[0];
    /// assert_eq!([0.2, 0.3, 0.5].map(|u| p.choice_from_unit(u)), [Some(0), Some(1), Some(2)]);
    /// ```
    pub fn choice_from_unit(&self, u: f64) -> Option<usize> {
        let Domain::Choice { values } = &self.domain else { return None };
        let index = match &self.weights {
            Some(weights) => WeightedCategoricalScale::new(weights).ok()?.from_unit(u),
            None => CategoricalScale::new(values.len() as u64).ok()?.from_unit(u),
        };
        Some(index as usize)
    }

    /// The bin of the unit interval that holds `u` for a discrete parameter: every `u` in
    /// `[start, end)` gives the same value (the last bin includes 1). `None` for a continuous
    /// parameter. Bins are equal, or as wide as the weights of a weighted choice; a zoomed region
    /// snaps to them so that each value in it keeps its whole share.
    ///
    /// ```
    /// use hp_core::{Hyperparams, SpaceBuilder};
    /// assert_eq!(bool::space().params()[0].unit_bin(0.7), Some((0.5, 1.0)));
    /// let mut b = SpaceBuilder::new();
    /// b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]);
    /// let space = b.finish();
    /// assert_eq!(space.params()[0].unit_bin(0.3), Some((0.25, 0.5)));
    /// ```
    pub fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
        let u = crate::scale::clamp_unit(u);
        if let (Domain::Choice { .. }, Some(weights)) = (&self.domain, &self.weights) {
            let mut ends = vec![0.0; weights.len()];
            hp_rules::weights::cumulative_weights(weights, &mut ends).ok()?;
            let k = hp_rules::weights::weighted_index(u, &ends) as usize;
            return Some((if k == 0 { 0.0 } else { ends[k - 1] }, ends[k]));
        }
        let n = self.levels? as f64;
        let k = (u * n).floor().min(n - 1.0);
        Some((k / n, ((k + 1.0) / n).min(1.0)))
    }
}

/// A parameter is active only when the choice parameter `param` takes the value `equals`.
///
/// ```
/// use hp_core::Condition;
/// let c = Condition { param: "optimizer".into(), equals: "Adam".into() };
/// assert_eq!(c.to_string(), "optimizer = Adam");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Condition {
    /// The dotted name of the choice parameter (an enum's variant selector).
    pub param: String,
    /// The value it must take, as listed in its [`Domain::Choice`].
    pub equals: String,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.param, self.equals)
    }
}

/// The search space of a config type: its hyperparameters in unit-cube order.
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
        self.params.iter().find(|p| p.name == name)
    }

    /// A stable 64-bit fingerprint of everything that decides what trial `i` of a study is: each
    /// parameter's name, type, domain, coordinate, grid size, conditions and weights, in order.
    ///
    /// It is FNV-1a over a text rendering (floats in Rust's shortest round-trip form), so it is the
    /// same on every platform and in every release; a stored study compares it with the current
    /// struct's to notice that the struct changed.
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
                p.name, p.rust_type, p.domain, p.coordinate, p.grid
            );
            for c in &p.conditions {
                let _ = write!(text, "\u{1f}{c}");
            }
            // Only when present, so that the fingerprints of unweighted spaces did not change.
            if let Some(weights) = &p.weights {
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
        let searched = || self.params.iter().filter_map(|p| Some((p.coordinate?, &p.name)));
        match searched().find(|(_, n)| *n == name) {
            Some((coordinate, name)) => Ok(ParamId::__new(coordinate, name.clone())),
            None => Err(UnknownParam {
                name: name.to_owned(),
                valid: searched().map(|(_, n)| n.clone()).collect(),
            }),
        }
    }

    /// The number of unit-cube coordinates, which equals `Hyperparams::DIM`.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().dim(), 1);
    /// ```
    pub fn dim(&self) -> usize {
        self.params.iter().filter(|p| p.coordinate.is_some()).count()
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
        let name_w = self.params.iter().map(|p| p.name.len()).max().unwrap_or(0);
        let type_w = self.params.iter().map(|p| p.rust_type.len()).max().unwrap_or(0);
        for p in &self.params {
            write!(f, "{:name_w$}  {:type_w$}  {}", p.name, p.rust_type, p.domain)?;
            if let Some(weights) = &p.weights {
                let weights: Vec<String> = weights.iter().map(|w| format!("{w}")).collect();
                write!(f, " weights {{{}}}", weights.join(", "))?;
            }
            for (i, c) in p.conditions.iter().enumerate() {
                write!(f, "{}{c}", if i == 0 { "  if " } else { " and " })?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// One searched hyperparameter, named: its unit-cube coordinate and its dotted name.
///
/// Get one in a typed way from [`Hyperparams::params`](crate::Hyperparams::params) (a typo in a
/// field name is then a compile error), or from a string with [`Space::param_id`] (for a command
/// line; an unknown name is an error that lists the valid ones). `Display` prints the name.
///
/// ```
/// use hp_core::Hyperparams;
/// let coin = bool::space().param_id("").unwrap();
/// assert_eq!((coin.coordinate(), coin.name()), (0, ""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId {
    coordinate: usize,
    name: String,
}

impl ParamId {
    /// For generated code and [`Space::param_id`]: the id of the parameter at `coordinate`, whose
    /// dotted name is `name`.
    #[doc(hidden)]
    pub fn __new(coordinate: usize, name: String) -> Self {
        ParamId { coordinate, name }
    }

    /// The parameter's index in the unit cube (`Hyperparams::from_unit`, `Param::coordinate`).
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().param_id("").unwrap().coordinate(), 0);
    /// ```
    pub fn coordinate(&self) -> usize {
        self.coordinate
    }

    /// The parameter's dotted name, as in its [`Param::name`].
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().param_id("").unwrap().name(), "");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for ParamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// [`Space::param_id`] was given a name that is not a searched parameter of the space.
///
/// `Display` says so, suggests the closest valid name when one is close, and lists them all:
/// ``unknown hyperparameter `learnig_rate`; did you mean `learning_rate`? (valid: learning_rate, momentum)``.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownParam {
    name: String,
    valid: Vec<String>,
}

impl UnknownParam {
    /// The name asked for.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every searched parameter's name, in coordinate order.
    pub fn valid(&self) -> &[String] {
        &self.valid
    }

    /// The valid name the asked-for one is most likely a typo of, if any is close: a few edits
    /// away, or the only name whose last segment it is (`lr` for `optimizer.lr`).
    pub fn suggestion(&self) -> Option<&str> {
        let mut last_segments =
            self.valid.iter().filter(|v| v.rsplit('.').next() == Some(self.name.as_str()));
        if let (Some(only), None) = (last_segments.next(), last_segments.next()) {
            return Some(only);
        }
        suggest::closest(&self.name, self.valid.iter().map(String::as_str))
    }
}

impl fmt::Display for UnknownParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown hyperparameter `{}`", self.name)?;
        if let Some(suggestion) = self.suggestion() {
            write!(f, "; did you mean `{suggestion}`?")?;
        }
        if self.valid.is_empty() {
            f.write_str(" (the space has no searched parameters)")
        } else {
            write!(f, " (valid: {})", self.valid.join(", "))
        }
    }
}

impl std::error::Error for UnknownParam {}

/// Collects the parameters of a [`Space`]; generated `describe` methods call it.
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
    next_coordinate: usize,
    // The conditions of the enum variants being described, outermost first.
    conditions: Vec<Condition>,
}

impl SpaceBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        SpaceBuilder::default()
    }

    /// Adds a parameter on a numeric scale, at the next coordinate.
    pub fn scale<S: Scale>(&mut self, name: String, rust_type: &'static str, scale: &S) {
        let levels = scale.levels();
        self.push(name, rust_type, scale.domain(), levels);
    }

    /// Adds a choice between `values` (their source text), at the next coordinate.
    pub fn choice(&mut self, name: String, rust_type: &'static str, values: &[&str]) {
        let levels = Some(values.len() as u128);
        let values = values.iter().map(|v| (*v).to_owned()).collect();
        self.push(name, rust_type, Domain::Choice { values }, levels);
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
    /// assert_eq!(space.params()[0].weights, Some(vec![1.0, 3.0]));
    /// assert_eq!(space.params()[1].weights, None);
    /// assert_eq!(space.to_string().lines().next(), Some("optimizer  Optimizer  choice {Sgd, Adam} weights {1, 3}"));
    /// ```
    ///
    /// # Panics
    /// If `weights` is not as long as `values`, or `WeightedCategoricalScale::new` rejects it.
    pub fn weighted_choice(
        &mut self,
        name: String,
        rust_type: &'static str,
        values: &[&str],
        weights: &[f64],
    ) {
        assert_eq!(values.len(), weights.len(), "weighted_choice `{name}`: one weight per value");
        if let Err(e) = WeightedCategoricalScale::new(weights) {
            panic!("weighted_choice `{name}`: {e}");
        }
        self.choice(name, rust_type, values);
        if weights.windows(2).any(|w| w[0] != w[1]) {
            if let Some(p) = self.params.last_mut() {
                p.weights = Some(weights.to_vec());
            }
        }
    }

    /// Adds a fixed value, which takes no coordinate.
    pub fn fixed(&mut self, name: String, rust_type: &'static str, value: String) {
        let domain = Domain::Fixed { value };
        self.params.push(Param {
            name,
            rust_type,
            domain,
            coordinate: None,
            levels: Some(1),
            grid: None,
            conditions: self.conditions.clone(),
            weights: None,
        });
    }

    fn push(&mut self, name: String, rust_type: &'static str, domain: Domain, levels: Option<u128>) {
        let coordinate = Some(self.next_coordinate);
        self.next_coordinate += 1;
        let conditions = self.conditions.clone();
        self.params.push(Param {
            name,
            rust_type,
            domain,
            coordinate,
            levels,
            grid: None,
            conditions,
            weights: None,
        });
    }

    /// Sets the number of grid points of the parameter added last (`grid = K` in the attribute).
    pub fn grid(&mut self, points: u32) {
        if let Some(p) = self.params.last_mut() {
            p.grid = Some(points);
        }
    }

    /// Parameters added from now until the matching [`leave`](Self::leave) are active only when
    /// choice parameter `param` equals `value` (a variant's fields).
    pub fn enter(&mut self, param: &str, value: &str) {
        self.conditions.push(Condition { param: param.to_owned(), equals: value.to_owned() });
    }

    /// Ends the innermost [`enter`](Self::enter).
    pub fn leave(&mut self) {
        self.conditions.pop();
    }

    /// The finished space.
    pub fn finish(self) -> Space {
        Space { params: self.params }
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
