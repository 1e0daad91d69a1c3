#!/usr/bin/env bash
# The digits caviar with random search, Sobol and TPE: the best validation error after 32 and 64
# trials over SEEDS seeds (default 10), as BENCHMARKS.md section 6 reports it. Each study runs the
# example as a user would (`--sampler S --seed N --trials 64`, median pruning on, 4 workers; TPE
# with its default lag of 4) into target/caviar-samplers/, and is resumed, not retrained, on a
# second run.
#
#   benches/caviar_samplers.sh            # about 10 minutes on 2 cores
#   SEEDS=3 benches/caviar_samplers.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/caviar-samplers"
seeds=${SEEDS:-10}
mkdir -p "$out"
cd "$root"
cargo build --release --example caviar --quiet
for seed in $(seq 0 $((seeds - 1))); do
    for sampler in random sobol tpe; do
        dir="$out/$sampler-$seed"
        target/release/examples/caviar --sampler "$sampler" --seed "$seed" --trials 64 --workers 4 \
            --dir "$dir" > "$dir.log" 2>&1 || { echo "caviar failed: $dir.log" >&2; exit 1; }
        target/release/examples/caviar --sampler "$sampler" --seed "$seed" --trials 64 --dir "$dir" --canonical \
            > "$dir.jsonl"
        echo "seed $seed $sampler done" >&2
    done
done
python3 - "$out" "$seeds" <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], int(sys.argv[2])
print("| sampler | seeds | best@32: median [Q1, Q3] | best@64: median [Q1, Q3] | epochs trained (median) |")
print("|---|---|---|---|---|")
for sampler in ["random", "sobol", "tpe"]:
    at = {32: [], 64: []}
    epochs = []
    for seed in range(seeds):
        records = [json.loads(l) for l in open(f"{out}/{sampler}-{seed}.jsonl")]
        for b in at:
            at[b].append(min(r["value"] for r in records if r["index"] < b and r["value"] is not None))
        epochs.append(sum(len(r["curve"]) for r in records))
    cell = lambda xs: "{:.4f} [{:.4f}, {:.4f}]".format(statistics.median(xs), *statistics.quantiles(xs, n=4, method="inclusive")[::2])
    print(f"| {sampler} | {seeds} | {cell(at[32])} | {cell(at[64])} | {statistics.median(epochs):.0f} |")
PY
