"""Starts the real Sextant jar on a free 127.0.0.1 port with a temp data dir, and points MLflow at it."""
import os
import pathlib
import socket
import subprocess
import time
import uuid

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[3]
JAR = ROOT / "server" / "target" / "sextant.jar"

# Before mlflow reads them: no retries (a 5xx must fail fast), short timeouts.
os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"
os.environ["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "60"

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402

MLFLOW_3 = int(mlflow.__version__.split(".")[0]) >= 3
# tests/mlflow3/ uses MLflow 3's API (logged models, log_model(name=...)), which the 2.17 client does not have.
collect_ignore = [] if MLFLOW_3 else ["mlflow3"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sextant(data_dir, extra_args=(), env=None):
    """Starts the jar on a free port and waits for /health; returns (process, url). Exits pytest when it cannot."""
    port = _free_port()
    log_path = data_dir / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["java", "-jar", str(JAR), "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir),
             *extra_args],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            pytest.exit(f"Sextant exited with {process.returncode}:\n{log_path.read_text()}", returncode=2)
        try:
            if requests.get(url + "/health", timeout=2).status_code == 200:
                return process, url
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.exit(f"Sextant did not answer /health within 90 s:\n{log_path.read_text()}", returncode=2)
        time.sleep(0.2)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    if not JAR.is_file():
        pytest.exit(f"{JAR} is missing: build it first with ./mvnw -q package -DskipTests", returncode=2)
    process, url = start_sextant(tmp_path_factory.mktemp("sextant-data"))
    os.environ["MLFLOW_TRACKING_URI"] = url
    mlflow.set_tracking_uri(url)
    yield url
    stop(process)


@pytest.fixture(autouse=True)
def no_active_experiment_left_behind():
    """A test that calls mlflow.set_experiment() must not make the next test's start_run(run_id=...) refuse its run."""
    yield
    mlflow.tracking.fluent._active_experiment_id = None
    os.environ.pop("MLFLOW_EXPERIMENT_ID", None)


@pytest.fixture(scope="session")
def client(server_url):
    return MlflowClient(server_url)


@pytest.fixture
def experiment_id(client):
    return client.create_experiment(f"exp-{uuid.uuid4().hex}")


@pytest.fixture
def run_id(client, experiment_id):
    return client.create_run(experiment_id).info.run_id


class Api:
    """Raw HTTP the way the clients speak it, for wire facts the Python client hides (it validates and chunks)."""

    def __init__(self, base):
        self.base = base

    def post(self, path, body=None, prefix="/api/2.0/mlflow", **kwargs):
        return requests.post(self.base + prefix + path, json=body if body is not None else {}, timeout=60, **kwargs)

    def get(self, path, params=None, prefix="/api/2.0/mlflow"):
        return requests.get(self.base + prefix + path, params=params, timeout=60)


@pytest.fixture(scope="session")
def api(server_url):
    return Api(server_url)


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
