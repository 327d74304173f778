"""One writing run per warehouse at a time.

DuckDB lets a single process write a database file. A run opens and closes
the warehouse several times, so DuckDB's own file lock cannot keep a second
run from slipping in between two stages; this advisory lock, held for the
whole run, does. It is an OS lock (``flock``) on ``<warehouse>.lock``: the
kernel drops it when the holding process dies, even by SIGKILL, so a crashed
run never leaves a stale lock behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class WarehouseBusy(RuntimeError):
    """Another run held the warehouse's writer lock for longer than the timeout."""


def lock_path(db_path: str | Path) -> Path:
    """The lock file of a warehouse: ``data/events.duckdb`` -> ``data/events.duckdb.lock``."""
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


@contextmanager
def writer_lock(db_path: str | Path, *, timeout: float) -> Iterator[None]:
    """Hold the warehouse's writer lock for the ``with`` block, waiting at most ``timeout`` seconds.

    Raises ``WarehouseBusy`` naming the warehouse when another run keeps it longer.
    """
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # thread_local=False: Prefect may run the end of a flow on another thread than its start.
    lock = FileLock(path, timeout=timeout, thread_local=False)
    try:
        lock.acquire()
    except Timeout as exc:
        raise WarehouseBusy(
            f"warehouse {db_path} is busy: another run has held its lock ({path}) "
            f"for more than {timeout:g} s; try again when it has finished"
        ) from exc
    try:
        yield
    finally:
        lock.release()
