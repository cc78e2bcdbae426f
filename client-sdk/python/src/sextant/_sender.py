"""The background sender: a bounded queue drained by one daemon thread that batches, retries and spools."""
from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

from . import _ops
from ._http import ApiError, ServerUnavailable, SextantError, Transport
from ._settings import Settings
from ._spool import Spool
from ._values import wire_value

log = logging.getLogger("sextant")

Point = Tuple[str, float, int, int]  # key, value, step, timestamp_ms


class Sender:
    """Owns a run's traffic after creation. Order is kept: points and ops leave in the order they were put.

    Online, a batch is tried a few times with backoff; if the server stays unreachable the batch and
    everything after it is appended to the run's spool, which is replayed (with growing, jittered delays)
    until it drains. The spool also absorbs bursts: when the queue is nearly full because the server
    ingests slower than the loop logs, the backlog goes to disk and is replayed at the server's pace, so
    `log` is never held back by the server for longer than one request. Offline, everything goes to the
    spool for `sextant sync`. A request the server
    refuses (4xx) is logged loudly once per error code and kept in the dead-letter file, never retried.
    """

    def __init__(self, run_id: str, transport: Transport, settings: Settings, spool: Spool) -> None:
        self.run_id = run_id
        self._transport = transport
        self._settings = settings
        self._spool = spool
        self._offline = settings.mode == "offline"
        self._queue: "queue.Queue[tuple]" = queue.Queue(maxsize=settings.queue_size)
        self._degraded = not self._offline and spool.has_pending()
        self._next_replay = 0.0
        self._replay_backoff = _ops.Backoff(first_s=0.5, max_s=5.0)
        self._reported_codes: set = set()
        self._overflow_reported = False
        self.points_sent = 0
        self.points_spooled = 0
        self.requests_rejected = 0
        self._thread = threading.Thread(target=self._loop, name=f"sextant-sender-{run_id[:8]}", daemon=True)
        self._thread.start()

    # ---- called from user threads -------------------------------------------------------------
    def put_points(self, points: List[Point]) -> None:
        self._put(("p", points))

    def put_op(self, op: str, body: Any) -> None:
        self._put(("o", op, body))

    def flush(self, timeout_s: float) -> bool:
        """Waits until everything put so far is acknowledged by the server (online) or on disk.
        False when the server stayed unreachable: the rest is in the spool."""
        return self._handshake("f", timeout_s)

    def close(self, timeout_s: float) -> bool:
        """flush, then stops the thread."""
        delivered = self._handshake("s", timeout_s)
        self._thread.join(timeout=5.0)
        self._spool.close(remove_if_empty=not self._offline)
        return delivered

    @property
    def spooled(self) -> bool:
        return self._offline or self._degraded

    def _handshake(self, kind: str, timeout_s: float) -> bool:
        done, result = threading.Event(), []
        self._put((kind, done, time.monotonic() + timeout_s, result))
        done.wait(timeout_s + 10.0)
        return bool(result and result[0])

    def _put(self, item: tuple) -> None:
        # Back-pressure: a full queue blocks the caller until the thread catches up. The thread always
        # makes progress (to the server or to disk), so this waits for I/O, never for ever.
        while True:
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                if not self._thread.is_alive():
                    raise SextantError("the sextant sender thread has stopped; nothing more can be logged") from None

    # ---- the sender thread ----------------------------------------------------------------------
    def _loop(self) -> None:
        batch: List[Point] = []
        batch_deadline = 0.0
        while True:
            now = time.monotonic()
            if batch:
                timeout: Optional[float] = max(0.0, batch_deadline - now)
            elif self._degraded:
                timeout = max(0.0, self._next_replay - now)
            else:
                timeout = None
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = None
            try:
                if not self._offline and not self._degraded and self._backlogged():
                    self._start_overflow()
                if item is None:
                    if batch:
                        self._ship_points(batch)
                        batch = []
                    if self._degraded and time.monotonic() >= self._next_replay:
                        self._replay()
                    continue
                kind = item[0]
                if kind == "p":
                    if not batch:
                        batch_deadline = time.monotonic() + self._settings.flush_interval_s
                    batch.extend(item[1])
                    if len(batch) >= self._settings.batch_points:
                        self._ship_points(batch)
                        batch = []
                    continue
                if batch:
                    self._ship_points(batch)
                    batch = []
                if kind == "o":
                    self._ship(item[1], item[2])
                else:
                    item[3].append(self._drain(item[2]))
                    item[1].set()
                    if kind == "s":
                        return
            except Exception:  # a bug here must not silently stop logging for the rest of the run
                log.exception("sextant: unexpected error in the sender thread of run %s", self.run_id)

    def _backlogged(self) -> bool:
        return self._queue.qsize() >= self._queue.maxsize * 0.9

    def _start_overflow(self) -> None:
        if not self._overflow_reported:
            self._overflow_reported = True
            log.info("sextant: run %s logs faster than the server ingests; buffering the backlog in %s",
                     self.run_id, self._spool.path)
        self._degraded = True
        self._next_replay = time.monotonic()

    def _ship_points(self, batch: List[Point]) -> None:
        size = self._settings.batch_points
        for start in range(0, len(batch), size):
            chunk = batch[start:start + size]
            metrics = [{"key": key, "value": wire_value(value), "step": step, "timestamp_ms": ts}
                       for key, value, step, ts in chunk]
            self._ship("metrics", {"metrics": metrics})

    def _ship(self, op: str, body: Any) -> None:
        points = len(body["metrics"]) if op == "metrics" else 0
        if self._offline or self._degraded:
            self._spool.append(op, body)
            self.points_spooled += points
            if self._degraded and time.monotonic() >= self._next_replay:
                self._replay()
            return
        record = {"op": op, "body": body}
        try:
            _ops.send_with_retry(lambda: self._send(record), attempts=3, backoff=_ops.Backoff(0.2, 1.0))
            self.points_sent += points
        except ServerUnavailable as error:
            log.warning("sextant: server unreachable (%s); spooling run %s to %s until it is back",
                        error, self.run_id, self._spool.path)
            self._spool.append(op, body)
            self.points_spooled += points
            self._degraded = True
            self._next_replay = time.monotonic() + self._replay_backoff.next_delay()
        except ApiError as error:
            self._reject(record, error)

    def _send(self, record: Dict[str, Any]) -> Any:
        return _ops.send(self._transport, self._spool, self.run_id, record, self._settings.request_timeout_s)

    def _replay(self, yield_to_queue: bool = True) -> Tuple[bool, int]:
        """Sends the spool from its cursor: (spool empty again, requests acknowledged). Stops early to go
        back to the queue when it fills up, so the caller of `log` is not held back by the replay."""
        replayed = 0
        try:
            for offset, record in self._spool.pending():
                try:
                    self._send(record)
                    if record["op"] == "metrics":
                        self.points_sent += len(record["body"]["metrics"])
                except ApiError as error:
                    self._reject(record, error)
                self._spool.save_cursor(offset)
                replayed += 1
                if self._replay_backoff.attempt:
                    self._replay_backoff.reset()
                    log.warning("sextant: server is back; replaying the spool of run %s", self.run_id)
                if yield_to_queue and self._queue.qsize() >= self._queue.maxsize // 2:
                    self._next_replay = time.monotonic()
                    return False, replayed
        except ServerUnavailable:
            self._next_replay = time.monotonic() + self._replay_backoff.next_delay()
            return False, replayed
        self._spool.reset()
        self._degraded = False
        return True, replayed

    def _drain(self, first_deadline: float) -> bool:
        """Replays the spool until it is empty; gives up when the server made no progress until the
        deadline (a server that keeps acknowledging gets all the time it needs)."""
        if self._offline:
            return True
        patience = first_deadline - time.monotonic()
        deadline = first_deadline
        while self._degraded:
            done, replayed = self._replay(yield_to_queue=False)
            if done:
                break
            if replayed:
                deadline = time.monotonic() + patience
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            # Someone is waiting for this flush: probe at least every second, whatever the backoff says.
            time.sleep(min(remaining, 1.0, max(0.05, self._next_replay - time.monotonic())))
        return True

    def _reject(self, record: Dict[str, Any], error: ApiError) -> None:
        self.requests_rejected += 1
        self._spool.reject(record, error)
        if error.error_code not in self._reported_codes:
            self._reported_codes.add(error.error_code)
            log.error("sextant: the server refused a %r request of run %s: %s %s: %s -- the request is kept in %s "
                      "and will not be retried (further %s errors are only counted)", record["op"], self.run_id,
                      error.status, error.error_code, error.message, self._spool.rejected_path, error.error_code)
