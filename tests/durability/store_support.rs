//! Shared by the fault suite and the loaders' property tests: the config type, scratch
//! directories, and a history's days without their timings.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use hp::Hyperparams;
use hp::panda::{DayRecord, History};
use serde::{Deserialize, Serialize};

/// A learning rate on a log scale, a momentum on `reverse_log`, an integer.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Train {
    #[hp(log, 1e-3, 1.0)]
    pub learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    pub momentum: f64,
    #[hp(linear, 1, 4)]
    pub layers: u32,
}

/// A scratch directory (not created), removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// Under the system's temp directory: a real disk, as users have.
    pub fn new(name: &str) -> Self {
        Scratch::under(&std::env::temp_dir(), name)
    }

    /// On a RAM disk when there is one (for thousands of loads, some of which write and fsync).
    pub fn in_ram(name: &str) -> Self {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() { shm.to_owned() } else { std::env::temp_dir() };
        Scratch::under(&base, name)
    }

    fn under(base: &Path, name: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("hp-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every day of `history`, its seconds zeroed (the only part that differs between runs).
pub fn untimed_days(history: &History) -> Vec<DayRecord> {
    history
        .days()
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.seconds = 0.0;
            d
        })
        .collect()
}
