//! Trains the example model with the lecture's default hyperparameters and prints its learning curve; then
//! with a learning rate far too large, to show what divergence looks like to a caller (the ReLUs die and the
//! accuracy falls to chance, about 10%; extreme rates such as 1e300 overflow to NaN or inf losses, returned
//! as values, never a panic); then the
//! largest architecture of the lecture's ranges (4 layers of 100 units), to time the slowest epoch a study
//! will run.
//!
//! ```text
//! cargo run --release --example mlp_digits
//! ```

mod common;

use std::time::Instant;

use common::digits;
use common::mlp::{Mlp, TrainConfig};

const SPLIT_SEED: u64 = 7;
const MODEL_SEED: u64 = 1;
const EPOCHS: usize = 10;

fn main() -> Result<(), String> {
    let split = digits::load_split(SPLIT_SEED)?;
    println!(
        "digits: {} training and {} validation samples of {} pixels, {} classes",
        split.train.len(),
        split.validation.len(),
        digits::PIXELS,
        digits::CLASSES
    );
    run(&split, TrainConfig::LECTURE_DEFAULT)?;
    run(&split, TrainConfig { learning_rate: 5.0, ..TrainConfig::LECTURE_DEFAULT })?;
    run(&split, TrainConfig { hidden_units: 100, layers: 4, ..TrainConfig::LECTURE_DEFAULT })?;
    Ok(())
}

fn run(split: &digits::Split, cfg: TrainConfig) -> Result<(), String> {
    let mut model = Mlp::from_config(&cfg, digits::PIXELS, digits::CLASSES, MODEL_SEED)?;
    println!("\n{cfg:?}, {} parameters", model.param_count());
    println!("{:>5} {:>11} {:>10} {:>9} {:>9}", "epoch", "train loss", "val loss", "val acc", "time");
    let mut total = 0.0;
    for epoch in 1..=EPOCHS {
        let start = Instant::now();
        let train_loss = model.train_epoch(&split.train, &cfg)?;
        let seconds = start.elapsed().as_secs_f64();
        total += seconds;
        let val = model.evaluate(&split.validation)?;
        println!(
            "{epoch:>5} {train_loss:>11.4} {:>10.4} {:>8.1}% {:>7.1}ms",
            val.loss,
            100.0 * val.accuracy,
            1e3 * seconds
        );
    }
    println!("mean time per training epoch: {:.1} ms", 1e3 * total / EPOCHS as f64);
    Ok(())
}
