"""The warehouse object: the files beside a warehouse, its writer, and its run record."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import query

from warehouse.database import Warehouse
from warehouse.runs import AccountingError, RunCounts


def test_every_sibling_file_is_named_from_the_warehouse_file() -> None:
    warehouse = Warehouse.at("data/events.duckdb")
    assert warehouse.lock_file == Path("data/events.duckdb.lock")
    assert warehouse.lock_holder_file == Path("data/events.duckdb.lock.holder")
    assert warehouse.snapshot_file == Path("data/events.bi.duckdb")
    assert warehouse.export_dir == Path("data/export")
    assert warehouse.report_file == Path("data/events.report.html")
    # Great Expectations and the Prefect server need absolute folders.
    assert warehouse.data_docs_dir == Path("data").resolve() / "docs" / "events"
    assert warehouse.data_docs_index == warehouse.data_docs_dir / "index.html"
    assert warehouse.prefect_home == Path("data").resolve() / ".prefect"
    assert Warehouse.at("w/plain").snapshot_file == Path("w/plain.bi.duckdb")


def _run(db: Path, run_id: str) -> tuple:
    return query(
        db,
        "SELECT status, stage, message, inputs_discovered, documents_read, expectations_passed, "
        "read_seconds, published_events, full_refresh FROM runs WHERE run_id = ?",
        [run_id],
    )[0]


def test_a_run_is_recorded_from_start_to_finish_through_its_record(tmp_path: Path) -> None:
    warehouse = Warehouse.at(tmp_path / "events.duckdb")
    with (
        warehouse.writer(timeout=5, holder="run r1") as con,
        warehouse.recorded_run(con, "r1", full_refresh=True) as record,
    ):
        assert warehouse.lock_holder() is not None and warehouse.lock_holder().holder == "run r1"  # type: ignore[union-attr]
        record.reached("read")
        record.reached("discover")  # the stage only moves forward
        assert con.execute("SELECT status, stage FROM runs").fetchall() == [("running", "read")]
        record.accounted(RunCounts(inputs_discovered=2, documents_read=1, documents_skipped=1))
        record.finish(
            "succeeded",
            expectations_passed=9,
            expectations_failed=0,
            stage_seconds={"read": 1.23456},
            published_events=4,
        )
    assert _run(warehouse.path, "r1") == ("succeeded", "done", None, 2, 1, 9, 1.235, 4, True)
    assert not warehouse.lock_holder_file.exists(), "the holder record goes with the lock"


def test_an_unbalanced_run_is_stored_with_its_numbers_and_failed(tmp_path: Path) -> None:
    warehouse = Warehouse.at(tmp_path / "events.duckdb")
    unbalanced = RunCounts(inputs_discovered=3, documents_read=1)
    with (
        pytest.raises(AccountingError, match="3 inputs discovered != 1 loaded"),
        warehouse.writer(timeout=5) as con,
        warehouse.recorded_run(con, "r2") as record,
    ):
        record.accounted(unbalanced)
    status, _, message, inputs, read, *_ = _run(warehouse.path, "r2")
    assert (status, inputs, read) == ("failed", 3, 1)
    assert message.startswith("AccountingError: the run's inputs do not add up")


def test_a_run_left_running_is_marked_interrupted_by_the_next(tmp_path: Path) -> None:
    warehouse = Warehouse.at(tmp_path / "events.duckdb")
    with warehouse.writer(timeout=5) as con, warehouse.recorded_run(con, "killed") as record:
        record.reached("load")
    # (No finish: as a run killed during its load stage leaves its row.)
    with warehouse.writer(timeout=5) as con, warehouse.recorded_run(con, "next") as record:
        assert record.interrupted == ("killed",)
        record.finish(
            "failed", expectations_passed=0, expectations_failed=1, stage_seconds={}, message="gate"
        )
    assert _run(warehouse.path, "killed")[:3] == (
        "interrupted",
        "load",
        "the run stopped during its load stage before it finished (killed); see its Prefect flow run",
    )
    assert _run(warehouse.path, "next")[:3] == ("failed", None, "gate")


def test_finish_refuses_an_unknown_status_or_stage(tmp_path: Path) -> None:
    warehouse = Warehouse.at(tmp_path / "events.duckdb")
    with warehouse.writer(timeout=5) as con, warehouse.recorded_run(con, "r3") as record:
        with pytest.raises(ValueError, match="succeeded or failed"):
            record.finish("interrupted", expectations_passed=0, expectations_failed=0, stage_seconds={})  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="unknown run stages"):
            record.finish(
                "succeeded", expectations_passed=0, expectations_failed=0, stage_seconds={"nlp": 1.0}
            )
        record.finish("succeeded", expectations_passed=0, expectations_failed=0, stage_seconds={})


@pytest.mark.slow
def test_revalidation_goes_through_the_same_gate_and_returns_its_summary(
    seeded_warehouse_master: Path, tmp_path: Path
) -> None:
    from expectations.suites import QualityChecks
    from flows.validation import VALIDATION_ONLY, revalidate

    db = tmp_path / "events.duckdb"
    shutil.copy(seeded_warehouse_master, db)
    warehouse = Warehouse.at(db)
    checks = QualityChecks(None, None, max_event_age_days=365, min_events_per_run=1)
    summary = revalidate(warehouse, checks, lock_timeout=5, run_id="again")
    assert summary.status == "succeeded" and summary.snapshot is None and summary.counts == RunCounts()
    stored = dict(query(db, "SELECT expectation, success FROM validation_results WHERE run_id = 'again'"))
    assert summary.gate.passed == sum(stored.values())
    assert {f.name for f in summary.gate.failed} == {name for name, ok in stored.items() if not ok}
    assert summary.gate.data_docs_index.is_file()
    assert _run(db, "again")[:3] == ("succeeded", "done", VALIDATION_ONLY)

    # A critical failure fails the validation run and names the expectation.
    with duckdb.connect(str(db)) as con:
        con.execute(
            "INSERT INTO quantities (quantity_id, event_id, value, unit, text, is_approximate, run_id) "
            "SELECT 'bad-quantity', event_id, 120, 'percent', '120 percent', false, 'test' FROM events LIMIT 1"
        )
    failed = revalidate(warehouse, checks, lock_timeout=5, run_id="broken")
    assert failed.status == "failed" and failed.critical_failed
    assert failed.message is not None and "quantities.percent_between_0_and_100" in failed.message
    critical = [f for f in failed.gate.failed if f.critical]
    assert critical and all(f.examples for f in critical), "each failure shows rows that failed it"
    assert _run(db, "broken")[:3] == ("failed", "validate", failed.message)
