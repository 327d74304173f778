"""Two runs on one warehouse: the second waits on the writer lock, then gives up with a clear message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import query
from ops_helpers import SMALLEST_SAMPLE, harness_env, inbox_with, start_eventetl

from warehouse.lock import WarehouseBusy, holder_path, lock_path, read_holder, writer_lock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from warehouse.lock import writer_lock
    with writer_lock(sys.argv[1], timeout=10, holder=sys.argv[2] if len(sys.argv) > 2 else None):
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
            writer_lock(db, timeout=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert lock_path(db).name == "events.duckdb.lock"
    with writer_lock(db, timeout=5):  # a killed holder leaves no stale lock
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
            writer_lock(db, timeout=0.5, on_wait=waits.append),
        ):
            pass
        assert len(waits) == 1 and named in waits[0] and waits[0].startswith("waiting for the writer lock")
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    # Killed while holding: its record stays behind, but names a dead process, so nobody is named.
    assert holder_path(db).exists()
    assert read_holder(db) is None
    with writer_lock(db, timeout=5, holder="run 20161201T000000Z-second"):
        current = read_holder(db)
        assert current is not None and current.holder == "run 20161201T000000Z-second"
        assert current.pid == os.getpid() and current.since.tzinfo is not None
    assert not holder_path(db).exists()


@pytest.mark.slow
def test_concurrent_runs_wait_for_each_other_and_a_busy_run_exits_clearly(
    prefect_harness: None, seeded_warehouse: Path, tmp_path: Path
) -> None:
    inbox = inbox_with(tmp_path / "inbox", SMALLEST_SAMPLE)
    runs_before = query(seeded_warehouse, "SELECT count(*) FROM runs")[0][0]

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(seeded_warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        busy = subprocess.run(
            [
                str(Path(sys.executable).parent / "eventetl"),
                "run",
                str(inbox),
                "--db",
                str(seeded_warehouse),
                "--lock-timeout",
                "1",
            ],
            env=harness_env(),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert busy.returncode == 1, busy.stderr[-2000:]
    last_line = busy.stderr.strip().splitlines()[-1]
    assert last_line.startswith(f"run failed: warehouse {seeded_warehouse} is busy"), last_line
    assert query(seeded_warehouse, "SELECT count(*) FROM runs")[0][0] == runs_before, (
        "a busy run writes nothing"
    )

    # Two real runs at once on a new file: one loads it, the other waits, then finds it unchanged.
    fresh = tmp_path / "fresh.duckdb"
    runs = [
        start_eventetl("run", str(inbox), "--db", str(fresh), env=harness_env(), cwd=tmp_path)
        for _ in range(2)
    ]
    outputs = []
    for process in runs:
        stdout, stderr = process.communicate(timeout=400)
        assert process.returncode == 0, stderr[-2000:]
        outputs.append(stdout)
    assert sorted("1 read, 0 skipped" in out for out in outputs) == [False, True]
    assert any("0 read, 1 skipped" in out for out in outputs)
    assert query(fresh, "SELECT count(*) FROM documents") == [(1,)]
    assert query(fresh, "SELECT status, count(*) FROM runs GROUP BY 1") == [("succeeded", 2)]
