"""Clean views carry their base tables' column comments, so the two cannot drift apart."""

from __future__ import annotations

from pathlib import Path

from warehouse.db import CLEAN_VIEW_OWN_COMMENTS, inherit_clean_view_comments, open_warehouse

PAIRS = (
    "SELECT v.table_name, v.column_name, v.comment, b.comment FROM duckdb_columns() v "
    "JOIN duckdb_columns() b ON b.table_name = replace(v.table_name, '_clean', '') "
    "AND b.column_name = v.column_name WHERE v.table_name LIKE '%\\_clean' ESCAPE '\\'"
)


def test_a_clean_views_columns_say_what_their_base_columns_say(fresh_warehouse: Path) -> None:
    with open_warehouse(fresh_warehouse) as con:
        pairs = con.execute(PAIRS).fetchall()
    assert {view for view, *_ in pairs} == {"documents_clean", "events_clean", "quantities_clean"}
    for view, column, view_comment, base_comment in pairs:
        if column in CLEAN_VIEW_OWN_COMMENTS:
            assert view_comment and view_comment != base_comment and "in this view" in view_comment
        else:
            assert view_comment == base_comment, f"{view}.{column}"


def test_a_reworded_base_comment_reaches_the_view(fresh_warehouse: Path) -> None:
    with open_warehouse(fresh_warehouse) as con:
        con.execute(
            "COMMENT ON COLUMN events.trigger IS 'The word that expresses the event, as it''s written'"
        )
        con.execute("COMMENT ON COLUMN events.dq_status IS 'reworded'")
        inherit_clean_view_comments(con)
        comments = dict(
            con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'events_clean' "
                "AND column_name IN ('trigger', 'dq_status')"
            ).fetchall()
        )
    assert comments["trigger"] == "The word that expresses the event, as it's written"
    assert comments["dq_status"] == "Always pass in this view (validated, no expectation failed)."
