//! The panda pictures (feature `plot`): one model's metric day by day, with nudges
//! and rollbacks marked, and the nudged hyperparameters underneath, each on its own scale.
//!
//! ```
//! use hp_panda::{Json, Panda};
//! use hp_panda::plot;
//! use hp_core::Hyperparams;
//! #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
//! # #[hp(crate = "hp_core")]
//! struct Train {
//!     #[hp(log, 1e-3, 1.0)]
//!     learning_rate: f64,
//! }
//!
//! let mut session = Panda::builder("sketch").open(|| Ok::<_, String>((Train { learning_rate: 0.1 }, Json(1.0_f64))))?;
//! let alpha = Train::space().param_id("learning_rate")?;
//! session.train_day(|w: &mut Json<f64>, _: &Train| Ok::<_, String>({ w.0 *= 0.5; w.0 }))?;
//! session.nudge(&alpha, 1)?;
//! session.train_day(|w: &mut Json<f64>, _: &Train| Ok::<_, String>({ w.0 *= 2.5; w.0 }))?;
//! session.rollback_to(1)?;
//! let svg = plot::day_by_day_svg(session.history(), session.space(), "loss")?;
//! assert!(svg.contains("learning_rate") && svg.contains("back to day 1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::{DayRecord, History, PbtDay, PbtHistory};
use hp_core::Space;
/// Why a picture was not drawn or written (hp-plot's error, as `hp::study::plot` names it too).
pub use hp_plot::PlotError;
use hp_plot::axis::{self, Ends, ParamAxis, Tick};
use hp_plot::label::{Labels, Rect, Side, text_box};
use hp_plot::pad;
use hp_plot::style::{self, AXIS, BEST, COMPLETE, FAILED, GRID, PRUNED, TEXT};
use hp_plot::ticked::Ticked;

const WIDTH: u32 = 1000;
const HEADER: u32 = 118;
const METRIC: u32 = 340;
const PANEL: u32 = 128;
/// Room for the day axis under the last panel.
const FOOTER: u32 = 54;
const LEFT: u32 = 96;
const RIGHT: u32 = 40;
/// At most this many hyperparameter panels.
const MAX_PANELS: usize = 4;

/// Writes the panda picture of `history` to an SVG file; see [`day_by_day_svg`].
///
/// ```
/// # use hp_panda::{Json, Panda, plot};
/// # use hp_core::Hyperparams;
/// # #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # #[hp(crate = "hp_core")]
/// # struct Train { #[hp(log, 1e-3, 1.0)] learning_rate: f64 }
/// # let start = || Ok::<_, String>((Train { learning_rate: 0.1 }, Json(1.0_f64)));
/// # let mut session = Panda::builder("sketch").open(start)?;
/// # session.train_day(|w: &mut Json<f64>, _: &Train| Ok::<_, String>({ w.0 *= 0.5; w.0 }))?; // loss 0.5
/// # session.nudge(&Train::space().param_id("learning_rate")?, 1)?;
/// # session.train_day(|w: &mut Json<f64>, _: &Train| Ok::<_, String>({ w.0 *= 2.5; w.0 }))?; // loss 1.25
/// # session.rollback_to(1)?;
/// let path = std::env::temp_dir().join(format!("hp-panda-days-doc-{}.svg", std::process::id()));
/// plot::day_by_day(session.history(), session.space(), "loss", &path)?;
/// let svg = plot::day_by_day_svg(session.history(), session.space(), "loss")?;
/// assert_eq!(std::fs::read_to_string(&path)?, svg);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`day_by_day_svg`], and [`PlotError::Io`].
pub fn day_by_day(
    history: &History,
    space: &Space,
    metric: &str,
    path: impl AsRef<Path>,
) -> Result<(), PlotError> {
    hp_plot::write_svg(path.as_ref(), day_by_day_svg(history, space, metric)?)
}

/// The panda picture of a session's history as an SVG document.
///
/// - **Top**: the metric after each day. The line joins each day to the day whose model it
///   continued from, so after a rollback it starts again from the day rolled back to. Days on
///   the way to the current model are blue; days that were rolled back from are grey with a red
///   cross (a diverged day's cross sits at the top edge, labelled); a red dashed arrow goes from
///   the day of each rollback to the day it went back to; the best day is orange.
/// - **Underneath**: one panel per hyperparameter that changed during the session (all of
///   them if none did, at most four), the value in force each day as a step line on the
///   parameter's own scale (a `log` α moves by equal heights per nudge), ▲ and ▼ where a
///   decision nudged it up or down (hollow when the nudge stopped at a bound), and the value in
///   force now after the last day.
///
/// ```
/// # use hp_panda::{Json, Panda, plot};
/// # use hp_core::Hyperparams;
/// # #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # #[hp(crate = "hp_core")]
/// # struct Train { #[hp(log, 1e-3, 1.0)] learning_rate: f64 }
/// # let start = || Ok::<_, String>((Train { learning_rate: 0.1 }, Json(1.0_f64)));
/// # let mut session = Panda::builder("sketch").open(start)?;
/// # use hp_plot::PlotError;
/// let svg = plot::day_by_day_svg(session.history(), session.space(), "loss");
/// assert!(matches!(svg, Err(PlotError::NoCurves))); // day 0 has no metric: nothing to draw yet
/// # session.train_day(|w: &mut Json<f64>, _: &Train| Ok::<_, String>({ w.0 *= 0.5; w.0 }))?; // loss 0.5
/// # session.nudge(&Train::space().param_id("learning_rate")?, 1)?;
/// # session.train_day(|w: &mut Json<f64>, _: &Train| Ok::<_, String>({ w.0 *= 2.5; w.0 }))?; // loss 1.25
/// # session.rollback_to(1)?;
/// let svg = plot::day_by_day_svg(session.history(), session.space(), "loss")?;
/// assert!(svg.contains("One model, day by day: 2 days, 1 nudge, 1 rollback"));
/// assert!(svg.contains("best: day 1, loss 0.5") && svg.contains("back to day 1"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PlotError::NoCurves`] when no day has a finite metric, [`PlotError::UnitLength`] for a
/// history of another space.
pub fn day_by_day_svg(history: &History, space: &Space, metric: &str) -> Result<String, PlotError> {
    let days: Vec<&DayRecord> = history.days().iter().filter(|d| d.day > 0).collect();
    let finite: Vec<f64> = days.iter().filter_map(|d| d.finite_metric()).collect();
    if finite.is_empty() {
        return Err(PlotError::NoCurves);
    }
    let dim = space.dim();
    for d in history.days() {
        if d.unit.len() != dim {
            return Err(PlotError::UnitLength { trial: d.day, expected: dim, found: d.unit.len() });
        }
    }
    let last = days.last().map_or(1, |d| d.day);
    let axes = shown_axes(history, space);
    let subtitle = style::Subtitle::new(&best_text(history, &axes, metric), WIDTH as f64 - 48.0);
    // A subtitle of several lines makes the picture taller, not the plots smaller.
    let header = HEADER + subtitle.extra();
    let height = header + METRIC + PANEL * axes.len() as u32 + FOOTER;
    let x_range = (0.5, last as f64 + 0.9);
    let day_ticks: Vec<f64> =
        axis::value_ticks(1.0, last as f64, 16, true).into_iter().map(|t| t.0).collect();
    let model_day = history.model_day().unwrap_or(0);
    let kept: BTreeSet<u64> = history.lineage(model_day).iter().map(|d| d.day).collect();

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (header, rest) = root.split_vertically(header);
        let (top, rest) = rest.split_vertically(METRIC);
        draw_header(&header, history, &subtitle)?;
        draw_metric(&top, history, &kept, x_range, &day_ticks, metric, axes.is_empty())?;
        let mut area = rest;
        for (k, a) in axes.iter().enumerate() {
            let is_last = k + 1 == axes.len();
            let (panel, below) = area.split_vertically(PANEL + if is_last { FOOTER } else { 0 });
            draw_param(&panel, history, a, x_range, &day_ticks, is_last)?;
            area = below;
        }
        root.present()?;
    }
    Ok(svg)
}

/// Writes the picture of a population based training run to an SVG file; see
/// [`population_svg`].
///
/// ```
/// # use hp_panda::{Json, Pbt, plot};
/// # use hp_core::Hyperparams;
/// # #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # #[hp(crate = "hp_core")]
/// # struct Train { #[hp(log, 1e-4, 1.0)] learning_rate: f64 }
/// # let alpha = Train::space().param_id("learning_rate")?;
/// # let history = Pbt::new(4).interval(2).seed(7).explore([alpha]).threads(1).run(
/// #     6,
/// #     |member| Ok::<_, String>((Train { learning_rate: 1e-4 * (member + 1) as f64 }, Json(0.0_f64))),
/// #     |w: &mut Json<f64>, cfg: &Train, _day| {
/// #         w.0 -= cfg.learning_rate * 2.0 * (w.0 - 3.0);
/// #         Ok::<f64, String>((w.0 - 3.0).powi(2))
/// #     },
/// #     |_, _| {},
/// # )?;
/// let path = std::env::temp_dir().join(format!("hp-panda-pbt-doc-{}.svg", std::process::id()));
/// plot::population(&history, &Train::space(), "loss", &path)?;
/// assert_eq!(std::fs::read_to_string(&path)?, plot::population_svg(&history, &Train::space(), "loss")?);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`population_svg`], and [`PlotError::Io`].
pub fn population(
    history: &PbtHistory,
    space: &Space,
    metric: &str,
    path: impl AsRef<Path>,
) -> Result<(), PlotError> {
    hp_plot::write_svg(path.as_ref(), population_svg(history, space, metric)?)
}

/// Many pandas: a population based training run as an SVG document.
///
/// - **Top**: every member's metric day by day, thin blue lines. Where a member copied another
///   (exploit), its line jumps, dashed, from the copied member's point to where it trained on
///   from there. The winning model's ancestry (the best member at the end, and before each copy
///   it made, the member it copied) is drawn thick in orange.
/// - **Underneath**: one panel per explored hyperparameter (at most four), every member's value
///   each day on the parameter's own scale; the winner's ancestry in orange.
///
/// ```
/// # use hp_panda::{Json, Pbt, plot};
/// # use hp_core::Hyperparams;
/// # #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # #[hp(crate = "hp_core")]
/// # struct Train { #[hp(log, 1e-4, 1.0)] learning_rate: f64 }
/// # let alpha = Train::space().param_id("learning_rate")?;
/// # let history = Pbt::new(4).interval(2).seed(7).explore([alpha]).threads(1).run(
/// #     6,
/// #     |member| Ok::<_, String>((Train { learning_rate: 1e-4 * (member + 1) as f64 }, Json(0.0_f64))),
/// #     |w: &mut Json<f64>, cfg: &Train, _day| {
/// #         w.0 -= cfg.learning_rate * 2.0 * (w.0 - 3.0);
/// #         Ok::<f64, String>((w.0 - 3.0).powi(2))
/// #     },
/// #     |_, _| {},
/// # )?;
/// let svg = plot::population_svg(&history, &Train::space(), "loss")?;
/// assert!(svg.contains("Many pandas: 4 members, 6 days, 2 exploits"));
/// let best = history.best().unwrap().member;
/// assert!(svg.contains(&format!("best at the end: member {best}, loss")));
/// assert!(svg.contains("learning_rate (log)")); // the explored parameter's panel
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PlotError::NoCurves`] when no day has a finite metric, [`PlotError::UnitLength`] for a
/// history of another space.
pub fn population_svg(history: &PbtHistory, space: &Space, metric: &str) -> Result<String, PlotError> {
    let finite: Vec<f64> = history.days().iter().map(|d| d.metric).filter(|m| m.is_finite()).collect();
    if finite.is_empty() {
        return Err(PlotError::NoCurves);
    }
    let dim = space.dim();
    if let Some(d) = history.days().iter().find(|d| d.unit.len() != dim) {
        return Err(PlotError::UnitLength { trial: d.day, expected: dim, found: d.unit.len() });
    }
    let last = history.days().iter().map(|d| d.day).max().unwrap_or(1);
    let explored: BTreeSet<usize> =
        history.exploits().iter().flat_map(|e| e.nudges.iter().map(|n| n.coordinate)).collect();
    let mut axes: Vec<ParamAxis> =
        ParamAxis::all(space).into_iter().filter(|a| explored.contains(&a.coordinate)).collect();
    axes.truncate(MAX_PANELS);
    let subtitle = match history.best() {
        Some(b) => format!(
            "best at the end: member {}, {metric} {} · each exploit copies a better member's checkpoint and nudges",
            b.member,
            axis::format_sig(b.metric, 3)
        ),
        None => "no member ended with a finite metric".to_owned(),
    };
    let subtitle = style::Subtitle::new(&subtitle, WIDTH as f64 - 48.0);
    let header = HEADER + subtitle.extra();
    let height = header + METRIC + PANEL * axes.len() as u32 + FOOTER;
    let x_range = (0.5, last as f64 + 0.5);
    let day_ticks: Vec<f64> =
        axis::value_ticks(1.0, last as f64, 16, true).into_iter().map(|t| t.0).collect();
    let winner = ancestry(history);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (header, rest) = root.split_vertically(header);
        let (top, rest) = rest.split_vertically(METRIC);
        draw_population_header(&header, history, &subtitle)?;
        draw_population_metric(&top, history, &winner, x_range, &day_ticks, metric, axes.is_empty())?;
        let mut area = rest;
        for (k, a) in axes.iter().enumerate() {
            let is_last = k + 1 == axes.len();
            let (panel, below) = area.split_vertically(PANEL + if is_last { FOOTER } else { 0 });
            draw_population_param(&panel, history, &winner, a, x_range, &day_ticks, is_last)?;
            area = below;
        }
        root.present()?;
    }
    Ok(svg)
}

/// The member whose model each day of the winning model's history was: the best member at the
/// end, and before each copy it made, the member it copied (and so on back). Indexed by day.
fn ancestry(history: &PbtHistory) -> BTreeMap<u64, usize> {
    let mut out = BTreeMap::new();
    let Some(best) = history.best() else { return out };
    let mut member = best.member;
    for day in (1..=best.day).rev() {
        out.insert(day, member);
        // A copy after `day - 1` means that up to then the model was the copied member's.
        if let Some(e) = history.exploits().iter().find(|e| e.day + 1 == day && e.member == member) {
            member = e.copied;
        }
    }
    out
}

fn draw_population_header(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    history: &PbtHistory,
    subtitle: &style::Subtitle,
) -> Result<(), PlotError> {
    let last = history.days().iter().map(|d| d.day).max().unwrap_or(0);
    let title = format!(
        "Many pandas: {} members, {last} days, {} exploits",
        history.population(),
        history.exploits().len()
    );
    area.draw(&Text::new(title, (24, 18), style::bold(style::TITLE_SIZE, TEXT, HPos::Left, VPos::Top)))?;
    subtitle.draw(area, (24, 52))?;
    let label = style::text(style::LABEL_SIZE, TEXT, HPos::Left, VPos::Center);
    let (mut x, y) = (32, 94 + subtitle.extra() as i32);
    let items: [(&str, u8); 3] =
        [("a member", 0), ("copies a better member", 1), ("the winning model's history", 2)];
    for (text, symbol) in items {
        match symbol {
            0 => area
                .draw(&PathElement::new(vec![(x - 4, y), (x + 18, y)], COMPLETE.mix(0.6).stroke_width(1)))?,
            1 => area.draw(&DashedPathElement::new(
                vec![(x - 4, y), (x + 18, y)],
                4,
                3,
                PRUNED.stroke_width(1),
            ))?,
            _ => area.draw(&PathElement::new(vec![(x - 4, y), (x + 18, y)], BEST.stroke_width(3)))?,
        }
        area.draw(&Text::new(text.to_owned(), (x + 26, y), label.clone()))?;
        x += 26 + style::text_width(text, style::LABEL_SIZE) as i32 + 26;
    }
    Ok(())
}

/// A run of a member's consecutive days, and the copied member's point it started from.
type Run<'a> = (Option<&'a PbtDay>, Vec<&'a PbtDay>);

/// Each member's days as runs of consecutive days between copies, with where each run came
/// from: `None` for a member's first run, `Some(point)` for the copied member's last point.
fn runs(history: &PbtHistory, member: usize) -> Vec<Run<'_>> {
    let mut out: Vec<Run<'_>> = Vec::new();
    for d in history.member(member) {
        let copy = history.exploits().iter().find(|e| e.member == member && e.day + 1 == d.day);
        match (copy, out.last_mut()) {
            (None, Some((_, run))) => run.push(d),
            (Some(e), _) => {
                let from = history.days().iter().find(|p| p.member == e.copied && p.day == e.day);
                out.push((from, vec![d]));
            }
            (None, None) => out.push((None, vec![d])),
        }
    }
    out
}

fn draw_population_metric(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    history: &PbtHistory,
    winner: &BTreeMap<u64, usize>,
    x_range: (f64, f64),
    day_ticks: &[f64],
    metric: &str,
    day_labels: bool,
) -> Result<(), PlotError> {
    let values: Vec<f64> = history.days().iter().map(|d| d.metric).filter(|m| m.is_finite()).collect();
    let m = MetricAxis::new(&values, 0.04);
    let mut chart = day_chart(area, x_range, day_ticks, (m.lo, m.hi), &m.ticks, day_labels, (10, 16))?;
    let desc = if m.log { format!("{metric} (log scale)") } else { metric.to_owned() };
    draw_mesh(&mut chart, &m.ticks, Some(&desc))?;
    let at = |d: &PbtDay| d.metric.is_finite().then(|| (d.day as f64, m.y(d.metric)));
    let thin = ShapeStyle::from(COMPLETE.mix(0.55)).stroke_width(1);
    let jump = ShapeStyle::from(PRUNED.mix(0.8)).stroke_width(1);
    for member in 0..history.population() {
        for (from, run) in runs(history, member) {
            let points: Vec<(f64, f64)> = run.iter().filter_map(|d| at(d)).collect();
            if let (Some(from), Some(&first)) = (from.and_then(at), points.first()) {
                chart.draw_series(std::iter::once(DashedPathElement::new(vec![from, first], 4, 3, jump)))?;
            }
            chart.draw_series(std::iter::once(PathElement::new(points, thin)))?;
        }
    }
    // The winning model's history on top.
    let path: Vec<(f64, f64)> = winner
        .iter()
        .filter_map(|(&day, &member)| history.days().iter().find(|d| d.day == day && d.member == member))
        .filter_map(at)
        .collect();
    chart.draw_series(std::iter::once(PathElement::new(path.clone(), BEST.stroke_width(3))))?;
    if let (Some(&end), Some(best)) = (path.last(), history.best()) {
        let marker = EmptyElement::at(end)
            + Circle::new((0, 0), 6, BEST.filled())
            + Text::new(
                format!("member {}: {}", best.member, axis::format_sig(best.metric, 3)),
                (0, -12),
                style::bold(style::SMALL_SIZE, BEST, HPos::Right, VPos::Bottom),
            );
        chart.draw_series(std::iter::once(marker))?;
    }
    Ok(())
}

fn draw_population_param(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    history: &PbtHistory,
    winner: &BTreeMap<u64, usize>,
    a: &ParamAxis,
    x_range: (f64, f64),
    day_ticks: &[f64],
    day_labels: bool,
) -> Result<(), PlotError> {
    let visited: Vec<f64> = history.days().iter().filter_map(|d| a.position(&d.unit)).collect();
    let (y_lo, y_hi, ticks) = param_window(a, &visited);
    let mut chart = day_chart(area, x_range, day_ticks, (y_lo, y_hi), &ticks, day_labels, (18, 2))?;
    draw_mesh(&mut chart, &ticks, None)?;
    let name = format!("{} ({})", a.name, a.scale_name());
    area.draw(&Text::new(
        name,
        (LEFT as i32 + 4, 2),
        style::bold(style::LABEL_SIZE, TEXT, HPos::Left, VPos::Top),
    ))?;
    // A member's value each day as a step line; the steps happen at copies.
    let steps = |days: &[&PbtDay]| -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        for d in days {
            if let Some(u) = a.position(&d.unit) {
                out.extend([(d.day as f64 - 0.5, u), (d.day as f64 + 0.5, u)]);
            }
        }
        out
    };
    let thin = ShapeStyle::from(COMPLETE.mix(0.45)).stroke_width(1);
    for member in 0..history.population() {
        let days: Vec<&PbtDay> = history.member(member).collect();
        chart.draw_series(std::iter::once(PathElement::new(steps(&days), thin)))?;
    }
    let path: Vec<&PbtDay> = winner
        .iter()
        .filter_map(|(&day, &member)| history.days().iter().find(|d| d.day == day && d.member == member))
        .collect();
    chart.draw_series(std::iter::once(PathElement::new(steps(&path), BEST.stroke_width(3))))?;
    Ok(())
}

/// The axes of the parameters whose value changed during the session; all searched ones if
/// none did; at most [`MAX_PANELS`].
fn shown_axes(history: &History, space: &Space) -> Vec<ParamAxis> {
    let all = ParamAxis::all(space);
    let units = history.days().iter().map(|d| &d.unit).chain(history.decisions().iter().map(|d| &d.unit));
    let first = history.days().first().map(|d| d.unit.clone()).unwrap_or_default();
    let mut changed = vec![false; all.len()];
    for u in units {
        for (k, a) in all.iter().enumerate() {
            if u.get(a.coordinate) != first.get(a.coordinate) {
                changed[k] = true;
            }
        }
    }
    let moved: Vec<ParamAxis> =
        all.iter().zip(&changed).filter(|(_, c)| **c).map(|(a, _)| a.clone()).collect();
    let mut shown = if moved.is_empty() { all } else { moved };
    shown.truncate(MAX_PANELS);
    shown
}

/// "best: day 5, loss 0.12 · lr 0.01 · …": the subtitle of the day-by-day picture.
fn best_text(history: &History, axes: &[ParamAxis], metric: &str) -> String {
    match history.best_day() {
        Some(best) => {
            let values: Vec<String> = axes
                .iter()
                .filter_map(|a| a.position(&best.unit).map(|u| format!("{} {}", a.name, a.value_label(u))))
                .collect();
            let m = best.metric.map_or_else(String::new, |m| axis::format_sig(m, 3));
            let mut text = format!("best: day {}, {metric} {m}", best.day);
            for v in values {
                text.push_str(" · ");
                text.push_str(&v);
            }
            text
        }
        None => "no day has a finite metric".to_owned(),
    }
}

fn draw_header(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    history: &History,
    subtitle: &style::Subtitle,
) -> Result<(), PlotError> {
    let days = history.days().len().saturating_sub(1);
    let nudges: usize = history.decisions().iter().map(|d| d.nudges.len()).sum();
    let rollbacks = history.decisions().iter().filter(|d| d.rollback_to.is_some()).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let title = format!(
        "One model, day by day: {}, {}, {}{}",
        plural(days, "day", "days"),
        plural(nudges, "nudge", "nudges"),
        plural(rollbacks, "rollback", "rollbacks"),
        if history.stopped() { ", stopped" } else { "" }
    );
    area.draw(&Text::new(title, (24, 18), style::bold(style::TITLE_SIZE, TEXT, HPos::Left, VPos::Top)))?;
    subtitle.draw(area, (24, 52))?;

    // The legend, drawn here because two of its symbols are triangles.
    let label = style::text(style::LABEL_SIZE, TEXT, HPos::Left, VPos::Center);
    let (mut x, y) = (32, 94 + subtitle.extra() as i32);
    let items: [(&str, u8); 6] = [
        ("days leading to the model", 0),
        ("rolled back from", 1),
        ("best day", 2),
        ("rollback", 3),
        ("nudged up / down", 4),
        ("stopped at a bound", 5),
    ];
    for (text, symbol) in items {
        let at = EmptyElement::at((x, y));
        let width = match symbol {
            0 => {
                area.draw(&(at + PathElement::new(vec![(-4, 0), (18, 0)], COMPLETE.stroke_width(2))))?;
                area.draw(&Circle::new((x + 7, y), 3, COMPLETE.filled()))?;
                20
            }
            1 => {
                area.draw(&(at + Cross::new((4, 0), 4, FAILED.stroke_width(2))))?;
                8
            }
            2 => {
                area.draw(&(at + Circle::new((4, 0), 6, BEST.filled())))?;
                10
            }
            3 => {
                let style = FAILED.stroke_width(2);
                area.draw(&DashedPathElement::new(vec![(x - 4, y), (x + 18, y)], 4, 3, style))?;
                20
            }
            4 => {
                area.draw(&(at + Polygon::new(triangle(true), TEXT.filled())))?;
                area.draw(&(EmptyElement::at((x + 14, y)) + Polygon::new(triangle(false), TEXT.filled())))?;
                20
            }
            _ => {
                area.draw(&(at + PathElement::new(hollow(true), TEXT.stroke_width(1))))?;
                8
            }
        };
        area.draw(&Text::new(text.to_owned(), (x + width + 6, y), label.clone()))?;
        x += width + 6 + style::text_width(text, style::LABEL_SIZE) as i32 + 26;
    }
    Ok(())
}

/// A triangle pointing up or down, centred on its anchor, in pixel offsets (y grows downward).
fn triangle(up: bool) -> Vec<(i32, i32)> {
    let s = if up { 1 } else { -1 };
    vec![(-6, 5 * s), (6, 5 * s), (0, -6 * s)]
}

/// The outline of [`triangle`], closed.
fn hollow(up: bool) -> Vec<(i32, i32)> {
    let mut t = triangle(up);
    t.push(t[0]);
    t
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>;

fn draw_metric(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    history: &History,
    kept: &BTreeSet<u64>,
    (x_lo, x_hi): (f64, f64),
    day_ticks: &[f64],
    metric: &str,
    day_labels: bool,
) -> Result<(), PlotError> {
    let days: Vec<&DayRecord> = history.days().iter().filter(|d| d.day > 0).collect();
    let values: Vec<f64> = days.iter().filter_map(|d| d.finite_metric()).collect();
    // Headroom above the curve for the rollback arrows and diverged days.
    let m = MetricAxis::new(&values, 0.12);
    let (y_lo, y_hi, y) = (m.lo, m.hi, |v: f64| m.y(v));
    let mut chart = day_chart(area, (x_lo, x_hi), day_ticks, (y_lo, y_hi), &m.ticks, day_labels, (10, 16))?;
    let desc = if m.log { format!("{metric} (log scale)") } else { metric.to_owned() };
    draw_mesh(&mut chart, &m.ticks, Some(&desc))?;

    // Where each day is drawn: its metric, or the top edge for a diverged day.
    let top = y_hi - 0.04 * (y_hi - y_lo);
    let at = |d: &DayRecord| (d.day as f64, d.finite_metric().map_or(top, y));
    let point_of = |day: u64| history.day(day).filter(|d| d.day > 0).map(at);

    // Rollbacks: a dashed line between the days, and an arc from the day rolled back from to
    // the day rolled back to. Arcs to one day nest (the longer, the higher), and only the
    // outermost is labelled, with the count.
    let rollbacks: Vec<(u64, u64)> =
        history.decisions().iter().filter_map(|d| Some((d.after_day, d.rollback_to?))).collect();
    // Each arc's label, placed with the others once every marker is drawn.
    let mut rollback_notes: Vec<((f64, f64), String)> = Vec::new();
    for &(from_day, to) in &rollbacks {
        let x = from_day as f64 + 0.5;
        let line = ShapeStyle::from(FAILED.mix(0.35)).stroke_width(1);
        chart.draw_series(std::iter::once(DashedPathElement::new(vec![(x, y_lo), (x, y_hi)], 5, 4, line)))?;
        let from = point_of(from_day).unwrap_or((from_day as f64, top));
        let target = point_of(to).unwrap_or((x_lo, top));
        let reach = from_day.saturating_sub(to).max(1) as f64;
        let arc = arc(from, target, 0.07 * (y_hi - y_lo) * (1.0 + 0.7 * (reach - 1.0)));
        let style = ShapeStyle::from(FAILED).stroke_width(2);
        chart.draw_series(std::iter::once(DashedPathElement::new(arc.clone(), 6, 4, style)))?;
        let n = arc.len();
        draw_arrow_head(&mut chart, arc[n - 2], arc[n - 1])?;
        let same: Vec<u64> = rollbacks.iter().filter(|r| r.1 == to).map(|r| r.0).collect();
        if same.iter().max() == Some(&from_day) {
            let mut text = if to == 0 { "back to the start".to_owned() } else { format!("back to day {to}") };
            if same.len() > 1 {
                text.push_str(&format!(" ({}×)", same.len()));
            }
            let peak = arc.iter().copied().fold(arc[0], |p, q| if q.1 > p.1 { q } else { p });
            rollback_notes.push((peak, text));
        }
    }

    // Each day joined to the day it continued from.
    for d in &days {
        let Some(parent) = point_of(d.parent) else { continue };
        let on = kept.contains(&d.day);
        let end = at(d);
        if d.finite_metric().is_none() || history.day(d.parent).and_then(DayRecord::finite_metric).is_none() {
            continue;
        }
        if on {
            let style = ShapeStyle::from(COMPLETE).stroke_width(2);
            chart.draw_series(std::iter::once(PathElement::new(vec![parent, end], style)))?;
        } else {
            let style = ShapeStyle::from(PRUNED).stroke_width(1);
            chart.draw_series(std::iter::once(DashedPathElement::new(vec![parent, end], 4, 3, style)))?;
        }
    }
    let best = history.best_day().map(|d| d.day);
    for d in &days {
        let p = at(d);
        if Some(d.day) == best {
            let marker = EmptyElement::at(p)
                + Circle::new((0, 0), 7, BEST.filled())
                + Circle::new((0, 0), 7, WHITE.stroke_width(1));
            chart.draw_series(std::iter::once(marker))?;
        } else if kept.contains(&d.day) {
            chart.draw_series(std::iter::once(Circle::new(p, 4, COMPLETE.filled())))?;
        } else {
            chart.draw_series(std::iter::once(Cross::new(p, 5, FAILED.stroke_width(2))))?;
        }
    }

    // Labels last, on top, where they cover no marker and no other label: the best day's first,
    // then the rollbacks', then the diverged days' values.
    let pixel = |point: (f64, f64)| {
        let (px, py) = chart.backend_coord(&point);
        (f64::from(px), f64::from(py))
    };
    let mut labels = Labels::within(chart.plotting_area());
    for d in &days {
        labels.avoid(Rect::around(pixel(at(d)), if Some(d.day) == best { 8.0 } else { 5.0 }));
    }
    let mut notes = Vec::new();
    if let Some(d) = days.iter().find(|d| Some(d.day) == best) {
        let text = format!("best: day {}", d.day);
        let size = text_box(&text, style::SMALL_SIZE, true);
        let font = style::bold(style::SMALL_SIZE, BEST, HPos::Left, VPos::Top);
        notes.push((at(d), text, font, size, [Side::Below, Side::Above, Side::Right, Side::Left]));
    }
    for (peak, text) in rollback_notes {
        let size = text_box(&text, style::SMALL_SIZE, false);
        let font = style::text(style::SMALL_SIZE, FAILED, HPos::Left, VPos::Top);
        notes.push((peak, text, font, size, [Side::Above, Side::Right, Side::Left, Side::Below]));
    }
    for d in &days {
        if let Some(m) = d.metric.filter(|m| !m.is_finite()) {
            let text = if m.is_nan() { "NaN".to_owned() } else { format!("{m}") };
            let size = text_box(&text, style::SMALL_SIZE, false);
            let font = style::text(style::SMALL_SIZE, FAILED, HPos::Left, VPos::Top);
            notes.push((at(d), text, font, size, [Side::Right, Side::Left, Side::Below, Side::Above]));
        }
    }
    let placed: Vec<_> = notes
        .into_iter()
        .filter_map(|(point, text, font, size, sides)| {
            let offset = labels.place(pixel(point), size, &sides, 5.0)?;
            Some(EmptyElement::at(point) + Text::new(text, offset, font))
        })
        .collect();
    chart.draw_series(placed)?;
    Ok(())
}

/// The value axis of a metric: linear, or `log10` when the metric falls by about a decade
/// (so that the later days, where the nudging happens, are not squashed against the bottom).
struct MetricAxis {
    log: bool,
    lo: f64,
    hi: f64,
    /// Positions (in axis units) and labels.
    ticks: Vec<(f64, String)>,
}

impl MetricAxis {
    /// An axis over finite `values`, with `headroom` of its height free above them.
    fn new(values: &[f64], headroom: f64) -> Self {
        let (lo, hi) =
            values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
        let log = lo > 0.0 && hi / lo >= 8.0;
        let y = |v: f64| if log { libm::log10(v) } else { v };
        let (y_lo, y_hi) = pad(y(lo), y(hi), 0.08);
        // Room below for the label under the best point, above for `headroom`.
        let span = y_hi - y_lo;
        let (y_lo, y_hi) = (y_lo - 0.04 * span, y_hi + headroom * span);
        let ticks = if log { log_ticks(y_lo, y_hi) } else { axis::value_ticks(y_lo, y_hi, 7, false) };
        MetricAxis { log, lo: y_lo, hi: y_hi, ticks }
    }

    /// Where value `v` goes.
    fn y(&self, v: f64) -> f64 {
        if self.log { libm::log10(v) } else { v }
    }
}

/// The window of a parameter's axis around the unit coordinates it `visited`, with tick labels
/// on its own scale that fit a panel: (low, high, ticks as (unit, label)).
fn param_window(a: &ParamAxis, visited: &[f64]) -> (f64, f64, Vec<(f64, String)>) {
    let (lo, hi) = visited.iter().fold((1.0f64, 0.0f64), |(l, h), &u| (l.min(u), h.max(u)));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let margin = (0.2 * (hi - lo)).max(0.04);
    let (y_lo, y_hi) = ((lo - margin).max(0.0), (hi + margin).min(1.0));
    let plot_px = (PANEL - 20) as f64 / (y_hi - y_lo);
    let mut ticks: Vec<Tick> =
        a.ticks(Ends::IfRoom).into_iter().filter(|t| t.unit >= y_lo && t.unit <= y_hi).collect();
    if ticks.len() < 2 {
        for u in [lo, hi] {
            ticks.push(Tick { unit: u, label: a.value_label(u), priority: 0 });
        }
    }
    let label_px = |_: &str| style::LABEL_SIZE / 1.24 * 1.3;
    let ticks = axis::thin(&ticks, plot_px, label_px).into_iter().map(|t| (t.unit, t.label)).collect();
    (y_lo, y_hi, ticks)
}

/// A chart over days on `area` with a value axis over `y_range`, every panel with the same
/// left and right margins so that the days line up; day labels under it if `day_labels`.
fn day_chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    (x_lo, x_hi): (f64, f64),
    day_ticks: &[f64],
    (y_lo, y_hi): (f64, f64),
    y_ticks: &[(f64, String)],
    day_labels: bool,
    (top, bottom): (u32, u32),
) -> Result<Chart<'a, 'b>, PlotError> {
    let chart = ChartBuilder::on(area)
        .margin_left(16)
        .margin_right(RIGHT)
        .margin_top(top)
        .margin_bottom(if day_labels { 8 } else { bottom })
        .x_label_area_size(if day_labels { FOOTER } else { 0 })
        .y_label_area_size(LEFT - 16)
        .build_cartesian_2d(
            Ticked::new(x_lo, x_hi, day_ticks.to_vec()),
            Ticked::new(y_lo, y_hi, y_ticks.iter().map(|t| t.0)),
        )?;
    Ok(chart)
}

/// The grid, the axes and their labels: days below, `y_ticks` left, `y_desc` beside them.
fn draw_mesh(
    chart: &mut Chart<'_, '_>,
    y_ticks: &[(f64, String)],
    y_desc: Option<&str>,
) -> Result<(), PlotError> {
    let x_label = |v: &f64| axis::format_tick(*v);
    let y_label =
        |v: &f64| y_ticks.iter().find(|t| (t.0 - v).abs() < 1e-12).map(|t| t.1.clone()).unwrap_or_default();
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(GRID)
        .axis_style(AXIS)
        .label_style(style::text(style::LABEL_SIZE, TEXT, HPos::Center, VPos::Center))
        .axis_desc_style(style::text(style::DESC_SIZE, TEXT, HPos::Center, VPos::Center))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc("day");
    if let Some(desc) = y_desc {
        mesh.y_desc(desc);
    }
    mesh.draw()?;
    Ok(())
}

/// Ticks of a log axis over `log10` values `lo..hi`: `1·10^k` for every decade, with `2·10^k`
/// and `5·10^k` when the range spans less than three decades; labels as plain decimals.
fn log_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let digits: &[u32] = if hi - lo < 3.0 { &[1, 2, 5] } else { &[1] };
    let mut out = Vec::new();
    for k in (libm::floor(lo) as i32)..=(libm::ceil(hi) as i32) {
        for &d in digits {
            let v: f64 = format!("{d}e{k}").parse().unwrap_or(f64::NAN);
            let at = libm::log10(v);
            if (lo..=hi).contains(&at) {
                out.push((at, axis::format_tick(v)));
            }
        }
    }
    out
}

/// Points of an arc from `a` to `b` whose middle rises `lift` above the higher end.
fn arc(a: (f64, f64), b: (f64, f64), lift: f64) -> Vec<(f64, f64)> {
    let lift = 2.0 * lift; // a quadratic Bézier reaches half way to its control point
    let control = ((a.0 + b.0) / 2.0, a.1.max(b.1) + lift);
    (0..=24)
        .map(|i| {
            let t = i as f64 / 24.0;
            let s = 1.0 - t;
            (
                s * s * a.0 + 2.0 * s * t * control.0 + t * t * b.0,
                s * s * a.1 + 2.0 * s * t * control.1 + t * t * b.1,
            )
        })
        .collect()
}

/// An arrow head at `tip`, pointing from `from`.
fn draw_arrow_head(chart: &mut Chart<'_, '_>, from: (f64, f64), tip: (f64, f64)) -> Result<(), PlotError> {
    let (p, q) = (chart.backend_coord(&from), chart.backend_coord(&tip));
    let (dx, dy) = ((q.0 - p.0) as f64, (q.1 - p.1) as f64);
    let len = dx.hypot(dy).max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let point = |back: f64, side: f64| {
        ((-ux * back - uy * side).round() as i32, (-uy * back + ux * side).round() as i32)
    };
    let head = EmptyElement::at(tip)
        + Polygon::new(vec![(0, 0), point(11.0, 5.0), point(11.0, -5.0)], FAILED.filled());
    chart.draw_series(std::iter::once(head))?;
    Ok(())
}

fn draw_param(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    history: &History,
    a: &ParamAxis,
    (x_lo, x_hi): (f64, f64),
    day_ticks: &[f64],
    day_labels: bool,
) -> Result<(), PlotError> {
    let days: Vec<&DayRecord> = history.days().iter().filter(|d| d.day > 0).collect();
    let now = history.unit_in_force().and_then(|u| a.position(u));
    let visited: Vec<f64> = days.iter().filter_map(|d| a.position(&d.unit)).chain(now).collect();
    let (y_lo, y_hi, ticks) = param_window(a, &visited);
    let mut chart = day_chart(area, (x_lo, x_hi), day_ticks, (y_lo, y_hi), &ticks, day_labels, (18, 2))?;
    draw_mesh(&mut chart, &ticks, None)?;
    let name = format!("{} ({})", a.name, a.scale_name());
    area.draw(&Text::new(
        name,
        (LEFT as i32 + 4, 2),
        style::bold(style::LABEL_SIZE, TEXT, HPos::Left, VPos::Top),
    ))?;

    for decision in history.decisions().iter().filter(|d| d.rollback_to.is_some()) {
        let x = decision.after_day as f64 + 0.5;
        let line = ShapeStyle::from(FAILED.mix(0.35)).stroke_width(1);
        chart.draw_series(std::iter::once(DashedPathElement::new(vec![(x, y_lo), (x, y_hi)], 5, 4, line)))?;
    }

    // The value in force each day, a step line; then the value in force now, dashed.
    let line = ShapeStyle::from(COMPLETE).stroke_width(2);
    let mut previous: Option<(f64, f64)> = None;
    for d in &days {
        let Some(u) = a.position(&d.unit) else {
            previous = None;
            continue;
        };
        let x = d.day as f64;
        let mut path = Vec::new();
        if let Some((px, pu)) = previous {
            path.push((px, pu));
        }
        path.extend([(x - 0.5, u), (x + 0.5, u)]);
        chart.draw_series(std::iter::once(PathElement::new(path, line)))?;
        previous = Some((x + 0.5, u));
    }
    if let (Some((px, pu)), Some(u)) = (previous, now) {
        let dashed = ShapeStyle::from(COMPLETE).stroke_width(2);
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(px, pu), (px, u), (x_hi, u)],
            4,
            3,
            dashed,
        )))?;
    }

    // Nudges of this parameter, where they took effect.
    for decision in history.decisions() {
        for n in decision.nudges.iter().filter(|n| n.coordinate == a.coordinate) {
            let p = (decision.after_day as f64 + 0.5, n.to_unit.clamp(y_lo, y_hi));
            let up = n.steps > 0;
            if n.clamped {
                let outline = EmptyElement::at(p) + PathElement::new(hollow(up), TEXT.stroke_width(1));
                chart.draw_series(std::iter::once(outline))?;
            } else {
                let filled = EmptyElement::at(p) + Polygon::new(triangle(up), TEXT.filled());
                chart.draw_series(std::iter::once(filled))?;
            }
        }
    }
    Ok(())
}
