"""Event coding (issue 15): the vendored resources parse, every code resolves, and literal sentences
get their PLOVER category, their target, and the category negation and modality turn them into."""

from __future__ import annotations

import tomllib

import pytest
from nlp_support import run_components

from extractors.lexicon import lexicon_path, table
from extractors.nlp.coding.cameo import parse_verb_dictionary, read_code
from extractors.nlp.coding.component import (
    PLOVER_TABLE,
    load_verb_coder,
    read_verb_dictionary,
    vendored_path,
)
from extractors.nlp.coding.plover import parse_plover_table, plover_of
from extractors.nlp.events.frame import EventFrame, frames_in
from extractors.vocabulary import MODALITIES, PLOVER_CATEGORIES, SECTORS

STATEMENT_ROOT = "01"
"""CAMEO 01 "Make public statement": PLOVER codes no category for it (the table starts at 03)."""


# --------------------------------------------------------------------- the resources
def test_every_verb_dictionary_line_parses_but_a_few_explained_ones() -> None:
    dictionary = read_verb_dictionary()
    lines = vendored_path("vendor/petrarch2/CAMEO.2.0.txt").read_text(encoding="utf-8").splitlines()
    assert len(dictionary.entries) > 1500 and len(dictionary.synsets) > 30
    for number, _ in dictionary.skipped:
        line = lines[number - 1]
        synsets = [
            w.strip("{}()").rstrip("_").lstrip("&") for w in line.split() if w.strip("{(").startswith("&")
        ]
        undefined = any(s.upper() not in dictionary.synsets for s in synsets)
        # The format's own rule: a pattern with an undefined synonym set is ignored; PETRARCH's
        # underscore-joined patterns and prepositional phrases before the verb are not read here.
        assert undefined or "_*" in line or "*_" in line or "(" in line.split("*")[0], line


def test_the_parser_reads_blocks_codes_forms_synsets_and_patterns() -> None:
    dictionary = parse_verb_dictionary(
        [
            "&CEASEFIRE",
            "+TRUCE",
            "+CEASE_FIRE",
            "---  AGREE   [050]  ---",
            "AGREE  # a comment",
            "TAKE {TAKES TOOK TAKEN} [030]",
            "+CALL_OFF [160]",
            "- * (TO &CEASEFIRE)    [0356]  # AGREE",
            "- * {FINANCIAL AID}    [0331]",
            "- ELECTION *           [---]",
            "---  NOTHING   [---]  ---",
            "MUSE",
        ]
    )
    agree, take, call, muse = (dictionary.entries[w][0] for w in ("agree", "take", "call", "muse"))
    assert (agree.code, take.code, muse.code) == ("050", "030", None)
    assert call.code is None and call.patterns[0].code == "160"  # "call" alone is not "call off"
    to_truce, aid, election = agree.patterns
    assert to_truce.preps[0].preposition == "to" and to_truce.preps[0].object is not None
    assert to_truce.preps[0].object.heads == frozenset({"truce"})
    assert to_truce.preps[0].object.phrases == frozenset({("cease", "fire")})  # "fire" alone is no truce
    assert aid.after[0].heads == {"aid"} and aid.after[0].modifiers == (frozenset({"financial"}),)
    assert election.code is None and election.before[0].heads == {"election"}
    assert (read_code("042:043"), read_code(":173"), read_code("---")) == ("042", "173", None)


def test_every_code_the_dictionary_and_overrides_use_resolves_to_a_plover_category() -> None:
    coder = load_verb_coder(None)
    codes = {e.code for entries in coder.dictionary.entries.values() for e in entries} | {
        p.code for entries in coder.dictionary.entries.values() for e in entries for p in e.patterns
    }
    codes |= set(table("coding_overrides")["verb_codes"].values())
    codes |= set(table("coding_overrides")["phrase_codes"].values())
    unresolved = {
        c
        for c in codes - {None}
        if c is not None and coder.plover(c) is None and not c.startswith(STATEMENT_ROOT)
    }
    assert unresolved == set()
    assert {e.category for e in coder.table.values()} == set(PLOVER_CATEGORIES)


def test_the_plover_table_reads_modes_and_the_longest_listed_prefix() -> None:
    plover = parse_plover_table(vendored_path(PLOVER_TABLE).read_text(encoding="utf-8").splitlines())
    assert plover["0841"].category == "RETREAT" and plover["0841"].mode == "release"
    assert plover["08"].category == "CONCEDE"  # the 08 root is its 080 line, not the second heading
    assert plover_of("1931", plover) == plover["193"]
    assert plover["193"].mode == "firearms"
    assert plover_of("0111", plover) is None


def test_the_modality_rules_and_overrides_name_only_known_categories_and_modalities() -> None:
    rules = table("coding_modality")
    for modality, mapping in rules.items():
        if modality == "obligation_auxiliaries":
            continue
        if modality in ("governing_categories", "purpose_categories", "purpose_means", "statement_means"):
            assert set(mapping) <= set(PLOVER_CATEGORIES)
            continue
        assert modality in MODALITIES
        assert set(mapping) <= {*PLOVER_CATEGORIES, "uncoded"}
        assert set(mapping.values()) <= {*PLOVER_CATEGORIES, ""}
    assert set(table("coding_overrides")["cameo_to_plover"].values()) <= set(PLOVER_CATEGORIES)


def test_sectors_are_the_ones_the_actor_sector_file_documents() -> None:
    with lexicon_path("coding_actor_sectors.toml").open("rb") as handle:
        documented = tomllib.load(handle)["sectors"]
    assert tuple(documented) == SECTORS


# --------------------------------------------------------------------- literal sentences
def _frame(nlp, text: str, trigger: str) -> EventFrame:
    frames = [f for f in frames_in(run_components(nlp, text)) if f.trigger == trigger]
    assert frames, f"no event with trigger {trigger!r} in {text!r}: {frames_in(run_components(nlp, text))}"
    return frames[0]


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        ("Russia agreed to a ceasefire in Aleppo on Monday.", "agreed", "AGREE"),
        ("Kerry met Lavrov in Paris on Monday.", "met", "CONSULT"),
        ("The minister praised the agreement on Monday.", "praised", "SUPPORT"),
        ("The rebels released the hostages on Monday.", "released", "RETREAT"),
        ("The opposition called for an immediate ceasefire on Monday.", "called", "REQUEST"),
        ("France condemned the air strikes on Monday.", "condemned", "ACCUSE"),
        ("Iran threatened Israel on Monday.", "threatened", "THREATEN"),
        ("Thousands protested against the government in Cairo on Monday.", "protested", "PROTEST"),
        ("Police arrested the protesters on Monday.", "arrested", "COERCE"),
        ("Government forces attacked the rebels on Monday.", "attacked", "ASSAULT"),
        ("Syria's military said it has regained control of eastern Aleppo.", "regained", "ASSAULT"),
    ],
)
def test_a_literal_sentence_gets_its_category(nlp, text: str, trigger: str, category: str) -> None:
    assert _frame(nlp, text, trigger).event_type == category


def test_a_civilian_displacement_is_no_assault(nlp) -> None:
    frame = _frame(nlp, "Tens of thousands of civilians fled the fighting in Aleppo.", "fled")
    assert frame.event_type != "ASSAULT"


def test_the_category_carries_its_cameo_code_and_mode(nlp) -> None:
    frame = _frame(nlp, "Government forces attacked the rebels on Monday.", "attacked")
    assert frame.cameo_code is not None and frame.cameo_code.startswith("19")
    released = _frame(nlp, "The rebels released the hostages on Monday.", "released")
    assert released.plover_mode == "release"


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        # A refusal of an action is a REJECT, whatever the action ("refused to withdraw" is no RETREAT).
        ("Russia refused to withdraw its troops from the region.", "withdraw", "REJECT"),
        # A threat of force is a THREATEN, not the ASSAULT it threatens (the threat is the event).
        ("The rebels threatened to attack the city.", "threatened", "THREATEN"),
        # Reported speech is coded as what was said: a promise of aid is an AGREE.
        ("Germany said it will send aid to the refugees.", "send", "AGREE"),
        ("The army will attack the rebels.", "attack", "THREATEN"),
        # A reporting verb does not govern: a claimed recapture is a recapture.
        ("The military claimed to have retaken the village.", "retaken", "ASSAULT"),
    ],
)
def test_negation_and_modality_turn_a_category_into_another(
    nlp, text: str, trigger: str, category: str
) -> None:
    assert _frame(nlp, text, trigger).event_type == category


def test_the_same_actions_asserted_keep_their_own_category(nlp) -> None:
    assert _frame(nlp, "The rebels attacked the city.", "attacked").event_type == "ASSAULT"
    assert _frame(nlp, "Russia withdrew its troops from the region.", "withdrew").event_type != "REJECT"


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        ("Government forces attacked the rebels on Monday.", "attacked", "the rebels"),  # direct object
        ("Thousands protested against the government in Cairo.", "protested", "the government"),  # against
        ("The convoy was attacked by gunmen near Aleppo.", "attacked", "The convoy"),  # passive subject
        ("Kerry met Lavrov in Paris on Monday.", "met", "Lavrov"),
        # An object that is part of the action: its directing preposition's object.
        ("The United States imposed sanctions on Iran on Monday.", "imposed", "Iran"),
        ("Russia refused an American proposal on Monday.", "refused", "an American proposal"),
        # A demanded clause: whom the demand is made of.
        ("China demanded that Japan apologize for the war.", "demanded", "Japan"),
    ],
)
def test_the_target_by_role(nlp, text: str, trigger: str, target: str) -> None:
    assert _frame(nlp, text, trigger).target == target


def test_an_action_directed_at_no_one_has_no_target(nlp) -> None:
    frame = _frame(nlp, "Thousands of residents fled on Monday.", "fled")
    assert frame.target is None


def test_a_pronoun_object_is_no_target(nlp) -> None:
    assert _frame(nlp, "The rebels said the army attacked them.", "attacked").target is None


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        # A thing that names no actor gives way to the actor it is of ...
        (
            "The rebels demanded the resignation of the prime minister on Monday.",
            "demanded",
            "the prime minister",
        ),
        # ... to the actor of its content clause ...
        (
            "The union issued a statement demanding that the government raise wages.",
            "issued",
            "the government",
        ),
        # ... to the purpose clause's object ...
        ("Police opened fire to disperse the protesters on Monday.", "opened", "the protesters"),
        # ... and an actor comes before a thing, whichever preposition comes first.
        (
            "The delegation held talks with the Iranian foreign minister at a hotel on Monday.",
            "held",
            "the Iranian foreign minister",
        ),
        # A count gives what it counts.
        ("Soldiers were holding hundreds of villagers in the school on Monday.", "holding", "villagers"),
        # A measure applied in a state is directed at the state.
        ("The army lifted the curfew in Lebanon on Monday.", "lifted", "Lebanon"),
    ],
)
def test_a_target_that_names_an_actor_comes_first(nlp, text: str, trigger: str, target: str) -> None:
    assert _frame(nlp, text, trigger).target == target


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        # A thing whose "of" object names no actor, or only a pronoun, stays the target.
        ("The army destroyed the bridges of the city on Monday.", "destroyed", "the bridges of the city"),
        ("The rebels demanded their release on Monday.", "demanded", "their release"),
        ("Police fired tear gas at the stadium on Monday.", "fired", "the stadium"),
        # ... and so does a measure applied in a place that is not a state.
        ("The army lifted the curfew in the old city on Monday.", "lifted", "the curfew"),
        # Without an obligation, the subject is the actor, not the target.
        ("The minister said the army will withdraw from the town on Monday.", "withdraw", "the town"),
    ],
)
def test_a_thing_with_no_actor_in_it_stays_the_target(nlp, text: str, trigger: str, target: str) -> None:
    assert _frame(nlp, text, trigger).target == target


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        # A means serving a protest is a protest, by a purpose clause or an "in"-phrase.
        ("Dockworkers shunned work on Monday to protest the new law.", "shunned", "PROTEST"),
        ("Farmers blocked the highway in protest against the tax.", "blocked", "PROTEST"),
        # Another purpose does not recast it, nor does a protest recast force.
        ("Police blocked the highway to stop the convoy.", "blocked", "COERCE"),
        ("Rebels shelled the town to protest the arrests.", "shelled", "ASSAULT"),
    ],
)
def test_a_protest_purpose_makes_its_means_a_protest(nlp, text: str, trigger: str, category: str) -> None:
    assert _frame(nlp, text, trigger).event_type == category
