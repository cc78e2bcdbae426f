"""`sextant import mlflow --from ./mlruns`: an MLflow file store written by the mlflow client."""
from __future__ import annotations

import signal
import subprocess

import pytest

import mlflow_data
import sextant
from mlflow_compare import assert_same


@pytest.fixture(scope="module")
def mlruns(tmp_path_factory):
    root = tmp_path_factory.mktemp("mlflow-file-store")
    store = root / "mlruns"
    client = mlflow_data.fill(store.as_uri(), root / "scratch")
    return store, client


def test_every_experiment_run_param_tag_point_dataset_and_file_equals_what_mlflow_reads_back(mlruns, tmp_path):
    store, client = mlruns
    data = tmp_path / "sextant-data"
    result = sextant.run("import", "mlflow", "--from", str(store), "--data-dir", str(data))
    assert "Imported 8 run(s)" in result.stdout, result.stdout
    with sextant.Server(data) as server:
        assert assert_same(client, server) == 8


def test_a_second_import_changes_nothing(mlruns, tmp_path):
    store, _ = mlruns
    data = tmp_path / "sextant-data"
    sextant.run("import", "mlflow", "--from", str(store), "--data-dir", str(data))
    with sextant.Server(data) as server:
        before = server.dump()
    again = sextant.run("import", "mlflow", "--from", str(store), "--data-dir", str(data))
    # The run MLflow still has RUNNING is read again (it may have grown); finished runs are skipped.
    assert "Imported 1 run(s) (7 already imported before)" in again.stdout, again.stdout
    assert "Metric points: 0 written, 1 already stored. Files: 0 written" in again.stdout
    with sextant.Server(data) as server:
        assert server.dump() == before


@pytest.fixture(scope="module")
def bulk_mlruns(tmp_path_factory):
    root = tmp_path_factory.mktemp("mlflow-bulk")
    store = root / "mlruns"
    mlflow_data.fill_many(store.as_uri(), runs=3, keys=2, steps=5_000)
    return store


def test_an_import_killed_half_way_finishes_when_run_again(bulk_mlruns, tmp_path):
    data = tmp_path / "sextant-data"
    first = subprocess.Popen(sextant.command("import", "mlflow", "--from", str(bulk_mlruns), "--data-dir", str(data),
                                             "--batch-size", "500"), stdout=subprocess.PIPE, text=True)
    line = first.stdout.readline()
    while line and not line.startswith("[1/"):
        line = first.stdout.readline()
    first.send_signal(signal.SIGKILL)  # in the middle of the second run's points
    first.wait()
    again = sextant.run("import", "mlflow", "--from", str(bulk_mlruns), "--data-dir", str(data))
    assert "already stored" in again.stdout
    from mlflow.tracking import MlflowClient
    with sextant.Server(data) as server:
        assert assert_same(MlflowClient(bulk_mlruns.as_uri()), server) == 3
