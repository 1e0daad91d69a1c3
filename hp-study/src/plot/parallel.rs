//! Parallel coordinates: one vertical axis per hyperparameter and one for the final value, one
//! line per trial.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use hp_plot::axis::{self, Ends, Tick};
use hp_plot::style::{self, AXIS, BEST, FAILED, MUTED, Mark, PRUNED, TEXT};
use hp_plot::ticked::Ticked;
use hp_plot::{PlotError, pad};

use super::{Data, Outcome};
use hp_core::Direction;

/// Pixels between two axes.
const SPACING: u32 = 170;
/// Height of the whole picture, and of the title block above the axes.
const HEIGHT: u32 = 640;
const HEADER: u32 = 112;
/// Room around the axes: for tick labels left of the first axis, the colour bar right of the
/// last, names above and scale names below.
const LEFT: u32 = 90;
const RIGHT: u32 = 110;
const TOP: u32 = 48;
const BOTTOM: u32 = 44;

pub(crate) fn render(data: &Data<'_>) -> Result<String, PlotError> {
    if data.axes.is_empty() {
        return Err(PlotError::NoParams);
    }
    // A single value gets a range around it, so that its line ends mid-axis between two labels.
    let (v_lo, v_hi) = data.value_range()?;
    let (v_lo, v_hi) = if v_lo < v_hi { (v_lo, v_hi) } else { pad(v_lo, v_hi, 0.0) };
    let last = data.axes.len(); // the value axis
    let width = (LEFT + RIGHT + SPACING * last as u32).max(820);
    let plot_height = (HEIGHT - HEADER - TOP - BOTTOM) as f64;
    // How good a value is, 0 (worst) to 1 (best), and its height on the value axis.
    let goodness = |v: f64| {
        if !(v_hi > v_lo) {
            return 1.0;
        }
        let t = (v - v_lo) / (v_hi - v_lo);
        if data.direction == Direction::Maximize { t } else { 1.0 - t }
    };
    let value_height = |v: f64| if v_hi > v_lo { (v - v_lo) / (v_hi - v_lo) } else { 0.5 };

    let subtitle = style::Subtitle::new(
        &format!(
            "{} ({}), one line each, coloured by final {}",
            data.trials_text(),
            data.counts_text(),
            data.metric
        ),
        width as f64 - 48.0,
    );
    // A subtitle of several lines makes the picture taller, not the plot smaller.
    let extra = subtitle.extra();

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, HEIGHT + extra)).into_drawing_area();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER + extra);
        header.draw(&Text::new(
            "Parallel coordinates",
            (24, 18),
            style::bold(style::TITLE_SIZE, TEXT, HPos::Left, VPos::Top),
        ))?;
        let (_, pruned, failed) = data.counts();
        subtitle.draw(&header, (24, 52))?;
        let mut items = vec![
            (Mark::Line(style::ramp(0.0), 2, 1.0), "worse".to_owned()),
            (Mark::Line(style::ramp(1.0), 2, 1.0), "better".to_owned()),
            (Mark::Line(BEST, 3, 1.0), "best".to_owned()),
        ];
        if pruned > 0 {
            items.push((Mark::Line(PRUNED, 1, 0.6), "pruned".to_owned()));
        }
        if failed > 0 {
            items.push((Mark::Line(FAILED, 1, 0.6), "failed".to_owned()));
        }
        style::legend_row(&header, (32, 90 + extra as i32), &items)?;

        let mut chart = ChartBuilder::on(&body)
            .margin_left(LEFT)
            .margin_right(RIGHT)
            .margin_top(TOP)
            .margin_bottom(BOTTOM)
            .build_cartesian_2d(Ticked::new(0.0, last as f64, []), Ticked::new(0.0, 1.0, []))?;

        // Lines: trials without a value first, then worst to best, the best on top.
        let mut order: Vec<usize> = (0..data.records.len()).collect();
        let key = |i: &usize| match data.outcome(*i) {
            Outcome::Pruned | Outcome::Failed => -1.0,
            Outcome::Complete => goodness(data.records[*i].value.unwrap_or(v_lo)),
            Outcome::Best => 2.0,
        };
        order.sort_by(|a, b| key(a).total_cmp(&key(b)));
        for i in order {
            let r = &data.records[i];
            let outcome = data.outcome(i);
            let (color, stroke) = match outcome {
                Outcome::Best => (BEST.to_rgba(), 3),
                Outcome::Complete => (style::ramp(key(&i)).mix(0.85), 1),
                Outcome::Pruned => (PRUNED.mix(0.35), 1),
                Outcome::Failed => (FAILED.mix(0.35), 1),
            };
            let mut points: Vec<Option<(f64, f64)>> = data
                .axes
                .iter()
                .enumerate()
                .map(|(k, a)| a.spread_position(&r.unit, style::jitter(r.index)).map(|u| (k as f64, u)))
                .collect();
            if matches!(outcome, Outcome::Best | Outcome::Complete) {
                points.push(r.value.filter(|v| v.is_finite()).map(|v| (last as f64, value_height(v))));
            }
            // An inactive parameter (another variant's field) breaks the line.
            let runs = points.split(Option::is_none).filter(|run| run.len() >= 2);
            let style = ShapeStyle::from(color).stroke_width(stroke);
            chart.draw_series(
                runs.map(|run| PathElement::new(run.iter().flatten().copied().collect::<Vec<_>>(), style)),
            )?;
        }

        // Axes on top of the lines.
        let label_px = |_: &str| style::LABEL_SIZE / 1.24 * 2.0;
        for (k, a) in data.axes.iter().enumerate() {
            let ticks = axis::thin(&a.ticks(Ends::Always), plot_height, label_px);
            let name = style::truncate_bold(&a.name, style::DESC_SIZE, SPACING as f64 - 12.0);
            draw_axis(&mut chart, k as f64, &ticks, &name, a.scale_name(), Side::Left)?;
        }
        let mut value_ticks: Vec<Tick> = vec![
            Tick { unit: 0.0, label: Data::format_value(v_lo), priority: 0 },
            Tick { unit: 1.0, label: Data::format_value(v_hi), priority: 0 },
        ];
        if v_hi > v_lo {
            for (v, label) in axis::value_ticks(v_lo, v_hi, 6, false) {
                let unit = value_height(v);
                if value_ticks.iter().all(|t| (t.unit - unit).abs() > 0.04) {
                    value_ticks.push(Tick { unit, label, priority: 1 });
                }
            }
        }
        // The value axis doubles as the colour bar.
        let bar = (0..40).map(|s| {
            let (y0, y1) = (s as f64 / 40.0, (s + 1) as f64 / 40.0);
            let t = goodness(v_lo + (y0 + y1) / 2.0 * (v_hi - v_lo));
            let c = style::ramp(t);
            EmptyElement::at((last as f64, y1))
                + Rectangle::new([(6, 0), (16, (plot_height / 40.0).ceil() as i32)], c.filled())
        });
        chart.draw_series(bar)?;
        let ticks = axis::thin(&value_ticks, plot_height, label_px);
        let name = style::truncate_bold(data.metric, style::DESC_SIZE, SPACING as f64 - 12.0);
        draw_axis(&mut chart, last as f64, &ticks, &name, "final value", Side::Right)?;
        root.present()?;
    }
    Ok(svg)
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>;

/// Which side of an axis its tick labels go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    /// Right, past the colour bar.
    Right,
}

/// A vertical axis at `x`: the line, tick marks with labels on a white backing (lines pass
/// under them), the name above and what the axis measures below.
fn draw_axis(
    chart: &mut Chart<'_, '_>,
    x: f64,
    ticks: &[Tick],
    name: &str,
    below: &str,
    side: Side,
) -> Result<(), PlotError> {
    let line = ShapeStyle::from(AXIS).stroke_width(1);
    chart.draw_series(std::iter::once(PathElement::new(vec![(x, 0.0), (x, 1.0)], line)))?;
    let (anchor, mark, start) = match side {
        Side::Left => (HPos::Right, (-5, 0), -9),
        Side::Right => (HPos::Left, (16, 21), 25),
    };
    let label = style::text(style::LABEL_SIZE, TEXT, anchor, VPos::Center);
    let half_height = (style::LABEL_SIZE / 1.24 * 0.6).ceil() as i32;
    chart.draw_series(ticks.iter().map(|t| {
        let w = style::text_width(&t.label, style::LABEL_SIZE).ceil() as i32;
        let (x0, x1) =
            if side == Side::Left { (start - w - 2, start + 2) } else { (start - 2, start + w + 2) };
        EmptyElement::at((x, t.unit))
            + Rectangle::new([(x0, -half_height), (x1, half_height)], WHITE.mix(0.8).filled())
            + PathElement::new(vec![(mark.0, 0), (mark.1, 0)], line)
            + Text::new(t.label.clone(), (start, 0), label.clone())
    }))?;
    let title = style::bold(style::DESC_SIZE, TEXT, HPos::Center, VPos::Bottom);
    let note = style::text(style::SMALL_SIZE, MUTED, HPos::Center, VPos::Top);
    let texts = [
        EmptyElement::at((x, 1.0)) + Text::new(name.to_owned(), (0, -16), title),
        EmptyElement::at((x, 0.0)) + Text::new(below.to_owned(), (0, 14), note),
    ];
    chart.draw_series(texts)?;
    Ok(())
}
