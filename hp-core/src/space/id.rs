//! [`ParamId`]: a searched hyperparameter by coordinate and name, and [`UnknownParam`] for a name
//! that is none.

use core::fmt;
use std::collections::BTreeSet;
use std::sync::Mutex;

use hp_rules::suggest;

/// One searched hyperparameter, named: its unit-cube coordinate and its dotted name.
///
/// Get one in a typed way from [`Hyperparams::params`](crate::Hyperparams::params) (a typo in a
/// field name is then a compile error), or from a string with [`Space::param_id`](crate::Space::param_id) (for a command
/// line; an unknown name is an error that lists the valid ones). `Display` prints the name.
///
/// ```
/// use hp_core::Hyperparams;
/// let coin = bool::space().param_id("").unwrap();
/// assert_eq!((coin.coordinate(), coin.name()), (0, ""));
/// ```
///
/// It is `Copy`: pass it by value as often as needed.
///
/// ```
/// use hp_core::Hyperparams;
/// let coin = bool::space().param_id("").unwrap();
/// let (a, b) = (coin, coin); // no clone
/// assert_eq!(a, b);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId {
    coordinate: usize,
    name: &'static str,
}

impl ParamId {
    /// For generated code and [`Space::param_id`](crate::Space::param_id): the id of the parameter at `coordinate`, whose
    /// dotted name is `name`.
    #[doc(hidden)]
    pub fn __new(coordinate: usize, name: String) -> Self {
        ParamId { coordinate, name: intern(name) }
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

    /// The parameter's dotted name, as in its [`Param::name`](crate::Param::name).
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().param_id("").unwrap().name(), "");
    /// ```
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// The one `'static` copy of a parameter's name, which makes [`ParamId`] `Copy`. Only the names of
/// spaces' parameters get here (from generated code and [`Space::param_id`](crate::Space::param_id),
/// which checks the name first), and a program has finitely many: each is leaked once, then shared.
fn intern(name: String) -> &'static str {
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut names = NAMES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(&known) = names.get(name.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}

impl fmt::Display for ParamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// [`Space::param_id`](crate::Space::param_id) was given a name that is not a searched parameter of the space.
///
/// `Display` says so, suggests the closest valid name when one is close, and lists them all:
/// ``unknown hyperparameter `learnig_rate`; did you mean `learning_rate`? (valid: learning_rate, momentum)``.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownParam {
    name: String,
    valid: Vec<String>,
}

impl UnknownParam {
    pub(crate) fn new(name: String, valid: Vec<String>) -> Self {
        UnknownParam { name, valid }
    }

    /// The name asked for.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().param_id("coin").unwrap_err().name(), "coin");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every searched parameter's name, in coordinate order.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(bool::space().param_id("coin").unwrap_err().valid(), [""]);
    /// ```
    pub fn valid(&self) -> &[String] {
        &self.valid
    }

    /// The valid name the asked-for one is most likely a typo of, if any is close: a few edits
    /// away ([`hp_rules::suggest::closest`]), or the only name whose last segment it is (`lr` for
    /// `optimizer.lr`).
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("optimizer.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// assert_eq!(b.finish().param_id("lr").unwrap_err().suggestion(), Some("optimizer.lr"));
    /// ```
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

#[cfg(test)]
mod tests {
    use super::intern;

    #[test]
    fn a_name_is_leaked_once_and_shared() {
        let a = intern("optimizer.Adam.beta1".to_owned());
        let b = intern(String::from("optimizer.Adam.beta1"));
        assert_eq!(a.as_ptr(), b.as_ptr(), "the second id shares the first one's name");
        assert_ne!(intern("optimizer.Adam.beta2".to_owned()).as_ptr(), a.as_ptr());
    }
}
