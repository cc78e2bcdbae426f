"""`python -m sextant agent SWEEP_ID -- cmd --lr ${lr}`: run a command per trial of a sweep.

${name} in the command becomes the trial's value of that parameter (dotted names for nested ones), ${args} every
parameter as --name=value. The command also gets SEXTANT_SWEEP_ID, SEXTANT_RUN_ID and SEXTANT_CONFIG (JSON), so
its `sextant.start_run()` attaches to the trial's run. The agent sends heartbeats while the command runs; when the
sweep stops the trial early and the command does not end by itself, it gets SIGTERM. A run the command left
RUNNING is ended from its exit code: FINISHED for 0, FAILED otherwise, KILLED when the sweep stopped it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional

from ._http import Transport
from ._settings import Settings
from ._sweep import STOP_TAG, Heartbeat, next_trial, trial_env
from ._values import now_ms

_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


def flat(config: Dict[str, Any], prefix: str = "") -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict) and value:
            out.update(flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def expand(command: List[str], config: Dict[str, Any]) -> List[str]:
    """The command with ${name} and ${args} replaced; an unknown name is an error, not a silent empty string."""
    values = flat(config)
    argv: List[str] = []
    for part in command:
        if part == "${args}":
            argv.extend(f"--{key}={_text(value)}" for key, value in values.items())
            continue

        def replace(match: "re.Match[str]") -> str:
            name = match.group(1)
            if name not in values:
                raise KeyError(f"the command names ${{{name}}} but the trial's config has {sorted(values)}")
            return _text(values[name])
        argv.append(_PLACEHOLDER.sub(replace, part))
    return argv


def run_agent(sweep_id: str, command: List[str], count: Optional[int] = None, url: Optional[str] = None,
              token: Optional[str] = None, poll_interval_s: float = 10.0) -> int:
    if not command:
        raise SystemExit("agent: give the command to run after --, e.g. -- python train.py --lr ${lr}")
    settings = Settings.resolve(url=url, token=token)
    transport = Transport(settings.url, settings.token, settings.request_timeout_s)
    done = 0
    while count is None or done < count:
        trial = next_trial(transport, sweep_id, poll_interval_s)
        if trial is None:
            break
        done += 1
        _run_trial(transport, settings, trial, command)
    print(f"sextant agent: {done} trial(s) of sweep {sweep_id} ran", file=sys.stderr)
    return 0


def _run_trial(transport: Transport, settings: Settings, trial: Dict[str, Any], command: List[str]) -> None:
    env = dict(os.environ)
    env.update(trial_env(trial))
    env["SEXTANT_URL"] = settings.url
    if settings.token:
        env["SEXTANT_TOKEN"] = settings.token
    heartbeat = Heartbeat(transport, trial["sweep_id"], trial["run_id"])
    signalled = False
    try:
        argv = expand(command, trial["config"])
        print(f"sextant agent: trial {trial['trial_index']} (run {trial['run_id']}): {' '.join(argv)}", file=sys.stderr)
        child = subprocess.Popen(argv, env=env)
        while child.poll() is None:
            if heartbeat.should_stop and not signalled:
                child.terminate()
                signalled = True
            time.sleep(0.1)
        code = child.returncode
    except (OSError, KeyError) as error:
        print(f"sextant agent: trial {trial['trial_index']} could not start: {error}", file=sys.stderr)
        code = 127
    finally:
        heartbeat.close()
    _end_run_left_running(transport, trial["run_id"], code, heartbeat.stop_reason if signalled else None)


def _end_run_left_running(transport: Transport, run_id: str, code: int, stop_reason: Optional[str]) -> None:
    path = f"/api/v1/runs/{run_id}"
    if transport.request("GET", path).get("status") != "RUNNING":
        return
    if stop_reason:
        transport.request("PUT", f"{path}/tags", {"tags": {STOP_TAG: stop_reason}})
    status = "KILLED" if stop_reason else "FINISHED" if code == 0 else "FAILED"
    transport.request("PATCH", path, {"status": status, "end_time_ms": now_ms()})
