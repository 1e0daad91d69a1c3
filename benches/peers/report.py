"""Reads the JSON lines of benches/peers/run.sh (several alternating rounds per peer), takes the
median of each figure over the rounds, and prints the per-config costs and the ratios peer / hp.
Standard library only: it runs with any python3."""

import json
import statistics
import sys
from collections import defaultdict


def load(path):
    rounds = defaultdict(lambda: defaultdict(list))
    meta = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            row = json.loads(line)
            peer = row.pop("peer")
            meta[peer] = {k: row.pop(k) for k in ("version", "unit", "trials") if k in row}
            for key, value in row.items():
                rounds[peer][key].append(value)
    medians = {p: {k: statistics.median(v) for k, v in kv.items()} for p, kv in rounds.items()}
    counts = {p: max(len(v) for v in kv.values()) for p, kv in rounds.items()}
    return medians, meta, counts


def ns(peer, key, medians, meta):
    """A figure in ns per config, or None if the peer did not report it."""
    value = medians.get(peer, {}).get(key)
    if value is None:
        return None
    return value * 1000 if meta[peer]["unit"] == "us/config" else value


def fmt_ns(x):
    if x is None:
        return "-"
    return f"{x / 1000:,.1f} µs" if x >= 10_000 else f"{x:,.1f} ns"


def main():
    medians, meta, counts = load(sys.argv[1])
    for peer, m in meta.items():
        version = m.get("version", "")
        print(f"{peer} {version}: median of {counts[peer]} round(s)")
    print()
    rows = [
        # (what, peer, key, hp's counterpart)
        ("Optuna RandomSampler, all 4k trials (median)", "optuna", "random_median", "sample_with"),
        ("Optuna RandomSampler, trials 900..1k", "optuna", "random@1k", "random@1k"),
        ("Optuna RandomSampler, trials 3.9k..4k", "optuna", "random@4k", "random@4k"),
        ("Optuna QMCSampler (Sobol), trials 0..100", "optuna", "qmc@100", "sobol@100"),
        ("Optuna QMCSampler (Sobol), trials 900..1k", "optuna", "qmc@1k", "sobol@1k"),
        ("Optuna QMCSampler (Sobol), trials 3.9k..4k", "optuna", "qmc@4k", "sobol@4k"),
        ("Hyperopt rand.suggest (fmin)", "hyperopt", "rand", "random@1k"),
        ("Hyperopt tpe.suggest, mean of 100 evals", "hyperopt", "tpe@100", None),
        ("Hyperopt tpe.suggest, mean of 300 evals", "hyperopt", "tpe@300", None),
    ]
    print(f"{'peer, per config':<44} {'peer':>12} {'hp counterpart':>26} {'hp':>10} {'peer / hp':>12}")
    for what, peer, key, hp_key in rows:
        p = ns(peer, key, medians, meta)
        if p is None:
            continue
        h = ns("hp", hp_key, medians, meta) if hp_key else None
        ratio = f"{p / h:,.0f}x" if h else "-"
        print(f"{what:<44} {fmt_ns(p):>12} {hp_key or '(no TPE in hp)':>26} {fmt_ns(h):>10} {ratio:>12}")
    print()
    print(f"{'hp, per config':<24} {'trials 0..100':>14} {'900..1k':>10} {'3.9k..4k':>10} {'~1M':>10} {'configs/s at 1k':>18}")
    hp = medians.get("hp", {})
    if "sample_with" in hp:
        x = hp["sample_with"]
        print(f"{'sample_with':<24} {fmt_ns(x):>14} {'':>10} {'':>10} {'':>10} {1e9 / x:>18,.0f}")
    for s in ["random", "grid", "sobol", "lhs"]:
        cells = [hp.get(f"{s}@{k}") for k in ("100", "1k", "4k", "1M")]
        if cells[1] is None:
            continue
        shown = " ".join(f"{fmt_ns(c):>10}" for c in cells[1:])
        print(f"{s + ' config(i)':<24} {fmt_ns(cells[0]):>14} {shown} {1e9 / cells[1]:>18,.0f}")
    q1, q4 = ns("optuna", "qmc@1k", medians, meta), ns("optuna", "qmc@4k", medians, meta)
    s1, s4 = hp.get("sobol@1k"), hp.get("sobol@4k")
    if q1 and q4 and s1 and s4:
        print()
        print(f"growth from trial 1k to 4k: Optuna QMC x{q4 / q1:.2f}, hp Sobol x{s4 / s1:.2f}")


if __name__ == "__main__":
    main()
