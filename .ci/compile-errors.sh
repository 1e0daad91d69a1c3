#!/usr/bin/env bash
# Mistakes users make get the error hp means them to (issue 14, section 5), checked on a user's
# crate (.ci/compile-errors/) whose binaries must not compile: `progress` (a method behind a
# feature, called without it: the error names the feature) and `static_str` (a `&'static str`
# config in a study: the error is at the call and names `Deserialize`). Its own target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
expect() { # expect BIN PATTERN WHAT
    echo "== compile-errors: $3"
    if out=$(CARGO_TARGET_DIR=target/compile-errors cargo check --quiet --manifest-path .ci/compile-errors/Cargo.toml --bin "$1" 2>&1); then
        echo "compile-errors: $1 compiled; it must not" >&2
        exit 1
    fi
    if ! grep -q "$2" <<<"$out"; then
        echo "compile-errors: $1's error is not the expected one ($2):" >&2
        echo "$out" >&2
        exit 1
    fi
    echo "compile-errors: ok ($(grep -m1 '^error' <<<"$out"))"
}
expect progress "needs the feature \`progress\`" "Study::progress without the feature"
expect static_str "implementation of \`Deserialize\` is not general enough" "a &'static str config in a study"
