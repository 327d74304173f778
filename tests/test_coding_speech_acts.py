"""Governing speech acts (rule family ``coding.governing_speech_acts``): a verb that performs a speech
act on the clause it governs (``coding_speech_act_verbs.toml``) gives the governed event that act's
category; a verb of wanting, planning, deciding, failing, investigating or suggesting gives none, nor
does a speech-act verb that asks a question ("asked why", "asked whether"). Literal sentences through
the full pipeline: the positives, then the negatives (sentences the old rule got wrong)."""

from __future__ import annotations

import pytest
from nlp_support import run_components

from extractors.lexicon import table
from extractors.nlp.coding.component import SPEECH_ACT_VERBS
from extractors.nlp.coding.speech_acts import read_speech_acts
from extractors.nlp.events.frame import EventFrame, frames_in
from extractors.vocabulary import PLOVER_CATEGORIES


def _frame(nlp, text: str, trigger: str) -> EventFrame:
    frames = [f for f in frames_in(run_components(nlp, text)) if f.trigger == trigger]
    assert frames, f"no event {trigger!r} in {text!r}: {frames_in(run_components(nlp, text))}"
    return frames[0]


def test_the_speech_act_verbs_name_known_categories_and_complements() -> None:
    acts = read_speech_acts(table(SPEECH_ACT_VERBS))
    assert {"refuse", "decline", "threaten", "warn", "agree", "ask", "urge", "demand", "call on"} <= set(acts)
    assert not {"want", "plan", "decide", "expect", "intend", "hope", "fail", "investigate", "suggest"} & set(
        acts
    )
    for act in acts.values():
        assert act.category in PLOVER_CATEGORIES
        assert act.content is None or act.content <= set(PLOVER_CATEGORIES)


def test_an_unknown_complement_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown complements"):
        read_speech_acts({"ask": {"category": "REQUEST", "complements": ["whether"]}})


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        ("Russia refused to withdraw its troops from the region.", "withdraw", "REJECT"),
        ("The rebels declined to attend the talks on Monday.", "attend", "REJECT"),
        ("The rebels threatened that they would leave the talks.", "leave", "THREATEN"),
        ("The rebels threatened they would leave the talks.", "leave", "THREATEN"),
        ("Israel warned that Hamas leaders would be targeted.", "targeted", "THREATEN"),
        ("The judge asked that the charges be dropped.", "dropped", "REQUEST"),
        ("The union urged that the factory be closed.", "closed", "REQUEST"),
        ("The opposition demanded that the prisoners be released.", "released", "REQUEST"),
        ("The mayor promised that the road would be repaired.", "repaired", "AGREE"),
        ("The rebels agreed that the prisoners would be released on Monday.", "released", "AGREE"),
    ],
)
def test_a_governing_speech_act_gives_its_category(nlp, text: str, trigger: str, category: str) -> None:
    assert _frame(nlp, text, trigger).event_type == category


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        # Wanting, planning, deciding: no speech act, no AGREE.
        ("Everyone will want to taste everything.", "taste", None),
        ("The government decided to build a new hospital.", "build", None),
        ("The company plans to open a factory in Ohio.", "open", None),
        # Failing is no refusal.
        ("Rescuers used life detectors, but they failed to find any signs of life.", "find", None),
        # A question asked is no request: the event keeps its own category.
        ("Police were asking the shooter why he had fired the weapon.", "fired", "ASSAULT"),
        ("Reporters asked him where he had hidden the weapons.", "hidden", None),
        ("Reporters asked whether the army would attack the city.", "attack", "THREATEN"),
        # Investigating is no accusation, suggesting no request.
        ("Police are investigating whether the driver had been drinking.", "drinking", None),
        ("Officials suggested that the fire was started by a cigarette.", "started", None),
        # A warning of no hostile action is no threat.
        ("Health officials warned that the virus could spread to other regions.", "spread", None),
    ],
)
def test_a_governing_verb_that_performs_no_such_act_gives_no_category(
    nlp, text: str, trigger: str, category: str | None
) -> None:
    assert _frame(nlp, text, trigger).event_type == category
