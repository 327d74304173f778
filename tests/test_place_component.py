"""The place-mentions component: resolution runs inside the pipeline and its result is on the Doc."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nlp_support import run_components

from extractors.nlp.gazetteer import Place
from extractors.nlp.place_component import shifted
from extractors.nlp.place_mentions import PlaceMention

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
