//! The session directory: an append-only journal of self-checking JSON lines, checkpoints, and
//! the lock that keeps it to one process.
//!
//! ```text
//! <dir>/lock                        held (flock) by the process using the session; names it
//! <dir>/journal.jsonl               one entry per line: start, day, decision, ...
//! <dir>/checkpoints/day-00003.ckpt  the model after day 3, as Checkpoint::save wrote it
//! <dir>/journal.torn                a torn last line dropped on resume, if any (for inspection)
//! ```
//!
//! The journal is an [`hp_store::Log`]: each line `{"entry":{...},"checksum":"fnv1a64:<hex>"}`,
//! written with one `write_all` and made durable with `fsync` before the call returns, and cut back
//! to its last whole line if that fails; the file is created atomically with its first line. A
//! checkpoint is written atomically *before* the line that refers to it, and that line holds
//! its name, length and checksum ([`BlobRef`]): a journal line never points at a checkpoint that
//! is missing or torn, and a line naming any other file than its own day's is refused.
//!
//! On resume, every complete line must check out; a damaged one is an error, never skipped. Only
//! the end of the file may hold a line cut short by a crash (no newline): it is moved to
//! `journal.torn`, cut off the journal, and reported.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::PandaError;
use super::history::{DayRecord, DecisionRecord};
use hp_store::{BlobRef, DirLock, Log, TornLine};

/// The layout version of the journal and checkpoints.
pub(crate) const FORMAT: u32 = 1;

const JOURNAL: &str = "journal.jsonl";
const CHECKPOINTS: &str = "checkpoints";

/// What identifies a session: checked against the journal on resume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) format: u32,
    pub(crate) name: String,
    pub(crate) space_fingerprint: String,
    /// `minimize` or `maximize`.
    pub(crate) direction: String,
    /// The config type's space, for readers of the file.
    pub(crate) space: Value,
}

/// One journal line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Entry {
    /// The first line: the session and day 0.
    Start {
        #[serde(flatten)]
        header: Header,
        day: DayRecord,
        checkpoint: BlobRef,
    },
    Day {
        #[serde(flatten)]
        day: DayRecord,
        checkpoint: BlobRef,
    },
    Decision {
        #[serde(flatten)]
        decision: DecisionRecord,
    },
}

/// An open journal, positioned to append, and the session directory's lock.
#[derive(Debug)]
pub(crate) struct Journal {
    checkpoints: PathBuf,
    log: Log,
    _lock: DirLock,
}

impl Journal {
    /// Takes the directory's lock (waiting for it if `wait`): held for as long as the journal
    /// is open, released when it is dropped or the process ends.
    pub(crate) fn lock(dir: &Path, wait: bool) -> Result<DirLock, PandaError> {
        Ok(if wait { DirLock::wait(dir)? } else { DirLock::try_acquire(dir)? })
    }

    pub(crate) fn exists(lock: &DirLock) -> bool {
        lock.dir().join(JOURNAL).exists()
    }

    /// The file name of day `day`'s checkpoint: the only one a line of that day may name.
    pub(crate) fn checkpoint_name(day: u64) -> String {
        format!("day-{day:05}.ckpt")
    }

    /// Writes day 0's checkpoint, then a journal whose first line is the start (atomically).
    pub(crate) fn create(
        lock: DirLock,
        start: impl FnOnce(BlobRef) -> Entry,
        checkpoint: &[u8],
    ) -> Result<Self, PandaError> {
        let checkpoints = lock.dir().join(CHECKPOINTS);
        hp_store::create_dir_all(&checkpoints)?;
        let r = BlobRef::write(&checkpoints, &Self::checkpoint_name(0), checkpoint)?;
        let log = Log::create(lock.dir(), JOURNAL, &start(r))?;
        Ok(Journal { checkpoints, log, _lock: lock })
    }

    /// Opens the existing journal: every entry, and the torn last line if there was one (cut
    /// off the file, after saving a copy).
    pub(crate) fn open(lock: DirLock) -> Result<(Self, Vec<Entry>, Option<TornLine>), PandaError> {
        let (log, entries, torn) = Log::open(lock.dir(), JOURNAL)?;
        let checkpoints = lock.dir().join(CHECKPOINTS);
        Ok((Journal { checkpoints, log, _lock: lock }, entries, torn))
    }

    /// Appends `entry` and makes it durable; on failure the journal is as it was.
    pub(crate) fn append(&mut self, entry: &Entry) -> Result<(), PandaError> {
        Ok(self.log.append(entry)?)
    }

    /// Writes day `day`'s checkpoint atomically and returns its reference.
    pub(crate) fn write_checkpoint(&self, day: u64, bytes: &[u8]) -> Result<BlobRef, PandaError> {
        Ok(BlobRef::write(&self.checkpoints, &Self::checkpoint_name(day), bytes)?)
    }

    /// Day `day`'s checkpoint, checked against its reference (which must name that day's file).
    pub(crate) fn read_checkpoint(&self, day: u64, r: &BlobRef) -> Result<Vec<u8>, PandaError> {
        Ok(r.read(&self.checkpoints, &Self::checkpoint_name(day))?)
    }

    pub(crate) fn path(&self) -> &Path {
        self.log.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::DecidedBy;

    #[test]
    fn a_decision_round_trips_through_its_json() {
        let entry = Entry::Decision {
            decision: DecisionRecord {
                after_day: 2,
                by: DecidedBy::Policy,
                rollback_to: Some(1),
                nudges: vec![],
                stop: false,
                reason: "worse".into(),
                config: serde_json::json!({"lr": 0.1}),
                unit: vec![0.75],
            },
        };
        let json = serde_json::to_vec(&entry).unwrap();
        assert_eq!(serde_json::from_slice::<Entry>(&json).unwrap(), entry);
    }
}
