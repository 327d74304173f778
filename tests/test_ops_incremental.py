"""Incremental, idempotent runs: unchanged documents are skipped, changed ones replace their old rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_CORPUS, query
from ops_helpers import inbox_with

from extractors.version import extractor_identity

pytestmark = pytest.mark.slow

TABLES = ("documents", "events", "quantities")


def _counts(db: Path) -> dict[str, int]:
    return {table: query(db, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def _orphans(db: Path) -> int:
    return query(
        db,
        """SELECT (SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents))
                + (SELECT count(*) FROM quantities WHERE event_id NOT IN (SELECT event_id FROM events))""",
    )[0][0]


def _run_row(db: Path, run_id: str) -> dict[str, object]:
    columns = (
        "status, documents_read, documents_skipped, documents_replaced, full_refresh, "
        "discover_seconds, read_seconds, extract_seconds, load_seconds, validate_seconds, publish_seconds"
    )
    values = query(db, f"SELECT {columns} FROM runs WHERE run_id = ?", [run_id])[0]
    return dict(zip(columns.split(", "), values, strict=True))


def test_unchanged_skipped_changed_replaced_new_version_reprocessed_full_refresh_rebuilds(
    prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events

    changing = SAMPLE_CORPUS / "004_0ba8a40e747d1a8b.txt"
    stable = SAMPLE_CORPUS / "002_bf4136b5d83f17ff.txt"
    inbox = inbox_with(tmp_path / "inbox", changing, stable)
    db = tmp_path / "events.duckdb"

    first = ingest_events([str(inbox)], str(db), run_id="first")
    assert (first.counts.documents_read, first.counts.documents_skipped) == (2, 0)
    after_first = _counts(db)
    assert after_first["events"] > 0

    second = ingest_events([str(inbox)], str(db), run_id="second")
    assert (second.counts.documents_read, second.counts.documents_skipped, second.counts.events_loaded) == (
        0,
        2,
        0,
    )
    assert _counts(db) == after_first
    timings = _run_row(db, "second")
    assert timings["status"] == "succeeded"
    for stage in ("discover", "read", "extract", "load", "validate", "publish"):
        assert isinstance(timings[f"{stage}_seconds"], float), stage

    # A changed file, and a document stored by an older extractor version.
    old_doc_id, old_events = query(
        db,
        "SELECT d.doc_id, count(e.event_id) FROM documents d LEFT JOIN events e USING (doc_id) "
        "WHERE source_name = ? GROUP BY ALL",
        [changing.name],
    )[0]
    (inbox / changing.name).write_text(
        changing.read_text(encoding="utf-8") + "\nRebels shelled the airport on Sunday.\n", encoding="utf-8"
    )
    with_old_version = query(db, "SELECT doc_id FROM documents WHERE source_name = ?", [stable.name])[0][0]
    con = duckdb.connect(str(db))
    try:
        con.execute(
            "UPDATE documents SET extractor_version = '0.0.0-old' WHERE doc_id = ?", [with_old_version]
        )
    finally:
        con.close()

    third = ingest_events([str(inbox)], str(db), run_id="third")
    assert (third.counts.documents_read, third.counts.documents_skipped, third.counts.documents_replaced) == (
        2,
        0,
        2,
    )
    rows = query(
        db,
        "SELECT doc_id, content_sha256, extractor_version, model_name, model_version, run_id FROM documents "
        "ORDER BY source_name",
    )
    assert len(rows) == 2, "each source keeps exactly one version"
    assert old_doc_id not in {r[0] for r in rows}
    # Each document records what produced its events: the derived version and the model it ran.
    producer = extractor_identity(None)
    assert {row[2:] for row in rows} == {
        (producer.extractor_version, producer.model_name, producer.model_version, "third")
    }
    assert query(db, "SELECT count(*) FROM events WHERE doc_id = ?", [old_doc_id]) == [(0,)]
    assert _orphans(db) == 0
    new_events = query(
        db,
        "SELECT count(*) FROM events JOIN documents USING (doc_id) WHERE source_name = ?",
        [changing.name],
    )[0][0]
    assert new_events > old_events, "the appended sentence adds an event"
    assert _run_row(db, "third")["documents_replaced"] == 2

    before_refresh = _counts(db)
    refreshed = ingest_events([str(inbox)], str(db), run_id="refresh", full_refresh=True)
    assert (
        refreshed.counts.documents_read,
        refreshed.counts.documents_skipped,
        refreshed.counts.documents_replaced,
    ) == (2, 0, 2)
    assert _counts(db) == before_refresh
    assert query(db, "SELECT DISTINCT run_id FROM events") == [("refresh",)]
    assert _run_row(db, "refresh")["full_refresh"] is True
