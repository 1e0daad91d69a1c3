//! [`Policy`] and [`Decision`]: what to do after a day; [`LecturePolicy`], the lecture's rule.

use super::history::{DayRecord, History};
use hp_core::Direction;
use hp_core::ParamId;

/// What to do after a day: carry on, nudge, roll back (then perhaps nudge), or stop; with the
/// reason, which goes into the journal.
///
/// ```
/// use hp_panda::Decision;
/// use hp_core::Hyperparams;
/// let lr = bool::space().param_id("")?; // stands in for `Train::params().learning_rate`
/// let d = Decision::rollback(3, "day 4 diverged").and_nudge(lr, -2);
/// assert_eq!((d.rollback_to(), d.nudges().len()), (Some(3), 1));
/// # Ok::<(), hp_core::UnknownParam>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    rollback_to: Option<u64>,
    nudges: Vec<(ParamId, i32)>,
    stop: bool,
    reason: String,
}

impl Decision {
    /// Train on with the config and model as they are.
    pub fn carry_on(reason: impl Into<String>) -> Self {
        Decision { rollback_to: None, nudges: Vec::new(), stop: false, reason: reason.into() }
    }

    /// Move `param` by `steps` along its scale (see [`Nudger`](super::Nudger)).
    pub fn nudge(param: ParamId, steps: i32, reason: impl Into<String>) -> Self {
        Decision::carry_on(reason).and_nudge(param, steps)
    }

    /// Go back to day `day`'s model and config (day 0: the start).
    pub fn rollback(day: u64, reason: impl Into<String>) -> Self {
        Decision { rollback_to: Some(day), ..Decision::carry_on(reason) }
    }

    /// End the session: [`Panda::run`](super::Panda::run) trains no more days.
    pub fn stop(reason: impl Into<String>) -> Self {
        Decision { stop: true, ..Decision::carry_on(reason) }
    }

    /// Also end the session, after any rollback and nudges (to stop on the best day's model).
    #[must_use]
    pub fn and_stop(mut self) -> Self {
        self.stop = true;
        self
    }

    /// Also nudge `param` by `steps`, after any rollback and the nudges before it.
    #[must_use]
    pub fn and_nudge(mut self, param: ParamId, steps: i32) -> Self {
        self.nudges.push((param, steps));
        self
    }

    /// The day to roll back to, if any.
    pub fn rollback_to(&self) -> Option<u64> {
        self.rollback_to
    }

    /// The nudges, in order.
    pub fn nudges(&self) -> &[(ParamId, i32)] {
        &self.nudges
    }

    /// Whether the session stops.
    pub fn is_stop(&self) -> bool {
        self.stop
    }

    /// Why.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Decides what to do after each day, from everything recorded so far.
///
/// A policy should decide from the [`History`] alone (not from state of its own), so that a
/// session resumed after a crash makes the same decisions as one that was never interrupted.
///
/// ```
/// use hp_panda::{Decision, History, Policy};
///
/// /// Never touches anything: a plain training run with checkpoints.
/// struct HandsOff;
/// impl Policy for HandsOff {
///     fn decide(&mut self, history: &History) -> Decision {
///         let day = history.last_day().map_or(0, |d| d.day);
///         Decision::carry_on(format!("day {day}: no changes"))
///     }
/// }
/// ```
pub trait Policy {
    /// The decision after the last day of `history` (which has at least day 1).
    fn decide(&mut self, history: &History) -> Decision;
}

impl<F: FnMut(&History) -> Decision> Policy for F {
    fn decide(&mut self, history: &History) -> Decision {
        self(history)
    }
}

/// The lecture's babysitting rule, for one learning rate α and optionally a momentum β.
///
/// After each day, comparing the day's metric with the day it continued from (its parent):
/// 1. **Diverged**: the metric is NaN or infinite, or worse than the parent's by more than the
///    [`jump`](Self::jump) threshold. Roll back to the best earlier day and nudge α down
///    `2 × down` steps.
/// 2. **Worse** (by more than [`tolerance`](Self::tolerance)): roll back to the best earlier day
///    and nudge α down [`down`](Self::down) steps ("the learning rate was too large: go back to
///    the previous day's model"). The steps count from the lowest rate any day trained from that
///    day has had, so each retry from the same day has a lower α than every earlier one and
///    never repeats a move (training is deterministic). If α is already at the bottom of its
///    range, roll back to the best day and stop.
/// 3. **Better, but by less than [`plateau`](Self::plateau)** (relative) with a momentum
///    parameter given: nudge β up a step ("fill in some momentum"); without one, carry on.
/// 4. **Better**: nudge α up [`up`](Self::up) steps ("it learns well: raise the learning rate a
///    bit"), unless that would take α back up to a rate that failed before: that of a day
///    rolled back from (by the policy or by hand), or of the first day of the branch a rollback
///    abandoned. A rate that was too large once stays a ceiling. Then, with a momentum
///    parameter, nudge β up instead ("fill in some momentum"); without one, carry on.
///
/// "The best earlier day" is the best day on the failed day's lineage (the days its model
/// descends from): a day abandoned by a rollback, the policy's or yours, is never returned to.
///
/// Defaults: `up` 1, `down` 1, `tolerance` 0, `jump` infinite (only NaN and infinities count
/// as divergence), `plateau` 0.02. With the default [`Nudger`](super::Nudger) one step of α is
/// ×10^(1/4) ≈ 1.78.
///
/// It decides from the history alone, so a resumed session decides as an uninterrupted one.
/// [`Panda::run`](super::Panda::run) does not ask it about a day you have already decided on by
/// hand: your decision stands.
///
/// ```
/// use hp_panda::LecturePolicy;
/// use hp_core::Hyperparams;
/// let alpha = bool::space().param_id("")?; // stands in for `Train::params().learning_rate`
/// let policy = LecturePolicy::new(alpha).down(2).tolerance(0.002);
/// # Ok::<(), hp_core::UnknownParam>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LecturePolicy {
    learning_rate: ParamId,
    momentum: Option<ParamId>,
    up: i32,
    down: i32,
    tolerance: f64,
    jump: f64,
    plateau: f64,
}

impl LecturePolicy {
    /// The rule for learning rate `learning_rate` (a [`ParamId`] of the config type).
    pub fn new(learning_rate: ParamId) -> Self {
        LecturePolicy {
            learning_rate,
            momentum: None,
            up: 1,
            down: 1,
            tolerance: 0.0,
            jump: f64::INFINITY,
            plateau: 0.02,
        }
    }

    /// A momentum β to raise when progress slows to a plateau.
    #[must_use]
    pub fn momentum(mut self, momentum: ParamId) -> Self {
        self.momentum = Some(momentum);
        self
    }

    /// Steps α goes up after a good day (default 1).
    #[must_use]
    pub fn up(mut self, steps: u16) -> Self {
        self.up = i32::from(steps);
        self
    }

    /// Steps α goes down after a worse day, twice that after a divergence (default 1).
    #[must_use]
    pub fn down(mut self, steps: u16) -> Self {
        self.down = i32::from(steps);
        self
    }

    /// How much worse than its parent a day may be, in the metric's units, and still count as
    /// no worse (default 0: any worsening rolls back). Noisy metrics want a little.
    #[must_use]
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance.max(0.0);
        self
    }

    /// A day worse than its parent by more than this, in the metric's units, counts as
    /// diverged (default: infinite, so only NaN and infinities do).
    #[must_use]
    pub fn jump(mut self, threshold: f64) -> Self {
        self.jump = threshold;
        self
    }

    /// A relative improvement below this is a plateau (default 0.02, two percent).
    #[must_use]
    pub fn plateau(mut self, fraction: f64) -> Self {
        self.plateau = fraction;
        self
    }

    /// One step of α in unit coordinates, read from the last α nudge that did not stop at a
    /// bound; `None` before the first.
    fn alpha_step(&self, history: &History) -> Option<f64> {
        let c = self.learning_rate.coordinate();
        history
            .decisions()
            .iter()
            .flat_map(|d| &d.nudges)
            .filter(|n| n.coordinate == c && !n.clamped && n.steps != 0)
            .map(|n| (n.to_unit - n.from_unit).abs() / f64::from(n.steps.unsigned_abs()))
            .next_back()
    }

    /// The day rolled back from whose rate raising α by [`up`](Self::up) steps would reach, if
    /// any: a rate that was too large once is a ceiling. For each rollback (the policy's or
    /// yours) from day `d` to day `r`, two days count as too large: `d`, which showed the
    /// failure, and the first day after `r` on `d`'s lineage, the move out of `r` that led there.
    /// The days in between only carried on.
    fn ceiling(&self, history: &History) -> Option<u64> {
        let c = self.learning_rate.coordinate();
        let step = self.alpha_step(history)?;
        let failed = history.decisions().iter().filter_map(|d| {
            let to = d.rollback_to?;
            let lineage = history.lineage(d.after_day);
            let first = lineage.iter().find(|day| day.day > to)?;
            Some([*first, *lineage.last()?])
        });
        let (ceiling, day) = failed
            .flatten()
            .filter_map(|d| Some((*d.unit.get(c)?, d.day)))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))?;
        let now = *history.unit_in_force()?.get(c)?;
        // A thousandth of a step of slack for the rounding of unit coordinates.
        (now + f64::from(self.up) * step >= ceiling - 1e-3 * step).then_some(day)
    }

    /// Rolls back to the best day of `today`'s lineage before it (day 0 if none has a finite
    /// metric; days rolled back from are not on the lineage, so a day you abandoned by hand is
    /// never returned to), with α `steps` steps (at least one) below the lowest rate any day
    /// trained from there has had, `today` included. The nudge counts from the best day's own
    /// α, so going back to a day with a lower rate may need fewer steps down, or none; and a
    /// retry is never a move already made from that day (training is deterministic). If that
    /// lowest rate is already the bottom of α's range, rolls back to the best day and stops.
    fn back_off(&self, history: &History, today: &DayRecord, steps: i32, why: String) -> Decision {
        let lineage: Vec<u64> = history.lineage(today.day).iter().map(|d| d.day).collect();
        let best = history.best_among(|d| d.day < today.day && lineage.contains(&d.day)).map_or(0, |d| d.day);
        let c = self.learning_rate.coordinate();
        let tried = history
            .days()
            .iter()
            .filter(|d| d.day > 0 && (d.parent == best || d.day == today.day))
            .filter_map(|d| d.unit.get(c).copied())
            .min_by(f64::total_cmp);
        if tried.is_some_and(|u| u <= 0.0) {
            let why =
                format!("{why}, with α at the bottom of its range: back to the best day, {best}, and stop");
            return Decision::rollback(best, why).and_stop();
        }
        let target = history.day(best).and_then(|d| d.unit.get(c));
        let steps = steps.max(1);
        let relative = match (tried, target, self.alpha_step(history)) {
            (Some(tried), Some(&target), Some(step)) if step > 0.0 => {
                ((tried - target) / step).round() as i32 - steps
            }
            _ => -steps,
        };
        let decision =
            Decision::rollback(best, format!("{why}: back to the best day, {best}, with a lower α"));
        if relative == 0 { decision } else { decision.and_nudge(self.learning_rate, relative) }
    }
}

impl Policy for LecturePolicy {
    fn decide(&mut self, history: &History) -> Decision {
        let Some(today) = history.last_day() else { return Decision::carry_on("nothing trained yet") };
        let direction = history.direction();
        let parent = history.day(today.parent).and_then(DayRecord::finite_metric);
        let fmt = |x: f64| crate::value::format_float(x);
        let Some(metric) = today.finite_metric() else {
            let m = today.metric.unwrap_or(f64::NAN);
            return self.back_off(history, today, 2 * self.down, format!("diverged (metric {m})"));
        };
        let Some(before) = parent else {
            return Decision::nudge(
                self.learning_rate,
                self.up,
                format!("first result ({}): it learns, raise α", fmt(metric)),
            );
        };
        // How much worse than its parent the day is, in the metric's units (negative: better).
        let worse_by = match direction {
            Direction::Minimize => metric - before,
            Direction::Maximize => before - metric,
        };
        let compared = format!("{} after {} on day {}", fmt(metric), fmt(before), today.parent);
        if worse_by > self.jump {
            return self.back_off(history, today, 2 * self.down, format!("jumped: {compared}"));
        }
        if worse_by > self.tolerance {
            return self.back_off(history, today, self.down, format!("worse: {compared}"));
        }
        let gain = -worse_by / before.abs().max(f64::MIN_POSITIVE);
        if gain < self.plateau {
            return match &self.momentum {
                Some(beta) => {
                    Decision::nudge(*beta, 1, format!("plateau ({compared}): fill in some momentum"))
                }
                None => Decision::carry_on(format!("plateau ({compared})")),
            };
        }
        if let Some(day) = self.ceiling(history) {
            let rate = history
                .day(day)
                .and_then(|d| field(&d.config, self.learning_rate.name()))
                .map_or_else(String::new, |v| format!(" ({v})"));
            let why = format!("better: {compared}; α stays below day {day}'s rate{rate}");
            return match &self.momentum {
                Some(beta) => Decision::nudge(*beta, 1, format!("{why}, so more momentum")),
                None => Decision::carry_on(why),
            };
        }
        Decision::nudge(self.learning_rate, self.up, format!("better: {compared}; raise α"))
    }
}

/// A config's field at a dotted path, for messages: `0.3162`, or `None` if serde named it
/// otherwise.
fn field(config: &serde_json::Value, dotted: &str) -> Option<String> {
    let v = dotted.split('.').try_fold(config, |v, key| v.get(key))?;
    Some(match v.as_f64() {
        Some(x) => crate::value::format_float(x),
        None => v.to_string(),
    })
}
