"""``eventetl check``: is a warehouse consistent? One verdict per check, each with its evidence.

The checks read the warehouse (and its BI snapshot) and change nothing. The
caller holds the writer lock, so no run is writing while they look: a run
still marked ``running`` was killed.

- ``keys``: no two rows share a key (document, event, quantity and run ids),
  and no source record is stored twice (one version per ``source_key`` and
  record id).
- ``references``: no orphans: every event's document, every quantity's event,
  and the run that loaded each document, event and quantity exist.
- ``accounting``: the last run that accounted for its inputs satisfies
  inputs discovered = loaded + skipped + rejected + ignored.
- ``snapshot``: the BI snapshot is the one the last successful publishing run
  published: not older than that run, and with as many ``events_clean`` rows
  as that run recorded publishing.
- ``runs``: no run is left ``running``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from warehouse.database import Warehouse

Verdict = Literal["pass", "fail", "skip"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict of one check."""

    name: str
    """Stable check name: keys, references, accounting, snapshot, runs."""
    verdict: Verdict
    """pass; fail; or skip when there is nothing to check yet (e.g. no run has published a snapshot)."""
    detail: str
    """One line: what was found, with the numbers or ids that failed."""

    @property
    def failed(self) -> bool:
        """True when the check found a problem."""
        return self.verdict == "fail"


# (what is counted, SQL returning the number of offending rows)
DUPLICATE_QUERIES = (
    ("duplicate doc_id", "SELECT count(*) - count(DISTINCT doc_id) FROM documents"),
    ("duplicate event_id", "SELECT count(*) - count(DISTINCT event_id) FROM events"),
    ("duplicate quantity_id", "SELECT count(*) - count(DISTINCT quantity_id) FROM quantities"),
    ("duplicate run_id", "SELECT count(*) - count(DISTINCT run_id) FROM runs"),
)
SOURCE_RECORD_DUPLICATES = (
    "source record stored twice",
    "SELECT count(*) FROM (SELECT source_key, external_id FROM documents GROUP BY ALL HAVING count(*) > 1)",
)
"""Only with migration 007's ``source_key``: a source record has one current version."""
ORPHAN_QUERIES = (
    (
        "events without their document",
        "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = e.doc_id)",
    ),
    (
        "quantities without their event",
        "SELECT count(*) FROM quantities q WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = q.event_id)",
    ),
    (
        "documents of an unknown run",
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = d.run_id)",
    ),
    (
        "events of an unknown run",
        "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = e.run_id)",
    ),
    (
        "quantities of an unknown run",
        "SELECT count(*) FROM quantities q WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = q.run_id)",
    ),
)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? AND column_name = ?",
            [table, column],
        ).fetchone()[0]  # type: ignore[index]
    )


def _problems(con: duckdb.DuckDBPyConnection, queries: tuple[tuple[str, str], ...]) -> list[str]:
    found = ((label, _count(con, sql)) for label, sql in queries)
    return [f"{n} {label}" for label, n in found if n]


def check_keys(con: duckdb.DuckDBPyConnection) -> CheckResult:
    """No duplicate ids, and one stored version per source record."""
    queries: tuple[tuple[str, str], ...] = DUPLICATE_QUERIES
    if _has_column(con, "documents", "source_key"):
        queries = (*queries, SOURCE_RECORD_DUPLICATES)
    problems = _problems(con, queries)
    if problems:
        return CheckResult("keys", "fail", "; ".join(problems))
    return CheckResult("keys", "pass", "no duplicate document, event, quantity or run ids")


def check_references(con: duckdb.DuckDBPyConnection) -> CheckResult:
    """No orphans: events -> documents, quantities -> events, rows -> the run that loaded them."""
    problems = _problems(con, ORPHAN_QUERIES)
    if problems:
        return CheckResult("references", "fail", "; ".join(problems))
    return CheckResult(
        "references", "pass", "every event has its document, every quantity its event, every row its run"
    )


def check_accounting(con: duckdb.DuckDBPyConnection) -> CheckResult:
    """The accounting identity of the last run that recorded its inputs."""
    row = con.execute(
        """SELECT run_id, inputs_discovered, documents_read, documents_skipped, documents_rejected,
                  documents_ignored
           FROM runs WHERE inputs_discovered IS NOT NULL ORDER BY started_at DESC, run_id DESC LIMIT 1"""
    ).fetchone()
    if row is None:
        return CheckResult("accounting", "skip", "no run has recorded its inputs yet")
    run_id, discovered, read, skipped, rejected, ignored = row
    accounted = read + skipped + rejected + ignored
    sign = "=" if discovered == accounted else "!="
    identity = (
        f"run {run_id}: {discovered} inputs discovered {sign} {read} loaded + {skipped} skipped"
        f" + {rejected} rejected + {ignored} ignored"
    )
    if discovered != accounted:
        return CheckResult("accounting", "fail", f"{identity} (off by {discovered - accounted})")
    return CheckResult("accounting", "pass", identity)


def published_events(snapshot: Path) -> int:
    """Rows of ``events_clean`` in a BI snapshot file."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return _count(con, "SELECT count(*) FROM events_clean")
    finally:
        con.close()


def check_snapshot(con: duckdb.DuckDBPyConnection, warehouse: Warehouse) -> CheckResult:
    """The snapshot is what the last successful publishing run published."""
    row = con.execute(
        """SELECT run_id, started_at, published_events FROM runs
           WHERE status = 'succeeded' AND published_events IS NOT NULL
           ORDER BY started_at DESC, run_id DESC LIMIT 1"""
    ).fetchone()
    snapshot = warehouse.snapshot_file
    if row is None:
        return CheckResult("snapshot", "skip", "no successful run has recorded publishing a snapshot yet")
    run_id, started_at, expected = row
    if not snapshot.exists():
        return CheckResult("snapshot", "fail", f"{snapshot} is missing; run {run_id} published it")
    # started_at is naive UTC; the file's time is compared in UTC too.
    written = dt.datetime.fromtimestamp(snapshot.stat().st_mtime, dt.UTC).replace(tzinfo=None)
    if written < started_at:
        return CheckResult(
            "snapshot",
            "fail",
            f"{snapshot} was written at {written:%Y-%m-%d %H:%M:%S} UTC, before run {run_id} "
            "(the last successful one) published",
        )
    try:
        found = published_events(snapshot)
    except duckdb.Error as exc:
        return CheckResult("snapshot", "fail", f"{snapshot} cannot be read: {exc}")
    if found != expected:
        return CheckResult(
            "snapshot",
            "fail",
            f"{snapshot} holds {found} clean events; run {run_id} (the last successful one) published {expected}",
        )
    return CheckResult(
        "snapshot", "pass", f"{snapshot} holds the {found} clean events run {run_id} published"
    )


def check_runs(con: duckdb.DuckDBPyConnection) -> CheckResult:
    """No run is left ``running``: with the writer lock held, such a run was killed."""
    rows = con.execute(
        "SELECT run_id, stage FROM runs WHERE status = 'running' ORDER BY started_at, run_id"
    ).fetchall()
    if rows:
        left = ", ".join(f"{run_id} (during {stage or 'its start'})" for run_id, stage in rows)
        return CheckResult(
            "runs",
            "fail",
            f"left running, killed: {left}; the next run marks {'them' if len(rows) > 1 else 'it'} interrupted",
        )
    return CheckResult("runs", "pass", "no run is left running")


def check_warehouse(con: duckdb.DuckDBPyConnection, warehouse: Warehouse) -> tuple[CheckResult, ...]:
    """Every check, in order; ``con`` is a connection to ``warehouse`` and the caller holds its writer lock."""
    return (
        check_keys(con),
        check_references(con),
        check_accounting(con),
        check_snapshot(con, warehouse),
        check_runs(con),
    )
