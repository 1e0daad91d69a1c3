//! hp's side of the multi-objective comparison (benches/peers/multi_objective.sh, BENCHMARKS.md
//! section 8).
//!
//! `cargo bench --bench multi_objective -- zdt1 [SEEDS] [TRIALS]` runs hp's NSGA-II (Optuna's
//! defaults: population 50) and random search on ZDT1 with 30 variables for SEEDS seeds (default
//! 30) and TRIALS trials (default 1,000), one sequential run each (lag 1, as Optuna with
//! `n_jobs=1`), and prints one JSON line per run: both objectives of every trial, in order. The
//! report computes every hypervolume, for hp and Optuna alike.
//!
//! `cargo bench --bench multi_objective -- cost` prints the median microseconds of 51 asks of
//! NSGA-II at trial 1,000 of a ZDT1 run (propose + config + its unit point).

use std::hint::black_box;
use std::time::Instant;

use hp::nsga::Nsga2;
use hp::sampler::{History, Observation, Outcome, Sampler};
use hp::strategy::Random;
use hp::{Direction, Space, SpaceBuilder};

/// ZDT1's 30 decision variables, each in [0, 1] (Zitzler, Deb and Thiele 2000).
const D: usize = 30;

fn space() -> Space {
    let mut b = SpaceBuilder::new();
    for k in 0..D {
        b.scale(format!("x{k}"), "f64", &hp::LinearScale::new(0.0, 1.0).expect("a valid range"));
    }
    b.finish()
}

/// ZDT1: f1 = x1, f2 = g (1 - sqrt(x1 / g)) with g = 1 + 9 mean(x2..x30); the Pareto front is
/// g = 1, f2 = 1 - sqrt(f1).
fn zdt1(x: &[f64]) -> [f64; 2] {
    let g = 1.0 + 9.0 * x[1..].iter().sum::<f64>() / (x.len() - 1) as f64;
    [x[0], g * (1.0 - (x[0] / g).sqrt())]
}

/// A sequential run: both objectives of every trial, and the history it ends with.
fn run(sampler: &dyn Sampler, space: &Space, n: u64) -> (Vec<[f64; 2]>, Vec<Observation>) {
    let mut trials: Vec<Observation> = Vec::with_capacity(n as usize);
    let mut values = Vec::with_capacity(n as usize);
    let mut point = vec![0.0; D];
    for i in 0..n {
        sampler.propose(i, &History::new(Direction::Minimize, &trials), &mut point);
        // The values the config holds (as a study's objective sees them).
        let x: Vec<f64> =
            space.values(&point).iter().map(|v| v.and_then(|v| v.as_f64()).unwrap_or(0.0)).collect();
        let f = zdt1(&x);
        values.push(f);
        trials.push(
            Observation::new(i, point.clone(), Outcome::Complete { value: f[0] }).with_objectives(f.to_vec()),
        );
    }
    (values, trials)
}

fn zdt1_runs(seeds: u64, n: u64) {
    let space = space();
    for seed in 0..seeds {
        let samplers: [(&str, Box<dyn Sampler>); 2] = [
            ("nsga2", Box::new(Nsga2::new(seed, space.clone()))),
            ("random", Box::new(Random::new(seed, D))),
        ];
        for (name, sampler) in samplers {
            let (values, _) = run(sampler.as_ref(), &space, n);
            let f: Vec<String> = values.iter().map(|[a, b]| format!("[{a:e},{b:e}]")).collect();
            println!(
                r#"{{"impl":"hp","sampler":"{name}","problem":"zdt1","seed":{seed},"f":[{}]}}"#,
                f.join(",")
            );
        }
    }
}

fn cost() {
    let space = space();
    let nsga = Nsga2::new(7, space.clone());
    let (_, trials) = run(&nsga, &space, 1000);
    let history = History::new(Direction::Minimize, &trials);
    let mut point = vec![0.0; D];
    let mut times: Vec<f64> = (0..51)
        .map(|k| {
            let t = Instant::now();
            nsga.propose(1000 + k, &history, &mut point);
            black_box(space.values(&point));
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(r#"{{"impl":"hp","unit":"us/ask","nsga2@1000":{:.2}}}"#, times[times.len() / 2]);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let number = |k: usize, default: u64| args.get(k).and_then(|s| s.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("zdt1") | None => zdt1_runs(number(1, 30), number(2, 1000)),
        Some("cost") => cost(),
        Some(other) => {
            eprintln!("multi_objective: unknown mode {other:?}; use `zdt1 [SEEDS] [TRIALS]` or `cost`");
            std::process::exit(2);
        }
    }
}
