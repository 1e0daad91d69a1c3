//! [`PandaError`]: what can stop a babysitting session.

use core::fmt;
use std::io;
use std::path::PathBuf;

use super::NudgeError;

/// Why a panda session could not start, resume, train a day or carry out a decision.
///
/// A diverging model is not an error: a NaN metric is recorded like any other, and the policy
/// decides what to do. These are the problems that make going on wrong; when one is returned,
/// the session's state (config, model, journal) is what it was before the call.
///
/// ```
/// use hp_panda::PandaError;
/// let e = PandaError::NoSuchDay { day: 9, last: 4 };
/// assert_eq!(e.to_string(), "there is no day 9 to roll back to (days 0 to 4 are recorded)");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum PandaError {
    /// Reading or writing the journal or a checkpoint failed.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// A stored file is not what the session wrote: a journal line or checkpoint that is
    /// damaged or edited. Never skipped; a torn *last* journal line (a write cut short by a
    /// crash) is not this error but is dropped and reported ([`Panda::recovered`](super::Panda::recovered)).
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it, with the line number for a journal line.
        reason: String,
    },
    /// The journal belongs to another session (a different name, config type or direction) or
    /// another PBT run (other settings, config type or start configs).
    Mismatch {
        /// The journal.
        path: PathBuf,
        /// What differs: `format`, `name`, `space fingerprint`, `direction`, `settings` or
        /// `start configs`.
        what: &'static str,
        /// The stored value.
        stored: String,
        /// This session's value.
        current: String,
    },
    /// The user's code failed: the start closure, or the training closure of a day (which is
    /// then not recorded, and the model goes back to its last checkpoint).
    User {
        /// What was being done: `start` or `day 3`.
        what: String,
        /// The error's message.
        message: String,
    },
    /// Another process uses the session's directory (it holds `<dir>/lock`).
    Locked {
        /// The directory.
        dir: PathBuf,
        /// Who holds it, as the holder wrote it into the lock file: `pid 4242 on node7 since
        /// 1764763200 (unix time)` (for a moment after a new holder took the lock, the words of
        /// the one before).
        holder: String,
    },
    /// The model could not be saved by [`Checkpoint::save`](super::Checkpoint::save): the day
    /// (or the start, day 0) is not recorded.
    Save {
        /// The day whose checkpoint it was to be.
        day: u64,
        /// The error's message.
        message: String,
    },
    /// A checkpoint could not be restored by [`Checkpoint::restore`](super::Checkpoint::restore).
    Restore {
        /// The day whose checkpoint it is.
        day: u64,
        /// The error's message.
        message: String,
    },
    /// A rollback to a day that was never recorded.
    NoSuchDay {
        /// The day asked for.
        day: u64,
        /// The last recorded day.
        last: u64,
    },
    /// A nudge was refused.
    Nudge(NudgeError),
    /// A stored config does not deserialize into the config type, or a config or decision
    /// could not be serialized.
    Config {
        /// What serde or `validate` said, and about what.
        message: String,
    },
}

impl PandaError {
    pub(crate) fn corrupt(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        PandaError::Corrupt { path: path.into(), reason: reason.into() }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        PandaError::Config { message: message.into() }
    }
}

impl From<NudgeError> for PandaError {
    fn from(e: NudgeError) -> Self {
        PandaError::Nudge(e)
    }
}

/// The store's errors, by name: an I/O error, a corrupt file, a held lock.
impl From<hp_store::StoreError> for PandaError {
    fn from(e: hp_store::StoreError) -> Self {
        use hp_store::StoreError;
        match e {
            StoreError::Io { path, source } => PandaError::Io { path, source },
            StoreError::Corrupt { path, reason } => PandaError::Corrupt { path, reason },
            StoreError::Locked { dir, holder } => PandaError::Locked { dir, holder },
            other => PandaError::Config { message: other.to_string() },
        }
    }
}

impl fmt::Display for PandaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PandaError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            PandaError::Corrupt { path, reason } => write!(
                f,
                "{} is corrupt: {reason}; it is not used (restore it from a backup, or start a new session)",
                path.display()
            ),
            PandaError::Mismatch { path, what, stored, current } => write!(
                f,
                "the session journalled in {} has {what} {stored}, but this session has {current}; \
                 use another directory to start a new session",
                path.display()
            ),
            PandaError::Locked { dir, holder } => write!(
                f,
                "{} is in use by another process ({holder}); wait for it to finish, or open the \
                 session with wait_for_lock(true) to wait",
                dir.display()
            ),
            PandaError::Save { day, message } => {
                write!(f, "the model could not be saved after day {day}: {message}")
            }
            PandaError::User { what, message } => write!(f, "{what} failed: {message}"),
            PandaError::Restore { day, message } => {
                write!(f, "the checkpoint of day {day} could not be restored: {message}")
            }
            PandaError::NoSuchDay { day, last } => {
                write!(f, "there is no day {day} to roll back to (days 0 to {last} are recorded)")
            }
            PandaError::Nudge(e) => e.fmt(f),
            PandaError::Config { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for PandaError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PandaError::Io { source, .. } => Some(source),
            PandaError::Nudge(e) => Some(e),
            _ => None,
        }
    }
}

/// A panic outside the user's training closure (a config's `Serialize` impl, say) in a PBT
/// round: the run stops as for any other error.
impl From<hp_study::pool::Panic> for PandaError {
    fn from(panic: hp_study::pool::Panic) -> Self {
        PandaError::User { what: "population based training".to_owned(), message: panic.to_string() }
    }
}
