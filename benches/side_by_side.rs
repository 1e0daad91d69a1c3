//! hp and its baselines side by side, for a machine that others are using: named workloads that
//! can be timed *interleaved* (round-robin batches, medians over rounds) or run a fixed number of
//! times under callgrind (instruction counts, independent of load; see `instructions.sh`).
//!
//! ```text
//! cargo bench --bench side_by_side -- list
//! cargo bench --bench side_by_side -- time sample/derive sample/hand_std sample/hand_libm_exp
//! cargo bench --bench side_by_side -- run sample/derive 100000     # for valgrind
//! ```
//!
//! `time` prints, per workload, the median ns per iteration over the rounds and the median of the
//! per-round ratios to the first workload: each round runs every workload once (in a rotating
//! order) for about the same time, so a burst of load hits all of them alike.

use std::hint::black_box;
use std::time::Instant;

use hp::strategy::{Grid, LatinHypercube, Random, Region, Sobol, Strategy, Zoom};
use hp::{LinearScale, LogScale, ReverseLogScale};
use rand::distr::Distribution;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

#[path = "common/lecture.rs"]
mod lecture;
use lecture::Train;

/// A workload: runs its operation `n` times.
type Workload = Box<dyn FnMut(u64)>;

/// A workload that draws from a seeded generator `n` times.
fn with_rng<T>(mut f: impl FnMut(&mut Xoshiro256PlusPlus) -> T + 'static) -> Workload {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    Box::new(move |n| {
        for _ in 0..n {
            black_box(f(&mut rng));
        }
    })
}

/// `strategy.point_into(i)` repeatedly, at a fixed `i` (black-boxed, so it is not hoisted).
fn point_at<S: Strategy + 'static>(strategy: S, i: u64) -> Workload {
    let mut out = vec![0.0; strategy.dim()];
    Box::new(move |n| {
        for _ in 0..n {
            black_box(strategy.point_into(black_box(i), &mut out));
        }
    })
}

/// `strategy.config::<Train>(i)` repeatedly: point, allocation and the scales.
fn config_at<S: Strategy + 'static>(strategy: S, i: u64) -> Workload {
    Box::new(move |n| {
        for _ in 0..n {
            black_box(strategy.config::<Train>(black_box(i)));
        }
    })
}

/// A Zoom around the middle of every axis, as `Region::around_best` would give.
fn zoom_region() -> Region {
    Region::new(vec![0.25, 0.4, 0.2, 0.0], vec![0.5, 0.7, 0.6, 0.5]).expect("a valid region")
}

/// The trial indices at which the strategies are measured.
const INDICES: [u64; 3] = [0, 1_000, 1_000_000];

/// Every workload's name; `make` builds one.
fn names() -> Vec<String> {
    let mut names: Vec<String> = [
        "sample/derive",
        "sample/derive_consts",
        "sample/hand_std",
        "sample/hand_libm_pow",
        "sample/hand_libm_exp",
        "sample/hand_unit_f64",
        "sample/scales_rand_f64",
        "scale/log_f64",
        "scale/reverse_log_f64",
        "scale/linear_u32",
        "scale/linear_usize",
        "hand/log_f64_std",
        "hand/log_f64_libm_exp",
        "hand/reverse_log_f64_std",
        "hand/linear_u32",
        "hand/linear_usize",
        "rng/f64",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for kind in ["point", "config"] {
        for strategy in ["random", "grid", "sobol", "lhs", "zoom_sobol"] {
            for i in INDICES {
                names.push(format!("{kind}/{strategy}/{i}"));
            }
        }
    }
    names.push("point/sobol/18446744073709551615".into());
    names
}

fn make(name: &str) -> Option<Workload> {
    use core::f64::consts::LN_10;
    let w = match name {
        "sample/derive" => with_rng(lecture::derived),
        "sample/derive_consts" => with_rng(lecture::derived_consts),
        "sample/hand_std" => with_rng(lecture::by_hand_std),
        "sample/hand_libm_pow" => with_rng(lecture::by_hand_libm_pow),
        "sample/hand_libm_exp" => with_rng(lecture::by_hand_libm_exp),
        "sample/hand_unit_f64" => with_rng(lecture::by_hand_unit_f64),
        "sample/scales_rand_f64" => {
            assert!(lecture::scales_are_the_derives(), "lecture.rs: the scale constants are stale");
            with_rng(lecture::scales_with_rand_f64)
        }
        "scale/log_f64" => {
            let s = LogScale::new(1e-4, 1.0).ok()?;
            with_rng(move |r| s.sample(r))
        }
        "scale/reverse_log_f64" => {
            let s = ReverseLogScale::new(0.9, 0.999).ok()?;
            with_rng(move |r| s.sample(r))
        }
        "scale/linear_u32" => {
            let s = LinearScale::new(50u32, 100).ok()?;
            with_rng(move |r| s.sample(r))
        }
        "scale/linear_usize" => {
            let s = LinearScale::new(2usize, 4).ok()?;
            with_rng(move |r| s.sample(r))
        }
        "hand/log_f64_std" => with_rng(|r| 10f64.powf(r.random_range(-4.0..0.0))),
        "hand/log_f64_libm_exp" => with_rng(|r| libm::exp(r.random_range(-4.0..0.0) * LN_10)),
        "hand/reverse_log_f64_std" => with_rng(|r| 1.0 - 10f64.powf(r.random_range(-3.0..-1.0))),
        "hand/linear_u32" => with_rng(|r| r.random_range(50u32..=100)),
        "hand/linear_usize" => with_rng(|r| r.random_range(2usize..=4)),
        "rng/f64" => with_rng(|r| r.random::<f64>()),
        _ => {
            let mut parts = name.split('/');
            let (kind, strategy, i) = (parts.next()?, parts.next()?, parts.next()?.parse::<u64>().ok()?);
            // Finite strategies sized so that the largest index exists.
            let grid = || Grid::for_config::<Train>(100).ok();
            let lhs = || LatinHypercube::for_config::<Train>(7, 1 << 21).ok();
            let sobol = || Sobol::for_config::<Train>(7).ok();
            let zoom = || Zoom::new(sobol()?, zoom_region()).ok();
            match (kind, strategy) {
                ("point", "random") => point_at(Random::for_config::<Train>(7), i),
                ("point", "grid") => point_at(grid()?, i),
                ("point", "sobol") => point_at(sobol()?, i),
                ("point", "lhs") => point_at(lhs()?, i),
                ("point", "zoom_sobol") => point_at(zoom()?, i),
                ("config", "random") => config_at(Random::for_config::<Train>(7), i),
                ("config", "grid") => config_at(grid()?, i),
                ("config", "sobol") => config_at(sobol()?, i),
                ("config", "lhs") => config_at(lhs()?, i),
                ("config", "zoom_sobol") => config_at(zoom()?, i),
                _ => return None,
            }
        }
    };
    Some(w)
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 { xs[m] } else { (xs[m - 1] + xs[m]) / 2.0 }
}

/// Interleaved timing: `rounds` rounds, each running every workload for about `batch_ms`.
fn time(names: &[String], rounds: usize, batch_ms: f64) -> Result<(), String> {
    let mut workloads: Vec<Workload> = names
        .iter()
        .map(|n| make(n).ok_or(format!("unknown workload `{n}` (see `list`)")))
        .collect::<Result<_, _>>()?;
    // Calibrate: iterations per batch so that each batch takes about batch_ms (and warm up).
    let iters: Vec<u64> = workloads
        .iter_mut()
        .map(|w| {
            let mut n = 1_000;
            loop {
                let start = Instant::now();
                w(n);
                let ms = start.elapsed().as_secs_f64() * 1e3;
                if ms > batch_ms / 4.0 {
                    break ((n as f64 * batch_ms / ms) as u64).max(1);
                }
                n *= 4;
            }
        })
        .collect();
    let mut ns = vec![Vec::with_capacity(rounds); workloads.len()];
    for round in 0..rounds {
        for k in 0..workloads.len() {
            let k = (k + round) % workloads.len();
            let start = Instant::now();
            workloads[k](iters[k]);
            ns[k].push(start.elapsed().as_secs_f64() * 1e9 / iters[k] as f64);
        }
    }
    let mut ratios: Vec<Vec<f64>> =
        ns.iter().map(|w| w.iter().zip(&ns[0]).map(|(x, base)| x / base).collect()).collect();
    println!("{rounds} interleaved rounds of ~{batch_ms} ms per workload; load average {}", loadavg());
    println!("{:<34} {:>10} {:>10} {:>10} {:>12}", "workload", "median ns", "min ns", "max ns", "this / 1st");
    for (k, name) in names.iter().enumerate() {
        let (lo, hi) = ns[k].iter().fold((f64::MAX, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        let ratio = median(&mut ratios[k]);
        println!("{name:<34} {:>10.2} {lo:>10.2} {hi:>10.2} {ratio:>12.3}", median(&mut ns[k]));
    }
    Ok(())
}

/// The 1-, 5- and 15-minute load averages.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    // `cargo bench` passes `--bench`; a criterion-style filter is not used here.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let result = match args.first().map(String::as_str) {
        None => {
            println!("usage: side_by_side list | time [--rounds R] [--batch-ms MS] NAME... | run NAME N");
            Ok(())
        }
        Some("list") => {
            names().iter().for_each(|n| println!("{n}"));
            Ok(())
        }
        Some("run") => match (args.get(1), args.get(2).and_then(|n| n.parse().ok())) {
            (Some(name), Some(n)) => make(name).map(|mut w| w(n)).ok_or(format!("unknown workload `{name}`")),
            _ => Err("usage: run NAME N".into()),
        },
        Some("time") => {
            let (mut rounds, mut batch_ms, mut names) = (31, 20.0, Vec::new());
            let mut rest = args[1..].iter();
            while let Some(a) = rest.next() {
                match a.as_str() {
                    "--rounds" => rounds = rest.next().and_then(|v| v.parse().ok()).unwrap_or(rounds),
                    "--batch-ms" => batch_ms = rest.next().and_then(|v| v.parse().ok()).unwrap_or(batch_ms),
                    _ => names.push(a.clone()),
                }
            }
            if names.is_empty() {
                Err("time: name at least one workload".into())
            } else {
                time(&names, rounds, batch_ms)
            }
        }
        Some(other) => Err(format!("unknown command `{other}`")),
    };
    if let Err(e) = result {
        eprintln!("side_by_side: {e}");
        std::process::exit(2);
    }
}
