"""What one run's stages are wired to, as typed records (kept apart from the flow so it only wires)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import duckdb
from prefect.futures import PrefectFuture

from extractors.records import DocumentRecord, ExtractionResult, RejectedInput
from extractors.version import ExtractorIdentity
from flows.progress import RunProgress, StageClock
from flows.results import RunTally
from warehouse.runs import RunRecord


@dataclass(frozen=True, slots=True)
class InFlightBatch:
    """A batch whose extraction was submitted and whose load is pending."""

    label: str
    """"batch N/M", for progress messages."""
    files: int
    """Input files of the batch."""
    documents: tuple[DocumentRecord, ...]
    """Documents to load (new or changed)."""
    rejections: tuple[RejectedInput, ...]
    """Inputs of the batch that were rejected while reading."""
    extraction: PrefectFuture[ExtractionResult] | None
    """The extraction task; None when no document needs extracting."""


@dataclass(frozen=True)
class RunWiring:
    """What one run's stages are wired to: its connection, run record, tally, clock and progress sink,
    and what extraction uses (one value instead of ten arguments)."""

    con: duckdb.DuckDBPyConnection
    """The run's one writable connection (``Warehouse.writer``)."""
    record: RunRecord
    """The run's ``runs`` row."""
    tally: RunTally
    """The run's counts so far."""
    clock: StageClock
    """Seconds per stage."""
    progress: RunProgress
    """Where progress is reported (a terminal, or the run log)."""
    logger: logging.Logger | logging.LoggerAdapter[Any]
    """The flow run's logger."""
    producer: ExtractorIdentity
    """The model extraction loads and the extractor version documents are stored (and skipped) at."""
    full_refresh: bool
    """True to extract every document, unchanged or not."""
