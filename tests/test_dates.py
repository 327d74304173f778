"""resolve_relative_date on literal expressions, against a known publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.nlp.dates import resolve_relative_date

MONDAY = dt.date(2016, 12, 5)
SATURDAY = dt.date(2016, 12, 10)


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        ("Monday", MONDAY, False, ("2016-12-05", "2016-12-05", "day")),
        ("on Saturday", MONDAY, False, ("2016-12-03", "2016-12-03", "day")),
        ("on Saturday", MONDAY, True, ("2016-12-10", "2016-12-10", "day")),
        ("earlier on Monday", MONDAY, False, ("2016-12-05", "2016-12-05", "day")),
        ("Late on Friday", SATURDAY, False, ("2016-12-09", "2016-12-09", "day")),
        ("over the weekend", dt.date(2016, 12, 12), False, ("2016-12-10", "2016-12-11", "weekend")),
        ("last month", MONDAY, False, ("2016-11-01", "2016-11-30", "month")),
        ("this week", dt.date(2016, 12, 7), False, ("2016-12-05", "2016-12-07", "week")),
        ("since July", MONDAY, False, ("2016-07-01", "2016-07-31", "month")),
        ("Nov. 26", MONDAY, False, ("2016-11-26", "2016-11-26", "day")),
        ("in 2012", MONDAY, False, ("2012-01-01", "2012-12-31", "year")),
        ("over the past two days", SATURDAY, False, ("2016-12-08", "2016-12-10", "range")),
        ("December 10, 2016", None, False, ("2016-12-10", "2016-12-10", "day")),
        ("yesterday", MONDAY, False, ("2016-12-04", "2016-12-04", "day")),
    ],
)
def test_resolves_against_publication_date(text, published, future, expected) -> None:
    resolved = resolve_relative_date(text, published, future=future)
    assert resolved is not None
    assert (resolved.start.isoformat(), resolved.end.isoformat(), resolved.granularity) == expected


@pytest.mark.parametrize("text", ["Monday", "last month", "over the weekend", "Nov. 26"])
def test_relative_dates_stay_unresolved_without_publication_date(text: str) -> None:
    assert resolve_relative_date(text, None) is None


@pytest.mark.parametrize("text", ["years", "11th hour", "nearly 6-year"])
def test_expressions_naming_no_day_are_not_resolved(text: str) -> None:
    assert resolve_relative_date(text, MONDAY) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia said Saturday that 50,000 civilians had fled.", ["2016-12-10", "2016-12-10", "day"]),
        ("Officials will meet in Geneva on Saturday.", ["2016-12-17", "2016-12-17", "day"]),
        ("The offensive began last month.", ["2016-11-01", "2016-11-30", "month"]),
    ],
)
def test_date_component_resolves_against_the_document(nlp, sentence: str, expected: list[str]) -> None:
    from extractors.nlp.dates import SPAN_KEY

    doc = nlp.make_doc(sentence)
    doc._.published_date = "2016-12-12"
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert [s._.date_range for s in doc.spans[SPAN_KEY]] == [expected]


@pytest.mark.parametrize(
    "sentence",
    ["The report was published by USA TODAY on the website.", "He watched Good Morning America Today."],
)
def test_day_words_inside_a_name_are_not_dates(nlp, sentence: str) -> None:
    from extractors.nlp.dates import SPAN_KEY

    doc = nlp.make_doc(sentence)
    doc._.published_date = "2016-12-12"
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert [s.text for s in doc.spans[SPAN_KEY]] == []
