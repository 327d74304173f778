"""Run bookkeeping: statuses after failures, pending rows, the accounting identity, and ``eventetl check``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_CORPUS, query
from ops_helpers import SMALLEST_SAMPLE, inbox_with
from typer.testing import CliRunner

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"


# ----------------------------------------------------------------- item 8: pending until validated


def _sample_batch() -> tuple[list, list]:
    """Two sample documents and, per document, two events (one with a quantity), as the extractor makes them."""
    from extractors.readers import read_source
    from extractors.records import EventRecord, QuantityRecord

    documents = [
        d
        for path in sorted(SAMPLE_CORPUS.iterdir())[:2]
        for d in read_source(path, max_bytes=10**7, source_root=str(SAMPLE_CORPUS)).documents
    ]
    events = []
    for d in documents:
        sentence = d.text[:60]
        trigger = sentence.split()[0]
        for rank in (1, 2):
            event_id = f"{d.doc_id}-{rank}"
            events.append(
                EventRecord(
                    event_id=event_id,
                    doc_id=d.doc_id,
                    sentence=sentence,
                    start_char=0,
                    end_char=len(sentence),
                    trigger=trigger,
                    action=trigger.lower(),
                    event_rank=rank,
                    quantities=(QuantityRecord(event_id, 3.0, "person", "three people", False),)
                    if rank == 1
                    else (),
                )
            )
    return documents, events


def test_rows_loaded_without_validation_are_pending_and_not_clean(fresh_warehouse: Path) -> None:
    import datetime as dt

    from expectations.suites import QualityChecks
    from expectations.validate import validate_warehouse
    from extractors.version import extractor_identity
    from warehouse.db import open_warehouse
    from warehouse.load import load_batch
    from warehouse.runs import start_run

    documents, events = _sample_batch()
    with open_warehouse(fresh_warehouse) as con:
        start_run(con, "loaded", flow_run_id=None)
        load_batch(con, documents, events, run_id="loaded", producer=extractor_identity(None))

    # As a run killed after loading and before validating leaves them: nobody has checked these rows.
    for table in ("documents", "events", "quantities"):
        assert query(fresh_warehouse, f"SELECT DISTINCT dq_status FROM {table}") == [("pending",)], table
    for view in ("documents_clean", "events_clean", "quantities_clean", "fact_events", "fact_quantities"):
        assert query(fresh_warehouse, f"SELECT count(*) FROM {view}") == [(0,)], view

    with open_warehouse(fresh_warehouse) as con:
        validate_warehouse(
            con, run_id="validation", checks=QualityChecks(dt.date(2016, 1, 1), dt.date(2016, 12, 31), 365, 1)
        )
    for table in ("documents", "events", "quantities"):
        statuses = {row[0] for row in query(fresh_warehouse, f"SELECT DISTINCT dq_status FROM {table}")}
        assert statuses and statuses <= {"pass", "warn"}, (table, statuses)
    assert query(fresh_warehouse, "SELECT count(*) FROM events_clean")[0][0] == len(events)
    assert query(fresh_warehouse, "SELECT count(*) FROM quantities_clean")[0][0] == len(documents)


def test_migration_008_makes_new_rows_pending_and_keeps_validated_ones(tmp_path: Path) -> None:
    from warehouse.db import available_migrations, migrate

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    try:
        # A warehouse as it stood before 008, holding a validated document.
        con.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        for number, name, sql in available_migrations():
            if number < 8:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [number, name])
        insert = (
            "INSERT INTO documents (doc_id, source_name, source_uri, source_key, published_date_source,"
            " content_sha256, byte_size, format, encoding, encoding_guessed, text, extractor_version, run_id,"
            " loaded_at) VALUES (?, 'a.txt', '/in/a.txt', ?, 'unknown', 'x', 1, 'text', 'utf-8', false, 't',"
            " 'v', 'r', now())"
        )
        con.execute(insert, ["validated", "a.txt"])
        assert migrate(con)[0] == "008_run_status_and_pending.sql"
        con.execute(insert, ["new", "b.txt"])
        assert con.execute("SELECT doc_id, dq_status FROM documents ORDER BY doc_id").fetchall() == [
            ("new", "pending"),
            ("validated", "pass"),
        ]
    finally:
        con.close()


KILLED_AFTER_MIGRATING = """
import os, sys
from warehouse.db import open_warehouse
from warehouse.runs import record_stage, start_run

with open_warehouse(sys.argv[1]) as con:
    start_run(con, "killed", flow_run_id=None)
    record_stage(con, "killed", "read")
    os._exit(9)  # as SIGKILL: no close, no checkpoint
"""


def test_a_new_warehouse_killed_in_its_first_run_opens_again(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_MIGRATING, str(db)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == 9, killed.stderr
    # Before: DuckDB could not replay the migrations from the write-ahead log, and refused the file.
    assert query(db, "SELECT run_id, status, stage FROM runs") == [("killed", "running", "read")]


# ----------------------------------------------------------------- item 7: statuses after failures


def _run_row(db: Path, run_id: str) -> tuple:
    return query(
        db, "SELECT status, stage, message, ended_at IS NOT NULL FROM runs WHERE run_id = ?", [run_id]
    )[0]


def test_a_failure_is_recorded_through_a_fresh_connection_when_the_runs_own_is_unusable(
    fresh_warehouse: Path,
) -> None:
    from warehouse.db import connect
    from warehouse.runs import record_failure, start_run

    con = connect(fresh_warehouse)
    start_run(con, "broken", flow_run_id=None)
    con.close()  # as a connection DuckDB invalidated: every statement on it fails
    record_failure(
        con, fresh_warehouse, "broken", RuntimeError("cannot read b'\\xff\\xfe.txt': \udcff\udcfe")
    )
    assert _run_row(fresh_warehouse, "broken") == (
        "failed",
        None,
        "RuntimeError: cannot read b'\\xff\\xfe.txt': \\udcff\\udcfe",
        True,
    )


@pytest.mark.slow
def test_a_run_that_raises_is_marked_failed_with_its_error_and_stage(
    prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events

    inbox = inbox_with(tmp_path / "inbox", SMALLEST_SAMPLE)
    db = tmp_path / "events.duckdb"
    with pytest.raises(OSError, match="no_such_model"):
        ingest_events([str(inbox)], str(db), model="no_such_model", run_id="raised")
    status, stage, message, ended = _run_row(db, "raised")
    # Before: `running` until the next run relabelled it `interrupted`, and the error was lost.
    assert (status, stage, ended) == ("failed", "extract", True)
    assert message.startswith("OSError: ") and "no_such_model" in message


@pytest.mark.slow
def test_a_run_is_succeeded_only_once_its_snapshot_is_published(
    prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events
    from warehouse.check import published_events
    from warehouse.database import Warehouse

    inbox = inbox_with(tmp_path / "inbox", SMALLEST_SAMPLE)
    db = tmp_path / "events.duckdb"
    # A folder where the snapshot goes: publishing fails after validation passed.
    (Warehouse.at(db).snapshot_file / "in-the-way").mkdir(parents=True)
    with pytest.raises(OSError):
        ingest_events([str(inbox)], str(db), run_id="unpublished")
    status, stage, message, _ = _run_row(db, "unpublished")
    # Before: `succeeded`, recorded before publishing was even tried.
    assert (status, stage) == ("failed", "publish")
    assert message.startswith(("IsADirectoryError", "OSError"))

    shutil.rmtree(Warehouse.at(db).snapshot_file)
    summary = ingest_events([str(inbox)], str(db), run_id="published")
    assert summary.snapshot is not None
    assert _run_row(db, "published")[:3] == ("succeeded", "done", None)
    assert query(db, "SELECT published_events FROM runs WHERE run_id = 'published'") == [
        (published_events(Path(summary.snapshot)),)
    ]


# ----------------------------------------------------------------- the accounting identity


def test_run_counts_state_the_identity_and_its_violation() -> None:
    from warehouse.runs import RunCounts

    balanced = RunCounts(
        inputs_discovered=9, documents_read=4, documents_skipped=0, documents_rejected=4, documents_ignored=1
    )
    assert balanced.balanced and balanced.accounted == 9
    assert balanced.describe() == "9 inputs discovered = 4 loaded + 0 skipped + 4 rejected + 1 ignored"
    lost = RunCounts(
        inputs_discovered=9, documents_read=3, documents_skipped=0, documents_rejected=4, documents_ignored=1
    )
    assert not lost.balanced
    assert lost.describe() == "9 inputs discovered != 3 loaded + 0 skipped + 4 rejected + 1 ignored"


def _counts(db: Path, run_id: str) -> tuple:
    return query(
        db,
        "SELECT inputs_discovered, documents_read, documents_skipped, documents_rejected, documents_ignored"
        " FROM runs WHERE run_id = ?",
        [run_id],
    )[0]


@pytest.mark.slow
def test_every_input_is_loaded_skipped_rejected_or_ignored(prefect_harness: None, tmp_path: Path) -> None:
    from flows.ingest import ingest_events

    # One article; a JSONL feed of 5 records (2 good, 3 bad); an empty file; a hidden file.
    inbox = inbox_with(tmp_path / "inbox", SMALLEST_SAMPLE, FIXTURES / "feed.jsonl")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / ".draft.txt").write_text("Not for the warehouse.\n", encoding="utf-8")
    db = tmp_path / "events.duckdb"

    first = ingest_events([str(inbox)], str(db), run_id="first")
    assert (first.counts.inputs_discovered, first.counts.documents_ignored) == (8, 1)
    assert [i.reason for i in first.ignored] == ["hidden file"]
    assert _counts(db, "first") == (8, 3, 0, 4, 1)

    ingest_events([str(inbox)], str(db), run_id="again")
    assert _counts(db, "again") == (8, 0, 3, 4, 1), "unchanged documents are skipped, and still counted"


# ----------------------------------------------------------------- eventetl check


@pytest.fixture
def checked_warehouse(seeded_warehouse_master: Path, seeded_warehouse: Path) -> Path:
    """A private seeded warehouse with its published BI snapshot beside it."""
    from warehouse.database import Warehouse

    # copy2 keeps the snapshot's time: it was written by the seeding run, not now.
    shutil.copy2(
        Warehouse.at(seeded_warehouse_master).snapshot_file, Warehouse.at(seeded_warehouse).snapshot_file
    )
    return seeded_warehouse


def _check(db: Path) -> tuple[int, dict[str, str]]:
    from flows.cli import app

    result = CliRunner().invoke(app, ["check", "--db", str(db)])
    lines = [line for line in result.output.splitlines() if line]
    verdicts = {line.split()[1].rstrip(":"): line for line in lines}
    assert list(verdicts) == ["keys", "references", "accounting", "snapshot", "runs"], result.output
    return result.exit_code, verdicts


def _write(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


LAST_RUN = "(SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1)"
BREAKAGES = {
    "references": (
        f"""INSERT INTO events (event_id, doc_id, sentence, start_char, end_char, trigger, action, event_rank,
                                modality, run_id)
            VALUES ('orphan', 'no-such-document', 'x', 0, 1, 'x', 'x', 1, 'asserted', {LAST_RUN})""",
        "1 events without their document",
    ),
    "keys": (
        "INSERT INTO documents SELECT * REPLACE ('copy-' || doc_id AS doc_id) FROM documents LIMIT 1",
        "1 source record stored twice",
    ),
    "accounting": (
        f"UPDATE runs SET documents_read = documents_read - 1 WHERE run_id = {LAST_RUN}",
        "inputs discovered !=",
    ),
    "snapshot": (
        f"UPDATE runs SET published_events = published_events + 1 WHERE run_id = {LAST_RUN}",
        "the last successful one) published",
    ),
    "runs": (
        "INSERT INTO runs (run_id, started_at, status, stage) VALUES ('killed-run', now(), 'running', 'load')",
        "killed-run (during load)",
    ),
}


@pytest.mark.slow
def test_check_passes_on_a_consistent_warehouse(checked_warehouse: Path) -> None:
    exit_code, verdicts = _check(checked_warehouse)
    assert exit_code == 0, verdicts
    assert all(line.startswith("PASS ") for line in verdicts.values()), verdicts
    assert "inputs discovered = 5 loaded + 0 skipped + 0 rejected + 0 ignored" in verdicts["accounting"]


@pytest.mark.slow
@pytest.mark.parametrize("broken", sorted(BREAKAGES))
def test_check_names_the_check_that_fails(checked_warehouse: Path, broken: str) -> None:
    statement, evidence = BREAKAGES[broken]
    _write(checked_warehouse, statement)
    exit_code, verdicts = _check(checked_warehouse)
    assert exit_code == 1
    assert verdicts[broken].startswith(f"FAIL {broken}: ") and evidence in verdicts[broken], verdicts[broken]
    assert all(line.startswith("PASS ") for name, line in verdicts.items() if name != broken), verdicts


@pytest.mark.slow
def test_check_fails_when_the_snapshot_is_missing(checked_warehouse: Path) -> None:
    from warehouse.database import Warehouse

    Warehouse.at(checked_warehouse).snapshot_file.unlink()
    exit_code, verdicts = _check(checked_warehouse)
    assert (
        exit_code == 1
        and verdicts["snapshot"].startswith("FAIL snapshot: ")
        and "missing" in verdicts["snapshot"]
    )


def test_check_on_a_missing_warehouse_says_so(tmp_path: Path) -> None:
    from flows.cli import app

    result = CliRunner().invoke(app, ["check", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no warehouse" in result.output
