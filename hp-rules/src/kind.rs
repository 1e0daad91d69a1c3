//! [`ScaleKind`]: the three ways a numeric hyperparameter's values can be spread.

use core::fmt;

/// How a numeric hyperparameter's values are spread over its range; each kind may carry a step.
///
/// The names are the words of `#[hp(...)]`.
///
/// ```
/// use hp_rules::ScaleKind;
/// assert_eq!(ScaleKind::ReverseLog.name(), "reverse_log");
/// assert_eq!(ScaleKind::from_name("log"), Some(ScaleKind::Log));
/// assert_eq!(ScaleKind::from_name("gaussian"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScaleKind {
    /// Uniform.
    Linear,
    /// Uniform in `ln(x)`.
    Log,
    /// Uniform in `ln(1 - x)`.
    ReverseLog,
}

impl ScaleKind {
    /// Every kind, in the order of the attribute grammar.
    pub const ALL: [ScaleKind; 3] = [ScaleKind::Linear, ScaleKind::Log, ScaleKind::ReverseLog];

    /// The word used in `#[hp(...)]` and in a space's description.
    ///
    /// ```
    /// # use hp_rules::ScaleKind;
    /// assert_eq!(ScaleKind::Log.name(), "log");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            ScaleKind::Linear => "linear",
            ScaleKind::Log => "log",
            ScaleKind::ReverseLog => "reverse_log",
        }
    }

    /// The kind named `name`, if any.
    ///
    /// ```
    /// # use hp_rules::ScaleKind;
    /// assert_eq!(ScaleKind::from_name("reverse_log"), Some(ScaleKind::ReverseLog));
    /// ```
    pub fn from_name(name: &str) -> Option<ScaleKind> {
        ScaleKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for ScaleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
