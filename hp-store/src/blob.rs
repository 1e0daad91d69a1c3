//! [`BlobRef`]: a file a log refers to, by name, length and checksum.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Replace, StoreError, write_atomically};
use hp_core::fnv1a64;

/// Where a blob is and how to know it is whole: a plain file name in the blob directory, its
/// length and its FNV-1a 64 checksum. A log line holds one, written after the blob itself, so a
/// line never points at a missing or torn file.
///
/// ```
/// use hp_store::BlobRef;
/// let dir = std::env::temp_dir().join(format!("hp-store-blob-doc-{}", std::process::id()));
/// hp_store::create_dir_all(&dir)?;
/// let r = BlobRef::write(&dir, "day-00003.ckpt", b"weights")?;
/// assert_eq!((r.file.as_str(), r.bytes), ("day-00003.ckpt", 7));
/// assert_eq!(r.read(&dir, "day-00003.ckpt")?, b"weights");
///
/// // A reference read from a damaged or hostile log never leaves the directory.
/// let escape = BlobRef { file: "../secret".into(), ..r.clone() };
/// assert!(escape.read(&dir, "day-00003.ckpt").is_err());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobRef {
    /// The file name in the blob directory.
    pub file: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// FNV-1a 64 of its bytes, as 16 lowercase hex digits.
    pub checksum: String,
}

impl BlobRef {
    /// The reference of `bytes` stored as `file`.
    ///
    /// ```
    /// let r = hp_store::BlobRef::of("a.ckpt", b"");
    /// assert_eq!(r.checksum, "cbf29ce484222325");
    /// ```
    pub fn of(file: &str, bytes: &[u8]) -> Self {
        BlobRef {
            file: file.to_owned(),
            bytes: bytes.len() as u64,
            checksum: format!("{:016x}", fnv1a64(bytes)),
        }
    }

    /// Writes `bytes` to `dir/file` atomically (replacing what a crashed earlier attempt left
    /// there) and returns the reference.
    ///
    /// # Errors
    /// [`StoreError::Io`]; [`StoreError::Corrupt`] is not possible here.
    pub fn write(dir: &Path, file: &str, bytes: &[u8]) -> Result<Self, StoreError> {
        write_atomically(dir, file, bytes, Replace::Yes)?;
        Ok(Self::of(file, bytes))
    }

    /// The blob's bytes, checked against the reference. `expected` is the name the reader
    /// computes for it (`day-00003.ckpt` for day 3): a reference naming anything else — another
    /// day's file, `../x`, an absolute path — is refused before any file is opened.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for another name, or a file whose length or checksum differs
    /// (naming the file); [`StoreError::Io`] if it cannot be read.
    pub fn read(&self, dir: &Path, expected: &str) -> Result<Vec<u8>, StoreError> {
        if self.file != expected {
            return Err(StoreError::corrupt(
                dir.join(expected),
                format!(
                    "the reference names {:?} instead: only {expected:?} in {} is read",
                    self.file,
                    dir.display()
                ),
            ));
        }
        let path = dir.join(expected);
        let bytes = fs::read(&path).map_err(|e| StoreError::io(&path, e))?;
        let found = Self::of(expected, &bytes);
        if found != *self {
            return Err(StoreError::corrupt(
                &path,
                format!(
                    "expected {} bytes with checksum {}, the file has {} bytes with checksum {}",
                    self.bytes, self.checksum, found.bytes, found.checksum
                ),
            ));
        }
        Ok(bytes)
    }
}
