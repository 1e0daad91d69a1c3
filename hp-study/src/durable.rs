//! Durable files: written whole or not at all, and still there after a crash. The study's trial
//! records and `study.json`, its exports and re-check reports, and the panda journal's
//! checkpoints are all written this way.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::StudyError;

/// Whether [`write_atomically`] may replace an existing file.
///
/// ```
/// use hp_study::durable::Replace;
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
/// a unique temp file, fsync, rename (or, for [`Replace::No`], a hard link, which fails if the
/// name exists), fsync of the directory. Returns whether this call's bytes are in place.
///
/// ```
/// use hp_study::durable::{Replace, write_atomically};
/// let dir = std::env::temp_dir().join(format!("hp-durable-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// assert!(write_atomically(&dir, "study.json", b"{}", Replace::No)?);
/// assert!(!write_atomically(&dir, "study.json", b"[]", Replace::No)?); // the first one stays
/// assert_eq!(std::fs::read(dir.join("study.json"))?, b"{}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`StudyError::Io`] naming the temp file or the target; the temp file is removed.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8], replace: Replace) -> Result<bool, StudyError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let target = dir.join(name);
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(StudyError::io(&tmp, e));
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
            Err(StudyError::io(&target, e))
        }
    }
}

/// Makes a directory's entries (a rename, a new file) durable. Only Unix can open a directory
/// to fsync it; elsewhere a rename is as durable as the system makes it.
///
/// ```
/// hp_study::durable::sync_dir(&std::env::temp_dir())?;
/// # Ok::<(), hp_study::StudyError>(())
/// ```
///
/// # Errors
/// [`StudyError::Io`] naming the directory.
pub fn sync_dir(dir: &Path) -> Result<(), StudyError> {
    #[cfg(unix)]
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| StudyError::io(dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
