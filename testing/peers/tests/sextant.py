"""Runs the Sextant jar: the import/export commands, and a server on a free port to read the results back."""
from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
JAR = Path(os.environ.get("SEXTANT_JAR", REPO / "server" / "target" / "sextant.jar"))
# C1 only and the serial collector: the tests start the JVM many times on a small, busy machine.
JVM_OPTIONS = os.environ.get("SEXTANT_TEST_JVM_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").split()


def command(*args: str) -> list[str]:
    if not JAR.is_file():
        raise AssertionError(f"the server jar {JAR} is missing: build it with `./mvnw -q package -DskipTests`")
    return ["java", *JVM_OPTIONS, "-jar", str(JAR), *args]


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Runs a sextant subcommand to the end; fails with its output when it exits non-zero."""
    result = subprocess.run(command(*args), capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"sextant {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A Sextant server on a data folder, read through the native API."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir.parent / f"{data_dir.name}-server-{self.port}.log"
        self.process = None

    def __enter__(self) -> "Server":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(command("--port", str(self.port), "--data-dir", str(self.data_dir)),
                                        stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not start; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def get(self, path: str, **query) -> dict:
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        with urllib.request.urlopen(url, timeout=60) as response:
            return json.load(response)

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def raw(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.read()

    def experiments(self) -> dict[str, dict]:
        return {e["name"]: e for e in self.get("/api/v1/experiments", view="all")["experiments"]}

    def runs(self, experiment_id: str) -> list[dict]:
        runs, token = [], None
        while True:
            body = {"experiment_ids": [experiment_id], "view": "all", "max_results": 1000}
            if token:
                body["page_token"] = token
            page = self.post("/api/v1/runs/search", body)
            runs += page["runs"]
            token = page.get("next_page_token")
            if not token:
                return runs

    def points(self, run_id: str, key: str) -> list[tuple[int, int, float]]:
        """Every stored point of a series as (step, timestamp_ms, value); NaN/Infinity come as strings."""
        points, token = [], None
        while True:
            query = {"raw": "true", "max_results": 100000}
            if token:
                query["page_token"] = token
            page = self.get(f"/api/v1/runs/{run_id}/metrics/{urllib.parse.quote(key, safe='/')}", **query)
            points += [(p["step"], p["timestamp_ms"], float(p["value"])) for p in page["points"]]
            token = page.get("next_page_token")
            if not token:
                return points

    def artifacts(self, run_id: str, folder: str = "") -> dict[str, dict]:
        """Every file of a run, at any depth: path → index entry."""
        listing = self.get(f"/api/v1/runs/{run_id}/artifacts", **({"prefix": folder} if folder else {}))
        files = {f["path"]: f for f in listing.get("files", [])}
        for sub in listing.get("folders", []):
            files.update(self.artifacts(run_id, sub["path"] if isinstance(sub, dict) else sub))
        return files

    def artifact(self, run_id: str, path: str) -> bytes:
        return self.raw(f"/api/v1/runs/{run_id}/artifacts/{urllib.parse.quote(path)}")

    def dump(self) -> dict:
        """Everything stored, for "a second import changed nothing"."""
        everything = {}
        for name, experiment in sorted(self.experiments().items()):
            runs = {}
            for run in self.runs(experiment["experiment_id"]):
                points = {k: [(s, t, repr(v)) for s, t, v in self.points(run["run_id"], k)] for k in sorted(run["metrics"])}
                runs[run["run_id"]] = {"run": run, "points": points, "files": self.artifacts(run["run_id"])}
            everything[name] = {"experiment": experiment, "runs": runs}
        return everything


def milliseconds(seconds: float) -> int:
    """Seconds as the importers store them: half a millisecond rounds up, as Java's Math.round does. Python's round()
    goes to the even neighbour, so a time that lands on .5 ms (1796293131.9705 s) would read 970 against 971 stored."""
    return math.floor(seconds * 1000 + 0.5)


def same_points(expected: list[tuple[int, int, float]], actual: list[tuple[int, int, float]]) -> bool:
    """The same multiset of (step, timestamp, value) points; NaN equals NaN and -0.0 equals 0.0 (Sextant's stores
    keep the value, not the sign of a zero)."""
    def key(point):
        step, timestamp, value = point
        return (step, timestamp, "nan" if math.isnan(value) else repr(float(value) + 0.0))
    return sorted(map(key, expected)) == sorted(map(key, actual))
