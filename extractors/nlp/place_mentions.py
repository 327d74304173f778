"""Place mentions: every place name of a document, resolved to a GeoNames entry from the document's evidence.

Recognition (:func:`place_names`) takes the place entities of a processed Doc (GPE, LOC, FAC,
after ``eventetl_places`` corrected the model's labels and kept hyphenated names whole). Demonyms
stay NORP, so "Syrian forces" names no place; organisations and people stay ORG and PERSON (the
model's label, and ``eventetl_places``' rule that a surname of a named person is that person). A
place's name used for a club or company is told by its context; a public body keeps the name of
its place ("Minnesota Department of Health", "University of Kentucky"); both in
``extractors.nlp.place_context``. An abbreviation keeps its final period ("W.Va.").
A leading "the" or qualifier ("eastern Aleppo") and a possessive are not part of the name; an
entity holding "Springfield, Illinois" is two names, the second containing the first.

Resolution (:func:`resolve`) chooses among a name's candidates (``extractors.nlp.gazetteer``)
with the document's evidence, strongest first, and records which decided in ``resolution``:

- ``only candidate``: the gazetteer knows one place of that name;
- ``containment``: the name is followed by ", <place>" ("Aleppo, Syria", "Springfield, Illinois");
- ``feature type``: "the city of X", "X province" (a populated place, or an area);
- ``co-mention``: the document names the state or county of one candidate ("Alexandria ... Rapides
  Parish" -> Alexandria, Louisiana; US admin areas, the ones the gazetteer names);
- ``focal region``: the first-level area (state, province) most of the document's names resolve to
  (it outweighs a world city's prior: a story set in Tennessee that names "Paris" means its town);
- ``focal country``: the country most of the document's names resolve to (a named country counts
  as one of them: naming a country alone does not put the other names there, as "talks in Geneva"
  in a story that names the United States shows);
- ``population``: the prior, when no evidence decides: a country before a town of its name, then
  the larger place.

A country or US state keeps its name against towns called after it ("Jordan", "Texas"), a national
capital too ("Washington"); evidence only chooses among those ("Georgia": the country or the US
state). The focal country (not the focal region) does not move a name from a place at least
:data:`PRIOR_DOMINANCE` times larger than every candidate in that country: a story set in Texas
that mentions "Paris" means France unless it says "Paris, Texas".

One sense per discourse: the evidence of every occurrence of a name counts for all of them, so a
name resolves to the same entry throughout a document.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from extractors.nlp.gazetteer import (
    Gazetteer,
    Place,
    feature_types,
    institution_nouns,
    organisation_nouns,
    prior_key,
)
from extractors.nlp.place_context import (
    known_place,
    places_in_organisation,
    tagged_person_is_place,
    used_as_organisation,
)
from extractors.nlp.places import PLACE_LABELS
from extractors.records import EventRecord, PlaceMentionRecord

PRIOR_DOMINANCE = 20
"""How many times larger than every candidate of the evidence's country the population prior's
choice must be to keep it against country-level evidence (see the module docstring)."""
FOCAL_MIN_NAMES = 2
"""Fewest names that must resolve to a country for it to be the document's focal country."""


@dataclass(frozen=True, slots=True)
class PlaceName:
    """A place name as found in a document, with the evidence its surroundings give."""

    start_char: int
    """Offset of the name in the Doc's text."""
    end_char: int
    """End of the name (exclusive)."""
    text: str
    """The name as written, without a leading "the", qualifier or trailing possessive."""
    container: str | None = None
    """The text of the place named right after it (", Syria"), which contains it."""
    feature_class: str | None = None
    """P or A when the text says what kind of place it is ("the city of", "province")."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name with the entry it was resolved to."""

    start_char: int
    """Offset of the name in the Doc's text."""
    end_char: int
    """End of the name (exclusive)."""
    text: str
    """The name as written."""
    place: Place | None
    """The GeoNames entry chosen; None when the gazetteer knows no place of that name."""
    resolution: str | None
    """What decided (see the module docstring); None when unresolved."""


def _trimmed(span: Span) -> Span | None:
    """``span`` without its leading lower-case words ("the", "eastern", "rebel-held": as written, a
    name starts with a capital, so "Northern Ireland" keeps its first word), a possessive or trailing
    punctuation; None when nothing capitalised is left."""
    doc = span.doc
    start, end = span.start, span.end
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].is_lower or doc[start].is_punct):
        start += 1
    if start >= end or not doc[start].text[:1].isupper():
        return None
    # An abbreviation keeps its final period, which the tokenizer splits off before a space ("W.Va.").
    last = doc[end - 1]
    if end < len(doc) and doc[end].text == "." and not last.whitespace_ and "." in last.text:
        end += 1
    return doc[start:end]


def _feature_class(span: Span, types: dict[str, str]) -> str | None:
    """P or A when "the city of X" precedes the name or "X province" follows it."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in types:
        return types[doc[span.start - 2].lower_]
    if span.end < len(doc) and doc[span.end].lower_ in types and doc[span.end].is_lower:
        return types[doc[span.end].lower_]
    return None


def place_names(doc: Doc, gazetteer: Gazetteer) -> list[PlaceName]:
    """The place names of a processed Doc, in text order, with containment and feature-type evidence."""
    types, nouns, institutions = feature_types(), organisation_nouns(), institution_nouns()
    person_words = {
        t.text
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) > 1 and not known_place(ent.text, gazetteer)
        for t in ent
    }
    parts: list[Span] = []
    for ent in doc.ents:
        parts.extend(places_in_organisation(ent, gazetteer, institutions))
        is_place = ent.label_ in PLACE_LABELS or tagged_person_is_place(ent, gazetteer, person_words)
        if not is_place or used_as_organisation(ent, nouns):
            continue
        # "Springfield, Illinois" as one entity: each part between commas is a name.
        start = ent.start
        for i in range(ent.start, ent.end + 1):
            if i == ent.end or doc[i].text == ",":
                if i > start:
                    part = _trimmed(doc[start:i])
                    if part is not None:
                        parts.append(part)
                start = i + 1
    names: list[PlaceName] = []
    for index, span in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else None
        contained = following is not None and following.start == span.end + 1 and doc[span.end].text == ","
        names.append(
            PlaceName(
                start_char=span.start_char,
                end_char=span.end_char,
                text=span.text,
                container=following.text if contained and following is not None else None,
                feature_class=_feature_class(span, types),
            )
        )
    return names


def _prior(places: Sequence[Place]) -> Place:
    """The population prior's choice (see :func:`extractors.nlp.gazetteer.prior_key`)."""
    return max(places, key=prior_key)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the whole document says, gathered from the prior choice of each name."""

    first: dict[str, Place]
    """Name -> the entry chosen without document context (containment applied)."""
    admin1: dict[str, tuple[str, str]]
    """Name -> (country, admin1) of names that resolve to a US state or county."""
    focal: str | None
    """The document's focal country, when one stands out."""
    focal_region: tuple[str, str] | None
    """The document's focal (country, admin1), when one stands out."""


def _gather(names: Sequence[PlaceName], gazetteer: Gazetteer) -> _Evidence:
    first: dict[str, Place] = {}
    for key in dict.fromkeys(n.text for n in names):
        found = gazetteer.candidates(key)
        if found.places:
            first[key] = _prior(found.places)
    admin1 = {
        k: (p.country_code, p.admin1_code or "")
        for k, p in first.items()
        if p.feature_code in ("ADM1", "ADM2") and p.admin1_code
    }
    votes = Counter(
        first[n.text].country_code for n in names if n.text in first and first[n.text].country_code
    )
    focal = _standing_out(votes)
    regions = Counter(
        (first[n.text].country_code, first[n.text].admin1_code or "")
        for n in names
        if n.text in first and first[n.text].admin1_code
    )
    return _Evidence(first, admin1, focal, _standing_out(regions))


def _standing_out(votes: Counter[Any]) -> Any:
    """The most voted key when it has at least :data:`FOCAL_MIN_NAMES` votes and more than any other."""
    ranked = votes.most_common(2)
    if ranked and ranked[0][1] >= FOCAL_MIN_NAMES and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _within(container: Place, place: Place) -> bool:
    """Whether ``container`` (a country, state, county or city) holds ``place``."""
    if container.feature_code == "PCLI":
        return place.country_code == container.country_code
    if container.feature_code in ("ADM1", "ADM2") or container.feature_class == "P":
        return place.country_code == container.country_code and place.admin1_code == container.admin1_code
    return False


def _choose(
    key: str, occurrences: Sequence[PlaceName], gazetteer: Gazetteer, evidence: _Evidence
) -> PlaceMention | None:
    """The entry of name ``key`` (the returned mention's offsets are placeholders)."""
    found = gazetteer.candidates(key)
    if not found.places:
        return None
    if len(found.places) == 1:
        return PlaceMention(0, 0, key, found.places[0], "only candidate")
    own = found.places[: found.own_names]
    pool = list(found.places)
    classes = {n.feature_class for n in occurrences if n.feature_class}
    wanted = classes.pop() if len(classes) == 1 else None
    if wanted != "P" and any(p.feature_code in ("PCLI", "ADM1") for p in own):
        # "Jordan", "Texas": areas before towns named after them (but "Washington": the capital).
        pool = [p for p in own if p.is_area or p.feature_code == "PPLC"]
    prior = _prior(pool)
    # Each step keeps the candidates its evidence allows, from those the stronger steps kept.
    steps: list[tuple[str, Callable[[Place], bool]]] = []
    for occurrence in occurrences:
        container = gazetteer.candidates(occurrence.container) if occurrence.container else None
        if container is not None and container.places:
            holder = _prior(container.places)
            steps.append(("containment", functools.partial(_within, holder)))
    if wanted is not None:
        steps.append(("feature type", lambda p: (p.feature_class == "P") == (wanted == "P")))
    admin1 = {v for k, v in evidence.admin1.items() if k != key}
    steps.append(("co-mention", lambda p: (p.country_code, p.admin1_code) in admin1))
    if evidence.focal_region:
        steps.append(("focal region", lambda p: (p.country_code, p.admin1_code) == evidence.focal_region))
    if evidence.focal:
        steps.append(("focal country", lambda p: p.country_code == evidence.focal))
    resolution: str | None = None
    for reason, allowed in steps:
        narrowed = [p for p in pool if allowed(p)]
        if not narrowed or len(narrowed) == len(pool):
            continue
        dominated = PRIOR_DOMINANCE * max(1, max(p.population for p in narrowed))
        country_level = reason == "focal country"
        if country_level and prior not in narrowed and prior.population >= dominated:
            continue  # a world city keeps its name against a small namesake
        pool = narrowed
        resolution = resolution or reason
    chosen = _prior(pool)
    return PlaceMention(0, 0, key, chosen, resolution or "population")


def resolve(names: Sequence[PlaceName], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Each name with its entry, in the order given; a name the gazetteer lacks keeps ``place=None``."""
    evidence = _gather(names, gazetteer)
    by_key: dict[str, list[PlaceName]] = {}
    for name in names:
        by_key.setdefault(name.text, []).append(name)
    chosen = {key: _choose(key, occurrences, gazetteer, evidence) for key, occurrences in by_key.items()}
    mentions = []
    for name in names:
        choice = chosen[name.text]
        mentions.append(
            PlaceMention(
                name.start_char,
                name.end_char,
                name.text,
                choice.place if choice else None,
                choice.resolution if choice else None,
            )
        )
    return mentions


def document_mentions(doc: Doc, gazetteer: Gazetteer, *, offset: int = 0) -> list[PlaceMention]:
    """The resolved place mentions of a processed Doc, offsets shifted by ``offset`` (a part's start)."""
    mentions = resolve(place_names(doc, gazetteer), gazetteer)
    if not offset:
        return mentions
    return [
        PlaceMention(m.start_char + offset, m.end_char + offset, m.text, m.place, m.resolution)
        for m in mentions
    ]


def mention_records(doc_id: str, mentions: Iterable[PlaceMention]) -> tuple[PlaceMentionRecord, ...]:
    """The ``place_mentions`` rows of one document's mentions."""
    records = []
    for m in mentions:
        p = m.place
        records.append(
            PlaceMentionRecord(
                doc_id=doc_id,
                start_char=m.start_char,
                end_char=m.end_char,
                text=m.text,
                name=p.name if p else None,
                geonameid=p.geonameid if p else None,
                country_code=(p.country_code or None) if p else None,
                latitude=p.latitude if p else None,
                longitude=p.longitude if p else None,
                feature_class=p.feature_class if p else None,
                feature_code=p.feature_code if p else None,
                admin1_code=p.admin1_code if p else None,
                admin1_name=p.admin1_name if p else None,
                admin2_name=p.admin2_name if p else None,
                population=p.population if p else None,
                resolution=m.resolution,
            )
        )
    return tuple(records)


def event_place_geonameid(event: EventRecord, mentions: Sequence[PlaceMentionRecord]) -> int | None:
    """The GeoNames id of the mention an event's place came from: a resolved mention whose text is the
    place's name (``Aleppo`` in ``eastern Aleppo``) and whose entry agrees with the event's place name
    and country, in the event's sentence if there is one, else the document's first (the story's
    place, a dateline); None when no mention agrees."""
    if event.place is None:
        return None
    place = event.place.casefold()
    named = [
        m
        for m in mentions
        if m.geonameid is not None
        and (m.text.casefold() == place or re.search(rf"\b{re.escape(m.text.casefold())}\b", place))
    ]
    # The event keeps the entry the events' own gazetteer gave it (its name and country): a mention
    # resolved elsewhere by the document's evidence gives no id rather than one that contradicts them.
    agreeing = [
        m
        for m in named
        if event.place_name is None
        or (m.name == event.place_name and m.country_code == event.place_country_code)
    ]
    inside = [m for m in agreeing if event.start_char <= m.start_char < event.end_char]
    chosen = inside or agreeing
    return chosen[0].geonameid if chosen else None
