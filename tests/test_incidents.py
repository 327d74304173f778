"""Incidents: reports of one real-world event from several documents, joined in SQL after each load."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.extract import extract_batch
from extractors.records import DocumentRecord, ExtractionResult
from extractors.version import ExtractorIdentity
from flows.stages import join_incidents
from warehouse.db import open_warehouse
from warehouse.incidents import IncidentSettings
from warehouse.load import load_batch

PRODUCER = ExtractorIdentity(model_name="en_core_web_sm", model_version="3.8.0", extractor_version="0.5.0+t")
DEFAULT = IncidentSettings()


def document(name: str, text: str, published: dt.date | None, publisher: str | None = None) -> DocumentRecord:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return DocumentRecord(
        doc_id=DocumentRecord.make_id(name, None, digest), source_name=name, source_key=name,
        source_uri=f"/in/{name}", content_sha256=digest, byte_size=len(text), format="text", encoding="utf-8",
        encoding_guessed=False, text=text, published_date=published, publisher=publisher,
    )  # fmt: skip


MONDAY = dt.date(2016, 12, 5)
SHELLING = document(
    "a.txt",
    "Syrian troops shelled rebel positions in Idlib on Monday, killing 12 people.",
    MONDAY,
    "Agency A",
)
BOMBARDMENT = document(
    "b.txt",
    "Government forces bombarded rebel-held districts of Idlib on Monday.",
    MONDAY + dt.timedelta(days=1),
    "Agency B",
)
PROTEST = document("c.txt", "Hundreds of residents demonstrated in Idlib on Monday.", MONDAY, "Agency C")
DENIAL = document(
    "d.txt", "Syrian troops did not shell rebel positions in Idlib on Monday.", MONDAY, "Agency D"
)
ELSEWHERE = document("e.txt", "Syrian troops shelled rebel positions in Hama on Monday.", MONDAY, "Agency E")


def extracted(nlp, documents: list[DocumentRecord]) -> ExtractionResult:
    return extract_batch(nlp, documents)


def load(con, documents: list[DocumentRecord], extraction: ExtractionResult, run_id: str = "r1") -> None:
    ids = {d.doc_id for d in documents}
    load_batch(
        con,
        documents,
        [e for e in extraction.events if e.doc_id in ids],
        run_id=run_id,
        producer=PRODUCER,
        place_mentions=[m for m in extraction.place_mentions if m.doc_id in ids],
    )


def incident_documents(con) -> set[frozenset[str]]:
    """The documents of each incident that more than one document reports, by file name."""
    rows = con.execute(
        "SELECT m.incident_id, list(DISTINCT d.source_name ORDER BY d.source_name) FROM incident_events m "
        "JOIN documents d USING (doc_id) GROUP BY m.incident_id HAVING count(DISTINCT m.doc_id) > 1"
    ).fetchall()
    return {frozenset(names) for _, names in rows}


@pytest.fixture(scope="module")
def extraction(nlp) -> ExtractionResult:
    return extracted(nlp, [SHELLING, BOMBARDMENT, PROTEST, DENIAL, ELSEWHERE])


def test_the_same_event_in_different_words_joins(fresh_warehouse: Path, extraction: ExtractionResult) -> None:
    with open_warehouse(fresh_warehouse) as con:
        load(con, [SHELLING, BOMBARDMENT], extraction)
        join_incidents(con, DEFAULT)
        assert incident_documents(con) == {frozenset({"a.txt", "b.txt"})}
        row = con.execute(
            "SELECT event_type, place_name, document_count, publisher_count, first_reported, last_reported "
            "FROM incidents WHERE document_count = 2"
        ).fetchone()
        reasons = con.execute(
            "SELECT reason FROM incident_events m JOIN incidents i USING (incident_id) WHERE i.document_count = 2"
        ).fetchall()
    assert row == ("ASSAULT", "Idlib", 2, 2, MONDAY, MONDAY + dt.timedelta(days=1))
    assert {r for (r,) in reasons} >= {"first report"}
    assert any("same type" in r and "same place" in r for (r,) in reasons)


@pytest.mark.parametrize(
    ("other", "why"),
    [(PROTEST, "same place and day, another type"), (ELSEWHERE, "same type and day, another city")],
)
def test_reports_of_different_events_stay_apart(
    fresh_warehouse: Path, extraction: ExtractionResult, other: DocumentRecord, why: str
) -> None:
    with open_warehouse(fresh_warehouse) as con:
        load(con, [SHELLING, other], extraction)
        join_incidents(con, DEFAULT)
        assert incident_documents(con) == set(), why


def test_a_negated_report_joins_nothing(fresh_warehouse: Path, extraction: ExtractionResult) -> None:
    with open_warehouse(fresh_warehouse) as con:
        load(con, [SHELLING, DENIAL], extraction)
        join_incidents(con, DEFAULT)
        assert incident_documents(con) == set()
        negated = con.execute(
            "SELECT count(*) FROM events e JOIN incident_events m USING (event_id) WHERE e.modality = 'negated'"
        ).fetchone()
    assert negated == (0,)


def test_dates_further_apart_than_the_tolerance_do_not_join(
    fresh_warehouse: Path, extraction: ExtractionResult, nlp
) -> None:
    # The bombardment is dated Monday by its text; a report of "Monday" a week later is another Monday.
    later = document(
        "f.txt",
        "Government forces bombarded rebel-held districts of Idlib on Monday.",
        MONDAY + dt.timedelta(days=8),
    )
    with open_warehouse(fresh_warehouse) as con:
        load(con, [SHELLING], extraction)
        load(con, [later], extracted(nlp, [later]), run_id="r2")
        join_incidents(con, DEFAULT)
        assert incident_documents(con) == set()
        join_incidents(con, IncidentSettings(tolerance_days=8))
        assert incident_documents(con) == {frozenset({"a.txt", "f.txt"})}


def test_a_rerun_changes_nothing_and_a_later_report_keeps_the_id(
    fresh_warehouse: Path, extraction: ExtractionResult
) -> None:
    with open_warehouse(fresh_warehouse) as con:
        load(con, [SHELLING], extraction)
        join_incidents(con, DEFAULT)
        first = con.execute("SELECT * FROM incident_events ORDER BY event_id").fetchall()
        join_incidents(con, DEFAULT)
        assert con.execute("SELECT * FROM incident_events ORDER BY event_id").fetchall() == first
        (shelling_incident,) = con.execute(
            "SELECT incident_id FROM incidents WHERE event_type = 'ASSAULT' AND action = 'shell'"
        ).fetchone() or (None,)
        load(con, [BOMBARDMENT], extraction, run_id="r2")
        join_incidents(con, DEFAULT)
        joined = con.execute(
            "SELECT incident_id, document_count FROM incidents WHERE document_count = 2"
        ).fetchall()
    assert joined == [(shelling_incident, 2)]


def test_a_replaced_document_leaves_its_incidents_consistent(
    fresh_warehouse: Path, extraction: ExtractionResult, nlp
) -> None:
    replacement = document("b.txt", ELSEWHERE.text.replace("Syrian troops", "Government forces"), MONDAY)
    with open_warehouse(fresh_warehouse) as con:
        load(con, [SHELLING, BOMBARDMENT], extraction)
        join_incidents(con, DEFAULT)
        assert incident_documents(con) == {frozenset({"a.txt", "b.txt"})}
        load(con, [replacement], extracted(nlp, [replacement]), run_id="r2")
        join_incidents(con, DEFAULT)
        assert incident_documents(con) == set()
        dangling = con.execute(
            "SELECT count(*) FROM incident_events m LEFT JOIN events e USING (event_id) WHERE e.event_id IS NULL"
        ).fetchone()
        documents = con.execute("SELECT count(DISTINCT source_name) FROM documents").fetchone()
    assert dangling == (0,)
    assert documents == (2,)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations([SHELLING, BOMBARDMENT, PROTEST, DENIAL, ELSEWHERE]), batches=st.integers(1, 5))
def test_incidents_do_not_depend_on_the_order_documents_are_loaded_in(
    tmp_path_factory: pytest.TempPathFactory, extraction: ExtractionResult, order: list, batches: int
) -> None:
    db = tmp_path_factory.mktemp("order") / "w.duckdb"
    with open_warehouse(db) as con:
        for start in range(0, len(order), batches):
            load(con, order[start : start + batches], extraction, run_id=f"r{start}")
            join_incidents(con, DEFAULT)
        rows = set(con.execute("SELECT incident_id, event_id, score, reason FROM incident_events").fetchall())
    with open_warehouse(tmp_path_factory.mktemp("reference") / "w.duckdb") as con:
        load(con, [SHELLING, BOMBARDMENT, PROTEST, DENIAL, ELSEWHERE], extraction)
        join_incidents(con, DEFAULT)
        expected = set(
            con.execute("SELECT incident_id, event_id, score, reason FROM incident_events").fetchall()
        )
    assert rows == expected


def test_the_sample_corpus_joins_the_civilian_departures_and_shows_their_counts(
    seeded_warehouse_master: Path,
) -> None:
    from conftest import query

    from warehouse.database import Warehouse

    snapshot = Warehouse.at(seeded_warehouse_master).snapshot_file
    claims = query(
        snapshot,
        "SELECT incident_id, doc_id, value, is_approximate, text, conflict FROM fact_claims "
        "WHERE action = 'flee' AND unit = 'person' AND claim_count > 1 ORDER BY value",
    )
    assert claims, "the departures of civilians are one incident with several counts"
    assert len({incident for incident, *_ in claims}) == 1
    assert len({doc for _, doc, *_ in claims}) >= 2, "reported by more than one document"
    assert [(value, approximate) for _, _, value, approximate, _, _ in claims] == [
        (20000.0, False),
        (50000.0, True),
    ]
    assert all(conflict for *_, conflict in claims), "20,000 against some 50,000 is a conflict"
    sources = query(
        snapshot,
        "SELECT document_count, publisher_count, event_type FROM fact_incidents WHERE incident_id = ?",
        [claims[0][0]],
    )
    assert sources and sources[0][0] >= 2


def test_the_sample_corpus_joins_the_capture_of_eastern_aleppo_with_its_conflicting_shares(
    seeded_warehouse_master: Path,
) -> None:
    from conftest import query

    from warehouse.database import Warehouse

    snapshot = Warehouse.at(seeded_warehouse_master).snapshot_file
    # the army's "98 percent of eastern Aleppo" (AP) is the incident; its other reports join it
    found = query(
        snapshot,
        "SELECT DISTINCT i.incident_id, i.document_count FROM fact_incidents i JOIN fact_claims c USING (incident_id) "
        "WHERE c.unit = 'percent' AND c.text = '98 percent'",
    )
    assert len(found) == 1
    incident, documents = found[0]
    assert documents >= 3, "reported by at least three of the five documents"
    shares = query(
        snapshot,
        "SELECT text, value, is_approximate, conflict FROM fact_claims WHERE incident_id = ? AND unit = 'percent'",
        [incident],
    )
    assert ("98 percent", 98.0, False, True) in shares
    # the blog's "more than 90%" stays an approximation, and conflicts with 98 percent
    assert ("more than 90%", 90.0, True, True) in shares


@pytest.mark.parametrize(
    ("dated_day", "joins"),
    [("Sunday", True), ("Saturday", False)],
    ids=["two days before publication", "three days before publication"],
)
def test_an_undated_report_may_tell_of_the_day_before_its_publication(
    fresh_warehouse: Path, nlp, dated_day: str, joins: bool
) -> None:
    tuesday = MONDAY + dt.timedelta(days=1)
    undated = document("u.txt", "Syrian troops shelled rebel positions in Idlib.", tuesday)
    dated = document("v.txt", f"Syrian troops shelled rebel positions in Idlib on {dated_day}.", tuesday)
    extraction = extracted(nlp, [undated, dated])
    assert {e.date_source for e in extraction.events} == {"publication", "text"}
    with open_warehouse(fresh_warehouse) as con:
        load(con, [undated, dated], extraction)
        join_incidents(con, DEFAULT)
        assert (incident_documents(con) == {frozenset({"u.txt", "v.txt"})}) is joins


@pytest.mark.parametrize(
    ("first", "second", "joins"),
    [
        # a named organisation doing the same thing in one country on the same day, reported from two cities
        (
            "The Red Cross delivered aid in Aleppo on Monday.",
            "The Red Cross delivered aid in Idlib on Monday.",
            True,
        ),
        # another organisation in the other city: two incidents
        (
            "The Red Cross delivered aid in Aleppo on Monday.",
            "Doctors Without Borders delivered aid in Idlib on Monday.",
            False,
        ),
        # at a country's level, the same actor makes two reports one ...
        (
            "Syrian troops shelled rebel positions across Syria on Monday.",
            "The Syrian army shelled rebel positions across Syria on Monday.",
            True,
        ),
        # ... and different actors do not, though the type, the country and the day agree
        (
            "Protesters marched across the United States on Monday.",
            "Students demonstrated across the United States on Monday.",
            False,
        ),
    ],
    ids=[
        "same named actor, two cities",
        "other actor, other city",
        "country level, same actor",
        "country level, other actors",
    ],
)
def test_where_reports_place_an_event_and_who_did_it(
    fresh_warehouse: Path, nlp, first: str, second: str, joins: bool
) -> None:
    documents = [document("x.txt", first, MONDAY), document("y.txt", second, MONDAY)]
    extraction = extracted(nlp, documents)
    with open_warehouse(fresh_warehouse) as con:
        load(con, documents, extraction)
        join_incidents(con, DEFAULT)
        assert (incident_documents(con) == {frozenset({"x.txt", "y.txt"})}) is joins
