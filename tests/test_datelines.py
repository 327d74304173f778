"""Datelines: the capitalised place a report was filed from names a place, and is the story's place
when the headline names none and the places the story names lie in its country."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from nlp_support import TEST_MODEL, run_components

from extractors.nlp.datelines import DASHES, find_dateline
from extractors.nlp.gazetteer import shared_gazetteer
from extractors.nlp.pipeline import add_components
from extractors.nlp.place_mentions import document_mentions
from extractors.nlp.places import canonical_place, load_gazetteer

BYESVILLE_OHIO, ORLANDO_FLORIDA, WASHINGTON_DC = 4507599, 4167147, 4140963


def known(name: str) -> bool:
    return shared_gazetteer().candidates(name).own_names > 0


def dateline_of(nlp, text: str) -> str | None:
    found = find_dateline(nlp.make_doc(text), start=0, is_place=known)
    return found.text if found is not None else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the city, then its state or country, a date and the agency, in any of the styles
        ("BEIRUT — Syria's military said Monday it regained control.", "BEIRUT"),
        ("WASHINGTON, Nov 6 (Reuters) - The FBI said on Sunday it stood by its finding.", "WASHINGTON"),
        ("CHARLESTON, W.Va. -- A state senator resigned.", "CHARLESTON"),
        ("ORLANDO, Fla. (AP) — A man was arrested.", "ORLANDO"),
        ("ISLAMABAD, Pakistan — Troops moved in.", "ISLAMABAD"),
        ("BEIRUT, Dec. 5, 2016 — Shelling resumed.", "BEIRUT"),
        ("SOUTH CHARLESTON, W.Va. -- Police said.", "SOUTH CHARLESTON"),
        ("ST. PAUL -- Lawmakers met.", "ST. PAUL"),
        # after a byline or a photo credit that the text extraction ran into the body
        ("By Alana Wise and Mark Hosenball WASHINGTON, Nov 6 (Reuters) - The FBI said.", "WASHINGTON"),
        ("(Photo: Getty Images) WASHINGTON -- In a stunning announcement.", "WASHINGTON"),
        ("By JOHN SMITH BAGHDAD — A bomb exploded.", "BAGHDAD"),
        # capitals that name no place, or no dash after them: no dateline
        ("UPDATE - The talks resumed.", None),
        ("The FBI - which said nothing - was silent.", None),
        ("USA TODAY, Collin Brennan reported.", None),
        ("Police in Beirut - the capital - said.", None),
        # a name the gazetteer does not know is not cut down to one it knows
        ("ST. PARIS — The village council met.", None),
    ],
)
def test_a_dateline_is_a_known_place_in_capitals_before_a_dash(nlp, text: str, expected: str | None) -> None:
    assert dateline_of(nlp, text) == expected


def test_a_dateline_opens_the_body_not_a_later_paragraph(nlp) -> None:
    filler = "The council met again on Tuesday and talked for hours. " * 12
    assert dateline_of(nlp, filler + "BEIRUT — Shelling resumed.") is None


WORDS = [
    "BEIRUT",
    "ALEPPO",
    "UPDATE",
    "NEWS",
    "The",
    "army",
    "said",
    ",",
    "(",
    "AP",
    ")",
    "Nov",
    "6",
    "ST",
    ".",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS + sorted(DASHES)), max_size=14))
def test_a_dateline_found_is_always_a_known_name_in_capitals_before_a_dash(nlp, words: list[str]) -> None:
    doc = nlp.make_doc(" ".join(words))
    found = find_dateline(doc, start=0, is_place=known)
    if found is not None:
        assert found.text.replace(".", "").replace(" ", "").isupper()
        assert known(found.text)
        assert any(t.text in DASHES for t in doc[found.end :])


def test_the_dateline_becomes_a_place_and_the_byline_keeps_its_person(nlp) -> None:
    text = "By Alana Wise and Mark Hosenball WASHINGTON, Nov 6 (Reuters) - The FBI said on Sunday it stood by it."
    doc = run_components(nlp, text, until="eventetl_places")
    labels = [(e.text, e.label_) for e in doc.ents]
    assert ("WASHINGTON", "GPE") in labels
    assert not any("WASHINGTON" in name and label == "PERSON" for name, label in labels)
    assert doc._.dateline == (text.index("WASHINGTON"), text.index("WASHINGTON") + len("WASHINGTON"))


@pytest.mark.parametrize(
    ("text", "name", "geonameid"),
    [
        (
            "BYESVILLE -- Police arrested two men in Guernsey County, Ohio, on Friday.",
            "BYESVILLE",
            BYESVILLE_OHIO,
        ),
        ("ORLANDO, Fla. (AP) — A man was arrested on Monday.", "ORLANDO", ORLANDO_FLORIDA),
    ],
)
def test_a_dateline_is_a_resolved_place_mention(nlp, text: str, name: str, geonameid: int) -> None:
    mentions = {m.text: m for m in document_mentions(run_components(nlp, text), shared_gazetteer())}
    assert mentions[name].place is not None and mentions[name].place.geonameid == geonameid


@pytest.fixture(scope="module")
def without_datelines():
    """The pipeline with both dateline families off."""
    return add_components(
        spacy.load(TEST_MODEL), disabled_rules=["places.datelines", "events.dateline_place"]
    )


@pytest.fixture(scope="module")
def without_dateline_place():
    """The pipeline that finds datelines but does not make them the story's place."""
    return add_components(spacy.load(TEST_MODEL), disabled_rules=["events.dateline_place"])


def test_without_the_family_capitals_before_a_dash_stay_what_the_model_made_them(
    nlp, without_datelines
) -> None:
    text = "By Alana Wise and Mark Hosenball WASHINGTON, Nov 6 (Reuters) - The FBI said on Sunday it stood by it."
    assert ("WASHINGTON", "GPE") not in [
        (e.text, e.label_) for e in run_components(without_datelines, text).ents
    ]
    assert run_components(without_datelines, text)._.dateline is None


DOMESTIC = (
    "WASHINGTON (Reuters) - The FBI said on Sunday it stood by its earlier finding. "
    "Clinton was en route to Cleveland when the letter arrived. "
    "Supporters in Cleveland greeted the news with relief."
)
FOREIGN_BUREAU = (
    "BEIRUT — Government forces shelled rebel positions on Monday. "
    "Thousands of residents remain trapped in Aleppo. "
    "Aid groups said the situation in Aleppo is desperate."
)


def place_of(pipeline, text: str, trigger: str, headline: str = "") -> str | None:
    doc = run_components(pipeline, text, headline=headline)
    (frame,) = [f for f in doc._.events if f.trigger == trigger]
    return frame.place


def test_a_domestic_dateline_is_the_story_place(nlp, without_dateline_place) -> None:
    # the report is filed where it happens: the campaign stop named twice is not the story's place
    assert place_of(nlp, DOMESTIC, "stood") == "WASHINGTON"
    assert place_of(without_dateline_place, DOMESTIC, "stood") == "Cleveland"


def test_a_foreign_bureau_dateline_is_not_the_story_place(nlp) -> None:
    # Beirut is in another country than the places the story is about
    assert place_of(nlp, FOREIGN_BUREAU, "shelled") == "Aleppo"


def test_a_dateline_alone_is_no_evidence_of_the_story_place(nlp) -> None:
    # no other place named: the dateline may be a foreign bureau's, so the event stays unplaced
    assert place_of(nlp, "BEIRUT — Syrian troops captured the district on Monday.", "captured") is None


def test_a_place_of_the_headline_outranks_the_dateline(nlp) -> None:
    headline = "Tram derails in Croydon"
    text = f"{headline}\n\nLONDON — At least seven people were killed on Wednesday. Police in Croydon said the driver was arrested."
    assert place_of(nlp, text, "killed", headline=headline) == "Croydon"


@pytest.mark.parametrize(
    ("name", "expected", "kind"),
    [
        # the name as written first: a period ends "U.S.", a compass word begins "North Carolina"
        ("U.S.", "United States", "country"),
        ("the U.S.", "United States", "country"),
        ("North Carolina", "North Carolina", "admin1"),
        # a US state's name is the state, not a foreign town of that name
        ("Florida", "Florida", "admin1"),
        # unchanged: a qualifier is not part of the name, the capital keeps "Washington"
        ("eastern Aleppo", "Aleppo", "city"),
        ("northern Syria", "Syria", "country"),
        ("Washington", "Washington", "city"),
    ],
)
def test_canonical_place_reads_the_name_as_written_first(name: str, expected: str, kind: str) -> None:
    entry = canonical_place(name, load_gazetteer())
    assert entry is not None and (entry.name, entry.kind) == (expected, kind)
