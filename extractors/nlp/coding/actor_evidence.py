"""What one dictionary match says about a phrase, and which match decides the phrase's sector.

Split from :mod:`.actors` (the actor coder), whose ``code`` calls :func:`decide_sector` with the
matches it found, nearest to the phrase's head first.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extractors.nlp.coding.actor_codes import DecodedCode
from extractors.nlp.coding.actor_dictionary import ActorEntry

NOT_PEOPLE_ENTITIES = frozenset({"ORG", "GPE", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
"""Entity labels of a plural proper noun that names no people ("Emirates Airlines", "the Olympic Games")."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one dictionary match says about the phrase."""

    start: int
    """First kept token of the match."""
    end: int
    """One past its last kept token."""
    raw: str
    """Its CAMEO code as the dictionary writes it (``SYRGOV``, ``~MIL``)."""
    code: DecodedCode
    """Its code, decoded."""
    entry: ActorEntry
    """The dictionary entry it matched."""


def decide_sector(
    head_token: Token, head: int, at_head: Evidence | None, nearest: list[Evidence]
) -> tuple[Evidence | None, str | None]:
    """The match that decides the sector, and the sector."""
    if at_head is not None and at_head.code.country_only:
        # A state named as the actor acts through its government ("Moscow said", "the Russians
        # demanded"); its people named by a bare demonym are civilians ("Syrians fled").
        people = head_token.ent_type_ == "NORP" and not any(
            c.dep_ == "det" and c.lower_ == "the" for c in head_token.children
        )
        return at_head, "CVL" if people else "GOV"
    before = [e for e in nearest if e.end <= (at_head.start if at_head else head)]
    person = at_head is not None and any(r.dated for r in at_head.entry.rules)
    if at_head is None or at_head.entry.agent or person:
        # An organisation's officials, envoys or agencies belong to it ("UN envoy"), and so
        # does a person it titles ("U.N. mediator Diego Cordovez"), whatever else they were.
        owner = next((e for e in before if e.code.sector in ("IGO", "NGO")), None)
        if owner is not None:
            return owner, owner.code.sector
    if at_head is not None and at_head.code.sector is not None:
        return at_head, at_head.code.sector
    if at_head is not None and not at_head.raw.strip("-"):
        # A head coded as having no sector of its own ("a Kremlin spokesman") speaks for what
        # the rest of the phrase names: its nearest sector, else the state it names.
        decider = next((e for e in nearest if e.code.sector is not None), None)
        if decider is not None:
            return decider, decider.code.sector
        decider = next((e for e in nearest if e.code.country_only), None)
        return decider, "GOV" if decider else None
    if at_head is None and head_token.tag_ == "NNPS" and head_token.ent_type_ not in NOT_PEOPLE_ENTITIES:
        # An unknown people's name after a state's demonym ("Iraqi Kurds", "Bosnian Serbs"): a
        # population of that state, not its government.
        state = next((e for e in before if e.code.country_only), None)
        if state is not None:
            return state, "CVL"
    # A head of a kind outside the set (a leader out of office, ELI), or unknown: its title or
    # premodifiers may say ("Prime Minister Hashimoto", "Judge Rivera"), not what follows it
    # ("extremists against civilians").
    decider = next((e for e in before if e.code.sector is not None), None)
    if decider is not None:
        return decider, decider.code.sector
    return at_head, None
