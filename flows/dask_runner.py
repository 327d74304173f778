"""A DaskTaskRunner whose local worker processes report to the flow's Prefect API.

Imported by ``flows.runners`` only when a run uses Dask; it imports nothing of ``flows``.
"""

from __future__ import annotations

import os
from typing import Any

from prefect_dask import DaskTaskRunner


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


class WorkerAwareDaskTaskRunner(DaskTaskRunner):
    """Exports the flow's API URL before the cluster starts, so spawned workers inherit it."""

    def __enter__(self) -> Any:
        export_api_url_for_workers()
        return super().__enter__()
