//! placeholder
pub use hp_core::*;
#[cfg(feature = "derive")]
pub use hp_derive::Hyperparams;
