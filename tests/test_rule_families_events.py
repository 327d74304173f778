"""Rule families of the events and coding components: switching one off undoes its decision.

Each case is a literal sentence read by the full pipeline (every family on: the rule's result) and
by one built with every family of the two components off (the plain result).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import spacy
from nlp_support import TEST_MODEL, run_components

from extractors.nlp.events.frame import EventQuantity
from extractors.nlp.pipeline import add_components
from extractors.nlp.rule_families import RuleSwitches, UnknownRuleFamily, rule_families

COMPONENTS = ("eventetl_events", "eventetl_coding")
MINE = [f.name for f in rule_families() if f.component in COMPONENTS]


@pytest.fixture(scope="module")
def events_coding_off():
    """The pipeline with every rule family of the events and coding components off."""
    return add_components(spacy.load(TEST_MODEL), disabled_rules=MINE)


Reader = Callable[[Any, str], Any]


def triggers(nlp, text: str) -> list[str]:
    """The triggers of the text's events, in order."""
    return [f.trigger for f in run_components(nlp, text)._.events]


def moods(nlp, text: str) -> list[tuple[str, str]]:
    """(trigger, modality) of the text's events."""
    return [(f.trigger, f.modality) for f in run_components(nlp, text)._.events]


def of(trigger: str, *fields: str) -> Reader:
    """A reader of ``fields`` of the event whose trigger is ``trigger`` (one value for one field)."""

    def read(nlp, text: str) -> Any:
        (frame,) = [f for f in run_components(nlp, text)._.events if f.trigger == trigger]
        values = tuple(getattr(frame, name) for name in fields)
        return values[0] if len(values) == 1 else values

    return read


def transcribed(trigger: str, field: str) -> Reader:
    """A reader of ``field`` of the event whose trigger is ``trigger``, in a transcript of speech."""

    def read(nlp, text: str) -> Any:
        doc = run_components(nlp, text, document_format="transcript")
        (frame,) = [f for f in doc._.events if f.trigger == trigger]
        return getattr(frame, field)

    return read


CASES = [
    ("events.states", "The rebels belonged to the Free Syrian Army.", triggers, [], ["belonged"]),
    (
        "events.simple_present",
        "The council met on Monday. The army controls the road and residents live in fear.",
        triggers,
        ["met"],
        ["met", "controls", "live"],
    ),
    (
        "events.background_clauses",
        "The city has been divided since rebels seized it in 2012.",
        triggers,
        ["divided"],
        ["divided", "seized"],
    ),
    ("events.bare_infinitives", "Let the army withdraw its troops.", triggers, [], ["withdraw"]),
    (
        "events.furniture",
        "Reuters contributed to this report, and the army shelled the town.",
        triggers,
        [],
        ["contributed", "shelled"],
    ),
    (
        "events.repeated_sentences",
        "The army shelled the town. The army shelled the town.",
        triggers,
        ["shelled"],
        ["shelled", "shelled"],
    ),
    (
        "events.human_participles",
        "Thousands of people fleeing Aleppo crossed the border.",
        triggers,
        ["fleeing", "crossed"],
        ["crossed"],
    ),
    (
        "events.copular_adjectives",
        "Syria was willing to withdraw its troops.",
        moods,
        [("withdraw", "future")],
        [],
    ),
    (
        "events.governing_verbs",
        "The rebels refused to leave the city.",
        moods,
        [("leave", "refused")],
        [("refused", "asserted")],
    ),
    (
        "events.pronoun_actors",
        "The minister arrived on Monday. He signed the agreement.",
        of("signed", "actor"),
        "The minister",
        None,
    ),
    (
        "events.according_to",
        "According to the state news agency, government troops entered the town.",
        of("entered", "attribution"),
        "the state news agency",
        None,
    ),
    (
        # Aleppo, the city named last of two named once each; the focal place is Idlib, the first.
        "events.city_reference",
        "Rebels shelled Idlib on Sunday. Shelling hit Aleppo on Monday. Government forces later stormed the city.",
        of("stormed", "place"),
        "Aleppo",
        None,
    ),
    (
        "events.qualified_place_nouns",
        "Rebels attacked the northern districts of the town.",
        of("attacked", "place"),
        "northern districts",
        None,
    ),
    (
        "events.focal_place",
        "Fighting raged in Aleppo on Sunday. Troops later fired rockets at the rebels.",
        of("fired", "place"),
        "Aleppo",
        None,
    ),
    (
        "events.dateline_place",
        "WASHINGTON (Reuters) - The FBI said on Sunday it stood by its finding. Clinton was in Cleveland.",
        of("stood", "place"),
        "WASHINGTON",
        None,
    ),
    (
        "events.reported_participles",
        "Some 50,000 Syrians said fleeing the embattled city.",
        triggers,
        ["fleeing"],
        ["said"],
    ),
    (
        "events.first_person_speakers",
        "John Kerry met opposition leaders in Paris. I urged them to negotiate.",
        transcribed("urged", "actor"),
        "John Kerry",
        None,
    ),
    (
        "events.restarts",
        "Kerry met them in Paris. I urged, I speak for myself, I urged Dr. Hijab to negotiate.",
        triggers,
        ["met", "urged"],
        ["met", "urged", "urged"],
    ),
    (
        "events.alternatives",
        "The militants will be pushed away or eliminated.",
        triggers,
        ["pushed"],
        ["pushed", "eliminated"],
    ),
    (
        "events.announced_future",
        "Analysts say the rebels will lose the city.",
        moods,
        [("lose", "hypothetical")],
        [("lose", "future")],
    ),
    (
        "events.agentless_hypotheticals",
        "The loss of Aleppo would mark the greatest defeat for the rebels.",
        triggers,
        [],
        ["mark"],
    ),
    ("events.framing_clauses", "The proposal came during weekend talks in Geneva.", triggers, [], ["came"]),
    (
        "events.statement_content",
        "Kerry warned the government it is committing war crimes.",
        triggers,
        ["warned"],
        ["warned", "committing"],
    ),
    (
        "events.misread_participles",
        "Doctors from two aid groups donated and personally delivered $20,000 worth of drugs to a city hospital.",
        triggers,
        ["donated"],
        [],
    ),
    (
        "coding.governing_speech_acts",
        "The rebels threatened that they would leave the talks.",
        of("leave", "event_type"),
        "THREATEN",
        "CONSULT",
    ),
    (
        "coding.obligations",
        "The government must release the prisoners.",
        of("release", "event_type"),
        "REQUEST",
        "RETREAT",
    ),
    (
        "coding.event_nouns",
        "The commission completed its investigation of the killings.",
        of("completed", "event_type"),
        "ACCUSE",
        None,
    ),
    (
        "coding.statement_means",
        "The opposition issued a declaration demanding that the army withdraw.",
        of("issued", "event_type"),
        "REQUEST",
        "COOPERATE",
    ),
    (
        "coding.purposes",
        "Workers went on strike in protest against the ban.",
        of("went", "event_type"),
        "PROTEST",
        "CONSULT",
    ),
    ("coding.modality", "The army will bomb the rebels.", of("bomb", "event_type"), "THREATEN", "ASSAULT"),
    (
        "coding.reported_demands",
        "Russia said that Sudan must return the helicopter.",
        of("return", "actor", "target"),
        ("Russia", "Sudan"),
        ("Sudan", "the helicopter"),
    ),
    (
        "coding.context_country",
        "A newspaper in Beirut criticised the army.",
        of("criticised", "target_country"),
        "LBN",
        None,
    ),
    (
        "coding.cities_as_people",
        "France imposed a blockade on Paris.",
        of("imposed", "target", "target_sector"),
        ("Paris", "CVL"),
        ("Paris", "GOV"),
    ),
    (
        "coding.in_phrase_targets",
        "The workers marched in defiance of the authorities.",
        of("marched", "target"),
        "the authorities",
        None,
    ),
    (
        "coding.purpose_targets",
        "The police opened fire to disperse the demonstrators.",
        of("opened", "target"),
        "the demonstrators",
        "fire",
    ),
    (
        "coding.implied_single_count",
        "Police arrested a journalist.",
        of("arrested", "quantities"),
        (
            EventQuantity(
                text="a journalist", value=1.0, unit="person", approximate=False, out_of=None, implied=True
            ),
        ),
        (),
    ),
]


def test_every_family_of_the_two_components_has_a_case() -> None:
    assert sorted(case[0] for case in CASES) == sorted(MINE)
    assert 8 <= sum(name.startswith("events.") for name in MINE) <= 24
    assert 6 <= sum(name.startswith("coding.") for name in MINE) <= 12


def test_the_components_take_their_switches_from_config(nlp, events_coding_off) -> None:
    for component in COMPONENTS:
        assert nlp.get_pipe(component).rules == RuleSwitches(component)
        off = events_coding_off.get_pipe(component).rules
        assert off.disabled == {name for name in MINE if name.split(".")[0] in component}
    with pytest.raises(UnknownRuleFamily, match="not rule families of eventetl_events"):
        RuleSwitches.of("eventetl_events", ["coding.modality"])


@pytest.mark.parametrize(
    ("family", "text", "read", "with_it", "without_it"), CASES, ids=[c[0] for c in CASES]
)
def test_switching_a_family_off_undoes_its_decision(
    nlp, events_coding_off, family, text, read, with_it, without_it
) -> None:
    assert read(nlp, text) == with_it
    assert read(events_coding_off, text) == without_it, family
