//! `#[derive(Hyperparams)]` at run time, as one test binary (each binary links all of hp, so fewer
//! of them keep `cargo test` quick):
//!
//! - `basics`: every attribute form, nesting, generics and unit enums, through the trait;
//! - `constants`: constants as bounds give the space and configs of the literal bounds;
//! - `enums`: conditional spaces, enums whose variants carry fields;
//! - `params`: typed parameter handles;
//! - `scales`: the derive's compile-time constants equal the run-time constructors', bit for bit.

mod basics;
mod constants;
mod enums;
mod params;
mod scales;
