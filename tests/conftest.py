"""Shared fixtures: the real spaCy pipeline, a Prefect test server, fresh and seeded warehouses."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO_ROOT / "data" / "samples" / "aleppo_2016_12"
SHARED = REPO_ROOT.parent / "shared"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the Prefect test server is slow, marked or not: ``-m "not slow"`` never starts one."""
    for item in items:
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline (the pinned test model + our components), loaded once per test session."""
    from nlp_support import TEST_MODEL

    from extractors.nlp.pipeline import load_pipeline

    return load_pipeline(TEST_MODEL)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API server and database for the whole session (real flow runs)."""
    from flows.runtime import configure_prefect_defaults

    configure_prefect_defaults()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the working folder, with no ``EVENTETL_*`` variable: a command sees the defaults
    only, as in a user's own folder (not this repository's ``pyproject.toml``)."""
    for name in [n for n in os.environ if n.startswith("EVENTETL_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fresh_warehouse(tmp_path: Path) -> Iterator[Path]:
    """An empty, migrated warehouse file."""
    from warehouse.db import open_warehouse

    db = tmp_path / "fresh.duckdb"
    with open_warehouse(db):
        pass
    yield db


@pytest.fixture(scope="session")
def seeded_warehouse_master(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """The sample corpus run once through the real flow; copy it before writing (see ``seeded_warehouse``)."""
    from flows.ingest import ingest_events

    db = tmp_path_factory.mktemp("seeded") / "events.duckdb"
    # The bundled corpus's window, as its settings file data/samples/aleppo_2016_12.toml gives it to `make run`.
    ingest_events(
        [str(SAMPLE_CORPUS)], str(db), window_start=dt.date(2016, 12, 1), window_end=dt.date(2016, 12, 31)
    )
    return db


@pytest.fixture
def seeded_warehouse(seeded_warehouse_master: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded warehouse that a test may change."""
    db = tmp_path / "seeded.duckdb"
    shutil.copy(seeded_warehouse_master, db)
    return db


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of ``sql`` on ``db`` through a short-lived read-only connection."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
