"""The ``ingest_events`` Prefect flow: it wires stages together and holds no logic of its own.

take the warehouse's writer lock -> discover files -> read and clean (per
batch) -> skip documents unchanged since an earlier run -> extract with spaCy
(per batch, ``nlp.pipe``) -> load into DuckDB (one transaction per batch,
replacing older versions of the same documents) -> validate with Great
Expectations -> record the run -> publish the BI snapshot when no critical
expectation failed. A batch of documents is one task run, never a sentence or
a single document.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context

from extractors import EXTRACTOR_VERSION
from extractors.discovery import discover_files
from extractors.readers import read_source
from extractors.records import DocumentRecord, EventRecord, RejectedInput
from flows.progress import CURRENT_PROGRESS, LoggedProgress, StageClock
from warehouse.db import open_warehouse
from warehouse.load import (
    LoadCounts,
    existing_doc_ids,
    finish_run,
    load_batch,
    mark_interrupted_runs,
    record_rejections,
    record_run_details,
    start_run,
)
from warehouse.lock import writer_lock
from warehouse.snapshot import publish_snapshot


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
    documents_replaced: int = 0
    """Loaded documents that replaced an older version of the same source record."""
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
    snapshot: str | None = None
    """BI snapshot published by the run; None when none was (a critical expectation failed)."""


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
def read_batch_task(
    files: list[Path], max_file_bytes: int
) -> tuple[list[DocumentRecord], list[RejectedInput]]:
    documents: list[DocumentRecord] = []
    rejections: list[RejectedInput] = []
    for path in files:
        result = read_source(path, max_bytes=max_file_bytes)
        documents.extend(result.documents)
        rejections.extend(result.rejections)
    return documents, rejections


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch_task(documents: list[DocumentRecord], model: str | None) -> list[EventRecord]:
    from extractors.extract import extract_events  # spaCy is imported only by the stage that needs it
    from extractors.nlp.pipeline import load_pipeline

    return extract_events(load_pipeline(model), documents)


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch_task(
    db: str,
    documents: list[DocumentRecord],
    events: list[EventRecord],
    rejections: list[RejectedInput],
    run_id: str,
    keep_doc_ids: set[str],
) -> LoadCounts:
    with open_warehouse(db) as con:
        record_rejections(con, rejections, run_id=run_id)
        return load_batch(
            con,
            documents,
            events,
            run_id=run_id,
            extractor_version=EXTRACTOR_VERSION,
            keep_doc_ids=keep_doc_ids,
        )


@task(name="publish-snapshot", cache_policy=NO_CACHE)
def publish_snapshot_task(db: str) -> str:
    return str(publish_snapshot(db))


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(
    db: str, run_id: str, window_start: dt.date, window_end: dt.date
) -> tuple[int, list[FailedExpectation], bool]:
    from expectations.validate import validate_warehouse

    with open_warehouse(db) as con:
        report = validate_warehouse(con, run_id=run_id, window_start=window_start, window_end=window_end)
    failed = [
        FailedExpectation(o.spec.name, o.spec.severity, o.unexpected_count, o.failing_ids[:3])
        for o in report.failed
    ]
    return report.passed, failed, report.critical_failed


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
    run_id: str | None = None,
    full_refresh: bool = False,
    lock_timeout: float = 600.0,
) -> RunSummary:
    """Read raw files under ``paths``, extract events, load them into ``db``, validate and publish them.

    Documents unchanged since an earlier run of the same extractor version are
    skipped unless ``full_refresh``. A second run on the same warehouse waits
    for the first for at most ``lock_timeout`` seconds, then fails.
    """
    logger = get_run_logger()
    progress = CURRENT_PROGRESS.get() or LoggedProgress(logger)
    run_id = run_id or new_run_id()
    clock = StageClock()
    progress.stage(f"waiting for the writer lock of {db}")
    with writer_lock(db, timeout=lock_timeout):
        flow_run = get_run_context().flow_run  # type: ignore[union-attr]
        with open_warehouse(db) as con:
            for interrupted in mark_interrupted_runs(con):
                logger.warning("run %s was killed before it finished; marked interrupted", interrupted)
            start_run(con, run_id, flow_run_id=str(flow_run.id) if flow_run else None)
            record_run_details(con, run_id, stage_seconds={}, full_refresh=full_refresh)

        progress.stage("discovering files")
        with clock.timing("discover"):
            files, rejections = discover_task(paths)
            with open_warehouse(db) as con:
                record_rejections(con, rejections, run_id=run_id)
        progress.begin(len(files))
        read = skipped = replaced = events_loaded = quantities_loaded = 0
        seen_doc_ids: set[str] = set()
        batches = list(batched(files, batch_size))
        for number, batch in enumerate(batches, start=1):
            label = f"batch {number}/{len(batches)}"
            progress.stage(f"{label}: reading {len(batch)} files")
            with clock.timing("read"):
                documents, batch_rejections = read_batch_task(batch, max_file_bytes)
                with open_warehouse(db) as con:
                    known = (
                        set()
                        if full_refresh
                        else existing_doc_ids(
                            con, [d.doc_id for d in documents], extractor_version=EXTRACTOR_VERSION
                        )
                    )
            rejections += batch_rejections
            for rejection in batch_rejections:
                logger.warning(
                    "rejected %s%s: %s",
                    rejection.path,
                    f" line {rejection.line}" if rejection.line else "",
                    rejection.reason,
                )
            fresh = [d for d in documents if d.doc_id not in known]
            seen_doc_ids.update(d.doc_id for d in documents)
            skipped += len(documents) - len(fresh)
            progress.stage(
                f"{label}: extracting {len(fresh)} documents ({len(documents) - len(fresh)} unchanged)"
            )
            with clock.timing("extract"):
                events = extract_batch_task(fresh, model) if fresh else []
            progress.stage(f"{label}: loading {len(fresh)} documents")
            with clock.timing("load"):
                counts = load_batch_task(db, fresh, events, batch_rejections, run_id, seen_doc_ids)
            read += counts.documents
            replaced += counts.replaced
            events_loaded += counts.events
            quantities_loaded += counts.quantities
            progress.advance(len(batch))

        progress.stage("validating")
        with clock.timing("validate"):
            passed, failed, critical = validate_task(db, run_id, window_start, window_end)
        with open_warehouse(db) as con:
            finish_run(
                con,
                run_id,
                status="failed" if critical else "succeeded",
                documents_read=read,
                documents_skipped=skipped,
                documents_rejected=len(rejections),
                events_loaded=events_loaded,
                quantities_loaded=quantities_loaded,
                expectations_passed=passed,
                expectations_failed=len(failed),
                message="critical expectation failed" if critical else None,
            )
            record_run_details(con, run_id, stage_seconds=clock.seconds, documents_replaced=replaced)
        if critical:
            names = ", ".join(f.name for f in failed if f.severity == "critical")
            raise CriticalExpectationFailed(f"critical expectations failed: {names}")

        progress.stage("publishing the BI snapshot")
        with clock.timing("publish"):
            snapshot = publish_snapshot_task(db)
        with open_warehouse(db) as con:
            record_run_details(con, run_id, stage_seconds={"publish": clock.seconds["publish"]})
    return RunSummary(
        run_id=run_id,
        db=db,
        documents_read=read,
        documents_skipped=skipped,
        documents_replaced=replaced,
        documents_rejected=len(rejections),
        events_loaded=events_loaded,
        quantities_loaded=quantities_loaded,
        expectations_passed=passed,
        expectations_failed=tuple(failed),
        rejections=tuple(rejections),
        critical_failed=critical,
        snapshot=snapshot,
    )
