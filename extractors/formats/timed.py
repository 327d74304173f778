"""Timed text: video transcripts, SRT and WebVTT subtitles.

Timed lines are joined with single spaces into running prose (a sentence often
spans several lines), and each line's start is kept as a time anchor so an
event can link back to the second of the video it is spoken at.
"""

from __future__ import annotations

import re

from extractors.formats.article import split_front_matter
from extractors.formats.base import DocumentFields, InputRejected, RawInput, TextAssembler, build_document
from extractors.pubdate import resolve_published_date
from extractors.records import DocumentRecord

# ``* text [[0:01:02](url)]``. Written so that matching one line takes time linear in its length
# (the obvious ``^\*\s+(?P<text>.*?)\s*\[\[...\]\((?P<url>[^)]*?)\)\]\s*$`` is quadratic: it rescans
# a run of spaces from each of its characters, and each ``[[0:00:00](`` to the next ")"). It finds
# the same text, stamp and URL: the URL holds no ")", so the line must end with ")]" (checked
# once, up front) and the stamp follows the line's second-to-last ")"; the text takes everything
# up to that ")" in one step, then grows a word or a whole run of spaces at a time.
TRANSCRIPT_LINE = re.compile(
    r"^\*\s++(?=.*\)\]\s*+$)"
    r"(?P<text>(?>(?:.*\)(?=.*\)))?)(?:[^\s)]|[^\S\n]++)*?)"
    r"\s*+\[\[(?P<stamp>\d{1,2}:\d{2}:\d{2})\]\((?P<url>[^)]*+)\)\]\s*+$"
)
CHANNEL_LINE = re.compile(r"^\*\*(?P<channel>[^*]+?):\*\*\s*\[(?P<date>[^\]]+)\]\((?P<url>[^)]+)\)")
SECONDS_IN_URL = re.compile(r"[?&]t=(?P<s>[\d.]+)s?")
STAMP = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})")
# A "<" and what follows it up to the next ">" (or the end). Only a "<", at least one character and
# a ">" make a tag (see ``strip_markup``); consuming the rest of the text when no ">" follows keeps
# the search linear (``<[^>]+>`` alone rescans to the end from every later "<").
MARKUP_TAG = re.compile(r"<[^>]*+>?")


def strip_markup(text: str) -> str:
    """``text`` without markup tags (``<i>``, ``<c.yellow>``, ``</b>``); a "<" that opens no tag stays."""
    return MARKUP_TAG.sub(lambda m: "" if len(m[0]) > 2 and m[0].endswith(">") else m[0], text)


def _stamp_seconds(stamp: str) -> float:
    match = STAMP.fullmatch(stamp)
    return int(match["h"]) * 3600 + int(match["m"]) * 60 + int(match["s"]) if match else 0.0


def _dated_fields(
    assembled: TextAssembler, fields: DocumentFields, metadata_date: str | None = None
) -> DocumentFields:
    """``fields`` with the publication date by the order of evidence, starting from ``metadata_date``."""
    published, source = resolve_published_date(
        assembled.text, title=fields.title, metadata_dates=[metadata_date], url=fields.url
    )
    return DocumentFields(
        title=fields.title,
        publisher=fields.publisher,
        publisher_source=fields.publisher_source,
        url=fields.url,
        published_date=published,
        published_date_source=source,
    )


def read_transcript(raw: RawInput) -> DocumentRecord:
    """A video transcript: front matter, ``# title``, channel line, timestamped lines joined into prose.

    The front matter's "Date Generated" is when the transcript was made, not when
    the video was published, so it is not used as the publication date.
    """
    _, body_start = split_front_matter(raw.text)
    title = publisher = url = channel_date = None
    assembled = TextAssembler(raw)
    offset = body_start
    timed_lines = 0
    for line in raw.text[body_start:].splitlines(keepends=True):
        line_offset, offset = offset, offset + len(line)
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if stripped.startswith("# ") and title is None and not timed_lines:
            title = stripped[2:].strip()
            assembled.add(title, raw_char_offset=line_offset + line.find(title))
            continue
        channel = CHANNEL_LINE.match(stripped)
        if channel:
            publisher = channel["channel"].split(" - ")[0].strip()
            url = channel["url"]
            channel_date = channel["date"]
            continue
        timed = TRANSCRIPT_LINE.match(stripped)
        if not timed or not timed["text"].strip():
            continue
        segment = timed["text"].strip()
        in_url = SECONDS_IN_URL.search(timed["url"])
        seconds = float(in_url["s"]) if in_url else _stamp_seconds(timed["stamp"])
        assembled.add(
            segment,
            raw_char_offset=line_offset + indent + stripped.find(segment),
            separator=" " if timed_lines else "\n\n",
            seconds=seconds,
        )
        timed_lines += 1
    if not timed_lines:
        raise InputRejected("transcript has no timestamped lines", kind="no_text")
    fields = DocumentFields(
        title=title,
        publisher=publisher,
        publisher_source="channel",
        url=url,
    )
    return build_document(raw, "transcript", assembled, _dated_fields(assembled, fields, channel_date))


def read_subtitles(raw: RawInput, fmt: str) -> DocumentRecord:
    """SRT (``fmt="srt"``) or WebVTT (``fmt="vtt"``) cues joined into prose, each cue's start kept as a time anchor."""
    import webvtt  # imported lazily: only subtitle input needs it
    from webvtt.errors import MalformedFileError

    lines = raw.text.splitlines(keepends=True)
    try:
        captions = webvtt.from_buffer(lines, format=fmt).captions
    except (MalformedFileError, ValueError, IndexError) as exc:
        raise InputRejected(f"not a valid {fmt.upper()} subtitle file: {exc}", kind="invalid") from exc
    if not captions:
        raise InputRejected(f"not a valid {fmt.upper()} subtitle file: no cue could be read", kind="invalid")
    title = None
    if fmt == "vtt":
        header = raw.text.lstrip("\ufeff").split("\n", 1)[0]
        title = header[len("WEBVTT") :].strip(" -\t\r") or None
    assembled = TextAssembler(raw)
    if title:
        assembled.add(title, raw_char_offset=raw.text.find(title))
    cursor = 0
    previous = None
    cues = 0
    for caption in captions:
        text = re.sub(r"\s+", " ", strip_markup(caption.text)).strip()
        if not text or text == previous:  # empty cues, and a cue repeated while it stays on screen
            continue
        previous = text
        first_line = caption.lines[0] if caption.lines else text
        found = raw.text.find(first_line, cursor)
        if found != -1:
            cursor = found + len(first_line)
        assembled.add(
            text,
            raw_char_offset=found if found != -1 else None,
            separator=" " if cues else "\n\n",
            seconds=caption.start_time.in_milliseconds() / 1000,
        )
        cues += 1
    if not cues:
        raise InputRejected(f"{fmt.upper()} file has no caption text", kind="no_text")
    return build_document(raw, fmt, assembled, _dated_fields(assembled, DocumentFields(title=title)))
