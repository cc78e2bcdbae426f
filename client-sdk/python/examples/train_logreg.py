"""Logistic regression in pure Python on generated data, logged to Sextant. No third-party packages.

    SEXTANT_URL=http://127.0.0.1:5055 python examples/train_logreg.py --epochs 20

Prints the run id; open the run in the UI to see train/loss, train/acc and eval/acc per step.
"""
import argparse
import math
import random
import tempfile
from pathlib import Path

import sextant


def make_data(n, features, seed):
    """Two Gaussian blobs, linearly separable up to noise; returns (rows, labels)."""
    rng = random.Random(seed)
    true_w = [rng.uniform(-2, 2) for _ in range(features)]
    rows, labels = [], []
    for _ in range(n):
        x = [rng.gauss(0, 1) for _ in range(features)]
        margin = sum(w * v for w, v in zip(true_w, x)) + rng.gauss(0, 0.5)
        rows.append(x)
        labels.append(1 if margin > 0 else 0)
    return rows, labels


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def evaluate(weights, bias, rows, labels):
    loss = correct = 0
    for x, y in zip(rows, labels):
        p = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias)
        loss -= math.log(max(p, 1e-12)) if y else math.log(max(1 - p, 1e-12))
        correct += (p >= 0.5) == bool(y)
    return loss / len(rows), correct / len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--experiment", default="logreg-example")
    args = parser.parse_args()

    rows, labels = make_data(args.samples, args.features, seed=42)
    split = int(0.8 * len(rows))
    train, test = list(zip(rows[:split], labels[:split])), (rows[split:], labels[split:])
    config = {"lr": args.lr, "epochs": args.epochs, "batch_size": args.batch_size,
              "data": {"samples": args.samples, "features": args.features, "seed": 42}}

    with sextant.start_run(experiment=args.experiment, config=config, tags={"model": "logreg"}) as run:
        print(f"run {run.run_id}", flush=True)
        weights, bias, step = [0.0] * args.features, 0.0, 0
        rng = random.Random(0)
        for epoch in range(args.epochs):
            rng.shuffle(train)
            for start in range(0, len(train), args.batch_size):
                batch = train[start:start + args.batch_size]
                grad_w, grad_b, loss, correct = [0.0] * args.features, 0.0, 0.0, 0
                for x, y in batch:
                    p = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias)
                    loss -= math.log(max(p, 1e-12)) if y else math.log(max(1 - p, 1e-12))
                    correct += (p >= 0.5) == bool(y)
                    for i, v in enumerate(x):
                        grad_w[i] += (p - y) * v
                    grad_b += p - y
                weights = [w - args.lr * g / len(batch) for w, g in zip(weights, grad_w)]
                bias -= args.lr * grad_b / len(batch)
                run.log({"train/loss": loss / len(batch), "train/acc": correct / len(batch), "epoch": epoch}, step=step)
                step += 1
            eval_loss, eval_acc = evaluate(weights, bias, *test)
            run.log({"eval/loss": eval_loss, "eval/acc": eval_acc}, step=step - 1)
            print(f"epoch {epoch}: eval loss {eval_loss:.4f}, acc {eval_acc:.3f}", flush=True)

        with tempfile.TemporaryDirectory() as folder:
            model = Path(folder) / "weights.txt"
            model.write_text("\n".join(f"{w:.6f}" for w in weights + [bias]) + "\n")
            try:
                run.log_artifact(model, artifact_path="model")
            except sextant.ApiError as error:  # servers without the artifact endpoint
                print(f"artifact not uploaded: {error}")
        run.set_tags({"final_eval_acc": f"{eval_acc:.3f}"})


if __name__ == "__main__":
    main()
