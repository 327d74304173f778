"""Time expressions: find them, and resolve them against the publication date.

``resolve_relative_date`` is a plain function (tested on its own); the
``eventetl_dates`` component finds time expressions in a Doc (the parser's
DATE entities plus patterns the small model misses), resolves each against
``doc._.published_date`` and puts them in ``doc.spans["eventetl_dates"]``
with the resolution on ``span._.date_range``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.nlp.matching import AnchoredMatcher
from extractors.pubdate import MONTHS, WEEKDAYS, find_full_dates

SPAN_KEY = "eventetl_dates"


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive range of days and how precise it is."""

    start: dt.date
    """First day (inclusive)."""
    end: dt.date
    """Last day (inclusive)."""
    granularity: str
    """day, weekend, week, month, year or range."""

    def as_list(self) -> list[str]:
        """Serialisable form stored on span extensions."""
        return [self.start.isoformat(), self.end.isoformat(), self.granularity]


_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_WORD})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})"
)
DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_WORD})\b(?!\.?\s*\d)"
)
MONTH_ONLY = re.compile(rf"\b(?P<month>{_MONTH_WORD})\b(?:\s+(?P<year>\d{{4}}))?")
YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
WEEKDAY = re.compile(r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "few": 3,
    "couple of": 2,
}
PAST_SPAN = re.compile(
    r"\b(?:past|last|previous)\s+(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several)?"
    r"\s*(?P<unit>day|week|month|year)s?\b"
)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS["sept" if word.startswith("sept") else word[:3]]


def _month_range(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _latest_weekday(anchor: dt.date, weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _next_weekday(anchor: dt.date, weekday: int) -> dt.date:
    return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)


def resolve_relative_date(text: str, published: dt.date | None, *, future: bool = False) -> DateRange | None:
    """Resolve a time expression against the publication date.

    ``future`` is True for announced events ("will meet on Saturday"): a
    weekday then means the next such day instead of the latest one. Returns
    None when the expression names no day range ("years", "11th hour") or
    needs a publication date that is unknown.
    """
    lower = " ".join(text.lower().replace("’", "'").split())
    full = find_full_dates(text)
    if full:
        return DateRange(full[0][0], full[-1][0], "day" if len(full) == 1 else "range")
    if published is None:
        # Only complete dates and bare years can be resolved without knowing when the text was written.
        bare_year = YEAR.search(lower)
        if (
            bare_year
            and re.search(r"\b(?:in|since|during|of|by)?\s*" + bare_year["year"], lower)
            and not MONTH_ONLY.search(lower)
        ):
            y = int(bare_year["year"])
            return DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        return None
    if re.search(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", lower):
        return DateRange(published, published, "day")
    if re.search(r"\byesterday\b", lower):
        day = published - dt.timedelta(days=1)
        return DateRange(day, day, "day")
    if re.search(r"\btomorrow\b", lower):
        day = published + dt.timedelta(days=1)
        return DateRange(day, day, "day")
    if "weekend" in lower:
        if "next weekend" in lower or future:
            saturday = _next_weekday(published, 5)
        else:
            saturday = _latest_weekday(published, 5)
            if "last weekend" in lower and saturday == published:
                saturday -= dt.timedelta(days=7)
        return DateRange(saturday, saturday + dt.timedelta(days=1), "weekend")
    past = PAST_SPAN.search(lower)
    if past and ("past" in lower or "previous" in lower or past["count"]):
        count = past["count"]
        n = int(count) if count and count.isdigit() else NUMBER_WORDS.get(count or "a", 1)
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[past["unit"]] * n
        return DateRange(published - dt.timedelta(days=days), published, "range")
    if re.search(r"\bthis week\b", lower):
        return DateRange(published - dt.timedelta(days=published.weekday()), published, "week")
    if re.search(r"\blast week\b", lower):
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return DateRange(monday, monday + dt.timedelta(days=6), "week")
    if re.search(r"\bnext week\b", lower):
        monday = published + dt.timedelta(days=7 - published.weekday())
        return DateRange(monday, monday + dt.timedelta(days=6), "week")
    if re.search(r"\bthis month\b", lower):
        return DateRange(published.replace(day=1), published, "month")
    if re.search(r"\blast month\b", lower):
        previous = published.replace(day=1) - dt.timedelta(days=1)
        return _month_range(previous.year, previous.month)
    if re.search(r"\bthis year\b", lower):
        return DateRange(dt.date(published.year, 1, 1), published, "year")
    if re.search(r"\blast year\b", lower):
        return DateRange(dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), "year")
    weekday = WEEKDAY.search(lower)
    if weekday:
        index = WEEKDAYS.index(weekday["weekday"])
        if future or re.search(rf"\bnext {weekday['weekday']}\b", lower):
            day = _next_weekday(published, index)
        else:
            day = _latest_weekday(published, index)
            if re.search(rf"\blast {weekday['weekday']}\b", lower) and day == published:
                day -= dt.timedelta(days=7)
        return DateRange(day, day, "day")
    for pattern in (MONTH_DAY, DAY_MONTH):
        found = pattern.search(lower)
        if found:
            month_number, day_number = _month_number(found["month"]), int(found["day"])
            try:
                day = dt.date(published.year, month_number, day_number)
                if day > published and not future:
                    day = dt.date(published.year - 1, month_number, day_number)
            except ValueError:
                return None
            return DateRange(day, day, "day")
    month_match = MONTH_ONLY.search(lower)
    # "since July" dates the start of a state: the event's date is July itself.
    if month_match and not (
        month_match["month"] == "may"
        and not month_match["year"]
        and not re.search(r"\b(?:in|since) may\b", lower)
    ):
        number = _month_number(month_match["month"])
        year = int(month_match["year"]) if month_match["year"] else published.year
        if not month_match["year"] and dt.date(year, number, 1) > published and not future:
            year -= 1
        return _month_range(year, number)
    year_match = YEAR.search(lower)
    if year_match:
        y = int(year_match["year"])
        return DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    return None


# Patterns for time expressions the small English model often leaves untagged.
TIME_PATTERNS: list[list[dict[str, object]]] = [
    [
        {"LOWER": {"IN": ["over", "during", "this", "last", "next"]}, "OP": "?"},
        {"LOWER": "the", "OP": "?"},
        {"LOWER": "weekend"},
    ],
    [
        {"LOWER": {"IN": ["earlier", "later", "late", "early"]}, "OP": "?"},
        {"LOWER": {"IN": ["on", "last", "next"]}, "OP": "?"},
        {"LOWER": {"IN": list(WEEKDAYS)}},
    ],
    [{"LOWER": "since"}, {"LOWER": {"REGEX": rf"^{_MONTH_WORD}\.?$"}}],
    [{"LOWER": "since"}, {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}],
    [{"LOWER": {"IN": ["in", "during"]}}, {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}],
    [{"LOWER": {"IN": ["today", "yesterday", "tomorrow", "tonight"]}}],
    [
        {"LOWER": {"IN": ["over", "in", "during"]}},
        {"LOWER": "the"},
        {"LOWER": {"IN": ["past", "last"]}},
        {"LOWER": {"IN": list(NUMBER_WORDS)}, "OP": "?"},
        {"LOWER": {"IN": ["day", "days", "week", "weeks"]}},
    ],
    [{"LOWER": {"IN": ["this", "last"]}}, {"LOWER": {"IN": ["week", "month", "year"]}}],
]


NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "FAC", "EVENT"})
"""Entities whose words are a name: "USA TODAY", "Good Morning America" hold no time expression."""


DEICTIC_DAYS = frozenset({"today", "tonight", "yesterday", "tomorrow"})


def _is_name_word(span: Span) -> bool:
    """ "USA TODAY": a deictic day word in capitals, or capitalised inside a sentence, is part of a name."""
    first = span[0]
    if len(span) != 1 or first.lower_ not in DEICTIC_DAYS:
        return False
    return first.is_upper or (first.is_title and first.i != span.sent.start)


def _expression_spans(doc: Doc, matcher: AnchoredMatcher) -> list[Span]:
    spans = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME") and not _is_name_word(ent)]
    names = {t.i for ent in doc.ents if ent.label_ in NAME_LABELS for t in ent}
    spans += [
        Span(doc, start, end, label="DATE")
        for _, start, end in matcher(doc)
        if not names.intersection(range(start, end)) and not _is_name_word(doc[start:end])
    ]
    return filter_spans(spans)


def _is_future_context(span: Span) -> bool:
    head = span.root.head
    while head.dep_ in ("prep", "pobj", "npadvmod") and head.head != head:
        head = head.head
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    aux = {t.lower_ for t in verb.children if t.dep_ in ("aux", "auxpass")}
    return bool(aux & {"will", "shall", "'ll"}) or (verb.lower_ in ("meet", "hold") and verb.tag_ == "VBP")


class DateResolver:
    """Finds time expressions and resolves them against ``doc._.published_date``."""

    def __init__(self, nlp: Language, name: str, *, span_key: str) -> None:
        self.name = name
        self.span_key = span_key
        self.matcher = AnchoredMatcher(nlp.vocab, "TIME_EXPRESSION", TIME_PATTERNS)

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published_date
        published_date = dt.date.fromisoformat(published) if isinstance(published, str) else published
        kept = []
        for span in _expression_spans(doc, self.matcher):
            resolved = resolve_relative_date(span.text, published_date, future=_is_future_context(span))
            if resolved is not None:
                span._.date_range = resolved.as_list()
                kept.append(span)
        doc.spans[self.span_key] = kept
        return doc


@Language.factory("eventetl_dates", default_config={"span_key": SPAN_KEY})
def make_date_resolver(nlp: Language, name: str, *, span_key: str) -> DateResolver:
    """spaCy factory: ``nlp.add_pipe("eventetl_dates")``."""
    return DateResolver(nlp, name, span_key=span_key)
