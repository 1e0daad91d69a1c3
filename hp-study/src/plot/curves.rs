//! The learning curves of every trial, overlaid: the lecture's caviar picture.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use hp_plot::style::{self, BEST, COMPLETE, FAILED, GRID, PRUNED, TEXT};
use hp_plot::ticked::Ticked;
use hp_plot::{PlotError, axis, pad};

use super::{Data, Outcome};

/// The size with a title block of [`HEADER`]; a taller block makes the picture taller, so that
/// the plot keeps its size.
const SIZE: (u32, u32) = (1000, 660);
/// The least height of the title block: the title and two lines under it.
const HEADER: u32 = 104;
/// Where the first line under the title starts.
const SUBTITLE_TOP: u32 = 54;
/// The margin right of the plot, where the best trial's end is labelled.
const RIGHT: u32 = 140;

/// One trial's curve, split into the runs that lie inside the value range.
struct Curve {
    outcome: Outcome,
    runs: Vec<Vec<(f64, f64)>>,
    /// The last finite point, if it is inside the value range.
    end: Option<(f64, f64)>,
}

pub(crate) fn render(data: &Data<'_>) -> Result<String, PlotError> {
    let points: Vec<Vec<(f64, f64)>> = data
        .records
        .iter()
        .map(|r| r.curve.iter().map(|p| (p.step as f64, p.value)).filter(|(_, v)| v.is_finite()).collect())
        .collect();
    let all: Vec<(f64, f64)> = points.iter().flatten().copied().collect();
    if all.is_empty() {
        return Err(PlotError::NoCurves);
    }
    let (x_lo, x_hi) =
        all.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
    let (x_lo, x_hi) = if x_lo < x_hi { (x_lo, x_hi) } else { pad(x_lo, x_hi, 0.0) };
    // The range fits the trials that did not fail; a failed trial's curve gets a little headroom
    // to show it turning away, and is cut where it leaves.
    let kept: Vec<f64> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| data.outcome(*i) != Outcome::Failed)
        .flat_map(|(_, p)| p.iter().map(|q| q.1))
        .collect();
    let (y_lo, y_hi) = if kept.is_empty() {
        fitted_range(all.iter().map(|p| p.1).collect())
    } else {
        let (lo, hi) = fitted_range(kept);
        let room = 0.25 * (hi - lo);
        let (all_lo, all_hi) = all.iter().fold((lo, hi), |(l, h), p| (l.min(p.1), h.max(p.1)));
        (all_lo.max(lo - room), all_hi.min(hi + room))
    };
    let (y_lo, y_hi) = pad(y_lo, y_hi, 0.04);

    let curves: Vec<Curve> = points
        .iter()
        .enumerate()
        .map(|(i, p)| Curve {
            outcome: data.outcome(i),
            runs: clip(p, y_lo, y_hi),
            end: p.last().copied().filter(|e| (y_lo..=y_hi).contains(&e.1)),
        })
        .collect();
    let clipped = points.iter().filter(|p| p.iter().any(|q| !(y_lo..=y_hi).contains(&q.1))).count();

    // The best trial's hyperparameters, as many lines as they take, then the note on clipping.
    let width = SIZE.0 as f64 - 48.0;
    let mut subtitle = style::Subtitle::new(&data.best_text(), width);
    if clipped > 0 {
        subtitle.push(&format!("{clipped} curves leave the range shown (cut at its edge)"), width);
    }
    let header_height = HEADER.max(SUBTITLE_TOP + style::SUBTITLE_LINE * subtitle.lines().len() as u32 + 2);
    let size = (SIZE.0, SIZE.1 - HEADER + header_height);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(header_height);
        let title = format!("Learning curves: {} ({})", data.trials_text(), data.counts_text());
        header.draw(&Text::new(
            title,
            (24, 18),
            style::bold(style::TITLE_SIZE, TEXT, HPos::Left, VPos::Top),
        ))?;
        subtitle.draw(&header, (24, SUBTITLE_TOP as i32))?;
        let (complete, pruned, failed) = data.counts();

        let x_ticks: Vec<f64> = axis::value_ticks(x_lo, x_hi, 10, true).into_iter().map(|t| t.0).collect();
        let y_ticks: Vec<f64> = axis::value_ticks(y_lo, y_hi, 8, false).into_iter().map(|t| t.0).collect();
        let mut chart = ChartBuilder::on(&body)
            .margin_left(16)
            // Room right of the curves for the best trial's label at its last point.
            .margin_right(RIGHT)
            .margin_top(8)
            .margin_bottom(12)
            .x_label_area_size(58)
            .y_label_area_size(92)
            .build_cartesian_2d(Ticked::new(x_lo, x_hi, x_ticks), Ticked::new(y_lo, y_hi, y_ticks))?;
        let label = |v: &f64| axis::format_tick(*v);
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .axis_style(style::AXIS)
            .label_style(style::text(style::LABEL_SIZE, TEXT, HPos::Center, VPos::Center))
            .axis_desc_style(style::text(style::DESC_SIZE, TEXT, HPos::Center, VPos::Center))
            .x_label_formatter(&label)
            .y_label_formatter(&label)
            .x_desc(data.steps)
            .y_desc(data.metric)
            .draw()?;

        let counts = [complete, pruned, failed];
        let mut labelled = [false; 4];
        for outcome in [Outcome::Failed, Outcome::Pruned, Outcome::Complete, Outcome::Best] {
            for (i, curve) in curves.iter().enumerate().filter(|(_, c)| c.outcome == outcome) {
                let (color, width) = match outcome {
                    Outcome::Best => (BEST.to_rgba(), 3),
                    Outcome::Complete => (COMPLETE.mix(0.35), 1),
                    Outcome::Pruned => (PRUNED.mix(0.5), 1),
                    Outcome::Failed => (FAILED.mix(0.6), 1),
                };
                let line = ShapeStyle::from(color).stroke_width(width);
                let paths =
                    curve.runs.iter().filter(|r| r.len() >= 2).map(|r| PathElement::new(r.clone(), line));
                let anno = chart.draw_series(paths)?;
                let slot = outcome as usize;
                if !labelled[slot] {
                    labelled[slot] = true;
                    let text = match outcome {
                        Outcome::Best => format!("best: trial {}", data.records[i].index),
                        Outcome::Complete => format!("completed ({})", counts[0]),
                        Outcome::Pruned => format!("pruned ({})", counts[1]),
                        Outcome::Failed => format!("failed ({})", counts[2]),
                    };
                    let swatch = ShapeStyle::from(color).stroke_width(width.max(2));
                    anno.label(text)
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], swatch));
                }
                if let Some(end) = curve.end {
                    draw_end(&mut chart, outcome, end, data, i)?;
                }
            }
        }
        let position = match data.direction {
            hp_core::Direction::Minimize => SeriesLabelPosition::UpperRight,
            hp_core::Direction::Maximize => SeriesLabelPosition::LowerRight,
        };
        chart
            .configure_series_labels()
            .position(position)
            .margin(12)
            .legend_area_size(30)
            .background_style(WHITE.mix(0.9))
            .border_style(GRID)
            .label_font(style::text(style::LABEL_SIZE, TEXT, HPos::Left, VPos::Center))
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>;

/// The marker at the end of a curve: where a pruned trial stopped, where a failed one broke,
/// and the best trial's final point with its label.
fn draw_end(
    chart: &mut Chart<'_, '_>,
    outcome: Outcome,
    end: (f64, f64),
    data: &Data<'_>,
    i: usize,
) -> Result<(), PlotError> {
    match outcome {
        Outcome::Pruned => {
            chart.draw_series(std::iter::once(Circle::new(end, 3, PRUNED.stroke_width(1))))?;
        }
        Outcome::Failed => {
            chart.draw_series(std::iter::once(Cross::new(end, 4, FAILED.stroke_width(2))))?;
        }
        Outcome::Complete => {
            chart.draw_series(std::iter::once(Circle::new(end, 2, COMPLETE.mix(0.6).filled())))?;
        }
        Outcome::Best => {
            let r = &data.records[i];
            let label =
                format!("trial {}: {}", r.index, r.value.map_or_else(String::new, Data::format_value));
            let marker = EmptyElement::at(end)
                + Circle::new((0, 0), 5, BEST.filled())
                + Text::new(label, (10, 0), style::bold(style::LABEL_SIZE, BEST, HPos::Left, VPos::Center));
            chart.draw_series(std::iter::once(marker))?;
        }
    }
    Ok(())
}

/// The range of `values` (all finite), narrowed at either end when a few values lie far outside
/// the rest (a diverging trial), so that it does not flatten every other curve.
fn fitted_range(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let (lo, hi) = (values[0], values[n - 1]);
    let at = |p: f64| values[((n - 1) as f64 * p).round() as usize];
    let (q05, q95) = (at(0.05), at(0.95));
    let spread = q95 - q05;
    if !(spread > 0.0) {
        return (lo, hi);
    }
    (lo.max(q05 - 2.0 * spread), hi.min(q95 + 2.0 * spread))
}

/// The parts of the polyline `points` with `lo <= y <= hi`, cut where it crosses either bound.
fn clip(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let inside = |p: &(f64, f64)| (lo..=hi).contains(&p.1);
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    if points.len() == 1 && inside(&points[0]) {
        return vec![points.to_vec()];
    }
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        // The part of the segment a + t (b - a), t in [0, 1], inside the band.
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        let dy = b.1 - a.1;
        for (bound, below) in [(lo, true), (hi, false)] {
            if dy == 0.0 {
                let out = if below { a.1 < bound } else { a.1 > bound };
                if out {
                    t0 = 1.0;
                    t1 = 0.0;
                }
            } else {
                let t = (bound - a.1) / dy;
                let entering = if below { dy > 0.0 } else { dy < 0.0 };
                if entering { t0 = t0.max(t) } else { t1 = t1.min(t) }
            }
        }
        if t0 > t1 {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            continue;
        }
        let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * dy);
        if t0 > 0.0 && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
        if run.is_empty() {
            run.push(at(t0));
        }
        run.push(at(t1));
        if t1 < 1.0 {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_at_the_bounds() {
        let runs = clip(&[(0.0, 0.5), (1.0, 2.0), (2.0, 0.5)], 0.0, 1.0);
        let expected = [[(0.0, 0.5), (1.0 / 3.0, 1.0)], [(5.0 / 3.0, 1.0), (2.0, 0.5)]];
        assert_eq!(runs.len(), 2);
        for (run, want) in runs.iter().zip(expected) {
            assert_eq!(run.len(), 2);
            for (p, q) in run.iter().zip(want) {
                assert!((p.0 - q.0).abs() < 1e-12 && (p.1 - q.1).abs() < 1e-12, "{run:?}");
            }
        }
        assert_eq!(clip(&[(0.0, 0.5), (1.0, 0.7)], 0.0, 1.0), vec![vec![(0.0, 0.5), (1.0, 0.7)]]);
        assert!(clip(&[(0.0, 5.0), (1.0, 6.0)], 0.0, 1.0).is_empty());
        assert_eq!(clip(&[(3.0, 0.5)], 0.0, 1.0), vec![vec![(3.0, 0.5)]]);
    }

    #[test]
    fn a_diverging_value_does_not_set_the_range() {
        let mut values: Vec<f64> = (0..100).map(|i| i as f64 / 100.0).collect();
        values.push(1e6);
        let (lo, hi) = fitted_range(values);
        assert_eq!(lo, 0.0);
        assert!(hi < 3.0);
    }
}
