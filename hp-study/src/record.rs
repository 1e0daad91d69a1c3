//! What a study stores per trial: [`TrialRecord`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a trial ended.
///
/// ```
/// use hp_study::Status;
/// let s = Status::Failed { message: "loss is NaN at step 3".into() };
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"failed":{"message":"loss is NaN at step 3"}}"#);
/// assert_eq!(serde_json::to_string(&Status::Complete).unwrap(), r#""complete""#);
/// let asha = Status::Pruned { step: 6, rung: Some(1) };
/// assert_eq!(serde_json::to_string(&asha).unwrap(), r#"{"pruned":{"step":6,"rung":1}}"#);
/// let median = Status::Pruned { step: 6, rung: None }; // as stored before rungs existed
/// assert_eq!(serde_json::from_str::<Status>(r#"{"pruned":{"step":6}}"#).unwrap(), median);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The objective returned a finite value.
    Complete,
    /// The objective panicked, returned an error, or reported or returned NaN or an infinity.
    Failed {
        /// The panic message, the error's `Display`, or which value was not finite.
        message: String,
    },
    /// The pruner stopped the trial after this step.
    Pruned {
        /// The step whose reported value was judged too poor.
        step: u64,
        /// The rung (0 the first) at which a rule with rungs ([successive
        /// halving](crate::SuccessiveHalvingPruner), [Hyperband](crate::HyperbandPruner)) stopped
        /// it; `None` for the [median rule](crate::MedianPruner). Stored only when set.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rung: Option<u32>,
    },
}

/// How many of `records` were stopped at each rung, as ` (4 at rung 0, 2 at rung 1)`; empty when
/// none was stopped at a rung (no pruner with rungs).
pub(crate) fn rungs_text<'a>(records: impl IntoIterator<Item = &'a TrialRecord>) -> String {
    let mut by_rung = std::collections::BTreeMap::<u32, usize>::new();
    for r in records {
        if let Status::Pruned { rung: Some(rung), .. } = r.status {
            *by_rung.entry(rung).or_default() += 1;
        }
    }
    if by_rung.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = by_rung.iter().map(|(rung, n)| format!("{n} at rung {rung}")).collect();
    format!(" ({})", parts.join(", "))
}

/// One point of a learning curve: the value reported at a step.
///
/// ```
/// use hp_study::CurvePoint;
/// let p = CurvePoint { step: 3, value: 0.25 };
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"step":3,"value":0.25}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// The step (an epoch, a "day", a number of examples seen: the objective decides).
    pub step: u64,
    /// The value reported; always finite in a stored record (a non-finite report fails the trial).
    pub value: f64,
}

/// One finished trial of a study, as stored, exported and plotted.
///
/// `config` is the config serialized with serde (so a CSV export can give each hyperparameter a
/// column, and a re-check can run the config again); `unit` is its point in the unit cube, from
/// which plots place it on each parameter's own scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialRecord {
    /// The trial's index: its config is a function of the study's seed and this index (and, with a
    /// learning sampler, of the results of the trials a lag below it).
    pub index: u64,
    /// The config, as serde serializes it.
    pub config: serde_json::Value,
    /// The config's unit-cube point ([`Hyperparams::to_unit`](hp_core::Hyperparams::to_unit)).
    pub unit: Vec<f64>,
    /// The values the objective reported, in order.
    pub curve: Vec<CurvePoint>,
    /// The objective's final value; `None` unless the trial completed.
    pub value: Option<f64>,
    /// How the trial ended.
    pub status: Status,
    /// Wall-clock seconds the objective ran.
    pub duration_secs: f64,
    /// Named extra metrics the trial reported ([`Trial::metric`](crate::Trial::metric)), each
    /// finite; stored only when there are some.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, f64>,
    /// Named constraint values the trial reported ([`Trial::constraint`](crate::Trial::constraint)):
    /// the trial is feasible when every one is at most 0. Stored only when there are some.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: BTreeMap<String, f64>,
}

/// What a trial reports besides its curve, each a map of named numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Named {
    Metric,
    Constraint,
}

impl Named {
    fn noun(self) -> &'static str {
        match self {
            Named::Metric => "metric",
            Named::Constraint => "constraint",
        }
    }
}

/// Adds `name` = `value` to `map` (a trial's metrics or constraints): the one rule of what such a
/// number may be, for a running trial, an asked one and a stored record. A name is not empty; a
/// value is finite; there is one value per name and trial (the same value again is harmless).
pub(crate) fn add_named(
    kind: Named,
    map: &mut BTreeMap<String, f64>,
    name: &str,
    value: f64,
) -> Result<(), String> {
    let noun = kind.noun();
    if name.is_empty() {
        return Err(format!("a {noun} with an empty name (value {value}); give it a name"));
    }
    if !value.is_finite() {
        return Err(format!("{noun} {name:?} is {value}, not a finite number"));
    }
    match map.get(name) {
        Some(&old) if old.to_bits() != value.to_bits() => Err(format!(
            "{noun} {name:?} reported as {old}, then as {value}; a {noun} has one value per trial"
        )),
        Some(_) => Ok(()),
        None => {
            map.insert(name.to_owned(), value);
            Ok(())
        }
    }
}

impl TrialRecord {
    /// How far the trial is from feasible: the sum of its constraint values above 0 (0 for a
    /// feasible trial, and for one without constraints).
    ///
    /// ```
    /// # use hp_study::{Status, TrialRecord};
    /// let mut r = TrialRecord {
    ///     index: 0, config: serde_json::json!(true), unit: vec![0.75], curve: vec![], value: Some(1.0),
    ///     status: Status::Complete, duration_secs: 0.0, metrics: Default::default(), constraints: Default::default(),
    /// };
    /// assert!(r.feasible());
    /// r.constraints.insert("latency_ms_over_5".into(), 2.5);
    /// r.constraints.insert("memory_gb_over_8".into(), -1.0);
    /// assert_eq!((r.violation(), r.feasible()), (2.5, false));
    /// ```
    pub fn violation(&self) -> f64 {
        self.constraints.values().filter(|&&c| c > 0.0).sum()
    }

    /// Whether every constraint value is at most 0 (as in Optuna): only feasible trials can be
    /// [best](crate::Results::best), in the [top](crate::Results::top) or on a [Pareto
    /// front](crate::Results::pareto_front).
    pub fn feasible(&self) -> bool {
        self.violation() == 0.0
    }
}

impl TrialRecord {
    /// Whether the record is one a study could have written for a config type of `dim` unit
    /// coordinates: a point of `dim` coordinates in `[0, 1]`; a finite value exactly when the
    /// trial completed; a curve of finite values at increasing steps, ending at the step a pruned
    /// trial was stopped at; a finite, non-negative duration. What a loader checks after the
    /// checksum, so that no edited or hostile file passes as data.
    ///
    /// ```
    /// use hp_study::{CurvePoint, Status, TrialRecord};
    /// let mut r = TrialRecord {
    ///     index: 0,
    ///     config: serde_json::json!({"lr": 0.01}),
    ///     unit: vec![0.5],
    ///     curve: vec![CurvePoint { step: 1, value: 0.3 }],
    ///     value: Some(0.3),
    ///     status: Status::Complete,
    ///     duration_secs: 1.5,
    ///     metrics: Default::default(), constraints: Default::default(),
    /// };
    /// assert_eq!(r.check(1), Ok(()));
    /// assert_eq!(r.check(2), Err("its unit point has 1 coordinates, the config type has 2".into()));
    /// r.unit[0] = 1.5;
    /// assert_eq!(r.check(1), Err("unit coordinate 0 is 1.5, outside [0, 1]".into()));
    /// ```
    ///
    /// # Errors
    /// The first thing wrong, as a sentence.
    pub fn check(&self, dim: usize) -> Result<(), String> {
        if self.unit.len() != dim {
            return Err(format!(
                "its unit point has {} coordinates, the config type has {dim}",
                self.unit.len()
            ));
        }
        if let Some((k, u)) = self.unit.iter().enumerate().find(|(_, u)| !(0.0..=1.0).contains(*u)) {
            return Err(format!("unit coordinate {k} is {u}, outside [0, 1]"));
        }
        match (&self.status, self.value) {
            (Status::Complete, Some(v)) if v.is_finite() => {}
            (Status::Complete, v) => {
                return Err(format!("it completed with value {v:?}, not a finite number"));
            }
            (_, Some(v)) => return Err(format!("it did not complete but has value {v}")),
            (_, None) => {}
        }
        for (k, p) in self.curve.iter().enumerate() {
            if !p.value.is_finite() {
                return Err(format!("its curve's value at step {} is {}", p.step, p.value));
            }
            if k > 0 && p.step <= self.curve[k - 1].step {
                return Err(format!(
                    "its curve's step {} comes after step {}",
                    p.step,
                    self.curve[k - 1].step
                ));
            }
        }
        if let Status::Pruned { step, .. } = self.status
            && self.curve.last().map(|p| p.step) != Some(step)
        {
            return Err(format!("it was pruned at step {step}, which its curve does not end with"));
        }
        if !(self.duration_secs.is_finite() && self.duration_secs >= 0.0) {
            return Err(format!("its duration is {} seconds", self.duration_secs));
        }
        for (kind, map) in [(Named::Metric, &self.metrics), (Named::Constraint, &self.constraints)] {
            for (name, &value) in map {
                add_named(kind, &mut BTreeMap::new(), name, value)?;
            }
        }
        Ok(())
    }
}

/// A config read back from the JSON a record (or a panda's journal) holds: exactly the config
/// that was serialized, `f32` fields included.
///
/// Deserializing straight from a [`serde_json::Value`] would read each number as the `f64` the
/// value holds and narrow it, and rounding twice changes one `f32` in 2^31 (`7.038531e-26`, bits
/// `0x15ae43fd`, comes back one ulp off; measured over every finite `f32`). The value's text is
/// the `f32`'s own shortest form, which the `f64` round-trips, so reading the text as an `f32`
/// gives the field back bit for bit.
///
/// ```
/// #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
/// struct Cfg { x: f32 }
/// let tricky = Cfg { x: f32::from_bits(0x15ae43fd) };
/// // As a stored record is read: from its text into a `Value`.
/// let json: serde_json::Value = serde_json::from_str(&serde_json::to_string(&tricky)?)?;
/// let direct: Cfg = serde_json::from_value(json.clone())?;
/// assert_ne!(direct, tricky); // one ulp off
/// assert_eq!(hp_study::read_config::<Cfg>(&json)?, tricky);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
/// serde's error if the JSON is not a `C`.
pub fn read_config<C: serde::de::DeserializeOwned>(json: &serde_json::Value) -> Result<C, serde_json::Error> {
    serde_json::from_str(&json.to_string())
}

/// That `config` (as a record or journal holds it) is a `C` inside its space whose unit point is
/// `unit`, bit for bit: what a loader checks before it trusts a stored config.
///
/// ```
/// use hp_core::Hyperparams;
/// let json = serde_json::json!(true);
/// assert_eq!(hp_study::check_config::<bool>(&json, &true.to_unit()), Ok(()));
/// assert!(hp_study::check_config::<bool>(&json, &[0.25]).unwrap_err().contains("not its config's"));
/// assert!(hp_study::check_config::<bool>(&serde_json::json!(3), &[0.75]).is_err());
/// ```
///
/// # Errors
/// A sentence: the config does not deserialize, lies outside its space, or has another point.
pub fn check_config<C>(config: &serde_json::Value, unit: &[f64]) -> Result<(), String>
where
    C: hp_core::Hyperparams + serde::de::DeserializeOwned,
{
    let typed: C =
        read_config(config).map_err(|e| format!("a config that does not fit the config type: {e}"))?;
    typed.validate().map_err(|e| format!("a config outside its space: {e}"))?;
    let bits = |u: &[f64]| u.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    if bits(&typed.to_unit()) != bits(unit) {
        return Err(format!("its unit point {unit:?} is not its config's"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruned_trials_are_counted_by_rung() {
        let record = |status| TrialRecord {
            index: 0,
            config: serde_json::json!(true),
            unit: vec![0.75],
            curve: vec![CurvePoint { step: 6, value: 0.5 }],
            value: None,
            status,
            duration_secs: 0.0,
            metrics: Default::default(),
            constraints: Default::default(),
        };
        let rungs = [Some(1), Some(0), None, Some(0)];
        let records: Vec<TrialRecord> =
            rungs.iter().map(|&rung| record(Status::Pruned { step: 6, rung })).collect();
        assert_eq!(rungs_text(&records), " (2 at rung 0, 1 at rung 1)");
        assert_eq!(rungs_text(&records[2..3]), "", "the median rule has no rungs");
    }
}
