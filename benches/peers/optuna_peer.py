"""Optuna's side of benches/peers/run.sh: microseconds per config of the lecture's space.

One config = ask + 4 suggests + tell, in-memory storage, for RandomSampler and QMCSampler
(scrambled Sobol, Optuna's default QMC). Every trial is timed; the figure at trial k is the
median over trials k-100..k, so the growth of QMC's cost with the trial count shows. Prints one
JSON line.
"""

import json
import math
import statistics
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
# QMCSampler is marked experimental; the warning says nothing about speed.
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def lecture_trial(trial):
    """The lecture's space: α log 1e-4..1, 1-β log 0.001..0.1, hidden 50..100, layers 2..4."""
    alpha = trial.suggest_float("alpha", 1e-4, 1.0, log=True)
    one_minus_beta = trial.suggest_float("one_minus_beta", 1e-3, 0.1, log=True)
    hidden = trial.suggest_int("hidden_units", 50, 100)
    layers = trial.suggest_int("layers", 2, 4)
    # A cheap stand-in objective, so that tell has a value.
    return math.log10(alpha) + one_minus_beta + hidden / 100 + layers


def per_trial_us(sampler, n):
    """Microseconds of ask + 4 suggests + tell for each of n trials."""
    study = optuna.create_study(sampler=sampler)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        trial = study.ask()
        value = lecture_trial(trial)
        study.tell(trial, value)
        times.append((time.perf_counter() - start) * 1e6)
    return times


def at(times, k, width=100):
    """The median over the `width` trials that end at trial k."""
    return statistics.median(times[k - width : k])


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    random_t = per_trial_us(optuna.samplers.RandomSampler(seed=0), n)
    qmc_t = per_trial_us(optuna.samplers.QMCSampler(qmc_type="sobol", scramble=True, seed=0), n)
    out = {"peer": "optuna", "version": optuna.__version__, "unit": "us/config", "trials": n}
    for label, k in [("100", 100), ("1k", 1000), ("4k", 4000)]:
        if k <= n:
            out[f"random@{label}"] = round(at(random_t, k), 2)
            out[f"qmc@{label}"] = round(at(qmc_t, k), 2)
    out["random_median"] = round(statistics.median(random_t), 2)
    out["qmc_median"] = round(statistics.median(qmc_t), 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
