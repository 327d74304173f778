"""Two runs on one warehouse: the second waits on the writer lock, then gives up with a clear message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import query
from ops_helpers import SMALLEST_SAMPLE, eventetl, harness_env, inbox_with, start_eventetl

from warehouse.database import Warehouse
from warehouse.lock import WarehouseBusy

HOLDER = textwrap.dedent(
    """
    import sys, time
    from warehouse.database import Warehouse
    with Warehouse.at(sys.argv[1]).lock(timeout=10, holder=sys.argv[2] if len(sys.argv) > 2 else None):
        print("holding", flush=True)
        time.sleep(300)
    """
)


def test_lock_times_out_with_a_message_naming_the_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with (
            pytest.raises(WarehouseBusy, match=r"events\.duckdb is busy.*more than 0\.5 s"),
            Warehouse.at(db).lock(timeout=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert Warehouse.at(db).lock_file.name == "events.duckdb.lock"
    with Warehouse.at(db).lock(timeout=5):  # a killed holder leaves no stale lock
        pass


def test_a_waiting_process_names_the_holder_and_ignores_a_killed_one(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "run 20161201T000000Z-first"],
        stdout=subprocess.PIPE,
        text=True,
    )
    waits: list[str] = []
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        named = f"run 20161201T000000Z-first (pid {holder.pid}) since "
        with (
            pytest.raises(WarehouseBusy, match=re.escape(named)),
            Warehouse.at(db).lock(timeout=0.5, on_wait=waits.append),
        ):
            pass
        assert len(waits) == 1 and named in waits[0] and waits[0].startswith("waiting for the writer lock")
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    # Killed while holding: its record stays behind, but names a dead process, so nobody is named.
    assert Warehouse.at(db).lock_holder_file.exists()
    assert Warehouse.at(db).lock_holder() is None
    with Warehouse.at(db).lock(timeout=5, holder="run 20161201T000000Z-second"):
        current = Warehouse.at(db).lock_holder()
        assert current is not None and current.holder == "run 20161201T000000Z-second"
        assert current.pid == os.getpid() and current.since.tzinfo is not None
    assert not Warehouse.at(db).lock_holder_file.exists()


@pytest.mark.slow
def test_concurrent_runs_wait_for_each_other_and_a_busy_run_exits_clearly(
    prefect_harness: None, seeded_warehouse: Path, elsewhere: Path
) -> None:
    inbox = inbox_with(elsewhere / "inbox", SMALLEST_SAMPLE)
    runs_before = query(seeded_warehouse, "SELECT count(*) FROM runs")[0][0]

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(seeded_warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        # In this process: the holder is the other process that matters here.
        busy = eventetl("run", str(inbox), "--db", str(seeded_warehouse), "--lock-timeout", "1")
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert busy.exit_code == 1, busy.output[-2000:]
    last_line = busy.stderr.strip().splitlines()[-1]
    assert last_line.startswith(f"run failed: warehouse {seeded_warehouse} is busy"), last_line
    assert query(seeded_warehouse, "SELECT count(*) FROM runs")[0][0] == runs_before, (
        "a busy run writes nothing"
    )

    # Two runs at once on a new file, in two processes: the one that takes the lock first loads the document,
    # the other waits for it, then finds the document unchanged.
    fresh = elsewhere / "fresh.duckdb"
    first = start_eventetl("run", str(inbox), "--db", str(fresh), env=harness_env(), cwd=elsewhere)
    try:
        holder_pid = _wait_for_a_lock_holder(fresh, first)
        assert holder_pid == first.pid, "the process's run holds the lock"
        second = eventetl("run", str(inbox), "--db", str(fresh))
        stdout, stderr = first.communicate(timeout=400)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate(timeout=30)
    assert first.returncode == 0, stderr[-2000:]
    assert second.exit_code == 0, second.output[-2000:]
    assert "1 read, 0 skipped" in stdout
    assert "0 read, 1 skipped" in second.stdout
    # It waited, and named whom it waited for.
    assert "eventetl: waiting for the writer lock" in second.stderr and f"(pid {first.pid})" in second.stderr
    assert query(fresh, "SELECT count(*) FROM documents") == [(1,)]
    assert query(fresh, "SELECT status, count(*) FROM runs GROUP BY 1") == [("succeeded", 2)]


def _wait_for_a_lock_holder(db: Path, process: subprocess.Popen[str], timeout: float = 300.0) -> int:
    """The pid of the process that holds ``db``'s writer lock, once one does (``process`` may take a while to start)."""
    deadline = time.monotonic() + timeout
    while (holder := Warehouse.at(db).lock_holder()) is None:
        assert process.poll() is None, "the run ended before anyone was seen holding the lock"
        assert time.monotonic() < deadline, "no run took the writer lock"
        time.sleep(0.02)
    return holder.pid
