"""Issue 20: what an event is, and the error classes seen on the sample corpus, on literal sentences.

Each rule has a sentence it applies to and one it must leave alone (the events component's rules:
``extractors/nlp/events``; their families in ``rule_families.toml``).
"""

from __future__ import annotations

import pytest
import spacy
from nlp_support import parsed, run_components

from extractors.nlp.events import EventFrame, frames_in, load_event_lexicon, non_event_reason
from extractors.nlp.events.clauses import is_misread_main_verb


def frames(nlp, text: str, document_format: str = "text") -> list[EventFrame]:
    return list(frames_in(run_components(nlp, text, document_format=document_format)))


def event(nlp, text: str, trigger: str, document_format: str = "text") -> EventFrame:
    (found,) = [f for f in frames(nlp, text, document_format) if f.trigger == trigger]
    return found


def triggers(nlp, text: str) -> list[str]:
    return [f.trigger for f in frames(nlp, text)]


# --------------------------------------------------------------------- whole phrases
def test_a_hyphenated_compound_keeps_its_first_part(nlp) -> None:
    found = event(nlp, "A London-based Syrian organization sent doctors to Aleppo.", "sent")
    assert found.actor == "A London-based Syrian organization"
    said = event(
        nlp, "A London-based Syrian organization said its ambulances have been destroyed.", "destroyed"
    )
    assert said.attribution == "A London-based Syrian organization"


def test_a_dash_between_spaces_is_no_compound(nlp) -> None:
    found = event(nlp, "The army - backed by Russia - shelled the town.", "shelled")
    assert found.actor == "The army"


def test_a_name_split_by_a_no_break_space_is_one_speaker(nlp) -> None:
    text = "His Russian counterpart Sergei\xa0Lavrov, however, said Assad had expressed willingness to make a deal."
    assert event(nlp, text, "expressed").attribution == "His Russian counterpart Sergei\xa0Lavrov"
    plain = "His Russian counterpart, however, said Assad had expressed willingness to make a deal."
    assert event(nlp, plain, "expressed").attribution == "His Russian counterpart"


# --------------------------------------------------------------------- subheads
def test_a_subhead_said_fleeing_is_the_flight_not_a_statement(nlp) -> None:
    text = "Some 50,000 Syrians said fleeing the embattled city of Aleppo, as experts are meeting in Geneva."
    found = event(nlp, text, "fleeing")
    assert (found.trigger, found.action, found.actor, found.attribution, found.place) == (
        "fleeing",
        "flee",
        "Some 50,000 Syrians",
        None,
        "Aleppo",  # the participle's own clause, not the meeting's Geneva
    )
    assert "said" not in triggers(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Witnesses reported seeing soldiers in the square.",  # what was seen is the news
        "Cops are said to be probing the crash.",  # a passive report with its own auxiliary
        "Residents said fleeing.",  # a bare participle: no complement of its own
        "'It was a long night,' the nurse said smiling.",  # the manner of a quotation's reporting verb
        "'It was a long night,' the nurse said smiling at the crowd.",
        "Residents said fleeing the city was impossible.",  # a gerund subject
        "The mayor said muddling through the details of the bill hasn't been easy.",
    ],
)
def test_other_participles_of_reporting_verbs_are_not_taken(nlp, text: str) -> None:
    assert not {"seeing", "probing", "fleeing", "smiling", "muddling"} & set(triggers(nlp, text))


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Some 50,000 Syrians said fleeing the embattled city.", "Some 50,000 Syrians"),  # an object
        # a prepositional phrase
        ("Thousands of civilians said fleeing to Turkey.", "Thousands of civilians"),
        # the reporting verb is itself reported content
        ("An official said a rescue team reported fleeing the flooded town.", "a rescue team"),
    ],
)
def test_a_reported_participle_with_its_own_complement_is_the_event(nlp, text: str, actor: str) -> None:
    found = event(nlp, text, "fleeing")
    assert (found.action, found.actor) == ("flee", actor)
    assert not {"said", "reported"} & set(triggers(nlp, text))


# --------------------------------------------------------------------- sources
def test_the_agency_a_statement_is_according_to_is_its_source_not_its_actor(nlp) -> None:
    text = "According to German news agency DPA, however, President Assad's government refused to give in."
    found = event(nlp, text, "give")
    assert (found.actor, found.attribution, found.modality) == (
        "President Assad's government",
        "German news agency DPA",
        "refused",
    )


def test_a_source_that_reports_with_a_verb_stays_the_attribution(nlp) -> None:
    text = "According to the state news agency SANA, government troops entered the Old City on Friday."
    found = event(nlp, text, "entered")
    assert (found.actor, found.attribution) == ("government troops", "the state news agency SANA")
    reported = event(nlp, "DPA reported that the government troops entered the Old City.", "entered")
    assert (reported.actor, reported.attribution) == ("the government troops", "DPA")


# --------------------------------------------------------------------- transcribed speech
@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # "I" in a transcript is the person named before it
        (
            "Secretary of State John Kerry met opposition leaders in Paris. I urged them to negotiate.",
            "Secretary of State John Kerry",
        ),
        # "we" is a group: the group or institution named before it
        (
            "The Syrian National Coalition met John Kerry in Paris. We urged him to act.",
            "The Syrian National Coalition",
        ),
        (
            "The opposition delegates met John Kerry in Paris. We urged him to act.",
            "The opposition delegates",
        ),
    ],
)
@pytest.mark.parametrize("document_format", ["transcript", "srt", "vtt"])
def test_first_person_in_transcribed_speech_is_the_speaker_named_before(
    nlp, text: str, actor: str, document_format: str
) -> None:
    assert event(nlp, text, "urged", document_format).actor == actor


@pytest.mark.parametrize(
    "text",
    [
        "I urged them to negotiate.",  # no one named
        "John Kerry met opposition leaders in Paris.\n\nI urged them to negotiate.",  # another paragraph
        "The army met opposition leaders in Paris. I urged them to negotiate.",  # no person named
        # "we" is never one person
        "Secretary of State John Kerry met opposition leaders in Paris. We urged them to negotiate.",
    ],
)
def test_first_person_stays_unnamed_without_a_speaker_of_its_number(nlp, text: str) -> None:
    assert event(nlp, text, "urged", "transcript").actor is None


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # in written prose "I" and "we" are the writer, not the person named before
        (
            "Secretary of State John Kerry met opposition leaders in Paris. I urged them to negotiate.",
            "urged",
        ),
        ("Condoleezza Rice defended the war. I cannot agree more with her critics.", "agree"),
        ("Ambassador John Smith toured the camp. We also met with refugees.", "met"),
        ("The Syrian National Coalition met John Kerry in Paris. We urged him to act.", "urged"),
    ],
)
@pytest.mark.parametrize("document_format", ["text", "html", "markdown"])
def test_first_person_in_written_prose_stays_unnamed(
    nlp, text: str, trigger: str, document_format: str
) -> None:
    assert event(nlp, text, trigger, document_format).actor is None


def test_a_false_start_said_again_is_one_event(nlp) -> None:
    text = (
        "Kerry met opposition leaders in Paris. I urged, I speak for myself, I urged Dr. Hijab to negotiate."
    )
    assert triggers(nlp, text) == ["met", "urged"]
    assert event(nlp, text, "urged", "transcript").actor == "Kerry"  # the sample corpus's video transcript
    assert triggers(nlp, "Russia urged calm, and Russia urged talks.") == ["urged", "urged"]


# --------------------------------------------------------------------- what an event is
def test_an_alternative_that_may_happen_is_not_a_second_event(nlp) -> None:
    assert triggers(nlp, "The militants will be pushed away or eliminated.") == ["pushed"]
    # in the past, "or" shares out what happened
    assert triggers(nlp, "Passengers lost limbs or were flung to their death.") == ["lost", "flung"]


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("Russia said it will send aid to Aleppo.", "send", "future"),  # the actor announces
        ("The army will withdraw its troops on Monday.", "withdraw", "future"),
        ("Russia has decided to send aid to Aleppo.", "send", "future"),
        ("Analysts say the rebels will lose the city.", "lose", "hypothetical"),  # a commentator predicts
        ("The city is expected to fall within days.", "fall", "hypothetical"),  # expected by others
        ("The rebels would lose the city.", "lose", "hypothetical"),
    ],
)
def test_future_is_an_announced_intention_a_prediction_is_hypothetical(
    nlp, text: str, trigger: str, modality: str
) -> None:
    assert event(nlp, text, trigger).modality == modality


def test_an_evaluation_of_what_an_event_would_mean_is_none(nlp) -> None:
    assert triggers(nlp, "The loss of Aleppo would mark the greatest defeat for the rebels.") == []
    assert triggers(nlp, "The rebels would lose the city.") == ["lose"]


def test_a_clause_that_situates_an_event_in_time_is_none(nlp) -> None:
    assert triggers(nlp, "The proposal came during weekend talks in Geneva.") == []
    assert triggers(nlp, "Thousands of protesters came to the square after the verdict.") == ["came"]


def test_the_present_content_of_a_warning_is_what_was_said(nlp) -> None:
    assert triggers(nlp, "Kerry warned the government it is committing war crimes.") == ["warned"]
    # the content of a reporting verb is the event, whatever its tense
    assert triggers(nlp, "Russia said its troops are advancing on Aleppo.") == ["advancing"]


# --------------------------------------------------------------------- one-sentence wire reports
def test_a_past_tense_read_as_a_participle_of_a_second_subject_is_the_event() -> None:
    # "Farmers resorted to blocking roads, police said": the parser made "farmers" a second subject
    # of "said" and "resorted" a participle describing them.
    doc = parsed(
        spacy.blank("en").vocab,
        [
            ("Farmers", "farmer", "NOUN", "NNS", "nsubj", 6),
            ("resorted", "resort", "VERB", "VBN", "acl", 0),
            ("to", "to", "ADP", "IN", "prep", 1),
            ("blocking", "block", "VERB", "VBG", "pcomp", 2),
            ("roads", "road", "NOUN", "NNS", "dobj", 3),
            ("police", "police", "NOUN", "NNS", "nsubj", 6),
            ("said", "say", "VERB", "VBD", "ROOT", 6),
        ],
    )
    lexicon = load_event_lexicon()
    assert is_misread_main_verb(doc[1], lexicon)
    assert non_event_reason(doc[1], lexicon) is None


def test_a_past_tense_read_as_a_participle_in_a_verbless_sentence_is_the_event() -> None:
    # "Doctors from aid groups donated medicine": no main verb, and the participle takes an object
    rows = [
        ("Doctors", "doctor", "NOUN", "NNS", "ROOT", 0),
        ("from", "from", "ADP", "IN", "prep", 0),
        ("groups", "group", "NOUN", "NNS", "pobj", 1),
        ("donated", "donate", "VERB", "VBN", "acl", 2),
        ("medicine", "medicine", "NOUN", "NN", "dobj", 3),
    ]
    lexicon = load_event_lexicon()
    assert is_misread_main_verb(parsed(spacy.blank("en").vocab, rows)[3], lexicon)
    # without an object it is a caption's passive: "A view of buildings destroyed in the fighting"
    caption = parsed(spacy.blank("en").vocab, [*rows[:4], ("today", "today", "NOUN", "NN", "npadvmod", 3)])
    assert not is_misread_main_verb(caption[3], lexicon)


@pytest.mark.parametrize(
    "text",
    [
        "Villagers armed with sticks attacked the convoy.",  # the participle describes; "attacked" is the verb
        "A view of buildings destroyed in the fighting.",  # a caption
    ],
)
def test_a_participle_that_describes_stays_no_event(nlp, text: str) -> None:
    assert not {"armed", "destroyed"} & set(triggers(nlp, text))


def test_a_pronoun_subject_of_a_copula_takes_the_speaker(nlp) -> None:
    text = "President Abdelaziz Bouteflika said he is prepared to lift the ban."
    found = event(nlp, text, "lift")
    assert (found.actor, found.attribution, found.modality) == (
        "President Abdelaziz Bouteflika",
        "President Abdelaziz Bouteflika",
        "future",
    )
    assert event(nlp, "Syria says it is willing to withdraw its troops.", "withdraw").actor == "Syria"


def test_a_parenthesis_inside_a_name_stays_and_a_leading_credit_goes(nlp) -> None:
    text = "The pro-Iranian Hizbollah (Party of God) group declared a ceasefire on Wednesday."
    assert event(nlp, text, "declared").actor == "The pro-Iranian Hizbollah (Party of God) group"
    assert event(nlp, "The Islamic Salvation Front (FIS) attacked the town.", "attacked").actor == (
        "The Islamic Salvation Front (FIS)"
    )
    credit = event(nlp, "(Reuters) Chicago Cubs players soaked each other with champagne.", "soaked")
    assert (credit.actor, credit.actor_type) == ("Chicago Cubs players", "group")
    assert event(nlp, "The devices exploded in the market.", "exploded").actor_type == "other"
