"""Reads the JSON lines of benches/peers/samplers.sh and prints BENCHMARKS.md's tables (median and
interquartile range of the best value after each budget, per sampler and objective; hp TPE's median
against Optuna's at the target budgets with a bootstrap interval; cost per ask with the ratio
Optuna / hp per round), and writes one SVG per objective: the median best-so-far
regret against trials, with the IQR as a band, per sampler. Standard library only.

    python3 samplers_report.py QUALITY.jsonl COST.jsonl SVG_DIR
"""

import json
import random
import statistics
import sys
from collections import defaultdict

MINIMA = {"lecture": 0.0, "branin": 0.39788735772973816, "hartmann6": -3.3223680114155125, "optimizers": 0.0}
BUDGETS = {"lecture": [25, 50, 100], "branin": [25, 50, 100], "hartmann6": [25, 50, 100, 200], "optimizers": [25, 50, 100]}
ORDER = ["optuna tpe", "optuna tpe-group", "hp tpe", "hp tpe-random-startup", "hp tpe-univariate", "hp sobol", "hp random"]
COLORS = {"optuna tpe": "#d62728", "optuna tpe-group": "#ff7f0e", "hp tpe": "#1f77b4", "hp tpe-random-startup": "#17becf",
          "hp tpe-univariate": "#9467bd", "hp sobol": "#2ca02c", "hp random": "#7f7f7f"}


def quantiles(xs):
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], statistics.median(xs), q[2]


def load_quality(path):
    runs = defaultdict(lambda: defaultdict(list))  # objective -> sampler -> [best lists]
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                row = json.loads(line)
                runs[row["objective"]][f'{row["impl"]} {row["sampler"]}'].append(row["best"])
    return runs


def fmt(v):
    return f"{v:.4g}"


def quality_tables(runs):
    for objective, samplers in runs.items():
        budgets = BUDGETS[objective]
        print(f"\n#### `{objective}` (median [Q1, Q3] of the best value; seeds)\n")
        print("| sampler | seeds | " + " | ".join(f"best@{b}" for b in budgets) + " |")
        print("|---|---|" + "---|" * len(budgets))
        for name in [n for n in ORDER if n in samplers]:
            lists = samplers[name]
            cells = []
            for b in budgets:
                q1, med, q3 = quantiles([best[b - 1] for best in lists])
                cells.append(f"{fmt(med)} [{fmt(q1)}, {fmt(q3)}]")
            print(f"| {name} | {len(lists)} | " + " | ".join(cells) + " |")


TARGETS = {"lecture": [50, 100], "branin": [50, 100], "hartmann6": [200], "optimizers": [50, 100]}


def median_difference(a, b, resamples=10000, seed=0):
    """The median of a less the median of b, and a 95 % percentile-bootstrap interval for it
    (resampling each side's seeds with replacement; a fixed seed, so the report is reproducible)."""
    rng = random.Random(seed)
    diffs = sorted(statistics.median(rng.choices(a, k=len(a))) - statistics.median(rng.choices(b, k=len(b)))
                   for _ in range(resamples))
    return statistics.median(a) - statistics.median(b), diffs[int(0.025 * resamples)], diffs[int(0.975 * resamples) - 1]


def target_table(runs):
    """hp TPE against Optuna's TPE at the issue's target budgets: is hp's median at or below?"""
    print("\n#### hp TPE's median against Optuna's at the target budgets (difference, 95 % bootstrap interval)\n")
    print("| objective | budget | against | hp TPE | Optuna | hp − Optuna [95 % interval] | reading |")
    print("|---|---|---|---|---|---|---|")
    for objective, budgets in TARGETS.items():
        samplers = runs.get(objective, {})
        for peer in ("optuna tpe", "optuna tpe-group"):
            if "hp tpe" not in samplers or peer not in samplers:
                continue
            for b in budgets:
                hp = [best[b - 1] for best in samplers["hp tpe"]]
                other = [best[b - 1] for best in samplers[peer]]
                d, lo, hi = median_difference(hp, other)
                reading = "at or below" if d <= 0 else ("above, not significantly" if lo <= 0 else "above")
                print(f"| {objective} | {b} | {peer} | {fmt(statistics.median(hp))} | {fmt(statistics.median(other))} "
                      f"| {d:+.3g} [{lo:+.3g}, {hi:+.3g}] | {reading} |")


def decades(lo, hi):
    return [(10.0**e, f"1e{e}") for e in range(lo, hi + 1)]


def band_plot(path, title, curves, counts, colors, x_ticks, y_ticks=decades, skip=0, right=240):
    """Writes one SVG: per curve (name -> one (Q1, median, Q3) per step, all above 0), the median as a
    line over the IQR as a band, on a log y axis whose range ignores the first `skip` steps' lows;
    `x_ticks` are (step, label) pairs, `y_ticks(lo, hi)` the (value, label) pairs between two decades."""
    import math
    width, height, left, top, bottom = 780, 420, 70, 40, 50
    n = max(len(rows) for rows in curves.values())
    lo = math.floor(math.log10(min(r[0] for rows in curves.values() for r in rows[skip:])))
    hi = math.ceil(math.log10(max(r[2] for rows in curves.values() for r in rows)))
    x = lambda t: left + (width - left - right) * t / (n - 1)
    y = lambda v: top + (height - top - bottom) * (hi - math.log10(v)) / (hi - lo)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14">{title}</text>']
    for v, label in y_ticks(lo, hi):
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{label}</text>')
    for t, label in x_ticks:
        if t < n:
            out.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>')
            out.append(f'<text x="{x(t):.1f}" y="{height - bottom + 16}" text-anchor="middle">{label}</text>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">trials</text>')
    for k, (name, rows) in enumerate(curves.items()):
        c = colors[name]
        band = " ".join(f"{x(t):.1f},{y(r[2]):.1f}" for t, r in enumerate(rows))
        band += " " + " ".join(f"{x(t):.1f},{y(r[0]):.1f}" for t, r in reversed(list(enumerate(rows))))
        out.append(f'<polygon points="{band}" fill="{c}" fill-opacity="0.12" stroke="none"/>')
        line = " ".join(f"{x(t):.1f},{y(r[1]):.1f}" for t, r in enumerate(rows))
        out.append(f'<polyline points="{line}" fill="none" stroke="{c}" stroke-width="1.8"/>')
        ly = top + 16 * k + 8
        out.append(f'<line x1="{width - right + 12}" x2="{width - right + 32}" y1="{ly}" y2="{ly}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{width - right + 38}" y="{ly + 4}">{name} ({counts[name]})</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def svg(objective, samplers, path):
    n = max(len(b) for lists in samplers.values() for b in lists)
    floor = 1e-6
    curves = {}
    for name in [n_ for n_ in ORDER if n_ in samplers]:
        lists = samplers[name]
        rows = []
        for t in range(n):
            vals = [max(best[t] - MINIMA[objective], floor) for best in lists if t < len(best)]
            rows.append(quantiles(vals))
        curves[name] = rows
    title = f"{objective}: best-so-far regret (median, IQR band) against trials, log scale"
    x_ticks = [(t, str(t + 1)) for t in [0, 24, 49, 99, 149, 199]]
    counts = {name: len(samplers[name]) for name in curves}
    band_plot(path, title, curves, counts, COLORS, x_ticks, skip=4)


def cost_table(path):
    rounds = defaultdict(lambda: defaultdict(list))
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                row = json.loads(line)
                for k, v in row.items():
                    if "@" in k:
                        rounds[row["impl"]][k].append(v)
    print("\n#### Cost per ask (µs; median over rounds, then Optuna / hp)\n")
    print("| finished trials | d | hp TPE | Optuna TPE | Optuna / hp |")
    print("|---|---|---|---|---|")
    for n in (100, 300, 1000):
        for d in (4, 10):
            key = f"d{d}@{n}"
            h = statistics.median(rounds["hp"][key])
            o = statistics.median(rounds["optuna"][key])
            ratios = [ov / hv for hv, ov in zip(rounds["hp"][key], rounds["optuna"][key])]
            print(f"| {n} | {d} | {h:,.0f} | {o:,.0f} | {o / h:.0f}× (rounds: {', '.join(f'{r:.0f}' for r in ratios)}) |")


if __name__ == "__main__":
    runs = load_quality(sys.argv[1])
    quality_tables(runs)
    target_table(runs)
    if len(sys.argv) > 3:
        for objective, samplers in runs.items():
            svg(objective, samplers, f"{sys.argv[3]}/samplers-{objective}.svg")
    if len(sys.argv) > 2 and sys.argv[2] != "-":
        cost_table(sys.argv[2])
