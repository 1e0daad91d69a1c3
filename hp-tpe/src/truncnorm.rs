//! The truncated normal distribution in log space: Optuna's `_truncnorm.py` (a port of SciPy's),
//! line for line, with libm's `erf`/`erfc` (FreeBSD msun's, as Optuna's `_erf.py`) so that every
//! platform gets the same bits.
//!
//! `a` and `b` are the standardized bounds `(low - mu) / sigma` and `(high - mu) / sigma`.

use core::f64::consts::{FRAC_1_SQRT_2, PI, SQRT_2};

/// `ln(sqrt(2 pi))`.
const NORM_PDF_LN_C: f64 = 0.918_938_533_204_672_8;
pub(crate) const LN_SQRT_2PI: f64 = NORM_PDF_LN_C;

/// `ln(e^p + e^q)`, as numpy's `logaddexp`.
pub(crate) fn log_sum(p: f64, q: f64) -> f64 {
    if p == q {
        // Both infinite of one sign included: `p - q` would be NaN.
        return p + core::f64::consts::LN_2;
    }
    let (hi, lo) = if p > q { (p, q) } else { (q, p) };
    hi + libm::log1p(libm::exp(lo - hi))
}

/// `ln(e^p - e^q)` for `p >= q`.
fn log_diff(p: f64, q: f64) -> f64 {
    p + libm::log1p(-libm::exp(q - p))
}

/// The standard normal CDF by the branch on `x = a / sqrt 2` that keeps precision in each tail.
fn ndtr_single(a: f64) -> f64 {
    let x = a / SQRT_2;
    if x < -FRAC_1_SQRT_2 {
        0.5 * libm::erfc(-x)
    } else if x < FRAC_1_SQRT_2 {
        0.5 + 0.5 * libm::erf(x)
    } else {
        1.0 - 0.5 * libm::erfc(x)
    }
}

/// The standard normal CDF as Optuna's vectorized `_ndtr`: `0.5 + 0.5 erf(a / sqrt 2)`.
fn ndtr(a: f64) -> f64 {
    0.5 + 0.5 * libm::erf(a / SQRT_2)
}

/// `ln Phi(a)`, with the asymptotic series below `-20`.
pub(crate) fn log_ndtr(a: f64) -> f64 {
    if a > 6.0 {
        return -ndtr_single(-a);
    }
    if a > -20.0 {
        return libm::log(ndtr_single(a));
    }
    let log_lhs = -0.5 * a * a - libm::log(-a) - 0.5 * libm::log(2.0 * PI);
    let mut last_total = 0.0f64;
    let mut right_hand_side = 1.0;
    let mut numerator = 1.0;
    let mut denom_factor = 1.0;
    let denom_cons = 1.0 / (a * a);
    let mut sign = 1.0;
    let mut i = 0u32;
    while (last_total - right_hand_side).abs() > f64::EPSILON {
        i += 1;
        last_total = right_hand_side;
        sign = -sign;
        denom_factor *= denom_cons;
        numerator *= f64::from(2 * i - 1);
        right_hand_side += sign * numerator * denom_factor;
    }
    log_lhs + libm::log(right_hand_side)
}

/// `ln` of the standard normal density.
#[cfg(test)]
fn norm_logpdf(x: f64) -> f64 {
    -(x * x) / 2.0 - NORM_PDF_LN_C
}

/// `ln (Phi(b) - Phi(a))`: the log of the standard normal's mass on `[a, b]`, worked in the left
/// tail where it is accurate.
pub(crate) fn log_gauss_mass(a: f64, b: f64) -> f64 {
    let left = |a: f64, b: f64| log_diff(log_ndtr(b), log_ndtr(a));
    if b <= 0.0 {
        left(a, b)
    } else if a > 0.0 {
        left(-b, -a)
    } else if a < -8.49 && b > 8.49 {
        // Both tails are exactly 0 (libm's erf is exactly -1 below -6): the mass is 1, as the
        // central formula would say, without its two erf calls.
        -0.0
    } else {
        // Central: subtracting both tails from 1 avoids the cancellation near a mass of 1.
        libm::log1p(-ndtr(a) - ndtr(-b))
    }
}

/// [`log_gauss_mass`] for a bin of a discrete coordinate, cheaper where that is accurate: within
/// 5 of the mean on the side of a tail, `Phi(b) - Phi(a)` from erfc (two erfc and one log instead
/// of two `log_ndtr`, an exp and a log1p). Its relative error there is below `1e-13` for bins as
/// narrow as a hundredth of a kernel's width (tested against `log_gauss_mass`).
pub(crate) fn log_bin_mass(a: f64, b: f64) -> f64 {
    let tail = |a: f64, b: f64| {
        // Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the left tail.
        let mass = 0.5 * (libm::erfc(-b * FRAC_1_SQRT_2) - libm::erfc(-a * FRAC_1_SQRT_2));
        (mass > 0.0).then(|| libm::log(mass))
    };
    let quick = if b <= 0.0 && b > -5.0 {
        tail(a, b)
    } else if a > 0.0 && a < 5.0 {
        tail(-b, -a)
    } else {
        None
    };
    quick.unwrap_or_else(|| log_gauss_mass(a, b))
}

/// The `x` with `ln Phi(x) = y` (`y <= 0`), by Newton's method from an asymptotic or logistic
/// first guess.
pub(crate) fn ndtri_exp(y: f64) -> f64 {
    // Near 0, solve for -x in the other tail and flip back.
    let flipped = y > -1e-2;
    let z = if flipped { libm::log(-libm::expm1(y)) } else { y };
    let mut x = if z < -5.0 {
        -libm::sqrt(-2.0 * (z + NORM_PDF_LN_C))
    } else {
        -(3f64.sqrt() / PI) * libm::log(libm::expm1(-z))
    };
    for _ in 0..100 {
        let log_ndtr_x = log_ndtr(x);
        let log_norm_pdf_x = -0.5 * x * x - NORM_PDF_LN_C;
        let dx = (log_ndtr_x - z) * libm::exp(log_ndtr_x - log_norm_pdf_x);
        x -= dx;
        if dx.abs() < 1e-8 * x.abs() {
            break;
        }
    }
    if flipped { -x } else { x }
}

/// The quantile `q` of the standard normal truncated to `[a, b]`: the `c` with
/// `Phi(c) = Phi(a) + q (Phi(b) - Phi(a))`. NaN when `a == b`.
#[cfg(test)]
pub(crate) fn ppf(q: f64, a: f64, b: f64) -> f64 {
    ppf_with_mass(q, a, b, log_gauss_mass(a, b))
}

/// [`ppf`] given `log_gauss_mass(a, b)`, which a kernel computes once.
pub(crate) fn ppf_with_mass(q: f64, a: f64, b: f64, log_mass: f64) -> f64 {
    if a == b {
        return f64::NAN;
    }
    if q == 0.0 {
        return a;
    }
    if q == 1.0 {
        return b;
    }
    if a < 0.0 {
        ndtri_exp(log_sum(log_ndtr(a), libm::log(q) + log_mass))
    } else {
        // The left tail is the accurate one: flip the interval for a >= 0.
        -ndtri_exp(log_sum(log_ndtr(-b), libm::log1p(-q) + log_mass))
    }
}

/// The log density at `x` of the normal with mean `loc` and deviation `scale` truncated to the
/// standardized bounds `[a, b]`: `-inf` outside them, NaN when `a == b`. (The sampler uses its
/// parts, with each kernel's normalizer computed once.)
#[cfg(test)]
pub(crate) fn logpdf(x: f64, a: f64, b: f64, loc: f64, scale: f64) -> f64 {
    let x = (x - loc) / scale;
    if a == b {
        f64::NAN
    } else if x < a || x > b {
        f64::NEG_INFINITY
    } else {
        norm_logpdf(x) - log_gauss_mass(a, b) - libm::log(scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_bin_mass_agrees_with_the_log_space_one() {
        let mut worst: f64 = 0.0;
        for i in 0..=400 {
            let a = -12.0 + 24.0 * f64::from(i) / 400.0;
            for width in [1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0] {
                let (quick, exact) = (log_bin_mass(a, a + width), log_gauss_mass(a, a + width));
                // ln mass: an absolute difference is the relative error of the mass.
                worst = worst.max((quick - exact).abs());
            }
        }
        assert!(worst < 1e-10, "{worst:e}");
    }

    /// Optuna's own functions at the points of its truncnorm tests (`tests/fixtures/`, made by
    /// `make_truncnorm.py` from the installed Optuna): every value within 1e-10, relative above 1.
    #[test]
    fn every_function_matches_optunas_own_values() {
        let text = include_str!("../tests/fixtures/truncnorm.txt");
        let mut checked = 0;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut words = line.split(' ');
            let kind = words.next().unwrap();
            let numbers: Vec<f64> = words.map(|w| w.parse().unwrap()).collect();
            let (args, expected) = numbers.split_at(numbers.len() - 1);
            let got = match (kind, args) {
                ("ppf", &[q, a, b]) => ppf(q, a, b),
                ("logpdf", &[x, a, b, loc, scale]) => logpdf(x, a, b, loc, scale),
                ("mass", &[a, b]) => log_gauss_mass(a, b),
                ("ndtri_exp", &[y]) => ndtri_exp(y),
                ("log_ndtr", &[a]) => log_ndtr(a),
                _ => panic!("unknown fixture line {line:?}"),
            };
            let want = expected[0];
            let close = (got.is_nan() && want.is_nan())
                || got == want
                || (got - want).abs() <= 1e-10 * want.abs().max(1.0);
            assert!(close, "{line}: got {got:e}");
            checked += 1;
        }
        assert!(checked > 3600, "{checked}");
    }
}
