//! The Parzen estimator: a weighted mixture of product kernels, one kernel per observation plus
//! the prior, as Optuna 5's `_ParzenEstimator` and `_MixtureOfProductDistribution` build it, on
//! hp's unit interval.
//!
//! Each coordinate is one of three [`Axis`] kinds. A continuous coordinate has truncated-normal
//! kernels on `[0, 1]`. A discrete one (integers, a grid) has the same kernels, but a value's
//! probability is its kernel's mass over the value's bin of the unit interval, which for equal
//! bins is exactly Optuna's half-step widening. A categorical one (a choice, a `bool`, an enum's
//! variant) has a histogram per observation, smoothed by the prior: never an ordered number.

use rand::Rng;

use crate::truncnorm;

/// How one coordinate is modelled.
#[derive(Clone, Debug)]
pub(crate) enum Axis {
    /// A float range: kernels are densities on `[0, 1]`.
    Continuous,
    /// Ordered values with bins: `bin(u)` is the bin holding `u`, `centre(u)` its value's point.
    Discrete { param: hp_core::Param },
    /// Unordered values; `prior[k]` is value `k`'s prior probability (its bin's width: equal,
    /// or as a weighted choice's weights say), `points[k]` its bin's centre.
    Categorical { param: hp_core::Param, prior: Vec<f64>, points: Vec<f64> },
}

/// The estimator's settings that Optuna 5 deprecated but its tests still set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Params {
    pub(crate) prior_weight: f64,
    pub(crate) magic_clip: bool,
    pub(crate) endpoints: bool,
}

impl Params {
    /// Optuna 5's defaults: prior weight 1, magic clip on, endpoints off.
    pub(crate) const DEFAULT: Params = Params { prior_weight: 1.0, magic_clip: true, endpoints: false };
}

/// Optuna's `default_weights(n)`: all 1 below 25 observations; past that, the oldest `n - 25` get
/// a ramp from `1/n` to 1, the newest 25 get 1.
pub(crate) fn default_weights(n: usize) -> Vec<f64> {
    if n < 25 {
        return vec![1.0; n];
    }
    let ramp = n - 25;
    let mut w: Vec<f64> = (0..ramp).map(|k| linspace(1.0 / n as f64, 1.0, ramp, k)).collect();
    w.extend(core::iter::repeat_n(1.0, 25));
    w
}

/// Point `k` of numpy's `linspace(start, stop, num)`.
fn linspace(start: f64, stop: f64, num: usize, k: usize) -> f64 {
    if num == 1 {
        return start;
    }
    let step = (stop - start) / (num - 1) as f64;
    if k == num - 1 { stop } else { start + k as f64 * step }
}

/// Truncated-normal kernels on `[low, high]`: observations' means and widths, the prior last.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Numeric {
    pub(crate) mu: Vec<f64>,
    pub(crate) sigma: Vec<f64>,
    pub(crate) low: f64,
    pub(crate) high: f64,
}

/// Optuna's `_calculate_numerical_distributions` on `[low, high]`: each kernel as wide as the
/// larger gap to its sorted neighbours (the bounds as sentinels; without `endpoints`, the outermost
/// kernels use only their inner gap), clipped to `[(high - low) / min(100, n + 2), high - low]`
/// with the magic clip; the prior at the centre, as wide as the range.
pub(crate) fn numeric(observations: &[f64], low: f64, high: f64, params: Params) -> Numeric {
    let n = observations.len();
    let mut order: Vec<usize> = (0..n).collect();
    // numpy's argsort is a quicksort, not stable; ties give equal gaps whichever comes first.
    order.sort_by(|&i, &j| observations[i].total_cmp(&observations[j]));
    let mut sorted = Vec::with_capacity(n + 2);
    sorted.push(low);
    sorted.extend(order.iter().map(|&i| observations[i]));
    sorted.push(high);
    let mut sorted_sigmas: Vec<f64> =
        (1..=n).map(|k| (sorted[k] - sorted[k - 1]).max(sorted[k + 1] - sorted[k])).collect();
    if !params.endpoints && sorted.len() >= 4 {
        sorted_sigmas[0] = sorted[2] - sorted[1];
        sorted_sigmas[n - 1] = sorted[n] - sorted[n - 1];
    }
    let max_sigma = high - low;
    let min_sigma = if params.magic_clip { (high - low) / 100f64.min(1.0 + (n + 1) as f64) } else { 1e-12 };
    let mut sigma = vec![0.0; n];
    for (rank, &i) in order.iter().enumerate() {
        sigma[i] = sorted_sigmas[rank].clamp(min_sigma, max_sigma);
    }
    let mut mu = observations.to_vec();
    mu.push(0.5 * (low + high));
    sigma.push(high - low);
    Numeric { mu, sigma, low, high }
}

/// Optuna's `_calculate_categorical_distributions`, with a prior that need not be uniform: row
/// `i` puts `prior_weight / (n + 1)` times `k * prior[c]` on every category `c` and 1 more on the
/// observed one, normalized; the prior's row is `prior`.
pub(crate) fn categorical(observations: &[usize], prior: &[f64], params: Params) -> Vec<Vec<f64>> {
    if observations.is_empty() {
        return vec![prior.to_vec()];
    }
    let kernels = observations.len() + 1;
    let k = prior.len() as f64;
    let base: Vec<f64> = prior.iter().map(|p| params.prior_weight / kernels as f64 * k * p).collect();
    let mut rows: Vec<Vec<f64>> = observations
        .iter()
        .map(|&c| {
            let mut row = base.clone();
            row[c] += 1.0;
            row
        })
        .collect();
    rows.push(base);
    for row in &mut rows {
        let sum: f64 = row.iter().sum();
        let sum = if sum == 0.0 { 1.0 } else { sum };
        row.iter_mut().for_each(|p| *p /= sum);
    }
    rows
}

/// The kernels of one coordinate, ready to sample and score.
#[derive(Clone, Debug)]
enum Dim {
    Numeric {
        kernels: Numeric,
        /// `ln` of each kernel's mass on `[low, high]`, and of its width.
        log_mass: Vec<f64>,
        log_sigma: Vec<f64>,
        discrete: Option<hp_core::Param>,
    },
    Categorical {
        rows: Vec<Vec<f64>>,
        param: hp_core::Param,
        points: Vec<f64>,
    },
}

/// A mixture of product kernels over some coordinates.
#[derive(Clone, Debug)]
pub(crate) struct Mixture {
    weights: Vec<f64>,
    log_weights: Vec<f64>,
    dims: Vec<Dim>,
}

impl Mixture {
    /// The estimator of `observations` (each a point's values on `axes`, in trial order), with
    /// weights `default_weights(n)` and the prior's.
    pub(crate) fn new(axes: &[Axis], observations: &[Vec<f64>], params: Params) -> Mixture {
        let n = observations.len();
        let mut weights = default_weights(n);
        if n == 0 {
            weights = vec![1.0];
        } else {
            weights.push(params.prior_weight);
        }
        let total: f64 = weights.iter().sum();
        weights.iter_mut().for_each(|w| *w /= total);
        let dims = axes
            .iter()
            .enumerate()
            .map(|(d, axis)| {
                let column: Vec<f64> = observations.iter().map(|o| o[d]).collect();
                match axis {
                    Axis::Continuous => Dim::numeric(numeric(&column, 0.0, 1.0, params), None),
                    Axis::Discrete { param } => {
                        Dim::numeric(numeric(&column, 0.0, 1.0, params), Some(param.clone()))
                    }
                    Axis::Categorical { param, prior, points } => {
                        let observed: Vec<usize> = column.iter().map(|&u| category(param, u)).collect();
                        let rows = categorical(&observed, prior, params);
                        Dim::Categorical { rows, param: param.clone(), points: points.clone() }
                    }
                }
            })
            .collect();
        let log_weights = weights.iter().map(|&w| libm::log(w)).collect();
        Mixture { weights, log_weights, dims }
    }

    /// One draw: a kernel by weight, then each coordinate from that kernel (discrete and
    /// categorical values at their bins' centres).
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        let j = pick(&self.weights, unit(rng));
        for (dim, x) in self.dims.iter().zip(out) {
            *x = match dim {
                Dim::Numeric { kernels, discrete, .. } => {
                    let (mu, sigma) = (kernels.mu[j], kernels.sigma[j]);
                    let a = (kernels.low - mu) / sigma;
                    let b = (kernels.high - mu) / sigma;
                    let u = (truncnorm::ppf(unit(rng), a, b) * sigma + mu).clamp(kernels.low, kernels.high);
                    // A NaN (a == b cannot happen: sigma > 0) would clamp to NaN; keep the mean.
                    let u = if u.is_nan() { mu } else { u };
                    match discrete {
                        Some(param) => centre(param, u),
                        None => u,
                    }
                }
                Dim::Categorical { rows, points, .. } => points[pick(&rows[j], unit(rng))],
            };
        }
    }

    /// `ln` of the mixture's density at each of `points` (a discrete coordinate's factor is its
    /// bin's mass): log-sum-exp over kernels.
    pub(crate) fn log_pdf(&self, points: &[Vec<f64>]) -> Vec<f64> {
        let kernels = self.weights.len();
        // table[c * kernels + j]: ln w_j + sum over coordinates of kernel j's log density at point c.
        let mut table: Vec<f64> = points.iter().flat_map(|_| self.log_weights.iter().copied()).collect();
        for (d, dim) in self.dims.iter().enumerate() {
            match dim {
                Dim::Numeric { kernels: k, log_mass, log_sigma, discrete: None } => {
                    for (c, point) in points.iter().enumerate() {
                        let row = &mut table[c * kernels..(c + 1) * kernels];
                        for (j, cell) in row.iter_mut().enumerate() {
                            let z = (point[d] - k.mu[j]) / k.sigma[j];
                            *cell += truncnorm::norm_logpdf(z) - log_mass[j] - log_sigma[j];
                        }
                    }
                }
                Dim::Numeric { kernels: k, log_mass, discrete: Some(param), .. } => {
                    // Candidates share few bins: each bin's masses once.
                    let mut bins: Vec<(f64, f64)> = Vec::new();
                    let mut masses: Vec<Vec<f64>> = Vec::new();
                    for (c, point) in points.iter().enumerate() {
                        let bin = param.unit_bin(point[d]).unwrap_or((0.0, 1.0));
                        let at = match bins.iter().position(|&b| b == bin) {
                            Some(at) => at,
                            None => {
                                bins.push(bin);
                                masses.push(
                                    (0..kernels)
                                        .map(|j| {
                                            let (mu, sigma) = (k.mu[j], k.sigma[j]);
                                            truncnorm::log_gauss_mass(
                                                (bin.0 - mu) / sigma,
                                                (bin.1 - mu) / sigma,
                                            ) - log_mass[j]
                                        })
                                        .collect(),
                                );
                                masses.len() - 1
                            }
                        };
                        let row = &mut table[c * kernels..(c + 1) * kernels];
                        row.iter_mut().zip(&masses[at]).for_each(|(cell, m)| *cell += m);
                    }
                }
                Dim::Categorical { rows, param, .. } => {
                    for (c, point) in points.iter().enumerate() {
                        let k = category(param, point[d]);
                        let row = &mut table[c * kernels..(c + 1) * kernels];
                        row.iter_mut().zip(rows).for_each(|(cell, r)| *cell += libm::log(r[k]));
                    }
                }
            }
        }
        table
            .chunks(kernels)
            .map(|row| {
                let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                // All kernels at zero density: -inf, not -inf - -inf.
                let max = if max == f64::NEG_INFINITY { 0.0 } else { max };
                libm::log(row.iter().map(|v| libm::exp(v - max)).sum::<f64>()) + max
            })
            .collect()
    }

    #[cfg(test)]
    pub(crate) fn weights(&self) -> &[f64] {
        &self.weights
    }

    #[cfg(test)]
    pub(crate) fn numeric_kernels(&self, d: usize) -> Option<&Numeric> {
        match &self.dims[d] {
            Dim::Numeric { kernels, .. } => Some(kernels),
            Dim::Categorical { .. } => None,
        }
    }

    #[cfg(test)]
    pub(crate) fn categorical_rows(&self, d: usize) -> Option<&[Vec<f64>]> {
        match &self.dims[d] {
            Dim::Categorical { rows, .. } => Some(rows),
            Dim::Numeric { .. } => None,
        }
    }
}

impl Dim {
    fn numeric(kernels: Numeric, discrete: Option<hp_core::Param>) -> Dim {
        let (low, high) = (kernels.low, kernels.high);
        let log_mass = kernels
            .mu
            .iter()
            .zip(&kernels.sigma)
            .map(|(&mu, &sigma)| truncnorm::log_gauss_mass((low - mu) / sigma, (high - mu) / sigma))
            .collect();
        let log_sigma = kernels.sigma.iter().map(|&s| libm::log(s)).collect();
        Dim::Numeric { kernels, log_mass, log_sigma, discrete }
    }
}

/// The category whose bin holds `u`.
pub(crate) fn category(param: &hp_core::Param, u: f64) -> usize {
    match param.from_unit(u) {
        Some(hp_core::Value::Choice(k)) => k,
        _ => 0,
    }
}

/// The point of the value whose bin holds `u`: its bin's centre, as `to_unit` places it.
pub(crate) fn centre(param: &hp_core::Param, u: f64) -> f64 {
    param.from_unit(u).and_then(|v| param.to_unit(v)).unwrap_or(u)
}

/// The first index whose cumulative probability reaches `q` (numpy's `sum(cumsum(p) < q)`, the
/// last cumulative taken as exactly 1).
fn pick(probabilities: &[f64], q: f64) -> usize {
    let last = probabilities.len() - 1;
    let mut cumulative = 0.0;
    for (k, p) in probabilities[..last].iter().enumerate() {
        cumulative += p;
        if cumulative >= q {
            return k;
        }
    }
    last
}

/// A uniform draw in `[0, 1)` from the top 53 bits.
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hp_core::{LinearScale, LinearStepScale, LogScale, SpaceBuilder};

    const NO_CLIP: Params = Params { prior_weight: 1.0, magic_clip: false, endpoints: false };

    fn close(got: &[f64], want: &[f64]) -> bool {
        got.len() == want.len()
            && got.iter().zip(want).all(|(g, w)| (g - w).abs() <= 1e-10 * w.abs().max(1.0))
    }

    /// Optuna's `test_init_parzen_estimator`: one observation at 1 of every kind, on Optuna's own
    /// (widened, logged) ranges.
    #[test]
    fn optunas_init_fixture_on_its_own_ranges() {
        let ln = libm::log;
        let cases = [
            ((1.0, 100.0), 1.0, [1.0, 50.5], [99.0, 99.0]),
            ((0.0, ln(100.0)), 0.0, [0.0, ln(100.0) / 2.0], [ln(100.0), ln(100.0)]),
            ((-0.5, 101.5), 1.0, [1.0, 50.5], [100.5, 102.0]),
            ((0.5, 100.5), 1.0, [1.0, 50.5], [99.5, 100.0]),
            ((ln(0.5), ln(100.5)), 0.0, [0.0, (ln(100.5) + ln(0.5)) / 2.0], [ln(100.5), ln(100.5) - ln(0.5)]),
        ];
        for ((low, high), x, mu, sigma) in cases {
            let k = numeric(&[x], low, high, NO_CLIP);
            assert!(close(&k.mu, &mu) && close(&k.sigma, &sigma), "{low} {high}: {k:?}");
        }
        let third = 1.0 / 3.0;
        let rows = categorical(&[1], &[third; 3], NO_CLIP);
        assert!(close(&rows.concat(), &[0.2, 0.6, 0.2, third, third, third]), "{rows:?}");
        let rows = categorical(&[1], &[0.25; 4], NO_CLIP);
        assert!(close(&rows.concat(), &[1.0 / 6.0, 0.5, 1.0 / 6.0, 1.0 / 6.0, 0.25, 0.25, 0.25, 0.25]));
    }

    /// The same fixture through hp's space on the unit cube: a linear float, a log float, a float
    /// grid of step 3 and an integer range on [1, 100], and choices of 3 and 4. Each kernel maps
    /// to the cube by the affine map of its (widened) range.
    #[test]
    fn optunas_init_fixture_mapped_to_the_cube() {
        let mut b = SpaceBuilder::new();
        b.scale("a".into(), "f64", &LinearScale::new(1.0, 100.0).unwrap());
        b.scale("b".into(), "f64", &LogScale::new(1.0, 100.0).unwrap());
        b.scale("c".into(), "f64", &LinearStepScale::new(1.0, 100.0, 3.0).unwrap());
        b.scale("d".into(), "u32", &LinearScale::new(1u32, 100).unwrap());
        b.choice("f".into(), "&str", &["x", "y", "z"]);
        b.choice("g".into(), "&str", &["0", "inf", "nan", "None"]);
        let space = b.finish();
        let axes: Vec<Axis> = space.coordinates().map(|p| crate::sampler::axis(p).unwrap()).collect();
        let point: Vec<f64> = space
            .coordinates()
            .map(|p| {
                let one = p.parse(if p.name() >= "f" { p.label(1).unwrap() } else { "1" }).unwrap();
                p.to_unit(one).unwrap()
            })
            .collect();
        let mixture = Mixture::new(&axes, &[point], NO_CLIP);
        assert!(close(mixture.weights(), &[0.5, 0.5]));
        let to_cube = |(low, high): (f64, f64), mu: [f64; 2], sigma: [f64; 2]| {
            (mu.map(|m| (m - low) / (high - low)), sigma.map(|s| s / (high - low)))
        };
        let ln = libm::log;
        let expected = [
            to_cube((1.0, 100.0), [1.0, 50.5], [99.0, 99.0]),
            to_cube((0.0, ln(100.0)), [0.0, ln(100.0) / 2.0], [ln(100.0), ln(100.0)]),
            to_cube((-0.5, 101.5), [1.0, 50.5], [100.5, 102.0]),
            to_cube((0.5, 100.5), [1.0, 50.5], [99.5, 100.0]),
        ];
        for (d, (mu, sigma)) in expected.iter().enumerate() {
            let k = mixture.numeric_kernels(d).unwrap();
            assert!(
                close(&k.mu, mu) && close(&k.sigma, sigma),
                "coordinate {d}: {k:?}, want {mu:?} {sigma:?}"
            );
        }
        let third = 1.0 / 3.0;
        assert!(close(&mixture.categorical_rows(4).unwrap().concat(), &[0.2, 0.6, 0.2, third, third, third]));
        let rows = mixture.categorical_rows(5).unwrap().concat();
        assert!(close(&rows, &[1.0 / 6.0, 0.5, 1.0 / 6.0, 1.0 / 6.0, 0.25, 0.25, 0.25, 0.25]));
    }

    /// Optuna's `test_calculate` cases on `FloatDistribution(-1, 1)`, on that range and mapped
    /// to the cube (`u = (x + 1) / 2`, widths halved).
    #[test]
    fn optunas_calculate_fixture_on_its_range_and_on_the_cube() {
        let third = 1.0 / 3.0;
        #[allow(clippy::type_complexity)]
        let cases: [(&[f64], bool, bool, &[f64], &[f64]); 7] = [
            (&[], false, true, &[1.0], &[2.0]),
            (&[0.4], false, true, &[0.5, 0.5], &[1.4, 2.0]),
            (&[-0.4], false, true, &[0.5, 0.5], &[1.4, 2.0]),
            (&[-0.3, 0.3], false, true, &[third; 3], &[0.7, 0.7, 2.0]),
            (&[-0.3, 0.3], false, false, &[third; 3], &[0.6, 0.6, 2.0]),
            (&[-0.4, 0.4, 0.41, 0.42], false, true, &[0.2; 5], &[0.8, 0.8, 0.01, 0.58, 2.0]),
            (&[-0.4, 0.4, 0.41, 0.42], true, true, &[0.2; 5], &[0.8, 0.8, third, 0.58, 2.0]),
        ];
        for (mus, magic_clip, endpoints, weights, sigmas) in cases {
            let params = Params { prior_weight: 1.0, magic_clip, endpoints };
            let k = numeric(mus, -1.0, 1.0, params);
            let mut want_mu = mus.to_vec();
            want_mu.push(0.0);
            assert!(close(&k.mu, &want_mu) && close(&k.sigma, sigmas), "{mus:?}: {k:?}");
            let unit: Vec<Vec<f64>> = mus.iter().map(|m| vec![(m + 1.0) / 2.0]).collect();
            let mixture = Mixture::new(&[Axis::Continuous], &unit, params);
            let k = mixture.numeric_kernels(0).unwrap();
            let want_mu: Vec<f64> = want_mu.iter().map(|m| (m + 1.0) / 2.0).collect();
            let want_sigma: Vec<f64> = sigmas.iter().map(|s| s / 2.0).collect();
            assert!(close(&k.mu, &want_mu) && close(&k.sigma, &want_sigma), "cube {mus:?}: {k:?}");
            assert!(close(mixture.weights(), weights), "{:?}", mixture.weights());
        }
    }

    #[test]
    fn default_weights_ramp_the_oldest_past_25() {
        assert_eq!(default_weights(3), [1.0; 3]);
        let w = default_weights(30);
        assert_eq!(w.len(), 30);
        // numpy: linspace(1/30, 1, 5) = [1/30, 0.275, 0.5166..., 0.758..., 1], then 25 ones.
        assert!(close(&w[..5], &[1.0 / 30.0, 0.275, 0.516_666_666_666_666_7, 0.758_333_333_333_333_4, 1.0]));
        assert!(w[5..].iter().all(|&x| x == 1.0));
    }

    /// A discrete value's probability is its kernel's mass over its bin: the masses of all values
    /// sum to 1 for every kernel, and candidates drawn land on bin centres.
    #[test]
    fn discrete_and_categorical_draws_sit_on_values_and_masses_sum_to_one() {
        let mut b = SpaceBuilder::new();
        b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
        b.scale("batch".into(), "u32", &LogScale::new(16u32, 1024).unwrap());
        b.choice("act".into(), "&str", &["relu", "tanh", "gelu"]);
        let space = b.finish();
        let axes: Vec<Axis> = space.coordinates().map(|p| crate::sampler::axis(p).unwrap()).collect();
        let obs: Vec<Vec<f64>> = [[3usize, 20, 1], [4, 700, 2], [3, 64, 1]]
            .iter()
            .map(|v| {
                let params: Vec<&hp_core::Param> = space.coordinates().collect();
                vec![
                    params[0].to_unit(hp_core::Value::Int(v[0] as i128)).unwrap(),
                    params[1].to_unit(hp_core::Value::Int(v[1] as i128)).unwrap(),
                    params[2].to_unit(hp_core::Value::Choice(v[2])).unwrap(),
                ]
            })
            .collect();
        let mixture = Mixture::new(&axes, &obs, Params::DEFAULT);
        // Every value of layers x every third batch size x every activation: the probabilities sum to 1.
        let params: Vec<&hp_core::Param> = space.coordinates().collect();
        let mut all = Vec::new();
        for l in 0..3u128 {
            for bsz in 0..(1024 - 16 + 1) {
                for a in 0..3u128 {
                    all.push(vec![
                        params[0].nth_unit(l).unwrap(),
                        params[1].nth_unit(bsz).unwrap(),
                        params[2].nth_unit(a).unwrap(),
                    ]);
                }
            }
        }
        let total: f64 = mixture.log_pdf(&all).iter().map(|lp| lp.exp()).sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        let mut rng = hp_core::strategy::Random::new(1, 0).trial_rng(0);
        let mut x = vec![0.0; 3];
        for _ in 0..2000 {
            mixture.sample(&mut rng, &mut x);
            for (p, &u) in params.iter().zip(&x) {
                assert_eq!(Some(u), p.from_unit(u).and_then(|v| p.to_unit(v)), "{} at {u}", p.name());
            }
        }
    }
}
