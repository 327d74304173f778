"""eventetl_places: gazetteer corrections of the model's labels and canonical names with coordinates."""

from __future__ import annotations

import pytest
from nlp_support import run_components
from spacy.tokens import Doc

from extractors.nlp.places import (
    PLACE_LABELS,
    GazetteerEntry,
    GazetteerLookup,
    canonical_place,
    load_gazetteer,
    locative_prepositions,
    qualifier_pattern,
)

LOOKUP_NAMES = (
    "Aleppo",
    "New York",
    "New York City",
    "York",
    "Winston-Salem",
    "UK",
    "les Escaldes",
    "St. Louis",
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # every name, overlapping ones included (the component keeps the longest)
        ("Talks in New York City ended.", ["New York", "New York City", "York"]),
        ("A Winston-Salem man; Aleppo's east.", ["Winston-Salem", "Aleppo"]),
        ("From St. Louis to les Escaldes and the UK.", ["St. Louis", "les Escaldes", "UK"]),
        # a name never ends on a whitespace token, and never spans a line break or a double space
        ("Aleppo\n\nThe siege", ["Aleppo"]),
        ("New\nYork and New  York", ["York", "York"]),
        # token boundaries: no part of a word, no case-folded match
        ("Aleppos and new york and NEW YORK", []),
        # a span no name begins with stops the search from its start; a name's beginning goes on
        ("New Yorkshire, the New York City of the UK", ["New York", "New York City", "York", "UK"]),
        ("", []),
    ],
)
def test_gazetteer_lookup_finds_names_on_token_boundaries(nlp, text: str, found: list[str]) -> None:
    doc = nlp.make_doc(text)
    spans = GazetteerLookup(LOOKUP_NAMES)(doc)
    assert [doc[start:end].text for start, end in spans] == found


@pytest.mark.parametrize(
    ("sentence", "place", "country"),
    [
        ("Some 50,000 civilians have fled eastern Aleppo.", "Aleppo", "SY"),
        # "Palmyra" is an alternate name of Tadmur (Syria), not of a smaller town elsewhere
        ("The army sent reinforcements to Palmyra.", "Tadmur", "SY"),
        ("Diplomats are meeting in Geneva on Saturday.", "Geneva", "CH"),
    ],
)
def test_places_are_tagged_and_resolved(nlp, sentence: str, place: str, country: str) -> None:
    doc = run_components(nlp, sentence)
    ents = [e for e in doc.ents if e._.geo]
    assert ents and ents[0].label_ == "GPE"
    geo = ents[0]._.geo
    assert isinstance(geo, GazetteerEntry)
    assert (geo.name, geo.country_code, geo.kind) == (place, country, "city")
    assert geo.latitude is not None and geo.longitude is not None


@pytest.mark.parametrize(
    ("phrase", "name", "country"),
    [("eastern Aleppo", "Aleppo", "SY"), ("the old city of Geneva", None, None), ("Syria", "Syria", "SY")],
)
def test_canonical_place_strips_qualifiers(phrase: str, name: str | None, country: str | None) -> None:
    entry = canonical_place(phrase, load_gazetteer())
    assert (entry.name if entry else None, entry.country_code if entry else None) == (name, country)


@pytest.mark.parametrize(
    ("phrase", "name", "country"),
    [
        # A final "s" is part of the name: it used to be stripped ("Paris" -> "Pari", Brazil).
        ("Paris", "Paris", "FR"),
        ("Texas", "Texas", "US"),
        ("Los Angeles", "Los Angeles", "US"),
        ("Athens", "Athens", "GR"),
        # A possessive is not.
        ("Aleppo's", "Aleppo", "SY"),
        ("Paris'", "Paris", "FR"),
        ("Damascus’s", "Damascus", "SY"),
    ],
)
def test_canonical_place_keeps_a_final_s_and_drops_a_possessive(phrase: str, name: str, country: str) -> None:
    entry = canonical_place(phrase, load_gazetteer())
    assert entry is not None and (entry.name, entry.country_code) == (name, country)


def test_a_persons_surname_is_not_a_place(nlp) -> None:
    # "Clinton" is also a US town in the gazetteer; here it is Hillary Clinton
    doc = nlp("Hillary Clinton spoke in Ohio. Reporters gathered around Clinton after the speech.")
    places = [e.text for e in doc.ents if e.label_ in PLACE_LABELS]
    assert "Ohio" in places
    assert "Clinton" not in places


@pytest.mark.parametrize(
    "sentence",
    [
        "The final victims of the Croydon tram crash have been named.",
        "Croydon tram crash: Last victims named",
    ],
)
def test_a_known_place_modifying_a_common_noun_is_a_place(nlp, sentence: str) -> None:
    doc = nlp(sentence)
    assert [(e.text, e.label_) for e in doc.ents if e.text == "Croydon"] == [("Croydon", "GPE")]


def test_a_place_name_inside_an_organisation_name_stays_an_organisation(nlp) -> None:
    doc = nlp("Croydon Council said the road was closed.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Croydon Council", "ORG")]


def test_a_us_county_is_a_known_place(nlp) -> None:
    doc = nlp("Deputies in Macomb County arrested two men.")
    county = next(e for e in doc.ents if e.text == "Macomb County")
    assert county.label_ == "GPE"
    assert (county._.geo.kind, county._.geo.country_code) == ("admin2", "US")


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("north-eastern Aleppo", "Aleppo"),
        ("the besieged rebel-held Douma", "Dūmā"),  # the alternate name of the canonical "Dūmā"
        ("Northeastern Aleppo", "Aleppo"),
        ("the UK", "United Kingdom"),  # an alias of the lexicon
        ("Britain", "United Kingdom"),
        ("oldham", "Oldham"),  # a qualifier only as a whole word: "old" does not strip "Oldham"
        ("western", None),
    ],
)
def test_qualifiers_and_aliases_come_from_the_lexicon(phrase: str, name: str | None) -> None:
    entry = canonical_place(phrase, load_gazetteer())
    assert (entry.name if entry else None) == name


def test_the_place_lexicons_are_what_the_rules_read() -> None:
    assert {"in", "near", "toward", "towards"} <= locative_prepositions()
    assert "on" not in locative_prepositions()  # "on Saturday": the places component never read "on"
    assert qualifier_pattern().sub("", "the south-western Idlib") == "Idlib"


@pytest.mark.parametrize(
    ("words", "pos", "found"),
    [
        # a capitalised gazetteer name the model missed is a place after a locative preposition ...
        (
            ["Troops", "moved", "toward", "Palmyra", "."],
            ["NOUN", "VERB", "ADP", "NOUN", "PUNCT"],
            ["Palmyra"],
        ),
        # ... or when every word of it is a proper noun
        (["Palmyra", "fell", "."], ["PROPN", "VERB", "PUNCT"], ["Palmyra"]),
        # not after another word, nor in lower case
        (["Troops", "saw", "Palmyra", "."], ["NOUN", "VERB", "NOUN", "PUNCT"], []),
        (["troops", "moved", "toward", "palmyra"], ["NOUN", "VERB", "ADP", "NOUN"], []),
    ],
)
def test_a_missed_gazetteer_name_becomes_a_place_on_a_hand_built_doc(
    nlp, words: list[str], pos: list[str], found: list[str]
) -> None:
    doc = Doc(nlp.vocab, words=words, pos=pos, ents=["O"] * len(words))
    doc = nlp.get_pipe("eventetl_places")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [(name, "GPE") for name in found]
    assert all(e._.geo is not None and e._.geo.country_code == "SY" for e in doc.ents)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        (
            "Thousands of civilians fled to government-held western Aleppo on Sunday.",
            "government-held western Aleppo",
        ),
        ("Thousands of civilians fled to western Aleppo on Sunday.", "western Aleppo"),
        ("Thousands of civilians fled to rebel-held eastern Aleppo on Sunday.", "rebel-held eastern Aleppo"),
    ],
)
def test_an_event_place_keeps_a_hyphenated_qualifier_whole(nlp, sentence: str, place: str) -> None:
    doc = run_components(nlp, sentence)
    assert [event.place for event in doc._.events if event.trigger == "fled"] == [place]
