//! The progress bar of [`Study::run`](super::Study::run): indicatif with the `progress` feature,
//! nothing without it.

use super::TrialRecord;
use hp_core::Direction;

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
        // Updated once per finished trial.
        state: Mutex<Tally>,
        direction: Direction,
    }

    /// What the message says: counts by status and the best (trial index, value).
    type Tally = (Counts, Option<(u64, f64)>);

    impl Progress {
        pub(crate) fn new(enabled: bool, total: u64, done: &[TrialRecord], direction: Direction) -> Self {
            let target = enabled.then(ProgressDrawTarget::stderr);
            Progress::drawn_to(target, total, done, direction)
        }

        /// A bar drawn to `target` (none: no bar), already counting the trials `done` before.
        fn drawn_to(
            target: Option<ProgressDrawTarget>,
            total: u64,
            done: &[TrialRecord],
            direction: Direction,
        ) -> Self {
            let mut progress =
                Progress { bar: None, state: Mutex::new((Counts::default(), None)), direction };
            let Some(target) = target else { return progress };
            let bar = ProgressBar::with_draw_target(Some(total), target);
            let template = "{bar:30.cyan/blue} {pos}/{len} trials  {msg}  [{elapsed}, eta {eta}]";
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            // The trials of an earlier run in one step, drawn once.
            let tally = progress.state.get_mut().unwrap_or_else(|p| p.into_inner());
            for r in done {
                tally_one(tally, r, direction);
            }
            show(&bar, tally, done.len() as u64);
            progress.bar = Some(bar);
            progress
        }

        pub(crate) fn record(&self, record: &TrialRecord) {
            let Some(bar) = &self.bar else { return };
            // The bar is updated under the lock, so that two workers' messages land in order.
            let mut tally = self.state.lock().unwrap_or_else(|p| p.into_inner());
            tally_one(&mut tally, record, self.direction);
            show(bar, &tally, 1);
        }

        pub(crate) fn finish(&self) {
            if let Some(bar) = &self.bar {
                bar.abandon();
            }
        }
    }

    fn tally_one((counts, best): &mut Tally, record: &TrialRecord, direction: Direction) {
        counts.add(&record.status);
        if let Some(value) = record.value.filter(|_| record.feasible())
            && best.is_none_or(|(_, v)| direction.better(value, v))
        {
            *best = Some((record.index, value));
        }
    }

    /// Advances `bar` by `trials` with the message of `tally`, in one draw. `set_message` draws at
    /// once, so setting the message and then the count showed `0/32 … best 0.846800 (trial 1)`
    /// for a moment; a builder call on a handle to the same bar sets the message without
    /// drawing, and `update` moves the count and draws both.
    fn show(bar: &ProgressBar, (counts, best): &Tally, trials: u64) {
        let best = best.map_or_else(String::new, |(i, v)| format!("  best {v:.6} (trial {i})"));
        let message = format!("failed {}  pruned {}{best}", counts.failed, counts.pruned);
        bar.clone().with_message(message);
        bar.update(|state| state.set_pos(state.pos() + trials));
    }

    #[cfg(test)]
    mod tests {
        use std::io;
        use std::sync::{Arc, Mutex};

        use indicatif::{ProgressDrawTarget, TermLike};

        use super::super::super::{Status, TrialRecord};
        use super::{Direction, Progress};

        /// A terminal that keeps every line drawn to it, with no rate limit: each frame is seen.
        #[derive(Debug, Clone, Default)]
        struct Frames(Arc<Mutex<Vec<String>>>);

        impl Frames {
            fn target(&self) -> Option<ProgressDrawTarget> {
                Some(ProgressDrawTarget::term_like(Box::new(self.clone())))
            }

            fn drawn(&self) -> Vec<String> {
                self.0.lock().unwrap().iter().filter(|f| f.contains(" trials")).cloned().collect()
            }
        }

        impl TermLike for Frames {
            fn width(&self) -> u16 {
                200
            }
            fn move_cursor_up(&self, _: usize) -> io::Result<()> {
                Ok(())
            }
            fn move_cursor_down(&self, _: usize) -> io::Result<()> {
                Ok(())
            }
            fn move_cursor_right(&self, _: usize) -> io::Result<()> {
                Ok(())
            }
            fn move_cursor_left(&self, _: usize) -> io::Result<()> {
                Ok(())
            }
            fn write_line(&self, s: &str) -> io::Result<()> {
                self.write_str(s)
            }
            fn write_str(&self, s: &str) -> io::Result<()> {
                self.0.lock().unwrap().push(s.to_owned());
                Ok(())
            }
            fn clear_line(&self) -> io::Result<()> {
                Ok(())
            }
            fn flush(&self) -> io::Result<()> {
                Ok(())
            }
        }

        fn complete(index: u64, value: f64) -> TrialRecord {
            TrialRecord {
                index,
                config: serde_json::json!({}),
                unit: vec![],
                curve: vec![],
                value: Some(value),
                status: Status::Complete,
                duration_secs: 0.0,
                metrics: Default::default(),
                constraints: Default::default(),
            }
        }

        #[test]
        fn the_count_and_the_message_move_together() {
            let frames = Frames::default();
            let progress = Progress::drawn_to(frames.target(), 32, &[], Direction::Minimize);
            progress.record(&complete(1, 0.8468));
            progress.record(&complete(2, 0.5));
            let drawn = frames.drawn();
            assert!(
                drawn.iter().any(|f| f.contains("1/32") && f.contains("best 0.846800 (trial 1)")),
                "{drawn:#?}"
            );
            for frame in &drawn {
                let counted = ["0/32", "1/32", "2/32"].iter().position(|c| frame.contains(c));
                // Trial 1 is best after one trial, trial 2 after two; none before.
                let best =
                    ["(trial 1)", "(trial 2)"].iter().position(|t| frame.contains(t)).map_or(0, |k| k + 1);
                assert_eq!(counted, Some(best), "a frame whose count and message disagree: {frame}");
            }
        }

        #[test]
        fn a_resumed_study_starts_with_its_trials_counted() {
            let frames = Frames::default();
            let done = [complete(0, 0.7), complete(1, 0.4), complete(2, 0.6)];
            let _progress = Progress::drawn_to(frames.target(), 32, &done, Direction::Minimize);
            let drawn = frames.drawn();
            assert!(!drawn.is_empty());
            assert!(
                drawn.iter().all(|f| f.contains("3/32") && f.contains("best 0.400000 (trial 1)")),
                "{drawn:#?}"
            );
        }
    }
}
