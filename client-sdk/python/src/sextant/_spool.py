"""The on-disk spool: one append-only JSON-lines file of requests per run, plus a replay cursor.

Each line is {"op": ..., "body": ...}, exactly what would have been sent. Replay reads from the cursor
(bytes already acknowledged by the server) and moves it forward after each acknowledged line. A crash
between sending a line and saving the cursor re-sends that line on the next replay, which is harmless:
run creation uses a client-chosen id and the server stores an identical metric point only once.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, BinaryIO, Iterator, List, Optional, Tuple

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a live run and a sync must not share a spool there.
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".jsonl"
REJECTED_SUFFIX = ".rejected.jsonl"


class Record:
    """One request of a run: an op name and its JSON body, kept encoded so a replay never re-encodes it."""

    __slots__ = ("op", "data")
    _BODY = b'","body":'

    def __init__(self, op: str, data: bytes) -> None:
        self.op = op
        self.data = data

    @staticmethod
    def of(op: str, body: Any) -> "Record":
        return Record(op, json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8"))

    @property
    def body(self) -> Any:
        return json.loads(self.data)

    @property
    def points(self) -> int:
        # Metric keys cannot contain '{' or '"', so this counts exactly the points the SDK wrote.
        return self.data.count(b'{"key":') if self.op == "metrics" else 0

    def line(self) -> bytes:
        return b'{"op":"' + self.op.encode("ascii") + self._BODY + self.data + b"}\n"

    @staticmethod
    def from_line(line: bytes) -> "Record":
        split = line.find(Record._BODY)
        if not line.startswith(b'{"op":"') or split < 0 or not line.endswith(b"}\n"):
            raise ValueError(f"not a spool line: {line[:80]!r}")
        return Record(line[7:split].decode("ascii"), line[split + len(Record._BODY):-2])


class Spool:
    """The spool of one run. Not thread-safe: it belongs to one sender thread (or one sync)."""

    def __init__(self, directory: Path, run_id: str) -> None:
        self.directory = Path(directory)
        self.run_id = run_id
        self.path = self.directory / (run_id + SUFFIX)
        self.cursor_path = self.directory / (run_id + ".cursor")
        self.rejected_path = self.directory / (run_id + REJECTED_SUFFIX)
        self.artifact_dir = self.directory / (run_id + ".artifacts")
        self._file: Optional[BinaryIO] = None
        self._locked = False

    def lock(self, wait: bool = True) -> bool:
        """Takes the run's lock (held until close); False when another process holds it and wait is False."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._file is None:
            self._file = open(self.path, "ab")
        if fcntl is None or self._locked:
            return True
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        self._locked = True
        return True

    def append(self, record: Record) -> None:
        self._writer().write(record.line())
        self._writer().flush()

    def _writer(self) -> BinaryIO:
        self.lock()
        assert self._file is not None
        return self._file

    def has_pending(self) -> bool:
        return self.path.exists() and self.path.stat().st_size > self.cursor()

    def cursor(self) -> int:
        try:
            return int(self.cursor_path.read_text().strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def save_cursor(self, offset: int) -> None:
        temporary = self.cursor_path.with_suffix(".cursor.tmp")
        temporary.write_text(str(offset))
        os.replace(temporary, self.cursor_path)

    def pending(self) -> Iterator[Tuple[int, Record]]:
        """(offset after the line, record) for every line after the cursor; a torn last line is skipped."""
        with open(self.path, "rb") as stream:
            stream.seek(self.cursor())
            for line in stream:
                if not line.endswith(b"\n"):
                    return
                yield stream.tell(), Record.from_line(line)

    def count_pending(self) -> int:
        with open(self.path, "rb") as stream:
            stream.seek(self.cursor())
            return sum(1 for line in stream if line.endswith(b"\n"))

    def reset(self) -> None:
        """Everything was acknowledged: empty the file (keeping the lock) and the cursor."""
        self._writer().truncate(0)
        self._writer().flush()
        self.cursor_path.unlink(missing_ok=True)

    def reject(self, record: Record, error: Exception) -> None:
        """Keeps a refused request in the dead-letter file, with the server's reason."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.rejected_path, "ab") as stream:
            stream.write(b'{"error": ' + json.dumps(str(error)).encode("utf-8") + b', "op": "' + record.op.encode("ascii")
                         + b'", "body": ' + record.data + b"}\n")

    def close(self, remove_if_empty: bool = True) -> None:
        empty = not self.has_pending()
        if self._file is not None:
            if empty and remove_if_empty:
                self.path.unlink(missing_ok=True)
                self.cursor_path.unlink(missing_ok=True)
            self._file.close()  # releases the lock
            self._file = None
            self._locked = False
        if empty and remove_if_empty and self.artifact_dir.exists():
            _remove_tree(self.artifact_dir)


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    path.rmdir()


def spooled_run_ids(directory: Path) -> List[str]:
    """Run ids with a spool file in directory."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(p.name[: -len(SUFFIX)] for p in directory.glob("*" + SUFFIX)
                  if not p.name.endswith(REJECTED_SUFFIX))
