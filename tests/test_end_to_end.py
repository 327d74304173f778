"""The whole pipeline on the sample corpus: a real Prefect flow run into a real DuckDB file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS, query

pytestmark = pytest.mark.slow


def test_sample_corpus_loads_every_document_with_its_date(seeded_warehouse_master: Path) -> None:
    rows = dict(query(seeded_warehouse_master, "SELECT source_name, published_date::VARCHAR FROM documents"))
    assert set(rows) == {p.name for p in SAMPLE_CORPUS.iterdir()}
    assert rows["000_f7c55affd0cdf4cf.txt"] == "2016-12-12"
    assert rows["001_ae4e558152c2dad8.txt"] == "2016-12-10"
    assert rows["002_bf4136b5d83f17ff.txt"] == "2016-12-05"
    assert rows["004_0ba8a40e747d1a8b.txt"] is None  # states no date: unknown, never the ingestion date


def test_regained_control_of_98_percent_is_extracted(seeded_warehouse_master: Path) -> None:
    rows = query(
        seeded_warehouse_master,
        """SELECT e.actor, e.place, e.action, e.date_start::VARCHAR, q.value, q.unit
           FROM events e JOIN documents d USING (doc_id) JOIN quantities q USING (event_id)
           WHERE d.source_name = '002_bf4136b5d83f17ff.txt' AND e.trigger = 'regained'""",
    )
    assert rows, "the 98-percent claim of 002 was not extracted"
    actor, place, action, date_start, value, unit = rows[0]
    assert actor == "Syria's military"
    assert place == "eastern Aleppo"
    assert action == "regain control"
    assert date_start == "2016-12-05"
    assert (value, unit) == (98.0, "percent")


def test_events_point_into_the_cleaned_text(seeded_warehouse_master: Path) -> None:
    mismatches = query(
        seeded_warehouse_master,
        """SELECT count(*) FROM events e JOIN documents d USING (doc_id)
           WHERE substr(d.text, e.start_char + 1, e.end_char - e.start_char) <> e.sentence""",
    )
    assert mismatches == [(0,)]
    assert query(seeded_warehouse_master, "SELECT count(*) FROM events")[0][0] > 50


def test_every_document_has_exactly_one_main_event(seeded_warehouse_master: Path) -> None:
    rows = query(
        seeded_warehouse_master,
        "SELECT doc_id, count(*) FILTER (WHERE event_rank = 1), count(DISTINCT event_rank) = count(*) "
        "FROM events GROUP BY doc_id",
    )
    assert len(rows) == 5
    assert all(main == 1 and unique for _, main, unique in rows)


def test_run_is_recorded_with_counts_and_validation_results(seeded_warehouse_master: Path) -> None:
    from expectations.suites import QualityChecks, build_suites

    runs = query(
        seeded_warehouse_master,
        "SELECT run_id, flow_run_id, status, documents_read, events_loaded, expectations_passed, "
        "expectations_failed FROM runs",
    )
    assert len(runs) == 1
    run_id, flow_run_id, status, documents_read, events_loaded, passed, failed = runs[0]
    assert flow_run_id is not None and status == "succeeded"
    assert documents_read == 5
    assert events_loaded == query(seeded_warehouse_master, "SELECT count(*) FROM events")[0][0]
    # One stored outcome per expectation of the suites the run used (the sample corpus' window).
    window = QualityChecks(dt.date(2016, 12, 1), dt.date(2016, 12, 31), 365, 1)
    results = dict(
        query(
            seeded_warehouse_master,
            "SELECT expectation, success FROM validation_results WHERE run_id = ?",
            [run_id],
        )
    )
    assert set(results) == {spec.name for spec in build_suites(window)}
    held = {name for name, success in results.items() if success}
    # The run's record agrees with its stored outcomes.
    assert (passed, failed) == (len(held), len(results) - len(held))
    # Every critical expectation held (the run published); most warnings did too.
    critical = {spec.name for spec in build_suites(window) if spec.severity == "critical"}
    assert critical and critical <= held
    assert len(held) >= len(results) - 3
    # The sample corpus speaks of 2012: the window warning fails and is the reason the run still succeeded.
    assert "events.date_start_in_window" not in held


def test_events_before_the_corpus_window_are_flagged_not_dropped(seeded_warehouse_master: Path) -> None:
    rows = query(
        seeded_warehouse_master,
        "SELECT date_start, dq_status, dq_failed FROM events WHERE date_start < DATE '2016-12-01'",
    )
    assert rows, "the sample corpus speaks of 2012 and of July: such events must exist"
    assert all(status == "warn" and "events.date_start_in_window" in failed for _, status, failed in rows)
    clean = query(
        seeded_warehouse_master, "SELECT count(*) FROM events_clean WHERE date_start < DATE '2016-12-01'"
    )
    assert clean == [(0,)]


def test_second_run_over_the_same_files_adds_no_rows(seeded_warehouse: Path, prefect_harness: None) -> None:
    from flows.ingest import ingest_events

    def counts() -> tuple:
        return query(
            seeded_warehouse,
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM quantities)",
        )[0]

    before = counts()
    summary = ingest_events([str(SAMPLE_CORPUS)], str(seeded_warehouse))
    assert counts() == before
    assert summary.counts.documents_skipped == 5 and summary.counts.documents_read == 0
    assert summary.status == "succeeded" and summary.snapshot is not None
    assert query(seeded_warehouse, "SELECT count(*) FROM runs") == [(2,)]
