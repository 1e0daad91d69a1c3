//! The compile-time half of hp-core's scale constructors.
//!
//! The derive builds each scale as a `const` with `__new_unchecked`, passing what `new` would have
//! precomputed. Every function here is the same `f64` expression as in hp-core, with the same
//! pure-Rust `libm` calls, so a derived scale is bit for bit the scale `new` returns
//! (`tests/derive_scales.rs` checks it), and `check` accepts exactly the bounds `new` accepts.
//! Float bounds arrive already converted to the field's type and widened to `f64`, as
//! `Float::to_f64` does at run time.

// Comparisons are written so that NaN fails them (`!(low < high)`), as in hp-core; clippy's
// suggestion, `partial_cmp`, would hide that intent.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

/// hp-core's `STEP_TOLERANCE`: how far `high - low` may be from a whole number of steps
/// (relative), so that a step written as `0.1` works.
const STEP_TOLERANCE: f64 = 1e-9;

/// Why a step does not fit the range, as hp-core's `Error` would say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepError {
    /// `Error::StepDoesNotDivide`.
    DoesNotDivide,
    /// `Error::TooLarge`: 9e15 grid values or more.
    TooLarge,
}

/// hp-core's `linear_slack`: how far `(high - low) / step` can be from a whole number only
/// because the bounds and step were rounded to the field's type (machine epsilon `eps`).
fn linear_slack(low: f64, high: f64, step: f64, eps: f64) -> f64 {
    eps * ((low.abs() + high.abs()) / step + ((high - low) / step).abs())
}

/// hp-core's `log_slack`: the same for `n = (ln top - ln bottom) / ln step`.
fn log_slack(top_error: f64, bottom_error: f64, n: f64, step: f64, eps: f64) -> f64 {
    eps * (top_error + bottom_error + n.abs()) / libm::log(step)
}

/// hp-core's `whole_steps`: the whole number of steps `n` is close to.
pub fn whole_steps(n: f64, slack: f64) -> Result<u64, StepError> {
    if !(n < 9.0e15) {
        return Err(StepError::TooLarge);
    }
    let k = n.round();
    if k < 1.0 || (n - k).abs() > (STEP_TOLERANCE * k).max(slack) {
        return Err(StepError::DoesNotDivide);
    }
    Ok(k as u64)
}

/// `LogScale::new` on floats: `(ln low, ln high)`.
pub fn float_log(low: f64, high: f64) -> (f64, f64) {
    (libm::log(low), libm::log(high))
}

/// `LogScale::new` on integers: the logarithms of `low - 1/2` and `high + 1/2`.
pub fn int_log(low: i128, high: i128) -> (f64, f64) {
    (libm::log(low as f64 - 0.5), libm::log(high as f64 + 0.5))
}

/// `ReverseLogScale::new`: `(ln(1 - low), ln(1 - high))`.
pub fn reverse_log(low: f64, high: f64) -> (f64, f64) {
    (libm::log(1.0 - low), libm::log(1.0 - high))
}

/// `LinearStepScale::new` on floats: the index of `high`. `eps` is the field type's machine
/// epsilon (hp-core's `Number::__EPSILON`).
pub fn float_linear_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, StepError> {
    whole_steps((high - low) / step, linear_slack(low, high, step, eps))
}

/// `LogStepScale::new` on floats: the index of `high`.
pub fn float_log_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, StepError> {
    let n = (libm::log(high) - libm::log(low)) / libm::log(step);
    whole_steps(n, log_slack(1.0, 1.0, n, step, eps))
}

/// `ReverseLogStepScale::new`: the index of `high`.
pub fn reverse_log_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, StepError> {
    let n = (libm::log(1.0 - low) - libm::log(1.0 - high)) / libm::log(step);
    // 1 - x turns x's rounding error into x / (1 - x) times that.
    whole_steps(n, log_slack(low / (1.0 - low), high / (1.0 - high), n, step, eps))
}

/// `LinearStepScale::new` on integers: the index of `high`, if `step` divides `high - low`.
pub fn int_linear_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let span = high - low;
    (span % step == 0).then(|| (span / step) as u64)
}

/// `LogStepScale::new` on integers: `k` with `low * step^k == high`, by exact `i128`
/// multiplication.
pub fn int_log_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let (mut x, mut last) = (low, 0u64);
    while x < high {
        x = x.checked_mul(step)?;
        last += 1;
    }
    (x == high).then_some(last)
}

/// The number nearest `x` with few digits, for suggestions: `1.0` rather than `1.0000000000000002`.
/// `tolerance` is relative: about 1e-12 for `f64` fields, 1e-6 for `f32`.
pub fn pretty(x: f64, tolerance: f64) -> String {
    for digits in 0..17 {
        let short: f64 = format!("{x:.digits$e}").parse().unwrap_or(x);
        if (short - x).abs() <= tolerance * x.abs() {
            return format!("{short:?}");
        }
    }
    format!("{x:?}")
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
        assert_eq!(float_linear_step_last(0.0, 1.0, 0.3, e64), Err(StepError::DoesNotDivide));
        assert_eq!(float_linear_step_last(0.0, 1.0, 2.0, e64), Err(StepError::DoesNotDivide));
        assert_eq!(float_linear_step_last(0.0, 1e300, 1e-300, e64), Err(StepError::TooLarge));
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

    #[test]
    fn pretty_drops_rounding_noise() {
        assert_eq!(pretty(1e-4 * 10f64.powi(4), 1e-12), "1.0");
        assert_eq!(pretty(0.30000000000000004, 1e-12), "0.3");
        assert_eq!(pretty(1e-7, 1e-12), "1e-7");
        assert_eq!(pretty(-2.5, 1e-12), "-2.5");
        assert_eq!(pretty(f64::from(0.9f32), 1e-6), "0.9");
    }
}
