#!/usr/bin/env bash
# A method behind a feature, called without it, is a compile error that names the feature
# (issue 14, section 5): checks a user's crate (.ci/feature-errors/) that calls `Study::progress`
# without hp-study's feature `progress`. Shares the workspace's target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== feature-errors: Study::progress without the feature"
if out=$(CARGO_TARGET_DIR=target/feature-errors cargo check --quiet --manifest-path .ci/feature-errors/Cargo.toml 2>&1); then
    echo "feature-errors: the crate compiled; .progress(true) without the feature must not" >&2
    exit 1
fi
if ! grep -q "needs the feature \`progress\`" <<<"$out"; then
    echo "feature-errors: the error does not name the feature:" >&2
    echo "$out" >&2
    exit 1
fi
echo "feature-errors: ok ($(grep -m1 '^error' <<<"$out"))"
