"""The read-only copy of the warehouse that BI tools open.

DuckDB lets one process write a database file, and any process that holds it
open, even read-only, keeps the writer out. BI tools therefore never open the
working file: after each run whose critical expectations pass, the warehouse
is checkpointed, copied to a temporary file beside it, checked, and renamed
over ``<warehouse>.bi.duckdb``. The rename is atomic, so a reader sees either
the previous complete snapshot or the new one; a reader that still holds the
previous file open keeps reading it until it reconnects.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import duckdb

from warehouse.db import open_warehouse

SNAPSHOT_CHECK = "SELECT count(*) FROM fact_events"
"""A query the snapshot must answer before it replaces the previous one."""


def snapshot_path(db_path: str | Path) -> Path:
    """Where the BI snapshot of a warehouse lives: ``data/events.duckdb`` -> ``data/events.bi.duckdb``."""
    path = Path(db_path)
    return path.with_name(f"{path.stem}.bi{path.suffix or '.duckdb'}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_snapshot(db_path: str | Path) -> Path:
    """Publish a read-only snapshot of the warehouse; the caller holds the writer lock.

    Returns the snapshot's path. On any error the previous snapshot is left as it was.
    """
    source = Path(db_path)
    target = snapshot_path(source)
    with open_warehouse(source) as con:
        con.execute("CHECKPOINT")  # every committed change into the main file, so a file copy is complete
    wal = source.with_name(source.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RuntimeError(f"cannot snapshot {source}: its write-ahead log {wal} was not checkpointed")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, temporary)
        os.chmod(temporary, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        _fsync(temporary)
        check = duckdb.connect(str(temporary), read_only=True)
        try:
            check.execute(SNAPSHOT_CHECK).fetchone()
        finally:
            check.close()
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync(target.parent)
    return target
