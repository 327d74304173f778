"""Publication dates by the order of evidence: metadata, URL, dateline, weekday-consistent dates; else unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.pubdate import (
    calendar_words,
    date_from_url,
    find_full_dates,
    infer_published_date,
    month_number,
    parse_metadata_date,
    resolve_published_date,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-11-03 05:10:42", dt.date(2016, 11, 3)),
        ("2016-12-12T08:00:00Z", dt.date(2016, 12, 12)),
        ("December 12, 2016", dt.date(2016, 12, 12)),
        ("12 Dec 2016", dt.date(2016, 12, 12)),
        ("None", None),
        ("", None),
    ],
)
def test_metadata_values(value: str, expected: dt.date | None) -> None:
    assert parse_metadata_date(value) == expected


def test_full_dates_are_found_with_their_spans() -> None:
    text = "On Monday, Dec. 5, 2016 troops advanced; by 7 December 2016 the talks had failed."
    found = find_full_dates(text)
    assert [d for d, _, _ in found] == [dt.date(2016, 12, 5), dt.date(2016, 12, 7)]
    assert text[found[0][1] : found[0][2]] == "Dec. 5, 2016"


def test_date_alone_under_the_headline_is_a_dateline() -> None:
    text = "Army on verge of victory\n\nDecember 7, 2016\n\nTroops advanced on Wednesday."
    assert infer_published_date(text) == (dt.date(2016, 12, 7), "dateline")


def test_caption_date_agreeing_with_a_weekday_reference() -> None:
    text = (
        "Rebels driven from the city\n\n"
        "In this Monday, Dec. 5, 2016 photo, soldiers fire their weapons at the front line.\n\n"
        "The military said Monday it had regained control of most of the city."
    )
    assert infer_published_date(text) == (dt.date(2016, 12, 5), "caption")


def test_date_not_matching_any_weekday_in_the_text_is_not_used() -> None:
    text = "Talks stall\n\nThe city was captured by rebels on July 19, 2012, and the siege goes on, officials said Friday."
    assert infer_published_date(text) == (None, "unknown")


def test_no_date_at_all_is_unknown() -> None:
    assert infer_published_date("Headline here for a story\n\nSomething happened somewhere.") == (
        None,
        "unknown",
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/sports/2016/11/03/99cfc9c2_story.html", dt.date(2016, 11, 3)),
        ("https://example.org/news/2019-03-14-port-fire", dt.date(2019, 3, 14)),
        ("https://www.youtube.com/watch?v=QYqjTJbFulU", None),
        ("https://example.org/item/20161/99/1", None),
        (None, None),
    ],
)
def test_dates_in_urls(url: str | None, expected: dt.date | None) -> None:
    assert date_from_url(url) == expected


def test_order_of_evidence() -> None:
    text = "Headline of the report\n\nDecember 7, 2016\n\nTroops advanced."
    url = "https://example.com/2016/12/06/report"
    assert resolve_published_date(text, title=None, metadata_dates=["2016-12-08"], url=url) == (
        dt.date(2016, 12, 8),
        "metadata",
    )
    assert resolve_published_date(text, title=None, metadata_dates=["None", ""], url=url) == (
        dt.date(2016, 12, 6),
        "url",
    )
    assert resolve_published_date(text, title=None) == (dt.date(2016, 12, 7), "dateline")


@pytest.mark.parametrize(
    ("word", "month"),
    [("Dec.", 12), ("December", 12), ("sept", 9), ("Sept.", 9), ("September", 9), ("may", 5), ("Jun", 6)],
)
def test_month_words_come_from_the_calendar_lexicon(word: str, month: int) -> None:
    assert month_number(word) == month


def test_weekdays_are_in_pythons_order() -> None:
    weekdays = calendar_words().weekdays
    assert weekdays == ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    assert weekdays[dt.date(2016, 12, 5).weekday()] == "monday"


def test_a_word_that_is_no_month_is_not_read_as_one() -> None:
    with pytest.raises(KeyError):
        month_number("Monday")
