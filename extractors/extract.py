"""From cleaned documents to event records: run the spaCy pipeline, read its frames, rank them.

``extract_batch`` is the stage the flow calls on a batch of documents. It
streams the batch through ``nlp.pipe`` and converts each Doc's frames
(``doc._.events``) into :class:`EventRecord` objects; nothing here is
Prefect-specific.

**Long documents** are split into parts of at most :data:`PART_CHARS`
characters (and never more than ``nlp.max_length``), at a paragraph break
when there is one in the second half of the part, else at a line break, a
sentence end (". "), a space, or, failing all, a hard cut (:func:`split_text`).
Each part is its own Doc; offsets are shifted back, so ``start_char``/``end_char``
and event ids are those of the whole document. Ranking picks the main event in
the first part (which holds the headline and the lead); the events of later
parts follow in document order, which is what ranking does for every event but
the main one. What does not cross a part boundary: pronoun resolution (it is
within a paragraph anyway), "the city" and the story's focal place, the
repeated-sentence filter, and the main event's fallback to an actor-bearing
event outside the lead.

**Memory.** The model's temporary memory grows with the characters of a batch,
about 3 MB per 1,000 characters here (a 300,000-character Doc peaked at 1 GB
with ``en_core_web_sm``), so a batch goes to the model in groups of at most
:data:`BATCH_CHARS` characters as well as ``batch_size`` documents.

**Failures.** An exception while extracting one document (the model or our
components) becomes that document's rejection (kind ``extraction_failed``,
listed in ``ExtractionResult.failed_doc_ids``, not loaded); the rest of the
batch is extracted and loads.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractors.nlp.events import EventFrame, frames_in
from extractors.nlp.pipeline import AFTER_MODEL_COMPONENTS
from extractors.nlp.place_component import shifted, with_mention_place
from extractors.nlp.place_mentions import (
    PlaceMention,
    mention_records,
)
from extractors.records import (
    DocumentRecord,
    EventRecord,
    ExtractionResult,
    PlaceMentionRecord,
    QuantityRecord,
    RejectedInput,
    stable_id,
)
from extractors.version import EVENT_ID_VERSION
from extractors.vocabulary import DateSource

PART_CHARS = 50_000
"""Longest text one Doc is made of; longer documents are split (see the module docstring)."""
BATCH_CHARS = 50_000
"""Most characters handed to the model in one ``nlp.pipe`` batch (a part always fits on its own).

At 100,000 the hostile-input bench peaked at 1,007 MB in the run process; at 50,000 the model's
CPU time on 94 news articles was the same (11.4 s against 11.5 s, two alternating repeats)."""
PART_BREAKS = ("\n\n", "\n", ". ", " ")
"""Where a long text is split, best first: paragraph break, line break, sentence end, space."""
LONGEST_WORD = 500
"""Longest whitespace-free run the model tokenises; longer runs are blanked in the text it reads.

spaCy's tokenizer strips a word's prefixes and suffixes one at a time, copying what is left each
time, so a run of punctuation costs the square of its length ("[" * 8,000 takes 5 s; a 1 MB run,
hours). No word, and no URL worth reading, is this long: such runs are data (base64, minified
code, markup debris). Blanking keeps every offset, so events still point into the document's text."""
OVERLONG_WORD = re.compile(rf"(?<!\S)\S{{{LONGEST_WORD + 1},}}")
"""A whitespace-free run over :data:`LONGEST_WORD` characters; the lookbehind makes each run start
the match once, so finding them is linear."""
RANKING_COMPONENT = "eventetl_ranking"
"""Runs on a document's first part only: later parts' events follow in document order."""


@dataclass(frozen=True, slots=True)
class DocumentPart:
    """A stretch of one document's text that goes through the pipeline as one Doc."""

    index: int
    """Position of the document in the batch."""
    number: int
    """0 for the document's first part, then 1, 2, ..."""
    start: int
    """Offset of the part in the document's text."""
    text: str
    """The part's text: ``document.text[start : start + len(text)]``."""


def split_text(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts covering ``text`` exactly, each at most ``limit`` characters.

    A part ends after the last break of :data:`PART_BREAKS` (best first) found in the second
    half of its window, so parts are never shorter than half the limit, except the last one.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window_end, floor = start + limit, start + limit // 2
        cut = window_end
        for separator in PART_BREAKS:
            found = text.rfind(separator, floor, window_end)
            if found != -1:
                cut = found + len(separator)
                break
        parts.append((start, cut))
        start = cut
    parts.append((start, len(text)))
    return parts


def _media_seconds(document: DocumentRecord, char_offset: int) -> float | None:
    if not document.time_anchors:
        return None
    offsets = [a.char_offset for a in document.time_anchors]
    position = bisect.bisect_right(offsets, char_offset) - 1
    return document.time_anchors[max(position, 0)].seconds


def frames_to_events(doc: Doc, document: DocumentRecord) -> list[EventRecord]:
    """The EventRecords of one processed document, in rank order (1 = main event)."""
    return document_events(document, [(0, frames_in(doc))])


def document_events(
    document: DocumentRecord, parts: Sequence[tuple[int, Sequence[EventFrame]]]
) -> list[EventRecord]:
    """The EventRecords of a document from the frames of its parts, in rank order (1 = main event).

    ``parts``: (offset of the part in the document's text, its frames), first part first. The
    first part's frames carry ranks (``eventetl_ranking``) and come first in that order; the
    frames of later parts follow in document order. Offsets become the document's.
    """
    ordered: list[tuple[int, EventFrame]] = []
    for number, (offset, frames) in enumerate(parts):
        if number == 0:
            frames = sorted(frames, key=_rank)
        ordered.extend((offset, frame) for frame in frames)
    return [
        _event(document, frame, rank=rank, offset=offset)
        for rank, (offset, frame) in enumerate(ordered, start=1)
    ]


def _rank(frame: EventFrame) -> int:
    """A ranked frame's rank (every frame of a document's first part went through ranking)."""
    if frame.rank is None:
        raise ValueError(f"frame of {frame.trigger!r} at {frame.trigger_char} was not ranked")
    return frame.rank


def _event(document: DocumentRecord, frame: EventFrame, *, rank: int, offset: int) -> EventRecord:
    """The EventRecord of one frame of a part starting at ``offset`` in the document's text.

    Long on purpose: one line per EventRecord field, mapped from the frame.
    """
    published = document.published_date
    event_id = stable_id(
        "event", document.doc_id, offset + frame.trigger_char, frame.trigger, EVENT_ID_VERSION
    )
    date_start: dt.date | None
    date_end: dt.date | None
    granularity: str | None
    date_text: str | None
    date_source: DateSource | None
    if frame.date_range is not None:
        date_start, date_end = frame.date_range.start, frame.date_range.end
        granularity, date_text, date_source = frame.date_range.granularity, frame.date_text, frame.date_source
    elif published is not None:
        date_start = date_end = published
        granularity, date_text, date_source = "day", None, "publication"
    else:
        date_start = date_end = None
        granularity = date_text = date_source = None
    geo = frame.geo
    quantities = tuple(
        QuantityRecord(
            event_id=event_id,
            value=q.value,
            unit=q.unit,
            text=q.text,
            is_approximate=q.approximate,
            out_of=q.out_of,
            is_implied=q.implied,
        )
        for q in frame.quantities
    )
    sentence_start = offset + frame.sentence_start
    sentence_end = offset + frame.sentence_end
    return EventRecord(
        event_id=event_id,
        doc_id=document.doc_id,
        sentence=document.text[sentence_start:sentence_end],
        start_char=sentence_start,
        end_char=sentence_end,
        trigger=frame.trigger,
        action=frame.action,
        event_rank=rank,
        actor=frame.actor,
        actor_type=frame.actor_type,
        place=frame.place,
        place_name=geo.name if geo is not None else None,
        place_country_code=geo.country_code if geo is not None else None,
        place_latitude=geo.latitude if geo is not None else None,
        place_longitude=geo.longitude if geo is not None else None,
        date_start=date_start,
        date_end=date_end,
        date_text=date_text,
        date_granularity=granularity,
        date_source=date_source,
        modality=frame.modality,
        attribution=frame.attribution,
        media_seconds=_media_seconds(document, sentence_start),
        event_type=frame.event_type,
        cameo_code=frame.cameo_code,
        plover_mode=frame.plover_mode,
        target=frame.target,
        actor_name=frame.actor_name,
        actor_country=frame.actor_country,
        actor_sector=frame.actor_sector,
        target_country=frame.target_country,
        target_sector=frame.target_sector,
        quantities=quantities,
    )


def headline_end(document: DocumentRecord) -> int:
    """Character offset where the document's headline ends in its text (0 when the text does not open with it)."""
    title = (document.title or "").strip()
    return len(title) if title and document.text.startswith(title) else 0


def make_docs(nlp: Language, documents: Sequence[DocumentRecord]) -> Iterator[Doc]:
    """Tokenised Docs carrying their publication date, ready for the rest of the pipeline."""
    for document in documents:
        yield part_doc(nlp, document, DocumentPart(0, 0, 0, document.text))


def model_text(text: str) -> str:
    """``text`` as the model reads it: runs longer than :data:`LONGEST_WORD` blanked, same length."""
    return OVERLONG_WORD.sub(lambda run: " " * len(run.group()), text)


def part_doc(nlp: Language, document: DocumentRecord, part: DocumentPart) -> Doc:
    """The tokenised Doc of one part of ``document``: the headline belongs to the first part only."""
    doc = nlp.make_doc(model_text(part.text))
    doc._.published_date = document.published_date.isoformat() if document.published_date else None
    doc._.headline_end = min(headline_end(document), len(part.text)) if part.number == 0 else 0
    doc._.part_number = part.number
    doc._.document_format = document.format
    doc._.source_text = part.text
    return doc


def document_parts(nlp: Language, documents: Sequence[DocumentRecord]) -> list[DocumentPart]:
    """Every document of the batch as one or more parts, in order (see :func:`split_text`)."""
    limit = min(PART_CHARS, nlp.max_length)
    return [
        DocumentPart(index, number, start, document.text[start:end])
        for index, document in enumerate(documents)
        for number, (start, end) in enumerate(split_text(document.text, limit))
    ]


def model_batches(parts: Sequence[DocumentPart], batch_size: int) -> Iterator[list[DocumentPart]]:
    """Consecutive groups of at most ``batch_size`` parts and (unless one part alone) :data:`BATCH_CHARS` characters."""
    group: list[DocumentPart] = []
    chars = 0
    for part in parts:
        if group and (len(group) >= batch_size or chars + len(part.text) > BATCH_CHARS):
            yield group
            group, chars = [], 0
        group.append(part)
        chars += len(part.text)
    if group:
        yield group


def _parse(
    nlp: Language,
    documents: Sequence[DocumentRecord],
    group: Sequence[DocumentPart],
    *,
    disable: list[str],
    failed: Callable[[DocumentPart, Exception], None],
) -> list[Doc | None]:
    """The model's Docs of ``group`` (None for a part it failed on, reported to ``failed``)."""
    try:
        docs = (part_doc(nlp, documents[part.index], part) for part in group)
        return list(nlp.pipe(docs, batch_size=len(group), disable=disable))
    except Exception as exc:  # a failed batch is parsed again part by part, below
        if len(group) == 1:
            failed(group[0], exc)
            return [None]
    # One part made the batch fail: parse each alone, so only that part's document is lost.
    return [doc for part in group for doc in _parse(nlp, documents, [part], disable=disable, failed=failed)]


def extract_batch(
    nlp: Language, documents: Sequence[DocumentRecord], *, batch_size: int = 16
) -> ExtractionResult:
    """Run a batch through the model, then through our components, timing each part.

    A document whose extraction raises is left out of the events and reported in
    ``rejections`` and ``failed_doc_ids``; the other documents are extracted all the same.

    Long on purpose: the model pass and each component pass are timed inline, in order.
    """
    ours = [(name, component) for name, component in nlp.pipeline if name in AFTER_MODEL_COMPONENTS]
    disable = [name for name, _ in ours]
    errors: dict[int, Exception] = {}

    def failed(part: DocumentPart, exc: Exception) -> None:
        errors.setdefault(part.index, exc)

    frames: defaultdict[int, list[tuple[int, tuple[EventFrame, ...]]]] = defaultdict(list)
    # Each part's place mentions are resolved with that part's evidence (a long document's later parts
    # do not see the first part's names).
    mentions: defaultdict[int, list[PlaceMention]] = defaultdict(list)
    nlp_seconds = extraction_seconds = 0.0
    for group in model_batches(document_parts(nlp, documents), batch_size):
        group = [part for part in group if part.index not in errors]
        # The model's components stream through nlp.pipe; ours run after, per Doc, so the two costs are
        # separable. A group at a time: the Docs of a long document's parts are never all held at once.
        started = time.perf_counter()
        parsed = _parse(nlp, documents, group, disable=disable, failed=failed) if group else []
        parsed_at = time.perf_counter()
        for part, doc in zip(group, parsed, strict=True):
            if doc is None or part.index in errors:
                continue
            try:
                for name, component in ours:
                    if name != RANKING_COMPONENT or part.number == 0:
                        doc = component(doc)
                frames[part.index].append((part.start, frames_in(doc)))
                mentions[part.index].extend(shifted(doc._.place_mentions or (), part.start))
            except Exception as exc:  # one document's failure is its rejection, not the batch's
                failed(part, exc)
        nlp_seconds += parsed_at - started
        extraction_seconds += time.perf_counter() - parsed_at
    started = time.perf_counter()
    events: list[EventRecord] = []
    place_mentions: list[PlaceMentionRecord] = []
    for index, document in enumerate(documents):
        if index not in errors:
            try:
                records = mention_records(document.doc_id, mentions[index])
                events.extend(
                    with_mention_place(event, records) for event in document_events(document, frames[index])
                )
                place_mentions.extend(records)
            except Exception as exc:  # e.g. a frame no record can be made of
                errors[index] = exc
    extraction_seconds += time.perf_counter() - started
    failures = sorted(errors.items())
    return ExtractionResult(
        tuple(events),
        nlp_seconds,
        extraction_seconds,
        rejections=tuple(extraction_rejection(documents[index], exc) for index, exc in failures),
        failed_doc_ids=tuple(documents[index].doc_id for index, _ in failures),
        place_mentions=tuple(place_mentions),
    )


def extraction_rejection(document: DocumentRecord, exc: Exception) -> RejectedInput:
    """The rejection of a document whose extraction raised ``exc``."""
    record = f" of record {document.external_id}" if document.external_id else ""
    reason = f"extraction{record} failed: {type(exc).__name__}: {exc}"
    return RejectedInput(path=document.source_uri, reason=reason[:500], kind="extraction_failed")


def extract_events(
    nlp: Language, documents: Sequence[DocumentRecord], *, batch_size: int = 16
) -> list[EventRecord]:
    """Every event of ``documents``, in document order."""
    return list(extract_batch(nlp, documents, batch_size=batch_size).events)
