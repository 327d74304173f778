"""The BI snapshot: published after good runs, read by SQLAlchemy while the flow writes, documented views."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import query
from ops_helpers import SMALLEST_SAMPLE, inbox_with

from warehouse.database import Warehouse
from warehouse.schema_doc import SCHEMA_DOC, render_current_schema
from warehouse.snapshot import BI_RELATIONS

DOCUMENTED_BI_RELATIONS = {
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
}

# A BI tool's view: a SQLAlchemy engine through duckdb-engine, read-only, its connection held open.
BI_READER = textwrap.dedent(
    """
    import sys
    import sqlalchemy as sa
    engine = sa.create_engine(f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True})
    count = sa.text("SELECT count(*) FROM dim_documents")
    with engine.connect() as held:
        print(held.execute(count).scalar_one(), flush=True)
        sys.stdin.readline()  # the test's flow run writes and publishes meanwhile
        print(held.execute(count).scalar_one(), flush=True)
    engine.dispose()
    with engine.connect() as reconnected:
        print(reconnected.execute(count).scalar_one(), flush=True)
    """
)


def test_snapshot_path_sits_beside_the_warehouse() -> None:
    assert Warehouse.at("data/events.duckdb").snapshot_file == Path("data/events.bi.duckdb")


def test_every_relation_and_column_carries_a_comment(fresh_warehouse: Path) -> None:
    relations = query(
        fresh_warehouse,
        "SELECT table_name, comment FROM duckdb_tables() UNION ALL "
        "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal",
    )
    assert {name for name, _ in relations} >= DOCUMENTED_BI_RELATIONS
    assert [name for name, comment in relations if not comment] == []
    uncommented = query(
        fresh_warehouse,
        "SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE NOT internal AND comment IS NULL",
    )
    assert uncommented == []


def test_schema_reference_is_generated_from_the_database() -> None:
    generated = render_current_schema()
    assert SCHEMA_DOC.read_text(encoding="utf-8") == generated, (
        "docs/schema.md is stale: run `.venv/bin/python -m warehouse.schema_doc`"
    )
    for relation in DOCUMENTED_BI_RELATIONS:
        assert f"\n## {relation}\n" in generated


def test_bi_views_agree_with_the_tables(seeded_warehouse: Path) -> None:
    snapshot = Warehouse.at(seeded_warehouse).publish_snapshot()
    assert snapshot == seeded_warehouse.with_name("seeded.bi.duckdb")
    checks = {
        "fact_events = counted events_clean": "SELECT (SELECT count(*) FROM fact_events) = (SELECT count(*) "
        "FROM events_clean WHERE modality IN ('asserted', 'future', 'refused'))",
        "quantity_count adds up": "SELECT (SELECT sum(quantity_count) FROM fact_events) = (SELECT count(*) FROM fact_quantities)",
        "every dated event has its day": "SELECT count(*) = 0 FROM fact_events f LEFT JOIN dim_dates d "
        "ON d.date_key = f.date_start WHERE f.date_start IS NOT NULL AND d.date_key IS NULL",
        "every place key has its place": "SELECT count(*) = 0 FROM fact_events f LEFT JOIN dim_places p "
        "USING (place_key) WHERE f.place_key IS NOT NULL AND p.place_key IS NULL",
        "actor counts add up": "SELECT (SELECT sum(event_count) FROM dim_actors) = "
        "(SELECT count(*) FROM fact_events WHERE actor IS NOT NULL)",
    }
    failing = [name for name, sql in checks.items() if query(snapshot, sql) != [(True,)]]
    assert failing == []
    assert query(snapshot, "SELECT count(*) > 0 FROM fact_events WHERE quantity_count > 0") == [(True,)]
    documents = query(seeded_warehouse, "SELECT count(*) FROM documents")
    assert query(snapshot, "SELECT count(*) FROM dim_documents") == documents
    assert not snapshot.stat().st_mode & 0o222, "the snapshot file is read-only"


def test_snapshot_holds_exactly_the_documented_relations_as_tables(seeded_warehouse: Path) -> None:
    con = duckdb.connect(str(seeded_warehouse))
    try:
        # A document that failed its checks, and a rejected file with its server path.
        failed_doc = con.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1").fetchone()[0]  # type: ignore[index]
        con.execute("UPDATE events SET dq_status = 'fail' WHERE doc_id = ?", [failed_doc])
        con.execute(
            "INSERT INTO rejected_files (path, reason, run_id, rejected_at) "
            "VALUES ('/srv/private/inbox/secret.txt', 'file is empty', 'test', now())"
        )
    finally:
        con.close()
    snapshot = Warehouse.at(seeded_warehouse).publish_snapshot()

    tables = query(snapshot, "SELECT table_name, comment FROM duckdb_tables() ORDER BY table_name")
    assert {name for name, _ in tables} == set(BI_RELATIONS), "the documented relations, nothing else"
    assert set(BI_RELATIONS) == DOCUMENTED_BI_RELATIONS
    assert query(snapshot, "SELECT count(*) FROM duckdb_views() WHERE NOT internal") == [(0,)], (
        "tables, not views"
    )
    expected_comments = dict(
        query(
            seeded_warehouse,
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal "
            "UNION ALL SELECT table_name, comment FROM duckdb_tables()",
        )
    )
    assert all(comment and comment == expected_comments[name] for name, comment in tables)
    columns = query(
        snapshot,
        "SELECT table_name, column_name, comment, data_type FROM duckdb_columns() WHERE NOT internal",
    )
    assert [(t, c) for t, c, comment, _ in columns if not comment] == [], "every column keeps its comment"
    assert ("fact_events", "quantities") in {(t, c) for t, c, _, _ in columns}

    # No document text at all (the failed document's included), no rejected path, no run records.
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        con.execute(f"ATTACH '{seeded_warehouse}' AS warehouse (READ_ONLY)")
        texts = con.execute("SELECT count(*) FROM warehouse.documents WHERE length(text) > 0").fetchone()
        assert texts is not None and texts[0] > 0
        for table, column, _, data_type in columns:
            if data_type != "VARCHAR":
                continue
            leaked = con.execute(
                f'SELECT count(*) FROM main."{table}" WHERE "{column}" IN (SELECT text FROM warehouse.documents) '
                f"""OR "{column}" LIKE '%/srv/private/%'"""
            ).fetchone()
            assert leaked == (0,), f"{table}.{column}"
        assert con.execute(
            "SELECT count(*) FROM main.events_clean WHERE doc_id = ?", [failed_doc]
        ).fetchone() == (0,)
        storage = con.execute(
            "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
    finally:
        con.close()
    assert storage is not None and str(storage[0]).startswith("v1.0.0"), storage
    leftovers = [p.name for p in snapshot.parent.iterdir() if p.name.startswith(f".{snapshot.name}")]
    assert leftovers == [] and not snapshot.with_name(snapshot.name + ".wal").exists()


@pytest.mark.slow
def test_bi_reader_sees_previous_snapshot_while_a_run_writes_then_the_new_one(
    seeded_warehouse: Path, prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events

    Warehouse.at(seeded_warehouse).publish_snapshot()
    inbox = inbox_with(tmp_path / "inbox", SMALLEST_SAMPLE)
    (inbox / SMALLEST_SAMPLE.name).rename(inbox / "new_document.txt")  # a sixth document
    reader = subprocess.Popen(
        [sys.executable, "-c", BI_READER, str(Warehouse.at(seeded_warehouse).snapshot_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdin is not None
        assert reader.stdout.readline().strip() == "5"
        summary = ingest_events([str(inbox)], str(seeded_warehouse), lock_timeout=5)
        assert summary.counts.documents_read == 1 and summary.snapshot == str(
            Warehouse.at(seeded_warehouse).snapshot_file
        )
        stdout, stderr = reader.communicate("go on\n", timeout=120)
    finally:
        reader.kill()
        reader.communicate(timeout=30)
    assert reader.returncode == 0, stderr[-2000:]
    # After the first line (5, read above): the held connection still sees 5, a new one sees 6.
    assert stdout.split() == ["5", "6"], "held connection: old snapshot; new connection: new one"
    assert query(seeded_warehouse, "SELECT count(*) FROM documents") == [(6,)]


@pytest.mark.slow
def test_no_snapshot_is_published_when_a_critical_expectation_fails(
    seeded_warehouse: Path, prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events

    con = duckdb.connect(str(seeded_warehouse))
    try:
        event_id = con.execute("SELECT event_id FROM events LIMIT 1").fetchone()[0]  # type: ignore[index]
        con.execute(
            "INSERT INTO quantities (quantity_id, event_id, value, unit, text, is_approximate, run_id) "
            "VALUES ('impossible', ?, 120, 'percent', '120 percent', false, 'test')",
            [event_id],
        )
    finally:
        con.close()
    empty = tmp_path / "nothing-new"
    empty.mkdir()
    state = ingest_events([str(empty)], str(seeded_warehouse), return_state=True)
    assert state.is_failed()
    assert not Warehouse.at(seeded_warehouse).snapshot_file.exists()
