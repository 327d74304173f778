"""Opening the warehouse and bringing its schema up to date.

The schema is created and upgraded by the numbered SQL files in
``warehouse/migrations``; each applied file is recorded in
``schema_migrations`` so a migration runs once per database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

MIGRATION_NAME = re.compile(r"^(?P<number>\d{3})_(?P<name>\w+)\.sql$")
CLEAN_VIEW_OWN_COMMENTS = frozenset({"dq_status", "dq_failed"})
"""Columns a ``<table>_clean`` view describes in its own words ("always pass in this view"); its
other columns carry their base table's comment (``inherit_clean_view_comments``)."""


def connect(db_path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file (its folder is created when writing)."""
    path = Path(db_path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


@contextmanager
def open_warehouse(db_path: str | Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for the length of a ``with`` block; migrated first when writable."""
    con = connect(db_path, read_only=read_only)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


def available_migrations() -> list[tuple[int, str, str]]:
    """(number, file name, SQL) of every migration shipped with the package, in order."""
    found = []
    for entry in resources.files("warehouse.migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match["number"]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this database has not seen, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    done = []
    for number, name, sql in available_migrations():
        if number in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [number, name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        done.append(name)
    if done:
        inherit_clean_view_comments(con)
        # Schema changes go into the main file at once. Left in the write-ahead log, DuckDB 1.5 fails
        # to replay them ("GetDefaultDatabase with no default database set"): a first run killed
        # before any checkpoint left a warehouse that could not be opened again.
        con.execute("CHECKPOINT")
    return done


def inherit_clean_view_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Give each column of a ``<table>_clean`` view, and of ``events_counted`` (the clean events BI
    counts), its base table's comment (except ``CLEAN_VIEW_OWN_COMMENTS``). A migration that
    recreates such a view, or rewords a base column's comment, then need not restate the view's
    comments: they cannot drift apart."""
    rows = con.execute(
        "SELECT v.table_name, v.column_name, b.comment FROM duckdb_columns() v "
        "JOIN duckdb_views() w ON w.view_name = v.table_name AND w.schema_name = v.schema_name "
        "JOIN duckdb_columns() b ON b.table_name = regexp_replace(v.table_name, '_(clean|counted)$', '') "
        "AND b.database_name = v.database_name AND b.schema_name = v.schema_name AND b.column_name = v.column_name "
        "WHERE NOT w.internal AND regexp_matches(v.table_name, '_(clean|counted)$') AND b.comment IS NOT NULL "
        "AND v.comment IS DISTINCT FROM b.comment"
    ).fetchall()
    for view, column, comment in rows:
        if column not in CLEAN_VIEW_OWN_COMMENTS:
            escaped = comment.replace("'", "''")
            con.execute(f'COMMENT ON COLUMN "{view}"."{column}" IS \'{escaped}\'')
