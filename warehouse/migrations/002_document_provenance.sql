-- 002: where each document's cleaned text comes from, how its publisher was found,
-- rejection categories, and links from events to the second of their video.

ALTER TABLE documents ADD COLUMN raw_offsets STRUCT(char_offset INTEGER, raw_offset BIGINT)[];
ALTER TABLE documents ADD COLUMN publisher_source VARCHAR DEFAULT 'unknown';
ALTER TABLE documents ADD COLUMN compression VARCHAR;
COMMENT ON COLUMN documents.raw_offsets IS 'Provenance: (char_offset in text, byte offset in the raw file, decompressed for gzip) at the start of each cleaned segment (headline, paragraph, transcript line, caption), in text order.';
COMMENT ON COLUMN documents.publisher_source IS 'How publisher was found: metadata, channel (transcript channel line), page (the site naming itself), signoff (agency or contributor credit), unknown.';
COMMENT ON COLUMN documents.compression IS 'Compression of the raw file (gzip); NULL when stored plain. content_sha256 and byte_size are of the stored bytes.';

ALTER TABLE rejected_files ADD COLUMN kind VARCHAR DEFAULT 'other';
COMMENT ON COLUMN rejected_files.kind IS 'Category: missing, link, not_regular, unreadable, too_large, empty, binary, encoding, invalid, truncated, no_text, other.';
COMMENT ON COLUMN rejected_files.run_id IS 'Run that rejected the input (-> runs.run_id).';

CREATE VIEW event_media_links AS
    SELECT e.event_id,
           e.doc_id,
           d.source_name,
           e.sentence,
           e.media_seconds,
           d.url || CASE WHEN contains(d.url, '?') THEN '&' ELSE '?' END
                 || 't=' || CAST(floor(e.media_seconds) AS BIGINT) || 's' AS media_url
    FROM events e
    JOIN documents d USING (doc_id)
    WHERE e.media_seconds IS NOT NULL AND d.url IS NOT NULL;
COMMENT ON VIEW event_media_links IS 'Events of transcripts and subtitles with a link to the second of the video they are spoken at (url&t=Ns).';
