"""Helpers shared by the command-line and operations tests: ``eventetl`` in this process, or as a process.

In this process (``eventetl``) a command uses the session's Prefect test server and the spaCy
pipeline loaded once per session: the way to test what a command prints and exits with. As a
process (``start_eventetl``, ``harness_env``) only where the point needs one: two runs at once,
a run killed, ``serve``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from click.testing import Result
from conftest import SAMPLE_CORPUS
from typer.testing import CliRunner

EVENTETL = Path(sys.executable).parent / "eventetl"
SMALLEST_SAMPLE = SAMPLE_CORPUS / "004_0ba8a40e747d1a8b.txt"


def harness_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess that should use the session's Prefect test server (no server of its own)."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVENTETL_"))}
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    env.update(extra)
    return env


def inbox_with(folder: Path, *samples: Path) -> Path:
    """A folder holding copies of ``samples``."""
    folder.mkdir(parents=True, exist_ok=True)
    for sample in samples:
        shutil.copy(sample, folder / sample.name)
    return folder


def start_eventetl(*args: str, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    """``eventetl ARGS`` as a background process (its own session, so it can be stopped as a group)."""
    return subprocess.Popen(
        [str(EVENTETL), *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def eventetl(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """``eventetl ARGS`` in this process; ``stdout``, ``stderr`` and ``exit_code`` as a process would have them.

    Prefect's log lines do not reach ``stderr``: its handlers write where they were set up, the
    session's captured stream. Any exception but an exit is raised again: a traceback is never an answer.
    """
    from flows.cli import app

    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result
