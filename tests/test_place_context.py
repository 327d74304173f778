"""Recognition of place names by their context, on literal sentences with the real model (issue 16,
third step): things named after places, streets, names the model cuts or mislabels."""

from __future__ import annotations

import pytest
from nlp_support import run_components
from spacy.tokens import Doc

from extractors.nlp.gazetteer import institution_nouns, shared_gazetteer
from extractors.nlp.place_context import places_in_organisation
from extractors.nlp.place_mentions import document_mentions

INDIANA, ANGOLA, SURREY, RAPIDES_PARISH = 4921868, 3351879, 2636512, 4338356
ZAIRE_PROVINCE, IDLIB_GOVERNORATE, UNITED_STATES, HAITI = 2236355, 169387, 6252001, 3723988
MOZAMBIQUE, UTTAR_PRADESH, KWAZULU_NATAL, ALEXANDRIA_EGYPT = 1036973, 1253626, 972062, 361058


def mentions(nlp, text: str) -> list[tuple[str, int | None]]:
    """(text, GeoNames id) of each place mention of ``text``, in order."""
    found = document_mentions(run_components(nlp, text), shared_gazetteer())
    return [(m.text, m.place.geonameid if m.place else None) for m in found]


def test_a_place_name_that_names_a_disease_is_not_a_place_anywhere_in_the_document(nlp) -> None:
    assert mentions(nlp, "Two more cases of West Nile virus were reported in Indiana.") == [
        ("Indiana", INDIANA)
    ]
    text = "The Marburg virus is still spreading in Angola. Marburg kills more slowly than Ebola."
    assert mentions(nlp, text) == [("Angola", ANGOLA)]
    # without a disease's noun the town is a place
    assert [t for t, _ in mentions(nlp, "Students in Marburg protested against the tuition fees.")] == [
        "Marburg"
    ]


def test_a_street_tagged_as_an_organisation_is_a_place_mention(nlp) -> None:
    found = mentions(nlp, "A crash closed Dawes Street in Alexandria on Tuesday.")
    assert found == [("Dawes Street", None), ("Alexandria", ALEXANDRIA_EGYPT)]  # kept, unresolved


def test_the_last_word_of_a_title_is_not_a_place(nlp) -> None:
    assert mentions(nlp, '"The risk is low," said Liam Donaldson, the Chief Medical Officer.') == []
    found = mentions(nlp, "Chief Veterinary Officer Debby Reynolds visited the farm in Surrey.")
    assert found == [("Surrey", SURREY)]
    # a date before a place's name does not make it part of a longer name
    assert mentions(nlp, "On Sunday Alexandria police arrested two men.") == [
        ("Alexandria", ALEXANDRIA_EGYPT)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cases were reported in Zambia, Malawi, and Mozambique.", ("Mozambique", MOZAMBIQUE)),
        (
            "In the Northern Indian states of Bihar and Uttar Pradesh, floods displaced millions.",
            ("Uttar Pradesh", UTTAR_PRADESH),
        ),
        ("Officials in KwaZulu-Natal reported the new variant.", ("KwaZulu-Natal", KWAZULU_NATAL)),
    ],
)
def test_an_area_the_model_tags_as_an_organisation_is_a_place(
    nlp, text: str, expected: tuple[str, int]
) -> None:
    assert expected in mentions(nlp, text)


def test_a_surname_that_is_a_county_s_short_name_stays_an_organisation(nlp) -> None:
    assert mentions(nlp, "Hughes announced the results on Monday.") == []


def test_a_kind_of_place_after_the_name_is_evidence_not_part_of_the_name(nlp) -> None:
    assert mentions(nlp, "Officials reported new cases in Zaire province on Friday.") == [
        ("Zaire", ZAIRE_PROVINCE)
    ]
    found = document_mentions(
        run_components(nlp, "The Idlib province was shelled. Rebels hold Idlib."), shared_gazetteer()
    )
    assert [(m.place.geonameid if m.place else None, m.resolution) for m in found] == [
        (IDLIB_GOVERNORATE, "feature type"),
        (IDLIB_GOVERNORATE, "feature type"),  # one entry per name per document
    ]


def test_a_sentence_s_first_the_is_not_part_of_the_name(nlp) -> None:
    assert mentions(nlp, "The United States sent aid to Haiti.") == [
        ("United States", UNITED_STATES),
        ("Haiti", HAITI),
    ]


def test_a_place_starting_a_name_the_model_gives_a_person_is_a_place(nlp) -> None:
    # The small model tags "Rapides Parish Fire District" a person's name in some contexts; built by hand
    words = ["Both", "Rapides", "Parish", "Fire", "District", "investigated", "."]
    lemmas = ["both", "Rapides", "Parish", "fire", "district", "investigate", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        lemmas=lemmas,
        ents=["O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O"],
    )
    (ent,) = doc.ents
    found = places_in_organisation(ent, shared_gazetteer(), institution_nouns())
    assert [span.text for span in found] == ["Rapides Parish"]
    # a person's name that merely starts with a place's name is no place
    doc = Doc(
        nlp.vocab,
        words=["Paris", "Hilton", "arrived"],
        lemmas=["Paris", "Hilton", "arrive"],
        ents=["B-PERSON", "I-PERSON", "O"],
    )
    assert places_in_organisation(doc.ents[0], shared_gazetteer(), institution_nouns()) == []
