//! [`StoreError`]: why a durable file could not be written or read.

use core::fmt;
use std::io;
use std::path::PathBuf;

/// Why a file of a store could not be written, read or locked. Each names the file or directory.
///
/// ```
/// use hp_store::StoreError;
/// let e = StoreError::corrupt("run/journal.jsonl", "line 3: checksum mismatch");
/// assert_eq!(e.to_string(), "run/journal.jsonl is corrupt: line 3: checksum mismatch");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The operating system refused a read or write.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// A stored file is not what was written: torn, truncated, edited or damaged. Never skipped.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it (with the line number, for a log).
        reason: String,
    },
    /// An entry to store could not be serialized to JSON (its `Serialize` impl failed).
    Serialize {
        /// The file it was for.
        path: PathBuf,
        /// What serde said.
        message: String,
    },
    /// Another process holds the directory's lock.
    Locked {
        /// The directory.
        dir: PathBuf,
        /// Who holds it, as the holder wrote it: `pid 4242 on node7 since 1764763200 (unix time)`.
        holder: String,
    },
}

impl StoreError {
    /// An [`Io`](Self::Io) error.
    ///
    /// ```
    /// let e = hp_store::StoreError::io("x", std::io::ErrorKind::NotFound.into());
    /// assert!(e.to_string().starts_with("x: "));
    /// ```
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io { path: path.into(), source }
    }

    /// A [`Corrupt`](Self::Corrupt) error.
    ///
    /// ```
    /// let e = hp_store::StoreError::corrupt("study.json", "not JSON");
    /// assert!(matches!(e, hp_store::StoreError::Corrupt { .. }));
    /// ```
    pub fn corrupt(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        StoreError::Corrupt { path: path.into(), reason: reason.into() }
    }
}

impl StoreError {
    /// The file or directory the error is about.
    ///
    /// ```
    /// let e = hp_store::StoreError::corrupt("study.json", "not JSON");
    /// assert_eq!(e.path(), std::path::Path::new("study.json"));
    /// ```
    pub fn path(&self) -> &std::path::Path {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Corrupt { path, .. }
            | StoreError::Serialize { path, .. } => path,
            StoreError::Locked { dir, .. } => dir,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            StoreError::Corrupt { path, reason } => write!(f, "{} is corrupt: {reason}", path.display()),
            StoreError::Serialize { path, message } => {
                write!(f, "cannot serialize an entry of {} to JSON: {message}", path.display())
            }
            StoreError::Locked { dir, holder } => {
                write!(f, "{} is in use by another process ({holder})", dir.display())
            }
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
