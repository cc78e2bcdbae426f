"""Optuna's TPE (and its random sampler) on the same problems, budget and seeds as SweepBench.

Run inside a venv with optuna installed (bench/sweeps/compare.sh makes one). Prints the median best value per
sampler and writes every seed's best to bench/sweeps/results-optuna.json.
"""
import json
import math
import statistics
import sys
import time

import optuna

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def branin(trial):
    x1 = trial.suggest_float("x1", -5, 10)
    x2 = trial.suggest_float("x2", 0, 15)
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(trial):
    x = [trial.suggest_float(f"x{j + 1}", 0, 1) for j in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def quantiles(values):
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], statistics.median(values), q[2]


def main():
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    results = {}
    for name, objective in (("branin", branin), ("hartmann6", hartmann6)):
        results[name] = {}
        for label, make in (("optuna-tpe", lambda s: optuna.samplers.TPESampler(seed=s)),
                            ("optuna-random", lambda s: optuna.samplers.RandomSampler(seed=s))):
            started = time.time()
            bests = []
            for seed in range(seeds):
                study = optuna.create_study(direction="minimize", sampler=make(seed))
                study.optimize(objective, n_trials=trials)
                bests.append(study.best_value)
            q1, median, q3 = quantiles(bests)
            print(f"{name:<10} {label:<13} median best {median:.5f}  (q1 {q1:.5f}, q3 {q3:.5f})  "
                  f"{time.time() - started:.1f} s")
            results[name][label] = bests
    results["optuna_version"] = optuna.__version__
    with open("bench/sweeps/results-optuna.json", "w") as out:
        json.dump(results, out, indent=2)
    print("optuna", optuna.__version__, "- per-seed bests written to bench/sweeps/results-optuna.json")


if __name__ == "__main__":
    main()
