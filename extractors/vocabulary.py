"""Closed vocabularies shared by extraction, the warehouse and the data-quality suites.

Kept free of heavy imports so that ``expectations`` can use them without loading spaCy.
"""

from __future__ import annotations

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

ACTOR_TYPES = ("person", "organisation", "state", "armed_group", "civilians", "group", "other")
"""Values of ``events.actor_type``."""

MODALITIES = ("asserted", "negated", "future", "hypothetical", "attempted", "refused")
"""Values of ``events.modality``."""

DATE_SOURCES = ("text", "lead", "publication")
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
