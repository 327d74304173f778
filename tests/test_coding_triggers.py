"""Which verb is the coded event (issue 15): a speech act that governs a clause is the event itself,
a performative verb with a noun object does what it names, and an adjective after a copula governs
its complement like a verb. Literal sentences, each rule with a sentence it must not apply to."""

from __future__ import annotations

import pytest
from nlp_support import run_components

from extractors.nlp.events.frame import EventFrame, frames_in


def _frames(nlp, text: str) -> dict[str, EventFrame]:
    return {f.trigger: f for f in frames_in(run_components(nlp, text))}


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        ("Rebels threatened to attack the city on Monday.", "threatened", "THREATEN"),
        ("The two sides agreed to release their prisoners on Monday.", "agreed", "AGREE"),
    ],
)
def test_a_governing_speech_act_is_the_event(nlp, text: str, trigger: str, category: str) -> None:
    frames = _frames(nlp, text)
    assert frames[trigger].event_type == category
    assert len(frames) == 1  # what was threatened or agreed is its content, no event of its own


def test_a_governing_verb_that_is_no_speech_act_gives_way_to_its_clause(nlp) -> None:
    frames = _frames(nlp, "Rebels continued to attack the city on Monday.")
    assert set(frames) == {"attack"} and frames["attack"].event_type == "ASSAULT"
    refused = _frames(nlp, "Russia refused to withdraw its troops on Monday.")
    assert set(refused) == {"withdraw"} and refused["withdraw"].modality == "refused"


def test_a_performative_verb_with_a_noun_object_is_an_event(nlp) -> None:
    frame = _frames(nlp, "The group declared a ceasefire on Monday.")["declared"]
    assert (frame.actor, frame.event_type) == ("The group", "RETREAT")


def test_a_performative_verb_reporting_a_clause_is_no_event(nlp) -> None:
    assert "declared" not in _frames(nlp, "The ministry declared that the talks had failed.")
    assert "told" not in _frames(nlp, "The minister told reporters that the talks had failed.")


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "modality", "category"),
    [
        (
            "The rebels were unwilling to lay down their arms on Monday.",
            "lay",
            "The rebels",
            "refused",
            "REJECT",
        ),
        ("Syria was willing to withdraw its troops on Monday.", "withdraw", "Syria", "future", "AGREE"),
    ],
)
def test_an_adjective_after_a_copula_governs_its_complement(
    nlp, text: str, trigger: str, actor: str, modality: str, category: str
) -> None:
    frame = _frames(nlp, text)[trigger]
    assert (frame.actor, frame.modality, frame.event_type) == (actor, modality, category)


def test_an_adjective_that_governs_nothing_makes_no_event(nlp) -> None:
    assert _frames(nlp, "The minister was happy to see the results on Monday.") == {}
    assert _frames(nlp, "The army was able to defend the city on Monday.") == {}
