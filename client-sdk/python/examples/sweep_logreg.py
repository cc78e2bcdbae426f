"""A Bayesian sweep over a pure-Python logistic regression, run by the server. No third-party packages.

    SEXTANT_URL=http://127.0.0.1:5055 python examples/sweep_logreg.py --count 12

Creates a sweep (or joins --sweep SWEEP_ID, so several machines can share one) and runs trials in this process:
the server picks each trial's learning rate, batch size and L2 weight, and stops clearly worse trials early
(hyperband on eval/loss). Prints the sweep id and the best trial; the sweep's page in the UI shows the rest.
"""
import argparse
import math
import random

import sextant

SWEEP = {
    "method": "bayes",
    "metric": {"name": "eval/loss", "goal": "minimize"},
    "parameters": {
        "lr": {"distribution": "log_uniform", "min": 1e-3, "max": 3.0},
        "batch_size": {"values": [16, 32, 64]},
        "l2": {"distribution": "log_uniform", "min": 1e-5, "max": 1e-1},
        "data.features": {"value": 8},
    },
    "early_terminate": {"type": "hyperband", "min_iter": 2, "eta": 2},
}


def make_data(n, features, seed):
    rng = random.Random(seed)
    true_w = [rng.uniform(-2, 2) for _ in range(features)]
    rows, labels = [], []
    for _ in range(n):
        x = [rng.gauss(0, 1) for _ in range(features)]
        labels.append(1 if sum(w * v for w, v in zip(true_w, x)) + rng.gauss(0, 0.8) > 0 else 0)
        rows.append(x)
    return rows, labels


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def loss_of(weights, bias, rows, labels):
    total = 0.0
    for x, y in zip(rows, labels):
        p = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias)
        total -= math.log(max(p, 1e-12)) if y else math.log(max(1 - p, 1e-12))
    return total / len(rows)


def train(config, epochs=8, samples=600):
    """One trial: the agent calls this with the trial's config; start_run() attaches to the trial's run."""
    features = config["data"]["features"]
    rows, labels = make_data(samples, features, seed=1)
    split = samples * 3 // 4
    weights, bias = [0.0] * features, 0.0
    rng = random.Random(0)
    with sextant.start_run() as run:
        order = list(range(split))
        for epoch in range(epochs):
            rng.shuffle(order)
            for start in range(0, split, config["batch_size"]):
                batch = order[start:start + config["batch_size"]]
                grad_w, grad_b = [0.0] * features, 0.0
                for i in batch:
                    error = sigmoid(sum(w * v for w, v in zip(weights, rows[i])) + bias) - labels[i]
                    grad_w = [g + error * v for g, v in zip(grad_w, rows[i])]
                    grad_b += error
                weights = [w - config["lr"] * (g / len(batch) + config["l2"] * w) for w, g in zip(weights, grad_w)]
                bias -= config["lr"] * grad_b / len(batch)
            run.log({"eval/loss": loss_of(weights, bias, rows[split:], labels[split:])}, step=epoch)
            run.flush()  # so the server judges this epoch at the next heartbeat
            if run.should_stop():
                break  # finishing now records the trial as KILLED, with the reason as a tag


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sweep", help="join this sweep instead of creating one")
    parser.add_argument("--count", type=int, default=12, help="trials to run in this process")
    args = parser.parse_args()
    client = sextant.Client()
    sweep_id = args.sweep or client.create_sweep(SWEEP, name="logreg-sweep")["sweep_id"]
    print("sweep", sweep_id)
    sextant.agent(sweep_id, train, count=args.count)
    sweep = client.get_sweep(sweep_id)
    print("best run", sweep["best_run_id"], "eval/loss", sweep["best_value"], "counts", sweep["counts"])


if __name__ == "__main__":
    main()
