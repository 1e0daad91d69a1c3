//! hp's side of the sampler comparison (benches/peers/samplers.sh, BENCHMARKS.md section 6).
//!
//! `cargo bench --bench samplers -- quality [SEEDS]` runs hp's random search, Sobol and TPE (and
//! TPE variants) on the benchmark objectives for SEEDS seeds (default 100), one sequential study
//! each (lag 1, as Optuna with `n_jobs=1`), and prints one JSON line per run: the best value so far
//! after every trial.
//!
//! `cargo bench --bench samplers -- cost` prints one JSON line of microseconds per `ask` (propose +
//! config + its unit point) with 100, 300 and 1,000 finished trials, for the 4-parameter lecture
//! space and a 10-parameter one: the median of 51 asks on a fixed history. `cost d10@1000` runs that
//! case alone.

mod objectives;

use std::hint::black_box;
use std::time::Instant;

use hp::Hyperparams;
use hp::sampler::{History, Observation, Outcome, Sampler};
use hp::strategy::{Random, Sobol};
use hp::tpe::{Startup, Tpe};
use hp::{Direction, Value};
use objectives::{Branin, Hartmann6, Lecture, Optimizers};
use serde::{Deserialize, Serialize};

/// A sequential run of `n` trials: the best value so far after each.
fn best_so_far<C: Hyperparams>(sampler: &dyn Sampler, f: fn(&C) -> f64, n: u64) -> Vec<f64> {
    let mut trials: Vec<Observation> = Vec::with_capacity(n as usize);
    let mut point = vec![0.0; C::DIM];
    let mut best = f64::INFINITY;
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        sampler.propose(i, &History::new(Direction::Minimize, &trials), &mut point);
        let config = C::from_unit(&point);
        let value = f(&config);
        best = best.min(value);
        out.push(best);
        trials.push(Observation::new(i, config.to_unit(), Outcome::Complete { value }));
    }
    out
}

/// The samplers compared, by name, for config type `C` and a seed.
fn samplers<C: Hyperparams>(seed: u64) -> Vec<(&'static str, Box<dyn Sampler>)> {
    vec![
        ("random", Box::new(Random::for_config::<C>(seed))),
        ("sobol", Box::new(Sobol::for_config::<C>(seed).expect("few dimensions"))),
        ("tpe", Box::new(Tpe::for_config::<C>(seed))),
        ("tpe-random-startup", Box::new(Tpe::for_config::<C>(seed).startup(Startup::Random))),
        ("tpe-univariate", Box::new(Tpe::for_config::<C>(seed).multivariate(false))),
    ]
}

fn quality<C: Hyperparams>(objective: &str, f: fn(&C) -> f64, n: u64, seeds: u64) {
    for seed in 0..seeds {
        for (name, sampler) in samplers::<C>(seed) {
            let best = best_so_far(sampler.as_ref(), f, n);
            let best: Vec<String> = best.iter().map(|b| format!("{b:e}")).collect();
            println!(
                r#"{{"impl":"hp","sampler":"{name}","objective":"{objective}","seed":{seed},"best":[{}]}}"#,
                best.join(",")
            );
        }
    }
}

/// Ten parameters of every numeric kind, for the cost at d = 10.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug)]
struct Wide {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(log, 1e-3, 1e-1)]
    one_minus_beta: f64,
    #[hp(linear, 50, 100)]
    hidden_units: i64,
    #[hp(linear, 2, 4)]
    layers: i64,
    #[hp(log, 1e-6, 1e-2)]
    weight_decay: f64,
    #[hp(log, 1e-10, 1e-6)]
    eps: f64,
    #[hp(linear, 0.0, 0.5)]
    dropout: f64,
    #[hp(linear, 0.0, 0.3)]
    label_smoothing: f64,
    #[hp(log, 16, 1024)]
    batch: i64,
    #[hp(linear, 1, 10)]
    warmup: i64,
}

/// The median microseconds of 51 asks of TPE at trial `n` on a history of `n` random trials.
fn ask_cost<C: Hyperparams>(n: u64) -> f64 {
    let random = Random::for_config::<C>(1);
    let mut point = vec![0.0; C::DIM];
    let space = C::space();
    let trials: Vec<Observation> = (0..n)
        .map(|i| {
            hp::sampler::Sampler::propose(&random, i, &History::empty(Direction::Minimize), &mut point);
            let unit = C::from_unit(&point).to_unit();
            // A cheap value that depends on every coordinate.
            let value: f64 = space
                .values(&unit)
                .iter()
                .flatten()
                .map(|v| match v {
                    Value::F64(x) => x.abs().ln_1p(),
                    Value::Int(k) => *k as f64 / 100.0,
                    _ => 0.0,
                })
                .sum();
            Observation::new(i, unit, Outcome::Complete { value })
        })
        .collect();
    let tpe = Tpe::for_config::<C>(7);
    let history = History::new(Direction::Minimize, &trials);
    let mut times: Vec<f64> = (0..51)
        .map(|k| {
            let t = Instant::now();
            tpe.propose(n + k, &history, &mut point);
            let config = C::from_unit(&point);
            black_box(config.to_unit());
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The cost at every size, or only at the named ones (`d10@1000`): one case alone is what
/// `valgrind --tool=callgrind` counts in a profile.
fn cost(only: &[String]) {
    let mut fields = Vec::new();
    for n in [100, 300, 1000] {
        let cases = [("d4", ask_cost::<Lecture> as fn(u64) -> f64), ("d10", ask_cost::<Wide>)];
        for (d, ask_cost) in cases {
            let name = format!("{d}@{n}");
            if only.is_empty() || only.contains(&name) {
                fields.push(format!(r#""{name}":{:.2}"#, ask_cost(n)));
            }
        }
    }
    println!(r#"{{"impl":"hp","unit":"us/ask",{}}}"#, fields.join(","));
}

fn main() {
    objectives::check_test_vectors();
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.first().map(String::as_str) {
        Some("cost") => cost(&args[1..]),
        Some("quality") | None => {
            let seeds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
            quality::<Lecture>("lecture", objectives::lecture, 100, seeds);
            quality::<Branin>("branin", objectives::branin, 100, seeds);
            quality::<Hartmann6>("hartmann6", objectives::hartmann6, 200, seeds);
            quality::<Optimizers>("optimizers", objectives::optimizers, 100, seeds);
        }
        Some(other) => {
            eprintln!("samplers: unknown mode {other:?}; use `quality [SEEDS]` or `cost [d10@1000 ...]`");
            std::process::exit(2);
        }
    }
}
