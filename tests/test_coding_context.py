"""Countries and sectors of targets from their context (issue 15, target codes), literal sentences.

A thing acted on takes the country of a place in its own phrase or clauses, not of the sentence; a
person or people target with no sector of its own takes the actor's country; a city the gazetteer
lists first as a populated place (before a province of that name) is its people when acted on;
security forces are armed forces.
"""

from __future__ import annotations

from nlp_support import run_components

from extractors.nlp.events.frame import EventFrame, frames_in


def _frame(nlp, text: str, trigger: str) -> EventFrame:
    frames = [f for f in frames_in(run_components(nlp, text)) if f.trigger == trigger]
    assert frames, f"no event {trigger!r} in {text!r}"
    return frames[0]


def _target(frame: EventFrame) -> tuple[str | None, str | None, str | None]:
    return frame.target, frame.target_country, frame.target_sector


def test_a_thing_takes_the_country_of_the_place_in_its_own_clause(nlp) -> None:
    frame = _frame(
        nlp, "Afghan guerillas blew up three main electric power lines leading into Kabul.", "blew"
    )
    assert _target(frame) == ("three main electric power lines", "AFG", None)


def test_a_thing_takes_no_country_from_elsewhere_in_the_sentence(nlp) -> None:
    frame = _frame(nlp, "Guerillas blew up three power lines, officials in Kabul said.", "blew")
    assert frame.target_country is None


def test_a_named_person_target_takes_the_actors_country(nlp) -> None:
    frame = _frame(nlp, "An Argentine judge ordered Carlos Menem to appear in court in Croatia.", "ordered")
    assert (frame.actor_country, frame.target_country) == ("ARG", "ARG")


def test_a_capital_acted_on_is_its_people_though_a_province_has_its_name(nlp) -> None:
    frame = _frame(nlp, "Red Cross officials suspended aid deliveries in Baghdad on Wednesday.", "suspended")
    assert _target(frame) == ("Baghdad", "IRQ", "CVL")


def test_a_country_acted_on_stays_its_government(nlp) -> None:
    frame = _frame(nlp, "The United States imposed sanctions on Montenegro.", "imposed")
    assert (frame.target_country, frame.target_sector) == ("MNE", "GOV")


def test_security_forces_are_armed_forces_and_police_stay_police(nlp) -> None:
    shelled = _frame(
        nlp, "Israeli helicopters shelled positions of the Palestinian security forces.", "shelled"
    )
    assert (shelled.target_country, shelled.target_sector) == ("PSE", "MIL")
    arrested = _frame(nlp, "Police arrested three men.", "arrested")
    assert arrested.actor_sector == "COP"
