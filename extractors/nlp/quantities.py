"""The ``eventetl_quantities`` component: numbers with their unit ("98 percent", "some 50,000 civilians").

It finds number phrases in a Doc (the model's numeric entities plus ``QUANTITY_PATTERNS``),
reads each one's value with ``numbers.parse_quantity_text``, decides its unit from the counted
noun (closed vocabulary ``extractors.vocabulary.QUANTITY_UNITS``), and stores them in
``doc.spans[SPAN_KEY]``, each with its ``Quantity`` on ``span._.quantity``. The words it reads
are lexicon files named in the factory config and loaded by ``initialize`` (or on the first
Doc, when nothing called it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from extractors.nlp.extensions import register_extensions
from extractors.nlp.matching import AnchoredMatcher
from extractors.nlp.numbers import (
    CURRENCY_LEXICON,
    HEDGES_LEXICON,
    MEASURE_WORDS_LEXICON,
    PERSON_NOUNS_LEXICON,
    SCALES_LEXICON,
    VAGUE_MAGNITUDES_LEXICON,
    PersonNouns,
    QuantityVocabulary,
    load_quantity_vocabulary,
    parse_quantity_text,
)
from extractors.nlp.rule_families import RuleSwitches

COMPONENT = "eventetl_quantities"
"""This component's name in the pipeline (and in ``rule_families.toml``)."""

SPAN_KEY = "eventetl_quantities"
"""``doc.spans`` key of the quantities found (read by events)."""

DURATION = r"(day|week|month|year|hour)"
"""Units of a hyphenated duration ("five-day", "6-year"): grammar of the patterns below."""

QUANTITY_PATTERNS: list[list[dict[str, Any]]] = [
    # The plural magnitudes that open a number phrase ("tens of thousands"); a pattern's own words.
    [
        {"LOWER": {"IN": ["tens", "hundreds", "thousands", "millions", "dozens", "scores"]}},
        {"LOWER": "of", "OP": "?"},
        {"LOWER": {"IN": ["thousands", "millions"]}, "OP": "?"},
    ],
    [{"LIKE_NUM": True, "ENT_TYPE": ""}],
    [{"TEXT": {"REGEX": rf"^\w+-{DURATION}$"}}],
    # "a three-day truce": the tokenizer splits the hyphen off
    [{"LIKE_NUM": True}, {"ORTH": "-"}, {"LOWER": {"IN": ["day", "week", "month", "year", "hour"]}}],
]
"""Number phrases the small model leaves untagged."""

NUMERIC_LABELS = ("CARDINAL", "PERCENT", "QUANTITY", "MONEY")
"""The model's entity labels of a number phrase."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, as ``span._.quantity`` holds it (the span's text is the phrase)."""

    value: float
    """The number's value ("some 50,000" -> 50000.0)."""
    unit: str
    """One of ``extractors.vocabulary.QUANTITY_UNITS``."""
    approximate: bool
    """True when hedged or vague ("some", "more than", "tens of thousands")."""
    out_of: float | None
    """The whole a part is counted against ("47 of its 57 staff" -> 57.0), else None."""


def counted_noun(span: Span) -> Token | None:
    """The noun a number counts: its head ("50,000 civilians"), or the object of "of" ("47 of its 57 staff")."""
    doc = span.doc
    root = span.root
    candidate: Token | None = None
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        candidate = root.head
    else:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    candidate = objects[0]
        if candidate is None and span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "ADJ"):
            candidate = doc[span.end]
    if candidate is not None and candidate.i < span.end and candidate.i >= span.start and span.end < len(doc):
        candidate = doc[span.end] if doc[span.end].pos_ in ("NOUN", "ADJ", "PROPN") else None
    return candidate


def unit_of(
    span: Span, vocabulary: QuantityVocabulary, person_nouns: PersonNouns
) -> tuple[str, Token | None]:
    """Unit of a number phrase from the closed vocabulary, and the noun it counts."""
    lower = span.text.lower()
    if span.label_ == "PERCENT" or "percent" in lower or "%" in lower or "per cent" in lower:
        return "percent", None
    doc = span.doc
    measures, currency = vocabulary.measure_words, vocabulary.currency
    next_token = doc[span.end] if span.end < len(doc) else None
    for token in list(span) + ([next_token] if next_token is not None else []):
        word = token.lower_.strip(".")
        if word in currency:
            return currency[word], None
        if word in measures and (token in span or token.i == span.end):
            return measures[word], None
        if "-" in word and word.split("-")[-1] in measures:  # "five-day", "6-year"
            return measures[word.split("-")[-1]], None
    noun = counted_noun(span)
    if noun is not None:
        if person_nouns.names_people(noun) or (noun.ent_type_ == "NORP" and noun.tag_ == "NNPS"):
            return "person", noun
        if noun.lower_ in measures:
            return measures[noun.lower_], noun
        if noun.pos_ == "NOUN":
            return "item", noun
    return "other", noun


def _is_year_or_ordinal(span: Span) -> bool:
    text = span.text.strip()
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text)) or span.root.ent_type_ == "ORDINAL"


class QuantityFinder:
    """Finds number phrases and stores their value, unit and approximation on ``span._.quantity``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        lexicons: dict[str, str],
        person_nouns: str,
        disabled_rules: list[str],
    ) -> None:
        self.name = name
        self.rules = RuleSwitches.of(COMPONENT, disabled_rules)
        self.nlp = nlp
        self.lexicons = lexicons
        """Lexicon file names by ``load_quantity_vocabulary`` argument."""
        self.person_nouns_lexicon = person_nouns
        self.vocabulary: QuantityVocabulary | None = None
        self.person_nouns: PersonNouns | None = None
        self.matcher = AnchoredMatcher(nlp.vocab, "QUANTITY", QUANTITY_PATTERNS)

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the lexicons named in the config (spaCy's ``initialize`` hook)."""
        self.vocabulary = load_quantity_vocabulary(**self.lexicons)
        self.person_nouns = PersonNouns.load(nlp or self.nlp, self.person_nouns_lexicon)

    def _loaded(self) -> tuple[QuantityVocabulary, PersonNouns]:
        if self.vocabulary is None or self.person_nouns is None:
            self.initialize()
        assert self.vocabulary is not None and self.person_nouns is not None  # set by initialize
        return self.vocabulary, self.person_nouns

    def _candidates(self, doc: Doc) -> list[Span]:
        spans = [ent for ent in doc.ents if ent.label_ in NUMERIC_LABELS]
        for _, start, end in self.matcher(doc):
            span = Span(doc, start, end, label="CARDINAL")
            covered = any(t.ent_type_ in ("DATE", "TIME", "ORDINAL") for t in span)
            if covered and not re.search(rf"-{DURATION}$", span.text.lower()):
                continue
            spans.append(span)
        return filter_spans(spans)

    def _is_restated(self, doc: Doc, span: Span, previous_end: int, measures: Iterable[str]) -> bool:
        """ "8 hectares (about 20 acres)": the parenthesised conversion is the same quantity again."""
        if span.start > 0 and doc[span.start - 1].text == "(" and span.start - 1 <= previous_end + 1:
            return True
        return span.start > 1 and doc[span.start - 1].text == "(" and doc[span.start - 2].lower_ in measures

    def __call__(self, doc: Doc) -> Doc:
        vocabulary, person_nouns = self._loaded()
        measures = vocabulary.measure_words
        kept: list[Span] = []
        previous_end = -10
        for span in self._candidates(doc):
            restated = self.rules.on("quantities.restatements") and self._is_restated(
                doc, span, previous_end, measures
            )
            if restated or _is_year_or_ordinal(span):
                continue
            if span.text.lower() in ("one",) and span.end < len(doc) and doc[span.end].lower_ == "of":
                continue  # "one of the most populous districts"
            parsed = parse_quantity_text(span.text, vocabulary)
            if parsed is None:
                continue
            unit, noun = unit_of(span, vocabulary, person_nouns)
            out_of = None
            if noun is not None and self.rules.on("quantities.part_of_whole"):
                # "47 of its 57 staff": the second number is the whole, not a quantity of its own.
                wholes = [t for t in noun.children if t.dep_ == "nummod" and t.i > span.end]
                if span.end < len(doc) and doc[span.end].lower_ == "of":
                    for whole in wholes:
                        # the number's whole phrase: "107 million" (its head is "million")
                        whole_value = parse_quantity_text(
                            doc[whole.left_edge.i : whole.i + 1].text, vocabulary
                        )
                        if whole_value is not None:
                            out_of = whole_value.value
            span._.quantity = Quantity(parsed.value, unit, parsed.approximate, out_of)
            kept.append(span)
            previous_end = span.end + (1 if span.end < len(doc) and doc[span.end].lower_ in measures else 0)
        # Drop the whole of "47 of its 57 staff": it is stored as the part's out_of.
        stated_wholes = [(k._.quantity.out_of, k.end) for k in kept if k._.quantity.out_of is not None]
        doc.spans[SPAN_KEY] = [
            s
            for s in kept
            if not any(
                out_of == s._.quantity.value and end < s.start <= end + 4 for out_of, end in stated_wholes
            )
        ]
        return doc


@Language.factory(
    COMPONENT,
    default_config={
        "disabled_rules": [],
        "measure_words": MEASURE_WORDS_LEXICON,
        "currency": CURRENCY_LEXICON,
        "hedges": HEDGES_LEXICON,
        "vague_magnitudes": VAGUE_MAGNITUDES_LEXICON,
        "scales": SCALES_LEXICON,
        "person_nouns": PERSON_NOUNS_LEXICON,
    },
    assigns=["doc.spans", "span._.quantity"],
    requires=["doc.ents", "token.dep", "token.pos", "token.tag", "token.lemma", "token.ent_type"],
)
def make_quantity_finder(
    nlp: Language,
    name: str,
    *,
    measure_words: str,
    currency: str,
    hedges: str,
    vague_magnitudes: str,
    scales: str,
    person_nouns: str,
    disabled_rules: list[str],
) -> QuantityFinder:
    """spaCy factory: ``nlp.add_pipe("eventetl_quantities")``; the config names its lexicon files and
    the rule families to switch off (``rule_families.toml``)."""
    register_extensions()
    lexicons = {
        "measure_words": measure_words,
        "currency": currency,
        "hedges": hedges,
        "vague_magnitudes": vague_magnitudes,
        "scales": scales,
    }
    return QuantityFinder(
        nlp, name, lexicons=lexicons, person_nouns=person_nouns, disabled_rules=disabled_rules
    )
