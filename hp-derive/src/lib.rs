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
//!     #[hp(choice("adam", "sgd"))]   optimizer: String,
//!     #[hp(fixed = 10)]              epochs: u32,
//!     #[hp(skip)]                    run_name: String,
//!     warmup: bool, // no attribute: a nested config (`bool` is a fair coin)
//! }
//! ```
//!
//! The attribute grammar, with examples, is on the derive itself ([`Hyperparams`](macro@Hyperparams)).
//!
//! Every rule hp-core's scale constructors enforce at run time is checked here at compile time,
//! at the offending literal, and all errors of a derive are reported at once. The pipeline, one
//! module per stage: `attr` parses `#[hp(...)]`, `ast` builds the IR, `check` applies the
//! rules, `expand` generates code, all reporting to one `ctxt::Ctxt`. The numeric rules and
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
/// Each field says how it is searched in one `#[hp(...)]`:
///
/// | attribute | meaning |
/// |---|---|
/// | `#[hp(linear, LOW, HIGH)]` | uniform on [LOW, HIGH]; on integer fields every value of `LOW..=HIGH` has the same weight |
/// | `#[hp(log, LOW, HIGH)]` | log-uniform, LOW > 0; on integer fields LOW ≥ 1 (see *Scales*) |
/// | `#[hp(reverse_log, LOW, HIGH)]` | 1 - x log-uniform on [1 - HIGH, 1 - LOW]; 0 ≤ LOW < HIGH < 1; float fields |
/// | `#[hp(log, low = LOW, high = HIGH)]` | the bounds by name (as Optuna's `suggest_float(name, low, high)`), instead of in position; the same rules |
/// | `..., high = HIGH` with `low` | the upper bound by name; give both bounds by name or both in position |
/// | `..., step = S` after any of the three | a grid: `LOW + k·S` (linear), `LOW·S^k` (log, S > 1), `1 - (1 - LOW)/S^k` (reverse_log, S > 1) |
/// | `..., grid = K` after a scale | this field's number of grid points (see *Search strategies*) |
/// | `#[hp(choice(V1, V2, ...))]` | one of the values, equal weight: numbers, bools, string literals (`String` fields, or `&'static str` in configs no study stores), enum paths |
/// | `#[hp(fixed = V)]` | a constant: part of the config, not of the search (no coordinate) |
/// | `#[hp(skip)]` | `Default::default()`, not part of the space |
/// | no attribute | the field's type implements `Hyperparams` itself: a nested config (names become `outer.inner`), an enum deriving `Hyperparams` (a choice of variants; variants with named fields make a conditional space), or `bool` (a fair coin) |
/// | `#[hp(weight = W)]` on an enum variant | the variant is picked with weight W (> 0, finite; default 1) |
/// | `#[hp(crate = "path")]` on the type | the path the generated code reaches hp through, for a crate that re-exports hp (default `::hp`) |
///
/// Integer or float comes from the field's type: `f32`, `f64`, and every integer primitive up to
/// 64 bits. Literals may be negative and use exponents (`-1.5`, `1e-4`); a float literal must keep
/// its value in the field's type. Every rule is checked at compile time, at the offending token,
/// all errors of a derive at once.
///
/// LOW, HIGH and `step` may be constants of the field's type (`#[hp(log, MIN_LR, 1.0)]`, a name
/// in capitals or any path): the scale becomes a `const` item that the scale's own rules check and
/// build, so a broken rule is a compile error at the constant, and the scale costs what a literal
/// one does. `choice(...)` and `fixed = ...` take constants too.
///
/// ```ignore
/// use hp::Hyperparams;
///
/// #[derive(Hyperparams, Debug)]
/// struct Train {
///     #[hp(log, 1e-4, 1.0)]                    learning_rate: f64,
///     #[hp(reverse_log, low = 0.9, high = 0.999)] momentum: f64,
///     #[hp(linear, 50, 100)]                   hidden_units: u32,
///     #[hp(log, 16, 512, step = 2)]            batch: u32, // 16, 32, ..., 512
///     #[hp(choice("adam", "sgd"))]             optimizer: String,
///     #[hp(fixed = 10)]                        epochs: u32,
///     #[hp(skip)]                              run_name: String,
///     warmup: bool, // no attribute: a nested config (`bool` is a fair coin)
/// }
/// ```
///
/// On an enum the derive is a conditional space: one choice among the variants (equal weights
/// unless `weight` says otherwise), and the fields of the chosen variant only, with every rule
/// above; unit variants have no fields.
///
/// ```ignore
/// #[derive(Hyperparams)]
/// enum Optimizer {
///     Sgd,
///     Momentum { #[hp(reverse_log, 0.9, 0.999)] beta: f64 },
///     #[hp(weight = 2)]
///     Adam { #[hp(reverse_log, 0.8, 0.99)] beta1: f64, #[hp(reverse_log, 0.99, 0.9999)] beta2: f64 },
/// }
/// ```
///
/// Its unit cube: coordinate 0 picks the variant (each variant owns a share of `[0, 1]`
/// proportional to its weight, in declaration order), then each variant's fields in declaration
/// order have coordinates of their own, nested configs' included: `DIM` is 1 plus the sum of
/// every variant's fields' dims (4 here). `from_unit` ignores the coordinates of the other
/// variants' fields and `to_unit` writes 0.5 for them, as a grid does. In the space the choice
/// is named by the enum's path (`optimizer`; the empty string at the top level) and a variant's
/// fields by `optimizer.Adam.beta1`, each with the condition `optimizer = Adam`.
///
/// `Cfg::params()` gives typed handles, a generated struct with a `ParamId` (coordinate and
/// dotted name) per searched field: `Train::params().optimizer.Adam.beta1`; a misspelt field is a
/// compile error.
///
/// The generated code names the runtime as `::hp::__private::...`; a crate that re-exports hp
/// elsewhere says where with `#[hp(crate = "my_crate::hp")]` on the type.
#[proc_macro_derive(Hyperparams, attributes(hp))]
pub fn derive_hyperparams(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
