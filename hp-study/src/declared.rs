//! What a study declares about its trials' metrics: the objectives it optimizes
//! ([`Study::objectives`](crate::Study::objectives)) and the bounds that make a trial infeasible
//! ([`Study::constraint`](crate::Study::constraint)), applied in one place where a trial's record
//! is made, by the runner and by ask/tell alike.

use core::fmt;
use std::collections::BTreeMap;

use super::record::{Named, add_named};
use super::{Objective, Status, StudyError};
use hp_core::Direction;

/// A bound on one of a trial's [metrics](crate::Trial::metric), declared on the study: a trial
/// whose metric breaks it is infeasible (never ranked, and the samplers learn to avoid it), as if
/// it had reported the constraint value itself ([`Trial::constraint`](crate::Trial::constraint)):
/// `metric - limit` for [`at_most`](MetricConstraint::at_most), `limit - metric` for
/// [`at_least`](MetricConstraint::at_least), named after the rule (`latency_ms <= 5`).
///
/// ```
/// use hp_study::MetricConstraint;
/// let fast = MetricConstraint::at_most("latency_ms", 5.0);
/// assert_eq!(fast.to_string(), "latency_ms <= 5");
/// assert_eq!(MetricConstraint::at_least("accuracy", 0.9).to_string(), "accuracy >= 0.9");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MetricConstraint {
    metric: String,
    limit: f64,
    at_most: bool,
}

impl MetricConstraint {
    /// Feasible while metric `name` is at most `limit`.
    ///
    /// ```
    /// let small = hp_study::MetricConstraint::at_most("parameters", 20_000.0);
    /// ```
    pub fn at_most(name: impl Into<String>, limit: f64) -> Self {
        MetricConstraint { metric: name.into(), limit, at_most: true }
    }

    /// Feasible while metric `name` is at least `limit`.
    ///
    /// ```
    /// let good = hp_study::MetricConstraint::at_least("accuracy", 0.9);
    /// ```
    pub fn at_least(name: impl Into<String>, limit: f64) -> Self {
        MetricConstraint { metric: name.into(), limit, at_most: false }
    }

    /// The metric it bounds.
    ///
    /// ```
    /// assert_eq!(hp_study::MetricConstraint::at_most("latency_ms", 5.0).metric(), "latency_ms");
    /// ```
    pub fn metric(&self) -> &str {
        &self.metric
    }

    /// The constraint value of a metric value: above 0 when the bound is broken.
    fn value(&self, x: f64) -> f64 {
        if self.at_most { x - self.limit } else { self.limit - x }
    }
}

impl fmt::Display for MetricConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.metric, if self.at_most { "<=" } else { ">=" }, self.limit)
    }
}

/// A study's declarations, as the places that make records need them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Declared<'a> {
    pub(crate) objectives: &'a [Objective],
    pub(crate) constraints: &'a [MetricConstraint],
}

impl Declared<'_> {
    /// Checked before any trial runs. Objectives: none (the study's value alone), or two or more,
    /// distinct, the value's direction the study's, and a sampler that can follow them (`sampler`
    /// names it). A bound needs a metric's name and a finite limit.
    pub(crate) fn check(
        &self,
        direction: Direction,
        multi_objective: bool,
        sampler: &str,
    ) -> Result<(), StudyError> {
        let bad = |message: String| Err(StudyError::Objectives { message });
        let objectives = self.objectives;
        if let [one] = objectives {
            return bad(format!(
                "a study declares two objectives or more, not one ({one}): a study of one objective \
                 optimizes its value, in its direction"
            ));
        }
        if let Some((k, o)) =
            objectives.iter().enumerate().find(|(k, o)| objectives[..*k].iter().any(|p| p.name() == o.name()))
        {
            return bad(format!("objective {k}, {o}, is declared twice"));
        }
        if let Some(value) =
            objectives.iter().find(|o| o.metric_name().is_none() && o.direction() != direction)
        {
            return bad(format!(
                "the objective {value} goes against the study's direction ({}); set the study's direction to {}",
                direction.name(),
                value.direction().name()
            ));
        }
        if !objectives.is_empty() && !multi_objective {
            let names: Vec<String> = objectives.iter().map(ToString::to_string).collect();
            return bad(format!(
                "the sampler {sampler} learns from one objective, not from {}; use hp-nsga's Nsga2, or a strategy",
                names.join(", ")
            ));
        }
        for c in self.constraints {
            if c.metric.is_empty() || !c.limit.is_finite() {
                let message = "a metric constraint needs a metric's name and a finite limit".to_owned();
                return Err(StudyError::BadConstraint { constraint: c.to_string(), message });
            }
        }
        Ok(())
    }

    /// The objectives (name and direction; labels are only for people) and the constraints, as a
    /// stored study records them: part of its identity, left out when there are none.
    pub(crate) fn identity(&self) -> (Option<Vec<String>>, Option<Vec<String>>) {
        let objectives = self.objectives.iter().map(|o| format!("{} ({})", o.name(), o.direction().name()));
        let constraints = self.constraints.iter().map(ToString::to_string);
        (
            (!self.objectives.is_empty()).then(|| objectives.collect()),
            (!self.constraints.is_empty()).then(|| constraints.collect()),
        )
    }

    /// A finished trial's status and value once the declarations apply: each bounded metric it
    /// reported adds its constraint value to `constraints`; a trial that returned a value fails
    /// if it did not report a declared objective's or a bounded metric (naming it). A pruned
    /// trial without the metric is left as it is; a failed one is left alone.
    pub(crate) fn settle(
        &self,
        status: Status,
        value: Option<f64>,
        metrics: &BTreeMap<String, f64>,
        constraints: &mut BTreeMap<String, f64>,
    ) -> (Status, Option<f64>) {
        if matches!(status, Status::Failed { .. }) {
            return (status, value);
        }
        let complete = matches!(status, Status::Complete);
        let fail = |message: String| (Status::Failed { message }, None);
        for c in self.constraints {
            match metrics.get(&c.metric) {
                Some(&x) => {
                    if let Err(message) =
                        add_named(Named::Constraint, constraints, &c.to_string(), c.value(x))
                    {
                        return fail(message);
                    }
                }
                None if complete => {
                    return fail(format!(
                        "the metric {:?} was not reported (Trial::metric); the study constrains it ({c})",
                        c.metric
                    ));
                }
                None => {}
            }
        }
        let missing =
            self.objectives.iter().filter_map(Objective::metric_name).find(|m| !metrics.contains_key(*m));
        match missing {
            Some(name) if complete => fail(format!(
                "the objective metric {name:?} was not reported (Trial::metric); every objective needs a value"
            )),
            _ => (status, value),
        }
    }
}
