//! What a study stores per trial: [`TrialRecord`].

use serde::{Deserialize, Serialize};

/// How a trial ended.
///
/// ```
/// use hp_study::Status;
/// let s = Status::Failed { message: "loss is NaN at step 3".into() };
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"failed":{"message":"loss is NaN at step 3"}}"#);
/// assert_eq!(serde_json::to_string(&Status::Complete).unwrap(), r#""complete""#);
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
    },
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
    /// The trial's index: its config is a function of the study's seed and this index only.
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
}
