"""The eventetl command line, run as a user would run it (a subprocess, its own Prefect server)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS

EVENTETL = Path(sys.executable).parent / "eventetl"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return subprocess.run(
        [str(EVENTETL), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_help_is_fast_and_lists_the_commands(tmp_path: Path) -> None:
    started = time.perf_counter()
    result = _run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("run", "query", "validate"):
        assert command in result.stdout
    # Not a speed benchmark: a guard that --help imports no heavy library (those take many seconds).
    assert time.perf_counter() - started < 10


def test_query_on_a_missing_warehouse_says_so(tmp_path: Path) -> None:
    result = _run("query", "SELECT 1", "--db", str(tmp_path / "none.duckdb"), cwd=tmp_path)
    assert result.returncode == 1
    assert "no warehouse" in result.stderr


@pytest.mark.slow
def test_run_reports_rejected_input_in_summary_and_exit_code(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLE_CORPUS / "002_bf4136b5d83f17ff.txt", inbox)
    (inbox / "empty.txt").write_text("")
    db = tmp_path / "cli.duckdb"
    result = _run("run", str(inbox), "--db", str(db), cwd=tmp_path)
    assert result.returncode == 3, result.stderr[-2000:]
    assert "1 read" in result.stdout and "1 rejected" in result.stdout
    assert "empty.txt" in result.stdout and "file is empty" in result.stdout

    queried = _run("query", "SELECT count(*) AS n FROM documents", "--db", str(db), cwd=tmp_path)
    assert queried.returncode == 0
    assert "1" in queried.stdout
