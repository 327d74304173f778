"""The Great Expectations gate on a real warehouse: bad rows are flagged and kept; critical ones fail the run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from conftest import query
from ops_helpers import eventetl

from expectations.suites import QualityChecks
from warehouse.database import Warehouse

WINDOW = {"checks": QualityChecks(dt.date(2016, 12, 1), dt.date(2016, 12, 31), 365, 1)}


def _inject(db: Path) -> tuple[str, str]:
    """Add a 120-percent quantity and an event dated 2015; return their ids."""
    con = duckdb.connect(str(db))
    try:
        event_id, doc_id = con.execute("SELECT event_id, doc_id FROM events LIMIT 1").fetchone()
        con.execute(
            "INSERT INTO quantities (quantity_id, event_id, value, unit, text, is_approximate, run_id) "
            "VALUES ('bad-quantity', ?, 120, 'percent', '120 percent', false, 'test')",
            [event_id],
        )
        con.execute(
            "INSERT INTO events (event_id, doc_id, sentence, start_char, end_char, trigger, action, event_rank, "
            "modality, run_id, date_start, date_end) VALUES ('old-event', ?, 'They met in 2015.', 0, 17, 'met', "
            "'meet', 999, 'asserted', 'test', DATE '2015-06-01', DATE '2015-06-01')",
            [doc_id],
        )
    finally:
        con.close()
    return "bad-quantity", "old-event"


@pytest.mark.slow
def test_injected_bad_rows_are_flagged_and_kept(seeded_warehouse: Path) -> None:
    from expectations.validate import validate_warehouse

    quantity_id, event_id = _inject(seeded_warehouse)
    con = duckdb.connect(str(seeded_warehouse))
    try:
        report = validate_warehouse(con, run_id="check", **WINDOW)
    finally:
        con.close()
    failed = {o.spec.name: o for o in report.failed}
    assert failed["quantities.percent_between_0_and_100"].failing_ids == (quantity_id,)
    assert event_id in failed["events.date_start_in_window"].failing_ids
    assert report.critical_failed
    assert query(
        seeded_warehouse, "SELECT dq_status, dq_failed FROM quantities WHERE quantity_id = ?", [quantity_id]
    ) == [("fail", ["quantities.percent_between_0_and_100"])]
    status, failed_names = query(
        seeded_warehouse, "SELECT dq_status, dq_failed FROM events WHERE event_id = ?", [event_id]
    )[0]
    assert status == "warn" and "events.date_start_in_window" in failed_names
    assert query(seeded_warehouse, "SELECT count(*) FROM events_clean WHERE event_id = ?", [event_id]) == [
        (0,)
    ]
    stored = query(
        seeded_warehouse,
        "SELECT severity, success, unexpected_count, failing_ids FROM validation_results "
        "WHERE run_id = 'check' AND expectation = 'quantities.percent_between_0_and_100'",
    )
    assert stored == [("critical", False, 1, [quantity_id])]


@pytest.mark.slow
def test_critical_failure_fails_the_flow_run(
    seeded_warehouse: Path, prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events

    _inject(seeded_warehouse)
    empty = tmp_path / "nothing-new"
    empty.mkdir()
    state = ingest_events([str(empty)], str(seeded_warehouse), return_state=True)
    assert state.is_failed()
    assert "quantities.percent_between_0_and_100" in (state.message or "")
    assert query(seeded_warehouse, "SELECT status FROM runs ORDER BY started_at DESC LIMIT 1") == [
        ("failed",)
    ]


def test_revalidating_an_unchanged_warehouse_gives_the_same_results(seeded_warehouse: Path) -> None:
    from expectations.validate import validate_warehouse

    _inject(seeded_warehouse)
    outcomes, stored, flags = [], [], []
    for run_id in ("first", "second"):
        con = duckdb.connect(str(seeded_warehouse))
        try:
            report = validate_warehouse(con, run_id=run_id, **WINDOW)
        finally:
            con.close()
        outcomes.append([(o.spec.name, o.success, o.failing_ids) for o in report.outcomes])
        stored.append(
            query(
                seeded_warehouse,
                "SELECT * EXCLUDE (run_id, validated_at) FROM validation_results WHERE run_id = ? "
                "ORDER BY expectation",
                [run_id],
            )
        )
        flags.append(
            [
                query(seeded_warehouse, f"SELECT {key}, dq_status, dq_failed FROM {table} ORDER BY {key}")
                for table, key in (
                    ("documents", "doc_id"),
                    ("events", "event_id"),
                    ("quantities", "quantity_id"),
                )
            ]
        )
    assert outcomes[0] == outcomes[1]
    assert stored[0] == stored[1] and len(stored[0]) == len(outcomes[0])
    assert flags[0] == flags[1]
    assert any(status != "pass" for _, status, _ in flags[0][1])  # the injected rows stay flagged


@pytest.mark.slow
def test_eventetl_run_exits_non_zero_on_a_critical_failure_and_shows_examples(
    seeded_warehouse: Path, prefect_harness: None, elsewhere: Path
) -> None:
    data_docs_index = Warehouse.at(seeded_warehouse).data_docs_index
    quantity_id, _ = _inject(seeded_warehouse)
    empty = elsewhere / "nothing-new"
    empty.mkdir()
    result = eventetl("run", str(empty), "--db", str(seeded_warehouse))
    assert result.exit_code == 1, result.output[-2000:]
    assert result.stderr.strip().splitlines()[-1].startswith("run failed: ")
    assert "critical quantities.percent_between_0_and_100: 1 rows" in result.stdout
    assert f"quantity_id={quantity_id}" in result.stdout and "value=120.0" in result.stdout
    assert "warning events.date_not_long_before_publication" in result.stdout
    assert query(seeded_warehouse, "SELECT status FROM runs ORDER BY started_at DESC LIMIT 1") == [
        ("failed",)
    ]
    # Data Docs are built for a failed run too: that is when people need them.
    assert f"Data Docs: {data_docs_index}" in result.stdout
    assert data_docs_index.is_file()


@pytest.mark.slow
def test_eventetl_validate_revalidates_without_extracting(seeded_warehouse: Path, elsewhere: Path) -> None:
    events_before = query(seeded_warehouse, "SELECT count(*) FROM events")
    passing = eventetl("validate", "--db", str(seeded_warehouse))
    assert passing.exit_code == 0, passing.output[-2000:]
    # No window outside the repo's pyproject.toml: the sample's 2012 background is flagged by its age.
    assert (
        "critical" not in passing.stdout
        and "warning events.date_not_long_before_publication" in passing.stdout
    )
    assert "date_start_in_window" not in passing.stdout
    run_id, message = query(
        seeded_warehouse, "SELECT run_id, message FROM runs ORDER BY started_at DESC LIMIT 1"
    )[0]
    assert message == "validation only"
    assert f"run {run_id} -> {seeded_warehouse}: succeeded" in passing.stdout
    assert (
        query(seeded_warehouse, "SELECT count(*) FROM validation_results WHERE run_id = ?", [run_id])[0][0]
        > 0
    )
    assert query(seeded_warehouse, "SELECT count(*) FROM events") == events_before

    _inject(seeded_warehouse)
    failing = eventetl("validate", "--db", str(seeded_warehouse))
    assert failing.exit_code == 1
    assert failing.stderr.strip() == "critical expectations failed"
    assert "critical quantities.percent_between_0_and_100" in failing.stdout
