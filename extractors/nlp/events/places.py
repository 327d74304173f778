"""Where an event happened: a place of its clause, else the place the story is about.

A place entity of the clause counts when it locates the event (a locative phrase, the object,
the patient) rather than describing a person ("a man from Beckenham"), completing a title
("President of the United States"), or being the agent ("backed by Russia"). Datelines
("BEIRUT —") are where the report was filed. Venues are widened to the city that locates them
("Trump Tower in New York City").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from extractors.nlp.events.actors import is_individual, is_word_hyphen
from extractors.nlp.events.clauses import BOILERPLATE
from extractors.nlp.events.context import Clause, DocumentContext
from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.places import PLACE_LABELS, GazetteerEntry

VENUE_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT"})
"""Labels the small model gives named buildings ("outside Trump Towers" comes out as WORK_OF_ART)."""
DATELINE_SEPARATORS = ("—", "-", "–", "(")
"""What follows a dateline's place ("BEIRUT —", "LONDON (Reuters)")."""


# --------------------------------------------------------------------- what a place entity is
def is_dateline(ent: Span) -> bool:
    """ "BEIRUT —" opening a paragraph says where the report was filed, not where the event happened:
    the dateline the places component found (``doc._.dateline``), or a place opening a sentence
    before a dash."""
    doc = ent.doc
    if doc._.dateline == (ent.start_char, ent.end_char):
        return True
    at_start = ent.start == ent.sent.start
    return at_start and ent.end < len(doc) and doc[ent.end].text in DATELINE_SEPARATORS


def dateline_place(doc: Doc, entities: Sequence[Span]) -> Span | None:
    """The dateline's place entity (``doc._.dateline``, set by the places component), if any."""
    offsets = doc._.dateline
    if offsets is None:
        return None
    return next((ent for ent in entities if (ent.start_char, ent.end_char) == tuple(offsets)), None)


def _country_code(ent: Span) -> str | None:
    geo: GazetteerEntry | None = ent._.geo
    return geo.country_code if geo is not None else None


def is_venue(ent: Span, lexicon: EventLexicon) -> bool:
    """A named building or organisation right after a venue preposition ("outside Trump Tower")."""
    root = ent.root
    return (
        ent.label_ in VENUE_LABELS and root.dep_ == "pobj" and root.head.lower_ in lexicon.venue_prepositions
    )


def in_title(root: Token, lexicon: EventLexicon) -> bool:
    """ "President of the United States", "Mayor of London": the place completes a capitalised title."""
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    title = root.head.head
    return (
        title.pos_ in ("NOUN", "PROPN")
        and title.is_title
        and not title.ent_type_
        and title.lemma_.lower() not in lexicon.place_nouns
    )


def describes_person(ent: Span, lexicon: EventLexicon) -> bool:
    """ "The driver, a 42-year-old man from Beckenham,": a place that tells who a person is, not where things happen.

    True for a place attached by "from"/"of" to one person ("Donald Collett, 62, of
    Croydon") and for a place inside an apposition describing one ("Dane Chinnery, a
    Crystal Palace fan,"); not for a population ("residents of Aleppo") nor "Sheikh
    Saeed, a neighborhood in Aleppo".
    """
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in ("from", "of") and is_individual(root.head.head, lexicon):
        return True
    token = root
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        if (
            token.dep_ == "appos"
            and is_individual(token.head, lexicon)
            and token.lemma_.lower() not in lexicon.place_nouns
            and token.ent_type_ not in PLACE_LABELS
        ):
            return True
        token = token.head
    return False


def is_country(ent: Span) -> bool:
    """A place entity the gazetteer knows as a country ("China", "the United States")."""
    geo: GazetteerEntry | None = ent._.geo
    return geo is not None and geo.kind == "country"


def place_entities(entities: Sequence[Span], lexicon: EventLexicon) -> list[Span]:
    """Entities that can be an event's place: places and venues, not datelines or a person's origin."""
    return [
        ent
        for ent in entities
        if (ent.label_ in PLACE_LABELS or is_venue(ent, lexicon))
        and not is_dateline(ent)
        and not describes_person(ent, lexicon)
    ]


def is_place_mention(ent: Span, lexicon: EventLexicon) -> bool:
    """A place entity used as a place, not as an actor ("Russia said") or a possessor."""
    if (
        ent.label_ not in PLACE_LABELS
        or is_dateline(ent)
        or describes_person(ent, lexicon)
        or in_title(ent.root, lexicon)
    ):
        return False
    root = ent.root
    by_agent = root.dep_ == "pobj" and root.head.lower_ == "by"
    # "Croydon, south London": the apposed place only locates the place before it.
    container = root.dep_ == "appos" and root.head.ent_type_ in PLACE_LABELS
    return root.dep_ not in ("nsubj", "nsubjpass", "poss", "agent") and not by_agent and not container


# --------------------------------------------------------------------- the story's place
def _place_mentions(doc: Doc, text: str, lexicon: EventLexicon) -> dict[str, list[Span]]:
    """Gazetteer name (else text) -> the entities naming it as a place, outside newswire furniture."""
    mentions: dict[str, list[Span]] = {}
    boilerplate: dict[int, bool] = {}
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        sentence = ent.sent
        if sentence.start not in boilerplate:
            boilerplate[sentence.start] = (
                BOILERPLATE.search(text[sentence.start_char : sentence.end_char]) is not None
            )
        if is_place_mention(ent, lexicon) and not boilerplate[sentence.start]:
            geo: GazetteerEntry | None = ent._.geo
            key = (geo.name if geo is not None else None) or ent.text
            mentions.setdefault(key, []).append(ent)
    return mentions


def focal_place(doc: Doc, text: str, lexicon: EventLexicon, *, datelines: bool = True) -> Span | None:
    """The place the story is about: the first place of the headline, else the one named most often
    as a place (at least twice), first on ties.

    When that is a country and the story also names a place inside a country (a city, province
    or venue), the first such place is where the story happens.

    ``datelines``: when the headline names no place, a dateline in the country of that place is
    where the story happens: a domestic report is filed where it happens ("WASHINGTON -" over a
    story that also names a campaign stop in Cleveland), a foreign bureau's is not ("BEIRUT —" over
    a story about Aleppo keeps Aleppo).
    """
    dateline = dateline_place(doc, doc.ents) if datelines else None
    focal = _named_focal_place(doc, text, lexicon)
    if dateline is None or (focal is not None and focal.end_char <= int(doc._.headline_end or 0)):
        return focal
    if (
        focal is not None
        and _country_code(focal) is not None
        and _country_code(focal) == _country_code(dateline)
    ):
        return doc[dateline.start : dateline.end]
    # A story naming no other place gives no evidence whose the dateline is: "BEIRUT —" over
    # "Syrian troops captured the district" is a bureau's, not the event's place.
    return focal


def _named_focal_place(doc: Doc, text: str, lexicon: EventLexicon) -> Span | None:
    """The first place of the headline, else the one named most often (:func:`focal_place`)."""
    headline_end = int(doc._.headline_end or 0)
    body = text[headline_end:]
    # Title case makes every headline word look like a name ("Works to Save City"):
    # a headline place counts only when the body names it too.
    mentions = {
        key: spans
        for key, spans in _place_mentions(doc, text, lexicon).items()
        if spans[-1].start_char >= headline_end or spans[0].text in body
    }
    ranked = sorted(mentions.values(), key=lambda spans: (-len(spans), spans[0].start))
    in_headline = [
        spans[0] for spans in mentions.values() if spans[0].end_char <= headline_end and spans[0].text in body
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


# --------------------------------------------------------------------- the place of a clause
def place_span(ent: Span) -> Span:
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
    # A hyphenated qualifier is split by the tokenizer ("government", "-", "held"): keep the whole
    # compound, never its second half alone ("held western Aleppo").
    while 1 < start < ent.start and is_word_hyphen(doc[start - 1]):
        start -= 2
    return doc[start:end]


def place_role(root: Token, verb: Token, patient: Token | None, lexicon: EventLexicon) -> int | None:
    """0: the event happens there (locative phrase, object, patient); 1: mentioned in the clause;
    None: not a location of the event (the by-agent "backed by Russia", a possessor "Syria's military")."""
    if patient is not None and root.i == patient.i:
        return 0
    if in_title(root, lexicon):
        return None
    if (
        root.dep_ == "poss"
        and root.head.ent_type_ not in PLACE_LABELS
        and root.head.lemma_.lower() not in lexicon.place_nouns
        and root.head.lemma_.lower() not in lexicon.compass_points
    ):
        return None
    locative = False
    token = root
    while token.i != verb.i and token.head.i != token.i:
        head = token.head
        if (token.dep_ == "pobj" and head.lower_ == "by") or token.dep_ == "agent":
            return None
        if token.dep_ == "pobj" and head.lower_ in lexicon.locative_prepositions:
            locative = True
        token = head
    direct = root.dep_ in ("dobj", "nsubjpass")
    return 0 if locative or direct else 1


def _locates_the_verb(noun: Token, verb: Token) -> bool:
    """The noun is the verb's own object or passive subject, or the object of a preposition of the
    verb, the verb reached through the verbs it governs ("resume shelling rebel-held territory"):
    not a noun inside another noun's phrase ("the loss of revenue to the school district") nor the
    object of a joined verb ("... and have posted observation areas")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return False
    while head.i != verb.i and head.dep_ == "xcomp" and head.head.i != head.i:
        head = head.head
    return head.i == verb.i


def refers_to_the_city(noun: Token, lexicon: EventLexicon) -> bool:
    """ "the city", "the embattled town": one city, definite, named before; not "cities", "a town",
    "the region" (not a city), nor "this city" of a general statement."""
    return (
        noun.lemma_.lower() in lexicon.city_nouns
        and noun.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
    )


def _qualified_place_noun(clause: Clause, context: DocumentContext) -> Span | None:
    """ "rebel-held districts", "the old quarter"; "the northern city" is the city the story names most."""
    lexicon = context.lexicon
    for noun in clause.tokens:
        if (
            noun.lemma_.lower() not in lexicon.place_nouns
            or noun.i in clause.actor_tokens
            or noun.pos_ != "NOUN"
            or place_role(noun, clause.verb, clause.patient, lexicon) != 0
            or not _locates_the_verb(noun, clause.verb)
        ):
            continue
        if context.rules.on("events.city_reference") and refers_to_the_city(noun, lexicon):
            # "the embattled city" before the body names a city: the story's place, not the noun
            salient_city = context.discourse.salient_city()
            if salient_city is None:
                continue
            return salient_city
        qualifiers = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
        # "the Clinton camp": a name's camp is a faction, not a place
        if qualifiers and not any(t.pos_ == "PROPN" for q in qualifiers for t in q.subtree):
            start = min(t.left_edge.i for t in qualifiers)
            if start > 0 and context.doc[start].text == "-":
                start -= 1  # "800-square metre": the number the tokenizer split off the hyphen
            return context.doc[start : noun.i + 1]
    return None


def clause_place(clause: Clause, context: DocumentContext) -> Span | None:
    """The clause's place: a place entity, else "the city" resolved, else a qualified place noun."""
    candidates = []
    for ent in context.place_entities:
        if ent.start not in clause.indices or ent.start in clause.actor_tokens:
            continue
        role = place_role(ent.root, clause.verb, clause.patient, context.lexicon)
        if role is not None:
            candidates.append((role, is_country(ent), abs(ent.root.i - clause.verb.i), ent))
    if candidates:
        # A city, venue or region says more about where it happened than the country around it.
        return place_span(min(candidates, key=lambda c: c[:3])[3])
    return (
        _qualified_place_noun(clause, context) if context.rules.on("events.qualified_place_nouns") else None
    )


def geo_for(place: Span | None, entities: Sequence[Span]) -> GazetteerEntry | None:
    """The gazetteer record of the first entity overlapping ``place`` that has one."""
    if place is None:
        return None
    for ent in entities:
        if ent.start < place.end and place.start < ent.end:
            geo: GazetteerEntry | None = ent._.geo
            if geo is not None:
                return geo
    return None


def count_city_mentions(sentence: Span, context: DocumentContext) -> None:
    """Add the sentence's cities to the discourse: "the city" of later sentences. A city is a place
    entity of the body whose place mention resolved to a populated place (GeoNames class P): not a
    province or a continent, nor a title-case headline word that a town bears ("Save" in "Kerry Works
    to Save City")."""
    if sentence.start_char < context.headline_end:
        return
    mentions = context.discourse.city_mentions
    doc = context.doc
    for ent in context.sentence_entities(sentence):
        geo: GazetteerEntry | None = ent._.geo if ent.label_ == "GPE" else None
        if geo is not None and geo.kind == "city" and context.populated_places.get(ent.start_char, True):
            count = mentions.get(geo.name, (0, 0, ent))[0]
            end = ent.end - 1 if ent.end - ent.start > 1 and doc[ent.end - 1].tag_ == "POS" else ent.end
            mentions[geo.name] = (count + 1, ent.start, doc[ent.start : end])  # "St. Petersburg’s": the city
