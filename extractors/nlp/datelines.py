"""Datelines: the place a news report was filed from, printed in capitals before its first sentence.

Wire and newspaper style (AP, Reuters, most papers) opens a report's body with a dateline:

    WASHINGTON, Nov 6 (Reuters) - The FBI said on Sunday ...
    CHARLESTON, W.Va. -- A state senator ...
    BYESVILLE -- Police arrested ...

The city is in capitals, optionally followed by its state or country (", W.Va.", ", Pakistan"),
a date (", Nov 6") and the agency ("(AP)"), then a dash. The small model rarely tags a capitalised
city as a place (it read "Mark Hosenball WASHINGTON" of a byline as one person), so the dateline
is found by this shape and confirmed by the gazetteer: the capitals must name a known place.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from extractors.pubdate import calendar_words

DASHES = frozenset({"-", "--", "---", "—", "–", "―"})
"""The dash closing a dateline ("BEIRUT —", "LONDON --", "ROSWELL -")."""
DATELINE_WINDOW = 80
"""Tokens after the headline a dateline may open within: a byline or a photo credit can come first."""
LONGEST_NAME = 5
"""The most tokens of a dateline's place name ("ISLE OF PALMS", "ST" "." "PAUL")."""
LONGEST_AGENCY = 6
"""The most tokens inside an agency's parentheses ("(Reuters)", "(AP)")."""
LONGEST_REGION = 3
"""The most words of the state or country after the city (", W.Va.", ", New Mexico")."""


def _is_dash(doc: Doc, i: int) -> bool:
    """A dash token (a "--" the tokenizer split is two "-": the first one closes the dateline)."""
    return doc[i].text in DASHES


def _skip_agency(doc: Doc, end: int) -> int:
    """Index before "(Reuters)" ending at ``end`` (inclusive), else ``end``."""
    if doc[end].text != ")":
        return end
    for i in range(end - 1, max(end - LONGEST_AGENCY - 1, -1), -1):
        if doc[i].text == "(":
            return i - 1
    return end


def _skip_date(doc: Doc, end: int, months: Callable[[str], bool]) -> int:
    """Index before ", Nov 6" or ", Dec. 5, 2016" ending at ``end``, else ``end``."""
    i = end
    if i >= 1 and doc[i].like_num and len(doc[i].text) == 4 and doc[i - 1].text == ",":
        i -= 2  # the year
    if i >= 1 and doc[i].like_num and months(doc[i - 1].lower_.rstrip(".")):
        i -= 2
        return i - 1 if i >= 0 and doc[i].text == "," else i
    return end


def _skip_region(doc: Doc, end: int) -> int:
    """Index before ", W.Va." or ", Pakistan" ending at ``end``, else ``end``."""
    for i in range(end, max(end - LONGEST_REGION - 1, 0), -1):
        if doc[i].text == "." and not doc[i - 1].whitespace_:
            continue  # an abbreviation's period the tokenizer split off ("W.Va" ".")
        if not doc[i].text[:1].isupper():
            return end
        if doc[i - 1].text == ",":
            return i - 2
    return end


def _is_capitals(doc: Doc, i: int) -> bool:
    """A word in capitals ("BEIRUT", "ST."), or the period the tokenizer split off one ("ST" ".")."""
    text = doc[i].text
    if text == "." and i > 0 and not doc[i - 1].whitespace_:
        return _is_capitals(doc, i - 1)
    return text.isupper() and any(c.isalpha() for c in text)


def find_dateline(doc: Doc, *, start: int, is_place: Callable[[str], bool]) -> Span | None:
    """The dateline's place name in ``doc`` after token ``start`` (the first body token), or None.

    ``is_place``: whether the gazetteer knows a name (in capitals, as written). The longest run of
    capitalised words before the dash that names a place is the name ("III. HUME" is "HUME" only
    when the gazetteer knows it); a dash after capitals that name nothing ("UPDATE -") is no dateline.
    """
    months = calendar_words().months.__contains__
    stop = min(len(doc), start + DATELINE_WINDOW)
    for dash in range(start + 1, stop):
        if not _is_dash(doc, dash) or dash + 1 >= len(doc) or not doc[dash - 1].text.strip():
            continue
        end = _skip_date(doc, _skip_agency(doc, dash - 1), months)
        if end >= start and not _is_capitals(doc, end):
            end = _skip_region(doc, end)  # the city's state or country is not in capitals
        if end < start or not _is_capitals(doc, end) or doc[end].text == ".":
            continue
        first = end
        while first - 1 >= start and end - first + 1 < LONGEST_NAME and _is_capitals(doc, first - 1):
            first -= 1
        for name_start in range(first, end + 1):
            name = doc[name_start : end + 1]
            if name[0].text == "." or (
                name_start > first and _is_capitals(doc, name_start - 1) and doc[name_start - 1].text == "."
            ):
                continue  # "ST. PARIS" is one name, never "PARIS"
            if is_place(name.text):
                return name
    return None
