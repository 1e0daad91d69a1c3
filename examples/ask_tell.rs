//! Ask/tell: hp proposes the configs, your own training loop trains them.
//!
//! The study (TPE, a median pruner, a storage directory) never calls your code: you `ask` it for
//! a trial, train it however you like (here the digits MLP of the caviar example, epoch by epoch),
//! `report` the validation error after each epoch (the pruner answers whether to stop), and
//! `tell` it how the trial ended. Today's production settings are enqueued, so they are trial 0.
//! Every ask, report and tell is durable: stop the program at any point and run it again, and it
//! goes on from where it was (a trial asked and never told can be told later, by its index, from
//! any process).
//!
//! ```text
//! cargo run --release --example ask_tell              # 24 trials in target/ask-tell/
//! cargo run --release --example ask_tell -- --fresh   # starts over
//! ```

mod common;

use std::error::Error;
use std::path::Path;
use std::process::ExitCode;

use hp::Direction;
use hp::study::{MedianPruner, Status, Study, Told};
use hp::tpe::Tpe;

use common::digits;
use common::lecture::Train;
use common::mlp::{Mlp, TrainConfig};

const DIR: &str = "target/ask-tell";
const TRIALS: u64 = 24;
const EPOCHS: u64 = 12;

fn main() -> ExitCode {
    common::exit_code("ask_tell", run())
}

fn run() -> Result<(), Box<dyn Error>> {
    if std::env::args().any(|a| a == "--fresh") && Path::new(DIR).exists() {
        std::fs::remove_dir_all(DIR)?;
    }
    let study = Study::<Train>::new("ask-tell")
        .sampler(Tpe::for_config::<Train>(2017))
        .budget(TRIALS)
        .direction(Direction::Minimize)
        .pruner(MedianPruner::new().warmup_steps(4).min_trials(5).last_step(EPOCHS))
        .storage(DIR);
    let mut tuner = study.ask_tell()?;
    let split = digits::load_split(7)?;

    // A trial asked by an earlier run that stopped before telling it: tell it as lost (or train
    // it again and tell its value: it is told by index, from here or anywhere).
    for index in tuner.running_trials() {
        tuner.tell(index, Told::Failed("the run stopped before this trial was told".into()))?;
        println!("trial {index}: left over from an interrupted run, told as failed");
    }
    if tuner.results().records().is_empty() {
        // Today's production settings: evaluated first, and the model learns from them.
        tuner.enqueue(Train {
            learning_rate: 0.05,
            momentum: 0.9,
            hidden_units: 64,
            layers: 2,
            batch_size: 32,
        })?;
    }

    while tuner.results().records().len() < TRIALS as usize {
        let trial = tuner.ask()?;
        let cfg = TrainConfig::from(&trial.config);
        let mut model = Mlp::from_config(&cfg, digits::PIXELS, digits::CLASSES, 1)?;
        let mut told = None;
        let mut error = f64::NAN;
        for epoch in 1..=EPOCHS {
            let loss = model.train_epoch(&split.train, &cfg)?;
            if !loss.is_finite() {
                told = Some(Told::Failed(format!("diverged in epoch {epoch}")));
                break;
            }
            error = 1.0 - model.evaluate(&split.validation)?.accuracy;
            if tuner.report(trial.index, epoch, error)? {
                told = Some(Told::Pruned);
                break;
            }
        }
        let record = tuner.tell(trial.index, told.unwrap_or(Told::Value(error)))?;
        println!(
            "trial {:>2}: {:<24} α = {:.2e}, β = {:.4}, {} layers of {:>3}, batches of {:>3}",
            record.index,
            match (&record.status, record.value) {
                (_, Some(v)) => format!("validation error {v:.4}"),
                (Status::Pruned { step, .. }, _) => format!("pruned after epoch {step}"),
                (_, None) => "failed".to_owned(),
            },
            trial.config.learning_rate,
            trial.config.momentum,
            trial.config.layers,
            trial.config.hidden_units,
            trial.config.batch_size,
        );
    }
    let results = tuner.results();
    println!("\n{}", results.summary(5));
    println!("Stored in {DIR}/: run again to resume, `-- --fresh` to start over.");
    Ok(())
}
