#!/usr/bin/env bash
# CI (as root): the caviar example's cluster worker mode with every task in a PID namespace of its
# own (`unshare --pid --fork`: each task is PID 1, as tasks on different nodes or in containers can
# share PIDs), all 8 trials of `--quick --no-prune` started at once into one directory. The merged
# study must equal the same study run locally, byte for byte in `--canonical` form, and no temp file
# may be left behind. Then the finished directory, mounted read-only (`unshare --mount`, a
# read-only bind mount: root ignores file modes), is asked for more trials: the run must fail with
# an error naming the file it could not write and leave every file as it was.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=${FAULTS_ROOT_DIR:-/tmp/hp-faults-root}
CAVIAR=$PWD/target/release/examples/caviar
say() { echo "== faults-root: $*"; }
fail() { say "$*"; exit 1; }

[[ $(id -u) == 0 ]] || fail "needs root (unshare, mount)"
[[ $(unshare --pid --fork sh -c 'echo $$') == 1 ]] || fail "unshare --pid --fork does not give PID 1"
rm -rf "$STATE"
mkdir -p "$STATE"
cargo build --release --example caviar

say "local run"
"$CAVIAR" --quick --no-prune --workers 2 --dir "$STATE/local" >"$STATE/local.txt"
"$CAVIAR" --quick --no-prune --canonical --dir "$STATE/local" >"$STATE/local.jsonl"

say "8 tasks, each in its own PID namespace, at once"
pids=()
for i in $(seq 0 7); do
  unshare --pid --fork "$CAVIAR" --quick --no-prune --trial "$i" --dir "$STATE/pidns" >"$STATE/task-$i.log" 2>&1 &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
((failed == 0)) || { tail -n 20 "$STATE"/task-*.log; fail "a task failed"; }
"$CAVIAR" --quick --no-prune --canonical --dir "$STATE/pidns" >"$STATE/pidns.jsonl"
cmp "$STATE/local.jsonl" "$STATE/pidns.jsonl" || { diff "$STATE/local.jsonl" "$STATE/pidns.jsonl" | head; fail "the merged study differs"; }
left=$(find "$STATE/pidns" -name '.*' -type f)
[[ -z $left ]] || fail "temp files left behind: $left"
say "the merged study equals the local one; no temp file left"

say "a read-only directory"
snapshot() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(snapshot "$STATE/pidns")
set +e
out=$(HP_DIR="$STATE/pidns" unshare --mount sh -c \
  'mount --bind "$HP_DIR" "$HP_DIR" && mount -o remount,bind,ro "$HP_DIR" && exec "$0" "$@"' \
  "$CAVIAR" --quick --no-prune --trials 10 --dir "$STATE/pidns" 2>&1)
code=$?
set -e
((code != 0)) || fail "a run on a read-only directory succeeded"
grep -q "Read-only file system" <<<"$out" && grep -qE "$STATE/pidns/trials/[0-9]{8}\.json: Read-only" <<<"$out" \
  || { echo "$out" | tail -n 5; fail "the error does not say what and where"; }
[[ $(snapshot "$STATE/pidns") == "$before" ]] || fail "a file changed"
say "refused: $(grep "Read-only" <<<"$out" | head -n 1)"
say "ok"
