"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import html
import re

from extractors.cleaning import clean_article_lines, without_controls
from extractors.formats.article import article_fields, assemble_article
from extractors.formats.base import InputRejected, RawInput, build_document
from extractors.records import DocumentRecord

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def locate(raw_text: str, paragraph: str, cursor: int) -> int | None:
    """Where ``paragraph`` starts in the page source at or after ``cursor``, as written or HTML-escaped."""
    head = paragraph[:40]
    for form in (head, html.escape(head, quote=False), html.escape(head)):
        found = raw_text.find(form, cursor)
        if found != -1:
            return found
    return None


def read_html(raw: RawInput) -> DocumentRecord:
    """An HTML page: trafilatura finds the main text (figure captions included) and the page metadata."""
    import lxml.html
    import trafilatura
    from lxml.etree import ParserError

    # lxml refuses a str that declares its own encoding; and one control character (U+0001) in the
    # page leaves trafilatura with no main text at all, so they go before parsing, not after.
    source = XML_DECLARATION.sub("", without_controls(raw.text))
    try:
        tree = lxml.html.fromstring(source)
    except (ParserError, ValueError) as exc:
        raise InputRejected(f"HTML cannot be parsed: {exc}", kind="invalid") from exc
    # trafilatura drops <figcaption>; as paragraphs, captions that report events stay in the text.
    for caption in tree.iter("figcaption"):
        caption.tag = "p"
        figure = caption.getparent()
        if figure is not None and figure.tag == "figure":
            figure.tag = "div"
    extracted = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Only the page's own date markup: a date merely mentioned in the body is not its publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # bare_extraction answers a dict only when asked to (as_dict=True).
    main_text = "" if extracted is None or isinstance(extracted, dict) else extracted.text or ""
    if extracted is None or isinstance(extracted, dict) or not main_text.strip():
        raise InputRejected("no main text found in the HTML page", kind="no_text")
    paragraphs: list[tuple[str, int]] = []
    cursor = 0
    for paragraph in main_text.split("\n"):
        if not paragraph.strip():
            continue
        found = locate(raw.text, paragraph.strip(), cursor)
        if found is not None:
            cursor = found
        paragraphs.append((paragraph.strip(), found if found is not None else -1))
    title = extracted.title or None
    cleaned = clean_article_lines(paragraphs, find_title=title is None)
    title = title or cleaned.title
    metadata = {
        key: value
        for key, value in (
            ("date", extracted.date),
            ("site_name", extracted.sitename),
            ("url", extracted.url),
        )
        if value
    }
    assembled = assemble_article(raw, cleaned, title)
    return build_document(
        raw, "html", assembled, article_fields(assembled, cleaned, title=title, metadata=metadata)
    )
