//! The runtime of [hp](https://docs.rs/hp): scales, the [`Hyperparams`] trait and its [`Space`].
//!
//! Most users depend on `hp` and write `#[derive(Hyperparams)]`; this crate is what the derive
//! expands to, and what a program uses to build scales by hand.
//!
//! ```
//! use hp_core::{LogScale, ReverseLogScale, LinearScale};
//! use rand::distr::Distribution;
//! use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
//!
//! // The lecture's space: learning rate on a log scale, momentum with 1 - beta on a log scale,
//! // hidden units and layers uniform.
//! let lr = LogScale::new(1e-4, 1.0)?;
//! let beta = ReverseLogScale::new(0.9, 0.999)?;
//! let units = LinearScale::new(50u32, 100)?;
//! let layers = LinearScale::new(2usize, 4)?;
//!
//! let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
//! let (a, b, n, l) = (lr.sample(&mut rng), beta.sample(&mut rng), units.sample(&mut rng), layers.sample(&mut rng));
//! assert!((1e-4..=1.0).contains(&a) && (0.9..=0.999).contains(&b));
//! assert!((50..=100).contains(&n) && (2..=4).contains(&l));
//! # Ok::<(), hp_core::ScaleError>(())
//! ```

#![warn(missing_docs)]

mod direction;
mod error;
mod hash;
mod hyperparams;
mod number;
pub mod sampler;
pub mod scale;
mod space;
pub mod strategy;

pub use direction::Direction;
pub use error::{FieldError, UnitError, ValidationError};
pub use hash::fnv1a64;
pub use hp_rules::{ScaleError, ScaleKind};
pub use hyperparams::{Hyperparams, TypedParams};
pub use number::{Float, Int, Number};
pub use scale::{
    CategoricalScale, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale,
    ReverseLogStepScale, Scale, WeightedCategoricalScale,
};
pub use space::{
    Condition, Domain, Levels, Param, ParamId, Space, SpaceBuilder, UnknownParam, Value, join_path,
    variant_name,
};

/// Re-exports for generated code, which reaches the runtime only through `::hp::__private`.
/// Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::scale::*;
    pub use crate::space::describe_scale;
    pub use crate::{
        FieldError, Hyperparams, Number, ParamId, SpaceBuilder, TypedParams, Value, join_path, variant_name,
    };
    pub use core::fmt::Debug;
    pub use core::option::Option::{self, None, Some};
    pub use core::result::Result::{Err, Ok};
    // A scale whose bounds are constants is a `const` item checked and built by the rules' `const fn`.
    pub use hp_rules::range::{Checked, check as check_range};
    pub use hp_rules::{Num, ScaleError, ScaleKind};
    pub use rand::Rng;
    pub use rand::distr::Distribution;
    pub use std::format;
    pub use std::string::{String, ToString};
    pub use std::vec::Vec;
}
