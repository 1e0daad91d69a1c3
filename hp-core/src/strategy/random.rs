use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use super::{Strategy, key, mix64, unit_f64};
use crate::Hyperparams;

/// Random search: trial `i` draws its coordinates from its own generator, seeded from `(seed, i)`.
///
/// The generator of trial `i` is [`Random::trial_rng`]: a `Xoshiro256PlusPlus` whose 256-bit state
/// is four SplitMix64 outputs of a key hashed from `(seed, i)`. Coordinate `d` is the top 53 bits
/// of its `d`-th output. Both are fixed algorithms, so trial `i` is the same on every platform,
/// from any thread and in any order; golden tests pin it.
///
/// ```
/// use hp_core::strategy::{Random, Strategy};
/// let s = Random::new(42, 2);
/// assert_eq!(s.len(), None); // endless
/// assert_eq!(s.point(5), s.point(5));
/// assert_ne!(s.point(5), s.point(6));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Random {
    seed: u64,
    dim: usize,
}

impl Random {
    /// Random points with `dim` coordinates.
    pub fn new(seed: u64, dim: usize) -> Self {
        Random { seed, dim }
    }

    /// Random points for config type `C`.
    ///
    /// ```
    /// # use hp_core::strategy::{Random, Strategy};
    /// assert_eq!(Random::for_config::<bool>(0).dim(), 1);
    /// ```
    pub fn for_config<C: Hyperparams>(seed: u64) -> Self {
        Random::new(seed, C::DIM)
    }

    /// The generator of trial `i`, for sampling a config with
    /// [`Hyperparams::sample_with`] instead of through the unit cube.
    ///
    /// ```
    /// use hp_core::{Hyperparams, strategy::Random};
    /// let s = Random::new(42, 1);
    /// assert_eq!(bool::sample_with(&mut s.trial_rng(3)), bool::sample_with(&mut s.trial_rng(3)));
    /// ```
    pub fn trial_rng(&self, i: u64) -> Xoshiro256PlusPlus {
        let k = key(self.seed, i);
        let mut seed = [0u8; 32];
        for (j, chunk) in seed.chunks_exact_mut(8).enumerate() {
            chunk.copy_from_slice(&mix64(k.wrapping_add(j as u64 + 1)).to_le_bytes());
        }
        Xoshiro256PlusPlus::from_seed(seed)
    }
}

impl Strategy for Random {
    fn dim(&self) -> usize {
        self.dim
    }

    fn len(&self) -> Option<u64> {
        None
    }

    fn point_into(&self, i: u64, out: &mut [f64]) -> bool {
        assert_eq!(out.len(), self.dim, "point_into needs a buffer of dim() coordinates");
        let mut rng = self.trial_rng(i);
        for u in out {
            *u = unit_f64(rand::Rng::next_u64(&mut rng));
        }
        true
    }
}
