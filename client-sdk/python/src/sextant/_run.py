"""Run: the object training code logs to."""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from . import _ops
from ._http import ServerUnavailable, Transport
from ._sender import Sender
from ._settings import Settings
from ._spool import Spool
from ._system import SystemMonitor
from ._values import check_config, check_key, check_step, check_tags, now_ms, to_float

log = logging.getLogger("sextant")

STATUSES = ("FINISHED", "FAILED", "KILLED")


class Run:
    """A run being logged. Create it with `sextant.start_run`; use it as a context manager.

    `log` never waits for the network: points are queued and a background thread sends them in batches
    (or spools them to disk while the server is unreachable). Methods are thread-safe.
    """

    def __init__(self, run_id: str, settings: Settings, transport: Transport, spool: Spool,
                 info: Optional[Dict[str, Any]], next_step: int = 0,
                 first_op: Optional[Tuple[str, Dict[str, Any]]] = None) -> None:
        self.run_id = run_id
        self.settings = settings
        self._transport = transport
        self._info = info or {}
        self._next_step = next_step
        self._known_keys: set = set()
        self._lock = threading.Lock()
        self._finished = False
        self._sender = Sender(run_id, transport, settings, spool)
        if first_op:  # the run's creation, when the server could not be reached to do it synchronously
            self._sender.put_op(*first_op)
        self._spool = spool
        self._monitor: Optional[SystemMonitor] = None
        self._heartbeat = None  # a sweep trial's Heartbeat, see attach_sweep
        if settings.system_metrics_interval_s:
            self._monitor = SystemMonitor(settings.system_metrics_interval_s, self._log_system)

    # ---- identity -------------------------------------------------------------------------------
    @property
    def name(self) -> Optional[str]:
        """The run's name as the server knows it (None offline until synced, unless given)."""
        return self._info.get("name")

    @property
    def experiment_id(self) -> Optional[str]:
        return self._info.get("experiment_id")

    @property
    def url(self) -> str:
        """The run's page in the Sextant UI."""
        return f"{self.settings.url.rstrip('/')}/#/runs/{self.run_id}"

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def config(self) -> Dict[str, Any]:
        """The run's config (nested) as the server returned it when the run started or resumed."""
        return dict(self._info.get("config") or {})

    # ---- sweeps ---------------------------------------------------------------------------------
    def attach_sweep(self, sweep_id: str) -> None:
        """Marks this run as a trial of the sweep: heartbeats start, and should_stop() follows the server."""
        from ._sweep import Heartbeat
        if self._heartbeat is None and self.settings.mode == "online":
            self._heartbeat = Heartbeat(self._transport, sweep_id, self.run_id)

    def should_stop(self) -> bool:
        """True once the sweep decided this trial should stop early (never blocks; False outside a sweep).
        Finishing the run afterwards records it as KILLED with the reason in the tag sextant.sweep.stop_reason."""
        return self._heartbeat is not None and self._heartbeat.should_stop

    @property
    def stop_reason(self) -> Optional[str]:
        return None if self._heartbeat is None else self._heartbeat.stop_reason

    # ---- logging --------------------------------------------------------------------------------
    def log(self, data: Mapping[str, Any], step: Optional[int] = None, *, timestamp_ms: Optional[int] = None) -> None:
        """Logs several metrics at one step. Values are ints, floats (NaN and ±inf included) or anything
        with __float__ (numpy scalars, 0-d arrays, one-element tensors); booleans raise TypeError.

        When step is omitted the run's counter is used: it starts at 0 (after the last step when resumed)
        and each call without a step advances it; an explicit step moves the counter to step + 1.
        Every point keeps the wall-clock time of this call, which is what makes replays exactly-once.
        """
        ts = now_ms() if timestamp_ms is None else int(timestamp_ms)
        known = self._known_keys
        pairs = []
        for key, value in data.items():
            if key not in known:
                known.add(check_key("metric", key))
            pairs.append((key, value if type(value) is float else to_float(key, value)))
        with self._lock:
            if self._finished:
                raise RuntimeError(f"run {self.run_id} is finished; start or resume a run to log more")
            if step is None:
                step = self._next_step
            elif type(step) is not int or step < 0:
                step = check_step(step)
            self._next_step = step + 1
        if pairs:
            self._sender.put_points([(key, value, step, ts) for key, value in pairs])

    def log_metric(self, key: str, value: Any, step: Optional[int] = None, *,
                   timestamp_ms: Optional[int] = None) -> None:
        """Logs one metric point; see `log`."""
        self.log({key: value}, step=step, timestamp_ms=timestamp_ms)

    def log_config(self, config: Mapping[str, Any]) -> None:
        """Adds to the run's config (nested dicts allowed). A key's value cannot change once logged:
        the server refuses a different value, and the SDK reports that refusal in the log."""
        self._op("config", {"config": check_config(config)})

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Sets tags (values become strings); an existing tag is overwritten."""
        self._op("tags", {"tags": check_tags(tags)})

    def set_tag(self, key: str, value: Any) -> None:
        self.set_tags({key: value})

    def log_input(self, name: str, source: str, *, digest: Optional[str] = None, source_type: str = "local",
                  context: Optional[str] = None, schema: Optional[str] = None,
                  tags: Optional[Mapping[str, Any]] = None) -> None:
        """Records a dataset the run read: name, where it came from, and a digest (at most 36 characters) that
        tells versions of the same data apart; without one, a hash of source_type and source is used.
        context ("train", "eval", ...) is stored as the input tag mlflow.data.context, as MLflow does, so
        `datasets.context = 'train'` finds the run. Sent in order with the metrics; a re-send changes nothing."""
        if not isinstance(name, str) or not name or len(name) > 500:
            raise ValueError("dataset name must be a non-empty string of at most 500 characters")
        if not isinstance(source, str) or not source:
            raise ValueError("dataset source must be a non-empty string")
        if digest is None:
            digest = hashlib.sha256(f"{source_type}:{source}".encode()).hexdigest()[:16]
        if not isinstance(digest, str) or not digest or len(digest) > 36:
            raise ValueError("dataset digest must be a non-empty string of at most 36 characters")
        input_tags = check_tags(tags or {})
        if context is not None:
            input_tags["mlflow.data.context"] = str(context)
        dataset = {"name": name, "digest": digest, "source_type": source_type, "source": source}
        if schema is not None:
            dataset["schema"] = schema
        self._op("inputs", {"inputs": [{"dataset": dataset, "tags": input_tags}]})

    def log_artifact(self, path: Union[str, os.PathLike], artifact_path: Optional[str] = None) -> None:
        """Uploads one file as <artifact_path>/<file name> (or just <file name>). Synchronous online; when
        the server is unreachable or the run is offline the file is copied into the spool and uploaded later.
        Raises ApiError when the server refuses the upload."""
        source = Path(path)
        if not source.is_file():
            raise FileNotFoundError(f"artifact {source} is not a file")
        target = source.name if not artifact_path else f"{artifact_path.strip('/')}/{source.name}"
        self._upload(source, target)

    def log_artifacts(self, directory: Union[str, os.PathLike], artifact_path: Optional[str] = None) -> None:
        """Uploads every file under directory, keeping relative paths, below artifact_path."""
        root = Path(directory)
        if not root.is_dir():
            raise NotADirectoryError(f"{root} is not a directory")
        prefix = artifact_path.strip("/") + "/" if artifact_path else ""
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            self._upload(file, prefix + file.relative_to(root).as_posix())

    def _upload(self, source: Path, target: str) -> None:
        self._check_open()
        if not self._sender.spooled:
            # Metrics first, so what the server shows never runs behind the artifacts.
            self._sender.flush(self.settings.finish_timeout_s)
        if not self._sender.spooled:
            try:
                _ops.send_with_retry(lambda: _ops.upload(self._transport, self.run_id, source, target),
                                     attempts=3, backoff=_ops.Backoff(0.2, 2.0))
                return
            except ServerUnavailable as error:
                log.warning("sextant: artifact %s not uploaded (%s); it will be uploaded from the spool", target, error)
        copy = self._spool.artifact_dir / target
        copy.parent.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(copy, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        self._sender.put_op("artifact", {"path": target})

    def _op(self, op: str, body: Dict[str, Any]) -> None:
        self._check_open()
        self._sender.put_op(op, body)

    def _check_open(self) -> None:
        if self._finished:
            raise RuntimeError(f"run {self.run_id} is finished; start or resume a run to log more")

    def _log_system(self, values: Dict[str, float], index: int) -> None:
        ts = now_ms()
        self._sender.put_points([(key, value, index, ts) for key, value in values.items()])

    # ---- lifecycle ------------------------------------------------------------------------------
    def flush(self, timeout_s: Optional[float] = None) -> bool:
        """Blocks until everything logged so far reached the server; False if some of it is still spooled."""
        return self._sender.flush(self.settings.finish_timeout_s if timeout_s is None else timeout_s)

    def finish(self, status: str = "FINISHED", timeout_s: Optional[float] = None) -> bool:
        """Flushes and ends the run with status FINISHED, FAILED or KILLED. Returns True when everything
        reached the server (always True offline); otherwise the rest stays in the spool for `sextant sync`.
        Calling it again does nothing."""
        status = status.upper()
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
        from . import _registry
        with _registry.holding_sigterm:  # a SIGTERM now waits for the final flush instead of cutting it short
            with self._lock:
                if self._finished:
                    return True
                self._finished = True
            if self._monitor:
                self._monitor.stop()
            if self._heartbeat is not None:
                self._heartbeat.close()
                if self._heartbeat.stop_reason and status == "FINISHED":
                    from ._sweep import STOP_TAG
                    status = "KILLED"
                    self._sender.put_op("tags", {"tags": {STOP_TAG: self._heartbeat.stop_reason}})
            self._sender.put_op("update", {"status": status, "end_time_ms": now_ms()})
            delivered = self._sender.close(self.settings.finish_timeout_s if timeout_s is None else timeout_s)
            _registry.forget(self)
            self._report(delivered)
        return delivered

    def _report(self, delivered: bool) -> None:
        if self.settings.mode == "offline":
            log.info("sextant: offline run %s spooled to %s; upload it with `python -m sextant sync %s`",
                     self.run_id, self._spool.path, self._spool.directory)
        elif not delivered:
            log.warning("sextant: run %s could not reach the server; the rest is in %s -- upload it with "
                        "`python -m sextant sync %s`", self.run_id, self._spool.path, self._spool.directory)
        if self._sender.requests_rejected:
            log.error("sextant: %d requests of run %s were refused by the server; see %s",
                      self._sender.requests_rejected, self.run_id, self._spool.rejected_path)

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        from . import _registry
        if exc_type is None:
            self.finish("FINISHED")
        elif issubclass(exc_type, KeyboardInterrupt) or (issubclass(exc_type, SystemExit) and _registry.terminated()):
            self.finish("KILLED")
        else:
            self.finish("FAILED")

    def __repr__(self) -> str:
        return f"Run(run_id={self.run_id!r}, name={self.name!r}, mode={self.settings.mode!r})"


def next_step_after(info: Dict[str, Any]) -> int:
    """The step a resumed run continues from: one past the last step of its non-system metrics."""
    steps = [m.get("last_step", -1) for key, m in (info.get("metrics") or {}).items() if not key.startswith("system/")]
    return max(steps, default=-1) + 1
