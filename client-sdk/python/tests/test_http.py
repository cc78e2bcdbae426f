"""What goes on the wire, seen by a bare HTTP server that records requests and answers like Sextant."""
import http.server
import json
import threading

import pytest

import sextant


@pytest.fixture
def recorder():
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            requests.append((self.command, self.path, dict(self.headers), body))
            answer = {"run_id": body.get("run_id"), "name": "r", "metrics": {}} if self.path == "/api/v1/runs" \
                else {"points_written": len(body.get("metrics", [])), "points_already_present": 0}
            self._reply(201 if self.path == "/api/v1/runs" else 200, answer)

        def do_PATCH(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            requests.append((self.command, self.path, dict(self.headers), body))
            self._reply(200, {"status": body["status"]})

        def _reply(self, status, answer):
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


def test_the_token_is_sent_as_a_bearer_header_and_points_carry_their_own_timestamps(recorder, monkeypatch):
    url, requests = recorder
    monkeypatch.setenv("SEXTANT_URL", url)
    monkeypatch.setenv("SEXTANT_TOKEN", "s3cret")
    with sextant.init(experiment="wire") as run:
        run.log({"loss": float("inf")}, step=2, timestamp_ms=1234)
    assert {headers["Authorization"] for _, _, headers, _ in requests} == {"Bearer s3cret"}
    create, metrics, finish = requests
    assert create[1] == "/api/v1/runs" and create[3]["run_id"] == run.run_id and create[3]["experiment_name"] == "wire"
    assert metrics[3] == {"metrics": [{"key": "loss", "value": "Infinity", "step": 2, "timestamp_ms": 1234}]}
    assert finish[0] == "PATCH" and finish[3]["status"] == "FINISHED" and finish[3]["end_time_ms"] > 0
