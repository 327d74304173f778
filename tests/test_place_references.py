"""An event's place from a common noun: "the city" stands for the city the story named, and a
qualified place noun ("rebel-held districts") locates the verb it belongs to."""

from __future__ import annotations

import pytest
from nlp_support import run_components

from extractors.nlp.events.places import refers_to_the_city


def place_of(nlp, text: str, trigger: str, headline: str = "") -> str | None:
    doc = run_components(nlp, text, headline=headline)
    (frame,) = [f for f in doc._.events if f.trigger == trigger]
    return frame.place


@pytest.mark.parametrize(
    ("text", "noun", "expected"),
    [
        ("Troops shelled the city.", "city", True),
        ("Troops shelled the embattled town.", "town", True),
        ("Troops shelled cities and towns.", "cities", False),  # plural: no one city
        ("Troops shelled a town.", "town", False),  # indefinite: not one named before
        ("Troops shelled the region.", "region", False),  # not a city
        ("Troops shelled the village.", "village", False),  # a village is not the story's city
    ],
)
def test_the_city_is_one_definite_city(nlp, text: str, noun: str, expected: bool) -> None:
    doc = run_components(nlp, text)
    (token,) = [t for t in doc if t.text == noun]
    lexicon = nlp.get_pipe("eventetl_events").lexicon
    assert refers_to_the_city(token, lexicon) is expected


def test_the_city_is_the_city_the_body_named(nlp) -> None:
    text = "Fighting raged in Aleppo on Sunday. Government troops shelled the city again on Monday."
    assert place_of(nlp, text, "shelled") == "Aleppo"


def test_a_title_case_headline_word_is_not_the_city(nlp) -> None:
    # "Save" is also a town in Benin; a headline's capitals do not name the story's city
    headline = "Kerry Works to Save City From Destruction"
    text = f"{headline}\n\nSome 50,000 Syrians fled the embattled city on Monday. Aleppo was shelled."
    place = place_of(nlp, text, "fled", headline=headline)
    assert place is None or "Save" not in place


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        ("Russian warplanes bombarded rebel-held districts on Monday.", "bombarded", "rebel-held districts"),
        ("Civilians were trapped in the war zone for weeks.", "trapped", "war zone"),
        # through a governed verb: "resume shelling" locates the shelling
        ("The army prepared to resume shelling rebel-held territory.", "shelling", "rebel-held territory"),
    ],
)
def test_a_qualified_place_noun_locates_its_verb(nlp, text: str, trigger: str, place: str) -> None:
    assert place_of(nlp, text, trigger) == place


@pytest.mark.parametrize(
    ("text", "trigger", "not_place"),
    [
        # inside another noun's phrase, not a place of the verb
        (
            "The board angrily rejected the loss of revenue to the school district.",
            "rejected",
            "school district",
        ),
        # a person's camp is a faction
        ("The bombshell infuriated the Clinton camp on Friday.", "infuriated", "Clinton camp"),
    ],
)
def test_a_place_noun_that_does_not_locate_the_verb_is_no_place(
    nlp, text: str, trigger: str, not_place: str
) -> None:
    assert place_of(nlp, text, trigger) != not_place
