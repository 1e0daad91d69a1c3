//! [`History`]: every day and decision of a session, as journalled.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::value::ParamValue;
use hp_core::Direction;

/// One day of training: the metric it ended with and the config it trained with.
///
/// Day 0 is the start: the model before any training, with no metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DayRecord {
    /// The day's number: 0 for the start, then 1, 2, ... in calendar order (a rollback does not
    /// reuse numbers: after rolling back from day 5 to day 3, the next day is day 6).
    pub day: u64,
    /// The day whose model this day continued from: `day - 1`, or the day rolled back to.
    pub parent: u64,
    /// The metric after the day's training; `None` for day 0. NaN or infinite when training
    /// diverged (stored in JSON as `"NaN"`, `"inf"`, `"-inf"`).
    #[serde(with = "metric")]
    pub metric: Option<f64>,
    /// The config the day trained with, as serde serializes it.
    pub config: Value,
    /// Its unit-cube point, from which plots place each value on its own scale.
    pub unit: Vec<f64>,
    /// Wall-clock seconds the day's training took.
    pub seconds: f64,
}

impl DayRecord {
    /// The metric, if the day has a finite one.
    pub fn finite_metric(&self) -> Option<f64> {
        self.metric.filter(|m| m.is_finite())
    }
}

/// Who made a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// A [`Policy`](super::Policy), through [`Panda::decide`](super::Panda::decide) or
    /// [`Panda::run`](super::Panda::run).
    Policy,
    /// The user's code, through [`Panda::apply`](super::Panda::apply),
    /// [`Panda::nudge`](super::Panda::nudge) or [`Panda::rollback_to`](super::Panda::rollback_to).
    Hand,
}

/// One nudge as journalled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NudgeRecord {
    /// The parameter's dotted name.
    pub param: String,
    /// Its unit-cube coordinate.
    pub coordinate: usize,
    /// The steps asked for (negative: down).
    pub steps: i32,
    /// The value before, read through the parameter's scale.
    pub from: ParamValue,
    /// The value after.
    pub to: ParamValue,
    /// The unit coordinate before.
    pub from_unit: f64,
    /// The unit coordinate after.
    pub to_unit: f64,
    /// Whether the nudge stopped at a bound before taking every step.
    pub clamped: bool,
}

impl core::fmt::Display for NudgeRecord {
    /// `learning_rate 0.05 -> 0.08891 (+1)`, with `, clamped` when it was.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} {} -> {} ({:+}", self.param, self.from, self.to, self.steps)?;
        f.write_str(if self.clamped { ", clamped)" } else { ")" })
    }
}

/// What is wrong with journalled nudges of a config type with `dim` coordinates, if anything: a
/// coordinate past the last, or a unit position outside [0, 1].
pub(crate) fn check_nudges(nudges: &[NudgeRecord], dim: usize) -> Option<String> {
    nudges.iter().find_map(|n| {
        if n.coordinate >= dim {
            Some(format!("a nudge of coordinate {}, past {dim}", n.coordinate))
        } else if !(0.0..=1.0).contains(&n.from_unit) || !(0.0..=1.0).contains(&n.to_unit) {
            Some(format!(
                "a nudge of `{}` from unit {} to {}, outside [0, 1]",
                n.param, n.from_unit, n.to_unit
            ))
        } else {
            None
        }
    })
}

/// One decision as journalled: what was done after a day, why, and the config in force after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DecisionRecord {
    /// The last day trained when the decision was made.
    pub after_day: u64,
    /// A policy or the user's code.
    pub by: DecidedBy,
    /// The day rolled back to, if any (done before the nudges).
    pub rollback_to: Option<u64>,
    /// The nudges, in order.
    pub nudges: Vec<NudgeRecord>,
    /// Whether the session stops here.
    pub stop: bool,
    /// Why, in words.
    pub reason: String,
    /// The config in force after the decision.
    pub config: Value,
    /// Its unit-cube point.
    pub unit: Vec<f64>,
}

impl DecisionRecord {
    /// `carry on`, `nudge`, `roll back`, `roll back + nudge`, `stop` or `roll back + stop`: the
    /// decision's kind.
    pub fn kind(&self) -> &'static str {
        match (self.stop, self.rollback_to.is_some(), self.nudges.is_empty()) {
            (true, true, _) => "roll back + stop",
            (true, false, _) => "stop",
            (false, true, true) => "roll back",
            (false, true, false) => "roll back + nudge",
            (false, false, false) => "nudge",
            (false, false, true) => "carry on",
        }
    }
}

impl core::fmt::Display for DecisionRecord {
    /// `roll back to day 3, learning_rate 0.1 -> 0.05623 (-1): worse than day 3 (0.041 > 0.035)`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut parts = Vec::new();
        if let Some(day) = self.rollback_to {
            parts.push(format!("roll back to day {day}"));
        }
        parts.extend(self.nudges.iter().map(|n| n.to_string()));
        if self.stop {
            parts.push("stop".to_owned());
        }
        if parts.is_empty() {
            parts.push("carry on".to_owned());
        }
        write!(f, "{}", parts.join(", "))?;
        if !self.reason.is_empty() {
            write!(f, ": {}", self.reason)?;
        }
        Ok(())
    }
}

/// Everything a session recorded: its days and decisions, in order. Policies decide from it, and
/// the plot draws it.
///
/// ```
/// use hp_panda::History;
/// use hp_core::Direction;
/// let h = History::new(Direction::Minimize);
/// assert!(h.days().is_empty() && h.best_day().is_none());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    direction: Direction,
    days: Vec<DayRecord>,
    decisions: Vec<DecisionRecord>,
}

impl History {
    /// An empty history of a session where `direction` says which metrics are better.
    pub fn new(direction: Direction) -> Self {
        History { direction, days: Vec::new(), decisions: Vec::new() }
    }

    pub(crate) fn push_day(&mut self, day: DayRecord) {
        self.days.push(day);
    }

    pub(crate) fn push_decision(&mut self, decision: DecisionRecord) {
        self.decisions.push(decision);
    }

    /// Whether lower or higher metrics are better.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Every day, day 0 (the start) first; `days()[d].day == d`.
    pub fn days(&self) -> &[DayRecord] {
        &self.days
    }

    /// Every decision, in the order made.
    pub fn decisions(&self) -> &[DecisionRecord] {
        &self.decisions
    }

    /// The decisions made after day `day` (before the next day trained).
    pub fn decisions_after(&self, day: u64) -> impl Iterator<Item = &DecisionRecord> {
        self.decisions.iter().filter(move |d| d.after_day == day)
    }

    /// The last day recorded.
    pub fn last_day(&self) -> Option<&DayRecord> {
        self.days.last()
    }

    /// Day `day`, if recorded.
    pub fn day(&self, day: u64) -> Option<&DayRecord> {
        self.days.get(usize::try_from(day).ok()?)
    }

    /// The day with the best finite metric (the earliest of equals), if any.
    pub fn best_day(&self) -> Option<&DayRecord> {
        self.best_among(|_| true)
    }

    /// The best day among those `keep` accepts.
    pub fn best_among(&self, keep: impl Fn(&DayRecord) -> bool) -> Option<&DayRecord> {
        let mut best: Option<(&DayRecord, f64)> = None;
        for d in self.days.iter().filter(|d| keep(d)) {
            if let Some(m) = d.finite_metric()
                && best.is_none_or(|(_, b)| self.direction.better(m, b))
            {
                best = Some((d, m));
            }
        }
        best.map(|(d, _)| d)
    }

    /// The days whose models lead to `day`'s: its parent, the parent's parent, ... back to day 0,
    /// in calendar order, `day` included. Days rolled back from are not on it.
    pub fn lineage(&self, day: u64) -> Vec<&DayRecord> {
        let mut out = Vec::new();
        let mut at = self.day(day);
        while let Some(d) = at {
            out.push(d);
            at = if d.day == 0 { None } else { self.day(d.parent) };
        }
        out.reverse();
        out
    }

    /// Whether anyone (the policy or your code) has decided after the last day, so the next
    /// step is to train. [`Panda::run`](super::Panda::run) asks the policy only when nobody has:
    /// a decision by hand stands in for the policy's.
    pub fn decided_last_day(&self) -> bool {
        self.days.last().is_some_and(|last| self.decisions_after(last.day).next().is_some())
    }

    /// Whether a decision stopped the session.
    pub fn stopped(&self) -> bool {
        self.decisions.iter().any(|d| d.stop)
    }

    /// The config in force now, as serde serializes it: the last decision's, or the last day's.
    pub fn config_in_force(&self) -> Option<&Value> {
        let last = self.days.last()?;
        Some(self.decisions_after(last.day).last().map_or(&last.config, |d| &d.config))
    }

    /// The unit-cube point of [`config_in_force`](Self::config_in_force).
    pub fn unit_in_force(&self) -> Option<&[f64]> {
        let last = self.days.last()?;
        Some(self.decisions_after(last.day).last().map_or(&last.unit, |d| &d.unit))
    }

    /// The day whose checkpoint the model is now: the last day, or the last day rolled back to
    /// after it.
    pub fn model_day(&self) -> Option<u64> {
        let last = self.days.last()?;
        Some(self.decisions_after(last.day).filter_map(|d| d.rollback_to).last().unwrap_or(last.day))
    }
}

/// Metrics in JSON with non-finite values as strings (`"NaN"`, `"inf"`, `"-inf"`), which JSON
/// numbers cannot be; `Option<f64>` here, plain `f64` in [`metric::plain`].
pub(crate) mod metric {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::Value;

    pub(crate) fn serialize<S: Serializer>(m: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match *m {
            None => s.serialize_none(),
            Some(x) => plain::serialize(&x, s),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v => from_value(v).map(Some).map_err(D::Error::custom),
        }
    }

    fn from_value(v: Value) -> Result<f64, String> {
        match v {
            Value::Number(n) => n.as_f64().ok_or_else(|| "not a metric".to_owned()),
            Value::String(s) => match s.as_str() {
                "NaN" => Ok(f64::NAN),
                "inf" => Ok(f64::INFINITY),
                "-inf" => Ok(f64::NEG_INFINITY),
                _ => Err(format!("not a metric: {s:?}")),
            },
            other => Err(format!("not a metric: {other}")),
        }
    }

    /// A plain `f64` metric.
    pub(crate) mod plain {
        use super::*;

        pub(crate) fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
            match *x {
                x if x.is_nan() => s.serialize_str("NaN"),
                f64::INFINITY => s.serialize_str("inf"),
                f64::NEG_INFINITY => s.serialize_str("-inf"),
                x => s.serialize_f64(x),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
            from_value(Value::deserialize(d)?).map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: u64, parent: u64, metric: Option<f64>) -> DayRecord {
        DayRecord { day, parent, metric, config: Value::Null, unit: vec![], seconds: 0.0 }
    }

    #[test]
    fn non_finite_metrics_round_trip() {
        for m in [None, Some(0.25), Some(f64::INFINITY), Some(f64::NEG_INFINITY)] {
            let text = serde_json::to_string(&day(1, 0, m)).unwrap();
            assert_eq!(serde_json::from_str::<DayRecord>(&text).unwrap().metric, m, "{text}");
        }
        let text = serde_json::to_string(&day(1, 0, Some(f64::NAN))).unwrap();
        assert!(text.contains(r#""metric":"NaN""#));
        assert!(serde_json::from_str::<DayRecord>(&text).unwrap().metric.unwrap().is_nan());
    }

    #[test]
    fn lineage_skips_days_rolled_back_from() {
        let mut h = History::new(Direction::Minimize);
        for (d, p, m) in
            [(0, 0, None), (1, 0, Some(0.5)), (2, 1, Some(0.4)), (3, 2, Some(f64::NAN)), (4, 2, Some(0.3))]
        {
            h.push_day(day(d, p, m));
        }
        let days: Vec<u64> = h.lineage(4).iter().map(|d| d.day).collect();
        assert_eq!(days, [0, 1, 2, 4]);
        assert_eq!(h.best_day().unwrap().day, 4);
        assert_eq!(h.best_among(|d| d.day < 4).unwrap().day, 2);
    }

    #[test]
    fn a_decision_after_the_last_day_counts_whoever_made_it() {
        let mut h = History::new(Direction::Minimize);
        for (d, p) in [(0, 0), (1, 0), (2, 1)] {
            h.push_day(day(d, p, Some(1.0)));
        }
        assert!(!h.decided_last_day());
        h.push_decision(DecisionRecord {
            after_day: 2,
            by: DecidedBy::Hand,
            rollback_to: Some(1),
            nudges: vec![],
            stop: false,
            reason: String::new(),
            config: Value::Null,
            unit: vec![],
        });
        assert!(h.decided_last_day());
        assert_eq!(h.model_day(), Some(1));
    }
}
