"""From cleaned documents to event records: run the spaCy pipeline, read its frames, rank them.

``extract_events`` is the stage the flow calls on a batch of documents. It
streams the batch through ``nlp.pipe`` and converts each Doc's frames
(``doc._.events``) into :class:`EventRecord` objects; nothing here is
Prefect-specific.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from extractors import EXTRACTOR_VERSION
from extractors.nlp.events import frames_in, parse_date_range
from extractors.nlp.pipeline import AFTER_MODEL_COMPONENTS
from extractors.records import DocumentRecord, EventRecord, ExtractionResult, QuantityRecord, stable_id


def _media_seconds(document: DocumentRecord, char_offset: int) -> float | None:
    if not document.time_anchors:
        return None
    offsets = [a.char_offset for a in document.time_anchors]
    position = bisect.bisect_right(offsets, char_offset) - 1
    return document.time_anchors[max(position, 0)].seconds


def frames_to_events(doc: Doc, document: DocumentRecord) -> list[EventRecord]:
    """The EventRecords of one processed document, in rank order (1 = main event)."""
    frames = sorted(frames_in(doc), key=lambda f: int(f["rank"]))
    published = document.published_date
    events: list[EventRecord] = []
    for frame in frames:
        rank = int(frame["rank"])
        event_id = stable_id(
            "event", document.doc_id, frame["trigger_char"], frame["trigger"], EXTRACTOR_VERSION
        )
        date_start: dt.date | None
        date_end: dt.date | None
        granularity: str | None
        date_text: str | None
        date_source: str | None
        resolved = parse_date_range(frame["date_range"])
        if resolved is not None:
            date_start, date_end, granularity = resolved
            date_text, date_source = frame["date_text"], str(frame["date_source"])
        elif published is not None:
            date_start = date_end = published
            granularity, date_text, date_source = "day", None, "publication"
        else:
            date_start = date_end = None
            granularity = date_text = date_source = None
        geo = frame.get("geo") or {}
        quantities = tuple(
            QuantityRecord(
                event_id=event_id,
                value=float(q["value"]),
                unit=str(q["unit"]),
                text=str(q["text"]),
                is_approximate=bool(q["approx"]),
                out_of=float(q["out_of"]) if q.get("out_of") is not None else None,
            )
            for q in frame["quantities"]
        )
        sentence_start, sentence_end = int(frame["sentence_start"]), int(frame["sentence_end"])
        events.append(
            EventRecord(
                event_id=event_id,
                doc_id=document.doc_id,
                sentence=document.text[sentence_start:sentence_end],
                start_char=sentence_start,
                end_char=sentence_end,
                trigger=str(frame["trigger"]),
                action=str(frame["action"]),
                event_rank=rank,
                actor=frame["actor"],
                actor_type=frame["actor_type"],
                place=frame["place"],
                place_name=geo.get("name"),
                place_country_code=geo.get("country_code"),
                place_latitude=geo.get("latitude"),
                place_longitude=geo.get("longitude"),
                date_start=date_start,
                date_end=date_end,
                date_text=date_text,
                date_granularity=granularity,
                date_source=date_source,
                modality=str(frame["modality"]),
                attribution=frame["attribution"],
                media_seconds=_media_seconds(document, sentence_start),
                quantities=quantities,
            )
        )
    return events


def headline_end(document: DocumentRecord) -> int:
    """Character offset where the document's headline ends in its text (0 when the text does not open with it)."""
    title = (document.title or "").strip()
    return len(title) if title and document.text.startswith(title) else 0


def make_docs(nlp: Language, documents: Sequence[DocumentRecord]) -> Iterator[Doc]:
    """Tokenised Docs carrying their publication date, ready for the rest of the pipeline."""
    for document in documents:
        doc = nlp.make_doc(document.text)
        doc._.published_date = document.published_date.isoformat() if document.published_date else None
        doc._.headline_end = headline_end(document)
        doc._.source_text = document.text
        yield doc


def extract_batch(
    nlp: Language, documents: Sequence[DocumentRecord], *, batch_size: int = 16
) -> ExtractionResult:
    """Run a batch through the model, then through our components, timing each part."""
    ours = [(name, component) for name, component in nlp.pipeline if name in AFTER_MODEL_COMPONENTS]
    started = time.perf_counter()
    # The model's components stream through nlp.pipe; ours run after, per Doc, so the two costs are separable.
    parsed = list(nlp.pipe(make_docs(nlp, documents), batch_size=batch_size, disable=[n for n, _ in ours]))
    parsed_at = time.perf_counter()
    events: list[EventRecord] = []
    for document, doc in zip(documents, parsed, strict=True):
        for _, component in ours:
            doc = component(doc)
        events.extend(frames_to_events(doc, document))
    return ExtractionResult(tuple(events), parsed_at - started, time.perf_counter() - parsed_at)


def extract_events(
    nlp: Language, documents: Sequence[DocumentRecord], *, batch_size: int = 16
) -> list[EventRecord]:
    """Every event of ``documents``, in document order."""
    return list(extract_batch(nlp, documents, batch_size=batch_size).events)
