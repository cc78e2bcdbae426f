"""Starts the real server jar on a free port for the whole session; fails loudly when it has not been built."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PYTHON_SDK = Path(__file__).resolve().parents[1]
REPO = PYTHON_SDK.parents[1]
sys.path.insert(0, str(PYTHON_SDK / "src"))  # test the working tree, installed or not

JAR = Path(os.environ.get("SEXTANT_JAR", REPO / "server" / "target" / "sextant.jar"))
# C1 only and the serial collector: the tests start the JVM several times, and on a small busy machine
# C2's compiler threads more than triple the start-up time while buying throughput the tests do not need.
JVM_OPTIONS = os.environ.get("SEXTANT_TEST_JVM_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").split()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """The server jar as a child process on 127.0.0.1; can be SIGKILLed and restarted on the same port and data."""

    def __init__(self, data_dir: Path, port: int = 0) -> None:
        if not JAR.is_file():
            pytest.fail(f"the server jar {JAR} is missing: build it first with "
                        f"`cd {REPO} && ./mvnw -q package -DskipTests` (or point SEXTANT_JAR at it)", pytrace=False)
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log_path = data_dir.parent / f"server-{self.port}.log"

    def start(self, timeout_s: float = 60.0) -> "ServerProcess":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(["java", *JVM_OPTIONS, "-jar", str(JAR), "--port", str(self.port), "--data-dir",
                                         str(self.data_dir)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}; see {self.log_path}:\n"
                            + self.log_path.read_text(errors="replace")[-3000:], pytrace=False)
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as response:
                    if json.load(response).get("status") == "ok":
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"the server did not answer /health within {timeout_s}s; see {self.log_path}", pytrace=False)

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flush, connections cut mid-request."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> ServerProcess:
    process = ServerProcess(tmp_path_factory.mktemp("server") / "data").start()
    yield process
    process.stop()


@pytest.fixture
def own_server(tmp_path):
    """A server only this test may kill."""
    process = ServerProcess(tmp_path / "own-server-data")
    yield process
    process.stop()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """No SEXTANT_* from the developer's shell; each test spools into its own folder; no system metrics."""
    for name in list(os.environ):
        if name.startswith("SEXTANT_") and name != "SEXTANT_JAR":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SEXTANT_SPOOL_DIR", str(tmp_path / "spool"))
    monkeypatch.setenv("SEXTANT_SYSTEM_METRICS_INTERVAL", "0")


@pytest.fixture
def client(server):
    import sextant
    return sextant.Client(server.url)


def subprocess_env(url: str, **extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(PYTHON_SDK / "src"), SEXTANT_URL=url)
    env.update(extra)
    return env
