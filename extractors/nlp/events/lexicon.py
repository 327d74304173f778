"""The words the event rules read, loaded from ``extractors/lexicon`` (one file per vocabulary).

The ``eventetl_events`` factory names the files in its config (``lexicon``: vocabulary -> file
stem); the component loads them in ``initialize`` into one :class:`EventLexicon`, which is
passed to every rule that needs a word list. Nothing is read at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any, Literal, get_args

from spacy.language import Language

from extractors.lexicon import table, words
from extractors.nlp.numbers import PERSON_NOUNS_LEXICON, PersonNouns
from extractors.vocabulary import MODALITIES, Modality

PronounKind = Literal["person", "thing", "plural", "speaker"]
"""Which antecedents a personal pronoun can take (see ``actors.compatible``)."""

PRONOUN_KINDS: tuple[PronounKind, ...] = get_args(PronounKind)


@dataclass(frozen=True, slots=True, eq=False)
class EventLexicon:
    """Every vocabulary of the event rules. Sets hold lemmas unless the field says word forms."""

    reporting_verbs: frozenset[str]
    """Verbs whose reported clause is the event ("say", "tell", "according")."""
    cognition_verbs: frozenset[str]
    """Verbs of thinking ("believe", "fear"): neither they nor what they govern are events."""
    stative_verbs: frozenset[str]
    """States and relations ("be", "mean", "show"), never events of their own."""
    characterising_verbs: frozenset[str]
    """Naming verbs ("call", "bill") that describe when they take a predicate."""
    territorial_verbs: frozenset[str]
    """Holding territory ("control", "besiege"): an event even in the simple present."""
    background_markers: frozenset[str]
    """Subordinators (word forms) of a background clause ("since")."""
    governing_verbs: Mapping[str, Modality]
    """Verbs whose complement is the event ("continue to", "refuse to"), and the modality they add."""
    speech_act_verbs: frozenset[str]
    """Governing verbs that are the event themselves, the complement being what they say ("threatened
    to attack" is a threat)."""
    performative_verbs: frozenset[str]
    """Reporting verbs that do what their noun object names ("declared a ceasefire"): an event."""
    predicate_nouns: frozenset[str]
    """Object nouns that complete the action ("regain control")."""
    light_verbs: frozenset[str]
    """Verbs whose noun object completes the action ("take part")."""
    personal_pronouns: Mapping[str, PronounKind]
    """Personal pronouns (word forms) and the kind of antecedent each takes."""
    relative_pronouns: frozenset[str]
    """Relative pronouns (word forms), replaced by their antecedent."""
    negations: frozenset[str]
    """Negation words (word forms): the event is negated."""
    future_auxiliaries: frozenset[str]
    """Auxiliaries (word forms) of the future."""
    hypothetical_auxiliaries: frozenset[str]
    """Modal auxiliaries (word forms) of a hypothetical event."""
    conditional_markers: frozenset[str]
    """Subordinators (word forms) of a condition ("if", "unless")."""
    state_actor_words: frozenset[str]
    """Word forms naming state actors ("government", "troops")."""
    armed_group_words: frozenset[str]
    """Word forms naming non-state armed groups ("rebels", "militia")."""
    civilian_words: frozenset[str]
    """Word forms naming civilians or a population ("residents")."""
    civilian_lemmas: frozenset[str]
    """Lemmas naming civilians ("civilian", "resident", "refugee")."""
    person_titles: frozenset[str]
    """Nouns naming one person by role ("spokesman", "driver")."""
    people: PersonNouns
    """The nouns that count people ("people", "soldiers"): the quantities' list, one definition."""
    city_nouns: frozenset[str]
    """Nouns standing for a settlement or region ("the city")."""
    place_nouns: frozenset[str]
    """Nouns naming a kind of place ("district", "outskirts")."""
    compass_points: frozenset[str]
    """"north", "south", ...: a possessed compass point makes its possessor a place."""
    venue_prepositions: frozenset[str]
    """Prepositions (word forms) that make a named building a venue ("outside")."""
    locative_prepositions: frozenset[str]
    """Prepositions (word forms) whose object locates the event ("in", "on", "throughout")."""
    perception_verbs: frozenset[str]
    """Verbs of perception ("see"): a reporting verb's participle of perception is no event."""
    commentator_nouns: frozenset[str]
    """People who comment on events ("analyst"): the future they state is a prediction."""
    framing_verbs: frozenset[str]
    """Verbs that situate an event in time with a thing as subject ("The proposal came during talks")."""
    framing_prepositions: frozenset[str]
    """Prepositions and subordinators (word forms) of a framing clause's time phrase ("during", "as")."""


EVENT_LEXICON_FILES: Mapping[str, str] = MappingProxyType(
    {
        "reporting_verbs": "events_reporting_verbs",
        "cognition_verbs": "events_cognition_verbs",
        "stative_verbs": "events_stative_verbs",
        "characterising_verbs": "events_characterising_verbs",
        "territorial_verbs": "events_territorial_verbs",
        "background_markers": "events_background_markers",
        "governing_verbs": "events_governing_verbs",
        "speech_act_verbs": "events_speech_act_verbs",
        "performative_verbs": "events_performative_verbs",
        "predicate_nouns": "events_predicate_nouns",
        "light_verbs": "events_light_verbs",
        "personal_pronouns": "events_personal_pronouns",
        "relative_pronouns": "events_relative_pronouns",
        "negations": "events_negations",
        "future_auxiliaries": "events_future_auxiliaries",
        "hypothetical_auxiliaries": "events_hypothetical_auxiliaries",
        "conditional_markers": "events_conditional_markers",
        "state_actor_words": "events_state_actor_words",
        "armed_group_words": "events_armed_group_words",
        "civilian_words": "events_civilian_words",
        "civilian_lemmas": "events_civilian_lemmas",
        "person_titles": "events_person_titles",
        "person_nouns": PERSON_NOUNS_LEXICON,
        "city_nouns": "events_city_nouns",
        "place_nouns": "events_place_nouns",
        "compass_points": "events_compass_points",
        "venue_prepositions": "events_venue_prepositions",
        "locative_prepositions": "places_locative_prepositions",
        "extra_locative_prepositions": "events_extra_locative_prepositions",
        "not_locative_prepositions": "events_not_locative_prepositions",
        "perception_verbs": "events_perception_verbs",
        "commentator_nouns": "events_commentator_nouns",
        "framing_verbs": "events_framing_verbs",
        "framing_prepositions": "events_framing_prepositions",
    }
)
"""The lexicon file stem of each vocabulary (``.txt`` for sets, ``.toml`` for the two tables): the
``eventetl_events`` factory's default ``lexicon`` config. Keys are :class:`EventLexicon` fields,
except that ``person_nouns`` makes ``people``, and the three ``*locative_prepositions`` files make
``locative_prepositions`` (the places component's list, less and plus the events' differences)."""

TABLE_FIELDS = frozenset({"governing_verbs", "personal_pronouns"})
"""The fields read from a ``.toml`` table."""
COMPOSED_FIELDS = frozenset({"people", "locative_prepositions"})
"""The fields made from other files than their own name says (see :data:`EVENT_LEXICON_FILES`)."""


def load_event_lexicon(
    files: Mapping[str, str] = EVENT_LEXICON_FILES, nlp: Language | None = None
) -> EventLexicon:
    """The :class:`EventLexicon` of ``files`` (vocabulary -> file stem); checks the tables' values.

    ``nlp``: the pipeline whose lemmatizer rules ``PersonNouns`` applies to proper nouns.
    """
    missing = set(EVENT_LEXICON_FILES) - set(files)
    if missing:
        raise ValueError(f"event lexicon files not named for: {', '.join(sorted(missing))}")
    values: dict[str, object] = {
        name: words(files[name])
        for name in (f.name for f in fields(EventLexicon))
        if name not in TABLE_FIELDS | COMPOSED_FIELDS
    }
    values["governing_verbs"] = _checked_table(files["governing_verbs"], MODALITIES)
    values["personal_pronouns"] = _checked_table(files["personal_pronouns"], PRONOUN_KINDS)
    values["people"] = PersonNouns.load(nlp, files["person_nouns"])
    # "of" locates a capitalised name for the gazetteer ("the city of Aleppo") but attaches a noun,
    # not an event, to a place ("residents of Aleppo"); "on" and "throughout" locate events only.
    values["locative_prepositions"] = (
        words(files["locative_prepositions"]) - words(files["not_locative_prepositions"])
    ) | words(files["extra_locative_prepositions"])
    return EventLexicon(**values)  # type: ignore[arg-type]


def _checked_table(stem: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    """The table ``stem``, whose every value must be one of ``allowed``."""
    mapping = table(stem)
    wrong = sorted(f"{key} = {value!r}" for key, value in mapping.items() if value not in allowed)
    if wrong:
        raise ValueError(f"{stem}.toml: values must be one of {', '.join(allowed)}: {'; '.join(wrong)}")
    return mapping
