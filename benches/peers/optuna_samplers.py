"""Optuna's side of benches/peers/samplers.sh (BENCHMARKS.md section 6).

    python optuna_samplers.py quality SEEDS [FIRST]  # one JSON line per run: the best value after each trial
    python optuna_samplers.py cost            # one JSON line: microseconds per ask + suggests + tell

The objectives are those of ../shared/objectives/README.md, written as specified there, and hp's
conditional `optimizers` space (benches/samplers/objectives.rs), suggested the way an Optuna user
writes a conditional space: the optimizer first, then its own parameters under their own names.
"""

import json
import math
import statistics
import sys
import time
import warnings

import optuna
from optuna.distributions import FloatDistribution, IntDistribution

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
warnings.filterwarnings("ignore", category=FutureWarning)


def sq(v):
    return v * v


def lecture(t):
    lr = t.suggest_float("lr", 1e-4, 1.0, log=True)
    omb = t.suggest_float("one_minus_beta", 1e-3, 1e-1, log=True)
    hidden = t.suggest_int("hidden_units", 50, 100)
    layers = t.suggest_int("layers", 2, 4)
    a = math.log10(lr) - math.log10(0.003)
    b = math.log10(omb) - (-2.0)
    u = (hidden - 80) / 25.0
    return sq(a) + 0.5 * sq(b) + sq(u) * 0.3 + 0.2 * abs(layers - 3)


def branin(t):
    x1 = t.suggest_float("x1", -5.0, 10.0)
    x2 = t.suggest_float("x2", 0.0, 15.0)
    b = 5.1 / (4.0 * math.pi * math.pi)
    c = 5.0 / math.pi
    tt = 1.0 / (8.0 * math.pi)
    y = x2 - b * x1 * x1 + c * x1 - 6.0
    return 1.0 * sq(y) + 10.0 * (1.0 - tt) * math.cos(x1) + 10.0


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [
    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
    [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
    [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
]


def hartmann6(t):
    x = [t.suggest_float(f"x{j}", 0.0, 1.0) for j in range(6)]
    total = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(6):
            inner += A[i][j] * sq(x[j] - P[i][j])
        total += ALPHA[i] * math.exp(-inner)
    return -total


def optimizers(t):
    l10 = math.log10
    units = t.suggest_int("units", 16, 1024, log=True)
    layers = t.suggest_int("layers", 1, 4)
    shared = 0.3 * sq((l10(units) - l10(128.0)) / l10(2.0) / 3.0) + 0.1 * abs(layers - 2)
    opt = t.suggest_categorical("optimizer", ["Sgd", "Momentum", "Adam"])
    if opt == "Sgd":
        lr = t.suggest_float("sgd_lr", 1e-4, 1.0, log=True)
        own = 0.6 + sq(l10(lr) + 1.0)
    elif opt == "Momentum":
        lr = t.suggest_float("momentum_lr", 1e-4, 1.0, log=True)
        omb = t.suggest_float("momentum_one_minus_beta", 1e-3, 1e-1, log=True)
        own = 0.3 + sq(l10(lr) + 2.0) + 0.5 * sq(l10(omb) + 2.0)
    else:
        lr = t.suggest_float("adam_lr", 1e-5, 1e-1, log=True)
        omb2 = t.suggest_float("adam_one_minus_beta2", 1e-4, 1e-1, log=True)
        eps = t.suggest_float("adam_eps", 1e-10, 1e-4, log=True)
        own = sq(l10(lr) + 3.0) + 0.5 * sq(l10(omb2) + 3.0) + 0.1 * sq(l10(eps) + 8.0)
    return shared + own


OBJECTIVES = [("lecture", lecture, 100), ("branin", branin, 100), ("hartmann6", hartmann6, 200), ("optimizers", optimizers, 100)]


def quality(seeds, first=0):
    for seed in range(first, first + seeds):
        for name, f, n in OBJECTIVES:
            samplers = [("tpe", optuna.samplers.TPESampler(seed=seed))]
            if name == "optimizers":
                samplers.append(("tpe-group", optuna.samplers.TPESampler(seed=seed, multivariate=True, group=True)))
            for label, sampler in samplers:
                study = optuna.create_study(sampler=sampler)
                study.optimize(f, n_trials=n)
                best, out = math.inf, []
                for tr in study.trials:
                    if tr.value is not None:
                        best = min(best, tr.value)
                    out.append(best)
                print(json.dumps({"impl": "optuna", "version": optuna.__version__, "sampler": label,
                                  "objective": name, "seed": seed, "best": out}), flush=True)


def wide(t):
    """hp's 10-parameter cost space (benches/samplers/main.rs, `Wide`)."""
    v = [t.suggest_float("lr", 1e-4, 1.0, log=True), t.suggest_float("one_minus_beta", 1e-3, 1e-1, log=True),
         t.suggest_int("hidden_units", 50, 100), t.suggest_int("layers", 2, 4),
         t.suggest_float("weight_decay", 1e-6, 1e-2, log=True), t.suggest_float("eps", 1e-10, 1e-6, log=True),
         t.suggest_float("dropout", 0.0, 0.5), t.suggest_float("label_smoothing", 0.0, 0.3),
         t.suggest_int("batch", 16, 1024, log=True), t.suggest_int("warmup", 1, 10)]
    return sum(math.log1p(abs(x)) for x in v)


def ask_cost(f, n):
    """Median microseconds of 21 ask + suggests + tell of TPE after n finished (random) trials."""
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=1))
    study.optimize(f, n_trials=n)
    study.sampler = optuna.samplers.TPESampler(seed=7)
    times = []
    for _ in range(21):
        start = time.perf_counter()
        trial = study.ask()
        study.tell(trial, f(trial))
        times.append((time.perf_counter() - start) * 1e6)
    return statistics.median(times)


def cost():
    out = {"impl": "optuna", "version": optuna.__version__, "unit": "us/ask"}
    for n in (100, 300, 1000):
        out[f"d4@{n}"] = round(ask_cost(lecture, n), 2)
        out[f"d10@{n}"] = round(ask_cost(wide, n), 2)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "quality"
    if mode == "cost":
        cost()
    else:
        quality(int(sys.argv[2]) if len(sys.argv) > 2 else 20, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
