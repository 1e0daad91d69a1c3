"""Hyperopt's side of benches/peers/run.sh: microseconds per config of the lecture's space.

Through the public API, `fmin` with `rand.suggest` and `tpe.suggest`, an in-memory `Trials`, and
an objective that does nothing: the cost per config is fmin's time over the number of
evaluations. TPE's cost grows with the history, so it is timed over two budgets (100 and 300
evaluations; the figure is the mean over all of them). Prints one JSON line.
"""

import json
import math
import sys
import time

import numpy as np
from hyperopt import Trials, fmin, hp, rand, tpe

SPACE = {
    # α log-uniform on [1e-4, 1]; 1-β log-uniform on [0.001, 0.1]; integers uniform.
    "alpha": hp.loguniform("alpha", math.log(1e-4), math.log(1.0)),
    "one_minus_beta": hp.loguniform("one_minus_beta", math.log(1e-3), math.log(0.1)),
    "hidden_units": hp.uniformint("hidden_units", 50, 100),
    "layers": hp.uniformint("layers", 2, 4),
}


def objective(cfg):
    return math.log10(cfg["alpha"]) + cfg["one_minus_beta"] + cfg["hidden_units"] / 100 + cfg["layers"]


def us_per_config(algo, n):
    start = time.perf_counter()
    fmin(
        objective,
        SPACE,
        algo=algo,
        max_evals=n,
        trials=Trials(),
        rstate=np.random.default_rng(0),
        show_progressbar=False,
    )
    return (time.perf_counter() - start) * 1e6 / n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    import hyperopt

    out = {"peer": "hyperopt", "version": hyperopt.__version__, "unit": "us/config", "trials": n}
    out["rand"] = round(us_per_config(rand.suggest, n), 2)
    for budget in (100, 300):
        out[f"tpe@{budget}"] = round(us_per_config(tpe.suggest, budget), 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
