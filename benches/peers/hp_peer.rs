//! hp's side of the peer comparison (benches/peers/run.sh): nanoseconds per config of the
//! lecture's space through `sample_with` and through each strategy's trial `i`, as one JSON line.
//! A strategy's figure at trial k is the median of 201 timed passes over trials k-100..k (the
//! windows of the Optuna figures); `sample_with`'s, the median of 7 passes of 100 000 draws.
//!
//! `cargo bench --bench hp_peer` prints the line; run.sh alternates it with the Python peers.

use std::hint::black_box;
use std::time::Instant;

use hp::Hyperparams;
use hp::strategy::{Grid, LatinHypercube, Random, Sobol, Strategy};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

#[path = "../common/lecture.rs"]
mod lecture;
use lecture::Train;

const PASSES: usize = 7;
const WINDOW_PASSES: usize = 201;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Median ns per config of `config(i)` for `i` in `end - n..end`.
fn window<S: Strategy>(strategy: &S, end: u64, n: u64) -> f64 {
    let start = end - n;
    let passes = (0..WINDOW_PASSES).map(|_| {
        let t = Instant::now();
        for i in start..start + n {
            black_box(strategy.config::<Train>(black_box(i)));
        }
        t.elapsed().as_secs_f64() * 1e9 / n as f64
    });
    median(passes.collect())
}

fn main() {
    const N: u64 = 100_000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let sample_with = median(
        (0..PASSES)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..N {
                    black_box(Train::sample_with(&mut rng));
                }
                t.elapsed().as_secs_f64() * 1e9 / N as f64
            })
            .collect(),
    );
    let random = Random::for_config::<Train>(7);
    let grid = Grid::for_config::<Train>(100).expect("a grid of 1.53 million configs");
    let sobol = Sobol::for_config::<Train>(7).expect("4 dimensions");
    let lhs = LatinHypercube::for_config::<Train>(7, 1 << 21).expect("an LHS of 2^21 points");
    let mut fields = vec![("sample_with".to_string(), sample_with)];
    // Windows of 100 trials ending at trial 100, 1k and 4k (as the Optuna figures), and at 1M.
    for (label, end) in [("100", 100u64), ("1k", 1_000), ("4k", 4_000), ("1M", 1_000_000)] {
        fields.push((format!("random@{label}"), window(&random, end, 100)));
        fields.push((format!("grid@{label}"), window(&grid, end, 100)));
        fields.push((format!("sobol@{label}"), window(&sobol, end, 100)));
        fields.push((format!("lhs@{label}"), window(&lhs, end, 100)));
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\": {v:.2}")).collect();
    println!("{{\"peer\": \"hp\", \"unit\": \"ns/config\", {}}}", body.join(", "));
}
