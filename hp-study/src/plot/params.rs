//! The final value against each hyperparameter, one panel per parameter, each on its own scale.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use hp_plot::axis::{self, Ends, ParamAxis, Tick};
use hp_plot::style::{self, BAND, BEST, COMPLETE, FAILED, GRID, MUTED, Mark, PRUNED, TEXT};
use hp_plot::ticked::Ticked;
use hp_plot::{PlotError, pad};

use super::{Data, Outcome};
use hp_core::Direction;

/// One panel's size in pixels.
const PANEL: (u32, u32) = (470, 350);
/// The height of the title, subtitle and legend above the panels.
const HEADER: u32 = 138;
/// How far the x axis runs past the unit interval on each side, so points at 0 and 1 show whole.
const X_PAD: f64 = 0.04;
/// The x-axis label area, the y-axis label area and the panel's outer margins, in pixels.
const X_LABELS: u32 = 56;
const Y_LABELS: u32 = 84;
const MARGIN: u32 = 12;
const MARGIN_RIGHT: u32 = 26;

pub(crate) fn render(data: &Data<'_>) -> Result<String, PlotError> {
    if data.axes.is_empty() {
        return Err(PlotError::NoParams);
    }
    let (v_lo, v_hi) = data.value_range()?;
    let (v_lo, v_hi) = pad(v_lo, v_hi, 0.06);
    let n = data.axes.len();
    let cols = match n {
        1 => 1,
        2..=4 => 2,
        _ => 3,
    };
    let rows = n.div_ceil(cols);
    let width = f64::from(cols as u32 * PANEL.0 + 24) - 48.0;
    let mut subtitle =
        style::Subtitle::new(&format!("{}: {}", data.trials_text(), data.counts_text()), width);
    subtitle.push(&data.best_text(), width);
    // The header has room for two lines under the title; more make the picture taller.
    let extra = subtitle.extra().saturating_sub(style::SUBTITLE_LINE);
    let header = HEADER + extra;
    let size = (cols as u32 * PANEL.0 + 24, header + rows as u32 * PANEL.1 + 12);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(header);
        draw_header(&header, data, &subtitle, extra)?;
        let body = body.margin(0, 12, 12, 12);
        let panels = body.split_evenly((rows, cols));
        let band = has_band(data).then(|| band_range(v_lo, v_hi, data.direction));
        for (axis, panel) in data.axes.iter().zip(panels.iter()) {
            draw_panel(panel, axis, data, (v_lo, v_hi), band)?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// Title, the `subtitle` (counts and best trial), and a legend of the markers, `extra` pixels
/// lower for a subtitle of more than two lines.
fn draw_header(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    data: &Data<'_>,
    subtitle: &style::Subtitle,
    extra: u32,
) -> Result<(), PlotError> {
    let title = format!("Final {} by hyperparameter", data.metric);
    area.draw(&Text::new(title, (24, 18), style::bold(style::TITLE_SIZE, TEXT, HPos::Left, VPos::Top)))?;
    subtitle.draw(area, (24, 52))?;
    let (_, pruned, failed) = data.counts();
    let mut items = vec![
        (Mark::Dot(COMPLETE, 4, 0.75), "completed".to_owned()),
        (Mark::Dot(BEST, 7, 1.0), "best".to_owned()),
    ];
    if pruned > 0 {
        items.push((Mark::Ring(PRUNED), "pruned (no final value)".to_owned()));
    }
    if failed > 0 {
        items.push((Mark::Cross(FAILED), "failed".to_owned()));
    }
    style::legend_row(area, (32, 116 + extra as i32), &items)?;
    Ok(())
}

fn has_band(data: &Data<'_>) -> bool {
    (0..data.records.len()).any(|i| matches!(data.outcome(i), Outcome::Pruned | Outcome::Failed))
}

/// The band for trials without a final value, beyond the worse end of the value range `lo..hi`.
fn band_range(lo: f64, hi: f64, direction: Direction) -> (f64, f64) {
    let h = 0.2 * (hi - lo);
    match direction {
        Direction::Minimize => (hi, hi + h),
        Direction::Maximize => (lo - h, lo),
    }
}

fn draw_panel(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    axis: &ParamAxis,
    data: &Data<'_>,
    (v_lo, v_hi): (f64, f64),
    band: Option<(f64, f64)>,
) -> Result<(), PlotError> {
    let (y_lo, y_hi) = match band {
        Some((b_lo, b_hi)) => (v_lo.min(b_lo), v_hi.max(b_hi)),
        None => (v_lo, v_hi),
    };

    // Ticks that fit: the axis is the plotting width, over 1 + 2 X_PAD units.
    let plot_px = (area.dim_in_pixel().0 - Y_LABELS - MARGIN - MARGIN_RIGHT) as f64;
    let unit_px = plot_px / (1.0 + 2.0 * X_PAD);
    let mut ticks = axis.ticks(Ends::IfRoom);
    if axis.scale_name() == "choice" {
        // A value's label has its bin's width, which a weight makes wider or narrower.
        for t in &mut ticks {
            let room = axis.bin_width(t.unit).unwrap_or(1.0) * unit_px - 8.0;
            t.label = style::truncate(&t.label, style::LABEL_SIZE, room);
        }
    }
    let ticks: Vec<Tick> = axis::thin(&ticks, unit_px, |s| style::text_width(s, style::LABEL_SIZE));
    let x_axis = Ticked::new(-X_PAD, 1.0 + X_PAD, ticks.iter().map(|t| t.unit));
    let y_ticks = axis::value_ticks(v_lo, v_hi, 6, false).into_iter().map(|t| t.0);
    let y_axis = Ticked::new(y_lo, y_hi, y_ticks);

    let name = style::truncate_bold(&axis.name, style::DESC_SIZE, PANEL.0 as f64 - 40.0);
    let mut chart = ChartBuilder::on(area)
        .margin(MARGIN)
        .margin_right(MARGIN_RIGHT)
        .caption(name, style::bold(style::DESC_SIZE, TEXT, HPos::Center, VPos::Top))
        .x_label_area_size(X_LABELS)
        .y_label_area_size(Y_LABELS)
        .build_cartesian_2d(x_axis, y_axis)?;
    let x_label = |u: &f64| {
        ticks.iter().find(|t| (t.unit - u).abs() < 1e-12).map(|t| t.label.clone()).unwrap_or_default()
    };
    let y_label = |v: &f64| axis::format_tick(*v);
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .axis_style(style::AXIS)
        .label_style(style::text(style::LABEL_SIZE, TEXT, HPos::Center, VPos::Center))
        .axis_desc_style(style::text(style::DESC_SIZE - 1.0, MUTED, HPos::Center, VPos::Center))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc(scale_description(axis))
        .y_desc(data.metric)
        .draw()?;

    // Pruned and failed trials: a grey band at the worse end, one row each.
    let rows = band.map(|(b_lo, b_hi)| {
        let (near, far) = match data.direction {
            Direction::Minimize => (b_lo, b_hi),
            Direction::Maximize => (b_hi, b_lo),
        };
        let at = |f: f64| near + f * (far - near);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(-X_PAD, b_lo), (1.0 + X_PAD, b_hi)],
                BAND.filled(),
            )))
            .map(|_| (at(0.4), at(0.75)))
    });
    let rows = rows.transpose()?;
    if let Some((pruned_y, failed_y)) = rows {
        // Named left of the axis, where the value ticks would be.
        let note = style::text(style::SMALL_SIZE, MUTED, HPos::Right, VPos::Center);
        let (_, pruned, failed) = data.counts();
        let rows = [(pruned_y, "pruned", pruned), (failed_y, "failed", failed)];
        for (y, text, _) in rows.into_iter().filter(|r| r.2 > 0) {
            let label = EmptyElement::at((-X_PAD, y)) + Text::new(text, (-8, 0), note.clone());
            chart.draw_series(std::iter::once(label))?;
        }
    }

    // Spread points of a discrete parameter inside their value's bin.
    let x_of = |i: usize| -> Option<f64> {
        let r = &data.records[i];
        axis.spread_position(&r.unit, style::jitter(r.index))
    };
    for outcome in [Outcome::Pruned, Outcome::Failed, Outcome::Complete, Outcome::Best] {
        for i in (0..data.records.len()).filter(|&i| data.outcome(i) == outcome) {
            let Some(x) = x_of(i) else { continue };
            let y = data.records[i].value.filter(|v| v.is_finite());
            match (outcome, y, rows) {
                (Outcome::Complete, Some(y), _) => {
                    chart.draw_series(std::iter::once(Circle::new(
                        (x, y),
                        4,
                        COMPLETE.mix(0.75).filled(),
                    )))?;
                }
                (Outcome::Best, Some(y), _) => {
                    let marker = EmptyElement::at((x, y))
                        + Circle::new((0, 0), 7, BEST.filled())
                        + Circle::new((0, 0), 7, WHITE.stroke_width(1));
                    chart.draw_series(std::iter::once(marker))?;
                }
                (Outcome::Pruned, _, Some((y, _))) => {
                    chart.draw_series(std::iter::once(Circle::new((x, y), 4, PRUNED.stroke_width(1))))?;
                }
                (Outcome::Failed, _, Some((_, y))) => {
                    chart.draw_series(std::iter::once(Cross::new((x, y), 4, FAILED.stroke_width(2))))?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The x-axis title: which scale the axis is on.
fn scale_description(axis: &ParamAxis) -> String {
    match axis.scale_name() {
        "log" => "log scale".to_owned(),
        "reverse_log" => "reverse_log scale: uniform in log(1 − x)".to_owned(),
        "linear" => "linear scale".to_owned(),
        "choice" => "choice".to_owned(),
        other => format!("{other} coordinate"),
    }
}
