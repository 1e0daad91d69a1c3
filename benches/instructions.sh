#!/usr/bin/env bash
# Instructions per iteration of side_by_side's workloads, counted by callgrind: independent of
# the machine's load, unlike wall-clock time. Each workload runs N and 2N times in two processes;
# (Ir(2N) - Ir(N)) / N removes start-up and set-up, leaving the cost of one iteration.
#
#   benches/instructions.sh sample/derive sample/hand_std        # named workloads
#   benches/instructions.sh                                      # all of them (`side_by_side list`)
#   N=20000 benches/instructions.sh point/sobol/0                # fewer iterations (default 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 1; }
n=${N:-50000}
bin=$(cargo bench --bench side_by_side --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*side_by_side[^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "instructions.sh: could not build the side_by_side bench" >&2; exit 1; }
if [ $# -eq 0 ]; then mapfile -t names < <("$bin" list); else names=("$@"); fi

count() { # total instructions of `side_by_side run NAME N`
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" run "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-34s %14s\n' workload 'Ir/iteration'
for name in "${names[@]}"; do
    a=$(count "$name" "$n")
    b=$(count "$name" $((2 * n)))
    awk -v a="$a" -v b="$b" -v n="$n" -v name="$name" 'BEGIN { printf "%-34s %14.1f\n", name, (b - a) / n }'
done
