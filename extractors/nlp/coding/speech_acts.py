"""Governing speech acts (rule family ``coding.governing_speech_acts``): a verb that performs a
speech act on the clause it governs makes the governed event that act.

"Refused to withdraw" is a REJECT, "threatened that they would leave" a THREATEN, "urged the rebels
to lay down their arms" and "demanded that Japan apologize" a REQUEST, "agreed to release" a promise
(:mod:`.verbs` reads the governed action as an intention). The verbs, the category each gives, the
clauses each governs as that act and, for some, the categories of what it governs are
``coding_speech_act_verbs.toml``'s. A verb not listed there (want, plan, decide, fail, investigate,
suggest) gives the clause no category, whatever the verb dictionary codes it; a listed verb that asks
a question ("asked the shooter why he had fired") performs no act on it either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

GOVERNED_DEPS = frozenset({"xcomp", "ccomp"})
"""How a clause hangs on a verb that may govern its kind ("threatened to attack", "demanded that
they leave"); a reporting verb's content clause hangs the same way, but "say" performs no act."""
PHRASAL_DEPS = frozenset({"prt", "prep"})
"""Children of a verb that make a phrasal speech act of it ("called on the army to withdraw")."""
COMPLEMENTS = frozenset({"to", "that", "clause"})
"""How a speech act governs its clause (``coding_speech_act_verbs.toml``): a "to" infinitive, a
"that" clause, or a finite clause without a marker."""
QUESTION_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
"""Tags of the wh-words that open a question ("asked why he had fired", "asked which town ...")."""
QUESTION_MARKERS = frozenset({"whether", "if"})
"""Subordinators of a yes/no question ("asked whether the army would attack")."""


@dataclass(frozen=True, slots=True)
class SpeechAct:
    """A verb that performs a speech act on the clause it governs (``coding_speech_act_verbs.toml``)."""

    category: str
    """The PLOVER category the governed event takes."""
    complements: frozenset[str]
    """The clauses it governs as that act (:data:`COMPLEMENTS`)."""
    content: frozenset[str] | None = None
    """The categories the governed event must have for the act to be performed (None: any)."""


def complement_kind(clause: Token) -> str | None:
    """How ``clause`` hangs on the verb governing it: "to", "that" or "clause" (see
    :data:`COMPLEMENTS`); None for a question (a wh-word, "whether" or "if" opens it)."""
    opening = clause.left_edge
    if opening.tag_ in QUESTION_TAGS or opening.lower_ in QUESTION_MARKERS:
        return None
    marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
    if any(m in QUESTION_MARKERS for m in marks):
        return None
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return "to"
    if "that" in marks:
        return "that"
    return "clause" if not marks else None


def read_speech_acts(entries: Mapping[str, Any]) -> dict[str, SpeechAct]:
    """The governing speech acts of ``coding_speech_act_verbs.toml``'s table (checked: known
    complements only)."""
    acts: dict[str, SpeechAct] = {}
    for verb, entry in entries.items():
        complements = frozenset(entry["complements"])
        if not complements <= COMPLEMENTS:
            raise ValueError(f"{verb!r}: unknown complements {sorted(complements - COMPLEMENTS)}")
        content = entry.get("content")
        acts[verb] = SpeechAct(
            entry["category"], complements, frozenset(content) if content is not None else None
        )
    return acts


def governing_speech_act(
    trigger: Token, acts: Mapping[str, SpeechAct], *, reporting_verbs: frozenset[str] = frozenset()
) -> tuple[Token, SpeechAct] | None:
    """The verb governing ``trigger``'s clause and the speech act it performs on it, when it is one
    of ``acts`` (by lemma, or "lemma particle") and governs the clause as that act ("urged them to
    withdraw", not "asked them why they withdrew"); None otherwise. ``reporting_verbs`` report,
    they perform nothing on their clause."""
    governor = trigger.head
    if trigger.dep_ not in GOVERNED_DEPS or governor.i == trigger.i:
        return None
    lemma = governor.lemma_.lower()
    if lemma in reporting_verbs:
        return None
    act = next(
        (
            acts[key]
            for c in governor.children
            if c.dep_ in PHRASAL_DEPS and (key := f"{lemma} {c.lower_}") in acts
        ),
        acts.get(lemma),
    )
    if act is None or complement_kind(trigger) not in act.complements:
        return None
    return governor, act
