//! [`Log`]: an append-only journal of checksummed JSON lines.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Replace, StoreError, frame, unframe, write_atomically};

/// The key of every line's [`frame`]: `{"entry":...,"checksum":"fnv1a64:..."}`.
const KEY: &str = "entry";

/// A line a crash cut short, found at the end of a log when it was opened: cut off the log, and
/// its bytes saved beside it for inspection.
///
/// ```
/// # use std::io::Write as _;
/// use hp_store::Log;
/// let dir = std::env::temp_dir().join(format!("hp-store-torn-doc-{}", std::process::id()));
/// hp_store::create_dir_all(&dir)?;
/// Log::create(&dir, "journal.jsonl", &1)?;
/// // A crash in the middle of the second line's write:
/// std::fs::OpenOptions::new().append(true).open(dir.join("journal.jsonl"))?.write_all(b"{\"entry\":2")?;
/// let (_, entries, torn) = Log::open::<u32>(&dir, "journal.jsonl")?;
/// assert_eq!(entries, [1]);
/// let torn = torn.unwrap();
/// assert_eq!((torn.line, torn.bytes), (2, 10));
/// assert_eq!(std::fs::read(&torn.saved_to)?, b"{\"entry\":2");
/// assert!(Log::open::<u32>(&dir, "journal.jsonl")?.2.is_none()); // it was cut off
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TornLine {
    /// Its 1-based line number in the log.
    pub line: usize,
    /// How many bytes it had.
    pub bytes: usize,
    /// Where a copy of them was put: `<log's stem>.torn` beside the log.
    pub saved_to: PathBuf,
}

/// An append-only log of JSON entries, one per line, each line
/// `{"entry":<json>,"checksum":"fnv1a64:<hex>"}` ([`frame`]):
///
/// - **created whole**: the file appears atomically with its first line, so it never exists empty;
/// - **appended durably, or not at all**: a line is written with one `write_all` and `fsync`'d before
///   [`append`](Self::append) returns; if the write or the sync fails (a full disk, a file size
///   limit, an I/O error) the file is cut back to its last whole line before the error is
///   returned, so the next append never lands after a torn one;
/// - **read strictly**: on [`open`](Self::open) every complete line must check out (a damaged one
///   is an error naming the line, never skipped); only the last line may lack its newline — a
///   write a crash cut short — and it is cut off, saved beside the log and reported as a
///   [`TornLine`].
///
/// One process at a time may append; hold a [`DirLock`](crate::DirLock) on the directory.
///
/// ```
/// use hp_store::Log;
/// let dir = std::env::temp_dir().join(format!("hp-store-log-doc-{}", std::process::id()));
/// hp_store::create_dir_all(&dir)?;
/// let mut log = Log::create(&dir, "journal.jsonl", &serde_json::json!({"kind": "start"}))?;
/// log.append(&serde_json::json!({"kind": "day", "day": 1}))?;
/// let (log, entries, torn) = Log::open::<serde_json::Value>(&dir, "journal.jsonl")?;
/// assert_eq!((entries.len(), log.lines(), torn), (2, 2, None));
/// assert_eq!(entries[1]["day"], 1);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Log {
    path: PathBuf,
    file: File,
    /// The length of the whole lines: where the file is cut back to after a failed append.
    len: u64,
    lines: usize,
    /// Set when a failed append could not be undone: no more appends until the log is opened again.
    broken: Option<String>,
}

impl Log {
    /// Creates `dir/name` holding `first` as its first line, atomically (temp file, fsync, link,
    /// directory fsync).
    ///
    /// # Errors
    /// [`StoreError::Serialize`]; [`StoreError::Io`], with [`io::ErrorKind::AlreadyExists`] if
    /// the log exists already.
    pub fn create<T: Serialize + ?Sized>(dir: &Path, name: &str, first: &T) -> Result<Self, StoreError> {
        let path = dir.join(name);
        let line = line(&path, first)?;
        if !write_atomically(dir, name, &line, Replace::No)? {
            let e = io::Error::new(io::ErrorKind::AlreadyExists, "the log exists already");
            return Err(StoreError::io(&path, e));
        }
        let file = OpenOptions::new().append(true).open(&path).map_err(|e| StoreError::io(&path, e))?;
        Ok(Log { path, file, len: line.len() as u64, lines: 1, broken: None })
    }

    /// Opens `dir/name`: every entry, in order, and the torn last line if a crash left one (cut
    /// off the file, after saving a copy to `<stem>.torn`).
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] naming the log and the line for a damaged line or an entry that is
    /// not a `T`, or a log with no complete line; [`StoreError::Io`].
    pub fn open<T: DeserializeOwned>(
        dir: &Path,
        name: &str,
    ) -> Result<(Self, Vec<T>, Option<TornLine>), StoreError> {
        let path = dir.join(name);
        let bytes = fs::read(&path).map_err(|e| StoreError::io(&path, e))?;
        let mut entries = Vec::new();
        let mut good = 0;
        let mut torn = None;
        let mut missing_newline = false;
        for (n, chunk) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
            let at = |reason: String| StoreError::corrupt(&path, format!("line {}: {reason}", n + 1));
            let Some(line) = chunk.strip_suffix(b"\n") else {
                // Only the last chunk can lack a newline: a write cut short (by a crash; after a
                // power loss, perhaps filled with zeros). A whole line whose newline was not
                // written yet is kept (and the newline added); a whole line followed by another
                // byte is a damaged newline, not a tear.
                if let Ok(json) = unframe(KEY, chunk) {
                    entries.push(
                        serde_json::from_slice(json)
                            .map_err(|e| at(format!("not an entry of this log: {e}")))?,
                    );
                    good += chunk.len();
                    missing_newline = true;
                    break;
                }
                if chunk.len() > 1 && unframe(KEY, &chunk[..chunk.len() - 1]).is_ok() {
                    return Err(at("a whole line whose newline is damaged".into()));
                }
                let stem = name.split('.').next().unwrap_or(name);
                let saved = format!("{stem}.torn");
                write_atomically(dir, &saved, chunk, Replace::Yes)?;
                torn = Some(TornLine { line: n + 1, bytes: chunk.len(), saved_to: dir.join(saved) });
                break;
            };
            let json = unframe(KEY, line).map_err(at)?;
            entries.push(
                serde_json::from_slice(json).map_err(|e| at(format!("not an entry of this log: {e}")))?,
            );
            good += chunk.len();
        }
        if entries.is_empty() {
            return Err(StoreError::corrupt(&path, "it holds no complete line"));
        }
        let file = OpenOptions::new().append(true).open(&path).map_err(|e| StoreError::io(&path, e))?;
        if torn.is_some() {
            file.set_len(good as u64).and_then(|()| file.sync_all()).map_err(|e| StoreError::io(&path, e))?;
        }
        if missing_newline {
            (&file).write_all(b"\n").and_then(|()| file.sync_all()).map_err(|e| StoreError::io(&path, e))?;
            good += 1;
        }
        let lines = entries.len();
        Ok((Log { path, file, len: good as u64, lines, broken: None }, entries, torn))
    }

    /// Appends `entry` as one line and makes it durable; on failure the log is as it was.
    ///
    /// # Errors
    /// [`StoreError::Serialize`]; [`StoreError::Io`] naming the log. If the file could not even be cut back after a failed
    /// write, every later append fails too, until the log is opened again (which cuts off the
    /// torn line).
    pub fn append<T: Serialize + ?Sized>(&mut self, entry: &T) -> Result<(), StoreError> {
        if let Some(why) = &self.broken {
            return Err(StoreError::io(&self.path, io::Error::other(why.clone())));
        }
        let line = line(&self.path, entry)?;
        let written = (&self.file).write_all(&line).and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            // Cut back to the last whole line: a torn one must not stay in front of the next.
            if let Err(undo) = self.file.set_len(self.len).and_then(|()| self.file.sync_data()) {
                self.broken = Some(format!(
                    "an append failed ({e}) and the log could not be cut back to its last whole line \
                     ({undo}); open it again to recover"
                ));
            }
            return Err(StoreError::io(&self.path, e));
        }
        self.len += line.len() as u64;
        self.lines += 1;
        Ok(())
    }

    /// The log's path.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-store-path-doc-{}", std::process::id()));
    /// # hp_store::create_dir_all(&dir)?;
    /// let log = hp_store::Log::create(&dir, "journal.jsonl", &0)?;
    /// assert_eq!(log.path(), dir.join("journal.jsonl"));
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of whole lines in the log.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-store-lines-doc-{}", std::process::id()));
    /// # hp_store::create_dir_all(&dir)?;
    /// let mut log = hp_store::Log::create(&dir, "journal.jsonl", &0)?;
    /// log.append(&1)?;
    /// assert_eq!(log.lines(), 2);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lines(&self) -> usize {
        self.lines
    }
}

/// `entry` framed, with its newline.
fn line<T: Serialize + ?Sized>(path: &Path, entry: &T) -> Result<Vec<u8>, StoreError> {
    let json = serde_json::to_vec(entry)
        .map_err(|e| StoreError::Serialize { path: path.to_owned(), message: e.to_string() })?;
    let mut line = frame(KEY, &json);
    line.push(b'\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hp-store-log-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A log of entries 1, 2, 3 and its bytes.
    fn three(dir: &Path) -> Vec<u8> {
        let mut log = Log::create(dir, "j.jsonl", &1u32).unwrap();
        log.append(&2u32).unwrap();
        log.append(&3u32).unwrap();
        fs::read(dir.join("j.jsonl")).unwrap()
    }

    #[test]
    fn every_cut_opens_to_a_prefix_and_every_flipped_bit_is_refused() {
        let dir = scratch("cuts");
        let whole = three(&dir);
        let path = dir.join("j.jsonl");
        for cut in 1..whole.len() {
            fs::write(&path, &whole[..cut]).unwrap();
            match Log::open::<u32>(&dir, "j.jsonl") {
                Ok((_, entries, _)) => assert_eq!(entries, [1, 2, 3][..entries.len()], "cut at {cut}"),
                Err(e) => assert!(cut < whole.iter().position(|&b| b == b'\n').unwrap(), "cut at {cut}: {e}"),
            }
        }
        for byte in 0..whole.len() {
            for bit in 0..8 {
                let mut flipped = whole.clone();
                flipped[byte] ^= 1 << bit;
                fs::write(&path, &flipped).unwrap();
                let opened = Log::open::<u32>(&dir, "j.jsonl");
                assert!(opened.is_err(), "byte {byte} bit {bit}: {:?}", opened.map(|o| o.1));
            }
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_whole_last_line_without_its_newline_is_kept() {
        let dir = scratch("newline");
        let whole = three(&dir);
        fs::write(dir.join("j.jsonl"), &whole[..whole.len() - 1]).unwrap();
        let (mut log, entries, torn) = Log::open::<u32>(&dir, "j.jsonl").unwrap();
        assert_eq!((entries, torn), (vec![1, 2, 3], None));
        log.append(&4u32).unwrap();
        assert_eq!(Log::open::<u32>(&dir, "j.jsonl").unwrap().1, [1, 2, 3, 4]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
