//! `#[derive(Hyperparams)]`: a typed, compile-time-checked search space from a plain config struct.
//!
//! Use it through the `hp` crate, which re-exports it; the generated code names the runtime as
//! `::hp::__private::...`.
//!
//! ```ignore
//! use hp::Hyperparams;
//!
//! #[derive(Hyperparams, Debug)]
//! struct Train {
//!     #[hp(log, 1e-4, 1.0)]          learning_rate: f64,
//!     #[hp(reverse_log, 0.9, 0.999)] momentum: f64,
//!     #[hp(linear, 50, 100)]         hidden_units: u32,
//!     #[hp(linear, 2, 4)]            layers: usize,
//!     #[hp(choice("adam", "sgd"))]   optimizer: &'static str,
//!     #[hp(fixed = 10)]              epochs: u32,
//!     #[hp(skip)]                    run_name: String,
//!     warmup: bool, // no attribute: a nested config (`bool` is a fair coin)
//! }
//! ```
//!
//! | attribute | meaning |
//! |---|---|
//! | `#[hp(linear, LOW, HIGH)]` | uniform; integer fields inclusive |
//! | `#[hp(log, LOW, HIGH)]` | log-uniform, LOW > 0 (integers LOW >= 1) |
//! | `#[hp(reverse_log, LOW, HIGH)]` | `1 - x` log-uniform, 0 <= LOW < HIGH < 1, float fields |
//! | `..., step = S` after any of the three | a grid: `LOW + k S` (linear) or `LOW S^k` (log) |
//! | `..., grid = K` after any of the three | `K` points in a grid search (`hp::strategy::Grid`) |
//! | `#[hp(choice(V1, V2, ...))]` | numbers, bools, strings (`&'static str`), enum paths |
//! | `#[hp(fixed = V)]` | a constant, part of the config, not of the space |
//! | `#[hp(skip)]` | `Default::default()`, not part of the space |
//! | no attribute | the field's type implements `Hyperparams` (a nested config) |
//! | `#[hp(weight = W)]` on an enum variant | the variant is picked with weight `W` (> 0, finite; default 1) |
//!
//! On an enum the derive is a conditional space: one choice among the variants (equal weights
//! unless `weight` says otherwise), and the fields of the chosen variant only, with every rule
//! above. A unit-only enum is just the choice.
//!
//! ```ignore
//! #[derive(Hyperparams)]
//! enum Optimizer {
//!     Sgd,
//!     Momentum { #[hp(reverse_log, 0.9, 0.999)] beta: f64 },
//!     #[hp(weight = 2)]
//!     Adam { #[hp(reverse_log, 0.8, 0.99)] beta1: f64, #[hp(reverse_log, 0.99, 0.9999)] beta2: f64 },
//! }
//! ```
//!
//! Its unit cube: coordinate 0 picks the variant (each variant owns a share of `[0, 1]`
//! proportional to its weight, in declaration order), then each variant's fields in declaration
//! order have coordinates of their own, nested configs' included: `DIM` is 1 plus the sum of
//! every variant's fields' dims (4 here). `from_unit` ignores the coordinates of the other
//! variants' fields and `to_unit` writes 0.5 for them, as a grid does. In the space the choice
//! is named by the enum's path (`optimizer`; the empty string at the top level) and a variant's
//! fields by `optimizer.Adam.beta1`, each with the condition `optimizer = Adam`.
//!
//! `Cfg::params()` gives typed handles, a generated struct with a `ParamId` (coordinate and
//! dotted name) per searched field: `Train::params().optimizer.Adam.beta1`; a misspelt field is a
//! compile error.
//!
//! Every rule hp-core's scale constructors enforce at run time is checked here at compile time,
//! at the offending literal, and all errors of a derive are reported at once. The pipeline, one
//! module per stage: [`attr`] parses `#[hp(...)]`, [`ast`] builds the IR, [`check`] applies the
//! rules, [`expand`] generates code, all reporting to one [`ctxt::Ctxt`]. The numeric rules and
//! the constants they precompute come from [`hp_rules`], which hp-core's scale constructors call
//! too: the derive accepts exactly the ranges `LogScale::new` and friends accept, and a derived
//! scale is bit for bit the scale `new` returns. (hp-derive cannot depend on hp-core itself: a
//! proc-macro crate compiles before its users, and rand would join every build's compile-time
//! path.)

mod ast;
mod attr;
mod check;
#[cfg(test)]
mod conformance;
mod ctxt;
mod expand;
mod ty;
mod value;

use proc_macro::TokenStream;

/// Derives `hp::Hyperparams` for a struct with named fields or an enum (a conditional space).
///
/// See the crate documentation for the attribute grammar.
#[proc_macro_derive(Hyperparams, attributes(hp))]
pub fn derive_hyperparams(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
