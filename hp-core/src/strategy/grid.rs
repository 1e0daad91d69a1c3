use super::{Strategy, StrategyError};
use crate::scale::index_to_unit;
use crate::{Condition, Hyperparams, Levels, Param, Space};

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
/// In a conditional space (an enum whose variants carry fields) each variant contributes the
/// combinations of its own fields only, and the coordinates of the other variants' fields read 0.5.
/// Point `i` is decoded from `i` in mixed radix (the last parameter varies fastest), so
/// [`Strategy::point`] costs `O(dim)` (plus the number of variants) for any `i`.
///
/// ```
/// use hp_core::strategy::{Grid, Strategy};
/// // Two axes: a discrete one with 3 values, a continuous one with K = 3 points.
/// let grid = Grid::from_axes(&[Some(3), None], 3).unwrap();
/// assert_eq!(grid.len(), Some(9));
/// assert_eq!(grid.point(1).unwrap(), [0.5 / 3.0, 0.5]);
/// assert_eq!(grid.point(9), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    root: Group,
    dim: usize,
}

/// Axes varying together: every combination of their positions, the last fastest.
#[derive(Clone, Debug, PartialEq)]
struct Group {
    nodes: Vec<Node>,
    len: u64,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    /// One coordinate.
    Axis { coordinate: usize, axis: Axis },
    /// An enum's variant selector: each variant brings its own group of fields, so the node has
    /// the sum of its branches' sizes, not their product. `centres` holds each variant's unit
    /// coordinate: equal bins, or bins as wide as the variants' weights.
    Switch { coordinate: usize, centres: Vec<f64>, branches: Vec<Group>, len: u64 },
}

impl Node {
    fn len(&self) -> u64 {
        match self {
            Node::Axis { axis, .. } => axis.count,
            Node::Switch { len, .. } => *len,
        }
    }

    fn decode(&self, mut j: u64, out: &mut [f64]) {
        match self {
            Node::Axis { coordinate, axis } => out[*coordinate] = axis.unit(j),
            Node::Switch { coordinate, centres, branches, .. } => {
                for (centre, branch) in centres.iter().zip(branches) {
                    if j < branch.len {
                        out[*coordinate] = *centre;
                        branch.decode(j, out);
                        return;
                    }
                    j -= branch.len;
                }
            }
        }
    }
}

/// The positions of one coordinate.
#[derive(Clone, Debug, PartialEq)]
struct Axis {
    /// Points on this axis.
    count: u64,
    /// The number of distinct values of a discrete axis.
    levels: Option<u128>,
    /// The parameter, whose own bins place each of its values when the axis takes them all (an
    /// integer log scale's bins are not equal); `None` for an axis given by its size alone.
    param: Option<Param>,
}

impl Axis {
    fn new(levels: Option<u128>, k: u64, takes_all: bool, param: Option<&Param>) -> Axis {
        let count = match levels {
            Some(n) if takes_all || n <= k as u128 => n.min(u64::MAX as u128) as u64,
            _ => k,
        };
        Axis { count, levels, param: param.cloned() }
    }

    /// The unit coordinate of position `j` in `0..count`.
    fn unit(&self, j: u64) -> f64 {
        match self.levels {
            Some(n) => {
                let last = (n - 1).min(u64::MAX as u128) as u64;
                if self.count as u128 == n {
                    // Every value, at the centre of its own bin.
                    return self
                        .param
                        .as_ref()
                        .and_then(|p| p.nth_unit(j.into()))
                        .unwrap_or_else(|| index_to_unit(j, last));
                }
                // Evenly spaced indices with both ends.
                let index = (j as f64 * last as f64 / (self.count - 1) as f64).round() as u64;
                index_to_unit(index, last)
            }
            None if self.count == 1 => 0.5,
            None => j as f64 / (self.count - 1) as f64,
        }
    }
}

impl Group {
    fn new(nodes: Vec<Node>) -> Result<Group, StrategyError> {
        let len = nodes
            .iter()
            .try_fold(1u64, |len, n| len.checked_mul(n.len()))
            .ok_or(StrategyError::TooManyPoints)?;
        Ok(Group { nodes, len })
    }

    fn decode(&self, i: u64, out: &mut [f64]) {
        let mut rest = i;
        for node in self.nodes.iter().rev() {
            node.decode(rest % node.len(), out);
            rest /= node.len();
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
    /// [`StrategyError::GridPoints`] if `k < 2`; [`StrategyError::TooManyPoints`] if the grid has more than
    /// `u64::MAX` points.
    pub fn for_config<C: Hyperparams>(k: u32) -> Result<Self, StrategyError> {
        Grid::for_space(&C::space(), k)
    }

    /// The grid over a [`Space`]; see [`Grid::for_config`].
    ///
    /// # Errors
    /// As [`Grid::for_config`].
    pub fn for_space(space: &Space, k: u32) -> Result<Self, StrategyError> {
        if !hp_rules::range::grid_points_ok(k.into()) {
            return Err(StrategyError::GridPoints { found: k });
        }
        let root = group_for(space, &[], k)?;
        Ok(Grid { root, dim: space.dim() })
    }

    /// A grid over axes given by their number of discrete values (`None` for continuous), with
    /// `k` points on continuous and larger discrete axes.
    ///
    /// # Errors
    /// As [`Grid::for_config`].
    pub fn from_axes(levels: &[Option<u128>], k: u32) -> Result<Self, StrategyError> {
        if !hp_rules::range::grid_points_ok(k.into()) {
            return Err(StrategyError::GridPoints { found: k });
        }
        let nodes = levels
            .iter()
            .enumerate()
            .map(|(coordinate, &l)| Node::Axis { coordinate, axis: Axis::new(l, k as u64, false, None) })
            .collect();
        Ok(Grid { root: Group::new(nodes)?, dim: levels.len() })
    }

    /// The number of points of each top-level axis, in coordinate order (an enum's variant
    /// selector counts the points of all its variants).
    ///
    /// ```
    /// # use hp_core::strategy::Grid;
    /// assert_eq!(Grid::from_axes(&[Some(3), None], 4).unwrap().shape(), [3, 4]);
    /// ```
    pub fn shape(&self) -> Vec<u64> {
        self.root.nodes.iter().map(Node::len).collect()
    }
}

/// The group of the parameters active exactly under `conditions`, with a switch for each choice
/// parameter that other parameters are conditioned on.
fn group_for(space: &Space, conditions: &[Condition], k: u32) -> Result<Group, StrategyError> {
    let mut nodes = Vec::new();
    for p in space.coordinates().filter(|p| p.conditions() == conditions) {
        let Some(coordinate) = p.coordinate() else { continue };
        let selects =
            |q: &Param| q.conditions().get(conditions.len()).is_some_and(|c| c.coordinate() == coordinate);
        match p.levels() {
            // A weighted choice is a switch too (with empty branches if nothing depends on it):
            // its values sit at the centres of unequal bins, which only the param knows.
            Some(Levels::Categories(labels))
                if space.params().iter().any(selects) || p.weights().is_some() =>
            {
                let branches = labels
                    .iter()
                    .enumerate()
                    .map(|(index, label)| {
                        let mut inner = conditions.to_vec();
                        inner.push(Condition::new(p.name().to_owned(), label.clone(), coordinate, index));
                        group_for(space, &inner, k)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let len = branches
                    .iter()
                    .try_fold(0u64, |n, b| n.checked_add(b.len))
                    .ok_or(StrategyError::TooManyPoints)?;
                let centres = (0..labels.len()).map(|v| p.nth_unit(v as u128).unwrap_or(0.5)).collect();
                nodes.push(Node::Switch { coordinate, centres, branches, len });
            }
            levels => {
                let takes_all = matches!(levels, Some(Levels::Categories(_)));
                let count = levels.and_then(|l| l.count());
                let axis = Axis::new(count, p.grid().unwrap_or(k).max(2) as u64, takes_all, Some(p));
                nodes.push(Node::Axis { coordinate, axis });
            }
        }
    }
    Group::new(nodes)
}

impl Strategy for Grid {
    fn dim(&self) -> usize {
        self.dim
    }

    fn len(&self) -> Option<u64> {
        Some(self.root.len)
    }

    fn point_into(&self, i: u64, out: &mut [f64]) -> bool {
        assert_eq!(out.len(), self.dim, "point_into needs a buffer of dim() coordinates");
        if i >= self.root.len {
            return false;
        }
        // Coordinates of inactive variants' fields are not visited; they read 0.5.
        out.fill(0.5);
        self.root.decode(i, out);
        true
    }
}
