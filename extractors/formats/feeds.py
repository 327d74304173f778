"""JSON records: news-please articles (one per file) and JSONL feeds (one document per line)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from extractors.formats.base import DocumentFields, InputRejected, RawInput, TextAssembler, build_document
from extractors.pubdate import resolve_published_date
from extractors.records import DocumentRecord, ReadResult, RejectedInput


def json_error(exc: json.JSONDecodeError, text: str) -> InputRejected:
    """A rejection for invalid JSON, telling a file cut short from one that is malformed."""
    if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
        return InputRejected(
            f"JSON ends early at line {exc.lineno} column {exc.colno} (truncated file?): {exc.msg}",
            kind="truncated",
        )
    return InputRejected(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", kind="invalid")


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
    return value.strip() if isinstance(value, str) and value.strip() else None


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
        assembled.text, title=title, metadata_dates=[str(fields.get(date_key) or "")], url=url
    )
    external = fields.get(id_key)
    publisher = _text_field(fields, "publisher") or _text_field(fields, "source_domain")
    metadata = DocumentFields(
        title=title,
        publisher=publisher,
        publisher_source="metadata",
        url=url,
        external_id=str(external) if external is not None else None,
        published_date=published,
        published_date_source=date_source,
    )
    return build_document(raw, fmt, assembled, metadata, record_bytes=record_bytes)


def read_newsplease(raw: RawInput) -> DocumentRecord:
    """One news-please article (``title``, ``text``, ``date_publish``, ``url``, ``source_domain``, ``dId``)."""
    try:
        fields = json.loads(raw.text)
    except json.JSONDecodeError as exc:
        raise json_error(exc, raw.text) from exc
    if not isinstance(fields, dict):
        raise InputRejected("JSON file does not hold one article object", kind="invalid")
    return document_from_json(
        raw, "newsplease", fields, id_key="dId", date_key="date_publish", span=(0, len(raw.text))
    )


def read_jsonl(raw: RawInput) -> ReadResult:
    """One document per line (``id``, ``text``, optional ``title``, ``published_date``, ``url``, ``publisher``).

    A broken line is rejected with its line number; the other lines still load.
    """
    documents: list[DocumentRecord] = []
    rejections: list[RejectedInput] = []
    offset = 0
    for number, line in enumerate(raw.text.splitlines(keepends=True), start=1):
        start, offset = offset, offset + len(line)
        if not line.strip():
            continue
        try:
            try:
                fields = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                raise json_error(exc, line) from exc
            if not isinstance(fields, dict):
                raise InputRejected("line is not a JSON object", kind="invalid")
            documents.append(
                document_from_json(
                    raw,
                    "jsonl",
                    fields,
                    id_key="id",
                    date_key="published_date",
                    span=(start, offset),
                    record_bytes=line.rstrip("\r\n").encode("utf-8"),
                )
            )
        except InputRejected as exc:
            rejections.append(RejectedInput(str(raw.path), str(exc), line=number, kind=exc.kind))
    if not documents and not rejections:
        rejections.append(RejectedInput(str(raw.path), "JSONL file holds no records", kind="empty"))
    return ReadResult(documents=tuple(documents), rejections=tuple(rejections))
