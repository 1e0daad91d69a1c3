//! [`Ticked`]: a linear plotters axis whose tick marks are exactly the ones the plot chose.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// A linear axis over `lo..hi` whose key points (ticks and grid lines) are `ticks`.
///
/// plotters' own key-point binder keeps the `f64` axis's formatting rules, which the mesh
/// cannot use; this axis formats through the formatter the plot gives the mesh.
///
/// ```
/// use hp_plot::ticked::Ticked;
/// use plotters::coord::ranged1d::{BoldPoints, LightPoints, Ranged};
/// let axis = Ticked::new(0.0, 10.0, [0.0, 2.5, 5.0]);
/// assert_eq!((axis.range(), axis.map(&2.5, (0, 200))), (0.0..10.0, 50)); // linear
/// assert_eq!(axis.key_points(BoldPoints(10)), [0.0, 2.5, 5.0]); // grid lines at the ticks only
/// assert!(axis.key_points(LightPoints::new(10, 50)).is_empty()); // and no light ones
/// ```
#[derive(Clone, Debug)]
pub struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ticked {
    /// An axis over `lo..hi` (`lo < hi`) with ticks at `ticks` (those outside are dropped).
    ///
    /// ```
    /// use hp_plot::ticked::Ticked;
    /// use plotters::coord::ranged1d::{BoldPoints, Ranged};
    /// let axis = Ticked::new(1.0, 3.0, [0.5, 1.0, 2.0, 3.0, 3.5]);
    /// assert_eq!(axis.key_points(BoldPoints(10)), [1.0, 2.0, 3.0]); // 0.5 and 3.5 are off the axis
    /// ```
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
