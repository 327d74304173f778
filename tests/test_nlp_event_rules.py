"""The event rules on hand-built Docs: the parse is given, so the statistical model is not the point.

Each Doc is built from words, tags, dependency labels and heads (absolute token indices), the way
the parser would have analysed the sentence; the rule under test runs on it alone.
"""

from __future__ import annotations

import dataclasses

import pytest
import spacy
from nlp_support import parsed, run_components

from extractors.lexicon import lexicon_files
from extractors.nlp.events import (
    EVENT_LEXICON_FILES,
    EventLexicon,
    action_of,
    actor_type,
    frames_in,
    load_event_lexicon,
    modality_of,
    non_event_reason,
)
from extractors.nlp.events.attribution import governed_event_verb
from extractors.nlp.ranking import ranked_frames
from extractors.vocabulary import ACTOR_TYPES, MODALITIES


@pytest.fixture(scope="module")
def lexicon() -> EventLexicon:
    return load_event_lexicon()


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def test_a_negated_verb_is_negated(vocab, lexicon: EventLexicon) -> None:
    doc = parsed(
        vocab,
        [
            ("The", "the", "DET", "DT", "det", 1),
            ("army", "army", "NOUN", "NN", "nsubj", 4),
            ("did", "do", "AUX", "VBD", "aux", 4),
            ("not", "not", "PART", "RB", "neg", 4),
            ("enter", "enter", "VERB", "VB", "ROOT", 4),
            ("the", "the", "DET", "DT", "det", 6),
            ("town", "town", "NOUN", "NN", "dobj", 4),
        ],
    )
    assert modality_of(doc[4], doc[4], lexicon) == "negated"
    # "did" is a tense auxiliary: the infinitive form is not why it would be no event.
    assert non_event_reason(doc[4], lexicon) is None


@pytest.mark.parametrize(("auxiliary", "modality"), [("will", "future"), ("would", "hypothetical")])
def test_a_modal_auxiliary_gives_its_modality(
    vocab, lexicon: EventLexicon, auxiliary: str, modality: str
) -> None:
    doc = parsed(
        vocab,
        [
            ("Troops", "troop", "NOUN", "NNS", "nsubj", 2),
            (auxiliary, auxiliary, "AUX", "MD", "aux", 2),
            ("enter", "enter", "VERB", "VB", "ROOT", 2),
            ("Aleppo", "Aleppo", "PROPN", "NNP", "dobj", 2),
        ],
    )
    assert modality_of(doc[2], doc[2], lexicon) == modality
    assert modality in MODALITIES


def test_a_condition_makes_the_event_hypothetical(vocab, lexicon: EventLexicon) -> None:
    doc = parsed(
        vocab,
        [
            ("if", "if", "SCONJ", "IN", "mark", 2),
            ("rebels", "rebel", "NOUN", "NNS", "nsubj", 2),
            ("leave", "leave", "VERB", "VBP", "ROOT", 2),
        ],
    )
    assert modality_of(doc[2], doc[2], lexicon) == "hypothetical"


@pytest.mark.parametrize(
    ("word", "lemma", "tag", "expected"),
    [
        ("Rebels", "rebel", "NNS", "armed_group"),
        ("militants", "militant", "NNS", "armed_group"),
        ("residents", "resident", "NNS", "civilians"),
        ("troops", "troop", "NNS", "state"),
        ("spokesman", "spokesman", "NN", "person"),
        ("nurses", "nurse", "NNS", "group"),
        ("convoy", "convoy", "NN", "other"),
    ],
)
def test_actor_type_of_a_head_word(
    vocab, lexicon: EventLexicon, word: str, lemma: str, tag: str, expected: str
) -> None:
    doc = parsed(vocab, [(word, lemma, "NOUN", tag, "nsubj", 1), ("fled", "flee", "VERB", "VBD", "ROOT", 1)])
    assert actor_type(doc[0], lexicon) == expected
    assert expected in ACTOR_TYPES


def test_a_governing_verb_hands_the_event_to_the_verb_it_governs(vocab, lexicon: EventLexicon) -> None:
    doc = parsed(
        vocab,
        [
            ("Civilians", "civilian", "NOUN", "NNS", "nsubj", 1),
            ("refused", "refuse", "VERB", "VBD", "ROOT", 1),
            ("to", "to", "PART", "TO", "aux", 3),
            ("leave", "leave", "VERB", "VB", "xcomp", 1),
        ],
    )
    trigger, modality = governed_event_verb(doc[1], lexicon)
    assert (trigger.i, modality) == (3, "refused")
    assert non_event_reason(doc[3], lexicon) == "modifier or complement"


def test_a_light_verb_takes_its_object_into_the_action(vocab, lexicon: EventLexicon) -> None:
    doc = parsed(
        vocab,
        [
            ("Troops", "troop", "NOUN", "NNS", "nsubj", 1),
            ("regained", "regain", "VERB", "VBD", "ROOT", 1),
            ("control", "control", "NOUN", "NN", "dobj", 1),
        ],
    )
    assert action_of(doc[1], lexicon) == "regain control"


def test_a_reporting_verb_is_not_an_event(vocab, lexicon: EventLexicon) -> None:
    doc = parsed(
        vocab,
        [
            ("Officials", "official", "NOUN", "NNS", "nsubj", 1),
            ("said", "say", "VERB", "VBD", "ROOT", 1),
            ("troops", "troop", "NOUN", "NNS", "nsubj", 3),
            ("withdrew", "withdraw", "VERB", "VBD", "ccomp", 1),
        ],
    )
    assert non_event_reason(doc[1], lexicon) == "reporting verb"
    assert non_event_reason(doc[3], lexicon) is None


def test_every_event_lexicon_file_exists_and_the_tables_hold_allowed_values(lexicon: EventLexicon) -> None:
    shipped = set(lexicon_files())
    named = {stem for stem in EVENT_LEXICON_FILES.values()}
    assert all(f"{stem}.txt" in shipped or f"{stem}.toml" in shipped for stem in named)
    assert set(lexicon.governing_verbs.values()) <= set(MODALITIES)
    assert {"in", "on", "throughout"} <= lexicon.locative_prepositions
    assert "of" not in lexicon.locative_prepositions  # the gazetteer's "of" does not place an event


@pytest.mark.parametrize(
    ("component", "assigns", "required"),
    [
        ("eventetl_events", ["doc._.events"], {"token.dep", "doc.ents", "span._.date_range", "span._.geo"}),
        ("eventetl_ranking", ["doc._.events"], {"doc._.events", "span._.date_range"}),
        ("eventetl_quotes", ["doc.spans"], set()),
        ("eventetl_paragraphs", ["token.is_sent_start"], set()),
    ],
)
def test_components_declare_what_they_assign_and_require(nlp, component: str, assigns, required) -> None:
    meta = nlp.get_pipe_meta(component)
    assert meta.assigns == assigns
    assert required <= set(meta.requires)


def test_ranking_returns_new_frames_and_leaves_the_events_components_frames_alone(nlp) -> None:
    text = "Officials would close the border. The army closed the border on Monday."
    doc = run_components(nlp, text, published="2016-11-09", until="eventetl_events")
    unranked = frames_in(doc)
    assert unranked and all(f.rank is None for f in unranked)
    ranked = ranked_frames(doc, unranked, lead_sentences=3)
    # Frames are frozen: ranking made new ones, and the events component's are as they were.
    assert all(f.rank is None for f in unranked)
    assert sorted(f.rank or 0 for f in ranked) == list(range(1, len(unranked) + 1))
    assert [f.trigger for f in ranked] == [f.trigger for f in unranked]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ranked[0].rank = 5  # type: ignore[misc]
