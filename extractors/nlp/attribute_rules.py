"""The model's attribute rules, applied by lookup: ``eventetl_attribute_ruler``.

The English model maps fine-grained tags to coarse parts of speech and morphology, and fixes a few
words ("'s", "n't" ...), with spaCy's ``AttributeRuler``: about 180 one-token patterns run through a
``Matcher``, which tests every pattern at every token. That was a sixth of the model's time on
news articles, more than its tagger and parser together. Nearly all of those patterns test only
exact values of a token's own attributes (``{"TAG": "NN"}``, ``{"LOWER": "'s", "TAG": "POS"}``):
such a pattern matches a token when each of its values equals the token's, which a dictionary keyed
by the token's tag (or lower-case form) finds at once. :class:`IndexedAttributeRuler` looks those
patterns up per token, leaves the rest (several tokens, ``IN``, operators) to a ``Matcher`` of their
own, and applies all matches in the ruler's order: later patterns win, as in ``AttributeRuler``.
Same patterns, same attributes set (tests/test_attribute_rules.py compares both on real text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs  # what AttributeRuler sets attributes with
from spacy.vocab import Vocab

from extractors.nlp.matching import AnchoredMatcher

MODEL_RULER = "attribute_ruler"
"""The name of the English models' attribute ruler, which :func:`index_attribute_rules` replaces."""

TOKEN_VALUE: dict[str, Callable[[Token], str]] = {
    "TAG": lambda token: token.tag_,
    "LOWER": lambda token: token.lower_,
    "ORTH": lambda token: token.orth_,
    "TEXT": lambda token: token.orth_,
    "NORM": lambda token: token.norm_,
    "DEP": lambda token: token.dep_,
    "POS": lambda token: token.pos_,
}
"""String attributes a one-token pattern may test and still be applied by lookup (the Matcher compares
the same strings: ``TEXT`` is ``ORTH``)."""

TOKEN_FLAG: dict[str, Callable[[Token], bool]] = {
    "IS_SPACE": lambda token: token.is_space,
    "IS_PUNCT": lambda token: token.is_punct,
    "IS_DIGIT": lambda token: token.is_digit,
    "LIKE_NUM": lambda token: token.like_num,
}
"""Boolean attributes a one-token pattern may test."""

MAX_CACHED_ROWS = 100_000
"""Distinct attribute rows whose matches are kept (about 470 bytes each, so under 50 MB); the cache
starts again beyond it. 1,000 news articles hold far fewer distinct rows."""

Match = tuple[int, int, int, int]
"""``(pattern number, match id, start, end)``, as ``AttributeRuler.match`` returns them."""

TokenTest = Callable[[Token], bool]
"""Whether a token passes one attribute test of a pattern."""


def _string_test(attr: str, value: object) -> tuple[TokenTest, frozenset[str] | None] | None:
    """A test of a string attribute as the Matcher reads ``value``, with the values it accepts when
    they are a finite set (for the index); None for a form this module does not apply."""
    get = TOKEN_VALUE[attr]
    if isinstance(value, str):
        return (lambda token: get(token) == value), frozenset((value,))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((operator, argument),) = value.items()
    if operator == "IN" and isinstance(argument, list):
        members = frozenset(str(member) for member in argument)
        return (lambda token: get(token) in members), members
    if operator == "NOT_IN" and isinstance(argument, list):
        excluded = frozenset(str(member) for member in argument)
        return (lambda token: get(token) not in excluded), None
    if operator == "REGEX" and isinstance(argument, str):
        compiled = re.compile(argument)  # the Matcher's REGEX predicate searches, as here
        return (lambda token: compiled.search(get(token)) is not None), None
    return None


@dataclass(frozen=True)
class TokenPattern:
    """A one-token pattern, compiled to Python tests."""

    number: int
    """Its position among the ruler's patterns (its attribute set; later numbers win)."""
    match_id: int
    """The Matcher key ``AttributeRuler`` gives it (the hash of ``str(number)``)."""
    tests: tuple[TokenTest, ...]
    """Tests a token must all pass."""
    index_attrs: tuple[str, ...]
    """The attributes it is looked up by (those it tests against a value or a set); empty: it is
    tried on every token."""
    index_keys: tuple[tuple[str, ...], ...]
    """The values of ``index_attrs`` it can match, in that order (every other token fails it)."""
    tested: frozenset[str]
    """Every attribute its tests read."""

    def matches(self, token: Token) -> bool:
        """Whether ``token`` passes every test."""
        return all(test(token) for test in self.tests)


def token_pattern(number: int, match_id: int, pattern: Sequence[dict[str, Any]]) -> TokenPattern | None:
    """``pattern`` compiled, when it is one token tested by values, sets, exclusions, regular
    expressions and flags of the attributes above, with no operator; else None."""
    if len(pattern) != 1 or not pattern[0]:
        return None
    tests: list[TokenTest] = []
    values_of: dict[str, frozenset[str]] = {}
    for key, value in pattern[0].items():
        attr = str(key).upper()
        if attr in TOKEN_FLAG and isinstance(value, bool):
            flag = TOKEN_FLAG[attr]
            tests.append(lambda token, flag=flag, value=value: flag(token) is value)  # type: ignore[misc]
            continue
        compiled = _string_test(attr, value) if attr in TOKEN_VALUE else None
        if compiled is None:
            return None
        tests.append(compiled[0])
        if compiled[1] is not None:
            values_of[attr] = compiled[1]
    index_attrs = tuple(sorted(values_of))
    keys = tuple(itertools.product(*(sorted(values_of[attr]) for attr in index_attrs)))
    tested = frozenset(str(key).upper() for key in pattern[0])
    return TokenPattern(number, match_id, tuple(tests), index_attrs, keys, tested)


@dataclass(frozen=True)
class RuleIndex:
    """The ruler's patterns, arranged for lookup."""

    by_values: tuple[tuple[tuple[str, ...], dict[tuple[str, ...], tuple[TokenPattern, ...]]], ...]
    """Per set of index attributes, the one-token patterns by the values they can match."""
    unindexed: tuple[TokenPattern, ...]
    """One-token patterns tried on every token."""
    matcher: AnchoredMatcher | None
    """The other patterns (several tokens), run around their anchor words."""
    key_attrs: tuple[str, ...]
    """Every attribute a one-token pattern tests (``TEXT`` as ``ORTH``): a token's values of these
    decide which of them it matches."""


def rule_index(ruler: AttributeRuler) -> RuleIndex:
    """``ruler``'s patterns arranged for lookup: one-token patterns by the values they test, the
    others in an anchored Matcher (a pattern whose attributes go to another token of its match
    goes there too, so that ``AttributeRuler`` reports its index error as it would)."""
    by_values: dict[tuple[str, ...], dict[tuple[str, ...], list[TokenPattern]]] = {}
    unindexed: list[TokenPattern] = []
    matcher: AnchoredMatcher | None = None
    tested: set[str] = {"TAG"}
    for number in range(len(ruler.attrs)):
        key = str(number)
        match_id = ruler.vocab.strings[key]
        for pattern in ruler.matcher.get(key)[1]:
            compiled = token_pattern(number, match_id, pattern)
            if compiled is None or ruler.indices[number] not in (0, -1):
                if matcher is None:
                    matcher = AnchoredMatcher(ruler.vocab, key, [pattern])
                else:
                    matcher.add(key, [pattern])
                continue
            tested.update("ORTH" if attr == "TEXT" else attr for attr in compiled.tested)
            if not compiled.index_attrs:
                unindexed.append(compiled)
                continue
            patterns_by_key = by_values.setdefault(compiled.index_attrs, {})
            for values in compiled.index_keys:
                patterns_by_key.setdefault(values, []).append(compiled)
    return RuleIndex(
        tuple(
            (attrs, {values: tuple(found) for values, found in patterns_by_key.items()})
            for attrs, patterns_by_key in by_values.items()
        ),
        tuple(unindexed),
        matcher,
        tuple(sorted(tested)),
    )


class IndexedAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose one-token patterns are looked up per token (module docstring)."""

    def __init__(
        self, vocab: Vocab, name: str = MODEL_RULER, *, validate: bool = False, scorer: Any = None
    ) -> None:
        super().__init__(vocab, name, validate=validate, scorer=scorer)
        self._index: RuleIndex | None = None
        self._matches_of_row: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def add(self, patterns: Iterable[Any], attrs: dict[Any, Any], index: int = 0) -> None:
        """Add patterns as ``AttributeRuler.add`` does; the lookup index is rebuilt on next use."""
        super().add(patterns, attrs, index)
        self._index = None
        self._matches_of_row.clear()

    def clear(self) -> None:
        """Reset all patterns (and the lookup index)."""
        super().clear()
        self._index = None
        self._matches_of_row.clear()

    def _indexed(self) -> RuleIndex:
        if self._index is None:
            self._index = rule_index(self)
        return self._index

    def match(self, doc: Doc) -> list[Match]:
        """Every pattern's matches in ``doc``, sorted as ``AttributeRuler.match`` sorts them.

        A one-token pattern's tests read only the attributes in ``RuleIndex.key_attrs``, so the
        patterns a token matches are a function of those values: found once per distinct row of
        them (cached across documents), then copied to every token with that row.
        """
        index = self._indexed()
        found = index.matcher(doc, allow_missing=True) if index.matcher is not None else []
        matches: list[Match] = [
            (int(self.vocab.strings[match_id]), match_id, start, end) for match_id, start, end in found
        ]
        if not len(doc):
            return matches
        rows = doc.to_array([IDS[attr] for attr in index.key_attrs]).reshape(len(doc), -1)
        distinct, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
        if len(self._matches_of_row) > MAX_CACHED_ROWS:
            self._matches_of_row.clear()
        found_of_row = [
            self._row_matches(tuple(row), doc[int(at)], index)
            for row, at in zip(distinct.tolist(), first.tolist(), strict=True)
        ]
        for i, row in enumerate(inverse.reshape(-1).tolist()):
            matches.extend((number, match_id, i, i + 1) for number, match_id in found_of_row[row])
        # The same pattern twice on one token (two alternatives under one key) is one Matcher match.
        return sorted(set(matches))

    def _row_matches(
        self, row: tuple[int, ...], token: Token, index: RuleIndex
    ) -> tuple[tuple[int, int], ...]:
        """``(pattern number, match id)`` of the one-token patterns ``token`` (whose key values are
        ``row``) matches."""
        cached = self._matches_of_row.get(row)
        if cached is None:
            candidates = [
                pattern
                for attrs, patterns_by_key in index.by_values
                for pattern in patterns_by_key.get(tuple(TOKEN_VALUE[attr](token) for attr in attrs), ())
            ]
            cached = self._matches_of_row[row] = tuple(
                (pattern.number, pattern.match_id)
                for pattern in (*candidates, *index.unindexed)
                if pattern.matches(token)
            )
        return cached

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        """Set each match's attributes in order, as ``AttributeRuler`` does; a one-token match on its
        token directly (the parent builds a Span for every match to find the token)."""
        for match in matches:
            number, _, start, end = match
            if end - start == 1 and self.indices[number] in (0, -1):
                set_token_attrs(doc[start], self.attrs[number])
            else:
                super().set_annotations(doc, [match])


@Language.factory(
    "eventetl_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
    assigns=["token.pos", "token.morph", "token.lemma"],
    requires=["token.tag", "token.lower"],
)
def make_indexed_attribute_ruler(
    nlp: Language, name: str, *, validate: bool, scorer: Any
) -> IndexedAttributeRuler:
    """spaCy factory: the model's attribute ruler, by lookup (see :func:`index_attribute_rules`)."""
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def index_attribute_rules(nlp: Language) -> None:
    """Replace the model's ``attribute_ruler`` by an :class:`IndexedAttributeRuler` with its patterns, in
    place; a pipeline without one, or with one already indexed, is left as it is."""
    if MODEL_RULER not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe(MODEL_RULER)
    if isinstance(ruler, IndexedAttributeRuler) or not isinstance(ruler, AttributeRuler):
        return
    patterns = ruler.patterns
    indexed = nlp.replace_pipe(MODEL_RULER, "eventetl_attribute_ruler", config={"validate": ruler.validate})
    assert isinstance(indexed, IndexedAttributeRuler)
    indexed.add_patterns(patterns)
