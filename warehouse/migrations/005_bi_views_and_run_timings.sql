-- 005: per-stage timings of a run, BI-friendly views (a star schema over the clean events),
-- and a comment on every table and column that did not have one yet.

ALTER TABLE runs ADD COLUMN documents_replaced INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN full_refresh BOOLEAN DEFAULT FALSE;
ALTER TABLE runs ADD COLUMN discover_seconds DOUBLE;
ALTER TABLE runs ADD COLUMN read_seconds DOUBLE;
ALTER TABLE runs ADD COLUMN extract_seconds DOUBLE;
ALTER TABLE runs ADD COLUMN load_seconds DOUBLE;
ALTER TABLE runs ADD COLUMN validate_seconds DOUBLE;
ALTER TABLE runs ADD COLUMN publish_seconds DOUBLE;

COMMENT ON COLUMN runs.run_id IS 'Warehouse run id: UTC start time and a random suffix (sortable).';
COMMENT ON COLUMN runs.status IS 'running, succeeded, failed, or interrupted (the run was killed; set by the next run).';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.ended_at IS 'When the run ended (UTC); NULL while running or when the run was killed.';
COMMENT ON COLUMN runs.events_loaded IS 'Events written in this run.';
COMMENT ON COLUMN runs.quantities_loaded IS 'Quantities written in this run.';
COMMENT ON COLUMN runs.expectations_passed IS 'Expectations that held at the validation of this run.';
COMMENT ON COLUMN runs.expectations_failed IS 'Expectations that failed at the validation of this run.';
COMMENT ON COLUMN runs.message IS 'Why the run failed or was interrupted; NULL when it succeeded.';
COMMENT ON COLUMN runs.documents_replaced IS 'Documents of this run that replaced an older version of the same source record (changed content or extractor version).';
COMMENT ON COLUMN runs.full_refresh IS 'TRUE when the run re-extracted every input document (--full-refresh).';
COMMENT ON COLUMN runs.discover_seconds IS 'Time spent finding input files, in seconds.';
COMMENT ON COLUMN runs.read_seconds IS 'Time spent reading and cleaning files, in seconds.';
COMMENT ON COLUMN runs.extract_seconds IS 'Time spent extracting events with spaCy, in seconds.';
COMMENT ON COLUMN runs.load_seconds IS 'Time spent writing to the warehouse, in seconds.';
COMMENT ON COLUMN runs.validate_seconds IS 'Time spent validating with Great Expectations, in seconds.';
COMMENT ON COLUMN runs.publish_seconds IS 'Time spent publishing the BI snapshot, in seconds; NULL when none was published.';

COMMENT ON COLUMN rejected_files.run_id IS 'Run that met the rejected input (-> runs.run_id).';
COMMENT ON COLUMN rejected_files.rejected_at IS 'When the input was rejected (UTC).';

COMMENT ON COLUMN validation_results.run_id IS 'Run the validation belongs to (-> runs.run_id).';
COMMENT ON COLUMN validation_results.suite IS 'Expectation suite: one per table (documents, events, quantities).';
COMMENT ON COLUMN validation_results.expectation IS 'Expectation name, table first (quantities.percent_between_0_and_100).';
COMMENT ON COLUMN validation_results.column_name IS 'Column the expectation checks; NULL for table-level expectations.';
COMMENT ON COLUMN validation_results.success IS 'TRUE when every checked row met the expectation.';
COMMENT ON COLUMN validation_results.element_count IS 'Rows checked.';
COMMENT ON COLUMN validation_results.unexpected_count IS 'Rows that failed the expectation.';
COMMENT ON COLUMN validation_results.validated_at IS 'When the expectation was evaluated (UTC).';

COMMENT ON TABLE schema_migrations IS 'Migrations applied to this warehouse, one row per file of warehouse/migrations.';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number (the NNN of NNN_name.sql).';
COMMENT ON COLUMN schema_migrations.name IS 'Migration file name.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When the migration was applied (UTC).';

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
COMMENT ON COLUMN events_clean.date_source IS 'text: a time expression of the sentence; publication: the document''s publication date.';
COMMENT ON COLUMN events_clean.event_rank IS '1 = the document''s main event (headline or lead), then 2, 3, ... in order of appearance.';
COMMENT ON COLUMN events_clean.modality IS 'asserted, negated, future, hypothetical or attempted.';
COMMENT ON COLUMN events_clean.attribution IS 'Who reports the event (the speaker of said/told/according to); NULL when asserted by the document.';
COMMENT ON COLUMN events_clean.media_seconds IS 'Transcripts: seconds into the video where the sentence starts.';
COMMENT ON COLUMN events_clean.run_id IS 'Run that loaded the event (-> runs.run_id).';
COMMENT ON COLUMN events_clean.dq_status IS 'Always pass in this view.';
COMMENT ON COLUMN events_clean.dq_failed IS 'Always empty in this view.';

-- ---------------------------------------------------------------- BI views
-- Built on the clean rows only: a dashboard never shows a row an expectation flagged.

CREATE VIEW dim_documents AS
SELECT
    d.doc_id,
    d.source_name,
    d.external_id,
    d.title,
    d.publisher,
    d.url,
    d.published_date,
    d.published_date_source,
    d.format,
    d.byte_size,
    length(d.text) AS text_chars,
    (SELECT count(*) FROM events_clean e WHERE e.doc_id = d.doc_id) AS event_count,
    d.loaded_at
FROM documents d;
COMMENT ON VIEW dim_documents IS 'BI dimension: one row per document, without its text.';
COMMENT ON COLUMN dim_documents.doc_id IS 'Document key (-> fact_events.doc_id).';
COMMENT ON COLUMN dim_documents.source_name IS 'File name as found on disk.';
COMMENT ON COLUMN dim_documents.external_id IS 'The record''s own id in its source; NULL when none.';
COMMENT ON COLUMN dim_documents.title IS 'Headline; NULL when none was found.';
COMMENT ON COLUMN dim_documents.publisher IS 'Publisher or channel; NULL when unknown.';
COMMENT ON COLUMN dim_documents.url IS 'URL of the original article or video; NULL when unknown.';
COMMENT ON COLUMN dim_documents.published_date IS 'Publication date of the document; NULL when it cannot be told.';
COMMENT ON COLUMN dim_documents.published_date_source IS 'How published_date was found: metadata, dateline, text, caption, unknown.';
COMMENT ON COLUMN dim_documents.format IS 'Detected input format: text, transcript, newsplease, jsonl, html, markdown, srt, vtt.';
COMMENT ON COLUMN dim_documents.byte_size IS 'Size of the raw input, in bytes.';
COMMENT ON COLUMN dim_documents.text_chars IS 'Length of the cleaned text, in characters.';
COMMENT ON COLUMN dim_documents.event_count IS 'Clean events read from the document.';
COMMENT ON COLUMN dim_documents.loaded_at IS 'When this version of the document was loaded (UTC).';

CREATE VIEW dim_places AS
SELECT
    coalesce(place_name, place) AS place_key,
    any_value(place_name) AS place_name,
    any_value(place_country_code) AS country_code,
    any_value(place_latitude) AS latitude,
    any_value(place_longitude) AS longitude,
    list_sort(list_distinct(list(place))) AS written_as,
    count(*) AS event_count
FROM events_clean
WHERE place IS NOT NULL
GROUP BY ALL;
COMMENT ON VIEW dim_places IS 'BI dimension: one row per place, keyed by its gazetteer name (or its written form when unresolved).';
COMMENT ON COLUMN dim_places.place_key IS 'Place key (-> fact_events.place_key): canonical name when resolved, else the place as written.';
COMMENT ON COLUMN dim_places.place_name IS 'Canonical gazetteer name (GeoNames); NULL when the place was not resolved.';
COMMENT ON COLUMN dim_places.country_code IS 'ISO 3166-1 alpha-2 country code; NULL when unresolved.';
COMMENT ON COLUMN dim_places.latitude IS 'Latitude, decimal degrees (WGS84); NULL when unresolved.';
COMMENT ON COLUMN dim_places.longitude IS 'Longitude, decimal degrees (WGS84); NULL when unresolved.';
COMMENT ON COLUMN dim_places.written_as IS 'The ways the texts write this place (eastern Aleppo, Aleppo).';
COMMENT ON COLUMN dim_places.event_count IS 'Clean events that happened at this place.';

CREATE VIEW dim_actors AS
SELECT
    actor,
    mode(actor_type) AS actor_type,
    count(*) AS event_count,
    count(DISTINCT doc_id) AS document_count,
    min(date_start) AS first_date,
    max(coalesce(date_end, date_start)) AS last_date
FROM events_clean
WHERE actor IS NOT NULL
GROUP BY actor;
COMMENT ON VIEW dim_actors IS 'BI dimension: one row per actor (as written), with how often it acts.';
COMMENT ON COLUMN dim_actors.actor IS 'Actor as a noun phrase, as written (-> fact_events.actor).';
COMMENT ON COLUMN dim_actors.actor_type IS 'Most frequent coarse type: person, organisation, state, armed_group, civilians, group, other.';
COMMENT ON COLUMN dim_actors.event_count IS 'Clean events with this actor.';
COMMENT ON COLUMN dim_actors.document_count IS 'Documents with at least one such event.';
COMMENT ON COLUMN dim_actors.first_date IS 'First day of its earliest dated event; NULL when none is dated.';
COMMENT ON COLUMN dim_actors.last_date IS 'Last day of its latest dated event; NULL when none is dated.';

CREATE VIEW dim_dates AS
WITH bounds AS (
    SELECT min(date_start) AS first_day, max(coalesce(date_end, date_start)) AS last_day
    FROM events_clean
)
SELECT
    day::DATE AS date_key,
    year(day) AS year,
    quarter(day) AS quarter,
    month(day) AS month,
    monthname(day) AS month_name,
    day(day) AS day_of_month,
    isodow(day) AS iso_day_of_week,
    dayname(day) AS day_name,
    weekofyear(day) AS iso_week,
    isodow(day) >= 6 AS is_weekend
FROM bounds, generate_series(bounds.first_day, bounds.last_day, INTERVAL 1 DAY) AS days(day)
WHERE bounds.first_day IS NOT NULL;
COMMENT ON VIEW dim_dates IS 'BI dimension: one row per calendar day from the first to the last day of any clean event.';
COMMENT ON COLUMN dim_dates.date_key IS 'The day (-> fact_events.date_start).';
COMMENT ON COLUMN dim_dates.year IS 'Calendar year.';
COMMENT ON COLUMN dim_dates.quarter IS 'Calendar quarter, 1-4.';
COMMENT ON COLUMN dim_dates.month IS 'Month number, 1-12.';
COMMENT ON COLUMN dim_dates.month_name IS 'Month name in English (December).';
COMMENT ON COLUMN dim_dates.day_of_month IS 'Day of the month, 1-31.';
COMMENT ON COLUMN dim_dates.iso_day_of_week IS 'ISO day of the week: 1 = Monday ... 7 = Sunday.';
COMMENT ON COLUMN dim_dates.day_name IS 'Day name in English (Monday).';
COMMENT ON COLUMN dim_dates.iso_week IS 'ISO week number, 1-53.';
COMMENT ON COLUMN dim_dates.is_weekend IS 'TRUE on Saturday and Sunday.';

CREATE VIEW fact_quantities AS
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
JOIN events_clean e USING (event_id)
WHERE q.dq_status = 'pass';
COMMENT ON VIEW fact_quantities IS 'BI fact: one row per clean quantity claim, with its event''s keys.';
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

CREATE VIEW fact_events AS
SELECT
    e.event_id,
    e.doc_id,
    d.source_name,
    d.publisher,
    d.published_date,
    e.sentence,
    e.trigger,
    e.action,
    e.actor,
    e.actor_type,
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
FROM events_clean e
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
COMMENT ON VIEW fact_events IS 'BI fact: one row per clean event, with its document, place, date parts and quantities.';
COMMENT ON COLUMN fact_events.event_id IS 'Event key (-> fact_quantities.event_id).';
COMMENT ON COLUMN fact_events.doc_id IS 'Document the event was read from (-> dim_documents.doc_id).';
COMMENT ON COLUMN fact_events.source_name IS 'File name of the document.';
COMMENT ON COLUMN fact_events.publisher IS 'Publisher or channel of the document; NULL when unknown.';
COMMENT ON COLUMN fact_events.published_date IS 'Publication date of the document; NULL when it cannot be told.';
COMMENT ON COLUMN fact_events.sentence IS 'The sentence the event was read from.';
COMMENT ON COLUMN fact_events.trigger IS 'The word expressing the event, as written.';
COMMENT ON COLUMN fact_events.action IS 'Normalised action, lemma first (regain control).';
COMMENT ON COLUMN fact_events.actor IS 'Who did it (-> dim_actors.actor); NULL when the text does not say.';
COMMENT ON COLUMN fact_events.actor_type IS 'Coarse actor type: person, organisation, state, armed_group, civilians, group, other.';
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
COMMENT ON COLUMN fact_events.modality IS 'asserted, negated, future, hypothetical or attempted.';
COMMENT ON COLUMN fact_events.attribution IS 'Who reports the event; NULL when asserted by the document.';
COMMENT ON COLUMN fact_events.quantity_count IS 'Clean quantities attached to the event (details in fact_quantities).';
COMMENT ON COLUMN fact_events.quantities IS 'The quantities as written with their unit (98 percent [percent]); NULL when none.';
