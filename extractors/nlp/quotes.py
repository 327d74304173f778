"""Direct speech: the spans of a Doc that are quotations.

What a speaker says inside quotation marks is rhetoric, opinion or a
hypothetical ("Fighters don't trust that ..."), not the reporter's account of
what happened; the ``eventetl_events`` component does not read events from
it. The ``eventetl_quotes`` component pairs opening and closing quotation
marks within a paragraph and stores the quotations holding at least
``min_tokens`` tokens in ``doc.spans["eventetl_quotes"]``; shorter ones are
scare quotes around a phrase ("tram driver 'blacked out'") and stay part of
the reporter's text.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

SPAN_KEY = "eventetl_quotes"
"""Key of the quotations in ``doc.spans``: a constant, since the events component reads it."""
# Quotation marks are typography, not vocabulary: they stay in code.
DOUBLE_QUOTES = frozenset({'"', "“", "”", "``", "''", "„"})
OPENING_DOUBLE = frozenset({"“", "``", "„"})
CLOSING_DOUBLE = frozenset({"”", "''"})
SINGLE_QUOTES = frozenset({"'", "‘", "’"})
_QUOTE_IDS = np.array(sorted(get_string_id(mark) for mark in DOUBLE_QUOTES | SINGLE_QUOTES), dtype=np.uint64)


def _paragraph_break(token: Token) -> bool:
    # A token's own trailing whitespace is one space at most; line breaks are whitespace tokens.
    return token.is_space and token.text.count("\n") >= 2


def _marks_and_breaks(doc: Doc) -> list[int]:
    """Positions of the quotation marks and whitespace tokens: the only tokens the pairing looks at."""
    if not len(doc):
        return []
    words = doc.to_array([ORTH, IS_SPACE])
    return np.flatnonzero(np.isin(words[:, 0], _QUOTE_IDS) | (words[:, 1] != 0)).tolist()


def _opens_single(token: Token) -> bool:
    """A quotation mark with a space before it and none after it opens a quotation."""
    # An apostrophe of "rebels' " or "'s" is glued to the word before it; an opening quote is not.
    doc = token.doc
    before_is_space = token.i == 0 or bool(doc[token.i - 1].whitespace_) or doc[token.i - 1].is_space
    return before_is_space and not token.whitespace_ and token.i + 1 < len(doc)


def _closes_single(token: Token) -> bool:
    doc = token.doc
    return token.i > 0 and not doc[token.i - 1].whitespace_


def quotation_spans(doc: Doc, *, min_tokens: int) -> list[Span]:
    """Quotations of at least ``min_tokens`` tokens between paired quotation marks, paragraph by paragraph."""
    spans: list[Span] = []
    open_double: int | None = None
    open_single: int | None = None
    for i in _marks_and_breaks(doc):
        token = doc[i]
        text = token.text
        if text in DOUBLE_QUOTES:
            opening = text in OPENING_DOUBLE or (text not in CLOSING_DOUBLE and _opens_single(token))
            if open_double is not None and (not opening or text in CLOSING_DOUBLE):
                spans.append(doc[open_double + 1 : token.i])
                open_double = None
            elif opening:
                if open_double is not None:
                    # News style opens each quoted paragraph anew without closing the last one.
                    spans.append(doc[open_double + 1 : token.i])
                open_double = token.i
        elif text in SINGLE_QUOTES:
            if open_single is not None and _closes_single(token):
                spans.append(doc[open_single + 1 : token.i])
                open_single = None
            elif open_single is None and _opens_single(token):
                open_single = token.i
        if _paragraph_break(token):
            # A quotation left open at a paragraph's end runs to that end (news style reopens it).
            if open_double is not None:
                spans.append(doc[open_double + 1 : token.i + 1])
            open_double = open_single = None
    if open_double is not None:
        spans.append(doc[open_double + 1 : len(doc)])
    return [s for s in spans if sum(not t.is_punct for t in s) >= min_tokens]


class QuotationFinder:
    """Marks direct speech so that later components can leave it out."""

    def __init__(self, nlp: Language, name: str, *, min_tokens: int) -> None:
        self.name = name
        self.min_tokens = min_tokens

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPAN_KEY] = quotation_spans(doc, min_tokens=self.min_tokens)
        return doc


@Language.factory(
    "eventetl_quotes",
    default_config={"min_tokens": 4},
    assigns=["doc.spans"],
)
def make_quotation_finder(nlp: Language, name: str, *, min_tokens: int) -> QuotationFinder:
    """spaCy factory: ``nlp.add_pipe("eventetl_quotes")``; writes ``doc.spans[SPAN_KEY]``."""
    return QuotationFinder(nlp, name, min_tokens=min_tokens)
