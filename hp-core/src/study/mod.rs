//! Caviar: many trials in parallel, each with its own config, and keep the best.
//!
//! (The runner is being written; this module holds the record types for now.)

#[cfg(feature = "plot")]
pub mod plot;
mod record;

pub use record::{CurvePoint, Status, TrialRecord};
