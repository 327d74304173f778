"""`eventetl query` only reads: writing, attaching, exporting, extensions, settings, secrets and files are refused.

Each refused statement is run in-process on a real warehouse file, and the
file (and its folder) must be exactly as before.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse.database import Warehouse

PASSWD = Path("/etc/passwd")

# (SQL with {db} and {tmp} to fill in, a piece of the one-line refusal)
REFUSED = {
    "copy over the warehouse": ("COPY (SELECT 'x' AS x) TO '{db}' (FORMAT csv)", "COPY refused"),
    "copy into a table": ("COPY documents FROM '{tmp}/in.csv'", "COPY refused"),
    "export database": ("EXPORT DATABASE '{tmp}/exported'", "EXPORT DATABASE refused"),
    "attach for writing": (
        "ATTACH '{tmp}/other.duckdb' AS o (READ_WRITE); CREATE TABLE o.t AS SELECT * FROM documents",
        "ATTACH refused",
    ),
    "detach": ("DETACH fresh", "DETACH refused"),
    "copy from database": ("COPY FROM DATABASE fresh TO memory", "COPY FROM DATABASE refused"),
    "persistent secret": (
        "CREATE PERSISTENT SECRET leak (TYPE s3, KEY_ID 'key', SECRET 'secret')",
        "SECRET refused",
    ),
    "temporary secret": ("CREATE SECRET leak (TYPE s3, KEY_ID 'key', SECRET 'secret')", "SECRET refused"),
    "drop secret": ("DROP PERSISTENT SECRET leak", "SECRET refused"),
    "install": ("INSTALL httpfs", "INSTALL/LOAD refused"),
    "load": ("LOAD httpfs", "INSTALL/LOAD refused"),
    "set": ("SET enable_external_access = true", "SET/RESET/USE refused"),
    "reset": ("RESET lock_configuration", "SET/RESET/USE refused"),
    "pragma": ("PRAGMA enable_profiling", "PRAGMA refused"),
    "read_text": (f"SELECT * FROM read_text('{PASSWD}')", "pass --allow-local-files"),
    "read_csv": (f"SELECT * FROM read_csv('{PASSWD}', delim=':', header=false)", "pass --allow-local-files"),
    "glob": ("SELECT * FROM glob('/etc/*')", "pass --allow-local-files"),
    "insert": ("INSERT INTO runs (run_id) VALUES ('x')", "INSERT refused"),
    "update": ("UPDATE documents SET title = 'x'", "UPDATE refused"),
    "delete": ("DELETE FROM documents", "DELETE refused"),
    "create table": ("CREATE TABLE t AS SELECT 1 AS x", "CREATE refused"),
    "drop": ("DROP TABLE documents", "DROP refused"),
    "alter": ("ALTER TABLE documents ADD COLUMN x INTEGER", "ALTER refused"),
    "checkpoint": ("CHECKPOINT", "CHECKPOINT refused"),
    "explain analyze runs its statement": (
        "EXPLAIN ANALYZE COPY (SELECT 1) TO '{tmp}/x.csv'",
        "COPY refused",
    ),
    "a read, then a write": ("SELECT 1; COPY (SELECT 1) TO '{tmp}/x.csv'", "COPY refused"),
    "hidden behind a comment": ("/* report */ -- daily\nCOPY (SELECT 1) TO '{tmp}/x.csv'", "COPY refused"),
}

READS = {
    "select": "SELECT count(*) AS answer FROM documents",
    "with": "WITH d AS (SELECT doc_id FROM documents) SELECT count(*) AS answer FROM d",
    "from first": "FROM documents SELECT count(*) AS answer",
    "explain": "EXPLAIN SELECT count(*) AS answer FROM documents",
    "describe": "DESCRIBE documents",
    "show": "SHOW TABLES",
    "summarize": "SUMMARIZE documents",
    "variable": "SET VARIABLE answer = 41; SELECT getvariable('answer') + 1 AS answer",
}

runner = CliRunner()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder(path: Path) -> dict[str, str]:
    """Every file under ``path`` with its digest, but the lock file (created on first use and kept)."""
    return {
        str(p.relative_to(path)): _digest(p)
        for p in sorted(path.rglob("*"))
        if p.is_file() and p.name != Warehouse.at("fresh.duckdb").lock_file.name
    }


@pytest.fixture
def warehouse(fresh_warehouse: Path) -> Path:
    """An empty, migrated warehouse file: ``fresh.duckdb``, database name ``fresh``."""
    return fresh_warehouse


def _query(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", *args, "--db", str(db)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is never an answer
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("sql", "reason"), list(REFUSED.values()), ids=list(REFUSED))
def test_statements_that_are_not_reads_are_refused_and_change_nothing(
    warehouse: Path, sql: str, reason: str
) -> None:
    folder = warehouse.parent
    (folder / "in.csv").write_text("doc_id\nx\n")
    before = _folder(folder)
    code, stdout, stderr = _query(warehouse, sql.format(db=warehouse, tmp=folder))
    assert code == 2, stderr
    assert len(stderr.strip().splitlines()) == 1 and reason in stderr, stderr
    assert "Traceback" not in stderr
    assert _folder(folder) == before, "the warehouse and its folder are unchanged"
    passwd_lines = [line for line in PASSWD.read_text().splitlines() if line.strip()]
    assert not any(line in stdout + stderr for line in passwd_lines)


@pytest.mark.parametrize("sql", list(READS.values()), ids=list(READS))
def test_reads_still_work(warehouse: Path, sql: str) -> None:
    before = _folder(warehouse.parent)
    code, stdout, stderr = _query(warehouse, sql)
    assert code == 0, stderr
    assert stdout.strip()
    assert _folder(warehouse.parent) == before
    assert not Warehouse.at(warehouse).lock_holder_file.exists(), (
        "the lock's holder record goes with the lock"
    )


def test_the_answer_is_printed(warehouse: Path) -> None:
    code, stdout, _ = _query(warehouse, "SELECT 40 + 2 AS answer")
    assert code == 0 and "answer" in stdout and "42" in stdout


def test_local_files_are_read_only_with_the_flag(warehouse: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("local words\n")
    sql = f"SELECT content FROM read_text('{notes}')"
    code, stdout, stderr = _query(warehouse, sql)
    assert code == 2 and "local words" not in stdout and "--allow-local-files" in stderr

    code, stdout, stderr = _query(warehouse, sql, "--allow-local-files")
    assert code == 0, stderr
    assert "local words" in stdout

    # A path in place of a table: without the flag DuckDB does not even look for the file.
    code, stdout, _ = _query(warehouse, f"SELECT * FROM '{notes}'")
    assert code != 0 and "local words" not in stdout
    code, stdout, stderr = _query(
        warehouse, f"SELECT * FROM read_csv('{notes}', header=false)", "--allow-local-files"
    )
    assert code == 0 and "local words" in stdout, stderr

    # The flag opens reading, not writing.
    target = tmp_path / "out.csv"
    code, _, stderr = _query(warehouse, f"COPY (SELECT 1) TO '{target}'", "--allow-local-files")
    assert code == 2 and "COPY refused" in stderr
    assert not target.exists()


def test_a_busy_warehouse_names_the_holder(warehouse: Path) -> None:
    with Warehouse.at(warehouse).lock(timeout=0, holder="run 20161201T000000Z-holder"):
        record = Warehouse.at(warehouse).lock_holder_file.read_text()
        code, _, stderr = _query(warehouse, "SELECT 1", "--lock-timeout", "0.5")
    assert code == 1
    assert f"run 20161201T000000Z-holder (pid {os.getpid()}) since" in stderr
    assert "waiting for the writer lock" in stderr, "the wait is announced, with the holder"
    assert stderr.strip().splitlines()[-1].startswith(f"query failed: warehouse {warehouse} is busy")
    assert '"pid"' in record and not Warehouse.at(warehouse).lock_holder_file.exists()


def test_a_long_query_is_interrupted_and_frees_the_lock(warehouse: Path) -> None:
    code, _, stderr = _query(warehouse, "SELECT count(*) FROM range(20000000000)", "--timeout", "1")
    assert code == 1
    assert stderr.strip() == "query interrupted after 1 s"
    with Warehouse.at(warehouse).lock(timeout=0):  # a run can write at once
        pass


def test_bad_timeouts_are_usage_errors(warehouse: Path) -> None:
    code, _, stderr = _query(warehouse, "SELECT 1", "--timeout", "0")
    assert code == 2 and len(stderr.strip().splitlines()) == 1
