"""`eventetl serve`: a scheduled deployment on a local Prefect server that serve starts and stops itself."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from ops_helpers import EVENTETL, SMALLEST_SAMPLE, eventetl

from flows.runtime import prefect_server_answers
from flows.serve import schedule_arguments
from warehouse.database import Warehouse

SERVER_AND_FIRST_RUN_TIMEOUT = 240.0
"""The local server takes 15-30 s to start on a quiet machine, a run with spaCy some more; far more when busy."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _loaded_sources(snapshot: Path) -> set[str]:
    """Source files in the published BI snapshot (read there: the working file belongs to the runs)."""
    if not snapshot.exists():
        return set()
    try:
        con = duckdb.connect(str(snapshot), read_only=True)
    except duckdb.Error:  # replaced between the check and the open
        return set()
    try:
        return {row[0] for row in con.execute("SELECT source_name FROM dim_documents").fetchall()}
    finally:
        con.close()


def test_interval_takes_precedence_and_bad_cron_is_refused() -> None:
    interval = schedule_arguments(cron="*/15 * * * *", interval=30)["schedule"]
    assert interval.interval.total_seconds() == 30
    assert schedule_arguments(cron="0 6 * * 1", interval=None)["schedule"].cron == "0 6 * * 1"
    with pytest.raises(ValueError, match="invalid cron expression 'every day'"):
        schedule_arguments(cron="every day", interval=None)
    with pytest.raises(ValueError, match="positive"):
        schedule_arguments(cron=None, interval=0)


def test_serve_refuses_cron_and_interval_together(tmp_path: Path) -> None:
    result = eventetl("serve", "--cron", "* * * * *", "--interval", "5", "--db", str(tmp_path / "e.duckdb"))
    assert result.exit_code == 2
    assert "not both" in result.stderr


@pytest.mark.slow
def test_file_dropped_into_the_watched_folder_is_loaded_by_a_scheduled_run(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "data" / "events.duckdb"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVENTETL_"))}
    env.update(
        {
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",  # pick scheduled runs up within a second
            "PREFECT_UI_ENABLED": "false",  # the UI build only slows the server's start
            "EVENTETL_PREFECT_PORT": str(port),
        }
    )
    serve = subprocess.Popen(
        [str(EVENTETL), "serve", str(inbox), "--db", str(db), "--interval", "5"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    api_url = f"http://127.0.0.1:{port}/api"
    output = ""
    try:
        deadline = time.monotonic() + SERVER_AND_FIRST_RUN_TIMEOUT
        while not prefect_server_answers(api_url):
            assert serve.poll() is None, "serve exited before its server answered"
            assert time.monotonic() < deadline, "the local Prefect server did not start"
            time.sleep(1)
        assert (Warehouse.at(db).prefect_home / "prefect.db").exists(), (
            "the server's database lives in the data folder"
        )

        (inbox / "dropped.txt").write_bytes(SMALLEST_SAMPLE.read_bytes())
        snapshot = Warehouse.at(db).snapshot_file
        while "dropped.txt" not in _loaded_sources(snapshot):
            assert serve.poll() is None, "serve exited"
            assert time.monotonic() < deadline, "no scheduled run loaded the dropped file"
            time.sleep(2)
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
        try:
            output, _ = serve.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(serve.pid, signal.SIGKILL)
            output, _ = serve.communicate(timeout=30)
        with contextlib.suppress(ProcessLookupError):  # a flow-run process cut short by the stop
            os.killpg(serve.pid, signal.SIGKILL)
    assert serve.returncode == 0, output[-3000:]
    assert "stopped serving" in output
    assert not prefect_server_answers(api_url), "serve stops the server it started"
    con = duckdb.connect(str(db), read_only=True)
    try:
        statuses = {row[0] for row in con.execute("SELECT status FROM runs").fetchall()}
        flow_runs = con.execute("SELECT count(*) FROM runs WHERE flow_run_id IS NULL").fetchone()
    finally:
        con.close()
    assert "succeeded" in statuses
    assert flow_runs == (0,), "every run is a Prefect flow run of the deployment"
