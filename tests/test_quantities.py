"""Quantities on literal sentences: value, unit from the counted noun, approximation."""

from __future__ import annotations

import pytest
from nlp_support import run_components
from spacy.tokens import Doc

from extractors.nlp.numbers import PersonNouns, load_quantity_vocabulary, parse_quantity_text
from extractors.nlp.quantities import SPAN_KEY, Quantity


@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("98 percent", 98, False),
        ("more than 90%", 90, True),
        ("some 50,000", 50000, True),
        ("tens of thousands", 10000, True),
        ("hundreds", 100, True),
        ("three", 3, False),
        ("11 million", 11_000_000, False),
        ("eight", 8, False),
        ("an estimated 4,000", 4000, True),
        ("an 80", 80, False),  # the article alone hedges nothing
        ("about $4.5 million", 4_500_000, True),
        ("€20", 20, False),
        ("dozens", 12, True),
        ("as many as 300", 300, True),
    ],
)
def test_parse_quantity_text(text: str, value: float, approximate: bool) -> None:
    parsed = parse_quantity_text(text)
    assert parsed is not None
    assert (parsed.value, parsed.approximate) == (value, approximate)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Syria's military said it has regained control of 98 percent of eastern Aleppo.",
            [(98.0, "percent", False)],
        ),
        ("Some 50,000 civilians have fled eastern Aleppo.", [(50000.0, "person", True)]),
        ("Reports say hundreds of men have vanished.", [(100.0, "person", True)]),
        ("Russian sappers cleared 8 hectares (about 20 acres) since Friday.", [(8.0, "hectare", False)]),
        ("Shafak said all eight of its ambulances have been destroyed.", [(8.0, "item", False)]),
        ("Three medics were killed in the strike.", [(3.0, "person", False)]),
    ],
)
def test_quantities_in_sentences(nlp, sentence: str, expected: list) -> None:
    doc = run_components(nlp, sentence)
    found = [(s._.quantity.value, s._.quantity.unit, s._.quantity.approximate) for s in doc.spans[SPAN_KEY]]
    assert found == expected


def test_part_of_a_whole_keeps_the_whole(nlp) -> None:
    doc = run_components(nlp, "It said 47 of its 57 staff are stuck in rebel-held areas.")
    assert [s._.quantity for s in doc.spans[SPAN_KEY]] == [Quantity(47.0, "person", False, 57.0)]


def test_a_whole_written_with_a_scale_word_is_read_whole(nlp) -> None:
    # "107 million": the whole is the number phrase, not its head word "million"
    doc = run_components(nlp, "The flu could infect as many as five million of Mexico's 107 million people.")
    assert [(s._.quantity.value, s._.quantity.out_of) for s in doc.spans[SPAN_KEY]] == [
        (5_000_000.0, 107_000_000.0)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rebels still control more than 90% of the district.", [(90.0, "percent", True)]),
        ("The army sent reinforcements 200 kms (130 miles) away.", [(200.0, "km", False)]),
        ("The sides agreed a three-day truce.", [(3.0, "day", False)]),
        ("The war has made more than 11 million homeless.", [(11_000_000.0, "person", True)]),
        ("Tens of thousands of civilians have fled.", [(10000.0, "person", True)]),
    ],
)
def test_more_quantity_constructions(nlp, sentence: str, expected: list) -> None:
    doc = run_components(nlp, sentence)
    found = [(s._.quantity.value, s._.quantity.unit, s._.quantity.approximate) for s in doc.spans[SPAN_KEY]]
    assert found == expected


@pytest.mark.parametrize("text", ["", "percent", "of the", "rebels"])
def test_words_that_are_no_number(text: str) -> None:
    assert parse_quantity_text(text) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Police said 12 policemen were hurt.", [(12.0, "person", False)]),
        ("The convoy carried 40 tonnes of flour.", [(40.0, "ton", False)]),
        ("The fund raised $3 million.", [(3_000_000.0, "currency_usd", False)]),
        ("Nearly 200 buildings were destroyed.", [(200.0, "item", True)]),
    ],
)
def test_units_from_the_lexicons(nlp, sentence: str, expected: list) -> None:
    doc = run_components(nlp, sentence)
    found = [(s._.quantity.value, s._.quantity.unit, s._.quantity.approximate) for s in doc.spans[SPAN_KEY]]
    assert found == expected


@pytest.mark.parametrize(
    ("word", "pos", "lemma", "expected"),
    [
        ("soldiers", "NOUN", "soldier", True),  # by lemma
        ("Rebels", "PROPN", "Rebels", True),  # a plural left unlemmatised as a proper noun
        ("Militiamen", "PROPN", "Militiamen", True),  # the lemmatizer's own irregular plurals
        ("injured", "VERB", "injure", True),  # the word itself is a listed base form
        ("Rebelo", "PROPN", "Rebelo", False),
        ("buildings", "NOUN", "building", False),
    ],
)
def test_person_nouns_are_matched_by_lemma(nlp, word: str, pos: str, lemma: str, expected: bool) -> None:
    person_nouns = PersonNouns.load(nlp)
    token = Doc(nlp.vocab, words=[word], pos=[pos], lemmas=[lemma])[0]
    assert person_nouns.names_people(token) is expected


def test_the_person_nouns_lexicon_lists_lemmas_only() -> None:
    lemmas = PersonNouns.load(None).lemmas
    assert {"soldier", "child", "policeman", "people", "wounded"} <= lemmas
    assert not {"soldiers", "children", "policemen"} & lemmas


def test_the_vocabulary_reads_the_lexicon_files() -> None:
    vocabulary = load_quantity_vocabulary()
    assert vocabulary.measure_words["kms"] == "km" and vocabulary.currency["€"] == "currency_eur"
    assert vocabulary.hedges[0] == "approximately"  # the longest hedge is tried first
    assert vocabulary.vague_magnitudes["tens"] == 10.0 and vocabulary.scales["bn"] == 1e9
