"""Progress of a run: a rich progress bar in a terminal, plain log lines otherwise.

The flow reports to the sink in ``CURRENT_PROGRESS``; the command line sets
it around a run. Scheduled runs have none, and their progress goes to the
Prefect run log.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Protocol, Self, TextIO

from warehouse.runs import RUN_STAGES


class RunProgress(Protocol):
    """Where a run reports how far it has come."""

    def begin(self, total_files: int) -> None:
        """The run found ``total_files`` input files."""

    def stage(self, description: str) -> None:
        """The run starts a stage (read, extract, load, validate, publish) of a batch or of the run."""

    def advance(self, files: int) -> None:
        """``files`` more input files are fully loaded."""


CURRENT_PROGRESS: ContextVar[RunProgress | None] = ContextVar("eventetl_progress", default=None)


def current_progress(logger: logging.Logger | logging.LoggerAdapter) -> RunProgress:
    """The progress sink set by the caller, else log lines.

    A function rather than a direct ``CURRENT_PROGRESS`` lookup in the flow: a ContextVar
    cannot be pickled, and Dask pickles the flow function with the run context it ships to workers.
    """
    return CURRENT_PROGRESS.get() or LoggedProgress(logger)


class LoggedProgress:
    """Progress as log lines (``logger.info``), for runs with no terminal."""

    def __init__(self, logger: logging.Logger | logging.LoggerAdapter) -> None:
        self._logger = logger
        self._total = 0
        self._done = 0

    def begin(self, total_files: int) -> None:
        self._total = total_files
        self._logger.info("found %d input files", total_files)

    def stage(self, description: str) -> None:
        self._logger.info("%s", description)

    def advance(self, files: int) -> None:
        self._done += files
        self._logger.info("%d/%d files done", self._done, self._total)


class PlainProgress:
    """Progress as plain, flushed lines on a stream (stderr when it is not a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._total = 0
        self._done = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    def _line(self, text: str) -> None:
        print(f"eventetl: {text}", file=self._stream, flush=True)

    def begin(self, total_files: int) -> None:
        self._total = total_files
        self._line(f"found {total_files} input files")

    def stage(self, description: str) -> None:
        self._line(description)

    def advance(self, files: int) -> None:
        self._done += files
        self._line(f"{self._done}/{self._total} files done")


class BarProgress:
    """A rich progress bar over the input files, its label showing the current stage."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
        )
        self._task = self._progress.add_task("discovering files", total=None)

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    def begin(self, total_files: int) -> None:
        self._progress.update(self._task, total=total_files)

    def stage(self, description: str) -> None:
        self._progress.update(self._task, description=description)

    def advance(self, files: int) -> None:
        self._progress.advance(self._task, files)


def console_progress() -> BarProgress | PlainProgress:
    """A progress bar when stderr is a terminal, plain lines on stderr otherwise."""
    return BarProgress() if sys.stderr.isatty() else PlainProgress(sys.stderr)


class StageClock:
    """Wall-clock seconds spent per stage of a run, summed over batches."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        """Count ``seconds`` (measured elsewhere, e.g. inside a task) against ``stage``."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def run_stages(self) -> dict[str, float]:
        """The stages recorded in the ``runs`` table (wall time in the flow)."""
        return {stage: seconds for stage, seconds in self.seconds.items() if stage in RUN_STAGES}

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        """Add the time spent in the ``with`` block to ``stage``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
