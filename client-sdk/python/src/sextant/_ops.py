"""One recorded operation of a run ({"op", "body"}) sent to the server. Every op is safe to send twice."""
from __future__ import annotations

import mimetypes
import random
import time
from typing import Any, Callable, Dict, Optional

from ._http import ApiError, ServerUnavailable, Transport, quote_path
from ._spool import Record, Spool

_ROUTES = {"metrics": ("POST", "/metrics"), "config": ("POST", "/config"), "tags": ("PUT", "/tags"),
           "inputs": ("POST", "/inputs"), "update": ("PATCH", "")}


def send(transport: Transport, spool: Spool, run_id: str, record: Record, timeout_s: Optional[float] = None) -> Any:
    """Sends one op; raises ApiError (refused: do not retry) or ServerUnavailable (retry later)."""
    op = record.op
    if op in _ROUTES:
        method, suffix = _ROUTES[op]
        return transport.request_encoded(method, f"/api/v1/runs/{run_id}{suffix}", record.data, timeout_s)
    if op == "create":
        return transport.request_encoded("POST", "/api/v1/runs", record.data, timeout_s)
    if op == "resume":
        return resume(transport, record.body, timeout_s)
    if op == "artifact":
        path = record.body["path"]
        return upload(transport, run_id, spool.artifact_dir / path, path, timeout_s)
    raise ValueError(f"unknown spooled op {op!r}")


def resume(transport: Transport, create_body: Dict[str, Any], timeout_s: Optional[float] = None) -> Dict[str, Any]:
    """The run with create_body's run_id, marked RUNNING again; created from create_body when missing."""
    path = "/api/v1/runs/" + create_body["run_id"]
    try:
        run = transport.request("GET", path, timeout_s=timeout_s)
    except ApiError as error:
        if error.status != 404:
            raise
        return transport.request("POST", "/api/v1/runs", create_body, timeout_s=timeout_s)
    if run.get("status") != "RUNNING":
        run = transport.request("PATCH", path, {"status": "RUNNING"}, timeout_s=timeout_s)
    return run


def upload(transport: Transport, run_id: str, source, artifact_path: str, timeout_s: Optional[float] = None) -> Any:
    content_type = mimetypes.guess_type(artifact_path)[0] or "application/octet-stream"
    return transport.upload(f"/api/v1/runs/{run_id}/artifacts/{quote_path(artifact_path)}", source, content_type,
                            timeout_s=timeout_s)


class Backoff:
    """Exponential backoff with full jitter: delays grow first_s, 2*first_s, ... up to max_s."""

    def __init__(self, first_s: float = 0.2, max_s: float = 10.0) -> None:
        self.first_s = first_s
        self.max_s = max_s
        self.attempt = 0

    def next_delay(self) -> float:
        ceiling = min(self.max_s, self.first_s * (2 ** self.attempt))
        self.attempt += 1
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def reset(self) -> None:
        self.attempt = 0


def send_with_retry(call: Callable[[], Any], attempts: int, backoff: Backoff,
                    sleep: Callable[[float], Any] = time.sleep) -> Any:
    """call() retried on ServerUnavailable up to attempts times; the last ServerUnavailable propagates."""
    for attempt in range(attempts):
        try:
            result = call()
            backoff.reset()
            return result
        except ServerUnavailable:
            if attempt == attempts - 1:
                raise
            sleep(backoff.next_delay())
    raise AssertionError("unreachable")
