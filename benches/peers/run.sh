#!/usr/bin/env bash
# hp against Optuna and Hyperopt on the lecture's 4-parameter space, on this machine, in one run.
# Not part of `cargo test` or CI; see BENCHMARKS.md, section 4.
#
#   benches/peers/run.sh              # 3 alternating rounds (hp, Optuna, Hyperopt), then the report
#   ROUNDS=1 benches/peers/run.sh     # quicker
#
# Creates a Python virtual environment in target/peers/venv (pip from the registry: optuna, and
# hyperopt if it installs cleanly; skipped otherwise), builds hp's side (`cargo bench --bench
# hp_peer`), and writes every round's JSON lines to target/peers/results.jsonl.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/benches/peers"
out="$root/target/peers"
venv="$out/venv"
rounds=${ROUNDS:-3}
mkdir -p "$out"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import optuna' 2>/dev/null || "$venv/bin/pip" install --quiet optuna
hyperopt=yes
"$venv/bin/python" -c 'import hyperopt' 2>/dev/null || "$venv/bin/pip" install --quiet hyperopt || hyperopt=no
"$venv/bin/python" -c 'import hyperopt' 2>/dev/null || hyperopt=no

cd "$root"
hp_bin=$(cargo bench --bench hp_peer --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*hp_peer[^"]*\)".*/\1/p' | tail -1)
[ -x "$hp_bin" ] || { echo "run.sh: could not build the hp_peer bench" >&2; exit 1; }

results="$out/results.jsonl"
: > "$results"
{
    echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"
for round in $(seq "$rounds"); do
    echo "round $round/$rounds (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$hp_bin" | tee -a "$results"
    "$venv/bin/python" "$here/optuna_peer.py" 4000 | tee -a "$results"
    if [ "$hyperopt" = yes ]; then
        "$venv/bin/python" "$here/hyperopt_peer.py" 1000 | tee -a "$results"
    fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
echo
python3 "$here/report.py" "$results" | tee "$out/report.txt"
