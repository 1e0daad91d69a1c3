//! The day-by-day picture's labels (the best day, every rollback, diverged days) never overlap,
//! however crowded the days: read back from the SVG as drawn.

use hp_core::Hyperparams;
use hp_panda::{Json, Panda, plot};
use hp_plot::label::drawn;
use hp_plot::style::SMALL_SIZE;

#[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[hp(crate = "hp_core")]
struct Train {
    #[hp(log, 1e-3, 1.0)]
    learning_rate: f64,
}

#[test]
fn rollback_labels_never_overlap_on_a_crowded_history() -> Result<(), Box<dyn std::error::Error>> {
    let mut session =
        Panda::builder("crowded").open(|| Ok::<_, String>((Train { learning_rate: 0.1 }, Json(1.0_f64))))?;
    let alpha = Train::space().param_id("learning_rate")?;
    // Forty days, nearly each rolled back to the one before it: forty arcs side by side, each
    // with its own label, the labels far wider than a day.
    for day in 1..=40u64 {
        session.train_day(|w: &mut Json<f64>, _: &Train| {
            w.0 *= 0.97;
            Ok::<_, String>(if day == 17 { f64::NAN } else { w.0 })
        })?;
        if day % 7 == 3 {
            session.nudge(&alpha, 1)?;
        } else if day > 1 {
            session.rollback_to(day - 1)?;
        }
    }
    let svg = plot::day_by_day_svg(session.history(), session.space(), "loss")?;
    if let Ok(path) = std::env::var("HP_PLOT_LABELS_SVG") {
        std::fs::write(path, &svg)?;
    }
    let labels = drawn(&svg, SMALL_SIZE);
    let rollbacks = labels.iter().filter(|(t, _)| t.starts_with("back to")).count();
    assert!(rollbacks >= 30, "{rollbacks} rollback labels drawn");
    assert!(labels.iter().any(|(t, _)| t.starts_with("best: day")));
    assert!(labels.iter().any(|(t, _)| t == "NaN"));
    for (i, (a, ra)) in labels.iter().enumerate() {
        for (b, rb) in &labels[i + 1..] {
            assert!(!ra.overlaps(rb), "{a:?} at {ra:?} overlaps {b:?} at {rb:?}");
        }
    }
    Ok(())
}
