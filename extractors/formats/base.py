"""What every reader shares: decoded input, rejections, and assembling cleaned text with provenance."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from extractors.cleaning import control_free_pieces, without_controls
from extractors.paths import path_text
from extractors.records import DocumentRecord, RawOffset, TimeAnchor


class InputRejected(Exception):
    """Raised inside readers for input that cannot become a document."""

    def __init__(self, reason: str, *, kind: str = "other") -> None:
        super().__init__(reason)
        self.kind = kind
        """Category recorded in ``rejected_files.kind``."""


@dataclass(frozen=True, slots=True)
class RawInput:
    """One file's bytes, decoded, with what is known about how they were stored."""

    path: Path
    """Path the file was read from."""
    data: bytes
    """Raw bytes as stored on disk (compressed, for gzip files)."""
    text: str
    """Decoded text."""
    encoding: str
    """Codec the text was decoded with."""
    encoding_guessed: bool
    """True when the bytes were not UTF-8 and the codec was detected."""
    compression: str | None = None
    """gzip, or None for a plain file."""
    bom_bytes: int = 0
    """Length of a byte-order mark before the text (raw offsets count it)."""
    source_root: str | Path | None = None
    """Folder the documents' ``source_key`` is relative to; None: the working folder."""

    @property
    def suffix(self) -> str:
        """The file extension that describes the content (``.html`` for ``page.html.gz``)."""
        suffixes = [s.lower() for s in self.path.suffixes]
        if self.compression and suffixes and suffixes[-1] in (".gz", ".gzip"):
            suffixes = suffixes[:-1]
        return suffixes[-1] if suffixes else ""

    def byte_offsets(self, char_offsets: list[int]) -> list[int]:
        """Byte offsets in the decoded bytes (decompressed, for gzip) of ascending character offsets in ``text``."""
        result = []
        position = 0
        total = self.bom_bytes
        empty_cost = len("".encode(self.encoding))
        for offset in char_offsets:
            total += len(self.text[position:offset].encode(self.encoding, errors="replace")) - empty_cost
            position = offset
            result.append(total)
        return result


@dataclass
class TextAssembler:
    """Builds a document's cleaned text segment by segment, keeping each segment's raw offset and time."""

    raw: RawInput
    """The input the segments come from."""
    parts: list[str] = field(default_factory=list)
    """Segments and separators, in order."""
    length: int = 0
    """Length of the text assembled so far, in characters."""
    raw_anchors: list[tuple[int, int]] = field(default_factory=list)
    """(cleaned offset, raw character offset) pairs."""
    time_anchors: list[TimeAnchor] = field(default_factory=list)
    """Media times of the segments that have one."""

    def add(
        self,
        segment: str,
        *,
        raw_char_offset: int | None,
        separator: str = "\n\n",
        seconds: float | None = None,
    ) -> None:
        """Append ``segment`` after ``separator``; ``raw_char_offset`` is where it starts in the decoded input.

        Control characters are left out (``extractors.cleaning.control_free_pieces``); a segment of
        nothing else is not added. When the segment is the raw text verbatim, each piece between
        removed characters gets its own raw offset, so ``DocumentRecord.raw_offset_at`` stays exact.
        """
        pieces = control_free_pieces(segment) if segment else [(segment, 0)]
        base = raw_char_offset if raw_char_offset is not None and raw_char_offset >= 0 else None
        # A piece's own raw offset is exact only where the segment is the raw text as written
        # (not for text unescaped from JSON or HTML); otherwise only the first piece is located.
        exact = base is not None and (pieces == [(segment, 0)] or self.raw.text.startswith(segment, base))
        for index, (piece, start) in enumerate(pieces):
            anchor = base + start if exact and base is not None else (base if index == 0 else None)
            self._append(piece, anchor, separator if index == 0 else "", seconds if index == 0 else None)

    def _append(
        self, segment: str, raw_char_offset: int | None, separator: str, seconds: float | None
    ) -> None:
        """Append one control-free ``segment`` (see ``add``)."""
        if self.parts:
            self.parts.append(separator)
            self.length += len(separator)
        if raw_char_offset is not None and raw_char_offset >= 0:
            self.raw_anchors.append((self.length, raw_char_offset))
        if seconds is not None:
            self.time_anchors.append(TimeAnchor(char_offset=self.length, seconds=round(seconds, 3)))
        self.parts.append(segment)
        self.length += len(segment)

    @property
    def text(self) -> str:
        """The cleaned text assembled so far."""
        return "".join(self.parts)

    def raw_offsets(self) -> tuple[RawOffset, ...]:
        """The segments' starts as byte offsets in the raw (decompressed) file."""
        # Segments are appended in reading order, but a located segment may point backwards
        # (a caption repeated earlier), so convert in raw order and restore the cleaned order.
        order = sorted(range(len(self.raw_anchors)), key=lambda i: self.raw_anchors[i][1])
        converted = self.raw.byte_offsets([self.raw_anchors[i][1] for i in order])
        by_index = dict(zip(order, converted, strict=True))
        return tuple(RawOffset(self.raw_anchors[i][0], by_index[i]) for i in range(len(self.raw_anchors)))


@dataclass(frozen=True, slots=True)
class DocumentFields:
    """Metadata a reader found for a document, besides its text."""

    title: str | None = None
    """Headline."""
    publisher: str | None = None
    """Publisher or channel."""
    publisher_source: str = "unknown"
    """How the publisher was found: metadata, channel, page, signoff."""
    url: str | None = None
    """URL of the original."""
    external_id: str | None = None
    """The record's own id in its source."""
    published_date: dt.date | None = None
    """Publication date."""
    published_date_source: str = "unknown"
    """How the publication date was found: metadata, url, dateline, text, caption."""


def source_key(path: Path, root: str | Path | None = None) -> str:
    """A file's identity: its path relative to ``root`` (POSIX separators), else its absolute path.

    ``root`` defaults to the working folder. Folders are resolved (symbolic
    links, ``..``) on both sides so a root reached through a link still holds
    its files; the file's own name is not, so two links to one file stay two
    documents (resolving them would give both the same id in the same run).
    """
    located = path.absolute().parent.resolve() / path.name
    base = Path(root if root is not None else ".").resolve()
    if located != base and located.is_relative_to(base):
        return path_text(located.relative_to(base).as_posix())
    return path_text(located.as_posix())


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def build_document(
    raw: RawInput,
    fmt: str,
    assembled: TextAssembler,
    fields: DocumentFields,
    *,
    record_bytes: bytes | None = None,
) -> DocumentRecord:
    """The :class:`DocumentRecord` of an assembled text; ``record_bytes``: one record's bytes (JSONL)."""
    text = assembled.text
    if not text.strip():
        raise InputRejected("no text left after cleaning", kind="no_text")
    own_bytes = raw.data if record_bytes is None else record_bytes
    sha = sha256_hex(own_bytes)
    key = source_key(raw.path, raw.source_root)
    return DocumentRecord(
        doc_id=DocumentRecord.make_id(key, fields.external_id, sha),
        source_name=path_text(raw.path.name),
        source_key=key,
        source_uri=path_text(raw.path.resolve()),
        content_sha256=sha,
        byte_size=len(own_bytes),
        format=fmt,
        encoding=raw.encoding,
        encoding_guessed=raw.encoding_guessed,
        text=text,
        title=without_controls(fields.title) if fields.title else fields.title,
        publisher=without_controls(fields.publisher) if fields.publisher else fields.publisher,
        url=fields.url,
        external_id=fields.external_id,
        published_date=fields.published_date,
        published_date_source=fields.published_date_source if fields.published_date else "unknown",
        time_anchors=tuple(assembled.time_anchors),
        raw_offsets=assembled.raw_offsets(),
        publisher_source=fields.publisher_source if fields.publisher else "unknown",
        compression=raw.compression,
    )
