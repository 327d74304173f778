"""Event nouns coded as their verbs: "completed its investigation" is an investigation (ACCUSE),
"speeded up the withdrawal of the forces" a withdrawal of forces (RETREAT).

A verb the dictionary gives no category ("complete", "speed up", "mount", a statement such as
"announce") whose object is an event noun takes the noun's code: the noun's verb is found by its
derivational ending (``coding_nominal_suffixes.toml``) among the dictionary's verbs, and coded with
the verb's own patterns, the noun's "of"-object standing for the verb's object ("withdrawal of
forces" as "withdraw forces"), its other prepositional phrases for the verb's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Token

MIN_STEM = 4
"""Shortest stem a derivational ending is taken off ("arrival" -> arriv-e; not "deal" -> "de")."""
NOUN_POS = frozenset({"NOUN"})
"""Parts of speech of an event noun (a proper name is an actor or a place, not an action)."""


def nominalised_verb(
    noun: Token, verbs: Mapping[str, object], suffixes: Mapping[str, Sequence[str]]
) -> str | None:
    """The dictionary verb the noun names: its own lemma if listed, else by its ending; None if none."""
    if noun.pos_ not in NOUN_POS:
        return None
    lemma = noun.lemma_.lower()
    if lemma in verbs:
        return lemma
    for ending in sorted(suffixes, key=len, reverse=True):
        if not lemma.endswith(ending) or len(lemma) < len(ending) + MIN_STEM:
            continue
        stem = lemma[: -len(ending)]
        for replacement in suffixes[ending]:
            candidate = stem + replacement
            if candidate in verbs:
                return candidate
    return None


def event_nouns(verb: Token) -> list[Token]:
    """The verb's objects that may name the action it performs: each direct object, then its
    compound nouns ("a mediation effort")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return [*objects, *(c for o in objects for c in o.children if c.dep_ == "compound")]


def noun_arguments(noun: Token) -> tuple[list[Token], list[Token]]:
    """The noun's "of"-objects (its verb's objects) and its other prepositions (the verb's)."""
    objects = [
        o
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    preps = [p for p in noun.children if p.dep_ == "prep" and p.lower_ != "of"]
    return objects, preps
