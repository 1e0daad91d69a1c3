#!/usr/bin/env bash
# The digits caviar with each pruner: the best validation error after 32 and 64 trials and the
# epochs trained, over SEEDS seeds (default 10), as BENCHMARKS.md section 7 reports them. Each study
# runs the example as a user would (`--pruner P --seed N --trials 64`, random search, 4 workers)
# into target/caviar-pruners/. Random search ignores results, so every pruner sees the same 64
# configs for a seed: the comparison is paired.
#
#   benches/caviar_pruners.sh            # a few minutes on 2 cores
#   SEEDS=3 benches/caviar_pruners.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/caviar-pruners"
seeds=${SEEDS:-10}
mkdir -p "$out"
cd "$root"
cargo build --release --example caviar --quiet
for seed in $(seq 0 $((seeds - 1))); do
    for pruner in none median asha hyperband; do
        dir="$out/$pruner-$seed"
        target/release/examples/caviar --pruner "$pruner" --seed "$seed" --trials 64 --workers 4 \
            --dir "$dir" > "$dir.log" 2>&1 || { echo "caviar failed: $dir.log" >&2; exit 1; }
        target/release/examples/caviar --pruner "$pruner" --seed "$seed" --trials 64 --dir "$dir" --canonical \
            > "$dir.jsonl"
    done
    echo "seed $seed done" >&2
done
python3 - "$out" "$seeds" <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], int(sys.argv[2])
pruners = ["none", "median", "asha", "hyperband"]
cell = lambda xs, f: ("{:" + f + "} [{:" + f + "}, {:" + f + "}]").format(
    statistics.median(xs), *statistics.quantiles(xs, n=4, method="inclusive")[::2])
rows = {}
for p in pruners:
    best = {32: [], 64: []}
    epochs = {32: [], 64: []}
    for seed in range(seeds):
        records = [json.loads(l) for l in open(f"{out}/{p}-{seed}.jsonl")]
        for b in best:
            within = [r for r in records if r["index"] < b]
            best[b].append(min(r["value"] for r in within if r["value"] is not None))
            epochs[b].append(sum(len(r["curve"]) for r in within))
    rows[p] = (best, epochs)
none_best, none_epochs = rows["none"]
print("| pruner | seeds | best@32: median [Q1, Q3] | best@64: median [Q1, Q3] | epochs for 64 trials: median [Q1, Q3] | epochs: none / pruner | seeds where best@64 equals none's |")
print("|---|---|---|---|---|---|---|")
for p in pruners:
    best, epochs = rows[p]
    ratio = statistics.median(n / e for n, e in zip(none_epochs[64], epochs[64]))
    same = sum(1 for a, b in zip(best[64], none_best[64]) if a == b)
    print(f"| {p} | {seeds} | {cell(best[32], '.4f')} | {cell(best[64], '.4f')} | {cell(epochs[64], '.0f')} | {ratio:.2f}× | {same} of {seeds} |")
PY
