"""Runs still open at interpreter exit are finished by atexit: FAILED (or KILLED) after an uncaught error.

SIGTERM (a scheduler's preemption, `kill`, `docker stop`) would end the process without atexit, leaving the
run RUNNING. While runs are open, and unless the program handles SIGTERM itself, it becomes SystemExit(143) in
the main thread, so `finally` blocks and atexit run and the run ends KILLED with every point flushed. A SIGTERM
that arrives while the main thread is finishing a run waits until that run is delivered, and one that arrives while
it is inside the sender's queue or waiting for the sender is held until it is out (see `holding_sigterm`). Once no
run is open, SIGTERM means what it meant before.
"""
from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import Any, Optional, Set

_lock = threading.Lock()
_open_runs: Set[Any] = set()
_uncaught: Optional[type] = None
_terminated = False
_deferred = False  # SIGTERM came while the main thread was holding it
_holding = 0  # how deep the main thread is in `holding_sigterm` blocks right now
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


class _HoldSigterm:
    """A block of main-thread SDK code that SIGTERM must not cut short: a SIGTERM meanwhile is held until the
    outermost such block ends, which then raises the SystemExit. Nests; does nothing on other threads.

    Two kinds of block need it. A run's final flush, which the SystemExit would cut short. And every main-thread call
    into the sender's queue.Queue or a threading.Event: their `with self.not_full:` / `with self._cond:` enter through
    threading.Condition.__enter__, which is Python code, so a signal handler can run after it acquired the lock and
    before the with block is set up; a SystemExit raised there leaves the lock held for good. It happened: a SIGTERM
    landing in log()'s queue.put left the sender queue's mutex held, finish() then blocked for ever on its own put,
    and the run stayed RUNNING. (A `with` on a plain threading.Lock is safe: its __enter__ is C code.)
    """

    def __enter__(self) -> None:
        global _holding
        if threading.get_ident() == _main_ident:  # log() passes here: cheaper than current_thread() is main_thread()
            _holding += 1

    def __exit__(self, *exc) -> None:
        global _holding, _deferred
        if threading.get_ident() != _main_ident:
            return
        _holding -= 1
        if _holding == 0 and _deferred:
            _deferred = False
            raise SystemExit(128 + signal.SIGTERM)


holding_sigterm = _HoldSigterm()  # stateless, so one instance serves every (nested) block
_main_ident = threading.main_thread().ident


def _after_fork_in_child() -> None:
    global _main_ident, _holding, _deferred
    _main_ident, _holding, _deferred = threading.main_thread().ident, 0, False  # the forking thread is main now


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


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
    if _holding:
        _deferred = True  # raising now could cut a final flush short or leave a queue's lock held; see _HoldSigterm
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
