"""The target of an event: whom or what the action is directed at, as a noun phrase.

In order: a passive verb's subject ("the rebels were attacked" -> the rebels); the indirect
object ("gave the refugees aid"), else the direct one ("forces attacked the rebels") -- unless it
is part of the action ("took control of X", "imposed sanctions on X": then its preposition's
object); the object of a preposition that directs the action (``TARGET_PREPOSITIONS``: against,
on, at, with, to, ...); for a verb governed by another ("urged Russia to withdraw"), the
governor's object; for a verb governing another ("offered to hand over to Britain"), the governed
verb's target, and for a demanded clause ("demanded that the US cancel"), its subject. A thing
that names no actor ("demanded the removal of the president", "opened fire to disperse the
demonstrators") gives way to the actor it is of, by or for, to the purpose clause's object, or to
the state it is applied in ("lifted the curfew in Lebanon"); an actor comes before a thing
(``_first_actor``). A relative pronoun takes its antecedent; a count takes what it counts ("thousands of
refugees"); a personal pronoun, which names no one by itself, and a date or a number give no
target. None when the clause has none.
"""

from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from extractors.nlp.coding.actors import ActorCoder
from extractors.nlp.coding.verbs import CODING_COMPONENT
from extractors.nlp.events.actors import antecedent, is_animate, noun_phrase
from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.rule_families import RuleSwitches

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
ACTOR_ENTITIES = frozenset({"PERSON", "NORP", "ORG", "GPE"})
"""Entity labels of a word that names an actor by itself (a person, a people, an organisation, a state)."""
OWNER_PREPOSITIONS = ("by", "of", "from", "for", "against", "at", "on", "to", "with", "between")
"""Prepositions on a thing whose object is the actor the thing belongs to or is aimed at, most telling
first ("crimes by the militia", "the removal of the president", "disapproval for the US policies",
"a meeting with the president", "a mediation between the two states", "demands from the rebels")."""
AGENT_PREPOSITIONS = ("by",)
"""Owner prepositions that name the agent of a nominalised action ("an admission by Moscow that ..."):
they come before the subject of the thing's content clause, who is what the action is about."""
ADVERBIAL_POS = frozenset({"ADJ", "ADV"})
"""Parts of speech of a preposition's object in an adverbial idiom ("at last", "at least")."""
IDIOM_PREPOSITIONS = ("against", "at", "of", "over", "to", "with", "on")
"""Prepositions of a bare noun after "in" that name whom the action answers ("in protest against the
ban", "in defiance of the authorities", "in response to the attack")."""
COUNT_ENTITIES = frozenset({"CARDINAL", "QUANTITY"})
"""Entity labels of a count whose "of" object is what is counted ("thousands of refugees")."""
OWNER_DEPTH = 2
"""How many nested prepositional phrases the search for a thing's actor goes through ("protest at the
settlement of immigrants"); deeper ones are seldom about the same action."""
OBJECT_DEPS = ("dative", "dobj")
"""Dependency labels of a verb's indirect and direct objects: the recipient first ("give Tanzania a
grant")."""


def _of_object(token: Token) -> Token | None:
    return next(
        (
            c
            for p in token.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for c in p.children
            if c.dep_ == "pobj"
        ),
        None,
    )


def _resolved(token: Token, lexicon: EventLexicon) -> Token | None:
    token = antecedent(token, lexicon)
    if token.ent_type_ in COUNT_ENTITIES:
        # "holding thousands of refugees": the count's "of" object is whom the action is on.
        token = _of_object(token) or token
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
            # "at last", "at least", "in full": an adverbial idiom names no one ("with most of them" does).
            idiom = pobj is not None and pobj.pos_ in ADVERBIAL_POS and not any(pobj.children)
            if pobj is not None and pobj.ent_type_ not in NOT_TARGET_ENTITIES and not idiom:
                objects[child.lower_] = pobj
    for preposition in prepositions:
        if preposition in objects:
            return objects[preposition]
    return None


def is_actor_word(token: Token, lexicon: EventLexicon) -> bool:
    """A word that names an actor: a named person, people, organisation or state, an animate noun, or
    a noun the agents dictionary gives a sector ("immigrants", "farmers"); not a personal pronoun,
    which names no one by itself."""
    if token.pos_ == "PRON":
        return False
    if token.ent_type_ in ACTOR_ENTITIES or is_animate(token, lexicon):
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower() in agent_words()


@functools.cache
def agent_words() -> frozenset[str]:
    """The one-word agents of the Phoenix agents dictionary that have a sector (read once per process)."""
    coder = ActorCoder.load()
    return frozenset(
        words[0]
        for entry in coder.entries
        if entry.agent and any(coder.vocabulary.decode(rule.code).sector for rule in entry.rules)
        for words in entry.phrases
        if len(words) == 1
    )


def _actor_of(thing: Token, lexicon: EventLexicon, depth: int = OWNER_DEPTH) -> Token | None:
    """The actor a thing belongs to or is aimed at: its possessor ("Assad's failure"), the subject of
    its content clause ("a declaration demanding that the government provide"), or the actor
    object of an owner preposition ("the removal of the president", "crimes by extremists"), looked
    for ``depth`` phrases deep ("protest at the settlement of immigrants")."""
    for child in thing.children:
        if child.dep_ == "poss" and is_actor_word(child, lexicon):
            return child
    found = _owner(thing, lexicon, AGENT_PREPOSITIONS, depth)
    if found is not None:
        return found
    for clause in (c for c in thing.children if c.dep_ == "acl"):
        # "the demonstration staged by students": the participle's agent.
        for agent in (c for c in clause.children if c.dep_ == "agent"):
            for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                if is_actor_word(pobj, lexicon):
                    return pobj
    # "its demand that Israel ease", "a declaration demanding that the government provide"; not a
    # relative clause ("the plan the army announced"), whose subject is not the thing's actor.
    clauses = [c for c in thing.children if c.dep_ in ("acl", "ccomp")]
    clauses += [g for c in clauses for g in c.children if g.dep_ == "ccomp"]
    for clause in clauses:
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            if is_actor_word(subject, lexicon):
                return subject
    return _owner(thing, lexicon, OWNER_PREPOSITIONS, depth)


def _owner(thing: Token, lexicon: EventLexicon, prepositions: tuple[str, ...], depth: int) -> Token | None:
    """The actor object of the thing's first of ``prepositions`` that has one, ``depth`` phrases deep."""
    for preposition in prepositions:
        for child in thing.children:
            if child.dep_ != "prep" or child.lower_ != preposition:
                continue
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if is_actor_word(pobj, lexicon):
                    return pobj
                found = _actor_of(pobj, lexicon, depth - 1) if depth > 1 else None
                if found is not None:
                    return found
    return None


def _answered(verb: Token, lexicon: EventLexicon, rules: RuleSwitches) -> Token | None:
    """ "in protest against the violations by the forces", "in defiance of the authorities": whom an
    adverbial "in" + bare noun says the action answers (the object's actor, else the object)."""
    if not rules.on("coding.in_phrase_targets"):
        return None
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ != "in":
            continue
        for noun in (c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
            if any(c.dep_ in ("det", "poss") for c in noun.children):
                continue  # "in the city of Aleppo" is a place, not an idiom
            found = _prepositional_object(noun, IDIOM_PREPOSITIONS)
            if found is not None:
                return found if is_actor_word(found, lexicon) else (_actor_of(found, lexicon) or found)
    return None


def _purpose_actor(verb: Token, lexicon: EventLexicon, rules: RuleSwitches) -> Token | None:
    """ "opened fire to disperse the demonstrators", "started a strike to protest the president's
    failure": the actor the purpose clause's object names or belongs to."""
    if not rules.on("coding.purpose_targets"):
        return None
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            objects = [c for c in child.children if c.dep_ == "dobj"]
            # "shunned work to protest at the settlement of immigrants": its directing preposition's.
            objects += [o for o in [_prepositional_object(child, THING_TARGET_PREPOSITIONS)] if o is not None]
            for obj in objects:
                if is_actor_word(obj, lexicon):
                    return obj
                found = _actor_of(obj, lexicon)
                if found is not None:
                    return found
    return None


def _thing_target(thing: Token, verb: Token, lexicon: EventLexicon, rules: RuleSwitches) -> Token | None:
    """For an object that names no actor: the actor it belongs to, else the purpose clause's."""
    if is_actor_word(thing, lexicon) or thing.ent_type_:
        return None
    return _actor_of(thing, lexicon) or _purpose_actor(verb, lexicon, rules) or _state_in(thing, verb)


def _state_in(thing: Token, verb: Token) -> Token | None:
    """ "lifted the curfew in Montenegro", "declared a state of emergency in Haiti": a measure
    applied in a state (a GPE, not a town square) is directed at that state."""
    for word in (thing, verb):
        for child in word.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                found = next((c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "GPE"), None)
                if found is not None:
                    return found
    return None


def _first_actor(lexicon: EventLexicon, *candidates: Token | None) -> Token | None:
    """The first candidate that names an actor, else the first candidate: "held a meeting with the
    president at a lunch" -> the president, though the verb's "at" comes first for a thing."""
    found = [c for c in candidates if c is not None]
    return next((c for c in found if is_actor_word(c, lexicon)), found[0] if found else None)


def _purpose_target(verb: Token, rules: RuleSwitches) -> Token | None:
    """ "began a hunger strike to protest against the decision": the purpose clause's target."""
    if not rules.on("coding.purpose_targets"):
        return None
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            found = _prepositional_object(child, THING_TARGET_PREPOSITIONS)
            if found is not None:
                return found
    return None


def target_head(
    verb: Token,
    lexicon: EventLexicon,
    *,
    action_nouns: frozenset[int] = frozenset(),
    rules: RuleSwitches | None = None,
) -> Token | None:
    """The head word of the event's target (see the module docstring), or None.

    ``action_nouns``: objects that are part of the action (the verb dictionary's pattern matched
    them: "staged rallies", "imposed sanctions"): their own directing preposition's object, else
    the verb's, else the object itself is the target. For the events' predicate nouns ("took
    control of"), the object of its preposition, else none. ``rules``: the ``eventetl_coding`` rule
    families switched off (all on by default).
    """
    rules = rules or RuleSwitches(CODING_COMPONENT)
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return _resolved(child, lexicon)
    if (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "dobj") for c in verb.children)
    ):
        # "the town was shelled and captured": the conjoined participle shares the passive subject.
        shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if shared is not None:
            return _resolved(shared, lexicon)
    head = _object_of(verb)
    if head is not None and head.i in action_nouns:
        # "imposed sanctions on Iran", "staged rallies against the leader"; else the object itself
        # ("rejected an American proposal": the proposal, which names whose it is).
        head = _first_actor(
            lexicon,
            _prepositional_object(head, OBJECT_TARGET_PREPOSITIONS),
            _prepositional_object(verb),
            _purpose_target(verb, rules),
            _answered(verb, lexicon, rules),
            _thing_target(head, verb, lexicon, rules),
            head,
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
        head = _first_actor(
            lexicon,
            _prepositional_object(head, OBJECT_TARGET_PREPOSITIONS),
            None if is_animate(head, lexicon) else _prepositional_object(verb, THING_TARGET_PREPOSITIONS),
            _answered(verb, lexicon, rules),
            _thing_target(head, verb, lexicon, rules),
            head,
        )
    if head is None:
        # "conceded to demands from the rebels": a thing the action is directed at gives way to its actor.
        head = _prepositional_object(verb)
        if head is not None and not is_actor_word(head, lexicon) and not head.ent_type_:
            head = _actor_of(head, lexicon) or head
        head = head or _answered(verb, lexicon, rules)
    if head is None and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        head = _object_of(verb.head)
    if head is None:
        return _complement_target(verb, lexicon)
    return _resolved(head, lexicon)


def target_phrase(
    verb: Token,
    lexicon: EventLexicon,
    *,
    action_nouns: frozenset[int] = frozenset(),
    max_tokens: int = 10,
    rules: RuleSwitches | None = None,
) -> Span | None:
    """The target as a noun phrase (coordinations kept whole, as actors are), or None."""
    head = target_head(verb, lexicon, action_nouns=action_nouns, rules=rules)
    return noun_phrase(head, max_tokens=max_tokens) if head is not None else None
