"""Rule families: each can be switched off by config, and switching it off changes what it decides."""

from __future__ import annotations

import pytest
import spacy
from nlp_support import TEST_MODEL, run_components

from extractors.nlp.pipeline import AFTER_MODEL_COMPONENTS, add_components
from extractors.nlp.rule_families import RuleSwitches, UnknownRuleFamily, families_of, rule_families


@pytest.fixture(scope="module")
def all_off():
    """The pipeline with every rule family switched off."""
    return add_components(spacy.load(TEST_MODEL), disabled_rules=[f.name for f in rule_families()])


@pytest.fixture(scope="module")
def ranking_off():
    """The pipeline with the ranking families off (the others on, so places are found)."""
    names = [f.name for f in rule_families() if f.component == "eventetl_ranking"]
    return add_components(spacy.load(TEST_MODEL), disabled_rules=names)


def test_every_family_belongs_to_a_component_and_is_described() -> None:
    families = rule_families()
    assert len({f.name for f in families}) == len(families) >= 8
    for family in families:
        assert family.component in AFTER_MODEL_COMPONENTS, family.name
        assert family.name.split(".")[0] in family.component and family.description


def test_a_name_that_is_no_family_is_refused() -> None:
    with pytest.raises(UnknownRuleFamily, match=r"dates\.no_such_rule"):
        families_of("eventetl_dates", ["dates.no_such_rule"])
    with pytest.raises(UnknownRuleFamily, match="not rule families of eventetl_dates"):
        RuleSwitches.of("eventetl_dates", ["ranking.dated_from_lead"])
    with pytest.raises(UnknownRuleFamily):
        add_components(spacy.blank("en"), disabled_rules=["places.typo"])


def test_switches_are_on_unless_named() -> None:
    switches = RuleSwitches.of("eventetl_dates", ["dates.patterns"])
    assert not switches.on("dates.patterns") and switches.on("dates.future_context")


def _dates(nlp, text: str) -> list[tuple[str, str]]:
    doc = run_components(nlp, text, published="2016-12-07")
    return [(s.text, s._.date_range.start.isoformat()) for s in doc.spans["eventetl_dates"]]


def _quantities(nlp, text: str) -> list[tuple[str, float, float | None]]:
    doc = run_components(nlp, text)
    return [(s.text, s._.quantity.value, s._.quantity.out_of) for s in doc.spans["eventetl_quantities"]]


@pytest.mark.parametrize(
    ("text", "read", "family", "with_it", "without_it"),
    [
        (
            "The ministers will meet on Monday.",
            _dates,
            "dates.future_context",
            [("on Monday", "2016-12-12")],
            [("Monday", "2016-12-05")],
        ),
        (
            "Fighting has raged over the past two days.",
            _dates,
            "dates.patterns",
            [("over the past two days", "2016-12-05")],
            [("the past two days", "2016-12-05")],
        ),
        (
            "The fire burned 8 hectares (about 20 acres).",
            _quantities,
            "quantities.restatements",
            [("8 hectares", 8.0, None)],
            [("8 hectares", 8.0, None), ("about 20 acres", 20.0, None)],
        ),
        (
            "Militants killed 47 of its 57 staff.",
            _quantities,
            "quantities.part_of_whole",
            [("47", 47.0, 57.0)],
            [("47", 47.0, None), ("57", 57.0, None)],
        ),
    ],
)
def test_switching_a_family_off_undoes_its_decision(
    nlp, all_off, text, read, family, with_it, without_it
) -> None:
    assert read(nlp, text) == with_it
    assert read(all_off, text) == without_it, family


def test_without_gazetteer_labels_the_model_keeps_its_own(nlp, all_off) -> None:
    text = "Shelling hit Aleppo on Monday."
    assert ("Aleppo", "GPE") in [(e.text, e.label_) for e in run_components(nlp, text).ents]
    assert "Aleppo" not in [e.text for e in run_components(all_off, text).ents]


def test_without_the_ranking_families_the_headline_event_keeps_what_it_says(nlp, ranking_off) -> None:
    headline = "Rebels leave Aleppo"
    text = headline + "\n\nThousands of rebels left eastern Aleppo on Monday, the army said."

    def main_event(pipeline) -> tuple[str, str | None]:
        doc = run_components(pipeline, text, headline=headline)
        (main,) = [f for f in doc._.events if f.rank == 1]
        return main.trigger, main.date_range.start.isoformat() if main.date_range else None

    assert main_event(nlp) == ("leave", "2016-12-05")  # dated from the lead
    assert main_event(ranking_off) == ("leave", None)
