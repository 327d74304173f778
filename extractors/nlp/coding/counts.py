"""An event's implied count of people: a single person named as its counted participant is 1.

PLOVER (and ACLED) count the people an event involves: the dead and injured of an assault, the
people arrested or expelled, the size of a protest. The quantities component reads only numbers
that are written ("killed two soldiers"); "Hezbollah guerrillas killed the deputy chief" is as much
a count, one dead, and "an activist staged a hunger strike" a protest of one. Rule family
``coding.implied_single_count``:

- **Whom the category counts** (``coding_counted_participants.toml``): the target of harm and
  coercion of people (ASSAULT, COERCE: the patient, the verb's direct object or passive subject),
  the actor of a PROTEST (the frame's actor, else the verb's own subject). Codes whose object is
  property or territory (CAMEO 171, a place taken or lost) count no one.
- **One person**: the participant's head is singular (tag NN or NNP, not morphologically plural),
  not an organisation, a state or a people (ORG, GPE, NORP), not a group noun ("the family", "the
  army"), with no quantifying determiner ("each", "no", "some") and no number of its own, and it is
  a named person, a noun of a person (``quantities_person_nouns.txt``, and the table's own
  ``person_nouns``) or a person's title (``events_person_titles.txt``), or a personal pronoun of a
  person ("him", "she"). Coordinated heads count one each when every conjunct is one person ("a
  soldier and a policeman": 2). ``events.actors.is_individual`` is not reused: it takes a group
  word of the state or armed-group lists ("army", "militia") for one person.
- **Only where no number is written**: an event with a quantity in unit ``person`` keeps it alone;
  only asserted events are counted (an assault that did not happen killed no one).

The count's text is the participant phrase as written; it is not approximate.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from extractors.lexicon import table
from extractors.nlp.coding.roles import phrase_span
from extractors.nlp.coding.territory import TerritoryRules
from extractors.nlp.events.actors import COLLECTIVE_ENTITY_LABELS, antecedent, noun_phrase
from extractors.nlp.events.frame import EventFrame, EventQuantity
from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.events.syntax import subject_of

COUNTED_PARTICIPANTS_TABLE = "coding_counted_participants"
"""The lexicon table of counted participants (``extractors/lexicon/coding_counted_participants.toml``)."""
PERSON_UNIT = "person"
"""The unit of a count of people (``extractors.vocabulary.QUANTITY_UNITS``)."""
SINGULAR_TAGS = frozenset({"NN", "NNP"})
"""Penn tags of a singular noun ("chief", "Sidhoum"); NNS and NNPS are plural."""
PATIENT_DEPS = frozenset({"dobj", "nsubjpass"})
"""Dependency labels of a verb's patient: its direct object, its passive subject ("a man was killed")."""
DETERMINER_DEPS = frozenset({"det", "predet", "amod", "quantmod"})
"""Dependency labels a quantifying word takes on a noun ("each", "all", "several" as amod)."""
PERSON_PRONOUN = "person"
"""The kind ``events_personal_pronouns.toml`` gives the pronouns of one person (he, she, him, her)."""

Participant = Literal["actor", "target"]
"""Which role of the event holds the people it counts."""


@dataclass(frozen=True, slots=True)
class CountedParticipants:
    """What ``coding_counted_participants.toml`` says (see the module docstring)."""

    participants: Mapping[str, Participant]
    """PLOVER category -> the role whose people the event counts."""
    modalities: frozenset[str]
    """Modalities of the events counted."""
    vague_determiners: frozenset[str]
    """Determiners that make a singular noun no one person in particular ("each", "no")."""
    group_nouns: frozenset[str]
    """Singular nouns of a group of people ("family", "crowd", "army")."""
    person_nouns: frozenset[str] = frozenset()
    """Lemmas of one person by role beside the shared lists ("activist", "lawyer")."""
    not_counted_cameo_codes: frozenset[str] = frozenset()
    """CAMEO codes whose object is property or territory, not people (171, the territorial codes)."""

    @classmethod
    def load(cls) -> CountedParticipants:
        """The rules of the packaged table."""
        data = table(COUNTED_PARTICIPANTS_TABLE)
        # a place taken or lost ("captured Sheikh Saeed") is no one: the territory table's codes
        territory = TerritoryRules.load(frozenset())
        participants: dict[str, Participant] = {}
        for category, role in data["participants"].items():
            if role not in ("actor", "target"):
                raise ValueError(
                    f"{COUNTED_PARTICIPANTS_TABLE}: {category} counts {role!r}, not actor or target"
                )
            participants[str(category)] = role
        return cls(
            participants=participants,
            modalities=frozenset(data["modalities"]),
            vague_determiners=frozenset(data["vague_determiners"]),
            group_nouns=frozenset(data["group_nouns"]),
            person_nouns=frozenset(data["person_nouns"]),
            not_counted_cameo_codes=frozenset(
                {
                    *data["not_counted_cameo_codes"],
                    territory.seizure_code,
                    territory.loss_code,
                }
            ),
        )


@functools.cache
def load_counted_participants() -> CountedParticipants:
    """The packaged rules, read once per process (the coding component's ``initialize`` reads them)."""
    return CountedParticipants.load()


def patient_of(trigger: Token, lexicon: EventLexicon) -> Token | None:
    """The trigger verb's patient: its direct object, else its passive subject (a relative pronoun
    stands for its antecedent, "the journalist who was arrested"); None when it has neither."""
    for child in trigger.children:
        if child.dep_ in PATIENT_DEPS:
            return antecedent(child, lexicon)
    return None


def _is_one_person(token: Token, rules: CountedParticipants, lexicon: EventLexicon) -> bool:
    """``token`` (a noun phrase's head, its conjuncts aside) names exactly one person."""
    if token.pos_ == "PRON":
        # "shot him": a personal pronoun of a person is one; "them", "we", "it" are not.
        return lexicon.personal_pronouns.get(token.lower_) == PERSON_PRONOUN
    if token.tag_ not in SINGULAR_TAGS or "Plur" in token.morph.get("Number", []):
        return False
    if token.ent_type_ in COLLECTIVE_ENTITY_LABELS:
        return False  # an organisation, a state, a people ("Hezbollah", "Israel")
    lemma = token.lemma_.lower()
    if lemma in rules.group_nouns or token.lower_ in rules.group_nouns:
        return False
    for child in token.children:
        if child.dep_ == "nummod":
            return False  # "one soldier", "a dozen": the written number decides, not this rule
        if child.dep_ in DETERMINER_DEPS and child.lower_ in rules.vague_determiners:
            return False
    return (
        token.ent_type_ == "PERSON"
        or lemma in lexicon.person_titles
        or lemma in rules.person_nouns
        or lexicon.people.names_people(token)
    )


def _conjuncts(head: Token) -> list[Token]:
    """``head`` and the heads coordinated with it ("a soldier and a policeman"), in order."""
    found = [head]
    for child in head.children:
        if child.dep_ == "conj":
            found.extend(_conjuncts(child))
    return found


def people_counted(head: Token, rules: CountedParticipants, lexicon: EventLexicon) -> int:
    """How many people the phrase headed by ``head`` names when each of its coordinated heads is one
    person (1 for "the deputy chief", 2 for "a soldier and a policeman"); 0 when any of them is not."""
    heads = _conjuncts(head)
    return len(heads) if all(_is_one_person(h, rules, lexicon) for h in heads) else 0


def _actor(doc: Doc, text: str, frame: EventFrame, trigger: Token) -> Span | Token | None:
    """The protest's actor: the frame's actor phrase (in its sentence, else its last mention before),
    else the trigger's own subject when that is a pronoun the events component left unresolved ("He
    staged a hunger strike"): the frame's actor is where the events component resolved it."""
    if frame.actor is not None:
        return phrase_span(doc, text, frame.actor, frame.sentence_start, frame.sentence_end)
    subject = subject_of(trigger)
    return subject if subject is not None and subject.pos_ == "PRON" else None


def implied_count(
    frame: EventFrame,
    trigger: Token,
    category: str | None,
    rules: CountedParticipants,
    lexicon: EventLexicon,
    *,
    text: str,
    max_tokens: int,
) -> EventQuantity | None:
    """The count of people ``frame`` implies by naming its counted participant (module docstring);
    None when its category counts no one, a number of people is written, or the participant is not
    one or a few people. ``text``: the Doc's text; ``max_tokens``: the longest phrase kept as the
    count's text (the coding component's target length)."""
    role = rules.participants.get(category or "")
    if role is None or frame.modality not in rules.modalities:
        return None
    if frame.cameo_code in rules.not_counted_cameo_codes:
        return None  # property seized, territory taken: no one's person
    if any(q.unit == PERSON_UNIT for q in frame.quantities):
        return None  # "killed two soldiers": the written number is the count
    found = patient_of(trigger, lexicon) if role == "target" else _actor(trigger.doc, text, frame, trigger)
    if found is None:
        return None
    head = found.root if isinstance(found, Span) else found
    count = people_counted(head, rules, lexicon)
    if count == 0:
        return None
    if isinstance(found, Span):
        phrase = found.text  # the frame's actor, as the events component wrote it
    else:
        phrase = head.text if head.pos_ == "PRON" else noun_phrase(head, max_tokens=max_tokens).text
    return EventQuantity(
        text=phrase, value=float(count), unit=PERSON_UNIT, approximate=False, out_of=None, implied=True
    )


def with_implied_count(
    frame: EventFrame,
    trigger: Token,
    category: str | None,
    rules: CountedParticipants,
    lexicon: EventLexicon,
    *,
    text: str,
    max_tokens: int,
) -> EventFrame:
    """``frame`` with its implied count of people added to its quantities (unchanged without one)."""
    count = implied_count(frame, trigger, category, rules, lexicon, text=text, max_tokens=max_tokens)
    return frame if count is None else replace(frame, quantities=(*frame.quantities, count))
