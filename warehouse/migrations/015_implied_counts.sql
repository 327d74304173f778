-- 015: implied counts. A single person named as the participant an event counts (the victim of
-- an assault, the person arrested, the lone protester) is a count of 1 person, as PLOVER and ACLED
-- code it ("Hezbollah guerrillas killed the deputy chief": 1 dead). Such a count is not written as a
-- number, so it is marked: is_implied. fact_quantities shows it; fact_claims leaves it out, because
-- naming one victim does not dispute a report's total ("Mark Smith was killed" against "seven
-- dead" is no conflict). A document that repeats a number (a subhead, then the body) makes one
-- claim of it.

ALTER TABLE quantities ADD COLUMN is_implied BOOLEAN DEFAULT false;
UPDATE quantities SET is_implied = false WHERE is_implied IS NULL;
COMMENT ON COLUMN quantities.is_implied IS 'TRUE for a count of one person the text implies by naming the person ("killed the deputy chief": 1 person), FALSE for a number written in the text.';
-- quantities_clean selects q.*: made again to hold the new column, with its comments stated again.
CREATE OR REPLACE VIEW quantities_clean AS
    SELECT q.* FROM quantities q
    WHERE q.dq_status = 'pass' AND q.event_id IN (SELECT event_id FROM events_clean);
COMMENT ON VIEW quantities_clean IS 'Quantities that passed every expectation and belong to an event of events_clean.';
COMMENT ON COLUMN quantities_clean.quantity_id IS 'Stable id of the quantity.';
COMMENT ON COLUMN quantities_clean.event_id IS 'Event the number belongs to (-> events.event_id).';
COMMENT ON COLUMN quantities_clean.value IS 'The number, in the unit of the unit column (tens of thousands -> 10000; 98 percent -> 98).';
COMMENT ON COLUMN quantities_clean.unit IS 'Closed vocabulary: percent, person, km, mile, hectare, acre, day, week, month, year, item, currency_usd, ...';
COMMENT ON COLUMN quantities_clean.text IS 'The words the number was read from.';
COMMENT ON COLUMN quantities_clean.is_approximate IS 'TRUE for hedged numbers: some, about, more than, tens of, hundreds of.';
COMMENT ON COLUMN quantities_clean.out_of IS 'The whole the value is part of (47 of its 57 staff -> 57); NULL when none.';
COMMENT ON COLUMN quantities_clean.run_id IS 'Run that loaded the quantity (-> runs.run_id).';
COMMENT ON COLUMN quantities_clean.dq_status IS 'Always pass in this view (validated, no expectation failed).';
COMMENT ON COLUMN quantities_clean.dq_failed IS 'Always empty in this view.';
COMMENT ON COLUMN quantities_clean.is_implied IS 'TRUE for a count of one person the text implies by naming the person, FALSE for a number written.';

-- CREATE OR REPLACE drops a view's comments: each view's comments are stated again.
CREATE OR REPLACE VIEW fact_quantities AS
SELECT
    q.quantity_id,
    q.event_id,
    e.doc_id,
    q.value,
    q.unit,
    q.text,
    q.is_approximate,
    q.is_implied,
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
COMMENT ON COLUMN fact_quantities.is_implied IS 'TRUE for a count of one person the text implies by naming the person ("killed the deputy chief": 1), FALSE for a number written.';
COMMENT ON COLUMN fact_quantities.out_of IS 'The whole the value is part of; NULL when none.';
COMMENT ON COLUMN fact_quantities.action IS 'Normalised action of the event.';
COMMENT ON COLUMN fact_quantities.actor IS 'Actor of the event (-> dim_actors.actor); NULL when not stated.';
COMMENT ON COLUMN fact_quantities.place_key IS 'Place of the event (-> dim_places.place_key); NULL when not stated.';
COMMENT ON COLUMN fact_quantities.date_start IS 'First day of the event (-> dim_dates.date_key); NULL when undated.';

CREATE OR REPLACE VIEW fact_claims AS
    WITH claims AS (
        SELECT m.incident_id, e.event_id, e.doc_id, d.publisher, d.published_date, e.sentence,
               e.attribution, e.action, q.unit, q.value, q.is_approximate, q.text
        FROM incident_events m
        JOIN events_clean e USING (event_id)
        JOIN quantities_clean q USING (event_id)
        JOIN documents d ON d.doc_id = e.doc_id
        WHERE NOT q.is_implied AND (regexp_matches(lower(concat_ws(' | ', e.actor, e.target)),
                             '(^|\W)' || regexp_escape(lower(q.text)) || '(\W|$)')
           OR NOT EXISTS (
               SELECT 1 FROM events o
               WHERE o.doc_id = e.doc_id AND o.sentence = e.sentence AND o.event_id <> e.event_id
                 AND regexp_matches(lower(concat_ws(' | ', o.actor, o.target)),
                                    '(^|\W)' || regexp_escape(lower(q.text)) || '(\W|$)')))
        -- A document that repeats its number (a subhead, then the body) makes one claim.
        QUALIFY row_number() OVER (PARTITION BY m.incident_id, e.doc_id, q.unit, q.value ORDER BY e.start_char, e.event_id) = 1
    )
    SELECT *,
        min(value) OVER spread AS min_value,
        max(value) OVER spread AS max_value,
        count(*) OVER spread AS claim_count,
        -- 0.05: the documented tolerance (README "Incidents"): 98 percent against "more than 90%" conflicts, 20,000 against 20,500 does not.
        max(value) OVER spread > min(value) OVER spread * 1.05 AS conflict
    FROM claims
    WINDOW spread AS (PARTITION BY incident_id, unit);
COMMENT ON VIEW fact_claims IS 'BI fact: every number an incident''s reports write about the incident itself (it counts the actor or target of its event, or of no other event of its sentence; not a count implied by naming one person), once per document, with its source, beside the spread of the claims in the same unit.';
COMMENT ON COLUMN fact_claims.incident_id IS 'The incident (-> fact_incidents.incident_id).';
COMMENT ON COLUMN fact_claims.event_id IS 'The event the claim was read with (-> fact_events.event_id).';
COMMENT ON COLUMN fact_claims.doc_id IS 'The document making the claim (-> dim_documents.doc_id).';
COMMENT ON COLUMN fact_claims.publisher IS 'Its publisher; NULL when unknown.';
COMMENT ON COLUMN fact_claims.published_date IS 'Its publication date; NULL when unknown.';
COMMENT ON COLUMN fact_claims.sentence IS 'The sentence the claim was read from.';
COMMENT ON COLUMN fact_claims.attribution IS 'Who the document says made the claim ("the army said"); NULL when the document asserts it itself.';
COMMENT ON COLUMN fact_claims.action IS 'Normalised action of the report the number was read with (regain control, lose, flee).';
COMMENT ON COLUMN fact_claims.unit IS 'Unit of the value (percent, person, km, ...).';
COMMENT ON COLUMN fact_claims.value IS 'The number claimed, in its unit.';
COMMENT ON COLUMN fact_claims.is_approximate IS 'True when the text hedges it ("more than", "some", "tens of"): an approximation stays one.';
COMMENT ON COLUMN fact_claims.text IS 'The words the number was read from ("more than 90%").';
COMMENT ON COLUMN fact_claims.min_value IS 'Smallest value claimed for the same incident in the same unit.';
COMMENT ON COLUMN fact_claims.max_value IS 'Largest value claimed for the same incident in the same unit.';
COMMENT ON COLUMN fact_claims.claim_count IS 'Claims about the same incident in the same unit (count).';
COMMENT ON COLUMN fact_claims.conflict IS 'True when those claims disagree: the largest exceeds the smallest by more than 5 % of it (an approximation counts by its stated number: "more than 90%" against 98 percent conflicts).';
