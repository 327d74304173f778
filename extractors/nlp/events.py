"""Event frames from the dependency parse: who did what, where, when, how many.

The ``eventetl_events`` component reads the parse, the entities, and the
spans written by ``eventetl_places``, ``eventetl_dates`` and
``eventetl_quantities``, and writes ``doc._.events``: one plain dict per
event (serialisable, so Docs can cross process boundaries). Rules, in short:

* an event is a verb with its own subject (active or passive), a verb
  coordinated with one, or a participle modifying a noun ("people fleeing");
  in a headline, also a verb the tagger read as a plural noun ("Lady Gaga
  protests outside Trump Tower");
* reporting verbs (say, tell, announce, ...) are not events: their reported
  clause is, with the speaker as its ``attribution``;
* aspectual and attempt verbs ("continue to drive", "refused to leave") give
  one event whose trigger is the verb they govern, with a modality;
* the place is a place of the clause (a venue with the city that locates
  it), else the story's place; places that describe a person ("a man from
  Beckenham"), datelines and titles ("President of the United States") are
  not event places;
* the actor is the subject phrase (the by-agent of a passive); relative
  pronouns take their antecedent, personal pronouns the speaker of the
  reporting verb or the nearest compatible actor of the same paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import POS
from spacy.language import Language
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Span, Token

from extractors.nlp.dates import SPAN_KEY as DATE_KEY
from extractors.nlp.extensions import doc_text
from extractors.nlp.quantities import PERSON_NOUNS
from extractors.nlp.quantities import SPAN_KEY as QUANTITY_KEY
from extractors.nlp.quotes import SPAN_KEY as QUOTE_KEY

REPORTING_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "announce",
        "claim",
        "report",
        "state",
        "add",
        "note",
        "explain",
        "quote",
        "write",
        "tweet",
        "insist",
        "stress",
        "assert",
        "allege",
        "argue",
        "reply",
        "declare",
        "confirm",
        "according",
        # Assertive speech acts: like "say", their content is what happened, not the speaking.
        "speak",
        "describe",
        "comment",
        "testify",
    }
)
# Verbs of thinking: what is believed or feared is not (yet) an event, and neither is the believing.
COGNITION_LEMMAS = frozenset(
    {"believe", "think", "fear", "know", "consider", "doubt", "suspect", "assume", "guess", "wonder", "feel"}
)
# States and relations, not happenings (Vendler's states): "the advances mean", "a map shows", "they have a moment".
STATIVE_LEMMAS = frozenset(
    {
        "be",
        "have",
        "mean",
        "seem",
        "appear",
        "look",
        "sound",
        "remain",
        "represent",
        "include",
        "contain",
        "involve",
        "consist",
        "belong",
        "depend",
        "rely",
        "resemble",
        "need",
        "deserve",
        "lack",
        "own",
        "cost",
        "show",
        "depict",
        "feature",
        "purport",
        "bear",
        "serve",
        "matter",
        "exist",
        "live",
    }
)
# Verbs of naming and characterising with a predicate ("called the collapse terrifying", "billed as").
CHARACTERISING_LEMMAS = frozenset({"call", "describe", "bill", "label", "dub", "brand", "term", "hail"})
# Holding territory is a situation analysts track as an event even in the simple present
# ("the insurgents still control Idlib"); other simple-present verbs describe (captions, habits).
TERRITORIAL_STATE_LEMMAS = frozenset(
    {"control", "hold", "occupy", "besiege", "surround", "encircle", "govern", "rule", "siege"}
)
# Subordinators of a background clause: "since the 2011 protests evolved into war" dates a state.
BACKGROUND_MARKERS = frozenset({"since"})
# Newswire furniture that has the form of a clause but reports no event.
BOILERPLATE = re.compile(
    r"contributed (?:to )?(?:this|the) report|contributed reporting|\b(?:reporting|writing|editing) by\b"
    r"|on condition of anonymity|not authori[sz]ed to (?:speak|discuss|talk|comment)"
    r"|\bsubscrib(?:e|ing)\b|click to share|(?:image|media) (?:copyright|caption)",
    re.IGNORECASE,
)
# Verbs whose complement carries the event ("continue to drive", "refused to leave", "claimed to have retaken").
ASPECTUAL_MODALITY = {
    "continue": "asserted",
    "keep": "asserted",
    "begin": "asserted",
    "start": "asserted",
    "resume": "asserted",
    "manage": "asserted",
    "claim": "asserted",
    "seem": "asserted",
    "appear": "asserted",
    "agree": "asserted",
    "try": "attempted",
    "attempt": "attempted",
    "seek": "attempted",
    "struggle": "attempted",
    "refuse": "refused",
    "fail": "negated",
    "decline": "refused",
    "want": "hypothetical",
    "plan": "future",
    "intend": "future",
    "threaten": "future",
    "vow": "future",
    "hope": "hypothetical",
    "decide": "future",
    "prepare": "future",
    "aim": "future",
    "expect": "future",
}
# Object nouns that carry the meaning of a light verb ("regain control", "express concern").
PREDICATE_NOUNS = frozenset(
    {
        "control",
        "concern",
        "concerns",
        "action",
        "part",
        "place",
        "power",
        "fire",
        "shelter",
        "contact",
        "aim",
        "attention",
        "step",
        "steps",
        "measure",
        "measures",
        "charge",
        "command",
        "responsibility",
        "effect",
        "hope",
        "support",
        "aid",
        "talks",
        "pressure",
        "gains",
        "gain",
        "progress",
        "advantage",
        "ground",
        "possession",
        "hold",
        "custody",
        "office",
        "refuge",
        "cover",
        "notice",
        "care",
        "issue",
    }
)
LIGHT_VERBS = frozenset(
    {
        "take",
        "make",
        "have",
        "give",
        "express",
        "regain",
        "gain",
        "lose",
        "hold",
        "seek",
        "open",
        "cease",
        "assume",
        "keep",
        "pay",
        "voice",
        "raise",
        "exert",
        "put",
    }
)
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
SEPARATE_CLAUSES = ("ccomp", "relcl", "parataxis", "advcl", "acl", "conj", "xcomp")
NP_EXCLUDED_DEPS = ("relcl", "acl", "advcl", "punct", "parataxis", "ccomp", "dep", "cc_preconj")
PERSONAL_PRONOUNS = {
    "he": "person",
    "she": "person",
    "it": "thing",
    "they": "plural",
    "we": "speaker",
    "i": "speaker",
    "him": "person",
    "her": "person",
    "them": "plural",
}
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom", "whose"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d"})
STATE_WORDS = frozenset(
    {
        "government",
        "regime",
        "military",
        "army",
        "ministry",
        "troops",
        "forces",
        "force",
        "administration",
        "state",
        "police",
        "navy",
        "authorities",
        "president",
        "cabinet",
        "parliament",
        "council",
        "department",
        "coalition",
        "warplanes",
        "artillery",
        "sappers",
        "soldiers",
        "siege",
        "offensive",
    }
)
ARMED_GROUP_WORDS = frozenset(
    {
        "rebels",
        "rebel",
        "militants",
        "militant",
        "insurgents",
        "insurgent",
        "fighters",
        "opposition",
        "jihadists",
        "militia",
        "militias",
        "militiamen",
        "group",
        "isis",
        "isil",
        "state",
    }
)
CIVILIAN_WORDS = frozenset(
    {
        "civilians",
        "residents",
        "people",
        "refugees",
        "men",
        "women",
        "children",
        "families",
        "population",
        "inhabitants",
        "syrians",
        "evacuees",
    }
)
PERSON_TITLES = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "official",
        "minister",
        "president",
        "secretary",
        "commander",
        "leader",
        "head",
        "chief",
        "administrator",
        "adviser",
        "correspondent",
        "member",
        "general",
        "coordinator",
        "chancellor",
        "envoy",
        "ambassador",
        "mayor",
        "governor",
        "director",
        "senator",
        "judge",
        "chairman",
        "candidate",
        "driver",
        "survivor",
        "witness",
        "singer",
        "star",
    }
)
CITY_NOUNS = frozenset({"city", "town", "village", "capital", "enclave", "province", "region", "country"})
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "into",
        "from",
        "to",
        "outside",
        "inside",
        "across",
        "around",
        "toward",
        "towards",
        "through",
        "on",
        "within",
        "throughout",
    }
)


# --------------------------------------------------------------------- noun phrases
def _is_time_adjunct(token: Token) -> bool:
    """ "in 2012" hung on a noun by the parser: a time, not part of the noun phrase."""
    return token.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in token.children
    )


def _phrase_tokens(token: Token, excluded: tuple[str, ...]) -> list[Token]:
    tokens = [token]
    for child in token.children:
        if child.dep_ in excluded or _is_time_adjunct(child):
            continue
        tokens.extend(_phrase_tokens(child, excluded))
    return tokens


def noun_phrase(token: Token, *, max_tokens: int = 10) -> Span:
    """The noun phrase headed by ``token``, without relative clauses, trimmed to ``max_tokens``."""
    doc = token.doc
    for excluded in (
        NP_EXCLUDED_DEPS,
        (*NP_EXCLUDED_DEPS, "prep"),
        (*NP_EXCLUDED_DEPS, "prep", "appos"),
        (*NP_EXCLUDED_DEPS, "prep", "appos", "conj", "cc"),
    ):
        tokens = sorted(_phrase_tokens(token, excluded), key=lambda t: t.i)
        # Keep the contiguous run around the head (a gap means an excluded clause sits inside).
        start = end = token.i
        indices = {t.i for t in tokens}
        while start - 1 in indices:
            start -= 1
        while end + 1 in indices:
            end += 1
        while start < end and doc[start].is_punct:
            start += 1
        while end > start and (doc[end].is_punct or doc[end].dep_ == "cc"):
            end -= 1
        if end - start + 1 <= max_tokens:
            break
    return doc[start : end + 1]


def _is_person_like(token: Token) -> bool:
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in PERSON_TITLES


def _is_plural(token: Token) -> bool:
    return (
        token.tag_ in ("NNS", "NNPS")
        or any(c.dep_ == "conj" for c in token.children)
        or (token.ent_type_ in ("ORG", "GPE", "NORP") or token.lower_ in STATE_WORDS | ARMED_GROUP_WORDS)
    )


def actor_type(head: Token) -> str:
    """Coarse type of an actor from its head word and entity label."""
    lower = head.lower_
    if head.ent_type_ == "PERSON" or head.lemma_.lower() in PERSON_TITLES:
        return "person"
    if lower in CIVILIAN_WORDS or head.lemma_.lower() in {"civilian", "resident", "refugee"}:
        return "civilians"
    if lower in ARMED_GROUP_WORDS:
        return "armed_group"
    if head.ent_type_ == "GPE" or lower in STATE_WORDS:
        return "state"
    if head.ent_type_ in ("ORG", "NORP"):
        return "organisation"
    if lower in PERSON_NOUNS:
        return "group"
    return "other"


def is_dateline(ent: Span) -> bool:
    """ "BEIRUT —" opening a paragraph says where the report was filed, not where the event happened."""
    doc = ent.doc
    at_start = ent.start == ent.sent.start
    return at_start and ent.end < len(doc) and doc[ent.end].text in ("—", "-", "–", "(")


VENUE_PREPS = frozenset({"at", "outside", "inside", "near"})
"""Prepositions after which a named building or organisation is a venue ("outside Trump Tower")."""


VENUE_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT"})
"""Labels the small model gives named buildings ("outside Trump Towers" comes out as WORK_OF_ART)."""


def is_venue(ent: Span) -> bool:
    """A named building or organisation right after a venue preposition ("outside Trump Tower")."""
    root = ent.root
    return ent.label_ in VENUE_LABELS and root.dep_ == "pobj" and root.head.lower_ in VENUE_PREPS


def in_title(root: Token) -> bool:
    """ "President of the United States", "Mayor of London": the place completes a capitalised title."""
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    title = root.head.head
    return (
        title.pos_ in ("NOUN", "PROPN")
        and title.is_title
        and not title.ent_type_
        and title.lemma_.lower() not in PLACE_NOUNS
    )


def _is_individual(token: Token) -> bool:
    """A named person or one person ("man", "driver"), not a group or population ("residents")."""
    if token.ent_type_ == "PERSON":
        return True
    return token.tag_ == "NN" and not token.ent_type_ and (_is_animate(token) or _is_person_like(token))


def describes_person(ent: Span) -> bool:
    """ "The driver, a 42-year-old man from Beckenham,": a place that tells who a person is, not where things happen.

    True for a place attached by "from"/"of" to one person ("Donald Collett, 62, of
    Croydon") and for a place inside an apposition describing one ("Dane Chinnery, a
    Crystal Palace fan,"); not for a population ("residents of Aleppo") nor "Sheikh
    Saeed, a neighborhood in Aleppo".
    """
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in ("from", "of") and _is_individual(root.head.head):
        return True
    token = root
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        if (
            token.dep_ == "appos"
            and _is_individual(token.head)
            and token.lemma_.lower() not in PLACE_NOUNS
            and token.ent_type_ not in ("GPE", "LOC", "FAC")
        ):
            return True
        token = token.head
    return False


def is_country(ent: Span) -> bool:
    """A place entity the gazetteer knows as a country ("China", "the United States")."""
    return (ent._.geo or {}).get("kind") == "country"


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


# --------------------------------------------------------------------- clause structure
def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def _reporting_head(verb: Token) -> Token | None:
    """The reporting verb this clause is the content of ("Syria's military said [it regained]")."""
    current = verb
    for _ in range(3):
        if current.dep_ in ("ccomp", "parataxis") and current.head.lemma_.lower() in REPORTING_LEMMAS:
            return current.head
        if current.dep_ == "conj":
            current = current.head
            continue
        break
    return None


def _according_to(sentence: Span) -> Token | None:
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


def clause_tokens(verb: Token) -> list[Token]:
    """Tokens of the verb's own clause: its subtree without embedded clauses that are events of their own."""
    tokens = [verb]
    for child in verb.children:
        if child.dep_ in ("ccomp", "relcl", "parataxis") or (
            child.dep_ in ("advcl", "conj") and _subject(child)
        ):
            continue
        tokens.extend(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


PLACE_NOUNS = frozenset(
    {
        "district",
        "neighborhood",
        "neighbourhood",
        "area",
        "quarter",
        "zone",
        "enclave",
        "suburb",
        "street",
        "square",
        "village",
        "town",
        "city",
        "province",
        "region",
        "territory",
        "outskirts",
        "pocket",
        "stronghold",
        "camp",
        "border",
    }
)
ANIMATE_ENTITY_LABELS = ("PERSON", "NORP", "ORG", "GPE")


def _is_animate(token: Token) -> bool:
    """People, groups and institutions: the only heads a participle ("people fleeing") makes an event of."""
    lemma = token.lemma_.lower()
    return (
        token.ent_type_ in ANIMATE_ENTITY_LABELS
        or lemma in PERSON_NOUNS
        or token.lower_ in PERSON_NOUNS
        or token.lower_ in CIVILIAN_WORDS | STATE_WORDS | ARMED_GROUP_WORDS
        or lemma in PERSON_TITLES
    )


def _has_tense_auxiliary(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)


def _holds_territory(verb: Token) -> bool:
    """ "control 90 percent of eastern Aleppo", "still hold the province": a place in the object."""
    if verb.lemma_.lower() not in TERRITORIAL_STATE_LEMMAS:
        return False
    for child in verb.children:
        if child.dep_ in ("dobj", "prep"):
            for token in child.subtree:
                if token.ent_type_ in ("GPE", "LOC", "FAC") or token.lemma_.lower() in PLACE_NOUNS:
                    return True
    return False


def is_simple_present(verb: Token) -> bool:
    """ "arrive", "shows": a present-tense verb with no auxiliary (captions, habits, states)."""
    return verb.tag_ in ("VBZ", "VBP") and not _has_tense_auxiliary(verb)


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


def non_event_reason(
    token: Token, *, in_headline: bool = False, verb_lemmas: frozenset[str] = frozenset()
) -> str | None:
    """Why a verb is not an event of its own, or None when it is one.

    Headlines use the simple present for past events ("Cubs win World
    Series"), so ``in_headline`` lifts the tense rules, and a headline verb
    the tagger read as a plural noun is an event (``verb_lemmas``: the
    lemmatizer's verb index).
    """
    if token.pos_ != "VERB":
        if in_headline and headline_predicate_subject(token, verb_lemmas) is not None:
            return None
        return "not a verb"
    lemma = token.lemma_.lower()
    if lemma in REPORTING_LEMMAS and not any(c.dep_ == "xcomp" for c in token.children):
        return "reporting verb"
    if lemma in COGNITION_LEMMAS:
        return "verb of thinking"
    if lemma in STATIVE_LEMMAS:
        return "state, not happening"
    if lemma in CHARACTERISING_LEMMAS and any(
        c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in token.children
    ):
        return "naming or characterising"
    if token.dep_ in ("amod", "compound", "xcomp", "pcomp", "csubj", "auxpass", "aux"):
        return "modifier or complement"
    if any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKERS for c in token.children):
        return "background clause"
    if token.tag_ == "VB" and not _has_tense_auxiliary(token):
        return "infinitive, imperative or subjunctive"
    if not in_headline and is_simple_present(token) and not _holds_territory(token):
        return "simple present: a description"
    if token.dep_ == "acl" and _subject(token) is None:
        # "people fleeing Aleppo" is an event of the people; "drones showing the exit" and
        # "forces backed by Russia" are descriptions.
        if token.tag_ == "VBG" and token.head.pos_ in ("NOUN", "PROPN") and _is_animate(token.head):
            return None
        return "participle describing a noun"
    if _subject(token) is not None:
        return None
    if token.dep_ == "conj":
        head = token.head
        while head.dep_ == "conj":
            head = head.head
        if head.pos_ == "VERB" and _subject(head) is not None and head.lemma_.lower() not in REPORTING_LEMMAS:
            return None
    return "no subject"


def is_description_sentence(sentence: Span, *, in_headline: bool = False) -> bool:
    """A caption or a statement of a state: verbless, or built on a simple-present main verb."""
    if in_headline:
        return False
    root = sentence.root
    if root.pos_ not in ("VERB", "AUX"):
        return True
    if root.lemma_.lower() in REPORTING_LEMMAS:
        return False
    return is_simple_present(root) and not _holds_territory(root)


def _governed_event_verb(verb: Token) -> tuple[Token, str | None]:
    """For "continue to drive" / "refused to leave": the governed verb and the modality the head adds."""
    lemma = verb.lemma_.lower()
    if lemma in ASPECTUAL_MODALITY:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                inner, inner_modality = _governed_event_verb(child)
                return inner, inner_modality or (
                    ASPECTUAL_MODALITY[lemma] if ASPECTUAL_MODALITY[lemma] != "asserted" else None
                )
    return verb, None


def modality_of(verb: Token, governing: Token) -> str:
    """asserted, negated, future, hypothetical, attempted or refused."""
    words = {c.lower_ for c in governing.children if c.dep_ in ("aux", "auxpass", "neg")}
    words |= {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}
    if words & NEGATIONS:
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in governing.children):
        return "hypothetical"
    if words & FUTURE_AUX or ({"going"} & words and any(c.lower_ == "to" for c in governing.children)):
        return "future"
    if words & HYPOTHETICAL_AUX:
        return "hypothetical"
    return "asserted"


def action_of(verb: Token) -> str:
    """Lemma first, with the particle ("close in") or the object head that carries the meaning."""
    parts = [verb.lemma_.lower()]
    for child in verb.children:
        if child.dep_ == "prt":
            parts.append(child.lower_)
    for child in verb.children:
        if (
            child.dep_ == "dobj"
            and child.pos_ == "NOUN"
            and (child.lemma_.lower() in PREDICATE_NOUNS or parts[0] in LIGHT_VERBS)
        ):
            parts.append(child.lemma_.lower())
            break
    return " ".join(parts)


# --------------------------------------------------------------------- the component
def verb_lemmas(nlp: Language) -> frozenset[str]:
    """The verbs the pipeline's rule lemmatizer knows (its WordNet "lemma_index"); empty without one."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get("verb", []))


class EventExtractor:
    """Builds event frames for every sentence of a Doc."""

    def __init__(self, nlp: Language, name: str, *, max_actor_tokens: int) -> None:
        self.name = name
        self.max_actor_tokens = max_actor_tokens
        self.verb_lemmas = verb_lemmas(nlp)

    # -- actors
    def _resolve_pronoun(
        self, pronoun: Token, verb: Token, history: list[tuple[int, Token]], paragraph: int
    ) -> Token | None:
        kind = PERSONAL_PRONOUNS[pronoun.lower_]
        reporter = _reporting_head(verb)
        if reporter is not None:
            speaker = _subject(reporter)
            if (
                speaker is not None
                and speaker.lower_ not in PERSONAL_PRONOUNS
                and self._compatible(speaker, kind)
            ):
                return self._antecedent(speaker)
        if kind == "speaker":
            return None
        for para, candidate in reversed(history):
            if para != paragraph:
                break
            if candidate.i < pronoun.i and self._compatible(candidate, kind):
                return candidate
        return None

    @staticmethod
    def _compatible(token: Token, kind: str) -> bool:
        if kind == "person":
            return _is_person_like(token)
        if kind == "thing":
            return (
                not _is_person_like(token)
                and token.tag_ in ("NN", "NNP")
                and not any(c.dep_ == "conj" for c in token.children)
            )
        if kind == "plural":
            return _is_plural(token) and not (token.ent_type_ == "PERSON" and token.tag_ == "NNP")
        return kind == "speaker" and _is_person_like(token)

    @staticmethod
    def _antecedent(token: Token) -> Token:
        """A relative pronoun's antecedent ("Aleppo, which ..." -> Aleppo); other tokens unchanged."""
        if token.lower_ in RELATIVE_PRONOUNS and token.tag_ in ("WDT", "WP", "WP$"):
            clause = token.head
            while clause.dep_ not in ("relcl", "ROOT") and clause.head != clause:
                clause = clause.head
            if clause.dep_ == "relcl":
                return clause.head
        return token

    def _actor_head(self, verb: Token, history: list[tuple[int, Token]], paragraph: int) -> Token | None:
        if verb.dep_ == "acl" and _subject(verb) is None:
            return verb.head
        subject = _subject(verb)
        if subject is None and verb.pos_ == "NOUN":
            subject = headline_predicate_subject(verb, self.verb_lemmas)
        head = verb
        while subject is None and head.dep_ == "conj":  # "destroyed ... and blocked roads" share a subject
            head = head.head
            subject = _subject(head)
        if subject is None:
            return None
        if subject.dep_ in ("nsubjpass", "csubjpass"):
            for child in verb.children:
                if child.dep_ == "agent":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return self._antecedent(objects[0])
            return None
        if subject.dep_ == "csubj":
            return None
        subject = self._antecedent(subject)
        if subject.lower_ in PERSONAL_PRONOUNS and subject.pos_ == "PRON":
            return self._resolve_pronoun(subject, verb, history, paragraph)
        if subject.lower_ in RELATIVE_PRONOUNS or subject.pos_ == "PRON":
            return None
        return subject

    # -- places
    @staticmethod
    def _place_span(ent: Span) -> Span:
        """Widen a place entity to the qualifiers that narrow it ("eastern Aleppo") and to the
        city that locates it ("Trump Tower in New York City")."""
        doc = ent.doc
        start = ent.start
        end = ent.end
        if (
            end + 1 < len(doc)
            and doc[end].lower_ == "in"
            and doc[end].head.i == ent.root.i
            and doc[end + 1].ent_type_ in ("GPE", "LOC")
            and doc[end + 1].ent_iob_ == "B"
        ):
            city_end = end + 2
            while city_end < len(doc) and doc[city_end].ent_iob_ == "I":
                city_end += 1
            if city_end - end <= 5:
                end = city_end
        while (
            start > 0
            and doc[start - 1].dep_ in ("amod", "compound")
            and doc[start - 1].head.i in range(ent.start, ent.end)
            and doc[start - 1].pos_ in ("ADJ", "VERB", "NOUN")
            and doc[start - 1].is_lower
        ):
            start -= 1
        return doc[start:end]

    @staticmethod
    def _place_role(root: Token, verb: Token, patient: Token | None) -> int | None:
        """0: the event happens there (locative phrase, object, patient); 1: mentioned in the clause;
        None: not a location of the event (the by-agent "backed by Russia", a possessor "Syria's military")."""
        if patient is not None and root.i == patient.i:
            return 0
        if in_title(root):
            return None
        if (
            root.dep_ == "poss"
            and root.head.ent_type_ not in ("GPE", "LOC", "FAC")
            and root.head.lemma_.lower() not in PLACE_NOUNS | {"east", "west", "north", "south"}
        ):
            return None
        locative = False
        token = root
        while token.i != verb.i and token.head.i != token.i:
            head = token.head
            if (token.dep_ == "pobj" and head.lower_ == "by") or token.dep_ == "agent":
                return None
            if token.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
                locative = True
            token = head
        direct = root.dep_ in ("dobj", "nsubjpass")
        return 0 if locative or direct else 1

    def _place(
        self,
        clause: list[Token],
        verb: Token,
        actor_tokens: set[int],
        patient: Token | None,
        salient_city: Span | None,
        sentence: Span,
        place_entities: Sequence[Span],
    ) -> Span | None:
        """The clause's place: a place entity, else "the city" resolved, else a qualified place noun.

        ``place_entities`` are the document's entities that can be an event's place (see
        ``_place_entities``).
        """
        indices = {t.i for t in clause}
        doc = sentence.doc
        candidates = []
        for ent in place_entities:
            if ent.start not in indices or ent.start in actor_tokens:
                continue
            role = self._place_role(ent.root, verb, patient)
            if role is not None:
                candidates.append((role, is_country(ent), abs(ent.root.i - verb.i), ent))
        if candidates:
            # A city, venue or region says more about where it happened than the country around it.
            return self._place_span(min(candidates, key=lambda c: c[:3])[3])
        place_nouns = [
            t
            for t in clause
            if t.lemma_.lower() in PLACE_NOUNS
            and t.i not in actor_tokens
            and t.pos_ == "NOUN"
            and self._place_role(t, verb, patient) == 0
        ]
        for noun in place_nouns:
            if noun.lemma_.lower() in CITY_NOUNS and salient_city is not None:
                return salient_city  # "the northern city" is the city the story is about
            qualifiers = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
            if qualifiers:  # "rebel-held districts", "the old quarter"
                start = min(t.left_edge.i for t in qualifiers)
                return doc[start : noun.i + 1]
        return None

    # -- dates and quantities
    @staticmethod
    def _date_span(
        dates: Sequence[tuple[Span, int]], indices: set[int], fallback_indices: set[int]
    ) -> Span | None:
        """The clause's time expression, else one on its reporting verb ("Russia said Saturday").

        ``dates``: the Doc's time expressions that do not modify a noun, with their root's index.
        """
        for pool in (indices, fallback_indices):
            for span, root in dates:
                if root in pool:
                    return span
        return None

    @staticmethod
    def _is_place_mention(ent: Span) -> bool:
        """A place entity used as a place, not as an actor ("Russia said") or a possessor."""
        if (
            ent.label_ not in ("GPE", "LOC", "FAC")
            or is_dateline(ent)
            or describes_person(ent)
            or in_title(ent.root)
        ):
            return False
        root = ent.root
        by_agent = root.dep_ == "pobj" and root.head.lower_ == "by"
        # "Croydon, south London": the apposed place only locates the place before it.
        container = root.dep_ == "appos" and root.head.ent_type_ in ("GPE", "LOC", "FAC")
        return root.dep_ not in ("nsubj", "nsubjpass", "poss", "agent") and not by_agent and not container

    @staticmethod
    def _place_entities(entities: Sequence[Span]) -> list[Span]:
        """Entities that can be an event's place: places and venues, not datelines or a person's origin."""
        return [
            ent
            for ent in entities
            if (ent.label_ in ("GPE", "LOC", "FAC") or is_venue(ent))
            and not is_dateline(ent)
            and not describes_person(ent)
        ]

    def _focal_place(self, doc: Doc) -> Span | None:
        """The place the story is about: the first place of the headline, else the one named most often
        as a place (at least twice), first on ties.

        When that is a country and the story also names a place inside a country (a city, province
        or venue), the first such place is where the story happens.
        """
        mentions: dict[str, list[Span]] = {}
        boilerplate: dict[int, bool] = {}
        text = doc_text(doc)
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            sentence = ent.sent
            if sentence.start not in boilerplate:
                boilerplate[sentence.start] = (
                    BOILERPLATE.search(text[sentence.start_char : sentence.end_char]) is not None
                )
            if self._is_place_mention(ent) and not boilerplate[sentence.start]:
                key = str((ent._.geo or {}).get("name") or ent.text)
                mentions.setdefault(key, []).append(ent)
        ranked = sorted(mentions.values(), key=lambda spans: (-len(spans), spans[0].start))
        headline_end = int(doc._.headline_end or 0)
        body = text[headline_end:]
        # Title case makes every headline word look like a name ("Works to Save City"):
        # a headline place counts only when the body names it too.
        in_headline = [
            spans[0]
            for spans in mentions.values()
            if spans[0].end_char <= headline_end and spans[0].text in body
        ]
        if in_headline:
            focal = min(in_headline, key=lambda ent: ent.start)  # the headline names where the story is
        elif ranked:  # named most often; when no place is named twice, the first one named
            focal = ranked[0][0]
        else:
            return None
        if is_country(focal):
            specific = [spans[0] for spans in mentions.values() if not is_country(spans[0])]
            if specific:
                focal = min(specific, key=lambda ent: ent.start)
        return doc[focal.start : focal.end]

    def __call__(self, doc: Doc) -> Doc:
        frames: list[dict[str, object]] = []
        history: list[tuple[int, Token]] = []
        city_mentions: dict[str, tuple[int, int, Span]] = {}  # name -> (count, last position, mention)
        paragraph = 0
        # Spans and their roots are built anew at every access: take them once per document.
        quantities = [(q, q.root.i) for q in doc.spans[QUANTITY_KEY]] if QUANTITY_KEY in doc.spans else []
        dates = (
            [(d, d.root.i) for d in doc.spans[DATE_KEY] if not modifies_noun(d)]
            if DATE_KEY in doc.spans
            else []
        )
        quoted = {t.i for span in doc.spans[QUOTE_KEY] for t in span} if QUOTE_KEY in doc.spans else set()
        headline_end = int(doc._.headline_end or 0)
        focal_place = self._focal_place(doc)
        # Doc.ents builds its Spans anew on every access: read them once per document.
        entities = doc.ents
        entity_starts = [ent.start for ent in entities]
        place_entities = self._place_entities(entities)
        seen_sentences: set[str] = set()
        text = doc_text(doc)
        # Outside headlines only verbs can be events (non_event_reason): visit just those tokens.
        verb_positions = np.flatnonzero(doc.to_array(POS) == VERB).tolist() if len(doc) else []
        for sentence in doc.sents:
            if (
                sentence.start > 0
                and "\n\n" in doc[sentence.start - 1].whitespace_ + doc[sentence.start - 1].text
            ):
                paragraph += 1
            sentence_text = text[sentence.start_char : sentence.end_char]
            mentions_according = "according" in sentence_text.lower()  # before looking for "according to"
            key = " ".join(sentence_text.lower().split())
            duplicate = key in seen_sentences
            seen_sentences.add(key)
            in_headline = sentence.start_char < headline_end
            salient_city = (
                max(city_mentions.values(), key=lambda c: (c[0], c[1]))[2] if city_mentions else None
            )
            skip_sentence = (
                duplicate
                or is_description_sentence(sentence, in_headline=in_headline)
                or BOILERPLATE.search(sentence_text) is not None
            )
            if skip_sentence:
                candidates: Iterable[Token] = ()
            elif in_headline:
                candidates = sentence
            else:
                first, last = (
                    bisect_left(verb_positions, sentence.start),
                    bisect_left(verb_positions, sentence.end),
                )
                candidates = (doc[i] for i in verb_positions[first:last])
            for verb in candidates:
                if (
                    verb.i in quoted
                    or non_event_reason(verb, in_headline=in_headline, verb_lemmas=self.verb_lemmas)
                    is not None
                ):
                    continue
                trigger, governed_modality = _governed_event_verb(verb)
                actor_head = self._actor_head(verb, history, paragraph)
                actor = (
                    noun_phrase(actor_head, max_tokens=self.max_actor_tokens)
                    if actor_head is not None
                    else None
                )
                if actor_head is not None and actor_head.pos_ in ("NOUN", "PROPN"):
                    history.append((paragraph, actor_head))
                clause = clause_tokens(verb)
                actor_tokens = {t.i for t in actor} if actor is not None else set()
                subject = _subject(verb)
                patient = (
                    self._antecedent(subject) if subject is not None and subject.dep_ == "nsubjpass" else None
                )
                place = self._place(
                    clause, verb, actor_tokens, patient, salient_city, sentence, place_entities
                )
                if place is None:
                    place = focal_place  # an event placed nowhere else happens where the story is
                reporter = _reporting_head(verb)
                reporter_indices = (
                    {t.i for t in reporter.children if t.dep_ in ("npadvmod", "prep", "advmod")}
                    if reporter is not None
                    else set()
                )
                reporter_indices = {t.i for i in reporter_indices for t in doc[i].subtree}
                date = self._date_span(dates, {t.i for t in clause}, reporter_indices)
                if reporter is not None:
                    attribution_head = _subject(reporter)
                else:
                    attribution_head = _according_to(sentence) if mentions_according else None
                if attribution_head is not None and attribution_head.pos_ == "PRON":
                    attribution_head = (
                        self._resolve_pronoun(attribution_head, reporter or verb, history, paragraph)
                        if attribution_head.lower_ in PERSONAL_PRONOUNS
                        else None
                    )
                clause_indices = {t.i for t in clause} | actor_tokens
                event_quantities = [q for q, root in quantities if root in clause_indices]
                modality = modality_of(trigger, verb)
                if modality == "asserted" and governed_modality:
                    modality = governed_modality
                frames.append(
                    {
                        "sentence_start": sentence.start_char,
                        "sentence_end": sentence.end_char,
                        "trigger": trigger.text,
                        "trigger_char": trigger.idx,
                        "action": action_of(trigger),
                        "actor": actor.text if actor is not None else None,
                        "actor_type": actor_type(actor.root) if actor is not None else None,
                        "place": place.text.strip() if place is not None else None,
                        "geo": self._geo_for(place, entities),
                        "date_text": date.text if date is not None else None,
                        "date_range": date._.date_range if date is not None else None,
                        "date_source": "text" if date is not None else None,
                        "quantities": [{"text": q.text, **q._.quantity} for q in event_quantities],
                        "modality": modality,
                        "attribution": noun_phrase(attribution_head).text
                        if attribution_head is not None
                        else None,
                        "in_headline": in_headline,
                    }
                )
            for ent in entities[
                bisect_left(entity_starts, sentence.start) : bisect_left(entity_starts, sentence.end)
            ]:
                if ent.label_ == "GPE" and (ent._.geo or {}).get("kind") == "city":
                    name = str(ent._.geo["name"])
                    count = city_mentions.get(name, (0, 0, ent))[0]
                    city_mentions[name] = (count + 1, ent.start, doc[ent.start : ent.end])
        doc._.events = frames
        return doc

    @staticmethod
    def _geo_for(place: Span | None, entities: Sequence[Span]) -> dict[str, object] | None:
        if place is None:
            return None
        for ent in entities:
            if ent.start < place.end and place.start < ent.end and ent._.geo:
                return dict(ent._.geo)
        return None


def frames_in(doc: Doc) -> Iterable[dict[str, Any]]:
    """The event frames of a processed Doc."""
    return doc._.events or []


def parse_date_range(value: object) -> tuple[dt.date, dt.date, str] | None:
    """(start, end, granularity) of a frame's serialised date range."""
    if not isinstance(value, list) or len(value) != 3:
        return None
    return dt.date.fromisoformat(value[0]), dt.date.fromisoformat(value[1]), str(value[2])


@Language.factory("eventetl_events", default_config={"max_actor_tokens": 10})
def make_event_extractor(nlp: Language, name: str, *, max_actor_tokens: int) -> EventExtractor:
    """spaCy factory: ``nlp.add_pipe("eventetl_events")`` after the places, dates and quantities components."""
    return EventExtractor(nlp, name, max_actor_tokens=max_actor_tokens)
