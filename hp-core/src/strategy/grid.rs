use super::Strategy;
use crate::scale::index_to_unit;
use crate::{Domain, Error, Hyperparams, Space};

/// Grid search over every combination of a few values per axis, never materialized.
///
/// Each axis's values are chosen on the parameter's own scale, through its `from_unit`:
/// - a continuous axis takes `K` points evenly spaced in the unit interval, both ends included
///   (log-spaced for `log`: `1e-4, 1e-3, ..., 1` with `K = 5`; `1 - β` log-spaced for `reverse_log`);
/// - an integer or stepped axis takes every value when it has at most `K`, else `K` distinct,
///   evenly spaced values including both ends;
/// - a choice, bool or enum axis takes every value.
///
/// `K` is the strategy's default, overridden per field by `grid = K` in the attribute.
/// Point `i` is decoded from `i` in mixed radix (the last parameter varies fastest), so
/// [`Strategy::point`] costs `O(dim)` for any `i`.
///
/// ```
/// use hp_core::strategy::{Grid, Strategy};
/// // Two axes: a discrete one with 3 values, a continuous one with K = 3 points.
/// let grid = Grid::from_axes(&[Some(3), None], 3).unwrap();
/// assert_eq!(grid.len(), Some(9));
/// assert_eq!(grid.point(1).unwrap(), [0.5 / 3.0, 0.5]);
/// assert_eq!(grid.point(9), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Grid {
    axes: Vec<Axis>,
    len: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Axis {
    /// Points on this axis.
    count: u64,
    /// The number of distinct values of a discrete axis.
    levels: Option<u128>,
}

impl Axis {
    fn new(levels: Option<u128>, k: u64, takes_all: bool) -> Axis {
        let count = match levels {
            Some(n) if takes_all || n <= k as u128 => n.min(u64::MAX as u128) as u64,
            _ => k,
        };
        Axis { count, levels }
    }

    /// The unit coordinate of position `j` in `0..count`.
    fn unit(&self, j: u64) -> f64 {
        match self.levels {
            Some(n) => {
                let last = (n - 1).min(u64::MAX as u128) as u64;
                // Evenly spaced indices with both ends; every index when count covers them all.
                let index = if self.count as u128 == n {
                    j
                } else {
                    (j as f64 * last as f64 / (self.count - 1) as f64).round() as u64
                };
                index_to_unit(index, last)
            }
            None if self.count == 1 => 0.5,
            None => j as f64 / (self.count - 1) as f64,
        }
    }
}

impl Grid {
    /// The default number of points on a continuous axis.
    pub const DEFAULT_POINTS: u32 = 5;

    /// The grid over `C`'s space with `k` points per continuous axis (or per large discrete axis)
    /// unless a field says `grid = K`.
    ///
    /// # Errors
    /// [`Error::GridPoints`] if `k < 2`; [`Error::TooLarge`] if the grid has more than `u64::MAX` points.
    pub fn for_config<C: Hyperparams>(k: u32) -> Result<Self, Error> {
        Grid::for_space(&C::space(), k)
    }

    /// The grid over a [`Space`]; see [`Grid::for_config`].
    ///
    /// # Errors
    /// As [`Grid::for_config`].
    pub fn for_space(space: &Space, k: u32) -> Result<Self, Error> {
        if k < 2 {
            return Err(Error::GridPoints);
        }
        let axes = space.params().iter().filter(|p| p.coordinate.is_some()).map(|p| {
            let takes_all = matches!(p.domain, Domain::Choice { .. });
            let k = p.grid.unwrap_or(k).max(2);
            Axis::new(p.levels, k as u64, takes_all)
        });
        Grid::from_axis_list(axes.collect())
    }

    /// A grid over axes given by their number of discrete values (`None` for continuous), with
    /// `k` points on continuous and larger discrete axes.
    ///
    /// # Errors
    /// As [`Grid::for_config`].
    pub fn from_axes(levels: &[Option<u128>], k: u32) -> Result<Self, Error> {
        if k < 2 {
            return Err(Error::GridPoints);
        }
        Grid::from_axis_list(levels.iter().map(|&l| Axis::new(l, k as u64, false)).collect())
    }

    fn from_axis_list(axes: Vec<Axis>) -> Result<Self, Error> {
        let len = axes.iter().try_fold(1u64, |len, a| len.checked_mul(a.count)).ok_or(Error::TooLarge)?;
        Ok(Grid { axes, len })
    }

    /// The number of points on each axis, in coordinate order.
    ///
    /// ```
    /// # use hp_core::strategy::Grid;
    /// assert_eq!(Grid::from_axes(&[Some(3), None], 4).unwrap().shape(), [3, 4]);
    /// ```
    pub fn shape(&self) -> Vec<u64> {
        self.axes.iter().map(|a| a.count).collect()
    }
}

impl Strategy for Grid {
    fn dim(&self) -> usize {
        self.axes.len()
    }

    fn len(&self) -> Option<u64> {
        Some(self.len)
    }

    fn point_into(&self, i: u64, out: &mut [f64]) -> bool {
        assert_eq!(out.len(), self.axes.len(), "point_into needs a buffer of dim() coordinates");
        if i >= self.len {
            return false;
        }
        let mut rest = i;
        for (u, axis) in out.iter_mut().zip(&self.axes).rev() {
            *u = axis.unit(rest % axis.count);
            rest /= axis.count;
        }
        true
    }
}
