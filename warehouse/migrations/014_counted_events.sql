-- 014: what BI counts as an event (README, "What an event is"). An event is an action that
-- happened (asserted), that its actor announced or threatened (future), or that its actor refused
-- (refused). A negated action did not happen; a hypothetical one (a condition, a commentator's
-- prediction) and an attempt stay in events and events_clean with their modality, for SQL users,
-- but the BI views count only the events above: a chart of events per day counts things that were
-- done or declared, not things that did not happen or might.

CREATE VIEW events_counted AS
SELECT * FROM events_clean WHERE modality IN ('asserted', 'future', 'refused');
COMMENT ON VIEW events_counted IS 'Clean events that count as events in BI: asserted, announced or threatened by their actor (future), or refused. The BI facts and dimensions read this view.';
COMMENT ON COLUMN events_counted.dq_status IS 'Always pass in this view.';
COMMENT ON COLUMN events_counted.dq_failed IS 'Always empty in this view.';

-- ---------------------------------------------------------------- the BI views read events_counted
-- CREATE OR REPLACE drops a view's comments: each view's comments are stated again.
CREATE OR REPLACE VIEW fact_events AS
SELECT
    e.event_id,
    e.doc_id,
    d.source_name,
    d.publisher,
    d.published_date,
    e.sentence,
    e.trigger,
    e.action,
    e.event_type,
    e.cameo_code,
    e.plover_mode,
    e.actor,
    e.actor_type,
    e.actor_name,
    e.actor_country,
    e.actor_sector,
    e.target,
    e.target_country,
    e.target_sector,
    e.place,
    coalesce(e.place_name, e.place) AS place_key,
    e.place_country_code AS country_code,
    e.place_latitude AS latitude,
    e.place_longitude AS longitude,
    e.date_start,
    e.date_end,
    year(e.date_start) AS year,
    month(e.date_start) AS month,
    day(e.date_start) AS day_of_month,
    e.date_granularity,
    e.event_rank,
    e.modality,
    e.attribution,
    coalesce(q.quantity_count, 0) AS quantity_count,
    q.quantities
FROM events_counted e
JOIN documents d USING (doc_id)
LEFT JOIN (
    SELECT
        event_id,
        count(*) AS quantity_count,
        string_agg(text || ' [' || unit || ']', '; ' ORDER BY quantity_id) AS quantities
    FROM quantities
    WHERE dq_status = 'pass'
    GROUP BY event_id
) q USING (event_id);
COMMENT ON VIEW fact_events IS 'BI fact: one row per counted clean event (asserted, announced or refused: events_counted), coded (type, actor and target with country and sector), with its document, place, date parts and quantities.';
COMMENT ON COLUMN fact_events.event_id IS 'Event key (-> fact_quantities.event_id).';
COMMENT ON COLUMN fact_events.doc_id IS 'Document the event was read from (-> dim_documents.doc_id).';
COMMENT ON COLUMN fact_events.source_name IS 'File name of the document.';
COMMENT ON COLUMN fact_events.publisher IS 'Publisher or channel of the document; NULL when unknown.';
COMMENT ON COLUMN fact_events.published_date IS 'Publication date of the document; NULL when it cannot be told.';
COMMENT ON COLUMN fact_events.sentence IS 'The sentence the event was read from.';
COMMENT ON COLUMN fact_events.trigger IS 'The word expressing the event, as written.';
COMMENT ON COLUMN fact_events.action IS 'Normalised action, lemma first (regain control).';
COMMENT ON COLUMN fact_events.event_type IS 'PLOVER 2021 category (-> dim_event_types.category); NULL when none applies.';
COMMENT ON COLUMN fact_events.cameo_code IS 'CAMEO event code the category was read from; NULL when unknown or changed by negation or modality.';
COMMENT ON COLUMN fact_events.plover_mode IS 'PLOVER mode of the category (release, firearms, ...); NULL when the table gives none.';
COMMENT ON COLUMN fact_events.actor IS 'Who did it (-> dim_actors.actor); NULL when the text does not say.';
COMMENT ON COLUMN fact_events.actor_type IS 'Coarse actor type: person, organisation, state, armed_group, civilians, group, other.';
COMMENT ON COLUMN fact_events.actor_name IS 'Normalised actor name for grouping (Syrian armed forces); NULL when uncoded.';
COMMENT ON COLUMN fact_events.actor_country IS 'ISO 3166-1 alpha-3 code of the actor''s country; NULL when unknown or an international organisation.';
COMMENT ON COLUMN fact_events.actor_sector IS 'Actor sector: GOV, MIL, COP, REB, OPP, PTY, JUD, LEG, CVL, MED, BUS, REL, EDU, HLH, IGO, NGO; NULL when unknown.';
COMMENT ON COLUMN fact_events.target IS 'Whom or what the action is directed at, as written; NULL when none.';
COMMENT ON COLUMN fact_events.target_country IS 'ISO 3166-1 alpha-3 code of the target''s country; NULL when unknown or no target.';
COMMENT ON COLUMN fact_events.target_sector IS 'Target sector, same set as actor_sector; NULL when unknown or no target.';
COMMENT ON COLUMN fact_events.place IS 'Where it happened, as written; NULL when not stated.';
COMMENT ON COLUMN fact_events.place_key IS 'Place key (-> dim_places.place_key): canonical name when resolved, else as written.';
COMMENT ON COLUMN fact_events.country_code IS 'ISO 3166-1 alpha-2 country code of the place; NULL when unresolved.';
COMMENT ON COLUMN fact_events.latitude IS 'Latitude of the place, decimal degrees (WGS84).';
COMMENT ON COLUMN fact_events.longitude IS 'Longitude of the place, decimal degrees (WGS84).';
COMMENT ON COLUMN fact_events.date_start IS 'First day of the event, inclusive (-> dim_dates.date_key); NULL when undated.';
COMMENT ON COLUMN fact_events.date_end IS 'Last day of the event, inclusive.';
COMMENT ON COLUMN fact_events.year IS 'Year of date_start.';
COMMENT ON COLUMN fact_events.month IS 'Month of date_start, 1-12.';
COMMENT ON COLUMN fact_events.day_of_month IS 'Day of the month of date_start, 1-31.';
COMMENT ON COLUMN fact_events.date_granularity IS 'day, weekend, week, month, year or range.';
COMMENT ON COLUMN fact_events.event_rank IS '1 = the document''s main event, then 2, 3, ... in order of appearance.';
COMMENT ON COLUMN fact_events.modality IS 'asserted (it happened), future (announced or threatened by its actor) or refused; negated, hypothetical and attempted events are in events_clean only.';
COMMENT ON COLUMN fact_events.attribution IS 'Who reports the event; NULL when asserted by the document.';
COMMENT ON COLUMN fact_events.quantity_count IS 'Clean quantities attached to the event (details in fact_quantities).';
COMMENT ON COLUMN fact_events.quantities IS 'The quantities as written with their unit (98 percent [percent]); NULL when none.';

CREATE OR REPLACE VIEW dim_actors AS
SELECT
    actor,
    mode(actor_type) AS actor_type,
    mode(actor_name) AS actor_name,
    mode(actor_country) AS actor_country,
    mode(actor_sector) AS actor_sector,
    count(*) AS event_count,
    count(DISTINCT doc_id) AS document_count,
    min(date_start) AS first_date,
    max(coalesce(date_end, date_start)) AS last_date
FROM events_counted
WHERE actor IS NOT NULL
GROUP BY actor;
COMMENT ON VIEW dim_actors IS 'BI dimension: one row per actor (as written), with its coded name, country and sector and how often it acts.';
COMMENT ON COLUMN dim_actors.actor IS 'Actor as a noun phrase, as written (-> fact_events.actor).';
COMMENT ON COLUMN dim_actors.actor_type IS 'Most frequent coarse type: person, organisation, state, armed_group, civilians, group, other.';
COMMENT ON COLUMN dim_actors.actor_name IS 'Most frequent normalised name (Syrian armed forces): group by it to count one actor written several ways; NULL when never coded.';
COMMENT ON COLUMN dim_actors.actor_country IS 'Most frequent ISO 3166-1 alpha-3 country code; NULL when never coded or an international organisation.';
COMMENT ON COLUMN dim_actors.actor_sector IS 'Most frequent sector (GOV, MIL, REB, CVL, IGO, ...); NULL when never coded.';
COMMENT ON COLUMN dim_actors.event_count IS 'Counted clean events (asserted, announced or refused) with this actor.';
COMMENT ON COLUMN dim_actors.document_count IS 'Documents with at least one such event.';
COMMENT ON COLUMN dim_actors.first_date IS 'First day of its earliest dated event; NULL when none is dated.';
COMMENT ON COLUMN dim_actors.last_date IS 'Last day of its latest dated event; NULL when none is dated.';

CREATE OR REPLACE VIEW dim_event_types AS
SELECT
    t.category,
    t.definition,
    count(e.event_id) AS event_count
FROM event_types t
LEFT JOIN events_counted e ON e.event_type = t.category
GROUP BY t.category, t.definition;
COMMENT ON VIEW dim_event_types IS 'BI dimension: one row per PLOVER event category, with its definition and how many clean events it has.';
COMMENT ON COLUMN dim_event_types.category IS 'PLOVER 2021 category (-> fact_events.event_type).';
COMMENT ON COLUMN dim_event_types.definition IS 'What the category covers (PLOVER reference, CC BY-SA 4.0).';
COMMENT ON COLUMN dim_event_types.event_count IS 'Counted clean events (asserted, announced or refused) of this category; 0 when none.';

CREATE OR REPLACE VIEW fact_quantities AS
SELECT
    q.quantity_id,
    q.event_id,
    e.doc_id,
    q.value,
    q.unit,
    q.text,
    q.is_approximate,
    q.out_of,
    e.action,
    e.actor,
    coalesce(e.place_name, e.place) AS place_key,
    e.date_start
FROM quantities q
JOIN events_counted e USING (event_id)
WHERE q.dq_status = 'pass';
COMMENT ON VIEW fact_quantities IS 'BI fact: one row per clean quantity claim of a counted event (asserted, announced or refused), with its event''s keys.';
COMMENT ON COLUMN fact_quantities.quantity_id IS 'Quantity key.';
COMMENT ON COLUMN fact_quantities.event_id IS 'Event the number belongs to (-> fact_events.event_id).';
COMMENT ON COLUMN fact_quantities.doc_id IS 'Document the number was read from (-> dim_documents.doc_id).';
COMMENT ON COLUMN fact_quantities.value IS 'The number, in the unit of the unit column.';
COMMENT ON COLUMN fact_quantities.unit IS 'Closed vocabulary: percent, person, km, mile, hectare, acre, day, week, month, year, item, currency_usd, ...';
COMMENT ON COLUMN fact_quantities.text IS 'The words the number was read from.';
COMMENT ON COLUMN fact_quantities.is_approximate IS 'TRUE for hedged numbers: some, about, more than, tens of.';
COMMENT ON COLUMN fact_quantities.out_of IS 'The whole the value is part of; NULL when none.';
COMMENT ON COLUMN fact_quantities.action IS 'Normalised action of the event.';
COMMENT ON COLUMN fact_quantities.actor IS 'Actor of the event (-> dim_actors.actor); NULL when not stated.';
COMMENT ON COLUMN fact_quantities.place_key IS 'Place of the event (-> dim_places.place_key); NULL when not stated.';
COMMENT ON COLUMN fact_quantities.date_start IS 'First day of the event (-> dim_dates.date_key); NULL when undated.';

-- dim_places reads events (see 011), so it filters the modality itself.
CREATE OR REPLACE VIEW dim_places AS
WITH keyed AS (
    SELECT
        coalesce(place_name, place) AS place_key,
        any_value(place_name) AS place_name,
        any_value(place_country_code) AS country_code,
        any_value(place_latitude) AS latitude,
        any_value(place_longitude) AS longitude,
        mode(place_geonameid) AS geonameid,
        list_sort(list_distinct(list(place))) AS written_as,
        count(*) AS event_count
    FROM events
    WHERE dq_status = 'pass' AND place IS NOT NULL AND modality IN ('asserted', 'future', 'refused')
    GROUP BY ALL
),
entries AS (
    SELECT
        geonameid,
        any_value(latitude) AS latitude,
        any_value(longitude) AS longitude,
        any_value(feature_class) AS feature_class,
        any_value(feature_code) AS feature_code,
        any_value(admin1_code) AS admin1_code,
        any_value(admin1_name) AS admin1_name,
        any_value(admin2_name) AS admin2_name,
        any_value(population) AS population
    FROM place_mentions
    WHERE geonameid IS NOT NULL
    GROUP BY geonameid
)
SELECT
    k.place_key,
    k.place_name,
    k.geonameid,
    k.country_code,
    coalesce(e.latitude, k.latitude) AS latitude,
    coalesce(e.longitude, k.longitude) AS longitude,
    e.feature_class,
    e.feature_code,
    e.admin1_code,
    e.admin1_name,
    e.admin2_name,
    e.population,
    k.written_as,
    k.event_count
FROM keyed k LEFT JOIN entries e USING (geonameid);
COMMENT ON VIEW dim_places IS 'BI dimension: one row per place, keyed by its gazetteer name (or its written form when unresolved), with its GeoNames entry.';
COMMENT ON COLUMN dim_places.place_key IS 'Place key (-> fact_events.place_key): canonical name when resolved, else the place as written.';
COMMENT ON COLUMN dim_places.place_name IS 'Canonical gazetteer name (GeoNames); NULL when the place was not resolved.';
COMMENT ON COLUMN dim_places.geonameid IS 'GeoNames id of the place (the most frequent of its events''); NULL when no event of it has one.';
COMMENT ON COLUMN dim_places.country_code IS 'ISO 3166-1 alpha-2 country code; NULL when unresolved.';
COMMENT ON COLUMN dim_places.latitude IS 'Latitude, decimal degrees (WGS84): of its GeoNames entry (a country or US state: the centre of its cities), else of the events'' gazetteer; NULL when unknown.';
COMMENT ON COLUMN dim_places.longitude IS 'Longitude, decimal degrees (WGS84), as latitude.';
COMMENT ON COLUMN dim_places.feature_class IS 'GeoNames feature class: P populated place, A administrative area, L continent; NULL without a GeoNames id.';
COMMENT ON COLUMN dim_places.feature_code IS 'GeoNames feature code where known (PCLI, ADM1, ADM2, CONT, PPLC); NULL for other cities and without a GeoNames id.';
COMMENT ON COLUMN dim_places.admin1_code IS 'GeoNames first-level administrative code within its country; NULL when unknown.';
COMMENT ON COLUMN dim_places.admin1_name IS 'Name of that first-level area where known (US states); NULL elsewhere.';
COMMENT ON COLUMN dim_places.admin2_name IS 'Name of the second-level area where known (US counties); NULL elsewhere.';
COMMENT ON COLUMN dim_places.population IS 'Inhabitants per GeoNames; NULL without a GeoNames id.';
COMMENT ON COLUMN dim_places.written_as IS 'The ways the texts write this place (eastern Aleppo, Aleppo).';
COMMENT ON COLUMN dim_places.event_count IS 'Counted clean events (asserted, announced or refused) that happened at this place.';
