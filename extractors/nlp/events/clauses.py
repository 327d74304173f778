"""Which clauses are events.

An event is a verb with its own subject (active or passive), a verb coordinated with one, or
a participle modifying a noun of people ("people fleeing"); in a headline, also a verb the
tagger read as a plural noun ("Lady Gaga protests outside Trump Tower"). Not events: reporting
verbs (their reported clause is), verbs of thinking, states, naming with a predicate,
modifiers and complements, background clauses, infinitives, and, outside headlines, the
simple present (captions, habits) unless it holds territory. Whole sentences are skipped when
they are captions or states, or newswire furniture.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from extractors.nlp.events.actors import is_animate
from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.events.syntax import (
    copular_governor,
    has_tense_auxiliary,
    headline_predicate_subject,
    is_simple_present,
    subject_of,
)
from extractors.nlp.places import PLACE_LABELS
from extractors.nlp.rule_families import RuleSwitches

COMPONENT = "eventetl_events"
"""The component whose rule families (``rule_families.toml``) the event rules check."""

BOILERPLATE = re.compile(
    r"contributed (?:to )?(?:this|the) report|contributed reporting|\b(?:reporting|writing|editing) by\b"
    r"|on condition of anonymity|not authori[sz]ed to (?:speak|discuss|talk|comment)"
    r"|\bsubscrib(?:e|ing)\b|click to share|(?:image|media) (?:copyright|caption)",
    re.IGNORECASE,
)
"""Newswire furniture that has the form of a clause but reports no event (a pattern of phrases,
kept in code: it is matched against sentence text, not looked up word by word)."""
NON_EVENT_DEPS = ("amod", "compound", "xcomp", "pcomp", "csubj", "auxpass", "aux")
"""A verb attached as one of these modifies or completes another word: not an event of its own."""


def holds_territory(verb: Token, lexicon: EventLexicon) -> bool:
    """ "control 90 percent of eastern Aleppo", "still hold the province": a place in the object."""
    if verb.lemma_.lower() not in lexicon.territorial_verbs:
        return False
    for child in verb.children:
        if child.dep_ in ("dobj", "prep"):
            for token in child.subtree:
                if token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in lexicon.place_nouns:
                    return True
    return False


def _performs(token: Token, lexicon: EventLexicon) -> bool:
    """ "declared a ceasefire", "announced the suspension of flights": a performative verb with a
    common noun object and no reported clause does what it names."""
    children = list(token.children)
    return (
        token.lemma_.lower() in lexicon.performative_verbs
        and any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in children)
        and not any(c.dep_ in ("ccomp", "parataxis") for c in children)
    )


def _word_class_reason(token: Token, lexicon: EventLexicon, rules: RuleSwitches) -> str | None:
    """Why the verb's lemma makes it no event of its own (reporting, thinking, state, naming)."""
    lemma = token.lemma_.lower()
    if (
        lemma in lexicon.reporting_verbs
        and not any(c.dep_ == "xcomp" for c in token.children)
        and not _performs(token, lexicon)
    ):
        return "reporting verb"
    if lemma in lexicon.cognition_verbs:
        return "verb of thinking"
    if not rules.on("events.states"):
        return None
    if lemma in lexicon.stative_verbs:
        return "state, not happening"
    if lemma in lexicon.characterising_verbs and any(
        c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in token.children
    ):
        return "naming or characterising"
    return None


def _coordinated_with_event(token: Token, lexicon: EventLexicon) -> bool:
    """ "destroyed ... and blocked roads": a conjunct of a verb with its own subject (not of "said")."""
    if token.dep_ != "conj":
        return False
    head = token.head
    while head.dep_ == "conj":
        head = head.head
    return (
        head.pos_ == "VERB"
        and subject_of(head) is not None
        and head.lemma_.lower() not in lexicon.reporting_verbs
    )


def non_event_reason(
    token: Token,
    lexicon: EventLexicon,
    *,
    in_headline: bool = False,
    verb_lemmas: frozenset[str] = frozenset(),
    rules: RuleSwitches | None = None,
) -> str | None:
    """Why a verb is not an event of its own, or None when it is one.

    Headlines use the simple present for past events ("Cubs win World
    Series"), so ``in_headline`` lifts the tense rules, and a headline verb
    the tagger read as a plural noun is an event (``verb_lemmas``: the
    lemmatizer's verb index). ``rules``: the rule families switched off (all on by default).
    """
    rules = rules or RuleSwitches(COMPONENT)
    if token.pos_ != "VERB":
        if in_headline and headline_predicate_subject(token, verb_lemmas) is not None:
            return None
        return "not a verb"
    reason = _word_class_reason(token, lexicon, rules)
    if reason is not None:
        return reason
    if rules.on("events.copular_adjectives") and copular_governor(token, lexicon.governing_verbs) is not None:
        return None  # "Syria is willing to withdraw": the intended action is the event
    if token.dep_ in NON_EVENT_DEPS:
        return "modifier or complement"
    if rules.on("events.background_clauses") and any(
        c.dep_ == "mark" and c.lower_ in lexicon.background_markers for c in token.children
    ):
        return "background clause"
    if rules.on("events.bare_infinitives") and token.tag_ == "VB" and not has_tense_auxiliary(token):
        return "infinitive, imperative or subjunctive"
    if (
        rules.on("events.simple_present")
        and not in_headline
        and is_simple_present(token)
        and not holds_territory(token, lexicon)
    ):
        return "simple present: a description"
    if token.dep_ == "acl" and subject_of(token) is None:
        # "people fleeing Aleppo" is an event of the people; "drones showing the exit" and
        # "forces backed by Russia" are descriptions.
        if (
            rules.on("events.human_participles")
            and token.tag_ == "VBG"
            and token.head.pos_ in ("NOUN", "PROPN")
            and is_animate(token.head, lexicon)
        ):
            return None
        return "participle describing a noun"
    if subject_of(token) is not None or _coordinated_with_event(token, lexicon):
        return None
    return "no subject"


def is_description_sentence(
    sentence: Span, lexicon: EventLexicon, *, in_headline: bool = False, rules: RuleSwitches | None = None
) -> bool:
    """A caption or a statement of a state: verbless, or built on a simple-present main verb
    (``events.simple_present``: without it, only the verbless)."""
    if in_headline:
        return False
    root = sentence.root
    if root.pos_ not in ("VERB", "AUX"):
        return True
    if root.lemma_.lower() in lexicon.reporting_verbs or not (rules or RuleSwitches(COMPONENT)).on(
        "events.simple_present"
    ):
        return False
    return is_simple_present(root) and not holds_territory(root, lexicon)
