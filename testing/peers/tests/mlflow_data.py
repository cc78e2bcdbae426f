"""Fills an MLflow store (a file store or a server) through the mlflow client, with what an import must carry over."""
from __future__ import annotations

import math
import os
from pathlib import Path

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3 refuses the file store without it
import mlflow  # noqa: E402
from mlflow.entities import Metric, Param, RunTag  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

T0 = 1_700_000_000_000


def fill(tracking_uri: str, scratch: Path) -> MlflowClient:
    """Experiments with tags and a description, nested runs, every status, a deleted run and experiment,
    odd values (NaN, ±inf, two values at one step), keys with '/', a dataset input and nested artifacts."""
    client = MlflowClient(tracking_uri)
    scratch.mkdir(parents=True, exist_ok=True)
    vision = client.create_experiment("vision", tags={"team": "cv", "mlflow.note.content": "image models"})

    parent = client.create_run(vision, run_name="sweep", start_time=T0, tags={"kind": "sweep"})
    pid = parent.info.run_id
    client.log_batch(pid, params=[Param("lr", "0.01"), Param("opt/name", "adam"), Param("layers", "4")],
                     metrics=[Metric("loss", 1.0 / (s + 1), T0 + 10 * s, s) for s in range(200)]
                     + [Metric("train/acc", s / 200, T0 + 10 * s, s) for s in range(200)])
    client.log_batch(pid, metrics=[Metric("odd", v, T0 + i, i) for i, v in enumerate([math.nan, math.inf, -math.inf, 0.0, -0.0, 1e-300])]
                     + [Metric("same_step", v, T0 + 5, 3) for v in (0.5, 0.6)])
    (scratch / "weights.bin").write_bytes(os.urandom(70_000))
    (scratch / "notes.txt").write_text("first try\n")
    client.log_artifact(pid, str(scratch / "weights.bin"), "model")
    client.log_artifact(pid, str(scratch / "notes.txt"))
    (scratch / "deep").mkdir(exist_ok=True)
    (scratch / "deep" / "c.txt").write_text("deep file")
    client.log_artifacts(pid, str(scratch / "deep"), "plots/a/b")
    _log_dataset(tracking_uri, pid)
    client.set_terminated(pid, "FINISHED", end_time=T0 + 60_000)

    for i, status in enumerate(["FINISHED", "FAILED", "KILLED"]):
        child = client.create_run(vision, run_name=f"trial-{i}", start_time=T0 + 1000 + i,
                                  tags={"mlflow.parentRunId": pid})
        client.log_batch(child.info.run_id, params=[Param("lr", str(10 ** -i))],
                         metrics=[Metric("loss", 2.0 - s / 100, T0 + 2000 + s, s) for s in range(50)])
        client.set_terminated(child.info.run_id, status, end_time=T0 + 5000 + i)

    gone = client.create_run(vision, run_name="deleted-run", start_time=T0 + 3000)
    client.log_metric(gone.info.run_id, "loss", 0.5, timestamp=T0 + 3001, step=0)
    client.set_terminated(gone.info.run_id, "FINISHED", end_time=T0 + 3002)
    client.delete_run(gone.info.run_id)

    live = client.create_run(vision, run_name="still-running", start_time=T0 + 4000)
    client.log_metric(live.info.run_id, "loss", 0.9, timestamp=T0 + 4001, step=7)

    old = client.create_experiment("old-experiment")
    run = client.create_run(old, run_name="ancient", start_time=T0 - 1000)
    client.log_param(run.info.run_id, "seed", "1")
    client.set_terminated(run.info.run_id, "FINISHED", end_time=T0 - 500)
    client.delete_experiment(old)

    default = client.create_run("0", run_name="in-default", start_time=T0 + 10)
    client.set_tag(default.info.run_id, "note", "x" * 3000)
    client.set_terminated(default.info.run_id, "FINISHED", end_time=T0 + 20)
    return client


def _log_dataset(tracking_uri: str, run_id: str) -> None:
    import pandas as pd
    mlflow.set_tracking_uri(tracking_uri)
    with mlflow.start_run(run_id=run_id):
        dataset = mlflow.data.from_pandas(pd.DataFrame({"x": [1.0, 2.0], "y": [0.5, 0.25]}), name="toy", targets="y")
        mlflow.log_input(dataset, context="training")


def fill_many(tracking_uri: str, runs: int, keys: int, steps: int) -> None:
    """Many plain runs with long series, for interrupting an import half-way."""
    client = MlflowClient(tracking_uri)
    experiment = client.create_experiment("bulk")
    for r in range(runs):
        run = client.create_run(experiment, run_name=f"bulk-{r}", start_time=T0 + r)
        run_id = run.info.run_id
        for start in range(0, steps, 1000):
            client.log_batch(run_id, metrics=[Metric(f"m{k}", (s * 7 + k) % 97 / 97, T0 + s, s)
                                              for k in range(keys) for s in range(start, min(steps, start + 1000))])
        client.set_terminated(run_id, "FINISHED", end_time=T0 + steps)
