//! [`DirLock`]: one process at a time in a directory.

use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use crate::StoreError;

/// The lock file's name in the locked directory. It is never removed: removing it would let a
/// second process lock a new file while the first still holds the old one.
pub const LOCK_FILE: &str = "lock";

/// An advisory lock (`flock`) on `<dir>/lock`, held until dropped, by a process that must be the
/// only one writing the directory (a panda session, a PBT run). The operating system releases it
/// when the process ends, however it ends (`kill -9` included), so a crashed holder never leaves
/// a stale lock behind. The holder writes who it is into the file, for the error a second
/// process gets.
///
/// ```
/// use hp_store::{DirLock, StoreError};
/// let dir = std::env::temp_dir().join(format!("hp-store-lock-doc-{}", std::process::id()));
/// let held = DirLock::try_acquire(&dir)?;
/// // A second opener (here the same process, through another open file) is refused by name.
/// match DirLock::try_acquire(&dir) {
///     Err(StoreError::Locked { holder, .. }) => {
///         assert!(holder.starts_with(&format!("pid {}", std::process::id())))
///     }
///     other => panic!("{other:?}"),
/// }
/// drop(held);
/// let again = DirLock::try_acquire(&dir)?; // released on drop
/// # drop(again);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct DirLock {
    dir: PathBuf,
    /// Holds the lock while open.
    _file: File,
}

impl DirLock {
    /// Takes the lock of `dir` (creating the directory if needed), or fails if another process
    /// holds it. It tries for a fifth of a second first: a lock just released can still be held
    /// for a moment by a child process forked (by any thread) and not yet exec'd.
    ///
    /// # Errors
    /// [`StoreError::Locked`] naming the directory and the holder; [`StoreError::Io`].
    pub fn try_acquire(dir: &Path) -> Result<Self, StoreError> {
        Self::acquire(dir, false)
    }

    /// Takes the lock of `dir`, waiting for as long as another process holds it.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("hp-store-wait-doc-{}", std::process::id()));
    /// let lock = hp_store::DirLock::wait(&dir)?; // free: taken at once
    /// assert_eq!(lock.dir(), dir);
    /// # drop(lock);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`StoreError::Io`].
    pub fn wait(dir: &Path) -> Result<Self, StoreError> {
        Self::acquire(dir, true)
    }

    fn acquire(dir: &Path, wait: bool) -> Result<Self, StoreError> {
        crate::create_dir_all(dir)?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        if wait {
            file.lock().map_err(|e| StoreError::io(&path, e))?;
        } else {
            match try_lock_briefly(&file) {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    let holder =
                        if holder.is_empty() { "a process that has not said who it is" } else { holder };
                    return Err(StoreError::Locked { dir: dir.to_owned(), holder: holder.to_owned() });
                }
                Err(fs::TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
            }
        }
        // Who holds it, for the next opener's message (not needed for correctness: no fsync).
        let since =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let me = format!("pid {} on {} since {since} (unix time)\n", std::process::id(), host_name());
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(me.as_bytes()))
            .map_err(|e| StoreError::io(&path, e))?;
        Ok(DirLock { dir: dir.to_owned(), _file: file })
    }

    /// The locked directory.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-store-dir-doc-{}", std::process::id()));
    /// let lock = hp_store::DirLock::try_acquire(&dir)?;
    /// assert!(lock.dir().join(hp_store::LOCK_FILE).exists());
    /// # drop(lock);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Tries the lock for up to a fifth of a second. A lock just released can still be held for a
/// moment by a child process that some thread forked and has not yet exec'd (it shares the open
/// file until exec closes it); a real holder keeps it far longer.
fn try_lock_briefly(file: &File) -> Result<(), fs::TryLockError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
    loop {
        match file.try_lock() {
            Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

/// This machine's name, for people reading a lock's holder: the kernel's on Linux, `$HOSTNAME`
/// elsewhere.
fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "an unnamed host".to_owned())
}
