"""Incidents: the events of many documents that report one real-world event, joined in SQL.

After each load, ``refresh_incidents`` rebuilds ``incidents`` and ``incident_events`` from every
event in the warehouse, inside DuckDB (nothing is read into Python but counts):

1. **Candidates.** Only asserted events join: a negated, refused, hypothetical, future or attempted
   event reports nothing that happened. An event's dates must be known and span at most
   ``max_range_days`` ("in 2016" says too little to match on), or a report must give no date at all
   (see 4). Statements ("said", "told") are not incidents: an event whose action is a reporting verb
   stays out.
2. **Blocking and pairwise rules.** Two candidates are linked when
   - their type agrees: the same PLOVER category, or, both uncoded, the same action;
   - their dates overlap, give or take ``tolerance_days`` (an event the text gives no date for, dated
     by its report's publication, reaches ``undated_lookback_days`` before it);
   - their places agree: the same GeoNames entry, or one contains the other (a first-level area
     holds its towns, a country everything in it); an event that names no place stands at its
     document's place (the place its mentions name most), which matches only itself; a named
     person or organisation doing the same kind of thing in one country on the same days is one
     incident wherever its reports place it; at a country's level only the same actor joins;
   - their actors do not disagree: the same normalised actor, or one of them unknown, or codes that
     agree where both are known ("Syrian troops", SYR MIL, and "government forces", MIL).
   Ground changing hands (CAMEO 192 occupy territory; 0874 retreat or surrender militarily, 080
   yield) persists: a gain reported again by the same side joins it within ``max_range_days``, and a
   loss joins the gain it is the converse of (at the same place, within that range, the loser not
   the gainer and, where the gain's target is a side, that side), unless gains by different sides
   could have taken it. The self-join is blocked on (type, country, day): an event meets only
   the events of its type in its country on the days it reaches, so the cost grows with the events,
   not with all their pairs.
3. **Grouping.** Incidents are the connected groups of links, labelled by iterating "take the
   smallest label of a neighbour" in SQL until nothing changes (as many rounds as the longest
   chain). The label is the first report's key (publication date, then event id), so an incident's
   id is its first report's, and a later report joining leaves it unchanged.
4. **Undated reports** (no publication date, no date in the text) join the one incident they fit:
   their sentence names its place, and they name its actor or are a loss of the ground it gained;
   fitting two incidents, they join neither. The SQL is in ``warehouse.incident_sql``.

The result is a function of the warehouse's events alone: the same documents loaded in any order, or
loaded again, give the same incidents. Both tables are replaced in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import duckdb

from warehouse import incident_sql as sql

MAX_LABEL_ROUNDS = 1000
"""Safety bound on the grouping's rounds: each round shortens every chain, so a warehouse needs as
many rounds as its longest chain of links (a handful in practice)."""


@dataclass(frozen=True)
class IncidentSettings:
    """How close two reports must be to be joined (``flows.settings.Settings`` holds the defaults)."""

    tolerance_days: int = 1
    """Days two events' date ranges may lie apart and still be the same incident."""
    max_range_days: int = 7
    """Longest date range (days) an event may have to be joined: a month or a year matches too much."""
    undated_lookback_days: int = 1
    """Days before its report an event the text gives no date for may have happened: such an event
    is dated by its document's publication, and news reports what happened that day or the day
    before ("troops entered the city", published the next morning)."""


@dataclass(frozen=True)
class IncidentCounts:
    """What a refresh produced."""

    incidents: int
    """Incidents in the warehouse after the refresh."""
    joined_incidents: int
    """Incidents of more than one event."""
    events: int
    """Events in some incident."""
    rounds: int
    """Label-propagation rounds the grouping took."""


def refresh_incidents(
    con: duckdb.DuckDBPyConnection, settings: IncidentSettings, *, reporting_verbs: Collection[str]
) -> IncidentCounts:
    """Rebuild ``incidents`` and ``incident_events`` from the warehouse's events (see the module)."""
    parameters = {
        "max_range_days": settings.max_range_days,
        "undated_lookback_days": settings.undated_lookback_days,
        "reporting_verbs": sorted(reporting_verbs),
    }
    ranges = {"tolerance_days": settings.tolerance_days, "max_range_days": settings.max_range_days}
    con.execute(sql.MACROS)
    con.execute(sql.NODES, parameters)
    con.execute(sql.SIGNATURES)
    con.execute(sql.EDGES, ranges)
    con.execute(sql.LABELS)
    rounds = 0
    while rounds < MAX_LABEL_ROUNDS:
        rounds += 1
        changed = con.execute(sql.PROPAGATE).fetchone()
        if not changed or not changed[0]:
            break
    con.execute(sql.UNDATED, {"tolerance_days": settings.tolerance_days})
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM incident_events")
        con.execute("DELETE FROM incidents")
        con.execute(sql.MEMBERS)
        con.execute(sql.INCIDENTS)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    incidents, joined, events = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE event_count > 1), coalesce(sum(event_count), 0) FROM incidents"
    ).fetchone() or (0, 0, 0)
    for table in sql.TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return IncidentCounts(int(incidents), int(joined), int(events), rounds)
