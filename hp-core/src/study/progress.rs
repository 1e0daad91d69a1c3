//! The progress bar of [`Study::run`](super::Study::run): indicatif with the `progress` feature,
//! nothing without it.

use super::TrialRecord;
use crate::strategy::Direction;

#[cfg(feature = "progress")]
pub(crate) use bar::Progress;

#[cfg(not(feature = "progress"))]
/// Without the `progress` feature: no bar, no cost.
#[derive(Debug)]
pub(crate) struct Progress;

#[cfg(not(feature = "progress"))]
impl Progress {
    pub(crate) fn new(_enabled: bool, _total: u64, _done: &[TrialRecord], _direction: Direction) -> Self {
        Progress
    }

    pub(crate) fn record(&self, _record: &TrialRecord) {}

    pub(crate) fn finish(&self) {}
}

#[cfg(feature = "progress")]
mod bar {
    use std::sync::Mutex;

    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

    use super::super::results::Counts;
    use super::{Direction, TrialRecord};

    /// Trials done of total, failed, pruned and the best value so far, on stderr. indicatif hides
    /// the bar when stderr is not a terminal (a log file, CI, a Slurm job).
    #[derive(Debug)]
    pub(crate) struct Progress {
        bar: Option<ProgressBar>,
        // Counts and the best (index, value), updated once per finished trial.
        state: Mutex<(Counts, Option<(u64, f64)>)>,
        direction: Direction,
    }

    impl Progress {
        pub(crate) fn new(enabled: bool, total: u64, done: &[TrialRecord], direction: Direction) -> Self {
            let progress = Progress { bar: None, state: Mutex::new((Counts::default(), None)), direction };
            if !enabled {
                return progress;
            }
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            let template = "{bar:30.cyan/blue} {pos}/{len} trials  {msg}  [{elapsed}, eta {eta}]";
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            let progress = Progress { bar: Some(bar), ..progress };
            for r in done {
                progress.record(r);
            }
            progress
        }

        pub(crate) fn record(&self, record: &TrialRecord) {
            let Some(bar) = &self.bar else { return };
            // The bar is updated under the lock, so that two workers' messages land in order.
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let (counts, best) = &mut *state;
            counts.add(&record.status);
            if let Some(value) = record.value {
                if best.is_none_or(|(_, v)| self.direction.better(value, v)) {
                    *best = Some((record.index, value));
                }
            }
            let best = best.map_or_else(String::new, |(i, v)| format!("  best {v:.6} (trial {i})"));
            bar.set_message(format!("failed {}  pruned {}{best}", counts.failed, counts.pruned));
            bar.inc(1);
        }

        pub(crate) fn finish(&self) {
            if let Some(bar) = &self.bar {
                bar.abandon();
            }
        }
    }
}
