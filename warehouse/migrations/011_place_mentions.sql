-- 011: every place name of a document, resolved to a GeoNames entry (extractors.nlp.place_mentions),
-- the GeoNames id of each event's place, and dim_places with ids, admin areas, feature class and
-- coordinates. Rows loaded before keep no mentions and a NULL place_geonameid until re-extracted.

CREATE TABLE place_mentions (
    doc_id        VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    name          VARCHAR,
    geonameid     BIGINT,
    country_code  VARCHAR,
    latitude      DOUBLE,
    longitude     DOUBLE,
    feature_class VARCHAR,
    feature_code  VARCHAR,
    admin1_code   VARCHAR,
    admin1_name   VARCHAR,
    admin2_name   VARCHAR,
    population    BIGINT,
    resolution    VARCHAR,
    run_id        VARCHAR NOT NULL
);
COMMENT ON TABLE place_mentions IS 'One row per place name in a document (headline and body), resolved to a GeoNames entry from the document''s evidence; a name that could not be resolved is kept with NULLs.';
COMMENT ON COLUMN place_mentions.doc_id IS 'Document the name is in (-> documents.doc_id).';
COMMENT ON COLUMN place_mentions.start_char IS 'Start of the name in the document''s cleaned text (characters, 0-based, inclusive).';
COMMENT ON COLUMN place_mentions.end_char IS 'End of the name in the document''s cleaned text (exclusive).';
COMMENT ON COLUMN place_mentions.text IS 'The name as written, without a leading "the", qualifier or possessive (eastern Aleppo -> Aleppo).';
COMMENT ON COLUMN place_mentions.name IS 'Canonical GeoNames name of the resolved place; NULL when the name could not be resolved.';
COMMENT ON COLUMN place_mentions.geonameid IS 'GeoNames id of the resolved place; NULL when unresolved, and for US counties (the packaged GeoNames data gives them no id).';
COMMENT ON COLUMN place_mentions.country_code IS 'ISO 3166-1 alpha-2 code of the resolved place''s country; NULL when unresolved or a continent.';
COMMENT ON COLUMN place_mentions.latitude IS 'Latitude, decimal degrees (WGS84), -90 to 90; for a country or US state the centre of its GeoNames cities; NULL when unresolved or unknown (US counties).';
COMMENT ON COLUMN place_mentions.longitude IS 'Longitude, decimal degrees (WGS84), -180 to 180; as latitude.';
COMMENT ON COLUMN place_mentions.feature_class IS 'GeoNames feature class: P populated place, A administrative area (country, state, county), L continent; NULL when unresolved.';
COMMENT ON COLUMN place_mentions.feature_code IS 'GeoNames feature code where known: PCLI (country), ADM1 (US state), ADM2 (US county), CONT (continent), PPLC (national capital); NULL for other cities (the packaged data gives none).';
COMMENT ON COLUMN place_mentions.admin1_code IS 'GeoNames first-level administrative code of the place within its country (LA, 09); NULL for countries and continents.';
COMMENT ON COLUMN place_mentions.admin1_name IS 'Name of that first-level area where known (US states); NULL elsewhere.';
COMMENT ON COLUMN place_mentions.admin2_name IS 'Name of the second-level area where known (a US county''s own name); NULL elsewhere.';
COMMENT ON COLUMN place_mentions.population IS 'Inhabitants per GeoNames (a US state: the sum of its listed cities); 0 when unknown, NULL when unresolved.';
COMMENT ON COLUMN place_mentions.resolution IS 'How the entry was chosen among those of the name: only candidate, containment ("Aleppo, Syria"), feature type ("the city of"), co-mention (the document names its US state or county), focal region (most of the document''s names are in that state or province), focal country (most of the document''s names are in that country), population (the prior: a country first, then a national capital, then the larger place); NULL when unresolved.';
COMMENT ON COLUMN place_mentions.run_id IS 'Run that loaded this row (-> runs.run_id): the data-quality gate reports the share of unresolved mentions per run.';

ALTER TABLE events ADD COLUMN place_geonameid BIGINT;
COMMENT ON COLUMN events.place_geonameid IS 'GeoNames id of the resolved place mention the event''s place comes from (-> place_mentions.geonameid), when its entry agrees with place_name and place_country_code; NULL otherwise.';
-- A view keeps the columns it was created with (SELECT * is expanded then): recreate the clean view
-- (its column comments copied from migration 010, plus place_geonameid; keep the two in step)
-- so it shows the new columns, and comment its columns again (CREATE OR REPLACE drops their comments).
CREATE OR REPLACE VIEW events_clean AS
    SELECT * FROM events WHERE dq_status = 'pass';
COMMENT ON VIEW events_clean IS 'Events that passed every expectation at the last validation.';
COMMENT ON COLUMN events_clean.event_id IS 'Stable across re-runs of the same extractor version.';
COMMENT ON COLUMN events_clean.doc_id IS 'Document the event was read from (-> documents.doc_id).';
COMMENT ON COLUMN events_clean.sentence IS 'The sentence, exactly as in the cleaned text.';
COMMENT ON COLUMN events_clean.start_char IS 'Start of the sentence in documents.text (characters, 0-based, inclusive).';
COMMENT ON COLUMN events_clean.end_char IS 'End of the sentence in documents.text (characters, exclusive).';
COMMENT ON COLUMN events_clean.trigger IS 'The word expressing the event, as written (regained).';
COMMENT ON COLUMN events_clean.action IS 'Normalised action, lemma first (regain control).';
COMMENT ON COLUMN events_clean.actor IS 'Who did it, as a noun phrase; NULL when the text does not say.';
COMMENT ON COLUMN events_clean.actor_type IS 'Coarse actor type: person, organisation, state, armed_group, civilians, group, other.';
COMMENT ON COLUMN events_clean.place IS 'Where it happened, as written (eastern Aleppo); NULL when not stated.';
COMMENT ON COLUMN events_clean.place_name IS 'Canonical gazetteer name of the place (GeoNames), when resolved.';
COMMENT ON COLUMN events_clean.place_country_code IS 'ISO 3166-1 alpha-2 country code of the place.';
COMMENT ON COLUMN events_clean.place_latitude IS 'Latitude of the place, decimal degrees (WGS84).';
COMMENT ON COLUMN events_clean.place_longitude IS 'Longitude of the place, decimal degrees (WGS84).';
COMMENT ON COLUMN events_clean.date_start IS 'First day of the event (inclusive).';
COMMENT ON COLUMN events_clean.date_end IS 'Last day of the event (inclusive); equals date_start for a single day.';
COMMENT ON COLUMN events_clean.date_text IS 'Words the date was read from; NULL when it fell back to the publication date.';
COMMENT ON COLUMN events_clean.date_granularity IS 'day, weekend, week, month, year or range.';
COMMENT ON COLUMN events_clean.date_source IS 'text: a time expression of the sentence; lead: the main event took the date of the lead; publication: the document''s publication date.';
COMMENT ON COLUMN events_clean.event_rank IS '1 = the document''s main event (headline or lead), then 2, 3, ... in order of appearance.';
COMMENT ON COLUMN events_clean.modality IS 'asserted, negated, future, hypothetical, attempted or refused.';
COMMENT ON COLUMN events_clean.attribution IS 'Who reports the event (the speaker of said/told/according to); NULL when asserted by the document.';
COMMENT ON COLUMN events_clean.media_seconds IS 'Transcripts: seconds into the video where the sentence starts.';
COMMENT ON COLUMN events_clean.run_id IS 'Run that loaded the event (-> runs.run_id).';
COMMENT ON COLUMN events_clean.dq_status IS 'Always pass in this view (validated, no expectation failed).';
COMMENT ON COLUMN events_clean.dq_failed IS 'Always empty in this view.';
COMMENT ON COLUMN events_clean.event_type IS 'PLOVER 2021 category of the event (-> dim_event_types.category); NULL when none applies.';
COMMENT ON COLUMN events_clean.cameo_code IS 'CAMEO event code the category was read from; NULL when unknown or when negation or modality changed the category.';
COMMENT ON COLUMN events_clean.plover_mode IS 'PLOVER mode of the category where the CAMEO -> PLOVER table gives one; NULL otherwise.';
COMMENT ON COLUMN events_clean.target IS 'Whom or what the action is directed at, as a noun phrase as written; NULL when the action has none.';
COMMENT ON COLUMN events_clean.actor_name IS 'Normalised name of the actor for grouping (Syrian armed forces); NULL when the actor could not be coded.';
COMMENT ON COLUMN events_clean.actor_country IS 'ISO 3166-1 alpha-3 code of the actor''s country; NULL when unknown or an international organisation.';
COMMENT ON COLUMN events_clean.actor_sector IS 'Kind of actor: GOV, MIL, COP, REB, OPP, PTY, JUD, LEG, CVL, MED, BUS, REL, EDU, HLH, IGO, NGO; NULL when unknown.';
COMMENT ON COLUMN events_clean.target_country IS 'ISO 3166-1 alpha-3 code of the target''s country; NULL when unknown, an international organisation, or no target.';
COMMENT ON COLUMN events_clean.target_sector IS 'Kind of target, same closed set as actor_sector; NULL when unknown or no target.';
COMMENT ON COLUMN events_clean.place_geonameid IS 'GeoNames id of the resolved place mention the event''s place comes from (-> place_mentions.geonameid), when its entry agrees with place_name and place_country_code; NULL otherwise.';

-- dim_places keeps its key (fact_events.place_key) and gains the GeoNames entry of its events'
-- places. It reads events rather than events_clean: that view keeps the columns it was created with.
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
    WHERE dq_status = 'pass' AND place IS NOT NULL
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
COMMENT ON COLUMN dim_places.event_count IS 'Clean events that happened at this place.';
