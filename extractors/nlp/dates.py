"""The ``eventetl_dates`` component: time expressions in a Doc, resolved against its publication date.

It takes the model's DATE and TIME entities plus what ``time_patterns`` match (expressions the
small model misses), resolves each against ``doc._.published_date`` with
``date_resolution.resolve_relative_date``, and puts those that resolve in
``doc.spans[SPAN_KEY]``, each with its ``DateRange`` on ``span._.date_range``.

The words it reads are lexicon files named in the factory config and loaded by ``initialize``
(or on the first Doc, when nothing called it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.nlp.date_resolution import (
    DEICTIC_DAYS_LEXICON,
    NUMBER_WORDS_LEXICON,
    DateRange,
    DateVocabulary,
    load_date_vocabulary,
    resolve_relative_date,
)
from extractors.nlp.extensions import register_extensions
from extractors.nlp.matching import AnchoredMatcher
from extractors.nlp.rule_families import RuleSwitches

COMPONENT = "eventetl_dates"
"""This component's name in the pipeline (and in ``rule_families.toml``)."""

__all__ = ["SPAN_KEY", "DateRange", "DateResolver", "resolve_relative_date", "time_patterns"]

SPAN_KEY = "eventetl_dates"
"""``doc.spans`` key of the resolved time expressions (read by events and ranking)."""

NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "FAC", "EVENT"})
"""Entity labels whose words are a name: "USA TODAY", "Good Morning America" hold no time
expression. (The model's label set, not vocabulary: kept in code.)"""

Pattern = list[dict[str, Any]]
"""One Matcher pattern."""


def time_patterns(vocabulary: DateVocabulary) -> list[Pattern]:
    """Matcher patterns for time expressions the small English model often leaves untagged.

    The structure is grammar and stays here; the open word lists come from the vocabulary. The
    few function words inside a pattern ("over", "during", "early") are its grammar too.
    """
    year = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}
    since = {"LOWER": "since"}
    month = {"LOWER": {"REGEX": rf"^{vocabulary.patterns.month_word}\.?$"}}
    day = {"LOWER": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}
    return [
        [
            {"LOWER": {"IN": ["over", "during", "this", "last", "next"]}, "OP": "?"},
            {"LOWER": "the", "OP": "?"},
            {"LOWER": "weekend"},
        ],
        [
            {"LOWER": {"IN": ["earlier", "later", "late", "early"]}, "OP": "?"},
            {"LOWER": {"IN": ["on", "last", "next"]}, "OP": "?"},
            {"LOWER": {"IN": list(vocabulary.weekdays)}},
        ],
        # "since" dates the start of a state: the month, or the day when one follows it ("since
        # Dec. 31"), or its year ("since December 2015"); the longest match is kept
        [since, month],
        [since, month, day],
        [since, month, day, {"ORTH": ",", "OP": "?"}, year],
        [since, day, {"LOWER": "of", "OP": "?"}, month],
        [since, month, year],
        [since, year],
        [{"LOWER": {"IN": ["in", "during"]}}, year],
        [{"LOWER": {"IN": sorted(vocabulary.deictic_days)}}],
        [
            {"LOWER": {"IN": ["over", "in", "during"]}},
            {"LOWER": "the"},
            {"LOWER": {"IN": ["past", "last"]}},
            {"LOWER": {"IN": sorted(vocabulary.number_words)}, "OP": "?"},
            {"LOWER": {"IN": ["day", "days", "week", "weeks"]}},
        ],
        [{"LOWER": {"IN": ["this", "last"]}}, {"LOWER": {"IN": ["week", "month", "year"]}}],
    ]


def is_name_word(span: Span, deictic_days: Iterable[str]) -> bool:
    """ "USA TODAY": a deictic day word in capitals, or capitalised inside a sentence, is part of a name."""
    first = span[0]
    if len(span) != 1 or first.lower_ not in deictic_days:
        return False
    return first.is_upper or (first.is_title and first.i != span.sent.start)


def is_counted_weekday(span: Span, weekdays: Iterable[str]) -> bool:
    """ "the first Saturday of each month", "every Friday": a weekday counted by an ordinal or
    repeated by "every"/"each" names no single day (not the latest such day)."""
    return any(
        token.lower_ in weekdays
        and any(
            child.ent_type_ == "ORDINAL" or (child.dep_ == "det" and child.lower_ in ("every", "each"))
            for child in token.children
        )
        for token in span
    )


def is_future_context(span: Span) -> bool:
    """The expression dates something announced: "will meet on Saturday", "they meet Saturday"."""
    head = span.root.head
    while head.dep_ in ("prep", "pobj", "npadvmod") and head.head != head:
        head = head.head
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    aux = {t.lower_ for t in verb.children if t.dep_ in ("aux", "auxpass")}
    return bool(aux & {"will", "shall", "'ll"}) or (verb.lower_ in ("meet", "hold") and verb.tag_ == "VBP")


class DateResolver:
    """Finds time expressions and resolves them against ``doc._.published_date``."""

    def __init__(
        self, nlp: Language, name: str, *, number_words: str, deictic_days: str, disabled_rules: list[str]
    ) -> None:
        self.name = name
        self.rules = RuleSwitches.of(COMPONENT, disabled_rules)
        self.vocab = nlp.vocab
        self.lexicons = (number_words, deictic_days)
        """The lexicon files of the counting words and the deictic day words."""
        self.vocabulary: DateVocabulary | None = None
        self.matcher: AnchoredMatcher | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the lexicons named in the config and build the matcher (spaCy's ``initialize`` hook)."""
        self.vocabulary = load_date_vocabulary(*self.lexicons)
        self.matcher = AnchoredMatcher(self.vocab, "TIME_EXPRESSION", time_patterns(self.vocabulary))

    def _loaded(self) -> tuple[DateVocabulary, AnchoredMatcher]:
        if self.vocabulary is None or self.matcher is None:
            self.initialize()
        assert self.vocabulary is not None and self.matcher is not None  # set by initialize
        return self.vocabulary, self.matcher

    def expression_spans(self, doc: Doc) -> list[Span]:
        """The model's DATE/TIME entities and the pattern matches, minus words of a name."""
        vocabulary, matcher = self._loaded()
        deictic = vocabulary.deictic_days
        spans = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME") and not is_name_word(ent, deictic)]
        if not self.rules.on("dates.patterns"):
            return filter_spans(spans)
        names = {t.i for ent in doc.ents if ent.label_ in NAME_LABELS for t in ent}
        spans += [
            Span(doc, start, end, label="DATE")
            for _, start, end in matcher(doc)
            if not names.intersection(range(start, end))
            and not is_name_word(doc[start:end], deictic)
            and not is_counted_weekday(doc[start:end], vocabulary.weekdays)
        ]
        return filter_spans(spans)

    def __call__(self, doc: Doc) -> Doc:
        vocabulary, _ = self._loaded()
        published = doc._.published_date
        published_date = dt.date.fromisoformat(published) if isinstance(published, str) else published
        kept = []
        for span in self.expression_spans(doc):
            resolved = resolve_relative_date(
                span.text,
                published_date,
                future=self.rules.on("dates.future_context") and is_future_context(span),
                vocabulary=vocabulary,
            )
            if resolved is not None:
                span._.date_range = resolved
                kept.append(span)
        doc.spans[SPAN_KEY] = kept
        return doc


@Language.factory(
    COMPONENT,
    default_config={
        "number_words": NUMBER_WORDS_LEXICON,
        "deictic_days": DEICTIC_DAYS_LEXICON,
        "disabled_rules": [],
    },
    assigns=["doc.spans", "span._.date_range"],
    requires=["doc.ents", "doc.sents", "token.dep", "token.pos", "token.tag", "doc._.published_date"],
)
def make_date_resolver(
    nlp: Language, name: str, *, number_words: str, deictic_days: str, disabled_rules: list[str]
) -> DateResolver:
    """spaCy factory: ``nlp.add_pipe("eventetl_dates")``; the config names its lexicon files and the
    rule families to switch off (``rule_families.toml``)."""
    register_extensions()
    return DateResolver(
        nlp, name, number_words=number_words, deictic_days=deictic_days, disabled_rules=disabled_rules
    )
