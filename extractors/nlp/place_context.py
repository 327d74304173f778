"""Place names by their context: a place's name used for a club or company, a place the model tags as a
person, and the place names inside an organisation's name. Read by ``extractors.nlp.place_mentions``."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extractors.nlp.gazetteer import Gazetteer

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


def known_place(name: str, gazetteer: Gazetteer) -> bool:
    """The gazetteer knows an area, or a town of at least :data:`PERSON_TAG_MIN_POPULATION`, of this own name."""
    found = gazetteer.candidates(name)
    return any(
        p.is_area or p.population >= PERSON_TAG_MIN_POPULATION for p in found.places[: found.own_names]
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
    Police"), not a club or a company whose name merely starts with a place ("Chicago Bulls")."""
    if ent.label_ != "ORG":
        return []
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
