"""JSON records: news-please articles (one per file) and JSONL feeds (one document per line).

JSON is parsed leniently where that costs nothing (raw control characters
inside strings are accepted: cleaning removes them), and every way Python's
parser can refuse a hostile file becomes a rejection with its reason: syntax,
nesting deeper than the recursion limit, integers longer than
``sys.get_int_max_str_digits()``. Lone surrogates (``"\\ud800"``), which JSON
allows and UTF-8 cannot encode, are replaced with U+FFFD so the record still loads.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping

from extractors.formats.base import DocumentFields, InputRejected, RawInput, TextAssembler, build_document
from extractors.paths import path_text
from extractors.pubdate import resolve_published_date
from extractors.records import DocumentRecord, ReadResult, RejectedInput

LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A UTF-16 surrogate code point: JSON escapes can produce one alone; no UTF-8 text can hold it."""


def replace_lone_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length, so offsets hold)."""
    if text.isascii():
        return text
    return LONE_SURROGATE.sub("\ufffd", text)


def json_error(exc: json.JSONDecodeError, text: str) -> InputRejected:
    """A rejection for invalid JSON, telling a file cut short from one that is malformed."""
    if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
        return InputRejected(
            f"JSON ends early at line {exc.lineno} column {exc.colno} (truncated file?): {exc.msg}",
            kind="truncated",
        )
    return InputRejected(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", kind="invalid")


def load_json(text: str) -> object:
    """The value of JSON ``text``; any refusal of the parser becomes an :class:`InputRejected`."""
    try:
        # strict=False: a raw tab or form feed inside a string is common in feeds and harmless.
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise json_error(exc, text) from exc
    except RecursionError as exc:
        raise InputRejected(
            "invalid JSON: nested too deeply (arrays or objects over Python's recursion limit)",
            kind="invalid",
        ) from exc
    except ValueError as exc:
        # int() refuses to convert more digits than sys.get_int_max_str_digits() (a CPU-time guard).
        if "integer string conversion" in str(exc):
            raise InputRejected(
                f"invalid JSON: number too long (over {sys.get_int_max_str_digits()} digits)", kind="invalid"
            ) from exc
        raise InputRejected(f"invalid JSON: {exc}", kind="invalid") from exc


def json_lines(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(1-based number, start, end, line) of each line of ``text``, ``end`` excluding the line break.

    Lines end at ``\\n`` only (a ``\\r`` before it is dropped from the line): ``str.splitlines``
    also breaks at U+2028, U+0085, form feeds and other characters a JSON string may hold raw.
    """
    start, number = 0, 0
    while start < len(text):
        newline = text.find("\n", start)
        end = len(text) if newline == -1 else newline
        number += 1
        line = text[start:end]
        yield number, start, end, line[:-1] if line.endswith("\r") else line
        start = end + 1


def _locate(raw_text: str, value: str, start: int, end: int) -> int | None:
    """Where ``value`` starts inside the JSON source between ``start`` and ``end``, in either escaping."""
    head = value[:40]
    for form in (json.dumps(head, ensure_ascii=False)[1:-1], json.dumps(head)[1:-1]):
        found = raw_text.find(form, start, end)
        if found != -1:
            return found
    return None


def _text_field(fields: Mapping[str, object], key: str) -> str | None:
    value = fields.get(key)
    return replace_lone_surrogates(value.strip()) if isinstance(value, str) and value.strip() else None


def document_from_json(
    raw: RawInput,
    fmt: str,
    fields: Mapping[str, object],
    *,
    id_key: str,
    date_key: str,
    span: tuple[int, int],
    record_bytes: bytes | None = None,
) -> DocumentRecord:
    """One document from a JSON object: headline, description (when the text leaves it out) and text."""
    body = _text_field(fields, "text")
    if body is None:
        raise InputRejected("record has no 'text'", kind="no_text")
    title = _text_field(fields, "title")
    description = _text_field(fields, "description")
    parts = [title] if title else []
    # news-please often truncates `text` to its description; keep the description when the text lacks it.
    if description and description not in body:
        parts.append(description)
    parts.append(body)
    assembled = TextAssembler(raw)
    for part in parts:
        assembled.add(part, raw_char_offset=_locate(raw.text, part, *span))
    url = _text_field(fields, "url")
    published, date_source = resolve_published_date(
        assembled.text,
        title=title,
        metadata_dates=[replace_lone_surrogates(str(fields.get(date_key) or ""))],
        url=url,
    )
    external = fields.get(id_key)
    publisher = _text_field(fields, "publisher") or _text_field(fields, "source_domain")
    metadata = DocumentFields(
        title=title,
        publisher=publisher,
        publisher_source="metadata",
        url=url,
        external_id=replace_lone_surrogates(str(external)) if external is not None else None,
        published_date=published,
        published_date_source=date_source,
    )
    return build_document(raw, fmt, assembled, metadata, record_bytes=record_bytes)


def read_newsplease(raw: RawInput) -> DocumentRecord:
    """One news-please article (``title``, ``text``, ``date_publish``, ``url``, ``source_domain``, ``dId``)."""
    fields = load_json(raw.text)
    if not isinstance(fields, dict):
        raise InputRejected("JSON file does not hold one article object", kind="invalid")
    return document_from_json(
        raw, "newsplease", fields, id_key="dId", date_key="date_publish", span=(0, len(raw.text))
    )


def read_jsonl(raw: RawInput) -> ReadResult:
    """One document per line (``id``, ``text``, optional ``title``, ``published_date``, ``url``, ``publisher``).

    A broken line is rejected with its line number, and so is a line repeating an earlier one
    (same document id: same record id and content); the other lines still load.
    """
    documents: list[DocumentRecord] = []
    rejections: list[RejectedInput] = []
    first_line: dict[str, int] = {}
    path = path_text(raw.path)
    for number, start, end, line in json_lines(raw.text):
        if not line.strip():
            continue
        try:
            fields = load_json(line)
            if not isinstance(fields, dict):
                raise InputRejected("line is not a JSON object", kind="invalid")
            document = document_from_json(
                raw,
                "jsonl",
                fields,
                id_key="id",
                date_key="published_date",
                span=(start, end),
                # The line as decoded holds no lone surrogate (decoding refuses them); surrogatepass
                # only makes sure hashing can never be what stops the file.
                record_bytes=line.encode("utf-8", errors="surrogatepass"),
            )
            if document.doc_id in first_line:
                raise InputRejected(
                    f"duplicate of line {first_line[document.doc_id]}: same record id and content",
                    kind="duplicate",
                )
            first_line[document.doc_id] = number
            documents.append(document)
        except InputRejected as exc:
            rejections.append(RejectedInput(path, str(exc), line=number, kind=exc.kind))
        except Exception as exc:  # see below
            # One hostile record must cost only itself: whatever a line makes the parser or a reader
            # raise is that line's rejection, and the file's other lines still load (as for a file).
            reason = f"{type(exc).__name__}: {exc}"[:500]
            rejections.append(RejectedInput(path, reason, line=number, kind="reader_error"))
    if not documents and not rejections:
        rejections.append(RejectedInput(path, "JSONL file holds no records", kind="empty"))
    return ReadResult(documents=tuple(documents), rejections=tuple(rejections))
