"""Loading typed records into the warehouse, a batch per transaction.

Records become Arrow tables only here, at the DuckDB boundary, and are
inserted in bulk (``INSERT ... SELECT`` from the Arrow table), never row by
row. A batch replaces the old version of each of its documents (events and
quantities included) in the same transaction, so a crash leaves every
document either at its old or at its new version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from extractors.records import DocumentRecord, EventRecord, RejectedInput, stable_id


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
    ``source_name`` and ``external_id``): the same ``doc_id`` loaded by another
    extractor version, and older contents under other ids. Stored versions
    whose id is in ``keep_doc_ids`` (documents of the current run, e.g. the
    unchanged records of the same JSONL file) are kept.
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
        replaced = con.execute(
            """SELECT count(*) FROM batch_documents b WHERE EXISTS (
                   SELECT 1 FROM documents d WHERE d.source_name = b.source_name
                   AND d.external_id IS NOT DISTINCT FROM b.external_id
                   AND d.doc_id NOT IN (SELECT doc_id FROM batch_kept))"""
        ).fetchone()[0]  # type: ignore[index]
        con.execute(
            """CREATE TEMP TABLE superseded AS
               SELECT d.doc_id FROM documents d JOIN (SELECT DISTINCT source_name, external_id FROM batch_documents) b
                 ON d.source_name = b.source_name AND d.external_id IS NOT DISTINCT FROM b.external_id
               WHERE d.doc_id NOT IN (SELECT doc_id FROM batch_kept)"""
        )
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
    """Record that a run has started."""
    con.execute(
        "INSERT INTO runs (run_id, flow_run_id, started_at, status) VALUES (?, ?, ?, 'running')",
        [run_id, flow_run_id, _utcnow()],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    status: str,
    documents_read: int,
    documents_skipped: int,
    documents_rejected: int,
    events_loaded: int,
    quantities_loaded: int,
    expectations_passed: int,
    expectations_failed: int,
    message: str | None = None,
) -> None:
    """Record a run's end, its counts and status."""
    con.execute(
        """UPDATE runs SET ended_at = ?, status = ?, documents_read = ?, documents_skipped = ?,
               documents_rejected = ?, events_loaded = ?, quantities_loaded = ?,
               expectations_passed = ?, expectations_failed = ?, message = ?
           WHERE run_id = ?""",
        [
            _utcnow(),
            status,
            documents_read,
            documents_skipped,
            documents_rejected,
            events_loaded,
            quantities_loaded,
            expectations_passed,
            expectations_failed,
            message,
            run_id,
        ],
    )


def record_run_details(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    stage_seconds: Mapping[str, float],
    documents_replaced: int | None = None,
    full_refresh: bool | None = None,
) -> None:
    """Record a run's time per stage (``discover``, ``read``, ``extract``, ``load``, ``validate``, ``publish``)."""
    unknown = set(stage_seconds) - set(RUN_STAGES)
    if unknown:
        raise ValueError(f"unknown run stages: {sorted(unknown)}")
    assignments = {f"{stage}_seconds": round(seconds, 3) for stage, seconds in stage_seconds.items()}
    if documents_replaced is not None:
        assignments["documents_replaced"] = documents_replaced
    if full_refresh is not None:
        assignments["full_refresh"] = full_refresh
    if not assignments:
        return
    columns = ", ".join(f"{name} = ?" for name in assignments)
    con.execute(f"UPDATE runs SET {columns} WHERE run_id = ?", [*assignments.values(), run_id])


def mark_interrupted_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark runs still ``running`` as ``interrupted``; call only while holding the writer lock.

    With the lock held no other run is alive, so such a row was left by a run
    that was killed.
    """
    rows = con.execute(
        "UPDATE runs SET status = 'interrupted', message = 'the run stopped before it finished (killed or crashed); see its Prefect flow run' "
        "WHERE status = 'running' RETURNING run_id"
    ).fetchall()
    return sorted(row[0] for row in rows)
