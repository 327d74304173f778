"""The ``ingest_events`` Prefect flow: it wires stages together and holds no logic of its own.

take the warehouse's writer lock -> discover files -> read and clean (per
batch) -> skip documents unchanged since an earlier run -> extract with spaCy
(per batch, ``nlp.pipe``) -> load into DuckDB (one transaction per batch,
replacing older versions of the same documents) -> check that every input
is accounted for -> validate with Great Expectations -> publish the BI
snapshot when no critical expectation failed -> record the run succeeded. A
batch of documents is one task run, never a sentence or a single document.

``runs`` follows the run: ``running`` with the furthest stage reached,
``failed`` with the error when anything raises, ``succeeded`` only once the
snapshot is published.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from expectations.suites import DEFAULT_MAX_EVENT_AGE_DAYS
from extractors import EXTRACTOR_VERSION
from extractors.discovery import discover_files
from extractors.readers import read_source
from extractors.records import DocumentRecord, EventRecord, ExtractionResult, IgnoredInput, RejectedInput
from flows.progress import StageClock, current_progress
from flows.run_report import current_ingest_run_name, publish_run_artifacts, retry_on_os_error, top_events
from flows.runners import batches_in_flight, make_task_runner
from warehouse.check import published_events
from warehouse.db import open_warehouse
from warehouse.load import (
    AccountingError,
    LoadCounts,
    RunCounts,
    existing_doc_ids,
    finish_run,
    load_batch,
    record_rejections,
    record_run_counts,
    record_run_details,
    record_stage,
    recorded_run,
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
    documents_ignored: int = 0
    """Inputs left out by policy (hidden files and folders)."""
    inputs_discovered: int = 0
    """Inputs met: documents_read + documents_skipped + documents_rejected + documents_ignored
    (see ``warehouse.load.RunCounts``)."""
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
    ignored: tuple[IgnoredInput, ...] = field(default=())
    """Every input left out by policy, with the policy."""
    critical_failed: bool = False
    """True when a critical expectation failed."""
    snapshot: str | None = None
    """BI snapshot published by the run; None when none was (a critical expectation failed)."""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Wall seconds per stage (discover, read, extract, load, validate, publish), plus the seconds
    inside reading spent decoding, parsing and cleaning (clean), and inside extraction tasks spent
    in the model (nlp) and in our components (extraction)."""


@dataclass(frozen=True, slots=True)
class InFlightBatch:
    """A batch whose extraction was submitted and whose load is pending."""

    label: str
    """"batch N/M", for progress messages."""
    files: int
    """Input files of the batch."""
    documents: list[DocumentRecord]
    """Documents to load (new or changed)."""
    rejections: tuple[RejectedInput, ...]
    """Inputs of the batch that were rejected."""
    extraction: PrefectFuture[ExtractionResult] | None
    """The extraction task; None when no document needs extracting."""


def new_run_id() -> str:
    """A sortable, unique run id (UTC timestamp and a random suffix)."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def batched(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    """Consecutive batches of ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


@task(name="discover-files", cache_policy=NO_CACHE)
def discover_task(
    paths: list[str], allow_external_links: bool = False
) -> tuple[list[Path], list[RejectedInput], list[IgnoredInput]]:
    found = list(discover_files(paths, allow_external_links=allow_external_links))
    return (
        [p for p in found if isinstance(p, Path)],
        [r for r in found if isinstance(r, RejectedInput)],
        [i for i in found if isinstance(i, IgnoredInput)],
    )


# File reads and snapshot publication retry on OSError only (a file-system hiccup): deterministic
# failures fail the same way again.
@task(
    name="read-batch",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=retry_on_os_error,
)
def read_batch_task(
    files: list[Path], max_file_bytes: int, source_root: str | None = None
) -> tuple[list[DocumentRecord], list[RejectedInput], float, int]:
    """The batch's documents and rejections, the seconds spent cleaning, and the inputs the files held.

    A file holds one input per record it yielded (document or rejected record), and at least one:
    a file that yielded nothing is an input no outcome accounts for, and fails the run's accounting.
    """
    documents: list[DocumentRecord] = []
    rejections: list[RejectedInput] = []
    clean_seconds = 0.0
    inputs = 0
    for path in files:
        result = read_source(path, max_bytes=max_file_bytes, source_root=source_root)
        documents.extend(result.documents)
        rejections.extend(result.rejections)
        clean_seconds += result.clean_seconds
        inputs += max(1, len(result.documents) + len(result.rejections))
    return documents, rejections, clean_seconds, inputs


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch_task(documents: list[DocumentRecord], model: str | None) -> ExtractionResult:
    # spaCy is imported only by the stage that needs it; on a Dask worker the pipeline loads once per process.
    from extractors.extract import extract_batch
    from extractors.nlp.pipeline import load_pipeline

    return extract_batch(load_pipeline(model), documents)


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch_task(
    con: duckdb.DuckDBPyConnection,
    documents: list[DocumentRecord],
    events: list[EventRecord],
    rejections: list[RejectedInput],
    run_id: str,
    keep_doc_ids: set[str],
) -> LoadCounts:
    record_rejections(con, rejections, run_id=run_id)
    return load_batch(
        con,
        documents,
        events,
        run_id=run_id,
        extractor_version=EXTRACTOR_VERSION,
        keep_doc_ids=keep_doc_ids,
    )


@task(
    name="publish-snapshot",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=retry_on_os_error,
)
def publish_snapshot_task(db: str) -> str:
    return str(publish_snapshot(db))


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
    con: duckdb.DuckDBPyConnection,
    db: str,
    run_id: str,
    window_start: dt.date | None,
    window_end: dt.date | None,
    min_events_per_run: int,
    max_event_age_days: int = DEFAULT_MAX_EVENT_AGE_DAYS,
) -> GateResult:
    from expectations.validate import data_docs_dir, validate_warehouse

    docs_dir = data_docs_dir(db)
    report = validate_warehouse(
        con,
        run_id=run_id,
        window_start=window_start,
        window_end=window_end,
        max_event_age_days=max_event_age_days,
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


@flow(name="ingest-events", log_prints=False, flow_run_name=current_ingest_run_name)
def ingest_events(
    paths: list[str],
    db: str,
    *,
    model: str | None = None,
    batch_size: int = 32,
    max_file_bytes: int = 50_000_000,
    window_start: dt.date | None = None,
    window_end: dt.date | None = None,
    max_event_age_days: int = DEFAULT_MAX_EVENT_AGE_DAYS,
    min_events_per_run: int = 1,
    run_id: str | None = None,
    full_refresh: bool = False,
    lock_timeout: float = 600.0,
    runner: str = "local",
    workers: int = 1,
    dask_address: str | None = None,
    max_in_flight: int | None = None,
    source_root: str | None = None,
    allow_external_links: bool = False,
) -> RunSummary:
    """Read raw files under ``paths``, extract events, load them into ``db``, validate and publish them.

    Documents unchanged since an earlier run of the same extractor version are
    skipped unless ``full_refresh``. A second run on the same warehouse waits
    for the first for at most ``lock_timeout`` seconds, then fails. Extraction
    batches run on the task runner that ``runner``, ``workers`` and
    ``dask_address`` choose (see ``flows.runners``), ``max_in_flight`` at once
    (default: two per worker, which keeps workers busy while the flow process
    reads and loads). A document's identity is its path relative to
    ``source_root`` (default: the working folder; pass an absolute path, as the
    CLI does, when runs may start elsewhere). Symbolic links leading outside
    ``paths`` are rejected unless ``allow_external_links``. Event dates are judged against their
    document's publication date (``max_event_age_days``); the corpus window
    (``window_start``/``window_end``) is checked only when given.
    """
    logger = get_run_logger()
    progress = current_progress(logger)
    run_id = run_id or new_run_id()
    clock = StageClock()
    progress.stage(f"waiting for the writer lock of {db}")
    flow_run = get_run_context().flow_run  # type: ignore[union-attr]
    # One connection for the run's writes: closing a DuckDB connection checkpoints the whole file
    # (rewriting its indexes), which per batch made loading grow with the size of the warehouse.
    with (
        writer_lock(db, timeout=lock_timeout, holder=f"run {run_id}", on_wait=progress.stage),
        open_warehouse(db) as con,
        # The run's row: `running` now; `failed` with its error if anything below raises.
        recorded_run(
            con,
            db,
            run_id,
            flow_run_id=str(flow_run.id) if flow_run else None,
            full_refresh=full_refresh,
        ) as interrupted_runs,
    ):
        for interrupted in interrupted_runs:
            logger.warning("run %s was killed before it finished; marked interrupted", interrupted)

        record_stage(con, run_id, "discover")
        progress.stage("discovering files")
        with clock.timing("discover"):
            files, rejections, ignored = discover_task(paths, allow_external_links)
            record_rejections(con, rejections, run_id=run_id)
        for skipped_input in ignored:
            logger.info("ignored %s: %s", skipped_input.path, skipped_input.reason)
        progress.begin(len(files))
        read = skipped = replaced = events_loaded = quantities_loaded = 0
        # Inputs met so far (see RunCounts): every path discovery rejected or ignored, then each file's records.
        inputs = len(rejections) + len(ignored)
        seen_doc_ids: set[str] = set()
        # Batches submitted to the task runner and not loaded yet; bounded, so the flow never
        # holds the corpus, its Docs or its events in memory.
        in_flight: deque[InFlightBatch] = deque()

        def load_oldest() -> None:
            nonlocal read, replaced, events_loaded, quantities_loaded
            pending = in_flight.popleft()
            with clock.timing("extract"):
                result = pending.extraction.result() if pending.extraction is not None else None
            documents = pending.documents
            batch_rejections = list(pending.rejections)
            if result is not None:
                clock.add("nlp", result.nlp_seconds)
                clock.add("extraction", result.extraction_seconds)
                # A document whose extraction failed is rejected, not loaded without its events.
                failed = set(result.failed_doc_ids)
                documents = [d for d in documents if d.doc_id not in failed]
                batch_rejections.extend(result.rejections)
                rejections.extend(result.rejections)
                for rejection in result.rejections:
                    logger.warning("rejected %s: %s", rejection.path, rejection.reason)
            record_stage(con, run_id, "load")
            progress.stage(f"{pending.label}: loading {len(documents)} documents")
            with clock.timing("load"):
                # quote(): Prefect would otherwise walk every record looking for futures to
                # track, which cost more than the load itself. It unwraps them before the call;
                # its overloads do not say so.
                counts = load_batch_task(  # type: ignore[call-overload]
                    con,
                    quote(documents),
                    quote(list(result.events) if result else []),
                    quote(batch_rejections),
                    run_id,
                    quote(set(seen_doc_ids)),
                )
            read += counts.documents
            replaced += counts.replaced
            events_loaded += counts.events
            quantities_loaded += counts.quantities
            progress.advance(pending.files)

        if max_in_flight is None:
            max_in_flight = batches_in_flight(runner, workers=workers, dask_address=dask_address)
        batches = list(batched(files, batch_size))
        # The extraction runner lives only as long as extraction: a local Dask cluster's workers, each
        # holding the model, are gone before validation, where the flow process uses the most memory.
        with make_task_runner(runner, workers=workers, dask_address=dask_address) as extraction_runner:
            for number, batch in enumerate(batches, start=1):
                label = f"batch {number}/{len(batches)}"
                record_stage(con, run_id, "read")
                progress.stage(f"{label}: reading {len(batch)} files")
                with clock.timing("read"):
                    documents, batch_rejections, clean_seconds, batch_inputs = read_batch_task(
                        batch, max_file_bytes, source_root
                    )
                    clock.add("clean", clean_seconds)
                    known = (
                        set()
                        if full_refresh
                        else existing_doc_ids(
                            con, [d.doc_id for d in documents], extractor_version=EXTRACTOR_VERSION
                        )
                    )
                rejections += batch_rejections
                inputs += batch_inputs
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
                if fresh:
                    record_stage(con, run_id, "extract")
                progress.stage(
                    f"{label}: extracting {len(fresh)} documents ({len(documents) - len(fresh)} unchanged)"
                )
                in_flight.append(
                    InFlightBatch(
                        label=label,
                        files=len(batch),
                        documents=fresh,
                        rejections=tuple(batch_rejections),
                        # Not quote()d: a quoted argument does not survive pickling to a Dask worker.
                        extraction=extraction_runner.submit(
                            extract_batch_task, {"documents": fresh, "model": model}
                        )
                        if fresh
                        else None,
                    )
                )
                while len(in_flight) >= max_in_flight:
                    load_oldest()
            while in_flight:
                load_oldest()

        counts = RunCounts(
            inputs_discovered=inputs,
            documents_read=read,
            documents_skipped=skipped,
            documents_rejected=len(rejections),
            documents_ignored=len(ignored),
            documents_replaced=replaced,
            events_loaded=events_loaded,
            quantities_loaded=quantities_loaded,
        )
        record_run_counts(con, run_id, counts)
        if not counts.balanced:
            # Some input was lost (or counted twice) on its way: nothing of this run is validated or published.
            raise AccountingError(f"the run's inputs do not add up: {counts.describe()}")

        record_stage(con, run_id, "validate")
        progress.stage("validating")
        with clock.timing("validate"):
            gate = validate_task(
                con, db, run_id, window_start, window_end, min_events_per_run, max_event_age_days
            )
        logger.info("Data Docs: %s", gate.data_docs_index)
        record_run_details(con, run_id, stage_seconds=clock.run_stages())
        summary = RunSummary(
            run_id=run_id,
            db=db,
            documents_read=read,
            documents_skipped=skipped,
            documents_replaced=replaced,
            documents_rejected=len(rejections),
            documents_ignored=len(ignored),
            inputs_discovered=inputs,
            events_loaded=events_loaded,
            quantities_loaded=quantities_loaded,
            expectations_passed=gate.passed,
            expectations_failed=gate.failed,
            rejections=tuple(rejections),
            ignored=tuple(ignored),
            critical_failed=gate.critical_failed,
            stage_seconds={name: round(seconds, 3) for name, seconds in clock.seconds.items()},
        )
        # Read now: the report is published after this connection closes (or as the run fails).
        report_events = top_events(con, run_id)
        if not gate.publishable:
            names = ", ".join(f.name for f in gate.failed if f.severity == "critical")
            finish_run(
                con,
                run_id,
                status="failed",
                expectations_passed=gate.passed,
                expectations_failed=len(gate.failed),
                message=f"critical expectations failed: {names}",
            )
            publish_run_artifacts(summary, report_events, gate.data_docs_index)
            # Raising ends the flow run Failed before anything is published for BI.
            raise CriticalExpectationFailed(f"critical expectations failed: {names}")

        record_stage(con, run_id, "publish")
        progress.stage("publishing the BI snapshot")
        with clock.timing("publish"):
            snapshot = publish_snapshot_task(db)
        record_run_details(
            con,
            run_id,
            stage_seconds={"publish": clock.seconds["publish"]},
            published_events=published_events(Path(snapshot)),
        )
        # Succeeded only now: a run killed while publishing is left running, and the next marks it interrupted.
        finish_run(
            con,
            run_id,
            status="succeeded",
            expectations_passed=gate.passed,
            expectations_failed=len(gate.failed),
        )
    summary = replace(
        summary,
        snapshot=snapshot,
        stage_seconds={name: round(seconds, 3) for name, seconds in clock.seconds.items()},
    )
    publish_run_artifacts(summary, report_events, gate.data_docs_index)
    return summary
