"""The coded-event checks (issue 15), as data that ``expectations.suites`` turns into its specs and frame.

Kept apart so the suites module stays one concern per screen; this module imports nothing of
``expectations`` (``suites`` imports it, never the other way).
"""

from __future__ import annotations

from typing import Any, Literal

from extractors.vocabulary import PLOVER_CATEGORIES, SECTORS, iso3_country_codes

CODED_COLUMNS_SQL = (
    "event_type, actor_country, actor_sector, target_country, target_sector, "
    # An event whose actor is its own target ("the army attacked the army") is a misreading.
    "coalesce(lower(trim(actor)) <> lower(trim(target)), true) AS actor_not_target"
)
"""Columns of the events frame the coded checks read (NULL actor or target: not judged)."""

CodedCheck = tuple[str, str, tuple[str, ...], str, Literal["critical", "warning"], dict[str, Any]]
"""(name, suite, columns, expectation type, severity, kwargs): an ``ExpectationSpec``'s fields."""


def coded_expectations() -> list[CodedCheck]:
    """The coded columns' checks. ``event_type`` is a PLOVER category (critical: the coder writes only
    those); countries are ISO 3166-1 alpha-3 codes (GeoNames' country list) and sectors are of the
    closed set (warnings: both come from the actor dictionaries); an actor is not its own target
    (warning). GE's set expectations skip NULLs: an uncoded event is not judged."""
    in_set = "ExpectColumnValuesToBeInSet"
    countries = sorted(iso3_country_codes())
    checks: list[CodedCheck] = [
        (
            "events.event_type_in_set",
            "events",
            ("event_type",),
            in_set,
            "critical",
            {"column": "event_type", "value_set": list(PLOVER_CATEGORIES)},
        ),
    ]
    for column in ("actor_country", "target_country"):
        checks.append(
            (
                f"events.{column}_iso_alpha3",
                "events",
                (column,),
                in_set,
                "warning",
                {"column": column, "value_set": countries},
            )
        )
    for column in ("actor_sector", "target_sector"):
        checks.append(
            (
                f"events.{column}_in_vocabulary",
                "events",
                (column,),
                in_set,
                "warning",
                {"column": column, "value_set": list(SECTORS)},
            )
        )
    checks.append(
        (
            "events.actor_not_target",
            "events",
            ("actor", "target"),
            in_set,
            "warning",
            {"column": "actor_not_target", "value_set": [True]},
        )
    )
    return checks
