//! Errors: [`Error`] for building a scale, [`ValidationError`] for checking a config.

use core::fmt;

/// Why a scale could not be built from the given bounds.
///
/// A small `Copy` enum in the manner of `rand::distr::uniform::Error`: it says which rule the bounds
/// broke, and the caller (a derive, a config loader) adds which field they belong to.
///
/// ```
/// use hp_core::{Error, LogScale};
/// assert_eq!(LogScale::<f64>::new(0.0, 1.0), Err(Error::LogLowNotPositive));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// `low < high` does not hold (this includes a NaN bound).
    EmptyRange,
    /// A bound or step is infinite or NaN.
    NonFinite,
    /// A log scale needs `low > 0` (for integers `low >= 1`).
    LogLowNotPositive,
    /// A reverse-log scale needs `0 <= low < high < 1`.
    ReverseLogOutsideUnit,
    /// A step must be greater than zero (and, on a log or reverse-log scale, greater than one).
    BadStep,
    /// `high - low` is not a whole number of linear steps, or `high / low` not a whole power of a log step.
    StepDoesNotDivide,
    /// A choice needs at least one value.
    EmptyChoice,
    /// A weight must be a positive finite number, and no weight so small next to the others that
    /// its value gets no share of the unit interval in `f64`.
    BadWeight,
    /// The range or step does not fit the value type (for example 2^64 values in a grid index).
    TooLarge,
    /// A unit-cube point has the wrong number of coordinates.
    Dimension {
        /// The config's `DIM`.
        expected: usize,
        /// The point's length.
        found: usize,
    },
    /// A unit-cube coordinate is outside `[0, 1]` or NaN.
    OutsideUnit {
        /// Which coordinate.
        index: usize,
    },
    /// A strategy supports fewer dimensions than the config has.
    TooManyDimensions {
        /// The strategy's limit.
        max: usize,
        /// The config's `DIM`.
        found: usize,
    },
    /// A grid needs at least 2 points on each continuous axis (its two ends).
    GridPoints,
    /// Zooming in needs at least one trial with a finite score.
    NoScoredTrials,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Dimension { expected, found } => {
                return write!(f, "a unit-cube point needs {expected} coordinates, got {found}");
            }
            Error::OutsideUnit { index } => {
                return write!(f, "unit-cube coordinate {index} is outside [0, 1]");
            }
            Error::TooManyDimensions { max, found } => {
                return write!(f, "the config has {found} dimensions; this strategy supports at most {max}");
            }
            _ => {}
        }
        f.write_str(match self {
            Error::EmptyRange => "low must be less than high",
            Error::NonFinite => "bounds and step must be finite numbers",
            Error::LogLowNotPositive => "a log scale needs low > 0 (integers: low >= 1)",
            Error::ReverseLogOutsideUnit => "a reverse_log scale needs 0 <= low < high < 1",
            Error::BadStep => "step must be > 0 (> 1 on a log or reverse_log scale)",
            Error::StepDoesNotDivide => {
                "the step does not reach high exactly from low (linear: high - low = k * step; log: high / low = step^k)"
            }
            Error::EmptyChoice => "a choice needs at least one value",
            Error::BadWeight => "weights must be positive finite numbers, none vanishingly small next to the others",
            Error::TooLarge => "the range has too many values to index",
            Error::GridPoints => "a grid needs at least 2 points per continuous axis",
            Error::NoScoredTrials => "no trial has a finite score to zoom in on",
            Error::Dimension { .. } | Error::OutsideUnit { .. } | Error::TooManyDimensions { .. } => {
                unreachable!("written above")
            }
        })
    }
}

impl std::error::Error for Error {}

/// One field of a config whose value lies outside its declared space.
///
/// ```
/// use hp_core::FieldError;
/// let e = FieldError::new("optimizer.lr".into(), "2.0".into(), "log [0.0001, 1]".into());
/// assert_eq!(e.to_string(), "`optimizer.lr` = 2.0 is outside its space: log [0.0001, 1]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `optimizer.lr`.
    pub field: String,
    /// The offending value, rendered with `Debug`.
    pub value: String,
    /// The allowed values, rendered like [`Domain`](crate::Domain)'s `Display`.
    pub allowed: String,
}

impl FieldError {
    /// A field error from its three parts.
    ///
    /// ```
    /// # use hp_core::FieldError;
    /// let e = FieldError::new("layers".into(), "9".into(), "linear [2, 4]".into());
    /// assert_eq!(e.field, "layers");
    /// ```
    pub fn new(field: String, value: String, allowed: String) -> Self {
        FieldError { field, value, allowed }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` = {} is outside its space: {}", self.field, self.value, self.allowed)
    }
}

impl std::error::Error for FieldError {}

/// Every field of a config that lies outside its declared space, not just the first.
///
/// Returned by [`Hyperparams::validate`](crate::Hyperparams::validate).
///
/// ```
/// use hp_core::{FieldError, ValidationError};
/// let e = ValidationError::new(vec![
///     FieldError::new("lr".into(), "2.0".into(), "log [0.0001, 1]".into()),
///     FieldError::new("layers".into(), "9".into(), "linear [2, 4]".into()),
/// ]);
/// assert_eq!(e.errors().len(), 2);
/// assert!(e.to_string().contains("`layers` = 9"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationError {
    errors: Vec<FieldError>,
}

impl ValidationError {
    /// Wraps the collected field errors; `errors` should not be empty.
    ///
    /// ```
    /// # use hp_core::{FieldError, ValidationError};
    /// let e = ValidationError::new(vec![FieldError::new("x".into(), "1".into(), "linear [2, 3]".into())]);
    /// assert_eq!(e.errors()[0].field, "x");
    /// ```
    pub fn new(errors: Vec<FieldError>) -> Self {
        ValidationError { errors }
    }

    /// The fields that failed, in declaration order.
    ///
    /// ```
    /// # use hp_core::{FieldError, ValidationError};
    /// let e = ValidationError::new(vec![FieldError::new("x".into(), "1".into(), "linear [2, 3]".into())]);
    /// assert_eq!(e.errors().len(), 1);
    /// ```
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.as_slice() {
            [one] => fmt::Display::fmt(one, f),
            many => {
                write!(f, "{} fields are outside their space:", many.len())?;
                for e in many {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationError {}
