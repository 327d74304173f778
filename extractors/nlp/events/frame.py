"""The event frame: what the events component writes to ``doc._.events`` and ranking returns."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractors.nlp.dates import DateRange
from extractors.nlp.places import GazetteerEntry
from extractors.nlp.quantities import Quantity
from extractors.vocabulary import ActorType, DateSource, Modality


@dataclass(frozen=True, slots=True)
class EventQuantity:
    """A number attached to an event (see ``eventetl_quantities``)."""

    text: str
    """The words it was read from, as written."""
    value: float
    """The number (``tens of thousands`` -> 10000.0)."""
    unit: str
    """Unit from ``extractors.vocabulary.QUANTITY_UNITS``."""
    approximate: bool
    """True for hedged numbers (some, about, more than, tens of)."""
    out_of: float | None
    """The whole the value is a part of (``47 of its 57 staff`` -> 57), when stated."""
    implied: bool = False
    """True for a count the text implies rather than writes: one person named as the participant
    the event counts ("killed the deputy chief": 1, ``coding.counts``)."""


@dataclass(frozen=True, slots=True)
class EventFrame:
    """One event of a Doc: who did what, where, when, how many, with offsets into the Doc's text."""

    sentence_start: int
    """Character offset where the event's sentence starts in the Doc's text."""
    sentence_end: int
    """Character offset where the sentence ends (exclusive)."""
    trigger: str
    """The word expressing the event, as written (``regained``)."""
    trigger_char: int
    """Character offset of the trigger in the Doc's text (part of the event's id)."""
    action: str
    """Normalised action, lemma first, with a particle or predicate noun (``regain control``)."""
    actor: str | None
    """Who did it, as a noun phrase; None when the text does not say."""
    actor_type: ActorType | None
    """Coarse type of the actor; None exactly when ``actor`` is None."""
    place: str | None
    """Where it happened, as written (``eastern Aleppo``), or the story's place."""
    geo: GazetteerEntry | None
    """The gazetteer's record of the first place entity overlapping ``place`` (``span._.geo``)."""
    date_text: str | None
    """The words the date was read from."""
    date_range: DateRange | None
    """The date the text gives the event, resolved against the publication date."""
    date_source: DateSource | None
    """"text" (its clause or reporting verb), "lead" (ranking gave the main event the lead's
    date), None without a date ("publication" is decided when records are made)."""
    quantities: tuple[EventQuantity, ...]
    """Numbers in the clause or the actor phrase."""
    modality: Modality
    """asserted, negated, future, hypothetical, attempted or refused."""
    attribution: str | None
    """Who reports the event (the speaker of "said", the object of "according to")."""
    in_headline: bool
    """True when the event's sentence starts inside the headline."""
    rank: int | None = None
    """1 for the document's main event, then 2, 3, ...; set by ``eventetl_ranking`` (None before)."""
    event_type: str | None = None
    """PLOVER 2021 category (``extractors.vocabulary.PLOVER_CATEGORIES``); None when none applies
    or before ``eventetl_coding`` ran."""
    cameo_code: str | None = None
    """CAMEO event code the category was read from (``"190"``), when the verb dictionary gives it."""
    plover_mode: str | None = None
    """PLOVER mode of the category (``release``, ``firearms``), where the CAMEO -> PLOVER table gives one."""
    target: str | None = None
    """Whom or what the action is directed at, as a noun phrase (``the rebels``); None when it has none."""
    actor_name: str | None = None
    """Normalised name of the actor for grouping (``Syrian armed forces``); None when uncoded."""
    actor_country: str | None = None
    """ISO 3166-1 alpha-3 code of the actor's country; None when unknown or an IGO/NGO."""
    actor_sector: str | None = None
    """Sector of the actor (``extractors.vocabulary.SECTORS``: GOV, MIL, REB, CVL, IGO, ...)."""
    target_country: str | None = None
    """ISO 3166-1 alpha-3 code of the target's country; None when unknown, an IGO/NGO or no target."""
    target_sector: str | None = None
    """Sector of the target (``extractors.vocabulary.SECTORS``); None when unknown or no target."""


def frames_in(doc: Doc) -> tuple[EventFrame, ...]:
    """The event frames of a processed Doc (empty before the events component ran)."""
    return tuple(doc._.events or ())


def event_quantity(span: Span) -> EventQuantity:
    """The :class:`EventQuantity` of a span of ``eventetl_quantities`` (its ``span._.quantity``)."""
    quantity: Quantity = span._.quantity
    return EventQuantity(
        text=span.text,
        value=quantity.value,
        unit=quantity.unit,
        approximate=quantity.approximate,
        out_of=quantity.out_of,
    )
