//! Errors: [`UnitError`] for a unit-cube point from outside, [`ValidationError`] for a config that
//! lies outside its space. A scale's own error, [`ScaleError`](crate::ScaleError), comes from
//! [`hp_rules`], where its rules are written.

use core::fmt;

/// A unit-cube point from outside (a file, another program) that is not a point of the config's
/// cube: [`Hyperparams::try_from_unit`](crate::Hyperparams::try_from_unit) refuses it.
///
/// ```
/// use hp_core::{Hyperparams, UnitError};
/// assert_eq!(bool::try_from_unit(&[0.5, 0.5]), Err(UnitError::Dimension { expected: 1, found: 2 }));
/// let e = bool::try_from_unit(&[1.5]).unwrap_err();
/// assert_eq!(e.to_string(), "unit-cube coordinate 0 is 1.5, outside [0, 1]");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum UnitError {
    /// The point has the wrong number of coordinates.
    Dimension {
        /// The config's `DIM`.
        expected: usize,
        /// The point's length.
        found: usize,
    },
    /// A coordinate is outside `[0, 1]` or NaN.
    OutsideUnit {
        /// Which coordinate.
        index: usize,
        /// Its value.
        value: f64,
    },
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            UnitError::Dimension { expected, found } => {
                write!(f, "a unit-cube point needs {expected} coordinates, got {found}")
            }
            UnitError::OutsideUnit { index, value } => {
                write!(f, "unit-cube coordinate {index} is {value}, outside [0, 1]")
            }
        }
    }
}

impl std::error::Error for UnitError {}

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
