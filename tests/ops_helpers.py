"""Helpers shared by the operations tests (test_ops_*.py): subprocess runs against the test Prefect server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE_CORPUS

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
