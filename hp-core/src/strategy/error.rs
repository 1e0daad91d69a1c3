//! [`StrategyError`]: why a strategy or a region could not be built.

use core::fmt;

/// Why a strategy, or a [`Region`](super::Region) to zoom into, could not be built.
///
/// ```
/// use hp_core::strategy::{Grid, Sobol, StrategyError};
/// assert_eq!(Grid::from_axes(&[None], 1), Err(StrategyError::GridPoints { found: 1 }));
/// assert_eq!(Sobol::new(1, 300).unwrap_err().to_string(), "the config has 300 dimensions; this strategy supports at most 256");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum StrategyError {
    /// A grid needs at least 2 points on each continuous axis (its two ends).
    GridPoints {
        /// The number of points asked for.
        found: u32,
    },
    /// More points than can be indexed: a grid past `u64::MAX` points, a Latin hypercube of
    /// `2^32` points or more.
    TooManyPoints,
    /// A Latin hypercube of no points.
    EmptyBudget,
    /// A strategy supports fewer dimensions than the config has.
    TooManyDimensions {
        /// The strategy's limit.
        max: usize,
        /// The config's `DIM`.
        found: usize,
    },
    /// Two things that must have the same number of dimensions do not (a region and a strategy,
    /// a region's two corners).
    Dimension {
        /// The number the first one has.
        expected: usize,
        /// The number the second one has.
        found: usize,
    },
    /// A region's bounds on one axis are not `0 <= low <= high <= 1`.
    BadRegion {
        /// The axis.
        index: usize,
        /// Its low bound.
        low: f64,
        /// Its high bound.
        high: f64,
    },
    /// Zooming in needs at least one trial with a finite score.
    NoScoredTrials,
}

impl fmt::Display for StrategyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            StrategyError::GridPoints { found } => {
                write!(f, "a grid needs at least 2 points per continuous axis, got {found}")
            }
            StrategyError::TooManyPoints => f.write_str("the strategy has too many points to index"),
            StrategyError::EmptyBudget => f.write_str("a Latin hypercube needs at least one point"),
            StrategyError::TooManyDimensions { max, found } => {
                write!(f, "the config has {found} dimensions; this strategy supports at most {max}")
            }
            StrategyError::Dimension { expected, found } => {
                write!(f, "dimensions differ: {expected} and {found}")
            }
            StrategyError::BadRegion { index, low, high } => {
                write!(f, "region axis {index} is [{low}, {high}], not a range inside [0, 1]")
            }
            StrategyError::NoScoredTrials => f.write_str("no trial has a finite score to zoom in on"),
        }
    }
}

impl std::error::Error for StrategyError {}
