//! A [`Space`] read back from the JSON its `Serialize` wrote (a stored study's `study.json`): rebuilt
//! through [`SpaceBuilder`] from each parameter's domain, so every scale is the one its constructor
//! makes, and checked against the stored fingerprint. Any bytes give a space or an error, never a
//! panic.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Space, SpaceBuilder};
use crate::{LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale, ReverseLogStepScale};

#[derive(Deserialize)]
struct SpaceJson {
    #[serde(default)]
    fingerprint: Option<String>,
    params: Vec<ParamJson>,
}

#[derive(Deserialize)]
struct ParamJson {
    name: String,
    rust_type: String,
    domain: DomainJson,
    #[serde(default)]
    grid: Option<u32>,
    #[serde(default)]
    conditions: Vec<ConditionJson>,
    #[serde(default)]
    weights: Option<Vec<f64>>,
}

#[derive(Deserialize, PartialEq, Clone)]
struct ConditionJson {
    param: String,
    equals: String,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum DomainJson {
    Float { scale: String, low: f64, high: f64, step: Option<f64> },
    Int { scale: String, low: Int, high: Int, step: Option<Int> },
    Choice { values: Vec<String> },
    Fixed { value: String },
}

/// An integer bound of any width: a JSON number (`serde_json::Value` holds 64 bits; a 128-bit
/// reader more), or its decimal text.
struct Int(i128);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Int;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Int, E> {
                Ok(Int(v.into()))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Int, E> {
                Ok(Int(v))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Int, E> {
                i128::try_from(v).map(Int).map_err(|_| E::custom(format!("{v} is out of range")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Int, E> {
                v.parse().map(Int).map_err(|_| E::custom(format!("{v:?} is not an integer")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `{"params": [...], "fingerprint": "..."}` as [`Space`]'s `Serialize` writes it (`dim` and each
/// parameter's `coordinate` and `levels` follow from the rest and are not read). A space that does
/// not rebuild, or rebuilds to another fingerprint than the one stored, is an error naming the
/// parameter or both fingerprints.
///
/// ```
/// use hp_core::{Hyperparams, LogScale, SpaceBuilder, Space};
/// let mut b = SpaceBuilder::new();
/// b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
/// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
/// b.enter("optimizer", "Adam");
/// b.scale("optimizer.Adam.beta2".into(), "f64", &hp_core::ReverseLogScale::new(0.99, 0.9999)?);
/// let space = b.finish();
/// let json = serde_json::to_string(&space)?;
/// let read: Space = serde_json::from_str(&json)?;
/// assert_eq!(read, space);
/// assert_eq!(read.fingerprint(), space.fingerprint());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'de> Deserialize<'de> for Space {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = SpaceJson::deserialize(deserializer)?;
        rebuild(json).map_err(serde::de::Error::custom)
    }
}

fn rebuild(json: SpaceJson) -> Result<Space, String> {
    let mut b = SpaceBuilder::new();
    // The choices added so far and their labels: `enter` needs one.
    let mut choices: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut inside: Vec<ConditionJson> = Vec::new();
    for p in json.params {
        let name = p.name.clone();
        let bad = |why: String| format!("parameter `{name}`: {why}");
        // Leave the conditions it does not share with the one before, enter its own.
        let common = inside.iter().zip(&p.conditions).take_while(|(a, b)| a == b).count();
        for _ in common..inside.len() {
            b.leave();
        }
        for c in &p.conditions[common..] {
            if !choices.get(&c.param).is_some_and(|labels| labels.contains(&c.equals)) {
                return Err(bad(format!(
                    "its condition `{} = {}` names no earlier choice",
                    c.param, c.equals
                )));
            }
            b.enter(&c.param, &c.equals);
        }
        inside = p.conditions;
        let ty: Cow<'static, str> = Cow::Owned(p.rust_type);
        match p.domain {
            DomainJson::Float { scale, low, high, step } => match &*ty {
                "f32" => add!(
                    b,
                    p.name,
                    ty,
                    scale.as_str(),
                    low as f32,
                    high as f32,
                    step.map(|s| s as f32),
                    f32,
                    float
                ),
                _ => add!(b, p.name, ty, scale.as_str(), low, high, step, f64, float),
            }
            .map_err(bad)?,
            DomainJson::Int { scale, low, high, step } => {
                macro_rules! int {
                    ($($t:ty => $n:literal),*) => {
                        match &*ty {
                            $($n => {
                                let cast = |x: i128| <$t>::try_from(x).map_err(|_| format!("{x} is not a `{}`", $n));
                                let (low, high) = (cast(low.0).map_err(&bad)?, cast(high.0).map_err(&bad)?);
                                let step = step.map(|s| cast(s.0)).transpose().map_err(&bad)?;
                                add!(b, p.name, ty, scale.as_str(), low, high, step, $t, int).map_err(bad)?
                            })*
                            other => return Err(bad(format!("`{other}` is not an integer type"))),
                        }
                    };
                }
                int!(u8 => "u8", u16 => "u16", u32 => "u32", u64 => "u64", usize => "usize",
                     i8 => "i8", i16 => "i16", i32 => "i32", i64 => "i64", isize => "isize")
            }
            DomainJson::Choice { values } => {
                if values.is_empty() {
                    return Err(bad("a choice of no values".into()));
                }
                let labels: Vec<&str> = values.iter().map(String::as_str).collect();
                match &p.weights {
                    None => b.choice(p.name.clone(), ty, &labels),
                    Some(weights) => {
                        if weights.len() != values.len()
                            || crate::WeightedCategoricalScale::new(weights).is_err()
                        {
                            return Err(bad(format!(
                                "weights {weights:?} do not fit its {} values",
                                values.len()
                            )));
                        }
                        b.weighted_choice(p.name.clone(), ty, &labels, weights);
                    }
                }
                choices.insert(p.name, values);
            }
            DomainJson::Fixed { value } => b.fixed(p.name, ty, value),
        }
        if let Some(points) = p.grid {
            b.grid(points);
        }
    }
    let space = b.finish();
    let fingerprint = format!("{:016x}", space.fingerprint());
    match json.fingerprint {
        Some(stored) if stored != fingerprint => {
            Err(format!("the space read back has fingerprint {fingerprint}, not the {stored} stored with it"))
        }
        _ => Ok(space),
    }
}

/// Adds a parameter of type `$t` on the scale named `$kind`, with a step if any; `reverse_log`
/// only for floats. Evaluates to `Result<(), String>`.
macro_rules! add {
    ($b:expr, $name:expr, $ty:expr, $kind:expr, $low:expr, $high:expr, $step:expr, $t:ty, float) => {{
        let e = |e: crate::ScaleError| e.to_string();
        let (low, high, step): ($t, $t, Option<$t>) = ($low, $high, $step);
        match ($kind, step) {
            ("reverse_log", None) => {
                ReverseLogScale::new(low, high).map(|s| $b.scale($name, $ty, &s)).map_err(e)
            }
            ("reverse_log", Some(st)) => {
                ReverseLogStepScale::new(low, high, st).map(|s| $b.scale($name, $ty, &s)).map_err(e)
            }
            (kind, step) => add!($b, $name, $ty, kind, low, high, step, $t, int),
        }
    }};
    ($b:expr, $name:expr, $ty:expr, $kind:expr, $low:expr, $high:expr, $step:expr, $t:ty, int) => {{
        let e = |e: crate::ScaleError| e.to_string();
        let (low, high, step): ($t, $t, Option<$t>) = ($low, $high, $step);
        match ($kind, step) {
            ("linear", None) => LinearScale::new(low, high).map(|s| $b.scale($name, $ty, &s)).map_err(e),
            ("log", None) => LogScale::new(low, high).map(|s| $b.scale($name, $ty, &s)).map_err(e),
            ("linear", Some(st)) => {
                LinearStepScale::new(low, high, st).map(|s| $b.scale($name, $ty, &s)).map_err(e)
            }
            ("log", Some(st)) => {
                LogStepScale::new(low, high, st).map(|s| $b.scale($name, $ty, &s)).map_err(e)
            }
            (other, _) => Err(format!("`{other}` is not a scale of a `{}`", stringify!($t))),
        }
    }};
}
use add;
