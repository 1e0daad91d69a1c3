//! Peak memory of a grid walk: `Grid::configs()` over 10^3 and over 10^6 configs of the lecture's
//! space, each in its own process, with the peak resident set (`VmHWM` in /proc/self/status)
//! before and after the walk. A lazy grid decodes each index; nothing grows with the walk.
//! See BENCHMARKS.md, section 2.
//!
//! ```text
//! cargo bench --bench grid_walk            # both walks, one child process each
//! cargo bench --bench grid_walk -- 1000000 # one walk, in this process
//! ```

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use hp::strategy::{Grid, Strategy};

#[path = "common/lecture.rs"]
mod lecture;
use lecture::Train;

/// A field of /proc/self/status in KiB (`VmHWM`: peak resident set; `VmRSS`: current).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Walks `n` configs and prints `n`, the peak RSS before and after (KiB) and the time per config.
fn walk(n: u64) {
    // 100 points per axis: 100 x 100 x 51 x 3 = 1.53 million configs.
    let grid = Grid::for_config::<Train>(100).expect("a grid");
    assert!(grid.len().is_some_and(|len| len >= n), "the grid has fewer than {n} configs");
    let before = status_kib("VmHWM").unwrap_or(0);
    let start = Instant::now();
    let mut sum = 0.0;
    for cfg in grid.configs::<Train>().take(n as usize) {
        sum += black_box(cfg).learning_rate;
    }
    let secs = start.elapsed().as_secs_f64();
    black_box(sum);
    let after = status_kib("VmHWM").unwrap_or(0);
    println!("{n} {before} {after} {:.1}", secs * 1e9 / n as f64);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if let Some(n) = args.first().and_then(|a| a.parse().ok()) {
        walk(n);
        return;
    }
    let exe = std::env::current_exe().expect("the bench's path");
    println!("{:>10} {:>16} {:>16} {:>12}", "configs", "peak RSS before", "peak RSS after", "ns/config");
    for n in [1_000u64, 1_000_000] {
        let out = Command::new(&exe).arg(n.to_string()).output().expect("a child walk");
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<&str> = text.split_whitespace().collect();
        if f.len() == 4 {
            println!("{:>10} {:>12} KiB {:>12} KiB {:>12}", f[0], f[1], f[2], f[3]);
        } else {
            eprintln!("grid_walk: the child for {n} printed `{text}`");
            std::process::exit(1);
        }
    }
}
