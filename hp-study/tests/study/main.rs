//! hp-study's integration tests, as one test binary (each binary links all of hp-study, so fewer
//! of them keep `cargo test` quick). Running studies: `determinism` (1 or N workers, the same
//! results), `failures`, `kill` (`kill -9` mid-study), `resume`, `worker` (cluster workers),
//! `recheck`, `export`; stopping early: `pruning` (the median rule), `pruners` (successive halving
//! and Hyperband against Optuna's own decisions); more than one number per trial: `metrics`,
//! `constraints`, `pareto`.

#[path = "../study_support/mod.rs"]
mod study_support;

mod constraints;
mod determinism;
mod export;
mod failures;
mod importance;
mod kill;
mod metrics;
mod pareto;
mod pruners;
mod pruning;
mod recheck;
mod resume;
mod worker;
