#!/usr/bin/env bash
# hp tuning a model of a Rust ML crate (issue 14, section 4): builds the smartcore example (its own
# package, so that `cargo test --workspace` does not compile smartcore) from its committed lock file
# and runs it on a short budget.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== smartcore: cargo fmt --check, build, run 12 trials each"
manifest=examples/smartcore/Cargo.toml
cargo fmt --manifest-path "$manifest" -- --check
out=$(CARGO_TARGET_DIR=target/smartcore cargo run --quiet --release --locked --manifest-path "$manifest" -- --trials 12)
echo "$out"
for line in "TPE:" "random search:" "default"; do
    grep -q "$line" <<<"$out" || { echo "smartcore: no '$line' line in the output" >&2; exit 1; }
done
echo "smartcore: ok"
