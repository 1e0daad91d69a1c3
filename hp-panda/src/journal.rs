//! The session directory: an append-only journal of self-checking JSON lines, and checkpoints.
//!
//! ```text
//! <dir>/journal.jsonl               one entry per line: start, day, decision, ...
//! <dir>/checkpoints/day-00003.ckpt  the model after day 3, as Checkpoint::save wrote it
//! <dir>/journal.torn                a torn last line dropped on resume, if any (for inspection)
//! ```
//!
//! Each line is `{"entry":{...},"checksum":"fnv1a64:<hex of the entry's JSON bytes>"}`, written
//! with one `write` and made durable with `fsync` before the call returns. The journal file is
//! created atomically with its first line (temp file, fsync, rename, directory fsync: the study's
//! helper), so it never exists empty. A checkpoint is written the same way *before* the line
//! that refers to it, and that line holds its length and checksum: a journal line never points at
//! a checkpoint that is missing or torn.
//!
//! On resume, every complete line must check out; a damaged one is an error, never skipped. Only
//! the end of the file may hold a line cut short by a crash (no newline): it is moved to
//! `journal.torn`, cut off the journal, and reported.

use std::fs::{self, File, OpenOptions};
use std::io::{Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::PandaError;
use super::history::{DayRecord, DecisionRecord};
use hp_core::fnv1a64;
use hp_study::durable::{Replace, sync_dir, write_atomically};

/// The layout version of the journal and checkpoints.
pub(crate) const FORMAT: u32 = 1;

const JOURNAL: &str = "journal.jsonl";
const TORN: &str = "journal.torn";
const CHECKPOINTS: &str = "checkpoints";
const PREFIX: &[u8] = b"{\"entry\":";
const CHECKSUM_PREFIX: &[u8] = b",\"checksum\":\"fnv1a64:";
const SUFFIX: &[u8] = b"\"}";
const CHECKSUM_HEX: usize = 16;

/// Where a day's checkpoint is, and how to know it is whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CheckpointRef {
    /// The file name in `checkpoints/`.
    pub(crate) file: String,
    pub(crate) bytes: u64,
    /// FNV-1a 64 of the bytes, as 16 hex digits.
    pub(crate) checksum: String,
}

impl CheckpointRef {
    pub(crate) fn of(day: u64, bytes: &[u8]) -> Self {
        CheckpointRef {
            file: format!("day-{day:05}.ckpt"),
            bytes: bytes.len() as u64,
            checksum: format!("{:016x}", fnv1a64(bytes)),
        }
    }
}

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
        checkpoint: CheckpointRef,
    },
    Day {
        #[serde(flatten)]
        day: DayRecord,
        checkpoint: CheckpointRef,
    },
    Decision {
        #[serde(flatten)]
        decision: DecisionRecord,
    },
}

/// A line dropped on resume because a crash cut it short.
///
/// ```
/// # use std::io::Write as _;
/// # use hp_panda::{Json, Panda};
/// # #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # #[hp(crate = "hp_core")]
/// # struct Train { #[hp(log, 1e-3, 1.0)] learning_rate: f64 }
/// # let dir = std::env::temp_dir().join(format!("hp-panda-torn-doc-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&dir);
/// let start = || Ok::<_, String>((Train { learning_rate: 0.1 }, Json(1.0)));
/// let open = || Panda::builder("torn").storage(&dir).open(start);
/// let journal = open()?.journal_path().unwrap().to_owned(); // one line: the start
/// std::fs::OpenOptions::new().append(true).open(&journal)?.write_all(b"{\"entry\":")?; // a crash
/// let resumed = open()?;
/// let torn = resumed.recovered().unwrap();
/// assert_eq!((torn.line, torn.bytes), (2, 9));
/// assert_eq!(std::fs::read(&torn.saved_to)?, b"{\"entry\":");
/// assert!(open()?.recovered().is_none()); // it was cut off the journal
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TornLine {
    /// Its 1-based line number in the journal.
    pub line: usize,
    /// How many bytes it had.
    pub bytes: usize,
    /// Where a copy of them was put.
    pub saved_to: PathBuf,
}

/// An open journal, positioned to append.
#[derive(Debug)]
pub(crate) struct Journal {
    dir: PathBuf,
    path: PathBuf,
    file: File,
    lines: usize,
}

impl Journal {
    pub(crate) fn path_in(dir: &Path) -> PathBuf {
        dir.join(JOURNAL)
    }

    /// Creates the directory and a journal whose first line is `start`, atomically; fails if a
    /// journal is already there.
    pub(crate) fn create(dir: &Path, start: &Entry, checkpoint: &[u8]) -> Result<Self, PandaError> {
        let checkpoints = dir.join(CHECKPOINTS);
        fs::create_dir_all(&checkpoints).map_err(|e| PandaError::io(&checkpoints, e))?;
        sync_dir(dir)?;
        if let Entry::Start { checkpoint: r, .. } = start {
            write_atomically(&checkpoints, &r.file, checkpoint, Replace::Yes)?;
        }
        let line = encode(start)?;
        let path = dir.join(JOURNAL);
        if !write_atomically(dir, JOURNAL, &line, Replace::No)? {
            return Err(PandaError::io(
                &path,
                std::io::Error::new(std::io::ErrorKind::AlreadyExists, "another session created it first"),
            ));
        }
        let file = OpenOptions::new().append(true).open(&path).map_err(|e| PandaError::io(&path, e))?;
        Ok(Journal { dir: dir.to_owned(), path, file, lines: 1 })
    }

    /// Opens an existing journal: every entry, and the torn last line if there was one (cut off
    /// the file, after saving a copy).
    pub(crate) fn open(dir: &Path) -> Result<(Self, Vec<Entry>, Option<TornLine>), PandaError> {
        let path = dir.join(JOURNAL);
        let bytes = fs::read(&path).map_err(|e| PandaError::io(&path, e))?;
        let mut entries = Vec::new();
        let mut good = 0;
        let mut torn = None;
        for (n, chunk) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
            let Some(line) = chunk.strip_suffix(b"\n") else {
                // Only the last chunk can lack a newline: a write cut short.
                let saved_to = dir.join(TORN);
                write_atomically(dir, TORN, chunk, Replace::Yes)?;
                torn = Some(TornLine { line: n + 1, bytes: chunk.len(), saved_to });
                break;
            };
            let entry = decode(line)
                .map_err(|reason| PandaError::corrupt(&path, format!("line {}: {reason}", n + 1)))?;
            entries.push(entry);
            good += chunk.len();
        }
        let mut file = OpenOptions::new().write(true).open(&path).map_err(|e| PandaError::io(&path, e))?;
        if torn.is_some() {
            file.set_len(good as u64).and_then(|()| file.sync_all()).map_err(|e| PandaError::io(&path, e))?;
        }
        file.seek(SeekFrom::End(0)).map_err(|e| PandaError::io(&path, e))?;
        if entries.is_empty() {
            return Err(PandaError::corrupt(&path, "it holds no complete line"));
        }
        let lines = entries.len();
        Ok((Journal { dir: dir.to_owned(), path, file, lines }, entries, torn))
    }

    /// Appends `entry` and makes it durable.
    pub(crate) fn append(&mut self, entry: &Entry) -> Result<(), PandaError> {
        let line = encode(entry)?;
        let path = &self.path;
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| PandaError::io(path, e))?;
        self.lines += 1;
        Ok(())
    }

    /// Writes day `day`'s checkpoint atomically and returns its reference.
    pub(crate) fn write_checkpoint(&self, day: u64, bytes: &[u8]) -> Result<CheckpointRef, PandaError> {
        let r = CheckpointRef::of(day, bytes);
        write_atomically(&self.dir.join(CHECKPOINTS), &r.file, bytes, Replace::Yes)?;
        Ok(r)
    }

    /// The checkpoint `r` refers to, checked against its length and checksum.
    pub(crate) fn read_checkpoint(&self, r: &CheckpointRef) -> Result<Vec<u8>, PandaError> {
        let path = self.dir.join(CHECKPOINTS).join(&r.file);
        let bytes = fs::read(&path).map_err(|e| PandaError::io(&path, e))?;
        let found = CheckpointRef { file: r.file.clone(), ..CheckpointRef::of(0, &bytes) };
        if found != *r {
            return Err(PandaError::corrupt(
                &path,
                format!(
                    "the journal says {} bytes with checksum {}, the file has {} bytes with checksum {}",
                    r.bytes, r.checksum, found.bytes, found.checksum
                ),
            ));
        }
        Ok(bytes)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// `{"entry":<json>,"checksum":"fnv1a64:<hex>"}` and a newline.
fn encode(entry: &Entry) -> Result<Vec<u8>, PandaError> {
    let json =
        serde_json::to_vec(entry).map_err(|e| PandaError::config(format!("cannot journal an entry: {e}")))?;
    let mut out = Vec::with_capacity(json.len() + 48);
    out.extend_from_slice(PREFIX);
    out.extend_from_slice(&json);
    out.extend_from_slice(CHECKSUM_PREFIX);
    out.extend_from_slice(format!("{:016x}", fnv1a64(&json)).as_bytes());
    out.extend_from_slice(SUFFIX);
    out.push(b'\n');
    Ok(out)
}

/// The entry on one line (without its newline), or why it is not one.
fn decode(line: &[u8]) -> Result<Entry, String> {
    let rest = line.strip_prefix(PREFIX).ok_or("it does not start like a journal entry")?;
    let rest = rest.strip_suffix(SUFFIX).ok_or("it does not end with a checksum")?;
    let tail = CHECKSUM_PREFIX.len() + CHECKSUM_HEX;
    if rest.len() < tail || !rest[rest.len() - tail..].starts_with(CHECKSUM_PREFIX) {
        return Err("it does not end with a checksum".into());
    }
    let (json, checksum) = rest.split_at(rest.len() - tail);
    let hex = &checksum[CHECKSUM_PREFIX.len()..];
    let stored = core::str::from_utf8(hex).ok().and_then(|h| u64::from_str_radix(h, 16).ok());
    let computed = fnv1a64(json);
    if stored != Some(computed) {
        return Err(format!(
            "checksum mismatch: the line says {}, its contents give {computed:016x}",
            String::from_utf8_lossy(hex)
        ));
    }
    serde_json::from_slice(json).map_err(|e| format!("unreadable entry: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::DecidedBy;

    fn decision() -> Entry {
        Entry::Decision {
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
        }
    }

    #[test]
    fn a_line_round_trips_and_every_flipped_byte_is_caught() {
        let line = encode(&decision()).unwrap();
        let body = line.strip_suffix(b"\n").unwrap();
        assert_eq!(decode(body).unwrap(), decision());
        for i in 0..body.len() {
            let mut bad = body.to_vec();
            bad[i] ^= 0x04;
            assert!(decode(&bad).is_err(), "flipping byte {i} went unnoticed");
        }
        for len in 0..body.len() {
            assert!(decode(&body[..len]).is_err(), "a cut to {len} bytes went unnoticed");
        }
    }
}
