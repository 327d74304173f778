"""Read raw files into cleaned :class:`DocumentRecord` objects.

``read_source`` is the single entry point: it reads the bytes, decides what the
file is from its content (not only its extension), decodes it, hands it to the
reader for its format and returns documents and/or rejections. It never
raises for bad input: every problem becomes a :class:`RejectedInput` naming
the file and the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.cleaning import clean_article_text
from extractors.pubdate import infer_published_date, parse_metadata_date
from extractors.records import DocumentRecord, ReadResult, RejectedInput, TimeAnchor


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Raw bytes decoded to text, with how that was done."""

    text: str
    """The decoded text."""
    encoding: str
    """Codec used."""
    guessed: bool
    """True when the bytes were not UTF-8 and the codec was detected."""


class InputRejected(Exception):
    """Raised inside readers for input that cannot become a document."""


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding: NULs or many control bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; only call it binary when there is no BOM.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 20)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode as UTF-8 (with or without BOM); otherwise detect the encoding with charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedText(data[3:].decode("utf-8", errors="replace"), "utf-8-sig", False)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported lazily: only non-UTF-8 input needs it

    best = from_bytes(data).best()
    if best is None:
        raise InputRejected("not valid UTF-8 and no text encoding could be detected")
    return DecodedText(str(best), best.encoding, True)


TRANSCRIPT_LINE = re.compile(
    r"^\*\s+(?P<text>.*?)\s*\[\[(?P<stamp>\d{1,2}:\d{2}:\d{2})\]\((?P<url>[^)]*?)\)\]\s*$"
)
CHANNEL_LINE = re.compile(r"^\*\*(?P<channel>[^*]+?):\*\*\s*\[(?P<date>[^\]]+)\]\((?P<url>[^)]+)\)")
SECONDS_IN_URL = re.compile(r"[?&]t=(?P<s>[\d.]+)s?")


def detect_format(text: str, suffix: str) -> str:
    """The format of decoded ``text``: content first, the file suffix only as a tie-breaker."""
    head = text.lstrip()[:2000]
    if head.startswith("{"):
        lines = [line for line in text.splitlines() if line.strip()]
        if suffix in (".jsonl", ".ndjson") or (
            len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines[:5]) and _is_json(lines[0])
        ):
            return "jsonl"
        return "newsplease"
    if any(TRANSCRIPT_LINE.match(line) for line in text.splitlines()[:200]):
        return "transcript"
    return "text"


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def read_source(path: Path, *, max_bytes: int = 50_000_000) -> ReadResult:
    """Read one file into documents; every failure becomes a rejection naming the file."""
    source_uri = str(path.resolve())
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _reject(path, f"file is {size} bytes, over the {max_bytes}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        return _reject(path, f"cannot read file: {exc.strerror or exc}")
    if not data.strip():
        return _reject(path, "file is empty")
    if looks_binary(data):
        return _reject(path, "file is binary, not text")
    try:
        decoded = decode_bytes(data)
        fmt = detect_format(decoded.text, path.suffix.lower())
        if fmt == "jsonl":
            return read_jsonl(path, source_uri, data, decoded)
        if fmt == "newsplease":
            doc = read_newsplease(path, source_uri, data, decoded)
        elif fmt == "transcript":
            doc = read_transcript(path, source_uri, data, decoded)
        else:
            doc = read_plain_text(path, source_uri, data, decoded)
    except InputRejected as exc:
        return _reject(path, str(exc))
    return ReadResult(documents=(doc,))


def _reject(path: Path, reason: str, line: int | None = None) -> ReadResult:
    return ReadResult(rejections=(RejectedInput(path=str(path), reason=reason, line=line),))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_plain_text(path: Path, source_uri: str, data: bytes, decoded: DecodedText) -> DocumentRecord:
    """A web page captured as plain text: headline first, page furniture removed."""
    cleaned = clean_article_text(decoded.text)
    if not cleaned.text.strip():
        raise InputRejected("no text left after removing page furniture")
    published, source = infer_published_date(cleaned.text, title=cleaned.title)
    sha = _sha256(data)
    return DocumentRecord(
        doc_id=DocumentRecord.make_id(path.name, None, sha),
        source_name=path.name,
        source_uri=source_uri,
        content_sha256=sha,
        byte_size=len(data),
        format="text",
        encoding=decoded.encoding,
        encoding_guessed=decoded.guessed,
        text=cleaned.text,
        title=cleaned.title,
        publisher=cleaned.publisher,
        published_date=published,
        published_date_source=source,
    )


def read_transcript(path: Path, source_uri: str, data: bytes, decoded: DecodedText) -> DocumentRecord:
    """A video transcript: front matter, ``# title``, channel line, timestamped lines joined into prose."""
    text = decoded.text
    title = publisher = url = None
    published: dt.date | None = None
    body = text
    if text.lstrip().startswith("---"):
        parts = text.lstrip().split("\n---", 1)
        body = parts[1] if len(parts) > 1 else ""
    pieces: list[str] = []
    anchors: list[TimeAnchor] = []
    offset = 0
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("# ") and title is None:
            title = stripped[2:].strip()
            continue
        channel = CHANNEL_LINE.match(stripped)
        if channel:
            publisher = channel["channel"].split(" - ")[0].strip()
            url = channel["url"]
            published = parse_metadata_date(channel["date"])
            continue
        timed = TRANSCRIPT_LINE.match(stripped)
        if not timed:
            continue
        segment = timed["text"].strip()
        seconds = SECONDS_IN_URL.search(timed["url"])
        if pieces:
            offset += 1  # the joining space
        if seconds:
            anchors.append(TimeAnchor(char_offset=offset, seconds=round(float(seconds["s"]), 3)))
        pieces.append(segment)
        offset += len(segment)
    if not pieces:
        raise InputRejected("transcript has no timestamped lines")
    prose = " ".join(pieces)
    full_text = f"{title}\n\n{prose}" if title else prose
    shift = len(full_text) - len(prose)
    anchors = [TimeAnchor(a.char_offset + shift, a.seconds) for a in anchors]
    sha = _sha256(data)
    return DocumentRecord(
        doc_id=DocumentRecord.make_id(path.name, None, sha),
        source_name=path.name,
        source_uri=source_uri,
        content_sha256=sha,
        byte_size=len(data),
        format="transcript",
        encoding=decoded.encoding,
        encoding_guessed=decoded.guessed,
        text=full_text,
        title=title,
        publisher=publisher,
        url=url,
        published_date=published,
        published_date_source="metadata" if published else "unknown",
        time_anchors=tuple(anchors),
    )


def _document_from_fields(
    path: Path,
    source_uri: str,
    raw: bytes,
    decoded: DecodedText,
    fmt: str,
    fields: dict[str, object],
    *,
    text_key: str,
    id_key: str,
    date_key: str,
    publisher_key: str,
) -> DocumentRecord:
    body = fields.get(text_key)
    if not isinstance(body, str) or not body.strip():
        raise InputRejected(f"record has no '{text_key}' text")
    title = fields.get("title") if isinstance(fields.get("title"), str) else None
    description = fields.get("description")
    parts = [p for p in (title, body) if isinstance(p, str) and p.strip()]
    # news-please often truncates `text` to its description; keep the headline as the first line.
    if isinstance(description, str) and description.strip() and description.strip() not in body:
        parts.insert(1, description.strip())
    text = "\n\n".join(p.strip() for p in parts)
    published = parse_metadata_date(str(fields.get(date_key) or ""))
    external = fields.get(id_key)
    sha = _sha256(raw)
    publisher = fields.get(publisher_key)
    url = fields.get("url")
    return DocumentRecord(
        doc_id=DocumentRecord.make_id(path.name, str(external) if external is not None else None, sha),
        source_name=path.name,
        source_uri=source_uri,
        content_sha256=sha,
        byte_size=len(raw),
        format=fmt,
        encoding=decoded.encoding,
        encoding_guessed=decoded.guessed,
        text=text,
        title=title,
        publisher=publisher if isinstance(publisher, str) else None,
        url=url if isinstance(url, str) else None,
        external_id=str(external) if external is not None else None,
        published_date=published,
        published_date_source="metadata" if published else "unknown",
    )


def read_newsplease(path: Path, source_uri: str, data: bytes, decoded: DecodedText) -> DocumentRecord:
    """One news-please article (``title``, ``text``, ``date_publish``, ``url``, ``source_domain``)."""
    try:
        fields = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise InputRejected(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    if not isinstance(fields, dict):
        raise InputRejected("JSON file does not hold one article object")
    if "publisher" not in fields and "source_domain" in fields:
        fields["publisher"] = fields["source_domain"]
    return _document_from_fields(
        path,
        source_uri,
        data,
        decoded,
        "newsplease",
        fields,
        text_key="text",
        id_key="dId",
        date_key="date_publish",
        publisher_key="publisher",
    )


def read_jsonl(path: Path, source_uri: str, data: bytes, decoded: DecodedText) -> ReadResult:
    """One document per line (``id``, ``text``, optional ``title``, ``published_date``, ``url``, ``publisher``)."""
    documents: list[DocumentRecord] = []
    rejections: list[RejectedInput] = []
    for number, line in enumerate(decoded.text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            if not isinstance(fields, dict):
                raise InputRejected("line is not a JSON object")
            documents.append(
                _document_from_fields(
                    path,
                    source_uri,
                    line.encode("utf-8"),
                    decoded,
                    "jsonl",
                    fields,
                    text_key="text",
                    id_key="id",
                    date_key="published_date",
                    publisher_key="publisher",
                )
            )
        except json.JSONDecodeError as exc:
            rejections.append(RejectedInput(str(path), f"invalid JSON: {exc.msg}", line=number))
        except InputRejected as exc:
            rejections.append(RejectedInput(str(path), str(exc), line=number))
    if not documents and not rejections:
        rejections.append(RejectedInput(str(path), "JSONL file holds no records"))
    return ReadResult(documents=tuple(documents), rejections=tuple(rejections))
