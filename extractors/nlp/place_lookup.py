"""Finding the gazetteer's names in a Doc (:class:`GazetteerLookup`), for ``eventetl_places``."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy
from spacy.attrs import IS_SPACE, ORTH, PREFIX, SPACY
from spacy.tokens import Doc

ORTH_REACH_CACHE_SIZE = 500_000
"""Most token texts whose reach a lookup keeps (then it starts afresh)."""
FIRST_RUN = re.compile(r"\w+|[^\w\s]")
"""A name's or a token's leading run of word characters, or its leading punctuation mark."""


class GazetteerLookup:
    """Token spans of a Doc whose text is a gazetteer name: "Aleppo", "New York", "Winston-Salem".

    A set lookup instead of spaCy's PhraseMatcher: the matcher needs every name tokenised into a
    pattern, which for the 110,000 names took 7-9 s and 150-180 MB in each process (every Dask
    worker builds its own), where the set costs nothing beyond the gazetteer. A span matches when
    it starts and ends on non-space tokens and its text is a name, as with the matcher's
    token-by-token comparison.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        # Each name's beginnings that a space follows ("New", "New South"): a span that is none of them
        # and has a space after it is no name's beginning, so no longer span from its start is a name.
        self.continued = frozenset(name[:i] for name in self.names for i, c in enumerate(name) if c == " ")
        self._initial_hashes: numpy.ndarray | None = None
        # Token ORTH hash -> _reach_from of its text (a token's text is looked up once per process).
        self._orth_reach: dict[int, int] = {}
        # Longest name per leading run: how far a span starting with that run can reach.
        self.reach: dict[str, int] = {}
        for name in self.names:
            first = FIRST_RUN.match(name)
            if first:
                key = first.group()
                self.reach[key] = max(self.reach.get(key, 0), len(name))

    def _initials(self, doc: Doc) -> numpy.ndarray:
        """Hashes of the characters names start with, as the PREFIX attribute holds them (built on first use)."""
        if self._initial_hashes is None:
            strings = doc.vocab.strings
            self._initial_hashes = numpy.array(
                sorted({strings.add(name[0]) for name in self.names}), dtype="uint64"
            )
        return self._initial_hashes

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 - one lookup per process, kept for its life
    def _reach_from(self, token_text: str) -> int:
        """How many characters a name starting with this token can span; 0 when none starts so."""
        first = FIRST_RUN.match(token_text)
        return self.reach.get(first.group(), 0) if first else 0

    def __call__(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) token offsets of every name in ``doc``, overlapping ones included."""
        # Token texts from the string store: doc.text would build a Token for every token.
        columns = doc.to_array([ORTH, SPACY, IS_SPACE, PREFIX])
        # Only tokens whose first character starts some name (PREFIX is that character's hash).
        starts = numpy.flatnonzero(numpy.isin(columns[:, 3], self._initials(doc)) & (columns[:, 2] == 0))
        if not len(starts):
            return []
        strings = doc.vocab.strings
        orths, trailing_space, is_space = (columns[:, k].tolist() for k in range(3))
        found: list[tuple[int, int]] = []
        known = self._orth_reach
        if len(known) > ORTH_REACH_CACHE_SIZE:
            known.clear()
        for i in starts.tolist():
            reach = known.get(orths[i])
            if reach is None:
                reach = known[orths[i]] = self._reach_from(strings[orths[i]])
            if not reach:
                continue
            candidate = strings[orths[i]]
            j = i
            while True:
                # A span never ends on a whitespace token ("Aleppo" + "\n\n").
                if not is_space[j] and candidate in self.names:
                    found.append((i, j + 1))
                j += 1
                if j == len(orths):
                    break
                if trailing_space[j - 1]:
                    if candidate not in self.continued:
                        break
                    candidate += " " + strings[orths[j]]
                else:
                    candidate += strings[orths[j]]
                if len(candidate) > reach:
                    break
        return found
