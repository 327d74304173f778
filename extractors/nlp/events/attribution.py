"""Who reports an event, how it is asserted (modality), and its normalised action.

* A reported clause ("Syria's military said [it regained ...]") has the reporting verb's
  subject as its attribution; "according to X" attributes to X.
* A governing verb ("continue to drive", "refused to leave") gives one event whose trigger is
  the verb it governs, with the modality the governing verb adds.
* The modality comes from the auxiliaries, negations and conditions of the verb and its governor.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.events.syntax import copular_governor, subject_of
from extractors.vocabulary import Modality


def reporting_head(verb: Token, lexicon: EventLexicon) -> Token | None:
    """The reporting verb this clause is the content of ("Syria's military said [it regained]")."""
    current = verb
    for _ in range(3):
        if current.dep_ in ("ccomp", "parataxis") and current.head.lemma_.lower() in lexicon.reporting_verbs:
            return current.head
        if current.dep_ == "conj":
            current = current.head
            continue
        break
    return None


def according_to(sentence: Span) -> Token | None:
    """The object of "according to" in ``sentence`` (the source it names), if any."""
    for token in sentence:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.doc[token.i + 1].lower_ == "to"
        ):
            objects = [c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def governed_event_verb(verb: Token, lexicon: EventLexicon) -> tuple[Token, Modality | None]:
    """For "continue to drive" / "refused to leave": the governed verb and the modality the head adds.
    A speech act ("threatened to attack", "agreed to leave") is the event itself: its complement is
    what it says, not an event of its own."""
    lemma = verb.lemma_.lower()
    modality = lexicon.governing_verbs.get(lemma)
    if modality is not None and lemma not in lexicon.speech_act_verbs:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                inner, inner_modality = governed_event_verb(child, lexicon)
                return inner, inner_modality or (modality if modality != "asserted" else None)
    return verb, None


def copular_modality(verb: Token, lexicon: EventLexicon) -> Modality | None:
    """The modality an adjective governing the verb adds ("is willing to withdraw": future)."""
    copula = copular_governor(verb, lexicon.governing_verbs)
    if copula is None:
        return None
    modality = lexicon.governing_verbs[verb.head.lemma_.lower()]
    return modality if modality != "asserted" else None


def modality_of(verb: Token, governing: Token, lexicon: EventLexicon) -> Modality:
    """asserted, negated, future or hypothetical, from the auxiliaries of ``verb`` and ``governing``."""
    words = {c.lower_ for c in governing.children if c.dep_ in ("aux", "auxpass", "neg")}
    words |= {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}
    if words & lexicon.negations:
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in lexicon.conditional_markers for c in governing.children):
        return "hypothetical"
    # "is going to leave": "going" with "to" is the future, not a movement.
    if words & lexicon.future_auxiliaries or (
        "going" in words and any(c.lower_ == "to" for c in governing.children)
    ):
        return "future"
    if words & lexicon.hypothetical_auxiliaries:
        return "hypothetical"
    return "asserted"


def action_of(verb: Token, lexicon: EventLexicon) -> str:
    """Lemma first, with the particle ("close in") or the object head that carries the meaning."""
    parts = [verb.lemma_.lower()]
    for child in verb.children:
        if child.dep_ == "prt":
            parts.append(child.lower_)
    for child in verb.children:
        if (
            child.dep_ == "dobj"
            and child.pos_ == "NOUN"
            and (child.lemma_.lower() in lexicon.predicate_nouns or parts[0] in lexicon.light_verbs)
        ):
            parts.append(child.lemma_.lower())
            break
    return " ".join(parts)


def attribution_head(reporter: Token | None, sentence: Span, *, mentions_according: bool) -> Token | None:
    """The token naming who reports the event: the reporting verb's subject, else "according to"'s object.

    A pronoun is returned as is (the caller resolves it). ``mentions_according``: the
    sentence's text contains "according" (a cheap test before looking for "according to").
    """
    if reporter is not None:
        return subject_of(reporter)
    return according_to(sentence) if mentions_according else None
