"""Source and target of coded events (issue 15, third step), on literal sentences and the real model.

A reported obligation is the speaker's demand of its subject; a phrase with no country of its own
takes one from its clauses, its places or the sentence (not from the speaker's phrase); an ethnic
group is not its namesake state; a city acted on is its people; hyphenated compounds stay whole;
a passive's subject acts in an active conjunct; idioms and nominalised agents give targets.
"""

from __future__ import annotations

import pytest
from nlp_support import run_components

from extractors.nlp.coding.actors import ActorCoder
from extractors.nlp.coding.roles import whole_name
from extractors.nlp.events.actors import is_word_hyphen
from extractors.nlp.events.frame import EventFrame, frames_in


def _frame(nlp, text: str, trigger: str) -> EventFrame:
    frames = [f for f in frames_in(run_components(nlp, text)) if f.trigger == trigger]
    assert frames, f"no event {trigger!r} in {text!r}"
    return frames[0]


def _codes(frame: EventFrame) -> tuple[tuple[str | None, str | None], tuple[str | None, str | None]]:
    return (frame.actor_country, frame.actor_sector), (frame.target_country, frame.target_sector)


# ---------------------------------------------------------------------- reported demands
def test_a_reported_obligation_is_the_speakers_demand_of_its_subject(nlp) -> None:
    frame = _frame(nlp, "Russia said on Tuesday that Sudan must return the helicopter.", "return")
    assert (frame.event_type, frame.actor, frame.target) == ("REQUEST", "Russia", "Sudan")
    assert (frame.actor_country, frame.target_country) == ("RUS", "SDN")
    assert frame.actor_type == "state"


def test_a_reported_fact_keeps_its_own_actor(nlp) -> None:
    frame = _frame(nlp, "Russia said on Tuesday that Sudan returned the helicopter.", "returned")
    assert frame.actor == "Sudan"
    assert frame.target == "the helicopter"


def test_an_obligation_a_news_source_reports_is_not_the_sources_demand(nlp) -> None:
    frame = _frame(nlp, "Sudan must return the helicopter, according to the newspaper.", "return")
    assert frame.actor == "Sudan"


# ---------------------------------------------------------------------- countries from the context
def test_a_coded_actor_without_a_country_takes_the_sentences(nlp) -> None:
    text = "Judge Alejandro Rivera opened fraud investigations against 28 Chilean government officials."
    assert _codes(_frame(nlp, text, "opened"))[0] == ("CHL", "JUD")


def test_a_target_takes_the_country_its_own_clause_names(nlp) -> None:
    text = "The United Nations will provide food aid to refugees fleeing the civil war in Liberia."
    frame = _frame(nlp, text, "provide")
    assert frame.target == "refugees"
    assert _codes(frame) == ((None, "IGO"), ("LBR", "CVL"))


def test_a_place_the_dictionaries_lack_gives_its_one_country(nlp) -> None:
    frame = _frame(nlp, "The government of Gorazde has ordered patrols by police.", "ordered")
    assert _codes(frame)[0] == ("BIH", "GOV")
    # A name of places in two countries gives none.
    frame = _frame(nlp, "The government of Jericho has ordered patrols by police.", "ordered")
    assert _codes(frame)[0] == (None, "GOV")


def test_the_speakers_phrase_gives_no_country_to_the_actor(nlp) -> None:
    frame = _frame(nlp, "A London-based group said the army shelled the town.", "shelled")
    assert frame.attribution == "A London-based group"
    assert _codes(frame)[0] == (None, "MIL")


def test_an_unknown_organisation_and_a_thing_take_no_country_from_the_sentence(nlp) -> None:
    text = "The International Labor Office reiterated its demand that Israel ease restrictions."
    assert _frame(nlp, text, "reiterated").actor_country is None
    text = "Russian troops destroyed the old bridge on Monday as they advanced into Ukraine."
    frame = _frame(nlp, text, "destroyed")
    assert frame.target == "the old bridge"
    assert _codes(frame) == (("RUS", "MIL"), (None, None))


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        # "ethnic": a people living in the country the sentence names, not the namesake state.
        ("Ethnic Albanians clashed with police in Macedonia on Monday.", "clashed", ("MKD", "CVL")),
        ("Albanians clashed with police in Macedonia on Monday.", "clashed", ("ALB", "CVL")),
    ],
)
def test_an_ethnic_group_is_not_its_namesake_state(nlp, text: str, trigger: str, actor) -> None:
    assert _codes(_frame(nlp, text, trigger))[0] == actor


def test_a_city_acted_on_is_its_people_and_a_state_its_government(nlp) -> None:
    frame = _frame(nlp, "French farmers said they would blockade Paris from Monday night.", "blockade")
    assert (frame.target, frame.target_country, frame.target_sector) == ("Paris", "FRA", "CVL")
    frame = _frame(nlp, "The European Union imposed sanctions on Russia on Monday.", "imposed")
    assert (frame.target, frame.target_country, frame.target_sector) == ("Russia", "RUS", "GOV")
    # A city that acts (the agent of an admission) is its government.
    frame = _frame(
        nlp, "Poland demanded an admission by Moscow that Soviet forces murdered the officers.", "demanded"
    )
    assert (frame.target, frame.target_country, frame.target_sector) == ("Moscow", "RUS", "GOV")


def test_citizens_abroad_are_civilians_of_their_state(nlp) -> None:
    frame = _frame(nlp, "Uganda has paid compensation to 67 elderly British nationals.", "paid")
    assert (frame.target_country, frame.target_sector) == ("GBR", "CVL")


# ---------------------------------------------------------------------- actor phrases
def test_a_hyphenated_compound_stays_whole(nlp) -> None:
    frame = _frame(nlp, "Vietnamese-led forces have retaken a strategic village.", "retaken")
    assert frame.actor == "Vietnamese-led forces"
    assert _codes(frame)[0] == ("VNM", "MIL")


def test_only_a_hyphen_inside_a_word_joins_it(nlp) -> None:
    doc = nlp.make_doc("The rebel-held town - which fell - is quiet.")
    hyphens = [t for t in doc if t.text == "-"]
    assert [is_word_hyphen(t) for t in hyphens] == [True, False, False]


def test_the_subject_of_a_passive_acts_in_its_active_conjunct(nlp) -> None:
    text = "Montenegro's prime minister has been indicted by the court and will resign."
    frame = _frame(nlp, text, "resign")
    assert frame.actor == "Montenegro's prime minister"
    assert _codes(frame)[0] == ("MNE", "GOV")
    # A conjoined participle is passive too: no actor, the shared subject is its target.
    frame = _frame(nlp, "The soldiers were attacked and killed on Monday.", "killed")
    assert (frame.actor, frame.target) == (None, "The soldiers")


# ---------------------------------------------------------------------- targets
@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        # An adverbial idiom names no one; the thing conceded to gives way to whose it is.
        ("The president conceded at last to demands from the rebels.", "conceded", "the rebels"),
        # The agent of a nominalised action, before what it is about.
        (
            "Poland demanded an admission by Moscow that Soviet forces murdered the officers.",
            "demanded",
            "Moscow",
        ),
        # "in" + a bare noun: whom the action answers.
        (
            "Thousands blocked streets in Hong Kong in defiance of Chinese authorities.",
            "blocked",
            "Chinese authorities",
        ),
        # A purpose clause's prepositional object, not the work shunned (the agents dictionary codes a
        # settlement as its people).
        (
            "Villagers shunned work on Monday to protest at the settlement of immigrants.",
            "shunned",
            "the settlement of immigrants",
        ),
        # An agent noun the dictionary knows is whom the purpose is about.
        ("Police fired tear gas to disperse the journalists on Monday.", "fired", "the journalists"),
        # A participle's agent owns the thing.
        ("Turkish police prevented the demonstration staged by students.", "prevented", "students"),
    ],
)
def test_targets_behind_idioms_and_nominalisations(nlp, text: str, trigger: str, target: str) -> None:
    assert _frame(nlp, text, trigger).target == target


def test_a_place_with_a_determiner_is_no_idiom(nlp) -> None:
    frame = _frame(nlp, "Protesters blocked the roads in the city of Aleppo.", "blocked")
    assert frame.target is not None
    assert frame.target.startswith("the roads")


def test_a_name_cut_by_the_phrase_is_coded_whole(nlp) -> None:
    text = "The talks were held with the National Union for the Total Independence of Angola in Lusaka."
    doc = run_components(nlp, text, until="eventetl_places")
    start = text.index("National Union")
    cut = doc.char_span(start, start + len("National Union"))
    assert cut is not None
    assert whole_name(cut).text.endswith("National Union for the Total Independence of Angola")
    code = ActorCoder.load().code(whole_name(cut), on=None)
    assert (code.country, code.sector) == ("AGO", "REB")
    # A phrase whose head names no entity stays as it is.
    words = doc.char_span(text.index("The talks"), text.index("The talks") + len("The talks"))
    assert words is not None
    assert whole_name(words) == words
