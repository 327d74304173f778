"""A document is its source path: same-named files in other folders accumulate, and hostile paths never stop a run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_CORPUS, query

pytestmark = pytest.mark.slow

FIRST = SAMPLE_CORPUS / "002_bf4136b5d83f17ff.txt"
SECOND = SAMPLE_CORPUS / "004_0ba8a40e747d1a8b.txt"
THIRD = SAMPLE_CORPUS / "003_0fbc5b6d65aac496.txt"


def _eventetl(command: str, *args: str) -> int:
    """``eventetl COMMAND ARGS`` in this process (the session's Prefect test server); its exit code.

    The command's function is called through Click's parser but without CliRunner, whose
    temporary streams Prefect's log handlers would keep writing to after it closed them.
    """
    import click
    import typer

    from flows.cli import app

    group = typer.main.get_command(app)
    try:
        # Not standalone: Click returns the code of typer.Exit instead of calling sys.exit.
        code = group.main([command, *args], prog_name="eventetl", standalone_mode=False)
    except click.UsageError as exc:
        return exc.exit_code
    return code if isinstance(code, int) else 0


def _last_run(db: Path) -> tuple[int, int, int]:
    """(documents_read, documents_skipped, documents_replaced) of the latest run."""
    return query(
        db,
        "SELECT documents_read, documents_skipped, documents_replaced FROM runs ORDER BY started_at DESC LIMIT 1",
    )[0]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``tmp_path`` as the working folder (the default source root), with no EVENTETL_* setting."""
    for name in [n for n in os.environ if n.startswith("EVENTETL_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_same_named_files_in_two_folders_are_two_documents(prefect_harness: None, clean_env: Path) -> None:
    for day, sample in (("day1", FIRST), ("day2", SECOND)):
        (clean_env / day).mkdir()
        shutil.copy(sample, clean_env / day / "report.txt")
    db = clean_env / "events.duckdb"

    assert _eventetl("run", "day1", "--db", str(db)) == 0
    assert _eventetl("run", "day2", "--db", str(db)) == 0

    assert _last_run(db) == (1, 0, 0), "the second day's report replaced nothing"
    stored = query(db, "SELECT source_key, source_name, content_sha256 FROM documents ORDER BY 1")
    assert [(key, name) for key, name, _ in stored] == [
        ("day1/report.txt", "report.txt"),
        ("day2/report.txt", "report.txt"),
    ]
    assert len({sha for *_, sha in stored}) == 2

    # A changed file at the same path still replaces its earlier version, and only it.
    day2 = clean_env / "day2" / "report.txt"
    day2.write_text(day2.read_text(encoding="utf-8") + "\nRebels shelled the airport on Sunday.\n")
    assert _eventetl("run", "day2", "--db", str(db)) == 0
    assert _last_run(db) == (1, 0, 1)
    assert query(db, "SELECT source_key FROM documents ORDER BY 1") == [
        ("day1/report.txt",),
        ("day2/report.txt",),
    ]
    assert query(db, "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)") == [
        (0,)
    ]

    # The same root reached from another working folder gives the same identities: nothing to redo.
    os.chdir(clean_env / "day1")
    assert _eventetl("run", ".", "--db", str(db), "--source-root", "..") == 0
    assert _last_run(db) == (0, 1, 0)


def test_a_source_root_that_is_not_a_folder_is_a_usage_error(clean_env: Path) -> None:
    assert _eventetl("run", ".", "--db", str(clean_env / "x.duckdb"), "--source-root", "nowhere") == 2
    assert not (clean_env / "x.duckdb").exists()


def _legacy_warehouse(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warehouse as migrations 001-006 left it."""
    from warehouse import db as warehouse_db

    shipped = warehouse_db.available_migrations()
    monkeypatch.setattr(warehouse_db, "available_migrations", lambda: [m for m in shipped if m[0] <= 6])
    with warehouse_db.open_warehouse(db):
        pass
    monkeypatch.setattr(warehouse_db, "available_migrations", lambda: shipped)


def test_migration_007_keys_old_rows_by_their_path_and_a_rerun_replaces_them(
    prefect_harness: None, clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractors.records import stable_id
    from flows.ingest import ingest_events
    from warehouse.db import open_warehouse

    inbox = clean_env / "inbox"
    inbox.mkdir()
    report = inbox / "report.txt"
    shutil.copy(FIRST, report)
    db = clean_env / "events.duckdb"
    _legacy_warehouse(db, monkeypatch)
    sha = "f" * 64
    old_id = stable_id("doc", "report.txt", None, sha)  # how ids were made before 007
    con = duckdb.connect(str(db))
    try:
        assert "source_key" not in {c[0] for c in con.execute("DESCRIBE documents").fetchall()}
        con.execute(
            """INSERT INTO documents (doc_id, source_name, source_uri, published_date_source, content_sha256,
                   byte_size, format, encoding, encoding_guessed, text, extractor_version, run_id, loaded_at)
               VALUES (?, 'report.txt', ?, 'unknown', ?, 10, 'text', 'utf-8', false, 'Old text.', '0.0.0-old',
                   'legacy', ?)""",
            [old_id, str(report.resolve()), sha, dt.datetime(2020, 1, 1)],
        )
        con.execute(
            """INSERT INTO events (event_id, doc_id, sentence, start_char, end_char, trigger, action,
                   event_rank, modality, run_id) VALUES ('old-event', ?, 'Old text.', 0, 9, 'text', 'text', 1,
                   'asserted', 'legacy')""",
            [old_id],
        )
    finally:
        con.close()

    with open_warehouse(db) as con:
        assert con.execute("SELECT doc_id, source_key FROM documents").fetchall() == [
            (old_id, str(report.resolve()))
        ]

    summary = ingest_events([str(inbox)], str(db), source_root=str(clean_env))

    assert (summary.counts.documents_read, summary.counts.documents_replaced) == (1, 1)
    (row,) = query(db, "SELECT doc_id, source_key, source_name FROM documents")
    assert row[0] != old_id and row[1:] == ("inbox/report.txt", "report.txt")
    assert query(db, "SELECT count(*) FROM events WHERE event_id = 'old-event'") == [(0,)]


def test_links_out_of_the_inbox_are_refused_and_undecodable_names_load(
    prefect_harness: None, clean_env: Path
) -> None:
    inbox = clean_env / "inbox"
    inbox.mkdir()
    shutil.copy(FIRST, inbox / "good.txt")
    odd_name = os.fsdecode(os.fsencode(inbox) + b"/\xff\xfe.txt")
    shutil.copy(SECOND, odd_name)
    (clean_env / "outside").mkdir()
    secret = clean_env / "outside" / "secret.txt"
    shutil.copy(THIRD, secret)
    (inbox / "p").symlink_to(secret)
    db = clean_env / "events.duckdb"

    assert _eventetl("run", "inbox", "--db", str(db)) == 3
    ((path, kind, reason),) = query(db, "SELECT path, kind, reason FROM rejected_files")
    assert (Path(path).name, kind) == ("p", "link_outside")
    assert str(secret.resolve()) in reason
    assert query(db, "SELECT source_name, source_key FROM documents ORDER BY 1") == [
        ("\\xff\\xfe.txt", "inbox/\\xff\\xfe.txt"),
        ("good.txt", "inbox/good.txt"),
    ]

    assert _eventetl("run", "inbox", "--db", str(db), "--allow-external-links") == 0
    assert _last_run(db)[:2] == (1, 2)
    assert ("inbox/p",) in query(db, "SELECT source_key FROM documents")
