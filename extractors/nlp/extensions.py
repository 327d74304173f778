"""The Doc and Span extension attributes our components write and read."""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "published_date": None,  # ISO date string of the document's publication, set before the pipeline runs
    "headline_end": 0,  # character offset where the headline ends (0: no headline), set before the pipeline runs
    "part_number": 0,  # which part of a long document the Doc holds (0: the first, with the headline and the lead)
    "document_format": None,  # the document's detected format (records.DocumentRecord.format: "text", "transcript", "srt" ...), set before the pipeline runs
    "events": None,  # tuple of events.EventFrame (frozen) written by eventetl_events, replaced by eventetl_ranking
    "source_text": None,  # the text the Doc was made from, set before the pipeline runs (see doc_text)
    "place_mentions": None,  # tuple of place_mentions.PlaceMention (frozen) written by eventetl_place_mentions
    "dateline": None,  # (start_char, end_char) of the dateline's place name ("WASHINGTON, Nov 6 (Reuters) -"), by eventetl_places
}
SPAN_EXTENSIONS = {
    "date_range": None,  # date_resolution.DateRange (frozen) written by eventetl_dates
    "quantity": None,  # quantities.Quantity (frozen: value, unit, approximate, out_of) written by eventetl_quantities
    "geo": None,  # places.GazetteerEntry (frozen) written by eventetl_places
}


def register_extensions() -> None:
    """Register every extension once (safe to call repeatedly, from each factory)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def doc_text(doc: Doc) -> str:
    """The Doc's text. ``Doc.text`` builds a Token for every token at each access (2 ms for an
    article); the text the Doc was made from, when set, is the same string for free."""
    text: str | None = doc._.source_text
    return text if text is not None else doc.text
