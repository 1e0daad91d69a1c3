//! What a study makes of more than one number per trial, and how it stops trials early: one test
//! binary (each binary links all of hp-study, so fewer of them keep `cargo test` quick).
//!
//! - `pruners`: successive halving and Hyperband against Optuna's own decisions;
//! - `metrics`: named metrics beside the objective;
//! - `constraints`: feasibility, and what infeasible trials may not be;
//! - `pareto`: the Pareto front, its hypervolume and its plot.

#[path = "../study_support/mod.rs"]
mod study_support;

mod constraints;
mod metrics;
mod pareto;
mod pruners;
