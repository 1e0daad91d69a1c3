//! The rules of [hp](https://docs.rs/hp)'s scales, written once.
//!
//! hp checks a hyperparameter's range twice: at compile time, when `#[derive(Hyperparams)]` reads
//! `#[hp(log, 1e-4, 1.0)]`, and at run time, when a program calls `LogScale::new(1e-4, 1.0)`. Both
//! call this crate, so they accept and reject exactly the same ranges, and the constants a derived
//! scale is built from are bit for bit those `new` computes:
//!
//! - [`range`]: which bounds and steps make a linear, log or reverse-log scale, and what each
//!   precomputes (logarithms of the bounds, the index of a grid's last value);
//! - [`weights`]: choices and the weights of a weighted choice;
//! - [`suggest`]: the edit distance behind every "did you mean".
//!
//! Its logarithm, [`ln`], is `libm::log` ported to a `const fn`, bit for bit: the same on every
//! platform, and evaluable by the compiler, so that the checks and the precomputed logarithms of
//! a scale whose bounds are constants are `const` items, computed by these very functions. It
//! depends only on `libm` (the `pow` of a step suggestion); hp-derive, a proc-macro crate, can
//! depend on it without pulling rand into every build.
//!
//! ```
//! use hp_rules::{Num, ScaleError, ScaleKind, range};
//! // The lecture's learning rate: log-uniform on [1e-4, 1].
//! let lr = range::check(ScaleKind::Log, Num::Float(1e-4), Num::Float(1.0), None, f64::EPSILON);
//! assert!(lr.is_ok());
//! // A log scale cannot start at 0: ln 0 is -inf.
//! let bad = range::check(ScaleKind::Log, Num::Float(0.0), Num::Float(1.0), None, f64::EPSILON);
//! assert_eq!(bad, Err(ScaleError::LogLowNotPositive));
//! ```

#![warn(missing_docs)]

mod arith;
#[cfg(feature = "conformance")]
pub mod conformance;
mod error;
mod kind;
pub mod range;
pub mod suggest;
pub mod weights;

pub use arith::{STEP_TOLERANCE, ln, steps_between};
pub use error::ScaleError;
pub use kind::ScaleKind;
pub use range::Num;
