//! The durable files of hp's studies, panda sessions and PBT runs: written whole or not at all,
//! still there after a crash, and read back strictly.
//!
//! - [`write_atomically`]: a file appears whole or not at all; temp names never collide across
//!   hosts or PID namespaces, and no writer removes a file it did not create.
//! - [`create_dir_all`], [`sync_dir`]: directory entries made durable.
//! - [`frame`], [`unframe`]: one JSON value with a checksum over its exact bytes.
//! - [`Log`]: an append-only journal of such lines; a failed append leaves it as it was, a torn
//!   last line is cut off and reported ([`TornLine`]), a damaged line is refused.
//! - [`BlobRef`]: a file a log line refers to, checked by length and checksum, never read from
//!   outside its directory.
//! - [`DirLock`]: one process at a time in a directory.
//!
//! Every reader returns a [`StoreError`] naming the file and what is wrong, for any bytes at all.
//!
//! ```
//! use hp_store::{BlobRef, DirLock, Log};
//! let dir = std::env::temp_dir().join(format!("hp-store-doc-{}", std::process::id()));
//! let _lock = DirLock::try_acquire(&dir)?; // creates the directory
//! let model = BlobRef::write(&dir, "day-00000.ckpt", b"weights")?; // first the blob,
//! let mut log = Log::create(&dir, "journal.jsonl", &model)?; // then the line naming it
//! let (_, entries, _) = Log::open::<BlobRef>(&dir, "journal.jsonl")?;
//! assert_eq!(entries[0].read(&dir, "day-00000.ckpt")?, b"weights");
//! # drop(log);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod atomic;
mod blob;
mod error;
mod frame;
mod lock;
mod log;

pub use atomic::{Replace, create_dir_all, sync_dir, write_atomically};
pub use blob::BlobRef;
pub use error::StoreError;
pub use frame::{frame, unframe};
pub use lock::{DirLock, LOCK_FILE};
pub use log::{Log, TornLine};
