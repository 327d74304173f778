-- 012: incidents, the same real-world event reported by one or many documents (warehouse.incidents
-- rebuilds both tables after each load), and the BI views over them: fact_incidents and fact_claims.

CREATE TABLE incidents (
    incident_id     VARCHAR PRIMARY KEY,
    event_type      VARCHAR,
    action          VARCHAR NOT NULL,
    actor_name      VARCHAR,
    actor_country   VARCHAR,
    actor_sector    VARCHAR,
    target          VARCHAR,
    place_name      VARCHAR,
    place_geonameid BIGINT,
    date_start      DATE NOT NULL,
    date_end        DATE NOT NULL,
    first_reported  DATE,
    last_reported   DATE,
    event_count     INTEGER NOT NULL,
    document_count  INTEGER NOT NULL,
    publisher_count INTEGER NOT NULL
);
COMMENT ON TABLE incidents IS 'One row per real-world event as the warehouse knows it: the asserted events of every document that report it, joined (warehouse.incidents; README "Incidents"). An event only one document reports is an incident of one report.';
COMMENT ON COLUMN incidents.incident_id IS 'Stable id: derived from the incident''s first report (its earliest-published event); a later report joining leaves it unchanged.';
COMMENT ON COLUMN incidents.event_type IS 'PLOVER 2021 category most of its events have (-> dim_event_types.category); NULL when its events are uncoded (they were joined by their action).';
COMMENT ON COLUMN incidents.action IS 'Normalised action most of its events have (take control).';
COMMENT ON COLUMN incidents.actor_name IS 'Normalised actor most of its events name; NULL when none names one.';
COMMENT ON COLUMN incidents.actor_country IS 'ISO 3166-1 alpha-3 country most of its events'' actors belong to; NULL when unknown.';
COMMENT ON COLUMN incidents.actor_sector IS 'Sector most of its events'' actors have (GOV, MIL, REB, ...); NULL when unknown.';
COMMENT ON COLUMN incidents.target IS 'Target most of its events name, as written; NULL when none names one.';
COMMENT ON COLUMN incidents.place_name IS 'Canonical name of the place most of its events name; NULL when none names a place.';
COMMENT ON COLUMN incidents.place_geonameid IS 'GeoNames id of that place (-> place_mentions.geonameid); NULL when unresolved.';
COMMENT ON COLUMN incidents.date_start IS 'First day any of its events is dated to (inclusive).';
COMMENT ON COLUMN incidents.date_end IS 'Last day any of its events is dated to (inclusive); the gate warns when the span exceeds the join tolerance.';
COMMENT ON COLUMN incidents.first_reported IS 'Publication date of its earliest report (documents.published_date); NULL when no report is dated.';
COMMENT ON COLUMN incidents.last_reported IS 'Publication date of its latest report; NULL when no report is dated.';
COMMENT ON COLUMN incidents.event_count IS 'Events joined into it (count).';
COMMENT ON COLUMN incidents.document_count IS 'Distinct documents reporting it (count).';
COMMENT ON COLUMN incidents.publisher_count IS 'Distinct known publishers reporting it (count; documents with no publisher do not count).';

CREATE TABLE incident_events (
    incident_id VARCHAR NOT NULL,
    event_id    VARCHAR PRIMARY KEY,
    doc_id      VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,
    reason      VARCHAR NOT NULL
);
COMMENT ON TABLE incident_events IS 'Which events report which incident; an event is in at most one incident.';
COMMENT ON COLUMN incident_events.incident_id IS 'The incident (-> incidents.incident_id).';
COMMENT ON COLUMN incident_events.event_id IS 'The event (-> events.event_id); unique: an event belongs to one incident.';
COMMENT ON COLUMN incident_events.doc_id IS 'Document of the event (-> documents.doc_id).';
COMMENT ON COLUMN incident_events.score IS 'Strength of the event''s best link to another report of the incident, 0 to 1: the mean of four agreements (type or action; place: same 1, contained 0.5, the document''s place 0.25; actor: same 1, unknown on one side 0.5; dates: same days 1, within the tolerance 0.5). 1 for the first report of an incident.';
COMMENT ON COLUMN incident_events.reason IS 'Why it was joined: the agreements of its best link ("same type; same place; same actor; same day"), or "first report" for the incident''s first event.';

CREATE VIEW fact_incidents AS
    SELECT i.*
    FROM incidents i
    WHERE EXISTS (
        SELECT 1 FROM incident_events m JOIN events_clean e USING (event_id) WHERE m.incident_id = i.incident_id
    );
COMMENT ON VIEW fact_incidents IS 'BI fact: incidents with at least one clean event; count these, not events, for "how many things happened".';
COMMENT ON COLUMN fact_incidents.incident_id IS 'Stable id of the incident (-> fact_claims.incident_id).';
COMMENT ON COLUMN fact_incidents.event_type IS 'PLOVER 2021 category (-> dim_event_types.category); NULL when uncoded.';
COMMENT ON COLUMN fact_incidents.action IS 'Normalised action most of its events have.';
COMMENT ON COLUMN fact_incidents.actor_name IS 'Normalised actor (-> dim_actors.actor_name); NULL when unknown.';
COMMENT ON COLUMN fact_incidents.actor_country IS 'ISO 3166-1 alpha-3 country of the actor; NULL when unknown.';
COMMENT ON COLUMN fact_incidents.actor_sector IS 'Sector of the actor; NULL when unknown.';
COMMENT ON COLUMN fact_incidents.target IS 'Target as written; NULL when none.';
COMMENT ON COLUMN fact_incidents.place_name IS 'Canonical place name (-> dim_places.place_name); NULL when none.';
COMMENT ON COLUMN fact_incidents.place_geonameid IS 'GeoNames id of the place (-> dim_places.geonameid); NULL when unresolved.';
COMMENT ON COLUMN fact_incidents.date_start IS 'First day of the incident (inclusive).';
COMMENT ON COLUMN fact_incidents.date_end IS 'Last day of the incident (inclusive).';
COMMENT ON COLUMN fact_incidents.first_reported IS 'Publication date of the earliest report.';
COMMENT ON COLUMN fact_incidents.last_reported IS 'Publication date of the latest report.';
COMMENT ON COLUMN fact_incidents.event_count IS 'Events joined into it (count).';
COMMENT ON COLUMN fact_incidents.document_count IS 'Distinct documents reporting it (count): "incidents by number of sources".';
COMMENT ON COLUMN fact_incidents.publisher_count IS 'Distinct known publishers reporting it (count).';

CREATE VIEW fact_claims AS
    WITH claims AS (
        SELECT m.incident_id, e.event_id, e.doc_id, d.publisher, d.published_date, e.sentence,
               e.attribution, e.action, q.unit, q.value, q.is_approximate, q.text
        FROM incident_events m
        JOIN events_clean e USING (event_id)
        JOIN quantities_clean q USING (event_id)
        JOIN documents d ON d.doc_id = e.doc_id
    )
    SELECT *,
        min(value) OVER spread AS min_value,
        max(value) OVER spread AS max_value,
        count(*) OVER spread AS claim_count,
        -- 0.05: the documented tolerance (README "Incidents"): 98 percent against "more than 90%" conflicts, 20,000 against 20,500 does not.
        max(value) OVER spread > min(value) OVER spread * 1.05 AS conflict
    FROM claims
    WINDOW spread AS (PARTITION BY incident_id, action, unit);
COMMENT ON VIEW fact_claims IS 'BI fact: every quantity an incident''s reports give, with its source, beside the spread of the claims about the same thing (same incident, action and unit).';
COMMENT ON COLUMN fact_claims.incident_id IS 'The incident (-> fact_incidents.incident_id).';
COMMENT ON COLUMN fact_claims.event_id IS 'The event the claim was read with (-> fact_events.event_id).';
COMMENT ON COLUMN fact_claims.doc_id IS 'The document making the claim (-> dim_documents.doc_id).';
COMMENT ON COLUMN fact_claims.publisher IS 'Its publisher; NULL when unknown.';
COMMENT ON COLUMN fact_claims.published_date IS 'Its publication date; NULL when unknown.';
COMMENT ON COLUMN fact_claims.sentence IS 'The sentence the claim was read from.';
COMMENT ON COLUMN fact_claims.attribution IS 'Who the document says made the claim ("the army said"); NULL when the document asserts it itself.';
COMMENT ON COLUMN fact_claims.action IS 'Normalised action the number is about (take control, flee).';
COMMENT ON COLUMN fact_claims.unit IS 'Unit of the value (percent, person, km, ...).';
COMMENT ON COLUMN fact_claims.value IS 'The number claimed, in its unit.';
COMMENT ON COLUMN fact_claims.is_approximate IS 'True when the text hedges it ("more than", "some", "tens of"): an approximation stays one.';
COMMENT ON COLUMN fact_claims.text IS 'The words the number was read from ("more than 90%").';
COMMENT ON COLUMN fact_claims.min_value IS 'Smallest value claimed for the same incident, action and unit.';
COMMENT ON COLUMN fact_claims.max_value IS 'Largest value claimed for the same incident, action and unit.';
COMMENT ON COLUMN fact_claims.claim_count IS 'Claims about the same incident, action and unit (count).';
COMMENT ON COLUMN fact_claims.conflict IS 'True when those claims disagree: the largest exceeds the smallest by more than 5 % of it.';

ALTER TABLE runs ADD COLUMN incidents_seconds DOUBLE;
COMMENT ON COLUMN runs.incidents_seconds IS 'Time spent rebuilding incidents after the loads, in seconds.';

-- An event's place entry now comes from the place mention it names (extractors.nlp.place_component).
COMMENT ON COLUMN events.place_geonameid IS 'GeoNames id of the resolved place mention the event''s place names (-> place_mentions.geonameid): the one in its sentence, else the document''s first; place_name, place_country_code and the coordinates are that mention''s. NULL when the place names no resolved mention.';
-- events_clean's columns take these comments after the migrations (warehouse.db.inherit_clean_view_comments).
COMMENT ON COLUMN events.modality IS 'asserted, negated, future, hypothetical, attempted or refused.';
