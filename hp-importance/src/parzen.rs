//! The 1-D Parzen estimators of PED-ANOVA on a grid of a parameter's values, as Optuna 5's
//! `ScottParzenEstimator` builds them: a kernel per occupied grid point (weighted by its count)
//! plus a prior kernel, Scott's bandwidth, discrete truncated normals; or, for categories, a
//! smoothed histogram.

/// A mixture's density at every grid point.
pub(crate) fn pdf(counts: &[u64], categorical: bool, prior_weight: f64) -> Vec<f64> {
    let observed: Vec<(f64, f64)> =
        counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(k, &c)| (k as f64, c as f64)).collect();
    // The mixture's weights: each occupied point's count, then the prior's.
    let mut weights: Vec<f64> = observed.iter().map(|&(_, w)| w).collect();
    weights.push(if observed.is_empty() { 1.0 } else { prior_weight });
    let total: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|w| *w /= total);
    let size = counts.len();
    if categorical {
        categorical_pdf(&observed, &weights, size, prior_weight)
    } else {
        numerical_pdf(&observed, &weights, size)
    }
}

/// Each kernel puts `prior_weight / kernels` on every category and 1 more on its own, normalized;
/// the prior kernel is uniform.
fn categorical_pdf(observed: &[(f64, f64)], weights: &[f64], size: usize, prior_weight: f64) -> Vec<f64> {
    if observed.is_empty() {
        return vec![1.0 / size as f64; size];
    }
    let kernels = observed.len() + 1;
    let base = prior_weight / kernels as f64;
    let mut out = vec![0.0; size];
    for (k, w) in weights.iter().enumerate() {
        let own = observed.get(k).map(|&(c, _)| c as usize);
        let row_sum = base * size as f64 + if own.is_some() { 1.0 } else { 0.0 };
        for (c, slot) in out.iter_mut().enumerate() {
            let p = base + if own == Some(c) { 1.0 } else { 0.0 };
            // A row of zeros (no prior, no observation) stays zero, as Optuna's division by 1.
            *slot += w * if row_sum == 0.0 { 0.0 } else { p / row_sum };
        }
    }
    out
}

/// Discrete truncated normals on `0..size` (mass of `[x - 1/2, x + 1/2]` over that of
/// `[-1/2, size - 1/2]`): one per occupied point with Scott's bandwidth, and the prior centred
/// on the grid with width `size`.
fn numerical_pdf(observed: &[(f64, f64)], weights: &[f64], size: usize) -> Vec<f64> {
    let (low, high) = (0.0, (size - 1) as f64);
    let mut kernels: Vec<(f64, f64)> = Vec::with_capacity(observed.len() + 1);
    if !observed.is_empty() {
        let sigma = scott_sigma(observed);
        kernels.extend(observed.iter().map(|&(x, _)| (x, sigma)));
    }
    kernels.push(((low + high) / 2.0, high - low + 1.0));
    let mut out = vec![0.0; size];
    for (&(mu, sigma), w) in kernels.iter().zip(weights) {
        let z = |x: f64| (x - mu) / sigma;
        let whole = gauss_mass(z(low - 0.5), z(high + 0.5));
        for (x, slot) in out.iter_mut().enumerate() {
            let x = x as f64;
            *slot += w * gauss_mass(z(x - 0.5), z(x + 0.5)) / whole;
        }
    }
    out
}

/// Scott's rule with the IQR guard, on weighted grid points, at least `0.5 / 1.64`.
fn scott_sigma(observed: &[(f64, f64)]) -> f64 {
    let total: f64 = observed.iter().map(|&(_, w)| w).sum();
    let mean = observed.iter().map(|&(x, w)| x * w).sum::<f64>() / total;
    let var =
        observed.iter().map(|&(x, w)| (x - mean) * (x - mean) * w).sum::<f64>() / (total - 1.0).max(1.0);
    let cumulative: Vec<f64> = observed
        .iter()
        .scan(0.0, |acc, &(_, w)| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    // numpy's searchsorted: `left` is the first index with cum >= v, `right` the first with cum > v;
    // the counts are integers, so `//` is a floor.
    let q1 = cumulative.partition_point(|&c| c < (total / 4.0).floor());
    let q3 = cumulative.partition_point(|&c| c <= (total * 3.0 / 4.0).floor());
    let last = observed.len() - 1;
    let iqr = observed[q3.min(last)].0 - observed[q1.min(last)].0;
    let sigma = 1.059 * (iqr / 1.34).min(var.sqrt()) * total.powf(-0.2);
    sigma.max(0.5 / 1.64)
}

/// The standard normal's mass between `a <= b`, from whichever tail keeps its digits.
fn gauss_mass(a: f64, b: f64) -> f64 {
    let s = core::f64::consts::FRAC_1_SQRT_2;
    if a >= 0.0 {
        0.5 * (libm::erfc(a * s) - libm::erfc(b * s))
    } else if b <= 0.0 {
        0.5 * (libm::erfc(-b * s) - libm::erfc(-a * s))
    } else {
        1.0 - 0.5 * libm::erfc(-a * s) - 0.5 * libm::erfc(b * s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn densities_sum_to_one_on_the_grid() {
        for counts in [vec![0, 3, 0, 0, 1], vec![5; 50], vec![1, 0, 0, 0, 0, 0, 0, 0, 0, 9], vec![0; 7]] {
            for categorical in [false, true] {
                let p = pdf(&counts, categorical, 1.0);
                let sum: f64 = p.iter().sum();
                assert!((sum - 1.0).abs() < 1e-12, "{counts:?} {categorical}: {sum}");
                assert!(p.iter().all(|&x| x >= 0.0));
            }
        }
    }

    #[test]
    fn mass_is_accurate_in_both_tails() {
        assert!((gauss_mass(-1.0, 1.0) - 0.682_689_492_137_085_9).abs() < 1e-15);
        assert!((gauss_mass(8.0, 9.0) / 6.219_831_985_865_866e-16 - 1.0).abs() < 1e-9);
        assert_eq!(gauss_mass(-9.0, -8.0), gauss_mass(8.0, 9.0));
    }
}
