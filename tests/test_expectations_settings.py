"""The corpus window and the data-quality thresholds are settings: pyproject, a corpus file, the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flows.settings import CONFIG_ENV, Settings


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder whose pyproject.toml sets a window and a threshold, with no EVENTETL_* set."""
    for name in ("EVENTETL_CORPUS_WINDOW_START", "EVENTETL_CORPUS_WINDOW_END", "EVENTETL_MIN_EVENTS_PER_RUN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.eventetl]\ncorpus_window_start = "2016-12-01"\ncorpus_window_end = "2016-12-31"\n'
        "min_events_per_run = 2\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pyproject_sets_the_window_and_thresholds(project: Path) -> None:
    settings = Settings()
    assert (settings.corpus_window_start, settings.corpus_window_end) == (
        dt.date(2016, 12, 1),
        dt.date(2016, 12, 31),
    )
    assert settings.min_events_per_run == 2


def test_a_corpus_file_overrides_pyproject_and_the_environment_overrides_both(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = project / "mosul_2017.toml"
    corpus.write_text(
        'corpus_window_start = "2017-07-01"\ncorpus_window_end = "2017-07-31"\nmin_events_per_run = 5\n'
    )
    monkeypatch.setenv(CONFIG_ENV, str(corpus))
    settings = Settings()
    assert (settings.corpus_window_start, settings.corpus_window_end) == (
        dt.date(2017, 7, 1),
        dt.date(2017, 7, 31),
    )
    assert settings.min_events_per_run == 5

    monkeypatch.setenv("EVENTETL_MIN_EVENTS_PER_RUN", "0")
    monkeypatch.setenv("EVENTETL_CORPUS_WINDOW_END", "2017-08-15")
    settings = Settings()
    assert settings.min_events_per_run == 0
    assert (settings.corpus_window_start, settings.corpus_window_end) == (
        dt.date(2017, 7, 1),
        dt.date(2017, 8, 15),
    )


def test_a_missing_corpus_file_is_named(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(project / "nowhere.toml"))
    with pytest.raises(FileNotFoundError, match=r"nowhere\.toml"):
        Settings()


def test_the_bundled_corpus_window_is_in_its_own_settings_file_not_in_the_project() -> None:
    """A window in pyproject.toml would silently flag every other corpus run from the project folder."""
    import tomllib

    from conftest import REPO_ROOT

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "corpus_window_start" not in project["tool"]["eventetl"]
    sample = tomllib.loads(
        (REPO_ROOT / "data" / "samples" / "aleppo_2016_12.toml").read_text(encoding="utf-8")
    )
    assert sample["corpus_window_start"] == "2016-12-01" and sample["corpus_window_end"] == "2016-12-31"
    assert "EVENTETL_CONFIG=$(SAMPLE_CONFIG) $(BIN)/eventetl run" in (REPO_ROOT / "Makefile").read_text()


def test_a_validation_checks_what_the_settings_say(project: Path) -> None:
    from expectations.suites import QualityChecks
    from flows.validation import quality_checks

    settings = Settings(max_event_age_days=30, min_events_per_run=4)
    assert quality_checks(settings) == QualityChecks(
        window_start=dt.date(2016, 12, 1),
        window_end=dt.date(2016, 12, 31),
        max_event_age_days=30,
        min_events_per_run=4,
    )
