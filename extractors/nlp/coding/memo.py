"""A per-Doc memo of the coder's pure computations on a Doc's tokens.

A document's frames share sentences, actors and targets: "the rebels" is coded once per Doc, not
once per event, and a sentence's countries are read once however many of its frames need them.
The coding component opens the memo on the Doc it codes (``begin``) and closes it after
(``end``); a call on any other Doc (a test's, a later one) computes afresh, so nothing outlives
the Doc or sees it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

import numpy
from spacy.attrs import HEAD, LEMMA, LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

T = TypeVar("T")


class DocMemo:
    """Results keyed by what they were computed from (token indices, the date), for one Doc."""

    def __init__(self) -> None:
        self._doc: Doc | None = None
        self._results: dict[Hashable, object] = {}
        self._words: DocWords | None = None

    def begin(self, doc: Doc) -> None:
        """Remember results for ``doc`` from now on (forgetting the previous Doc's)."""
        self._doc = doc
        self._results.clear()
        self._words = None

    def end(self) -> None:
        """Forget the Doc and its results (the Doc is not kept alive by the coder)."""
        self._doc = None
        self._results.clear()
        self._words = None

    def active(self, doc: Doc) -> bool:
        """True when results for ``doc`` are remembered."""
        return doc is self._doc

    def words(self, doc: Doc) -> DocWords | None:
        """The open Doc's words (built on first use); None for another Doc."""
        if doc is not self._doc:
            return None
        if self._words is None:
            self._words = DocWords(doc)
        return self._words

    def results(self, doc: Doc) -> dict[Hashable, object] | None:
        """The open Doc's results to read and add to directly (hot loops); None for another Doc."""
        return self._results if doc is self._doc else None

    def get(self, doc: Doc, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per ``key`` while ``doc`` is the open Doc; every time otherwise."""
        if doc is not self._doc:
            return compute()
        try:
            return self._results[key]  # type: ignore[return-value]
        except KeyError:
            value = self._results[key] = compute()
            return value


class DocWords:
    """Every token's lower-cased text and lemma and its head, read from the Doc's arrays at once (a
    string only when asked for): the coder's loops read these instead of making a Token per word."""

    def __init__(self, doc: Doc) -> None:
        rows = doc.to_array([LOWER, LEMMA, HEAD])
        self._strings = doc.vocab.strings
        self._lower: list[int] = rows[:, 0].tolist()
        self._lemma: list[int] = rows[:, 1].tolist()
        self.head: list[int] = (numpy.arange(len(doc)) + rows[:, 2].astype("int64")).tolist()
        """``token.head.i`` of each token (its own index for a root)."""

    def lower(self, indices: Iterable[int]) -> list[str]:
        """``token.lower_`` of the tokens at ``indices``."""
        return [_string(self._strings, self._lower[i]) for i in indices]

    def lemma(self, indices: Iterable[int]) -> list[str]:
        """``token.lemma_.lower()`` of the tokens at ``indices``."""
        return [_lowered(self._strings, self._lemma[i]) for i in indices]

    def subtree(self, token: Token) -> list[int]:
        """The indices of ``token.subtree``, in order: the tokens between its edges whose heads lead
        to it (all of them, unless the parse is not projective there)."""
        top, left, right = token.i, token.left_edge.i, token.right_edge.i
        head = self.head
        found = []
        for i in range(left, right + 1):
            j = i
            while j != top:
                parent = head[j]
                if parent == j or not left <= parent <= right:
                    break
                j = parent
            if j == top:
                found.append(i)
        return found


_STRINGS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
STRING_CACHE_SIZE = 500_000
"""Hash -> string entries kept per process (the StringStore's words are few; reset past this)."""


def _string(strings: StringStore, key: int) -> str:
    text = _STRINGS.get(key)
    if text is None:
        if len(_STRINGS) >= STRING_CACHE_SIZE:
            _STRINGS.clear()
        text = _STRINGS[key] = strings[key]
    return text


def _lowered(strings: StringStore, key: int) -> str:
    text = _LOWERED.get(key)
    if text is None:
        if len(_LOWERED) >= STRING_CACHE_SIZE:
            _LOWERED.clear()
        text = _LOWERED[key] = strings[key].lower()
    return text
