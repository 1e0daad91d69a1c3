use super::{Strategy, StrategyError};
use crate::scale::clamp_unit;
use crate::{Direction, Hyperparams, Space};

/// A box inside the unit cube: where a coarse-to-fine search looks next.
///
/// ```
/// use hp_core::strategy::Region;
/// let r = Region::new(vec![0.2, 0.0], vec![0.4, 1.0]).unwrap();
/// assert!(r.contains(&[0.3, 0.9]));
/// assert!(!r.contains(&[0.5, 0.9]));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    low: Vec<f64>,
    high: Vec<f64>,
}

impl Region {
    /// The box `[low_d, high_d]` on each axis.
    ///
    /// ```
    /// use hp_core::strategy::{Region, StrategyError};
    /// assert_eq!(
    ///     Region::new(vec![0.5], vec![0.25]),
    ///     Err(StrategyError::BadRegion { index: 0, low: 0.5, high: 0.25 })
    /// );
    /// ```
    ///
    /// # Errors
    /// [`StrategyError::Dimension`] if the lengths differ; [`StrategyError::BadRegion`] unless
    /// `0 <= low_d <= high_d <= 1` on every axis.
    pub fn new(low: Vec<f64>, high: Vec<f64>) -> Result<Self, StrategyError> {
        if low.len() != high.len() {
            return Err(StrategyError::Dimension { expected: low.len(), found: high.len() });
        }
        if let Some(index) = low.iter().zip(&high).position(|(&l, &h)| !(0.0 <= l && l <= h && h <= 1.0)) {
            return Err(StrategyError::BadRegion { index, low: low[index], high: high[index] });
        }
        Ok(Region { low, high })
    }

    /// The whole unit cube.
    pub fn full(dim: usize) -> Self {
        Region { low: vec![0.0; dim], high: vec![1.0; dim] }
    }

    /// The box around the `keep` best of `trials` (config, score), widened by half its width on
    /// each side, at least 0.1 wide, and snapped outward to whole values on discrete axes. Being a
    /// box in the unit cube, it is a range on each parameter's own scale: a decade band for a
    /// log-scaled learning rate, a band of `1 - β` for `reverse_log`.
    ///
    /// # Errors
    /// [`StrategyError::NoScoredTrials`] if no trial has a finite score.
    ///
    /// ```
    /// use hp_core::Direction;
    /// use hp_core::strategy::Region;
    /// let trials = [(false, 0.3), (true, 0.1), (true, 0.2)];
    /// let r = Region::around_best(&trials, Direction::Minimize, 2).unwrap();
    /// assert_eq!((r.low(), r.high()), (&[0.5][..], &[1.0][..])); // only `true` is left
    /// ```
    pub fn around_best<C: Hyperparams>(
        trials: &[(C, f64)],
        direction: Direction,
        keep: usize,
    ) -> Result<Self, StrategyError> {
        let mut scored: Vec<&(C, f64)> = trials.iter().filter(|(_, s)| s.is_finite()).collect();
        if scored.is_empty() {
            return Err(StrategyError::NoScoredTrials);
        }
        scored.sort_by(|a, b| match direction {
            Direction::Minimize => a.1.total_cmp(&b.1),
            Direction::Maximize => b.1.total_cmp(&a.1),
        });
        let best: Vec<Vec<f64>> = scored.iter().take(keep.max(1)).map(|(c, _)| c.to_unit()).collect();
        Ok(Region::around_points(&C::space(), &best))
    }

    /// The box around unit-cube `points` (at least one), as in [`Region::around_best`]. Each axis
    /// is narrowed only by the points that use it: a field of an enum variant is bounded by the
    /// points that chose that variant, and spans all of `[0, 1]` if none did (its coordinate in
    /// the others is a placeholder, not a value).
    ///
    /// ```
    /// use hp_core::{LogScale, SpaceBuilder};
    /// use hp_core::strategy::Region;
    /// let mut b = SpaceBuilder::new();
    /// b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    /// b.enter("optimizer", "Adam");
    /// b.scale("optimizer.Adam.lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    /// b.leave();
    /// // Two Sgd points: Adam's learning rate is not theirs to narrow.
    /// let r = Region::around_points(&b.finish(), &[vec![0.1, 0.5], vec![0.2, 0.5]]);
    /// assert_eq!((r.low()[1], r.high()[1]), (0.0, 1.0));
    /// ```
    pub fn around_points(space: &Space, points: &[Vec<f64>]) -> Self {
        const MIN_WIDTH: f64 = 0.1;
        let dim = space.dim();
        let (mut low, mut high) = (vec![1.0; dim], vec![0.0; dim]);
        for point in points {
            for (d, active) in space.active(point).into_iter().enumerate() {
                if active {
                    low[d] = f64::min(low[d], point[d]);
                    high[d] = f64::max(high[d], point[d]);
                }
            }
        }
        for (d, param) in space.coordinates().enumerate() {
            if low[d] > high[d] {
                // No point uses this coordinate.
                (low[d], high[d]) = (0.0, 1.0);
                continue;
            }
            let pad = f64::max((high[d] - low[d]) / 2.0, (MIN_WIDTH - (high[d] - low[d])) / 2.0).max(0.0);
            let (mut l, mut h) = (clamp_unit(low[d] - pad), clamp_unit(high[d] + pad));
            // Whole bins on a discrete axis (equal, as wide as a weighted choice's weights, or
            // log-spaced for a log scale's integers), so that every value in the box keeps its
            // full share.
            if let (Some((start, _)), Some((_, end))) = (param.unit_bin(l), param.unit_bin(h)) {
                l = start;
                // Just below the edge: the edge itself belongs to the next value.
                h = if end < 1.0 { end.next_down() } else { 1.0 };
            }
            low[d] = l;
            high[d] = h;
        }
        Region { low, high }
    }

    /// The low corner.
    pub fn low(&self) -> &[f64] {
        &self.low
    }

    /// The high corner.
    pub fn high(&self) -> &[f64] {
        &self.high
    }

    /// Whether the unit-cube point lies in the box.
    pub fn contains(&self, point: &[f64]) -> bool {
        point.len() == self.low.len()
            && point.iter().zip(self.low.iter().zip(&self.high)).all(|(u, (l, h))| l <= u && u <= h)
    }
}

/// Coarse to fine: any strategy, its points squeezed into a [`Region`].
///
/// ```
/// use hp_core::strategy::{Random, Region, Strategy, Zoom};
/// let region = Region::new(vec![0.25], vec![0.5]).unwrap();
/// let fine = Zoom::new(Random::new(9, 1), region.clone()).unwrap();
/// assert!((0..100).all(|i| region.contains(&fine.point(i).unwrap())));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Zoom<S> {
    inner: S,
    region: Region,
}

impl<S: Strategy> Zoom<S> {
    /// `inner`'s points mapped affinely into `region`.
    ///
    /// # Errors
    /// [`StrategyError::Dimension`] if the region and the strategy have different dimensions.
    pub fn new(inner: S, region: Region) -> Result<Self, StrategyError> {
        if inner.dim() != region.low.len() {
            return Err(StrategyError::Dimension { expected: region.low.len(), found: inner.dim() });
        }
        Ok(Zoom { inner, region })
    }

    /// The region.
    pub fn region(&self) -> &Region {
        &self.region
    }
}

impl<S: Strategy> Strategy for Zoom<S> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }

    fn len(&self) -> Option<u64> {
        self.inner.len()
    }

    fn point_into(&self, i: u64, out: &mut [f64]) -> bool {
        if !self.inner.point_into(i, out) {
            return false;
        }
        for ((u, &l), &h) in out.iter_mut().zip(&self.region.low).zip(&self.region.high) {
            *u = (l + *u * (h - l)).clamp(l, h);
        }
        true
    }
}
