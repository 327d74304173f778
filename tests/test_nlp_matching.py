"""AnchoredMatcher: the Matcher's matches, found by matching only around the patterns' anchors."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from extractors.nlp.date_resolution import load_date_vocabulary
from extractors.nlp.dates import time_patterns
from extractors.nlp.matching import AnchoredMatcher, longest_match, word_test
from extractors.nlp.quantities import QUANTITY_PATTERNS

TIME_PATTERNS = time_patterns(load_date_vocabulary())
PATTERN_SETS = {"dates": TIME_PATTERNS, "quantities": QUANTITY_PATTERNS}

WORDS = (
    "since", "Since", "in", "during", "the", "last", "past", "this", "next", "over", "early",
    "week", "weeks", "weekend", "month", "year", "day", "days", "Monday", "friday", "today",
    "yesterday", "two", "three", "a", "few", "March", "Dec.", "2016", "1999", "12", "4,000",
    "-", "hour", "five-day", "of", "thousands", "dozens", "millions", "on", "rebels", "said", ".",
)  # fmt: skip
"""Words of the patterns, their near misses and filler, so random sentences hold many matches."""


@pytest.fixture(scope="module")
def blank_vocab() -> spacy.vocab.Vocab:
    # A blank English pipeline has the real word attributes (LOWER, LIKE_NUM) and no model to load.
    return spacy.blank("en").vocab


def plain_matches(vocab: spacy.vocab.Vocab, patterns: list, doc: Doc) -> list[tuple[int, int, int]]:
    matcher = Matcher(vocab)
    matcher.add("KEY", patterns)
    return list(matcher(doc))


@pytest.mark.parametrize("pattern_set", sorted(PATTERN_SETS))
@pytest.mark.parametrize(
    "words",
    [
        # at the Doc's first and last tokens
        ["yesterday", "rebels", "said", "since", "2016"],
        # matches in windows that overlap, and optional tokens on both sides of the anchor
        ["over", "the", "past", "two", "weeks", "and", "early", "on", "Monday", "this", "week"],
        # numbers, hyphenated durations and vague magnitudes
        ["thousands", "of", "millions", "fled", "a", "five-day", "truce", "12", "-", "hour", "4,000"],
        # nothing to match; and a Doc of one anchor
        ["rebels", "said", "."],
        ["today"],
        [],
    ],
)
def test_same_matches_as_the_matcher(blank_vocab, pattern_set: str, words: list[str]) -> None:
    patterns = PATTERN_SETS[pattern_set]
    doc = Doc(blank_vocab, words=words)
    assert AnchoredMatcher(blank_vocab, "KEY", patterns)(doc) == plain_matches(blank_vocab, patterns, doc)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=60), pattern_set=st.sampled_from(sorted(PATTERN_SETS)))
def test_same_matches_as_the_matcher_on_any_sentence(blank_vocab, words: list[str], pattern_set: str) -> None:
    patterns = PATTERN_SETS[pattern_set]
    doc = Doc(blank_vocab, words=words)
    assert AnchoredMatcher(blank_vocab, "KEY", patterns)(doc) == plain_matches(blank_vocab, patterns, doc)


def test_matches_only_around_anchors(blank_vocab) -> None:
    words = ["rebels", "said"] * 10 + ["since", "2016"] + ["rebels", "said"] * 10
    matcher = AnchoredMatcher(blank_vocab, "KEY", TIME_PATTERNS)
    # "since 2016" is at 20-21. Its pattern's anchors ("since", a year) occur once each, and the first
    # is taken; the longest date pattern has 5 tokens, so a match reaches 4 tokens either side of it.
    assert matcher.reach == 4
    assert matcher.windows(Doc(blank_vocab, words=words)) == [(16, 25)]


@pytest.mark.parametrize(
    "patterns",
    [
        [[{"POS": "NUM"}]],  # nothing the word alone decides
        [[{"LOWER": "since"}, {"IS_DIGIT": True, "OP": "+"}]],  # no bound on a match's length
        [[{"LOWER": "since", "OP": "?"}]],  # every token optional
    ],
)
def test_matches_the_whole_doc_when_a_pattern_has_no_usable_anchor(blank_vocab, patterns) -> None:
    doc = Doc(blank_vocab, words=["since", "2016", "rebels", "said"])
    assert AnchoredMatcher(blank_vocab, "KEY", patterns).windows(doc) == [(0, 4)]


@pytest.mark.parametrize(
    ("pattern", "length"),
    [
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}, {"LOWER": "c", "OP": "!"}], 3),
        ([{"LOWER": "a", "OP": "{2}"}, {"LOWER": "b", "OP": "{1,3}"}], 5),
        ([{"LOWER": "a", "OP": "*"}], None),
        ([{"LOWER": "a", "OP": "{2,}"}], None),
    ],
)
def test_longest_match(pattern, length: int | None) -> None:
    assert longest_match(pattern) == length


@pytest.mark.parametrize(
    ("spec", "passes", "fails"),
    [
        ({"LOWER": "since"}, ["since", "Since"], ["sinc"]),
        ({"ORTH": "-"}, ["-"], ["–"]),
        ({"LOWER": {"IN": ["monday", "friday"]}}, ["Friday"], ["Fri"]),
        ({"TEXT": {"REGEX": r"^\w+-day$"}}, ["five-day"], ["Five-days"]),
        ({"LIKE_NUM": True, "ENT_TYPE": ""}, ["4,000", "three"], ["rebels"]),
    ],
)
def test_word_test_decides_from_the_word_alone(blank_vocab, spec, passes, fails) -> None:
    getters = blank_vocab.lex_attr_getters
    test = word_test(spec, lower=str.lower, like_num=getters[spacy.attrs.LIKE_NUM])
    assert test is not None
    assert [test(w) for w in passes] == [True] * len(passes)
    assert [test(w) for w in fails] == [False] * len(fails)


@pytest.mark.parametrize("spec", [{"LOWER": "since", "OP": "?"}, {"LOWER": "x", "OP": "*"}, {"POS": "NUM"}])
def test_word_test_is_none_for_tokens_a_match_may_lack_or_the_word_cannot_decide(spec) -> None:
    assert word_test(spec, lower=str.lower, like_num=lambda word: False) is None
