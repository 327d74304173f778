"""Place names by their context (:func:`place_names`): a place's name used for a club, a company or a
disease; a place the model tags as a person or an organisation; a street; the last word of a longer
proper name; the place names inside an organisation's name. A leading "the" or qualifier ("eastern
Aleppo"), a possessive and trailing lower-case words are not part of a name; an abbreviation keeps
its final period ("W.Va."). Read by ``extractors.nlp.place_mentions``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractors.nlp.gazetteer import (
    Gazetteer,
    feature_types,
    folded,
    institution_nouns,
    organisation_nouns,
    street_nouns,
    thing_nouns,
)
from extractors.nlp.places import PLACE_LABELS

PERSON_TAG_MIN_POPULATION = 15000
"""Smallest town whose name, tagged PERSON by the model, is taken as the place (the gazetteer of
``eventetl_places``, which relabels such names after a locative preposition, stops there too)."""


SCORE = re.compile(r"\d{1,3}\s?[-–]\s?\d{1,3}")
"""A match score ("2–0", "24-17"): in its sentence, a name that wins or loses is a team."""


def used_as_organisation(ent: Span, nouns: frozenset[str]) -> bool:
    """Whether a place entity names a club, team or company here, by its context, not by its name:
    it modifies or owns an organisation noun ("Chelsea striker", "Chelsea's fans"), or it is the
    subject or object of a clause that reports a score ("Chelsea won 2–0", "beat Chelsea 3-1")."""
    root = ent.root
    head = root.head
    if root.dep_ in ("compound", "poss") and head.i >= ent.end and head.lemma_.lower() in nouns:
        return True
    if root.dep_ in ("nsubj", "dobj") and head.pos_ == "VERB":
        clause = ent.doc[head.left_edge.i : head.right_edge.i + 1]
        return bool(SCORE.search(clause.text))
    return False


def tagged_person_is_place(ent: Span, gazetteer: Gazetteer, person_words: set[str]) -> bool:
    """A PERSON entity that is a place: the small model tags "Alexandria", "Sidon", "Jordan" and "Sioux
    Falls" as people. It is a place when the gazetteer knows an area or a town of at least
    :data:`PERSON_TAG_MIN_POPULATION` by that name and, for one word, the document names no person
    with that word ("Michael Jordan" makes every "Jordan" of the document the person). The entity
    label stays PERSON in the Doc (the events read it unchanged)."""
    if ent.label_ != "PERSON" or not all(t.is_title for t in ent):
        return False
    return not (len(ent) == 1 and ent.text in person_words) and known_place(ent.text, gazetteer)


def tagged_organisation_is_place(ent: Span, gazetteer: Gazetteer) -> bool:
    """An organisation entity that is an administrative area's name and nothing more: the small model
    tags "Romania", "Uttar Pradesh" and "KwaZulu-Natal" as organisations. A town's name alone stays an
    organisation (a club or company is often called after its town: "Chicago"); a place's name used
    for a club by its context is not a place either way (:func:`used_as_organisation`)."""
    if ent.label_ != "ORG" or not ent.text[:1].isupper():
        return False
    found = gazetteer.candidates(ent.text)
    # A county by another name of it is mostly a surname ("Hughes" for Hughes County).
    return any(
        p.feature_code in ("PCLI", "ADM1") or (p.feature_code == "ADM2" and i < found.own_names)
        for i, p in enumerate(found.places)
    )


@functools.lru_cache(maxsize=100_000)
def known_place(name: str, gazetteer: Gazetteer) -> bool:
    """The gazetteer knows an area, or a town of at least :data:`PERSON_TAG_MIN_POPULATION`, of this own
    name, as GeoNames spells it: a name that only drops a place's diacritics ("Gore" for Goré) is no
    evidence that a person's name is a place. Kept per name and gazetteer (a gazetteer never changes)."""
    found = gazetteer.candidates(name)
    return any(
        (p.is_area or p.population >= PERSON_TAG_MIN_POPULATION) and folded(p.name) != name
        for p in found.places[: found.own_names]
    )


ORGANISATION_PLACE_WORDS = 4
"""Longest place name looked for inside an organisation's name, in words ("New York City")."""


def _leading_place(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> Span | None:
    """The longest run of capitalised words from ``start`` (before ``end``) the gazetteer knows as a
    place (:func:`known_place`)."""
    longest = min(end, start + ORGANISATION_PLACE_WORDS)
    for stop in range(longest, start, -1):
        words = doc[start:stop]
        if all(t.is_title or t.is_upper for t in words) and known_place(words.text, gazetteer):
            return words
    return None


def places_in_organisation(ent: Span, gazetteer: Gazetteer, institutions: frozenset[str]) -> list[Span]:
    """The place names inside an organisation's name: a public body keeps the name of the place it
    serves. The name after "of", "in" or "for" ("University of Kentucky", "Bank of Georgia"); the name
    that starts it when the rest names an institution ("Minnesota Department of Health", "Chicago
    Police"), not a club or a company whose name merely starts with a place ("Chicago Bulls"). The model
    tags some such names as a person's ("Rapides Parish Fire District"): they count too."""
    if len(ent) < 2 or ent.label_ not in ("ORG", "PERSON"):
        return []  # a one-word name holds no other name
    doc = ent.doc
    found: list[Span] = []
    start = ent.start
    while start < ent.end and (doc[start].is_lower or doc[start].is_punct or doc[start].lower_ == "the"):
        start += 1
    leading = _leading_place(doc, start, ent.end - 1, gazetteer) if start < ent.end - 1 else None
    # "Police Department": an institution's own noun is not a place, whatever town shares its name.
    if leading is not None and leading.text.lower() in institutions:
        leading = None
    if leading is not None and any(t.lemma_.lower() in institutions for t in doc[leading.end : ent.end]):
        found.append(leading)
    for token in doc[start + 1 : ent.end - 1]:
        if token.lower_ in ("of", "in", "for") and (not found or token.i >= found[-1].end):
            inner = _leading_place(doc, token.i + 1, ent.end, gazetteer)
            if inner is not None:
                found.append(inner)
    return found


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


def _trimmed(span: Span) -> Span | None:
    """``span`` without its leading lower-case words ("the", "eastern", "rebel-held": as written, a
    name starts with a capital, so "Northern Ireland" keeps its first word), a leading "The" (a
    sentence's first word), a possessive, trailing punctuation or lower-case words; None when nothing
    capitalised is left."""
    doc = span.doc
    start, end = span.start, span.end
    # A trailing possessive, punctuation or lower-case word ("Zaire province", "Pingliang city": the
    # noun says what kind of place the name is, see ``_feature_class``) is not part of the name.
    while end > start and (
        doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct or doc[end - 1].is_lower
    ):
        end -= 1
    while start < end and (doc[start].is_lower or doc[start].is_punct or doc[start].lower_ == "the"):
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


NAME_LABELS = frozenset({*PLACE_LABELS, "ORG", "PERSON"})
"""Entity labels that can hold a place's name: places, and the organisations and people that are
places or hold one (see :func:`place_names`); a date or a number never does."""
NOT_BEFORE_A_NAME = ("GPE", "LOC", "FAC", "DATE", "TIME")
"""Entity labels of a proper noun that may stand right before a place's name without making it the
end of a longer name ("Sunday Alexandria police": a date; "Kentucky Lexington": a place)."""


def names_a_thing(ent: Span, nouns: frozenset[str]) -> bool:
    """Whether a place entity names a thing called after the place: it modifies a noun of such things
    ("West Nile virus", "Marburg haemorrhagic fever")."""
    head = ent.root.head
    return (
        ent.root.dep_ in ("compound", "nmod", "amod") and head.i >= ent.end and head.lemma_.lower() in nouns
    )


def names_a_street(ent: Span, nouns: frozenset[str]) -> bool:
    """Whether an organisation or person entity is a street's name: capitalised words (or a number)
    ending with a street's noun ("Dawes Street", "Main St.", "Old Lexington Highway")."""
    last = ent[-1]
    words = ent[1:] if ent[0].lower_ == "the" else ent
    return (
        ent.label_ in ("ORG", "PERSON")
        and len(words) > 1
        and last.lower_ in nouns
        and all(t.is_title or t.is_upper or t.like_num for t in words)
    )


def ends_a_longer_name(ent: Span) -> bool:
    """Whether a one-word entity is the last word of a longer proper name the model cut: right after a
    proper noun inside the sentence that is not a place, date or time ("Chief Medical Officer",
    "President Obama", "Meadow Grove")."""
    if len(ent) != 1 or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return (
        before.pos_ == "PROPN"
        and before.is_title
        and not before.is_sent_start
        and before.lower_ != "the"
        and before.ent_type_ not in NOT_BEFORE_A_NAME
    )


def place_names(doc: Doc, gazetteer: Gazetteer) -> list[PlaceName]:
    """The place names of a processed Doc, in text order, with containment and feature-type evidence."""
    types, nouns, institutions, streets = (
        feature_types(),
        organisation_nouns(),
        institution_nouns(),
        street_nouns(),
    )
    # The entities that can hold a place's name, with their labels (each read once).
    entities = [(ent, ent.label_) for ent in doc.ents]
    entities = [(ent, label) for ent, label in entities if label in NAME_LABELS]
    # One sense per discourse: a name the document uses for a disease is the disease throughout.
    things = {
        ent.text for ent, label in entities if label in PLACE_LABELS and names_a_thing(ent, thing_nouns())
    }
    person_words = {
        t.text
        for ent, label in entities
        if label == "PERSON" and len(ent) > 1 and not known_place(ent.text, gazetteer)
        for t in ent
    }
    parts: list[Span] = []
    for ent, _ in entities:
        parts.extend(places_in_organisation(ent, gazetteer, institutions))
        is_place = (
            ent.label_ in PLACE_LABELS
            or tagged_person_is_place(ent, gazetteer, person_words)
            or tagged_organisation_is_place(ent, gazetteer)
            or names_a_street(ent, streets)
        )
        if not is_place or used_as_organisation(ent, nouns) or ent.text in things or ends_a_longer_name(ent):
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
