//! Pandas: babysit one model, nudging its hyperparameters along their own scales (in `hp`, feature `panda`).
//!
//! The lecture's panda approach: with little compute, train one model and watch it day by day.
//! Day 1 it learns well, so raise the learning rate a little; day 2 fill in some momentum; one
//! day the rate was too large, so go back to the previous day's model. This module gives that
//! routine a home:
//!
//! - [`Nudger`]: moves one hyperparameter `k` steps along its own scale, in bounds. α goes
//!   ×10^(1/4) per step on its log scale; β = 0.99 goes toward 0.999 on the log scale of
//!   `1 - β` and never reaches 1; integers move at least one value; choices to a neighbour. A
//!   nudge that hits a bound stops there and says so.
//! - [`Panda`]: the session. After each day (your closure) it records the metric and a
//!   [`Checkpoint`] of your model; a [`Policy`] ([`LecturePolicy`] is the lecture's) or your
//!   code decides to carry on, nudge, or roll back to an earlier day. With storage, everything
//!   goes into a journal of self-checking JSON lines, and a killed session resumes.
//! - [`Pbt`]: population based training, many pandas: the worst members copy the best ones'
//!   checkpoints and nudge from there.
//!
//! Name hyperparameters with a [`ParamId`](hp_core::ParamId): typed from the derive
//! (`Train::params().learning_rate`), or from a string with
//! [`Space::param_id`](hp_core::Space::param_id).
//!
//! ```
//! use hp_core::Hyperparams;
//! use hp_panda::{Nudger, ParamValue};
//! #[derive(hp_derive::Hyperparams, Clone, Debug, PartialEq)]
//! # #[hp(crate = "hp_core")]
//! struct Train {
//!     #[hp(log, 1e-4, 1.0)]
//!     learning_rate: f64,
//!     #[hp(reverse_log, 0.9, 0.999)]
//!     momentum: f64,
//! }
//!
//! let space = Train::space();
//! let (alpha, beta) = (space.param_id("learning_rate")?, space.param_id("momentum")?);
//! let nudger = Nudger::new();
//! let cfg = Train { learning_rate: 0.01, momentum: 0.99 };
//!
//! let up = nudger.nudge(&cfg, &beta, 1)?; // 1 - β: 0.01 -> 0.01 / 10^(1/4)
//! assert!((up.config.momentum - (1.0 - 0.01 / 10f64.powf(0.25))).abs() < 1e-12);
//! assert_eq!(up.config.learning_rate, 0.01); // the other field is untouched, bit for bit
//!
//! let top = nudger.nudge(&cfg, &beta, 100)?; // far past the end: stops at 0.999, never 1
//! assert_eq!((top.config.momentum, top.clamped), (0.999, true));
//! assert_eq!(top.to, ParamValue::Float(0.999));
//!
//! let down = nudger.nudge(&cfg, &alpha, -4)?; // a decade down
//! assert!((down.config.learning_rate - 0.001).abs() < 1e-15);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod checkpoint;
mod error;
pub(crate) mod history;
mod journal;
mod nudge;
mod pbt;
mod pbt_history;
mod pbt_journal;
#[cfg(feature = "plot")]
pub mod plot;
mod policy;
mod session;
mod value;

pub use checkpoint::{Checkpoint, CheckpointError, Json};
pub use error::PandaError;
pub use history::{DayRecord, DecidedBy, DecisionRecord, History, NudgeRecord};
pub use hp_store::TornLine;
pub use nudge::{LINEAR_STEPS, NudgeError, Nudged, Nudger, STEPS_PER_DECADE};
pub use pbt::{MemberDay, Pbt};
pub use pbt_history::{Exploit, PbtDay, PbtHistory};
pub use policy::{Decision, LecturePolicy, Policy};
pub use session::{Event, Panda, PandaBuilder};
pub use value::ParamValue;
