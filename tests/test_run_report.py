"""Runs explain themselves in Prefect: the run's table and markdown artifacts, its name, its retries."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from uuid import UUID

import duckdb
import pytest
from conftest import SAMPLE_CORPUS, query

from expectations.gate import GateResult
from expectations.report import ExampleValue, FailedExpectation
from extractors.records import RejectedInput
from flows.results import CriticalExpectationFailed, RunSummary
from flows.run_report import (
    MARKDOWN_KEY,
    TABLE_KEY,
    TopEvent,
    ingest_run_name,
    markdown_report,
    retry_on_os_error,
    table_rows,
)
from warehouse.database import Warehouse
from warehouse.runs import RunCounts

DOCS = Path("/tmp/w/docs/events/index.html")
PASSED = GateResult(passed=30, failed=(), data_docs_index=DOCS)
CLEAN = RunSummary(
    run_id="20261201T000000-aaaaaaaa",
    db="/tmp/w/events.duckdb",
    status="succeeded",
    counts=RunCounts(inputs_discovered=5, documents_read=5, events_loaded=42, quantities_loaded=7),
    gate=PASSED,
    snapshot="/tmp/w/events.bi.duckdb",
    stage_seconds={"read": 0.5, "extract": 2.25},
)
REJECTING = RunSummary(
    run_id="20261201T000000-bbbbbbbb",
    db="/tmp/w/events.duckdb",
    status="succeeded",
    counts=RunCounts(inputs_discovered=32, documents_read=2, documents_rejected=30, events_loaded=3),
    gate=PASSED,
    rejections=tuple(
        RejectedInput("feed.jsonl", f"line {n} is not JSON", line=n, kind="invalid") for n in range(1, 31)
    ),
    snapshot="/tmp/w/events.bi.duckdb",
)
FAILED_GATE = RunSummary(
    run_id="20261201T000000-cccccccc",
    db="/tmp/w/events.duckdb",
    status="failed",
    counts=RunCounts(inputs_discovered=1, documents_read=1, events_loaded=1),
    gate=GateResult(
        passed=28,
        failed=(
            FailedExpectation(
                "events.action_not_null",
                "events",
                "critical",
                1,
                100.0,
                1,
                ((ExampleValue("event_id", "e1"),),),
            ),
            FailedExpectation("events.date_in_window", "events", "warning", 4, 50.0, 8),
        ),
        data_docs_index=DOCS,
    ),
    message="critical expectations failed: events.action_not_null",
)
EVENTS = (TopEvent("Syrian army", "regain control", "eastern Aleppo", "2016-12-13", "doc|1"),)


def _rows(summary: RunSummary, section: str) -> list[dict]:
    return [r for r in table_rows(summary, max_rejections=25) if r["section"] == section]


@pytest.mark.parametrize(
    ("summary", "rejected_rows", "failed_rows", "status", "snapshot_line"),
    [
        (CLEAN, 0, 0, "succeeded", "- **BI snapshot:** `/tmp/w/events.bi.duckdb`"),
        (REJECTING, 26, 0, "succeeded", "- **BI snapshot:** `/tmp/w/events.bi.duckdb`"),
        (FAILED_GATE, 0, 2, "failed", "- **BI snapshot:** not published"),
    ],
    ids=["clean", "rejections", "failed-gate"],
)
def test_table_and_markdown_of_a_run(
    summary: RunSummary, rejected_rows: int, failed_rows: int, status: str, snapshot_line: str
) -> None:
    counts = {r["item"]: r["value"] for r in _rows(summary, "count")}
    assert counts["documents read"] == summary.counts.documents_read
    assert counts["inputs discovered"] == summary.counts.inputs_discovered
    assert counts["events loaded"] == summary.counts.events_loaded
    assert counts["expectations passed"] == summary.gate.passed
    assert {r["item"]: r["value"] for r in _rows(summary, "seconds")} == summary.stage_seconds
    assert len(_rows(summary, "rejected")) == rejected_rows
    failed = _rows(summary, "expectation failed")
    assert [(r["item"], r["detail"], r["value"]) for r in failed] == [
        (f.name, f.severity, f.unexpected_count) for f in summary.gate.failed
    ]
    # One table: every row has the same columns.
    assert {tuple(r) for r in table_rows(summary)} == {("section", "item", "detail", "value")}

    text = markdown_report(summary, EVENTS)
    assert text.startswith(f"# eventetl run {summary.run_id}: {status}\n")
    assert f"- **Status:** {status}" in text
    assert snapshot_line in text
    assert "- **Data Docs:** `/tmp/w/docs/events/index.html`" in text
    # The pipe in the doc id is escaped, so the table keeps its five columns.
    assert "| Syrian army | regain control | eastern Aleppo | 2016-12-13 | doc\\|1 |" in text


def test_rejections_are_capped_and_the_rest_counted() -> None:
    rejected = [r for r in table_rows(REJECTING, max_rejections=25) if r["section"] == "rejected"]
    assert rejected[0] == {
        "section": "rejected",
        "item": "feed.jsonl line 1",
        "detail": "invalid",
        "value": "line 1 is not JSON",
    }
    assert rejected[-1] == {"section": "rejected", "item": "... and 5 more", "detail": "", "value": 5}


def test_failed_gate_paragraph_names_the_critical_expectation() -> None:
    text = markdown_report(FAILED_GATE, ())
    assert "Critical expectations failed (events.action_not_null): nothing was published for BI." in text
    assert "No new events in this run." in text
    assert "28 expectations held and 2 failed (1 critical)." in text


def test_a_warning_that_flags_most_of_its_table_names_its_setting() -> None:
    dominant, critical = FAILED_GATE.gate.failed[1], FAILED_GATE.gate.failed[0]
    assert dominant.dominant_warning() is None  # 4 of 8 rows: not more than half
    most = FailedExpectation("events.date_start_in_window", "events", "warning", 7, 87.5, 8)
    line = most.dominant_warning()
    assert line is not None and "7 of 8 events" in line and "corpus_window_start" in line
    assert critical.critical and critical.dominant_warning() is None


@pytest.mark.parametrize(
    ("parameters", "name"),
    [
        ({"paths": ["data/in"], "db": "w/events.duckdb", "run_id": "r1"}, "ingest r1 into events.duckdb"),
        (
            {"paths": ["data/in", "b", "c"], "db": "events.duckdb", "run_id": None},
            "ingest in and 2 more into events.duckdb",
        ),
        ({"paths": [], "db": "x.duckdb"}, "ingest nothing into x.duckdb"),
    ],
)
def test_ingest_run_name(parameters: dict, name: str) -> None:
    assert ingest_run_name(parameters) == name


def test_retry_condition_retries_os_errors_only() -> None:
    from prefect.states import Failed

    assert retry_on_os_error(None, None, Failed(data=OSError("stale NFS handle"))) is True
    assert retry_on_os_error(None, None, Failed(data=OSError(errno.ESTALE, "stale file handle"))) is True
    assert retry_on_os_error(None, None, Failed(data=IsADirectoryError("a folder in the way"))) is False
    assert retry_on_os_error(None, None, Failed(data=FileNotFoundError("gone"))) is False
    assert retry_on_os_error(None, None, Failed(data=ValueError("bad record"))) is False


def test_real_task_retries_on_os_error_not_on_value_error(prefect_harness: None) -> None:
    from prefect import flow, task

    attempts: dict[str, int] = {"os": 0, "value": 0}

    @task(retries=2, retry_delay_seconds=0, retry_condition_fn=retry_on_os_error)
    def flaky(kind: str) -> str:
        attempts[kind] += 1
        if kind == "os" and attempts[kind] < 3:
            raise OSError("file-system hiccup")
        if kind == "value":
            raise ValueError("deterministic")
        return "ok"

    @flow
    def probe() -> tuple[str, str]:
        ok = flaky("os")
        state = flaky("value", return_state=True)
        return ok, type(state.result(raise_on_failure=False)).__name__

    assert probe() == ("ok", "ValueError")
    assert attempts == {"os": 3, "value": 1}


def test_flow_run_publishes_artifacts_and_has_a_readable_name(seeded_warehouse_master: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    ((flow_run_id, run_id, documents_read, events_loaded),) = query(
        seeded_warehouse_master, "SELECT flow_run_id, run_id, documents_read, events_loaded FROM runs"
    )
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(UUID(flow_run_id))
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(flow_run_id)]))
        )
    assert flow_run.name == f"ingest {SAMPLE_CORPUS.name} into {seeded_warehouse_master.name}"
    by_key = {a.key: a for a in artifacts}
    assert set(by_key) == {TABLE_KEY, MARKDOWN_KEY}

    table = by_key[TABLE_KEY].data
    # The API returns a table artifact's rows as JSON text.
    assert isinstance(table, str)
    rows: list[dict] = json.loads(table)
    counts = {r["item"]: r["value"] for r in rows if r["section"] == "count"}
    assert documents_read > 0
    assert counts["documents read"] == documents_read
    assert counts["events loaded"] == events_loaded

    markdown = by_key[MARKDOWN_KEY].data
    assert isinstance(markdown, str)
    assert f"# eventetl run {run_id}: succeeded" in markdown
    assert f"- **BI snapshot:** `{Warehouse.at(seeded_warehouse_master).snapshot_file}`" in markdown
    assert "| actor | action | place | date | document |" in markdown


def _read_artifacts(flow_run_id: UUID) -> dict[str, str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {str(a.key): str(a.data) for a in artifacts}


def test_a_failed_gate_still_publishes_its_report(seeded_warehouse: Path, tmp_path: Path) -> None:
    from flows.ingest import ingest_events

    # A quantity of 120 percent fails a critical expectation on the next run's validation.
    con = duckdb.connect(str(seeded_warehouse))
    try:
        con.execute(
            "INSERT INTO quantities (quantity_id, event_id, value, unit, text, is_approximate, run_id) "
            "SELECT 'bad-quantity', event_id, 120, 'percent', '120 percent', false, 'test' FROM events LIMIT 1"
        )
    finally:
        con.close()
    empty = tmp_path / "nothing-new"
    empty.mkdir()
    state = ingest_events([str(empty)], str(seeded_warehouse), run_id="gate-run", return_state=True)
    assert state.is_failed()
    # The flow's error carries the run's summary, for the command line to print.
    error = state.result(raise_on_failure=False)
    assert isinstance(error, CriticalExpectationFailed)
    assert error.summary.status == "failed" and error.summary.snapshot is None
    assert error.summary.message == "critical expectations failed: quantities.percent_between_0_and_100"
    assert [f.name for f in error.summary.gate.failed if f.critical] == [
        "quantities.percent_between_0_and_100"
    ]
    assert error.summary.counts.inputs_discovered == 0
    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None

    artifacts = _read_artifacts(flow_run_id)
    rows = json.loads(artifacts[TABLE_KEY])
    assert {
        "section": "expectation failed",
        "item": "quantities.percent_between_0_and_100",
        "detail": "critical",
        "value": 1,
    } in rows
    markdown = artifacts[MARKDOWN_KEY]
    assert markdown.startswith("# eventetl run gate-run: failed\n")
    assert "- **BI snapshot:** not published" in markdown
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        assert client.read_flow_run(flow_run_id).name == "ingest gate-run into seeded.duckdb"
