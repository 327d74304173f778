"""What the event rules know about the document while they read it sentence by sentence.

:class:`DocumentContext` is read once per Doc (entities, time expressions, quantities,
quotations, the story's place); :class:`Discourse` is the state that grows as the sentences
are read (paragraph, actors named so far, cities named so far, sentences seen). The
component builds both; the rules take them instead of a string of loose parameters.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.rule_families import RuleSwitches

SPEECH_FORMATS = frozenset({"transcript", "srt", "vtt"})
"""Document formats (``records.DocumentRecord.format``) that transcribe speech: their "I" and "we"
are the speakers, not a writer (``events.first_person_speakers``)."""


@dataclass(slots=True)
class Discourse:
    """The reading state that crosses sentences; mutable, updated by the component after each sentence."""

    paragraph: int = 0
    """Number of the current paragraph (0 for the first; a blank line starts the next)."""
    actors: list[tuple[int, Token]] = field(default_factory=list)
    """(paragraph, head) of every noun actor so far, in reading order: antecedents for pronouns."""
    city_mentions: dict[str, tuple[int, int, Span]] = field(default_factory=dict)
    """Gazetteer city name -> (times named, token position of the last mention, that mention)."""
    seen_sentences: set[str] = field(default_factory=set)
    """Lower-cased, whitespace-normalised texts of the sentences read so far (repeats yield no events)."""

    def salient_city(self) -> Span | None:
        """The city named most so far, the latest named on ties: what "the city" refers to."""
        if not self.city_mentions:
            return None
        return max(self.city_mentions.values(), key=lambda mention: (mention[0], mention[1]))[2]


@dataclass(frozen=True, slots=True)
class Clause:
    """The clause of one candidate event, as the place, date and quantity rules read it."""

    verb: Token
    """The verb read as an event (a governed verb may become the trigger: "refused to [leave]")."""
    tokens: list[Token]
    """The verb's own clause (``syntax.clause_tokens``), in order."""
    indices: frozenset[int]
    """Indices of ``tokens``."""
    actor_tokens: frozenset[int]
    """Indices of the actor phrase's tokens (empty without an actor)."""
    patient: Token | None
    """The subject of a passive verb (its antecedent for a relative pronoun): where "Aleppo was
    captured" happened."""


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """Facts about one Doc, taken once: spans and their roots are rebuilt by spaCy at every access."""

    doc: Doc
    """The Doc being read."""
    text: str
    """The Doc's text (``extensions.doc_text``)."""
    lexicon: EventLexicon
    """The vocabularies the rules read."""
    verb_lemmas: frozenset[str]
    """The lemmatizer's verb index: which headline "plural nouns" can be verbs."""
    headline_end: int
    """Character offset where the headline ends (0: no headline)."""
    populated_places: dict[int, bool]
    """Start offset of each resolved place mention -> whether it resolved to a populated place
    (GeoNames class P: a city, town or village), from ``doc._.place_mentions``."""
    news_lead: Span | None
    """The first sentence of a document without a headline (a wire brief's lead, which takes the
    headline's news present: "Negotiators return to Geneva this week"); None with a headline."""
    entities: Sequence[Span]
    """``doc.ents``, in order."""
    entity_starts: list[int]
    """Token start of each of ``entities`` (for bisecting a sentence's entities)."""
    place_entities: list[Span]
    """Entities that can be an event's place (``places.place_entities``)."""
    focal_place: Span | None
    """The place the story is about (``places.focal_place``): the place of events placed nowhere else."""
    dates: list[tuple[Span, int]]
    """Time expressions that do not date a noun, with their root's index."""
    quantities: list[tuple[Span, int]]
    """Quantities, with their root's index."""
    quoted: frozenset[int]
    """Indices of the tokens inside quotations: direct speech holds no events."""
    verb_positions: list[int]
    """Indices of the tokens tagged VERB: outside headlines, only verbs can be events."""
    max_actor_tokens: int
    """Longest actor phrase, in tokens."""
    discourse: Discourse
    """The state that grows sentence by sentence."""
    rules: RuleSwitches
    """The component's rule families and which are off (``rule_families.toml``, for ablations)."""
    first_person_speakers: bool = False
    """The document transcribes speech (:data:`SPEECH_FORMATS`) and ``events.first_person_speakers``
    is on: "I" and "we" stand for the speaker named before them (``actors.resolve_pronoun``)."""

    def sentence_entities(self, sentence: Span) -> Sequence[Span]:
        """The entities starting inside ``sentence``."""
        first = bisect_left(self.entity_starts, sentence.start)
        return self.entities[first : bisect_left(self.entity_starts, sentence.end)]
