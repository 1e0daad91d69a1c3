//! Model-based search for [hp](https://docs.rs/hp): the tree-structured Parzen estimator, as
//! Optuna 5 implements it, on hp's unit cube.
//!
//! [`Tpe`] is a [`Sampler`](hp_core::sampler::Sampler): give it to a study
//! (`Study::sampler(Tpe::for_config::<Cfg>(seed))`) or call
//! [`propose`](hp_core::sampler::Sampler::propose) with a history yourself.
//!
//! ```
//! use hp_core::Direction;
//! use hp_core::sampler::{History, Observation, Outcome, Sampler};
//! use hp_tpe::Tpe;
//!
//! let tpe = Tpe::for_config::<bool>(3);
//! let mut trials = Vec::new();
//! for i in 0..20 {
//!     let mut u = [0.0];
//!     tpe.propose(i, &History::new(Direction::Minimize, &trials), &mut u);
//!     let value = if u[0] >= 0.5 { 0.0 } else { 1.0 }; // `true` is better
//!     trials.push(Observation::new(i, u.to_vec(), Outcome::Complete { value }));
//! }
//! // After the 10 startup trials, the model picks `true` almost every time.
//! let late_true = trials[10..].iter().filter(|o| o.unit[0] >= 0.5).count();
//! assert!(late_true >= 8, "{late_true}");
//! ```

#![warn(missing_docs)]

mod parzen;
mod sampler;
mod truncnorm;

pub use sampler::{Startup, TooManyDimensions, Tpe};
