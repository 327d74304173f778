"""Time expressions: resolve_relative_date on literal expressions and generated ones, and the
eventetl_dates component on literal sentences and on hand-built Docs."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from nlp_support import run_components
from spacy.tokens import Doc

from extractors.nlp.date_resolution import DateRange, load_date_vocabulary, resolve_relative_date
from extractors.nlp.dates import SPAN_KEY, is_name_word

MONDAY = dt.date(2016, 12, 5)
SATURDAY = dt.date(2016, 12, 10)


def as_tuple(resolved: DateRange | None) -> tuple[str, str, str] | None:
    if resolved is None:
        return None
    return resolved.start.isoformat(), resolved.end.isoformat(), resolved.granularity


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        ("Monday", MONDAY, False, ("2016-12-05", "2016-12-05", "day")),
        ("on Saturday", MONDAY, False, ("2016-12-03", "2016-12-03", "day")),
        ("on Saturday", MONDAY, True, ("2016-12-10", "2016-12-10", "day")),
        ("earlier on Monday", MONDAY, False, ("2016-12-05", "2016-12-05", "day")),
        ("Late on Friday", SATURDAY, False, ("2016-12-09", "2016-12-09", "day")),
        ("last Saturday", SATURDAY, False, ("2016-12-03", "2016-12-03", "day")),
        ("next Monday", SATURDAY, False, ("2016-12-12", "2016-12-12", "day")),
        ("over the weekend", dt.date(2016, 12, 12), False, ("2016-12-10", "2016-12-11", "weekend")),
        ("last weekend", SATURDAY, False, ("2016-12-03", "2016-12-04", "weekend")),
        ("next weekend", MONDAY, False, ("2016-12-10", "2016-12-11", "weekend")),
        ("last month", MONDAY, False, ("2016-11-01", "2016-11-30", "month")),
        ("last month", dt.date(2016, 3, 15), False, ("2016-02-01", "2016-02-29", "month")),
        ("this week", dt.date(2016, 12, 7), False, ("2016-12-05", "2016-12-07", "week")),
        ("last week", dt.date(2016, 12, 7), False, ("2016-11-28", "2016-12-04", "week")),
        ("since July", MONDAY, False, ("2016-07-01", "2016-07-31", "month")),
        ("Nov. 26", MONDAY, False, ("2016-11-26", "2016-11-26", "day")),
        ("Sept. 3", MONDAY, False, ("2016-09-03", "2016-09-03", "day")),
        ("26th of November", MONDAY, False, ("2016-11-26", "2016-11-26", "day")),
        ("December 20", MONDAY, False, ("2015-12-20", "2015-12-20", "day")),
        ("in 2012", MONDAY, False, ("2012-01-01", "2012-12-31", "year")),
        ("last year", MONDAY, False, ("2015-01-01", "2015-12-31", "year")),
        ("over the past two days", SATURDAY, False, ("2016-12-08", "2016-12-10", "range")),
        ("the past few weeks", SATURDAY, False, ("2016-11-19", "2016-12-10", "range")),
        ("December 10, 2016", None, False, ("2016-12-10", "2016-12-10", "day")),
        ("yesterday", MONDAY, False, ("2016-12-04", "2016-12-04", "day")),
        ("tonight", MONDAY, False, ("2016-12-05", "2016-12-05", "day")),
        ("tomorrow", MONDAY, False, ("2016-12-06", "2016-12-06", "day")),
    ],
)
def test_resolves_against_publication_date(text, published, future, expected) -> None:
    assert as_tuple(resolve_relative_date(text, published, future=future)) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # read by dateparser: the rules read the first as its year, the second as a month of the publication year
        ("12/05/2016", None, ("2016-12-05", "2016-12-05", "day")),
        ("on 12/05/2016", MONDAY, ("2016-12-05", "2016-12-05", "day")),
        ("December 5th, 2016", dt.date(2017, 3, 1), ("2016-12-05", "2016-12-05", "day")),
        ("the 5th of December 2016", None, ("2016-12-05", "2016-12-05", "day")),
        # "ago" had no rule: such an expression was dropped
        ("three days ago", SATURDAY, ("2016-12-07", "2016-12-07", "day")),
        ("2 weeks ago", SATURDAY, ("2016-11-21", "2016-11-27", "week")),
        ("two months ago", SATURDAY, ("2016-10-01", "2016-10-31", "month")),
        ("a year ago", SATURDAY, ("2015-01-01", "2015-12-31", "year")),
        ("around ten years ago", SATURDAY, ("2006-01-01", "2006-12-31", "year")),
    ],
)
def test_other_complete_dates_and_ago(text: str, published: dt.date | None, expected) -> None:
    assert as_tuple(resolve_relative_date(text, published)) == expected


@pytest.mark.parametrize("text", ["Monday", "last month", "over the weekend", "Nov. 26", "three days ago"])
def test_relative_dates_stay_unresolved_without_publication_date(text: str) -> None:
    assert resolve_relative_date(text, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "years",
        "11th hour",
        "nearly 6-year",
        "12/05",
        "ages ago",
        "may",
        "more than a week ago",
        "over 2 years ago",
    ],
)
def test_expressions_naming_no_day_are_not_resolved(text: str) -> None:
    assert resolve_relative_date(text, MONDAY) is None


# ------------------------------------------------------------------ properties

RELATIVE_PHRASES = (
    "today", "yesterday", "tomorrow", "tonight", "this morning", "over the weekend", "last weekend",
    "next weekend", "this week", "last week", "next week", "this month", "last month", "this year",
    "last year", "over the past two days", "the past few weeks", "in the last three months",
    "the past year", "since July", "in March 2015", "Nov. 26", "26 November", "December 31",
    "in 2012", "three days ago", "two weeks ago", "a month ago", "five years ago",
)  # fmt: skip
WEEKDAY_PHRASES = tuple(
    f"{how}{day}" for how in ("", "on ", "last ", "next ", "late on ") for day in calendar.day_name
)
GRANULARITY_LENGTHS = {"day": (1, 1), "weekend": (2, 2), "week": (1, 7)}
"""Days a range of each granularity spans (a "this week" runs from Monday up to publication)."""


@settings(max_examples=300, deadline=None)
@given(
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    phrase=st.sampled_from(RELATIVE_PHRASES + WEEKDAY_PHRASES),
    future=st.booleans(),
)
def test_a_resolved_range_is_ordered_and_as_long_as_its_granularity(
    published: dt.date, phrase: str, future: bool
) -> None:
    resolved = resolve_relative_date(phrase, published, future=future)
    assert resolved is not None
    assert resolved.start <= resolved.end
    days = (resolved.end - resolved.start).days + 1
    if resolved.granularity in GRANULARITY_LENGTHS:
        shortest, longest = GRANULARITY_LENGTHS[resolved.granularity]
        assert shortest <= days <= longest
    if resolved.granularity == "weekend":
        assert (resolved.start.weekday(), resolved.end.weekday()) == (5, 6)
    if resolved.granularity == "week":
        assert resolved.start.weekday() == 0
    if resolved.granularity == "month":
        # a calendar month (or "this month": its first day up to publication)
        assert resolved.start.day == 1 and resolved.start.month == resolved.end.month
        last = calendar.monthrange(resolved.end.year, resolved.end.month)[1]
        assert resolved.end.day == last or resolved.end == published
    if resolved.granularity == "year":
        assert (resolved.start.month, resolved.start.day) == (1, 1)
        assert resolved.start.year == resolved.end.year
        assert (resolved.end.month, resolved.end.day) == (12, 31) or resolved.end == published
    if resolved.granularity == "range":
        assert resolved.end == published


@settings(max_examples=200, deadline=None)
@given(
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    weekday=st.sampled_from([d.lower() for d in calendar.day_name]),
    future=st.booleans(),
)
def test_a_weekday_is_that_day_within_a_week_of_publication(
    published: dt.date, weekday: str, future: bool
) -> None:
    resolved = resolve_relative_date(f"on {weekday}", published, future=future)
    assert resolved is not None and resolved.granularity == "day" and resolved.start == resolved.end
    assert calendar.day_name[resolved.start.weekday()].lower() == weekday
    distance = (resolved.start - published).days
    assert (0 <= distance < 7) if future else (-7 < distance <= 0)


# ------------------------------------------------------------------ the component


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia said Saturday that 50,000 civilians had fled.", ("2016-12-10", "2016-12-10", "day")),
        ("Officials will meet in Geneva on Saturday.", ("2016-12-17", "2016-12-17", "day")),
        ("The offensive began last month.", ("2016-11-01", "2016-11-30", "month")),
        ("The army said it had retaken the district three days ago.", ("2016-12-09", "2016-12-09", "day")),
    ],
)
def test_date_component_resolves_against_the_document(nlp, sentence: str, expected) -> None:
    doc = run_components(nlp, sentence, published="2016-12-12")
    assert [as_tuple(s._.date_range) for s in doc.spans[SPAN_KEY]] == [expected]
    assert all(isinstance(s._.date_range, DateRange) for s in doc.spans[SPAN_KEY])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "since" dates the start of a state: the day when one follows the month, not the whole month
        (
            "She said she hadn't heard from him since Dec. 31.",
            ("since Dec. 31", ("2015-12-31", "2015-12-31", "day")),
        ),
        (
            "Nobody has seen him since Jan. 1, officials said.",
            ("since Jan. 1", ("2016-01-01", "2016-01-01", "day")),
        ),
        ("Fighting has raged since 31 December.", ("since 31 December", ("2015-12-31", "2015-12-31", "day"))),
        (
            "Fighting has raged since Dec. 31, 2014.",
            ("since Dec. 31, 2014", ("2014-12-31", "2014-12-31", "day")),
        ),
        # the month alone stays the month; a year after it is its year, not the latest such month
        ("Fighting has raged since December.", ("since December", ("2016-12-01", "2016-12-31", "month"))),
        (
            "Fighting has raged since December 2014.",
            ("since December 2014", ("2014-12-01", "2014-12-31", "month")),
        ),
    ],
)
def test_a_since_date_takes_the_day_after_its_month(nlp, sentence: str, expected) -> None:
    doc = run_components(nlp, sentence, published="2016-12-12")
    assert [(s.text, as_tuple(s._.date_range)) for s in doc.spans[SPAN_KEY]] == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a weekday counted or repeated is no single day (the patterns; the model's own DATE entities stay)
        ("The market opens the first Saturday of each month.", []),
        ("Every Saturday, protesters march to the square.", []),
        # a weekday alone is the latest such day
        ("Protesters marched to the square on Friday.", ["on Friday"]),
        ("Protesters marched to the square last Saturday.", ["last Saturday"]),
    ],
)
def test_a_counted_weekday_is_not_a_day(nlp, sentence: str, expected: list[str]) -> None:
    doc = run_components(nlp, sentence, published="2016-12-12")
    assert [s.text for s in doc.spans[SPAN_KEY]] == expected


@pytest.mark.parametrize(
    "sentence",
    ["The report was published by USA TODAY on the website.", "He watched Good Morning America Today."],
)
def test_day_words_inside_a_name_are_not_dates(nlp, sentence: str) -> None:
    doc = run_components(nlp, sentence, published="2016-12-12")
    assert [s.text for s in doc.spans[SPAN_KEY]] == []


def test_relative_dates_are_dropped_without_a_publication_date(nlp) -> None:
    doc = run_components(nlp, "Rebels withdrew on Saturday, the army said in 2016.", published=None)
    assert [(s.text, as_tuple(s._.date_range)) for s in doc.spans[SPAN_KEY]] == [
        ("in 2016", ("2016-01-01", "2016-12-31", "year"))
    ]


# ------------------------------------------------------------------ rules on hand-built Docs


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


@pytest.mark.parametrize(
    ("words", "index", "expected"),
    [
        (["USA", "TODAY", "reported", "it"], 1, True),  # in capitals: a name
        (["He", "watched", "America", "Today", "."], 3, True),  # capitalised inside a sentence
        (["Today", ",", "rebels", "withdrew"], 0, False),  # capitalised at the start of a sentence
        (["Rebels", "withdrew", "today", "."], 2, False),
        (["Rebels", "withdrew", "Monday", "."], 2, False),  # not a deictic day word
    ],
)
def test_a_deictic_day_word_in_a_name(blank, words: list[str], index: int, expected: bool) -> None:
    sent_starts: list[bool | int | None] = [True]
    sent_starts += [False] * (len(words) - 1)
    doc = Doc(blank.vocab, words=words, sent_starts=sent_starts)
    assert is_name_word(doc[index : index + 1], load_date_vocabulary().deictic_days) is expected


def test_the_component_reads_its_words_from_the_lexicon_files_its_config_names(blank) -> None:
    blank.add_pipe("eventetl_dates", config={"number_words": "dates_number_words"})
    component = blank.get_pipe("eventetl_dates")
    assert component.vocabulary is None  # nothing is loaded before initialize or the first Doc
    component.initialize(nlp=blank)
    vocabulary = load_date_vocabulary("dates_number_words", "dates_deictic_days")
    assert component.vocabulary is vocabulary
    assert vocabulary.number_words["two"] == 2
    assert vocabulary.weekdays[0] == "monday"
    with pytest.raises(FileNotFoundError):
        load_date_vocabulary("dates_no_such_file")
