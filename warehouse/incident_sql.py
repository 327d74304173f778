"""The SQL of ``warehouse.incidents``: candidates, links, labels, memberships and incidents.

Kept apart from the module that runs it so each stays one concern per screen. The statements take
named parameters (``$tolerance_days``, ...) and read the temporary tables the earlier ones made;
``PLACES_AGREE``, ``ACTORS_AGREE`` and ``TERRITORY_CONVERSE`` are the pairwise rules, written over
two signatures ``a`` and ``b`` and shared by the dated links and the undated reports' fit.
"""

from __future__ import annotations

GAIN_CAMEO = "192"
"""CAMEO "Occupy territory" (PLOVER COERCE, mode seize, military context): a side gains ground."""
LOSS_CAMEOS = ("0874", "080")
"""A side gives ground up: CAMEO "Retreat or surrender militarily" (PLOVER RETREAT, military), and
"Yield" (PLOVER CONCEDE), which the verb dictionary gives "retreat", "withdraw", "surrender" and "cede"."""


def gains_ground(cameo_code: str) -> str:
    """SQL: the event whose CAMEO code is the column ``cameo_code`` gains ground (``GAIN_CAMEO``)."""
    return f"coalesce({cameo_code} LIKE '{GAIN_CAMEO}%', false)"


def loses_ground(cameo_code: str) -> str:
    """SQL: the event whose CAMEO code is the column ``cameo_code`` gives ground up (``LOSS_CAMEOS``)."""
    return f"coalesce({cameo_code} IN ({', '.join(repr(code) for code in LOSS_CAMEOS)}), false)"


MACROS = """
-- Two actors' codes agree: each known on both sides where both know it, and some code known on each.
CREATE OR REPLACE TEMP MACRO incident_codes_agree(c1, s1, c2, s2) AS
    coalesce(c1 = c2, true) AND coalesce(s1 = s2, true)
    AND coalesce(c1, s1) IS NOT NULL AND coalesce(c2, s2) IS NOT NULL;
-- A side that lost ground (name, country, sector) fits a gain of it (the gainer's, then the target's
-- codes): it is known (an unknown side's yielding says nothing about whose ground, "the facilities
-- passed"), it is not the gainer, and it is the side the gain took the ground from where the gain says.
-- A gain's target says so only when it is a side (its sector known): the ground itself ("regained
-- eastern Aleppo") is coded by its country, or as its people (CVL), who hold no ground to lose.
CREATE OR REPLACE TEMP MACRO incident_loser_fits(
        name, country, sector, g_name, g_country, g_sector, t_country, t_sector) AS
    coalesce(name, country, sector) IS NOT NULL
    AND name IS DISTINCT FROM g_name AND NOT incident_codes_agree(country, sector, g_country, g_sector)
    AND (coalesce(t_sector, 'CVL') = 'CVL' OR incident_codes_agree(country, sector, t_country, t_sector));
"""

NODES = f"""
CREATE OR REPLACE TEMP TABLE incident_nodes AS
SELECT *,
       -- What the rules read; an event without a place or a date matches as itself alone.
       CASE WHEN geonameid IS NULL OR date_start IS NULL THEN 'event ' || event_id
            ELSE md5(concat_ws('|', type_key, geonameid, at_document_place, named_actor, coalesce(actor_name, '-'),
                               coalesce(actor_country, '-'), coalesce(actor_sector, '-'), date_start, date_end,
                               -- only a change of ground reads the target's codes (the converse rule)
                               CASE WHEN territory IS NOT NULL
                                    THEN concat_ws('|', territory, coalesce(target_country, '-'),
                                                   coalesce(target_sector, '-')) END))
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
       -- A change of ground: a side takes it (occupies territory) or gives it up (retreats, surrenders).
       CASE WHEN {gains_ground("e.cameo_code")} THEN 'gain' WHEN {loses_ground("e.cameo_code")} THEN 'loss'
       END AS territory,
       e.actor_name, e.actor_country, e.actor_sector, e.target_country, e.target_sector,
       coalesce(e.place_geonameid, dp.geonameid) AS geonameid,
       e.place_geonameid IS NULL AND dp.geonameid IS NOT NULL AS at_document_place,
       -- The event's own sentence names its place (else its place is its document's first); only an
       -- undated report's is read.
       CASE WHEN d.published_date IS NULL THEN coalesce(contains(lower(e.sentence), lower(e.place)), false)
            ELSE false END AS place_in_sentence,
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
  -- Dated within the range, or undated altogether (its report gives no date: it may join the one
  -- incident it fits, see UNDATED).
  AND ((e.date_start IS NOT NULL AND e.date_end IS NOT NULL AND e.date_end - e.date_start <= $max_range_days)
       OR (e.date_start IS NULL AND e.date_end IS NULL AND d.published_date IS NULL))
  AND split_part(e.action, ' ', 1) NOT IN (SELECT unnest($reporting_verbs::VARCHAR[]))
)
"""

SIGNATURES = """
-- Reports that agree in everything the rules read are one signature: they join each other without a
-- comparison, and the pairwise step compares signatures. Copies of one wire story, or a hundred
-- reports of the same shelling, cost one row, not their pairs.
CREATE OR REPLACE TEMP TABLE incident_signatures AS
SELECT signature, any_value(event_type) AS event_type, any_value(type_key) AS type_key,
       -- Gains and losses of ground are compared with each other, whatever their categories.
       coalesce('territory ' || any_value(CASE WHEN territory IS NOT NULL THEN 'change' END),
                any_value(type_key)) AS block_type,
       any_value(territory) AS territory,
       any_value(actor_name) AS actor_name, any_value(named_actor) AS named_actor,
       any_value(actor_country) AS actor_country, any_value(actor_sector) AS actor_sector,
       any_value(target_country) AS target_country, any_value(target_sector) AS target_sector,
       any_value(geonameid) AS geonameid, any_value(at_document_place) AS at_document_place,
       bool_and(place_in_sentence) AS place_in_sentence,
       any_value(country) AS country, any_value(admin1) AS admin1, any_value(feature_code) AS feature_code,
       any_value(date_start) AS date_start, any_value(date_end) AS date_end,
       min(report_key) AS report_key, count(*) AS reports
FROM incident_nodes
GROUP BY signature
"""

PLACES_AGREE = """
    -- Containment needs places the events name: a document's place stands in only for itself. A named
    -- person or organisation doing the same kind of thing in one country on the same days is one
    -- incident wherever its reports place it (a statement reported from two campaign stops).
    (a.geonameid = b.geonameid
     OR (NOT a.at_document_place AND NOT b.at_document_place AND a.country = b.country
         AND ((a.feature_code LIKE 'PCL%' OR b.feature_code LIKE 'PCL%')
              OR (a.admin1 = b.admin1 AND (a.feature_code = 'ADM1' OR b.feature_code = 'ADM1'))))
     OR (a.named_actor AND b.named_actor AND a.actor_name = b.actor_name AND a.country = b.country))
"""

ACTORS_AGREE = """
    -- A country says little about where: at a country's level only the same actor makes two reports one.
    (coalesce(a.feature_code, '') NOT LIKE 'PCL%' AND coalesce(b.feature_code, '') NOT LIKE 'PCL%'
     OR a.actor_name = b.actor_name
     OR (a.actor_country = b.actor_country AND a.actor_sector = b.actor_sector))
    -- Actors agree unless they name different actors whose known codes differ.
    AND (a.actor_name IS NULL OR b.actor_name IS NULL OR a.actor_name = b.actor_name
         OR incident_codes_agree(a.actor_country, a.actor_sector, b.actor_country, b.actor_sector))
"""

TERRITORY_CONVERSE = """
    -- One side's loss of ground is another's gain of it: the loser is not the gainer, and where the
    -- gain names whom it took the ground from (its target's codes), the loser is that side. Not at a
    -- country's level: "lost ground in Syria" does not say which ground.
    (coalesce(a.feature_code, '') NOT LIKE 'PCL%' AND coalesce(b.feature_code, '') NOT LIKE 'PCL%'
     AND ((a.territory = 'loss' AND b.territory = 'gain' AND incident_loser_fits(
               a.actor_name, a.actor_country, a.actor_sector,
               b.actor_name, b.actor_country, b.actor_sector, b.target_country, b.target_sector))
          OR (b.territory = 'loss' AND a.territory = 'gain' AND incident_loser_fits(
               b.actor_name, b.actor_country, b.actor_sector,
               a.actor_name, a.actor_country, a.actor_sector, a.target_country, a.target_sector))))
"""

SAME_ACTOR = (
    "(a.actor_name = b.actor_name OR (a.actor_country = b.actor_country AND a.actor_sector = b.actor_sector))"
)
"""Both reports name the same actor: its normalised name, or both its codes."""

PAIR_COLUMNS = f"""
    a.signature AS a, b.signature AS b, a.event_type IS NOT NULL AS coded,
    a.territory IS NOT NULL AND b.territory IS NOT NULL AND a.territory <> b.territory AS converse,
    a.geonameid = b.geonameid AS same_place,
    a.named_actor AND b.named_actor AND a.actor_name = b.actor_name AS same_named_actor,
    a.country = b.country AND (a.feature_code LIKE 'PCL%' OR b.feature_code LIKE 'PCL%'
        OR (a.admin1 = b.admin1 AND (a.feature_code = 'ADM1' OR b.feature_code = 'ADM1'))) AS contained,
    a.at_document_place OR b.at_document_place AS document_place,
    coalesce({SAME_ACTOR}, false) AS same_actor,
    -- for a converse pair: the loss, and the side that gained
    CASE WHEN a.territory = 'loss' THEN a.signature ELSE b.signature END AS loser,
    CASE WHEN a.territory = 'gain' THEN a.actor_country ELSE b.actor_country END AS gainer_country,
    CASE WHEN a.territory = 'gain' THEN a.actor_sector ELSE b.actor_sector END AS gainer_sector
"""

LINK_RULES = f"""
    {PLACES_AGREE}
    AND CASE WHEN a.territory IS NOT NULL AND b.territory IS NOT NULL AND a.territory <> b.territory
             THEN {TERRITORY_CONVERSE}
             ELSE {ACTORS_AGREE} END
"""
"""Two reports may be one incident, their dates aside: places agree, and actors agree or are converse."""

SCORE_AND_REASON = """
    (1.0
     + CASE WHEN same_place AND NOT document_place THEN 1.0 WHEN document_place THEN 0.25
            WHEN same_named_actor AND NOT contained THEN 0.25 ELSE 0.5 END
     + CASE WHEN converse THEN 0.75 WHEN same_actor THEN 1.0 ELSE 0.5 END
     + CASE WHEN undated THEN 0.25 WHEN same_days THEN 1.0 ELSE 0.5 END) / 4 AS score,
    concat_ws('; ', CASE WHEN converse THEN 'converse change of ground' WHEN coded THEN 'same type'
                         ELSE 'same action' END,
              CASE WHEN same_place AND NOT document_place THEN 'same place'
                   WHEN document_place THEN 'the document''s place'
                   WHEN same_named_actor AND NOT contained THEN 'same named actor in the country'
                   ELSE 'contained place' END,
              CASE WHEN converse THEN 'the loser is not the gainer' WHEN same_actor THEN 'same actor'
                   ELSE 'actor unknown in one' END,
              CASE WHEN undated THEN 'undated report, the one incident it fits'
                   WHEN same_days THEN 'same days' WHEN gap <= $tolerance_days THEN 'dates within tolerance'
                   ELSE 'ground held: reported within the range' END) AS reason
"""
"""A link's score (0-1, the mean of four agreements) and its reason, over the columns of PAIR_COLUMNS."""

EDGES = f"""
CREATE OR REPLACE TEMP TABLE incident_links AS
WITH blocks AS (
    -- Each event in each (type, country, day) block its reach covers: its days, and the tolerance
    -- before them (a change of ground: the range before them, as ground taken stays taken and is
    -- reported on later days). Two events share a block exactly when their ranges can be close
    -- enough and their places can agree (containment never crosses a country).
    SELECT signature, block_type, coalesce(country, 'id ' || geonameid) AS area,
           unnest(generate_series(
               date_start - CASE WHEN territory IS NULL THEN $tolerance_days ELSE $max_range_days END,
               date_end, INTERVAL 1 DAY)) AS day
    FROM incident_signatures WHERE geonameid IS NOT NULL AND date_start IS NOT NULL
), candidates AS (
    SELECT DISTINCT a.signature AS a, b.signature AS b
    FROM blocks a JOIN blocks b
      ON a.block_type = b.block_type AND a.area = b.area AND a.day = b.day AND a.signature < b.signature
), pairs AS (
    SELECT {PAIR_COLUMNS}, false AS undated,
           a.date_start = b.date_start AND a.date_end = b.date_end AS same_days,
           -- days between the two ranges (0 or less when they overlap)
           greatest(a.date_start, b.date_start) - least(a.date_end, b.date_end) AS gap
    FROM candidates c
    JOIN incident_signatures a ON a.signature = c.a
    JOIN incident_signatures b ON b.signature = c.b
    WHERE {LINK_RULES}
), linked AS (
    -- Close in time, or ground held: a gain (or loss) of ground by the same side, or its converse,
    -- reported again within the range.
    SELECT * FROM pairs WHERE gap <= $tolerance_days OR converse OR same_actor
), contested AS (
    -- A loss that is the converse of gains by different sides could be the converse of either: it
    -- joins none, so two sides' claims to the same ground stay two incidents.
    SELECT loser FROM linked WHERE converse
    GROUP BY loser HAVING count(DISTINCT gainer_country) > 1 OR count(DISTINCT gainer_sector) > 1
)
SELECT a, b, {SCORE_AND_REASON}
FROM linked
WHERE NOT (converse AND loser IN (SELECT loser FROM contested))
"""

LABELS = """
CREATE OR REPLACE TEMP TABLE incident_labels AS
SELECT signature, report_key AS label FROM incident_signatures WHERE date_start IS NOT NULL
"""

PROPAGATE = """
UPDATE incident_labels SET label = best.label
FROM (
    SELECT l.a AS signature, min(n.label) AS label
    FROM (SELECT a, b FROM incident_links UNION ALL SELECT b, a FROM incident_links) l
    JOIN incident_labels n ON n.signature = l.b
    GROUP BY l.a
) best
WHERE incident_labels.signature = best.signature AND best.label < incident_labels.label
"""

UNDATED = f"""
-- A report that gives no date at all (no publication date, none in its text) joins the incident it
-- fits when it fits exactly one: its type agrees with that incident's reports, its sentence names
-- the same place (not a place containing it, not its document's), and it names the same actor, or
-- it is a known side's loss of the ground the incident's side gained (an undated gain needs the
-- same gainer: another side's capture fits the loser's report too); no other incident's reports
-- fit it so. Fitting two, it could be either, and joins
-- neither. Without a date, only such close agreement tells one story from another.
CREATE OR REPLACE TEMP TABLE incident_undated AS
WITH fits AS (
    SELECT l.label, {PAIR_COLUMNS}, true AS undated, false AS same_days, NULL::INTEGER AS gap
    FROM incident_signatures a
    JOIN incident_signatures b
      ON b.block_type = a.block_type AND coalesce(b.country, 'id ' || b.geonameid) = coalesce(a.country, 'id ' || a.geonameid)
    JOIN incident_labels l ON l.signature = b.signature
    WHERE a.date_start IS NULL AND a.geonameid IS NOT NULL AND b.date_start IS NOT NULL AND {LINK_RULES}
      AND a.place_in_sentence AND a.geonameid = b.geonameid AND NOT b.at_document_place
      AND (a.actor_name = b.actor_name
           OR (a.territory = 'loss' AND b.territory = 'gain' AND coalesce(a.actor_country, a.actor_sector) IS NOT NULL))
), scored AS (
    SELECT a AS signature, label, {SCORE_AND_REASON} FROM fits
)
-- the best link's reason; of links that score alike, the last reason in order, so a re-run picks the same
SELECT signature, any_value(label) AS label, max(score) AS score,
       max(struct_pack(s := score, r := reason)).r AS reason
FROM scored
GROUP BY signature
HAVING count(DISTINCT label) = 1
"""

MEMBERS = """
INSERT INTO incident_events
WITH best_link AS (
    -- the best link's reason; of links that score alike, the last reason in order (a re-run picks the same)
    SELECT signature, max(score) AS score, max(struct_pack(s := score, r := reason)).r AS reason
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
), members AS (
    SELECT n.event_id, n.doc_id, n.report_key, l.label, b.score, b.reason
    FROM incident_nodes n
    JOIN incident_labels l USING (signature)
    LEFT JOIN best_link b USING (signature)
    UNION ALL
    SELECT n.event_id, n.doc_id, n.report_key, u.label, u.score, u.reason
    FROM incident_nodes n
    JOIN incident_undated u USING (signature)
)
SELECT 'inc_' || substr(md5(split_part(label, ' ', 2)), 1, 16) AS incident_id, event_id, doc_id,
       CASE WHEN report_key = label THEN 1.0 ELSE coalesce(score, 1.0) END,
       CASE WHEN report_key = label THEN 'first report' ELSE coalesce(reason, 'first report') END
FROM members
"""

INCIDENTS = f"""
INSERT INTO incidents
WITH gaining AS (
    SELECT DISTINCT m.incident_id FROM incident_events m JOIN events e USING (event_id)
    WHERE {gains_ground("e.cameo_code")}
), members AS (
    SELECT m.incident_id, e.*, d.published_date, d.publisher,
           coalesce(CAST(d.published_date AS VARCHAR), '9999-12-31') || ' ' || e.event_id AS report_key,
           -- In an incident where a side gains ground, a loss of it tells who lost (the target), not who
           -- acted: "the rebels lost" beside "the army took".
           {loses_ground("e.cameo_code")} AND g.incident_id IS NOT NULL AS converse
    FROM incident_events m JOIN events e USING (event_id) JOIN documents d ON d.doc_id = e.doc_id
    LEFT JOIN gaining g ON g.incident_id = m.incident_id
), votes AS (
    -- What most of an incident's reports say, slot by slot; a tie goes to the earliest report's.
    SELECT incident_id, slot, value FROM (
        SELECT incident_id, slot, value,
               row_number() OVER (PARTITION BY incident_id, slot ORDER BY count(*) DESC, min(report_key)) AS rank
        FROM (
            UNPIVOT (SELECT incident_id, report_key,
                            CASE WHEN NOT converse THEN event_type END AS event_type,
                            CASE WHEN NOT converse THEN action END AS action,
                            CASE WHEN NOT converse THEN actor_name END AS actor_name,
                            CASE WHEN NOT converse THEN actor_country END AS actor_country,
                            CASE WHEN NOT converse THEN actor_sector END AS actor_sector,
                            CASE WHEN converse THEN actor ELSE target END AS target,
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

TEMP_TABLES = (
    "incident_nodes",
    "incident_signatures",
    "incident_links",
    "incident_labels",
    "incident_undated",
)
"""The scratch tables a refresh makes and drops."""
