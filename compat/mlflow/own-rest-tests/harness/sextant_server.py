"""Starts Sextant's jar for one test: a free 127.0.0.1 port, the test's own data folder, /health before yielding."""
import contextlib
import os
import socket
import subprocess
import time

import requests

JAR = os.environ["SEXTANT_JAR"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def sextant_server(tmp_path):
    data_dir = tmp_path / "sextant-data"
    data_dir.mkdir()
    port = free_port()
    log_path = tmp_path / "sextant.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["java", "-jar", JAR, "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)],
            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Sextant exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                if requests.get(url + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Sextant did not answer /health within 90 s:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
