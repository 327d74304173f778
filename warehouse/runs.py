"""The ``runs`` table: one row per run, written through ``RunRecord`` alone.

A run is ``running`` from its start, records the furthest stage it reached,
and ends ``succeeded`` (after publication), ``failed`` (with its error or the
critical expectations that failed), or ``interrupted`` (killed; set by the
next run, which alone can tell, since it holds the writer lock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from warehouse.db import open_warehouse

RUN_STAGES = ("discover", "read", "extract", "load", "incidents", "validate", "publish")
"""Stages timed in ``runs.<stage>_seconds``."""
RUN_PROGRESS = (*RUN_STAGES, "done")
"""Values of ``runs.stage``, in order: the furthest stage a run reached; ``done`` once it ended normally."""

MESSAGE_LIMIT = 2000
"""Characters of an error kept in ``runs.message``."""

RunStatus = Literal["succeeded", "failed"]
"""How a run that was not killed ends."""


@dataclass(frozen=True, slots=True)
class RunCounts:
    """What a run did with its inputs: the terms of its accounting identity, and the rows it wrote.

    An *input* is one thing the run met and must account for: each path discovery
    yields (a file; a missing, unreadable or looping path it rejects; a hidden file
    or folder it ignores), where a file of many records (JSONL) counts one input per
    record (non-blank line), and a file rejected whole counts one. Every input ends
    as exactly one of: a document loaded, a document skipped (unchanged), a rejection,
    or an ignored input; ``balanced`` says whether that identity holds.
    """

    inputs_discovered: int = 0
    """Inputs the run met (see above)."""
    documents_read: int = 0
    """Documents loaded (new or changed)."""
    documents_skipped: int = 0
    """Documents unchanged since an earlier run of the same extractor version."""
    documents_rejected: int = 0
    """Inputs rejected (one ``rejected_files`` row each)."""
    documents_ignored: int = 0
    """Inputs left out by policy (hidden files and folders)."""
    documents_replaced: int = 0
    """Loaded documents that replaced an older version of the same source record (part of documents_read)."""
    events_loaded: int = 0
    """Events written."""
    quantities_loaded: int = 0
    """Quantities written."""

    @property
    def accounted(self) -> int:
        """Inputs with an outcome: loaded + skipped + rejected + ignored."""
        return self.documents_read + self.documents_skipped + self.documents_rejected + self.documents_ignored

    @property
    def balanced(self) -> bool:
        """True when every input discovered has exactly one outcome."""
        return self.inputs_discovered == self.accounted

    def describe(self) -> str:
        """The identity with this run's numbers, e.g. ``7 inputs discovered = 5 loaded + 0 skipped + 1 rejected + 1 ignored``."""
        sign = "=" if self.balanced else "!="
        return (
            f"{self.inputs_discovered} inputs discovered {sign} {self.documents_read} loaded"
            f" + {self.documents_skipped} skipped + {self.documents_rejected} rejected"
            f" + {self.documents_ignored} ignored"
        )


class AccountingError(RuntimeError):
    """A run's inputs do not add up: some input was lost (or counted twice) between discovery and loading."""


def utcnow() -> dt.datetime:
    """Now, in UTC, as the naive TIMESTAMP the warehouse stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, *, flow_run_id: str | None) -> None:
    """Record that a run has started: ``running`` until it finishes or fails."""
    con.execute(
        "INSERT INTO runs (run_id, flow_run_id, started_at, status) VALUES (?, ?, ?, 'running')",
        [run_id, flow_run_id, utcnow()],
    )


def record_stage(con: duckdb.DuckDBPyConnection, run_id: str, stage: str) -> None:
    """Record that a run has reached ``stage`` (one of ``RUN_PROGRESS``); ``runs.stage`` only moves forward.

    Reading, extraction and loading overlap batch by batch, so the stored stage is the furthest reached.
    """
    if stage not in RUN_PROGRESS:
        raise ValueError(f"unknown run stage {stage!r}; expected one of {RUN_PROGRESS}")
    con.execute(
        "UPDATE runs SET stage = $stage WHERE run_id = $run_id "
        "AND (stage IS NULL OR list_position($order, stage) < list_position($order, $stage))",
        {"stage": stage, "run_id": run_id, "order": list(RUN_PROGRESS)},
    )


def fail_run(con: duckdb.DuckDBPyConnection, run_id: str, *, message: str, status: str = "failed") -> bool:
    """Mark a run that is still ``running`` as ``failed`` (or ``interrupted``) with ``message``.

    Returns False when the run had already ended (e.g. its gate had failed it with its own message).
    """
    if status not in ("failed", "interrupted"):
        raise ValueError(f"a run is failed or interrupted, not {status!r}")
    rows = con.execute(
        "UPDATE runs SET ended_at = ?, status = ?, message = ? WHERE run_id = ? AND status = 'running' "
        "RETURNING run_id",
        [utcnow(), status, message, run_id],
    ).fetchall()
    return bool(rows)


def failure_message(exc: BaseException) -> str:
    """``runs.message`` for a run that raised ``exc``: its type and text, valid Unicode, at most ``MESSAGE_LIMIT``."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    # An error about an undecodable file name carries lone surrogates, which DuckDB refuses.
    text = text.encode("utf-8", errors="backslashreplace").decode("utf-8")
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "\u2026"


def record_failure(
    con: duckdb.DuckDBPyConnection, db_path: str | Path, run_id: str, exc: BaseException
) -> None:
    """Mark a run that raised ``exc`` ``failed`` with its error (``interrupted`` for a signal or Ctrl-C).

    Uses the run's connection; when that is unusable (an aborted transaction, a connection DuckDB
    invalidated), a fresh one to ``db_path``. A run that already ended (its gate failed it) keeps its
    own message. If the run cannot be marked at all, a note on ``exc`` says why; ``exc`` is what the
    caller raises.
    """
    status = "failed" if isinstance(exc, Exception) else "interrupted"
    message = failure_message(exc)
    try:
        fail_run(con, run_id, message=message, status=status)
        return
    except duckdb.Error:
        pass
    try:
        con.execute("ROLLBACK")  # an aborted transaction refuses every statement until rolled back
        fail_run(con, run_id, message=message, status=status)
        return
    except duckdb.Error:
        con.close()
    try:
        with open_warehouse(db_path) as fresh:
            fail_run(fresh, run_id, message=message, status=status)
    except duckdb.Error as error:
        exc.add_note(f"run {run_id} could not be marked {status} in {db_path}: {error}")


def mark_interrupted_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark runs still ``running`` as ``interrupted``; call only while holding the writer lock.

    With the lock held no other run is alive, so such a row was left by a run
    that was killed.
    """
    rows = con.execute(
        "UPDATE runs SET status = 'interrupted', message = 'the run stopped'"
        " || coalesce(' during its ' || stage || ' stage', '')"
        " || ' before it finished (killed); see its Prefect flow run' "
        "WHERE status = 'running' RETURNING run_id"
    ).fetchall()
    return sorted(row[0] for row in rows)


class RunRecord:
    """The ``runs`` row of one run: every write to it goes through this object.

    Made by ``Warehouse.recorded_run``, which starts the row and fails it when the run raises.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str, interrupted: tuple[str, ...]) -> None:
        self.con = con
        self.run_id = run_id
        self.interrupted = interrupted
        """Runs this one found left ``running`` by a killed process, and marked ``interrupted``."""

    def reached(self, stage: str) -> None:
        """The run reached ``stage`` (``RUN_PROGRESS``); kept when it is further than the one stored."""
        record_stage(self.con, self.run_id, stage)

    def accounted(self, counts: RunCounts) -> None:
        """Store the run's accounting identity and what it loaded; ``AccountingError`` when it does not add up.

        Stored first, so that a run failed by its accounting shows the numbers that did not add up.
        """
        self.con.execute(
            """UPDATE runs SET inputs_discovered = ?, documents_read = ?, documents_skipped = ?,
                   documents_rejected = ?, documents_ignored = ?, documents_replaced = ?,
                   events_loaded = ?, quantities_loaded = ?
               WHERE run_id = ?""",
            [
                counts.inputs_discovered,
                counts.documents_read,
                counts.documents_skipped,
                counts.documents_rejected,
                counts.documents_ignored,
                counts.documents_replaced,
                counts.events_loaded,
                counts.quantities_loaded,
                self.run_id,
            ],
        )
        if not counts.balanced:
            # Some input was lost (or counted twice) on its way: nothing of this run may be validated or published.
            raise AccountingError(f"the run's inputs do not add up: {counts.describe()}")

    def finish(
        self,
        status: RunStatus,
        *,
        expectations_passed: int,
        expectations_failed: int,
        stage_seconds: Mapping[str, float],
        message: str | None = None,
        published_events: int | None = None,
    ) -> None:
        """End the run in one write: its status, validation counts, seconds per stage (``RUN_STAGES``),
        the clean events its snapshot holds (when it published one), and why it failed.

        A run succeeds only once everything it does is done (validated and published): its stage becomes ``done``.
        """
        if status not in ("succeeded", "failed"):
            raise ValueError(f"a run finishes succeeded or failed, not {status!r}")
        unknown = set(stage_seconds) - set(RUN_STAGES)
        if unknown:
            raise ValueError(f"unknown run stages: {sorted(unknown)}")
        seconds = {f"{stage}_seconds": round(value, 3) for stage, value in stage_seconds.items()}
        assignments = "".join(f", {column} = ?" for column in seconds)
        self.con.execute(
            f"""UPDATE runs SET ended_at = ?, status = ?, expectations_passed = ?, expectations_failed = ?,
                   message = ?, published_events = ?,
                   stage = CASE WHEN ? = 'succeeded' THEN 'done' ELSE stage END{assignments}
               WHERE run_id = ?""",
            [
                utcnow(),
                status,
                expectations_passed,
                expectations_failed,
                message,
                published_events,
                status,
                *seconds.values(),
                self.run_id,
            ],
        )


@contextmanager
def recorded_run(
    con: duckdb.DuckDBPyConnection,
    db_path: str | Path,
    run_id: str,
    *,
    flow_run_id: str | None,
    full_refresh: bool,
) -> Iterator[RunRecord]:
    """A run's row in ``runs`` for the ``with`` block; call while holding the writer lock.

    Marks runs left ``running`` by killed runs ``interrupted`` (``RunRecord.interrupted``), records this
    run as ``running``, and marks it failed (``record_failure``) when the block raises, re-raising.
    """
    interrupted = mark_interrupted_runs(con)
    start_run(con, run_id, flow_run_id=flow_run_id)
    con.execute("UPDATE runs SET full_refresh = ? WHERE run_id = ?", [full_refresh, run_id])
    try:
        yield RunRecord(con, run_id, tuple(interrupted))
    except BaseException as exc:
        record_failure(con, db_path, run_id, exc)
        raise
