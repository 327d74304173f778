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

from spacy.symbols import acl
from spacy.tokens import Doc, Span, Token

from extractors.nlp.events.actors import is_animate
from extractors.nlp.events.attribution import modality_of
from extractors.nlp.events.frame import EventFrame
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
    if lemma in lexicon.cognition_verbs and not (
        lemma in lexicon.governing_verbs and any(c.dep_ == "xcomp" for c in token.children)
    ):
        # "want a ceasefire" is a state of mind; "wanted to retake the city" governs the event
        return "verb of thinking or wanting"
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
    news_present: bool = False,
    verb_lemmas: frozenset[str] = frozenset(),
    rules: RuleSwitches | None = None,
) -> str | None:
    """Why a verb is not an event of its own, or None when it is one.

    Headlines use the simple present for past events ("Cubs win World
    Series"), so ``in_headline`` lifts the tense rules, and a headline verb
    the tagger read as a plural noun is an event (``verb_lemmas``: the
    lemmatizer's verb index). ``news_present``: the verb is a main verb of the lead of a document
    without a headline (:func:`main_clause_verbs`), which takes the headline's present tense too.
    ``rules``: the rule families switched off (all on by default).
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
    if (
        rules.on("events.bare_infinitives")
        and token.tag_ == "VB"
        and not has_tense_auxiliary(token)
        and not ((in_headline or news_present) and is_headline_present(token))
    ):
        return "infinitive, imperative or subjunctive"
    if (
        rules.on("events.simple_present")
        and not in_headline
        and not news_present
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
        if rules.on("events.misread_participles") and is_misread_main_verb(token, lexicon):
            return None
        return "participle describing a noun"
    if subject_of(token) is None and not _coordinated_with_event(token, lexicon):
        return "no subject"
    # Last, so that only the verbs every other rule let through pay for them.
    if rules.on("events.framing_clauses") and is_framing(token, lexicon):
        return "framing clause: situates an event in time"
    if rules.on("events.statement_content") and is_statement_content(token, lexicon):
        return "present-tense content of a statement"
    return None


def is_headline_present(verb: Token) -> bool:
    """ "Police name final three victims": a headline's base-form verb with its subject and no
    "to" is the present tense of a plural subject (the tagger reads it as an infinitive), where
    "Let the army withdraw" and "to visit" are not."""
    return subject_of(verb) is not None and not any(c.lower_ == "to" for c in verb.children)


def main_clause_verbs(sentence: Span, lexicon: EventLexicon) -> frozenset[int]:
    """Indices of a sentence's main verbs: its root and the verbs coordinated with it, and when the
    root reports ("..., the negotiator said"), the reported clause's verbs. A clause below them
    ("unless the president agrees", "which advocates ...") is not a main verb."""
    root = sentence.root
    heads = [root]
    if root.lemma_.lower() in lexicon.reporting_verbs:
        heads += [c for c in root.children if c.dep_ == "ccomp"]
    verbs = [v for head in heads for v in (head, *(c for c in head.children if c.dep_ == "conj"))]
    return frozenset(v.i for v in verbs)


def is_description_sentence(
    sentence: Span, lexicon: EventLexicon, *, in_headline: bool = False, rules: RuleSwitches | None = None
) -> bool:
    """A caption or a statement of a state: verbless, or built on a simple-present main verb
    (``events.simple_present``: without it, only the verbless)."""
    if in_headline:
        return False
    root = sentence.root
    if root.pos_ not in ("VERB", "AUX"):
        # verbless: a caption, unless the parser misread the main verb as a participle
        return not (
            (rules or RuleSwitches(COMPONENT)).on("events.misread_participles")
            and any(t.dep == acl and is_misread_main_verb(t, lexicon) for t in sentence)
        )
    if root.lemma_.lower() in lexicon.reporting_verbs or not (rules or RuleSwitches(COMPONENT)).on(
        "events.simple_present"
    ):
        return False
    return is_simple_present(root) and not holds_territory(root, lexicon)


COMPLEMENT_DEPS = frozenset(
    {"dobj", "ccomp", "xcomp", "prep", "dative", "attr", "acomp", "agent", "prt", "oprd"}
)
"""Children that complete a verb: a verb with none of them may be a false start."""


def is_restart(verb: Token, events: list[Token]) -> bool:
    """ "I urged, I speak for myself, I urged Dr. Hijab ...": a verb left without its complement and
    said again, with the same subject, later in the sentence (a false start of transcribed
    speech) is the same event as the one completed."""
    subject = subject_of(verb)
    if subject is None or any(c.dep_ in COMPLEMENT_DEPS for c in verb.children):
        return False
    lemma = verb.lemma_.lower()
    for later in events:
        if later.i > verb.i and later.lemma_.lower() == lemma:
            other = subject_of(later)
            if other is not None and other.lower_ == subject.lower_:
                return True
    return False


def is_alternative(verb: Token, event_indices: set[int], lexicon: EventLexicon) -> bool:
    """ "will be pushed away or eliminated": a verb offered as an alternative ("or") to a future or
    possible event of the sentence is not a second event; at most one of the two will happen. (In
    the past, "or" shares out what happened: "lost limbs or were flung to their death".)"""
    if verb.dep_ != "conj":
        return False
    head = verb.head
    if head.i not in event_indices or modality_of(head, head, lexicon) == "asserted":
        return False
    return any(c.dep_ == "cc" and c.lower_ == "or" and c.i < verb.i for c in head.children)


def is_framing(verb: Token, lexicon: EventLexicon) -> bool:
    """ "The proposal came during weekend talks", "The move comes as diplomats meet": a framing verb
    whose subject is a thing, with a time phrase, situates an event; it reports none."""
    if verb.lemma_.lower() not in lexicon.framing_verbs:
        return False
    subject = subject_of(verb)
    # A thing: a common noun that is no entity and counts no one ("Thousands of protesters came").
    if subject is None or subject.pos_ != "NOUN" or subject.ent_type_ or is_animate(subject, lexicon):
        return False
    if any(c.dep_ == "prep" and any(is_animate(o, lexicon) for o in c.children) for c in subject.children):
        return False
    return any(
        (c.dep_ == "prep" and c.lower_ in lexicon.framing_prepositions)
        or (
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in lexicon.framing_prepositions for m in c.children)
        )
        for c in verb.children
    )


def is_statement_content(verb: Token, lexicon: EventLexicon) -> bool:
    """ "Kerry warned the government it is committing war crimes": the present-tense content of a
    statement that is itself the event (not a reporting verb, whose content is the event) is what
    was said, an accusation or an assessment, not a second event."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.pos_ != "VERB" or subject_of(head) is None:
        return False
    if head.lemma_.lower() in lexicon.reporting_verbs:
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    # "is committing", not "has been sharing" (a perfect reports what has happened)
    return verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "be" for c in verb.children
    )


def _takes_object(verb: Token) -> bool:
    """An active verb: it, or a verb coordinated with it, has a direct object (a passive has none)."""
    return any(c.dep_ == "dobj" for c in verb.children) or any(
        c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children) for c in verb.children
    )


def is_misread_main_verb(token: Token, lexicon: EventLexicon) -> bool:
    """A past tense the parser read as a participle modifying its subject: "Doctors from two aid
    groups donated and delivered goods" (a sentence without a main verb, the participle active
    with an object), "Palestinian youths resorted to throwing stones, officials said" (the noun a
    second subject of the reporting verb). "Forces backed by Russia attacked" keeps its main verb."""
    if token.dep_ != "acl" or token.tag_ not in ("VBN", "VBD") or subject_of(token) is not None:
        return False
    head = token.head
    if head.pos_ not in ("NOUN", "PROPN") or token.i < head.i:
        return False
    governor = head.head
    if head.dep_ == "nsubj" and governor.lemma_.lower() in lexicon.reporting_verbs:
        return any(c.dep_ == "nsubj" and c.i > token.i for c in governor.children)
    root = head
    while root.head.i != root.i:  # the sentence's root, without building the sentence
        root = root.head
    return root.pos_ not in ("VERB", "AUX") and _takes_object(token)


def news_lead(doc: Doc) -> Span | None:
    """The first sentence with a word, in the first part of a document without a headline."""
    if doc._.headline_end or doc._.part_number:
        return None
    return next((s for s in doc.sents if any(t.is_alpha for t in s)), None)


def is_agentless_hypothetical(frame: EventFrame, verb: Token) -> bool:
    """ "The loss of Aleppo would mark the greatest defeat": a hypothetical whose subject is an event
    named with its object (a noun with "of", no person, group or named actor) evaluates or predicts;
    no one acts (an event is an action that happened, is announced, demanded or refused)."""
    if frame.modality != "hypothetical" or frame.actor_type != "other":
        return False
    subject = subject_of(verb)
    return (
        subject is not None
        and subject.pos_ == "NOUN"
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children)
    )
