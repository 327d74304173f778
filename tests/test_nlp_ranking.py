"""eventetl_ranking: the main event is the lead's asserted event with a named or human actor."""

from __future__ import annotations

import datetime as dt

import pytest
from nlp_support import run_components

from extractors.nlp.dates import DateRange
from extractors.nlp.events import EventFrame, frames_in


def ranked(nlp, text: str, *, headline: str = "", published: str | None = "2016-11-09") -> list[EventFrame]:
    doc = run_components(nlp, text, published=published, headline=headline)
    return sorted(frames_in(doc), key=lambda f: f.rank or 0)


def day(iso: str) -> DateRange:
    """The one-day range of ``iso``."""
    return DateRange(dt.date.fromisoformat(iso), dt.date.fromisoformat(iso), "day")


def test_main_event_comes_from_the_lead_and_has_a_human_actor(nlp) -> None:
    headline = "Seven dead in Croydon tram crash"
    text = (
        f"{headline}\n\nThe storm might delay trains. Seven passengers died when a tram derailed in Croydon on Wednesday."
        "\n\nPolice arrested the driver on Thursday."
    )
    events = ranked(nlp, text, headline=headline)
    assert [f.rank for f in events] == list(range(1, len(events) + 1))
    assert events[0].trigger == "died"
    assert events[0].actor == "Seven passengers"


def test_hypothetical_lead_event_is_not_the_main_event(nlp) -> None:
    events = ranked(nlp, "Officials would close the border. The army closed the border on Monday.")
    assert events[0].trigger == "closed"


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2016-11-10", day("2016-11-09")), (None, None)],
)
def test_main_event_without_its_own_date_takes_the_lead_date(nlp, published, expected) -> None:
    headline = "Croydon tram crash"
    text = f"{headline}\n\nPolice arrested the tram driver. The crash happened in Croydon on Wednesday."
    events = ranked(nlp, text, headline=headline, published=published)
    main = events[0]
    assert main.trigger == "arrested"
    assert main.date_range == expected
    assert main.date_source == ("lead" if expected else None)


def test_main_event_with_a_coarse_date_takes_the_day_of_the_lead(nlp) -> None:
    text = "The Cubs won their first title since 1908. Fans celebrated in Chicago on Wednesday."
    main = ranked(nlp, text, published="2016-11-03")[0]
    assert main.trigger == "won"
    assert main.date_range == day("2016-11-02")
    assert main.date_source == "lead"


@pytest.mark.parametrize(
    "restatement",
    [
        # the date is in the restating clause itself
        " The players were tired. Many fans came from Ohio. The Cubs won the series here Wednesday night.",
        # the date is elsewhere in the restatement's sentence
        " The Cubs won 8-7 after the final game, which was delayed by rain, ended at midnight on Wednesday.",
    ],
)
def test_main_event_takes_a_date_from_the_sentence_of_its_restatement(nlp, restatement: str) -> None:
    headline = "Cubs win the title"
    text = (
        f"{headline}\n\nThe Cubs won the World Series. Fans were happy. Fans cried. Fans sang.{restatement}"
    )
    main = ranked(nlp, text, headline=headline, published="2016-11-03")[0]
    assert main.trigger == "win"
    assert main.action.split()[0] == "win"
    assert main.date_range == day("2016-11-02")


def test_headline_main_event_takes_the_fuller_place_of_the_lead(nlp) -> None:
    headline = "Lady Gaga protests outside Trump Tower"
    text = (
        f"{headline}\n\nMusician Lady Gaga was photographed protesting outside Trump Tower in New York City "
        "on Wednesday. The star stood on a truck."
    )
    main = ranked(nlp, text, headline=headline)[0]
    assert main.trigger == "protests"
    assert main.place == "Trump Tower in New York City"
    assert main.geo.name == "New York City"


def test_main_event_does_not_take_the_lead_date_of_another_actors_event(nlp) -> None:
    text = (
        "Lady Gaga staged a protest outside Trump Tower. "
        "Donald Trump stunned America when he won the election on Tuesday."
    )
    main = ranked(nlp, text, published="2016-11-09")[0]
    assert main.trigger == "staged"
    assert main.date_source != "lead"


def test_main_event_takes_the_lead_date_of_the_same_actor_named_otherwise(nlp) -> None:
    headline = "FBI clears Clinton again"
    text = f"{headline}\n\nFBI Director James Comey delivered a letter to Congress on Sunday."
    main = ranked(nlp, text, headline=headline, published="2016-11-07")[0]
    assert main.trigger == "clears"
    assert main.date_range == day("2016-11-06")
