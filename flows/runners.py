"""Where extraction batches run: threads in the flow process, or a Dask cluster.

The flow process always stays the single DuckDB writer; only the costly
extraction stage is spread out. ``local`` with one worker runs batches in the
flow process; ``dask`` runs them on an existing cluster (``--dask-address``)
or on a local cluster of spawned worker processes (``--workers N``). Each
worker loads the spaCy pipeline once (``load_pipeline`` is cached per process).
"""

from __future__ import annotations

import os
from typing import Any, Literal

Runner = Literal["local", "dask"]


def export_api_url_for_workers() -> None:
    """Let spawned worker processes report to the same Prefect API as this process.

    With no ``PREFECT_API_URL`` configured, Prefect runs a temporary server that only
    this process knows about; workers that cannot see it would each start their own.
    """
    if os.environ.get("PREFECT_API_URL"):
        return
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        url = server.api_url if server.running else None
    if url:
        os.environ["PREFECT_API_URL"] = url


def uses_dask(runner: str, *, workers: int, dask_address: str | None) -> bool:
    """True when extraction runs on Dask: asked for, an address given, or more than one worker."""
    return runner == "dask" or dask_address is not None or workers > 1


def batches_in_flight(runner: str, *, workers: int, dask_address: str | None) -> int:
    """How many batches to keep submitted: two per worker keeps workers busy while the flow loads."""
    return 2 * max(workers, 1) if uses_dask(runner, workers=workers, dask_address=dask_address) else 1


def make_task_runner(runner: str, *, workers: int = 1, dask_address: str | None = None) -> Any:
    """The Prefect task runner for extraction batches."""
    if not uses_dask(runner, workers=workers, dask_address=dask_address):
        from prefect.task_runners import ThreadPoolTaskRunner

        # One thread, one batch in flight: a second thread would only contend for the GIL with spaCy.
        return ThreadPoolTaskRunner(max_workers=1)
    from flows.dask_runner import WorkerAwareDaskTaskRunner  # dask is imported only when used

    if dask_address:
        return WorkerAwareDaskTaskRunner(address=dask_address)
    return WorkerAwareDaskTaskRunner(
        cluster_kwargs={
            "n_workers": max(workers, 1),
            "threads_per_worker": 1,
            "processes": True,  # distributed spawns worker processes: no fork inside a threaded flow
            "dashboard_address": None,
        }
    )
