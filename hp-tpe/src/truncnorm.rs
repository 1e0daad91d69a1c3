//! The truncated normal distribution in log space: Optuna's `_truncnorm.py` (a port of SciPy's),
//! line for line, with libm's `erf`/`erfc` (FreeBSD msun's, as Optuna's `_erf.py`) so that every
//! platform gets the same bits.
//!
//! `a` and `b` are the standardized bounds `(low - mu) / sigma` and `(high - mu) / sigma`.

use core::f64::consts::{FRAC_1_SQRT_2, PI, SQRT_2};

/// `ln(sqrt(2 pi))` (Optuna's `_norm_pdf_logC`).
pub(crate) const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `ln(e^p + e^q)`, as numpy's `logaddexp`. (This and [`ndtri_exp`] make Optuna's log-space
/// [`ppf`], kept as the reference the sampler's [`sample`] is tested against.)
#[cfg(test)]
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
    -(x * x) / 2.0 - LN_SQRT_2PI
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
        // Central: subtracting both tails from 1 avoids the cancellation near a mass of 1. A
        // tail beyond 8.49 is exactly 0 for the same reason, so its erf call is skipped.
        let tail = |x: f64| if x < -8.49 { 0.0 } else { ndtr(x) };
        libm::log1p(-tail(a) - tail(-b))
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

#[cfg(test)]
/// The `x` with `ln Phi(x) = y` (`y <= 0`), by Newton's method from an asymptotic or logistic
/// first guess.
pub(crate) fn ndtri_exp(y: f64) -> f64 {
    // Near 0, solve for -x in the other tail and flip back.
    let flipped = y > -1e-2;
    let z = if flipped { libm::log(-libm::expm1(y)) } else { y };
    let mut x = if z < -5.0 {
        -libm::sqrt(-2.0 * (z + LN_SQRT_2PI))
    } else {
        -(3f64.sqrt() / PI) * libm::log(libm::expm1(-z))
    };
    for _ in 0..100 {
        let log_ndtr_x = log_ndtr(x);
        let log_norm_pdf_x = -0.5 * x * x - LN_SQRT_2PI;
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

/// The standard normal quantile: Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3),
/// 1988), relative error about 1e-16, from one rational function (and a log and a square root in
/// the tails): no iteration.
// The coefficients are the paper's, digit for digit, more than an f64 holds.
#[allow(clippy::excessive_precision)]
fn ndtri(p: f64) -> f64 {
    fn poly(c: &[f64; 8], x: f64) -> f64 {
        c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
    }
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        133.141_667_891_784_377_45,
        1_971.590_950_306_551_442_7,
        13_731.693_765_509_461_125,
        45_921.953_931_549_871_457,
        67_265.770_927_008_700_853,
        33_430.575_583_588_128_105,
        2_509.080_928_730_122_672_7,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313_330_701_600_911_252,
        687.187_007_492_057_908_3,
        5_394.196_021_424_751_107_7,
        21_213.794_301_586_595_867,
        39_307.895_800_092_710_61,
        28_729.085_735_721_942_674,
        5_226.495_278_852_854_561,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        0.241_780_725_177_450_611_77,
        0.022_723_844_989_269_184_583_3,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        0.689_767_334_985_100_004_55,
        0.148_103_976_427_480_074_59,
        0.015_198_666_563_616_457_196_6,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        0.296_560_571_828_504_891_23,
        0.026_532_189_526_576_123_093,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599_832_206_555_887_937_69,
        0.136_929_880_922_735_805_31,
        0.014_875_361_290_850_614_852_5,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    if tail <= 0.0 {
        return if q < 0.0 { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    let r = libm::sqrt(-libm::log(tail));
    let x = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -x } else { x }
}

/// A draw from the standard normal truncated to `[a, b]` at quantile `q`, given the kernel's
/// `log_gauss_mass(a, b)`: `Phi^-1(Phi(a) + q (Phi(b) - Phi(a)))`, in the left tail as Optuna's
/// [`ppf`] (mirrored for `a >= 0`), but in probability space with AS 241's quantile instead of a
/// Newton iteration in log space: about ten times cheaper, and within 1e-10 of [`ppf`] wherever
/// a draw can land with a probability above 1e-10 (tested on Optuna's ppf points).
pub(crate) fn sample(q: f64, a: f64, b: f64, log_mass: f64) -> f64 {
    if a == b {
        return f64::NAN;
    }
    let mass = libm::exp(log_mass);
    let x =
        if a < 0.0 { ndtri(ndtr_single(a) + q * mass) } else { -ndtri(ndtr_single(-b) + (1.0 - q) * mass) };
    x.clamp(a, b)
}

/// [`ppf`] given `log_gauss_mass(a, b)`, which a kernel computes once.
#[cfg(test)]
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

    /// The sampler's quantile against Optuna's ppf at the points of Optuna's tests, where a draw
    /// can land: every value within 1e-10 (relative above 1) except where the quantile is within
    /// 1e-10 of the truncation's far end or the interval is empty.
    #[test]
    fn the_samplers_quantile_matches_optunas_ppf() {
        let text = include_str!("../tests/fixtures/truncnorm.txt");
        let mut checked = 0;
        for line in text.lines().filter(|l| l.starts_with("ppf ")) {
            let v: Vec<f64> = line.split(' ').skip(1).map(|w| w.parse().unwrap()).collect();
            let (q, a, b, want) = (v[0], v[1], v[2], v[3]);
            if a == b || !(1e-10..=1.0 - 1e-10).contains(&q) {
                continue;
            }
            let got = sample(q, a, b, log_gauss_mass(a, b));
            assert!((got - want).abs() <= 1e-10 * want.abs().max(1.0), "{line}: got {got:e}");
            checked += 1;
        }
        assert!(checked > 550, "{checked}");
    }

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
