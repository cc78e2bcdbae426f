"""Runs still open at interpreter exit are finished by atexit: FAILED (or KILLED) after an uncaught error."""
from __future__ import annotations

import atexit
import sys
import threading
from typing import Any, Optional, Set

_lock = threading.Lock()
_open_runs: Set[Any] = set()
_uncaught: Optional[type] = None
_installed = False


def remember(run) -> None:
    global _installed
    with _lock:
        _open_runs.add(run)
        if not _installed:
            _installed = True
            _wrap_excepthook()
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


def _finish_open_runs() -> None:
    if _uncaught is None:
        status = "FINISHED"
    else:
        status = "KILLED" if issubclass(_uncaught, KeyboardInterrupt) else "FAILED"
    with _lock:
        runs = list(_open_runs)
    for run in runs:
        run.finish(status)
