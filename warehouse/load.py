"""Loading typed records into the warehouse, a batch per transaction.

Records become Arrow tables only here, at the DuckDB boundary, and are
inserted in bulk (``INSERT ... SELECT`` from the Arrow table), never row by
row. A batch replaces the old version of each of its documents (events and
quantities included) in the same transaction, so a crash leaves every
document either at its old or at its new version.

Rows are inserted ``pending`` (the ``dq_status`` default) and count as clean
only once a validation has passed them. The ``runs`` bookkeeping is here too:
a run is ``running`` from ``start_run``, records the furthest stage it reached,
and ends ``succeeded`` (after publication), ``failed`` (with its error), or
``interrupted`` (killed; set by the next run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from extractors.records import DocumentRecord, EventRecord, RejectedInput, stable_id
from warehouse.db import open_warehouse


@dataclass(frozen=True, slots=True)
class LoadCounts:
    """How many rows one batch wrote."""

    documents: int
    """Documents inserted (new or replacing an older version)."""
    replaced: int
    """Inserted documents that replaced a stored version of the same source record."""
    events: int
    """Events inserted."""
    quantities: int
    """Quantities inserted."""


RUN_STAGES = ("discover", "read", "extract", "load", "validate", "publish")
"""Stages timed in ``runs.<stage>_seconds``."""
RUN_PROGRESS = (*RUN_STAGES, "done")
"""Values of ``runs.stage``, in order: the furthest stage a run reached; ``done`` once it ended normally."""


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

    inputs_discovered: int
    """Inputs the run met (see above)."""
    documents_read: int
    """Documents loaded (new or changed)."""
    documents_skipped: int
    """Documents unchanged since an earlier run of the same extractor version."""
    documents_rejected: int
    """Inputs rejected (one ``rejected_files`` row each)."""
    documents_ignored: int
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


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def documents_table(documents: Sequence[DocumentRecord], *, run_id: str, extractor_version: str) -> pa.Table:
    """The ``documents`` rows of a batch as an Arrow table."""
    now = _utcnow()
    return pa.Table.from_pylist(
        [
            {
                "doc_id": d.doc_id,
                "source_name": d.source_name,
                "source_key": d.source_key,
                "external_id": d.external_id,
                "source_uri": d.source_uri,
                "title": d.title,
                "publisher": d.publisher,
                "url": d.url,
                "published_date": d.published_date,
                "published_date_source": d.published_date_source,
                "content_sha256": d.content_sha256,
                "byte_size": d.byte_size,
                "format": d.format,
                "encoding": d.encoding,
                "encoding_guessed": d.encoding_guessed,
                "text": d.text,
                "time_anchors": [
                    {"char_offset": a.char_offset, "seconds": a.seconds} for a in d.time_anchors
                ],
                "raw_offsets": [
                    {"char_offset": o.char_offset, "raw_offset": o.raw_offset} for o in d.raw_offsets
                ],
                "publisher_source": d.publisher_source,
                "compression": d.compression,
                "extractor_version": extractor_version,
                "run_id": run_id,
                "loaded_at": now,
            }
            for d in documents
        ],
        schema=pa.schema(
            [
                ("doc_id", pa.string()),
                ("source_name", pa.string()),
                ("source_key", pa.string()),
                ("external_id", pa.string()),
                ("source_uri", pa.string()),
                ("title", pa.string()),
                ("publisher", pa.string()),
                ("url", pa.string()),
                ("published_date", pa.date32()),
                ("published_date_source", pa.string()),
                ("content_sha256", pa.string()),
                ("byte_size", pa.int64()),
                ("format", pa.string()),
                ("encoding", pa.string()),
                ("encoding_guessed", pa.bool_()),
                ("text", pa.string()),
                (
                    "time_anchors",
                    pa.list_(pa.struct([("char_offset", pa.int32()), ("seconds", pa.float64())])),
                ),
                (
                    "raw_offsets",
                    pa.list_(pa.struct([("char_offset", pa.int32()), ("raw_offset", pa.int64())])),
                ),
                ("publisher_source", pa.string()),
                ("compression", pa.string()),
                ("extractor_version", pa.string()),
                ("run_id", pa.string()),
                ("loaded_at", pa.timestamp("us")),
            ]
        ),
    )


EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("sentence", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("trigger", pa.string()),
        ("action", pa.string()),
        ("actor", pa.string()),
        ("actor_type", pa.string()),
        ("place", pa.string()),
        ("place_name", pa.string()),
        ("place_country_code", pa.string()),
        ("place_latitude", pa.float64()),
        ("place_longitude", pa.float64()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_text", pa.string()),
        ("date_granularity", pa.string()),
        ("date_source", pa.string()),
        ("event_rank", pa.int32()),
        ("modality", pa.string()),
        ("attribution", pa.string()),
        ("media_seconds", pa.float64()),
        ("run_id", pa.string()),
    ]
)
QUANTITY_SCHEMA = pa.schema(
    [
        ("quantity_id", pa.string()),
        ("event_id", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("text", pa.string()),
        ("is_approximate", pa.bool_()),
        ("out_of", pa.float64()),
        ("run_id", pa.string()),
    ]
)


def events_table(events: Sequence[EventRecord], *, run_id: str) -> pa.Table:
    """The ``events`` rows of a batch as an Arrow table."""
    rows = []
    for e in events:
        row = {name: getattr(e, name) for name in EVENT_SCHEMA.names if name != "run_id"}
        row["run_id"] = run_id
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def quantities_table(events: Iterable[EventRecord], *, run_id: str) -> pa.Table:
    """The ``quantities`` rows of a batch's events as an Arrow table."""
    rows = []
    for event in events:
        for index, q in enumerate(event.quantities):
            rows.append(
                {
                    "quantity_id": stable_id("qty", q.event_id, index, q.text),
                    "event_id": q.event_id,
                    "value": q.value,
                    "unit": q.unit,
                    "text": q.text,
                    "is_approximate": q.is_approximate,
                    "out_of": q.out_of,
                    "run_id": run_id,
                }
            )
    return pa.Table.from_pylist(rows, schema=QUANTITY_SCHEMA)


def load_batch(
    con: duckdb.DuckDBPyConnection,
    documents: Sequence[DocumentRecord],
    events: Sequence[EventRecord],
    *,
    run_id: str,
    extractor_version: str,
    keep_doc_ids: Collection[str] = (),
) -> LoadCounts:
    """Insert a batch of documents with their events and quantities in one transaction.

    A document replaces, in the same transaction and with their events and
    quantities, the stored versions of the same source record (same
    ``source_key`` and ``external_id``): the same ``doc_id`` loaded by another
    extractor version, and older contents under other ids. Rows whose
    ``source_key`` is their ``source_uri`` (loaded before migration 007, which
    filled it so, or files outside the source root) are also matched on
    ``source_uri``, so the first run on an upgraded warehouse replaces them
    rather than adding a second copy. Stored versions whose id is in
    ``keep_doc_ids`` (documents of the current run, e.g. the unchanged records
    of the same JSONL file) are kept.
    """
    if not documents:
        return LoadCounts(0, 0, 0, 0)
    docs = documents_table(documents, run_id=run_id, extractor_version=extractor_version)
    evts = events_table(events, run_id=run_id)
    qtys = quantities_table(events, run_id=run_id)
    kept = pa.table(
        {"doc_id": pa.array(sorted(set(keep_doc_ids) - set(docs["doc_id"].to_pylist())), pa.string())}
    )
    tables = {"batch_documents": docs, "batch_events": evts, "batch_quantities": qtys, "batch_kept": kept}
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in tables.items():
            con.register(name, table)
        # Two equi-joins rather than one join on an OR, which DuckDB could only run as a nested loop.
        con.execute(
            """CREATE TEMP TABLE superseded AS
               SELECT d.doc_id, b.doc_id AS by_doc_id FROM documents d JOIN batch_documents b
                 ON d.source_key = b.source_key AND d.external_id IS NOT DISTINCT FROM b.external_id
               WHERE d.doc_id NOT IN (SELECT doc_id FROM batch_kept)
               UNION
               SELECT d.doc_id, b.doc_id AS by_doc_id FROM documents d JOIN batch_documents b
                 ON d.source_uri = b.source_uri AND d.external_id IS NOT DISTINCT FROM b.external_id
               WHERE d.source_key = d.source_uri AND d.doc_id NOT IN (SELECT doc_id FROM batch_kept)"""
        )
        replaced = con.execute("SELECT count(DISTINCT by_doc_id) FROM superseded").fetchone()[0]  # type: ignore[index]
        con.execute(
            "DELETE FROM quantities WHERE event_id IN "
            "(SELECT event_id FROM events WHERE doc_id IN (SELECT doc_id FROM superseded))"
        )
        con.execute("DELETE FROM events WHERE doc_id IN (SELECT doc_id FROM superseded)")
        con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM superseded)")
        con.execute("DROP TABLE superseded")
        con.execute("INSERT INTO documents BY NAME SELECT * FROM batch_documents")
        con.execute("INSERT INTO events BY NAME SELECT * FROM batch_events")
        con.execute("INSERT INTO quantities BY NAME SELECT * FROM batch_quantities")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in tables:
            con.unregister(name)
    return LoadCounts(docs.num_rows, replaced, evts.num_rows, qtys.num_rows)


def existing_doc_ids(
    con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], *, extractor_version: str
) -> set[str]:
    """Which of ``doc_ids`` are already loaded by the same extractor version (and can be skipped)."""
    if not doc_ids:
        return set()
    table = pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})
    con.register("candidate_ids", table)
    try:
        rows = con.execute(
            "SELECT d.doc_id FROM documents d JOIN candidate_ids c USING (doc_id) WHERE d.extractor_version = ?",
            [extractor_version],
        ).fetchall()
    finally:
        con.unregister("candidate_ids")
    return {row[0] for row in rows}


def record_rejections(
    con: duckdb.DuckDBPyConnection, rejections: Sequence[RejectedInput], *, run_id: str
) -> int:
    """Store rejected inputs with their reasons."""
    if not rejections:
        return 0
    now = _utcnow()
    table = pa.Table.from_pylist(
        [
            {
                "run_id": run_id,
                "path": r.path,
                "reason": r.reason,
                "line": r.line,
                "kind": r.kind,
                "rejected_at": now,
            }
            for r in rejections
        ],
        schema=pa.schema(
            [
                ("run_id", pa.string()),
                ("path", pa.string()),
                ("reason", pa.string()),
                ("line", pa.int32()),
                ("kind", pa.string()),
                ("rejected_at", pa.timestamp("us")),
            ]
        ),
    )
    con.register("batch_rejections", table)
    try:
        con.execute("INSERT INTO rejected_files BY NAME SELECT * FROM batch_rejections")
    finally:
        con.unregister("batch_rejections")
    return table.num_rows


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, *, flow_run_id: str | None) -> None:
    """Record that a run has started: ``running`` until ``finish_run`` or ``fail_run`` says otherwise."""
    con.execute(
        "INSERT INTO runs (run_id, flow_run_id, started_at, status) VALUES (?, ?, ?, 'running')",
        [run_id, flow_run_id, _utcnow()],
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


def record_run_counts(con: duckdb.DuckDBPyConnection, run_id: str, counts: RunCounts) -> None:
    """Store the terms of a run's accounting identity and what it loaded (see ``RunCounts``)."""
    con.execute(
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
            run_id,
        ],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    status: str,
    expectations_passed: int,
    expectations_failed: int,
    message: str | None = None,
) -> None:
    """Record a run's end, its validation's counts and its status (``succeeded`` or ``failed``).

    A run succeeds only once everything it does is done (validated and published): its stage becomes ``done``.
    """
    if status not in ("succeeded", "failed"):
        raise ValueError(f"a run finishes succeeded or failed, not {status!r}")
    con.execute(
        """UPDATE runs SET ended_at = ?, status = ?, expectations_passed = ?, expectations_failed = ?,
               message = ?, stage = CASE WHEN ? = 'succeeded' THEN 'done' ELSE stage END
           WHERE run_id = ?""",
        [_utcnow(), status, expectations_passed, expectations_failed, message, status, run_id],
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
        [_utcnow(), status, message, run_id],
    ).fetchall()
    return bool(rows)


def record_run_details(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    stage_seconds: Mapping[str, float],
    documents_replaced: int | None = None,
    full_refresh: bool | None = None,
    published_events: int | None = None,
) -> None:
    """Record a run's time per stage (``discover``, ``read``, ``extract``, ``load``, ``validate``, ``publish``),
    and, when given, its replaced documents, whether it was a full refresh, and the clean events its snapshot holds.
    """
    unknown = set(stage_seconds) - set(RUN_STAGES)
    if unknown:
        raise ValueError(f"unknown run stages: {sorted(unknown)}")
    assignments: dict[str, float | int | bool] = {
        f"{stage}_seconds": round(seconds, 3) for stage, seconds in stage_seconds.items()
    }
    if documents_replaced is not None:
        assignments["documents_replaced"] = documents_replaced
    if full_refresh is not None:
        assignments["full_refresh"] = full_refresh
    if published_events is not None:
        assignments["published_events"] = published_events
    if not assignments:
        return
    columns = ", ".join(f"{name} = ?" for name in assignments)
    con.execute(f"UPDATE runs SET {columns} WHERE run_id = ?", [*assignments.values(), run_id])


MESSAGE_LIMIT = 2000
"""Characters of an error kept in ``runs.message``."""


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
    invalidated), a fresh one. A run that already ended (its gate failed it) keeps its own message.
    If the run cannot be marked at all, a note on ``exc`` says why; ``exc`` is what the caller raises.
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


@contextmanager
def recorded_run(
    con: duckdb.DuckDBPyConnection,
    db_path: str | Path,
    run_id: str,
    *,
    flow_run_id: str | None,
    full_refresh: bool,
) -> Iterator[list[str]]:
    """A run's row in ``runs`` for the ``with`` block; call while holding the writer lock.

    Marks runs left ``running`` by killed runs ``interrupted`` and yields their ids, records this run as
    ``running``, and marks it failed (``record_failure``) when the block raises, re-raising.
    """
    interrupted = mark_interrupted_runs(con)
    start_run(con, run_id, flow_run_id=flow_run_id)
    record_run_details(con, run_id, stage_seconds={}, full_refresh=full_refresh)
    try:
        yield interrupted
    except BaseException as exc:
        record_failure(con, db_path, run_id, exc)
        raise


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
