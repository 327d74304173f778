"""Loading a batch of typed records into the warehouse in one transaction.

The records become Arrow tables (``warehouse.tables``) and are inserted in
bulk (``INSERT ... SELECT`` from the Arrow table), never row by row. A batch
replaces the old version of each of its documents (events, quantities and
place mentions included) in the same transaction, so a crash leaves every document either at
its old or at its new version.

Rows are inserted ``pending`` (the ``dq_status`` default) and count as clean
only once a validation has passed them. Which documents a run loads at all is
decided before (``warehouse.incremental``); the ``runs`` row is
``warehouse.runs``'.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from extractors.records import DocumentRecord, EventRecord, PlaceMentionRecord, RejectedInput
from extractors.version import ExtractorIdentity
from warehouse.tables import (
    documents_table,
    events_table,
    place_mentions_table,
    quantities_table,
    rejections_table,
)


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


# Two equi-joins rather than one join on an OR, which DuckDB could only run as a nested loop.
SUPERSEDED_SQL = """CREATE TEMP TABLE superseded AS
   SELECT d.doc_id, b.doc_id AS by_doc_id FROM documents d JOIN batch_documents b
     ON d.source_key = b.source_key AND d.external_id IS NOT DISTINCT FROM b.external_id
   WHERE d.doc_id NOT IN (SELECT doc_id FROM batch_kept)
   UNION
   SELECT d.doc_id, b.doc_id AS by_doc_id FROM documents d JOIN batch_documents b
     ON d.source_uri = b.source_uri AND d.external_id IS NOT DISTINCT FROM b.external_id
   WHERE d.source_key = d.source_uri AND d.doc_id NOT IN (SELECT doc_id FROM batch_kept)"""
"""The stored documents a batch replaces (see ``load_batch``), with the batch document replacing each."""


def load_batch(
    con: duckdb.DuckDBPyConnection,
    documents: Sequence[DocumentRecord],
    events: Sequence[EventRecord],
    *,
    run_id: str,
    producer: ExtractorIdentity,
    keep_doc_ids: Collection[str] = (),
    place_mentions: Sequence[PlaceMentionRecord] = (),
) -> LoadCounts:
    """Insert a batch of documents with their events, quantities and place mentions in one transaction.

    A document replaces, in the same transaction and with their events and
    quantities, the stored versions of the same source record (same
    ``source_key`` and ``external_id``): the same ``doc_id`` loaded by another
    extractor version, and older contents under other ids. Rows whose
    ``source_key`` is their ``source_uri`` (loaded before migration 007, which
    filled it so, or files outside the source root) are also matched on
    ``source_uri``, so the first run on an upgraded warehouse replaces them
    rather than adding a second copy. Stored versions whose id is in
    ``keep_doc_ids`` (documents of the current run, e.g. the unchanged records
    of the same JSONL file) are kept. Each document records ``producer``: the model and extractor
    version that produced its events.

    Long on purpose: the statements of one transaction, in the order that keeps the tables consistent.
    """
    if not documents:
        return LoadCounts(0, 0, 0, 0)
    docs = documents_table(documents, run_id=run_id, producer=producer)
    evts = events_table(events, run_id=run_id)
    qtys = quantities_table(events, run_id=run_id)
    places = place_mentions_table(place_mentions, run_id=run_id)
    kept = pa.table(
        {"doc_id": pa.array(sorted(set(keep_doc_ids) - set(docs["doc_id"].to_pylist())), pa.string())}
    )
    tables = {
        "batch_documents": docs,
        "batch_events": evts,
        "batch_quantities": qtys,
        "batch_place_mentions": places,
        "batch_kept": kept,
    }
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in tables.items():
            con.register(name, table)
        con.execute(SUPERSEDED_SQL)
        replaced = con.execute("SELECT count(DISTINCT by_doc_id) FROM superseded").fetchone()[0]  # type: ignore[index]
        con.execute(
            "DELETE FROM quantities WHERE event_id IN "
            "(SELECT event_id FROM events WHERE doc_id IN (SELECT doc_id FROM superseded))"
        )
        con.execute("DELETE FROM events WHERE doc_id IN (SELECT doc_id FROM superseded)")
        con.execute("DELETE FROM place_mentions WHERE doc_id IN (SELECT doc_id FROM superseded)")
        con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM superseded)")
        con.execute("DROP TABLE superseded")
        con.execute("INSERT INTO documents BY NAME SELECT * FROM batch_documents")
        con.execute("INSERT INTO events BY NAME SELECT * FROM batch_events")
        con.execute("INSERT INTO quantities BY NAME SELECT * FROM batch_quantities")
        con.execute("INSERT INTO place_mentions BY NAME SELECT * FROM batch_place_mentions")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in tables:
            con.unregister(name)
    return LoadCounts(docs.num_rows, replaced, evts.num_rows, qtys.num_rows)


def record_rejections(
    con: duckdb.DuckDBPyConnection, rejections: Sequence[RejectedInput], *, run_id: str
) -> int:
    """Store rejected inputs with their reasons (one ``rejected_files`` row each)."""
    if not rejections:
        return 0
    table = rejections_table(rejections, run_id=run_id)
    con.register("batch_rejections", table)
    try:
        con.execute("INSERT INTO rejected_files BY NAME SELECT * FROM batch_rejections")
    finally:
        con.unregister("batch_rejections")
    return table.num_rows
