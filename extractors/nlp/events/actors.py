"""Actors: the phrase that did it, its type, and what a pronoun stands for.

The actor is the subject phrase (the by-agent of a passive); a relative pronoun takes its
antecedent ("militants, who advanced" -> militants), a personal pronoun the speaker of the
reporting verb or the nearest compatible actor of the same paragraph.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from extractors.nlp.events.attribution import reporting_head
from extractors.nlp.events.context import Discourse
from extractors.nlp.events.lexicon import EventLexicon, PronounKind
from extractors.nlp.events.syntax import copular_governor, headline_predicate_subject, subject_of
from extractors.vocabulary import ActorType

NP_EXCLUDED_DEPS = ("relcl", "acl", "advcl", "punct", "parataxis", "ccomp", "dep", "cc_preconj")
"""Children that are not part of a noun phrase (clauses, punctuation)."""
ANIMATE_ENTITY_LABELS = ("PERSON", "NORP", "ORG", "GPE")
"""Entity labels of people, groups and institutions."""
COLLECTIVE_ENTITY_LABELS = ("ORG", "GPE", "NORP")
"""Entity labels of a group a plural pronoun ("they") can refer to."""
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
"""Hyphens (not dashes) that join the parts of a compound word."""
BRACKETS = frozenset({"(", ")"})
"""Round brackets: a parenthesis inside a name ("The Hizbollah (Party of God) group") stays in it."""


# --------------------------------------------------------------------- noun phrases
def _is_time_adjunct(token: Token) -> bool:
    """ "in 2012" hung on a noun by the parser: a time, not part of the noun phrase."""
    return token.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in token.children
    )


def is_word_hyphen(token: Token) -> bool:
    """A hyphen written inside a word ("London-based", "rebel-held"), which the tokenizer splits off."""
    doc = token.doc
    return (
        token.text in HYPHENS
        and 0 < token.i < len(doc) - 1
        and not doc[token.i - 1].whitespace_
        and not token.whitespace_
        and not doc[token.i - 1].is_punct
        and not doc[token.i + 1].is_punct
    )


def _phrase_tokens(token: Token, excluded: tuple[str, ...], brackets: list[int]) -> list[Token]:
    """The phrase's tokens under ``token``; the brackets among them are added to ``brackets``."""
    tokens = [token]
    for child in token.children:
        if child.dep_ == "punct" and child.text in BRACKETS:
            brackets.append(child.i)  # "The Islamic Salvation Front (FIS)", when both are in (_balanced)
            tokens.append(child)
            continue
        if (child.dep_ == "punct" and is_word_hyphen(child)) or (child.is_space and "\n" not in child.text):
            # keeps a hyphenated compound whole ("Vietnamese-led forces") and a name whose words a
            # no-break space separates ("Sergei\xa0Lavrov": the parser hangs the space on a word)
            tokens.append(child)
            continue
        if child.dep_ in excluded or _is_time_adjunct(child):
            continue
        tokens.extend(_phrase_tokens(child, excluded, brackets))
    return tokens


def noun_phrase(token: Token, *, max_tokens: int = 10) -> Span:
    """The noun phrase headed by ``token``, without relative clauses, trimmed to ``max_tokens``.

    Longer phrases drop, in turn, their prepositional phrases, appositions, then conjuncts.
    """
    doc = token.doc
    for excluded in (
        NP_EXCLUDED_DEPS,
        (*NP_EXCLUDED_DEPS, "prep"),
        (*NP_EXCLUDED_DEPS, "prep", "appos"),
        (*NP_EXCLUDED_DEPS, "prep", "appos", "conj", "cc"),
    ):
        brackets: list[int] = []
        tokens = _phrase_tokens(token, excluded, brackets)
        # Keep the contiguous run around the head (a gap means an excluded clause sits inside).
        start = end = token.i
        indices = {t.i for t in tokens}
        if brackets:
            indices = _balanced(indices, sorted(brackets), doc)
        while start - 1 in indices:
            start -= 1
        while end + 1 in indices:
            end += 1
        while start < end and (doc[start].is_punct or doc[start].is_space):
            if doc[start].text == "(":  # a leading parenthesis ("(Reuters) Chicago Cubs players") goes whole
                close = next((k for k in range(start + 1, end) if doc[k].text == ")"), start)
                start = close
            start += 1
        while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].dep_ == "cc"):
            if doc[end].text == ")" and any(doc[k].text == "(" for k in range(start, end)):
                break  # "The Islamic Salvation Front (FIS)" keeps its closing bracket
            end -= 1
        if end - start + 1 <= max_tokens or _words(doc, start, end) <= max_tokens:
            break
    return doc[start : end + 1]


def _balanced(indices: set[int], brackets: list[int], doc: Doc) -> set[int]:
    """``indices`` without a bracket (of ``brackets``, in order) whose partner is not among them
    ("(Reuters) Chicago Cubs players" when only the closing bracket hangs on "players")."""
    opened: list[int] = []
    unpaired: set[int] = set()
    for i in brackets:
        if doc[i].text == "(":
            opened.append(i)
        elif opened:
            opened.pop()
        else:
            unpaired.add(i)
    return indices - unpaired - set(opened)


def _words(doc: Doc, start: int, end: int) -> int:
    """Tokens of ``doc[start : end + 1]`` that are words: a compound's hyphen, a bracket or a space
    inside a name is not counted against the phrase's length."""
    return sum(
        not (t.is_space or t.text in BRACKETS or (t.text in HYPHENS and is_word_hyphen(t)))
        for t in doc[start : end + 1]
    )


# --------------------------------------------------------------------- kinds of actor
def is_person_like(token: Token, lexicon: EventLexicon) -> bool:
    """A named person or a person's title ("spokesman")."""
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in lexicon.person_titles


def is_plural(token: Token, lexicon: EventLexicon) -> bool:
    """A plural noun, a coordination, or a group ("the government", "Russia"): what "they" can be."""
    lower = token.lower_
    return (
        token.tag_ in ("NNS", "NNPS")
        or any(c.dep_ == "conj" for c in token.children)
        or token.ent_type_ in COLLECTIVE_ENTITY_LABELS
        or lower in lexicon.state_actor_words
        or lower in lexicon.armed_group_words
    )


def is_animate(token: Token, lexicon: EventLexicon) -> bool:
    """People, groups and institutions: the only heads a participle ("people fleeing") makes an event of."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    return (
        token.ent_type_ in ANIMATE_ENTITY_LABELS
        or lexicon.people.names_people(token)
        or lower in lexicon.civilian_words
        or lower in lexicon.state_actor_words
        or lower in lexicon.armed_group_words
        or lemma in lexicon.person_titles
    )


def is_individual(token: Token, lexicon: EventLexicon) -> bool:
    """A named person or one person ("man", "driver"), not a group or population ("residents")."""
    if token.ent_type_ == "PERSON":
        return True
    return (
        token.tag_ == "NN"
        and not token.ent_type_
        and (is_animate(token, lexicon) or is_person_like(token, lexicon))
    )


def actor_type(head: Token, lexicon: EventLexicon) -> ActorType:
    """Coarse type of an actor from its head word and entity label (first rule that holds)."""
    lower = head.lower_
    lemma = head.lemma_.lower()
    if head.ent_type_ == "PERSON" or lemma in lexicon.person_titles:
        return "person"
    if lower in lexicon.civilian_words or lemma in lexicon.civilian_lemmas:
        return "civilians"
    if lower in lexicon.armed_group_words:
        return "armed_group"
    if head.ent_type_ == "GPE" or lower in lexicon.state_actor_words:
        return "state"
    if head.ent_type_ in ("ORG", "NORP"):
        return "organisation"
    if lexicon.people.names_people(head):
        return "group"
    if head.tag_ in ("NNS", "NNPS") and any(
        c.dep_ in ("compound", "poss") and c.ent_type_ in COLLECTIVE_ENTITY_LABELS for c in head.children
    ):
        return "group"  # "Chicago Cubs players", "Hamas's fighters": members of a named group
    return "other"


# --------------------------------------------------------------------- pronouns
def antecedent(token: Token, lexicon: EventLexicon) -> Token:
    """A relative pronoun's antecedent ("Aleppo, which ..." -> Aleppo); other tokens unchanged."""
    if token.lower_ in lexicon.relative_pronouns and token.tag_ in ("WDT", "WP", "WP$"):
        clause = token.head
        while clause.dep_ not in ("relcl", "ROOT") and clause.head != clause:
            clause = clause.head
        if clause.dep_ == "relcl":
            return clause.head
    return token


def compatible(token: Token, kind: PronounKind, lexicon: EventLexicon) -> bool:
    """Can a pronoun of ``kind`` refer to ``token``?"""
    if kind == "person":
        return is_person_like(token, lexicon)
    if kind == "thing":
        return (
            not is_person_like(token, lexicon)
            and token.tag_ in ("NN", "NNP")
            and not any(c.dep_ == "conj" for c in token.children)
        )
    if kind == "plural":
        return is_plural(token, lexicon) and not (token.ent_type_ == "PERSON" and token.tag_ == "NNP")
    return kind == "speaker" and is_person_like(token, lexicon)


def resolve_pronoun(
    pronoun: Token, verb: Token, discourse: Discourse, lexicon: EventLexicon, *, first_person: bool = False
) -> Token | None:
    """What a personal pronoun stands for: the reporting verb's speaker ("Russia said it ..."),
    else the latest compatible actor of the same paragraph; None when nothing fits.

    ``first_person`` (``events.first_person_speakers``, on in transcripts of speech only): "I" or
    "we" outside a reporting verb's content (quotations hold no events) is the speaker, whom the
    transcript named last in the paragraph ("Kerry met ... I urged Dr. Hijab"): for "I" the person
    named last, for "we" (plural: never one person) the group or institution named last; without
    it (written prose, whose "I" is the writer), None."""
    kind = lexicon.personal_pronouns[pronoun.lower_]
    reporter = reporting_head(verb, lexicon)
    if reporter is not None:
        speaker = subject_of(reporter)
        if (
            speaker is not None
            and speaker.lower_ not in lexicon.personal_pronouns
            and compatible(speaker, kind, lexicon)
        ):
            return antecedent(speaker, lexicon)
    if kind == "speaker" and not first_person:
        return None
    if kind == "speaker":
        # number agreement: "I" stands for a person, "we" for a group (a pronoun of no known number: none)
        number = pronoun.morph.get("Number", [])
        if "Sing" in number:
            return _latest_actor(pronoun, discourse, lambda candidate: candidate.ent_type_ == "PERSON")
        if "Plur" not in number:
            return None
        kind = "plural"
    return _latest_actor(pronoun, discourse, lambda candidate: compatible(candidate, kind, lexicon))


def _latest_actor(pronoun: Token, discourse: Discourse, fits: Callable[[Token], bool]) -> Token | None:
    """The latest actor named before ``pronoun`` in its paragraph that ``fits``; None when none does."""
    for paragraph, candidate in reversed(discourse.actors):
        if paragraph != discourse.paragraph:
            break
        if candidate.i < pronoun.i and fits(candidate):
            return candidate
    return None


# --------------------------------------------------------------------- the actor of a clause
def _passive_agent(verb: Token, lexicon: EventLexicon) -> Token | None:
    """The object of a passive verb's "by" agent ("captured by the opposition")."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return antecedent(objects[0], lexicon)
    return None


def _active_with_auxiliary(verb: Token) -> bool:
    """An active verb with an auxiliary of its own ("will resign", "has resigned")."""
    deps = {c.dep_ for c in verb.children}
    return "aux" in deps and "auxpass" not in deps


def actor_head(
    verb: Token,
    discourse: Discourse,
    lexicon: EventLexicon,
    verb_lemmas: frozenset[str],
    *,
    resolve_pronouns: bool = True,
    first_person: bool = False,
) -> Token | None:
    """The head word of the event's actor, or None when the clause does not name one;
    ``resolve_pronouns`` (``events.pronoun_actors``): a personal pronoun stands for its antecedent,
    else it leaves the actor unnamed; ``first_person``: see :func:`resolve_pronoun`."""
    if verb.dep_ == "acl" and subject_of(verb) is None:
        return verb.head  # "people fleeing Aleppo": the people
    subject = subject_of(verb)
    copula = copular_governor(verb, lexicon.governing_verbs) if subject is None else None
    if copula is not None:  # "Syria is willing to withdraw": the copula's subject
        subject = subject_of(copula)
    if subject is None and verb.pos_ == "NOUN":
        subject = headline_predicate_subject(verb, verb_lemmas)
    head = verb
    while subject is None and head.dep_ == "conj":  # "destroyed ... and blocked roads" share a subject
        head = head.head
        subject = subject_of(head)
    if subject is None or subject.dep_ == "csubj":
        return None
    if subject.dep_ in ("nsubjpass", "csubjpass"):
        if head is not verb and _active_with_auxiliary(verb):
            # "has been indicted ... and will resign": the passive's subject is the active conjunct's
            # actor. Only with an auxiliary of its own: a bare "crashed" after "were killed" is more
            # often a clause the parser attached to the wrong verb.
            subject = antecedent(subject, lexicon)
            return None if subject.pos_ == "PRON" else subject
        return _passive_agent(verb, lexicon)
    subject = antecedent(subject, lexicon)
    if subject.lower_ in lexicon.personal_pronouns and subject.pos_ == "PRON" and resolve_pronouns:
        # "X said he is prepared to lift the ban": the copula is what the reporting verb governs
        return resolve_pronoun(subject, copula or verb, discourse, lexicon, first_person=first_person)
    if subject.lower_ in lexicon.relative_pronouns or subject.pos_ == "PRON":
        return None
    return subject
