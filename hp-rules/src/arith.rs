//! The arithmetic behind the rules of [`range`](crate::range): logarithms of the bounds and the
//! number of steps of a grid, computed once, here, for hp-core's constructors at run time and
//! hp-derive's constants at compile time.
//!
//! Only `core`: `f64::ln` is the platform's and its last bit differs between C libraries; [`ln`]
//! is `libm::log` (FreeBSD's `e_log.c`) as a `const fn`, bit for bit, the same on every platform,
//! which is what makes seeds reproduce, and evaluable by the compiler, which is what lets code the
//! derive writes for constant bounds compute a scale's logarithms as a `const`. Every function here
//! is a `const fn` for that reason.
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

/// The natural logarithm, bit for bit `libm::log` (a port of FreeBSD's `e_log.c`), as a `const fn`.
///
/// ```
/// use hp_rules::ln;
/// const LN_1E_4: f64 = ln(1e-4);
/// assert_eq!(LN_1E_4.to_bits(), ln(1e-4).to_bits());
/// assert_eq!(ln(1.0), 0.0);
/// assert_eq!(ln(0.0), f64::NEG_INFINITY);
/// assert!(ln(-1.0).is_nan() && ln(f64::NAN).is_nan());
/// assert_eq!(ln(f64::INFINITY), f64::INFINITY);
/// ```
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
//
// Method (from e_log.c): x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2); with s = f / (2 + f),
// log(1 + f) = 2s + s R(s^2), R a degree-14 Remez polynomial (error below 2^-58.45); then
// log(x) = k ln2_hi + (f - (hfsq - (s (hfsq + R) + k ln2_lo))). Error below 1 ulp.
// The constants are e_log.c's digits and `(x - x) / 0.0` its NaN, kept as written.
#[allow(clippy::excessive_precision, clippy::eq_op)]
pub const fn ln(x: f64) -> f64 {
    const LN2_HI: f64 = 6.93147180369123816490e-01; // 3fe62e42 fee00000
    const LN2_LO: f64 = 1.90821492927058770002e-10; // 3dea39ef 35793c76
    const LG1: f64 = 6.666666666666735130e-01; // 3FE55555 55555593
    const LG2: f64 = 3.999999999940941908e-01; // 3FD99999 9997FA04
    const LG3: f64 = 2.857142874366239149e-01; // 3FD24924 94229359
    const LG4: f64 = 2.222219843214978396e-01; // 3FCC71C5 1D8E78AF
    const LG5: f64 = 1.818357216161805012e-01; // 3FC74664 96CB03DE
    const LG6: f64 = 1.531383769920937332e-01; // 3FC39A09 D078C69F
    const LG7: f64 = 1.479819860511658591e-01; // 3FC2F112 DF3E5244
    let x1p54 = f64::from_bits(0x4350000000000000); // 2^54

    let mut x = x;
    let mut ui = x.to_bits();
    let mut hx: u32 = (ui >> 32) as u32;
    let mut k: i32 = 0;

    if (hx < 0x00100000) || ((hx >> 31) != 0) {
        // x < 2^-1022, or negative
        if ui << 1 == 0 {
            return -1. / (x * x); // log(+-0) = -inf
        }
        if hx >> 31 != 0 {
            return (x - x) / 0.0; // log(-x) = NaN
        }
        // subnormal: scale x up
        k -= 54;
        x *= x1p54;
        ui = x.to_bits();
        hx = (ui >> 32) as u32;
    } else if hx >= 0x7ff00000 {
        return x;
    } else if hx == 0x3ff00000 && ui << 32 == 0 {
        return 0.;
    }

    // reduce x into [sqrt(2)/2, sqrt(2)]
    hx += 0x3ff00000 - 0x3fe6a09e;
    k += ((hx >> 20) as i32) - 0x3ff;
    hx = (hx & 0x000fffff) + 0x3fe6a09e;
    ui = ((hx as u64) << 32) | (ui & 0xffffffff);
    x = f64::from_bits(ui);

    let f: f64 = x - 1.0;
    let hfsq: f64 = 0.5 * f * f;
    let s: f64 = f / (2.0 + f);
    let z: f64 = s * s;
    let w: f64 = z * z;
    let t1: f64 = w * (LG2 + w * (LG4 + w * LG6));
    let t2: f64 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r: f64 = t2 + t1;
    let dk: f64 = k as f64;
    s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI
}

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
pub const fn steps_between(from: f64, to: f64, step: f64) -> f64 {
    let n = (to - from) / step;
    if n.is_finite() || n.is_nan() { n } else { to / step - from / step }
}

/// The slack, in steps, of `n = (high - low) / step`.
const fn linear_slack(low: f64, high: f64, step: f64, eps: f64) -> f64 {
    eps * (low.abs() / step + high.abs() / step + steps_between(low, high, step).abs())
}

/// The slack, in steps, of `n = (ln top - ln bottom) / ln step`, where `top` and `bottom` were
/// rounded with relative errors of `top_error` and `bottom_error` times `eps / 2`.
const fn log_slack(top_error: f64, bottom_error: f64, n: f64, step: f64, eps: f64) -> f64 {
    eps * (top_error + bottom_error + n.abs()) / ln(step)
}

/// The whole number of steps `n` is close to: within [`STEP_TOLERANCE`] (relative) or `slack`.
const fn whole_steps(n: f64, slack: f64) -> Result<u64, ScaleError> {
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
pub(crate) const fn float_log(low: f64, high: f64) -> (f64, f64) {
    (ln(low), ln(high))
}

/// An integer log scale's logarithms of `low - 1/2` and `high + 1/2`: integers are log-uniform on
/// `[low - 1/2, high + 1/2]`, rounded (Optuna's rule).
pub(crate) const fn int_log(low: i128, high: i128) -> (f64, f64) {
    (ln(low as f64 - 0.5), ln(high as f64 + 0.5))
}

/// A reverse-log scale's `(ln(1 - low), ln(1 - high))`.
pub(crate) const fn reverse_log(low: f64, high: f64) -> (f64, f64) {
    (ln(1.0 - low), ln(1.0 - high))
}

/// The number of log steps from `low` to `high` (`log_step(high / low)`, not yet whole).
pub(crate) const fn log_steps(low: f64, high: f64, step: f64) -> f64 {
    (ln(high) - ln(low)) / ln(step)
}

/// The number of reverse-log steps from `low` to `high` (`log_step((1 - low) / (1 - high))`).
pub(crate) const fn reverse_log_steps(low: f64, high: f64, step: f64) -> f64 {
    (ln(1.0 - low) - ln(1.0 - high)) / ln(step)
}

/// A float linear grid's last index, `(high - low) / step` as a whole number. `eps` is the value
/// type's machine epsilon (`Number::__EPSILON`).
pub(crate) const fn float_linear_step_last(
    low: f64,
    high: f64,
    step: f64,
    eps: f64,
) -> Result<u64, ScaleError> {
    whole_steps(steps_between(low, high, step), linear_slack(low, high, step, eps))
}

/// A float log grid's last index, `log_step(high / low)` as a whole number.
pub(crate) const fn float_log_step_last(low: f64, high: f64, step: f64, eps: f64) -> Result<u64, ScaleError> {
    let n = log_steps(low, high, step);
    whole_steps(n, log_slack(1.0, 1.0, n, step, eps))
}

/// A reverse-log grid's last index, `log_step((1 - low) / (1 - high))` as a whole number.
pub(crate) const fn reverse_log_step_last(
    low: f64,
    high: f64,
    step: f64,
    eps: f64,
) -> Result<u64, ScaleError> {
    let n = reverse_log_steps(low, high, step);
    // 1 - x turns x's rounding error (relative eps / 2) into x / (1 - x) times that.
    whole_steps(n, log_slack(low / (1.0 - low), high / (1.0 - high), n, step, eps))
}

/// An integer linear grid's last index, if `step` divides `high - low` (`low < high`, `step > 0`).
/// At most `u64::MAX`: a 64-bit span with step 1.
pub(crate) const fn int_linear_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let span = high - low;
    if span % step == 0 { Some((span / step) as u64) } else { None }
}

/// An integer log grid's last index: `k` with `low * step^k == high` (`1 <= low < high`,
/// `step >= 2`). Found by repeated multiplication, which is exact in `i128` and runs once, in the
/// constructor; the scale recomputes `low * step^k` from `k`. An overflow means the product passed
/// `high`, which is then not a power of `step` either.
pub(crate) const fn int_log_step_last(low: i128, high: i128, step: i128) -> Option<u64> {
    let (mut x, mut last) = (low, 0u64);
    while x < high {
        x = match x.checked_mul(step) {
            Some(next) => next,
            None => return None,
        };
        last += 1;
    }
    if x == high { Some(last) } else { None }
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

    /// `ln` is `libm::log` bit for bit: on the edges of every binade's reduction, subnormals,
    /// specials, and two million other bit patterns (a fixed SplitMix64 sequence) over all of f64.
    #[test]
    fn ln_is_libm_log_bit_for_bit() {
        let same = |x: f64| {
            let (a, b) = (ln(x), libm::log(x));
            assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "ln({x:e}) = {a:e}, libm {b:e}"
            );
        };
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            same(x);
        }
        for x in [
            1e-4,
            0.1,
            0.001,
            0.9,
            0.999,
            1.0 - 0.9,
            1.0 - 0.999,
            15.5,
            1024.5,
            2.0,
            core::f64::consts::SQRT_2,
        ] {
            same(x);
            same(f64::from_bits(x.to_bits() + 1));
            same(f64::from_bits(x.to_bits() - 1));
        }
        let mut z: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2_000_000 {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut y = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            y = (y ^ (y >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            y ^= y >> 31;
            same(f64::from_bits(y >> 1)); // positive: every exponent, subnormals included
            same((y >> 11) as f64 / (1u64 << 53) as f64); // [0, 1), where the bounds mostly lie
        }
    }

    /// The compiler's evaluation of `ln` (a `const`) gives the bits the program computes.
    #[test]
    fn ln_at_compile_time_is_ln_at_run_time() {
        const AT_COMPILE: [f64; 6] = [ln(1e-4), ln(0.1), ln(1.0 - 0.999), ln(1024.5), ln(15.5), ln(5e-324)];
        let inputs = [1e-4, 0.1, 1.0 - 0.999, 1024.5, 15.5, 5e-324];
        for (c, x) in AT_COMPILE.iter().zip(inputs) {
            assert_eq!(c.to_bits(), libm::log(std::hint::black_box(x)).to_bits(), "{x:e}");
        }
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
