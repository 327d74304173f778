"""Gazetteer entries and their lookup by name: :class:`Place`, :class:`Gazetteer` and the spellings
news use for a name (:func:`spellings`).

``extractors.nlp.gazetteer`` builds the gazetteer from GeoNames data (see its docstring);
``extractors.nlp.gazetteer_store`` keeps a built one as a compiled file, loaded in a fraction of the
build's time and memory. Both hand out a :class:`Gazetteer`, which looks names up in its two indexes
(a place's own names, and its other names) whatever holds them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

CANDIDATES_CACHE_SIZE = 200_000
"""Most names whose candidates the gazetteer keeps once looked up (then it starts afresh)."""


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
    """Name -> candidate places: the index of the places' own names and that of their other names."""

    def __init__(self, own: Mapping[str, Sequence[Place]], other: Mapping[str, Sequence[Place]]) -> None:
        self._own = own
        self._other = other
        # Name -> its candidates, as looked up: a document asks for the same names again and again.
        self._found: dict[str, Candidates] = {}

    @classmethod
    def of(
        cls,
        places: Iterable[tuple[Place, Iterable[str]]],
        aliases: dict[str, str],
        state_abbreviations: dict[str, str] | None = None,
    ) -> Gazetteer:
        """The gazetteer of ``places`` (each with its other names), with news ``aliases`` of countries
        and areas ("UK") and the AP abbreviations of US states ("Ga.")."""
        own: defaultdict[str, list[Place]] = defaultdict(list)
        other: defaultdict[str, list[Place]] = defaultdict(list)
        for place, alternates in places:
            own[place.name].append(place)
            # The news write GeoNames' "São Paulo" without its diacritics and "Washington D.C." without
            # its periods: the own name so spelled is still the place's own, an other name another.
            for variant in {folded(place.name), unpunctuated(place.name)}:
                if variant and variant != place.name:
                    own[variant].append(place)
            for alternate in alternates:
                if alternate != place.name:
                    other[alternate].append(place)
                    variant = unpunctuated(alternate)
                    if variant and variant != place.name:
                        other[variant].append(place)
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
        return cls(
            {name: tuple(found) for name, found in own.items()},
            {name: tuple(found) for name, found in other.items()},
        )

    def indexes(self) -> tuple[Mapping[str, Sequence[Place]], Mapping[str, Sequence[Place]]]:
        """The own-name and other-name indexes (for ``gazetteer_store``)."""
        return self._own, self._other

    def __len__(self) -> int:
        return len(self._own.keys() | self._other.keys())

    def candidates(self, name: str) -> Candidates:
        """The entries ``name`` may refer to under any of its spellings (:func:`spellings`: "ALEPPO",
        "St. Petersburg" for Saint Petersburg, "U.K."); none when unknown."""
        found = self._found.get(name)
        if found is None:
            if len(self._found) >= CANDIDATES_CACHE_SIZE:
                self._found.clear()  # a long-lived worker's memory stays bounded
            found = self._found[name] = self._look_up(name)
        return found

    def _look_up(self, name: str) -> Candidates:
        own: dict[int, Place] = {}
        other: dict[int, Place] = {}
        for key in spellings(name):
            own.update((id(p), p) for p in self._own.get(key, ()))
            other.update((id(p), p) for p in self._other.get(key, ()))
        rest = tuple(p for i, p in other.items() if i not in own)
        return Candidates(tuple(own.values()) + rest, len(own))


def folded(name: str) -> str | None:
    """``name`` without its diacritics ("Al Minyā" -> "Al Minya"); None when it has none."""
    if name.isascii():
        return None
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain if plain != name else None


def unpunctuated(name: str) -> str | None:
    """``name`` without the periods of its abbreviations ("Washington D.C." -> "Washington DC");
    None when it has none."""
    if "." not in name:
        return None
    return " ".join(name.replace(".", "").split()) or None


ABBREVIATED_WORDS = {"St.": "Saint", "Ste.": "Sainte", "Mt.": "Mount", "Ft.": "Fort", "Pt.": "Point"}
"""Words news abbreviate in place names ("St. Cloud", "Mt. Pleasant") -> GeoNames' spelling."""


ARABIC_ARTICLE = re.compile(r"([AE]l)-(?=[A-Z])")
"""The Arabic article written with a hyphen at the start of a name ("Al-Minya", "El-Arish")."""


def spellings(name: str) -> tuple[str, ...]:
    """The spellings a name is looked up by: as written, title-cased ("ALEPPO"), with its abbreviated
    words spelled out ("St. Cloud" -> "Saint Cloud"), without the periods of a one-word abbreviation
    ("U.K." -> "UK"), with "of the" for "of" ("Democratic Republic of Congo"), and with a leading
    hyphenated Arabic article apart or left out ("Al-Minya" -> "Al Minya", "Minya")."""
    found = [name, name.title()]
    words = name.split(" ")
    spelled = " ".join(ABBREVIATED_WORDS.get(w, w) for w in words)
    found.append(spelled)
    if "." in name and " " not in name:
        found.append(name.replace(".", ""))
    if " of " in name and " of the " not in name:
        found.append(name.replace(" of ", " of the "))
    article = ARABIC_ARTICLE.match(name)
    if article:
        # "Al-Minya", "El-Arish": GeoNames writes the article apart ("Al Minya") or not at all ("Minya").
        found.extend((f"{article.group(1)} {name[article.end() :]}", name[article.end() :]))
    return tuple(dict.fromkeys(found))


def prior_key(place: Place) -> tuple[bool, bool, int]:
    """The population prior: a country before anything of its name ("Jordan"), a national capital
    before other places of its name ("Washington": the capital, not the state), then the larger place.

    A place's own name gets no preference over another's alternate name: with towns down to 500
    people, most famous names are also some small town's own name ("Palmyra", Pennsylvania, against
    Tadmur, Syria); the larger place is the likelier referent of a news story."""
    return (place.feature_code == "PCLI", place.feature_code == "PPLC", place.population)
