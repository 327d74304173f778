"""A run killed with SIGKILL leaves no child process behind (Prefect's temporary API server included)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from conftest import SAMPLE_CORPUS, query
from ops_helpers import SMALLEST_SAMPLE, start_eventetl

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 300.0
"""Seconds for the run to start its Prefect server and reach extraction on a busy 2-core machine."""
SURVIVOR_TIMEOUT = 20.0
"""Seconds every descendant of the killed run gets to disappear."""


def _own_server_env() -> dict[str, str]:
    """No PREFECT_API_URL: the run starts Prefect's temporary server, as a plain `eventetl run` does."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVENTETL_"))}


def _stderr_lines(process: subprocess.Popen[str]) -> tuple[list[str], threading.Event, threading.Thread]:
    """Collect the process's stderr in a thread (until every holder of the pipe has exited).

    The event is set once the run reports extracting.
    """
    lines: list[str] = []
    extracting = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "extracting" in line:
                extracting.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, extracting, reader


def _server_children(run: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in run.children(recursive=True):
        try:
            if "uvicorn" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def test_killed_run_leaves_no_child_process_and_the_next_run_marks_it_interrupted(
    prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events
    from warehouse.check import check_warehouse
    from warehouse.database import Warehouse
    from warehouse.db import open_warehouse

    db = tmp_path / "events.duckdb"
    run = start_eventetl("run", str(SAMPLE_CORPUS), "--db", str(db), env=_own_server_env(), cwd=tmp_path)
    descendants: list[psutil.Process] = []
    lines, extracting, reader = _stderr_lines(run)
    try:
        # The run has its Prefect server child and has started its warehouse run: kill it mid-way.
        assert extracting.wait(STARTUP_TIMEOUT), "".join(lines[-30:])
        parent = psutil.Process(run.pid)
        assert _server_children(parent), "the run should have started Prefect's temporary server"
        descendants = parent.children(recursive=True)
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        assert run.returncode == -signal.SIGKILL

        _, alive = psutil.wait_procs(descendants, timeout=SURVIVOR_TIMEOUT)
        survivors = []
        for process in alive:
            try:
                survivors.append(" ".join(process.cmdline())[:120])
            except psutil.Error:
                continue
        assert not survivors, f"still running {SURVIVOR_TIMEOUT:g} s after the run was killed: {survivors}"
    finally:
        if run.poll() is None:
            run.kill()
        for process in descendants:
            if process.is_running():
                process.kill()
        run.wait(timeout=30)
        reader.join(timeout=30)  # the pipe ends once the run and its children are gone
        for pipe in (run.stdout, run.stderr):
            if pipe is not None:
                pipe.close()

    (killed,) = query(db, "SELECT run_id FROM runs WHERE status = 'running'")
    with open_warehouse(db, read_only=True) as con:
        runs_check = {r.name: r for r in check_warehouse(con, Warehouse.at(db))}["runs"]
    assert runs_check.failed and killed[0] in runs_check.detail

    # One document is enough: the next run marks the killed one before it reads anything.
    ingest_events([str(SMALLEST_SAMPLE)], str(db), run_id="next", lock_timeout=30)
    status, stage, message = query(
        db, "SELECT status, stage, message FROM runs WHERE run_id = ?", [killed[0]]
    )[0]
    assert status == "interrupted"
    assert stage in {"read", "extract", "load"} and f"during its {stage} stage" in message


def test_watchdog_stops_the_children_of_a_killed_process(tmp_path: Path) -> None:
    """The mechanism alone, on a plain child process: fast, and independent of Prefect."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import subprocess, sys, time\n"
        "from flows.watchdog import start_watchdog\n"
        "start_watchdog()\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "time.sleep(2)  # the watchdog records its parent's children every half second\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(600)\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    child: psutil.Process | None = None
    try:
        assert parent.stdout is not None
        child = psutil.Process(int(parent.stdout.readline()))
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        # Raises psutil.TimeoutExpired when the child outlives its parent by that long.
        child.wait(timeout=SURVIVOR_TIMEOUT)
    finally:
        if child is not None and child.is_running():
            child.kill()
        parent.kill()
        parent.communicate(timeout=30)


def test_a_normal_exit_releases_the_watchdog_without_stopping_anything(tmp_path: Path) -> None:
    """A command that ends normally stops its own children; the watchdog exits with it and stops none."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import subprocess, sys, time\n"
        "from flows.watchdog import start_watchdog\n"
        "watchdog = start_watchdog()\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],\n"
        "                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "time.sleep(2)  # recorded by the watchdog by now\n"
        "print(watchdog.pid, child.pid, flush=True)\n"
        "child.returncode = 0  # left running on purpose: not this test's warning\n",
        encoding="utf-8",
    )
    parent = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    watchdog_pid, child_pid = (int(pid) for pid in parent.stdout.split())
    child = psutil.Process(child_pid)
    try:
        assert parent.returncode == 0, parent.stderr
        assert "ResourceWarning" not in parent.stderr, "the watchdog was reaped at exit"
        assert (
            not psutil.pid_exists(watchdog_pid)
            or psutil.Process(watchdog_pid).status() == psutil.STATUS_ZOMBIE
        )
        time.sleep(1)
        assert child.is_running(), "a released watchdog stops nothing"
    finally:
        child.kill()
