"""The place-mentions component: every place name of a Doc, resolved to a GeoNames entry.

Recognition and resolution are plain functions of ``extractors.nlp.place_mentions``; this module is
their spaCy component, so they run inside the pipeline like every other step, and the candidate
gazetteer is loaded once, in ``initialize``, not on the first document. ``with_mention_place``
gives each event the entry of the mention its place names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractors.nlp.extensions import register_extensions
from extractors.nlp.gazetteer import Gazetteer, shared_gazetteer
from extractors.nlp.place_mentions import COMPONENT, PlaceMention, document_mentions
from extractors.nlp.rule_families import RuleSwitches
from extractors.records import EventRecord, PlaceMentionRecord


def shifted(mentions: Iterable[PlaceMention], offset: int) -> list[PlaceMention]:
    """``mentions`` with their offsets moved by ``offset`` (a document part's start in its document)."""
    if not offset:
        return list(mentions)
    return [
        PlaceMention(m.start_char + offset, m.end_char + offset, m.text, m.place, m.resolution)
        for m in mentions
    ]


def event_place_mention(
    event: EventRecord, mentions: Sequence[PlaceMentionRecord]
) -> PlaceMentionRecord | None:
    """The resolved mention an event's place names: one whose text is the place's name ("Aleppo" in
    "eastern Aleppo"), in the event's sentence if there is one, else the document's first (the
    story's place, a dateline). None when the place names no resolved mention."""
    if event.place is None:
        return None
    place = event.place.casefold()
    first = None
    for m in mentions:
        if m.geonameid is None:
            continue
        name = m.text.casefold()
        # A word-bounded name is a substring first: the cheap test spares most regex searches.
        if name == place or (name in place and _names(name, place)):
            if event.start_char <= m.start_char < event.end_char:
                return m  # the first named inside the event's sentence
            first = first or m
    return first


def _names(name: str, place: str) -> bool:
    """Whether ``name`` is a whole word run of ``place`` (both casefolded)."""
    return re.search(rf"\b{re.escape(name)}\b", place) is not None


def with_mention_place(event: EventRecord, mentions: Sequence[PlaceMentionRecord]) -> EventRecord:
    """``event`` with its place's entry taken from the mention it names (``event_place_mention``):
    the mention was resolved with the whole document's evidence, so the event and the map agree
    ("Paris" in a Tennessee story is the town). An event whose place names no resolved mention keeps
    the places component's entry and no GeoNames id."""
    mention = event_place_mention(event, mentions)
    if mention is None:
        return event if event.place_geonameid is None else replace(event, place_geonameid=None)
    return replace(
        event,
        place_name=mention.name,
        place_country_code=mention.country_code,
        place_latitude=mention.latitude,
        place_longitude=mention.longitude,
        place_geonameid=mention.geonameid,
    )


class PlaceMentions:
    """Sets ``doc._.place_mentions``: the Doc's place names with their entries, in text order."""

    def __init__(self, nlp: Language, name: str, *, disabled_rules: Collection[str] = ()) -> None:
        self.name = name
        self.rules = RuleSwitches.of(COMPONENT, disabled_rules)
        """The steps of evidence switched off (``rule_families.toml``, for ablations)."""
        self.gazetteer: Gazetteer | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Take the process's shared gazetteer (built here on the first pipeline of the process)."""
        self.gazetteer = shared_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        if (
            self.gazetteer is None
        ):  # a pipeline used without initialize (spaCy's own nlp.initialize does call it)
            self.initialize()
        assert self.gazetteer is not None  # set by initialize
        mentions: tuple[PlaceMention, ...] = tuple(document_mentions(doc, self.gazetteer, rules=self.rules))
        doc._.place_mentions = mentions
        return doc


@Language.factory(
    COMPONENT,
    default_config={"disabled_rules": []},
    assigns=["doc._.place_mentions"],
    requires=["doc.ents"],
)
def make_place_mentions(nlp: Language, name: str, *, disabled_rules: list[str]) -> PlaceMentions:
    """spaCy factory: ``nlp.add_pipe("eventetl_place_mentions", after="eventetl_places")``;
    ``disabled_rules``: its steps of evidence switched off (``rule_families.toml``)."""
    register_extensions()
    return PlaceMentions(nlp, name, disabled_rules=disabled_rules)
