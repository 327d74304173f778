"""Where extraction batches run: threads in the flow process, or a Dask cluster, chosen by one value.

The flow process always stays the single DuckDB writer; only the costly
extraction stage is spread out. ``RunnerChoice`` says where: ``local`` with one
worker runs batches in the flow process; ``dask`` runs them on an existing
cluster (``dask_address``) or on a local cluster of spawned worker processes
(``workers`` > 1). Each worker loads the spaCy pipeline once (``load_pipeline``
is cached per process).

This module imports ``flows.dask_runner`` (and with it Dask) only when a run
uses Dask; ``flows.dask_runner`` does not import this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner

Runner = Literal["local", "dask"]
RUNNERS: tuple[Runner, ...] = ("local", "dask")


@dataclass(frozen=True, slots=True)
class RunnerChoice:
    """Where a run's extraction batches run, and how many at once (the run's ``runner``, ``workers`` and
    ``dask_address`` settings, as one value)."""

    runner: Runner
    """``local`` (the flow process, or a local Dask cluster when ``workers`` > 1) or ``dask``."""
    workers: int
    """Extraction worker processes of a local Dask cluster; 1 runs batches in the flow process."""
    dask_address: str | None
    """Scheduler of an existing Dask cluster (``tcp://host:port``); implies Dask."""
    max_in_flight: int | None = None
    """Batches submitted and not yet loaded, at most; None: ``default_in_flight``."""

    def __post_init__(self) -> None:
        if self.runner not in RUNNERS:
            raise ValueError(f"runner must be one of {', '.join(RUNNERS)}, not {self.runner!r}")
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
        if self.max_in_flight is not None and self.max_in_flight < 1:
            raise ValueError(f"max_in_flight must be at least 1, not {self.max_in_flight}")

    @property
    def uses_dask(self) -> bool:
        """True when extraction runs on Dask: asked for, an address given, or more than one worker."""
        return self.runner == "dask" or self.dask_address is not None or self.workers > 1

    @property
    def default_in_flight(self) -> int:
        """Two batches per Dask worker keep the workers busy while the flow loads; one in the flow process."""
        return 2 * self.workers if self.uses_dask else 1

    @property
    def batches_in_flight(self) -> int:
        """How many batches to keep submitted: ``max_in_flight`` when given, else ``default_in_flight``."""
        return self.max_in_flight or self.default_in_flight

    def task_runner(self) -> TaskRunner:
        """A new Prefect task runner for extraction batches (enter it to start it)."""
        if not self.uses_dask:
            from prefect.task_runners import ThreadPoolTaskRunner

            # One thread, one batch in flight: a second thread would only contend for the GIL with spaCy.
            return ThreadPoolTaskRunner(max_workers=1)
        from flows.dask_runner import WorkerAwareDaskTaskRunner  # Dask is imported only when used

        if self.dask_address:
            return WorkerAwareDaskTaskRunner(address=self.dask_address)
        return WorkerAwareDaskTaskRunner(
            cluster_kwargs={
                "n_workers": self.workers,
                "threads_per_worker": 1,
                "processes": True,  # distributed spawns worker processes: no fork inside a threaded flow
                "dashboard_address": None,
            }
        )
