//! Files written whole or not at all, and still there after a crash.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::StoreError;

/// Whether [`write_atomically`] may replace an existing file.
///
/// ```
/// use hp_store::Replace;
/// assert_ne!(Replace::Yes, Replace::No);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    /// Replace it (a newer record of the same trial, an export).
    Yes,
    /// Keep an existing file (another process wrote it first).
    No,
}

/// Writes `dir/name` so that readers and crashes see either the old state or all of `bytes`:
/// a temp file of this call's own, fsync, rename (or, for [`Replace::No`], a hard link, which
/// fails if the name exists), fsync of the directory. Returns whether this call's bytes are in
/// place.
///
/// The temp file is `.<name>.<pid>.<nonce>.<n>.tmp`, hidden, where the nonce is 64 random bits
/// drawn from the OS once per process: two writers on different hosts sharing a directory, or in
/// different PID namespaces with the same PID, never pick the same name. It is created with
/// `O_EXCL`, and only a temp file this call created is ever removed.
///
/// ```
/// use hp_store::{Replace, write_atomically};
/// let dir = std::env::temp_dir().join(format!("hp-store-atomic-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// assert!(write_atomically(&dir, "study.json", b"{}", Replace::No)?);
/// assert!(!write_atomically(&dir, "study.json", b"[]", Replace::No)?); // the first one stays
/// assert_eq!(std::fs::read(dir.join("study.json"))?, b"{}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`StoreError::Io`] naming the file being written (`dir/name`, not its temp name); this
/// call's temp file is removed.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8], replace: Replace) -> Result<bool, StoreError> {
    let target = dir.join(name);
    let (tmp, mut file) = create_temp(dir, name).map_err(|e| StoreError::io(&target, e))?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(StoreError::io(&target, e));
    }
    let placed = match replace {
        Replace::Yes => fs::rename(&tmp, &target).map(|()| true),
        Replace::No => {
            let linked = match fs::hard_link(&tmp, &target) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
                // A file system without hard links: rename unless the name is taken (a race
                // between two creators there can let the later one win; both then agree or
                // the loser's check reports the mismatch).
                Err(_) if target.exists() => Ok(false),
                Err(_) => fs::rename(&tmp, &target).map(|()| true),
            };
            let _ = fs::remove_file(&tmp);
            linked
        }
    };
    match placed {
        Ok(placed) => {
            sync_dir(dir)?;
            Ok(placed)
        }
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(StoreError::io(&target, e))
        }
    }
}

/// Numbers this process's temp files.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new temp file for `name` in `dir`, created exclusively: this process's nonce and counter
/// make its name unique, and should another file have it all the same, the next number is tried
/// (never the other file removed).
fn create_temp(dir: &Path, name: &str) -> Result<(PathBuf, fs::File), io::Error> {
    create_temp_numbered(dir, name, || COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// [`create_temp`] with the numbers from `next`.
fn create_temp_numbered(
    dir: &Path,
    name: &str,
    mut next: impl FnMut() -> u64,
) -> Result<(PathBuf, fs::File), io::Error> {
    let mut attempt = 0;
    loop {
        let tmp = dir.join(format!(".{name}.{}.{:016x}.{}.tmp", std::process::id(), nonce(), next()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 8 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// This process's 64 random bits, from the OS. Should the OS have none to give, the clock's
/// nanoseconds stand in (unique enough with the PID, and `create_temp` never clobbers anyway).
fn nonce() -> u64 {
    static NONCE: OnceLock<u64> = OnceLock::new();
    *NONCE.get_or_init(|| {
        getrandom::u64().unwrap_or_else(|_| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.map_or(0, |d| d.as_nanos() as u64)
        })
    })
}

/// Makes a directory's entries (a rename, a new file) durable. Only Unix can open a directory
/// to fsync it; elsewhere a rename is as durable as the system makes it.
///
/// ```
/// hp_store::sync_dir(&std::env::temp_dir())?;
/// # Ok::<(), hp_store::StoreError>(())
/// ```
///
/// # Errors
/// [`StoreError::Io`] naming the directory.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| StoreError::io(dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Creates `dir` and any missing parents, durably: each directory it creates is fsync'd into
/// its parent, so a crash cannot leave a file whose directory entry is lost.
///
/// ```
/// let base = std::env::temp_dir().join(format!("hp-store-mkdir-doc-{}", std::process::id()));
/// hp_store::create_dir_all(&base.join("a/b"))?;
/// assert!(base.join("a/b").is_dir());
/// hp_store::create_dir_all(&base.join("a/b"))?; // already there: nothing to do
/// # std::fs::remove_dir_all(&base)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`StoreError::Io`] naming the directory that could not be created or synced (or a file in
/// the way).
pub fn create_dir_all(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        create_dir_all(parent)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => {}
        // Another process made it meanwhile.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(StoreError::io(dir, e)),
    }
    sync_dir(parent.unwrap_or(Path::new(".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temp_name_taken_by_another_writer_is_left_alone() {
        let dir = std::env::temp_dir().join(format!("hp-store-taken-{}", std::process::id()));
        create_dir_all(&dir).unwrap();
        // Squat on the names numbered 0 to 3, as a writer elsewhere with the same PID and nonce
        // would; numbers then come from 0.
        let name = |n: u64| dir.join(format!(".a.{}.{:016x}.{n}.tmp", std::process::id(), nonce()));
        for n in 0..4 {
            fs::write(name(n), b"someone else's").unwrap();
        }
        let counting_from = |mut n: u64| {
            move || {
                n += 1;
                n - 1
            }
        };
        let (tmp, _) = create_temp_numbered(&dir, "a", counting_from(0)).unwrap();
        assert_eq!(tmp, name(4), "the first free name");
        for k in 0..4 {
            assert_eq!(fs::read(name(k)).unwrap(), b"someone else's", "{k}");
        }
        // Nine names taken in a row: an error, and still nothing of the other writer's removed.
        for n in 5..14 {
            fs::write(name(n), b"someone else's").unwrap();
        }
        let e = create_temp_numbered(&dir, "a", counting_from(5)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!((5..14).all(|k| fs::read(name(k)).unwrap() == b"someone else's"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
