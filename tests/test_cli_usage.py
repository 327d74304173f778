"""Usage errors: one line naming the value and what is allowed, exit 2, nothing started or created."""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app


@dataclass(frozen=True)
class BadInput:
    """One mistake a user can make, and what the one line must name."""

    args: list[str]
    """Command-line arguments after ``eventetl`` (``--db`` is added)."""
    names: list[str]
    """Substrings the line must contain: the value, and what is allowed."""
    env: dict[str, str] = field(default_factory=dict)
    """Environment variables set for the call (relative paths are in the working folder)."""
    files: dict[str, str] = field(default_factory=dict)
    """Files written into the working folder first."""


BAD_INPUTS = {
    "runner flag": BadInput(["run", "--runner", "foo"], ["runner=foo", "--runner", "'local' or 'dask'"]),
    "batch size flag": BadInput(["run", "--batch-size", "0"], ["batch_size=0", "--batch-size", "at least 1"]),
    "workers flag": BadInput(["run", "--workers", "0"], ["workers=0", "at least 1"]),
    "batch size variable under query": BadInput(
        ["query", "SELECT 1"],
        ["batch_size=abc", "EVENTETL_BATCH_SIZE", "whole number"],
        {"EVENTETL_BATCH_SIZE": "abc"},
    ),
    "window variable under validate": BadInput(
        ["validate"], ["corpus_window_start=soon", "YYYY-MM-DD"], {"EVENTETL_CORPUS_WINDOW_START": "soon"}
    ),
    "serve interval": BadInput(["serve", "--interval", "-1"], ["schedule_interval=-1", "more than 0"]),
    "missing config file": BadInput(
        ["run"], ["missing.toml", "no such settings file"], {"EVENTETL_CONFIG": "missing.toml"}
    ),
    "config file syntax": BadInput(
        ["run"],
        ["broken.toml", "not valid TOML"],
        {"EVENTETL_CONFIG": "broken.toml"},
        {"broken.toml": "batch_size = \n"},
    ),
    "invalid value in config file": BadInput(
        ["run"],
        ["batch_size=-3", "at least 1"],
        {"EVENTETL_CONFIG": "corpus.toml"},
        {"corpus.toml": "batch_size = -3\n"},
    ),
    "pyproject syntax": BadInput(
        ["check"], ["pyproject.toml", "not valid TOML"], files={"pyproject.toml": "[tool.eventetl\n"}
    ),
    "missing path to run": BadInput(
        ["run", "nowhere/news.txt"], ["nowhere/news.txt", "no such file or folder"]
    ),
    "missing path to serve": BadInput(["serve", "nowhere"], ["nowhere", "no such file or folder"]),
    "serve cron and interval": BadInput(["serve", "--cron", "* * * * *", "--interval", "5"], ["not both"]),
    "serve cron": BadInput(
        ["serve", "--cron", "every day"], ["invalid cron expression 'every day'", "--cron"]
    ),
}


@pytest.mark.parametrize("bad", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_a_usage_error_is_one_line_and_exit_2(
    bad: BadInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in bad.files.items():
        (tmp_path / name).write_text(text)
    db = tmp_path / "warehouse" / "events.duckdb"

    result = CliRunner().invoke(app, [*bad.args, "--db", str(db)], env=bad.env)

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    for name in bad.names:
        assert name in lines[0]
    # Checked before anything started: no warehouse, no lock file, no data/ folder.
    assert not db.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(bad.files)


def test_version_names_each_component_with_its_version() -> None:
    result = CliRunner().invoke(app, ["--version"])

    assert result.exit_code == 0, result.output
    lines = dict(line.split(" ", 1) for line in result.output.strip().splitlines())
    assert lines["eventetl"] == importlib.metadata.version("eventetl")
    assert lines["extractor"] == __import__("extractors.version").version.extractor_version(None)
    for package in ("duckdb", "prefect", "spacy", "great-expectations"):
        assert lines[package] == importlib.metadata.version(package)
    from extractors.nlp.pipeline import default_model_name

    # The default model, with the version of its installed package's meta.json.
    assert re.fullmatch(rf"{default_model_name()} \d+\.\d+\.\d+.*\(default\)", lines["model"])


def test_version_finds_the_default_model_as_the_pipeline_does() -> None:
    from extractors.models import default_model
    from extractors.nlp.pipeline import default_model_name

    assert default_model() == default_model_name()
