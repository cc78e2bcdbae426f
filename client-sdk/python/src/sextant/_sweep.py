"""Sweeps: agents that take trials from the server, and the heartbeat that tells a trial when to stop.

A trial is a run the server already created with the trial's config. Inside a trial (an agent's function, or the
command an agent runs, which gets SEXTANT_SWEEP_ID / SEXTANT_RUN_ID / SEXTANT_CONFIG), `sextant.start_run()`
attaches to that run. While the run is open a background thread sends heartbeats; the server answers whether
the trial should stop (early termination), which `run.should_stop()` reports without touching the network.
A trial that the server stopped and that then finishes is recorded as KILLED, tagged with the reason.
"""
from __future__ import annotations

import inspect
import json
import logging
import os
import threading
import time
from typing import Any, Callable, Dict, Optional

from ._http import ApiError, SextantError, Transport

log = logging.getLogger("sextant")

ENV_SWEEP_ID = "SEXTANT_SWEEP_ID"
ENV_RUN_ID = "SEXTANT_RUN_ID"
ENV_CONFIG = "SEXTANT_CONFIG"
ENV_HEARTBEAT = "SEXTANT_HEARTBEAT_INTERVAL"
STOP_TAG = "sextant.sweep.stop_reason"

_current = threading.local()


def heartbeat_interval_s() -> float:
    """Seconds between heartbeats: SEXTANT_HEARTBEAT_INTERVAL, default 10."""
    raw = os.environ.get(ENV_HEARTBEAT)
    try:
        return max(0.05, float(raw)) if raw else 10.0
    except ValueError:
        return 10.0


class Heartbeat:
    """Sends a trial's heartbeats from a daemon thread and keeps the server's last stop decision."""

    def __init__(self, transport: Transport, sweep_id: str, run_id: str, interval_s: Optional[float] = None) -> None:
        self._transport = transport
        self._path = f"/api/v1/sweeps/{sweep_id}/trials/{run_id}/heartbeat"
        self._interval_s = heartbeat_interval_s() if interval_s is None else interval_s
        self._closed = threading.Event()
        self.stop_reason: Optional[str] = None
        self._thread = threading.Thread(target=self._loop, name=f"sextant-heartbeat-{run_id[:8]}", daemon=True)
        self._thread.start()

    @property
    def should_stop(self) -> bool:
        return self.stop_reason is not None

    def beat(self) -> None:
        try:
            answer = self._transport.request("POST", self._path, timeout_s=10.0) or {}
        except SextantError as error:  # the server is away for a moment; the next beat tries again
            log.debug("sextant: heartbeat failed: %s", error)
            return
        if answer.get("should_stop") and self.stop_reason is None:
            self.stop_reason = answer.get("reason") or "stopped by the sweep"
            log.info("sextant: the sweep asks this trial to stop: %s", self.stop_reason)

    def close(self) -> None:
        self._closed.set()

    def _loop(self) -> None:
        self.beat()
        while not self._closed.wait(self._interval_s):
            self.beat()


def next_trial(transport: Transport, sweep_id: str, poll_interval_s: float = 10.0) -> Optional[Dict[str, Any]]:
    """The next trial (its run already created), or None when the sweep has none left; waits while it is paused."""
    while True:
        try:
            return transport.request("POST", f"/api/v1/sweeps/{sweep_id}/next")
        except ApiError as error:
            if error.status != 409 or "paused" not in str(error):
                raise
            log.info("sextant: sweep %s is paused; asking again in %.0f s", sweep_id, poll_interval_s)
            time.sleep(poll_interval_s)


def trial_env(trial: Dict[str, Any]) -> Dict[str, str]:
    """What a trial's code reads to attach to its run."""
    return {ENV_SWEEP_ID: trial["sweep_id"], ENV_RUN_ID: trial["run_id"],
            ENV_CONFIG: json.dumps(trial["config"], separators=(",", ":"))}


def attached_run():
    """The run of the trial this thread's agent is running, if any (what start_run() returns inside a trial)."""
    return getattr(_current, "run", None)


def agent(sweep_id: str, function: Callable[..., Any], count: Optional[int] = None, *, url: Optional[str] = None,
          token: Optional[str] = None, poll_interval_s: float = 10.0) -> int:
    """Runs trials of a sweep in this process until the sweep has none left (or count trials ran).

    Each trial calls function() (or function(config) when it takes an argument) with the trial's run open:
    `sextant.start_run()` inside returns that run, and `run.should_stop()` reports early termination. A number the
    function returns is logged as the sweep metric. An exception marks the trial FAILED and the agent goes on.
    Returns how many trials ran.
    """
    from . import start_run
    from ._settings import Settings
    settings = Settings.resolve(url=url, token=token)
    transport = Transport(settings.url, settings.token, settings.request_timeout_s)
    done = 0
    while count is None or done < count:
        trial = next_trial(transport, sweep_id, poll_interval_s)
        if trial is None:
            break
        done += 1
        run = start_run(run_id=trial["run_id"], experiment_id=trial["experiment_id"], url=settings.url,
                        token=settings.token, system_metrics_interval_s=None)
        run.attach_sweep(sweep_id)
        _current.run = run
        saved = {key: os.environ.get(key) for key in (ENV_SWEEP_ID, ENV_RUN_ID, ENV_CONFIG)}
        os.environ.update(trial_env(trial))
        try:
            config = trial["config"]
            result = function(config) if _takes_argument(function) else function()
            metric = trial.get("metric_name")
            if isinstance(result, (int, float)) and not isinstance(result, bool) and metric and not run.finished:
                run.log({metric: float(result)})
            run.finish("FINISHED")
        except Exception:  # one bad trial must not end the sweep for this agent
            log.exception("sextant: trial %s of sweep %s failed", trial["trial_index"], sweep_id)
            run.finish("FAILED")
        finally:
            _current.run = None
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return done


def _takes_argument(function: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in parameters)
