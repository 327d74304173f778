"""Compare the extraction output of two warehouses row by row: same inputs, same events?

    python bench/compare_events.py BEFORE.duckdb AFTER.duckdb [--show 20]

Compares every event column that extraction decides (not ids, run ids or timestamps), each
event's quantities, and the document fields extraction sets. Prints the rows found on one side
only and exits 1 when there are any, 0 when the two outputs are identical. Refactorings are
checked with it: a difference must be explained by a named bug fix.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import duckdb

DOCUMENT_KEY = "regexp_extract(d.source_uri, '[^/]*$') || '#' || coalesce(d.external_id, '') AS document"
"""A document named by its file name and record id: ``doc_id`` and ``source_uri`` also hold the folder
as it was given, which differs between two checkouts or between a relative and an absolute path.
(Two files of one name in different folders stay two rows: ``EXCEPT ALL`` counts duplicates.)"""

EVENT_COLUMNS = (
    f"{DOCUMENT_KEY}, start_char, end_char, sentence, trigger, action, actor, actor_type, place, place_name, "
    "place_country_code, round(place_latitude, 4) AS place_latitude, "
    "round(place_longitude, 4) AS place_longitude, date_start, date_end, date_text, date_granularity, "
    "date_source, event_rank, modality, attribution, media_seconds, e.dq_status, "
    "list_sort(e.dq_failed) AS dq_failed"
)
"""What an event row says, with coordinates rounded to ~10 m so float noise is not a difference."""

QUANTITY_COLUMNS = f"{DOCUMENT_KEY}, e.start_char, e.trigger, q.value, q.unit, q.text, q.is_approximate, q.out_of, q.dq_status"
DOCUMENT_COLUMNS = (
    f"{DOCUMENT_KEY}, title, publisher, url, published_date, published_date_source, format, text"
)

HIDDEN = ("document", "sentence", "text")
"""Columns left out when a difference is printed (long, or differing between copies of one text)."""

RELATIONS = {
    "events": f"SELECT {EVENT_COLUMNS} FROM {{db}}.events e JOIN {{db}}.documents d ON d.doc_id = e.doc_id",
    "quantities": (
        f"SELECT {QUANTITY_COLUMNS} FROM {{db}}.quantities q JOIN {{db}}.events e USING (event_id) "
        "JOIN {db}.documents d ON d.doc_id = e.doc_id"
    ),
    "documents": f"SELECT {DOCUMENT_COLUMNS} FROM {{db}}.documents d",
}


def hashable(value: object) -> object:
    """``value`` with lists made tuples, so that a row can be counted."""
    return tuple(value) if isinstance(value, list) else value


def differences(before: str, after: str, *, show: int) -> int:
    """Print each relation's one-sided rows; return how many there are in all."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS before_db (READ_ONLY)")
    con.execute(f"ATTACH '{after}' AS after_db (READ_ONLY)")
    total = 0
    for name, template in RELATIONS.items():
        old, new = template.format(db="before_db"), template.format(db="after_db")
        count_old = con.execute(f"SELECT count(*) FROM ({old})").fetchone()[0]  # type: ignore[index]
        count_new = con.execute(f"SELECT count(*) FROM ({new})").fetchone()[0]  # type: ignore[index]
        gone = con.execute(f"SELECT * FROM ({old} EXCEPT ALL {new}) ORDER BY ALL").fetchall()
        added = con.execute(f"SELECT * FROM ({new} EXCEPT ALL {old}) ORDER BY ALL").fetchall()
        total += len(gone) + len(added)
        print(f"{name}: {count_old} -> {count_new} rows; only before {len(gone)}, only after {len(added)}")
        columns = [d[0] for d in con.execute(f"SELECT * FROM ({old}) LIMIT 0").description]
        for label, rows in (("-", gone), ("+", added)):
            # Copies of one document differ the same way: print each distinct difference once, counted.
            distinct = Counter(
                tuple((c, hashable(v)) for c, v in zip(columns, row, strict=True) if c not in HIDDEN)
                for row in rows
            )
            for shown, count in sorted(distinct.items(), key=str)[:show]:
                print(f"  {label} {count}x {dict(shown)}")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--show", type=int, default=20, help="rows to print per side and relation")
    args = parser.parse_args(argv)
    return 1 if differences(args.before, args.after, show=args.show) else 0


if __name__ == "__main__":
    sys.exit(main())
