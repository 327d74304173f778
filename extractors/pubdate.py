"""Find a document's own publication date, and say how it was found.

Order of evidence: source metadata (a date field, else a date in the URL); a dateline or a date printed alone under
the headline; full dates in the text or captions that agree with the text's
weekday references ("said Monday" beside "Monday, Dec. 5, 2016"). Otherwise
the date is unknown; never the time of ingestion or a file's mtime.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from extractors import lexicon

CALENDAR_LEXICON = "dates_calendar"
"""The lexicon file of month and weekday names."""


@dataclass(frozen=True, slots=True)
class CalendarWords:
    """The English calendar words dates are written with (lexicon ``dates_calendar.toml``)."""

    months: Mapping[str, int]
    """Every spelling of a month name, lower-cased and without its dot ("dec", "sept") -> 1-12."""
    weekdays: tuple[str, ...]
    """Weekday names, lower-cased, in Python's weekday order (Monday first)."""


@functools.cache
def calendar_words() -> CalendarWords:
    """The calendar words, read from the lexicon on first use (never at import)."""
    data = lexicon.table(CALENDAR_LEXICON)
    weekdays = dict(data["weekdays"])
    return CalendarWords(
        months=MappingProxyType({name: int(number) for name, number in data["months"].items()}),
        weekdays=tuple(sorted(weekdays, key=weekdays.__getitem__)),
    )


def month_number(word: str) -> int:
    """The month a month word names ("Dec.", "December", "Sept" -> 12, 12, 9), by its first letters
    as the patterns allow them; KeyError for a word that is no month."""
    word = word.lower().rstrip(".")
    return calendar_words().months["sept" if word.startswith("sept") else word[:3]]


# The reading step's own pattern of a complete date (audited in tests/test_cleaning_linear.py and
# compared there with its original): capitalised month names, as a dateline prints them.
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# Each ``\s++`` is followed by a digit or a letter, so giving spaces back could never help: possessive
# runs keep every search linear (a run of spaces is read once, from the word before it).
FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\s++(?P<day>\d{{1,2}}),?\s++(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s++{_MONTH.replace('month', 'month2')}\s++(?P<year2>\d{{4}}))(?!\d)"
)
CAPTION_HINT = re.compile(r"\b(?:photo|image|picture|screenshot|pictured)\b", re.IGNORECASE)


def parse_metadata_date(value: str) -> dt.date | None:
    """A date from a metadata field (ISO timestamps, "December 12, 2016", ...); None if there is none."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    found = find_full_dates(value)
    return found[0][0] if found else None


URL_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?!\d)")


def date_from_url(url: str | None) -> dt.date | None:
    """A publication date written in an article URL's path (``/2016/11/03/``, ``/2016-11-03-``), if any."""
    if not url:
        return None
    for match in URL_DATE.finditer(url):
        try:
            return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
    return None


def find_full_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every complete day-month-year date written in ``text``, with its character span."""
    dates = []
    for match in FULL_DATE.finditer(text):
        day = int(match["day"] or match["day2"])
        year = int(match["year"] or match["year2"])
        try:
            month = month_number(match["month"] or match["month2"])
            dates.append((dt.date(year, month, day), match.start(), match.end()))
        except (ValueError, KeyError):
            continue
    return dates


def infer_published_date(text: str, *, title: str | None = None) -> tuple[dt.date | None, str]:
    """The publication date of cleaned article ``text`` and its source label."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    # A date printed alone under the headline (or a dateline opening the first lines).
    for paragraph in paragraphs[:4]:
        found = find_full_dates(paragraph)
        if found and len(paragraph) <= 40:
            return found[0][0], "dateline"
    lower = text.lower()
    # ``day in lower`` first: a plain substring search skips a long text that names no weekday at
    # C speed, where the pattern would step through every character (7 passes over the text).
    weekdays = calendar_words().weekdays
    mentioned_weekdays = {day for day in weekdays if day in lower and re.search(rf"\b{day}\b", lower)}
    candidates: list[tuple[dt.date, str]] = []
    for paragraph in paragraphs:
        kind = "caption" if CAPTION_HINT.search(paragraph) else "text"
        for date, _, _ in find_full_dates(paragraph):
            if weekdays[date.weekday()] in mentioned_weekdays:
                candidates.append((date, kind))
    if candidates:
        # The report is written on (or after) the latest day it speaks of by weekday.
        return max(candidates, key=lambda c: c[0])
    return None, "unknown"


def resolve_published_date(
    text: str, *, title: str | None, metadata_dates: Iterable[str | None] = (), url: str | None = None
) -> tuple[dt.date | None, str]:
    """The publication date by the order of evidence, and its source label.

    ``metadata_dates``: the source's own date fields, best first (metadata); then a date in
    ``url`` (url); then what the cleaned ``text`` shows (dateline, text, caption); else unknown.
    """
    for value in metadata_dates:
        found = parse_metadata_date(value or "")
        if found is not None:
            return found, "metadata"
    from_url = date_from_url(url)
    if from_url is not None:
        return from_url, "url"
    return infer_published_date(text, title=title)
