"""The ``ingest_events`` Prefect flow: it wires stages together and holds no logic of its own.

discover files -> read and clean (per batch) -> extract with spaCy (per batch,
``nlp.pipe``) -> load into DuckDB (one transaction per batch) -> validate with
Great Expectations -> record the run. A batch of documents is one task run,
never a sentence or a single document.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import PrefectFuture

from extractors import EXTRACTOR_VERSION
from extractors.discovery import discover_files
from extractors.readers import read_source
from extractors.records import DocumentRecord, EventRecord, ExtractionResult, RejectedInput
from warehouse.db import open_warehouse
from warehouse.load import (
    existing_doc_ids,
    finish_run,
    load_batch,
    record_rejections,
    start_run,
)


class CriticalExpectationFailed(RuntimeError):
    """A critical data-quality expectation failed: the run is marked failed."""


@dataclass(frozen=True, slots=True)
class FailedExpectation:
    """A failed expectation, as shown in the run summary."""

    name: str
    """Expectation name."""
    severity: str
    """critical or warning."""
    unexpected_count: int
    """Rows that failed it."""
    examples: tuple[str, ...]
    """A few ids of failing rows."""


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did, for the command line and the ``runs`` table."""

    run_id: str
    """Warehouse run id."""
    db: str
    """Warehouse file."""
    documents_read: int = 0
    """Documents read and loaded (new or changed)."""
    documents_skipped: int = 0
    """Documents unchanged since a previous run."""
    documents_rejected: int = 0
    """Inputs rejected."""
    events_loaded: int = 0
    """Events written."""
    quantities_loaded: int = 0
    """Quantities written."""
    expectations_passed: int = 0
    """Expectations that held."""
    expectations_failed: tuple[FailedExpectation, ...] = ()
    """Expectations that failed."""
    rejections: tuple[RejectedInput, ...] = field(default=())
    """Every rejected input with its reason."""
    critical_failed: bool = False
    """True when a critical expectation failed."""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each stage's own code (discover, read, nlp, extraction, load, validation)."""


@dataclass(frozen=True, slots=True)
class ReadBatch:
    """What reading a batch of files produced."""

    documents: tuple[DocumentRecord, ...]
    """Documents read and cleaned."""
    rejections: tuple[RejectedInput, ...]
    """Inputs that could not be read."""
    seconds: float
    """Time spent reading and cleaning."""


class StageClock:
    """Accumulates the time spent in each stage of a run."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        """Count ``seconds`` against ``stage``."""
        self._seconds[stage] = self._seconds.get(stage, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a block as stage ``name``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def totals(self) -> dict[str, float]:
        """Seconds per stage, rounded to milliseconds."""
        return {name: round(seconds, 3) for name, seconds in self._seconds.items()}


def new_run_id() -> str:
    """A sortable, unique run id (UTC timestamp and a random suffix)."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def batched(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    """Consecutive batches of ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


@task(name="discover-files", cache_policy=NO_CACHE)
def discover_task(paths: list[str]) -> tuple[list[Path], list[RejectedInput]]:
    found = list(discover_files(paths))
    return [p for p in found if isinstance(p, Path)], [r for r in found if isinstance(r, RejectedInput)]


@task(name="read-batch", cache_policy=NO_CACHE)
def read_batch_task(files: list[Path], max_file_bytes: int) -> ReadBatch:
    started = time.perf_counter()
    documents: list[DocumentRecord] = []
    rejections: list[RejectedInput] = []
    for path in files:
        result = read_source(path, max_bytes=max_file_bytes)
        documents.extend(result.documents)
        rejections.extend(result.rejections)
    return ReadBatch(tuple(documents), tuple(rejections), time.perf_counter() - started)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch_task(documents: list[DocumentRecord], model: str | None) -> ExtractionResult:
    # spaCy is imported only by the stage that needs it; on a Dask worker the pipeline loads once per process.
    from extractors.extract import extract_batch
    from extractors.nlp.pipeline import load_pipeline

    return extract_batch(load_pipeline(model), documents)


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch_task(
    db: str,
    documents: list[DocumentRecord],
    events: list[EventRecord],
    rejections: list[RejectedInput],
    run_id: str,
) -> tuple[int, int]:
    with open_warehouse(db) as con:
        record_rejections(con, rejections, run_id=run_id)
        counts = load_batch(con, documents, events, run_id=run_id, extractor_version=EXTRACTOR_VERSION)
    return counts.events, counts.quantities


@dataclass(frozen=True, slots=True)
class GateResult:
    """What the data-quality gate decided about a run."""

    passed: int
    """Expectations that held."""
    failed: tuple[FailedExpectation, ...]
    """Expectations that failed, critical or not."""
    critical_failed: bool
    """True when a critical expectation failed."""
    data_docs_index: str
    """The Data Docs page of this validation."""

    @property
    def publishable(self) -> bool:
        """True when no critical expectation failed: the run succeeds and its data may be published."""
        return not self.critical_failed


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(
    db: str, run_id: str, window_start: dt.date, window_end: dt.date, min_events_per_run: int
) -> GateResult:
    from expectations.validate import data_docs_dir, validate_warehouse

    docs_dir = data_docs_dir(db)
    with open_warehouse(db) as con:
        report = validate_warehouse(
            con,
            run_id=run_id,
            window_start=window_start,
            window_end=window_end,
            min_events_per_run=min_events_per_run,
            docs_dir=docs_dir,
        )
    failed = tuple(
        FailedExpectation(
            o.spec.name,
            o.spec.severity,
            o.unexpected_count,
            tuple(i for i in o.failing_ids if i is not None)[:3],
        )
        for o in report.failed
    )
    return GateResult(report.passed, failed, report.critical_failed, str(docs_dir / "index.html"))


@flow(name="ingest-events", log_prints=False)
def ingest_events(
    paths: list[str],
    db: str,
    *,
    model: str | None = None,
    batch_size: int = 32,
    max_file_bytes: int = 50_000_000,
    window_start: dt.date = dt.date(2016, 12, 1),
    window_end: dt.date = dt.date(2016, 12, 31),
    min_events_per_run: int = 1,
    run_id: str | None = None,
    max_in_flight: int = 1,
) -> RunSummary:
    """Read raw files under ``paths``, extract events, load them into ``db`` and validate them.

    ``max_in_flight`` batches are extracted at once on the flow's task runner (one per
    worker is enough to keep workers busy while the flow process reads and loads).
    """
    logger = get_run_logger()
    run_id = run_id or new_run_id()
    flow_run = get_run_context().flow_run  # type: ignore[union-attr]
    with open_warehouse(db) as con:
        start_run(con, run_id, flow_run_id=str(flow_run.id) if flow_run else None)

    clock = StageClock()
    with clock.stage("discover"):
        files, rejections = discover_task(paths)
    with open_warehouse(db) as con:
        record_rejections(con, rejections, run_id=run_id)
    read = skipped = events_loaded = quantities_loaded = 0
    # Batches in flight on the task runner; bounded so the flow never holds the corpus in memory.
    in_flight: deque[
        tuple[list[DocumentRecord], tuple[RejectedInput, ...], PrefectFuture[ExtractionResult]]
    ] = deque()

    def load_oldest() -> None:
        nonlocal events_loaded, quantities_loaded
        documents, batch_rejections, future = in_flight.popleft()
        result = future.result()
        clock.add("nlp", result.nlp_seconds)
        clock.add("extraction", result.extraction_seconds)
        started = time.perf_counter()
        n_events, n_quantities = load_batch_task(
            db, documents, list(result.events), list(batch_rejections), run_id
        )
        clock.add("load", time.perf_counter() - started)
        events_loaded += n_events
        quantities_loaded += n_quantities

    for batch in batched(files, batch_size):
        read_result = read_batch_task(batch, max_file_bytes)
        clock.add("read", read_result.seconds)
        rejections += read_result.rejections
        for rejection in read_result.rejections:
            logger.warning(
                "rejected %s%s: %s",
                rejection.path,
                f" line {rejection.line}" if rejection.line else "",
                rejection.reason,
            )
        documents = list(read_result.documents)
        with open_warehouse(db) as con:
            known = existing_doc_ids(con, [d.doc_id for d in documents], extractor_version=EXTRACTOR_VERSION)
        fresh = [d for d in documents if d.doc_id not in known]
        skipped += len(documents) - len(fresh)
        read += len(fresh)
        in_flight.append((fresh, read_result.rejections, extract_batch_task.submit(fresh, model)))
        while len(in_flight) >= max_in_flight:
            load_oldest()
    while in_flight:
        load_oldest()

    with clock.stage("validation"):
        gate = validate_task(db, run_id, window_start, window_end, min_events_per_run)
    logger.info("Data Docs: %s", gate.data_docs_index)
    summary = RunSummary(
        run_id=run_id,
        db=db,
        documents_read=read,
        documents_skipped=skipped,
        documents_rejected=len(rejections),
        events_loaded=events_loaded,
        quantities_loaded=quantities_loaded,
        expectations_passed=gate.passed,
        expectations_failed=gate.failed,
        rejections=tuple(rejections),
        critical_failed=gate.critical_failed,
        stage_seconds=clock.totals(),
    )
    with open_warehouse(db) as con:
        finish_run(
            con,
            run_id,
            status="succeeded" if gate.publishable else "failed",
            documents_read=read,
            documents_skipped=skipped,
            documents_rejected=len(rejections),
            events_loaded=events_loaded,
            quantities_loaded=quantities_loaded,
            expectations_passed=gate.passed,
            expectations_failed=len(gate.failed),
            message=None if gate.publishable else "critical expectation failed",
        )
    if not gate.publishable:
        # Raising ends the flow run in a Failed state before anything downstream is published.
        names = ", ".join(f.name for f in gate.failed if f.severity == "critical")
        raise CriticalExpectationFailed(f"critical expectations failed: {names}")
    return summary


def configured_flow(runner: str = "local", *, workers: int = 1, dask_address: str | None = None) -> Any:
    """``ingest_events`` bound to the task runner that the settings ask for."""
    from flows.runners import make_task_runner

    return ingest_events.with_options(
        task_runner=make_task_runner(runner, workers=workers, dask_address=dask_address)
    )
