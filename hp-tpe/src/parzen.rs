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

/// `f64::total_cmp`'s order as an unsigned integer key, which sorts faster than the comparison.
pub(crate) fn order_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | (1 << 63) }
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
    /// The observations' kernels by mean, equal means in trial order (the prior not among them).
    pub(crate) by_value: Vec<u32>,
}

/// Optuna's `_calculate_numerical_distributions` on `[low, high]`: each kernel as wide as the
/// larger gap to its sorted neighbours (the bounds as sentinels; without `endpoints`, the outermost
/// kernels use only their inner gap), clipped to `[(high - low) / min(100, n + 2), high - low]`
/// with the magic clip; the prior at the centre, as wide as the range.
pub(crate) fn numeric(observations: &[f64], low: f64, high: f64, params: Params) -> Numeric {
    let n = observations.len();
    // Equal observations get different widths by their order (the first of a run has the gap
    // before it, the last the gap after it). numpy's argsort breaks such ties by its quicksort's
    // internals; hp breaks them by trial order, so that no sort algorithm's details (which may
    // change between Rust releases) decide a proposal.
    let by_value = sorted_indices(observations);
    let x = |rank: usize| observations[by_value[rank] as usize];
    let max_sigma = high - low;
    let min_sigma = if params.magic_clip { (high - low) / 100f64.min(1.0 + (n + 1) as f64) } else { 1e-12 };
    let mut sigma = vec![0.0; n + 1];
    for rank in 0..n {
        let width = if !params.endpoints && n >= 2 && rank == 0 {
            x(1) - x(0)
        } else if !params.endpoints && n >= 2 && rank == n - 1 {
            x(n - 1) - x(n - 2)
        } else {
            let before = if rank == 0 { low } else { x(rank - 1) };
            let after = if rank == n - 1 { high } else { x(rank + 1) };
            (x(rank) - before).max(after - x(rank))
        };
        sigma[by_value[rank] as usize] = width.clamp(min_sigma, max_sigma);
    }
    sigma[n] = high - low;
    let mut mu = Vec::with_capacity(n + 1);
    mu.extend_from_slice(observations);
    mu.push(0.5 * (low + high));
    Numeric { mu, sigma, low, high, by_value }
}

/// The indices of `values` in `f64::total_cmp`'s order, equal values in index order.
///
/// A bucket sort: values go to one of `n` buckets by where they lie between the smallest and
/// largest (a monotone map, so buckets are in order), in index order; then each bucket is sorted
/// by insertion, which keeps equal values in index order. Spread values (the unit cube's) leave
/// about one per bucket, so this is linear where a comparison sort costs `n log n`; a bucket of
/// more than 32 falls back to a comparison sort of (value, index) as one integer, so that values
/// piled in one place cost no more than that.
pub(crate) fn sorted_indices(values: &[f64]) -> Vec<u32> {
    let n = values.len();
    let keys: Vec<u64> = values.iter().map(|&x| order_key(x)).collect();
    let by_key = |indices: &mut [u32]| {
        let mut pairs: Vec<u128> =
            indices.iter().map(|&j| (u128::from(keys[j as usize]) << 32) | u128::from(j)).collect();
        pairs.sort_unstable();
        indices.iter_mut().zip(pairs).for_each(|(j, pair)| *j = pair as u32);
    };
    let (low, high) = values
        .iter()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| (l.min(x), h.max(x)));
    if n < 64 || high <= low {
        let mut indices: Vec<u32> = (0..n as u32).collect();
        by_key(&mut indices);
        return indices;
    }
    // NaNs and infinities go to the end their order puts them at; the cast saturates.
    let scale = n as f64 / (high - low);
    let bucket = |x: f64| -> usize {
        if x.is_nan() {
            if x.is_sign_negative() { 0 } else { n - 1 }
        } else {
            (((x - low) * scale) as usize).min(n - 1)
        }
    };
    let buckets: Vec<u32> = values.iter().map(|&x| bucket(x) as u32).collect();
    let mut start = vec![0u32; n + 1];
    buckets.iter().for_each(|&b| start[b as usize + 1] += 1);
    for b in 0..n {
        start[b + 1] += start[b];
    }
    let mut next = start.clone();
    let mut indices = vec![0u32; n];
    for (j, &b) in (0u32..).zip(&buckets) {
        let slot = &mut next[b as usize];
        indices[*slot as usize] = j;
        *slot += 1;
    }
    for b in 0..n {
        let bucket = &mut indices[start[b] as usize..start[b + 1] as usize];
        if bucket.len() > 32 {
            by_key(bucket);
            continue;
        }
        for k in 1..bucket.len() {
            let j = bucket[k];
            let key = keys[j as usize];
            let mut at = k;
            while at > 0 && keys[bucket[at - 1] as usize] > key {
                bucket[at] = bucket[at - 1];
                at -= 1;
            }
            bucket[at] = j;
        }
    }
    indices
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
        /// `1 / sigma`, and `ln` of the density's normalizer: the kernel's mass on `[low, high]`
        /// times `sigma sqrt(2 pi)`.
        inv_sigma: Vec<f64>,
        log_normalizer: Vec<f64>,
        /// `ln` of each kernel's mass on `[low, high]`.
        log_mass: Vec<f64>,
        discrete: Option<Discrete>,
    },
    Categorical {
        rows: Vec<Vec<f64>>,
        /// `log_p[k][j]`: `ln rows[j][k]`, by category so that one category's terms are a slice.
        log_p: Vec<Vec<f64>>,
        param: hp_core::Param,
        points: Vec<f64>,
    },
}

/// A discrete coordinate's bins, and its kernels without repeats: many observations of an integer
/// share a value and a width, and a bin's mass is worked out once per distinct kernel.
#[derive(Clone, Debug)]
struct Discrete {
    param: hp_core::Param,
    /// The distinct `(mu, sigma)` pairs, and each kernel's index among them.
    distinct: Vec<(f64, f64)>,
    of_kernel: Vec<u32>,
    /// `ln sigma` of each distinct kernel.
    ln_sigma: Vec<f64>,
}

/// A mixture of product kernels over some coordinates.
#[derive(Clone, Debug)]
pub(crate) struct Mixture {
    weights: Vec<f64>,
    log_weights: Vec<f64>,
    dims: Vec<Dim>,
}

impl Mixture {
    /// The estimator of the observations whose values on `axes[d]` are `columns[d]` (in trial
    /// order), with weights `default_weights(n)` and the prior's.
    pub(crate) fn new(axes: &[Axis], columns: &[Vec<f64>], params: Params) -> Mixture {
        let n = columns.first().map_or(0, Vec::len);
        let mut weights = default_weights(n);
        if n == 0 {
            weights = vec![1.0];
        } else {
            weights.push(params.prior_weight);
        }
        let total: f64 = weights.iter().sum();
        weights.iter_mut().for_each(|w| *w /= total);
        let dims: Vec<Dim> = axes
            .iter()
            .enumerate()
            .map(|(d, axis)| {
                let column = &columns[d];
                match axis {
                    Axis::Continuous => Dim::numeric(numeric(column, 0.0, 1.0, params), None),
                    Axis::Discrete { param } => Dim::numeric(numeric(column, 0.0, 1.0, params), Some(param)),
                    Axis::Categorical { param, prior, points } => {
                        let observed: Vec<usize> = column.iter().map(|&u| category(param, u)).collect();
                        let rows = categorical(&observed, prior, params);
                        let log_p = (0..prior.len())
                            .map(|k| rows.iter().map(|r| libm::log(r[k])).collect())
                            .collect();
                        Dim::Categorical { rows, log_p, param: param.clone(), points: points.clone() }
                    }
                }
            })
            .collect();
        let log_weights: Vec<f64> = weights.iter().map(|&w| libm::log(w)).collect();
        Mixture { weights, log_weights, dims }
    }

    /// One draw: a kernel by weight, then each coordinate from that kernel (discrete and
    /// categorical values at their bins' centres).
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        let j = pick(&self.weights, unit(rng));
        for (dim, x) in self.dims.iter().zip(out) {
            *x = match dim {
                Dim::Numeric { kernels, discrete, log_mass, .. } => {
                    let (mu, sigma) = (kernels.mu[j], kernels.sigma[j]);
                    let a = (kernels.low - mu) / sigma;
                    let b = (kernels.high - mu) / sigma;
                    let q = truncnorm::sample(unit(rng), a, b, log_mass[j]);
                    let u = (q * sigma + mu).clamp(kernels.low, kernels.high);
                    // A NaN (a == b cannot happen: sigma > 0) would clamp to NaN; keep the mean.
                    let u = if u.is_nan() { mu } else { u };
                    match discrete {
                        Some(discrete) => centre(&discrete.param, u),
                        None => u,
                    }
                }
                Dim::Categorical { rows, points, .. } => points[pick(&rows[j], unit(rng))],
            };
        }
    }

    /// `ln` of the mixture's density at each of `points` (a discrete coordinate's factor is its
    /// bin's mass): log-sum-exp over the kernels within `e^40` of the largest (the others together
    /// are at most `n e^-40`, 4e-15 for 1,000 trials, relative to the sum, and are left out).
    ///
    /// A discrete coordinate's bin mass costs two `log_ndtr`s, so it is worked out only for the
    /// kernels that can count: a discrete term is at most 0, so the other terms' sum bounds a
    /// kernel's total; the largest such sum's exact total, less 40, is a floor; a kernel below it,
    /// or whose bound from the bins (each bin's width times the kernel's density at the bin's
    /// nearest point) is below it, is left out, as the sum would leave it out. Every kernel that
    /// counts is summed exactly and in kernel order, so the result is the sum over all kernels.
    pub(crate) fn log_pdf(&self, points: &[Vec<f64>]) -> Vec<f64> {
        let kernels = self.weights.len();
        let mut discrete: Vec<DiscreteScores<'_>> = self
            .dims
            .iter()
            .enumerate()
            .filter_map(|(d, dim)| match dim {
                Dim::Numeric { discrete: Some(discrete), log_mass, .. } => {
                    Some(DiscreteScores::new(discrete, log_mass, points, d))
                }
                _ => None,
            })
            .collect();
        let mut row = vec![0.0; kernels];
        let mut live: Vec<usize> = Vec::with_capacity(kernels);
        let mut out = Vec::with_capacity(points.len());
        for (c, point) in points.iter().enumerate() {
            // row[j]: ln w_j plus kernel j's continuous and categorical terms.
            row.copy_from_slice(&self.log_weights);
            for (dim, &x) in self.dims.iter().zip(point) {
                if let Some(term) = self.terms(dim, x) {
                    term.add_all(&mut row);
                }
            }
            live.clear();
            if discrete.is_empty() {
                live.extend(0..kernels);
            } else {
                // A discrete term is at most 0, so row[j] bounds kernel j's total. The best row's
                // exact total less 40 is a floor that a kernel must reach to count; those that may
                // get their bound from the bins, and then their exact totals if that reaches it.
                let exact = |row: &mut [f64], discrete: &mut [DiscreteScores<'_>], j: usize| {
                    row[j] += discrete.iter_mut().map(|s| s.exact(c, j)).sum::<f64>();
                    row[j]
                };
                let best = (0..kernels).fold(0, |b, j| if row[j] > row[b] { j } else { b });
                let mut floor = exact(&mut row, &mut discrete, best) - CUT;
                for j in 0..kernels {
                    if j == best {
                        live.push(j);
                    } else if row[j] >= floor {
                        let bound = row[j] + discrete.iter().map(|s| s.bound(c, j)).sum::<f64>();
                        if bound >= floor {
                            floor = floor.max(exact(&mut row, &mut discrete, j) - CUT);
                            live.push(j);
                        }
                    }
                }
            }
            let max = live.iter().map(|&j| row[j]).fold(f64::NEG_INFINITY, f64::max);
            // All kernels at zero density: -inf, not -inf - -inf.
            let max = if max == f64::NEG_INFINITY { 0.0 } else { max };
            let sum: f64 = live.iter().map(|&j| row[j] - max).filter(|&x| x > -40.0).map(libm::exp).sum();
            out.push(libm::log(sum) + max);
        }
        out
    }

    /// Coordinate `dim`'s terms at `x`, unless it is discrete (whose terms come last).
    fn terms<'a>(&'a self, dim: &'a Dim, x: f64) -> Option<Terms<'a>> {
        match dim {
            Dim::Numeric { kernels, inv_sigma, log_normalizer, discrete: None, .. } => {
                Some(Terms::Gauss { x, mu: &kernels.mu, inv_sigma, log_normalizer })
            }
            Dim::Numeric { discrete: Some(_), .. } => None,
            Dim::Categorical { log_p, param, .. } => Some(Terms::Category(&log_p[category(param, x)])),
        }
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

/// How far below the largest total found a kernel's upper bound must be for it to be dropped: the
/// sum's 40 and a thousandth, far more than the rounding of any bound, so that no kernel the sum
/// keeps is dropped.
const CUT: f64 = 40.001;

/// One coordinate's terms at a point: kernel `j`'s log density (a continuous coordinate) or log
/// probability (a categorical one).
enum Terms<'a> {
    /// The truncated normal's log density: `-z^2/2 - ln(sigma sqrt(2 pi) mass)`.
    Gauss { x: f64, mu: &'a [f64], inv_sigma: &'a [f64], log_normalizer: &'a [f64] },
    /// Each kernel's log probability of the point's category.
    Category(&'a [f64]),
}

impl Terms<'_> {
    /// Every kernel's term added to `row`: zipped, not indexed, so the loop vectorizes.
    fn add_all(&self, row: &mut [f64]) {
        match *self {
            Terms::Gauss { x, mu, inv_sigma, log_normalizer } => {
                for (cell, ((&m, &inv), &norm)) in
                    row.iter_mut().zip(mu.iter().zip(inv_sigma).zip(log_normalizer))
                {
                    *cell += gauss(x, m, inv, norm);
                }
            }
            Terms::Category(log_p) => row.iter_mut().zip(log_p).for_each(|(cell, p)| *cell += p),
        }
    }
}

/// The one formula of a continuous term, so that every path adds the same bits.
#[inline(always)]
fn gauss(x: f64, mu: f64, inv_sigma: f64, log_normalizer: f64) -> f64 {
    let z = (x - mu) * inv_sigma;
    -0.5 * z * z - log_normalizer
}

impl Dim {
    fn numeric(kernels: Numeric, discrete: Option<&hp_core::Param>) -> Dim {
        let (low, high) = (kernels.low, kernels.high);
        let mass = |mu: f64, sigma: f64| truncnorm::log_gauss_mass((low - mu) / sigma, (high - mu) / sigma);
        let discrete = discrete.map(|param| {
            // Equal means are next to each other by value; within a run of them, the few
            // distinct widths (the run's first and last have their own gaps, the others the
            // clip's minimum) are found by a short search. The prior is a kernel of its own.
            let mut distinct: Vec<(f64, f64)> = Vec::new();
            let mut of_kernel = vec![0u32; kernels.mu.len()];
            let mut run = 0;
            for &j in &kernels.by_value {
                let (m, s) = (kernels.mu[j as usize], kernels.sigma[j as usize]);
                if distinct.get(run).is_some_and(|&(first, _)| order_key(first) != order_key(m)) {
                    run = distinct.len();
                }
                let same =
                    |&(dm, ds): &(f64, f64)| order_key(dm) == order_key(m) && order_key(ds) == order_key(s);
                let u = match distinct[run..].iter().position(same) {
                    Some(u) => run + u,
                    None => {
                        distinct.push((m, s));
                        distinct.len() - 1
                    }
                };
                of_kernel[j as usize] = u as u32;
            }
            let prior = kernels.mu.len() - 1;
            distinct.push((kernels.mu[prior], kernels.sigma[prior]));
            of_kernel[prior] = (distinct.len() - 1) as u32;
            let ln_sigma = distinct.iter().map(|&(_, s)| libm::log(s)).collect();
            Discrete { param: param.clone(), distinct, of_kernel, ln_sigma }
        });
        let log_mass: Vec<f64> = match &discrete {
            Some(d) => {
                let distinct: Vec<f64> = d.distinct.iter().map(|&(m, s)| mass(m, s)).collect();
                d.of_kernel.iter().map(|&u| distinct[u as usize]).collect()
            }
            None => kernels.mu.iter().zip(&kernels.sigma).map(|(&m, &s)| mass(m, s)).collect(),
        };
        let inv_sigma = kernels.sigma.iter().map(|&s| 1.0 / s).collect();
        // Only continuous coordinates use densities (a discrete one's terms are masses).
        let log_normalizer = match discrete {
            Some(_) => Vec::new(),
            None => {
                // Past 100 trials most widths are the clip's minimum: one log for a run of them.
                let mut last = (f64::NAN, f64::NAN);
                let mut ln = |s: f64| {
                    if s != last.0 {
                        last = (s, libm::log(s));
                    }
                    last.1
                };
                kernels
                    .sigma
                    .iter()
                    .zip(&log_mass)
                    .map(|(&s, m)| m + ln(s) + truncnorm::LN_SQRT_2PI)
                    .collect()
            }
        };
        Dim::Numeric { kernels, inv_sigma, log_normalizer, log_mass, discrete }
    }
}

/// A discrete coordinate's log bin masses at a set of points, per distinct kernel (over its
/// normalizer): bounds at once, exact values on demand, each worked out once per bin.
struct DiscreteScores<'a> {
    discrete: &'a Discrete,
    /// `ln` of each distinct kernel's mass on the whole range.
    log_mass: Vec<f64>,
    /// Each point's bin, as an index into `bins`.
    bin_of_point: Vec<usize>,
    /// Each bin's ends, and `ln` of its width over `sqrt(2 pi)`.
    bins: Vec<(f64, f64, f64)>,
    /// `exact[b * distinct + u]`: distinct kernel `u`'s exact term in bin `b`; NaN until asked.
    exact: Vec<f64>,
}

impl<'a> DiscreteScores<'a> {
    fn new(discrete: &'a Discrete, log_mass: &[f64], points: &[Vec<f64>], d: usize) -> Self {
        let mut bins: Vec<(f64, f64, f64)> = Vec::new();
        let bin_of_point = points
            .iter()
            .map(|p| {
                let (s, e) = discrete.param.unit_bin(p[d]).unwrap_or((0.0, 1.0));
                bins.iter().position(|&(bs, be, _)| (bs, be) == (s, e)).unwrap_or_else(|| {
                    bins.push((s, e, libm::log(e - s) - truncnorm::LN_SQRT_2PI));
                    bins.len() - 1
                })
            })
            .collect();
        let mut distinct_mass = vec![0.0; discrete.distinct.len()];
        for (&u, &m) in discrete.of_kernel.iter().zip(log_mass) {
            distinct_mass[u as usize] = m;
        }
        let exact = vec![f64::NAN; bins.len() * discrete.distinct.len()];
        DiscreteScores { discrete, log_mass: distinct_mass, bin_of_point, bins, exact }
    }

    /// An upper bound of kernel `j`'s term at point `c`: a kernel's mass over a bin is at most the
    /// bin's width times its density at the bin's nearest point, and at most its mass on the
    /// whole range.
    fn bound(&self, c: usize, j: usize) -> f64 {
        let (s, e, ln_width) = self.bins[self.bin_of_point[c]];
        let u = self.discrete.of_kernel[j] as usize;
        let (mu, sigma) = self.discrete.distinct[u];
        let z = if mu < s {
            (s - mu) / sigma
        } else if mu > e {
            (mu - e) / sigma
        } else {
            0.0
        };
        let m = self.log_mass[u];
        (ln_width - self.discrete.ln_sigma[u] - 0.5 * z * z).min(m) - m
    }

    /// Kernel `j`'s exact term at point `c`: its mass over the bin, over its normalizer.
    fn exact(&mut self, c: usize, j: usize) -> f64 {
        let b = self.bin_of_point[c];
        let u = self.discrete.of_kernel[j] as usize;
        let slot = &mut self.exact[b * self.discrete.distinct.len() + u];
        if slot.is_nan() {
            let (s, e, _) = self.bins[b];
            let (mu, sigma) = self.discrete.distinct[u];
            *slot = truncnorm::log_bin_mass((s - mu) / sigma, (e - mu) / sigma) - self.log_mass[u];
        }
        *slot
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
        let columns: Vec<Vec<f64>> = point.iter().map(|&u| vec![u]).collect();
        let mixture = Mixture::new(&axes, &columns, NO_CLIP);
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
            let unit: Vec<f64> = mus.iter().map(|m| (m + 1.0) / 2.0).collect();
            let mixture = Mixture::new(&[Axis::Continuous], &[unit], params);
            let k = mixture.numeric_kernels(0).unwrap();
            let want_mu: Vec<f64> = want_mu.iter().map(|m| (m + 1.0) / 2.0).collect();
            let want_sigma: Vec<f64> = sigmas.iter().map(|s| s / 2.0).collect();
            assert!(close(&k.mu, &want_mu) && close(&k.sigma, &want_sigma), "cube {mus:?}: {k:?}");
            assert!(close(mixture.weights(), weights), "{:?}", mixture.weights());
        }
    }

    /// A generator of test values: spread, piled up, repeated, and the awkward ones.
    fn awkward_values(seed: u64, n: usize) -> Vec<f64> {
        let mut rng = hp_core::strategy::Random::new(seed, 0).trial_rng(n as u64);
        let special = [f64::NAN, -f64::NAN, 0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1.0, 5e-324];
        let shape = seed % 4;
        (0..n)
            .map(|k| {
                let u = unit(&mut rng);
                match shape {
                    0 => u,
                    1 => 0.5 + (u - 0.5) * 1e-9,  // piled up in one bucket
                    2 => (u * 3.0).floor() / 3.0, // few distinct values
                    _ if k % 7 == 0 => special[k % special.len()],
                    _ => u * 2.0 - 1.0,
                }
            })
            .collect()
    }

    /// The bucket sort orders exactly as a sort by (`total_cmp`, index) does, for every kind of
    /// input: a different order would change kernel widths, so proposals.
    #[test]
    fn sorted_indices_is_the_stable_total_order() {
        for seed in 0..400 {
            for n in [0, 1, 2, 63, 64, 65, 200, 1000] {
                let values = awkward_values(seed, n);
                let mut want: Vec<u32> = (0..n as u32).collect();
                want.sort_by(|&a, &b| values[a as usize].total_cmp(&values[b as usize]));
                assert_eq!(sorted_indices(&values), want, "seed {seed}, n {n}: {values:?}");
            }
        }
    }

    /// `log_pdf` leaves kernels out and takes short cuts: over many histories and points of a
    /// space with every axis kind, it equals the plain log-sum-exp over every kernel, each term
    /// worked out the long way.
    #[test]
    fn log_pdf_is_the_sum_over_all_kernels() {
        let mut b = SpaceBuilder::new();
        b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
        b.scale("units".into(), "u32", &LinearScale::new(50u32, 100).unwrap());
        b.choice("act".into(), "&str", &["relu", "tanh", "gelu"]);
        b.scale("drop".into(), "f64", &LinearScale::new(0.0, 0.5).unwrap());
        b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
        let space = b.finish();
        let params: Vec<&hp_core::Param> = space.coordinates().collect();
        let axes: Vec<Axis> = params.iter().map(|p| crate::sampler::axis(p).unwrap()).collect();
        let snap = |u: Vec<f64>| -> Vec<f64> {
            u.iter().zip(&params).map(|(&x, p)| p.from_unit(x).and_then(|v| p.to_unit(v)).unwrap()).collect()
        };
        let mut rng = hp_core::strategy::Random::new(3, 0).trial_rng(0);
        let mut worst = 0.0f64;
        for n in [0, 1, 5, 30, 200, 600] {
            // Trials piled near one point, as a late TPE history is, and spread ones.
            let trials: Vec<Vec<f64>> = (0..n)
                .map(|k| {
                    let u: Vec<f64> = (0..5)
                        .map(|_| if k % 3 == 0 { unit(&mut rng) } else { 0.3 + 0.02 * unit(&mut rng) })
                        .collect();
                    snap(u)
                })
                .collect();
            let columns: Vec<Vec<f64>> = (0..5).map(|d| trials.iter().map(|t| t[d]).collect()).collect();
            let mixture = Mixture::new(&axes, &columns, Params::DEFAULT);
            let points: Vec<Vec<f64>> = (0..40)
                .map(|_| {
                    let mut x = vec![0.0; 5];
                    mixture.sample(&mut rng, &mut x);
                    x
                })
                .collect();
            let got = mixture.log_pdf(&points);
            for (point, got) in points.iter().zip(got) {
                let totals: Vec<f64> = (0..mixture.weights.len())
                    .map(|j| {
                        let mut total = libm::log(mixture.weights[j]);
                        for ((dim, &x), p) in mixture.dims.iter().zip(point).zip(&params) {
                            total += match dim {
                                Dim::Numeric { kernels: k, discrete: None, .. } => {
                                    let (mu, sigma) = (k.mu[j], k.sigma[j]);
                                    let z = (x - mu) / sigma;
                                    let mass = truncnorm::log_gauss_mass(-mu / sigma, (1.0 - mu) / sigma);
                                    -0.5 * z * z - libm::log(sigma) - truncnorm::LN_SQRT_2PI - mass
                                }
                                Dim::Numeric { kernels: k, discrete: Some(_), .. } => {
                                    let (mu, sigma) = (k.mu[j], k.sigma[j]);
                                    let (s, e) = p.unit_bin(x).unwrap();
                                    let mass = truncnorm::log_gauss_mass(-mu / sigma, (1.0 - mu) / sigma);
                                    truncnorm::log_gauss_mass((s - mu) / sigma, (e - mu) / sigma) - mass
                                }
                                Dim::Categorical { rows, param, .. } => {
                                    libm::log(rows[j][category(param, x)])
                                }
                            };
                        }
                        total
                    })
                    .collect();
                let max = totals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let want = libm::log(totals.iter().map(|t| libm::exp(t - max)).sum::<f64>()) + max;
                let error = (got - want).abs() / want.abs().max(1.0);
                worst = worst.max(error);
                assert!(error < 1e-12, "n {n}, {point:?}: {got} against {want}");
            }
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
        let columns: Vec<Vec<f64>> = (0..3).map(|d| obs.iter().map(|o| o[d]).collect()).collect();
        let mixture = Mixture::new(&axes, &columns, Params::DEFAULT);
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
