"""Place mentions: recognition, resolution from the document's evidence, loading, and the gate's checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nlp_support import run_components

from extractors.nlp.gazetteer import Place, shared_gazetteer
from extractors.nlp.place_mentions import (
    PlaceMention,
    PlaceName,
    document_mentions,
    mention_records,
    resolve,
)
from extractors.records import DocumentRecord, PlaceMentionRecord
from extractors.version import ExtractorIdentity
from warehouse.db import open_warehouse
from warehouse.load import load_batch

ALEPPO, DAMASCUS, IDLIB, TADMUR = 170063, 170654, 169389, 163808
IDLIB_GOVERNORATE = 169387
GENEVA, PARIS = 2660646, 2988507
JORDAN, SYRIA = 248816, 163843
SPRINGFIELD_ILLINOIS, SPRINGFIELD_MISSOURI = 4250542, 4409896
ALEXANDRIA_EGYPT, ALEXANDRIA_LOUISIANA = 361058, 4314550
TRIPOLI_LIBYA, TRIPOLI_LEBANON = 2210247, 266826
NEW_YORK_CITY, NEW_YORK_STATE = 5128581, 5128638
WINSTON_SALEM = 4499612
ATHENS_GREECE, ATHENS_GEORGIA = 264371, 4180386

PRODUCER = ExtractorIdentity(model_name="en_core_web_sm", model_version="3.8.0", extractor_version="0.5.0+t")


def mentions_of(nlp, text: str) -> list[PlaceMention]:
    return document_mentions(run_components(nlp, text), shared_gazetteer())


def resolved(nlp, text: str) -> dict[str, tuple[int | None, str | None]]:
    """Text of each mention -> (GeoNames id, resolution)."""
    return {m.text: (m.place.geonameid if m.place else None, m.resolution) for m in mentions_of(nlp, text)}


def test_a_name_has_several_candidates_each_with_its_admin_area() -> None:
    places = shared_gazetteer().candidates("Alexandria").places
    assert {ALEXANDRIA_EGYPT, ALEXANDRIA_LOUISIANA} <= {p.geonameid for p in places}
    louisiana = next(p for p in places if p.geonameid == ALEXANDRIA_LOUISIANA)
    assert (louisiana.country_code, louisiana.admin1_code, louisiana.admin1_name) == ("US", "LA", "Louisiana")
    assert shared_gazetteer().candidates("Qwzxvbnm").places == ()


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # containment: ", <state>" after the name
        (
            "Police in Springfield, Illinois, arrested two men.",
            "Springfield",
            (SPRINGFIELD_ILLINOIS, "containment"),
        ),
        # without it, the prior: the largest Springfield
        ("Police in Springfield arrested two men.", "Springfield", (SPRINGFIELD_MISSOURI, "population")),
        # co-mention: the document names the parish (a US county) the town is in
        (
            "A storm hit Alexandria on Monday. Officials in Rapides Parish opened shelters.",
            "Alexandria",
            (ALEXANDRIA_LOUISIANA, "co-mention"),
        ),
        ("A storm hit Alexandria on Monday.", "Alexandria", (ALEXANDRIA_EGYPT, "population")),
        # feature type: "the city of" a name that is also a state
        ("Thousands marched in the city of New York on Sunday.", "New York", (NEW_YORK_CITY, "feature type")),
        ("New York passed a new budget law.", "New York", (NEW_YORK_STATE, "population")),
        # focal country: the document's other names are in Lebanon
        (
            "Clashes erupted in Beirut and Sidon on Monday. In Tripoli, shops stayed shut.",
            "Tripoli",
            (TRIPOLI_LEBANON, "focal country"),
        ),
        ("In Tripoli, shops stayed shut.", "Tripoli", (TRIPOLI_LIBYA, "population")),
    ],
)
def test_document_evidence_chooses_the_entry(nlp, text: str, name: str, expected: tuple[int, str]) -> None:
    assert resolved(nlp, text)[name] == expected


def test_the_documents_focal_region_chooses_among_towns_of_a_name() -> None:
    def ids(*names: str) -> list[tuple[int | None, str | None]]:
        found = resolve(
            [PlaceName(i * 20, i * 20 + len(n), n) for i, n in enumerate(names)], shared_gazetteer()
        )
        return [(m.place.geonameid if m.place else None, m.resolution) for m in found]

    # most of the names are in Georgia (US): Athens is Athens, Georgia; alone, it is Athens, Greece
    assert ids("Macon", "Savannah", "Athens")[2] == (ATHENS_GEORGIA, "focal region")
    assert ids("Athens") == [(ATHENS_GREECE, "population")]


def test_containment_also_resolves_the_container(nlp) -> None:
    found = resolved(nlp, "Shelling hit Aleppo, Syria, on Tuesday.")
    assert (found["Aleppo"][0], found["Syria"][0]) == (ALEPPO, SYRIA)


def test_demonyms_are_not_place_mentions(nlp) -> None:
    mentions = mentions_of(nlp, "Syrian forces shelled eastern Aleppo on Tuesday.")
    assert [(m.text, m.place.geonameid if m.place else None) for m in mentions] == [("Aleppo", ALEPPO)]


def test_a_qualifier_is_not_part_of_the_name_and_offsets_point_at_it(nlp) -> None:
    text = "Rebels withdrew from eastern Aleppo."
    (mention,) = mentions_of(nlp, text)
    assert text[mention.start_char : mention.end_char] == "Aleppo" == mention.text


def test_a_person_is_not_a_place_but_the_country_is(nlp) -> None:
    assert "Jordan" not in resolved(nlp, "Michael Jordan scored 30 points for Chicago.")
    # tagged PERSON by the model, but no person of that name is in the document: the country
    found = resolved(nlp, "Jordan closed its border with Syria on Friday.")
    assert found["Jordan"] == (JORDAN, "population")


@pytest.mark.parametrize(
    "text",
    [
        "Chelsea won 2–0 at home on Saturday.",
        "Liverpool beat Chelsea 3-1 on Sunday.",
        "The Chelsea striker was injured in training.",
        "Thousands of Liverpool fans travelled to the final.",
    ],
)
def test_a_place_name_used_for_a_club_is_not_a_place(nlp, text: str) -> None:
    assert not {"Chelsea", "Liverpool"} & set(resolved(nlp, text))


def test_a_place_name_in_a_place_context_is_a_place(nlp) -> None:
    found = resolved(nlp, "Floods hit Liverpool on Sunday, and Syria's army sent aid to Aleppo.")
    assert {"Liverpool", "Syria", "Aleppo"} <= set(found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Minnesota Department of Health reported ten cases.", "Minnesota"),
        ("Officers of the Chicago Police arrested him.", "Chicago"),
        ("Students at the University of Kentucky protested.", "Kentucky"),
    ],
)
def test_a_public_body_keeps_the_name_of_its_place(nlp, text: str, name: str) -> None:
    assert name in resolved(nlp, text)


def test_a_club_named_after_a_place_is_not_the_place(nlp) -> None:
    # the rest of the organisation's name is no institution: a team, not Chicago
    assert "Chicago" not in resolved(nlp, "The Chicago Bulls won the game on Friday.")
    # an institution's own noun is not the town that shares its name
    assert resolved(nlp, "The Police Department said nothing.") == {}


def test_an_abbreviation_keeps_its_final_period_but_a_sentence_end_is_not_part_of_a_name(nlp) -> None:
    found = mentions_of(nlp, "He lives in Charleston, W.Va. and works there.")
    assert [m.text for m in found] == ["Charleston", "W.Va."]
    assert found[1].place is not None and found[1].place.name == "West Virginia"
    assert found[0].resolution == "containment"
    assert [m.text for m in mentions_of(nlp, "He flew to Paris.")] == ["Paris"]


def test_the_focal_region_outweighs_the_prior_of_a_world_city_but_the_focal_country_does_not() -> None:
    def chosen(*names: str) -> tuple[str | None, str | None]:
        found = resolve(
            [PlaceName(i * 20, i * 20 + len(n), n) for i, n in enumerate(names)], shared_gazetteer()
        )
        place = found[-1].place
        return (place.country_code if place else None, place.admin1_code if place else None)

    # a story set in Tennessee: its Paris is the Tennessee town
    assert chosen("Memphis", "Nashville", "Paris") == ("US", "TN")
    # a story across the United States: Paris is still the French capital
    assert chosen("Houston", "Chicago", "Paris") == ("FR", "11")


def test_a_hyphenated_name_is_kept_whole(nlp) -> None:
    assert resolved(nlp, "A Winston-Salem man was arrested on Friday.")["Winston-Salem"][0] == WINSTON_SALEM


def test_an_unknown_name_is_kept_with_nulls() -> None:
    (mention,) = resolve([PlaceName(0, 10, "Qwzxvbnmia")], shared_gazetteer())
    assert (mention.place, mention.resolution) == (None, None)
    (record,) = mention_records("d1", [mention])
    assert (record.text, record.name, record.geonameid, record.latitude) == ("Qwzxvbnmia", None, None, None)


NAMES = (
    "Alexandria",
    "Springfield",
    "Paris",
    "Tripoli",
    "Georgia",
    "Syria",
    "Illinois",
    "Texas",
    "Aleppo",
    "Nowhereia",
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(NAMES), st.none() | st.sampled_from(NAMES)), min_size=1, max_size=8)
)
def test_resolution_is_in_range_and_one_entry_per_name_in_a_document(
    names: list[tuple[str, str | None]],
) -> None:
    document = [
        PlaceName(i * 20, i * 20 + len(text), text, container=within)
        for i, (text, within) in enumerate(names)
    ]
    mentions = resolve(document, shared_gazetteer())
    chosen: dict[str, Place | None] = {}
    for mention in mentions:
        place = mention.place
        if place is not None and place.latitude is not None and place.longitude is not None:
            assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180
        assert chosen.setdefault(mention.text, place) == place
    assert resolve(document, shared_gazetteer()) == mentions


def _document(content: str) -> DocumentRecord:
    return DocumentRecord(
        doc_id=DocumentRecord.make_id("a.txt", None, content), source_name="a.txt", source_key="a.txt",
        source_uri="/in/a.txt", content_sha256=content, byte_size=1, format="text", encoding="utf-8",
        encoding_guessed=False, text=content, published_date=dt.date(2016, 12, 10),
    )  # fmt: skip


def test_replacing_a_document_replaces_its_mentions(fresh_warehouse: Path) -> None:
    old, new = _document("Shelling in Aleppo."), _document("Talks in Geneva.")
    old_mentions = [PlaceMentionRecord(old.doc_id, 12, 18, "Aleppo", "Aleppo", ALEPPO, "SY", 36.2, 37.16)]
    new_mentions = [
        PlaceMentionRecord(
            new.doc_id, 9, 15, "Geneva", "Geneva", GENEVA, "CH", 46.2, 6.15, "P", resolution="population"
        ),
        PlaceMentionRecord(new.doc_id, 0, 5, "Talks"),  # unresolved: kept with NULLs
    ]
    with open_warehouse(fresh_warehouse) as con:
        load_batch(con, [old], [], run_id="r1", producer=PRODUCER, place_mentions=old_mentions)
        assert con.execute("SELECT doc_id, geonameid FROM place_mentions").fetchall() == [
            (old.doc_id, ALEPPO)
        ]
        load_batch(con, [new], [], run_id="r2", producer=PRODUCER, place_mentions=new_mentions)
        rows = con.execute(
            "SELECT doc_id, text, name, geonameid, feature_class, resolution, run_id FROM place_mentions ORDER BY start_char"
        ).fetchall()
    assert rows == [
        (new.doc_id, "Talks", None, None, None, None, "r2"),
        (new.doc_id, "Geneva", "Geneva", GENEVA, "P", "population", "r2"),
    ]


def test_the_sample_corpus_resolves_its_places(seeded_warehouse_master: Path) -> None:
    from conftest import query

    found = dict(
        query(seeded_warehouse_master, "SELECT text, min(geonameid) FROM place_mentions GROUP BY text")
    )
    expected = {"Aleppo": ALEPPO, "Geneva": GENEVA, "Damascus": DAMASCUS, "Palmyra": TADMUR}
    assert {name: found.get(name) for name in expected} == expected
    # the corpus names Idlib as "Idlib province": the governorate, by feature type, in every mention
    provinces = query(
        seeded_warehouse_master,
        "SELECT DISTINCT geonameid, feature_code, resolution FROM place_mentions WHERE text = 'Idlib'",
    )
    assert provinces == [(IDLIB_GOVERNORATE, "ADM1", "feature type")]
    if "Paris" in found:
        assert found["Paris"] == PARIS
    # every event's GeoNames id is one of its document's mentions (the gate's check), and some have one
    orphans = query(
        seeded_warehouse_master,
        "SELECT count(*) FROM events e WHERE place_geonameid IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM place_mentions m WHERE m.doc_id = e.doc_id AND m.geonameid = e.place_geonameid)",
    )
    assert orphans == [(0,)]
    assert query(
        seeded_warehouse_master, "SELECT count(*) > 0 FROM events WHERE place_geonameid IS NOT NULL"
    ) == [(True,)]
    results = dict(
        query(
            seeded_warehouse_master,
            "SELECT expectation, success FROM validation_results WHERE expectation LIKE 'place_mentions.%' "
            "OR expectation = 'events.place_geonameid_in_place_mentions'",
        )
    )
    assert results == dict.fromkeys(
        [
            "place_mentions.latitude_in_range",
            "place_mentions.longitude_in_range",
            "place_mentions.unresolved_share_per_run",
            "events.place_geonameid_in_place_mentions",
        ],
        True,
    )


def test_dim_places_carries_the_geonames_entry(seeded_warehouse_master: Path) -> None:
    from conftest import query

    rows = query(
        seeded_warehouse_master,
        "SELECT geonameid, feature_class, country_code, latitude FROM dim_places WHERE place_key = 'Aleppo'",
    )
    assert [(g, f, c) for g, f, c, _ in rows] == [(ALEPPO, "P", "SY")]
    assert 36 < rows[0][3] < 36.5


def test_records_of_a_mention_carry_its_entry() -> None:
    towns = [p for p in shared_gazetteer().candidates("Aleppo").places if p.feature_class == "P"]
    mention = PlaceMention(3, 9, "Aleppo", max(towns, key=lambda p: p.population), "population")
    (record,) = mention_records("d1", [mention])
    assert dataclasses.astuple(record)[:7] == ("d1", 3, 9, "Aleppo", "Aleppo", ALEPPO, "SY")
    assert (record.feature_class, record.resolution) == ("P", "population")


@pytest.mark.parametrize(
    ("family", "names", "index", "with_it", "without_it"),
    [
        # each step of evidence, switched off, leaves the choice to the next step or the prior
        ("place_mentions.focal_region", ("Macon", "Savannah", "Athens"), 2, ATHENS_GEORGIA, ATHENS_GREECE),
        ("place_mentions.focal_country", ("Beirut", "Sidon", "Tripoli"), 2, TRIPOLI_LEBANON, TRIPOLI_LIBYA),
    ],
)
def test_a_step_of_evidence_switched_off_leaves_the_prior(
    family: str, names: tuple[str, ...], index: int, with_it: int, without_it: int
) -> None:
    from extractors.nlp.place_mentions import COMPONENT
    from extractors.nlp.rule_families import RuleSwitches

    def chosen(rules: RuleSwitches) -> int | None:
        found = resolve(
            [PlaceName(i * 20, i * 20 + len(n), n) for i, n in enumerate(names)], shared_gazetteer(), rules
        )
        place = found[index].place
        return place.geonameid if place else None

    assert chosen(RuleSwitches(COMPONENT)) == with_it
    off = RuleSwitches.of(COMPONENT, [family])
    # the steps after it may still decide; this one must not be the reason any more
    assert chosen(off) == without_it or family.split(".")[1].replace("_", " ") not in {
        m.resolution
        for m in resolve(
            [PlaceName(i * 20, i * 20 + len(n), n) for i, n in enumerate(names)], shared_gazetteer(), off
        )
    }


@pytest.fixture(scope="module")
def no_evidence():
    """The pipeline with every step of place-mention evidence off: the prior decides."""
    import spacy
    from nlp_support import TEST_MODEL

    from extractors.nlp.pipeline import add_components
    from extractors.nlp.rule_families import rule_families

    steps = [f.name for f in rule_families() if f.component == "eventetl_place_mentions"]
    return add_components(spacy.load(TEST_MODEL), disabled_rules=steps)


@pytest.mark.parametrize(
    ("family", "text", "name", "with_it"),
    [
        (
            "place_mentions.containment",
            "Police in Springfield, Illinois, arrested two men.",
            "Springfield",
            SPRINGFIELD_ILLINOIS,
        ),
        (
            "place_mentions.co_mention",
            "A storm hit Alexandria on Monday. Officials in Rapides Parish opened shelters.",
            "Alexandria",
            ALEXANDRIA_LOUISIANA,
        ),
        (
            "place_mentions.feature_type",
            "Thousands marched in the city of New York on Sunday.",
            "New York",
            NEW_YORK_CITY,
        ),
    ],
)
def test_each_step_of_evidence_decides_alone_and_is_switched_off_by_config(
    nlp, no_evidence, family: str, text: str, name: str, with_it: int
) -> None:
    import spacy
    from nlp_support import TEST_MODEL

    from extractors.nlp.pipeline import add_components
    from extractors.nlp.rule_families import rule_families

    others = [
        f.name for f in rule_families() if f.component == "eventetl_place_mentions" and f.name != family
    ]
    only_this = add_components(spacy.load(TEST_MODEL), disabled_rules=others)
    assert resolved(nlp, text)[name][0] == with_it
    assert resolved_by(only_this, text)[name][0] == with_it
    assert resolved_by(no_evidence, text)[name][0] != with_it


def resolved_by(pipeline, text: str) -> dict[str, tuple[int | None, str | None]]:
    """Text of each mention -> (GeoNames id, resolution), with the pipeline's own place mentions."""
    doc = run_components(pipeline, text)
    return {m.text: (m.place.geonameid if m.place else None, m.resolution) for m in doc._.place_mentions}
