"""The background sender: a bounded queue drained by a daemon thread that batches, sends and spools, and an
uploader thread that replays the spool."""
from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any, List, Optional, Tuple

from . import _ops, _registry
from ._http import ApiError, ServerUnavailable, SextantError, Transport
from ._settings import Settings
from ._spool import Record, Spool
from ._values import encode_metrics

log = logging.getLogger("sextant")

Point = Tuple[str, float, int, int]  # key, value, step, timestamp_ms


class Sender:
    """Owns a run's traffic after creation. Order is kept: points and ops leave in the order they were put.

    Online, the sender thread sends each batch itself, trying a few times with backoff. If the server stays
    unreachable, or the queue backs up because the server ingests slower than the loop logs, the batch and
    everything after it go to the run's spool instead, and the uploader thread replays the spool (with
    growing, jittered delays while the server is away) until it is empty; then the sender sends directly
    again. So the caller of `log` waits for the disk at worst, never for the network. Offline, everything
    goes to the spool for `sextant sync`. A request the server refuses (4xx) is logged loudly once per error
    code and kept in the dead-letter file, never retried.
    """

    def __init__(self, run_id: str, transport: Transport, settings: Settings, spool: Spool) -> None:
        self.run_id = run_id
        self._transport = transport
        self._settings = settings
        self._spool = spool
        self._offline = settings.mode == "offline"
        self._queue: "queue.Queue[tuple]" = queue.Queue(maxsize=settings.queue_size)
        self._lock = threading.Lock()  # guards _degraded and spool appends / resets between the two threads
        self._degraded = not self._offline and spool.has_pending()
        self._wake_uploader = threading.Event()
        self._stopping = threading.Event()
        self._reported_codes: set = set()
        self._overflow_reported = False
        self._caller_waited = False
        self._key_prefixes: dict = {}
        self.points_sent = 0
        self.points_spooled = 0
        self.requests_rejected = 0
        self._thread = threading.Thread(target=self._loop, name=f"sextant-sender-{run_id[:8]}", daemon=True)
        self._thread.start()
        self._uploader: Optional[threading.Thread] = None
        if not self._offline:
            self._uploader = threading.Thread(target=self._upload_loop, name=f"sextant-uploader-{run_id[:8]}",
                                              daemon=True)
            self._uploader.start()
            if self._degraded:
                self._wake_uploader.set()

    # ---- called from user threads -------------------------------------------------------------
    def put_points(self, points: List[Point]) -> None:
        self._put(("p", points))

    def put_op(self, op: str, body: Any) -> None:
        self._put(("o", op, body))

    def flush(self, timeout_s: float) -> bool:
        """Waits until everything put so far is acknowledged by the server (online) or on disk.
        False when the server made no progress for timeout_s: the rest is in the spool."""
        return self._handshake("f", timeout_s)

    def close(self, timeout_s: float) -> bool:
        """flush, then stops both threads."""
        delivered = self._handshake("s", timeout_s)
        self._thread.join(timeout=5.0)
        self._stopping.set()
        self._wake_uploader.set()
        if self._uploader:
            self._uploader.join(timeout=self._settings.request_timeout_s + 5.0)
        self._spool.close(remove_if_empty=not self._offline)
        return delivered

    @property
    def spooled(self) -> bool:
        return self._offline or self._degraded

    def _handshake(self, kind: str, timeout_s: float) -> bool:
        done, result = threading.Event(), []  # type: threading.Event, List[bool]
        self._put((kind, done, time.monotonic() + timeout_s, result))
        while True:
            with _registry.holding_sigterm:  # a SystemExit inside Event.wait could leave done's lock held
                if done.wait(1.0):
                    return bool(result and result[0])
            if not self._thread.is_alive():
                return False

    def _put(self, item: tuple) -> None:
        # Back-pressure: a full queue blocks the caller until the thread catches up. The thread always
        # makes progress (to the server or to disk), so this waits for I/O, never for ever; and once the
        # caller had to wait, the sender moves to the spool so that the wait is for the disk only.
        # A SIGTERM's SystemExit must not land inside Queue.put: it could leave the queue's lock held, and then the
        # run's finish() would block on it for ever (see _registry._HoldSigterm). So it waits until put returns.
        try:
            with _registry.holding_sigterm:
                self._queue.put_nowait(item)
            return
        except queue.Full:
            self._caller_waited = True
        while True:
            try:
                with _registry.holding_sigterm:  # held for at most one 0.5 s slice
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
            timeout = max(0.0, batch_deadline - time.monotonic()) if batch else None
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = None
            try:
                if item is None:
                    self._ship_points(batch)
                    batch = []
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

    def _ship_points(self, batch: List[Point]) -> None:
        size = self._settings.batch_points
        for start in range(0, len(batch), size):
            chunk = batch[start:start + size]
            self._ship_record(Record("metrics", encode_metrics(chunk, self._key_prefixes)), len(chunk))

    def _ship(self, op: str, body: Any) -> None:
        self._ship_record(Record.of(op, body), 0)

    def _ship_record(self, record: Record, points: int) -> None:
        if self._offline:
            self._spool.append(record)
            self.points_spooled += points
            return
        waited, self._caller_waited = self._caller_waited, False
        if waited and not self._degraded:
            if not self._overflow_reported:
                self._overflow_reported = True
                log.info("sextant: run %s logs faster than the server ingests; buffering the backlog in %s",
                         self.run_id, self._spool.path)
            self._spill(record, points)
            return
        with self._lock:
            if self._degraded:
                self._spill_locked(record, points)
                return
        try:
            _ops.send_with_retry(lambda: self._send(record), attempts=3, backoff=_ops.Backoff(0.2, 1.0))
            self.points_sent += points
        except ServerUnavailable as error:
            log.warning("sextant: server unreachable (%s); spooling run %s to %s until it is back",
                        error, self.run_id, self._spool.path)
            self._spill(record, points)
        except ApiError as error:
            self._reject(record, error)

    def _spill(self, record: Record, points: int) -> None:
        with self._lock:
            self._spill_locked(record, points)

    def _spill_locked(self, record: Record, points: int) -> None:
        self._spool.append(record)
        self.points_spooled += points
        self._degraded = True
        self._wake_uploader.set()

    def _drain(self, first_deadline: float) -> bool:
        """Waits for the uploader to empty the spool; gives up when it made no progress until the deadline
        (a server that keeps acknowledging gets all the time it needs)."""
        if self._offline:
            return True
        patience = first_deadline - time.monotonic()
        deadline, cursor = first_deadline, self._spool.cursor()
        while self._degraded:
            self._wake_uploader.set()
            time.sleep(0.01)
            now = time.monotonic()
            if self._spool.cursor() != cursor:
                deadline, cursor = now + patience, self._spool.cursor()
            if now >= deadline:
                return False
        return True

    # ---- the uploader thread ------------------------------------------------------------------
    def _upload_loop(self) -> None:
        backoff = _ops.Backoff(first_s=0.5, max_s=2.0)
        while not self._stopping.is_set():
            self._wake_uploader.wait()
            self._wake_uploader.clear()
            try:
                while self._degraded and not self._stopping.is_set():
                    if self._replay():
                        if backoff.attempt:
                            log.warning("sextant: server is back; the spool of run %s is replayed", self.run_id)
                        backoff.reset()
                    else:
                        if not backoff.attempt:
                            log.warning("sextant: server unreachable while replaying the spool of run %s; "
                                        "retrying with backoff", self.run_id)
                        self._stopping.wait(backoff.next_delay())
            except Exception:
                log.exception("sextant: unexpected error in the uploader thread of run %s", self.run_id)
                self._stopping.wait(1.0)

    def _replay(self) -> bool:
        """Sends the spool from its cursor until it is empty (then True) or the server is away (False)."""
        replayed = 0
        try:
            for offset, record in self._spool.pending():
                try:
                    self._send(record)
                    self.points_sent += record.points
                except ApiError as error:
                    self._reject(record, error)
                self._spool.save_cursor(offset)
                replayed += 1
        except ServerUnavailable:
            return False
        with self._lock:
            if not self._spool.has_pending():  # lines appended while replaying are replayed next round
                self._spool.reset()
                self._degraded = False
        return True

    def _send(self, record: Record) -> Any:
        return _ops.send(self._transport, self._spool, self.run_id, record, self._settings.request_timeout_s)

    def _reject(self, record: Record, error: ApiError) -> None:
        self.requests_rejected += 1
        self._spool.reject(record, error)
        if error.error_code not in self._reported_codes:
            self._reported_codes.add(error.error_code)
            log.error("sextant: the server refused a %r request of run %s: %s %s: %s -- the request is kept in %s "
                      "and will not be retried (further %s errors are only counted)", record.op, self.run_id,
                      error.status, error.error_code, error.message, self._spool.rejected_path, error.error_code)
