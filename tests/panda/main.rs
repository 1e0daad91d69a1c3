//! Babysitting (the panda) and population based training, as one test binary (each binary links
//! all of hp, so fewer of them keep `cargo test` quick):
//!
//! - `nudge`: scale-aware nudges;
//! - `policy`: the lecture's babysitting policy on a scripted model;
//! - `session`: a session on the examples' real model, its journal, `kill -9` and resume;
//! - `pbt`: population based training on the same model.

#[path = "../../examples/common/mod.rs"]
mod common;

mod nudge;
mod pbt;
mod policy;
mod session;
