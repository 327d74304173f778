"""The place-mention checks, as data that ``expectations.suites`` turns into its specs and frame.

Kept apart so the suites module stays one concern per screen; this module imports nothing of
``expectations`` (``suites`` imports it, never the other way).
"""

from __future__ import annotations

from typing import Any, Literal

UNRESOLVED_SHARE_WARNING = 0.4
"""Share of a run's place mentions left unresolved (``name`` NULL) above which the run is flagged
(warning). Measured: 2 % on the sample corpus, 16 % on GeoVirus (Wikinews) and 27 % on LGL (local
US news: streets, buildings, regions the gazetteer lacks); a run far above that points at text the
gazetteer does not cover (another language, a markup-damaged corpus) or a broken gazetteer."""

PLACE_MENTIONS_SQL = (
    "SELECT doc_id, run_id, latitude, longitude, "
    "avg(CASE WHEN name IS NULL THEN 1.0 ELSE 0.0 END) OVER (PARTITION BY run_id) AS run_unresolved_share "
    "FROM place_mentions"
)
"""The ``place_mentions`` frame: one row per mention, with the unresolved share of its run."""

EVENT_PLACE_IN_MENTIONS_SQL = (
    "(place_geonameid IS NULL OR EXISTS (SELECT 1 FROM place_mentions m "
    "WHERE m.geonameid = events.place_geonameid)) AS place_geonameid_in_mentions"
)
"""Derived column of the events frame: an event's GeoNames id is some place mention's. Not only its
own document's: an event moved to another document is the business of the events' own checks
(``doc_id_in_documents``), and the loader writes an event and its document's mentions together."""


PlaceCheck = tuple[str, str, tuple[str, ...], str, Literal["critical", "warning"], dict[str, Any]]
"""(name, suite, columns, expectation type, severity, kwargs): an ``ExpectationSpec``'s fields."""


def place_expectations() -> list[PlaceCheck]:
    """(name, suite, columns, expectation type, severity, kwargs) of each place check."""
    between = "ExpectColumnValuesToBeBetween"
    return [
        (
            "place_mentions.latitude_in_range",
            "place_mentions",
            ("latitude",),
            between,
            "critical",
            {"column": "latitude", "min_value": -90, "max_value": 90},
        ),
        (
            "place_mentions.longitude_in_range",
            "place_mentions",
            ("longitude",),
            between,
            "critical",
            {"column": "longitude", "min_value": -180, "max_value": 180},
        ),
        (
            "place_mentions.unresolved_share_per_run",
            "place_mentions",
            ("name", "run_id"),
            between,
            "warning",
            {"column": "run_unresolved_share", "max_value": UNRESOLVED_SHARE_WARNING},
        ),
        (
            "events.place_geonameid_in_place_mentions",
            "events",
            ("place_geonameid",),
            "ExpectColumnValuesToBeInSet",
            "critical",
            {"column": "place_geonameid_in_mentions", "value_set": [True]},
        ),
    ]
