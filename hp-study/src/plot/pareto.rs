//! The Pareto front: every trial by two of its objectives, the front drawn as the staircase it
//! dominates; with three objectives or more, one panel per pair.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use hp_plot::axis;
use hp_plot::label::{Labels, Rect, Side, text_box};
use hp_plot::style::{self, BEST, COMPLETE, GRID, TEXT};
use hp_plot::ticked::Ticked;
use hp_plot::{PlotError, pad, write_svg};

use crate::ParetoFront;
use crate::pareto::Objective;
use hp_core::Direction;

/// One panel's size in pixels, and the header's height above the panels.
const PANEL: (u32, u32) = (560, 440);
const HEADER: u32 = 96;

/// How an objective's axis is drawn: its values, or their base-10 logarithm when every value is
/// positive and they span two decades or more (a parameter count, a training time).
#[derive(Clone, Copy)]
struct Scale {
    log: bool,
    lo: f64,
    hi: f64,
}

impl Scale {
    fn of(values: impl Iterator<Item = f64> + Clone) -> Scale {
        let lo = values.clone().fold(f64::INFINITY, f64::min);
        let hi = values.fold(f64::NEG_INFINITY, f64::max);
        let log = lo > 0.0 && hi / lo >= 100.0;
        let (lo, hi) = if log { (lo.log10(), hi.log10()) } else { (lo, hi) };
        let (lo, hi) = if hi > lo { pad(lo, hi, 0.06) } else { (lo - 0.5, hi + 0.5) };
        Scale { log, lo, hi }
    }

    fn at(&self, x: f64) -> f64 {
        if self.log { x.log10() } else { x }
    }

    /// Tick positions (in the axis's own coordinate) with their labels.
    fn ticks(&self) -> Vec<(f64, String)> {
        if self.log {
            (self.lo.ceil() as i32..=self.hi.floor() as i32)
                .map(|k| (f64::from(k), axis::format_tick(10f64.powi(k))))
                .collect()
        } else {
            axis::value_ticks(self.lo, self.hi, 7, false)
        }
    }

    fn name(&self, objective: &Objective) -> String {
        let better = match objective.direction() {
            Direction::Minimize => "lower is better",
            Direction::Maximize => "higher is better",
        };
        let log = if self.log { ", log scale" } else { "" };
        format!("{} ({better}{log})", objective.label())
    }
}

impl ParetoFront<'_> {
    /// The Pareto plot as SVG text: with two objectives, every trial that took part as a dot by
    /// its two values, the front's trials larger and labelled by index, and the staircase that
    /// bounds the region the front dominates; with more, one such panel per pair of objectives
    /// (each front trial of the whole front marked in every panel). An axis whose values are all
    /// positive and span two decades or more is logarithmic.
    ///
    /// ```
    /// use hp_core::Direction;
    /// use hp_study::{Objective, Results, Status, TrialRecord};
    /// let trial = |index, error: f64, size: f64| TrialRecord {
    ///     index, config: serde_json::json!(true), unit: vec![0.75], curve: vec![], value: Some(error),
    ///     status: Status::Complete, duration_secs: 0.0,
    ///     metrics: [("size".to_owned(), size)].into_iter().collect(), constraints: Default::default(),
    /// };
    /// let results = Results::<bool>::new(vec![trial(0, 0.1, 3e4), trial(1, 0.2, 1e2), trial(2, 0.3, 3e4)], Direction::Minimize);
    /// let front = results.pareto_front(&[Objective::value(Direction::Minimize), Objective::metric("size", Direction::Minimize)])?;
    /// let svg = front.svg()?;
    /// assert!(svg.contains("size (lower is better, log scale)") && svg.contains("2 on the front"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`PlotError::NoCompleteTrials`] if no trial took part.
    pub fn svg(&self) -> Result<String, PlotError> {
        if self.everyone.is_empty() {
            return Err(PlotError::NoCompleteTrials { failed: 0, pruned: 0 });
        }
        let d = self.objectives().len();
        let pairs: Vec<(usize, usize)> = match d {
            1 => vec![(0, 0)],
            _ => (0..d).flat_map(|a| (a + 1..d).map(move |b| (a, b))).collect(),
        };
        let cols = pairs.len().min(3);
        let rows = pairs.len().div_ceil(cols);
        let width = f64::from(cols as u32 * PANEL.0 + 24) - 48.0;
        let names: Vec<&str> = self.objectives().iter().map(Objective::label).collect();
        let mut counts = format!(
            "{}: {} trials compared, {} on the front",
            names.join(" vs "),
            self.considered(),
            self.trials().len()
        );
        if self.left_out() > 0 {
            counts
                .push_str(&format!(", {} left out (not complete, or without an objective)", self.left_out()));
        }
        let subtitle = style::Subtitle::new(&counts, width);
        // The header has room for two lines under the title; more make the picture taller.
        let header_height = HEADER + subtitle.extra().saturating_sub(style::SUBTITLE_LINE);
        let size = (cols as u32 * PANEL.0 + 24, header_height + rows as u32 * PANEL.1 + 12);
        let scales: Vec<Scale> =
            (0..d).map(|k| Scale::of(self.everyone.iter().map(move |(_, v, _)| v[k]))).collect();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            root.fill(&WHITE)?;
            let (header, body) = root.split_vertically(header_height);
            let title = style::bold(style::TITLE_SIZE, TEXT, HPos::Left, VPos::Top);
            header.draw(&Text::new("Pareto front", (24, 18), title))?;
            subtitle.draw(&header, (24, 52))?;
            let panels = body.margin(0, 12, 12, 12).split_evenly((rows, cols));
            for (&(a, b), panel) in pairs.iter().zip(panels.iter()) {
                self.draw_pair(panel, (a, b), (&scales[a], &scales[b]))?;
            }
            root.present()?;
        }
        Ok(svg)
    }

    /// [`svg`](Self::svg), written to `path` (atomically).
    ///
    /// # Errors
    /// Those of [`svg`](Self::svg), and the file's.
    pub fn write_svg(&self, path: impl AsRef<std::path::Path>) -> Result<(), PlotError> {
        write_svg(path, self.svg()?)
    }

    fn draw_pair(
        &self,
        panel: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
        (a, b): (usize, usize),
        (x, y): (&Scale, &Scale),
    ) -> Result<(), PlotError> {
        let (x_ticks, y_ticks) = (x.ticks(), y.ticks());
        let label_of = |ticks: &[(f64, String)], v: f64| {
            ticks.iter().find(|(t, _)| (t - v).abs() < 1e-9).map(|(_, l)| l.clone()).unwrap_or_default()
        };
        let mut chart = ChartBuilder::on(panel)
            .margin(10)
            .margin_right(24)
            .x_label_area_size(52)
            .y_label_area_size(80)
            .build_cartesian_2d(
                Ticked::new(x.lo, x.hi, x_ticks.iter().map(|t| t.0)),
                Ticked::new(y.lo, y.hi, y_ticks.iter().map(|t| t.0)),
            )?;
        let x_label = |v: &f64| label_of(&x_ticks, *v);
        let y_label = |v: &f64| label_of(&y_ticks, *v);
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .axis_style(style::AXIS)
            .label_style(style::text(style::LABEL_SIZE, TEXT, HPos::Center, VPos::Center))
            .axis_desc_style(style::text(style::DESC_SIZE, TEXT, HPos::Center, VPos::Center))
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .x_desc(x.name(&self.objectives()[a]))
            .y_desc(y.name(&self.objectives()[b]))
            .draw()?;
        // This pair's own front (the trials no other beats in these two objectives), as the
        // staircase of the region it dominates.
        let loss = |k: usize, v: f64| match self.objectives()[k].direction() {
            Direction::Minimize => v,
            Direction::Maximize => -v,
        };
        let mut front: Vec<(f64, f64)> = self
            .everyone
            .iter()
            .map(|(_, v, _)| (v[a], v[b]))
            .filter(|&(p, q)| {
                !self.everyone.iter().any(|(_, w, _)| {
                    let (lp, lq, mp, mq) = (loss(a, w[a]), loss(b, w[b]), loss(a, p), loss(b, q));
                    lp <= mp && lq <= mq && (lp < mp || lq < mq)
                })
            })
            .collect();
        front.sort_by(|p, q| loss(a, p.0).total_cmp(&loss(a, q.0)));
        front.dedup();
        let at = |(p, q): (f64, f64)| (x.at(p), y.at(q));
        let mut stairs = Vec::new();
        for (k, &point) in front.iter().enumerate() {
            if k > 0 {
                stairs.push(at((point.0, front[k - 1].1)));
            }
            stairs.push(at(point));
        }
        chart.draw_series(std::iter::once(PathElement::new(stairs, BEST.mix(0.8).stroke_width(2))))?;
        let dots = self.everyone.iter().filter(|(.., on)| !on);
        chart.draw_series(
            dots.map(|(_, v, _)| Circle::new(at((v[a], v[b])), 3, COMPLETE.mix(0.55).filled())),
        )?;
        // One marker per point, labelled with every trial at it (equal configs give equal points);
        // labels go beside their markers where they cover no other label, marker or dot.
        let mut points: Vec<((f64, f64), Vec<u64>)> = Vec::new();
        for (r, v, _) in self.everyone.iter().filter(|(.., on)| *on) {
            let point = (v[a], v[b]);
            match points.iter_mut().find(|(p, _)| *p == point) {
                Some((_, indices)) => indices.push(r.index),
                None => points.push((point, vec![r.index])),
            }
        }
        points.sort_by(|p, q| loss(a, p.0.0).total_cmp(&loss(a, q.0.0)));
        let mut labels = Labels::within(chart.plotting_area());
        let pixels: Vec<(f64, f64)> = points
            .iter()
            .map(|(point, _)| {
                let (px, py) = chart.backend_coord(&at(*point));
                (f64::from(px), f64::from(py))
            })
            .collect();
        for &p in &pixels {
            labels.avoid(Rect::around(p, 7.0));
        }
        // The other trials' dots too, where there is room.
        for (_, v, _) in self.everyone.iter().filter(|(.., on)| !on) {
            let (px, py) = chart.backend_coord(&at((v[a], v[b])));
            labels.avoid(Rect::around((f64::from(px), f64::from(py)), 3.0));
        }
        chart.draw_series(points.iter().map(|(point, _)| Circle::new(at(*point), 6, BEST.filled())))?;
        let font = style::text(style::SMALL_SIZE, BEST, HPos::Left, VPos::Top);
        for ((point, indices), &p) in points.iter().zip(&pixels) {
            let label = indices.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
            let size = text_box(&label, style::SMALL_SIZE, false);
            let sides = [Side::Right, Side::Above, Side::Below, Side::Left];
            if let Some(offset) = labels.place(p, size, &sides, 3.0) {
                let text = EmptyElement::at(at(*point)) + Text::new(label, offset, font.clone());
                chart.draw_series(std::iter::once(text))?;
            }
        }
        Ok(())
    }
}
