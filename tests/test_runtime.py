"""`eventetl run` as a process: it uses a local Prefect server that already answers instead of starting one."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ops_helpers import EVENTETL, SMALLEST_SAMPLE

from flows.runtime import prefect_server_answers
from warehouse.database import Warehouse

RUN_TIMEOUT = 300.0
"""A one-document run with spaCy on a busy 2-core machine, with room to spare."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_probe_says_no_when_nothing_listens() -> None:
    assert prefect_server_answers(f"http://127.0.0.1:{_free_port()}/api") is False


def test_probe_says_no_to_a_malformed_url() -> None:
    assert prefect_server_answers("not a url") is False


@pytest.mark.slow
def test_run_uses_the_local_server_that_answers(prefect_harness: None, tmp_path: Path) -> None:
    """The end-to-end smoke test of `eventetl run` as a process: a user's command, its summary, its exit code.

    The local server is the session's Prefect test server: the run must find it on
    EVENTETL_PREFECT_PORT by itself, its environment naming no API.
    """
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName
    from prefect.settings import PREFECT_API_URL

    api_url = str(PREFECT_API_URL.value()).rstrip("/")
    port = urlsplit(api_url).port
    assert api_url == f"http://127.0.0.1:{port}/api" and prefect_server_answers(api_url) is True
    # A name no other test's warehouse has: the session's server holds every test's flow runs.
    db = tmp_path / "run-smoke-test.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVENTETL_"))}
    env["EVENTETL_PREFECT_PORT"] = str(port)
    done = subprocess.run(
        [str(EVENTETL), "run", str(SMALLEST_SAMPLE), "--db", str(db)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"eventetl: using the Prefect server at {api_url}" in done.stderr
    assert "Starting temporary server" not in done.stderr
    assert f"-> {db}: succeeded" in done.stdout and "1 read, 0 skipped" in done.stdout
    assert f"BI snapshot: {Warehouse.at(db).snapshot_file}" in done.stdout
    with get_client(sync_client=True) as client:
        assert str(client.api_url).rstrip("/") == api_url
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=db.name)))
    assert [run.state_name for run in runs] == ["Completed"]
