"""`eventetl run` uses a local Prefect server that already answers instead of starting a temporary one."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from ops_helpers import EVENTETL, SMALLEST_SAMPLE

from flows.runtime import prefect_server_answers

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
def test_run_uses_the_local_server_that_answers(tmp_path: Path) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    from flows.serve import prefect_api

    port = _free_port()
    db = tmp_path / "events.duckdb"
    # The run's environment names no API: it must find the server on EVENTETL_PREFECT_PORT itself.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVENTETL_"))}
    env["EVENTETL_PREFECT_PORT"] = str(port)
    with prefect_api(tmp_path / "server" / "events.duckdb", port=port) as api_url:
        assert prefect_server_answers(api_url) is True
        done = subprocess.run(
            [str(EVENTETL), "run", str(SMALLEST_SAMPLE), "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert f"eventetl: using the Prefect server at {api_url}" in done.stderr
        assert "Starting temporary server" not in done.stderr
        with get_client(sync_client=True) as client:
            assert str(client.api_url).rstrip("/") == api_url
            runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=db.name)))
    assert [run.state_name for run in runs] == ["Completed"]
