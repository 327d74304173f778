"""The ``eventetl_events`` component: event frames for every sentence of a Doc.

It reads the parse, the entities, and the spans written by ``eventetl_places``,
``eventetl_dates``, ``eventetl_quantities`` and ``eventetl_quotes``, and writes
``doc._.events``: a tuple of :class:`~extractors.nlp.events.frame.EventFrame`, in document order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import numpy as np
from spacy.attrs import POS
from spacy.language import Language
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Span, Token

from extractors.nlp.dates import SPAN_KEY as DATE_KEY
from extractors.nlp.events.actors import actor_head, actor_type, antecedent, noun_phrase, resolve_pronoun
from extractors.nlp.events.attribution import (
    according_to,
    action_of,
    announced_modality,
    copular_modality,
    governed_event_verb,
    modality_of,
    reported_participle,
    reporting_head,
)
from extractors.nlp.events.clauses import (
    BOILERPLATE,
    COMPONENT,
    is_agentless_hypothetical,
    is_alternative,
    is_description_sentence,
    is_restart,
    main_clause_verbs,
    news_lead,
    non_event_reason,
)
from extractors.nlp.events.context import SPEECH_FORMATS, Clause, Discourse, DocumentContext
from extractors.nlp.events.frame import EventFrame, event_quantity
from extractors.nlp.events.lexicon import EVENT_LEXICON_FILES, EventLexicon, load_event_lexicon
from extractors.nlp.events.places import (
    clause_place,
    count_city_mentions,
    focal_place,
    geo_for,
    place_entities,
)
from extractors.nlp.events.syntax import (
    clause_tokens,
    copular_governor,
    modifies_noun,
    subject_of,
    verb_lemmas,
)
from extractors.nlp.extensions import doc_text
from extractors.nlp.quantities import SPAN_KEY as QUANTITY_KEY
from extractors.nlp.quotes import SPAN_KEY as QUOTE_KEY
from extractors.nlp.rule_families import RuleSwitches

REPORTER_DATE_DEPS = ("npadvmod", "prep", "advmod")
"""Children of a reporting verb whose time expression dates the reported event ("Russia said Saturday")."""


def document_context(
    doc: Doc,
    lexicon: EventLexicon,
    verbs: frozenset[str],
    *,
    max_actor_tokens: int,
    rules: RuleSwitches | None = None,
) -> DocumentContext:
    """Everything the rules read once per Doc (see :class:`DocumentContext`); ``rules``: the rule
    families switched off (all on by default)."""
    rules = rules or RuleSwitches(COMPONENT)
    text = doc_text(doc)
    entities = doc.ents  # Doc.ents builds its Spans anew on every access: read them once
    spans = doc.spans
    return DocumentContext(
        doc=doc,
        text=text,
        lexicon=lexicon,
        verb_lemmas=verbs,
        headline_end=int(doc._.headline_end or 0),
        populated_places={
            m.start_char: m.place.feature_class == "P"
            for m in doc._.place_mentions or ()
            if m.place is not None
        },
        news_lead=news_lead(doc),
        entities=entities,
        entity_starts=[ent.start for ent in entities],
        place_entities=place_entities(entities, lexicon),
        focal_place=(
            focal_place(doc, text, lexicon, datelines=rules.on("events.dateline_place"))
            if rules.on("events.focal_place")
            else None
        ),
        dates=[(d, d.root.i) for d in spans[DATE_KEY] if not modifies_noun(d)] if DATE_KEY in spans else [],
        quantities=[(q, q.root.i) for q in spans[QUANTITY_KEY]] if QUANTITY_KEY in spans else [],
        quoted=frozenset(t.i for span in spans[QUOTE_KEY] for t in span)
        if QUOTE_KEY in spans
        else frozenset(),
        verb_positions=np.flatnonzero(doc.to_array(POS) == VERB).tolist() if len(doc) else [],
        max_actor_tokens=max_actor_tokens,
        discourse=Discourse(),
        rules=rules,
        first_person_speakers=rules.on("events.first_person_speakers")
        and doc._.document_format in SPEECH_FORMATS,
    )


def _candidate_verbs(sentence: Span, context: DocumentContext, *, in_headline: bool) -> Iterable[Token]:
    """The sentence's tokens that may be events: every token of a headline, else its verbs."""
    if in_headline:
        return sentence
    positions = context.verb_positions
    first, last = bisect_left(positions, sentence.start), bisect_left(positions, sentence.end)
    return (context.doc[i] for i in positions[first:last])


def sentence_frames(sentence: Span, context: DocumentContext) -> list[EventFrame]:
    """The events of one sentence (none for a repeated sentence, a caption or a state, or furniture)."""
    doc, discourse, lexicon, rules = context.doc, context.discourse, context.lexicon, context.rules
    before = doc[sentence.start - 1] if sentence.start > 0 else None
    if before is not None and "\n\n" in before.whitespace_ + before.text:
        discourse.paragraph += 1
    sentence_text = context.text[sentence.start_char : sentence.end_char]
    key = " ".join(sentence_text.lower().split())
    duplicate = key in discourse.seen_sentences and rules.on("events.repeated_sentences")
    discourse.seen_sentences.add(key)
    in_headline = sentence.start_char < context.headline_end
    lead = context.news_lead is not None and sentence.start == context.news_lead.start
    news_present = main_clause_verbs(sentence, lexicon) if lead else frozenset()
    if (
        duplicate
        or is_description_sentence(sentence, lexicon, in_headline=in_headline or lead, rules=rules)
        or (rules.on("events.furniture") and BOILERPLATE.search(sentence_text) is not None)
    ):
        return []
    # A cheap test of the text before looking for "according to" in the parse.
    according = (
        according_phrase(sentence, context.max_actor_tokens)
        if rules.on("events.according_to") and "according" in sentence_text.lower()
        else None
    )
    verbs = [
        verb
        for verb in _candidate_verbs(sentence, context, in_headline=in_headline)
        if verb.i not in context.quoted
        and non_event_reason(
            verb,
            lexicon,
            in_headline=in_headline,
            news_present=verb.i in news_present,
            verb_lemmas=context.verb_lemmas,
            rules=rules,
        )
        is None
    ]
    if len(verbs) > 1:
        lemmas = [verb.lemma for verb in verbs]
        if len(set(lemmas)) < len(lemmas) and rules.on("events.restarts"):  # a verb said twice
            verbs = [verb for verb in verbs if not is_restart(verb, verbs)]
        if rules.on("events.alternatives"):
            indices = {verb.i for verb in verbs}
            verbs = [verb for verb in verbs if not is_alternative(verb, indices, lexicon)]
    frames = []
    for verb in verbs:
        frame = event_frame(verb, sentence, context, in_headline=in_headline, according=according)
        if frame.modality != "hypothetical" or not (
            rules.on("events.agentless_hypotheticals") and is_agentless_hypothetical(frame, verb)
        ):
            frames.append(frame)
    return frames


def according_phrase(sentence: Span, max_tokens: int) -> Span | None:
    """The source "according to" names: its object's noun phrase, with the proper nouns the parser
    hung elsewhere ("according to German news agency DPA, ..." where DPA became a subject)."""
    head = according_to(sentence)
    if head is None:
        return None
    phrase = noun_phrase(head, max_tokens=max_tokens)
    end = phrase.end
    while end < sentence.end and end - phrase.start < max_tokens and sentence.doc[end].pos_ == "PROPN":
        end += 1
    return sentence.doc[phrase.start : end]


def _clause(verb: Token, actor: Span | None, lexicon: EventLexicon) -> Clause:
    tokens = clause_tokens(verb)
    subject = subject_of(verb)
    patient = antecedent(subject, lexicon) if subject is not None and subject.dep_ == "nsubjpass" else None
    return Clause(
        verb=verb,
        tokens=tokens,
        indices=frozenset(t.i for t in tokens),
        actor_tokens=frozenset(t.i for t in actor) if actor is not None else frozenset(),
        patient=patient,
    )


def _date(clause: Clause, reporter: Token | None, context: DocumentContext) -> Span | None:
    """The clause's time expression, else one on its reporting verb ("Russia said Saturday")."""
    reporter_indices: set[int] = set()
    if reporter is not None:
        for child in reporter.children:
            if child.dep_ in REPORTER_DATE_DEPS:
                reporter_indices.update(t.i for t in child.subtree)
    for pool in (clause.indices, reporter_indices):
        for span, root in context.dates:
            if root in pool:
                return span
    return None


def _attribution(
    verb: Token, reporter: Token | None, context: DocumentContext, according: Span | None
) -> tuple[Token | None, str | None]:
    """Who reports the event: the speaker's head and noun phrase (the reporting verb's subject, a
    pronoun resolved as an actor would be, else the source ``according`` names)."""
    head = subject_of(reporter) if reporter is not None else according.root if according is not None else None
    if head is not None and head.pos_ == "PRON":
        lexicon, rules = context.lexicon, context.rules
        head = (
            resolve_pronoun(
                head,
                reporter or verb,
                context.discourse,
                lexicon,
                first_person=context.first_person_speakers,
            )
            if head.lower_ in lexicon.personal_pronouns and rules.on("events.pronoun_actors")
            else None
        )
    if head is None:
        return None, None
    if reporter is None and according is not None and head.i == according.root.i:
        return head, according.text
    return head, noun_phrase(head).text


def _other_subject(verb: Token, according: Span) -> Token | None:
    """The verb's subject outside the "according to" phrase: the source reports the event, it does
    not do it ("According to news agency DPA, the government refused ..." parsed with two subjects)."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not according.start <= child.i < according.end:
            return child if child.dep_ == "nsubj" else None
    return None


def event_frame(
    verb: Token, sentence: Span, context: DocumentContext, *, in_headline: bool, according: Span | None
) -> EventFrame:
    """The frame of the event ``verb`` heads (``non_event_reason`` said it is one)."""
    lexicon, discourse, rules = context.lexicon, context.discourse, context.rules
    trigger, governed_modality = (
        governed_event_verb(verb, lexicon) if rules.on("events.governing_verbs") else (verb, None)
    )
    if rules.on("events.copular_adjectives"):
        governed_modality = governed_modality or copular_modality(verb, lexicon)
    participle = (
        reported_participle(verb, lexicon)
        if trigger.i == verb.i and rules.on("events.reported_participles")
        else None
    )
    trigger = participle or trigger
    head = actor_head(
        verb,
        discourse,
        lexicon,
        context.verb_lemmas,
        resolve_pronouns=rules.on("events.pronoun_actors"),
        first_person=context.first_person_speakers,
    )
    if head is not None and according is not None and according.start <= head.i < according.end:
        head = _other_subject(verb, according)
    actor = noun_phrase(head, max_tokens=context.max_actor_tokens) if head is not None else None
    if head is not None and head.pos_ in ("NOUN", "PROPN"):
        discourse.actors.append((discourse.paragraph, head))  # before the attribution's pronoun is resolved
    # "Syrians said fleeing the city, as experts are meeting in Geneva": the participle's own clause
    clause = _clause(participle or verb, actor, lexicon)
    place = clause_place(clause, context)
    if place is None:
        place = context.focal_place  # an event placed nowhere else happens where the story is
    # "X said he is prepared to lift the ban": the copula is the reported clause
    reporter = reporting_head(copular_governor(verb, lexicon.governing_verbs) or verb, lexicon)
    date = _date(clause, reporter, context)
    speaker, attribution = _attribution(verb, reporter, context, according)
    quantity_indices = clause.indices | clause.actor_tokens
    modality = modality_of(trigger, verb, lexicon)
    if modality == "asserted" and governed_modality:
        modality = governed_modality
    if rules.on("events.announced_future"):
        modality = announced_modality(modality, trigger, verb, speaker, lexicon)
    return EventFrame(
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
        trigger=trigger.text,
        trigger_char=trigger.idx,
        action=action_of(trigger, lexicon),
        actor=actor.text if actor is not None else None,
        # the phrase is the head's subtree cut around it: its root is the head (Span.root costs a walk)
        actor_type=actor_type(head, lexicon) if actor is not None and head is not None else None,
        place=place.text.strip() if place is not None else None,
        geo=geo_for(place, context.entities),
        date_text=date.text if date is not None else None,
        date_range=date._.date_range if date is not None else None,
        date_source="text" if date is not None else None,
        quantities=tuple(event_quantity(q) for q, root in context.quantities if root in quantity_indices),
        modality=modality,
        attribution=attribution,
        in_headline=in_headline,
    )


class EventExtractor:
    """Builds event frames for every sentence of a Doc."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        max_actor_tokens: int,
        lexicon: Mapping[str, str],
        disabled_rules: Collection[str] = (),
    ) -> None:
        self.name = name
        self.rules = RuleSwitches.of(COMPONENT, disabled_rules)
        self.max_actor_tokens = max_actor_tokens
        self.lexicon_files = dict(lexicon)
        self.verb_lemmas = verb_lemmas(nlp)
        self._nlp = nlp  # its lemmatizer decides which proper nouns count people (PersonNouns)
        self._lexicon: EventLexicon | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the lexicon files named in the config (``pipeline.add_components`` calls this)."""
        self._lexicon = load_event_lexicon(self.lexicon_files, nlp or self._nlp)

    @property
    def lexicon(self) -> EventLexicon:
        """The loaded vocabularies; loaded on first use when ``initialize`` was not called
        (a pipeline read back with ``spacy.load``)."""
        if self._lexicon is None:
            self.initialize()
        assert self._lexicon is not None
        return self._lexicon

    def __call__(self, doc: Doc) -> Doc:
        context = document_context(
            doc, self.lexicon, self.verb_lemmas, max_actor_tokens=self.max_actor_tokens, rules=self.rules
        )
        frames: list[EventFrame] = []
        for sentence in doc.sents:
            frames.extend(sentence_frames(sentence, context))
            count_city_mentions(sentence, context)
        doc._.events = tuple(frames)
        return doc


@Language.factory(
    "eventetl_events",
    default_config={"max_actor_tokens": 10, "lexicon": dict(EVENT_LEXICON_FILES), "disabled_rules": []},
    assigns=["doc._.events"],
    requires=[
        "token.pos",
        "token.tag",
        "token.dep",
        "token.lemma",
        "token.ent_type",
        "doc.ents",
        "doc.sents",
        "doc.spans",
        "span._.geo",
        "span._.date_range",
        "span._.quantity",
    ],
)
def make_event_extractor(
    nlp: Language, name: str, *, max_actor_tokens: int, lexicon: dict[str, str], disabled_rules: list[str]
) -> EventExtractor:
    """spaCy factory: ``nlp.add_pipe("eventetl_events")`` after the places, dates and quantities components.

    ``lexicon``: field of ``EventLexicon`` -> lexicon file stem (default ``EVENT_LEXICON_FILES``);
    ``disabled_rules``: its rule families switched off (``rule_families.toml``).
    """
    return EventExtractor(
        nlp, name, max_actor_tokens=max_actor_tokens, lexicon=lexicon, disabled_rules=disabled_rules
    )
