//! [`Ticked`]: a linear plotters axis whose tick marks are exactly the ones the plot chose.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// A linear axis over `lo..hi` whose key points (ticks and grid lines) are `ticks`.
///
/// plotters' own key-point binder keeps the `f64` axis's formatting rules, which the mesh
/// cannot use; this axis formats through the formatter the plot gives the mesh.
#[derive(Clone, Debug)]
pub struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ticked {
    /// An axis over `lo..hi` (`lo < hi`) with ticks at `ticks` (those outside are dropped).
    pub fn new(lo: f64, hi: f64, ticks: impl IntoIterator<Item = f64>) -> Self {
        let ticks = ticks.into_iter().filter(|t| (lo..=hi).contains(t)).collect();
        Ticked { lo, hi, ticks }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let fraction = (value - self.lo) / (self.hi - self.lo);
        let length = (limit.1 - limit.0) as f64;
        if !fraction.is_finite() {
            return limit.0;
        }
        limit.0 + (length * fraction).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() { vec![] } else { self.ticks.clone() }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}
