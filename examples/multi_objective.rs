//! Two objectives at once: the digits MLP's validation error and its size (parameter count).
//!
//! A small model that is nearly as good can be worth more than the best one. Each trial trains the
//! caviar example's MLP for 12 epochs, returns its validation error and records its parameter
//! count as a metric. The study declares both as its objectives, and NSGA-II (hp-nsga; population
//! 16, so generation 0 is 16 random configs and the next two are their children) learns from both.
//! Then the Pareto front (the trials no other beats in both at once), its hypervolume, and
//! `pareto.svg`.
//!
//! ```text
//! cargo run --release --example multi_objective                     # 48 trials in target/multi-objective-nsga2/
//! cargo run --release --example multi_objective -- --sampler sobol  # the same budget of Sobol points
//! cargo run --release --example multi_objective -- --fresh          # starts over
//! ```

mod common;

use std::error::Error;
use std::path::Path;
use std::process::ExitCode;

use hp::Direction;
use hp::nsga::Nsga2;
use hp::strategy::Sobol;
use hp::study::{Objective, Study, Trial};

use common::digits;
use common::lecture::Train;
use common::mlp::{Mlp, TrainConfig};

const DIR: &str = "target/multi-objective";
/// NSGA-II's population: three generations in 48 trials.
const POPULATION: usize = 16;
const TRIALS: u64 = 48;
const EPOCHS: u64 = 12;
/// The reference point of the hypervolume: an error of 1 (every digit wrong) and 50,000
/// parameters (more than the largest model of the space, 4 layers of 100 units).
const REFERENCE: [f64; 2] = [1.0, 50_000.0];

fn main() -> ExitCode {
    common::exit_code("multi_objective", run())
}

fn run() -> Result<(), Box<dyn Error>> {
    let sobol = match std::env::args().skip_while(|a| a != "--sampler").nth(1).as_deref() {
        None | Some("nsga2") => false,
        Some("sobol") => true,
        Some(other) => return Err(format!("--sampler {other:?}: use nsga2 or sobol").into()),
    };
    let dir = format!("{DIR}-{}", if sobol { "sobol" } else { "nsga2" });
    if std::env::args().any(|a| a == "--fresh") && Path::new(&dir).exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let objectives = [
        Objective::value(Direction::Minimize).labelled("validation error"),
        Objective::metric("parameters", Direction::Minimize),
    ];
    let study =
        Study::<Train>::new("multi-objective").objectives(objectives.clone()).budget(TRIALS).storage(&dir);
    // NSGA-II's lag of 4: four trials at a time, each a child of the generations finished before
    // it; the same configs with 1 to 4 workers.
    let study = if sobol {
        study.sampler(Sobol::for_config::<Train>(2017)?)
    } else {
        study.sampler(Nsga2::for_config::<Train>(2017).population(POPULATION)).lag(4)
    };
    let split = digits::load_split(7)?;
    let results = study.run(|cfg: &Train, trial: &mut Trial<'_>| -> Result<f64, String> {
        let cfg = TrainConfig::from(cfg);
        let mut model = Mlp::from_config(&cfg, digits::PIXELS, digits::CLASSES, 1)?;
        trial.metric("parameters", model.param_count() as f64)?;
        let mut error = f64::NAN;
        for epoch in 1..=EPOCHS {
            model.train_epoch(&split.train, &cfg)?;
            error = 1.0 - model.evaluate(&split.validation)?.accuracy;
            trial.report(epoch, error)?;
        }
        Ok(error)
    })?;

    let front = results.pareto_front(&objectives)?;
    println!(
        "{} trials of the MLP on the digits, {} epochs each: validation error against parameter count.\n",
        front.considered(),
        EPOCHS
    );
    println!("Pareto front ({} trials no other beats in both):", front.trials().len());
    println!("{:>7}  {:>9}  {:>10}  {:>6}  {:>12}", "trial", "error", "parameters", "layers", "hidden units");
    let mut rows: Vec<_> = front.trials().iter().zip(front.values()).collect();
    rows.sort_by(|a, b| a.1[1].total_cmp(&b.1[1]));
    for (record, values) in rows {
        let cfg: Train = hp::study::read_config(&record.config)?;
        println!(
            "{:>7}  {:>9.4}  {:>10}  {:>6}  {:>12}",
            record.index, values[0], values[1], cfg.layers, cfg.hidden_units
        );
    }
    let volume = front.hypervolume(&REFERENCE)?;
    println!(
        "\nHypervolume against (error {}, {} parameters): {volume:.1} ({:.1}% of the reference box).",
        REFERENCE[0],
        REFERENCE[1],
        100.0 * volume / (REFERENCE[0] * REFERENCE[1])
    );
    let svg = Path::new(&dir).join("pareto.svg");
    front.write_svg(&svg)?;
    println!("Plot: {}", svg.display());
    Ok(())
}
