"""eventetl_places: gazetteer corrections of the model's labels and canonical names with coordinates."""

from __future__ import annotations

import pytest

from extractors.nlp.places import GazetteerLookup, canonical_place, load_gazetteer

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
    doc = nlp(sentence)
    ents = [e for e in doc.ents if e._.geo]
    assert ents and ents[0].label_ == "GPE"
    geo = ents[0]._.geo
    assert (geo["name"] == place and geo["country_code"] == "SY") or geo["country_code"] == "CH"
    assert geo["latitude"] is not None


@pytest.mark.parametrize(
    ("phrase", "name", "country"),
    [("eastern Aleppo", "Aleppo", "SY"), ("the old city of Geneva", None, None), ("Syria", "Syria", "SY")],
)
def test_canonical_place_strips_qualifiers(phrase: str, name: str | None, country: str | None) -> None:
    entry = canonical_place(phrase, load_gazetteer())
    assert (entry.name if entry else None, entry.country_code if entry else None) == (name, country)


def test_a_persons_surname_is_not_a_place(nlp) -> None:
    # "Clinton" is also a US town in the gazetteer; here it is Hillary Clinton
    doc = nlp("Hillary Clinton spoke in Ohio. Reporters gathered around Clinton after the speech.")
    places = [e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
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
    assert county._.geo["kind"] == "admin2" and county._.geo["country_code"] == "US"
