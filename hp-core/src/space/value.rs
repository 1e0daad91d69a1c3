//! [`Value`]: one hyperparameter's value, whatever its field type.

use core::fmt;

/// One hyperparameter's value with its type erased, as a [`Param`](crate::Param) maps a unit
/// position to it: what exports, nudges, plots and samplers read without knowing the config type.
///
/// Floats keep their own type, so an `f32` prints as the `f32` it is (`0.3`, not
/// `0.30000001192092896`); integers of every width up to 64 bits fit `Int`; a choice (a
/// `choice(...)`, a `bool`, an enum's variant) is the index of its value, whose label the
/// [`Param`](crate::Param) knows.
///
/// `Display` writes numbers in the shortest form that reads back as the same value (floats
/// always with a `.` or an exponent, `1e-7`, so that they stay floats); a choice as `#index`.
///
/// ```
/// use hp_core::Value;
/// assert_eq!(Value::F32(0.3).to_string(), "0.3");
/// assert_eq!(Value::F64(0.001).to_string(), "0.001");
/// assert_eq!(Value::F64(1.0).to_string(), "1.0");
/// assert_eq!(Value::Int(u64::MAX.into()).to_string(), "18446744073709551615");
/// assert_eq!(Value::F32(0.5).as_f64(), Some(0.5));
/// assert_eq!(Value::Choice(2).as_f64(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// An `f32` field's value.
    F32(f32),
    /// An `f64` field's value.
    F64(f64),
    /// An integer field's value (every primitive up to 64 bits, `usize` and `isize` included).
    Int(i128),
    /// The index of a choice's value, in declaration order.
    Choice(usize),
}

impl Value {
    /// The value as a number (integers rounded to the nearest `f64`); `None` for a choice.
    ///
    /// ```
    /// # use hp_core::Value;
    /// assert_eq!(Value::Int(-3).as_f64(), Some(-3.0));
    /// ```
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Value::F32(x) => Some(x.into()),
            Value::F64(x) => Some(x),
            Value::Int(k) => Some(k as f64),
            Value::Choice(_) => None,
        }
    }

    /// The value's bits, for comparing values exactly (`-0.0` and `0.0` differ, a NaN equals
    /// itself): the type and the value's representation.
    ///
    /// ```
    /// # use hp_core::Value;
    /// assert_ne!(Value::F64(0.0).bits(), Value::F64(-0.0).bits());
    /// assert_ne!(Value::F32(1.0).bits(), Value::F64(1.0).bits());
    /// ```
    pub fn bits(self) -> (u8, u128) {
        match self {
            Value::F32(x) => (0, x.to_bits().into()),
            Value::F64(x) => (1, x.to_bits().into()),
            Value::Int(k) => (2, k as u128),
            Value::Choice(k) => (3, k as u128),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Rust's `Debug` of a float is its shortest round-trip form, with an exponent for very
        // large and small magnitudes (where `Display` writes every digit).
        match self {
            Value::F32(x) => write!(f, "{x:?}"),
            Value::F64(x) => write!(f, "{x:?}"),
            Value::Int(k) => write!(f, "{k}"),
            Value::Choice(k) => write!(f, "#{k}"),
        }
    }
}
