"""Reads the JSON lines of benches/peers/multi_objective.sh and prints BENCHMARKS.md section 8's
tables: the hypervolume of each run's trials after each budget (median and interquartile range per
sampler), hp's NSGA-II against Optuna's with a bootstrap interval, and the cost per ask with the
ratio Optuna / hp per round; writes an SVG of the median hypervolume gap against trials. Every
hypervolume is computed here, by one function, for hp's and Optuna's runs alike. Standard library
only.

    python3 multi_objective_report.py RUNS.jsonl COST.jsonl SVG_PATH
"""

import json
import statistics
import sys
from collections import defaultdict

from samplers_report import band_plot, median_difference, quantiles

# ZDT1, both objectives minimized; the reference point bounds f1 <= 1 and f2 <= g <= 10.
REFERENCE = (1.1, 11.0)
# The hypervolume of ZDT1's Pareto front (f2 = 1 - sqrt(f1)) against REFERENCE:
# 1.1 * 11 - the area under the front, int_0^1 (1 - sqrt(f)) df = 1/3.
OPTIMUM = 1.1 * 11.0 - 1.0 / 3.0
BUDGETS = [250, 500, 1000]
ORDER = ["optuna nsga2", "hp nsga2", "optuna random", "hp random"]
COLORS = {"optuna nsga2": "#d62728", "hp nsga2": "#1f77b4", "optuna random": "#ff9896", "hp random": "#7f7f7f"}


def hypervolume(points):
    """The area dominated by `points` (two losses) inside the box below REFERENCE: a staircase sweep."""
    inside = sorted(p for p in points if p[0] < REFERENCE[0] and p[1] < REFERENCE[1])
    area, ceiling = 0.0, REFERENCE[1]
    for x, y in inside:
        if y < ceiling:
            area += (REFERENCE[0] - x) * (ceiling - y)
            ceiling = y
    return area


def load(path):
    runs = defaultdict(list)  # "impl sampler" -> [hypervolume after every 10 trials]
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                row = json.loads(line)
                f_ = row["f"]
                runs[f'{row["impl"]} {row["sampler"]}'].append([hypervolume(f_[:t]) for t in range(10, len(f_) + 1, 10)])
    return runs


def at(curve, budget):
    return curve[budget // 10 - 1]


def tables(runs):
    print(f"#### Hypervolume on ZDT1 (30 variables; reference {REFERENCE}, the front's {OPTIMUM:.4f}); median [IQR] over seeds\n")
    print("| sampler | seeds | " + " | ".join(f"{b} trials" for b in BUDGETS) + " |")
    print("|---|---|" + "---|" * len(BUDGETS))
    for name in [n for n in ORDER if n in runs]:
        cells = []
        for b in BUDGETS:
            q1, med, q3 = quantiles([at(c, b) for c in runs[name]])
            cells.append(f"{med:.3f} [{q1:.3f}, {q3:.3f}]")
        print(f"| {name} | {len(runs[name])} | " + " | ".join(cells) + " |")
    if "hp nsga2" in runs and "optuna nsga2" in runs:
        print("\n#### hp's NSGA-II against Optuna's (median difference, 95 % bootstrap interval; higher is better)\n")
        print("| trials | hp | Optuna | hp − Optuna [95 % interval] | reading |")
        print("|---|---|---|---|---|")
        for b in BUDGETS:
            hp = [at(c, b) for c in runs["hp nsga2"]]
            other = [at(c, b) for c in runs["optuna nsga2"]]
            d, lo, hi = median_difference(hp, other)
            reading = "no significant difference" if lo <= 0 <= hi else ("hp higher" if lo > 0 else "Optuna higher")
            print(f"| {b} | {statistics.median(hp):.3f} | {statistics.median(other):.3f} | {d:+.3f} [{lo:+.3f}, {hi:+.3f}] | {reading} |")


def cost_table(path):
    rounds = defaultdict(list)
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                row = json.loads(line)
                rounds[row["impl"]].append(row["nsga2@1000"])
    h, o = statistics.median(rounds["hp"]), statistics.median(rounds["optuna"])
    ratios = [ov / hv for hv, ov in zip(rounds["hp"], rounds["optuna"])]
    print("\n#### Cost per ask at trial 1,000 (µs; median over rounds, then Optuna / hp)\n")
    print("| hp NSGA-II | Optuna NSGA-II | Optuna / hp |")
    print("|---|---|---|")
    print(f"| {h:,.0f} | {o:,.0f} | {o / h:.0f}× (rounds: {', '.join(f'{r:.0f}' for r in ratios)}) |")


def svg(runs, path):
    curves = {}
    for name in [n for n in ORDER if n in runs]:
        n = len(runs[name][0])
        curves[name] = [quantiles([max(OPTIMUM - c[t], 1e-6) for c in runs[name]]) for t in range(n)]
    # 1, 2 and 5 in each decade: the gaps span about one.
    def ticks(lo, hi):
        return [(m * 10.0**e, f"{m * 10.0**e:g}") for e in range(lo, hi + 1) for m in (1, 2, 5) if m * 10.0**e <= 10.0**hi]
    title = "ZDT1: hypervolume gap to the Pareto front (median, IQR band) against trials, log scale"
    x_ticks = [(trials // 10 - 1, str(trials)) for trials in (10, 250, 500, 750, 1000)]
    counts = {name: len(runs[name]) for name in curves}
    band_plot(path, title, curves, counts, COLORS, x_ticks, y_ticks=ticks, right=200)


if __name__ == "__main__":
    runs = load(sys.argv[1])
    tables(runs)
    if len(sys.argv) > 2 and sys.argv[2] != "-":
        cost_table(sys.argv[2])
    if len(sys.argv) > 3:
        svg(runs, sys.argv[3])
