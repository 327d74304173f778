"""One writing run per warehouse at a time.

DuckDB lets a single process write a database file. A run opens and closes
the warehouse several times, so DuckDB's own file lock cannot keep a second
run from slipping in between two stages; this advisory lock, held for the
whole run, does. It is an OS lock (``flock``) on ``<warehouse>.lock``: the
kernel drops it when the holding process dies, even by SIGKILL, so a crashed
run never leaves a stale lock behind.

The holder names itself in ``<warehouse>.lock.holder`` (process id, what it
does, since when), so that a process waiting for the lock can say whom it
waits for. The record is a separate file because the lock file belongs to
``filelock``, whose versions differ on whether they truncate it. A record
left behind by a killed holder is recognised by its dead process id and
ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from extractors.paths import path_text
from warehouse.files import replaced_atomically

WAIT_REPORT_SECONDS = 2.0
"""How often a waiting process looks again at who holds the lock (and reports a new holder)."""

HOLDER_TEXT_LIMIT = 200
"""Longest holder description kept in the record, in characters (command lines can be long)."""


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse's writer lock for longer than the timeout."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds a warehouse's writer lock, as the holder recorded it when it took the lock."""

    pid: int
    """Process id of the holder, on ``host``."""
    holder: str
    """What the holder does: ``run <run id>``, ``query``, or its command line."""
    since: dt.datetime
    """When the holder took the lock (UTC, timezone-aware)."""
    host: str
    """Host name of the holder's machine: a process id means nothing on another machine."""

    def describe(self) -> str:
        """``run X (pid N) since 2016-12-01 10:00:00 UTC``."""
        return f"{self.holder} (pid {self.pid}) since {self.since:%Y-%m-%d %H:%M:%S} UTC"


def _printable(text: str) -> str:
    # Command lines may carry undecodable bytes (surrogate escapes), which no stream can print.
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")[:HOLDER_TEXT_LIMIT]


def _command_line() -> str:
    return " ".join([Path(sys.argv[0]).name if sys.argv else "python", *sys.argv[1:]])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def read_holder(holder_file: Path) -> LockHolder | None:
    """The holder recorded in ``holder_file``; None when unknown, unreadable, or its process is gone."""
    try:
        record = json.loads(holder_file.read_text(encoding="utf-8"))
        holder = LockHolder(
            pid=int(record["pid"]),
            holder=_printable(str(record["holder"])),
            since=dt.datetime.fromisoformat(record["since"]),
            host=str(record["host"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if holder.host == socket.gethostname() and not _alive(holder.pid):
        return None  # left behind by a killed holder; the kernel has released its lock
    return holder


def _write_holder(holder_file: Path, holder: str) -> None:
    record = {
        "pid": os.getpid(),
        "holder": _printable(holder),
        "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
    }
    # Written whole and renamed, so a waiting process never reads half a record.
    with replaced_atomically(holder_file) as stream:
        stream.write(json.dumps(record))


def _describe(holder: LockHolder | None) -> str:
    return holder.describe() if holder else "another process (it has not named itself)"


def _print_waiting(message: str) -> None:
    print(f"eventetl: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class WriterLock:
    """The writer lock of one warehouse: its lock file and its holder record (``warehouse.database.Warehouse``
    names both)."""

    warehouse: Path
    """The warehouse file the lock guards (named in messages)."""
    lock_file: Path
    """The file ``filelock`` locks."""
    holder_file: Path
    """The record of who holds the lock."""

    def holder(self) -> LockHolder | None:
        """Who holds the lock now, as recorded; None when unknown or its process is gone."""
        return read_holder(self.holder_file)

    @contextmanager
    def hold(
        self,
        *,
        timeout: float,
        holder: str | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> Iterator[None]:
        """Hold the lock for the ``with`` block, waiting at most ``timeout`` seconds.

        ``holder`` says what this process does (``run <run id>``, ``query``;
        default: its command line); it is recorded for processes that wait.
        While this process waits, ``on_wait`` (default: a line on stderr) is told
        who holds the lock, again whenever the holder changes. Raises
        ``WarehouseBusy`` naming the warehouse and the holder when it keeps the
        lock longer than ``timeout``.
        """
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        # thread_local=False: Prefect may run the end of a flow on another thread than its start.
        lock = FileLock(self.lock_file, thread_local=False)
        self._acquire(lock, timeout, on_wait or _print_waiting)
        try:
            with suppress(OSError):  # the record only informs; failing to write it must not stop the holder
                _write_holder(self.holder_file, holder or _command_line())
            yield
        finally:
            # Before the release: afterwards the record may already be the next holder's.
            with suppress(OSError):
                self.holder_file.unlink(missing_ok=True)
            lock.release()

    def _acquire(self, lock: FileLock, timeout: float, report: Callable[[str], None]) -> None:
        """Take ``lock``, reporting each new holder while waiting; ``WarehouseBusy`` after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        reported: list[LockHolder | None] = []  # the holders announced so far; empty before the first wait
        attempt = 0.0  # the first attempt does not wait, so the holder is reported at once
        while True:
            try:
                lock.acquire(timeout=attempt)
                return
            except Timeout:
                current = self.holder()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WarehouseBusy(
                        f"warehouse {path_text(self.warehouse)} is busy: {_describe(current)} holds its lock "
                        f"({path_text(self.lock_file)}); waited more than {timeout:g} s; "
                        "try again when it has finished"
                    ) from None
                if not reported or current != reported[-1]:
                    report(
                        f"waiting for the writer lock of {path_text(self.warehouse)}, held by {_describe(current)}"
                    )
                    reported.append(current)
                attempt = min(remaining, WAIT_REPORT_SECONDS)
