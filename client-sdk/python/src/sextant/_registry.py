"""Runs still open at interpreter exit are finished by atexit: FAILED (or KILLED) after an uncaught error.

SIGTERM (a scheduler's preemption, `kill`, `docker stop`) would end the process without atexit, leaving the
run RUNNING. While runs are open, and unless the program handles SIGTERM itself, it becomes SystemExit(143) in
the main thread, so `finally` blocks and atexit run and the run ends KILLED with every point flushed. A SIGTERM
that arrives while the main thread is finishing a run waits until that run is delivered. Once no run is open,
SIGTERM means what it meant before.
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
_deferred = False  # SIGTERM came while the main thread was finishing a run
_finishing = 0  # runs the main thread is finishing right now
_installed = False


def remember(run) -> None:
    global _installed
    with _lock:
        _open_runs.add(run)
        if not _installed:
            _installed = True
            _wrap_excepthook()
            atexit.register(_finish_open_runs)
    _exit_on_sigterm()


def forget(run) -> None:
    with _lock:
        _open_runs.discard(run)
        last = not _open_runs
    if last and threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGTERM) is _on_sigterm:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def terminated() -> bool:
    return _terminated


class finishing:
    """Around a run's final flush: a SIGTERM meanwhile is held until the flush is done, then exits."""

    def __enter__(self) -> None:
        global _finishing
        if threading.current_thread() is threading.main_thread():
            _finishing += 1

    def __exit__(self, *exc) -> None:
        global _finishing, _deferred
        if threading.current_thread() is not threading.main_thread():
            return
        _finishing -= 1
        if _finishing == 0 and _deferred:
            _deferred = False
            raise SystemExit(128 + signal.SIGTERM)


def _wrap_excepthook() -> None:
    previous = sys.excepthook

    def hook(exc_type, exc, traceback):
        global _uncaught
        _uncaught = exc_type
        previous(exc_type, exc, traceback)

    sys.excepthook = hook


def _exit_on_sigterm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may install signal handlers; a later run on it will
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return  # ours already, or the program (or its framework) decides what SIGTERM means
    signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum, frame) -> None:
    global _terminated, _deferred
    _terminated = True
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    if _finishing:
        _deferred = True  # raising now would cut the final flush short
        return
    raise SystemExit(128 + signum)


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
