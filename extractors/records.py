"""Typed records passed between pipeline stages.

Each stage takes and returns these frozen dataclasses; DataFrames and Arrow
tables appear only at the DuckDB boundary (``warehouse.tables``). Field
docstrings follow the attribute they describe, so editors and ``help()`` show
them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from extractors.vocabulary import ActorType, DateSource, Modality


def stable_id(*parts: object, length: int = 20) -> str:
    """A short, deterministic hex id from ``parts`` (joined with a separator no text contains)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class TimeAnchor:
    """A position in a document's cleaned text tied to a moment of its video or audio."""

    char_offset: int
    """Offset in the cleaned text where the timed segment starts."""
    seconds: float
    """Time of that segment in the media, in seconds from its start."""


@dataclass(frozen=True, slots=True)
class RawOffset:
    """Where a segment of a document's cleaned text comes from in its raw file."""

    char_offset: int
    """Offset in the cleaned text where the segment starts."""
    raw_offset: int
    """Byte offset in the raw file (decompressed, for gzip input) where the segment's text starts."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One ingested document, cleaned, with its provenance and metadata."""

    doc_id: str
    """Stable id: same source key, record id and raw content give the same id on every run."""
    source_name: str
    """File name as found on disk (for a file holding many records, the file name)."""
    source_key: str
    """The document's source: its file's path relative to the run's source root, POSIX separators
    (``day1/report.txt``), or the absolute path of a file outside the root. With ``external_id``
    it says which stored document a new version replaces; same-named files in other folders are
    other documents."""
    source_uri: str
    """Full path (or URL) the document was read from."""
    content_sha256: str
    """SHA-256 of the raw bytes of the document (of the record's line for JSONL)."""
    byte_size: int
    """Size of the raw bytes, in bytes."""
    format: str
    """Detected format: text, transcript, html, newsplease, jsonl, markdown, srt, vtt."""
    encoding: str
    """Character encoding the raw bytes were decoded with."""
    encoding_guessed: bool
    """True when the bytes were not valid UTF-8 and the encoding was detected heuristically."""
    text: str
    """Cleaned text; events' start_char/end_char point into it."""
    title: str | None = None
    """Headline, when the source gives or shows one."""
    publisher: str | None = None
    """Publisher or channel name, when known."""
    url: str | None = None
    """Canonical URL of the original article or video, when known."""
    external_id: str | None = None
    """The record's own id in its source (JSONL ``id``, news-please ``dId``)."""
    published_date: dt.date | None = None
    """Publication date of the document itself; None when it cannot be told."""
    published_date_source: str = "unknown"
    """How published_date was found: metadata, dateline, text, caption or unknown."""
    time_anchors: tuple[TimeAnchor, ...] = ()
    """For transcripts and subtitles: cleaned-text offsets tied to media times, in order."""
    raw_offsets: tuple[RawOffset, ...] = ()
    """Start of each cleaned-text segment (headline, paragraph, transcript line, caption) in the raw file."""
    publisher_source: str = "unknown"
    """How publisher was found: metadata, channel, page, signoff or unknown."""
    compression: str | None = None
    """Compression the raw file was stored with (gzip), None when stored plain."""

    def raw_offset_at(self, char_offset: int) -> int | None:
        """Byte offset in the raw file of the cleaned-text position ``char_offset``, when it can be told.

        Exact for text copied verbatim from the raw file (plain text, transcripts,
        subtitles, Markdown paragraphs); for markup-stripped or escaped text (HTML,
        JSON) it is exact at the start of each segment and approximate inside it.
        """
        anchor = None
        for candidate in self.raw_offsets:
            if candidate.char_offset > char_offset:
                break
            anchor = candidate
        if anchor is None:
            return None
        inside = self.text[anchor.char_offset : char_offset]
        # Subtract what encoding nothing costs: codecs such as utf-8-sig and utf-16 prepend a BOM.
        encoded = len(inside.encode(self.encoding, errors="replace")) - len("".encode(self.encoding))
        return anchor.raw_offset + encoded

    @staticmethod
    def make_id(source_key: str, external_id: str | None, content_sha256: str) -> str:
        """The document id for a source key (see ``source_key``), record id and content hash."""
        return stable_id("doc", source_key, external_id, content_sha256)


@dataclass(frozen=True, slots=True)
class RejectedInput:
    """An input that could not be turned into a document, and why."""

    path: str
    """Path of the file (or folder, or link) as given or discovered."""
    reason: str
    """Human-readable reason, naming what is wrong."""
    line: int | None = None
    """1-based line number inside the file, for line-oriented formats (JSONL)."""
    kind: str = "other"
    """Category: missing, link, link_outside, not_regular, unreadable, too_large, empty, binary, encoding,
    invalid, truncated, no_text, duplicate (a JSONL line repeating an earlier one), reader_error (an
    unforeseen error reading the file), extraction_failed (the document's extraction raised), other."""


@dataclass(frozen=True, slots=True)
class IgnoredInput:
    """An input left out on purpose, by policy (a hidden file), and counted in the run summary."""

    path: str
    """Path of the file or folder as discovered."""
    reason: str
    """Which policy left it out (e.g. ``hidden file``)."""


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What reading one file produced: documents, rejections, or both (JSONL)."""

    documents: tuple[DocumentRecord, ...] = ()
    """Documents read from the file."""
    rejections: tuple[RejectedInput, ...] = ()
    """Parts of the file (or the whole file) that could not be read."""
    clean_seconds: float = 0.0
    """Seconds spent decoding, parsing and cleaning the file's bytes (the rest of reading is file I/O)."""


@dataclass(frozen=True, slots=True)
class QuantityRecord:
    """A number attached to an event."""

    event_id: str
    """The event the number belongs to."""
    value: float
    """The number itself (``tens of thousands`` -> 10000, ``98 percent`` -> 98)."""
    unit: str
    """Unit from the closed vocabulary in ``extractors.nlp.quantities.UNITS``."""
    text: str
    """The words it was read from, as written."""
    is_approximate: bool
    """True for hedged numbers: some, about, more than, tens of, hundreds of."""
    out_of: float | None = None
    """The whole the value is a part of (``47 of its 57 staff`` -> 57), when stated."""
    is_implied: bool = False
    """True for a count the text implies by naming one person ("killed the deputy chief": 1)."""


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event: who did what, where, when, and how many, traced to its sentence."""

    event_id: str
    """Stable across re-runs of the same extractor version."""
    doc_id: str
    """The document the event was read from."""
    sentence: str
    """The sentence, exactly as it stands in the cleaned text."""
    start_char: int
    """Start of the sentence in the document's cleaned text (0-based, inclusive)."""
    end_char: int
    """End of the sentence in the document's cleaned text (exclusive)."""
    trigger: str
    """The word expressing the event, as written (``regained``)."""
    action: str
    """Normalised action, lemma first (``regain control``)."""
    event_rank: int
    """1 = the document's main event, then 2, 3, ..."""
    actor: str | None = None
    """Who did it, as a noun phrase; None when the text does not say."""
    actor_type: ActorType | None = None
    """Coarse actor type: person, organisation, state, armed_group, civilians, group, other."""
    place: str | None = None
    """Where it happened, as written (``eastern Aleppo``)."""
    place_name: str | None = None
    """Canonical gazetteer name of the place (``Aleppo``)."""
    place_country_code: str | None = None
    """ISO 3166-1 alpha-2 code of the place's country, when known."""
    place_latitude: float | None = None
    """Latitude of the place in decimal degrees (WGS84), when the gazetteer has it."""
    place_longitude: float | None = None
    """Longitude of the place in decimal degrees (WGS84), when the gazetteer has it."""
    place_geonameid: int | None = None
    """GeoNames id of the resolved place mention ``place`` came from (-> place_mentions.geonameid)."""
    date_start: dt.date | None = None
    """First day of the event's date range (inclusive)."""
    date_end: dt.date | None = None
    """Last day of the event's date range (inclusive)."""
    date_text: str | None = None
    """The words the date was read from."""
    date_granularity: str | None = None
    """day, weekend, week, month, year or range."""
    date_source: DateSource | None = None
    """text (a time expression in the sentence), lead (the main event took the lead's date) or
    publication (fallback to the document date)."""
    modality: Modality = "asserted"
    """asserted, negated, future, hypothetical, attempted or refused."""
    attribution: str | None = None
    """Who the event is reported by (the speaker of ``said``), when reported."""
    media_seconds: float | None = None
    """For transcripts: time in the video where the sentence starts, in seconds."""
    event_type: str | None = None
    """PLOVER 2021 category (``extractors.vocabulary.PLOVER_CATEGORIES``); None when none applies."""
    cameo_code: str | None = None
    """CAMEO event code the category was read from, when known."""
    plover_mode: str | None = None
    """PLOVER mode of the category, where the CAMEO -> PLOVER table gives one."""
    target: str | None = None
    """Whom or what the action is directed at, as a noun phrase; None when it has none."""
    actor_name: str | None = None
    """Normalised actor name for grouping (``Syrian armed forces``); None when uncoded."""
    actor_country: str | None = None
    """ISO 3166-1 alpha-3 code of the actor's country; None when unknown or an IGO/NGO."""
    actor_sector: str | None = None
    """Actor sector from ``extractors.vocabulary.SECTORS``; None when unknown."""
    target_country: str | None = None
    """ISO 3166-1 alpha-3 code of the target's country; None when unknown or no target."""
    target_sector: str | None = None
    """Target sector from ``extractors.vocabulary.SECTORS``; None when unknown or no target."""
    quantities: tuple[QuantityRecord, ...] = field(default=())
    """Numbers attached to the event."""


@dataclass(frozen=True, slots=True)
class PlaceMentionRecord:
    """One place name in a document, resolved to a GeoNames entry (``extractors.nlp.place_mentions``)."""

    doc_id: str
    """The document the name is in."""
    start_char: int
    """Start of the name in the document's cleaned text (0-based, inclusive)."""
    end_char: int
    """End of the name (exclusive)."""
    text: str
    """The name as written (``Aleppo`` in ``eastern Aleppo``)."""
    name: str | None = None
    """Canonical GeoNames name; None when the name could not be resolved."""
    geonameid: int | None = None
    """GeoNames id of the resolved place; None when unresolved or unknown (US counties)."""
    country_code: str | None = None
    """ISO 3166-1 alpha-2 code of the resolved place's country."""
    latitude: float | None = None
    """Latitude in decimal degrees (WGS84)."""
    longitude: float | None = None
    """Longitude in decimal degrees (WGS84)."""
    feature_class: str | None = None
    """GeoNames feature class: P populated place, A administrative area, L continent."""
    feature_code: str | None = None
    """GeoNames feature code where known (PCLI, ADM1, ADM2, CONT)."""
    admin1_code: str | None = None
    """GeoNames first-level administrative code of the place within its country."""
    admin1_name: str | None = None
    """Name of that first-level area, where known."""
    admin2_name: str | None = None
    """Name of the second-level area (county), where known."""
    population: int | None = None
    """Inhabitants per GeoNames; None when unresolved."""
    resolution: str | None = None
    """How the entry was chosen: only candidate, containment, feature type, co-mention, focal region,
    focal country, population (see ``extractors.nlp.place_mentions``); None when unresolved."""


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """The events of a batch of documents and where the extraction time went."""

    events: tuple[EventRecord, ...]
    """Every event of the batch, in document order."""
    nlp_seconds: float
    """Seconds in the model's own components (tokenizer, tagger, parser, NER)."""
    extraction_seconds: float
    """Seconds in our components and in turning frames into records."""
    rejections: tuple[RejectedInput, ...] = ()
    """Documents of the batch whose extraction failed, each with its reason (the rest of the batch still loads)."""
    failed_doc_ids: tuple[str, ...] = ()
    """Ids of the documents of ``rejections``: they must not be loaded (a path alone is ambiguous for JSONL)."""
    place_mentions: tuple[PlaceMentionRecord, ...] = ()
    """Every place name of the batch's extracted documents, resolved (see ``PlaceMentionRecord``)."""
