"""Writing the BI snapshot's tables to Parquet or CSV files, for tools that prefer files to a database.

The files are read from the published BI snapshot, never from the working
warehouse, so an export neither waits for nor blocks a running flow, and it
always holds one complete run's data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import duckdb

from warehouse.database import Warehouse
from warehouse.snapshot import BI_RELATIONS

ExportFormat = Literal["parquet", "csv"]

EXPORTED_RELATIONS = BI_RELATIONS
"""The tables written, one file each: every relation of the BI snapshot."""

COPY_OPTIONS: dict[str, str] = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}


class SnapshotMissing(FileNotFoundError):
    """No BI snapshot has been published for this warehouse yet."""


def export_tables(warehouse: Warehouse, out_dir: str | Path | None, fmt: ExportFormat) -> list[Path]:
    """Write each of ``EXPORTED_RELATIONS`` of the warehouse's BI snapshot to ``out_dir/<name>.<fmt>``
    (default ``out_dir``: ``Warehouse.export_dir``).

    Each file is written under a temporary name and renamed, so a reader never
    sees half a file. Returns the files written, in ``EXPORTED_RELATIONS`` order.
    """
    if fmt not in COPY_OPTIONS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(COPY_OPTIONS)}")
    source = warehouse.snapshot_file
    if not source.exists():
        raise SnapshotMissing(f"no BI snapshot at {source}: run `eventetl run` on {warehouse.path} first")
    out = warehouse.export_dir if out_dir is None else Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect(str(source), read_only=True)
    try:
        for name in EXPORTED_RELATIONS:
            target = out / f"{name}.{fmt}"
            temporary = out / f".{name}.{fmt}.tmp"
            quoted = str(temporary).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {name}) TO '{quoted}' ({COPY_OPTIONS[fmt]})")
            os.replace(temporary, target)
            written.append(target)
    finally:
        con.close()
    return written
