//! [`StudyError`]: what can stop a study (as opposed to a trial, whose failures are recorded).

use core::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why a study could not run, resume, load or export.
///
/// A failing *trial* is not an error of the study: it is recorded as
/// [`Status::Failed`](super::Status::Failed) and the study goes on. These are the problems that
/// make going on wrong: a file that cannot be written, a stored record that is damaged, a stored
/// study that is not this one. Each message names the file, index or values involved.
///
/// ```
/// use hp_study::StudyError;
/// let e = StudyError::IndexOutOfRange { index: 40, len: 32 };
/// assert_eq!(e.to_string(), "trial index 40 is past the end of the study (32 trials)");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum StudyError {
    /// Reading or writing a file or directory of the study failed.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// A stored file is not what the study wrote: torn, truncated, edited or damaged. It is never
    /// skipped silently; move it aside (losing that trial) to run the study again.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The stored study differs from this one in something that decides what trial `i` is, so
    /// resuming would mix two studies.
    Mismatch {
        /// The stored study's `study.json`.
        path: PathBuf,
        /// What differs: `name`, `space fingerprint`, `seed`, `strategy` (with its lag),
        /// `enqueued configs and warm start`, `direction`, `pruner`, `objectives` or `metric constraints`.
        what: &'static str,
        /// The stored value.
        stored: String,
        /// This study's value.
        current: String,
    },
    /// The strategy's points have another number of coordinates than the config type.
    Dimensions {
        /// The strategy's [`dim`](hp_core::strategy::Strategy::dim).
        strategy: usize,
        /// The config type's [`DIM`](hp_core::Hyperparams::DIM).
        config: usize,
    },
    /// Objectives that a study cannot optimize ([`Study::objectives`](super::Study::objectives):
    /// one alone, one twice, the value against the study's direction, a sampler of one
    /// objective), or objectives or a reference point that a
    /// [Pareto front](super::Results::pareto_front) or its
    /// [hypervolume](super::ParetoFront::hypervolume) cannot use.
    Objectives {
        /// What is wrong, as a sentence.
        message: String,
    },
    /// A declared [`MetricConstraint`](super::MetricConstraint) without a metric's name or with a
    /// limit that is not finite.
    BadConstraint {
        /// The constraint, as written (`latency_ms <= NaN`).
        constraint: String,
        /// What is wrong.
        message: String,
    },
    /// A pruner's settings that no rule can use (a reduction factor below 2, a minimum resource
    /// of 0, Hyperband's maximum below its minimum).
    BadPruner {
        /// The pruner's settings, as stored.
        pruner: String,
        /// What is wrong, naming the setting, its value and what it must be.
        message: String,
    },
    /// A sampler that learns from results was given more workers than its lag: trial `i` waits
    /// for trial `i - lag`, so the extra workers could only wait.
    Lag {
        /// The study's [`lag`](super::Study::lag).
        lag: u64,
        /// The workers asked for.
        workers: usize,
    },
    /// [`AskTell::ask`](super::AskTell::ask) of a trial whose sampler needs the result of an
    /// earlier trial (`lag` below it or more) that has not been told.
    NotTold {
        /// The trial that would be asked.
        index: u64,
        /// The first trial whose result it needs and does not have.
        missing: u64,
        /// The study's lag.
        lag: u64,
    },
    /// A report or tell of a trial index that was never asked.
    UnknownTrial {
        /// The index.
        index: u64,
    },
    /// A report or tell of a trial that was told already (by this process or another); nothing
    /// was changed.
    AlreadyTold {
        /// The index.
        index: u64,
    },
    /// A report that cannot be part of a learning curve (NaN, infinite, a step that does not
    /// increase), or a pruned trial with no report; nothing was stored.
    BadReport {
        /// The trial.
        index: u64,
        /// What is wrong.
        message: String,
    },
    /// A config given to [`enqueue`](super::Study::enqueue) lies outside the space (or does not
    /// serialize).
    Enqueued {
        /// Its position among the enqueued configs (0 for the first).
        position: usize,
        /// What [`validate`](hp_core::Hyperparams::validate) or serde said.
        message: String,
    },
    /// The strategy is endless (such as [`Random`](hp_core::strategy::Random)) and no budget was set.
    NoBudget,
    /// The operation reads or writes the study directory, and no storage was set.
    NoStorage,
    /// A trial index past the end of the study (its budget, or a finite strategy's length).
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// The number of trials of the study.
        len: u64,
    },
    /// A trial index given to a worker is not a number.
    BadIndex {
        /// Where it came from: `--trial` or `SLURM_ARRAY_TASK_ID`.
        origin: &'static str,
        /// The text found there.
        text: String,
    },
    /// A stored config does not deserialize into the config type or lies outside its space.
    Config {
        /// The trial whose config it is.
        index: u64,
        /// What serde or [`validate`](hp_core::Hyperparams::validate) said.
        message: String,
    },
    /// Something could not be serialized to JSON (a config's `Serialize` impl failed).
    Serialize {
        /// What: `the config of trial 3`, `the study description`, `the recheck report`.
        what: String,
        /// What serde said.
        message: String,
    },
    /// Code around an objective panicked (a config's `Serialize` impl, say): the study stops as
    /// for any other error. A panicking objective is not this: its trial is recorded as failed.
    Panicked {
        /// The panic's message.
        message: String,
    },
}

impl StudyError {
    pub(crate) fn serialize(what: impl Into<String>, error: serde_json::Error) -> Self {
        StudyError::Serialize { what: what.into(), message: error.to_string() }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        StudyError::Io { path: path.into(), source }
    }

    pub(crate) fn corrupt(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        StudyError::Corrupt { path: path.into(), reason: reason.into() }
    }
}

impl fmt::Display for StudyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StudyError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            StudyError::Corrupt { path, reason } => {
                write!(f, "{} is corrupt: {reason}; ", path.display())?;
                // The way out depends on what the file is.
                f.write_str(if path.file_name().is_some_and(|n| n == "study.json") {
                    "it describes the whole study, so nothing in the directory is used: restore it, \
                     or move it aside and run exactly the same study again to write it anew (its \
                     trial records are kept), or start over in a new directory"
                } else if path.parent().and_then(Path::file_name).is_some_and(|n| n == "trials") {
                    "it is not used: move it aside to run that trial again"
                } else {
                    "it is not used"
                })
            }
            StudyError::Mismatch { path, what, stored, current } => {
                write!(
                    f,
                    "the study stored in {} has {what} {stored}, but this study has {current}",
                    path.display()
                )?;
                f.write_str(match *what {
                    "space fingerprint" => {
                        " (the config type changed since); use a new storage directory to start a new study"
                    }
                    _ => "; use a new storage directory to start a new study",
                })
            }
            StudyError::BadPruner { pruner, message } => write!(f, "the pruner {pruner}: {message}"),
            StudyError::BadConstraint { constraint, message } => {
                write!(f, "the metric constraint {constraint:?}: {message}")
            }
            StudyError::Objectives { message } => write!(f, "objectives: {message}"),
            StudyError::Lag { lag, workers } => write!(
                f,
                "{workers} workers but a lag of {lag}: trial i waits for the result of trial i - {lag}, so at \
                 most {lag} trials can run at once; set .lag({workers}) (the configs then depend on the lag, \
                 not on the workers) or use fewer workers"
            ),
            StudyError::NotTold { index, missing, lag } => write!(
                f,
                "trial {index} is proposed from the results of trials 0..={} (lag {lag}), and trial {missing} \
                 is not told yet: tell it (Told::Failed if it was lost), or use a larger lag to run more \
                 trials at once",
                index - lag
            ),
            StudyError::UnknownTrial { index } => write!(f, "trial {index} was never asked"),
            StudyError::AlreadyTold { index } => {
                write!(f, "trial {index} was told already; its record is kept as it was")
            }
            StudyError::BadReport { index, message } => write!(f, "trial {index}: {message}"),
            StudyError::Enqueued { position, message } => {
                write!(f, "enqueued config {position} (from 0) cannot be a trial: {message}")
            }
            StudyError::Dimensions { strategy, config } => write!(
                f,
                "the strategy yields points with {strategy} coordinates, but the config has DIM = {config}; \
                 build the strategy with for_config::<YourConfig>()"
            ),
            StudyError::NoBudget => {
                f.write_str("the strategy is endless, so the study needs a budget (Study::budget)")
            }
            StudyError::NoStorage => f.write_str("this needs a storage directory (Study::storage)"),
            StudyError::IndexOutOfRange { index, len } => {
                write!(f, "trial index {index} is past the end of the study ({len} trials)")
            }
            StudyError::BadIndex { origin, text } => write!(f, "{origin} is not a trial index: {text:?}"),
            StudyError::Config { index, message } => {
                write!(f, "the stored config of trial {index} does not fit the config type: {message}")
            }
            StudyError::Serialize { what, message } => {
                write!(f, "cannot serialize {what} to JSON: {message}")
            }
            StudyError::Panicked { message } => {
                write!(f, "a worker panicked outside the objective: {message}")
            }
        }
    }
}

impl std::error::Error for StudyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StudyError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<crate::pool::Panic> for StudyError {
    fn from(panic: crate::pool::Panic) -> Self {
        StudyError::Panicked { message: panic.message().to_owned() }
    }
}

/// The store's errors are the study's: an I/O error or a corrupt file, by name.
impl From<hp_store::StoreError> for StudyError {
    fn from(e: hp_store::StoreError) -> Self {
        match e {
            hp_store::StoreError::Io { path, source } => StudyError::Io { path, source },
            hp_store::StoreError::Corrupt { path, reason } => StudyError::Corrupt { path, reason },
            hp_store::StoreError::Serialize { path, message } => {
                StudyError::Serialize { what: path.display().to_string(), message }
            }
            // A study never locks its directory (many workers share it): should a later store
            // error occur here, it keeps its path and message.
            other => StudyError::Io {
                path: other.path().to_owned(),
                source: std::io::Error::other(other.to_string()),
            },
        }
    }
}
