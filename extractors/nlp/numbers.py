"""Reading numbers written in words, and the words quantities are read with.

``parse_quantity_text`` turns the words of a number into a value and an approximate flag
("some 50,000", "tens of thousands", "eight"). ``QuantityVocabulary`` holds the lexicon files
quantities are read with (units of measure, currencies, hedges, magnitudes, scales, the nouns
that count people), loaded on first use or by the ``eventetl_quantities`` component's
``initialize``. ``PersonNouns`` answers "does this token count people", by lemma.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token
from text_to_num import text2num

from extractors import lexicon

MEASURE_WORDS_LEXICON = "quantities_measure_words"
CURRENCY_LEXICON = "quantities_currency"
HEDGES_LEXICON = "quantities_hedges"
VAGUE_MAGNITUDES_LEXICON = "quantities_vague_magnitudes"
SCALES_LEXICON = "quantities_scales"
PERSON_NOUNS_LEXICON = "quantities_person_nouns"

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
"""Digits of a number, with thousands separators and decimals."""

PERCENT_WORDS = ("percent", "per cent", "%", "pct")
"""How a percentage is written; removed before the number is read (the unit is decided apart)."""
FILLER_WORDS = frozenset({"of", "the", "all", "its", "their", "a"})
"""Words between a magnitude and what it counts ("tens of thousands of the"), skipped."""


@functools.cache
def _character_class(characters: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(characters)}]")


@dataclass(frozen=True, slots=True)
class QuantityVocabulary:
    """The words quantities are read with, from the lexicon files."""

    measure_words: Mapping[str, str]
    """Word of measure as written -> unit ("kms" -> "km")."""
    currency: Mapping[str, str]
    """Currency sign or word -> unit ("$" -> "currency_usd")."""
    hedges: tuple[str, ...]
    """Words that make a number approximate, longest first (the longest one a phrase starts with wins)."""
    vague_magnitudes: Mapping[str, float]
    """ "hundreds" -> 100.0: an order of magnitude, always approximate."""
    scales: Mapping[str, float]
    """ "million" -> 1e6: a multiplier after digits."""

    @property
    def currency_signs(self) -> re.Pattern[str]:
        """Any one-character currency sign of the currency table ("$", "€", "£")."""
        return _character_class("".join(sorted(k for k in self.currency if len(k) == 1 and not k.isalnum())))


@functools.cache
def load_quantity_vocabulary(
    measure_words: str = MEASURE_WORDS_LEXICON,
    currency: str = CURRENCY_LEXICON,
    hedges: str = HEDGES_LEXICON,
    vague_magnitudes: str = VAGUE_MAGNITUDES_LEXICON,
    scales: str = SCALES_LEXICON,
) -> QuantityVocabulary:
    """The vocabulary from the named lexicon files (the component's config names them), read once."""
    return QuantityVocabulary(
        measure_words=MappingProxyType({k: str(v) for k, v in lexicon.table(measure_words).items()}),
        currency=MappingProxyType({k: str(v) for k, v in lexicon.table(currency).items()}),
        hedges=tuple(sorted(lexicon.words(hedges), key=lambda h: (-len(h), h))),
        vague_magnitudes=MappingProxyType({k: float(v) for k, v in lexicon.table(vague_magnitudes).items()}),
        scales=MappingProxyType({k: float(v) for k, v in lexicon.table(scales).items()}),
    )


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number read from words."""

    value: float
    """The value."""
    approximate: bool
    """True when hedged or vague (some, more than, tens of thousands)."""


def _strip_hedge(lower: str, hedges: tuple[str, ...]) -> tuple[str, bool]:
    """``lower`` without its leading hedge (or the article "an"), and whether a hedge was there."""
    for hedge in hedges:
        if lower.startswith(hedge + " "):
            return lower[len(hedge) + 1 :], True
    if lower.startswith("an "):  # "an estimated" is a hedge; a bare "an" is only the article
        return lower[3:], False
    return lower, False


def parse_quantity_text(text: str, vocabulary: QuantityVocabulary | None = None) -> ParsedNumber | None:
    """Value and approximate flag of number words ("some 50,000", "tens of thousands", "eight").

    ``vocabulary``: the component's loaded words (the default lexicon files when None).
    """
    vocabulary = vocabulary or load_quantity_vocabulary()
    lower, approximate = _strip_hedge(" ".join(text.lower().replace("-", " ").split()), vocabulary.hedges)
    for word in PERCENT_WORDS:
        lower = lower.replace(word, " ")
    lower = vocabulary.currency_signs.sub(" ", lower)
    words = [w for w in lower.split() if w not in FILLER_WORDS]
    if not words:
        return None
    magnitudes, scales = vocabulary.vague_magnitudes, vocabulary.scales
    # "tens of thousands" -> 10 x 1000, vague; "hundreds" -> 100, vague.
    if words[0] in magnitudes:
        value = magnitudes[words[0]]
        for word in words[1:]:
            if word in magnitudes and word != "tens":
                value *= magnitudes[word]
        return ParsedNumber(value, True)
    digits = NUMBER.search(lower)
    if digits:
        try:
            value = float(digits.group().replace(",", ""))
        except ValueError:
            return None
        rest = lower[digits.end() :].split()
        if rest and rest[0] in scales:
            value *= scales[rest[0]]
        return ParsedNumber(value, approximate)
    number_words = []
    for word in words:
        if word in scales or re.fullmatch(r"[a-z]+", word):
            number_words.append(word)
        else:
            break
    for end in range(len(number_words), 0, -1):
        try:
            value = float(text2num(" ".join(number_words[:end]), "en"))
        except ValueError:
            continue
        return ParsedNumber(value, approximate)
    return None


class PersonNouns:
    """The nouns that count people (lexicon ``quantities_person_nouns.txt``, lemmas), matched on tokens.

    A token names people when its lemma is listed, or the word itself is a listed base form
    ("injured" tagged as a verb, lemma "injure"), or it is a proper noun whose common-noun lemma
    is listed: the model leaves "Rebels" in a headline unlemmatised as a proper noun; the
    pipeline's own lemmatizer rules for nouns give "rebel".
    """

    def __init__(self, lemmas: frozenset[str], noun_lemma: Callable[[str], str]) -> None:
        self.lemmas = lemmas
        """The listed lemmas."""
        self._noun_lemma = noun_lemma

    @classmethod
    def load(cls, nlp: Language | None, name: str = PERSON_NOUNS_LEXICON) -> PersonNouns:
        """The lexicon ``name``, with ``nlp``'s lemmatizer rules for proper nouns (none without one)."""
        lemmatizer = (
            nlp.get_pipe("lemmatizer") if nlp is not None and "lemmatizer" in nlp.pipe_names else None
        )
        if nlp is None or not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
            return cls(lexicon.words(name), lambda word: word)
        vocab = nlp.vocab

        @functools.lru_cache(maxsize=10_000)
        def noun_lemma(word: str) -> str:
            # The rules the lemmatizer applies to a common noun, on a one-word Doc tagged NOUN.
            lemmas = lemmatizer.rule_lemmatize(Doc(vocab, words=[word], pos=["NOUN"])[0])
            return str(lemmas[0]) if lemmas else word

        return cls(lexicon.words(name), noun_lemma)

    def names_people(self, token: Token) -> bool:
        """True when ``token`` is a noun that counts people ("civilians", "Rebels", "the wounded")."""
        lemmas = self.lemmas
        if token.lemma_.lower() in lemmas or token.lower_ in lemmas:
            return True
        return token.pos_ == "PROPN" and self._noun_lemma(token.lower_) in lemmas
