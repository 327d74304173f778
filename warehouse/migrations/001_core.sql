-- 001: raw documents -> events -> quantities, plus run bookkeeping.
-- Column comments state meaning and unit; docs/schema.md is generated from them.

CREATE TABLE documents (
    doc_id                VARCHAR PRIMARY KEY,
    source_name           VARCHAR NOT NULL,
    external_id           VARCHAR,
    source_uri            VARCHAR NOT NULL,
    title                 VARCHAR,
    publisher             VARCHAR,
    url                   VARCHAR,
    published_date        DATE,
    published_date_source VARCHAR NOT NULL,
    content_sha256        VARCHAR NOT NULL,
    byte_size             BIGINT NOT NULL,
    format                VARCHAR NOT NULL,
    encoding              VARCHAR NOT NULL,
    encoding_guessed      BOOLEAN NOT NULL,
    text                  VARCHAR NOT NULL,
    time_anchors          STRUCT(char_offset INTEGER, seconds DOUBLE)[],
    extractor_version     VARCHAR NOT NULL,
    run_id                VARCHAR NOT NULL,
    loaded_at             TIMESTAMP NOT NULL
);
COMMENT ON TABLE documents IS 'One row per ingested document (a file, or one record of a JSONL file), cleaned.';
COMMENT ON COLUMN documents.doc_id IS 'Stable id: hash of source name, record id and raw content; same input, same id on every run.';
COMMENT ON COLUMN documents.source_name IS 'File name as found on disk; for a file of many records, the file name.';
COMMENT ON COLUMN documents.external_id IS 'The record''s own id in its source (JSONL id, news-please dId); NULL when none.';
COMMENT ON COLUMN documents.source_uri IS 'Full path or URL the document was read from.';
COMMENT ON COLUMN documents.title IS 'Headline; NULL when none was found.';
COMMENT ON COLUMN documents.publisher IS 'Publisher or channel; NULL when unknown.';
COMMENT ON COLUMN documents.url IS 'URL of the original article or video; NULL when unknown.';
COMMENT ON COLUMN documents.published_date IS 'Publication date of the document itself; NULL when it cannot be told (never the ingestion date).';
COMMENT ON COLUMN documents.published_date_source IS 'How published_date was found: metadata, dateline, text, caption, unknown.';
COMMENT ON COLUMN documents.content_sha256 IS 'SHA-256 (hex) of the raw bytes.';
COMMENT ON COLUMN documents.byte_size IS 'Size of the raw input, in bytes.';
COMMENT ON COLUMN documents.format IS 'Detected input format: text, transcript, newsplease, jsonl, html, markdown, srt, vtt.';
COMMENT ON COLUMN documents.encoding IS 'Character encoding the raw bytes were decoded with.';
COMMENT ON COLUMN documents.encoding_guessed IS 'TRUE when the input was not UTF-8 and its encoding was detected heuristically.';
COMMENT ON COLUMN documents.text IS 'Cleaned text; events.start_char/end_char are offsets into it (characters, 0-based).';
COMMENT ON COLUMN documents.time_anchors IS 'Transcripts and subtitles: (char_offset in text, seconds into the media) pairs, in order.';
COMMENT ON COLUMN documents.extractor_version IS 'Version of the extraction code that produced this document''s events.';
COMMENT ON COLUMN documents.run_id IS 'Run that loaded this version of the document (-> runs.run_id).';
COMMENT ON COLUMN documents.loaded_at IS 'When this version was loaded (UTC).';

CREATE TABLE events (
    event_id           VARCHAR PRIMARY KEY,
    doc_id             VARCHAR NOT NULL,
    sentence           VARCHAR NOT NULL,
    start_char         INTEGER NOT NULL,
    end_char           INTEGER NOT NULL,
    trigger            VARCHAR NOT NULL,
    action             VARCHAR NOT NULL,
    actor              VARCHAR,
    actor_type         VARCHAR,
    place              VARCHAR,
    place_name         VARCHAR,
    place_country_code VARCHAR,
    place_latitude     DOUBLE,
    place_longitude    DOUBLE,
    date_start         DATE,
    date_end           DATE,
    date_text          VARCHAR,
    date_granularity   VARCHAR,
    date_source        VARCHAR,
    event_rank         INTEGER NOT NULL,
    modality           VARCHAR NOT NULL,
    attribution        VARCHAR,
    media_seconds      DOUBLE,
    run_id             VARCHAR NOT NULL,
    dq_status          VARCHAR NOT NULL DEFAULT 'pass',
    dq_failed          VARCHAR[] NOT NULL DEFAULT []
);
COMMENT ON TABLE events IS 'One row per extracted event: who did what, where, when, traced to its sentence.';
COMMENT ON COLUMN events.event_id IS 'Stable across re-runs of the same extractor version.';
COMMENT ON COLUMN events.doc_id IS 'Document the event was read from (-> documents.doc_id).';
COMMENT ON COLUMN events.sentence IS 'The sentence, exactly as in the cleaned text.';
COMMENT ON COLUMN events.start_char IS 'Start of the sentence in documents.text (characters, 0-based, inclusive).';
COMMENT ON COLUMN events.end_char IS 'End of the sentence in documents.text (characters, exclusive).';
COMMENT ON COLUMN events.trigger IS 'The word expressing the event, as written (regained).';
COMMENT ON COLUMN events.action IS 'Normalised action, lemma first (regain control).';
COMMENT ON COLUMN events.actor IS 'Who did it, as a noun phrase; NULL when the text does not say.';
COMMENT ON COLUMN events.actor_type IS 'Coarse actor type: person, organisation, state, armed_group, civilians, group, other.';
COMMENT ON COLUMN events.place IS 'Where it happened, as written (eastern Aleppo); NULL when not stated.';
COMMENT ON COLUMN events.place_name IS 'Canonical gazetteer name of the place (GeoNames), when resolved.';
COMMENT ON COLUMN events.place_country_code IS 'ISO 3166-1 alpha-2 country code of the place.';
COMMENT ON COLUMN events.place_latitude IS 'Latitude of the place, decimal degrees (WGS84).';
COMMENT ON COLUMN events.place_longitude IS 'Longitude of the place, decimal degrees (WGS84).';
COMMENT ON COLUMN events.date_start IS 'First day of the event (inclusive).';
COMMENT ON COLUMN events.date_end IS 'Last day of the event (inclusive); equals date_start for a single day.';
COMMENT ON COLUMN events.date_text IS 'Words the date was read from; NULL when it fell back to the publication date.';
COMMENT ON COLUMN events.date_granularity IS 'day, weekend, week, month, year or range.';
COMMENT ON COLUMN events.date_source IS 'text: a time expression of the sentence; publication: the document''s publication date.';
COMMENT ON COLUMN events.event_rank IS '1 = the document''s main event (headline or lead), then 2, 3, ... in order of appearance.';
COMMENT ON COLUMN events.modality IS 'asserted, negated, future, hypothetical or attempted.';
COMMENT ON COLUMN events.attribution IS 'Who reports the event (the speaker of said/told/according to); NULL when asserted by the document.';
COMMENT ON COLUMN events.media_seconds IS 'Transcripts: seconds into the video where the sentence starts.';
COMMENT ON COLUMN events.run_id IS 'Run that loaded the event (-> runs.run_id).';
COMMENT ON COLUMN events.dq_status IS 'Data-quality status from the last validation: pass, warn or fail.';
COMMENT ON COLUMN events.dq_failed IS 'Names of the expectations the row failed at the last validation.';

CREATE TABLE quantities (
    quantity_id    VARCHAR PRIMARY KEY,
    event_id       VARCHAR NOT NULL,
    value          DOUBLE NOT NULL,
    unit           VARCHAR NOT NULL,
    text           VARCHAR NOT NULL,
    is_approximate BOOLEAN NOT NULL,
    out_of         DOUBLE,
    run_id         VARCHAR NOT NULL,
    dq_status      VARCHAR NOT NULL DEFAULT 'pass',
    dq_failed      VARCHAR[] NOT NULL DEFAULT []
);
COMMENT ON TABLE quantities IS 'Numbers attached to an event (casualties, shares of territory, distances, durations).';
COMMENT ON COLUMN quantities.quantity_id IS 'Stable id of the quantity.';
COMMENT ON COLUMN quantities.event_id IS 'Event the number belongs to (-> events.event_id).';
COMMENT ON COLUMN quantities.value IS 'The number, in the unit of the unit column (tens of thousands -> 10000; 98 percent -> 98).';
COMMENT ON COLUMN quantities.unit IS 'Closed vocabulary: percent, person, km, mile, hectare, acre, day, week, month, year, item, currency_usd, ...';
COMMENT ON COLUMN quantities.text IS 'The words the number was read from.';
COMMENT ON COLUMN quantities.is_approximate IS 'TRUE for hedged numbers: some, about, more than, tens of, hundreds of.';
COMMENT ON COLUMN quantities.out_of IS 'The whole the value is part of (47 of its 57 staff -> 57); NULL when none.';
COMMENT ON COLUMN quantities.run_id IS 'Run that loaded the quantity (-> runs.run_id).';
COMMENT ON COLUMN quantities.dq_status IS 'Data-quality status from the last validation: pass, warn or fail.';
COMMENT ON COLUMN quantities.dq_failed IS 'Names of the expectations the row failed at the last validation.';

CREATE TABLE rejected_files (
    run_id      VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    line        INTEGER,
    rejected_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE rejected_files IS 'Inputs that could not be read, with the reason; nothing is skipped silently.';
COMMENT ON COLUMN rejected_files.path IS 'Path of the rejected file, folder or link.';
COMMENT ON COLUMN rejected_files.reason IS 'Why it was rejected.';
COMMENT ON COLUMN rejected_files.line IS 'Line number (1-based) inside the file, for line-oriented formats; NULL otherwise.';

CREATE TABLE runs (
    run_id                VARCHAR PRIMARY KEY,
    flow_run_id           VARCHAR,
    started_at            TIMESTAMP NOT NULL,
    ended_at              TIMESTAMP,
    status                VARCHAR NOT NULL,
    documents_read        INTEGER NOT NULL DEFAULT 0,
    documents_skipped     INTEGER NOT NULL DEFAULT 0,
    documents_rejected    INTEGER NOT NULL DEFAULT 0,
    events_loaded         INTEGER NOT NULL DEFAULT 0,
    quantities_loaded     INTEGER NOT NULL DEFAULT 0,
    expectations_passed   INTEGER NOT NULL DEFAULT 0,
    expectations_failed   INTEGER NOT NULL DEFAULT 0,
    message               VARCHAR
);
COMMENT ON TABLE runs IS 'One row per flow run.';
COMMENT ON COLUMN runs.flow_run_id IS 'Prefect flow-run id; NULL when run outside Prefect.';
COMMENT ON COLUMN runs.status IS 'running, succeeded, failed.';
COMMENT ON COLUMN runs.documents_read IS 'Documents read and loaded (new or changed) in this run.';
COMMENT ON COLUMN runs.documents_skipped IS 'Documents already in the warehouse at the same extractor version.';
COMMENT ON COLUMN runs.documents_rejected IS 'Inputs (files or JSONL lines) rejected in this run.';

CREATE TABLE validation_results (
    run_id             VARCHAR NOT NULL,
    suite              VARCHAR NOT NULL,
    expectation        VARCHAR NOT NULL,
    column_name        VARCHAR,
    severity           VARCHAR NOT NULL,
    success            BOOLEAN NOT NULL,
    element_count      BIGINT,
    unexpected_count   BIGINT,
    unexpected_percent DOUBLE,
    failing_ids        VARCHAR[],
    validated_at       TIMESTAMP NOT NULL
);
COMMENT ON TABLE validation_results IS 'Great Expectations results, one row per run and expectation.';
COMMENT ON COLUMN validation_results.severity IS 'critical (fails the run) or warning (flags rows).';
COMMENT ON COLUMN validation_results.unexpected_percent IS 'Share of checked rows that failed, in percent (0-100).';
COMMENT ON COLUMN validation_results.failing_ids IS 'Ids (event_id, quantity_id or doc_id) of the failing rows.';

CREATE VIEW events_clean AS
    SELECT * FROM events WHERE dq_status = 'pass';
COMMENT ON VIEW events_clean IS 'Events that passed every expectation at the last validation.';
