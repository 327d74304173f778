"""Read raw files into cleaned :class:`DocumentRecord` objects.

``read_source`` is the single entry point: it reads the bytes (decompressing
gzip), decides what the file is from its content (the extension only breaks
ties), decodes it, hands it to the reader for its format in
``extractors.formats`` and returns documents and/or rejections. It never
raises for bad input: every problem becomes a :class:`RejectedInput` naming
the file, the reason and its kind; even an exception nobody foresaw becomes
the file's rejection (kind ``reader_error``), so one file never stops a run.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from extractors.formats.article import read_markdown, read_plain_text
from extractors.formats.base import InputRejected, RawInput
from extractors.formats.feeds import json_lines, read_jsonl, read_newsplease, replace_lone_surrogates
from extractors.formats.html import read_html
from extractors.formats.timed import TRANSCRIPT_LINE, read_subtitles, read_transcript
from extractors.paths import path_text
from extractors.records import DocumentRecord, ReadResult, RejectedInput

FORMATS = ("text", "transcript", "html", "newsplease", "jsonl", "markdown", "srt", "vtt")
"""Every format ``detect_format`` can answer."""

DOCUMENT_READERS: dict[str, Callable[[RawInput], DocumentRecord]] = {
    "newsplease": read_newsplease,
    "transcript": read_transcript,
    "html": read_html,
    "markdown": read_markdown,
    "srt": partial(read_subtitles, fmt="srt"),
    "vtt": partial(read_subtitles, fmt="vtt"),
    "text": read_plain_text,
}
"""The reader of each single-document format (``jsonl`` files hold many and are read apart)."""

GZIP_MAGIC = b"\x1f\x8b"
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# The patterns below run on the head of every file, so each takes time linear in its input
# (tests/test_cleaning_linear.py): possessive runs, and no two quantifiers sharing characters.
# A cue number, a line break among spaces (not ``\s*\r?\n\s*``: quadratic on blank lines), a time span.
SRT_CUE = re.compile(
    r"\A\s*+\d++[^\S\n]*+\n\s*+\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*+-->\s*+\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
)
# Comments, then an opening tag. One comment from the first "<!--" to any "-->" covers any series
# of comments: ``(?:<!--.*?-->\s*)*`` tried every way of cutting them up (exponential).
HTML_START = re.compile(
    r"\A\s*+(?:<!--.*?-->\s*+)?<(?:!doctype\s++html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
# Tags, counted. A tag's scan stops at the next tag's "<", so each character is read once; the
# count is the same as with ``<tag[^>]*>`` (one per ">" that closes tags), only the spans differ.
HTML_TAGS = re.compile(
    r"</?(?:p|div|span|a|h[1-6]|article|section|br|meta|title|script)\b"
    r"(?:[^<>]|<(?!/?(?:p|div|span|a|h[1-6]|article|section|br|meta|title|script)\b))*+>",
    re.IGNORECASE,
)
NOT_TEXT = re.compile(r"[\ufffd\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
"""Characters no text is made of: U+FFFD (what a lossy conversion left), control characters other
than whitespace and ESC, surrogates and private-use code points."""
NOT_TEXT_SHARE = 0.2
"""Decoded text with more than this share of :data:`NOT_TEXT` characters is rejected as binary."""
MIN_GUESS_BYTES = 64
"""Below this size, bytes that are neither UTF-8 nor mostly ASCII are not guessed: some legacy codec
decodes almost any few random bytes into a plausible character or two."""
# A heading, a list item holding a link, or a line opening with a link. Only whether it is found
# matters: a list marker is looked for on its own line (a line start after blank lines finds the
# same one), a link's text stops where a later line opens another link (that line is tried next),
# and a link's destination stays on its line, so every search is linear.
MARKDOWN_SIGNS = re.compile(
    r"^(?:#{1,6}\s++\S|[^\S\n]*+[-*+]\s++\S.*\]\(|\[(?:[^\]\n]|\n(?!\[[^\]]))++\]\([^)\n]++\))",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Raw bytes decoded to text, with how that was done."""

    text: str
    """The decoded text."""
    encoding: str
    """Codec used."""
    guessed: bool
    """True when the bytes were not UTF-8 and the codec was detected."""
    bom_bytes: int = 0
    """Length of the byte-order mark the text started with, if any."""


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding: NULs or many control bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; only call it binary when there is no BOM.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 20)


def looks_like_junk(text: str) -> bool:
    """True for decoded text that is mostly not text (see :data:`NOT_TEXT`); checks the first 100,000 characters.

    ``looks_binary`` judges bytes and lets short files through (a few control bytes
    prove nothing in 50 bytes); this judges what decoding made of them.
    """
    sample = text[:100_000]
    return len(NOT_TEXT.findall(sample)) > NOT_TEXT_SHARE * len(sample)


def check_decoded(decoded: DecodedText) -> None:
    """Reject decoded text that is not text: junk characters, or UTF-16/32 guessed without a byte-order mark."""
    if looks_like_junk(decoded.text):
        raise InputRejected(
            "file is binary, not text: its decoded text is mostly replacement or control characters",
            kind="binary",
        )
    # Text in UTF-16/32 without a BOM has NUL bytes (looks_binary refuses those) unless it holds no
    # ASCII at all; the detector picks these codecs for short random bytes, which decode into junk.
    if decoded.guessed and re.match(r"utf[_-]?(?:16|32)", decoded.encoding, re.IGNORECASE):
        raise InputRejected(
            f"file is binary, not text: it decodes only as {decoded.encoding} without a byte-order mark",
            kind="binary",
        )


def decode_bytes(data: bytes) -> DecodedText:
    """Decode by byte-order mark, else as UTF-8, else with the encoding charset-normalizer detects."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(codec), codec, False, len(bom))
            except UnicodeDecodeError:
                break
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    if len(data) < MIN_GUESS_BYTES and sum(b < 128 for b in data) < 0.9 * len(data):
        raise InputRejected(
            f"not valid UTF-8, and {len(data)} bytes are too few to tell their encoding (or that they are text)",
            kind="encoding",
        )
    from charset_normalizer import from_bytes  # imported lazily: only non-UTF-8 input needs it

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.1 and best.coherence > 0:
        return DecodedText(str(best), best.encoding, True)
    # Short texts defeat detection (a few accented letters read as Chinese); in mostly-ASCII text
    # the other bytes are most likely accented Latin letters, i.e. Windows-1252.
    if sum(b < 128 for b in data) >= 0.9 * len(data):
        try:
            return DecodedText(data.decode("cp1252"), "cp1252", True)
        except UnicodeDecodeError:
            pass
    if best is None:
        raise InputRejected("not valid UTF-8 and no text encoding could be detected", kind="encoding")
    return DecodedText(str(best), best.encoding, True)


def gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """The decompressed content of gzip ``data``, refusing more than ``max_bytes`` of it."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = stream.read(max_bytes + 1)
    except EOFError as exc:
        raise InputRejected("gzip data ends early (truncated file)", kind="truncated") from exc
    except (OSError, zlib.error) as exc:
        raise InputRejected(f"not valid gzip data: {exc}", kind="invalid") from exc
    if len(content) > max_bytes:
        raise InputRejected(f"decompressed content is over the {max_bytes}-byte limit", kind="too_large")
    return content


def _is_json(line: str) -> bool:
    try:
        json.loads(line, strict=False)
    except json.JSONDecodeError:
        return False
    except (RecursionError, ValueError):
        # JSON nested too deeply or with a number too long: JSON all the same; its reader says why it fails.
        return True
    return True


def detect_format(text: str, suffix: str) -> str:
    """The format of decoded ``text`` (one of :data:`FORMATS`): content first, ``suffix`` as a tie-breaker."""
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if head.startswith(("{", "[")):
        # Lines as JSONL has them (split at "\n" only), and only the first five: the file may be 50 MB.
        lines = list(islice((line for *_, line in json_lines(text) if line.strip()), 5))
        if suffix in (".jsonl", ".ndjson") or (
            len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines[:5]) and _is_json(lines[0])
        ):
            return "jsonl"
        return "newsplease"
    if head.startswith("WEBVTT"):
        return "vtt"
    if SRT_CUE.match(head):
        return "srt"
    if HTML_START.match(head) or len(HTML_TAGS.findall(head)) >= 5:
        return "html"
    if any(TRANSCRIPT_LINE.match(line.strip()) for line in text.splitlines()[:200]):
        return "transcript"
    if suffix in (".md", ".markdown") or MARKDOWN_SIGNS.search(head):
        return "markdown"
    if suffix in (".srt", ".vtt", ".html", ".htm", ".json"):
        # An extension promising a structured format the content does not match: let that reader say why.
        return {".srt": "srt", ".vtt": "vtt", ".html": "html", ".htm": "html", ".json": "newsplease"}[suffix]
    return "text"


def read_source(
    path: Path, *, max_bytes: int = 50_000_000, source_root: str | Path | None = None
) -> ReadResult:
    """Read one file into documents; every failure becomes a rejection naming the file.

    ``source_root``: the folder documents' ``source_key`` is relative to (default: the working folder).
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _reject(path, f"file is {size} bytes, over the {max_bytes}-byte limit", "too_large")
        data = path.read_bytes()
    except OSError as exc:
        return _reject(path, f"cannot read file: {exc.strerror or exc}", "unreadable")
    except Exception as exc:  # one file never stops the run: see parse_source
        return _unforeseen(path, exc)
    started = time.perf_counter()
    result = parse_source(path, data, max_bytes=max_bytes, source_root=source_root)
    return replace(result, clean_seconds=time.perf_counter() - started)


def parse_source(
    path: Path, data: bytes, *, max_bytes: int = 50_000_000, source_root: str | Path | None = None
) -> ReadResult:
    """Decompress, decode, parse and clean the bytes of ``path``; every failure becomes a rejection."""
    try:
        compression = None
        content = data
        if data.startswith(GZIP_MAGIC):
            compression = "gzip"
            content = gunzip(data, max_bytes=max_bytes)
        if not content.strip():
            raise InputRejected(
                "file is empty" + (" after decompression" if compression else ""), kind="empty"
            )
        if looks_binary(content):
            raise InputRejected("file is binary, not text", kind="binary")
        decoded = decode_bytes(content)
        check_decoded(decoded)
        raw = RawInput(
            path=path,
            data=data,
            text=decoded.text,
            encoding=decoded.encoding,
            encoding_guessed=decoded.guessed,
            compression=compression,
            bom_bytes=decoded.bom_bytes,
            source_root=source_root,
        )
        fmt = detect_format(decoded.text, raw.suffix)
        result = read_jsonl(raw) if fmt == "jsonl" else ReadResult(documents=(DOCUMENT_READERS[fmt](raw),))
        return replace(result, documents=tuple(_valid_unicode(d) for d in result.documents))
    except InputRejected as exc:
        return _reject(path, str(exc), exc.kind)
    except Exception as exc:  # deliberately broad, see below
        # Readers reject the input they know to be bad (InputRejected); anything else raised while
        # reading one file (a parser's RecursionError, a library bug on hostile bytes) is still that
        # file's problem, not the run's: recorded as its rejection, the other files load. Only
        # BaseException (KeyboardInterrupt, SystemExit) passes, so a run can still be stopped.
        return _unforeseen(path, exc)


def _valid_unicode(document: DocumentRecord) -> DocumentRecord:
    """``document`` with any lone surrogate in its text fields replaced by U+FFFD (DuckDB, Arrow and
    hashing need valid UTF-8). One character for one, so every offset into the text still holds."""
    changed: dict[str, Any] = {
        f.name: replace_lone_surrogates(value)
        for f in fields(document)
        if isinstance(value := getattr(document, f.name), str) and replace_lone_surrogates(value) is not value
    }
    return replace(document, **changed) if changed else document


def _unforeseen(path: Path, exc: Exception) -> ReadResult:
    reason = replace_lone_surrogates(f"{type(exc).__name__}: {exc}")[:500]
    return _reject(path, reason, "reader_error")


def _reject(path: Path, reason: str, kind: str) -> ReadResult:
    return ReadResult(rejections=(RejectedInput(path=path_text(path), reason=reason, kind=kind),))
