//! The worker pool that runs a study's trials and a population's members: scoped threads taking
//! jobs in index order from a shared counter, a panicking job caught.
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use hp_study::pool::{self, Panic};
//!
//! #[derive(Debug)]
//! struct Failed(String);
//! impl From<Panic> for Failed {
//!     fn from(p: Panic) -> Self { Failed(p.to_string()) }
//! }
//!
//! let sum = AtomicU64::new(0);
//! pool::run(100, 4, |k| -> Result<(), Failed> {
//!     sum.fetch_add(k as u64, Ordering::Relaxed);
//!     Ok(())
//! })?;
//! assert_eq!(sum.into_inner(), 4950);
//!
//! // A job that panics stops the pool with an error, not the program.
//! let err = pool::run(8, 2, |k| -> Result<(), Failed> { assert!(k != 5, "job {k} went wrong"); Ok(()) });
//! assert_eq!(err.unwrap_err().0, "panicked: job 5 went wrong");
//! # Ok::<(), Failed>(())
//! ```

use core::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A job that panicked, with the panic's message.
///
/// ```
/// let p = hp_study::pool::catch(|| panic!("out of memory")).unwrap_err();
/// assert_eq!((p.message(), p.to_string().as_str()), ("out of memory", "panicked: out of memory"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panic {
    message: String,
}

impl Panic {
    /// The panic's message: the text of `panic!("...")`, or a note that the payload was not text.
    ///
    /// ```
    /// let p = hp_study::pool::catch(|| std::panic::panic_any(7)).unwrap_err();
    /// assert_eq!(p.message(), "(a payload that is not a string)");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Panic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "panicked: {}", self.message)
    }
}

impl std::error::Error for Panic {}

/// Runs `f`, turning a panic into an error with its message: one place decides what a panicking
/// trial or member becomes.
///
/// ```
/// assert_eq!(hp_study::pool::catch(|| 2 + 2), Ok(4));
/// ```
///
/// # Errors
/// [`Panic`] if `f` panicked.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Panic> {
    panic::catch_unwind(AssertUnwindSafe(f))
        .map_err(|payload| Panic { message: panic_message(&*payload).to_owned() })
}

/// The text of a panic: `panic!("...")` gives a `&str` or a `String`.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(a payload that is not a string)"
    }
}

/// Runs `job(k)` for every `k` in `0..jobs` on up to `workers` threads (the calling thread among
/// them; one worker runs every job on the calling thread), each taking the next `k` from a
/// shared counter, so jobs start in index order.
///
/// Scoped threads and an atomic counter rather than rayon: jobs are coarse (a trial, a day of
/// training), so work stealing buys nothing; starting them in index order keeps files on disk in
/// the order a person expects and lets a job wait only for lower indices (never a deadlock); and
/// it costs no dependency.
///
/// ```
/// use std::sync::Mutex;
/// use hp_study::pool::{self, Panic};
///
/// // One worker runs the jobs in index order on the calling thread; the first failure stops it.
/// let started = Mutex::new(Vec::new());
/// let result = pool::run(10, 1, |k| -> Result<(), Panic> {
///     started.lock().unwrap().push(k);
///     assert!(k != 3, "job {k} failed");
///     Ok(())
/// });
/// assert_eq!(result.unwrap_err().message(), "job 3 failed");
/// assert_eq!(started.into_inner().unwrap(), [0, 1, 2, 3]); // no job started after it
/// ```
///
/// The first `Err` (or panic, caught as a [`Panic`] and converted) stops the pool: no job starts
/// after it, the ones running finish, and that first error is returned.
///
/// # Errors
/// The first job's error, in the order they happened.
pub fn run<E, F>(jobs: usize, workers: usize, job: F) -> Result<(), E>
where
    E: From<Panic> + Send,
    F: Fn(usize) -> Result<(), E> + Sync,
{
    let next = AtomicUsize::new(0);
    let stopped = AtomicBool::new(false);
    let failure = Mutex::new(None);
    let work = || {
        while !stopped.load(Ordering::Relaxed) {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= jobs {
                break;
            }
            if let Err(e) = catch(|| job(k)).unwrap_or_else(|panic| Err(E::from(panic))) {
                stopped.store(true, Ordering::Relaxed);
                failure.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                break;
            }
        }
    };
    let workers = workers.clamp(1, jobs.max(1));
    if workers == 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 1..workers {
                scope.spawn(work);
            }
            work();
        });
    }
    failure.into_inner().unwrap_or_else(|p| p.into_inner()).map_or(Ok(()), Err)
}
