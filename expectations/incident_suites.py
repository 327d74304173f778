"""The incident checks (issue 17), as data that ``expectations.suites`` turns into its specs and frames.

Kept apart so the suites module stays one concern per screen; this module imports nothing of
``expectations`` (``suites`` imports it, never the other way).
"""

from __future__ import annotations

from typing import Any, Literal

from warehouse.incident_sql import gains_ground, loses_ground
from warehouse.incidents import IncidentSettings

UNDATED_LOOKBACK_DAYS = IncidentSettings().undated_lookback_days
"""Days before its report an undated event may lie when joining (``warehouse.incidents``)."""
GROUND_HELD_DAYS = IncidentSettings().max_range_days
"""Days a gain or loss of ground may be reported on after it and still join it (``warehouse.incidents``)."""

INCIDENTS_SQL = (
    "SELECT i.incident_id, i.date_start, i.date_end, "
    "(SELECT count(*) FROM incident_events m WHERE m.incident_id = i.incident_id) AS member_events, "
    # How far the incident's days reach beyond the longest reach of its own events (their range; an
    # undated event's also the days before its report it may tell of; a gain or loss of ground's also
    # the days it is reported on as ground held): each link may add the tolerance, so a chain of
    # links can stretch an incident past what any report says.
    "date_diff('day', i.date_start, i.date_end) - (SELECT max(date_diff('day', e.date_start, e.date_end) "
    f"+ CASE WHEN e.date_source = 'publication' THEN {UNDATED_LOOKBACK_DAYS} ELSE 0 END "
    f"+ CASE WHEN {gains_ground('e.cameo_code')} OR {loses_ground('e.cameo_code')} "
    f"THEN {GROUND_HELD_DAYS} ELSE 0 END) "
    "FROM incident_events m JOIN events e USING (event_id) WHERE m.incident_id = i.incident_id) "
    "AS days_beyond_its_reports "
    "FROM incidents i"
)
"""The ``incidents`` frame: one row per incident, with its member count and how far it stretches."""

INCIDENT_EVENTS_SQL = (
    "SELECT m.incident_id, m.event_id, "
    "count(*) OVER (PARTITION BY m.event_id) = 1 AS event_in_one_incident, "
    "EXISTS (SELECT 1 FROM events e WHERE e.event_id = m.event_id) AS event_id_in_events, "
    "EXISTS (SELECT 1 FROM incidents i WHERE i.incident_id = m.incident_id) AS incident_id_in_incidents "
    "FROM incident_events m"
)
"""The ``incident_events`` frame: one row per membership, with its integrity checks."""

IncidentCheck = tuple[str, str, tuple[str, ...], str, Literal["critical", "warning"], dict[str, Any]]
"""(name, suite, columns, expectation type, severity, kwargs): an ``ExpectationSpec``'s fields."""


def incident_expectations(*, tolerance_days: int) -> list[IncidentCheck]:
    """(name, suite, columns, expectation type, severity, kwargs) of each incident check."""
    in_set = "ExpectColumnValuesToBeInSet"
    return [
        (
            "incidents.has_an_event",
            "incidents",
            ("incident_id",),
            "ExpectColumnValuesToBeBetween",
            "critical",
            {"column": "member_events", "min_value": 1},
        ),
        (
            "incidents.span_within_tolerance",
            "incidents",
            ("date_start", "date_end"),
            "ExpectColumnValuesToBeBetween",
            "warning",
            {"column": "days_beyond_its_reports", "max_value": tolerance_days},
        ),
        (
            "incident_events.event_in_one_incident",
            "incident_events",
            ("event_id",),
            in_set,
            "critical",
            {"column": "event_in_one_incident", "value_set": [True]},
        ),
        (
            "incident_events.event_id_in_events",
            "incident_events",
            ("event_id",),
            in_set,
            "critical",
            {"column": "event_id_in_events", "value_set": [True]},
        ),
        (
            "incident_events.incident_id_in_incidents",
            "incident_events",
            ("incident_id",),
            in_set,
            "critical",
            {"column": "incident_id_in_incidents", "value_set": [True]},
        ),
    ]
