//! Scale-aware nudges: move one hyperparameter a few steps along its own scale. See [`Nudger`].

use core::fmt;

use super::history::NudgeRecord;
use super::value::ParamValue;
use hp_core::{Domain, Hyperparams, Levels, Param, ParamId, Space, ValidationError};

/// Steps per decade on `log` and `reverse_log` scales: one step multiplies α (or divides
/// `1 - β`) by `10^(1/4) ≈ 1.778`, so four steps up is ten times the learning rate.
pub const STEPS_PER_DECADE: u32 = 4;

/// Steps across the range of a `linear` parameter: one step is a tenth of `high - low`.
pub const LINEAR_STEPS: u32 = 10;

/// Moves hyperparameters along their own scales.
///
/// A nudge never computes a value itself. It moves the parameter's unit-cube coordinate
/// ([`Hyperparams::to_unit`]) and sets that one field with [`Hyperparams::set_unit`], so the
/// scale's own `from_unit` decides the value and keeps it in bounds, and every other field keeps
/// its exact bits. The only arithmetic here is the size of one step in unit coordinates, read
/// from the parameter's [`Domain`] ([`Domain::decades`]):
///
/// | parameter | one step | unit step |
/// |---|---|---|
/// | `log` float | × 10^(1/4): a decade in [`STEPS_PER_DECADE`] steps | `(1/4) / log10(high / low)` |
/// | `reverse_log` float | `1 - x` ÷ 10^(1/4) (up: toward `high`, never to 1) | `(1/4) / log10((1 - low) / (1 - high))` |
/// | `linear` float | 1/[`LINEAR_STEPS`] of the range | `1/10` |
/// | integer, `linear` or `log` | as for floats, but always at least one value | as for floats |
/// | grid (`step = S`), choice, `bool`, enum | the neighbouring value | one bin |
///
/// A nudge that would leave the range stops at the bound and says so ([`Nudged::clamped`]).
///
/// ```
/// use hp_panda::Nudger;
/// use hp_core::Hyperparams;
///
/// #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq)]
/// #[hp(crate = "hp_core")] // through hp-core, as a crate that builds on it; with `hp`, leave it out
/// struct Lr {
///     #[hp(log, 1e-4, 1.0)]
///     lr: f64,
/// }
///
/// let lr = Lr::space().param_id("lr")?;
/// let nudger = Nudger::new();
/// let up = nudger.nudge(&Lr { lr: 0.01 }, &lr, 4)?; // four steps: one decade
/// assert!((up.config.lr - 0.1).abs() < 1e-12 && !up.clamped);
/// let top = nudger.nudge(&Lr { lr: 0.5 }, &lr, 2)?; // 0.5 * 3.16 is past 1.0
/// assert_eq!((top.config.lr, top.clamped), (1.0, true));
/// println!("{top}"); // lr 0.5 -> 1 (+2 steps, clamped at the bound)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Nudger {
    steps_per_decade: u32,
    linear_steps: u32,
}

impl Default for Nudger {
    fn default() -> Self {
        Nudger::new()
    }
}

/// How one parameter moves.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stride {
    /// A continuous float: this far in unit coordinates per step.
    Unit(f64),
    /// An integer without a grid: this far per step, and at least to the next value.
    AtLeastOneValue(f64),
    /// A grid, a choice: one value per step.
    Values,
}

impl Nudger {
    /// [`STEPS_PER_DECADE`] steps per decade, [`LINEAR_STEPS`] across a linear range.
    pub const fn new() -> Self {
        Nudger { steps_per_decade: STEPS_PER_DECADE, linear_steps: LINEAR_STEPS }
    }

    /// Other step sizes: `per_decade` steps per decade of a log scale (of `1 - x` on a
    /// reverse-log one), `linear` steps across a linear range.
    ///
    /// ```
    /// # use hp_panda::{Nudger, NudgeError};
    /// assert!(Nudger::with_steps(2, 20).is_ok()); // ×√10 per step; a twentieth of a linear range
    /// assert_eq!(Nudger::with_steps(0, 10), Err(NudgeError::NoSteps));
    /// ```
    ///
    /// # Errors
    /// [`NudgeError::NoSteps`] if either is 0.
    pub const fn with_steps(per_decade: u32, linear: u32) -> Result<Self, NudgeError> {
        if per_decade == 0 || linear == 0 {
            return Err(NudgeError::NoSteps);
        }
        Ok(Nudger { steps_per_decade: per_decade, linear_steps: linear })
    }

    /// Steps per decade on log scales.
    pub const fn steps_per_decade(&self) -> u32 {
        self.steps_per_decade
    }

    /// Steps across a linear range.
    pub const fn linear_steps(&self) -> u32 {
        self.linear_steps
    }

    /// How `param` moves: bookkeeping on its domain, no value is computed here.
    fn stride(&self, param: &Param) -> Stride {
        let domain = param.domain();
        let unit = match domain.decades() {
            Some(decades) => 1.0 / self.steps_per_decade as f64 / decades,
            None => 1.0 / self.linear_steps as f64,
        };
        match (param.levels(), domain) {
            (Some(Levels::Continuous), _) => Stride::Unit(unit),
            (Some(Levels::Values(_)), Domain::Int { step: None, .. }) => Stride::AtLeastOneValue(unit),
            _ => Stride::Values,
        }
    }

    /// `config` with `param` moved `steps` steps along its scale (negative: down), every other
    /// field unchanged bit for bit. `steps = 0` returns the config as it is.
    ///
    /// # Errors
    /// [`NudgeError::UnknownParam`] if `param` is not a searched parameter of `C` (an id from
    /// another config type), [`NudgeError::Inactive`] if the parameter does not apply to this
    /// config (a field of another enum variant), [`NudgeError::Invalid`] if `config` is outside
    /// its space.
    pub fn nudge<C>(&self, config: &C, param: &ParamId, steps: i32) -> Result<Nudged<C>, NudgeError>
    where
        C: Hyperparams + Clone,
    {
        self.nudge_in(&C::space(), config, param, steps)
    }

    /// [`nudge`](Self::nudge) with `C::space()` already at hand.
    pub(crate) fn nudge_in<C>(
        &self,
        space: &Space,
        config: &C,
        id: &ParamId,
        steps: i32,
    ) -> Result<Nudged<C>, NudgeError>
    where
        C: Hyperparams + Clone,
    {
        let param = space.param(id).ok_or_else(|| NudgeError::UnknownParam { name: id.name().to_owned() })?;
        config.validate().map_err(NudgeError::Invalid)?;
        let i = id.coordinate();
        let unit = config.to_unit();
        if let Some(condition) = space.unmet_condition(i, &unit) {
            return Err(NudgeError::Inactive {
                name: param.name().to_owned(),
                condition: condition.to_string(),
            });
        }

        let from_unit = unit[i];
        let levels = param.levels().and_then(|l| l.count());
        let (target, clamped) = match self.stride(param) {
            Stride::Unit(d) => {
                let target = from_unit + steps as f64 * d;
                // Landing on a bound up to the rounding of the steps is not leaving the range.
                let slack = 1e-9 * d;
                if target > 1.0 {
                    (1.0, target > 1.0 + slack)
                } else if target < 0.0 {
                    (0.0, target < -slack)
                } else {
                    (target, false)
                }
            }
            Stride::AtLeastOneValue(d) => walk(param, from_unit, steps, Some(d), levels),
            Stride::Values => walk(param, from_unit, steps, None, levels),
        };
        let mut nudged = config.clone();
        // A nudge that does not move the coordinate (no steps, or at the bound already) leaves
        // the field as it is: `from_unit(to_unit(x))` need not give `x` back in its last bit.
        if target.to_bits() != from_unit.to_bits() {
            nudged.set_unit(i, target);
        }
        let value = |u| param.from_unit(u).map_or(ParamValue::Float(u), |v| ParamValue::of(param, v));
        Ok(Nudged {
            param: *id,
            steps,
            from: value(from_unit),
            // The moved field is `from_unit(target)`, so this is its value exactly.
            to: value(target),
            from_unit,
            to_unit: nudged.to_unit()[i],
            clamped,
            config: nudged,
        })
    }
}

/// A discrete parameter's walk: `steps` moves of one stride each, where an integer stride
/// (`Some(d)`) moves `d` in unit coordinates and a grid or choice (`None`) one value; each
/// move goes at least to the next value. Returns the final coordinate (a bin centre) and
/// whether the walk hit a bound before it was done. Nudges are meant to be a few steps; a walk
/// of at least as many steps as the parameter has values goes straight to the bound.
fn walk(param: &Param, from: f64, steps: i32, stride: Option<f64>, levels: Option<u128>) -> (f64, bool) {
    // The centre of the bin of the value at coordinate x: the parameter's from_unit then to_unit.
    let mut centre_at = |x: f64| param.from_unit(x).and_then(|v| param.to_unit(v)).unwrap_or(x);
    let up = steps > 0;
    let end = if up { 1.0 } else { 0.0 };
    if levels.is_some_and(|n| u128::from(steps.unsigned_abs()) >= n) {
        return (centre_at(end), true);
    }
    let mut at = centre_at(from);
    for _ in 0..steps.unsigned_abs() {
        let next = match stride {
            Some(d) => {
                let target = at + if up { d } else { -d };
                let beyond = if up { target > 1.0 } else { target < 0.0 };
                let c = centre_at(if beyond { end } else { target });
                if c != at {
                    at = c;
                    if beyond {
                        return (at, true);
                    }
                    continue;
                }
                neighbour(&mut centre_at, at, end)
            }
            None => neighbour(&mut centre_at, at, end),
        };
        match next {
            Some(c) => at = c,
            None => return (at, true),
        }
    }
    (at, false)
}

/// The centre of the value next to the one centred at `at`, toward `end` (0 or 1), or `None` at
/// the bound. Bisects for the bin edge, so bins need not be equal (integer log scales).
fn neighbour(centre_at: &mut impl FnMut(f64) -> f64, at: f64, end: f64) -> Option<f64> {
    let last = centre_at(end);
    if last == at {
        return None;
    }
    // `same` maps to the current value, `other` to another one; the edge lies between them.
    let (mut same, mut other) = (at, end);
    loop {
        let mid = same + (other - same) / 2.0;
        if mid == same || mid == other {
            break;
        }
        if centre_at(mid) == at {
            same = mid;
        } else {
            other = mid;
        }
    }
    Some(centre_at(other))
}

/// A config after a nudge, with what moved.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Nudged<C> {
    /// The parameter.
    pub param: ParamId,
    /// The steps asked for (negative: down).
    pub steps: i32,
    /// Its value before, read through its scale.
    pub from: ParamValue,
    /// Its value after.
    pub to: ParamValue,
    /// Its unit coordinate before.
    pub from_unit: f64,
    /// Its unit coordinate after.
    pub to_unit: f64,
    /// Whether the nudge stopped at a bound before taking every step (the value may not have
    /// moved at all, if it was at that bound already).
    pub clamped: bool,
    /// The config after the nudge; every other field is unchanged.
    pub config: C,
}

impl<C> Nudged<C> {
    /// What a journal keeps of the nudge, and the config after it.
    pub(crate) fn into_record(self) -> (NudgeRecord, C) {
        let record = NudgeRecord {
            param: self.param.name().to_owned(),
            coordinate: self.param.coordinate(),
            steps: self.steps,
            from: self.from,
            to: self.to,
            from_unit: self.from_unit,
            to_unit: self.to_unit,
            clamped: self.clamped,
        };
        (record, self.config)
    }

    /// Whether the value changed.
    pub fn moved(&self) -> bool {
        self.from != self.to
    }
}

impl<C> fmt::Display for Nudged<C> {
    /// `learning_rate 0.05 -> 0.08891 (+1 step)`, with `, clamped at the bound` when it was.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.steps.abs() == 1 { "" } else { "s" };
        write!(f, "{} {} -> {} ({:+} step{s}", self.param, self.from, self.to, self.steps)?;
        if self.clamped {
            f.write_str(", clamped at the bound")?;
        }
        f.write_str(")")
    }
}

/// Why a nudge was refused.
///
/// ```
/// use hp_panda::NudgeError;
/// let e = NudgeError::Inactive { name: "adam.beta2".into(), condition: "optimizer = Adam".into() };
/// assert_eq!(e.to_string(), "adam.beta2 is not active in this config (it applies when optimizer = Adam)");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum NudgeError {
    /// A step count of 0 for [`Nudger::with_steps`].
    NoSteps,
    /// The id names no searched parameter of this config type.
    UnknownParam {
        /// The id's name.
        name: String,
    },
    /// The parameter does not apply to this config: a condition on a choice does not hold.
    Inactive {
        /// The parameter's name.
        name: String,
        /// The first condition that does not hold, e.g. `optimizer = Adam`.
        condition: String,
    },
    /// The config is outside its space, so it has no well-defined place to move from.
    Invalid(ValidationError),
}

impl fmt::Display for NudgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NudgeError::NoSteps => {
                f.write_str("a nudger needs at least one step per decade and per linear range")
            }
            NudgeError::UnknownParam { name } => {
                write!(f, "`{name}` is not a searched hyperparameter of this config type")
            }
            NudgeError::Inactive { name, condition } => {
                write!(f, "{name} is not active in this config (it applies when {condition})")
            }
            NudgeError::Invalid(e) => write!(f, "cannot nudge a config outside its space: {e}"),
        }
    }
}

impl std::error::Error for NudgeError {}
