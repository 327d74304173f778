"""Which documents a run extracts: the skip/keep policy of incremental runs.

A document read by a run is *unchanged* when the warehouse already stores its
``doc_id`` (same source record, same raw bytes: ``DocumentRecord.make_id``)
with the extractor version this run derives (``extractors.version``: the same
extraction code, lexicons and model). Unchanged documents are skipped; every
other document is extracted and loaded, replacing its stored versions. A full
refresh extracts every document.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from extractors.records import DocumentRecord


@dataclass(frozen=True, slots=True)
class ExtractionPlan:
    """The documents of a batch split by the skip/keep policy, each list in the batch's order."""

    to_extract: tuple[DocumentRecord, ...]
    """New or changed documents (or every document of a full refresh): extracted and loaded."""
    unchanged: tuple[DocumentRecord, ...]
    """Documents stored at the current extractor version: skipped."""


def plan_extraction(
    documents: Sequence[DocumentRecord], stored: Collection[str], *, full_refresh: bool
) -> ExtractionPlan:
    """Split ``documents`` into those to extract and those unchanged, given the ids ``stored`` at the
    current extractor version (``stored_doc_ids``)."""
    if full_refresh:
        return ExtractionPlan(to_extract=tuple(documents), unchanged=())
    return ExtractionPlan(
        to_extract=tuple(d for d in documents if d.doc_id not in stored),
        unchanged=tuple(d for d in documents if d.doc_id in stored),
    )


def stored_doc_ids(
    con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], *, extractor_version: str
) -> set[str]:
    """Which of ``doc_ids`` the warehouse stores loaded by ``extractor_version``."""
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
