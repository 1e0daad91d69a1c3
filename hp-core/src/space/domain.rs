//! [`Domain`]: a description of the values one hyperparameter can take.

use core::fmt;

use crate::ScaleKind;

/// A description of the values one hyperparameter can take: the scale's kind, bounds widened to
/// `f64` or `i128`, step; a choice's labels; a fixed value's text. It is what a space serializes
/// and what its fingerprint covers; the scale itself is the [`Param`](crate::Param).
///
/// `Display` gives `log [0.0001, 1.0]`, `linear [16, 1024] step 16`, `choice {relu, tanh}`,
/// `fixed 3` (bounds as widened; [`Param`](crate::Param)'s `Display` writes them in the field's
/// own type).
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
    /// One of a list of values, shown by their source text.
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

impl Domain {
    /// The scale's kind, for a numeric domain.
    ///
    /// ```
    /// use hp_core::{Domain, ScaleKind};
    /// assert_eq!(Domain::Int { scale: ScaleKind::Log, low: 16, high: 1024, step: None }.scale(), Some(ScaleKind::Log));
    /// assert_eq!(Domain::Fixed { value: "3".into() }.scale(), None);
    /// ```
    pub fn scale(&self) -> Option<ScaleKind> {
        match self {
            Domain::Float { scale, .. } | Domain::Int { scale, .. } => Some(*scale),
            Domain::Choice { .. } | Domain::Fixed { .. } => None,
        }
    }

    /// How many decades a `log` range spans (`log10(high / low)`) or a `reverse_log` range spans
    /// in `1 - x` (`log10((1 - low) / (1 - high))`); `None` on a linear scale or a choice. A
    /// difference of logarithms, so that a range from `1e-300` to `1e300` does not overflow.
    ///
    /// ```
    /// use hp_core::{Domain, ScaleKind};
    /// let lr = Domain::Float { scale: ScaleKind::Log, low: 1e-4, high: 1.0, step: None };
    /// assert!((lr.decades().unwrap() - 4.0).abs() < 1e-12);
    /// let beta = Domain::Float { scale: ScaleKind::ReverseLog, low: 0.9, high: 0.999, step: None };
    /// assert!((beta.decades().unwrap() - 2.0).abs() < 1e-12);
    /// ```
    pub fn decades(&self) -> Option<f64> {
        let (scale, low, high) = match *self {
            Domain::Float { scale, low, high, .. } => (scale, low, high),
            Domain::Int { scale, low, high, .. } => (scale, low as f64, high as f64),
            Domain::Choice { .. } | Domain::Fixed { .. } => return None,
        };
        match scale {
            ScaleKind::Linear => None,
            ScaleKind::Log => Some(libm::log10(high) - libm::log10(low)),
            ScaleKind::ReverseLog => Some(libm::log10(1.0 - low) - libm::log10(1.0 - high)),
        }
    }
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

/// Serializes a [`ScaleKind`] as its name.
#[cfg(feature = "serde")]
fn kind_name<S: serde::Serializer>(kind: &ScaleKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.name())
}
