"""Every expectation against rows injected into a real warehouse: exactly the injected rows are flagged.

The sample corpus is loaded once through the real flow; a copy of it gets, per
expectation, rows that break that expectation and no other (copies of real rows
with a column or two changed), and is validated once with real Great
Expectations. Key expectations need rows the schema's own constraints would
refuse (NULL or repeated keys), as in a warehouse restored from an export, so
the copy's tables are rebuilt without constraints first.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import query

from expectations.suites import QualityChecks, build_suites
from expectations.validate import ValidationReport

pytestmark = pytest.mark.slow

WINDOW_START, WINDOW_END = dt.date(2016, 12, 1), dt.date(2016, 12, 31)
CHECKS = QualityChecks(WINDOW_START, WINDOW_END, max_event_age_days=365, min_events_per_run=1)
CHUNK_ROWS = 4
"""Small enough that every suite's frame spans several chunks, and a duplicate may sit in another chunk."""
ID_COLUMNS = {"documents": "doc_id", "events": "event_id", "quantities": "quantity_id", "runs": "run_id"}


@dataclass(frozen=True)
class Injection:
    """Rows that break one expectation."""

    expectation: str
    """The expectation they break."""
    sql: tuple[str, ...]
    """Statements adding them; $doc1..$doc3, $event1..$event3 and $quantity name template rows of the sample."""
    failing_ids: tuple[str | None, ...]
    """Ids the expectation must report (the injected rows, and an original row a duplicate collides with)."""
    outside_window: str | None = None
    """For expectations the sample itself fails (the window, background dates): SQL selecting every
    failing row, injected or from the sample."""


def _copy_document(new_id: str | None, **changes: str) -> str:
    replaced = {
        "doc_id": "NULL" if new_id is None else f"'{new_id}'",
        "content_sha256": f"'sha-{new_id}'",
        **changes,
    }
    columns = ", ".join(f"{value} AS {column}" for column, value in replaced.items())
    return f"INSERT INTO documents SELECT * REPLACE ({columns}) FROM documents WHERE doc_id = '$doc1'"


def _copy_event(new_id: str | None, rank: int, template: str = "$event1", **changes: str) -> str:
    replaced = {"event_id": "NULL" if new_id is None else f"'{new_id}'", "event_rank": str(rank), **changes}
    columns = ", ".join(f"{value} AS {column}" for column, value in replaced.items())
    return f"INSERT INTO events SELECT * REPLACE ({columns}) FROM events WHERE event_id = '{template}'"


def _copy_quantity(new_id: str, **changes: str) -> str:
    columns = ", ".join(
        f"{value} AS {column}" for column, value in {"quantity_id": f"'{new_id}'", **changes}.items()
    )
    return (
        f"INSERT INTO quantities SELECT * REPLACE ({columns}) FROM quantities WHERE quantity_id = '$quantity'"
    )


def _copy_mention(doc_id: str, **changes: str) -> str:
    """A copy of a resolved place mention of the sample, as the mention of document ``doc_id``."""
    columns = ", ".join(
        f"{value} AS {column}" for column, value in {"doc_id": f"'{doc_id}'", **changes}.items()
    )
    return (
        f"INSERT INTO place_mentions SELECT * REPLACE ({columns}) FROM place_mentions "
        "WHERE geonameid IS NOT NULL AND latitude IS NOT NULL ORDER BY doc_id, start_char LIMIT 1"
    )


INJECTIONS = (
    Injection("documents.doc_id_not_null", (_copy_document(None),), (None,)),
    Injection(
        "documents.doc_id_unique",
        (
            "INSERT INTO documents SELECT * REPLACE ('sha-copy' AS content_sha256) FROM documents WHERE doc_id = '$doc2'",
        ),
        ("$doc2", "$doc2"),
    ),
    Injection(
        "documents.content_sha256_unique_per_source",
        (
            "INSERT INTO documents SELECT * REPLACE ('same-content' AS doc_id) FROM documents WHERE doc_id = '$doc3'",
        ),
        ("$doc3", "same-content"),
    ),
    Injection(
        "documents.published_date_in_window",
        (_copy_document("published-2015", published_date="DATE '2015-03-01'"),),
        ("published-2015",),
        outside_window="SELECT doc_id FROM documents WHERE published_date NOT BETWEEN $start AND $end",
    ),
    Injection(
        "documents.published_date_source_in_set",
        (_copy_document("guessed-date", published_date_source="'guessed'"),),
        ("guessed-date",),
    ),
    Injection("events.event_id_not_null", (_copy_event(None, 901),), (None,)),
    Injection("events.event_id_unique", (_copy_event("$event2", 902, "$event2"),), ("$event2", "$event2")),
    Injection(
        "events.doc_id_in_documents",
        (_copy_event("orphan-event", 903, doc_id="'no-such-doc'"),),
        ("orphan-event",),
    ),
    Injection(
        "events.date_start_not_after_date_end",
        # The template's own start (near its publication), and an end the day before it.
        (_copy_event("reversed-dates", 904, date_end="CAST(date_start - INTERVAL 1 DAY AS DATE)"),),
        ("reversed-dates",),
    ),
    Injection(
        "events.date_start_in_window",
        (_copy_event("starts-november", 905, date_start="DATE '2016-11-20'", date_end="DATE '2016-12-02'"),),
        ("starts-november",),
        outside_window="SELECT event_id FROM events WHERE date_start NOT BETWEEN $start AND $end",
    ),
    Injection(
        "events.date_end_in_window",
        (_copy_event("ends-january", 906, date_end="DATE '2017-01-02'"),),
        ("ends-january",),
        outside_window="SELECT event_id FROM events WHERE date_end NOT BETWEEN $start AND $end",
    ),
    Injection(
        "events.date_not_after_publication",
        (
            _copy_document("published-2015-06", published_date="DATE '2015-06-01'"),
            _copy_event("after-publication", 910, doc_id="'published-2015-06'"),
        ),
        ("after-publication",),
    ),
    Injection(
        "events.date_not_long_before_publication",
        (
            _copy_document("published-2018", published_date="DATE '2018-01-01'"),
            _copy_event("long-before-publication", 911, doc_id="'published-2018'"),
        ),
        ("long-before-publication",),
        outside_window="SELECT e.event_id FROM events e JOIN documents d USING (doc_id) "
        "WHERE coalesce(e.date_start, e.date_end) < d.published_date - 365",
    ),
    Injection(
        "events.trigger_in_sentence",
        (_copy_event("foreign-trigger", 907, trigger="'xyzzyq'"),),
        ("foreign-trigger",),
    ),
    Injection(
        "events.actor_not_pronoun", (_copy_event("pronoun-actor", 908, actor="' They '"),), ("pronoun-actor",)
    ),
    Injection(
        "events.place_not_pronoun",
        (_copy_event("relative-place", 909, place="'Which'"),),
        ("relative-place",),
    ),
    Injection("events.event_rank_at_least_1", (_copy_event("rank-zero", 0),), ("rank-zero",)),
    Injection(
        "events.event_rank_unique_per_document",
        (
            "INSERT INTO events SELECT * REPLACE ('same-rank' AS event_id) FROM events WHERE event_id = '$event3'",
        ),
        ("$event3", "same-rank"),
    ),
    Injection(
        "events.event_type_in_set", (_copy_event("fight-type", 920, event_type="'FIGHT'"),), ("fight-type",)
    ),
    Injection(
        "events.actor_country_iso_alpha3",
        (_copy_event("alpha2-actor", 921, actor_country="'SY'"),),
        ("alpha2-actor",),
    ),
    Injection(
        "events.target_country_iso_alpha3",
        (_copy_event("cameo-target", 922, target_country="'ITL'"),),
        ("cameo-target",),
    ),
    Injection(
        "events.actor_sector_in_vocabulary",
        (_copy_event("elite-actor", 923, actor_sector="'ELI'"),),
        ("elite-actor",),
    ),
    Injection(
        "events.target_sector_in_vocabulary",
        (_copy_event("soldier-target", 924, target_sector="'SOLDIER'"),),
        ("soldier-target",),
    ),
    Injection(
        "events.actor_not_target",
        (_copy_event("self-target", 925, actor="'The Army'", target="'the army '"),),
        ("self-target",),
    ),
    Injection(
        "quantities.percent_between_0_and_100",
        (_copy_quantity("120-percent", value="120.0", unit="'percent'"),),
        ("120-percent",),
    ),
    Injection(
        "quantities.value_not_negative",
        (_copy_quantity("negative", value="-5.0", unit="'person'"),),
        ("negative",),
    ),
    Injection(
        "quantities.unit_in_vocabulary", (_copy_quantity("furlongs", unit="'furlong'"),), ("furlongs",)
    ),
    Injection(
        "quantities.event_id_in_events",
        (_copy_quantity("orphan-quantity", event_id="'no-such-event'"),),
        ("orphan-quantity",),
    ),
    Injection(
        "events.place_geonameid_in_place_mentions",
        (_copy_event("unmentioned-place", 926, place_geonameid="-1"),),
        ("unmentioned-place",),
    ),
    Injection(
        "place_mentions.latitude_in_range",
        (_copy_mention("north-of-the-pole", latitude="95.0"),),
        ("north-of-the-pole",),
    ),
    Injection(
        "place_mentions.longitude_in_range",
        (_copy_mention("east-of-the-dateline", longitude="200.0"),),
        ("east-of-the-dateline",),
    ),
    Injection(
        "place_mentions.unresolved_share_per_run",
        (_copy_mention("unresolved-names", run_id="'run-of-unknown-names'", name="NULL"),),
        ("unresolved-names",),
    ),
    Injection(
        "incidents.has_an_event",
        ("INSERT INTO incidents SELECT * REPLACE ('empty-incident' AS incident_id) FROM incidents LIMIT 1",),
        ("empty-incident",),
    ),
    Injection(
        "incidents.span_within_tolerance",
        (
            _copy_event("stretched-member", 930),
            "INSERT INTO incidents SELECT * REPLACE ('stretched-incident' AS incident_id, "
            "CAST(date_start + 30 AS DATE) AS date_end) FROM incidents LIMIT 1",
            "INSERT INTO incident_events VALUES ('stretched-incident', 'stretched-member', '$doc1', 1.0, 'first report')",
        ),
        ("stretched-incident",),
    ),
    Injection(
        "incident_events.event_in_one_incident",
        (
            "INSERT INTO incident_events SELECT * REPLACE ('stretched-incident' AS incident_id) "
            "FROM incident_events WHERE event_id = '$member'",
        ),
        ("$member", "$member"),
    ),
    Injection(
        "incident_events.event_id_in_events",
        (
            "INSERT INTO incident_events SELECT * REPLACE ('no-such-event' AS event_id) "
            "FROM incident_events WHERE event_id = '$member' AND incident_id <> 'stretched-incident'",
        ),
        ("no-such-event",),
    ),
    Injection(
        "incident_events.incident_id_in_incidents",
        (
            _copy_event("homeless-member", 931),
            "INSERT INTO incident_events VALUES ('no-such-incident', 'homeless-member', '$doc1', 1.0, 'first report')",
        ),
        ("homeless-member",),
    ),
    Injection(
        "runs.events_per_loading_run",
        (_copy_document("eventless", run_id="'run-without-events'"),),
        ("run-without-events",),
    ),
)


def test_every_expectation_has_an_injection() -> None:
    names = {s.name for s in build_suites(CHECKS)}
    assert {i.expectation for i in INJECTIONS} == names


def _drop_constraints(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute(f"CREATE TABLE {table}_unconstrained AS SELECT * FROM {table}")
    con.execute(f"DROP TABLE {table}")
    con.execute(f"ALTER TABLE {table}_unconstrained RENAME TO {table}")


def _resolve(text: str, templates: dict[str, str]) -> str:
    """``text`` with the template names and the window bounds filled in."""
    for name, value in sorted(templates.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(name, value)
    return text.replace("$start", f"DATE '{WINDOW_START}'").replace("$end", f"DATE '{WINDOW_END}'")


@dataclass(frozen=True)
class Validated:
    """The injected warehouse after one validation."""

    db: Path
    report: ValidationReport
    templates: dict[str, str]
    chunked_report: ValidationReport
    """The same injected rows validated CHUNK_ROWS rows at a time (in a copy of the warehouse)."""

    def resolve(self, text: str) -> str:
        return _resolve(text, self.templates)


@pytest.fixture(scope="module")
def injected(seeded_warehouse_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Validated:
    from expectations.validate import validate_warehouse  # imports Great Expectations

    db = tmp_path_factory.mktemp("injected") / "injected.duckdb"
    shutil.copy(seeded_warehouse_master, db)
    con = duckdb.connect(str(db))
    try:
        docs = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 3").fetchall()]
        # Template events: clean, dated inside the window (after its first day, so the day before is
        # too), each in a different document.
        events = [
            r[0]
            for r in con.execute(
                "SELECT arg_min(event_id, event_id) FROM events WHERE dq_status = 'pass' "
                "AND date_start > ? AND date_start <= ? AND date_end BETWEEN ? AND ? "
                "GROUP BY doc_id ORDER BY 1 LIMIT 3",
                [WINDOW_START, WINDOW_END, WINDOW_START, WINDOW_END],
            ).fetchall()
        ]
        quantity = con.execute("SELECT min(quantity_id) FROM quantities WHERE unit <> 'percent'").fetchone()
        assert len(docs) == 3 and len(events) == 3 and quantity and quantity[0]
        templates = {f"$doc{i + 1}": d for i, d in enumerate(docs)}
        templates |= {f"$event{i + 1}": e for i, e in enumerate(events)}
        templates["$quantity"] = quantity[0]
        # An event of a joined incident (the sample corpus has some), the last by id.
        member = con.execute(
            "SELECT max(event_id) FROM incident_events WHERE incident_id IN "
            "(SELECT incident_id FROM incidents WHERE event_count > 1)"
        ).fetchone()
        assert member and member[0]
        templates["$member"] = member[0]
        for table in ("documents", "events", "quantities", "incident_events"):
            _drop_constraints(con, table)
        for injection in INJECTIONS:
            for statement in injection.sql:
                con.execute(_resolve(statement, templates))
        con.execute("CHECKPOINT")
        chunked_db = db.with_name("chunked.duckdb")
        shutil.copy(db, chunked_db)
        report = validate_warehouse(
            con,
            run_id="injected",
            checks=CHECKS,
            docs_dir=db.parent / "docs",
        )
    finally:
        con.close()
    with duckdb.connect(str(chunked_db)) as chunked:
        chunked_report = validate_warehouse(
            chunked,
            run_id="injected",
            checks=CHECKS,
            chunk_rows=CHUNK_ROWS,
        )
    return Validated(db, report, templates, chunked_report)


def _sorted_ids(ids: list[str | None] | tuple[str | None, ...]) -> list[str | None]:
    return sorted(ids, key=lambda i: (i is None, i or ""))


@pytest.mark.parametrize("injection", INJECTIONS, ids=lambda i: i.expectation)
def test_exactly_the_injected_rows_fail(injected: Validated, injection: Injection) -> None:
    outcomes = {o.spec.name: o for o in injected.report.outcomes}
    outcome = outcomes[injection.expectation]
    expected = [None if i is None else injected.resolve(i) for i in injection.failing_ids]
    if injection.outside_window:
        outside = [r[0] for r in query(injected.db, injected.resolve(injection.outside_window))]
        assert set(expected) <= set(outside)  # the injected rows, and any sample row already outside it
        expected = outside
    assert not outcome.success
    assert _sorted_ids(outcome.failing_ids) == _sorted_ids(expected)

    stored = query(
        injected.db,
        "SELECT severity, success, unexpected_count, failing_ids FROM validation_results "
        "WHERE run_id = 'injected' AND expectation = ?",
        [injection.expectation],
    )
    assert len(stored) == 1
    severity, success, count, failing_ids = stored[0]
    assert severity == outcome.spec.severity and not success and count == len(expected)
    assert _sorted_ids(failing_ids) == _sorted_ids(expected)

    table = outcome.spec.suite
    if table in ("runs", "place_mentions", "incidents", "incident_events"):
        return  # table-level, or a table without flags: reported, no row to flag
    id_column = ID_COLUMNS[table]
    flagged = query(
        injected.db,
        f"SELECT {id_column} FROM {table} WHERE list_contains(dq_failed, ?)",
        [injection.expectation],
    )
    assert _sorted_ids([r[0] for r in flagged]) == _sorted_ids(expected)
    injected_rows = query(
        injected.db,
        f"SELECT dq_status, dq_failed FROM {table} WHERE {id_column} IS NOT DISTINCT FROM ?",
        [None if injection.failing_ids[-1] is None else injected.resolve(injection.failing_ids[-1])],
    )
    status = "fail" if outcome.spec.severity == "critical" else "warn"
    assert injected_rows and all(row == (status, [injection.expectation]) for row in injected_rows)


def test_validating_in_chunks_gives_the_outcomes_of_one_frame(injected: Validated) -> None:
    """Chunks are validated apart; uniqueness and references still compare rows across the whole table."""

    def summary(report: ValidationReport) -> list[tuple[object, ...]]:
        return [
            (
                o.spec.name,
                o.success,
                o.element_count,
                o.unexpected_count,
                round(o.unexpected_percent, 9),
                o.failing_ids,
            )
            for o in report.outcomes
        ]

    counts = query(
        injected.db,
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM quantities)",
    )[0]
    assert min(counts) > 2 * CHUNK_ROWS
    assert summary(injected.chunked_report) == summary(injected.report)
    assert {o.spec.name for o in injected.chunked_report.failed} == {i.expectation for i in INJECTIONS}


def test_no_expectation_fails_without_an_injection(injected: Validated) -> None:
    """Every failure is explained: the sample corpus itself fails only the window and background-date ones."""
    failed = {o.spec.name for o in injected.report.failed}
    assert failed == {i.expectation for i in INJECTIONS}
    assert injected.report.critical_failed


def test_clean_views_hold_no_flagged_row(injected: Validated) -> None:
    assert query(
        injected.db, "SELECT count(*) FROM events_clean WHERE dq_status <> 'pass' OR len(dq_failed) > 0"
    ) == [(0,)]
    assert query(injected.db, "SELECT count(*) FROM events_clean") == query(
        injected.db, "SELECT count(*) FROM events WHERE dq_status = 'pass'"
    )
    assert query(injected.db, "SELECT count(*) FROM documents_clean WHERE dq_status <> 'pass'") == [(0,)]
    assert query(
        injected.db,
        "SELECT count(*) FROM quantities_clean q WHERE q.dq_status <> 'pass' "
        "OR q.event_id NOT IN (SELECT event_id FROM events_clean)",
    ) == [(0,)]
    # Nothing was deleted: every injected and flagged row is still in its table.
    assert query(injected.db, "SELECT count(*) FROM events WHERE dq_status = 'fail'")[0][0] >= 7


def test_data_docs_are_built_for_the_validation(injected: Validated) -> None:
    docs = injected.db.parent / "docs"
    index = (docs / "index.html").read_text(encoding="utf-8")
    for suite in ("documents", "events", "quantities", "runs"):
        pages = list((docs / "validations" / suite / "injected").rglob("*.html"))
        assert len(pages) == 1, suite
        assert f"validations/{suite}/injected/" in index
    events_page = next((docs / "validations" / "events" / "injected").rglob("*.html")).read_text(
        encoding="utf-8"
    )
    assert "orphan-event" in events_page  # failing rows are listed by id
