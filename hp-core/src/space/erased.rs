//! A numeric scale with its value type erased: what a searched numeric [`Param`](super::Param)
//! holds, the very scale the derive built (or a program passed to the builder).

use core::fmt;

use crate::scale::Scale;
use crate::{Domain, Number, Value};

/// The scale of a numeric coordinate, whatever its value type. Every method is the scale's own,
/// with values converted to and from [`Value`] at the edge; nothing here computes a scale's
/// arithmetic.
pub(crate) trait ErasedScale: fmt::Debug + Send + Sync {
    // `from_unit` / `to_unit` name the two directions of the mapping, as for `Scale`.
    #[allow(clippy::wrong_self_convention)]
    fn from_unit(&self, u: f64) -> Value;
    /// `None` for a value of another type.
    fn to_unit(&self, value: Value) -> Option<f64>;
    fn contains(&self, value: Value) -> bool;
    fn domain(&self) -> Domain;
    fn levels(&self) -> Option<u128>;
    fn unit_bin(&self, u: f64) -> Option<(f64, f64)>;
    fn nth_unit(&self, k: u128) -> Option<f64>;
    /// The value of the scale's type nearest `x` (see [`Number::nearest`]), if it is one of the
    /// scale's values.
    fn nearest(&self, x: f64) -> Option<Value>;
    /// `text` parsed in the scale's type.
    fn parse(&self, text: &str) -> Option<Value>;
    /// `log [0.0001, 1.0]`, `linear [16, 1024] step 16`, bounds written in the field's type.
    fn describe(&self) -> String;
}

impl<S> ErasedScale for S
where
    S: Scale + fmt::Debug + Send + Sync,
    S::Value: Number,
{
    fn from_unit(&self, u: f64) -> Value {
        Scale::from_unit(self, u).to_value()
    }

    fn to_unit(&self, value: Value) -> Option<f64> {
        S::Value::from_value(value).map(|v| Scale::to_unit(self, v))
    }

    fn contains(&self, value: Value) -> bool {
        S::Value::from_value(value).is_some_and(|v| Scale::contains(self, v))
    }

    fn domain(&self) -> Domain {
        Scale::domain(self)
    }

    fn levels(&self) -> Option<u128> {
        Scale::levels(self)
    }

    fn unit_bin(&self, u: f64) -> Option<(f64, f64)> {
        Scale::unit_bin(self, u)
    }

    fn nth_unit(&self, k: u128) -> Option<f64> {
        Scale::nth_unit(self, k)
    }

    fn nearest(&self, x: f64) -> Option<Value> {
        S::Value::nearest(x).filter(|&v| Scale::contains(self, v)).map(Number::to_value)
    }

    fn parse(&self, text: &str) -> Option<Value> {
        S::Value::parse_text(text).map(Number::to_value)
    }

    fn describe(&self) -> String {
        // The domain holds the bounds widened to f64 or i128, exactly; narrowing them back to the
        // field's type is exact too, and prints an f32 bound as the f32 it is.
        let num =
            |x: f64| S::Value::nearest(x).map_or_else(|| format!("{x:?}"), |v| v.to_value().to_string());
        match Scale::domain(self) {
            Domain::Float { scale, low, high, step } => {
                let step = step.map(|s| format!(" step {}", num(s))).unwrap_or_default();
                format!("{scale} [{}, {}]{step}", num(low), num(high))
            }
            other => other.to_string(),
        }
    }
}
