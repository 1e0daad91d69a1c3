//! Search strategies: sequences of points in the unit cube `[0, 1]^dim`.
//!
//! A strategy never sees a scale: it yields unit-cube points, and
//! [`Hyperparams::from_unit`](crate::Hyperparams::from_unit) maps each through the fields' scales,
//! so a log-scaled learning rate is log-spaced on a grid, stratified per decade by Sobol and so on.
//! Point `i` is computed directly from `(seed, i)` in `O(dim)` time, independent of every other
//! point, of thread count and of order: trials can be handed out to any number of workers.
//!
//! ```
//! use hp_core::Hyperparams;
//! use hp_core::strategy::{Grid, Random, Sobol, Strategy};
//!
//! // bool stands in for a derived config type here.
//! let random = Random::for_config::<bool>(42);
//! let first: bool = random.config(0).unwrap();
//! assert_eq!(random.config::<bool>(0), Some(first)); // trial 0 is always the same
//!
//! let grid = Grid::for_config::<bool>(5).unwrap();
//! assert_eq!(grid.len(), Some(2)); // a bool axis takes both values
//! assert_eq!(grid.configs::<bool>().collect::<Vec<_>>(), [false, true]);
//!
//! let sobol = Sobol::for_config::<bool>(7).unwrap();
//! let heads = (0..64).filter(|&i| sobol.config::<bool>(i).unwrap()).count();
//! assert_eq!(heads, 32); // exactly balanced in each block of 2^m points
//! ```

mod error;
mod grid;
mod lhs;
mod random;
mod sobol;
mod zoom;

pub use error::StrategyError;
pub use grid::Grid;
pub use lhs::LatinHypercube;
pub use random::Random;
pub use sobol::Sobol;
pub use zoom::{Region, Zoom};

use crate::Hyperparams;

/// A sequence of points in the unit cube, indexable in `O(dim)`.
///
/// ```
/// use hp_core::strategy::{Random, Strategy};
/// let s = Random::new(1, 3);
/// let p = s.point(10).unwrap();
/// assert_eq!(p.len(), 3);
/// assert!(p.iter().all(|u| (0.0..1.0).contains(u)));
/// ```
pub trait Strategy {
    /// The number of coordinates of each point.
    ///
    /// ```
    /// use hp_core::strategy::{Grid, Random, Strategy};
    /// assert_eq!(Random::new(1, 3).dim(), 3);
    /// assert_eq!(Grid::for_config::<bool>(5).unwrap().dim(), 1); // one coordinate per searched field
    /// assert_eq!(Random::new(1, 3).point(0).unwrap().len(), 3);
    /// ```
    fn dim(&self) -> usize;

    /// The number of points, or `None` for an endless sequence.
    ///
    /// ```
    /// use hp_core::strategy::{Grid, LatinHypercube, Random, Strategy};
    /// assert_eq!(Random::new(1, 3).len(), None); // endless
    /// assert_eq!(LatinHypercube::new(1, 3, 20).unwrap().len(), Some(20)); // its budget
    /// assert_eq!(Grid::from_axes(&[Some(2), None], 3).unwrap().len(), Some(6)); // 2 values × 3 points
    /// ```
    fn len(&self) -> Option<u64>;

    /// Writes point `i` into `out` and returns `true`, or returns `false` if `i` is past the end.
    ///
    /// ```
    /// use hp_core::strategy::{Grid, Strategy};
    /// let grid = Grid::from_axes(&[Some(2), Some(2)], 2).unwrap(); // two coins: four points
    /// let mut out = [0.0; 2];
    /// assert!(grid.point_into(3, &mut out));
    /// assert_eq!(out, [0.75, 0.75]); // both coins' second value, at the centres of their bins
    /// assert!(!grid.point_into(4, &mut out)); // past the end
    /// ```
    ///
    /// # Panics
    /// If `out.len() != self.dim()`.
    fn point_into(&self, i: u64, out: &mut [f64]) -> bool;

    /// Whether the sequence has no points.
    ///
    /// ```
    /// use hp_core::strategy::{Random, Strategy};
    /// struct Nothing; // a strategy that has run out
    /// impl Strategy for Nothing {
    ///     fn dim(&self) -> usize { 1 }
    ///     fn len(&self) -> Option<u64> { Some(0) }
    ///     fn point_into(&self, _: u64, _: &mut [f64]) -> bool { false }
    /// }
    /// assert!(Nothing.is_empty() && !Random::new(1, 1).is_empty()); // endless is not empty
    /// ```
    fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Point `i`, or `None` past the end.
    ///
    /// ```
    /// use hp_core::strategy::{Grid, Strategy};
    /// let grid = Grid::from_axes(&[Some(2), Some(2)], 2).unwrap();
    /// assert_eq!(grid.point(1), Some(vec![0.25, 0.75])); // the last axis varies fastest
    /// assert_eq!(grid.point(4), None);
    /// ```
    fn point(&self, i: u64) -> Option<Vec<f64>> {
        let mut out = vec![0.0; self.dim()];
        self.point_into(i, &mut out).then_some(out)
    }

    /// The config at point `i`, or `None` past the end.
    ///
    /// ```
    /// use hp_core::strategy::{Grid, Strategy};
    /// let grid = Grid::for_config::<bool>(5).unwrap();
    /// assert_eq!([0, 1, 2].map(|i| grid.config::<bool>(i)), [Some(false), Some(true), None]);
    /// ```
    ///
    /// # Panics
    /// If the strategy was built for another number of dimensions than `C::DIM`.
    fn config<C: Hyperparams>(&self, i: u64) -> Option<C>
    where
        Self: Sized,
    {
        assert_dims::<C>(self.dim());
        self.point(i).map(|u| C::from_unit(&u))
    }

    /// The configs at points `0, 1, 2, ...`: all of them for a finite strategy, endless otherwise
    /// (use `take`).
    ///
    /// ```
    /// use hp_core::strategy::{Random, Strategy};
    /// let random = Random::for_config::<bool>(3);
    /// let first: Vec<bool> = random.configs().take(100).collect(); // endless: take some
    /// assert!(first.iter().enumerate().all(|(i, &c)| random.config(i as u64) == Some(c)));
    /// assert!(first.contains(&true) && first.contains(&false));
    /// ```
    ///
    /// # Panics
    /// If the strategy was built for another number of dimensions than `C::DIM`.
    fn configs<C: Hyperparams>(&self) -> Configs<'_, Self, C>
    where
        Self: Sized,
    {
        assert_dims::<C>(self.dim());
        Configs { strategy: self, next: 0, point: vec![0.0; self.dim()], config: core::marker::PhantomData }
    }
}

fn assert_dims<C: Hyperparams>(dim: usize) {
    assert_eq!(
        dim,
        C::DIM,
        "the strategy has {dim} dimensions but {} has {}; build it with for_config::<{0}>()",
        core::any::type_name::<C>(),
        C::DIM
    );
}

/// The iterator of [`Strategy::configs`].
///
/// ```
/// use hp_core::strategy::{Configs, Grid, Strategy};
/// let grid = Grid::for_config::<bool>(5).unwrap();
/// let mut configs: Configs<'_, Grid, bool> = grid.configs();
/// assert_eq!((configs.next(), configs.next(), configs.next()), (Some(false), Some(true), None));
/// ```
#[derive(Debug)]
pub struct Configs<'a, S, C> {
    strategy: &'a S,
    next: u64,
    point: Vec<f64>,
    config: core::marker::PhantomData<fn() -> C>,
}

impl<S: Strategy, C: Hyperparams> Iterator for Configs<'_, S, C> {
    type Item = C;

    fn next(&mut self) -> Option<C> {
        if !self.strategy.point_into(self.next, &mut self.point) {
            return None;
        }
        self.next += 1;
        Some(C::from_unit(&self.point))
    }
}

/// SplitMix64's output function: a bijective 64-bit mixer, the counter-based core of every seeded
/// strategy (point `i` hashes `(seed, i, coordinate)` instead of advancing shared state).
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An independent 64-bit key for `(a, b)`.
#[inline]
pub(crate) fn key(a: u64, b: u64) -> u64 {
    const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;
    mix64(mix64(a.wrapping_add(GOLDEN)) ^ b.wrapping_mul(GOLDEN).wrapping_add(GOLDEN))
}

/// The top 53 bits of `x` as a float in `[0, 1)`.
#[inline]
pub(crate) fn unit_f64(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}
