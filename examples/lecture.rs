//! The lecture's numbers, reproduced: why the learning rate needs a log scale and the momentum a
//! log scale on `1 - β`, while hidden units and layers can be uniform.
//!
//! Run with `cargo run --release --example lecture`.

use hp::Hyperparams;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// The lecture's space, each hyperparameter on its appropriate scale.
#[derive(Hyperparams, Debug)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    momentum: f64,
    #[hp(linear, 50, 100)]
    hidden_units: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
}

/// The same ranges sampled uniformly: what the lecture warns against for α and β.
#[derive(Hyperparams, Debug)]
struct Uniform {
    #[hp(linear, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(linear, 0.9, 0.999)]
    momentum: f64,
}

const DRAWS: usize = 100_000;
const SEED: u64 = 2017;

fn share(values: &[f64], low: f64, high: f64) -> f64 {
    100.0 * values.iter().filter(|&&v| low <= v && v < high).count() as f64 / values.len() as f64
}

fn main() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let scaled: Vec<Train> = (0..DRAWS).map(|_| Train::sample_with(&mut rng)).collect();
    let uniform: Vec<Uniform> = (0..DRAWS).map(|_| Uniform::sample_with(&mut rng)).collect();

    println!("The search space (Train::space()):\n{}", Train::space());
    println!("{DRAWS} draws each, Xoshiro256PlusPlus seeded with {SEED}.\n");

    println!("Hidden units in 50..=100 and layers in 2..=4: uniform is fine.");
    let units: Vec<f64> = scaled.iter().map(|c| c.hidden_units as f64).collect();
    println!("  {:<18} {:>7}", "hidden units", "share");
    for low in (50..100).step_by(10) {
        // The last bin holds 11 values (90..=100), so it gets 11/51 of the draws, not 10/51.
        let high = if low == 90 { 101 } else { low + 10 };
        println!(
            "  {:<18} {:>6.1}%",
            format!("{low}..={}", high - 1),
            share(&units, low as f64, high as f64)
        );
    }
    let layers: Vec<f64> = scaled.iter().map(|c| c.layers as f64).collect();
    println!("  {:<18} {:>7}", "layers", "share");
    for l in 2..=4 {
        println!("  {:<18} {:>6.1}%", l, share(&layers, l as f64, l as f64 + 1.0));
    }

    println!("\nLearning rate α in [1e-4, 1]: share of draws per decade.");
    println!("  {:<18} {:>10} {:>10}", "decade", "uniform", "log");
    let lr_uniform: Vec<f64> = uniform.iter().map(|c| c.learning_rate).collect();
    let lr_log: Vec<f64> = scaled.iter().map(|c| c.learning_rate).collect();
    for d in -4..0 {
        let (low, high) = (10f64.powi(d), if d == -1 { 1.0 + f64::EPSILON } else { 10f64.powi(d + 1) });
        println!(
            "  {:<18} {:>9.1}% {:>9.1}%",
            if d == -1 { "[1e-1, 1]".to_string() } else { format!("[1e{d}, 1e{})", d + 1) },
            share(&lr_uniform, low, high),
            share(&lr_log, low, high)
        );
    }
    println!("  Uniform sampling spends about 90% of the budget in [0.1, 1]; the log scale 25% per decade.");

    println!("\nMomentum β in [0.9, 0.999]: share of draws, and the averaging window 1/(1-β).");
    println!("  {:<18} {:>10} {:>12}", "β in", "uniform", "reverse_log");
    let beta_uniform: Vec<f64> = uniform.iter().map(|c| c.momentum).collect();
    let beta_scaled: Vec<f64> = scaled.iter().map(|c| c.momentum).collect();
    for (label, low, high) in [("[0.9, 0.99)", 0.9, 0.99), ("[0.99, 0.999]", 0.99, 0.999 + f64::EPSILON)] {
        println!(
            "  {:<18} {:>9.1}% {:>11.1}%",
            label,
            share(&beta_uniform, low, high),
            share(&beta_scaled, low, high)
        );
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mu, ms) = (median(&beta_uniform), median(&beta_scaled));
    println!("  {:<18} {:>10.4} {:>12.4}", "median β", mu, ms);
    println!("  {:<18} {:>10.0} {:>12.0}", "window at median", 1.0 / (1.0 - mu), 1.0 / (1.0 - ms));
    println!("  1/(1-β) is most sensitive near 1: reverse_log puts half the draws in [0.99, 0.999].");

    println!("\nFirst three configs:");
    for c in scaled.iter().take(3) {
        println!("  {c:?}");
    }
}
