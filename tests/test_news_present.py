"""The news present: a headline, and the lead of a document without one, tell new events in the
present tense; elsewhere a simple present describes, and a base-form verb is an infinitive,
imperative or subjunctive."""

from __future__ import annotations

import pytest
from nlp_support import run_components


def triggers(nlp, text: str, *, headline: str = "") -> list[str]:
    return [f.trigger for f in run_components(nlp, text, headline=headline)._.events]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        # a wire brief's lead: its main verb, or the clause its reporting verb reports
        ("U.S. and Russian negotiators return to Geneva this week for talks on missiles.", "return"),
        ("The Palestinians reject the proposed Israeli changes, the chief negotiator said.", "reject"),
    ],
)
def test_the_main_verb_of_a_lead_without_a_headline_is_an_event(nlp, text: str, event: str) -> None:
    assert event in triggers(nlp, text)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        # a clause below the lead's main verbs still describes
        (
            "Greece demanded that its partners refuse to recognize the republic as long as it keeps that name.",
            "keeps",
        ),
        (
            "Israel threatened to ban voting if Hamas, which advocates Israel's destruction, ran in the election.",
            "advocates",
        ),
    ],
)
def test_a_simple_present_below_the_leads_main_verbs_is_no_event(nlp, text: str, description: str) -> None:
    assert description not in triggers(nlp, text)


def test_under_a_headline_the_first_body_sentence_is_no_news_present(nlp) -> None:
    headline = "Arms talks resume"
    text = f"{headline}\n\nU.S. and Russian negotiators return to Geneva every spring for talks on missiles."
    assert "return" not in triggers(nlp, text, headline=headline)


def test_only_the_first_sentence_is_the_lead(nlp) -> None:
    text = "Negotiators met in Geneva on Monday. The two sides hold talks every spring."
    assert triggers(nlp, text) == ["met"]


def test_a_headline_verb_with_its_subject_is_the_present_not_an_infinitive(nlp) -> None:
    headline = "Police name final three victims of Croydon tram crash"
    text = f"{headline}\n\nThe victims were named on Saturday."
    doc = run_components(nlp, text, headline=headline)
    (name,) = [t for t in doc if t.text == "name"]
    assert name.tag_ == "VB"  # the tagger's reading the rule is about
    assert "name" in [f.trigger for f in doc._.events if f.in_headline]


def test_outside_headlines_a_base_form_verb_stays_no_event(nlp) -> None:
    assert "withdraw" not in triggers(nlp, "The council met on Monday. Let the army withdraw its troops.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wanting and hoping are states of mind, in the news present too
        ("Rebels want a ceasefire.", []),
        ("Officials want civilians to leave.", []),
        # a wanting verb that governs an action passes the action on, as a hypothetical
        ("The army wanted to retake the city.", [("retake", "hypothetical")]),
    ],
)
def test_wanting_is_no_event_but_passes_on_the_action_it_governs(nlp, text: str, expected: list) -> None:
    assert [(f.trigger, f.modality) for f in run_components(nlp, text)._.events] == expected
