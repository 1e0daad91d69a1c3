use super::StrategyError;
use super::{Strategy, key, unit_f64};
use crate::Hyperparams;

/// Latin hypercube sampling for a budget of `n` points: each axis is cut into `n` equal bins and
/// every bin of every axis holds exactly one point.
///
/// Point `i`'s bin on axis `d` is a pseudo-random permutation of `0..n` evaluated at `i`
/// (Kensler's hash-based permutation with cycle walking), and its position inside the bin is a hash
/// of `(seed, d, i)`: `O(dim)` per point, nothing materialized.
///
/// ```
/// use hp_core::strategy::{LatinHypercube, Strategy};
/// let lhs = LatinHypercube::new(3, 2, 10).unwrap();
/// let mut bins: Vec<u64> = (0..10).map(|i| (lhs.point(i).unwrap()[1] * 10.0) as u64).collect();
/// bins.sort();
/// assert_eq!(bins, (0..10).collect::<Vec<_>>());
/// assert_eq!(lhs.point(10), None); // the budget is n points
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LatinHypercube {
    seed: u64,
    dim: usize,
    n: u32,
}

impl LatinHypercube {
    /// `n` points with `dim` coordinates.
    ///
    /// # Errors
    /// [`StrategyError::EmptyBudget`] if `n == 0`; [`StrategyError::TooManyPoints`] if `n >= 2^32`.
    pub fn new(seed: u64, dim: usize, n: u64) -> Result<Self, StrategyError> {
        if n == 0 {
            return Err(StrategyError::EmptyBudget);
        }
        let n = u32::try_from(n).map_err(|_| StrategyError::TooManyPoints)?;
        Ok(LatinHypercube { seed, dim, n })
    }

    /// `n` points for config type `C`.
    ///
    /// # Errors
    /// As [`LatinHypercube::new`].
    pub fn for_config<C: Hyperparams>(seed: u64, n: u64) -> Result<Self, StrategyError> {
        LatinHypercube::new(seed, C::DIM, n)
    }
}

/// Kensler's "Correlated Multi-Jittered Sampling" (2013) permutation: a bijection of `0..l`
/// chosen by `p`. Each step is invertible on the bits under the mask, and values that land
/// outside `0..l` walk the cycle again, so the result is a permutation of `0..l`.
fn permute(mut i: u32, l: u32, p: u32) -> u32 {
    let mut w = l - 1;
    w |= w >> 1;
    w |= w >> 2;
    w |= w >> 4;
    w |= w >> 8;
    w |= w >> 16;
    loop {
        i ^= p;
        i = i.wrapping_mul(0xe170_893d);
        i ^= p >> 16;
        i ^= (i & w) >> 4;
        i ^= p >> 8;
        i = i.wrapping_mul(0x0929_eb3f);
        i ^= p >> 23;
        i ^= (i & w) >> 1;
        i = i.wrapping_mul(1 | p >> 27);
        i = i.wrapping_mul(0x6935_fa69);
        i ^= (i & w) >> 11;
        i = i.wrapping_mul(0x74dc_b303);
        i ^= (i & w) >> 2;
        i = i.wrapping_mul(0x9e50_1cc3);
        i ^= (i & w) >> 2;
        i = i.wrapping_mul(0xc860_a3df);
        i &= w;
        i ^= i >> 5;
        if i < l {
            break;
        }
    }
    // The rotation by p (mod l) is a bijection too.
    ((i as u64 + p as u64) % l as u64) as u32
}

impl Strategy for LatinHypercube {
    fn dim(&self) -> usize {
        self.dim
    }

    fn len(&self) -> Option<u64> {
        Some(self.n as u64)
    }

    fn point_into(&self, i: u64, out: &mut [f64]) -> bool {
        assert_eq!(out.len(), self.dim, "point_into needs a buffer of dim() coordinates");
        if i >= self.n as u64 {
            return false;
        }
        let n = self.n as f64;
        for (d, u) in out.iter_mut().enumerate() {
            let axis = key(self.seed, d as u64);
            let bin = permute(i as u32, self.n, axis as u32) as f64;
            // Keep the jitter off the bin's edges so rounding cannot carry a point into a neighbour.
            let jitter = 0.001 + 0.998 * unit_f64(key(axis, i));
            *u = (bin + jitter) / n;
        }
        true
    }
}
