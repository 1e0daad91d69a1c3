//! The study runner's cost: overhead per trial with an empty objective (in memory and with durable
//! storage), the same measured on 1 ms trials, and the speed-up of 2 workers over 1 on CPU-bound
//! trials. Each figure is taken side by side with its baseline, in alternating rounds, and the
//! medians are printed with the load average. See BENCHMARKS.md, section 3.
//!
//! ```text
//! cargo bench --bench runner                 # everything (about a minute)
//! cargo bench --bench runner -- overhead     # or: storage, one_ms, speedup
//! ```

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use hp::strategy::{Random, Strategy};
use hp::study::{Stop, Study, Trial};

#[path = "common/lecture.rs"]
mod lecture;
use lecture::Train;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 { xs[m] } else { (xs[m - 1] + xs[m]) / 2.0 }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Seconds taken by `f`.
fn secs(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

fn empty(_: &Train, _: &mut Trial<'_>) -> Result<f64, Stop> {
    Ok(0.0)
}

/// The baseline a runner must beat: configs from the same strategy, the objective, and the
/// results in a Vec, by hand on one thread (no records, no panic catching, no JSON).
fn by_hand(n: u64, objective: impl Fn(&Train) -> f64) -> Vec<(u64, f64)> {
    let random = Random::for_config::<Train>(0);
    (0..n).map(|i| (i, objective(&random.config::<Train>(i).expect("endless")))).collect()
}

/// A scratch directory for stored studies, on the disk that holds `target/` (so fsync is real).
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hp-runner-bench").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Per-trial runner overhead with an empty objective, in memory, against the by-hand loop.
fn overhead() {
    const N: u64 = 20_000;
    const ROUNDS: usize = 11;
    let (mut study_us, mut hand_us) = (Vec::new(), Vec::new());
    let study = Study::<Train>::new("overhead").budget(N).workers(1);
    for _ in 0..ROUNDS {
        study_us.push(secs(|| drop(black_box(study.run(empty).expect("runs")))) * 1e6 / N as f64);
        hand_us.push(secs(|| drop(black_box(by_hand(N, |_| 0.0)))) * 1e6 / N as f64);
    }
    let (s, h) = (median(study_us), median(hand_us));
    println!("overhead: {ROUNDS} alternating rounds of {N} empty trials, 1 worker, in memory");
    println!("  Study::run     {s:>8.3} µs/trial   = {:.2}% of a 1 ms trial", s / 10.0);
    println!("  by hand        {h:>8.3} µs/trial");
    println!("  runner's own   {:>8.3} µs/trial   = {:.2}% of a 1 ms trial", s - h, (s - h) / 10.0);
}

/// The same with durable storage: each trial a file written, fsync'd, renamed, directory fsync'd;
/// against the same durable write by hand, so that what the disk costs is told apart.
fn storage() {
    const N: u64 = 200;
    const ROUNDS: usize = 5;
    let (mut study_us, mut hand_us) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let dir = scratch(&format!("storage-{round}"));
        let study = Study::<Train>::new("storage").budget(N).workers(1).storage(&dir);
        study_us.push(secs(|| drop(black_box(study.run(empty).expect("runs")))) * 1e6 / N as f64);
        let _ = std::fs::remove_dir_all(&dir);
        let dir = scratch(&format!("by-hand-{round}"));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        hand_us.push(secs(|| (0..N).for_each(|i| durable_by_hand(&dir, i))) * 1e6 / N as f64);
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (s, h) = (median(study_us), median(hand_us));
    println!(
        "storage: {ROUNDS} alternating rounds of {N} empty trials, 1 worker, under {}",
        env!("CARGO_TARGET_TMPDIR")
    );
    println!("  Study::run + storage {s:>9.1} µs/trial   = {:.1}% of a 1 ms trial", s / 10.0);
    println!("  durable write by hand {h:>8.1} µs/file    (write, fsync, rename, fsync the directory)");
    println!("  the rest             {:>9.1} µs/trial", s - h);
}

/// A 400-byte record made durable the way any careful program would: temp file, fsync, rename,
/// fsync of the directory.
fn durable_by_hand(dir: &std::path::Path, i: u64) {
    use std::io::Write;
    let tmp = dir.join(format!(".{i:08}.tmp"));
    let mut file = std::fs::File::create(&tmp).expect("a temp file");
    file.write_all(&[b'x'; 400]).expect("written");
    file.sync_all().expect("fsync");
    std::fs::rename(&tmp, dir.join(format!("{i:08}.json"))).expect("renamed");
    std::fs::File::open(dir).and_then(|d| d.sync_all()).expect("directory fsync");
}

/// Spins (not sleeps) for `d`: a trial that keeps its core busy.
fn spin(d: Duration) -> f64 {
    let start = Instant::now();
    let mut x = 0u64;
    while start.elapsed() < d {
        x = black_box(x.wrapping_add(1));
    }
    x as f64
}

/// Directly: 1 ms trials under the runner against the same trials by hand.
fn one_ms() {
    const N: u64 = 500;
    const ROUNDS: usize = 5;
    let ms = Duration::from_millis(1);
    let (mut study_us, mut hand_us) = (Vec::new(), Vec::new());
    let study = Study::<Train>::new("one ms").budget(N).workers(1);
    for _ in 0..ROUNDS {
        let objective = |_: &Train, _: &mut Trial<'_>| Ok::<f64, Stop>(spin(ms));
        study_us.push(secs(|| drop(black_box(study.run(objective).expect("runs")))) * 1e6 / N as f64);
        hand_us.push(secs(|| drop(black_box(by_hand(N, |_| spin(ms))))) * 1e6 / N as f64);
    }
    let (s, h) = (median(study_us), median(hand_us));
    println!("one_ms: {ROUNDS} alternating rounds of {N} trials of 1 ms (spinning), 1 worker, in memory");
    println!(
        "  Study::run {s:>9.2} µs/trial, by hand {h:>9.2} µs/trial: runner's share {:.2}%",
        (s - h) / h * 100.0
    );
}

/// CPU-bound work of a fixed size (not a fixed time): xorshift steps.
fn work(steps: u64) -> f64 {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..steps {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    black_box(x) as f64
}

/// 2 workers against 1 on CPU-bound trials of fixed work, alternating.
fn speedup() {
    const N: u64 = 24;
    const ROUNDS: usize = 7;
    // About 25 ms per trial on this machine.
    const STEPS: u64 = 8_000_000;
    let objective = |_: &Train, _: &mut Trial<'_>| Ok::<f64, Stop>(work(STEPS));
    let (mut one, mut two, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let load_before = loadavg();
    for _ in 0..ROUNDS {
        let t1 = secs(|| drop(Study::<Train>::new("w1").budget(N).workers(1).run(objective).expect("runs")));
        let t2 = secs(|| drop(Study::<Train>::new("w2").budget(N).workers(2).run(objective).expect("runs")));
        one.push(t1);
        two.push(t2);
        ratios.push(t1 / t2);
    }
    let (t1, t2) = (median(one), median(two));
    println!("speedup: {ROUNDS} alternating rounds of {N} CPU-bound trials ({STEPS} xorshift steps each)");
    println!("  1 worker  {:>8.1} ms/trial", t1 * 1e3 / N as f64);
    println!("  2 workers {:>8.1} ms/trial", t2 * 1e3 / N as f64);
    println!("  speed-up  {:>8.2}x (median of per-round ratios {:.2}x)", t1 / t2, median(ratios));
    println!("  load average before: {load_before}; after: {}", loadavg());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let all = args.is_empty();
    let wants = |name: &str| all || args.iter().any(|a| a == name);
    println!(
        "load average: {}; {} cores",
        loadavg(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if wants("overhead") {
        overhead();
    }
    if wants("storage") {
        storage();
    }
    if wants("one_ms") {
        one_ms();
    }
    if wants("speedup") {
        speedup();
    }
}
