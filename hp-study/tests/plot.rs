//! SVG plots of a study (feature `plot`): each plot is a well-formed SVG with the expected series
//! and tick labels on each parameter's own scale; bad input gives an error, never a panic or NaN.
//!
//! The plots of the synthetic lecture study are also written to
//! `$CARGO_TARGET_TMPDIR/plots/`, to look at.
#![cfg(feature = "plot")]

use hp_core::Direction;

use hp_core::strategy::{Random, Strategy};
use hp_core::{LinearScale, LogScale, LogStepScale, ReverseLogScale, Scale, Space, SpaceBuilder};
use hp_study::plot::{self, PlotError, Plots};
use hp_study::{CurvePoint, Status, TrialRecord};

const STEPS: u64 = 25;

/// The lecture's space: learning rate log 1e-4..1, momentum reverse_log 0.9..0.999, hidden units
/// 50..100, layers 2..4.
fn lecture_space() -> Space {
    let mut b = SpaceBuilder::new();
    b.scale("learning_rate".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    b.scale("momentum".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
    b.scale("hidden_units".into(), "u32", &LinearScale::new(50u32, 100).unwrap());
    b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    b.finish()
}

/// 40 trials of a made-up validation error: best near lr = 0.01, momentum = 0.99, 80 units,
/// 3 layers; learning rates past ~0.4 diverge (failed), and slow starters are pruned at step 6.
fn lecture_study() -> Vec<TrialRecord> {
    let lr = LogScale::new(1e-4, 1.0).unwrap();
    let beta = ReverseLogScale::new(0.9, 0.999).unwrap();
    let units = LinearScale::new(50u32, 100).unwrap();
    let layers = LinearScale::new(2usize, 4).unwrap();
    let random = Random::new(2024, 4);
    (0..40u64)
        .map(|i| {
            let p = random.point(i).unwrap();
            let (a, b, n, l) = (lr.from_unit(p[0]), beta.from_unit(p[1]), units.from_unit(p[2]), layers.from_unit(p[3]));
            // Stored as a study stores it: the config's own unit point (bin centres for integers).
            let unit = vec![lr.to_unit(a), beta.to_unit(b), units.to_unit(n), layers.to_unit(l)];
            let decades_off = (unit[0] - 0.5) * 4.0;
            let floor = 0.04
                + 0.03 * decades_off * decades_off
                + 0.15 * (unit[1] - 0.6).powi(2)
                + 0.03 * ((n as f64 - 80.0) / 25.0).powi(2)
                + if l == 3 { 0.0 } else { 0.015 };
            let rate = 0.04 + 0.5 * unit[0] * (0.6 + unit[1]);
            let wiggle = |s: u64| 0.006 * ((s as f64 * 1.7 + i as f64).sin());
            let value_at = |s: u64| floor + (0.9 - floor) * (-rate * s as f64).exp() + wiggle(s);
            let mut curve: Vec<CurvePoint> = (1..=STEPS).map(|s| CurvePoint { step: s, value: value_at(s) }).collect();
            let mut status = Status::Complete;
            if unit[0] > 0.88 {
                // Diverges: the loss turns up and becomes NaN.
                let blow_up = 4 + i % 5;
                curve.truncate(blow_up as usize);
                for (k, p) in curve.iter_mut().enumerate().skip(2) {
                    p.value += 0.15 * (k as f64 - 1.0).powi(2);
                }
                status = Status::Failed { message: format!("loss is NaN at step {}", blow_up + 1) };
            } else if value_at(6) > 0.45 && i % 3 != 0 {
                curve.truncate(6);
                status = Status::Pruned { step: 6, rung: None };
            }
            let value = (status == Status::Complete).then(|| curve.last().unwrap().value);
            TrialRecord {
                index: i,
                config: serde_json::json!({ "learning_rate": a, "momentum": b, "hidden_units": n, "layers": l }),
                unit,
                curve,
                value,
                status,
                duration_secs: 1.0 + i as f64 / 10.0, metrics: Default::default(), constraints: Default::default(),
            }
        })
        .collect()
}

fn out_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("plots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Checks the document is one `<svg>` element with no NaN or infinity anywhere, and returns it.
fn well_formed(svg: &str) -> &str {
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<svg").count(), 1);
    for bad in ["NaN", "inf"] {
        assert!(!svg.contains(bad), "{bad} in the SVG");
    }
    svg
}

/// The number of `<polyline>` elements stroked with `color` (`#RRGGBB`).
fn polylines(svg: &str, color: &str) -> usize {
    svg.lines().filter(|l| l.starts_with("<polyline") && l.contains(&format!("stroke=\"{color}\""))).count()
}

/// The texts of all `<text>` elements.
fn texts(svg: &str) -> Vec<&str> {
    let lines: Vec<&str> = svg.lines().collect();
    lines.windows(2).filter(|w| w[0].starts_with("<text")).map(|w| w[1]).collect()
}

fn has_text(svg: &str, text: &str) -> bool {
    texts(svg).contains(&text)
}

/// The `(x, y)` anchors of the `<text>` elements that read `label`.
fn text_positions(svg: &str, label: &str) -> Vec<(f64, f64)> {
    let attribute = |line: &str, name: &str| -> f64 {
        let value = line.split(&format!(" {name}=\"")).nth(1).unwrap().split('"').next().unwrap();
        value.parse().unwrap()
    };
    let lines: Vec<&str> = svg.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("<text") && w[1] == label)
        .map(|w| (attribute(w[0], "x"), attribute(w[0], "y")))
        .collect()
}

const COMPLETE: &str = "#4C78A8";
const BEST: &str = "#F58518";
const PRUNED: &str = "#8C8C8C";
const FAILED: &str = "#D63A3A";

fn count(records: &[TrialRecord], f: impl Fn(&Status) -> bool) -> usize {
    records.iter().filter(|r| f(&r.status)).count()
}

#[test]
fn the_synthetic_study_has_every_outcome() {
    let records = lecture_study();
    let complete = count(&records, |s| *s == Status::Complete);
    let pruned = count(&records, |s| matches!(s, Status::Pruned { .. }));
    let failed = count(&records, |s| matches!(s, Status::Failed { .. }));
    assert!(complete >= 20 && pruned >= 3 && failed >= 2, "{complete} {pruned} {failed}");
}

#[test]
fn learning_curves_draw_one_line_per_trial_and_highlight_the_best() {
    let (space, records) = (lecture_space(), lecture_study());
    let path = out_dir().join("learning_curves.svg");
    plot::learning_curves(&records, &space, Direction::Minimize, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let svg = well_formed(&svg);

    let complete = count(&records, |s| *s == Status::Complete);
    let pruned = count(&records, |s| matches!(s, Status::Pruned { .. }));
    let failed = count(&records, |s| matches!(s, Status::Failed { .. }));
    // One polyline per curve, plus one legend swatch per kind. Diverging curves may be cut where
    // they leave the range, so failed ones count at least once each.
    assert_eq!(polylines(svg, COMPLETE), complete - 1 + 1);
    assert_eq!(polylines(svg, BEST), 1 + 1);
    assert_eq!(polylines(svg, PRUNED), pruned + 1);
    assert!(polylines(svg, FAILED) > failed);
    assert!(texts(svg).iter().any(|t| t.starts_with("Learning curves: 40 trials")));
    assert!(texts(svg).iter().any(|t| t.starts_with("best: trial")));
    assert!(has_text(svg, "step"));
    assert!(has_text(svg, "value"));
}

#[test]
fn the_learning_curves_x_axis_is_named_by_steps() {
    let (space, records) = (lecture_space(), lecture_study());
    let svg = Plots::new(&records, &space, Direction::Minimize).steps("epoch").learning_curves_svg().unwrap();
    let svg = well_formed(&svg);
    assert!(has_text(svg, "epoch"));
    assert!(!has_text(svg, "step"), "the default is replaced");
}

/// The lecture's space and study with three more hyperparameters, long names among them: the
/// best trial's description takes more than one line.
fn wide_study() -> (Space, Vec<TrialRecord>) {
    let mut b = SpaceBuilder::new();
    b.scale("learning_rate".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    b.scale("momentum".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
    b.scale("hidden_units".into(), "u32", &LinearScale::new(50u32, 100).unwrap());
    b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    b.scale("batch_size".into(), "u32", &LogStepScale::new(16u32, 256, 2).unwrap());
    b.scale("weight_decay_for_all_layers_but_the_last".into(), "f64", &LogScale::new(1e-6, 1e-2).unwrap());
    b.scale("dropout_probability_of_the_hidden_layers".into(), "f64", &LinearScale::new(0.0, 0.5).unwrap());
    let space = b.finish();
    let mut records = lecture_study();
    for r in &mut records {
        let i = r.index as f64;
        r.unit.extend([((i * 0.37) % 1.0), ((i * 0.61) % 1.0), ((i * 0.23) % 1.0)]);
    }
    (space, records)
}

/// The best trial's description wraps onto as many lines as it needs, nothing cut; the plot
/// starts below the last line with its height kept (the picture grows instead), and the legend
/// covers no curve's start.
#[test]
fn a_long_best_description_wraps_and_moves_the_plot_down() {
    let (space, records) = wide_study();
    let plots = Plots::new(&records, &space, Direction::Minimize).metric("validation error");
    let svg = plots.learning_curves_svg().unwrap();
    std::fs::write(out_dir().join("learning_curves_wrapped.svg"), &svg).unwrap();
    let svg = well_formed(&svg);
    let (lecture, lecture_records) = (lecture_space(), lecture_study());
    let one_line = Plots::new(&lecture_records, &lecture, Direction::Minimize).learning_curves_svg().unwrap();

    // The plot: the y axis line, from its top to its bottom.
    let plot_area = |svg: &str| -> (f64, f64) {
        let axis =
            svg.lines().find(|l| l.starts_with("<polyline") && l.contains("stroke=\"#777777\"")).unwrap();
        let points = axis.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        let ys: Vec<f64> =
            points.split_whitespace().map(|p| p.split(',').nth(1).unwrap().parse().unwrap()).collect();
        (ys[0].min(ys[1]), ys[0].max(ys[1]))
    };
    let (top, bottom) = plot_area(svg);
    let (one_line_top, one_line_bottom) = plot_area(&one_line);

    // Every line of text above the plot but the title, in order.
    let lines: Vec<&str> = svg.lines().collect();
    let header: Vec<(f64, &str)> = lines
        .windows(2)
        .filter(|w| w[0].starts_with("<text") && w[0].contains("fill=\"#666666\""))
        .map(|w| (w[0].split(" y=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap(), w[1]))
        .filter(|(y, _)| *y < top)
        .collect();
    let subtitle: Vec<&str> = header.iter().map(|h| h.1).filter(|t| !t.contains("leave the range")).collect();
    assert!(subtitle.len() >= 2, "{header:?}");
    assert!(subtitle[0].starts_with("best: trial"), "{header:?}");
    assert!(header.iter().all(|(_, t)| !t.contains('…')), "nothing is cut: {header:?}");
    // Lines break between the parts `name value`, each part whole on one line.
    let joined = subtitle.join(" · ");
    let parts: Vec<&str> = joined.split(" · ").collect();
    for p in space.params() {
        let named = parts.iter().filter(|part| part.starts_with(&format!("{} ", p.name()))).count();
        assert_eq!(named, 1, "{} in {joined}", p.name());
    }
    let last = header.last().unwrap().0;
    assert!(top >= last + 24.0, "the plot ({top}) starts below the last line ({last})");
    assert_eq!(bottom - top, one_line_bottom - one_line_top, "the plot keeps its height");
    assert_eq!(top - one_line_top, 24.0 * (header.len() as f64 - 2.0), "one line's height per line more");

    // No curve starts under the legend's box.
    let legend = svg.lines().find(|l| l.starts_with("<rect") && l.contains("opacity=\"0.9\"")).unwrap();
    let attribute = |name: &str| -> f64 {
        legend.split(&format!(" {name}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
    };
    let (x, y, w, h) = (attribute("x"), attribute("y"), attribute("width"), attribute("height"));
    for color in [COMPLETE, BEST, PRUNED, FAILED] {
        let curves =
            svg.lines().filter(|l| l.starts_with("<polyline") && l.contains(&format!("stroke=\"{color}\"")));
        for curve in curves {
            let points = curve.split("points=\"").nth(1).unwrap();
            let first: Vec<f64> =
                points.split_whitespace().next().unwrap().split(',').map(|v| v.parse().unwrap()).collect();
            let inside = (x..=x + w).contains(&first[0]) && (y..=y + h).contains(&first[1]);
            // The legend's own swatches start inside it.
            let swatch = curve.matches(',').count() == 2 && inside;
            assert!(swatch || !inside, "a curve starts at {first:?}, under the legend {legend}");
        }
    }
}

#[test]
fn values_by_param_put_each_axis_on_its_own_scale() {
    let (space, records) = (lecture_space(), lecture_study());
    let path = out_dir().join("values_by_param.svg");
    Plots::new(&records, &space, Direction::Minimize)
        .metric("validation error")
        .values_by_param(&path)
        .unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let svg = well_formed(&svg);
    // log: decades.
    for tick in ["0.0001", "0.001", "0.01", "0.1", "1"] {
        assert!(has_text(svg, tick), "log tick {tick}");
    }
    // reverse_log: nines.
    for tick in ["0.9", "0.99", "0.999"] {
        assert!(has_text(svg, tick), "reverse_log tick {tick}");
    }
    // Integers, at their values.
    for tick in ["50", "60", "100", "2", "3", "4"] {
        assert!(has_text(svg, tick), "integer tick {tick}");
    }
    for name in ["learning_rate", "momentum", "hidden_units", "layers", "log scale", "linear scale"] {
        assert!(has_text(svg, name), "{name}");
    }
    assert!(has_text(svg, "reverse_log scale: uniform in log(1 − x)"));
    assert!(has_text(svg, "validation error"));
    // One dot per completed trial per panel (4 panels), plus the legend's.
    let complete = count(&records, |s| *s == Status::Complete);
    let dots = svg
        .lines()
        .filter(|l| l.starts_with("<circle") && l.contains(&format!("fill=\"{COMPLETE}\"")))
        .count();
    assert_eq!(dots, 4 * (complete - 1) + 1);
    let best =
        svg.lines().filter(|l| l.starts_with("<circle") && l.contains(&format!("fill=\"{BEST}\""))).count();
    assert_eq!(best, 4 + 1);
}

#[test]
fn log_tick_positions_follow_the_scale() {
    // On lr in [1e-4, 1], 0.01 sits halfway: its tick label is centred halfway along the axis.
    let (space, records) = (lecture_space(), lecture_study());
    let svg = Plots::new(&records, &space, Direction::Minimize).values_by_param_svg().unwrap();
    let x_of = |label: &str| -> Vec<f64> {
        let lines: Vec<&str> = svg.lines().collect();
        lines
            .windows(2)
            .filter(|w| w[0].starts_with("<text") && w[1] == label)
            .map(|w| w[0].split("x=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
            .collect()
    };
    let (lo, mid, hi) = (x_of("0.0001")[0], x_of("0.01")[0], x_of("1")[0]);
    assert!(((mid - lo) - (hi - mid)).abs() <= 2.0, "{lo} {mid} {hi}");
    let (nine, nines2, nines3) = (x_of("0.9")[0], x_of("0.99")[0], x_of("0.999")[0]);
    assert!(((nines2 - nine) - (nines3 - nines2)).abs() <= 2.0, "{nine} {nines2} {nines3}");
}

#[test]
fn parallel_coordinates_draw_one_line_per_trial() {
    let (space, records) = (lecture_space(), lecture_study());
    let path = out_dir().join("parallel_coordinates.svg");
    plot::parallel_coordinates(&records, &space, Direction::Minimize, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let svg = well_formed(&svg);
    let lines = svg.lines().filter(|l| l.starts_with("<polyline")).count();
    // Trials, plus 5 axis lines and their tick marks, plus the legend's swatches.
    let axis_marks = polylines(svg, "#777777");
    assert_eq!(lines - axis_marks, records.len() + 5);
    assert_eq!(polylines(svg, BEST), 2);
    for label in
        ["learning_rate", "momentum", "hidden_units", "layers", "value", "0.0001", "1", "0.9", "0.999"]
    {
        assert!(has_text(svg, label), "{label}");
    }
}

#[test]
fn maximize_marks_the_highest_value_best() {
    let (space, mut records) = (lecture_space(), lecture_study());
    for r in &mut records {
        r.value = r.value.map(|v| 1.0 - v);
        for p in &mut r.curve {
            p.value = 1.0 - p.value;
        }
    }
    let best = records
        .iter()
        .filter(|r| r.value.is_some())
        .max_by(|a, b| a.value.partial_cmp(&b.value).unwrap())
        .unwrap();
    let plots = Plots::new(&records, &space, Direction::Maximize).metric("accuracy");
    let svg = plots.learning_curves_svg().unwrap();
    assert!(
        texts(&svg).iter().any(|t| t.starts_with(&format!("best: trial {},", best.index))),
        "{}",
        best.index
    );
    std::fs::write(out_dir().join("learning_curves_maximize.svg"), &svg).unwrap();
    let svg = plots.values_by_param_svg().unwrap();
    well_formed(&svg);
    std::fs::write(out_dir().join("values_by_param_maximize.svg"), &svg).unwrap();
}

#[test]
fn choices_fixed_values_and_grids() {
    let mut b = SpaceBuilder::new();
    b.choice("activation".into(), "Activation", &["relu", "tanh", "gelu"]);
    b.scale("batch_size".into(), "u32", &LogStepScale::new(16u32, 1024, 2).unwrap());
    b.fixed("epochs".into(), "u32", "10".into());
    b.choice("use_dropout".into(), "bool", &["false", "true"]);
    let space = b.finish();
    let batch = LogStepScale::new(16u32, 1024, 2).unwrap();
    let records: Vec<TrialRecord> = (0..24u64)
        .map(|i| {
            let unit = vec![
                (i % 3) as f64 / 3.0 + 1.0 / 6.0,
                batch.to_unit(16 << (i % 7)),
                if i % 2 == 0 { 0.25 } else { 0.75 },
            ];
            let value = 0.2 + 0.05 * (i % 3) as f64 + 0.01 * (i % 7) as f64;
            TrialRecord {
                index: i,
                config: serde_json::json!({}),
                unit,
                curve: vec![CurvePoint { step: 1, value: 0.9 }, CurvePoint { step: 2, value }],
                value: Some(value),
                status: Status::Complete,
                duration_secs: 0.0,
                metrics: Default::default(),
                constraints: Default::default(),
            }
        })
        .collect();
    let plots = Plots::new(&records, &space, Direction::Minimize);
    let svg = plots.values_by_param_svg().unwrap();
    std::fs::write(out_dir().join("values_by_param_choices.svg"), &svg).unwrap();
    let svg = well_formed(&svg);
    for label in ["relu", "tanh", "gelu", "16", "1024", "false", "true", "choice"] {
        assert!(has_text(svg, label), "{label}");
    }
    assert!(!has_text(svg, "epochs"), "a fixed value has no panel");
    let svg = plots.parallel_coordinates_svg().unwrap();
    std::fs::write(out_dir().join("parallel_coordinates_choices.svg"), &svg).unwrap();
    well_formed(&svg);
}

#[test]
fn empty_input_is_an_error() {
    let space = lecture_space();
    let plots = Plots::new(&[], &space, Direction::Minimize);
    assert!(matches!(plots.learning_curves_svg(), Err(PlotError::NoTrials)));
    assert!(matches!(plots.values_by_param_svg(), Err(PlotError::NoTrials)));
    assert!(matches!(plots.parallel_coordinates_svg(), Err(PlotError::NoTrials)));
}

#[test]
fn all_failed_draws_the_curves_and_refuses_the_value_plots() {
    let space = lecture_space();
    let mut records = lecture_study();
    for r in &mut records {
        r.status = Status::Failed { message: "out of memory".into() };
        r.value = None;
    }
    let plots = Plots::new(&records, &space, Direction::Minimize);
    let svg = plots.learning_curves_svg().unwrap();
    let svg = well_formed(&svg);
    assert!(polylines(svg, FAILED) >= records.len());
    assert_eq!(polylines(svg, BEST), 0);
    std::fs::write(out_dir().join("learning_curves_all_failed.svg"), svg).unwrap();
    let err = plots.values_by_param_svg().unwrap_err();
    assert!(matches!(err, PlotError::NoCompleteTrials { failed: 40, pruned: 0 }), "{err:?}");
    assert!(err.to_string().contains("no trial completed"), "{err}");
    assert!(matches!(plots.parallel_coordinates_svg(), Err(PlotError::NoCompleteTrials { .. })));

    // Failed before reporting anything: no curve at all.
    for r in &mut records {
        r.curve.clear();
    }
    let plots = Plots::new(&records, &space, Direction::Minimize);
    assert!(matches!(plots.learning_curves_svg(), Err(PlotError::NoCurves)));
}

#[test]
fn nan_and_infinity_never_reach_the_svg() {
    let space = lecture_space();
    let mut records = lecture_study();
    records[0].curve[1].value = f64::NAN;
    records[1].curve[2].value = f64::INFINITY;
    records[2].value = Some(f64::NAN);
    records[3].unit[0] = f64::NAN;
    records[4].value = Some(f64::NEG_INFINITY);
    records[5].duration_secs = f64::NAN;
    let plots = Plots::new(&records, &space, Direction::Minimize);
    well_formed(&plots.learning_curves_svg().unwrap());
    well_formed(&plots.values_by_param_svg().unwrap());
    well_formed(&plots.parallel_coordinates_svg().unwrap());

    // One trial, one point: degenerate ranges still draw.
    let mut one = vec![records[10].clone()];
    one[0].curve.truncate(1);
    one[0].status = Status::Complete;
    one[0].value = Some(one[0].curve[0].value);
    let plots = Plots::new(&one, &space, Direction::Minimize);
    let svg = plots.learning_curves_svg().unwrap();
    std::fs::write(out_dir().join("learning_curves_one_point.svg"), well_formed(&svg)).unwrap();
    well_formed(&plots.values_by_param_svg().unwrap());
    let svg = plots.parallel_coordinates_svg().unwrap();
    std::fs::write(out_dir().join("parallel_coordinates_one_point.svg"), well_formed(&svg)).unwrap();
}

#[test]
fn records_from_another_space_are_refused() {
    let space = lecture_space();
    let mut records = lecture_study();
    records[7].unit.pop();
    let err = plot::values_by_param(&records, &space, Direction::Minimize, out_dir().join("never.svg"))
        .unwrap_err();
    assert!(matches!(err, PlotError::UnitLength { trial: 7, expected: 4, found: 3 }), "{err:?}");
}

#[test]
fn a_space_of_fixed_values_has_nothing_to_plot() {
    let mut b = SpaceBuilder::new();
    b.fixed("epochs".into(), "u32", "10".into());
    let space = b.finish();
    let record = TrialRecord {
        index: 0,
        config: serde_json::json!({ "epochs": 10 }),
        unit: vec![],
        curve: vec![CurvePoint { step: 1, value: 0.5 }],
        value: Some(0.5),
        status: Status::Complete,
        duration_secs: 0.0,
        metrics: Default::default(),
        constraints: Default::default(),
    };
    let plots = Plots::new(std::slice::from_ref(&record), &space, Direction::Minimize);
    assert!(matches!(plots.values_by_param_svg(), Err(PlotError::NoParams)));
    assert!(matches!(plots.parallel_coordinates_svg(), Err(PlotError::NoParams)));
    well_formed(&plots.learning_curves_svg().unwrap());
}

#[test]
fn a_missing_directory_is_an_io_error() {
    let (space, records) = (lecture_space(), lecture_study());
    let path = out_dir().join("no such dir").join("x.svg");
    let err = plot::learning_curves(&records, &space, Direction::Minimize, &path).unwrap_err();
    assert!(matches!(err, PlotError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("no such dir"));
}

/// A conditional space: `optimizer` picks a variant, and each variant's fields are active only
/// with it. Trials show on a field's panel only when it is active, and parallel-coordinate lines
/// break at an inactive axis.
#[test]
fn inactive_parameters_are_left_out() {
    let mut b = SpaceBuilder::new();
    b.scale("learning_rate".into(), "f64", &LogScale::new(1e-5, 0.1).unwrap());
    b.choice("optimizer".into(), "Optimizer", &["Sgd", "Adam"]);
    b.enter("optimizer", "Sgd");
    b.scale("optimizer.momentum".into(), "f64", &ReverseLogScale::new(0.5, 0.999).unwrap());
    b.leave();
    b.enter("optimizer", "Adam");
    b.scale("optimizer.beta2".into(), "f64", &ReverseLogScale::new(0.99, 0.99999).unwrap());
    b.scale("optimizer.epsilon".into(), "f64", &LogScale::new(1e-10, 1e-6).unwrap());
    b.leave();
    b.scale("weight_decay_for_all_layers_but_the_last".into(), "f64", &LinearScale::new(0.0, 0.3).unwrap());
    let space = b.finish();
    let random = Random::new(9, 6);
    let records: Vec<TrialRecord> = (0..30u64)
        .map(|i| {
            let mut unit = random.point(i).unwrap();
            unit[1] = if i % 3 == 0 { 0.25 } else { 0.75 }; // a third Sgd, the rest Adam
            let value = 0.3 + 0.2 * (unit[0] - 0.6).abs() + 0.05 * unit[5] + 0.01 * (i % 4) as f64;
            TrialRecord {
                index: i,
                config: serde_json::json!({}),
                unit,
                curve: (1..=10).map(|s| CurvePoint { step: s, value: value + 0.5 / s as f64 }).collect(),
                value: Some(value + 0.05),
                status: Status::Complete,
                duration_secs: 0.0,
                metrics: Default::default(),
                constraints: Default::default(),
            }
        })
        .collect();
    let plots = Plots::new(&records, &space, Direction::Minimize).metric("loss");
    let svg = plots.values_by_param_svg().unwrap();
    std::fs::write(out_dir().join("values_by_param_conditional.svg"), &svg).unwrap();
    let svg = well_formed(&svg);
    let dots = svg
        .lines()
        .filter(|l| l.starts_with("<circle") && l.contains(&format!("fill=\"{COMPLETE}\"")))
        .count();
    // Three panels with every trial, one with the 10 Sgd trials, two with the 20 Adam trials;
    // the best (a Sgd or an Adam trial) is drawn apart, and the legend has one dot.
    let best_is_sgd = {
        let best = records.iter().min_by(|a, b| a.value.partial_cmp(&b.value).unwrap()).unwrap();
        best.index % 3 == 0
    };
    let expected = 3 * 29 + if best_is_sgd { 9 + 2 * 20 } else { 10 + 2 * 19 } + 1;
    assert_eq!(dots, expected);
    for name in ["optimizer.momentum", "optimizer.beta2", "optimizer.epsilon", "Sgd", "Adam"] {
        assert!(has_text(svg, name), "{name}");
    }

    let svg = plots.parallel_coordinates_svg().unwrap();
    std::fs::write(out_dir().join("parallel_coordinates_conditional.svg"), &svg).unwrap();
    let svg = well_formed(&svg);
    // Sgd lines break at beta2 and epsilon: two runs each; Adam lines break at momentum.
    let lines = svg.lines().filter(|l| l.starts_with("<polyline")).count() - polylines(svg, "#777777");
    assert_eq!(lines, 2 * 30 + 3);
}

/// A weighted choice (`#[hp(weight = W)]` on enum variants): Sgd and Momentum weigh 1, Adam 2, so
/// their bins are [0, 0.25), [0.25, 0.5) and [0.5, 1], and each label sits at its bin's centre,
/// 0.125, 0.375 and 0.75 along the axis, not at the equal bins' 1/6, 1/2 and 5/6.
#[test]
fn weighted_choices_are_labelled_at_their_bin_centres() {
    let mut b = SpaceBuilder::new();
    b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]);
    b.scale("learning_rate".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    let space = b.finish();
    let optimizer = &space.params()[0];
    let records: Vec<TrialRecord> = (0..24u64)
        .map(|i| {
            let unit = vec![optimizer.nth_unit((i % 4).min(2) as u128).unwrap(), (i as f64 + 0.5) / 24.0];
            let value = 0.2 + 0.1 * unit[0] + 0.05 * (unit[1] - 0.5).abs();
            TrialRecord {
                index: i,
                config: serde_json::json!({}),
                unit,
                curve: vec![CurvePoint { step: 1, value: 0.9 }, CurvePoint { step: 2, value }],
                value: Some(value),
                status: Status::Complete,
                duration_secs: 0.0,
                metrics: Default::default(),
                constraints: Default::default(),
            }
        })
        .collect();
    let plots = Plots::new(&records, &space, Direction::Minimize);
    // The gap from Sgd to Momentum over the gap from Momentum to Adam: 0.25 / 0.375 = 2/3
    // (equal bins would give 1).
    let ratio = |a: f64, b: f64, c: f64| (b - a) / (c - b);
    let at = |svg: &str, label: &str| -> (f64, f64) {
        let found = text_positions(svg, label);
        assert_eq!(found.len(), 1, "one {label} label");
        found[0]
    };

    let svg = plots.values_by_param_svg().unwrap();
    std::fs::write(out_dir().join("values_by_param_weighted.svg"), &svg).unwrap();
    let svg = well_formed(&svg);
    let [sgd, momentum, adam] = ["Sgd", "Momentum", "Adam"].map(|l| at(svg, l).0);
    let r = ratio(sgd, momentum, adam);
    assert!((r - 2.0 / 3.0).abs() < 0.03, "{sgd} {momentum} {adam}: ratio {r}");

    // Parallel coordinates: the same bins up a vertical axis (0 at the bottom).
    let svg = plots.parallel_coordinates_svg().unwrap();
    std::fs::write(out_dir().join("parallel_coordinates_weighted.svg"), &svg).unwrap();
    let svg = well_formed(&svg);
    let [sgd, momentum, adam] = ["Sgd", "Momentum", "Adam"].map(|l| at(svg, l).1);
    let r = ratio(sgd, momentum, adam);
    assert!((r - 2.0 / 3.0).abs() < 0.03, "{sgd} {momentum} {adam}: ratio {r}");
}
