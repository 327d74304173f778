"""A token Matcher that only looks where its patterns can match.

spaCy's ``Matcher`` evaluates the ``IN`` and ``REGEX`` predicates of every
pattern that can start at a token, at every token of the Doc. For our
components' few patterns over long news articles, that was most of their
time. Yet a pattern has tokens it cannot do without whose test depends on the
word alone ("since", a weekday, a number): its *anchors*. A match holds each
of them and is at most as long as its pattern, so it lies within ``longest
pattern - 1`` tokens either side of any of its anchors. :class:`AnchoredMatcher`
takes, per pattern and document, the anchor that occurs least often, and runs
the Matcher over the windows around those occurrences only: the same matches,
in the same order, as the Matcher over the whole Doc. Which words pass which
anchor test is cached per word, so a document costs one pass over its distinct
words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

WordTest = Callable[[str], bool]
"""Whether a word (a token's text) passes one token of a pattern, as far as the word alone decides."""

TokenSpec = dict[str, Any]
"""One token of a Matcher pattern."""

_WORD_FORMS = ("ORTH", "TEXT", "LOWER")
"""Pattern attributes that are a form of the word itself."""

_REQUIRED_OPERATORS = (None, "1", "+")
"""Operators of a pattern token that every match holds."""


def _value_test(value: object) -> Callable[[str], bool] | None:
    """A test of an attribute value as a pattern writes it: a literal, ``IN`` or ``REGEX``; None otherwise."""
    if isinstance(value, str):
        return lambda attr: attr == value
    if isinstance(value, dict) and len(value) == 1:
        ((operator, argument),) = value.items()
        if operator == "IN":
            members = frozenset(argument)
            return lambda attr: attr in members
        if operator == "REGEX":
            compiled = re.compile(argument)
            return lambda attr: compiled.search(attr) is not None
    return None


def word_test(token_spec: TokenSpec, *, lower: Callable[[str], str], like_num: WordTest) -> WordTest | None:
    """A test that the text of every token matching ``token_spec`` passes; None when the token is
    optional, or nothing in the spec depends on the word alone (``POS``, ``ENT_TYPE`` ...).
    ``lower`` and ``like_num`` are the vocabulary's own getters of those word attributes."""
    if token_spec.get("OP") not in _REQUIRED_OPERATORS:
        return None
    tests: list[WordTest] = []
    for attr, value in token_spec.items():
        test = _value_test(value) if attr in _WORD_FORMS else None
        if test is not None:
            tests.append(_of_form(test, lower if attr == "LOWER" else str))
        elif attr == "LIKE_NUM" and value is True:
            tests.append(like_num)
    if not tests:
        return None
    return lambda word: all(test(word) for test in tests)


def _of_form(test: Callable[[str], bool], form: Callable[[str], str]) -> WordTest:
    return lambda word: test(form(word))


def longest_match(pattern: Sequence[TokenSpec]) -> int | None:
    """The most tokens a match of ``pattern`` can hold; None when unbounded (``*``, ``+``, ``{n,}``)."""
    length = 0
    for token_spec in pattern:
        operator = token_spec.get("OP")
        if operator in (None, "1", "?", "!"):
            length += 1
            continue
        bounded = re.fullmatch(r"\{(?:\d*,)?(\d+)\}", str(operator))
        if bounded is None:
            return None
        length += int(bounded[1])
    return length


class AnchoredMatcher:
    """A ``Matcher`` run over the windows around its patterns' anchors (see the module docstring).

    When some pattern has no anchor, or can grow without bound, it matches the
    whole Doc, exactly like a plain ``Matcher``.
    """

    def __init__(self, vocab: Vocab, key: str, patterns: list[list[TokenSpec]]) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        getters = vocab.lex_attr_getters  # type: ignore[attr-defined]  # Cython attribute, not in the stubs
        self._lower = getters.get(LOWER, str.lower)
        self._like_num = getters.get(LIKE_NUM, lambda word: False)
        self.tests: list[WordTest] = []
        """Every anchor test of every pattern, in one list (a column each in the per-word cache)."""
        self.columns_of_pattern: list[list[int]] = []
        """Per pattern, its anchor tests' columns."""
        self.anchored = True
        """False when some pattern can match anywhere: then the whole Doc is matched."""
        self.reach = 0
        """Tokens either side of an anchor that a match can reach."""
        # One row per distinct word the pipeline meets (bounded by its vocabulary).
        self._passes: dict[int, tuple[bool, ...]] = {}
        self.add(key, patterns)

    def add(self, key: str, patterns: list[list[TokenSpec]]) -> None:
        """Add ``patterns`` under ``key``, as ``Matcher.add`` does."""
        self.matcher.add(key, patterns)
        for pattern in patterns:
            anchors = [
                t
                for t in (word_test(s, lower=self._lower, like_num=self._like_num) for s in pattern)
                if t is not None
            ]
            self.columns_of_pattern.append(list(range(len(self.tests), len(self.tests) + len(anchors))))
            self.tests.extend(anchors)
            length = longest_match(pattern)
            self.anchored = self.anchored and bool(anchors) and length is not None
            self.reach = max(self.reach, (length or 1) - 1)
        self._passes.clear()  # the rows have a column per test

    def _word_passes(self, orth: int) -> tuple[bool, ...]:
        passes = self._passes.get(orth)
        if passes is None:
            word = self.vocab.strings[orth]
            passes = self._passes[orth] = tuple(test(word) for test in self.tests)
        return passes

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Disjoint token ranges ``[start, end)``, in order, that hold every match in ``doc``."""
        if not self.anchored:
            return [(0, len(doc))] if len(doc) else []
        if not len(doc):
            return []
        distinct, position_of = np.unique(doc.to_array(ORTH), return_inverse=True)
        by_word = np.array([self._word_passes(int(orth)) for orth in distinct], dtype=bool)
        by_token = by_word[position_of.reshape(-1)]
        anchors = np.zeros(len(doc), dtype=bool)
        for columns in self.columns_of_pattern:
            rarest = min(columns, key=lambda column: int(by_token[:, column].sum()))
            anchors |= by_token[:, rarest]
        merged: list[tuple[int, int]] = []
        for anchor in np.flatnonzero(anchors).tolist():
            start, end = max(anchor - self.reach, 0), min(anchor + self.reach + 1, len(doc))
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def __call__(self, doc: Doc, *, allow_missing: bool = False) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` of every match in ``doc``, as ``Matcher(doc)`` gives them;
        ``allow_missing``: as the Matcher's (patterns may test annotation ``doc`` lacks)."""
        windows = self.windows(doc)
        if windows == [(0, len(doc))]:
            return list(self.matcher(doc, allow_missing=allow_missing))
        matches: list[tuple[int, int, int]] = []
        for start, end in windows:
            # On a Span, the Matcher gives offsets within the Span.
            found = self.matcher(doc[start:end], allow_missing=allow_missing)
            matches.extend((key, start + s, start + e) for key, s, e in found)
        return matches
