"""Articles written as text: plain-text web captures and Markdown."""

from __future__ import annotations

import re

from extractors.cleaning import CleanedArticle, clean_article_lines, lines_with_offsets, without_controls
from extractors.formats.base import DocumentFields, RawInput, TextAssembler, build_document
from extractors.pubdate import resolve_published_date
from extractors.records import DocumentRecord

# The value runs from the first to the last non-space after the colon. ``(?:.*\S)?`` finds that end
# in one pass; a lazy ``.*?\s*$`` rescans the trailing spaces once per character of the value.
FRONT_MATTER_FIELD = re.compile(r"^(?P<key>[A-Za-z][\w -]{0,40}):\s*+(?P<value>(?:.*\S)?)\s*+$")
DATE_KEYS = ("date", "published", "published_date", "publish_date", "date_published", "pubdate")
PUBLISHER_KEYS = ("publisher", "site", "site_name", "source", "channel")


def split_front_matter(text: str) -> tuple[dict[str, str], int]:
    """``key: value`` fields of a front-matter block between ``---`` lines, and where the body starts.

    Keys are lower-cased with spaces as underscores; lines that are not ``key: value``
    (wrapped values, lists) are ignored. No front matter: ``({}, 0)``.
    """
    lines = lines_with_offsets(text)
    if not lines or lines[0][0].strip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for line, offset in lines[1:]:
        if line.strip() == "---":
            return fields, offset + len(line)
        match = FRONT_MATTER_FIELD.match(line)
        if match and match["value"]:
            key = match["key"].strip().lower().replace(" ", "_").replace("-", "_")
            fields.setdefault(key, match["value"].strip("\"'"))
    return {}, 0  # an opening '---' that is never closed is a rule, not front matter


def assemble_article(raw: RawInput, cleaned: CleanedArticle, title: str | None) -> TextAssembler:
    """The cleaned lines as paragraphs, the headline first (added when the body does not start with it)."""
    assembled = TextAssembler(raw)
    if title and (not cleaned.lines or cleaned.lines[0].text != title):
        assembled.add(title, raw_char_offset=raw.text.find(title))
    for line in cleaned.lines:
        assembled.add(line.text, raw_char_offset=line.raw_offset)
    return assembled


def article_fields(
    assembled: TextAssembler,
    cleaned: CleanedArticle,
    *,
    title: str | None,
    metadata: dict[str, str] | None = None,
) -> DocumentFields:
    """Title, publisher, URL and publication date: metadata first, then what the text itself shows."""
    metadata = metadata or {}
    url = metadata.get("url") or metadata.get("link")
    published, date_source = resolve_published_date(
        assembled.text, title=title, metadata_dates=[metadata.get(k) for k in DATE_KEYS], url=url
    )
    publisher = next((metadata[k] for k in PUBLISHER_KEYS if metadata.get(k)), None)
    return DocumentFields(
        title=title,
        publisher=publisher or cleaned.publisher,
        publisher_source="metadata" if publisher else cleaned.publisher_source,
        url=url,
        published_date=published,
        published_date_source=date_source,
    )


def read_plain_text(raw: RawInput) -> DocumentRecord:
    """A web page captured as plain text: headline first, page furniture removed."""
    cleaned = clean_article_lines(lines_with_offsets(raw.text))
    assembled = assemble_article(raw, cleaned, None)
    return build_document(raw, "text", assembled, article_fields(assembled, cleaned, title=cleaned.title))


def markdown_blocks(body: str, body_offset: int) -> tuple[list[tuple[str, int]], str | None]:
    """Markdown ``body`` as plain-text blocks (text, raw character offset) and its first level-1 heading."""
    from markdown_it import MarkdownIt  # imported lazily: only Markdown input needs the parser

    # Without control characters: CommonMark turns a NUL into U+FFFD, which would stay in the text.
    tokens = MarkdownIt("commonmark").parse(without_controls(body))
    line_starts = [offset for _, offset in lines_with_offsets(body)] + [len(body)]
    blocks: list[tuple[str, int]] = []
    heading: str | None = None
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        pieces = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
        text = re.sub(r"\s+", " ", "".join(pieces)).strip()
        if not text:
            continue
        start_line = token.map[0] if token.map else 0
        line_start = line_starts[min(start_line, len(line_starts) - 1)]
        found = body.find(text[:20], line_start)
        offset = found if found != -1 else line_start
        opener = tokens[index - 1] if index else None
        if heading is None and opener is not None and opener.type == "heading_open" and opener.tag == "h1":
            heading = text
        blocks.append((text, body_offset + offset))
    return blocks, heading


def read_markdown(raw: RawInput) -> DocumentRecord:
    """A Markdown article: optional front matter, headings and paragraphs as plain-text paragraphs."""
    metadata, body_start = split_front_matter(raw.text)
    blocks, heading = markdown_blocks(raw.text[body_start:], body_start)
    title = metadata.get("title") or heading
    cleaned = clean_article_lines(blocks, find_title=title is None)
    title = title or cleaned.title
    assembled = assemble_article(raw, cleaned, title)
    return build_document(
        raw, "markdown", assembled, article_fields(assembled, cleaned, title=title, metadata=metadata)
    )
