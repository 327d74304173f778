"""Ranking: which event is the document's main event, and the order of the rest.

News is written as an inverted pyramid: the headline and the lead (the first
sentences) report the main event, and the lead answers who, where and when.
The ``eventetl_ranking`` component reads ``doc._.events`` and replaces it with
new frames (``dataclasses.replace``) whose ``rank`` is set (1 = main event):

1. the main event is the first event of the lead (headline, then the first
   ``lead_sentences`` sentences) that is asserted (not negated, future or
   hypothetical) and has a person, group or institution as its actor; failing
   that, the first asserted lead event with any actor, then the first such
   event of the document, then the first event of the lead;
2. the other events follow in document order.

The main event takes the lead's time expression when its own clause has
none, or only a coarse one ("since 1908", "in July") (``date_source =
"lead"``): the lead sentence dates the story, unless that expression dates
an event of another named actor ("... as Trump took the title on Tuesday"
in a story on Lady Gaga's protest). When the lead has no such day-precise
expression, the main event takes the day date of a later sentence that
reports the same action by the same actor ("The Cubs won ... on Wednesday"
restating the headline's "Chicago Cubs win"), from the restating clause or,
failing that, from the rest of its sentence.

A headline main event takes the lead's fuller name of its place ("outside
Trump Tower" in the headline, "outside Trump Tower in New York City" in the
lead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.nlp.dates import SPAN_KEY as DATE_KEY
from extractors.nlp.dates import DateRange
from extractors.nlp.events import EventFrame, frames_in
from extractors.nlp.extensions import doc_text
from extractors.nlp.rule_families import RuleSwitches
from extractors.vocabulary import ACTOR_TYPES, ActorType, Modality

MAIN_EVENT_MODALITIES: frozenset[Modality] = frozenset({"asserted", "attempted", "refused"})
"""Modalities of an event that happened (or was tried): a main event is not negated, future or hypothetical."""
TYPED_ACTORS: frozenset[ActorType] = frozenset(ACTOR_TYPES) - {"other"}
"""Actor types of a named or human actor; "other" (a thing, an abstraction) makes a weaker main event."""
COMPONENT = "eventetl_ranking"
LEAD_DATE_GRANULARITIES = frozenset({"day", "weekend"})
"""Only a day-precise lead date dates the main event; "in 1908" in a lead is background."""


def lead_end_char(doc: Doc, *, lead_sentences: int) -> int:
    """Character offset where the lead ends: after the headline and the next ``lead_sentences`` sentences."""
    headline_end = int(doc._.headline_end or 0)
    text = doc_text(doc)
    body = [s for s in doc.sents if s.start_char >= headline_end and text[s.start_char : s.end_char].strip()]
    if len(body) <= lead_sentences:
        return len(text)
    return body[lead_sentences].start_char


def main_event_index(frames: Sequence[EventFrame], lead_end: int, *, typed_first: bool = True) -> int | None:
    """Index of the main event among ``frames`` (in document order); ``typed_first``: an actor that is
    a person, organisation or state before any actor (family ``ranking.typed_actor_first``)."""
    if not frames:
        return None
    in_lead = [i for i, f in enumerate(frames) if f.sentence_start < lead_end]
    everywhere = list(range(len(frames)))

    def asserted_with_actor(i: int, *, typed: bool) -> bool:
        frame = frames[i]
        if not frame.actor or frame.modality not in MAIN_EVENT_MODALITIES:
            return False
        return not typed or frame.actor_type in TYPED_ACTORS

    pools = ((in_lead, True), (in_lead, False), (everywhere, True)) if typed_first else ((in_lead, False),)
    for pool, typed in pools:
        chosen = [i for i in pool if asserted_with_actor(i, typed=typed)]
        if chosen:
            return chosen[0]
    return in_lead[0] if in_lead else 0


def is_day_precise(date_range: DateRange | None) -> bool:
    """A date range precise enough to date the main event (a day or a weekend)."""
    return date_range is not None and date_range.granularity in LEAD_DATE_GRANULARITIES


def lead_date(doc: Doc, lead_end: int, frames: Sequence[EventFrame], main: int) -> Span | None:
    """The first day-precise time expression before ``lead_end`` that does not date another actor's event.

    "Gaga staged a protest ... The tycoon stunned America as he took the title on Tuesday":
    Tuesday is when Trump won, not when Gaga protested.
    """
    for span in doc.spans.get(DATE_KEY, []):
        if span.start_char >= lead_end:
            break
        if is_day_precise(span._.date_range) and not dates_another_actor(span, frames, main):
            return span
    return None


def dates_another_actor(span: Span, frames: Sequence[EventFrame], main: int) -> bool:
    """True when ``span`` dates an event of another named or human actor than the main event's.

    The same actor may be named differently: "FBI Director James Comey" acts for "the FBI"
    (one phrase holds the other's head word).
    """
    if frames[main].actor_type not in TYPED_ACTORS:
        return False
    actor = (frames[main].actor or "").lower()  # a typed actor type means an actor
    sentence = span.sent.start_char
    for frame in frames:
        if (
            frame.sentence_start != sentence
            or frame.date_text != span.text
            or frame.actor_type not in TYPED_ACTORS
        ):
            continue
        other = (frame.actor or "").lower()
        if _head_word(actor) not in other.split() and _head_word(other) not in actor.split():
            return True
    return False


def fuller_place(frames: Sequence[EventFrame], main: int, lead_end: int) -> EventFrame | None:
    """The first lead frame naming the headline event's place more fully.

    Headlines shorten: "protests outside Trump Tower" is placed "outside Trump Tower
    in New York City" by the lead.
    """
    place = (frames[main].place or "").lower()
    if not place:
        return None
    for frame in frames:
        if frame.sentence_start >= lead_end:
            break
        other = (frame.place or "").lower()
        if not frame.in_headline and len(other) > len(place) and other.startswith(place + " "):
            return frame
    return None


def _head_word(phrase: str | None) -> str:
    words = (phrase or "").lower().split()
    return words[-1] if words else ""


def restatement_date(
    frames: Sequence[EventFrame], main: int, day_dates: list[Span]
) -> tuple[str, DateRange] | None:
    """The day date of the first later frame restating the main event (same action lemma, same actor
    head word): its own, else the first of its sentence ("The Cubs won 8-7 after the game, which
    ended at almost midnight on Wednesday"). ``day_dates``: the document's day-precise expressions."""
    action = frames[main].action.split()[0]
    actor = _head_word(frames[main].actor)
    if not actor:
        return None
    for frame in frames[main + 1 :]:
        if frame.action.split()[0] != action or _head_word(frame.actor) != actor:
            continue
        if frame.date_range is not None and is_day_precise(frame.date_range):
            return str(frame.date_text), frame.date_range
        for span in day_dates:
            if frame.sentence_start <= span.start_char < frame.sentence_end:
                return span.text, span._.date_range
    return None


def dated_from_lead(doc: Doc, frames: Sequence[EventFrame], main: int, lead_end: int) -> EventFrame:
    """The main event dated by the lead (or by a restatement) when its own date is missing or coarse."""
    frame = frames[main]
    if is_day_precise(frame.date_range):
        return frame
    date = lead_date(doc, lead_end, frames, main)
    if date is not None:
        return replace(frame, date_text=date.text, date_range=date._.date_range, date_source="lead")
    day_dates = [span for span in doc.spans.get(DATE_KEY, []) if is_day_precise(span._.date_range)]
    restated = restatement_date(frames, main, day_dates)
    if restated is not None:
        date_text, date_range = restated
        return replace(frame, date_text=date_text, date_range=date_range, date_source="lead")
    return frame


def ranked_frames(
    doc: Doc, frames: Sequence[EventFrame], *, lead_sentences: int, rules: RuleSwitches | None = None
) -> tuple[EventFrame, ...]:
    """``frames`` (in document order) with their ranks, the main event placed and dated from the lead."""
    rules = rules or RuleSwitches(COMPONENT)
    lead_end = lead_end_char(doc, lead_sentences=lead_sentences)
    main = main_event_index(frames, lead_end, typed_first=rules.on("ranking.typed_actor_first"))
    order = ([main] if main is not None else []) + [i for i in range(len(frames)) if i != main]
    ranked = list(frames)
    for rank, index in enumerate(order, start=1):
        ranked[index] = replace(frames[index], rank=rank)
    if main is None:
        return tuple(ranked)
    if frames[main].in_headline and rules.on("ranking.headline_takes_lead_place"):
        fuller = fuller_place(frames, main, lead_end)
        if fuller is not None:
            ranked[main] = replace(ranked[main], place=fuller.place, geo=fuller.geo)
    if rules.on("ranking.dated_from_lead"):
        ranked[main] = dated_from_lead(doc, ranked, main, lead_end)
    return tuple(ranked)


class EventRanker:
    """Ranks the frames of ``doc._.events`` (new frames: ``rank`` set, the main event dated from the lead)."""

    def __init__(self, nlp: Language, name: str, *, lead_sentences: int, disabled_rules: list[str]) -> None:
        self.name = name
        self.lead_sentences = lead_sentences
        self.rules = RuleSwitches.of(COMPONENT, disabled_rules)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = ranked_frames(
            doc, frames_in(doc), lead_sentences=self.lead_sentences, rules=self.rules
        )
        return doc


@Language.factory(
    COMPONENT,
    default_config={"lead_sentences": 3, "disabled_rules": []},
    assigns=["doc._.events"],
    requires=["doc._.events", "doc.sents", "doc.spans", "span._.date_range"],
)
def make_event_ranker(
    nlp: Language, name: str, *, lead_sentences: int, disabled_rules: list[str]
) -> EventRanker:
    """spaCy factory: ``nlp.add_pipe("eventetl_ranking", after="eventetl_events")``; ``disabled_rules``
    names rule families to switch off (``rule_families.toml``)."""
    return EventRanker(nlp, name, lead_sentences=lead_sentences, disabled_rules=disabled_rules)
