"""Paragraph breaks are sentence breaks.

A headline has no final full stop, and a caption or a transcript line often
has none either; the parser then runs them into the next paragraph's first
sentence ("... at Sandilands\n\nSeveral people died ..."). The
``eventetl_paragraphs`` component runs before the parser and starts a
sentence after every blank line, which the parser respects.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first word after each blank line."""
    after_break = False
    for token in doc:
        if token.is_space:
            after_break = after_break or token.text.count("\n") >= 2
            continue
        if after_break and token.i > 0:
            token.is_sent_start = True
        after_break = token.whitespace_.count("\n") >= 2
    return doc


@Language.component("eventetl_paragraphs", assigns=["token.is_sent_start"])
def paragraph_sentence_starts(doc: Doc) -> Doc:
    """spaCy component: ``nlp.add_pipe("eventetl_paragraphs", before="parser")``."""
    return mark_paragraph_starts(doc)
