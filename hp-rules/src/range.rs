//! The bound rules of the numeric scales, and the constants each one precomputes.
//!
//! One function per scale: [`linear`], [`log`], [`reverse_log`], and [`steps`] for the three
//! stepped variants; [`check`] picks by [`ScaleKind`]. Each returns what its scale stores
//! (logarithms of the bounds, the index of the last grid value) or the first rule the bounds break,
//! in a fixed order: finiteness, `low < high`, the kind's domain, the step's size, the step's fit.
//! hp-core's constructors call them at run time, hp-derive at compile time on the literals; the
//! small predicates ([`is_finite`], [`log_low_ok`], ...) are the same rules one at a time, for a
//! caller that reports every broken rule at its own token.

// Comparisons are written so that NaN fails them (`!(low < high)`); clippy's suggestion,
// `partial_cmp`, would hide that intent.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

use crate::arith;
use crate::{ScaleError, ScaleKind};

/// A bound, step or value as the rules see it: a float widened to `f64` (exact from `f32`) or an
/// integer widened to `i128` (exact from every 64-bit type).
///
/// ```
/// use hp_rules::Num;
/// assert_eq!(Num::Int(3).to_f64(), 3.0);
/// assert!(Num::Float(0.5).is_float());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A float, widened to `f64`.
    Float(f64),
    /// An integer, widened to `i128`.
    Int(i128),
}

impl Num {
    /// The value as an `f64` (integers rounded to nearest).
    ///
    /// ```
    /// # use hp_rules::Num;
    /// assert_eq!(Num::Float(0.25).to_f64(), 0.25);
    /// ```
    #[inline]
    pub const fn to_f64(self) -> f64 {
        match self {
            Num::Float(x) => x,
            Num::Int(k) => k as f64,
        }
    }

    /// Whether this is a float.
    ///
    /// ```
    /// # use hp_rules::Num;
    /// assert!(!Num::Int(1).is_float());
    /// ```
    pub const fn is_float(self) -> bool {
        matches!(self, Num::Float(_))
    }
}

/// What a scale precomputes from its checked bounds.
///
/// ```
/// use hp_rules::{Num, ScaleKind, range::{self, Checked}};
/// let batch = range::check(ScaleKind::Log, Num::Int(16), Num::Int(1024), Some(Num::Int(2)), 0.0);
/// assert_eq!(batch, Ok(Checked::Steps { last: 6 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Checked {
    /// A linear scale needs nothing.
    Linear,
    /// `ln` of the ends of the log-uniform range (for integers, of `low - 1/2` and `high + 1/2`).
    Log {
        /// `ln low`.
        ln_low: f64,
        /// `ln high`.
        ln_high: f64,
    },
    /// `ln(1 - low)` and `ln(1 - high)`.
    ReverseLog {
        /// `ln(1 - low)`.
        ln_top: f64,
        /// `ln(1 - high)`.
        ln_bottom: f64,
    },
    /// A grid of values `0..=last` by index.
    Steps {
        /// The index of `high`.
        last: u64,
    },
}

/// The rules of scale `kind` with an optional step: [`linear`], [`log`], [`reverse_log`] or
/// [`steps`]. `eps` is the value type's machine epsilon (0 for integers): how much rounding a
/// float step may show.
///
/// ```
/// use hp_rules::{Num, ScaleError, ScaleKind, range};
/// let f = Num::Float;
/// assert!(range::check(ScaleKind::Log, f(1e-4), f(1.0), None, f64::EPSILON).is_ok());
/// assert_eq!(
///     range::check(ScaleKind::Linear, f(0.0), f(1.0), Some(f(0.3)), f64::EPSILON),
///     Err(ScaleError::StepDoesNotDivide)
/// );
/// ```
///
/// # Errors
/// The first rule the bounds break, as each function below lists them.
pub const fn check(
    kind: ScaleKind,
    low: Num,
    high: Num,
    step: Option<Num>,
    eps: f64,
) -> Result<Checked, ScaleError> {
    match (kind, step) {
        (_, Some(step)) => match steps(kind, low, high, step, eps) {
            Ok(last) => Ok(Checked::Steps { last }),
            Err(e) => Err(e),
        },
        (ScaleKind::Linear, None) => match linear(low, high) {
            Ok(()) => Ok(Checked::Linear),
            Err(e) => Err(e),
        },
        (ScaleKind::Log, None) => match log(low, high) {
            Ok((ln_low, ln_high)) => Ok(Checked::Log { ln_low, ln_high }),
            Err(e) => Err(e),
        },
        (ScaleKind::ReverseLog, None) => match reverse_log(low.to_f64(), high.to_f64()) {
            Ok((ln_top, ln_bottom)) => Ok(Checked::ReverseLog { ln_top, ln_bottom }),
            Err(e) => Err(e),
        },
    }
}

/// The rules on the bounds alone of a scale of `kind` (no step): finite, `low < high`, then the
/// kind's domain ([`log_low_ok`]; [`reverse_log_low_ok`] and [`reverse_log_high_ok`]). A `const fn`,
/// so that code generated for bounds the derive cannot read (constants) checks them at compile
/// time with the very rules [`linear`], [`log`] and [`reverse_log`] apply.
///
/// ```
/// use hp_rules::{Num, ScaleError, ScaleKind, range};
/// const OK: Result<(), ScaleError> = range::bounds(ScaleKind::Log, Num::Float(1e-4), Num::Float(1.0));
/// assert_eq!(OK, Ok(()));
/// assert_eq!(range::bounds(ScaleKind::Log, Num::Int(0), Num::Int(8)), Err(ScaleError::LogLowNotPositive));
/// assert_eq!(range::bounds(ScaleKind::ReverseLog, Num::Float(0.9), Num::Float(1.0)), Err(ScaleError::ReverseLogOutsideUnit));
/// assert_eq!(range::bounds(ScaleKind::Linear, Num::Float(f64::NAN), Num::Float(1.0)), Err(ScaleError::NonFinite));
/// ```
///
/// # Errors
/// [`ScaleError::NonFinite`], [`ScaleError::EmptyRange`], then the kind's
/// [`ScaleError::LogLowNotPositive`] or [`ScaleError::ReverseLogOutsideUnit`].
pub const fn bounds(kind: ScaleKind, low: Num, high: Num) -> Result<(), ScaleError> {
    if !(is_finite(low) && is_finite(high)) {
        return Err(ScaleError::NonFinite);
    }
    if !low_below_high(low, high) {
        return Err(ScaleError::EmptyRange);
    }
    match kind {
        ScaleKind::Linear => Ok(()),
        ScaleKind::Log if log_low_ok(low) => Ok(()),
        ScaleKind::Log => Err(ScaleError::LogLowNotPositive),
        ScaleKind::ReverseLog if reverse_log_low_ok(low.to_f64()) && reverse_log_high_ok(high.to_f64()) => {
            Ok(())
        }
        ScaleKind::ReverseLog => Err(ScaleError::ReverseLogOutsideUnit),
    }
}

/// Uniform on `[low, high]`.
///
/// ```
/// use hp_rules::{Num, ScaleError, range};
/// assert_eq!(range::linear(Num::Int(2), Num::Int(4)), Ok(()));
/// assert_eq!(range::linear(Num::Float(0.0), Num::Float(f64::INFINITY)), Err(ScaleError::NonFinite));
/// ```
///
/// # Errors
/// [`ScaleError::NonFinite`], then [`ScaleError::EmptyRange`] unless `low < high`.
pub const fn linear(low: Num, high: Num) -> Result<(), ScaleError> {
    bounds(ScaleKind::Linear, low, high)
}

/// Log-uniform on `[low, high]`; for integers log-uniform on `[low - 1/2, high + 1/2]`, rounded
/// (Optuna's rule). Returns `ln` of the ends of that continuous range.
///
/// ```
/// use hp_rules::{Num, ScaleError, range};
/// assert!(range::log(Num::Float(1e-4), Num::Float(1.0)).is_ok());
/// assert_eq!(range::log(Num::Int(0), Num::Int(1024)), Err(ScaleError::LogLowNotPositive));
/// ```
///
/// # Errors
/// [`ScaleError::NonFinite`], [`ScaleError::EmptyRange`], then [`ScaleError::LogLowNotPositive`]
/// unless [`log_low_ok`].
pub const fn log(low: Num, high: Num) -> Result<(f64, f64), ScaleError> {
    if let Err(e) = bounds(ScaleKind::Log, low, high) {
        return Err(e);
    }
    Ok(match (low, high) {
        (Num::Int(l), Num::Int(h)) => arith::int_log(l, h),
        _ => arith::float_log(low.to_f64(), high.to_f64()),
    })
}

/// `1 - x` log-uniform on `[1 - high, 1 - low]`, floats only. Returns `ln(1 - low)` and
/// `ln(1 - high)`.
///
/// ```
/// use hp_rules::{ScaleError, range};
/// assert!(range::reverse_log(0.9, 0.999).is_ok());
/// assert_eq!(range::reverse_log(0.9, 1.0), Err(ScaleError::ReverseLogOutsideUnit));
/// ```
///
/// # Errors
/// [`ScaleError::NonFinite`], [`ScaleError::EmptyRange`], then
/// [`ScaleError::ReverseLogOutsideUnit`] unless [`reverse_log_low_ok`] and [`reverse_log_high_ok`].
pub const fn reverse_log(low: f64, high: f64) -> Result<(f64, f64), ScaleError> {
    if let Err(e) = bounds(ScaleKind::ReverseLog, Num::Float(low), Num::Float(high)) {
        return Err(e);
    }
    Ok(arith::reverse_log(low, high))
}

/// A grid on scale `kind`: `low + k step` (linear), `low step^k` (log) or `1 - (1 - low) / step^k`
/// (reverse log), up to `high`. Returns the index of `high`, the last value.
///
/// For floats, "whole" allows a relative [`STEP_TOLERANCE`](crate::STEP_TOLERANCE), or more if
/// rounding the bounds and step to the value type (machine epsilon `eps`) explains it, so that
/// decimal steps work (`0.1` on `[0, 1]`, in `f64` and in `f32`). Integers are exact.
///
/// ```
/// use hp_rules::{Num, ScaleError, ScaleKind, range};
/// let i = Num::Int;
/// assert_eq!(range::steps(ScaleKind::Linear, i(0), i(10), i(5), 0.0), Ok(2));
/// assert_eq!(range::steps(ScaleKind::Log, i(16), i(1000), i(2), 0.0), Err(ScaleError::StepDoesNotDivide));
/// let f = Num::Float;
/// assert_eq!(range::steps(ScaleKind::ReverseLog, f(0.9), f(0.999), f(10.0), f64::EPSILON), Ok(2));
/// ```
///
/// # Errors
/// [`ScaleError::NonFinite`], [`ScaleError::EmptyRange`], the kind's domain
/// ([`ScaleError::LogLowNotPositive`], [`ScaleError::ReverseLogOutsideUnit`]),
/// [`ScaleError::BadStep`] unless [`step_ok`], then [`ScaleError::StepDoesNotDivide`] or, past
/// 9e15 float grid values, [`ScaleError::TooLarge`].
pub const fn steps(kind: ScaleKind, low: Num, high: Num, step: Num, eps: f64) -> Result<u64, ScaleError> {
    // A step that is not finite is reported before the bounds' own rules.
    if !is_finite(step) && is_finite(low) && is_finite(high) {
        return Err(ScaleError::NonFinite);
    }
    if let Err(e) = bounds(kind, low, high) {
        return Err(e);
    }
    if !step_ok(kind, step) {
        return Err(ScaleError::BadStep);
    }
    let ints = match (low, high, step) {
        (Num::Int(l), Num::Int(h), Num::Int(s)) if !matches!(kind, ScaleKind::ReverseLog) => Some((l, h, s)),
        _ => None,
    };
    let (l, h, s) = (low.to_f64(), high.to_f64(), step.to_f64());
    const fn whole(last: Option<u64>) -> Result<u64, ScaleError> {
        match last {
            Some(last) => Ok(last),
            None => Err(ScaleError::StepDoesNotDivide),
        }
    }
    match (kind, ints) {
        (ScaleKind::Linear, Some((l, h, s))) => whole(arith::int_linear_step_last(l, h, s)),
        (ScaleKind::Log, Some((l, h, s))) => whole(arith::int_log_step_last(l, h, s)),
        (ScaleKind::Linear, None) => arith::float_linear_step_last(l, h, s, eps),
        (ScaleKind::Log, None) => arith::float_log_step_last(l, h, s, eps),
        (ScaleKind::ReverseLog, _) => arith::reverse_log_step_last(l, h, s, eps),
    }
}

/// The grid values nearest `high` that a step does reach from `low` (the last one at or below
/// `high` and the first above), each above `low`: what an error can suggest for a step that does
/// not divide the range. Integers exactly (none past `i128`), floats as computed.
///
/// ```
/// use hp_rules::{Num, ScaleKind, range};
/// let i = Num::Int;
/// assert_eq!(range::reachable_highs(ScaleKind::Linear, i(0), i(10), i(3)), [i(9), i(12)]);
/// assert_eq!(range::reachable_highs(ScaleKind::Log, i(16), i(1000), i(2)), [i(512), i(1024)]);
/// let f = Num::Float;
/// assert_eq!(range::reachable_highs(ScaleKind::Log, f(1e-4), f(0.5), f(10.0)).len(), 2);
/// ```
pub fn reachable_highs(kind: ScaleKind, low: Num, high: Num, step: Num) -> Vec<Num> {
    let mut out = Vec::with_capacity(2);
    match (kind, low, high, step) {
        (ScaleKind::Linear, Num::Int(l), Num::Int(h), Num::Int(s)) if s > 0 && h > l => {
            let below = l + (h - l) / s * s;
            out.extend([Some(below), below.checked_add(s)].into_iter().flatten().map(Num::Int));
        }
        (ScaleKind::Log, Num::Int(l), Num::Int(h), Num::Int(s)) if s > 1 && l >= 1 => {
            let mut below = l;
            while below.checked_mul(s).is_some_and(|next| next <= h) {
                below *= s;
            }
            out.extend([Some(below), below.checked_mul(s)].into_iter().flatten().map(Num::Int));
        }
        _ => {
            let (l, h, s) = (low.to_f64(), high.to_f64(), step.to_f64());
            let n = match kind {
                ScaleKind::Linear => (h - l) / s,
                ScaleKind::Log => arith::log_steps(l, h, s),
                ScaleKind::ReverseLog => arith::reverse_log_steps(l, h, s),
            };
            for k in [n.floor(), n.ceil()] {
                // Past 1e4 powers a log grid's suggestion would be noise.
                if !(k >= 1.0 && (kind == ScaleKind::Linear || k < 1e4)) {
                    continue;
                }
                let value = match kind {
                    ScaleKind::Linear => l + k * s,
                    ScaleKind::Log => l * libm::pow(s, k),
                    ScaleKind::ReverseLog => 1.0 - (1.0 - l) / libm::pow(s, k),
                };
                out.push(Num::Float(value));
            }
        }
    }
    out.retain(|v| match (*v, low) {
        (Num::Int(v), Num::Int(l)) => v > l,
        (v, l) => v.to_f64() > l.to_f64(),
    });
    out.dedup();
    out
}

/// A bound or step is a finite number (integers always are).
///
/// ```
/// use hp_rules::{Num, range::is_finite};
/// assert!(is_finite(Num::Int(i128::MAX)));
/// assert!(!is_finite(Num::Float(f64::NAN)));
/// ```
pub const fn is_finite(x: Num) -> bool {
    match x {
        Num::Float(x) => x.is_finite(),
        Num::Int(_) => true,
    }
}

/// `low < high`, NaN-safe (a comparison with NaN fails).
///
/// ```
/// use hp_rules::{Num, range::low_below_high};
/// assert!(low_below_high(Num::Int(2), Num::Int(4)));
/// assert!(!low_below_high(Num::Float(1.0), Num::Float(1.0)));
/// ```
pub const fn low_below_high(low: Num, high: Num) -> bool {
    match (low, high) {
        (Num::Int(l), Num::Int(h)) => l < h,
        _ => low.to_f64() < high.to_f64(),
    }
}

/// A log scale's low end: `> 0` for floats, `>= 1` for integers (which are log-uniform on
/// `[low - 1/2, high + 1/2]`).
///
/// ```
/// use hp_rules::{Num, range::log_low_ok};
/// assert!(log_low_ok(Num::Float(1e-300)));
/// assert!(!log_low_ok(Num::Int(0)));
/// ```
pub const fn log_low_ok(low: Num) -> bool {
    match low {
        Num::Int(l) => l >= 1,
        Num::Float(l) => l > 0.0,
    }
}

/// A reverse-log scale's low end: `>= 0` (its values lie in `[0, 1)`).
///
/// ```
/// assert!(!hp_rules::range::reverse_log_low_ok(-0.1));
/// ```
pub const fn reverse_log_low_ok(low: f64) -> bool {
    low >= 0.0
}

/// A reverse-log scale's high end: `< 1`, so that `1 - x` stays above 0.
///
/// ```
/// assert!(!hp_rules::range::reverse_log_high_ok(1.0));
/// ```
pub const fn reverse_log_high_ok(high: f64) -> bool {
    high < 1.0
}

/// A step's size: `> 0` on a linear scale; a ratio `> 1` on log and reverse-log scales (for
/// integers, `>= 2`).
///
/// ```
/// use hp_rules::{Num, ScaleKind, range::step_ok};
/// assert!(step_ok(ScaleKind::Linear, Num::Float(0.1)));
/// assert!(!step_ok(ScaleKind::Log, Num::Int(1)));
/// ```
pub const fn step_ok(kind: ScaleKind, step: Num) -> bool {
    let least = match kind {
        ScaleKind::Linear => 0,
        ScaleKind::Log | ScaleKind::ReverseLog => 1,
    };
    match step {
        Num::Int(s) => s > least,
        Num::Float(s) => s > least as f64,
    }
}

/// A grid's number of points on an axis: from 2 (its two ends) to `u32::MAX`.
///
/// ```
/// use hp_rules::range::grid_points_ok;
/// assert!(grid_points_ok(2) && grid_points_ok(u32::MAX.into()));
/// assert!(!grid_points_ok(1));
/// ```
pub fn grid_points_ok(points: u128) -> bool {
    (2..=u128::from(u32::MAX)).contains(&points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_broken_rule_is_reported() {
        let f = Num::Float;
        // NaN is not finite before it is out of order.
        assert_eq!(log(f(f64::NAN), f(1.0)), Err(ScaleError::NonFinite));
        assert_eq!(log(f(2.0), f(1.0)), Err(ScaleError::EmptyRange));
        assert_eq!(log(f(-1.0), f(1.0)), Err(ScaleError::LogLowNotPositive));
        assert_eq!(
            steps(ScaleKind::Log, f(-1.0), f(1.0), f(0.5), f64::EPSILON),
            Err(ScaleError::LogLowNotPositive)
        );
        assert_eq!(steps(ScaleKind::Log, f(1.0), f(8.0), f(1.0), f64::EPSILON), Err(ScaleError::BadStep));
        assert_eq!(
            steps(ScaleKind::ReverseLog, f(0.5), f(1.0), f(0.5), f64::EPSILON),
            Err(ScaleError::ReverseLogOutsideUnit)
        );
        assert_eq!(
            steps(ScaleKind::Linear, Num::Int(0), Num::Int(10), Num::Int(0), 0.0),
            Err(ScaleError::BadStep)
        );
    }

    #[test]
    fn reachable_highs_bracket_high() {
        let f = Num::Float;
        let highs = reachable_highs(ScaleKind::Linear, f(0.0), f(1.0), f(0.3));
        assert_eq!(highs.len(), 2);
        assert!((highs[0].to_f64() - 0.9).abs() < 1e-12 && (highs[1].to_f64() - 1.2).abs() < 1e-12);
        // A step larger than the range reaches only past high.
        assert_eq!(reachable_highs(ScaleKind::Linear, Num::Int(0), Num::Int(3), Num::Int(5)), [Num::Int(5)]);
        // No overflow at the top of i128.
        assert_eq!(
            reachable_highs(ScaleKind::Linear, Num::Int(0), Num::Int(i128::MAX - 1), Num::Int(i128::MAX)),
            [Num::Int(i128::MAX)]
        );
    }
}
