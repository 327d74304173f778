-- 004: data-quality flags on documents, clean views for BI, richer validation results.
-- DuckDB cannot add a column with a constraint, so NOT NULL is set in a second step.

ALTER TABLE documents ADD COLUMN dq_status VARCHAR DEFAULT 'pass';
ALTER TABLE documents ALTER COLUMN dq_status SET NOT NULL;
ALTER TABLE documents ADD COLUMN dq_failed VARCHAR[] DEFAULT [];
ALTER TABLE documents ALTER COLUMN dq_failed SET NOT NULL;
COMMENT ON COLUMN documents.dq_status IS 'Data-quality status from the last validation: pass, warn or fail.';
COMMENT ON COLUMN documents.dq_failed IS 'Names of the expectations the row failed at the last validation.';

ALTER TABLE validation_results ADD COLUMN expectation_type VARCHAR;
ALTER TABLE validation_results ADD COLUMN columns VARCHAR[];
ALTER TABLE validation_results ADD COLUMN id_column VARCHAR;
COMMENT ON COLUMN validation_results.suite IS 'Suite: the table checked (documents, events, quantities) or runs for table-level checks.';
COMMENT ON COLUMN validation_results.expectation IS 'Stable expectation name, as in dq_failed (events.date_start_in_window).';
COMMENT ON COLUMN validation_results.column_name IS 'The column checked, when the expectation is about exactly one.';
COMMENT ON COLUMN validation_results.expectation_type IS 'Great Expectations expectation class (ExpectColumnValuesToBeBetween).';
COMMENT ON COLUMN validation_results.columns IS 'Every column of the suite table the expectation is about.';
COMMENT ON COLUMN validation_results.id_column IS 'Column of the suite table that failing_ids refer to (doc_id, event_id, quantity_id, run_id).';
COMMENT ON COLUMN validation_results.element_count IS 'Rows checked.';
COMMENT ON COLUMN validation_results.unexpected_count IS 'Rows that failed.';

-- events_clean (001) already holds the events whose dq_status is pass.
CREATE VIEW documents_clean AS
    SELECT * FROM documents WHERE dq_status = 'pass';
COMMENT ON VIEW documents_clean IS 'Documents that passed every expectation at the last validation.';

CREATE VIEW quantities_clean AS
    SELECT q.* FROM quantities q
    WHERE q.dq_status = 'pass' AND q.event_id IN (SELECT event_id FROM events_clean);
COMMENT ON VIEW quantities_clean IS 'Quantities that passed every expectation and belong to an event of events_clean.';
