-- 013: an incident's claims are the numbers that measure the incident itself, compared per unit.
-- A number read with an event is a claim about the incident only when it counts the event's own
-- slot: it lies in the event's actor ("Some 50,000 civilians have fled") or target ("killed more than
-- 300,000 people"), or in no slot of another event of its sentence ("shelled the town, killing 12
-- people"). "The war has killed more than 300,000 people and made more than 11 million homeless"
-- gives the killing one claim, 300,000: the 11 million counts the homeless the war made. The reports
-- of one incident describe one event, so their claims in one unit are about the same thing whatever
-- verb each report used ("regained control of 98 percent" against "the rebels have lost more than
-- 90%"): the spread is per incident and unit.

CREATE OR REPLACE VIEW fact_claims AS
    WITH claims AS (
        SELECT m.incident_id, e.event_id, e.doc_id, d.publisher, d.published_date, e.sentence,
               e.attribution, e.action, q.unit, q.value, q.is_approximate, q.text
        FROM incident_events m
        JOIN events_clean e USING (event_id)
        JOIN quantities_clean q USING (event_id)
        JOIN documents d ON d.doc_id = e.doc_id
        WHERE regexp_matches(lower(concat_ws(' | ', e.actor, e.target)),
                             '(^|\W)' || regexp_escape(lower(q.text)) || '(\W|$)')
           OR NOT EXISTS (
               SELECT 1 FROM events o
               WHERE o.doc_id = e.doc_id AND o.sentence = e.sentence AND o.event_id <> e.event_id
                 AND regexp_matches(lower(concat_ws(' | ', o.actor, o.target)),
                                    '(^|\W)' || regexp_escape(lower(q.text)) || '(\W|$)'))
    )
    SELECT *,
        min(value) OVER spread AS min_value,
        max(value) OVER spread AS max_value,
        count(*) OVER spread AS claim_count,
        -- 0.05: the documented tolerance (README "Incidents"): 98 percent against "more than 90%" conflicts, 20,000 against 20,500 does not.
        max(value) OVER spread > min(value) OVER spread * 1.05 AS conflict
    FROM claims
    WINDOW spread AS (PARTITION BY incident_id, unit);
COMMENT ON VIEW fact_claims IS 'BI fact: every number an incident''s reports give about the incident itself (it counts the actor or target of its event, or of no other event of its sentence), with its source, beside the spread of the claims in the same unit.';
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
