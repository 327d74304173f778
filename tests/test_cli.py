"""The eventetl command line: in this process against the session's Prefect server; ``--help`` as a process."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import SAMPLE_CORPUS
from ops_helpers import EVENTETL, eventetl

if TYPE_CHECKING:
    from spacy.language import Language


def test_help_is_fast_and_lists_the_commands(tmp_path: Path) -> None:
    # A process of its own: whether --help imports a heavy library shows only in a fresh interpreter.
    started = time.perf_counter()
    result = subprocess.run(
        [str(EVENTETL), "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0
    for command in ("run", "query", "validate"):
        assert command in result.stdout
    # Not a speed benchmark: a guard that --help imports no heavy library (those take many seconds).
    assert time.perf_counter() - started < 10


def test_query_on_a_missing_warehouse_says_so(tmp_path: Path) -> None:
    result = eventetl("query", "SELECT 1", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "no warehouse" in result.stderr


@pytest.mark.slow
def test_run_reports_rejected_input_in_summary_and_exit_code(
    prefect_harness: None, nlp: Language, elsewhere: Path
) -> None:
    from extractors.nlp.pipeline import _load_named_pipeline

    loads_before = _load_named_pipeline.cache_info().misses
    inbox = elsewhere / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLE_CORPUS / "002_bf4136b5d83f17ff.txt", inbox)
    (inbox / "empty.txt").write_text("")
    db = elsewhere / "cli.duckdb"
    result = eventetl("run", str(inbox), "--db", str(db))
    assert result.exit_code == 3, result.output[-2000:]
    assert "1 read" in result.stdout and "1 rejected" in result.stdout
    assert "empty.txt" in result.stdout and "file is empty" in result.stdout
    assert f"BI snapshot: {db.with_name('cli.bi.duckdb')}" in result.stdout
    # The command ran on the session's pipeline (the default model is the test model here): no second load.
    assert _load_named_pipeline.cache_info().misses == loads_before

    queried = eventetl("query", "SELECT count(*) AS n FROM documents", "--db", str(db))
    assert queried.exit_code == 0
    assert queried.stdout.splitlines() == ["n", "1"]
