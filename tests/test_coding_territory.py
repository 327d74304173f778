"""Territory changing hands (issue 15, issue 17's incidents), on literal sentences and the real model.

A place taken is CAMEO 192 (PLOVER ASSAULT, ``[plover_corrections]``) whatever the verb; a place
lost, told from the loser's side, is 0874 (RETREAT); holding a place is a state with no type. The
target is the place's former holder when named, else the place. Things taken are not territory.
"""

from __future__ import annotations

import pytest
from nlp_support import run_components

from extractors.nlp.events.frame import EventFrame, frames_in


def _frame(nlp, text: str, trigger: str) -> EventFrame:
    frames = [f for f in frames_in(run_components(nlp, text, published="2016-12-12")) if f.trigger == trigger]
    assert frames, f"no event {trigger!r} in {text!r}"
    return frames[0]


def _kind(frame: EventFrame) -> tuple[str | None, str | None]:
    return frame.event_type, frame.cameo_code


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        (
            "Syria's military said Monday it has regained control of 98 percent of eastern Aleppo.",
            "regained",
            "eastern Aleppo",
        ),
        ("Government forces recaptured the town on Sunday.", "recaptured", "the town"),
        ("Islamic State fighters overran the base.", "overran", "the base"),
        ("The army took control of the district.", "took", "the district"),
    ],
)
def test_a_place_taken_is_an_occupation_whatever_the_verb(nlp, text, trigger, target) -> None:
    frame = _frame(nlp, text, trigger)
    assert _kind(frame) == ("ASSAULT", "192")
    assert frame.target == target


def test_a_relative_pronoun_taken_is_the_place_it_stands_for(nlp) -> None:
    text = "The rebels were driven from eastern Aleppo, which was captured by the opposition in 2012."
    frame = _frame(nlp, text, "captured")
    assert _kind(frame) == ("ASSAULT", "192")


def test_the_target_of_a_place_taken_is_its_former_holder_when_named(nlp) -> None:
    frame = _frame(nlp, "Government forces recaptured the town from the rebels.", "recaptured")
    assert _kind(frame) == ("ASSAULT", "192")
    assert (frame.target, frame.target_sector) == ("the rebels", "REB")


def test_the_lead_of_the_sample_is_the_syrian_military_taking_a_place(nlp) -> None:
    frame = _frame(
        nlp,
        "Syria's military said Monday it has regained control of 98 percent of eastern Aleppo.",
        "regained",
    )
    assert (frame.actor_country, frame.actor_sector) == ("SYR", "MIL")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The rebels have lost more than 90% of the territory they held.", "the territory"),
        (
            "The opposition groups have lost control of their enclave in eastern Aleppo.",
            "their enclave in eastern Aleppo",
        ),
    ],
)
def test_a_place_lost_is_a_military_retreat_by_the_loser(nlp, text, target) -> None:
    frame = _frame(nlp, text, "lost")
    assert (*_kind(frame), frame.plover_mode) == ("RETREAT", "0874", "disarm")
    assert frame.actor_sector in ("REB", "OPP")
    assert frame.target == target


def test_holding_a_place_is_a_state_with_no_type(nlp) -> None:
    frame = _frame(nlp, "The insurgents still control the northwestern Idlib province.", "control")
    assert _kind(frame) == (None, None)


def test_holding_a_place_now_is_news_of_its_taking(nlp) -> None:
    frame = _frame(
        nlp, "Syria's military says it now controls more than 90 percent of eastern Aleppo.", "controls"
    )
    assert _kind(frame) == ("ASSAULT", "192")
    assert (frame.actor_country, frame.actor_sector, frame.target) == ("SYR", "MIL", "eastern Aleppo")
    still = _frame(
        nlp, "Rami Abdurrahman said the rebels still control around 7 percent of eastern Aleppo.", "control"
    )
    assert _kind(still) == (None, None)


@pytest.mark.parametrize(
    ("text", "trigger", "kind"),
    [
        ("The rebels seized weapons.", "seized", ("COERCE", "1711")),
        ("He lost contact with most of them.", "lost", (None, None)),
    ],
)
def test_things_taken_or_lost_are_not_territory(nlp, text, trigger, kind) -> None:
    assert _kind(_frame(nlp, text, trigger)) == kind
