#!/usr/bin/env bash
# hp's NSGA-II against Optuna's on ZDT1 (BENCHMARKS.md, section 8). Not part of `cargo test` or CI.
#
#   benches/peers/multi_objective.sh                      # 30 seeds of 1,000 trials each; cost: 5 rounds
#   SEEDS=5 ROUNDS=1 benches/peers/multi_objective.sh     # quicker
#
# The runs are deterministic per seed (no timing), so hp's and Optuna's need not interleave; the
# cost runs alternate hp and Optuna in ROUNDS rounds on the same machine, and the report gives the
# ratio per round. Writes target/multi_objective/{runs,cost}.jsonl, report.md and zdt1.svg (copied
# to docs/ by hand when BENCHMARKS.md is updated).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/benches/peers"
out="$root/target/multi_objective"
mkdir -p "$out"
. "$here/common.sh"
peer_venv
bin=$(bench_binary multi_objective)
describe_machine "$out/machine.txt"
"$bin" zdt1 "${SEEDS:-30}" 1000 > "$out/runs.jsonl"
"$venv/bin/python" "$here/optuna_multi_objective.py" zdt1 "${SEEDS:-30}" 1000 >> "$out/runs.jsonl"
: > "$out/cost.jsonl"
for round in $(seq "${ROUNDS:-5}"); do
    echo "cost round $round (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$bin" cost | tee -a "$out/cost.jsonl"
    "$venv/bin/python" "$here/optuna_multi_objective.py" cost | tee -a "$out/cost.jsonl"
done
python3 "$here/multi_objective_report.py" "$out/runs.jsonl" "$out/cost.jsonl" "$out/zdt1.svg" | tee "$out/report.md"
