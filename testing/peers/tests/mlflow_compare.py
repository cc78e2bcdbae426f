"""Checks that what Sextant holds after an import equals what MLflow reads back through its own client."""
from __future__ import annotations

import tempfile
from pathlib import Path

from mlflow.entities import ViewType
from mlflow.tracking import MlflowClient

from sextant import Server, same_points


def assert_same(client: MlflowClient, server: Server) -> int:
    """Every experiment, run, param, tag, metric point, dataset and file; returns how many runs were compared."""
    compared = 0
    sextant_experiments = server.experiments()
    for experiment in client.search_experiments(view_type=ViewType.ALL):
        ours = sextant_experiments[experiment.name]
        assert ours["lifecycle_stage"].lower() == experiment.lifecycle_stage, experiment.name
        for key, value in experiment.tags.items():
            assert ours["tags"].get(key) == value, (experiment.name, key)
        imported = {r["tags"]["sextant.import.source_id"]: r for r in server.runs(ours["experiment_id"])
                    if r["tags"].get("sextant.import.source") == "mlflow"}
        runs = client.search_runs([experiment.experiment_id], run_view_type=ViewType.ALL, max_results=1000)
        assert set(imported) == {run.info.run_id for run in runs}, experiment.name
        for run in runs:
            assert_same_run(client, server, run, imported[run.info.run_id])
            compared += 1
    return compared


def assert_same_run(client: MlflowClient, server: Server, run, ours: dict) -> None:
    info = run.info
    where = f"{info.run_name} ({info.run_id})"
    assert ours["run_id"] == info.run_id, where  # MLflow's ids are kept when free
    assert ours["name"] == info.run_name, where
    assert ours["status"] == info.status, where
    assert ours["start_time_ms"] == info.start_time, where
    assert ours["end_time_ms"] == info.end_time, where
    assert ours["user"] == info.user_id, where
    assert ours["lifecycle_stage"].lower() == info.lifecycle_stage, where
    assert ours["params"] == run.data.params, where
    for key, value in run.data.tags.items():
        assert ours["tags"].get(key) == value, (where, key)
    assert ours["parent_run_id"] == run.data.tags.get("mlflow.parentRunId"), where
    assert set(ours["metrics"]) == set(run.data.metrics), where
    for key in run.data.metrics:
        history = [(m.step, m.timestamp, m.value) for m in client.get_metric_history(info.run_id, key)]
        assert same_points(history, server.points(info.run_id, key)), (where, key)
    expected_inputs = sorted((d.dataset.name, d.dataset.digest, d.dataset.source_type, d.dataset.source,
                              d.dataset.schema, d.dataset.profile, {t.key: t.value for t in d.tags}.get("mlflow.data.context"))
                             for d in run.inputs.dataset_inputs)
    actual_inputs = sorted((i["dataset"]["name"], i["dataset"]["digest"], i["dataset"]["source_type"], i["dataset"]["source"],
                            i["dataset"]["schema"], i["dataset"]["profile"], i["tags"].get("mlflow.data.context"))
                           for i in ours["inputs"])
    assert actual_inputs == expected_inputs, where
    files = mlflow_files(client, info.run_id)
    ours_files = server.artifacts(info.run_id)
    assert {path: size for path, size in files.items()} == {p: f["size_bytes"] for p, f in ours_files.items()}, where
    if files:
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(client.download_artifacts(info.run_id, "", tmp))
            for path in files:
                assert server.artifact(info.run_id, path) == (local / path).read_bytes(), (where, path)


def mlflow_files(client: MlflowClient, run_id: str, path: str | None = None) -> dict[str, int]:
    files = {}
    for entry in client.list_artifacts(run_id, path):
        if entry.is_dir:
            files.update(mlflow_files(client, run_id, entry.path))
        else:
            files[entry.path] = entry.file_size
    return files
