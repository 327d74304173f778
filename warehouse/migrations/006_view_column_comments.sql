-- 006: comments on the columns of the views added by 002 and 004 (the clean views repeat
-- their base tables' meanings; every relation and column a reader sees is documented).

COMMENT ON COLUMN documents_clean.doc_id IS 'Stable id: hash of source name, record id and raw content; same input, same id on every run.';
COMMENT ON COLUMN documents_clean.source_name IS 'File name as found on disk; for a file of many records, the file name.';
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
COMMENT ON COLUMN documents_clean.extractor_version IS 'Version of the extraction code that produced this document''s events.';
COMMENT ON COLUMN documents_clean.run_id IS 'Run that loaded this version of the document (-> runs.run_id).';
COMMENT ON COLUMN documents_clean.loaded_at IS 'When this version was loaded (UTC).';
COMMENT ON COLUMN documents_clean.raw_offsets IS 'Provenance: (char_offset in text, byte offset in the raw file, decompressed for gzip) at the start of each cleaned segment (headline, paragraph, transcript line, caption), in text order.';
COMMENT ON COLUMN documents_clean.publisher_source IS 'How publisher was found: metadata, channel (transcript channel line), page (the site naming itself), signoff (agency or contributor credit), unknown.';
COMMENT ON COLUMN documents_clean.compression IS 'Compression of the raw file (gzip); NULL when stored plain. content_sha256 and byte_size are of the stored bytes.';
COMMENT ON COLUMN documents_clean.dq_status IS 'Data-quality status from the last validation: pass, warn or fail.';
COMMENT ON COLUMN documents_clean.dq_failed IS 'Names of the expectations the row failed at the last validation.';
COMMENT ON COLUMN event_media_links.event_id IS 'Stable across re-runs of the same extractor version.';
COMMENT ON COLUMN event_media_links.doc_id IS 'Document the event was read from (-> documents.doc_id).';
COMMENT ON COLUMN event_media_links.source_name IS 'File name as found on disk; for a file of many records, the file name.';
COMMENT ON COLUMN event_media_links.sentence IS 'The sentence, exactly as in the cleaned text.';
COMMENT ON COLUMN event_media_links.media_seconds IS 'Transcripts: seconds into the video where the sentence starts.';
COMMENT ON COLUMN event_media_links.media_url IS 'URL of the video at the second the sentence starts (documents.url with t=<whole seconds>s).';
COMMENT ON COLUMN quantities_clean.quantity_id IS 'Stable id of the quantity.';
COMMENT ON COLUMN quantities_clean.event_id IS 'Event the number belongs to (-> events.event_id).';
COMMENT ON COLUMN quantities_clean.value IS 'The number, in the unit of the unit column (tens of thousands -> 10000; 98 percent -> 98).';
COMMENT ON COLUMN quantities_clean.unit IS 'Closed vocabulary: percent, person, km, mile, hectare, acre, day, week, month, year, item, currency_usd, ...';
COMMENT ON COLUMN quantities_clean.text IS 'The words the number was read from.';
COMMENT ON COLUMN quantities_clean.is_approximate IS 'TRUE for hedged numbers: some, about, more than, tens of, hundreds of.';
COMMENT ON COLUMN quantities_clean.out_of IS 'The whole the value is part of (47 of its 57 staff -> 57); NULL when none.';
COMMENT ON COLUMN quantities_clean.run_id IS 'Run that loaded the quantity (-> runs.run_id).';
COMMENT ON COLUMN quantities_clean.dq_status IS 'Data-quality status from the last validation: pass, warn or fail.';
COMMENT ON COLUMN quantities_clean.dq_failed IS 'Names of the expectations the row failed at the last validation.';

-- Vocabularies that grew after 001 (see extractors/vocabulary.py).
COMMENT ON COLUMN documents.published_date_source IS 'How published_date was found: metadata (a source field), url, dateline, text, caption, unknown.';
COMMENT ON COLUMN dim_documents.published_date_source IS 'How published_date was found: metadata (a source field), url, dateline, text, caption, unknown.';
COMMENT ON COLUMN events.date_source IS 'text: a time expression of the sentence; lead: the main event took the date of the lead; publication: the document''s publication date.';
COMMENT ON COLUMN events_clean.date_source IS 'text: a time expression of the sentence; lead: the main event took the date of the lead; publication: the document''s publication date.';
