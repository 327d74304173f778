"""Records survive the warehouse: DocumentRecord and EventRecord -> the real loader -> a DuckDB file -> the same records.

Hypothesis builds batches of documents with their events and quantities, each field drawn
from the whole range its column type holds (NULLs, Unicode, extreme integers, dates and
floats); the loader writes them in one transaction into a real, migrated warehouse file,
which is read back column by column. Any field the loader drops, truncates or converts
makes the records differ.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.records import DocumentRecord, EventRecord, QuantityRecord, RawOffset, TimeAnchor
from extractors.version import ExtractorIdentity
from warehouse.db import open_warehouse
from warehouse.load import load_batch

INT32 = st.integers(min_value=-(2**31), max_value=2**31 - 1)
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
# Lone surrogates cannot be encoded as UTF-8: no reader ever produces them (they are escaped first).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
OPTIONAL_TEXT = st.none() | TEXT
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
DATE = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
PRODUCER = ExtractorIdentity(
    model_name="en_core_web_sm", model_version="3.8.0", extractor_version="0.5.0+abc"
)

DOCUMENT_COLUMNS = tuple(f.name for f in dataclasses.fields(DocumentRecord))
EVENT_COLUMNS = tuple(f.name for f in dataclasses.fields(EventRecord) if f.name != "quantities")
QUANTITY_COLUMNS = ("event_id", "value", "unit", "text", "is_approximate", "out_of")


def _documents(doc_id: str) -> st.SearchStrategy[DocumentRecord]:
    return st.builds(
        DocumentRecord,
        doc_id=st.just(doc_id),
        source_name=TEXT,
        source_key=TEXT,
        source_uri=TEXT,
        content_sha256=TEXT,
        byte_size=INT64,
        format=TEXT,
        encoding=TEXT,
        encoding_guessed=st.booleans(),
        text=st.text(st.characters(exclude_categories=["Cs"]), max_size=200),
        title=OPTIONAL_TEXT,
        publisher=OPTIONAL_TEXT,
        url=OPTIONAL_TEXT,
        external_id=OPTIONAL_TEXT,
        published_date=st.none() | DATE,
        published_date_source=TEXT,
        time_anchors=st.lists(st.builds(TimeAnchor, char_offset=INT32, seconds=FLOAT), max_size=3).map(tuple),
        raw_offsets=st.lists(st.builds(RawOffset, char_offset=INT32, raw_offset=INT64), max_size=3).map(
            tuple
        ),
        publisher_source=TEXT,
        compression=OPTIONAL_TEXT,
    )


def _events(event_id: str, doc_id: str) -> st.SearchStrategy[EventRecord]:
    quantity = st.builds(
        QuantityRecord,
        event_id=st.just(event_id),
        value=FLOAT,
        unit=TEXT,
        text=TEXT,
        is_approximate=st.booleans(),
        out_of=st.none() | FLOAT,
    )
    return st.builds(
        EventRecord,
        event_id=st.just(event_id),
        doc_id=st.just(doc_id),
        sentence=TEXT,
        start_char=INT32,
        end_char=INT32,
        trigger=TEXT,
        action=TEXT,
        event_rank=INT32,
        actor=OPTIONAL_TEXT,
        actor_type=OPTIONAL_TEXT,
        place=OPTIONAL_TEXT,
        place_name=OPTIONAL_TEXT,
        place_country_code=OPTIONAL_TEXT,
        place_latitude=st.none() | FLOAT,
        place_longitude=st.none() | FLOAT,
        date_start=st.none() | DATE,
        date_end=st.none() | DATE,
        date_text=OPTIONAL_TEXT,
        date_granularity=OPTIONAL_TEXT,
        date_source=OPTIONAL_TEXT,
        modality=TEXT,
        attribution=OPTIONAL_TEXT,
        media_seconds=st.none() | FLOAT,
        quantities=st.lists(quantity, max_size=3).map(tuple),
    )


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[DocumentRecord], list[EventRecord]]:
    """Up to 3 documents, each with up to 3 events; ids unique as the warehouse's keys require."""
    documents = [draw(_documents(f"doc-{n}")) for n in range(draw(st.integers(1, 3)))]
    events = [
        draw(_events(f"{document.doc_id}-event-{n}", document.doc_id))
        for document in documents
        for n in range(draw(st.integers(0, 3)))
    ]
    return documents, events


def _read_documents(con: duckdb.DuckDBPyConnection) -> list[DocumentRecord]:
    rows = con.execute(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents ORDER BY doc_id").fetchall()
    documents = []
    for row in rows:
        values = dict(zip(DOCUMENT_COLUMNS, row, strict=True))
        values["time_anchors"] = tuple(TimeAnchor(**a) for a in values["time_anchors"] or ())
        values["raw_offsets"] = tuple(RawOffset(**o) for o in values["raw_offsets"] or ())
        documents.append(DocumentRecord(**values))
    return documents


def _read_events(con: duckdb.DuckDBPyConnection) -> list[EventRecord]:
    quantities: dict[str, list[QuantityRecord]] = {}
    for row in con.execute(f"SELECT {', '.join(QUANTITY_COLUMNS)} FROM quantities").fetchall():
        quantity = QuantityRecord(*row)
        quantities.setdefault(quantity.event_id, []).append(quantity)
    rows = con.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY event_id").fetchall()
    return [
        EventRecord(
            **dict(zip(EVENT_COLUMNS, row, strict=True)), quantities=_ordered(quantities.get(row[0], []))
        )
        for row in rows
    ]


def _ordered(quantities: list[QuantityRecord] | tuple[QuantityRecord, ...]) -> tuple[QuantityRecord, ...]:
    # The table keeps no position; compare an event's quantities in one canonical order.
    return tuple(sorted(quantities, key=repr))


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty warehouse, copied for each example (migrating each time would dominate)."""
    db = tmp_path_factory.mktemp("template") / "template.duckdb"
    with open_warehouse(db):
        pass
    return db


@pytest.fixture
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="roundtrip-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=batches())
def test_records_come_back_from_the_warehouse_unchanged(
    migrated_template: Path, scratch: Path, batch: tuple[list[DocumentRecord], list[EventRecord]]
) -> None:
    documents, events = batch
    db = scratch / "roundtrip.duckdb"
    shutil.copy(migrated_template, db)
    with open_warehouse(db) as con:
        counts = load_batch(con, documents, events, run_id="roundtrip", producer=PRODUCER)
    assert (counts.documents, counts.events) == (len(documents), len(events))
    assert counts.quantities == sum(len(e.quantities) for e in events)
    with open_warehouse(db, read_only=True) as con:
        assert _read_documents(con) == sorted(documents, key=lambda d: d.doc_id)
        assert _read_events(con) == [
            dataclasses.replace(e, quantities=_ordered(e.quantities))
            for e in sorted(events, key=lambda e: e.event_id)
        ]
        # Every document records what produced its events (migration 009).
        assert con.execute(
            "SELECT DISTINCT model_name, model_version, extractor_version FROM documents"
        ).fetchall() == [(PRODUCER.model_name, PRODUCER.model_version, PRODUCER.extractor_version)]
    db.unlink()
