"""The ``ingest_events`` Prefect flow: it wires stages together and holds no logic of its own.

take the warehouse's writer lock -> discover files -> read and clean (per
batch) -> skip documents unchanged since an earlier run -> extract with spaCy
(per batch, ``nlp.pipe``) -> load into DuckDB (one transaction per batch,
replacing older versions of the same documents) -> check that every input
is accounted for -> validate with Great Expectations -> publish the BI
snapshot when no critical expectation failed -> record the run succeeded. A
batch of documents is one task run, never a sentence or a single document.

Each task calls a plain function (``flows.stages``, ``expectations.gate``,
``warehouse``); the skip/keep policy is ``warehouse.incremental``; the
``runs`` row is written through ``warehouse.runs.RunRecord`` alone: ``running``
with the furthest stage reached, ``failed`` with the error when anything
raises, ``succeeded`` only once the snapshot is published. The parameters'
defaults are ``flows.settings.Settings``' own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from pathlib import Path
from typing import Any

import duckdb
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.utilities.annotations import quote

from expectations.gate import GateResult, run_gate
from expectations.suites import QualityChecks
from extractors.records import DocumentRecord, ExtractionResult, RejectedInput
from extractors.version import ExtractorIdentity, extractor_identity
from flows.progress import StageClock, current_progress
from flows.results import BatchRead, CriticalExpectationFailed, DiscoveredInputs, RunSummary, RunTally
from flows.run_report import (
    TopEvent,
    current_ingest_run_name,
    publish_run_artifacts,
    retry_on_os_error,
    top_events,
)
from flows.runners import RunnerChoice
from flows.settings import Settings
from flows.stages import (
    batched,
    discover_inputs,
    extract_documents,
    join_incidents,
    load_documents,
    new_run_id,
    read_files,
)
from flows.wiring import InFlightBatch, RunWiring
from warehouse.check import published_events
from warehouse.database import Warehouse
from warehouse.incidents import IncidentCounts, IncidentSettings
from warehouse.incremental import plan_extraction, stored_doc_ids
from warehouse.load import LoadCounts, record_rejections
from warehouse.runs import RunStatus

DEFAULTS = Settings.model_fields
"""The flow's defaults are the settings' (``Settings`` field defaults), never numbers of its own."""
DEFAULT_EXECUTION = RunnerChoice(*(DEFAULTS[name].default for name in ("runner", "workers", "dask_address")))
"""Where extraction runs when the caller does not say: the settings' runner, workers and Dask address."""


@task(name="discover-files", cache_policy=NO_CACHE)
def discover_task(paths: list[str], allow_external_links: bool) -> DiscoveredInputs:
    return discover_inputs(paths, allow_external_links=allow_external_links)


# File reads and snapshot publication retry on OSError only (a file-system hiccup): deterministic
# failures fail the same way again.
@task(
    name="read-batch",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=retry_on_os_error,
)
def read_batch_task(files: list[Path], max_file_bytes: int, source_root: str | None) -> BatchRead:
    return read_files(files, max_file_bytes=max_file_bytes, source_root=source_root)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch_task(documents: list[DocumentRecord], model: str | None) -> ExtractionResult:
    return extract_documents(documents, model)


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch_task(
    con: duckdb.DuckDBPyConnection,
    documents: list[DocumentRecord],
    extraction: ExtractionResult | None,
    rejections: list[RejectedInput],
    run_id: str,
    producer: ExtractorIdentity,
    keep_doc_ids: set[str],
) -> LoadCounts:
    return load_documents(
        con, documents, extraction, rejections, run_id=run_id, producer=producer, keep_doc_ids=keep_doc_ids
    )


@task(name="join-incidents", cache_policy=NO_CACHE)
def join_incidents_task(con: duckdb.DuckDBPyConnection, settings: IncidentSettings) -> IncidentCounts:
    return join_incidents(con, settings)


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(
    con: duckdb.DuckDBPyConnection, warehouse: Warehouse, run_id: str, checks: QualityChecks
) -> GateResult:
    return run_gate(con, warehouse, run_id, checks)


@task(
    name="publish-snapshot",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=retry_on_os_error,
)
def publish_snapshot_task(warehouse: Warehouse) -> Path:
    return warehouse.publish_snapshot()


def _log_rejections(
    logger: logging.Logger | logging.LoggerAdapter[Any], rejections: tuple[RejectedInput, ...]
) -> None:
    for rejection in rejections:
        line = f" line {rejection.line}" if rejection.line else ""
        logger.warning("rejected %s%s: %s", rejection.path, line, rejection.reason)


def _load_oldest(run: RunWiring, in_flight: deque[InFlightBatch], seen_doc_ids: set[str]) -> None:
    """Wait for the oldest batch's extraction, then load it (a document whose extraction failed is rejected)."""
    pending = in_flight.popleft()
    with run.clock.timing("extract"):
        result = pending.extraction.result() if pending.extraction is not None else None
    documents, rejections = pending.documents, pending.rejections
    if result is not None:
        run.clock.add("nlp", result.nlp_seconds)
        run.clock.add("extraction", result.extraction_seconds)
        failed = set(result.failed_doc_ids)
        documents = tuple(d for d in documents if d.doc_id not in failed)
        rejections += result.rejections
        run.tally.extraction_failed(result.rejections)
        _log_rejections(run.logger, result.rejections)
    run.record.reached("load")
    run.progress.stage(f"{pending.label}: loading {len(documents)} documents")
    with run.clock.timing("load"):
        # quote(): Prefect would otherwise walk every record looking for futures to track, which cost
        # more than the load itself. It unwraps them before the call; its overloads do not say so.
        counts = load_batch_task(  # type: ignore[call-overload]
            run.con,
            quote(list(documents)),
            quote(result),
            quote(list(rejections)),
            run.record.run_id,
            run.producer,
            quote(set(seen_doc_ids)),
        )
    run.tally.loaded(counts)
    run.progress.advance(pending.files)


def _read_extract_load(
    run: RunWiring,
    files: tuple[Path, ...],
    *,
    batch_size: int,
    max_file_bytes: int,
    source_root: str | None,
    execution: RunnerChoice,
) -> None:
    """Read each batch, skip its unchanged documents, submit the rest for extraction, and load batches as
    their extraction ends, at most ``execution.batches_in_flight`` submitted at once."""
    seen_doc_ids: set[str] = set()
    # Bounded, so the flow never holds the corpus, its Docs or its events in memory.
    in_flight: deque[InFlightBatch] = deque()
    batches = list(batched(files, batch_size))
    # The extraction runner lives only as long as extraction: a local Dask cluster's workers, each
    # holding the model, are gone before validation, where the flow process uses the most memory.
    with execution.task_runner() as extraction_runner:
        for number, batch in enumerate(batches, start=1):
            label = f"batch {number}/{len(batches)}"
            run.record.reached("read")
            run.progress.stage(f"{label}: reading {len(batch)} files")
            with run.clock.timing("read"):
                read = read_batch_task(batch, max_file_bytes, source_root)
                run.clock.add("clean", read.clean_seconds)
                stored = stored_doc_ids(
                    run.con,
                    [d.doc_id for d in read.documents],
                    extractor_version=run.producer.extractor_version,
                )
            plan = plan_extraction(read.documents, stored, full_refresh=run.full_refresh)
            run.tally.read(read, unchanged=len(plan.unchanged))
            _log_rejections(run.logger, read.rejections)
            seen_doc_ids.update(d.doc_id for d in read.documents)
            if plan.to_extract:
                run.record.reached("extract")
            run.progress.stage(
                f"{label}: extracting {len(plan.to_extract)} documents ({len(plan.unchanged)} unchanged)"
            )
            # Not quote()d: a quoted argument does not survive pickling to a Dask worker.
            extraction = (
                extraction_runner.submit(
                    extract_batch_task, {"documents": list(plan.to_extract), "model": run.producer.model_name}
                )
                if plan.to_extract
                else None
            )
            in_flight.append(InFlightBatch(label, len(batch), plan.to_extract, read.rejections, extraction))
            while len(in_flight) >= execution.batches_in_flight:
                _load_oldest(run, in_flight, seen_doc_ids)
        while in_flight:
            _load_oldest(run, in_flight, seen_doc_ids)


@flow(name="ingest-events", log_prints=False, flow_run_name=current_ingest_run_name)
def ingest_events(
    paths: list[str],
    db: str = str(DEFAULTS["db"].default),
    *,
    model: str | None = DEFAULTS["model"].default,
    batch_size: int = DEFAULTS["batch_size"].default,
    max_file_bytes: int = DEFAULTS["max_file_bytes"].default,
    window_start: dt.date | None = DEFAULTS["corpus_window_start"].default,
    window_end: dt.date | None = DEFAULTS["corpus_window_end"].default,
    max_event_age_days: int = DEFAULTS["max_event_age_days"].default,
    incident_tolerance_days: int = DEFAULTS["incident_tolerance_days"].default,
    incident_max_range_days: int = DEFAULTS["incident_max_range_days"].default,
    min_events_per_run: int = DEFAULTS["min_events_per_run"].default,
    run_id: str | None = None,
    full_refresh: bool = False,
    lock_timeout: float = DEFAULTS["lock_timeout"].default,
    execution: RunnerChoice = DEFAULT_EXECUTION,
    source_root: str | None = None,
    allow_external_links: bool = False,
) -> RunSummary:
    """Read raw files under ``paths``, extract events, load them into ``db``, validate and publish them.

    Documents unchanged since an earlier run of the same extractor version are
    skipped unless ``full_refresh``. A second run on the same warehouse waits
    for the first for at most ``lock_timeout`` seconds, then fails. Extraction
    batches run where ``execution`` says (``flows.runners.RunnerChoice``). A
    document's identity is its path relative to ``source_root`` (default: the
    working folder; pass an absolute path, as the CLI does, when runs may start
    elsewhere). Symbolic links leading outside ``paths`` are rejected unless
    ``allow_external_links``. Event dates are judged against their document's
    publication date (``max_event_age_days``); the corpus window
    (``window_start``/``window_end``) is checked only when given. Raises
    ``CriticalExpectationFailed`` (carrying the run's summary) when a critical
    expectation fails. After the loads, incidents are rebuilt: reports whose dates lie at most
    ``incident_tolerance_days`` apart (and span at most ``incident_max_range_days``) may join.

    Long on purpose: the flow's parameters and this docstring; the body only wires the stages.
    """
    logger = get_run_logger()
    progress = current_progress(logger)
    run_id = run_id or new_run_id()
    warehouse = Warehouse.at(db)
    checks = QualityChecks(
        window_start, window_end, max_event_age_days, min_events_per_run, incident_tolerance_days
    )
    # The model is resolved once, here: the one recorded in `documents` is the one extraction loads.
    producer = extractor_identity(model)
    clock = StageClock()
    flow_run = get_run_context().flow_run  # type: ignore[union-attr]
    progress.stage(f"waiting for the writer lock of {db}")
    with (
        warehouse.writer(timeout=lock_timeout, holder=f"run {run_id}", on_wait=progress.stage) as con,
        warehouse.recorded_run(
            con, run_id, flow_run_id=str(flow_run.id) if flow_run else None, full_refresh=full_refresh
        ) as record,
    ):
        for interrupted in record.interrupted:
            logger.warning("run %s was killed before it finished; marked interrupted", interrupted)
        record.reached("discover")
        progress.stage("discovering files")
        with clock.timing("discover"):
            discovered = discover_task(paths, allow_external_links)
            record_rejections(con, discovered.rejections, run_id=run_id)
        for ignored in discovered.ignored:
            logger.info("ignored %s: %s", ignored.path, ignored.reason)
        progress.begin(len(discovered.files))
        wiring = RunWiring(con, record, RunTally(discovered), clock, progress, logger, producer, full_refresh)
        _read_extract_load(
            wiring,
            discovered.files,
            batch_size=batch_size,
            max_file_bytes=max_file_bytes,
            source_root=source_root,
            execution=execution,
        )
        record.reached("incidents")
        progress.stage("joining incidents")
        with clock.timing("incidents"):
            join_incidents_task(con, IncidentSettings(incident_tolerance_days, incident_max_range_days))
        gate, snapshot, report_events = _validate_and_publish(wiring, warehouse, checks)
    summary = _summary(wiring, warehouse, gate, status="succeeded", snapshot=str(snapshot))
    publish_run_artifacts(summary, report_events)
    return summary


def _validate_and_publish(
    run: RunWiring, warehouse: Warehouse, checks: QualityChecks
) -> tuple[GateResult, Path, tuple[TopEvent, ...]]:
    """Check the run's accounting, validate, and publish the snapshot when the gate allows; end the run record.

    Returns the gate, the snapshot and the top events for the report. A critical failure ends the run
    record failed, publishes the report, and raises ``CriticalExpectationFailed`` (nothing reaches BI).
    """
    # Raises AccountingError when an input was lost: nothing of this run is validated or published.
    run.record.accounted(run.tally.counts())
    run.record.reached("validate")
    run.progress.stage("validating")
    with run.clock.timing("validate"):
        gate = validate_task(run.con, warehouse, run.record.run_id, checks)
    run.logger.info("Data Docs: %s", gate.data_docs_index)
    # Read now: the report is published after this connection closes (or as the run fails).
    report_events = top_events(run.con, run.record.run_id)
    if not gate.publishable:
        failed = _summary(run, warehouse, gate, status="failed", message=gate.failure_message())
        run.record.finish(
            "failed",
            expectations_passed=gate.passed,
            expectations_failed=len(gate.failed),
            stage_seconds=run.clock.run_stages(),
            message=failed.message,
        )
        publish_run_artifacts(failed, report_events)
        raise CriticalExpectationFailed(failed)
    run.record.reached("publish")
    run.progress.stage("publishing the BI snapshot")
    with run.clock.timing("publish"):
        snapshot = publish_snapshot_task(warehouse)
    # Succeeded only now: a run killed while publishing is left running, and the next marks it interrupted.
    run.record.finish(
        "succeeded",
        expectations_passed=gate.passed,
        expectations_failed=len(gate.failed),
        stage_seconds=run.clock.run_stages(),
        published_events=published_events(snapshot),
    )
    return gate, snapshot, report_events


def _summary(
    run: RunWiring,
    warehouse: Warehouse,
    gate: GateResult,
    *,
    status: RunStatus,
    message: str | None = None,
    snapshot: str | None = None,
) -> RunSummary:
    return RunSummary(
        run_id=run.record.run_id,
        db=str(warehouse.path),
        status=status,
        counts=run.tally.counts(),
        gate=gate,
        rejections=tuple(run.tally.rejections),
        ignored=run.tally.ignored,
        snapshot=snapshot,
        stage_seconds={name: round(seconds, 3) for name, seconds in run.clock.seconds.items()},
        message=message,
    )
