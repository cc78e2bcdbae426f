"""`sextant import mlflow --from http://…`: a real MLflow tracking server (SQLite backend, proxied artifacts)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from mlflow.tracking import MlflowClient

import mlflow_data
import sextant
from mlflow_compare import assert_same


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("mlflow-server")
    port = sextant.free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(root / "mlflow-server.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "mlflow", "server", "--backend-store-uri", f"sqlite:///{root}/mlflow.db",
                                "--artifacts-destination", str(root / "artifacts"), "--host", "127.0.0.1",
                                "--port", str(port), "--workers", "1"],
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               # No background job workers (they are for GenAI scorers): seven fewer processes.
                               env={**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"})
    try:
        deadline = time.monotonic() + 240
        while True:
            assert process.poll() is None, (root / "mlflow-server.log").read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(url + "/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "mlflow server did not start"
                time.sleep(0.5)
        client = mlflow_data.fill(url, root / "scratch")
        yield url, client
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and the uvicorn worker it started
        process.wait(timeout=60)


def test_every_value_equals_what_the_mlflow_server_reads_back_and_a_second_import_writes_nothing(mlflow_server, tmp_path):
    url, client = mlflow_server
    data = tmp_path / "sextant-data"
    first = sextant.run("import", "mlflow", "--from", url, "--data-dir", str(data))
    assert "Imported 8 run(s)" in first.stdout, first.stdout
    with sextant.Server(data) as server:
        assert assert_same(client, server) == 8
    again = sextant.run("import", "mlflow", "--from", url, "--data-dir", str(data))
    assert "Metric points: 0 written, 1 already stored. Files: 0 written" in again.stdout, again.stdout
