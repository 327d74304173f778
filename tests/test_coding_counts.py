"""An event's implied count of people (``coding.implied_single_count``), on literal sentences and the
real model: a single person named as the participant an event counts (an assault's or arrest's
target, a protest's actor) is a count of 1 person when no number of people is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from nlp_support import TEST_MODEL, run_components

from extractors.nlp.coding.counts import CountedParticipants, load_counted_participants
from extractors.nlp.events.frame import EventFrame, frames_in
from extractors.nlp.pipeline import add_components
from extractors.vocabulary import MODALITIES, PLOVER_CATEGORIES

FAMILY = "coding.implied_single_count"


@pytest.fixture(scope="module")
def counts_off():
    """The pipeline with the implied counts switched off (every other family on)."""
    return add_components(spacy.load(TEST_MODEL), disabled_rules=[FAMILY])


def _frame(nlp, text: str, trigger: str) -> EventFrame:
    frames = [f for f in frames_in(run_components(nlp, text)) if f.trigger == trigger]
    assert frames, f"no event {trigger!r} in {text!r}"
    return frames[0]


def _people(frame: EventFrame) -> list[tuple[str, float, bool]]:
    """(text, value, approximate) of the frame's counts of people."""
    return [(q.text, q.value, q.approximate) for q in frame.quantities if q.unit == "person"]


@pytest.mark.parametrize(
    ("text", "trigger", "category", "counted"),
    [
        # harm to people: the target (the direct object) is the count
        (
            "Hezbollah guerrillas killed the deputy chief of Israel's militia ally.",
            "killed",
            "ASSAULT",
            "the deputy chief of Israel's militia ally",
        ),
        ("The soldier shot him.", "shot", "ASSAULT", "him"),
        ("Gunmen kidnapped a foreign aid worker.", "kidnapped", "ASSAULT", "a foreign aid worker"),
        # the passive subject is the patient too
        ("A man was killed in the blast.", "killed", "ASSAULT", "A man"),
        # coercion of people: arrests, deportations, expulsions
        ("Police arrested a journalist.", "arrested", "COERCE", "a journalist"),
        ("The journalist was arrested by police on Monday.", "arrested", "COERCE", "The journalist"),
        ("Israel deported a Palestinian activist.", "deported", "COERCE", "a Palestinian activist"),
        ("The government expelled the ambassador.", "expelled", "COERCE", "the ambassador"),
        # a protest's size: its actor
        ("An activist staged a hunger strike.", "staged", "PROTEST", "An activist"),
        (
            "A member of the Syrian parliament, Mohammed Mamoun, started a hunger strike.",
            "started",
            "PROTEST",
            "A member of the Syrian parliament",
        ),
        ("He staged a hunger strike.", "staged", "PROTEST", "He"),
    ],
)
def test_one_person_counted_is_a_count_of_one(nlp, text, trigger, category, counted) -> None:
    frame = _frame(nlp, text, trigger)
    assert frame.event_type == category
    assert _people(frame) == [(counted, 1.0, False)]


def test_a_duration_is_no_count_of_people_and_the_protester_is_one(nlp) -> None:
    frame = _frame(nlp, "Salaheddine Sidhoum staged a 24-hour hunger strike.", "staged")
    assert [(q.text, q.unit) for q in frame.quantities if q.unit != "person"] == [("24-hour", "hour")]
    assert _people(frame) == [("Salaheddine Sidhoum", 1.0, False)]


def test_coordinated_people_count_one_each(nlp) -> None:
    frame = _frame(nlp, "Gunmen killed a soldier and a policeman.", "killed")
    assert _people(frame) == [("a soldier and a policeman", 2.0, False)]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Rebels killed soldiers.", "killed"),  # plural
        ("The army attacked the town.", "attacked"),  # a place
        ("Israel killed Hamas militants.", "killed"),  # plural
        ("Protesters marched through the city.", "marched"),  # plural actor
        ("The crowd marched to the palace.", "marched"),  # a group noun
        ("The family was expelled.", "expelled"),  # a group noun
        ("Each soldier was shot.", "shot"),  # a quantifying determiner
        ("No journalist was arrested.", "arrested"),
        ("Police arrested them.", "arrested"),  # a plural pronoun
        ("The army tried to kill the commander.", "kill"),  # attempted: no one killed
        ("The army did not kill the commander.", "kill"),  # negated
        ("The minister criticised the general.", "criticised"),  # a speech act counts no one
        ("The army recaptured Abu Bakr.", "recaptured"),  # a place taken (the model reads a person)
        ("The victim was taken to hospital.", "taken"),  # CAMEO 171, property: a misread verb
    ],
)
def test_no_count_of_one_without_one_person_counted(nlp, text, trigger) -> None:
    assert _people(_frame(nlp, text, trigger)) == []


def test_a_written_number_of_people_is_the_only_count(nlp) -> None:
    frame = _frame(nlp, "Rebels killed two soldiers.", "killed")
    assert [(q.text, q.value) for q in frame.quantities if q.unit == "person"] == [("two", 2.0)]


def test_switched_off_no_count_is_implied(nlp, counts_off) -> None:
    text = "Police arrested a journalist."
    assert _people(_frame(nlp, text, "arrested")) == [("a journalist", 1.0, False)]
    assert _people(_frame(counts_off, text, "arrested")) == []


def test_the_table_names_plover_categories_and_modalities() -> None:
    rules = load_counted_participants()
    assert isinstance(rules, CountedParticipants)
    assert set(rules.participants) <= set(PLOVER_CATEGORIES)
    assert set(rules.participants.values()) <= {"actor", "target"}
    assert rules.participants["PROTEST"] == "actor" and rules.participants["ASSAULT"] == "target"
    assert rules.modalities <= set(MODALITIES)
    assert {"army", "family", "crowd", "police"} <= rules.group_nouns
    assert {"171", "192", "0874"} <= rules.not_counted_cameo_codes  # the territorial codes from their table


def test_an_implied_count_is_marked_shown_as_a_quantity_and_claims_nothing(
    tmp_path: Path, prefect_harness: None
) -> None:
    """Through the real flow: the count is a quantity flagged ``is_implied``; ``fact_claims`` keeps
    the written total only, so naming one victim does not conflict with "seven people"."""
    from conftest import query

    from flows.ingest import ingest_events

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(
        "Gunmen kill police chief in Idlib\n\nDecember 6, 2016\n\nGunmen killed the deputy police chief in Idlib on Monday.\n"
    )
    (inputs / "b.txt").write_text(
        "Seven killed in Idlib attack\n\nDecember 6, 2016\n\nGunmen killed seven people in Idlib on Monday.\n"
    )
    db = tmp_path / "events.duckdb"
    ingest_events([str(inputs)], str(db))
    quantities = query(
        db,
        "SELECT value, text, is_implied FROM fact_quantities WHERE unit = 'person' ORDER BY is_implied, text",
    )
    assert (7.0, "seven", False) in quantities
    assert (1.0, "the deputy police chief", True) in quantities
    assert all(
        not implied
        for (implied,) in query(db, "SELECT is_implied FROM quantities_clean WHERE text = 'seven'")
    )
    claims = query(db, "SELECT value, text, conflict FROM fact_claims WHERE unit = 'person'")
    assert (1.0, "the deputy police chief", False) not in claims and (
        1.0,
        "the deputy police chief",
        True,
    ) not in claims
    assert claims and all(not conflict for _, _, conflict in claims)
