"""Who reports an event, how it is asserted (modality), and its normalised action.

* A reported clause ("Syria's military said [it regained ...]") has the reporting verb's
  subject as its attribution; "according to X" attributes to X.
* A governing verb ("continue to drive", "refused to leave") gives one event whose trigger is
  the verb it governs, with the modality the governing verb adds.
* The modality comes from the auxiliaries, negations and conditions of the verb and its governor;
  "future" is an announced intention: a future a commentator states ("analysts say the rebels will
  lose") or one "expected" of the actor is a prediction, "hypothetical".
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.events.syntax import copular_governor, subject_of
from extractors.vocabulary import Modality

AUXILIARY_DEPS = frozenset({"aux", "auxpass", "neg"})
"""Children that carry tense, voice and negation: the words the modality is read from."""


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


PARTICIPLE_COMPLEMENT_DEPS = frozenset({"dobj", "dative", "prep"})
"""Children that make a participle's own complement: an object or a prepositional (locative) phrase."""

FINITE_TAGS = frozenset({"MD", "VBD", "VBP", "VBZ"})
"""Tags of a finite verb or auxiliary."""


def _is_gerund_subject(participle: Token) -> bool:
    """ "said leaving the city was hard": the participle's phrase is followed by a finite verb,
    whose subject it is (a gerund), however the parser attached it."""
    doc = participle.doc
    after = participle.right_edge.i + 1
    return after < len(doc) and doc[after].tag_ in FINITE_TAGS


def reported_participle(verb: Token, lexicon: EventLexicon) -> Token | None:
    """ "Some 50,000 Syrians said fleeing the city" (a subhead's "[are] said [to be] fleeing"): the
    participle a reporting verb governs without a subject of its own is the event; None otherwise.

    Only a participle with a complement of its own (an object, a prepositional phrase) that is
    neither a gerund subject ("said leaving it was hard") nor the manner of a reporting verb that
    has content of its own ("'We stay,' she said smiling at them"): a bare participle ("said
    smiling") is how the report was said."""
    if verb.lemma_.lower() not in lexicon.reporting_verbs or verb.i + 1 >= len(verb.doc):
        return None
    if any(c.dep_ == "ccomp" for c in verb.children) or (
        verb.dep_ in ("ccomp", "parataxis")
        and verb.head.i < verb.i
        and verb.head.lemma_.lower() not in lexicon.reporting_verbs
    ):
        # the verb reports a clause of its own, or the quotation before it ("'...,' she said
        # smiling"): a participle after it is its manner. ("X said a team reported rescuing
        # them": the reported verb is content, and its participle the event.)
        return None
    # Right after the verb, with no auxiliary ("said to be probing" is a passive report of its own)
    # and no verb of perception or thought ("reported seeing").
    child = verb.doc[verb.i + 1]
    if (
        child.dep_ == "xcomp"
        and child.head.i == verb.i
        and child.tag_ == "VBG"
        and subject_of(child) is None
        and not any(c.dep_ == "aux" for c in child.children)
        and child.lemma_.lower() not in lexicon.cognition_verbs | lexicon.perception_verbs
        and any(c.dep_ in PARTICIPLE_COMPLEMENT_DEPS for c in child.children)
        and not _is_gerund_subject(child)
    ):
        return child
    return None


def announced_modality(
    modality: Modality, trigger: Token, verb: Token, speaker: Token | None, lexicon: EventLexicon
) -> Modality:
    """ "future" only for an announced intention: a future a commentator states ("analysts say the
    rebels will lose": their prediction) or one expected of the actor by others ("the city is
    expected to fall": the passive governing verb) is "hypothetical"."""
    if modality != "future":
        return modality
    if trigger.i != verb.i and any(c.dep_ == "auxpass" for c in verb.children):
        return "hypothetical"
    if speaker is not None and speaker.lemma_.lower() in lexicon.commentator_nouns:
        return "hypothetical"
    return modality


def copular_modality(verb: Token, lexicon: EventLexicon) -> Modality | None:
    """The modality an adjective governing the verb adds ("is willing to withdraw": future)."""
    copula = copular_governor(verb, lexicon.governing_verbs)
    if copula is None:
        return None
    modality = lexicon.governing_verbs[verb.head.lemma_.lower()]
    return modality if modality != "asserted" else None


def modality_of(verb: Token, governing: Token, lexicon: EventLexicon) -> Modality:
    """asserted, negated, future or hypothetical, from the auxiliaries of ``verb`` and ``governing``."""
    words: set[str] = set()
    conditional = has_to = False
    for child in governing.children:  # one pass over the governor's children (a hot path)
        dep, lower = child.dep_, child.lower_
        if dep in AUXILIARY_DEPS:
            words.add(lower)
        elif dep == "mark" and lower in lexicon.conditional_markers:
            conditional = True
        has_to = has_to or lower == "to"
    if verb.i != governing.i:
        words |= {c.lower_ for c in verb.children if c.dep_ in AUXILIARY_DEPS}
    if words & lexicon.negations:
        return "negated"
    if conditional:
        return "hypothetical"
    # "is going to leave": "going" with "to" is the future, not a movement.
    if words & lexicon.future_auxiliaries or ("going" in words and has_to):
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
