"""Dependency-parse helpers the event rules share: subjects, clauses, tense, headline predicates.

Only grammar lives here (dependency labels and tags), no vocabulary: the words the rules read
come from :class:`~extractors.nlp.events.lexicon.EventLexicon`.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.language import Language
from spacy.tokens import Span, Token

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
"""Dependency labels of a clause's subject."""
EMBEDDED_EVENT_DEPS = ("ccomp", "relcl", "parataxis")
"""Clauses inside a clause that are always events of their own (``clause_tokens`` leaves them out)."""


def subject_of(verb: Token) -> Token | None:
    """The verb's own subject (active or passive, nominal or clausal), if it has one."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def copular_governor(verb: Token, governing: Collection[str]) -> Token | None:
    """ "Syria is willing to withdraw": the copula whose adjective complement (one of ``governing``)
    governs the verb, when the copula has a subject; None otherwise."""
    adjective = verb.head
    if verb.dep_ != "xcomp" or adjective.dep_ != "acomp" or adjective.lemma_.lower() not in governing:
        return None
    copula = adjective.head
    return copula if subject_of(copula) is not None else None


def has_tense_auxiliary(verb: Token) -> bool:
    """An auxiliary other than the infinitive "to": "has fled", "will be pushed"."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)


def is_simple_present(verb: Token) -> bool:
    """ "arrive", "shows": a present-tense verb with no auxiliary (captions, habits, states)."""
    return verb.tag_ in ("VBZ", "VBP") and not has_tense_auxiliary(verb)


def clause_tokens(verb: Token) -> list[Token]:
    """Tokens of the verb's own clause: its subtree without embedded clauses that are events of their own."""
    tokens = [verb]
    for child in verb.children:
        if child.dep_ in EMBEDDED_EVENT_DEPS or (child.dep_ in ("advcl", "conj") and subject_of(child)):
            continue
        tokens.extend(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


def headline_predicate_subject(token: Token, verb_lemmas: frozenset[str]) -> Token | None:
    """ "Lady Gaga protests outside Trump Tower": the subject of a headline verb the tagger took for a plural noun.

    Headlinese drops articles, so a present-tense verb in ``-s`` reads like a plural
    noun. A plural-noun root without a determiner, whose lemma is a verb, that has a
    complement after it and a name before it (its subject, or a proper-noun compound)
    is the headline's predicate; the name is its subject.
    """
    if token.tag_ != "NNS" or token.dep_ != "ROOT" or token.lemma_.lower() not in verb_lemmas:
        return None
    children = list(token.children)
    if any(c.dep_ in ("det", "poss", "nummod") for c in children):
        return None
    complements = {c.dep_ for c in children if c.i > token.i}
    if complements & {"prep", "dobj", "appos", "advcl", "acomp"}:
        for child in children:
            if child.dep_ == "nsubj" and child.i < token.i:
                return child
    before = token.i - 1
    # With only a name before it, the word needs an object to read as a verb: "Trump slams 'rigged' FBI",
    # not "Clinton emails under review".
    if (
        complements & {"dobj", "appos", "advcl", "acomp"}
        and before >= token.sent.start
        and token.doc[before].dep_ == "compound"
        and token.doc[before].tag_ in ("NNP", "NNPS")
    ):
        return token.doc[before]
    return None


def modifies_noun(span: Span) -> bool:
    """ "their first World Series since 1908": a period start attached to a noun dates the noun, not the clause.

    Only "since" phrases are judged by attachment: other prepositional phrases are
    attached to the wrong noun too often by the parser ("captured by the opposition in 2012").
    """
    if span[0].lower_ != "since" and not (span.start > 0 and span.doc[span.start - 1].lower_ == "since"):
        return False
    token = span.root
    while token.head.i != token.i and token.dep_ not in ("ROOT",):
        token = token.head
        if token.i in range(span.start, span.end):
            continue
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ != "npadvmod":
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def verb_lemmas(nlp: Language) -> frozenset[str]:
    """The verbs the pipeline's rule lemmatizer knows (its WordNet "lemma_index"); empty without one."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get("verb", []))
