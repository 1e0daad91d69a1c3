//! The lecture's space under four strategies: how each covers the learning rate's decades and
//! the momentum's two bands, and how many distinct values of each it tries.
//!
//! Run with `cargo run --release --example strategies`.

use hp::Hyperparams;
use hp::strategy::{Grid, LatinHypercube, Random, Sobol, Strategy};

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

const SEED: u64 = 2017;

fn main() -> Result<(), hp::strategy::StrategyError> {
    // A grid of 3 points per axis has 3^4 = 81 configs; every strategy gets the same budget.
    let grid = Grid::for_config::<Train>(3)?;
    let n = grid.len().expect("a grid is finite");
    let runs: Vec<(&str, Vec<Train>)> = vec![
        ("grid (K = 3)", grid.configs().collect()),
        ("random", Random::for_config::<Train>(SEED).configs().take(n as usize).collect()),
        ("Sobol", Sobol::for_config::<Train>(SEED)?.configs().take(n as usize).collect()),
        ("Latin hypercube", LatinHypercube::for_config::<Train>(SEED, n)?.configs().collect()),
    ];

    println!("The lecture's space, {n} configs per strategy:\n{}", Train::space());
    println!("Share of configs per decade of the learning rate α, and per band of the momentum β:\n");
    println!(
        "{:<16} {:>7} {:>7} {:>7} {:>7}   {:>9} {:>9}   {:>10} {:>10} {:>10}",
        "strategy",
        "1e-4..",
        "1e-3..",
        "1e-2..",
        "1e-1..",
        "β < 0.99",
        "β ≥ 0.99",
        "distinct α",
        "distinct β",
        "distinct L"
    );
    for (name, configs) in &runs {
        let share = |f: &dyn Fn(&Train) -> bool| {
            100.0 * configs.iter().filter(|c| f(c)).count() as f64 / configs.len() as f64
        };
        let decade = |d: i32| {
            let (low, high) = (10f64.powi(d), 10f64.powi(d + 1));
            share(&move |c: &Train| low <= c.learning_rate && (c.learning_rate < high || d == -1))
        };
        let distinct = |key: &dyn Fn(&Train) -> u64| {
            let mut v: Vec<u64> = configs.iter().map(key).collect();
            v.sort_unstable();
            v.dedup();
            v.len()
        };
        println!(
            "{:<16} {:>6.1}% {:>6.1}% {:>6.1}% {:>6.1}%   {:>8.1}% {:>8.1}%   {:>10} {:>10} {:>10}",
            name,
            decade(-4),
            decade(-3),
            decade(-2),
            decade(-1),
            share(&|c| c.momentum < 0.99),
            share(&|c| c.momentum >= 0.99),
            distinct(&|c| c.learning_rate.to_bits()),
            distinct(&|c| c.momentum.to_bits()),
            distinct(&|c| c.layers as u64),
        );
    }
    println!(
        "\nA grid tries only 3 learning rates in {n} runs; random, Sobol and Latin hypercube try {n}.\n\
         When one hyperparameter matters much more than the others (α usually does), that is the\n\
         lecture's case for random search over a grid. Sobol and Latin hypercube spread the same\n\
         budget more evenly over each axis than random draws do."
    );
    Ok(())
}
