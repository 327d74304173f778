"""A DaskTaskRunner whose local worker processes report to the flow's Prefect API."""

from __future__ import annotations

from typing import Any

from prefect_dask import DaskTaskRunner

from flows.runners import export_api_url_for_workers


class WorkerAwareDaskTaskRunner(DaskTaskRunner):
    """Exports the flow's API URL before the cluster starts, so spawned workers inherit it."""

    def __enter__(self) -> Any:
        export_api_url_for_workers()
        return super().__enter__()
