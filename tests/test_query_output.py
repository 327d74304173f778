"""`eventetl query` writes machine-readable results: CSV, JSON, JSON Lines, Markdown, whole values, to a file or stdout.

Each test runs the command in-process on a real warehouse and compares what
it wrote with the same SQL read directly through DuckDB.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from conftest import query
from typer.testing import CliRunner

from flows.cli import app
from flows.query_output import FORMATS
from warehouse.database import Warehouse

runner = CliRunner()

# Text, a long text with line breaks, NULLs, a date, a double and a list: every kind of value the formats differ on.
EVENTS_SQL = (
    "SELECT e.event_id, e.sentence, e.actor, e.date_start, e.place_latitude, e.dq_failed, d.text AS doc_text "
    "FROM events e JOIN documents d USING (doc_id) ORDER BY e.event_id"
)
BOX_DRAWING = set("─│┃━┏┓┗┛┡┩╇┳┻╋└┘┌┐├┤")


def _query(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", *args, "--db", str(db)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is never an answer
    return result.exit_code, result.stdout, result.stderr


def _csv_field(value: object) -> str:
    """What a CSV field holds for a value DuckDB returned (the documented mapping, written out independently)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _json_field(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture
def expected(seeded_warehouse: Path) -> list[tuple]:
    rows = query(seeded_warehouse, EVENTS_SQL)
    assert rows, "the seeded warehouse has events"
    assert any(row[2] is None for row in rows) and any(row[4] is None for row in rows), "NULLs to write"
    return rows


COLUMNS = ["event_id", "sentence", "actor", "date_start", "place_latitude", "dq_failed", "doc_text"]


@pytest.mark.slow
def test_default_output_off_a_terminal_is_csv_with_whole_values(
    seeded_warehouse: Path, expected: list
) -> None:
    code, stdout, stderr = _query(seeded_warehouse, EVENTS_SQL)
    assert code == 0, stderr
    assert not BOX_DRAWING & set(stdout), "no box drawing outside the table format"
    parsed = list(csv.reader(io.StringIO(stdout)))
    assert parsed[0] == COLUMNS
    assert parsed[1:] == [[_csv_field(v) for v in row] for row in expected]
    longest = max((row[6] for row in expected), key=len)
    assert longest in (row[6] for row in parsed[1:]) and len(longest) > 1000, "the document text is whole"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_every_row_and_whole_values(
    seeded_warehouse: Path, expected: list, fmt: str
) -> None:
    code, stdout, stderr = _query(seeded_warehouse, EVENTS_SQL, "--format", fmt)
    assert code == 0, stderr
    longest_sentence = max((row[1] for row in expected), key=len)
    assert longest_sentence in stdout, "values are never cut, not even in a table off a terminal"
    if fmt == "csv":
        parsed = list(csv.reader(io.StringIO(stdout)))
        assert parsed[1:] == [[_csv_field(v) for v in row] for row in expected]
    elif fmt in ("json", "jsonl"):
        records = json.loads(stdout) if fmt == "json" else [json.loads(line) for line in stdout.splitlines()]
        assert records == [{c: _json_field(v) for c, v in zip(COLUMNS, row, strict=True)} for row in expected]
        assert any(record["actor"] is None for record in records), "NULL is null"
    elif fmt == "markdown":
        lines = stdout.splitlines()
        assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
        assert len(lines) == len(expected) + 2, "one line a row: line breaks in values are <br>"
        assert not BOX_DRAWING & set(stdout)
        assert "| NULL |" in stdout
    else:
        assert BOX_DRAWING & set(stdout) and "NULL" in stdout


def test_json_values_are_typed(fresh_warehouse: Path) -> None:
    sql = (
        "SELECT DATE '2016-12-01' AS d, TIMESTAMP '2016-12-01 10:30:00' AS ts, 1.50::DECIMAL(10, 2) AS amount, "
        "42 AS n, NULL AS nothing, true AS yes, [1, 2] AS list, {'a': 'b'} AS struct"
    )
    code, stdout, stderr = _query(fresh_warehouse, sql, "--format", "jsonl")
    assert code == 0, stderr
    assert json.loads(stdout) == {
        "d": "2016-12-01",
        "ts": "2016-12-01T10:30:00",
        "amount": 1.5,
        "n": 42,
        "nothing": None,
        "yes": True,
        "list": [1, 2],
        "struct": {"a": "b"},
    }
    code, stdout, _ = _query(fresh_warehouse, sql, "--format", "csv")
    assert list(csv.reader(io.StringIO(stdout)))[1] == [
        "2016-12-01",
        "2016-12-01T10:30:00",
        "1.50",
        "42",
        "",
        "true",
        "[1, 2]",
        '{"a": "b"}',
    ]


def test_rich_markup_in_values_is_data(fresh_warehouse: Path) -> None:
    code, stdout, stderr = _query(fresh_warehouse, "SELECT '[bold]x[/bold]' AS v", "--format", "table")
    assert code == 0, stderr
    assert "[bold]x[/bold]" in stdout


def test_an_invalid_format_is_a_usage_error(fresh_warehouse: Path) -> None:
    code, stdout, stderr = _query(fresh_warehouse, "SELECT 1", "--format", "xml")
    assert code == 2 and stdout == ""
    assert stderr.strip() == "query: --format must be one of table, csv, json, jsonl, markdown, not 'xml'"


def test_output_writes_the_file(fresh_warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "answer.json"
    code, stdout, stderr = _query(
        fresh_warehouse, "SELECT 42 AS answer", "--format", "json", "--output", str(target)
    )
    assert code == 0, stderr
    assert stdout == "" and f"1 rows written to {target}" in stderr
    assert json.loads(target.read_text(encoding="utf-8")) == [{"answer": 42}]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".answer")] == [], (
        "no temporary file left"
    )

    csv_target = tmp_path / "answer.csv"
    code, _, stderr = _query(fresh_warehouse, "SELECT 42 AS answer", "--output", str(csv_target))
    assert code == 0, stderr
    assert csv_target.read_text(encoding="utf-8") == "answer\n42\n", "csv is the default for a file"


def test_output_into_a_missing_folder_is_a_usage_error(fresh_warehouse: Path, tmp_path: Path) -> None:
    code, _, stderr = _query(fresh_warehouse, "SELECT 1", "--output", str(tmp_path / "none" / "x.csv"))
    assert code == 2 and len(stderr.strip().splitlines()) == 1 and "does not exist" in stderr


@pytest.mark.slow
def test_snapshot_is_queried_while_a_run_holds_the_writer_lock(seeded_warehouse: Path) -> None:
    snapshot = Warehouse.at(seeded_warehouse).publish_snapshot()
    sql = "SELECT event_id, sentence, date_start FROM events_clean ORDER BY event_id"
    direct = query(snapshot, sql)
    assert direct, "the snapshot has clean events"
    with Warehouse.at(seeded_warehouse).lock(timeout=0, holder="run 20161201T000000Z-writer"):
        code, stdout, stderr = _query(seeded_warehouse, sql, "--snapshot", "--format", "jsonl")
        busy, _, _ = _query(seeded_warehouse, sql, "--lock-timeout", "0")
    assert code == 0, stderr
    assert "waiting" not in stderr, "the snapshot needs no lock"
    assert [tuple(json.loads(line).values()) for line in stdout.splitlines()] == [
        tuple(_json_field(v) for v in row) for row in direct
    ]
    assert busy == 1, "the warehouse itself was locked"


def test_a_missing_snapshot_says_so(fresh_warehouse: Path) -> None:
    code, stdout, stderr = _query(fresh_warehouse, "SELECT 1", "--snapshot")
    assert code == 1 and stdout == ""
    assert stderr.strip() == (
        f"no BI snapshot at {Warehouse.at(fresh_warehouse).snapshot_file}: a run publishes it when validation passes"
    )


def test_the_wait_for_a_run_is_announced_once_with_holder_and_limit(fresh_warehouse: Path) -> None:
    # Longer than the lock's report interval (2 s), so the waiting loop looks at the holder again.
    with Warehouse.at(fresh_warehouse).lock(timeout=0, holder="run 20161201T000000Z-holder"):
        code, _, stderr = _query(fresh_warehouse, "SELECT 1", "--lock-timeout", "2.5")
    assert code == 1
    waiting = [line for line in stderr.splitlines() if "waiting for the writer lock" in line]
    assert len(waiting) == 1, stderr
    assert f"held by run 20161201T000000Z-holder (pid {os.getpid()}) since " in waiting[0]
    assert "waiting up to 2.5 s" in waiting[0] and "--snapshot" in waiting[0]
