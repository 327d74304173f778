-- 010: coded events (issue 15): who did what to whom, with the PLOVER 2021 event type, the CAMEO
-- code and PLOVER mode it came from, the target, and the actor's and target's country and sector
-- (../shared/WAREHOUSE.md "coded columns"); the event types as a BI dimension; the BI views
-- fact_events and dim_actors with the coded columns.

ALTER TABLE events ADD COLUMN event_type VARCHAR;
ALTER TABLE events ADD COLUMN cameo_code VARCHAR;
ALTER TABLE events ADD COLUMN plover_mode VARCHAR;
ALTER TABLE events ADD COLUMN target VARCHAR;
ALTER TABLE events ADD COLUMN actor_name VARCHAR;
ALTER TABLE events ADD COLUMN actor_country VARCHAR;
ALTER TABLE events ADD COLUMN actor_sector VARCHAR;
ALTER TABLE events ADD COLUMN target_country VARCHAR;
ALTER TABLE events ADD COLUMN target_sector VARCHAR;

COMMENT ON COLUMN events.event_type IS 'PLOVER 2021 category of the event (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT; -> dim_event_types.category); NULL when none applies.';
COMMENT ON COLUMN events.cameo_code IS 'CAMEO event code the category was read from (190 = use conventional military force), from the PETRARCH2 verb dictionary; NULL when unknown or when negation or modality changed the category.';
COMMENT ON COLUMN events.plover_mode IS 'PLOVER mode of the category where the CAMEO -> PLOVER table gives one (release, firearms, demo, ...); NULL otherwise.';
COMMENT ON COLUMN events.target IS 'Whom or what the action is directed at, as a noun phrase as written (forces attacked the rebels -> the rebels); NULL when the action has none.';
COMMENT ON COLUMN events.actor_name IS 'Normalised name of the actor for grouping (Syria''s military, the Syrian army -> Syrian armed forces); NULL when the actor could not be coded.';
COMMENT ON COLUMN events.actor_country IS 'ISO 3166-1 alpha-3 code of the country the actor belongs to (Syria''s military -> SYR); NULL when unknown or an international organisation.';
COMMENT ON COLUMN events.actor_sector IS 'Kind of actor, closed set: GOV, MIL, COP, REB, OPP, PTY, JUD, LEG, CVL, MED, BUS, REL, EDU, HLH, IGO, NGO; NULL when unknown.';
COMMENT ON COLUMN events.target_country IS 'ISO 3166-1 alpha-3 code of the country the target belongs to; NULL when unknown, an international organisation, or no target.';
COMMENT ON COLUMN events.target_sector IS 'Kind of target, same closed set as actor_sector; NULL when unknown or no target.';

-- A view keeps the columns it was created with (SELECT * is expanded then): recreate the clean view
-- so it shows the new columns, and comment its columns again (CREATE OR REPLACE drops their comments).
CREATE OR REPLACE VIEW events_clean AS
    SELECT * FROM events WHERE dq_status = 'pass';
COMMENT ON VIEW events_clean IS 'Events that passed every expectation at the last validation.';
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
COMMENT ON COLUMN events_clean.date_source IS 'text: a time expression of the sentence; lead: the main event took the date of the lead; publication: the document''s publication date.';
COMMENT ON COLUMN events_clean.event_rank IS '1 = the document''s main event (headline or lead), then 2, 3, ... in order of appearance.';
COMMENT ON COLUMN events_clean.modality IS 'asserted, negated, future, hypothetical, attempted or refused.';
COMMENT ON COLUMN events_clean.attribution IS 'Who reports the event (the speaker of said/told/according to); NULL when asserted by the document.';
COMMENT ON COLUMN events_clean.media_seconds IS 'Transcripts: seconds into the video where the sentence starts.';
COMMENT ON COLUMN events_clean.run_id IS 'Run that loaded the event (-> runs.run_id).';
COMMENT ON COLUMN events_clean.dq_status IS 'Always pass in this view (validated, no expectation failed).';
COMMENT ON COLUMN events_clean.dq_failed IS 'Always empty in this view.';
COMMENT ON COLUMN events_clean.event_type IS 'PLOVER 2021 category of the event (-> dim_event_types.category); NULL when none applies.';
COMMENT ON COLUMN events_clean.cameo_code IS 'CAMEO event code the category was read from; NULL when unknown or when negation or modality changed the category.';
COMMENT ON COLUMN events_clean.plover_mode IS 'PLOVER mode of the category where the CAMEO -> PLOVER table gives one; NULL otherwise.';
COMMENT ON COLUMN events_clean.target IS 'Whom or what the action is directed at, as a noun phrase as written; NULL when the action has none.';
COMMENT ON COLUMN events_clean.actor_name IS 'Normalised name of the actor for grouping (Syrian armed forces); NULL when the actor could not be coded.';
COMMENT ON COLUMN events_clean.actor_country IS 'ISO 3166-1 alpha-3 code of the actor''s country; NULL when unknown or an international organisation.';
COMMENT ON COLUMN events_clean.actor_sector IS 'Kind of actor: GOV, MIL, COP, REB, OPP, PTY, JUD, LEG, CVL, MED, BUS, REL, EDU, HLH, IGO, NGO; NULL when unknown.';
COMMENT ON COLUMN events_clean.target_country IS 'ISO 3166-1 alpha-3 code of the target''s country; NULL when unknown, an international organisation, or no target.';
COMMENT ON COLUMN events_clean.target_sector IS 'Kind of target, same closed set as actor_sector; NULL when unknown or no target.';

-- ---------------------------------------------------------------- the event types
-- The 16 PLOVER 2021 categories with a short definition, adapted from the PLOVER reference
-- (Open Event Data Alliance, CC BY-SA 4.0; extractors/lexicon/vendor/README.md). Its DEMAND is
-- today's REQUEST, its DISAPPROVE and INVESTIGATE today's ACCUSE.
CREATE TABLE event_types (
    category VARCHAR PRIMARY KEY,
    definition VARCHAR NOT NULL
);
INSERT INTO event_types VALUES
    ('AGREE', 'Agree to, offer, promise or otherwise indicate willingness or commitment to cooperate; cooperative actions reported in the future tense.'),
    ('CONSULT', 'Consultations and meetings: visits, hosting visits, meetings at a neutral location, consultation by phone; talks and negotiations.'),
    ('SUPPORT', 'Diplomatic, non-material cooperation: express support for, commend or approve a policy, action or actor; recognise; sign or ratify an agreement.'),
    ('CONCEDE', 'Verbal concessions without immediate material consequences: promised easing of restrictions, declared (not yet implemented) ceasefires and withdrawals.'),
    ('COOPERATE', 'Mutual material cooperation or exchange (economic, military, judicial, intelligence) that benefits both parties.'),
    ('AID', 'Material aid that primarily benefits the recipient: money, arms and personnel, humanitarian aid, asylum.'),
    ('RETREAT', 'Actions with immediate material consequences that ease a conflict: release prisoners, return property, allow access, disarm, observe a ceasefire, withdraw from territory, resign.'),
    ('REQUEST', 'Requests, appeals, demands and orders (demands made by demonstrating are PROTEST).'),
    ('ACCUSE', 'Disapprove, object, complain, condemn, criticise, accuse, sue or find guilty; investigate crimes, abuses or military actions.'),
    ('REJECT', 'Rejections and refusals: refuse to cooperate, to yield, to meet or negotiate; defy norms or laws; veto.'),
    ('THREATEN', 'Threats, coercive or forceful warnings with serious potential repercussions; ultimatums.'),
    ('PROTEST', 'Civilian demonstrations and other collective actions carried out as protests against the target: rallies, hunger strikes, strikes and boycotts, obstruction, riots.'),
    ('SANCTION', 'Reductions in normal, routine or cooperative relations: break diplomatic relations, reduce or stop aid, halt negotiations, expel or withdraw.'),
    ('MOBILIZE', 'Military or police moves that fall short of the actual use of force: raised alert, mobilisation, build-up.'),
    ('COERCE', 'Repression and coercion: seize property, restrict freedoms or movement, ban, impose curfews or martial law, arrest, detain, deport, blockade, occupy territory.'),
    ('ASSAULT', 'Deliberate actions that can result in substantial physical harm: attacks, fighting with small arms or heavy weapons, air strikes, bombings, abductions, assassinations, mass violence.');
COMMENT ON TABLE event_types IS 'The PLOVER 2021 event categories (events.event_type) with their definitions; fixed by this migration.';
COMMENT ON COLUMN event_types.category IS 'PLOVER 2021 category name (-> events.event_type).';
COMMENT ON COLUMN event_types.definition IS 'What the category covers, adapted from the PLOVER reference (CC BY-SA 4.0).';

CREATE VIEW dim_event_types AS
SELECT
    t.category,
    t.definition,
    count(e.event_id) AS event_count
FROM event_types t
LEFT JOIN events_clean e ON e.event_type = t.category
GROUP BY t.category, t.definition;
COMMENT ON VIEW dim_event_types IS 'BI dimension: one row per PLOVER event category, with its definition and how many clean events it has.';
COMMENT ON COLUMN dim_event_types.category IS 'PLOVER 2021 category (-> fact_events.event_type).';
COMMENT ON COLUMN dim_event_types.definition IS 'What the category covers (PLOVER reference, CC BY-SA 4.0).';
COMMENT ON COLUMN dim_event_types.event_count IS 'Clean events of this category (0 when none).';

-- ---------------------------------------------------------------- BI views with the coded columns
CREATE OR REPLACE VIEW dim_actors AS
SELECT
    actor,
    mode(actor_type) AS actor_type,
    mode(actor_name) AS actor_name,
    mode(actor_country) AS actor_country,
    mode(actor_sector) AS actor_sector,
    count(*) AS event_count,
    count(DISTINCT doc_id) AS document_count,
    min(date_start) AS first_date,
    max(coalesce(date_end, date_start)) AS last_date
FROM events_clean
WHERE actor IS NOT NULL
GROUP BY actor;
COMMENT ON VIEW dim_actors IS 'BI dimension: one row per actor (as written), with its coded name, country and sector and how often it acts.';
COMMENT ON COLUMN dim_actors.actor IS 'Actor as a noun phrase, as written (-> fact_events.actor).';
COMMENT ON COLUMN dim_actors.actor_type IS 'Most frequent coarse type: person, organisation, state, armed_group, civilians, group, other.';
COMMENT ON COLUMN dim_actors.actor_name IS 'Most frequent normalised name (Syrian armed forces): group by it to count one actor written several ways; NULL when never coded.';
COMMENT ON COLUMN dim_actors.actor_country IS 'Most frequent ISO 3166-1 alpha-3 country code; NULL when never coded or an international organisation.';
COMMENT ON COLUMN dim_actors.actor_sector IS 'Most frequent sector (GOV, MIL, REB, CVL, IGO, ...); NULL when never coded.';
COMMENT ON COLUMN dim_actors.event_count IS 'Clean events with this actor.';
COMMENT ON COLUMN dim_actors.document_count IS 'Documents with at least one such event.';
COMMENT ON COLUMN dim_actors.first_date IS 'First day of its earliest dated event; NULL when none is dated.';
COMMENT ON COLUMN dim_actors.last_date IS 'Last day of its latest dated event; NULL when none is dated.';

CREATE OR REPLACE VIEW fact_events AS
SELECT
    e.event_id,
    e.doc_id,
    d.source_name,
    d.publisher,
    d.published_date,
    e.sentence,
    e.trigger,
    e.action,
    e.event_type,
    e.cameo_code,
    e.plover_mode,
    e.actor,
    e.actor_type,
    e.actor_name,
    e.actor_country,
    e.actor_sector,
    e.target,
    e.target_country,
    e.target_sector,
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
COMMENT ON VIEW fact_events IS 'BI fact: one row per clean event, coded (type, actor and target with country and sector), with its document, place, date parts and quantities.';
COMMENT ON COLUMN fact_events.event_id IS 'Event key (-> fact_quantities.event_id).';
COMMENT ON COLUMN fact_events.doc_id IS 'Document the event was read from (-> dim_documents.doc_id).';
COMMENT ON COLUMN fact_events.source_name IS 'File name of the document.';
COMMENT ON COLUMN fact_events.publisher IS 'Publisher or channel of the document; NULL when unknown.';
COMMENT ON COLUMN fact_events.published_date IS 'Publication date of the document; NULL when it cannot be told.';
COMMENT ON COLUMN fact_events.sentence IS 'The sentence the event was read from.';
COMMENT ON COLUMN fact_events.trigger IS 'The word expressing the event, as written.';
COMMENT ON COLUMN fact_events.action IS 'Normalised action, lemma first (regain control).';
COMMENT ON COLUMN fact_events.event_type IS 'PLOVER 2021 category (-> dim_event_types.category); NULL when none applies.';
COMMENT ON COLUMN fact_events.cameo_code IS 'CAMEO event code the category was read from; NULL when unknown or changed by negation or modality.';
COMMENT ON COLUMN fact_events.plover_mode IS 'PLOVER mode of the category (release, firearms, ...); NULL when the table gives none.';
COMMENT ON COLUMN fact_events.actor IS 'Who did it (-> dim_actors.actor); NULL when the text does not say.';
COMMENT ON COLUMN fact_events.actor_type IS 'Coarse actor type: person, organisation, state, armed_group, civilians, group, other.';
COMMENT ON COLUMN fact_events.actor_name IS 'Normalised actor name for grouping (Syrian armed forces); NULL when uncoded.';
COMMENT ON COLUMN fact_events.actor_country IS 'ISO 3166-1 alpha-3 code of the actor''s country; NULL when unknown or an international organisation.';
COMMENT ON COLUMN fact_events.actor_sector IS 'Actor sector: GOV, MIL, COP, REB, OPP, PTY, JUD, LEG, CVL, MED, BUS, REL, EDU, HLH, IGO, NGO; NULL when unknown.';
COMMENT ON COLUMN fact_events.target IS 'Whom or what the action is directed at, as written; NULL when none.';
COMMENT ON COLUMN fact_events.target_country IS 'ISO 3166-1 alpha-3 code of the target''s country; NULL when unknown or no target.';
COMMENT ON COLUMN fact_events.target_sector IS 'Target sector, same set as actor_sector; NULL when unknown or no target.';
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
COMMENT ON COLUMN fact_events.modality IS 'asserted, negated, future, hypothetical, attempted or refused.';
COMMENT ON COLUMN fact_events.attribution IS 'Who reports the event; NULL when asserted by the document.';
COMMENT ON COLUMN fact_events.quantity_count IS 'Clean quantities attached to the event (details in fact_quantities).';
COMMENT ON COLUMN fact_events.quantities IS 'The quantities as written with their unit (98 percent [percent]); NULL when none.';
