#!/usr/bin/env bash
# hp's samplers against Optuna's TPE on the shared benchmark objectives (BENCHMARKS.md, section 6).
# Not part of `cargo test` or CI.
#
#   benches/peers/samplers.sh                       # quality: hp 100 seeds, Optuna 100; cost: 5 rounds
#   HP_SEEDS=20 OPTUNA_SEEDS=20 ROUNDS=1 benches/peers/samplers.sh   # quicker
#
# Quality is deterministic per seed (no timing), so hp's and Optuna's runs need not interleave; the
# cost runs alternate hp and Optuna in ROUNDS rounds on the same machine, and the report gives the
# ratio per round. Writes target/samplers/{quality,cost}.jsonl, report.md and the SVG plots
# (copied to docs/ by hand when BENCHMARKS.md is updated).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/benches/peers"
out="$root/target/samplers"
mkdir -p "$out"
. "$here/common.sh"
peer_venv
bin=$(bench_binary samplers)
describe_machine "$out/machine.txt"
"$bin" quality "${HP_SEEDS:-100}" > "$out/quality.jsonl"
"$venv/bin/python" "$here/optuna_samplers.py" quality "${OPTUNA_SEEDS:-100}" >> "$out/quality.jsonl"
: > "$out/cost.jsonl"
for round in $(seq "${ROUNDS:-5}"); do
    echo "cost round $round (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$bin" cost | tee -a "$out/cost.jsonl"
    "$venv/bin/python" "$here/optuna_samplers.py" cost | tee -a "$out/cost.jsonl"
done
python3 "$here/samplers_report.py" "$out/quality.jsonl" "$out/cost.jsonl" "$out" | tee "$out/report.md"
