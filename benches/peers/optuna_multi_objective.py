"""Optuna's side of benches/peers/multi_objective.sh (BENCHMARKS.md section 8).

    python optuna_multi_objective.py zdt1 SEEDS [TRIALS]  # one JSON line per run: both objectives of every trial
    python optuna_multi_objective.py cost                 # one JSON line: microseconds per ask at trial 1,000

ZDT1 with 30 variables in [0, 1], as benches/multi_objective.rs defines it; NSGAIISampler with its
defaults (population 50, uniform crossover, mutation 1/n) and RandomSampler, one sequential study
per seed (n_jobs=1), in memory.
"""

import json
import statistics
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)

D = 30


def zdt1(trial):
    x = [trial.suggest_float(f"x{k}", 0.0, 1.0) for k in range(D)]
    g = 1.0 + 9.0 * sum(x[1:]) / (D - 1)
    return x[0], g * (1.0 - (x[0] / g) ** 0.5)


def sampler(name, seed):
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    return optuna.samplers.RandomSampler(seed=seed)


def runs(seeds, n):
    for seed in range(seeds):
        for name in ("nsga2", "random"):
            study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler(name, seed))
            study.optimize(zdt1, n_trials=n)
            f = [t.values for t in study.trials]
            print(json.dumps({"impl": "optuna", "sampler": name, "problem": "zdt1", "seed": seed, "f": f}), flush=True)


def cost():
    study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler("nsga2", 7))
    study.optimize(zdt1, n_trials=1000)
    times = []
    for _ in range(51):
        t0 = time.perf_counter()
        trial = study.ask()
        x = [trial.suggest_float(f"x{k}", 0.0, 1.0) for k in range(D)]
        times.append((time.perf_counter() - t0) * 1e6)
        study.tell(trial, zdt1(optuna.trial.FixedTrial({f"x{k}": v for k, v in enumerate(x)})))
    print(json.dumps({"impl": "optuna", "unit": "us/ask", "nsga2@1000": round(statistics.median(times), 2)}))


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "zdt1"
    if mode == "zdt1":
        runs(int(sys.argv[2]) if len(sys.argv) > 2 else 30, int(sys.argv[3]) if len(sys.argv) > 3 else 1000)
    elif mode == "cost":
        cost()
    else:
        sys.exit(f"unknown mode {mode!r}; use `zdt1 [SEEDS] [TRIALS]` or `cost`")
