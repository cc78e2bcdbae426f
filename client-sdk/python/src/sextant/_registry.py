"""Runs still open at interpreter exit are finished by atexit: FAILED (or KILLED) after an uncaught error.

SIGTERM (a scheduler's preemption, `kill`, `docker stop`) would end the process without atexit, leaving the
run RUNNING; unless the program handles SIGTERM itself, it becomes SystemExit(143) in the main thread, so
`finally` blocks and atexit run and the run ends KILLED with every point flushed.
"""
from __future__ import annotations

import atexit
import signal
import sys
import threading
from typing import Any, Optional, Set

_lock = threading.Lock()
_open_runs: Set[Any] = set()
_uncaught: Optional[type] = None
_terminated = False
_installed = False


def remember(run) -> None:
    global _installed
    with _lock:
        _open_runs.add(run)
        if not _installed:
            _installed = True
            _wrap_excepthook()
            _exit_on_sigterm()
            atexit.register(_finish_open_runs)


def forget(run) -> None:
    with _lock:
        _open_runs.discard(run)


def _wrap_excepthook() -> None:
    previous = sys.excepthook

    def hook(exc_type, exc, traceback):
        global _uncaught
        _uncaught = exc_type
        previous(exc_type, exc, traceback)

    sys.excepthook = hook


def _exit_on_sigterm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may install signal handlers
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return  # the program (or its framework) decides what SIGTERM means

    def on_sigterm(signum, frame):
        global _terminated
        _terminated = True
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_sigterm)


def _finish_open_runs() -> None:
    if _terminated:
        status = "KILLED"
    elif _uncaught is None:
        status = "FINISHED"
    else:
        status = "KILLED" if issubclass(_uncaught, KeyboardInterrupt) else "FAILED"
    with _lock:
        runs = list(_open_runs)
    for run in runs:
        run.finish(status)
