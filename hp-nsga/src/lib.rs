//! Multi-objective search for [hp](https://docs.rs/hp): NSGA-II, as Optuna 5 runs it by default,
//! on hp's unit cube.
//!
//! [`Nsga2`] is a [`Sampler`](hp_core::sampler::Sampler): give it to a study of several objectives
//! (`Study::objectives([...]).sampler(Nsga2::for_config::<Cfg>(seed))`) or call
//! [`propose`](hp_core::sampler::Sampler::propose) with a history yourself.
//!
//! ```
//! use hp_core::Direction;
//! use hp_core::sampler::{History, Observation, Outcome, Sampler};
//! use hp_nsga::Nsga2;
//!
//! let nsga = Nsga2::for_config::<bool>(3).population(4);
//! let mut trials = Vec::new();
//! for i in 0..12 {
//!     let mut u = [0.0];
//!     nsga.propose(i, &History::new(Direction::Minimize, &trials), &mut u);
//!     let value = if u[0] >= 0.5 { 0.0 } else { 1.0 }; // `true` is better
//!     trials.push(Observation::new(i, u.to_vec(), Outcome::Complete { value }));
//! }
//! assert!(trials.iter().all(|o| (0.0..=1.0).contains(&o.unit[0])));
//! ```

#![warn(missing_docs)]

mod rank;
mod sampler;

pub use sampler::Nsga2;
