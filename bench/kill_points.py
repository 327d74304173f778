"""SIGKILL a real ``eventetl run`` at each stage, then check the warehouse, the run statuses and the processes.

``python bench/kill_points.py [--corpus DIR]`` seeds a warehouse from the
corpus (default: the sample corpus), changes every document, then for each
stage (discovering, reading, extracting, loading, validating, publishing)
starts ``eventetl run --full-refresh``, waits for the progress line that
announces the stage, and kills the run with SIGKILL. After each kill it
records:

- which of the run's descendant processes (Prefect's server, the watchdog)
  are still alive 15 s later;
- the verdicts of ``eventetl check`` (the killed run must be named as left
  ``running``, nothing else may fail);
- after the next complete run: its exit code, the killed run's status
  (``interrupted``, with the stage it reached) and ``eventetl check`` again,
  which must pass.

It prints one row per kill point and exits 1 when any row is wrong. It is a
benchmark-style check of the real command line, too slow for the test suite
(about a minute a kill point).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psutil

REPO_ROOT = Path(__file__).resolve().parent.parent
EVENTETL = REPO_ROOT / ".venv" / "bin" / "eventetl"
SAMPLE_CORPUS = REPO_ROOT / "data" / "samples" / "aleppo_2016_12"
KILL_POINTS = {
    "discover": "discovering files",
    "read": ": reading ",
    "extract": ": extracting ",
    "load": ": loading ",
    "validate": "validating",
    "publish": "publishing the BI snapshot",
}
"""Stage -> a fragment of the progress line that announces it."""


def _eventetl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EVENTETL), *args], cwd=cwd, capture_output=True, text=True, timeout=900)


def _kill_at(stage: str, inbox: Path, db: Path, cwd: Path) -> tuple[bool, list[str]]:
    """Start a run, SIGKILL it when ``stage`` begins; whether it got there, and the descendants left alive."""
    process = subprocess.Popen(
        [str(EVENTETL), "run", str(inbox), "--db", str(db), "--full-refresh"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    reached = False
    descendants: list[psutil.Process] = []
    for line in process.stderr:
        try:
            descendants = psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            break
        if KILL_POINTS[stage] in line:
            reached = True
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    process.stderr.close()
    time.sleep(15)
    alive = [p for p in descendants if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    return reached, [" ".join(p.cmdline()[:3]) for p in alive]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=SAMPLE_CORPUS)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="killpoints-"))
    inbox = work / "inbox"
    shutil.copytree(args.corpus, inbox)
    db = work / "events.duckdb"
    seeded = _eventetl("run", str(inbox), "--db", str(db), cwd=work)
    print(f"seed run: exit {seeded.returncode}")
    rows = []
    for stage in KILL_POINTS:
        reached, survivors = _kill_at(stage, inbox, db, work)
        after_kill = _eventetl("check", "--db", str(db), cwd=work)
        verdicts = [
            line for line in after_kill.stdout.splitlines() if line.startswith(("PASS", "FAIL", "SKIP"))
        ]
        unexpected = [v for v in verdicts if v.startswith("FAIL") and not v.startswith("FAIL runs")]
        rerun = _eventetl("run", str(inbox), "--db", str(db), cwd=work)
        check = _eventetl("check", "--db", str(db), cwd=work)
        con = duckdb.connect(str(db), read_only=True)
        try:
            killed = con.execute(
                "SELECT status || ' at ' || coalesce(stage, '?') FROM runs ORDER BY started_at DESC LIMIT 1 OFFSET 1"
            ).fetchone()
        finally:
            con.close()
        row = {
            "stage": stage,
            "reached": reached,
            "survivors": survivors,
            "check_after_kill_unexpected_failures": unexpected,
            "rerun_exit": rerun.returncode,
            "killed_run": killed[0] if killed else None,
            "check_after_rerun_exit": check.returncode,
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    bad = [
        r
        for r in rows
        if not r["reached"]
        or r["survivors"]
        or r["check_after_kill_unexpected_failures"]
        or r["rerun_exit"] != 0
        or "interrupted" not in str(r["killed_run"])
        or r["check_after_rerun_exit"] != 0
    ]
    print(f"{len(rows) - len(bad)}/{len(rows)} kill points consistent")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
