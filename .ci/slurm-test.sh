#!/usr/bin/env bash
# CI: the caviar example's worker mode on a real Slurm. Installs Debian's slurm-wlm and munge,
# starts munged, slurmctld and slurmd on this machine (one node, localhost), runs the small study
# (`--quick`: 8 trials of 2 epochs) as job arrays into shared directories, and checks that each
# merged study equals the same study run locally: same indices, configs, curves, statuses and final
# values, byte for byte in the example's `--canonical` form.
#
#   1. `--no-prune`, the whole array at once: tasks run concurrently in any order.
#   2. with the median pruner, `--array=0-7%1`: one task at a time in index order, so each trial
#      sees every lower-index record, as in a local run (the pruner's decisions depend on them).
#   3. resuming: two records of run 1 are deleted, `--missing` must list exactly them, and an
#      array of those indices must restore the same study.
#
# Everything lives under $SLURM_TEST_DIR (default /tmp/hp-slurm-test), wiped at the start; the
# daemons it starts are stopped on exit, and those a previous run left behind are stopped first;
# concurrent runs on one machine take turns.
# Every wait has a timeout. On failure it prints the daemons' and the jobs' logs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

STATE=${SLURM_TEST_DIR:-/tmp/hp-slurm-test}
HOST=$(hostname -s)
CAVIAR=$ROOT/target/release/examples/caviar
TRIALS=8
# Not Slurm's default ports, so that a Slurm already on the machine is left alone.
CTLD_PORT=16817
SLURMD_PORT=16818
START=$SECONDS

say() { echo "== slurm-test: $*"; }

# One run at a time on a machine (the ports and the directory are fixed): a second one waits.
# The daemons get the lock's descriptor closed (`9>&-`), so that stale ones cannot hold it.
exec 9>"$STATE.lock"
flock -w 900 9 || { say "another run still holds $STATE.lock after 900 s"; exit 1; }

# --- Stop what an earlier run left behind, by the pids it recorded. ---------------------------
stop_pidfile() {
  local file=$1 pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}
for daemon in slurmd slurmctld munged; do
  stop_pidfile "$STATE/run/$daemon.pid"
done
# Daemons of an earlier run whose pid files are gone: they name this run's config or socket.
for pid in $(pgrep -f -- "$STATE/(etc/slurm.conf|munge/munge.socket)" || true); do
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done
rm -rf "$STATE"
mkdir -p "$STATE"/{etc,run,log,ctld,spool,munge,key,jobs}

# --- Install (skipped when everything is there). ----------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
  || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  # Packages must not start their services: this script starts its own daemons.
  created_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  installed=0
  timeout 600 apt-get update -qq \
    && timeout 900 apt-get install -y -qq --no-install-recommends slurm-wlm munge >"$STATE/log/apt.log" 2>&1 \
    && installed=1
  if ((created_policy)); then rm -f /usr/sbin/policy-rc.d; fi
  ((installed)) || { tail -n 50 "$STATE/log/apt.log" 2>/dev/null; say "installing failed"; exit 1; }
fi

# --- Cleanup on any exit: cancel our jobs, stop our daemons; logs when something failed. ------
JOBS=()
PASSED=0
cleanup() {
  local rc=$?
  set +e
  if ((rc != 0)); then
    say "FAILED (exit $rc); logs follow"
    for f in "$STATE"/log/*.log "$STATE"/jobs/*.out; do
      [[ -f $f ]] || continue
      echo "---- $f (last 60 lines)"
      tail -n 60 "$f"
    done
    echo "---- sinfo / squeue"
    timeout 10 sinfo -N -l
    timeout 10 squeue -a
  fi
  if ((${#JOBS[@]})); then timeout 10 scancel "${JOBS[@]}" 2>/dev/null; fi
  for daemon in slurmd slurmctld munged; do
    stop_pidfile "$STATE/run/$daemon.pid"
  done
  say "daemons stopped; $((SECONDS - START)) s in all"
  # The plain closing line CI reads: the comparisons and checks above.
  if ((rc == 0)); then echo "slurm-test: $PASSED passed, 0 failed"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# --- munged with its own key and socket. ------------------------------------------------------
# The key private; the socket's directory open to all, as munged wants it.
chmod 700 "$STATE/key"
chmod 755 "$STATE/munge"
head -c 1024 /dev/urandom >"$STATE/key/munge.key"
chmod 400 "$STATE/key/munge.key"
SOCKET=$STATE/munge/munge.socket
munged --force --key-file="$STATE/key/munge.key" --socket="$SOCKET" --pid-file="$STATE/run/munged.pid" \
  --log-file="$STATE/log/munged.log" --seed-file="$STATE/key/munged.seed" 9>&-
for _ in $(seq 50); do [[ -S $SOCKET ]] && break; sleep 0.1; done
munge --socket="$SOCKET" -n | unmunge --socket="$SOCKET" >/dev/null
say "munged is up"

# --- A one-node cluster on localhost. ---------------------------------------------------------
# No systemd and no cgroups here: process tracking by /proc, no task plugin, no accounting.
export SLURM_CONF=$STATE/etc/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=hpci
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/run/slurmctld.pid
SlurmdPidFile=$STATE/run/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
SchedulerParameters=sched_interval=2
MinJobAge=300
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1024 State=UNKNOWN
PartitionName=ci Nodes=$HOST Default=YES MaxTime=30 State=UP
EOF
slurmctld -c -f "$SLURM_CONF" 9>&-
slurmd -f "$SLURM_CONF" 9>&-
for _ in $(seq 120); do
  state=$(timeout 5 sinfo -h -n "$HOST" -o %t 2>/dev/null || true)
  [[ $state == idle ]] && break
  sleep 0.5
done
if [[ ${state:-} != idle ]]; then
  say "node $HOST is '${state:-unknown}', not idle, after 60 s"
  timeout 5 sinfo -R || true
  exit 1
fi
say "$(sinfo -V) and $(munged --version 2>&1 | head -n 1) are up; node $HOST idle with $(nproc) CPUs"

# --- The example, built once; the local reference runs. ---------------------------------------
say "cargo build --release --example caviar"
cargo build --release --example caviar
# A study is opened with the flags it was made with: the pruner is part of its identity.
canonical() { local dir=$1; shift; "$CAVIAR" --quick --canonical --dir "$dir" "$@"; }
"$CAVIAR" --quick --no-prune --workers 2 --dir "$STATE/local-noprune" >"$STATE/log/local-noprune.txt"
"$CAVIAR" --quick --workers 2 --dir "$STATE/local-prune" >"$STATE/log/local-prune.txt"
canonical "$STATE/local-noprune" --no-prune >"$STATE/local-noprune.jsonl"
canonical "$STATE/local-prune" >"$STATE/local-prune.jsonl"

# --- The job arrays. --------------------------------------------------------------------------
# Waits for a job to leave the queue, at most $2 seconds.
wait_job() {
  local job=$1 limit=$2 t0=$SECONDS
  while [[ -n $(timeout 10 squeue -h -j "$job" -o %i 2>/dev/null || echo pending) ]]; do
    if ((SECONDS - t0 > limit)); then
      say "job $job still queued or running after $limit s"
      exit 1
    fi
    sleep 1
  done
}
submit() { # submit NAME ARRAY ARGS...: prints the job id
  local name=$1 array=$2
  shift 2
  sbatch --parsable --job-name="$name" --array="$array" --chdir="$ROOT" --mem=64M --time=5 \
    --output="$STATE/jobs/$name-%a.out" --export=ALL,CAVIAR_BIN="$CAVIAR" \
    examples/slurm/caviar.sbatch --quick "$@"
}
# Every task wrote its output, ran its own index from SLURM_ARRAY_TASK_ID, and finished a trial.
check_tasks() { # check_tasks NAME INDICES...
  local name=$1 i
  shift
  for i in "$@"; do
    grep -q "trial $i (SLURM_ARRAY_TASK_ID=$i) " "$STATE/jobs/$name-$i.out" \
      || { say "task $i of $name did not report its trial"; exit 1; }
  done
}
same() { # same EXPECTED ACTUAL WHAT
  if ! cmp -s "$1" "$2"; then
    say "$3: the merged study differs from the local run"
    diff <(cut -c1-400 "$1") <(cut -c1-400 "$2") || true
    exit 1
  fi
  say "$3: $(wc -l <"$2") trials, identical to the local run"
  PASSED=$((PASSED + 1))
}

t0=$SECONDS
parallel=$(submit parallel "0-$((TRIALS - 1))" --no-prune --dir "$STATE/slurm-noprune")
JOBS+=("$parallel")
ordered=$(submit ordered "0-$((TRIALS - 1))%1" --dir "$STATE/slurm-prune")
JOBS+=("$ordered")
say "submitted array jobs $parallel (no pruning, all at once) and $ordered (pruning, one at a time)"
wait_job "$parallel" 180
say "array $parallel finished in $((SECONDS - t0)) s"
wait_job "$ordered" 300
say "array $ordered finished in $((SECONDS - t0)) s"
check_tasks parallel $(seq 0 $((TRIALS - 1)))
check_tasks ordered $(seq 0 $((TRIALS - 1)))
# slurmctld keeps finished jobs for MinJobAge: every task must have completed with exit code 0.
for job in "$parallel" "$ordered"; do
  states=$(timeout 10 scontrol -o show job "$job" | grep -o 'JobState=[A-Z_]* .*ExitCode=[0-9:]*' \
    | sed 's/JobState=\([A-Z_]*\) .*ExitCode=\([0-9:]*\)/\1 \2/' | sort | uniq -c)
  [[ $(echo "$states" | awk '{print $2, $3}' | sort -u) == "COMPLETED 0:0" ]] \
    || { say "job $job: tasks did not all complete with exit code 0:"; echo "$states"; exit 1; }
done

canonical "$STATE/slurm-noprune" --no-prune >"$STATE/slurm-noprune.jsonl"
canonical "$STATE/slurm-prune" >"$STATE/slurm-prune.jsonl"
[[ $(wc -l <"$STATE/local-noprune.jsonl") == "$TRIALS" ]] || { say "the local run has not $TRIALS trials"; exit 1; }
same "$STATE/local-noprune.jsonl" "$STATE/slurm-noprune.jsonl" "array without pruning"
grep -q '"status":{"pruned"' "$STATE/local-prune.jsonl" \
  || { say "the pruned variant pruned nothing: it would not test the pruner's decisions"; exit 1; }
same "$STATE/local-prune.jsonl" "$STATE/slurm-prune.jsonl" "array with pruning (%1)"

# --- Model-based search across tasks. ---------------------------------------------------------
# TPE with the caviar's default lag of 4: task i waits until trials 0..=i-4 are stored, then
# proposes trials i-3..=i itself; the merged array must equal the local run with 2 workers.
# Without pruning: on a cluster a pruner sees what has finished, which depends on timing.
TPE_TRIALS=16
"$CAVIAR" --quick --no-prune --sampler tpe --trials $TPE_TRIALS --workers 2 --dir "$STATE/local-tpe" \
  >"$STATE/log/local-tpe.txt"
canonical "$STATE/local-tpe" --no-prune --sampler tpe --trials $TPE_TRIALS >"$STATE/local-tpe.jsonl"
t0=$SECONDS
tpe=$(submit tpe "0-$((TPE_TRIALS - 1))" --no-prune --sampler tpe --trials $TPE_TRIALS --dir "$STATE/slurm-tpe")
JOBS+=("$tpe")
wait_job "$tpe" 300
say "TPE array $tpe finished in $((SECONDS - t0)) s"
check_tasks tpe $(seq 0 $((TPE_TRIALS - 1)))
canonical "$STATE/slurm-tpe" --no-prune --sampler tpe --trials $TPE_TRIALS >"$STATE/slurm-tpe.jsonl"
[[ $(wc -l <"$STATE/local-tpe.jsonl") == "$TPE_TRIALS" ]] || { say "the local TPE run has not $TPE_TRIALS trials"; exit 1; }
same "$STATE/local-tpe.jsonl" "$STATE/slurm-tpe.jsonl" "TPE array (lag 4)"

# --- Resubmitting lost tasks. -----------------------------------------------------------------
rm "$STATE"/slurm-noprune/trials/00000002.json "$STATE"/slurm-noprune/trials/00000005.json
missing=$("$CAVIAR" --quick --no-prune --missing --dir "$STATE/slurm-noprune")
[[ $missing == "2,5" ]] || { say "--missing printed '$missing', expected '2,5'"; exit 1; }
resume=$(submit resume "$missing" --no-prune --dir "$STATE/slurm-noprune")
JOBS+=("$resume")
wait_job "$resume" 120
check_tasks resume 2 5
canonical "$STATE/slurm-noprune" --no-prune >"$STATE/slurm-resumed.jsonl"
same "$STATE/local-noprune.jsonl" "$STATE/slurm-resumed.jsonl" "resubmitted indices $missing"
[[ -z $("$CAVIAR" --quick --no-prune --missing --dir "$STATE/slurm-noprune" 2>/dev/null) ]]

# --- The report step merges, exports and plots. -----------------------------------------------
"$CAVIAR" --quick --report --dir "$STATE/slurm-prune" >"$STATE/log/report.txt"
for f in trials.csv trials.jsonl learning_curves.svg values_by_param.svg parallel_coordinates.svg; do
  [[ -s $STATE/slurm-prune/$f ]] || { say "--report did not write $f"; exit 1; }
done
PASSED=$((PASSED + 1))
say "--report merged, exported and plotted; top of the merged study:"
sed -n 3,7p "$STATE/log/report.txt"
say "passed"
