//! The arithmetic the scale constructors precompute, in one place for two crates.
//!
//! hp-core's constructors (`LogScale::new`, `LinearStepScale::new`, ...) call these functions at
//! run time; hp-derive includes this very file (`#[path = ...] mod math;`) and calls them at
//! compile time, then builds each scale as a `const` with `__new_unchecked`. Sharing the file, not
//! a copy, is what makes a derived scale bit for bit the scale `new` returns, and what makes the
//! derive accept exactly the bounds `new` accepts. The derive cannot simply depend on hp-core: a
//! proc-macro crate compiles before its users, and pulling rand into it would cost every build.
//!
//! So this file may use only `core` and `libm` (which both crates depend on): no rand, no `crate::`
//! items, no `std`-only float methods (`f64::ln` is the platform's; `libm::log` is the same on
//! every platform, which is what makes seeds reproduce). Float bounds arrive widened to `f64`, as
//! `Float::to_f64` does; integers as `i128`.

// Comparisons are written so that NaN fails them (`!(n < 9.0e15)`); clippy's suggestion,
// `partial_cmp`, would hide that intent.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

/// How far `high - low` may be from a whole number of steps (relative), for float steps written as
/// decimal literals such as `0.1` that binary floats cannot hold exactly.
pub const STEP_TOLERANCE: f64 = 1e-9;

/// Why a step does not fit its range (hp-core turns it into its `Error`, the derive into a
/// message at the literal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepError {
    /// `high` is not `low` plus (or times) a whole number of steps: `Error::StepDoesNotDivide`.
    DoesNotDivide,
    /// 9e15 grid values or more, past exact `f64` indices: `Error::TooLarge`.
    TooLarge,
}

// Float grids also allow a `slack`: how far the computed number of steps (or a grid value) can be
// from the exact one only because each of low, high, step and the value was rounded to the value
// type, by at most half its machine epsilon `eps`, relative. Propagated through the formula, with a
// factor 2 to spare. This is what lets `0.1f32` (off by 1.5e-8) step through [0, 1], and
// `0.9999999999` (whose `1 - x` an f64 holds to only ~1e-7, relative) end a reverse-log grid; the
// fixed STEP_TOLERANCE of 1e-9 is far below both.

/// `(to - from) / step`, also when `to - from` exceeds `f64::MAX` (a grid across the whole line).
pub fn steps_between(from: f64, to: f64, step: f64) -> f64 {
    let n = (to - from) / step;
    if n.is_finite() || n.is_nan() { n } else { to / step - from / step }
}

/// The slack, in steps, of `n = (high - low) / step`.
pub fn linear_slack(low: f64, high: f64, step: f64, eps: f64) -> f64 {
    eps * (low.abs() / step + high.abs() / step + steps_between(low, high, step).abs())
}

/// The slack, in steps, of `n = (ln top - ln bottom) / ln step`, where `top` and `bottom` were
/// rounded with relative errors of `top_error` and `bottom_error` times `eps / 2`.
pub fn log_slack(top_error: f64, bottom_error: f64, n: f64, step: f64, eps: f64) -> f64 {
    eps * (top_error + bottom_error + n.abs()) / libm::log(step)
}

/// The whole number of steps `n` is close to: within [`STEP_TOLERANCE`] (relative) or `slack`.
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

/// A float log scale's `(ln low, ln high)`.
pub fn float_log(low: f64, high: f64) -> (f64, f64) {
    (libm::log(low), libm::log(high))
}

/// An integer log scale's logarithms of `low - 1/2` and `high + 1/2`: integers are log-uniform on
/// `[low - 1/2, high + 1/2]`, rounded (Optuna's rule).
pub fn int_log(low: i128, high: i128) -> (f64, f64) {
    (libm::log(low as f64 - 0.5), libm::log(high as f64 + 0.5))
}

/// A reverse-log scale's `(ln(1 - low), ln(1 - high))`.
pub fn reverse_log(low: f64, high: f64) -> (f64, f64) {
    (libm::log(1.0 - low), libm::log(1.0 - high))
}

/// A float linear grid's last index, `(high - low) / step` as a whole number. `eps` is the value
/// type's machine epsilon (`Number::__EPSILON`).
pub fn float_linear_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, StepError> {
    whole_steps(steps_between(low, high, step), linear_slack(low, high, step, eps))
}

/// A float log grid's last index, `log_step(high / low)` as a whole number.
pub fn float_log_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, StepError> {
    let n = (libm::log(high) - libm::log(low)) / libm::log(step);
    whole_steps(n, log_slack(1.0, 1.0, n, step, eps))
}

/// A reverse-log grid's last index, `log_step((1 - low) / (1 - high))` as a whole number.
pub fn reverse_log_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, StepError> {
    let n = (libm::log(1.0 - low) - libm::log(1.0 - high)) / libm::log(step);
    // 1 - x turns x's rounding error (relative eps / 2) into x / (1 - x) times that.
    whole_steps(n, log_slack(low / (1.0 - low), high / (1.0 - high), n, step, eps))
}

/// An integer linear grid's last index, if `step` divides `high - low` (`low < high`, `step > 0`).
/// At most `u64::MAX`: a 64-bit span with step 1.
pub fn int_linear_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let span = high - low;
    (span % step == 0).then(|| (span / step) as u64)
}

/// An integer log grid's last index: `k` with `low * step^k == high` (`1 <= low < high`,
/// `step >= 2`). Found by repeated multiplication, which is exact in `i128` and runs once, in the
/// constructor; the scale recomputes `low * step^k` from `k`. An overflow means the product passed
/// `high`, which is then not a power of `step` either.
pub fn int_log_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let (mut x, mut last) = (low, 0u64);
    while x < high {
        x = x.checked_mul(step)?;
        last += 1;
    }
    (x == high).then_some(last)
}

/// Why variant weights cannot make a weighted choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightError {
    /// No weights at all.
    Empty,
    /// The weight at this index is not a positive finite number (NaN included).
    NotPositive(usize),
    /// The weights are so unequal (or so many, or their sum so large) that the value at this
    /// index gets no bin of its own in `[0, 1]` in `f64`, or the sum overflows.
    TooUnequal(usize),
}

/// The upper ends of the bins of a weighted choice: value `k` owns `[ends[k - 1], ends[k])` of the
/// unit interval (`ends[-1] = 0`), a share proportional to `weights[k]`; the last end is exactly
/// 1.0. Written into `ends`.
///
/// Each end is the running sum of the weights divided by their total, summed left to right. The
/// result is checked, so that every value's bin centre ([`weighted_centre`]) maps back to it
/// ([`weighted_index`]): a weighted scale is a partition of `[0, 1]` with no empty part.
///
/// # Panics
/// If `ends` is not as long as `weights`.
pub fn cumulative_weights(weights: &[f64], ends: &mut [f64]) -> Result<(), WeightError> {
    assert_eq!(weights.len(), ends.len(), "one end per weight");
    if weights.is_empty() {
        return Err(WeightError::Empty);
    }
    let mut total = 0.0;
    for (k, &w) in weights.iter().enumerate() {
        if !(w > 0.0 && w < f64::INFINITY) {
            return Err(WeightError::NotPositive(k));
        }
        total += w;
        if total == f64::INFINITY {
            return Err(WeightError::TooUnequal(k));
        }
    }
    let mut sum = 0.0;
    for (k, (&w, end)) in weights.iter().zip(ends.iter_mut()).enumerate() {
        sum += w;
        *end = if k + 1 == weights.len() { 1.0 } else { (sum / total).min(1.0) };
    }
    for k in 0..weights.len() {
        if weighted_index(weighted_centre(k as u64, ends), ends) != k as u64 {
            return Err(WeightError::TooUnequal(k));
        }
    }
    Ok(())
}

/// The value whose bin holds `u` (clamped to `[0, 1]`, NaN taken as 0): the first `k` with
/// `u < ends[k]`, and the last value for `u = 1`. A binary search: O(log n).
pub fn weighted_index(u: f64, ends: &[f64]) -> u64 {
    let u = if u >= 1.0 {
        1.0
    } else if u > 0.0 {
        u
    } else {
        0.0
    };
    let k = ends.partition_point(|&end| end <= u);
    k.min(ends.len() - 1) as u64
}

/// The centre of value `k`'s bin (the last bin for `k` past the end).
pub fn weighted_centre(k: u64, ends: &[f64]) -> f64 {
    let k = (k as usize).min(ends.len() - 1);
    let start = if k == 0 { 0.0 } else { ends[k - 1] };
    start + (ends[k] - start) / 2.0
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

    #[test]
    fn cumulative_weights_partition_the_unit_interval() {
        let mut ends = [0.0; 3];
        assert_eq!(cumulative_weights(&[1.0, 1.0, 2.0], &mut ends), Ok(()));
        assert_eq!(ends, [0.25, 0.5, 1.0]);
        assert_eq!(
            [0.0, 0.2499, 0.25, 0.4999, 0.5, 1.0].map(|u| weighted_index(u, &ends)),
            [0, 0, 1, 1, 2, 2]
        );
        assert_eq!([-1.0, f64::NAN, 2.0].map(|u| weighted_index(u, &ends)), [0, 0, 2]);
        assert_eq!([0, 1, 2, 9].map(|k| weighted_centre(k, &ends)), [0.125, 0.375, 0.75, 0.75]);
        // Ten thirds: the last end is exactly 1 whatever the rounding of the sum.
        let mut ends = [0.0; 10];
        assert_eq!(cumulative_weights(&[1.0 / 3.0; 10], &mut ends), Ok(()));
        assert_eq!(ends[9], 1.0);
        assert!(ends.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn cumulative_weights_reject_what_cannot_be_a_partition() {
        let mut ends = [0.0; 3];
        assert_eq!(cumulative_weights(&[], &mut []), Err(WeightError::Empty));
        assert_eq!(cumulative_weights(&[1.0, 0.0, 1.0], &mut ends), Err(WeightError::NotPositive(1)));
        assert_eq!(cumulative_weights(&[1.0, -2.0, 1.0], &mut ends), Err(WeightError::NotPositive(1)));
        assert_eq!(cumulative_weights(&[f64::NAN, 1.0, 1.0], &mut ends), Err(WeightError::NotPositive(0)));
        assert_eq!(
            cumulative_weights(&[1.0, 1.0, f64::INFINITY], &mut ends),
            Err(WeightError::NotPositive(2))
        );
        assert_eq!(
            cumulative_weights(&[f64::MAX, f64::MAX, 1.0], &mut ends),
            Err(WeightError::TooUnequal(1))
        );
        // 1e-300 of 1 gets a bin far narrower than one f64 step near 0.5.
        assert_eq!(cumulative_weights(&[1.0, 1e-300, 1.0], &mut ends), Err(WeightError::TooUnequal(1)));
        // Near 0 the floats are dense: a tiny first weight still gets a bin.
        assert_eq!(cumulative_weights(&[1e-300, 1.0, 1.0], &mut ends), Ok(()));
    }
}
