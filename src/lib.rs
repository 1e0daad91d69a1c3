//! # hp: typed hyperparameter search spaces
//!
//! Annotate a plain config struct with the scale of each field and derive [`Hyperparams`]: the
//! struct can then sample itself, map itself to and from the unit cube, describe its [`Space`] and
//! validate a config built elsewhere. A bad range is a compile error that points at the literal.
//!
//! The scales follow Andrew Ng's lecture on hyperparameter tuning: a learning rate in
//! `[1e-4, 1]` is sampled on a log scale (each decade gets a quarter of the budget), a momentum in
//! `[0.9, 0.999]` with `1 - β` on a log scale (half the samples above 0.99), hidden units and layers
//! uniformly.
//!
//! ```
//! use hp::Hyperparams;
//! use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
//!
//! #[derive(Hyperparams, Debug)]
//! struct Train {
//!     #[hp(log, 1e-4, 1.0)]          learning_rate: f64,
//!     #[hp(reverse_log, 0.9, 0.999)] momentum: f64,
//!     #[hp(linear, 50, 100)]         hidden_units: u32,
//!     #[hp(linear, 2, 4)]            layers: usize,
//! }
//!
//! let mut rng = Xoshiro256PlusPlus::seed_from_u64(7); // portable: same configs on every platform
//! let cfg = Train::sample_with(&mut rng);
//! assert!((1e-4..=1.0).contains(&cfg.learning_rate));
//! assert!((0.9..=0.999).contains(&cfg.momentum));
//! assert!(cfg.validate().is_ok());
//! assert_eq!(Train::DIM, 4);
//! println!("{}", Train::space()); // learning_rate  f64  log [0.0001, 1.0] ...
//! ```

#![warn(missing_docs)]

pub use hp_core::*;

/// Derives [`Hyperparams`] for a struct with named fields, or an enum (a conditional space: a choice of
/// variants, each with its own fields).
///
/// ```
/// use hp::Hyperparams;
///
/// #[derive(Hyperparams, Debug)]
/// struct Train {
///     #[hp(log, 1e-4, 1.0)]
///     lr: f64,
///     #[hp(reverse_log, low = 0.9, high = 0.999)]
///     beta: f64,
///     #[hp(linear, 2, 4)]
///     layers: usize,
///     optimizer: Optimizer,
/// }
///
/// #[derive(Hyperparams, Debug)]
/// enum Optimizer {
///     Sgd,
///     Adam {
///         #[hp(reverse_log, 0.99, 0.9999)]
///         beta2: f64,
///     },
/// }
///
/// let cfg = Train::sample_with(&mut <rand::rngs::Xoshiro256PlusPlus as rand::SeedableRng>::seed_from_u64(7));
/// assert!((1e-4..=1.0).contains(&cfg.lr) && (2..=4).contains(&cfg.layers));
/// assert_eq!(Train::DIM, 5); // lr, beta, layers, the variant, Adam's beta2
/// ```
#[cfg(feature = "derive")]
pub use hp_derive::Hyperparams;

/// Caviar: many trials in parallel, each with its own config, and keep the best (feature
/// `study`; the `hp-study` crate).
#[cfg(feature = "study")]
pub use hp_study as study;

/// Which hyperparameters mattered: PED-ANOVA, Optuna 5's default importance, on the unit cube
/// (feature `study`; the `hp-importance` crate). `Results::importances` calls it for a study.
#[cfg(feature = "study")]
pub use hp_importance as importance;

/// Pandas: babysit one model, nudging its hyperparameters along their own scales; population
/// based training (feature `panda`; the `hp-panda` crate).
#[cfg(feature = "panda")]
pub use hp_panda as panda;

/// Model-based search: the tree-structured Parzen estimator, Optuna 5's TPE on the unit cube
/// (feature `tpe`; the `hp-tpe` crate). Give it to a study with `Study::sampler`.
#[cfg(feature = "tpe")]
pub use hp_tpe as tpe;

/// Multi-objective search: NSGA-II, Optuna 5's default sampler for several objectives
/// (feature `nsga`; the `hp-nsga` crate). Give it to a study of several objectives with
/// `Study::objectives(...).sampler(...)`.
#[cfg(feature = "nsga")]
pub use hp_nsga as nsga;

/// Re-exports for generated code. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use hp_core::__private::*;
}
