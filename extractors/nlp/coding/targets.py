"""The target of an event: whom or what the action is directed at, as a noun phrase.

In order: a passive verb's subject ("the rebels were attacked" -> the rebels); the indirect
object ("gave the refugees aid"), else the direct one ("forces attacked the rebels") -- unless it
is part of the action ("took control of X", "imposed sanctions on X": then its preposition's
object); the object of a preposition that directs the action (``TARGET_PREPOSITIONS``: against,
on, at, with, to, ...); for a verb governed by another ("urged Russia to withdraw"), the
governor's object; for a verb governing another ("offered to hand over to Britain"), the governed
verb's target, and for a demanded clause ("demanded that the US cancel"), its subject. A relative
pronoun takes its antecedent; a personal pronoun, which names no one by itself, and a date or a
number give no target. None when the clause has none.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.nlp.events.actors import antecedent, is_animate, noun_phrase
from extractors.nlp.events.lexicon import EventLexicon

TARGET_PREPOSITIONS = ("against", "on", "upon", "at", "with", "to", "toward", "towards", "into", "from")
"""Prepositions whose object is the action's target, most telling first ("fire on", "talks with";
"from" last: "withdrew its inspectors from Iraq")."""
OBJECT_TARGET_PREPOSITIONS = ("against", "on", "upon", "to", "toward", "towards")
"""Prepositions on an object that direct the action ("aid to the refugees", "sanctions on Iran");
"with" and "at" on a noun more often describe it ("a convoy with food")."""
THING_TARGET_PREPOSITIONS = ("against", "on", "upon", "at", "to", "toward", "towards")
"""For an inanimate object, prepositions of the verb that name whom the thing is directed at
("fired rockets at the town", "launched an offensive against Iraq")."""
NOT_TARGET_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
"""Entity labels of an object that is a when or a how much ("on Monday", "by 5 percent"), not a whom."""
OBJECT_DEPS = ("dative", "dobj")
"""Dependency labels of a verb's indirect and direct objects: the recipient first ("give Tanzania a
grant")."""


def _resolved(token: Token, lexicon: EventLexicon) -> Token | None:
    token = antecedent(token, lexicon)
    if token.ent_type_ in NOT_TARGET_ENTITIES:
        return None
    if token.pos_ == "PRON" or token.lower_ in lexicon.relative_pronouns:
        return None
    return token


def _object_of(verb: Token) -> Token | None:
    for dep in OBJECT_DEPS:
        for child in verb.children:
            if child.dep_ == dep:
                if child.pos_ == "ADP":  # the parser's "dative" is sometimes the preposition "to"
                    return next((c for c in child.children if c.dep_ == "pobj"), None)
                return child
    return None


def _complement_target(verb: Token, lexicon: EventLexicon) -> Token | None:
    """ "offered to hand over to Britain": the governed verb's target; "demanded that the US
    cancel": the subject of the demanded clause (whom the demand is made of)."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return target_head(child, lexicon)
        if child.dep_ == "ccomp":
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return _resolved(subject, lexicon)
    return None


def _prepositional_object(verb: Token, prepositions: tuple[str, ...] = TARGET_PREPOSITIONS) -> Token | None:
    """The object of the word's most telling directing preposition."""
    objects: dict[str, Token] = {}
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in prepositions and child.lower_ not in objects:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in NOT_TARGET_ENTITIES:
                objects[child.lower_] = pobj
    for preposition in prepositions:
        if preposition in objects:
            return objects[preposition]
    return None


def _purpose_target(verb: Token) -> Token | None:
    """ "began a hunger strike to protest against the decision": the purpose clause's target."""
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            found = _prepositional_object(child, THING_TARGET_PREPOSITIONS)
            if found is not None:
                return found
    return None


def target_head(
    verb: Token, lexicon: EventLexicon, *, action_nouns: frozenset[int] = frozenset()
) -> Token | None:
    """The head word of the event's target (see the module docstring), or None.

    ``action_nouns``: objects that are part of the action (the verb dictionary's pattern matched
    them: "staged rallies", "imposed sanctions"): their own directing preposition's object, else
    the verb's, else the object itself is the target. For the events' predicate nouns ("took
    control of"), the object of its preposition, else none.
    """
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return _resolved(child, lexicon)
    head = _object_of(verb)
    if head is not None and head.i in action_nouns:
        # "imposed sanctions on Iran", "staged rallies against the leader"; else the object itself
        # ("rejected an American proposal": the proposal, which names whose it is).
        head = (
            _prepositional_object(head, OBJECT_TARGET_PREPOSITIONS)
            or _prepositional_object(verb)
            or _purpose_target(verb)
            or head
        )
    elif head is not None and head.lemma_.lower() in lexicon.predicate_nouns:
        head = _prepositional_object(head) or next(
            (
                c
                for p in head.children
                if p.dep_ == "prep" and p.lower_ in ("of", "over")
                for c in p.children
                if c.dep_ == "pobj"
            ),
            None,
        )
    elif head is not None:
        # "sent aid to the refugees": the object's directing preposition names whom the action is
        # for or against; a thing is directed at someone ("fired rockets at the town").
        head = (
            _prepositional_object(head, OBJECT_TARGET_PREPOSITIONS)
            or (None if is_animate(head, lexicon) else _prepositional_object(verb, THING_TARGET_PREPOSITIONS))
            or head
        )
    head = head or _prepositional_object(verb)
    if head is None and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        head = _object_of(verb.head)
    if head is None:
        return _complement_target(verb, lexicon)
    return _resolved(head, lexicon)


def target_phrase(
    verb: Token, lexicon: EventLexicon, *, action_nouns: frozenset[int] = frozenset(), max_tokens: int = 10
) -> Span | None:
    """The target as a noun phrase (coordinations kept whole, as actors are), or None."""
    head = target_head(verb, lexicon, action_nouns=action_nouns)
    return noun_phrase(head, max_tokens=max_tokens) if head is not None else None
