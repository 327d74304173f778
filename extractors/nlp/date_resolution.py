"""Resolving a time expression against the publication date: "on Saturday" -> 2016-12-10.

``resolve_relative_date`` is a plain function, tested on its own; the ``eventetl_dates``
component (``extractors.nlp.dates``) calls it on every time expression it finds. The words it
reads (month and weekday names, number words) are lexicon files, loaded on first use into a
``DateVocabulary`` together with the patterns built from them.

Complete dates in other shapes than "December 5, 2016" ("12/05/2016", "December 5th, 2016")
and "three days ago" go to ``dateparser``, which reads them better than a pattern of ours
would; the rules relative to the publication date that it cannot do (weekdays, "last month",
weekends, "over the past two days") are ours.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from extractors import lexicon
from extractors.pubdate import calendar_words, find_full_dates, month_number

NUMBER_WORDS_LEXICON = "dates_number_words"
"""Lexicon of the words that count days, weeks, months or years."""
DEICTIC_DAYS_LEXICON = "dates_deictic_days"
"""Lexicon of the words that name a day relative to the day of writing."""

YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
"""A year of the last or this century (no word list in it, so a module constant)."""

GRANULARITY_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
"""Days in one unit of "over the past N units" (a month as 30 days, as the rule always read it)."""


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive range of days and how precise it is (what ``span._.date_range`` holds)."""

    start: dt.date
    """First day (inclusive)."""
    end: dt.date
    """Last day (inclusive)."""
    granularity: str
    """day, weekend, week, month, year or range."""


@dataclass(frozen=True, slots=True)
class DatePatterns:
    """The patterns built from the vocabulary's words (applied to lower-cased, single-spaced text)."""

    month_word: str
    """The regex source of any month word ("dec", "december"), for Matcher patterns too."""
    month_day: re.Pattern[str]
    """ "Nov. 26" with no year after it."""
    day_month: re.Pattern[str]
    """ "26 November", "26th of November" with no number after it."""
    month_only: re.Pattern[str]
    """A month word, with the year when one follows."""
    weekday: re.Pattern[str]
    """A weekday name."""
    past_span: re.Pattern[str]
    """ "past two days", "last week": a count (digits or a number word) and a unit."""
    other_full_date: re.Pattern[str]
    """Complete dates that ``find_full_dates`` does not read: "12/05/2016", "December 5th, 2016"."""
    ago: re.Pattern[str]
    """ "three days ago", "2 weeks ago"; group ``open`` holds a "more than" before it."""


@dataclass(frozen=True, slots=True)
class DateVocabulary:
    """The words time expressions are read with, from the lexicon files, and their patterns."""

    months: Mapping[str, int]
    """Month spellings -> month number (``dates_calendar.toml``)."""
    weekdays: tuple[str, ...]
    """Weekday names in Python's weekday order (``dates_calendar.toml``)."""
    number_words: Mapping[str, int]
    """Counting words -> count ("two" -> 2, "few" -> 3)."""
    deictic_days: frozenset[str]
    """ "today", "tonight", "yesterday", "tomorrow"."""
    patterns: DatePatterns
    """The patterns built from the words above."""


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so it takes what a greedy optional
    suffix did: "september" before "sep")."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def build_patterns(
    months: Mapping[str, int], weekdays: tuple[str, ...], numbers: Mapping[str, int]
) -> DatePatterns:
    """Compile the date patterns from the loaded words."""
    month = f"(?:{_alternation(months)})"
    count = rf"(?:\d+|{_alternation(w for w in numbers if ' ' not in w)})"
    ordinal = r"\d{1,2}(?:st|nd|rd|th)"
    return DatePatterns(
        month_word=month,
        month_day=re.compile(
            rf"\b(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})"
        ),
        day_month=re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{month})\b(?!\.?\s*\d)"
        ),
        month_only=re.compile(rf"\b(?P<month>{month})\b(?:\s+(?P<year>\d{{4}}))?"),
        weekday=re.compile(rf"\b(?P<weekday>{_alternation(weekdays)})\b"),
        past_span=re.compile(
            rf"\b(?:past|last|previous)\s+(?P<count>{count})?\s*(?P<unit>day|week|month|year)s?\b"
        ),
        other_full_date=re.compile(
            rf"\b\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})\b"
            rf"|\b{month}\.?\s+{ordinal},?\s+\d{{4}}\b"
            rf"|\b{ordinal}\s+(?:of\s+)?{month}\.?,?\s+\d{{4}}\b"
        ),
        ago=re.compile(
            rf"(?P<open>\b(?:more than|over|at least)\s+)?\b{count}\s+(?:day|week|month|year)s?\s+ago\b"
        ),
    )


@functools.cache
def load_date_vocabulary(
    number_words: str = NUMBER_WORDS_LEXICON, deictic_days: str = DEICTIC_DAYS_LEXICON
) -> DateVocabulary:
    """The vocabulary from the named lexicon files (the component's config names them), read once."""
    calendar_names = calendar_words()
    numbers = MappingProxyType({word: int(n) for word, n in lexicon.table(number_words).items()})
    return DateVocabulary(
        months=calendar_names.months,
        weekdays=calendar_names.weekdays,
        number_words=numbers,
        deictic_days=lexicon.words(deictic_days),
        patterns=build_patterns(calendar_names.months, calendar_names.weekdays, numbers),
    )


def patterns() -> DatePatterns:
    """The default vocabulary's patterns (``tests/linear_support.py`` audits them)."""
    return load_date_vocabulary().patterns


def month_range(year: int, month: int) -> DateRange:
    """The calendar month as a range."""
    last = calendar.monthrange(year, month)[1]
    return DateRange(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _latest_weekday(anchor: dt.date, weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _next_weekday(anchor: dt.date, weekday: int) -> dt.date:
    return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)


@functools.lru_cache(maxsize=64)
def _date_parser(base: dt.date | None) -> Any:
    """dateparser's parser for English, relative to ``base`` (built on first use: importing
    dateparser takes 0.6 s). Month-first numeric dates ("12/05/2016" is December 5), as the US
    press writes them."""
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"DATE_ORDER": "MDY", "PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=4096)
def parse_with_dateparser(text: str, base: dt.date | None) -> DateRange | None:
    """``text`` read by dateparser (relative to ``base`` when given), as a range of its precision.

    dateparser gives a day and a period; a week period is the Monday-to-Sunday week holding the
    day, a month its calendar month, a year its calendar year. Cached: the parser costs about a
    millisecond a call (the first call 0.3 s), and a corpus repeats its expressions.
    """
    data = _date_parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return DateRange(monday, monday + dt.timedelta(days=6), "week")
    if data.period == "month":
        return month_range(day.year, day.month)
    if data.period == "year":
        return DateRange(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year")
    return DateRange(day, day, "day")


Rule = Callable[[str, dt.date, bool, DateVocabulary], "DateRange | None"]
"""One group of rules: (lower-cased expression, publication date, future, vocabulary) -> range."""


def _deictic(lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary) -> DateRange | None:
    """today, tonight, this morning, yesterday, tomorrow."""
    if re.search(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", lower):
        return DateRange(published, published, "day")
    if re.search(r"\byesterday\b", lower):
        day = published - dt.timedelta(days=1)
        return DateRange(day, day, "day")
    if re.search(r"\btomorrow\b", lower):
        day = published + dt.timedelta(days=1)
        return DateRange(day, day, "day")
    return None


def _weekend(lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary) -> DateRange | None:
    """The latest weekend (the next one when announced, or "next weekend")."""
    if "weekend" not in lower:
        return None
    if "next weekend" in lower or future:
        saturday = _next_weekday(published, 5)
    else:
        saturday = _latest_weekday(published, 5)
        if "last weekend" in lower and saturday == published:
            saturday -= dt.timedelta(days=7)
    return DateRange(saturday, saturday + dt.timedelta(days=1), "weekend")


def _ago(lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary) -> DateRange | None:
    """ "three days ago", "around ten years ago", read by dateparser; not "more than a week ago"."""
    found = vocabulary.patterns.ago.search(lower)
    if found is None or found["open"]:
        # "more than a week ago" is some time before that week: no range to give.
        return None
    return parse_with_dateparser(found.group(), published)


def _past_span(lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary) -> DateRange | None:
    """ "over the past two days": from that many units before publication up to it."""
    past = vocabulary.patterns.past_span.search(lower)
    if not (past and ("past" in lower or "previous" in lower or past["count"])):
        return None
    count = past["count"]
    n = int(count) if count and count.isdigit() else vocabulary.number_words.get(count or "a", 1)
    days = GRANULARITY_DAYS[past["unit"]] * n
    return DateRange(published - dt.timedelta(days=days), published, "range")


def _this_last_next(
    lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary
) -> DateRange | None:
    """this/last/next week, this/last month, this/last year ("this ..." runs up to publication)."""
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
        return month_range(previous.year, previous.month)
    if re.search(r"\bthis year\b", lower):
        return DateRange(dt.date(published.year, 1, 1), published, "year")
    if re.search(r"\blast year\b", lower):
        return DateRange(dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), "year")
    return None


def _weekday(lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary) -> DateRange | None:
    """A weekday: the latest such day up to publication, or the next one when announced."""
    weekday = vocabulary.patterns.weekday.search(lower)
    if not weekday:
        return None
    name = weekday["weekday"]
    index = vocabulary.weekdays.index(name)
    if future or re.search(rf"\bnext {name}\b", lower):
        day = _next_weekday(published, index)
    else:
        day = _latest_weekday(published, index)
        if re.search(rf"\blast {name}\b", lower) and day == published:
            day -= dt.timedelta(days=7)
    return DateRange(day, day, "day")


def _month_and_day(
    lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary
) -> DateRange | None:
    """ "Nov. 26", "26 November": that day in the latest year that is not after publication."""
    for pattern in (vocabulary.patterns.month_day, vocabulary.patterns.day_month):
        found = pattern.search(lower)
        if found:
            month, day_number = month_number(found["month"]), int(found["day"])
            try:
                day = dt.date(published.year, month, day_number)
                if day > published and not future:
                    day = dt.date(published.year - 1, month, day_number)
            except ValueError:
                return None
            return DateRange(day, day, "day")
    return None


def _month_or_year(
    lower: str, published: dt.date, future: bool, vocabulary: DateVocabulary
) -> DateRange | None:
    """A month (of the year given, else the latest one up to publication), else a bare year."""
    month_match = vocabulary.patterns.month_only.search(lower)
    # "since July" dates the start of a state: the event's date is July itself. "may" alone is the verb.
    if month_match and not (
        month_match["month"] == "may"
        and not month_match["year"]
        and not re.search(r"\b(?:in|since) may\b", lower)
    ):
        number = month_number(month_match["month"])
        year = int(month_match["year"]) if month_match["year"] else published.year
        if not month_match["year"] and dt.date(year, number, 1) > published and not future:
            year -= 1
        return month_range(year, number)
    year_match = YEAR.search(lower)
    if year_match:
        y = int(year_match["year"])
        return DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    return None


RELATIVE_RULES: tuple[Rule, ...] = (
    _deictic,
    _weekend,
    _past_span,
    _this_last_next,
    _weekday,
    _month_and_day,
    _month_or_year,
    _ago,
)
"""The rules that need the publication date, in the order they are tried: the first that reads
the expression decides ("ago" last: it only reads what no older rule read)."""


def _without_publication_date(lower: str, vocabulary: DateVocabulary) -> DateRange | None:
    """Only a bare year can be resolved without knowing when the text was written."""
    bare_year = YEAR.search(lower)
    if (
        bare_year
        and re.search(r"\b(?:in|since|during|of|by)?\s*" + bare_year["year"], lower)
        and not vocabulary.patterns.month_only.search(lower)
    ):
        y = int(bare_year["year"])
        return DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    return None


def resolve_relative_date(
    text: str, published: dt.date | None, *, future: bool = False, vocabulary: DateVocabulary | None = None
) -> DateRange | None:
    """Resolve a time expression against the publication date.

    ``future`` is True for announced events ("will meet on Saturday"): a weekday then means the
    next such day instead of the latest one. Returns None when the expression names no day range
    ("years", "11th hour") or needs a publication date that is unknown. ``vocabulary``: the
    component's loaded words (the default lexicon files when None).
    """
    vocabulary = vocabulary or load_date_vocabulary()
    lower = " ".join(text.lower().replace("’", "'").split())
    full = find_full_dates(text)
    if full:
        return DateRange(full[0][0], full[-1][0], "day" if len(full) == 1 else "range")
    other_full = vocabulary.patterns.other_full_date.search(lower)
    if other_full:
        parsed = parse_with_dateparser(other_full.group(), None)
        if parsed is not None:
            return parsed
    if published is None:
        return _without_publication_date(lower, vocabulary)
    for rule in RELATIVE_RULES:
        resolved = rule(lower, published, future, vocabulary)
        if resolved is not None:
            return resolved
    return None
