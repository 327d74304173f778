-- 008: rows are pending until validated; runs record the stage they reached and account for every input.
-- Rows loaded by a run killed before its validation must never count as clean: new rows of
-- documents, events and quantities start 'pending', which no clean view (= 'pass') shows.
-- Existing rows keep their status (they were validated by the run that loaded them or a later one).

ALTER TABLE documents ALTER COLUMN dq_status SET DEFAULT 'pending';
ALTER TABLE events ALTER COLUMN dq_status SET DEFAULT 'pending';
ALTER TABLE quantities ALTER COLUMN dq_status SET DEFAULT 'pending';
COMMENT ON COLUMN documents.dq_status IS 'Data-quality status: pending (loaded, not validated yet), then from the last validation pass, warn or fail.';
COMMENT ON COLUMN events.dq_status IS 'Data-quality status: pending (loaded, not validated yet), then from the last validation pass, warn or fail.';
COMMENT ON COLUMN quantities.dq_status IS 'Data-quality status: pending (loaded, not validated yet), then from the last validation pass, warn or fail.';
COMMENT ON COLUMN documents_clean.dq_status IS 'Always pass in this view (validated, no expectation failed).';
COMMENT ON COLUMN documents_clean.dq_failed IS 'Always empty in this view.';
COMMENT ON COLUMN quantities_clean.dq_status IS 'Always pass in this view (validated, no expectation failed).';
COMMENT ON COLUMN quantities_clean.dq_failed IS 'Always empty in this view.';
COMMENT ON COLUMN events_clean.dq_status IS 'Always pass in this view (validated, no expectation failed).';

ALTER TABLE runs ADD COLUMN stage VARCHAR;
ALTER TABLE runs ADD COLUMN inputs_discovered INTEGER;
ALTER TABLE runs ADD COLUMN documents_ignored INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN published_events BIGINT;
COMMENT ON COLUMN runs.status IS 'running; succeeded (validated and its snapshot published); failed (an error or a critical expectation, see message); interrupted (killed; set by the next run).';
COMMENT ON COLUMN runs.message IS 'Why the run failed (the error, or the critical expectations) or was interrupted; NULL when it succeeded.';
COMMENT ON COLUMN runs.stage IS 'Furthest stage the run reached: discover, read, extract, load, validate, publish, or done (it ended normally); NULL for runs recorded before migration 008.';
COMMENT ON COLUMN runs.inputs_discovered IS 'Number of inputs the run met: each path discovery yielded (a file, a rejected path, an ignored hidden file or folder), a file of many records (JSONL) counting one per record; = documents_read + documents_skipped + documents_rejected + documents_ignored. NULL until every input was accounted for (killed or failed earlier, validation-only runs, runs before migration 008).';
COMMENT ON COLUMN runs.documents_ignored IS 'Inputs left out by policy (hidden files and folders), counted but not read.';
COMMENT ON COLUMN runs.published_events IS 'Rows of events_clean in the BI snapshot this run published (what eventetl check compares the snapshot with); NULL when it published none.';
COMMENT ON COLUMN runs.documents_read IS 'Documents loaded (new or changed) in this run.';
COMMENT ON COLUMN runs.documents_rejected IS 'Inputs rejected in this run (files, paths, JSONL records, or documents whose extraction failed), one row each in rejected_files.';
