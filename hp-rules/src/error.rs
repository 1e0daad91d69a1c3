//! [`ScaleError`]: which rule a scale's bounds, step, choices or weights broke.

use core::fmt;

/// Why a scale could not be built: the rule its bounds, step, choices or weights broke.
///
/// A small `Copy` enum in the manner of `rand::distr::uniform::Error`. It says which rule failed;
/// the caller (the derive, a config loader) adds which field the bounds belong to. hp-core's scale
/// constructors return it, and hp-derive reports the same rules at compile time, at the literal.
///
/// ```
/// use hp_rules::{Num, ScaleError, range};
/// assert_eq!(range::log(Num::Float(0.0), Num::Float(1.0)), Err(ScaleError::LogLowNotPositive));
/// assert_eq!(ScaleError::EmptyRange.to_string(), "low must be less than high");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScaleError {
    /// `low < high` does not hold (this includes a NaN bound).
    EmptyRange,
    /// A bound or step is infinite or NaN.
    NonFinite,
    /// A log scale needs `low > 0` (for integers `low >= 1`).
    LogLowNotPositive,
    /// A reverse-log scale needs `0 <= low < high < 1`.
    ReverseLogOutsideUnit,
    /// A step must be greater than zero (and, on a log or reverse-log scale, greater than one).
    BadStep,
    /// `high - low` is not a whole number of linear steps, or `high / low` not a whole power of a log step.
    StepDoesNotDivide,
    /// A choice needs at least one value.
    EmptyChoice,
    /// A weight must be a positive finite number, and no weight so small next to the others that
    /// its value gets no share of the unit interval in `f64`.
    BadWeight,
    /// The range or step gives too many values to index (9e15 or more grid values).
    TooLarge,
}

impl fmt::Display for ScaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScaleError::EmptyRange => "low must be less than high",
            ScaleError::NonFinite => "bounds and step must be finite numbers",
            ScaleError::LogLowNotPositive => "a log scale needs low > 0 (integers: low >= 1)",
            ScaleError::ReverseLogOutsideUnit => "a reverse_log scale needs 0 <= low < high < 1",
            ScaleError::BadStep => "step must be > 0 (> 1 on a log or reverse_log scale)",
            ScaleError::StepDoesNotDivide => {
                "the step does not reach high exactly from low (linear: high - low = k * step; log: high / low = step^k)"
            }
            ScaleError::EmptyChoice => "a choice needs at least one value",
            ScaleError::BadWeight => {
                "weights must be positive finite numbers, none vanishingly small next to the others"
            }
            ScaleError::TooLarge => "the range has too many values to index",
        })
    }
}

impl std::error::Error for ScaleError {}
