//! Durability, in one test binary (each integration test binary links all of hp, so fewer build
//! faster): the fault suite (`faults`), where faults are injected for real into child processes,
//! and the loaders' property tests (`loaders`), where every file hp reads is damaged every way.

mod faults;
mod loaders;
mod store_support;
