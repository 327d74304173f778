"""Coded events in the warehouse (issue 15): migration 010's columns and views, and the sample corpus coded."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import query

from extractors.vocabulary import PLOVER_CATEGORIES

CODED_COLUMNS = (
    "event_type",
    "cameo_code",
    "plover_mode",
    "target",
    "actor_name",
    "actor_country",
    "actor_sector",
    "target_country",
    "target_sector",
)


def test_the_coded_columns_are_commented_on_the_table_and_every_view_that_shows_them(
    fresh_warehouse: Path,
) -> None:
    rows = query(
        fresh_warehouse,
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE table_name IN ('events', 'events_clean', 'fact_events', 'dim_actors', 'dim_event_types')",
    )
    columns = {(table, column): comment for table, column, comment in rows}
    for table in ("events", "events_clean", "fact_events"):
        for column in CODED_COLUMNS:
            assert columns.get((table, column)), f"{table}.{column} has no comment"
    for column in ("actor_name", "actor_country", "actor_sector"):
        assert columns.get(("dim_actors", column))
    assert all(comment for (table, _), comment in columns.items() if table != "events"), (
        "a view column lacks a comment"
    )


def test_dim_event_types_lists_the_sixteen_categories_with_definitions(fresh_warehouse: Path) -> None:
    rows = query(fresh_warehouse, "SELECT category, definition, event_count FROM dim_event_types")
    assert sorted(r[0] for r in rows) == sorted(PLOVER_CATEGORIES)
    assert all(len(definition) > 20 and count == 0 for _, definition, count in rows)


@pytest.mark.slow
def test_the_sample_lead_is_coded_syrian_armed_forces_with_a_type(seeded_warehouse_master: Path) -> None:
    rows = query(
        seeded_warehouse_master,
        """SELECT e.event_type, e.cameo_code, e.actor_country, e.actor_sector, e.actor_name
           FROM events e JOIN documents d USING (doc_id)
           WHERE d.source_name = '002_bf4136b5d83f17ff.txt' AND e.trigger = 'regained'""",
    )
    assert len(rows) == 1
    event_type, cameo_code, country, sector, name = rows[0]
    assert event_type in PLOVER_CATEGORIES and cameo_code is not None
    assert (country, sector) == ("SYR", "MIL")
    assert name is not None


@pytest.mark.slow
def test_no_civilian_displacement_of_the_sample_is_an_assault(seeded_warehouse_master: Path) -> None:
    rows = query(
        seeded_warehouse_master,
        "SELECT trigger, event_type FROM events WHERE action IN ('flee', 'displace', 'evacuate', 'pour') "
        "OR actor_sector = 'CVL'",
    )
    assert any(trigger == "fled" for trigger, _ in rows)
    assert [r for r in rows if r[1] == "ASSAULT"] == []


@pytest.mark.slow
def test_the_bi_views_count_the_coded_events(seeded_warehouse_master: Path) -> None:
    typed = query(
        seeded_warehouse_master, "SELECT count(*) FROM events_counted WHERE event_type IS NOT NULL"
    )[0][0]
    assert typed > 0
    assert query(seeded_warehouse_master, "SELECT sum(event_count) FROM dim_event_types")[0][0] == typed
    assert (
        query(seeded_warehouse_master, "SELECT count(*) FROM fact_events WHERE event_type IS NOT NULL")[0][0]
        == typed
    )


@pytest.mark.slow
def test_the_bi_views_count_only_what_happened_was_announced_or_refused(
    seeded_warehouse_master: Path,
) -> None:
    by_modality = dict(
        query(seeded_warehouse_master, "SELECT modality, count(*) FROM events_clean GROUP BY modality")  # type: ignore[arg-type]
    )
    uncounted = sum(
        n for modality, n in by_modality.items() if modality not in ("asserted", "future", "refused")
    )
    assert uncounted > 0, "the sample corpus has negated or hypothetical events"
    assert query(seeded_warehouse_master, "SELECT count(*) FROM fact_events")[0][0] == (
        sum(by_modality.values()) - uncounted
    )
    assert query(
        seeded_warehouse_master,
        "SELECT count(*) FROM fact_events WHERE modality IN ('negated', 'hypothetical', 'attempted')",
    ) == [(0,)]
    assert (
        query(seeded_warehouse_master, "SELECT sum(event_count) FROM dim_actors")[0][0]
        == (
            query(seeded_warehouse_master, "SELECT count(*) FROM events_counted WHERE actor IS NOT NULL")[0][
                0
            ]
        )
    )
