//! The compile-fail suite of `#[derive(Hyperparams)]`: one rule per file in `tests/ui/<category>/`,
//! each with the exact compiler output in a committed `.stderr`. Regenerate deliberately with
//! `TRYBUILD=overwrite cargo test --test ui`, then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
