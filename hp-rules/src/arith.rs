//! The arithmetic behind the rules of [`range`](crate::range): logarithms of the bounds and the
//! number of steps of a grid, computed once, here, for hp-core's constructors at run time and
//! hp-derive's constants at compile time.
//!
//! Only `core` and `libm`: `f64::ln` is the platform's and its last bit differs between C
//! libraries; `libm::log` is the same on every platform, which is what makes seeds reproduce.
//! Float bounds arrive widened to `f64`, as `Float::to_f64` does; integers as `i128`.

// Comparisons are written so that NaN fails them (`!(n < 9.0e15)`); clippy's suggestion,
// `partial_cmp`, would hide that intent.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

use crate::ScaleError;

/// How far `high - low` may be from a whole number of steps (relative), for float steps written as
/// decimal literals such as `0.1` that binary floats cannot hold exactly.
///
/// ```
/// assert_eq!(hp_rules::STEP_TOLERANCE, 1e-9);
/// ```
pub const STEP_TOLERANCE: f64 = 1e-9;

// Float grids also allow a `slack`: how far the computed number of steps (or a grid value) can be
// from the exact one only because each of low, high, step and the value was rounded to the value
// type, by at most half its machine epsilon `eps`, relative. Propagated through the formula, with a
// factor 2 to spare. This is what lets `0.1f32` (off by 1.5e-8) step through [0, 1], and
// `0.9999999999` (whose `1 - x` an f64 holds to only ~1e-7, relative) end a reverse-log grid; the
// fixed STEP_TOLERANCE of 1e-9 is far below both.

/// `(to - from) / step`, also when `to - from` exceeds `f64::MAX` (a grid across the whole line).
///
/// ```
/// assert_eq!(hp_rules::steps_between(0.0, 1.0, 0.25), 4.0);
/// assert_eq!(hp_rules::steps_between(-1e308, 1e308, 1e300), 2e8);
/// ```
pub fn steps_between(from: f64, to: f64, step: f64) -> f64 {
    let n = (to - from) / step;
    if n.is_finite() || n.is_nan() { n } else { to / step - from / step }
}

/// The slack, in steps, of `n = (high - low) / step`.
fn linear_slack(low: f64, high: f64, step: f64, eps: f64) -> f64 {
    eps * (low.abs() / step + high.abs() / step + steps_between(low, high, step).abs())
}

/// The slack, in steps, of `n = (ln top - ln bottom) / ln step`, where `top` and `bottom` were
/// rounded with relative errors of `top_error` and `bottom_error` times `eps / 2`.
fn log_slack(top_error: f64, bottom_error: f64, n: f64, step: f64, eps: f64) -> f64 {
    eps * (top_error + bottom_error + n.abs()) / libm::log(step)
}

/// The whole number of steps `n` is close to: within [`STEP_TOLERANCE`] (relative) or `slack`.
fn whole_steps(n: f64, slack: f64) -> Result<u64, ScaleError> {
    if !(n < 9.0e15) {
        return Err(ScaleError::TooLarge);
    }
    let k = n.round();
    if k < 1.0 || (n - k).abs() > (STEP_TOLERANCE * k).max(slack) {
        return Err(ScaleError::StepDoesNotDivide);
    }
    Ok(k as u64)
}

/// A float log scale's `(ln low, ln high)`.
pub(crate) fn float_log(low: f64, high: f64) -> (f64, f64) {
    (libm::log(low), libm::log(high))
}

/// An integer log scale's logarithms of `low - 1/2` and `high + 1/2`: integers are log-uniform on
/// `[low - 1/2, high + 1/2]`, rounded (Optuna's rule).
pub(crate) fn int_log(low: i128, high: i128) -> (f64, f64) {
    (libm::log(low as f64 - 0.5), libm::log(high as f64 + 0.5))
}

/// A reverse-log scale's `(ln(1 - low), ln(1 - high))`.
pub(crate) fn reverse_log(low: f64, high: f64) -> (f64, f64) {
    (libm::log(1.0 - low), libm::log(1.0 - high))
}

/// The number of log steps from `low` to `high` (`log_step(high / low)`, not yet whole).
pub(crate) fn log_steps(low: f64, high: f64, step: f64) -> f64 {
    (libm::log(high) - libm::log(low)) / libm::log(step)
}

/// The number of reverse-log steps from `low` to `high` (`log_step((1 - low) / (1 - high))`).
pub(crate) fn reverse_log_steps(low: f64, high: f64, step: f64) -> f64 {
    (libm::log(1.0 - low) - libm::log(1.0 - high)) / libm::log(step)
}

/// A float linear grid's last index, `(high - low) / step` as a whole number. `eps` is the value
/// type's machine epsilon (`Number::__EPSILON`).
pub(crate) fn float_linear_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, ScaleError> {
    whole_steps(steps_between(low, high, step), linear_slack(low, high, step, eps))
}

/// A float log grid's last index, `log_step(high / low)` as a whole number.
pub(crate) fn float_log_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, ScaleError> {
    let n = log_steps(low, high, step);
    whole_steps(n, log_slack(1.0, 1.0, n, step, eps))
}

/// A reverse-log grid's last index, `log_step((1 - low) / (1 - high))` as a whole number.
pub(crate) fn reverse_log_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, ScaleError> {
    let n = reverse_log_steps(low, high, step);
    // 1 - x turns x's rounding error (relative eps / 2) into x / (1 - x) times that.
    whole_steps(n, log_slack(low / (1.0 - low), high / (1.0 - high), n, step, eps))
}

/// An integer linear grid's last index, if `step` divides `high - low` (`low < high`, `step > 0`).
/// At most `u64::MAX`: a 64-bit span with step 1.
pub(crate) fn int_linear_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let span = high - low;
    (span % step == 0).then(|| (span / step) as u64)
}

/// An integer log grid's last index: `k` with `low * step^k == high` (`1 <= low < high`,
/// `step >= 2`). Found by repeated multiplication, which is exact in `i128` and runs once, in the
/// constructor; the scale recomputes `low * step^k` from `k`. An overflow means the product passed
/// `high`, which is then not a power of `step` either.
pub(crate) fn int_log_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let (mut x, mut last) = (low, 0u64);
    while x < high {
        x = x.checked_mul(step)?;
        last += 1;
    }
    (x == high).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_steps_allows_decimal_steps_and_rejects_fractions() {
        let (e32, e64) = (f64::from(f32::EPSILON), f64::EPSILON);
        assert_eq!(float_linear_step_last(0.0, 0.5, 0.1, e64), Ok(5));
        let tenth = f64::from(0.1f32);
        assert_eq!(float_linear_step_last(0.0, 1.0, tenth, e32), Ok(10));
        assert_eq!(float_linear_step_last(0.0, 1.0, 0.3, e64), Err(ScaleError::StepDoesNotDivide));
        assert_eq!(float_linear_step_last(0.0, 1.0, 2.0, e64), Err(ScaleError::StepDoesNotDivide));
        assert_eq!(float_linear_step_last(0.0, 1e300, 1e-300, e64), Err(ScaleError::TooLarge));
        // Wider than f64::MAX: counted as to / step - from / step.
        assert_eq!(float_linear_step_last(-1e308, 1e308, 1e300, e64), Ok(200_000_000));
        assert_eq!(float_log_step_last(1e-4, 1.0, 10.0, e64), Ok(4));
        assert_eq!(reverse_log_step_last(0.9, 0.999, 10.0, e64), Ok(2));
        let (low, high) = (f64::from(0.9f32), f64::from(0.999f32));
        assert_eq!(reverse_log_step_last(low, high, 10.0, e32), Ok(2));
    }

    #[test]
    fn int_steps_are_exact() {
        assert_eq!(int_linear_step_last(0, 10, 5), Some(2));
        assert_eq!(int_linear_step_last(0, 10, 3), None);
        assert_eq!(int_log_step_last(16, 1024, 2), Some(6));
        assert_eq!(int_log_step_last(16, 1000, 2), None);
        assert_eq!(int_log_step_last(1, u64::MAX.into(), 2), None);
        assert_eq!(int_log_step_last(1, 1 << 63, 2), Some(63));
    }
}
