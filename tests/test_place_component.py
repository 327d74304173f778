"""The place-mentions component: resolution runs inside the pipeline and its result is on the Doc."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nlp_support import run_components

from extractors.nlp.gazetteer import Place
from extractors.nlp.place_component import shifted, with_mention_place
from extractors.nlp.place_mentions import PlaceMention
from extractors.records import EventRecord, PlaceMentionRecord

ALEPPO, SYRIA, GENEVA = 170063, 163843, 2660646


def test_the_pipeline_resolves_place_mentions_onto_the_doc(nlp) -> None:
    doc = run_components(nlp, "Troops entered Aleppo, Syria, on Monday. Talks resumed in Geneva.")
    ids = {m.text: m.place.geonameid for m in doc._.place_mentions if m.place is not None}
    assert ids == {"Aleppo": ALEPPO, "Syria": SYRIA, "Geneva": GENEVA}
    assert all(doc.text[m.start_char : m.end_char] == m.text for m in doc._.place_mentions)


def test_a_text_without_places_has_no_mentions(nlp) -> None:
    doc = run_components(nlp, "The committee met on Monday and agreed on a budget.")
    assert doc._.place_mentions == ()


def test_the_component_runs_before_the_events_it_may_inform(nlp) -> None:
    names = nlp.pipe_names
    assert (
        names.index("eventetl_places")
        < names.index("eventetl_place_mentions")
        < names.index("eventetl_events")
    )


@pytest.mark.parametrize("offset", [0, 7, 1200])
def test_shifting_moves_both_offsets_and_keeps_the_entry(offset: int) -> None:
    place = Place(
        geonameid=ALEPPO,
        name="Aleppo",
        country_code="SY",
        latitude=36.2,
        longitude=37.16,
        feature_class="P",
        feature_code="PPLA",
        admin1_code="09",
        admin1_name="Aleppo",
        admin2_name=None,
        population=1_602_264,
    )
    mention = PlaceMention(3, 9, "Aleppo", place, "population")
    (moved,) = shifted([mention], offset)
    assert (moved.start_char, moved.end_char) == (3 + offset, 9 + offset)
    assert moved.place is place and moved.resolution == "population" and moved.text == "Aleppo"


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 50)), max_size=20), st.integers(0, 10**6))
def test_shifting_back_and_forth_is_the_identity(spans: list[tuple[int, int]], offset: int) -> None:
    mentions = [PlaceMention(start, start + length, "x" * length, None, None) for start, length in spans]
    assert shifted(shifted(mentions, offset), -offset) == mentions


def _event(place: str | None, start: int = 0, end: int = 60, **entry: object) -> EventRecord:
    return EventRecord(
        event_id="e1", doc_id="d1", sentence="x" * (end - start), start_char=start, end_char=end,
        trigger="shelled", action="shell", event_rank=1, place=place, **entry,  # type: ignore[arg-type]
    )  # fmt: skip


def _mention(text: str, start: int, geonameid: int | None, name: str, country: str) -> PlaceMentionRecord:
    return PlaceMentionRecord(
        "d1", start, start + len(text), text, name if geonameid else None, geonameid, country, 1.0, 2.0
    )


def test_an_event_takes_the_entry_of_the_mention_its_place_names_in_its_sentence() -> None:
    mentions = [_mention("Aleppo", 5, 999, "Elsewhere", "XX"), _mention("Aleppo", 80, ALEPPO, "Aleppo", "SY")]
    event = _event("eastern Aleppo", 70, 120, place_name="Halab", place_country_code="SY")
    placed = with_mention_place(event, mentions)
    assert (placed.place, placed.place_name, placed.place_country_code, placed.place_geonameid) == (
        "eastern Aleppo",
        "Aleppo",
        "SY",
        ALEPPO,
    )
    assert (placed.place_latitude, placed.place_longitude) == (1.0, 2.0)


def test_a_place_outside_the_sentence_is_the_documents_first_mention_of_it() -> None:
    mentions = [_mention("Geneva", 5, GENEVA, "Geneva", "CH"), _mention("Geneva", 300, 1, "Other", "US")]
    assert with_mention_place(_event("Geneva", 100, 160), mentions).place_geonameid == GENEVA


@pytest.mark.parametrize(
    ("place", "mentions"),
    [
        ("rebel-held districts", [PlaceMentionRecord("d1", 5, 11, "Aleppo", "Aleppo", ALEPPO, "SY")]),
        ("Bolton County", [PlaceMentionRecord("d1", 5, 18, "Bolton County")]),  # unresolved: no id
        (None, [PlaceMentionRecord("d1", 5, 11, "Aleppo", "Aleppo", ALEPPO, "SY")]),
    ],
)
def test_a_place_naming_no_resolved_mention_keeps_its_entry_without_an_id(
    place: str | None, mentions: list[PlaceMentionRecord]
) -> None:
    event = _event(place, place_name="Kept", place_country_code="ZZ")
    placed = with_mention_place(event, mentions)
    assert (placed.place_name, placed.place_country_code, placed.place_geonameid) == ("Kept", "ZZ", None)


def test_a_towns_name_in_a_story_set_in_its_state_places_the_event_there(nlp) -> None:
    import datetime as dt
    import hashlib

    from extractors.extract import extract_batch
    from extractors.records import DocumentRecord

    text = (
        "Memphis and Nashville officials met on Monday.\n\n"
        "Police arrested two men in Paris on Tuesday after a chase through Nashville."
    )
    digest = hashlib.sha256(text.encode()).hexdigest()
    document = DocumentRecord(
        doc_id="d1", source_name="t.txt", source_key="t.txt", source_uri="/in/t.txt", content_sha256=digest,
        byte_size=len(text), format="text", encoding="utf-8", encoding_guessed=False, text=text,
        published_date=dt.date(2016, 12, 7),
    )  # fmt: skip
    result = extract_batch(nlp, [document])
    (arrest,) = [e for e in result.events if e.action == "arrest"]
    assert (arrest.place, arrest.place_country_code) == ("Paris", "US")
    assert arrest.place_geonameid in {m.geonameid for m in result.place_mentions if m.text == "Paris"}
