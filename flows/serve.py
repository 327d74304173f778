"""Scheduled runs: a Prefect deployment of ``ingest-events`` served from this process.

Prefect's ephemeral API server (what a plain ``eventetl run`` uses) cannot
schedule runs, so when no ``PREFECT_API_URL`` is configured, ``eventetl serve``
starts a local Prefect server itself, with its database in the data folder,
waits until it answers, serves the deployment, and stops the server on exit.
With ``PREFECT_API_URL`` set, the deployment goes to that server instead.

Prefect reads its settings from the environment when it is first imported,
so the local server's URL is set both in the environment (for the processes
that run the flows) and as a temporary Prefect setting (for this process).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flows.runtime import prefect_server_answers

DEPLOYMENT_NAME = "scheduled"
"""Served as ``ingest-events/scheduled``."""
SERVER_STARTUP_TIMEOUT = 180.0
"""Seconds to wait for the local Prefect server (15-30 s on a small, busy machine)."""
SERVER_STOP_TIMEOUT = 30.0
"""Seconds the local server gets to shut down before it is killed."""


class PrefectServerError(RuntimeError):
    """The local Prefect server did not start."""


SERVER_PROBE_TIMEOUT = 2.0
"""Seconds each health check of the starting server may take (it answers slowly while it starts)."""


def schedule_arguments(*, cron: str | None, interval: float | None) -> dict[str, Any]:
    """The schedule keyword for ``Flow.to_deployment``: an interval when given, else the cron.

    Raises ``ValueError`` for an invalid cron expression or interval.
    """
    from prefect.client.schemas.schedules import CronSchedule, IntervalSchedule

    if interval is not None:
        if interval <= 0:
            raise ValueError(f"interval must be a positive number of seconds, not {interval}")
        return {"schedule": IntervalSchedule(interval=dt.timedelta(seconds=interval))}
    if not cron:
        raise ValueError("a cron expression or an interval is needed")
    try:
        return {"schedule": CronSchedule(cron=cron)}
    except ValueError as exc:
        raise ValueError(f"invalid cron expression {cron!r}") from exc


PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal the kernel sends a process when the thread that started it dies."""


def _parent_death_signal() -> Callable[[], None] | None:
    """A ``preexec_fn`` giving a child SIGTERM when this process dies, even by SIGKILL; None off Linux.

    Resolved here, in the parent: between fork and exec the child only makes the one system call.
    The signal is sent when the *thread* that started the child ends, so start it from the main thread.
    """
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return die_with_parent


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    # The server runs in its own session; stop the whole group (uvicorn and its services).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=SERVER_STOP_TIMEOUT)


@contextlib.contextmanager
def local_prefect_server(
    home: Path, *, port: int, startup_timeout: float = SERVER_STARTUP_TIMEOUT
) -> Iterator[str]:
    """Run ``prefect server start`` on 127.0.0.1:``port`` with its database under ``home``; yield its API URL.

    The server is stopped when the ``with`` block ends, however it ends. Its
    output goes to ``home/server.log``.
    """
    home.mkdir(parents=True, exist_ok=True)
    api_url = f"http://127.0.0.1:{port}/api"
    if prefect_server_answers(api_url, timeout=SERVER_PROBE_TIMEOUT):
        raise PrefectServerError(
            f"port {port} already has a Prefect server: set PREFECT_API_URL={api_url} to use it, "
            "or choose another port (--port / EVENTETL_PREFECT_PORT)"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(
        {
            "PREFECT_HOME": str(home),
            # Nothing leaves the machine at run time.
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
    )
    log_path = home / "server.log"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            # Its own session (stopped as a group below), yet it dies with this process: a `serve`
            # killed with SIGKILL never reaches the `finally` that stops it (flows.watchdog also does).
            preexec_fn=_parent_death_signal(),
        )
    try:
        deadline = time.monotonic() + startup_timeout
        while not prefect_server_answers(api_url, timeout=SERVER_PROBE_TIMEOUT):
            if process.poll() is not None:
                raise PrefectServerError(
                    f"the local Prefect server exited with code {process.returncode}; see {log_path}"
                )
            if time.monotonic() > deadline:
                raise PrefectServerError(
                    f"the local Prefect server did not answer within {startup_timeout:g} s; see {log_path}"
                )
            time.sleep(0.5)
        yield api_url
    finally:
        _stop(process)


@contextlib.contextmanager
def prefect_api(home: Path, *, port: int) -> Iterator[str]:
    """The Prefect API to deploy to: ``PREFECT_API_URL`` when set, else a local server for the ``with`` block.

    The local server keeps its database in ``home`` (``Warehouse.prefect_home``: beside the warehouse).
    """
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    with local_prefect_server(home, port=port) as api_url:
        from prefect.settings import PREFECT_API_URL, temporary_settings

        # Prefect may have been imported already (its settings then read): override them too.
        os.environ["PREFECT_API_URL"] = api_url
        try:
            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                yield api_url
        finally:
            del os.environ["PREFECT_API_URL"]


def serve_ingest(parameters: dict[str, Any], *, cron: str | None, interval: float | None) -> None:
    """Create the ``ingest-events/scheduled`` deployment with ``parameters`` and serve it until interrupted.

    One scheduled run executes at a time; a run due while another is running waits for it.
    ``PREFECT_API_URL`` must point at a server that schedules (see ``prefect_api``).
    """
    from prefect import serve
    from prefect.deployments.runner import EntrypointType

    from flows.ingest import ingest_events

    deployment = ingest_events.to_deployment(
        name=DEPLOYMENT_NAME,
        parameters=parameters,
        description="Ingest new and changed files into the warehouse on a schedule.",
        # A module path loads in any working folder, unlike a file path relative to this one.
        entrypoint_type=EntrypointType.MODULE_PATH,
        **schedule_arguments(cron=cron, interval=interval),
    )
    # On SIGTERM Prefect's runner pauses the schedule and raises SystemExit, which the caller's
    # `with prefect_api(...)` sees like any exit: the local server is stopped.
    # to_deployment is "sync compatible": called outside an event loop it returns the deployment itself.
    serve(deployment, limit=1, print_starting_message=False)  # type: ignore[arg-type]
