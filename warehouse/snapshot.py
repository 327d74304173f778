"""The read-only copy of the warehouse that BI tools open.

DuckDB lets one process write a database file, and any process that holds it
open, even read-only, keeps the writer out. BI tools therefore never open the
working file: after each run whose critical expectations pass, the documented
BI relations (``BI_RELATIONS``: the star schema over the clean rows) are
written as tables, with their comments, into a new DuckDB file beside the
warehouse, which is checked and renamed over ``<warehouse>.bi.duckdb``. The
rename is atomic, so a reader sees either the previous complete snapshot or
the new one; a reader that still holds the previous file open keeps reading it
until it reconnects.

The snapshot holds nothing else: no base table, so no document text (of
documents that failed checks or not), no server paths of rejected files, no
run records. It is written in DuckDB storage format ``SNAPSHOT_STORAGE_VERSION``
so that the DuckDB 1.x engines embedded in BI drivers can open it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import duckdb

from warehouse.db import open_warehouse

BI_RELATIONS = (
    "fact_events",
    "fact_quantities",
    "fact_incidents",
    "fact_claims",
    "dim_documents",
    "dim_places",
    "dim_actors",
    "dim_dates",
    "dim_event_types",
    "events_clean",
)
"""The relations the BI snapshot publishes, as tables (README "Connecting BI tools"), in export order."""

SNAPSHOT_STORAGE_VERSION = "v1.0.0"
"""Storage format of the snapshot file: the oldest DuckDB 1.x engines read it."""

SNAPSHOT_CHECK = "SELECT count(*) FROM fact_events"
"""A query the snapshot must answer before it replaces the previous one."""

SNAPSHOT_ALIAS = "bi_snapshot"
"""Name the new snapshot file is attached under on the writer's connection while it is written."""


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sql_string(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_relations(con: duckdb.DuckDBPyConnection, alias: str) -> None:
    """Each of ``BI_RELATIONS`` of the warehouse as a table of the attached ``alias``, with its comments."""
    con.execute("BEGIN TRANSACTION")  # one consistent view of the warehouse for every relation
    try:
        for name in BI_RELATIONS:
            relation = _identifier(name)
            con.execute(f"CREATE TABLE {alias}.main.{relation} AS SELECT * FROM main.{relation}")
            found = con.execute(
                "SELECT comment FROM duckdb_views() WHERE database_name = current_database() "
                "AND schema_name = 'main' AND view_name = ? "
                "UNION ALL SELECT comment FROM duckdb_tables() WHERE database_name = current_database() "
                "AND schema_name = 'main' AND table_name = ?",
                [name, name],
            ).fetchone()
            if found is None:
                raise RuntimeError(f"cannot snapshot: the warehouse has no relation {name}")
            if found[0]:
                con.execute(f"COMMENT ON TABLE {alias}.main.{relation} IS {_sql_string(found[0])}")
            columns = con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = current_database() "
                "AND schema_name = 'main' AND table_name = ? AND comment IS NOT NULL",
                [name],
            ).fetchall()
            for column, comment in columns:
                con.execute(
                    f"COMMENT ON COLUMN {alias}.main.{relation}.{_identifier(column)} IS {_sql_string(comment)}"
                )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _remove_leftovers(target: Path) -> None:
    # Temporary files of a publication that was killed; the caller holds the writer lock, so
    # no other publication is under way.
    for leftover in target.parent.glob(f".{target.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)


def publish_snapshot(db_path: str | Path, target: Path) -> Path:
    """Publish the BI snapshot of the warehouse at ``db_path`` as ``target``; the caller holds the writer lock.

    ``Warehouse.publish_snapshot`` names the target (``Warehouse.snapshot_file``). Returns ``target``.
    On any error the previous snapshot is left as it was.
    """
    source = Path(db_path)
    _remove_leftovers(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary_wal = temporary.with_name(temporary.name + ".wal")
    try:
        with open_warehouse(source) as con:
            con.execute(
                f"ATTACH {_sql_string(temporary)} AS {SNAPSHOT_ALIAS} "
                f"(STORAGE_VERSION {_sql_string(SNAPSHOT_STORAGE_VERSION)})"
            )
            try:
                _copy_relations(con, SNAPSHOT_ALIAS)
            finally:
                con.execute(f"DETACH {SNAPSHOT_ALIAS}")  # checkpoints the new file
        if temporary_wal.exists() and temporary_wal.stat().st_size > 0:
            # The rename below moves the main file only: its content must not be left in the log.
            raise RuntimeError(
                f"cannot publish {target}: its write-ahead log {temporary_wal} was not checkpointed"
            )
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
        temporary_wal.unlink(missing_ok=True)
    _fsync(target.parent)
    return target
