"""Sextant client: log experiments to a Sextant server without ever blocking the training loop.

    import sextant
    with sextant.start_run(experiment="mnist", config={"lr": 0.01}) as run:
        for step in range(steps):
            run.log({"train/loss": loss}, step=step)
"""
from __future__ import annotations

import getpass
import logging
from typing import Any, Dict, Mapping, Optional

import os

from . import _ops, _registry, _sweep
from ._client import Client
from ._http import ApiError, ServerUnavailable, SextantError, Transport
from ._run import Run, next_step_after
from ._settings import Settings
from ._spool import Record, Spool
from ._sweep import agent
from ._sync import SyncResult, sync
from ._values import check_config, check_run_id, check_tags, new_run_id, now_ms

__version__ = "0.1.0"
__all__ = ["start_run", "init", "sync", "agent", "Run", "Client", "SyncResult", "SextantError", "ApiError",
           "ServerUnavailable", "__version__"]

log = logging.getLogger("sextant")


def start_run(experiment: Optional[str] = None, *, config: Optional[Mapping[str, Any]] = None,
              name: Optional[str] = None, tags: Optional[Mapping[str, Any]] = None, run_id: Optional[str] = None,
              url: Optional[str] = None, token: Optional[str] = None, mode: Optional[str] = None,
              spool_dir: Optional[str] = None, experiment_id: Optional[str] = None,
              parent_run_id: Optional[str] = None, user: Optional[str] = None,
              system_metrics_interval_s: Optional[float] = -1.0, **tuning: Any) -> Run:
    """Starts a run, or resumes one when run_id names an existing run (it is created when missing).

    experiment is a name (created when missing); experiment_id picks one by id; neither means Default.
    url / token / mode / spool_dir default to SEXTANT_URL, SEXTANT_TOKEN, SEXTANT_MODE ("online" or
    "offline") and SEXTANT_SPOOL_DIR. System metrics are sampled every system_metrics_interval_s seconds
    (default SEXTANT_SYSTEM_METRICS_INTERVAL or 10; None or 0 turns them off). tuning overrides Settings
    fields such as batch_points, flush_interval_s, queue_size, finish_timeout_s.

    Online, the run is created before this returns, so a refused request (bad experiment id, ...) raises
    ApiError here; if the server is unreachable the run starts anyway and everything is spooled.

    Inside a sweep trial (an agent's function, or a command run by `python -m sextant agent`) start_run() without
    run_id attaches to the trial's run, which already holds the trial's config; `run.should_stop()` then follows
    the sweep's early termination.
    """
    if run_id is None:
        attached = _sweep.attached_run()
        if attached is not None and not attached.finished:
            if config:
                attached.log_config(config)
            if tags:
                attached.set_tags(tags)
            return attached
        run_id = os.environ.get(_sweep.ENV_RUN_ID) or None
        sweep_id = os.environ.get(_sweep.ENV_SWEEP_ID) if run_id else None
    else:
        sweep_id = None
    settings = Settings.resolve(url=url, token=token, mode=mode, spool_dir=spool_dir,
                                system_metrics_interval_s=system_metrics_interval_s, **tuning)
    resuming = run_id is not None
    run_id = check_run_id(run_id) if run_id is not None else new_run_id()
    body: Dict[str, Any] = {"run_id": run_id, "experiment_id": experiment_id,
                            "experiment_name": experiment if experiment_id is None else None,
                            "name": name, "user": user if user is not None else _user(),
                            "start_time_ms": now_ms(), "parent_run_id": parent_run_id,
                            "config": check_config(config) if config else None,
                            "tags": check_tags(tags) if tags else None}
    body = {key: value for key, value in body.items() if value is not None}
    transport = Transport(settings.url, settings.token, settings.request_timeout_s)
    spool = Spool(settings.spool_dir, run_id)
    op = "resume" if resuming else "create"
    info: Optional[Dict[str, Any]] = None
    if settings.mode == "online":
        try:
            info = _ops.send_with_retry(lambda: _ops.send(transport, spool, run_id, Record.of(op, body), 10.0),
                                        attempts=2, backoff=_ops.Backoff(0.2, 1.0))
        except ServerUnavailable as error:
            log.warning("sextant: server unreachable at %s (%s); run %s starts anyway and is spooled to %s",
                        settings.url, error, run_id, spool.path)
    run = Run(run_id, settings, transport, spool, info or {"name": name},
              next_step=next_step_after(info) if info else 0, first_op=None if info else (op, body))
    if resuming:
        # A resumed run that already exists keeps its old config and tags; new ones are added explicitly.
        if config:
            run.log_config(config)
        if tags:
            run.set_tags(tags)
    _registry.remember(run)
    if sweep_id:
        run.attach_sweep(sweep_id)
    return run


init = start_run
"""W&B-style alias of start_run."""


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return ""
