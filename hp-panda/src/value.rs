//! [`ParamValue`]: one hyperparameter's value as a nudge reports it, a choice by its label.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use hp_core::{Param, Value};

/// The value of one hyperparameter, as a nudge reports it (before and after).
///
/// `Display` is for people: floats to 4 significant digits, or, close to 1 (a `reverse_log` β),
/// with enough decimals that `1 - x` keeps 3 (`0.99944`); integers and choices exactly. The
/// exact value is in the variant. In JSON a value is a number or, for a choice, a string.
///
/// ```
/// use hp_panda::ParamValue;
/// assert_eq!(ParamValue::Float(0.08891397050194613).to_string(), "0.08891");
/// assert_eq!(ParamValue::Float(0.9994377).to_string(), "0.999438");
/// assert_eq!(ParamValue::Int(64).to_string(), "64");
/// assert_eq!(ParamValue::Choice("relu".into()).to_string(), "relu");
/// assert_eq!(ParamValue::Int(64).as_f64(), Some(64.0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// A float parameter's value.
    Float(f64),
    /// An integer parameter's value.
    Int(i128),
    /// A choice's value (`bool`s and enum variants included), as its source text.
    Choice(String),
}

impl ParamValue {
    /// The value as a number, `None` for a choice.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            ParamValue::Float(x) => Some(*x),
            ParamValue::Int(i) => Some(*i as f64),
            ParamValue::Choice(_) => None,
        }
    }

    /// `param`'s value `value` (as its [`Param::from_unit`] gives it): a float widened to
    /// `f64` (exactly), an integer, a choice by its label.
    ///
    /// ```
    /// use hp_core::{Hyperparams, Value};
    /// use hp_panda::ParamValue;
    /// let space = bool::space();
    /// let coin = &space.params()[0];
    /// assert_eq!(ParamValue::of(coin, Value::Choice(1)), ParamValue::Choice("true".into()));
    /// assert_eq!(ParamValue::of(coin, Value::F32(0.5)), ParamValue::Float(0.5));
    /// ```
    pub fn of(param: &Param, value: Value) -> ParamValue {
        match value {
            Value::Int(k) => ParamValue::Int(k),
            Value::Choice(_) => ParamValue::Choice(param.display(value)),
            other => ParamValue::Float(other.as_f64().unwrap_or(f64::NAN)),
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Float(x) => f.write_str(&format_float(*x)),
            ParamValue::Int(i) => write!(f, "{i}"),
            ParamValue::Choice(s) => f.write_str(s),
        }
    }
}

/// 4 significant digits; in `(0.9, 1)`, enough decimals for 3 significant digits of `1 - x`.
pub(crate) fn format_float(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x > 0.9 && x < 1.0 {
        let gap = 1.0 - x;
        let decimals = (-libm::floor(libm::log10(gap))) as usize + 2;
        let text = format!("{x:.decimals$}");
        return text.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    let rounded: f64 = format!("{x:.3e}").parse().unwrap_or(x);
    let a = rounded.abs();
    if rounded == 0.0 || (1e-4..1e6).contains(&a) { format!("{rounded}") } else { format!("{rounded:e}") }
}

impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::Float(x) => serializer.serialize_f64(*x),
            ParamValue::Int(i) => match (i64::try_from(*i), u64::try_from(*i)) {
                (Ok(v), _) => serializer.serialize_i64(v),
                (_, Ok(v)) => serializer.serialize_u64(v),
                _ => serializer.serialize_str(&i.to_string()),
            },
            ParamValue::Choice(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Ok(ParamValue::Int(i.into()))
                } else if let Some(u) = n.as_u64() {
                    Ok(ParamValue::Int(u.into()))
                } else {
                    n.as_f64().map(ParamValue::Float).ok_or_else(|| D::Error::custom("not a number"))
                }
            }
            serde_json::Value::String(s) => Ok(ParamValue::Choice(s)),
            other => Err(D::Error::custom(format!("not a hyperparameter value: {other}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hp_core::{LogScale, LogStepScale, Scale, SpaceBuilder};

    #[test]
    fn floats_are_short_for_people() {
        assert_eq!(format_float(0.05), "0.05");
        assert_eq!(format_float(0.0316227766), "0.03162");
        assert_eq!(format_float(1.0), "1");
        assert_eq!(format_float(0.99), "0.99");
        assert_eq!(format_float(0.999), "0.999");
        assert_eq!(format_float(0.9), "0.9");
        assert_eq!(format_float(0.95), "0.95");
        assert_eq!(format_float(1e-5), "1e-5");
    }

    #[test]
    fn json_keeps_the_kind() {
        for v in [ParamValue::Float(0.25), ParamValue::Int(-3), ParamValue::Choice("relu".into())] {
            let text = serde_json::to_string(&v).unwrap();
            assert_eq!(serde_json::from_str::<ParamValue>(&text).unwrap(), v, "{text}");
        }
        // A whole float stays a float: serde_json writes 2.0, not 2.
        let text = serde_json::to_string(&ParamValue::Float(2.0)).unwrap();
        assert_eq!(serde_json::from_str::<ParamValue>(&text).unwrap(), ParamValue::Float(2.0));
    }

    #[test]
    fn values_come_from_the_fields_scale() {
        let mut b = SpaceBuilder::new();
        b.scale("lr".into(), "f32", &LogScale::new(1e-4f32, 1.0).unwrap());
        b.scale("batch".into(), "usize", &LogStepScale::new(16usize, 256, 2).unwrap());
        let space = b.finish();
        let lr = &space.params()[0];
        let scale = LogScale::new(1e-4f32, 1.0).unwrap();
        let at = |p: &Param, u| ParamValue::of(p, p.from_unit(u).unwrap());
        assert_eq!(at(lr, 0.3), ParamValue::Float(scale.from_unit(0.3).into()));
        assert_eq!(at(&space.params()[1], 0.5), ParamValue::Int(64));
    }
}
