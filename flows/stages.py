"""The plain functions behind the flow's tasks: discover, read, extract, load, join incidents.

Each takes and returns typed records (``flows.results``, ``extractors.records``)
and knows nothing of Prefect, so it can be called and tested on its own;
``flows.ingest`` wraps each in a task and wires them together.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

import duckdb

from extractors.discovery import discover_files
from extractors.readers import read_source
from extractors.records import DocumentRecord, ExtractionResult, IgnoredInput, RejectedInput
from extractors.version import ExtractorIdentity
from flows.results import BatchRead, DiscoveredInputs
from warehouse.incidents import IncidentCounts, IncidentSettings, refresh_incidents
from warehouse.load import LoadCounts, load_batch, record_rejections

REPORTING_VERBS_LEXICON = "events_reporting_verbs"
"""The events' lexicon of reporting verbs ("say", "tell"): their events are statements, not incidents."""


def new_run_id() -> str:
    """A sortable, unique run id (UTC timestamp and a random suffix)."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def batched(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    """Consecutive batches of ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def discover_inputs(paths: Sequence[str], *, allow_external_links: bool) -> DiscoveredInputs:
    """The files under ``paths``, and the paths rejected or ignored on the way (``extractors.discovery``)."""
    found = list(discover_files(list(paths), allow_external_links=allow_external_links))
    return DiscoveredInputs(
        files=tuple(p for p in found if isinstance(p, Path)),
        rejections=tuple(r for r in found if isinstance(r, RejectedInput)),
        ignored=tuple(i for i in found if isinstance(i, IgnoredInput)),
    )


def read_files(files: Sequence[Path], *, max_file_bytes: int, source_root: str | None) -> BatchRead:
    """Read and clean each file: its documents, rejections and inputs (see ``BatchRead.inputs``)."""
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
    return BatchRead(tuple(documents), tuple(rejections), inputs, clean_seconds)


def extract_documents(documents: Sequence[DocumentRecord], model: str | None) -> ExtractionResult:
    """The events of ``documents`` read with ``model`` (None: the default model)."""
    # spaCy is imported only by the stage that needs it; on a Dask worker the pipeline loads once per process.
    from extractors.extract import extract_batch
    from extractors.nlp.pipeline import load_pipeline

    return extract_batch(load_pipeline(model), documents)


def load_documents(
    con: duckdb.DuckDBPyConnection,
    documents: Sequence[DocumentRecord],
    extraction: ExtractionResult | None,
    rejections: Sequence[RejectedInput],
    *,
    run_id: str,
    producer: ExtractorIdentity,
    keep_doc_ids: Collection[str],
) -> LoadCounts:
    """Store a batch's rejections, then load its documents with the events and place mentions of its
    ``extraction`` (none when nothing was extracted) (``warehouse.load.load_batch``)."""
    record_rejections(con, rejections, run_id=run_id)
    return load_batch(
        con,
        documents,
        extraction.events if extraction else (),
        run_id=run_id,
        producer=producer,
        keep_doc_ids=keep_doc_ids,
        place_mentions=extraction.place_mentions if extraction else (),
    )


def join_incidents(con: duckdb.DuckDBPyConnection, settings: IncidentSettings) -> IncidentCounts:
    """Rebuild the warehouse's incidents from its events (``warehouse.incidents``); statements, whose
    action is a reporting verb of the events' lexicon, are not incidents."""
    from extractors import lexicon

    return refresh_incidents(con, settings, reporting_verbs=lexicon.words(REPORTING_VERBS_LEXICON))
