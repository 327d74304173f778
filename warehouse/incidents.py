"""Incidents: the events of many documents that report one real-world event, joined in SQL.

After each load, ``refresh_incidents`` rebuilds ``incidents`` and ``incident_events`` from every
event in the warehouse, inside DuckDB (nothing is read into Python but counts):

1. **Candidates.** Only asserted events join: a negated, refused, hypothetical, future or attempted
   event reports nothing that happened. An event's dates must be known and span at most
   ``max_range_days`` ("in 2016" says too little to match on). Statements ("said", "told") are not
   incidents: an event whose action is a reporting verb stays out.
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
   The self-join is blocked on (type, country, day): an event meets only the events of its type in
   its country on the days it reaches, so the cost grows with the events, not with all their pairs.
3. **Grouping.** Incidents are the connected groups of links, labelled by iterating "take the
   smallest label of a neighbour" in SQL until nothing changes (as many rounds as the longest
   chain). The label is the first report's key (publication date, then event id), so an incident's
   id is its first report's, and a later report joining leaves it unchanged.

The result is a function of the warehouse's events alone: the same documents loaded in any order, or
loaded again, give the same incidents. Both tables are replaced in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import duckdb

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


_NODES = """
CREATE OR REPLACE TEMP TABLE incident_nodes AS
SELECT *,
       -- What the rules read; an event without a place joins nothing, so it is a signature of its own.
       CASE WHEN geonameid IS NULL THEN 'event ' || event_id
            ELSE md5(concat_ws('|', type_key, geonameid, at_document_place, named_actor, coalesce(actor_name, '-'),
                               coalesce(actor_country, '-'), coalesce(actor_sector, '-'), date_start, date_end))
       END AS signature
FROM (
WITH mention_places AS (
    SELECT geonameid, any_value(country_code) AS country, any_value(admin1_code) AS admin1,
           any_value(feature_code) AS feature_code, any_value(name) AS name
    FROM place_mentions WHERE geonameid IS NOT NULL GROUP BY geonameid
), document_places AS (
    -- The place a document names most; a tie goes to the one it names first.
    SELECT doc_id, geonameid FROM (
        SELECT doc_id, geonameid, row_number() OVER (
                   PARTITION BY doc_id ORDER BY count(*) DESC, min(start_char), geonameid) AS preference
        FROM place_mentions WHERE geonameid IS NOT NULL GROUP BY doc_id, geonameid)
    WHERE preference = 1
)
SELECT e.event_id, e.doc_id, e.event_type, e.action,
       coalesce(e.actor_type IN ('person', 'organisation'), false) AS named_actor,
       coalesce(e.event_type, 'action: ' || e.action) AS type_key,
       e.actor_name, e.actor_country, e.actor_sector,
       coalesce(e.place_geonameid, dp.geonameid) AS geonameid,
       e.place_geonameid IS NULL AND dp.geonameid IS NOT NULL AS at_document_place,
       p.country, p.admin1, p.feature_code,
       -- An event dated only by its report's publication may have happened a little before it.
       CASE WHEN e.date_source = 'publication' THEN e.date_start - $undated_lookback_days
            ELSE e.date_start END AS date_start,
       e.date_end,
       coalesce(CAST(d.published_date AS VARCHAR), '9999-12-31') || ' ' || e.event_id AS report_key
FROM events e
JOIN documents d ON d.doc_id = e.doc_id
LEFT JOIN document_places dp ON dp.doc_id = e.doc_id
LEFT JOIN mention_places p ON p.geonameid = coalesce(e.place_geonameid, dp.geonameid)
WHERE e.modality = 'asserted'
  AND e.date_start IS NOT NULL AND e.date_end IS NOT NULL
  AND e.date_end - e.date_start <= $max_range_days
  AND split_part(e.action, ' ', 1) NOT IN (SELECT unnest($reporting_verbs::VARCHAR[]))
)
"""

_SIGNATURES = """
-- Reports that agree in everything the rules read are one signature: they join each other without a
-- comparison, and the pairwise step compares signatures. Copies of one wire story, or a hundred
-- reports of the same shelling, cost one row, not their pairs.
CREATE OR REPLACE TEMP TABLE incident_signatures AS
SELECT signature, any_value(event_type) AS event_type, any_value(type_key) AS type_key,
       any_value(actor_name) AS actor_name, any_value(named_actor) AS named_actor,
       any_value(actor_country) AS actor_country,
       any_value(actor_sector) AS actor_sector, any_value(geonameid) AS geonameid,
       any_value(at_document_place) AS at_document_place, any_value(country) AS country,
       any_value(admin1) AS admin1, any_value(feature_code) AS feature_code,
       any_value(date_start) AS date_start, any_value(date_end) AS date_end,
       min(report_key) AS report_key, count(*) AS reports
FROM incident_nodes
GROUP BY signature
"""

_EDGES = """
CREATE OR REPLACE TEMP TABLE incident_links AS
WITH blocks AS (
    -- Each event in each (type, country, day) block its reach covers: its days, and the tolerance
    -- before them. Two events share a block exactly when their ranges overlap give or take the
    -- tolerance and their places can agree (containment never crosses a country).
    SELECT signature, type_key, coalesce(country, 'id ' || geonameid) AS area,
           unnest(generate_series(date_start - $tolerance_days, date_end, INTERVAL 1 DAY)) AS day
    FROM incident_signatures WHERE geonameid IS NOT NULL
), candidates AS (
    SELECT DISTINCT a.signature AS a, b.signature AS b
    FROM blocks a JOIN blocks b
      ON a.type_key = b.type_key AND a.area = b.area AND a.day = b.day AND a.signature < b.signature
), pairs AS (
    SELECT a.signature AS a, b.signature AS b, a.event_type IS NOT NULL AS coded,
           a.geonameid = b.geonameid AS same_place,
           a.named_actor AND b.named_actor AND a.actor_name = b.actor_name AS same_named_actor,
           a.country = b.country AND (a.feature_code LIKE 'PCL%' OR b.feature_code LIKE 'PCL%'
               OR (a.admin1 = b.admin1 AND (a.feature_code = 'ADM1' OR b.feature_code = 'ADM1'))) AS contained,
           a.at_document_place OR b.at_document_place AS document_place,
           a.actor_name = b.actor_name
               OR (a.actor_country = b.actor_country AND a.actor_sector = b.actor_sector) AS same_actor,
           a.date_start = b.date_start AND a.date_end = b.date_end AS same_days
    FROM candidates c
    JOIN incident_signatures a ON a.signature = c.a
    JOIN incident_signatures b ON b.signature = c.b
    -- Containment needs places the events name: a document's place stands in only for itself. A named
    -- person or organisation doing the same kind of thing in one country on the same days is one
    -- incident wherever its reports place it (a statement reported from two campaign stops).
    WHERE (a.geonameid = b.geonameid
           OR (NOT a.at_document_place AND NOT b.at_document_place AND a.country = b.country
               AND ((a.feature_code LIKE 'PCL%' OR b.feature_code LIKE 'PCL%')
                    OR (a.admin1 = b.admin1 AND (a.feature_code = 'ADM1' OR b.feature_code = 'ADM1'))))
           OR (a.named_actor AND b.named_actor AND a.actor_name = b.actor_name AND a.country = b.country))
      -- A country says little about where: at a country's level only the same actor makes two reports one.
      AND (coalesce(a.feature_code, '') NOT LIKE 'PCL%' AND coalesce(b.feature_code, '') NOT LIKE 'PCL%'
           OR a.actor_name = b.actor_name
           OR (a.actor_country = b.actor_country AND a.actor_sector = b.actor_sector))
      -- Actors agree unless they name different actors whose known codes differ.
      AND (a.actor_name IS NULL OR b.actor_name IS NULL OR a.actor_name = b.actor_name
           OR (coalesce(a.actor_country = b.actor_country, true) AND coalesce(a.actor_sector = b.actor_sector, true)
               AND coalesce(a.actor_country, a.actor_sector) IS NOT NULL
               AND coalesce(b.actor_country, b.actor_sector) IS NOT NULL))
)
SELECT a, b,
       (1.0
        + CASE WHEN same_place AND NOT document_place THEN 1.0 WHEN document_place THEN 0.25
               WHEN same_named_actor AND NOT contained THEN 0.25 ELSE 0.5 END
        + CASE WHEN coalesce(same_actor, false) THEN 1.0 ELSE 0.5 END
        + CASE WHEN same_days THEN 1.0 ELSE 0.5 END) / 4 AS score,
       concat_ws('; ', CASE WHEN coded THEN 'same type' ELSE 'same action' END,
                 CASE WHEN same_place AND NOT document_place THEN 'same place'
                      WHEN document_place THEN 'the document''s place'
                      WHEN same_named_actor AND NOT contained THEN 'same named actor in the country'
                      ELSE 'contained place' END,
                 CASE WHEN coalesce(same_actor, false) THEN 'same actor' ELSE 'actor unknown in one' END,
                 CASE WHEN same_days THEN 'same days' ELSE 'dates within tolerance' END) AS reason
FROM pairs
"""

_LABELS = """
CREATE OR REPLACE TEMP TABLE incident_labels AS
SELECT signature, report_key AS label FROM incident_signatures
"""

_PROPAGATE = """
UPDATE incident_labels SET label = best.label
FROM (
    SELECT l.a AS signature, min(n.label) AS label
    FROM (SELECT a, b FROM incident_links UNION ALL SELECT b, a FROM incident_links) l
    JOIN incident_labels n ON n.signature = l.b
    GROUP BY l.a
) best
WHERE incident_labels.signature = best.signature AND best.label < incident_labels.label
"""

_MEMBERS = """
INSERT INTO incident_events
WITH best_link AS (
    SELECT signature, max(score) AS score, arg_max(reason, score) AS reason
    FROM (SELECT a AS signature, score, reason FROM incident_links
          UNION ALL SELECT b, score, reason FROM incident_links
          -- Reports of one signature agree in everything: their link to each other.
          UNION ALL
          SELECT signature,
                 (1.0 + CASE WHEN at_document_place THEN 0.25 ELSE 1.0 END
                  + CASE WHEN actor_name IS NOT NULL THEN 1.0 ELSE 0.5 END + 1.0) / 4,
                 concat_ws('; ', CASE WHEN event_type IS NOT NULL THEN 'same type' ELSE 'same action' END,
                           CASE WHEN at_document_place THEN 'the document''s place' ELSE 'same place' END,
                           CASE WHEN actor_name IS NOT NULL THEN 'same actor' ELSE 'actor unknown in both' END,
                           'same days')
          FROM incident_signatures WHERE reports > 1)
    GROUP BY signature
)
SELECT 'inc_' || substr(md5(split_part(l.label, ' ', 2)), 1, 16) AS incident_id, n.event_id, n.doc_id,
       CASE WHEN n.report_key = l.label THEN 1.0 ELSE coalesce(b.score, 1.0) END,
       CASE WHEN n.report_key = l.label THEN 'first report' ELSE coalesce(b.reason, 'first report') END
FROM incident_nodes n
JOIN incident_labels l USING (signature)
LEFT JOIN best_link b USING (signature)
"""

_INCIDENTS = """
INSERT INTO incidents
WITH members AS (
    SELECT m.incident_id, e.*, d.published_date, d.publisher,
           coalesce(CAST(d.published_date AS VARCHAR), '9999-12-31') || ' ' || e.event_id AS report_key
    FROM incident_events m JOIN events e USING (event_id) JOIN documents d ON d.doc_id = e.doc_id
), votes AS (
    -- What most of an incident's reports say, slot by slot; a tie goes to the earliest report's.
    SELECT incident_id, slot, value FROM (
        SELECT incident_id, slot, value,
               row_number() OVER (PARTITION BY incident_id, slot ORDER BY count(*) DESC, min(report_key)) AS rank
        FROM (
            UNPIVOT (SELECT incident_id, report_key, event_type, action, actor_name, actor_country, actor_sector,
                            target,
                            nullif(concat(place_geonameid, '|', place_name), '|') AS place FROM members)
            ON event_type, action, actor_name, actor_country, actor_sector, target, place
            INTO NAME slot VALUE value)
        WHERE value IS NOT NULL
        GROUP BY incident_id, slot, value)
    WHERE rank = 1
), slots AS (
    PIVOT votes ON slot IN ('event_type', 'action', 'actor_name', 'actor_country', 'actor_sector', 'target', 'place')
    USING any_value(value) GROUP BY incident_id
)
SELECT m.incident_id,
       any_value(s.event_type), any_value(s.action), any_value(s.actor_name), any_value(s.actor_country),
       any_value(s.actor_sector), any_value(s.target),
       nullif(split_part(any_value(s.place), '|', 2), ''),
       TRY_CAST(nullif(split_part(any_value(s.place), '|', 1), '') AS BIGINT),
       min(m.date_start), max(m.date_end),
       min(m.published_date), max(m.published_date),
       count(*), count(DISTINCT m.doc_id), count(DISTINCT m.publisher)
FROM members m
LEFT JOIN slots s USING (incident_id)
GROUP BY m.incident_id
"""


def refresh_incidents(
    con: duckdb.DuckDBPyConnection, settings: IncidentSettings, *, reporting_verbs: Collection[str]
) -> IncidentCounts:
    """Rebuild ``incidents`` and ``incident_events`` from the warehouse's events (see the module)."""
    parameters = {
        "max_range_days": settings.max_range_days,
        "undated_lookback_days": settings.undated_lookback_days,
        "reporting_verbs": sorted(reporting_verbs),
    }
    con.execute(_NODES, parameters)
    con.execute(_SIGNATURES)
    con.execute(_EDGES, {"tolerance_days": settings.tolerance_days})
    con.execute(_LABELS)
    rounds = 0
    while rounds < MAX_LABEL_ROUNDS:
        rounds += 1
        changed = con.execute(_PROPAGATE).fetchone()
        if not changed or not changed[0]:
            break
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM incident_events")
        con.execute("DELETE FROM incidents")
        con.execute(_MEMBERS)
        con.execute(_INCIDENTS)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    incidents, joined, events = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE event_count > 1), coalesce(sum(event_count), 0) FROM incidents"
    ).fetchone() or (0, 0, 0)
    for table in ("incident_nodes", "incident_signatures", "incident_links", "incident_labels"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return IncidentCounts(int(incidents), int(joined), int(events), rounds)
