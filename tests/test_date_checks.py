"""Event dates are judged against their own document's publication date, so any corpus keeps clean events.

The absolute corpus window is opt-in; when a warning flags most of a table, the run summary says which
setting controls it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SHARED, query
from typer.testing import CliRunner

from flows.cli import app

GIVEME = SHARED / "eval" / "giveme5w1h_dev"
PUBLISHED = dt.date(2016, 11, 10)


def test_without_a_window_no_window_expectation_is_built() -> None:
    from expectations.suites import QualityChecks, build_suites

    names = {s.name for s in build_suites(QualityChecks(None, None, 365, 1))}
    assert not {n for n in names if n.endswith("_in_window")}
    assert {"events.date_not_after_publication", "events.date_not_long_before_publication"} <= names
    windowed = {s.name for s in build_suites(QualityChecks(dt.date(2016, 12, 1), None, 365, 1))}
    assert "events.date_start_in_window" in windowed


def test_settings_have_no_window_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.settings import CONFIG_ENV, Settings

    for name in ("EVENTETL_CORPUS_WINDOW_START", "EVENTETL_CORPUS_WINDOW_END", "EVENTETL_MAX_EVENT_AGE_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    monkeypatch.chdir(tmp_path)  # no pyproject.toml here
    settings = Settings()
    assert (settings.corpus_window_start, settings.corpus_window_end) == (None, None)
    assert settings.max_event_age_days == 365


def test_an_event_is_judged_against_its_own_publication_date(fresh_warehouse: Path) -> None:
    from expectations.suites import QualityChecks
    from expectations.validate import validate_warehouse

    con = duckdb.connect(str(fresh_warehouse))
    try:
        con.execute(
            """INSERT INTO documents (doc_id, source_key, source_name, source_uri, published_date,
                   published_date_source, content_sha256, byte_size, format, encoding, encoding_guessed, text,
                   extractor_version, run_id, loaded_at)
               VALUES ('doc', 'doc.txt', 'doc.txt', 'doc.txt', ?, 'dateline', 'sha', 10, 'text', 'utf-8',
                   false, 'They met.', 'test', 'test', ?)""",
            [PUBLISHED, dt.datetime(2026, 1, 1)],
        )
        for rank, (event_id, day) in enumerate(
            [
                ("same-day", PUBLISHED),
                ("next-day", PUBLISHED + dt.timedelta(days=1)),
                ("two-days-after", PUBLISHED + dt.timedelta(days=2)),
                ("400-days-before", PUBLISHED - dt.timedelta(days=400)),
                ("300-days-before", PUBLISHED - dt.timedelta(days=300)),
            ],
            start=1,
        ):
            con.execute(
                "INSERT INTO events (event_id, doc_id, sentence, start_char, end_char, trigger, action, "
                "event_rank, modality, run_id, date_start, date_end) "
                "VALUES (?, 'doc', 'They met.', 0, 9, 'met', 'meet', ?, 'asserted', 'test', ?, ?)",
                [event_id, rank, day, day],
            )
        validate_warehouse(con, run_id="dates", checks=QualityChecks(None, None, 365, 1))
    finally:
        con.close()
    flags = dict(
        (event_id, (status, failed))
        for event_id, status, failed in query(
            fresh_warehouse, "SELECT event_id, dq_status, dq_failed FROM events"
        )
    )
    assert flags == {
        "same-day": ("pass", []),
        "next-day": ("pass", []),
        "two-days-after": ("warn", ["events.date_not_after_publication"]),
        "400-days-before": ("warn", ["events.date_not_long_before_publication"]),
        "300-days-before": ("pass", []),
    }


@pytest.fixture(scope="module")
def giveme_warehouse(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 42 November-2016 giveme5w1h dev articles, through the real flow with default settings."""
    if not GIVEME.is_dir():
        pytest.skip(f"{GIVEME} is absent: the shared giveme5w1h dev set is not checked out beside the repo")
    from flows.ingest import ingest_events

    db = tmp_path_factory.mktemp("giveme") / "giveme.duckdb"
    # Explicitly no window, whatever the environment or a settings file says.
    ingest_events([str(GIVEME)], str(db), run_id="giveme", window_start=None, window_end=None)
    return db


@pytest.mark.slow
def test_a_november_corpus_keeps_clean_events_by_default(giveme_warehouse: Path) -> None:
    (events,) = query(giveme_warehouse, "SELECT count(*) FROM events")[0]
    (clean,) = query(giveme_warehouse, "SELECT count(*) FROM events_clean")[0]
    assert events > 1000 and clean > events // 2
    assert query(
        giveme_warehouse,
        "SELECT count(*) FROM validation_results WHERE run_id = 'giveme' AND expectation LIKE '%_in_window'",
    ) == [(0,)]
    from expectations.report import failed_expectations

    with duckdb.connect(str(giveme_warehouse), read_only=True) as con:
        failed = failed_expectations(con, "giveme")
    assert not [f for f in failed if f.critical]
    assert [f.dominant_warning() for f in failed if f.dominant_warning()] == []


@pytest.mark.slow
def test_a_window_that_flags_most_events_is_named_in_the_summary(
    giveme_warehouse: Path, tmp_path: Path
) -> None:
    db = tmp_path / "windowed.duckdb"
    shutil.copy(giveme_warehouse, db)
    (events,) = query(
        db, "SELECT count(*) FROM events WHERE date_start NOT BETWEEN DATE '2016-12-01' AND DATE '2016-12-31'"
    )[0]
    result = CliRunner().invoke(
        app,
        ["validate", "--db", str(db)],
        env={"EVENTETL_CORPUS_WINDOW_START": "2016-12-01", "EVENTETL_CORPUS_WINDOW_END": "2016-12-31"},
    )
    assert result.exit_code == 0, result.output
    (total,) = query(db, "SELECT count(*) FROM events")[0]
    assert events * 2 > total  # November articles: most of their events fall before December
    expected = (
        f"warning: events.date_start_in_window flagged {events:,} of {total:,} events "
        f"({100 * events / total:.0f}%): see corpus_window_start / corpus_window_end "
        "(EVENTETL_CORPUS_WINDOW_START / EVENTETL_CORPUS_WINDOW_END)"
    )
    assert expected in result.output
    assert "date_end_in_window flagged" in result.output
