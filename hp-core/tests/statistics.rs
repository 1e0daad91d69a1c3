//! The scales have the distributions they claim (issue 2, section 7), on fixed seeds: the lecture's
//! numbers for log, reverse-log and linear float scales, a Kolmogorov–Smirnov test in log space,
//! and χ² goodness of fit for every discrete scale. Each claim is tested twice: through
//! `Distribution::sample`, and through `from_unit` on uniform draws (the path of every strategy).
//!
//! The seeds are fixed, so the tests are deterministic; the thresholds are the usual ones
//! (KS at alpha = 0.01, χ² at its 0.999 quantile), so a wrong distribution fails them, which the
//! `*_rejects_*` tests show on deliberately wrong samplers.

use hp_core::{
    CategoricalScale, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale,
    ReverseLogStepScale, Scale,
};
use rand::distr::Distribution;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

const DRAWS: usize = 100_000;

/// The two ways values reach a user: a scale's sampler, and `from_unit` on a uniform `u`.
fn both_paths<S>(scale: &S, seed: u64) -> [Vec<S::Value>; 2]
where
    S: Scale + Distribution<<S as Scale>::Value>,
{
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let sampled = (0..DRAWS).map(|_| scale.sample(&mut rng)).collect();
    let mapped = (0..DRAWS).map(|_| scale.from_unit(rng.random::<f64>())).collect();
    [sampled, mapped]
}

// ---------------------------------------------------------------------------------------------
// The statistics

/// The Kolmogorov–Smirnov statistic `D = sup |F_n(x) - F(x)|` of `samples` against the uniform
/// distribution on `[a, b]`.
fn ks_uniform(samples: &[f64], a: f64, b: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    sorted.iter().enumerate().fold(0.0, |d, (i, &x)| {
        let f = ((x - a) / (b - a)).clamp(0.0, 1.0);
        // The empirical CDF jumps from i/n to (i+1)/n at x.
        d.max((i as f64 + 1.0) / n - f).max(f - i as f64 / n)
    })
}

/// The KS critical value at alpha = 0.01 for `n` samples (asymptotic).
fn ks_critical_01(n: usize) -> f64 {
    1.63 / (n as f64).sqrt()
}

/// Pearson's χ² of `observed` counts against cell probabilities `expected` (normalised here).
fn chi_square(observed: &[u64], expected: &[f64]) -> f64 {
    assert_eq!(observed.len(), expected.len());
    let n: u64 = observed.iter().sum();
    let total: f64 = expected.iter().sum();
    observed
        .iter()
        .zip(expected)
        .map(|(&o, &p)| {
            let e = n as f64 * p / total;
            (o as f64 - e).powi(2) / e
        })
        .sum()
}

/// The standard normal quantile at 0.999.
const Z_999: f64 = 3.090_232_306_167_813;

/// The Wilson–Hilferty approximation of the χ² quantile with `dof` degrees of freedom at the
/// normal quantile `z`: `(χ²/k)^(1/3)` is close to normal with mean `1 - 2/(9k)` and variance
/// `2/(9k)`. It errs high (conservative) by at most 3.1% at `dof = 1` and under 0.1% from 50.
fn chi_square_quantile(dof: usize, z: f64) -> f64 {
    let k = dof as f64;
    let v = 2.0 / (9.0 * k);
    k * (1.0 - v + z * v.sqrt()).powi(3)
}

/// Fails unless the χ² of `observed` against `expected` is below its 0.999 quantile.
fn assert_fits(what: &str, observed: &[u64], expected: &[f64]) {
    let chi2 = chi_square(observed, expected);
    let limit = chi_square_quantile(observed.len() - 1, Z_999);
    assert!(
        chi2 < limit,
        "{what}: χ² = {chi2:.2} >= {limit:.2} (dof {}); counts {observed:?}",
        observed.len() - 1
    );
}

/// Counts of `index(v)` over `0..cells`.
fn histogram<T>(values: &[T], cells: usize, index: impl Fn(&T) -> usize) -> Vec<u64> {
    let mut counts = vec![0u64; cells];
    for v in values {
        counts[index(v)] += 1;
    }
    counts
}

/// The share of `values` for which `keep` holds.
fn share<T>(values: &[T], keep: impl Fn(&T) -> bool) -> f64 {
    values.iter().filter(|v| keep(v)).count() as f64 / values.len() as f64
}

#[test]
fn ks_statistic_helper() {
    assert!((ks_uniform(&[0.3], 0.0, 1.0) - 0.7).abs() < 1e-15);
    // Evenly spread points: the empirical CDF is never more than half a step from the line.
    let even: Vec<f64> = (0..1000).map(|i| (i as f64 + 0.5) / 1000.0).collect();
    assert!((ks_uniform(&even, 0.0, 1.0) - 0.0005).abs() < 1e-12);
    // Order does not matter; the interval does.
    let reversed: Vec<f64> = even.iter().rev().map(|x| 2.0 * x - 1.0).collect();
    assert!((ks_uniform(&reversed, -1.0, 1.0) - 0.0005).abs() < 1e-12);
    // All mass in the lower half: D = 1/2.
    let low: Vec<f64> = even.iter().map(|x| x / 2.0).collect();
    assert!((ks_uniform(&low, 0.0, 1.0) - 0.5).abs() < 1e-3);
    assert!((ks_critical_01(10_000) - 0.0163).abs() < 1e-12);
}

#[test]
fn chi_square_helpers() {
    assert_eq!(chi_square(&[10, 10, 10], &[1.0, 1.0, 1.0]), 0.0);
    assert!((chi_square(&[20, 0], &[0.5, 0.5]) - 20.0).abs() < 1e-12);
    assert!((chi_square(&[30, 10], &[3.0, 1.0])).abs() < 1e-12);
    // Exact 0.999 quantiles (from the regularised incomplete gamma function).
    let exact = [
        (1, 10.8276),
        (2, 13.8155),
        (3, 16.2662),
        (5, 20.5150),
        (6, 22.4577),
        (10, 29.5883),
        (20, 45.3147),
        (50, 86.6608),
        (63, 103.4424),
        (100, 149.4493),
    ];
    for (dof, q) in exact {
        let approx = chi_square_quantile(dof, Z_999);
        let error = approx / q - 1.0;
        let allowed = if dof < 6 {
            0.031
        } else if dof < 50 {
            0.01
        } else {
            0.001
        };
        assert!((0.0..allowed).contains(&error), "dof {dof}: {approx} vs {q}");
    }
    // The median (z = 0) of χ²(10) is 9.3418.
    assert!((chi_square_quantile(10, 0.0) - 9.3418).abs() < 0.01);
}

// ---------------------------------------------------------------------------------------------
// Continuous scales: the lecture's numbers

/// The lecture's learning rate: on a log scale each decade of [1e-4, 1] gets a quarter.
#[test]
fn log_scale_each_decade_a_quarter() {
    let lr = LogScale::new(1e-4_f64, 1.0).unwrap();
    for values in both_paths(&lr, 10) {
        for (a, b) in [(1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 1e-1), (1e-1, 1.0)] {
            let p = share(&values, |&x| a <= x && x < b);
            assert!((p - 0.25).abs() <= 0.015, "share in [{a}, {b}) = {p}");
        }
    }
}

#[test]
fn log_scale_is_uniform_in_log_space() {
    let lr = LogScale::new(1e-4_f64, 1.0).unwrap();
    for values in both_paths(&lr, 11) {
        let logs: Vec<f64> = values.iter().map(|x| x.ln()).collect();
        let d = ks_uniform(&logs, 1e-4f64.ln(), 0.0);
        assert!(d < ks_critical_01(DRAWS), "KS D = {d}");
    }
    let wide = LogScale::new(1e-300_f64, 1e300).unwrap();
    for values in both_paths(&wide, 12) {
        let logs: Vec<f64> = values.iter().map(|x| x.ln()).collect();
        let d = ks_uniform(&logs, 1e-300f64.ln(), 1e300f64.ln());
        assert!(d < ks_critical_01(DRAWS), "KS D = {d}");
    }
}

/// The KS test has the power to tell: uniform samples on [1e-4, 1] fail it by far.
#[test]
fn log_space_ks_rejects_linear_samples() {
    let linear = LinearScale::new(1e-4_f64, 1.0).unwrap();
    let [values, _] = both_paths(&linear, 13);
    let logs: Vec<f64> = values.iter().map(|x| x.ln()).collect();
    let d = ks_uniform(&logs, 1e-4f64.ln(), 0.0);
    assert!(d > 10.0 * ks_critical_01(DRAWS), "KS D = {d}");
}

/// The lecture's warning: sampled uniformly, about 90% of learning rates land in [0.1, 1].
#[test]
fn linear_scale_puts_ninety_percent_in_the_top_decade() {
    let lr = LinearScale::new(1e-4_f64, 1.0).unwrap();
    for values in both_paths(&lr, 14) {
        let p = share(&values, |&x| x >= 0.1);
        assert!((p - 0.9).abs() <= 0.01, "share in [0.1, 1] = {p}");
        let p = share(&values, |&x| x < 1e-3);
        assert!(p < 0.002, "share in [1e-4, 1e-3) = {p}");
        let d = ks_uniform(&values, 1e-4, 1.0);
        assert!(d < ks_critical_01(DRAWS), "KS D = {d}");
    }
}

/// The lecture's β: 1 - β log-uniform on [0.001, 0.1], so the median is 0.99 and half the samples
/// fall in [0.99, 0.999].
#[test]
fn reverse_log_median_and_upper_half() {
    let beta = ReverseLogScale::new(0.9_f64, 0.999).unwrap();
    for mut values in both_paths(&beta, 20) {
        let p = share(&values, |&b| b >= 0.99);
        assert!((p - 0.5).abs() <= 0.01, "P(beta >= 0.99) = {p}");
        values.sort_by(f64::total_cmp);
        let median = values[DRAWS / 2];
        assert!((median - 0.99).abs() <= 0.002, "median {median}");
        let gaps: Vec<f64> = values.iter().map(|b| (1.0 - b).ln()).collect();
        let d = ks_uniform(&gaps, 0.001f64.ln(), 0.1f64.ln());
        assert!(d < ks_critical_01(DRAWS), "KS D = {d}");
    }
    // Sampled linearly, only (0.999 - 0.99) / (0.999 - 0.9) = 9.1% would be in [0.99, 0.999].
    let [linear, _] = both_paths(&LinearScale::new(0.9_f64, 0.999).unwrap(), 21);
    let p = share(&linear, |&b| b >= 0.99);
    assert!((p - 0.0909).abs() < 0.005, "linear P(beta >= 0.99) = {p}");
}

#[test]
fn f32_scales_keep_their_distribution() {
    let lr = LogScale::new(1e-4f32, 1.0).unwrap();
    for values in both_paths(&lr, 30) {
        let logs: Vec<f64> = values.iter().map(|&x| f64::from(x).ln()).collect();
        let d = ks_uniform(&logs, f64::from(1e-4f32).ln(), 0.0);
        assert!(d < ks_critical_01(DRAWS), "KS D = {d}");
    }
    let beta = ReverseLogScale::new(0.9f32, 0.999).unwrap();
    for values in both_paths(&beta, 31) {
        let p = share(&values, |&b| b >= 0.99);
        assert!((p - 0.5).abs() <= 0.01, "P(beta >= 0.99) = {p}");
    }
}

// ---------------------------------------------------------------------------------------------
// Discrete scales: χ²

#[test]
fn int_linear_equal_weights() {
    let units = LinearScale::new(50u32, 100).unwrap();
    for (path, values) in both_paths(&units, 40).iter().enumerate() {
        let counts = histogram(values, 51, |&v| (v - 50) as usize);
        assert_fits(&format!("linear 50..=100, path {path}"), &counts, &[1.0; 51]);
    }
    let layers = LinearScale::new(2usize, 4).unwrap();
    for (path, values) in both_paths(&layers, 41).iter().enumerate() {
        let counts = histogram(values, 3, |&v| v - 2);
        assert_fits(&format!("linear 2..=4, path {path}"), &counts, &[1.0; 3]);
    }
}

/// A range crossing zero, and the end points with full weight (rounding a uniform draw would give
/// them half).
#[test]
fn int_linear_across_zero_end_points_full_weight() {
    let scale = LinearScale::new(-3i32, 3).unwrap();
    for (path, values) in both_paths(&scale, 42).iter().enumerate() {
        let counts = histogram(values, 7, |&v| (v + 3) as usize);
        assert_fits(&format!("linear -3..=3, path {path}"), &counts, &[1.0; 7]);
        for end in [counts[0], counts[6]] {
            let p = end as f64 / DRAWS as f64;
            assert!((p - 1.0 / 7.0).abs() < 0.006, "end point share {p}, counts {counts:?}");
        }
    }
}

/// The χ² test has the power to tell: rounding a uniform draw on [-3, 3] (half weight at the ends)
/// fails it by far.
#[test]
fn chi_square_rejects_rounded_uniform() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(43);
    let rounded: Vec<i32> = (0..DRAWS).map(|_| rng.random_range(-3.0f64..3.0).round() as i32).collect();
    let counts = histogram(&rounded, 7, |&v| (v + 3) as usize);
    let chi2 = chi_square(&counts, &[1.0; 7]);
    assert!(chi2 > 10.0 * chi_square_quantile(6, Z_999), "χ² = {chi2}");
}

/// Integer log: `x` log-uniform on [low - 1/2, high + 1/2], rounded, so `k` has weight
/// `ln((k + 1/2) / (k - 1/2))`.
#[test]
fn int_log_weights() {
    fn weights(low: u64, high: u64) -> Vec<f64> {
        (low..=high).map(|k| ((k as f64 + 0.5) / (k as f64 - 0.5)).ln()).collect()
    }
    let scale = LogScale::new(1u32, 64).unwrap();
    let expected = weights(1, 64);
    for (path, values) in both_paths(&scale, 50).iter().enumerate() {
        let counts = histogram(values, 64, |&v| (v - 1) as usize);
        assert_fits(&format!("log 1..=64, path {path}"), &counts, &expected);
        // Uniform weights are far off: the test can tell.
        assert!(chi_square(&counts, &[1.0; 64]) > 100.0 * chi_square_quantile(63, Z_999));
    }
    let batch = LogScale::new(16u64, 1024).unwrap();
    let expected = weights(16, 1024);
    for (path, values) in both_paths(&batch, 51).iter().enumerate() {
        // 1009 cells with ~100 draws each; pooled in groups of 16 for a sound χ².
        let counts = histogram(values, 1009, |&v| (v - 16) as usize);
        let pooled_counts: Vec<u64> = counts.chunks(16).map(|c| c.iter().sum()).collect();
        let pooled_weights: Vec<f64> = expected.chunks(16).map(|c| c.iter().sum()).collect();
        assert_fits(&format!("log 16..=1024, path {path}"), &pooled_counts, &pooled_weights);
    }
}

#[test]
fn step_scales_equal_weights() {
    /// The grid index of `v`, from `to_unit`'s bin centre.
    fn cell<S: Scale>(scale: &S, n: usize) -> impl Fn(&S::Value) -> usize + '_ {
        move |&v| (scale.to_unit(v) * n as f64) as usize
    }
    let units = LinearStepScale::new(16u32, 1024, 16).unwrap();
    for (path, values) in both_paths(&units, 60).iter().enumerate() {
        assert!(values.iter().all(|v| v % 16 == 0));
        let counts = histogram(values, 64, |&v| (v / 16 - 1) as usize);
        assert_fits(&format!("linear 16..=1024 step 16, path {path}"), &counts, &[1.0; 64]);
    }
    let dropout = LinearStepScale::new(0.0, 0.5, 0.1).unwrap();
    for (path, values) in both_paths(&dropout, 61).iter().enumerate() {
        let counts = histogram(values, 6, cell(&dropout, 6));
        assert_fits(&format!("linear 0..0.5 step 0.1, path {path}"), &counts, &[1.0; 6]);
    }
    let batch = LogStepScale::new(16u32, 1024, 2).unwrap();
    for (path, values) in both_paths(&batch, 62).iter().enumerate() {
        let counts = histogram(values, 7, |&v| (v.trailing_zeros() - 4) as usize);
        assert!(values.iter().all(|v| v.is_power_of_two()));
        assert_fits(&format!("log 16..=1024 step 2, path {path}"), &counts, &[1.0; 7]);
    }
    let lr = LogStepScale::new(1e-4, 1.0, 10.0).unwrap();
    for (path, values) in both_paths(&lr, 63).iter().enumerate() {
        let counts = histogram(values, 5, cell(&lr, 5));
        assert_fits(&format!("log 1e-4..1 step 10, path {path}"), &counts, &[1.0; 5]);
    }
    // Grids whose step^k or k * step leave the f64 range: every grid point keeps its share.
    let decades = LogStepScale::new(1e-300_f64, 1e300, 10.0).unwrap();
    for (path, values) in both_paths(&decades, 65).iter().enumerate() {
        let counts = histogram(values, 601, |&v| (v.log10().round() + 300.0) as usize);
        assert_fits(&format!("log 1e-300..1e300 step 10, path {path}"), &counts, &[1.0; 601]);
    }
    let wide = LinearStepScale::new(-f64::MAX, f64::MAX, f64::MAX / 4.0).unwrap();
    for (path, values) in both_paths(&wide, 66).iter().enumerate() {
        let counts = histogram(values, 9, |&v| ((v / (f64::MAX / 4.0)).round() + 4.0) as usize);
        assert_fits(&format!("linear -MAX..MAX step MAX/4, path {path}"), &counts, &[1.0; 9]);
    }
    let beta = ReverseLogStepScale::new(0.9, 0.999, 10.0).unwrap();
    for (path, values) in both_paths(&beta, 64).iter().enumerate() {
        let counts = histogram(values, 3, cell(&beta, 3));
        assert_fits(&format!("reverse_log 0.9..0.999 step 10, path {path}"), &counts, &[1.0; 3]);
    }
}

#[test]
fn categorical_equal_weights() {
    for (n, seed) in [(2, 70), (3, 71), (7, 72), (10, 73)] {
        let choice = CategoricalScale::new(n).unwrap();
        for (path, values) in both_paths(&choice, seed).iter().enumerate() {
            let counts = histogram(values, n as usize, |&i| i as usize);
            assert_fits(&format!("choice of {n}, path {path}"), &counts, &vec![1.0; n as usize]);
        }
    }
}
