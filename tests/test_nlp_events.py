"""eventetl_events on literal sentences: which clauses are events, and their actor, action, place, modality."""

from __future__ import annotations

import pytest
from nlp_support import run_components

from extractors.nlp.events import EventFrame, frames_in


def frames(nlp, text: str, *, headline: str = "", published: str | None = "2016-12-10") -> list[EventFrame]:
    return list(frames_in(run_components(nlp, text, published=published, headline=headline)))


def only(nlp, text: str) -> EventFrame:
    found = frames(nlp, text)
    assert len(found) == 1, [f.trigger for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "trigger", "action", "actor"),
    [
        # the subject phrase with its possessive and modifiers
        (
            "Syria's military has regained control of 98 percent of eastern Aleppo.",
            "regained",
            "regain control",
            "Syria's military",
        ),
        (
            "The Russian Defense Ministry released aerial footage on Sunday.",
            "released",
            "release",
            "The Russian Defense Ministry",
        ),
        # passive: the by-agent
        ("The town was captured by the opposition in 2012.", "captured", "capture", "the opposition"),
        # relative pronoun: its antecedent
        (
            "They were attacked by Islamic State militants, who advanced to the outskirts.",
            "advanced",
            "advance",
            "Islamic State militants",
        ),
        # coordination kept whole
        (
            "Russia and Syria reduced military operations in the city.",
            "reduced",
            "reduce",
            "Russia and Syria",
        ),
        # particle and predicate noun carry the meaning
        (
            "Government forces closed in on the last pocket of the city.",
            "closed",
            "close in",
            "Government forces",
        ),
        (
            "The UN human rights office has expressed concern about the men.",
            "expressed",
            "express concern",
            "The UN human rights office",
        ),
        # attempted / aspectual verbs: the governed verb is the event
        ("The military claimed to have retaken al-Fardous.", "retaken", "retake", "The military"),
    ],
)
def test_actor_and_action(nlp, sentence: str, trigger: str, action: str, actor: str) -> None:
    frame = next(f for f in frames(nlp, sentence) if f.trigger == trigger)
    assert (frame.action, frame.actor) == (action, actor)


def test_reported_clause_is_the_event_with_its_speaker_as_source(nlp) -> None:
    frame = only(nlp, "Syria's military said it has regained control of 98 percent of eastern Aleppo.")
    assert frame.trigger == "regained"
    assert frame.actor == "Syria's military"
    assert frame.attribution == "Syria's military"


def test_pronoun_without_compatible_antecedent_stays_null(nlp) -> None:
    frame = only(nlp, "It was a hard winter. They fled the city on Saturday.")
    assert frame.actor is None


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("The militants will be pushed away from the city.", "future"),
        # (an evaluation, "The loss of Aleppo would mark ...", is no event: test_event_definition.py)
        ("The rebels would lose the city.", "hypothetical"),
        ("Many civilians refused to leave the city.", "refused"),
        ("The rebels tried to break the siege on Friday.", "attempted"),
        ("The army did not enter the town.", "negated"),
    ],
)
def test_modality(nlp, sentence: str, modality: str) -> None:
    assert only(nlp, sentence).modality == modality


@pytest.mark.parametrize(
    "sentence",
    [
        # a caption: simple present description
        "Syrian residents fleeing the violence arrive at a checkpoint on December 10, 2016.",
        # a state, not a happening
        "The advances mean the government appears closer to victory.",
        # direct speech
        '"Fighters don\'t trust that they will be unharmed and free to move," Kerry told reporters.',
        # a participle describing a thing
        "The military is live streaming images from drones showing the exit.",
        # naming a thing
        'A rebel spokesman called the collapse "terrifying."',
        # newswire credit line
        "Associated Press writers Albert Aji in Damascus contributed to this report.",
        # an infinitive of purpose is not asserted
        "Officials want civilians to leave.",
    ],
)
def test_descriptions_quotes_and_states_are_not_events(nlp, sentence: str) -> None:
    # under a headline, as captions and descriptions stand in an article (the lead of a document
    # without one takes the news present: tests/test_news_present.py)
    headline = "Civilians leave Aleppo"
    text = f"{headline}\n\n{sentence}"
    triggers = [
        f.trigger
        for f in frames(nlp, text, headline=headline)
        if not f.in_headline and f.trigger != "streaming"
    ]
    assert triggers == []


def test_territorial_control_in_the_simple_present_is_an_event(nlp) -> None:
    frame = only(nlp, "The insurgents still control the northwestern Idlib province.")
    assert (frame.action, frame.actor, frame.place) == ("control", "The insurgents", "Idlib")


def test_participle_of_people_is_an_event(nlp) -> None:
    found = frames(nlp, "The ministry released footage of 20,000 people fleeing Aleppo.")
    fleeing = next(f for f in found if f.trigger == "fleeing")
    assert fleeing.actor == "20,000 people"
    assert fleeing.quantities[0].value == 20000


def test_repeated_sentence_yields_its_events_once(nlp) -> None:
    text = "Syrian troops captured Sheikh Saeed.\n\nSyrian troops captured Sheikh Saeed."
    assert [f.trigger for f in frames(nlp, text)] == ["captured"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a qualifier that narrows the place is kept
        ("Some 50,000 civilians have fled eastern Aleppo.", "eastern Aleppo"),
        # the agent of "backed by" is not where it happened
        (
            "Backed by Russia, the forces drove the rebels from nearly all of eastern Aleppo.",
            "eastern Aleppo",
        ),
        # a qualified place noun without a name
        ("Russian warplanes bombarded rebel-held districts.", "rebel-held districts"),
        # "the northern city" is the city the story is about
        ("Fighting raged in Aleppo. Rebels fled Aleppo. Troops later entered the northern city.", "Aleppo"),
        # a building after a venue preposition
        ("Lady Gaga staged a protest outside Trump Tower.", "Trump Tower"),
    ],
)
def test_place(nlp, text: str, place: str) -> None:
    assert frames(nlp, text)[-1].place == place


def test_dateline_is_not_the_place(nlp) -> None:
    frame = only(nlp, "BEIRUT — Syrian troops captured the district of Sheikh Saeed.")
    assert frame.place != "BEIRUT"


def test_event_with_no_place_in_its_clause_takes_the_story_place(nlp) -> None:
    text = "Rebels fled Aleppo on Friday.\n\nTroops shelled Aleppo.\n\nThe regime is continuing to drive opposition forces."
    assert frames(nlp, text)[-1].place == "Aleppo"


def test_a_city_is_preferred_to_the_country_in_the_same_clause(nlp) -> None:
    found = frames(nlp, "Rescuers searched in China near the city of Baoding.")
    frame = next(f for f in found if f.trigger == "searched")
    assert frame.place == "Baoding"


def test_focal_place_inside_the_focal_country(nlp) -> None:
    text = (
        "A boy fell into a well in Hebei province. "
        "Officials in China said rescuers came from across China. "
        "The boy's father thanked them."
    )
    thanked = [f for f in frames(nlp, text) if f.trigger == "thanked"]
    assert thanked and thanked[0].place == "Hebei province"


def test_an_apposed_wider_place_does_not_become_the_focal_place(nlp) -> None:
    text = (
        "A tram derailed in Croydon, London. "
        "Passengers were trapped in Croydon, London. "
        "Police came from London, England. "
        "The mayor expressed his sympathy."
    )
    sympathy = [f for f in frames(nlp, text) if f.trigger == "expressed"]
    assert sympathy and sympathy[0].place == "Croydon"


def test_a_place_completing_a_title_is_not_where_the_event_happened(nlp) -> None:
    found = frames(
        nlp, "Lady Gaga protested outside Trump Towers after Trump became President of the United States."
    )
    protested = next(f for f in found if f.trigger == "protested")
    assert protested.place == "Trump Towers"
    became = next(f for f in found if f.trigger == "became")
    assert became.place is None


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Croydon tram crash survivor speaks", "Croydon"),
        # a title-case headline word the body never repeats is not taken as the story's place
        ("Mayor Works to Save Tram", "Beckenham"),
    ],
)
def test_the_headline_place_named_again_in_the_body_is_the_focal_place(
    nlp, headline: str, expected: str
) -> None:
    text = (
        f"{headline}\n\nA survivor of the Croydon tram crash was taken to hospital in Beckenham. "
        "His brother drove from Beckenham. The survivor thanked the nurses."
    )
    doc = run_components(nlp, text, published="2016-11-10", headline=headline)
    thanked = next(f for f in frames_in(doc) if f.trigger == "thanked")
    assert thanked.place == expected


@pytest.mark.parametrize(
    ("headline", "trigger", "actor"),
    [
        ("Lady Gaga protests outside Trump Tower", "protests", "Lady Gaga"),
        ("Donald Trump slams 'rigged' FBI", "slams", "Donald Trump"),
    ],
)
def test_a_headline_verb_tagged_as_a_plural_noun_is_an_event(
    nlp, headline: str, trigger: str, actor: str
) -> None:
    text = f"{headline}\n\nThe singer was seen in the crowd on Wednesday."
    doc = run_components(nlp, text, published="2016-11-09", headline=headline)
    frame = next(f for f in frames_in(doc) if f.trigger == trigger)
    assert frame.actor == actor
    assert frame.in_headline


@pytest.mark.parametrize(
    ("headline", "noun"),
    [("Croydon tram crash victims", "victims"), ("Clinton emails under review", "emails")],
)
def test_a_plural_noun_headline_without_a_verb_reading_is_not_an_event(nlp, headline: str, noun: str) -> None:
    doc = run_components(
        nlp, f"{headline}\n\nThe victims were named on Saturday.", published="2016-11-12", headline=headline
    )
    assert noun not in [f.trigger for f in frames_in(doc)]


def test_a_story_naming_a_place_once_takes_it_as_the_story_place(nlp) -> None:
    text = "A boy was found dead on Friday. He had fallen into a well in Hebei province. Rescuers searched for days."
    searched = next(f for f in frames(nlp, text) if f.trigger == "searched")
    assert searched.place == "Hebei province"


@pytest.mark.parametrize(
    "text",
    [
        "The driver, a 42-year-old man from Beckenham, was released on bail.",
        "Donald Collett, 62, of Beckenham, was released on bail.",
    ],
)
def test_a_place_describing_a_person_is_not_where_the_event_happened(nlp, text: str) -> None:
    released = next(f for f in frames(nlp, text) if f.trigger == "released")
    assert released.place is None


def test_a_place_in_an_apposed_place_noun_still_counts(nlp) -> None:
    text = "Syrian troops captured Sheikh Saeed, a sprawling neighborhood in eastern Aleppo."
    captured = next(f for f in frames(nlp, text) if f.trigger == "captured")
    assert captured.place in ("Sheikh Saeed", "eastern Aleppo")


def test_a_venue_is_placed_with_the_city_that_locates_it(nlp) -> None:
    found = frames(nlp, "Lady Gaga protested outside Trump Tower in New York City on Wednesday.")
    protested = next(f for f in found if f.trigger == "protested")
    assert protested.place == "Trump Tower in New York City"
    assert protested.geo.name == "New York City"


def test_a_headline_place_has_no_trailing_line_break(nlp) -> None:
    headline = "Lady Gaga protests outside Trump Tower"
    doc = run_components(
        nlp, f"{headline}\n\nThe singer stood on a truck.", published="2016-11-09", headline=headline
    )
    placed = [f.place for f in frames_in(doc) if f.place is not None]
    # Non-empty first: an all() over no frames would pass whatever the places are.
    assert placed, "the headline's event has a place"
    assert placed == [place.strip() for place in placed]


def test_living_somewhere_is_a_state_not_an_event(nlp) -> None:
    found = frames(nlp, "The victims have been named as three adults who lived in South London.")
    assert "lived" not in [f.trigger for f in found]


def test_places_in_caption_furniture_do_not_make_the_story_place(nlp) -> None:
    text = (
        "Media caption Trump speaks in Leesburg.\n\nTrump held a rally in Detroit on Sunday. "
        "Media caption Leesburg crowds cheer Trump.\n\nThe crowd chanted."
    )
    chanted = next(f for f in frames(nlp, text) if f.trigger == "chanted")
    assert chanted.place == "Detroit"


def test_a_place_of_a_population_is_still_an_event_place(nlp) -> None:
    found = frames(nlp, "Thousands of civilians from Aleppo were evacuated on Thursday.")
    evacuated = next(f for f in found if f.trigger == "evacuated")
    assert evacuated.place == "Aleppo"
