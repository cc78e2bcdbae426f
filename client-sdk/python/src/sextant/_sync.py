"""Uploading spooled runs (offline runs, or online runs that ended while the server was away)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import List, Optional, TextIO

from . import _ops
from ._http import ApiError, ServerUnavailable, Transport
from ._settings import Settings
from ._spool import Spool, spooled_run_ids


@dataclass
class SyncResult:
    """What happened to one spooled run. status: "synced", "busy" (a live process holds it) or "failed"."""

    run_id: str
    status: str
    requests: int = 0
    points: int = 0
    rejected: int = 0
    error: Optional[str] = None


def sync(directory: Optional[str] = None, *, url: Optional[str] = None, token: Optional[str] = None,
         progress: Optional[TextIO] = sys.stderr) -> List[SyncResult]:
    """Uploads every run spooled in directory (default SEXTANT_SPOOL_DIR or ~/.sextant/spool) to the server,
    exactly once, printing a progress line per run to progress (None for silence). Synced spools are removed;
    a run whose upload failed keeps its spool and cursor, so running sync again resumes where it stopped."""
    settings = Settings.resolve(url=url, token=token, mode="online", spool_dir=directory)
    transport = Transport(settings.url, settings.token, settings.request_timeout_s)
    return [_sync_run(transport, Spool(settings.spool_dir, run_id), progress)
            for run_id in spooled_run_ids(settings.spool_dir)]


def _sync_run(transport: Transport, spool: Spool, progress: Optional[TextIO]) -> SyncResult:
    result = SyncResult(spool.run_id, "synced")
    if not spool.lock(wait=False):
        result.status = "busy"
        _print(progress, f"sync {spool.run_id}: skipped, a running process is still writing it\n")
        return result
    try:
        total = spool.count_pending()
        backoff = _ops.Backoff(0.5, 5.0)
        for offset, record in spool.pending():
            try:
                _ops.send_with_retry(lambda: _ops.send(transport, spool, spool.run_id, record), 6, backoff)
                result.points += record.points
            except ApiError as error:
                spool.reject(record, error)
                result.rejected += 1
                _print(progress, f"\nsync {spool.run_id}: server refused a {record.op!r} request: {error}\n")
            spool.save_cursor(offset)
            result.requests += 1
            _print(progress, f"\rsync {spool.run_id}: {result.requests}/{total} requests, {result.points:,} points")
        _print(progress, "\n" if total else f"sync {spool.run_id}: nothing to upload\n")
    except ServerUnavailable as error:
        result.status, result.error = "failed", str(error)
        _print(progress, f"\nsync {spool.run_id}: server unreachable ({error}); run sync again to resume\n")
    finally:
        spool.close(remove_if_empty=True)
    return result


def _print(stream: Optional[TextIO], text: str) -> None:
    if stream is not None:
        stream.write(text)
        stream.flush()
