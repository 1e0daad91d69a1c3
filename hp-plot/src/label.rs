//! Text labels beside their points, placed so that no two overlap.
//!
//! A plot that names some of its points (the best day, a rollback's target, the trials on a Pareto
//! front) hands each label to one [`Labels`] in the order of importance. Each label goes to the first
//! of its preferred [`Side`]s where its box overlaps no label placed before it, no marker the plot
//! asked to keep clear ([`Labels::avoid`]), and stays inside the plotting area; where every side is
//! taken, the label moves from those spots a line height at a time, nearest first, so a crowded
//! label moves away from its point instead of onto another label. A label is given up only when
//! no spot of the area has room for it. Positions are whole pixels, checked as drawn.
//!
//! ```
//! use hp_plot::label::{Labels, Rect, Side};
//! let mut labels = Labels::new(Rect::new(0.0, 0.0, 400.0, 300.0));
//! // Two points 4 px apart, each labelled above itself: the second label moves up a line.
//! let a = labels.place((100.0, 150.0), (60.0, 12.0), &[Side::Above], 4.0).unwrap();
//! let b = labels.place((104.0, 150.0), (60.0, 12.0), &[Side::Above], 4.0).unwrap();
//! assert_eq!(a, (-30, -16)); // centred over its point, 4 px above it
//! assert!(b.1 <= a.1 - 12); // a full line above the first
//! assert!(!labels.placed()[0].overlaps(&labels.placed()[1]));
//! ```

/// A box in pixels: `x0 ≤ x1` left to right, `y0 ≤ y1` top to bottom.
///
/// ```
/// use hp_plot::label::Rect;
/// let r = Rect::new(0.0, 0.0, 10.0, 10.0);
/// assert!(r.overlaps(&Rect::new(9.0, 9.0, 20.0, 20.0)));
/// assert!(!r.overlaps(&Rect::new(10.0, 0.0, 20.0, 10.0))); // touching edges do not overlap
/// assert!(r.contains(&Rect::new(2.0, 2.0, 8.0, 10.0)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// The box from `(x0, y0)` to `(x1, y1)`.
    ///
    /// ```
    /// let r = hp_plot::label::Rect::new(1.0, 2.0, 3.0, 4.0);
    /// assert_eq!((r.x0, r.y0, r.x1, r.y1), (1.0, 2.0, 3.0, 4.0));
    /// ```
    pub const fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Rect { x0, y0, x1, y1 }
    }

    /// The square of half-side `r` around `(x, y)`: a marker's footprint.
    ///
    /// ```
    /// use hp_plot::label::Rect;
    /// assert_eq!(Rect::around((10.0, 20.0), 3.0), Rect::new(7.0, 17.0, 13.0, 23.0));
    /// ```
    pub fn around((x, y): (f64, f64), r: f64) -> Self {
        Rect::new(x - r, y - r, x + r, y + r)
    }

    /// Whether the two boxes share any area (touching edges do not).
    ///
    /// ```
    /// use hp_plot::label::Rect;
    /// assert!(Rect::new(0.0, 0.0, 2.0, 2.0).overlaps(&Rect::new(1.0, 1.0, 3.0, 3.0)));
    /// assert!(!Rect::new(0.0, 0.0, 2.0, 2.0).overlaps(&Rect::new(0.0, 2.0, 2.0, 4.0)));
    /// ```
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether `inner` lies inside this box (edges included).
    ///
    /// ```
    /// use hp_plot::label::Rect;
    /// assert!(Rect::new(0.0, 0.0, 2.0, 2.0).contains(&Rect::new(0.0, 0.0, 2.0, 2.0)));
    /// assert!(!Rect::new(0.0, 0.0, 2.0, 2.0).contains(&Rect::new(1.0, 1.0, 3.0, 2.0)));
    /// ```
    pub fn contains(&self, inner: &Rect) -> bool {
        self.x0 <= inner.x0 && inner.x1 <= self.x1 && self.y0 <= inner.y0 && inner.y1 <= self.y1
    }
}

/// Where a label sits around its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Right of the point, centred on it vertically.
    Right,
    /// Left of the point, centred on it vertically.
    Left,
    /// Above the point, centred on it horizontally.
    Above,
    /// Below the point, centred on it horizontally.
    Below,
}

/// The labels of one plotting area, placed one at a time; see the [module](self).
#[derive(Clone, Debug)]
pub struct Labels {
    bounds: Rect,
    avoided: Vec<Rect>,
    placed: Vec<Rect>,
}

impl Labels {
    /// No labels yet, inside `bounds` (the plotting area, in pixels).
    ///
    /// ```
    /// use hp_plot::label::{Labels, Rect};
    /// assert!(Labels::new(Rect::new(0.0, 0.0, 100.0, 100.0)).placed().is_empty());
    /// ```
    pub fn new(bounds: Rect) -> Self {
        Labels { bounds, avoided: Vec::new(), placed: Vec::new() }
    }

    /// No labels yet, inside a plotters drawing area (a chart's `plotting_area()`).
    ///
    /// ```
    /// use hp_plot::label::{Labels, Rect, Side};
    /// use plotters::prelude::*;
    /// let mut svg = String::new();
    /// let root = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
    /// let chart = ChartBuilder::on(&root).margin(10).build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    /// let mut labels = Labels::within(chart.plotting_area());
    /// // The chart's area is the picture less its margins: a label cannot reach the edge.
    /// assert!(labels.place((285.0, 100.0), (20.0, 10.0), &[Side::Right], 2.0).is_none_or(|(dx, _)| dx < 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn within<DB: plotters::prelude::DrawingBackend, CT: plotters::coord::CoordTranslate>(
        area: &plotters::drawing::DrawingArea<DB, CT>,
    ) -> Self {
        let (xs, ys) = area.get_pixel_range();
        Labels::new(Rect::new(f64::from(xs.start), f64::from(ys.start), f64::from(xs.end), f64::from(ys.end)))
    }

    /// Keeps labels off `area` (a marker that a label must not hide).
    ///
    /// ```
    /// use hp_plot::label::{Labels, Rect, Side};
    /// let mut labels = Labels::new(Rect::new(0.0, 0.0, 200.0, 100.0));
    /// labels.avoid(Rect::around((60.0, 50.0), 5.0));
    /// // Right of (40, 50) would cover the marker at (60, 50): the label goes left instead.
    /// let at = labels.place((40.0, 50.0), (30.0, 10.0), &[Side::Right, Side::Left], 4.0).unwrap();
    /// assert_eq!(at, (-34, -5));
    /// ```
    pub fn avoid(&mut self, area: Rect) {
        self.avoided.push(area);
    }

    /// Places a label of `size` (width, height in pixels) for the point at pixel `anchor`, `gap`
    /// pixels from it on the first free side of `sides`. When none is free, the label moves from
    /// those spots in steps of a line height, nearest first (ring by ring; on a ring, away from the
    /// point first), until it finds room. Returns the offset of the label's top-left corner from
    /// `anchor` (draw the text anchored left and top there), or `None` when no spot of the area has
    /// room for it.
    ///
    /// ```
    /// use hp_plot::label::{Labels, Rect, Side};
    /// let mut labels = Labels::new(Rect::new(0.0, 0.0, 100.0, 100.0));
    /// assert_eq!(labels.place((50.0, 50.0), (20.0, 10.0), &[Side::Right], 2.0), Some((2, -5)));
    /// // Just below the point would touch that label: a line further down.
    /// assert_eq!(labels.place((50.0, 50.0), (20.0, 10.0), &[Side::Below], 2.0), Some((-10, 12)));
    /// // Wider than the area: nowhere to go.
    /// assert_eq!(labels.place((50.0, 50.0), (200.0, 10.0), &[Side::Right], 2.0), None);
    /// ```
    pub fn place(
        &mut self,
        anchor: (f64, f64),
        (w, h): (f64, f64),
        sides: &[Side],
        gap: f64,
    ) -> Option<(i32, i32)> {
        let (ax, ay) = (anchor.0.round(), anchor.1.round());
        let unit = h.max(1.0);
        let span = (self.bounds.x1 - self.bounds.x0).max(self.bounds.y1 - self.bounds.y0);
        // Enough rings to reach every spot of the area from any point in it.
        let rings = if span.is_finite() { (span / unit).ceil().min(10_000.0) as i32 + 1 } else { 0 };
        for ring in 0..=rings {
            for &side in sides {
                // The side's own spot, and the direction that leads away from the point.
                let ((dx, dy), away) = match side {
                    Side::Right => ((gap, -h / 2.0), (1, 0)),
                    Side::Left => ((-gap - w, -h / 2.0), (-1, 0)),
                    Side::Above => ((-w / 2.0, -gap - h), (0, -1)),
                    Side::Below => ((-w / 2.0, gap), (0, 1)),
                };
                for (a, b) in ring_steps(ring, away) {
                    let x0 = (ax + dx + f64::from(a) * unit).round();
                    let y0 = (ay + dy + f64::from(b) * unit).round();
                    let r = Rect::new(x0, y0, x0 + w, y0 + h);
                    if self.bounds.contains(&r)
                        && !self.placed.iter().chain(&self.avoided).any(|o| o.overlaps(&r))
                    {
                        self.placed.push(r);
                        return Some(((x0 - ax) as i32, (y0 - ay) as i32));
                    }
                }
            }
        }
        None
    }

    /// The boxes of the labels placed so far, in order.
    ///
    /// ```
    /// use hp_plot::label::{Labels, Rect, Side};
    /// let mut labels = Labels::new(Rect::new(0.0, 0.0, 100.0, 100.0));
    /// labels.place((50.0, 50.0), (20.0, 10.0), &[Side::Right], 2.0);
    /// assert_eq!(labels.placed(), [Rect::new(52.0, 45.0, 72.0, 55.0)]);
    /// ```
    pub fn placed(&self) -> &[Rect] {
        &self.placed
    }
}

/// The box a one-line label takes at plotters font size `size` (by [`text_width`](crate::style::text_width)
/// or, `bold`, [`bold_width`](crate::style::bold_width); one em high, the SVG em being `size / 1.24`).
///
/// ```
/// use hp_plot::label::text_box;
/// use hp_plot::style::text_width;
/// assert_eq!(text_box("best: day 3", 12.4, false), (text_width("best: day 3", 12.4), 10.0));
/// assert!(text_box("x", 12.4, true).0 > text_box("x", 12.4, false).0);
/// ```
pub fn text_box(s: &str, size: f64, bold: bool) -> (f64, f64) {
    let w = if bold { crate::style::bold_width(s, size) } else { crate::style::text_width(s, size) };
    (w, size / 1.24)
}

/// The labels an SVG drawn with plotters holds at font size `size`, anchored left and top as
/// [`Labels::place`] places them, with the boxes [`text_box`] gives them: how a test checks a
/// finished picture, as drawn, for overlapping labels.
///
/// ```
/// use hp_plot::label::{drawn, text_box, Rect};
/// use hp_plot::style::{text, SMALL_SIZE, TEXT};
/// use plotters::prelude::*;
/// use plotters::style::text_anchor::{HPos, VPos};
/// let mut svg = String::new();
/// let area = SVGBackend::with_string(&mut svg, (200, 100)).into_drawing_area();
/// area.draw(&Text::new("best: day 3", (10, 20), text(SMALL_SIZE, TEXT, HPos::Left, VPos::Top)))?;
/// area.draw(&Text::new("centred", (50, 50), text(SMALL_SIZE, TEXT, HPos::Center, VPos::Top)))?;
/// drop(area);
/// let (w, h) = text_box("best: day 3", SMALL_SIZE, false);
/// assert_eq!(drawn(&svg, SMALL_SIZE), [("best: day 3".to_owned(), Rect::new(10.0, 20.0, 10.0 + w, 20.0 + h))]);
/// # Ok::<(), hp_plot::PlotError>(())
/// ```
pub fn drawn(svg: &str, size: f64) -> Vec<(String, Rect)> {
    let font_size = format!("font-size=\"{}\"", size / 1.24);
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[start..].split('"').next()?.parse().ok()
    };
    svg.split("<text")
        .skip(1)
        .filter(|t| {
            t.contains(&font_size) && t.contains("text-anchor=\"start\"") && t.contains("dy=\"0.76em\"")
        })
        .filter_map(|t| {
            let (tag, rest) = t.split_once('>')?;
            let text = rest.split("</text>").next()?.trim().to_owned();
            let (x, y) = (attr(tag, "x")?, attr(tag, "y")?);
            let (w, h) = text_box(&text, size, tag.contains("bold"));
            Some((text, Rect::new(x, y, x + w, y + h)))
        })
        .collect()
}

/// The steps `(a, b)` with `max(|a|, |b|) = ring`, nearest first (by `|a| + |b|`), and among
/// equals the ones `away` from the point first.
fn ring_steps(ring: i32, away: (i32, i32)) -> Vec<(i32, i32)> {
    if ring == 0 {
        return vec![(0, 0)];
    }
    let mut steps: Vec<(i32, i32)> = (-ring..=ring)
        .flat_map(|a| (-ring..=ring).map(move |b| (a, b)))
        .filter(|&(a, b)| a.abs().max(b.abs()) == ring)
        .collect();
    steps.sort_by_key(|&(a, b)| (a.abs() + b.abs(), -(a * away.0 + b * away.1), a, b));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::jitter;

    /// Many labels on crowded points: every placed box is inside the area and overlaps no other
    /// and no avoided marker; and a label is given up only when the area is full.
    #[test]
    fn placed_labels_never_overlap() {
        for seed in 0..20u64 {
            let bounds = Rect::new(0.0, 0.0, 600.0, 400.0);
            let mut labels = Labels::new(bounds);
            let r = |k: u64| jitter(seed * 1000 + k) + 0.5;
            // Points in a small cluster, so that labels compete.
            let points: Vec<(f64, f64)> =
                (0..40).map(|k| (250.0 + 100.0 * r(2 * k), 150.0 + 100.0 * r(2 * k + 1))).collect();
            for &p in &points[..10] {
                labels.avoid(Rect::around(p, 4.0));
            }
            // Every side, each label preferring another first.
            let sides = |k: usize| {
                let mut sides = [Side::Right, Side::Above, Side::Left, Side::Below];
                sides.rotate_left(k % 4);
                sides
            };
            let mut given_up = 0;
            for (k, &p) in points.iter().enumerate() {
                let w = 20.0 + 60.0 * r(500 + k as u64);
                match labels.place(p, (w, 12.0), &sides(k), 3.0) {
                    Some((dx, dy)) => {
                        let placed = labels.placed().last().unwrap();
                        assert_eq!(
                            (placed.x0, placed.y0),
                            (p.0.round() + dx as f64, p.1.round() + dy as f64)
                        );
                    }
                    None => given_up += 1,
                }
            }
            assert_eq!(given_up, 0, "seed {seed}: room was left");
            let placed = labels.placed();
            for (i, a) in placed.iter().enumerate() {
                assert!(bounds.contains(a), "seed {seed}: {a:?} outside");
                assert!(placed[i + 1..].iter().all(|b| !a.overlaps(b)), "seed {seed}: {a:?} overlaps");
                assert!(
                    points[..10].iter().all(|&p| !a.overlaps(&Rect::around(p, 4.0))),
                    "seed {seed}: covers a marker"
                );
            }
        }
    }

    #[test]
    fn a_label_stays_inside_the_area_at_its_edge() {
        let mut labels = Labels::new(Rect::new(0.0, 0.0, 100.0, 100.0));
        // At the right edge, Right does not fit: Left does.
        assert_eq!(
            labels.place((95.0, 50.0), (30.0, 10.0), &[Side::Right, Side::Left], 2.0),
            Some((-32, -5))
        );
        // At the top edge there is no room above: the label comes down a line, as near as it can.
        assert_eq!(labels.place((50.0, 3.0), (30.0, 10.0), &[Side::Above], 2.0), Some((-15, -2)));
        // Above (50, 60) the first label is in the way: the next side offered, Below, comes
        // before moving a line out.
        assert_eq!(
            labels.place((50.0, 60.0), (30.0, 10.0), &[Side::Above, Side::Below], 2.0),
            Some((-15, 2))
        );
        // An area with no room left gives up.
        let mut full = Labels::new(Rect::new(0.0, 0.0, 30.0, 10.0));
        assert_eq!(full.place((0.0, 5.0), (30.0, 10.0), &[Side::Right], 0.0), Some((0, -5)));
        assert_eq!(
            full.place((0.0, 5.0), (30.0, 10.0), &[Side::Right, Side::Left, Side::Above, Side::Below], 0.0),
            None
        );
    }
}
