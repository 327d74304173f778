"""Typed records as Arrow tables: the shape of each row the loader writes, and nothing else.

Records become Arrow tables only here, at the DuckDB boundary (``warehouse.load``
inserts them in bulk). Each schema names the table's columns and types; a
column the warehouse fills itself (``dq_status``, ``dq_failed``) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyarrow as pa

from extractors.records import DocumentRecord, EventRecord, PlaceMentionRecord, RejectedInput, stable_id
from extractors.version import ExtractorIdentity
from warehouse.runs import utcnow

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source_name", pa.string()),
        ("source_key", pa.string()),
        ("external_id", pa.string()),
        ("source_uri", pa.string()),
        ("title", pa.string()),
        ("publisher", pa.string()),
        ("url", pa.string()),
        ("published_date", pa.date32()),
        ("published_date_source", pa.string()),
        ("content_sha256", pa.string()),
        ("byte_size", pa.int64()),
        ("format", pa.string()),
        ("encoding", pa.string()),
        ("encoding_guessed", pa.bool_()),
        ("text", pa.string()),
        (
            "time_anchors",
            pa.list_(pa.struct([("char_offset", pa.int32()), ("seconds", pa.float64())])),
        ),
        (
            "raw_offsets",
            pa.list_(pa.struct([("char_offset", pa.int32()), ("raw_offset", pa.int64())])),
        ),
        ("publisher_source", pa.string()),
        ("compression", pa.string()),
        ("extractor_version", pa.string()),
        ("model_name", pa.string()),
        ("model_version", pa.string()),
        ("run_id", pa.string()),
        ("loaded_at", pa.timestamp("us")),
    ]
)
"""Columns of the ``documents`` rows the loader writes."""


def documents_table(
    documents: Sequence[DocumentRecord], *, run_id: str, producer: ExtractorIdentity
) -> pa.Table:
    """The ``documents`` rows of a batch as an Arrow table, each stamped with what produced its events."""
    now = utcnow()
    return pa.Table.from_pylist(
        [
            {
                "doc_id": d.doc_id,
                "source_name": d.source_name,
                "source_key": d.source_key,
                "external_id": d.external_id,
                "source_uri": d.source_uri,
                "title": d.title,
                "publisher": d.publisher,
                "url": d.url,
                "published_date": d.published_date,
                "published_date_source": d.published_date_source,
                "content_sha256": d.content_sha256,
                "byte_size": d.byte_size,
                "format": d.format,
                "encoding": d.encoding,
                "encoding_guessed": d.encoding_guessed,
                "text": d.text,
                "time_anchors": [
                    {"char_offset": a.char_offset, "seconds": a.seconds} for a in d.time_anchors
                ],
                "raw_offsets": [
                    {"char_offset": o.char_offset, "raw_offset": o.raw_offset} for o in d.raw_offsets
                ],
                "publisher_source": d.publisher_source,
                "compression": d.compression,
                "extractor_version": producer.extractor_version,
                "model_name": producer.model_name,
                "model_version": producer.model_version,
                "run_id": run_id,
                "loaded_at": now,
            }
            for d in documents
        ],
        schema=DOCUMENT_SCHEMA,
    )


EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("sentence", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("trigger", pa.string()),
        ("action", pa.string()),
        ("actor", pa.string()),
        ("actor_type", pa.string()),
        ("place", pa.string()),
        ("place_name", pa.string()),
        ("place_country_code", pa.string()),
        ("place_latitude", pa.float64()),
        ("place_longitude", pa.float64()),
        ("place_geonameid", pa.int64()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_text", pa.string()),
        ("date_granularity", pa.string()),
        ("date_source", pa.string()),
        ("event_rank", pa.int32()),
        ("modality", pa.string()),
        ("attribution", pa.string()),
        ("media_seconds", pa.float64()),
        ("event_type", pa.string()),
        ("cameo_code", pa.string()),
        ("plover_mode", pa.string()),
        ("target", pa.string()),
        ("actor_name", pa.string()),
        ("actor_country", pa.string()),
        ("actor_sector", pa.string()),
        ("target_country", pa.string()),
        ("target_sector", pa.string()),
        ("run_id", pa.string()),
    ]
)
QUANTITY_SCHEMA = pa.schema(
    [
        ("quantity_id", pa.string()),
        ("event_id", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("text", pa.string()),
        ("is_approximate", pa.bool_()),
        ("out_of", pa.float64()),
        ("is_implied", pa.bool_()),
        ("run_id", pa.string()),
    ]
)


def events_table(events: Sequence[EventRecord], *, run_id: str) -> pa.Table:
    """The ``events`` rows of a batch as an Arrow table."""
    rows = []
    for e in events:
        row = {name: getattr(e, name) for name in EVENT_SCHEMA.names if name != "run_id"}
        row["run_id"] = run_id
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def quantities_table(events: Iterable[EventRecord], *, run_id: str) -> pa.Table:
    """The ``quantities`` rows of a batch's events as an Arrow table."""
    rows = []
    for event in events:
        for index, q in enumerate(event.quantities):
            rows.append(
                {
                    "quantity_id": stable_id("qty", q.event_id, index, q.text),
                    "event_id": q.event_id,
                    "value": q.value,
                    "unit": q.unit,
                    "text": q.text,
                    "is_approximate": q.is_approximate,
                    "out_of": q.out_of,
                    "is_implied": q.is_implied,
                    "run_id": run_id,
                }
            )
    return pa.Table.from_pylist(rows, schema=QUANTITY_SCHEMA)


PLACE_MENTION_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("name", pa.string()),
        ("geonameid", pa.int64()),
        ("country_code", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("feature_class", pa.string()),
        ("feature_code", pa.string()),
        ("admin1_code", pa.string()),
        ("admin1_name", pa.string()),
        ("admin2_name", pa.string()),
        ("population", pa.int64()),
        ("resolution", pa.string()),
        ("run_id", pa.string()),
    ]
)
"""Columns of the ``place_mentions`` rows the loader writes."""


def place_mentions_table(mentions: Sequence[PlaceMentionRecord], *, run_id: str) -> pa.Table:
    """The ``place_mentions`` rows of a batch as an Arrow table."""
    names = [name for name in PLACE_MENTION_SCHEMA.names if name != "run_id"]
    return pa.Table.from_pylist(
        [{**{name: getattr(m, name) for name in names}, "run_id": run_id} for m in mentions],
        schema=PLACE_MENTION_SCHEMA,
    )


REJECTION_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("path", pa.string()),
        ("reason", pa.string()),
        ("line", pa.int32()),
        ("kind", pa.string()),
        ("rejected_at", pa.timestamp("us")),
    ]
)


def rejections_table(rejections: Sequence[RejectedInput], *, run_id: str) -> pa.Table:
    """The ``rejected_files`` rows of a run's rejected inputs as an Arrow table."""
    now = utcnow()
    return pa.Table.from_pylist(
        [
            {
                "run_id": run_id,
                "path": r.path,
                "reason": r.reason,
                "line": r.line,
                "kind": r.kind,
                "rejected_at": now,
            }
            for r in rejections
        ],
        schema=REJECTION_SCHEMA,
    )
